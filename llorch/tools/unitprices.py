"""Offers compared by their price per unit, as the math tool's expression: which of a 12-pack at $8.99 and a 20-pack
at $13.49 is cheaper per can, which of 500 g for $3.49 and 750 g for $4.99 is the better deal.

Asked "A 12-pack costs $8.99 and a 20-pack costs $13.49. Which is cheaper per can?", the 1.5B worked out $0.75 and
$0.67 a can and then named the 12-pack. `unit_price_asked` reads such a question as `min(8.99 / 12, 13.49 / 20)`:
each offer's price over its amount in one unit, in the order given, and the least of them (the most, for "Which is
more expensive?"), which the tool works out exactly, so that the answer names the offer whose price per unit is the
result. The unit is the one the question names ("per can", "per litre", "per 100 g"), else an item for packs and
counts, a kilogram for grams, a litre for millilitres, an ounce or a pound for ounces or pounds; grams and kilograms,
millilitres and litres are converted to it (a weight and a volume are not compared). The whole message must be the
question, with its offers (two to six, in one currency) and no other numbers: a discount, a deposit, a coupon or a
multipack of cans measured in millilitres stays the model's.

One offer's price per unit is its price over the units it buys: "A 24-pack of cans costs $11.99. What's the price per
can?" is `11.99 / 24` (the 1.5B said $0.54; it is $0.4996, $0.50 to the cent), as are "How much is each can in a
24-pack that costs $11.99?" and "What's the unit price of a 6-pack for $8.40?" (`8.40 / 6`). The unit asked must be
what the pack holds ("per bottle" of cans is the model's), and a weight's or a volume's named ("A 2 kg bag costs $5.
How much per 100 g?" is `5 / 20`; "the unit price of 500 g" could be a kilogram's or 100 g's).
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from llorch.tools.finance import CURRENCY as _CURRENCY
from llorch.tools.finance import CURRENCY_SIGNS, NEGATIVE, marked, plain, written

__all__ = ["unit_price_asked"]

_NUMBER = r"\d+(?:\.\d+)?"
_MAX_OFFERS = 6
# A unit an amount is measured in: its kind and its size in the kind's smallest unit here (grams, millilitres), exact.
# Not quantities.py's pint registry: to pint "gr" is a grain and "kilos" kiloseconds, it knows no "kgs" or "ltr", and
# its sizes are floats (a pound 453.59237000000001 g), where an expression shown to the user needs the exact decimal.
_UNITS: dict[str, tuple[str, Decimal]] = {
    "g": ("mass", Decimal(1)), "gr": ("mass", Decimal(1)), "gram": ("mass", Decimal(1)),
    "grams": ("mass", Decimal(1)), "kg": ("mass", Decimal(1000)), "kgs": ("mass", Decimal(1000)),
    "kilo": ("mass", Decimal(1000)), "kilos": ("mass", Decimal(1000)), "kilogram": ("mass", Decimal(1000)),
    "kilograms": ("mass", Decimal(1000)), "lb": ("mass", Decimal("453.59237")), "lbs": ("mass", Decimal("453.59237")),
    "oz": ("mass", Decimal("28.349523125")), "ounce": ("mass", Decimal("28.349523125")),
    "ounces": ("mass", Decimal("28.349523125")),
    "ml": ("volume", Decimal(1)), "millilitre": ("volume", Decimal(1)), "millilitres": ("volume", Decimal(1)),
    "milliliter": ("volume", Decimal(1)), "milliliters": ("volume", Decimal(1)), "cl": ("volume", Decimal(10)),
    "l": ("volume", Decimal(1000)), "litre": ("volume", Decimal(1000)), "litres": ("volume", Decimal(1000)),
    "liter": ("volume", Decimal(1000)), "liters": ("volume", Decimal(1000)), "ltr": ("volume", Decimal(1000)),
}  # fmt: skip ("pounds" are money here; a fluid ounce is the US's or the UK's)
_UNIT = r"(?P<u{n}>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\.?(?![\w])"
# A price, with its currency: "$8.99", "€5", "4.99 dollars"
_PRICE = (r"(?:(?P<sign{n}>[$€£¥])\s?(?P<p{n}>" + _NUMBER + r")|(?P<q{n}>" + _NUMBER + r")\s*"
          r"(?P<word{n}>" + _CURRENCY + r")\b)")
# What is bought: "a 12-pack", "12 pack of cans", "a pack of 12", "500 g", "1.5 L of milk", "a 3 kg bag", "6 eggs"
# (what a pack holds is its group "thing…": "cans", "eggs")
_OF = r"(?:\s+of\s+(?P<thing{at}{n}>[a-z]+))?"
_NOUN = r"(?:\s+(?!(?:for|at|costs?|is|are|or|and|that|which)\b)(?P<thing{at}{n}>[a-z]+))?"  # ("6 eggs", "a 3 kg bag")
_WHAT = (r"(?:(?P<pack{n}>\d+)\s*-?\s*(?:pack|pk|count|ct)s?(?![\w-])" + _OF.replace("{at}", "a") + r"|(?:pack|box|"
         r"case|bag|carton|tray|crate|bundle|set)\s+of\s+(?P<packof{n}>\d+)(?:\s+(?P<thingb{n}>[a-z]+))?|(?P<amount{n}>"
         + _NUMBER + r")\s*" + _UNIT + r"(?:" + _OF.replace("{at}", "c") + r"|" + _NOUN.replace("{at}", "d") + r")|"
         r"(?P<count{n}>\d+)" + _NOUN.replace("{at}", "e") + r")")
# "a 12-pack costs $8.99", "500 g for $3.49", "1.5 L (€2.19)"
_WHAT_FIRST = re.compile(r"(?<![\w.$€£¥])" + _WHAT.format(n=1) + r"\s*,?\s*(?:(?P<by1>for|at|@|costs?|costing|is|"
                         r"are|(?:sells?|selling|sold|goes|going)\s+for|(?:is\s+|are\s+)?priced\s+at|(?:which|that)"
                         r"\s+costs?)\s+" + _PRICE.format(n=1) + r"|\(\s*" + _PRICE.format(n=2) + r"\s*\))(?!\w|\.\d)",
                         re.IGNORECASE)
# "$3.49 for 500 g", "$1.79 each", "$2 per kg", "$2/kg"
_PRICE_FIRST = re.compile(r"(?<![\w.])" + _PRICE.format(n=3) + r"(?:\s+(?:for|per)\s+(?:a\s+|an\s+|one\s+)?"
                          + _WHAT.format(n=3) + r"|\s+(?P<each3>each|apiece|a\s+piece)|\s*(?:/|per\s+|a\s+)" +
                          _UNIT.format(n=4) + r")(?!\w|\.\d)", re.IGNORECASE)
# The unit a question asks the price in: "per can", "per litre", "per 100 g"
_PER = re.compile(r"\bper\s+(?:(?P<k>" + _NUMBER + r")\s*)?(?P<per>[a-z]+)\b\.?", re.IGNORECASE)
_CHEAPER = re.compile(r"\b(?:cheaper|cheapest|less\s+expensive|least\s+expensive|more\s+economical|most\s+economical|"
                      r"(?:better|best)\s+(?:deal|value|buy|bargain|price|offer)|(?:lower|lowest)\s+(?:unit\s+)?price|"
                      r"costs?\s+less|(?P<dear>more\s+expensive|most\s+expensive|pricier|priciest|dearer|dearest|"
                      r"costs?\s+more))\b", re.IGNORECASE)
# One offer's price asked per thing: "how much is each can", "the cost of one egg"; "the unit price", "how much each"
_EACH = re.compile(r"\b(?:each|one|a\s+single)\s+(?!(?:in|of|for|from|is|are|cost|costs|if|when|with|at|would|will|"
                   r"does|do)\b)(?P<each>[a-z]+)\b", re.IGNORECASE)
_UNIT_ASKED = re.compile(r"\bunit\s+(?:price|cost)\b|\beach\b", re.IGNORECASE)
_ONE_ASKED = re.compile(r"\b(?:how\s+much|price|cost|costs|what|what's|whats)\b", re.IGNORECASE)
_ANY_ONE = frozenset({"unit", "item", "piece", "one"})
_PACKS = frozenset({"pack", "packs", "pk", "box", "case", "bag", "carton", "tray", "crate", "bundle", "set", "dozen",
                    "packet", "multipack", "count", "ct"})
_ONE_WORDS = frozenset({
    "what", "what's", "whats", "is", "are", "the", "a", "an", "price", "cost", "costs", "per", "how", "much", "each",
    "unit", "does", "do", "in", "of", "that", "which", "it", "if", "one", "i", "me", "tell", "please", "calculate",
    "work", "works", "out", "find", "would", "be", "come", "comes", "to", "for", "so", "then", "pay", "paying",
    "am", "you", "this", "pack", "there"})
_ASKING_WORDS = frozenset({
    "which", "what", "what's", "whats", "is", "are", "was", "the", "a", "an", "or", "and", "vs", "versus", "v",
    "cheaper", "cheapest", "less", "least", "more", "most", "expensive", "economical", "better", "best", "deal",
    "value", "buy", "bargain", "price", "offer", "lower", "lowest", "unit", "per", "cost", "costs", "pricier",
    "priciest", "dearer", "dearest", "than", "of", "these", "those", "two", "one", "option", "options", "to", "i",
    "should", "get", "do", "does", "for", "my", "money", "if", "it", "this", "that", "works", "out", "work", "gives",
    "give", "me", "please", "tell", "calculate", "compare", "comparing", "between", "in", "terms", "pack", "packs",
    "size", "sizes", "bottle", "bottles", "bag", "bags", "box", "boxes", "which's", "ones"})


class _Offer(NamedTuple):
    at: int  # where it is said in the question
    price: str  # as written
    currency: str
    kind: str  # "item", "mass" or "volume"
    amount: Decimal  # items, grams or millilitres
    unit: str  # as named ("oz"), or "" for items
    thing: str  # what a pack or a count holds, as named ("cans"), or ""


def unit_price_asked(text: str) -> str | None:
    """The math tool's expression for a plain question of which of two to six offers is cheaper per unit (or the
    more expensive): `min(8.99 / 12, 13.49 / 20)` for a 12-pack at $8.99 and a 20-pack at $13.49; or for one
    offer's price per unit, `11.99 / 24` for a 24-pack of cans at $11.99 asked per can; or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    offers: list[_Offer] = []
    for pattern in (_WHAT_FIRST, _PRICE_FIRST):  # (the first marked before the second looks: "$3.49 for 500 g";
        # a mark keeps the offers' order, which `at` holds)
        found = list(pattern.finditer(text))
        for match in found:
            offer = _offer(match)
            if offer is None:
                return None
            offers.append(offer)
        text = marked(text, [(m, "§o") for m in found])
    if not 1 <= len(offers) <= _MAX_OFFERS:
        return None
    per = list(_PER.finditer(text))
    if len(per) > 1:
        return None
    words = marked(text, [(per[0], "§u")]) if per else text
    if len(offers) == 1:
        return _one_price(offers[0], words, per[0] if per else None)
    asked = _CHEAPER.search(words)
    if asked is None or re.search(r"\d", words) or not plain(words, _ASKING_WORDS):
        return None
    return _compared(sorted(offers), per[0] if per else None, bool(asked.group("dear")))


