"""An MCP server over stdio that offers the tools a profile enables, with its permissions.

Built on the SDK's low-level `Server`, so each tool's own JSON schema is advertised as its
`inputSchema`. A call goes through `ToolBox.call` (the profile's enabled tools, write
permissions and read roots, relative to the directory the server was started in), exactly
as `llorch tool NAME` does. A `LlorchError` comes back as a tool error result (`isError`)
with its one-line message, so the client (or its model) can correct itself; the server
goes on. stdout is the transport: nothing else is ever written to it, logs go to stderr.

Run it as `llorch mcp serve --profile dev`, or `python -m llorch.mcp.server --profile dev`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections.abc import Mapping
from typing import Any

import anyio
import anyio.to_thread
import mcp_types as types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server

import llorch
from llorch.config import load_config, resolve_paths
from llorch.errors import LlorchError, ToolPermissionError
from llorch.profiles import Profile, load_profile
from llorch.tools.base import Tool, shown_parameters
from llorch.tools.calls import ToolBox

__all__ = ["ToolService", "build_server", "line_error", "load_service", "main", "serve_stdio"]

log = logging.getLogger("llorch.mcp")

SERVER_NAME = "llorch"


class ToolService:
    """One profile's tools as MCP sees them: their listing, and calls that never raise a LlorchError."""

    def __init__(self, box: ToolBox, profile: Profile) -> None:
        self.box = box
        self.profile = profile
        self._lock = threading.Lock()  # one call at a time, as in the CLI: the calendar writes its file

    def offered(self) -> list[Tool]:
        """The tools a client may call: those the profile enables, and those it names for exact steps only
        (`tools.exact`: kept out of its own model's decisions to keep them short, which is no concern of a
        client's — `dev` names its developer tools there)."""
        tools = self.box.enabled(self.profile.tools)
        names = {tool.name for tool in tools}
        return tools + [self.box.registry.get(n) for n in self.profile.tools.exact if n not in names]

    def tools(self) -> list[types.Tool]:
        """The tools offered, each with its own JSON schema as `inputSchema`."""
        return [types.Tool(name=tool.name, description=tool.description, input_schema=_plain(shown_parameters(tool.parameters)))
                for tool in self.offered()]

    def call(self, name: str, arguments: Mapping[str, Any] | None) -> types.CallToolResult:
        """Run a tool; a refusal or a failure is an error result carrying its one-line message. A name the
        profile does not enable is refused naming only the tools it does: a client sees what is offered, no more."""
        try:
            offered = [tool.name for tool in self.offered()]
            if name not in offered:
                raise ToolPermissionError(f"tool {name!r} is not enabled in profile {self.profile.name!r} "
                                          f"(its tools: {', '.join(offered) or 'none'})")
            with self._lock:
                result = self.box.call(self.profile.tools, name, dict(arguments or {}), profile=self.profile.name)
        except LlorchError as exc:
            log.info("tool %s refused or failed: %s", name, exc)
            return types.CallToolResult(content=[types.TextContent(text=str(exc))], is_error=True)
        return types.CallToolResult(
            content=[types.TextContent(text=result.text)], structured_content=_structured(result.data)
        )


def _plain(value: Any) -> Any:
    """JSON-ready plain values (dicts and lists), whatever mappings or odd scalars `value` holds."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _structured(data: Any) -> dict[str, Any] | None:
    """A result's data as MCP structured content: an object (other values wrapped as the SDK does)."""
    if data is None:
        return None
    plain = _plain(data)
    return plain if isinstance(plain, dict) else {"result": plain}


def build_server(service: ToolService) -> Server[Any]:
    """The low-level MCP server with `tools/list` and `tools/call` served by `service`."""

    async def list_tools(ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=service.tools())

    async def call_tool(ctx: ServerRequestContext[Any], params: types.CallToolRequestParams) -> types.CallToolResult:
        # Tools read files and walk trees: off the event loop, so pings and other requests still answer.
        return await anyio.to_thread.run_sync(service.call, params.name, params.arguments)

    return Server(
        SERVER_NAME,
        version=llorch.__version__,
        description=f"llorch's built-in tools, as profile {service.profile.name!r} allows them",
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )


