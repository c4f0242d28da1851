"""MCP servers as llorch tools: `[mcp.servers.NAME]` in config.toml, each tool as `NAME.tool`.

A server starts on first use (stdio: `command` and `args`; or `url` for streamable HTTP)
and stays up for the process; its session lives on an event loop of its own thread, and
any thread calls it with a time limit. A server that fails to start, crashes or hangs
is an error naming it, never the end of the conversation; a circuit breaker per server
stops asking one that keeps failing. Its tools carry their own JSON schemas, so the
model's grammar and the argument checks work as for built-in tools; a tool the server
does not mark read-only changes things and needs the profile's write permission.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from llorch.errors import BreakerOpenError, ToolError, ToolNotFoundError
from llorch.settings.mcp import ServerSpec, parse_servers  # config.toml's [mcp.servers], parsed by config
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["MCPManager", "MCPTool", "ServerSpec", "parse_servers"]

log = logging.getLogger("llorch.mcp")

START_S = 30.0


@dataclass(frozen=True)
class MCPTool:
    """A server's tool, in llorch's Tool shape."""

    name: str  # SERVER.tool
    description: str
    parameters: Mapping[str, Any]
    writes: bool  # not marked read-only by its server: needs the profile's write permission
    server: str
    remote_name: str
    _manager: Any = field(repr=False, compare=False)
    positional: tuple[str, ...] = ()
    write_actions: tuple[str, ...] = ()

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        return self._manager.call(self.server, self.remote_name, dict(args))


class _Connection:
    """One server's session, on its own event loop thread."""

    def __init__(self, spec: ServerSpec) -> None:
        self.spec = spec
        self.loop: asyncio.AbstractEventLoop | None = None
        self.session: Any = None
        self.tools: list[Any] = []
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = concurrent.futures.Future[None]()
        self._thread = threading.Thread(target=self._main, name=f"llorch-mcp-{spec.name}", daemon=True)
        self._thread.start()

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # noqa: BLE001 - reported to whoever waits for the start
            if not self._ready.done():
                self._ready.set_exception(exc)
            else:
                log.info("MCP server %s stopped: %s", self.spec.name, exc)

    async def _serve(self) -> None:
        from contextlib import AsyncExitStack

        from mcp.client.session import ClientSession

        self.loop = asyncio.get_running_loop()
        self._task = asyncio.current_task()
        self._stop = asyncio.Event()
        async with AsyncExitStack() as stack:
            if self.spec.url is not None:
                from mcp.client.streamable_http import streamable_http_client

                streams = await stack.enter_async_context(streamable_http_client(self.spec.url))
            else:
                from mcp.client.stdio import StdioServerParameters, stdio_client

                params = StdioServerParameters(command=self.spec.command or "", args=list(self.spec.args),
                                               env=dict(self.spec.env) or None)
                errlog = _ErrLog(self.spec.name).file
                stack.callback(errlog.close)
                streams = await stack.enter_async_context(stdio_client(params, errlog=errlog))
            read, write = streams[0], streams[1]
            self.session = await stack.enter_async_context(ClientSession(read, write))
            await self.session.initialize()
            self.tools = list((await self.session.list_tools()).tools)
            self._ready.set_result(None)
            await self._stop.wait()

    def wait_started(self) -> None:
        try:
            self._ready.result(START_S)
        except concurrent.futures.TimeoutError:
            self.close()
            raise ToolError(f"MCP server {self.spec.name} did not start within {START_S:.0f} s") from None
        except Exception as exc:  # noqa: BLE001 - any start failure is the server's, named
            raise ToolError(f"MCP server {self.spec.name} failed to start: {_reason(exc)}") from None

    def call(self, tool: str, args: dict[str, Any]) -> Any:
        assert self.loop is not None and self.session is not None
        future = asyncio.run_coroutine_threadsafe(self.session.call_tool(tool, args), self.loop)
        try:
            return future.result(self.spec.timeout_s)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise ToolError(f"MCP server {self.spec.name} did not answer {tool} within {self.spec.timeout_s:g} s "
                            f"(mcp.servers.{self.spec.name}.timeout_s)") from None
        except Exception as exc:  # noqa: BLE001 - a crashed server, a broken pipe: named, one line
            raise ToolError(f"MCP server {self.spec.name} failed on {tool}: {_reason(exc)}") from None

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() and self._ready.done() and self._ready.exception() is None

    def close(self) -> None:
        """Stop the session and its server: the serving task is cancelled wherever it waits (a server that hung at
        start or in a call never reached the stop event, and was left running after llorch exited), and leaving
        stdio_client ends the process (terminated, then killed)."""
        if self.loop is not None and self._task is not None:
            try:
                self.loop.call_soon_threadsafe(self._task.cancel)
            except RuntimeError:  # its loop has ended: so has the server
                pass
        self._thread.join(10)


