"""The calendar tool on real .ics files, and the date parser it reads times with."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError, ToolPermissionError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.calendar import CalendarTool
from llorch.tools.dates import parse_day, parse_moment, parse_when
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)  # a Sunday


def at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def cal_path(tmp_path: Path) -> Path:
    return tmp_path / "cal" / "calendar.ics"  # the folder does not exist yet


def make_ctx(path: Path, *, can_write: bool = True, now: datetime = NOW) -> ToolContext:
    return ToolContext(data_dir=path.parent, can_write=can_write, now=lambda: now, calendar_file=path)


def call(path: Path, **args: Any) -> ToolResult:
    return ToolRegistry().call("calendar", args, make_ctx(path))


def vevents(path: Path) -> list[Any]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert isinstance(cal, icalendar.Calendar)
    return list(cal.walk("VEVENT"))


# --- add ---------------------------------------------------------------------------------


def test_add_writes_a_vevent_that_icalendar_reads_back(cal_path: Path) -> None:
    result = call(
        cal_path, action="add", title="Dentist", start="2026-11-23 15:00", duration=45,
        location="Clinic", description="Bring the card",
    )  # fmt: skip

    (event,) = vevents(cal_path)
    assert str(event["SUMMARY"]) == "Dentist"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == at(2026, 11, 23, 15, 0) and start.tzinfo is not None
    assert end == at(2026, 11, 23, 15, 45) and end.tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTAMP") == NOW.astimezone(timezone.utc)
    assert str(event["UID"]).endswith("@llorch") and len(str(event["UID"])) > len("@llorch") + 30
    assert str(event["LOCATION"]) == "Clinic" and str(event["DESCRIPTION"]) == "Bring the card"

    cal = icalendar.Calendar.from_ical(cal_path.read_bytes())
    assert str(cal["VERSION"]) == "2.0" and "llorch" in str(cal["PRODID"])
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]

    assert result.text.startswith("Added “Dentist” on Mon 23 Nov 2026 15:00–15:45 at Clinic (uid ")
    assert result.data["uid"] == str(event["UID"]) and result.data["uid"] in result.text
    assert result.data["start"] == "2026-11-23T15:00:00+01:00"
    assert result.data["end"] == "2026-11-23T15:45:00+01:00"
    assert result.data["title"] == "Dentist" and result.data["location"] == "Clinic"


def test_add_defaults_to_an_hour_and_reads_natural_dates(cal_path: Path) -> None:
    result = call(cal_path, action="add", title="Call", start="tomorrow 3pm")
    assert result.data["start"] == "2026-11-23T15:00:00+01:00"
    assert result.data["end"] == "2026-11-23T16:00:00+01:00"
    assert "Mon 23 Nov 2026 15:00–16:00" in result.text


def test_add_end_as_a_bare_time_falls_on_the_start_day(cal_path: Path) -> None:
    result = call(cal_path, action="add", title="Review", start="next friday at 10:30", end="11:15")
    assert result.data["start"] == "2026-11-27T10:30:00+01:00"
    assert result.data["end"] == "2026-11-27T11:15:00+01:00"


def test_add_without_a_time_makes_an_all_day_event(cal_path: Path) -> None:
    result = call(cal_path, action="add", title="Conference", start="2026-11-24", end="2026-11-25")
    (event,) = vevents(cal_path)
    assert event.decoded("DTSTART") == date(2026, 11, 24)
    assert event.decoded("DTEND") == date(2026, 11, 26)  # DTEND is exclusive
    assert result.data["all_day"] is True
    assert "Tue 24 Nov 2026 – Wed 25 Nov 2026 (all day)" in result.text


def test_fixed_offset_times_are_stored_in_utc(cal_path: Path) -> None:
    call(cal_path, action="add", title="Remote", start="2026-11-23T09:00+05:00")
    (event,) = vevents(cal_path)
    assert event.decoded("DTSTART") == datetime(2026, 11, 23, 4, 0, tzinfo=timezone.utc)
    assert cal_path.read_text().count("DTSTART:20261123T040000Z") == 1


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        ({"start": "tomorrow 3pm"}, "title"),
        ({"title": "X"}, "start"),
        ({}, "title and start"),
        ({"title": " ", "start": "3pm"}, "title"),
    ],
)
def test_add_names_what_is_missing(cal_path: Path, args: dict[str, Any], missing: str) -> None:
    with pytest.raises(ToolError, match=f"needs {missing}"):
        call(cal_path, action="add", **args)
    assert not cal_path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"start": "tomorrow 3pm", "end": "2pm"}, "not after start"),
        ({"start": "tomorrow 3pm", "end": "5pm", "duration": 30}, "disagree"),
        ({"start": "tomorrow 3pm", "duration": 0}, "positive number of minutes"),
        ({"start": "tomorrow", "duration": 30}, "names a day but no time"),
        ({"start": "soonish"}, "is not a date llorch understands"),
    ],
)
def test_add_refuses_bad_times(cal_path: Path, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolError, match=message):
        call(cal_path, action="add", title="X", **args)
    assert not cal_path.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [  # (each was "calendar failed: OverflowError: date value out of range")
        ({"start": "tomorrow 3pm", "duration": 99999999999},
         "^calendar: 99,999,999,999 minutes after Mon 23 Nov 2026 15:00 is past the end of 9999, the last year a "
         "calendar holds; give a shorter duration or an earlier start$"),
        ({"start": "9999-12-31 23:59", "duration": 600}, "600 minutes after Fri 31 Dec 9999 23:59 is past the end"),
        ({"start": "9999-12-31"}, "an all-day event on Fri 31 Dec 9999 ends on the day after it, past the last day"),
        ({"start": "0001-01-01 00:00"}, "Mon 1 Jan 1 00:00 is before year 1 in UTC, as a calendar stores it; give a "
                                        "later time"),
    ],
)
def test_add_past_the_years_a_calendar_holds_is_a_one_line_error(
        cal_path: Path, args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolError, match=message):
        call(cal_path, action="add", title="X", **args)
    assert not cal_path.exists()


def test_list_to_the_last_day_there_is_runs_to_its_end(cal_path: Path) -> None:
    assert call(cal_path, action="list", **{"from": "0001-01-01", "to": "9999-12-31"}).text == \
        "No events from Mon 1 Jan 1 00:00 to Fri 31 Dec 9999 23:59."
    assert call(cal_path, action="list", date="9999-12-31").text == \
        "No events on Fri 31 Dec 9999 between 00:00 and 23:59."
    assert call(cal_path, action="list", **{"from": "9999-12-30"}).text == \
        "No events from Thu 30 Dec 9999 00:00 to Fri 31 Dec 9999 23:59."


def test_an_event_past_the_years_a_zone_holds_is_a_one_line_error(cal_path: Path) -> None:
    cal = icalendar.Calendar()
    last = icalendar.Event()
    last.add("uid", "last-1")
    last.add("dtstart", datetime(9999, 12, 31, 23, 30, tzinfo=timezone.utc))  # (in Berlin: 10000-01-01 00:30)
    cal.add_component(last)
    cal_path.parent.mkdir()
    cal_path.write_bytes(cal.to_ical())
    with pytest.raises(ToolError, match="^calendar list: a date here, moved to another zone or by a duration, falls "
                                        "before year 1 or after 9999"):
        call(cal_path, action="list")


# --- the file ------------------------------------------------------------------------------


def test_a_second_instance_reads_what_the_first_wrote(cal_path: Path) -> None:
    added = call(cal_path, action="add", title="Dentist", start="2026-11-23 15:00")
    other = CalendarTool()
    listed = other.run({"action": "list"}, make_ctx(cal_path, can_write=False))
    assert [e["uid"] for e in listed.data] == [added.data["uid"]]
    # A full parse and re-serialisation keeps the event: the file is a valid calendar.
    cal = icalendar.Calendar.from_ical(cal_path.read_bytes())
    again = icalendar.Calendar.from_ical(cal.to_ical())
    assert [str(e["SUMMARY"]) for e in again.walk("VEVENT")] == ["Dentist"]


def test_writes_leave_no_temp_files_and_touch_nothing_else(cal_path: Path) -> None:
    cal_path.parent.mkdir()
    neighbour = cal_path.parent / "notes.txt"
    neighbour.write_text("keep me")
    first = call(cal_path, action="add", title="A", start="tomorrow 9am")
    call(cal_path, action="add", title="B", start="tomorrow 11am")
    call(cal_path, action="remove", uid=first.data["uid"])
    assert sorted(p.name for p in cal_path.parent.iterdir()) == ["calendar.ics", "notes.txt"]
    assert neighbour.read_text() == "keep me"
    assert [str(e["SUMMARY"]) for e in vevents(cal_path)] == ["B"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(cal_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    call(cal_path, action="add", title="A", start="tomorrow 9am")
    before = cal_path.read_bytes()

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ToolError, match="cannot write the calendar .*: the disk is full; free some space"):
        call(cal_path, action="add", title="B", start="tomorrow 11am")
    assert cal_path.read_bytes() == before
    assert [p.name for p in cal_path.parent.iterdir()] == ["calendar.ics"]


def test_a_missing_file_is_an_empty_calendar_and_is_not_created(cal_path: Path) -> None:
    result = call(cal_path, action="list")
    assert result.data == []
    assert result.text.startswith("No events from Sun 22 Nov 2026 10:00 to Sun 29 Nov 2026 10:00")
    assert not cal_path.parent.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a calendar\n",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nbroken line\r\n",
        b"BEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\n",
    ],
)
def test_a_corrupt_file_is_an_error_naming_it(cal_path: Path, content: bytes) -> None:
    cal_path.parent.mkdir()
    cal_path.write_bytes(content)
    for args in ({"action": "list"}, {"action": "add", "title": "X", "start": "tomorrow 9am"}):
        with pytest.raises(ToolError, match="is not a readable iCalendar file") as info:
            call(cal_path, **args)
        assert str(cal_path) in str(info.value) and "fix or move it" in str(info.value)
    assert cal_path.read_bytes() == content


# --- list ----------------------------------------------------------------------------------


def test_list_is_sorted_and_limited_to_the_range(cal_path: Path) -> None:
    call(cal_path, action="add", title="Late", start="2026-11-25 16:00")
    call(cal_path, action="add", title="Early", start="2026-11-23 08:00", location="Office")
    call(cal_path, action="add", title="Far", start="2026-12-10 09:00")
    call(cal_path, action="add", title="Past", start="2026-11-21 09:00")

    result = call(cal_path, action="list")
    assert [e["title"] for e in result.data] == ["Early", "Late"]
    assert set(result.data[0]) >= {"uid", "title", "start", "end", "location"}
    assert result.data[0]["location"] == "Office"
    lines = result.text.splitlines()
    assert lines[0] == "Events from Sun 22 Nov 2026 10:00 to Sun 29 Nov 2026 10:00 (2):"
    assert lines[1] == "- Mon 23 Nov 2026 08:00–09:00  Early @ Office"  # (the uid: in --json)
    assert "Late" in lines[2]
    one_day = call(cal_path, action="list", date="2026-11-23").text.splitlines()  # the day once, then times
    assert one_day == ["Events on Mon 23 Nov 2026 (1):", "- 08:00–09:00  Early @ Office"]
    evening = call(cal_path, action="list", date="2026-11-25", **{"from": "15:00", "to": "21:00"}).text
    assert evening.startswith("Events on Wed 25 Nov 2026 between 15:00 and 21:00 (1):\n- 16:00–17:00  Late")
    week = call(cal_path, action="list", **{"from": "2026-11-23", "to": "2026-11-29"}).text
    assert week.startswith("Events from Mon 23 Nov 2026 to Sun 29 Nov 2026 (2):\n- Mon 23 Nov 2026 08:00–09:00")

    wide = call(cal_path, action="list", **{"from": "2026-11-20", "to": "2026-12-31"})
    assert [e["title"] for e in wide.data] == ["Past", "Early", "Late", "Far"]
    one_day = call(cal_path, action="list", date="2026-11-25")
    assert [e["title"] for e in one_day.data] == ["Late"]


def test_list_includes_events_that_overlap_the_range_start(cal_path: Path) -> None:
    call(cal_path, action="add", title="Running", start="2026-11-22 09:30", end="2026-11-22 10:30")
    assert [e["title"] for e in call(cal_path, action="list").data] == ["Running"]


def test_list_shows_all_day_and_floating_events_written_by_other_apps(cal_path: Path) -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//other app//EN")
    cal.add("version", "2.0")
    holiday = icalendar.Event()
    holiday.add("uid", "holiday-1")
    holiday.add("summary", "Holiday")
    holiday.add("dtstart", date(2026, 11, 24))
    cal.add_component(holiday)
    floating = icalendar.Event()
    floating.add("uid", "float-1")
    floating.add("summary", "Gym")
    floating.add("dtstart", datetime(2026, 11, 23, 18, 0))  # no zone: local time
    floating.add("dtend", datetime(2026, 11, 23, 19, 0))
    cal.add_component(floating)
    cal_path.parent.mkdir()
    cal_path.write_bytes(cal.to_ical())

    result = call(cal_path, action="list")
    assert [e["uid"] for e in result.data] == ["float-1", "holiday-1"]
    gym, day = result.data
    assert gym["start"] == "2026-11-23T18:00:00+01:00" and gym["all_day"] is False
    assert day == {
        "uid": "holiday-1", "title": "Holiday", "start": "2026-11-24", "end": "2026-11-25",
        "all_day": True, "location": "", "description": "",
    }  # fmt: skip
    assert "Tue 24 Nov 2026 (all day)  Holiday" in result.text


def test_list_refuses_a_backwards_range(cal_path: Path) -> None:
    with pytest.raises(ToolError, match="before it starts"):
        call(cal_path, action="list", **{"from": "friday", "to": "monday"})


# --- free ----------------------------------------------------------------------------------


def test_free_slots_exclude_events(cal_path: Path) -> None:
    call(cal_path, action="add", title="A", start="2026-11-23 11:00")
    call(cal_path, action="add", title="B", start="2026-11-23 14:00", duration=90)
    call(cal_path, action="add", title="Elsewhere", start="2026-11-24 10:00")

    result = call(cal_path, action="free", date="2026-11-23")
    assert result.data == [
        {"start": "2026-11-23T09:00:00+01:00", "end": "2026-11-23T11:00:00+01:00"},
        {"start": "2026-11-23T12:00:00+01:00", "end": "2026-11-23T14:00:00+01:00"},
        {"start": "2026-11-23T15:30:00+01:00", "end": "2026-11-23T17:00:00+01:00"},
    ]
    # One sentence, with what fills the rest (above a list of slots, "Free on Mon 23 Nov 2026, 09:00–17:00:", the
    # 1.5B said free from 9 to 5)
    assert result.text == ("Free on Mon 23 Nov 2026 only 09:00–11:00, 12:00–14:00 and 15:30–17:00 (at least 30 min "
                           "each); busy 11:00–12:00 A and 14:00–15:30 B.")
    assert call(cal_path, action="free", date="2026-11-23", **{"from": "11:00", "to": "12:00"}).text == \
        "No free time of at least 30 min on Mon 23 Nov 2026 between 11:00 and 12:00; busy 11:00–12:00 A."
    days = call(cal_path, action="free", **{"from": "2026-11-23", "to": "2026-11-24"}).text.splitlines()
    assert days[:2] == ["Free times from Mon 23 Nov 2026 00:00 to Wed 25 Nov 2026 00:00, at least 30 min each:",
                        "- Mon 23 Nov 2026 00:00–11:00 (11 h)"]

    long_only = call(cal_path, action="free", date="monday", duration=100)
    assert [s["start"][11:16] for s in long_only.data] == ["09:00", "12:00"]

    early = call(cal_path, action="free", date="2026-11-23", **{"from": "7:00", "to": "11:30"})
    assert early.data == [{"start": "2026-11-23T07:00:00+01:00", "end": "2026-11-23T11:00:00+01:00"}]


def test_free_today_starts_from_now(cal_path: Path) -> None:
    result = call(cal_path, action="free")
    assert result.data == [{"start": "2026-11-22T10:00:00+01:00", "end": "2026-11-22T17:00:00+01:00"}]


def test_free_counts_all_day_events_but_not_transparent_ones(cal_path: Path) -> None:
    call(cal_path, action="add", title="Off", start="2026-11-24")
    assert call(cal_path, action="free", date="2026-11-24").data == []
    assert "No free time" in call(cal_path, action="free", date="2026-11-24").text

    cal = icalendar.Calendar.from_ical(cal_path.read_bytes())
    for event in cal.walk("VEVENT"):
        event.add("transp", "TRANSPARENT")
    cal_path.write_bytes(cal.to_ical())
    assert len(call(cal_path, action="free", date="2026-11-24").data) == 1


# --- remove --------------------------------------------------------------------------------


def test_remove_by_uid(cal_path: Path) -> None:
    keep = call(cal_path, action="add", title="Keep", start="tomorrow 9am")
    gone = call(cal_path, action="add", title="Dentist", start="tomorrow 3pm")
    result = call(cal_path, action="remove", uid=gone.data["uid"])
    assert result.text.startswith("Removed “Dentist” on Mon 23 Nov 2026 15:00–16:00")
    assert result.data["uid"] == gone.data["uid"]
    assert [str(e["UID"]) for e in vevents(cal_path)] == [keep.data["uid"]]


def test_remove_by_title_ignores_case(cal_path: Path) -> None:
    call(cal_path, action="add", title="Dentist", start="tomorrow 3pm")
    call(cal_path, action="add", title="Dentist visit", start="tomorrow 5pm")
    call(cal_path, action="remove", title="DENTIST")
    assert [str(e["SUMMARY"]) for e in vevents(cal_path)] == ["Dentist visit"]


def test_remove_with_an_ambiguous_title_lists_the_uids_and_changes_nothing(cal_path: Path) -> None:
    one = call(cal_path, action="add", title="Standup", start="tomorrow 9am")
    two = call(cal_path, action="add", title="standup", start="2026-11-24 9am")
    before = cal_path.read_bytes()
    with pytest.raises(ToolError, match="2 events are called") as info:
        call(cal_path, action="remove", title="Standup")
    assert one.data["uid"] in str(info.value) and two.data["uid"] in str(info.value)
    assert cal_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [({"uid": "nope@llorch"}, "no event with uid"), ({"title": "Nope"}, "no event called"), ({}, "needs uid or title")],
)
def test_remove_refuses_when_nothing_matches(cal_path: Path, args: dict[str, Any], message: str) -> None:
    call(cal_path, action="add", title="Keep", start="tomorrow 9am")
    before = cal_path.read_bytes()
    with pytest.raises(ToolError, match=message):
        call(cal_path, action="remove", **args)
    assert cal_path.read_bytes() == before


# --- permissions and arguments -----------------------------------------------------------


@pytest.mark.parametrize(
    "args", [{"action": "add", "title": "X", "start": "tomorrow 9am"}, {"action": "remove", "title": "X"}]
)
def test_write_actions_need_write_permission(cal_path: Path, args: dict[str, Any]) -> None:
    registry = ToolRegistry()
    with pytest.raises(ToolPermissionError, match="read-only"):
        registry.call("calendar", args, make_ctx(cal_path, can_write=False))
    assert not cal_path.exists()
    # The tool refuses on its own too, for callers that skip the registry.
    with pytest.raises(ToolPermissionError):
        CalendarTool().run(args, make_ctx(cal_path, can_write=False))


def test_reads_are_allowed_read_only_and_writes_when_allowed(cal_path: Path) -> None:
    registry = ToolRegistry()
    assert registry.call("calendar", {"action": "list"}, make_ctx(cal_path, can_write=False)).data == []
    assert registry.call("calendar", {"action": "free"}, make_ctx(cal_path, can_write=False)).data
    added = registry.call("calendar", {"action": "add", "title": "X", "start": "tomorrow 9am"}, make_ctx(cal_path))
    assert cal_path.exists() and added.data["title"] == "X"


def test_the_schema_is_flat_and_checked_by_the_registry(cal_path: Path) -> None:
    tool = ToolRegistry().get("calendar")
    assert isinstance(tool, CalendarTool) and tool.positional == ("action",)
    props = tool.parameters["properties"]
    assert props["action"]["enum"] == ["add", "list", "free", "remove", "days", "date"]
    assert tool.parameters["required"] == ["action"]
    assert {spec["type"] for spec in props.values()} <= {"string", "integer", "boolean"}  # (flat: no objects or lists)
    assert props["duration"]["type"] == "integer"
    with pytest.raises(ToolError, match="must be one of add, list, free, remove"):
        call(cal_path, action="move")
    with pytest.raises(ToolError, match="'duration' must be an integer"):
        call(cal_path, action="add", title="X", start="3pm", duration="long")


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", at(2026, 11, 23, 0, 0)),
        ("2026-11-23 14:00", at(2026, 11, 23, 14, 0)),
        ("2026-11-23T14:00", at(2026, 11, 23, 14, 0)),
        ("2026-11-23T14:00+05:00", datetime(2026, 11, 23, 14, 0, tzinfo=timezone(timedelta(hours=5)))),
        ("2026-11-23T13:00Z", datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)),
        ("2026-11-23 3pm", at(2026, 11, 23, 15, 0)),
        ("today", at(2026, 11, 22, 0, 0)),
        ("tomorrow", at(2026, 11, 23, 0, 0)),
        ("yesterday", at(2026, 11, 21, 0, 0)),
        ("monday", at(2026, 11, 23, 0, 0)),
        ("Friday", at(2026, 11, 27, 0, 0)),
        ("on friday", at(2026, 11, 27, 0, 0)),
        ("sunday", at(2026, 11, 22, 0, 0)),  # today is a Sunday
        ("next sunday", at(2026, 11, 29, 0, 0)),
        ("next monday", at(2026, 11, 23, 0, 0)),
        ("last friday", at(2026, 11, 20, 0, 0)),
        ("in 2 hours", at(2026, 11, 22, 12, 0)),
        ("in 3 days", at(2026, 11, 25, 10, 0)),
        ("in 30 minutes", at(2026, 11, 22, 10, 30)),
        ("in an hour", at(2026, 11, 22, 11, 0)),
        ("3pm", at(2026, 11, 22, 15, 0)),
        ("3:30pm", at(2026, 11, 22, 15, 30)),
        ("3:30 p.m.", at(2026, 11, 22, 15, 30)),
        ("12am", at(2026, 11, 22, 0, 0)),
        ("12pm", at(2026, 11, 22, 12, 0)),
        ("15:00", at(2026, 11, 22, 15, 0)),
        ("noon", at(2026, 11, 22, 12, 0)),
        ("tomorrow 3pm", at(2026, 11, 23, 15, 0)),
        ("3pm tomorrow", at(2026, 11, 23, 15, 0)),
        ("tomorrow at noon", at(2026, 11, 23, 12, 0)),
        ("next friday at 10:30", at(2026, 11, 27, 10, 30)),
        ("friday 9am", at(2026, 11, 27, 9, 0)),
        ("in 3 days at 9am", at(2026, 11, 25, 9, 0)),
        ("23 Nov", at(2026, 11, 23, 0, 0)),
        ("Nov 23 2026 3pm", at(2026, 11, 23, 15, 0)),
        ("23 November 2026 at 15:00", at(2026, 11, 23, 15, 0)),
        ("1 Jan", at(2027, 1, 1, 0, 0)),  # no year and already past: the next one
        ("1 Jan 2026", at(2026, 1, 1, 0, 0)),
    ],
)
def test_parse_when_forms(text: str, expected: datetime) -> None:
    got = parse_when(text, NOW)
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()
    assert got.tzinfo is not None


def test_naive_results_take_the_clock_zone_and_offsets_are_kept() -> None:
    assert parse_when("tomorrow 3pm", NOW).tzinfo is BERLIN
    assert parse_when("2026-11-23 14:00", NOW).tzinfo is BERLIN
    assert parse_when("2026-11-23T14:00-03:00", NOW).utcoffset() == timedelta(hours=-3)


def test_in_hours_counts_elapsed_time_across_a_dst_change() -> None:
    before_change = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)  # clocks go 02:00 -> 03:00
    later = parse_when("in 2 hours", before_change)
    assert later.astimezone(timezone.utc) - before_change.astimezone(timezone.utc) == timedelta(hours=2)
    assert (later.hour, later.minute) == (4, 30)


def test_parse_moment_says_which_parts_were_given() -> None:
    assert (parse_moment("friday", NOW).has_date, parse_moment("friday", NOW).has_time) == (True, False)
    assert (parse_moment("3pm", NOW).has_date, parse_moment("3pm", NOW).has_time) == (False, True)
    assert (parse_moment("friday 3pm", NOW).has_date, parse_moment("friday 3pm", NOW).has_time) == (True, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 22)),
        ("next monday", date(2026, 11, 23)),
        ("2026-12-01", date(2026, 12, 1)),
        ("23 Nov", date(2026, 11, 23)),
        ("in 3 days", date(2026, 11, 25)),
        # counts from today or from a day (the 1.5B, told the date, counted 90 days on to the wrong day)
        ("90 days from today", date(2027, 2, 20)),
        ("6 weeks ago", date(2026, 10, 11)),
        ("a year from now", date(2027, 11, 22)),
        ("in 3 months", date(2027, 2, 22)),
        ("in a couple of weeks", date(2026, 12, 6)),
        ("two weeks after christmas", date(2027, 1, 8)),
        ("3 days before 1 march", date(2027, 2, 26)),
        ("1 month after 31 jan 2027", date(2027, 2, 28)),  # the month's last day
        ("christmas", date(2026, 12, 25)),
        ("new year's eve 2030", date(2030, 12, 31)),
        # a year under 100 written in four digits is that year (dateutil read "0001" as 2001)
        ("1 January 0001", date(1, 1, 1)),
        ("5 march 0099", date(99, 3, 5)),
        ("5 march 0987", date(987, 3, 5)),
    ],
)
def test_parse_day(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "next blursday", "13pm", "25:00", "10:75", "2026-13-01", "2026-02-30", "31 Nov", "nov",
     "in 2 hours at 3pm", "in 3 fortnights", "3pm 4pm", "tomorrow tomorrow", "in 99999999999 days",
     "3 hours ago", "2 days ago yesterday", "5 days after the meeting", "999999 years from now", "1 January 0000",
     "29 February 0002"],
)  # fmt: skip
def test_bad_dates_are_tool_errors_with_a_hint(text: str) -> None:
    with pytest.raises(ToolError, match="is not a date llorch understands; use e.g. 2026-11-23 14:00"):
        parse_when(text, NOW)


def test_days_counts_the_days_between_two_dates_without_a_file(cal_path: Path) -> None:
    r = call(cal_path, action="days", to="25 Dec")  # from today, Sunday 22 November 2026
    assert r.text == ("From Sunday 22 November 2026 to Friday 25 December 2026: 33 days (4 weeks and 5 days); 25 "
                      "weekdays (Monday to Friday, counting both days; holidays not left out).")
    assert r.data == {"from": "2026-11-22", "to": "2026-12-25", "days": 33, "weekdays": 25}
    assert ": 14 days (2 weeks); 11 weekdays" in call(cal_path, action="days", **{"from": "2026-01-01",
                                                                                   "to": "2026-01-15"}).text
    assert ": 1 day; 1 weekday " in call(cal_path, action="days", to="tomorrow").text  # (Monday 23 November)
    before = call(cal_path, action="days", to="2026-11-20")
    assert before.text.startswith("Friday 20 November 2026 is 2 days before Sunday 22 November 2026; 1 weekday ")
    assert before.data["days"] == -2
    # working days: December 2026 has 23 (the 1.5B said 26); 10 business days from Saturday 5 December is Friday 18
    december = call(cal_path, action="days", **{"from": "1 December 2026", "to": "31 December 2026"})
    assert december.data["weekdays"] == 23
    # asked for working days, said first (told the days first, the 1.5B answered "41 business days")
    assert call(cal_path, action="days", weekdays=True, **{"from": "1 December 2026", "to": "31 December 2026"}).text \
        == ("From Tuesday 1 December 2026 to Thursday 31 December 2026: 23 weekdays (Monday to Friday, counting both "
            "days; holidays not left out); 30 days (4 weeks and 2 days) in all.")
    assert call(cal_path, action="date", date="10 business days from 2026-12-05").data["date"] == "2026-12-18"
    assert call(cal_path, action="date", date="3 working days before 2027-01-01").data["date"] == "2026-12-29"
    assert call(cal_path, action="date", date="easter 2027").data["date"] == "2027-03-28"  # (the 1.5B: 15 April)
    assert call(cal_path, action="date", date="good friday in 2027").data["date"] == "2027-03-26"
    assert call(cal_path, action="date", date="easter").data["date"] == "2027-03-28"  # the next one
    assert not cal_path.exists()  # read-only, and no calendar needed
    with pytest.raises(ToolError, match="calendar days needs 'to'"):
        call(cal_path, action="days")
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        call(cal_path, action="days", to="the heat death of the universe")


def test_date_names_the_day_and_its_weekday_without_a_file(cal_path: Path) -> None:
    r = call(cal_path, action="date", date="90 days from today")  # today is Sunday 22 November 2026
    assert r.text == "20 February 2027 is a Saturday, in ISO week 7 (in 90 days)."
    assert r.data == {"date": "2027-02-20", "weekday": "Saturday", "from_today": 90, "iso_week": 7, "iso_year": 2027,
                      "day_of_year": 51, "quarter": 1}
    assert call(cal_path, action="date", date="2000-01-01").text == \
        "1 January 2000 was a Saturday, in ISO week 52 of 1999 (9,822 days ago)."  # (ISO weeks start on Monday)
    assert call(cal_path, action="date", date="tomorrow").text == "23 November 2026 is a Monday, in ISO week 48 " \
                                                                 "(tomorrow)."
    assert call(cal_path, action="date", date="today").text == "22 November 2026 is a Sunday, in ISO week 47 (today)."
    assert call(cal_path, action="date", date="31 December 2026").data["iso_week"] == 53  # (the 1.5B said 54)
    assert not cal_path.exists()  # read-only, and no calendar needed
    with pytest.raises(ToolError, match="calendar date needs 'date'"):
        call(cal_path, action="date")
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        call(cal_path, action="date", date="the day after the meeting")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)), st.integers(-400, 400))
def test_weekdays_are_counted_and_added_as_a_day_by_day_walk_would(start: date, span: int) -> None:
    from llorch.tools.daymath import add_workdays, workdays_between

    end = start + timedelta(days=span)
    walk = sum((min(start, end) + timedelta(days=k)).weekday() < 5 for k in range(abs(span) + 1))
    assert workdays_between(start, end) == walk
    moved = add_workdays(start, span // 4)
    assert moved.weekday() < 5 or span // 4 == 0
    if span // 4 > 0:
        assert workdays_between(start + timedelta(days=1), moved) == span // 4


# --- leap years and inclusive counts ---------------------------------------------------------


@pytest.mark.parametrize(("year", "leap", "before", "after"), [
    ("2100", False, 2096, 2104),  # divisible by 100, not by 400 (asked, the 1.5B said 2100 is a leap year)
    ("2000", True, 1996, 2004),  # divisible by 400
    ("1900", False, 1896, 1904),
    ("2028", True, 2024, 2032),
    ("year 2026", False, 2024, 2028),
])  # fmt: skip
def test_date_of_a_year_says_whether_it_is_a_leap_year(cal_path: Path, year: str, leap: bool, before: int,
                                                       after: int) -> None:
    r = call(cal_path, action="date", date=year)
    number = int(year.split()[-1])
    assert r.data == {"year": number, "leap": leap, "days_in_year": 366 if leap else 365,
                      "february_days": 29 if leap else 28, "previous_leap": before, "next_leap": after}
    assert f" {before}" in r.text and f" {after}." in r.text
    assert not cal_path.exists()


def test_the_words_of_a_years_answer_are_exact_and_self_contained(cal_path: Path) -> None:
    assert call(cal_path, action="date", date="2100").text == (
        "2100 is not a leap year (a year divisible by 100 is a leap year only when divisible by 400): it has 365 "
        "days, and February 2100 has 28 days. The leap year before 2100 is 2096; the one after it is 2104.")
    assert call(cal_path, action="date", date="2028").text == (
        "2028 is a leap year (divisible by 4 and not by 100): it has 366 days, and February 2028 has 29 days (29 "
        "February 2028 is a Tuesday). The leap year before 2028 is 2024; the one after it is 2032.")
    assert call(cal_path, action="date", date="1900").text.startswith("1900 was not a leap year (")  # (in the past)
    # this year (2026) names the next leap year: "When is the next leap year?" is answered with it
    this = call(cal_path, action="date", date="this year")
    assert this.text.endswith("The last leap year was 2024; the next is 2028.") and this.data["next_leap"] == 2028
    assert call(cal_path, action="date", date="next year").data["year"] == 2027
    assert call(cal_path, action="date", date="last year").data["year"] == 2025
    february = call(cal_path, action="date", date="February 2100")
    assert february.data["february_days"] == 28
    assert february.text.startswith("February 2100 has 28 days: 2100 is not a leap year")  # (February first: the
    # 1.5B, told the year's days before February's, answered "2032 has 29 days.")
    assert call(cal_path, action="date", date="9999").data["next_leap"] is None  # (no year after 9999 to name)


def test_a_year_outside_the_calendar_is_a_one_line_error_and_days_stay_days(cal_path: Path) -> None:
    for year in ("10000", "0000", "year 0"):
        with pytest.raises(ToolError, match=r"^calendar date: the year \d+ is outside 1 to 9999, the years a "
                                            r"calendar holds$"):
            call(cal_path, action="date", date=year)
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        call(cal_path, action="date", date="12")  # (a bare number under four digits is no year)
    assert call(cal_path, action="date", date="2026-02-28").data["weekday"] == "Saturday"
    assert call(cal_path, action="date", date="1 January 2100").data["date"] == "2100-01-01"


def test_days_inclusive_counts_both_days(cal_path: Path) -> None:
    r = call(cal_path, action="days", inclusive=True, **{"from": "1 March 2026", "to": "10 March 2026"})
    # (the weekdays only in the data: told both, the 1.5B answered 1 to 31 May inclusive with its 21 weekdays)
    assert r.text == "From Sunday 1 March 2026 to Tuesday 10 March 2026, counting both days: 10 days (1 week and 3 days)."
    assert r.data == {"from": "2026-03-01", "to": "2026-03-10", "days": 10, "weekdays": 7, "inclusive": True}
    plain = call(cal_path, action="days", **{"from": "1 March 2026", "to": "10 March 2026"})
    assert plain.data == {"from": "2026-03-01", "to": "2026-03-10", "days": 9, "weekdays": 7}  # (unchanged)
    assert "counting both days:" not in plain.text
    assert call(cal_path, action="days", inclusive=True, to="today").data["days"] == 1
    backwards = call(cal_path, action="days", inclusive=True, **{"from": "10 March 2026", "to": "1 March 2026"})
    assert backwards.data["days"] == -10 and backwards.text.startswith("From Sunday 1 March 2026 to Tuesday 10 March")
    weekdays = call(cal_path, action="days", weekdays=True, inclusive=True,
                    **{"from": "7 December 2026", "to": "25 December 2026"})
    assert weekdays.text == ("From Monday 7 December 2026 to Friday 25 December 2026: 15 weekdays (Monday to Friday, "
                             "counting both days; holidays not left out); 19 days (2 weeks and 5 days) in all, "
                             "counting both days.")
    assert ToolRegistry().get("calendar").parameters["properties"]["inclusive"]["type"] == "boolean"


# --- a month's first and last day, and its days ------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [  # today is Sunday 22 November 2026
    ("last day of february 2028", date(2028, 2, 29)),  # (asked, the 1.5B said "March 31st")
    ("The last day of February 2100", date(2100, 2, 28)),  # (divisible by 100, not by 400: no 29th)
    ("first day of next month", date(2026, 12, 1)),
    ("last day of this month", date(2026, 11, 30)),
    ("the last day of the month", date(2026, 11, 30)),
    ("last day of last month", date(2026, 10, 31)),
    ("last day of april", date(2027, 4, 30)),  # no year: the next, as "30 april" is
    ("last day of november", date(2026, 11, 30)),
    ("first day of november", date(2027, 11, 1)),  # (1 November 2026 is past, as "1 nov" is)
    ("last day of the month of may 2027", date(2027, 5, 31)),
    ("last weekday of march 2027", date(2027, 3, 31)),  # a Wednesday
    ("last business day of february 2026", date(2026, 2, 27)),  # the 28th is a Saturday
    ("first working day of january 2028", date(2028, 1, 3)),  # the 1st is a Saturday
    ("3 days before the last day of february 2028", date(2028, 2, 26)),
    ("last day of december 9999", date(9999, 12, 31)),
])  # fmt: skip
def test_parse_day_reads_a_months_first_and_last_day(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize(("plain", "vague"), [
    ("last day of february 2028", "last day of school"),
    ("first day of march 2027", "first day of spring"),
    ("last day of february 2028", "last day of february 10000"),
    ("last day of next month", "last day of next month 2027"),
    ("last day of this month", "last day of the month I was born"),
])  # fmt: skip
def test_a_month_edge_of_no_month_is_no_date(plain: str, vague: str) -> None:
    parse_day(plain, NOW)
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        parse_day(vague, NOW)


def test_the_date_of_a_months_last_day_says_which_day_it_is(cal_path: Path) -> None:
    february = call(cal_path, action="date", date="last day of february 2028")  # (a model's own call, too)
    assert february.text == "The last day of February 2028 is Tuesday 29 February 2028, in ISO week 9 (in 464 days)."
    assert february.data == {"date": "2028-02-29", "weekday": "Tuesday", "from_today": 464, "iso_week": 9,
                             "iso_year": 2028, "day_of_year": 60, "quarter": 1}
    assert call(cal_path, action="date", date="The last day of February 2100").text == \
        "The last day of February 2100 is Sunday 28 February 2100, in ISO week 8 (in 26,761 days)."
    assert call(cal_path, action="date", date="the last day of last month").text == \
        "The last day of October 2026 was Saturday 31 October 2026, in ISO week 44 (22 days ago)."
    # a working day here is Monday to Friday, as in a count of them: said, as 1 January is a holiday nearly everywhere
    assert call(cal_path, action="date", date="last business day of february 2026").text == \
        ("The last weekday of February 2026 (Monday to Friday; holidays not left out) was Friday 27 February 2026, in "
         "ISO week 9 (268 days ago).")
    assert call(cal_path, action="date", date="28 February 2100").text.startswith("28 February 2100 is a Sunday")


@pytest.mark.parametrize(("message", "day"), [  # today is Sunday 22 November 2026
    ("What's the last day of February 2028?", "the last day of february 2028"),
    ("When is the last day of this month?", "the last day of this month"),
    ("What is the first day of next month?", "the first day of next month"),
    ("When is the last day of April?", "the last day of april"),  # (the calendar reads it: the next one)
    ("What day of the week is the last day of February 2028?", "the last day of february 2028"),
    ("What's the last weekday of March 2027?", "the last weekday of march 2027"),
    ("What is the last business day of March 2027?", "the last business day of march 2027"),
    ("What's the last day of February next year?", "the last day of february 2027"),
    ("What was the last day of February?", "the last day of february 2026"),  # the last one, not the next
    ("What day was the first day of November?", "the first day of november 2026"),
])  # fmt: skip
def test_a_months_first_or_last_day_asked_goes_to_the_calendars_date(message: str, day: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("calendar", {"action": "date", "date": day})


@pytest.mark.parametrize(("message", "span", "weekdays"), [  # today is Sunday 22 November 2026
    ("How many weekdays are there in January 2027?", ("2027-01-01", "2027-01-31"), True),  # (the 1.5B: 5; 21)
    ("How many working days are in March 2027?", ("2027-03-01", "2027-03-31"), True),
    ("How many business days does February 2027 have?", ("2027-02-01", "2027-02-28"), True),
    ("How many days are in this month?", ("2026-11-01", "2026-11-30"), False),
    ("how many days are there next month", ("2026-12-01", "2026-12-31"), False),
    ("How many days are in January 2027?", ("2027-01-01", "2027-01-31"), False),
    ("How many weekdays are left in this month?", ("2026-11-22", "2026-11-30"), True),  # today to its end
    ("How many days are left in November?", ("2026-11-22", "2026-11-30"), False),
])  # fmt: skip
def test_the_days_of_a_whole_month_go_to_the_calendars_count_with_both_ends(message: str, span: tuple[str, str],
                                                                           weekdays: bool) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("calendar", {"action": "days", "from": span[0], "to": span[1],
                                                                  **({"weekdays": True} if weekdays else {}),
                                                                  "inclusive": True})


def test_a_months_count_is_its_days_and_weekdays(cal_path: Path) -> None:
    def answer(message: str) -> ToolResult:
        found = exact_call(message, EXACT_TOOLS, NOW)
        assert found is not None and found[0] == "calendar", found
        return call(cal_path, **found[1])

    january = answer("How many weekdays are there in January 2027?")
    assert january.text == ("From Friday 1 January 2027 to Sunday 31 January 2027: 21 weekdays (Monday to Friday, "
                            "counting both days; holidays not left out); 31 days (4 weeks and 3 days) in all, counting "
                            "both days.")  # (31 days: from the 1st to the 31st is 30)
    assert answer("How many weekdays are in February 2027?").data == {
        "from": "2027-02-01", "to": "2027-02-28", "days": 28, "weekdays": 20, "inclusive": True}
    assert answer("How many days are in this month?").data["days"] == 30
    assert answer("How many weekdays are left in this month?").data["weekdays"] == 6  # (23 to 27, and 30)


@pytest.mark.parametrize(("plain", "vague"), [  # today is Sunday 22 November 2026
    ("When is the last day of this month?", "When is the last day of school?"),
    ("What's the last day of February 2028?", "What's the last day of the sale?"),
    ("What's the last day of February 2028?", "What's the last day of February 2028 in Japan?"),
    ("What is the first day of next month?", "What is the first day of spring?"),
    ("What's the last day of February next year?", "What's the last day of next month this year?"),
    ("How many weekdays are in March 2027?", "How many weekdays are in March?"),  # (which March?)
    ("How many days are in January 2027?", "How many weeks are in January 2027?"),  # (whole weeks, or any?)
    ("How many days are in January 2027?", "How many days are in January 2027 in the UK?"),
    ("How many weekdays are there in January 2027?", "How many weekdays are there in January 2027 if I take 3 days "
                                                     "off?"),
    ("How many days are in this month?", "My rent of 1200 is due on the last day of the month; how many days are in "
                                         "this month?"),
    ("How many days are left in November?", "How many days are left in January?"),  # (asked in November)
])  # fmt: skip
def test_what_is_less_plain_beside_a_months_day_or_count_stays_with_the_model(plain: str, vague: str) -> None:
    assert exact_call(plain, EXACT_TOOLS, NOW) is not None
    assert exact_call(vague, EXACT_TOOLS, NOW) is None


def test_a_months_working_days_in_a_country_stay_the_holidays_tools() -> None:
    assert exact_call("How many working days are in May 2027 in the UK?", EXACT_TOOLS, NOW) == (
        "holidays", {"action": "workdays", "from": "2027-05-01", "to": "2027-05-31", "country": "GB"})
    assert exact_call("How many working days are left in this month in the UK?", EXACT_TOOLS, NOW) == (
        "holidays", {"action": "workdays", "from": "2026-11-22", "to": "2026-11-30", "country": "GB"})
    # February with its year stays the year's answer (it says why: a leap year), a business day in a country the model's
    assert exact_call("How many days are in February 2028?", EXACT_TOOLS, NOW) == (
        "calendar", {"action": "date", "date": "February 2028"})
    assert exact_call("What's the last business day of May 2027 in the UK?", EXACT_TOOLS, NOW) is None


def test_a_weekday_asked_in_the_past_tense_is_the_last_one() -> None:
    # (a year back instead, "What date was Friday?" asked on Sunday 22 November 2026 was 27 November 2025, a Thursday)
    assert exact_call("What date was Friday?", EXACT_TOOLS, NOW) == ("calendar", {"action": "date",
                                                                                "date": "last friday"})
    assert parse_day("last friday", NOW) == date(2026, 11, 20)


# --- a month's Nth weekday, a weekday's count, the day of the year, counts of two units, days since a birth ---------
# Asked on Sunday 6 December 2026 with no tool called, the 1.5B put the third Thursday of November 2027 on "December
# 14, 2027" (the 18th), gave March 2027 4 Mondays (5), made 1 March 2027 the 45th day of the year (the 60th), counted 2
# weeks and 3 days after 20 December 2026 from today (6 January 2027) and worked out the days since 1 January 2000
# year by year until it was cut off (9,836).
SUNDAY = datetime(2026, 12, 6, 13, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(("text", "expected"), [  # today is Sunday 22 November 2026
    ("third thursday of november 2027", date(2027, 11, 18)),
    ("the 3rd Thursday in November 2027", date(2027, 11, 18)),
    ("last friday of january 2027", date(2027, 1, 29)),
    ("the last friday of january", date(2027, 1, 29)),  # no year: the next
    ("first sunday of november", date(2027, 11, 7)),  # (1 November 2026 is past)
    ("fourth sunday of november", date(2026, 11, 22)),  # today: on or after today
    ("first monday of next month", date(2026, 12, 7)),
    ("the last monday of the month", date(2026, 11, 30)),
    ("fifth monday of march 2027", date(2027, 3, 29)),
    ("second-to-last friday of march 2027", date(2027, 3, 19)),
    ("penultimate friday of march 2027", date(2027, 3, 19)),
    ("2 days after the first monday of march 2027", date(2027, 3, 3)),
    ("last sunday of december 9999", date(9999, 12, 26)),
])  # fmt: skip
def test_parse_day_reads_a_months_nth_weekday(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize(("plain", "none", "said"), [  # today is Sunday 22 November 2026
    ("fifth monday of march 2027", "fifth monday of february 2027",
     "February 2027 has no fifth Monday: its Mondays are 1, 8, 15 and 22 February 2027"),
    ("fourth friday of november", "fifth friday of november",  # (this November has not ended: it is the one asked)
     "November 2026 has no fifth Friday: its Fridays are 6, 13, 20 and 27 November 2026"),
])  # fmt: skip
def test_a_month_without_the_weekday_asked_is_a_line_that_says_so_not_a_wrong_day(cal_path: Path, plain: str,
                                                                                  none: str, said: str) -> None:
    parse_day(plain, NOW)
    with pytest.raises(ToolError, match=f"^{said}$"):
        parse_day(none, NOW)
    with pytest.raises(ToolError, match=f"^{said}$"):  # (a model's own call, too)
        call(cal_path, action="date", date=none)


@pytest.mark.parametrize(("plain", "vague"), [
    ("third thursday of november 2027", "third thursday of school"),
    ("fifth monday of march 2027", "sixth monday of march 2027"),
    ("last friday of january 2027", "last friday of january 10000"),
    ("first monday of next month", "first monday of next month 2027"),
    ("2 weeks and 3 days after 20 december 2026", "2 weeks and 3 hours after 20 december 2026"),  # (no day)
    ("2 weeks and 3 days after 20 december 2026", "2 weeks and 3 days after the meeting"),
    ("2 weeks and 3 days after 20 december 2026", "2 days and 3 days after 20 december 2026"),
    ("2 weeks and 3 days ago", "2 weeks and 3 days ago yesterday"),
])  # fmt: skip
def test_an_nth_weekday_or_a_count_of_units_of_no_day_is_no_date(plain: str, vague: str) -> None:
    parse_day(plain, NOW)
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        parse_day(vague, NOW)


@pytest.mark.parametrize(("text", "expected"), [  # today is Sunday 22 November 2026
    ("2 weeks and 3 days after 20 december 2026", date(2027, 1, 6)),  # (the 1.5B counted from today)
    ("2 weeks, 3 days after 20 december 2026", date(2027, 1, 6)),
    ("2 weeks, and 3 days after 20 december 2026", date(2027, 1, 6)),
    ("3 months and 2 weeks from 15 january 2027", date(2027, 4, 29)),
    ("1 year, 2 months and 3 days before 2027-05-10", date(2026, 3, 7)),
    ("a week and a day after christmas", date(2027, 1, 2)),
    ("1 month and 1 day after 31 jan 2027", date(2027, 3, 1)),  # 28 February (its last day), then a day
    ("2 weeks and 3 days ago", date(2026, 11, 5)),
    ("a couple of weeks and a day from now", date(2026, 12, 7)),
    ("in 2 weeks and 3 days", date(2026, 12, 9)),
])  # fmt: skip
def test_parse_day_reads_a_count_of_two_or_more_units(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


def test_the_date_of_an_nth_weekday_says_which_it_is(cal_path: Path) -> None:
    third = call(cal_path, action="date", date="third thursday of november 2027")
    assert third.text == "The third Thursday of November 2027 is Thursday 18 November 2027, in ISO week 46 (in 361 days)."
    assert third.data["date"] == "2027-11-18"
    assert call(cal_path, action="date", date="the 2nd-to-last friday of march 2027").text.startswith(
        "The second-to-last Friday of March 2027 is Friday 19 March 2027, ")
    assert call(cal_path, action="date", date="the last friday of january").text.startswith(
        "The last Friday of January 2027 is Friday 29 January 2027, ")


def test_the_date_says_its_day_of_the_year_when_asked(cal_path: Path) -> None:
    march = call(cal_path, action="date", date="1 March 2027", day_of_year=True)
    # the number first (told "… is a Sunday, the 227th day of the year", the 1.5B answered with the weekday)
    assert march.text == "1 March 2027 is the 60th day of 2027 (a Monday, in ISO week 9; in 99 days)."
    assert march.data["day_of_year"] == 60
    # not asked, as before: the weekday alone is the common question
    assert call(cal_path, action="date", date="1 March 2027").text == "1 March 2027 is a Monday, in ISO week 9 (in 99 " \
                                                                      "days)."
    said = {d: call(cal_path, action="date", date=d, day_of_year=True).text.split(" (")[0].split(" is ")[1]
            for d in ("2027-01-01", "2027-01-02", "2027-01-03", "2027-01-11", "2027-01-21", "2027-04-12", "2028-12-31")}
    assert said == {"2027-01-01": "the 1st day of 2027", "2027-01-02": "the 2nd day of 2027",
                    "2027-01-03": "the 3rd day of 2027", "2027-01-11": "the 11th day of 2027",
                    "2027-01-21": "the 21st day of 2027", "2027-04-12": "the 102nd day of 2027",
                    "2028-12-31": "the 366th day of 2028"}  # (2028 is a leap year)
    assert call(cal_path, action="date", date="last day of february 2028", day_of_year=True).text == \
        "29 February 2028 is the 60th day of 2028 (a Tuesday, in ISO week 9; in 464 days)."


def test_days_counts_a_weekday_and_names_its_dates(cal_path: Path) -> None:
    march = call(cal_path, action="days", weekday="monday", **{"from": "2027-03-01", "to": "2027-03-31"})
    assert march.text == "March 2027 has 5 Mondays: 1, 8, 15, 22 and 29 March 2027."  # (the 1.5B: 4)
    assert march.data == {"from": "2027-03-01", "to": "2027-03-31", "days": 30, "day_of_week": "Monday", "count": 5,
                          "dates": ["2027-03-01", "2027-03-08", "2027-03-15", "2027-03-22", "2027-03-29"]}
    assert call(cal_path, action="days", weekday="Mondays", **{"from": "2027-03-31", "to": "2027-03-01"}).data[
        "count"] == 5  # (either way round)
    assert call(cal_path, action="days", weekday="Sundays", **{"from": "2026-11-22", "to": "2026-11-30"}).text == (
        "From Sunday 22 November 2026 to Monday 30 November 2026, counting both days: 2 Sundays (22 and 29 November "
        "2026).")
    assert call(cal_path, action="days", weekday="fri", **{"from": "2026-11-25", "to": "2026-12-10"}).text.endswith(
        ": 2 Fridays (27 November 2026 and 4 December 2026).")
    assert call(cal_path, action="days", weekday="saturday", **{"from": "2026-11-23", "to": "2026-11-27"}).text.endswith(
        ", counting both days: no Saturdays.")
    many = call(cal_path, action="days", weekday="friday", **{"from": "2000-01-01", "to": "2026-11-22"})
    assert many.text.endswith(": 1,403 Fridays (the first on Friday 7 January 2000, the last on Friday 20 November "
                              "2026).")  # (too many to say one by one)
    assert "dates" not in many.data and many.data["count"] == 1403
    assert call(cal_path, action="days", weekday="monday", **{"from": "9999-12-27", "to": "9999-12-31"}).data[
        "count"] == 1
    with pytest.raises(ToolError, match="^calendar days: weekday must be a day of the week, 'monday' to 'sunday'; got "
                                        "'funday'$"):
        call(cal_path, action="days", weekday="funday", to="2027-03-31")
    properties = ToolRegistry().get("calendar").parameters["properties"]
    assert (properties["weekday"]["type"], properties["day_of_year"]["type"]) == ("string", "boolean")


@pytest.mark.parametrize(("message", "args"), [  # today is Sunday 6 December 2026
    ("What's the date of the third Thursday of November 2027?",
     {"action": "date", "date": "the third thursday of november 2027"}),
    ("When is the last Friday of January 2027?", {"action": "date", "date": "the last friday of january 2027"}),
    ("When is the first Monday of next month?", {"action": "date", "date": "the first monday of next month"}),
    ("What's the 2nd Tuesday of March 2027?", {"action": "date", "date": "the 2nd tuesday of march 2027"}),
    ("What's the third Thursday of November next year?",
     {"action": "date", "date": "the third thursday of november 2027"}),
    ("When was the third Thursday of November?",  # the last one
     {"action": "date", "date": "the third thursday of november 2026"}),
    ("What's the fifth Monday of February 2027?",  # none: the calendar says so
     {"action": "date", "date": "the fifth monday of february 2027"}),
    ("How many Mondays are there in March 2027?",
     {"action": "days", "from": "2027-03-01", "to": "2027-03-31", "weekday": "monday"}),
    ("How many Mondays are in this month?",
     {"action": "days", "from": "2026-12-01", "to": "2026-12-31", "weekday": "monday"}),
    ("How many Sundays does February 2027 have?",
     {"action": "days", "from": "2027-02-01", "to": "2027-02-28", "weekday": "sunday"}),
    ("how many saturdays are there next month",
     {"action": "days", "from": "2027-01-01", "to": "2027-01-31", "weekday": "saturday"}),
    ("How many Fridays are left in this month?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekday": "friday"}),
    ("Which day of the year is 1 March 2027?", {"action": "date", "date": "1 march 2027", "day_of_year": True}),
    ("What day of the year is it today?", {"action": "date", "date": "today", "day_of_year": True}),
    ("What day of the year is it?", {"action": "date", "date": "today", "day_of_year": True}),
    ("What number day of the year is 1 March 2027?", {"action": "date", "date": "1 march 2027", "day_of_year": True}),
    ("What is the day of the year for Christmas 2027?",
     {"action": "date", "date": "christmas 2027", "day_of_year": True}),
    ("What day of the year was 4 July 1776?", {"action": "date", "date": "4 july 1776", "day_of_year": True}),
    ("What date is 2 weeks and 3 days after 20 December 2026?",
     {"action": "date", "date": "2 weeks and 3 days after 20 december 2026"}),
    ("What date is 3 months and 2 weeks from 15 January 2027?",
     {"action": "date", "date": "3 months and 2 weeks from 15 january 2027"}),
    ("What date will it be in 2 weeks and 3 days?", {"action": "date", "date": "in 2 weeks and 3 days"}),
    # asked in the past tense, a day without its year is the last one (it was the next: 19 February 2027)
    ("What was 10 days before 1 March?", {"action": "date", "date": "10 days before 2026-03-01"}),
    ("What was the date 2 weeks after 1 March?", {"action": "date", "date": "2 weeks after 2026-03-01"}),
    ("What was the date of 3 March?", {"action": "date", "date": "2026-03-03"}),
    ("What is 10 days before 1 March?", {"action": "date", "date": "10 days before 1 march"}),  # (the next)
    ("What was 10 days before today?", {"action": "date", "date": "10 days before today"}),
    # where the next one's gives a day already past, that stands; a holiday or a weekday moves, and is the calendar's
    ("What was 10 days before 8 December?", {"action": "date", "date": "10 days before 8 december"}),
    ("What date was 30 days before Christmas?", {"action": "date", "date": "30 days before christmas"}),
    ("What date was 10 days before Easter?", {"action": "date", "date": "10 days before easter"}),
    ("What date was 10 days before Friday?", {"action": "date", "date": "10 days before friday"}),
    ("How many days old is someone born on 1 January 2000?",
     {"action": "days", "from": "2000-01-01", "to": "2026-12-06"}),
    ("How many days old am I if I was born on 3 March 1990?",
     {"action": "days", "from": "1990-03-03", "to": "2026-12-06"}),
    ("How many days have I been alive if I was born on 3 March 1990?",
     {"action": "days", "from": "1990-03-03", "to": "2026-12-06"}),
    ("How many days old is my dad if he was born on 2 February 1961?",  # (the 1.5B: 31)
     {"action": "days", "from": "1961-02-02", "to": "2026-12-06"}),
    ("How many weeks old is a baby born on the 1st of October 2026?",
     {"action": "days", "from": "2026-10-01", "to": "2026-12-06"}),
])  # fmt: skip
def test_a_months_nth_weekday_a_weekdays_count_a_day_of_the_year_and_an_age_go_to_the_calendar(
        message: str, args: dict[str, Any]) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == ("calendar", args)


def test_the_calendar_answers_what_the_15b_got_wrong(cal_path: Path) -> None:
    def answer(message: str) -> ToolResult:
        found = exact_call(message, EXACT_TOOLS, SUNDAY)
        assert found is not None and found[0] == "calendar", found
        return ToolRegistry().call("calendar", found[1], make_ctx(cal_path, now=SUNDAY))

    assert answer("What's the date of the third Thursday of November 2027?").text == (
        "The third Thursday of November 2027 is Thursday 18 November 2027, in ISO week 46 (in 347 days).")
    assert answer("How many Mondays are there in March 2027?").text == \
        "March 2027 has 5 Mondays: 1, 8, 15, 22 and 29 March 2027."
    assert answer("Which day of the year is 1 March 2027?").text == \
        "1 March 2027 is the 60th day of 2027 (a Monday, in ISO week 9; in 85 days)."
    assert answer("What day of the year is it today?").data["day_of_year"] == 340
    assert answer("What date is 2 weeks and 3 days after 20 December 2026?").text == \
        "6 January 2027 is a Wednesday, in ISO week 1 (in 31 days)."
    aged = answer("How many days old is someone born on 1 January 2000?")
    assert aged.data["days"] == 9836
    # no weekdays beside a span of years (told 13953 days and 9966 weekdays, the 1.5B said "You are 9966 days old")
    assert aged.text == "From Saturday 1 January 2000 to Sunday 6 December 2026: 9,836 days (1,405 weeks and 1 day)."
    assert answer("How many Mondays are in this month?").data["dates"] == [
        "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"]
    with pytest.raises(ToolError, match="^February 2027 has no fifth Monday: its Mondays are 1, 8, 15 and 22 "
                                        "February 2027$"):
        answer("What's the fifth Monday of February 2027?")


@pytest.mark.parametrize(("plain", "vague"), [  # today is Sunday 6 December 2026
    ("When is the third Thursday of November 2027?", "When is the third Thursday of November 2027 in the US?"),
    ("What's the last Friday of January 2027?", "What's the last Friday of the sale?"),
    ("When is the first Monday of next month?", "When is the first Monday of the month I was born?"),
    ("What's the third Thursday of November 2027?", "What's the third time this month?"),
    ("How many Mondays are there in March 2027?", "How many Mondays are there in March?"),  # (which March?)
    ("How many Mondays are there in March 2027?", "How many Mondays are there in March 2027 if I take one off?"),
    ("How many Mondays are there in March 2027?", "How many Mondays are there in March 2027 in the UK?"),
    ("How many Mondays are there in March 2027?", "How many Mondays are there in a year?"),  # (which year?)
    ("How many Fridays are left in this month?", "How many Fridays are left in January?"),
    ("How many Fridays are there in this month?", "How many Fridays are there in the year I was born?"),
    ("Which day of the year is 1 March 2027?", "Which day of the year is best for a wedding?"),
    ("What day of the year is 1 March 2027?", "What day of the year is my birthday?"),
    ("What day of the year is 1 March 2027?", "What day of the year is 1 March 2027 in the Chinese calendar?"),
    ("What date is 2 weeks and 3 days after 20 December 2026?", "What date is 2 weeks and 3 days after my birthday?"),
    ("What date is 2 weeks and 3 days after 20 December 2026?",
     "What date is 2 weeks and 3 days after 20 December 2026 if I skip weekends?"),
    ("What date is 2 weeks and 3 days after 20 December 2026?", "What date is 2 weeks and 3 hours after 20 December "
                                                                "2026?"),
    ("How many days old is someone born on 1 January 2000?", "How many days old is someone born on 3 March?"),
    ("How many days old is someone born on 1 January 2000?", "How many days old is someone born on 1 January 2030?"),
    ("How many days old is someone born on 1 January 2000?",
     "How many days old would my son be if he had been born a week early on 1 January 2020?"),
    ("How many days old is someone born on 1 January 2000?",
     "How many days old is someone born on 1 January 2000 in Mars years?"),
    ("How many days old am I if I was born on 3 March 1990?",
     "How many days old am I if I was born on 3 March 1990? My sister is 2 years older."),
])  # fmt: skip
def test_what_is_less_plain_beside_an_nth_weekday_a_count_or_an_age_stays_with_the_model(plain: str,
                                                                                         vague: str) -> None:
    assert exact_call(plain, EXACT_TOOLS, SUNDAY) is not None
    assert exact_call(vague, EXACT_TOOLS, SUNDAY) is None


# Each with the answer the 1.5B gave (or one as wrong) and a right one: the first gets a note, the second none.
@pytest.mark.parametrize(("asked", "wrong", "right"), [
    ("Which day of the year is 1 March 2027?", "1 March 2027 is the 45th day of the year.",
     "It is the 60th day of 2027."),  # (the day asked, not the weekday)
    ("How many Mondays are there in March 2027?", "There are 4 Mondays in March 2027.",
     "Five: the 1st, 8th, 15th, 22nd and 29th."),
    ("How many days old is someone born on 1 January 2000?", "About 9,800 days.", "9,836 days old."),
])  # fmt: skip
def test_an_answer_that_leaves_out_the_day_of_the_year_or_the_count_asked_gets_a_note(tmp_path: Path, asked: str,
                                                                                      wrong: str, right: str) -> None:
    from llorch.chat.conversation import Conversation
    from llorch.chat.events import Notice
    from llorch.config import resolve_paths
    from llorch.engine.fake import FakeBackend
    from llorch.profiles import parse_profile
    from llorch.store.db import Store
    from llorch.tools.calls import ToolBox

    fb = FakeBackend([wrong, wrong, right], name="m")
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["calendar"], "auto": "off"}}, "test", name="general-like")
    with Store.open(tmp_path / "db.sqlite") as store:
        notes = [[e.text for e in Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                                               toolbox=ToolBox(resolve_paths(), now=lambda: SUNDAY)).send(asked)
                  if isinstance(e, Notice)] for _ in (wrong, right)]
    assert [bool(n) for n in notes] == [True, False], notes
    assert notes[0][0].startswith("the answer does not give what the calendar tool worked out exactly: ")


# --- the Nth day of a year, what is left of a year, Friday the 13ths ------------------------------------------------
# Asked on Sunday 6 December 2026 with no tool called, the 1.5B put the 100th day of 2027 on 31 December 2027 (it is
# Saturday 10 April), left 23 days in 2026 (26, counting today) and found no Friday the 13th in 2027 (13 August).


@pytest.mark.parametrize(("text", "expected"), [  # today is Sunday 22 November 2026
    ("the 100th day of 2027", date(2027, 4, 10)),
    ("day 100 of 2027", date(2027, 4, 10)),
    ("the 256th day of the year", date(2026, 9, 13)),  # this year's
    ("100th day of next year", date(2027, 4, 10)),
    ("the 1st day of 2027", date(2027, 1, 1)),
    ("the 366th day of 2028", date(2028, 12, 31)),  # (a leap year)
    ("friday the 13th", date(2027, 8, 13)),  # the soonest on or after today
    ("next friday the 13th", date(2027, 8, 13)),
    ("the last friday the 13th", date(2026, 11, 13)),
    ("friday the thirteenth", date(2027, 8, 13)),
    ("monday the 31st", date(2027, 5, 31)),
])  # fmt: skip
def test_parse_day_reads_a_day_of_a_year_and_a_weekday_on_a_day_of_the_month(text: str, expected: date) -> None:
    assert parse_day(text, NOW) == expected


@pytest.mark.parametrize(("text", "said"), [
    ("the 366th day of 2027", "2027 has 365 days: there is no 366th day of 2027"),
    ("day 0 of 2027", "2027 has 365 days: there is no day 0 of 2027"),
    ("the 367th day of 2028", "2028 has 366 days: there is no 367th day of 2028"),
])  # fmt: skip
def test_a_day_past_the_years_end_is_a_line_that_says_how_many_days_it_has(cal_path: Path, text: str,
                                                                          said: str) -> None:
    with pytest.raises(ToolError, match=f"^{said}$"):
        call(cal_path, action="date", date=text)


@pytest.mark.parametrize("text", ["the 100th day of school", "the 13th day of christmas", "friday the 32nd",
                                  "the 100th day of 10000"])
def test_a_day_of_no_year_or_no_month_is_no_date(text: str) -> None:
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        parse_day(text, NOW)


@pytest.mark.parametrize(("message", "args"), [  # today is Sunday 6 December 2026
    ("What date is the 100th day of 2027?", {"action": "date", "date": "the 100th day of 2027"}),
    ("What's the 100th day of 2027?", {"action": "date", "date": "the 100th day of 2027"}),
    ("What date is day 100 of 2027?", {"action": "date", "date": "day 100 of 2027"}),
    ("When is the 256th day of the year?",
     {"action": "date", "date": "the 256th day of the year", "day_of_year": True}),
    ("What date is the 366th day of 2027?", {"action": "date", "date": "the 366th day of 2027"}),  # (none: said so)
    ("How many days are left in 2026?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many days remain in this year?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many days left until the end of the year?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many weeks are left in 2026?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many weekdays are left in the year?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekdays": True, "inclusive": True}),
    ("How many days until the end of 2027?",
     {"action": "days", "from": "2026-12-06", "to": "2027-12-31", "inclusive": True}),
    ("How many days are left in the month?",  # (still the month's)
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many days until the end of the month?",  # (as of the year: a fresh eval's)
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "inclusive": True}),
    ("How many weekdays are left until the end of this month?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekdays": True, "inclusive": True}),
    ("How many Friday the 13ths are there in 2027?",
     {"action": "days", "from": "2027-01-01", "to": "2027-12-31", "weekday": "friday", "day_of_month": 13}),
    ("How many Fridays the 13th does 2026 have?",
     {"action": "days", "from": "2026-01-01", "to": "2026-12-31", "weekday": "friday", "day_of_month": 13}),
    ("Is there a Friday the 13th in March 2027?",
     {"action": "days", "from": "2027-03-01", "to": "2027-03-31", "weekday": "friday", "day_of_month": 13}),
    ("Are there any Friday the 13ths this year?",
     {"action": "days", "from": "2026-01-01", "to": "2026-12-31", "weekday": "friday", "day_of_month": 13}),
    ("When is the next Friday the 13th?", {"action": "date", "date": "the next friday the 13th"}),
    ("When was the last Friday the 13th?", {"action": "date", "date": "the last friday the 13th"}),
])  # fmt: skip
def test_a_day_of_a_year_what_is_left_of_it_and_friday_the_13ths_go_to_the_calendar(message: str,
                                                                                    args: dict[str, Any]) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == ("calendar", args)


def test_the_calendar_answers_the_day_of_a_year_what_is_left_of_it_and_friday_the_13ths(cal_path: Path) -> None:
    def answer(message: str) -> ToolResult:
        found = exact_call(message, EXACT_TOOLS, SUNDAY)
        assert found is not None and found[0] == "calendar", found
        return ToolRegistry().call("calendar", found[1], make_ctx(cal_path, now=SUNDAY))

    hundredth = answer("What date is the 100th day of 2027?")  # (the 1.5B: 31 December 2027)
    assert hundredth.text == "The 100th day of 2027 is Saturday 10 April 2027, in ISO week 14 (in 125 days)."
    assert (hundredth.data["date"], hundredth.data["day_of_year"]) == ("2027-04-10", 100)
    # today counted, and said so, as what is left of a month is (the 1.5B: 23)
    assert answer("How many days are left in 2026?").text == ("From Sunday 6 December 2026 to Thursday 31 December "
                                                             "2026, counting both days: 26 days (3 weeks and 5 days).")
    thirteenths = answer("How many Friday the 13ths are there in 2027?")  # (the 1.5B: none)
    assert thirteenths.text == "2027 has 1 Friday the 13th: 13 August 2027."
    assert thirteenths.data == {"from": "2027-01-01", "to": "2027-12-31", "days": 364, "day_of_week": "Friday",
                                "day_of_month": 13, "count": 1, "dates": ["2027-08-13"]}
    assert answer("How many Fridays the 13th does 2026 have?").text == \
        "2026 has 3 Fridays the 13th: 13 February 2026, 13 March 2026 and 13 November 2026."
    assert answer("Is there a Friday the 13th in March 2027?").text == "March 2027 has no Friday the 13th."
    assert answer("When is the next Friday the 13th?").text == \
        "The next Friday the 13th is Friday 13 August 2027, in ISO week 32 (in 250 days)."
    assert answer("When was the last Friday the 13th?").text.startswith(
        "The last Friday the 13th was Friday 13 November 2026, ")
    with pytest.raises(ToolError, match="^2027 has 365 days: there is no 366th day of 2027$"):
        answer("What date is the 366th day of 2027?")
    ranged = call(cal_path, action="days", weekday="friday", day_of_month=13,
                  **{"from": "2026-11-22", "to": "2028-12-31"})
    assert ranged.text == ("From Sunday 22 November 2026 to Sunday 31 December 2028, counting both days: 2 Fridays the "
                           "13th (13 August 2027 and 13 October 2028).")
    with pytest.raises(ToolError, match="day_of_month"):
        call(cal_path, action="days", weekday="friday", day_of_month=32, to="2027-03-31")


@pytest.mark.parametrize(("plain", "vague"), [  # today is Sunday 6 December 2026
    ("What date is the 100th day of 2027?", "What date is the 100th day of school?"),
    ("What's the 100th day of 2027?", "What's the 13th day of Christmas?"),
    ("When is the next Friday the 13th?", "Is Friday the 13th unlucky?"),
    ("How many Friday the 13ths are there in 2027?", "How many Friday the 13ths are there in my lifetime?"),
    ("Is there a Friday the 13th in March 2027?", "Is there a Friday the 13th in March?"),  # (which March?)
    ("How many days are left in 2026?", "How many days are left in 2027?"),  # (all of it: the model's)
    ("How many days are left in this year?", "How many days are left in my budget?"),
    ("How many days until the end of the year?", "How many days until the end of the semester?"),
])  # fmt: skip
def test_what_is_less_plain_beside_a_day_of_a_year_or_a_friday_the_13th_stays_with_the_model(plain: str,
                                                                                            vague: str) -> None:
    assert exact_call(plain, EXACT_TOOLS, SUNDAY) is not None
    assert exact_call(vague, EXACT_TOOLS, SUNDAY) is None
