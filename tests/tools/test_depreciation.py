"""A value that falls by a share of itself each year goes to the math tool: "A car bought for $30,000 loses 15% of its
value every year. What is it worth after 4 years?" is 30000 * (1 - 15 / 100) ** 4 (the 1.5B said 0.85^4 = 0.42875
and $13,062.50; it is $15,660.19), what it loses that taken from the 30000, and the same sum each year 30000 - 3000
* 4; two rates, a rate of 100% or more, a third number or a term not asked stay the model's
(llorch/tools/depreciation.py)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.depreciation import depreciation_asked
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.finance import money_asked
from llorch.tools.registry import ToolRegistry
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
CAR = "30000 * (1 - 15 / 100) ** 4"
CAR_LOSS = "30000 - 30000 * (1 - 15 / 100) ** 4"
REAL = "A car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years?"


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B: $13,062.50 (and $12,862.50 asked "depreciates 15% a year"); it is $15,660.19
    (REAL, CAR, 15660.1875),
    ("A car depreciates 15% a year. It cost $30,000. What is it worth after 4 years?", CAR, 15660.1875),
    ("A $30,000 car depreciates by 15% a year. How much will it be worth in 4 years?", CAR, 15660.1875),
    ("A $30,000 car depreciates at an annual rate of 15%. What will its value be after 4 years?", CAR, 15660.1875),
    ("With 15% annual depreciation, what is a $30,000 car worth after 4 years?", CAR, 15660.1875),
    ("A $30,000 car has an annual depreciation rate of 15%. What's its value after 4 years?", CAR, 15660.1875),
    ("My car is worth $30,000 and depreciates 15% per year. How much will it be worth in 4 years?", CAR, 15660.1875),
    ("A $30,000 car loses 15% of its value each year for 4 years. What is it worth then?", CAR, 15660.1875),
    ("A $30,000 car depreciates 15% annually. What will it be worth at the end of 4 years?", CAR, 15660.1875),
    ("A $30k car drops 15% in value every year. What's it worth after 4 years?", CAR, 15660.1875),
    ("A car bought for £30,000 loses 15% of its value every year. What is it worth after 4 years?", CAR, 15660.1875),
    ("The value of a house falls 5% a year. It's worth $300,000 now. What will it be worth in 3 years?",
     "300000 * (1 - 5 / 100) ** 3", 257212.5),
    ("A machine costing $50,000 depreciates at 20% per annum. What's its value after 3 years?",
     "50000 * (1 - 20 / 100) ** 3", 25600),
    # a population, no money
    ("A population of 50,000 shrinks by 2% a year. What will it be in 10 years?", "50000 * (1 - 2 / 100) ** 10",
     40853.6403444),
    ("A town's population is 50,000 and declines by 2% a year. What will the population be in 10 years?", None, None),
    # a month's rate, over months or over years (twelve of them a year)
    ("A laptop bought for $1,200 drops 3% in value each month. What is it worth after 18 months?",
     "1200 * (1 - 3 / 100) ** 18", 693.541515052),
    ("A laptop bought for $1,200 drops 3% in value each month. What is it worth after 2 years?",
     "1200 * (1 - 3 / 100) ** (12 * 2)", 577.700666294),
    ("A phone bought for $800 loses 2.5% of its value each month. How much will it be worth in 1.5 years?",
     "800 * (1 - 2.5 / 100) ** 18", 507.192788087),
    # what it loses, and both in the order asked
    ("A car bought for $30,000 loses 15% of its value every year. How much value does it lose in 4 years?",
     CAR_LOSS, 14339.8125),
    ("A $30,000 car depreciates 15% a year. How much will it have lost after 4 years?", CAR_LOSS, 14339.8125),
    # the same sum each year, while it lasts
    ("A car bought for $30,000 loses $3,000 a year. What is it worth after 4 years?", "30000 - 3000 * 4", 18000),
    ("A car bought for $30,000 loses $3,000 in value every year. How much value does it lose in 4 years?",
     "3000 * 4", 12000),
])
def test_a_value_falling_each_year_is_the_math_tools(question: str, expression: str | None, value: float | None,
                                                     tmp_path: Path) -> None:
    assert depreciation_asked(question) == expression
    if expression is None:  # ("town's": a word the reader does not know)
        assert math_asked(question) is None
        return
    args = math_asked(question)
    assert args is not None and args["expression"] == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    assert _run(args, tmp_path).data["value"] == pytest.approx(value)


def test_the_cars_worth_and_its_loss_are_said_to_the_cent(tmp_path: Path) -> None:
    args = math_asked(REAL)
    assert args == {"expression": CAR, "money": "$"}
    assert _run(args, tmp_path).text == f"{CAR} = 250563/16 (= 15660.1875; $15660.19 to the cent)"
    both = "A car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years, and how " \
        "much value has it lost?"
    args = math_asked(both)
    assert args == {"expression": f"{CAR}; {CAR_LOSS}", "money": "$"}
    said = _run(args, tmp_path).text
    assert "$15660.19 to the cent" in said and "$14339.81 to the cent" in said
    assert said.index("15660.19") < said.index("14339.81")


def test_a_population_is_no_money(tmp_path: Path) -> None:
    question = "A population of 50,000 shrinks by 2% a year. What will it be in 10 years?"
    args = math_asked(question)
    assert args == {"expression": "50000 * (1 - 2 / 100) ** 10"}
    assert "to the cent" not in _run(args, tmp_path).text


@pytest.mark.parametrize("question", [
    "A car bought for $30,000 loses 15% in the first year and 10% after. What is it worth after 4 years?",  # two rates
    "A car bought for $30,000 loses 100% of its value every year. What is it worth after 4 years?",
    "A car bought for $30,000 loses 150% of its value every year. What is it worth after 4 years?",
    "A car bought for $30,000 loses 0% of its value every year. What is it worth after 4 years?",
    "A car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years? And after 5?",
    "A car bought for $30,000 and serviced for $500 loses 15% a year. What is it worth after 4 years?",
    "A 2-year-old car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years?",
    "A car bought for $30,000 loses 15% of its original value every year. What is it worth after 4 years?",  # the
    # same sum each year, said as a share
    "A car bought for $30,000 loses 15% of its value. What is it worth after 4 years?",  # how often: not said
    "A car bought for $30,000 loses 15% of its value every year. What is it worth after 18 months?",  # a year's rate
    "A car bought for $30,000 loses 15% of its value every year. What is it worth after 2.5 years?",
    "A car bought for $30,000 loses 15% a year. What is it worth a year later?",
    "A car loses 15% a year and is worth $30,000 after 4 years. What is it worth?",  # the term not asked
    "A car loses 15% of its value every year. After 4 years it is worth $15,660. What did it cost?",
    "A car bought for $30,000 4 years ago loses 15% a year. What is it worth now?",
    "What is it worth after 4 years if it loses 15% of its value every year and was bought for $30,000?",
    "A car bought for $30,000 loses 15% of its value every year. What percentage has it lost after 4 years?",
    "A car bought for $30,000 loses 15% of its value every year. Should I sell it after 4 years?",
    "A car bought for $30,000 loses -15% of its value every year. What is it worth after 4 years?",
    "A car bought for $30,000 grows 15% every year. What is it worth after 4 years?",  # (finance.py's growth)
    "$100 falls 3% a year for 10 years. How much is it then?",  # (asked otherwise)
    "A car bought for $30,000 loses $10,000 a year. What is it worth after 4 years?",  # gone before then
    "A car bought for $30,000 loses $3,000 a year. What is it worth after 4 years and 6 months?",
    "A car bought for $30,000 loses $3,000 or 10% a year. What is it worth after 4 years?",
])
def test_a_fall_less_plain_stays_the_models(question: str) -> None:
    assert depreciation_asked(question) is None
    assert word_problem(question) is None
    assert money_asked(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize("question", [
    "loses 15% every year " + " " * 400 + "What is it worth after 4 years?",
    "A car bought for $30,000 loses" + " 15%" * 1200 + " every year. What is it worth after 4 years?",
    "A car bought for $30,000 loses 15% of its value every year " + "in value " * 500,
    "every year " * 500,
    "A car loses" + " " * 250 + "15% of its" + " " * 20 + "value every year. Worth?",  # (under 300 characters)
    "loses " + "in value " * 30 + "by 15% a year",
    "What is it " + "be " * 90 + "worth",
])
def test_a_long_message_is_read_quickly(question: str) -> None:
    start = time.perf_counter()
    depreciation_asked(question)
    depreciation_asked(question[:300])
    assert time.perf_counter() - start < 0.2


@pytest.mark.parametrize(("wrong", "right"), [
    ("It is worth $13,062.50 after 4 years.", "It is worth $15,660.19 after 4 years."),
    ("It is worth $12,862.50.", "About $15,660.19."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(wrong: str, right: str, tmp_path: Path) -> None:
    assert math_fault(REAL, wrong, tmp_path) is not None
    assert math_fault(REAL, right, tmp_path) is None
