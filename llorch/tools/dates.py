"""Dates people type: ISO forms and the common English ones ("tomorrow 3pm", "next friday").

Everything is read against an injected `now`, never the system clock, so the same text
always means the same moment in tests. Naive results take `now`'s timezone.

Rules worth knowing:
    - a bare weekday ("friday", "on friday") is the soonest one on or after today;
      "next friday" is the soonest one after today, "last friday" the latest before it;
    - a month-name date without a year ("23 Nov") is the soonest one on or after today;
    - a day without a time is its midnight; a time without a day is today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from dateutil import parser as _dateutil

from llorch.errors import ToolError

__all__ = ["Moment", "days_asked", "long_date", "parse_day", "parse_moment", "parse_when"]

_WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0,
    "tuesday": 1, "tue": 1, "tues": 1,
    "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}  # fmt: skip

_UNITS: dict[str, str] = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
}  # fmt: skip

_MONTH = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?![a-z])"
)
_WEEKDAY = re.compile(r"^(?:(next|this|last|coming)\s+)?([a-z]+)$")
_RELATIVE = re.compile(r"^in\s+(\d+|an?)\s*([a-z]+)$")
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
        count = 1 if relative.group(1) in ("a", "an") else int(relative.group(1))
        unit = _UNITS.get(relative.group(2))
        if unit is None:
            return None
        if unit in ("minutes", "hours"):
            if clock is not None:
                return None  # "in 2 hours at 3pm" names two different times
            return Moment(_add_elapsed(now, timedelta(**{unit: count})), True, True)
        shifted = now + timedelta(**{unit: count})  # same wall-clock time, N days on
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


def _day(text: str, now: datetime) -> date | None:
    today = now.date()
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


# Days every calendar names, as the dates this module reads ("christmas" is no date to dateutil).
_HOLIDAYS = {
    "christmas eve": "24 dec", "christmas day": "25 dec", "christmas": "25 dec", "xmas": "25 dec",
    "new year's eve": "31 dec", "new years eve": "31 dec", "new year's day": "1 jan", "new years day": "1 jan",
    "new year": "1 jan", "new year's": "1 jan", "new years": "1 jan", "halloween": "31 oct",
    "valentine's day": "14 feb", "valentines day": "14 feb", "valentine's": "14 feb",
}  # fmt: skip
_DAYS_LEAD = r"^\s*(?:and\s+|so\s+|ok\s*,?\s+)?how\s+many\s+(?:days|weeks)\s+"
_DAYS_TAIL = r"\s*(?:from\s+(?:now|today))?\s*[?.!]*\s*$"
_UNTIL = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+|are\s+left\s+|do\s+i\s+have\s+|remain\s+)?(?:left\s+)?"
                    r"(?:until|till|til|to|before)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_SINCE = re.compile(_DAYS_LEAD + r"(?:has\s+it\s+been\s+|have\s+passed\s+|have\s+gone\s+by\s+|is\s+it\s+|are\s+there\s+)?"
                    r"(?:since|after)\s+(?:the\s+)?(.+?)" + _DAYS_TAIL, re.IGNORECASE)
_BETWEEN = re.compile(_DAYS_LEAD + r"(?:are\s+there\s+|is\s+it\s+)?(?:between|from)\s+(?:the\s+)?(.+?)\s+"
                      r"(?:and|to|until|till)\s+(?:the\s+)?(.+?)\s*[?.!]*\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")


def days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    """The two days a message plainly asks the days (or weeks) between, as ISO dates (earlier first), or None:
    "How many days until Christmas?", "how many weeks since 3 March?", "How many days between 1 Jan and 2026-06-30?".
    A small model counts them wrong (the 1.5B, told the date is 5 December, gave 24 days to Christmas); the
    calendar tool counts them. A day without a year is the next one for "until", the last one for "since"."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    try:
        return _days_asked(text, now)
    except (ValueError, OverflowError):  # a year 0, or past 9999: no day to count from
        return None


def _days_asked(text: str, now: datetime) -> tuple[str, str] | None:
    today = now.date()

    def day(words: str, at: datetime = now) -> date | None:
        words = " ".join(words.lower().replace("’", "'").split())
        try:
            return parse_day(_HOLIDAYS.get(words, words), at)
        except ToolError:
            return None

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
