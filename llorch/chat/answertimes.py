"""What an answer must give of a time of day, a span's parts, a speed or a pace that a tool worked out.

answercheck.py's `_exact_values` sends the clock's and timespan's times here (`clock_time`, a `ClockTime` with its
day, which `fault` and recheck.py read apart from other values), a calendar span asked in parts (`span_parts`), a
duration the timespan tool said in parts (`duration_parts`) and the units tool's speeds and paces (`speed_values`).
They live apart from its dispatch by tool because each reads the question (or the tool's data) for what it names: the
parts of a span, a pace per mile or per km, a speed's unit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llorch.chat.answerforms import clock_forms, part_forms
from llorch.chat.expect import Checked, Expect

__all__ = ["ClockTime", "clock_time", "duration_parts", "span_parts", "speed_values"]


# The parts of a span a question names: "in years, months and days", "How many years and months since …".
_PARTS_ASKED = re.compile(r"\b(?:in|as|how\s+many)\s+(?:terms\s+of\s+)?(?:whole\s+)?(?P<parts>(?:years?|months?|days?)"
                          r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:years?|months?|days?))+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ClockTime(Expect):
    """A time of day the clock or timespan tool worked out (`time`, "21:00"; its forms are `values`), and where
    known the day it falls on (`day`, ISO) and how many days that is from the day the question gave (`days`): the
    answer must give the time as it reads ("9:00 am", or a bare "9:00", is no 21:00) and name no other day beside
    it (answerforms.clock_given)."""

    time: str = ""
    day: str = ""
    days: int | None = None


def clock_time(data: Mapping[str, Any]) -> ClockTime:
    """A time of day a tool worked out, on its day where it says it (told a flight lands at 03:30 on 10 March, the
    answer "3:30 am on 11 March" is a day out): a trip's (tools/arrivals.py), or a time some hours from another; a
    conversion's time only (its answer names both places' days, and which is whose is no plain reading)."""
    hhmm, day, days = str(data["time"]), str(data.get("date") or "") if "days" in data else "", data.get("days")
    forms = tuple(form for form in clock_forms(hhmm)  # (no bare 12-hour "9:00" for 21:00, nor "12:30" for 00:30)
                  if (bare := re.fullmatch(r"(\d{1,2}):\d\d", form)) is None or int(bare.group(1)) == int(hhmm[:2]))
    return ClockTime("any", forms, time=hhmm, day=day if re.fullmatch(r"\d{4}-\d\d-\d\d", day) else "",
                      days=days if isinstance(days, int) and not isinstance(days, bool) else None)


def span_parts(data: Mapping[str, Any], asked: str) -> Checked:
    """The parts of a span that a question names two or more of ("in years, months and days"), each as an answer
    may write it, in order, those that are 0 left out; () where it names fewer."""
    named = _PARTS_ASKED.search(asked)
    if named is None or data.get("age"):
        return ()
    units = {unit.lower().rstrip("s") for unit in re.findall(r"[a-z]+", named.group("parts"), re.IGNORECASE)}
    values = {"year": data.get("years"), "month": data.get("months_over"), "day": data.get("days_over")} \
        if data.get("unit") == "years" else {"month": data.get("months"), "day": data.get("days_over")}
    parts = tuple(part_forms(n, unit) for unit, n in values.items() if unit in units and isinstance(n, int) and n)
    return Expect("in_order", parts) if parts else ()


# What an answer may write a part's unit as besides its name ("13 hrs", "46m", "40 sec").
_SHORT_UNITS = {"weeks": ("wk", "wks", "w"), "days": ("d",), "hours": ("hr", "hrs", "h"),
                "minutes": ("min", "mins", "m"), "seconds": ("sec", "secs", "s")}


def duration_parts(data: Mapping[str, Any]) -> Checked:
    """The parts of one duration the timespan tool said in parts (its `split`: 1,000,000 seconds is 11 days, 13
    hours, 46 minutes and 40 seconds; the 1.5B said 11 days 11 hours 36 minutes), each as an answer may write it
    ("13 hours", "thirteen hours", "13h", "13 hrs"), in order; those that are 0 left out ("8 hours" is 8 hours and
    0 minutes), as are the seconds over the units asked (asked the minutes, an answer may stop at them). Hours,
    minutes and seconds may be
    given at once: "27:46:40"; () where the data holds no such parts."""
    parts = data.get("parts")
    if not isinstance(parts, list) or not parts or not all(
            isinstance(p, list) and len(p) == 2 and p[1] in _SHORT_UNITS and isinstance(p[0], (int, float))
            and not isinstance(p[0], bool) and p[0] >= 0 for p in parts):
        return ()
    asked = data.get("asked")
    if not isinstance(asked, list) or not asked:
        return ()  # ("How long is 90 minutes?": no units asked, "1.5 hours" answers it as well as 1 hour 30 minutes)
    each: list[tuple[str, ...]] = []
    for n, unit in parts:
        if not n or unit not in asked:
            continue  # (the seconds over the minutes asked may be left unsaid: "in days, hours and minutes")
        written = f"{n:,}" if isinstance(n, int) else f"{n}"
        named = part_forms(n, unit[:-1]) if isinstance(n, int) else (f"{written} {unit}",)
        short = (f"{number}{space}{abbreviation}" for number in dict.fromkeys((written, written.replace(",", "")))
                 for abbreviation in _SHORT_UNITS[unit] for space in ("", " "))
        each.append(tuple(dict.fromkeys((*named, *short))))
    if not each:
        return ()
    seconds = data.get("seconds")
    whole: tuple[str, ...] = ()
    if parts[0][1] == "hours" and isinstance(seconds, int) and not isinstance(seconds, bool):
        hours, rest = divmod(seconds, 3_600)
        whole = (f"{hours}:{rest // 60:02d}:{rest % 60:02d}", *((f"{hours}:{rest // 60:02d}",) if not rest % 60
                                                                 else ()))
    return Expect("in_order", tuple(each), whole=whole)


# A pace asked, and per what where the question says ("pace per mile", "minutes per km", "min/mile").
_PACE_ASKED = re.compile(r"\bpace\b(?:\s+(?:in\s+)?(?:(?:minutes?|mins?)\s*)?(?:/|per\b|an?\b|every\b)\s*"
                         r"(?P<per>[a-z]+))?"
                         r"|\b(?:minutes?|mins?)\s*(?:/|\s(?:per|an?|every)\s)\s*(?P<per2>km\b|kilomet|mi\b|miles?\b)",
                         re.IGNORECASE)
_SPEED_ASKED = re.compile(r"\b(?:speed|fast|rate|velocity)\b", re.IGNORECASE)
# A speed's unit as a question names it, by the units tool's symbol (case matters for MB and Mb).
_SPEED_NAMES = (("km/h", r"(?i:km\s*/\s*h(?:r|our)?|kph|kmh|(?:km|kilomet(?:er|re)s?)\s+(?:per|an?)\s+hour)"),
                ("mph", r"(?i:mph|mi\s*/\s*h|miles?\s+(?:per|an?)\s+hour)"),
                ("m/s", r"(?i:m\s*/\s*s\b|met(?:er|re)s?\s+(?:per|a)\s+second)"), ("kn", r"(?i:knots?)"),
                ("MB/s", r"MB\s*/\s*s|MBps|(?i:megabytes?\s+(?:per|a)\s+second)"),
                ("Mbit/s", r"Mb(?:it)?\s*/\s*s|(?i:mbps|megabits?\s+(?:per|a)\s+second)"))


def speed_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of a quantity's speed or pace (the units tool's `took`): asked the pace, the pace
    per mile or per km as asked (else per the distance's own unit) — the 1.5B gave 15.67 minutes/km for 5 km in
    15:40, the whole run's minutes; asked the speed, the speed in the unit the question names (or the tool was
    asked for), else any the tool said (10.44 m/s for 100 m in 9.58 s is as right as 37.58 km/h)."""
    speeds = {str(k): float(v) for k, v in (data.get("speed") or {}).items() if isinstance(v, (int, float))}
    paces = data.get("pace") if isinstance(data.get("pace"), Mapping) else {}
    pace = _PACE_ASKED.search(asked)
    if pace is not None and paces:
        per = (pace.group("per") or pace.group("per2") or "").lower()
        unit = "mile" if per.startswith("mi") else "km" if per.startswith("k") else \
            "mile" if data.get("from") in ("mi", "yd", "ft", "in") else "km"
        value = paces.get(unit)  # (and not beside the other unit: "3:08 per mile" asked per km)
        return Expect("pace", (float(value), unit)) if isinstance(value, (int, float)) and value > 0 else ()
    if not speeds or (pace is None and _SPEED_ASKED.search(asked) is None
                      and not any(re.search(name, asked) for _, name in _SPEED_NAMES)):
        return ()
    named = [symbol for symbol, name in _SPEED_NAMES if symbol in speeds and re.search(name, asked)]
    if named:
        return tuple(speeds[symbol] for symbol in named)
    return (next(iter(speeds.values())),) if data.get("to") else tuple(speeds.values())
