"""The clock's Unix time of a date and time, and of now (llorch/tools/unixtime.py), the questions that ask it
(clockquestions.py's unix_of_asked) and what an answer must give of it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.clockquestions import unix_asked, unix_of_asked
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NEW_YEAR_2027 = int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp())
BERLIN_NOW = datetime(2026, 12, 5, 14, 4, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # Saturday, 13:04:30 UTC
NOW = datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)


def unix(now: datetime = BERLIN_NOW, **args: Any) -> ToolResult:
    return ToolRegistry().call("clock", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: now))


def test_the_unix_time_of_a_moment_in_utc() -> None:
    """The 1.5B wrote a shell and Python how-to and no number."""
    assert NEW_YEAR_2027 == 1798761600
    done = unix(unix="2027-01-01T00:00:00Z")
    assert done.text == (f"00:00:00 UTC on Friday 1 January 2027 is Unix time {NEW_YEAR_2027} "
                         f"({NEW_YEAR_2027 * 1000} ms).")
    assert done.data == {"unix": NEW_YEAR_2027, "ms": NEW_YEAR_2027 * 1000, "utc": "2027-01-01T00:00:00+00:00",
                         "zone": "UTC", "local": "2027-01-01T00:00:00+00:00"}
    for said in ("1 January 2027 midnight UTC", "midnight UTC on 1 January 2027", "2027-01-01 00:00 GMT",
                 "2027-01-01T09:00:00+09:00", "1 Jan 2027 00:00:00 (UTC)", "1 January 2027 9am UTC+9",
                 "31 December 2026 19:00 GMT-05:00"):
        assert unix(unix=said).data["unix"] == NEW_YEAR_2027, said
    assert unix(unix="2027-03-15 12:30 UTC").data["unix"] == int(datetime(2027, 3, 15, 12, 30,
                                                                          tzinfo=timezone.utc).timestamp())
    assert unix(unix="1 Jan 2027 12:30:45 UTC").data["unix"] == NEW_YEAR_2027 + 12 * 3600 + 30 * 60 + 45  # (seconds)


def test_a_moment_without_a_zone_is_read_in_the_place_asked_about_or_here_and_says_which() -> None:
    tokyo = unix(unix="1 January 2027 midnight", place="Tokyo")
    assert tokyo.data["unix"] == int(datetime(2027, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo")).timestamp())
    assert tokyo.data["unix"] == NEW_YEAR_2027 - 9 * 3600
    assert tokyo.text.startswith("00:00:00 in Tokyo (Asia/Tokyo, UTC+09:00) on Friday 1 January 2027 is Unix time "
                                 f"{NEW_YEAR_2027 - 9 * 3600}")
    assert tokyo.text.endswith("that is 15:00:00 UTC on Thursday 31 December 2026.")
    assert tokyo.data["zone"] == "Asia/Tokyo"
    # here: summer time on the day named, not now's offset; the reading in UTC said beside it
    here = unix(unix="1 July 2026 09:00")
    assert here.data["unix"] == int(datetime(2026, 7, 1, 7, tzinfo=timezone.utc).timestamp())
    assert "here (Europe/Berlin, UTC+02:00)" in here.text and "No time zone was named" in here.text
    assert here.data["utc_reading"] == int(datetime(2026, 7, 1, 9, tzinfo=timezone.utc).timestamp())
    assert "utc_reading" not in tokyo.data
    # a date with no time of day: its midnight, said
    christmas = unix(unix="2026-12-25")
    assert christmas.data["unix"] == int(datetime(2026, 12, 25, tzinfo=ZoneInfo("Europe/Berlin")).timestamp())
    assert "read as its midnight" in christmas.text
    assert unix(unix="2026-12-25", place="UTC").text == (
        "00:00:00 UTC on Friday 25 December 2026 is Unix time 1798156800 (1798156800000 ms). The date gave no time "
        "of day: it is read as its midnight.")


def test_now_is_the_clocks_now() -> None:
    done = unix(unix="now")
    assert done.data["unix"] == int(BERLIN_NOW.timestamp())
    assert done.text == (f"Now, 13:04:30 UTC on Saturday 5 December 2026, is Unix time {int(BERLIN_NOW.timestamp())} "
                         f"({int(BERLIN_NOW.timestamp()) * 1000} ms).")
    assert unix(NOW, unix="now", place="Tokyo").data["unix"] == int(NOW.timestamp())  # (the same everywhere)


def test_a_moment_not_read_is_told_of_place_only_when_it_ends_in_what_may_be_a_zone() -> None:
    with pytest.raises(ToolError) as err:  # (it said "name a zone other than UTC in place" of any words)
        unix(unix="my last login")
    assert "place" not in str(err.value) and str(err.value).endswith("tomorrow 3pm or next monday")


@pytest.mark.parametrize(("args", "said"), [
    ({"unix": "1 January 10000"}, "years 1 to 9999"),
    ({"unix": "0001-01-01", "place": "Tokyo"}, "years 1 to 9999"),  # (the year 0 in UTC)
    ({"unix": "9999-12-31 23:00", "place": "Honolulu"}, "years 1 to 9999"),
    ({"unix": "1700000000"}, "give timestamp"),
    ({"unix": "1 July 2026 9am UTC+15"}, "no offset from UTC"),
    ({"unix": "1 July 2026 9am EST"}, "in place"),  # (a zone other than UTC is place's, not read past)
    ({"unix": "my last login"}, "not a date"),
    ({"unix": "1 July 2026 9am in Lisbon"}, "in place"),
    ({"unix": "31 February 2027"}, "not a date"),
    ({"unix": "2027-01-01", "timestamp": 1700000000}, "not both"),
    ({"unix": "2027-01-01", "at": "9am"}, "without at"),
    ({"unix": "2027-01-01", "place": "Narnia"}, "no time zone"),
    ({"unix": "1 January 1 UTC"}, "ISO date"),  # (the date reader made it 2001: a year of two digits is not guessed)
    ({"unix": "1 January 99 UTC"}, "ISO date"),
    ({"unix": "Jan 1, 99 12:00"}, "ISO date"),
    ({"unix": "1 January 2027 12:30:99 UTC"}, "0 to 59"),  # (it said "outside the years 1 to 9999")
    ({"unix": "1 January 2027 12:30:60 UTC"}, "0 to 59"),
    ({"unix": "8 March 2026 02:30", "place": "New York"}, "02:30 does not exist in New York"),  # (clocks forward)
])
def test_what_is_no_moment_is_a_one_line_error(args: dict[str, Any], said: str) -> None:
    with pytest.raises(ToolError, match="clock") as err:
        unix(**args)
    assert said in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(("message", "args"), [
    ("What's the unix timestamp for midnight UTC on 1 January 2027?", {"unix": "midnight UTC on 1 January 2027"}),
    ("What is the Unix time of 2027-01-01T00:00:00Z?", {"unix": "2027-01-01T00:00:00Z"}),
    ("Convert 2027-03-15 12:30 UTC to a unix timestamp", {"unix": "2027-03-15 12:30 UTC"}),
    ("What's the epoch time for 1 July 2026 at 09:00 UTC?", {"unix": "1 July 2026 at 09:00 UTC"}),
    ("Unix timestamp of 2026-12-25?", {"unix": "2026-12-25"}),
    ("What is 2027-01-01 in unix time?", {"unix": "2027-01-01"}),
    ("What is the unix timestamp for 1 January 2024?", {"unix": "1 January 2024"}),
    ("Unix time for midnight on 1 January 2027 in Tokyo?", {"unix": "midnight on 1 January 2027", "place": "Tokyo"}),
    ("unix timestamp for 9am 1 July 2026 (New York time)", {"unix": "9am 1 July 2026", "place": "New York"}),
    ("epoch time for 1 July 2026 09:00 in UTC", {"unix": "1 July 2026 09:00 UTC"}),
    ("What's the current unix time?", {"unix": "now"}),
    ("What is the unix timestamp now?", {"unix": "now"}),
    ("current epoch time", {"unix": "now"}),
    ("What's the unix time?", {"unix": "now"}),
    ("What unix time is it right now?", {"unix": "now"}),
])
def test_a_question_of_the_unix_time_of_a_moment_goes_to_the_clock(message: str, args: dict[str, str]) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("clock", args)
    assert unix_asked(message) is None  # (not read as a Unix time's date)


@pytest.mark.parametrize("message", [
    "What's a unix timestamp?", "How do I get the unix time in bash?", "What's the unix timestamp of my last login?",
    "What is unix time?", "What is 1700000000 in unix time?", "Unix timestamp for 1 January 2027 in Narnia?",
    "What is the unix time of the moon landing?", "Convert 2027-01-01 to a unix timestamp and explain the 2038 problem",
    "current unix time in " + "x" * 160,
])
def test_other_questions_about_unix_time_stay_with_the_model(message: str) -> None:
    assert unix_of_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) is None


@pytest.mark.parametrize(("message", "stamp"), [
    ("What date is unix timestamp 1700000000?", 1700000000), ("convert epoch 1700000000 to a date", 1700000000),
    ("What is the unix timestamp 1700000000 as a UTC date?", 1700000000), ("What is unix time 1700000000?", 1700000000),
    ("convert 1700000000 unix timestamp to date", 1700000000), ("What day of the week was unix time 0?", 0),
    ("1700000000 seconds since the epoch", 1700000000),
])
def test_a_unix_times_date_is_still_asked_of_the_timestamp(message: str, stamp: int) -> None:
    assert unix_of_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) == ("clock", {"timestamp": stamp})


@pytest.mark.parametrize(("message", "wrong", "right"), [
    ("What's the unix timestamp for midnight UTC on 1 January 2027?",  # the 1.5B's: a how-to, no number
     "You can get it in a shell with `date -u -d '2027-01-01 00:00:00' +%s`, or in Python with "
     "`int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp())`.", f"It is {NEW_YEAR_2027}."),
    ("What is the Unix time of 2027-01-01T00:00:00Z?", f"It is {NEW_YEAR_2027 + 2}.", f"It is {NEW_YEAR_2027:,}."),
    ("What is the Unix time of 2027-01-01T00:00:00Z in milliseconds?", f"It is {NEW_YEAR_2027 * 1000 + 5000} ms.",
     f"It is {NEW_YEAR_2027 * 1000} ms."),
])
def test_an_answer_gives_the_unix_time_every_digit(message: str, wrong: str, right: str) -> None:
    from llorch.chat.answercheck import expected, fault

    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is not None
    done = ToolRegistry().call(*found, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))
    want = expected("clock", done.data, message)
    assert fault(wrong, want, "clock", done.text) is not None
    assert fault(right, want, "clock", done.text) is None


def test_an_answer_with_no_zone_named_may_give_either_reading() -> None:
    from llorch.chat.answercheck import expected, fault

    done = unix(unix="2026-12-25")
    want = expected("clock", done.data, "Unix timestamp of 2026-12-25?")
    here, in_utc = done.data["unix"], done.data["utc_reading"]
    assert fault(f"It is {here}.", want, "clock", done.text) is None
    assert fault(f"In UTC it is {in_utc}.", want, "clock", done.text) is None
    assert fault(f"It is {here - 1}.", want, "clock", done.text) is not None


def test_a_year_before_100_in_words_is_that_year() -> None:
    """The date reader widened "0001" to 2001 and "0099" to 1999; the ISO date was right."""
    year_one = int(datetime(1, 1, 1, tzinfo=timezone.utc).timestamp())
    assert year_one == -62135596800
    assert unix(unix="0001-01-01T00:00:00Z").data["unix"] == year_one
    for said in ("1 January 0001 UTC", "January 1, 0001 UTC", "1st of January 0001 UTC"):
        assert unix(unix=said).data["unix"] == year_one, said
    assert unix(unix="1 Jan 0099 12:00 UTC").data["unix"] == int(datetime(99, 1, 1, 12, tzinfo=timezone.utc)
                                                                 .timestamp())
    assert unix(unix="29 February 0004 UTC").data["utc"] == "0004-02-29T00:00:00+00:00"  # (a leap year then too)
    assert "here (Europe/Berlin, UTC+00:53:28)" in unix(unix="1 Jan 0099 12:00").text  # (Berlin's mean time then)
    # an hour after a day and month is no year
    assert unix(unix="1 January 9am UTC").data["utc"] == "2027-01-01T09:00:00+00:00"
    assert unix(unix="1 January 2027 9:00 UTC").data["unix"] == NEW_YEAR_2027 + 9 * 3600


def test_an_offset_after_a_space_is_the_moments_own() -> None:
    """It was labelled "here (UTC+02:00)", with a reading in UTC the answer check then accepted."""
    done = unix(unix="2027-01-01 12:30:45 +02:00")
    assert done.data["unix"] == NEW_YEAR_2027 + 10 * 3600 + 30 * 60 + 45
    assert done.text.startswith("12:30:45 at UTC+02:00 on Friday 1 January 2027 is Unix time")
    assert "No time zone" not in done.text and "utc_reading" not in done.data and done.data["zone"] == "UTC+02:00"
    zulu = unix(unix="2027-01-01 00:00 Z")
    assert zulu.text.startswith("00:00:00 UTC on") and zulu.data["unix"] == NEW_YEAR_2027
    assert "utc_reading" not in unix(unix="2027-01-01 07:00 -0500").data


def test_a_fraction_of_a_second_is_read() -> None:
    """It was dropped into "'1 January 2027 12:30.5'", not a date."""
    done = unix(unix="1 January 2027 12:30:45.5 UTC")
    assert done.data["unix"] == NEW_YEAR_2027 + 45045 and done.data["ms"] == (NEW_YEAR_2027 + 45045) * 1000 + 500


NEW_YORK_NOW = datetime(2026, 12, 5, 8, 4, 30, tzinfo=ZoneInfo("America/New_York"))
FALL_BACK = int(datetime(2026, 11, 1, 5, 30, tzinfo=timezone.utc).timestamp())  # 01:30 EDT; 01:30 EST is an hour on


@pytest.fixture
def new_york_here() -> Iterator[None]:
    """The system's zone is New York's, as the real clock's (a fixed offset: datetime reads local time itself)."""
    if not hasattr(time, "tzset"):
        pytest.skip("no time.tzset here")
    was = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if was is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = was
    time.tzset()


