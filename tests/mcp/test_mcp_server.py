"""`python -m llorch.mcp.server` driven by the MCP SDK's own stdio client, as an MCP client would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import anyio
import mcp_types as types
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client

T = TypeVar("T")

SAMPLE = '''\
def greet(name):
    return "hello " + name


def classify(n):
    if n < 0:
        return "negative"
    return "other"
'''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The server's working directory (the dev profile's read root): one small Python file."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "sample.py").write_text(SAMPLE, encoding="utf-8")
    return root


@asynccontextmanager
async def _session(cwd: Path, profile: str) -> AsyncIterator[ClientSession]:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "llorch.mcp.server", "--profile", profile], env=os.environ.copy(), cwd=cwd
    )
    async with stdio_client(params) as (read_stream, write_stream):
        async with ClientSession(read_stream, write_stream) as session:
            await session.initialize()
            yield session


def _run(cwd: Path, profile: str, body: Callable[[ClientSession], Awaitable[T]]) -> T:
    """Start the server, run `body` against it, and stop it; all within a minute."""

    async def main() -> T:
        with anyio.fail_after(60):
            async with _session(cwd, profile) as session:
                return await body(session)

    return anyio.run(main)


def _text(result: types.CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, types.TextContent))


def test_dev_profile_lists_its_tools_with_their_schemas(project: Path) -> None:
    from llorch.tools import ToolRegistry
    from llorch.tools.base import shown_parameters

    async def body(session: ClientSession) -> dict[str, types.Tool]:
        return {tool.name: tool for tool in (await session.list_tools()).tools}

    tools = _run(project, "dev", body)
    # code and math, which it enables, and the tools it names for exact steps only (tools.exact): kept out of its
    # own model's decisions, they are a client's to call as any other
    assert sorted(tools) == sorted(["code", "math", "units", "clock", "timespan", "count", "encode", "network",
                                    "permissions", "regex", "validate", "cron", "version", "text", "color", "random",
                                    "codes", "convert", "table"])
    registry = ToolRegistry()
    for name, tool in tools.items():
        assert tool.description == registry.get(name).description
        assert tool.input_schema == shown_parameters(registry.get(name).parameters)
    assert tools["math"].input_schema["required"] == ["expression"]
    assert "money" not in tools["math"].input_schema["properties"]  # (set only by llorch's exact step)
    assert tools["code"].input_schema["properties"]["path"]["type"] == "string"


def test_a_tool_a_profile_names_for_exact_steps_only_is_a_clients_to_call(project: Path) -> None:
    async def body(session: ClientSession) -> types.CallToolResult:
        return await session.call_tool("version", {"action": "satisfies", "versions": ["2.3.1"],
                                                   "requirement": "~=2.2"})

    result = _run(project, "dev", body)
    assert not result.is_error and _text(result).startswith("2.3.1 satisfies ~=2.2 by pip's rules")


def test_math_returns_the_exact_value(project: Path) -> None:
    async def body(session: ClientSession) -> types.CallToolResult:
        return await session.call_tool("math", {"expression": "2/3 + 1/6"})

    result = _run(project, "dev", body)
    assert not result.is_error
    assert _text(result).startswith("2/3 + 1/6 = 5/6")
    assert result.structured_content is not None and result.structured_content["exact"] is True


def test_code_analyses_a_file_in_the_working_directory(project: Path) -> None:
    async def body(session: ClientSession) -> types.CallToolResult:
        return await session.call_tool("code", {"path": "sample.py"})

    result = _run(project, "dev", body)
    assert not result.is_error, _text(result)
    assert "sample.py" in _text(result) and "2 functions" in _text(result)
    data = result.structured_content
    assert isinstance(data, dict)
    assert [f["name"] for f in data["files"][0]["functions"]] == ["greet", "classify"]


def test_a_path_outside_the_read_roots_is_an_error_and_the_server_goes_on(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "secret.py"
    outside.parent.mkdir()
    outside.write_text("x = 1\n", encoding="utf-8")

    async def body(session: ClientSession) -> tuple[types.CallToolResult, types.CallToolResult]:
        refused = await session.call_tool("code", {"path": str(outside)})
        after = await session.call_tool("math", {"expression": "2^10"})
        return refused, after

    refused, after = _run(project, "dev", body)
    assert refused.is_error
    message = _text(refused)
    assert str(outside) in message and str(project.resolve()) in message
    assert "\n" not in message
    assert not after.is_error and "1024" in _text(after)


def test_a_tool_the_profile_does_not_enable_is_refused(project: Path) -> None:
    async def body(session: ClientSession) -> tuple[list[str], types.CallToolResult]:
        listed = [tool.name for tool in (await session.list_tools()).tools]
        return listed, await session.call_tool("calendar", {"action": "list"})

    listed, result = _run(project, "dev", body)
    assert "calendar" not in listed
    assert result.is_error
    assert "calendar" in _text(result) and "not enabled" in _text(result)


def test_an_unknown_profile_fails_before_serving_with_nothing_on_stdout(project: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "llorch.mcp.server", "--profile", "nosuch"],
        cwd=project, env=os.environ.copy(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("Error: ") and "nosuch" in proc.stderr


def test_the_cli_module_does_not_import_the_sdk() -> None:
    code = "import sys, llorch.cli.mcp_cmd; sys.exit(any(m == 'mcp' or m.startswith('mcp.') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_an_unknown_tool_is_refused_naming_only_the_profiles_tools(project: Path) -> None:
    async def body(session: ClientSession) -> types.CallToolResult:
        return await session.call_tool("nosuch", {})

    result = _run(project, "dev", body)
    assert result.is_error
    message = _text(result)
    assert "nosuch" in message and "code, math" in message
    for hidden in ("calendar", "citations", "documents", "papers", "dates"):
        assert hidden not in message, message


class _Lines:
    """The server's stdout, line by line, with a bounded wait for each."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        import queue
        import threading

        self.proc = proc
        self.queue: queue.Queue[bytes] = queue.Queue()
        assert proc.stdout is not None
        stdout = proc.stdout
        threading.Thread(target=lambda: [self.queue.put(line) for line in stdout], daemon=True).start()

    def send(self, line: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + b"\n")
        self.proc.stdin.flush()

    def answer(self) -> dict[str, object]:
        import json

        line = self.queue.get(timeout=60)
        answer = json.loads(line)
        assert isinstance(answer, dict)
        return answer


