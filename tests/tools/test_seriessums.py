"""Sums over a run of whole numbers (llorch/tools/seriessums.py): the closed form each question is read as, and the
number the math tool then works out of it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from llorch.tools.arithmetic import arithmetic_in, numbers_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.registry import ToolRegistry
from llorch.tools.seriessums import series_asked


def _worked_out(expression: str, tmp_path: Path) -> ToolResult:
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    return ToolRegistry().call("math", {"expression": expression}, ctx)


ASKED = [
    # the 1.5B: n/2 (a + l), then 125 × 251 = 31437.5
    ("What is the sum of all whole numbers from 1 to 250?", "(1 + 250) * 250 / 2", 31375),
    ("What is the sum of the numbers from 1 to 100?", "(1 + 100) * 100 / 2", 5050),
    ("Add up all the integers from 1 to 250.", "(1 + 250) * 250 / 2", 31375),
    ("What's 1 + 2 + 3 + ... + 250?", "(1 + 250) * 250 / 2", 31375),
    ("What is 1 + 2 + 3 + … + 100?", "(1 + 100) * 100 / 2", 5050),
    ("1+2+3+...+100", "(1 + 100) * 100 / 2", 5050),
    ("What does 1 + 2 + 3 + ... + 100 equal?", "(1 + 100) * 100 / 2", 5050),
    ("2 + 4 + 6 + ... + 100", "(2 + 100) * 50 / 2", 2550),
    ("1 + 3 + 5 + ... + 99 = ?", "(1 + 99) * 50 / 2", 2500),
    ("5 + 10 + 15 + ... + 500", "(5 + 500) * 100 / 2", 25250),
    ("100 + 99 + 98 + ... + 1", "(1 + 100) * 100 / 2", 5050),
    ("What is the sum of 1, 2, 3, ..., 100?", "(1 + 100) * 100 / 2", 5050),
    ("the sum of 1, 2, 3, ..., 1,000", "(1 + 1000) * 1000 / 2", 500500),
    # "between" counts both ends, as people mean it; "exclusive" leaves both out
    ("What is the sum of the numbers between 1 and 100?", "(1 + 100) * 100 / 2", 5050),
    ("What is the sum of the numbers between 1 and 100, exclusive?", "(2 + 99) * 98 / 2", 4949),
    ("Calculate the sum of the integers from 1 to 100 inclusive.", "(1 + 100) * 100 / 2", 5050),
    ("What is the sum of the integers from 1 to 100 (inclusive)?", "(1 + 100) * 100 / 2", 5050),
    ("What is the sum of the numbers 1 through 100?", "(1 + 100) * 100 / 2", 5050),
    ("What's the sum of numbers 1-100?", "(1 + 100) * 100 / 2", 5050),
    ("What is the sum of the numbers from 1 to 1,000?", "(1 + 1000) * 1000 / 2", 500500),
    ("What is the total of the numbers from 1 to 50?", "(1 + 50) * 50 / 2", 1275),
    ("Sum 1 to 100", "(1 + 100) * 100 / 2", 5050),
    ("Add up 1 to 100", "(1 + 100) * 100 / 2", 5050),
    ("Could you please add up all the numbers from 1 to 100?", "(1 + 100) * 100 / 2", 5050),
    ("Add all the numbers from 1 to 100 together.", "(1 + 100) * 100 / 2", 5050),
    ("What do the numbers from 1 to 100 add up to?", "(1 + 100) * 100 / 2", 5050),
    ("If you add up all the numbers from 1 to 100, what do you get?", "(1 + 100) * 100 / 2", 5050),
    # even, odd, multiples
    ("What is the sum of the even numbers from 1 to 100?", "(2 + 100) * 50 / 2", 2550),
    ("What is the sum of all even numbers between 1 and 100 inclusive?", "(2 + 100) * 50 / 2", 2550),
    ("What is the sum of all numbers between 1 and 100 that are even?", "(2 + 100) * 50 / 2", 2550),
    ("What is the sum of evens from 1 to 100?", "(2 + 100) * 50 / 2", 2550),
    ("What is the sum of the odd numbers from 1 to 99?", "(1 + 99) * 50 / 2", 2500),
    ("Sum the odd numbers below 100", "(1 + 99) * 50 / 2", 2500),
    ("What is the sum of the multiples of 3 from 1 to 30?", "(3 + 30) * 10 / 2", 165),
    ("What is the sum of the multiples of 3 below 100?", "(3 + 99) * 33 / 2", 1683),  # (below: not 100 itself)
    ("What is the sum of the multiples of 5 up to 100?", "(5 + 100) * 20 / 2", 1050),
    ("What is the sum of all numbers from 1 to 100 that are divisible by 3?", "(3 + 99) * 33 / 2", 1683),
    ("What is the sum of all numbers divisible by 7 between 1 and 100?", "(7 + 98) * 14 / 2", 735),
    ("Find the sum of all the multiples of 3 or 5 below 1000.",
     "(3 + 999) * 333 / 2 + (5 + 995) * 199 / 2 - (15 + 990) * 66 / 2", 233168),
    ("What is the sum of all numbers below 1000 that are multiples of 3 or 5?",
     "(3 + 999) * 333 / 2 + (5 + 995) * 199 / 2 - (15 + 990) * 66 / 2", 233168),
    ("What is the sum of the multiples of 3 or 6 below 100?", "(3 + 99) * 33 / 2", 1683),
    ("What is the sum of all natural numbers less than 100?", "(1 + 99) * 99 / 2", 4950),
    ("What is the sum of all natural numbers up to 100?", "(1 + 100) * 100 / 2", 5050),
    # the first N
    ("What is the sum of the first 50 positive integers?", "(1 + 50) * 50 / 2", 1275),
    ("What is the sum of the first 20 odd numbers?", "(1 + 39) * 20 / 2", 400),
    ("What is the sum of the first 10 even numbers?", "(2 + 20) * 10 / 2", 110),
    ("What is the sum of the first 10 multiples of 7?", "(7 + 70) * 10 / 2", 385),
    ("What is the sum of the first 100 non-negative integers?", "(0 + 99) * 100 / 2", 4950),
    # squares, cubes, products
    ("What is the sum of the squares of the numbers from 1 to 10?", "10 * 11 * 21 / 6", 385),
    ("sum of squares of the first 10 natural numbers", "10 * 11 * 21 / 6", 385),
    ("What is the sum of the first 10 squares?", "10 * 11 * 21 / 6", 385),
    ("1^2 + 2^2 + 3^2 + ... + 10^2", "10 * 11 * 21 / 6", 385),
    ("1² + 2² + … + 10²", "10 * 11 * 21 / 6", 385),
    ("What is the sum of the squares of the integers from 5 to 10?", "10 * 11 * 21 / 6 - 4 * 5 * 9 / 6", 355),
    ("What is the sum of the cubes of the numbers from 1 to 10?", "(10 * 11 / 2) ** 2", 3025),
    ("What is the sum of the first 10 cubes?", "(10 * 11 / 2) ** 2", 3025),
    ("What is the sum of the cubes of the integers from 5 to 10?", "(10 * 11 / 2) ** 2 - (4 * 5 / 2) ** 2", 2925),
    ("What is the product of the integers from 1 to 10?", "factorial(10)", 3628800),
    ("product of first 10 positive integers", "factorial(10)", 3628800),
    ("Multiply the numbers 1 through 10", "factorial(10)", 3628800),
    ("1 × 2 × 3 × ... × 10", "factorial(10)", 3628800),
    ("What is the product of the numbers from 5 to 10?", "factorial(10) / factorial(4)", 151200),
    # negative ends, and a run far too long to walk
    ("What is the sum of the integers from -10 to 5?", "(-10 + 5) * 16 / 2", -40),
    ("sum of integers from -5 to -1", "(-5 - 1) * 5 / 2", -15),
    ("What is the sum of the numbers from −5 to 5?", "(-5 + 5) * 11 / 2", 0),
    ("What is the sum of the odd numbers between -9 and 9?", "(-9 + 9) * 10 / 2", 0),
    ("What is the sum of the numbers from 1 to 1,000,000,000,000,000?",
     "(1 + 1000000000000000) * 1000000000000000 / 2", 500000000000000500000000000000),
]


@pytest.mark.parametrize(("question", "expression", "value"), ASKED)
def test_a_sum_over_a_run_of_whole_numbers_is_its_closed_form(question: str, expression: str, value: int,
                                                               tmp_path: Path) -> None:
    assert series_asked(question) == expression
    done = _worked_out(expression, tmp_path)
    assert done.data["value"] == value
    assert done.text == f"{expression} = {value}"  # (a whole number: 31375, not 31375.0)


@pytest.mark.parametrize(("question", "expression", "said"), [
    ("What is the average of the numbers from 1 to 100?", "(1 + 100) / 2", "(1 + 100) / 2 = 101/2 (= 50.5)"),
    ("What is the mean of the first 10 natural numbers?", "(1 + 10) / 2", "(1 + 10) / 2 = 11/2 (= 5.5)"),
    ("What is the average of the even numbers from 1 to 100?", "(2 + 100) / 2", "(2 + 100) / 2 = 51"),
])
def test_an_average_over_a_run_is_its_first_and_last_halved(question: str, expression: str, said: str,
                                                             tmp_path: Path) -> None:
    assert series_asked(question) == expression
    assert _worked_out(expression, tmp_path).text == said


@pytest.mark.parametrize("question", [q for q, _, _ in ASKED])
def test_arithmetic_and_list_questions_leave_each_run_to_series_asked(question: str) -> None:
    # (math_asked asks arithmetic_in, then numbers_asked, then series_asked: neither may read these first)
    assert arithmetic_in(question) is None
    assert numbers_asked(question) is None


@pytest.mark.parametrize("question", [
    "How do I sum numbers from 1 to 100 in Python?",  # a how-to
    "What is the sum of all numbers from 1 to 100 in Excel?",
    "the sum of the numbers from 1 to 100 in this list: 3, 4",  # a list given with it (numbers_asked's)
    "What is the sum of the numbers from 1 to 100?\n\n3\n4",
    "What is the sum of the numbers from 100 to 1?",  # backwards
    "What is the sum of the numbers between 100 and 1?",
    "What is the sum of the numbers from 1.5 to 10?",  # not whole
    "1 + 2 + 3 + ... + 2.5",
    "What is the sum of the numbers from 5 to 5?",  # one number, or none
    "What is the sum of the even numbers from 1 to 1?",
    "sum of the first 1 numbers",
    "What is the sum of the first 50 whole numbers?",  # from 0 or from 1: taught either way
    "Add 1 to 100",  # 101
    "sum of 1 - 100",  # a difference?
    "1 + 2 + 4 + ... + 1024",  # no one step
    "1 + ... + 100",  # no step given
    "1 + 2 + 3 + ... + 100 + 101",
    "What's 1+2+3+...+n?",
    "What is 1 - 2 + 3 - ... + 99?",
    "2 × 4 × ... × 20",
    "the sum of 1,000, 2,000, ..., 10,000",  # thousands' commas or a list's?
    "the sum of the numbers from 1 to 10^6",
    "What is the sum of all integers less than 100?",  # down without end
    "What is the sum of the positive integers from -5 to 5?",
    "What is the sum of the squares from 1 to 10?",  # squares of 1 to 10, or the squares up to 10?
    "What is the sum of the squares of the first 10 odd numbers?",
    "What is the sum of the multiples of 3 and 5 below 1000?",  # both, or either?
    "What is the sum of the multiples of 0 below 100?",
    "What is the average of the multiples of 3 or 5 below 1000?",
    "What is the sum of all the even numbers from 1 to 100 that are divisible by 3?",
    "what is the sum of numbers from 1 to 100 excluding multiples of 3",
    "What is the sum of the numbers below 100 inclusive?",
    "What is the product of the even numbers from 1 to 10?",
    "the product of the numbers from 0 to 10",
    "What is the product of the integers from 1 to 6000?",  # past the tool's factorials
    "What is the sum of the digits from 1 to 100?",
    "Pick a random number between 1 and 100",
    "How many numbers are between 1 and 100?",
    "What is the sum of 2 and 3?",
    "What is the sum of 1 to 100 and 5?",
])
def test_near_misses_of_a_sum_over_a_run_stay_the_models(question: str) -> None:
    assert series_asked(question) is None


def test_a_long_or_spaced_out_message_is_read_quickly() -> None:
    for message in ("1 + 3 + 5 + ... + 99" + " " * 250 + "= ?x", "What is the sum of" + " " * 270 + "x",
                    "1 + " * 70 + "... + x", "the sum of " + "1, " * 90 + "x",
                    "What is the sum of the numbers from 1 to 100? " * 1000):
        started = time.perf_counter()
        assert series_asked(message) is None
        assert time.perf_counter() - started < 1.0  # (spaces side by side in the patterns were n^4: 2,000 of them
        # took 25 s; a linear read takes well under 0.01 s)


@pytest.mark.parametrize("question", [
    "What is 3 + 9 + ... + 243?",  # (3 to the 1st … 5th: 363, or a step of 6?)
    "What is 2 + 4 + ... + 1024?",  # (powers of 2)
    "What is 1 + 4 + ... + 100?",  # (the squares: 385)
    "What is the sum of 1, 8, ..., 1000?",  # (the cubes)
    "What is the average of the whole numbers up to 10?",  # (from 0: 5; from 1: 5.5)
])
def test_two_terms_that_may_start_another_run_and_whole_numbers_averaged_are_the_models(question: str) -> None:
    assert series_asked(question) is None


@pytest.mark.parametrize(("question", "value"), [
    ("What is 2 + 4 + ... + 100?", 2550),  # (100 is no power of 2: a step of 2)
    ("What is the average of the positive multiples of 7 between 0 and 50?", 28),  # (7 to 49: 0 is no positive one)
    ("What is the average of the positive integers from 0 to 12?", 6.5),
])
def test_terms_and_positive_numbers_read_as_they_are(question: str, value: float, tmp_path: Path) -> None:
    expression = series_asked(question)
    assert expression is not None and _worked_out(expression, tmp_path).data["value"] == pytest.approx(value)