@pytest.mark.parametrize("ask", ["place", "here", "system"])
def test_a_local_time_the_clocks_skip_or_repeat_is_said_so(ask: str, request: pytest.FixtureRequest) -> None:
    """02:30 on 8 March 2026 in New York was read as 03:30 EDT, and 01:30 on 1 November only as its first coming."""
    if ask == "system":
        request.getfixturevalue("new_york_here")
    now = NEW_YORK_NOW.astimezone() if ask == "system" else NEW_YORK_NOW
    args = {"place": "New York"} if ask == "place" else {}
    there = "in New York" if ask == "place" else "here"
    with pytest.raises(ToolError, match=f"02:30 does not exist {there} on Sunday 8 March 2026 "
                                        r"\(the clocks went forward\)") as err:
        unix(now, unix="8 March 2026 02:30", **args)
    assert "\n" not in str(err.value)
    twice = unix(now, unix="1 November 2026 01:30", **args)
    assert twice.data["unix"] == FALL_BACK and twice.data["second_unix"] == FALL_BACK + 3600
    assert (f"01:30:00 comes twice {there} that day (the clocks went back): the second time, at UTC-05:00, is Unix "
            f"time {FALL_BACK + 3600}.") in twice.text
    assert "second_unix" not in unix(now, unix="1 November 2026 02:30", **args).data
