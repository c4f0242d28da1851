"""The `timespan` tool: the time between two times of day, and a time of day plus or minus a duration, worked
out rather than carried in the head.

Asked, the 1.5B gave 7 hours from 11:30pm to 6:15am (6 h 45 min), 4:30 pm for 90 minutes before 1:10 pm (11:40
am), 160 minutes from 14:20 to 16:05 (105) and 2:30 PM for 8:45 plus 7.5 hours (16:15). `timespan_asked`
recognises a message that plainly asks such a thing, so that it goes to the tool before the model answers
(chat/conversation.py's exact step). A span that ends at an earlier time of day runs past midnight.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.clock import TIME_OF_DAY, clock_text, time_of_day

__all__ = ["TimespanTool", "minutes_of", "span", "shifted", "timespan_asked"]

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


def _length(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    said = " ".join(p for p in (f"{hours} hour{'' if hours == 1 else 's'}" if hours else "",
                                f"{rest} minute{'' if rest == 1 else 's'}" if rest or not hours else "") if p)
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


class TimespanTool:
    """The time between two times of day, or a time of day moved by a duration."""

    name = "timespan"
    description = "The time between two times of day, or a time of day plus or minus a duration"
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "start": {"type": "string", "maxLength": 20, "description": "a time of day: 13:10, 1:10 pm, 9am, noon"},
            "end": {"type": "string", "maxLength": 20, "description": "a later time of day: how long from start"},
            "add": {"type": "string", "maxLength": 60,
                    "description": "a duration to add ('3 hours 45 minutes'; '-90 minutes' subtracts)"},
        },
        "required": ["start"],
    }
    positional = ("start", "end")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("how long from 9:15 to 17:40?", {"start": "9:15", "end": "17:40"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        start, end, add = (str(args.get(k) or "").strip() for k in ("start", "end", "add"))
        if not start:
            raise ToolError("timespan: give a start time of day: 13:10, 1:10 pm, 9am or noon")
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
    (re.compile(rf"^what(?:'s|’s|\s+is)\s+(?P<a>{_AT})\s+(?P<way>plus|\+|minus|-)\s+(?P<d>{_FOR})\s*[?.!]*$", re.I),
     "shift"),
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


def timespan_asked(message: str) -> dict[str, str] | None:
    """The timespan tool's arguments for a message that plainly asks the time between two times of day or a time
    of day moved by a duration, or None."""
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
    return None
