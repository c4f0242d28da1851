"""Pipeline runs seen from the other commands: `sessions export`'s format, a run opened in `llorch chat`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import invoke_main

from llorch.cli import _common
from llorch.config import resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.store import db_path
from llorch.store.db import Store


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model)})
    backend = FakeBackend(name="m")
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backend)
    return backend


@pytest.fixture
def agents_run() -> int:
    """A saved `llorch agents run fan "cats"`, as the runner writes it."""
    with Store.open(db_path(resolve_paths())) as store:
        sid = store.create_session(profile="agents:fan", title="fan: cats", kind="agents")
        store.add_message(sid, "user", "cats", profile="agents:fan", meta=json.dumps({"pipeline": "fan"}))
        store.add_message(sid, "assistant", "Cats purr.", profile="general",
                          meta=json.dumps({"agent": "a", "step": "fan:a"}))
        return sid


def test_export_format_is_case_blind_and_a_bad_one_is_a_usage_error(agents_run: int) -> None:
    r = invoke_main(["sessions", "export", str(agents_run), "-f", "xml"])
    assert r.exit_code == 2 and "'xml'" in r.output and "md or json" in r.output
    r = invoke_main(["sessions", "export", str(agents_run), "-f", "JSON"])
    assert r.exit_code == 0, r.output
    assert [m["content"] for m in json.loads(r.stdout)["messages"]] == ["cats", "Cats purr."]


def test_a_pipeline_run_opened_in_chat_is_left_as_it_was_until_something_is_said(fake: FakeBackend,
                                                                                   agents_run: int) -> None:
    """Opening it rewrote its model and moved it to the top of `sessions list`, with nothing said, and told of
    a deleted profile 'agents:fan'."""
    with Store.open(db_path(resolve_paths())) as store:
        before = store.get_session(agents_run)
        newer = store.create_session(model="m")
        store.add_message(newer, "user", "a later chat")
    r = invoke_main(["chat", "--plain", "--session", str(agents_run)], input="")
    assert r.exit_code == 0, r.output
    assert f"note: session {agents_run} is a run of pipeline fan; chatting in it with profile general" in r.stderr
    assert "no longer exists" not in r.stderr
    with Store.open(db_path(resolve_paths())) as store:
        assert store.get_session(agents_run) == before
        assert [s.id for s in store.list_sessions()] == [newer, agents_run]
    r = invoke_main(["chat", "--plain", "--session", str(agents_run)], input="and dogs?\n")
    assert r.exit_code == 0, r.output
    with Store.open(db_path(resolve_paths())) as store:
        assert [m.content for m in store.messages(agents_run)][-2:] == ["and dogs?", "echo: and dogs?"]
        assert [s.id for s in store.list_sessions()] == [agents_run, newer]  # said: it is the latest now


def test_a_standing_note_is_said_once_across_pipeline_runs(fake: FakeBackend) -> None:
    """`agents run` said "its chat models are not pulled" on every run (its runner kept its own once-per-run set),
    and through ui.notes = false: its notes go through the command's, as `run`'s do."""
    first = invoke_main(["agents", "run", "research-code", "dedupe a list"])
    assert first.exit_code == 0, first.output
    assert sum("not pulled" in line for line in first.stderr.splitlines()) >= 1
    again = invoke_main(["agents", "run", "research-code", "sort a list"])
    assert again.exit_code == 0 and "not pulled" not in again.stderr
    assert invoke_main(["config", "set", "ui.notes", "false"]).exit_code == 0
    assert invoke_main(["agents", "run", "research-code", "x"]).stderr.count("note:") == 0
