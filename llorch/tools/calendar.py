"""The calendar tool: events in one local iCalendar (.ics) file.

Actions: `add` and `remove` change the file (they need write permission), `list` shows
events in a range, `free` finds open slots on a day; `days` and `date` need no file and are
answered by dayanswers.py. The file is read and written (whole, atomically) by calendarfile.py, which also
reads its events and says their days and times; this module reads the times a call names and acts on them.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Event

from llorch.errors import ToolError, ToolPermissionError
from llorch.tools.asking import and_joined
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.calendarfile import (CalendarEvent, fmt_clock, fmt_day, fmt_moment, fmt_span, from_component,
                                       read_calendar, read_events, write_calendar)
from llorch.tools.datelists import MAX_DATES
from llorch.tools.dates import Moment, parse_day, parse_moment
from llorch.tools.dayanswers import DATE_HELP, answer_date, answer_days, text_arg

__all__ = ["CalendarTool"]

_DEFAULT_EVENT_MINUTES = 60
_DEFAULT_SLOT_MINUTES = 30
_DEFAULT_LIST_DAYS = 7
_WORK_START = time(9, 0)
_WORK_END = time(17, 0)


class CalendarTool:
    """Add, list and remove events, and find free time, in a local .ics file."""

    name = "calendar"
    description = ("Manage a local calendar (.ics): add, list or remove events, find free time on a day, "
                   "count the days (or the Mondays, the weekends, say) between two dates or the leap years between two "
                   "years, say which day a date is (or its quarter), the day of the week of each of several dates (and "
                   "which fall on a weekend, say), or whether a year is a leap year.")
    positional: tuple[str, ...] = ("action",)
    write_actions: frozenset[str] = frozenset({"add", "remove"})
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        # The time in the user's words: a small model asked to convert "1pm" itself gets it wrong.
        ("put lunch with Sam on friday at 1pm in my calendar",
         {"action": "add", "title": "Lunch with Sam", "start": "friday 1pm"}),
        ("what is on my calendar this week?", {"action": "list", "from": "today", "to": "in 7 days"}),
        ("when am I free tomorrow for an hour?", {"action": "free", "date": "tomorrow", "duration": 60}),
    )
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": ["add", "list", "free", "remove", "days", "date"],
                       "description": "what to do"},
            "title": {"type": "string", "description": "the event's title (add; or remove by title)"},
            "start": {"type": "string", "description": f"when the event starts (add): {DATE_HELP}"},
            "end": {"type": "string", "description": "when the event ends (add); a bare time is on the start's day"},
            "duration": {
                "type": "integer",
                "minimum": 1,
                "description": "minutes: the event's length (add, default 60) "
                "or the shortest free slot (free, default 30)",
            },
            "location": {"type": "string", "description": "where the event is (add)"},
            "description": {"type": "string", "description": "notes for the event (add)"},
            "from": {"type": "string",
                     "description": "start of the range (list: default now; free: default 09:00; days: default today)"},
            "to": {
                "type": "string",
                "description": "end of the range (list: default from + 7 days; free: default 17:00; days: the date)",
            },
            "date": {"type": "string",
                     "description": "the day to look at (free, default today; list; date: e.g. 'in 90 days', "
                                    "'next friday', '1 January 2000', 'last day of february 2028', 'third thursday of "
                                    "november 2027', '2 weeks and 3 days after 20 december 2026'; or a year, '2100' "
                                    "or 'next year': whether it is a leap year, its days; or a quarter, 'Q2 2027', "
                                    "'next quarter', 'the quarter of 14 August 2027': its first and last day)"},
            "uid": {"type": "string", "description": "the event's uid (remove)"},
            "dates": {"type": "string",
                      "description": f"days: several dates instead of from and to, up to {MAX_DATES} ('2026-12-05, "
                                     "2026-12-07' or one a line; 'next friday; 5 January 2027'): the day of the week "
                                     "of each (with weekends, weekdays or weekday: which of them fall on such a day)"},
            "weekdays": {"type": "boolean", "description": "days: working days (Monday to Friday) first; with dates, "
                                                           "which dates are working days"},
            "inclusive": {"type": "boolean",
                          "description": "days: count both the first and the last day (1 to 10 March: 10 days); with "
                                         "leap_years, false leaves out both end years"},
            "weekends": {"type": "boolean",
                         "description": "days: how many weekends the range has, each counted by its Saturday, and "
                                        "which (March 2027: 4); with dates, which dates fall on a weekend"},
            "leap_years": {"type": "boolean",
                           "description": "days: how many leap years, and which, from the year 'from' to the year "
                                          "'to', both counted ('2000' to '2100': 25)"},
            "weekday": {"type": "string",
                        "description": "days: how many of this day of the week the range has, and which ('monday': "
                                       "March 2027 has 5 Mondays); with dates, which dates fall on it"},
            "day_of_month": {"type": "integer",
                             "description": "days: with weekday, only that weekday on this day of the month, 1 to 31 "
                                            "(13 with 'friday': the Friday the 13ths of the range)"},
            "unit": {"type": "string", "enum": ["days", "months", "years"],
                     "description": "days: count whole months or years, and the days over (15 March 2025 to 1 "
                                    "November 2026: 19 months and 17 days)"},
            "age": {"type": "boolean",
                    "description": "days: 'from' is a birth date: how old someone born then is on 'to' (default "
                                   "today), in years"},
            "day_of_year": {"type": "boolean",
                            "description": "date: say which day of the year it is too (1 March 2027: the 60th)"},
        },
        "required": ["action"],
    }

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action = args.get("action")
        if action in self.write_actions and not ctx.can_write:
            raise ToolPermissionError(
                f"calendar {action} changes files, and this profile allows calendar read-only; "
                'set tools.permissions.calendar = "write" in the profile'
            )
        now = _aware(ctx.now())
        try:
            return self._act(action, args, now, ctx.calendar_path)
        except OverflowError:  # (what the checks below miss: an event in the file at 9999-12-31 23:00 UTC, say)
            raise ToolError(f"calendar {action}: a date here, moved to another zone or by a duration, falls before "
                            "year 1 or after 9999, the years a calendar holds; give dates well inside them") from None

    def _act(self, action: Any, args: Mapping[str, Any], now: datetime, path: Path) -> ToolResult:
        if action == "add":
            return _add(args, now, path)
        if action == "list":
            return _list(args, now, path)
        if action == "free":
            return _free(args, now, path)
        if action == "remove":
            return _remove(args, now, path)
        if action == "days":
            return answer_days(args, now)
        if action == "date":
            return answer_date(args, now)
        raise ToolError(f"calendar: unknown action {action!r} (actions: add, list, free, remove, days, date)")


# --- actions ---------------------------------------------------------------------------


def _add(args: Mapping[str, Any], now: datetime, path: Path) -> ToolResult:
    title = text_arg(args, "title")
    start_text = text_arg(args, "start")
    missing = [name for name, value in (("title", title), ("start", start_text)) if not value]
    if missing:
        raise ToolError(f"calendar add needs {' and '.join(missing)} (e.g. title=Dentist start='tomorrow 3pm')")
    start = parse_moment(start_text, now)
    end_text = text_arg(args, "end")
    duration = _minutes(args, "duration")
    if not start.has_time and duration is None and (not end_text or not parse_moment(end_text, now).has_time):
        first = start.when.date()
        last = parse_moment(end_text, now).when.date() if end_text else first
        if last < first:
            raise ToolError(f"calendar add: end {end_text!r} is before start {start_text!r}")
        if last == date.max:  # (an all-day event's DTEND is the day after its last)
            raise ToolError(f"calendar add: an all-day event on {fmt_day(last)} ends on the day after it, past the "
                            "last day a calendar holds; give an earlier day")
        event = _new_event(title, first, last + timedelta(days=1), now, args)
        zoned = False
    else:
        if not start.has_time:
            raise ToolError(
                f"calendar add: start {start_text!r} names a day but no time; add one, e.g. '{start_text} 3pm'"
            )
        begin = start.when
        if end_text:
            finish = _end_of(parse_moment(end_text, now), begin)
            if duration is not None and finish != _after(begin, duration):
                raise ToolError("calendar add: end and duration disagree; give one of them")
        else:
            finish = _after(begin, _DEFAULT_EVENT_MINUTES if duration is None else duration)
        if finish <= begin:
            raise ToolError(f"calendar add: end {end_text!r} is not after start {start_text!r}")
        event = _new_event(title, _storable(begin), _storable(finish), now, args)
        zoned = _is_named_zone(begin) or _is_named_zone(finish)

    cal = read_calendar(path)
    cal.add_component(event)
    if zoned:
        cal.add_missing_timezones()  # a VTIMEZONE for the TZID, so other apps read it the same
    write_calendar(path, cal)
    added = from_component(event, _zone(now))
    assert added is not None  # built just above from valid values
    return ToolResult(text=f"Added {added.describe()} (uid {added.uid})", data=added.data())


def _list(args: Mapping[str, Any], now: datetime, path: Path) -> ToolResult:
    day = parse_day(text_arg(args, "date"), now) if text_arg(args, "date") else None
    start = _start_of(text_arg(args, "from"), now, day or now.date())
    if start is None:
        start = _midnight(day, now) if day else now
    end = _end_of(parse_moment(text_arg(args, "to"), now), start) if text_arg(args, "to") else None
    if end is None:
        end = _until(_midnight(day, now) if day else start, timedelta(days=1 if day else _DEFAULT_LIST_DAYS))
    start, end = _check_range(start, end, _zone(now))

    events, skipped = read_events(read_calendar(path), _zone(now))
    hits = sorted((e for e in events if _overlaps(e, start, end)), key=lambda e: (e.start, e.end, e.title))
    span = _range_said(start, end)
    one_day = span.startswith("on ")
    if hits:
        lines = [f"Events {span} ({len(hits)}):"]  # (told "3 events on …", the 1.5B copied the line and what led it)
        for e in hits:
            where = f" @ {e.location}" if e.location else ""
            status = " (cancelled)" if e.cancelled else ""
            when = fmt_span(e.start, e.end, e.all_day)
            if one_day and not e.all_day and e.start.date() == e.end.date():
                when = f"{fmt_clock(e.start)}–{fmt_clock(e.end)}"  # (the day is the line above's)
            lines.append(f"- {when}  {e.title}{where}{status}")  # (uids: in --json; told them, the 1.5B retold them)
    else:
        lines = [f"No events {span}."]
    lines += _skipped_note(skipped)
    return ToolResult(text="\n".join(lines), data=[e.data() for e in hits])


def _free(args: Mapping[str, Any], now: datetime, path: Path) -> ToolResult:
    day = parse_day(text_arg(args, "date"), now) if text_arg(args, "date") else now.date()
    tz = _zone(now)
    start = _start_of(text_arg(args, "from"), now, day) or datetime.combine(day, _WORK_START, tzinfo=tz)
    end = _end_of(parse_moment(text_arg(args, "to"), now), start) if text_arg(args, "to") else None
    if end is None:
        end = datetime.combine(start.astimezone(tz).date(), _WORK_END, tzinfo=tz)
    start, end = _check_range(start, end, tz)
    minutes = _minutes(args, "duration")
    need = timedelta(minutes=_DEFAULT_SLOT_MINUTES if minutes is None else minutes)

    events, skipped = read_events(read_calendar(path), tz)
    busy = sorted((e.start, e.end) for e in events if e.busy and _overlaps(e, start, end))
    slots: list[tuple[datetime, datetime]] = []
    cursor = max(start, _next_minute(now))  # time already gone is not free
    for busy_start, busy_end in busy:
        if busy_start - cursor >= need:
            slots.append((cursor, busy_start))
        cursor = max(cursor, busy_end)
    if end - cursor >= need:
        slots.append((cursor, end))

    one_day = start.astimezone(tz).date() == (end - timedelta(microseconds=1)).astimezone(tz).date()
    need_text = _fmt_minutes(need)
    taken = sorted((e for e in events if e.busy and _overlaps(e, start, end)), key=lambda e: (e.start, e.end, e.title))
    head = f"from {fmt_moment(start)} to {fmt_moment(end)}"
    if one_day:  # one sentence (above a list of its slots, "Free on Mon 7 Dec, 09:00–17:00:", the 1.5B answered
        # free from 9 to 5), with what fills the rest: "Am I free at 11?" is answered with what is on then
        on = fmt_day(start.astimezone(tz).date())
        free = and_joined([f"{fmt_clock(a)}–{fmt_clock(b)}" for a, b in slots])
        filled = and_joined([f"{fmt_clock(e.start)}–{fmt_clock(e.end)} {e.title}" if not e.all_day else f"{e.title} (all day)"
                        for e in taken])
        said = (f"Free on {on} only {free} (at least {need_text} each)" if slots else
                f"No free time of at least {need_text} on {on} between {fmt_clock(start)} and {fmt_clock(end)}")
        lines = [said + (f"; busy {filled}" if filled else "") + "."]
    elif slots:
        lines = [f"Free times {head}, at least {need_text} each:"]
        lines += [f"- {fmt_span(a, b, False)} ({_fmt_minutes(b - a)})" for a, b in slots]
    else:
        lines = [f"No free time of at least {need_text} {head}."]
    lines += _skipped_note(skipped)
    data = [{"start": a.astimezone(tz).isoformat(), "end": b.astimezone(tz).isoformat()} for a, b in slots]
    return ToolResult(text="\n".join(lines), data=data)


def _remove(args: Mapping[str, Any], now: datetime, path: Path) -> ToolResult:
    uid, title = text_arg(args, "uid"), text_arg(args, "title")
    if not uid and not title:
        raise ToolError("calendar remove needs uid or title (see the uids with: calendar list)")
    cal = read_calendar(path)
    tz = _zone(now)
    vevents = [c for c in cal.subcomponents if c.name == "VEVENT"]
    if uid:
        matches = [c for c in vevents if str(c.get("uid", "")).strip() == uid]
        if not matches:
            raise ToolError(f"calendar: no event with uid {uid!r} in {path}")
    else:
        wanted = title.casefold()
        matches = [c for c in vevents if str(c.get("summary", "")).strip().casefold() == wanted]
        if not matches:
            raise ToolError(f"calendar: no event called “{title}” in {path}")
        uids = list(dict.fromkeys(str(c.get("uid", "")).strip() for c in matches))
        if len(uids) > 1:
            found = []
            for c in matches:
                e = from_component(c, tz)
                found.append(f"{e.uid} ({fmt_span(e.start, e.end, e.all_day)})" if e else str(c.get("uid", "")))
            raise ToolError(
                f"calendar: {len(uids)} events are called “{title}”: {'; '.join(found)}; remove one by uid"
            )
        uid = uids[0]
        matches = [c for c in vevents if str(c.get("uid", "")).strip() == uid]
    # Every VEVENT with this uid goes: a recurring event's overrides share its uid.
    cal.subcomponents = [c for c in cal.subcomponents if not any(c is m for m in matches)]
    write_calendar(path, cal)
    removed = from_component(matches[0], tz)
    what = removed.describe() if removed else f"“{matches[0].get('summary', '')}”"
    return ToolResult(
        text=f"Removed {what} (uid {uid})",
        data=removed.data() if removed else {"uid": uid, "title": str(matches[0].get("summary", ""))},
    )


def _new_event(title: str, start: date, end: date, now: datetime, args: Mapping[str, Any]) -> Event:
    event = Event()
    event.add("uid", f"{uuid.uuid4()}@llorch")
    event.add("dtstamp", now.astimezone(timezone.utc).replace(microsecond=0))
    event.add("summary", title)
    event.add("dtstart", start)
    event.add("dtend", end)
    for key in ("location", "description"):
        if text_arg(args, key):
            event.add(key, text_arg(args, key))
    return event


# --- times ---------------------------------------------------------------------------------


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None else now.astimezone()


def _zone(now: datetime) -> tzinfo:
    assert now.tzinfo is not None
    return now.tzinfo


def _next_minute(moment: datetime) -> datetime:
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + timedelta(minutes=1)


def _midnight(day: date, now: datetime) -> datetime:
    return datetime.combine(day, time(0), tzinfo=now.tzinfo)


def _after(start: datetime, minutes: int) -> datetime:
    """`minutes` of elapsed time after `start`, in start's zone (right across DST changes)."""
    assert start.tzinfo is not None
    try:  # (datetime holds years 1 to 9999 only: "9999-12-31 23:59" and 600 minutes raised OverflowError)
        utc = start.astimezone(timezone.utc)
    except OverflowError:
        last = start.year == date.max.year
        edge, way = ("after the end of 9999", "an earlier") if last else ("before year 1", "a later")
        raise ToolError(f"calendar: {fmt_moment(start)} is {edge} in UTC, as a calendar stores it; give {way} "
                        "time") from None
    try:
        return (utc + timedelta(minutes=minutes)).astimezone(start.tzinfo)
    except OverflowError:
        raise ToolError(f"calendar: {minutes:,} minutes after {fmt_moment(start)} is past the end of 9999, the last "
                        "year a calendar holds; give a shorter duration or an earlier start") from None


