"""Whether a question about a table asks its numbers in a unit other than the one they are written in, or of
numbers that do not add up to what it asks.

"What is the total in pounds?" of "5 kg" and "7 kg" lines is 26.5 lb, not 12: the table tool adds the numbers as
written, and a question's "in pounds", "in USD", "in minutes" is read as the unit they are already in (tablequestions'
ends pick no rows by it). Where the text writes its numbers in a unit that the one asked is not ("5 kg", "50 cents",
"1.5 hours", "€5"), the question asks for a conversion, which is the model's (or the units tool's), not a sum.
Likewise a text that writes amounts in two currencies ("$4.50", "€20.00": their sum is 24.5 of nothing,
`mixed_money`), and what was spent or earned of a column of signed amounts (a bank statement's "-54.20" and "3000":
its sum is the net, not what was spent, `signed_spending`).
"""

from __future__ import annotations

import re

__all__ = ["converted", "mixed_money", "signed_spending"]

# Each unit a question may ask in, and the units it is the same as. "pounds" is money or weight: either. (Not "hr":
# "the total salary in HR" is a department's.)
_SAME = (("$", "usd", "dollar", "buck"), ("€", "eur", "euro"), ("£", "gbp", "pound", "quid"), ("cent", "¢"),
         ("lb", "lbs", "pound"), ("kg", "kilo", "kilogram"), ("g", "gram"), ("oz", "ounce"),
         ("ms", "millisecond"), ("s", "sec", "second"), ("min", "minute"), ("h", "hour"), ("day",),
         ("km", "kilometer", "kilometre"), ("mi", "mile"), ("m", "meter", "metre"),
         ("b", "byte"), ("kb", "kib", "kilobyte", "k"), ("mb", "mib", "megabyte", "m"), ("gb", "gib", "gigabyte", "g"),
         ("tb", "tib", "terabyte", "t"))
_KNOWN = {word for group in _SAME for word in group if len(word) > 1 or word in "$€£¢"}
_ASKED_IN = re.compile(r"\bin\s+(?P<unit>[a-z$€£]+)\s*[?.!]*\s*$", re.IGNORECASE)
# A unit written after a number ("5 kg", "1.5 hours", "120ms") or a currency's sign before one ("€5")
_WRITTEN = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s?(?P<unit>[a-z]+)\b|(?P<sign>[$€£¢])\s?\d", re.IGNORECASE)


def _unit(word: str) -> str:
    """A unit's word as _SAME has it: lower case, without a plural's s ("hours": hour; "lbs" stays)."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and word[:-1] in _KNOWN else word


def converted(question: str, text: str) -> bool:
    """Whether `question` ends "in <unit>" and `text` writes a number in a unit that one is none of ("in pounds" of
    "5 kg"; not "in USD" of "$5", nor of bare numbers, which are taken to be in it), its header names another
    ("weight_kg"), or the question does ("the total minutes in hours")."""
    asked = _ASKED_IN.search(question)
    if asked is None or _unit(asked.group("unit")) not in _KNOWN:
        return False
    same = {word for group in _SAME if _unit(asked.group("unit")) in group for word in group}
    written = [found.group("sign") or _unit(found.group("unit")) for found in _WRITTEN.finditer(text)]
    said = [_unit(w) for w in re.split(r"[^a-zA-Z$€£¢]+", question[:asked.start()]) if w]
    return any(unit in _KNOWN and unit not in same for unit in (*written, *_header_units(text), *said))


def _header_units(text: str) -> list[str]:
    """The units a text's first line names after a column's name ("weight_kg", "time (min)"; not a column called
    "day", which holds labels)."""
    cells = re.split(r"[,;\t|]", text.strip().partition("\n")[0])
    words = [[w for w in re.split(r"[^a-zA-Z$€£¢]+", cell) if w] for cell in cells]
    return [_unit(named[-1]) for named in words if len(named) > 1]


_MONEY = ({"$", "usd", "dollar"}, {"€", "eur", "euro"}, {"£", "gbp"}, {"¥", "jpy", "yen"},
          {"chf", "franc", "francs"})
# (possessive, and never from inside a run of digits and commas: "1,1,1,…" was tried from each comma, 25 s on 20 KB)
_SIGNED = re.compile(r"(?<![\w.])(?P<sign>[$€£¥])\s?\d|(?<![\w.])(?<!\d,)\d[\d,]*+(?:\.\d+)?+\s?"
                     r"(?P<code>usd|eur|gbp|jpy|chf|dollars?|euros?|yen|francs?)\b", re.IGNORECASE)


def mixed_money(text: str) -> bool:
    """Whether `text` (a column's cells) writes amounts in two or more currencies ("$4.50" and "€20.00", "12 USD"
    and "9 EUR")."""
    found = {_unit(m.group("sign") or m.group("code")) for m in _SIGNED.finditer(text)}
    return sum(1 for money in _MONEY if money & found) > 1


_SPENT = re.compile(r"\b(?:spend|spent|spending|pay|paid|cost|costs|earn|earned|earnings|income|expenses?)\b",
                    re.IGNORECASE)


def signed_spending(question: str, column: str, values: list[float]) -> bool:
    """Whether `question` asks what was spent or earned (its words, not the column's own name, nor a net) of a
    column `values` with amounts both below and above zero: a ledger, whose sum is the net."""
    asked = re.sub(re.escape(column).replace("_", "[_ ]"), " ", question, flags=re.IGNORECASE)
    return (_SPENT.search(asked) is not None and re.search(r"\bnet\b", asked, re.IGNORECASE) is None
            and any(v < 0 for v in values) and any(v > 0 for v in values))
