"""The `clock` tool: the time and date now, here or in a named place, and a time somewhere as the time elsewhere.

A profile that offers no tools to the model (general) tells it the day, not the time: a line that
changed every minute would make a chat's whole history be read again each turn. Asked "What time
is it?", the 1.5B said it could not know; asked the time in Tokyo, it had no clock to start from.
Places are the IANA zones' cities ("Tokyo", "New York", "Sao Paulo"), a zone's own name ("Europe/Paris",
"UTC"), common abbreviations ("PST", "CET") and countries; a country with several zones gets its main ones.
A Unix time is read in UTC and here, or in the place named; the Unix time of a date and time, or of now, is
unixtime.py's.

A time converted is on a day (`date`, else today there): summer time moves it. 9am in London is 18:00 in Tokyo
on 10 January 2027 and 17:00 on 10 July 2027; asked the first, the 1.5B said 6 PM with "(noon)" beside it. The
questions that go to this tool before the model answers are recognised in clockquestions.py. A trip that leaves at a
time (`after` its length: when it lands, there) or must land at one (`before`: when to leave) is arrivals.py's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.dates import parse_moment
from llorch.tools.daymath import WEEKDAY_NAMES, long_date, weekday_number
from llorch.tools.unixtime import offset_text as _offset, unix_of

__all__ = ["HALF_DAY", "MAX_UNIX", "TIME_OF_DAY", "ClockTool", "clock_text", "day_named", "moment_at",
           "time_of_day", "time_to_second", "zones_for"]

_MAX_PLACE = 60
_US = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")
# Names that are no zone's city: abbreviations, other cities, countries (several zones: the main ones).
_PLACES: dict[str, tuple[str, ...]] = {
    "utc": ("UTC",), "gmt": ("GMT",), "z": ("UTC",), "zulu": ("UTC",),
    "est": ("America/New_York",), "edt": ("America/New_York",), "et": ("America/New_York",),
    "eastern": ("America/New_York",), "eastern time": ("America/New_York",),
    "cst": ("America/Chicago",), "cdt": ("America/Chicago",), "central": ("America/Chicago",),
    "central time": ("America/Chicago",), "mst": ("America/Denver",), "mdt": ("America/Denver",),
    "mountain": ("America/Denver",), "mountain time": ("America/Denver",),
    "pst": ("America/Los_Angeles",), "pdt": ("America/Los_Angeles",), "pt": ("America/Los_Angeles",),
    "pacific": ("America/Los_Angeles",), "pacific time": ("America/Los_Angeles",),
    "cet": ("Europe/Paris",), "cest": ("Europe/Paris",), "bst": ("Europe/London",), "ist": ("Asia/Kolkata",),
    "jst": ("Asia/Tokyo",), "kst": ("Asia/Seoul",), "aest": ("Australia/Sydney",), "hkt": ("Asia/Hong_Kong",),
    "sgt": ("Asia/Singapore",),
    "san francisco": ("America/Los_Angeles",), "sf": ("America/Los_Angeles",), "seattle": ("America/Los_Angeles",),
    "la": ("America/Los_Angeles",), "san diego": ("America/Los_Angeles",), "portland": ("America/Los_Angeles",),
    "silicon valley": ("America/Los_Angeles",), "las vegas": ("America/Los_Angeles",),
    "nyc": ("America/New_York",), "boston": ("America/New_York",), "washington": ("America/New_York",),
    "washington dc": ("America/New_York",), "dc": ("America/New_York",), "miami": ("America/New_York",),
    "atlanta": ("America/New_York",), "philadelphia": ("America/New_York",), "houston": ("America/Chicago",),
    "dallas": ("America/Chicago",), "austin": ("America/Chicago",), "minneapolis": ("America/Chicago",),
    "salt lake city": ("America/Denver",), "montreal": ("America/Toronto",), "ottawa": ("America/Toronto",),
    "beijing": ("Asia/Shanghai",), "shenzhen": ("Asia/Shanghai",), "guangzhou": ("Asia/Shanghai",),
    "mumbai": ("Asia/Kolkata",), "bombay": ("Asia/Kolkata",), "delhi": ("Asia/Kolkata",),
    "new delhi": ("Asia/Kolkata",), "bangalore": ("Asia/Kolkata",), "bengaluru": ("Asia/Kolkata",),
    "chennai": ("Asia/Kolkata",), "hyderabad": ("Asia/Kolkata",), "osaka": ("Asia/Tokyo",), "kyoto": ("Asia/Tokyo",),
    "munich": ("Europe/Berlin",), "frankfurt": ("Europe/Berlin",), "hamburg": ("Europe/Berlin",),
    "barcelona": ("Europe/Madrid",), "milan": ("Europe/Rome",), "geneva": ("Europe/Zurich",),
    "edinburgh": ("Europe/London",), "manchester": ("Europe/London",), "kiev": ("Europe/Kyiv",),
    "st petersburg": ("Europe/Moscow",), "saint petersburg": ("Europe/Moscow",), "tel aviv": ("Asia/Jerusalem",),
    "uk": ("Europe/London",), "u.k": ("Europe/London",), "united kingdom": ("Europe/London",), "england": ("Europe/London",),
    "britain": ("Europe/London",), "great britain": ("Europe/London",), "scotland": ("Europe/London",),
    "ireland": ("Europe/Dublin",), "france": ("Europe/Paris",), "germany": ("Europe/Berlin",),
    "spain": ("Europe/Madrid",), "italy": ("Europe/Rome",), "netherlands": ("Europe/Amsterdam",),
    "holland": ("Europe/Amsterdam",), "belgium": ("Europe/Brussels",), "switzerland": ("Europe/Zurich",),
    "austria": ("Europe/Vienna",), "sweden": ("Europe/Stockholm",), "norway": ("Europe/Oslo",),
    "denmark": ("Europe/Copenhagen",), "finland": ("Europe/Helsinki",), "poland": ("Europe/Warsaw",),
    "greece": ("Europe/Athens",), "turkey": ("Europe/Istanbul",), "ukraine": ("Europe/Kyiv",),
    "czech republic": ("Europe/Prague",), "czechia": ("Europe/Prague",), "hungary": ("Europe/Budapest",),
    "japan": ("Asia/Tokyo",), "china": ("Asia/Shanghai",), "india": ("Asia/Kolkata",), "korea": ("Asia/Seoul",),
    "south korea": ("Asia/Seoul",), "taiwan": ("Asia/Taipei",), "vietnam": ("Asia/Ho_Chi_Minh",),
    "thailand": ("Asia/Bangkok",), "philippines": ("Asia/Manila",), "malaysia": ("Asia/Kuala_Lumpur",),
    "pakistan": ("Asia/Karachi",), "bangladesh": ("Asia/Dhaka",), "israel": ("Asia/Jerusalem",),
    "uae": ("Asia/Dubai",), "united arab emirates": ("Asia/Dubai",), "saudi arabia": ("Asia/Riyadh",),
    "egypt": ("Africa/Cairo",), "nigeria": ("Africa/Lagos",), "kenya": ("Africa/Nairobi",),
    "south africa": ("Africa/Johannesburg",), "morocco": ("Africa/Casablanca",), "new zealand": ("Pacific/Auckland",),
    "argentina": ("America/Argentina/Buenos_Aires",), "buenos aires": ("America/Argentina/Buenos_Aires",),
    "colombia": ("America/Bogota",), "peru": ("America/Lima",), "chile": ("America/Santiago",),
    "hawaii": ("Pacific/Honolulu",), "alaska": ("America/Anchorage",), "california": ("America/Los_Angeles",),
    "texas": ("America/Chicago",), "florida": ("America/New_York",), "arizona": ("America/Phoenix",),
    "colorado": ("America/Denver",), "iceland": ("Atlantic/Reykjavik",), "bali": ("Asia/Makassar",),
    "usa": _US, "us": _US, "u.s": _US, "u.s.a": _US, "united states": _US, "america": _US, "the us": _US,
    "canada": ("America/Toronto", "America/Winnipeg", "America/Edmonton", "America/Vancouver"),
    "australia": ("Australia/Sydney", "Australia/Brisbane", "Australia/Adelaide", "Australia/Perth"),
    "brazil": ("America/Sao_Paulo", "America/Manaus"), "mexico": ("America/Mexico_City", "America/Tijuana"),
    "russia": ("Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok"),
    "indonesia": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
}  # fmt: skip


_REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
_NO_CITY = {"north", "south", "east", "west", "act", "nsw", "lhi"}


def _key(words: str) -> str:
    """A place as looked up: no accents, lowercase, single spaces, no "the"/"a" or end punctuation."""
    plain = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    plain = " ".join(plain.lower().replace("_", " ").replace("-", " ").split()).strip(" ?.!,")
    return re.sub(r"^(?:the|a)\s+", "", plain)


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Every IANA zone by its city ("new york": America/New_York, the first in sorted order where two share one)
    and by its own name ("europe/paris"), the city first: "singapore" is Asia/Singapore, not the old link. Only
    the geographic regions' cities, and no compass word: "the south" is no city (Australia/South, Brazil/East
    are old links, still found by their full names)."""
    names: dict[str, str] = {}
    zones = sorted(available_timezones())
    for zone in zones:
        region, _, city = zone.rpartition("/")
        if region.split("/")[0] in _REGIONS and _key(city) not in _NO_CITY:
            names.setdefault(_key(city), zone)
    for zone in zones:
        names.setdefault(zone.lower(), zone)
    return names


