"""Sums of parts, each counted or weighted, as the math tool's expression: a shopping total, a sum split in a ratio,
and a weighted average.

"If I buy 3 items at $4.99 and 2 at $12.50, what's the total?" is `3 * 4.99 + 2 * 12.50` (the 1.5B: $40.07; it is
$39.97). "Split $180 among 3 people in a 1:2:3 ratio." is `180 * 1 / 6; 180 * 2 / 6; 180 * 3 / 6`, each share in
the ratio's order (the 1.5B gave none clearly; they are $30, $60 and $90); a count of people other than the ratio's
parts is the model's. "What's the weighted average of 80 with weight 2 and 90 with weight 3?" is
`(80 * 2 + 90 * 3) / (2 + 3)` (the 1.5B said 86, in its head), and weights in percent ("85 worth 40% and 92 worth
60%") `(85 * 40 + 92 * 60) / 100` when they make 100. The whole message must be the question, with its numbers and
no others: a discount, a tax, a fee, change from a note or one share asked alone is the model's. Which of a 12-pack
at $8.99 and a 20-pack at $13.49 is cheaper per can is unitprices.py's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import CURRENCY as _CURRENCY
from llorch.tools.finance import CURRENCY_SIGNS, NEGATIVE, marked, plain
from llorch.tools.unitprices import unit_price_asked

__all__ = ["weighted_asked"]

_NUMBER = r"\d+(?:\.\d+)?"


def weighted_asked(text: str) -> str | None:
    """The math tool's expression for a shopping total, a sum split in a ratio or a weighted average, asked plainly
    with its numbers, or which of several offers is cheaper per unit (unitprices.py); or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    return _bought(text) or _split(text) or _averaged(text) or unit_price_asked(text)


def _sign(sign: str | None, word: str | None) -> str:
    return sign or CURRENCY_SIGNS.get((word or "").lower().rstrip("s"), "")


# --- a shopping total ------------------------------------------------------------------------------------------

# "3 items at $4.99", "2 at $12.50 each", "2 pairs of jeans @ $40 apiece", "3 kg of apples at $2 per kg"
_WORD = r"(?!(?:at|and|each)\b)[a-z'’-]+"
_ITEMS = re.compile(
    r"(?<![\w.,])(?P<n>\d+)\s+(?:(?P<thing>" + _WORD + r"(?:\s+" + _WORD + r"){0,3})\s+)?(?:at|@)\s*(?:(?P<sign>"
    r"[$€£¥])\s?(?P<p>" + _NUMBER + r")|(?P<p2>" + _NUMBER + r")\s*(?P<word>" + _CURRENCY + r")\b)"
    r"(?:\s+(?:each|apiece|a\s+piece|(?:per|a|an)\s+(?P<per>[a-z]+)\b))?(?!\w|\.\d)", re.IGNORECASE)
_TOTAL_ASKED = re.compile(r"\b(?:total|altogether|together|in\s+all|how\s+much|cost|come\s+to|spend|spent|pay|owe)\b",
                          re.IGNORECASE)
_SHOPPING_WORDS = frozenset({
    "if", "i", "we", "you", "he", "she", "they", "buy", "buys", "buying", "bought", "get", "gets", "getting", "got",
    "order", "orders", "ordered", "ordering", "purchase", "purchases", "purchased", "purchasing", "pick", "picked",
    "up", "and", "plus", "also", "then", "so", "what", "what's", "whats", "is", "are", "was", "were", "be", "the",
    "total", "cost", "costs", "price", "bill", "how", "much", "altogether", "all", "together", "in", "overall", "do",
    "does", "did", "would", "will", "it", "that", "this", "come", "comes", "came", "to", "spend", "spent", "pay",
    "paid", "owe", "a", "an", "my", "our", "me", "us", "please", "calculate", "compute", "work", "out", "find",
    "tell", "grand", "sum", "them", "these", "those", "for", "of"})
_ONE = frozenset({"item", "piece", "unit", "one"})


def _counted(per: str, thing: str) -> bool:
    """Whether "at $2 per `per`" prices the thing counted ("3 kg of apples at $2 per kg", "2 boxes at $5 a box")."""
    first, per = thing.split()[0].lower(), per.lower()
    return first in (per, per + "s", per + "es") or (per.endswith("y") and first == per[:-1] + "ies")


