"""A tiny MCP server for the tests, written with the official SDK: a read tool and a write tool.

    python tiny_mcp_server.py NOTES_DIR [--crash | --hang] [--http PORT]

`--crash` makes the process exit on its first tool call; `--hang` makes every call wait forever.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mcp.server.mcpserver import MCPServer
from mcp_types import ToolAnnotations

notes = Path(sys.argv[1])
mode = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] in ("--crash", "--hang") else ""
server = MCPServer("tiny-notes")


def _misbehave() -> None:
    if mode == "--crash":
        os._exit(3)
    if mode == "--hang":
        while True:
            time.sleep(60)


@server.tool(annotations=ToolAnnotations(read_only_hint=True))
def read_note(name: str) -> str:
    """Read a note by name."""
    _misbehave()
    path = notes / f"{name}.txt"
    return path.read_text() if path.is_file() else f"no note called {name}"


@server.tool(annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False))
def write_note(name: str, text: str) -> str:
    """Write a note (creates or replaces it)."""
    _misbehave()
    (notes / f"{name}.txt").write_text(text)
    return f"saved {name}"


if __name__ == "__main__":
    if "--http" in sys.argv:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[sys.argv.index("--http") + 1]))
    else:
        server.run("stdio")
