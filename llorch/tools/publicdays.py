"""The `holidays` tool: a country's public holidays, from the `holidays` package's rules, not remembered.

Asked 12 questions about public holidays, the 1.5B got 10 wrong: Labor Day 2027 on 3 September (the 6th), Martin
Luther King Jr. Day on 15 January (the 18th), Canada Day on "Monday, December 1" (Thursday 1 July), "Germany does
not have any public holidays in May 2027" (three: 1, 6 and 17 May), no to 31 May 2027 in the US (Memorial Day),
Christmas as the next UK bank holiday after New Year's Day (Good Friday, 26 March), and a list of England's bank
holidays with Halloween and a Mid-Autumn Festival in it. `holidays_asked` (holidayquestions.py) recognises a message
that plainly asks when a named holiday is, whether a day is a public holiday, which holidays a country has in a month
or a year, or when the next one is, so that it goes to the tool before the model answers (chat/conversation.py's
exact step).

This module answers the tool's calls (`explain`); the countries, regions and their holidays are read from the rules
by holidayrules.py, which says which country a question is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.dates import parse_day
from llorch.tools.daymath import add_workdays, from_today, long_date, workdays_between
from llorch.tools.holidayrules import (MONTHS, country_arg, country_name, find_holiday, holiday_calendar,
                                       subdivisions)

__all__ = ["ACTIONS", "HolidaysTool", "explain"]

ACTIONS = ("date", "check", "list", "next", "workdays", "add")


def _where(code: str, subdiv: str | None) -> str:
    return country_name(code, "ENG" if code == "GB" and subdiv is None else subdiv)


def _regional_note(code: str, subdiv: str | None) -> str:
    import holidays

    if code == "GB" and subdiv is None:
        return " (England's; Scotland, Wales and Northern Ireland differ)"
    rules = holidays.country_holidays(code)  # (no year: nothing computed)
    return " (nationwide ones; regions add their own)" if getattr(rules, "subdivisions", ()) and subdiv is None else ""


def _elsewhere(code: str, day: date) -> dict[str, str]:
    """The regions of a country (the UK's other nations than England) whose own holiday `day` is, to its name."""
    national = holiday_calendar(code, day.year, None)
    return {region: said for region in subdivisions(code) if region != "ENG"
            and (said := holiday_calendar(code, day.year, region).get(day)) and day not in national}


def _regions_said(code: str, regions: list[str]) -> str:
    """Regions by name, in a sentence: "Alberta, British Columbia and Ontario"."""
    names = [country_name(code, region) for region in regions]
    return and_joined(names)


def _year(args: Mapping[str, Any], now: datetime) -> int | None:
    year = args.get("year")
    if year in (None, ""):
        return None
    try:
        value = int(year)
    except (TypeError, ValueError):
        raise ToolError(f"holidays: 'year' must be a year such as 2027, not {year!r}") from None
    if not 1900 <= value <= 2200:
        raise ToolError(f"holidays: {value} is outside the years the rules cover (1900 to 2200)")
    return value


def explain(args: Mapping[str, Any], now: datetime) -> tuple[str, dict[str, Any]]:
    """The tool's answer and data for `args` (action: date, check, list or next)."""
    action = str(args.get("action") or "date")
    if action not in ACTIONS:
        raise ToolError(f"holidays: action must be one of {', '.join(ACTIONS)}, not {action!r}")
    year = _year(args, now)
    today = now.date()
    if action == "date":
        name = " ".join(str(args.get("name") or "").lower().replace("’", "'").split())
        if not name:
            raise ToolError("holidays date needs 'name': a holiday such as Thanksgiving or Canada Day")
        code, subdiv = country_arg(args, required=False) if args.get("country") else (None, None)
        found = find_holiday(name, year or today.year, code, subdiv)
        if found is not None and year is None and found[0] < today:  # the next one
            found = find_holiday(name, today.year + 1, found[2] if code is None else code, subdiv)
        if found is None:
            where = f" in {_where(code, subdiv)}" if code else ""
            raise ToolError(f"holidays: no public holiday called {name!r}{where} in {year or today.year}")
        day, said, country, regions = found
        days = (day - today).days
        when = from_today(days)
        verb = "is" if days >= 0 else "was"
        where = (f" (in {_regions_said(country, list(regions))}, not the whole of {country_name(country, None)})"
                 if regions else f" in {_where(country, subdiv)}")
        text = f"{said}{where} {verb} on {long_date(day)} ({when})."
        return text, {"name": said, "country": country, "date": day.isoformat(), "weekday": day.strftime("%A"),
                      "day": day.day, **({"regions": list(regions)} if regions else {})}
    code, subdiv = country_arg(args, required=True)
    assert code is not None
    where = _where(code, subdiv)
    note = _regional_note(code, subdiv)
    if action == "workdays":
        return _workdays(args, now, code, subdiv, where, note)
    if action == "add":
        return _add(args, now, code, subdiv, where, note)
    if action == "check":
        day = parse_day(str(args.get("date") or "today"), now)
        table = holiday_calendar(code, day.year, subdiv)
        holiday = table.get(day)
        elsewhere = {} if holiday or subdiv is not None else _elsewhere(code, day)
        if holiday:
            text = f"{long_date(day)} is a public holiday in {where}: {holiday}."
        elif elsewhere:  # (6 January in Germany: Epiphany in three Länder; 2 January in the UK: Scotland's)
            named: dict[str, list[str]] = {}
            for region, said in elsewhere.items():
                named.setdefault(said, []).append(region)
            kept = ("; ".join(f"in {_regions_said(code, regions)} ({said})" for said, regions in named.items())
                    if len(named) > 1 else f"in {_regions_said(code, next(iter(named.values())))}: {next(iter(named))}")
            text = (f"{long_date(day)} is not a public holiday in {where}{'' if code == 'GB' else ' as a whole'}; it "
                    f"is one {kept}.")
        else:
            text = f"{long_date(day)} is not a public holiday in {where}{note}."
        return text, {"date": day.isoformat(), "country": code, "holiday": holiday is not None, "name": holiday,
                      **({"regions": elsewhere} if elsewhere else {})}
    if action == "next":
        start = parse_day(str(args.get("date") or "today"), now)
        for year_at in (start.year, start.year + 1):
            after = [(d, n) for d, n in holiday_calendar(code, year_at, subdiv).items() if d > start]
            if after:
                day, said = after[0]
                return (f"The next public holiday in {where} after {long_date(start)} is {said}, on "
                        f"{long_date(day)}{note}.",
                        {"date": day.isoformat(), "name": said, "country": code, "weekday": day.strftime("%A"),
                         "day": day.day})
        raise ToolError(f"holidays: no public holiday in {where} after {long_date(start)} in two years")
    month_text = str(args.get("month") or "").strip().lower()
    month = None
    if month_text:
        month = next((i + 1 for i, m in enumerate(MONTHS) if m.startswith(month_text[:3])), None)
        if month is None:
            raise ToolError(f"holidays: {month_text!r} is no month")
    in_year = year or today.year
    listed_days = [(d, n) for d, n in holiday_calendar(code, in_year, subdiv).items()
                   if month is None or d.month == month]
    span = f"{MONTHS[month - 1].title()} {in_year}" if month else str(in_year)
    if not listed_days:
        return (f"{where[0].upper() + where[1:]} has no public holiday in {span}{note}.",
                {"country": code, "year": in_year, "month": month, "holidays": []})
    listed = "\n".join(f"- {_day_said(d, n)}" for d, n in listed_days)
    return (f"Public holidays in {where} in {span}{note}:\n{listed}",
            {"country": code, "year": in_year, "month": month,
             "holidays": [{"date": d.isoformat(), "name": n} for d, n in listed_days]})


def _workdays(args: Mapping[str, Any], now: datetime, code: str, subdiv: str | None, where: str,
              note: str) -> tuple[str, dict[str, Any]]:
    if not args.get("from") or not args.get("to"):
        raise ToolError("holidays workdays needs 'from' and 'to': the first and last day (both counted)")
    start, end = sorted((parse_day(str(args["from"]), now), parse_day(str(args["to"]), now)))
    if end.year - start.year > 50:
        raise ToolError("holidays workdays: a span of more than 50 years is more than the tool counts")
    weekdays = workdays_between(start, end)
    off = _weekday_holidays(code, subdiv, start, end)
    said = "; ".join(_day_said(d, n) for d, n in off)
    fall = "1 public holiday falls" if len(off) == 1 else f"{len(off)} public holidays fall"
    text = (f"From {long_date(start)} to {long_date(end)}: {weekdays} weekdays, {weekdays - len(off)} working days in "
            f"{where}{note}: " + (f"{fall} on a weekday ({said})." if off else "no public holiday falls on a weekday."))
    return text, {"from": start.isoformat(), "to": end.isoformat(), "weekdays": weekdays,
                  "workdays": weekdays - len(off), "country": code,
                  "holidays": [{"date": d.isoformat(), "name": n} for d, n in off]}


def _add(args: Mapping[str, Any], now: datetime, code: str, subdiv: str | None, where: str,
         note: str) -> tuple[str, dict[str, Any]]:
    try:
        count = int(args.get("days"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ToolError("holidays add needs 'days': how many working days on (negative: back), such as 10") from None
    if abs(count) > 10_000:
        raise ToolError(f"holidays add: {count} working days is more than the tool counts (10,000 at most)")
    start = parse_day(str(args.get("from") or "today"), now)
    day = add_workdays(start, count, off=lambda d: d in holiday_calendar(code, d.year, subdiv))
    one = timedelta(days=1)
    # the days passed over: between the two, neither counted (the start is no day on, the end a working day)
    skipped = _weekday_holidays(code, subdiv, start + one, day - one) if count >= 0 else \
        _weekday_holidays(code, subdiv, day + one, start - one)[::-1]  # (in the order they were passed over)
    way = "after" if count >= 0 else "before"
    said = "; ".join(_day_said(d, n) for d, n in skipped)
    passed = (f"{'1 public holiday' if len(skipped) == 1 else f'{len(skipped)} public holidays'} on a weekday left out "
              f"({said})" if skipped else "no public holiday on a weekday between")
    text = (f"{abs(count)} working day{'s' if abs(count) != 1 else ''} {way} {long_date(start)} in {where} is "
            f"{long_date(day)}: {passed}{note}.")
    return text, {"from": start.isoformat(), "days": count, "date": day.isoformat(), "weekday": day.strftime("%A"),
                  "day": day.day, "country": code, "skipped": [{"date": d.isoformat(), "name": n} for d, n in skipped]}


def _weekday_holidays(code: str, subdiv: str | None, first: date, last: date) -> list[tuple[date, str]]:
    """The public holidays that fall on a weekday from `first` to `last` (both counted), in order."""
    return sorted((d, n) for y in range(first.year, last.year + 1) for d, n in holiday_calendar(code, y, subdiv).items()
                  if first <= d <= last and d.weekday() < 5)


def _day_said(day: date, name: str) -> str:
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}: {name}"


class HolidaysTool:
    """A country's public holidays: when one is, whether a day is one, a month's or year's list, the next one."""

    name = "holidays"
    description = ("Public holidays by country or region, from their rules: when a holiday is (Thanksgiving 2027), "
                   "whether a day is one, a list for a month or year, the next one, the working days in a span, or "
                   "the day some working days on")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS), "description": "what to find"},
            "name": {"type": "string", "maxLength": 80, "description": "date: the holiday (Labor Day)"},
            "country": {"type": "string", "maxLength": 60,
                        "description": "a country's name or code (UK, DE); default: this machine's locale"},
            "date": {"type": "string", "maxLength": 60, "description": "check, next: the day (default today)"},
            "from": {"type": "string", "maxLength": 60, "description": "workdays: the first day; add: the day "
                                                                       "counted from (default today)"},
            "to": {"type": "string", "maxLength": 60, "description": "workdays: the last day (counted)"},
            "days": {"type": "integer", "description": "add: working days on from 'from' (negative: back)"},
            "year": {"type": "integer", "description": "date, list: the year (default: this one, or the next)"},
            "month": {"type": "string", "maxLength": 20, "description": "list: a month (May)"},
        },
        "required": ["action"],
    }
    positional = ("action", "name")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("when is thanksgiving 2027?", {"action": "date", "name": "thanksgiving", "year": 2027}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        text, data = explain(args, ctx.now())
        return ToolResult(text, data, verdict=data["holiday"] if "holiday" in data else None)
