"""Geometry questions with one formula, as the math tool's expression: "the area of a circle with a radius of 4 cm"
-> "pi * 4 ** 2".

The 1.5B answered that question "16π square centimeters", with no number a reader can use; the math tool says
"≈ 50.2654824574367". Recognised: a circle's area and circumference, a sphere's volume and surface area (from a
radius or a diameter), a cylinder's volume (radius and height), a right triangle's hypotenuse (and area) from its
legs, a rectangle's and a square's area and perimeter, a triangle's area from its base and height. Each dimension
is a number, with a unit or none (one unit for all of them: "radius 3 cm and height 2 m" needs a conversion); the
whole sentence must be the question, so "the radius of the earth" or "the area of my garden" stay the model's.
"""

from __future__ import annotations

import re

__all__ = ["shape_asked"]

# Units of length, longest first, and the one each stands for: a question's dimensions must share one.
_UNITS = {"millimeters": "mm", "millimetres": "mm", "millimeter": "mm", "millimetre": "mm", "mm": "mm",
          "centimeters": "cm", "centimetres": "cm", "centimeter": "cm", "centimetre": "cm", "cm": "cm",
          "kilometers": "km", "kilometres": "km", "kilometer": "km", "kilometre": "km", "km": "km",
          "meters": "m", "metres": "m", "meter": "m", "metre": "m", "m": "m",
          "inches": "in", "inch": "in", "in": "in", "feet": "ft", "foot": "ft", "ft": "ft",
          "yards": "yd", "yard": "yd", "yd": "yd", "miles": "mi", "mile": "mi", "mi": "mi",
          "units": "units", "unit": "units"}  # fmt: skip
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
# a dimension: its number, and its unit if said ("4 cm", "4cm", "10 inches", "3"; the x of "5x3" is no unit)
_Q = r"(\d+(?:\.\d+)?)(?!\.?\d)(?:\s*(" + _UNIT + r")\b\.?)?"

# What a dimension is called, and the role it plays in a formula
_NAMES = {"radius": "radius", "r": "radius", "diameter": "diameter", "d": "diameter", "height": "height",
          "h": "height", "altitude": "height", "base": "base", "b": "base", "length": "length", "l": "length",
          "width": "width", "w": "width", "breadth": "width", "side": "side", "sides": "side", "side length": "side",
          "length of each side": "side", "each side": "side", "edge": "side"}  # fmt: skip
_NAME = r"(" + "|".join(sorted((n.replace(" ", r"\s+") for n in _NAMES), key=len, reverse=True)) + r")"
_BY = {"long": "length", "wide": "width", "high": "height", "tall": "height", "deep": None}
_ARTICLE = r"(?:(?:a|an|the|its)\s+)?"
# One dimension: "a radius of 4 cm", "radius 3", "the height is 5", "r = 3", "a 4 cm radius", "5 m long", the
# legs "9 and 12", a rectangle's "5 by 3"
_ITEMS = [
    ("pair", re.compile(_ARTICLE + r"(?:legs|(?:two\s+)?(?:shorter\s+)?sides|other\s+two\s+sides)\s*(?:are\s+|"
                        r"(?:of\s+)?(?:lengths?\s+)?|measuring\s+|=\s*)" + _Q + r"\s*,?\s*(?:and|&)\s*" + _Q,
                        re.IGNORECASE)),
    ("by", re.compile(_Q + r"\s*(?:by|x|×|\*)\s*" + _Q, re.IGNORECASE)),
    ("named", re.compile(_ARTICLE + _NAME + r"\s*(?:(?:is|of|=|:|equal\s+to|equals|measures|measuring|of\s+length|"
                         r"is\s+equal\s+to)\s*)?" + _Q, re.IGNORECASE)),
    ("after", re.compile(_ARTICLE + _Q + r"\s+" + _NAME + r"\b", re.IGNORECASE)),
    ("adjective", re.compile(_Q + r"\s+(long|wide|high|tall|deep)\b", re.IGNORECASE)),
]
_OPENING = re.compile(r"\s*,?\s*(?:(?:with|that\s+has|which\s+has|having|has|whose|where|if|when|given(?:\s+that)?|"
                      r"of|measuring|that\s+is|which\s+is|is)\s+)?", re.IGNORECASE)
_BETWEEN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|&)\s+)\s*(?:(?:with|has|having|whose)\s+)?", re.IGNORECASE)

_MEASURE = (r"(?P<measure>(?:total\s+)?surface\s+area|area|circumference|perimeter|volume|"
            r"(?:length\s+of\s+(?:the\s+|its\s+)?)?hypotenuse)")
_SHAPE = (r"(?P<shape>circle|sphere|ball|cylinder|right(?:[\s-]+angled)?\s+triangle|right-angled\s+triangle|"
          r"triangle|rectangle|square)")
