"""The `units` tool: a quantity converted between units, by pint.

Asked to convert, the 1.5B got 4 of 8 everyday conversions wrong: 72 °F came out as 4.44 °C and
-40 °F as -8 °C (it divides by 9 and forgets the 5), 65 mph as 102.87 km/h. pint knows the units
and their factors; this module reads the words people use for them ("degrees Fahrenheit", "F",
"fl oz", "litres") and says the result to six significant digits (a whole number in full).
`units_asked` recognises a message that plainly asks for one conversion ("Convert 72 F to C", "How
many km is 26.2 miles?", "What is 65 mph in km/h?"), so that it goes to the tool before the model
answers, as arithmetic goes to `math` (chat/conversation.py). A gallon is the US one; "imperial
gallon" is the other.

Heights and weights are said in two units of one kind ("5 ft 10 in", 5'10", "11 st 4 lb") and asked for in two
("180 cm in feet and inches"). Asked to convert 5 feet 10 inches to cm, the 1.5B got 177.8, but after 250 tokens of
working, each step a chance to slip. The call carries such a quantity as its sum in the smaller unit (value 70, from
in) with the user's words beside it (given), so that the result says both ("5 ft 10 in (70 in) = 177.8 cm") and a
follow-up that changes the target ("and in metres?", tools/followup.py keeps value and from) still converts the
whole; a target of two units ("feet and inches") is split after the conversion.

Fuel economy (mpg, km/L, L/100 km, miles per litre) is worked out here, not by pint: L/100 km is the reciprocal of
km/L, which pint does not convert to, and "mpg" is nothing to it. Asked how many litres per 100 km 30 miles per
gallon is, the 1.5B answered 1293.57 (it is 7.84).

Two quantities of one kind are compared by converting the first into the second's unit (`than`: "Which is heavier, 1
pound or 500 grams?" is value 1, from pound, than "500 grams"). The 1.5B answered "1 pound is heavier than 500 grams."
(1 lb is 453.592 g). The result names the larger, then says the first in the second's unit and by how much; asked
which is the smaller (`which`: less) it names that one, and asked yes or no ("Is 1 kg heavier than 2 pounds?", `is`:
more) it begins with the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["NUMBER", "UNIT", "UnitsTool", "compare", "convert", "duration_words", "time_at", "units_asked"]

_MAX_UNIT = 60
# Words people use that pint reads otherwise or not at all ("F" is a farad to it, "fl oz" femtolitre-ounces).
_ALIASES = {
    "f": "degF", "°f": "degF", "fahrenheit": "degF", "degrees fahrenheit": "degF", "degree fahrenheit": "degF",
    "deg f": "degF", "c": "degC", "°c": "degC", "celsius": "degC", "degrees celsius": "degC", "centigrade": "degC",
    "degree celsius": "degC", "degrees centigrade": "degC", "deg c": "degC", "k": "kelvin", "kelvins": "kelvin",
    "fl oz": "fluid_ounce", "fluid ounce": "fluid_ounce", "fluid ounces": "fluid_ounce",
    "imperial gallon": "imperial_gallon", "imperial gallons": "imperial_gallon", "uk gallon": "imperial_gallon",
    "uk gallons": "imperial_gallon", "imperial pint": "imperial_pint", "imperial pints": "imperial_pint",
    "kph": "km/h", "kmh": "km/h", "km per hour": "km/h", "kilometres per hour": "km/h",
    "kilometers per hour": "km/h", "metres per second": "m/s", "meters per second": "m/s",
    "sq ft": "ft**2", "square feet": "ft**2", "square foot": "ft**2", "sq m": "m**2", "square metres": "m**2",
    "square meters": "m**2", "square metre": "m**2", "square meter": "m**2", "sq km": "km**2",
    "square kilometres": "km**2", "square kilometers": "km**2", "square miles": "mile**2", "square mile": "mile**2",
    "stones": "stone", "st": "stone", "tonnes": "metric_ton", "tonne": "metric_ton", "metric tons": "metric_ton",
    "mbps": "Mbit/s", "gbps": "Gbit/s", "kbps": "kbit/s", "tbps": "Tbit/s", "mbit": "Mbit", "gbit": "Gbit",
}  # fmt: skip
_CASED = {"MBps": "MB/s", "GBps": "GB/s", "KBps": "kB/s", "kBps": "kB/s"}  # bytes, not the bits of "Mbps"


@lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # imported on first use: 0.4 s with its registry

    return pint.UnitRegistry()


def _unit(words: str) -> Any:
    """pint's unit for `words` ("degrees Fahrenheit", "km/h", "litres"); ToolError if it knows none."""
    text = " ".join(words.strip().replace("º", "°").split())
    if not text or len(text) > _MAX_UNIT:
        raise ToolError(f"units: {words!r} is not a unit llorch knows")
    # As written first: case tells units apart (MW is megawatts, mW milliwatts); then lowercased ("Miles").
    # Then with underscores, as pint names its units of several words ("light years" is light_year to it).
    lower = text.lower()
    for spelling in dict.fromkeys((_CASED.get(text) or _ALIASES.get(lower, text), lower, lower.replace(" ", "_"))):
        try:
            return _registry().parse_units(spelling)
        except Exception:  # noqa: BLE001 - pint parses with Python's tokenizer: "(" is a TokenError, "1/0" divides
            continue
    raise ToolError(f"units: {words!r} is not a unit llorch knows (e.g. km, mile, kg, lb, °C, °F, litre, "
                    "gallon, mph, km/h)")


