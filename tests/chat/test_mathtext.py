"""LaTeX math in answers shown as text: the spans the 1.5B writes, streamed in any pieces, code left alone."""

from __future__ import annotations

import logging
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.chat.mathtext import MAX_SPAN, MathText, latex_to_text, plain_math

# Answers the 1.5B gave (greedy, the general profile's system prompt) to everyday questions.
CELSIUS = (
    "To convert 72 degrees Fahrenheit to Celsius, you can use the formula:\n\n\\[ C = \\frac{F - 32}{9} \\]\n\n"
    "where \\( F \\) is the temperature in Fahrenheit and \\( C \\) is the temperature in Celsius.\n\n"
    "Substituting 72 for \\( F \\):\n\n\\[ C = \\frac{72 - 32}{9} \\]\n\\[ C = \\frac{40}{9} \\]\n\\[ C \\approx 4.44 \\]"
)
CIRCLE = ("The area \\( A \\) of a circle is given by the formula:\n\n\\[ A = \\pi r^2 \\]\n\n"
          "\\[ A = \\pi \\times 16 \\]\n\nTherefore, the area of the circle is \\( 16\\pi \\) square centimeters.")
SAVINGS = ("There are 52 weeks in a year. Therefore, the calculation is:\n"
           "\\[ 35 \\text{ dollars/week} \\times 52 \\text{ weeks/year} = 1820 \\text{ dollars/year} \\]\n\n"
           "So, after a year, you will have \\( \\boxed{1820} \\) dollars.")
SPEED = ("\\[\n\\text{Average Speed} = \\frac{180 \\text{ km}}{2.5 \\text{ hours}}\n\\]\n\n"
         "So, the average speed of the train is \\boxed{72} km/h.")


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        (CELSIUS, "To convert 72 degrees Fahrenheit to Celsius, you can use the formula:\n\nC = (F - 32)/9\n\n"
                  "where F is the temperature in Fahrenheit and C is the temperature in Celsius.\n\n"
                  "Substituting 72 for F:\n\nC = (72 - 32)/9\nC = 40/9\nC ≈ 4.44"),
        (CIRCLE, "The area A of a circle is given by the formula:\n\nA = π r²\n\nA = π × 16\n\n"
                 "Therefore, the area of the circle is 16π square centimeters."),
        (SAVINGS, "There are 52 weeks in a year. Therefore, the calculation is:\n"
                  "35 dollars/week × 52 weeks/year = 1820 dollars/year\n\nSo, after a year, you will have 1820 dollars."),
        (SPEED, "Average Speed = (180 km)/(2.5 hours)\n\nSo, the average speed of the train is 72 km/h."),
    ],
    ids=["celsius", "circle", "savings", "speed"],
)
def test_the_spans_a_small_model_writes_read_as_text(answer: str, shown: str) -> None:
    assert plain_math(answer) == shown


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("\\frac{a+b}{2}", "(a+b)/2"),  # pylatexenc alone: a+b/2
        ("\\frac{\\frac{1}{2}}{3}", "(1/2)/3"),
        ("3 \\times 3600 = 10800", "3 × 3600 = 10800"),  # alone: 3 ×3600
        ("x^{10} + x_1 + 30^\\circ", "x¹⁰ + x₁ + 30°"),
        ("e^{i\\pi}", "e^(iπ)"),  # no superscript π: in parentheses
        ("\\sum_{i=1}^{n} i", "∑ᵢ₌₁ⁿ i"),
        ("\\sqrt{2} + \\sqrt{x+1}", "√2 + √(x+1)"),
        ("\\alpha + \\beta \\le \\gamma", "α + β ≤ γ"),
        ("\\frac{\\sin x}{x}", "(sin x)/x"),
        ("\\left( a \\cdot b \\right)", "( a · b )"),
        ("50\\%", "50%"),
    ],
)
def test_latex_to_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_code_money_and_unended_spans_are_shown_as_written() -> None:
    code = "Run `echo \\(x\\)` or:\n```latex\n\\[ \\frac{1}{2} \\]\n```\nthen \\(x^2\\)."
    assert plain_math(code) == "Run `echo \\(x\\)` or:\n```latex\n\\[ \\frac{1}{2} \\]\n```\nthen x²."
    assert plain_math("It costs $35 a week, $1820 a year.") == "It costs $35 a week, $1820 a year."
    assert plain_math("$$\\frac{1}{2}$$ and \\( x + y") == "1/2 and \\( x + y"  # never ended: as written
    stream, long = MathText(), "See \\( " + "x + " * (MAX_SPAN // 4 + 1)
    assert stream.feed(long[:100]) == "See "  # held: its end may come
    assert stream.feed(long[100:]) == long[4:] and stream.close() == ""  # past MAX_SPAN: shown, not held on


def test_latex_that_will_not_parse_is_shown_without_a_word_on_stderr(caplog: pytest.LogCaptureFixture,
                                                                     capfd: pytest.CaptureFixture[str]) -> None:
    with caplog.at_level(logging.WARNING):
        for odd in ("\\frac{", "\\begin{matrix} 1 & 2", "}{", "\\unknownmacro{x}", "^^", "\\\\"):
            assert isinstance(plain_math(f"a \\({odd}\\) b"), str)
    assert capfd.readouterr().err == "" and not [r for r in caplog.records if r.name.startswith("pylatexenc")]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([CELSIUS, CIRCLE, SAVINGS, SPEED, "```\n\\(a\\)\n```\n\\(b\\) `\\(c\\)` $$d$$ \\"]),
       st.randoms(use_true_random=False))
