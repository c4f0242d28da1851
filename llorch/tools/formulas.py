"""Two everyday formulas as the math tool's expression: a body mass index, and the distance covered at a speed.

"What's the BMI of someone 1.75 m tall weighing 82 kg?" is `82 / 1.75 ** 2` (the 1.5B said 26.4; it is 26.8): the
weight in kg over the height in metres squared, a height in cm divided by 100 first; in pounds and inches it is
`703 * lb / in ** 2`, as the CDC writes it (5 ft 10 in is `5 * 12 + 10` inches), and a height and a weight in
different systems go to kg and metres by their exact factors. "How far do I go in 2 h 15 min at 88 km/h?" is
`88 * (2 + 15 / 60)` (the 1.5B: 192 km; it is 198); the time a distance takes at a speed is the units tool's (`at`).
The whole message must be the question, with its numbers and no others: a stop on the way, a second speed or an age
is the model's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import NEGATIVE, one_marked, plain

__all__ = ["formula_asked"]

_NUMBER = r"\d+(?:\.\d+)?"


def formula_asked(text: str) -> str | None:
    """The math tool's expression for a BMI or a distance at a speed, asked plainly with its numbers, or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    return _bmi(text) or _distance(text)


# --- a body mass index ------------------------------------------------------------------------------------------

_HEIGHT = re.compile(
    r"(?<![\w.])(?:(?P<ft>" + _NUMBER + r")\s*(?:ft|feet|foot|')\s*(?:,?\s*(?:and\s+)?(?P<inch>" + _NUMBER
    + r")\s*(?:in\b|inch(?:es)?\b|\"|”|''))?|(?P<inches>" + _NUMBER + r")\s*(?:inch(?:es)?\b|\"|”|'')"
    r"|(?P<cm>" + _NUMBER + r")\s*(?:cm|centimet(?:re|er)s?)\b|(?P<m>" + _NUMBER + r")\s*(?:m|met(?:re|er)s?)\b"
    r"(?!\s*/))", re.IGNORECASE)
_WEIGHT = re.compile(r"(?<![\w.])(?:(?P<kg>" + _NUMBER + r")\s*(?:kg|kgs|kilos?|kilograms?)\b|(?P<lb>" + _NUMBER
                     + r")\s*(?:lbs?|pounds?)\b)", re.IGNORECASE)
_BMI = re.compile(r"\b(?:bmi|body\s+mass\s+index)\b", re.IGNORECASE)
_BMI_WORDS = frozenset({
    "what", "what's", "whats", "is", "the", "my", "bmi", "body", "mass", "index", "of", "for", "someone", "somebody",
    "a", "an", "person", "man", "woman", "adult", "i", "i'm", "im", "am", "me", "who", "tall", "weighing", "weighs",
    "weigh", "and", "with", "height", "weight", "at", "calculate", "compute", "work", "out", "if", "he", "she",
    "they", "he's", "she's", "their", "his", "her", "how", "find", "tell", "would", "be", "will", "that", "in",
    "please", "give", "your", "you", "you're", "are", "whose", "has", "have"})


def _bmi(text: str) -> str | None:
    """"What's the BMI of someone 1.75 m tall weighing 82 kg?": 82 / 1.75 ** 2 (weight in kg over height in metres
    squared); "5 ft 10 in and 180 lb": 703 * 180 / (5 * 12 + 10) ** 2."""
    if _BMI.search(text) is None:
        return None
    tall = one_marked(_HEIGHT, text, "§h")
    heavy = one_marked(_WEIGHT, tall[1], "§w") if tall else None
    if tall is None or heavy is None:
        return None
    (height, _), (weight, words) = tall, heavy
    if re.search(r"\d", words) or not plain(words, _BMI_WORDS):
        return None
    ft, inch, inches, cm, m = height.group("ft", "inch", "inches", "cm", "m")
    kg, lb = weight.group("kg", "lb")
    size = Decimal(m or cm or inches or ft)
    if (m and not Decimal("0.3") <= size <= 3) or (cm and not 30 <= size <= 300) or (
            inches and not 12 <= size <= 120) or (ft and not (1 <= size <= 9 and Decimal(inch or 0) < 12)):
        return None  # "175 m", "1.75 cm": not a person's height
    if Decimal(kg or lb) <= 0:
        return None
    in_inches = inches or (f"({ft} * 12 + {inch})" if inch else f"({ft} * 12)" if ft else None)
    if lb and in_inches:  # as the CDC writes it
        return f"703 * {lb} / {in_inches} ** 2"
    metres = m or (f"({cm} / 100)" if cm else f"({in_inches} * 0.0254)")
    return f"{kg or f'{lb} * 0.45359237'} / {metres} ** 2"


