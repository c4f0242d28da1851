"""A month's or a year's length in hours, minutes or seconds: its days counted, then multiplied, for the timespan
tool's `period`.

Asked how many hours there are in March, the 1.5B said 21 (744: 31 days × 24). A month is its days × 24 hours
where the clock does not change; in a month when clocks go forward an hour it is an hour shorter there, and when
they go back an hour longer, so the answer says where, as it is in the EU and the US (since 2007 both change in
March, the EU goes back in October and the US in November). Over a year the two changes cancel. A month named
without its year is this year's if it has not ended, else next year's (as the calendar reads "in March");
February without its year also says a leap year's (or a common year's) February, as it has 28 or 29 days.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.monthdays import month_named, year_named

__all__ = ["PERIOD_UNITS", "period_length"]

PERIOD_UNITS = {"seconds": 1, "minutes": 60, "hours": 3_600, "days": 86_400}
# Where clocks change an hour within a month, as the EU's and the US's rules have it since 2007 (the US changed
# its rule then: before, it went forward in April and back in October): the month's hours gained (+) or lost (-).
_CHANGES = {3: {"the EU": -1, "the US": -1}, 10: {"the EU": 1}, 11: {"the US": 1}}
_RULES_FROM = 2007
# "a year" or "a leap year" named as such: no year of the calendar, but a kind of one.
_KINDS = {"a year": None, "a common year": False, "a normal year": False, "a non-leap year": False,
          "a leap year": True}


def _named(words: str, today: date) -> tuple[int, int | None, bool] | None:
    """The year and month (None: the whole year) words name, and whether they left the year out; None for words
    that name neither. A month without its year is this year's if it has not ended, else next year's."""
    month = month_named(words, today)
    if month is not None:
        year, number, open_year = month
        if open_year and (year, number) < (today.year, today.month):
            year += 1
        return year, number, open_year
    whole = year_named(words, datetime(today.year, today.month, today.day))
    if whole is None or whole[1]:
        return None
    return whole[0], None, False


def _said(value: int, unit: str) -> str:
    return f"{value:,} {unit[:-1] if value == 1 else unit}"


def _kind_of_year(kind: bool | None, unit: str) -> tuple[dict[str, Any], str]:
    """A year of no number ("a year", "a leap year"): a common year's length, and a leap year's beside it unless a
    kind was named; a calendar year is no 365.25 days (the units tool's year, 8,766 hours)."""
    size = PERIOD_UNITS[unit]
    common, leap = 365 * 86_400 // size, 366 * 86_400 // size
    if kind is True:
        return {"period": "a leap year", "days": 366, "in": unit, "value": leap}, \
            f"A leap year has 366 days: {_said(leap, unit)}."
    data: dict[str, Any] = {"period": "a common year", "days": 365, "in": unit, "value": common}
    if kind is False:
        return data, f"A common year has 365 days: {_said(common, unit)}."
    data["leap_year"] = {"days": 366, "value": leap}
    return data, f"A common year has 365 days: {_said(common, unit)}; a leap year has 366: {_said(leap, unit)}."


def period_length(words: str, unit: str, today: date) -> tuple[dict[str, Any], str]:
    """The length of the month or year `words` name ("March 2027", "March", "next month", "2028", "a leap year") in
    `unit` (seconds, minutes, hours or days), from its days, as the data's `value` with its `days`; a month whose
    clocks change an hour in the EU or the US says its length there too (`clock_change`), and February without
    its year the other kind of year's (`leap_year` or `common_year`). Raises ToolError."""
    if unit not in PERIOD_UNITS:
        raise ToolError(f"timespan: in must be {', '.join(PERIOD_UNITS)}; got {unit!r}")
    said = " ".join(words.lower().replace("’", "'").split())
    if said in _KINDS:
        return _kind_of_year(_KINDS[said], unit)
    named = _named(said, today)
    if named is None:
        raise ToolError(f"timespan: {words!r} is no month or year llorch reads; give March 2027, March (the next), "
                        "next month, 2028 or a leap year")
    year, month, open_year = named
    if not 1 <= year <= 9999:
        raise ToolError(f"timespan: the calendar's years run from 1 to 9999; got {year}")
    size = PERIOD_UNITS[unit]
    days = monthrange(year, month)[1] if month is not None else 366 if isleap(year) else 365
    value = days * 86_400 // size
    period = date(year, month, 1).strftime("%B %Y") if month is not None else str(year)
    ended = (date(year, month, days) if month is not None else date(year, 12, 31)) < today
    data: dict[str, Any] = {"period": period, "days": days, "in": unit, "value": value}
    text = f"{period} {'had' if ended else 'has'} {days} days"
    if month is None and days == 366:
        text += " (a leap year)"
    if unit == "days":
        return data, text + "."
    text += f": {_said(value, unit)}"
    changes = _CHANGES.get(month or 0, {}) if year >= _RULES_FROM else {}
    if changes:
        data["clock_change"] = {where: value + hours * 3_600 // size for where, hours in changes.items()}
        by = next(iter(changes.values()))  # (the places of one month change the same way)
        way = "back" if by > 0 else "forward"
        text += (f" ({value + by * 3_600 // size:,} where clocks go {way} an hour that month, as in "
                 f"{' and '.join(changes)})")
    if month == 2 and open_year:
        other, kind = (28, "common_year") if days == 29 else (29, "leap_year")
        data[kind] = {"days": other, "value": other * 86_400 // size}
        named_year = "a common year's" if days == 29 else "a leap year's"
        text += f"; {named_year} February has {other} days: {_said(other * 86_400 // size, unit)}"
    return data, text + "."
