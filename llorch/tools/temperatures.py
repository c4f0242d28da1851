"""Temperatures listed in one scale and asked in another, as the math tool's expression: their average (median,
highest, lowest) converted, or each of them converted.

Asked "The temperatures this week were 68, 72, 75, 70 and 65 °F. What was the average in Celsius?", the 1.5B got it
wrong: the mean is 70 °F, 21.1 °C. `temperatures_asked` gives the math tool the working,
`(mean(68, 72, 75, 70, 65) - 32) * 5 / 9` (190/9, about 21.1111), and "Convert these temperatures to Celsius: 68,
72, 75 °F" each of them, `(68 - 32) * 5 / 9; (72 - 32) * 5 / 9; (75 - 32) * 5 / 9` (the tool says each in order).
The scales are Fahrenheit, Celsius and kelvin (°F, °C, K, "degrees Fahrenheit"), by their exact definitions:
°F = °C × 9/5 + 32 and K = °C + 273.15 (the units tool converts one temperature). The list is said with its scale
(at its end, or on each: "68°F, 72°F"; or "from Fahrenheit"), and the question names the other; a sum, a range, a
third scale, a temperature below absolute zero or any other number leaves the question to the model.
"""

from __future__ import annotations

import re
from fractions import Fraction

from llorch.tools.finance import plain

__all__ = ["temperatures_asked"]

# A scale as written: °F, º C, degrees Fahrenheit, deg F, Celsius, centigrade, kelvin, K (a bare letter only after
# a number or a degree sign)
_SCALE = (r"(?:(?:°|º|˚)\s*(?P<sign>[FCK])\b|(?:degrees?\s+|deg\s+)?(?P<word>fahrenheit|celsius|centigrade|"
          r"kelvins?)\b|deg(?:rees?)?\s+(?P<letter>[FC])\b)")
_ITEM = r"(?P<n>[-−]?\d+(?:\.\d+)?)(?:\s*(?:" + _SCALE + r"|(?-i:(?P<bare>[FCK]))\b))?"  # "68", "68 °F", "68F"
_ONE = re.compile(_ITEM, re.IGNORECASE)
_UNNAMED = re.sub(r"\?P<\w+>", "?:", _ITEM)
_LIST = re.compile(r"(?<![\w.])" + _UNNAMED + r"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)" + _UNNAMED + r")+", re.IGNORECASE)
_NAMED = re.compile(r"(?:\b(?P<prep>from|to|into|in|as)\s+)?" + _SCALE + r"(?:\s+(?P<noun>temperatures|readings|"
                    r"values|degrees))?", re.IGNORECASE)
# The statistics a question may ask, as the math tool's function (a sum or a range of temperatures is no
# temperature: each converts otherwise)
_STATS = {"average": "mean", "mean": "mean", "median": "median", "highest": "max", "maximum": "max", "max": "max",
          "warmest": "max", "hottest": "max", "peak": "max", "lowest": "min", "minimum": "min", "min": "min",
          "coldest": "min", "coolest": "min"}
# ("the highest temperatures this week": which were listed, not their highest)
_STAT = re.compile(r"\b(?:" + "|".join(_STATS) + r")\b(?!\s+(?:temperatures|temps|readings|values)\b)", re.IGNORECASE)
_EACH = re.compile(r"\b(?:convert|change|turn|express)\b|^\s*(?:so\s+)?(?:what|how\s+much)\s+(?:are|were|is|'re)\s+"
                   r"(?:they|these|those|them|§l|(?:the|these|those)\s+(?:temperatures|readings))\b", re.IGNORECASE)
# °C from each scale and back, by definition
_TO_CELSIUS = {"C": "{}", "F": "({} - 32) * 5 / 9", "K": "{} - 273.15"}
_FROM_CELSIUS = {"C": "{}", "F": "{} * 9 / 5 + 32", "K": "{} + 273.15"}
_ABSOLUTE_ZERO = {"C": Fraction("-273.15"), "F": Fraction("-459.67"), "K": Fraction(0)}
_MAX_EXPRESSION = 1000  # characters the math tool takes

