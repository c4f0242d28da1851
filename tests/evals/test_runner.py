"""An evaluation end to end above the engine: items asked through a Runtime on scripted models, checked,
saved in a real SQLite store, read back and compared item by item."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Timings, TokenLogprob, Usage
from llorch.errors import ModelLoadError, StoreError
from llorch.evals.answer import NoWrites, RuntimeAnswerer, mean_logprob
from llorch.evals.compare import compare_runs
from llorch.evals.history import list_runs, load_run, save_run
from llorch.evals.runner import Answer, EvalInterrupted, EvalRun, run_eval
from llorch.evals.tasks import TaskItem, TaskSet, load_set, parse_items
from llorch.runtime import Runtime
from llorch.store.db import Store

NOW = datetime(2026, 12, 3, 16, 40, tzinfo=timezone.utc)


def items(*rows: dict[str, object]) -> tuple[TaskItem, ...]:
    return parse_items("\n".join(json.dumps(r) for r in rows), "t.jsonl")


QUIZ = TaskSet("quiz", items({"id": "a", "prompt": "2+2?", "expected": 4}, {"id": "b", "prompt": "3+3?", "expected": 6},
                             {"id": "c", "prompt": "Sky?", "expected": "blue"}))


class Clock:
    """Each reading is one second after the last: every item takes exactly 1 s."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 0.5
        return self.t


def test_run_eval_checks_each_answer_and_sums_up() -> None:
    replies = {"a": Answer("It is 4.", tokens=3, mean_logprob=-0.5), "b": Answer("7", tokens=1),
               "c": Answer("", error="the model failed")}
    seen: list[tuple[str, int]] = []
    (result,) = run_eval([QUIZ], lambda s, item, k: replies[item.id], clock=Clock(), now=NOW,
                         progress=lambda s, k: seen.append((s.name, k)))
    assert seen == [("quiz", 0), ("quiz", 1), ("quiz", 2)]
    assert [(i.id, i.correct) for i in result.items] == [("a", True), ("b", False), ("c", False)]
    assert (result.correct, result.total, result.errors) == (1, 3, 1)
    assert result.seconds == 1.5 and result.items_per_s == 2.0  # 0.5 s each by the injected clock
    low, high = result.interval
    assert 0 < low < 1 / 3 < high < 1
    assert result.mean_logprob == -0.5  # over the answers that had log-probabilities
    summary = result.summary()
    assert summary["ci95"] == [round(low, 4), round(high, 4)] and summary["accuracy"] == 0.3333


def test_an_unasked_write_decision_is_counted() -> None:
    tools = TaskSet("t", items(
        {"id": "w", "prompt": "I had lunch with Sam.", "check": "tool-call", "expected": {"tool": None}},
        {"id": "x", "prompt": "Add lunch with Sam tomorrow at noon.", "check": "tool-call",
         "expected": {"tool": "calendar", "arguments": {"action": "add"}}},
        {"id": "y", "prompt": "What is on my calendar?", "check": "tool-call",
         "expected": {"tool": "calendar", "arguments": {"action": "list"}}},
    ))
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "tomorrow noon"}})
    lst = json.dumps({"name": "calendar", "arguments": {"action": "list"}})
    said = {"w": add, "x": add, "y": lst}
    (result,) = run_eval([tools], lambda s, item, k: Answer(said[item.id]), now=NOW)
    assert [(i.correct, i.unasked_write) for i in result.items] == [(False, True), (True, False), (True, False)]
    assert result.unasked_writes == 1 and result.decisions == 3
    removal = json.dumps({"name": "calendar", "arguments": {"action": "remove", "title": "Lunch"}})
    wrong_kind = TaskSet("t", items({"id": "z", "prompt": "Add lunch with Sam tomorrow at noon.", "check": "tool-call",
                                     "expected": {"tool": "calendar", "arguments": {"action": "add"}}}))
    (result,) = run_eval([wrong_kind], lambda s, item, k: Answer(removal), now=NOW)
    assert result.items[0].unasked_write  # asked to add, a removal: not what was asked (the gate refuses it)


def run_of(correct: dict[str, bool], **fields: object) -> EvalRun:
    from llorch.evals.runner import ItemResult, SetResult

    rows = tuple(ItemResult(k, f"q {k}", 1, "1" if ok else "0", ok, 1.0, 2, -0.25) for k, ok in correct.items())
    return EvalRun((SetResult("quiz", rows),), **fields)  # type: ignore[arg-type]


