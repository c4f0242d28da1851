"""Geometry questions with one formula go to the math tool, which says a number ("≈ 50.27"), not "16π"."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import arithmetic_in
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.geometry import shape_asked
from llorch.tools.registry import ToolRegistry


def _said(expression: str, tmp_path: Path) -> str:
    return ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path)).text


@pytest.mark.parametrize(("question", "expression", "said"), [
    # the 1.5B: "16π square centimeters", no number
    ("What is the area of a circle with a radius of 4 cm?", "pi * 4 ** 2", "pi * 4 ** 2 ≈ 50.2654824574367"),
    ("What is the area of a circle whose radius is 2.5 m?", "pi * 2.5 ** 2", "pi * 2.5 ** 2 ≈ 19.6349540849362"),
    ("area of a circle radius 3", "pi * 3 ** 2", "pi * 3 ** 2 ≈ 28.2743338823081"),
    ("What's the area of a circle with a 4 cm radius?", "pi * 4 ** 2", "pi * 4 ** 2 ≈ 50.2654824574367"),
    ("Find the area of a circle of diameter 10 inches.", "pi * (10 / 2) ** 2", "pi * (10 / 2) ** 2 ≈ 78.5398163397448"),
    ("What's the circumference of a circle of diameter 10 inches?", "pi * 10", "pi * 10 ≈ 31.4159265358979"),
    ("Calculate the circumference of a circle with radius 3.", "2 * pi * 3", "2 * pi * 3 ≈ 18.8495559215388"),
    ("What is the perimeter of a circle with r = 1?", "2 * pi * 1", "2 * pi * 1 ≈ 6.28318530717959"),
    ("What is the volume of a sphere with a radius of 3 cm?", "4 / 3 * pi * 3 ** 3",
     "4 / 3 * pi * 3 ** 3 ≈ 113.097335529233"),
    ("What is the surface area of a sphere with diameter 10?", "4 * pi * (10 / 2) ** 2",
     "4 * pi * (10 / 2) ** 2 ≈ 314.159265358979"),
    ("What is the volume of a cylinder with radius 3 and height 5?", "pi * 3 ** 2 * 5",
     "pi * 3 ** 2 * 5 ≈ 141.371669411541"),
    ("What's the volume of a cylinder with a radius of 3 cm and a height of 10 cm?", "pi * 3 ** 2 * 10",
     "pi * 3 ** 2 * 10 ≈ 282.743338823081"),
    ("What is the volume of a cylinder with height 10 and diameter 4?", "pi * (4 / 2) ** 2 * 10",
     "pi * (4 / 2) ** 2 * 10 ≈ 125.663706143592"),
    ("What is the hypotenuse of a right triangle with legs 9 and 12?", "sqrt(9 ** 2 + 12 ** 2)",
     "sqrt(9 ** 2 + 12 ** 2) = 15"),
    ("How long is the hypotenuse of a triangle with sides 5 and 12?", "sqrt(5 ** 2 + 12 ** 2)",
     "sqrt(5 ** 2 + 12 ** 2) = 13"),
    ("What is the length of the hypotenuse of a right-angled triangle whose legs are 6 and 8?",
     "sqrt(6 ** 2 + 8 ** 2)", "sqrt(6 ** 2 + 8 ** 2) = 10"),
    ("What is the hypotenuse if the legs are 5 cm and 7 cm?", "sqrt(5 ** 2 + 7 ** 2)",
     "sqrt(5 ** 2 + 7 ** 2) ≈ 8.60232526704263"),
    ("What is the area of a rectangle with length 5 and width 3?", "5 * 3", "5 * 3 = 15"),
    ("What's the perimeter of a rectangle that is 5 m long and 3 m wide?", "2 * (5 + 3)", "2 * (5 + 3) = 16"),
    ("What is the area of a 5 by 3 rectangle?", "5 * 3", "5 * 3 = 15"),
    ("What is the area of a rectangle 7.5 cm by 4 cm?", "7.5 * 4", "7.5 * 4 = 30"),
    ("What is the area of a square with side 4?", "4 ** 2", "4 ** 2 = 16"),
    ("What is the perimeter of a square with sides of 4 cm?", "4 * 4", "4 * 4 = 16"),
    ("What is the area of a triangle with base 10 and height 6?", "1 / 2 * 10 * 6", "1 / 2 * 10 * 6 = 30"),
    ("What is the area of a triangle with a base of 7 cm and a height of 3 cm?", "1 / 2 * 7 * 3",
     "1 / 2 * 7 * 3 = 21/2 (= 10.5)"),
    ("What is the area of a right triangle with legs 3 and 4?", "1 / 2 * 3 * 4", "1 / 2 * 3 * 4 = 6"),
    # the shape and its numbers first, the question after
    ("A circle has a radius of 4 cm. What is its area?", "pi * 4 ** 2", "pi * 4 ** 2 ≈ 50.2654824574367"),
    ("If a rectangle is 5 m long and 3 m wide, what is its perimeter?", "2 * (5 + 3)", "2 * (5 + 3) = 16"),
    # as the other arithmetic: rounded when asked, a "Just the number." after it
    ("What is the area of a circle with a radius of 4 cm to 2 decimal places?", "round(pi * 4 ** 2, 2)",
     "round(pi * 4 ** 2, 2) ≈ 50.27"),
    ("What is the area of a circle with a radius of 4 cm? Just the number.", "pi * 4 ** 2",
     "pi * 4 ** 2 ≈ 50.2654824574367"),
])
def test_a_plain_geometry_question_is_the_math_tools(question: str, expression: str, said: str,
                                                    tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    assert _said(expression, tmp_path) == said


@pytest.mark.parametrize("question", [
    "What is the area of my garden?",
    "What is the circle of friends?",
    "What is the radius of the earth?",
    "What is the area of a circle?",  # no number
    "What is the volume of a cylinder with radius 3?",  # no height
    "What is the surface area of a cylinder with radius 3 and height 5?",  # with or without its ends: not one formula
    "What is the area of a triangle with sides 3, 4 and 5?",  # Heron's: not asked plainly
    "What is the area of a triangle with sides 5 and 12?",  # a right angle not said
    "What is the area of a square with sides 5 and 3?",
    "What is the area of a circle with a radius of 4 cm and a diameter of 8 cm?",  # both: which?
    "What is the volume of a cylinder with radius 3 cm and height 2 m?",  # units to convert
    "What is the area of a circle with a radius of 4 cm in square inches?",
    "What is the area of a circle with radius 4 and what is its circumference?",
    "What is the area of a 5 by 3 rectangle with width 2?",
    "What is the radius of a circle with an area of 50?",  # the other way round
    "Draw a circle with radius 4",
    "What is the area of a circle with a radius of 10 times the moon's?",
])
def test_other_geometry_stays_the_models(question: str) -> None:
    assert arithmetic_in(question) is None
    assert shape_asked(question) is None


def test_the_exact_step_sends_the_circle_to_the_math_tool() -> None:
    now = datetime(2026, 12, 6, tzinfo=timezone.utc)
    found = exact_call("What is the area of a circle with a radius of 4 cm?", EXACT_TOOLS, now)
    assert found == ("math", {"expression": "pi * 4 ** 2"})
