"""Screens and images as the math tool's expression: an aspect ratio's other side, and a resolution's pixels.

"A 16:9 image is 1920 pixels wide. How tall is it?" is `1920 * 9 / 16` (the 1.5B said 1067; it is 1080) and "A 16:9
video is 720 pixels tall. How wide is it?" `720 * 16 / 9`: a ratio is width to height, as 16:9 and 9:16 (a phone
held upright) are written. "How many pixels does a 3840x2160 screen have?" is `3840 * 2160` (the 1.5B: 796,800; it
is 8,294,400), its megapixels `3840 * 2160 / 1000000`. "What is the aspect ratio of 1920x1080?" is `ratio(1920, 1080)`,
16:9 (the 1.5B said it was already in lowest terms): aspect_asked, which arithmetic.py asks apart, as the tool's
ratio() is the whole expression and no number. The whole message must be the question, with its numbers and no others:
a border, a crop or a second screen is the model's.
"""

from __future__ import annotations

import re

__all__ = ["aspect_asked", "screen_asked"]

_NUMBER = r"\d+(?:\.\d+)?"
_END = r"\s*[?.!]*\s*$"
_THING = (r"(?:image|picture|photo|photograph|pic|screen|display|monitor|video|frame|tv|television|screenshot|"
          r"wallpaper|banner|canvas|window|poster|print|panel|clip|movie|film|thumbnail|viewport|projection|sensor)s?")
_THE = r"(?:a|an|the|my|this|that|one|our|your)\s+"
# Up to two words before the thing: "widescreen", "full HD" (no verb, nothing that starts a clause)
_ADJ = r"(?:(?!(?:is|are|was|that|which|with|in|at|of|has|and)\b)[a-z]+(?:-[a-z]+)?\s+){0,2}?"

# --- an aspect ratio's other side ---

_RATIO = r"(?P<rw>" + _NUMBER + r")\s*:\s*(?P<rh>" + _NUMBER + r")"
_UNIT = (r"(?:pixels?|px|cm|mm|centimet(?:er|re)s?|millimet(?:er|re)s?|inch(?:es)?|\"|feet|ft|met(?:er|re)s?|"
         r"points?|pt|units?)")
_UNIT_STARTS = (("pi", "px"), ("px", "px"), ("c", "cm"), ("mm", "mm"), ("mi", "mm"), ("in", "in"), ('"', "in"),
                ("f", "ft"), ("me", "m"), ("p", "pt"), ("u", "unit"))
_SIDE_WORDS = {"wide": "w", "width": "w", "across": "w", "tall": "h", "high": "h", "height": "h"}
# The side given: "is 1920 pixels wide", "has a width of 1920 px", "1920 px wide"
_GIVEN = (r"(?:(?:(?:is|measures|being|that\s+is|that's|that’s|which\s+is)\s+)?(?P<n>" + _NUMBER + r")\s*(?P<unit>"
          + _UNIT + r")?\s+(?P<side>wide|tall|high|across|in\s+width|in\s+height)"
          r"|(?:has|with|that\s+has|which\s+has)\s+an?\s+(?P<side2>width|height)\s+of\s+(?P<n2>" + _NUMBER
          + r")\s*(?P<unit2>" + _UNIT + r")?)")
# The thing with its ratio: "a 16:9 image", "a 16:9 aspect ratio screen", "an image in 16:9", "a screen with an
# aspect ratio of 16:10"
_RATIOED = (_THE + r"(?:" + _RATIO + r"(?:\s+(?:aspect\s+)?ratio)?\s+" + _ADJ + _THING + r"|" + _ADJ + _THING
            + r"\s+(?:(?:with\s+)?(?:an?\s+|the\s+)?(?:aspect\s+)?ratio\s+(?:of\s+)?|(?:in|at)\s+(?:an?\s+)?|"
            r"with\s+an?\s+)" + _RATIO.replace("P<r", "P<s") + r"(?:\s+(?:aspect\s+)?ratio)?)")
_IT = r"(?:it|that|this|(?:the|this|that)\s+" + _THING + r")"
_WHAT_IS = r"what(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be|\s+should\s+be)\s+"
_HOW = r"how\s+(?:many\s+(?P<asked_unit>" + _UNIT + r")\s+)?(?P<asked>tall|high|wide)\s+"
_IN_UNIT = r"(?:\s+in\s+(?P<asked_unit{}>" + _UNIT + r"))?"
# The side asked: "How tall is it?", "How many pixels tall is it?", "What is its height?", "What height is it?"
_ASKED = (r"(?:" + _HOW + r"(?:is|will|would|should|must)\s+" + _IT + r"(?:\s+be)?" + _IN_UNIT.format(3) + r"|"
          + _WHAT_IS + r"(?:its|the)\s+(?P<asked2>height|width)" + _IN_UNIT.format(2) + r"|what\s+(?P<asked3>height|"
          r"width)\s+(?:is|will|would|should)\s+" + _IT + r"(?:\s+be)?)")
