"""A quantity and how long it took (the units tool's `took`): its speed and a distance's pace, the messages that
plainly ask them, and what an answer must give."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.speeds import pace_text, took_seconds
from llorch.tools.units import units_asked

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
MILE = 1.609344  # km


def went(tmp_path: Path, **args: Any) -> Any:
    return ToolRegistry().call("units", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


def test_a_run_says_its_speed_and_its_pace_per_km_and_per_mile(tmp_path: Path) -> None:
    # the 1.5B said 15.67 minutes/km: 15 min 40 s is 940 s, and 940 / 5 = 188 s a km, 3:08
    done = went(tmp_path, value=5, **{"from": "km"}, took="15 min 40 s")
    assert done.text == ("5 km in 15 minutes 40 seconds is 19.1489 km/h (11.8986 mph): a pace of 3:08 per km (5:03 per "
                         "mile).")
    assert done.data["seconds"] == 940
    assert done.data["speed"]["km/h"] == pytest.approx(5 / (940 / 3600))
    assert done.data["speed"]["mph"] == pytest.approx(5 / MILE / (940 / 3600))
    assert done.data["pace"] == {"km": pytest.approx(188), "mile": pytest.approx(188 * MILE)}  # 302.6 s: 5:03


@pytest.mark.parametrize(("args", "text"), [
    # miles: mph and the pace per mile first; 150 / 2.5 = 60 mph, a mile a minute
    ({"value": 150, "from": "miles", "took": "2.5 hours"},
     "150 mi in 2 hours 30 minutes is 60 mph (96.5606 km/h): a pace of 1:00 per mile (0:37 per km)."),
    # 240 / (160 / 60) = 90 km/h; 160 min / 240 km = 40 s a km
    ({"value": 240, "from": "km", "took": "2 hours 40 minutes"},
     "240 km in 2 hours 40 minutes is 90 km/h (55.9234 mph): a pace of 0:40 per km (1:04 per mile)."),
    # 30 / 1.25 = 24 km/h; 75 min / 30 = 2:30 a km
    ({"value": 30, "from": "km", "took": "1 h 15 min"},
     "30 km in 1 hour 15 minutes is 24 km/h (14.9129 mph): a pace of 2:30 per km (4:01 per mile)."),
    # the unit asked first: 100 m in 12 s is 0.1 km / (12 / 3600) h = 30 km/h
    ({"value": 100, "from": "m", "took": "12 seconds", "to": "m/s"},
     "100 m in 12 seconds is 8.33333 m/s (30 km/h, 18.6411 mph): a pace of 2:00 per km (3:13 per mile)."),
    # h:mm:ss: 10 km in 3,750 s is 375 s a km, 6:15
    ({"value": 10, "from": "km", "took": "1:02:30"},
     "10 km in 1 hour 2 minutes 30 seconds is 9.6 km/h (5.96516 mph): a pace of 6:15 per km (10:04 per mile)."),
    # a pace above an hour: 7,380 s a km
    ({"value": 1, "from": "km", "took": "2 hours 3 minutes"},
     "1 km in 2 hours 3 minutes is 0.487805 km/h (0.303108 mph): a pace of 2:03:00 per km (3:17:57 per mile)."),
    # data: 2,000 MB / 300 s = 6.66667 MB/s, 8 bits a byte
    ({"value": 2, "from": "GB", "took": "5 minutes"}, "2 GB in 5 minutes is 6.66667 MB/s (53.3333 Mbit/s)."),
    ({"value": 2, "from": "GB", "took": "5 minutes", "to": "Mbps"},
     "2 GB in 5 minutes is 53.3333 Mbit/s (6.66667 MB/s)."),
    # anything else, per the time it fits: 200 / 8 litres a minute
    ({"value": 200, "from": "litres", "took": "8 min"}, "200 L in 8 minutes is 25 L/min."),
    ({"value": 50_000, "from": "litres", "took": "8 hours"}, "50000 L in 8 hours is 6250 L/h."),
    ({"value": 100, "from": "m", "took": "9.58 seconds"},  # to the hundredth of a second, as given; metres in m/s too
     "100 m in 9.58 seconds is 37.5783 km/h (23.3501 mph, 10.4384 m/s): a pace of 1:36 per km (2:34 per mile)."),
    # under two minutes, m/s too: 1,000 m / 100 s
    ({"value": 1, "from": "km", "took": "100 s"},
     "1 km in 1 minute 40 seconds is 36 km/h (22.3694 mph, 10 m/s): a pace of 1:40 per km (2:41 per mile)."),
    # a pace asked per mile goes first: 3,000 s / 10 km = 300 s a km, 482.8 s a mile
    ({"value": 10, "from": "km", "took": "50 minutes", "to": "min/mile"},
     "10 km in 50 minutes is 12 km/h (7.45645 mph): a pace of 8:03 per mile (5:00 per km)."),
])
def test_speeds_and_paces(args: dict[str, Any], text: str, tmp_path: Path) -> None:
    assert went(tmp_path, **args).text == text


@pytest.mark.parametrize(("took", "seconds"), [
    ("15 minutes 40 seconds", 940), ("15 min 40 s", 940), ("15 minutes and 40 seconds", 940), ("2.5 hours", 9000),
    ("1 h 15 min", 4500), ("52 minutes", 3120), ("1:15:30", 4530), ("15:40 min", 940), ("2:30 h", 9000),
    ("2h15m", 8100), ("9.58 seconds", 9.58),
])
def test_how_long_it_took_is_read_as_people_write_it(took: str, seconds: float) -> None:
    assert took_seconds(took) == pytest.approx(seconds)


def test_a_pace_is_said_to_the_second_rounded_half_up() -> None:
    assert [pace_text(s) for s in (188, 302.5, 302.49, 59.999999999, 3600, 3725.5)] == \
        ["3:08", "5:03", "5:02", "1:00", "1:00:00", "1:02:06"]


@pytest.mark.parametrize(("args", "message"), [
    ({"value": 5, "from": "km", "took": "15 min", "at": "10 km/h"}, "give no at, than or given with it"),
    ({"value": 5, "from": "km", "took": "15 min", "than": "3 miles"}, "give no at, than or given with it"),
    ({"value": 5, "from": "km", "took": "0 minutes"}, "no time at all; give how long it took, e.g. 15 min 40 s"),
    ({"value": 5, "from": "km", "took": "a while"}, "no length of time llorch reads; give one, e.g. 15 min 40 s"),
    ({"value": 5, "from": "km", "took": "1 hour + 2 hours"}, "no length of time llorch reads"),
    ({"value": 5, "from": "km", "took": "15:40"},
     "could be minutes and seconds or hours and minutes; give 15 min 40 s"),
    ({"value": 0, "from": "km", "took": "15 min"}, "a speed needs a quantity above zero"),
    ({"value": 5, "from": "hours", "took": "15 min"}, "is no distance, data size or amount that takes a time"),
    ({"value": 20, "from": "°C", "took": "15 min"}, "is no distance, data size or amount that takes a time"),
    ({"value": 5, "from": "km", "took": "15 min", "to": "kg"}, "'kg' is no speed of km; give e.g. km/h, mph"),
    # a pace of 0:00, and one of ~300 digits
    ({"value": 5, "from": "km", "took": "0.0000001 s"}, "is too fast or too slow to say"),
    ({"value": 1e-300, "from": "km", "took": "1 s"}, "is too fast or too slow to say"),
])
def test_what_the_tool_refuses_it_says_in_a_line(args: dict[str, Any], message: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="^units: ") as refused:
        went(tmp_path, **args)
    assert message in str(refused.value) and "\n" not in str(refused.value)


ASKED = [
    # the pace per what's asked, first
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?", {"value": 5, "from": "km",
                                                                      "took": "15 minutes 40 seconds", "to": "min/km"}),
    ("What's my pace per km if I run 10 km in 52 minutes?", {"value": 10, "from": "km", "took": "52 minutes",
                                                             "to": "min/km"}),
    ("What's my pace per mile if I ran 3.1 miles in 28 minutes?", {"value": 3.1, "from": "miles",
                                                                    "took": "28 minutes", "to": "min/mile"}),
    ("I ran 10 km in 50 minutes. What's my pace per mile?", {"value": 10, "from": "km", "took": "50 minutes",
                                                             "to": "min/mile"}),
    ("I ran 10 km in 50 minutes. What's my pace in minutes per mile?", {"value": 10, "from": "km",
                                                                        "took": "50 minutes", "to": "min/mile"}),
    ("I ran 10 km in 50 minutes. What's my pace?", {"value": 10, "from": "km", "took": "50 minutes"}),
    ("What's my average speed if I drive 150 miles in 2.5 hours?", {"value": 150, "from": "miles",
                                                                     "took": "2.5 hours"}),
    ("I drove 240 km in 2 hours 40 minutes. What was my average speed?", {"value": 240, "from": "km",
                                                                           "took": "2 hours 40 minutes"}),
    ("If I cycle 30 km in 1 h 15 min, what's my speed?", {"value": 30, "from": "km", "took": "1 h 15 min"}),
    ("What is the average speed of a car that travels 300 km in 4 hours?", {"value": 300, "from": "km",
                                                                             "took": "4 hours"}),
    ("What's my speed in km/h if I cover 100 m in 12 seconds?", {"value": 100, "from": "m", "took": "12 seconds",
                                                                  "to": "km/h"}),
    ("I downloaded 2 GB in 5 minutes. What was the download speed?", {"value": 2, "from": "GB",
                                                                       "took": "5 minutes"}),
    # a bare m:ss or h:mm, where only one reading is a speed for the body or the wheels that did it (the 1.5B took
    # 5 km in 27:30 for 27.5 minutes per km)
    ("If I run 5 km in 27:30, what is my pace per kilometre?", {"value": 5, "from": "km", "took": "27 min 30 s",
                                                                 "to": "min/km"}),
    ("I ran 5 km in 15:40. What's my pace?", {"value": 5, "from": "km", "took": "15 min 40 s"}),
    ("I ran 42.2 km in 3:45. What was my pace per km?", {"value": 42.2, "from": "km", "took": "3 h 45 min",
                                                           "to": "min/km"}),
    ("I walked 3 km in 0:45. What was my speed?", {"value": 3, "from": "km", "took": "45 min"}),
    ("I swam 100 m in 1:30. What is my pace per km?", {"value": 100, "from": "m", "took": "1 min 30 s",
                                                        "to": "min/km"}),
    ("I drove 100 km in 1:30. What was my average speed?", {"value": 100, "from": "km", "took": "1 h 30 min"}),
    ("I ran 100 m in 0:11. What was my speed?", {"value": 100, "from": "m", "took": "11 s"}),  # (not 11 minutes)
    ("I ran a marathon, 42.195 km, in 3:50. What was my average speed in km/h?",
     {"value": 42.195, "from": "km", "took": "3 h 50 min", "to": "km/h"}),
]


@pytest.mark.parametrize(("message", "args"), ASKED)
def test_a_plain_speed_or_pace_question_goes_to_the_units_tool(message: str, args: dict[str, Any]) -> None:
    assert units_asked(message) == args
    assert exact_call(message, EXACT_TOOLS, NOW) == ("units", args)


@pytest.mark.parametrize("message", [
    "I ran 5 km in 30 minutes and then walked 2 km. What's my pace?",  # two distances
    "What's a good pace for a 5 km run?",  # no time
    "How fast is 5 km in 30 minutes compared with my last run?",  # something else besides
    "I ran 5 km in 30 minutes.",  # no question
    "I downloaded 2 GB in 15:40. What was the download speed?",  # minutes and seconds, or hours and minutes
    "I ran 300 km in 1:00. What was my speed?",  # 300 km/h one way, 18,000 the other: neither a runner's
    "I travelled 40 km in 1:20. What was my speed?",  # by what? 30 km/h or 1,800
    "I ran 10 km in 8:00. What was my pace?",  # 75 km/h or 1.25: neither a run's (a review's: it said 8 hours)
    "I ran 5 km in 5:00. What was my speed?",
    "The horse ran 2 km in 2:10. What was its speed?",  # 55 km/h or 0.92: neither a runner's, and a horse's?
    "The cheetah ran 200 m in 0:07. What was its speed?",
    "What was my heart rate if I ran 5 km in 30 minutes?",
    "If I download 2 GB in 5 minutes, what's my pace?",  # a pace of no distance
    "What's my average speed if I drive 150 miles in 2.5 hours and 30 miles in 1 hour?",
    "I ran 5 hours in 30 minutes. What's my speed?",
])
def test_anything_less_plain_is_left_to_the_model(message: str) -> None:
    assert units_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) is None


@pytest.mark.parametrize(("message", "wrong", "right"), [
    # the 1.5B's: the whole run's minutes, not a km's
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?",
     "Your pace is approximately 15.67 minutes per kilometer.", "Your pace is 3:08 per km."),
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?",
     "About 5:03 per mile.", "That is 3 minutes and 8 seconds per kilometre."),
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?", "3:07 per km.", "3 min 8 s per km"),
    # (decimal minutes, read as 3:13 as often as not)
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?", "3.13 per km.", "3m 8s/km"),
    # asked per mile of a run in km: 188 s × 1.609344 = 302.6 s, 5:03
    ("What's my pace per mile if I ran 5 km in 15 minutes 40 seconds?", "3:08 per km.", "5:03 per mile."),
    # 28 min / 3.1 mi = 541.9 s, 9:02 a mile
    ("What's my pace per mile if I ran 3.1 miles in 28 minutes?", "9:03 per mile", "9 minutes 2 seconds a mile"),
    ("What's my pace per km if I run 10 km in 50 minutes?", "5 minutes 30 seconds", "5:00 per km"),
    ("What's my pace per km if I run 10 km in 50 minutes?", "5 min/mile", "5 min/km"),
    ("What's my pace per km if I run 10 km in 50 minutes?", "Your pace is 5 minutes/mile",
     "Your pace is 5 minutes/km"),
    # the pace beside the other unit: 3:08 a mile is another pace
    ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?", "Your pace is 3:08 per mile.",
     "Your pace is 3:08 per km, or 5:03 per mile."),
    ("What's my pace per mile if I ran 5 km in 15 minutes 40 seconds?", "5:03/km", "5:03 min/mi"),
    ("I ran 10 km in 50 minutes. What's my pace per mile?", "5:00 per km", "8:03 minutes per mile"),
    # no unit asked: any speed the tool said (100 / 9.58 = 10.44 m/s)
    ("I ran 100 m in 9.58 seconds. What was my speed?", "About 9.58 m/s.", "10.44 m/s"),
    ("I ran 100 m in 9.58 seconds. What was my speed?", "About 30 km/h.", "37.58 km/h"),
    ("I drove 240 km in 2 hours 40 minutes. What was my average speed?", "About 80 km/h.", "90 km/h"),
    ("I ran 5 km in 15 minutes 40 seconds. What was my average speed?", "15 km/h", "about 19.15 km/h"),
    ("What's my average speed if I drive 150 miles in 2.5 hours?", "About 65 mph.", "60 miles per hour"),
    ("What's my speed in km/h if I cover 100 m in 12 seconds?", "8.33 m/s", "30 km/h"),
    # data: either MB/s or Mbit/s
    ("I downloaded 2 GB in 5 minutes. What was the download speed?", "About 400 MB/s.", "About 6.67 MB/s."),
    ("I downloaded 2 GB in 5 minutes. What was the download speed?", "About 16 Mbps.", "About 53.3 Mbps."),
])
def test_an_answer_gives_the_pace_or_speed_asked(message: str, wrong: str, right: str, tmp_path: Path) -> None:
    args = units_asked(message)
    assert args is not None
    done = went(tmp_path, **args)
    want = expected("units", done.data, message)
    assert want
    assert fault(wrong, want, "units", done.text) is not None
    assert fault(right, want, "units", done.text) is None


TOLD = [
    # someone else's run told first, its speed asked after (the 1.5B said 0.0745 km/h; it is 37.58)
    ("Usain Bolt ran 100 m in 9.58 s. What is that in km/h?", {"value": 100, "from": "m", "took": "9.58 s",
                                                               "to": "km/h"}),
    ("A cheetah covers 100 m in 5.8 seconds. How fast is that in mph?", {"value": 100, "from": "m",
                                                                         "took": "5.8 seconds", "to": "mph"}),
    ("The train travels 450 km in 2 h 15 min. What speed is that?", {"value": 450, "from": "km",
                                                                     "took": "2 h 15 min"}),
    ("The express train travels 450 km in 2 h 15 min. What speed is that in mph?",
     {"value": 450, "from": "km", "took": "2 h 15 min", "to": "mph"}),
    ("Usain Bolt ran 100 m in 9.58 s. What was his average speed?", {"value": 100, "from": "m", "took": "9.58 s"}),
    ("A cheetah covers 100 m in 5.8 seconds. What's its speed in km/h?", {"value": 100, "from": "m",
                                                                          "took": "5.8 seconds", "to": "km/h"}),
    ("My dad cycled 40 km in 1 hour 20 minutes. How fast is that?", {"value": 40, "from": "km",
                                                                     "took": "1 hour 20 minutes"}),
    ("I ran 5 km in 25 minutes. What is that in minutes per km?", {"value": 5, "from": "km", "took": "25 minutes",
                                                                   "to": "min/km"}),
    ("I downloaded 2 GB in 5 minutes. What is that in Mbps?", {"value": 2, "from": "GB", "took": "5 minutes",
                                                               "to": "Mbps"}),
]


@pytest.mark.parametrize(("message", "args"), TOLD)
def test_a_speed_asked_of_a_run_told_before_goes_to_the_units_tool(message: str, args: dict[str, Any]) -> None:
    assert units_asked(message) == args
    assert exact_call(message, EXACT_TOOLS, NOW) == ("units", args)


@pytest.mark.parametrize("message", [
    "I ran 5 km in 25 minutes. What is that in minutes?",  # how long it took, or its pace?
    "I ran 5 km in 25 minutes. What is that in miles?",  # a distance, not a speed
    "Usain Bolt ran 100 m in 9.58 s. What is that?",
    "Usain Bolt ran 100 m in 9.58 s and 200 m in 19.19 s. What is that in km/h?",
    "Usain Bolt ran 100 m in 9.58 s. What is that in km/h compared with a cheetah?",
    "Usain Bolt ran 100 m in 9.58 s. Is that fast?",
])
def test_a_told_run_asked_anything_else_is_left_to_the_model(message: str) -> None:
    assert units_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, NOW) is None


def test_the_answer_check_holds_a_told_run_to_the_tools_speed(tmp_path: Path) -> None:
    message = "Usain Bolt ran 100 m in 9.58 s. What is that in km/h?"
    args = units_asked(message)
    assert args is not None
    done = went(tmp_path, **args)
    assert done.text.startswith("100 m in 9.58 seconds is 37.5783 km/h")
    want = expected("units", done.data, message)
    assert fault("That is about 0.0745 km/h.", want, "units", done.text) is not None  # the 1.5B's
    assert fault("That is about 37.58 km/h.", want, "units", done.text) is None
