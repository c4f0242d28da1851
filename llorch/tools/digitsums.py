"""The sum of the digits of a number worked out first, recognised without a model: "What is the sum of the digits of
2^20?" -> "digitsum(2^20)".

Asked the sum of the digits of 2^20, the 1.5B said 28 (2^20 is 1,048,576: 31); it has to work the number out and
then add its digits, and a slip in either is a wrong answer. arithmetic.py asks this reader beside numberquestions.py's;
the number is an expression it reads (`read`: a power, a factorial, "2 to the power 20"). A number written out ("the
sum of the digits of 98765") is arithmetic.py's own rewrite, which adds the digits one by one where the answer shows
them (9 + 8 + 7 + 6 + 5); only one longer than it takes is summed here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["digit_sum_asked"]

_LEAD = (r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:(?:what\s+is|what's|whats|calculate|compute|find|give\s+me|"
         r"tell\s+me|work\s+out)\s+)?(?:the\s+)?")
_DIGITS = r"(?:the\s+|all\s+(?:the\s+|of\s+the\s+)?|its\s+)?digits\s+(?:of|in)\s+(?:the\s+number\s+)?(?P<x>.+?)"
_ASKED = [  # (of the question without its last "?": `_asked_part`)
    # "What is the sum of the digits of 2^20?", "the digit sum of 3**15", "the sum of all the digits in 100!"
    re.compile(_LEAD + r"(?:sum\s+of\s+" + _DIGITS + r"|digit\s+sum\s+of\s+(?:the\s+number\s+)?(?P<y>.+?))$",
               re.IGNORECASE),
    # "Add up the digits of 100!", "Sum the digits of 2^100"
    re.compile(r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:add\s+up|add|sum(?:\s+up)?|total(?:\s+up)?)\s+"
               + _DIGITS + r"(?:\s+up)?$", re.IGNORECASE),
    # "What do the digits of 2^20 add up to?"
    re.compile(r"^\s*what\s+do\s+" + _DIGITS + r"\s+(?:add\s+up\s+to|sum\s+to|total)$", re.IGNORECASE),
]
_WRITTEN = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")  # a number as written, thousands' commas or none
_REWRITTEN = 100  # the digits of a number written out that arithmetic.py adds one by one


def digit_sum_asked(text: str, read: Callable[[str], str | None]) -> str | None:
    """"What is the sum of the digits of 2^20?" -> "digitsum(2^20)": the digits of a number `read` works out ("100!"
    is factorial(100)); None for a number written out (arithmetic.py adds its digits one by one) or anything else
    ("the sum of the digits of my PIN")."""
    asked = _asked_part(text)
    match = next(filter(None, (p.match(asked) for p in _ASKED)), None)
    if match is None:
        return None
    number = next(g for g in match.groupdict().values() if g is not None).strip()
    if _WRITTEN.fullmatch(number):
        digits = number.replace(",", "")
        return f"digitsum({digits})" if len(digits) > _REWRITTEN else None
    inner = read(re.sub(r"(\d+)!", r"factorial(\1)", number))  # (read's end would take a last "!")
    return f"digitsum({inner})" if inner is not None else None


def _asked_part(text: str) -> str:
    """`text` without the marks and spaces that end it ("?", "."; a "!" too, but not a factorial's: "100!")."""
    end = len(text)
    while end and (text[end - 1] in " \t\r\n?." or (text[end - 1] == "!" and (end < 2 or not text[end - 2].isdigit()))):
        end -= 1
    return text[:end]