# pint's symbols that read as something else, or nothing, to most people.
_SHOWN = {"gal": "US gal", "imperial_gal": "imperial gal", "floz": "US fl oz", "cp": "US cup", "l": "L", "ml": "mL",
          "a": "years", "d": "days", "h": "hours", "t": "tonnes", "pt": "US pt", "qt": "US qt"}


def _symbol(unit: Any) -> str:
    symbol = f"{_registry().Unit(unit):~P}"
    return _SHOWN.get(symbol, symbol)


_PLURALS = {"years": "year", "days": "day", "hours": "hour", "tonnes": "tonne"}  # _SHOWN's words for pint's symbols


def _one(symbol: str, value: float) -> str:
    """A unit shown as a word, in the singular for exactly one ("1 day", not "1 days")."""
    return _PLURALS.get(symbol, symbol) if _number(value) in ("1", "-1") else symbol


def _number(value: float) -> str:
    """Six significant digits, without float noise (-39.99999999999997 is -40); a whole number below 10^15 in
    full ("3.5 GiB = 3,758,096,384 B": the 1.5B read 3.7581e+09 as 3,758,102,400)."""
    whole = round(value)
    if 10**6 <= abs(whole) < 10**15 and abs(value - whole) <= 1e-14 * abs(value):
        return f"{whole:,}"
    shown = f"{value:.6g}"
    if "e" in shown:
        return shown
    return shown if "." not in shown else shown.rstrip("0").rstrip(".")


# --- fuel economy --------------------------------------------------------------------------------

_MILE_KM, _US_GALLON_L, _UK_GALLON_L = 1.609344, 3.785411784, 4.54609  # exact, by definition
_L = r"(?:l|liters?|litres?)"
_KM = r"(?:km|kilometers?|kilometres?)"
_MI = r"(?:mi|miles?)"
_PER = r"(?:\s*/\s*|\s+per\s+)"
_WHOSE = r"(?:us|u\.s\.|american|uk|u\.k\.|imperial|british)"  # whose gallon
_MPG = (rf"(?:{_WHOSE}\s+)?(?:mpg|{_MI}{_PER}(?:{_WHOSE}\s+)?(?:gal|gallons?))(?:\s*\(\s*{_WHOSE}\s*\))?")
_PER_100_KM = rf"{_L}{_PER}(?:100|one\s+hundred|a\s+hundred|hundred)\s*{_KM}"
_KM_PER_L = rf"(?:kmpl|{_KM}{_PER}{_L})"
_MI_PER_L = rf"{_MI}{_PER}{_L}"
_FUEL_UNIT = rf"({_MPG}|{_PER_100_KM}|{_KM_PER_L}|{_MI_PER_L})"  # one group, for the patterns that ask
_UK = re.compile(r"\b(?:uk|u\.k|imperial|british)\b", re.IGNORECASE)


