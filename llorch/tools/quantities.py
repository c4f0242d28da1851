"""Quantities as people write them, read by pint and said back, for the units tool (units.py): a unit's everyday
words ("degrees Fahrenheit", "F", "fl oz", "litres") as pint's unit, a number to six significant digits, a quantity in
two units, and two quantities compared.

Heights and weights are said in two units of one kind ("5 ft 10 in", 5'10", "11 st 4 lb") and asked for in two
("180 cm in feet and inches"). Asked to convert 5 feet 10 inches to cm, the 1.5B got 177.8, but after 250 tokens of
working, each step a chance to slip. The call carries such a quantity as its sum in the smaller unit (value 70, from
in) with the user's words beside it (given), so that the result says both ("5 ft 10 in (70 in) = 177.8 cm") and a
follow-up that changes the target ("and in metres?", tools/followup.py keeps value and from) still converts the
whole; a target of two units ("feet and inches") is split after the conversion.

Two quantities of one kind are compared by converting the first into the second's unit (`than`: "Which is heavier, 1
pound or 500 grams?" is value 1, from pound, than "500 grams"). The 1.5B answered "1 pound is heavier than 500 grams."
(1 lb is 453.592 g). The result names the larger, then says the first in the second's unit and by how much; asked
which is the smaller (`which`: less) it names that one, and asked yes or no ("Is 1 kg heavier than 2 pounds?", `is`:
more) it begins with the verdict. `compared_asked` recognises a message that plainly asks for such a comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolResult

__all__ = ["MAX_UNIT", "NUMBER", "QUANTITY_IN_TWO", "UNIT", "TwoUnits", "compare", "compared_asked", "given_as",
           "in_two", "number_text", "registry", "symbol_of", "two_parts", "two_units", "unit_of", "unit_word"]

MAX_UNIT = 60
# Words people use that pint reads otherwise or not at all ("F" is a farad to it, "fl oz" femtolitre-ounces).
_ALIASES = {
    "f": "degF", "°f": "degF", "fahrenheit": "degF", "degrees fahrenheit": "degF", "degree fahrenheit": "degF",
    "deg f": "degF", "c": "degC", "°c": "degC", "celsius": "degC", "degrees celsius": "degC", "centigrade": "degC",
    "degree celsius": "degC", "degrees centigrade": "degC", "deg c": "degC", "k": "kelvin", "kelvins": "kelvin",
    "fl oz": "fluid_ounce", "fluid ounce": "fluid_ounce", "fluid ounces": "fluid_ounce",
    "imperial gallon": "imperial_gallon", "imperial gallons": "imperial_gallon", "uk gallon": "imperial_gallon",
    "uk gallons": "imperial_gallon", "imperial pint": "imperial_pint", "imperial pints": "imperial_pint",
    "kph": "km/h", "kmh": "km/h", "kmph": "km/h", "km per hour": "km/h", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "metres per second": "m/s", "meters per second": "m/s",
    "sq ft": "ft**2", "square feet": "ft**2", "square foot": "ft**2", "sq m": "m**2", "square metres": "m**2",
    "square meters": "m**2", "square metre": "m**2", "square meter": "m**2", "sq km": "km**2",
    "square kilometres": "km**2", "square kilometers": "km**2", "square miles": "mile**2", "square mile": "mile**2",
    "stones": "stone", "st": "stone", "tonnes": "metric_ton", "tonne": "metric_ton", "metric tons": "metric_ton",
    "mbps": "Mbit/s", "gbps": "Gbit/s", "kbps": "kbit/s", "tbps": "Tbit/s", "mbit": "Mbit", "gbit": "Gbit",
}  # fmt: skip
# bytes, not the bits of "Mbps"; and KB, Kb, Mb, Gb, Tb, which pint reads as kilobarns, megabarns and gilberts
_CASED = {"MBps": "MB/s", "GBps": "GB/s", "KBps": "kB/s", "kBps": "kB/s", "KB": "kB", "Kb": "kbit", "Mb": "Mbit",
          "Gb": "Gbit", "Tb": "Tbit"}
# Whose unit: "US cups" is microsecond-cups to pint and "UK pints" micro-Boltzmann-pints. Its cup, pint, quart,
# gallon, fluid ounce (and ton) are the US ones; the others are its imperial_ or UK_ units, and a metric cup 250 mL.
_WHOSE = re.compile(r"(?:(?P<us>us|u\.\s?s\.?|american)|(?P<uk>uk|u\.\s?k\.?|british|imperial)|(?P<metric>metric))"
                    r"\s+(?P<rest>[a-z].*)", re.IGNORECASE)
_US_ONLY = frozenset({"tablespoon", "teaspoon"})  # (pint knows no imperial one; "US tablespoon" is its own)


@lru_cache(maxsize=1)
def registry() -> Any:
    """pint's unit registry, built on first use, with the metric cup it lacks."""
    import pint  # imported on first use: 0.4 s with its registry

    ureg: Any = pint.UnitRegistry()
    ureg.define("metric_cup = 250 * milliliter")
    return ureg


