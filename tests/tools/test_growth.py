"""A sum that rises by a share of itself each year goes to the math tool: "My rent is $1,450 a month and goes up 3%
every year. What will it be in 5 years?" is 1450 * (1 + 3 / 100) ** 5 (the 1.5B said $1,677.72; it is $1,680.95),
"a month" being the rent's period and the rate's the one after it; two rates, a third number, a month's rate, or a
total paid over the years stay the model's (llorch/tools/finance.py, `_growing`)."""

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

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
RENT = "1450 * (1 + 3 / 100) ** 5"
REAL = "My rent is $1,450 a month and goes up 3% every year. What will it be in 5 years?"


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize("question", [
    REAL,  # the 1.5B: $1,677.72; it is $1,680.95
    "My rent is $1,450 a month and goes up by 3% every year. What will it be in 5 years?",
    "My rent is $1,450 a month and rises 3% a year. How much will it be after 5 years?",
    "My rent is $1,450 a month and increases by 3% each year. What will my rent be in 5 years?",
    "My rent is $1,450 a month and grows by 3% annually. What will it be in 5 years?",
    "My rent is $1,450 per month and goes up 3% every year. What will it be in 5 years?",
    "My rent is $1,450 monthly and goes up 3% every year. What will my rent be in 5 years?",
    "My rent of $1,450 a month goes up 3% every year. What will it be in 5 years?",
    "My rent goes up 3% every year. It is $1,450 a month. What will it be in 5 years?",
    "My rent is $1,450 and goes up 3% every year. What will it be in 5 years?",
])
def test_a_sum_rising_each_year_is_the_math_tools(question: str) -> None:
    assert money_asked(question) == RENT
    args = math_asked(question)
    assert args == {"expression": RENT, "money": "$"}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)


def test_the_rent_in_five_years_is_said_to_the_cent(tmp_path: Path) -> None:
    args = math_asked(REAL)
    assert args is not None
    assert _run(args, tmp_path).text == f"{RENT} = 336189481547/200000000 (= 1680.947407735; $1680.95 to the cent)"


@pytest.mark.parametrize("question", [
    # a total of payments, not the rent then
    "My rent is $1,450 a month and goes up 3% every year. How much will I pay in total over 5 years?",
    "My rent is $1,450 a month and goes up 3% every year for 5 years. How much will I pay?",
    "My rent is $1,450 a month and goes up 3% every year. What will it cost over 5 years?",
    "My rent is $1,450 a month and goes up 3% a month. What will it be in 5 years?",  # a month's rate
    "My rent is $1,450 a month and goes up 3% every year and 2% after that. What will it be in 5 years?",  # two rates
    "My rent is $1,450 a month and goes up 3% every year. What will it be in 5 years and 2 months?",
    "My rent is $1,450 a month and goes up 3% every year. What will it be in 60 months?",
    "My rent is $1,450 a month and goes up 3% every year plus $20. What will it be in 5 years?",  # a third number
    "My rent is $1,450 a month a month and goes up 3% every year. What will it be in 5 years?",
    "My rent is $1,450 a month and goes up 3% every year. What will it be in 5 years a month?",
    "My rent is $1,450 a month and goes up 3%. What will it be in 5 years?",  # how often: not said
    "My rent is $1,450 a month and goes up -3% every year. What will it be in 5 years?",
])
def test_a_rise_less_plain_stays_the_models(question: str) -> None:
    assert money_asked(question) is None
    assert depreciation_asked(question) is None
    assert word_problem(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize("question", [
    "My rent is $1,450 a month and goes up 3% every year." + " " * 400 + "What will it be in 5 years?",
    "My rent is $1,450 a month and goes" + " " * 400 + "up 3% every year. What will it be in 5 years?",
    "goes up " * 600 + "3% every year",
    "$1,450 a month " * 300,
])
def test_a_long_message_is_read_quickly(question: str) -> None:
    start = time.perf_counter()
    money_asked(question)
    money_asked(question[:300])
    assert time.perf_counter() - start < 0.2