# The side asked of what follows: "How tall is …", "What is the height of …"
_ASKED_OF = (r"(?:" + _HOW + r"(?:is|will\s+be|would\s+be)|" + _WHAT_IS + r"the\s+(?P<asked2>height|width)"
             + _IN_UNIT.format(2) + r"\s+of)")
_SIDE_ASKED = [
    # "A 16:9 image is 1920 pixels wide. How tall is it?", "If a 21:9 video is 2560 px wide, what is its height?"
    re.compile(r"^\s*(?:(?:if|when|say|suppose)\s+)?" + _RATIOED + r"\s+" + _GIVEN + r"\s*(?:[,.;:]\s*|\s+)"
               r"(?:so\s+|then\s+)?" + _ASKED + _END, re.IGNORECASE),
    # "How tall is a 16:9 image that is 1920 pixels wide?", "What is the height of a 4:3 photo 1600 px wide?"
    re.compile(r"^\s*" + _ASKED_OF + r"\s+" + _RATIOED + r"(?:\s*,\s+|\s+)(?:(?:if|when)\s+it\s+)?" + _GIVEN + _END,
               re.IGNORECASE),
]


def _named(match: re.Match[str], *names: str) -> str | None:
    found = match.groupdict()
    return next((found[name] for name in names if found.get(name)), None)


def _unit_of(word: str) -> str:
    word = word.lower()
    return next((unit for start, unit in _UNIT_STARTS if word.startswith(start)), word)


def _units_agree(given: str | None, asked: str | None) -> bool:
    """Whether the side asked is in the given side's unit (a pixel count asked of inches is not)."""
    return given is None or asked is None or _unit_of(given) == _unit_of(asked)


def _other_side(text: str) -> str | None:
    """"A 16:9 image is 1920 pixels wide. How tall is it?": 1920 * 9 / 16, the side given scaled by the ratio."""
    match = next(filter(None, (p.match(text) for p in _SIDE_ASKED)), None)
    if match is None:
        return None
    rw, rh = _named(match, "rw", "sw"), _named(match, "rh", "sh")
    n = _named(match, "n", "n2")
    side = (_named(match, "side", "side2") or "").lower().split()[-1]
    asked = (_named(match, "asked", "asked2", "asked3") or "").lower()
    if rw is None or rh is None or n is None or float(rw) == 0 or float(rh) == 0:
        return None
    given_side, asked_side = _SIDE_WORDS.get(side), _SIDE_WORDS.get(asked)
    if given_side is None or asked_side is None or given_side == asked_side:
        return None  # "is 1920 pixels wide. How wide is it?"
    if not _units_agree(_named(match, "unit", "unit2"), _named(match, "asked_unit", "asked_unit2", "asked_unit3")):
        return None
    return f"{n} * {rh} / {rw}" if given_side == "w" else f"{n} * {rw} / {rh}"


# --- a resolution's pixels ---

# "3840x2160", "2560 x 1440", "1280×720", "1920 by 1080" (each side up to 5 digits)
_RESOLUTION = r"(?P<w>[1-9]\d{0,4})\s*(?:[x×]|\s+by\s+)\s*(?P<h>[1-9]\d{0,4})(?:\s*(?:pixels?|px))?"
_RESOLVED = (r"(?:" + _THE + r")?(?:" + _RESOLUTION + r"(?:\s+(?:resolution\s+)?" + _ADJ + _THING + r"|\s+resolution)?"
             r"|" + _ADJ + _THING + r"\s+(?:(?:with\s+)?(?:a\s+|the\s+)?resolution\s+(?:of\s+)?|(?:that|which)\s+"
             r"(?:is|'s|’s)\s+|at\s+|of\s+)" + _RESOLUTION.replace("P<w>", "P<w2>").replace("P<h>", "P<h2>") + r")")
