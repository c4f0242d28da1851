"""The calendar tool's file (calendar.py): one local iCalendar (.ics) file, and its events as llorch shows them.

The file is read whole and written whole, atomically (a temp file in the same directory, fsync, `os.replace`), so a
crash never leaves half a calendar. A missing file is an empty calendar. Its VEVENTs are read as `CalendarEvent`s,
their times in the local zone, and days and times are said as the tool says them (`fmt_span`: "Mon 7 Dec 2026
09:00–10:00").
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from icalendar import Calendar

from llorch.errors import ToolError
from llorch.tools.base import read_regular_file
from llorch.userfiles import write_failure

__all__ = ["CalendarEvent", "fmt_clock", "fmt_day", "fmt_moment", "fmt_span", "from_component", "read_calendar",
           "read_events", "write_calendar"]

_PRODID = "-//llorch//calendar//EN"

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT as llorch shows it: times in the local zone, all-day days as local midnights."""

    uid: str
    title: str
    start: datetime
    end: datetime
    all_day: bool
    location: str
    description: str
    busy: bool
    cancelled: bool

    def data(self) -> dict[str, Any]:
        if self.all_day:
            start, end = self.start.date().isoformat(), self.end.date().isoformat()
        else:
            start, end = self.start.isoformat(), self.end.isoformat()
        return {
            "uid": self.uid,
            "title": self.title,
            "start": start,
            "end": end,
            "all_day": self.all_day,
            "location": self.location,
            "description": self.description,
        }

    def describe(self) -> str:
        where = f" at {self.location}" if self.location else ""
        return f"“{self.title}” on {fmt_span(self.start, self.end, self.all_day)}{where}"


def read_calendar(path: Path) -> Calendar:
    """The calendar in `path`; a missing or empty file is an empty calendar."""
    if not path.exists():
        raw = b""
    else:
        raw = read_regular_file(path, what="calendar (.ics) file")  # a FIFO or a huge file is refused
    if not raw.strip():
        cal = Calendar()
        cal.add("prodid", _PRODID)
        cal.add("version", "2.0")
        return cal
    try:
        parsed = Calendar.from_ical(raw)
    except (ValueError, IndexError, KeyError, TypeError) as exc:
        raise ToolError(f"{path} is not a readable iCalendar file: {exc}; fix or move it") from None
    if not isinstance(parsed, Calendar) or parsed.name != "VCALENDAR":
        kind = getattr(parsed, "name", type(parsed).__name__)
        raise ToolError(f"{path} is not a readable iCalendar file: it holds a {kind}, not a VCALENDAR; fix or move it")
    return parsed


def write_calendar(path: Path, cal: Calendar) -> None:
    """Replace `path` with `cal` atomically; no other file is changed."""
    target = path.resolve() if path.is_symlink() else path
    payload = cal.to_ical()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ToolError(f"cannot write the calendar {path}: {write_failure(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))  # keep the file's permissions
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ToolError(f"cannot write the calendar {path}: {write_failure(exc)}") from None
        raise
    _fsync_dir(target.parent)


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_events(cal: Calendar, tz: tzinfo) -> tuple[list[CalendarEvent], list[str]]:
    """The calendar's events, and the uids of those with no readable start (skipped)."""
    events: list[CalendarEvent] = []
    skipped: list[str] = []
    for comp in cal.walk("VEVENT"):
        event = from_component(comp, tz)
        if event is None:
            skipped.append(str(comp.get("uid", "?")))
        else:
            events.append(event)
    return events, skipped


def from_component(comp: Any, tz: tzinfo) -> CalendarEvent | None:
    try:
        start, end = comp.start, comp.end
    except (ValueError, KeyError, TypeError):
        return None
    all_day = not isinstance(start, datetime)
    status = str(comp.get("status", "")).upper()
    return CalendarEvent(
        uid=str(comp.get("uid", "")).strip(),
        title=str(comp.get("summary", "")).strip() or "(untitled)",
        start=_local(start, tz),
        end=max(_local(end, tz), _local(start, tz)),
        all_day=all_day,
        location=str(comp.get("location", "")).strip(),
        description=str(comp.get("description", "")).strip(),
        busy=str(comp.get("transp", "OPAQUE")).upper() != "TRANSPARENT" and status != "CANCELLED",
        cancelled=status == "CANCELLED",
    )


def _local(value: date, tz: tzinfo) -> datetime:
    """A DTSTART/DTEND value as a local datetime: dates at midnight, floating times as local."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=tz)
    if value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


# --- days and times, as the tool says them ------------------------------------------


def fmt_day(day: date) -> str:
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def fmt_clock(moment: datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def fmt_moment(moment: datetime) -> str:
    return f"{fmt_day(moment.date())} {fmt_clock(moment)}"


def fmt_span(start: datetime, end: datetime, all_day: bool) -> str:
    if all_day:
        last = (end - timedelta(days=1)).date() if end > start else start.date()
        if last == start.date():
            return f"{fmt_day(start.date())} (all day)"
        return f"{fmt_day(start.date())} – {fmt_day(last)} (all day)"
    if start.date() == end.date() or (end - start <= timedelta(days=1) and end.time() == time(0)):
        return f"{fmt_day(start.date())} {fmt_clock(start)}–{fmt_clock(end)}"
    return f"{fmt_moment(start)} – {fmt_moment(end)}"
