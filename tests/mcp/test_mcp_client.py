"""MCP servers as llorch tools: a tiny server written with the official SDK (tiny_mcp_server.py), over
stdio and streamable HTTP; listed, called directly, called by the model's tool loop, refused without
permission; a crashing and a hanging server each give a clear error and the chat goes on."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from support import invoke_main

from llorch.chat.conversation import Conversation
from llorch.chat.events import ToolEvent, TurnDone
from llorch.config import load_config, resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.errors import ToolError
from llorch.mcp.client import MCPManager
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tools.registry import ToolRegistry

SERVER = Path(__file__).with_name("tiny_mcp_server.py")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk")
    return folder


def configure(notes: Path, *extra: str, timeout_s: float = 20, permissions: dict[str, str] | None = None,
              url: str | None = None) -> None:
    """config.toml with the tiny server as `notes`, and a profile `notes` that enables its tools."""
    spec: dict[str, Any] = {"url": url} if url else {"command": sys.executable, "args": [str(SERVER), str(notes), *extra]}
    write_toml_atomic(resolve_paths().config_file, {"mcp": {"servers": {"notes": spec | {"timeout_s": timeout_s}}}})
    profiles = resolve_paths().config_dir / "profiles"
    profiles.mkdir(parents=True, exist_ok=True)
    perms = "".join(f'"{k}" = "{v}"\n' for k, v in (permissions or {}).items())
    (profiles / "notes.toml").write_text(
        'name = "notes"\n[models]\nchat = ["m"]\n[tools]\nenabled = ["notes.*", "math"]\nauto = "on"\n'
        f"[tools.permissions]\n{perms}")


def test_listed_with_their_server_and_called_directly(notes: Path) -> None:
    configure(notes)
    r = invoke_main(["tools", "list", "--profile", "notes"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert any(l.startswith("*  notes.read_note") and "(MCP server notes)" in l for l in lines)
    assert any(l.startswith("*  notes.write_note") and "changes things" in l for l in lines)
    r = invoke_main(["tool", "notes.read_note", "name=todo", "--profile", "notes", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["text"] == "buy milk"


def test_a_write_tool_needs_the_profiles_write_permission(notes: Path) -> None:
    configure(notes)
    r = invoke_main(["tool", "notes.write_note", "name=x", "text=hi", "--profile", "notes"])
    assert r.exit_code == 1 and "notes.write_note may change things" in r.stderr
    assert 'tools.permissions."notes.write_note" = "write"' in r.stderr and not (notes / "x.txt").exists()
    configure(notes, permissions={"notes.write_note": "write"})
    r = invoke_main(["tool", "notes.write_note", "name=x", "text=hi", "--profile", "notes"])
    assert r.exit_code == 0, r.output
    assert (notes / "x.txt").read_text() == "hi"
    r = invoke_main(["tool", "notes.read_note", "name=todo"])  # the default profile does not enable them
    assert r.exit_code == 1 and "is not enabled in profile" in r.stderr


def test_over_streamable_http(notes: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(SERVER), str(notes), "--http", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        configure(notes, url=f"http://127.0.0.1:{port}/mcp")
        r = invoke_main(["tool", "notes.read_note", "name=todo", "--profile", "notes"])
        assert r.exit_code == 0, r.output
        assert r.stdout == "buy milk\n"
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("mode, message", [
    ("--crash", "MCP server notes failed on read_note"),
    ("--hang", "MCP server notes did not answer read_note within 1 s"),
])
def test_a_crashing_or_hanging_server_is_a_clear_one_line_error(notes: Path, mode: str, message: str) -> None:
    configure(notes, mode, timeout_s=1)
    start = time.monotonic()
    r = invoke_main(["tool", "notes.read_note", "name=todo", "--profile", "notes"])
    assert r.exit_code == 1 and r.stderr.startswith("Error: ") and message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert time.monotonic() - start < 20


def test_a_server_that_cannot_start_is_named(tmp_path: Path) -> None:
    write_toml_atomic(resolve_paths().config_file, {"mcp": {"servers": {"ghost": {"command": str(tmp_path / "nope")}}}})
    r = invoke_main(["tools", "list"])
    assert r.exit_code == 0 and "ghost.*" in r.stdout and "MCP server ghost failed to start" in r.stdout


def _ask_about_todo(db: Path, answer: str) -> tuple[list[Any], FakeBackend]:
    """The model's tool loop (scripted: call notes.read_note, then answer) with config.toml's MCP servers."""
    profile = parse_profile({"models": {"chat": ["m"]}, "tools": {"enabled": ["notes.read_note"], "auto": "on"}},
                            "test", name="notes")
    fb = FakeBackend(['{"name": "notes.read_note", "arguments": {"name": "todo"}}', '{"name": "none"}', answer], name="m")
    manager = MCPManager(load_config(resolve_paths()).mcp_servers)
    try:
        with Store.open(db) as store:
            conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                                toolbox=ToolBox(resolve_paths(), ToolRegistry(mcp=manager)))
            return list(conv.send("what is in my todo note?")), fb
    finally:
        manager.close()


def test_the_models_tool_loop_calls_an_mcp_tool_and_goes_on_when_the_server_crashes(notes: Path, tmp_path: Path) -> None:
    configure(notes)
    events, fb = _ask_about_todo(tmp_path / "db.sqlite", "Your note says: buy milk.")
    (call,) = [e for e in events if isinstance(e, ToolEvent)]
    assert call.name == "notes.read_note" and call.ok and call.text == "buy milk"
    assert isinstance(events[-1], TurnDone) and events[-1].text == "Your note says: buy milk."
    schema = json.loads(fb.history[0].grammar_schema or "")
    assert schema["anyOf"][0]["properties"]["name"] == {"const": "notes.read_note"}
    configure(notes, "--crash")
    events, _ = _ask_about_todo(tmp_path / "db2.sqlite", "I could not read it.")
    (call,) = [e for e in events if isinstance(e, ToolEvent)]
    assert not call.ok and "MCP server notes failed on read_note" in call.text
    assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"


def test_bad_mcp_config_names_the_key(tmp_path: Path) -> None:
    write_toml_atomic(resolve_paths().config_file, {"mcp": {"servers": {"x": {"command": "a", "args": "b"}}}})
    r = invoke_main(["tools", "list"])
    assert r.exit_code == 1 and "'mcp.servers.x.args' must be a list of strings" in r.stderr


def test_import_takes_another_clients_mcp_servers(notes: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "claude.json"
    theirs.write_text(json.dumps({"mcpServers": {"notes": {"command": sys.executable, "args": [str(SERVER), str(notes)],
                                                           "env": {"X": "1"}}}}))
    r = invoke_main(["mcp", "import", str(theirs)])
    assert r.exit_code == 0 and "imported 1 MCP server(s): notes" in r.stderr
    assert load_config(resolve_paths()).mcp_servers["notes"].env == {"X": "1"}
    r = invoke_main(["mcp", "import", str(theirs)])
    assert "kept the existing notes" in r.stderr
    theirs.write_text(json.dumps({"mcpServers": {"bad": {"args": ["x"]}}}))
    r = invoke_main(["mcp", "import", str(theirs)])
    assert r.exit_code == 1 and "needs either 'command'" in r.stderr
    assert list(load_config(resolve_paths()).mcp_servers) == ["notes"]  # nothing written


@pytest.mark.starter
def test_the_instruct_starter_calls_an_mcp_tool(notes: Path, starter_home: Path) -> None:
    """Once on the real starter: asked about a note, the model reads it through the MCP server."""
    configure(notes)
    r = invoke_main(["run", "--profile", "notes", "-m", "starter", "--temperature", "0", "-n", "64",
                     "What does my note called todo say? Use the notes.read_note tool."])
    assert r.exit_code == 0, r.output
    assert "tool: notes.read_note(name='todo') -> buy milk" in r.stderr
    assert "milk" in r.stdout.lower()


def test_the_models_write_through_an_mcp_tool_runs_only_when_allowed(notes: Path, tmp_path: Path) -> None:
    """An MCP tool its server does not mark read-only is a write: with nobody to ask, only "allow" runs it."""
    configure(notes)
    call = '{"name": "notes.write_note", "arguments": {"name": "x", "text": "hi"}}'
    manager = MCPManager(load_config(resolve_paths()).mcp_servers)
    try:
        for permission in ("write", "allow"):
            profile = parse_profile({"models": {"chat": ["m"]}, "tools": {
                "enabled": ["notes.*"], "auto": "on", "permissions": {"notes.write_note": permission}}}, "test", name="notes")
            fb = FakeBackend([call, "Noted."], name="m")
            with Store.open(tmp_path / f"{permission}.sqlite") as store:
                conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                                    toolbox=ToolBox(resolve_paths(), ToolRegistry(mcp=manager)))
                events = list(conv.send("save a note x that says hi"))
            (tool,) = [e for e in events if isinstance(e, ToolEvent)]
            assert tool.ok == (permission == "allow") and (notes / "x.txt").exists() == (permission == "allow")
            assert isinstance(events[-1], TurnDone) and events[-1].text == "Noted."
    finally:
        manager.close()


def _running(marker: str) -> list[int]:
    """The pids of live processes whose command line holds `marker`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker in (proc / "cmdline").read_bytes().decode("utf-8", "replace"):
                if (proc / "stat").read_text().split(") ")[-1].split()[0] != "Z":  # (a zombie is gone)
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