def _until(start: datetime, length: timedelta) -> datetime:
    """The end of a range `length` long from `start`, or the last moment a datetime holds where it runs past 9999
    (nothing lies after it)."""
    try:
        return start + length
    except OverflowError:
        return datetime.combine(date.max, time.max, tzinfo=start.tzinfo)


def _range_said(start: datetime, end: datetime) -> str:
    """A listed range in words: "on Mon 7 Dec 2026" for a whole day, "from Mon 7 Dec 2026 to Sun 13 Dec 2026" for
    whole days (told "from Mon 7 Dec 2026 00:00 to Tue 8 Dec 2026 00:00", the 1.5B said nothing was on that day),
    else from one moment to the other."""
    whole = start.time() == time(0) and end.time() == time(0) and end > start
    if not whole and end.date() == start.date():  # (part of a day: Friday evening)
        return f"on {fmt_day(start.date())} between {fmt_clock(start)} and {fmt_clock(end)}"
    if not whole:
        return f"from {fmt_moment(start)} to {fmt_moment(end)}"
    last = (end - timedelta(days=1)).date()
    return f"on {fmt_day(start.date())}" if last == start.date() else f"from {fmt_day(start.date())} to {fmt_day(last)}"


def _start_of(text: str, now: datetime, day: date) -> datetime | None:
    """A range start; a bare time ("10:00") falls on `day`."""
    if not text:
        return None
    moment = parse_moment(text, now)
    if not moment.has_date:
        return datetime.combine(day, moment.when.timetz())
    return moment.when


