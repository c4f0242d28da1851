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
    - a year ("2100", "the year 1900", "next year") is no day: `year_named` reads it, for the calendar's answer
      about the year (is it a leap year, how many days it has).
    - "last day of february 2028", "the first day of next month", "last weekday of march 2027": a month's first or
      last day (or weekday, Monday to Friday); a month without a year ("last day of april") is the soonest such day
      on or after today, as a date without a year is;
    - "the third thursday of november 2027", "the last friday of january", "the second-to-last friday of next
      month": a month's Nth weekday, read as a month's first or last day is; a month without it ("the fifth monday
      of february 2027") is a ToolError that says so;
    - "2 weeks and 3 days after 20 december 2026", "3 months and 2 weeks from 15 january 2027", "in a week and a
      day": a count of two or more units (days, weeks, months, years), the months and years moved first.

Also the day arithmetic the calendar and holidays tools share (working days, a day in words). Recognising a
question about dates in a message ("How many days until Christmas?") is datequestions.py's, on top of this.
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil import parser as _dateutil
from dateutil.relativedelta import relativedelta

from llorch.errors import ToolError
from llorch.tools.asking import and_joined

__all__ = ["COUNT", "EDGE", "HOLIDAYS", "MONTH_NUMBERS", "NTH", "SHIFT", "WEEKDAYS", "WEEKDAY_DAY", "WEEKDAY_NAMES",
           "YEAR_DAY", "Moment", "NoSuchDay", "add_workdays", "days_listed", "edge_of", "from_today", "long_date",
           "month_edge", "month_named", "month_weekday", "numbered_weekdays", "ordinal", "parse_day", "parse_moment",
           "parse_when", "span_of", "span_said", "weekday_day", "weekday_number", "workday_offset", "workdays_between",
           "year_day", "year_named"]

# A weekday's names and short forms, Monday 0.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY_NAMES = tuple(name for name in WEEKDAYS if name.endswith("day"))  # "monday" … "sunday", Monday 0

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
_FILLER = re.compile(r"\b(at|on|the)\b")

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
    text = " ".join(_FILLER.sub(" ", text).split())

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
        return _month_edge(text, today)
    if NTH.fullmatch(text):  # "third thursday of november 2027" (the 1.5B: "December 14, 2027"; it is the 18th)
        return _month_nth(text, today)
    if YEAR_DAY.fullmatch(text):  # "100th day of 2027" (the 1.5B: 31 December 2027; it is 10 April)
        return _year_day(text, today)[0]
    if WEEKDAY_DAY.fullmatch(text):  # "next friday 13th"
        return _weekday_day(text, today)
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


def long_date(day: date) -> str:
    """A day as people write it in full: "Saturday 5 December 2026" (the system prompt's date, calendar days)."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def from_today(days: int) -> str:
    """How far a day is from today, in words: "today", "tomorrow", "in 90 days", "3 days ago"."""
    return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days) or \
        (f"in {days:,} days" if days > 0 else f"{-days:,} days ago")


def add_workdays(start: date, count: int, off: Callable[[date], bool] | None = None) -> date:
    """`start` moved by `count` weekdays (Monday to Friday), passing over the days `off` says are no working days
    too (a country's public holidays: publicdays.py; none here, as they differ by country)."""
    day, step = start, 1 if count >= 0 else -1
    for _ in range(abs(count)):
        day += timedelta(days=step)
        while day.weekday() >= 5 or (off is not None and off(day)):
            day += timedelta(days=step)
    return day


def workdays_between(start: date, end: date) -> int:
    """The weekdays (Monday to Friday) from `start` to `end`, both counted."""
    if end < start:
        start, end = end, start
    weeks, rest = divmod((end - start).days + 1, 7)
    return weeks * 5 + sum((start.weekday() + k) % 7 < 5 for k in range(rest))


def span_of(start: date, end: date, *, birthday: bool = False) -> tuple[int, int, int]:
    """The whole years, whole months over and days over from `start` to `end` (not before it), as a calendar
    counts them: 15 March 2025 to 1 November 2026 is 1 year, 7 months and 17 days; a month on from 31 January is
    28 February (the month's last day). With `birthday`, a 29 February birthday falls on 1 March in a common year
    (as the law counts it in England and Hong Kong, say; New Zealand's says 28 February): someone born on 29
    February 2000 was 0 years, 11 months and 30 days old on 28 February 2001, and 1 on 1 March."""
    over = relativedelta(end, start)
    if birthday and (start.month, start.day) == (2, 29) and (end.month, end.day) == (2, 28) and not isleap(end.year):
        return over.years - 1, 11, 30  # (from 29 January: relativedelta counts 28 February as the year's end)
    return over.years, over.months, over.days


def span_said(years: int, months: int, days: int) -> str:
    """A span in words, its parts that are not 0: "26 years, 9 months and 6 days", "20 months", "0 days"."""
    parts = [f"{n:,} {unit}{'s' * (n != 1)}" for n, unit in ((years, "year"), (months, "month"), (days, "day")) if n]
    return and_joined(parts) or "0 days"


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


# --- months ------------------------------------------------------------------------------

MONTH_NUMBERS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for name in names}
# A month as people name it: "february 2028", "march, 2027", "the month of may", "this month", "next month".
_MONTH_PHRASE = re.compile(r"(?:the\s+)?(?:(?P<which>this|current|next|coming|last|previous)\s+month|month|"
                           r"(?:month\s+of\s+)?(?P<name>[a-z]+)\.?(?:\s*,?\s*(?:of\s+|in\s+)?(?P<year>\d{4}))?)")
