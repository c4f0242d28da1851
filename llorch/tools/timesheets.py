"""Lines of times piped with a question that asks their total: a time sheet, or a list of durations.

Asked "How many hours did I work this week?" of "Mon 08:55-17:10", "Tue 09:05-17:40" and three days more, the 1.5B
said 40 hours (40 h 25 min); asked "What's the total time of these steps?" of "build: 1h 20m", "test: 45m", "deploy:
2h 5m" and "review: 35m", it said 4 hours 10 minutes (4 h 45 min).

A time sheet (`worked`) is lines of a start and an end, each with an optional label ("Mon 08:55-17:10", "9am-5:30pm",
"Sat 22:00 to 06:00"): each line's length and their total, a line that ends before it starts past midnight. A list
of durations ("build: 1h 20m", "1:20 h", "45 min") is the tool's sum. `list_asked` reads a question with such lines
under it (piped text comes as "question\\n\\ntext", a file's under its name: chat/longinput.compose). A line that is
neither, a break or a day off ("lunch 12:00-12:30", "08:55-17:10 -30m", "sick"), a total ("total: 4h 45m"), a
bare h:mm in a list (laps and songs are m:ss, beside "1h 2m" too), a bare "5m" asked no time ("how long" alone:
metres, maybe) or a line with a time of either half of the day that is 12 hours or more long as written
("9:00-5:30") leaves the message to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError
from llorch.tools.clock import HALF_DAY
from llorch.tools.durations import MAX_SUM, Term, hours_minutes, read_terms
from llorch.tools.timespan import seconds_of

__all__ = ["BULLET", "FILE_NAME", "MAX_SHEET", "Shift", "list_asked", "read_sheet", "worked"]

MAX_SHEET = 4_000  # (characters: a month of days, labelled)
_MAX_LINES = 100
_DAY = 24 * 60

# A line of a time sheet: an optional label, then a start and an end ("Mon 08:55-17:10", "Tue: 9am - 5:30pm",
# "Wed 09:00 to 17:30"); times with a colon or am/pm (a bare "9-5" may be either half of the day, "8.55" a number).
_TIME = rf"(?:\d{{1,2}}(?::\d{{2}})?\s*{HALF_DAY}|\d{{1,2}}:\d{{2}}|noon|midnight|midday)"
_RANGE = re.compile(
    rf"^(?:(?P<label>.*?)[\s:,]+)?(?P<a>{_TIME})\s*(?:[-–—]|\s(?:to|until|till)\s)\s*(?P<b>{_TIME})$", re.I)
# A word that makes a line a break or no work, as a word's start ("lunchtime", "breakfast", "sickness", "holidays")
# or whole ("tea", not "team"; "off", not "office"), maybe taken away ("minus 30m"); and one that makes it the
# total of the lines above ("total: 4h 45m", "Subtotal", "Sum"), which is no line to add.
_BREAK = (r"\b(?:(?:break|lunch|dinner|supper|breakfast|brunch|meal|coffee|snack|pause|nap|sick|holiday|vacation|"
          r"unpaid|absen|annual\s+leave)\w*|(?:tea|teatime|rest|off|leave|ill|pto|minus|less|excluding|without)\b)")
_TOTAL = r"\b(?:(?:sub-?|grand\s+)?totals?|sum|overall|altogether|in\s+all)\b"
# What a label (of a time sheet's line, or a duration's) may not hold: a time, a duration, or a word that makes the
# line a break, maybe taken away ("lunch 12:00-12:30", "break: 30m").
_NOT_LABEL = re.compile(r"\d:\d|\d\s*(?:am|pm|a\.m\.|p\.m\.|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b|"
                        rf"{_BREAK}|{_TOTAL}", re.I)


@dataclass(frozen=True)
class Shift:
    """One line of a time sheet: its label ("" where none), start and end as written, and minutes after midnight."""

    label: str
    start: str
    end: str
    begins: int
    ends: int

    @property
    def minutes(self) -> int:
        """Its length; an end at or before the start is the next day (midnight after a start: that day's end)."""
        return (self.ends - self.begins) % _DAY or _DAY

    @property
    def next_day(self) -> bool:
        return self.ends < self.begins and self.ends != 0


def _minute_of(time: str) -> int:
    seconds, _ = seconds_of(time)
    return seconds // 60


def read_sheet(sheet: str) -> list[Shift]:
    """The lines of a time sheet, blank ones left out. Raises ToolError naming a line that is no start and end, or a
    break, or one that starts and ends at the same time."""
    if len(sheet) > MAX_SHEET:
        raise ToolError(f"timespan: a time sheet is at most {MAX_SHEET:,} characters")
    lines = [line.strip() for line in sheet.splitlines() if line.strip()]
    if not lines or len(lines) > _MAX_LINES:
        raise ToolError(f"timespan: give a time sheet of 1 to {_MAX_LINES} lines, each a start and an end: "
                        "'Mon 08:55-17:10'")
    shifts = []
    for line in lines:
        match = _RANGE.match(line)
        label = (match.group("label") or "").strip(" :,-–—") if match else ""
        if match is None or _NOT_LABEL.search(label):
            raise ToolError(f"timespan: {line!r} is no start and end llorch reads ('Mon 08:55-17:10'; a break is not "
                            "taken off, nor a total added: give the times worked)")
        shift = Shift(label, match.group("a"), match.group("b"), _minute_of(match.group("a")),
                      _minute_of(match.group("b")))
        if shift.begins == shift.ends:
            raise ToolError(f"timespan: {line!r} starts and ends at the same time")
        shifts.append(shift)
    return shifts


def _clock(minute: int, at_end: bool = False) -> str:
    return "24:00" if at_end and minute == 0 else f"{minute // 60:02d}:{minute % 60:02d}"


def worked(sheet: str) -> tuple[dict[str, Any], str]:
    """Each line's length and their total ("40 hours 25 minutes (2,425 minutes, about 40.42 hours)"); the data's
    `minutes` is the total, and `lines` each line's."""
    shifts = read_sheet(sheet)
    total = sum(s.minutes for s in shifts)
    said, lines = [], []
    for s in shifts:
        start, end = _clock(s.begins), _clock(s.ends, at_end=True)
        later = " the next day" if s.next_day else ""
        said.append(f"{s.label + ' ' if s.label else ''}{start} to {end}{later}: {hours_minutes(s.minutes)}")
        lines.append({"label": s.label, "start": start, "end": end, "minutes": s.minutes, "next_day": s.next_day})
    hours = total / 60
    exact = total % 3 == 0  # (3 minutes are 0.05 hours: to two places, the hours are exact)
    decimal = "" if total % 60 == 0 else f", {'' if exact else 'about '}{hours:.2f}".rstrip("0") + " hours"
    counted = f" ({total:,} minutes{decimal})" if total >= 60 else ""
    return {"lines": lines, "minutes": total}, f"{'; '.join(said)}. In all: {hours_minutes(total)}{counted}."


def _either_half(shift: Shift) -> bool:
    """Whether a line has a time that may be am or pm ("5:30": no am or pm, an hour of 1 to 12) and as written is
    12 hours or more long: 9:00 to 5:30 is 20 h 30 min as written, 8 h 30 min as a day's work, and 08:00 to 4:30 is
    no different (a 12-hour clock writes 08:00 too). Such a sheet stays the model's."""
    times = (shift.start.strip(), shift.end.strip())
    return any(re.fullmatch(r"(?:1[0-2]|[1-9]):\d{2}", t) for t in times) and shift.minutes >= 12 * 60


# A line of a list of durations: an optional label, then one duration ("build: 1h 20m", "Task 1: 30 min", "test
# 45m", "review — 35 min", "1:20", "2 hours 5 minutes"), after a bullet or a number maybe ("- build 1h", "2. test
# 45m"). A label with a colon may hold digits ("Task 1"); one without holds none, and a hyphen after it is spaced
# (in "-30m" or "break -30m" the dash takes away).
BULLET = re.compile(r"^(?:[-*•·]|\d{1,3}[.)])\s+")  # a list item's bullet or number
_COLON_LABEL = re.compile(r"^(?P<label>[^:]*?\S)\s*:\s+(?P<d>\d.*)$")
_WORD_LABEL = re.compile(r"^(?:(?P<label>[^\d]*?[^\d\s\-–—=:])(?:\s+-\s+|\s*[–—:=]\s*|\s+))?(?P<d>\d.*)$")


def _duration_line(line: str) -> Term | None:
    """The one duration a line of a list holds, or None (none, more than one, a sign, words after it, or a break's
    label: `_NOT_LABEL`)."""
    line = BULLET.sub("", line)
    for pattern in (_COLON_LABEL, _WORD_LABEL):
        match = pattern.match(line)
        if match is None or _NOT_LABEL.search(match.group("label") or ""):
            continue
        try:
            terms = read_terms(match.group("d"))
        except ToolError:
            continue
        if len(terms) == 1 and terms[0].sign == 1 and terms[0].times == 1:
            return terms[0]
    return None


def _compact(term: Term) -> str | None:
    """A duration as the sum writes it ("1h20m", "45m", "2m30s"), or None where it is no whole number of seconds."""
    if term.seconds != int(term.seconds):
        return None
    hours, rest = divmod(int(term.seconds), 3_600)
    return "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (rest // 60, "m"), (rest % 60, "s")) if n) or "0m"


def _listed(lines: list[str], timed: bool) -> str | None:
    """The sum of a list of durations, one a line ("1h20m + 45m + 2h5m + 35m"), or None where a line holds no one
    duration, one is written h:mm with no hours word (a song's m:ss, maybe, whatever the other lines say), one is a
    bare "5m" or "30s" with no hours and the question says no time (`timed`: "5m" may be metres), or the sum is too
    long for the tool."""
    terms = [_duration_line(line) for line in lines]
    if any(t is None for t in terms):
        return None
    read = [t for t in terms if t is not None]
    if any(t.clock for t in read):
        return None  # ("3:45" and "4:12" may be songs' minutes and seconds, beside "1h 2m" as much as alone)
    said_hours = any(t.hours for t in read)
    if not timed and not said_hours and any(t.bare_m or t.bare_s for t in read):
        return None
    written = [_compact(t) for t in read]
    said = " + ".join(w for w in written if w is not None)
    return said if None not in written and len(said) <= MAX_SUM else None


# The question above the lines, which must plainly ask their total: "What's the total time of these steps?", "How
# long is that in total?", "Add up these durations", "How many hours did I work this week?"
_THINGS = (r"(?:durations?|times?|timings?|steps?|tasks?|jobs?|stages?|phases?|items?|entries|lines|hours|minutes|"
           r"lengths?|sessions?|shifts?|days?|parts?|activities|segments?|legs?|periods?|blocks?|values?|numbers?)")
_WHICH = rf"(?:(?:all\s+(?:of\s+)?)?(?:these|those|the|this|my|our|them)|all)(?:(?:\s+[a-z]+)?\s+{_THINGS})?"
_ALL = r"(?:altogether|in\s+total|all\s+together|combined|in\s+all|overall|total)"
_ASKED = [re.compile(rf"^{p}\s*[?.!:]*$", re.I) for p in (
    rf"(?:so\s+)?(?:what(?:'s|’s|\s+is|\s+are)\s+)?(?:the\s+|my\s+|our\s+)?(?:total|sum|combined)(?:\s+(?:time|"
    rf"duration|length|hours|time\s+spent|time\s+taken|amount\s+of\s+time|working\s+time|(?:hours|time)\s+worked))?"
    rf"(?:\s+(?:of|for|in)\s+{_WHICH})?",
    rf"how\s+(?:long|much\s+time|many\s+(?:hours|minutes)(?:\s+and\s+minutes)?)\s+(?:(?:is|are|was|were)\s+"
    rf"(?:that|it|they|{_WHICH})\s+|(?:do|does|did|will|would)\s+(?:it|that|{_WHICH})\s+take\s+)?{_ALL}",
    rf"(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:add|sum|total|tally)(?:\s+up)?\s+{_WHICH}(?:\s+up)?"
    rf"(?:\s+for\s+me)?(?:,?\s+please)?",
    rf"how\s+(?:long|much\s+time|many\s+hours(?:\s+and\s+minutes)?)\s+(?:did|have|had)\s+(?:i|we)\s+(?:work|worked|"
    rf"put\s+in)(?:\s+(?:(?:this|last)\s+(?:week|month|fortnight)|today|yesterday|{_ALL}))?"
    rf"(?:\s+(?:(?:this|last)\s+(?:week|month|fortnight)|{_ALL}))?",
)]

FILE_NAME = re.compile(r"^--- \S.* ---$")  # (a file's name above its text: chat/longinput.compose)
# A question that plainly asks a time, so that a bare "5m" is minutes; "how long" alone is not one ("How long are
# these lines?" of "150m" asks metres).
_TIMED = re.compile(r"\b(?:time|times|timings?|durations?|hours|minutes|seconds|work|worked|take|takes|took|"
                    r"taken)\b", re.I)


def list_asked(message: str) -> dict[str, Any] | None:
    """The timespan tool's arguments for a question on its first line that plainly asks the total of the lines
    under it (`sheet` for a time sheet, `sum` for a list of durations), or None."""
    head, _, body = message.strip().partition("\n")
    lines = [line.strip() for line in body.splitlines() if line.strip() and not FILE_NAME.match(line.strip())]
    if len(message) > MAX_SHEET or not 2 <= len(lines) <= _MAX_LINES \
            or not any(p.match(head.strip()) for p in _ASKED):
        return None
    sheet = "\n".join(lines)
    try:
        shifts = read_sheet(sheet)
    except ToolError:
        said = _listed(lines, _TIMED.search(head) is not None)
        return {"sum": said} if said is not None else None
    return None if any(_either_half(s) for s in shifts) else {"sheet": sheet}
