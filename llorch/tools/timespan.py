"""The `timespan` tool: the time between two times of day, and a time of day plus or minus a duration, worked
out rather than carried in the head.

Asked, the 1.5B gave 7 hours from 11:30pm to 6:15am (6 h 45 min), 4:30 pm for 90 minutes before 1:10 pm (11:40
am), 160 minutes from 14:20 to 16:05 (105) and 2:30 PM for 8:45 plus 7.5 hours (16:15). A span that ends at an
earlier time of day runs past midnight. The questions that go to the tool before the model answers are recognised
in timespanquestions.py.

Durations are read, added up (`sum`) and said in one unit (`in`) by durations.py.

Asked the difference between 14:35 and 09:50, the 1.5B said 4 hours and 25 minutes (4 h 45 min): a difference of
two times of day (`apart`) is the later less the earlier on one day, whichever is said first, and says what it
would be overnight.

Asked how many seconds there are between 10:15:30 and 10:47:05, the 1.5B said 60 (1,895: 31 min 35 s), so times of
day and durations are read to the second where they give seconds ("10:15:30 am", "90 seconds"), and what they
work out keeps its seconds (clock.time_to_second reads them).

Asked how many hours there are between Monday 9am and Friday 5pm, the 1.5B said 16 (104: 4 days 8 hours), so a
start and end may each name a weekday (`week_span`): the end counts forward from the start, over a weekend too
(Friday 10pm to Monday 6am is 56 hours), and the same weekday at an earlier or equal time is a week on.

Asked how many seconds there are until midnight if it is 23:42:10, the 1.5B said 81,490 (1,070: 17 minutes 50
seconds), so a span may be said in a unit (`in`), that unit first and then its parts, and an end at midnight is
the end of the start's day (24:00).

Asked how many hours there are in March, the 1.5B said 21 (744), so a month or a year (`period`) is said in a unit
too, from its days (periodlength.py).

Asked how many hours there are between 2026-12-07 09:00 and 2026-12-09 17:30, the 1.5B said 8.5 (56.5: it took
the two times of day and left the days out), so a start and end may each name a date (`date_span`): "2026-12-07
09:00", "2026-12-07T09:00", "7 December 2026 9am", "9am on 7 December 2026"; an end that is a time of day alone is
on the start's day (the next, where it is earlier). The length is wall-clock time: a change of the clocks between
them is not counted.

Asked how many hours it worked this week of a piped time sheet ("Mon 08:55-17:10", ...), the 1.5B said 40 hours (40 h
25 min): a `sheet` is each line's length and their total (timesheets.py), set only by the exact step.

Asked to add up call durations 12:03, 4:45 and 7:30, the 1.5B said 14 hours 28 minutes (24:18: they are minutes and
seconds): a list of `durations` ("Lap 1: 1:32", "1:02:05", "2m 30s"), its `stat` (sum, mean, median, max, min,
fastest, slowest) and how a bare 12:03 reads (`as`: m:ss or h:mm) are durationlists.py's, set only by the exact step.

Asked how long 1,000,000 seconds is in days, hours and minutes, the 1.5B said 11 days 11 hours 36 minutes (11 days, 13
hours, 46 minutes and 40 seconds): one duration (`split`) said in the units asked (`parts`) is durationparts.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import EXACT_ONLY, ToolContext, ToolResult
from llorch.tools.clock import HALF_DAY, clock_text, time_to_second
from llorch.tools.daymath import WEEKDAY_NAMES, weekday_number
from llorch.tools.durationparts import split_duration
from llorch.tools.durations import (IN_UNITS, MAX_SUM, amount_text, hours_minutes, hours_minutes_seconds, read_duration,
                                    summed)
from llorch.tools.periodlength import period_length

__all__ = ["TimespanTool", "apart", "date_span", "dated", "on_weekday", "seconds_of", "shifted", "span", "week_span"]

_DAY = 24 * 60
_DAY_S = _DAY * 60


def seconds_of(time: str) -> tuple[int, bool]:
    """A time of day as seconds after midnight, and whether it gave its seconds ("10:15:30", "10:15:30 am")."""
    try:
        read = time_to_second(time, bare_hour=False)  # (a bare "9" could be anything)
    except ValueError:
        raise ToolError(f"timespan: {time!r} is no time of day") from None
    if read is None:
        raise ToolError(f"timespan: {time!r} is no time of day; give 13:10, 1:10 pm, 9am or noon")
    hour, minute, second = read
    return (hour * 60 + minute) * 60 + (second or 0), second is not None


def _clock(minutes: int) -> str:
    return clock_text(*divmod(minutes % _DAY, 60))


def _short(seconds: int, exact: bool) -> str:
    """A time of day as the data gives it: "10:47", or "10:47:05" where seconds were given (`exact`)."""
    hour, rest = divmod(seconds % _DAY_S, 3_600)
    return f"{hour:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if exact else "")


def _at(seconds: int, exact: bool) -> str:
    """A time of day both ways, as clock_text says it ("10:47 (10:47 am)"), with its seconds where `exact`."""
    if not exact:
        return _clock(seconds // 60)
    said, hour = _short(seconds, True), seconds % _DAY_S // 3_600
    return f"{said} ({hour % 12 or 12}{said[2:]} {'am' if hour < 12 else 'pm'})"


def _length(minutes: int) -> str:
    said, (hours, rest) = hours_minutes(minutes), divmod(abs(minutes), 60)
    return f"{said} ({abs(minutes):,} minutes)" if hours and rest else said


def _spoken(seconds: int, exact: bool) -> str:
    """A length in words; to the second where `exact`, with its seconds counted from a minute up ("31 minutes 35
    seconds (1,895 seconds)": the asker gave seconds, and may want them)."""
    if not exact:
        return _length(seconds // 60)
    said = hours_minutes_seconds(seconds)
    return f"{said} ({abs(seconds):,} seconds)" if abs(seconds) >= 60 else said


def _counted(seconds: int, exact: bool) -> dict[str, int]:
    """A length as the data gives it: its `minutes`, or where seconds were given its `seconds` instead (a check of
    an answer against its whole minutes would call "1,895 seconds" wrong)."""
    return {"seconds": seconds} if exact else {"minutes": seconds // 60}


def span(start: str, end: str, unit: str = "") -> tuple[dict[str, Any], str]:
    """The time from `start` to `end` (the next day when `end` is earlier; an end at midnight is the end of the
    day, 24:00), to the second where either gives seconds (its length is then the data's `seconds`, not
    `minutes`). With `unit`, said in it first and then in parts ("1,070 seconds (17 minutes 50 seconds)"), with
    the data's `unit` and `value`; asked in seconds, the length is `seconds` whatever the times give."""
    if unit and unit not in IN_UNITS:
        raise ToolError(f"timespan: in must be {', '.join(IN_UNITS)}; got {unit!r}")
    (a, a_s), (b, b_s) = seconds_of(start), seconds_of(end)
    exact, length = a_s or b_s, (b - a) % _DAY_S
    at_end = b == 0 and a > 0  # (midnight after a start: 24:00 on its day, not 00:00 the next)
    later = " the next day" if b < a and not at_end else ""
    last = ("24:00:00" if exact else "24:00") if at_end else _short(b, exact)
    ends = f"{_at(a, exact)} to {f'midnight ({last})' if at_end else _at(b, exact)}{later}"
    data: dict[str, Any] = {"start": _short(a, exact), "end": last, **_counted(length, exact or unit == "seconds"),
                            "next_day": bool(later)}
    if not unit:
        return data, f"From {ends} is {_spoken(length, exact)}."
    value = length / IN_UNITS[unit]
    amount, parts = amount_text(value), hours_minutes_seconds(length)
    in_unit = f"{amount} {unit[:-1] if amount == '1' else unit}"
    data.update(unit=unit, value=round(value, 6))
    return data, f"From {ends} is {in_unit if in_unit == parts else f'{in_unit} ({parts})'}."


def apart(first: str, second: str, which: str = "") -> tuple[dict[str, Any], str]:
    """How far apart two times of day are on one day: the later less the earlier, whichever comes first. When the
    first is the later, it also says the span from it to the second the next day (23:00 and 01:00 are 22 hours
    apart on one day, 2 hours overnight). To the second where either gives seconds (then in seconds: `seconds`,
    and `overnight` too). `which` ("earlier" or "later") names that one of the two on one day ("Which is later,
    23:15 or 11:20 pm?")."""
    (a, a_s), (b, b_s) = seconds_of(first), seconds_of(second)
    exact, length = a_s or b_s, abs(b - a)
    data: dict[str, Any] = {"start": _short(a, exact), "end": _short(b, exact), **_counted(length, exact),
                            "next_day": False}
    said = f"On the same day, {_at(a, exact)} and {_at(b, exact)} are {_spoken(length, exact)} apart"
    if which:
        if which not in ("earlier", "later"):
            raise ToolError(f"timespan: which is earlier or later, got {which!r}")
        if a == b:
            data["which"], said = which, f"{_at(a, exact)} and {_at(b, exact)} are the same time of day"
            return data, said + "."
        named = min(a, b) if which == "earlier" else max(a, b)
        data.update(which=which, named=_short(named, exact))
        said = f"On the same day, {_at(named, exact)} is the {which}: " + said.removeprefix("On the same day, ")
    if a > b:
        overnight = _DAY_S - length
        data["overnight"] = overnight if exact else overnight // 60
        said += (f"; from {_short(a, exact)} to {_short(b, exact)} the next day it would be "
                 f"{hours_minutes_seconds(overnight) if exact else hours_minutes(overnight // 60)}")
    return data, said + "."


# A time on a weekday: "Monday 9am", "Mon, 09:00", "Friday at 5pm", "9am Monday", "5pm on Friday".
_DAY_FIRST = re.compile(r"^\s*(?P<w>[a-z]+)\.?,?\s+(?:at\s+)?(?P<t>\S.*?)\s*$", re.I)
_TIME_FIRST = re.compile(r"^\s*(?P<t>\S.*?),?\s+(?:on\s+)?(?P<w>[a-z]+)\.?\s*$", re.I)
_NAMED_TIMES = ("noon", "midday", "midnight")


def on_weekday(text: str) -> tuple[int | None, str]:
    """The weekday a start or end names (Monday 0, or None where it names none) and its time of day. A leading word
    that is no weekday before a time ("Funday 9am") is a ToolError: it is no time of day either."""
    if weekday_number(text) is not None:
        raise ToolError(f"timespan: give a time with {text.strip()!r}: {text.strip()} 9am")
    for pattern in (_DAY_FIRST, _TIME_FIRST):
        match = pattern.match(text)
        if match is not None and (day := weekday_number(match.group("w"))) is not None:
            return day, match.group("t")
    match = _DAY_FIRST.match(text)
    if match is not None and match.group("w").lower() not in _NAMED_TIMES:
        raise ToolError(f"timespan: {match.group('w')!r} is no weekday; give Monday to Sunday with a time "
                        "(Monday 9am)")
    return None, text


def _on_day(day: int, seconds: int, exact: bool) -> str:
    """A weekday and its time on a 12-hour clock: "Monday 9:00 am", "Monday 10:15:30 am" where `exact`."""
    hour, rest = divmod(seconds, 3_600)
    said = f"{hour % 12 or 12}:{rest // 60:02d}" + (f":{rest % 60:02d}" if exact else "")
    return f"{WEEKDAY_NAMES[day].title()} {said} {'am' if hour < 12 else 'pm'}"



def _length_said(length: int, exact: bool, unit: str | None) -> tuple[str, float, str]:
    """A span of `length` seconds in the unit asked (else hours, minutes or seconds as it fits), its value in that
    unit, and its words: "56.5 hours (2 days 8 hours 30 minutes)", or the parts first where no unit was asked."""
    named = unit or ("hours" if length >= 3_600 else "minutes" if length >= 60 or not exact else "seconds")
    value = length / IN_UNITS[named]
    amount = amount_text(value)
    in_unit = f"{amount} {named[:-1] if amount == '1' else named}"
    parts = _days_hours(length, exact)
    return named, value, in_unit if parts == in_unit else f"{in_unit} ({parts})" if unit else f"{parts} ({in_unit})"

def _days_hours(seconds: int, exact: bool) -> str:
    """A length in days, hours and minutes (and seconds where `exact`): "4 days 8 hours", "1 hour 50 minutes"."""
    days, rest = divmod(seconds, _DAY_S)
    said = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((days, "day"), (rest // 3_600, "hour"),
                                                                 (rest % 3_600 // 60, "minute"),
                                                                 (rest % 60 if exact else 0, "second")) if n]
    return " ".join(said) or ("0 seconds" if exact else "0 minutes")


def week_span(start: str, end: str, unit: str = "") -> tuple[dict[str, Any], str]:
    """The time from a time on one weekday to a time on another ("Monday 9am", "Friday 5pm"), the end counted
    forward from the start (over a weekend: Friday 10pm to Monday 6am is 56 hours); the same weekday at a later
    time is the same day, at an earlier or equal one the next week (`next_week`). Said in `unit` (unasked: hours,
    as a decimal where not whole, or minutes under an hour) and in days, hours and minutes; the data's length is
    its `minutes`, or its `seconds` where a time gives seconds or seconds are asked."""
    if unit and unit not in IN_UNITS:
        raise ToolError(f"timespan: in must be {', '.join(IN_UNITS)}; got {unit!r}")
    (a_day, a_time), (b_day, b_time) = on_weekday(start), on_weekday(end)
    if a_day is None or b_day is None:
        raise ToolError("timespan: give a weekday with both start and end (start='Monday 9am' end='Friday 5pm'), or "
                        "with neither")
    (a, a_s), (b, b_s) = seconds_of(a_time), seconds_of(b_time)
    exact = a_s or b_s
    length = (b_day - a_day) % 7 * _DAY_S + b - a
    week_on = length <= 0
    length += 7 * _DAY_S if week_on else 0
    named, value, said = _length_said(length, exact, unit)
    later = " the next week" if week_on else ""
    data: dict[str, Any] = {"start": f"{WEEKDAY_NAMES[a_day].title()} {_short(a, exact)}",
                            "end": f"{WEEKDAY_NAMES[b_day].title()} {_short(b, exact)}",
                            **_counted(length, exact or named == "seconds"), "unit": named,
                            "value": round(value, 6), "next_week": week_on}
    return data, f"From {_on_day(a_day, a, exact)} to {_on_day(b_day, b, exact)}{later} is {said}."


# A date and a time of day: "2026-12-07 09:00", "2026-12-07T09:00:30", "7 December 2026 9am", "Dec 7, 2026 at 17:30",
# "9am on 7 December 2026"; a date alone is its midnight.
_ISO_DATED = re.compile(r"^\s*(?P<d>\d{4}-\d{2}-\d{2})(?:(?:T|,?\s+(?:at\s+)?)(?P<t>\S.*?))?\s*$", re.I)
_CLOCK_SAID = (rf"(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\s*{HALF_DAY})?|\d{{1,2}}(?:[.:]\d{{2}})?\s*{HALF_DAY}|"
               r"noon|midday|midnight)")
_DATE_THEN_TIME = re.compile(rf"^\s*(?P<d>\S.*?),?\s+(?:at\s+)?(?P<t>{_CLOCK_SAID})\s*$", re.I)
_DATE_WORDS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])|\b(?:today|tomorrow|"
                         r"yesterday)\b", re.I)  # (a month named, or a day said by its distance from today)
_TIME_THEN_DATE = re.compile(rf"^\s*(?P<t>{_CLOCK_SAID}),?\s+(?:on\s+)?(?P<d>\S.*?)\s*$", re.I)


def dated(text: str, now: datetime) -> tuple[datetime, bool] | None:
    """The moment a start or end names with its date (a date alone: its midnight), as wall-clock time, and whether
    it gave seconds; None where it names no date (a time of day, or one on a weekday: `on_weekday`'s). An ISO date
    that is no day ("2026-02-30 09:00") is a ToolError."""
    from llorch.tools.dates import parse_moment  # (dateutil: paid for when a date is given)

    iso = _ISO_DATED.match(text)
    if iso is not None:
        try:
            day = date.fromisoformat(iso.group("d"))
        except ValueError:
            raise ToolError(f"timespan: {iso.group('d')!r} is no date") from None
        clock = iso.group("t")
    else:
        split = _DATE_THEN_TIME.match(text) or _TIME_THEN_DATE.match(text)
        words, clock = (split.group("d"), split.group("t")) if split is not None else (text, None)
        if _DATE_WORDS.search(words) is None:  # ("Monday 9am": a weekday's, counted from the start; "Monday 9": none)
            return None
        try:
            moment = parse_moment(words, now)
        except ToolError:
            return None
        if not moment.has_date or moment.has_time:
            return None
        day = moment.when.date()
    at, exact = seconds_of(clock) if clock is not None else (0, False)
    return datetime.combine(day, datetime.min.time()) + timedelta(seconds=at), exact


def _on_date(moment: datetime, exact: bool) -> str:
    """A date and its time on a 12-hour clock: "Monday 7 December 2026 9:00 am" (with its seconds where `exact`)."""
    clock = f"{moment.hour % 12 or 12}:{moment.minute:02d}" + (f":{moment.second:02d}" if exact else "")
    return (f"{WEEKDAY_NAMES[moment.weekday()].title()} {moment.day} {moment:%B} {moment.year} {clock} "
            f"{'am' if moment.hour < 12 else 'pm'}")


def date_span(start: str, end: str, unit: str, now: datetime) -> tuple[dict[str, Any], str]:
    """The time from a date and time to another ("2026-12-07 09:00" to "2026-12-09 17:30": 2 days 8 hours 30 minutes,
    56.5 hours; the 1.5B said 8.5), said in time order whichever is given first; an end with no date is on the
    start's day, or the next where it is earlier. Said in `unit` (unasked: hours, or minutes under an hour) and in
    days, hours and minutes, as `week_span` says it; the data's length is `minutes`, or `seconds` where a time gives
    seconds or seconds are asked."""
    if unit and unit not in IN_UNITS:
        raise ToolError(f"timespan: in must be {', '.join(IN_UNITS)}; got {unit!r}")
    first = dated(start, now)
    if first is None:
        raise ToolError(f"timespan: give the start's date too ({start!r} names none): start='2026-12-07 09:00' "
                        "end='2026-12-09 17:30'")
    second = dated(end, now)
    if second is None:  # a time of day alone: on the start's day
        at, given = seconds_of(end)
        moment = datetime.combine(first[0].date(), datetime.min.time()) + timedelta(seconds=at)
        second = (moment + timedelta(days=1) if moment < first[0] else moment), given
    (a, a_s), (b, b_s) = sorted((first, second))
    exact = a_s or b_s
    length = int((b - a).total_seconds())
    named, value, said = _length_said(length, exact, unit)
    shown = "%Y-%m-%dT%H:%M:%S" if exact else "%Y-%m-%dT%H:%M"
    data: dict[str, Any] = {"start": a.strftime(shown), "end": b.strftime(shown),
                            **_counted(length, exact or named == "seconds"), "unit": named, "value": round(value, 6)}
    return data, f"From {_on_date(a, exact)} to {_on_date(b, exact)} is {said}."


def shifted(start: str, by: str) -> tuple[dict[str, Any], str]:
    """`start` moved by the duration `by` (negative: earlier), and the day it lands on; to the second where the
    start gives seconds or the duration is no whole minutes ("90 seconds", "1.5 minutes": once rounded to 2).
    The data's `time` is the minute it lands in, and `time_seconds` the time with its seconds."""
    (a, exact), delta = seconds_of(start), read_duration(by)
    exact = exact or delta % 60 != 0
    end = a + delta
    days = end // _DAY_S
    when = "" if days == 0 else " the next day" if days == 1 else " the day before" if days == -1 else \
        f" {abs(days)} days {'later' if days > 0 else 'earlier'}"
    way, length = "after" if delta >= 0 else "before", _spoken(delta, exact)
    data: dict[str, Any] = {"start": _short(a, exact), **_counted(delta, exact), "time": _short(end, False),
                            "days": days}
    if exact:
        data["time_seconds"] = _short(end, True)
    return data, f"{length[:1].upper()}{length[1:]} {way} {_at(a, exact)} is {_at(end, exact)}{when}."


class TimespanTool:
    """The time between two times of day (or two on weekdays, or two dates and times), how far apart two are on one
    day, a time of day moved by a duration, or
    durations added up (or one said in seconds, minutes, hours or days, or in parts: durationparts.py); to the second
    where they give seconds."""

    name = "timespan"
    description = ("The time between two times of day (or on two weekdays: Monday 9am to Friday 5pm, or two dates and "
                   "times: 2026-12-07 09:00 to 2026-12-09 17:30), or how far "
                   "apart two are on one day, a time of day plus or "
                   "minus a duration, or a sum of durations, or a duration in seconds, minutes, hours or days (hours "
                   "as a decimal), or one in parts (1,000,000 seconds in days, hours, minutes and seconds); to the "
                   "second where a time or duration gives seconds (10:15:30, 90 seconds); or the hours (minutes, "
                   "seconds) in a month or a year")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "start": {"type": "string", "maxLength": 30,
                      "description": "a time of day: 13:10, 1:10 pm, 9am, noon, 10:15:30; or one on a weekday: "
                                     "Monday 9am (end on a weekday too); or a date and time: 2026-12-07 09:00"},
            "end": {"type": "string", "maxLength": 30,
                    "description": "a later time of day: how long from start (midnight: the end of the day); or on a "
                                   "weekday, counted forward from start's: Friday 5pm; or a date and time: "
                                   "2026-12-09 17:30 (a time alone: on start's date)"},
            "apart": {"type": "boolean", "description": "with start and end: how far apart they are on one day, the "
                                                        "later less the earlier, whichever is given first"},
            "which": {"type": "string", "enum": ["earlier", "later"],
                      "description": "with apart: name the earlier or the later of the two on one day"},
            "add": {"type": "string", "maxLength": 60,
                    "description": "a duration to add ('3 hours 45 minutes', '90 seconds'; '-90 minutes' "
                                   "subtracts)"},
            "sum": {"type": "string", "maxLength": MAX_SUM,
                    "description": "durations to add or subtract, with no start: '3h 45m + 2h 30m', '2 min 30 s + "
                                   "45 s' (or one duration, with in)"},
            "period": {"type": "string", "maxLength": 30,
                       "description": "a month or a year, alone: March 2027, March (the next), next month, 2028, a "
                                      "leap year; its length in the unit in gives (hours unless given)"},
            "sheet": {"type": "string", EXACT_ONLY: True,
                      "description": "a time sheet, a start and an end a line, each with an optional label: 'Mon "
                                     "08:55-17:10'; each line's length and their total"},
            "durations": {"type": "string", EXACT_ONLY: True,
                          "description": "durations, one a line, each with an optional label: 'Lap 1: 1:32', "
                                         "'12:03', '1:02:05', '2m 30s'; their stat"},
            "stat": {"type": "string", EXACT_ONLY: True,
                     "description": "with durations: sum, mean, median, max, min, fastest or slowest"},
            "as": {"type": "string", EXACT_ONLY: True,
                   "description": "with durations: how a bare 12:03 reads, m:ss or h:mm"},
            "split": {"type": "string", "maxLength": 40,
                      "description": "one duration to say in parts, alone: '1,000,000 seconds', '3.5 days' (in days, "
                                     "hours, minutes and seconds unless parts names the units)"},
            "parts": {"type": "string", "maxLength": 60,
                      "description": "with split: the units to say it in, e.g. 'days, hours, minutes' or 'hours, "
                                     "minutes' (weeks, days, hours, minutes, seconds; no months or years)"},
            "in": {"type": "string", "enum": list(IN_UNITS),
                   "description": "with sum: the unit to say it in ('2h 15m' in seconds is 8,100; in hours, as a "
                                  "decimal: '3h 45m' is 3.75); or with start and end: the span in it; or with "
                                  "period: its length in it"},
        },
    }
    positional = ("start", "end")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("how long from 9:15 to 17:40?", {"start": "9:15", "end": "17:40"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        start, end, add, total, unit = (str(args.get(k) or "").strip() for k in ("start", "end", "add", "sum", "in"))
        period, sheet = (str(args.get(k) or "").strip() for k in ("period", "sheet"))
        durations = str(args.get("durations") or "").strip()
        split, parts = (str(args.get(k) or "").strip() for k in ("split", "parts"))
        if split:  # (1,000,000 seconds in days, hours and minutes: the 1.5B said 11 days 11 hours 36 minutes)
            if start or end or add or total or period or sheet or unit or durations or args.get("apart") \
                    or args.get("stat"):
                raise ToolError("timespan: give a duration to split alone, with the parts to say it in "
                                "(split='1,000,000 seconds' parts='days, hours, minutes'), not with a start, an end, "
                                "a sum, a sheet, a period or in")
            data, said = split_duration(split, parts)
            return ToolResult(said, data)
        if parts:
            raise ToolError("timespan: parts goes with split, the duration to say in them (split='1,000,000 "
                            "seconds' parts='days, hours, minutes')")
        if durations:  # (calls' 12:03 is minutes:seconds: the 1.5B said 14 hours 28 minutes for 24:18)
            from llorch.tools.durationlists import durations_answer  # (through timesheets.py, it imports this module)

            if start or end or add or total or period or sheet or unit or args.get("apart"):
                raise ToolError("timespan: give a list of durations alone, with its stat, not with a start, an end, "
                                "a sum, a sheet or a period")
            data, said = durations_answer(durations, str(args.get("stat") or "sum"), str(args.get("as") or ""))
            return ToolResult(said, data)
        if args.get("stat") or args.get("as"):
            raise ToolError("timespan: stat and as go with durations, a list of them")
        if sheet:  # (a week's hours: the 1.5B said 40 for 40 h 25 min)
            from llorch.tools.timesheets import worked  # (it imports this module)

            if start or end or add or total or period or unit or args.get("apart"):
                raise ToolError("timespan: give a time sheet alone, not with a start, an end, a sum or a period")
            data, said = worked(sheet)
            return ToolResult(said, data)
        if period:  # (a month's hours: the 1.5B said March has 21; 744)
            if start or end or add or total or args.get("apart"):
                raise ToolError("timespan: give a period alone (period='March 2027' in=hours), not with a start, an "
                                "end, a duration or a sum")
            data, said = period_length(period, unit or "hours", ctx.now().date())
            return ToolResult(said, data)
        if total:
            if start or end or add or args.get("apart"):
                raise ToolError("timespan: give a sum of durations alone, or a start time with an end or a duration "
                                "to add, not both")
            data, said = summed(total, unit)
            return ToolResult(said, data)
        if end and not add and (dated(start, ctx.now()) is not None or dated(end, ctx.now()) is not None):
            data, said = date_span(start, end, unit, ctx.now())  # (apart or not: the dates say which comes first)
            return ToolResult(said, data)
        if end and not add and (on_weekday(start)[0] is not None or on_weekday(end)[0] is not None):
            data, said = week_span(start, end, unit)  # (apart or not: the weekdays say which comes first)
            return ToolResult(said, data)
        if unit and (not end or add or args.get("apart")):
            raise ToolError(f"timespan: in goes with sum, the duration to say in it (sum='2h 15m' in={unit}), or with "
                            "a start and end, the span to say in it; not with add or apart")
        if not start:
            raise ToolError("timespan: give a start time of day: 13:10, 1:10 pm, 9am or noon (or durations to add "
                            "up: sum='2h 50m + 1h 25m')")
        seconds_of(start)  # (a start that is no time is said first, whatever else is missing)
        if end and add:
            raise ToolError("timespan: give an end time (how long from start) or a duration to add, not both")
        if not end and not add:
            raise ToolError(f"timespan: give an end time (how long from {start} to it) or a duration to add to "
                            f"{start} (add='90 minutes'; add='-90 minutes' goes back)")
        if args.get("apart") and not end:
            raise ToolError("timespan: apart is how far apart start and end are; give an end time, not a duration")
        which = str(args.get("which") or "")
        if which and not args.get("apart"):
            raise ToolError("timespan: which names the earlier or the later of start and end; give it with apart")
        data, said = (apart(start, end, which) if args.get("apart") else span(start, end, unit)) if end else \
            shifted(start, add)
        return ToolResult(said, data)
