"""One duration said in parts (the timespan tool's `split` and `parts`, durationparts.py): a number of seconds,
minutes, hours or days in days, hours, minutes and seconds, and the plain questions that go to it. The 1.5B said
1,000,000 seconds was 11 days 11 hours 36 minutes (11 days, 13 hours, 46 minutes and 40 seconds)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)


def run(**args: Any) -> str:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"))).text


def data(**args: Any) -> Any:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"))).data


@pytest.mark.parametrize(("message", "args", "said"), [
    # the question the 1.5B got wrong, and the ways it is asked
    ("How long is 1,000,000 seconds in days, hours and minutes?",
     {"split": "1,000,000 seconds", "parts": "days, hours, minutes"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds (40 seconds left over after the whole "
     "minutes)."),
    ("Convert 1,000,000 seconds to days, hours and minutes",
     {"split": "1,000,000 seconds", "parts": "days, hours, minutes"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds (40 seconds left over after the whole "
     "minutes)."),
    ("How many days, hours and minutes is 1,000,000 seconds?",
     {"split": "1,000,000 seconds", "parts": "days, hours, minutes"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds (40 seconds left over after the whole "
     "minutes)."),
    # no units asked: days, hours, minutes and seconds
    ("How long is 1,000,000 seconds?", {"split": "1,000,000 seconds"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds."),
    ("What is 1,000,000 seconds in days, hours, minutes and seconds?",
     {"split": "1,000,000 seconds", "parts": "days, hours, minutes, seconds"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds."),
    # no days asked: all of it in the largest unit asked
    ("Convert 100000 seconds into hours and minutes", {"split": "100000 seconds", "parts": "hours, minutes"},
     "100,000 seconds is 27 hours, 46 minutes and 40 seconds (40 seconds left over after the whole minutes)."),
    ("How many hours and minutes is 500 minutes?", {"split": "500 minutes", "parts": "hours, minutes"},
     "500 minutes is 8 hours and 20 minutes."),
    ("What is 90061 seconds in d h m s?", {"split": "90061 seconds", "parts": "days, hours, minutes, seconds"},
     "90,061 seconds is 1 day, 1 hour, 1 minute and 1 second."),
    # every unit asked is said, a 0 too
    ("Express 3.5 days in hours and minutes", {"split": "3.5 days", "parts": "hours, minutes"},
     "3.5 days is 84 hours and 0 minutes."),
    ("How many hours and minutes is 2.5 hours?", {"split": "2.5 hours", "parts": "hours, minutes"},
     "2.5 hours is 2 hours and 30 minutes."),
    ("How many weeks and days are there in 100 days?", {"split": "100 days", "parts": "weeks, days"},
     "100 days is 14 weeks and 2 days."),
    ("Please convert 1,000,000 seconds into days, hours, minutes, and seconds.",
     {"split": "1,000,000 seconds", "parts": "days, hours, minutes, seconds"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds."),
    ("Can you express 100000 seconds in hours/minutes/seconds?",
     {"split": "100000 seconds", "parts": "hours, minutes, seconds"},
     "100,000 seconds is 27 hours, 46 minutes and 40 seconds."),
    ("1,000,000 seconds in days, hours and minutes?", {"split": "1,000,000 seconds", "parts": "days, hours, minutes"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds (40 seconds left over after the whole "
     "minutes)."),
    ("How long is 3.5 days?", {"split": "3.5 days"}, "3.5 days is 3 days and 12 hours."),
    ("How long is 150 minutes?", {"split": "150 minutes"}, "150 minutes is 2 hours and 30 minutes."),
])  # fmt: skip
def test_a_duration_asked_in_parts_goes_to_timespan_and_is_said_in_each(message: str, args: dict[str, str],
                                                                        said: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)
    assert run(**args) == said


@pytest.mark.parametrize("message", [
    "How many years, months and days is 1,000 days?",  # a month's and a year's length varies
    "How many months and days is 100 days?",
    "Convert 5 years to days and hours",
    "Convert 1,000,000 seconds to days, hours and minutes if I sleep 8 hours a day",  # words beyond the question
    "How many days, hours and minutes is 1,000,000 seconds if I sleep 8 hours a day?",
    "Convert 1,000 seconds and 500 seconds to hours and minutes",  # two numbers
    "How many hours and minutes is 500 minutes plus 20 minutes?",
    "Convert 2 hours 15 minutes to minutes and seconds",
    "How many hours and minutes is 500 minutes after 9:00?",  # a time of day
    "What is 1,000,000 seconds after 9am in days, hours and minutes?",
    "What is 1,000,000 seconds in days, hours, minutes and seconds from now?",
    "Convert -500 seconds to hours and minutes",  # negative, nothing, or absurd
    "How many hours and minutes is 0 minutes?",
    "Convert 10000000000000000 seconds to days and hours",
    "How many hours and hours is 500 minutes?",  # a unit named twice
    "Convert 500 m to hours and minutes",  # metres, maybe
    "How long is 45 minutes?",  # its parts would say no more than the number did
    "How long is 2 days?",
    "How long is 7 weeks?",
    "What is 1,000,000 seconds?",
    "How long is 1,000,000 seconds in days?",  # one unit
])  # fmt: skip
def test_what_is_not_plainly_one_duration_in_parts_is_not_split(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is None or "split" not in found[1]


def test_one_unit_stays_the_units_tools() -> None:
    # (the units tool says it as a decimal, which is what one unit asks)
    assert exact_call("What is 1,000,000 seconds in days?", EXACT_TOOLS, NOW) == (
        "units", {"value": 1_000_000.0, "from": "seconds", "to": "days"})
    assert exact_call("How many hours is 150 minutes?", EXACT_TOOLS, NOW) == (
        "units", {"value": 150.0, "from": "minutes", "to": "hours"})


def test_a_long_message_is_read_quickly() -> None:
    # (the patterns must not backtrack far on a message that nearly fits)
    for message in ("Convert 1,000,000 seconds to " + "days, hours " * 2_000 + "?",
                    "How many " + "d h " * 5_000 + "is 5 seconds?x", "1" * 20_000,
                    "How long is " + "1,000" * 4_000 + " seconds?", "1,000,000 seconds in " + "d " * 10_000):
        started = time.perf_counter()
        assert exact_call(message, EXACT_TOOLS, NOW) is None
        assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(("args", "said"), [
    # seconds over the units asked are said, to their fraction; a unit smaller than all asked is not used
    ({"split": "1000000.5 seconds", "parts": "days hours minutes"},
     "1,000,000.5 seconds is 11 days, 13 hours, 46 minutes and 40.5 seconds (40.5 seconds left over after the whole "
     "minutes)."),
    ({"split": "30 seconds", "parts": "days, hours, minutes"},
     "30 seconds is 0 days, 0 hours, 0 minutes and 30 seconds (30 seconds left over after the whole minutes)."),
    ({"split": "0.3 minutes", "parts": "minutes and seconds"}, "0.3 minutes is 0 minutes and 18 seconds."),
    ({"split": "1 day", "parts": "minutes, hours"}, "1 day is 24 hours and 0 minutes."),  # (any order asked)
    ({"split": "1,000,000 seconds", "parts": "days"},
     "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds (13 hours, 46 minutes and 40 seconds left "
     "over after the whole days)."),
    ({"split": "1,000,000 seconds", "parts": "weeks, days, hours"},
     "1,000,000 seconds is 1 week, 4 days, 13 hours, 46 minutes and 40 seconds (46 minutes and 40 seconds left over "
     "after the whole hours)."),
    ({"split": "1000000000000000 seconds"},
     "1,000,000,000,000,000 seconds is 11,574,074,074 days, 1 hour, 46 minutes and 40 seconds."),
])  # fmt: skip
def test_what_the_units_asked_leave_over_is_said(args: dict[str, str], said: str) -> None:
    assert run(**args) == said


def test_the_data_gives_each_part_in_order() -> None:
    # (the answer check reads `parts`: each, in order; those over the units asked too)
    assert data(split="1,000,000 seconds", parts="days, hours, minutes") == {
        "duration": "1,000,000 seconds", "seconds": 1_000_000, "asked": ["days", "hours", "minutes"],
        "parts": [[11, "days"], [13, "hours"], [46, "minutes"], [40, "seconds"]]}
    assert data(split="3.5 days", parts="hours, minutes")["parts"] == [[84, "hours"], [0, "minutes"]]
    assert data(split="1.5 seconds", parts="minutes, seconds")["parts"] == [[0, "minutes"], [1.5, "seconds"]]


@pytest.mark.parametrize(("args", "error"), [
    ({"split": "1,000,000 seconds", "parts": "years, months, days"}, "'years' has no fixed length"),
    ({"split": "1000 months"}, "'months' has no fixed length"),
    ({"split": "-5 seconds"}, "more than 0 and at most 10\\^15; got -5"),
    ({"split": "0 seconds"}, "more than 0"),
    ({"split": "10000000000000001 seconds"}, "at most 10\\^15"),
    ({"split": "1e16 seconds"}, "is no duration to split"),
    ({"split": "2 hours 15 minutes"}, "is no duration to split"),  # (one number in one unit)
    ({"split": "5 seconds", "parts": "hours hrs"}, "names a unit twice"),
    ({"split": "5 seconds", "parts": "fortnights"}, "'fortnights' is no unit"),
    ({"parts": "hours, minutes"}, "parts goes with split"),
    ({"split": "5 seconds", "start": "9:00"}, "give a duration to split alone"),
    ({"split": "5 seconds", "in": "hours"}, "give a duration to split alone"),
])
def test_what_cannot_be_split_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(**args)