def _fuel(words: str) -> tuple[str, float | None] | None:
    """A fuel-economy unit's symbol and its km per litre (None: litres per 100 km, the reciprocal), or None."""
    text = " ".join(words.split())
    if re.fullmatch(_PER_100_KM, text, re.IGNORECASE):
        return "L/100 km", None
    if re.fullmatch(_KM_PER_L, text, re.IGNORECASE):
        return "km/L", 1.0
    if re.fullmatch(_MI_PER_L, text, re.IGNORECASE):
        return "mi/L", _MILE_KM
    if re.fullmatch(_MPG, text, re.IGNORECASE):
        uk = _UK.search(text) is not None
        return ("mpg (UK)", _MILE_KM / _UK_GALLON_L) if uk else ("mpg (US)", _MILE_KM / _US_GALLON_L)
    return None


def _fuel_convert(value: float, have: tuple[str, float | None], want: tuple[str, float | None]) -> float:
    """`value` in fuel-economy unit `have` in unit `want`, through km per litre (100 / L per 100 km)."""
    if not 0 < value < float("inf"):
        raise ToolError(f"units: {_number(value)} {have[0]} is no {want[0]}; give a fuel economy above zero")
    try:
        per_litre = 100 / value if have[1] is None else value * have[1]
        result = 100 / per_litre if want[1] is None else per_litre / want[1]
    except (ZeroDivisionError, OverflowError):
        result = float("inf")
    if not 0 < result < float("inf"):
        raise ToolError(f"units: {_number(value)} {have[0]} is too large or too small to convert")
    return result


def convert(value: float, source: str, target: str) -> tuple[float, str, str]:
    """`value` in unit `source` as (value, source's symbol, target's symbol) in `target`, by pint, or by km per
    litre when both are fuel economies. A target of two units ("feet and inches") gives the value in the smaller,
    with both symbols ("ft and in"): `_in_two` splits it. Raises ToolError."""
    have_fuel, want_fuel = _fuel(source), _fuel(target)
    if have_fuel is not None and want_fuel is not None:
        return _fuel_convert(value, have_fuel, want_fuel), have_fuel[0], want_fuel[0]
    two = _pair(target)
    if two is not None:
        if value < 0:
            raise ToolError(f"units: {_number(value)} {source} is below zero; say it in one unit, not {target}")
        result, have, smaller = convert(value, source, two.words)
        return result, have, f"{_symbol(two.big)} and {smaller}"
    import pint

    ureg = _registry()
    have, want = _unit(source), _unit(target)
    try:
        result = ureg.Quantity(value, have).to(want)
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {source!r} and {target!r} measure different things; they do not convert") from None
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot convert {value} {source} to {target}: {exc}") from None
    magnitude = float(result.magnitude)
    if magnitude != magnitude or magnitude in (float("inf"), float("-inf")):
        raise ToolError(f"units: {value} {source} is too large to convert")
    return magnitude, _symbol(have), _symbol(want)


def time_at(value: float, source: str, rate: str) -> tuple[float, str]:
    """How long `value` `source` takes at `rate` ("50 Mbps", "90 km/h", "2 L/min"): the seconds, and it said in a
    sentence. ("How long to download 4.7 GB at 50 Mbps?": the 1.5B said an hour and a half; it is 12 min 32 s.)"""
    import pint

    match = re.fullmatch(r"\s*" + NUMBER + r"\s*(.+?)\s*", rate)
    if match is None:
        raise ToolError(f"units: {rate!r} is no rate; give a number and its unit, e.g. 50 Mbps or 90 km/h")
    speed, per = float(match.group(1).replace(",", "")), match.group(2)
    if speed <= 0:
        raise ToolError(f"units: a rate of {_number(speed)} never gets there; give one above zero")
    ureg = _registry()
    try:
        taken = (ureg.Quantity(value, _unit(source)) / ureg.Quantity(speed, _unit(per))).to("second")
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {_number(value)} {source} at {rate.strip()} is no length of time: the rate must be "
                        f"{source} per some time") from None
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot work out {value} {source} at {rate}: {exc}") from None
    seconds = float(taken.magnitude)
    if not 0 <= seconds < 1e15:
        raise ToolError(f"units: {_number(value)} {source} at {rate.strip()} takes no length of time llorch can say")
    typed, symbol = f"{_number(speed)} {per.strip()}", f"{_number(speed)} {_symbol(_unit(per))}"
    at = typed if typed == symbol else f"{typed} ({symbol})"  # "50 Mbps (50 Mbit/s)": bits, not bytes
    counted = "" if seconds < 60 else f" ({_number(seconds) if seconds < 1_000 else f'{round(seconds):,}'} seconds)"
    return seconds, (f"{_number(value)} {_one(_symbol(_unit(source)), value)} at {at} takes "
                     f"{duration_words(seconds)}{counted}.")