_WORDS = frozenset("""
the this last past week weeks weekend month months day days today yesterday were was are is be been temperatures
temperature temps readings reading highs lows daily recorded measured i we of on over for in at noon morning
mornings afternoon afternoons evening evenings night nights and a an my our these those following here it they them
their its what what's whats give me calculate find tell convert change turn express from to into as please can
could you so then each all one value values degrees degree deg fahrenheit celsius centigrade kelvin kelvins f c k
average mean median highest lowest maximum minimum max min warmest hottest coldest coolest peak outside city town
thermometer showed read reached hit would will did does do how much if
""".split())


def temperatures_asked(text: str) -> str | None:
    """The math tool's expression for temperatures listed in one scale and asked in another: a statistic of them
    converted ("(mean(68, 72, 75) - 32) * 5 / 9"), several ("; "-parted), or each converted; or None."""
    if len(text) > 300 or "\n" in text.strip():
        return None
    lists = list(_LIST.finditer(text))
    if len(lists) != 1:
        return None
    (listed,) = lists
    rest = f"{text[:listed.start()]} §l {text[listed.end():]}"
    if re.search(r"\d|[^\w\s,.?!:;'’()°º˚§-]", rest):
        return None  # another number, or a sign of something else
    if not plain(rest, _WORDS):
        return None
    scales = _scales(listed.group(), rest)
    if scales is None:
        return None
    source, target = scales
    numbers = [m.group("n").replace("−", "-") for m in _ONE.finditer(listed.group())]
    if any(Fraction(n) < _ABSOLUTE_ZERO[source] for n in numbers):
        return None
    question = re.split(r"(?<=[.?!])\s+", rest.strip())[-1]  # (a statistic told before it is the list's)
    asked = [_STATS[m.group().lower()] for m in _STAT.finditer(question)]
    if asked:
        functions = list(dict.fromkeys(asked))
        inner = [f"{f}({', '.join(numbers)})" for f in functions]
    elif _EACH.search(question):
        inner = numbers
    else:
        return None
    expression = "; ".join(_converted(x, source, target) for x in inner)
    return expression if len(expression) <= _MAX_EXPRESSION else None


def _scale(match: re.Match[str]) -> str | None:
    """"F", "C" or "K" for the scale a match of `_ONE` or `_NAMED` says, or None."""
    named = match.groupdict()
    said = next((named[g] for g in ("sign", "word", "letter", "bare") if named.get(g)), None)
    return None if said is None else said[0].upper()


def _scales(listed: str, rest: str) -> tuple[str, str] | None:
    """The scale the list is in and the one asked: the list's own (on its last item or on each, alike), or one said
    "from" or before "temperatures", or the first of two "in"s; the other named "to", "into", "as" or "in". None for
    one scale, three, or a list whose scale is not plain."""
    each = [_scale(m) for m in _ONE.finditer(listed)]
    if any(each[:-1]) and not all(each):
        return None  # ("68, 72 and 75 °F and 60, 62 and 64 °F": one list or two?)
    items = {s for s in each if s is not None}
    mentions = [((m.group("prep") or "").lower() or ("adjective" if m.group("noun") else ""), _scale(m) or "")
                for m in _NAMED.finditer(rest)]
    named = {scale for _, scale in mentions} | items
    if len(items) > 1 or len(named) != 2 or any(prep == "" for prep, _ in mentions):
        return None  # ("68, 72 and 75, Fahrenheit, in Celsius": whose is the bare name?)
    if items:
        source = next(iter(items))
    else:
        firsts = {s for prep, s in mentions if prep in ("from", "adjective")}
        ins = [s for prep, s in mentions if prep == "in"]
        source = firsts.pop() if len(firsts) == 1 else ins[0] if len(ins) == 2 and not firsts else ""
    target = next(iter(named - {source}), "") if source in named else ""
    if not any(prep in ("to", "into", "as", "in") and s == target for prep, s in mentions) or any(
            s == target and prep in ("from", "adjective") for prep, s in mentions):
        return None
    return source, target


def _converted(value: str, source: str, target: str) -> str:
    """`value` (a number or a statistic) in `source`'s scale as the tool's expression in `target`'s."""
    celsius = _TO_CELSIUS[source].format(value)
    return celsius if target == "C" else _FROM_CELSIUS[target].format(f"({celsius})" if source == "K" else celsius)
