"""Dates people type: ISO forms and the common English ones ("tomorrow 3pm", "next friday").

Everything is read against an injected `now`, never the system clock, so the same text
always means the same moment in tests. Naive results take `now`'s timezone.

Rules worth knowing:
    - a bare weekday ("friday", "on friday") is the soonest one on or after today;
      "next friday" is the soonest one after today, "last friday" the latest before it;
    - a month-name date without a year ("23 Nov") is the soonest one on or after today;
    - a day without a time is its midnight; a time without a day is today;
    - "90 days from today", "6 weeks ago", "2 weeks after christmas", "in 3 months": a count of days, weeks,
      months or years from today or a day; a month on from 31 January is 28 or 29 February (the month's last day);
    - a year ("2100", "the year 1900", "next year") is no day: `year_named` (monthdays.py) reads it, for the
      calendar's answer about the year (is it a leap year, how many days it has).
    - "last day of february 2028", "the first day of next month", "last weekday of march 2027": a month's first or
      last day (or weekday, Monday to Friday); a month without a year ("last day of april") is the soonest such day
      on or after today, as a date without a year is;
    - "the third thursday of november 2027", "the last friday of january", "the second-to-last friday of next
      month": a month's Nth weekday, read as a month's first or last day is; a month without it ("the fifth monday
      of february 2027") is a ToolError that says so;
    - "2 weeks and 3 days after 20 december 2026", "3 months and 2 weeks from 15 january 2027", "in a week and a
      day": a count of two or more units (days, weeks, months, years), the months and years moved first.

The days named by their place in a month or a year are read by monthdays.py, which `parse_day` hands them to, and
the day arithmetic the calendar and holidays tools share (working days, a day in words) is daymath.py's. Recognising a
question about dates in a message ("How many days until Christmas?") is datequestions.py's, on top of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil import parser as _dateutil
from dateutil.relativedelta import relativedelta

from llorch.errors import ToolError
from llorch.tools.daymath import WEEKDAYS, add_workdays
from llorch.tools.monthdays import (EDGE, FILLER, NTH, WEEKDAY_DAY, YEAR_DAY, read_month_edge, read_month_nth,
                                    read_weekday_day, read_year_day)

__all__ = ["COUNT", "HOLIDAYS", "Moment", "parse_day", "parse_moment", "parse_when", "workday_offset"]

_UNITS: dict[str, str] = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "mo": "months", "mos": "months",
    "year": "years", "years": "years", "yr": "years", "yrs": "years", "y": "years",
}  # fmt: skip
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3}  # fmt: skip
_COUNT_WORDS = r"\d{1,6}|a\s+couple\s+of|a\s+few|" + "|".join(sorted((k for k in _COUNTS if " " not in k), key=len,
                                                                      reverse=True))
# A count as people write it before a unit ("90", "two", "a couple of"): its text is group 1.
COUNT = f"({_COUNT_WORDS})"

_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])"
)
_WEEKDAY = re.compile(r"^(?:(next|this|last|coming)\s+)?([a-z]+)$")
_RELATIVE = re.compile(r"^in\s+" + COUNT + r"\s*([a-z]+)$")
_WORKDAY_UNIT = r"(?:business|working|week)\s+days?|weekdays?"  # "10 business days from today"
# "90 days from today", "6 weeks ago", "2 weeks after christmas", "3 days before 1 march", "a year from now"
_OFFSET = re.compile(r"^" + COUNT + r"\s*(" + _WORKDAY_UNIT + r"|[a-z]+)\s+"
                     r"(ago|from\s+now|from\s+today|hence|later|from|after|before)"
                     r"(?:\s+(.+))?$")
# "2 weeks and 3 days after 20 december 2026", "3 months, 2 weeks from 15 january 2027", "in a week and a day": two or
# more counts of days, weeks, months or years (told 20 December, the 1.5B counted 2 weeks and 3 days from today)
_PART = re.compile(COUNT + r"\s*([a-z]+)")
_AND = r"\s*(?:,?\s+and|,)\s+"  # (", and" first: a split on "," would leave "and 3 days")
_PARTS = rf"(?:{_COUNT_WORDS})\s*[a-z]+(?:{_AND}(?:{_COUNT_WORDS})\s*[a-z]+)+"
_COMPOUND = re.compile(r"^(?P<parts>" + _PARTS + r")\s+(?P<way>ago|from\s+now|from\s+today|hence|later|from|after|"
                       r"before)(?:\s+(?P<base>.+))?$")
_COMPOUND_IN = re.compile(r"^in\s+(?P<parts>" + _PARTS + r")$")
_TIME_12H = re.compile(r"(?<![\d:])(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?![a-z])")
_TIME_24H = re.compile(r"(?<![\d:\-])(\d{1,2}):(\d{2})(?![\d:])")
_TIME_WORD = re.compile(r"\b(noon|midday|midnight)\b")

_HINT = "use e.g. 2026-11-23 14:00, tomorrow 3pm or next monday"


@dataclass(frozen=True)
class Moment:
    """A parsed moment and which parts the text named (a day, a time of day)."""

    when: datetime
    has_date: bool
    has_time: bool


def parse_when(text: str, now: datetime) -> datetime:
    """The moment `text` names, read against `now`; naive results get `now`'s tzinfo.

    Raises ToolError when the text is not a date this module understands.
    """
    return parse_moment(text, now).when


def parse_day(text: str, now: datetime) -> date:
    """The calendar day `text` names ("today", "next monday", "2026-11-23", "23 Nov")."""
    return parse_moment(text, now).when.date()


def parse_moment(text: str, now: datetime) -> Moment:
    """Like `parse_when`, and also say whether the text named a day and a time of day."""
    raw = " ".join(str(text).split())
    if not raw:
        raise ToolError(f"an empty date is not a date llorch understands; {_HINT}")
    iso = _iso(raw, now)
    if iso is not None:
        return iso
    try:
        moment = _natural(raw.lower(), now)
    except (ValueError, OverflowError):  # 13pm, 25:00, "in 99999999 days"
        moment = None
    if moment is None:
        raise ToolError(f"{raw!r} is not a date llorch understands; {_HINT}")
    return moment


def _iso(raw: str, now: datetime) -> Moment | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", raw):
        return None
    if len(raw) == 10:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ToolError(f"{raw!r} is not a date llorch understands; {_HINT}") from None
        return Moment(datetime.combine(day, time(0), tzinfo=now.tzinfo), True, False)
    try:
        parsed = datetime.fromisoformat(raw.replace("z", "Z"))
    except ValueError:
        return None  # "2026-11-23 3pm" and friends: the natural reader handles them
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=now.tzinfo)
    return Moment(parsed, True, True)


def _natural(text: str, now: datetime) -> Moment | None:
    text, clock = _take_time(text)
    text = " ".join(FILLER.sub(" ", text).split())

    relative = _RELATIVE.match(text)
    if relative:
        count = _count(relative.group(1))
        unit = _UNITS.get(relative.group(2))
        if unit is None:
            return None
        if unit in ("minutes", "hours"):
            if clock is not None:
                return None  # "in 2 hours at 3pm" names two different times
            return Moment(_add_elapsed(now, timedelta(**{unit: count})), True, True)
        shifted = now + relativedelta(**{unit: count})  # same wall-clock time, N days (or months) on
        if clock is None:
            return Moment(shifted, True, True)
        return Moment(_at(shifted.date(), clock, now), True, True)

    day = _day(text, now)
    if day is None:
        return None
    if clock is None:
        if not text:
            return None
        return Moment(_at(day, time(0), now), True, False)
    return Moment(_at(day, clock, now), bool(text), True)


def _take_time(text: str) -> tuple[str, time | None]:
    """Remove one time of day from `text`; return the rest and the time (None if none)."""
    for pattern in (_TIME_WORD, _TIME_12H, _TIME_24H):
        match = pattern.search(text)
        if match is None:
            continue
        rest = (text[: match.start()] + " " + text[match.end() :]).strip()
        if pattern is _TIME_WORD:
            return rest, time(0) if match.group(1) == "midnight" else time(12)
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if pattern is _TIME_12H:
            if not 1 <= hour <= 12:
                raise ValueError(match.group(0))
            hour = hour % 12 + (12 if match.group(3) == "p" else 0)
        if hour > 23 or minute > 59:
            raise ValueError(match.group(0))
        return rest, time(hour, minute)
    return text, None


def _count(words: str) -> int:
    return _COUNTS.get(" ".join(words.split()), 0) or int(words)


def _moved(offset: re.Match[str], now: datetime) -> tuple[date, int] | None:
    """The day an offset counts from and its count, negative backwards ("3 days before 1 march": 1 March, -3)."""
    way, start = offset.group(3), _counted_from(offset.group(3), offset.group(4), now)
    count = _count(offset.group(1))
    return (start, -count if way in ("ago", "before") else count) if start is not None else None


def _counted_from(way: str, base: str | None, now: datetime) -> date | None:
    """The day an offset counts from: today for "ago", "from now", "later"; the day named after "after", "before" or
    "from"; None where the words and the day disagree ("3 days ago yesterday")."""
    if way in ("ago", "hence", "later") or way.startswith("from "):
        return None if base else now.date()
    return _day(base, now) if base else None


def _compound(parts: str, way: str, base: str | None, now: datetime) -> date | None:
    """The day "2 weeks and 3 days after 20 december 2026" names (the 1.5B counted them from today): each unit once,
    days to years; the months and years moved first, as relativedelta does ("1 month and 1 day after 31 january
    2027": 28 February, then 1 March)."""
    moved: dict[str, int] = {}
    for part in re.split(_AND, parts):
        found = _PART.fullmatch(part)
        unit = _UNITS.get(found.group(2)) if found is not None else None
        if found is None or unit not in ("days", "weeks", "months", "years") or unit in moved:
            return None  # "2 weeks and 3 hours" (no day), "2 days and 3 days"
        moved[unit] = _count(found.group(1))
    start = _counted_from(way, base, now)
    if start is None:
        return None
    sign = -1 if way in ("ago", "before") else 1
    return start + relativedelta(**{unit: sign * count for unit, count in moved.items()})


def workday_offset(text: str, now: datetime) -> tuple[date, int] | None:
    """The day and the count of working days a text moves it by ("10 business days from today": today, 10; "5
    working days before 1 march": 1 March, -5), or None for any other text."""
    offset = _OFFSET.match(" ".join(text.lower().replace("’", "'").split()))
    if offset is None or re.fullmatch(_WORKDAY_UNIT, offset.group(2)) is None:
        return None
    return _moved(offset, now)


def _day(text: str, now: datetime) -> date | None:
    today = now.date()
    text = text.replace("’", "'")
    compound = _COMPOUND.match(text) or _COMPOUND_IN.match(text)
    if compound:  # "2 weeks and 3 days after 20 december 2026", "in a week and a day"
        groups = compound.groupdict()
        return _compound(groups["parts"], groups.get("way") or "from now", groups.get("base"), now)
    offset = _OFFSET.match(text)
    if offset:  # "90 days from today", "6 weeks ago", "2 weeks after christmas"
        unit = _UNITS.get(offset.group(2))
        workdays = re.fullmatch(_WORKDAY_UNIT, offset.group(2)) is not None
        if unit not in ("days", "weeks", "months", "years") and not workdays:
            return None
        moved = _moved(offset, now)
        if moved is None:
            return None
        start, count = moved
        if workdays or unit is None:  # "10 business days from today": Monday to Friday (the 1.5B: 4 days on)
            return add_workdays(start, count)
        return start + relativedelta(**{unit: count})
    if EDGE.fullmatch(text):  # "last day of february 2028" (the 1.5B: "March 31st"), "first day of next month"
        return read_month_edge(text, today)
    if NTH.fullmatch(text):  # "third thursday of november 2027" (the 1.5B: "December 14, 2027"; it is the 18th)
        return read_month_nth(text, today)
    if YEAR_DAY.fullmatch(text):  # "100th day of 2027" (the 1.5B: 31 December 2027; it is 10 April)
        return read_year_day(text, today)[0]
    if WEEKDAY_DAY.fullmatch(text):  # "next friday 13th"
        return read_weekday_day(text, today)
    holiday = re.fullmatch(r"(.+?)(?:\s+(?:in\s+|of\s+)?(\d{4}))?", text)
    if holiday and holiday.group(1) in _EASTER:  # "easter", "good friday 2027": the next one, or that year's
        return _easter(_EASTER[holiday.group(1)], int(holiday.group(2)) if holiday.group(2) else None, today)
    if holiday and holiday.group(1) in HOLIDAYS:  # "christmas", "christmas 2027"
        text = " ".join(filter(None, (HOLIDAYS[holiday.group(1)], holiday.group(2))))
    if text in ("", "today"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "day after tomorrow":
        return today + timedelta(days=2)
    weekday = _WEEKDAY.match(text)
    if weekday and weekday.group(2) in WEEKDAYS:
        target = WEEKDAYS[weekday.group(2)]
        ahead = (target - today.weekday()) % 7
        if weekday.group(1) == "last":
            return today - timedelta(days=(today.weekday() - target) % 7 or 7)
        if weekday.group(1) in ("next", "coming") and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    if _MONTH.search(text):
        return _month_date(text, today)
    return None


def _month_date(text: str, today: date) -> date | None:
    """Dates like "23 nov", "nov 23 2026", "november 23rd"; a missing year rolls forward."""
    # Two different defaults show which fields the text left out.
    first_default = datetime(today.year, 1, 1)
    second_default = datetime(today.year + 1, 1, 2)
    try:
        first = _dateutil.parse(text, default=first_default)
        second = _dateutil.parse(text, default=second_default)
    except (ValueError, OverflowError):
        return None
    if first.day != second.day:
        return None  # a month with no day: too vague to schedule
    result = first.date()
    early = re.search(r"(?<!\d)00\d\d(?!\d)", text)  # ("1 January 0001": dateutil reads a year under 100 as 20xx)
    if early is not None and first.year == second.year:
        try:
            result = result.replace(year=int(early.group()))
        except ValueError:  # (29 February 0002, year 0000: no such day)
            return None
    if first.year != second.year and result < today:
        try:
            result = result.replace(year=today.year + 1)
        except ValueError:  # 29 Feb with no year: say which year
            return None
    return result


def _at(day: date, clock: time, now: datetime) -> datetime:
    return datetime.combine(day, clock, tzinfo=now.tzinfo)


def _add_elapsed(now: datetime, delta: timedelta) -> datetime:
    """`now + delta` in elapsed time, so "in 2 hours" is right across a DST change."""
    if now.tzinfo is None:
        return now + delta
    return (now.astimezone(timezone.utc) + delta).astimezone(now.tzinfo)


# Easter (Western, as dateutil computes it) and the days set by it: days from Easter Sunday.
_EASTER = {"easter": 0, "easter sunday": 0, "easter day": 0, "easter monday": 1, "good friday": -2,
           "ascension day": 39, "pentecost": 49, "whit sunday": 49, "ash wednesday": -46}


def _easter(days_from: int, year: int | None, today: date) -> date:
    from dateutil.easter import easter

    if year is not None:
        return easter(year) + timedelta(days=days_from)
    day = easter(today.year) + timedelta(days=days_from)
    return day if day >= today else easter(today.year + 1) + timedelta(days=days_from)


# Days every calendar names, as the dates this module reads ("christmas" is no date to dateutil).
HOLIDAYS = {
    "christmas eve": "24 dec", "christmas day": "25 dec", "christmas": "25 dec", "xmas": "25 dec",
    "new year's eve": "31 dec", "new years eve": "31 dec", "new year's day": "1 jan", "new years day": "1 jan",
    "new year": "1 jan", "new year's": "1 jan", "new years": "1 jan", "halloween": "31 oct",
    "valentine's day": "14 feb", "valentines day": "14 feb", "valentine's": "14 feb",
}  # fmt: skip
