"""One shift with one break, said, then asked the hours worked: "How many hours did I work if I started at 8:45,
finished at 17:15 and took a 30 minute lunch?" (the 1.5B: 8.5 hours; it is 8 hours: 8 h 30 min less the lunch), "I
worked from 9am to 5:30pm and took an hour for lunch. How long did I work?", "Shift 7:00–15:30, 45 min break: hours
worked?". The span is the timespan tool's own (`span`), the break taken off as a sum of durations, so the tool says
both. Two breaks, a break "included", a week of shifts (timesheets.py's) or any other number stay the model's. Apart
from timespanquestions.py, whose times of day it reads them with, and asked after it (exact.py).
"""

from __future__ import annotations

import re
from typing import Any

from llorch.errors import ToolError
from llorch.tools.durations import hours_minutes, read_duration, spoken_seconds
from llorch.tools.timespan import span
from llorch.tools.timespanquestions import AT, TOTAL

__all__ = ["worked_asked"]

_HALF_A_DAY = 12 * 60  # minutes: a shift of either half of the day under it is read as written

_I = r"(?:i|we|you|he|she|they)"
_BEGAN = (r"(?:start|starts|started|begin|begins|began|clock(?:s|ed)?\s+(?:in|on)|(?:get|gets|got)\s+(?:in|to\s+work)|"
          r"arrive|arrives|arrived)")
_ENDED = (r"(?:finish|finishes|finished|stop|stops|stopped|end|ends|ended|clock(?:s|ed)?\s+(?:out|off)|leave|leaves|"
          r"left|(?:go|goes|went)\s+home)")
_AT_WORK = r"(?:\s+(?:work|working|my\s+shift|the\s+shift))?"
_UNTIL_B = r"(?:\s+(?:to|until|till|til|through)\s+|\s*[-–—]\s*)"
_SHIFT = (rf"(?:(?:if|say|suppose)\s+)?(?:{_I}\s+{_BEGAN}{_AT_WORK}\s+at\s+(?P<a>{AT})(?:\s*,\s+(?:and\s+)?|\s+and\s+)"
          rf"(?:then\s+)?(?:{_I}\s+)?{_ENDED}{_AT_WORK}\s+at\s+(?P<b>{AT})"
          rf"|{_I}\s+(?:work|works|worked|was\s+working|were\s+working)\s+(?:a\s+shift\s+)?from\s+(?P<c>{AT})"
          rf"{_UNTIL_B}(?P<d>{AT})"
          rf"|(?:(?:my|our|his|her|their|the|a)\s+)?(?:shift|work\s*day|working\s+day)(?:\s+(?:is|was|runs|ran|went|"
          rf"goes))?(?:\s+from)?(?:\s*:\s*|\s+)(?P<e>{AT}){_UNTIL_B}(?P<f>{AT}))")
# A break's length: "30 minute", "45-min", "1 hour 15 minutes", "an hour", "half an hour", "a half-hour".
_BREAK_LENGTH = (r"(?:\d+(?:\.\d+)?(?:\s*|-)(?:hours?|hrs?|h|minutes?|mins?)\b(?:(?:\s+and\s+|\s+)\d+(?:\s*|-)"
                 r"(?:minutes?|mins?)\b)?|(?:an|one)\s+hour(?:\s+and\s+a\s+half)?|half\s+an\s+hour|half[\s-]+hour)")
_BREAK_NOUN = (r"(?:unpaid\s+)?(?:lunch(?:\s*break)?|(?:meal|dinner|coffee|tea|rest)\s+break|break)")
_BREAK = (rf"(?:(?:an?\s+)?{_BREAK_LENGTH}(?:[\s-]+long)?[\s-]+{_BREAK_NOUN}|(?:an?\s+)?{_BREAK_NOUN}\s+of\s+"
          rf"{_BREAK_LENGTH}|{_BREAK_LENGTH}(?:\s+off)?\s+(?:for|as)\s+(?:a\s+|my\s+|the\s+)?"
          rf"(?:lunch|(?:lunch\s+)?break))")
_TAKEN = (rf"(?:(?:\s*,\s+|\s+)with\s+|(?:\s*,\s+(?:and\s+)?|\s+and\s+)(?:{_I}\s+)?(?:took|take|takes|had|have|"
          rf"has|get|gets|got)\s+|\s*,\s+|(?:\s*,\s+|\s+)(?:minus|less|excluding|not\s+counting)\s+)(?P<brk>{_BREAK})")
_WORKED = (rf"(?:how\s+(?:many\s+(?:hours(?:\s+and\s+minutes)?|minutes)|long|much\s+time)\s+(?:did|do|does|will|would|"
           rf"have|has|had)\s+{_I}\s+(?:actually\s+|really\s+)?(?:work|worked|put\s+in)|how\s+many\s+(?:hours|minutes)"
           rf"\s+(?:of\s+work|worked)(?:\s+(?:is|was)\s+that)?|how\s+many\s+(?:working|work)\s+hours(?:\s+(?:is|was)\s+"
           rf"that)?|(?:total\s+)?(?:hours|time)\s+worked)(?:\s+(?:today|yesterday|that\s+day))?{TOTAL}")
_SHIFT_ASKED = [
    re.compile(rf"^{_SHIFT}{_TAKEN}\s*(?:[.,;:]\s*|\s[-–—]\s+)(?:so\s+)?{_WORKED}\s*[?.!]*$", re.I),
    re.compile(rf"^{_WORKED},?\s+(?:if|when|given\s+that)\s+{_SHIFT}{_TAKEN}\s*[?.!]*$", re.I),
]


def _break_minutes(said: re.Match[str] | None) -> int | None:
    """A break's length (`_BREAK_LENGTH`, found in the break said) in whole minutes, or None ("1.3 minutes")."""
    if said is None:
        return None
    words = " ".join(said.group().lower().replace("-", " ").split())
    spoken = spoken_seconds(words)
    seconds = spoken if spoken is not None else read_duration(words)
    return seconds // 60 if seconds % 60 == 0 else None


def worked_asked(text: str) -> dict[str, Any] | None:
    """A shift's hours less its one break (`_SHIFT_ASKED`), as a sum the tool works out ("8 hours 30 minutes - 30
    minutes"), the shift's length the tool's own `span` (overnight where the end is earlier); None where a time is
    no time of day or gives seconds, or the break is as long as the shift or longer. A time of either half of the
    day ("8:45") is taken as written only where the shift is under 12 hours, as `_stretch_asked` takes it."""
    match = next((m for p in _SHIFT_ASKED if (m := p.match(text)) is not None), None)
    if match is None:
        return None
    first, second = (next(match.group(k) for k in pair if match.group(k)).strip() for pair in (("a", "c", "e"),
                                                                                                 ("b", "d", "f")))
    try:
        length = span(first, second)[0].get("minutes")
        rest = _break_minutes(re.search(_BREAK_LENGTH, match.group("brk"), re.I))
    except ToolError:  # ("at 25:00")
        return None
    either_half = any(re.fullmatch(r"(?:1[0-2]|[1-9])[:.]\d{2}", t) for t in (first, second))
    on_24_hours = any(re.fullmatch(r"(?:0\d?|1[3-9]|2[0-3])[:.]\d{2}", t) for t in (first, second))
    if not isinstance(length, int) or rest is None or not 0 < rest < length \
            or (either_half and not on_24_hours and length >= _HALF_A_DAY):
        return None
    return {"sum": f"{hours_minutes(length)} - {hours_minutes(rest)}"}
