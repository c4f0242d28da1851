"""The `units` tool: a quantity converted between units, by pint.

Asked to convert, the 1.5B got 4 of 8 everyday conversions wrong: 72 °F came out as 4.44 °C and
-40 °F as -8 °C (it divides by 9 and forgets the 5), 65 mph as 102.87 km/h. pint knows the units
and their factors; quantities.py reads the words people use for them ("degrees Fahrenheit", "F",
"fl oz", "litres") and says the result to six significant digits (a whole number in full).
`units_asked` recognises a message that plainly asks for one conversion ("Convert 72 F to C", "How
many km is 26.2 miles?", "What is 65 mph in km/h?"), so that it goes to the tool before the model
answers, as arithmetic goes to `math` (chat/conversation.py). A gallon (cup, pint, quart, fluid
ounce) is the US one, as is a "US cup"; "imperial" or "UK" names the other, and a metric cup is
250 mL (quantities.py: pint alone read "US cups" as microsecond-cups, so "Convert 250 ml to US
cups." reached no tool, and the 1.5B said 3.06 cups; 1.05669).

Fuel economy (mpg, km/L, L/100 km, miles per litre) is worked out here, not by pint: L/100 km is the reciprocal of
km/L, which pint does not convert to, and "mpg" is nothing to it. Asked how many litres per 100 km 30 miles per
gallon is, the 1.5B answered 1293.57 (it is 7.84).

The tool also converts a quantity said in two units ("5 ft 10 in") or into two ("feet and inches"), says how long a
quantity takes at a rate, works out the speed (and a distance's pace) of a quantity done in a time ("I ran 5 km in
15 minutes 40 seconds. What's my pace per km?": the 1.5B said 15.67 minutes/km; 3:08), and compares two quantities of
one kind ("Which is heavier, 1 pound or 500 grams?"); the quantities in two units and the comparisons are
quantities.py's, the speeds speeds.py's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.arithmetic import ROUNDED_TO
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.quantities import (
    MAX_UNIT, NUMBER, QUANTITY_IN_TWO, UNIT, compare, compared_asked, given_as, in_two, number_text, registry,
    symbol_of, two_parts, two_units, unit_of, unit_word,
)
from llorch.tools.speeds import speed as speed_of, speed_asked

__all__ = ["UnitsTool", "convert", "duration_words", "time_at", "units_asked"]


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
        raise ToolError(f"units: {number_text(value)} {have[0]} is no {want[0]}; give a fuel economy above zero")
    try:
        per_litre = 100 / value if have[1] is None else value * have[1]
        result = 100 / per_litre if want[1] is None else per_litre / want[1]
    except (ZeroDivisionError, OverflowError):
        result = float("inf")
    if not 0 < result < float("inf"):
        raise ToolError(f"units: {number_text(value)} {have[0]} is too large or too small to convert")
    return result


def convert(value: float, source: str, target: str) -> tuple[float, str, str]:
    """`value` in unit `source` as (value, source's symbol, target's symbol) in `target`, by pint, or by km per
    litre when both are fuel economies. A target of two units ("feet and inches") gives the value in the smaller,
    with both symbols ("ft and in"): `in_two` splits it. Raises ToolError."""
    have_fuel, want_fuel = _fuel(source), _fuel(target)
    if have_fuel is not None and want_fuel is not None:
        return _fuel_convert(value, have_fuel, want_fuel), have_fuel[0], want_fuel[0]
    two = two_units(target)
    if two is not None:
        if value < 0:
            raise ToolError(f"units: {number_text(value)} {source} is below zero; say it in one unit, not {target}")
        result, have, smaller = convert(value, source, two.words)
        return result, have, f"{symbol_of(two.big)} and {smaller}"
    import pint

    ureg = registry()
    have, want = unit_of(source), unit_of(target)
    try:
        result = ureg.Quantity(value, have).to(want)
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {source!r} and {target!r} measure different things; they do not convert") from None
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot convert {value} {source} to {target}: {exc}") from None
    magnitude = float(result.magnitude)
    if magnitude != magnitude or magnitude in (float("inf"), float("-inf")):
        raise ToolError(f"units: {value} {source} is too large to convert")
    return magnitude, symbol_of(have), symbol_of(want)


def time_at(value: float, source: str, rate: str) -> tuple[float, str]:
    """How long `value` `source` takes at `rate` ("50 Mbps", "90 km/h", "2 L/min"): the seconds, and it said in a
    sentence. ("How long to download 4.7 GB at 50 Mbps?": the 1.5B said an hour and a half; it is 12 min 32 s.)"""
    import pint

    match = re.fullmatch(r"\s*" + NUMBER + r"\s*(.+?)\s*", rate)
    if match is None:
        raise ToolError(f"units: {rate!r} is no rate; give a number and its unit, e.g. 50 Mbps or 90 km/h")
    speed, per = float(match.group(1).replace(",", "")), match.group(2)
    if speed <= 0:
        raise ToolError(f"units: a rate of {number_text(speed)} never gets there; give one above zero")
    ureg = registry()
    try:
        taken = (ureg.Quantity(value, unit_of(source)) / ureg.Quantity(speed, unit_of(per))).to("second")
    except pint.errors.DimensionalityError:
        raise ToolError(f"units: {number_text(value)} {source} at {rate.strip()} is no length of time: the rate must "
                        f"be {source} per some time") from None
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot work out {value} {source} at {rate}: {exc}") from None
    seconds = float(taken.magnitude)
    if not 0 <= seconds < 1e15:
        raise ToolError(f"units: {number_text(value)} {source} at {rate.strip()} takes no length of time llorch can "
                        "say")
    typed, symbol = f"{number_text(speed)} {per.strip()}", f"{number_text(speed)} {symbol_of(unit_of(per))}"
    at = typed if typed == symbol else f"{typed} ({symbol})"  # "50 Mbps (50 Mbit/s)": bits, not bytes
    counted = "" if seconds < 60 else f" ({number_text(seconds) if seconds < 1_000 else f'{round(seconds):,}'} seconds)"
    return seconds, (f"{number_text(value)} {unit_word(symbol_of(unit_of(source)), value)} at {at} takes "
                     f"{duration_words(seconds)}{counted}.")


def duration_words(seconds: float) -> str:
    """A length of time as people say it: "12 minutes 32 seconds", "4 hours 40 minutes", "3 days 2 hours"."""
    whole = round(seconds)
    if whole < 60:
        return f"{number_text(seconds)} second{'' if number_text(seconds) == '1' else 's'}"
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
                   "long a quantity takes at a rate (4.7 GB at 50 Mbps, 420 km at 90 km/h), its speed and pace "
                   "from how long it took (5 km took 15 min 40 s), or compare it with another of its kind (1 lb "
                   "than 500 g: which is heavier)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "value": {"type": "number", "description": "the quantity, e.g. 72"},
            "from": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT, "description": "its unit, e.g. °F, mile, kg"},
            "to": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT,
                   "description": "the unit wanted, e.g. °C, km, lb; or two of one kind, larger first, e.g. feet and "
                                  "inches, lb and oz"},
            "given": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT,
                      "description": "a quantity given in two units, e.g. 5 ft 10 in or 11 st 4 lb, said back in the "
                                     "result; value and from are then its sum in the smaller unit, e.g. 70 and in"},
            "at": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT,
                   "description": "a rate, e.g. 50 Mbps or 90 km/h: how long the quantity takes at it"},
            "took": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT,
                     "description": "how long the quantity took, e.g. 15 min 40 s or 2.5 hours: its rate (a speed, "
                                    "in to first where given) and, for a distance, the pace"},
            "than": {"type": "string", "minLength": 1, "maxLength": MAX_UNIT,
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
        if args.get("took"):
            if args.get("at") or args.get("than") or args.get("given"):
                raise ToolError("units: took is how long the quantity took (its speed); give no at, than or given "
                                "with it")
            if args.get("which") or args.get("is"):
                raise ToolError("units: which and is ask about a comparison; give the other quantity (than)")
            return speed_of(value, source, str(args["took"]), target)
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
        given = given_as(str(args["given"]), value, source) if args.get("given") else None
        result, have, want = convert(value, source, target)
        shown = f"{number_text(value)} {unit_word(have, value)}"
        data: dict[str, Any] = {"value": value, "from": have, "to": want, "result": result}
        if given is not None:
            shown, data["given"] = f"{given} ({shown})", given
        two = two_units(target)
        if two is None:
            return ToolResult(f"{shown} = {number_text(result)} {unit_word(want, result)}", data)
        said, parts = in_two(result, two)
        # "result" is what an answer is checked against (chat/answercheck.py): the smaller part, as an answer
        # writes it ("5 ft 10.87 in", or "5 ft 11 in" rounded), or the larger where that part is none ("1 stone")
        data["result"] = parts[1] if number_text(parts[1]) != "0" else float(parts[0])
        data["parts"] = [{"value": parts[0], "unit": symbol_of(two.big)},
                         {"value": parts[1], "unit": symbol_of(two.small)}]
        return ToolResult(f"{shown} = {said}", data)


# --- what a message asks -------------------------------------------------------------------------

_END = r"\s*[?.!]*\s*$"


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
        # "How tall is 5 ft 11 in in centimetres?" (the 1.5B: 180.94; 180.34 cm): a height or weight said over
        r"^\s*how\s+(?P<how>tall|high|long|wide|deep|far|heavy)\s+(?:is|are|was|were)\s+" + quantity
        + r"\s+(?:in|to|into)\s+" + to + _END,
    )]


# What "How tall is …", "How heavy is …" measures: a quantity of another kind is no answer to it
_HOW_KIND = {"tall": "[length]", "high": "[length]", "long": "[length]", "wide": "[length]", "deep": "[length]",
             "far": "[length]", "heavy": "[mass]"}


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
    *_asks(f"(?P<two>{QUANTITY_IN_TWO})", UNIT),
]


_MOVE = (r"(?:download|upload|transfer|copy|send|sync|move|back\s+up|stream|drive|walk|run|cycle|ride|bike|fly|"
         r"travel|go|cover|sail|swim|fill|pump|drain|print|process)")
# The rate a quantity moves at, to the question's end: "at 25 Mbit/s", "over a 50 Mbps connection"
_AT_RATE = (r"\s+(?:at|over|on|with|using)\s+(?:a\s+|an\s+)?(?:(?:an\s+)?(?:average\s+)?(?:speed|rate)\s+of\s+)?"
            r"(?P<rate>" + NUMBER + r"\s*" + UNIT + r")"
            r"(?:\s+(?:connection|link|line|speed|internet|network|average|uplink|downlink))?" + _END)
_TAKES = re.compile(
    r"^\s*how\s+long\s+(?:(?:does|will|would|should|did)\s+it\s+take\s+(?:me\s+|us\s+|them\s+)?|is\s+it\s+)?"
    r"(?:to\s+)?" + _MOVE + r"\s+(?:a\s+|an\s+)?" + NUMBER + r"\s*" + UNIT
    + r"(?P<noun>\s+(?:of\s+)?[A-Za-z]+)?" + _AT_RATE, re.IGNORECASE)
# The thing first: "How long does a 4.7 GB file take to download at 25 Mbit/s?" (the 1.5B: 203.52 seconds; it is
# 25 min 4 s), "How long will it take for a 700 MB video to upload at 10 Mbps?", "How long will a 200 L tank take to
# fill at 15 L/min?"
_THING = r"(?:a|an|the|my|our|this)\s+" + NUMBER + r"\s*" + UNIT + r"(?P<noun>\s+[A-Za-z]+)?"
_THING_TAKES = (
    re.compile(r"^\s*how\s+long\s+(?:does|will|would|should|did)\s+it\s+take\s+(?:for\s+)?" + _THING
               + r"\s+to\s+" + _MOVE + r"(?:\s+it)?" + _AT_RATE, re.IGNORECASE),
    re.compile(r"^\s*how\s+long\s+(?:does|will|would|should|did)\s+" + _THING + r"\s+take(?:\s+(?:me|us|them))?"
               r"(?:\s+to\s+" + _MOVE + r"(?:\s+it)?)?" + _AT_RATE, re.IGNORECASE),
)

# The same told first, then asked: "My download is 4.7 GB and my connection is 25 Mbit/s. How long will it take?" (the
# 1.5B read Mbit/s as a tenth of Mbps: 33.92 minutes; 25 min 4 s), "The trip is 420 km and we drive at 90 km/h. How
# long will it take?"
_TOLD_TAKES = re.compile(
    r"^\s*(?:(?:my|the|a|this|our)\s+(?:[a-z]+\s+)?(?:download|upload|file|transfer|backup|update|image|iso|video|"
    r"game|trip|journey|drive|route|distance|ride|walk|flight)\s+is\s+(?:about\s+)?(?:a\s+)?|i\s+(?:have|need|want)\s+to\s+"
    + _MOVE + r"\s+(?:a\s+|an\s+)?)" + NUMBER + r"\s*" + UNIT + r"(?P<noun>\s+(?:of\s+)?[A-Za-z]+)?"
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*[.;]\s*)"
    r"(?:(?:my|the|our)\s+(?:[a-z]+\s+)?(?:connection|speed|link|line|bandwidth|internet)(?:\s+speed)?\s+(?:is|runs\s+at|"
    r"does|gives\s+me|averages)|(?:i|we)\s+(?:get|have|average|(?:drive|go|travel|ride|cycle|walk|fly)\s+at))\s+"
    r"(?:a\s+|an\s+)?(?:(?:average\s+)?(?:speed|rate)\s+of\s+)?(?P<rate>" + NUMBER + r"\s*" + UNIT + r")"
    r"\s*[.,;]?\s*how\s+long\s+(?:will|would|does|should)\s+(?:it|the\s+(?:download|upload|transfer|copy|backup|"
    r"trip|journey|drive|ride|walk|flight))\s+take(?:\s+(?:me|us))?(?:\s+to\s+(?:download|upload|"
    r"transfer|copy|finish|get\s+there|drive|arrive)(?:\s+it)?)?" + _END, re.IGNORECASE)


def units_asked(text: str) -> dict[str, Any] | None:
    """The conversion a message plainly asks for, as the tool's arguments, or None: one value, two units pint
    knows that measure the same thing, and nothing else in the message (either side may be two units of one kind,
    as heights and weights are said: "Convert 5 feet 10 inches to cm", "What is 180 cm in feet and inches?", "How
    tall is 5 ft 11 in in centimetres?" of a length, "How heavy …" of a mass; not lengths of time, the timespan
    tool's); or how long a quantity takes at a rate
    ("How long does it take to download 4.7 GB at 50 Mbps?", "How long to drive 420 km at 90 km/h?"); or its speed
    or pace from how long it took (speeds.py: "What's my average speed if I drive 150 miles in 2.5 hours?"); or
    which of two quantities is larger ("Which is heavier, 1 pound or 500 grams?", "Is 1 kg heavier than 2
    pounds?")."""
    if len(text) > 200 or "\n" in text.strip():
        return None
    text = " ".join(text.split())  # (one space between words: UNIT's spaces beside "\s*" read a run every way, 1.2 s)
    text = ROUNDED_TO.sub("", text)  # ("Convert 72°F to Celsius, rounded to one decimal.": the 1.5B said 4.4 °C; the
    # tool's 22.2222 °C is rounded by the answer, and checked as written or rounded)
    compared = compared_asked(text)
    if compared is not None:
        return compared
    went = speed_asked(text)  # ("I ran 5 km in 15 minutes 40 seconds. What's my pace per km?")
    if went is not None:
        return went
    takes = next(filter(None, (p.match(text) for p in (_TAKES, _TOLD_TAKES, *_THING_TAKES))), None)
    if takes is not None and re.search(r"\bdownload", text, re.I) and re.search(r"\bupload", text, re.I):
        return None  # ("My download is 4.7 GB and my upload speed is 25 Mbps": which rate?)
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
                big, small, two = two_parts(given)
                value, source = big * two.ratio + small, two.words
            else:
                value, source = float(match.group("value").replace(",", "") or 1), match.group("source").strip()
            two_to = two_units(target)
            convert(value if two_to is not None else 1.0, source, target)  # (-5 kg in pounds and ounces: in one)
            if (given or two_to is not None) and _timed(source):
                return None  # ("2 hours 30 minutes in minutes": a length of time is the timespan tool's to read)
            how = match.groupdict().get("how")
            if how and str(unit_of(source).dimensionality) != _HOW_KIND[how.lower()]:
                return None  # ("How heavy is 5 km in miles?")
        except ToolError:
            return None
        if len(given) > MAX_UNIT:
            return None
        return {"value": value, "from": source, "to": target, **({"given": given} if given else {})}
    return None


def _timed(unit: str) -> bool:
    return str(unit_of(unit).dimensionality) == "[time]"
