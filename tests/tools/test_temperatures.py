"""Temperatures listed in one scale and asked in another (temperatures.py): a statistic of them or each, converted
by the math tool; a list or a question that is not plain stays the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.temperatures import temperatures_asked

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
# the 1.5B got it wrong: the mean is 70 °F, 21.1 °C
WEEK = "The temperatures this week were 68, 72, 75, 70 and 65 °F. What was the average in Celsius?"


def worked(tmp_path: Path, expression: str) -> ToolResult:
    return ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


def test_the_weeks_average_in_celsius_is_21_1(tmp_path: Path) -> None:
    expression = temperatures_asked(WEEK)
    assert expression == "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9"
    done = worked(tmp_path, expression)
    assert done.text == "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9 = 190/9 (≈ 21.1111111111111)"
    want = expected("math", done.data, WEEK)
    assert fault("The average was 70 °F, about 21.1 °C.", want, "math", done.text) is None
    assert fault("About 21.11 °C.", want, "math", done.text) is None
    assert fault("The average was 22.2 °C.", want, "math", done.text) is not None


def test_each_converted_is_said_in_order(tmp_path: Path) -> None:
    question = "Convert these temperatures to Celsius: 68, 72, 75 °F"
    expression = temperatures_asked(question)
    assert expression == "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9"
    done = worked(tmp_path, expression)
    assert done.text == ("(68 - 32) * 5 / 9 = 20; (72 - 32) * 5 / 9 = 200/9 (≈ 22.2222222222222); "
                         "(75 - 32) * 5 / 9 = 215/9 (≈ 23.8888888888889)")
    want = expected("math", done.data, question)
    assert fault("68 °F is 20 °C, 72 °F is 22.2 °C and 75 °F is 23.9 °C.", want, "math", done.text) is None
    assert fault("68 °F is 20 °C, 72 °F is 22.2 °C and 75 °F is 24.9 °C.", want, "math", done.text) is not None


@pytest.mark.parametrize(("question", "expression", "value"), [
    ("What is the average of 68, 72, 75, 70 and 65 °F in Celsius?", "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9",
     pytest.approx(190 / 9)),
    ("The temperatures this week were 68, 72, 75, 70 and 65 degrees Fahrenheit. What was the average temperature in "
     "Celsius?", "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9", pytest.approx(190 / 9)),
    ("The highs were 20, 25 and 22 °C. What's the average temperature in Fahrenheit?", "mean(20, 25, 22) * 9 / 5 + 32",
     pytest.approx(72.2)),
    ("The temperatures were -5, 3 and 10 °C. What was the average in Fahrenheit?", "mean(-5, 3, 10) * 9 / 5 + 32",
     pytest.approx(36.8)),
    ("The temperatures in Fahrenheit were 68, 72 and 75. What was the average in Celsius?",
     "(mean(68, 72, 75) - 32) * 5 / 9", pytest.approx(595 / 27)),
    ("If the temperatures were 68, 72 and 75 °F, what was the median in Celsius?", "(median(68, 72, 75) - 32) * 5 / 9",
     pytest.approx(200 / 9)),
    ("What is the median of 300, 310 and 305 K in Celsius?", "median(300, 310, 305) - 273.15", pytest.approx(31.85)),
    (WEEK.replace("Celsius", "kelvin"), "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9 + 273.15",
     pytest.approx(190 / 9 + 273.15)),
    ("The readings were 290, 300 and 295 K. What was the average in Fahrenheit?",
     "(mean(290, 300, 295) - 273.15) * 9 / 5 + 32", pytest.approx((295 - 273.15) * 9 / 5 + 32)),
    # several statistics: each, in the order asked
    ("The temperatures were 20, 25 and 22 degrees Celsius. What were the highest and lowest in Fahrenheit?",
     "max(20, 25, 22) * 9 / 5 + 32; min(20, 25, 22) * 9 / 5 + 32", 77),
    # each converted
    ("Convert 68°F, 72°F and 75°F to Celsius.", "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9", 20),
    ("Convert 68, 72 and 75 from Fahrenheit to Celsius", "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9",
     20),
    ("Convert these Fahrenheit temperatures to Celsius: 68, 72, 75",
     "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9", 20),
    ("The temperatures were 20, 25 and 22 °C. What are they in kelvin?", "20 + 273.15; 25 + 273.15; 22 + 273.15",
     pytest.approx(293.15)),
    # "the highest temperatures" are the list, not a statistic of it
    ("Convert the highest temperatures this week, 68, 72 and 75 °F, to Celsius",
     "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9", 20),
])  # fmt: skip
def test_a_list_asked_in_another_scale_is_the_math_tools(
        tmp_path: Path, question: str, expression: str, value: Any) -> None:
    assert temperatures_asked(question) == expression
    assert worked(tmp_path, expression).data["value"] == value


@pytest.mark.parametrize("question", [
    # no other scale asked, or none given for the list
    WEEK.replace(" in Celsius", ""),
    WEEK.replace("Celsius", "Fahrenheit"),
    WEEK.replace(" °F", ""),
    "The temperatures were 68, 72 and 75 degrees. What was the average in Celsius?",
    # two scales in the list, another number, a sum or a range (no temperature), rounding
    "The temperatures this week were 68, 72, 75 °F and 20 °C. What was the average in Celsius?",
    "The temperatures for 5 days were 68, 72, 75, 70 and 65 °F. What was the average in Celsius?",
    WEEK.replace("average", "sum"),
    WEEK.replace("average", "range"),
    WEEK.replace("average", "difference"),
    WEEK.replace("?", ", rounded to 1 decimal place?"),
    # below absolute zero, a single temperature (the units tool's), two lists
    "The temperatures were -500, 72, 75 °F. What was the average in Celsius?",
    "What is 68 °F in Celsius?",
    "The temperatures were 68, 72 and 75 °F and 60, 62 and 64 °F. What was the average in Celsius?",
    # no statistic and no conversion asked
    "The temperatures were 68, 72 and 75 °F. What was the temperature in Celsius?",
    "The temperatures were 68, 72 and 75 °F. Is it warm in Celsius?",
    # other words that change the question
    "The oven temperatures were 350, 375 and 400 °F. What was the average in Celsius?",
    WEEK.replace("this week", "this week, except Monday,"),
])
def test_a_list_that_is_not_plain_stays_the_models(question: str) -> None:
    assert temperatures_asked(question) is None


@pytest.mark.parametrize("message", ["x" * 5_000, " " * 400, "1, " * 100, "1 " * 150, "-1, " * 75 + "°F in Celsius?",
                                     "1" + " " * 280 + ",2 F", "Convert " + "1 and " * 45 + " to Celsius",
                                     WEEK[:-1] + " " * 400 + "?"])
def test_long_messages_are_read_quickly(message: str) -> None:
    started = time.perf_counter()
    temperatures_asked(message)
    assert time.perf_counter() - started < 0.2


# Routing (needs the wiring: temperatures_asked in wordproblems.word_problem's chain)
def test_a_list_of_temperatures_goes_to_the_math_tool_before_the_model() -> None:
    assert exact_call(WEEK, EXACT_TOOLS, NOW) == ("math", {"expression": "(mean(68, 72, 75, 70, 65) - 32) * 5 / 9"})
    assert exact_call("Convert these temperatures to Celsius: 68, 72, 75 °F", EXACT_TOOLS, NOW) == (
        "math", {"expression": "(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9"})
    assert exact_call("What is 68 °F in Celsius?", EXACT_TOOLS, NOW) == (
        "units", {"value": 68, "from": "°F", "to": "Celsius"})  # (one is the units tool's, as before)
