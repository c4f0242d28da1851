"""A resolution's aspect ratio goes to the math tool's ratio() (screens.py): asked the aspect ratio of 1920x1080 in
lowest terms, the 1.5B said it already was (it is 16:9). The other side of a ratio and a resolution's pixels, the
module's other questions, go on as before (test_wordproblems_more.py holds more of them)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.screens import _ASPECT_ASKED, aspect_asked, screen_asked

NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)


def _said(expression: str, tmp_path: Path) -> str:
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    return ToolRegistry().call("math", {"expression": expression}, ctx).text


@pytest.mark.parametrize(("question", "expression", "said"), [
    ("What is the aspect ratio of 1920x1080?", "ratio(1920, 1080)",
     "1920:1080 in lowest terms is 16:9 (each divided by 120)"),
    ("What is the aspect ratio of 1920x1080 in lowest terms?", "ratio(1920, 1080)",
     "1920:1080 in lowest terms is 16:9 (each divided by 120)"),
    ("What's the aspect ratio of a 2560 x 1440 monitor?", "ratio(2560, 1440)",
     "2560:1440 in lowest terms is 16:9 (each divided by 160)"),
    ("What aspect ratio is 1280x1024?", "ratio(1280, 1024)", "1280:1024 in lowest terms is 5:4 (each divided by 256)"),
    ("1920x1080 is what aspect ratio?", "ratio(1920, 1080)", "1920:1080 in lowest terms is 16:9 (each divided by 120)"),
    ("Aspect ratio of 3440x1440?", "ratio(3440, 1440)",
     "3440:1440 in lowest terms is 43:18 (each divided by 80; about 21:9)"),
    ("What is the aspect ratio of a screen with a resolution of 1366x768?", "ratio(1366, 768)",
     "1366:768 in lowest terms is 683:384 (each divided by 2; about 16:9)"),
    ("Which aspect ratio does a 1920 by 1200 monitor have?", "ratio(1920, 1200)",
     "1920:1200 in lowest terms is 8:5 (each divided by 240; 16:10 as screens are sold)"),
    ("What's the aspect ratio of my 2560×1080 ultrawide monitor, simplified?", "ratio(2560, 1080)",
     "2560:1080 in lowest terms is 64:27 (each divided by 40; about 21:9)"),
    ("what is the aspect ratio of 1080x1920 pixels", "ratio(1080, 1920)",
     "1080:1920 in lowest terms is 9:16 (each divided by 120)"),  # a phone held upright
])
def test_a_resolutions_aspect_ratio_is_the_math_tools_ratio(question: str, expression: str, said: str,
                                                            tmp_path: Path) -> None:
    """The width and height as given, in that order; the tool reduces them and names a screen ratio near."""
    assert aspect_asked(question) == expression
    assert math_asked(question) == {"expression": expression}
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _said(expression, tmp_path) == said


@pytest.mark.parametrize("question", [
    "What's the best aspect ratio for YouTube?",  # no resolution
    "What is the aspect ratio of a 4K screen?",
    "What is the aspect ratio of 1920x1080 and 1280x720?",  # two resolutions
    "Is the aspect ratio of 1920x1080 bigger than 1280x1024?",
    "Is 1920x1080 16:9?",  # a yes or no: the model's
    "Is 1920x1080 a 16:9 aspect ratio?",
    "What is the aspect ratio of 1920x1080 cropped to 1000 pixels wide?",  # a crop
    "What is the aspect ratio of a 55 inch 1920x1080 TV in inches?",
    "What aspect ratio should my 1920x1080 video be exported at?",
    "What is the aspect ratio of 0x1080?",
    "Aspect ratio of 1920x1080 minus a 100 px border?",
])
def test_aspect_look_alikes_stay_the_models(question: str) -> None:
    """Only a resolution's own ratio, asked plainly: a second screen, a crop or a verdict is the model's."""
    assert aspect_asked(question) is None
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is None or "ratio(" not in str(found[1].get("expression"))


@pytest.mark.parametrize(("question", "expression"), [
    ("A 16:9 image is 1920 pixels wide. How tall is it?", "1920 * 9 / 16"),  # the other side
    ("A screen with an aspect ratio of 16:10 is 1680 pixels wide. What is its height?", "1680 * 10 / 16"),
    ("How many pixels does a 3840x2160 screen have?", "3840 * 2160"),  # the pixels
    ("How many pixels does a screen with a resolution of 1920x1080 have?", "1920 * 1080"),
])
def test_the_other_side_and_the_pixels_stay_as_they_were(question: str, expression: str) -> None:
    """The aspect ratio's recogniser is asked first (arithmetic.py), and takes none of these."""
    assert aspect_asked(question) is None
    assert screen_asked(question) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})


