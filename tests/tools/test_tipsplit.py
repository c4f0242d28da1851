"""A bill and its tip split between people goes to the math tool as what each pays: "What's a 15% tip on $64.80,
split between 3 people? How much does each person pay in total?" is the tip each and the total each, `15 / 100 *
64.80 / 3; 64.80 * (1 + 15 / 100) / 3` (the 1.5B said each pays $74.52, the whole bill with the tip; it is $24.84,
$3.24 of it the tip). A bill "for 4 people" is split where each one's share is asked; a number of people not whole,
a sum each already or a second rate stays the model's (llorch/tools/payproblems.py)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.payproblems import pay_asked
from llorch.tools.registry import ToolRegistry
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
REAL = "What's a 15% tip on $64.80, split between 3 people? How much does each person pay in total?"
TIP_EACH, EACH = "15 / 100 * 64.80 / 3", "64.80 * (1 + 15 / 100) / 3"


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "args", "values"), [
    # the 1.5B: each pays $74.52; the tip each is $3.24 and each pays $24.84
    (REAL, {"expression": f"{TIP_EACH}; {EACH}"}, [3.24, 24.84]),
    ("What's a 15% tip on $64.80, split between 3 people?", {"expression": TIP_EACH}, [3.24]),
    ("A $64.80 bill is split 3 ways with a 15% tip. How much does each person pay?", {"expression": EACH}, [24.84]),
    ("We split a $64.80 bill evenly between 3 people and add a 15% tip. How much does each of us pay?",
     {"expression": EACH}, [24.84]),
    ("3 of us are splitting a $64.80 bill with a 15% tip. How much do we each pay?", {"expression": EACH}, [24.84]),
    ("If I split a $64.80 bill 3 ways with a 15% tip, how much do I pay?", {"expression": EACH}, [24.84]),
    ("A $64.80 bill with a 15% tip is split between 3 people. What's each person's share?", {"expression": EACH},
     [24.84]),  # (a bill with a tip is the bill and a tip on it)
    ("If I split a $64.80 bill 3 ways with a 15% tip, what's my share?", {"expression": EACH}, [24.84]),
    ("What's the total per person for a $64.80 bill with a 15% tip split 3 ways?", {"expression": EACH}, [24.84]),
    ("A meal costs $64.80 and we tip 15%, shared by 3 friends. What's the tip each and the total each?",
     {"expression": f"{TIP_EACH}; {EACH}"}, [3.24, 24.84]),
    ("How much is the tip per person on a $64.80 bill at 15%, split among 4 of us?",
     {"expression": "15 / 100 * 64.80 / 4"}, [2.43]),
    ("A $64.80 dinner for 3 of us, with a 15% tip. How much each?", {"expression": EACH}, [24.84]),
    # a bill "for 4 people": each one's share where asked, and the whole one's beside it
    ("The bill is $120 for 4 people plus a 20% tip. How much does each pay?",
     {"expression": "120 * (1 + 20 / 100) / 4"}, [36]),
    ("The bill is $120 for 4 people plus a 20% tip. What's the total, and how much does each pay?",
     {"expression": "120 * (1 + 20 / 100); 120 * (1 + 20 / 100) / 4"}, [144, 36]),
    ("A meal costs $64.80 for 4 people. How much is an 18% tip each?",
     {"expression": "18 / 100 * 64.80 / 4", "money": "$"}, [2.916]),
    ("A meal for 4 people costs $70. How much does each person pay with an 18% tip?",
     {"expression": "70 * (1 + 18 / 100) / 4"}, [20.65]),
])
def test_a_bill_split_is_the_math_tools(question: str, args: dict[str, str], values: list[float],
                                        tmp_path: Path) -> None:
    assert pay_asked(question) == args["expression"]
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    data = _run(args, tmp_path).data
    assert data.get("values", [data["value"]]) == pytest.approx(values)


def test_each_ones_share_is_said_to_the_cent(tmp_path: Path) -> None:
    said = _run({"expression": f"{TIP_EACH}; {EACH}"}, tmp_path).text
    assert said == f"{TIP_EACH} = 81/25 (= 3.24); {EACH} = 621/25 (= 24.84)"
    args = math_asked("A meal for 4 people costs $70. How much does each person pay with an 18% tip?")
    assert args is not None
    assert _run(args, tmp_path).text.endswith("(= 20.65)")
    args = math_asked("A meal costs $64.80 for 4 people. How much is an 18% tip each?")
    assert args is not None
    assert "(= 2.916; $2.92 to the cent)" in _run(args, tmp_path).text


@pytest.mark.parametrize("question", [
    "A meal costs $64.80. How much is an 18% tip, split between us?",  # how many: not said
    "What's a 15% tip on $64.80, split with 2 friends? How much does each person pay?",  # (3 of us, or 2)
    "What's a 15% tip on $64.80, split between 2.5 people? How much does each person pay?",
    "What's a 15% tip on $64.80, split between 1 person? How much does each person pay?",
    "What's a 15% tip on $64.80 plus 8% tax, split between 3 people? How much does each person pay?",
    "What's a 15% tip on $64.80, split between 3 people and then 4? How much does each person pay?",
    "The total with a 15% tip was $74.52, split between 3 people. How much does each pay?",  # the tip in it
    "A $64.80 bill including a 15% tip is split between 3 people. How much does each pay?",  # (21.60, not 24.84)
    "A $64.80 bill after a 15% tip is split between 3 people. How much does each pay?",
    "A meal costs $20 per person for 4 people. How much does each pay with an 18% tip?",  # a sum each already
    "A $64.80 bill is split 3 ways. How much does each person pay?",  # no tip
    "The bill is $120 for 4 people plus a 20% tip. What's the total?",  # nobody's share asked
    "The bill is $120 for 4 people plus a 20% tip. How much do I pay?",  # mine, or all of it
    "What's the total with an 18% tip on $64.80, and how much does each of us pay if we split it 3 ways?",  # whose
    "A $64.80 bill is split 3 ways with a 15% tip. Is that fair?",
    "A $64.80 bill is split 3 ways with a 15% tip and a $5 cake. How much does each person pay?",
    "A $64.80 bill is split 3 ways with a 15% tip, but I pay double. How much does each person pay?",
])
def test_a_split_less_plain_stays_the_models(question: str) -> None:
    assert pay_asked(question) is None
    assert word_problem(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize("question", [
    "What's a 15% tip on $64.80, split between" + " " * 400 + "3 people?",
    "split between 3 people " * 300,
    "What's a 15% tip on $64.80, split" + " it" * 90 + " between 3 people? How much each?",
    "split evenly " + "evenly " * 40 + "between 3 people. tip 15% on $64.80. How much each?",
    "How much does each" + " " * 250 + "pay? 15% tip, $64.80, 3 ways",
])
def test_a_long_message_is_read_quickly(question: str) -> None:
    start = time.perf_counter()
    pay_asked(question)
    pay_asked(question[:300])
    assert time.perf_counter() - start < 0.2


@pytest.mark.parametrize(("question", "wrong", "right"), [
    (REAL, "Each person pays $74.52.", "The tip is $3.24 each, so each person pays $24.84 in total."),
    ("The bill is $120 for 4 people plus a 20% tip. How much does each pay?", "Each pays $30.", "Each pays $36."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None


# --- a split asked for as such: "Split a $96 bill plus a 15% tip between 4 people." ------------------------------

@pytest.mark.parametrize(("question", "expression", "value"), [
    ("Split a $96 bill plus a 15% tip between 4 people.", "96 * (1 + 15 / 100) / 4", 27.6),
    ("Split a $96 bill with a 15% tip 4 ways.", "96 * (1 + 15 / 100) / 4", 27.6),
    ("Divide a $96 bill plus a 15% tip between 4 people.", "96 * (1 + 15 / 100) / 4", 27.6),
    ("Split a $96 dinner bill plus 20% tip among 5 friends.", "96 * (1 + 20 / 100) / 5", 23.04),
    ("Please split $96 plus an 18% tip 3 ways.", "96 * (1 + 18 / 100) / 3", 37.76),
    ("Can you split the $150 restaurant bill and a 20% tip evenly between 6 of us?", "150 * (1 + 20 / 100) / 6", 30),
    ("Could you help us split a $80 bill + 10% tip between 4?", "80 * (1 + 10 / 100) / 4", 22),
    # with what else is asked, as before: the tip each
    ("Split a $96 bill plus a 15% tip between 4 people. What's the tip per person?", "15 / 100 * 96 / 4", 3.6),
])
def test_a_split_said_as_such_is_what_each_pays(question: str, expression: str, value: float,
                                               tmp_path: Path) -> None:
    assert pay_asked(question) == expression
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "math" and found[1]["expression"] == expression
    assert _run(found[1], tmp_path).data["value"] == pytest.approx(value)


@pytest.mark.parametrize("question", [
    "Split a $96 bill between 4 people.",  # no tip
    "Split a $96 bill plus a 15% tip between 2.5 people.",
    "Split a $96 bill plus a 15% tip between 1 person.",
    "Split a $96 bill plus a 15% tip and $10 parking between 4 people.",
    "Split a $96 bill plus a 15% tip between 4 people and 8% tax.",
    "Split a $96 bill including a 15% tip between 4 people.",  # the tip in it
    "Split $96 with an 18% tip 3 ways.",  # ($96 with a tip: the tip in it, or on it?)
    "Should we split a $96 bill plus a 15% tip between 4 people?",
    "Split a $96 bill plus a 15% tip between 4 people, but I pay double.",
    "Split a $96 bill plus 15% tip between 4 people, and I pay the tip.",  # (the others owe $24 each)
    "Split a $96 bill plus 15% tip between 4 people, the tip is on me.",
    "Split a $96 bill plus a 15% tip between us.",  # how many: not said
])
def test_a_split_said_less_plainly_stays_the_models(question: str) -> None:
    assert pay_asked(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize("question", [
    "Split a $96 bill plus a 15% tip" + " " * 250 + "between 4 people.",
    "Split" + " the" * 90 + " $96 bill plus a 15% tip 4 ways.",
    "Split a $96 bill plus a 15% tip" + " evenly" * 40 + " between 4 people.",
])
def test_a_long_split_is_read_quickly(question: str) -> None:
    start = time.perf_counter()
    pay_asked(question)
    pay_asked(question[:300])
    assert time.perf_counter() - start < 0.2
