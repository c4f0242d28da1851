"""Dates given with a question (piped after it, or after its colon): the days between two of them, and the day of the
week of each of several, with which of them fall on a weekend, on a weekday or on a Monday, say.

Asked "How many days are between these two dates?" of 2026-03-14 and 2026-11-02 piped, the 1.5B said 34 (233);
asked which of 2026-12-05, 2026-12-07, 2026-12-12 and 2026-12-16 fall on a weekend, it named the 7th and the 16th
(the 5th and the 12th are the Saturdays). `dates_given` reads such a text (dates with their years and nothing else),
`pair_asked` and `listed_asked` the question about them, as the calendar's `days` arguments (datequestions.py hands
them on to exact.py); `answer_dates` is the calendar's answer for a list of dates (dayanswers.py calls it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined, asked_parts
from llorch.tools.base import ToolResult
from llorch.tools.dates import parse_day
from llorch.tools.daymath import WEEKDAY_NAMES, long_date, ordinal, weekday_number
from llorch.tools.holidayrules import MONTHS

__all__ = ["MAX_DATES", "answer_dates", "dates_given", "listed_asked", "pair_asked"]

MAX_DATES = 100  # dates one call names (a list said back in full stays readable)
_MAX_TEXT = 10_000  # characters of a text read as dates: past it (some 800 dates), the model's

# --- the dates given -------------------------------------------------------------------------

_MONTH_NAMES = {month[:3]: number for number, month in enumerate(MONTHS, 1)}  # "mar": 3
# A month's name, or its first three letters ("Sept" too), a dot after it or not
_MONTH = ("(?:" + "|".join(f"{m[:3]}(?:{m[3:]}{'|t' if m == 'september' else ''})?" if m[3:] else m for m in MONTHS)
          + r")\.?(?![a-z])")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A date with its year: "2026-03-14" (or 2026/03/14), "14 March 2026", "14th of Mar. 2026", "March 14, 2026"; a date
# without its year ("14 March": which one?) or in digits alone ("03/04/2026": March or April?) is none
_DATE = re.compile(r"(?<![\w/.-])(?:(?P<y>\d{4})(?P<s>[-/])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})|(?P<d2>" + _DAY + r")\s+"
                   r"(?:of\s+)?(?P<m2>" + _MONTH + r"),?\s+(?P<y2>\d{4})|(?P<m3>" + _MONTH + r")\s+(?P<d3>" + _DAY
                   + r"),?\s+(?P<y3>\d{4}))(?![\w/-]|\.\d)", re.IGNORECASE)
# What may part the dates: lines, commas, bullets, "and", "to", "vs"
_PARTING = r"[\s,;:&|/•*·.?!()–—-]*"
_GAP = re.compile(_PARTING + r"(?:(?:and|or|to|then|vs|versus)(?![a-z])" + _PARTING + r")*", re.IGNORECASE)


def dates_given(message: str) -> tuple[str, list[date]] | None:
    """The question and the dates given with it (piped after it, or after its colon), where that text is dates with
    their years and nothing else: "How many days are between these two dates?\\n\\n2026-03-14\\n2026-11-02" is the
    question and 14 March and 2 November 2026. None for a message with no such text, or a date that is none (30
    February)."""
    if len(message) > _MAX_TEXT:
        return None
    for question, text in asked_parts(message):
        days = _dates_in(text) if text else None
        if days:
            return " ".join(question.replace("’", "'").split()), days
    return None


def _dates_in(text: str) -> list[date] | None:
    """The dates `text` is made of, in order, or None where it holds anything else."""
    days, at = [], 0
    for found in _DATE.finditer(text):
        if not _GAP.fullmatch(text, at, found.start()):
            return None
        day = _date_of(found)
        if day is None:
            return None
        days.append(day)
        at = found.end()
    return days if days and _GAP.fullmatch(text, at) else None


def _date_of(found: re.Match[str]) -> date | None:
    year, month, day = (found.group("y", "m", "d") if found.group("y") else found.group("y2", "m2", "d2")
                        if found.group("y2") else found.group("y3", "m3", "d3"))
    number = int(month) if month.isdigit() else _MONTH_NAMES[month[:3].lower()]
    try:
        return date(int(year), number, int(day.rstrip("stndrdthSTNDRDTH")))
    except ValueError:  # 30 February, a year 0
        return None


# --- the questions -------------------------------------------------------------------------

_LEAD = (r"^(?:(?:please|ok|okay|so|and|hey)(?:\s*,\s+|\s+))?(?:(?:can|could|would)\s+you\s+(?:please\s+)?"
         r"(?:tell\s+me\s+|say\s+|work\s+out\s+|check\s+)?)?")
_END = r"\s*[?.!:]*$"
# The dates, as a question names them: "these two dates", "the dates below", "them", "both"
_THESE = (r"(?:(?:these|those|the\s+following|the)(?:\s+two)?\s+(?:dates|days)|these(?:\s+two)?|those(?:\s+two)?|"
          r"the\s+following|them|the\s+two|both(?:\s+(?:dates|days))?)(?:\s+(?:below|here|above))?")
_UNIT = r"(?:days|weeks|(?:working|business|work|week)\s*days|weekdays)"
_FIRST_SECOND = r"the\s+first(?:\s+(?:date|day|one))?\s+to\s+the\s+second(?:\s+(?:date|day|one))?"
# The days between two dates: "How many days are between these two dates?", "How many days apart are these dates?",
# "How long between these dates?", "How many weeks between these?", "What's the difference in days between them?"
_PAIR = [re.compile(_LEAD + pattern + _END, re.IGNORECASE) for pattern in (
    r"how\s+many\s+" + _UNIT + r"\s+(?:(?:are\s+there|is\s+it|are|lie|pass|elapse|have\s+passed)\s+)?"
    r"(?:between|from)\s+" + _THESE + r"(?:\s+apart)?",
    r"how\s+many\s+" + _UNIT + r"\s+(?:apart\s+(?:are|is)\s+" + _THESE + r"|(?:are|is)\s+" + _THESE + r"\s+apart|"
    r"(?:separate|lie\s+between|come\s+between)\s+" + _THESE + r")",
    r"how\s+many\s+" + _UNIT + r"\s+(?:are\s+there\s+|is\s+it\s+)?from\s+" + _FIRST_SECOND,
    r"how\s+(?:long|much\s+time)\s+(?:(?:is\s+(?:it|there)|passes|passed|elapses|elapsed)\s+)?between\s+" + _THESE,
    r"how\s+(?:far|long)\s+apart\s+are\s+" + _THESE,
    r"(?:what(?:'s|\s+is)|(?:please\s+)?(?:calculate|count|find|work\s+out|give\s+me))\s+the\s+(?:(?:total\s+)?"
    r"number\s+of\s+" + _UNIT + r"|difference(?:\s+in\s+(?:days|weeks))?|gap|time)\s+between\s+" + _THESE,
)]
# Which of them fall on a kind of day: "Which of these dates fall on a weekend?", "Which of these are Mondays?",
# "Are any of these on a Sunday?", "How many of these dates are weekdays?"
_KIND = (r"(?:a\s+|the\s+)?(?:(?P<weekend>weekends?|weekend\s+days?|saturdays?\s+or\s+(?:a\s+)?sundays?)|(?P<workday>"
         r"weekdays?|week\s+days?|working\s+days?|business\s+days?|work\s*days?)|(?P<day>" + "|".join(WEEKDAY_NAMES)
         + r")s?)")
_ON = (r"(?:(?:fall|falls|fell|land|lands|landed|occur|occurs|happen|happens)\s+(?:on|at|over)\s+|(?:is|are|was|were|"
       r"will\s+be)\s+(?:on\s+|at\s+)?)")
_WHICH = [re.compile(_LEAD + pattern + _KIND + _END, re.IGNORECASE) for pattern in (
    r"(?:which|what)\s+(?:of\s+" + _THESE + r"|dates|days|ones|one)\s+" + _ON,
    r"(?:are|is|were|was)\s+any\s+of\s+" + _THESE + r"\s+(?:on\s+|at\s+)?",
    r"(?:do|does|did|will)\s+any\s+of\s+" + _THESE + r"\s+(?:fall|land)\s+on\s+",
    r"how\s+many\s+of\s+" + _THESE + r"\s+" + _ON,
)]
# The day of the week of each: "What day of the week is each of these dates?", "What days of the week do these fall
# on?", "Which weekday is each date?", "Give me the day of the week for each of these"
_WEEKDAY = r"(?:days?\s+of\s+the\s+week|weekdays?|days?)"
_EACH = (r"(?:(?:each(?:\s+one)?|all)\s+of\s+" + _THESE + r"|each(?:\s+(?:date|day|one))?|" + _THESE
         + r"|this(?:\s+date)?)")
_EACH_DAY = [re.compile(_LEAD + pattern + _END, re.IGNORECASE) for pattern in (
    r"(?:what|which)\s+" + _WEEKDAY + r"\s+(?:is|are|was|were|will\s+be)\s+" + _EACH,
    r"(?:what|which)\s+" + _WEEKDAY + r"\s+(?:does|do|did|will)\s+" + _EACH
    + r"\s+(?:fall\s+on|land\s+on|fall|land|be)",
    r"(?:give\s+me|tell\s+me|list|show\s+me|say|find)\s+the\s+" + _WEEKDAY + r"\s+(?:for|of)\s+" + _EACH,
)]


def pair_asked(question: str, days: list[date]) -> tuple[str, str] | None:
    """The two dates, as ISO dates (the earlier first), where the question plainly asks the days (or weeks, or
    working days) between exactly two dates given with it; else None."""
    if len(days) != 2 or not any(p.match(question) for p in _PAIR):
        return None
    first, second = sorted(days)
    return first.isoformat(), second.isoformat()


def listed_asked(question: str, days: list[date]) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a question that plainly asks the day of the week of each date given with
    it, or which of them fall on a weekend, on a weekday (Monday to Friday) or on one day of the week: "Which of
    these dates fall on a weekend?" is {"dates": "2026-12-05, 2026-12-07, …", "weekends": True}, "Which of these are
    Mondays?" the dates and "weekday": "monday". None for another question."""
    listed: dict[str, Any] = {"dates": ", ".join(d.isoformat() for d in days)}
    if any(p.match(question) for p in _EACH_DAY):
        return listed
    which = next(filter(None, (p.match(question) for p in _WHICH)), None)
    if which is None:
        return None
    if which.group("weekend"):
        return {**listed, "weekends": True}
    if which.group("workday"):
        return {**listed, "weekdays": True}
    return {**listed, "weekday": which.group("day").lower()}