def _gone(marker: str) -> bool:
    deadline = time.monotonic() + 15
    while _running(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _running(marker)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_server_given_up_on_is_stopped_not_left_running(notes: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """(A server that hung in a call, or at start, was left running after llorch exited, one more each time.)"""
    configure(notes, "--hang", timeout_s=1)
    r = invoke_main(["tool", "notes.read_note", "name=todo", "--profile", "notes"])
    assert r.exit_code == 1 and "did not answer read_note within 1 s" in r.stderr
    assert _gone(str(notes))
    from llorch.mcp import client

    monkeypatch.setattr(client, "START_S", 1.0)
    silent = tmp_path / "silent_server.py"
    silent.write_text("import sys, time\nsys.stdin.readline()\ntime.sleep(600)\n")  # never answers initialize
    write_toml_atomic(resolve_paths().config_file, {"mcp": {"servers": {"mute": {
        "command": sys.executable, "args": [str(silent)]}}}})
    manager = MCPManager(load_config(resolve_paths()).mcp_servers)
    try:
        with pytest.raises(ToolError, match="MCP server mute did not start within 1 s"):
            manager.tools("mute")
        assert _gone(str(silent))
    finally:
        manager.close()


def test_a_result_longer_than_the_context_holds_is_cut_with_a_line_that_says_so(notes: Path, tmp_path: Path) -> None:
    """(A 40,000-character result overflowed the next prompt: the answer failed with an error that blamed the
    user's short question.)"""
    configure(notes)
    (notes / "todo.txt").write_text("milk " * 8_000)
    events, fb = _ask_about_todo(tmp_path / "db.sqlite", "Your note says to buy milk, many times over.")
    (call,) = [e for e in events if isinstance(e, ToolEvent)]
    assert call.ok and call.text.startswith("milk milk") and len(call.text) < 2_300  # (the fake's context: 2,048)
    assert call.text.endswith("[… the result goes on: 40,000 characters in all, of which the first 2,048 are shown "
                              "here, as much as the context holds]")
    assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"
    assert any(call.text in m.content for m in fb.history[-1].messages)  # what the answer was asked with