# A month's first or last day, or weekday: "last day of february 2028", "the first business day of next month".
EDGE = re.compile(r"(?:the\s+)?(?P<end>first|last)\s+(?P<kind>day|week\s*day|(?:business|working|work)\s*day)\s+"
                  r"of\s+(?P<month>.+)")
# A month's Nth weekday: "the third thursday of november 2027", "the last friday in january", "the second-to-last
# friday of next month" (the places every month has, but the fifth: a month has four or five of each weekday).
_PLACES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
           "5th": 5, "last": -1, "penultimate": -2, "second to last": -2, "second last": -2, "2nd to last": -2,
           "2nd last": -2}
_PLACE_SAID = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second-to-last"}
NTH = re.compile(r"(?:the\s+)?(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|penultimate|"
                 r"(?:second|2nd)[\s-]+(?:to[\s-]+)?last)\s+(?P<weekday>" + "|".join(WEEKDAY_NAMES) + r")\s+(?:of|in)\s+"
                 r"(?P<month>.+)")
# How far "this", "next", "last" … month (or year) is from the current one.
SHIFT = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1}


class NoSuchDay(ToolError):
    """A day the words name that the calendar has none of ("the fifth monday of february 2027", "the 366th day of
    2027"): the calendar says so, in one line."""


def weekday_number(name: str) -> int | None:
    """The weekday a word names, Monday 0 ("monday", "Mondays", "mon"), or None."""
    word = " ".join(str(name).lower().split())
    return WEEKDAYS.get(word, WEEKDAYS.get(word[:-1]) if word.endswith("s") else None)


def days_listed(days: list[date]) -> str:
    """Days in words, the month said once where they share it: "1, 8, 15, 22 and 29 March 2027"."""
    if not days:
        return ""
    if len({(d.year, d.month) for d in days}) == 1:
        return f"{and_joined([str(d.day) for d in days])} {days[0].strftime('%B')} {days[0].year}"
    return and_joined([f"{d.day} {d.strftime('%B')} {d.year}" for d in days])