def duration_words(seconds: float) -> str:
    """A length of time as people say it: "12 minutes 32 seconds", "4 hours 40 minutes", "3 days 2 hours"."""
    whole = round(seconds)
    if whole < 60:
        return f"{_number(seconds)} second{'' if _number(seconds) == '1' else 's'}"
    units = (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1))
    top = next(i for i, (_, size) in enumerate(units) if whole >= size)
    (big, big_size), (small, small_size) = units[top], units[top + 1]
    whole = round(whole / small_size) * small_size  # to the smaller unit: 4 hours 40 minutes, not 4 h 40 min 3 s
    count, rest = divmod(whole, big_size)
    said = f"{count:,} {big}{'' if count == 1 else 's'}"
    part = rest // small_size
    return f"{said} {part} {small}{'' if part == 1 else 's'}" if part else said


class UnitsTool:
    """Convert a quantity between units: length, mass, volume, temperature, speed, area, time, …"""

    name = "units"
    description = ("Convert a quantity between units (length, mass, volume, temperature, speed, area, time, data, "
                   "fuel economy, ...), also one in two units (5 ft 10 in) or into two (feet and inches), say how "
                   "long a quantity takes at a rate (4.7 GB at 50 Mbps, 420 km at 90 km/h), or compare it with "
                   "another of its kind (1 lb than 500 g: which is heavier)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "value": {"type": "number", "description": "the quantity, e.g. 72"},
            "from": {"type": "string", "minLength": 1, "maxLength": _MAX_UNIT, "description": "its unit, e.g. °F, mile, kg"},
            "to": {"type": "string", "minLength": 1, "maxLength": _MAX_UNIT,
                   "description": "the unit wanted, e.g. °C, km, lb; or two of one kind, larger first, e.g. feet and "
                                  "inches, lb and oz"},
            "given": {"type": "string", "minLength": 1, "maxLength": _MAX_UNIT,
                      "description": "a quantity given in two units, e.g. 5 ft 10 in or 11 st 4 lb, said back in the "
                                     "result; value and from are then its sum in the smaller unit, e.g. 70 and in"},
            "at": {"type": "string", "minLength": 1, "maxLength": _MAX_UNIT,
                   "description": "a rate, e.g. 50 Mbps or 90 km/h: how long the quantity takes at it"},
            "than": {"type": "string", "minLength": 1, "maxLength": _MAX_UNIT,
                     "description": "another quantity of the same kind, e.g. 500 g or 1.5 km (no to): which of the "
                                    "two is larger, the quantity said in its unit"},
            "which": {"type": "string", "enum": ["more", "less"],
                      "description": "with than: name the larger (more, the default: heavier, longer, faster, "
                                     "hotter) or the smaller (less: lighter, shorter, ...)"},
            "is": {"type": "string", "enum": ["more", "less"],
                   "description": "with than, for a yes/no question: whether the quantity is more (heavier, longer, "
                                  "...) or less than it; the result begins with yes or no"},
        },
        "required": ["value", "from"],
    }
    positional = ("value", "from", "to")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what is 72 F in celsius?", {"value": 72, "from": "°F", "to": "°C"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        try:
            value = float(str(args["value"]).replace(",", ""))
        except ValueError:
            raise ToolError(f"units: value must be a number, got {args['value']!r}") from None
        source, target = str(args["from"]), str(args.get("to") or "")
        if args.get("than"):
            if target or args.get("at"):
                raise ToolError("units: than compares two quantities; give no to or at with it")
            return compare(value, source, str(args["than"]), given=str(args.get("given") or "") or None,
                           which=args.get("which"), is_=args.get("is"))
        if args.get("which") or args.get("is"):
            raise ToolError("units: which and is ask about a comparison; give the other quantity (than)")
        if args.get("at"):
            if args.get("given"):
                raise ToolError("units: given is said back with a conversion (to), not with a rate (at)")
            seconds, said = time_at(value, source, str(args["at"]))
            return ToolResult(said, {"value": value, "from": source, "at": str(args["at"]), "seconds": seconds})
        if not target:
            raise ToolError("units: give the unit to convert to (to), or a rate (at) to say how long it takes")
        given = _given_as(str(args["given"]), value, source) if args.get("given") else None
        result, have, want = convert(value, source, target)
        shown = f"{_number(value)} {_one(have, value)}"
        data: dict[str, Any] = {"value": value, "from": have, "to": want, "result": result}
        if given is not None:
            shown, data["given"] = f"{given} ({shown})", given
        two = _pair(target)
        if two is None:
            return ToolResult(f"{shown} = {_number(result)} {_one(want, result)}", data)
        said, parts = _in_two(result, two)
        # "result" is what an answer is checked against (chat/conversation.py): the smaller part, as an answer
        # writes it ("5 ft 10.87 in", or "5 ft 11 in" rounded), or the larger where that part is none ("1 stone")
        data["result"] = parts[1] if _number(parts[1]) != "0" else float(parts[0])
        data["parts"] = [{"value": parts[0], "unit": _symbol(two.big)}, {"value": parts[1], "unit": _symbol(two.small)}]
        return ToolResult(f"{shown} = {said}", data)


