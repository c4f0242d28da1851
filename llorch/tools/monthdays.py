"""Days named by their place in a month or a year: a month's first or last day or weekday ("last day of february
2028"), its Nth weekday ("the third thursday of november 2027"), a day of the year ("the 100th day of 2027"), a
weekday on a day of the month ("next friday the 13th"), and the months and years that name them ("next month",
"february 2028", "the year 1900").

The `read_*` functions read such a day in a text that dates.py has tidied (`parse_day` reads them through it);
`month_edge`, `month_weekday`, `year_day` and `weekday_day` also say which day it is in words, for the calendar's
answers (dayanswers.py). A place that a month or year has none of ("the fifth monday of february 2027") is
`NoSuchDay`. The weekdays' names and days in words are daymath.py's.
"""

from __future__ import annotations

import re
from calendar import isleap, monthrange
from datetime import date, datetime, timedelta

from llorch.errors import ToolError
from llorch.tools.daymath import WEEKDAY_NAMES, WEEKDAYS, days_listed, ordinal

__all__ = ["EDGE", "FILLER", "MONTH_NUMBERS", "NTH", "NoSuchDay", "SHIFT", "WEEKDAY_DAY", "YEAR_DAY", "YEAR_IN_WORDS",
           "edge_of", "last_one", "month_edge", "month_named", "month_weekday", "numbered_weekdays", "read_month_edge",
           "read_month_nth", "read_weekday_day", "read_year_day", "weekday_day", "year_day", "year_named"]

# Words around a day that say nothing ("at 3pm", "on friday", "the 23rd"): read as spaces.
FILLER = re.compile(r"\b(at|on|the)\b")


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



# A year named in a day's words ("3 march 2027"): such a day is that year's, whichever side of today it falls.
YEAR_IN_WORDS = re.compile(r"\b\d{4}\b")


def last_one(day: date, today: date, words: str) -> date:
    """`day` a year back where it is after `today` and `words` name no year: the last one, for a question in the past
    tense or of a time since ("What day was 3 March?", "How long since Christmas?", asked in December: this year's,
    not the next). Raises ValueError for 29 February a year back."""
    return day.replace(year=day.year - 1) if day > today and not YEAR_IN_WORDS.search(words) else day


def month_weekday(text: str, now: datetime) -> tuple[date, str] | None:
    """A month's Nth weekday a text names, and which it is in words, or None for any other text (or a month without
    it): "3rd thursday of november 2027" is Thursday 18 November 2027, "the third Thursday of November 2027"."""
    words = " ".join(FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    nth = NTH.fullmatch(words)
    try:
        day = read_month_nth(words, now.date()) if nth is not None else None
    except (ValueError, ToolError):
        return None
    if nth is None or day is None:
        return None
    place = _PLACE_SAID[_PLACES[re.sub(r"[\s-]+", " ", nth.group("nth"))]]
    return day, f"the {place} {day.strftime('%A')} of {day.strftime('%B %Y')}"


def month_edge(text: str, now: datetime) -> tuple[date, str] | None:
    """The first or last day (or weekday) of a month a text names, and which it is in words, or None for any
    other text: "last day of february 2028" is Tuesday 29 February 2028, "the last day of February 2028"."""
    words = " ".join(FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    edge = EDGE.fullmatch(words)
    try:
        day = read_month_edge(words, now.date()) if edge is not None else None
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


def read_month_edge(text: str, today: date) -> date | None:
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


def read_month_nth(text: str, today: date) -> date | None:
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


def read_year_day(text: str, today: date) -> tuple[date, str]:
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
    words = " ".join(FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    if YEAR_DAY.fullmatch(words) is None:
        return None
    try:
        return read_year_day(words, now.date())
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


def read_weekday_day(text: str, today: date) -> date | None:
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
    words = " ".join(FILLER.sub(" ", str(text).lower().replace("’", "'")).split())
    found = WEEKDAY_DAY.fullmatch(words)
    day = read_weekday_day(words, now.date()) if found is not None else None
    if found is None or day is None:
        return None
    which = "last" if found.group("which") in ("last", "previous") else "next"
    return day, f"the {which} {day.strftime('%A')} the {day.day}{ordinal(day.day)}"