def _bought(text: str) -> str | None:
    """"If I buy 3 items at $4.99 and 2 at $12.50, what's the total?": 3 * 4.99 + 2 * 12.50, each count times its
    price, in one currency, when nothing else (a discount, a tax, a fee) is said."""
    items = list(_ITEMS.finditer(text))
    if not items or len(items) > 12:
        return None
    words = marked(text, [(item, "§i") for item in items])
    if re.search(r"\d", words) or not _TOTAL_ASKED.search(words) or not plain(words, _SHOPPING_WORDS):
        return None
    terms, signs = [], set()
    for item in items:
        thing, per = (item.group("thing") or "").lower(), item.group("per")
        if per is not None and (len(thing.split()) > 1 or per.lower() not in _ONE) \
                and not (thing and _counted(per, thing)):
            return None  # "3 apples at $2 per pound": the price of another amount
        if re.search(r"\bdozens?\b", thing) and (per or "").lower() != "dozen":
            return None  # "3 dozen eggs at $0.25 each": the price of one egg
        if int(item.group("n")) == 0:
            return None
        signs.add(_sign(item.group("sign"), item.group("word")))
        terms.append(f"{item.group('n')} * {item.group('p') or item.group('p2')}")
    return " + ".join(terms) if len(signs) == 1 else None


# --- a sum split in a ratio ------------------------------------------------------------------------------------

_RATIO = re.compile(r"(?<![\w.:])" + _NUMBER + r"(?:\s*:\s*" + _NUMBER + r"){1,9}(?![\w:]|\.\d)")
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
# Who shares: "among 3 people", "between three friends", "between Ann, Bob and Cy", "between us"
_AMONG = re.compile(r"\b(?:among(?:st)?|between)\s+(?:(?P<k>\d+|" + "|".join(_COUNTS) + r")\s+[a-z]+\b|(?-i:(?P<names>"
                    r"[A-Z][a-z]+(?:\s*,\s*[A-Z][a-z]+)*(?:\s*,\s+|\s+)(?:and|&)\s+[A-Z][a-z]+)\b))", re.IGNORECASE)
_SUM = re.compile(r"(?:(?P<sign>[$€£¥])\s?)?(?P<s>" + _NUMBER + r")(?:\s*(?P<word>" + _CURRENCY + r")\b)?",
                  re.IGNORECASE)
_SPLITTING = re.compile(r"\b(?:split(?:s|ting)?|divid(?:e|es|ed|ing)|shar(?:e|es|ed|ing)|distribut(?:e|es|ed|ing)|"
                        r"allocat(?:e|es|ed|ing)|apportion(?:s|ed|ing)?)\b", re.IGNORECASE)
_SPLIT_WORDS = frozenset({
    "split", "splits", "splitting", "divide", "divides", "divided", "dividing", "share", "shares", "shared",
    "sharing", "distribute", "distributes", "distributed", "distributing", "allocate", "allocates", "allocated",
    "allocating", "apportion", "apportions", "apportioned", "apportioning", "in", "into", "the", "a", "an", "ratio",
    "of", "among", "amongst", "between", "how", "much", "does", "do", "each", "person", "one", "get", "gets", "will",
    "would", "should", "what", "what's", "whats", "is", "are", "be", "parts", "part", "portions", "portion",
    "amounts", "amount", "i", "we", "want", "to", "need", "if", "please", "calculate", "compute", "work", "out",
    "find", "tell", "me", "us", "them", "and", "so", "then", "using", "by", "according", "respectively", "my", "our",
    "money", "sum", "total", "profit", "profits", "prize", "bill", "cost", "costs", "rent", "inheritance", "budget",
    "pot", "winnings", "has", "been", "was", "were", "their", "they", "receive", "receives", "getting"})