NUMBER = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)"
UNIT = r"([^\d?!,;:]{1,60}?)"
_END = r"\s*[?.!]*\s*$"


# --- two units of one kind ("5 ft 10 in", "in feet and inches") --------------------------------------


@dataclass(frozen=True)
class _Two:
    """Two units of one kind said together, the larger first: a whole number (`ratio`, 2 or more) of the smaller
    make one of the larger (12 inches a foot, 16 ounces a pound, 14 pounds a stone). `words`: the smaller's, as
    written."""

    big: Any
    small: Any
    ratio: int
    words: str


def _two(big_words: str, small_words: str) -> _Two:
    """The two units of "5 ft 10 in" or "feet and inches", or ToolError: of two kinds ("5 feet 10 pounds"), the
    smaller first, or not a whole number of one in the other (pounds and grams), as nobody says a quantity."""
    import pint

    big, small = _unit(big_words), _unit(small_words)
    ureg = _registry()
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
    return _Two(big, small, whole, small_words)


def _pair(target: str) -> _Two | None:
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
_TWO = f"{_TWO_PARTS.pattern}|{_FEET}"


def _parts(text: str) -> tuple[float, float, _Two]:
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
                        f"number of {_symbol(two.big)}, then fewer than {two.ratio} {_symbol(two.small)}")
    return big, small, two


def _said(count: float, unit: Any) -> str:
    return f"{_number(count)} {_one(_symbol(unit), count)}"


def _given_as(text: str, value: float, source: str) -> str:
    """A quantity in two units ("5 feet 10 inches", 5'10") as the result says it ("5 ft 10 in"), once checked to be
    `value` `source`, the sum the call converts (70 in). Raises ToolError."""
    import pint

    big, small, two = _parts(text)
    total = big * two.ratio + small  # (whole numbers stay exact: 5 ft 10 in is 70 in, not 70.00000000000001)
    try:
        summed = float(_registry().Quantity(total, two.small).to(_unit(source)).magnitude)
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {text!r} and {source!r} measure different things") from None
    if abs(summed - value) > 1e-9 * max(abs(summed), 1.0):
        raise ToolError(f"units: {' '.join(text.split())} is {_said(total, two.small)}, not {_number(value)} {source}; "
                        "value and from must be its sum in one unit")
    return f"{_said(big, two.big)} {_said(small, two.small)}"


