"""Appearance of the main screens (pytest-textual-snapshot; update with --snapshot-update)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.chat import Conversation
from llorch.engine import FakeBackend
from llorch.store.db import Store
from llorch.tui.app import ChatApp

ANSWER = """Use a list comprehension:

```python
squares = [n * n for n in range(10)]
```

It is **shorter** than a loop."""


@pytest.fixture
def app(tmp_path: Path) -> ChatApp:
    store = Store.open(tmp_path / "db.sqlite")
    sid = store.create_session(model="fake-model", system_prompt="")
    store.add_message(sid, "user", "How do I square numbers in Python?")
    store.add_message(sid, "assistant", ANSWER)
    store.add_message(sid, "user", "Thanks!")
    store.add_message(sid, "assistant", "You're welcome", status="cancelled")
    fb = FakeBackend(name="fake-model")
    return ChatApp(Conversation(store, lambda ref: fb, model_ref="fake-model", session_id=sid))


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    from llorch.tui.widgets import PromptInput

    while pilot.app.model_state != "ready":
        await pilot.pause(0.01)
    pilot.app.query_one(PromptInput).cursor_blink = False  # a blinking cursor makes the picture depend on timing
    await pilot.pause(0.1)


def test_main_screen(snap_compare, app: ChatApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=(90, 32), run_before=_ready)


def test_help_screen(snap_compare, app: ChatApp) -> None:  # type: ignore[no-untyped-def]
    async def open_help(pilot) -> None:  # type: ignore[no-untyped-def]
        await _ready(pilot)
        await pilot.press("f1")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=(100, 34), run_before=open_help)
