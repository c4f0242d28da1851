"""`llorch sessions`: list, show, search, export and remove saved conversations."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Optional

import typer

from llorch.cli import complete
from llorch.cli._common import ROW_ID_MAX, load_settings, math_as_text, stderr_console, stdout_console, write_out

__all__ = ["app"]

app = typer.Typer(help="List, show, search, export and remove saved chat sessions.", no_args_is_help=True)


def _when(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


@app.command("list")
def list_cmd(
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="Most sessions to show."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Saved sessions, most recent first.

    \b
    Example: llorch sessions list
    """
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        rows = store.list_sessions(limit)
    if as_json:
        write_out(json.dumps([{"id": s.id, "title": s.title, "model": s.model, "messages": s.message_count,
                               "updated_at": s.updated_at} for s in rows], indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("ID", "UPDATED", "MSGS", "MODEL", "TITLE"):
        table.add_column(col)
    for s in rows:
        table.add_row(str(s.id), _when(s.updated_at), str(s.message_count), s.model, s.title)
    stdout_console().print(table)


@app.command("show")
def show_cmd(session_id: int = typer.Argument(..., metavar="ID", autocompletion=complete.sessions, min=1, max=ROW_ID_MAX)) -> None:
    """Print a session's messages.

    \b
    Example: llorch sessions show 3
    """
    from llorch.chat.export import export_session
    from llorch.chat.mathtext import plain_math
    from llorch.store import open_store

    paths, config = load_settings()
    with open_store(paths) as store:
        text = export_session(store, session_id, "md")
    write_out(plain_math(text) if math_as_text(config) else text)  # on a terminal, math as the chat showed it


@app.command("search")
def search_cmd(text: str = typer.Argument(..., help="Words to find (full-text search)."),
               limit: int = typer.Option(50, "--limit", "-n", min=1)) -> None:
    """Find messages across all sessions.

    \b
    Example: llorch sessions search "flash attention"
    """
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        hits = store.search(text, limit)
    if not hits:
        stderr_console().print(f"no messages match {text!r}", markup=False)
        raise typer.Exit(1)
    for message, snippet in hits:
        write_out(f"#{message.session_id}  {message.role:<9} {' '.join(snippet.split())}\n")


def _check_format(value: str) -> str:
    """--format: md or json in any case; anything else is a usage error, exit 2 (it exited 1, and JSON was refused)."""
    from llorch.chat.export import FORMATS

    if value.lower() not in FORMATS:
        raise typer.BadParameter(f"give {' or '.join(FORMATS)}, not {value!r}")
    return value.lower()


@app.command("export")
def export_cmd(
    session_id: int = typer.Argument(..., metavar="ID", autocompletion=complete.sessions, min=1, max=ROW_ID_MAX),
    fmt: str = typer.Option("md", "--format", "-f", metavar="md|json", callback=_check_format, help="md or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Export a session as Markdown or JSON.

    \b
    Example: llorch sessions export 3 --format json -o chat.json
    """
    from llorch.chat.export import export_session
    from llorch.errors import InputError
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        text = export_session(store, session_id, fmt)
    if output is None:
        write_out(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        from llorch.userfiles import write_failure

        raise InputError(f"cannot write {output}: {write_failure(exc)}") from None
    stderr_console().print(f"wrote {output}", markup=False)


@app.command("rm")
def rm_cmd(session_id: int = typer.Argument(..., metavar="ID", autocompletion=complete.sessions, min=1, max=ROW_ID_MAX)) -> None:
    """Delete a session and its messages.

    \b
    Example: llorch sessions rm 3
    """
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        store.delete_session(session_id)
    stderr_console().print(f"removed session {session_id}", markup=False)
