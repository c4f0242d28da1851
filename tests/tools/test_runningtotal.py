"""A running total of a list of numbers (arithmetic.numbers_asked): "Give me the running total of these numbers." of a
piped 5, 3, 8, 2 (the 1.5B: "The running total ... is 18"; it is 5, 8, 16, 18) goes to the math tool as each partial
sum, which it says one by one."""

from __future__ import annotations

import time
from fractions import Fraction
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.tools.arithmetic import math_asked, numbers_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

_NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
RUNNING = "5; 5 + 3; 5 + 3 + 8; 5 + 3 + 8 + 2"
SAID = "5 = 5; 5 + 3 = 8; 5 + 3 + 8 = 16; 5 + 3 + 8 + 2 = 18"


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: _NOW))


def routed(message: str) -> tuple[str, dict[str, Any]] | None:
    return exact_call(message, EXACT_TOOLS, _NOW)


def test_the_running_total_of_piped_numbers_is_each_partial_sum() -> None:
    found = routed("Give me the running total of these numbers.\n\n5\n3\n8\n2\n")
    assert found == ("math", {"expression": RUNNING})
    result = call(found[1])
    assert result.text == SAID
    assert result.data["values"] == [5, 8, 16, 18]
    assert result.data["result"] == "5; 8; 16; 18"


@pytest.mark.parametrize("question", [
    "Give me the running total of these numbers.",
    "What's the cumulative sum?",
    "What is the cumulative total of these values?",
    "Running total",
    "Calculate the running totals of these",
    "Show me a running sum of these numbers",
    "what are the cumulative sums of the numbers below",
])
def test_each_way_of_asking_is_read(question: str) -> None:
    assert numbers_asked(f"{question}\n\n5\n3\n8\n2") == RUNNING
    assert routed(f"{question}\n\n5\n3\n8\n2") == ("math", {"expression": RUNNING})


@pytest.mark.parametrize("message", [
    "What is the running total of 5, 3, 8 and 2?",
    "the cumulative sum of 5, 3, 8, 2",
    "running sum of 5 3 8 2",
    "Running total of these: 5, 3, 8, 2",
])
def test_numbers_in_the_question_itself(message: str) -> None:
    assert routed(message) == ("math", {"expression": RUNNING})
    assert call({"expression": RUNNING}).text == SAID


@pytest.mark.parametrize(("body", "expression", "said"), [
    ("5\n-3\n8\n2", "5; 5 - 3; 5 - 3 + 8; 5 - 3 + 8 + 2", "5 = 5; 5 - 3 = 2; 5 - 3 + 8 = 10; 5 - 3 + 8 + 2 = 12"),
    ("1,200\n800\n50", "1200; 1200 + 800; 1200 + 800 + 50", "1200 = 1200; 1200 + 800 = 2000; 1200 + 800 + 50 = 2050"),
    ("12.50\n$7.25\n$3.10", "12.50; 12.50 + 7.25; 12.50 + 7.25 + 3.10",
     "12.50 = 25/2 (= 12.5); 12.50 + 7.25 = 79/4 (= 19.75); 12.50 + 7.25 + 3.10 = 457/20 (= 22.85)"),
])
def test_signs_thousands_and_decimals(body: str, expression: str, said: str) -> None:
    found = math_asked(f"What is the running total of these numbers?\n\n{body}")
    assert found == {"expression": expression}
    assert call(found).text == said


def test_twelve_numbers_are_the_most_the_tool_says_in_one_call() -> None:
    twelve = "\n".join(["7"] * 12)
    found = math_asked(f"Running total\n\n{twelve}")
    assert found is not None and found["expression"].count(";") == 11
    assert call(found).data["values"] == [7 * k for k in range(1, 13)]
    assert numbers_asked("Running total\n\n" + "\n".join(["7"] * 13)) is None  # (the tool takes 12 expressions)


@pytest.mark.parametrize("message", [
    "Running total\n\n" + "\n".join(["123456789012345678901234567890"] * 12),  # longer than the tool takes
    "What are the running total and the sum of these numbers?\n\n5\n3\n8",  # the running total alone
    "What is the running total and mean of 5, 3, 8 and 2?",
    "Give me the running total of these numbers.\n\n5\nabc",  # not numbers alone
    "Give me the running total of these numbers.\n\n5",  # one number
    "Give me the running total of these numbers.",  # none given
    "What is a running total in SQL?",
    "How do I compute a running total in pandas?\n\n5\n3",
])
def test_what_stays_the_models(message: str) -> None:
    assert numbers_asked(message) is None
    found = routed(message)
    assert found is None or found[0] != "math"


