"""llorch.Runtime, the core API every front end calls: one event stream for answers and conversations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.engine.types import TokenEvent
from llorch.runtime import Loading, Notice, Runtime, Turn, TurnDone

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")  # resolved as a path; the scripted backend stands in for it
    return f


def use_default(model_file: Path) -> None:
    """config.toml's default_model: the scripted model (so no test assembles the starter)."""
    from llorch.config import write_toml_atomic

    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model_file)})


def runtime(backend: FakeBackend, opened: list[str] | None = None) -> Runtime:
    paths = resolve_paths()

    def open_model(path: Path, options: object, name: str) -> FakeBackend:
        if opened is not None:
            opened.append(name)
        return backend

    return Runtime(paths, load_config(paths), open_model=open_model)


def test_ask_yields_one_event_stream_and_saves_nothing(model_file: Path) -> None:
    fb = FakeBackend(["Paris is the capital"], name="m")
    with runtime(fb) as rt:
        events = list(rt.ask("The capital of France?", model=str(model_file), profile="general"))
        assert rt.store.list_sessions() == []  # a one-shot answer is not a session
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] == "Loading" and kinds[-1] == "TurnDone"
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == "Paris is the capital"
    done = events[-1]
    assert isinstance(done, TurnDone) and done.status == "complete" and done.mode == "chat"
    assert done.source is not None and done.source.kind == "model" and not done.source.fallback
    assert done.worker is not None and done.worker.requests == 1
    (request,) = fb.history
    assert request.messages[-1].content == "The capital of France?"


def test_ask_says_when_the_profile_models_are_missing_and_raw_mode_for_base_models(model_file: Path) -> None:
    use_default(model_file)
    fb = FakeBackend(["once upon"], name="base", is_base_model=True, chat_template=None)
    with runtime(fb) as rt:
        events = list(rt.ask("Tell me", sampling={"max_tokens": 3}))
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert any("its chat models are not pulled" in n for n in notices)
    assert any("using plain completion" in n for n in notices)
    done = events[-1]
    assert isinstance(done, TurnDone) and done.mode == "raw"
    assert fb.history[-1].prompt == "Tell me" and fb.history[-1].sampling.max_tokens == 3


def test_conversations_are_saved_and_continue(model_file: Path) -> None:
    fb = FakeBackend(["one", "two"], name="m")
    with runtime(fb) as rt:
        conv = rt.conversation(model=str(model_file))
        list(conv.send("first"))
        again = rt.conversation(continue_last=True)
        assert again.session_id == conv.session_id
        done = list(again.send("second"))[-1]
        assert isinstance(done, TurnDone) and done.text == "two"
        assert [m.content for m in rt.store.messages(conv.session_id)] == ["first", "one", "second", "two"]
    assert [m.content for m in fb.history[-1].messages if m.role != "system"] == ["first", "one", "second"]


def test_one_worker_per_model_serves_every_request_of_a_runtime(model_file: Path) -> None:
    opened: list[str] = []
    fb = FakeBackend(["a", "b", "c"], name="m")
    with runtime(fb, opened) as rt:
        for _ in range(3):
            events = list(rt.ask("hi", model=str(model_file)))
            assert isinstance(events[-1], TurnDone)
            assert not any(isinstance(e, Loading) for e in events) or len(opened) == 1
    assert opened == [str(model_file)]
    assert fb.closed  # closing the runtime stops the worker, then frees the model


def test_a_bundled_models_old_name_is_its_own_so_a_server_loads_it_once(model_file: Path) -> None:
    with runtime(FakeBackend([], name="m")) as rt:
        old, own = rt.target("starter"), rt.target("qwen-0.5b")
    assert (old.name, old.chain) == (own.name, own.chain) == ("qwen-0.5b", ("qwen-0.5b",))


def test_a_named_model_that_fails_does_not_answer_with_a_cached_answer(model_file: Path) -> None:
    from llorch.errors import GenerationError

    use_default(model_file)
    fb = FakeBackend(["cached answer", GenerationError("kaput")], name="m")
    with runtime(fb) as rt:
        first = list(rt.ask("same question", profile="general"))[-1]
        assert isinstance(first, TurnDone) and first.text == "cached answer"
        second = list(rt.ask("same question", model=str(model_file)))[-1]
    assert isinstance(second, TurnDone) and second.status == "error" and "kaput" in (second.error or "")


