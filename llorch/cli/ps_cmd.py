"""`llorch ps`: the models loaded by running llorch processes (chats, bulk runs, servers)."""

from __future__ import annotations

import json
from typing import Any

import typer

from llorch.cli._common import load_settings, stdout_console, write_out

__all__ = ["register"]


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def _until(row: dict[str, Any]) -> str:
    if row.get("pinned") or row.get("slots_busy"):
        return "in use"
    expires = row.get("expires_in_s")
    if expires is None:
        return "while the process runs"
    return f"{expires:.0f} s" if expires < 120 else f"{expires / 60:.0f} min"


def ps_command(as_json: bool = typer.Option(False, "--json", help="One JSON array, one object per process.")) -> None:
    """Show loaded models: instances, slots busy, queue, KV use and hit rate, memory, speed, drafts, breaker, keep-alive.

    Examples:

    \b
      llorch ps
      watch -n1 llorch ps
    """
    from llorch.orchestra.published import queue_text, read_all

    paths, config = load_settings()
    processes = read_all(paths.cache_dir)
    breakers = _breaker_states(paths, config, {m["model"] for p in processes for m in p.models})
    if as_json:
        data = [{"pid": p.pid, "command": p.command, "started": p.started, "updated": p.updated,
                 "models": [m | {"breaker": breakers.get(m["model"], "closed")} for m in p.models]} for p in processes]
        write_out(json.dumps(data) + "\n")
        return
    rows = [(p, m) for p in processes for m in p.models]
    if not rows:
        write_out("No models are loaded: no llorch chat, bulk run or server is running with a model.\n")
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("MODEL", "PID", "INSTANCES", "SLOTS", "QUEUE", "KV", "HIT", "MEMORY", "TOK/S", "DRAFTS", "BREAKER",
                   "UNLOADS"):
        table.add_column(column, no_wrap=True)
    for p, m in rows:
        kv = f"{m['kv_used']:,}/{m['kv_total']:,}" if m.get("kv_total") else "-"
        table.add_row(
            m["model"], str(p.pid), str(len(m.get("instances", [])) or 1), f"{m['slots_busy']}/{m['slots_total']}",
            queue_text(int(m["queued"]), int(m.get("queued_bulk", 0))), kv, f"{m['kv_hit_rate']:.0%}" if m.get("kv_total") else "-",
            _gib(m["memory_bytes"]) if m.get("memory_bytes") else "-", f"{m['tokens_per_s']:.1f}", _drafts(m),
            breakers.get(m["model"], "closed"), _until(m),
        )
    stdout_console().print(table)


def _drafts(row: dict[str, Any]) -> str:
    """Drafted tokens kept, of drafted (speculative decoding), e.g. "84% of 1,200"; "-" when none."""
    drafted = int(row.get("drafted", 0))
    return f"{row.get('accepted', 0) / drafted:.0%} of {drafted:,}" if drafted else "-"


def _breaker_states(paths: Any, config: Any, models: set[str]) -> dict[str, str]:
    """Each model's breaker state from the store (shared by every process); none when it cannot be read."""
    if not models:
        return {}
    from llorch.errors import StoreError
    from llorch.resilience.book import BreakerBook
    from llorch.store import open_store

    try:
        with open_store(paths) as store:
            return BreakerBook(store, config.breaker()).states(models)
    except StoreError:
        return {}


def register(app: typer.Typer) -> None:
    app.command("ps")(ps_command)
