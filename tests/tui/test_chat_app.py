"""The chat TUI driven by Textual's Pilot, on the fake backend and a real store."""

from __future__ import annotations

import json

import asyncio
from pathlib import Path

import pytest
from support import undated, wait_until

from llorch.chat import Conversation
from llorch.engine import FakeBackend
from llorch.store.db import Store
from llorch.tui.app import ChatApp
from llorch.tui.screens import HelpScreen, SessionsScreen
from llorch.tui.widgets import MessageView, PromptInput, StatusBar


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def make_app(store: Store, *backends: FakeBackend, session_id: int | None = None, tmp: Path | None = None) -> ChatApp:
    by_ref = {b.name: b for b in backends}
    conv = Conversation(store, lambda ref: by_ref[ref], model_ref=backends[0].name, session_id=session_id)
    return ChatApp(conv, export_dir=tmp)


def run(coro) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(coro)


def views(app: ChatApp) -> list[tuple[str, str]]:
    return [(v.role, v.text) for v in app.query(MessageView)]


def test_typing_sends_and_the_answer_streams_in(store: Store) -> None:
    fb = FakeBackend(["Paris is **the** capital."], name="m", token_delay=0.15)

    async def go() -> None:
        app = make_app(store, fb)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press(*"capital?")
            await pilot.press("enter")
            await wait_until(pilot, lambda: len(views(app)) == 2 and app.generating)
            partial = views(app)[1][1]
            await wait_until(pilot, lambda: not app.generating)
            assert views(app) == [("user", "capital?"), ("assistant", "Paris is **the** capital.")]
            assert partial != "Paris is **the** capital."  # it was seen part-way through
            status = str(app.query_one(StatusBar).render())
            assert "m · profile" in status and "tok/s" in status and f"session #{app.conv.session_id}" in status
            assert app.query_one(PromptInput).text == ""

    run(go())
    assert [m.content for m in store.messages(store.last_session().id)] == ["capital?", "Paris is **the** capital."]  # type: ignore[union-attr]


def test_escape_cancels_and_keeps_the_partial_answer(store: Store) -> None:
    fb = FakeBackend([" ".join(f"w{i}" for i in range(200))], name="m", token_delay=0.02)

    async def go() -> None:
        app = make_app(store, fb)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press("h", "i", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 2 and len(views(app)[1][1]) > 6)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not app.generating)
            assert "[cancelled]" in str(app.query(MessageView).last().query_one("Label").render())

    run(go())
    last = store.messages(store.last_session().id)[-1]  # type: ignore[union-attr]
    assert last.status == "cancelled" and 0 < len(last.content.split()) < 200


def test_resume_a_session_from_the_list(store: Store) -> None:
    old = store.create_session(model="m")
    store.add_message(old, "user", "an old question")
    store.add_message(old, "assistant", "an old answer")

    async def go() -> None:
        app = make_app(store, FakeBackend(name="m"))
        async with app.run_test() as pilot:
            assert views(app) == []
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: isinstance(app.screen, SessionsScreen))
            # The newest session (this one, empty) is first; the old one second.
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 2)
            assert views(app) == [("user", "an old question"), ("assistant", "an old answer")]
            assert app.conv.session_id == old

    run(go())


def test_continue_with_session_id_shows_history(store: Store) -> None:
    sid = store.create_session(model="m")
    store.add_message(sid, "user", "earlier")
    store.add_message(sid, "assistant", "reply")

    async def go() -> None:
        fb = FakeBackend(["next reply"], name="m")
        app = make_app(store, fb, session_id=sid)
        async with app.run_test() as pilot:
            assert views(app) == [("user", "earlier"), ("assistant", "reply")]
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press("u", "p", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 4 and not app.generating)
            assert [m.content for m in fb.history[0].messages] == ["earlier", "reply", "up"]

    run(go())