_PRE = r"(?:(?P<pre>\d+(?:\.\d+)?(?:\s*(?:" + _UNIT + r"))?\s*(?:by|x|×)\s*\d+(?:\.\d+)?(?:\s*(?:" + _UNIT + r"))?)\s+)?"
_TAIL = r"\s*[?.!]*\s*$"
_LEAD = (r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:(?:what\s+is|what's|what’s|whats|what\s+would\s+be|"
         r"calculate|compute|find|work\s+out|determine|give\s+me|tell\s+me|how\s+long\s+is|how\s+big\s+is)\s+)?")
_ASKED = [
    # "What is the area of a circle with a radius of 4 cm?", "the hypotenuse of a right triangle with legs 9 and 12",
    # "the area of a 5 by 3 rectangle", "the hypotenuse if the legs are 3 and 4"
    re.compile(_LEAD + r"(?:the\s+)?" + _MEASURE + r"(?:\s+of\s+(?:an?\s+|the\s+)?" + _PRE + _SHAPE + r")?"
               r"(?P<given>(?:(?:\s*,\s+|\s+).*?)?)" + _TAIL, re.IGNORECASE),
    # "A circle has a radius of 4 cm. What is its area?", "If a rectangle is 5 m long and 3 m wide, what is its
    # perimeter?"
    re.compile(r"^\s*(?:if\s+)?(?:an?|the)\s+" + _PRE + _SHAPE + r"(?P<given>\s+.*?)\s*(?:[.,;]\s*(?:so\s+)?|\s+)"
               r"(?:what\s+is|what's|what’s|whats|find|calculate|compute|work\s+out|how\s+long\s+is)\s+(?:its|the)\s+"
               + _MEASURE + _TAIL, re.IGNORECASE),
]


def shape_asked(text: str) -> str | None:
    """The math tool's expression for a plain geometry question with its numbers given, or None."""
    if len(text) > 300:
        return None
    for pattern in _ASKED:
        match = pattern.match(text)
        if match is None:
            continue
        measure = " ".join(match.group("measure").lower().split())
        shape = " ".join((match.group("shape") or "").lower().replace("-", " ").split())
        given = _given(match.group("given") or "")
        if match.group("pre") is not None:  # "the area of a 5 by 3 rectangle": its dimensions said before it
            given = _given(match.group("pre")) if not (match.group("given") or "").strip() else None
        if not given:
            return None
        return _formula(measure.rsplit(" ", 1)[-1] if "hypotenuse" in measure else measure, shape, given)
    return None


def _given(text: str) -> dict[str, str | tuple[str, str]] | None:
    """The dimensions a text gives, by role ("radius": "4", "legs": ("9", "12")), or None when it says anything
    else, names one twice, or mixes units."""
    roles: dict[str, str | tuple[str, str]] = {}
    units: set[str] = set()
    at = 0
    if not text.strip():
        return roles
    opening = _OPENING.match(text, at)
    at = opening.end() if opening else at
    while True:
        for kind, pattern in _ITEMS:
            item = pattern.match(text, at)
            if item is None:
                continue
            values = item.groups()
            if kind == "pair" or kind == "by":
                found: dict[str, str | tuple[str, str]] = (
                    {"legs": (values[0], values[2])} if kind == "pair" else {"length": values[0], "width": values[2]})
                units.update(_UNITS[u.lower()] for u in (values[1], values[3]) if u)
            else:
                number, unit, name = (values[0], values[1], values[2]) if kind != "named" else \
                    (values[1], values[2], values[0])
                role = _BY[name.lower()] if kind == "adjective" else _NAMES[" ".join(name.lower().split())]
                if role is None:
                    return None
                found = {role: number}
                if unit:
                    units.add(_UNITS[unit.lower()])
            if set(found) & set(roles):
                return None
            roles.update(found)
            at = item.end()
            break
        else:
            return None
        if at == len(text.rstrip()):
            return roles if len(units) <= 1 else None
        between = _BETWEEN.match(text, at)
        if between is None or between.end() == at:
            return None
        at = between.end()


def _formula(measure: str, shape: str, given: dict[str, str | tuple[str, str]]) -> str | None:
    """The expression for `measure` of `shape` from exactly the dimensions its formula needs, or None."""
    roles = set(given)

    def one(role: str) -> str:
        value = given[role]
        assert isinstance(value, str)
        return value

    round_shapes = {"circle", "sphere", "ball", "cylinder"}
    if shape in round_shapes:
        rest = roles - {"radius", "diameter"}
        if len(roles & {"radius", "diameter"}) != 1 or rest != ({"height"} if shape == "cylinder" else set()):
            return None
        r = one("radius") if "radius" in roles else f"({one('diameter')} / 2)"
        if shape == "circle" and measure == "area":
            return f"pi * {r} ** 2"
        if shape == "circle" and measure in ("circumference", "perimeter"):
            return f"pi * {one('diameter')}" if "diameter" in roles else f"2 * pi * {r}"
        if shape in ("sphere", "ball") and measure == "volume":
            return f"4 / 3 * pi * {r} ** 3"
        if shape in ("sphere", "ball") and measure in ("surface area", "total surface area", "area"):
            return f"4 * pi * {r} ** 2"
        if shape == "cylinder" and measure == "volume":
            return f"pi * {r} ** 2 * {one('height')}"
        return None
    legs = given.get("legs")
    if measure == "hypotenuse" and shape in ("", "triangle", "right triangle", "right angled triangle"):
        if roles != {"legs"} or not isinstance(legs, tuple):
            return None
        return f"sqrt({legs[0]} ** 2 + {legs[1]} ** 2)"
    if measure == "area" and shape in ("triangle", "right triangle", "right angled triangle"):
        if roles == {"base", "height"}:
            return f"1 / 2 * {one('base')} * {one('height')}"
        if shape != "triangle" and roles == {"legs"} and isinstance(legs, tuple):  # a right triangle's legs
            return f"1 / 2 * {legs[0]} * {legs[1]}"
        return None
    if shape == "rectangle" and measure in ("area", "perimeter"):
        if roles == {"legs"} and isinstance(legs, tuple):  # "with sides 5 and 3"
            length, width = legs
        elif roles == {"length", "width"}:
            length, width = one("length"), one("width")
        else:
            return None
        return f"{length} * {width}" if measure == "area" else f"2 * ({length} + {width})"
    if shape == "square" and measure in ("area", "perimeter") and roles == {"side"}:
        return f"{one('side')} ** 2" if measure == "area" else f"4 * {one('side')}"
    return None
