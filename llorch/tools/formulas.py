"""Everyday formulas as the math tool's expression: a body mass index, the distance covered at a speed, and a car's
fuel: what it uses, how far its fuel goes, and what a trip's fuel costs.

"What's the BMI of someone 1.75 m tall weighing 82 kg?" is `82 / 1.75 ** 2` (the 1.5B said 26.4; it is 26.8): the
weight in kg over the height in metres squared, a height in cm divided by 100 first; in pounds and inches it is
`703 * lb / in ** 2`, as the CDC writes it (5 ft 10 in is `5 * 12 + 10` inches), and a height and a weight in
different systems go to kg and metres by their exact factors. "How far do I go in 2 h 15 min at 88 km/h?" is
`88 * (2 + 15 / 60)` (the 1.5B: 192 km; it is 198); the time a distance takes at a speed is the units tool's (`at`).
"My car used 28 litres for 420 km. What is that in L/100 km?" is `28 / 420 * 100` (the 1.5B: 1/15; it is 6.67).
The whole message must be the question, with its numbers and no others: a stop on the way, a second speed, an age
or a round trip is the model's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import NEGATIVE, marked, one_marked, plain

__all__ = ["formula_asked"]

_NUMBER = r"\d+(?:\.\d+)?"


def formula_asked(text: str) -> str | None:
    """The math tool's expression for a BMI, a distance at a speed or a car's fuel, asked plainly with its numbers,
    or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    return _bmi(text) or _distance(text) or _fuel(text)


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


# --- fuel: what a car uses, how far its fuel goes, what a trip's fuel costs ------------------------------------

_L = r"(?:l|litres?|liters?|ltrs?)"
_KM = r"(?:km|kms|kilomet(?:re|er)s?)"
_MI = r"(?:mi|miles?)"
_GAL = r"(?:gal|gallons?)"
# A car's economy given: "6.5 L/100 km", "30 mpg", "15 km/L"
_ECONOMY = re.compile(
    r"(?<![\w.])(?P<e>" + _NUMBER + r")\s*(?:(?P<l100>" + _L + r"\s*(?:/|per|every|for\s+every)\s*100\s*" + _KM + r")"
    r"|(?P<mpg>mpg|" + _MI + r"\s+(?:per|a|to\s+the)\s+" + _GAL + r")|(?P<kml>" + _KM + r"\s*(?:/|per|a|to\s+the)\s*"
    r"(?:l|litres?|liters?)|kpl))\b", re.IGNORECASE)
# The same asked, without a number: "What is that in L/100 km?", "What's my mpg?"
_MEASURES = (("l100", _L + r"\s*(?:/|per)\s*100\s*" + _KM), ("mpg", r"mpg|" + _MI + r"\s+(?:per|a|to\s+the)\s+" + _GAL),
             ("kml", _KM + r"\s*(?:/|per|a|to\s+the)\s*(?:l|litres?|liters?)|kpl"))
_MEASURE = re.compile(r"(?<![\w.§])(?:" + "|".join(f"(?P<{name}>{said})" for name, said in _MEASURES) + r")\b",
                      re.IGNORECASE)
_PRICE = re.compile(r"[$€£]\s?(?P<c>" + _NUMBER + r")\s*(?:/|per|a|an)\s*(?:(?P<cl>l|litres?|liters?)|(?P<cg>"
                    + _GAL + r"))\b", re.IGNORECASE)
_FUEL = re.compile(r"(?<![\w.])(?P<f>" + _NUMBER + r")\s*(?:(?P<fl>" + _L + r")|(?P<fg>" + _GAL + r"))\b(?!\s*/)",
                   re.IGNORECASE)
_DRIVEN = re.compile(r"(?<![\w.])(?P<d>" + _NUMBER + r")\s*(?:(?P<dk>" + _KM + r")|(?P<dm>" + _MI + r"))\b(?!\s*/)",
                     re.IGNORECASE)
# What is asked: how far the fuel goes, how much fuel a distance takes, what that fuel costs
_HOW_FAR = re.compile(r"\bhow\s+(?:far|many\s+(?P<unit>" + _KM + "|" + _MI + r"))\b|\bwhat\s+(?:distance|range)\b",
                      re.IGNORECASE)
_HOW_MUCH_FUEL = re.compile(r"\bhow\s+(?:much\s+(?:fuel|petrol|gas|gasoline|diesel)|many\s+(?P<unit>" + _L + "|" + _GAL
                            + r"))\b", re.IGNORECASE)
_COST = re.compile(r"\b(?:how\s+much|what)\s+(?:will|would|does|did|do|is)(?:\s+[\w'’]+){0,5}?\s+costs?\b"
                   r"|\bwhat(?:'s|’s|\s+is|\s+will\s+be|\s+would\s+be)\s+the\s+(?:fuel\s+|petrol\s+|gas\s+|total\s+)?"
                   r"cost\b",
                   re.IGNORECASE)
