"""The `color` tool: a CSS color in every form (hex, rgb(), hsl(), its name) and the contrast between two, by
WCAG 2's formula — worked out, not eyeballed.

Asked "What's #336699 in HSL?", the 1.5B said 240°, 100%, 50% (it is 210°, 50%, 40%). `color_asked` recognises a
message that plainly asks to convert a color or for the contrast ratio of two, so that it goes to the tool before
the model answers (chat/conversation.py's exact step). Names are CSS's (webcolors), with rebeccapurple.
"""

from __future__ import annotations

import colorsys
import math
import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["ColorTool", "color_asked", "contrast", "describe", "parse_color"]

ACTIONS = ("convert", "contrast")
_MAX_TEXT = 100
_HEX = r"#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b"
_PCT = r"\s*(-?\d+(?:\.\d+)?)\s*%?\s*"
_RGB = (r"rgba?\(\s*(\d{1,3}(?:\.\d+)?%?)\s*[,\s]\s*(\d{1,3}(?:\.\d+)?%?)\s*[,\s]\s*(\d{1,3}(?:\.\d+)?%?)\s*"
        r"(?:[,/]\s*[\d.]+%?\s*)?\)")
_HSL = r"hsla?\(\s*(-?\d+(?:\.\d+)?)\s*(?:deg)?\s*[,\s]" + _PCT + r"[,\s]" + _PCT + r"(?:[,/]\s*[\d.]+%?\s*)?\)"
_EXTRA_NAMES = {"rebeccapurple": "#663399"}  # CSS Color 4's one addition to the CSS3 names


def parse_color(text: str) -> tuple[int, int, int]:
    """A CSS color — #1e90ff, #fff, rgb(30, 144, 255), hsl(210, 50%, 40%), dodgerblue — as its red, green and blue
    (0 to 255). Raises ToolError."""
    import webcolors

    given = " ".join(text.strip().split())
    if not given or len(given) > _MAX_TEXT:
        raise ToolError(f"color: {given[:40]!r} is no color; give #1e90ff, rgb(30, 144, 255), hsl(210, 100%, 56%) or "
                        f"a CSS name")
    if re.fullmatch(_HEX, given) or re.fullmatch(r"[0-9a-fA-F]{6}", given):
        digits = given.lstrip("#")
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    rgb = re.fullmatch(_RGB, given, re.IGNORECASE)
    if rgb is not None:
        parts = [float(p[:-1]) * 2.55 if p.endswith("%") else float(p) for p in rgb.groups()]
        if any(not 0 <= p <= 255 for p in parts):
            raise ToolError(f"color: {given} has a part outside 0 to 255")
        r, g, b = (round(p) for p in parts)
        return r, g, b
    hsl = re.fullmatch(_HSL, given, re.IGNORECASE)
    if hsl is not None:
        h, s, lightness = (float(x) for x in hsl.groups())
        if not (0 <= s <= 100 and 0 <= lightness <= 100):
            raise ToolError(f"color: {given} has a saturation or lightness outside 0% to 100%")
        red, green, blue = colorsys.hls_to_rgb((h % 360) / 360, lightness / 100, s / 100)
        return round(red * 255), round(green * 255), round(blue * 255)
    name = given.lower().replace(" ", "")
    if name in _EXTRA_NAMES:
        return parse_color(_EXTRA_NAMES[name])
    try:
        found = webcolors.name_to_rgb(name)
    except ValueError:
        raise ToolError(f"color: {given!r} is no color llorch reads; give #1e90ff, rgb(30, 144, 255), "
                        f"hsl(210, 100%, 56%) or a CSS name such as dodgerblue") from None
    return found.red, found.green, found.blue


def _hsl(r: int, g: int, b: int) -> tuple[int, int, int]:
    h, lightness, s = colorsys.rgb_to_hls(r / 255, g / 255, b / 255)
    return round(h * 360) % 360, round(s * 100), round(lightness * 100)