def _in_two(total: float, two: _Two) -> tuple[str, tuple[int, float]]:
    """`total` of the smaller unit said in both ("5 ft 10.8661 in (5 ft 11 in to the nearest inch)"), and its
    parts (5, 10.8661)."""
    if total >= 1e15:
        raise ToolError(f"units: {_said(total, two.small)} is too large to say in {_symbol(two.big)} and "
                        f"{_symbol(two.small)}")
    big, rest = divmod(total, two.ratio)
    if float(_number(rest)) >= two.ratio:  # 191.99999999999997 oz is 12 lb 0 oz, not 11 lb 16 oz
        big, rest = big + 1, 0.0
    said = f"{_said(big, two.big)} {_said(rest, two.small)}"
    near_big, near = divmod(round(total), two.ratio)
    if _number(rest) != str(near) or near_big != big:
        said += f" ({_said(near_big, two.big)} {_said(near, two.small)} to the nearest {_registry().Unit(two.small):P})"
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
        return "rate" if _kind(unit * _registry().second) in ("length", "data") else "other"
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
        return value, unit, f"{_number(value)} {_one(_symbol(_unit(unit)), value)}"
    if _TWO_PARTS.fullmatch(text) is None and _FEET_INCHES.fullmatch(text) is None:
        raise ToolError(f"units: {text!r} is no quantity; give a number and its unit, e.g. 500 g or 5 ft 10 in")
    big, small, two = _parts(text)
    return big * two.ratio + small, two.words, f"{_said(big, two.big)} {_said(small, two.small)}"