def _offer(match: re.Match[str]) -> _Offer | None:
    """An offer as `_WHAT_FIRST` or `_PRICE_FIRST` reads it; None for a price of nothing, or of no amount."""
    found = {k.rstrip("0123456789"): v for k, v in match.groupdict().items() if v is not None}  # (the patterns'
    price = found.get("p") or found["q"]  # groups are numbered by where they stand)
    sign = found.get("sign") or found["word"].lower().rstrip("s")
    currency = CURRENCY_SIGNS.get(sign, sign)
    unit = found.get("u", "").lower()
    if "each" in found:  # "$1.79 each"
        kind, amount = "item", Decimal(1)
    elif unit:  # "500 g", or "$2 per kg": one of it
        kind, size = _UNITS[unit]
        amount = Decimal(found.get("amount") or 1) * size
    else:  # "a 12-pack", "a pack of 12", "6 eggs"
        kind, amount = "item", Decimal(found.get("pack") or found.get("packof") or found["count"])
    if Decimal(price) <= 0 or amount <= 0 or ("count" in found and found.get("by", "").lower() in ("at", "@")):
        return None  # (nothing, or "3 items at $4.99": $4.99 each, as a shopping total reads it)
    thing = next((v.lower() for k, v in found.items() if k.startswith("thing")), "")
    return _Offer(match.start(), price, currency, kind, amount, unit, thing)