def test_malformed_lines_get_json_rpc_errors_and_the_server_goes_on(project: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "llorch.mcp.server", "--profile", "dev"], cwd=project,
                            env=os.environ.copy(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        lines = _Lines(proc)
        for line, code, given in [
            (b"hello", -32700, None),                                           # not JSON
            (b'{"jsonrpc": "2.0", "id": 1, "method": ', -32700, None),          # cut short
            (b"[" * 5000 + b"]" * 5000, -32700, None),                          # too deep to read
            (b"[1, 2]", -32600, None),                                          # JSON, but no message
            (b'"tools/list"', -32600, None),
            (b'{"jsonrpc": "2.0", "id": 7, "method": 12}', -32600, 7),          # a request with its id: answered to it
            (b'{"jsonrpc": "1.0", "id": "a", "method": "ping"}', -32600, "a"),
        ]:
            lines.send(line)
            answer = lines.answer()
            assert answer["jsonrpc"] == "2.0" and answer["id"] == given, (line[:40], answer)
            error = answer["error"]
            assert isinstance(error, dict) and error["code"] == code and error["message"], (line[:40], answer)
        lines.send(b"")  # a blank line is no message and gets no answer: the next answer is the ping's
        lines.send(b'{"jsonrpc": "2.0", "id": 9, "method": "ping"}')
        assert lines.answer() == {"jsonrpc": "2.0", "id": 9, "result": {}}
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
        assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
