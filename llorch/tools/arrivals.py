"""A trip across time zones: when it lands, in the local time where it lands, or when to leave to land on time.

Asked "My flight leaves Tokyo at 11:00 on 10 March 2027 and lands in San Francisco 9 hours 30 minutes later. What's
the local time in San Francisco when I land?", the 1.5B said 10:30 am; it is 03:30 PST on 10 March (11:00 JST is
02:00 UTC; 9 h 30 min later is 11:30 UTC; US summer time starts only on 14 March). The length is added in UTC, so a
change of the clocks on the way is counted, and the day is the one named (else today where the time is given): the
answer says it, as summer time may move the answer by an hour on another day. A time of day the clocks skip is
refused, and one they go back over (1:30 on 7 November 2027 happens twice in New York) too, with both readings.

`trip` is the clock tool's `after` (`at` in `from` is when the trip leaves; the answer is when it lands in `place`)
and `before` (`at` in `from` is when it must land; the answer is when to leave `place`). `arrival_asked` reads a
message that plainly tells such a trip and asks that, so that it goes to the clock before the model answers
(exact.py): a start ("My flight leaves Tokyo at 11:00", "I depart from Sydney at 6 am on 1 March 2027"), the way
("and lands in San Francisco 9 hours 30 minutes later", "the flight to Los Angeles takes 9.5 hours"), then the
question ("What's the local time in San Francisco when I land?", "What time do I land?"); or the reverse ("I need to
arrive in London at 9:00; the flight from New York takes 7 hours; when must I leave, New York time?"). Both places
must be ones the clock knows, each with one zone (a country with several is no arrival time), with one length and
one time of day; anything else is the model's. Places and times are read as clock.py and clockquestions.py read
them; the length as speeds.took_seconds reads one ("9 hours 30 minutes", "9.5 hours", "9:30 h"), and "9h30".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from llorch.errors import ToolError
from llorch.tools.base import ToolResult
from llorch.tools.clock import TIME_OF_DAY, clock_text, moment_at, time_of_day, zones_for
from llorch.tools.clockquestions import day_said
from llorch.tools.daymath import long_date
from llorch.tools.durations import hours_minutes
from llorch.tools.speeds import took_seconds
from llorch.tools.unixtime import offset_text

__all__ = ["MAX_TRIP_DAYS", "arrival_asked", "trip", "trip_minutes"]

MAX_TRIP_DAYS = 30  # (no flight, train or ship takes longer between two clocks)


def trip_minutes(length: str) -> int:
    """A trip's length in whole minutes (rounded): "9 hours 30 minutes", "9 hours and 30 minutes", "9.5 hours",
    "9h30", "9:30 h", "570 minutes". Raises ToolError."""
    said = re.sub(r"^(\d+)\s*h\s*(\d{2})$", r"\1 h \2 min", length.strip().lower())  # "9h30"
    try:
        minutes = round(took_seconds(said) / 60)
    except ToolError:
        raise ToolError(f"clock: {length.strip()!r} is no trip length llorch reads; give 9 hours 30 minutes, 9h30 "
                        "or 9.5 hours") from None
    if not 0 < minutes <= MAX_TRIP_DAYS * 24 * 60:
        raise ToolError(f"clock: a trip of {length.strip()!r}? Give a length from a minute to {MAX_TRIP_DAYS} days")
    return minutes


def _zone(place: str, role: str) -> ZoneInfo:
    if not place:
        raise ToolError(f"clock: a trip needs {role}: the place it leaves or lands (a city: Tokyo, San Francisco)")
    zones = zones_for(place)
    if len(zones) > 1:
        raise ToolError(f"clock: {place} has several time zones; name the city the trip leaves or lands in")
    return ZoneInfo(zones[0])


def _where(moment: datetime) -> str:
    """"03:30 (3:30 am) local time on Wednesday 10 March 2027 (PST, UTC-08:00)"; no abbreviation where the zone has
    none ("+03")."""
    name = moment.tzname() or ""
    zone = f"{name}, {offset_text(moment)}" if name[:1].isalpha() and name != "UTC" else offset_text(moment)
    return f"{clock_text(moment.hour, moment.minute)} local time on {long_date(moment.date())} ({zone})"


def _days_said(days: int, after: bool) -> str:
    """The change of date from the given end's to the other's, each local: "the same day", "the previous day"."""
    named = {0: "the same day", 1: "the next day", -1: "the previous day"} if after else \
        {0: "the same day", 1: "the day after", -1: "the day before"}
    return named.get(days, f"{abs(days)} days {'later' if days > 0 else 'earlier'}")


def _on_the_clock(read: datetime, given: datetime, source: str) -> None:
    """Raise ToolError where the time of day read in `source` is none there (the clocks go forward over it) or is
    two (they go back over it: 1:30 on 7 November 2027 in New York is 05:30 or 06:30 UTC, and the answer would
    differ by an hour)."""
    said = f"{read:%H:%M} on {long_date(read.date())}"
    if given.replace(tzinfo=None) != read.replace(tzinfo=None):
        raise ToolError(f"clock: {said} is no time in {source}: the clocks go forward over it")
    second = read.replace(fold=1)
    if second.utcoffset() != read.utcoffset():
        each = [(moment.tzname() or "", offset_text(moment)) for moment in (read, second)]
        named = " or ".join(f"{name} ({offset})" if name[:1].isalpha() else offset for name, offset in each)
        iso = " or ".join(f"{read:%Y-%m-%dT%H:%M}{offset[3:]}" for _, offset in each)
        raise ToolError(f"clock: {said} happens twice in {source} (the clocks go back): say {named}, as at={iso}")


def trip(args: Mapping[str, Any], now: datetime) -> ToolResult:
    """The clock's `after` or `before`: a trip of that length from `at` in `from` (on `date` there, else today
    there), said as the local time in `place` when it lands (`after`) or must leave (`before`)."""
    after, before = str(args.get("after") or "").strip(), str(args.get("before") or "").strip()
    if after and before:
        raise ToolError("clock: give after (at is when the trip leaves) or before (at is when it must land), not both")
    if args.get("timestamp") is not None or args.get("unix"):
        raise ToolError("clock: a trip (after, before) takes at, from, place and date; not timestamp or unix")
    if not args.get("at"):
        raise ToolError("clock: a trip needs at: when it leaves `from` (after) or must land there (before)")
    source, place = str(args.get("from") or "").strip(), str(args.get("place") or "").strip()
    origin, target = _zone(source, "from"), _zone(place, "place")
    day = str(args.get("date") or "").strip()
    minutes = trip_minutes(after or before)
    try:
        read = moment_at(str(args["at"]), origin, now, day)
        start = read.astimezone(timezone.utc)
        given = start.astimezone(origin)  # (an ISO time may give its own offset; by UTC, as read's own zone is kept)
        end = (start + timedelta(minutes=minutes if after else -minutes)).astimezone(target)
        back = end.astimezone(origin)
    except OverflowError:  # (23:00 on 31 December 9999 and 12 hours on)
        raise ToolError("clock: that trip starts or ends outside the years 1 to 9999, which llorch cannot date") \
            from None
    if read.tzinfo is origin and str(args["at"]).strip().lower() != "now":  # (now is one moment)
        _on_the_clock(read, given, source)
    length, utc = hours_minutes(minutes), f"{end.astimezone(timezone.utc):%H:%M} UTC"
    days = (end.date() - given.date()).days
    if after:
        text = (f"Leaving {source} at {_where(given)}, after {length} you arrive in {place} at {_where(end)}: "
                f"{_days_said(days, True)} by the local dates. (That is {utc}, and {back:%H:%M} in {source}.)")
    else:
        text = (f"To arrive in {source} at {_where(given)} after {length}, leave {place} at {_where(end)}: "
                f"{_days_said(days, False)} by the local dates. (That is {utc}, and {back:%H:%M} in {source}.)")
    if not day and not re.match(r"\s*(?:\d{4}-\d{2}-\d{2}|now\s*$)", str(args["at"]), re.IGNORECASE):
        text += (f" No date was given: this is today's in {source}; on another day summer time may move it an "
                 "hour.")
    return ToolResult(text, {
        "leave" if after else "arrive": given.isoformat(), "arrive" if after else "leave": end.isoformat(),
        "from": source, "place": place, "minutes": minutes, "time": f"{end:%H:%M}", "date": end.date().isoformat(),
        "zone": str(target.key), "abbreviation": end.tzname(), "utc_offset": offset_text(end)[3:],
        "days": days})


# A place as a trip names it: up to four words ("San Francisco", "Rio de Janeiro"), checked with the clock's
# zones_for after the match; the time of day the clock reads; a length, its parts largest first.
_P = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}?"
_LENGTH = (r"(?:\d{1,3}(?:\.\d+)?\s*(?:hours?|hrs?|h)(?:(?:\s*,\s*|\s+and\s+|\s*)\d{1,2}\s*(?:minutes?|mins?|m)"
           r"|(?<=h)\d{2})?|\d{1,2}:\d{2}\s*(?:hours?|hrs?|h)|\d{1,4}\s*(?:minutes?|mins?))(?![\w:])")
_END = r"\s*[?.!]*\s*$"
_IF = r"(?:(?:if|say|suppose)\s+)?"
_THEY = (r"(?:i|we|(?:my|our|the|a|his|her|their|your)\s+(?:(?:direct|non-?stop|overnight|morning|evening|night|"
         r"red-eye)\s+)?(?:flight|plane|train))")
_FLIGHT = r"(?:(?:the|my|our)\s+(?:(?:direct|non-?stop)\s+)?(?:flight|trip|journey|plane|train))"
_OFF = r"(?:will\s+)?(?:leaves?|departs?|takes?\s+off)"
_AND = r"(?:\s*[,;.]\s+(?:and\s+)?|\s+and\s+)(?:then\s+)?"
_ASK = r"(?:\s*[,;.:]\s+|\s+[-–—]\s+|\s+)(?:so\s+|then\s+)?"


def _time(name: str) -> str:
    """A time of day (`at`), maybe said on the place's clock: "11:00 local time", "11:00 Tokyo time" (`name`)."""
    return rf"(?P<at>{TIME_OF_DAY})(?<!\s)(?:\s+\(?local(?:\s+time)?\)?|\s+(?P<{name}>{_P})\s+time)?"


