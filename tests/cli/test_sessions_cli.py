"""`llorch sessions` and `llorch chat` line mode through the CLI, on the fake backend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import invoke_main, undated
from typer.testing import CliRunner

from llorch.cli import _common
from llorch.cli.main import app
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.store import db_path
from llorch.store.db import Store


@pytest.fixture
def seeded() -> int:
    with Store.open(db_path(resolve_paths())) as s:
        sid = s.create_session(model="m")
        s.add_message(sid, "user", "what is a quantized kv cache")
        s.add_message(sid, "assistant", "It stores keys and values in fewer bits.")
        return sid


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=stdin)


def test_list_show_search_export_rm(seeded: int, tmp_path: Path) -> None:
    data = json.loads(invoke("sessions", "list", "--json").stdout)
    assert data[0]["id"] == seeded and data[0]["messages"] == 2 and data[0]["title"] == "what is a quantized kv cache"
    assert "It stores keys and values" in invoke("sessions", "show", str(seeded)).stdout
    hits = invoke("sessions", "search", "quantized").stdout
    assert hits.startswith(f"#{seeded}  user") and "[quantized]" in hits
    assert invoke("sessions", "search", "nothing-like-this").exit_code == 1
    out = tmp_path / "s.json"
    assert invoke("sessions", "export", str(seeded), "--format", "json", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["messages"][1]["role"] == "assistant"
    assert invoke("sessions", "rm", str(seeded)).exit_code == 0
    r = invoke("sessions", "show", str(seeded))
    assert r.exit_code == 1 and f"no session {seeded}" in str(r.exception)


def test_corrupt_database_is_an_error_not_a_traceback(llorch_home: Path) -> None:
    path = db_path(resolve_paths())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage" * 500)
    r = invoke("sessions", "list")
    assert r.exit_code == 1 and "not a usable llorch database" in str(r.exception)
    assert path.read_bytes() == b"garbage" * 500


def test_chat_line_mode_with_slash_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fb = FakeBackend(["first answer", "second answer"], name="fake")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    r = invoke("chat", "-m", str(model), stdin="/system be brief\nhello\n/bogus\nagain\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == "first answer\nsecond answer\n"
    assert "unknown or unavailable command /bogus" in r.stderr
    r = invoke("chat", "-m", str(model), stdin="/model\n")
    assert r.exit_code == 0 and f"model: {model}; /model REF switches" in r.stderr
    assert [undated(m.content) for m in fb.history[1].messages] == ["be brief", "hello", "first answer", "again"]


def test_run_continue_appends_to_the_last_session(monkeypatch: pytest.MonkeyPatch, seeded: int) -> None:
    fb = FakeBackend(["more"], name="m")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    with Store.open(db_path(resolve_paths())) as s:
        s.update_session(seeded, model=str(Path(__file__)))  # any existing file resolves as a path
    r = invoke("run", "--continue", "and then?")
    assert r.exit_code == 0, r.output
    assert r.stdout == "more\n"
    assert [m.content for m in fb.history[0].messages][-1] == "and then?"
    with Store.open(db_path(resolve_paths())) as s:
        assert [m.content for m in s.messages(seeded)][-2:] == ["and then?", "more"]


def test_a_chat_that_says_nothing_leaves_no_session_and_continue_takes_the_last_that_said_something(
        monkeypatch: pytest.MonkeyPatch, seeded: int) -> None:
    fb = FakeBackend(["more"], name="m")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    with Store.open(db_path(resolve_paths())) as s:
        s.update_session(seeded, model=str(Path(__file__)))  # any existing file resolves as a path
    for said in ("", "/sampling\n", "/new\n/system be brief\n"):  # (nothing, a slash command, a new one)
        r = invoke("chat", "-m", str(Path(__file__)), stdin=said)
        assert r.exit_code == 0, r.output
    with Store.open(db_path(resolve_paths())) as s:
        assert [session.id for session in s.list_sessions()] == [seeded]
        empty = s.create_session(model="m")  # (one left by an older llorch: there, but not the one to go on with)
    r = invoke("chat", "--continue", stdin="and then?\n")
    assert r.exit_code == 0, r.output
    with Store.open(db_path(resolve_paths())) as s:
        assert [m.content for m in s.messages(seeded)][-2:] == ["and then?", "more"]
        assert s.messages(empty) == [] and s.get_session(empty).id == empty  # (not removed: this chat did not make it)


def test_line_mode_reports_every_slash_command_error_and_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fb = FakeBackend(["the answer"], name="fake")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    lines = [
        "/retry",                               # nothing to retry yet
        f"/export md {tmp_path}/no/such/dir/x.md",  # an unwritable path
        "/model /no/such.gguf",                 # a missing model
        "/tool hammer x",                       # an unknown tool
        "/profile nosuch",                      # an unknown profile
        "abc\udcff",                            # not UTF-8 (written as raw bytes below)
        "hello",                                # the chat still answers
    ]
    data = "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n"
    r = invoke_main(["chat", "--plain", "-m", str(model)], input=data)
    assert r.exit_code == 0, r.output
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 6, r.stderr
    assert "nothing to retry" in errors[0] and "no/such/dir/x.md: No such file or directory" in errors[1]
    assert "not valid UTF-8" in errors[5]
    assert r.stdout.strip() == "the answer"


def test_continue_after_an_agents_run_resumes_the_last_chat(monkeypatch: pytest.MonkeyPatch, seeded: int,
                                                              tmp_path: Path) -> None:
    from llorch.config import write_toml_atomic

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model)})
    fb = FakeBackend(name="m")  # echoes the prompt
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    with Store.open(db_path(resolve_paths())) as s:
        s.update_session(seeded, model=str(model))
    pipeline = tmp_path / "p.toml"
    pipeline.write_text('flow = "sequence"\n[[agents]]\nname = "a0"\nprofile = "general"\ngoal = "do: {task}"\n')
    r = invoke_main(["agents", "run", str(pipeline), "sort a list"])
    assert r.exit_code == 0, r.output
    with Store.open(db_path(resolve_paths())) as s:
        agents_run = s.list_sessions()[0]  # the most recent session
        assert agents_run.id != seeded and agents_run.profile == f"agents:{pipeline.stem}"
    r = invoke("run", "--continue", "and then?")
    assert r.exit_code == 0, r.output
    with Store.open(db_path(resolve_paths())) as s:
        assert [m.role for m in s.messages(agents_run.id)] == ["user", "assistant"]  # untouched
        assert [m.content for m in s.messages(seeded)][-2:] == ["and then?", "echo: and then?"]
        assert s.get_session(agents_run.id).kind == "agents"


def test_line_mode_retry_answers_a_failed_turn_again_and_yes_lets_changes_run(monkeypatch: pytest.MonkeyPatch,
                                                                               tmp_path: Path) -> None:
    from llorch.errors import GenerationError

    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "2030-01-04 12:00"}})
    fb = FakeBackend([add, GenerationError("the model crashed"), '{"name": "none"}', "Added lunch."], name="fake")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    r = invoke_main(["chat", "--plain", "-p", "productivity", "-m", str(model), "--yes"],
                    input="Add lunch on 4 Jan 2030 at noon\n/retry\n")
    assert r.exit_code == 0, r.output
    assert "Error: the model crashed" in r.stderr and r.stdout.strip() == "Added lunch."
    calendar = (resolve_paths().data_dir / "calendar.ics").read_text()
    assert calendar.count("BEGIN:VEVENT") == 1  # the retry did not add it again
    with Store.open(db_path(resolve_paths())) as s:
        stored = s.messages(s.last_session().id)  # type: ignore[union-attr]
    assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("tool", "complete"), ("assistant", "complete")]


def test_show_on_a_terminal_gives_math_as_text_and_a_pipe_as_written() -> None:
    import os
    import pty
    import shutil
    import subprocess

    with Store.open(db_path(resolve_paths())) as s:
        sid = s.create_session(model="m")
        s.add_message(sid, "user", "area?")
        s.add_message(sid, "assistant", "It is \\( 16\\pi \\) cm².")
    llorch = shutil.which("llorch")
    assert llorch
    piped = subprocess.run([llorch, "sessions", "show", str(sid)], capture_output=True, text=True, timeout=60)
    assert "It is \\( 16\\pi \\) cm²." in piped.stdout
    controller, terminal = pty.openpty()
    try:
        shown = subprocess.run([llorch, "sessions", "show", str(sid)], stdout=terminal, stderr=subprocess.PIPE,
                               timeout=60)
        os.close(terminal)
        out = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the terminal's other end is closed and everything was read
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(controller)
    assert shown.returncode == 0 and "It is 16π cm²." in out.decode("utf-8"), out


def test_a_title_that_looks_like_markup_is_listed_as_written() -> None:
    """(`sessions list` raised MarkupError, exit 1, on a title holding "[/INST]", until that session was removed)"""
    with Store.open(db_path(resolve_paths())) as s:
        sid = s.create_session(model="m[/x]")
        s.add_message(sid, "user", "What does [/INST] mean in [bold]Llama 2[/bold] prompts?")
    r = invoke_main(["sessions", "list"])
    assert r.exit_code == 0, r.output
    assert "What does [/INST] mean in [bold]Llama 2[/bold] prompts?" in r.stdout and "m[/x]" in r.stdout
