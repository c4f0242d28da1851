"""The Unix time of a date and time, and of now: the clock tool's `unix` (clock.py reads a Unix time the other way).

Asked "What's the unix timestamp for midnight UTC on 1 January 2027?", the 1.5B wrote a shell and Python how-to and
no number (it is 1798761600). A moment is read in UTC only where its words say so (UTC, GMT, Z, +00:00); otherwise in
the place asked about, else here, and the text says which, as the same words are another number in each zone. A day
with no time of day is its midnight.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from llorch.errors import ToolError
from llorch.tools.base import ToolResult
from llorch.tools.dates import parse_moment
from llorch.tools.daymath import long_date

__all__ = ["offset_text", "unix_of"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_NOW = re.compile(r"(?:right\s+)?now|(?:the\s+)?current\s+time|(?:this|the\s+present)\s+moment", re.IGNORECASE)
# UTC named in words ("midnight UTC on 1 January 2027", "09:00 (GMT)"); an ISO time's Z or offset is its own.
_UTC_WORDS = re.compile(r"\(?\b(?:utc|gmt|zulu)\b(?:\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?(?!\d))?\)?"
                        r"(?:\s+time\b)?", re.IGNORECASE)  # (and an offset from it: "9am UTC+2")
# (dates.py reads hours and minutes; the seconds, and any fraction of one, are read here)
_WITH_SECONDS = re.compile(r"(?<![\d:])(\d{1,2}:\d{2}):(\d{2})(?:\.(\d+))?(?![\d:])")
_MONTH_WORD = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A year of one or two digits after a day and month ("1 January 99", "Jan 1, 0001"), which the date reader widens to
# 19xx or 20xx; not an hour ("1 January 9am", "1 January 9:00").
_SHORT_YEAR = re.compile(rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_WORD}|{_MONTH_WORD}\s+\d{{1,2}}"
                         rf"(?:st|nd|rd|th)?),?\s+['’]?(?P<year>\d{{1,2}}|00\d\d)(?![\d:.]|\s*[ap]\.?m\b)",
                         re.IGNORECASE)
_LONG_YEAR = re.compile(r"(?<![\d.:])\d{5,}(?![\d:])")
_UTC_KEYS = frozenset({"UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Zulu", "Zulu", "Etc/Universal", "Universal"})

# Words that end in what may be a zone: "EST", "Europe/Paris", "in Tokyo" (a zone is place's, not unix's)
_ZONE_LIKE = re.compile(r"(?:\b[A-Z]{2,5}|\b[A-Za-z]+/[A-Za-z_]+|\bin\s+[A-Z][\w .'’-]*)\s*$")

def unix_of(text: str, now: datetime, zone: tzinfo | None = None, place: str = "") -> ToolResult:
    """The Unix time of the moment `text` names ("2027-01-01T00:00:00Z", "1 January 2027 midnight UTC", "now"),
    read against `now`: in UTC where it says so, else in `zone` (`place`'s, as the user named it), else here."""
    said = " ".join(text.split())
    if _NOW.fullmatch(said):
        return _now(now)
    if said.lstrip("-").isdigit():
        raise ToolError(f"clock: unix={said!r} is a number, not a date; for the date of a Unix time give timestamp")
    if _LONG_YEAR.search(said):
        raise ToolError(f"clock: unix={said!r}: Unix times are given here for the years 1 to 9999")
    utc_words = _UTC_WORDS.search(said)
    in_utc = utc_words is not None
    words = " ".join(_UTC_WORDS.sub(" ", said).split()) if in_utc else said
    offset = _utc_offset(utc_words, said) if utc_words is not None and utc_words.group("sign") else None
    words, year = _short_year(words, said)
    second, micro = 0, 0
    seconds = _WITH_SECONDS.search(words) if not re.match(r"\d{4}-\d{2}-\d{2}", words) else None
    if seconds is not None:  # "1 January 2027 12:30:45": the seconds, which the natural reader would drop
        second, micro = int(seconds.group(2)), int((seconds.group(3) or "0")[:6].ljust(6, "0"))  # (rounded down)
        if second > 59:
            raise ToolError(f"clock: unix={said!r}: {seconds.group(0)} has no second {second} (a minute's seconds "
                            "are 0 to 59)")
        words = words[:seconds.start()] + seconds.group(1) + words[seconds.end():]
    read_in = (offset or timezone.utc) if in_utc else zone
    # Here: the zone's own rules when the clock has them, else the system's (naive, as datetime reads local time),
    # so that a date in summer gets summer's offset, not now's.
    here = now.tzinfo if isinstance(now.tzinfo, ZoneInfo) else None
    start = read_in or here
    base = now.astimezone(start) if start else now.astimezone().replace(tzinfo=None)
    try:
        moment = parse_moment(words, base)
    except ToolError as e:  # ("1 July 2026 9am EST": a zone other than UTC is place's)
        zoned = _ZONE_LIKE.search(said) is not None
        raise ToolError(f"clock: unix: {e}" + ("; name a zone other than UTC in place" if zoned else "")) from None
    # An offset of its own (2027-01-01T00:00:00Z, "2027-01-01 12:30 +02:00"): parse_moment read it, whatever the zone
    own = in_utc or (moment.when.tzinfo is not None and moment.when.tzinfo is not base.tzinfo)
    try:
        when = moment.when.replace(second=second, microsecond=micro) if seconds is not None else moment.when
        when = when.replace(year=year) if year is not None else when
        when, later = _once(when, said, f"in {place}" if place else "here")
        utc = when.astimezone(timezone.utc)
    except (OverflowError, ValueError, OSError):
        raise ToolError(f"clock: unix={said!r} is outside the years 1 to 9999 in UTC") from None
    where, zone_name = _where(when, own, place)
    stamp, ms = _stamp(utc)
    text = f"{when:%H:%M:%S} {where} on {long_date(when.date())} is Unix time {stamp} ({ms} ms)"
    text += "." if when.utcoffset() == timedelta(0) else f"; that is {utc:%H:%M:%S} UTC on {long_date(utc.date())}."
    if not moment.has_time:
        text += " The date gave no time of day: it is read as its midnight."
    data: dict[str, Any] = {"unix": stamp, "ms": ms, "utc": utc.isoformat(), "zone": zone_name,
                            "local": when.isoformat()}
    if later is not None:  # (the clocks went back: the same words, an hour on)
        data["second_unix"] = _stamp(later.astimezone(timezone.utc))[0]
        text += (f" {when:%H:%M:%S} comes twice {f'in {place}' if place else 'here'} that day (the clocks went "
                 f"back): the second time, at {offset_text(later)}, is Unix time {data['second_unix']}.")
    if not own and not place and when.utcoffset() != timedelta(0):  # (the same words in UTC: often what is meant)
        in_utc_reading = _stamp(when.replace(tzinfo=timezone.utc))[0]
        text += (f" No time zone was named, so it is read in the local time here; read in UTC it would be Unix time "
                 f"{in_utc_reading}.")
        data["utc_reading"] = in_utc_reading
    return ToolResult(text, data)


def _utc_offset(words: re.Match[str], said: str) -> timezone:
    """The fixed offset "UTC+2", "GMT-05:30" names; a ToolError past ±14 hours."""
    hours, minutes = int(words.group("h")), int(words.group("m") or 0)
    if hours > 14 or minutes > 59:
        raise ToolError(f"clock: unix={said!r}: {words.group(0).strip()} is no offset from UTC")
    shift = timedelta(hours=hours, minutes=minutes)
    return timezone(-shift if words.group("sign") == "-" else shift)


def _short_year(words: str, said: str) -> tuple[str, int | None]:
    """`words` with a zero-padded year before 100 ("1 Jan 0099") put 2000 years on, for the date reader, and that year
    (2000 years on, a year is as leap as before); a ToolError for a year of one or two digits."""
    short = _SHORT_YEAR.search(words)
    if short is None:
        return words, None
    year = short.group("year")
    if len(year) < 4:
        raise ToolError(f"clock: unix={said!r}: a year of one or two digits could be 19{int(year):02d} or "
                        f"20{int(year):02d} or {int(year)}; write the year in full, or give an ISO date (YYYY-MM-DD)")
    return words[:short.start("year")] + str(2000 + int(year)) + words[short.end("year"):], int(year)


def _once(when: datetime, said: str, there: str) -> tuple[datetime, datetime | None]:
    """A local time and, where the clocks went back, its second coming; a ToolError where they went forward past it
    (as zoneinfo reads it, the time would quietly take an offset it never had there)."""
    def local(utc: datetime) -> datetime:
        return utc.astimezone(when.tzinfo) if when.tzinfo is not None else utc.astimezone()

    first, *second = sorted({when.replace(fold=fold).astimezone(timezone.utc) for fold in (0, 1)})
    if local(first).replace(tzinfo=None) != when.replace(tzinfo=None):
        raise ToolError(f"clock: unix={said!r}: {when:%H:%M} does not exist {there} on {long_date(when.date())} (the "
                        "clocks went forward); give a time before or after the change, or its offset from UTC")
    return local(first), local(second[0]) if second else None


def _where(when: datetime, own: bool, place: str) -> tuple[str, str]:
    """How the text names the zone a moment was read in, and its name for the data."""
    offset = offset_text(when)
    key = getattr(when.tzinfo, "key", "")
    if when.utcoffset() == timedelta(0) and (own or key in _UTC_KEYS):
        return "UTC", "UTC"
    if own:
        return f"at {offset}", offset
    if place:
        return f"in {place} ({key}, {offset})" if key else f"in {place} ({offset})", key or offset
    return (f"here ({key}, {offset})", key) if key else (f"here ({offset})", "local")


def _now(now: datetime) -> ToolResult:
    utc = now.astimezone(timezone.utc)
    stamp, ms = _stamp(utc)
    return ToolResult(f"Now, {utc:%H:%M:%S} UTC on {long_date(utc.date())}, is Unix time {stamp} ({ms} ms).",
                      {"unix": stamp, "ms": ms, "utc": utc.isoformat(), "zone": "UTC", "now": True})


def _stamp(utc: datetime) -> tuple[int, int]:
    """Whole seconds and milliseconds since the epoch, rounded down (as a Unix clock counts)."""
    since = utc - _EPOCH
    return since // timedelta(seconds=1), since // timedelta(milliseconds=1)


def offset_text(moment: datetime) -> str:
    """A moment's offset from UTC as the clock says it: "UTC+09:00" (the clock's too: clock.py imports it)."""
    offset = moment.strftime("%z") or "+0000"  # (+HHMM, or +HHMMSS for a local mean time: Berlin's was +00:53:28)
    return f"UTC{offset[:3]}:{offset[3:5]}" + (f":{offset[5:7]}" if len(offset) > 5 else "")
