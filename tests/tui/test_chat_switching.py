"""The chat TUI with text that looks like markup, and with a session or model switch while an answer streams.

Driven by Textual's Pilot on the fake backend and a real store.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from support import invoke_main, slow_parts, wait_until

from llorch.chat import Conversation
from llorch.engine import FakeBackend
from llorch.errors import ModelNotFoundError
from llorch.store.db import Store
from llorch.tui.app import ChatApp
from llorch.tui.screens import SessionsScreen
from llorch.tui.widgets import MessageView, PromptInput, StatusBar

LONG = " ".join(f"w{i}" for i in range(300))  # 300 tokens at 0.02 s: an answer that is still streaming


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def run(coro) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(coro)


def views(app: ChatApp) -> list[tuple[str, str]]:
    return [(v.role, v.text) for v in app.query(MessageView)]


def notified(app: ChatApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def loader_of(*backends: FakeBackend, gate: threading.Event | None = None):  # type: ignore[no-untyped-def]
    """Loads the named fakes; any other name is not found (after `gate`, when given)."""
    by_ref = {b.name: b for b in backends}

    def load(ref: str) -> FakeBackend:
        if ref not in by_ref:
            if gate is not None:
                gate.wait(10)
            raise ModelNotFoundError(f"model '{ref}' not found")
        return by_ref[ref]

    return load


async def send(pilot, app: ChatApp, text: str) -> None:  # type: ignore[no-untyped-def]
    app.query_one(PromptInput).load_text(text)
    await pilot.press("enter")


async def streaming(pilot, app: ChatApp) -> None:  # type: ignore[no-untyped-def]
    """Send a message and wait until its answer has started to stream."""
    await send(pilot, app, "hi")
    await wait_until(pilot, lambda: len(views(app)) == 2 and len(views(app)[1][1]) > 10)
    assert app.generating


# --- text that looks like markup ---------------------------------------------------------------------------


def test_the_session_list_shows_a_title_with_markup_as_written(store: Store) -> None:
    """A title "What does [/INST] mean" crashed the TUI (MarkupError: closing tag '[/INST]' does not match)."""
    old = store.create_session(model="m")
    store.add_message(old, "user", "What does [/INST] mean in [bold]Llama[/bold] prompts?")
    store.add_message(old, "assistant", "It ends an instruction.")

    async def go() -> None:
        app = ChatApp(Conversation(store, loader_of(FakeBackend(name="m")), model_ref="m"))
        async with app.run_test() as pilot:
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
            await pilot.pause()
            options = app.screen.query_one("OptionList")
            shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
            assert any("What does [/INST] mean in [bold]Llama[/bold]" in s for s in shown), shown
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 2)
            assert app.conv.session_id == old

    run(go())


def test_a_model_name_with_markup_is_shown_and_reported_as_written(store: Store) -> None:
    """`/model x[/y]` crashed the TUI: the status bar's "loading x[/y]…" was read as markup."""
    gate = threading.Event()

    async def go() -> None:
        app = ChatApp(Conversation(store, loader_of(FakeBackend(name="m"), gate=gate), model_ref="m"))
        async with app.run_test(notifications=True) as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "/model x[/y]")
            await wait_until(pilot, lambda: app.model_state == "loading")
            await pilot.pause()
            assert "loading" in str(app.query_one(StatusBar).render())
            gate.set()
            await wait_until(pilot, lambda: notified(app, "model 'x[/y]' not found"))
            assert app.is_running and app.model_state == "failed"

    run(go())


def test_a_profile_name_with_markup_is_shown_and_reported_as_written(store: Store) -> None:
    """`/profile a[/b]` crashed the TUI: "switching to a[/b]…" in the status bar was read as markup."""

    async def go() -> None:
        app = ChatApp(Conversation(store, loader_of(FakeBackend(name="m")), model_ref="m"))
        async with app.run_test(notifications=True) as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "/profile a[/b]")
            await wait_until(pilot, lambda: notified(app, "profiles are not available"))
            await pilot.pause()
            assert app.is_running
            assert "m · profile" in str(app.query_one(StatusBar).render())

    run(go())


def test_notices_with_markup_are_shown_as_written(store: Store) -> None:
    """Every notice of the app is plain text: an unknown command `/x[/y]` is named as typed."""

    async def go() -> None:
        app = ChatApp(Conversation(store, loader_of(FakeBackend(name="m")), model_ref="m"))
        async with app.run_test(notifications=True) as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            app.notify("closing [/tag] and [bold]open")
            await wait_until(pilot, lambda: len(app.screen.query("Toast")) >= 1)
            await pilot.pause()
            assert app.is_running
            assert "closing [/tag] and [bold]open" in str(app.screen.query_one("Toast").render())

    run(go())