def test_prompt_history_and_multiline(store: Store) -> None:
    async def go() -> None:
        app = make_app(store, FakeBackend(name="m"))
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press("a", "enter")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 2)
            await pilot.press("b", "ctrl+j", "c")
            prompt = app.query_one(PromptInput)
            assert prompt.text == "b\nc"
            await pilot.press("enter")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 4)
            assert views(app)[2] == ("user", "b\nc")
            await pilot.press("up")
            assert prompt.text == "b\nc"
            await pilot.press("up")
            assert prompt.text == "b\nc"  # cursor now on line 0 of a 2-line text: up walks history
            await pilot.press("up")
            assert prompt.text == "a"
            await pilot.press("down")
            assert prompt.text == "b\nc"
            await pilot.press("down")
            assert prompt.text == ""  # back to the (empty) draft

    run(go())


def test_slash_commands(store: Store, tmp_path: Path) -> None:
    a, b = FakeBackend(["from a"], name="a"), FakeBackend(["from b", "retried"], name="b")

    async def go() -> None:
        app = make_app(store, a, b, tmp=tmp_path)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            for text in ("/bogus",):
                app.query_one(PromptInput).load_text(text)
                await pilot.press("enter")
            await wait_until(pilot, lambda: any("Unknown command /bogus" in str(n.message) for n in app._notifications))
            await pilot.press("h", "i", "enter")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 2)
            app.query_one(PromptInput).load_text("/model b")
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.conv.model_ref == "b" and app.model_state == "ready")
            app.query_one(PromptInput).load_text("/system talk like a pirate")
            await pilot.press("enter")
            await pilot.press("y", "o", "enter")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 4)
            assert [undated(m.content) for m in b.history[0].messages] == ["talk like a pirate", "hi", "from a", "yo"]
            app.query_one(PromptInput).load_text("/retry")
            await pilot.press("enter")
            await wait_until(pilot, lambda: not app.generating and views(app)[-1] == ("assistant", "retried"))
            assert len(views(app)) == 4
            app.query_one(PromptInput).load_text("/export md")
            await pilot.press("enter")
            await wait_until(pilot, lambda: (tmp_path / f"llorch-session-{app.conv.session_id}.md").exists())
            app.query_one(PromptInput).load_text(f"/export {tmp_path}/chat.json")  # (it wrote Markdown there)
            await pilot.press("enter")
            await wait_until(pilot, lambda: (tmp_path / "chat.json").exists())
            assert json.loads((tmp_path / "chat.json").read_text())["messages"][0]["content"] == "hi"
            app.query_one(PromptInput).load_text("/help")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, HelpScreen))
            app.query_one(PromptInput).load_text("/clear")
            await pilot.press("enter")
            await wait_until(pilot, lambda: views(app) == [])

    run(go())


def test_model_that_fails_to_load_is_reported(store: Store) -> None:
    from llorch.errors import ModelNotFoundError

    def loader(ref: str) -> FakeBackend:
        raise ModelNotFoundError(f"model '{ref}' not found")

    async def go() -> None:
        app = ChatApp(Conversation(store, loader, model_ref="ghost"))
        async with app.run_test() as pilot:
            # The state is set, then the notice posted (two calls from the loading thread): wait for both.
            await wait_until(pilot, lambda: app.model_state == "failed" and
                             any("model 'ghost' not found" in str(n.message) for n in app._notifications))
            assert "no model" in str(app.query_one(StatusBar).render())

    run(go())


def test_ui_stays_responsive_while_the_model_loads(store: Store) -> None:
    import threading

    release = threading.Event()

    def slow_loader(ref: str) -> FakeBackend:
        release.wait(60)
        return FakeBackend(name=ref)

    async def go() -> None:
        app = ChatApp(Conversation(store, slow_loader, model_ref="slow"))
        async with app.run_test() as pilot:
            assert "loading slow" in str(app.query_one(StatusBar).render())
            await pilot.press("f1")  # keys are handled while the model is still loading
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            await pilot.press("escape")
            release.set()
            await wait_until(pilot, lambda: app.model_state == "ready")

    run(go())


def test_notices_never_cover_the_prompt_box(store: Store) -> None:
    """Start-up notices covered the input box for 10-20 s."""
    fb = FakeBackend(["hi"], name="m")

    async def go() -> None:
        app = ChatApp(Conversation(store, lambda ref: fb, model_ref="m"), note="profile general: its chat models are "
                      "not pulled (`llorch profiles show general`); starter answers")
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            app.notify("Loaded the model; the system prompt is cached for the first answer", timeout=30)
            await wait_until(pilot, lambda: len(app.screen.query("Toast")) >= 2)
            await pilot.pause(0.3)
            prompt = app.query_one(PromptInput).region
            toasts = [t.region for t in app.screen.query("Toast")]
            assert toasts and all(r.area for r in toasts)  # they are on screen ...
            for region in toasts:
                assert not region.overlaps(prompt), (region, prompt)  # ... and not over the prompt box

    run(go())