def _whose(text: str) -> Any:
    """The unit of "US cups", "U.S. fluid ounces", "UK pints", "imperial cup" or "metric cups", or None where `text`
    says no whose (or a metric unit pint knows by its own name, "metric horsepower"). Raises ToolError: a US or
    imperial unit that is no such thing ("US miles")."""
    match = _WHOSE.fullmatch(text)
    if match is None:
        return None
    try:
        name = str(unit_of(match.group("rest")))
    except ToolError:
        return None
    if not name.isidentifier():
        return None  # ("US gallons per minute": pint reads "imperial_gallon / minute" in its registry as a unit)
    ureg = registry()
    if match.group("metric"):
        return ureg.parse_units("metric_cup") if name == "cup" else None
    if match.group("us") and (name in _US_ONLY or f"imperial_{name}" in ureg or f"UK_{name}" in ureg):
        return ureg.parse_units(name)
    for other in (f"imperial_{name}", f"UK_{name}") if match.group("uk") else ():
        if other in ureg:
            return ureg.parse_units(other)
    raise ToolError(f"units: {text!r} is not a unit llorch knows: US and imperial are said of cups, pints, quarts, "
                    "gallons, fluid ounces and tons")


def unit_of(words: str) -> Any:
    """pint's unit for `words` ("degrees Fahrenheit", "km/h", "litres"); ToolError if it knows none."""
    text = " ".join(words.strip().replace("º", "°").split())
    if not text or len(text) > MAX_UNIT:
        raise ToolError(f"units: {words!r} is not a unit llorch knows")
    # As written first: case tells units apart (MW is megawatts, mW milliwatts); then lowercased ("Miles").
    # Then with underscores, as pint names its units of several words ("light years" is light_year to it).
    lower = text.lower()
    whose = None if lower in _ALIASES else _whose(text)
    if whose is not None:
        return whose
    for spelling in dict.fromkeys((_CASED.get(text) or _ALIASES.get(lower, text), lower, lower.replace(" ", "_"))):
        try:
            return registry().parse_units(spelling)
        except Exception:  # noqa: BLE001 - pint parses with Python's tokenizer: "(" is a TokenError, "1/0" divides
            continue
    raise ToolError(f"units: {words!r} is not a unit llorch knows (e.g. km, mile, kg, lb, °C, °F, litre, "
                    "gallon, mph, km/h)")


# pint's symbols that read as something else, or nothing, to most people.
_SHOWN = {"gal": "US gal", "imperial_gal": "imperial gal", "floz": "US fl oz", "cp": "US cup", "l": "L", "ml": "mL",
          "a": "years", "d": "days", "h": "hours", "t": "tonnes", "pt": "US pt", "qt": "US qt",
          "gi": "US gill", "imperial_cp": "imperial cup", "imperial_pt": "imperial pt", "imperial_qt": "imperial qt",
          "imperial_floz": "imperial fl oz", "imperial_gi": "imperial gill", "metric_cup": "metric cup",
          "UK_ton": "UK ton"}


