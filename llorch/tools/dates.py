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
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil import parser as _dateutil
from dateutil.relativedelta import relativedelta

from llorch.errors import ToolError
from llorch.tools.asking import and_joined

__all__ = ["COUNT", "MONTH_NUMBERS", "WEEKDAY_NAMES", "YEAR_DAY_ASKED", "Moment", "date_asked", "days_asked", "days_listed", "inclusive_asked",
           "long_date", "month_asked", "month_edge", "month_weekday", "parse_day", "parse_moment", "parse_when",
           "weekday_asked", "weekday_number", "workday_offset", "year_named"]

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY_NAMES = tuple(name for name in _WEEKDAYS if name.endswith("day"))  # "monday" … "sunday", Monday 0

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
# Working days as a question asks for them ("How many working days …", "… business days until …"): Monday to Friday.
_WORKDAYS = r"(?:working|business|work|week)\s*days|weekdays"
WORKDAYS_ASKED = re.compile(rf"\b(?:{_WORKDAYS})\b", re.IGNORECASE)
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
    if _EDGE.fullmatch(text):  # "last day of february 2028" (the 1.5B: "March 31st"), "first day of next month"
        return _month_edge(text, today)
    if _NTH.fullmatch(text):  # "third thursday of november 2027" (the 1.5B: "December 14, 2027"; it is the 18th)
        return _month_nth(text, today)
    holiday = re.fullmatch(r"(.+?)(?:\s+(?:in\s+|of\s+)?(\d{4}))?", text)
    if holiday and holiday.group(1) in _EASTER:  # "easter", "good friday 2027": the next one, or that year's
        return _easter(_EASTER[holiday.group(1)], int(holiday.group(2)) if holiday.group(2) else None, today)
    if holiday and holiday.group(1) in _HOLIDAYS:  # "christmas", "christmas 2027"
        text = " ".join(filter(None, (_HOLIDAYS[holiday.group(1)], holiday.group(2))))
    if text in ("", "today"):
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    if text == "day after tomorrow":
        return today + timedelta(days=2)
    weekday = _WEEKDAY.match(text)
    if weekday and weekday.group(2) in _WEEKDAYS:
        target = _WEEKDAYS[weekday.group(2)]
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
_HOLIDAYS = {
    "christmas eve": "24 dec", "christmas day": "25 dec", "christmas": "25 dec", "xmas": "25 dec",
    "new year's eve": "31 dec", "new years eve": "31 dec", "new year's day": "1 jan", "new years day": "1 jan",
    "new year": "1 jan", "new year's": "1 jan", "new years": "1 jan", "halloween": "31 oct",
    "valentine's day": "14 feb", "valentines day": "14 feb", "valentine's": "14 feb",
}  # fmt: skip
_DAYS_LEAD = (r"^\s*(?:and\s+|so\s+|ok\s*,?\s+)?how\s+many\s+(?:" + _WORKDAYS + r"|days|"
              r"weeks)\s+")
_DAYS_TAIL = r"\s*(?:from\s+(?:now|today))?\s*[?.!]*\s*$"
_UNTIL = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+|are\s+left\s+|do\s+i\s+have\s+|remain\s+)?(?:left\s+)?"
                    r"(?:until|till|til|to|before)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_SINCE = re.compile(_DAYS_LEAD + r"(?:has\s+it\s+been\s+|have\s+passed\s+|have\s+gone\s+by\s+|is\s+it\s+|are\s+there\s+)?"
                    r"(?:since|after)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_BETWEEN = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+)?(?:between|from)\s+(?:the\s+)?(.+?)\s+"
                      r"(?:and|to|until|till)\s+(?:the\s+)?(.+?)\s*[?.!]*\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
# "…, both included", "(inclusive)", "counting both days", "including the first and last day": a count of days that
# takes in both ends (asked "How many days from 1 March to 10 March inclusive?", the count is 10, not 9).
_ENDS = (r"(?:both(?:\s+(?:days|dates|ends))?|(?:the\s+)?(?:first|start)(?:\s+day|\s+date)?\s+and\s+(?:the\s+)?"
         r"(?:last|end)\s+(?:days?|dates?))")
_INCLUSIVE = re.compile(r"\s*[,;(]?\s*(?:(?:both\s+)?inclusive(?:ly)?(?:\s+of\s+" + _ENDS + r")?|" + _ENDS +
                        r"\s+(?:included|inclusive|counted)|(?:including|counting|with)\s+" + _ENDS +
                        r"(?:\s+included)?)\s*\)?(?=\s*[?.!]*\s*$)", re.IGNORECASE)
