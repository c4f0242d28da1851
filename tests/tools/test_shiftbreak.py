"""The timespan tool's shifts with one break ("How many hours did I work if I started at 8:45, finished at 17:15 and
took a 30 minute lunch?": the 1.5B said 8.5 hours; 8 hours): which questions go to it, and what it says."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.shiftbreaks import worked_asked
from llorch.tools.timespanquestions import timespan_asked

NOW = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


@pytest.mark.parametrize(("message", "written", "said", "minutes"), [
    # the 1.5B: 8.5 hours
    ("How many hours did I work if I started at 8:45, finished at 17:15 and took a 30 minute lunch?",
     "8 hours 30 minutes - 30 minutes", "8 hours 30 minutes - 30 minutes = 8 hours (480 minutes)", 480),
    ("I started at 8:45 and finished at 17:15 with a 30 minute lunch break. How many hours did I work?",
     "8 hours 30 minutes - 30 minutes", "8 hours 30 minutes - 30 minutes = 8 hours (480 minutes)", 480),
    ("I worked from 9am to 5:30pm and took an hour for lunch. How long did I work?",
     "8 hours 30 minutes - 1 hour", "8 hours 30 minutes - 1 hour = 7 hours 30 minutes (450 minutes)", 450),
    ("Shift 7:00–15:30, 45 min break: hours worked?",
     "8 hours 30 minutes - 45 minutes", "8 hours 30 minutes - 45 minutes = 7 hours 45 minutes (465 minutes)", 465),
    ("I started work at 7:30am and finished at 4pm, with a 45-minute lunch break. How many hours and minutes did I "
     "work?", "8 hours 30 minutes - 45 minutes",
     "8 hours 30 minutes - 45 minutes = 7 hours 45 minutes (465 minutes)", 465),
    # overnight, on a 24-hour clock
    ("My shift is 22:00 to 06:30 with a half-hour break. How many hours do I work?",
     "8 hours 30 minutes - 30 minutes", "8 hours 30 minutes - 30 minutes = 8 hours (480 minutes)", 480),
    ("How long did I work if I clocked in at 8:00 and clocked out at 16:30 minus a 30 min break?",
     "8 hours 30 minutes - 30 minutes", "8 hours 30 minutes - 30 minutes = 8 hours (480 minutes)", 480),
    ("I worked from 9am to 5:30pm and took an hour and a half for lunch. How long did I work?",
     "8 hours 30 minutes - 1 hour 30 minutes", "8 hours 30 minutes - 1 hour 30 minutes = 7 hours (420 minutes)", 420),
    ("I worked from 9am to 5:30pm with a lunch break of 40 minutes. How long did I work?",
     "8 hours 30 minutes - 40 minutes", "8 hours 30 minutes - 40 minutes = 7 hours 50 minutes (470 minutes)", 470),
    ("I worked from 9am to 5:15pm with half an hour for lunch. How many hours did I work?",
     "8 hours 15 minutes - 30 minutes", "8 hours 15 minutes - 30 minutes = 7 hours 45 minutes (465 minutes)", 465),
])
def test_a_shift_less_its_break_is_the_tools_sum(message: str, written: str, said: str, minutes: int) -> None:
    assert worked_asked(message) == {"sum": written}
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", {"sum": written})
    result = call({"sum": written})
    assert result.text == said
    assert result.data["minutes"] == minutes


@pytest.mark.parametrize("message", [
    # two breaks, even simply added
    "I worked from 9am to 5pm with two 15 minute breaks. How long did I work?",
    "I worked from 9am to 5pm with a 30 minute lunch and a 15 minute break. How long did I work?",
    # a break as long as the shift, or longer
    "I worked from 9am to 10am with a 2 hour lunch. How long did I work?",
    "I worked from 9am to 10am with a 1 hour lunch. How long did I work?",
    # a week of shifts (timesheets.py's, piped), or more asked
    "I worked from 9am to 5pm Monday to Friday with an hour for lunch. How many hours did I work?",
    "I worked from 9am to 5pm with an hour for lunch. How many hours did I work this week?",
    "I worked from 9am to 5pm with an hour for lunch. How much did I earn at $15 an hour?",
    # times of either half of the day over 12 hours apart: 8:45 to 5:15 may be 8 h 30 min or 20 h 30 min
    "I worked from 8:45 to 5:15 and took an hour for lunch. How long did I work?",
    # a break that is not taken off, or no whole minutes, or a time with seconds, or no time of day
    "I worked from 9am to 5pm including a 30 minute lunch. How long did I work?",
    "I worked from 9am to 5pm with a paid 30 minute lunch. How long did I work?",
    "I worked from 9am to 5:30pm with a 1.3 minute break. How long did I work?",
    "I worked from 9:00:15 to 17:30 with a 30 minute break. How long did I work?",
    "I worked from 9 to 17:30 with a 30 minute break. How long did I work?",
    "I worked from 9:00 to 25:30 with a 30 minute break. How long did I work?",
    # a question that is not the hours worked
    "I worked from 9am to 5pm with a 30 minute lunch. How long was my lunch?",
    "I worked from 9am to 5pm with a 30 minute lunch. How long should I work?",
])
def test_other_shifts_stay_the_models(message: str) -> None:
    assert timespan_asked(message) is None
    assert worked_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) is None


def test_a_shift_with_no_break_is_still_a_span() -> None:
    message = "I started at 8:45 and finished at 17:15. How many hours did I work?"
    assert timespan_asked(message) == {"start": "8:45", "end": "17:15"}


def test_the_reader_takes_no_time_on_long_or_spaced_messages() -> None:
    for message in (" " * 400, "Shift" + " " * 400 + "7:00–15:30, 45 min break: hours worked?",
                    "I worked from 9am to 5:30pm" + " " * 400 + "and took an hour for lunch. How long did I work?",
                    "I worked from 9am to 5:30pm with a 30" + " " * 400 + "minute break. How long did I work?",
                    "I worked from 9am to 5:30pm with a 30 minute" + ", and" * 60, "x" * 5_000,
                    "I started at 8:45 and finished at 17:15 with " + "a " * 2_500,
                    "Shift 7:00" + " " * 400 + "-" + " " * 400 + "15:30, 45 min break" + " " * 400 + "x"):
        started = time.perf_counter()
        assert timespan_asked(message) is None  # (over 200 characters: none is read)
        worked_asked(message)  # (the reader alone: spaces are spaces, so a shift may still be read)
        assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize(("said", "seconds"), [
    ("an hour", 3_600), ("one hour", 3_600), ("half an hour", 1_800), ("half-hour", 1_800),
    ("a quarter of an hour", 900), ("an hour and a half", 5_400), ("an hour and 20 minutes", 4_800),
    ("30 minutes", None), ("hour", None),
])
def test_an_hour_said_in_words_is_read_in_one_place(said: str, seconds: int | None) -> None:
    from llorch.tools.durations import spoken_seconds  # (a break's here, a wait's in pursuit.py)

    assert spoken_seconds(said) == seconds
