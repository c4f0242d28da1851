"""Consensus voting on scripted answers: normalisation per kind, weighting, ties, the medoid, the bench data."""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import llorch.bench
from llorch.orchestra.consensus import Candidate, confidence, medoid, normalise, overlap, vote
from llorch.tools.evaluator import evaluate

SURE = (-0.01,) * 5  # confidence ~0.99
UNSURE = (-2.0,) * 5  # confidence ~0.14


def key(text: str, kind: str = "auto", schema: Mapping[str, Any] | None = None) -> str | None:
    return normalise(text, kind, schema=schema)[1]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["The answer is 1,234.", "1234", "#### 1234.0", "**1234**", "$1,234"], "1234"),
        (["12", "12.0", "12.00", "She has 11.999999999999998 left"], "12"),
        (["First 3 apples, then 5 more, so 8 in all", "8"], "8"),  # the last number wins
        (["3/4", "0.75", "\\boxed{\\frac{3}{4}}"], "0.75"),
        (["It fell to -7 degrees", "x = -7", "The answer is −7."], "-7"),
        (["0.30000000000000004", "0.1 + 0.2 = 0.3"], "0.3"),
        (["The answer is 14. Check: 14 / 2 = 7", "3 + 4 = 7, times 2 = 14"], "14"),  # explicit beats last
        (["Answer: 12 - 5 = 7", "50% of 14 is 7%"], "7"),
    ],
)
def test_numbers_agree(texts: list[str], expected: str) -> None:
    assert [key(t, "number") for t in texts] == [expected] * len(texts)


def test_number_absent_and_thousands_vs_list() -> None:
    assert key("no digits here", "number") is None
    assert key("1,234,567", "number") == "1234567"
    assert key("9 - 4", "number") == "4"  # an operator, not a negative number


@pytest.mark.parametrize(
    ("text", "letter"),
    [("(B)", "B"), ("B)", "B"), ("Answer: B", "B"), ("the answer is b", "B"), ("**C**", "C"),
     ("Let me think.\nD.\n", "D"), ("Option E is right", "E"), ("a", "A"),
     ("The answer is a dog", None), ("(a) one (b) two", None)],
)
def test_choice_letters(text: str, letter: str | None) -> None:
    assert key(text, "choice") == letter


SCHEMA = {"type": "object", "properties": {"city": {}, "pop": {}}, "required": ["city"]}


def test_json_with_schema_ignores_extra_keys_and_rejects_missing_required() -> None:
    a = 'Sure!\n```json\n{"pop": 2, "city": "Paris", "note": "hope this helps"}\n```'
    b = '{"city": "Paris", "pop": 2}'
    assert key(a, "json", schema=SCHEMA) == key(b, "json", schema=SCHEMA) == '{"city":"Paris","pop":2}'
    assert key(a, "json") != key(b, "json")  # without a schema the chatter key counts
    assert key('{"pop": 2}', "json", schema=SCHEMA) is None
    assert key("[1, 2]", "json", schema=SCHEMA) is None
    assert normalise(b) == ("json", '{"city":"Paris","pop":2}')


def test_code_blocks_agree_up_to_comments_and_blank_lines() -> None:
    a = "Here you go:\n```python\n# add one\ndef f(x):\n\n    return x + 1   \n```\nDone."
    b = "```py\ndef f(x):\n    // no\n    return x + 1\n```"
    c = "```python\ndef f(x):\n    return x + 2\n```"
    assert normalise(a) == ("code", "def f(x):\n    return x + 1")
    assert key(a) == key(b) != key(c)
    assert key("#include <stdio.h>\n", "code") is None  # no fence, no code
    assert "#include" in str(key("```c\n#include <stdio.h>\n// main\nint x;\n```", "code"))


def test_text_normalisation_and_auto_kinds() -> None:
    assert key('  "The Eiffel   Tower."  ', "text") == key("the eiffel tower", "text") == "the eiffel tower"
    assert normalise("Answer: (C)")[0] == "choice"
    assert normalise("About 42 people")[0] == "number"
    assert normalise("Paris, of course.") == ("text", "paris, of course")
    with pytest.raises(ValueError):
        normalise("x", "yaml")


def test_confidence() -> None:
    assert confidence(None) is None and confidence(()) is None
    assert confidence([0.0, 0.0]) == 1.0
    assert confidence([-1.0, -3.0]) == pytest.approx(0.1353, abs=1e-4)
    assert 0.0 < confidence([-5000.0]) < 1e-300  # type: ignore[operator]