def symbol_of(unit: Any) -> str:
    """A unit as the result shows it: pint's symbol, or the one people read ("US gal", not "gal")."""
    symbol = f"{registry().Unit(unit):~P}"
    return _SHOWN.get(symbol, symbol)


_PLURALS = {"years": "year", "days": "day", "hours": "hour", "tonnes": "tonne"}  # _SHOWN's words for pint's symbols


def unit_word(symbol: str, value: float) -> str:
    """A unit shown as a word, in the singular for exactly one ("1 day", not "1 days")."""
    return _PLURALS.get(symbol, symbol) if number_text(value) in ("1", "-1") else symbol


def number_text(value: float) -> str:
    """Six significant digits, without float noise (-39.99999999999997 is -40); a whole number below 10^15 in
    full ("3.5 GiB = 3,758,096,384 B": the 1.5B read 3.7581e+09 as 3,758,102,400)."""
    whole = round(value)
    if 10**6 <= abs(whole) < 10**15 and abs(value - whole) <= 1e-14 * abs(value):
        return f"{whole:,}"
    shown = f"{value:.6g}"
    if "e" in shown:
        return shown
    return shown if "." not in shown else shown.rstrip("0").rstrip(".")


# A number as typed: 1,500,000, 2.5, and in scientific notation, 1.2e6 (the 1.5B took "1.2e6 bytes" to MB as MiB)
NUMBER = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?(?:[eE][+-]?\d{1,3}(?![\w.]))?)"
UNIT = r"([^\d?!,;:]{1,60}?)"
_END = r"\s*[?.!]*\s*$"


# --- two units of one kind ("5 ft 10 in", "in feet and inches") --------------------------------------


@dataclass(frozen=True)
class TwoUnits:
    """Two units of one kind said together, the larger first: a whole number (`ratio`, 2 or more) of the smaller
    make one of the larger (12 inches a foot, 16 ounces a pound, 14 pounds a stone). `words`: the smaller's, as
    written."""

    big: Any
    small: Any
    ratio: int
    words: str


def _two(big_words: str, small_words: str) -> TwoUnits:
    """The two units of "5 ft 10 in" or "feet and inches", or ToolError: of two kinds ("5 feet 10 pounds"), the
    smaller first, or not a whole number of one in the other (pounds and grams), as nobody says a quantity."""
    import pint

    big, small = unit_of(big_words), unit_of(small_words)
    ureg = registry()
    try:
        ratio = float(ureg.Quantity(1, big).to(small).magnitude)
        offset = float(ureg.Quantity(0, big).to(small).magnitude)  # °C and °F: a scale with another zero
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {big_words!r} and {small_words!r} measure different things; they are no quantity "
                        "in two units") from None
    whole = round(ratio)
    if offset != 0 or whole < 2 or abs(ratio - whole) > 1e-9 * ratio:
        raise ToolError(f"units: {big_words} and {small_words} are not two units a quantity is said in: the larger "
                        "first, a whole number of the smaller in it (feet and inches, pounds and ounces)")
    return TwoUnits(big, small, whole, small_words)


def two_units(target: str) -> TwoUnits | None:
    """The two units a target names ("feet and inches", "lb & oz"), or None where it names one (ToolError: not
    two units a quantity is said in)."""
    match = re.fullmatch(r"\s*(.+?)\s*(?:\band\b|&|\+)\s*(.+?)\s*", target, re.IGNORECASE)
    return _two(match.group(1), match.group(2)) if match is not None else None


_WORDS = r"[^\d?!,;:'\"′″’”]{1,30}?"  # a unit's, in a quantity of two (no quote: 5'10" is feet and inches)
_AND = r"(?:\s*,\s*|\s+and\s+|\s*)"
_FEET = r"\s*(\d{1,2})\s*['′’]\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|″|”|''|’’)\s*"  # 5'10", 5′10″, 5’10” (a phone's quotes)
_TWO_PARTS = re.compile(r"\s*" + NUMBER + r"\s*(" + _WORDS + ")" + _AND + NUMBER + r"\s*(" + _WORDS + r")\s*",
                        re.IGNORECASE)