def test_the_other_statistics_are_unchanged() -> None:
    assert numbers_asked("What is the sum of these numbers?\n\n5\n3\n8\n2") == "sum(5, 3, 8, 2)"
    assert numbers_asked("What's the total?\n\n5\n3") == "sum(5, 3)"
    assert routed("What is the mean and median of 5, 3, 8 and 2?") == (
        "math", {"expression": "mean(5, 3, 8, 2); median(5, 3, 8, 2)"})


@pytest.mark.parametrize("message", [
    "What is the running" + " " * 400 + "total of these?\n\n5\n3",
    "Running total" + " and the sum" * 30 + "\n\n5\n3",
    "What is the running total of " + ", ".join(["5"] * 1200) + "?",
    "Running total\n\n" + "5\n" * 2500,
    "Give me the" + " " * 400 + "running total.\n\n5\n3",
    "Show the cumulative totals of these" + " expenses" * 60 + ": 5, 3",
    "Show me the running totals for my" + " deposits" * 60 + ": 5, 3",
])
def test_a_long_or_spaced_message_is_read_fast(message: str) -> None:
    started = time.perf_counter()
    routed(message)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize(("message", "expression", "values"), [
    # the 1.5B: "The running total ... is 37" (it is 4, 13, 28, 30, 38)
    ("Give me the running total.\n\n4\n9\n15\n2\n8", "4; 4 + 9; 4 + 9 + 15; 4 + 9 + 15 + 2; 4 + 9 + 15 + 2 + 8",
     [4, 13, 28, 30, 38]),
    ("Show the cumulative totals of these expenses: 120, 45, 80, 60",
     "120; 120 + 45; 120 + 45 + 80; 120 + 45 + 80 + 60", [120, 165, 245, 305]),
    ("Calculate a running sum\n\n10\n20\n30", "10; 10 + 20; 10 + 20 + 30", [10, 30, 60]),
    ("Show me the running totals for my deposits: $50, $25, $100", "50; 50 + 25; 50 + 25 + 100", [50, 75, 175]),
    ("Work out the cumulative sum of the following payments:\n\n300\n-120\n75", "300; 300 - 120; 300 - 120 + 75",
     [300, 180, 255]),
    ("Show the cumulative totals of 7, 3, 5", "7; 7 + 3; 7 + 3 + 5", [7, 10, 15]),
])
def test_a_running_total_asked_plainly_or_of_named_amounts(message: str, expression: str, values: list[int]) -> None:
    found = routed(message)
    assert found == ("math", {"expression": expression})
    assert call(found[1]).data["values"] == values


@pytest.mark.parametrize("message", [
    "What was the total?",  # nothing given
    "Give me the running total.",
    "Give me the running total.\n\nrent 120\nfood 45",  # not numbers alone (a table's, or the model's)
    "Show the cumulative totals of these expenses: rent, food, fuel",
    "Show the cumulative totals of the expenses in March: 120, 45",  # (which expenses: not a list asked of)
    "Explain a running total.\n\n4\n9",
    "Give me a running commentary.\n\n4\n9",
])
def test_near_misses_of_a_running_total_stay_the_models(message: str) -> None:
    found = routed(message)
    assert found is None or found[0] != "math"


def test_a_plain_total_of_piped_numbers_is_their_sum() -> None:
    assert routed("Give me the total.\n\n4\n9\n15") == ("math", {"expression": "sum(4, 9, 15)"})
    assert routed("Calculate the mean and median.\n\n4\n9\n15") == (
        "math", {"expression": "mean(4, 9, 15); median(4, 9, 15)"})


# --- a running balance, and the things a list may be of ---------------------------------------------------

BALANCE = "250; 250 - 40; 250 - 40 + 125; 250 - 40 + 125 - 60; 250 - 40 + 125 - 60 + 30"


@pytest.mark.parametrize("message", [
    # the 1.5B: "The running balance is 125." (it is 250, 210, 335, 275, 305)
    "Show me the running balance.\n\n250\n-40\n125\n-60\n30",
    "What's my running balance?\n\n250\n-40\n125\n-60\n30",
    "Give me the running balances of these transactions:\n\n250\n-40\n125\n-60\n30",
    "What is the cumulative balance of these deposits?\n\n250\n-40\n125\n-60\n30",
    "Running balance: 250, -40, 125, -60, 30",
    "What is the running balance of 250, -40, 125, -60 and 30?",
    "Show our running balance\n\n$250\n-40\n$125\n-60\n$30",
])
def test_a_running_balance_of_deposits_and_withdrawals_is_each_partial_sum(message: str) -> None:
    found = routed(message)
    assert found == ("math", {"expression": BALANCE})
    assert call(found[1]).data["values"] == [250, 210, 335, 275, 305]