# "How many days old is someone born on 1 January 2000?" (the 1.5B worked it out year by year, and was cut off),
# "How many days old am I if I was born on 3 March 1990?", "How many days have I been alive if I was born on …?"
_WHO = r"(?:someone|somebody|a\s+person|a\s+baby|a\s+child|i|you|he|she|they|we|my\s+[a-z]+)"  # ("my dad": 31 days)
_BORN = re.compile(r"^\s*(?:and\s+|so\s+|ok\s*,?\s+)?how\s+many\s+(?:days|weeks)\s+(?:old\s+(?:is|am|are|was|were|"
                   r"would|will)\s+" + _WHO + r"(?:\s+be)?|(?:have|has|had)\s+" + _WHO + r"\s+been\s+alive)"
                   r"(?:\s+(?:today|now))?\s*,?\s+(?:(?:if|when|as|since)\s+" + _WHO + r"\s+(?:was|were)\s+|"
                   r"(?:who|that)\s+(?:was|were|is)\s+)?born\s+(?:on\s+)?(?:the\s+)?(?P<day>.+?)\s*[?.!]*\s*$",
                   re.IGNORECASE)
# "How many weeks are left in this year?" (the 1.5B, told it was 5 December: 47): the days until New Year's Day
_LEFT_IN_YEAR = re.compile(_DAYS_LEAD + r"(?:are\s+|is\s+)?(?:there\s+)?(?:left|remaining)\s+(?:in|of)\s+(?:this|the)\s+"
                           r"year\s*[?.!]*\s*$", re.IGNORECASE)


def days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    """The two days a message plainly asks the days (or weeks) between, as ISO dates (earlier first), or None:
    "How many days until Christmas?", "how many weeks since 3 March?", "How many days between 1 Jan and 2026-06-30?",
    "How many days old is someone born on 1 January 2000?" (from that day to today).
    A small model counts them wrong (the 1.5B, told the date is 5 December, gave 24 days to Christmas); the
    calendar tool counts them. A day without a year is the next one for "until", the last one for "since". A whole
    month, or what is left of this one, is its first and last day (`month_asked`: both count)."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    text = _INCLUSIVE.sub("", text, count=1)  # (whether both days count: `inclusive_asked`)
    month = month_asked(text, now)  # (its first and last day, both to count: the holidays tool counts them so)
    if month is not None:
        return month
    try:
        return _days_asked(text, now)
    except (ValueError, OverflowError):  # a year 0, or past 9999: no day to count from
        return None


def inclusive_asked(text: str) -> bool:
    """Whether a question of days asks to count both the first and the last ("How many days from 1 March to 10
    March inclusive?": 10, where the difference of the days is 9), as `days_asked` reads its tail. Such a tail
    once kept the question from the calendar: asked the weekdays "from December 7 to December 25, 2026, both
    included", the 1.5B said 10 (there are 15)."""
    return _INCLUSIVE.search(text) is not None


def _days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    today = now.date()

    def day(words: str, at: datetime = now) -> date | None:
        words = " ".join(words.lower().replace("’", "'").split())
        try:
            return parse_day(_HOLIDAYS.get(words, words), at)
        except ToolError:
            return None

    if _LEFT_IN_YEAR.match(text):
        return today.isoformat(), date(today.year + 1, 1, 1).isoformat()
    born = _BORN.match(text)
    if born:  # a birthday with its year, not after today: the days since it
        birth = day(born.group("day")) if _YEAR.search(born.group("day")) else None
        return (birth.isoformat(), today.isoformat()) if birth is not None and birth <= today else None
    until, since, between = _UNTIL.match(text), _SINCE.match(text), _BETWEEN.match(text)
    if until:
        end = day(until.group(1))
        return (today.isoformat(), end.isoformat()) if end is not None else None
    if since:
        start = day(since.group(1))
        if start is None:
            return None
        if start > today and not _YEAR.search(since.group(1)):  # "since christmas": the last one
            try:
                start = start.replace(year=start.year - 1)
            except ValueError:  # 29 February
                return None
        return start.isoformat(), today.isoformat()
    if between:  # days without a year in the other's year (else this one), the second after the first
        years = [int(y.group()) for y in map(_YEAR.search, between.groups()) if y]
        january = now.replace(year=years[0] if years else today.year, month=1, day=1)
        first, second = day(between.group(1), january), day(between.group(2), january)
        if first is None or second is None:
            return None
        if second < first and not _YEAR.search(between.group(2)):
            second = day(between.group(2), datetime.combine(first, time(0), tzinfo=now.tzinfo))
        return (min(first, second).isoformat(), max(first, second).isoformat()) if second is not None else None
    return None


_ASK_LEAD = r"^\s*(?:(?:and|so|ok|okay|hey|hi)\s*,?\s+)?(?:(?:can|could)\s+you\s+tell\s+me\s+)?(?:on\s+)?"
_ASK_TAIL = r"(?:\s+(?P<year>this|next|last)\s+year)?\s*[?.!]*\s*$"
_WEEKDAY_ASKED = [  # "What day of the week was 1 January 2000?", "Which weekday is 14 Feb?", "What day does X fall on?"
    re.compile(_ASK_LEAD + r"(?:what|which)\s+(?:day\s+of\s+the\s+week|weekday|day)\s+"
               r"(?P<verb>is|was|will\s+be|would\s+be)\s+(?P<day>.+?)(?:\s+on)?" + _ASK_TAIL, re.IGNORECASE),
    re.compile(_ASK_LEAD + r"(?:what|which)\s+(?:day\s+of\s+the\s+week|weekday|day)\s+(?P<verb>does|did|will|is|was)\s+"
               r"(?P<day>.+?)\s+(?:fall\s+on|fall|land\s+on|land|be\s+on|be)" + _ASK_TAIL, re.IGNORECASE),
]
_WHEN_ASKED = re.compile(  # "When is next Wednesday?", "When is Christmas this year?"
    _ASK_LEAD + r"when\s+(?P<verb>is|was|will\s+be)\s+(?P<day>.+?)" + _ASK_TAIL, re.IGNORECASE)
# "What's the date next Friday?", "What date is 90 days from today?", "What date was it 6 weeks ago?"
_DATE_ASKED = re.compile(
    _ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is|\s+was|\s+will\s+be)?\s+(?:the\s+)?(?:date|day)"
    r"(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|on|for))?(?:\s+(?P<day>.+?))?" + _ASK_TAIL,
    re.IGNORECASE)
