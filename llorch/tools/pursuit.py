"""Two movers on one line: when and where a faster one catches up with a slower one that set off first (or with a
head start), and when and where two heading towards each other meet.

Asked "A train leaves a station at 9:00 going 60 mph. A second train leaves the same station at 10:00 on the same
track going 80 mph. At what time does the second train catch up?", the 1.5B got it wrong: the first has a 60-mile
lead, closed at 20 mph in 3 hours, so at 13:00. `pursuit_asked` gives the math tool the working of how long it
takes (`60 * (10 - 9) / (80 - 60)` hours, after the second sets off) or how far from the start they are level
(`80 * 60 * (10 - 9) / (80 - 60)` miles), and `pursuit_time_asked` the timespan tool a time of day plus that
length ("10:00" plus 3 hours: 13:00). Two towns 300 km apart, cars from each at 70 and 80 km/h: they meet after
`300 / (70 + 80)` hours, `70 * 300 / (70 + 80)` km from the first's town.

Speeds are in mph, km/h or m/s (both in one unit, a distance in its length), starts at a time of day ("at 9:00", "at 9
am", "at 9:30 pm"), later by a while ("30 minutes later", "an hour later") or with a head start ("a 10 km head
start"). Every number and word must be accounted for: the second must be faster to catch up, the way each goes must
be plain (the same station, following, towards each other, from each end), and a stop, a turn, a third number or a
direction in words leaves the question to the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from llorch.errors import LlorchError
from llorch.tools.clock import HALF_DAY, time_of_day
from llorch.tools.durations import hours_minutes, spoken_seconds
from llorch.tools.evaluator import evaluate
from llorch.tools.finance import THOUSANDS, marked, plain
from llorch.tools.mathnumbers import fixed

__all__ = ["pursuit_asked", "pursuit_time_asked"]

_NUM = r"\d+(?:\.\d+)?"
# A speed's unit, by the length and time it is per (a distance must be in its length)
_PER = {"mph": ("mile", 3_600), "kmh": ("km", 3_600), "ms": ("m", 1)}
_SPEED = (r"(?P<speed>" + _NUM + r")\s*(?:(?P<mph>mph|mi/h|miles\s+(?:per|an|a)\s+hour)|(?P<kmh>km/h|km/hr|kmh|kph|"
          r"km\s+(?:per|an|a)\s+hour|kilomet(?:re|er)s\s+(?:per|an|a)\s+hour)|(?P<ms>m/s|met(?:re|er)s\s+(?:per|a)\s+"
          r"second))(?![\w/])")
_LENGTH = r"(?:miles?|mi|km|kilomet(?:re|er)s?|m|met(?:re|er)s?)"
_WAIT = (r"(?:" + _NUM + r"\s*(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)(?:\s+(?:and\s+)?\d+\s*(?:minutes?|mins?))?"
         r"|an?\s+hour\s+and\s+a\s+half|an?\s+hour\s+and\s+\d+\s+minutes?|half\s+an\s+hour|a\s+quarter\s+of\s+an\s+hour"
         r"|an?\s+hour)")
_PLACE = (r"(?:the\s+two\s+(?:towns|cities|stations|villages)|(?:the\s+)?(?:(?:town|city|station|village)\s+)?"
          r"(?-i:[A-Z][a-z]*)\s+and\s+(?:the\s+)?(?:(?:town|city|station|village)\s+)?(?-i:[A-Z][a-z]*)|them)")
_TOKENS = re.compile(
    _SPEED
    + r"|(?P<wait>" + _WAIT + r")\s+(?:later|after)\b|\bafter\s+(?P<wait2>" + _WAIT + r")(?![\w:])"
    + r"|(?P<apart>" + _NUM + r")\s*-?\s*(?P<apart_u>" + _LENGTH + r")\s+(?:apart|(?:away\s+)?from\s+each\s+other)\b"
    + r"|\bdistance\s+between\s+" + _PLACE + r"\s+is\s+(?P<apart2>" + _NUM + r")\s*(?P<apart2_u>" + _LENGTH + r")\b"
    + r"|(?P<ahead>" + _NUM + r")\s*-?\s*(?P<ahead_u>" + _LENGTH + r")\s+(?:head\s+start|ahead|lead)\b"
    + r"|\bhead\s+start\s+of\s+(?P<ahead2>" + _NUM + r")\s*(?P<ahead2_u>" + _LENGTH + r")\b"
    + r"|\bat\s+(?P<clock>\d{1,2}:\d{2}(?:\s*" + HALF_DAY + r")?|\d{1,2}\s*" + HALF_DAY + r"|noon|midday)(?![\w:])",
    re.IGNORECASE)
# Where each sets off from and heads to, by name: "leaves town A", "from Leeds", "towards B"
_NAME = r"(?:the\s+)?(?:(?:town|city|station|village|point)\s+)?(?P<name>(?-i:[A-Z][a-z]*))\b"
_FROM = re.compile(r"\b(?:leaves|leaving|left|departs|departing|departed|(?:sets?|setting)\s+(?:off|out)\s+from|"
                   r"starts?\s+from|started\s+from|from)\s+" + _NAME, re.IGNORECASE)
_TO = re.compile(r"\b(?:towards?|heading\s+for|bound\s+for)\s+" + _NAME, re.IGNORECASE)
_SAME_WAY = re.compile(r"\bsame\s+(?:direction|station|place|point|spot|town|city|track|road|route|line|house|home|"
                       r"school|airport|port|start(?:ing\s+point)?)\b|\bfollow(?:s|ed|ing)?\b", re.IGNORECASE)
_EACH_OTHER = re.compile(r"\btowards?\s+each\s+other\b", re.IGNORECASE)
# One time of day said for both: "at the same time", "Both leave at 9:00", "Two trains leave … at 9:00"
_TOGETHER = re.compile(r"\b(?:same\s+time|simultaneously|(?:both|two\s+[a-z]+)\s+(?:leave|set\s+off|start|depart))\b",
                       re.IGNORECASE)
# A start later than the other's by no number said ("A second train leaves after the first")
_SOME_TIME = re.compile(r"\b(?:after|then|until|till)\b", re.IGNORECASE)

# The question, last: what it asks and of which meeting
_QUESTION = re.compile(r"(?:^|(?<=[.?!])\s+|,\s+)(?P<q>(?:at\s+what\s+time|what\s+time|when|how\s+long|how\s+much\s+"
                       r"time|how\s+many|after\s+how|how\s+far|at\s+what\s+distance|where)\b[^.?!]*)[?.!]*\s*$",
                       re.IGNORECASE)
_CLOCK_ASKED = re.compile(r"^(?:at\s+what\s+time|what\s+time|when)\b", re.IGNORECASE)
_LENGTH_ASKED = re.compile(r"^(?:how\s+long|how\s+much\s+time|how\s+many\s+(?P<unit>hours|minutes|seconds)|after\s+how"
                           r"\s+(?:long|many\s+(?P<unit2>hours|minutes|seconds)))\b", re.IGNORECASE)
_FAR_ASKED = re.compile(r"^(?:how\s+far|at\s+what\s+distance|where|how\s+many\s+(?P<far>miles|km|kilomet(?:re|er)s|"
                        r"met(?:re|er)s))\b", re.IGNORECASE)
_IN_UNIT = re.compile(r"\bin\s+(?P<unit>hours|minutes|seconds|miles|km|kilomet(?:re|er)s|met(?:re|er)s)\b",
                      re.IGNORECASE)
_CATCHES = re.compile(r"\b(?:catch(?:es)?|caught|overtakes?|overtaken|pass(?:es)?|draws?\s+level)\b", re.IGNORECASE)
_LEADER = re.compile(r"\b(?:first|slower|earlier|leading|leader)\b", re.IGNORECASE)  # (said before "catch")
_MEETS = re.compile(r"\b(?:meet|meets|met|pass\s+each\s+other|cross(?:es)?|cross\s+paths)\b", re.IGNORECASE)
_FROM_ASKED = re.compile(r"\bfrom\s+" + _NAME, re.IGNORECASE)  # ("How far from town A do they meet?")
_SINCE_FIRST = re.compile(r"\b(?:after|since)\s+(?:the\s+)?first\b", re.IGNORECASE)
_AFTER_SECOND = re.compile(r"\bafter\s+(?:the\s+)?second\b", re.IGNORECASE)

# The words such a problem is told in, besides its numbers (and the names of people and places)
_WORDS = frozenset("""
a an the another other one two both first second its it they them he she his her him their who which that this and
then while after same time at from to towards toward in on of for with by along into up is are was
were be been will would does do did has have had can could if suppose so leave leaves leaving left depart departs
departing departed set sets setting off out start starts starting started head heads heading headed follow follows
following followed go goes going went gone travel travels travelling traveling travelled traveled drive drives
driving drove ride rides riding rode cycle cycles cycling cycled run runs running ran walk walks walking walked jog
jogs jogging jogged fly flies flying flew move moves moving moved sail sails sailing sailed speed average constant
steady rate catch catches caught catching overtake overtakes overtaking overtaken pass passes passing passed meet
meets meeting met cross crosses crossing paths level draw draws how long far many much when what where take takes
taking took until till hours hour minutes minute seconds miles mile km kilometres kilometers metres meters
direction track road route line path highway motorway railway rail lane station stations town towns city cities
village villages home house school office airport port point place spot end ends car cars train trains bus buses
truck trucks lorry van cyclist cyclists runner runners walker walkers jogger hiker hikers plane planes boat boats ship
ships bike bikes bicycle motorcycle motorbike person people man woman boy girl friend friends brother sister driver
rider express freight passenger faster each apart distance between away ahead lead
""".split())


@dataclass(frozen=True)
class _Problem:
    """A problem as read: the expression of how long after the later start they are level (in `per`'s time unit),
    the distance from the start (or from each end) then, and for a time of day, the clock to add to and by how much
    (seconds); `per` is (length, seconds) of the speeds' unit."""

    length: str
    far: dict[str, str]
    per: tuple[str, int]
    clock: str | None
    wait: Fraction
    after_first: bool
    question: str


def pursuit_asked(text: str) -> str | None:
    """The math tool's expression for how long until a faster mover catches up with a slower one, or two heading
    towards each other meet, or how far from the start (from an end) that is, asked plainly; or None."""
    problem = _read(text)
    if problem is None:
        return None
    question = problem.question
    far, long = _FAR_ASKED.match(question), _LENGTH_ASKED.match(question)
    named = [w for w in (far and far.group("far"), long and (long.group("unit") or long.group("unit2")))
             if w] + [m.group("unit") for m in _IN_UNIT.finditer(question)]
    units = {_unit(w) for w in named}
    if len(units) > 1:
        return None
    unit = units.pop() if units else None
    if far is not None:
        where = _FROM_ASKED.search(question)
        if unit not in (None, problem.per[0]):
            return None
        return problem.far.get(where.group("name") if where else "")
    if long is None and not (question[:4].lower() == "when" and problem.clock is None):
        return None  # (at what time, with no time of day to count from)
    if problem.after_first or isinstance(unit, str):
        return None
    if unit is None or unit == problem.per[1]:
        return problem.length
    factor = Fraction(problem.per[1], unit)
    return f"{problem.length} * {factor}" if factor.denominator == 1 else f"{problem.length} / {1 / factor}"


def pursuit_time_asked(text: str) -> dict[str, Any] | None:
    """The timespan tool's arguments for the time of day a catch-up or a meeting asked plainly happens: the later
    start and how long after it ({"start": "10:00", "add": "3 hours"}); or None (no time of day given, or a time
    that is no whole second)."""
    problem = _read(text)
    if problem is None or problem.clock is None or not _CLOCK_ASKED.match(problem.question):
        return None
    try:
        length = evaluate(problem.length)
    except (LlorchError, ValueError, ArithmeticError):
        return None
    seconds = problem.wait + length * problem.per[1] if isinstance(length, Fraction) else None
    if seconds is None or seconds.denominator != 1:
        return None  # (a time of day to a fraction of a second: the model's to round)
    whole = int(seconds)
    return {"start": problem.clock, "add": hours_minutes(whole // 60) if whole % 60 == 0 else f"{whole} seconds"}


def _unit(word: str) -> str | int:
    """A unit a question asks in: a length ("mile", "km", "m") or a time's seconds."""
    word = word.lower()
    times = {"hours": 3_600, "minutes": 60, "seconds": 1}
    if word in times:
        return times[word]
    return "mile" if word.startswith("mi") else "km" if word.startswith("k") else "m"


@dataclass
class _Found:
    """The numbers of a problem, by what they are, with where each is said."""

    speeds: list[tuple[int, str, str]]
    clocks: list[tuple[int, str]]
    waits: list[tuple[int, str]]
    apart: list[tuple[int, str, str]]
    ahead: list[tuple[int, str, str]]


# How much later the second sets off: the tool's expression, in seconds, the time of day to count from, and the
# seconds from it to the second's start
_Lead = tuple[str, Fraction, "str | None", Fraction]

def _found(told: str) -> tuple[_Found, str] | None:
    """The speeds, times of day, waits and distances `told` gives, and its words with them marked; None where any
    other number is left."""
    found = _Found([], [], [], [], [])
    matches = list(_TOKENS.finditer(told))
    for match in matches:
        named = {k: v for k, v in match.groupdict().items() if v is not None}
        at = match.start()
        if "speed" in named:
            found.speeds.append((at, named["speed"], next(k for k in _PER if k in named)))
        elif "clock" in named:
            found.clocks.append((at, named["clock"]))
        elif "wait" in named or "wait2" in named:
            found.waits.append((at, named.get("wait") or named["wait2"]))
        elif "apart" in named or "apart2" in named:
            found.apart.append((at, named.get("apart") or named["apart2"], named.get("apart_u") or named["apart2_u"]))
        else:
            found.ahead.append((at, named.get("ahead") or named["ahead2"], named.get("ahead_u") or named["ahead2_u"]))
    words = marked(told, [(m, "§n") for m in matches])
    if re.search(r"\d|[^\w\s,.?!;:'’§-]", words):
        return None
    return found, words


def _hours(minutes: int) -> str:
    """A time of day as hours: "9", "9.5", "(9 + 20 / 60)"."""
    hour, minute = divmod(minutes, 60)
    return _decimal(Fraction(minutes, 60)) or f"({hour} + {minute} / 60)"


def _decimal(value: Fraction) -> str | None:
    """`value` as a decimal of up to four places ("1.5", "0.25"), or None."""
    if (value * 10_000).denominator != 1:
        return None
    return fixed(value, 4).rstrip("0").rstrip(".")


def _waited(said: str) -> Fraction:
    """A wait in seconds: "30 minutes", "1 hour 30 minutes", "an hour and a half", "half an hour"."""
    words = " ".join(said.lower().split())
    spoken = spoken_seconds(words)
    if spoken is not None:
        return Fraction(spoken)
    numbers = re.findall(_NUM, words)
    size = 3_600 if re.match(_NUM + r"\s*h", words) else 60 if re.match(_NUM + r"\s*m", words) else 1
    return Fraction(numbers[0]) * size + (Fraction(int(numbers[1]) * 60) if len(numbers) > 1 else 0)


def _in_units(seconds: Fraction, per: int) -> str:
    """A wait in the speeds' time unit, as the tool's expression: "1", "0.5", "20 / 60"."""
    minutes = seconds / 60
    return _decimal(seconds / per) or (f"{minutes} / 60" if per == 3_600 and minutes.denominator == 1 else
                                       f"{seconds} / {per}")


def _names(text: str) -> set[str] | None:
    """The capitalised words of `text` that are names (of a place or a person, said again inside a sentence: "town
    B", "Bob"), lowercased; None where one is said only at a sentence's start (a word that may change the problem)."""
    starts = {m.end() for m in re.finditer(r"(?:^|(?<=[.?!:;])\s)\s*[\"'“‘(]*", text)}
    names: set[str] = set()
    for word in set(re.findall(r"\b[A-Z][a-z]*\b", text)):
        if word.lower() in _WORDS:
            continue
        if all(m.start() in starts for m in re.finditer(r"\b" + word + r"\b", text)):
            return None
        names.add(word.lower())
    return names


def _read(text: str) -> _Problem | None:
    """The problem `text` plainly gives and asks, or None."""
    if len(text) > 300 or "\n" in text.strip():
        return None
    text = THOUSANDS.sub("", text)
    asked = _QUESTION.search(text)
    if asked is None or re.search(r"\d", asked.group("q")):
        return None
    question, told = asked.group("q"), text[:asked.start("q")]
    read = _found(told)
    if read is None:
        return None
    found, words = read
    names = _names(words + " " + question)
    if names is None or not plain(words + " " + question, _WORDS | names):
        return None
    if len(found.speeds) != 2 or len({s[2] for s in found.speeds}) != 1 or len(found.clocks) > 2 \
            or len(found.waits) > 1 or len(found.apart) + len(found.ahead) > 1:
        return None
    (at1, v1, unit), (at2, v2, _) = found.speeds
    per = _PER[unit]
    if any(_unit(d[2]) != per[0] for d in found.apart + found.ahead) or float(v1) <= 0 or float(v2) <= 0:
        return None
    origins = [(m.start(), m.group("name")) for m in _FROM.finditer(told)]
    if origins and (len(origins) != 2 or origins[0][0] > at2 or origins[1][0] < at1):
        return None  # (each says where it sets off from, or neither)
    lead = _lead(found, at1, at2, per[1], words)
    if lead is None:
        return None
    ends = ([o for _, o in origins], [m.group("name") for m in _TO.finditer(told)])
    catches = _CATCHES.search(question)
    if catches is not None and _LEADER.search(question[:catches.start()]):
        return None  # ("When does the first catch the second?": the one ahead never catches up; read no further)
    worked = _met(found, (v1, v2), lead, per[1], ends, words) if _MEETS.search(question) else \
        _caught(found, (v1, v2), lead, at2, ends, words) if catches is not None else None
    timed = lead[2] is not None and _CLOCK_ASKED.match(question)
    if worked is None or (lead[1] and _MEETS.search(question) and not (
            timed or _FAR_ASKED.match(question) or _AFTER_SECOND.search(question))):
        return None  # ("How long until they meet?" of two that set off at different times: from which start?)
    after_first = bool(_SINCE_FIRST.search(question)) and lead[1] > 0
    return _Problem(worked[0], worked[1], per, lead[2], lead[3], after_first, question)


def _met(found: _Found, speeds: tuple[str, str], lead: _Lead, per: int, ends: tuple[list[str], list[str]],
         words: str) -> tuple[str, dict[str, str]] | None:
    """How long after the later start two heading towards each other meet, and how far from each's start (by its
    name) that is; None where they are not plainly heading towards each other, or one is there before the other
    sets off."""
    (v1, v2), (wait, waited, _, _), (origins, heading) = speeds, lead, ends
    crossing = len(set(origins)) == 2 and (not heading or heading == origins[::-1])
    if len(found.apart) != 1 or _SAME_WAY.search(words) or not (crossing or _EACH_OTHER.search(words) and (
            not origins or crossing)):
        return None
    gap = found.apart[0][1]
    if Fraction(gap) - Fraction(v1) * waited / per <= 0:
        return None
    if not waited:
        length = f"{gap} / ({v1} + {v2})"
        return length, dict(zip(origins, (f"{v1} * {gap} / ({v1} + {v2})", f"{v2} * {length}")))
    length = f"({gap} - {v1} * {wait}) / ({v1} + {v2})"
    return length, dict(zip(origins, (f"{v1} * ({wait} + {length})", f"{v2} * {length}")))


def _caught(found: _Found, speeds: tuple[str, str], lead: _Lead, at2: int, ends: tuple[list[str], list[str]],
            words: str) -> tuple[str, dict[str, str]] | None:
    """How long after it sets off a faster second catches up with the first, and how far from their start (by its
    name, or "") that is; None where they do not plainly go the same way, or the second is no faster."""
    (v1, v2), (wait, waited, _, _), (origins, heading) = speeds, lead, ends
    same = len(origins) == 2 and len(set(origins)) == 1 and len(set(heading)) <= 1
    if found.apart or _EACH_OTHER.search(words) or (origins and not same) or not (same or _SAME_WAY.search(words)) \
            or Fraction(v2) <= Fraction(v1):
        return None  # (a second that is no faster never catches up)
    if found.ahead:
        if waited or found.ahead[0][0] > at2:
            return None  # (a head start is the first's)
        return f"{found.ahead[0][1]} / ({v2} - {v1})", {}  # (how far from where: the first's start or the second's?)
    if not waited:
        return None
    length = f"{v1} * {wait} / ({v2} - {v1})"
    return length, {"": f"{v2} * {length}", **{origin: f"{v2} * {length}" for origin in origins}}


def _lead(found: _Found, at1: int, at2: int, per: int, words: str) -> _Lead | None:
    """How much later the second sets off (`_Lead`, the expression in the speeds' time unit); None where the starts
    are not plain (two times of day not one each, a wait told before the first's speed, one time of day that is
    not said to be both's, a start after the other's by no number said)."""
    clocks, waits = found.clocks, found.waits
    if len(clocks) == 2:
        (c1, first), (c2, second) = clocks
        if waits or max(c1, at1) > min(c2, at2):
            return None
        try:
            a, b = time_of_day(first, bare_hour=False), time_of_day(second, bare_hour=False)
        except ValueError:
            return None
        if a is None or b is None or b < a:
            return None  # (a start on the next day)
        minutes = (b[0] - a[0]) * 60 + b[1] - a[1]
        gap = f"({_hours(b[0] * 60 + b[1])} - {_hours(a[0] * 60 + a[1])})" + ("" if per == 3_600 else " * 3600")
        return (gap if minutes else "0"), Fraction(minutes * 60), second, Fraction(0)
    if waits:
        at, said = waits[0]
        if at < at1 or (clocks and not clocks[0][0] < min(at, at2)):
            return None
        seconds = _waited(said)
        if seconds <= 0:
            return None
        return _in_units(seconds, per), seconds, (clocks[0][1] if clocks else None), seconds
    if (clocks and not _TOGETHER.search(words)) or _SOME_TIME.search(words):
        return None  # ("A train leaves A at 9:00 …; another leaves B …": when?)
    return "0", Fraction(0), (clocks[0][1] if clocks else None), Fraction(0)