def test_confidence_weighting_overturns_a_bare_majority() -> None:
    cands = [Candidate("7", UNSURE)] * 3 + [Candidate("The answer is 8", SURE)] * 2
    weighted = vote(cands)
    assert (weighted.key, weighted.method, weighted.agree, weighted.answer) == ("8", "weighted", 2, "The answer is 8")
    assert weighted.confidence == pytest.approx(2 * 0.99005 / (2 * 0.99005 + 3 * 0.135335), abs=1e-4)
    majority = vote(cands, method="majority")
    assert (majority.key, majority.method, majority.agree, majority.confidence) == ("7", "majority", 3, 0.6)
    assert [b.chosen for b in majority.ballots] == [True] * 3 + [False] * 2


def test_weighted_falls_back_to_majority_when_any_candidate_lacks_logprobs() -> None:
    cands = [Candidate("7", UNSURE)] * 2 + [Candidate("7")] + [Candidate("8", SURE)] * 2
    verdict = vote(cands)
    assert (verdict.method, verdict.key, verdict.agree) == ("majority", "7", 3)
    assert {b.weight for b in verdict.ballots} == {1.0}


def test_four_of_five_summary_and_representative() -> None:
    cands = [Candidate(t, (lp,)) for t, lp in
             [("So 12.", -0.5), ("= 12", -0.1), ("12", -0.3), ("It is 12.0", -0.2), ("13", -0.05)]]
    verdict = vote(cands)
    assert (verdict.kind, verdict.key, verdict.agree, verdict.total) == ("number", "12", 4, 5)
    assert verdict.answer == "= 12"  # the most confident member of the winning group
    assert not verdict.tie and not verdict.disagreement
    assert "4/5 agree" in verdict.summary() and "\n" not in verdict.summary()


def test_tie_goes_to_the_group_with_the_most_confident_member() -> None:
    cands = [Candidate("A", (-0.5,)), Candidate("A", (-0.5,)), Candidate("B", (-0.1,)), Candidate("B", (-0.9,)),
             Candidate("C", (-0.2,))]
    verdict = vote(cands, kind="choice", method="majority")
    assert verdict.tie and verdict.key == "B" and verdict.agree == 2
    assert verdict.summary().startswith("consensus: tie 2/2/1")
    plain = vote([Candidate("9"), Candidate("4")], kind="number")
    assert plain.tie and plain.disagreement and plain.key == "9"  # no confidences: the earliest


def test_total_disagreement_and_unparsed_candidates() -> None:
    verdict = vote([Candidate(t) for t in ["1", "2", "3", "4", "5"]])
    assert verdict.disagreement and verdict.agree == 1 and verdict.confidence == 0.2
    assert "no agreement (5 different answers)" in verdict.summary()
    mixed = vote([Candidate("41"), Candidate("41"), Candidate("no idea"), Candidate("not sure")], kind="number")
    assert (mixed.key, mixed.agree, mixed.total, mixed.confidence) == ("41", 2, 4, 0.5)
    assert [b.key for b in mixed.ballots][2:] == [None, None]
    nothing = vote([Candidate("yes"), Candidate("Yes.")], kind="number")  # no numbers anywhere: text
    assert (nothing.kind, nothing.key, nothing.agree) == ("text", "yes", 2)


def test_medoid_picks_the_text_most_consistent_with_the_others() -> None:
    texts = [
        "Lyon is a big city in France.",
        "I think it is Marseille.",
        "The capital of France is Paris.",
        "Paris is the capital.",
        "It is Paris, the capital of France.",
    ]
    assert medoid(texts) == 4
    assert overlap("a b c", "a b c") == 1.0 and overlap("a b", "c d") == 0.0
    assert overlap("The cat", "the cat sat") == pytest.approx(0.8)
    verdict = vote([Candidate(t) for t in texts], kind="text")
    assert verdict.answer == texts[4] and verdict.disagreement and verdict.agree == 1
    with pytest.raises(ValueError):
        medoid([])


@pytest.mark.parametrize(
    "call",
    [lambda: vote([]), lambda: vote([Candidate("1")], kind="yaml"), lambda: vote([Candidate("1")], method="mean")],
)
def test_bad_input_raises(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        call()


def _arithmetic_rows() -> list[dict[str, object]]:
    resource = importlib.resources.files("llorch.bench") / "data" / "arithmetic.jsonl"
    path = resource if resource.is_file() else Path(llorch.bench.__file__).parent / "data" / "arithmetic.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_arithmetic_bench_answers_match_the_math_tool() -> None:
    rows = _arithmetic_rows()
    assert len(rows) == 40 and len({row["id"] for row in rows}) == 40
    for row in rows:
        exact = normalise(str(evaluate(str(row["expression"]))), "number")[1]
        assert normalise(str(row["answer"]), "number")[1] == exact is not None, row
        assert key(str(row["question"]).rstrip("?") + f" The answer is {row['answer']}.", "number") == exact
