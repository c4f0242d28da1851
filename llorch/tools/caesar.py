"""A Caesar shift, worked out: each letter of a text moved N places along the alphabet (the encode tool's action
"caesar"), and `caesar_asked`, which recognises a message that plainly asks for one.

Asked "Apply a Caesar shift of 3 to the word 'zebra'", the 1.5B answered "dibbax" (cheud: z wraps round to c), one
letter too many and each one off. Only the 26 letters A to Z are moved, keeping their case; every other character
(digits, spaces, accented letters) is kept as it is, as in the cipher. Decoding is shifting back: "Decrypt 'khoor'
with a shift of 3" is a shift of -3.

A message is read as asking for one only when it names the cipher ("Caesar", or "shift each letter … by N"), gives
one number of places (3, -3, "three") after shift/key/by/of, and gives one text: the only one quoted in it, or the
text after its colon or piped after it. A shift without a number ("Decode this Caesar cipher: khoor": which shift?),
two texts, a question of how or why, or of code ("Write a Python Caesar cipher"), or two ways said ("decode …
shifted left by 3": back or forward?) stays the model's.
"""

from __future__ import annotations

import re
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import asked_parts, quoted_texts, shown_first, unquoted

__all__ = ["MAX_SHIFT", "caesar", "caesar_asked", "caesar_said"]

MAX_SHIFT = 10_000
_MAX_TEXT = 100_000
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13}


def caesar(text: str, shift: int) -> str:
    """`text` with each letter A-Z (either case) moved `shift` places on, wrapping from z to a (back for a negative
    shift); other characters kept."""
    def moved(match: re.Match[str]) -> str:
        letter = match.group(0)
        base = ord("a") if letter.islower() else ord("A")
        return chr(base + (ord(letter) - base + shift) % 26)
    return re.sub(r"[A-Za-z]", moved, text)


def caesar_said(text: str, shift: Any) -> tuple[str, str]:
    """The encode tool's "caesar": `text` shifted, and it said in a sentence."""
    if shift is None:
        raise ToolError("encode: a Caesar shift is a whole number of places, given as shift (shift=3; -3 decodes a "
                        "shift of 3)")
    if isinstance(shift, bool) or not isinstance(shift, int) or abs(shift) > MAX_SHIFT:
        raise ToolError(f"encode: a Caesar shift is a whole number of places, e.g. 3 (-3 to decode one of 3), "
                        f"not {shift!r}")
    out = caesar(text, shift)
    said = f"“{out}”" if len(out) <= 200 and "\n" not in out else f"\n{out}"
    places = abs(shift) % 26
    if places == 0:
        return out, f"{shown_first(text)} with a Caesar shift of {shift} is unchanged, {said} (a whole number of " \
                    f"26 places moves no letter)"
    way = "on" if shift > 0 else "back"
    return out, (f"{shown_first(text)} with a Caesar shift of {shift} (each letter A-Z moved {places} place"
                 f"{'' if places == 1 else 's'} {way}, {'z to a' if shift > 0 else 'a to z'} wrapping round; other "
                 f"characters kept) is {said}")


_NAMED = re.compile(r"\bcaesar(?:'s|’s)?\b|\bshift\s+(?:each|every|all(?:\s+the)?)\s+letters?\b", re.IGNORECASE)
_AWAY = re.compile(r"^\s*(?:how|why|when|who|explain|describe|what\s+is\s+(?:a|the)\s+caesar)\b|\b(?:code|python|"
                   r"javascript|function|program|script|implement\w*|algorithm|crack|brute|break|secure|history|"
                   r"invent\w*|example)\b", re.IGNORECASE)
_NUMBER = r"(?P<n>[-+−]?\d{1,4}|" + "|".join(_NUMBERS) + r")"
_SHIFT = re.compile(r"\b(?:shift(?:ed|ing)?|key|offset|rotat\w*|mov(?:e|ed|ing))(?:\s+(?:it|them|each\s+letter|"
                    r"every\s+letter|the\s+letters|left|right|back(?:wards?)?|forwards?))?\s+(?:(?:of|by|=|:|is)\s+)?"
                    + _NUMBER + r"\b|\b(?:by|of)\s+" + _NUMBER.replace("?P<n>", "?P<m>")
                    + r"\s+(?:places?|positions?|letters?|steps?)\b|\b(?:left|right|back(?:wards?)?|forwards?)\s+by\s+"
                    + _NUMBER.replace("?P<n>", "?P<k>") + r"\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d")
_WORD_NUMBER = re.compile(r"\b(?:" + "|".join(_NUMBERS) + r")\b", re.IGNORECASE)
_DECODE = re.compile(r"\bde(?:code|crypt|cipher)\w*\b", re.IGNORECASE)
_BACK = re.compile(r"\bleft\b|\bback\s+by\b|\bshift(?:ed)?\s+back\b", re.IGNORECASE)
# Words of a decoding not said ("What does 'khoor' say?", "the original", "the plaintext"), or of more than one
# step ("then by two", "applied twice", "then reverse it"): which shift, or what else, is unsure
_UNSAID = re.compile(r"\b(?:says?|mean|means|meant|original|plain\s*text|hidden|secret|then|twice|again|rounds?|"
                     r"reverse\w*|backwards?|undo|crack\w*)\b", re.IGNORECASE)
_ON = re.compile(r"\b(?:right|forwards?)\b", re.IGNORECASE)


def caesar_asked(message: str) -> dict[str, Any] | None:
    """The encode tool's arguments ({"action": "caesar", "text", "shift"}) for a message that plainly asks for a
    text shifted by a Caesar cipher of a number of places it gives, or None."""
    if len(message) > _MAX_TEXT or not _NAMED.search(message.partition("\n")[0]):
        return None
    for question, body in asked_parts(message):
        found = _asked(question, body)
        if found is not None:
            return found
    return None


def _asked(question: str, body: str) -> dict[str, Any] | None:
    if not _NAMED.search(question) or _AWAY.search(question):
        return None
    quoted = quoted_texts(question)
    if len(quoted) > 1 or quoted and body:
        return None
    text = quoted[0] if quoted else (unquoted(body) or body if "\n\n" not in body else None)
    if not text or not text.strip():
        return None
    rest = question
    for inner in quoted:  # (a number in the text is no shift: "'route 66' with a shift of 3")
        rest = rest.replace(inner, " ")
    shifts = [m for m in _SHIFT.finditer(rest)]
    if len(shifts) != 1 or len(_DIGITS.findall(rest)) != len(_DIGITS.findall(shifts[0].group(0))) \
            or len(_WORD_NUMBER.findall(rest)) > len(_WORD_NUMBER.findall(shifts[0].group(0))) or _UNSAID.search(rest):
        return None  # (a second number, "by three, then by two"; a decoding only implied)
    word = next(g for g in shifts[0].group("n", "m", "k") if g).lower().replace("−", "-")
    shift = _NUMBERS[word] if word in _NUMBERS else int(word)
    ways = [bool(w.search(rest)) for w in (_DECODE, _BACK, _ON)]
    if sum(ways) > 1 or shift < 0 and any(ways) or shift == 0 or abs(shift) > MAX_SHIFT:
        return None  # (decode a left shift? decrypt with -3? which way is meant is unsure)
    return {"action": "caesar", "text": text, "shift": -shift if ways[0] or ways[1] else shift}
