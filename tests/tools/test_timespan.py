"""The timespan tool: the time between two times of day, a time of day moved by a duration, and the plain
questions that go to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespanquestions import timespan_asked


def run(**args: Any) -> str:
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


# --- durations added up ----------------------------------------------------------------------------


@pytest.mark.parametrize(("total", "said"), [
    # the 1.5B: 5 hours 15 minutes
    ("3 hours 45 minutes plus 2 hours 30 minutes", "3 hours 45 minutes + 2 hours 30 minutes = 6 hours 15 minutes (375 "
                                                   "minutes)"),
    ("2h 50m + 1h 25m", "2 hours 50 minutes + 1 hour 25 minutes = 4 hours 15 minutes (255 minutes)"),
    ("5 hours minus 1 hour 20 minutes", "5 hours - 1 hour 20 minutes = 3 hours 40 minutes (220 minutes)"),
    # "and" before a smaller unit stays on the duration taken away: 5 h - 1 h 20 min, not 5 h - 1 h + 20 min
    ("5 hours - 1 hour and 20 minutes", "5 hours - 1 hour 20 minutes = 3 hours 40 minutes (220 minutes)"),
    ("45 minutes, 1 hour 10 minutes and 2 hours 5 minutes", "45 minutes + 1 hour 10 minutes + 2 hours 5 minutes = 4 "
                                                           "hours (240 minutes)"),
    ("3 × 45 minutes", "3 × 45 minutes = 2 hours 15 minutes (135 minutes)"),
    ("45 min x 3", "3 × 45 minutes = 2 hours 15 minutes (135 minutes)"),
    # given to the tool, 1:45 is a duration (the recogniser leaves a bare one alone: it may be a time of day)
    ("1:45 + 2:30", "1 hour 45 minutes + 2 hours 30 minutes = 4 hours 15 minutes (255 minutes)"),
    ("20 minutes + 25 minutes", "20 minutes + 25 minutes = 45 minutes"),
    ("1 hour - 2 hours 30 minutes", "1 hour - 2 hours 30 minutes = -1 hour 30 minutes (-90 minutes): negative, as "
                                    "more is taken away than there was"),
])  # fmt: skip
def test_durations_add_and_subtract(total: str, said: str) -> None:
    assert run(sum=total) == said


def test_a_sums_minutes_are_its_length_and_its_total_keeps_the_sign() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))
    assert ToolRegistry().call("timespan", {"sum": "3h 45m + 2h 30m"}, ctx).data == {
        "terms": [225, 150], "total": 375, "minutes": 375}
    assert ToolRegistry().call("timespan", {"sum": "1 hour - 2 hours 30 minutes"}, ctx).data == {
        "terms": [60, -150], "total": -90, "minutes": 90}  # (an answer must say 1 hour 30 minutes)


@pytest.mark.parametrize(("args", "error"), [
    ({"sum": "a while + 1h"}, "'a while \\+ 1h' is no sum of durations"),
    ({"sum": "45 minutes 2 hours"}, "is no sum of durations"),
    ({"sum": "1h +"}, "is no sum of durations"),
    ({"sum": "1h + 2pm"}, "is no sum of durations"),
    ({"sum": "1h + 2h", "start": "9:00"}, "give a sum of durations alone"),
    ({"sum": "1h + " * 30 + "1h"}, "at most 120 characters"),
    ({}, "give a start time of day: 13:10, 1:10 pm, 9am or noon \\(or durations to add up"),
])
def test_what_is_no_sum_of_durations_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(**args)


@pytest.mark.parametrize(("message", "total"), [
    ("What is 3 hours 45 minutes plus 2 hours 30 minutes?", "3 hours 45 minutes plus 2 hours 30 minutes"),
    ("2h 50m + 1h 25m", "2h 50m + 1h 25m"),
    ("What's 5 hours minus 1 hour 20 minutes?", "5 hours minus 1 hour 20 minutes"),
    ("Add 45 minutes, 1 hour 10 minutes and 2 hours 5 minutes", "45 minutes, 1 hour 10 minutes and 2 hours 5 minutes"),
    ("How long is 3 × 45 minutes?", "3 × 45 minutes"),
    ("What is 1:45 hours + 2:30 hours?", "1:45 hours + 2:30 hours"),  # hours said: durations
    ("What do 2h 50m and 1h 25m add up to?", "2h 50m and 1h 25m"),
    ("What is the total of 30 minutes and 2 hours?", "30 minutes and 2 hours"),
    ("What is 3 hours + 45m?", "3 hours + 45m"),  # "m" beside hours: minutes
])
def test_a_plain_sum_of_durations_is_read_without_a_model(message: str, total: str) -> None:
    assert timespan_asked(message) == {"sum": total}


@pytest.mark.parametrize("message", [
    "1:45 + 2:30",  # may be times of day: no hours said
    "What is 1:45 + 2:30?",
    "What is 5m + 3m?",  # may be metres
    "30 minutes, 1 hour and 45 minutes",  # a list, maybe: nothing says to add it up
    "Add 2 hours and 30 minutes",  # one duration
    "What is 90 minutes?",
    "What is 2 hours + 3pm?",
    "What is 3 + 4?",
])
def test_what_is_not_plainly_a_sum_of_durations_is_not(message: str) -> None:
    assert timespan_asked(message) is None


def test_sums_of_durations_go_to_timespan_and_times_of_day_stay_as_they_were() -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    now = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
    assert exact_call("What is 3 hours 45 minutes plus 2 hours 30 minutes?", EXACT_TOOLS, now) == (
        "timespan", {"sum": "3 hours 45 minutes plus 2 hours 30 minutes"})
    assert exact_call("How long is 3 × 45 minutes?", EXACT_TOOLS, now) == ("timespan", {"sum": "3 × 45 minutes"})
    assert exact_call("What is 3 + 4?", EXACT_TOOLS, now) == ("math", {"expression": "3 + 4"})
    assert exact_call("What time is 3pm plus 2 hours?", EXACT_TOOLS, now) == (
        "timespan", {"start": "3pm", "add": "2 hours"})
    assert exact_call("What's 3:15 - 45 minutes?", EXACT_TOOLS, now) == (
        "timespan", {"start": "3:15", "add": "-45 minutes"})
    assert exact_call("How many hours between 09:15 and 17:40?", EXACT_TOOLS, now) == (
        "timespan", {"start": "09:15", "end": "17:40"})
    found = exact_call("1:45 + 2:30", EXACT_TOOLS, now)
    assert found is None or found[0] != "timespan"


# --- how far apart two times of day are, and a duration in one unit ----------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    # the 1.5B: 4 hours and 25 minutes; the later less the earlier, whichever comes first, and overnight besides
    ({"start": "14:35", "end": "09:50"}, "On the same day, 14:35 (2:35 pm) and 09:50 (9:50 am) are 4 hours 45 minutes "
                                         "(285 minutes) apart; from 14:35 to 09:50 the next day it would be 19 hours "
                                         "15 minutes."),
    ({"start": "8:20am", "end": "5:05pm"}, "On the same day, 08:20 (8:20 am) and 17:05 (5:05 pm) are 8 hours 45 "
                                           "minutes (525 minutes) apart."),  # (in order: no overnight to say)
    ({"start": "23:00", "end": "01:00"}, "On the same day, 23:00 (11:00 pm) and 01:00 (1:00 am) are 22 hours apart; "
                                         "from 23:00 to 01:00 the next day it would be 2 hours."),
])  # fmt: skip
def test_two_times_apart_are_the_later_less_the_earlier_on_one_day(args: dict[str, str], said: str) -> None:
    assert run(**args, apart=True) == said


def test_times_apart_give_the_same_days_minutes_for_an_answer_to_give() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))
    assert ToolRegistry().call("timespan", {"start": "14:35", "end": "09:50", "apart": True}, ctx).data == {
        "start": "14:35", "end": "09:50", "minutes": 285, "next_day": False, "overnight": 1155}


@pytest.mark.parametrize(("total", "unit", "said"), [
    # the 1.5B: 8,100 after 300 tokens of working; "2h15m" was no duration to the tool
    ("2h15m", "seconds", "2 hours 15 minutes = 8,100 seconds"),
    ("3 hours 20 minutes", "minutes", "3 hours 20 minutes = 200 minutes"),
    ("1 hour 30 minutes", "minutes", "1 hour 30 minutes = 90 minutes"),
    ("150 minutes", "hours", "2 hours 30 minutes = 2.5 hours"),
    ("3h 20m", "hours", "3 hours 20 minutes = about 3.3333 hours"),
    ("36 hours", "days", "36 hours = 1.5 days"),
    ("24 hours", "days", "24 hours = 1 day"),
    ("3h 45m + 2h 30m", "minutes", "3 hours 45 minutes + 2 hours 30 minutes = 6 hours 15 minutes = 375 minutes"),
    # from the minutes as given, not as rounded (2 h 31 min would be 9,060 s)
    ("2.51 hours", "seconds", "about 2 hours 31 minutes = 9,036 seconds"),
])  # fmt: skip
def test_a_duration_is_said_in_one_unit(total: str, unit: str, said: str) -> None:
    assert run(**{"sum": total, "in": unit}) == said


def test_a_duration_in_one_unit_gives_its_value_not_a_spans_minutes() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))
    assert ToolRegistry().call("timespan", {"sum": "2h15m", "in": "seconds"}, ctx).data == {
        "terms": [135], "total": 135, "in": "seconds", "value": 8100}


def test_a_duration_written_without_spaces_is_read_when_added_too() -> None:
    assert run(start="9:00", add="2h15m") == ("2 hours 15 minutes (135 minutes) after 09:00 (9:00 am) is 11:15 (11:15 "
                                               "am).")


@pytest.mark.parametrize(("args", "error"), [
    ({"sum": "2h", "in": "weeks"}, "^timespan: parameter 'in' must be one of seconds, minutes, hours, days; got "
                                   "'weeks'$"),
    ({"start": "9:00", "add": "1h", "in": "minutes"}, "^timespan: in goes with sum, the duration to say in it \\(sum="
                                                      "'2h 15m' in=minutes\\), or with a start and end, the span to "
                                                      "say in it; not with add or apart$"),
    ({"start": "9:00", "end": "10:00", "apart": True, "in": "minutes"}, "^timespan: in goes with sum"),
    ({"start": "9:00", "end": "10:00", "apart": "yes"}, "^timespan: parameter 'apart' must be a boolean, got 'yes'$"),
    ({"start": "9:00", "add": "1h", "apart": True}, "^timespan: apart is how far apart start and end are; give an end "
                                                    "time, not a duration$"),
    ({"sum": "1h", "apart": True}, "^timespan: give a sum of durations alone"),
    ({"start": "25:00", "end": "10:00", "apart": True}, "^timespan: '25:00' is no time of day$"),
    ({"start": "10:15:75", "end": "11:00"}, "^timespan: '10:15:75' is no time of day$"),
    ({"start": "25:15:30", "end": "11:00"}, "^timespan: '25:15:30' is no time of day$"),
    ({"start": "00:01 pm", "end": "11:00"}, "^timespan: '00:01 pm' is no time of day$"),  # ("00:01 am" is 12:01 am)
    ({"start": "10:15:30 pm", "end": "13:15:30 pm"}, "^timespan: '13:15:30 pm' is no time of day$"),
    ({"start": "10:15:30", "add": "a while"}, "^timespan: 'a while' is no duration llorch reads; give '3 hours 45 "
                                              "minutes', '90 min', '7.5 hours' or '90 seconds'$"),
])  # fmt: skip
def test_a_bad_unit_apart_or_time_with_seconds_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=error) as raised:
        run(**args)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(("message", "args"), [
    ("What's the difference between 14:35 and 09:50?", {"start": "14:35", "end": "09:50", "apart": True}),
    ("What is the time difference between 8:20am and 5:05pm?", {"start": "8:20am", "end": "5:05pm", "apart": True}),
    ("How far apart are 09:15 and 11:40?", {"start": "09:15", "end": "11:40", "apart": True}),
    ("How many minutes apart are 9:15 and 11:40?", {"start": "9:15", "end": "11:40", "apart": True}),  # time said
    ("What is the difference between noon and 5pm?", {"start": "noon", "end": "5pm", "apart": True}),
    ("How many seconds is 2 hours 15 minutes?", {"sum": "2 hours 15 minutes", "in": "seconds"}),
    ("How many minutes is 3 hours 20 minutes?", {"sum": "3 hours 20 minutes", "in": "minutes"}),
    ("Convert 2h15m to seconds", {"sum": "2h15m", "in": "seconds"}),
    ("Convert 2 hours 15 minutes to seconds.", {"sum": "2 hours 15 minutes", "in": "seconds"}),
    ("What is 1 hour 30 minutes in minutes?", {"sum": "1 hour 30 minutes", "in": "minutes"}),
    ("How many seconds are there in 2 hours and 15 minutes?", {"sum": "2 hours and 15 minutes", "in": "seconds"}),
    ("How many minutes is 1:45 hours?", {"sum": "1:45 hours", "in": "minutes"}),  # hours said: a duration
    ("What is 3h 45m + 2h 30m in minutes?", {"sum": "3h 45m + 2h 30m", "in": "minutes"}),
    ("How many seconds are there between 10:15:30 and 10:47:05?", {"start": "10:15:30", "end": "10:47:05"}),
    ("How long is it from 10:15:30 to 10:47:05?", {"start": "10:15:30", "end": "10:47:05"}),
    ("How long is it from 10:15:30 am to 1:05 pm?", {"start": "10:15:30 am", "end": "1:05 pm"}),
    ("How many seconds apart are 10:15:30 and 10:47:05?", {"start": "10:15:30", "end": "10:47:05", "apart": True}),
    ("What's the difference between 10:15:30 am and 10:47:05 am?", {"start": "10:15:30 am", "end": "10:47:05 am",
                                                                    "apart": True}),
    ("What is the difference in seconds between 14:04:35 and 09:03:50?", {"start": "14:04:35", "end": "09:03:50",
                                                                          "apart": True}),
    ("What time is 90 seconds after 23:59:30?", {"start": "23:59:30", "add": "90 seconds"}),
    ("What time is 45 seconds after 3pm?", {"start": "3pm", "add": "45 seconds"}),  # (time said: a time of day)
    ("What's 90 seconds after 11:45pm?", {"start": "11:45pm", "add": "90 seconds"}),
    ("What time is 2 minutes 30 seconds before 10:15:30?", {"start": "10:15:30", "add": "-2 minutes 30 seconds"}),
    ("How many seconds is 2 hours 15 minutes 30 seconds?", {"sum": "2 hours 15 minutes 30 seconds", "in": "seconds"}),
    ("What is 2 minutes 30 seconds in seconds?", {"sum": "2 minutes 30 seconds", "in": "seconds"}),
    ("What is 2 minutes 30 seconds plus 45 seconds?", {"sum": "2 minutes 30 seconds plus 45 seconds"}),
    # the 1.5B: right, after 150 tokens of working
    ("Convert 3 hours 45 minutes to decimal hours.", {"sum": "3 hours 45 minutes", "in": "hours"}),
    ("What is 3h 45m in hours as a decimal?", {"sum": "3h 45m", "in": "hours"}),
    ("How many decimal hours is 2 hours 15 minutes?", {"sum": "2 hours 15 minutes", "in": "hours"}),
    ("Express 1 hour 20 minutes as decimal hours", {"sum": "1 hour 20 minutes", "in": "hours"}),
])  # fmt: skip
def test_times_apart_durations_in_one_unit_and_seconds_are_read_without_a_model(message: str, args: dict[str, Any]) -> None:
    assert timespan_asked(message) == args


@pytest.mark.parametrize(("taken", "left"), [
    # one of the two as only a clock writes it, or the question says time: these may be lap times (45 s apart)
    ("What's the difference between 14:35 and 09:50?", "What's the difference between 4:35 and 3:50?"),
    ("What's the difference between 14:35 and 09:50?", "What's the difference between 3.15 and 2.50?"),  # numbers
    ("What's the difference between 14:35 and 09:50?", "What's the difference between 14:35 and 09:50 on Monday?"),
    ("What is the time difference between 8:20am and 5:05pm?", "What is the time difference between London and "
                                                               "Tokyo?"),  # (the clock's: asked before this)
    ("What is the time difference between 8:20am and 5:05pm?", "What is the time difference between 24:10 and "
                                                               "25:30?"),  # no times of day
    ("How many seconds is 2 hours 15 minutes?", "How many seconds is it until 5pm?"),
    ("How many seconds is 2 hours 15 minutes?", "If a movie is 2 hours 15 minutes long, how many seconds is it?"),
    ("How many seconds is 2 hours 15 minutes?", "How many seconds is 2 hours 15 minutes of video?"),
    ("How many hours is 2 hours 30 minutes?", "How many hours is 150 minutes?"),  # one number, one unit: the units
    ("How many minutes is 1:45 hours?", "How many minutes is 1:45?"),  # a time of day, maybe
    ("Convert 2h 5m to seconds", "Convert 5m to seconds"),  # metres, maybe
    ("Convert 2 hours 30 minutes to seconds", "Convert 2 hours 30 minutes to metres"),
    # seconds asked of times that give none: the tool would say minutes (an answer of 1,920 seconds, checked
    # against 32 minutes, would be called wrong)
    ("How many seconds are there between 10:15:30 and 10:47:05?", "How many seconds are there between 10:15 and "
                                                                  "10:47?"),
    ("How many seconds apart are 10:15:30 and 10:47:05?", "How many seconds apart are 10:15 and 10:47?"),
    # a place in a video, or a race time, as likely as a time of day
    ("What's the difference between 10:15:30 am and 10:47:05 am?", "What's the difference between 00:04:35 and "
                                                                   "00:03:50?"),
    ("What's 90 seconds after 11:45pm?", "What's 90 seconds after 4:35?"),  # (4:35 into a video: 6:05)
    ("What time is 90 seconds after 23:59:30?", "What time is 90 seconds after 23.59.30?"),  # (a date, maybe)
    ("What is 2 minutes 30 seconds plus 45 seconds?", "What is 30s + 45s?"),  # (decades, maybe)
    ("Convert 3 hours 45 minutes to decimal hours.", "Convert 3 hours 45 minutes to decimal."),  # (no unit said)
    ("Convert 3 hours 45 minutes to decimal hours.", "Convert 3:45 to decimal hours."),  # (a time of day, maybe)
    ("Convert 3 hours 45 minutes to decimal hours.", "Convert 225 minutes to decimal hours."),  # (one number, one
    # unit: the units tool's)
])  # fmt: skip
def test_a_near_miss_stays_the_models(taken: str, left: str) -> None:
    assert timespan_asked(taken) is not None
    assert timespan_asked(left) is None


def test_times_apart_and_durations_in_a_unit_go_to_timespan_and_places_and_one_unit_do_not() -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    now = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)
    assert exact_call("What's the difference between 14:35 and 09:50?", EXACT_TOOLS, now) == (
        "timespan", {"start": "14:35", "end": "09:50", "apart": True})
    assert exact_call("Convert 2 hours 15 minutes to seconds.", EXACT_TOOLS, now) == (
        "timespan", {"sum": "2 hours 15 minutes", "in": "seconds"})
    assert exact_call("How many seconds is 2 hours 15 minutes?", EXACT_TOOLS, now) == (
        "timespan", {"sum": "2 hours 15 minutes", "in": "seconds"})
    assert exact_call("What is the time difference between London and Tokyo?", EXACT_TOOLS, now) == (
        "clock", {"at": "now", "from": "London", "place": "Tokyo"})
    assert exact_call("How many seconds are in a week?", EXACT_TOOLS, now) == (
        "units", {"value": 1.0, "from": "week", "to": "seconds"})
    assert exact_call("How many hours is 150 minutes?", EXACT_TOOLS, now) == (
        "units", {"value": 150.0, "from": "minutes", "to": "hours"})
    assert exact_call("How many seconds until 5pm?", EXACT_TOOLS, now) is None


# --- to the second: times of day and durations that give seconds, and decimal hours -----------------------


@pytest.mark.parametrize(("args", "said"), [
    # the 1.5B: 60 seconds; its seconds kept, and counted
    ({"start": "10:15:30", "end": "10:47:05"}, "From 10:15:30 (10:15:30 am) to 10:47:05 (10:47:05 am) is 31 minutes 35 "
                                               "seconds (1,895 seconds)."),
    ({"start": "10:15:30 am", "end": "1:05 pm"}, "From 10:15:30 (10:15:30 am) to 13:05:00 (1:05:00 pm) is 2 hours 49 "
                                                 "minutes 30 seconds (10,170 seconds)."),
    ({"start": "11:59:50 pm", "end": "00:00:20"}, "From 23:59:50 (11:59:50 pm) to 00:00:20 (12:00:20 am) the next day "
                                                  "is 30 seconds."),
    ({"start": "10:15:30", "end": "10:47:30"}, "From 10:15:30 (10:15:30 am) to 10:47:30 (10:47:30 am) is 32 minutes "
                                               "(1,920 seconds)."),  # (whole minutes: still counted in seconds)
    ({"start": "10:47:05", "end": "10:15:30", "apart": True}, "On the same day, 10:47:05 (10:47:05 am) and 10:15:30 "
                                                              "(10:15:30 am) are 31 minutes 35 seconds (1,895 seconds) "
                                                              "apart; from 10:47:05 to 10:15:30 the next day it would "
                                                              "be 23 hours 28 minutes 25 seconds."),
    ({"start": "23:59:30", "add": "90 seconds"}, "1 minute 30 seconds (90 seconds) after 23:59:30 (11:59:30 pm) is "
                                                 "00:01:00 (12:01:00 am) the next day."),
    ({"start": "00:00:15", "add": "-30 seconds"}, "30 seconds before 00:00:15 (12:00:15 am) is 23:59:45 (11:59:45 pm) "
                                                  "the day before."),
    # a duration of no whole minutes was rounded: 10:02
    ({"start": "10:00", "add": "1.5 minutes"}, "1 minute 30 seconds (90 seconds) after 10:00:00 (10:00:00 am) is "
                                               "10:01:30 (10:01:30 am)."),
    ({"sum": "2 minutes 30 seconds plus 45 seconds"}, "2 minutes 30 seconds + 45 seconds = 3 minutes 15 seconds (195 "
                                                      "seconds)"),
    ({"sum": "2 minutes 30 seconds", "in": "seconds"}, "2 minutes 30 seconds = 150 seconds"),
    ({"sum": "2h 15m 30s", "in": "minutes"}, "2 hours 15 minutes 30 seconds = 135.5 minutes"),
    ({"sum": "1 hour - 90 seconds", "in": "minutes"}, "1 hour - 1 minute 30 seconds = 58 minutes 30 seconds = 58.5 "
                                                      "minutes"),
])  # fmt: skip
def test_times_and_durations_with_seconds_are_worked_out_to_the_second(args: dict[str, Any], said: str) -> None:
    assert run(**args) == said


def test_with_seconds_the_data_gives_lengths_in_seconds_not_whole_minutes() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))

    def data(**args: Any) -> Any:
        return ToolRegistry().call("timespan", args, ctx).data

    # (whole minutes would be 31: an answer of 1,895 seconds checked against them would be called wrong)
    assert data(start="10:15:30", end="10:47:05") == {"start": "10:15:30", "end": "10:47:05", "seconds": 1895,
                                                      "next_day": False}
    assert data(start="10:47:05", end="10:15:30", apart=True) == {
        "start": "10:47:05", "end": "10:15:30", "seconds": 1895, "next_day": False, "overnight": 84505}
    # (`time` stays the minute, as a check reads it; `time_seconds` has the seconds)
    assert data(start="23:59:30", add="90 seconds") == {"start": "23:59:30", "seconds": 90, "time": "00:01",
                                                        "days": 1, "time_seconds": "00:01:00"}
    assert data(sum="2 minutes 30 seconds + 45 seconds") == {"terms": [150, 45], "total": 195, "seconds": 195,
                                                             "terms_in": "seconds"}
    assert data(sum="2 minutes 30 seconds", **{"in": "minutes"}) == {"terms": [150], "total": 150, "in": "minutes",
                                                                     "value": 2.5, "terms_in": "seconds"}


@pytest.mark.parametrize(("message", "said"), [
    ("How many seconds are there between 10:15:30 and 10:47:05?", "From 10:15:30 (10:15:30 am) to 10:47:05 (10:47:05 "
                                                                  "am) is 31 minutes 35 seconds (1,895 seconds)."),
    ("What time is 90 seconds after 23:59:30?", "1 minute 30 seconds (90 seconds) after 23:59:30 (11:59:30 pm) is "
                                                "00:01:00 (12:01:00 am) the next day."),
    ("Convert 3 hours 45 minutes to decimal hours.", "3 hours 45 minutes = 3.75 hours"),
    ("How many seconds is 2 minutes 30 seconds?", "2 minutes 30 seconds = 150 seconds"),
])  # fmt: skip
def test_seconds_and_decimal_hours_go_to_timespan_before_the_model(message: str, said: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    found = exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc))
    assert found is not None and found[0] == "timespan"
    assert run(**found[1]) == said


def test_seconds_go_to_timespan_and_one_unit_or_times_with_no_seconds_do_not() -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    now = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)
    assert exact_call("How many seconds is 2 minutes 30 seconds?", EXACT_TOOLS, now) == (
        "timespan", {"sum": "2 minutes 30 seconds", "in": "seconds"})
    assert exact_call("How many seconds is 150 minutes?", EXACT_TOOLS, now) == (
        "units", {"value": 150.0, "from": "minutes", "to": "seconds"})
    assert exact_call("How many seconds are there between 10:15 and 10:47?", EXACT_TOOLS, now) is None
    assert exact_call("What time is it in Tokyo?", EXACT_TOOLS, now) == ("clock", {"place": "Tokyo"})


# --- spans between times on weekdays ----------------------------------------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    # the 1.5B: 16 hours
    ({"start": "Monday 9am", "end": "Friday 5pm", "in": "hours"}, "From Monday 9:00 am to Friday 5:00 pm is 104 "
                                                                  "hours (4 days 8 hours)."),
    # over the weekend: the end counts forward from the start
    ({"start": "Friday 10pm", "end": "Monday 6am", "in": "hours"}, "From Friday 10:00 pm to Monday 6:00 am is 56 "
                                                                   "hours (2 days 8 hours)."),
    ({"start": "Monday 9am", "end": "Friday 5:30pm", "in": "hours"}, "From Monday 9:00 am to Friday 5:30 pm is 104.5 "
                                                                     "hours (4 days 8 hours 30 minutes)."),
    ({"start": "Tuesday 08:00", "end": "Thursday 18:30"}, "From Tuesday 8:00 am to Thursday 6:30 pm is 2 days 10 "
                                                          "hours 30 minutes (58.5 hours)."),
    ({"start": "Wednesday 23:15", "end": "Thursday 01:05", "in": "minutes"}, "From Wednesday 11:15 pm to Thursday "
                                                                             "1:05 am is 110 minutes (1 hour 50 "
                                                                             "minutes)."),
    ({"start": "Monday 9am", "end": "Friday 5pm", "in": "seconds"}, "From Monday 9:00 am to Friday 5:00 pm is "
                                                                    "374,400 seconds (4 days 8 hours)."),
    ({"start": "Monday 9am", "end": "Friday 5pm", "in": "days"}, "From Monday 9:00 am to Friday 5:00 pm is about "
                                                                 "4.3333 days (4 days 8 hours)."),
    ({"start": "Wed 23:15", "end": "Thu 00:05"}, "From Wednesday 11:15 pm to Thursday 12:05 am is 50 minutes."),
    ({"start": "Sunday 11pm", "end": "Monday 1am", "in": "hours"}, "From Sunday 11:00 pm to Monday 1:00 am is 2 "
                                                                   "hours."),
    # the same weekday: later the same day, earlier (or the same time) the next week
    ({"start": "Monday 9am", "end": "Monday 5pm"}, "From Monday 9:00 am to Monday 5:00 pm is 8 hours."),
    ({"start": "Monday 5pm", "end": "Monday 9am"}, "From Monday 5:00 pm to Monday 9:00 am the next week is 6 days 16 "
                                                   "hours (160 hours)."),
    ({"start": "Monday 9am", "end": "Monday 9am", "in": "hours"}, "From Monday 9:00 am to Monday 9:00 am the next "
                                                                  "week is 168 hours (7 days)."),
    # written other ways; apart or not, the weekdays say which comes first
    ({"start": "9am on Monday", "end": "Friday at 5pm", "apart": True}, "From Monday 9:00 am to Friday 5:00 pm is 4 "
                                                                        "days 8 hours (104 hours)."),
    ({"start": "Monday 10:15:30", "end": "Tuesday 10:47:05"}, "From Monday 10:15:30 am to Tuesday 10:47:05 am is 1 "
                                                              "day 31 minutes 35 seconds (about 24.5264 hours)."),
])  # fmt: skip
def test_a_span_between_times_on_weekdays_counts_forward_from_the_first(args: dict[str, Any], said: str) -> None:
    assert run(**args) == said


def test_a_span_on_weekdays_gives_its_minutes_or_seconds_for_an_answer_to_give() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))

    def data(**args: Any) -> Any:
        return ToolRegistry().call("timespan", args, ctx).data

    # (an answer of 104 hours, or 104.5, is checked against the minutes)
    assert data(start="Monday 9am", end="Friday 5pm", **{"in": "hours"}) == {
        "start": "Monday 09:00", "end": "Friday 17:00", "minutes": 6240, "unit": "hours", "value": 104.0,
        "next_week": False}
    assert data(start="Monday 5pm", end="Monday 9am")["next_week"] is True
    assert data(start="Monday 9am", end="Friday 5pm", **{"in": "seconds"})["seconds"] == 374_400


@pytest.mark.parametrize(("args", "error"), [
    ({"start": "Funday 9am", "end": "Friday 5pm"}, "^timespan: 'Funday' is no weekday; give Monday to Sunday with a "
                                                   "time \\(Monday 9am\\)$"),
    ({"start": "Monday 25:00", "end": "Friday 5pm"}, "^timespan: '25:00' is no time of day$"),
    ({"start": "Monday 9", "end": "Friday 5pm"}, "^timespan: '9' is no time of day; give 13:10"),
    ({"start": "Monday 9am", "end": "5pm"}, "^timespan: give a weekday with both start and end"),
    ({"start": "9am", "end": "Friday 5pm"}, "^timespan: give a weekday with both start and end"),
    ({"start": "Monday", "end": "Friday 5pm"}, "^timespan: give a time with 'Monday': Monday 9am$"),
    ({"start": "Monday 9am", "end": "Friday 5pm", "in": "weeks"}, "^timespan: parameter 'in' must be one of"),
])  # fmt: skip
def test_a_bad_weekday_or_time_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=error) as raised:
        run(**args)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(("message", "args"), [
    ("How many hours are there between Monday 9am and Friday 5pm?", {"start": "Monday 9am", "end": "Friday 5pm",
                                                                     "in": "hours"}),
    ("How many hours from Friday 10pm to Monday 6am?", {"start": "Friday 10pm", "end": "Monday 6am", "in": "hours"}),
    ("How long is it from Tuesday 08:00 until Thursday 18:30?", {"start": "Tuesday 08:00", "end": "Thursday 18:30"}),
    ("How many minutes between Wednesday 23:15 and Thursday 01:05?", {"start": "Wednesday 23:15",
                                                                      "end": "Thursday 01:05", "in": "minutes"}),
    ("How many seconds between Monday 9am and Friday 5pm?", {"start": "Monday 9am", "end": "Friday 5pm",
                                                             "in": "seconds"}),  # (whole minutes: exact in seconds)
    ("How many hours between 9am on Monday and 5pm on Friday?", {"start": "9am on Monday", "end": "5pm on Friday",
                                                                 "in": "hours"}),
    ("How many hours between Monday at 9am and Friday at 5pm?", {"start": "Monday at 9am", "end": "Friday at 5pm",
                                                                 "in": "hours"}),
    ("What's the difference between Monday 9am and Friday 5pm?", {"start": "Monday 9am", "end": "Friday 5pm"}),
    ("What is the difference in hours between Friday 10pm and Monday 6am?", {"start": "Friday 10pm",
                                                                             "end": "Monday 6am", "in": "hours"}),
    ("How many minutes apart are Mon 9:00 and Tue 10:00?", {"start": "Mon 9:00", "end": "Tue 10:00", "in": "minutes"}),
])  # fmt: skip
def test_a_span_between_times_on_weekdays_is_read_without_a_model(message: str, args: dict[str, Any]) -> None:
    assert timespan_asked(message) == args


@pytest.mark.parametrize(("taken", "left"), [
    # no times: the calendar's (or the model's)
    ("How many hours are there between Monday 9am and Friday 5pm?", "How many hours between Monday and Friday?"),
    ("How many hours are there between Monday 9am and Friday 5pm?", "How many hours worked between Monday 9am and "
                                                                    "Friday 5pm excluding nights?"),
    ("How many hours are there between Monday 9am and Friday 5pm?", "How many hours between Monday 9am and Friday "
                                                                    "5pm excluding nights?"),
    ("How long is it from Tuesday 08:00 until Thursday 18:30?", "How long is the meeting from Tuesday 08:00 until "
                                                                "Thursday 18:30?"),
    ("How long is it from Tuesday 08:00 until Thursday 18:30?", "When should we meet between Tuesday 08:00 and "
                                                                "Thursday 18:30?"),
    # a weekday on one end only: the same day, or not
    ("How many hours are there between Monday 9am and Friday 5pm?", "How many hours between Monday 9am and 5pm?"),
    ("How many hours are there between Monday 9am and Friday 5pm?", "How many hours between Monday 25:00 and Friday "
                                                                    "5pm?"),
    ("What's the difference between Monday 9am and Friday 5pm?", "What's the difference between Monday 9am and 5pm?"),
])  # fmt: skip
def test_a_near_miss_on_weekdays_stays_the_models(taken: str, left: str) -> None:
    assert timespan_asked(taken) is not None
    assert timespan_asked(left) is None


@pytest.mark.parametrize(("message", "said"), [
    ("How many hours are there between Monday 9am and Friday 5pm?", "From Monday 9:00 am to Friday 5:00 pm is 104 "
                                                                    "hours (4 days 8 hours)."),
    ("How many hours from Friday 10pm to Monday 6am?", "From Friday 10:00 pm to Monday 6:00 am is 56 hours (2 days 8 "
                                                       "hours)."),
])  # fmt: skip
def test_a_span_on_weekdays_goes_to_timespan_before_the_model(message: str, said: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    found = exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, tzinfo=timezone.utc))
    assert found is not None and found[0] == "timespan"
    assert run(**found[1]) == said


# --- until a time, from the time the asker says it is ----------------------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    # the 1.5B: 81,490 seconds
    ({"start": "23:42:10", "end": "midnight", "in": "seconds"}, "From 23:42:10 (11:42:10 pm) to midnight (24:00:00) is "
                                                                "1,070 seconds (17 minutes 50 seconds)."),
    ({"start": "23:42:10", "end": "midnight", "in": "minutes"}, "From 23:42:10 (11:42:10 pm) to midnight (24:00:00) is "
                                                                "about 17.8333 minutes (17 minutes 50 seconds)."),
    ({"start": "21:35", "end": "midnight", "in": "seconds"}, "From 21:35 (9:35 pm) to midnight (24:00) is 8,700 "
                                                             "seconds (2 hours 25 minutes)."),
    ({"start": "21:35", "end": "midnight", "in": "hours"}, "From 21:35 (9:35 pm) to midnight (24:00) is about 2.4167 "
                                                           "hours (2 hours 25 minutes)."),
    ({"start": "13:40", "end": "5pm", "in": "minutes"}, "From 13:40 (1:40 pm) to 17:00 (5:00 pm) is 200 minutes (3 "
                                                        "hours 20 minutes)."),
    ({"start": "22:00", "end": "midnight", "in": "hours"}, "From 22:00 (10:00 pm) to midnight (24:00) is 2 hours."),
    ({"start": "23:00", "end": "1am", "in": "minutes"}, "From 23:00 (11:00 pm) to 01:00 (1:00 am) the next day is 120 "
                                                        "minutes (2 hours)."),
    # midnight after a start is the end of its day, not 00:00 the next; as a start, the day's beginning
    ({"start": "22:15", "end": "midnight"}, "From 22:15 (10:15 pm) to midnight (24:00) is 1 hour 45 minutes (105 "
                                            "minutes)."),
    ({"start": "midnight", "end": "6am"}, "From 00:00 (12:00 am) to 06:00 (6:00 am) is 6 hours."),
])  # fmt: skip
def test_a_span_is_said_in_the_unit_asked_first_and_ends_at_midnight(args: dict[str, Any], said: str) -> None:
    assert run(**args) == said


def test_a_span_in_a_unit_gives_its_value_and_asked_in_seconds_its_seconds() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"))
    data = ToolRegistry().call("timespan", {"start": "21:35", "end": "midnight", "in": "seconds"}, ctx).data
    assert data == {"start": "21:35", "end": "24:00", "seconds": 8700, "next_day": False, "unit": "seconds",
                    "value": 8700.0}
    data = ToolRegistry().call("timespan", {"start": "21:35", "end": "midnight", "in": "hours"}, ctx).data
    assert data == {"start": "21:35", "end": "24:00", "minutes": 145, "next_day": False, "unit": "hours",
                    "value": 2.416667}
    assert ToolRegistry().call("timespan", {"start": "23:00", "end": "1am"}, ctx).data == {
        "start": "23:00", "end": "01:00", "minutes": 120, "next_day": True}


@pytest.mark.parametrize(("message", "args"), [
    ("How many seconds are there until midnight if it is 23:42:10?", {"start": "23:42:10", "end": "midnight",
                                                                      "in": "seconds"}),
    ("How many minutes are left until midnight if it is 23:42:10?", {"start": "23:42:10", "end": "midnight",
                                                                     "in": "minutes"}),
    ("How many hours until midnight if it's 21:35?", {"start": "21:35", "end": "midnight", "in": "hours"}),
    ("How many seconds until midnight from 21:35?", {"start": "21:35", "end": "midnight", "in": "seconds"}),
    ("It's 22:15. How long until midnight?", {"start": "22:15", "end": "midnight"}),
    ("It is 22:15 - how long until midnight?", {"start": "22:15", "end": "midnight"}),
    ("If it's 23:42:10, how many seconds until midnight?", {"start": "23:42:10", "end": "midnight", "in": "seconds"}),
    ("How long until noon if it's 9:20?", {"start": "9:20", "end": "noon"}),
    ("How many minutes until 5pm if it's 13:40?", {"start": "13:40", "end": "5pm", "in": "minutes"}),
    ("How many minutes to 5pm if its 13:40?", {"start": "13:40", "end": "5pm", "in": "minutes"}),
    ("How long until Friday 5pm if it's Monday 9am?", {"start": "Monday 9am", "end": "Friday 5pm"}),
])  # fmt: skip
def test_how_long_until_a_time_from_the_time_said_is_read_without_a_model(message: str, args: dict[str, Any]) -> None:
    assert timespan_asked(message) == args


@pytest.mark.parametrize(("taken", "left"), [
    ("How long until midnight if it's 23:42?", "How long until midnight?"),  # the clock's time, not the asker's
    ("How many seconds until midnight if it's 23:42?", "How many seconds until midnight?"),
    ("How long until midnight from 21:35?", "How long until midnight from now?"),
    ("How long until midnight if it's 23:42?", "How long until midnight if it's 23:42 in Tokyo?"),
    ("It's 22:15. How long until midnight?", "It's 22:15 in London. How long until midnight?"),
    ("How long until midnight if it's 23:42?", "How long until the deadline if it's 23:42?"),
    ("How long until 5pm if it's 9:00?", "How long until 25:00 if it's 9:00?"),
    ("How long until midnight if it's 23:00?", "How long until midnight if it's 25:00?"),
    ("How many hours until midnight if it's 23:00?", "How many days until midnight if it's 23:00?"),
    ("How long until Friday 5pm if it's Monday 9am?", "How long until 5pm Friday if it's 9am?"),
])  # fmt: skip
def test_a_near_miss_until_a_time_stays_the_models(taken: str, left: str) -> None:
    assert timespan_asked(taken) is not None
    assert timespan_asked(left) is None


@pytest.mark.parametrize(("message", "said"), [
    ("How many seconds are there until midnight if it is 23:42:10?", "From 23:42:10 (11:42:10 pm) to midnight "
                                                                     "(24:00:00) is 1,070 seconds (17 minutes 50 "
                                                                     "seconds)."),
    ("How many minutes from 21:35 to midnight?", "From 21:35 (9:35 pm) to midnight (24:00) is 2 hours 25 minutes (145 "
                                                 "minutes)."),
    ("How long until noon if it's 9:20?", "From 09:20 (9:20 am) to 12:00 (12:00 pm) is 2 hours 40 minutes (160 "
                                          "minutes)."),
])  # fmt: skip
def test_how_long_until_a_time_goes_to_timespan_before_the_model(message: str, said: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    now = datetime(2026, 12, 6, 10, tzinfo=timezone.utc)
    found = exact_call(message, EXACT_TOOLS, now)
    assert found is not None and found[0] == "timespan"
    assert run(**found[1]) == said
    assert exact_call("How long until midnight?", EXACT_TOOLS, now) is None


# --- when a thing that starts at a time and lasts a while ends ------------------------------------

@pytest.mark.parametrize(("message", "args", "said", "time"), [
    # the 1.5B said 12:15, worked in its head: no tool was asked
    ("If a meeting starts at 10:40 and lasts 1 hour 35 minutes, when does it end?",
     {"start": "10:40", "add": "1 hour 35 minutes"},
     "1 hour 35 minutes (95 minutes) after 10:40 (10:40 am) is 12:15 (12:15 pm).", "12:15"),
    ("A film starts at 19:50 and runs 2 hours 25 minutes. What time does it finish?",
     {"start": "19:50", "add": "2 hours 25 minutes"},
     "2 hours 25 minutes (145 minutes) after 19:50 (7:50 pm) is 22:15 (10:15 pm).", "22:15"),
    ("My shift begins at 10pm and lasts 9 hours; when does it end?", {"start": "10pm", "add": "9 hours"},
     "9 hours after 22:00 (10:00 pm) is 07:00 (7:00 am) the next day.", "07:00"),
    ("When does the meeting end if it starts at 10:40 and lasts 95 minutes?", {"start": "10:40", "add": "95 minutes"},
     "1 hour 35 minutes (95 minutes) after 10:40 (10:40 am) is 12:15 (12:15 pm).", "12:15"),
    ("The concert starts at 8pm and lasts 2.5 hours. When will it be over?", {"start": "8pm", "add": "2.5 hours"},
     "2 hours 30 minutes (150 minutes) after 20:00 (8:00 pm) is 22:30 (10:30 pm).", "22:30"),
    ("If the talks start at 9:15 am and go on for 3 hours 20 minutes, what time do they end?",
     {"start": "9:15 am", "add": "3 hours 20 minutes"},
     "3 hours 20 minutes (200 minutes) after 09:15 (9:15 am) is 12:35 (12:35 pm).", "12:35"),
])  # fmt: skip
def test_when_a_thing_that_starts_and_lasts_ends_goes_to_timespan(message: str, args: dict[str, str], said: str,
                                                                   time: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, tzinfo=timezone.utc)) == ("timespan", args)
    result = ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == said
    assert result.data["time"] == time  # (the time the answer must give)


@pytest.mark.parametrize("message", [
    "What time does the meeting end?",  # no times
    "If a meeting starts at 10:40, when does it end?",  # no duration
    "A film starts at 19:50 and runs 2 hours 25 minutes. What time does it start?",  # not when it ends
    "A film starts at 19:50 and runs 2 hours 25 minutes. How long is it?",
    "A film starts at 19:50 and runs about 2 hours. What time does it finish?",  # about: no exact end
    "If a meeting starts at 10 and lasts 1 hour, when does it end?",  # a bare 10: no time of day
    "If a meeting starts at 25:00 and lasts 1 hour, when does it end?",
    "If a call starts at 10am in London and lasts 2 hours, when does it end in Tokyo?",  # on two clocks
    "If a meeting starts at 10:40 and lasts 1 hour 35 minutes, when does it end in Tokyo?",
    "My flight leaves at 10pm and takes 9 hours; when does it land in Tokyo?",  # (a landing on a clock named)
])
def test_a_near_miss_of_when_a_thing_ends_stays_the_models(message: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert timespan_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, tzinfo=timezone.utc)) is None


@pytest.mark.parametrize(("message", "args", "said", "right", "wrong"), [
    # the 1.5B: "11:59 pm is earlier than 00:01 am" (on one day, 00:01 comes first)
    ("Which is earlier, 11:59 pm or 00:01 am?", {"start": "11:59 pm", "end": "00:01 am", "apart": True,
                                                 "which": "earlier"},
     "On the same day, 00:01 (12:01 am) is the earlier: 23:59 (11:59 pm) and 00:01 (12:01 am) are 23 hours 58 minutes "
     "(1,438 minutes) apart; from 23:59 to 00:01 the next day it would be 2 minutes.",
     "00:01 am is earlier on the same day.", "11:59 pm is earlier than 00:01 am."),
    ("Which is later: 23:15 or 11:20 pm?", {"start": "23:15", "end": "11:20 pm", "apart": True, "which": "later"},
     "On the same day, 23:20 (11:20 pm) is the later: 23:15 (11:15 pm) and 23:20 (11:20 pm) are 5 minutes apart.",
     "11:20 pm is later, by 5 minutes.", "23:15 is later."),
    ("Which comes first, 7:45 am or 07:30?", {"start": "7:45 am", "end": "07:30", "apart": True, "which": "earlier"},
     "On the same day, 07:30 (7:30 am) is the earlier: 07:45 (7:45 am) and 07:30 (7:30 am) are 15 minutes apart; "
     "from 07:45 to 07:30 the next day it would be 23 hours 45 minutes.", "07:30 comes first.", "7:45 am."),
])  # fmt: skip
def test_the_earlier_or_later_of_two_times_is_named_and_checked(message: str, args: dict[str, Any], said: str,
                                                               right: str, wrong: str) -> None:
    from llorch.chat.answercheck import expected, fault

    assert timespan_asked(message) == args
    done = ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent")))
    assert done.text == said
    want = expected("timespan", done.data, message)
    assert fault(right, want, "timespan", done.text) is None
    assert fault(wrong, want, "timespan", done.text) is not None


@pytest.mark.parametrize(("args", "right", "wrong"), [
    # the time beside the word is the one it calls so: both are named, the wrong one last and called later
    ({"start": "23:15", "end": "11:20 pm", "which": "later"}, "The later one is 11:20 pm",
     "11:20 pm is earlier than 23:15, so 23:15 is later."),
    ({"start": "11:59 pm", "end": "00:01 am", "which": "earlier"}, "The earlier time is 12:01 AM.",
     "Compared with 12:01 am, 11:59 pm is earlier."),
    ({"start": "11:59 pm", "end": "00:01 am", "which": "earlier"}, "12:01 a.m. comes before 11:59 p.m.",
     "The earlier: 11:59 pm."),
    # no time in the word's clause: the answer names the one and not the other
    ({"start": "11:59 pm", "end": "00:01 am", "which": "earlier"}, "12:01 am. It comes first on the same day.",
     "11:59 pm. It comes first."),
    ({"start": "noon", "end": "11:30", "which": "later"}, "Noon is later.", "11:30 is later than noon."),
    ({"start": "00:30", "end": "midnight", "which": "earlier"}, "Midnight comes first.", "00:30 is earlier."),
    # to the second: 23:59 is a form of neither
    ({"start": "23:59:58", "end": "23:59:59", "which": "later"}, "23:59:59 is later, by a second.",
     "23:59:58 is later."),
])
def test_the_earlier_or_later_is_the_time_beside_its_word(args: dict[str, str], right: str, wrong: str) -> None:
    from llorch.chat.answercheck import expected, fault

    done = ToolRegistry().call("timespan", {**args, "apart": True}, ToolContext(data_dir=Path("/nonexistent")))
    want = expected("timespan", done.data, "Which is earlier?")
    assert fault(right, want, "timespan", done.text) is None
    assert fault(wrong, want, "timespan", done.text) is not None


def test_the_same_time_twice_is_said_so_and_which_needs_apart() -> None:
    assert run(start="noon", end="12:00", apart=True, which="later") == (
        "12:00 (12:00 pm) and 12:00 (12:00 pm) are the same time of day.")
    with pytest.raises(ToolError, match="^timespan: which names the earlier or the later of start and end; give it "
                                        "with apart$"):
        run(start="noon", end="13:00", which="earlier")


@pytest.mark.parametrize("message", [
    "Which is later, 11:00 or 1:00?",  # 1:00 may be either half of the day
    "Which is earlier, 9:30 or the meeting?",
    "Which is later, 11:59 pm or 00:01 am tomorrow?",
    "Which comes first, noon or midnight?",  # midnight is a day's start or its end
])
def test_which_of_two_times_less_plain_stays_the_models(message: str) -> None:
    assert timespan_asked(message) is None
