"""One duration said in parts: a number of seconds (minutes, hours, days, weeks) in days, hours, minutes and
seconds, or in the units a question names: the timespan tool's `split` and `parts`.

Asked how long 1,000,000 seconds is in days, hours and minutes, the 1.5B said 11 days 11 hours 36 minutes (it is 11
days, 13 hours, 46 minutes and 40 seconds), and the question reached no tool: the units tool says a number in one
unit (1,000,000 seconds is 11.5741 days), and the timespan tool's `in` one unit too. `split_duration` takes each
unit asked, largest first, as many whole times as it goes, and says every unit asked (a 0 too: "2 hours and 0
minutes"); what the smallest unit asked leaves over is said in the units below it ("and 40 seconds"), so that the
answer is exact. A unit bigger than any asked is not used: 100,000 seconds in hours and minutes is 27 hours, 46
minutes and 40 seconds. With no units asked, it is days, hours, minutes and seconds, the parts that are not 0.
Months and years are no units here: their length varies.

`parts_asked` reads a message that plainly asks that ("Convert 1,000,000 seconds to days, hours and minutes", "How
many hours and minutes is 500 minutes?", "What is 90061 seconds in d h m s?", "How long is 1,000,000 seconds?"), for
timespanquestions.py. One number in one unit and two or more units to say it in, or "How long is" it alone where
its parts say more than the number did; anything else (months or years, two numbers, a time of day, words beyond
the question, a negative, 0, or over 10^15) stays the model's.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined

__all__ = ["MAX_AMOUNT", "PART_UNITS", "parts_asked", "split_duration"]

# The units a duration is split into, largest first, by their seconds (each a fixed length: a month's is not).
PART_UNITS = {"weeks": 604_800, "days": 86_400, "hours": 3_600, "minutes": 60, "seconds": 1}
_DEFAULT = ("days", "hours", "minutes", "seconds")
MAX_AMOUNT = Decimal(10) ** 15  # (past it: no duration anyone asks of a clock)
_VARIES = re.compile(r"^(?:months?|mos?|years?|yrs?|y|decades?|centur(?:y|ies))$", re.I)

# A unit's names, by its first letter ("m" is minutes: months are no unit here).
_NAMES = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_UNIT_WORD = re.compile(r"^(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)$", re.I)
_AMOUNT = re.compile(r"^\s*(?P<n>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<u>[a-z]+)\.?\s*$", re.I)


def _unit(word: str) -> str:
    """A unit's name ("hrs" → "hours"), or a ToolError: a month or a year has no fixed length."""
    if _VARIES.match(word):
        raise ToolError(f"timespan: {word!r} has no fixed length; give weeks, days, hours, minutes or seconds")
    if not _UNIT_WORD.match(word):
        raise ToolError(f"timespan: {word!r} is no unit llorch splits a duration into; give weeks, days, hours, "
                        "minutes or seconds")
    return _NAMES[word[0].lower()]


def _read_amount(text: str) -> tuple[Decimal, str]:
    """One number in one unit ("1,000,000 seconds", "3.5 days", "500 min") as the number and the unit's name."""
    match = _AMOUNT.match(text)
    if match is None:
        raise ToolError(f"timespan: {text!r} is no duration to split; give one number and its unit: "
                        "'1,000,000 seconds', '3.5 days'")
    try:
        amount = Decimal(match.group("n").replace(",", ""))
    except InvalidOperation:  # (the pattern reads only numbers; kept for safety)
        raise ToolError(f"timespan: {match.group('n')!r} is no number") from None
    if amount <= 0 or amount > MAX_AMOUNT:
        raise ToolError(f"timespan: a duration to split is more than 0 and at most 10^15; got {match.group('n')}")
    return amount, _unit(match.group("u"))


def _read_parts(text: str) -> tuple[str, ...]:
    """The units asked ("days, hours and minutes", "d h m s", "hours/minutes"), largest first, each once."""
    words = [w for w in re.split(r"[\s,/&+]+|\band\b", text.strip(), flags=re.I) if w]
    units = [_unit(w.rstrip(".")) for w in words]
    if not units:
        raise ToolError("timespan: give the units to split it into: parts='days, hours, minutes'")
    if len(set(units)) != len(units):
        raise ToolError(f"timespan: {text!r} names a unit twice")
    return tuple(sorted(units, key=lambda u: -PART_UNITS[u]))


def _number(n: Decimal) -> str:
    """A part's number as said: "1,000,000", "40.5"."""
    whole = n == n.to_integral_value()
    return f"{int(n):,}" if whole else f"{n.normalize():,f}"


def _said(n: Decimal, unit: str) -> str:
    return f"{_number(n)} {unit[:-1] if n == 1 else unit}"