_FEET_INCHES = re.compile(_FEET)
QUANTITY_IN_TWO = f"{_TWO_PARTS.pattern}|{_FEET}"  # a quantity in two units, for the patterns that ask


def two_parts(text: str) -> tuple[float, float, TwoUnits]:
    """A quantity in two units ("5 ft 10 in", "11 stone 4 pounds", 5'10") as its whole count of the larger, its
    count of the smaller and the units; ToolError unless it is said as people say one: the larger part whole, the
    smaller less than one of the larger, neither below zero."""
    feet = _FEET_INCHES.fullmatch(text)
    if feet is not None:
        big, small, two = float(feet.group(1)), float(feet.group(2)), _two("ft", "in")
    else:
        match = _TWO_PARTS.fullmatch(text)
        if match is None:
            raise ToolError(f"units: {text!r} is no quantity in two units; give it as e.g. 5 ft 10 in or 11 st 4 lb")
        big, small = (float(match.group(i).replace(",", "")) for i in (1, 3))
        two = _two(match.group(2).strip().rstrip("."), match.group(4).strip().rstrip("."))  # ("5 ft. 10 in.")
    if big < 0 or small < 0 or big != int(big) or small >= two.ratio:
        raise ToolError(f"units: {' '.join(text.split())} is not a quantity in two units as people say one: a whole "
                        f"number of {symbol_of(two.big)}, then fewer than {two.ratio} {symbol_of(two.small)}")
    return big, small, two


def _said(count: float, unit: Any) -> str:
    return f"{number_text(count)} {unit_word(symbol_of(unit), count)}"


def given_as(text: str, value: float, source: str) -> str:
    """A quantity in two units ("5 feet 10 inches", 5'10") as the result says it ("5 ft 10 in"), once checked to be
    `value` `source`, the sum the call converts (70 in). Raises ToolError."""
    import pint

    big, small, two = two_parts(text)
    total = big * two.ratio + small  # (whole numbers stay exact: 5 ft 10 in is 70 in, not 70.00000000000001)
    try:
        summed = float(registry().Quantity(total, two.small).to(unit_of(source)).magnitude)
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {text!r} and {source!r} measure different things") from None
    if abs(summed - value) > 1e-9 * max(abs(summed), 1.0):
        raise ToolError(f"units: {' '.join(text.split())} is {_said(total, two.small)}, not {number_text(value)} "
                        f"{source}; value and from must be its sum in one unit")
    return f"{_said(big, two.big)} {_said(small, two.small)}"


def in_two(total: float, two: TwoUnits) -> tuple[str, tuple[int, float]]:
    """`total` of the smaller unit said in both ("5 ft 10.8661 in (5 ft 11 in to the nearest inch)"), and its
    parts (5, 10.8661)."""
    if total >= 1e15:
        raise ToolError(f"units: {_said(total, two.small)} is too large to say in {symbol_of(two.big)} and "
                        f"{symbol_of(two.small)}")
    big, rest = divmod(total, two.ratio)
    if float(number_text(rest)) >= two.ratio:  # 191.99999999999997 oz is 12 lb 0 oz, not 11 lb 16 oz
        big, rest = big + 1, 0.0
    said = f"{_said(big, two.big)} {_said(rest, two.small)}"
    near_big, near = divmod(round(total), two.ratio)
    if number_text(rest) != str(near) or near_big != big:
        said += f" ({_said(near_big, two.big)} {_said(near, two.small)} to the nearest {registry().Unit(two.small):P})"
    return said, (int(big), rest)


# --- two quantities compared ("Which is heavier, 1 pound or 500 grams?") ------------------------------


