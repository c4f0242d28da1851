"""Documents attached to the next message (`chat --file`) stay attached until a message carrying them is sent."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import TurnDone
from llorch.chat.longinput import Document
from llorch.engine.fake import FakeBackend
from llorch.errors import ContextOverflowError
from llorch.store.db import Store


def test_a_message_refused_as_too_long_keeps_its_documents_for_the_next(tmp_path: Path) -> None:
    """(The first message was refused, "/set long summarise" was set, and the same question went without the file:
    the 1.5B answered 5 chairs where the file said 11.)"""
    seen: list[tuple[str, tuple[Any, ...], str | None]] = []

    def condenser(text: str, documents: tuple[Any, ...], long: str | None) -> Generator[Any, None, str]:
        seen.append((text, documents, long))
        if long is None:
            raise ContextOverflowError("the input is 7,580 tokens, more than the context holds (in chat: /set long …)",
                                       prompt_tokens=7580, n_ctx=4096)
        yield from ()
        return f"{text}\n\n" + "\n".join(d.text for d in documents)

    fb = FakeBackend(["11 chairs."], name="m")
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = Conversation(store, lambda ref: fb, model_ref="m")
        conv.condenser = condenser
        doc = Document("The Alpha team bought 11 chairs.", "doc.md")
        conv.attach([doc])
        with pytest.raises(ContextOverflowError):
            list(conv.send("How many chairs did the Alpha team buy?"))
        assert conv.attached == (doc,) and store.messages(conv.session_id) == []  # nothing sent, nothing lost
        conv.long = "summarise"
        events = list(conv.send("How many chairs did the Alpha team buy?"))
        assert isinstance(events[-1], TurnDone) and events[-1].text == "11 chairs."
        assert seen[1][1] == (doc,) and conv.attached == ()
        assert "The Alpha team bought 11 chairs." in store.messages(conv.session_id)[0].content
