"""Conversation on the fake backend with a real SQLite store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import undated

from llorch.chat import Conversation, Notice, TurnDone
from llorch.chat.export import export_session
from llorch.engine import FakeBackend, Sampling, TokenEvent
from llorch.errors import GenerationError, LlorchError, StoreError
from llorch.store.db import Store


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def conv_with(store: Store, *backends: FakeBackend, **kw: object) -> Conversation:
    by_ref = {b.name: b for b in backends}
    return Conversation(store, lambda ref: by_ref[ref], model_ref=backends[0].name, **kw)  # type: ignore[arg-type]


def drain(events):  # type: ignore[no-untyped-def]
    return list(events)


def test_a_turn_is_stored_with_its_numbers(store: Store) -> None:
    fb = FakeBackend(["Hello there friend"], name="m")
    conv = conv_with(store, fb, system="be brief")
    events = drain(conv.send("hi"))
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == "Hello there friend"
    done = events[-1]
    assert isinstance(done, TurnDone) and done.status == "complete"
    msgs = store.messages(conv.session_id)
    assert [(m.role, m.content, m.status) for m in msgs] == [("user", "hi", "complete"), ("assistant", "Hello there friend", "complete")]
    assert msgs[1].completion_tokens == 3 and msgs[1].model == "m"
    assert [m.role for m in fb.history[0].messages] == ["system", "user"]


def test_second_turn_sees_the_first(store: Store) -> None:
    fb = FakeBackend(["one", "two"], name="m")
    conv = conv_with(store, fb)
    drain(conv.send("first"))
    drain(conv.send("second"))
    assert [(m.role, m.content) for m in fb.history[1].messages] == [("user", "first"), ("assistant", "one"), ("user", "second")]


def test_cancel_keeps_partial_answer_marked_cancelled(store: Store) -> None:
    import threading

    tokens = threading.Semaphore(2)  # the model makes two tokens, then waits for the cancel
    fb = FakeBackend(["a b c d e f"], name="m", token_delay=1.0,
                     sleep=lambda _s: tokens.acquire(blocking=False) or fb._cancel.wait(10))
    conv = conv_with(store, fb)
    seen = []
    for event in conv.send("go"):
        seen.append(event)
        if isinstance(event, TokenEvent) and sum(isinstance(e, TokenEvent) for e in seen) == 2:
            conv.cancel()
    done = seen[-1]
    # The token the model was making when the cancel came is kept; nothing after it.
    assert isinstance(done, TurnDone) and done.status == "cancelled" and done.text == "a b c"
    assert store.messages(conv.session_id)[-1].status == "cancelled"


def test_reader_going_away_saves_partial_as_cancelled(store: Store) -> None:
    conv = conv_with(store, FakeBackend(["a b c d"], name="m"))
    gen = conv.send("go")
    while not isinstance(next(gen), TokenEvent):
        pass
    gen.close()
    last = store.messages(conv.session_id)[-1]
    assert (last.role, last.content, last.status) == ("assistant", "a", "cancelled")


def test_failure_is_stored_as_error_and_reported(store: Store) -> None:
    conv = conv_with(store, FakeBackend([GenerationError("kaput")], name="m"))
    done = drain(conv.send("go"))[-1]
    assert isinstance(done, TurnDone) and (done.status, done.error) == ("error", "kaput")
    fb = FakeBackend(["a b c"], name="n", fail_after=1)
    conv2 = conv_with(store, fb)
    done = drain(conv2.send("go"))[-1]
    assert isinstance(done, TurnDone) and done.status == "error" and "fake failure" in (done.error or "")
    assert store.messages(conv2.session_id)[-1].status == "error"


def test_old_turns_are_dropped_to_fit_never_the_system_prompt(store: Store) -> None:
    fb = FakeBackend(["ok"] * 10, name="m", n_ctx=40)
    conv = conv_with(store, fb, system="SYSTEM", sampling=Sampling(max_tokens=4))
    notices = []
    for i in range(6):
        notices += [e for e in conv.send(f"message number {i} with some words") if isinstance(e, Notice)]
    assert len(notices) == 1 and "left out" in notices[0].text
    last = fb.history[-1].messages
    assert undated(last[0].content) == "SYSTEM"
    assert last[-1].content == "message number 5 with some words"
    assert len(last) < 12  # some turns were left out...
    assert len(store.messages(conv.session_id)) == 12  # ...but all stay saved
    assert "(they stay saved)" in notices[0].text
    with Store.memory() as scratch:  # a one-shot run's: nothing is saved, and the note does not say it is
        conv = conv_with(scratch, FakeBackend(["ok"] * 10, name="m", n_ctx=40), system="SYSTEM",
                         sampling=Sampling(max_tokens=4))
        notices = [e for i in range(6) for e in conv.send(f"message number {i} with some words") if isinstance(e, Notice)]
        assert len(notices) == 1 and notices[0].text.endswith("left out of what the model sees.")


def test_retry_replaces_the_last_answer(store: Store) -> None:
    fb = FakeBackend(["first try", "second try"], name="m")
    conv = conv_with(store, fb)
    drain(conv.send("q"))
    drain(conv.retry())
    assert [(m.role, m.content) for m in store.messages(conv.session_id)] == [("user", "q"), ("assistant", "second try")]
    fresh = conv_with(store, FakeBackend(name="m"))
    with pytest.raises(LlorchError, match="nothing to retry"):
        drain(fresh.retry())


def test_a_failed_turn_is_saved_with_its_reason(store: Store) -> None:
    conv = conv_with(store, FakeBackend([GenerationError("the model crashed")], name="m"))
    done = drain(conv.send("go"))[-1]
    assert isinstance(done, TurnDone) and done.message_id > 0
    last = store.messages(conv.session_id)[-1]
    assert (last.id, last.role, last.status) == (done.message_id, "assistant", "error")
    assert json.loads(last.meta)["error"] == "the model crashed"


def test_an_error_outside_the_model_is_saved_too(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever fails while a turn is answered ends it as a saved error, never an exception the front end
    turns into an unsaved "[error]"."""
    conv = conv_with(store, FakeBackend(["never shown"], name="m"))
    calls = [0]
    real = conv.history

    def history():  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == 1:
            raise StoreError("database is locked")
        return real()

    monkeypatch.setattr(conv, "history", history)
    done = drain(conv.send("go"))[-1]
    assert isinstance(done, TurnDone) and (done.status, done.error) == ("error", "database is locked")
    last = real()[-1]
    assert last.status == "error" and json.loads(last.meta)["error"] == "database is locked"


