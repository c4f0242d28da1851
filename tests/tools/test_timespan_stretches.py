"""The timespan tool's stretches told, then asked ("If I sleep at 23:30 and wake at 6:45, how long did I sleep?"),
and the hours in a month or a year ("How many hours are there in March?"): which questions go to it, what it says,
and what an answer must give."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.timespanquestions import timespan_asked

NOW = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)  # (a Sunday)


def call(args: dict[str, Any], now: datetime = NOW) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: now))


# --- from when a thing starts to when it ends --------------------------------------------------------------------


@pytest.mark.parametrize(("message", "args", "said", "minutes"), [
    # the 1.5B: 3 hours 15 minutes
    ("If I sleep at 23:30 and wake at 6:45, how long did I sleep?", {"start": "23:30", "end": "6:45"},
     "From 23:30 (11:30 pm) to 06:45 (6:45 am) the next day is 7 hours 15 minutes (435 minutes).", 435),
    ("I went to bed at 11pm and got up at 7:20am. How much sleep did I get?", {"start": "11pm", "end": "7:20am"},
     "From 23:00 (11:00 pm) to 07:20 (7:20 am) the next day is 8 hours 20 minutes (500 minutes).", 500),
    ("If I go to sleep at 10:45 pm and wake up at 6 am, how many hours of sleep is that?",
     {"start": "10:45 pm", "end": "6 am"},
     "From 22:45 (10:45 pm) to 06:00 (6:00 am) the next day is 7 hours 15 minutes (435 minutes).", 435),
    ("I left at 8:50 and arrived at 11:05, how long was the journey?", {"start": "8:50", "end": "11:05"},
     "From 08:50 (8:50 am) to 11:05 (11:05 am) is 2 hours 15 minutes (135 minutes).", 135),
    ("The shop opens at 9am and closes at 5:30pm. How long is it open?", {"start": "9am", "end": "5:30pm"},
     "From 09:00 (9:00 am) to 17:30 (5:30 pm) is 8 hours 30 minutes (510 minutes).", 510),
    ("How long did I sleep if I went to bed at 11pm and woke at 7am?", {"start": "11pm", "end": "7am"},
     "From 23:00 (11:00 pm) to 07:00 (7:00 am) the next day is 8 hours.", 480),
    ("I fell asleep at 00:40 and woke up at 7:15 - how long was I asleep?", {"start": "00:40", "end": "7:15"},
     "From 00:40 (12:40 am) to 07:15 (7:15 am) is 6 hours 35 minutes (395 minutes).", 395),
    ("We set off at 7:15am and got there at 1:40pm, how long did the journey take?",
     {"start": "7:15am", "end": "1:40pm"},
     "From 07:15 (7:15 am) to 13:40 (1:40 pm) is 6 hours 25 minutes (385 minutes).", 385),
    ("I clocked in at 8:30 and clocked out at 17:15. How many hours did I work?", {"start": "8:30", "end": "17:15"},
     "From 08:30 (8:30 am) to 17:15 (5:15 pm) is 8 hours 45 minutes (525 minutes).", 525),
    ("If I go to bed at 23:30 and need to get up at 6:45, how much sleep will I get?",
     {"start": "23:30", "end": "6:45"},
     "From 23:30 (11:30 pm) to 06:45 (6:45 am) the next day is 7 hours 15 minutes (435 minutes).", 435),
    ("I woke at 7am and went to bed at 11:30pm, how long was I awake?", {"start": "7am", "end": "11:30pm"},
     "From 07:00 (7:00 am) to 23:30 (11:30 pm) is 16 hours 30 minutes (990 minutes).", 990),
])  # fmt: skip
def test_a_stretch_told_then_asked_is_a_span_overnight_where_it_ends_earlier(
        message: str, args: dict[str, str], said: str, minutes: int) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)
    result = call(args)
    assert result.text == said
    assert result.data["minutes"] == minutes and result.data["next_day"] == ("next day" in said)


@pytest.mark.parametrize("message", [
    "How long should I sleep?",
    "I sleep at 11, is that ok?",
    "I sleep at 23:30 and wake at 6:45, is that enough?",  # no length asked
    "If I sleep at 23:30 and wake at 6:45, how long should I sleep?",
    "If I sleep at 23:30 and wake at 6:45, how many hours do I sleep a week?",  # seven nights: the model's
    "If I sleep at 23:30 and wake at 6:45, how long until I wake?",
    "If I sleep at 23:30 and wake at 6:45 every day, how long do I sleep?",
    "The shop opens at 9am and closes at 5:30pm on Saturdays. How long is it open?",
    "I went to bed at 11 and woke at 7, how long did I sleep?",  # bare hours: 11 to 7 is 20 hours on a 24-hour clock
    # either half of the day, and over 12 hours as written: 19 h 15 min, or 7 h 15 min as a night's sleep
    "I went to bed at 11:30 and woke up at 6:45, how long did I sleep?",
    "The shop opens at 9am and closes at 5:30. How long is it open?",  # 5:30 am, as written: 20 h 30 min
    "I woke at 7am and went to bed at 11:30, how long was I awake?",  # 4 h 30 min as written; 16 h 30 min
    "My flight departs at 22:10 and arrives at 06:35, how long is the flight?",  # each its airport's time
    "The plane took off at 9:00 and landed at 13:00, how long was it in the air?",
    "I went to bed at 10pm and woke at 10pm, how long did I sleep?",  # no stretch, or a day
    "I went to bed at 25:00 and woke at 7am, how long did I sleep?",
])
def test_other_stretches_stay_the_models(message: str) -> None:
    assert timespan_asked(message) is None
    assert (exact_call(message, EXACT_TOOLS, NOW) or ("",))[0] != "timespan"


@pytest.mark.parametrize(("answer", "noted"), [
    ("You slept 3 hours 15 minutes.", True),  # the 1.5B's
    ("You slept 7 hours and 15 minutes.", False),
    ("That is 7.25 hours of sleep.", False),
    ("About 7 hours.", True),
])
def test_an_answer_that_does_not_give_the_stretch_gets_a_note(answer: str, noted: bool) -> None:
    asked = "If I sleep at 23:30 and wake at 6:45, how long did I sleep?"
    result = call({"start": "23:30", "end": "6:45"})
    assert (fault(answer, expected("timespan", result.data, asked), "timespan", result.text) is not None) == noted


# --- the hours in a month or a year ----------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "args", "said", "value"), [
    # the 1.5B: 21; a month without its year is the next (asked in December 2026: March 2027)
    ("How many hours are there in March?", {"period": "March", "in": "hours"},
     "March 2027 has 31 days: 744 hours (743 where clocks go forward an hour that month, as in the EU and the US).",
     744),
    ("How many minutes are in February 2028?", {"period": "February 2028", "in": "minutes"},
     "February 2028 has 29 days: 41,760 minutes.", 41_760),
    ("How many hours are in 2027?", {"period": "2027", "in": "hours"}, "2027 has 365 days: 8,760 hours.", 8_760),
    ("How many seconds does 2028 have?", {"period": "2028", "in": "seconds"},
     "2028 has 366 days (a leap year): 31,622,400 seconds.", 31_622_400),
    # the units tool takes no year (pint's is 365.25 days): a calendar's has 365 or 366
    ("How many hours are in a year?", {"period": "a year", "in": "hours"},
     "A common year has 365 days: 8,760 hours; a leap year has 366: 8,784 hours.", 8_760),
    ("How many hours in next month?", {"period": "next month", "in": "hours"}, "January 2027 has 31 days: 744 hours.",
     744),
    ("How many hours are in the month of May?", {"period": "the month of May", "in": "hours"},
     "May 2027 has 31 days: 744 hours.", 744),
    ("How many hours are in February?", {"period": "February", "in": "hours"},
     "February 2027 has 28 days: 672 hours; a leap year's February has 29 days: 696 hours.", 672),
    ("How many hours were there in October 2026?", {"period": "October 2026", "in": "hours"},
     "October 2026 had 31 days: 744 hours (745 where clocks go back an hour that month, as in the EU).", 744),
])  # fmt: skip
def test_a_months_or_years_hours_are_its_days_times_24(message: str, args: dict[str, str], said: str,
                                                       value: int) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)
    result = call(args)
    assert result.text == said
    assert result.data["value"] == value and result.data["in"] == args["in"]


def test_a_months_data_gives_its_days_and_where_clocks_change_its_length_there() -> None:
    assert call({"period": "March", "in": "hours"}).data == {
        "period": "March 2027", "days": 31, "in": "hours", "value": 744,
        "clock_change": {"the EU": 743, "the US": 743}}
    assert call({"period": "November 2027", "in": "minutes"}).data == {
        "period": "November 2027", "days": 30, "in": "minutes", "value": 43_200, "clock_change": {"the US": 43_260}}
    assert call({"period": "February", "in": "hours"}).data == {
        "period": "February 2027", "days": 28, "in": "hours", "value": 672, "leap_year": {"days": 29, "value": 696}}


@pytest.mark.parametrize(("args", "now", "said"), [
    ({"period": "December"}, NOW, "December 2026 has 31 days: 744 hours."),  # this month: not ended
    ({"period": "November"}, NOW, "November 2027 has 30 days: 720 hours (721 where clocks go back an hour that "
                                  "month, as in the US)."),  # ended: next year's
    ({"period": "February"}, datetime(2027, 3, 1, tzinfo=timezone.utc),
     "February 2028 has 29 days: 696 hours; a common year's February has 28 days: 672 hours."),
    ({"period": "March 2000"}, NOW, "March 2000 had 31 days: 744 hours."),  # (before 2007 the US changed in April)
    ({"period": "March 2027", "in": "days"}, NOW, "March 2027 has 31 days."),
    ({"period": "a leap year", "in": "minutes"}, NOW, "A leap year has 366 days: 527,040 minutes."),
])  # fmt: skip
def test_a_period_is_read_on_the_tools_clock(args: dict[str, str], now: datetime, said: str) -> None:
    assert call(args, now).text == said


@pytest.mark.parametrize(("args", "error"), [
    ({"period": "school"}, "'school' is no month or year llorch reads"),
    ({"period": "10000"}, "years run from 1 to 9999; got 10000"),
    ({"period": "March", "start": "9am"}, "give a period alone"),
])
def test_what_is_no_month_or_year_is_a_one_line_error(args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        call(args)


@pytest.mark.parametrize("message", [
    "How many hours are there in March that I worked?",
    "How many hours are in a month?",  # 672 to 744
    "How many hours are in school?",
    "How many hours in March 2027 in London?",
    "How many hours of daylight are in March?",
    "How many hours are in 10000?",
])
def test_other_hours_in_a_period_stay_the_models(message: str) -> None:
    assert timespan_asked(message) is None
    assert (exact_call(message, EXACT_TOOLS, NOW) or ("",))[0] != "timespan"


@pytest.mark.parametrize(("answer", "noted"), [
    ("There are 21 hours in March.", True),  # the 1.5B's
    ("March has 744 hours (743 where clocks go forward).", False),
    ("743 hours.", True),  # only where clocks change
])
def test_an_answer_that_does_not_give_the_months_hours_gets_a_note(answer: str, noted: bool) -> None:
    asked = "How many hours are there in March?"
    result = call({"period": "March", "in": "hours"})
    assert (fault(answer, expected("timespan", result.data, asked), "timespan", result.text) is not None) == noted
