"""Day arithmetic and days in words: the weekdays' names (`weekday_number`), working days (Monday to Friday)
added and counted, the whole years, months and days from one day to another (`span_of`), and a day said in full,
as a place ("60th") or as how far it is from today.

The calendar, holidays, clock and timespan tools share these. Reading a date people type is dates.py's, and a day
named by its place in a month or a year ("the third thursday of november 2027") monthdays.py's, both on top of this.
"""

from __future__ import annotations

from calendar import isleap
from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from llorch.tools.asking import and_joined

__all__ = ["WEEKDAYS", "WEEKDAY_NAMES", "add_workdays", "days_listed", "from_today", "long_date", "ordinal",
           "span_of", "span_said", "weekday_number", "workdays_between"]

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


def weekday_number(name: str) -> int | None:
    """The weekday a word names, Monday 0 ("monday", "Mondays", "mon"), or None."""
    word = " ".join(str(name).lower().split())
    return WEEKDAYS.get(word, WEEKDAYS.get(word[:-1]) if word.endswith("s") else None)


def long_date(day: date) -> str:
    """A day as people write it in full: "Saturday 5 December 2026" (the system prompt's date, calendar days)."""
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def from_today(days: int) -> str:
    """How far a day is from today, in words: "today", "tomorrow", "in 90 days", "3 days ago"."""
    return {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days) or \
        (f"in {days:,} days" if days > 0 else f"{-days:,} days ago")


def ordinal(number: int) -> str:
    """The letters after a number said as a place: 1st, 2nd, 3rd, 11th, 60th, 102nd."""
    return "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def days_listed(days: list[date]) -> str:
    """Days in words, the month said once where they share it: "1, 8, 15, 22 and 29 March 2027"."""
    if not days:
        return ""
    if len({(d.year, d.month) for d in days}) == 1:
        return f"{and_joined([str(d.day) for d in days])} {days[0].strftime('%B')} {days[0].year}"
    return and_joined([f"{d.day} {d.strftime('%B')} {d.year}" for d in days])


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