def test_retry_after_a_failed_turn_with_tool_calls_answers_that_message_again(store: Store) -> None:
    """The tool call the failed turn made stays (it was done); the error goes; the message is answered."""
    from llorch.config import resolve_paths
    from llorch.profiles import parse_profile
    from llorch.tools.calls import ToolBox

    profile = parse_profile({"models": {"chat": ["m"]}, "tools": {"enabled": ["math"], "auto": "on"}}, "t", name="calc")
    call = '{"name": "math", "arguments": {"expression": "6*7"}}'
    fb = FakeBackend([call, '{"name": "none"}', GenerationError("kaput"), '{"name": "none"}', "It is 42."], name="m")
    conv = conv_with(store, fb, profile=profile, toolbox=ToolBox(resolve_paths()))
    assert drain(conv.send("what is 6*7 in total?"))[-1].status == "error"
    assert [(m.role, m.status) for m in store.messages(conv.session_id)] == [
        ("user", "complete"), ("tool", "complete"), ("assistant", "error")]
    done = drain(conv.retry())[-1]
    assert isinstance(done, TurnDone) and (done.status, done.text) == ("complete", "It is 42.")
    assert [(m.role, m.content) for m in store.messages(conv.session_id)] == [
        ("user", "what is 6*7 in total?"), ("tool", "6*7 = 42"), ("assistant", "It is 42.")]
    # The model saw the question, the call and its result: it answered rather than call the tool again.
    assert [m.content for m in fb.history[-1].messages][-3:] == ["what is 6*7 in total?", call, "[tool result] math: 6*7 = 42"]