def test_runs_are_saved_whole_listed_and_read_back(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        first = save_run(store, run_of({"a": True, "b": False}, model="m1", profile="general", label="base",
                                       sampling={"temperature": 0.0}, extra={"seed": 0}))
        second = save_run(store, run_of({"a": True, "b": True}, model="m2"))
        assert first.id is not None and second.id == first.id + 1 and first.created_at > 0
        back = load_run(store, first.id)
        assert back == first  # every field, every item
        assert [r.id for r in list_runs(store)] == [second.id, first.id]
        rows = store._query("SELECT task_set, item_id, correct, mean_logprob FROM eval_items WHERE run_id = ?",
                            (first.id,))
        assert rows == [("quiz", "a", 1, -0.25), ("quiz", "b", 0, -0.25)]  # one row per item, queryable
        with pytest.raises(StoreError, match="no eval run 99; `llorch eval --list` lists them"):
            load_run(store, 99)


def test_compare_pairs_items_by_id_and_tests_the_difference() -> None:
    a = run_of({str(k): k < 3 for k in range(12)} | {"extra": True})
    b = run_of({str(k): k < 11 for k in range(12)})
    (row,) = compare_runs(a, b)
    assert (row.paired, row.correct_a, row.correct_b, row.only_a, row.only_b) == (12, 3, 11, 1, 0)
    assert (row.test.b, row.test.c) == (0, 8)  # right only in A, right only in B
    assert row.test.p_value == pytest.approx(2 / 2**8) and row.test.significant()
    assert row.difference == pytest.approx(8 / 12)
    assert compare_runs(a, EvalRun(())) == []


def test_mean_logprob_is_the_mean_of_the_tokens() -> None:
    lps = tuple(TokenLogprob(t, i, lp) for i, (t, lp) in enumerate([("a", -0.1), ("b", -0.3), ("c", float("-inf"))]))
    done = Completion("abc", "stop", Usage(1, 3), Timings(0, 1, 1, 1, 3, 1, 2), "m", 0, logprobs=lps)
    assert mean_logprob(done) == pytest.approx(-0.2)  # an impossible token (-inf) says nothing about confidence
    assert mean_logprob(None) is None


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


def runtime(backend: FakeBackend) -> Runtime:
    paths = resolve_paths()
    return Runtime(paths, load_config(paths), open_model=lambda p, o, n: backend, consent=NoWrites())


def test_the_runtime_answerer_asks_as_run_does_with_a_seed_per_item(model_file: Path) -> None:
    fb = FakeBackend(["It is 4", "6", "blue"], name="m")
    with runtime(fb) as rt:
        answer = RuntimeAnswerer(rt, model=str(model_file), sampling={"temperature": 0.5}, seed=10)
        (result,) = run_eval([QUIZ], answer, now=NOW)
    assert [i.correct for i in result.items] == [True, True, True]
    assert [r.sampling.seed for r in fb.history] == [10, 11, 12]
    assert {r.sampling.temperature for r in fb.history} == {0.5} and all(r.logprobs for r in fb.history)
    assert [i.tokens for i in result.items] == [3, 1, 1]


def test_tool_items_are_decided_under_their_profile_and_nothing_runs(model_file: Path) -> None:
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Dentist", "start": "tuesday 9am"}})
    fb = FakeBackend([add], name="m")
    tools = load_set("tools")
    first = tools.limited(1)
    with runtime(fb) as rt:
        (result,) = run_eval([first], RuntimeAnswerer(rt, model=str(model_file)), now=NOW)
    (item,) = result.items
    assert item.id == "cal-add-dentist" and item.correct and json.loads(item.answer)["name"] == "calendar"
    assert "calendar" in (fb.history[0].grammar_schema or "")
    assert not (resolve_paths().data_dir / "calendar.ics").exists()


def test_consensus_items_are_voted_on(model_file: Path) -> None:
    fb = FakeBackend(["The answer is 22.", "The answer is 21.", "22"], name="m")
    one = TaskSet("consensus", load_set("consensus").items[:1], consensus=True)
    with runtime(fb) as rt:
        (result,) = run_eval([one], RuntimeAnswerer(rt, model=str(model_file), votes=3), now=NOW)
    assert len(fb.history) == 3 and result.items[0].correct  # 2 of 3 say 22, the first problem's answer


def test_no_write_runs_even_where_the_profile_allows_it_and_the_prompt_asks(model_file: Path) -> None:
    """A user's set may ask for a change under a profile that "allow"s calendar writes: still nothing is written."""
    profiles = resolve_paths().config_dir / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "writer.toml").write_text(
        'name = "writer"\n[models]\nchat = ["starter"]\n[tools]\nenabled = ["calendar"]\nauto = "auto"\n[tools.permissions]\ncalendar = "allow"\n')
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "tomorrow noon"}})
    fb = FakeBackend([add, "I did not add it."], name="m")
    mine = TaskSet("mine", items({"id": "1", "prompt": "Add lunch tomorrow at noon to my calendar", "expected": "add"}))
    with runtime(fb) as rt:
        (result,) = run_eval([mine], RuntimeAnswerer(rt, model=str(model_file), profile="writer"), now=NOW)
    assert result.items[0].answer == "I did not add it." and result.items[0].tools == ()
    assert not (resolve_paths().data_dir / "calendar.ics").exists()


