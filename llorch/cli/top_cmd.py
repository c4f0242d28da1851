"""`llorch top`: a live view of every running llorch process; `--once` / `--json` for scripts."""

from __future__ import annotations

import json
import math
import sys
from typing import TYPE_CHECKING, Any

import typer

from llorch.cli._common import load_settings, stdout_console, write_out

if TYPE_CHECKING:
    from llorch.monitor import TopView

__all__ = ["register"]

NOTHING = "No llorch process is running.\n"


def top_command(
    once: bool = typer.Option(False, "--once", help="Print the tables once and exit (for scripts)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object once and exit."),
    interval: float = typer.Option(1.0, "--interval", min=0.2, max=60.0, help="Seconds between refreshes."),
) -> None:
    """Watch every running llorch process: models, slots, queue, tokens/s, KV cache, memory, breakers, last requests.

    Keys: o / c open or close the selected model's breaker (as `llorch breakers open/close`), u unloads the
    selected model from its process (when idle), r refreshes, q quits. It only reads what the processes
    publish each second, so watching costs them nothing. Without a terminal it prints once, as --once.

    Examples:

    \b
      llorch top
      llorch top --once
      llorch top --json | jq '.processes[].models[].model'
    """
    from llorch.monitor import Monitor

    paths, config = load_settings()
    monitor = Monitor(paths, config)
    try:
        if as_json:
            write_out(json.dumps(_json(monitor.read().to_dict())) + "\n")
        elif once or not (sys.stdin.isatty() and sys.stdout.isatty()):
            _print(monitor.read())
        else:
            from llorch.tui.top import TopApp

            TopApp(monitor, interval=interval).run()
    finally:
        monitor.close()


def _json(value: Any) -> Any:
    """Strict JSON: a breaker forced open waits for ever (inf), which JSON spells null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def _print(view: TopView) -> None:
    from rich.table import Table

    from llorch.monitor import (
        BREAKER_COLUMNS, MODEL_COLUMNS, PROCESS_COLUMNS, REQUEST_COLUMNS, breaker_cells, model_cells, process_cells,
        request_cells,
    )

    console = stdout_console()

    def table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        t = Table(box=None, pad_edge=False, header_style="bold")
        for column in columns:
            t.add_column(column, no_wrap=True)
        for row in rows:
            t.add_row(*row)
        console.print(t)

    if not view.processes:
        write_out(NOTHING)
    else:
        table(PROCESS_COLUMNS, [process_cells(p, view.at) for p in view.processes])
        if view.models:
            console.print()
            table(MODEL_COLUMNS, [model_cells(m) for m in view.models])
        if view.recent:
            console.print()
            table(REQUEST_COLUMNS, [request_cells(r, view.at) for r in view.recent[:10]])
    held = [b for b in view.breakers if b.state != "closed"]
    if held:  # worth a line even when nothing runs: the next process will skip these models
        console.print()
        table(BREAKER_COLUMNS, [breaker_cells(b) for b in held])


def register(app: typer.Typer) -> None:
    app.command("top")(top_command)
