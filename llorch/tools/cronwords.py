"""A crontab schedule written from plain words ("every 15 minutes on weekdays" is */15 * * * 1-5), for the cron tool.

Asked "What's the cron expression for every 15 minutes on weekdays?", the 1.5B answered `0 */15 * * 1-5` (minute 0
of every 15th hour): it puts the fields in the wrong order. `written` reads the common phrasings exactly and
returns None for anything else, so that such a question stays the model's rather than being guessed at; what
cron cannot say in one line (every 90 minutes, the last day of the month, every other week) is a ToolError that
says so and gives the usual workaround.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from llorch.errors import ToolError
from llorch.tools.clock import time_of_day
from llorch.tools.monthdays import MONTH_NUMBERS

__all__ = ["SCHEDULE_START", "Written", "written"]


@dataclass(frozen=True)
class Written:
    """A schedule written from words: the five fields, and what its reader should know (a step that starts again
    each hour, a time the words left out)."""

    expression: str
    notes: tuple[str, ...] = ()


class _Unclear(Exception):
    """Words the writer does not read: the question stays the model's."""


_DAY_NUMBERS = {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}
_DAY = r"(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45}
_UNITS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_ORDINALS = {w: n for n, w in enumerate(_UNITS, 1)} | \
    {w: n for n, w in enumerate(("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                                 "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"), 10)} | \
    {f"twenty-{w}": 20 + n for n, w in enumerate(_UNITS, 1)} | {"thirtieth": 30, "thirty-first": 31}
_ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + ")"
_TIME = r"(?:\d{1,2}(?:[:.]\d{2})?(?:\s*[ap]m)?|midnight|noon|midday)(?![\w:])"
_MARKED = r"(?:\d{1,2}(?:[:.]\d{2})?\s*[ap]m|\d{1,2}[:.]\d{2}|midnight|noon|midday)(?![\w:])"  # a time without "at"
_PART = r"in\s+the\s+(?:morning|afternoon|evening)|at\s+night"
_PARTS = {"morning": range(0, 12), "afternoon": range(12, 19), "evening": range(16, 24),
          "night": (*range(18, 24), *range(0, 6))}
_NTH = {"other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_MONTH_END = '[ "$(date -d tomorrow +\\%d)" = 01 ] && command'  # (cron reads a bare % as a new line)


# Where schedule words begin in a request ("… to run backup.sh every Monday at 9", "… for the 1st of every month").
SCHEDULE_START = re.compile(r"(?:every|each|at|on|daily|hourly|weekly|monthly|yearly|annually|nightly|quarterly|"
                            r"bi-?weekly|fortnightly|once|twice|thrice|between|from|midnight|noon|midday|everyday|"
                            r"week\s?days?|weekends?|work\s?days?|" + _DAY + "|" + _MONTH + r")\b|\d|"
                            r"the\s+(?:\d|(?:last|end|" + "|".join(_ORDINALS) + r")\b)", re.IGNORECASE)


@dataclass
class _Draft:
    """What the words said, clause by clause; each slot said once (twice is unclear)."""

    minute_step: int | None = None
    hour_step: int | None = None
    day_step: int | None = None
    month_step: int | None = None
    past_hour: int | None = None  # "at 30 minutes past the hour"
    window: tuple[tuple[int, int], tuple[int, int]] | None = None
    times: list[tuple[int, int]] = field(default_factory=list)
    per_day: int | None = None  # "twice a day"
    part: str | None = None  # "every night", "in the morning"
    period: str | None = None  # "day", "week", "month", "year"
    weekdays: set[int] = field(default_factory=set)
    monthdays: set[int] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    special: str | None = None  # "last" (day of the month) or "2 1" (the second Monday)

    def set(self, slot: str, value: object) -> None:
        if getattr(self, slot) not in (None, [], set()):
            raise _Unclear
        setattr(self, slot, value)


def written(words: str) -> Written | None:
    """The crontab schedule `words` ask for ("every weekday at 6pm" is 0 18 * * 1-5), or None when they are not
    read exactly (never a guess).

    Raises:
        ToolError: the words are read, and no one crontab line does it (every 90 minutes, 25:00, the last day of
            the month), with what to do instead.
    """
    text = _normal(words)
    if not text or len(text) > 200:
        return None
    draft = _Draft()
    try:
        for pattern, read in _CLAUSES:
            text = pattern.sub(lambda m: (read(m, draft), " | ")[1], text)
        if set(text.split()) - {"|", "and", "only"} or text.count("|") == 0:
            return None
        return _assemble(draft)
    except _Unclear:
        return None


def _normal(words: str) -> str:
    s = words.lower().strip()
    s = re.sub(r"[’‘`´]", "'", s)
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"[\s?!.;]+$", "", s)
    s = re.sub(r"\s*(?:,|&)\s*", " and ", s)
    s = re.sub(r"\bo'?clock\b|\bof\s+the\s+clock\b", "", s)
    s = re.sub(r"\b(?:each|every\s+single)\b", "every", s)
    s = re.sub(r"\bonce\s+every\b", "every", s)
    s = re.sub(r"\bper\b", "a", s)
    s = re.sub(r"\b(every\s+)(" + "|".join(_COUNTS) + r")\b", lambda m: f"{m[1]}{_COUNTS[m[2]]}", s)
    s = re.sub(r"\bevery\s+1\s+(?=(?:minute|hour|day|week|month|year)\b)", "every ", s)
    s = re.sub(r"\bevery\s+(other|second|2nd|third|3rd|fourth|4th)\s+(?=(?:minute|hour|day|week|month)s?\b)",
               lambda m: f"every {_NTH[m[1]]} ", s)
    s = re.sub(r"\b(" + "|".join(_COUNTS) + r")(?=\s+times\b)", lambda m: str(_COUNTS[m[1]]), s)
    s = re.sub(r"\btwice\b", "2 times", s)
    s = re.sub(r"\bthrice\b", "3 times", s)
    s = re.sub(r"\band(?:\s+and)+\b", "and", s)
    return " ".join(s.split())


# --- what each clause says ----------------------------------------------------------------------

def _seconds(m: re.Match[str], d: _Draft) -> None:
    raise ToolError("cron: cron's smallest step is a minute, so no crontab line runs every few seconds (a systemd "
                    "timer can, or a loop inside a job that runs every minute)")


def _weeks(m: re.Match[str], d: _Draft) -> None:
    raise ToolError("cron: cron cannot count weeks (*/2 in the day-of-week field means Sunday, Tuesday, Thursday and "
                    "Saturday, not every other week): run it weekly (e.g. 0 9 * * 1) and let the command skip every "
                    "other week: [ $(expr $(date +\\%V) \\% 2) -eq 0 ] && command")


def _nth_day(m: re.Match[str], d: _Draft) -> None:
    nth = m["nth"]
    d.set("special", f"{_ORDINALS.get(nth) or (-1 if nth == 'last' else int(nth[:-2]))} {_day_number(m['day'])}")


def _month_end(m: re.Match[str], d: _Draft) -> None:
    d.set("special", "last")


def _window(m: re.Match[str], d: _Draft) -> None:
    start, end = _time(m["a"]), _time(m["b"])
    if _bare(m["b"]) and _bare(m["a"]) and end[0] < start[0] and end[0] + 12 > start[0] and end[0] <= 12:
        end = (end[0] + 12, end[1])  # "between 9 and 5": office hours, to 17:00
    d.set("window", (start, end))


def _minutes(m: re.Match[str], d: _Draft) -> None:
    d.set("minute_step", 30 if m["half"] else 15 if m["quarter"] else int(m["n"] or 1))


def _past(m: re.Match[str], d: _Draft) -> None:
    minute = 30 if m["half"] else 0 if m["top"] else int(m["n"] or m["m"] or m["colon"])
    if minute > 59:
        raise ToolError(f"cron: minute {minute} is not in an hour (minutes 0-59)")
    d.set("past_hour", minute)
    if m["every"]:
        d.set("hour_step", 1)


def _hours(m: re.Match[str], d: _Draft) -> None:
    d.set("hour_step", int(m["n"] or 1))


def _per_day(m: re.Match[str], d: _Draft) -> None:
    d.set("per_day", int(m["n"]))
    d.set("period", "day")


def _days(m: re.Match[str], d: _Draft) -> None:
    if m["n"] and int(m["n"]) != 1:
        d.set("day_step", int(m["n"]))
    else:
        d.set("period", "day")
        if m["part"] or m["nightly"]:
            d.set("part", m["part"] or "night")


def _part(m: re.Match[str], d: _Draft) -> None:
    d.set("part", m[0].split()[-1])


def _week(m: re.Match[str], d: _Draft) -> None:
    d.set("period", "week")


def _months(m: re.Match[str], d: _Draft) -> None:
    step = 3 if m["quarter"] else int(m["n"] or 1)
    if step == 1:
        d.set("period", "month")
    else:
        d.set("month_step", step)


def _year(m: re.Match[str], d: _Draft) -> None:
    d.set("period", "year")


def _date(m: re.Match[str], d: _Draft) -> None:
    day, month = _monthday(m["d1"] or m["d2"]), MONTH_NUMBERS[(m["m1"] or m["m2"])[:3]]
    if day > _MONTH_DAYS[month - 1]:
        raise ToolError(f"cron: {_MONTH_NAMES[month - 1]} has no day {day}: a schedule for it would never run")
    d.set("monthdays", {day})
    d.set("months", {month})


def _monthdays(m: re.Match[str], d: _Draft) -> None:
    d.set("monthdays", {_monthday(n) for n in re.findall(rf"\d+|{_ORDINAL}", m[0])})


def _in_months(m: re.Match[str], d: _Draft) -> None:
    d.set("months", {MONTH_NUMBERS[n[:3]] for n in re.findall(_MONTH, m[0])})


def _workdays(m: re.Match[str], d: _Draft) -> None:
    d.weekdays |= {1, 2, 3, 4, 5}


def _weekends(m: re.Match[str], d: _Draft) -> None:
    d.weekdays |= {6, 0}


def _day_range(m: re.Match[str], d: _Draft) -> None:
    a, b = _day_number(m["a"]), _day_number(m["b"])
    d.weekdays |= set(range(a, b + 1)) if a <= b else {*range(a, 7), *range(0, b + 1)}


def _day_list(m: re.Match[str], d: _Draft) -> None:
    d.weekdays |= {_day_number(n) for n in re.findall(_DAY, m[0])}


def _times(m: re.Match[str], d: _Draft) -> None:
    said = re.findall(_TIME, m[0])
    times = [_time(t, d.part) for t in said]
    if d.part is None and any(_bare(t) and h <= 12 and h < before
                              for t, (h, _), (before, _) in zip(said[1:], times[1:], times)):
        raise _Unclear  # "at 9 and 5": 05:00 or 17:00?
    d.set("times", times)


def _day_number(name: str) -> int:
    return _DAY_NUMBERS[name[:3]]


def _monthday(said: str) -> int:
    day = _ORDINALS.get(said) or int(re.sub(r"\D", "", said))
    if not 1 <= day <= 31:
        raise ToolError(f"cron: no month has a day {day} (days of the month are 1-31)")
    return day


def _bare(said: str) -> bool:
    """An hour said alone ("at 9", not "9am" or "9:00"): the words around it say which half of the day it is."""
    return said.isdigit()


def _time(said: str, part: str | None = None) -> tuple[int, int]:
    """(hour, minute) of "3pm", "15:30", "3:30 am", "noon"; a bare hour in the part of the day it is said to be in
    ("at 10 every night" is 22:00); ToolError for no time of day (25:00, 13pm)."""
    said = said.strip()
    if said.isdigit() and int(said) > 23:
        raise _Unclear  # "every hour at 30": a minute?
    try:
        found = time_of_day(said)
    except ValueError:
        raise ToolError(f"cron: {said} is not a time of day (hours 0-23, or 1-12 with am/pm; minutes 0-59)") from None
    if found is None:
        raise _Unclear
    hour, minute = found
    half = said.endswith(("am", "pm"))
    if part is None or said in ("noon", "midday", "midnight"):
        return hour, minute
    if half or hour > 12 or hour == 0:
        if hour not in _PARTS[part]:
            raise _Unclear  # "every morning at 3pm"
        return hour, minute
    if hour == 12:
        raise _Unclear  # "12 at night": noon or midnight?
    fits = [h for h in (hour, hour + 12) if h in _PARTS[part]]
    if len(fits) != 1:
        raise _Unclear
    return fits[0], minute


_OF_MONTH = r"(?:\s+day)?(?:\s+of\s+(?:(?:every|the)\s+)?month)?"
_Clause = tuple[re.Pattern[str], Callable[[re.Match[str], _Draft], None]]
# In this order: a clause that holds another's words is read first ("the 1st of every month" before "every month").
_CLAUSES: tuple[_Clause, ...] = tuple((re.compile(p), read) for p, read in (
    (r"\bevery\s+(?:\d+\s+)?sec(?:ond)?s?\b", _seconds),
    (r"\bevery\s+(?:[2-9]|\d\d+)\s+weeks?\b|\b(?:bi-?weekly|fortnightly)\b|\bevery\s+\d+\s+" + _DAY + r"\b"
     r"|\bevery\s+(?:other|second|2nd)\s+" + _DAY + r"\b", _weeks),
    (r"\b(?:on\s+)?(?:the\s+)?(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
     r"(?P<day>" + _DAY + r")\s+(?:of|in)\s+(?:(?:every|the)\s+)?month\b", _nth_day),
    (r"\b(?:on\s+)?(?:the\s+)?(?:last\s+day|end)\s+of\s+(?:(?:every|the)\s+)?month\b", _month_end),
    (rf"\b(?:between|from)\s+(?P<a>{_TIME})\s+(?:and|to|until|till|through|-)\s+(?P<b>{_TIME})", _window),
    (r"\bevery\s+(?:(?P<n>\d+)\s+)?min(?:ute)?s?\b|\bonce\s+a\s+minute\b|\bevery\s+(?P<half>half)(?:\s+an?)?[\s-]hour\b"
     r"|\bevery\s+(?P<quarter>quarter)(?:\s+of\s+an?)?[\s-]hour\b", _minutes),
    (r"\b(?:at\s+)?(?P<n>\d{1,2})\s+(?:minutes?\s+)?(?:past|after)(?:\s+(?:(?P<every>every)\s+|the\s+)?hour)?\b"
     r"|\bat\s+minute\s+(?P<m>\d{1,2})\b|\bat\s+:(?P<colon>\d{2})\b|\b(?:on|at)\s+the\s+(?P<half>half[\s-]hour)\b"
     r"|\b(?:on|at)\s+the\s+(?P<top>(?:top\s+of\s+the\s+)?hour)\b", _past),
    (r"\bevery\s+(?:(?P<n>\d+)\s+)?hours?\b|\bhourly\b|\bonce\s+an?\s+hour\b", _hours),
    (r"\b(?P<n>\d+)\s+times\s+(?:a\s+day|daily)\b", _per_day),
    (r"\bevery\s+(?P<n>\d+)\s+days?\b|\b(?:every\s+day|daily|everyday|once\s+a\s+day)\b"
     r"|\bevery\s+(?P<part>morning|afternoon|evening|night)\b|\b(?P<nightly>nightly)\b", _days),
    (r"\b(?:every\s+week|weekly|once\s+a\s+week)\b", _week),
    (r"\b(?:on\s+|every\s+)?(?:the\s+)?(?:(?P<d1>" + _ORDINAL + r"|\d{1,2})\s+(?:of\s+)?(?P<m1>" + _MONTH + r")|"
     r"(?P<m2>" + _MONTH + r")\s+(?:the\s+)?(?P<d2>" + _ORDINAL + r"|\d{1,2}))\b", _date),
    (r"\b(?:on\s+)?the\s+" + _ORDINAL + r"(?:\s+and\s+(?:the\s+)?" + _ORDINAL + r")*" + _OF_MONTH + r"\b"
     r"|\bon\s+day\s+\d{1,2}" + _OF_MONTH + r"\b", _monthdays),
    (r"\bevery\s+(?P<n>\d+)\s+months?\b|\b(?P<quarter>quarterly|every\s+quarter)\b"
     r"|\b(?:every\s+month|monthly|once\s+a\s+month)\b", _months),
    (r"\b(?:every\s+year|yearly|annually|once\s+a\s+year)\b", _year),
    (r"\b(?:(?:only\s+)?(?:in|during|every)\s+)" + _MONTH + r"(?:\s+and\s+" + _MONTH + r")*\b", _in_months),
    (r"\b(?:(?:only\s+)?(?:on|every|during)\s+)?(?:the\s+)?(?:week\s?days?|work\s?days?|working\s+days|"
     r"business\s+days)\b|\bduring\s+the\s+(?:work\s?)?week\b", _workdays),
    (r"\b(?:(?:only\s+)?(?:on|every|at|during)\s+)?(?:the\s+)?weekends?\b", _weekends),
    (r"\b(?:(?:only\s+)?(?:on|every|from)\s+)?(?P<a>" + _DAY + r")\s*(?:-|–|to|through|thru|till|until)\s*(?P<b>"
     + _DAY + r")\b", _day_range),
    (r"\b(?:(?:only\s+)?(?:on|every)\s+)?" + _DAY + r"(?:\s+(?:and\s+)?(?:on\s+)?" + _DAY + r")*\b", _day_list),
    (r"\b(?:" + _PART + r")\b", _part),  # (before the times it says the half of the day of: "at 7 in the evening")
    (r"(?:\bat\s+" + _TIME + r"|\b" + _MARKED + r")(?:\s+and\s+(?:at\s+)?" + _TIME + r")*", _times),
))


# --- the five fields ----------------------------------------------------------------------------

def _assemble(d: _Draft) -> Written:
    _as_steps(d)
    said: list[str] = []
    monthday, month, weekday = _calendar(d, said)
    rest = f"{monthday} {month} {weekday}"
    notes: list[str] = []
    minute, hour = _clock(d, rest, notes)
    if d.special is not None:
        _special(d.special, minute, hour, month)
    return Written(f"{minute} {hour} {rest}", (*notes, *said))


def _as_steps(d: _Draft) -> None:
    """Steps said in a bigger unit than cron's field: 120 minutes are 2 hours, 48 hours 2 days; what does not
    divide is no one line."""
    for step, unit in ((d.minute_step, "minutes"), (d.hour_step, "hours"), (d.day_step, "days"),
                       (d.month_step, "months")):
        if step == 0:
            raise ToolError(f"cron: every 0 {unit} is no schedule")
    if d.minute_step is not None and d.minute_step >= 60:
        n = d.minute_step
        if n % 60:
            raise ToolError(f"cron: every {n} minutes is not one crontab line: a minute step starts again each "
                            f"hour (*/{n} would run at minute 0 only){_lines_for(n, d)}")
        d.minute_step = None
        d.set("hour_step", n // 60)
    if d.hour_step is not None and d.hour_step >= 24:
        n = d.hour_step
        if n % 24:
            raise ToolError(f"cron: every {n} hours is not one crontab line: an hour step starts again each day "
                            f"(*/{n} would run at 00:00 only); a systemd timer (OnUnitActiveSec={n}h) can")
        d.hour_step = None
        d.set(*(("period", "day") if n == 24 else ("day_step", n // 24)))
    if d.day_step is not None and d.day_step > 31:
        raise ToolError(f"cron: every {d.day_step} days is not one crontab line: a day step counts days of the "
                        "month and starts again on the 1st (a systemd timer, OnUnitActiveSec=, can)")
    if d.month_step is not None and d.month_step >= 12:
        if d.month_step > 12:
            raise ToolError(f"cron: every {d.month_step} months is not one crontab line: a month step starts again "
                            "each January")
        d.month_step = None
        d.set("period", "year")


def _lines_for(n: int, d: _Draft) -> str:
    """The lines that together run every `n` minutes, when a day is a whole number of such steps and a few do it."""
    timer = f"; a systemd timer (OnUnitActiveSec={n}min) can"
    if 1440 % n:
        return timer
    by_minute: dict[int, list[int]] = {}
    for t in range(0, 1440, n):
        by_minute.setdefault(t % 60, []).append(t // 60)
    if len(by_minute) > 4:
        return timer
    plain = not (d.weekdays or d.monthdays or d.months or d.period or d.day_step or d.month_step or d.window)
    lines = [f"{m} {_hour_steps(hours)} {'* * *' if plain else '…'}" for m, hours in by_minute.items()]
    return f"; these {len(lines)} lines together do: {' and '.join(lines)}"


def _hour_steps(hours: list[int]) -> str:
    step = hours[1] - hours[0] if len(hours) > 1 else 24
    if len(hours) == 1 or hours != list(range(hours[0], hours[-1] + 1, step)):
        return ",".join(map(str, hours))
    return f"*/{step}" if hours[0] == 0 and hours[-1] + step > 23 else f"{hours[0]}-{hours[-1]}/{step}"


def _clock(d: _Draft, rest: str, notes: list[str]) -> tuple[str, str]:
    """The minute and hour fields (`rest`: the other three, for a line the notes give)."""
    if d.minute_step is not None:
        if d.times or d.past_hour is not None or d.hour_step is not None or d.per_day or d.part:
            raise _Unclear
        n = d.minute_step
        minute, last = "*" if n == 1 else f"*/{n}", 59 // n * n
        if 60 % n:
            runs = [f":{m:02}" for m in range(0, 60, n)]
            said = f"{', '.join(runs[:-1])} and {runs[-1]}" if len(runs) <= 4 else \
                f"{runs[0]}, {runs[1]}, … {runs[-1]}"
            notes.append(f"*/{n} starts again at minute 0 each hour: it runs at {said}, and then at :00, {60 - last} "
                         f"minutes later, so it is not evenly every {n} minutes.")
        if d.window is None:
            return minute, "*"
        (h1, m1), (h2, m2) = d.window
        if m1 or m2:
            raise ToolError(f"cron: a window from {h1:02}:{m1:02} to {h2:02}:{m2:02} starts or ends within an hour, "
                            "and the hours field takes whole hours: that is more than one crontab line")
        if h1 == h2:
            raise _Unclear
        span = _hours_between(h1, (h2 - 1) % 24)
        notes.append(f"Between {h1:02}:00 and {h2:02}:00 means the hours {span}: the last run each day is at "
                     f"{(h2 - 1) % 24:02}:{last:02}, and {h2:02}:00 itself is not one (a second line, 0 {h2} {rest}, "
                     "would add it).")
        return minute, span
    if d.hour_step is not None:
        if d.times or d.per_day or d.part:
            raise _Unclear
        n, past = d.hour_step, d.past_hour or 0
        if 24 % n:
            last = 23 // n * n
            notes.append(f"*/{n} in the hours starts again at 00:00 each day: the last run is at {last:02}:"
                         f"{past:02} and the next at 00:{past:02}, {24 - last} hours later, so it is not evenly "
                         f"every {n} hours.")
        if d.window is None:
            return str(past), "*" if n == 1 else f"*/{n}"
        (h1, m1), (h2, m2) = d.window
        end = (h2 if past == 0 else h2 - 1) % 24  # (at 17:30 "between 9 and 5" is over)
        if m1 or m2 or h1 == h2 or (n > 1 and end <= h1):
            raise _Unclear
        span = _hours_between(h1, end)
        return str(past), span if n == 1 else f"{span}/{n}"
    if d.window is not None or d.past_hour is not None:
        raise _Unclear  # "between 9 and 5" with no step, "at 30 past the hour" with no hours
    if d.part is not None and not d.times:
        raise _Unclear  # "every morning": at what time?
    if d.per_day is not None and d.per_day != len(set(d.times)):
        raise _Unclear
    times = sorted(set(d.times))
    if not times:
        return "0", "0"  # (said in _calendar, beside the day that is left out)
    minutes, hours = sorted({m for _, m in times}), sorted({h for h, _ in times})
    if times != sorted((h, m) for h in hours for m in minutes):
        lines = [f"{m} {','.join(str(h) for h, mm in times if mm == m)} {rest}"
                 for m in sorted(minutes, key=lambda m: min(h for h, mm in times if mm == m))]
        raise ToolError(f"cron: {' and '.join(f'{h:02}:{m:02}' for h, m in times)} are not one crontab line (a line "
                        f"runs at each minute it names in each hour it names): write {len(lines)} lines, "
                        f"{' and '.join(lines)}")
    return ",".join(map(str, minutes)), ",".join(map(str, hours))


def _hours_between(first: int, last: int) -> str:
    if first == last:
        return str(first)
    if first < last:
        return f"{first}-{last}"
    return f"{first}-23,0-{last}" if last else f"{first}-23,0"


def _calendar(d: _Draft, notes: list[str]) -> tuple[str, str, str]:
    """The day-of-month, month and day-of-week fields, and the day and time cron's nicknames take when the words
    leave them out (@weekly: Sunday at 00:00)."""
    period, days, monthdays, months = d.period, set(d.weekdays), set(d.monthdays), set(d.months)
    rated = d.minute_step is not None or d.hour_step is not None
    if (rated and (period in ("week", "month", "year") or d.month_step)) or \
            (period == "day" and (monthdays or d.day_step or d.month_step)) or \
            (monthdays and days) or (d.day_step and (monthdays or days)):
        raise _Unclear  # ("on the 1st on Mondays": cron runs when either matches)
    left: list[str] = []
    if period == "week":
        if monthdays or months or d.day_step or d.month_step:
            raise _Unclear
        if not days:
            days, left = {0}, ["day"]
    if period == "month" or d.month_step:
        if days or months or d.day_step:
            raise _Unclear
        if not monthdays:
            monthdays, left = {1}, ["day"]
    if period == "year":
        if days or d.day_step or bool(monthdays) != bool(months):
            raise _Unclear
        if not months:
            monthdays, months, left = {1}, {1}, ["date"]
    if not (d.times or rated):
        left.append("time")
    if left:
        values = {"day": "Sunday" if period == "week" else "the 1st", "date": "1 January", "time": "00:00 (midnight)"}
        nickname = {"day": "@daily", "week": "@weekly", "month": "@monthly", "year": "@yearly"}.get(period or "")
        notes.append(f"No {' or '.join(left)} was given: {' at '.join(values[w] for w in left)}"
                     f"{f', as {nickname} runs' if nickname and not d.month_step else ''}.")
    for day in sorted(monthdays):
        short = [m for m in (sorted(months) or range(1, 13)) if day > (28 if m == 2 else _MONTH_DAYS[m - 1])]
        if months and all(day > _MONTH_DAYS[m - 1] for m in months):
            raise ToolError(f"cron: {' and '.join(_MONTH_NAMES[m - 1] for m in sorted(months))} "
                            f"{'has' if len(months) == 1 else 'have'} no day {day}: it would never run")
        if months == {2} and day == 29:
            notes.append("29 February comes only in leap years, so this runs once in four years.")
        elif short:
            notes.append(f"Months without a day {day} are skipped: cron does not move it to the month's last day.")
    if d.day_step is not None:
        notes.append(f"*/{d.day_step} counts days of the month and starts again on the 1st: across a month's end "
                     f"the gap is not {d.day_step} days.")
    if d.month_step is not None and 12 % d.month_step:
        notes.append(f"*/{d.month_step} in the months starts again each January, so the gap across a year's end is "
                     f"not {d.month_step} months.")
    monthday = f"*/{d.day_step}" if d.day_step else ",".join(map(str, sorted(monthdays))) or "*"
    month = f"*/{d.month_step}" if d.month_step else ",".join(map(str, sorted(months))) or "*"
    return monthday, month, _weekday_field(days)


def _weekday_field(days: set[int]) -> str:
    if not days or len(days) == 7:
        return "*"
    if days == {0, 6}:
        return "6,0"  # (said "Saturday and Sunday"; 0,6 is said Sunday first)
    ordered = sorted(days)
    if len(ordered) >= 3 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return ",".join(map(str, ordered))


def _special(special: str, minute: str, hour: str, month: str) -> None:
    """The last day of the month and the nth weekday are no standard cron field (L and # are extensions that
    Vixie cron and cronie refuse): what people write instead."""
    if special == "last":
        raise ToolError(f"cron: standard cron has no 'last day of the month' (L is not in Vixie cron or cronie): run "
                        f"it on days 28-31 and let the command check that tomorrow is the 1st: {minute} {hour} 28-31 "
                        f"{month} * {_MONTH_END} (GNU date)")
    nth, day = map(int, special.split())
    name = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")[day]
    if nth == -1:
        raise ToolError(f"cron: standard cron has no 'last {name} of the month': run it every {name} and let the "
                        f"command check that a week later is next month: {minute} {hour} * {month} {day} "
                        "[ \"$(date -d '+7 days' +\\%m)\" != \"$(date +\\%m)\" ] && command (GNU date)")
    first = 7 * (nth - 1) + 1
    raise ToolError(f"cron: one crontab line cannot say 'the {_UNITS[nth - 1]} {name} of the month': with both day "
                    f"fields set, cron runs on either (days {first}-{first + 6}, and every {name}). Run it on days "
                    f"{first}-{first + 6} and let the command check the weekday: {minute} {hour} {first}-{first + 6} "
                    f'{month} * [ "$(date +\\%u)" = {day or 7} ] && command')
