"""A time sheet or a list of durations piped with a question that asks their total ("How many hours did I work this
week?", "What's the total time of these steps?"): which go to the timespan tool, what it says, and what stays the
model's."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.chat.longinput import Document, compose
from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult, shown_parameters
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespanquestions import timespan_asked

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
WEEK = "Mon 08:55-17:10\nTue 09:05-17:40\nWed 08:30-16:15\nThu 09:00-18:05\nFri 08:45-15:30\n"
STEPS = "build: 1h 20m\ntest: 45m\ndeploy: 2h 5m\nreview: 35m\n"


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


def piped(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """The exact call for a question with piped text, as `llorch run` sends it: read whole (exact.READ_WHOLE), so
    that however long, the model is shown the question and the tool's result; or, not read whole, as composed."""
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    found = exact_call(whole if whole is not None else compose(question, [Document(text)]), EXACT_TOOLS, NOW)
    assert (whole is not None) == (found is not None and found[0] == "timespan")
    return found


# --- a time sheet ------------------------------------------------------------------------------------------------


def test_a_weeks_time_sheet_is_each_days_hours_and_their_total() -> None:
    # the 1.5B: 40 hours
    found = piped("How many hours did I work this week?", WEEK)
    assert found == ("timespan", {"sheet": WEEK.strip()})
    result = call(found[1])
    assert result.text == (
        "Mon 08:55 to 17:10: 8 hours 15 minutes; Tue 09:05 to 17:40: 8 hours 35 minutes; Wed 08:30 to 16:15: 7 hours "
        "45 minutes; Thu 09:00 to 18:05: 9 hours 5 minutes; Fri 08:45 to 15:30: 6 hours 45 minutes. In all: 40 hours "
        "25 minutes (2,425 minutes, about 40.42 hours).")
    assert result.data["minutes"] == 2_425
    assert result.data["lines"][0] == {"label": "Mon", "start": "08:55", "end": "17:10", "minutes": 495,
                                       "next_day": False}


@pytest.mark.parametrize(("sheet", "said", "minutes"), [
    ("Mon 9am-5:30pm\nTue 09:00 to 17:30", "Mon 09:00 to 17:30: 8 hours 30 minutes; Tue 09:00 to 17:30: 8 hours 30 "
                                           "minutes. In all: 17 hours (1,020 minutes).", 1_020),
    # past midnight, said so; midnight after a start is that day's end
    ("Sat 22:00-06:00\nSun 18:00-midnight", "Sat 22:00 to 06:00 the next day: 8 hours; Sun 18:00 to 24:00: 6 hours. "
                                            "In all: 14 hours (840 minutes).", 840),
    ("8:55–17:10\n09:00 - 12:15", "08:55 to 17:10: 8 hours 15 minutes; 09:00 to 12:15: 3 hours 15 minutes. In all: "
                                  "11 hours 30 minutes (690 minutes, 11.5 hours).", 690),
    ("- Monday: 10:00-10:20\n- Tuesday: 10:00-10:25", "Monday 10:00 to 10:20: 20 minutes; Tuesday 10:00 to 10:25: 25 "
                                                      "minutes. In all: 45 minutes.", 45),
])  # fmt: skip
def test_a_time_sheets_lines_may_be_labelled_on_either_clock_and_past_midnight(sheet: str, said: str,
                                                                               minutes: int) -> None:
    result = call({"sheet": sheet})
    assert result.text == said
    assert result.data["minutes"] == minutes


@pytest.mark.parametrize("question", [
    "How many hours did I work this week?",
    "How long did I work in total?",
    "How many hours have I worked?",
    "What are my total hours?",
    "Total hours?",
    "What's the total time?",
    "How many hours is that in total?",
    "Add up my hours",
    "What's the total time worked?",  # (the 1.5B, of two night shifts: "16 hours 30 minutes" for Saturday alone)
])
def test_a_time_sheet_asked_its_total_goes_to_timespan(question: str) -> None:
    assert piped(question, WEEK) == ("timespan", {"sheet": WEEK.strip()})


def test_a_time_sheet_in_a_file_is_read_under_its_name() -> None:
    message = compose("How many hours did I work this week?", [Document(WEEK, "week.txt")])
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", {"sheet": WEEK.strip()})


