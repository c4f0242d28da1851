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


@pytest.mark.parametrize(("question", "expression", "primes"), [
    ("What are the prime factors of 360?", "factor(360)", [2, 3, 5]),  # the 1.5B: "2, 3, and 5", no powers
    ("What is the prime factorization of 756?", "factor(756)", [2, 3, 7]),
    ("Factorize 1001", "factor(1001)", [7, 11, 13]),
    ("Factor 84 into primes", "factor(84)", [2, 3, 7]),
    ("prime factorisation of 2024", "factor(2024)", [2, 11, 23]),
    ("Find the prime factors of 1,001.", "factor(1001)", [7, 11, 13]),
    ("Break 84 down into prime factors", "factor(84)", [2, 3, 7]),
    ("Write 84 as a product of primes", "factor(84)", [2, 3, 7]),
])
def test_a_prime_factorization_in_words_is_the_math_tools_factor(question: str, expression: str, primes: list[int],
                                                                 tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["primes"] == primes


@pytest.mark.parametrize("question", [
    "What is a prime factor?",
    "factors affecting 360 degree reviews",
    "What are the factors of 360?",  # its divisors, not its primes
    "What is the largest prime factor of 360?",  # one of them: an answer check wants them all
    "What are the prime factors of 10000000000000?",  # past the limit, as isprime's
    "Factor x^2 + 5x + 6",
])
def test_near_misses_of_a_prime_factorization_stay_with_the_model(question: str) -> None:
    assert arithmetic_in(question) is None