def test_switching_model_carries_the_conversation(store: Store) -> None:
    a, b = FakeBackend(["from a"], name="a"), FakeBackend(["from b"], name="b")
    conv = conv_with(store, a, b)
    drain(conv.send("hello"))
    conv.switch_model("b")
    assert a.closed
    drain(conv.send("and you?"))
    assert [m.content for m in b.history[0].messages] == ["hello", "from a", "and you?"]
    assert store.get_session(conv.session_id).model == "b"
    assert [m.model for m in store.messages(conv.session_id) if m.role == "assistant"] == ["a", "b"]


def test_resume_and_export(store: Store) -> None:
    conv = conv_with(store, FakeBackend(["answer **bold**"], name="m"))
    drain(conv.send("question"))
    sid = conv.session_id
    conv.new_session()
    assert conv.history() == []
    conv.resume(sid)
    assert [m.content for m in conv.history()] == ["question", "answer **bold**"]
    md = export_session(store, sid, "md")
    assert "## You\n\nquestion" in md and "answer **bold**" in md
    import json

    data = json.loads(export_session(store, sid, "json"))
    assert [m["role"] for m in data["messages"]] == ["user", "assistant"]


def test_close_waits_for_an_answer_running_in_another_thread(store: Store) -> None:
    import threading

    fb = FakeBackend([" ".join(["w"] * 500)], name="m", token_delay=0.01)
    conv = conv_with(store, fb)
    started = threading.Event()

    def worker() -> None:
        for _ in conv.send("go"):
            started.set()

    t = threading.Thread(target=worker)
    t.start()
    assert started.wait(5)
    conv.close()  # cancels, waits for the worker's turn to end, then frees the model
    assert fb.closed
    t.join(5)
    assert not t.is_alive()
    assert store.messages(conv.session_id)[-1].status == "cancelled"


def test_an_oversize_message_fails_once_and_the_next_turns_work(store: Store) -> None:
    fb = FakeBackend(["fine", "also fine"], name="m", n_ctx=64)
    conv = conv_with(store, fb)
    done = drain(conv.send("word " * 200))[-1]
    assert isinstance(done, TurnDone) and done.status == "error" and "context holds 64" in (done.error or "")
    for text in ("short one", "short two"):
        done = drain(conv.send(text))[-1]
        assert isinstance(done, TurnDone) and done.status == "complete"
    users = [m.content for m in fb.history[-1].messages if m.role == "user"]
    assert users == ["short one", "short two"]  # the failed message is left out, not merged into the next
    assert [m.role for m in store.messages(conv.session_id)] == ["user", "assistant", "user", "assistant", "user", "assistant"]


def test_set_changes_sampling_for_the_following_messages_and_outlives_a_profile_switch(tmp_path: Path) -> None:
    from llorch.errors import ConfigError, InputError
    from llorch.profiles import parse_profile

    def resolve(name: str):  # type: ignore[no-untyped-def]
        from llorch.profiles.select import Selection

        prof = parse_profile({"models": {"chat": ["m"]}, "sampling": {"temperature": 0.1 if name == "b" else 0.7}},
                             "t", name=name)
        return prof, Selection("m", ("m",), None)

    fb = FakeBackend(["one", "two", "three", "four"], name="m")
    with Store.open(tmp_path / "db.sqlite") as store:
        profile, _ = resolve("a")
        conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, resolve_profile=resolve)
        list(conv.send("first"))
        status = conv.set_sampling("temperature 0")
        assert status.startswith("sampling: temperature 0,") and status.endswith("(set here or by flags: temperature)")
        conv.set_sampling("max-tokens 7")
        list(conv.send("second"))
        conv.switch_profile("b")  # the profile's own sampling underneath, the changes over it
        list(conv.send("third"))
        conv.set_sampling("temperature default")
        list(conv.send("fourth"))
        for bad in ("temperature", "colour 3", "top_p 3", "seed x"):
            with pytest.raises((InputError, ConfigError)):
                conv.set_sampling(bad)
        assert "seed random" in conv.set_sampling("seed -1")
    used = [(r.sampling.temperature, r.sampling.max_tokens) for r in fb.history]
    assert used[0][0] == 0.7 and used[1] == (0.0, 7) and used[2] == (0.0, 7) and used[3] == (0.1, 7)


