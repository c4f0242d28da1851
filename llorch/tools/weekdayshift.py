"""A weekday some days after or before another, without a date: "If today is Monday, what day is it in 100 days?"
(the 1.5B: Sunday; it is Wednesday: 100 days are 14 weeks and 2 days), "Today is a Saturday. What day was it 20 days
ago?". `shift_asked` reads such a question as the calendar's `date` words "100 days after a monday" (or asked so
outright: "What day of the week is 100 days after a Monday?"), and `shifted_weekday` answers them: the weekday
alone, as no date is given (the real today's date would say a day the user did not ask about).
"""

from __future__ import annotations

import re

from llorch.errors import ToolError
from llorch.tools.base import ToolResult
from llorch.tools.daymath import WEEKDAY_NAMES, weekday_number

__all__ = ["shift_asked", "shifted_weekday"]

_MAX_DAYS = 10_000_000  # (a count past this is no weekday question; 27,000 years)
_WEEKDAY = r"(?P<wd>" + "|".join(WEEKDAY_NAMES) + r")"
_COUNT = r"(?P<n>\d{1,3}(?:,\d{3})+|\d{1,8})\s+(?P<unit>days?|weeks?)"
_WHICH = r"(?:what|which)\s+(?:day(?:\s+of\s+the\s+week)?|weekday)\s+"
_TODAY = (r"^\s*(?:(?:so|ok|okay)(?:\s*,\s+|\s+))?(?:(?:if|suppose|say|assuming|assume)\s+(?:that\s+)?)?"
          r"(?:today\s+is|it(?:'s|’s|\s+is))\s+(?:a\s+)?" + _WEEKDAY + r"(?:\s+today)?\s*[,.;:]?\s+"
          r"(?:(?:then|so)(?:\s*,\s+|\s+))?")
_ON = (r"(?:(?P<will>is\s+it|will\s+it\s+be|would\s+it\s+be|was\s+it|is|will\s+be|was)\s+)?"
       r"(?:(?P<pre>in|after)\s+)?" + _COUNT +
       r"(?:\s+(?P<dir>from\s+(?:now|today)|later|time|after\s+(?:that|today)|ago|before|earlier))?")
_SHIFT_ASKED = re.compile(_TODAY + _WHICH + _ON + r"\s*[?.!]*\s*$", re.IGNORECASE)
# "What day of the week is 100 days after a Monday?" ("after Monday" is the next Monday's date: dates.py's)
_OUTRIGHT = re.compile(r"^\s*" + _WHICH + r"(?:is|was|will\s+be)\s+" + _COUNT + r"\s+(?P<dir>after|before)\s+an?\s+"
                       + _WEEKDAY + r"\s*[?.!]*\s*$", re.IGNORECASE)
_WORDS = re.compile(r"^" + _COUNT + r"\s+(?P<dir>after|before)\s+an?\s+" + _WEEKDAY + r"$", re.IGNORECASE)


def shift_asked(text: str) -> str | None:
    """The calendar `date` words for a weekday asked some days from a weekday given ("100 days after a monday"),
    or None."""
    match = _SHIFT_ASKED.match(text) or _OUTRIGHT.match(text)
    if match is None:
        return None
    after = match.groupdict().get("pre")
    back = (match.group("dir") or "").lower() in ("ago", "before", "earlier")
    if after is None and match.group("dir") is None or after is not None and back:
        return None  # "what day is 10 days?", "in 10 days ago"
    if (match.groupdict().get("will") or "").lower() in ("was it", "was") and not back:
        return None  # "what day was it in 10 days?" reads neither way
    count = int(match.group("n").replace(",", ""))
    unit = "day" if match.group("unit").lower().startswith("day") else "week"
    return f"{count} {unit}{'' if count == 1 else 's'} {'before' if back else 'after'} a {match.group('wd').lower()}"


def shifted_weekday(words: str) -> ToolResult | None:
    """The answer to `shift_asked`'s words ("100 days after a monday"): the weekday, and why; None for other words."""
    match = _WORDS.match(" ".join(words.split()))
    if match is None:
        return None
    count = int(match.group("n").replace(",", ""))
    days = count * (7 if match.group("unit").lower().startswith("week") else 1)
    if days > _MAX_DAYS:
        raise ToolError(f"calendar date: {count:,} {match.group('unit')} is past the {_MAX_DAYS:,} days a weekday is "
                        "counted over; give fewer")
    start = weekday_number(match.group("wd"))
    assert start is not None  # (the pattern takes only weekdays' names)
    back = match.group("dir").lower() == "before"
    end = (start + (-days if back else days)) % 7
    start_name, end_name = WEEKDAY_NAMES[start].capitalize(), WEEKDAY_NAMES[end].capitalize()
    weeks, rest = divmod(days, 7)
    unit = match.group("unit").lower().rstrip("s")
    said = f"{count:,} {unit}{'' if count == 1 else 's'}"
    side = "before" if back else "after"
    if weeks and rest:  # (100 days: the 14 weeks come back to a Monday, and 2 days on from it is a Wednesday)
        why = (f" ({days:,} days are {weeks:,} week{'' if weeks == 1 else 's'} and {rest} day{'' if rest == 1 else 's'}: "
               f"the weeks come back to a {start_name}, and {rest} day{'' if rest == 1 else 's'} {side} it is a "
               f"{end_name})")
    else:
        why = " (whole weeks come back to the same weekday)" if weeks else ""
    text = f"{said} {side} a {start_name} is a {end_name}{why}."
    return ToolResult(text[0].upper() + text[1:], {"weekday": end_name, "from_weekday": start_name,
                                                   "days": -days if back else days})