def _name(hexed: str) -> str:
    import webcolors

    try:
        return str(webcolors.hex_to_name(hexed))
    except ValueError:
        return next((n for n, v in _EXTRA_NAMES.items() if v == hexed), "")


def describe(text: str) -> tuple[dict[str, Any], str]:
    """A color in every form: the data, and a sentence."""
    r, g, b = parse_color(text)
    hexed = f"#{r:02x}{g:02x}{b:02x}"
    h, s, lightness = _hsl(r, g, b)
    name = _name(hexed)
    data = {"hex": hexed, "rgb": f"rgb({r}, {g}, {b})", "hsl": f"hsl({h}, {s}%, {lightness}%)", "name": name,
            "red": r, "green": g, "blue": b}
    named = f"; its CSS name is {name}" if name else "; it has no CSS name"
    return data, (f"{' '.join(text.split())} is {hexed} in hex, {data['rgb']} in RGB (red {r}, green {g}, blue {b}) "
                  f"and {data['hsl']} in HSL{named}.")


def _luminance(r: int, g: int, b: int) -> float:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


# WCAG 2's levels: the data's key, the words, the ratio needed.
_LEVELS = (("aa", "AA for normal text (4.5:1)", 4.5), ("aa_large", "AA for large text (3:1)", 3.0),
           ("aaa", "AAA for normal text (7:1)", 7.0), ("aaa_large", "AAA for large text (4.5:1)", 4.5))


def contrast(first: str, second: str) -> tuple[float, str]:
    """WCAG 2's contrast ratio of two colors (1 to 21), and what it passes, in a sentence."""
    a, b = parse_color(first), parse_color(second)
    la, lb = sorted((_luminance(*a), _luminance(*b)), reverse=True)
    ratio = math.floor((la + 0.05) / (lb + 0.05) * 100) / 100  # cut, not rounded: 4.499 does not pass 4.5:1
    shown = f"{ratio:.2f}".rstrip("0").rstrip(".")
    passes = [name for _, name, needed in _LEVELS if ratio >= needed]
    fails = [name for _, name, needed in _LEVELS[:3] if ratio < needed]  # (AAA large is AA normal's 4.5: said once)
    verdict = f"it passes WCAG {', '.join(passes)}" if passes else "it passes no WCAG level"
    failing = f"; it fails {', '.join(fails)}" if fails and passes else ""
    return ratio, (f"The contrast ratio of {' '.join(first.split())} and {' '.join(second.split())} is {shown}:1 "
                   f"(WCAG 2; 1:1 is none, 21:1 black on white): {verdict}{failing}.")


class ColorTool:
    """Convert a CSS color between hex, rgb(), hsl() and its name; the WCAG contrast ratio of two colors."""

    name = "color"
    description = ("Convert a CSS color between hex, rgb(), hsl() and its name, or give the WCAG contrast ratio of "
                   "two colors and which levels (AA, AAA) it passes")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS),
                       "description": "convert one color to every form, or the contrast of two"},
            "color": {"type": "string", "maxLength": _MAX_TEXT,
                      "description": "#1e90ff, #fff, rgb(30, 144, 255), hsl(210, 100%, 56%) or a CSS name"},
            "other": {"type": "string", "maxLength": _MAX_TEXT, "description": "contrast: the second color"},
        },
        "required": ["action", "color"],
    }
    positional = ("action", "color", "other")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what is #ff6347 in rgb?", {"action": "convert", "color": "#ff6347"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action, color = str(args.get("action", "")), str(args.get("color", ""))
        if action == "convert":
            data, said = describe(color)
            return ToolResult(said, {"action": action, **data})
        if action == "contrast":
            other = str(args.get("other") or "")
            if not other.strip():
                raise ToolError("color: contrast compares two colors: give the second as `other`")
            ratio, said = contrast(color, other)
            return ToolResult(said, {"action": action, "ratio": ratio,
                                     **{key: ratio >= needed for key, _, needed in _LEVELS[:3]}})
        raise ToolError(f"color: unknown action {action!r}; actions: {', '.join(ACTIONS)}")