def _kind(unit: Any) -> str:
    """What a unit measures, as a comparison words it: mass, length, time, temperature, rate (a length or data per
    time), data (pint's bytes have no dimension), count (nor have its percent and radians), or other (volume,
    area, energy, ...)."""
    dims = dict(unit.dimensionality)
    if not dims:
        return "data" if re.search(r"bit|byte", str(unit)) else "count"
    if dims.get("[time]") == -1:
        return "rate" if _kind(unit * registry().second) in ("length", "data") else "other"
    named = {"[mass]": "mass", "[length]": "length", "[time]": "time", "[temperature]": "temperature"}
    (dim, power), *more = dims.items()
    return named.get(dim, "other") if power == 1 and not more else "other"


# What a question calls the larger of two (True) or the smaller, and of which kinds: "heavier" of two lengths is no
# plain question. No kind named: any.
_COMPARATIVES: dict[str, tuple[bool, frozenset[str]]] = {word: (larger, frozenset(kinds)) for words, larger, kinds in (
    (("heavier",), True, {"mass"}), (("lighter",), False, {"mass"}),
    (("longer",), True, {"length", "time"}), (("shorter",), False, {"length", "time"}),
    (("taller", "farther", "further", "wider", "deeper"), True, {"length"}),
    (("narrower", "shallower", "nearer", "closer"), False, {"length"}),
    (("faster", "quicker"), True, {"rate"}), (("slower",), False, {"rate"}),
    (("hotter", "warmer"), True, {"temperature"}), (("colder", "cooler"), False, {"temperature"}),
    (("more", "larger", "bigger", "greater", "higher"), True, ()), (("less", "smaller", "lower"), False, ()),
) for word in words}
_SAID_AS = {"mass": ("heavier", "lighter"), "length": ("longer", "shorter"), "time": ("longer", "shorter"),
            "rate": ("faster", "slower"), "temperature": ("hotter", "colder")}  # else larger, smaller
_ONE_QUANTITY = re.compile(r"\s*(?:(an?|one)\s+|" + NUMBER + r"\s*)([^\d?!,;:]{1,60}?)\s*", re.IGNORECASE)


def _quantity(text: str) -> tuple[float, str, str]:
    """A quantity as written ("500 grams", "a mile", "5 ft 10 in", 5'10"): its value, its unit's words and how the
    result says it ("500 g", "1 mi", "5 ft 10 in"); one in two units as its sum in the smaller. Raises ToolError."""
    one = _ONE_QUANTITY.fullmatch(text)
    if one is not None:
        value = 1.0 if one.group(1) else float(one.group(2).replace(",", ""))
        unit = one.group(3).strip()
        return value, unit, f"{number_text(value)} {unit_word(symbol_of(unit_of(unit)), value)}"
    if _TWO_PARTS.fullmatch(text) is None and _FEET_INCHES.fullmatch(text) is None:
        raise ToolError(f"units: {text!r} is no quantity; give a number and its unit, e.g. 500 g or 5 ft 10 in")
    big, small, two = two_parts(text)
    return big * two.ratio + small, two.words, f"{_said(big, two.big)} {_said(small, two.small)}"


def _names(value: float, words: str, said: str, typed: str | None = None) -> list[str]:
    """How an answer may name a quantity: as the result says it, in the user's words or pint's ("500 g", "500 grams",
    "500g"; "a mile" for one); one in two units (`typed`) as said or as typed."""
    if typed is not None:
        return list(dict.fromkeys((said, typed)))
    unit = unit_of(words)
    symbol, name = symbol_of(unit), f"{registry().Unit(unit):P}".replace("_", " ")
    numbers = list(dict.fromkeys((number_text(value), format(value, ",.6g"))))
    spelt = list(dict.fromkeys((words, name, *((name + "s",) if name.isalpha() else ()))))
    written = [f"{n} {u}" for n in numbers for u in (*spelt, symbol)] + [f"{n}{symbol}" for n in numbers]
    if number_text(value) == "1":
        written += [f"{a} {u}" for a in ("a", "an", "one") for u in spelt]
    return list(dict.fromkeys(written))