# --- the answer ----------------------------------------------------------------------------


def answer_dates(args: Mapping[str, Any], now: datetime) -> ToolResult:
    """The day of the week of each of `dates`; with `weekends`, `weekdays` or `weekday`, which of them fall on such
    a day, and the others: asked which of 5, 7, 12 and 16 December 2026 fall on a weekend, the 1.5B named the 7th and
    the 16th (a Monday and a Wednesday)."""
    ranged = [key for key in ("from", "to", "unit", "age", "leap_years", "day_of_month", "inclusive")
              if args.get(key) not in (None, False, "")]
    if ranged:
        raise ToolError(f"calendar days: dates takes no {' or '.join(ranged)}, which are for the days from one date "
                        "to another")
    kinds = [key for key in ("weekends", "weekdays") if args.get(key)] + \
        (["weekday"] if args.get("weekday") is not None else [])
    if len(kinds) > 1:
        raise ToolError(f"calendar days: with dates, give one of weekends, weekdays or weekday (which dates fall on "
                        f"it), not {' and '.join(kinds)}")
    days = _dates_read(args.get("dates"), now)
    each = [{"date": d.isoformat(), "day_of_week": d.strftime("%A")} for d in days]
    if not kinds:
        text = "; ".join(f"{d.day} {d.strftime('%B %Y')} {'was' if d < now.date() else 'is'} a {d.strftime('%A')}"
                         for d in days) + "."
        return ToolResult(text, {"dates": each})
    on, called = _kind(kinds[0], args.get("weekday"))
    matching = [d for d in days if on(d)]
    others = [d for d in days if not on(d)]
    return ToolResult(_which_said(days, matching, others, called),
                      {"dates": each, "asked": called, "matching": [d.isoformat() for d in matching],
                       "matching_count": len(matching)})