def test_streamed_in_any_pieces_it_shows_what_the_whole_would(answer: str, rng: random.Random) -> None:
    stream, out, at = MathText(), "", 0
    while at < len(answer):
        size = rng.randint(1, 12)
        out += stream.feed(answer[at:at + size])
        at += size
    assert out + stream.close() == plain_math(answer)


def test_a_terminal_gets_text_a_pipe_gets_latex_and_config_can_keep_it(llorch_home: object) -> None:
    import pty
    import sys

    from llorch.cli._common import math_as_text
    from llorch.config import resolve_paths, write_toml_atomic

    controller, terminal = pty.openpty()
    saved = sys.stdout
    try:
        with open(terminal, "w", closefd=False) as tty:
            sys.stdout = tty
            assert math_as_text()
            write_toml_atomic(resolve_paths().config_file, {"ui": {"math": "latex"}})
            assert not math_as_text()
    finally:
        sys.stdout = saved
        os.close(controller)
        os.close(terminal)
    write_toml_atomic(resolve_paths().config_file, {"ui": {"math": "text"}})
    with open(os.devnull, "w") as pipe:
        sys.stdout = pipe
        try:
            assert not math_as_text()
        finally:
            sys.stdout = saved


def test_print_turn_shows_spans_as_text_however_the_tokens_cut_them(capsys: pytest.CaptureFixture[str]) -> None:
    from llorch.chat.events import TurnDone
    from llorch.cli._common import print_turn
    from llorch.engine.types import TokenEvent

    def events(pieces: list[str]):  # type: ignore[no-untyped-def]
        yield from (TokenEvent(p, i) for i, p in enumerate(pieces))
        yield TurnDone(1, "complete", "".join(pieces), None, None, None, "chat")

    pieces = ["The area is \\", "( 16", "\\pi \\", ") cm", "². So \\[ A = \\frac{a", "}{b} \\]"]
    print_turn(events(pieces), math=True)
    assert capsys.readouterr().out == "The area is 16π cm². So A = a/b\n"
    print_turn(events(pieces), math=False)
    assert capsys.readouterr().out == "".join(pieces) + "\n"
    print_turn(events(["Held: \\( x + y"]), math=True)  # a span the answer never ended is shown at its end
    assert capsys.readouterr().out == "Held: \\( x + y\n"