def load_service(profile_name: str | None) -> ToolService:
    """The service for a profile by name, or for config's default_profile when None."""
    paths = resolve_paths()
    profile = load_profile(profile_name or load_config(paths).default_profile, paths)
    return ToolService(ToolBox(paths), profile)


def line_error(exc: Exception) -> types.JSONRPCError | None:
    """The JSON-RPC answer to a line that is not a message (what the SDK's reader hands on as an exception):
    -32700 for text that is not JSON, -32600 for JSON that is not a request; None for a blank line.
    The id is the line's own when it has one, else null (JSON-RPC 2.0, section 5.1)."""
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError):
        return types.JSONRPCError(jsonrpc="2.0", id=None,
                                  error=types.ErrorData(code=types.INTERNAL_ERROR, message="the message could not be read"))
    errors = exc.errors()
    if errors and errors[0]["type"] == "json_invalid":
        if isinstance(errors[0].get("input"), str) and not errors[0]["input"].strip():
            return None
        return types.JSONRPCError(jsonrpc="2.0", id=None, error=types.ErrorData(
            code=types.PARSE_ERROR, message="Parse error: the line is not JSON"))
    given: str | int | None = None
    for error in errors:  # the envelope's own fields (not those inside params) carry the whole message as input
        value = error.get("input")
        if len(error["loc"]) <= 2 and isinstance(value, dict):
            candidate = value.get("id")
            if isinstance(candidate, (str, int)) and not isinstance(candidate, bool):
                given = candidate
                break
    return types.JSONRPCError(jsonrpc="2.0", id=given, error=types.ErrorData(
        code=types.INVALID_REQUEST, message="Invalid Request: not a JSON-RPC 2.0 request, notification or response"))


async def _serve(server: Server[Any]) -> None:
    from mcp.shared.message import SessionMessage

    async with stdio_server() as (read_stream, write_stream):
        # The SDK's reader hands a line that is not a message on as an exception, which its server drops
        # without a word; answered here, so a client learns what was wrong instead of waiting.
        send, receive = anyio.create_memory_object_stream[SessionMessage | Exception](0)

        async def screen() -> None:
            async with send:
                async for item in read_stream:
                    if not isinstance(item, Exception):
                        await send.send(item)
                        continue
                    error = line_error(item)
                    log.info("a line that is not a JSON-RPC message: %s", error.error.message if error else "blank")
                    if error is not None:
                        await write_stream.send(SessionMessage(error))

        async with anyio.create_task_group() as tg:
            tg.start_soon(screen)
            await server.run(receive, write_stream, server.create_initialization_options())
            tg.cancel_scope.cancel()


def serve_stdio(profile_name: str | None) -> None:
    """Serve the profile's tools over stdin/stdout until the client closes stdin.

    Raises:
        LlorchError: the profile (or config.toml) cannot be loaded; raised before serving starts.
    """
    service = load_service(profile_name)
    log.info("MCP server on stdio: profile %s, tools %s", service.profile.name,
             ", ".join(t.name for t in service.offered()) or "none")
    anyio.run(_serve, build_server(service))


def main(argv: list[str] | None = None) -> int:
    """`python -m llorch.mcp.server [--profile NAME] [--verbose]`: the server without the CLI."""
    parser = argparse.ArgumentParser(prog="python -m llorch.mcp.server", description="Serve a profile's llorch tools over MCP on stdio.")
    parser.add_argument("--profile", "-p", metavar="NAME", help="profile whose tools to offer (default: config's default_profile)")
    parser.add_argument("--verbose", "-v", action="store_true", help="log each call to stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s")
    try:
        serve_stdio(args.profile)
    except LlorchError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