# --- a distance at a speed --------------------------------------------------------------------------------------

_SPEED = re.compile(
    r"(?<![\w.])(?P<s>" + _NUMBER + r")\s*(?:(?P<km>km\s*/\s*h|kmh|kph|km/hr|(?:km|kilomet(?:re|er)s)\s+(?:per|an)\s+"
    r"hour)|(?P<mi>mph|mi\s*/\s*h|miles?\s+(?:per|an)\s+hour))\b", re.IGNORECASE)
_TOOK = re.compile(
    r"(?<![\w.])(?:(?P<h>" + _NUMBER + r")\s*(?:h|hrs?|hours?)\b(?:\s*,?\s*(?:and\s+)?(?P<min>" + _NUMBER
    + r")\s*(?:min|mins|minutes?)\b)?|(?P<min2>" + _NUMBER + r")\s*(?:min|mins|minutes?)\b)", re.IGNORECASE)
_FAR = re.compile(r"\bhow\s+(?:far|many\s+(?:km|kms|kilomet(?:re|er)s|miles))\b|\bwhat\s+distance\b",
                  re.IGNORECASE)
_UNIT = re.compile(r"\b(km|kms|kilomet(?:re|er)s|miles)\b", re.IGNORECASE)  # a distance's unit, named anywhere
_DISTANCE_WORDS = frozenset({
    "how", "far", "many", "km", "kms", "kilometres", "kilometers", "miles", "what", "distance", "do", "does", "did",
    "will", "would", "can", "could", "i", "we", "you", "he", "she", "they", "it", "a", "an", "the", "my", "car",
    "train", "bus", "bike", "cyclist", "driver", "runner", "plane", "boat", "ship", "truck", "go", "get", "travel",
    "drive", "ride", "cycle", "run", "fly", "walk", "cover", "goes", "gets", "travels", "drives", "rides", "cycles",
    "runs", "flies", "walks", "covers", "covered", "travelled", "traveled", "driven", "gone", "in", "at", "for", "if",
    "and", "of", "average", "averaging", "speed", "steady", "constant", "driving", "going", "travelling", "traveling",
    "riding", "cycling", "running", "flying", "walking", "is", "be", "so", "then", "that"})


def _distance(text: str) -> str | None:
    """"How far do I go in 2 h 15 min at 88 km/h?": 88 * (2 + 15 / 60), the speed times the time in hours; asked
    in the speed's own unit ("how many miles" at 60 mph, not at 88 km/h; nor "at 60 mph, in km")."""
    fast = one_marked(_SPEED, text, "§s")
    took = one_marked(_TOOK, fast[1], "§t") if fast else None
    if fast is None or took is None:
        return None
    (speed, _), (time, words) = fast, took
    far = _FAR.search(words)
    if far is None or re.search(r"\d", words) or not plain(words, _DISTANCE_WORDS):
        return None
    if any(unit.lower().startswith("k") != bool(speed.group("km")) for unit in _UNIT.findall(words)):
        return None  # "How many miles …" at a speed in km/h, "… at 60 mph, in km?"
    hours, minutes = time.group("h"), time.group("min") or time.group("min2")
    s = speed.group("s")
    if Decimal(s) <= 0 or not Decimal(hours or 0) + Decimal(minutes or 0) > 0:
        return None
    if hours and minutes:
        return f"{s} * ({hours} + {minutes} / 60)"
    return f"{s} * {hours}" if hours else f"{s} * {minutes} / 60"