def test_an_items_tokens_are_every_model_call_of_its_turn(model_file: Path) -> None:
    """An answer that missed its tool's exact result and was asked for again generated both answers: the item's
    tokens count them both (they counted the second alone), as --stats' turn line does."""
    profiles = resolve_paths().config_dir / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "tables.toml").write_text(
        'name = "tables"\n[models]\nchat = ["starter"]\n[tools]\nenabled = ["table"]\nauto = "off"\n')
    first, second = "Blue scored the most.", "Blue and Green, with 47 points each."
    fb = FakeBackend([first, second], name="m")
    tie = "Which team scored the most?\n\nteam,points\nRed,41\nBlue,47\nGreen,47\nGold,39"
    mine = TaskSet("mine", items({"id": "tie", "prompt": tie, "expected": "Blue.{0,40}Green", "check": "regex"}))
    with runtime(fb) as rt:
        (result,) = run_eval([mine], RuntimeAnswerer(rt, model=str(model_file), profile="tables"), now=NOW)
    (item,) = result.items
    assert item.correct and item.answer == second and item.tools == ("table",) and len(fb.history) == 2
    generated = FakeBackend([first, second], name="m")
    counts = [[e for e in generated.generate(r) if isinstance(e, Completion)][0].usage.completion_tokens
              for r in fb.history]
    assert counts[0] > 0 and item.tokens == sum(counts)


def test_a_model_that_cannot_load_stops_the_run(model_file: Path) -> None:
    paths = resolve_paths()

    def broken(path: Path, options: object, name: str) -> FakeBackend:
        raise ModelLoadError("llama.cpp refused the file")

    with Runtime(paths, load_config(paths), open_model=broken, consent=NoWrites()) as rt:
        with pytest.raises(ModelLoadError):
            run_eval([QUIZ], RuntimeAnswerer(rt, model=str(model_file)), now=NOW)


def test_ctrl_c_raises_eval_interrupted_with_every_finished_item() -> None:
    """A Ctrl-C threw away the items already answered; EvalInterrupted carries them (still a KeyboardInterrupt)."""
    more = TaskSet("more", items({"id": "x", "prompt": "1+1?", "expected": 2}, {"id": "y", "prompt": "1+2?", "expected": 3}))
    later = TaskSet("later", items({"id": "z", "prompt": "0+0?", "expected": 0}))

    def stop_at(stop: tuple[str, int]):  # type: ignore[no-untyped-def]
        def answer(task_set: TaskSet, item: TaskItem, index: int) -> Answer:
            if (task_set.name, index) == stop:
                raise KeyboardInterrupt
            return Answer(str(item.expected))
        return answer

    with pytest.raises(EvalInterrupted) as caught:
        run_eval([QUIZ, more, later], stop_at(("more", 1)), clock=Clock(), now=NOW)
    assert isinstance(caught.value, KeyboardInterrupt)
    assert [(s.name, [i.id for i in s.items]) for s in caught.value.results] == [("quiz", ["a", "b", "c"]), ("more", ["x"])]
    assert caught.value.answered == 4 and caught.value.results[1].correct == 1

    with pytest.raises(EvalInterrupted) as caught:
        run_eval([QUIZ, more], stop_at(("more", 0)), clock=Clock(), now=NOW)
    assert [s.name for s in caught.value.results] == ["quiz"]  # a set with nothing answered is left out
    with pytest.raises(EvalInterrupted) as caught:
        run_eval([QUIZ], stop_at(("quiz", 0)), clock=Clock(), now=NOW)
    assert caught.value.results == () and caught.value.answered == 0