# --- recognising a plain request ----------------------------------------------------------------

_ANY = _HEX + r"|rgba?\([^)]{5,60}\)|hsla?\([^)]{5,60}\)|[a-zA-Z]{3,20}"  # (a name: if it is a CSS one)
_COLOR = r"(?P<color>" + _ANY + r")"
_FORM = r"(?P<form>hex(?:adecimal)?(?:\s+code)?|rgb|rgba|hsl|hsla|a\s+hex\s+colou?r|hex\s+colou?r|css\s+name|name)"
_CONVERT = [
    # "Convert #1e90ff to RGB", "What is rgb(255, 99, 71) in hex?", "What's hsl(120, 100%, 25%) as a hex color?"
    re.compile(LEAD + r"(?:convert|change|turn|translate|what\s+is|what's|whats|give\s+me)\s+(?:the\s+colou?r\s+)?"
               + _COLOR + r"\s+(?:to|into|in|as)\s+(?:an?\s+)?" + _FORM + r"(?:\s+(?:colou?r|value|"
               r"format|code))?\s*[?.!]*$", re.I),
    # "What does hsl(0, 100%, 50%) look like in hex?", "How would #c0ffee be written in RGB?": a color written out
    re.compile(LEAD + r"(?:what|how)\b[^#()?]{0,30}?\s(?P<color>" + _HEX + r"|rgba?\([^)]{5,60}\)|hsla?\([^)]{5,60}"
               r"\))\s+[^#()?]{0,30}?\b(?:in|as|to|into)\s+(?:an?\s+)?" + _FORM + r"(?:\s+(?:colou?r|value|format|"
               r"code|notation))?\s*[?.!]*$", re.I),
    # "What color is #ff6347?", "What is #336699?"
    re.compile(LEAD + r"what\s+(?:colou?r|css\s+colou?r)\s+is\s+(?P<color>" + _HEX + r"|rgba?\([^)]{5,60}\)|hsla?\("
               r"[^)]{5,60}\))\s*[?.!]*$", re.I),
    # "What's the RGB of #1e90ff?", "hex code for rgb(1, 2, 3)", "What is the hex code for tomato?"
    re.compile(LEAD + r"(?:what\s+is\s+|what's\s+|whats\s+|give\s+me\s+)?(?:the\s+)?" + _FORM
               + r"(?:\s+(?:colou?r|value|code))?\s+(?:of|for)\s+(?:the\s+colou?r\s+)?" + _COLOR + r"\s*[?.!]*$",
               re.I),
]
_CONTRAST = re.compile(
    LEAD + r"(?:what\s+is\s+|what's\s+|whats\s+|calculate\s+|check\s+)?(?:the\s+)?(?:wcag\s+)?contrast(?:\s+ratio)?\s+"
    r"(?:between|of|for)\s+(?P<a>" + _ANY + r")\s+(?:and|on|vs\.?|against|with)\s+(?P<b>" + _ANY + r")\s*[?.!]*$", re.I)


def color_asked(message: str) -> dict[str, Any] | None:
    """The color tool's arguments for a message that plainly asks to convert a color or for the contrast ratio of
    two; or None."""
    question = message.strip()
    if "\n" in question or len(question) > 300:
        return None
    contrasted = _CONTRAST.match(question)
    if contrasted is not None:
        a, b = contrasted.group("a"), contrasted.group("b")
        return {"action": "contrast", "color": a, "other": b} if _reads(a) and _reads(b) else None
    for pattern in _CONVERT:
        match = pattern.match(question)
        if match is not None and _reads(match.group("color")):
            return {"action": "convert", "color": match.group("color")}
    return None


def _reads(text: str) -> bool:
    try:
        parse_color(text)
    except ToolError:
        return False
    return True
