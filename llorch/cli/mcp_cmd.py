"""`llorch mcp serve`: offer a profile's tools to MCP clients (Claude Desktop, editors) over stdio."""

from __future__ import annotations

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

    Example: llorch mcp serve --profile dev
    """
    from llorch.mcp.server import serve_stdio  # imports the mcp SDK: only when serving

    serve_stdio(profile)
