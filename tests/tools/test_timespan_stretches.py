"""The timespan tool's stretches told, then asked ("If I sleep at 23:30 and wake at 6:45, how long did I sleep?"),
a trip's arrival ("If I leave at 14:40 and the trip takes 3 h 35 min, when do I arrive?"), and the hours in a month
or a year ("How many hours are there in March?"): which questions go to it, what it says, and what an answer must
give."""

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


# --- a trip: when it arrives, and how long it took ---------------------------------------------------------------


@pytest.mark.parametrize(("message", "args", "said", "time"), [
    # the 1.5B: 17:15
    ("If I leave at 14:40 and the trip takes 3 h 35 min, when do I arrive?", {"start": "14:40", "add": "3 h 35 min"},
     "3 hours 35 minutes (215 minutes) after 14:40 (2:40 pm) is 18:15 (6:15 pm).", "18:15"),
    ("If we set off at 7:15 and the drive is 2 hours 20 minutes, what time will we get there?",
     {"start": "7:15", "add": "2 hours 20 minutes"},
     "2 hours 20 minutes (140 minutes) after 07:15 (7:15 am) is 09:35 (9:35 am).", "09:35"),
    ("I start at 9:10 and it takes 2 hours. When will I finish?", {"start": "9:10", "add": "2 hours"},
     "2 hours after 09:10 (9:10 am) is 11:10 (11:10 am).", "11:10"),
    ("I leave at 23:30 and the journey takes 2 h 15 min. When do I arrive?", {"start": "23:30", "add": "2 h 15 min"},
     "2 hours 15 minutes (135 minutes) after 23:30 (11:30 pm) is 01:45 (1:45 am) the next day.", "01:45"),
    ("If I depart at 06:50 and the flight takes 1 hour 55 minutes, when do I land?",
     {"start": "06:50", "add": "1 hour 55 minutes"},
     "1 hour 55 minutes (115 minutes) after 06:50 (6:50 am) is 08:45 (8:45 am).", "08:45"),
    # a thing's, on the clock it leaves by: no time zone is named
    ("A flight departs at 10:20 and lasts 2 h 45 min. When does it land?", {"start": "10:20", "add": "2 h 45 min"},
     "2 hours 45 minutes (165 minutes) after 10:20 (10:20 am) is 13:05 (1:05 pm).", "13:05"),
    ("My flight leaves at 10pm and takes 9 hours; when does it land?", {"start": "10pm", "add": "9 hours"},
     "9 hours after 22:00 (10:00 pm) is 07:00 (7:00 am) the next day.", "07:00"),
    ("The bus leaves at 9:10 and takes 40 minutes, when does it arrive?", {"start": "9:10", "add": "40 minutes"},
     "40 minutes after 09:10 (9:10 am) is 09:50 (9:50 am).", "09:50"),
    ("The meeting starts at 10:40 AM and lasts 95 minutes. When does it end?",  # "AM": no name
     {"start": "10:40 AM", "add": "95 minutes"},
     "1 hour 35 minutes (95 minutes) after 10:40 (10:40 am) is 12:15 (12:15 pm).", "12:15"),
])  # fmt: skip
def test_when_a_trip_arrives_is_its_start_moved_by_its_length(message: str, args: dict[str, str], said: str,
                                                             time: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)
    result = call(args)
    assert result.text == said
    assert result.data["time"] == time


@pytest.mark.parametrize(("message", "args", "said", "minutes"), [
    ("A train leaves at 09:47 and arrives at 13:12. How long is the trip?", {"start": "09:47", "end": "13:12"},
     "From 09:47 (9:47 am) to 13:12 (1:12 pm) is 3 hours 25 minutes (205 minutes).", 205),
    ("A bus departs at 7:15am and arrives at 1:40pm, how long is the journey?", {"start": "7:15am", "end": "1:40pm"},
     "From 07:15 (7:15 am) to 13:40 (1:40 pm) is 6 hours 25 minutes (385 minutes).", 385),
])  # fmt: skip
def test_a_trip_that_leaves_and_arrives_is_a_span(message: str, args: dict[str, str], said: str, minutes: int) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("timespan", args)
    result = call(args)
    assert result.text == said and result.data["minutes"] == minutes


@pytest.mark.parametrize("message", [
    "If I leave at 14:40 and the trip takes about 3 hours, when do I arrive?",  # about: no exact arrival
    "If I leave at 14:40 London time and the flight takes 3 hours, when do I land?",  # on a clock named
    "If I leave at 14:40 and the flight takes 3 hours, when do I land in Tokyo?",
    "A flight departs at 10:00 and lasts 8 hours. When does it land in New York?",
    "A flight departs at 10:00 and lasts 8 hours. When does it land, local time?",
    "If I leave at 14:40 and the trip takes 3 h 35 min, when should I leave?",  # not when it arrives
    "If I leave at 14:40 and the trip takes 3 h 35 min, how long is the trip?",
    "I leave at 14:40 and the trip takes a while. When do I arrive?",
    "If I leave at 25:00 and the trip takes 3 hours, when do I arrive?",
    "A flight departs at 22:10 and arrives at 06:35. How long is the flight?",  # each its airport's time
    "A bus leaves at 9:47 and arrives at 1:12. How long is the trip?",  # 15 h 25 min as written; 3 h 25 min
    # across time zones, maybe: a place or a named service, or a flight said to go somewhere
    "A London-Tokyo flight departs at 10:20 and takes 14 hours. When does it land?",  # 00:20 London's; 08:20 Tokyo's
    "The Eurostar departs at 9:50 and takes 2 h 20 min. When does it get in?",  # 13:10 Paris local
    "When does the Eurostar get in if it departs at 9:50 and takes 2 h 20 min?",
    "A flight to Tokyo departs at 10:20 and takes 14 hours. When does it land?",
    "a london-tokyo flight departs at 10:20 and takes 14 hours. when does it land?",
    "The train to paris departs at 9:50 and takes 2 h 20 min. When does it get in?",
])
def test_other_trips_stay_the_models(message: str) -> None:
    assert timespan_asked(message) is None
    assert (exact_call(message, EXACT_TOOLS, NOW) or ("",))[0] != "timespan"


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