def _one_price(offer: _Offer, words: str, per: re.Match[str] | None) -> str | None:
    """"A 24-pack of cans costs $11.99. What's the price per can?": `11.99 / 24`, one offer's price over the units it
    buys, in the unit asked: a thing it holds ("per can", "each can", "the unit price"), or for a weight or a volume
    one named ("per 100 g"); None for another thing ("per bottle" of cans), a pack asked per pack, or a unit of
    another kind."""
    each = list(_EACH.finditer(words))
    if len(each) > 1 or (each and per is not None):
        return None
    if offer.kind == "item":
        named = each[0].group("each") if each else per.group("per") if per is not None else None
        if named is None and not _UNIT_ASKED.search(words):
            return None  # (no unit: "How much is a 24-pack for $11.99?")
        if named is not None and not _holds(offer.thing, named.lower()):
            return None
    elif per is None or each or re.search(r"\beach\b", words, re.IGNORECASE):
        return None  # ("What's the unit price of 500 g for $3.49?": a kilogram's, or 100 g's?)
    words = marked(words, [(each[0], "§u")]) if each else words
    if not _ONE_ASKED.search(words) or re.search(r"\d", words) or not plain(words, _ONE_WORDS):
        return None
    size = _per_unit([offer], per)
    if size is None:
        return None
    units = Fraction(offer.amount) / Fraction(size)
    return _per(offer.price, units, offer.amount, size) if units != 1 else None  # (a price each: nothing to work out)


