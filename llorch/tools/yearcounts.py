"""Weekends, leap years and quarters: counts over months and years that a small model makes in its head.

Asked how many weekends March 2027 has, the 1.5B said 2 (there are 4, its Saturdays 6, 13, 20 and 27); asked how
many leap years there are from 2000 to 2100, it said 34 (25: 2100 is none). The `*_asked` functions read a message
that plainly asks such a thing, as the calendar tool's arguments (datequestions.py hands them on to exact.py);
anything else is None and stays the model's. The `answer_*` functions are the calendar's answers (dayanswers.py
calls them): the weekends of a range, the leap years of a range of years, the quarter of a day or a quarter's days
(asked how many days Q1 2027 has, the 1.5B said 30; 90), the next or last leap day.
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from datetime import date, datetime, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined
from llorch.tools.base import ToolResult
from llorch.tools.dates import HOLIDAYS, parse_day
from llorch.tools.daymath import WEEKDAY_NAMES, from_today, long_date
from llorch.tools.monthdays import SHIFT, edge_of, last_one, month_named, year_named

__all__ = ["answer_leap_years", "answer_quarter", "answer_weekends", "leap_day", "leap_day_asked", "leap_years_asked",
           "quarter_asked", "quarter_of", "weekends_asked"]

_LISTED = 10  # weekends said one by one up to this many; past it, the first and the last
_LISTED_YEARS = 30  # leap years said one by one up to this many (2000 to 2100: 25)
_LISTED_DATA = 60  # the Saturdays or leap years in the result's data up to this many (a year's 53 weekends)
_LEAD = r"^\s*(?:(?:and|so|ok|okay)(?:\s*,\s+|\s+))?"
_TAIL = r"\s*[?.!]*\s*$"

# --- weekends ------------------------------------------------------------------------------

# "How many weekends are there in March 2027?" (the 1.5B: 2; there are 4), "How many weekends does 2027 have?",
# "How many full weekends are in July 2027?"
# "How many Sundays are there in 2027?" (the 1.5B: 5; there are 52) and "How many Fridays are left this year?" too:
# a weekday in a year (a month's weekdays are datequestions.py's weekday_asked)
_WEEKENDS = (_LEAD + r"how\s+many\s+(?:(?:full\s+|whole\s+|complete\s+)?weekends|(?P<weekday>"
             + "|".join(WEEKDAY_NAMES) + r")s)\s+")
_WEEKENDS_IN = re.compile(_WEEKENDS + r"(?:(?:are|were)\s+(?:there\s+)?|is\s+there\s+|will\s+there\s+be\s+)?"
                          r"(?:(?:in|during)\s+)?(?P<period>.+?)" + _TAIL, re.IGNORECASE)
_WEEKENDS_HAS = re.compile(_WEEKENDS + r"(?:does|did|will)\s+(?P<period>.+?)\s+(?:have|has|had)" + _TAIL,
                           re.IGNORECASE)
# "How many weekends are left this year?", "How many weekends remain in this month?", "How many weekends do I have
# left in 2026?", "How many weekends until the end of the year?": from today
_WEEKENDS_LEFT = re.compile(_WEEKENDS + r"(?:(?:are|is)\s+)?(?:there\s+)?(?:do\s+(?:i|we)\s+have\s+)?"
                            r"(?:(?P<end>(?:left\s+)?(?:until|till|before)\s+(?:the\s+)?end\s+of\s+)|"
                            r"(?:left|remaining|remain)\s+(?:(?:in|of|for)\s+)?)(?P<period>.+?)" + _TAIL, re.IGNORECASE)


def weekends_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks how many weekends a month or a year has (or
    how many are left of this one: from today), or None: "How many weekends are there in March 2027?" is {"from":
    "2027-03-01", "to": "2027-03-31", "weekends": True}. A month without its year stays the model's ("in March":
    which one?), as a month's weekdays do, and so does what is left of a month or year that is not this one. A weekday
    over a year likewise: "How many Sundays are there in 2027?" is {…, "weekday": "sunday"}."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    today = now.date()
    left = _WEEKENDS_LEFT.match(text)
    if left is not None:
        period = _period(left.group("period"), now)
        if period is None or period[1] < today or (not left.group("end") and period[0] > today):
            return None  # ("left in 2027", asked in 2026: all of it, or from today? the model's)
        return _counted(left, period, today)
    for asked in filter(None, (p.match(text) for p in (_WEEKENDS_HAS, _WEEKENDS_IN))):
        period = _period(asked.group("period"), now)
        if period is not None:
            return _counted(asked, period, period[0])
    return None


def _counted(asked: re.Match[str], period: tuple[date, date], start: date) -> dict[str, Any] | None:
    """The calendar's `days` arguments from `start` to the end of `period` for weekends, or for the weekday `asked`
    names where the period is a year (a month's are weekday_asked's)."""
    weekday = asked.group("weekday")
    if weekday is None:
        return {"from": start.isoformat(), "to": period[1].isoformat(), "weekends": True}
    if (period[0].month, period[0].day, period[1].month, period[1].day) != (1, 1, 12, 31):
        return None
    return {"from": start.isoformat(), "to": period[1].isoformat(), "weekday": weekday.lower()}


def _period(words: str, now: datetime) -> tuple[date, date] | None:
    """The first and last day of a month with its year ("March 2027", "this month") or of a year ("2027", "this
    year", "the year"), or None for other words ("a year", "march": which one?)."""
    words = " ".join(words.lower().replace("’", "'").split())
    try:
        month = month_named(words, now.date())
        if month is not None:
            year, number, open_year = month
            return None if open_year else (date(year, number, 1), edge_of(year, number, first=False, weekday=False))
        named = (now.year, False) if re.fullmatch(r"(?:the\s+)?year", words) else year_named(words, now)
        if named is None or named[1]:
            return None
        return date(named[0], 1, 1), date(named[0], 12, 31)
    except ValueError:  # a year 0, or past 9999
        return None


def answer_weekends(start: date, end: date, today: date) -> ToolResult:
    """The weekends from `start` to `end` (both days counted), each counted by its Saturday, and how many of them
    are full ones (Sunday in the range too): asked how many weekends March 2027 has, the 1.5B said 2 (4: 6–7, 13–14,
    20–21 and 27–28 March). A weekend split by the range's end is said to be split, not left to be guessed."""
    first, last = min(start, end), max(start, end)
    ahead = (5 - first.weekday()) % 7
    count = 0 if (last - first).days < ahead else ((last - first).days - ahead) // 7 + 1
    saturdays = [first + timedelta(days=ahead + 7 * k) for k in range(count)]
    split = count > 0 and saturdays[-1] == last  # (its Sunday is the day after the range)
    full = count - int(split)
    period, within = _range_said(first, last, today)
    plural = "s" * (count != 1)
    if not count:
        text = f"{period} has no weekend (no Saturday)." if within else f"{period}: no weekend (no Saturday)."
    else:
        listed = _weekends_listed(saturdays) if count <= _LISTED else \
            f"the first {_weekend_said(saturdays[0])}, the last {_weekend_said(saturdays[-1])}"
        has = f"{period} has {count} weekend{plural}" if within else f"{period}: {count} weekend{plural}"
        if split:  # ("July 2027 has 5 weekends", or 4? said both, and which is which)
            where = f"in {within}" if within else "in the range"
            sunday = last + timedelta(days=1)
            fulls = "none of them is" if not full else f"{full} of them {'is' if full == 1 else 'are'}"
            text = (f"{has}, counting each by its Saturday: {listed}; {fulls} full (Saturday and Sunday both "
                    f"{where}): the weekend of Saturday {last.day} "
                    f"{last.strftime('%B')} ends on Sunday {sunday.day} {sunday.strftime('%B %Y')}.")
        else:
            text = f"{has} (Saturday and Sunday): {listed}."
    if first.weekday() == 6 and first > date.min:  # (its Saturday is before the range: counted with the month before)
        saturday = first - timedelta(days=1)
        which = f"Today, Sunday {first.day} {first.strftime('%B')}," if first == today else \
            f"Sunday {first.day} {first.strftime('%B')}"
        text += f" {which} ends the weekend of Saturday {saturday.day} {saturday.strftime('%B')}, not counted here."
    return ToolResult(text, {"from": start.isoformat(), "to": end.isoformat(), "weekends": count,
                             "full_weekends": full,
                             **({"saturdays": [s.isoformat() for s in saturdays]} if count <= _LISTED_DATA else {})})


def _range_said(first: date, last: date, today: date) -> tuple[str, str]:
    """A range of days in words, and the month or year it is whole (for "both in March 2027"), or "" for another
    range: ("March 2027", "March 2027"), ("From today, Sunday 6 December 2026, to …", "")."""
    if first.day == 1 and last == edge_of(first.year, first.month, first=False, weekday=False):
        return (first.strftime("%B %Y"),) * 2
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return (str(first.year),) * 2
    begin = f"today, {long_date(first)}," if first == today else long_date(first)
    return f"From {begin} to {long_date(last)}, counting both days", ""


def _weekend_said(saturday: date) -> str:
    """A weekend by its two days: "6–7 March 2027", "31 July–1 August 2027", "31 December 2022–1 January 2023"."""
    return _weekends_listed([saturday])


def _weekends_listed(saturdays: list[date]) -> str:
    """Weekends in words, each month and year said once at the end of its run: "6–7, 13–14, 20–21 and 27–28 March
    2027", "24–25 July and 31 July–1 August 2027", "26–27 December 2026 and 2–3 January 2027"; a weekend split by
    a month's end names both months."""
    said = []
    for k, saturday in enumerate(saturdays):
        sunday = saturday + timedelta(days=1)
        if sunday.month == saturday.month:
            item = f"{saturday.day}–{sunday.day}"
        else:  # (split by a month's end: both months said, and the year where it changes too)
            year = f" {saturday.year}" if sunday.year != saturday.year else ""
            item = f"{saturday.day} {saturday.strftime('%B')}{year}–{sunday.day}"
        after = saturdays[k + 1] if k + 1 < len(saturdays) else None
        whole_next = after is not None and (after + timedelta(days=1)).month == after.month
        if sunday.month != saturday.month or after is None or not whole_next or \
                (after.year, after.month) != (sunday.year, sunday.month):
            item += f" {sunday.strftime('%B')}"
        if after is None or after.year != sunday.year:
            item += f" {sunday.year}"
        said.append(item)
    return and_joined(said)


# --- leap years ------------------------------------------------------------------------------

# Whether both end years count: "inclusive" (both), "exclusive" (neither); neither said, both count.
_ENDS = (r"(?:\s*[,;(]?\s*(?P<ends>(?:both\s+)?inclusive(?:ly)?|(?:both\s+)?exclusive(?:ly)?|both\s+"
         r"(?:years\s+|ends\s+)?(?:included|counted|inclusive)|(?:including|counting)\s+both(?:\s+(?:years|ends))?|"
         r"(?:excluding|not\s+(?:including|counting))\s+(?:both|either|the\s+ends)(?:\s+(?:years|ends|one))?)\s*\)?)?")
_RANGE = (r"(?:between|from)\s+(?:the\s+years?\s+)?(?P<first>\d{4})\s+(?:and|to|until|till|through|thru|-|–)\s+"
          r"(?P<last>\d{4})")
_LEAP = r"leap[\s-]?years"
_LEAP_RANGE = [
    # "How many leap years are there between 2000 and 2100 inclusive?" (the 1.5B: 34; there are 25)
    re.compile(_LEAD + r"how\s+many\s+" + _LEAP + r"\s+(?:(?:are|were|will)\s+(?:there\s+)?(?:be\s+)?)?"
               r"(?:(?:in|during)\s+)?(?:the\s+(?:period|years?)\s+)?" + _RANGE + _ENDS + _TAIL, re.IGNORECASE),
    # "List the leap years from 2020 to 2040.", "What are the leap years between 1990 and 2030?", "Which leap years
    # are there from 2020 to 2040?"
    re.compile(_LEAD + r"(?:(?:please\s+)?(?:list|name|give\s+me|show\s+me|tell\s+me)\s+(?:all\s+)?(?:of\s+)?"
               r"(?:the\s+)?" + _LEAP + r"|(?:what|which)\s+(?:(?:are|were)\s+(?:all\s+)?the\s+)?" + _LEAP +
               r"(?:\s+(?:are|were)\s+there)?)\s+" + _RANGE + _ENDS + _TAIL, re.IGNORECASE),
    # "Which years between 2020 and 2040 are leap years?"
    re.compile(_LEAD + r"(?:what|which)\s+years\s+" + _RANGE + _ENDS + r"\s+(?:are|were|will\s+be)\s+" + _LEAP +
               _TAIL, re.IGNORECASE),
]


def leap_years_asked(text: str, now: datetime) -> dict[str, Any] | None:
    """The calendar's `days` arguments for a message that plainly asks how many leap years, or which, lie between
    two years, or None: "How many leap years are there between 2000 and 2100 inclusive?" is {"from": "2000", "to":
    "2100", "leap_years": True, "inclusive": True} (the 1.5B: 34; 25). Both years count unless the message says
    "exclusive" (or "not counting either"): "between" leaves it open, and a year at an end is commonly meant."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    asked = next(filter(None, (p.match(text) for p in _LEAP_RANGE)), None)
    if asked is None:
        return None
    first, last = int(asked.group("first")), int(asked.group("last"))
    if not (1 <= first <= 9999 and 1 <= last <= 9999):
        return None
    ends = (asked.group("ends") or "").lower()
    inclusive = not ("exclusive" in ends or ends.startswith(("excluding", "not")))
    return {"from": str(min(first, last)), "to": str(max(first, last)), "leap_years": True, "inclusive": inclusive}


def answer_leap_years(first: int, last: int, inclusive: bool = True) -> ToolResult:
    """The leap years from one year to another (both counted unless not `inclusive`), and which: asked how many
    leap years lie from 2000 to 2100, the 1.5B said 34 (25: 2000 is one, being divisible by 400; 2100 is not)."""
    for year in (first, last):
        if not 1 <= year <= 9999:
            raise ToolError(f"calendar days: the year {year} is outside 1 to 9999, the years a calendar holds")
    low, high = min(first, last), max(first, last)
    counted = range(low, high + 1) if inclusive else range(low + 1, high)
    years = [year for year in counted if isleap(year)]
    count = len(years)
    if low == high:
        ends = f"the one year {low}" if inclusive else "no year between them"
    else:
        ends = f"counting both {low} and {high}" if inclusive else f"not counting {low} or {high}"
    listed = and_joined([str(year) for year in years]) if count <= _LISTED_YEARS else \
        f"the first {years[0]}, the last {years[-1]}"
    text = f"From {low} to {high}, {ends}: " + (f"{count:,} leap year{'s' * (count != 1)}: {listed}." if count else
                                                "no leap year.")
    centuries = [year for year in counted if year % 100 == 0]
    skipped, kept = [y for y in centuries if not isleap(y)], [y for y in centuries if isleap(y)]
    if skipped:  # the rule the 1.5B missed, said where it bites
        are_not = "is not a leap year" if len(skipped) == 1 else "are not leap years"
        none = f"{and_joined([str(y) for y in skipped])} {are_not}" if len(skipped) <= 4 else \
            f"{len(skipped)} century years, such as {skipped[0]}, are not leap years"
        also = f" ({and_joined([str(y) for y in kept])} {'is' if len(kept) == 1 else 'are'})" if 0 < len(kept) <= 4 \
            else ""
        text += f" {none}: a year divisible by 100 is a leap year only when it is divisible by 400{also}."
    return ToolResult(text, {"from_year": low, "to_year": high, "inclusive": inclusive, "leap_years": count,
                             **({"years": years} if count <= _LISTED_DATA else {})})


# --- quarters --------------------------------------------------------------------------------

_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_NTH_SAID = ("first", "second", "third", "fourth")
_A_YEAR = r"\d{4}|(?:this|next|last|current|coming|previous)\s+year"
# A quarter by its number: "q2 2027", "q2 of 2027", "2027-q2", "the second quarter of 2027", "q2" (this year's).
_QUARTER = re.compile(r"(?:(?:the\s+)?(?:q(?P<q>[1-4])|(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th)\s+"
                      r"(?:calendar\s+)?quarter)(?:\s*,?\s*(?:of\s+|in\s+)?(?:the\s+year\s+)?(?P<year>" + _A_YEAR +
                      r"))?|(?P<year_first>\d{4})\s*[-/ ]\s*q(?P<q_after>[1-4]))")
# A quarter from this one: "this quarter", "the next quarter", "last quarter", "the quarter".
_QUARTER_NEAR = re.compile(r"(?:the\s+)?(?:(?P<which>this|current|present|next|coming|last|previous)\s+)?"
                           r"(?:calendar\s+)?quarter")
# The quarter of a day: "the quarter of 14 august 2027", "quarter of today".
_QUARTER_OF = re.compile(r"(?:the\s+)?(?:calendar\s+)?quarter\s+(?:of|for)\s+(?P<day>.+)")
# A quarter's days, asked: "the days of q1 2027" (its answer then leads with them).
_DAYS_OF = re.compile(r"(?:the\s+)?days\s+(?:of|in)\s+(?P<quarter>.+)")


def quarter_of(day: date) -> int:
    """The calendar quarter a day is in, 1 to 4: January to March is Q1."""
    return (day.month - 1) // 3 + 1


def _quarter_named(words: str, now: datetime) -> tuple[int, int, date | None, bool] | None:
    """The year and quarter words name, the day they asked the quarter of (or None), and whether a quarter by its
    number left out its year ("q2": this year's); None for any other words. ToolError for a day that is none."""
    words = " ".join(str(words).lower().replace("’", "'").split())
    today = now.date()
    named = _QUARTER.fullmatch(words)
    if named is not None:
        if named.group("year_first"):
            return int(named.group("year_first")), int(named.group("q_after")), None, False
        number = int(named.group("q")) if named.group("q") else _NTH[named.group("nth")]
        year_words = named.group("year")
        if year_words is None:
            return today.year, number, None, True
        year = year_named(year_words, now)
        return (year[0], number, None, False) if year is not None else None
    near = _QUARTER_NEAR.fullmatch(words)
    if near is not None:
        quarters = today.year * 4 + quarter_of(today) - 1 + SHIFT.get(near.group("which") or "this", 0)
        return quarters // 4, quarters % 4 + 1, None, False
    of = _QUARTER_OF.fullmatch(words)
    if of is not None:
        day = parse_day(HOLIDAYS.get(of.group("day"), of.group("day")), now)
        return day.year, quarter_of(day), day, False
    return None


def answer_quarter(words: str, now: datetime) -> ToolResult | None:
    """The calendar's `date` answer for a quarter ("Q2 2027", "next quarter": its first and last day) or the
    quarter of a day ("the quarter of 14 August 2027": Q3, July to September); None for other words, which name a
    day or a year; "the days of Q1 2027" says how many days it has first. A quarter here is a calendar quarter: a
    company's fiscal year may start in another month."""
    words = " ".join(str(words).lower().split())
    days_of = _DAYS_OF.fullmatch(words)  # "the days of q1 2027": how many, said first (the 1.5B: 30; 90)
    named = _quarter_named(days_of.group("quarter") if days_of is not None else words, now)
    if named is None or (days_of is not None and named[2] is not None):
        return None
    year, number, day, _ = named
    if not 1 <= year <= 9999:
        raise ToolError(f"calendar date: the year {year} is outside 1 to 9999, the years a calendar holds")
    today = now.date()
    start = date(year, 3 * number - 2, 1)
    end = edge_of(year, 3 * number, first=False, weekday=False)
    months = and_joined([date(year, month, 1).strftime("%B") for month in range(3 * number - 2, 3 * number + 1)])
    days = (end - start).days + 1
    data: dict[str, Any] = {"quarter": number, "year": year, "start": start.isoformat(), "end": end.isoformat(),
                            "days_in_quarter": days}
    said = f"Q{number} {year}, the {_NTH_SAID[number - 1]} quarter of {year}"
    if day is not None:  # the quarter first: asked it, the answer is that
        who = f"Today, {long_date(day)}," if day == today else f"{day.day} {day.strftime('%B')} {day.year}"
        return ToolResult(f"{who} {'was' if day < today else 'is'} in {said} ({months}: {start.day} "
                          f"{start.strftime('%B')} to {end.day} {end.strftime('%B %Y')}).",
                          {"date": day.isoformat(), **data})
    if days_of is not None:  # each month's days, so that the sum shows (a leap February's 29 too)
        lengths = " + ".join(str(monthrange(year, month)[1]) for month in range(3 * number - 2, 3 * number + 1))
        return ToolResult(f"{said}, {'had' if end < today else 'has'} {days} days, from {long_date(start)} to "
                          f"{long_date(end)} ({months}: {lengths}).", data)
    runs = "ran" if end < today else "runs"
    text = f"{said}, {runs} from {long_date(start)} to {long_date(end)}: {days} days ({months})."
    if start > today:
        text += f" It starts {from_today((start - today).days)}."
    elif end >= today:
        text += f" It is the current quarter, and ends {from_today((end - today).days)}."
    return ToolResult(text, data)


_ASK = r"^\s*(?:(?:and|so|ok|okay|hey|hi)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+tell\s+me\s+)?"
# "Which quarter of the year is 14 August 2027 in?", "What quarter does Christmas fall in?", "In which quarter is 1
# May 2027?", "What quarter is it?", "Which quarter are we in?"
_DAYS_QUARTER = re.compile(
    _ASK + r"(?:in\s+)?(?:what|which)\s+(?:calendar\s+)?quarter(?:\s+of\s+the\s+year)?\s+(?P<verb>is|was|will|does|"
    r"did|are)\s+(?P<day>.+?)(?:\s+(?:be\s+)?(?:in|fall\s+(?:in|into|on)|fall|land\s+in|be))?" + _TAIL,
    re.IGNORECASE)
# "What's the current quarter?", "What is this quarter?"
_CURRENT_QUARTER = re.compile(_ASK + r"(?:what|which)(?:'s|’s|\s+is)\s+(?:the\s+)?(?:current|present|this)\s+"
                              r"(?:calendar\s+)?quarter(?:\s+of\s+the\s+year)?" + _TAIL, re.IGNORECASE)
# "When does Q2 2027 start and end?", "When does the next quarter begin?", "When is Q3 2027?", "What are the dates of
# the second quarter of 2027?"
_QUARTER_SPAN = [
    re.compile(_ASK + r"when\s+(?:does|did|will)\s+(?P<quarter>.+?)\s+(?:start|begin|end|finish)(?:\s+and\s+"
               r"(?:start|begin|end|finish))?" + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"when\s+(?:is|was)\s+(?P<quarter>.+?)" + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"what\s+(?:are|were)\s+the\s+(?:dates|start\s+and\s+end\s+dates|first\s+and\s+last\s+days)\s+"
               r"of\s+(?P<quarter>.+?)" + _TAIL, re.IGNORECASE),
]
# "How many days are in Q1 2027?" (the 1.5B: 30; 90), "How many days are there in the third quarter of 2027?", "How
# many days does Q3 2027 have?" ("… left in this quarter" is no quarter's days: the model's)
_QUARTER_DAYS = [
    re.compile(_ASK + r"how\s+many\s+days\s+(?:(?:are|were)\s+(?:there\s+)?|is\s+there\s+|will\s+there\s+be\s+)?"
               r"(?:in|during)\s+(?P<quarter>.+?)" + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"how\s+many\s+days\s+(?:does|did|will)\s+(?P<quarter>.+?)\s+(?:have|has|had)" + _TAIL,
               re.IGNORECASE),
]
_NOW_WORDS = {"it", "it now", "it today", "it currently", "we", "we now", "we currently", "today", "now", "this"}


def quarter_asked(text: str, now: datetime) -> str | None:
    """The calendar's `date` words for a message that plainly asks which quarter a day is in, or when a quarter
    starts and ends, or None: "Which quarter of the year is 14 August 2027 in?" is "the quarter of 14 august 2027",
    "What quarter is it?" "the quarter of today", "When does Q2 2027 start and end?" "q2 2027", "How many days are in
    Q1 2027?" "the days of q1 2027". A quarter without its year ("When does Q2 start?", asked in December: this
    year's or next?) stays the model's, and so does anything that names no day ("Which quarter is the museum in?")."""
    if len(text) > 120 or "\n" in text.strip():
        return None
    if _CURRENT_QUARTER.match(text):
        return "the quarter of today"
    asked = _DAYS_QUARTER.match(text)
    try:
        if asked is not None:
            words = " ".join(asked.group("day").lower().replace("’", "'").split())
            if words in _NOW_WORDS:
                return "the quarter of today"
            if asked.group("verb").lower() == "are":  # ("which quarter are the holidays in?")
                return None
            day = parse_day(HOLIDAYS.get(words, words), now)
            if asked.group("verb").lower() in ("was", "did") and (back := last_one(day, now.date(), words)) != day:
                return f"the quarter of {back.isoformat()}"  # ("was 3 march": the last)
            return f"the quarter of {words}"
        spans = ((span, "") for span in filter(None, (p.match(text) for p in _QUARTER_SPAN)))
        counts = ((count, "the days of ") for count in filter(None, (p.match(text) for p in _QUARTER_DAYS)))
        for span, lead in (*counts, *spans):
            words = " ".join(span.group("quarter").lower().replace("’", "'").split())
            named = _quarter_named(words, now)
            if named is not None and named[2] is None and not named[3] and 1 <= named[0] <= 9999:
                return lead + words
    except (ToolError, ValueError, OverflowError):  # no day, or 29 February a year back
        return None
    return None


# --- leap days -------------------------------------------------------------------------------

_LEAP_DAY = r"(?:leap\s+day|29(?:th)?\s+(?:of\s+)?feb(?:ruary)?\.?|feb(?:ruary)?\.?\s+29(?:th)?)"
# The next or last leap day: "the next leap day", "the last 29th of february", "the coming feb 29".
_LEAP_DAY_NAMED = re.compile(r"(?:the\s+)?(?P<which>next|coming|upcoming|last|previous|most\s+recent)\s+" + _LEAP_DAY)
_A_LEAP_DAY = r"(?P<day>(?:the\s+)?(?:next|coming|upcoming|last|previous|most\s+recent)\s+" + _LEAP_DAY + r")"
# "When is the next leap day?" (29 February 2028, asked on 6 December 2026), "When was the last leap day?", "When's
# the next February 29th?", "What's the date of the next leap day?", "What day of the week is the next leap day?"
_LEAP_DAY_ASKED = [
    re.compile(_ASK + r"when(?:'s|’s|\s+is|\s+was|\s+will)\s+" + _A_LEAP_DAY + r"(?:\s+be)?" + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"(?:what|which)(?:'s|’s|\s+is|\s+was|\s+will\s+be)\s+(?:the\s+(?:date|day)\s+of\s+)?" +
               _A_LEAP_DAY + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"(?:what|which)\s+(?:date|day(?:\s+of\s+the\s+week)?|weekday)\s+(?:is|was|will)\s+" +
               _A_LEAP_DAY + r"(?:\s+(?:be|fall\s+on|be\s+on))?" + _TAIL, re.IGNORECASE),
    re.compile(_ASK + r"(?:what|which)\s+(?:date|day(?:\s+of\s+the\s+week)?|weekday)\s+(?:does|did|will)\s+" +
               _A_LEAP_DAY + r"\s+(?:fall|land)(?:\s+on)?" + _TAIL, re.IGNORECASE),
]


def leap_day_asked(text: str, now: datetime) -> str | None:
    """The calendar's `date` words for a message that plainly asks when the next or the last leap day is (29
    February), or None: "When is the next leap day?" is "the next leap day" (`leap_day` reads it: 29 February 2028,
    asked in December 2026). The next leap year is the year's answer (yearquestions.py), and "What is a leap day?"
    or "When is the next leap day party?" stay the model's."""
    if len(text) > 120 or "\n" in text.strip():
        return None
    asked = next(filter(None, (p.match(text) for p in _LEAP_DAY_ASKED)), None)
    if asked is None:
        return None
    which = _LEAP_DAY_NAMED.fullmatch(" ".join(asked.group("day").lower().split()))
    return None if which is None else f"the {'last' if _back(which.group('which')) else 'next'} leap day"


def leap_day(words: str, now: datetime) -> tuple[date, str] | None:
    """The day "the next leap day" or "the last leap day" names (the next 29 February after today, or the last one
    before it), and which it is in words; None for other words. ToolError where the calendar has none (after 29
    February 9996)."""
    which = _LEAP_DAY_NAMED.fullmatch(" ".join(str(words).lower().replace("’", "'").split()))
    if which is None:
        return None
    today, back = now.date(), _back(which.group("which"))
    years = range(today.year, 0, -1) if back else range(today.year, 10000)
    day = next((date(y, 2, 29) for y in years if isleap(y) and (date(y, 2, 29) < today if back else
                                                                 date(y, 2, 29) > today)), None)
    if day is None:
        raise ToolError(f"calendar date: no leap day comes {'before' if back else 'after'} today in the years a "
                        f"calendar holds (1 to 9999)")
    said = f"the {'last' if back else 'next'} leap day"
    if (today.month, today.day) == (2, 29):  # asked on one: the one after (or before) today's
        said += " before today" if back else " after today"
    return day, said


def _back(which: str) -> bool:
    return which in ("last", "previous") or which.startswith("most")
