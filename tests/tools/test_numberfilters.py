"""Questions about some of a list of numbers (llorch/tools/numberfilters.py, through arithmetic.numbers_asked): "What's
the sum of the even numbers here?" of a piped list (the 1.5B: 54; 60) goes to the math tool with the numbers kept
alone; what it says, and what stays the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.longinput import Document, compose
from llorch.tools.arithmetic import math_asked, numbers_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.numberfilters import filter_asked
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
NUMBERS = "12\n7\n30\n5\n18\n9\n"


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


def piped(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """The exact call for a question with piped text, as `llorch run` sends it (read whole: exact.READ_WHOLE)."""
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    return exact_call(whole if whole is not None else compose(question, [Document(text)]), EXACT_TOOLS, NOW)


def test_the_sum_of_the_even_numbers_piped_is_the_sum_of_those_alone() -> None:
    # the 1.5B: 54
    found = piped("What's the sum of the even numbers here?", NUMBERS)
    assert found == ("math", {"expression": "sum(12, 30, 18)"})
    result = call(found[1])
    assert result.text == "sum(12, 30, 18) = 60"
    assert result.data["value"] == 60


@pytest.mark.parametrize(("question", "expression", "value"), [
    ("How many of these are above 10?", "count(12, 30, 18)", 3),  # (a count: the numbers kept, counted)
    ("What's the average of the numbers over 10?", "mean(12, 30, 18)", 20),
    ("Add up the odd ones", "sum(7, 5, 9)", 21),
    ("How many are negative?", "0", 0),  # (none kept: a count of none is 0)
    ("What's the sum of the numbers over 100?", "0", 0),  # (a sum of none too)
    ("How many numbers are even?", "count(12, 30, 18)", 3),
    ("How many even numbers are there?", "count(12, 30, 18)", 3),
    ("How many odd ones are in this list?", "count(7, 5, 9)", 3),
    ("Count the even numbers", "count(12, 30, 18)", 3),
    ("How many values are at least 12?", "count(12, 30, 18)", 3),
    ("How many are 12 or more?", "count(12, 30, 18)", 3),
    ("How many are under 10?", "count(7, 5, 9)", 3),
    ("How many numbers here are greater than 10?", "count(12, 30, 18)", 3),
    ("What's the largest odd number?", "max(7, 5, 9)", 9),
    ("What's the smallest number above 10?", "min(12, 30, 18)", 12),
    ("What is the total of the values greater than 10?", "sum(12, 30, 18)", 60),
    ("What's the sum of the numbers that are above 10?", "sum(12, 30, 18)", 60),
    ("What's the sum of all the even numbers?", "sum(12, 30, 18)", 60),
    ("Sum of the numbers between 6 and 20", "sum(12, 7, 18, 9)", 46),
    ("What's the sum of the numbers above 6 and below 20?", "sum(12, 7, 18, 9)", 46),
    ("What's the sum of the numbers at most 9?", "sum(7, 5, 9)", 21),
    ("What's the product of the odd numbers?", "7 * 5 * 9", 315),
    ("Average the numbers over 10", "mean(12, 30, 18)", 20),
    ("Total the even ones up", "sum(12, 30, 18)", 60),
    ("What is the sum of the positive numbers in this list?", "sum(12, 7, 30, 5, 18, 9)", 81),
])
def test_a_filter_keeps_only_the_numbers_it_names(question: str, expression: str, value: int) -> None:
    found = piped(question, NUMBERS)
    assert found == ("math", {"expression": expression})
    assert call(found[1]).data["value"] == value


def test_several_statistics_of_the_numbers_kept_are_each_said() -> None:
    found = piped("What's the mean and median of the odd ones?", NUMBERS)
    assert found == ("math", {"expression": "mean(7, 5, 9); median(7, 5, 9)"})
    assert call(found[1]).text == "mean(7, 5, 9) = 7; median(7, 5, 9) = 7"


@pytest.mark.parametrize(("question", "expression", "value"), [
    ("What's the sum of the even numbers in 3, 8, 10, 15?", "sum(8, 10)", 18),
    ("How many of 3, 8, 10, 15 are even?", "count(8, 10)", 2),
    ("How many even numbers are in 3, 8, 10, 15?", "count(8, 10)", 2),
    ("Add up the odd numbers in 1, 2, 3, 4, 5", "sum(1, 3, 5)", 9),
    ("What's the average of the numbers above 5 in 3, 8, 10 and 15?", "mean(8, 10, 15)", 11),
    ("Count the odd numbers in 1 2 3 4 5", "count(1, 3, 5)", 3),
    ("What's the sum of the even numbers: 3, 8, 10, 15", "sum(8, 10)", 18),
    ("What's the sum of the negative numbers in -4, 7, -2.5, 3?", "sum(-4, -2.5)", -6.5),
])
def test_numbers_in_the_question_itself_are_filtered_too(question: str, expression: str, value: float) -> None:
    assert math_asked(question) == {"expression": expression}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert call({"expression": expression}).data["value"] == value


@pytest.mark.parametrize(("question", "expression", "value"), [
    # (a comma and a space part numbers; a comma before three digits alone is a thousands' comma)
    ("How many of 1,200, 800 and 3,000 are over 1,000?", "count(1200, 3000)", 2),
    ("What's the sum of the even numbers in 1,000, 2,001, 3?", "sum(1000)", 1000),
    ("How many of 1,500 and 2,500 are odd?", "0", 0),
    ("What's the sum of the odd numbers in 12,7,30,5?", "sum(7, 5)", 12),  # (no group of three: commas part)
])
def test_thousands_commas_in_the_question_are_no_list_commas(question: str, expression: str, value: int) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert call({"expression": expression}).data["value"] == value


@pytest.mark.parametrize("question", [
    "How many of 1,000,2 and 5 are even?",  # (1000 and 2, or 1, 0 and 2?)
    "What's the sum of the odd numbers in 5,1,000?",
])
def test_commas_that_may_part_numbers_or_thousands_stay_the_models(question: str) -> None:
    assert filter_asked(question) is None
    assert math_asked(question) is None


def test_numbers_with_thousands_commas_and_signs_are_read_as_numbers() -> None:
    found = piped("What's the total of the amounts over 1,000?", "$1,200\n$800\n$2,500.50\n")
    assert found == ("math", {"expression": "sum(1200, 2500.50)"})
    assert call(found[1]).data["value"] == 3700.5


@pytest.mark.parametrize(("question", "text"), [
    ("What's the sum of the even numbers here?", "Mon: 12\nTue: 7\nWed: 30"),  # words in the list
    ("What's the sum of the even numbers here?", "12.5\n4\n6"),  # (is 12.5 even? neither)
    ("Sum of the numbers between 5 and 20", NUMBERS),  # (5 is a bound: in or out?)
    ("What's the average of the numbers over 100?", NUMBERS),  # (of none: no number)
    ("What's the sum of these numbers, even the negative ones?", NUMBERS),  # "even", no filter
    ("Which of these are even?", NUMBERS),  # (which, not how many: the model's)
    ("Is this even a list of numbers?", NUMBERS),
    ("How many numbers are there?", NUMBERS),  # (no filter: the count tool's question)
    ("What's the sum of the even numbers here?", "12"),  # one number is no list
    ("What's the standard deviation of the odd numbers over 8?", NUMBERS),  # (of one number: none)
])
def test_a_list_or_question_it_cannot_settle_stays_the_models(question: str, text: str) -> None:
    found = piped(question, text)
    assert found is None or found[0] != "math"


@pytest.mark.parametrize("question", [
    "What's the sum of the even numbers between 1 and 100?",  # a range, not a list given
    "How many even numbers are there between 1 and 100?",
    "What's the sum of the even numbers from 1 to 10?",
    "Sum the even numbers in 2.5, 4, 6",
    "How many are negative?",  # (no list at all)
    "Is 12 even?",
])
def test_a_question_with_no_list_given_is_no_filter_of_one(question: str) -> None:
    assert numbers_asked(question) is None  # (no list to read; a range is seriessums.py's: 2550, 30)


def test_a_question_that_names_no_filter_is_left_to_the_plain_statistics() -> None:
    assert filter_asked("What's the sum of these numbers?") is None
    assert piped("What's the sum of these numbers?", NUMBERS) == ("math", {"expression": "sum(12, 7, 30, 5, 18, 9)"})


def test_a_long_question_or_list_is_read_fast() -> None:
    started = time.perf_counter()
    assert math_asked("What's the sum of the numbers " + "above 1 and " * 200 + "x?\n\n1\n2") is None
    assert filter_asked("How many of " + "1, " * 3000 + "x are even?") is None
    assert math_asked("What's the sum of the even numbers here?\n\n" + "\n".join(map(str, range(10_000)))) is None
    assert time.perf_counter() - started < 2  # (the last is past the tool's length)
