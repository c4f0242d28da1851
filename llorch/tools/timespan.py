"""The `timespan` tool: the time between two times of day, and a time of day plus or minus a duration, worked
out rather than carried in the head.

Asked, the 1.5B gave 7 hours from 11:30pm to 6:15am (6 h 45 min), 4:30 pm for 90 minutes before 1:10 pm (11:40
am), 160 minutes from 14:20 to 16:05 (105) and 2:30 PM for 8:45 plus 7.5 hours (16:15). `timespan_asked`
recognises a message that plainly asks such a thing, so that it goes to the tool before the model answers
(chat/conversation.py's exact step). A span that ends at an earlier time of day runs past midnight.

It also adds and subtracts durations: asked 3 hours 45 minutes plus 2 hours 30 minutes, the 1.5B said 5 hours 15
minutes (it is 6 hours 15 minutes). A bare "1:45 + 2:30" is not taken for one: it may be times of day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.clock import TIME_OF_DAY, clock_text, time_of_day

__all__ = ["TimespanTool", "minutes_of", "span", "shifted", "summed", "timespan_asked"]

_DAY = 24 * 60
_PART = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>hours?|hrs?|h|minutes?|mins?|m)\b", re.IGNORECASE)


def minutes_of(time: str) -> int:
    """A time of day ("13:10", "1:10 pm", "9am", "noon") as minutes after midnight."""
    try:
        read = time_of_day(time, bare_hour=False)  # (a bare "9" could be anything)
    except ValueError:
        raise ToolError(f"timespan: {time!r} is no time of day") from None
    if read is None:
        raise ToolError(f"timespan: {time!r} is no time of day; give 13:10, 1:10 pm, 9am or noon")
    return read[0] * 60 + read[1]


def _duration(text: str) -> int:
    """A duration ("3 hours and 45 minutes", "90 min", "7.5 hours", "-2h") in minutes (rounded)."""
    cleaned = text.strip().lower()
    sign = -1 if cleaned.startswith("-") else 1
    parts = list(_PART.finditer(cleaned))
    rest = _PART.sub("", cleaned).replace("and", "").strip(" ,+-")
    if not parts or rest:
        raise ToolError(f"timespan: {text!r} is no duration llorch reads; give '3 hours 45 minutes', '90 min' or "
                        "'7.5 hours'")
    total = sum(float(p.group("n")) * (60 if p.group("u")[0] == "h" else 1) for p in parts)
    return sign * round(total)


def _clock(minutes: int) -> str:
    return clock_text(*divmod(minutes % _DAY, 60))


def _words(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    return " ".join(p for p in (f"{hours} hour{'' if hours == 1 else 's'}" if hours else "",
                                f"{rest} minute{'' if rest == 1 else 's'}" if rest or not hours else "") if p)


def _length(minutes: int) -> str:
    said, (hours, rest) = _words(minutes), divmod(abs(minutes), 60)
    return f"{said} ({abs(minutes):,} minutes)" if hours and rest else said


def span(start: str, end: str) -> tuple[dict[str, Any], str]:
    """The time from `start` to `end` (the next day when `end` is earlier)."""
    a, b = minutes_of(start), minutes_of(end)
    length = (b - a) % _DAY
    later = " the next day" if b < a else ""
    return {"start": _clock(a)[:5], "end": _clock(b)[:5], "minutes": length, "next_day": b < a}, \
        f"From {_clock(a)} to {_clock(b)}{later} is {_length(length)}."


def shifted(start: str, by: str) -> tuple[dict[str, Any], str]:
    """`start` moved by the duration `by` (negative: earlier), and the day it lands on."""
    a, delta = minutes_of(start), _duration(by)
    end = a + delta
    days = end // _DAY
    when = "" if days == 0 else " the next day" if days == 1 else " the day before" if days == -1 else \
        f" {abs(days)} days {'later' if days > 0 else 'earlier'}"
    way = "after" if delta >= 0 else "before"
    return {"start": _clock(a)[:5], "minutes": delta, "time": _clock(end)[:5], "days": days}, \
        f"{_length(delta)[:1].upper()}{_length(delta)[1:]} {way} {_clock(a)} is {_clock(end)}{when}."


# A sum of durations, read token by token: "3h 45m + 2h 30m", "5 hours - 1 hour and 20 minutes", "45 minutes, 1 hour
# 10 minutes and 2 hours 5 minutes", "3 × 45 minutes", "1:45 h + 2:30 h".
_TOKEN = re.compile(
    r"\s*(?:(?P<hh>\d+):(?P<mm>[0-5]\d)(?P<hw>\s*(?:hours?|hrs?|h)\b)?"
    r"|(?P<n>\d+(?:\.\d+)?)\s*(?P<u>hours?|hrs?|h|minutes?|mins?|m)\b"
    r"|(?P<times>\d+(?:\.\d+)?)\s*(?:×|x|\*|times\b)(?=\s*\d)"  # "3 × 45 minutes"
    r"|(?:×|x|\*|times\b)\s*(?P<by>\d+(?:\.\d+)?)(?![\d.:]|\s*(?:hours?|hrs?|h|minutes?|mins?|m)\b)"  # "45 min × 3"
    r"|(?P<op>\+|-|−|plus\b|minus\b|and\b|,))", re.IGNORECASE)
_MAX_SUM = 120  # (in the schema too: each character is a rule in the call grammar)


@dataclass
class _Term:
    """One duration of a sum as it is read: its sign, what multiplies it, its minutes, the unit of its last part
    ("h" or "m"), whether it said hours, was written 1:45 with no hours word, or gave minutes as a bare "m"."""

    sign: int
    times: float = 1.0
    minutes: float = 0.0
    last: str = ""
    hours: bool = False
    clock: bool = False
    bare_m: bool = False

    def said(self) -> str:
        words = _words(round(self.minutes))
        return f"{self.times:g} × {words}" if self.times != 1 else words


def _terms(text: str) -> list[_Term]:
    """The durations of a sum, with their signs. "and" or a comma before a smaller unit goes on the same duration
    ("5 hours - 1 hour and 20 minutes" takes away 80 minutes); before any other, it adds the next. Raises
    ToolError."""
    no_sum = ToolError(f"timespan: {text!r} is no sum of durations llorch reads; give '3h 45m + 2h 30m' or '5 hours "
                       "- 1 hour 20 minutes'")
    terms: list[_Term] = []
    op, times, at, closed = "", 1.0, 0, False
    while at < len(text.rstrip()):
        token = _TOKEN.match(text, at)
        if token is None or token.end() == at:
            raise no_sum
        at = token.end()
        if token.group("op"):
            if op or times != 1 or (not terms and token.group("op") not in ("-", "−", "+")):
                raise no_sum
            op = token.group("op").lower()
            continue
        if token.group("times"):
            if (terms and not op) or times != 1:
                raise no_sum
            times = float(token.group("times"))
            continue
        if token.group("by"):
            if not terms or op or closed or terms[-1].times != 1:
                raise no_sum
            terms[-1].times, closed = float(token.group("by")), True
            continue
        unit = "h" if token.group("hh") or token.group("u")[0].lower() == "h" else "m"
        current = terms[-1] if terms else None
        smaller = current is not None and not closed and current.last == "h" and unit == "m" and times == 1
        if current is not None and (op in ("", "and", ",") and smaller):
            pass  # "1 hour 10 minutes", "1 hour and 10 minutes": one duration
        elif current is None or op:
            current = _Term(-1 if op in ("-", "−", "minus") else 1, times)
            terms.append(current)
            times, closed = 1.0, False
        else:
            raise no_sum  # "45 minutes 2 hours"
        op = ""
        if token.group("hh"):
            current.minutes += int(token.group("hh")) * 60 + int(token.group("mm"))
            current.clock = current.clock or not token.group("hw")
            current.hours, current.last = True, "m"
        else:
            current.minutes += float(token.group("n")) * (60 if unit == "h" else 1)
            current.bare_m = current.bare_m or (token.group("u").lower() == "m" and current.last != "h")
            current.hours, current.last = current.hours or unit == "h", unit
    if not terms or op or times != 1:
        raise no_sum
    return terms


def summed(text: str) -> tuple[dict[str, Any], str]:
    """The durations in `text` added and subtracted ("3h 45m + 2h 30m"): their total, and the sum written out."""
    if len(text) > _MAX_SUM:
        raise ToolError(f"timespan: a sum of durations is at most {_MAX_SUM} characters")
    terms = _terms(text)
    each = [t.sign * round(t.times * t.minutes) for t in terms]
    total = sum(each)
    written = " ".join(f"{'-' if t.sign < 0 else '+'} {t.said()}" for t in terms)
    written = written[2:] if written.startswith("+ ") else "-" + written[2:]
    result = f"{'-' if total < 0 else ''}{_words(total)}"
    counted = f" ({total:,} minutes)" if abs(total) >= 60 else ""
    below = ": negative, as more is taken away than there was" if total < 0 else ""
    return {"terms": each, "total": total, "minutes": abs(total)}, f"{written} = {result}{counted}{below}"


class TimespanTool:
    """The time between two times of day, a time of day moved by a duration, or durations added up."""

    name = "timespan"
    description = "The time between two times of day, a time of day plus or minus a duration, or a sum of durations"
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "start": {"type": "string", "maxLength": 20, "description": "a time of day: 13:10, 1:10 pm, 9am, noon"},
            "end": {"type": "string", "maxLength": 20, "description": "a later time of day: how long from start"},
            "add": {"type": "string", "maxLength": 60,
                    "description": "a duration to add ('3 hours 45 minutes'; '-90 minutes' subtracts)"},
            "sum": {"type": "string", "maxLength": _MAX_SUM,
                    "description": "durations to add or subtract, with no start: '3h 45m + 2h 30m'"},
        },
    }
    positional = ("start", "end")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("how long from 9:15 to 17:40?", {"start": "9:15", "end": "17:40"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        start, end, add, total = (str(args.get(k) or "").strip() for k in ("start", "end", "add", "sum"))
        if total:
            if start or end or add:
                raise ToolError("timespan: give a sum of durations alone, or a start time with an end or a duration "
                                "to add, not both")
            data, said = summed(total)
            return ToolResult(said, data)
        if not start:
            raise ToolError("timespan: give a start time of day: 13:10, 1:10 pm, 9am or noon (or durations to add "
                            "up: sum='2h 50m + 1h 25m')")
        minutes_of(start)  # (a start that is no time is said first, whatever else is missing)
        if end and add:
            raise ToolError("timespan: give an end time (how long from start) or a duration to add, not both")
        if not end and not add:
            raise ToolError(f"timespan: give an end time (how long from {start} to it) or a duration to add to "
                            f"{start} (add='90 minutes'; add='-90 minutes' goes back)")
        data, said = span(start, end) if end else shifted(start, add)
        return ToolResult(said, data)


# --- recognising a plain request ----------------------------------------------------------------

_AT = TIME_OF_DAY
_FOR = (r"(?:\d+(?:\.\d+)?\s*(?:hours?|hrs?|h|minutes?|mins?)\b"
        r"(?:\s*(?:and|,)?\s*\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b)?)")
_ASKED = [
    # "How many hours between 09:15 and 17:40?", "How long is it from 11:30pm to 6:15am?"
    (re.compile(rf"^how\s+(?:many\s+(?:hours|minutes)|long|much\s+time)\s+(?:is\s+it\s+|are\s+there\s+|is\s+there\s+)?"
                rf"(?:between|from)\s+(?P<a>{_AT})\s+(?:and|to|until|till|til)\s+(?P<b>{_AT})\s*[?.!]*$", re.I),
     "span"),
    # "What time will it be 3 hours and 45 minutes after 10:50?", "What time is 90 minutes before 1:10 pm?"
    (re.compile(rf"^what\s+time\s+(?:will\s+it\s+be|is\s+it|is|was\s+it|was)\s+(?P<d>{_FOR})\s+(?P<way>after|before|"
                rf"from|past)\s+(?P<a>{_AT})\s*[?.!]*$", re.I), "shift"),
    # "What's 3:15 - 45 minutes?", "What time is 3pm plus 2 hours?"
    (re.compile(rf"^what(?:'s|’s|\s+is|\s+time\s+is)\s+(?P<a>{_AT})\s+(?P<way>plus|\+|minus|-)\s+(?P<d>{_FOR})"
                rf"\s*[?.!]*$", re.I), "shift"),
    # "What's 90 minutes after 11:45pm?" (the 1.5B: 12:35am)
    (re.compile(rf"^what(?:'s|’s|\s+is|\s+comes)\s+(?P<d>{_FOR})\s+(?P<way>after|before|from|past)\s+(?P<a>{_AT})"
                rf"\s*[?.!]*$", re.I), "shift"),
    # "If I start at 8:45 and work 7.5 hours, when do I finish?"
    (re.compile(rf"^if\s+i\s+(?:start|begin|leave|set\s+off)\s+at\s+(?P<a>{_AT})\s+and\s+(?:work|drive|walk|"
                rf"travel|take|need|spend|it\s+takes|study|sleep)\s+(?:for\s+)?(?P<d>{_FOR}),?\s+"
                rf"(?:when|what\s+time)\s+"
                rf"(?:do|will|would|shall)\s+i\s+(?:finish|arrive|be\s+done|get\s+there|end|stop|wake\s+up)\s*[?.!]*$",
                re.I), "shift"),
]


# "What is 3 hours 45 minutes plus 2 hours 30 minutes?", "Add 45 minutes, 1 hour 10 minutes and 2 hours 5 minutes",
# "What do 2h 50m and 1h 25m add up to?", "How long is 3 × 45 minutes?", "2h 50m + 1h 25m"
_SUM_ASKED = re.compile(
    r"^(?:(?:what(?:'s|’s|\s+is|\s+are|\s+do|\s+does)|how\s+much\s+is|how\s+long\s+is|how\s+long\s+are|"
    r"calculate|compute|work\s+out|(?P<adds>add(?:\s+up)?|sum(?:\s+up)?|total))\s+"
    r"(?:the\s+)?(?P<of>(?:sum|total)\s+of\s+)?)?"
    r"(?P<sum>.+?)\s*(?P<all>in\s+total|altogether|together|combined|added\s+(?:up|together)|add\s+up\s+to)?"
    r"\s*(?:=\s*)?[?.!]*$", re.I)
_SAID_OP = re.compile(r"[-+×*−]|\b(?:plus|minus|times|x)\b|\dx", re.I)  # (not "and" or a comma: a list, maybe)


def _sum_asked(text: str) -> str | None:
    """The durations a message plainly asks to add or subtract, or None: two or more, or one multiplied, with a
    sign or a word that adds ("45 minutes, 1 hour": a list, maybe, unless asked to add it up); none written 1:45
    with no hours word (a time of day, maybe), and no bare "m" in a sum with no hours ("5m + 3m" may be metres)."""
    match = _SUM_ASKED.match(text)
    if match is None:
        return None
    written = " ".join(match.group("sum").split())
    if len(written) > _MAX_SUM:
        return None
    try:
        terms = _terms(written)
    except ToolError:
        return None
    if any(t.clock for t in terms) or (any(t.bare_m for t in terms) and not any(t.hours for t in terms)):
        return None
    if len(terms) < 2 and terms[0].times == 1:
        return None
    if not (_SAID_OP.search(written) or match.group("adds") or match.group("of") or match.group("all")):
        return None
    return written


def timespan_asked(message: str) -> dict[str, str] | None:
    """The timespan tool's arguments for a message that plainly asks the time between two times of day, a time
    of day moved by a duration, or durations added up, or None."""
    text = message.strip()
    if len(text) > 200 or "\n" in text:
        return None
    for pattern, kind in _ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        if kind == "span":
            return {"start": match.group("a"), "end": match.group("b")}
        way = match.groupdict().get("way") or "after"
        sign = "-" if way.lower() in ("before", "minus", "-") else ""
        return {"start": match.group("a"), "add": sign + " ".join(match.group("d").split())}
    written = _sum_asked(text)
    return {"sum": written} if written is not None else None
