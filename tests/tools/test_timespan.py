"""The timespan tool: the time between two times of day, a time of day moved by a duration, and the plain
questions that go to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespan import timespan_asked


def run(**args: str) -> str:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"))).text


@pytest.mark.parametrize(("args", "said"), [
    # what the 1.5B got wrong: 7 hours, 160 minutes, 4:30 pm, 2:30 PM
    ({"start": "11:30pm", "end": "6:15am"}, "From 23:30 (11:30 pm) to 06:15 (6:15 am) the next day is 6 hours 45 "
                                            "minutes (405 minutes)."),
    ({"start": "14:20", "end": "16:05"}, "From 14:20 (2:20 pm) to 16:05 (4:05 pm) is 1 hour 45 minutes (105 minutes)."),
    ({"start": "9am", "end": "noon"}, "From 09:00 (9:00 am) to 12:00 (12:00 pm) is 3 hours."),
    ({"start": "1:10 pm", "add": "-90 minutes"}, "1 hour 30 minutes (90 minutes) before 13:10 (1:10 pm) is 11:40 "
                                                 "(11:40 am)."),
    ({"start": "8:45", "add": "7.5 hours"}, "7 hours 30 minutes (450 minutes) after 08:45 (8:45 am) is 16:15 (4:15 "
                                            "pm)."),
    ({"start": "10:50", "add": "3 hours and 45 minutes"}, "3 hours 45 minutes (225 minutes) after 10:50 (10:50 am) "
                                                          "is 14:35 (2:35 pm)."),
    ({"start": "23:00", "add": "2h"}, "2 hours after 23:00 (11:00 pm) is 01:00 (1:00 am) the next day."),
    ({"start": "00:30", "add": "-1 hour"}, "1 hour before 00:30 (12:30 am) is 23:30 (11:30 pm) the day before."),
    ({"start": "midnight", "add": "45 min"}, "45 minutes after 00:00 (12:00 am) is 00:45 (12:45 am)."),
])
def test_spans_and_shifts(args: dict[str, str], said: str) -> None:
    assert run(**args) == said


@pytest.mark.parametrize(("args", "error"), [
    ({"start": "25:00", "end": "10:00"}, "'25:00' is no time of day"),
    ({"start": "9", "end": "10:00"}, "'9' is no time of day; give 13:10"),  # a bare number could be anything
    ({"start": "9:00", "add": "a while"}, "'a while' is no duration"),
    # neither given: "not both" was said, and before a start that is no time ("💥") was
    ({"start": "9:00"}, "^timespan: give an end time \\(how long from 9:00 to it\\) or a duration to add to 9:00 "
                        "\\(add='90 minutes'; add='-90 minutes' goes back\\)$"),
    ({"start": "💥"}, "^timespan: '💥' is no time of day; give 13:10"),
    ({"start": "💥", "end": "10:00", "add": "1h"}, "'💥' is no time of day"),
    ({"start": ""}, "give a start time of day"),
    ({"start": "9:00", "end": "10:00", "add": "1h"}, "not both"),
])
def test_what_is_no_time_or_duration_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(**args)


@pytest.mark.parametrize(("message", "args"), [
    ("How many hours between 09:15 and 17:40?", {"start": "09:15", "end": "17:40"}),
    ("How long is it from 11:30pm to 6:15am?", {"start": "11:30pm", "end": "6:15am"}),
    ("How many minutes from 14:20 to 16:05?", {"start": "14:20", "end": "16:05"}),
    ("What time will it be 3 hours and 45 minutes after 10:50?", {"start": "10:50", "add": "3 hours and 45 minutes"}),
    ("What time is 90 minutes before 1:10 pm?", {"start": "1:10 pm", "add": "-90 minutes"}),
    ("If I start at 8:45 and work 7.5 hours, when do I finish?", {"start": "8:45", "add": "7.5 hours"}),
    ("What's 3:15 - 45 minutes?", {"start": "3:15", "add": "-45 minutes"}),
    ("what is 2 hours 15 minutes after 10:30pm", {"start": "10:30pm", "add": "2 hours 15 minutes"}),
    ("What's 40 mins before 00:20?", {"start": "00:20", "add": "-40 mins"}),
])
def test_a_plain_question_is_read_without_a_model(message: str, args: dict[str, str]) -> None:
    assert timespan_asked(message) == args


@pytest.mark.parametrize("message", [
    "How long from 9 to 5?",  # no times of day: bare numbers
    "What time is it 3 hours after now?",  # now is the clock's
    "How long does it take to boil an egg?",
    "What's 90 minutes after the start?",  # no time of day
])
def test_other_questions_are_not(message: str) -> None:
    assert timespan_asked(message) is None