@pytest.mark.starter
def test_the_readme_python_example_runs(starter_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Use llorch from Python"):]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    exec(compile(code.group(1), "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert re.search(r"\[\d+ tokens, model qwen-0\.5b\]", out)  # the test home's default: the fast model
    assert "| session 1" in out


def test_llorch_ps_shows_what_a_running_process_has_loaded(model_file: Path) -> None:
    """A long-running process publishes its pool; `llorch ps` (another process, here the same one) reads it."""
    import json
    import os

    from support import invoke_main

    from llorch.orchestra.published import read_all

    fb = FakeBackend(["hello"], name="m")
    rt = runtime(fb)
    try:
        rt.start_housekeeping(command="llorch chat")
        assert json.loads(invoke_main(["ps", "--json"]).stdout) == [
            {"pid": os.getpid(), "command": "llorch chat", "started": pytest.approx(0, abs=1e12),
             "updated": pytest.approx(0, abs=1e12), "models": []}]
        list(rt.ask("hi", model=str(model_file)))
        rt.housekeep()
        (proc,) = json.loads(invoke_main(["ps", "--json"]).stdout)
        (row,) = proc["models"]
        assert row["model"] == str(model_file) and row["slots_total"] == 1 and row["requests"] == 1
        assert row["breaker"] == "closed" and row["expires_in_s"] == pytest.approx(300, abs=5)
        table = invoke_main(["ps"]).stdout
        assert "MODEL" in table and "KEEP" not in table and str(os.getpid()) in table and "closed" in table
    finally:
        rt.close()
    assert invoke_main(["ps"]).stdout.startswith("No models are loaded")
    stale = resolve_paths().cache_dir / "ps" / "999999999.json"  # a process killed before it could clean up
    stale.write_text(json.dumps({"pid": 999999999, "models": [{"model": "x"}]}))
    assert read_all(resolve_paths().cache_dir) == [] and not stale.exists()


def test_a_bundled_model_answers_with_its_own_sampling_under_the_profiles(model_file: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import llorch.models.registry as registry

    monkeypatch.setattr(registry, "ensure_starter", lambda paths, ref: model_file)  # the scripted model stands in
    fb = FakeBackend(["ok"] * 3, name="m")
    with runtime(fb) as rt:
        for model, profile in (("qwen-0.5b", "general"), ("starter", "dev"), (str(model_file), "general")):
            list(rt.ask("hi", model=model, profile=profile, tools=()))
    bundled, dev, other = (r.sampling for r in fb.history)
    assert (bundled.top_k, bundled.top_p, bundled.repeat_penalty) == (20, 0.8, 1.1)  # Qwen's published settings
    assert bundled.temperature == 0.7 and dev.temperature == 0.2 and dev.top_k == 20  # a profile's own win
    assert (other.top_k, other.top_p, other.repeat_penalty) == (40, 0.95, 1.1)  # any other file: llorch's defaults


def test_drafted_and_accepted_tokens_reach_the_answer_and_llorch_ps(model_file: Path) -> None:
    """With speculative = "ngram", a prompt the (copying) fake model repeats is answered partly from
    drafts: the answer's timings and `llorch ps` (JSON and table) count them."""
    import json

    from support import invoke_main

    from llorch.config import write_toml_atomic
    from llorch.orchestra.fake import copying_model, fake_worker

    write_toml_atomic(resolve_paths().config_file, {"engine": {"speculative": "ngram"}})
    paths = resolve_paths()
    rt = Runtime(paths, load_config(paths), open_model=lambda path, options, name: fake_worker(
        name=name, vocab=12, n_ctx=2048, model=copying_model(12), speculative=options.speculative))
    try:
        rt.start_housekeeping(command="llorch chat")
        done = list(rt.ask("w2 w3 w4 w5 w2 w3 w4 w5 w2 w3", model=str(model_file), sampling={"temperature": 0.0,
                                                                                             "max_tokens": 30}))[-1]
        assert isinstance(done, TurnDone) and done.completion is not None
        t = done.completion.timings
        assert t.draft_tokens >= t.draft_accepted > 0
        rt.housekeep()
        (proc,) = json.loads(invoke_main(["ps", "--json"]).stdout)
        (row,) = proc["models"]
        assert (row["drafted"], row["accepted"]) == (t.draft_tokens, t.draft_accepted)
        assert f"{t.draft_accepted / t.draft_tokens:.0%} of {t.draft_tokens}" in invoke_main(["ps"]).stdout
    finally:
        rt.close()


def test_decide_returns_the_first_tool_decision_without_running_it(model_file: Path) -> None:
    """`llorch eval tools` scores the decision a turn would make first; the call itself never runs."""
    import json

    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "tomorrow noon"}})
    fb = FakeBackend([add, '{"name": "none"}'], name="m")
    with runtime(fb) as rt:
        decision = rt.decide("Add lunch tomorrow at noon", model=str(model_file), profile="productivity")
        words = rt.decide("Tell me a joke", model=str(model_file), profile="productivity")
        quiet = rt.decide("Tell me a joke", model=str(model_file), profile="general")  # its tools are off
        assert rt.store.list_sessions() == []
    assert decision.call is not None and decision.call.name == "calendar"
    assert dict(decision.call.arguments) == {"action": "add", "title": "Lunch", "start": "tomorrow noon"}
    assert set(decision.offered) == {"calendar", "documents", "math"} and decision.completion is not None
    assert words.call is None and words.completion is not None
    assert quiet.call is None and quiet.completion is None and quiet.offered == ()
    assert not (resolve_paths().data_dir / "calendar.ics").exists()  # decided, not run
    assert len(fb.history) == 2  # one request per decision, none to answer in words
    first = fb.history[0]
    assert first.grammar_schema is not None and "calendar" in first.grammar_schema
    assert first.messages[-1].content.startswith("Add lunch tomorrow at noon\n\n(If a tool is needed")  # the decision hint