def test_logprobs_give_each_token_and_the_stored_answer_a_confidence(store: Store) -> None:
    from llorch.orchestra.fake import fake_worker

    worker = fake_worker(name="m", eos_after=6)
    try:
        conv = Conversation(store, lambda ref: worker, model_ref="m", logprobs=True, top_logprobs=2)
        events = drain(conv.send("hi there"))
        done = events[-1]
        assert isinstance(done, TurnDone) and done.completion is not None and done.completion.logprobs
        scored = [e.token_logprob for e in events if isinstance(e, TokenEvent) and e.token_logprob is not None]
        assert scored == list(done.completion.logprobs) and all(len(t.top) == 2 for t in scored)
        assert done.mean_logprob == pytest.approx(sum(t.logprob for t in scored) / len(scored))
        assert done.mean_entropy == pytest.approx(sum(t.entropy or 0 for t in scored) / len(scored))
        meta = json.loads(store.messages(conv.session_id)[-1].meta)
        assert meta["confidence"] == {"mean_logprob": done.mean_logprob, "mean_entropy": done.mean_entropy}
        plain = Conversation(store, lambda ref: worker, model_ref="m")
        done = drain(plain.send("hi there"))[-1]
        assert done.mean_logprob is None and "confidence" not in store.messages(plain.session_id)[-1].meta
    finally:
        worker.close()


def test_the_system_prompt_ends_with_todays_date_unless_there_is_none_or_a_client_sent_it(
        store: Store, tmp_path: Path) -> None:
    """Asked "What is today's date?", the 1.5B said 2023-10-05: a model cannot know the date, so the system
    prompt ends with it (by the tools' clock, a day's text: a chat's turns stay cached all day). No system
    prompt gets none; an API request (history given) is sent as the client wrote it."""
    from datetime import datetime, timedelta, timezone

    from llorch.config import resolve_paths
    from llorch.tools.calls import ToolBox

    now = datetime(2026, 6, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    fb = FakeBackend(["sure"], name="m")
    conv = Conversation(store, lambda ref: fb, model_ref="m", system="Be brief.",
                        toolbox=ToolBox(resolve_paths(), now=lambda: now))
    drain(conv.send("What is today's date?"))
    assert fb.history[-1].messages[0].content == "Be brief.\nToday is Wednesday 3 June 2026."
    now += timedelta(hours=1)
    drain(conv.send("And now?"))  # later the same day: the same system prompt, the first turn's cache reused
    assert fb.history[-1].messages[0].content == "Be brief.\nToday is Wednesday 3 June 2026."
    bare = Conversation(store, lambda ref: fb, model_ref="m", system="", toolbox=ToolBox(resolve_paths(), now=lambda: now))
    drain(bare.send("hi"))
    assert [m.role for m in fb.history[-1].messages] == ["user"]
    api = Conversation(store, lambda ref: fb, model_ref="m", system="Be brief.",
                       toolbox=ToolBox(resolve_paths(), now=lambda: now))
    api.dated = False  # as Runtime.ask sets it for a request that brings its history
    drain(api.send("hi"))
    assert fb.history[-1].messages[0].content == "Be brief."


def test_an_api_request_gets_no_date_line(tmp_path: Path) -> None:
    from llorch.chat.prompt import Turn
    from llorch.config import load_config, resolve_paths
    from llorch.runtime import Runtime, TurnDone

    fb = FakeBackend(["ok"], name="m")
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    paths = resolve_paths()
    with Runtime(paths, load_config(paths), open_model=lambda path, options, name: fb) as rt:
        events = list(rt.ask("", model=str(model), system="Be brief.", history=(Turn("user", "hi"),), tools=()))
        assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"
        assert fb.history[-1].messages[0].content == "Be brief."
        list(rt.ask("hi", model=str(model), system="Be brief."))
        assert fb.history[-1].messages[0].content.startswith("Be brief.\nToday is ")