def _holds(thing: str, named: str) -> bool:
    """Whether a pack of `thing` ("cans", or "" where the question does not say) is priced per `named` ("can")."""
    if named in _ANY_ONE:
        return True
    if not thing:
        return named not in _PACKS  # ("a 6-pack … per pack": the pack's own price)
    return thing == named or thing in (named + "s", named + "es") or (named.endswith("y") and
                                                                      thing == named[:-1] + "ies")


def _compared(offers: list[_Offer], per: re.Match[str] | None, dear: bool) -> str | None:
    """`min(…)` (or `max(…)`) of each offer's price per unit, in the order the offers were given; None for offers
    of two kinds (a weight and a volume) or in two currencies, or a unit asked of another kind."""
    if len({o.kind for o in offers}) != 1 or len({o.currency for o in offers}) != 1:
        return None
    size = _per_unit(offers, per)
    if size is None:
        return None
    units = [Fraction(o.amount) / Fraction(size) for o in offers]
    each = [Fraction(Decimal(o.price)) / u for o, u in zip(offers, units)]
    if each.count((max if dear else min)(each)) > 1:
        return None  # (as cheap as each other: a min() would name one of them)
    terms = [_per(o.price, u, o.amount, size) for o, u in zip(offers, units)]
    return f"{'max' if dear else 'min'}({', '.join(terms)})"


def _per(price: str, units: Fraction, amount: Decimal, size: Decimal) -> str:
    """A price over the units it buys: "8.99 / 12", "3.49 / 0.5"; "3.49 * 453.59237 / 500" where the units have no
    end as a decimal (500 g in pounds)."""
    if units == 1:
        return price
    whole = units.denominator
    for prime in (2, 5):
        while whole % prime == 0:
            whole //= prime
    if whole == 1:  # a decimal that ends
        return f"{price} / {written(Decimal(units.numerator) / Decimal(units.denominator))}"
    return f"{price} * {written(size)} / {written(amount)}"


def _per_unit(offers: list[_Offer], per: re.Match[str] | None) -> Decimal | None:
    """The size of the unit the prices are compared in, in grams, millilitres or items: the one the question names
    ("per can", "per 100 g"), else an item, a kilogram, a litre, or an ounce or a pound where every amount is in
    ounces or pounds."""
    kind = offers[0].kind
    if per is not None:
        word = per.group("per").lower()
        named, times = _UNITS.get("lb" if word in ("pound", "pounds") else word), Decimal(per.group("k") or 1)
        if named is not None:  # "per litre", "per 100 g"
            return named[1] * times if named[0] == kind and times > 0 else None
        if per.group("k") is not None:  # "per 6 cans"
            return None
        if kind == "item":  # "per can", "per egg", "per unit"
            return Decimal(1)
        return None if word != "unit" else _per_unit(offers, None)
    if kind == "item":
        return Decimal(1)
    if kind == "mass" and all(o.unit in ("lb", "lbs", "oz", "ounce", "ounces") for o in offers):
        return _UNITS["lb" if any(o.unit.startswith("lb") for o in offers) else "oz"][1]
    return _UNITS["kg" if kind == "mass" else "l"][1]