# "What is the ISO week number of 31 December 2026?" (the 1.5B: 54), "Which week of the year is 1 March 2027?",
# "What week number is it?"
_WEEK_ASKED = re.compile(
    _ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is)?\s+(?:the\s+)?(?:iso\s+)?(?:calendar\s+)?week(?:\s+number|\s+no\.?)?"
    r"(?:\s+of\s+the\s+year)?(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|for|on))?"
    r"(?:\s+(?P<day>.+?))?(?:\s+in)?" + _ASK_TAIL, re.IGNORECASE)
# "What's the last day of February 2028?" (the 1.5B: "March 31st"; it is Tuesday 29 February), "What is the first
# day of next month?", "What's the third Thursday of November 2027?" ("When is the last day of April?" and "What day
# is the last day of …?" are the forms above)
_EDGE_ASKED = re.compile(
    _ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+(?P<verb>is|was|will\s+be))\s+(?P<day>(?:the\s+)?(?:first|1st|second|2nd|"
    r"third|3rd|fourth|4th|fifth|5th|last|penultimate)\s+.+?)" + _ASK_TAIL, re.IGNORECASE)
# "Which day of the year is 1 March 2027?" (the 1.5B: "the 45th"; it is the 60th), "What day of the year is it
# today?", "What number day of the year is …?": the calendar's date, saying its day of the year (`YEAR_DAY_ASKED`)
_YEAR_DAY_ASKED = re.compile(
    _ASK_LEAD + r"(?:what|which)(?:'s|’s|\s+is|\s+was|\s+will\s+be)?\s+(?:the\s+)?(?:number(?:ed)?\s+)?day\s+"
    r"(?:number\s+)?of\s+the\s+year(?:\s+(?P<verb>is\s+it|was\s+it|will\s+it\s+be|is|was|will\s+be|of|for|on))?"
    r"(?:\s+(?P<day>.+?))?" + _ASK_TAIL, re.IGNORECASE)
# A question that asks the day of the year (1 to 366), which the calendar's date then says.
YEAR_DAY_ASKED = re.compile(r"\bday\s+(?:number\s+)?of\s+the\s+year\b", re.IGNORECASE)
_RELATIVE_WORDS = re.compile(r"\b(?:ago|from|after|before|in|next|last|this|coming|today|tomorrow|yesterday|now)\b")


def date_asked(text: str, now: datetime) -> str | None:
    """The day a message plainly asks the date or weekday of, as the calendar's `date` action takes it (the
    user's words where they read the same, else an ISO date), or None: "What day of the week was 1 January
    2000?", "What's the date next Friday?", "What date is 90 days from today?", "What day does Christmas fall on
    this year?", "When is next Wednesday?". Told the date is Saturday 5 December 2026, the 1.5B gave 3 January
    for 90 days on, 12 December for next Friday and a Monday for 14 February 2027 (a Sunday). A day without a
    year is the next one, or the last one when the question is in the past tense ("What day was 3 March?").
    A question about a year is answered of the year, as digits: "Is 2100 a leap year?" (the 1.5B: yes), "When
    is the next leap year?" (this year's answer names it), "How many days are in 2100?"."""
    if len(text) > 120 or "\n" in text.strip():
        return None
    year = _year_asked(text, now)
    if year is not None:
        return year
    match = next(filter(None, (p.match(text) for p in (_YEAR_DAY_ASKED, *_WEEKDAY_ASKED, _WHEN_ASKED, _DATE_ASKED,
                                                       _WEEK_ASKED, _EDGE_ASKED))), None)
    if match is None:
        return None
    words = " ".join((match.group("day") or "today").lower().replace("’", "'").split())
    # "what day is it (today)?", "what day will it be in 3 days?"
    words = re.sub(r"^(?:it\b\s*)?(?:be\b\s*)?", "", words) or "today"
    year = match.group("year")
    verb = (match.group("verb") or "").lower()
    try:
        edge = _EDGE.fullmatch(words) or _NTH.fullmatch(words)
        if edge is not None:  # "the last day of february (next year)": a month's own rules for a year not given
            return _edge_asked(words, edge.group("month"), year, verb in ("was", "did", "was it"), now)
        if year is not None:  # "christmas this year": that year's, whichever side of today it falls
            if _YEAR.search(words) or _RELATIVE_WORDS.search(words):
                return None
            january = now.replace(year=now.year + {"this": 0, "next": 1, "last": -1}[year.lower()], month=1, day=1)
            return parse_day(_HOLIDAYS.get(words, words), january).isoformat()
        day = parse_day(words, now)
        if day > now.date() and verb in ("was", "did", "was it") and not _YEAR.search(words) \
                and not _RELATIVE_WORDS.search(words):  # "what day was 3 march?": the last one
            if words in _WEEKDAYS:  # "What date was Friday?": the last Friday (a year back, 2025-12-11 was a Thursday)
                return f"last {words}"
            return day.replace(year=day.year - 1).isoformat()
    except (ToolError, ValueError, OverflowError):
        return None
    return words


def _edge_asked(words: str, month: str, year: str | None, past: bool, now: datetime) -> str | None:
    """`date_asked` for a month's first or last day, or its Nth weekday: the words, with the year they leave out
    where the question says it ("… of february next year"), or where it asks of the last one ("What day was the
    last day of February?", asked in December: this year's, not the next); None where the month is none. A month
    without the weekday asked is the calendar's to say ("the fifth monday of february 2027": it has none)."""
    today = now.date()
    named = _month_named(month, today)
    if named is None:  # "the last day of school"
        return None
    if year is not None:  # (a year tail on "next month" or "february 2028" names two years)
        if not named[2]:
            return None
        words = f"{words} {today.year + _SHIFT[year.lower()]}"
    elif past and named[2] and (day := parse_day(words, now)) > today:
        words = f"{words} {day.year - 1}"
    try:
        parse_day(words, now)  # (ToolError, ValueError: no such day, or a year outside 1 to 9999)
    except _NoSuchDay:
        pass
    return words


# --- years -------------------------------------------------------------------------------

_FEBRUARY = r"feb(?:ruary)?\.?\s+(?:of\s+|in\s+)?"
_YEAR_NAMED = re.compile(r"(?:(?:the\s+)?year\s+(?P<number>\d{1,5})|(?P<digits>\d{4,5})|(?:the\s+)?(?P<which>this|"
                         r"next|last|current|coming|previous)\s+year|" + _FEBRUARY + r"(?P<feb>\d{4,5}))",
                         re.IGNORECASE)
_SHIFT = {"this": 0, "current": 0, "next": 1, "coming": 1, "last": -1, "previous": -1}
_A_YEAR = r"(?P<year>(?:the\s+)?year\s+\d{1,5}|\d{4,5}|(?:the\s+)?(?:this|next|last|current|coming|previous)\s+year)"
_YEAR_END = r"\s*[?.!]*\s*$"
_LEAP = r"(?:a\s+)?leap[\s-]?year"
_LEAP_ASKED = [
    # "Is 2100 a leap year?", "Was 1900 a leap year?", "Will 2032 be a leap year?", "is 2000 a leap year or not"
    re.compile(_ASK_LEAD + r"(?:is|was|will)\s+" + _A_YEAR + r"\s+(?:be\s+|going\s+to\s+be\s+)?" + _LEAP +
               r"(?:\s*,?\s*or\s+not)?" + _YEAR_END, re.IGNORECASE),
    # "When is the next leap year?", "Which year is the next leap year?", "What's the next leap year after 2030?"
    re.compile(_ASK_LEAD + r"(?:when|what|which)(?:'s|’s|\s+is|\s+was|\s+will)?\s+"
               r"(?:year\s+(?:is|was|will\s+be)\s+)?(?:the\s+)?(?:next|last|previous|coming)\s+leap[\s-]?year"
               r"(?:\s+be)?(?:\s+(?:after|before)\s+" + _A_YEAR + r")?" + _YEAR_END, re.IGNORECASE),
    # "How many days are in 2100?", "How many days does 2028 have?", "How many days are in February 2100?"
    re.compile(_ASK_LEAD + r"how\s+many\s+days\s+(?:are\s+(?:there\s+)?|is\s+there\s+|were\s+(?:there\s+)?)?"
               r"(?:in|does|did|will|has)\s+(?:the\s+month\s+of\s+)?(?P<february>" + _FEBRUARY + r")?" + _A_YEAR +
               r"(?:\s+have|\s+had|\s+got)?" + _YEAR_END, re.IGNORECASE),
]


def year_named(text: str, now: datetime) -> tuple[int, bool] | None:
    """The year a text names on its own, read against `now` ("2100", "the year 1900", "next year", "February
    2028": a year's February is told with the year), and whether it named the year's February; None for any other
    text. The year may lie outside 1 to 9999 (the caller says so). A bare number is a year only with four or five
    digits: "12" is no year."""
    named = _YEAR_NAMED.fullmatch(" ".join(str(text).replace("’", "'").split()))
    if named is None:
        return None
    if named.group("which"):
        return now.year + _SHIFT[named.group("which").lower()], False
    return int(named.group("number") or named.group("digits") or named.group("feb")), named.group("feb") is not None


def _year_asked(text: str, now: datetime) -> str | None:
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


# --- months ------------------------------------------------------------------------------

MONTH_NUMBERS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), 1) for name in names}
# A month as people name it: "february 2028", "march, 2027", "the month of may", "this month", "next month".
_MONTH_PHRASE = re.compile(r"(?:the\s+)?(?:(?P<which>this|current|next|coming|last|previous)\s+month|month|"
                           r"(?:month\s+of\s+)?(?P<name>[a-z]+)\.?(?:\s*,?\s*(?:of\s+|in\s+)?(?P<year>\d{4}))?)")