def test_a_long_aspect_look_alike_is_read_quickly() -> None:
    """The patterns read a run of spaces one way (_END split it every way: 1.7 s for 20,000), and a message past
    300 characters is not read at all."""
    started = time.perf_counter()
    for message in ("What is the aspect ratio of 1920x1080" + " " * 20_000 + "x", "1920x1080" + " " * 20_000 + "x",
                    "What aspect ratio is 1920x1080" + " " * 20_000 + "x", "Aspect ratio of " + "a " * 10_000):
        assert aspect_asked(message) is None and math_asked(message) is None
        assert all(p.match(message) is None for p in _ASPECT_ASKED)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(("expression", "answer", "faulted"), [
    ("ratio(1920, 1080)", "The aspect ratio of 1920x1080 is 16:9.", False),
    ("ratio(1920, 1080)", "In lowest terms it is 16 : 9.", False),
    ("ratio(1920, 1080)", "It reduces to 16 to 9.", False),
    # the 1.5B's answer before the tool
    ("ratio(1920, 1080)", "The aspect ratio of 1920x1080 is already in its lowest terms.", True),
    ("ratio(1920, 1080)", "It is 4:3.", True),
    ("ratio(1366, 768)", "It is 683:384, about 16:9.", False),
    ("ratio(1366, 768)", "It is about 16:9.", False),  # (as such screens are sold)
    ("ratio(1920, 1200)", "It is 16:10.", False),
    ("ratio(8, 12, 20)", "2:3:5", False),
    ("ratio(8, 12, 20)", "2:3", True),
    # a review's: a ratio written as people write one is no fault; a ratio already in lowest terms has none to check
    ("ratio(1920, 1080)", "It is 16/9.", False),
    ("ratio(1920, 1080)", "16x9", False),
    ("ratio(1920, 1080)", "16 by 9", False),
    ("ratio(1920, 1080)", "about 1.78:1", False),
    ("ratio(16, 9)", "16:9 is already in lowest terms.", False),
    ("ratio(16, 9)", "Already in lowest terms.", False),
    # and a screen's ratio is no plain ratio's: "Simplify 300:170" is 30:17, not about 16:9
    ("ratio(300, 170)", "It is about 16:9.", True),
    ("ratio(300, 170)", "30:17", False),
])
def test_a_ratios_answer_is_checked_for_its_terms(expression: str, answer: str, faulted: bool, tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault
    result = ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert (fault(answer, expected("math", result.data, "What is the ratio?"), "math", result.text) is not None) \
        is faulted


@pytest.mark.parametrize("question", [
    "What is the aspect ratio of a 1440x1080 HDV video?",  # shown at 16:9
    "What is the aspect ratio of a 1440x1080 anamorphic video?",
    "What is the aspect ratio of a 720x576 PAL video?",  # shown at 4:3 or 16:9
    "What is the aspect ratio of a 1920x1080 portrait photo?",
    "What is the aspect ratio of a 1920x1080 vertical video?",
    "What is the aspect ratio of 1920x1080 dual monitors?",  # side by side: 32:9
])
def test_an_aspect_ratio_whose_shape_is_not_its_pixels_is_the_models(question: str) -> None:
    """A review's: the pixels' ratio is not the picture's where its pixels are not square, it stands on end, or two
    screens stand side by side."""
    assert aspect_asked(question) is None


def test_a_plain_ratio_names_no_screens(tmp_path: Path) -> None:
    assert _said("ratio(300, 170)", tmp_path) == "300:170 in lowest terms is 30:17 (each divided by 10)"
    assert _said("ratio(1.30, 1.00)", tmp_path) == "1.30:1.00 in lowest terms is 13:10"
    assert _said("ratio(1366, 768)", tmp_path) == "1366:768 in lowest terms is 683:384 (each divided by 2; about 16:9)"
