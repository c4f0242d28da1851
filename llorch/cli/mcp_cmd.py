"""`llorch mcp serve`: offer a profile's tools to MCP clients (Claude Desktop, editors) over stdio;
`llorch mcp import`: take other clients' MCP servers into config.toml."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from llorch.cli import complete

__all__ = ["app"]

app = typer.Typer(help="Serve llorch's tools over the Model Context Protocol.", no_args_is_help=True)


@app.command("serve")
def serve_cmd(
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles,
                                          help="Profile whose tools and permissions apply (default: config's default_profile)."),
) -> None:
    """Serve the profile's tools over stdio (stdout is the protocol; notes go to stderr).

    Paths are read relative to the directory the server starts in, within the profile's read_roots.

    Register it with an MCP client as the command `llorch mcp serve --profile dev`.

    \b
    Example: llorch mcp serve --profile dev
    """
    from llorch.mcp.server import serve_stdio  # imports the mcp SDK: only when serving

    serve_stdio(profile)


@app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., metavar="FILE", help="A JSON file with an \"mcpServers\" object (Claude Desktop's, an editor's)."),
    replace: bool = typer.Option(False, "--replace", help="Overwrite servers of the same name already in config.toml."),
) -> None:
    """Copy MCP servers from another client's JSON ("mcpServers") into config.toml's [mcp.servers].

    \b
    Example: llorch mcp import ~/.config/Claude/claude_desktop_config.json
    """
    from llorch.cli._common import load_settings, stderr_console
    from llorch.config import _read_raw, _validate, write_toml_atomic
    from llorch.errors import InputError
    from llorch.userfiles import parse_json, read_regular

    try:
        raw = read_regular(file, what="JSON file")
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    try:
        data = parse_json(raw.decode("utf-8"), str(file))
    except UnicodeDecodeError as exc:
        raise InputError(f"{file} is not a readable JSON file ({exc})") from None
    servers = data.get("mcpServers") if isinstance(data, dict) else None
    if not isinstance(servers, dict) or not servers:
        raise InputError(f'{file} has no "mcpServers" object to import')
    paths, _config = load_settings()
    table = _read_raw(paths.config_file)
    existing = table.setdefault("mcp", {}).setdefault("servers", {})
    added, skipped = [], []
    for name, spec in servers.items():
        if name in existing and not replace:
            skipped.append(name)
            continue
        keep = {k: v for k, v in (spec or {}).items() if k in ("command", "args", "env", "url")} if isinstance(spec, dict) else spec
        existing[name] = keep
        added.append(name)
    _validate(table, f"{file} (as config.toml)")  # nothing is written unless all of it validates
    write_toml_atomic(paths.config_file, table)
    err = stderr_console()
    err.print(f"imported {len(added)} MCP server(s): {', '.join(added) or 'none'}"
              + (f"; kept the existing {', '.join(skipped)} (--replace overwrites)" if skipped else ""), markup=False)
    err.print('enable their tools in a profile: [tools] enabled = ["NAME.*"]', markup=False)