def split_duration(duration: str, parts: str = "") -> tuple[dict[str, Any], str]:
    """`duration` (one number in one unit) in the units `parts` names, largest first, each as many whole times as it
    goes (the seconds to their fraction, where the duration has one): every unit asked is said, a 0 too; what the
    smallest asked leaves over is said in the units below it. With no `parts`: days, hours, minutes and seconds,
    those that are not 0. The data's `parts` are each [number, unit], in order (with those over, not those that
    are 0 and unasked), `asked` the units asked (none for none), and `seconds` the whole length."""
    amount, given = _read_amount(duration)
    asked = _read_parts(parts) if parts.strip() else ()
    rest = amount * PART_UNITS[given]
    smallest = PART_UNITS[asked[-1]] if asked else 0
    units = [u for u in PART_UNITS if u in asked or (not asked and u in _DEFAULT) or PART_UNITS[u] < smallest]
    split: list[tuple[Decimal, str]] = []
    for unit in units:
        size = PART_UNITS[unit]
        n = rest if unit == "seconds" else rest // size
        rest -= n * size
        if n or unit in asked:
            split.append((n, unit))
    if not split:  # (the length was whole units above any asked: cannot happen, each asked unit is said)
        split.append((Decimal(0), "seconds"))
    over = [_said(n, u) for n, u in split if u not in asked] if asked else []
    said = f"{_said(amount, given)} is {and_joined([_said(n, u) for n, u in split])}"
    if over:
        said += f" ({and_joined(over)} left over after the whole {asked[-1]})"
    seconds = amount * PART_UNITS[given]
    data: dict[str, Any] = {
        "duration": _said(amount, given),
        "seconds": int(seconds) if seconds == seconds.to_integral_value() else float(seconds),
        "parts": [[int(n) if n == n.to_integral_value() else float(n), u] for n, u in split],
        "asked": list(asked)}
    return data, said + "."


# A question that asks one duration in parts. The amount: one number in one unit, no sign ("1,000,000 seconds",
# "3.5 days", "500 mins"; no bare "m" or "s": metres, maybe). The parts: two or more units, by name or by letter,
# with commas, "and", spaces or slashes between ("days, hours, minutes, and seconds", "d h m s", "hours and
# minutes"); each piece is a word or a separator of its own, so the pattern does not backtrack far.
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_GIVEN = r"(?:weeks?|wks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)"
_AMOUNT_SAID = rf"(?P<a>(?<![\w.,+-]){_NUM}\s*{_GIVEN})\b"
_PART = r"(?:weeks?|wks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b\.?"
_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*|\s+)"
_PARTS = rf"(?:(?:whole|full)\s+)?(?P<p>{_PART}(?:{_SEP}{_PART})+)"
_TO = r"(?:to|into|in|as)\s+(?:terms\s+of\s+)?"
_END = r"\s*[?.!]*$"
_ASK = r"^(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
_PARTS_ASKED = [
    # "Convert 1,000,000 seconds to days, hours and minutes", "Express 3.5 days in hours and minutes", "Break 100000
    # seconds down into hours, minutes and seconds"
    re.compile(rf"{_ASK}(?:convert|change|turn|express|put|write|break(?:\s+down)?|split)\s+{_AMOUNT_SAID}"
               rf"(?:\s+down)?\s+{_TO}{_PARTS}{_END}", re.I),
    # "What is 1,000,000 seconds in days, hours, minutes and seconds?", "How long is 1,000,000 seconds in days, hours
    # and minutes?"; "How long is 1,000,000 seconds?" (no parts: `how_long`)
    re.compile(rf"{_ASK}(?:what\s+is|what's|what’s|whats|how\s+much\s+is|(?P<how_long>how\s+long\s+is))\s+"
               rf"{_AMOUNT_SAID}(?:\s+{_TO}{_PARTS})?{_END}", re.I),
    # "How many days, hours and minutes is 1,000,000 seconds?", "How many hours and minutes are there in 500
    # minutes?", "How many hours and minutes make 500 minutes?"
    re.compile(rf"^how\s+many\s+{_PARTS}\s+(?:is|are|makes?|in|(?:are|is)\s+(?:there\s+)?in)\s+{_AMOUNT_SAID}{_END}",
               re.I),
    # "1,000,000 seconds in days, hours and minutes?"
    re.compile(rf"^{_AMOUNT_SAID}\s+(?:=\s*|{_TO}){_PARTS}{_END}", re.I),
]


def parts_asked(text: str) -> dict[str, str] | None:
    """The timespan tool's `split` and `parts` for a message that plainly asks one duration in two or more units
    (`_PARTS_ASKED`), or "How long is" it alone (`split` only) where its days, hours, minutes and seconds say more
    than the number did ("How long is 45 minutes?" is 45 minutes, and may ask something else); None for anything
    else: a number that is 0 or over 10^15, a unit named twice."""
    for pattern in _PARTS_ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        duration, parts = " ".join(match.group("a").split()), match.group("p")
        try:
            if parts is None:
                if not match.group("how_long"):
                    return None  # ("What is 1,000,000 seconds?": the units tool's, or no question)
                data, _ = split_duration(duration)
                amount, given = _read_amount(duration)
                said = data["parts"]
                if len(said) == 1 and PART_UNITS[said[0][1]] <= PART_UNITS[given]:
                    return None  # ("How long is 45 minutes?", "How long is 7 weeks?": 49 days says nothing more)
                return {"split": duration}
            asked = _read_parts(parts)
            split_duration(duration, parts)
        except ToolError:
            return None
        if len(asked) < 2:
            return None
        return {"split": duration, "parts": ", ".join(asked)}
    return None
