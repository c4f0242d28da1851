"""Durations read and said: one ("3 hours 45 minutes", "90 min", "7.5 hours", "2h15m"), a sum of them ("3h 45m + 2h
30m", "5 hours - 1 hour and 20 minutes", "3 × 45 minutes", "1:45 h + 2:30 h"), a length in words, and a duration or a
sum said in one unit: the timespan tool's `sum` and `in`.

The 1.5B adds and subtracts durations badly: asked 3 hours 45 minutes plus 2 hours 30 minutes, it said 5 hours 15
minutes (it is 6 hours 15 minutes). Asked how many seconds 2 hours 15 minutes is, it got 8,100 after 300 tokens of
working, and "Convert 2 hours 15 minutes to seconds" reached no tool: the units tool takes one number and one unit,
so a duration of two parts, or a sum, is said in one unit here (`in`). Asked to convert 3 hours 45 minutes to
decimal hours, it got 3.75 only after 150 tokens of working: "decimal hours" and "hours as a decimal" are the hours
`in` takes. A duration that gives seconds ("90 seconds", "2 minutes 30 seconds") is read, and a sum of it said, to
the second.

Apart from timespan.py, which works with times of day: time sheets, lists of durations, speeds and the questions
(timesheets.py, durationlists.py, speeds.py, timespanquestions.py) read their durations here, and arrivals.py and
pursuit.py say a length with `hours_minutes`, without the tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError

__all__ = ["IN_UNITS", "MAX_SUM", "Term", "amount_text", "hours_minutes", "hours_minutes_seconds", "read_duration",
           "read_terms", "spoken_seconds", "split_seconds", "summed"]

_UNIT_END = r"(?:\b|(?=\d))"  # (a digit may follow at once: "2h15m")
_UNITS = r"hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s"
_PART = re.compile(rf"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{_UNITS}){_UNIT_END}", re.IGNORECASE)
_SIZE = {"h": 3_600, "m": 60, "s": 1}  # (a unit's seconds, by its first letter)


def read_duration(text: str) -> int:
    """A duration ("3 hours and 45 minutes", "90 min", "7.5 hours", "-2h", "90 seconds") in seconds (rounded)."""
    cleaned = text.strip().lower()
    sign = -1 if cleaned.startswith("-") else 1
    parts = list(_PART.finditer(cleaned))
    rest = _PART.sub("", cleaned).replace("and", "").strip(" ,+-")
    if not parts or rest:
        raise ToolError(f"timespan: {text!r} is no duration llorch reads; give '3 hours 45 minutes', '90 min', "
                        "'7.5 hours' or '90 seconds'")
    return sign * round(sum(float(p.group("n")) * _SIZE[p.group("u")[0]] for p in parts))


# An hour said in words, as a wait or a break is: "an hour", "half an hour", "half-hour", "a quarter of an hour",
# "an hour and a half", "an hour and 20 minutes" (pursuit.py's waits, shiftbreaks.py's breaks)
_SPOKEN = re.compile(r"(?:(?P<half>half\s+an|half)\s+hour|a\s+quarter\s+of\s+an\s+hour|(?:an?|one)\s+hour(?:\s+and\s+"
                     r"(?:(?P<and_half>a\s+half)|(?P<minutes>\d+)\s+minutes?))?)", re.IGNORECASE)


def spoken_seconds(said: str) -> int | None:
    """An hour said in words (`_SPOKEN`: "half an hour", "an hour and a half", "an hour and 20 minutes") in seconds,
    or None for anything else ("30 minutes" is read_duration's)."""
    spoken = _SPOKEN.fullmatch(" ".join(said.lower().replace("-", " ").split()))
    if spoken is None:
        return None
    if spoken.group("half"):
        return 1_800
    if spoken.group().startswith("a quarter"):
        return 900
    return 3_600 + (1_800 if spoken.group("and_half") else 60 * int(spoken.group("minutes") or 0))


def hours_minutes(minutes: int) -> str:
    """A length in words, to the minute: "8 hours 15 minutes", "45 minutes", "2 hours"."""
    hours, rest = divmod(abs(minutes), 60)
    return " ".join(p for p in (f"{hours} hour{'' if hours == 1 else 's'}" if hours else "",
                                f"{rest} minute{'' if rest == 1 else 's'}" if rest or not hours else "") if p)


def split_seconds(seconds: float, places: int = 0) -> tuple[int, int, int, str]:
    """A length's hours, minutes and seconds, rounded to `places` of a second, and that fraction of a second as
    written (".67"; "" where there is none)."""
    scale = 10 ** places
    whole, fraction = divmod(round(abs(seconds) * scale), scale)
    hours, rest = divmod(whole, 3_600)
    return hours, rest // 60, rest % 60, f".{fraction:0{places}d}".rstrip("0").rstrip(".") if places else ""


def hours_minutes_seconds(seconds: float, places: int = 0) -> str:
    """A length to the second in words, or to `places` of a second: "31 minutes 35 seconds", "1 hour 5 seconds",
    "1 minute 31.67 seconds"."""
    hours, minutes, secs, tail = split_seconds(seconds, places)
    said = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((hours, "hour"), (minutes, "minute")) if n]
    if secs or tail or not said:
        said.append(f"{secs}{tail} second{'' if f'{secs}{tail}' == '1' else 's'}")
    return " ".join(said)


