"""Questions about a year, recognised in a message: whether it is a leap year, which is the next or the last one,
and how many days it (or its February) has.

Asked whether 2100 is a leap year, the 1.5B said yes (it is not: a century is one only when 400 divides it).
`year_asked` reads a message that plainly asks such a thing as the year it asks of, which the calendar answers
(datequestions.py's `date_asked` hands it on, and its `month_asked` leaves February with its year here); anything
else is None and stays the model's. The leap years between two years and the next leap day are yearcounts.py's.
"""

from __future__ import annotations

import re
from datetime import datetime

from llorch.tools.monthdays import year_named

__all__ = ["ASK_LEAD", "year_asked"]

# What a plain question of a day or a year may open with: "and", "ok,", "hey", "can you tell me", "on" (the
# questions of dates in datequestions.py open with it too).
ASK_LEAD = r"^\s*(?:(?:and|so|ok|okay|hey|hi)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+tell\s+me\s+)?(?:on\s+)?"
_FEBRUARY = r"feb(?:ruary)?\.?\s+(?:of\s+|in\s+)?"
_A_YEAR = r"(?P<year>(?:the\s+)?year\s+\d{1,5}|\d{4,5}|(?:the\s+)?(?:this|next|last|current|coming|previous)\s+year)"
_YEAR_END = r"\s*[?.!]*\s*$"
_LEAP = r"(?:a\s+)?leap[\s-]?year"
_LEAP_ASKED = [
    # "Is 2100 a leap year?", "Was 1900 a leap year?", "Will 2032 be a leap year?", "is 2000 a leap year or not"
    re.compile(ASK_LEAD + r"(?:is|was|will)\s+" + _A_YEAR + r"\s+(?:be\s+|going\s+to\s+be\s+)?" + _LEAP +
               r"(?:\s*,?\s*or\s+not)?" + _YEAR_END, re.IGNORECASE),
    # "When is the next leap year?", "Which year is the next leap year?", "What's the next leap year after 2030?"
    re.compile(ASK_LEAD + r"(?:when|what|which)(?:'s|’s|\s+is|\s+was|\s+will)?\s+"
               r"(?:year\s+(?:is|was|will\s+be)\s+)?(?:the\s+)?(?:next|last|previous|coming)\s+leap[\s-]?year"
               r"(?:\s+be)?(?:\s+(?:after|before)\s+" + _A_YEAR + r")?" + _YEAR_END, re.IGNORECASE),
    # "How many days are in 2100?", "How many days does 2028 have?", "How many days are in February 2100?"
    re.compile(ASK_LEAD + r"how\s+many\s+days\s+(?:are\s+(?:there\s+)?|is\s+there\s+|were\s+(?:there\s+)?)?"
               r"(?:in|does|did|will|has)\s+(?:the\s+month\s+of\s+)?(?P<february>" + _FEBRUARY + r")?" + _A_YEAR +
               r"(?:\s+have|\s+had|\s+got)?" + _YEAR_END, re.IGNORECASE),
]


def year_asked(text: str, now: datetime) -> str | None:
    """The year a message plainly asks whether it is a leap year, or how many days it has, as digits (this year
    for the next or last leap year, whose answer names them); None where there is none, or it is outside 1 to
    9999 (no calendar holds it)."""
    match = next(filter(None, (p.match(text) for p in _LEAP_ASKED)), None)
    if match is None:
        return None
    named = year_named(match.group("year"), now) if match.group("year") else (now.year, False)
    if named is None or not 1 <= named[0] <= 9999:
        return None
    february = match.groupdict().get("february")
    return f"February {named[0]}" if february else str(named[0])  # (the answer then leads with February's days)
