"""Questions about one whole number, recognised without a model: "Is 1,000,003 a prime number?" -> "isprime(1000003)",
"How many digits does 100 factorial have?" -> "digits(factorial(100))".

Asked whether 1,000,003 is prime, the 1.5B said no (divisible by 7; it is prime); asked the digits of 100 factorial,
it wandered through logarithms (158). arithmetic.py asks these readers first; the number may have thousands' commas
(1,000,003; 2,147,483,647), and the number whose digits are counted may be any expression arithmetic.py reads (a
factorial, a power), which it passes in as `read`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["GROUPED", "digits_asked", "prime_asked"]

# A whole number as written, with thousands' commas or none: "1,000,003", "1000003" ("1,200, 800" is two numbers)
GROUPED = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_MAX_PRIME = 10**12  # the math tool's isprime limit

_PRIME = re.compile(r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+tell\s+me\s+(?:if|whether)\s+(" + GROUPED + r")\s+is"
                    r"|is\s+(" + GROUPED + r"))\s+(?:a\s+)?prime(?:\s+number)?(?:\s+or\s+not)?\s*[?.!]*\s*$",
                    re.IGNORECASE)
# "How many digits does 100 factorial have?", "How many digits are in 2^100?", "How many digits is 123456789?"
_THE_NUMBER = r"(?:the\s+number\s+)?"
_DIGITS = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+tell\s+me\s+)?how\s+many\s+(?:decimal\s+)?digits\s+(?:"
    r"(?:does|do)\s+" + _THE_NUMBER + r"(?P<does>.+?)\s+(?:have|contain)"
    r"|(?:are\s+)?(?:there\s+)?in\s+" + _THE_NUMBER + r"(?P<in>.+?)"
    r"|(?:long\s+)?(?:is|has)\s+" + _THE_NUMBER + r"(?P<is>.+?)(?:\s+got)?)\s*[?.]*\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"-?(?:" + GROUPED + r")")


def prime_asked(text: str) -> str | None:
    """"Is 221 a prime number?" -> "isprime(221)" (the 1.5B said yes: 13 × 17); None past the tool's limit."""
    match = _PRIME.match(text)
    if match is None:
        return None
    n = int((match.group(1) or match.group(2)).replace(",", ""))
    return f"isprime({n})" if n <= _MAX_PRIME else None


def digits_asked(text: str, read: Callable[[str], str | None]) -> str | None:
    """"How many digits does 100 factorial have?" -> "digits(factorial(100))": the number's digits, where it is a
    number as written or an expression `read` gives ("my phone number" is none: the model's)."""
    match = _DIGITS.match(text)
    if match is None:
        return None
    number = next(g for g in match.group("does", "in", "is") if g is not None).strip()
    if _PLAIN.fullmatch(number):
        return f"digits({number.replace(',', '')})"
    inner = read(re.sub(r"(\d+)!", r"factorial(\1)", number))  # ("100!?": read's end would take its "!")
    return f"digits({inner})" if inner is not None else None