@pytest.mark.parametrize(("message", "expression", "values"), [
    # the 1.5B: 13.5 (it is 3.5, 5.75, 9.75, 11.5)
    ("What's the cumulative total of these hours: 3.5, 2.25, 4, 1.75?", "3.5; 3.5 + 2.25; 3.5 + 2.25 + 4; "
     "3.5 + 2.25 + 4 + 1.75", [Fraction(7, 2), Fraction(23, 4), Fraction(39, 4), Fraction(23, 2)]),
    ("Give me the running total of my steps: 8000, 6500, 12000", "8000; 8000 + 6500; 8000 + 6500 + 12000",
     [8000, 14500, 26500]),
    ("Show the running total of these miles.\n\n12\n8\n15", "12; 12 + 8; 12 + 8 + 15", [12, 20, 35]),
    ("What's the cumulative sum of these calories: 450, 300, 620.", "450; 450 + 300; 450 + 300 + 620",
     [450, 750, 1370]),
    ("Running total of the following orders:\n\n3\n5\n2", "3; 3 + 5; 3 + 5 + 2", [3, 8, 10]),
    ("What is the running total of these visitors: 120, 95, 143!", "120; 120 + 95; 120 + 95 + 143",
     [120, 215, 358]),
])
def test_a_running_total_of_counted_things(message: str, expression: str, values: list[Any]) -> None:
    found = routed(message)
    assert found == ("math", {"expression": expression})
    assert call(found[1]).data["values"] == values


def test_other_statistics_of_counted_things() -> None:
    assert routed("What's the total of these hours: 3.5, 2.25, 4?") == ("math", {"expression": "sum(3.5, 2.25, 4)"})
    assert routed("What is the average of my km?\n\n5\n10\n12") == ("math", {"expression": "mean(5, 10, 12)"})


@pytest.mark.parametrize("message", [
    "What's my balance?\n\nrent 1200\nfood 300",  # not numbers alone
    "What's my balance?\n\n250\n-40",  # a balance, not a running one: which account, after what?
    "Show me the running balance.\n\n250\n-40 fee\n125",
    "Show me the running balance.",  # none given
    "What's the cumulative total of these hours?",
    "What's the cumulative total of these hours: Monday, Tuesday",
    "What's the cumulative total of these widgets: 3, 4, 5",  # (not a thing a list is said of)
    "How do I keep a running balance in Excel?\n\n250\n-40",
    "Show me the running balance sheet.\n\n250\n-40",
])
def test_near_misses_of_a_running_balance_stay_the_models(message: str) -> None:
    found = routed(message)
    assert found is None or found[0] != "math"


@pytest.mark.parametrize("message", [
    "Show me the running" + " " * 4900 + "balance\n\n1\n2",
    "Show me my running balance" + "s" * 4900 + "\n\n1\n2",
    "What's the cumulative total of these hours: " + "?" * 4900,
    "What's the cumulative total of these " + "hours " * 800 + ": 1, 2",
    "What's the cumulative total of these hours: " + "1, " * 1600 + "x?",
    "Running balance\n\n" + "-5\n" * 1650,
])
def test_a_long_balance_or_list_of_things_is_read_fast(message: str) -> None:
    started = time.perf_counter()
    routed(message)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("question", [
    "What's the cumulative total of these " + "hours " * 800,
    "Show me the running" + " " * 4900 + "balance",
    "What is the running balance of these " + "kilometres" * 490 + "?",
    "Running totals" + " and the running balance" * 200,
])
def test_the_question_patterns_are_linear_past_the_questions_length(question: str) -> None:
    from llorch.tools.arithmetic import _NUMBERS_ASKED  # (a question past 400 characters is not read: the patterns)

    started = time.perf_counter()
    for pattern in _NUMBERS_ASKED:
        pattern.match(question)
    assert time.perf_counter() - started < 0.2


# --- a list's things named bare before its colon: "of pages read: …" --------------------------------------------

PAGES = "18; 18 + 22; 18 + 22 + 15; 18 + 22 + 15 + 30; 18 + 22 + 15 + 30 + 9"


def test_the_running_total_of_pages_read_is_each_partial_sum() -> None:
    # the 1.5B: 104 (it is 18, 40, 55, 85, 94)
    found = routed("Give me the running total of pages read: 18, 22, 15, 30, 9")
    assert found == ("math", {"expression": PAGES})
    result = call(found[1])
    assert result.data["values"] == [18, 40, 55, 85, 94]
    assert result.data["result"] == "18; 40; 55; 85; 94"


