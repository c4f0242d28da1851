"""Sums with numbers written in another base (llorch/tools/bases.py), to the math tool and through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.tools.arithmetic import arithmetic_in
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry


@pytest.mark.parametrize(("question", "expression", "said"), [
    # the 1.5B: "0xFF = 15 + 16 = 31", so 42
    ("What's 0xFF + 0x1A in decimal?", "0xFF + 0x1A", "0xFF + 0x1A = 281"),
    ("What's 0xFF + 0x1A?", "0xFF + 0x1A", "0xFF + 0x1A = 281"),
    ("What is 0b1010 + 0b0110 in decimal?", "0b1010 + 0b0110", "0b1010 + 0b0110 = 16"),
    ("Calculate 0x10*3 - 0o17", "0x10 * 3 - 0o17", "0x10 * 3 - 0o17 = 33"),
    ("What's (0x10 + 2) * 3?", "(0x10 + 2) * 3", "(0x10 + 2) * 3 = 54"),
    ("What's 0b1010 * 0b11 in binary?", "bin(0b1010 * 0b11)", "30 in binary is 0b11110"),
    ("What is 200 + 55 in hex?", "hex(200 + 55)", "255 in hexadecimal is 0xFF"),
    ("What is 0x1F + 1 in base 8?", "oct(0x1F + 1)", "32 in octal is 0o40"),
    ("What is 0x10 plus 0x20?", "0x10 + 0x20", "0x10 + 0x20 = 48"),  # (it was read as 0 * 10 + 0 * 20 = 0)
    ("What is 0x10 times 3?", "0x10 * 3", "0x10 * 3 = 48"),
])
def test_a_sum_with_another_base_goes_to_the_math_tool_as_written(question: str, expression: str, said: str,
                                                                  tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).text == said


@pytest.mark.parametrize("question", [
    "What's 0x10 / 0 in decimal?",  # the tool could not work it out
    "What's 0xZZ + 1?",  # no such literal
    "What's 0xFF + 0x1A for my register?",  # more than the sum
    "What is 0b102 + 1?",  # a 2 is no binary digit
    "What is 1010 + 110 in binary?",  # binary digits written as decimals: which? (it gave bin(1120))
    "What's 1011 * 11 in binary?",
    "What is 0x10 + 3.5?",  # (it was read as 0 * 10 + 3.5)
    "1  +  1  +  1  +  1  +  1  +  1  +  1  +  1 x",  # (a pattern of optional spaces took 79 s on this)
    "What is " + " + ".join(str(i) for i in range(1, 13)) + " in total?",  # (10.7 s; each term four times more)
])
def test_what_is_not_a_plain_sum_in_another_base_stays_the_models(question: str) -> None:
    assert arithmetic_in(question) is None


def test_a_plain_decimal_sum_is_still_arithmetics_own() -> None:
    assert arithmetic_in("What is 200 + 55?") == "200 + 55"
    assert arithmetic_in("Convert 0x1F4 to decimal") == "0x1F4"
    assert arithmetic_in("What is 255 in binary?") == "bin(255)"