def _dates_read(given: Any, now: datetime) -> list[date]:
    """The days a `dates` argument names: dates with their years as `dates_given` reads them ("2026-12-05,
    2026-12-07", one a line), else any days parted by ";" or lines ("next friday; 5 January 2027")."""
    text = given.strip() if isinstance(given, str) else ""
    if not text.strip(" ;\n\t,"):  # (" ; ; ": no date)
        raise ToolError("calendar days: dates must name one or more dates, e.g. dates='2026-12-05, 2026-12-07'")
    if len(text) > _MAX_TEXT:
        raise ToolError(f"calendar days: dates is {len(text):,} characters long; give at most {MAX_DATES} dates")
    days = _dates_in(text)
    impossible = next((m.group() for m in _DATE.finditer(text) if _date_of(m) is None), None)
    if impossible is not None:  # "2026-02-30"
        raise ToolError(f"calendar days: {impossible} is no day of the calendar")
    if days is None:
        days = []
        for n, part in enumerate((p.strip() for p in re.split(r"[;\n]", text) if p.strip()), 1):
            try:
                days.append(parse_day(part, now))
            except ToolError:
                raise ToolError(f"calendar days: the {n}{ordinal(n)} date, {part!r}, is no day llorch reads (a day "
                                "that does not exist, or written another way): give dates as 2026-12-05 or 5 "
                                "December 2026, parted by commas, or by ';' where they are words") from None
    if len(days) > MAX_DATES:
        raise ToolError(f"calendar days: {len(days):,} dates given; the limit is {MAX_DATES} at a time: ask about "
                        "them in parts")
    return days