# A month's first or last day, or weekday: "last day of february 2028", "the first business day of next month".
_EDGE = re.compile(r"(?:the\s+)?(?P<end>first|last)\s+(?P<kind>day|week\s*day|(?:business|working|work)\s*day)\s+"
                   r"of\s+(?P<month>.+)")
# A month's Nth weekday: "the third thursday of november 2027", "the last friday in january", "the second-to-last
# friday of next month" (the places every month has, but the fifth: a month has four or five of each weekday).
_PLACES = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
           "5th": 5, "last": -1, "penultimate": -2, "second to last": -2, "second last": -2, "2nd to last": -2,
           "2nd last": -2}
_PLACE_SAID = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second-to-last"}
_NTH = re.compile(r"(?:the\s+)?(?P<nth>first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|penultimate|"
                  r"(?:second|2nd)[\s-]+(?:to[\s-]+)?last)\s+(?P<weekday>" + "|".join(WEEKDAY_NAMES) + r")\s+(?:of|in)\s+"
                  r"(?P<month>.+)")
_MONTH_LEAD = r"^\s*(?:and\s+|so\s+|ok\s*,?\s+)?how\s+many\s+(?:" + _WORKDAYS + r"|days)\s+"  # (weeks: whole ones?)
# "How many Mondays are there in March 2027?" (the 1.5B: 4; there are 5)
_WEEKDAY_LEAD = r"^\s*(?:and\s+|so\s+|ok\s*,?\s+)?how\s+many\s+(?P<weekday>" + "|".join(WEEKDAY_NAMES) + r")s\s+"
_MONTH_TAIL = r"\s*[?.!]*\s*$"
# "How many weekdays are there in January 2027?" (the 1.5B: 5; there are 21), "How many days are in this month?"
_IN_BODY = (r"(?:(?:are|were)\s+(?:there\s+)?|is\s+there\s+|will\s+there\s+be\s+)?(?:(?:in|during)\s+)?"
            r"(?P<month>.+?)" + _MONTH_TAIL)