def test_decide_reports_the_math_call_a_plain_arithmetic_question_gets_without_a_model_decision(model_file: Path) -> None:
    fb = FakeBackend([], name="m")
    with runtime(fb) as rt:
        decision = rt.decide("What is 2 to the power 40?", model=str(model_file), profile="general")  # tools.auto off
    assert decision.call is not None and (decision.call.name, dict(decision.call.arguments)) == ("math", {"expression": "2 ** 40"})
    assert decision.completion is None and fb.history == []  # the model was not asked


def test_warming_puts_each_profiles_prefix_in_the_cache_and_on_disk_for_the_next_server(model_file: Path) -> None:
    """`llorch serve` warms, at start, the prompt prefix of every profile its model answers for: the
    first request of each reads only its own words; the next server restores them instead."""
    from llorch.orchestra.fake import FakeSlots
    from llorch.orchestra.kvdisk import SeqStateStore
    from llorch.orchestra.worker import Worker

    use_default(model_file)  # no profile's own models are here: the default model answers for all
    paths = resolve_paths()
    engines: list[FakeSlots] = []
    warmed_as: list[str] = []

    def open_model(path: Path, options: object, name: str) -> Worker:
        engines.append(FakeSlots(n_seq=4, n_ctx=2048, name="m"))
        key, kv = engines[-1].state_key(), paths.cache_dir / "kv"
        worker = Worker(engines[-1], name=name, disk=SeqStateStore(kv, key), prefixes=SeqStateStore.prefixes(kv, key))
        warm = worker.warm
        worker.warm = lambda request: warmed_as.append(request.priority) or warm(request)  # type: ignore[method-assign]
        return worker

    ref = str(model_file)
    with Runtime(paths, load_config(paths), open_model=open_model) as rt:
        assert sorted(rt.warm_prefixes(ref)) == ["academic", "dev", "general", "productivity"]
        assert warmed_as and set(warmed_as) == {"bulk"}  # background work: a request meanwhile goes first
        warmed = engines[0].tokens_decoded
        # As the server asks (tools=(): it runs none of llorch's own): only the question is read.
        done = list(rt.ask("", history=[Turn("user", "hello there")], profile="dev", tools=(), cache=False))[-1]
        assert isinstance(done, TurnDone) and done.completion is not None
        assert done.completion.timings.prompt_eval_tokens <= 4 < done.completion.usage.cached_tokens
    saved = list((paths.cache_dir / "kv" / "prefixes").glob("*/*.seq"))
    assert len(saved) >= 3  # general's system prompt is under the 32 tokens worth a file, on this fake
    with Runtime(paths, load_config(paths), open_model=open_model) as rt:  # the next server
        rt.warm_prefixes(ref)
        assert engines[1].tokens_decoded < warmed // 3
        assert rt.models.get(ref).stats().kv.restored_prefix > 0