def zones_for(place: str) -> tuple[str, ...]:
    """The IANA zones for a place people name ("Tokyo", "new york", "PST", "Europe/Paris", "Japan"; a country
    with several: its main ones); ToolError if it names none."""
    if len(place) > _MAX_PLACE:
        raise ToolError(f"clock: {place[:_MAX_PLACE]!r}… is too long for a place name")
    key = _key(place)
    if key in _PLACES:
        return _PLACES[key]
    zone = _zones().get(key) or _zones().get(place.strip().lower())
    if zone is None:
        raise ToolError(f"clock: no time zone llorch knows for {place!r}; name a city (Tokyo, New York), a zone "
                        "(Europe/Paris, UTC) or a country")
    return (zone,)


def clock_text(hour: int, minute: int) -> str:
    """"21:47 (9:47 pm)": both ways, so an answer in either is right."""
    return f"{hour:02d}:{minute:02d} ({hour % 12 or 12}:{minute:02d} {'am' if hour < 12 else 'pm'})"


def _clock(moment: datetime) -> str:
    return clock_text(moment.hour, moment.minute)


# A time of day as a question writes it (3pm, 15:30, 9:30 a.m., noon): for the recognisers here and in
# timespanquestions.py.
HALF_DAY = r"(?:am|pm|a\.m\.|p\.m\.)"  # the half of the day a 12-hour time says
TIME_OF_DAY = rf"(?:\d{{1,2}}[:.]\d{{2}}\s*{HALF_DAY}?|\d{{1,2}}\s*{HALF_DAY}|noon|midnight|midday)"
_AT = re.compile(rf"^(?P<h>\d{{1,2}})(?:(?P<sep>[:.])(?P<m>\d{{2}})(?::(?P<s>\d{{2}}))?)?\s*(?P<ap>{HALF_DAY})?$",
                 re.IGNORECASE)