def month_weekday(text: str, now: datetime) -> tuple[date, str] | None:
    """A month's Nth weekday a text names, and which it is in words, or None for any other text (or a month without
    it): "3rd thursday of november 2027" is Thursday 18 November 2027, "the third Thursday of November 2027"."""
    words = " ".join(_FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    nth = NTH.fullmatch(words)
    try:
        day = _month_nth(words, now.date()) if nth is not None else None
    except (ValueError, ToolError):
        return None
    if nth is None or day is None:
        return None
    place = _PLACE_SAID[_PLACES[re.sub(r"[\s-]+", " ", nth.group("nth"))]]
    return day, f"the {place} {day.strftime('%A')} of {day.strftime('%B %Y')}"


def month_edge(text: str, now: datetime) -> tuple[date, str] | None:
    """The first or last day (or weekday) of a month a text names, and which it is in words, or None for any
    other text: "last day of february 2028" is Tuesday 29 February 2028, "the last day of February 2028"."""
    words = " ".join(_FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    edge = EDGE.fullmatch(words)
    try:
        day = _month_edge(words, now.date()) if edge is not None else None
    except ValueError:
        return None
    if edge is None or day is None:
        return None
    said = f"the {edge.group('end')} {'day' if edge.group('kind') == 'day' else 'weekday'} of {day.strftime('%B %Y')}"
    return day, said if edge.group("kind") == "day" else f"{said} (Monday to Friday; holidays not left out)"


def month_named(words: str, today: date) -> tuple[int, int, bool] | None:
    """The year and month a phrase names, and whether it left the year out ("april": this year's, which the
    caller may move on); None for any other phrase ("school")."""
    named = _MONTH_PHRASE.fullmatch(" ".join(words.lower().replace("’", "'").split()))
    if named is None:
        return None
    if named.group("name") is None:  # "this month", "next month", "the month"
        months = today.year * 12 + today.month - 1 + SHIFT[named.group("which") or "this"]
        return months // 12, months % 12 + 1, False
    number = MONTH_NUMBERS.get(named.group("name"))
    if number is None:
        return None
    year = named.group("year")
    return (int(year) if year else today.year), number, year is None


# A year on its own: "2100", "the year 1900", "next year", "February 2028" (a year's February, told with the year).
_YEAR_NAMED = re.compile(r"(?:(?:the\s+)?year\s+(?P<number>\d{1,5})|(?P<digits>\d{4,5})|(?:the\s+)?(?P<which>this|"
                         r"next|last|current|coming|previous)\s+year|feb(?:ruary)?\.?\s+(?:of\s+|in\s+)?"
                         r"(?P<feb>\d{4,5}))", re.IGNORECASE)


def year_named(text: str, now: datetime) -> tuple[int, bool] | None:
    """The year a text names on its own, read against `now` ("2100", "the year 1900", "next year", "February
    2028": a year's February is told with the year), and whether it named the year's February; None for any other
    text. The year may lie outside 1 to 9999 (the caller says so). A bare number is a year only with four or five
    digits: "12" is no year."""
    named = _YEAR_NAMED.fullmatch(" ".join(str(text).replace("’", "'").split()))
    if named is None:
        return None
    if named.group("which"):
        return now.year + SHIFT[named.group("which").lower()], False
    return int(named.group("number") or named.group("digits") or named.group("feb")), named.group("feb") is not None


def _month_edge(text: str, today: date) -> date | None:
    """The day `EDGE` reads in a text, or None where its month is none; ValueError for a year outside 1 to 9999."""
    edge = EDGE.fullmatch(text)
    named = month_named(edge.group("month"), today) if edge is not None else None
    if edge is None or named is None:
        return None
    year, month, open_year = named
    first, weekday = edge.group("end") == "first", edge.group("kind") != "day"
    day = edge_of(year, month, first=first, weekday=weekday)
    if open_year and day < today:  # "last day of april", asked in May: next year's
        day = edge_of(year + 1, month, first=first, weekday=weekday)
    return day


def _month_nth(text: str, today: date) -> date | None:
    """The day `NTH` reads in a text, or None where its month is none; a month without it raises `NoSuchDay`, and
    a year outside 1 to 9999 ValueError. A month without a year is the soonest such day on or after today, as a
    month's last day is; one that has none is this year's month if it has not ended, else next year's."""
    nth = NTH.fullmatch(text)
    named = month_named(nth.group("month"), today) if nth is not None else None
    if nth is None or named is None:
        return None
    year, month, open_year = named
    place, weekday = _PLACES[re.sub(r"[\s-]+", " ", nth.group("nth"))], WEEKDAYS[nth.group("weekday")]
    day = _nth_of(year, month, weekday, place)
    if open_year and (day < today if day is not None else date(year, month, monthrange(year, month)[1]) < today):
        year += 1
        day = _nth_of(year, month, weekday, place)
    if day is None:  # "the fifth monday of february 2027" (a model's own call too): no wrong day, a line that says so
        all_of = _weekdays_of(year, month, weekday)
        raise NoSuchDay(f"{all_of[0].strftime('%B %Y')} has no {_PLACE_SAID[place]} {all_of[0].strftime('%A')}: "
                         f"its {all_of[0].strftime('%A')}s are {days_listed(all_of)}")
    return day


def _weekdays_of(year: int, month: int, weekday: int) -> list[date]:
    """Every Monday (or other weekday) of a month, in order: four or five."""
    first = 1 + (weekday - date(year, month, 1).weekday()) % 7
    return [date(year, month, day) for day in range(first, monthrange(year, month)[1] + 1, 7)]


def _nth_of(year: int, month: int, weekday: int, place: int) -> date | None:
    """A month's Nth weekday (a place of -1 is its last, -2 the one before), or None where it has no such one."""
    days = _weekdays_of(year, month, weekday)
    return days[place - 1 if place > 0 else place] if place <= len(days) else None


def edge_of(year: int, month: int, *, first: bool, weekday: bool) -> date:
    """A month's first or last day, or its first or last weekday (Monday to Friday)."""
    day = date(year, month, 1 if first else monthrange(year, month)[1])
    while weekday and day.weekday() >= 5:
        day += timedelta(days=1 if first else -1)
    return day

# --- a day of the year, a weekday on a day of the month ------------------------------------------

# A day counted from 1 January: "the 100th day of 2027", "day 100 of next year", "the 256th day of the year".
YEAR_DAY = re.compile(r"(?:the\s+)?(?:(?P<nth>\d{1,4})(?:st|nd|rd|th)\s+day|day\s+(?:number\s+)?(?P<number>\d{1,4}))\s+"
                      r"(?:of|in)\s+(?:the\s+)?(?P<year>\d{4}|(?:this|current|next|coming|last|previous)\s+year|"
                      r"year(?:\s+\d{1,4})?)")
# A weekday on a day of the month: "friday the 13th", "the next friday the 13th", "last friday the thirteenth".
_DAY_NUMBER = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?|(?P<thirteenth>thirteenth)"
WEEKDAY_DAY = re.compile(r"(?:the\s+)?(?:(?P<which>next|this|coming|last|previous)\s+)?(?P<weekday>" +
                         "|".join(WEEKDAY_NAMES) + r")\s+(?:the\s+)?(?:" + _DAY_NUMBER + r")")
_NAMED_YEARS = 40  # how far a weekday on a day number is looked for (each comes round within a few years)


def ordinal(number: int) -> str:
    """The letters after a number said as a place: 1st, 2nd, 3rd, 11th, 60th, 102nd."""
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def _year_day(text: str, today: date) -> tuple[date, str]:
    """The day `YEAR_DAY` reads in a text, and which it is in words ("the 100th day of 2027"); `NoSuchDay` for day 0
    or one past the year's end, ValueError for a year outside 1 to 9999."""
    found = YEAR_DAY.fullmatch(text)
    if found is None:
        raise ValueError(text)
    words = found.group("year").split()
    year = int(words[-1]) if words[-1].isdigit() else today.year + SHIFT.get(words[0], 0)
    if not 1 <= year <= 9999:
        raise ValueError(year)
    number = int(found.group("nth") or found.group("number"))
    length = 366 if isleap(year) else 365
    if not 1 <= number <= length:
        said = f"{number}{ordinal(number)} day" if found.group("nth") else f"day {number}"
        raise NoSuchDay(f"{year} has {length} days: there is no {said} of {year}")
    said = f"the {number}{ordinal(number)} day" if found.group("nth") else f"day {number}"
    return date(year, 1, 1) + timedelta(days=number - 1), f"{said} of {year}"


def year_day(text: str, now: datetime) -> tuple[date, str] | None:
    """A day counted from 1 January that a text names, and which it is in words, or None for any other text: "the
    100th day of 2027" is Saturday 10 April 2027, "the 100th day of 2027"."""
    words = " ".join(_FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    if YEAR_DAY.fullmatch(words) is None:
        return None
    try:
        return _year_day(words, now.date())
    except (ValueError, ToolError):
        return None


def numbered_weekdays(start: date, end: date, weekday: int, number: int) -> list[date]:
    """The days from `start` to `end` (both counted) that fall on `weekday` and are the `number`th of their month:
    the Friday the 13ths of 2027 are [13 August 2027]."""
    first, last = min(start, end), max(start, end)
    found = []
    for months in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year, month = divmod(months, 12)
        if number <= monthrange(year, month + 1)[1]:
            day = date(year, month + 1, number)
            if first <= day <= last and day.weekday() == weekday:
                found.append(day)
    return found


def _weekday_day(text: str, today: date) -> date | None:
    """The day `WEEKDAY_DAY` reads in a text: the soonest on or after today (after it for "next", the latest before
    it for "last"), or None where none falls within `_NAMED_YEARS` (a "friday the 32nd")."""
    found = WEEKDAY_DAY.fullmatch(text)
    if found is None:
        return None
    number, weekday = 13 if found.group("thirteenth") else int(found.group("day")), WEEKDAYS[found.group("weekday")]
    back, which = found.group("which") in ("last", "previous"), found.group("which")
    if not 1 <= number <= 31:
        return None
    span = timedelta(days=366 * _NAMED_YEARS)
    start, end = (max(today - span, date.min), today - timedelta(days=1)) if back else \
        (today + timedelta(days=which in ("next", "coming")), min(today + span, date.max))
    days = numbered_weekdays(start, end, weekday, number)
    return (days[-1] if back else days[0]) if days else None


def weekday_day(text: str, now: datetime) -> tuple[date, str] | None:
    """A weekday on a day of the month that a text names, and which it is in words, or None for any other text:
    "next friday the 13th", asked on 6 December 2026, is Friday 13 August 2027, "the next Friday the 13th"."""
    words = " ".join(_FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    found = WEEKDAY_DAY.fullmatch(words)
    day = _weekday_day(words, now.date()) if found is not None else None
    if found is None or day is None:
        return None
    which = "last" if found.group("which") in ("last", "previous") else "next"
    return day, f"the {which} {day.strftime('%A')} the {day.day}{ordinal(day.day)}"
