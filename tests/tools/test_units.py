"""The units tool (pint) and the conversions a message plainly asks for."""

from __future__ import annotations

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
    ],
)
def test_a_plain_conversion_is_read_from_the_message(text: str, asked: tuple[float, str, str]) -> None:
    assert units_asked(text) == dict(zip(("value", "from", "to"), asked))


def test_anything_less_plain_stays_with_the_model() -> None:
    for text in ("How many feet are in a mile?", "What is 5 kg in km?", "What is 100 dollars in euros?",
                 "What is 2 + 2?", "Convert 5 apples to oranges", "How many days until Christmas?",
                 "Convert 72 F to C and tell me if it is warm", "Convert 72 F\nto C",
                 "What is 5 ( in km?", "Convert 5 EhR'\"/0; to m"):  # pint's own tokenizer error, a division by zero
        assert units_asked(text) is None, text
