"""The TUI with tools: the model's change is put to the user in a dialog (y / n / always), and a failed
turn shows its reason, is saved, and /retry answers it again. Pilot, the fake backend, a real store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from support import wait_until

from llorch.chat import Conversation
from llorch.config import resolve_paths
from llorch.engine import FakeBackend
from llorch.errors import GenerationError
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tui.app import ChatApp
from llorch.tui.screens import ConsentScreen
from llorch.tui.widgets import MessageView

ADD = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "2030-01-04 12:00"}})


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def make_app(store: Store, fb: FakeBackend, cal: Path, session_id: int | None = None) -> ChatApp:
    profile = parse_profile({"models": {"chat": ["m"]}, "tools": {
        "enabled": ["calendar", "math"], "auto": "on", "permissions": {"calendar": "write"}, "calendar_file": str(cal)}},
        "test", name="cal")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()),
                        session_id=session_id)
    return ChatApp(conv)


def label(view: MessageView) -> str:
    return str(view.query_one("Label").render())


async def send(pilot, app: ChatApp, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*text)
    await pilot.press("enter")


@pytest.mark.parametrize("key, added", [("y", 1), ("n", 0), ("escape", 0)])
def test_the_models_change_is_put_to_the_user(store: Store, tmp_path: Path, key: str, added: int) -> None:
    cal = tmp_path / "cal.ics"
    fb = FakeBackend([ADD, "Done."], name="m")

    async def go() -> None:
        app = make_app(store, fb, cal)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "add lunch on friday")
            await wait_until(pilot, lambda: isinstance(app.screen, ConsentScreen))
            shown = str(app.screen.query_one("#consent-call").render())
            assert shown == "calendar add: title='Lunch', start='2030-01-04 12:00'"
            assert not cal.exists()  # nothing before the answer
            await pilot.press(key)
            await wait_until(pilot, lambda: not app.generating)
            views = list(app.query(MessageView))
            assert [v.role for v in views] == ["user", "tool", "assistant"] and views[-1].text == "Done."
            assert views[1].text.startswith("Added" if added else "not run: the user declined calendar add")

    asyncio.run(go())
    assert (cal.read_text().count("BEGIN:VEVENT") if cal.exists() else 0) == added


def test_always_is_not_asked_again(store: Store, tmp_path: Path) -> None:
    cal = tmp_path / "cal.ics"
    gym = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Gym", "start": "2030-01-05 08:00"}})
    fb = FakeBackend([ADD, "Done.", gym, "Done too."], name="m")

    async def go() -> None:
        app = make_app(store, fb, cal)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "add lunch on friday")
            await wait_until(pilot, lambda: isinstance(app.screen, ConsentScreen))
            await pilot.press("a")
            await wait_until(pilot, lambda: not app.generating)
            await send(pilot, app, "add the gym on saturday")
            await wait_until(pilot, lambda: len(list(app.query(MessageView))) == 6 and not app.generating)
            assert not isinstance(app.screen, ConsentScreen)

    asyncio.run(go())
    assert cal.read_text().count("BEGIN:VEVENT") == 2


def test_a_failed_turn_shows_its_reason_is_saved_and_retry_answers_it(store: Store, tmp_path: Path) -> None:
    """The TUI's /retry said "nothing to retry" after a failed turn that had called a tool; the failure showed
    as "[error]" without its reason and was not saved."""
    cal = tmp_path / "cal.ics"
    math = json.dumps({"name": "math", "arguments": {"expression": "6*7"}})
    fb = FakeBackend([math, '{"name": "none"}', GenerationError("the model crashed"), '{"name": "none"}', "It is 42."],
                     name="m")

    async def go() -> None:
        app = make_app(store, fb, cal)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "what is 6*7 in total?")
            await wait_until(pilot, lambda: not app.generating and len(list(app.query(MessageView))) == 3)
            failed = list(app.query(MessageView))[-1]
            assert label(failed) == "Assistant [error: the model crashed]"
            stored = store.messages(app.conv.session_id)
            assert [(m.role, m.status) for m in stored] == [("user", "complete"), ("tool", "complete"),
                                                           ("assistant", "error")]
            assert json.loads(stored[-1].meta)["error"] == "the model crashed"
            await send(pilot, app, "/retry")
            await wait_until(pilot, lambda: not app.generating and list(app.query(MessageView))[-1].text == "It is 42.")
            assert [v.role for v in app.query(MessageView)] == ["user", "tool", "assistant"]
            assert label(list(app.query(MessageView))[-1]) == "Assistant"

    asyncio.run(go())
    assert [(m.role, m.content) for m in store.messages(store.last_session().id)] == [  # type: ignore[union-attr]
        ("user", "what is 6*7 in total?"), ("tool", "6*7 = 42"), ("assistant", "It is 42.")]


def test_a_resumed_session_shows_why_an_answer_failed(store: Store, tmp_path: Path) -> None:
    sid = store.create_session(model="m")
    store.add_message(sid, "user", "hello")
    store.add_message(sid, "assistant", "", status="error", meta=json.dumps({"error": "no model could answer"}))

    async def go() -> None:
        app = make_app(store, FakeBackend(name="m"), tmp_path / "cal.ics", session_id=sid)
        async with app.run_test():
            assert label(list(app.query(MessageView))[-1]) == "Assistant [error: no model could answer]"

    asyncio.run(go())
