"""The time between two dates and times: asked how many hours there are between 2026-12-07 09:00 and 2026-12-09
17:30, the 1.5B said 8.5 (56.5: it left the days out). The timespan tool takes a date with each time, and such a
question goes to it (llorch/tools/timespan.py's `date_span`, timespanquestions.py)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespanquestions import timespan_asked

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)


def run(**args: Any) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


@pytest.mark.parametrize(("args", "said"), [
    ({"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "hours"},
     "From Monday 7 December 2026 9:00 am to Wednesday 9 December 2026 5:30 pm is 56.5 hours (2 days 8 hours 30 "
     "minutes)."),
    ({"start": "2026-12-07T09:00", "end": "2026-12-09T17:30"},
     "From Monday 7 December 2026 9:00 am to Wednesday 9 December 2026 5:30 pm is 2 days 8 hours 30 minutes (56.5 "
     "hours)."),
    ({"start": "7 December 2026 9am", "end": "9 December 2026 5:30pm", "in": "minutes"},
     "From Monday 7 December 2026 9:00 am to Wednesday 9 December 2026 5:30 pm is 3,390 minutes (2 days 8 hours 30 "
     "minutes)."),
    ({"start": "9am on 7 December 2026", "end": "Dec 9, 2026 at 17:30"},
     "From Monday 7 December 2026 9:00 am to Wednesday 9 December 2026 5:30 pm is 2 days 8 hours 30 minutes (56.5 "
     "hours)."),
    # an end with no date is on the start's day, or the next where it is earlier
    ({"start": "2026-12-07 09:00", "end": "5:30pm"},
     "From Monday 7 December 2026 9:00 am to Monday 7 December 2026 5:30 pm is 8 hours 30 minutes (8.5 hours)."),
    ({"start": "2026-12-07 22:00", "end": "06:00"},
     "From Monday 7 December 2026 10:00 pm to Tuesday 8 December 2026 6:00 am is 8 hours."),
    ({"start": "2026-12-31 23:00", "end": "midnight"},
     "From Thursday 31 December 2026 11:00 pm to Friday 1 January 2027 12:00 am is 1 hour."),
    # said in time order, whichever comes first; to the second where a time gives seconds
    ({"start": "2026-12-09 17:30", "end": "2026-12-07 09:00:15"},
     "From Monday 7 December 2026 9:00:15 am to Wednesday 9 December 2026 5:30:00 pm is 2 days 8 hours 29 minutes 45 "
     "seconds (about 56.4958 hours)."),
    ({"start": "2027-03-01", "end": "2027-03-15", "in": "hours"},
     "From Monday 1 March 2027 12:00 am to Monday 15 March 2027 12:00 am is 336 hours (14 days)."),
    ({"start": "tomorrow 9am", "end": "5pm"},
     "From Tuesday 8 December 2026 9:00 am to Tuesday 8 December 2026 5:00 pm is 8 hours."),
])  # fmt: skip
def test_the_time_between_two_dates_and_times(args: dict[str, str], said: str) -> None:
    assert run(**args).text == said


def test_a_date_span_gives_its_length_in_the_unit_asked() -> None:
    assert run(start="2026-12-07 09:00", end="2026-12-09 17:30", **{"in": "hours"}).data == {
        "start": "2026-12-07T09:00", "end": "2026-12-09T17:30", "minutes": 3390, "unit": "hours", "value": 56.5}
    assert run(start="2026-12-07 09:00", end="2026-12-09 17:30", **{"in": "seconds"}).data["seconds"] == 203_400
    assert run(start="2026-12-07 09:00:00", end="2026-12-07 10:15:30").data["seconds"] == 4_530


@pytest.mark.parametrize(("args", "error"), [
    ({"start": "2026-02-30 09:00", "end": "2026-12-09 17:30"}, "^timespan: '2026-02-30' is no date$"),
    ({"start": "9am", "end": "2026-12-09 17:30"}, "^timespan: give the start's date too \\('9am' names none\\)"),
    ({"start": "2026-12-07 25:00", "end": "2026-12-09 17:30"}, "^timespan: '25:00' is no time of day"),
    ({"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "weeks"}, "^timespan: parameter 'in'"),
])  # fmt: skip
def test_a_bad_date_or_time_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error) as raised:
        run(**args)
    assert "\n" not in str(raised.value)


def test_times_of_day_and_weekdays_are_read_as_before() -> None:
    assert run(start="Monday 9am", end="Friday 5pm").text == "From Monday 9:00 am to Friday 5:00 pm is 4 days 8 hours " \
                                                             "(104 hours)."
    assert run(start="9:15", end="17:40").text == "From 09:15 (9:15 am) to 17:40 (5:40 pm) is 8 hours 25 minutes (505 " \
                                                  "minutes)."
    with pytest.raises(ToolError, match="^timespan: '9' is no time of day"):
        run(start="Monday 9", end="Friday 5pm")


@pytest.mark.parametrize(("message", "args"), [
    # the 1.5B: 8.5 hours (56.5)
    ("How many hours are there between 2026-12-07 09:00 and 2026-12-09 17:30?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "hours"}),
    ("How many hours between 2026-12-07T09:00 and 2026-12-09T17:30?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "hours"}),
    ("How long is it from 7 December 2026 9am to 9 December 2026 5:30pm?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30"}),
    ("How long from 7 December 2026 at 9am to 9 December 2026 at 5:30pm?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30"}),
    ("How many minutes between 9:00 on 7 December 2026 and 17:30 on 9 December 2026?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "minutes"}),
    ("How many minutes from 2026-12-07 09:00 to 17:30?", {"start": "2026-12-07 09:00", "end": "17:30", "in": "minutes"}),
    ("How many hours between 9am and 5pm on 7 December 2026?",
     {"start": "2026-12-07 09:00", "end": "2026-12-07 17:00", "in": "hours"}),
    ("What's the time difference between 2026-12-07T09:00 and 2026-12-09T17:30?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30"}),
    ("What is the difference in hours between December 7, 2026 9:00 and December 9, 2026 17:30?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "hours"}),
    ("How many seconds between 2026-12-07 09:00:00 and 2026-12-07 10:15:30?",
     {"start": "2026-12-07 09:00:00", "end": "2026-12-07 10:15:30", "in": "seconds"}),
    ("How many hours between 1 March 2027 and 15 March 2027?",
     {"start": "2027-03-01 00:00", "end": "2027-03-15 00:00", "in": "hours"}),
    ("How much time has passed between 2026-12-07 09:00 and 2026-12-09 17:30?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30"}),
    ("How many hours between Monday 7 December 2026 9am and Wednesday 9 December 2026 5:30pm?",
     {"start": "2026-12-07 09:00", "end": "2026-12-09 17:30", "in": "hours"}),
])  # fmt: skip
def test_a_question_of_two_dates_and_times_goes_to_the_timespan_tool(message: str, args: dict[str, str]) -> None:
    assert timespan_asked(message) == args
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)


@pytest.mark.parametrize("message", [
    "How many hours between Tuesday 7 December 2026 9am and Wednesday 9 December 2026 5:30pm?",  # (a Monday)
    "How many hours between 2026-12-07 09:00 and 2026-12-09 17:30 excluding weekends?",
    "How many working hours between 2026-12-07 09:00 and 2026-12-09 17:30?",
    "How many hours between 2026-12-07 09:00 in London and 2026-12-09 17:30 in Tokyo?",
    "How many hours between 2026-02-30 09:00 and 2026-12-09 17:30?",
    "How many hours between 2026-12-07 25:00 and 2026-12-09 17:30?",
    "How many hours between 7 December 9am and 9 December 5:30pm?",  # (which year: the next, or the last?)
    "How many hours between 5pm and 9am on 7 December 2026?",  # (the 7th's, or the evening before?)
    "How many hours did I work between 2026-12-07 09:00 and 2026-12-09 17:30?",
])  # fmt: skip
def test_near_misses_of_two_dates_and_times_stay_with_the_model(message: str) -> None:
    assert timespan_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) is None


def test_days_between_dates_stay_the_calendars() -> None:
    assert exact_call("How many days between 2026-12-07 09:00 and 2026-12-09 17:30?", EXACT_TOOLS, NOW) == \
        ("calendar", {"action": "days", "from": "2026-12-07", "to": "2026-12-09"})
    assert timespan_asked("How long from 7 December 2026 to 9 December 2026?") is None  # (no time: the calendar's)


def test_an_answer_in_days_hours_and_minutes_is_the_tools_length() -> None:
    from llorch.chat.answercheck import expected, fault
    asked = "How long is it from 2026-12-07 09:00 to 2026-12-09 17:30?"
    result = run(start="2026-12-07 09:00", end="2026-12-09 17:30")
    want = expected("timespan", result.data, asked)
    for right in ("It is 2 days, 8 hours and 30 minutes.", "56 hours 30 minutes.", "56.5 hours"):
        assert fault(right, want, "timespan", result.text) is None, right
    assert fault("It is 2 days and 8 hours.", want, "timespan", result.text) is not None
    assert fault("8.5 hours", want, "timespan", result.text) is not None  # (the 1.5B, asked the hours)