def test_a_long_prompt_shows_its_progress_and_a_cut_answer_says_so(store: Store) -> None:
    """A real scheduler (FakeSlots) reads 200 words in chunks of 16: the status bar follows it; the
    answer stops at max_tokens, and a note says so."""
    from llorch.engine.types import Sampling
    from llorch.orchestra.fake import fake_worker

    worker = fake_worker(n_seq=2, n_ctx=4096, n_batch=16, name="m")
    conv = Conversation(store, lambda ref: worker, model_ref="m", sampling=Sampling(temperature=0.0, max_tokens=3))
    long = " ".join(f"word{i}" for i in range(200))

    async def go() -> None:
        app = ChatApp(conv)
        states: list[str] = []
        refresh = app._refresh_status

        def record(state: str = "") -> None:
            states.append(state)
            refresh(state)

        app._refresh_status = record  # type: ignore[method-assign]
        async with app.run_test(notifications=True) as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            prompt = app.query_one(PromptInput)
            prompt.text = long
            await pilot.press("enter")
            await wait_until(pilot, lambda: len(views(app)) == 2 and not app.generating)
            await wait_until(pilot, lambda: any("cut" in str(n.message) for n in app._notifications))
            notes = [str(n.message) for n in app._notifications]
        reading = [s for s in states if s.startswith("reading prompt ")]
        # BOS, "<user>", 200 words, "<assistant>": 203 tokens, reported at admission and per chunk of 16
        assert reading == [f"reading prompt {n}/203 tokens" for n in [*range(0, 203, 16), 203]], states
        assert states[states.index(reading[-1]) + 1] == "answering…"  # back once the answer starts
        assert "the answer was cut at 3 tokens (sampling.max_tokens)" in notes

    try:
        run(go())
    finally:
        worker.close()


def test_latex_math_in_an_answer_is_shown_as_text_and_kept_as_written(store: Store) -> None:
    """The 1.5B's `\\( 16\\pi \\)` showed as "( 16\\pi )" (Markdown ate the backslashes); it shows as 16π, as it
    streams and when the session is opened again, while the session keeps what the model wrote."""
    from textual.widgets import Markdown

    answer = "The area is \\( 16\\pi \\) cm², from \\[ A = \\frac{\\pi d^2}{4} \\]"
    shown = "The area is 16π cm², from A = (π d²)/4"

    def markdown(app: ChatApp) -> list[str]:
        return [v.query_one(Markdown).source for v in app.query(MessageView)]

    async def go() -> None:
        fb = FakeBackend([answer], name="m", token_delay=0.02)
        app = make_app(store, fb)
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press(*"area?", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 2 and not app.generating)
            assert views(app)[1] == ("assistant", answer) and markdown(app)[1] == shown
        sid = app.conv.session_id
        again = make_app(store, FakeBackend(["-"], name="m"), session_id=sid)
        async with again.run_test():
            assert markdown(again) == ["area?", shown]
        fb = FakeBackend(["-"], name="m")
        by_config = ChatApp(Conversation(store, lambda ref: fb, model_ref="m", session_id=sid), math=False)  # "latex"
        async with by_config.run_test():
            assert markdown(by_config) == ["area?", answer]

    run(go())
    assert [m.content for m in store.messages(store.last_session().id)] == ["area?", answer]  # type: ignore[union-attr]


def test_a_math_span_the_answer_never_ends_is_shown_as_written_when_it_finishes(store: Store) -> None:
    from textual.widgets import Markdown

    answer = "Half of it: \\( x + y"  # held back while it streamed: its end might have come

    async def go() -> None:
        app = make_app(store, FakeBackend([answer], name="m", token_delay=0.02))
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await pilot.press(*"half?", "enter")
            await wait_until(pilot, lambda: len(views(app)) == 2 and not app.generating)
            assert list(app.query(MessageView))[1].query_one(Markdown).source == answer

    run(go())