_PIXELS = r"(?P<mega>mega)?pixels"
_TOTAL = r"(?:\s+(?:in\s+total|in\s+all|altogether|total))?"
_PIXELS_ASKED = [
    # "How many pixels does a 3840x2160 screen have?", "How many pixels are in a 1920x1080 display?", "How many
    # megapixels is 6000 x 4000?"
    re.compile(r"^\s*how\s+many\s+(?:total\s+)?" + _PIXELS + r"\s+(?:(?:are|is)\s+(?:there\s+)?(?:in|on)\s+|"
               r"(?:is|are|in|on)\s+|(?:does|do|would|will)\s+)" + _RESOLVED + r"(?:\s+(?:have|has|hold|contain|show|"
               r"display))?" + _TOTAL + _END, re.IGNORECASE),
    # "total pixels of 1280×720", "What is the total number of pixels in a 1920x1080 image?", "the pixel count of …"
    re.compile(r"^\s*(?:(?:what\s+(?:is|are)|what's|what’s|whats|calculate|compute|find|give\s+me|tell\s+me)\s+)?"
               r"(?:the\s+)?(?:(?:total\s+)?(?:number\s+of\s+|count\s+of\s+)?" + _PIXELS + r"(?:\s+count)?|"
               r"pixel\s+count)\s+(?:of|in|on|for)\s+" + _RESOLVED + _END, re.IGNORECASE),
    # "1920x1080: how many pixels?", "A 1920 by 1080 image has how many pixels?"
    re.compile(r"^\s*" + _RESOLVED + r"\s*(?:[:,-]\s*|\s+(?:has|is|have)\s+)how\s+many\s+(?:total\s+)?" + _PIXELS
               + r"(?:\s+(?:is\s+that|does\s+it\s+have|in\s+total|total))?" + _END, re.IGNORECASE),
]


def _pixels(text: str) -> str | None:
    """"How many pixels does a 3840x2160 screen have?": 3840 * 2160; its megapixels 3840 * 2160 / 1000000."""
    match = next(filter(None, (p.match(text) for p in _PIXELS_ASKED)), None)
    if match is None:
        return None
    w, h = _named(match, "w", "w2"), _named(match, "h", "h2")
    if w is None or h is None:
        return None
    return f"{w} * {h} / 1000000" if match.group("mega") else f"{w} * {h}"


# --- a resolution's aspect ratio ---

_ASPECT = r"(?:the\s+)?aspect[\s-]+ratio"
_LOWEST = r"(?:(?:\s*,\s*|\s+)(?:(?:in\s+)?(?:its\s+)?(?:lowest|simplest)\s+(?:terms|form)|simplified|reduced))?"
_WHAT_ASPECT = r"^\s*(?:what|which)\s+aspect[\s-]+ratio\s+"
_ASPECT_END = r"\s*+[?.!]*+\s*+$"  # (possessive: _END tried each way to split a run of spaces, 1.7 s for 20,000)
_ASPECT_ASKED = [
    # "What is the aspect ratio of 1920x1080?", "Aspect ratio of 3440x1440?", "What's the aspect ratio of a screen
    # with a resolution of 1366x768?"
    re.compile(r"^\s*(?:(?:what\s+is|what's|what’s|whats|find|calculate|compute|work\s+out|give\s+me|tell\s+me)\s+)?"
               + _ASPECT + r"\s+(?:of|for)\s+" + _RESOLVED + _LOWEST + _ASPECT_END, re.IGNORECASE),
    # "What aspect ratio is 1280x1024?", "Which aspect ratio does a 1920 by 1200 monitor have?"
    re.compile(_WHAT_ASPECT + r"is\s+" + _RESOLVED + _LOWEST + _ASPECT_END, re.IGNORECASE),
    re.compile(_WHAT_ASPECT + r"(?:does|do)\s+" + _RESOLVED + r"\s+(?:have|use)" + _ASPECT_END, re.IGNORECASE),
    # "1920x1080 is what aspect ratio?", "2560x1080: what aspect ratio?"
    re.compile(r"^\s*" + _RESOLVED + r"(?:\s+is|\s*[:,-])\s+(?:what|which)\s+aspect[\s-]+ratio" + _LOWEST + _ASPECT_END,
               re.IGNORECASE),
]


# Words that say the picture's shape is not its pixels' (HDV's 1440x1080 is shown at 16:9, PAL's 720x576 at 4:3),
# or not one screen's ("dual monitors", "portrait", "rotated")
_SHAPED = re.compile(r"\b(?:anamorphic|hdv|pal|ntsc|dvd|secam|non-?square|pixel\s+aspect|portrait|vertical|rotated|"
                     r"upright|dual|double|triple|two|three|multiple|side\s+by\s+side|stretched|cropped|"
                     r"letterbox\w*)\b", re.IGNORECASE)


def aspect_asked(text: str) -> str | None:
    """"What is the aspect ratio of 1920x1080?": ratio(1920, 1080), which the math tool says in lowest terms (16:9)."""
    if len(text) > 300:
        return None
    match = next(filter(None, (p.match(text) for p in _ASPECT_ASKED)), None)
    if match is None or _SHAPED.search(text):
        return None
    w, h = _named(match, "w", "w2"), _named(match, "h", "h2")
    return f"ratio({w}, {h})" if w is not None and h is not None else None


def screen_asked(text: str) -> str | None:
    """The math tool's expression for an aspect ratio's other side or a resolution's pixels, asked plainly with
    its numbers, or None."""
    if len(text) > 300:
        return None
    return _other_side(text) or _pixels(text)
