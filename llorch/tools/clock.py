"""The `clock` tool: the time and date now, here or in a named place.

A profile that offers no tools to the model (general) tells it the day, not the time: a line that
changed every minute would make a chat's whole history be read again each turn. Asked "What time
is it?", the 1.5B said it could not know; asked the time in Tokyo, it had no clock to start from.
`time_asked` recognises a message that plainly asks the time, here or in a place it can name a
time zone for, so that it goes to this tool before the model answers, as arithmetic goes to `math`
(chat/conversation.py). Places are the IANA zones' cities ("Tokyo", "New York", "Sao Paulo"), a
zone's own name ("Europe/Paris", "UTC"), common abbreviations ("PST", "CET") and countries; a
country with several zones gets its main ones. `unix_asked` recognises a message that plainly asks what
a Unix time is ("What date is unix timestamp 1700000000?", "What's epoch 1700000000 in Tokyo?"): the clock reads
it in UTC and here, or in the place named.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.dates import long_date

__all__ = ["HALF_DAY", "TIME_OF_DAY", "ClockTool", "clock_text", "format_asked", "time_asked", "time_converted", "time_of_day", "time_to_second",
           "unix_asked",
           "zones_for"]

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
    if (half and not 1 <= hour <= 12) or hour > 23 or minute > 59 or (second or 0) > 59:
        raise ValueError(f"{text!r} is out of range")
    return (hour % 12 + (12 if half == "pm" else 0) if half else hour), minute, second


def _offset(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


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
            "at": {"type": "string", "maxLength": 40,
                   "description": "a time to convert instead of now: 3pm, 15:30, noon, or an ISO date and time "
                                  "(2024-03-10T14:30:00Z)"},
            "from": {"type": "string", "maxLength": _MAX_PLACE,
                     "description": "where `at` is the time (a city, zone or country); leave out for here"},
        },
        "required": [],
    }
    positional = ("place",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (("what time is it in Tokyo?", {"place": "Tokyo"}),)

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        now = ctx.now()
        place = str(args.get("place") or "").strip()
        if args.get("timestamp") is not None:
            return _unix_time(args["timestamp"], place, now)
        if args.get("at"):
            return _converted(str(args["at"]), str(args.get("from") or "").strip(), place, now)
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


_MAX_UNIX = 253_402_300_799  # 9999-12-31 23:59:59 UTC


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
    seconds = stamp / 1000 if abs(stamp) > _MAX_UNIX and abs(stamp) <= _MAX_UNIX * 1000 else stamp
    if abs(seconds) > _MAX_UNIX:
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


def _moment(at: str, zone: Any, now: datetime) -> datetime:
    """`at` (3pm, 15:30, noon, midnight; or an ISO date and time, with its own offset if it has one) as a moment in
    `zone`, on today's date there unless it gives one."""
    text = at.strip().lower()
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
    day = now.astimezone(zone).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def _converted(at: str, source: str, place: str, now: datetime) -> ToolResult:
    """A time somewhere (`source`, default here) as the time in `place` (default here): "3pm EST in London"; a time
    of day with neither, on the other clock ("18:30 is 6:30 pm")."""
    if not source and not place and not re.match(r"\s*\d{4}-\d{2}-\d{2}", at) and at.strip().lower() != "now":
        return _other_clock(at)
    here = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else now.astimezone().tzinfo
    origin = ZoneInfo(zones_for(source)[0]) if source else here
    targets = zones_for(place) if place else ()
    start = _moment(at, origin, now)
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


_NOW = r"(?:\s+(?:right\s+now|now|currently|at\s+the\s+moment|today))?"
_ASKED = re.compile(
    r"^\s*(?:(?:hey|hi|so|ok|okay)\s*,?\s+)?(?:please\s+)?(?:"
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
    r"(?:\s+(?:ms|milliseconds|seconds|secs?|s)(?:\s+(?:since|after)\s+(?:the\s+)?(?:unix\s+|posix\s+)?epoch)?)?"
    r"|(?P<b>-?\d{1,13})\s+(?:(?:ms|milliseconds|seconds|secs?)\s+(?:since|after)\s+(?:the\s+)?(?:unix\s+|posix\s+)?"
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
    r"^\s*(?:(?:please|ok|okay|hey|so)\s*,?\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
    + _UNIX_HEAD + r"?" + _UNIX_NUMBER + r"(?P<tail>(?:" + _UNIX_TAIL + r"){0,2})"
    r"(?:\s+\(?(?:(?:in|for|at)\s+|(?:to|into)\s+(?=.*\btime\W*$))(?P<place>[A-Za-z][\w/ .'’-]{0,40}?)"
    r"(?:\s+time)?\)?|\s*\((?:utc|gmt)\))?"
    r"(?:\s*,?\s+please)?\s*[?.!]*\s*$", re.IGNORECASE)
