"""Three more word problems go to the math tool: dozens (the 1.5B: $7.50 for 3 dozen eggs at $0.25 each; it is $9),
an aspect ratio's other side (the 1.5B: 1067 pixels for a 16:9 image 1920 wide; 1080) and a resolution's pixels (the
1.5B: 796,800 for 3840x2160; 8,294,400)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.screens import screen_asked
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B said $7.50
    ("Eggs cost $0.25 each. How much are 3 dozen?", "0.25 * 3 * 12", 9),
    ("Bagels cost $1.20 each. How much do 2 dozen cost?", "1.20 * 2 * 12", 28.8),
    ("If one egg costs 30 cents, what do 5 dozen eggs cost?", "0.30 * 5 * 12", 18),  # cents, said in dollars
    ("How much do 3 dozen eggs cost if one egg costs 30 cents?", "0.30 * 3 * 12", 10.8),
    ("How much are 3 dozen eggs at $0.25 each?", "0.25 * 3 * 12", 9),
    ("Eggs cost 25 cents each. What is the cost of 3 dozen eggs?", "0.25 * 3 * 12", 9),
    ("Bagels are $1.20 apiece. How much for 2 dozen?", "1.20 * 2 * 12", 28.8),
    ("Eggs cost $0.25 each. How much is half a dozen?", "0.25 * 6", 1.5),
    ("Eggs cost $0.25 each. How much is a dozen?", "0.25 * 12", 3),
    ("Eggs cost 30p each. How much are 2 dozen?", "0.30 * 2 * 12", 7.2),
    ("A dozen eggs cost $3.60. How much do 5 cost?", "3.60 * 5 / 12", 1.5),
    ("If a dozen eggs cost $3.60, how much is each egg?", "3.60 / 12", 0.3),
    ("Eggs are $3 a dozen. How much is one?", "3 / 12", 0.25),
    ("2 dozen eggs cost $6. How much are 3 dozen?", "6 * 3 * 12 / (2 * 12)", 9),
    ("How many eggs are in 7 dozen?", "7 * 12", 84),
    ("How many in 2.5 dozen?", "2.5 * 12", 30),
    ("What is 7 dozen?", "7 * 12", 84),
    ("How many dozen is 84 eggs?", "84 / 12", 7),
    # the price of so many, as before
    ("If 3 apples cost $1.20, how much do 7 cost?", "1.20 * 7 / 3", 2.8),
    # an aspect ratio's other side (the 1.5B said 1067)
    ("A 16:9 image is 1920 pixels wide. How tall is it?", "1920 * 9 / 16", 1080),
    ("A 4:3 photo is 1600 pixels wide. How tall is it?", "1600 * 3 / 4", 1200),
    ("A 16:10 screen is 1680 pixels wide. How many pixels tall is it?", "1680 * 10 / 16", 1050),
    ("A 16:9 video is 720 pixels tall. How wide is it?", "720 * 16 / 9", 1280),
    ("If a 9:16 video is 1080 px wide, how tall will it be?", "1080 * 16 / 9", 1920),
    ("How tall is a 16:9 image that is 1920 pixels wide?", "1920 * 9 / 16", 1080),
    ("What is the height of a 4:3 photo 1600 px wide?", "1600 * 3 / 4", 1200),
    ("A screen with an aspect ratio of 16:10 is 1680 pixels wide. What is its height?", "1680 * 10 / 16", 1050),
    ("An image in 16:9 has a width of 1280 px. What's its height?", "1280 * 9 / 16", 720),
    ("A 16:9 TV is 48 inches wide. How tall is it?", "48 * 9 / 16", 27),
    ("A 16:9 image is 1,920 pixels wide. How tall is it in pixels?", "1920 * 9 / 16", 1080),
    # a resolution's pixels (the 1.5B said 796,800)
    ("How many pixels does a 3840x2160 screen have?", "3840 * 2160", 8294400),
    ("How many pixels are in a 1920x1080 display?", "1920 * 1080", 2073600),
    ("How many pixels does a 2560 x 1440 monitor have?", "2560 * 1440", 3686400),
    ("total pixels of 1280×720", "1280 * 720", 921600),
    ("What is the total number of pixels in a 1920 by 1080 image?", "1920 * 1080", 2073600),
    ("How many pixels is 1920 X 1080?", "1920 * 1080", 2073600),
    ("How many pixels does a screen with a resolution of 1920x1080 have?", "1920 * 1080", 2073600),
    ("1920x1080: how many pixels?", "1920 * 1080", 2073600),
    ("How many megapixels is a 6000x4000 photo?", "6000 * 4000 / 1000000", 24),
])
def test_dozens_ratios_and_pixels_are_the_math_tools(question: str, expression: str, value: float,
                                                     tmp_path: Path) -> None:
    assert math_asked(question) == {"expression": expression}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _run({"expression": expression}, tmp_path).data["value"] == pytest.approx(value)


def test_a_ratio_that_does_not_divide_is_said_exactly_and_as_a_decimal(tmp_path: Path) -> None:
    args = math_asked("A 21:9 video is 2560 pixels wide; what is its height?")
    assert args == {"expression": "2560 * 9 / 21"}
    said = _run(args, tmp_path).text
    assert "7680/7" in said and "1097.14" in said


def test_a_price_past_the_cent_carries_its_currency(tmp_path: Path) -> None:
    args = math_asked("A dozen eggs cost $3.99. How much is one?")
    assert args == {"expression": "3.99 / 12", "money": "$"}
    assert "$0.33 to the cent" in _run(args, tmp_path).text


@pytest.mark.parametrize("question", [
    "How many pixels should my website's hero image be?",
    "A 16:9 image is 1920 pixels wide and has a 10 px border. How tall is it?",
    "Eggs cost $0.25 each and milk $1. How much are 3 dozen eggs and 2 milks?",
    "Eggs cost $0.25 each. How much are 3 dozen apples?",  # not what is priced
    "Eggs cost $0.25 each. How much are 3 dozen with tax?",
    "Eggs cost $0.25 each. How much are 3 more?",
    "Eggs cost $0.25 an apple. How much are 3 dozen?",
    "How many eggs are in 7 dozen boxes?",
    "If 3 apples cost $1.20, how much do 7 pears cost?",
    "A 16:9 image is 1920 pixels wide. How wide is it?",  # the side given
    "A 16:9 image is 1920 pixels wide. How tall is it in inches?",  # another unit
    "A 16:9 image is 1920 pixels wide. How many inches tall is it?",
    "A 16:9 image is 1920 pixels wide. How tall is the other image?",
    "A 16:9 image is 1920 pixels wide. How tall is it after cropping?",
    "How tall is a 55 inch 16:9 TV?",  # a diagonal
    "A 16:0 image is 1920 pixels wide. How tall is it?",
    "How many pixels wide is a 1920x1080 screen?",
    "How many more pixels does a 3840x2160 screen have than a 1920x1080 one?",
    "How many pixels does a 1920x1080 screen have per inch?",
    "How many pixels does a 4K screen have?",  # no resolution given
])
def test_less_plain_ones_stay_the_models(question: str) -> None:
    assert word_problem(question) is None
    assert screen_asked(question) is None
    assert math_asked(question) is None
    assert exact_call(question, EXACT_TOOLS, NOW) is None


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("Eggs cost $0.25 each. How much are 3 dozen?", "3 dozen eggs cost $7.50.", "3 dozen eggs cost $9.00."),
    ("A 16:9 image is 1920 pixels wide. How tall is it?", "It is 1067 pixels tall.", "It is 1080 pixels tall."),
    ("How many pixels does a 3840x2160 screen have?", "It has 796,800 pixels.", "8,294,400 pixels"),
    ("A 21:9 video is 2560 pixels wide; what is its height?", "1080 pixels", "about 1097 pixels"),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None