class _ErrLog:
    """A server's stderr, into llorch's log (shown with --verbose), never onto the user's terminal:
    a pipe whose read end a thread drains."""

    def __init__(self, name: str) -> None:
        import os

        self.name = name
        read, write = os.pipe()
        self.file = os.fdopen(write, "w")
        self._reader = os.fdopen(read, "rb")
        threading.Thread(target=self._drain, name=f"llorch-mcp-log-{name}", daemon=True).start()

    def _drain(self) -> None:
        with self._reader:
            for line in self._reader:
                text = line.decode("utf-8", "replace").rstrip()
                if text:
                    log.debug("mcp %s: %s", self.name, text)


def _reason(exc: BaseException) -> str:
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:300]


class MCPManager:
    """Every configured MCP server, started on first use; their tools by `SERVER.tool`. Thread-safe."""

    def __init__(self, servers: Mapping[str, ServerSpec], *, breaker_config: Any = None) -> None:
        from llorch.resilience.breaker import BreakerConfig, CircuitBreaker

        self.servers = dict(servers)
        self._lock = threading.Lock()
        self._connections: dict[str, _Connection] = {}
        config = breaker_config or BreakerConfig()
        self._breakers = {name: CircuitBreaker(f"mcp:{name}", config) for name in self.servers}

    def _connection(self, server: str) -> _Connection:
        if server not in self.servers:
            raise ToolNotFoundError(f"no MCP server named {server!r} in config.toml [mcp.servers] "
                                    f"(servers: {', '.join(self.servers) or 'none'})")
        with self._lock:
            conn = self._connections.get(server)
            if conn is None or (conn._ready.done() and not conn.alive):
                conn = self._connections[server] = _Connection(self.servers[server])
        conn.wait_started()
        return conn

    def _guarded(self, server: str, fn: Any) -> Any:
        breaker = self._breakers[server]
        try:
            permit = breaker.acquire()
        except BreakerOpenError as exc:
            raise ToolError(f"MCP server {server} keeps failing; not asking it for now ({exc})") from None
        try:
            result = fn()
        except ToolError:
            permit.failure("error")
            with self._lock:
                conn = self._connections.pop(server, None)
            if conn is not None:  # restarted on the next use; stopped now (on a daemon thread it died with
                conn.close()        # llorch, and the server was left running)
            raise
        except BaseException:
            permit.release()
            raise
        permit.success()
        return result

    def tools(self, server: str) -> list[MCPTool]:
        """The server's tools (it is started if it is not running)."""
        conn = self._guarded(server, lambda: self._connection(server))
        out = []
        for t in conn.tools:
            annotations = getattr(t, "annotations", None)
            read_only = bool(getattr(annotations, "read_only_hint", None) or getattr(annotations, "readOnlyHint", None))
            schema = getattr(t, "input_schema", None) or getattr(t, "inputSchema", None) or {"type": "object"}
            out.append(MCPTool(f"{server}.{t.name}", (t.description or "").strip().split("\n")[0], dict(schema),
                               not read_only, server, t.name, self))
        return out

    def tool(self, name: str) -> MCPTool:
        server, _, tool = name.partition(".")
        for t in self.tools(server):
            if t.remote_name == tool:
                return t
        raise ToolNotFoundError(f"MCP server {server} has no tool {tool!r}")

    def call(self, server: str, tool: str, args: dict[str, Any]) -> ToolResult:
        result = self._guarded(server, lambda: self._connection(server).call(tool, args))
        texts = [getattr(c, "text", "") for c in (result.content or []) if getattr(c, "type", "") == "text"]
        text = "\n".join(t for t in texts if t)
        data = getattr(result, "structured_content", None) or getattr(result, "structuredContent", None)
        if getattr(result, "is_error", None) or getattr(result, "isError", None):
            raise ToolError(f"{server}.{tool}: {text or 'the tool reported an error'}")
        return ToolResult(text or "(no text)", data)

    def close(self) -> None:
        """Stop every server that was started."""
        with self._lock:
            connections = list(self._connections.values())
            self._connections.clear()
        for conn in connections:
            conn.close()
