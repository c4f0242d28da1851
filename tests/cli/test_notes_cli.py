"""`note:` lines on stderr: a profile's "models are not pulled" once (remembered across processes),
none with --quiet or ui.notes = false (the fake backend answers)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import invoke_main

from llorch.cli import _common
from llorch.config import resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend

NOT_PULLED = "note: profile general: its chat models are not pulled (`llorch profiles show general`)"


@pytest.fixture
def default_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The profiles' models are not pulled, so this default model answers (the fake backend behind it)."""
    model = tmp_path / "default.gguf"
    model.write_bytes(b"GGUF")
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model)})
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: FakeBackend(name="fake"))
    return model


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("note:")]


def test_the_not_pulled_note_is_said_once_per_profile_across_runs(default_model: Path) -> None:
    first = invoke_main(["run", "hi"])
    assert first.exit_code == 0, first.output
    assert notes(first.stderr) == [f"{NOT_PULLED}; {default_model} answers"]
    again = invoke_main(["run", "hi again"])  # a later process: already told
    assert again.exit_code == 0 and again.stdout == "echo: hi again\n"
    assert notes(again.stderr) == []
    other = invoke_main(["run", "--profile", "academic", "hi"])  # another profile is news
    assert [n for n in notes(other.stderr) if "not pulled" in n] == [
        f"note: profile academic: its chat models are not pulled (`llorch profiles show academic`); {default_model} answers"]
    chat = invoke_main(["chat"], input="hello\n")  # chat's start note is the same note: told already
    assert chat.exit_code == 0 and notes(chat.stderr) == []


def test_quiet_silences_notes_without_using_them_up(default_model: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.gguf"
    base.write_bytes(b"GGUF")
    r = invoke_main(["run", "--quiet", "hi"])
    assert r.exit_code == 0 and r.stdout == "echo: hi\n" and r.stderr == ""
    r = invoke_main(["chat", "-q"], input="hello\n")
    assert r.exit_code == 0 and r.stdout == "echo: hello\n" and notes(r.stderr) == []
    r = invoke_main(["run", "hi"])  # the note was never shown, so it is still to tell
    assert notes(r.stderr) == [f"{NOT_PULLED}; {default_model} answers"]


def test_ui_notes_false_silences_every_note(default_model: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert invoke_main(["config", "set", "ui.notes", "false"]).exit_code == 0
    base = FakeBackend(["once upon"], chat_template=None, is_base_model=True)  # a base model: a note each run
    monkeypatch.setattr(_common, "open_backend", lambda *a: base)
    r = invoke_main(["run", "hi"])
    assert r.exit_code == 0 and r.stdout == "once upon\n" and notes(r.stderr) == []
    assert invoke_main(["config", "set", "ui.notes", "true"]).exit_code == 0
    r = invoke_main(["run", "hi"])
    assert any("using plain completion" in n for n in notes(r.stderr))


def test_a_note_that_is_not_standing_is_said_every_run(default_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_common, "open_backend", lambda *a: FakeBackend(["x"], chat_template=None, is_base_model=True))
    for _ in range(2):
        r = invoke_main(["run", "hi"])
        assert sum("using plain completion" in n for n in notes(r.stderr)) == 1


def test_a_later_process_does_not_say_it_again(tiny_chat_model: Path) -> None:
    """The installed command on a real (tiny) model, twice: the second process was told already."""
    llorch = shutil.which("llorch")
    assert llorch
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(tiny_chat_model)})

    def run() -> list[str]:
        r = subprocess.run([llorch, "run", "-n", "2", "--seed", "1", "hi"], capture_output=True, text=True, timeout=300,
                           env=os.environ.copy())
        assert r.returncode == 0, r.stderr
        return [n for n in notes(r.stderr) if "not pulled" in n]  # (-n 2 also cuts the answer: a note each run)

    assert run() == [f"{NOT_PULLED}; {tiny_chat_model} answers"]
    assert run() == []


def test_a_bulk_run_says_the_standing_note_once_and_honours_quiet(default_model: Path) -> None:
    """`--each-line` said "not pulled" on every line of every run (and in every --jsonl record), through --quiet and
    ui.notes = false: its notes go through the command's, as one answer's do."""
    r = invoke_main(["run", "--each-line", "-q"], input="a\nb\nc\n")
    assert r.exit_code == 0 and r.stdout == "echo: a\necho: b\necho: c\n" and "note:" not in r.stderr
    r = invoke_main(["run", "--each-line", "--parallel", "1"], input="a\nb\nc\n")
    assert [line for line in r.stderr.splitlines() if "not pulled" in line] == [
        f"line 1: {NOT_PULLED}; {default_model} answers"]
    r = invoke_main(["run", "--each-line", "--jsonl"], input="a\nb\n")  # a later run: told already
    assert "not pulled" not in r.stderr and "not pulled" not in r.stdout
