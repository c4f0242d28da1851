"""A saving made every month (week, quarter, year) goes to the math tool as its future value (the 1.5B said $367.90
for $200 a month at 5% over 10 years; it is $31,056.46), its interest, or the saving that reaches a goal; anything
more than the formula's numbers stays the model's (llorch/tools/finance.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.finance import money_asked
from llorch.tools.registry import ToolRegistry
from support import math_fault

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B said $367.90: each saving made at its month's end, 200 * ((1 + i) ** n - 1) / i
    ("If I save $200 a month at 5% annual interest compounded monthly, how much will I have after 10 years?",
     "200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12)", 31056.4558891334),
    ("I put $500 into savings every month at 4% a year for 20 years. How much will I have?",
     "500 * ((1 + 4 / 100 / 12) ** (12 * 20) - 1) / (4 / 100 / 12)", 183387.313044965),
    # interest added as often as the saving is made, where the question does not say
    ("If I save $100 a week at 6% for 5 years, how much will I have?",
     "100 * ((1 + 6 / 100 / 52) ** (52 * 5) - 1) / (6 / 100 / 52)", 30300.8660857256),
    ("If I deposit £1,000 a year at 3% for 15 years, how much will I have?",  # (was read as one deposit: 1,557.97)
     "1000 * ((1 + 3 / 100) ** 15 - 1) / (3 / 100)", 18598.9138866922),
    ("If I deposit £1,000 annually at 3% for 15 years, how much will I have?",
     "1000 * ((1 + 3 / 100) ** 15 - 1) / (3 / 100)", 18598.9138866922),
    ("If I save $250 every month for 2 years at 5% interest, how much will I have?",
     "250 * ((1 + 5 / 100 / 12) ** (12 * 2) - 1) / (5 / 100 / 12)", 6296.48013349961),
    ("If I save $200/month at 5% for 2.5 years, how much will I have?",
     "200 * ((1 + 5 / 100 / 12) ** 30 - 1) / (5 / 100 / 12)", 6377.00244838889),
    ("If I save $200 a month at 5% for 18 months, what will I have?",
     "200 * ((1 + 5 / 100 / 12) ** 18 - 1) / (5 / 100 / 12)", 3730.37812535599),
    ("If I deposit $300 every quarter at 4% compounded quarterly, what will the balance be after 10 years?",
     "300 * ((1 + 4 / 100 / 4) ** (4 * 10) - 1) / (4 / 100 / 4)", 14665.9120076466),
    ("I make monthly deposits of $200 at 5% for 10 years. How much will I have?",
     "200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12)", 31056.4558891334),
    ("If I save $200 a month for 10 years at 0%, how much will I have?", "200 * (12 * 10)", 24000),
    # the interest: the grown sum less the savings
    ("If I save $200 a month at 5% for 10 years, how much interest will I have earned?",
     "200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12) - 200 * (12 * 10)", 7056.45588913344),
    # a sum already saved grows beside the savings
    ("I have $5,000 and add $200 a month at 5% for 10 years. How much will I have?",
     "5000 * (1 + 5 / 100 / 12) ** (12 * 10) + 200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12)",
     39291.5033775848),
    ("If I invest $1,000 at 5%, how much will I have after 10 years if I add $100 each month?",
     "1000 * (1 + 5 / 100 / 12) ** (12 * 10) + 100 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12)",
     17175.237442257),
    # the saving that reaches a goal: 50000 * i / ((1 + i) ** n - 1)
    ("How much do I need to save each month to have $50,000 in 10 years at 5%?",
     "50000 * (5 / 100 / 12) / ((1 + 5 / 100 / 12) ** (12 * 10) - 1)", 321.994242862044),
    ("How much should I put away each month to reach $50k in 10 years at 5%?",
     "50000 * (5 / 100 / 12) / ((1 + 5 / 100 / 12) ** (12 * 10) - 1)", 321.994242862044),
])
def test_a_saving_made_every_month_is_the_annuity_formula(question: str, expression: str, value: float,
                                                          tmp_path: Path) -> None:
    assert money_asked(question) == expression
    routed = exact_call(question, EXACT_TOOLS, NOW)
    assert routed is not None and routed[0] == "math" and routed[1]["expression"] == expression
    assert _run({"expression": expression}, tmp_path).data["value"] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("question", [
    "If I save $200 a month and my employer adds $100 a month at 5% for 10 years, how much will I have?",
    "If I save $200 a month and my employer matches 50% at 5% for 10 years, how much will I have?",
    "If I save $200 a month at 5% compounded annually for 10 years, how much will I have?",  # compounded otherwise
    "If I save $100 a week at 6% compounded monthly for 5 years, how much will I have?",
    "If I save $200 at the start of each month at 5% for 10 years, how much will I have?",  # an annuity due
    "If I save $200 a month at 5% for 10 years, how much will I have after inflation?",
    "If I save $200 a month at 5% simple interest for 10 years, how much will I have?",
    "If I save $200 a month at 5% APY for 10 years, how much will I have?",  # a yield, not a rate to split
    "If I save $200 a month at 0.5% a month for 10 years, how much will I have?",
    "If I save $200 a month at 5% for 10 years and then 5 more years, how much will I have?",
    "If I save $100 a week for 18 months at 6%, how much will I have?",  # no whole number of weeks
    "If I save $200 a month at 5% for 10 years, how much have I saved?",  # the savings, or the balance?
    "If I invest $1,000 at 5% every year for 10 years, how much will I have?",  # the rate's year, or a saving?
    "I invest $1,000 at 5% for 10 years. How much will I have per year?",
    "How much do I need to save each month to have $50,000 in 10 years at 5% if I already have $5,000?",
    "How much do I need to save each month at 5% for 10 years?",  # no goal
    "What is the compound interest on 1000 at 5% for 3 years if I add 100 a month?",  # the first sum's, or all?
    "Should I save $200 a month at 5% for 10 years?",
])
def test_savings_questions_with_more_than_the_formula_stay_the_models(question: str) -> None:
    assert money_asked(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize("question", [
    # (a share of a sum is no rate: the saving is $300 a month at no rate said, not $3,000 at 10%)
    "I earn $3,000 a month and save 10% of it. How much will I have saved after 5 years?",
    "I make $3,000 a month and save 10% of it. How much will I have after 5 years?",
    "I earn $3,000 and save 10% of it. How much will I have after 5 years?",  # (not one deposit at 10% either)
    "I save 10% of $3,000 a month. How much will I have after 5 years?",
    # (a sum earned is no sum saved beside the saving)
    "I earn $3,000 and save $500 a month at 5% for 10 years. How much will I have?",
])
def test_a_share_of_a_sum_or_a_sum_earned_is_no_saving_at_a_rate(question: str) -> None:
    assert money_asked(question) is None
    assert exact_call(question, EXACT_TOOLS, NOW) is None


def test_an_account_earning_a_rate_is_still_a_saving() -> None:
    assert money_asked("If I invest $1,000 in an account earning 5.5%, how much will I have after 10 years?") == \
        "1000 * (1 + 5.5 / 100) ** 10"
    assert money_asked("How much interest will I earn if I save $200 a month at 5% for 10 years?") == \
        "200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12) - 200 * (12 * 10)"


@pytest.mark.parametrize("question", [
    "If I deposit £1,000 a year at 3% for 15 years, how much will I have?",
    "If I deposit £1,000 per year at 3% for 15 years, how much will I have?",
    "If I invest $1,000 monthly at 3% for 15 years, how much will I have?",
])
def test_a_saving_every_year_is_not_read_as_one_deposit(question: str) -> None:
    args = math_asked(question)
    assert args is not None and "- 1) /" in args["expression"]


def test_a_single_deposit_still_grows_as_one() -> None:
    assert money_asked("I put 2000 in a savings account paying 4% a year. What will it be in 6 years?") == \
        "2000 * (1 + 4 / 100) ** 6"
    assert money_asked("If I invest $1,000 at 5% interest per year for 10 years, how much will I have?") == \
        "1000 * (1 + 5 / 100) ** 10"


def test_the_future_value_is_said_to_the_cent() -> None:
    args = math_asked("If I save $200 a month at 5% annual interest compounded monthly, how much will I have after "
                      "10 years?")
    assert args is not None and args["money"] == "$"


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("If I save $200 a month at 5% annual interest compounded monthly, how much will I have after 10 years?",
     "You will have $367.90.", "You will have $31,056.46."),
    ("How much do I need to save each month to have $50,000 in 10 years at 5%?", "About $416.67 a month.",
     "About $321.99 a month."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None


# --- the yearly rate that took one sum to another ---------------------------------------------------------------

@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B said 8.45%: ((end / start) ** (1 / years) - 1) * 100
    ("What's the compound annual growth rate from $10,000 to $16,000 over 5 years?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("What is the CAGR of an investment that grew from $10,000 to $16,000 in 5 years?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("What's the average annual growth rate from 10000 to 16000 over 5 years?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("What annualized return turns $10,000 into $16,000 in 5 years?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("If my investment went from $10,000 to $16,000 over 5 years, what is the annualized return?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("My portfolio grew to $16,000 from $10,000 over 5 years. What's the CAGR?",
     "((16000 / 10000) ** (1 / 5) - 1) * 100", 9.85605433061178),
    ("What is the annual rate of return if $5,000 grows to $8,000 in 6 years?",
     "((8000 / 5000) ** (1 / 6) - 1) * 100", 8.1483747120199),
    # a fall is a negative rate; a term in months is a part of a year; sums in thousands or millions
    ("What's the compound annual growth rate from $16,000 to $10,000 over 5 years?",
     "((10000 / 16000) ** (1 / 5) - 1) * 100", -8.97178984869599),
    ("What's the CAGR from $10,000 to $16,000 over 18 months?",
     "((16000 / 10000) ** (12 / 18) - 1) * 100", 36.7980757341358),
    ("Calculate the CAGR from $2M to $3.5M over 5 years.",
     "((3500000 / 2000000) ** (1 / 5) - 1) * 100", 11.8426914720145),
    # the years each sum's own
    ("Revenue was $2 million in 2020 and $3.5 million in 2025. What's the CAGR?",
     "((3500000 / 2000000) ** (1 / 5) - 1) * 100", 11.8426914720145),
    ("What is the CAGR if revenue grew from $2 million in 2020 to $3.5 million in 2025?",
     "((3500000 / 2000000) ** (1 / 5) - 1) * 100", 11.8426914720145),
])  # fmt: skip
def test_the_rate_that_took_one_sum_to_another_is_the_cagr(question: str, expression: str, value: float,
                                                           tmp_path: Path) -> None:
    assert money_asked(question.replace(",", "")) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    done = _run({"expression": expression}, tmp_path)
    assert done.data["value"] == pytest.approx(value, rel=1e-9)
    assert "to the cent" not in done.text  # (a percentage, no amount)


@pytest.mark.parametrize("question", [
    "What's the CAGR?",
    "What's the CAGR of the S&P 500 over 10 years?",
    "What's the compound annual growth rate from $10,000 to $16,000 over 5 years with $1,000 added each year?",
    "What's the monthly growth rate from $10,000 to $16,000 over 5 years?",
    "What's the total growth from 10000 to 16000 over 5 years?",
    "What's the CAGR from $10,000 to $16,000 over 5 years at 5%?",  # (a rate given: another question)
    "What's the CAGR from $0 to $16,000 over 5 years?",
    "What's the CAGR from -$10,000 to $16,000 over 5 years?",
    "What's the CAGR from $10,000 to $16,000?",  # (over how long?)
    "Is a CAGR from $10,000 to $16,000 over 5 years good?",
    "What's the CAGR from $10,000 to $16,000 to $20,000 over 5 years?",
])  # fmt: skip
def test_a_growth_rate_with_more_or_less_than_two_sums_and_a_term_stays_the_models(question: str) -> None:
    assert money_asked(question.replace(",", "")) is None
    assert math_asked(question) is None


def test_the_answer_check_holds_the_model_to_the_cagr(tmp_path: Path) -> None:
    question = "What's the compound annual growth rate from $10,000 to $16,000 over 5 years?"
    assert math_fault(question, "The CAGR is 8.45%.", tmp_path) is not None  # the 1.5B's
    assert math_fault(question, "The CAGR is about 9.86% a year.", tmp_path) is None