def compare(value: float, source: str, than: str, *, given: str | None = None, which: Any = None,
            is_: Any = None) -> ToolResult:
    """`value` `source` compared with the quantity `than` ("500 g") by converting it into that one's unit: the
    larger named (the smaller, `which` "less"), or, asked whether it is more or less (`is_`), yes or no first, as
    the verdict. `given`: the first as typed in two units (`value` `source` its sum). Raises ToolError."""
    import pint

    for asked in (which, is_):
        if asked not in (None, "more", "less"):
            raise ToolError(f"units: which and is are more or less, not {asked!r}")
    if which is not None and is_ is not None:
        raise ToolError("units: give which (which of the two is larger) or is (a yes/no question), not both")
    than = " ".join(than.split())
    other, words, other_said = _quantity(than)
    have, want = unit_of(source), unit_of(words)
    kind = _kind(have)
    if have.dimensionality != want.dimensionality or kind != _kind(want):
        raise ToolError(f"units: {source!r} and {than!r} measure different things; they do not compare")
    try:
        result = float(registry().Quantity(value, have).to(want).magnitude)
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot compare {value} {source} with {than}: {exc}") from None
    if not (abs(result) < float("inf") and abs(other) < float("inf")):
        raise ToolError(f"units: {number_text(value)} {source} or {than} is too large to compare")
    said = given_as(given, value, source) if given else f"{number_text(value)} {unit_word(symbol_of(have), value)}"
    unit = symbol_of(want)
    difference = result - other
    equal = abs(difference) <= 1e-9 * max(abs(result), abs(other))  # (1 ft is 12.000000000000002 in)
    in_unit = f"{said} is {number_text(result)} {unit_word(unit, result)}"
    data: dict[str, Any] = {"value": value, "from": symbol_of(have), "than": other_said, "result": result, "unit": unit,
                            "difference": 0.0 if equal else difference, **({"given": said} if given else {})}
    more, less = _SAID_AS.get(kind, ("larger", "smaller"))
    first_more = difference > 0
    if is_ is not None:  # the first, as asked of it ("Is 1 kg heavier than 2 pounds?"), with the word that holds
        first_named, word = True, more if first_more else less
    else:  # the one asked for: the larger, or the smaller ("Which is lighter, ...?")
        first_named, word = first_more == (which != "less"), more if which != "less" else less
    named, rest = (said, other_said) if first_named else (other_said, said)
    if equal:
        claim = f"{said} and {other_said} are equal: {in_unit}."
    else:
        by = f"{number_text(abs(difference))} {unit_word(unit, abs(difference))} {'more' if first_more else 'less'}"
        claim = f"{named} is {word} than {rest}: {in_unit}, {by}."
    if is_ is not None:
        holds = not equal and first_more == (is_ == "more")
        return ToolResult(f"{'Yes' if holds else 'No'}, {claim}", data | {"is": is_, "holds": holds}, verdict=holds)
    data |= {"which": which or "more", "larger": None if equal else said if first_more else other_said}
    if not equal:  # what an answer must name first and call it (chat/answercheck.py): "500 grams is heavier"
        typed = None if _ONE_QUANTITY.fullmatch(than) else than
        data["named"] = _names(value, source, said, given) if first_named else _names(other, words, other_said, typed)
        data["comparatives"] = [w for w, (up, kinds) in _COMPARATIVES.items()
                                if up == (which != "less") and (not kinds or kind in kinds)]
    return ToolResult(claim, data)


# --- a comparison asked ------------------------------------------------------------------------------


_VERSUS = r"\s*[,:;—–-]?\s*"
_WORD = r"(?P<word>" + "|".join(_COMPARATIVES) + r")\b"
_WHICH = (r"(?:which|what)(?:\s+one)?(?:(?:\s+is|\s*['’]s)\s+(?:the\s+)?" + _WORD + r"(?:\s+one)?"
          r"|\s+(?P<weighs>weighs\s+(?:more|less)))")
