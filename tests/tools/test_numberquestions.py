"""The nth prime, and the primes either side of a number: the 1.5B said the 12th prime is 53 (37); each such question
goes to the math tool's prime(), nextprime() or prevprime() (llorch/tools/numberquestions.py, evaluator.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.evaluator import MAX_NTH_PRIME, evaluate, nth_prime
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.numberquestions import prime_asked
from llorch.tools.registry import ToolRegistry
from support import math_fault

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)


def _primes_to(limit: int) -> list[int]:
    return [p for p in range(2, limit) if all(p % d for d in range(2, int(p**0.5) + 1))]


def test_prime_n_is_the_nth_prime_counted_from_1() -> None:
    primes = _primes_to(20_000)
    assert [nth_prime(n) for n in range(1, len(primes) + 1)] == primes
    assert (nth_prime(12), nth_prime(100), nth_prime(1000)) == (37, 541, 7919)
    assert nth_prime(MAX_NTH_PRIME) == 15_485_863  # (the cap: a sieve of 15.5 million bytes)
    assert evaluate("prime(12)") == 37 and evaluate("prime(3) * 2") == 10


def test_the_primes_either_side_of_a_number() -> None:
    primes = set(_primes_to(5_000))
    assert all(evaluate(f"nextprime({n})") == min(p for p in primes if p > n) for n in range(-3, 4_000))
    assert all(evaluate(f"prevprime({n})") == max(p for p in primes if p < n) for n in range(3, 4_000))
    assert (evaluate("nextprime(100)"), evaluate("prevprime(1000)")) == (101, 997)
    assert evaluate("nextprime(999999999989)") == 1_000_000_000_039  # (past trial division's reach, at once)
    assert evaluate("prevprime(10^12)") == 999_999_999_989


@pytest.mark.parametrize(("expression", "error"), [
    ("prime(0)", "^math: prime\\(n\\) is the nth prime for n from 1 to 1,000,000, got 0$"),
    ("prime(1000001)", "^math: prime\\(n\\) is the nth prime for n from 1 to 1,000,000, got 1,000,001$"),
    ("prime(2.5)", "^math: prime needs whole-number arguments"),
    ("prevprime(2)", "^math: there is no prime below 2$"),
    ("prevprime(10^12 + 1)", "^math: prevprime needs a number up to 1,000,000,000,000"),
    ("nextprime(10^12)", "^math: nextprime needs a number below 1,000,000,000,000"),
])  # fmt: skip
def test_past_its_limits_a_prime_is_a_one_line_error(expression: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        evaluate(expression)


@pytest.mark.parametrize(("question", "expression", "said"), [
    ("What is the 12th prime number?", "prime(12)", "prime(12) = 37"),  # the 1.5B: 53
    ("What's the 12th prime?", "prime(12)", "prime(12) = 37"),
    ("What's prime number 100?", "prime(100)", "prime(100) = 541"),
    ("the 1000th prime", "prime(1000)", "prime(1000) = 7919"),
    ("Find the 1,000th prime number.", "prime(1000)", "prime(1000) = 7919"),
    ("What is the twelfth prime?", "prime(12)", "prime(12) = 37"),
    ("What is the first prime number?", "prime(1)", "prime(1) = 2"),
    ("Which number is the 21st prime?", "prime(21)", "prime(21) = 73"),
    ("What is the one millionth prime?", "prime(1000000)", "prime(1000000) = 15485863"),
    ("What is the next prime after 100?", "nextprime(100)", "nextprime(100) = 101"),
    ("What is the next prime number after 1,000?", "nextprime(1000)", "nextprime(1000) = 1009"),
    ("What's the smallest prime greater than 100?", "nextprime(100)", "nextprime(100) = 101"),
    ("What is the largest prime below 1000?", "prevprime(1000)", "prevprime(1000) = 997"),
    ("the largest prime below 1000", "prevprime(1000)", "prevprime(1000) = 997"),
    ("the biggest prime number less than 100", "prevprime(100)", "prevprime(100) = 97"),
    ("What is the largest 3-digit prime?", "prevprime(1000)", "prevprime(1000) = 997"),
    ("What's the smallest 4-digit prime number?", "nextprime(999)", "nextprime(999) = 1009"),
])  # fmt: skip
def test_the_nth_prime_and_the_primes_either_side_go_to_the_math_tool(question: str, expression: str, said: str,
                                                                      tmp_path: Path) -> None:
    assert prime_asked(question) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).text == said


@pytest.mark.parametrize("question", [
    "What is the 12th prime minister?",
    "Who was the 12th prime minister of Canada?",
    "What is the 12th prime number after 100?",
    "What is the 0th prime?",
    "What is the 2,000,000th prime?",  # (past the tool's limit)
    "What is the 12st prime?",  # (a typo of which number?)
    "What is the largest prime?",
    "What is the largest prime factor of 1000?",
    "What is the largest prime below 2?",  # (there is none)
    "What is the next prime after 10000000000000?",
    "What is the next prime?",
    "What is prime time?",
    "What is the 12th prime number? Explain how you found it.",
    "What is the 22nd prime and the 23rd prime?",
    "What is the largest 13-digit prime?",
])  # fmt: skip
def test_near_misses_of_a_prime_question_stay_with_the_model(question: str) -> None:
    assert prime_asked(question) is None
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is None or "prime" not in found[1].get("expression", "")


def test_an_answer_that_misses_the_nth_prime_is_caught(tmp_path: Path) -> None:
    assert math_fault("What is the 12th prime number?", "The 12th prime number is 37.", tmp_path) is None
    assert math_fault("What is the 12th prime number?", "The 12th prime number is 53.", tmp_path) is not None
