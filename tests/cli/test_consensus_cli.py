"""`llorch run --consensus` and `/consensus` on scripted answers (the fake backend behind the engine seam)."""

from __future__ import annotations

import json

import pytest
from support import invoke_main

from llorch.engine.fake import FakeBackend
from llorch.errors import GenerationError


def test_five_answers_are_voted_on_and_the_vote_is_reported(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("The answer is 42.", "I think 41", "42", "#### 42", "It is 40")
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "5", "--temperature", "0.7", "What is 6 * 7?"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() in ("The answer is 42.", "42", "#### 42")
    assert "consensus: 3/5 agree, confidence 0.60 (majority, number)" in r.stderr
    seeds = [req.sampling.seed for req in models["a"].history]
    assert len(seeds) == 5 and len(set(seeds)) == 5  # distinct seeds
    assert {req.sampling.temperature for req in models["a"].history} == {0.7}
    # The first answer is the user's; the extra votes are bulk work (a chat elsewhere goes first).
    by_seed = sorted(models["a"].history, key=lambda req: req.sampling.seed or 0)
    assert [req.priority for req in by_seed].count("interactive") == 1
    assert [req.priority for req in by_seed].count("bulk") == 4


def test_json_lists_every_candidate_with_its_weight(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("(B)", "Answer: B", "C")
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "3", "--json", "Pick A, B or C"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    c = data["consensus"]
    assert (c["agree"], c["total"], c["kind"], c["answer_key"]) == (2, 3, "choice", "B")
    assert [x["key"] for x in c["candidates"]] == ["B", "B", "C"]
    assert [x["chosen"] for x in c["candidates"]] == [True, True, False]
    assert all(x["weight"] == 1.0 for x in c["candidates"])
    assert data["text"] in ("(B)", "Answer: B") and data["worker"] == "a"  # the worker that answered
    assert {x["worker"] for x in c["candidates"]} == {"a"}


def test_several_models_share_the_answers_and_total_disagreement_is_said(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("red", "blue")
    models["b"].enqueue("green", "yellow")
    r = invoke_main(["run", "--models", "a.gguf,b.gguf", "--consensus", "4", "--compare", "text", "Name a colour"])
    assert r.exit_code == 0, r.output
    assert len(models["a"].history) == 2 and len(models["b"].history) == 2
    assert "no agreement (4 different answers)" in r.stderr


def test_a_merge_by_a_model_is_credited_only_when_it_merged(models: dict[str, FakeBackend]) -> None:
    """(A merge model that failed was named as the answer's source: "merged by /nonexist.gguf".)"""
    models["a"].enqueue("cat", "dog")
    models["b"].enqueue("cat or dog")
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "2", "--merge", "model", "--merge-model", "b.gguf",
                     "--json", "Name one animal"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["text"] == "cat or dog" and data["consensus"]["merged_by"] == "b.gguf"
    assert data["consensus"]["merge_failed"] is None
    models["a"].enqueue("cat", "dog")
    models["b"].enqueue(GenerationError("b broke"))
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "2", "--merge", "model", "--merge-model", "b.gguf",
                     "--json", "Name one animal"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["text"] in ("cat", "dog") and data["consensus"]["merged_by"] is None
    assert data["source"]["model"] == "a.gguf" and "b.gguf failed: b broke" in data["consensus"]["merge_failed"]
    assert "not merged (b.gguf failed: b broke): the vote's answer stands" in data["consensus"]["summary"]


def test_a_failing_model_leaves_the_others_to_vote(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("7", "7")
    models["b"].enqueue(GenerationError("b broke"))
    r = invoke_main(["run", "--models", "a.gguf,b.gguf", "--consensus", "3", "How many days in a week?"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "7"
    assert "2/2 agree" in r.stderr and "1 answer(s) failed" in r.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--consensus", "1"], "--consensus': Input should be greater than or equal to 2"),
        (["--vote", "loudest"], "needs --consensus N"),
        (["--consensus", "3", "--vote", "loudest"], "unknown vote 'loudest'"),
        (["--consensus", "3", "--compare", "vibes"], "unknown answer kind 'vibes'"),
        (["--models", ","], "give one or more models"),
    ],
)
def test_bad_consensus_options_are_usage_errors(models: dict[str, FakeBackend], args: list[str], message: str) -> None:
    r = invoke_main(["run", "-m", "a.gguf", *args, "hi"])
    assert r.exit_code == 2 and message in r.stderr, r.stderr


def test_consensus_in_line_mode_chat(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("4", "4", "5", "plain answer")
    r = invoke_main(["chat", "-m", "a.gguf", "--plain"],
                    input="/consensus 3\nWhat is 2 + 2?\n/consensus off\nAnd now?\n/consensus 99\n")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["4", "plain answer"]
    assert "consensus: 3 answers per message from a.gguf" in r.stderr
    assert "consensus: 2/3 agree" in r.stderr and "consensus: off" in r.stderr
    assert "consensus needs from 2 to 64 answers, not 99" in r.stderr


def test_the_vote_line_starts_a_line_of_its_own_after_the_answer(models: dict[str, FakeBackend]) -> None:
    """On a terminal stdout and stderr share the screen: the answer's line ends before `consensus: …`."""
    models["a"].enqueue("42", "42", "42")
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "3", "What is 6 * 7?"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("42\nconsensus: 3/3 agree") and r.stdout == "42\n"


def test_with_no_models_named_the_votes_go_to_the_chains_first_model_that_can_answer(
        models: dict[str, FakeBackend], monkeypatch: pytest.MonkeyPatch) -> None:
    """(A profile whose first model was corrupt, or had its breaker open, failed outright with "no answer came back
    for the consensus", where a plain run fell back to the next.)"""
    from llorch.config import resolve_paths

    folder = resolve_paths().config_dir / "profiles"
    folder.mkdir(parents=True)
    (folder / "fb.toml").write_text('[models]\nchat = ["a.gguf", "b.gguf"]\n')
    models["b"].enqueue("7", "7", "seven", "7", "7", "7")
    monkeypatch.setenv("LLORCH_FAULTS", "a.gguf:load=1")
    r = invoke_main(["run", "-p", "fb", "--consensus", "3", "How many days in a week?"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "7" and len(models["b"].history) == 3 and not models["a"].history
    assert "note: a.gguf could not answer" in r.stderr and "2/3 agree" in r.stderr
    monkeypatch.delenv("LLORCH_FAULTS")
    assert invoke_main(["breakers", "open", "a.gguf"]).exit_code == 0
    r = invoke_main(["run", "-p", "fb", "--consensus", "3", "How many days in a week?"])
    assert r.exit_code == 0, r.output
    assert "note: a.gguf could not answer (breaker open)" in r.stderr and len(models["b"].history) == 6


def test_each_lines_vote_is_said_for_its_line(models: dict[str, FakeBackend]) -> None:
    """(`--each-line --consensus` said how no vote went, on stderr or in the records.)"""
    models["a"].enqueue(*["4"] * 6)
    r = invoke_main(["run", "-m", "a.gguf", "--consensus", "3", "--each-line", "--jsonl"],
                    input="What is 2+2?\nAnd 3+1?\n")
    assert r.exit_code == 0, r.output
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(rec["consensus"]["agree"], rec["consensus"]["total"]) for rec in records] == [(3, 3), (3, 3)]
    assert "line 1: consensus: 3/3 agree" in r.stderr and "line 2: consensus: 3/3 agree" in r.stderr


def test_a_model_that_cannot_load_fails_each_answer_it_was_given(models: dict[str, FakeBackend],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """(Given 2 of 4 answers, a model that failed to load was counted as "1 answer(s) failed".)"""
    models["a"].enqueue("7", "7")
    monkeypatch.setenv("LLORCH_FAULTS", "b.gguf:load=1")
    r = invoke_main(["run", "--models", "a.gguf,b.gguf", "--consensus", "4", "--json", "How many days in a week?"])
    assert r.exit_code == 0, r.output
    assert "2/2 agree" in r.stderr and "2 answer(s) failed" in r.stderr
    assert json.loads(r.stdout)["consensus"]["summary"].endswith("2 answer(s) failed")
