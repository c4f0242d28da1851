"""How long ago, since or until a day, in years, months and days: "How long ago was 1 January 2000 in years, months
and days?"

Asked that on 6 December 2026, the 1.5B said 14 years, 1 month and 3 days (it is 26 years, 11 months and 5 days).
`how_long_asked` reads a message that plainly asks how long it is from a day to today, from today to a day, or from
one day to another, as the calendar's `days` arguments (datequestions.py's `span_asked` hands it on here): in years,
with the months and days over, or in months, where it names them (`unit`, daymath.py's `span_of`); in days or weeks
where it names those; in years, months and days where it names no unit but its day has a year ("How long has it
been since 3 March 2015?"). "How many years, months and days since …" is read as "How long since … in years, months
and days". Anything else is None and stays the model's: a time of day ("How long until 5pm?" is no day), a day
without its year and no unit ("How long until Christmas?": in days, or in weeks?), a month or a year alone ("How
long ago was 2015?": from which day?), a day on the wrong side of today ("How long ago was 1 July 2030?").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.dates import parse_day
from llorch.tools.monthdays import YEAR_IN_WORDS, last_one, month_named, year_named

__all__ = ["how_long_asked"]

_LEAD = r"^\s*(?:(?:and|so|ok|okay)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+tell\s+me\s+)?"
_HOW_LONG = r"(?:how\s+long|how\s+much\s+time)\s+"
_UNIT = r"(?:years?|months?|weeks?|days?)"
_UNITS = rf"{_UNIT}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_UNIT})*"
# The units asked for: "in years, months and days", "in years and months", "in days", "expressed in months".
_IN = (r"(?:\s*,?\s*(?:in|as|expressed\s+in|counted\s+in|measured\s+in)\s+(?:terms\s+of\s+)?(?:whole\s+)?"
       rf"(?P<units>{_UNITS}))?")
_END = r"\s*[?.!]*\s*$"
_WAYS = [
    # "How long ago was 1 January 2000 (in years, months and days)?"
    ("ago", re.compile(_LEAD + _HOW_LONG + r"ago\s+(?:was|is|were)\s+(?:it\s+)?(?P<day>.+?)" + _IN + _END,
                       re.IGNORECASE)),
    # "How long has it been since 3 March 2015 (in years and months)?", "How much time has passed since …?"
    ("since", re.compile(_LEAD + _HOW_LONG + r"(?:(?:has\s+it\s+been|is\s+it|was\s+it|it\s+has\s+been|it's\s+been|"
                         r"has\s+passed|has\s+gone\s+by|has\s+elapsed)\s+)?since\s+(?P<day>.+?)" + _IN + _END,
                         re.IGNORECASE)),
    # "How long until 1 July 2030 (in years, months and days)?", "How much time is left until …?"
    ("until", re.compile(_LEAD + _HOW_LONG + r"(?:(?:is\s+it|is\s+there|is\s+left|do\s+(?:i|we)\s+have(?:\s+left)?|"
                         r"remains?)\s+)?(?:left\s+)?(?:until|till|til|before)\s+(?P<day>.+?)" + _IN + _END,
                         re.IGNORECASE)),
    # "How long is it from 3 March 2015 to 1 July 2030 in years and months?", "How long between … and …?"
    ("between", re.compile(_LEAD + _HOW_LONG + r"(?:(?:is|was)\s+(?:it|there)\s+|passed\s+|elapsed\s+)?"
                           r"(?:between|from)\s+(?P<start>.+?)\s+(?:and|to|until|till)\s+(?P<day>.+?)" + _IN + _END,
                           re.IGNORECASE)),
]
# "How many years, months and days since 1 January 2000?": two units or more (one is `span_asked`'s own)
_HOW_MANY = re.compile(_LEAD + rf"how\s+many\s+(?P<units>{_UNIT}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){_UNIT})+)\s+"
                       r"(?:(?:are\s+there|is\s+it|has\s+it\s+been|have\s+passed|are\s+left|remain|ago\s+was)\s+)?"
                       r"(?P<rest>(?:since|until|till|til|before|between|from)\s+.+?)" + _END, re.IGNORECASE)
# A time of day, or a span shorter than a day: no day to count whole days to.
_TIME = re.compile(r"\d\s*(?:a\.?m\b|p\.?m\b)|\d:\d\d|\b(?:noon|midday|midnight|tonight|now|hours?|minutes?|"
                   r"seconds?|o'clock)\b", re.IGNORECASE)
# The units a question may name together, and the calendar's unit for them ("" for days: a count of days).
_UNIT_OF = {frozenset(): "years", frozenset({"years"}): "years", frozenset({"years", "months"}): "years",
            frozenset({"years", "months", "days"}): "years", frozenset({"months"}): "months",
            frozenset({"months", "days"}): "months", frozenset({"days"}): "", frozenset({"weeks"}): "",
            frozenset({"weeks", "days"}): ""}


def how_long_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks how long ago, since or until a day it names
    is, or how long from one day to another; or None. "How long ago was 1 January 2000 in years, months and days?"
    is {"from": "2000-01-01", "to": today, "unit": "years"}; "… in months" has "unit": "months", and "… in days"
    none (the days, and the weeks in them)."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    many = _HOW_MANY.match(text)
    if many is not None:  # ("… since 1 January 2000", asked "in years, months and days")
        text = f"how long {many.group('rest')} in {many.group('units')}?"
    for way, pattern in _WAYS:
        asked = pattern.match(text)
        if asked is not None:
            return _span(way, asked, now)
    return None


def _span(way: str, asked: re.Match[str], now: datetime) -> dict[str, Any] | None:
    """The `days` arguments for a matched question: its days, on the side of today it asks, and its unit."""
    units = frozenset(unit.lower().rstrip("s") + "s" for unit in re.findall(r"[a-z]+", asked.group("units") or "")
                      if unit.lower() != "and")
    unit = _UNIT_OF.get(units)
    named = [asked.group(key) for key in ("start", "day") if key in asked.groupdict()]
    if unit is None or (not units and not all(YEAR_IN_WORDS.search(words) for words in named)):
        return None  # (no unit said: only days with their years, "How long until Christmas?" stays the model's)
    today = now.date()
    if way == "between":
        days = [_day(words, now, back=False) for words in named]
        if None in days or not all(YEAR_IN_WORDS.search(words) for words in named):  # (which 1 March? the model's)
            return None
        start, end = min(d for d in days if d is not None), max(d for d in days if d is not None)
    else:
        day = _day(asked.group("day"), now, back=way != "until")
        if day is None or (day > today if way != "until" else day < today):
            return None  # ("How long ago was 1 July 2030?": not yet)
        start, end = (today, day) if way == "until" else (day, today)
    return {"from": start.isoformat(), "to": end.isoformat(), **({"unit": unit} if unit else {})}


def _day(words: str, now: datetime, *, back: bool) -> date | None:
    """The day words name ("1 January 2000", "christmas", "next friday"); one without its year is the last one when
    `back` ("since christmas"), else the next. None for a time, a month or a year alone, or no day."""
    words = " ".join(words.lower().replace("’", "'").split()).strip(" ,")
    words = re.sub(r"^the\s+", "", words)
    if not words or _TIME.search(words) or month_named(words, now.date()) is not None or \
            year_named(words, now) is not None:
        return None
    try:
        day = parse_day(words, now)
        if back:  # "since christmas": the last one
            day = last_one(day, now.date(), words)
    except (ToolError, ValueError, OverflowError):  # no day, 29 February a year back, a year 0
        return None
    return day
