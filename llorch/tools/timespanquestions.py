"""Questions about times of day and durations, recognised in a message: the time between two times of day (or two
on weekdays, or two dates and times, or until one from the time the asker says it is, or from when a thing starts to
when it ends: sleep, a journey, opening hours), how far apart two are, a time of day moved by a duration (or when a
thing that starts at one and lasts a while ends, or a trip that leaves at one arrives), durations added up, a
duration in one unit or in parts ("1,000,000 seconds in days, hours and minutes": durationparts.py), the hours in a
month or a year; and the total of a time sheet or a list of durations piped with the question (timesheets.py), a
statistic of a list of durations written with colons, as minutes:seconds or hours:minutes (durationlists.py), or
how long something in a piped log took (logtimes.py). A shift less its one break is shiftbreaks.py's, read with this
module's times of day (`AT`).

`timespan_asked` reads a message that plainly asks such a thing, so that it goes to the timespan tool before the
model answers (exact.py, chat/conversation.py's exact step); anything else is None and stays the model's. A bare
"1:45 + 2:30" is not taken for a sum of durations: it may be times of day. The times it finds are read by
timespan.py, the durations by durations.py.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.clock import HALF_DAY, TIME_OF_DAY
from llorch.tools.daymath import WEEKDAYS
from llorch.tools.durationlists import durations_asked
from llorch.tools.durationparts import parts_asked
from llorch.tools.durations import MAX_SUM, Term, read_terms
from llorch.tools.logtimes import log_asked
from llorch.tools.periodlength import period_length
from llorch.tools.timesheets import list_asked
from llorch.tools.timespan import dated, on_weekday, seconds_of

__all__ = ["AT", "TOTAL", "timespan_asked"]

# A time of day with its seconds ("10:15:30", "10:15:30 am"; colons only: "10.15.30" may be a date).
_HMS = rf"\d{{1,2}}:\d{{2}}:\d{{2}}(?:\s*{HALF_DAY})?"  # (TIME_OF_DAY has no seconds)
_WITH_SECONDS = re.compile(rf"^\s*{_HMS}\s*$", re.I)

AT = rf"(?:{_HMS}|{TIME_OF_DAY})"
# A time on a weekday, as a question writes it: "Monday 9am", "Friday at 5pm", "9am on Monday", "Tue 08:00".
_WEEKDAY = rf"(?:{'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})\b\.?"
_ON = rf"(?:{_WEEKDAY},?\s+(?:at\s+)?{AT}|{AT},?\s+(?:on\s+)?{_WEEKDAY})"
# A duration, its units largest first: "3 hours and 45 minutes", "90 min", "2 minutes 30 seconds", "90 seconds".
_AND = r"\s*(?:and|,)?\s*"
_H, _M = r"\d+(?:\.\d+)?\s*(?:hours?|hrs?|h)\b", r"\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b"
_S = r"\d+\s*(?:seconds?|secs?)\b"
_FOR = rf"(?:{_H}(?:{_AND}{_M})?(?:{_AND}{_S})?|{_M}(?:{_AND}{_S})?|{_S})"
_ASKED = [
    # "How many hours between 09:15 and 17:40?", "How long is it from 11:30pm to 6:15am?", "How many seconds are
    # there between 10:15:30 and 10:47:05?" (the 1.5B: 60); on weekdays, "How many hours are there between Monday
    # 9am and Friday 5pm?" (the 1.5B: 16)
    (re.compile(rf"^how\s+(?:many\s+(?P<unit>hours|minutes|seconds)|long|much\s+time)\s+"
                rf"(?:is\s+it\s+|are\s+there\s+|is\s+there\s+)?"
                rf"(?:between|from)\s+(?P<a>{_ON}|{AT})\s+(?:and|to|until|till|til)\s+(?P<b>{_ON}|{AT})\s*[?.!]*$",
                re.I),
     "span"),
    # "What time will it be 3 hours and 45 minutes after 10:50?", "What time is 90 minutes before 1:10 pm?"
    (re.compile(rf"^what\s+time\s+(?:will\s+it\s+be|is\s+it|is|was\s+it|was)\s+(?P<d>{_FOR})\s+(?P<way>after|before|"
                rf"from|past)\s+(?P<a>{AT})\s*[?.!]*$", re.I), "shift"),
    # "What's 3:15 - 45 minutes?", "What time is 3pm plus 2 hours?"
    (re.compile(rf"^what(?:'s|’s|\s+is|\s+time\s+is)\s+(?P<a>{AT})\s+(?P<way>plus|\+|minus|-)\s+(?P<d>{_FOR})"
                rf"\s*[?.!]*$", re.I), "shift"),
    # "What's 90 minutes after 11:45pm?" (the 1.5B: 12:35am)
    (re.compile(rf"^what(?:'s|’s|\s+is|\s+comes)\s+(?P<d>{_FOR})\s+(?P<way>after|before|from|past)\s+(?P<a>{AT})"
                rf"\s*[?.!]*$", re.I), "shift"),
    # "If I start at 8:45 and work 7.5 hours, when do I finish?"
    (re.compile(rf"^if\s+i\s+(?:start|begin|leave|set\s+off)\s+at\s+(?P<a>{AT})\s+and\s+(?:work|drive|walk|"
                rf"travel|take|need|spend|it\s+takes|study|sleep)\s+(?:for\s+)?(?P<d>{_FOR}),?\s+"
                rf"(?:when|what\s+time)\s+"
                rf"(?:do|will|would|shall)\s+i\s+(?:finish|arrive|be\s+done|get\s+there|end|stop|wake\s+up)\s*[?.!]*$",
                re.I), "shift"),
]
_TIME_SAID = re.compile(r"^(?:what\s+time|if\s+i)\b", re.I)  # (a time of day, whatever it is moved by)

# Two dates and times: "How many hours are there between 2026-12-07 09:00 and 2026-12-09 17:30?" (the 1.5B: 8.5; it
# is 56.5), "How long is it from 7 December 2026 9am to 9 December 2026 5:30pm?", "What's the time difference between
# 2026-12-07T09:00 and 2026-12-09T17:30?", "How many minutes from 9:00 on 7 December 2026 to 17:30?". Each date with
# its year (a date without one is the next or the last, as the asker means); dates alone only where hours, minutes
# or seconds are asked (how long from one day to another is the calendar's).
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_YEAR_DATE = (rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME},?\s+\d{{4}}|"
              rf"{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})")


def _dated_at(name: str) -> str:
    """A date with its year and a time of day or none, as a question writes it, in group `name`; the weekday it
    may say first in group `name`_w1, _w2 or _w3, one for each way it is written."""
    day = [rf"(?:(?P<{name}_w{k}>{_WEEKDAY}),?\s+)?{_YEAR_DATE}" for k in (1, 2, 3)]
    return rf"(?P<{name}>{day[0]}(?:T|,?\s+(?:at\s+)?){AT}|{AT},?\s+(?:on\s+)?{day[1]}|{day[2]})"


_DATED_UNIT = r"(?P<unit>hours|minutes|seconds)"
_DATED_ASKED = [
    re.compile(rf"^how\s+(?:many\s+{_DATED_UNIT}|long|much\s+time)\s+(?:is\s+it\s+|are\s+there\s+|is\s+there\s+|"
               rf"was\s+it\s+|were\s+there\s+|will\s+it\s+be\s+|(?:has\s+|had\s+|will\s+have\s+)?(?:passed|elapsed|"
               rf"gone\s+by)\s+)?(?:between|from)\s+(?:{_dated_at('a')}|(?P<t>{AT}))\s+(?:and|to|until|till|til)\s+"
               rf"(?:{_dated_at('b')}|(?P<e>{AT}))\s*[?.!]*$", re.I),
    re.compile(rf"^(?:what(?:'s|’s|\s+is)\s+the\s+)?(?:time\s+)?difference\s+(?:in\s+(?:time|{_DATED_UNIT})\s+)?"
               rf"between\s+{_dated_at('a')}\s+and\s+(?:{_dated_at('b')}|(?P<e>{AT}))"
               rf"(?:\s+in\s+(?P<after>hours|minutes|seconds))?\s*[?.!]*$", re.I),
]
_CLOCK_IN = re.compile(rf"(?:^|[\sT]){AT}(?=[\s,]|$)", re.I)  # (a time in a date and time: "2026-12-07T09:00")
_ANY_DAY = datetime(2000, 1, 1)  # (the dates read here give their years: no "now" moves them)


def _dated_asked(text: str) -> dict[str, Any] | None:
    """A span between two dates and times (`_DATED_ASKED`), each as the tool reads it ("2026-12-07 09:00"), or the
    end as a time of day on the start's date, or the start as one on the end's ("between 9am and 5pm on 7 December
    2026", where the end is the later); None where a date is no day, a weekday said is not the date's, or neither
    says a time and no unit is asked."""
    match = next((m for p in _DATED_ASKED if (m := p.match(text)) is not None), None)
    if match is None:
        return None
    named = match.groupdict()
    try:
        first = dated(named["a"], _ANY_DAY) if named.get("a") else None
        second = dated(named["b"], _ANY_DAY) if named.get("b") else None
        if first is None and second is not None:  # ("between 9am and 5pm on 7 December 2026": on the end's day)
            at, given = seconds_of(named["t"])
            first = second[0].replace(hour=at // 3_600, minute=at % 3_600 // 60, second=at % 60), given
    except (ToolError, ValueError):
        return None
    if first is None or (second is not None and named.get("t") and first[0] > second[0]):
        return None
    for moment, side in ((first, "a"), (second, "b")):
        said = next((named[f"{side}_w{k}"] for k in (1, 2, 3) if named.get(f"{side}_w{k}")), None)
        if moment is not None and said is not None and on_weekday(f"{said} 9am")[0] != moment[0].weekday():
            return None  # ("Tuesday 7 December 2026": 7 December 2026 is a Monday)
    unit = named.get("unit") or named.get("after")
    timed = named.get("t") or named.get("e") or any(_CLOCK_IN.search(named[s] or "") for s in ("a", "b"))
    if not timed and not unit:
        return None
    end = named.get("e") or (_iso(*second) if second is not None else "")
    return {"start": _iso(*first), "end": end.strip(), **({"in": unit.lower()} if unit else {})}


def _iso(moment: datetime, exact: bool) -> str:
    """A moment as the tool reads it, "2026-12-07 09:00" (with its seconds where `exact`)."""
    return f"{moment:%Y-%m-%d %H:%M:%S}" if exact else f"{moment:%Y-%m-%d %H:%M}"


# When a thing that starts at a time and lasts a while ends: "If a meeting starts at 10:40 and lasts 1 hour 35
# minutes, when does it end?" (the 1.5B said 12:15, right, but worked out in its head, as it worked 8:45 plus 7.5
# hours out as 2:30 PM), "A film starts at 19:50 and runs 2 hours 25 minutes. What time does it finish?", "My shift
# begins at 10pm and lasts 9 hours; when does it end?" (7am, the next day), "When does the meeting end if it starts
# at 10:40 and lasts 95 minutes?", "A flight departs at 10:20 and lasts 2 h 45 min. When does it land?" (on the clock
# it leaves by). Only a time of day on no clock named ("starts at 10am in London …, when does it end in Tokyo?" is
# the clock's and the model's), and only when it ends: when it starts, or how long it is, is no sum.
_THING = r"(?:a|an|the|my|our|your|his|her|their|this|that)\s+[a-z]+(?:[\s-][a-z]+){0,2}?"
_STARTS = r"(?:starts?|begins?|kicks?\s+off|gets?\s+going|commences?|departs?|leaves?|sets?\s+off|takes?\s+off)\s+at"
_LASTS = r"(?:lasts?|runs?|takes?|goes\s+on|go\s+on|continues?)(?:\s+for)?"
_IT = r"(?:it|she|he|they|that|this|the\s+[a-z]+(?:\s+[a-z]+)?)"
_ENDS = (rf"(?:(?:when|what\s+time|at\s+what\s+time)\s+(?:does|do|will|would|should|did)\s+{_IT}\s+(?:end|finish|"
         rf"stop|wrap\s+up|let\s+out|get\s+out|be\s+over|be\s+done|be\s+finished|arrive|land|get\s+in|get\s+there)"
         rf"|(?:when|what\s+time)(?:\s+is|'s|’s|\s+will)\s+{_IT}\s+(?:be\s+)?(?:over|done|finished))")
# A trip of the asker's, told, then asked when it arrives: "If I leave at 14:40 and the trip takes 3 h 35 min, when
# do I arrive?" (the 1.5B: 17:15; 18:15), "I start at 9:10 and it takes 2 hours. When will I finish?"
_TRIP = (r"(?:it|(?:the|my|our)\s+(?:trip|drive|flight|journey|ride|walk|commute|hike|crossing|train(?:\s+ride)?|"
         r"bus(?:\s+ride)?|ferry(?:\s+ride)?|task|job|work))")
_ARRIVE = r"(?:arrive|get\s+there|get\s+in|land|be\s+there|finish|be\s+done|be\s+finished)"
_ENDS_ASKED = [
    re.compile(rf"^(?:if\s+)?(?:i|we)\s+(?:leave|set\s+off|set\s+out|depart|head\s+off|start|begin)\s+at\s+"
               rf"(?P<a>{AT})\s+and\s+{_TRIP}\s+(?:takes|lasts|is|will\s+take)\s+(?P<d>{_FOR})"
               rf"(?:\s*[,.;:]\s*|\s+[-–—]\s+|\s+)(?:so\s+|then\s+)?(?:when|what\s+time|at\s+what\s+time)\s+"
               rf"(?:do|will|would|shall|should)\s+(?:i|we)\s+{_ARRIVE}\s*[?.!]*$", re.I),
    re.compile(rf"^(?:if\s+|say\s+|suppose\s+)?{_THING}\s+{_STARTS}\s+(?P<a>{AT})\s+and\s+{_LASTS}\s+(?P<d>{_FOR})"
               rf"(?:\s+long)?(?:\s*[,.;:]\s*|\s+[-–—]\s+|\s+)(?:so\s+|then\s+)?{_ENDS}\s*[?.!]*$", re.I),
    re.compile(rf"^{_ENDS}(?:\s*,\s+|\s+)if\s+{_IT}\s+{_STARTS}\s+(?P<a>{AT})\s+and\s+{_LASTS}\s+(?P<d>{_FOR})"
               rf"(?:\s+long)?\s*[?.!]*$", re.I),
]

# How long until a time, from one the question says it is: the asker's time, not the clock's ("How long until
# midnight?" is no span). "How many seconds are there until midnight if it is 23:42:10?" (the 1.5B: 81,490; 1,070),
# "How many minutes until 5pm if it's 13:40?", "How long until midnight from 21:35?", "It's 22:15. How long until
# midnight?", "If it's 9:20, how long until noon?"
_HOW = r"how\s+(?:many\s+(?P<unit>hours|minutes|seconds)|long|much\s+time)(?:\s+(?:is\s+it|are\s+there|is\s+there|" \
       r"are\s+left|is\s+left|left|remains?|remaining))?"
_UNTIL = rf"{_HOW}\s+(?:until|till|til|to)\s+(?P<b>{_ON}|{AT})"
_IT_IS = r"(?:it\s+is|it's|it’s|its|the\s+time\s+is)(?:\s+now)?"
_UNTIL_ASKED = [
    re.compile(rf"^{_UNTIL},?\s+(?:if|when|given\s+that)\s+{_IT_IS}\s+(?P<a>{_ON}|{AT})\s*[?.!]*$", re.I),
    re.compile(rf"^{_UNTIL}\s+from\s+(?P<a>{_ON}|{AT})\s*[?.!]*$", re.I),
    re.compile(rf"^(?:(?:if|when)\s+)?{_IT_IS}\s+(?P<a>{_ON}|{AT})\s*(?:[.,;:!]|\s[-–—])\s*{_UNTIL}\s*[?.!]*$", re.I),
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


def _plain(terms: list[Term]) -> bool:
    """Whether a message's durations are plainly durations: none written 1:45 with no hours word (a time of day,
    maybe), and no bare "m" or "s" with no hours ("5m + 3m" may be metres, "30s + 40s" decades)."""
    return not any(t.clock for t in terms) and not (any(t.bare_m or t.bare_s for t in terms)
                                                    and not any(t.hours for t in terms))


def _sum_asked(text: str) -> str | None:
    """The durations a message plainly asks to add or subtract, or None: two or more, or one multiplied, with a
    sign or a word that adds ("45 minutes, 1 hour": a list, maybe, unless asked to add it up), all `_plain`."""
    match = _SUM_ASKED.match(text)
    if match is None:
        return None
    written = " ".join(match.group("sum").split())
    if len(written) > MAX_SUM:
        return None
    try:
        terms = read_terms(written)
    except ToolError:
        return None
    if not _plain(terms):
        return None
    if len(terms) < 2 and terms[0].times == 1:
        return None
    if not (_SAID_OP.search(written) or match.group("adds") or match.group("of") or match.group("all")):
        return None
    return written


# A difference of two times of day. Each written with a colon, am/pm or a word ("3.15 and 2.50" may be numbers to
# subtract), and where the question says no time ("How far apart are …?", "the difference between …") one of them
# as only a clock writes it: "the difference between 4:35 and 3:50" may be two lap times, 45 seconds apart. "The
# time difference between London and Tokyo" is the clock's (asked before this). With seconds, 00:04:35 and
# 01:23:45 are as likely a place in a video or a race time: only am/pm or an hour past 12 makes those a clock's.
_AT_SAID = rf"(?:{_HMS}|\d{{1,2}}:\d{{2}}\s*{HALF_DAY}?|\d{{1,2}}(?:\.\d{{2}})?\s*{HALF_DAY}|noon|midnight|midday)"
_CLOCKLIKE = re.compile(rf"(?:.*{HALF_DAY}|noon|midnight|midday|0\d:\d{{2}}|(?:1[3-9]|2[0-3]):\d{{2}}(?::\d{{2}})?)", re.I)
_IN_TIME = r"(?:hours|minutes|seconds|hours\s+and\s+minutes|minutes\s+and\s+seconds)"
_APART = [
    # "What's the difference between 14:35 and 09:50?" (the 1.5B: 4 hours and 25 minutes), "What is the time
    # difference between 8:20am and 5:05pm?"
    re.compile(rf"^(?:what(?:'s|’s|\s+is)\s+the\s+)?(?P<time>time\s+)?difference\s+"
               rf"(?P<in>in\s+(?:time|{_IN_TIME})\s+)?between\s+(?P<a>{_ON}|{_AT_SAID})\s+and\s+"
               rf"(?P<b>{_ON}|{_AT_SAID})(?P<after>\s+in\s+{_IN_TIME})?\s*[?.!]*$", re.I),
    # "How far apart are 09:15 and 11:40?", "How many minutes apart are 9:15 and 11:40?"
    re.compile(rf"^how\s+(?:far|many\s+(?P<time>hours|minutes|seconds)|much\s+(?P<in>time))\s+apart\s+are\s+"
               rf"(?P<a>{_ON}|{_AT_SAID})\s+and\s+(?P<b>{_ON}|{_AT_SAID})\s*[?.!]*$", re.I),
]


# "Which is later: 23:15 or 11:20 pm?", "Which is earlier, 11:59 pm or 00:01 am?" (the 1.5B: 11:59 pm), "Which comes
# first, 7:45 am or 07:30?": each time as only one clock writes it (am or pm, or 00:00 to 09:59 and 13:00 on)
_WHICH_ASKED = re.compile(
    rf"^(?:which|what)\s+(?:time\s+)?(?:is|comes|happens)\s+(?P<which>later|earlier|first|sooner|last|the\s+later|"
    rf"the\s+earlier)(?:\s+in\s+the\s+day)?\s*[,:]?\s+(?P<a>{_AT_SAID})(?:\s*,\s+|\s+)or\s+(?P<b>{_AT_SAID})\s*[?.!]*$", re.I)
_WHICH = {"later": "later", "last": "later", "earlier": "earlier", "first": "earlier", "sooner": "earlier"}


def _which_asked(text: str) -> dict[str, Any] | None:
    """The two times of day a message plainly asks the earlier or later of (`apart` with `which`), or None."""
    match = _WHICH_ASKED.match(text)
    if match is None or not all(_CLOCKLIKE.fullmatch(match.group(t).strip()) for t in ("a", "b")) \
            or re.search(r"midnight", text, re.I):
        return None  # ("Which is later, 11:00 or 1:00?": 1:00 may be either; midnight is a day's start or its end)
    try:
        seconds_of(match.group("a")), seconds_of(match.group("b"))
    except ToolError:
        return None
    which = _WHICH[match.group("which").lower().split()[-1]]
    return {"start": match.group("a").strip(), "end": match.group("b").strip(), "apart": True, "which": which}


def _seconds_unread(asked: str, times: tuple[str, ...]) -> bool:
    """Whether a question of two times asks for seconds and neither gives any ("How many seconds between 10:15 and
    10:47?"): the tool would say minutes, and an answer in seconds be checked against them. It stays the model's."""
    return re.search(r"\bseconds\b", asked, re.I) is not None and not any(_WITH_SECONDS.match(t) for t in times)


def _span_asked(text: str, first: str, second: str, unit: str | None) -> dict[str, Any] | None:
    """A span's arguments: from one time of day to another, or from a time on a weekday to one on another (with
    the unit asked, if one is); None where one names a weekday and the other none ("between Monday 9am and 5pm":
    the same day, or not), or seconds are asked of times that give none."""
    try:
        (a_day, a_time), (b_day, b_time) = on_weekday(first), on_weekday(second)
        if a_day is not None and b_day is not None:
            seconds_of(a_time), seconds_of(b_time)
            return {"start": first, "end": second, **({"in": unit.lower()} if unit else {})}
    except ToolError:  # ("Monday 25:00")
        return None
    days = a_day, b_day
    if days != (None, None) or _seconds_unread(text, (first, second)):
        return None
    return {"start": first, "end": second}


# A word that may end a sentence, so that the next word's capital says nothing; a word that is no name however
# written ("I", "AM", "p.m.").
_SENTENCE_END = re.compile(r"(?:^|[.?!;:])\s*$")
_NO_NAME = re.compile(r"I|[ap]\.?m\.?", re.I)
# A thing of several words that names where it goes ("a flight to tokyo", "the train from leeds"), and a flight.
_GOES = re.compile(r"\b(?:to|from|for|via|into|between|out\s+of)\b", re.I)
_FLIES = re.compile(r"\b(?:flights?|fl(?:y|ies|ew|own)|planes?|land(?:s|ed|ing)?|airports?)\b", re.I)


def _named(text: str) -> bool:
    """Whether a message holds a capitalised word that is no sentence's first: a name ("London", "Eurostar")."""
    return any(word.group()[:1].isupper() and not _NO_NAME.fullmatch(word.group())
               and not _SENTENCE_END.search(text[:word.start()])
               for word in re.finditer(r"[A-Za-z][A-Za-z.'’]*", text))


def _zones_maybe(text: str) -> bool:
    """Whether a trip may cross time zones, so that its arrival on the clock it left by is no answer: a name in
    the message ("A London-Tokyo flight …", "The Eurostar departs at 9:50 …": Paris is an hour on), a thing that
    says where it goes ("the train to paris"), or a flight with more than a word to say what it is ("a london-tokyo
    flight"). "A flight departs at 10:20 and lasts 2 h 45 min. When does it land?" stays the tool's."""
    if _named(text):
        return True
    thing = re.match(rf"^(?:if\s+|say\s+|suppose\s+)?(?P<t>{_THING})\s+{_STARTS}", text, re.I) \
        or re.search(rf"\bif\s+(?P<t>{_IT})\s+{_STARTS}", text, re.I)
    words = thing.group("t").split()[1:] if thing else []
    return _GOES.search(" ".join(words)) is not None or (_FLIES.search(text) is not None
                                                          and len(re.split(r"[\s-]+", " ".join(words))) > 1)


def _ends_asked(text: str) -> dict[str, Any] | None:
    """The start and the duration of a thing that starts at a time and lasts a while, or a trip (`_ENDS_ASKED`),
    when the question asks when it ends or arrives, or None (a start that is no time of day: "at 25:00"; a trip
    that may cross time zones: `_zones_maybe`)."""
    match = next((m for p in _ENDS_ASKED if (m := p.match(text)) is not None), None)
    if match is None or _zones_maybe(text):
        return None
    try:
        seconds_of(match.group("a"))
    except ToolError:
        return None
    return {"start": match.group("a"), "add": " ".join(match.group("d").split())}


def _until_asked(text: str) -> dict[str, Any] | None:
    """A span from the time a question says it is to a later one (`_UNTIL_ASKED`), in the unit asked if one is
    (then seconds are worked out whatever the times give), or None where either is no time of day."""
    for pattern in _UNTIL_ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        first, second, unit = match.group("a"), match.group("b"), match.group("unit")
        if re.fullmatch(_ON, first, re.I) or re.fullmatch(_ON, second, re.I):
            return _span_asked(text, first, second, unit)
        try:
            seconds_of(first), seconds_of(second)
        except ToolError:  # ("until 25:00")
            return None
        return {"start": first, "end": second, **({"in": unit.lower()} if unit else {})}
    return None


def _apart_asked(text: str) -> dict[str, Any] | None:
    """The two times of day a message plainly asks the difference of (`apart`), or None; two on weekdays are a
    span from the first ("the difference between Monday 9am and Friday 5pm": 104 hours)."""
    for pattern in _APART:
        match = pattern.match(text)
        if match is None:
            continue
        first, second = match.group("a"), match.group("b")
        if re.fullmatch(_ON, first, re.I) or re.fullmatch(_ON, second, re.I):
            # on weekdays: counted forward from the first ("between Friday 10pm and Monday 6am": over the weekend)
            said = " ".join(g or "" for g in (match.group("time"), match.group("in"), match.groupdict().get("after")))
            units = {u.lower() for u in re.findall(r"\b(hours|minutes|seconds)\b", said, re.I)}
            return _span_asked(text, first, second, units.pop() if len(units) == 1 else None)
        if not (match.group("time") or match.group("in")) and not any(_CLOCKLIKE.fullmatch(t) for t in (first, second)):
            return None
        if _seconds_unread(text, (first, second)):
            return None
        try:
            seconds_of(first), seconds_of(second)
        except ToolError:  # ("24:10 and 25:30": no times of day, lap times maybe)
            return None
        return {"start": first, "end": second, "apart": True}
    return None


# A duration said in one unit. One number in one unit is the units tool's ("How many seconds are in a week?", "How
# many hours is 150 minutes?": asked before this); here, a duration of two parts ("2 hours 15 minutes", "2h15m",
# "2 minutes 30 seconds") or a sum with its sign ("3h 45m + 2h 30m in minutes"). The unit may be said as a
# decimal ("to decimal hours", "in hours as a decimal"): `in` says it so.
_IN_WORD = (r"(?:decimal\s+)?(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)"
            r"(?:\s+as\s+a\s+decimal(?:\s+number)?)?")
_IN_WORDS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_D = r"(?P<d>[^?!]+?)"
_END = r"\s*[?.!]*$"
_IN_ASKED = [
    # "Convert 2h15m to seconds", "Convert 2 hours 15 minutes to seconds." (the 1.5B: no tool called), "Express 1
    # hour 20 minutes as decimal hours"
    re.compile(rf"^(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:convert|change|turn|express)\s+{_D}\s+"
               rf"(?:to|into|in|as)\s+{_IN_WORD}{_END}", re.I),
    # "What is 1 hour 30 minutes in minutes?"
    re.compile(rf"^(?:what\s+is|what's|what’s|whats|how\s+much\s+is|how\s+long\s+is)\s+{_D}\s+(?:in|to|into|as)\s+"
               rf"{_IN_WORD}{_END}", re.I),
    # "How many seconds is 2 hours 15 minutes?" (the 1.5B: 8,100, after 300 tokens of working), "How many minutes
    # are there in 3 hours 20 minutes?"
    re.compile(rf"^how\s+many\s+{_IN_WORD}\s+(?:is|are|makes?|in)\s+(?:there\s+in\s+|in\s+)?{_D}{_END}", re.I),
    # "2h 15m in seconds?"
    re.compile(rf"^{_D}\s+(?:in|to|into)\s+{_IN_WORD}{_END}", re.I),
]


def _in_asked(text: str) -> dict[str, str] | None:
    """The duration (of two parts, or a sum with its sign) and the unit a message plainly asks it in, or None."""
    for pattern in _IN_ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        written = " ".join(match.group("d").split())
        try:
            terms = read_terms(written) if len(written) <= MAX_SUM else []
        except ToolError:
            return None
        if not terms or not _plain(terms):
            return None
        compound = len(terms) == 1 and terms[0].times == 1 and terms[0].parts >= 2
        if not compound and not (_SAID_OP.search(written) and (len(terms) >= 2 or terms[0].times != 1)):
            return None
        return {"sum": written, "in": _IN_WORDS[match.group("u")[0].lower()]}
    return None


# From when a thing starts to when it ends, said, then asked how long: "If I sleep at 23:30 and wake at 6:45, how
# long did I sleep?" (the 1.5B: 3 hours 15 minutes; it is 7 hours 15 minutes, overnight), "I went to bed at 11pm and
# got up at 7:20am. How much sleep did I get?", "I left at 8:50 and arrived at 11:05, how long was the journey?",
# "The shop opens at 9am and closes at 5:30pm. How long is it open?", or the question first ("How long did I sleep
# if I went to bed at 11pm and woke at 7am?"). The question is one of a few that ask that stretch's length, and
# nothing more ("how many hours do I sleep a week?", "how long should I sleep?" stay the model's).
_WHO = r"(?:i|we|you|he|she|they|it|(?:a|an|the|my|our|your|his|her|their|this|that)\s+[a-z]+(?:\s+[a-z]+)?)"
_DOES = (r"(?:(?:usually|normally|typically|always|often|generally|then|finally|eventually|only)\s+)?"
         r"(?:(?:will|would|did|do|does|can|could|might|am\s+going\s+to|was\s+going\s+to|(?:have|has|had|need|needs|"
         r"needed)\s+to)\s+)?")
_WAKE = r"(?:wake|wakes|woke|awake|awoke)(?:\s+up)?|(?:get|gets|got)\s+up"
_DONE = (rf"(?:sleep|slept|sleeps|(?:go|goes|went)\s+to\s+(?:sleep|bed)|(?:fall|falls|fell)\s+asleep|"
         rf"(?:get|gets|got)\s+(?:in(?:to)?\s+bed|to\s+(?:sleep|bed|work|school|the\s+office)|there|home|back|in)|"
         rf"(?:turn|turns|turned)\s+in|(?:hit|hits)\s+the\s+(?:sack|hay)|{_WAKE}|(?:go|goes|went)\s+off|ring|rings|"
         rf"rang|leave|leaves|left|(?:set|sets)\s+(?:off|out)|depart|departs|departed|start|starts|started|begin|"
         rf"begins|began|(?:clock|clocks|clocked)\s+(?:in|on|off|out)|arrive|arrives|arrived|return|returns|returned|"
         rf"finish|finishes|finished|stop|stops|stopped|end|ends|ended|open|opens|opened|close|closes|closed|shut|"
         rf"shuts)")
_STRETCH = (rf"(?:(?:if|say|suppose|assuming|when)\s+)?{_WHO}\s+{_DOES}(?P<first>{_DONE})\s+at\s+(?P<a>{AT}),?\s+"
            rf"and\s+(?:then\s+)?(?:{_WHO}\s+)?{_DOES}{_DONE}\s+at\s+(?P<b>{AT})")
_BEING = (r"(?:asleep|awake|in\s+bed|there|at\s+work|at\s+school|away|gone|out|open|on\s+the\s+(?:road|train|"
          r"bus)|travelling|traveling|on\s+shift)")
_HOW_LONG = (
    rf"how\s+(?:long|much\s+time|many\s+(?:hours|minutes|hours\s+and\s+minutes))\s+(?:"
    rf"(?:did|do|does|will|would|can|could)\s+{_WHO}\s+(?:sleep|rest|work|travel|drive|walk|ride|last|take|run|"
    rf"go\s+on|stay\s+{_BEING}|be\s+{_BEING}|spend\s+{_BEING})"
    rf"|(?:have|has|had)\s+{_WHO}\s+(?:slept|worked|travelled|traveled|been\s+{_BEING})"
    rf"|(?:is|was|were|am|are|will\s+be|would\s+be)\s+(?:that|this|it|{_WHO}(?:\s+{_BEING})?)"
    rf"|(?:will|would)\s+{_WHO}\s+be\s+{_BEING}"
    rf"|of\s+sleep\s+(?:is\s+that|is\s+it|(?:does|did|will|would)\s+that\s+give\s+(?:me|us|him|her|them)|"
    rf"(?:did|do|does|will|would|can|could)\s+{_WHO}\s+get))(?:\s+for)?"
    rf"|how\s+much\s+sleep\s+(?:did|do|does|will|would|can|could)\s+{_WHO}\s+(?:get|have)")
TOTAL = r"(?:\s+(?:in\s+total|altogether|in\s+all))?"
_STRETCH_ASKED = [
    re.compile(rf"^{_STRETCH}\s*(?:[.,;:]\s*|\s[-–—]\s+)(?:so\s+)?(?:{_HOW_LONG}){TOTAL}\s*[?.!]*$", re.I),
    re.compile(rf"^(?:{_HOW_LONG}){TOTAL},?\s+(?:if|when|given\s+that)\s+{_STRETCH}\s*[?.!]*$", re.I),
]
# A flight's times are each its airport's, maybe hours apart: "departs at 22:10 and lands at 06:35" is no span.
_ZONES_APART = re.compile(r"\b(?:flights?|fl(?:y|ies|ew|own)|planes?|airports?|land(?:s|ed)?|time\s*zones?|local)\b",
                          re.I)
_DAY_HALF = 12 * 3_600


def _stretch_asked(text: str) -> dict[str, Any] | None:
    """A span from when a thing starts to when it ends (`_STRETCH_ASKED`), the end the next day where it is
    earlier (a night's sleep), or None. A time of either half of the day ("8:50": no am or pm, beside no time
    only a 24-hour clock writes) is taken as written only where the stretch is under 12 hours and starts with no
    waking: from 11:30 to 6:45 is 19 h 15 min on a 24-hour clock and 7 h 15 min as a night's sleep, and from
    waking at 7am to bed at 11:30 4 h 30 min or 16 h 30 min, so those stay the model's."""
    match = next((m for p in _STRETCH_ASKED if (m := p.match(text)) is not None), None)
    if match is None or _ZONES_APART.search(text):
        return None
    first, second = match.group("a").strip(), match.group("b").strip()
    try:
        (a, _), (b, _) = seconds_of(first), seconds_of(second)
    except ToolError:  # ("at 25:00")
        return None
    either_half = any(re.fullmatch(r"(?:1[0-2]|[1-9])[:.]\d{2}", t) for t in (first, second))
    on_24_hours = any(re.fullmatch(r"(?:0\d?|1[3-9]|2[0-3])[:.]\d{2}", t) for t in (first, second))
    waking = re.fullmatch(_WAKE, match.group("first"), re.I) is not None
    if a == b or (either_half and not on_24_hours and (waking or (b - a) % (2 * _DAY_HALF) >= _DAY_HALF)):
        return None
    return {"start": first, "end": second}


# The hours, minutes or seconds in a month or a year: "How many hours are there in March?" (the 1.5B: 21; 744),
# "How many minutes are in February 2028?", "How many seconds does 2027 have?", "How many hours are in a year?".
# A month or year and nothing more ("in March that I worked" stays the model's); its days are the calendar's.
_PERIOD = (r"(?P<p>(?:the\s+month\s+of\s+)?[a-z]+\.?(?:\s*,?\s*\d{4})?|(?:this|current|next|coming|last|previous)\s+"
           r"(?:month|year)|(?:the\s+year\s+)?\d{4}|a\s+(?:(?:leap|common|normal|non-leap)\s+)?year)")
_PERIOD_ASKED = [
    re.compile(rf"^how\s+many\s+(?P<u>hours|minutes|seconds)\s+(?:are\s+there\s+|is\s+there\s+|were\s+there\s+|"
               rf"will\s+there\s+be\s+|are\s+|were\s+)?(?:in|during)\s+{_PERIOD}\s*[?.!]*$", re.I),
    re.compile(rf"^how\s+many\s+(?P<u>hours|minutes|seconds)\s+(?:does|did|will)\s+{_PERIOD}\s+have\s*[?.!]*$", re.I),
]


def _period_asked(text: str) -> dict[str, Any] | None:
    """The month or year a message asks the hours, minutes or seconds of (`_PERIOD_ASKED`), with that unit, or
    None where the words name neither ("in school"). The tool reads a month without its year on its own clock."""
    match = next((m for p in _PERIOD_ASKED if (m := p.match(text)) is not None), None)
    if match is None:
        return None
    period = " ".join(match.group("p").split())
    try:
        period_length(period, match.group("u").lower(), date(2000, 1, 1))  # (only whether it names one)
    except ToolError:
        return None
    return {"period": period, "in": match.group("u").lower()}


def timespan_asked(message: str) -> dict[str, Any] | None:
    """The timespan tool's arguments for a message that plainly asks the time between two times of day (or until
    one from the time it says it is, or from when a thing starts to when it ends), how far apart two are, a time of
    day moved by a duration, durations added up, a duration in one unit, the hours in a month or a year, or the
    total of the lines under it (a time sheet, a list of durations), or how long something in the log under it took
    (between its first and last ERROR, a job's start and end, the whole log); or None."""
    text = message.strip()
    if "\n" in text:  # (a question with the lines it asks about: "How many hours did I work?" and a time sheet;
        # "What was the time between the first and last ERROR?" and a log: logtimes.py)
        return list_asked(text) or durations_asked(text) or log_asked(text)
    if len(text) > 200:
        return None
    between_dates = _dated_asked(text)
    if between_dates is not None:
        return between_dates
    for pattern, kind in _ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        if kind == "span":
            return _span_asked(text, match.group("a"), match.group("b"), match.group("unit"))
        if re.search(r"sec", match.group("d"), re.I) and not _TIME_SAID.match(text) \
                and not _WITH_SECONDS.match(match.group("a")) and not _CLOCKLIKE.fullmatch(match.group("a")):
            return None  # ("What's 90 seconds after 4:35?" may be a place in a video: 6:05)
        way = match.groupdict().get("way") or "after"
        sign = "-" if way.lower() in ("before", "minus", "-") else ""
        return {"start": match.group("a"), "add": sign + " ".join(match.group("d").split())}
    found = _ends_asked(text) or _until_asked(text) or _which_asked(text) or _apart_asked(text) or parts_asked(text) \
        or _in_asked(text) or _stretch_asked(text) \
        or _period_asked(text) or durations_asked(text)
    if found is not None:
        return found
    written = _sum_asked(text)
    return {"sum": written} if written is not None else None
