"""Answers about days that touch no file: the calendar tool's `days` and `date` actions (calendar.py).

`answer_days` counts the days from one date to another (or, given a `weekday`, the Mondays in them, say, and which;
given a `unit`, the whole months or years; given `age`, how old someone born on the first is) and `answer_date` says
which day a date is (its day of the year when asked; the next or last leap day too), or whether a year is a leap
year; given several `dates` instead of a range, `answer_days` says the day of the week of each (datelists.py). The
days they read are
parsed by dates.py and monthdays.py, and counted and said by daymath.py; a range's weekends, the leap years between
two years and quarters are counted by yearcounts.py.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolResult
from llorch.tools.datelists import answer_dates
from llorch.tools.dates import parse_day
from llorch.tools.daymath import (WEEKDAY_NAMES, days_listed, from_today, long_date, ordinal, span_of, span_said,
                                  weekday_number, workdays_between)
from llorch.tools.monthdays import month_edge, month_weekday, numbered_weekdays, weekday_day, year_day, year_named
from llorch.tools.weekdayshift import shifted_weekday
from llorch.tools.yearcounts import answer_leap_years, answer_quarter, answer_weekends, leap_day, quarter_of

__all__ = ["DATE_HELP", "answer_date", "answer_days", "text_arg"]

_LISTED = 10  # a weekday's days in a range said one by one up to this many; past it, the first and the last

DATE_HELP = "a date or time: 2026-11-23 14:00, tomorrow 3pm, next friday at 10:30, 23 Nov"


def answer_days(args: Mapping[str, Any], now: datetime) -> ToolResult:
    """The days from `from` (default today) to `to`, counted: what a small model gets wrong in its head. With
    `inclusive`, both days count ("1 to 10 March inclusive": 10 days, where the difference is 9); the weekdays
    always count both. With `weekends` or `leap_years`, yearcounts.py counts those; given `dates`, datelists.py says
    the day of the week of each (and which fall on a weekend, say)."""
    if args.get("dates") is not None:  # several dates, no range: "Which of these fall on a weekend?"
        return answer_dates(args, now)
    if args.get("leap_years"):  # years, not days: "2000" to "2100", both counted unless inclusive is false
        if not text_arg(args, "to"):
            raise ToolError("calendar days with leap_years needs 'to': a year, e.g. from=2000 to=2100")
        first, last = _year_of(text_arg(args, "from") or "this year", now), _year_of(text_arg(args, "to"), now)
        return answer_leap_years(first, last, args.get("inclusive") is not False)
    to = text_arg(args, "to") or ("today" if args.get("age") else "")
    if not to:
        raise ToolError(f"calendar days needs 'to': {DATE_HELP}")
    start, end = parse_day(text_arg(args, "from") or "today", now), parse_day(to, now)
    if args.get("weekends"):
        return answer_weekends(start, end, now.date())
    if args.get("age") or args.get("unit") in ("months", "years"):
        return _span(start, end, now, "years" if args.get("age") else str(args["unit"]), bool(args.get("age")))
    if args.get("weekday") is not None:
        return _weekday_count(args.get("weekday"), start, end, args.get("day_of_month"))
    days = (end - start).days
    inclusive = bool(args.get("inclusive"))
    if inclusive:
        days += 1 if days >= 0 else -1
    weeks, rest = divmod(abs(days), 7)
    split = f" ({weeks:,} week{'s' * (weeks != 1)} and {rest} day{'s' * (rest != 1)})" if weeks and rest else \
        f" ({weeks:,} week{'s' * (weeks != 1)})" if weeks else ""
    count = f"{abs(days):,} day{'s' * (abs(days) != 1)}{split}"
    workdays = workdays_between(start, end)  # ("working days in December 2026": the 1.5B said 26; it is 23)
    weekdays = f"{workdays} weekday{'s' * (workdays != 1)} (Monday to Friday, counting both days; holidays not left out)"
    both = ", counting both days" if inclusive else ""
    if args.get("weekdays"):  # asked for working days: said first (told days first, the 1.5B answered the days)
        text = (f"From {long_date(min(start, end))} to {long_date(max(start, end))}: {weekdays}; {count} in "
                f"all{both}.")
    elif inclusive:  # (the weekdays left out: told both, the 1.5B answered 1 to 31 May inclusive with 21 weekdays)
        text = f"From {long_date(min(start, end))} to {long_date(max(start, end))}{both}: {count}."
    else:  # the weekdays beside a span of a year at most: told a birth date's 13953 days and 9966 weekdays, the 1.5B
        # answered "You are 9966 days old" (nobody asked weekdays over decades)
        text = (f"From {long_date(start)} to {long_date(end)}: {count}" if days >= 0 else
                f"{long_date(end)} is {count} before {long_date(start)}") + (f"; {weekdays}." if abs(days) <= 366 else
                                                                             ".")
    return ToolResult(text, {"from": start.isoformat(), "to": end.isoformat(), "days": days, "weekdays": workdays,
                             **({"inclusive": True} if inclusive else {})})


def _span(start: date, end: date, now: datetime, unit: str, age: bool) -> ToolResult:
    """The whole months or years from one day to another and the rest (daymath.py's `span_of`), or an age: asked the
    months from March 2025 to November 2026, the 1.5B said 8 (20); the age of someone born on 29 February 2000, 25
    (26)."""
    if age and start > end:
        raise ToolError(f"calendar days: someone born on {long_date(start)} was not yet born on {long_date(end)}")
    first, last = min(start, end), max(start, end)
    years, months, days = span_of(first, last, birthday=age)
    total = (last - first).days
    data = {"from": start.isoformat(), "to": end.isoformat(), "days": total, "unit": unit,
            **({"years": years, "months_over": months} if unit == "years" else {"months": years * 12 + months}),
            "days_over": days, **({"age": True} if age else {})}
    span = span_said(years, months, days) if unit == "years" else span_said(0, years * 12 + months, days)
    if not age:
        return ToolResult(f"From {long_date(first)} to {long_date(last)}: {span} ({total:,} day{'s' * (total != 1)}).",
                          data)
    verb, when = ("is", "today") if end == now.date() else ("was", f"on {long_date(end)}") if end < now.date() else \
        ("will be", f"on {long_date(end)}")
    leap = " A 29 February birthday is counted on 1 March in a common year." if (start.month, start.day) == (2, 29) \
        else ""
    return ToolResult(f"Someone born on {long_date(start)} {verb} {years:,} year{'s' * (years != 1)} old {when} "
                      f"({span}; {total:,} day{'s' * (total != 1)}).{leap}", data)


def _weekday_count(name: Any, start: date, end: date, number: Any = None) -> ToolResult:
    """How many Mondays (or another weekday) fall from `start` to `end`, both counted, and which: asked how many
    Mondays March 2027 has, the 1.5B said 4 (there are 5: 1, 8, 15, 22 and 29). Given a day of the month (13), the
    weekdays that fall on it: asked how many Friday the 13ths 2027 has, the 1.5B said none (13 August)."""
    weekday = weekday_number(name) if isinstance(name, str) else None
    if weekday is None:
        raise ToolError(f"calendar days: weekday must be a day of the week, 'monday' to 'sunday'; got {name!r}")
    if number is not None and (not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 31):
        raise ToolError(f"calendar days: day_of_month must be a whole number from 1 to 31; got {number!r}")
    first, last = min(start, end), max(start, end)
    called = WEEKDAY_NAMES[weekday].capitalize()
    if number is not None:
        found = numbered_weekdays(first, last, weekday, number)
        count, listed = len(found), found
        ends = (found[0], found[-1]) if found else None
        one = f"{called} the {number}{ordinal(number)}"
        plural = f"{called}s the {number}{ordinal(number)}" if count != 1 else one
    else:
        ahead = (weekday - first.weekday()) % 7
        count = 0 if (last - first).days < ahead else ((last - first).days - ahead) // 7 + 1
        on = first + timedelta(days=ahead)
        listed = [on + timedelta(weeks=k) for k in range(min(count, _LISTED))]
        ends = (on, on + timedelta(weeks=count - 1)) if count else None
        one, plural = called, f"{called}{'s' * (count != 1)}"
    dates = listed if count <= _LISTED else []
    which = days_listed(dates) if dates else \
        f"the first on {long_date(ends[0])}, the last on {long_date(ends[1])}" if ends else ""
    whole_month = first.day == 1 and last.day == monthrange(last.year, last.month)[1] and \
        (first.year, first.month) == (last.year, last.month)
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year
    if whole_month or whole_year:  # a whole month or year, said as one: "March 2027 has 5 Mondays: 1, 8, …"
        period = first.strftime("%B %Y") if whole_month else str(first.year)
        text = f"{period} has {count} {plural}: {which}." if count else f"{period} has no {one}."
    else:
        text = (f"From {long_date(first)} to {long_date(last)}, counting both days: "
                + (f"{count:,} {plural} ({which})." if count else f"no {plural}."))
    return ToolResult(text, {"from": start.isoformat(), "to": end.isoformat(), "days": (end - start).days,
                             "day_of_week": called, **({"day_of_month": number} if number is not None else {}),
                             "count": count,
                             **({"dates": [d.isoformat() for d in dates]} if count <= _LISTED else {})})


def answer_date(args: Mapping[str, Any], now: datetime) -> ToolResult:
    """The day a date names, with its weekday ("in 90 days", "next friday", "1 January 2000"): a small model told
    today's date still counts on to the wrong day and names the wrong weekday."""
    text = text_arg(args, "date")
    if not text:
        raise ToolError(f"calendar date needs 'date': {DATE_HELP}")
    shifted = shifted_weekday(text)  # "100 days after a monday": a weekday, no date
    if shifted is not None:
        return shifted
    as_year = year_named(text, now)
    if as_year is not None:  # "2100", "next year": no day, a year ("February 2032": its February first)
        return _year(as_year[0], now, february=as_year[1])
    quarter = answer_quarter(text, now)  # "Q2 2027", "next quarter", "the quarter of 14 August 2027"
    if quarter is not None:
        return quarter
    leap = leap_day(text, now)  # "the next leap day": 29 February 2028, asked in December 2026 (yearcounts.py)
    day = leap[0] if leap is not None else parse_day(text, now)
    days = (day - now.date()).days
    when = from_today(days)
    named = f"{day.day} {day.strftime('%B')} {day.year}"
    verb = "is" if days >= 0 else "was"
    year, week, _ = day.isocalendar()  # (ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday)
    of_year = "" if year == day.year else f" of {year}"
    said = f"{named} {verb} a {day.strftime('%A')}"
    edge = leap or month_edge(text, now) or month_weekday(text, now) or year_day(text, now) or weekday_day(text, now)
    if edge is not None:  # said as asked: "the last day of February 2028" (the 1.5B, no tool called: "March 31st"),
        # "the third Thursday of November 2027" (the 1.5B: "December 14, 2027"), "the 100th day of 2027" (the 1.5B:
        # 31 December 2027; 10 April), "the next Friday the 13th"
        said = f"{edge[1][0].upper()}{edge[1][1:]} {verb} {long_date(day)}"
    of_days = day.timetuple().tm_yday
    if args.get("day_of_year"):  # asked: "1 March 2027 is the 60th day of 2027 (a Monday)" (the 1.5B: the 45th); the
        # number first: told "… is a Sunday, the 227th day of the year", it answered that the day was a Sunday
        return ToolResult(f"{named} {verb} the {of_days}{ordinal(of_days)} day of {day.year} (a {day.strftime('%A')}, "
                          f"in ISO week {week}{of_year}; {when}).",
                          {"date": day.isoformat(), "weekday": day.strftime("%A"), "from_today": days,
                           "iso_week": week, "iso_year": year, "day_of_year": of_days, "quarter": quarter_of(day)})
    return ToolResult(f"{said}, in ISO week {week}{of_year} ({when}).",
                      {"date": day.isoformat(), "weekday": day.strftime("%A"), "from_today": days, "iso_week": week,
                       "iso_year": year, "day_of_year": of_days, "quarter": quarter_of(day),
                       **({"leap_day": True} if leap is not None else {})})


def _year(year: int, now: datetime, *, february: bool = False) -> ToolResult:
    """Whether a year is a leap year, its days and February's, and the leap years either side: asked "Is 2100 a
    leap year?", the 1.5B said yes (a year divisible by 100 is one only when divisible by 400)."""
    if not 1 <= year <= 9999:
        raise ToolError(f"calendar date: the year {year} is outside 1 to 9999, the years a calendar holds")
    leap = isleap(year)
    why = ("divisible by 400" if year % 400 == 0 else "divisible by 4 and not by 100" if leap else
           "a year divisible by 100 is a leap year only when divisible by 400" if year % 100 == 0 else
           "not divisible by 4")
    past = year < now.year
    is_, has = ("was", "had") if past else ("is", "has")
    before = next((y for y in range(year - 1, max(year - 9, 0), -1) if isleap(y)), None)
    after = next((y for y in range(year + 1, min(year + 9, 10000)) if isleap(y)), None)
    if leap:
        text = (f"{year} {is_} a leap year ({why}): it {has} 366 days, and February {year} {has} 29 days "
                f"(29 February {year} {is_} a {date(year, 2, 29).strftime('%A')}).")
    else:
        text = f"{year} {is_} not a leap year ({why}): it {has} 365 days, and February {year} {has} 28 days."
    if february:  # asked "How many days does February 2032 have?", the 1.5B answered "2032 has 29 days."
        text = f"February {year} {has} {29 if leap else 28} days: {text}"
    last, following = ("The last leap year was", "the next is") if year == now.year else \
        (f"The leap year before {year} is", "the one after it is")
    text += (f" {last} {before}" if before else " No leap year comes before it (the calendar starts at year 1)")
    text += (f"; {following} {after}." if after else "; none comes after it up to 9999, where the calendar ends.")
    return ToolResult(text, {"year": year, "leap": leap, "days_in_year": 366 if leap else 365,
                             "february_days": 29 if leap else 28, "previous_leap": before, "next_leap": after})


def _year_of(text: str, now: datetime) -> int:
    """The year a `from` or `to` names: a year ("2000", "1", "next year") or a day's ("2000-01-01")."""
    if text.isdigit() and len(text) <= 5:  # (a bare number is a year here: years are what leap_years counts)
        return int(text)
    named = year_named(text, now)
    return named[0] if named is not None and not named[1] else parse_day(text, now).year


def text_arg(args: Mapping[str, Any], key: str) -> str:
    """A tool argument's text, stripped; "" when it is missing or not a string."""
    value = args.get(key)
    return value.strip() if isinstance(value, str) else ""