def _local(name: str) -> str:
    """A question's clock: ", local time", " in New York time" (`name`)."""
    return rf"(?:(?:\s*,\s+|\s+)(?:in\s+)?(?:local|(?P<{name}>{_P}))\s+time)?"


def _told(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


# When it leaves: "My flight leaves Tokyo at 11:00", "My flight to San Francisco departs from Tokyo at 11 am", "I
# leave Tokyo for San Francisco at 23:15", "My flight from Tokyo to San Francisco leaves at 11:00", "… leaves at
# 11:00 from Tokyo".
_LEAVES = _told(
    rf"{_IF}{_THEY}(?:\s+to\s+(?P<dst>{_P}))?\s+(?:will\s+)?(?:(?:leaves?|departs?)(?:\s+from)?|(?:takes?\s+off|"
    rf"fl(?:y|ies)|sets?\s+(?:off|out))\s+from|fl(?:y|ies)\s+out\s+of)\s+(?P<src>{_P})(?:\s+for\s+(?P<dst2>{_P}))?"
    rf"\s+at\s+{_time('src2')}",
    rf"{_IF}{_THEY}\s+from\s+(?P<src>{_P})(?:\s+to\s+(?P<dst>{_P}))?\s+{_OFF}\s+at\s+{_time('src2')}",
    rf"{_IF}{_THEY}\s+{_OFF}\s+at\s+{_time('src2')}\s+from\s+(?P<src>{_P})")
# How it gets there: "and lands in San Francisco 9 hours 30 minutes later", "and arrives in Los Angeles after 13
# hours", "and takes 9.5 hours to reach San Francisco", "; the flight to San Francisco takes 9h30".
_GETS = r"(?:(?:it|i|we|(?:the|my|our)\s+(?:flight|plane|train))\s+(?:will\s+)?)?"
_LANDS = (r"(?:(?:lands?|arrives?|touch(?:es)?\s+down)\s+(?:in|at)|gets?\s+(?:in)?to|reach(?:es)?)")
_WAY = _told(
    rf"{_AND}{_GETS}{_LANDS}\s+(?P<dst>{_P})\s+(?:(?P<d>{_LENGTH})\s+later|after\s+(?P<d2>{_LENGTH}))",
    rf"{_AND}{_GETS}(?:lands?|arrives?|touch(?:es)?\s+down)\s+(?P<d>{_LENGTH})\s+later\s+(?:in|at)\s+(?P<dst>{_P})",
    rf"{_AND}{_GETS}(?:takes?|lasts?|will\s+take|fl(?:y|ies)\s+for)\s+(?P<d>{_LENGTH})(?:\s+to\s+(?:reach|get\s+to|"
    rf"fly\s+to|arrive\s+in)\s+(?P<dst>{_P}))?",
    rf"{_AND}{_FLIGHT}(?:\s+to\s+(?P<dst>{_P}))?\s+(?:takes|lasts|is|will\s+take)\s+(?P<d>{_LENGTH})(?:\s+long)?")
# And the question: "What's the local time in San Francisco when I land?", "What time is it there when we arrive?",
# "What time do I land, local time?", "When does the flight arrive in San Francisco?", "What's my arrival time?"
_WE = r"(?:i|we|it|(?:the|my|our)\s+(?:flight|plane|train))"
_ONCE = (rf"\s+(?:when|once|as\s+soon\s+as)\s+{_WE}\s+(?:lands?|arrives?|gets?\s+(?:there|in)|touch(?:es)?\s+down)"
         rf"(?:\s+(?:in|at)\s+(?P<dst3>{_P})|\s+there)?")
_THERE = rf"(?:\s+(?:in|at)\s+(?P<dst2>{_P})|\s+there)?"
_LAND_ASKED = _told(
    rf"{_ASK}what(?:'s|’s|\s+is|\s+will\s+be)\s+the\s+(?:local\s+)?time{_THERE}{_ONCE}{_END}",
    rf"{_ASK}what\s+(?:local\s+)?time\s+(?:is\s+it|will\s+it\s+be|would\s+it\s+be){_THERE}(?:\s+local\s+time)?"
    rf"{_ONCE}{_END}",
    rf"{_ASK}what\s+will\s+the\s+(?:local\s+)?time\s+be{_THERE}{_ONCE}{_END}",
    rf"{_ASK}(?:when|what\s+time|at\s+what\s+time)\s+(?:do|will|would|does|shall|should)\s+{_WE}\s+(?:land|arrive|"
    rf"get\s+(?:there|in)|touch\s+down){_THERE}{_local('dst3')}{_END}",
    rf"{_ASK}what(?:'s|’s|\s+is|\s+will\s+be)\s+(?:the|my|our)\s+(?:local\s+)?arrival\s+time"
    rf"(?:\s+(?:in|at)\s+(?P<dst2>{_P}))?{_local('dst3')}{_END}")
# The reverse: "I need to arrive in London at 9:00", "the flight from New York takes 7 hours", "when must I leave,
# New York time?" (the first two either way round).
_NEED = (rf"{_IF}(?:i|we)\s+(?:need|want|have|must|would\s+like|'d\s+like|’d\s+like|hope|plan)\s+to\s+(?:arrive\s+"
         rf"(?:in|at)|land\s+(?:in|at)|be\s+in|get\s+(?:in)?to|reach)\s+(?P<dst>{_P})\s+(?:at|by)\s+"
         rf"{_time('dst2')}")
_FROM = (rf"{_FLIGHT}\s+(?:from\s+(?P<src>{_P})(?:\s+to\s+(?:(?P<dst3>{_P})|there))?|to\s+(?:(?P<dst4>{_P})|there)"
         rf"\s+from\s+(?P<src2>{_P}))\s+(?:takes|lasts|is|will\s+take)\s+(?P<d>{_LENGTH})(?:\s+long)?")
_LEAVE_ASKED = _told(
    rf"{_ASK}(?:when|what\s+time|at\s+what\s+time)\s+(?:must|should|do|will|would|shall|can)\s+(?:i|we)\s+"
    rf"(?:need\s+to\s+|have\s+to\s+)?(?:leave|depart|take\s+off|set\s+off|fly\s+out)(?:\s+(?:from\s+)?(?P<src3>{_P}))?"
    rf"{_local('src4')}{_END}",
    rf"{_ASK}what(?:'s|’s|\s+is)\s+the\s+latest\s+(?:time\s+)?(?:i|we)\s+can\s+(?:leave|depart)(?:\s+(?:from\s+)?"
    rf"(?P<src3>{_P}))?{_local('src4')}{_END}")
_ARRIVE_SHAPES: tuple[tuple[list[re.Pattern[str]], ...], ...] = ((_LEAVES, _WAY, _LAND_ASKED),)
_LEAVE_SHAPES: tuple[tuple[list[re.Pattern[str]], ...], ...] = (
    (_told(_NEED), _told(_AND + _FROM), _LEAVE_ASKED), (_told(_FROM), _told(_AND + _NEED), _LEAVE_ASKED))
_MAX_TOLD = 300


def _stages(text: str, stages: Sequence[list[re.Pattern[str]]], at: int = 0) -> dict[str, list[str]] | None:
    """What each stage's first matching pattern read, one stage after another to the end of `text`, as lists by
    name (src, src2 … are all "src"), or None."""
    if not stages:
        return {} if at == len(text) else None
    for pattern in stages[0]:
        match = pattern.match(text, at)
        if match is None:
            continue
        rest = _stages(text, stages[1:], match.end())
        if rest is not None:
            for name, value in match.groupdict().items():
                if value is not None:
                    rest.setdefault(name.rstrip("0123456789"), []).append(" ".join(value.split()))
            return rest
    return None


def _one_zone(places: list[str]) -> str | None:
    """The first of the names a message gives one place by, where all are that one place with one zone ("Tokyo",
    "Tokyo time")."""
    places = [re.sub(r"\s+time$", "", place, flags=re.IGNORECASE) for place in places]
    try:
        zones = {zones_for(place) for place in places}
    except ToolError:
        return None
    return places[0].rstrip(".") if len(zones) == 1 and len(next(iter(zones))) == 1 else None  # ("… Tokyo. What")


def _day_beside(text: str, at: str, day: str) -> bool:
    """Whether the day a message names is the day of its time of day: "at 11:00 on 10 March 2027", "on 10 March at
    11:00", "at 9am tomorrow" (a day said with the other end of the trip would be the wrong day)."""
    time, named = (r"\s+".join(map(re.escape, words.split())) for words in (at, day))
    on = r"" if day.lower() == "tomorrow" else r"on\s+(?:the\s+)?"
    return re.search(rf"{time}(?:\s+\(?local(?:\s+time)?\)?)?,?\s+{on}{named}\b|\b{on}{named},?\s+at\s+{time}",
                     text, re.IGNORECASE) is not None


def arrival_asked(text: str) -> dict[str, str] | None:
    """The clock's arguments for a message that plainly tells a trip across time zones and asks when it lands
    (`after`: "My flight leaves Tokyo at 11:00 on 10 March 2027 and lands in San Francisco 9 hours 30 minutes later.
    What's the local time in San Francisco when I land?") or when to leave to land on time (`before`), or None."""
    if len(text) > _MAX_TOLD:
        return None
    said = day_said(text.strip())
    if said is None:
        return None
    asked, day = said
    for shapes, way in ((_ARRIVE_SHAPES, "after"), (_LEAVE_SHAPES, "before")):
        read = next((r for s in shapes if (r := _stages(asked, s)) is not None), None)
        if read is None:
            continue
        source, place = _one_zone(read.get("src", [])), _one_zone(read.get("dst", []))
        if source is None or place is None or len(read.get("at", [])) != 1 or len(read.get("d", [])) != 1:
            return None
        at, length = read["at"][0], read["d"][0]
        try:
            if time_of_day(at) is None:
                return None
            trip_minutes(length)
        except (ValueError, ToolError):  # ("25:00", "0 hours")
            return None
        if day and not _day_beside(text, at, day):
            return None
        begin, end = (source, place) if way == "after" else (place, source)
        return {"at": at, "from": begin, "place": end, way: length, **({"date": day} if day else {})}
    return None