# A sum of durations, read token by token: "3h 45m + 2h 30m", "5 hours - 1 hour and 20 minutes", "45 minutes, 1 hour
# 10 minutes and 2 hours 5 minutes", "3 × 45 minutes", "1:45 h + 2:30 h", "2 minutes 30 seconds + 45 seconds".
_TOKEN = re.compile(
    r"\s*(?:(?P<hh>\d+):(?P<mm>[0-5]\d)(?P<hw>\s*(?:hours?|hrs?|h)\b)?"
    rf"|(?P<n>\d+(?:\.\d+)?)\s*(?P<u>{_UNITS}){_UNIT_END}"
    r"|(?P<times>\d+(?:\.\d+)?)\s*(?:×|x|\*|times\b)(?=\s*\d)"  # "3 × 45 minutes"
    rf"|(?:×|x|\*|times\b)\s*(?P<by>\d+(?:\.\d+)?)(?![\d.:]|\s*(?:{_UNITS})\b)"  # "45 min × 3"
    r"|(?P<op>\+|-|−|plus\b|minus\b|and\b|,))", re.IGNORECASE)
_RANK = {"h": 0, "m": 1, "s": 2}  # (a smaller unit goes on the same duration: "1 hour 10 minutes 5 seconds")
MAX_SUM = 120  # (in the timespan tool's schema too: each character is a rule in the call grammar)


@dataclass
class Term:
    """One duration of a sum as it is read: its sign, what multiplies it, its seconds, the unit of its last part
    ("h", "m" or "s"), whether it said hours, was written 1:45 with no hours word, gave minutes as a bare "m" or
    seconds as a bare "s" (with no larger unit before), gave seconds at all, and how many parts it has (two:
    "2 hours 15 minutes", "1:45 h")."""

    sign: int
    times: float = 1.0
    seconds: float = 0.0
    last: str = ""
    hours: bool = False
    clock: bool = False
    bare_m: bool = False
    bare_s: bool = False
    gave_seconds: bool = False
    parts: int = 0

    def said(self, exact: bool) -> str:
        """The duration in words, to the second where `exact` (else to the minute, rounded)."""
        words = hours_minutes_seconds(round(self.seconds)) if exact else hours_minutes(round(self.seconds / 60))
        return f"{self.times:g} × {words}" if self.times != 1 else words