_HAS_BODY = r"(?:does|did|will)\s+(?P<month>.+?)\s+(?:have|has|had)" + _MONTH_TAIL
# "How many weekdays are left in this month?": from today to its last day
_LEFT_BODY = r"(?:are\s+|is\s+)?(?:there\s+)?(?:left|remaining)\s+(?:(?:in|of)\s+)?(?P<month>.+?)" + _MONTH_TAIL
_IN_MONTH = re.compile(_MONTH_LEAD + _IN_BODY, re.IGNORECASE)
_MONTH_HAS = re.compile(_MONTH_LEAD + _HAS_BODY, re.IGNORECASE)
_LEFT_IN_MONTH = re.compile(_MONTH_LEAD + _LEFT_BODY, re.IGNORECASE)
_WEEKDAY_IN_MONTH = tuple(re.compile(_WEEKDAY_LEAD + body, re.IGNORECASE) for body in (_IN_BODY, _HAS_BODY))
_WEEKDAY_LEFT = re.compile(_WEEKDAY_LEAD + _LEFT_BODY, re.IGNORECASE)


class _NoSuchDay(ToolError):
    """A month without the weekday asked ("the fifth monday of february 2027"): the calendar says so, in one line."""


def month_asked(text: str, now: datetime) -> tuple[str, str] | None:
    """The first and last day, as ISO dates, of a month a message plainly asks the days or weekdays of, or today
    and this month's last day for what is left of it; or None: "How many weekdays are there in January 2027?" (the
    1.5B: 5; there are 21), "How many days are in this month?", "How many working days are left in this month?".
    Both days count: January has 31 days, not the 30 from its first to its last. A month named without its year
    stays the model's ("How many days are in February?" asks of Februaries), and so does February with its year:
    the year's answer (`date_asked`) says why it has 28 or 29 days."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    text = _INCLUSIVE.sub("", text, count=1)
    today = now.date()
    try:
        left = _LEFT_IN_MONTH.match(text)
        if left is not None:  # ("left in march", asked in December: of which March? the model's)
            named = _month_named(left.group("month"), today)
            if named is None or named[:2] != (today.year, today.month):
                return None
            return today.isoformat(), _edge_of(today.year, today.month, first=False, weekday=False).isoformat()
        wholes = (_month_named(whole.group("month"), today) for whole in (_IN_MONTH.match(text), _MONTH_HAS.match(text))
                  if whole is not None)  # (the first also reads "does february 2027 have" as a month: none)
        named = next(filter(None, wholes), None)
        if named is None or named[2] or _year_asked(text, now) is not None:
            return None
        year, month, _ = named
        return date(year, month, 1).isoformat(), _edge_of(year, month, first=False, weekday=False).isoformat()
    except ValueError:  # a year 0, or a month past 9999
        return None


def weekday_asked(text: str, now: datetime) -> tuple[str, str, str] | None:
    """The first and last day, as ISO dates, of a month a message plainly asks how many of a weekday it has (or
    today and this month's last day, for those left in it), and the weekday ("monday"); or None: "How many Mondays
    are there in March 2027?" (the 1.5B: 4; there are 5), "How many Fridays are left in this month?". A month named
    without its year stays the model's, as in `month_asked`."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    today = now.date()
    try:
        left = _WEEKDAY_LEFT.match(text)
        if left is not None:
            named = _month_named(left.group("month"), today)
            if named is None or named[:2] != (today.year, today.month):
                return None
            end = _edge_of(today.year, today.month, first=False, weekday=False)
            return today.isoformat(), end.isoformat(), left.group("weekday").lower()
        for asked in filter(None, (p.match(text) for p in _WEEKDAY_IN_MONTH)):  # (the first reads "does february
            named = _month_named(asked.group("month"), today)  # 2027 have" as a month: none)
            if named is not None:
                year, month, open_year = named
                return None if open_year else (date(year, month, 1).isoformat(),
                                               _edge_of(year, month, first=False, weekday=False).isoformat(),
                                               asked.group("weekday").lower())
        return None
    except ValueError:  # a year 0, or a month past 9999
        return None


def weekday_number(name: str) -> int | None:
    """The weekday a word names, Monday 0 ("monday", "Mondays", "mon"), or None."""
    word = " ".join(str(name).lower().split())
    return _WEEKDAYS.get(word, _WEEKDAYS.get(word[:-1]) if word.endswith("s") else None)


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
    nth = _NTH.fullmatch(words)
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
    edge = _EDGE.fullmatch(words)
    try:
        day = _month_edge(words, now.date()) if edge is not None else None
    except ValueError:
        return None
    if edge is None or day is None:
        return None
    said = f"the {edge.group('end')} {'day' if edge.group('kind') == 'day' else 'weekday'} of {day.strftime('%B %Y')}"
    return day, said if edge.group("kind") == "day" else f"{said} (Monday to Friday; holidays not left out)"


def _month_named(words: str, today: date) -> tuple[int, int, bool] | None:
    """The year and month a phrase names, and whether it left the year out ("april": this year's, which the
    caller may move on); None for any other phrase ("school")."""
    named = _MONTH_PHRASE.fullmatch(" ".join(words.lower().replace("’", "'").split()))
    if named is None:
        return None
    if named.group("name") is None:  # "this month", "next month", "the month"
        months = today.year * 12 + today.month - 1 + _SHIFT[named.group("which") or "this"]
        return months // 12, months % 12 + 1, False
    number = MONTH_NUMBERS.get(named.group("name"))
    if number is None:
        return None
    year = named.group("year")
    return (int(year) if year else today.year), number, year is None


def _month_edge(text: str, today: date) -> date | None:
    """The day `_EDGE` reads in a text, or None where its month is none; ValueError for a year outside 1 to 9999."""
    edge = _EDGE.fullmatch(text)
    named = _month_named(edge.group("month"), today) if edge is not None else None
    if edge is None or named is None:
        return None
    year, month, open_year = named
    first, weekday = edge.group("end") == "first", edge.group("kind") != "day"
    day = _edge_of(year, month, first=first, weekday=weekday)
    if open_year and day < today:  # "last day of april", asked in May: next year's
        day = _edge_of(year + 1, month, first=first, weekday=weekday)
    return day


def _month_nth(text: str, today: date) -> date | None:
    """The day `_NTH` reads in a text, or None where its month is none; a month without it raises `_NoSuchDay`, and
    a year outside 1 to 9999 ValueError. A month without a year is the soonest such day on or after today, as a
    month's last day is; one that has none is this year's month if it has not ended, else next year's."""
    nth = _NTH.fullmatch(text)
    named = _month_named(nth.group("month"), today) if nth is not None else None
    if nth is None or named is None:
        return None
    year, month, open_year = named
    place, weekday = _PLACES[re.sub(r"[\s-]+", " ", nth.group("nth"))], _WEEKDAYS[nth.group("weekday")]
    day = _nth_of(year, month, weekday, place)
    if open_year and (day < today if day is not None else date(year, month, monthrange(year, month)[1]) < today):
        year += 1
        day = _nth_of(year, month, weekday, place)
    if day is None:  # "the fifth monday of february 2027" (a model's own call too): no wrong day, a line that says so
        all_of = _weekdays_of(year, month, weekday)
        raise _NoSuchDay(f"{all_of[0].strftime('%B %Y')} has no {_PLACE_SAID[place]} {all_of[0].strftime('%A')}: "
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


def _edge_of(year: int, month: int, *, first: bool, weekday: bool) -> date:
    """A month's first or last day, or its first or last weekday (Monday to Friday)."""
    day = date(year, month, 1 if first else monthrange(year, month)[1])
    while weekday and day.weekday() >= 5:
        day += timedelta(days=1 if first else -1)
    return day