@pytest.mark.parametrize(("message", "expression", "values"), [
    ("What is the running total of miles run: 3.1, 5, 6.2?", "3.1; 3.1 + 5; 3.1 + 5 + 6.2",
     [3.1, 8.1, 14.3]),
    ("Show the cumulative sum of km cycled: 20, 35, 12", "20; 20 + 35; 20 + 35 + 12", [20, 55, 67]),
    ("Running total of hours worked: 8, 7.5, 9", "8; 8 + 7.5; 8 + 7.5 + 9",
     [8, Fraction(31, 2), Fraction(49, 2)]),
    ("Give me a running total of books sold: 12, 7, 30", "12; 12 + 7; 12 + 7 + 30", [12, 19, 49]),
    ("Give me the running total of words written: 500, 1,200, 800", "500; 500 + 1200; 500 + 1200 + 800",
     [500, 1700, 2500]),
    ("Running total of cups of coffee drunk: 2, 3, 1", "2; 2 + 3; 2 + 3 + 1", [2, 5, 6]),
    ("Whats the cumulative total of tickets sold: 40, 55, 61.", "40; 40 + 55; 40 + 55 + 61", [40, 95, 156]),
    ("Calculate the running total of the pages read: 18 22 15", "18; 18 + 22; 18 + 22 + 15", [18, 40, 55]),
    ("Give me the running total of my laps: 4, 6, 5", "4; 4 + 6; 4 + 6 + 5", [4, 10, 15]),
    ("Give me the running total of goals scored: 2, 0, 3", "2; 2 + 0; 2 + 0 + 3", [2, 2, 5]),
    ("Running total of emails sent:\n\n14\n9\n21", "14; 14 + 9; 14 + 9 + 21", [14, 23, 44]),  # (piped after it)
])
def test_a_running_total_of_things_named_before_the_colon(message: str, expression: str, values: list[Any]) -> None:
    assert numbers_asked(message) == expression
    found = routed(message)
    assert found == ("math", {"expression": expression})
    assert call(found[1]).data["values"] == values


def test_other_statistics_of_things_named_before_the_colon() -> None:
    assert routed("What is the average of hours worked: 8, 6, 7?") == ("math", {"expression": "mean(8, 6, 7)"})
    assert routed("What's the total of calories burned: 300, 450") == ("math", {"expression": "sum(300, 450)"})


@pytest.mark.parametrize("message", [
    "Give me the running total of pages read",  # no numbers
    "Give me the running total of pages read.",
    "Give me the running total of my account",
    "Give me the running total of my account: 18, 22",  # (an account is no list of things)
    "Give me the running total of pages read: eighteen, twenty",
    "Give me the running total of pages read: 18",  # one number
    "Give me the running total of pages read per day: 18, 22",  # (which pages: not the list's own name)
    "What is the running total of pages read in May: 18, 22",
    "Running total of pages read: 18, 22: 15",
    "What is the sum of squares: 1, 2, 3?",  # a sum of squares (14), not of the list
    "What is the sum of numbers squared: 1, 2, 3?",
    "What is the running total of values doubled: 1, 2, 3?",
    "Give me the running total of pages read: 18, 22\nand then 15",
    "How do I compute the running total of pages read: in SQL?",
])
def test_near_misses_of_things_named_before_the_colon_stay_the_models(message: str) -> None:
    assert numbers_asked(message) is None
    found = routed(message)
    assert found is None or found[0] != "math"


_NAMED_LONG = [
    "Give me the running total of " + "pages " * 830 + ": 1, 2",
    "Give me the running total of " + "cups of coffee " * 330 + "drunk: 1, 2",
    "Running total of pages" + "s" * 4900 + " read: 1, 2",
    "Running total of pages read" + " " * 4900 + "x: 1, 2",
    "Running total of pages read: " + "1, " * 1600 + "x",
    "Running total of pages read" + ":" * 4900,
    "Running total" + " and the running total" * 220 + " of pages read: 1, 2",
    "Running total of " + "of " * 1600 + "pages read: 1, 2",
    "Running total of the my our " * 180 + "pages read: 1, 2",
]


@pytest.mark.parametrize("message", _NAMED_LONG)
def test_a_long_list_of_named_things_is_read_fast(message: str) -> None:
    assert len(message) > 4500
    started = time.perf_counter()
    routed(message)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("message", _NAMED_LONG)
def test_the_named_things_pattern_is_linear(message: str) -> None:
    from llorch.tools.arithmetic import _NAMED_ASKED

    started = time.perf_counter()
    _NAMED_ASKED.match(message)
    assert time.perf_counter() - started < 0.2
