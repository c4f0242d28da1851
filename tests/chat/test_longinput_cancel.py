"""A chat's cancel (the TUI's Escape) while a long message is read in parts: the parts stop, the turn is cancelled."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import slow_parts

from llorch.chat.conversation import Conversation
from llorch.chat.longinput import Condensing, Document
from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.runtime import Runtime, TurnDone

def document(paragraphs: int, words: int = 40) -> str:
    return "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(words)) + "." for i in range(paragraphs))


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


@contextlib.contextmanager
def summarising(fb: FakeBackend, model_file: Path) -> Iterator[Conversation]:
    """A chat on `fb` that reads a message longer than its context in parts (--long summarise); closed after."""
    paths = resolve_paths()
    with Runtime(paths, load_config(paths), open_model=lambda path, options, name: fb) as rt:
        conv = rt.conversation(model=str(model_file))
        conv.long = "summarise"
        try:
            yield conv
        finally:
            conv.close()


def cancelled_while_reading(conv: Conversation, fb: Any) -> tuple[Condensing, list[Any]]:
    """Ask about a 20-paragraph document and cancel once its parts are being answered: the first Condensing
    event, and the turn's events after the cancel."""
    conv.attach([Document(document(20), "doc.md")])
    events = conv.send("Which paragraphs?")
    first = next(e for e in events if isinstance(e, Condensing))
    assert fb.started.wait(10)
    conv.cancel()
    return first, list(events)


def test_cancel_while_reading_in_parts_stops_the_parts_and_stores_the_turn_cancelled(model_file: Path) -> None:
    """Escape did nothing while a long message was read in parts (82 s later it ended, its empty answer saved
    as complete): the parts are cancelled within a token, none is combined, the turn is stored cancelled."""
    fb = slow_parts(n_ctx=600)
    with summarising(fb, model_file) as conv:
        first, rest = cancelled_while_reading(conv, fb)
        assert first.done == 0 and first.total >= 3
        (done,) = [e for e in rest if isinstance(e, TurnDone)]
        stored = conv.history()
    # The parts stopped short of their answers (a cancel that waited for them took minutes).
    assert 0 < fb.part_tokens < fb.part_budget, (fb.part_tokens, fb.part_budget)
    assert done.status == "cancelled" and done.error is None
    assert not any("Combine these answers" in m.content for r in fb.history for m in r.messages)
    assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("assistant", "cancelled")]
    assert stored[0].content == "Which paragraphs?" and stored[1].content == ""


def test_a_cancel_before_a_turn_does_not_stop_the_next_long_message(model_file: Path) -> None:
    """A cancel with nothing running (the TUI cancels as it closes) leaves the next turn alone."""
    fb = FakeBackend(n_ctx=600)
    with summarising(fb, model_file) as conv:
        conv.cancel()
        conv.attach([Document(document(20), "doc.md")])
        events = list(conv.send("Which paragraphs?"))
    done = events[-1]
    assert isinstance(done, TurnDone) and done.status == "complete", done
    assert sum(isinstance(e, Condensing) for e in events) >= 2


def test_a_question_cancelled_before_its_answer_began_is_left_out_of_the_next_prompt(model_file: Path) -> None:
    """After Escape stopped the reading, "Say hi" was answered "The Alpha team bought 3 chairs.": the old
    question, unanswered, was still in the prompt. An answer cancelled after some words keeps its question."""
    fb = slow_parts(n_ctx=600)
    with summarising(fb, model_file) as conv:
        cancelled_while_reading(conv, fb)
        fb.enqueue("Hi!")
        list(conv.send("Say hi"))
    asked = [m.content for m in fb.history[-1].messages if m.role == "user"]
    assert asked[-1] == "Say hi" and not any("Which paragraphs?" in m for m in asked)
