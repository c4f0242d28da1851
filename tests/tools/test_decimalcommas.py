"""Decimal commas ("€12,50") are read as decimals by the math tool's readers, or leave the question to the model
where a comma could also part two numbers."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.base import ToolContext
from llorch.tools.decimalcommas import decimal_commas
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 16, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("question", "expression", "value"), [
    # each of these was read with its commas as a list's: mean(4, 99, 2, 50, 7, 20), sum(12, 50, 3, 25), …
    ("What's the average of 4,99, 2,50 and 7,20?", "mean(4.99, 2.50, 7.20)", 4.8966666666666665),
    ("What is the sum of these?\n\n4,99, 2,50, 7,20", "sum(4.99, 2.50, 7.20)", 14.69),
    ("What is the sum of €12,50 and €3,25?", "sum(12.50, 3.25)", 15.75),
    ("Add up these prices: 12,99, 4,50, 7,25", "sum(12.99, 4.50, 7.25)", 24.74),
    ("Give me the running total: 1,5; 2,25; 3", "1.5; 1.5 + 2.25; 1.5 + 2.25 + 3", 6.75),
    # (an operator or a percent sign beside it: no list, so a decimal; these were left to the model before)
    ("What is 3,5 + 2,25?", "3.5 + 2.25", 5.75),
    ("What is 12,5% of 80?", "12.5 / 100 * 80", 10),
    ("What is 2,5 times 4?", "2.5 * 4", 10),
])
def test_a_decimal_comma_is_a_decimal_point(question: str, expression: str, value: float, tmp_path: Path) -> None:
    call = exact_call(question, EXACT_TOOLS, NOW)
    assert call is not None and call[0] == "math" and call[1]["expression"] == expression
    done = ToolRegistry().call("math", call[1], ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.data.get("values", [done.data["value"]])[-1] == pytest.approx(value)  # (a running total's: its last)


@pytest.mark.parametrize(("question", "expression"), [
    ("What is the sum of 1,2,3?", "sum(1, 2, 3)"),  # (commas alone, several in one run: a list, as before)
    ("What is the sum of 1,200, 800 and 3,000?", "sum(1200, 800, 3000)"),  # (thousands)
    ("What is 1,234 * 2?", "1234 * 2"),
    ("What is gcd(12,18)?", "gcd(12,18)"),  # (a function's arguments)
])
def test_lists_and_thousands_are_read_as_before(question: str, expression: str) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})


@pytest.mark.parametrize("question", [
    "Sum of 10,20 and 30?",  # (10, 20 and 30, or 10.20 and 30: nothing says; it was sum(10, 20, 30))
    "Add 1,5 and 2,5",
    "What's the sum of 3, 4,5 and 6?",  # (3, 4.5 and 6, or 3, 4, 5 and 6 with a space left out)
    "What is the average of these scores: 85, 90, 78,92?",  # (one decimal among whole numbers: a space left out)
    "What is the sum of 1,200 and 3,5?",  # (thousands with commas and decimals with commas in one text)
    "What's the total?\n\n12,50\n8\n3,25",  # (a line "12,50" may be a row of two numbers)
])
def test_a_comma_that_could_part_two_numbers_leaves_the_question_to_the_model(question: str) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) is None


@pytest.mark.parametrize(("text", "said"), [
    ("no numbers here", "no numbers here"),
    ("1.5,2.5", "1.5,2.5"),  # (points already: a comma between decimals is a list's)
    ("pen,2,50", "pen,2,50"),  # (a CSV row's cells)
    ("5 + gcd( 12,18)", "5 + gcd( 12,18)"),  # (a function's arguments, a space inside its bracket)
    ("€1.234,50", "€1.234,50"),  # (thousands points: not read here, and not changed)
    ("3,14159 + 1", "3.14159 + 1"),  # (four or more digits after one comma: no thousands)
    ("It was 7,5 - 2,5.", "It was 7.5 - 2.5."),  # (the sentence's full stop is no decimal)
])
def test_what_is_changed_and_what_is_not(text: str, said: str) -> None:
    assert decimal_commas(text) == said


def test_a_long_run_of_commas_is_read_in_linear_time() -> None:
    text = "What is the sum of " + ",".join(["1"] * 20000) + ".5, 2"  # (a run that ends in a decimal point)
    assert decimal_commas(text) == text