def _kind(kind: str, name: Any) -> tuple[Callable[[date], bool], str]:
    """What a day must be to match, and it in words ("a weekend (Saturday or Sunday)")."""
    if kind == "weekends":
        return (lambda d: d.weekday() >= 5), "a weekend (Saturday or Sunday)"
    if kind == "weekdays":
        return (lambda d: d.weekday() < 5), "a weekday (Monday to Friday)"
    number = weekday_number(name) if isinstance(name, str) else None
    if number is None:
        raise ToolError(f"calendar days: weekday must be a day of the week, 'monday' to 'sunday'; got {name!r}")
    return (lambda d: d.weekday() == number), f"a {WEEKDAY_NAMES[number].capitalize()}"


def _which_said(days: list[date], matching: list[date], others: list[date], called: str) -> str:
    """Which of `days` fall on the day `called`, said first, then the others: "2 of the 4 dates fall on a weekend
    (Saturday or Sunday): Saturday 5 December 2026 and Saturday 12 December 2026; the other 2 do not: …"."""
    listed = and_joined([long_date(d) for d in matching])
    rest = and_joined([long_date(d) for d in others])
    if len(days) == 1:
        return f"{long_date(days[0])} {'falls' if matching else 'does not fall'} on {called}."
    if not matching:
        return f"None of the {len(days)} dates falls on {called}: they are {rest}."
    if not others:
        return f"All {len(days)} dates fall on {called}: {listed}."
    verb = "falls" if len(matching) == 1 else "fall"
    other = "the other one does" if len(others) == 1 else f"the other {len(others)} do"
    return f"{len(matching)} of the {len(days)} dates {verb} on {called}: {listed}; {other} not: {rest}."