def _end_of(moment: Moment, start: datetime) -> datetime:
    """A range or event end: a bare time falls on the start's day, a bare day means its end."""
    if not moment.has_date:
        return datetime.combine(start.date(), moment.when.time(), tzinfo=start.tzinfo)
    if not moment.has_time:
        return _until(datetime.combine(moment.when.date(), time(0), tzinfo=moment.when.tzinfo), timedelta(days=1))
    return moment.when


def _storable(moment: datetime) -> datetime:
    """Times with an IANA zone keep it (TZID); fixed offsets are stored as UTC."""
    return moment if _is_named_zone(moment) else moment.astimezone(timezone.utc)


def _is_named_zone(moment: datetime) -> bool:
    return isinstance(moment.tzinfo, ZoneInfo) and moment.tzinfo.key != "UTC"


def _overlaps(event: CalendarEvent, start: datetime, end: datetime) -> bool:
    if event.end == event.start:  # an instant: inside the half-open range or not
        return start <= event.start < end
    return event.start < end and event.end > start


def _check_range(start: datetime, end: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The range in the local zone; ToolError when it is empty."""
    start, end = start.astimezone(tz), end.astimezone(tz)
    if end <= start:
        raise ToolError(f"calendar: the range ends ({fmt_moment(end)}) before it starts ({fmt_moment(start)})")
    return start, end


def _minutes(args: Mapping[str, Any], key: str) -> int | None:
    value = args.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ToolError(f"calendar: {key} must be a positive number of minutes, got {value!r}")
    return value


def _fmt_minutes(span: timedelta) -> str:
    total = int(span.total_seconds() // 60)
    hours, minutes = divmod(total, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _skipped_note(skipped: list[str]) -> list[str]:
    if not skipped:
        return []
    return [f"(skipped {len(skipped)} event(s) with no readable start: {', '.join(skipped)})"]
