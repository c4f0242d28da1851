"""Catch-up and meeting problems (pursuit.py): how long and how far go to the math tool, at what time to the
timespan tool (the later start plus how long it takes); anything not plain stays the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.pursuit import pursuit_asked, pursuit_time_asked
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
# the 1.5B got it wrong: the first train has a 60-mile lead, closed at 20 mph in 3 hours
TRAINS = ("A train leaves a station at 9:00 going 60 mph. A second train leaves the same station at 10:00 on the same "
          "track going 80 mph. At what time does the second train catch up?")
TOWNS = ("Town A and town B are 300 km apart. A car leaves town A at 9:00 going 70 km/h towards town B. At the same "
         "time a car leaves town B going 80 km/h towards town A.")


def call(tmp_path: Path, tool: str, args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call(tool, args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


def test_the_trains_catch_up_at_13_00(tmp_path: Path) -> None:
    args = pursuit_time_asked(TRAINS)
    assert args == {"start": "10:00", "add": "3 hours"}
    done = call(tmp_path, "timespan", args)
    assert done.text == "3 hours after 10:00 (10:00 am) is 13:00 (1:00 pm)."
    assert done.data["time"] == "13:00"
    want = expected("timespan", done.data, TRAINS)
    assert fault("The second train catches up at 13:00 (1 pm).", want, "timespan", done.text) is None
    assert fault("It catches up at 1 pm.", want, "timespan", done.text) is None
    assert fault("The second train catches up at 12:00.", want, "timespan", done.text) is not None
    assert pursuit_asked(TRAINS) is None  # (a time of day is the timespan tool's)


@pytest.mark.parametrize(("question", "args", "at"), [
    (TOWNS + " At what time do they meet?", {"start": "9:00", "add": "2 hours"}, "11:00"),
    # 1.5 hours' lead of 60 miles is 90, closed at 20 mph: 4.5 hours after 10:30
    ("A train leaves a station at 9 am going 60 mph. A second train leaves the same station at 10:30 am going 80 mph "
     "in the same direction. When does the second train catch up?", {"start": "10:30 am", "add": "4 hours 30 minutes"},
     "15:00"),
    # a wait after one time of day: the count runs from it (the second sets off at 9:30, level at 10:45)
    ("A car leaves home at 9:00 driving at 50 km/h. 30 minutes later a second car leaves the same house driving at "
     "70 km/h. At what time does the second car catch up?", {"start": "9:00", "add": "1 hour 45 minutes"}, "10:45"),
    ("Alice leaves home at 8:00 walking at 4 km/h. Bob leaves the same house at 8:30 cycling at 12 km/h. When does "
     "Bob catch up with Alice?", {"start": "8:30", "add": "15 minutes"}, "08:45"),
    ("A train leaves at 9:30 pm going 60 mph. A second train leaves the same station at 10:30 pm going 75 mph. At "
     "what time does the second train catch up?", {"start": "10:30 pm", "add": "4 hours"}, "02:30"),  # (next day)
    ("A car leaves London at 9:00 going 40 mph. An hour and a half later a second car leaves London going 60 mph. "
     "What time does the second car overtake the first?", {"start": "9:00", "add": "4 hours 30 minutes"}, "13:30"),
])  # fmt: skip
def test_a_time_of_day_asked_is_the_later_start_plus_how_long(
        tmp_path: Path, question: str, args: dict[str, str], at: str) -> None:
    assert pursuit_time_asked(question) == args
    assert call(tmp_path, "timespan", args).data["time"] == at


@pytest.mark.parametrize(("question", "expression", "value"), [
    (TRAINS.replace("At what time does", "How long until").replace("catch up?", "catches up?"),
     "60 * (10 - 9) / (80 - 60)", 3),
    (TRAINS.replace("At what time", "How far from the station"), "80 * 60 * (10 - 9) / (80 - 60)", 240),
    (TRAINS.replace("At what time does", "How many minutes does it take").replace("catch up", "to catch up"),
     "60 * (10 - 9) / (80 - 60) * 60", 180),
    (TRAINS.replace("At what time", "How many miles from the station"), "80 * 60 * (10 - 9) / (80 - 60)", 240),
    ("A car leaves home driving at 50 km/h. Half an hour later a second car follows at 70 km/h. How long does it take "
     "the second car to catch up?", "50 * 0.5 / (70 - 50)", 1.25),
    ("A car leaves home driving at 50 km/h. 20 minutes later a second car follows at 70 km/h. How long does it take "
     "the second car to catch up?", "50 * 20 / 60 / (70 - 50)", pytest.approx(5 / 6)),
    ("A runner sets off at 4 m/s. 30 seconds later a second runner sets off from the same spot at 5 m/s. How long "
     "until the second runner catches up?", "4 * 30 / (5 - 4)", 120),  # (seconds, as the speeds are per second)
    ("A cyclist with a 10 km head start rides at 15 km/h. A second cyclist follows at 20 km/h. How long until the "
     "second cyclist catches up?", "10 / (20 - 15)", 2),
    ("A bus has a head start of 12 miles and travels at 40 mph. A car follows on the same road at 55 mph. How many "
     "minutes until the car catches the bus?", "12 / (55 - 40) * 60", 48),
    # meeting: two towns, each heading for the other
    (TOWNS + " How far from town A do they meet?", "70 * 300 / (70 + 80)", 140),
    (TOWNS + " How far from B do they meet?", "80 * 300 / (70 + 80)", 160),
    (TOWNS + " How long until they meet?", "300 / (70 + 80)", 2),
    ("Two towns are 300 km apart. Two cars leave at the same time from each town and drive towards each other at 70 "
     "km/h and 80 km/h. How long until they meet?", "300 / (70 + 80)", 2),
    ("Two cyclists 30 km apart ride towards each other at 12 km/h and 18 km/h. How many minutes until they meet?",
     "30 / (12 + 18) * 60", 60),
    # one sets off later: the first has covered some of the way
    ("Town A and town B are 300 km apart. A car leaves town A at 9:00 going 70 km/h towards town B. A car leaves town "
     "B at 9:30 going 80 km/h towards town A. How far from town A do they meet?",
     "70 * ((9.5 - 9) + (300 - 70 * (9.5 - 9)) / (70 + 80))", pytest.approx(70 * (0.5 + 265 / 150))),
])  # fmt: skip
def test_how_long_and_how_far_are_the_math_tools(tmp_path: Path, question: str, expression: str, value: Any) -> None:
    assert pursuit_asked(question) == expression
    assert pursuit_time_asked(question) is None
    assert call(tmp_path, "math", {"expression": expression}).data["value"] == value


def test_the_tool_says_the_working_and_a_fraction_of_an_hour() -> None:
    with_wait = ("A car leaves home driving at 50 km/h. 20 minutes later a second car follows at 70 km/h. How long "
                 "does it take the second car to catch up?")
    assert pursuit_asked(with_wait) == "50 * 20 / 60 / (70 - 50)"  # (5/6 hours; its time of day, 50 minutes on)
    timed = with_wait.replace("home driving", "home at 9:00 driving").replace("How long does it take the second car "
                                                                              "to catch up", "When does it catch up")
    assert pursuit_time_asked(timed) == {"start": "9:00", "add": "1 hour 10 minutes"}


def test_a_time_of_day_is_to_the_second_where_it_must_be_and_none_past_it(tmp_path: Path) -> None:
    runners = ("A runner sets off at 9:00 running at 4 m/s. 30 seconds later a second runner sets off from the same spot "
               "at 5 m/s. At what time does the second runner catch up?")
    assert pursuit_time_asked(runners) == {"start": "9:00", "add": "150 seconds"}
    assert call(tmp_path, "timespan", pursuit_time_asked(runners) or {}).data["time_seconds"] == "09:02:30"
    # 50 miles closed at 7 mph: 7 h 8 min 34.29 s, no whole second (the model rounds the working the math tool says)
    cars = ("A car leaves home at 9:00 going 50 mph. An hour later a second car leaves the same house going 57 mph. "
            "At what time does the second car catch up?")
    assert pursuit_time_asked(cars) is None
    assert pursuit_asked(cars.replace("At what time does", "How long until").replace("catch up?", "catches up?")) == \
        "50 * 1 / (57 - 50)"


@pytest.mark.parametrize("question", [
    # the second is no faster: it never catches up
    TRAINS.replace("80 mph", "50 mph"),
    TRAINS.replace("80 mph", "60 mph"),
    # the one ahead, and slower, never catches the other: not "when does the second catch up" misread
    TRAINS.replace("At what time does the second train catch up?", "When does the first catch the second?"),
    TRAINS.replace("At what time does the second train catch up?", "When does the slower train catch up?"),
    # the way each goes is not plain
    TRAINS.replace("the same station", "a station").replace(" on the same track", ""),
    TRAINS.replace("on the same track", "in the opposite direction"),
    TRAINS.replace("on the same track", "heading north"),
    # another number, a stop, a third mover, speeds in two units
    TRAINS.replace("going 60 mph.", "going 60 mph and stops for 20 minutes."),
    TRAINS.replace("A second train", "3 trains"),
    TRAINS.replace("80 mph", "100 km/h"),
    TRAINS.replace("A train leaves a station", "A train leaves a station 5 miles away"),
    TRAINS.replace("going 60 mph", "going 60 mph for 2 hours"),
    TRAINS.replace("A second train leaves", "A second train that slows to 40 mph leaves"),
    # starts not plain: the second's time of day before the first's, or none said for it
    TRAINS.replace("9:00", "11:00"),
    TRAINS.replace("9:00", "9.00"),
    "A car leaves home going 50 km/h. Later a second car follows at 70 km/h. How long until it catches up?",
    "A car leaves home going 50 km/h. A second car follows at 70 km/h. How long until it catches up?",
    "A car leaves home going 50 km/h. A second car follows after the first at 70 km/h. How long until it catches up?",
    TOWNS.replace("At the same time a car", "A car") + " At what time do they meet?",
    TOWNS.replace("At the same time a car", "Then a car") + " How long until they meet?",
    # two that set off at different times: how long until they meet, from which start?
    TOWNS.replace("At the same time a car leaves town B", "A car leaves town B at 9:30") + " How long until they meet?",
    # a meeting of two going the same way, a catch-up of two heading for each other
    TRAINS.replace("catch up", "meet"),
    TOWNS + " When does the second car catch up?",
    # the first is there before the second sets off
    TOWNS.replace("At the same time a car leaves town B", "A car leaves town B at 14:00") + " When do they meet?",
    # asked from where the answer says nothing of, in another unit, or at a time with none given
    TOWNS + " How far from town C do they meet?",
    TOWNS + " How far do they travel before they meet?",
    TOWNS + " How many miles from town A do they meet?",
    TRAINS.replace("At what time does", "How long after the first train left does"),
    "A cyclist with a 10 km head start rides at 15 km/h. A second cyclist follows at 20 km/h. At what time does the "
    "second cyclist catch up?",
    "A cyclist with a 10 km head start rides at 15 km/h. A second cyclist follows at 20 km/h. How far from the start "
    "does the second cyclist catch up?",
    # a question of something else
    TRAINS.replace("At what time does the second train catch up?", "How fast is the second train?"),
    TRAINS.replace("At what time does the second train catch up?", "When does the second train reach the city?"),
    TRAINS + " And how far?",
    "Opposite " + TRAINS,
    "How long does it take to drive 120 miles at 60 mph?",
])
def test_a_problem_that_is_not_plain_stays_the_models(question: str) -> None:
    assert pursuit_asked(question) is None
    assert pursuit_time_asked(question) is None


@pytest.mark.parametrize("message", ["x" * 5_000, " " * 400, "A train" + " " * 290 + "?", "when " * 60,
                                     "at 9:00 " * 37, "60 mph " * 40, "distance between " * 17,
                                     TRAINS[:-1] + " " * 400 + "?"])
def test_long_messages_are_read_quickly(message: str) -> None:
    started = time.perf_counter()
    pursuit_asked(message), pursuit_time_asked(message)
    assert time.perf_counter() - started < 0.2


# Routing (needs the wiring: pursuit_asked in wordproblems.word_problem's chain, pursuit_time_asked in exact.py's
# _ASKED after timespan_asked)
def test_a_catch_up_goes_to_the_tools_before_the_model() -> None:
    assert exact_call(TRAINS, EXACT_TOOLS, NOW) == ("timespan", {"start": "10:00", "add": "3 hours"})
    how_long = TRAINS.replace("At what time does", "How long until").replace("catch up?", "catches up?")
    assert exact_call(how_long, EXACT_TOOLS, NOW) == ("math", {"expression": "60 * (10 - 9) / (80 - 60)"})
    assert exact_call(TOWNS + " How far from town A do they meet?", EXACT_TOOLS, NOW) == (
        "math", {"expression": "70 * 300 / (70 + 80)"})
    assert exact_call(TRAINS.replace("80 mph", "50 mph"), EXACT_TOOLS, NOW) is None
