"""Questions the clock answers, recognised in a message: the time now (here or in a place), what a Unix time is,
the Unix time of a date and time or of now, a time somewhere as the time elsewhere (on a day, where one is named),
a time of day on the other clock.

Each `*_asked` function reads a message that plainly asks such a thing, so that it goes to the clock tool before the
model answers (exact.py, chat/conversation.py's exact step); anything else is None and stays the model's. The tool
itself, and the places it knows, are clock.py's.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from llorch.errors import ToolError
from llorch.tools.clock import MAX_UNIX, TIME_OF_DAY, day_named, time_of_day, zones_for
from llorch.tools.unixtime import unix_of

__all__ = ["day_said", "format_asked", "time_asked", "time_converted", "unix_asked", "unix_of_asked"]

_NOW = r"(?:\s+(?:right\s+now|now|currently|at\s+the\s+moment|today))?"
_ASKED = re.compile(
    r"^\s*(?:(?:hey|hi|so|ok|okay)(?:\s*,\s+|\s+))?(?:please\s+)?(?:"
    r"what(?:'s|’s|\s+is)\s+the\s+(?:current\s+|local\s+|exact\s+)?time"
    r"|what\s+time\s+is\s+it|what\s+time(?:'s|’s)\s+it"
    r"|(?:can\s+you\s+|could\s+you\s+)?(?:tell\s+me|do\s+you\s+know|give\s+me)\s+(?:the\s+(?:current\s+)?time|what\s+time\s+it\s+is)"
    r"|(?:the\s+)?(?:current\s+|local\s+)?time"
    r")" + _NOW + r"(?:\s+(?:in|at|for)\s+(?P<place>[^?!\n]{1,60}?))?" + _NOW +
    r"(?:\s*,?\s*please)?\s*[?.!]*\s*$",
    re.IGNORECASE)


# "What is the unix timestamp 1700000000 as a UTC date?" (no tool ran; the 1.5B said "December 6, 2026"): a
# question of its date (optional), the number named a Unix time (before it, or "seconds since the epoch" after it),
# and how it is wanted (optional: "as a date", "in UTC", "in Tokyo"). "What is 1700000000 in unix time?" names no
# Unix time: it may ask for a date's.
_STAMP = r"(?:time\s*stamp|timestamp|time|seconds|date)"
_UNIX_NUMBER = (
    r"(?:(?:the\s+)?(?:(?P<unix>unix|epoch|posix)(?:\s+(?:epoch(?:\s+" + _STAMP + r")?|" + _STAMP + r"))?|time\s*stamp)"
    r"\s+(?P<a>-?\d{1,13})"
    r"(?:\s+(?P<in>in\s+)?(?P<unit>ms|milliseconds|seconds|secs?|s)(?:\s+(?:since|after)\s+(?:the\s+)?(?:unix\s+|"
    r"posix\s+)?epoch)?)?"  # ("the epoch time 1767225600000 in milliseconds as a UTC date": the 1.5B said 7 December 1948)
    r"|(?P<b>-?\d{1,13})\s+(?:(?P<unit2>ms|milliseconds|seconds|secs?)\s+(?:since|after)\s+(?:the\s+)?(?:unix\s+|posix\s+)?"
    r"epoch(?:\s+\(?1970\)?)?|(?:unix|epoch|posix)(?:\s+" + _STAMP + r")?))")
_WHEN = (r"(?:utc\s+|gmt\s+|local\s+|calendar\s+|human[-\s]readable\s+)?(?:date\s+and\s+time|time\s+and\s+date|"
         r"date\s*/\s*time|datetime|date|time|day(?:\s+of\s+the\s+week)?|weekday|year|month)")
_UNIX_HEAD = (
    r"(?P<head>(?:convert|translate|decode|turn|change|parse|interpret|format)\s+"
    r"|(?:what|which)(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+)?" + _WHEN + r"\s+(?:(?:is|was|for|of|does|did|do|would"
    r"|will\s+be|falls?\s+on)\s+)?"
    r"|what(?:'s|’s|\s+is|\s+was)\s+(?P<bare>)|when\s+(?:is|was|will\s+be)\s+)")
_UNIX_TAIL = (
    r"\s+(?:as|to|into|in)\s+(?:a\s+|an\s+|the\s+)?(?:(?:utc|gmt|local|human[-\s]readable|readable|normal|regular|"
    r"calendar|iso(?:[-\s]?8601)?)\s+)*(?:date\s+and\s+time|time\s+and\s+date|date\s*/\s*time|datetime|date|time|"
    r"day|format|form|string|text|english)"
    r"|\s+(?:to|into|in)\s+(?:utc|gmt|human[-\s]readable|readable|iso(?:[-\s]?8601)?|plain\s+english)"
    r"|\s+(?:(?:is|was|falls?)\s+)?(?:in\s+|on\s+)?(?:what|which)\s+" + _WHEN +
    r"|\s+(?:corresponds?\s+to|represents?|means?|stands?\s+for|equals?|converts?\s+to|translates?\s+to)"
    r"|\s+human[-\s]readable")
_UNIX_ASKED = re.compile(
    r"^\s*(?:(?:please|ok|okay|hey|so)(?:\s*,\s+|\s+))?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    + _UNIX_HEAD + r"?" + _UNIX_NUMBER + r"(?P<tail>(?:" + _UNIX_TAIL + r"){0,2})"
    r"(?:\s+\(?(?:(?:in|for|at)\s+|(?:to|into)\s+(?=.*\btime\W*$))(?P<place>[A-Za-z][\w/ .'’-]{0,40}?)"
    r"(?:\s+time)?\)?|\s*\((?:utc|gmt)\))?"
    r"(?:(?:\s*,\s+|\s+)please)?\s*[?.!]*\s*$", re.IGNORECASE)
_HERE = frozenset({"utc", "gmt", "utc time", "gmt time", "local time", "my time", "my time zone", "my timezone",
                   "my local time", "here", "local", "the local time zone", "my local time zone"})


def _known_place(place: str) -> bool:
    """Whether the clock knows `place` (a city, zone or country)."""
    try:
        zones_for(place)
    except ToolError:
        return False
    return True


def unix_asked(text: str) -> dict[str, Any] | None:
    """The clock's arguments for a message that plainly asks what a Unix time is ("What date is unix timestamp
    1700000000?", "convert epoch 1700000000 to a date", "1700000000 seconds since the epoch in Tokyo"), or None. UTC
    and "local time" are no place: the clock always says both."""
    if len(text) > 160:
        return None
    match = _UNIX_ASKED.match(text)
    if match is None:
        return None
    digits = match.group("a") or match.group("b")
    plain = match.group("head") is None or match.group("bare") is not None  # (no "what date", no "convert")
    if match.group("a") and not match.group("unix") and plain and not match.group("tail"):
        return None  # "What is the timestamp 1700000000?": a timestamp of what? Asked as a date, it is Unix's
    stamp = int(digits)
    if abs(stamp) > MAX_UNIX * 1000:
        return None
    unit = (match.group("unit") or match.group("unit2") or "").lower()
    if unit in ("ms", "milliseconds") and len(digits.lstrip("-")) < 12:  # (the clock reads one so short as seconds)
        return None
    if match.group("in") and not match.group("tail"):  # "… 1767225600 in milliseconds?": a conversion, not a date
        return None
    place = " ".join((match.group("place") or "").split()).strip(" .")
    if place.lower().removesuffix(" time") in _HERE or place.lower() in _HERE:
        place = ""
    if place and not _known_place(place):
        return None  # ("… in Narnia?": no place the clock knows; the model says so)
    return {"timestamp": stamp, **({"place": place} if place else {})}


# "What's the unix timestamp for midnight UTC on 1 January 2027?" (the 1.5B wrote a shell and Python how-to and no
# number; it is 1798761600), "Convert 2027-03-15 12:30 UTC to a unix timestamp", "What's the current unix time?": a
# Unix time named (unix, epoch or posix with time, timestamp or seconds after it), and a moment the clock reads.
_UNIX_KIND = r"(?:unix|posix|epoch)(?:\s+epoch)?\s+(?:time\s*stamp|timestamp|time|seconds|secs)"
_UNIX_TO = r"(?:a\s+|an\s+|the\s+)?(?:unix|posix|epoch)(?:\s+epoch)?(?:\s+(?:time\s*stamp|timestamp|time|seconds|secs))?"
_UNIX_OPEN = (r"^\s*(?:(?:hey|hi|so|ok|okay|please)(?:\s*,\s+|\s+))?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
              r"(?:(?:what(?:'s|’s|\s+is|\s+was|\s+will\s+be|\s+would\s+be)|tell\s+me|give\s+me|show\s+me|get|find|"
              r"calculate|compute)\s+)?")
_UNIX_CLOSE = r"(?:\s+in\s+(?:seconds|milliseconds|ms))?(?:\s*,?\s*please)?\s*[?.!]*\s*$"
_UNIX_OF = [re.compile(pattern, re.IGNORECASE) for pattern in (
    # "What is the unix timestamp now?", "current epoch time", "What's the current unix time?"
    _UNIX_OPEN + rf"(?:the\s+)?(?:(?:current|present)\s+{_UNIX_KIND}(?:\s+(?:right\s+)?now)?|{_UNIX_KIND}\s+"
    r"(?:right\s+now|now|currently|at\s+the\s+moment))(?P<now>)" + _UNIX_CLOSE,
    r"^\s*what\s+" + _UNIX_KIND + r"\s+is\s+it(?:\s+(?:right\s+)?now)?(?P<now>)" + _UNIX_CLOSE,
    # "What's the unix time?" ("What is unix time?" asks what it is)
    r"^\s*(?:(?:what(?:'s|’s|\s+is)|tell\s+me|give\s+me)\s+)the\s+" + _UNIX_KIND + r"(?P<now>)" + _UNIX_CLOSE,
    # "What is the Unix time of 2027-01-01T00:00:00Z?", "Unix timestamp of 2026-12-25?"
    _UNIX_OPEN + rf"(?:the\s+)?{_UNIX_KIND}\s+(?:for|of|at|on)\s+(?P<moment>.+?)" + _UNIX_CLOSE,
    # "Which unix timestamp is 1 July 2026 09:00 UTC?"
    rf"^\s*(?:what|which)\s+{_UNIX_KIND}\s+(?:is|was|will\s+be|corresponds\s+to)\s+(?P<moment>.+?)" + _UNIX_CLOSE,
    # "Convert 2027-03-15 12:30 UTC to a unix timestamp"
    r"^\s*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:convert|turn|change|translate)\s+(?P<moment>.+?)\s+"
    rf"(?:to|into)\s+{_UNIX_TO}" + _UNIX_CLOSE,
    # "What is 2027-01-01 in unix time?" ("What is 1700000000 in unix time?": a number, no moment: the model's)
    rf"^\s*(?:what(?:'s|’s|\s+is|\s+was)\s+)?(?P<moment>.+?)\s+(?:in|as)\s+{_UNIX_TO}" + _UNIX_CLOSE)]
_UTC_PLACES = frozenset({"utc", "gmt", "z", "zulu"})
_LOCAL = frozenset({"local", "my", "my local", "here", "my time zone", "my timezone"})


def unix_of_asked(text: str) -> dict[str, str] | None:
    """The clock's arguments for a message that plainly asks the Unix time of a date and time ("What's the unix
    timestamp for midnight UTC on 1 January 2027?", "Convert 2027-03-15 12:30 UTC to a unix timestamp") or of now
    ("What's the current unix time?"), or None: a moment the clock reads, in UTC, a place it knows or here."""
    if len(text) > 160:
        return None
    for pattern in _UNIX_OF:
        match = pattern.match(text)
        if match is None:
            continue
        if match.groupdict().get("now") is not None:
            return {"unix": "now"}
        return _moment_asked(" ".join(match.group("moment").split()))
    return None


def _moment_asked(moment: str) -> dict[str, str] | None:
    """The clock's `unix` (and `place`, where the moment ends in one) for a moment asked about, or None where the
    clock cannot read it ("my last login", a number)."""
    moment, place = _located(moment)
    if len(moment) > 60:
        return None
    try:
        unix_of(moment, _ANY_NOW, ZoneInfo(zones_for(place)[0]) if place else None, place)
    except ToolError:  # ("my last login", "1700000000": no moment the clock reads)
        return None
    return {"unix": moment, **({"place": place} if place else {})}


def _located(moment: str) -> tuple[str, str]:
    """A moment and the place it ends in ("midnight on 1 January 2027 in Tokyo", "9am on 1 July 2026 New York
    time"); UTC stays in the moment (the clock reads it there), local time is here (no place)."""
    words = moment.rstrip(" )").split()
    splits = []
    if len(words) > 2 and words[-1].lower() == "time":  # "… New York time", "… (Tokyo time)": the longest place first
        splits = [(words[:-1 - k], words[-1 - k:-1]) for k in (3, 2, 1) if len(words) > k + 1]
    elif "in" in (w.lower() for w in words[1:]):  # "… in Tokyo": the last "in"
        at = max(i for i, w in enumerate(words) if w.lower() == "in" and i > 0)
        splits = [(words[:at], words[at + 1:])]
    for before, named_words in splits:
        named = " ".join(named_words).strip("(")
        if named.lower() in _UTC_PLACES:
            return " ".join(before + ["UTC"]), ""
        if named.lower() in _LOCAL:
            return " ".join(before), ""
        if named and not re.search(r"\d", named) and _known_place(named):
            return " ".join(before).rstrip(" ,("), named
    return moment, ""


def time_asked(text: str) -> dict[str, str] | None:
    """The clock's arguments for a message that plainly asks the time now ("What time is it?", "what's the time in
    Tokyo?", "current time in New York"), or None: nothing else in the message, and a place the tool knows."""
    if len(text) > 120:
        return None
    match = _ASKED.match(text)
    if match is None:
        return None
    place = (match.group("place") or "").strip()
    if not place:
        return {}
    return {"place": place} if _known_place(place) else None


_TIME = TIME_OF_DAY
_ISO = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_PLACE = r"[A-Za-z][\w/ .'’-]{0,40}?"
_TODAY = r"(?:\s+(?:today|now|right\s+now|this\s+(?:morning|afternoon|evening)|tonight))?"
_CONVERTED = [
    # "What time is 3pm EST in London?", "What is 14:00 UTC in India?", "Convert 2024-03-10T14:30:00Z to Tokyo time"
    re.compile(rf"^(?:what\s+time\s+is|what(?:'s|’s|\s+is)|convert|translate)\s+(?P<at>{_ISO}|{_TIME})"
               rf"(?:\s+(?:in\s+)?(?P<src>{_PLACE})(?:\s+time)?)?\s+(?:in|to|into|for)\s+(?P<dst>{_PLACE})(?:\s+time)?"
               r"\s*[?.!]*$",
               re.IGNORECASE),
    # "If it's 9am in San Francisco, what time is it in Berlin?", "If it is 3 PM in New York today, …" (the 1.5B:
    # 8 PM; it is 9 PM in June), "It is 3 PM in New York. What time is it in Berlin?"
    re.compile(rf"^(?:(?:if|when)\s+it(?:'s|’s|\s+is)|it(?:'s|’s|\s+is))\s+(?P<at>{_TIME})\s+(?:in|at)\s+"
               rf"(?P<src>{_PLACE}){_TODAY}(?:\s*[,.;]\s+|\s+)"
               rf"(?:then\s+|so\s+)?(?:what\s+time\s+is\s+it|what(?:'s|’s|\s+is)\s+the\s+time)\s+(?:in|at)\s+"
               rf"(?P<dst>{_PLACE})\s*[?.!]*$", re.IGNORECASE),
    # "What time is it in Tokyo when it's 9am in London?" (the 1.5B: "12:00 PM"; it is 6pm in December)
    re.compile(rf"^(?:what\s+time\s+(?:is\s+it|will\s+it\s+be|would\s+it\s+be)|what(?:'s|’s|\s+is|\s+will\s+be)\s+"
               rf"the\s+time)\s+(?:in|at)\s+(?P<dst>{_PLACE})(?:\s*,\s+|\s+)(?:when|if)\s+it(?:'s|’s|\s+is|\s+will\s+be)\s+"
               rf"(?P<at>{_TIME})\s+(?:in|at)\s+(?P<src>{_PLACE}){_TODAY}\s*[?.!]*$", re.IGNORECASE),
    # "3pm EST in London?", "3 PM in New York is what time in Berlin?"
    re.compile(rf"^(?P<at>{_TIME})\s+(?:in\s+)?(?P<src>{_PLACE})(?:\s+time)?\s+is\s+what\s+time\s+(?:in|at)\s+"
               rf"(?P<dst>{_PLACE})\s*[?.!]*$", re.IGNORECASE),
    re.compile(rf"^(?P<at>{_TIME})\s+(?P<src>{_PLACE})\s+(?:in|to)\s+(?P<dst>{_PLACE})(?:\s+time)?\s*[?.!]*$",
               re.IGNORECASE),
    # "What's the time difference between London and Tokyo?" (now: it changes with summer time)
    re.compile(rf"^(?:what(?:'s|’s|\s+is)\s+the\s+)?time\s+difference\s+between\s+(?P<src>{_PLACE})\s+and\s+"
               rf"(?P<dst>{_PLACE})(?P<at>)(?:\s+(?:now|right\s+now|today))?\s*[?.!]*$", re.IGNORECASE),
    # "How many hours ahead of London is Tokyo?"
    re.compile(rf"^how\s+many\s+hours\s+(?:ahead|behind)\s+(?:of\s+)?(?P<src>{_PLACE})\s+is\s+(?P<dst>{_PLACE})"
               rf"(?P<at>)\s*[?.!]*$", re.IGNORECASE),
]


# "What is 18:30 in 12-hour format?", "Convert 7:15 pm to 24-hour time", "What's 1900 in military time?" (four
# digits only where military time is named)
_FORMAT_ASKED = re.compile(
    rf"^(?:please\s+)?(?:what(?:'s|’s|\s+is)|convert|change|turn|write|express|translate|put)\s+(?P<at>{TIME_OF_DAY}|"
    r"(?P<military>[01]\d|2[0-3])(?P<mm>[0-5]\d)(?=\s+(?:hours\s+)?(?:in|to|into|as)\s+(?:standard|regular|normal|12)))"
    r"\s+(?:in|to|into|as)\s+(?:a\s+|the\s+)?(?:(?:12|twelve|24|twenty[- ]four)[- ]?h(?:ou)?r|military|am\s*/\s*pm|"
    r"a\.m\./p\.m\.|standard|regular|normal)(?:\s+(?:format|time|clock|notation|form))?\s*[?.!]*$", re.IGNORECASE)


def format_asked(text: str) -> dict[str, str] | None:
    """The clock's arguments for a time of day asked on the other clock (12- or 24-hour), or None."""
    match = _FORMAT_ASKED.match(text.strip()) if len(text) <= 120 else None
    if match is None:
        return None
    at = f"{match.group('military')}:{match.group('mm')}" if match.group("military") else match.group("at")
    try:
        if time_of_day(at.strip().lower()) is None:
            return None
    except ValueError:  # ("25:00 in 12-hour format": no time of day)
        return None
    return {"at": " ".join(at.split())}


# The day a converted time is on, as a question names it: "on 10 January 2027", "on the 1st of July", "on July 10th,
# 2027", "on 2027-07-10", "on Monday", "tomorrow". In summer 9am in London is 17:00 in Tokyo, in winter 18:00: a time
# converted on the day it is asked would be an hour out for a day in the other season.
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_NTH = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY = (rf"(?:(?:{_WEEKDAYS},?\s+)?(?:(?:the\s+)?{_NTH}\s+(?:of\s+)?{_MONTHS}|{_MONTHS}\s+(?:the\s+)?{_NTH})"
        rf"(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|(?:next\s+|this\s+|coming\s+)?{_WEEKDAYS})")
_ON_DAY = re.compile(rf"(?:^|(?<=[\s,]))(?:on\s+(?:the\s+)?(?P<day>{_DAY})|(?P<tomorrow>tomorrow))(?=[\s,?.!;:]|$),?",
                     re.IGNORECASE)
_ANY_NOW = datetime(2028, 1, 1, tzinfo=timezone.utc)  # (whether a day is one: its year, where it gives none, aside)


def day_said(text: str) -> tuple[str, str] | None:
    """The message without the day a converted time is on, and that day ("" for none); None where it names two, or
    one that is no day ("on 31 February 2027")."""
    found = list(_ON_DAY.finditer(text))
    if not found:
        return text, ""
    if len(found) > 1:
        return None
    match = found[0]
    day = " ".join((match.group("day") or match.group("tomorrow")).split())
    try:
        day_named(day, _ANY_NOW)
    except ToolError:  # ("on 31 February 2027", "on Monday 10 January 2027": a Sunday)
        return None
    rest = " ".join((text[:match.start()] + " " + text[match.end():]).split())
    return re.sub(r"\s+(?=[,?.!])", "", rest).lstrip(" ,"), day


def time_converted(text: str) -> dict[str, str] | None:
    """The clock's arguments for a message that plainly asks what a given time somewhere is in another place ("What
    time is 3pm EST in London?", "If it's 9am in San Francisco, what time is it in Berlin?"), on the day it names if
    it names one ("What time is it in Tokyo when it's 9am in London on 10 January 2027?": `date`, the day where the
    time is given), or None. The 1.5B got 4 of 4 such fresh questions wrong (3pm EST "12:00 AM BST in London")."""
    if len(text) > 200:
        return None
    said = day_said(text.strip())
    if said is None or len(said[0]) > 160:
        return None
    asked, day = said
    for pattern in _CONVERTED:
        match = pattern.match(asked)
        if match is None:
            continue
        source, place = (match.group("src") or "").strip(), match.group("dst").strip()
        try:
            zones_for(place)
            if source:
                zones_for(source)
        except ToolError:
            return None
        at = " ".join(match.group("at").split())
        if day and (not at or re.match(r"\d{4}-", at)):
            return None  # ("the time difference between London and Tokyo on 1 July": now, or a day? An ISO time
            # with a day too: which?)
        return {"at": at or "now", **({"from": source} if source else {}), "place": place,
                **({"date": day} if day else {})}
    return None