# (pattern, whether it asks yes or no)
_COMPARES = [(re.compile(pattern, re.IGNORECASE), yes_no) for pattern, yes_no in (
    # "Which is heavier, 1 pound or 500 grams?", "What's bigger: 1 gallon or 4 liters?", "Which weighs more, ...?"
    (r"^\s*" + _WHICH + _VERSUS + r"(?P<first>.+?)\s+or\s+(?P<second>.+?)" + _END, False),
    (r"^\s*" + _WHICH + r"(?:\s*,\s+|\s+)between\s+(?P<first>.+?)\s+and\s+(?P<second>.+?)" + _END, False),
    # "1 pound or 500 grams: which is heavier?", "Is 1 pound or 500 grams heavier?"
    (r"^\s*(?P<first>.+?)\s+or\s+(?P<second>.+?)\s*[,:;—–-]\s*" + _WHICH + _END, False),
    (r"^\s*(?:is|are)\s+(?P<first>.+?)\s+or\s+(?P<second>.+?)\s+" + _WORD + _END, False),
    # "Is 1 kg heavier than 2 pounds?", "Does 1 kg weigh more than 2 pounds?"
    (r"^\s*(?:is|are)\s+(?P<first>.+?)\s+" + _WORD + r"\s+than\s+(?P<second>.+?)(?:\s*,?\s*or\s+not)?" + _END,
     True),
    (r"^\s*(?:does|do)\s+(?P<first>.+?)\s+(?P<weighs>weighs?\s+(?:more|less))\s+than\s+(?P<second>.+?)"
     r"(?:\s*,?\s*or\s+not)?" + _END, True),
)]


def compared_asked(text: str) -> dict[str, Any] | None:
    """The comparison a message plainly asks for, as the tool's arguments, or None: two quantities pint knows of one
    kind, each a number and a unit (or "a mile", or a height in two units), and a word that fits that kind ("heavier"
    of two masses, "faster" of two speeds; "bigger" of any): not a word problem, three quantities or "better"."""
    for pattern, yes_no in _COMPARES:
        match = pattern.match(text)
        if match is None:
            continue
        found = match.groupdict()
        word = (found.get("word") or "").lower()
        if found.get("weighs"):  # ("Which weighs more, ...?")
            word = "heavier" if found["weighs"].lower().endswith("more") else "lighter"
        more, kinds = _COMPARATIVES[word]
        first, second = (" ".join(match.group(side).split()) for side in ("first", "second"))
        if any(re.search(r",\s|\bor\b", side) or len(side) > MAX_UNIT for side in (first, second)) \
                or (re.search(r"\sbetween\s", match.group(0), re.IGNORECASE) and re.search(r"\band\b", second)):
            return None  # (three quantities, or "between 2 m and 1 m and 70 cm": not plain)
        try:
            value, source, _ = _quantity(first)
            other, words, _ = _quantity(second)
            have, want = unit_of(source), unit_of(words)
            kind, given = _kind(have), first if _ONE_QUANTITY.fullmatch(first) is None else None
            if (kinds and kind not in kinds) or kind == "count":
                return None  # ("Which is heavier, 10 km or 6 miles?"; to pint, percent and radians are both numbers)
            if kind == "time" and (given or _ONE_QUANTITY.fullmatch(second) is None or any(
                    registry().Quantity(1, unit).to("day").magnitude >= 28 for unit in (have, want))):
                return None  # (a month's and a year's days vary; a length in two units is the timespan tool's)
            if kind != "temperature" and min(value, other) < 0:
                return None
            way = "more" if more else "less"
            compare(value, source, second, given=given, **({"is_": way} if yes_no else {"which": way}))
        except ToolError:
            return None
        asks = {"is": way} if yes_no else {} if more else {"which": way}  # (which: more is the default)
        return {"value": value, "from": source, **({"given": given} if given else {}), "than": second, **asks}
    return None