def read_terms(text: str) -> list[Term]:
    """The durations of a sum, with their signs. "and" or a comma before a smaller unit goes on the same duration
    ("5 hours - 1 hour and 20 minutes" takes away 80 minutes); before any other, it adds the next. Raises
    ToolError."""
    no_sum = ToolError(f"timespan: {text!r} is no sum of durations llorch reads; give '3h 45m + 2h 30m' or '5 hours "
                       "- 1 hour 20 minutes'")
    terms: list[Term] = []
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
        unit = "h" if token.group("hh") else token.group("u")[0].lower()
        current = terms[-1] if terms else None
        smaller = current is not None and not closed and _RANK[current.last] < _RANK[unit] and times == 1
        if current is not None and (op in ("", "and", ",") and smaller):
            pass  # "1 hour 10 minutes", "1 hour and 10 minutes", "2 minutes 30 seconds": one duration
        elif current is None or op:
            current = Term(-1 if op in ("-", "−", "minus") else 1, times)
            terms.append(current)
            times, closed = 1.0, False
        else:
            raise no_sum  # "45 minutes 2 hours"
        op = ""
        if token.group("hh"):
            current.seconds += (int(token.group("hh")) * 60 + int(token.group("mm"))) * 60
            current.clock = current.clock or not token.group("hw")
            current.hours, current.last, current.parts = True, "m", current.parts + 2
        else:
            bare = token.group("u").lower() in ("m", "s") and not current.last
            current.seconds += float(token.group("n")) * _SIZE[unit]
            current.bare_m = current.bare_m or (bare and unit == "m")
            current.bare_s = current.bare_s or (bare and unit == "s")
            current.gave_seconds = current.gave_seconds or unit == "s"
            current.hours, current.last, current.parts = current.hours or unit == "h", unit, current.parts + 1
    if not terms or op or times != 1:
        raise no_sum
    return terms


# The units a duration is said in (`in`), by their seconds.
IN_UNITS = {"seconds": 1, "minutes": 60, "hours": 3_600, "days": 24 * 3_600}


def amount_text(value: float) -> str:
    """A number of units to four places at most, "about" when it is not exact ("about 3.3333 hours")."""
    shown = round(value, 4)
    text = f"{shown:,.4f}".rstrip("0").rstrip(".")
    return text if abs(value - shown) < 1e-9 * max(1.0, abs(value)) else f"about {text}"


def summed(text: str, unit: str = "") -> tuple[dict[str, Any], str]:
    """The durations in `text` added and subtracted ("3h 45m + 2h 30m"): their total, and the sum written out;
    with `unit` (seconds, minutes, hours or days), the total said in it ("2h 15m" in seconds: 8,100). Where a
    duration gives seconds ("2 minutes 30 seconds"), the terms and total are in seconds, to the second (the data
    says so: `terms_in`), and a sum's length is `seconds`, not `minutes`."""
    if len(text) > MAX_SUM:
        raise ToolError(f"timespan: a sum of durations is at most {MAX_SUM} characters")
    if unit and unit not in IN_UNITS:
        raise ToolError(f"timespan: in must be {', '.join(IN_UNITS)}; got {unit!r}")
    terms = read_terms(text)
    exact = any(t.gave_seconds for t in terms)
    step, name = (1, "seconds") if exact else (60, "minutes")
    each = [t.sign * round(t.times * t.seconds / step) for t in terms]
    total = sum(each)
    written = " ".join(f"{'-' if t.sign < 0 else '+'} {t.said(exact)}" for t in terms)
    written = written[2:] if written.startswith("+ ") else "-" + written[2:]
    result = f"{'-' if total < 0 else ''}{hours_minutes_seconds(total) if exact else hours_minutes(total)}"
    seconds_in = {"terms_in": "seconds"} if exact else {}
    if unit:
        # (from the unrounded seconds: "2.51 hours" in seconds is 9,036, not 151 minutes' 9,060)
        given = sum(t.sign * t.times * t.seconds for t in terms)
        value = given / IN_UNITS[unit]
        said = f"{amount_text(value)} {unit[:-1] if amount_text(value) in ('1', '-1') else unit}"
        result = result if abs(given - total * step) < 1e-6 else f"about {result}"
        alone = len(terms) == 1 and terms[0].times == 1
        # (no "minutes" or "seconds" here: the answer's figure is `value`, not the length a span gives)
        return {"terms": each, "total": total, "in": unit, "value": round(value, 6), **seconds_in}, \
            f"{result} = {said}" if alone else f"{written} = {result} = {said}"
    counted = f" ({total:,} {name})" if abs(total) >= 60 else ""
    below = ": negative, as more is taken away than there was" if total < 0 else ""
    return {"terms": each, "total": total, name: abs(total), **seconds_in}, f"{written} = {result}{counted}{below}"
