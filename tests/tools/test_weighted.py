"""Sums of parts go to the math tool: a shopping total (the 1.5B: $40.07 for 3 items at $4.99 and 2 at $12.50;
$39.97), a sum split in a ratio (the 1.5B gave no clear shares of $180 in 1:2:3; $30, $60, $90) and a weighted
average (the 1.5B said 86 for 80 weighted 2 and 90 weighted 3, in its head)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.weighted import weighted_asked
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)
SPLIT = "180 * 1 / 6; 180 * 2 / 6; 180 * 3 / 6"
WEIGHTED = "(80 * 2 + 90 * 3) / (2 + 3)"
GRADE = "(85 * 40 + 92 * 60) / 100"


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "args", "values"), [
    # a shopping total (the 1.5B: $40.07)
    ("If I buy 3 items at $4.99 and 2 at $12.50, what's the total?", {"expression": "3 * 4.99 + 2 * 12.50"},
     [39.97]),
    ("3 coffees at $4.50 and 2 muffins at $3.25 — how much altogether?", {"expression": "3 * 4.50 + 2 * 3.25"},
     [20]),
    ("What do 4 tickets at £12.50 and 3 at £8 cost?", {"expression": "4 * 12.50 + 3 * 8"}, [74]),
    ("I bought 3 shirts at $15 each and 2 pairs of jeans at $40 each. How much did I spend?",
     {"expression": "3 * 15 + 2 * 40"}, [125]),
    ("What's the total cost of 3 items at $4.99 each and 2 items at $12.50 each?",
     {"expression": "3 * 4.99 + 2 * 12.50"}, [39.97]),
    ("How much for 3 kg of apples at $2 per kg and 2 loaves at $3.50?", {"expression": "3 * 2 + 2 * 3.50"}, [13]),
    ("What's the total of 3 nights at $120 a night and 2 dinners at $45?", {"expression": "3 * 120 + 2 * 45"},
     [450]),
    ("If I order 3 pizzas @ $11.99 and 4 drinks @ $1.75, what does it come to?",
     {"expression": "3 * 11.99 + 4 * 1.75"}, [42.97]),
    # a sum split in a ratio, each share in the ratio's order
    ("Split $180 among 3 people in a 1:2:3 ratio.", {"expression": SPLIT}, [30, 60, 90]),
    ("Divide 180 in the ratio 1:2:3.", {"expression": SPLIT}, [30, 60, 90]),
    ("Share $180 between three friends in the ratio 1:2:3. How much does each get?", {"expression": SPLIT},
     [30, 60, 90]),
    ("Share £500 between Ann, Bob and Cy in the ratio 2:3:5. How much does each get?",
     {"expression": "500 * 2 / 10; 500 * 3 / 10; 500 * 5 / 10"}, [100, 150, 250]),
    ("$100 is split in the ratio 1:2. How much does each person get?",
     {"expression": "100 * 1 / 3; 100 * 2 / 3", "money": "$"}, [33.3333333333, 66.6666666667]),
    ("A profit of $1,200 is shared in the ratio 1.5:2.5.", {"expression": "1200 * 1.5 / 4; 1200 * 2.5 / 4"},
     [450, 750]),
    # a weighted average (the 1.5B said 86, in its head)
    ("What's the weighted average of 80 with weight 2 and 90 with weight 3?", {"expression": WEIGHTED}, [86]),
    ("What's the average of 80 (weight 2) and 90 (weight 3)?", {"expression": WEIGHTED}, [86]),
    ("What's the weighted average of 80 weighted 2, 90 weighted 3?", {"expression": WEIGHTED}, [86]),
    ("What's the weighted average of 80 and 90 with weights 2 and 3?", {"expression": WEIGHTED}, [86]),
    ("What is the weighted mean of 80, 90 and 70 with weights 2, 3 and 5 respectively?",
     {"expression": "(80 * 2 + 90 * 3 + 70 * 5) / (2 + 3 + 5)"}, [78]),
    # weights in percent that make 100
    ("grades 85 worth 40% and 92 worth 60%", {"expression": GRADE}, [89.2]),
    ("What's my final grade if I got 85 worth 40% and 92 worth 60%?", {"expression": GRADE}, [89.2]),
    ("I got 85 on the midterm worth 40% and 92 on the final worth 60%. What's my grade?", {"expression": GRADE},
     [89.2]),
    ("What's the weighted average of 85 (40%) and 92 (60%)?", {"expression": GRADE}, [89.2]),
])
def test_a_total_a_split_or_a_weighted_average_is_the_math_tools(question: str, args: dict[str, str],
                                                                 values: list[float], tmp_path: Path) -> None:
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    data = _run(args, tmp_path).data
    assert data.get("values", [data["value"]]) == pytest.approx(values)


@pytest.mark.parametrize("question", [
    # a shopping total
    "3 at $4.99 and 2 at $12.50.",  # nothing asked
    "If I buy 3 items at $4.99 and 2 at $12.50, how much change from $50?",  # another number
    "If I buy 3 items at $4.99 and 2 at $12.50, what's the total with 8% tax?",
    "What's the total if I buy 3 items at $4.99 with a 10% discount?",
    "I buy 3 items at $4.99 and 2 at $12.50. Which costs more?",
    "3 items at $4.99 and 2 at $12.50 — what's the average price?",
    "I buy 3 items at $4.99 and 2 at $12.50, what's the total in euros?",
    "3 items at $4.99 and 2 at €12.50, what's the total?",  # two currencies
    "3 apples at $2 per pound and 2 pears at $1, total?",  # the price of another amount
    "3 dozen eggs at $0.25 each and 2 loaves at $3, total?",  # the price of one egg
    "How much is 3 at $4.99 per hour?",
    "I bought 3 items at $4.99 and returned 2 at $12.50. What did I spend?",
    "I sell 3 items at $4.99 and 2 at $12.50. How much do I make?",
    # a split
    "Split $180 among 4 people in a 1:2:3 ratio.",  # not as many people as parts
    "Share $180 between Ann and Bob in the ratio 1:2:3",
    "Split $180 in the ratio 1:2:3. What's the largest share?",  # one share
    "Split $180 in the ratio 1:2:3, then give half of the largest share to Bob.",
    "The ratio of boys to girls is 2:3. If there are 180 students, how many boys?",
    "The meeting is at 10:30. Split $180 with Bob.",
    "Split $180 in the ratio 0:2:3.",
    # a weighted average
    "What's my grade with 85 worth 40% and 92 worth 30%?",  # short of 100: a mark still to come
    "I got 85 worth 40%. What do I need on the final worth 60% to get 90?",
    "What's 80 at 40% and 90 at 60%?",  # no average asked
    "What's the weighted average of 80 and 90 with weights 2, 3 and 5?",
    "What's the weighted average of 80 weighted 2 and 90 weighted 60%?",
])
def test_less_plain_stays_the_models(question: str) -> None:
    assert weighted_asked(question) is None
    assert word_problem(question) is None
    assert math_asked(question) is None


def test_the_shares_are_each_said_to_the_cent(tmp_path: Path) -> None:
    args = math_asked("$100 is split in the ratio 1:2. How much does each person get?")
    assert args is not None
    said = _run(args, tmp_path).text
    assert "$33.33 to the cent" in said and "$66.67 to the cent" in said


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("If I buy 3 items at $4.99 and 2 at $12.50, what's the total?", "The total is $40.07.", "The total is $39.97."),
    ("Split $180 among 3 people in a 1:2:3 ratio.", "Each person gets $60.", "They get $30, $60 and $90."),
    ("What's the weighted average of 80 with weight 2 and 90 with weight 3?", "It is 85.", "It is 86."),
    ("What's my final grade if I got 85 worth 40% and 92 worth 60%?", "Your grade is 88.5.", "Your grade is 89.2."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None


@pytest.mark.parametrize("word", ["dollar", "dollars", "Bucks", "quid", "USD", "pounds", "gbp", "euro", "EUR"])
def test_each_currency_word_has_its_sign_in_one_map(word: str) -> None:
    import re

    from llorch.tools import unitprices, weighted
    from llorch.tools.finance import CURRENCY, CURRENCY_SIGNS
    assert re.fullmatch(CURRENCY, word, re.IGNORECASE)
    assert CURRENCY_SIGNS[word.lower().rstrip("s")] in "$£€"
    assert not hasattr(weighted, "_SIGNS")  # (one copy, finance.py's, for a total and for prices per unit)
    assert weighted_asked(f"If I buy 3 items at 4.99 {word} and 2 at 12.50 {word}, what's the total?") \
        == "3 * 4.99 + 2 * 12.50"
    assert unitprices.CURRENCY_SIGNS is CURRENCY_SIGNS