_ASKS = re.compile(r"\b(?:what|what's|whats|how|calculate|compute|work\s+out|tell\s+me)\b", re.IGNORECASE)
_CONSUMPTION = re.compile(r"\b(?:fuel\s+|petrol\s+|gas\s+)?consumption\b", re.IGNORECASE)
_MILEAGE = re.compile(r"\b(?:(?:fuel|gas)\s+(?:economy|mileage)|mileage)\b", re.IGNORECASE)
# A tank's size: how far a full one goes, but not what was used ("My tank is 50 litres and I drove 420 km")
_TANK = re.compile(r"\btank\b", re.IGNORECASE)
_FUEL_WORDS = frozenset({
    "what", "what's", "whats", "is", "was", "that", "this", "it", "its", "in", "my", "the", "a", "an", "our", "his",
    "her", "their", "car", "van", "truck", "vehicle", "bike", "motorbike", "i", "we", "you", "he", "she", "they",
    "used",
    "use", "uses", "using", "burned", "burnt", "burn", "burns", "consumed", "consume", "consumes", "took", "take",
    "takes", "needed", "need", "needs", "drove", "drive", "drives", "driven", "driving", "travelled", "traveled",
    "travel", "covered", "cover", "went", "go", "get", "gets", "got", "do", "does", "did", "doing", "for", "on",
    "over", "to", "of", "at", "with", "and", "if", "how", "far", "many", "much", "can", "could", "will", "would",
    "fuel", "petrol", "gas", "gasoline", "diesel", "consumption", "economy", "mileage", "average", "averages",
    "averaged", "averaging", "tank", "full", "cost", "costs", "price", "priced", "trip", "journey", "distance",
    "range", "calculate", "compute", "work", "out", "tell", "me", "please", "be", "so", "then", "per", "am", "are",
    "fill", "filled", "up", "after", "by",
    "litres", "liters", "l", "gallons", "gal", "km", "kilometres", "kilometers", "miles"})  # ("how many gallons")


def _at_most_one(pattern: re.Pattern[str], text: str, mark: str) -> tuple[re.Match[str] | None, str] | None:
    """The match of `pattern` in `text` (or none) and the text with it marked; None for several."""
    found = list(pattern.finditer(text))
    return None if len(found) > 1 else (found[0], marked(text, [(found[0], mark)])) if found else (None, text)


def _fuel(text: str) -> str | None:
    """"My car used 28 litres for 420 km. What is that in L/100 km?": 28 / 420 * 100 (the 1.5B said 1/15; it is
    6.67), or in km per litre 420 / 28, and "350 miles on 12 gallons" in mpg 350 / 12; "How far can I go on 40
    litres at 6.5 L/100 km?" 40 / 6.5 * 100, "How much fuel for 420 km at 15 km/L?" 420 / 15, and what that fuel
    costs at "$1.80 per litre". Litres go with km and gallons with miles (a US or an imperial gallon: not said), and
    a car's "fuel economy" in litres and km (L/100 km, or km/L?) and its "consumption" in miles and gallons (mpg, or
    gallons per 100 miles?) are the model's to ask, as is any sum with a tank's size but how far a full one goes."""
    given = _at_most_one(_ECONOMY, text, "§e")
    if given is None:
        return None
    # (the measure asked, unmarked first: "What is that in L/100 km?" has a 100 in it)
    found, words = {"§e": given[0]}, _MEASURE.sub(" ", given[1])
    asked = [m.lastgroup for m in _MEASURE.finditer(given[1])]
    for pattern, mark in ((_PRICE, "§c"), (_FUEL, "§f"), (_DRIVEN, "§d")):
        step = _at_most_one(pattern, words, mark)
        if step is None:
            return None
        found[mark], words = step
    if re.search(r"\d", words) or not _ASKS.search(words) or not plain(words, _FUEL_WORDS):
        return None
    economy, price, fuel, far = (found.get(mark) for mark in ("§e", "§c", "§f", "§d"))
    litres = fuel is not None and bool(fuel.group("fl"))
    km = far is not None and bool(far.group("dk"))
    tank = _TANK.search(words)
    if economy is None:
        return _economy(fuel, far, asked, words) if price is None and not tank else None
    if len(asked) > 0 or (fuel is None) == (far is None):
        return None
    kind, e = economy.lastgroup or "", economy.group("e")
    metric = kind != "mpg"
    if float(e) == 0:
        return None
    if fuel is not None:  # how far it goes
        wanted = _HOW_FAR.search(words)
        if price is not None or wanted is None or litres != metric or (
                wanted.group("unit") and wanted.group("unit").lower().startswith("k") != metric):
            return None
        return f"{fuel.group('f')} / {e} * 100" if kind == "l100" else f"{e} * {fuel.group('f')}"
    if far is None or km != metric or tank:
        return None
    d = far.group("d")
    used = f"{e} * {d} / 100" if kind == "l100" else f"{d} / {e}"
    if price is None:
        wanted = _HOW_MUCH_FUEL.search(words)
        if wanted is None or _COST.search(words) or (
                wanted.group("unit") and wanted.group("unit").lower().startswith("g") == metric):
            return None
        return used
    if not _COST.search(words) or _HOW_MUCH_FUEL.search(words) or bool(price.group("cl")) != metric:
        return None
    return f"{used} * {price.group('c')}"


def _economy(fuel: re.Match[str] | None, far: re.Match[str] | None, asked: list[str | None], words: str) -> str | None:
    """A car's economy from the fuel it used over a distance: in L/100 km or km/L of litres and km, in mpg of
    gallons and miles, whichever is asked."""
    if fuel is None or far is None or re.search(r"\bper\b|/|\bgal(?:lon)?s?\b|\bmiles?\b", words, re.IGNORECASE):
        return None  # (a unit left unread: "its consumption per km", "in L/km", "in gallons" are no L/100 km)
    metric = bool(fuel.group("fl"))
    if metric != bool(far.group("dk")):
        return None
    if _CONSUMPTION.search(words) and metric:
        asked = [*asked, "l100"]
    elif _CONSUMPTION.search(words) and not asked:
        return None  # (in miles and gallons: mpg, or gallons per 100 miles?)
    if _MILEAGE.search(words) and not metric:
        asked = [*asked, "mpg"]
    if len(set(asked)) != 1 or (asked[0] == "mpg") == metric:
        return None
    f, d = fuel.group("f"), far.group("d")
    if float(d) == 0 or float(f) == 0:
        return None
    return f"{f} / {d} * 100" if asked[0] == "l100" else f"{d} / {f}"
