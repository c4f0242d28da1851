"""Questions about one whole number, recognised without a model: "Is 1,000,003 a prime number?" -> "isprime(1000003)",
"How many digits does 100 factorial have?" -> "digits(factorial(100))", "What is the 12th prime number?" ->
"prime(12)", "What is the next prime after 100?" -> "nextprime(100)".

Asked whether 1,000,003 is prime, the 1.5B said no (divisible by 7; it is prime); asked the digits of 100 factorial,
it wandered through logarithms (158); asked the 12th prime, it said 53 (37). arithmetic.py asks these readers first;
the number may have thousands' commas (1,000,003; 2,147,483,647), and the number whose digits are counted may be any
expression arithmetic.py reads (a factorial, a power), which it passes in as `read`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["GROUPED", "digits_asked", "prime_asked"]

# A whole number as written, with thousands' commas or none: "1,000,003", "1000003" ("1,200, 800" is two numbers)
GROUPED = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_MAX_PRIME = 10**12  # the math tool's isprime limit (and nextprime's, prevprime's)
_MAX_NTH = 10**6  # the math tool's prime(n) limit

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


# "What is the 12th prime number?" (the 1.5B: 53; it is 37), "What's prime number 100?", "Find the 1,000th prime",
# "the twelfth prime": the nth prime, 1-based ("the 12th prime minister" is no number)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
             "hundredth": 100, "thousandth": 1000, "millionth": 10**6}
_ORDINAL = (r"(?:(?P<nth>" + GROUPED + r")(?:st|nd|rd|th)|(?:the\s+)?(?P<word>" + "|".join(_ORDINALS)
            + r")|(?:the\s+)?(?:one\s+|a\s+)(?P<scaled>hundredth|thousandth|millionth))")
_ASK = (r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+(?:tell\s+me\s+)?)?(?:(?:what\s+is|what's|whats|"
        r"which\s+(?:number\s+)?is|find|give\s+me|tell\s+me|calculate|compute|work\s+out|name)\s+)?")
_NTH_PRIME = re.compile(
    _ASK + r"(?:(?:the\s+)?(?:" + _ORDINAL + r")\s+prime(?:\s+number)?|prime\s+number\s+(?:no\.?\s*|#\s*)?(?P<numbered>"
    + GROUPED + r"))\s*[?.!]*\s*$", re.IGNORECASE)
# "What is the next prime after 100?" (101), "the smallest prime greater than 1,000", "the largest prime below 1000"
# (997), "the biggest prime number less than 100"; "the largest 3-digit prime" (997), "the smallest 4-digit prime"
_ABOVE = r"(?:after|above|over|greater\s+than|larger\s+than|bigger\s+than|higher\s+than|more\s+than|past|following)"
_BELOW = r"(?:below|under|before|less\s+than|smaller\s+than|lower\s+than|beneath|preceding)"
_NEXT = r"(?:next|first|smallest|least|lowest|nearest|closest)"
_LAST = r"(?:largest|biggest|greatest|highest|last|previous|nearest|closest)"
_BESIDE_PRIME = re.compile(
    _ASK + r"(?:the\s+)?(?:(?P<next>" + _NEXT + r")\s+prime(?:\s+number)?\s+" + _ABOVE + r"|(?P<last>" + _LAST
    + r")\s+prime(?:\s+number)?\s+" + _BELOW + r")\s+(?:the\s+number\s+)?(?P<n>" + GROUPED + r")\s*[?.!]*\s*$",
    re.IGNORECASE)
_DIGIT_PRIME = re.compile(
    _ASK + r"(?:the\s+)?(?:(?P<least>smallest|least|lowest|first)|(?P<most>largest|biggest|greatest|highest|last))\s+"
    r"(?P<d>\d{1,2})[-\s]digits?\s+prime(?:\s+number)?\s*[?.!]*\s*$", re.IGNORECASE)


def prime_asked(text: str) -> str | None:
    """"Is 221 a prime number?" -> "isprime(221)" (the 1.5B said yes: 13 × 17), "What is the 12th prime number?" ->
    "prime(12)" (the 1.5B: 53; 37), "the next prime after 100" -> "nextprime(100)", "the largest prime below 1000" ->
    "prevprime(1000)", "the largest 3-digit prime" -> "prevprime(1000)"; None past the tool's limits."""
    match = _PRIME.match(text)
    if match is not None:
        n = int((match.group(1) or match.group(2)).replace(",", ""))
        return f"isprime({n})" if n <= _MAX_PRIME else None
    return _nth_asked(text) or _beside_asked(text)


def _nth_asked(text: str) -> str | None:
    """"What is the 12th prime number?" -> "prime(12)"; None for the 0th or past the 1,000,000th."""
    match = _NTH_PRIME.match(text)
    if match is None:
        return None
    nth, word, scaled, numbered = match.group("nth", "word", "scaled", "numbered")
    n = int((nth or numbered).replace(",", "")) if nth or numbered else _ORDINALS[(word or scaled).lower()]
    if nth and not _suffixed(n, text[match.end("nth"):match.end("nth") + 2].lower()):
        return None  # ("the 12st prime": a typo of which number?)
    return f"prime({n})" if 1 <= n <= _MAX_NTH else None


def _suffixed(n: int, suffix: str) -> bool:
    """Whether `suffix` is the ordinal ending English gives `n` (1st, 2nd, 3rd, 11th, 12th, 21st…)."""
    wanted = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return suffix == wanted


def _beside_asked(text: str) -> str | None:
    """"the next prime after 100" -> "nextprime(100)", "the largest prime below 1000" -> "prevprime(1000)", "the
    smallest 4-digit prime" -> "nextprime(999)"; None where there is none (below 2) or past the tool's limit."""
    match = _BESIDE_PRIME.match(text)
    if match is not None:
        n = int(match.group("n").replace(",", ""))
        if match.group("next"):
            return f"nextprime({n})" if n < _MAX_PRIME else None
        return f"prevprime({n})" if 2 < n <= _MAX_PRIME else None
    match = _DIGIT_PRIME.match(text)
    if match is None or not 1 <= int(match.group("d")) <= 12:
        return None
    d = int(match.group("d"))
    return f"nextprime({10 ** (d - 1) - 1})" if match.group("least") else f"prevprime({10 ** d})"


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
