"""The units tool (pint) and the conversions a message plainly asks for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.units import UnitsTool, units_asked


def convert(**args: Any) -> str:
    return UnitsTool().run(args, ToolContext(data_dir=Path("/nonexistent"))).text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        # what the 1.5B got wrong in its head: 4.44 °C, -8 °C, 102.87 km/h
        ({"value": 72, "from": "degrees Fahrenheit", "to": "Celsius"}, "72 °F = 22.2222 °C"),
        ({"value": -40, "from": "F", "to": "C"}, "-40 °F = -40 °C"),
        ({"value": 65, "from": "mph", "to": "km/h"}, "65 mph = 104.607 km/h"),
        ({"value": 3, "from": "gallons", "to": "litres"}, "3 US gal = 11.3562 L"),  # a gallon is the US one
        ({"value": 1, "from": "imperial gallon", "to": "litres"}, "1 imperial gal = 4.54609 L"),
        ({"value": 20, "from": "fl oz", "to": "ml"}, "20 US fl oz = 591.471 mL"),  # pint alone: femtolitre-ounces
        ({"value": 5, "from": "MW", "to": "kW"}, "5 MW = 5000 kW"),  # case tells megawatts from milliwatts
        ({"value": 5, "from": "mW", "to": "W"}, "5 mW = 0.005 W"),
        ({"value": "1,500", "from": "Metres", "to": "miles"}, "1500 m = 0.932057 mi"),
        # a whole number in full: the 1.5B read "3.7581e+09 B" as 3,758,102,400
        ({"value": 3.5, "from": "GiB", "to": "bytes"}, "3.5 GiB = 3,758,096,384 B"),
        ({"value": 1, "from": "light years", "to": "km"}, "1 ly = 9.46073e+12 km"),  # 9,460,730,472,580.8: not whole
        ({"value": 1, "from": "day", "to": "hours"}, "1 day = 24 hours"),  # (not "1 days")
        ({"value": 48, "from": "hours", "to": "days"}, "48 hours = 2 days"),
    ],
)
def test_conversions(args: dict[str, Any], text: str) -> None:
    assert convert(**args) == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"value": 5, "from": "kg", "to": "km"}, "'kg' and 'km' measure different things"),
        ({"value": 5, "from": "apples", "to": "kg"}, "'apples' is not a unit llorch knows"),
        ({"value": "lots", "from": "kg", "to": "lb"}, "value must be a number"),
        ({"value": 1e308, "from": "km", "to": "nm"}, "too large to convert"),
    ],
)
def test_bad_conversions_are_one_line_errors(args: dict[str, Any], message: str) -> None:
    with pytest.raises(ToolError, match=message) as caught:
        convert(**args)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Convert 72 degrees Fahrenheit to Celsius.", (72.0, "degrees Fahrenheit", "Celsius")),
        ("How many kilometres is 26.2 miles?", (26.2, "miles", "kilometres")),
        ("What is 65 mph in km/h?", (65.0, "mph", "km/h")),
        ("How many ounces in 2.5 kg?", (2.5, "kg", "ounces")),
        ("12 inches in cm", (12.0, "inches", "cm")),
        ("Could you convert 1,500 metres to miles", (1500.0, "metres", "miles")),
        ("How many feet are in a mile?", (1.0, "mile", "feet")),  # one of the unit ("seconds in a week": 365,600)
        ("how many minutes in a day", (1.0, "day", "minutes")),
    ],
)
def test_a_plain_conversion_is_read_from_the_message(text: str, asked: tuple[float, str, str]) -> None:
    assert units_asked(text) == dict(zip(("value", "from", "to"), asked))


def test_anything_less_plain_stays_with_the_model() -> None:
    for text in ("How many days are in a year?", "how many weeks in a month?",  # (they vary: pint's year is 365.25 d)
                 "How many people are in a team?", "What is 5 kg in km?", "What is 100 dollars in euros?",
                 "What is 2 + 2?", "Convert 5 apples to oranges", "How many days until Christmas?",
                 "Convert 72 F to C and tell me if it is warm", "Convert 72 F\nto C",
                 "What is 5 ( in km?", "Convert 5 EhR'\"/0; to m"):  # pint's own tokenizer error, a division by zero
        assert units_asked(text) is None, text


@pytest.mark.parametrize(("args", "text"), [
    # the 1.5B: "approximately 1 hour and 30 minutes"
    ({"value": 4.7, "from": "GB", "at": "50 Mbps"}, "4.7 GB at 50 Mbps (50 Mbit/s) takes 12 minutes 32 seconds (752 "
                                                    "seconds)."),
    ({"value": 700, "from": "MB", "at": "2 MBps"}, "700 MB at 2 MBps (2 MB/s) takes 5 minutes 50 seconds (350 "
                                                   "seconds)."),  # bytes: a capital B
    ({"value": 420, "from": "km", "at": "90 km/h"}, "420 km at 90 km/h takes 4 hours 40 minutes (16,800 seconds)."),
    ({"value": 1, "from": "TB", "at": "100 Mbps"}, "1 TB at 100 Mbps (100 Mbit/s) takes 22 hours 13 minutes (80,000 "
                                                   "seconds)."),
    ({"value": 26.2, "from": "miles", "at": "6 mph"}, "26.2 mi at 6 mph takes 4 hours 22 minutes (15,720 seconds)."),
    ({"value": 3, "from": "GiB", "at": "1 Gbps"}, "3 GiB at 1 Gbps (1 Gbit/s) takes 25.7698 seconds."),
])
def test_how_long_a_quantity_takes_at_a_rate(args: dict[str, Any], text: str) -> None:
    assert convert(**args) == text


@pytest.mark.parametrize(("args", "error"), [
    ({"value": 4.7, "from": "GB", "at": "50 km/h"}, "4.7 GB at 50 km/h is no length of time"),
    ({"value": 4.7, "from": "GB", "at": "fast"}, "'fast' is no rate"),
    ({"value": 4.7, "from": "GB", "at": "0 Mbps"}, "a rate of 0 never gets there"),
    ({"value": 4.7, "from": "GB"}, "give the unit to convert to (to), or a rate (at)"),
])
def test_a_rate_that_gives_no_time_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        convert(**args)


@pytest.mark.parametrize(("message", "asked"), [
    ("How long does it take to download 4.7 GB at 50 Mbps?", {"value": 4.7, "from": "GB", "at": "50 Mbps"}),
    ("How long to drive 420 km at 90 km/h?", {"value": 420.0, "from": "km", "at": "90 km/h"}),
    ("How long will it take to transfer 250 GB over a 1 Gbps link?", {"value": 250.0, "from": "GB", "at": "1 Gbps"}),
    ("how long to download a 700 MB file at 2 MB/s", {"value": 700.0, "from": "MB", "at": "2 MB/s"}),
    ("How long to fill a 200 L tank at 12 litres per minute?",
     {"value": 200.0, "from": "L", "at": "12 litres per minute"}),
    ("How long would it take me to walk 5 km at an average speed of 4.5 km/h?",
     {"value": 5.0, "from": "km", "at": "4.5 km/h"}),
])
def test_how_long_at_a_rate_is_read_without_a_model(message: str, asked: dict[str, Any]) -> None:
    assert units_asked(message) == asked


@pytest.mark.parametrize("message", [
    "How long does it take to learn Rust?",
    "How long does it take to download 4.7 GB at 50 kg?",  # no rate of the quantity
    "How long does it take to drive from Paris to Berlin?",
    "Why does it take so long to download 4.7 GB at 50 Mbps?",
])
def test_other_how_long_questions_are_not(message: str) -> None:
    assert units_asked(message) is None