_AT_WORDS = {"noon": "12pm", "midday": "12pm", "midnight": "12am"}


def time_of_day(text: str, *, bare_hour: bool = True) -> tuple[int, int] | None:
    """(hour, minute) of "3pm", "15:30", "9:30 a.m.", "noon" or "midnight" (a bare "15" only with `bare_hour`); None
    when `text` is no such thing; ValueError when it is one out of range ("25:00", "13pm")."""
    read = _time_read(text, bare_hour=bare_hour, seconds=False)
    return None if read is None else read[:2]


def time_to_second(text: str, *, bare_hour: bool = True) -> tuple[int, int, int | None] | None:
    """(hour, minute, second) of a time of day as `time_of_day` reads it, or with its seconds ("10:15:30", "10:15:30
    am": colons only, as "10.15.30" may be a date); the second is None where the time gives none."""
    return _time_read(text, bare_hour=bare_hour, seconds=True)


def _time_read(text: str, *, bare_hour: bool, seconds: bool) -> tuple[int, int, int | None] | None:
    lowered = text.strip().lower()
    match = _AT.match(_AT_WORDS.get(lowered, lowered))
    if match is None or (match.group("s") is not None and (not seconds or match.group("sep") != ":")):
        return None
    if not bare_hour and match.group("m") is None and match.group("ap") is None:
        return None
    hour, minute, half = int(match.group("h")), int(match.group("m") or 0), (match.group("ap") or "").replace(".", "")
    second = int(match.group("s")) if match.group("s") is not None else None
    if (half and not (1 <= hour <= 12 or hour == 0 and half == "am")) or hour > 23 or minute > 59 or (second or 0) > 59:
        # ("00:01 am" is written, and read as 12:01 am; "00:01 pm" is no time)
        raise ValueError(f"{text!r} is out of range")
    return (hour % 12 + (12 if half == "pm" else 0) if half else hour), minute, second


