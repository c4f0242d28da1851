"""A trip across time zones: the local time it lands, or when to leave to land on time (arrivals.py, the clock's
`after` and `before`)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.errors import ToolError
from llorch.tools.arrivals import arrival_asked, trip_minutes
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)  # Saturday; winter in the north, summer in Sydney
REAL = ("My flight leaves Tokyo at 11:00 on 10 March 2027 and lands in San Francisco 9 hours 30 minutes later. "
        "What's the local time in San Francisco when I land?")


def clock(tmp_path: Path, args: dict[str, Any]) -> ToolResult:
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: NOW)
    return ToolRegistry().call("clock", args, ctx)


def landing(leave: datetime, minutes: int, zone: str) -> datetime:
    """What zoneinfo says: the length added in UTC, read where it lands."""
    return (leave.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))


def test_the_real_question_lands_at_half_past_three_pst_the_same_day(tmp_path: Path) -> None:
    # (the 1.5B said 10:30 am; 11:00 JST is 02:00 UTC, 11:30 UTC is 03:30 PST: US summer time starts 14 March 2027)
    args = {"at": "11:00", "from": "Tokyo", "place": "San Francisco", "after": "9 hours 30 minutes",
            "date": "10 March 2027"}
    assert arrival_asked(REAL) == args
    assert exact_call(REAL, EXACT_TOOLS, NOW) == ("clock", args)
    result = clock(tmp_path, args)
    assert result.text == (
        "Leaving Tokyo at 11:00 (11:00 am) local time on Wednesday 10 March 2027 (JST, UTC+09:00), after 9 hours 30 "
        "minutes you arrive in San Francisco at 03:30 (3:30 am) local time on Wednesday 10 March 2027 (PST, "
        "UTC-08:00): the same day by the local dates. (That is 11:30 UTC, and 20:30 in Tokyo.)")
    lands = landing(datetime(2027, 3, 10, 11, 0, tzinfo=ZoneInfo("Asia/Tokyo")), 570, "America/Los_Angeles")
    assert (lands.isoformat(), lands.tzname()) == ("2027-03-10T03:30:00-08:00", "PST")
    assert result.data == {
        "leave": "2027-03-10T11:00:00+09:00", "arrive": lands.isoformat(), "from": "Tokyo", "place": "San Francisco",
        "minutes": 570, "time": "03:30", "date": "2027-03-10", "zone": "America/Los_Angeles", "abbreviation": "PST",
        "utc_offset": "-08:00", "days": 0}


def test_summer_time_starting_on_the_day_moves_the_landing_an_hour(tmp_path: Path) -> None:
    # New York's clocks go forward on 14 March 2027: the same flight lands at 13:00 EST a week before, 14:00 EDT on it
    for day, said in (("7 March 2027", "13:00 (1:00 pm) local time on Sunday 7 March 2027 (EST, UTC-05:00)"),
                      ("14 March 2027", "14:00 (2:00 pm) local time on Sunday 14 March 2027 (EDT, UTC-04:00)")):
        message = f"My flight leaves London at 10:00 on {day} and lands in New York 8 hours later. What time do I land?"
        args = arrival_asked(message)
        assert args == {"at": "10:00", "from": "London", "place": "New York", "after": "8 hours", "date": day}
        assert f"you arrive in New York at {said}: the same day" in clock(tmp_path, args).text


def test_the_clocks_changing_during_the_trip_are_counted_in_utc(tmp_path: Path) -> None:
    # 00:30 PDT is 07:30 UTC; 5 hours on is 12:30 UTC, 07:30 EST (both went back on the way). Added on Los Angeles's
    # wall clock (05:30 PST) it would be 08:30 EST.
    result = clock(tmp_path, {"at": "00:30", "from": "Los Angeles", "place": "New York", "after": "5 hours",
                              "date": "7 November 2027"})
    lands = landing(datetime(2027, 11, 7, 0, 30, tzinfo=ZoneInfo("America/Los_Angeles")), 300, "America/New_York")
    assert f"{lands:%H:%M} {lands.tzname()}" == "07:30 EST"
    assert "arrive in New York at 07:30 (7:30 am) local time on Sunday 7 November 2027 (EST, UTC-05:00)" in result.text
    assert "(PDT, UTC-07:00)" in result.text  # (it left on summer time)


@pytest.mark.parametrize(("message", "args", "lands"), [
    # over the date line: it lands the day before it left, by the dates there
    ("My flight leaves Sydney at 6 am on 1 March 2027 and arrives in Los Angeles after 12 hours. What time is it "
     "there when I land?", {"at": "6 am", "from": "Sydney", "place": "Los Angeles", "after": "12 hours",
                            "date": "1 March 2027"},
     "Los Angeles at 23:00 (11:00 pm) local time on Sunday 28 February 2027 (PST, UTC-08:00): the previous day"),
    ("We depart Auckland at 10:00 on 20 January 2027, and the flight to Honolulu takes 8 hours 45 minutes. What time "
     "will it be in Honolulu when we land?", {"at": "10:00", "from": "Auckland", "place": "Honolulu",
                                               "after": "8 hours 45 minutes", "date": "20 January 2027"},
     "Honolulu at 19:45 (7:45 pm) local time on Tuesday 19 January 2027 (HST, UTC-10:00): the previous day"),
    ("My flight departs from London at 23:15 on 5 December 2026 and takes 9.5 hours to reach Tokyo. What's the local "
     "time when I arrive?", {"at": "23:15", "from": "London", "place": "Tokyo", "after": "9.5 hours",
                             "date": "5 December 2026"},
     "Tokyo at 17:45 (5:45 pm) local time on Sunday 6 December 2026 (JST, UTC+09:00): the next day"),
])  # fmt: skip
def test_a_change_of_date_is_said(tmp_path: Path, message: str, args: dict[str, str], lands: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("clock", args)
    assert f"you arrive in {lands} by the local dates." in clock(tmp_path, args).text


@pytest.mark.parametrize(("message", "at", "length"), [
    ("I leave Tokyo at 11 am; the flight to San Francisco takes 9h30. What time do I land?", "11 am", "9h30"),
    ("My flight leaves Tokyo at 11:00 and lands in San Francisco after 9 hours and 30 minutes. What time do I land, "
     "local time?", "11:00", "9 hours and 30 minutes"),
    ("My flight to San Francisco leaves Tokyo at 11:00 and takes 9.5 hours. When do I arrive?", "11:00", "9.5 hours"),
    ("If my flight leaves Tokyo at 11:00 and lands in San Francisco 9 hrs 30 mins later, what time do I land, San "
     "Francisco time?", "11:00", "9 hrs 30 mins"),
    ("My flight from Tokyo to San Francisco leaves at 11:00 and takes 9:30 h. What's my arrival time?", "11:00",
     "9:30 h"),
    ("My flight leaves Tokyo at 11:00 local time and lands in San Francisco 570 minutes later. What time will it be "
     "there when I land?", "11:00", "570 minutes"),
])  # fmt: skip
def test_times_and_lengths_as_people_write_them(tmp_path: Path, message: str, at: str, length: str) -> None:
    args = arrival_asked(message)
    assert args == {"at": at, "from": "Tokyo", "place": "San Francisco", "after": length}
    result = clock(tmp_path, args)
    # no date: today in Tokyo (5 December 2026), and the answer says so
    assert "San Francisco at 03:30 (3:30 am) local time on Saturday 5 December 2026 (PST, UTC-08:00)" in result.text
    assert result.text.endswith("No date was given: this is today's in Tokyo; on another day summer time may move "
                                "it an hour.")
    assert result.data["minutes"] == 570


@pytest.mark.parametrize(("length", "minutes"), [
    ("9h30", 570), ("9 hours 30 minutes", 570), ("9 hours and 30 minutes", 570), ("9.5 hours", 570),
    ("9:30 h", 570), ("90 min", 90), ("13h", 780)])
def test_trip_lengths(length: str, minutes: int) -> None:
    assert trip_minutes(length) == minutes


@pytest.mark.parametrize("length", ["0 hours", "9", "nine hours", "9:30", "-2 hours", "9 hours + 1 hour", "800 hours"])
def test_no_trip_length(length: str) -> None:
    with pytest.raises(ToolError):
        trip_minutes(length)


def test_when_to_leave_to_land_on_time(tmp_path: Path) -> None:
    message = ("I need to arrive in London at 9:00; the flight from New York takes 7 hours; when must I leave, "
               "New York time?")
    args = {"at": "9:00", "from": "London", "place": "New York", "before": "7 hours"}
    assert exact_call(message, EXACT_TOOLS, NOW) == ("clock", args)
    result = clock(tmp_path, args)
    assert result.text == (
        "To arrive in London at 09:00 (9:00 am) local time on Saturday 5 December 2026 (GMT, UTC+00:00) after 7 "
        "hours, leave New York at 21:00 (9:00 pm) local time on Friday 4 December 2026 (EST, UTC-05:00): the day "
        "before by the local dates. (That is 02:00 UTC, and 02:00 in London.) No date was given: this is today's in "
        "London; on another day summer time may move it an hour.")
    assert (result.data["time"], result.data["date"], result.data["days"]) == ("21:00", "2026-12-04", -1)
    told_first = ("The flight from New York to London takes 7 hours and I need to be in London by 9am on 20 January "
                  "2027. When should I leave?")
    assert arrival_asked(told_first) == {"at": "9am", "from": "London", "place": "New York", "before": "7 hours",
                                         "date": "20 January 2027"}
    semicolons = ("I need to arrive in London at 9:00 on 1 March 2027; the flight from New York takes 7 hours; when "
                  "must I leave?")  # (a year before a semicolon is the day's)
    assert arrival_asked(semicolons) == {"at": "9:00", "from": "London", "place": "New York", "before": "7 hours",
                                         "date": "1 March 2027"}
    tomorrow = ("I need to be in London by 9am tomorrow. The flight from New York takes 7 hours. What time should I "
                "leave New York?")
    args = {"at": "9am", "from": "London", "place": "New York", "before": "7 hours", "date": "tomorrow"}
    assert exact_call(tomorrow, EXACT_TOOLS, NOW) == ("clock", args)
    assert "leave New York at 21:00 (9:00 pm) local time on Saturday 5 December 2026 (EST, UTC-05:00): the day before" \
        in clock(tmp_path, args).text


@pytest.mark.parametrize("message", [
    "My flight leaves Tokyo at 11:00 and lands in Narnia 9 hours later. What time is it there when I land?",  # no place
    "My flight leaves Tokyo at 11:00 and lands in San Francisco. What's the local time when I land?",  # no length
    # two lengths
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 9 hours later; the flight takes 10 hours. What time "
    "do I land?",
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 9 hours 30 minutes later after a 2 hour layover. What "
    "time do I land?",
    "My flight leaves Tokyo at 11:00 and lands in the US 9 hours later. What time is it there when I land?",  # 4 zones
    # a date said with the landing, not the time given; two dates
    "My flight leaves Tokyo at 11:00 and lands in San Francisco on 10 March 2027 after 9 hours. What time do I land?",
    "My flight leaves Tokyo at 11:00 on 10 March 2027 and lands in San Francisco 9 hours later on 10 March 2027. "
    "What time do I land?",
    "My flight leaves Tokyo at 25:00 and lands in San Francisco 9 hours later. What time do I land?",  # no time of day
    "My flight leaves Tokyo at 11 and lands in San Francisco 9 hours later. What time do I land?",  # a bare hour
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 0 hours later. What time do I land?",
    # another place asked than the one it lands in
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 9 hours later. What time is it in London when I land?",
    # no place it leaves (the clock it leaves by is not said)
    "If I leave at 14:40 and the flight takes 3 hours, when do I land in Tokyo?",
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 9 hours later. How long is the flight?",
    "My flight leaves Tokyo at 11:00 and lands in San Francisco 9 hours later. What time is it in Tokyo now?",
    "I need to arrive in London at 9:00 and the flight from New York takes 7 hours. How much is the ticket?",
])
def test_declined(message: str) -> None:
    assert arrival_asked(message) is None
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is None or found[0] != "clock" or "after" not in found[1] and "before" not in found[1]


def test_readers_take_no_time_on_long_or_spaced_messages() -> None:
    for message in (" " * 400, "My flight leaves Tokyo at 11:00 and lands in " + "a " * 2_500,
                    "My flight leaves Tokyo at 11:00" + " " * 400 + "and lands in San Francisco 9 hours later?",
                    "x" * 5_000, "My flight leaves Tokyo at 11:00" + ", and" * 60):
        started = time.perf_counter()
        assert arrival_asked(message) is None
        assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize(("args", "wrong"), [
    ({"at": "11:00", "from": "Tokyo", "place": "San Francisco", "after": "9 hours", "before": "9 hours"}, "not both"),
    ({"from": "Tokyo", "place": "San Francisco", "after": "9 hours"}, "needs at"),
    ({"at": "11:00", "place": "San Francisco", "after": "9 hours"}, "needs from"),
    ({"at": "11:00", "from": "Tokyo", "place": "the US", "after": "9 hours"}, "several time zones"),
    ({"at": "11:00", "from": "Tokyo", "place": "San Francisco", "after": "soon"}, "no trip length"),
    # 02:30 on 14 March 2027 is skipped in New York: the clocks go from 02:00 to 03:00
    ({"at": "2:30", "from": "New York", "place": "London", "after": "7 hours", "date": "14 March 2027"},
     "clocks go forward"),
])  # fmt: skip
def test_the_tool_refuses_what_is_no_trip(tmp_path: Path, args: dict[str, str], wrong: str) -> None:
    with pytest.raises(ToolError, match=wrong):
        clock(tmp_path, args)


def test_an_iso_start_with_its_own_offset_is_read_where_it_leaves(tmp_path: Path) -> None:
    result = clock(tmp_path, {"at": "2027-03-10T02:00:00Z", "from": "Tokyo", "place": "San Francisco",
                              "after": "9.5 hours"})
    assert result.text.startswith("Leaving Tokyo at 11:00 (11:00 am) local time on Wednesday 10 March 2027")
    assert result.data["time"] == "03:30" and "No date was given" not in result.text


def test_a_time_the_clocks_go_back_over_is_refused_with_both_readings(tmp_path: Path) -> None:
    # 1:30 on 7 November 2027 happens twice in New York: 05:30 UTC (EDT) and an hour later (EST); read silently as the
    # first, the landing could be an hour out
    message = ("My flight leaves New York at 1:30 on 7 November 2027 and lands in Chicago 2 hours later. What time do "
               "I land?")
    args = {"at": "1:30", "from": "New York", "place": "Chicago", "after": "2 hours", "date": "7 November 2027"}
    assert exact_call(message, EXACT_TOOLS, NOW) == ("clock", args)
    with pytest.raises(ToolError) as refused:
        clock(tmp_path, args)
    assert str(refused.value) == (
        "clock: 01:30 on Sunday 7 November 2027 happens twice in New York (the clocks go back): say EDT (UTC-04:00) or "
        "EST (UTC-05:00), as at=2027-11-07T01:30-04:00 or 2027-11-07T01:30-05:00")
    with pytest.raises(ToolError, match="happens twice in London"):  # (when to leave: the landing's time too)
        clock(tmp_path, {"at": "1:30", "from": "London", "place": "New York", "before": "7 hours",
                         "date": "31 October 2027"})
    # either reading, as the refusal says it; the hours either side are one time each (what zoneinfo says)
    new_york = ZoneInfo("America/New_York")
    for at, leaves in (("2027-11-07T01:30-04:00", datetime(2027, 11, 7, 5, 30, tzinfo=timezone.utc)),
                       ("2027-11-07T01:30-05:00", datetime(2027, 11, 7, 6, 30, tzinfo=timezone.utc)),
                       ("0:30", datetime(2027, 11, 7, 0, 30, tzinfo=new_york)),
                       ("2:30", datetime(2027, 11, 7, 2, 30, tzinfo=new_york))):
        day = {} if at.startswith("2027") else {"date": "7 November 2027"}
        result = clock(tmp_path, {"at": at, "from": "New York", "place": "Chicago", "after": "2 hours", **day})
        lands = landing(leaves, 120, "America/Chicago")
        assert (result.data["time"], result.data["abbreviation"]) == (f"{lands:%H:%M}", lands.tzname())
    assert [clock(tmp_path, {"at": at, "from": "New York", "place": "Chicago", "after": "2 hours"}).data["time"]
            for at in ("2027-11-07T01:30-04:00", "2027-11-07T01:30-05:00")] == ["01:30", "02:30"]


def test_a_trip_past_the_year_9999_is_a_one_line_error(tmp_path: Path) -> None:
    message = ("My flight leaves Tokyo at 23:00 on 31 December 9999 and lands in Paris 12 hours later. What time do I "
               "land?")
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "clock"
    for args in (found[1], {"at": "0001-01-01T00:30", "from": "Tokyo", "place": "London", "before": "7 hours"},
                 {"at": "9999-12-31T20:30", "from": "London", "place": "Tokyo", "after": "1 hour"}):
        with pytest.raises(ToolError) as refused:
            clock(tmp_path, args)
        assert str(refused.value) == ("clock: that trip starts or ends outside the years 1 to 9999, which llorch "
                                      "cannot date")
    early = clock(tmp_path, {**found[1], "at": "11:00"})  # (it lands within the year)
    assert "arrive in Paris at 15:00 (3:00 pm) local time on Friday 31 December 9999 (CET" in early.text


@pytest.mark.parametrize(("answer", "noted"), [
    ("You land at 3:30 am.", False),
    ("03:30 PST on Wednesday 10 March 2027", False),
    ("3:30 a.m. local time, the same day", False),
    ("Leaving Tokyo at 11:00 on 10 March 2027, you land in San Francisco at 3:30 am PST.", False),
    ("You land at 3:30 am on 11 March.", True),  # a day out (it passed: the day was not checked)
    ("You land at 3:30 AM on March 11.", True),
    ("On Thursday 11 March you land at 03:30.", True),
    ("You land at 3:30 am, the next day.", True),
    ("You land at 3:30 pm.", True),
    ("You land at 10:30 am.", True),  # the 1.5B's
])
def test_an_answer_must_give_the_landing_on_its_day(tmp_path: Path, answer: str, noted: bool) -> None:
    found = exact_call(REAL, EXACT_TOOLS, NOW)
    assert found is not None
    result = clock(tmp_path, found[1])
    assert (fault(answer, expected("clock", result.data, REAL), "clock", result.text) is not None) == noted


@pytest.mark.parametrize(("answer", "noted"), [
    ("Leave at 9 pm New York time.", False),
    ("21:00 the day before", False),
    ("Leave New York at 9:00 pm on 4 December.", False),
    ("To land in London at 9:00 am on 5 December, leave New York at 21:00 on 4 December.", False),
    ("Leave at 9:00 am.", True),  # (it passed: a bare 9:00, the question's own, was a form of 21:00)
    ("Leave New York at 9:00.", True),
    ("Leave at 9:00 in the morning.", True),
    ("Leave at 21:00 on 5 December.", True),
    ("Leave at 9 pm the next day.", True),
])
def test_an_answer_must_give_when_to_leave_as_it_reads(tmp_path: Path, answer: str, noted: bool) -> None:
    message = ("I need to arrive in London at 9:00; the flight from New York takes 7 hours; when must I leave, "
               "New York time?")
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is not None
    result = clock(tmp_path, found[1])
    assert result.data["time"] == "21:00"
    assert (fault(answer, expected("clock", result.data, message), "clock", result.text) is not None) == noted