def test_a_crash_of_the_tui_makes_chat_exit_non_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A traceback on screen, yet `llorch chat` exited 0."""
    from llorch.cli import _common
    from llorch.cli import chat as chat_cli

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setattr(_common, "open_backend", lambda *a: FakeBackend(name="m"))
    monkeypatch.setattr(chat_cli, "_is_terminal", lambda: True)
    original = ChatApp.run

    def headless(self: ChatApp, **kwargs: object) -> object:
        return original(self, headless=True)

    def broken(self: ChatApp) -> None:
        raise RuntimeError("a bug in the TUI")

    monkeypatch.setattr(ChatApp, "run", headless)
    monkeypatch.setattr(ChatApp, "_render_history", broken)
    r = invoke_main(["chat", "-m", str(model)])
    assert r.exit_code == 1, r.output


# --- switching while an answer streams -----------------------------------------------------------------------


@pytest.mark.parametrize("how", ["ctrl+n", "/clear"])
def test_a_new_session_while_answering_keeps_the_partial_answer(store: Store, how: str) -> None:
    """Ctrl+N (or /clear) during an answer crashed the TUI (NoMatches on the removed view) and lost the answer."""
    fb = FakeBackend([LONG], name="m", token_delay=0.02)

    async def go() -> tuple[int, int]:
        app = ChatApp(Conversation(store, loader_of(fb), model_ref="m"))
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await streaming(pilot, app)
            first = app.conv.session_id
            if how == "ctrl+n":
                await pilot.press("ctrl+n")
            else:
                await send(pilot, app, "/clear")
            await wait_until(pilot, lambda: app.conv.session_id != first and not app.generating)
            await pilot.pause()
            assert views(app) == []
            assert app.is_running
            return first, app.conv.session_id

    first, second = asyncio.run(go())
    user, answer = store.messages(first)
    assert (user.role, user.content) == ("user", "hi")
    assert answer.role == "assistant" and answer.status == "cancelled"
    assert 0 < len(answer.content.split()) < 300
    assert store.messages(second) == []


def test_resuming_a_session_while_answering_keeps_the_partial_answer(store: Store) -> None:
    """Picking a session (Ctrl+O) during an answer crashed the TUI every time and lost the answer."""
    old = store.create_session(model="m")
    store.add_message(old, "user", "an old question")
    store.add_message(old, "assistant", "an old answer")
    fb = FakeBackend([LONG], name="m", token_delay=0.02)

    async def go() -> int:
        app = ChatApp(Conversation(store, loader_of(fb), model_ref="m"))
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await streaming(pilot, app)
            current = app.conv.session_id
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
            await pilot.press("down", "enter")  # this session first, the old one second
            await wait_until(pilot, lambda: app.conv.session_id == old and not app.generating)
            await pilot.pause()
            assert views(app) == [("user", "an old question"), ("assistant", "an old answer")]
            assert app.is_running
            return current

    current = asyncio.run(go())
    user, answer = store.messages(current)
    assert user.content == "hi" and answer.status == "cancelled" and 0 < len(answer.content.split()) < 300
    assert [m.content for m in store.messages(old)] == ["an old question", "an old answer"]


def test_switching_model_while_answering_stops_the_answer_first(store: Store) -> None:
    """/model during an answer swapped the model under it; the answer is stopped and kept, then the switch."""
    a = FakeBackend([LONG], name="a", token_delay=0.02)
    b = FakeBackend(["from b"], name="b")

    async def go() -> None:
        app = ChatApp(Conversation(store, loader_of(a, b), model_ref="a"))
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await streaming(pilot, app)
            await send(pilot, app, "/model b")
            await wait_until(pilot, lambda: app.conv.model_ref == "b" and app.model_state == "ready")
            assert not app.generating
            assert "[cancelled]" in str(app.query(MessageView).last().query_one("Label").render())
            await send(pilot, app, "again")
            await wait_until(pilot, lambda: len(views(app)) == 4 and not app.generating)
            assert views(app)[-1] == ("assistant", "from b")

    run(go())
    session = store.last_session()
    assert session is not None
    statuses = [(m.role, m.status) for m in store.messages(session.id)]
    assert statuses == [("user", "complete"), ("assistant", "cancelled"), ("user", "complete"),
                        ("assistant", "complete")]


# --- Escape while a long message is read in parts ------------------------------------------------------------


def test_escape_while_a_long_message_is_read_in_parts_stops_it(tmp_path: Path) -> None:
    """Escape did nothing while a long message was read in parts (`--long summarise`): 82 s later the reading
    ended and its empty answer was saved as complete."""
    from llorch.chat.longinput import Document
    from llorch.config import load_config, resolve_paths
    from llorch.runtime import Runtime

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    fb = slow_parts(n_ctx=600)
    text = "\n\n".join(f"p{i} " + " ".join(f"w{i}_{j}" for j in range(40)) + "." for i in range(20))
    paths = resolve_paths()

    async def go(app: ChatApp) -> None:
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await send(pilot, app, "Which paragraphs?")
            await wait_until(pilot, lambda: "Reading the input in parts" in str(app.query_one(StatusBar).render())
                             and any("[Part " in m.content for r in fb.history for m in r.messages))
            await pilot.press("escape")
            await wait_until(pilot, lambda: not app.generating)
            assert "[cancelled]" in str(app.query(MessageView).last().query_one("Label").render())

    with Runtime(paths, load_config(paths), open_model=lambda path, options, name: fb) as rt:
        conv = rt.conversation(model=str(model))
        conv.long = "summarise"
        conv.attach([Document(text, "doc.md")])
        asyncio.run(go(ChatApp(conv)))
        stored = [(m.role, m.status, m.content) for m in conv.history()]
        conv.close()
    assert 0 < fb.part_tokens < fb.part_budget, (fb.part_tokens, fb.part_budget)  # the parts stopped short
    assert stored == [("user", "complete", "Which paragraphs?"), ("assistant", "cancelled", "")]
    assert not any("Combine these answers" in m.content for r in fb.history for m in r.messages)
