"""Everyday formulas go to the math tool: a BMI (the 1.5B: 26.4 for 82 kg at 1.75 m; 26.8), a distance at a speed
(the 1.5B: 192 km for 2 h 15 min at 88 km/h; 198) and a car's fuel (the 1.5B: 1/15 for 28 litres over 420 km in
L/100 km; 6.67); the time a distance takes stays the units tool's."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.formulas import formula_asked
from llorch.tools.registry import ToolRegistry
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "expression", "value"), [
    # a BMI (the 1.5B said 26.4)
    ("What's the BMI of someone 1.75 m tall weighing 82 kg?", "82 / 1.75 ** 2", 26.7755102),
    ("What is my BMI if I am 175 cm and 82 kg?", "82 / (175 / 100) ** 2", 26.7755102),
    ("BMI of someone 82 kg and 1.75 m", "82 / 1.75 ** 2", 26.7755102),  # the weight first
    ("Calculate the body mass index for a height of 1.80 metres and a weight of 75 kg", "75 / 1.80 ** 2", 23.1481481),
    ("BMI for 5 ft 10 in and 180 lbs?", "703 * 180 / (5 * 12 + 10) ** 2", 25.8244898),  # as the CDC writes it
    ("What's the BMI of a man who is 5'10\" and weighs 180 pounds?", "703 * 180 / (5 * 12 + 10) ** 2", 25.8244898),
    ("What's my BMI? I'm 70 inches tall and weigh 180 lb.", "703 * 180 / 70 ** 2", 25.8244898),
    ("What's the BMI of someone 5 ft 10 in weighing 82 kg?", "82 / ((5 * 12 + 10) * 0.0254) ** 2", 25.9388274),
    # a distance at a speed (the 1.5B said 192 km)
    ("How far do I go in 2 h 15 min at 88 km/h?", "88 * (2 + 15 / 60)", 198),
    ("At 88 km/h, how far will I drive in 2 hours 15 minutes?", "88 * (2 + 15 / 60)", 198),
    ("If I drive at 88 km/h for 2 hours and 15 minutes, how far do I go?", "88 * (2 + 15 / 60)", 198),
    ("A car travels at 88 km/h for 2 hours 15 minutes. How far does it go?", "88 * (2 + 15 / 60)", 198),
    ("How far do I travel in 3 hours at 60 mph?", "60 * 3", 180),
    ("How far do I travel in 3 hours at 60 mph, in miles?", "60 * 3", 180),  # the speed's own unit
    ("How far can I drive in 45 minutes at 100 km/h?", "100 * 45 / 60", 75),
    ("How many km do I cover in 2.5 hours at 88 km/h?", "88 * 2.5", 220),
    ("How many miles will I drive in 90 minutes at 50 miles per hour?", "50 * 90 / 60", 75),
])
def test_a_bmi_or_a_distance_is_the_math_tools(question: str, expression: str, value: float, tmp_path: Path) -> None:
    assert formula_asked(question) == expression
    assert math_asked(question) == {"expression": expression}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _run({"expression": expression}, tmp_path).data["value"] == pytest.approx(value)


@pytest.mark.parametrize("question", [
    "What's a healthy BMI for someone 1.75 m tall?",  # no weight
    "What should I weigh for a BMI of 22 at 1.75 m?",
    "My BMI is 26.8 and I'm 1.75 m tall. How much do I weigh?",
    "What's the BMI of someone 1.75 m tall weighing 82 kg, and is it healthy?",
    "What's the BMI of someone 175 m tall weighing 82 kg?",  # no person's height
    "What's the BMI of a 30 year old 1.75 m tall weighing 82 kg?",  # another number
    "Someone is 1.75 m tall and weighs 82 kg. Are they heavy?",  # no BMI asked
    "How many miles do I cover in 2.5 hours at 88 km/h?",  # another unit
    "How far do I go in 2 hours at 60 mph, in km?",  # (about 193 km, not 120)
    "How far do I go in 2 hours at 100 km/h, in miles?",
    "How far do I go in 2 hours at 88 km/h if I stop for 15 minutes?",
    "How far do I go in 2 hours at 88 km/h and then 1 hour at 60 km/h?",
    "How far do I go in 2 hours at 88 km/h with a 15-minute break?",
    "How far is it from London to Paris at 88 km/h?",  # no time
    "How long to drive 300 km at 80 km/h?",  # the units tool's
])
def test_formulas_less_plain_stay_the_models(question: str) -> None:
    assert formula_asked(question) is None
    assert word_problem(question) is None
    assert math_asked(question) is None


def test_the_time_a_distance_takes_stays_the_units_tools() -> None:
    assert exact_call("How long to drive 300 km at 80 km/h?", EXACT_TOOLS, NOW) == (
        "units", {"value": 300.0, "from": "km", "at": "80 km/h"})


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("What's the BMI of someone 1.75 m tall weighing 82 kg?", "Your BMI is 26.4.", "Your BMI is 26.8."),
    ("How far do I go in 2 h 15 min at 88 km/h?", "You go 192 km.", "You go 198 km."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None


@pytest.mark.parametrize(("question", "expression", "value"), [
    # a car's economy from the fuel it used (the 1.5B said 1/15 for 28 litres over 420 km; it is 6.67 L/100 km)
    ("My car used 28 litres for 420 km. What is that in L/100 km?", "28 / 420 * 100", 20 / 3),
    # (the 1.5B: 340 / 25 = 13.6, the other way up)
    ("A car uses 25 litres to drive 340 km. What is its consumption in L/100 km?", "25 / 340 * 100", 125 / 17),
    ("What's my fuel consumption if I used 45 L over 600 km?", "45 / 600 * 100", 7.5),
    ("I used 45 L over 600 km. How many km per litre is that?", "600 / 45", 40 / 3),
    ("I drove 350 miles on 12 gallons. What's my mpg?", "350 / 12", 350 / 12),
    ("I drove 350 miles on 12 gallons. How many miles per gallon is that?", "350 / 12", 350 / 12),
    ("I drove 350 miles on 12 gallons. What's my gas mileage?", "350 / 12", 350 / 12),
    ("I drove 350 miles on 12 gallons. What is my fuel consumption in mpg?", "350 / 12", 350 / 12),
    # how far the fuel goes
    ("How far can I go on 40 litres at 6.5 L/100 km?", "40 / 6.5 * 100", 8000 / 13),
    ("How far can I drive on 40 litres at 15 km per litre?", "15 * 40", 600),
    ("How far can I go on 12 gallons at 30 mpg?", "30 * 12", 360),
    ("How far can I go on a full tank of 50 litres at 6.5 L/100 km?", "50 / 6.5 * 100", 10000 / 13),
    ("My car does 30 mpg. How far can I go on 12 gallons?", "30 * 12", 360),
    ("A car uses 6.5 litres per 100 km. How many km can I drive on 40 litres?", "40 / 6.5 * 100", 8000 / 13),
    # how much fuel a distance takes, and what it costs
    ("How much fuel do I need for 420 km at 15 km/L?", "420 / 15", 28),
    ("How many gallons for 300 miles at 25 mpg?", "300 / 25", 12),
    ("How much will the fuel cost for 420 km at 6.5 L/100 km and $1.80 per litre?", "6.5 * 420 / 100 * 1.80", 49.14),
    ("I drove 300 miles at 30 mpg. What did the fuel cost at $3.50 per gallon?", "300 / 30 * 3.50", 35),
])
def test_a_cars_fuel_is_the_math_tools(question: str, expression: str, value: float, tmp_path: Path) -> None:
    assert formula_asked(question) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _run({"expression": expression}, tmp_path).data["value"] == pytest.approx(value)


@pytest.mark.parametrize("question", [
    "My car used 28 litres for 420 km. What is that in mpg?",  # a US gallon or an imperial one?
    "My car used 28 litres for 420 km. What's its fuel economy?",  # L/100 km or km/L?
    "A car uses 25 litres to drive 340 km. What is its consumption per km?",  # (a review's: said 7.35, L/100 km)
    "A car uses 25 litres to drive 340 km. What is its consumption in L/km?",
    "A car uses 25 litres to drive 340 km. What is its consumption in gallons?",
    "My car used 28 litres for 420 km. Is that good?",  # nothing asked
    "How many miles can I go on 40 litres at 6.5 L/100 km?",
    "How much will the fuel cost for 420 km at 6.5 L/100 km and $1.80 per gallon?",
    "How much will the fuel cost for 420 km at 6.5 L/100 km and $1.80 per litre, there and back?",
    "How much will the fuel cost for 420 km at 6.5 L/100 km and $1.80 per litre split between 3 people?",
    "How far can I go on 40 litres at 6.5 L/100 km if I keep 5 litres in reserve?",
    "My car used 28 litres for 420 km and 30 litres for 400 km. What is that in L/100 km?",
    "How far can I go on 40 litres at 0 L/100 km?",
    # a tank's size is no fuel used
    "My tank is 50 litres and I drove 420 km. What is that in L/100 km?",
    "I drove 420 km on a tank of 50 litres. What's my fuel consumption?",
    "How much fuel do I need for 420 km at 15 km/L with a full tank?",
    # consumption in miles and gallons: mpg, or gallons per 100 miles?
    "I drove 350 miles on 12 gallons. What is my fuel consumption?",
])
def test_fuel_questions_less_plain_stay_the_models(question: str) -> None:
    assert formula_asked(question) is None
    assert math_asked(question) is None


def test_the_answer_check_holds_the_model_to_the_cars_economy(tmp_path: Path) -> None:
    question = "My car used 28 litres for 420 km. What is that in L/100 km?"
    assert math_fault(question, "That is 1/15 L/100 km.", tmp_path) is not None  # the 1.5B's
    assert math_fault(question, "That is 6.67 L/100 km.", tmp_path) is None
