"""The clock tool: the time now, here or in a place, and the messages that plainly ask it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.clock import _PLACES, ClockTool, time_of_day, time_to_second, zones_for
from llorch.tools.clockquestions import format_asked, time_asked, time_converted, unix_asked

NOW = datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)  # Saturday, 13:04 UTC


def clock(**args: Any) -> str:
    return ClockTool().run(args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW)).text


def test_the_time_here_and_in_a_place_with_its_date_and_offset() -> None:
    assert clock() == "Your local time is 13:04 (1:04 pm) on Saturday 5 December 2026 (UTC+00:00)."
    assert clock(place="Tokyo") == "In Tokyo it is 22:04 (10:04 pm) on Saturday 5 December 2026 (Asia/Tokyo, UTC+09:00)."
    # Past midnight there: the date is Sydney's own (a summer offset, +11)
    assert clock(place="sydney") == "In sydney it is 00:04 (12:04 am) on Sunday 6 December 2026 (Australia/Sydney, UTC+11:00)."
    assert clock(place="Mumbai").startswith("In Mumbai it is 18:34 (6:34 pm)")  # half an hour off the hour
    assert clock(place="PST").startswith("In PST it is 05:04 (5:04 am) on Saturday 5 December 2026 (America/Los_Angeles")


def test_a_country_with_several_zones_gets_its_main_ones() -> None:
    assert clock(place="the US").splitlines() == [
        "the US has several time zones; in the main ones it is:",
        "- New York: 08:04 (8:04 am) on Saturday 5 December 2026 (UTC-05:00)",
        "- Chicago: 07:04 (7:04 am) on Saturday 5 December 2026 (UTC-06:00)",
        "- Denver: 06:04 (6:04 am) on Saturday 5 December 2026 (UTC-07:00)",
        "- Los Angeles: 05:04 (5:04 am) on Saturday 5 December 2026 (UTC-08:00)",
    ]


@pytest.mark.parametrize(("place", "zones"), [
    ("New York", ("America/New_York",)), ("new_york", ("America/New_York",)), ("São Paulo", ("America/Sao_Paulo",)),
    ("Buenos Aires", ("America/Argentina/Buenos_Aires",)), ("Europe/Paris", ("Europe/Paris",)), ("utc", ("UTC",)),
    ("Singapore", ("Asia/Singapore",)),  # the city, not the old link named Singapore
    ("Japan", ("Asia/Tokyo",)), ("the Netherlands", ("Europe/Amsterdam",)), ("Beijing", ("Asia/Shanghai",)),
    ("San Francisco", ("America/Los_Angeles",)), ("Kiev", ("Europe/Kyiv",)),
])
def test_places_people_name_are_zones(place: str, zones: tuple[str, ...]) -> None:
    assert zones_for(place) == zones


def test_every_named_place_is_a_zone_this_machine_knows() -> None:
    for place, zones in _PLACES.items():
        for zone in zones:
            ZoneInfo(zone)  # raises ZoneInfoNotFoundError for a name tzdata does not have
        assert zones_for(place) == zones


@pytest.mark.parametrize("place", ["Atlantis", "there", "x" * 61, "", "the south", "East"])  # no compass-word cities
def test_a_place_without_a_zone_is_a_one_line_error(place: str) -> None:
    with pytest.raises(ToolError, match="clock: ") as err:
        zones_for(place)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(("message", "args"), [
    ("What time is it?", {}), ("what's the time", {}), ("Do you know what time it is?", {}),
    ("Can you tell me the time please?", {}), ("What time is it at the moment?", {}), ("time?", {}),
    ("What is the time in New York?", {"place": "New York"}), ("what time is it in Tokyo right now?", {"place": "Tokyo"}),
    ("Current time in Paris", {"place": "Paris"}), ("What is the time now in Sydney, please?", {"place": "Sydney"}),
    ("what time is it in the U.S.?", {"place": "the U.S"}), ("What time is it in Europe/Berlin?", {"place": "Europe/Berlin"}),
])
def test_messages_that_plainly_ask_the_time(message: str, args: dict[str, str]) -> None:
    assert time_asked(message) == args


@pytest.mark.parametrize("message", [
    "What time does the store close?", "What time is the meeting?", "what time is it there?",
    "What time is it in Atlantis?", "What time is it in Tokyo when it is 3pm in London?",
    "Write a story that starts: what time is it?", "what time is it?\nAnd in Paris?", "What time is it " + "x" * 120,
])
def test_other_messages_about_time_stay_with_the_model(message: str) -> None:
    assert time_asked(message) is None


def test_a_unix_time_is_read_in_utc_and_here_with_the_summer_offset_it_had() -> None:
    """The 1.5B read 1700000000 as "December 5, 2026" (it is 14 November 2023)."""
    berlin = ToolContext(data_dir=Path("/nonexistent"),
                         now=lambda: datetime(2026, 12, 5, 14, 4, tzinfo=ZoneInfo("Europe/Berlin")))
    run = ClockTool().run
    assert run({"timestamp": 1700000000}, berlin).text == (
        "Unix time 1700000000 is 22:13:20 UTC on Tuesday 14 November 2023; here that is 23:13:20 on Tuesday 14 "
        "November 2023 (UTC+01:00).")
    assert run({"timestamp": 1720000000}, berlin).text.endswith("here that is 11:46:40 on Wednesday 3 July 2024 "
                                                                "(UTC+02:00).")  # summer time then, not now's +01:00
    assert run({"timestamp": 1700000000123, "place": "Tokyo"}, berlin).text == (
        "Unix time 1700000000123 ms is 22:13:20 UTC on Tuesday 14 November 2023; in Tokyo that is 07:13:20 on "
        "Wednesday 15 November 2023 (UTC+09:00).")  # 13 digits: milliseconds
    assert run({"timestamp": 0}, berlin).data["utc"] == "1970-01-01T00:00:00+00:00"
    with pytest.raises(ToolError, match="past the year 9999"):
        run({"timestamp": 10**15}, berlin)


@pytest.mark.parametrize(("text", "stamp"), [
    ("What date is unix timestamp 1700000000?", 1700000000),
    ("convert epoch 1700000000 to a date", 1700000000),
    ("What time was unix time 1234567890?", 1234567890),
    ("Convert the unix timestamp 1609459200 to human readable", 1609459200),
    ("What's the date for timestamp 1700000000123?", 1700000000123),
    ("epoch 1700000000", 1700000000),
    ("convert 1700000000123 milliseconds since the epoch to a date", 1700000000123),
])
def test_a_question_of_a_unix_time_is_read_from_the_message(text: str, stamp: int) -> None:
    assert unix_asked(text) == {"timestamp": stamp}


@pytest.mark.parametrize(("text", "asked"), [
    # (no tool ran for the first; the 1.5B said "December 6, 2026, at midnight UTC": it is 14 November 2023)
    ("What is the unix timestamp 1700000000 as a UTC date?", {"timestamp": 1700000000}),
    ("What date and time is the Unix timestamp 1700000000 (in UTC)?", {"timestamp": 1700000000}),
    ("What date and time is the Unix timestamp 1700000000 in UTC?", {"timestamp": 1700000000}),
    ("unix time 1700000000 as a date", {"timestamp": 1700000000}),
    ("What is unix time 1700000000?", {"timestamp": 1700000000}),
    ("What is the unix epoch 1700000000?", {"timestamp": 1700000000}),
    ("What date is 1700000000 seconds since the epoch?", {"timestamp": 1700000000}),
    ("1700000000 seconds since the epoch", {"timestamp": 1700000000}),
    ("timestamp 1700000000 to human readable", {"timestamp": 1700000000}),
    ("timestamp 1700000000 to a date", {"timestamp": 1700000000}),
    ("timestamp 1700000000 in UTC", {"timestamp": 1700000000}),
    ("timestamp 1700000000 in local time", {"timestamp": 1700000000}),
    ("When was unix time 1234567890?", {"timestamp": 1234567890}),
    ("Which day is epoch 1700000000?", {"timestamp": 1700000000}),
    ("What day of the week was unix time 0?", {"timestamp": 0}),
    ("What date does unix time 1700000000 correspond to?", {"timestamp": 1700000000}),
    ("convert 1700000000 unix timestamp to date", {"timestamp": 1700000000}),
    ("Can you convert epoch 1700000000 to UTC please?", {"timestamp": 1700000000}),
    ("What's epoch 1700000000 in Tokyo?", {"timestamp": 1700000000, "place": "Tokyo"}),
    ("Convert unix time 1700000000 to New York time", {"timestamp": 1700000000, "place": "New York"}),
    # the 1.5B: "December 7, 1948, at 00:00:00 UTC" (it is 1 January 2026: the clock reads 13 digits as ms)
    ("What's the epoch time 1767225600000 in milliseconds as a UTC date?", {"timestamp": 1767225600000}),
    ("What is unix time 1700000000 in seconds as a date?", {"timestamp": 1700000000}),
])
def test_a_unix_time_asked_in_other_words_is_read_too(text: str, asked: dict[str, object]) -> None:
    assert unix_asked(text) == asked


@pytest.mark.parametrize("text", [
    "What is the unix timestamp 1767225600 in milliseconds?",  # a conversion, not a date (it was read as one)
    "unix time 86400000 in ms as a date",  # ms the clock would read as seconds: 27 September 1972, not 2 January 1970
    "What date is 86400000 ms since the epoch?",
])
def test_a_unix_time_in_milliseconds_the_clock_would_misread_stays_the_models(text: str) -> None:
    assert unix_asked(text) is None


@pytest.mark.parametrize("text", ["Convert 1700000000 to a date", "What date is 1700000000?",
                                  "What is the timestamp 99999999999999?", "What is a unix timestamp?",
                                  "Convert epoch 1700000000 to a date and explain the 2038 problem.",
                                  "What is 1700000000 in unix time?",  # may ask for a date's Unix time
                                  "What is the timestamp 1700000000?",  # a timestamp of what?
                                  "How do I get the unix timestamp in bash?", "What's the current unix time?",
                                  "What is the unix timestamp for 1 January 2024?",
                                  "How many days ago was unix time 1700000000?",
                                  "unix timestamp 1700000000 minus 1699990000",
                                  "What date is unix time 1700000000 in Narnia?"])
def test_other_messages_about_numbers_and_time_stay_with_the_model(text: str) -> None:
    assert unix_asked(text) is None


def test_a_time_somewhere_is_converted_with_each_places_own_offset_that_day() -> None:
    """The 1.5B got 4 of 4 wrong: 3pm EST "12:00 AM BST in London", 14:00 UTC "7:00 PM" in India (19:30)."""
    berlin = ToolContext(data_dir=Path("/nonexistent"),
                         now=lambda: datetime(2026, 12, 5, 14, 4, tzinfo=ZoneInfo("Europe/Berlin")))
    run = ClockTool().run
    assert run({"at": "3pm", "from": "EST", "place": "London"}, berlin).text == (
        "15:00 (3:00 pm) in EST on Saturday 5 December 2026 (UTC-05:00) is 20:00 (8:00 pm) in London (UTC+00:00), "
        "the same day. London is 5 hours ahead of EST then.")
    assert run({"at": "14:00", "from": "UTC", "place": "India"}, berlin).data["time"] == "19:30"
    assert run({"at": "11pm", "from": "London", "place": "Tokyo"}, berlin).text.endswith(
        "is 08:00 (8:00 am) in Tokyo (UTC+09:00), the next day (Sunday 6 December 2026). Tokyo is 9 hours ahead of "
        "London then.")
    assert run({"at": "2024-03-10T14:30:00Z", "place": "Tokyo"}, berlin).text == (
        "14:30 (2:30 pm) UTC on Sunday 10 March 2024 (UTC+00:00) is 23:30 (11:30 pm) in Tokyo (UTC+09:00), the same "
        "day. Tokyo is 9 hours ahead of UTC then.")  # an ISO time's own offset
    assert run({"at": "2026-07-01 09:00", "from": "New York", "place": "Berlin"}, berlin).text.endswith(
        "(UTC-04:00) is 15:00 (3:00 pm) in Berlin (UTC+02:00), the same day. Berlin is 6 hours ahead of New York "
        "then.")  # both on summer time that day
    assert run({"at": "noon", "place": "Tokyo"}, berlin).text.startswith(
        "12:00 (12:00 pm) here on Saturday 5 December 2026 (UTC+01:00) is 20:00 (8:00 pm) in Tokyo")
    several = run({"at": "3pm", "from": "UTC", "place": "USA"}, berlin).text
    assert several.startswith("15:00 (3:00 pm) in UTC on Saturday 5 December 2026 is, in USA's main time zones: New "
                              "York 10:00 (10:00 am) (UTC-05:00); Chicago 09:00")
    # how far ahead a place is, said (told UTC+00:00 and UTC+09:00, the 1.5B said Tokyo was 10 hours ahead), now or
    # at a time: it changes with summer time
    now = run({"at": "now", "from": "London", "place": "Tokyo"}, berlin)
    assert now.text == ("13:04 (1:04 pm) in London on Saturday 5 December 2026 (UTC+00:00) is 22:04 (10:04 pm) in Tokyo "
                        "(UTC+09:00), the same day. Tokyo is 9 hours ahead of London then.")
    assert now.data["hours_ahead"] == 9
    assert run({"at": "2026-07-01 12:00", "from": "Berlin", "place": "London"}, berlin).text.endswith(
        "London is 1 hour behind Berlin then.")
    assert run({"at": "noon", "from": "India", "place": "London"}, berlin).text.endswith(
        "London is 5.5 hours behind India then.")
    with pytest.raises(ToolError, match="'25:00' is no time of day"):
        run({"at": "25:00", "place": "Tokyo"}, berlin)
    with pytest.raises(ToolError, match="'teatime' is no time llorch reads"):
        run({"at": "teatime", "place": "Tokyo"}, berlin)


@pytest.mark.parametrize(("text", "args"), [
    ("What time is 3pm EST in London?", {"at": "3pm", "from": "EST", "place": "London"}),
    ("Convert 2024-03-10T14:30:00Z to Tokyo time", {"at": "2024-03-10T14:30:00Z", "place": "Tokyo"}),
    ("If it's 9am in San Francisco, what time is it in Berlin?", {"at": "9am", "from": "San Francisco",
                                                                  "place": "Berlin"}),
    # the other way round (the 1.5B: 12:00 PM in Tokyo for 9am in London in December; it is 6pm)
    ("What time is it in Tokyo when it's 9am in London?", {"at": "9am", "from": "London", "place": "Tokyo"}),
    ("What time will it be in London when it is 3pm in Los Angeles?", {"at": "3pm", "from": "Los Angeles",
                                                                         "place": "London"}),
    ("What's the time in Paris if it's 14:00 in Chicago?", {"at": "14:00", "from": "Chicago", "place": "Paris"}),
    ("What is 14:00 UTC in India?", {"at": "14:00", "from": "UTC", "place": "India"}),
    ("What's 3pm in Tokyo?", {"at": "3pm", "place": "Tokyo"}),  # from here
    ("What is 5pm Sydney time in LA?", {"at": "5pm", "from": "Sydney", "place": "LA"}),
    ("What time is 8am in New York in Tokyo?", {"at": "8am", "from": "New York", "place": "Tokyo"}),
    ("what is the time difference between Sydney and Berlin?", {"at": "now", "from": "Sydney", "place": "Berlin"}),
    ("How many hours ahead of New York is Paris?", {"at": "now", "from": "New York", "place": "Paris"}),
    # today said, or told first (the 1.5B: 8 PM in Berlin for 3 PM in New York in June; it is 9 PM)
    ("If it is 3 PM in New York today, what time is it in Berlin?", {"at": "3 PM", "from": "New York",
                                                                     "place": "Berlin"}),
    ("It is 3 PM in New York. What time is it in Berlin?", {"at": "3 PM", "from": "New York", "place": "Berlin"}),
    ("It's 9am in London right now, so what time is it in Tokyo?", {"at": "9am", "from": "London", "place": "Tokyo"}),
    ("What time is it in Tokyo when it's 9am in London today?", {"at": "9am", "from": "London", "place": "Tokyo"}),
    ("3 PM in New York is what time in Berlin?", {"at": "3 PM", "from": "New York", "place": "Berlin"}),
    ("It is 3 PM in New York tomorrow, what time is it in Berlin?", {"at": "3 PM", "from": "New York",
                                                                     "place": "Berlin", "date": "tomorrow"}),
])
def test_a_question_of_a_time_elsewhere_is_read_from_the_message(text: str, args: dict[str, str]) -> None:
    assert time_converted(text) == args


@pytest.mark.parametrize(("text", "at", "said"), [
    # the 1.5B: "12:45 in 12-hour format is 12:45" (12:45 pm)
    ("What's 12:45 in 12-hour format?", "12:45", "12:45 on a 24-hour clock is 12:45 pm on a 12-hour clock."),
    ("What is 18:30 in 12-hour format?", "18:30", "18:30 on a 24-hour clock is 6:30 pm on a 12-hour clock."),
    ("Convert 00:05 to 12-hour time", "00:05", "00:05 on a 24-hour clock is 12:05 am on a 12-hour clock."),
    ("What is 7:15 pm in 24-hour time?", "7:15 pm", "7:15 pm on a 12-hour clock is 19:15 on a 24-hour clock."),
    ("What is noon in 24-hour format?", "noon", "Noon on a 12-hour clock is 12:00 on a 24-hour clock."),
    ("What is 1900 in standard time?", "19:00", "19:00 on a 24-hour clock is 7:00 pm on a 12-hour clock."),
    ("What is 1900 in 12-hour format?", "19:00", "19:00 on a 24-hour clock is 7:00 pm on a 12-hour clock."),
])
def test_a_time_of_day_on_the_other_clock(text: str, at: str, said: str) -> None:
    assert format_asked(text) == {"at": at}
    assert clock(at=at) == said


@pytest.mark.parametrize("text", [
    "What is 25:00 in 12-hour format?",  # no time of day
    "What is 18:30 in 12-hour format in Tokyo?",  # and a place: not plain
    "What is 1900 in 24-hour format?",  # four digits on a 24-hour clock already: a year, maybe
    "Why do some countries use 24-hour time?",
])
def test_other_clock_questions_stay_the_models(text: str) -> None:
    assert format_asked(text) is None


@pytest.mark.parametrize("text", [
    "What is 3 in Paris?",  # no time of day: a bare number
    "What is 15 in hex?",
    "Convert 10:00 to binary",  # no place
    "What time is 3pm EST in Narnia?",
    "What time is it in Tokyo when it's lunchtime in London?",  # no time of day
    "What time is it in Tokyo when it's 9am on my laptop?",
    "What's the time difference between my laptop and the server?",
    "It is 3 PM in Narnia. What time is it in Berlin?",
])
def test_other_questions_with_times_stay_with_the_model(text: str) -> None:
    assert time_converted(text) is None


def test_a_time_to_the_second_is_read_with_colons_and_a_time_of_day_keeps_to_minutes() -> None:
    assert time_to_second("10:15:30") == (10, 15, 30)
    assert time_to_second("10:15:30 pm") == (22, 15, 30)
    assert time_to_second("3pm") == (15, 0, None)
    assert time_to_second("10.15.30") is None  # (dots: a date, maybe)
    with pytest.raises(ValueError):
        time_to_second("10:15:75")
    assert time_of_day("10:15:30") is None and time_of_day("25:15:30") is None  # (as before: no seconds here)
    assert time_of_day("9:30 a.m.") == (9, 30)


# --- a time converted on a day: summer time moves it ----------------------------------------------

def test_a_time_converted_on_a_day_takes_that_days_offsets() -> None:
    """9am in London is 18:00 in Tokyo in January and 17:00 in July (London on summer time); asked the first, the
    1.5B said 6 PM with "(noon)" beside it."""
    run = ClockTool().run
    ctx = ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW)
    winter = run({"at": "9am", "from": "London", "place": "Tokyo", "date": "10 January 2027"}, ctx)
    assert winter.text == ("09:00 (9:00 am) in London on Sunday 10 January 2027 (UTC+00:00) is 18:00 (6:00 pm) in "
                           "Tokyo (UTC+09:00), the same day. Tokyo is 9 hours ahead of London then.")
    assert (winter.data["time"], winter.data["date"], winter.data["at"]) == ("18:00", "2027-01-10",
                                                                            "2027-01-10T09:00:00+00:00")
    summer = run({"at": "9am", "from": "London", "place": "Tokyo", "date": "10 July 2027"}, ctx)
    assert summer.text == ("09:00 (9:00 am) in London on Saturday 10 July 2027 (UTC+01:00) is 17:00 (5:00 pm) in "
                           "Tokyo (UTC+09:00), the same day. Tokyo is 8 hours ahead of London then.")
    assert (summer.data["time"], summer.data["hours_ahead"]) == ("17:00", 8)
    # the day is where the time is given: in Sydney's winter, London's day before
    assert run({"at": "08:30", "from": "Sydney", "place": "London", "date": "1 July 2027"}, ctx).text == (
        "08:30 (8:30 am) in Sydney on Thursday 1 July 2027 (UTC+10:00) is 23:30 (11:30 pm) in London (UTC+01:00), "
        "the day before (Wednesday 30 June 2027). London is 9 hours behind Sydney then.")
    assert run({"at": "3pm", "from": "New York", "place": "Berlin", "date": "2027-07-10"}, ctx).data["time"] == "21:00"
    # tomorrow where the time is given: at 23:30 UTC on Saturday it is already Sunday in Tokyo
    late = ToolContext(data_dir=Path("/nonexistent"), now=lambda: datetime(2026, 12, 5, 23, 30, tzinfo=timezone.utc))
    assert run({"at": "9am", "from": "Tokyo", "place": "London", "date": "tomorrow"}, late).text.startswith(
        "09:00 (9:00 am) in Tokyo on Monday 7 December 2026 (UTC+09:00) is 00:00 (12:00 am) in London")


@pytest.mark.parametrize(("args", "error"), [
    ({"place": "Tokyo", "date": "10 July 2027"}, "date is the day a time `at` is on"),  # no time to convert
    ({"at": "now", "from": "London", "place": "Tokyo", "date": "10 July 2027"}, "at='now' says its own day"),
    ({"at": "2027-07-10T09:00", "place": "Tokyo", "date": "10 July 2027"}, "says its own day"),
    ({"at": "9am", "from": "London", "place": "Tokyo", "date": "10 July 2027 3pm"}, "give the time in at"),
    ({"at": "9am", "from": "London", "place": "Tokyo", "date": "someday"}, "clock: date: 'someday' is not a date"),
    ({"at": "9am", "from": "London", "place": "Tokyo", "date": "Monday 10 January 2027"},
     "10 January 2027 is a Sunday, not a Monday"),
    ({"at": "9am", "date": "10 July 2027"}, "give a place with it"),  # (no conversion: the other clock's)
])
def test_a_date_that_is_no_day_for_the_time_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        clock(**args)


@pytest.mark.parametrize(("text", "args", "time"), [
    ("What time is it in Tokyo when it's 9am in London on 10 January 2027?",
     {"at": "9am", "from": "London", "place": "Tokyo", "date": "10 January 2027"}, "18:00"),
    ("What time is it in Tokyo when it's 9am in London on 10 July 2027?",
     {"at": "9am", "from": "London", "place": "Tokyo", "date": "10 July 2027"}, "17:00"),
    ("When it is 08:30 in Sydney what time is it in London on 1 July 2027?",
     {"at": "08:30", "from": "Sydney", "place": "London", "date": "1 July 2027"}, "23:30"),
    ("If it's 3pm in New York on 10 July 2027, what time is it in Berlin?",
     {"at": "3pm", "from": "New York", "place": "Berlin", "date": "10 July 2027"}, "21:00"),
    ("On 10 July 2027, when it's 9am in London, what time is it in Tokyo?",
     {"at": "9am", "from": "London", "place": "Tokyo", "date": "10 July 2027"}, "17:00"),
    ("What time is 3pm EST in London on the 1st of July 2027?",
     {"at": "3pm", "from": "EST", "place": "London", "date": "1st of July 2027"}, "20:00"),  # (New York's summer)
    ("What time is it in Tokyo when it's 9am in London tomorrow?",
     {"at": "9am", "from": "London", "place": "Tokyo", "date": "tomorrow"}, "18:00"),
    # with no day, today's, as before
    ("If it's 3pm in New York, what time is it in Berlin?", {"at": "3pm", "from": "New York", "place": "Berlin"},
     "21:00"),
])  # fmt: skip
def test_a_time_elsewhere_on_a_day_goes_to_the_clock_with_its_day(text: str, args: dict[str, str],
                                                                   time: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert exact_call(text, EXACT_TOOLS, NOW) == ("clock", args)
    assert ClockTool().run(args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW)).data["time"] == time


@pytest.mark.parametrize("text", [
    "What time is it in Tokyo when it's 9am in London on 31 February 2027?",  # no such day
    "What time is it in Tokyo when it's 9am in London on Monday 10 January 2027?",  # a Sunday
    "What time is it in Tokyo when it's 9am in London on my birthday?",
    "What time is it in Tokyo when it's 9am in London on 10 January 2027 or 10 July 2027?",  # two days
    "What's the time difference between London and Tokyo on 1 July 2027?",  # at what time of that day?
    "Convert 2024-03-10T14:30:00Z to Tokyo time on 1 July 2027",  # a day twice
    "What time is it in Tokyo on 10 July 2027?",  # no time given anywhere
])
def test_a_time_elsewhere_on_no_plain_day_stays_with_the_model(text: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert time_converted(text) is None
    assert exact_call(text, EXACT_TOOLS, NOW) is None