class ClockTool:
    """The time and date now, here or in a named city, time zone or country."""

    name = "clock"
    description = "The time and date now, here or in a named city, time zone or country"
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "place": {"type": "string", "maxLength": _MAX_PLACE,
                      "description": "a city, time zone or country, e.g. Tokyo, Europe/Paris, PST; leave out for here"},
            "timestamp": {"type": "integer",
                          "description": "a Unix time (seconds since 1970-01-01 UTC; 13 digits: milliseconds) to "
                                         "read instead of now"},
            "unix": {"type": "string", "maxLength": 60,
                     "description": "a date and time to give the Unix time of (2027-01-01T00:00:00Z, 1 January 2027 "
                                    "midnight UTC, now): read in UTC only where it says so, else in place, else here"},
            "at": {"type": "string", "maxLength": 40,
                   "description": "a time to convert instead of now: 3pm, 15:30, noon, or an ISO date and time "
                                  "(2024-03-10T14:30:00Z)"},
            "from": {"type": "string", "maxLength": _MAX_PLACE,
                     "description": "where `at` is the time (a city, zone or country); leave out for here"},
            "date": {"type": "string", "maxLength": 40,
                     "description": "the day `at` is on where it is (10 July 2027, 2027-07-10, tomorrow): summer "
                                    "time depends on it; leave out for today"},
            "after": {"type": "string", "maxLength": 40,
                      "description": "a trip's length (9 hours 30 minutes, 9.5 hours): `at` in `from` is when it "
                                     "leaves; answers when it lands, the local time in `place`"},
            "before": {"type": "string", "maxLength": 40,
                       "description": "a trip's length: `at` in `from` is when it must land; answers when to leave "
                                      "`place`, its local time"},
        },
        "required": [],
    }
    positional = ("place",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (("what time is it in Tokyo?", {"place": "Tokyo"}),)

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        now = ctx.now()
        place = str(args.get("place") or "").strip()
        if args.get("after") or args.get("before"):
            from llorch.tools.arrivals import trip  # (not above: arrivals.py reads its questions with this module)
            return trip(args, now)
        if args.get("timestamp") is not None:
            if args.get("unix"):
                raise ToolError("clock: give timestamp (a Unix time to read) or unix (a date to give the Unix time "
                                "of), not both")
            return _unix_time(args["timestamp"], place, now)
        if args.get("unix"):
            if args.get("at") or args.get("date") or args.get("from"):
                raise ToolError("clock: unix is a whole date and time (unix='1 July 2026 09:00'); give it without at, "
                                "date or from, and its zone in it (UTC) or in place")
            return unix_of(str(args["unix"]), now, ZoneInfo(zones_for(place)[0]) if place else None, place)
        day = str(args.get("date") or "").strip()
        if args.get("at"):
            return _converted(str(args["at"]), str(args.get("from") or "").strip(), place, now, day)
        if day:
            raise ToolError("clock: date is the day a time `at` is on (at=9am from=London place=Tokyo date='10 July "
                            "2027'); give at with it")
        if not place:
            text = f"Your local time is {_clock(now)} on {long_date(now.date())} ({_offset(now)})."
            return ToolResult(text, {"place": "", "times": [_data(now, "")]})
        zones = zones_for(place)
        times = [now.astimezone(ZoneInfo(zone)) for zone in zones]
        if len(times) == 1:
            text = f"In {place} it is {_clock(times[0])} on {long_date(times[0].date())} ({zones[0]}, {_offset(times[0])})."
        else:
            text = f"{place} has several time zones; in the main ones it is:\n" + "\n".join(
                f"- {zone.rsplit('/', 1)[-1].replace('_', ' ')}: {_clock(t)} on {long_date(t.date())} ({_offset(t)})"
                for zone, t in zip(zones, times))
        return ToolResult(text, {"place": place, "times": [_data(t, z) for z, t in zip(zones, times)]})


MAX_UNIX = 253_402_300_799  # 9999-12-31 23:59:59 UTC


def _other_clock(at: str) -> ToolResult:
    """A time of day on the other clock: "18:30 on a 24-hour clock is 6:30 pm on a 12-hour clock" (asked for 12:45
    in 12-hour format, the 1.5B answered "12:45", leaving out that it is after noon)."""
    try:
        read = time_of_day(at.strip().lower())
    except ValueError:
        raise ToolError(f"clock: {at!r} is no time of day") from None
    if read is None:
        raise ToolError(f"clock: {at!r} is no time llorch reads; give 3pm, 15:30, noon or 2024-03-10T14:30:00Z")
    hour, minute = read
    both = clock_text(hour, minute)  # "18:30 (6:30 pm)"
    h24, h12 = both[:5], both[7:-1]
    given_12 = re.search(r"[ap]\.?m\.?|noon|midnight|midday", at, re.IGNORECASE) is not None
    said = (f"{at.strip()} on a 12-hour clock is {h24} on a 24-hour clock." if given_12 else
            f"{h24} on a 24-hour clock is {h12} on a 12-hour clock.")
    return ToolResult(said[:1].upper() + said[1:], {"at": at.strip(), "time": h24, "twelve_hour": h12,
                                                    "wanted": "24" if given_12 else "12"})


def _unix_time(value: Any, place: str, now: datetime) -> ToolResult:
    """What a Unix time is, in UTC and here (or in `place`): the 1.5B read 1700000000 as "December 5, 2026"."""
    try:
        stamp = int(str(value).strip())
    except ValueError:
        raise ToolError(f"clock: timestamp must be a whole number of seconds, got {value!r}") from None
    seconds = stamp / 1000 if abs(stamp) > MAX_UNIX and abs(stamp) <= MAX_UNIX * 1000 else stamp
    if abs(seconds) > MAX_UNIX:
        raise ToolError(f"clock: timestamp {stamp} is past the year 9999 (in seconds or milliseconds)")
    unit = "ms" if seconds != stamp else "s"
    utc = datetime.fromtimestamp(seconds, timezone.utc)
    zone = zones_for(place)[0] if place else None
    # Here: the zone's own rules when the clock has them, else the system's (a fixed offset would miss summer time).
    local = utc.astimezone(ZoneInfo(zone) if zone else now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else None)
    where = f"in {place}" if zone else "here"
    text = (f"Unix time {stamp}{' ms' if unit == 'ms' else ''} is {utc:%H:%M:%S} UTC on {long_date(utc.date())}; "
            f"{where} that is {local:%H:%M:%S} on {long_date(local.date())} ({_offset(local)}).")
    return ToolResult(text, {"timestamp": stamp, "utc": utc.isoformat(), "local": local.isoformat(), "place": place})


def day_named(day: str, now: datetime) -> date:
    """The day `day` names, read against `now` ("10 July 2027", "2027-07-10", "tomorrow"); a ToolError for no day,
    a day with a time of day in it (the time is `at`'s), or a weekday that is not the date's ("Monday 10 January
    2027": a Sunday, which the date alone would be read as)."""
    try:
        moment = parse_moment(day, now)
    except ToolError as e:
        raise ToolError(f"clock: date: {e}") from None
    if moment.has_time or not moment.has_date:
        raise ToolError(f"clock: date is a day with no time of day (10 July 2027); got {day!r}: give the time in at")
    on = moment.when.date()
    named = weekday_number(re.split(r"[\s,]+", day.strip())[0])
    if named is not None and re.search(r"\d", day) and named != on.weekday():
        raise ToolError(f"clock: {on.day} {on:%B %Y} is a {on:%A}, not a {WEEKDAY_NAMES[named].title()}")
    return on


def moment_at(at: str, zone: Any, now: datetime, day: str = "") -> datetime:
    """`at` (3pm, 15:30, noon, midnight; or an ISO date and time, with its own offset if it has one) as a moment in
    `zone`, on `day` there (else today there) unless it gives its own."""
    text = at.strip().lower()
    if day and (text == "now" or re.match(r"\d{4}-\d{2}-\d{2}", at.strip())):
        raise ToolError(f"clock: at={at.strip()!r} says its own day; give date only with a time of day (9am, 15:30)")
    if text == "now":  # ("What's the time difference between London and Tokyo?": now, wherever it is)
        return now.astimezone(zone).replace(second=0, microsecond=0)
    try:
        given = datetime.fromisoformat(at.strip().replace(" ", "T", 1) if re.match(r"\d{4}-\d{2}-\d{2} \d", at.strip())
                                       else at.strip())
    except ValueError:
        given = None
    if given is not None and re.match(r"\d{4}-\d{2}-\d{2}", at.strip()):
        return given if given.tzinfo is not None else given.replace(tzinfo=zone)
    try:
        read = time_of_day(text)
    except ValueError:
        raise ToolError(f"clock: {at!r} is no time of day") from None
    if read is None:
        raise ToolError(f"clock: {at!r} is no time llorch reads; give 3pm, 15:30, noon or 2024-03-10T14:30:00Z")
    hour, minute = read
    on = day_named(day, now.astimezone(zone)) if day else now.astimezone(zone).date()  # (tomorrow there)
    return datetime(on.year, on.month, on.day, hour, minute, tzinfo=zone)


def _converted(at: str, source: str, place: str, now: datetime, day: str = "") -> ToolResult:
    """A time somewhere (`source`, default here) on `day` (default today there) as the time in `place` (default
    here): "3pm EST in London"; a time of day with neither place, on the other clock ("18:30 is 6:30 pm")."""
    if not source and not place and not re.match(r"\s*\d{4}-\d{2}-\d{2}", at) and at.strip().lower() != "now":
        if day:  # (a day does not change a time on the other clock, and here to here is no conversion)
            raise ToolError("clock: date is the day a time is converted on; give a place with it (from or place)")
        return _other_clock(at)
    here = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else now.astimezone().tzinfo
    origin = ZoneInfo(zones_for(source)[0]) if source else here
    targets = zones_for(place) if place else ()
    start = moment_at(at, origin, now, day)
    if len(targets) > 1:  # a country with several zones: each of its main ones
        ends = [start.astimezone(ZoneInfo(zone)) for zone in targets]
        listed = "; ".join(f"{zone.rsplit('/', 1)[-1].replace('_', ' ')} {_clock(t)} ({_offset(t)})"
                           for zone, t in zip(targets, ends))
        text = f"{_clock(start)} {f'in {source}' if source else 'here'} on {long_date(start.date())} is, " \
               f"in {place}'s main time zones: {listed}."
        return ToolResult(text, {"at": start.isoformat(), "from": source, "place": place,
                                 "times": [_data(t, z) for z, t in zip(targets, ends)]})
    target = ZoneInfo(targets[0]) if targets else here
    end = start.astimezone(target)
    shift = (end.date() - start.date()).days
    when = {0: "the same day", 1: f"the next day ({long_date(end.date())})",
            -1: f"the day before ({long_date(end.date())})"}.get(shift, long_date(end.date()))
    if start.tzinfo is not origin:  # an ISO time with its own offset
        named_from = "UTC" if start.utcoffset() == timedelta(0) else f"at {_offset(start)}"
    else:
        named_from = f"in {source}" if source else "here"
    text = (f"{_clock(start)} {named_from} on {long_date(start.date())} ({_offset(start)}) is {_clock(end)} "
            f"{f'in {place}' if place else 'here'} ({_offset(end)}), {when}.")
    ahead = ((end.utcoffset() or timedelta(0)) - (start.utcoffset() or timedelta(0))).total_seconds() / 3600
    if ahead:  # said, not left to the model: told UTC+00:00 and UTC+09:00, the 1.5B said Tokyo was 10 hours ahead
        hours = f"{abs(ahead):g} hour{'' if abs(ahead) == 1 else 's'}"
        there = place or "here"
        origin_name = named_from.removeprefix("at ").removeprefix("in ")  # (EST; UTC for an ISO time's Z)
        text += f" {there[:1].upper() + there[1:]} is {hours} {'ahead of' if ahead > 0 else 'behind'} {origin_name} then."
    return ToolResult(text, {"at": start.isoformat(), "from": source, "place": place, "time": f"{end:%H:%M}",
                             "date": end.date().isoformat(), "utc_offset": _offset(end)[3:], "hours_ahead": ahead})


def _data(moment: datetime, zone: str) -> dict[str, Any]:
    return {"zone": zone, "time": f"{moment:%H:%M}", "date": moment.date().isoformat(), "utc_offset": _offset(moment)[3:]}
