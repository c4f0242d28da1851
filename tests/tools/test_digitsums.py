"""The sum of the digits of a number worked out first goes to the math tool's digitsum(): asked the sum of the digits of
2^20, the 1.5B said 28 (1,048,576: 31)."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from math import factorial
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.arithmetic import arithmetic_in, math_asked
from llorch.tools.base import ToolContext
from llorch.tools.digitsums import digit_sum_asked
from llorch.tools.evaluator import evaluate
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)


def _said(expression: str, tmp_path: Path) -> str:
    return ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path)).text


@pytest.mark.parametrize(("expression", "value"), [
    ("digitsum(2^20)", 31), ("digitsum(3**15)", 36), ("digitsum(factorial(100))", 648), ("digitsum(-98765)", 35),
    ("digitsum(0)", 0), ("digitsum(10**5 - 1)", 45),
])
def test_digitsum_adds_a_whole_numbers_digits(expression: str, value: int) -> None:
    assert evaluate(expression) == value


def test_digitsum_takes_numbers_past_the_digits_str_writes() -> None:
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:  # (7^10000 has 8,451 digits; factorial(5000) 16,326: past str()'s 4,300)
        expected = [sum(map(int, str(7**10000))), sum(map(int, str(factorial(5000))))]
    finally:
        sys.set_int_max_str_digits(limit)
    assert [evaluate("digitsum(7**10000)"), evaluate("digitsum(factorial(5000))")] == expected


@pytest.mark.parametrize(("expression", "message"), [
    ("digitsum(2.5)", r"digitsum sums the digits of a whole number, got 5/2 \(= 2.5\)"),
    ("digitsum(pi)", "digitsum sums the digits of a whole number, got 3.14159265358979"),
    ("digitsum(1, 2)", "digitsum takes 1 argument, got 2"),
])
def test_digitsum_of_no_whole_number_is_a_clear_error(expression: str, message: str) -> None:
    with pytest.raises(ToolError, match=message):
        evaluate(expression)


@pytest.mark.parametrize(("question", "expression", "said"), [
    ("What is the sum of the digits of 2^20?", "digitsum(2^20)", "digitsum(2^20) = 31"),
    ("What's the digit sum of 3**15?", "digitsum(3 ** 15)", "digitsum(3 ** 15) = 36"),
    ("Add up the digits of 100!", "digitsum(factorial(100))", "digitsum(factorial(100)) = 648"),
    ("What do the digits of 2 to the power 20 add up to?", "digitsum(2 ** 20)", "digitsum(2 ** 20) = 31"),
    ("Sum the digits of 100 factorial.", "digitsum(factorial(100))", "digitsum(factorial(100)) = 648"),
    ("What is the sum of all the digits in 2**64?", "digitsum(2 ** 64)", "digitsum(2 ** 64) = 88"),
])
def test_the_digits_of_a_number_worked_out_are_summed(question: str, expression: str, said: str,
                                                      tmp_path: Path) -> None:
    assert digit_sum_asked(question, arithmetic_in) == expression
    assert _said(expression, tmp_path) == said


@pytest.mark.parametrize(("question", "expression"), [
    ("What is the sum of the digits of 2^20?", "digitsum(2^20)"),
    ("Add up the digits of 100!", "digitsum(factorial(100))"),
    ("What's the sum of the digits of 98765?", "9 + 8 + 7 + 6 + 5"),  # (written out: arithmetic.py's, digit by digit)
])
def test_a_digit_sum_question_goes_to_the_math_tool(question: str, expression: str) -> None:
    assert math_asked(question) == {"expression": expression}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})


@pytest.mark.parametrize("question", [
    "What is the sum of the digits of 98765?",  # written out: arithmetic.py adds them one by one
    "What is the sum of the digits of 7?",
    "What is the sum of the digits of my phone number?",
    "What is the digital root of 2^20?",
    "How many digits does 2^20 have?",  # a count, not a sum: numberquestions.py's
])
def test_other_questions_are_not_a_digit_sum(question: str) -> None:
    assert digit_sum_asked(question, arithmetic_in) is None