def _names(value: float, words: str, said: str, typed: str | None = None) -> list[str]:
    """How an answer may name a quantity: as the result says it, in the user's words or pint's ("500 g", "500 grams",
    "500g"; "a mile" for one); one in two units (`typed`) as said or as typed."""
    if typed is not None:
        return list(dict.fromkeys((said, typed)))
    unit = _unit(words)
    symbol, name = _symbol(unit), f"{_registry().Unit(unit):P}".replace("_", " ")
    numbers = list(dict.fromkeys((_number(value), format(value, ",.6g"))))
    spelt = list(dict.fromkeys((words, name, *((name + "s",) if name.isalpha() else ()))))
    written = [f"{n} {u}" for n in numbers for u in (*spelt, symbol)] + [f"{n}{symbol}" for n in numbers]
    if _number(value) == "1":
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
    have, want = _unit(source), _unit(words)
    kind = _kind(have)
    if have.dimensionality != want.dimensionality or kind != _kind(want):
        raise ToolError(f"units: {source!r} and {than!r} measure different things; they do not compare")
    try:
        result = float(_registry().Quantity(value, have).to(want).magnitude)
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot compare {value} {source} with {than}: {exc}") from None
    if not (abs(result) < float("inf") and abs(other) < float("inf")):
        raise ToolError(f"units: {_number(value)} {source} or {than} is too large to compare")
    said = _given_as(given, value, source) if given else f"{_number(value)} {_one(_symbol(have), value)}"
    unit = _symbol(want)
    difference = result - other
    equal = abs(difference) <= 1e-9 * max(abs(result), abs(other))  # (1 ft is 12.000000000000002 in)
    in_unit = f"{said} is {_number(result)} {_one(unit, result)}"
    data: dict[str, Any] = {"value": value, "from": _symbol(have), "than": other_said, "result": result, "unit": unit,
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
        by = f"{_number(abs(difference))} {_one(unit, abs(difference))} {'more' if first_more else 'less'}"
        claim = f"{named} is {word} than {rest}: {in_unit}, {by}."
    if is_ is not None:
        holds = not equal and first_more == (is_ == "more")
        return ToolResult(f"{'Yes' if holds else 'No'}, {claim}", data | {"is": is_, "holds": holds}, verdict=holds)
    data |= {"which": which or "more", "larger": None if equal else said if first_more else other_said}
    if not equal:  # what an answer must name first and call it (chat/conversation.py): "500 grams is heavier"
        typed = None if _ONE_QUANTITY.fullmatch(than) else than
        data["named"] = _names(value, source, said, given) if first_named else _names(other, words, other_said, typed)
        data["comparatives"] = [w for w, (up, kinds) in _COMPARATIVES.items()
                                if up == (which != "less") and (not kinds or kind in kinds)]
    return ToolResult(claim, data)


# --- what a message asks -------------------------------------------------------------------------


def _asks(quantity: str, unit: str) -> list[re.Pattern[str]]:
    """The plain ways to ask one conversion, with `quantity` the pattern of what is converted (named groups: value
    and source, or two) and `unit` that of the unit wanted (one group)."""
    to = f"(?P<target>{unit})"
    return [re.compile(pattern, re.IGNORECASE) for pattern in (
        r"^\s*(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:convert|change|turn)\s+" + quantity
        + r"\s+(?:to|into|in)\s+" + to + _END,
        r"^\s*(?:what\s+is|what's|whats|how\s+much\s+is)\s+" + quantity + r"\s+(?:in|to|into|as)\s+" + to + _END,
        r"^\s*how\s+many\s+" + to + r"\s+(?:is|are|make|in)\s+(?:there\s+in\s+|in\s+)?" + quantity + _END,
        r"^\s*" + quantity + r"\s+(?:in|to|into)\s+" + to + _END,
    )]


def _one_of(unit: str) -> str:
    return f"(?P<value>{NUMBER})\\s*(?P<source>{unit})"


_ASKS = [
    *_asks(_one_of(_FUEL_UNIT), _FUEL_UNIT),  # (first, and apart: UNIT has no digits, and "L/100 km" has)
    *_asks(_one_of(UNIT), UNIT),
    # "How many seconds are in a week?" (the 1.5B: 365,600); not a year or a month, whose days vary (pint's year is
    # 365.25 days)
    re.compile(r"^\s*how\s+many\s+(?P<target>" + UNIT + r")\s+(?:are\s+)?(?:there\s+)?in\s+(?:a|an|one)\s+(?P<value>)"
               r"(?!(?:year|month|yr|mo)s?\b)(?P<source>" + UNIT + ")" + _END, re.IGNORECASE),
    # "Convert 5 feet 10 inches to cm", "What is 5'10\" in cm?", "How many kilograms is 11 pounds 4 ounces?"
    *_asks(f"(?P<two>{_TWO})", UNIT),
]


_MOVE = (r"(?:download|upload|transfer|copy|send|sync|move|back\s+up|stream|drive|walk|run|cycle|ride|bike|fly|"
         r"travel|go|cover|sail|swim|fill|pump|drain|print|process)")
_TAKES = re.compile(
    r"^\s*how\s+long\s+(?:(?:does|will|would|should|did)\s+it\s+take\s+(?:me\s+|us\s+|them\s+)?|is\s+it\s+)?"
    r"(?:to\s+)?" + _MOVE + r"\s+(?:a\s+|an\s+)?" + NUMBER + r"\s*" + UNIT
    + r"(?P<noun>\s+(?:of\s+)?[A-Za-z]+)?\s+(?:at|over|on|with|using)\s+(?:a\s+|an\s+)?"
    r"(?:(?:an\s+)?(?:average\s+)?(?:speed|rate)\s+of\s+)?(?P<rate>" + NUMBER + r"\s*" + UNIT + r")"
    r"(?:\s+(?:connection|link|line|speed|internet|network|average|uplink|downlink))?" + _END, re.IGNORECASE)


_VERSUS = r"\s*[,:;—–-]?\s*"
_WORD = r"(?P<word>" + "|".join(_COMPARATIVES) + r")\b"
_WHICH = (r"(?:which|what)(?:\s+one)?(?:(?:\s+is|\s*['’]s)\s+(?:the\s+)?" + _WORD + r"(?:\s+one)?"
          r"|\s+(?P<weighs>weighs\s+(?:more|less)))")
# (pattern, whether it asks yes or no)
_COMPARES = [(re.compile(pattern, re.IGNORECASE), yes_no) for pattern, yes_no in (
    # "Which is heavier, 1 pound or 500 grams?", "What's bigger: 1 gallon or 4 liters?", "Which weighs more, ...?"
    (r"^\s*" + _WHICH + _VERSUS + r"(?P<first>.+?)\s+or\s+(?P<second>.+?)" + _END, False),
    (r"^\s*" + _WHICH + r"\s*,?\s+between\s+(?P<first>.+?)\s+and\s+(?P<second>.+?)" + _END, False),
    # "1 pound or 500 grams: which is heavier?", "Is 1 pound or 500 grams heavier?"
    (r"^\s*(?P<first>.+?)\s+or\s+(?P<second>.+?)\s*[,:;—–-]\s*" + _WHICH + _END, False),
    (r"^\s*(?:is|are)\s+(?P<first>.+?)\s+or\s+(?P<second>.+?)\s+" + _WORD + _END, False),
    # "Is 1 kg heavier than 2 pounds?", "Does 1 kg weigh more than 2 pounds?"
    (r"^\s*(?:is|are)\s+(?P<first>.+?)\s+" + _WORD + r"\s+than\s+(?P<second>.+?)(?:\s*,?\s*or\s+not)?" + _END,
     True),
    (r"^\s*(?:does|do)\s+(?P<first>.+?)\s+(?P<weighs>weighs?\s+(?:more|less))\s+than\s+(?P<second>.+?)"
     r"(?:\s*,?\s*or\s+not)?" + _END, True),
)]


def _compared_asked(text: str) -> dict[str, Any] | None:
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
        if any(re.search(r",\s|\bor\b", side) or len(side) > _MAX_UNIT for side in (first, second)) \
                or (re.search(r"\sbetween\s", match.group(0), re.IGNORECASE) and re.search(r"\band\b", second)):
            return None  # (three quantities, or "between 2 m and 1 m and 70 cm": not plain)
        try:
            value, source, _ = _quantity(first)
            other, words, _ = _quantity(second)
            have, want = _unit(source), _unit(words)
            kind, given = _kind(have), first if _ONE_QUANTITY.fullmatch(first) is None else None
            if (kinds and kind not in kinds) or kind == "count":
                return None  # ("Which is heavier, 10 km or 6 miles?"; to pint, percent and radians are both numbers)
            if kind == "time" and (given or _ONE_QUANTITY.fullmatch(second) is None or any(
                    _registry().Quantity(1, unit).to("day").magnitude >= 28 for unit in (have, want))):
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


def units_asked(text: str) -> dict[str, Any] | None:
    """The conversion a message plainly asks for, as the tool's arguments, or None: one value, two units pint
    knows that measure the same thing, and nothing else in the message (either side may be two units of one kind,
    as heights and weights are said: "Convert 5 feet 10 inches to cm", "What is 180 cm in feet and inches?"; not
    lengths of time, the timespan tool's); or how long a quantity takes at a rate
    ("How long does it take to download 4.7 GB at 50 Mbps?", "How long to drive 420 km at 90 km/h?"); or which of two
    quantities is larger ("Which is heavier, 1 pound or 500 grams?", "Is 1 kg heavier than 2 pounds?")."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    compared = _compared_asked(text)
    if compared is not None:
        return compared
    takes = _TAKES.match(text)
    if takes is not None:
        value, rate = float(takes.group(1).replace(",", "")), " ".join(takes.group("rate").split())
        unit, noun = takes.group(2).strip(), (takes.group("noun") or "").strip()
        for source in (unit, f"{unit} {noun}") if noun else (unit,):  # "a 200 L tank", "5 fluid ounces"
            try:
                time_at(value, source, rate)
            except ToolError:
                continue
            return {"value": value, "from": source, "at": rate}
        return None
    for pattern in _ASKS:
        match = pattern.match(text)
        if match is None:
            continue
        target = match.group("target").strip()
        given = " ".join(match.group("two").split()) if "two" in pattern.groupindex else ""
        try:
            if given:  # the sum in the smaller unit, and the user's words for the result to say back
                big, small, two = _parts(given)
                value, source = big * two.ratio + small, two.words
            else:
                value, source = float(match.group("value").replace(",", "") or 1), match.group("source").strip()
            two_to = _pair(target)
            convert(value if two_to is not None else 1.0, source, target)  # (-5 kg in pounds and ounces: in one)
            if (given or two_to is not None) and _timed(source):
                return None  # ("2 hours 30 minutes in minutes": a length of time is the timespan tool's to read)
        except ToolError:
            return None
        if len(given) > _MAX_UNIT:
            return None
        return {"value": value, "from": source, "to": target, **({"given": given} if given else {})}
    return None


def _timed(unit: str) -> bool:
    return str(_unit(unit).dimensionality) == "[time]"