_HERE = frozenset({"utc", "gmt", "utc time", "gmt time", "local time", "my time", "my time zone", "my timezone",
                   "my local time", "here", "local", "the local time zone", "my local time zone"})


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
    if abs(stamp) > _MAX_UNIX * 1000:
        return None
    place = " ".join((match.group("place") or "").split()).strip(" .")
    if place.lower().removesuffix(" time") in _HERE or place.lower() in _HERE:
        place = ""
    if place:
        try:
            zones_for(place)
        except ToolError:
            return None  # ("… in Narnia?": no place the clock knows; the model says so)
    return {"timestamp": stamp, **({"place": place} if place else {})}


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
    try:
        zones_for(place)
    except ToolError:
        return None
    return {"place": place}


_TIME = TIME_OF_DAY
_ISO = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
_PLACE = r"[A-Za-z][\w/ .'’-]{0,40}?"
_CONVERTED = [
    # "What time is 3pm EST in London?", "What is 14:00 UTC in India?", "Convert 2024-03-10T14:30:00Z to Tokyo time"
    re.compile(rf"^(?:what\s+time\s+is|what(?:'s|’s|\s+is)|convert|translate)\s+(?P<at>{_ISO}|{_TIME})"
               rf"(?:\s+(?:in\s+)?(?P<src>{_PLACE})(?:\s+time)?)?\s+(?:in|to|into|for)\s+(?P<dst>{_PLACE})(?:\s+time)?"
               r"\s*[?.!]*$",
               re.IGNORECASE),
    # "If it's 9am in San Francisco, what time is it in Berlin?"
    re.compile(rf"^(?:if|when)\s+it(?:'s|’s|\s+is)\s+(?P<at>{_TIME})\s+(?:in|at)\s+(?P<src>{_PLACE})\s*,?\s+"
               rf"(?:then\s+)?(?:what\s+time\s+is\s+it|what(?:'s|’s|\s+is)\s+the\s+time)\s+(?:in|at)\s+"
               rf"(?P<dst>{_PLACE})\s*[?.!]*$", re.IGNORECASE),
    # "What time is it in Tokyo when it's 9am in London?" (the 1.5B: "12:00 PM"; it is 6pm in December)
    re.compile(rf"^(?:what\s+time\s+(?:is\s+it|will\s+it\s+be|would\s+it\s+be)|what(?:'s|’s|\s+is|\s+will\s+be)\s+"
               rf"the\s+time)\s+(?:in|at)\s+(?P<dst>{_PLACE})\s*,?\s+(?:when|if)\s+it(?:'s|’s|\s+is|\s+will\s+be)\s+"
               rf"(?P<at>{_TIME})\s+(?:in|at)\s+(?P<src>{_PLACE})\s*[?.!]*$", re.IGNORECASE),
    # "3pm EST in London?"
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


def time_converted(text: str) -> dict[str, str] | None:
    """The clock's arguments for a message that plainly asks what a given time somewhere is in another place ("What
    time is 3pm EST in London?", "If it's 9am in San Francisco, what time is it in Berlin?"), or None. The 1.5B
    got 4 of 4 such fresh questions wrong (3pm EST "12:00 AM BST in London")."""
    if len(text) > 160:
        return None
    for pattern in _CONVERTED:
        match = pattern.match(text.strip())
        if match is None:
            continue
        source, place = (match.group("src") or "").strip(), match.group("dst").strip()
        try:
            zones_for(place)
            if source:
                zones_for(source)
        except ToolError:
            return None
        at = " ".join(match.group("at").split()) or "now"
        return {"at": at, **({"from": source} if source else {}), "place": place}
    return None

