"""The color tool: CSS colors in every form, WCAG contrast ratios, and the plain questions that go to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.color import color_asked, contrast, describe, parse_color
from llorch.tools.registry import ToolRegistry


def run(args: dict[str, Any]) -> tuple[str, Any]:
    result = ToolRegistry().call("color", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("color", "said"), [
    # the 1.5B: "#336699 in HSL is 240°, 100%, and 50%"
    ("#336699", "#336699 is #336699 in hex, rgb(51, 102, 153) in RGB (red 51, green 102, blue 153) and hsl(210, 50%, "
                "40%) in HSL; it has no CSS name."),
    ("#1E90FF", "#1E90FF is #1e90ff in hex, rgb(30, 144, 255) in RGB (red 30, green 144, blue 255) and hsl(210, 100%, "
                "56%) in HSL; its CSS name is dodgerblue."),
    ("#fff", "#fff is #ffffff in hex, rgb(255, 255, 255) in RGB (red 255, green 255, blue 255) and hsl(0, 0%, 100%) in "
             "HSL; its CSS name is white."),
    ("rgb(255, 99, 71)", "rgb(255, 99, 71) is #ff6347 in hex, rgb(255, 99, 71) in RGB (red 255, green 99, blue 71) and "
                         "hsl(9, 100%, 64%) in HSL; its CSS name is tomato."),
    ("rgb(100% 0% 0% / 50%)", "rgb(100% 0% 0% / 50%) is #ff0000 in hex, rgb(255, 0, 0) in RGB (red 255, green 0, blue "
                              "0) and hsl(0, 100%, 50%) in HSL; its CSS name is red."),
    ("hsl(120, 100%, 25%)", "hsl(120, 100%, 25%) is #008000 in hex, rgb(0, 128, 0) in RGB (red 0, green 128, blue 0) "
                            "and hsl(120, 100%, 25%) in HSL; its CSS name is green."),
    ("Rebecca Purple", "Rebecca Purple is #663399 in hex, rgb(102, 51, 153) in RGB (red 102, green 51, blue 153) and "
                       "hsl(270, 50%, 40%) in HSL; its CSS name is rebeccapurple."),
])
def test_a_color_in_every_form(color: str, said: str) -> None:
    assert describe(color)[1] == said


@pytest.mark.parametrize(("a", "b", "said"), [
    ("#777", "white", "The contrast ratio of #777 and white is 4.47:1 (WCAG 2; 1:1 is none, 21:1 black on white): it "
                      "passes WCAG AA for large text (3:1); it fails AA for normal text (4.5:1), AAA for normal text "
                      "(7:1)."),  # 4.478: cut, not rounded up to a pass
    ("#767676", "#ffffff", "The contrast ratio of #767676 and #ffffff is 4.54:1 (WCAG 2; 1:1 is none, 21:1 black on "
                           "white): it passes WCAG AA for normal text (4.5:1), AA for large text (3:1), AAA for large "
                           "text (4.5:1); it fails AAA for normal text (7:1)."),
    ("black", "#fff", "The contrast ratio of black and #fff is 21:1 (WCAG 2; 1:1 is none, 21:1 black on white): it "
                      "passes WCAG AA for normal text (4.5:1), AA for large text (3:1), AAA for normal text (7:1), AAA "
                      "for large text (4.5:1)."),
    ("#ccc", "#ddd", "The contrast ratio of #ccc and #ddd is 1.18:1 (WCAG 2; 1:1 is none, 21:1 black on white): it "
                     "passes no WCAG level."),
])
def test_contrast_by_wcag(a: str, b: str, said: str) -> None:
    assert contrast(a, b)[1] == said
    assert contrast(b, a)[0] == contrast(a, b)[0]


def test_through_the_tool() -> None:
    assert run({"action": "contrast", "color": "#767676", "other": "white"})[1] == {
        "action": "contrast", "ratio": 4.54, "aa": True, "aa_large": True, "aaa": False}
    assert run({"action": "convert", "color": "orange"})[1]["hex"] == "#ffa500"


@pytest.mark.parametrize(("args", "error"), [
    ({"action": "convert", "color": "#12345"}, "'#12345' is no color llorch reads"),
    ({"action": "convert", "color": "rgb(300, 0, 0)"}, "rgb(300, 0, 0) has a part outside 0 to 255"),
    ({"action": "convert", "color": "hsl(10, 150%, 50%)"}, "has a saturation or lightness outside 0% to 100%"),
    ({"action": "convert", "color": "happiness"}, "'happiness' is no color llorch reads"),
    ({"action": "contrast", "color": "#000"}, "contrast compares two colors"),
])
def test_what_is_no_color_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)) as raised:
        run(args)
    assert "\n" not in str(raised.value)


@given(st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)))
def test_hex_and_rgb_read_back_to_the_same_color(rgb: tuple[int, int, int]) -> None:
    data, _ = describe(f"rgb({rgb[0]}, {rgb[1]}, {rgb[2]})")
    assert parse_color(data["hex"]) == rgb
    r, g, b = parse_color(data["hsl"])  # HSL is shown to whole degrees and percents: within a step
    assert max(abs(r - rgb[0]), abs(g - rgb[1]), abs(b - rgb[2])) <= 4


@pytest.mark.parametrize(("message", "asked"), [
    ("Convert #1e90ff to RGB", {"action": "convert", "color": "#1e90ff"}),
    ("What is rgb(255, 99, 71) in hex?", {"action": "convert", "color": "rgb(255, 99, 71)"}),
    ("What's #336699 in HSL?", {"action": "convert", "color": "#336699"}),
    ("Convert hsl(210, 50%, 40%) to a hex color", {"action": "convert", "color": "hsl(210, 50%, 40%)"}),
    ("What color is #ff6347?", {"action": "convert", "color": "#ff6347"}),
    ("What is the hex code for tomato?", {"action": "convert", "color": "tomato"}),
    ("What's the RGB of navy?", {"action": "convert", "color": "navy"}),
    ("What is red in hex?", {"action": "convert", "color": "red"}),
    ("What is the contrast ratio between #777 and white?", {"action": "contrast", "color": "#777", "other": "white"}),
    ("contrast of #000 on #fff", {"action": "contrast", "color": "#000", "other": "#fff"}),
    ("What does hsl(0, 100%, 50%) look like in hex?", {"action": "convert", "color": "hsl(0, 100%, 50%)"}),
    ("How would #c0ffee be written in RGB?", {"action": "convert", "color": "#c0ffee"}),
])
def test_a_plain_color_question_is_read_without_a_model(message: str, asked: dict[str, Any]) -> None:
    assert color_asked(message) == asked


@pytest.mark.parametrize("message", [
    "What colors go well with navy blue?",
    "How do I convert hex colors to RGB in JavaScript?",
    "What does rgb stand for?",
    "What is hello in hex?",  # no color: the encode tool's, when quoted
    "What is the hex code for happiness?",
    "What is the contrast ratio I need for accessibility?",
    "What color is the sky?",
    "How do I write #fff in CSS as a variable?",
    "What does #include mean in C?",
])
def test_other_color_questions_are_not(message: str) -> None:
    assert color_asked(message) is None
