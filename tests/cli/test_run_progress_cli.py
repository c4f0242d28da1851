"""What `llorch run` and line-mode chat tell about how an answer went: how much of a long prompt is
read (stderr, on a terminal only), an answer cut short (a note, and `finish_reason` in --json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from support import invoke_main
from typer.testing import CliRunner

from llorch.cli import _common
from llorch.cli.main import app
from llorch.engine.fake import FakeBackend
from llorch.orchestra.fake import fake_worker

LONG = " ".join(f"word{i}" for i in range(200))
READING = re.compile(r"reading prompt ([\d,]+)/([\d,]+) tokens")


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


@pytest.fixture
def slots(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Models load as a real Worker over FakeSlots: prompts are read in chunks of 16 tokens.
    `options` sets FakeSlots' options for the next load."""
    made: dict[str, Any] = {"options": {}, "workers": []}

    def open_backend(path: Path, options: Any, name: str) -> Any:
        worker = fake_worker(**({"n_seq": 1, "n_ctx": 4096, "n_batch": 16, "name": name} | made["options"]))
        made["workers"].append(worker)
        return worker

    monkeypatch.setattr(_common, "open_backend", open_backend)
    return made


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    backend = FakeBackend(name="fake")
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backend)
    return backend


def terminal_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """stderr as a terminal: the spinner and the progress render (with rich's cursor codes)."""
    from rich.console import Console

    monkeypatch.setattr(_common, "fancy_stderr", lambda: True)
    monkeypatch.setattr(_common, "stderr_console",
                        lambda: Console(stderr=True, force_terminal=True, color_system=None, highlight=False, soft_wrap=True))


def invoke(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


# --- prompt progress -----------------------------------------------------------------------------


def test_a_long_prompt_shows_how_much_is_read_on_a_terminal(slots: dict[str, Any], model_file: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    terminal_stderr(monkeypatch)
    result = invoke(["run", "-m", str(model_file), "-n", "3", "Summarise this:"], stdin=LONG)
    assert result.exit_code == 0, result.output
    assert len(result.stdout.split()) == 3  # the answer itself is untouched
    seen = READING.findall(result.stderr)
    assert seen, result.stderr
    done, total = seen[-1]  # the spinner's last words before the answer: all of it read
    assert done == total and int(total.replace(",", "")) > 200


def test_no_progress_when_stderr_is_not_a_terminal(slots: dict[str, Any], model_file: Path) -> None:
    result = invoke(["run", "-m", str(model_file), "-n", "3", "Summarise this:"], stdin=LONG)
    assert result.exit_code == 0, result.output
    assert "reading prompt" not in result.stderr and "\x1b" not in result.stderr
    assert len(result.stdout.split()) == 3


# --- an answer cut short -----------------------------------------------------------------------


def test_an_answer_cut_at_max_tokens_says_so_on_stderr(fake: FakeBackend, model_file: Path) -> None:
    fake.enqueue("Paris is the capital of France.")
    result = invoke(["run", "-m", str(model_file), "-n", "3", "hi"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Paris is the\n"  # stdout holds the answer only
    assert result.stderr.strip() == "note: the answer was cut at 3 tokens (--max-tokens / sampling.max_tokens)"


def test_an_answer_that_ends_by_itself_has_no_note(fake: FakeBackend, model_file: Path) -> None:
    fake.enqueue("Paris.")
    result = invoke(["run", "-m", str(model_file), "-n", "3", "hi"])
    assert result.exit_code == 0 and result.stdout == "Paris.\n"
    assert "cut" not in result.stderr


@pytest.mark.parametrize(("max_tokens", "reason"), [("3", "length"), ("50", "stop")])
def test_json_has_the_finish_reason(fake: FakeBackend, model_file: Path, max_tokens: str, reason: str) -> None:
    fake.enqueue("Paris is the capital of France.")
    result = invoke(["run", "-m", str(model_file), "--json", "-n", max_tokens, "hi"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["finish_reason"] == reason
    assert data["usage"]["completion_tokens"] == (3 if reason == "length" else 6)


def test_a_worker_says_length_at_max_tokens_and_context_when_the_context_is_full(
    slots: dict[str, Any], model_file: Path
) -> None:
    result = invoke(["run", "-m", str(model_file), "--json", "-n", "5", "hi there"])
    assert json.loads(result.stdout)["finish_reason"] == "length"
    assert "note: the answer was cut at 5 tokens (--max-tokens / sampling.max_tokens)" in result.stderr

    slots["options"] = {"n_ctx": 64}
    result = invoke(["run", "-m", str(model_file), "--json", "-n", "500", "hi there"])
    data = json.loads(result.stdout)
    assert data["finish_reason"] == "context"
    assert data["usage"]["total_tokens"] == 64 and data["usage"]["completion_tokens"] < 500
    n = data["usage"]["completion_tokens"]
    assert (f"note: the answer was cut at {n} tokens: the context is full at 64 tokens (--ctx-size / engine.n_ctx)"
            in result.stderr)


def test_line_mode_chat_says_an_answer_was_cut(fake: FakeBackend, model_file: Path) -> None:
    assert invoke_main(["config", "set", "sampling.max_tokens", "2"]).exit_code == 0
    fake.enqueue("one two three four", "short")
    result = invoke_main(["chat", "-m", str(model_file), "--plain"], input="first\nsecond\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["one two", "short"]
    assert result.stderr.count("note: the answer was cut") == 1
    assert "note: the answer was cut at 2 tokens (sampling.max_tokens)" in result.stderr