@pytest.mark.parametrize(("question", "text"), [
    ("How many hours did I work on Tuesday?", WEEK),  # one line, not the total
    ("Which day did I work longest?", WEEK),
    ("Is this a normal week?", WEEK),
    ("How many hours did I work this week?", "Mon 08:55-17:10"),  # one line: no total to add
    # a break: out of scope, rather than guessed
    ("How many hours did I work this week?", "Mon 08:55-17:10 lunch 30m\nTue 09:05-17:40"),
    ("How many hours did I work this week?", "Mon 08:55-17:10\n-30m break\nTue 09:05-17:40"),
    ("How many hours did I work this week?", "Mon 08:55-17:10\nlunch 12:00-12:30\nTue 09:05-17:40"),
    ("How many hours did I work this week?", "Mon 08:55-12:00, 12:30-17:10\nTue 09:05-17:40"),
    # either half of the day, and 12 hours or more as written: 9 to 5:30 is a day's work, 20 h 30 min as written
    ("How many hours did I work this week?", "Mon 9:00-5:30\nTue 9:00-5:30"),
    ("How many hours did I work this week?", "Mon 08:00-4:30\nTue 08:00-16:30"),
    ("How many hours did I work this week?", "Mon 9-5\nTue 9-5"),  # bare hours
    ("How many hours did I work this week?", "Day Start-End\nMon 08:55-17:10\nTue 09:05-17:40"),  # a heading
    ("How many hours did I work this week?", "Mon 08:55-17:10\nbuild: 1h"),  # a sheet and a duration
    # a break or a day off by any word for one, as a word's start too: not worked, maybe
    ("How many hours did I work this week?", "Mon 09:00-12:00\nTue lunchtime 12:00-12:30\nTue 12:30-17:00"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nDinner 18:00-18:30"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nMeal 12:00-12:30"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nCoffee 10:00-10:15"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nTea 15:00-15:15"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nTue sick 09:00-17:00"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nHoliday 09:00-17:00"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nTue vacation 09:00-17:00"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nWed annual leave 09:00-17:00"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nThu nap 13:00-13:20"),
    ("How many hours did I work this week?", "Mon 09:00-17:00\nTue 09:00-17:00\nTotal 09:00-17:00"),  # a total
])
def test_other_time_sheets_and_questions_stay_the_models(question: str, text: str) -> None:
    message = compose(question, [Document(text)])
    assert timespan_asked(message) is None
    assert (exact_call(message, EXACT_TOOLS, NOW) or ("",))[0] != "timespan"


@pytest.mark.parametrize(("args", "error"), [
    ({"sheet": "Mon 08:55-17:10\nlunch 30m"}, "^timespan: 'lunch 30m' is no start and end llorch reads"),
    ({"sheet": "lunch 12:00-12:30"}, "a break is not taken off"),
    ({"sheet": "Mon 09:00-17:00\nTotal 09:00-17:00"}, "nor a total added"),
    ({"sheet": "Mon 09:00-17:00\nTue lunchtime 12:00-12:30"}, "a break is not taken off"),
    ({"sheet": "Mon 09:00-09:00"}, "'Mon 09:00-09:00' starts and ends at the same time"),
    ({"sheet": "Mon 25:00-26:00"}, "'25:00' is no time of day"),
    ({"sheet": "Mon 08:55-17:10\n" * 101}, "1 to 100 lines"),
    ({"sheet": "x" * 4_001}, "at most 4,000 characters"),
    ({"sheet": "Mon 08:55-17:10", "start": "9am"}, "give a time sheet alone"),
    ({"sheet": "Mon 08:55-17:10", "in": "hours"}, "give a time sheet alone"),
])
def test_what_is_no_time_sheet_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        call(args)


def test_a_sheet_is_the_exact_steps_alone_and_not_shown_to_a_model() -> None:
    tool = ToolRegistry().get("timespan")
    assert "sheet" in tool.parameters["properties"]
    assert "sheet" not in shown_parameters(tool.parameters)["properties"]


@pytest.mark.parametrize(("answer", "noted"), [
    ("You worked 40 hours this week.", True),  # the 1.5B's
    ("You worked 40 hours 25 minutes this week.", False),
    ("That is about 40.42 hours.", False),
])
def test_an_answer_that_does_not_give_the_sheets_total_gets_a_note(answer: str, noted: bool) -> None:
    asked = compose("How many hours did I work this week?", [Document(WEEK)])
    result = call({"sheet": WEEK})
    assert (fault(answer, expected("timespan", result.data, asked), "timespan", result.text) is not None) == noted


# --- a list of durations -----------------------------------------------------------------------------------------


def test_a_list_of_durations_asked_its_total_is_their_sum() -> None:
    # the 1.5B: 4 hours 10 minutes
    found = piped("What's the total time of these steps?", STEPS)
    assert found == ("timespan", {"sum": "1h20m + 45m + 2h5m + 35m"})
    result = call(found[1])
    assert result.text == ("1 hour 20 minutes + 45 minutes + 2 hours 5 minutes + 35 minutes = 4 hours 45 minutes "
                           "(285 minutes)")
    assert result.data["minutes"] == 285


@pytest.mark.parametrize(("question", "text", "total"), [
    ("How long altogether?", STEPS, "1h20m + 45m + 2h5m + 35m"),
    ("How long do these steps take in total?", STEPS, "1h20m + 45m + 2h5m + 35m"),
    ("Add up these durations", "1:20 h\n45 min\n2 hours 5 minutes", "1h20m + 45m + 2h5m"),  # 1:20 said hours
    ("How long altogether?", "build 1h 20m\ntest 5m", "1h20m + 5m"),  # "5m" beside hours: minutes
    ("What's the sum of these times?", "build — 1 hr 20 mins\n\ntest - 45 min", "1h20m + 45m"),
    ("Add them up", "build—1 hr 20 mins\ntest = 45 min", "1h20m + 45m"),
    ("What's the total time of these steps?", "1. build: 1h 20m\n2. test: 45m", "1h20m + 45m"),
    ("What's the total?", "Task 1: 30 min\nTask 2: 2 hours and 5 minutes", "30m + 2h5m"),
    ("How many hours did I work this week?", "Mon 8h 15m\nTue 8h 35m\nWed 7h", "8h15m + 8h35m + 7h"),
    ("What's the total time?", "warm-up 5m\nrun 30s", "5m + 30s"),  # a time asked: "5m" is minutes
])
def test_a_list_of_durations_is_read_one_a_line_with_a_label_or_none(question: str, text: str, total: str) -> None:
    assert piped(question, text) == ("timespan", {"sum": total})


@pytest.mark.parametrize(("question", "text"), [
    ("What's the total time?", "build: 1h 20m\nnothing here\ndeploy: 2h 5m"),  # a line with no duration
    ("What's the total time?", "Steps:\nbuild: 1h 20m\ndeploy: 2h 5m"),  # a heading
    ("What's the total time?", "build: 1h 20m, test: 45m\ndeploy: 2h 5m"),  # two on a line
    ("What's the total time?", "build: 1h 20m (estimated)\ndeploy: 2h 5m"),
    ("What's the total time?", "build: 1h 20m\n-30m"),  # taken away, maybe
    ("What's the total time?", "build: 1h 20m\nbreak -30m"),
    ("How many hours did I work this week?", "Mon 8h 15m\nlunch: 30m\nTue 8h"),  # a break: taken off, maybe
    ("What's the total time?", "build: 1h\ntest: 3 × 15 min"),
    ("What's the total time?", "start 09:00\nend 17:30"),  # times of day
    ("What's the total?", "5m\n3m"),  # metres, maybe: no time asked
    ("How long are these lines in total?", "Line A: 150m\nLine B: 200m"),  # "how long" alone: metres, maybe
    ("How long are they altogether?", "5m\n10m\n2m"),  # ropes, maybe
    ("What's the total length?", "5m\n10m"),
    ("What's the total time?", STEPS + "total: 4h 45m"),  # the total written under it: not to add
    ("What's the total time?", STEPS + "Subtotal 4h 45m"),
    ("What's the total time?", STEPS + "Sum = 4h 45m"),
    ("What's the total time?", "1. Intro 3:45\n2. Verse 4:12\n3. Outro 1h 2m"),  # songs' m:ss, beside hours
    ("Add up these durations", "1:20\n45 min\n2 hours 5 minutes"),  # 1:20 may be m:ss beside units too
    ("How many hours did I work this week?", "Mon 8h\nTue sick 8h"),  # a day off
    ("What's the total time?", "build: 1h 20m\ncoffee break: 15m\ndeploy: 2h 5m"),
    ("What's the total time?", "build: 1h 20m"),  # one line
    ("Which step takes longest?", STEPS),
    ("What's the average time?", STEPS),
    ("Add these to my calendar", STEPS),
    ("How long is this?", STEPS),  # no total asked
    ("What's the total time?", "step: 1h 20m\n" * 20),  # a sum longer than the tool takes
])
def test_other_lists_and_questions_stay_the_models(question: str, text: str) -> None:
    message = compose(question, [Document(text)])
    assert timespan_asked(message) is None
    assert (exact_call(message, EXACT_TOOLS, NOW) or ("",))[0] != "timespan"