def _split(text: str) -> str | None:
    """"Split $180 among 3 people in a 1:2:3 ratio.": 180 * 1 / 6; 180 * 2 / 6; 180 * 3 / 6, a share for each part
    in the ratio's order (as many people as parts, where a count or names are given)."""
    ratios = list(_RATIO.finditer(text))
    if len(ratios) != 1:
        return None
    parts = [Decimal(p) for p in re.findall(_NUMBER, ratios[0].group())]
    rest = marked(text, [(ratios[0], "§r")])
    among = list(_AMONG.finditer(rest))
    if len(among) > 1:
        return None
    if among:
        k, names = among[0].group("k", "names")
        people = len(re.split(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", names)) if names else int(
            k) if k.isdigit() else _COUNTS[k.lower()]
        if people != len(parts):
            return None  # "among 4 people in the ratio 1:2:3"
        rest = marked(rest, [(among[0], "§k")])
    sums = list(_SUM.finditer(rest))
    if len(sums) != 1:
        return None
    words = marked(rest, [(sums[0], "§s")])
    if re.search(r"\d", words) or not _SPLITTING.search(words) or not plain(words, _SPLIT_WORDS):
        return None
    total, whole = Decimal(sums[0].group("s")), sum(parts, Decimal(0))
    if total <= 0 or any(p <= 0 for p in parts):
        return None
    amount, of = sums[0].group("s"), format(whole.normalize(), "f")
    return "; ".join(f"{amount} * {format(p.normalize(), 'f')} / {of}" for p in parts)


# --- a weighted average ----------------------------------------------------------------------------------------

_PCT = r"\s*(?:%|percent\b|per\s+cent\b)"
# "on the midterm" between a mark and its weight
_LABEL = r"(?:\s+(?:on|in|for)\s+(?:the\s+|my\s+|an?\s+)?[a-z]+)?"
# A value and its weight: "80 with weight 2", "80 (weight 2)", "80 weighted 2", "85 worth 40%", "85 (40%)"
_PAIR = re.compile(
    r"(?<![\w.])(?P<v>" + _NUMBER + r")(?:\s*%)?" + _LABEL + r"(?:\s*\(\s*(?:(?:weight(?:ed|ing)?|worth)\s*:?\s*"
    r"(?P<w1>" + _NUMBER + r")(?P<p1>" + _PCT + r")?|(?P<w2>" + _NUMBER + r")(?P<p2>" + _PCT + r"))\s*\)|(?:\s*,\s+|\s+)"
    r"(?:with\s+(?:an?\s+)?weight(?:ing)?\s+(?:of\s+)?|weight(?:ing)?\s+(?:of\s+)?|weighted\s+(?:by\s+|at\s+)?)"
    r"(?P<w3>" + _NUMBER + r")(?P<p3>" + _PCT + r")?|(?:\s*,\s+|\s+)(?:worth|at|counting(?:\s+for)?)\s+(?P<w4>" + _NUMBER
    + r")(?P<p4>" + _PCT + r"))(?!\w|\.\d)", re.IGNORECASE)
_LISTED = _NUMBER + r"(?:\s*%)?"
_LIST = r"(?:" + _LISTED + r"(?:\s*,\s*" + _LISTED + r")*\s*,?\s*(?:and|&)\s+" + _LISTED + r")"
# "the weighted average of 80 and 90 with weights 2 and 3"
_LISTS = re.compile(r"(?<![\w.])(?P<vs>" + _LIST + r")(?:\s*,\s+|\s+)(?:with\s+|having\s+)?(?:(?:the\s+)?respective\s+)?"
                    r"weights\s+(?:of\s+)?(?P<ws>" + _LIST + r")(?:\s*,?\s*respectively)?(?!\w|\.\d)", re.IGNORECASE)
_AVERAGE_ASKED = re.compile(r"\b(?:average|mean|grade|grades|mark|marks|score|overall)\b", re.IGNORECASE)
_AVERAGE_WORDS = frozenset({
    "what", "what's", "whats", "is", "are", "was", "were", "be", "would", "will", "the", "my", "a", "an", "weighted",
    "average", "mean", "of", "and", "with", "weight", "weights", "if", "i", "got", "get", "scored", "score", "scores",
    "grade", "grades", "mark", "marks", "final", "overall", "course", "class", "result", "calculate", "compute",
    "work", "out", "find", "tell", "me", "please", "exam", "exams", "midterm", "test", "tests", "quiz", "quizzes",
    "homework", "assignment", "assignments", "project", "coursework", "lab", "labs", "essay", "paper",
    "participation", "on", "in", "for", "values", "value", "numbers", "number", "respectively", "then", "so", "how",
    "much", "my", "its", "their", "given"})


def _averaged(text: str) -> str | None:
    """"What's the weighted average of 80 with weight 2 and 90 with weight 3?": (80 * 2 + 90 * 3) / (2 + 3); weights
    in percent are shares of 100 and must make it: "85 worth 40% and 92 worth 60%" is (85 * 40 + 92 * 60) / 100."""
    lists = list(_LISTS.finditer(text))
    pairs = list(_PAIR.finditer(text))
    if len(lists) == 1:
        values, weights = (re.findall(_NUMBER, lists[0].group(g)) for g in ("vs", "ws"))
        percent = [bool(re.search(r"%", lists[0].group("ws")))] * len(weights)
        words = marked(text, [(lists[0], "§l")])
        if len(values) != len(weights):
            return None
    elif not lists and len(pairs) >= 2:
        values = [p.group("v") for p in pairs]
        weights = [next(w for w in p.group("w1", "w2", "w3", "w4") if w) for p in pairs]
        percent = [any(p.group("p1", "p2", "p3", "p4")) for p in pairs]
        words = marked(text, [(p, "§p") for p in pairs])
    else:
        return None
    if len(values) > 12 or re.search(r"\d", words) or not _AVERAGE_ASKED.search(words) \
            or not plain(words, _AVERAGE_WORDS):
        return None
    if any(percent) and not all(percent):
        return None  # "80 weighted 2 and 90 weighted 60%"
    given = [Decimal(w) for w in weights]
    sums = " + ".join(f"{v} * {w}" for v, w in zip(values, weights))
    if all(percent):
        return f"({sums}) / 100" if sum(given) == 100 else None  # (short of 100: a mark still to come)
    return f"({sums}) / ({' + '.join(weights)})" if sum(given) > 0 else None
