"""The rewrites of arithmetic questions in words (llorch/tools/arithmetic.py) to the math tool's expressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.tools.arithmetic import arithmetic_in
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B: 30 (the rewrite took two numbers only, so nothing ran)
    ("What's the least common multiple of 4, 6 and 10?", "lcm(4, 6, 10)", 60),
    ("What is the LCM of 8, 12, and 15?", "lcm(8, 12, 15)", 120),
    ("What is the lowest common multiple of 12 and 18?", "lcm(12, 18)", 36),
    ("lcm of 3, 4, 5, 6", "lcm(3, 4, 5, 6)", 60),
    ("What is the smallest common multiple of 9 & 12?", "lcm(9, 12)", 36),
    ("What is the greatest common divisor of 84, 126 and 210?", "gcd(84, 126, 210)", 42),
    ("What's the GCF of 8, 12, and 16?", "gcd(8, 12, 16)", 4),
    ("HCF of 12, 18 and 30", "gcd(12, 18, 30)", 6),
    ("What is the highest common factor of 24 and 36?", "gcd(24, 36)", 12),
    ("What is the greatest common factor of 12 and 18?", "gcd(12, 18)", 6),
    ("What is the GCD of 12, 18, 24?", "gcd(12, 18, 24)", 6),
    ("What is LCM(4, 6)?", "lcm(4, 6)", 12),
])
def test_lcm_and_gcd_of_two_or_more_numbers(question: str, expression: str, value: int, tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["value"] == value


@pytest.mark.parametrize("question", [
    "What is the least common multiple of 4.5 and 6?",  # whole numbers only
    "What is the LCM of 4?",
    "What is the least common multiple of my numbers?",
    "What is the greatest common divisor of 12 and 18 and why?",
])
def test_lcm_and_gcd_questions_less_plain_stay_the_models(question: str) -> None:
    assert arithmetic_in(question) is None
