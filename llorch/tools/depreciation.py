"""A value that falls by a share of itself each year (or month), as the math tool's expression: what it is worth
after so long, and what it has lost; and one that falls by the same sum each year.

"A car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years?" is
`30000 * (1 - 15 / 100) ** 4` (the 1.5B wrote 30000 × 0.85^4, then said 0.85^4 = 0.42875 and $13,062.50, and asked
"depreciates 15% a year" $12,862.50; it is $15,660.19), "How much value does it lose in 4 years?" that taken from the
30000, and "A population of 50,000 shrinks by 2% a year. What will it be in 10 years?" `50000 * (1 - 2 / 100) ** 10`.
The rate is said to be a year's or a month's ("15% a year", "2% monthly", "15% annual depreciation"), and the term
asked in the question ("after 4 years", "in 18 months"); a month's rate over years counts their months. "A $30,000 car
loses $3,000 a year" falls by the sum: `30000 - 3000 * 4`, while it lasts. Anything else stays the model's: a rate of
100% or more, two rates ("15% in the first year and 10% after"), a third number, a share "of its original value"
(the same sum each year), a year's rate over months, or a term said before the question.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import NEGATIVE, PERCENT, SUM_GIVEN, TERM_GIVEN, THOUSANDS, marked, plain, sum_rate_term, \
    written
from llorch.tools.mathnumbers import MAX_EXPONENT

__all__ = ["depreciation_asked"]

# How often it falls, marked §e before the rest is read: "every year", "a month", "annually", "annual", "/yr"
_EVERY = re.compile(r"(?:\b(?:a|per|each|every)\s+(?:year|month)|\bper\s+annum|\bannual(?:ly)?|\byearly|\bmonthly|"
                    r"/\s*(?:year|yr|month|mo))\b", re.IGNORECASE)
_A_RATE = re.compile(PERCENT, re.IGNORECASE)
_FALLS = (r"(?:loses?|losing|lost|depreciat(?:es?|ed|ing)|falls?|fell|falling|drops?|dropped|dropping|"
          r"decreas(?:es?|ed|ing)|declin(?:es?|ed|ing)|shrinks?|shrank|shrinking|(?:goes|go|going|went)\s+down)"
          r"(?:\s+in\s+value)?\s+(?:by\s+|at\s+(?:a\s+rate\s+of\s+)?)?")
_OF_VALUE = r"(?:\s+(?:of\s+(?:its|their)\s+value|in\s+value))?"
_LOSS = r"(?:depreciation|decline|decrease|loss|drop|fall)"
# The rate bound to the verb and to how often: "loses §r of its value §e", "depreciates at an §e rate of §r",
# "§r §e depreciation", "an §e depreciation rate of §r", "depreciation of §r §e"
_DECLINE = re.compile(
    r"\b" + _FALLS + r"§r" + _OF_VALUE + r"\s+§e|\b" + _FALLS + r"(?:an?\s+)?§e\s+(?:rate\s+of\s+)?§r"
    r"|§r\s+§e\s+" + _LOSS + r"\b|§e\s+" + _LOSS + r"\s+(?:rate\s+)?(?:of|is|at)\s+§r|\b" + _LOSS
    + r"\s+(?:rate\s+)?(?:of|is|at)\s+§r\s+§e", re.IGNORECASE)
# The same sum each year: "loses §q a year", "depreciates by §q in value every year"
_STRAIGHT = re.compile(r"\b" + _FALLS + r"§q" + _OF_VALUE + r"\s+§e", re.IGNORECASE)
_WHO = r"(?:it|that|this|they|(?:the|my|our|your|a|an)\s+(?:§p\s+)?[a-z]+)"
_WORTH_ASKED = re.compile(
    r"\b(?:what|how\s+much)(?:\s+is|\s+will|\s+would|'s|’s)\s+" + _WHO + r"\s+(?:be\s+)?worth\b"
    r"|\bwhat(?:\s+is|'s|’s|\s+will\s+be|\s+would\s+be)\s+(?:its|their|the|the\s+[a-z]+(?:'s|’s))\s+value\b"
    r"|\bwhat\s+(?:will|would)\s+(?:(?:its|their|the)\s+(?:value|population|price)|the\s+[a-z]+(?:'s|’s)\s+value|"
    r"it|they)\s+be\b", re.IGNORECASE)
_LOSS_ASKED = re.compile(
    r"\bhow\s+much\s+(?:value\s+|money\s+)?(?:does|do|will|would|did)\s+" + _WHO + r"\s+(?:lose|depreciate)\b"
    r"|\bhow\s+much\s+(?:value\s+|money\s+)?(?:has|have|will|would)\s+" + _WHO + r"\s+(?:have\s+)?"
    r"(?:lost|depreciated)\b|\bhow\s+much\s+(?:value\s+|money\s+)?(?:is|will\s+be|would\s+be)\s+lost\b"
    r"|\bwhat(?:\s+is|'s|’s|\s+will\s+be|\s+would\s+be)\s+(?:the|its)\s+(?:total\s+)?(?:loss|depreciation)\b",
    re.IGNORECASE)
# The term in the question: "after §n", "in the next §n", "§n later", "§n from now"; or right after the rate's
# "§e" ("loses 15% a year for 4 years. What is it worth then?")
_TERM_ASKED = re.compile(r"\b(?:after|in|over|for|within|by|at\s+the\s+end\s+of)\s+(?:the\s+next\s+)?§n|"
                         r"§n\s+(?:later|from\s+now)\b", re.IGNORECASE)
_TERM_TOLD = re.compile(r"§e\s+(?:for|over)\s+(?:the\s+next\s+)?§n", re.IGNORECASE)
_WORDS = frozenset({
    "a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "it", "it's", "they", "that", "this", "if",
    "so", "and", "then", "when", "assuming", "suppose", "say", "car", "vehicle", "truck", "van", "boat", "bike",
    "motorbike", "machine", "machinery", "equipment", "computer", "laptop", "phone", "asset", "house", "home",
    "property", "investment", "portfolio", "stock", "population", "town", "city", "village", "bought", "buy",
    "purchased", "cost", "costs", "costing", "new", "brand", "worth", "value", "valued", "price", "priced", "for",
    "at", "of", "in", "by", "after", "over", "within", "next", "later", "from", "now", "today", "end", "with", "has",
    "have", "had", "is", "was", "are", "will", "would", "be", "been", "does", "do", "did", "what", "what's", "whats",
    "how", "much", "money", "rate", "total", "starts", "started", "starting", "lose", "loses", "losing", "lost",
    "depreciate", "depreciates", "depreciated", "depreciating", "depreciation", "fall", "falls", "fell", "falling",
    "drop", "drops", "dropped", "dropping", "decrease", "decreases", "decreased", "decreasing", "decline", "declines",
    "declined", "declining", "shrink", "shrinks", "shrank", "shrinking", "go", "goes", "going", "went", "down", "loss"})


def depreciation_asked(text: str) -> str | None:
    """The math tool's expression for what a value falling by a share of itself (or by a sum) each year or month is
    worth after a term, or what it has lost, asked plainly with its numbers, or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    text = THOUSANDS.sub("", text)
    every = list(_EVERY.finditer(text))
    if len(every) != 1:
        return None
    monthly = "mo" in every[0].group().lower()  # ("a month", "monthly", "/mo")
    text = marked(text, [(every[0], "§e")])
    return _by_share(text, monthly) if _A_RATE.search(text) else _by_sum(text, monthly)


def _by_share(text: str, monthly: bool) -> str | None:
    """"A car bought for $30,000 loses 15% of its value every year. What is it worth after 4 years?": 30000 * (1 - 15
    / 100) ** 4 (the 1.5B: $13,062.50; it is $15,660.19); what it loses, 30000 less that."""
    parts = sum_rate_term(text, term_units=("year", "yr", "month"))
    if parts is None:
        return None
    amount, rate, term, unit, words = parts
    if not _DECLINE.search(words) or not 0 < Decimal(rate) < 100 or amount <= 0:
        return None
    periods, asked = _periods(term, unit, monthly), _asked(words)
    if periods is None or asked is None:
        return None
    start = written(amount)
    left = f"{start} * (1 - {rate} / 100) ** {periods[1]}"
    return "; ".join(left if kind == "worth" else f"{start} - {left}" for kind in asked)


def _by_sum(text: str, monthly: bool) -> str | None:
    """"A car bought for $30,000 loses $3,000 a year. What is it worth after 4 years?": 30000 - 3000 * 4, where
    what it loses in all is no more than it was worth; what it loses, 3000 * 4."""
    terms = list(TERM_GIVEN.finditer(text))
    if len(terms) != 1:
        return None
    rest = marked(text, [(terms[0], "§n")])
    sums = list(SUM_GIVEN.finditer(rest))
    if len(sums) != 2:
        return None
    for start, each in (sums, reversed(sums)):
        words = marked(rest, [(start, "§p"), (each, "§q")])
        if _STRAIGHT.search(words):
            break
    else:
        return None
    unit = terms[0].group("unit").lower().rstrip("s")
    periods, asked = _periods(Decimal(terms[0].group("n")), unit, monthly), _asked(words)
    amount, lost = (Decimal(s.group("p")).scaleb(3 if s.group("k") else 0) for s in (start, each))
    if periods is None or asked is None or not 0 < lost * periods[0] <= amount:
        return None
    spent = f"{written(lost)} * {periods[1]}"
    return "; ".join(f"{written(amount)} - {spent}" if kind == "worth" else spent for kind in asked)


def _periods(term: Decimal, unit: str, monthly: bool) -> tuple[Decimal, str] | None:
    """How many times the value falls over the term, and that written for the expression: the years or the months,
    a month's rate over years twelve times their number; None for a year's rate over months, a part period or a
    count past the tool's largest power."""
    count = term * 12 if monthly and unit != "month" else term
    if (unit == "month" and not monthly) or count != count.to_integral_value() or not 0 < count <= MAX_EXPONENT:
        return None
    return count, f"(12 * {written(term)})" if monthly and unit != "month" and term == int(term) else written(count)


def _asked(words: str) -> list[str] | None:
    """What is asked, in order ("worth", "lost"), where the term is in the question (not "A 4-year-old car …", nor
    "… is worth $30,000 after 4 years. What is it worth?") or said with the rate, after the value, and the words are
    plain; None otherwise."""
    worth, lost = _WORTH_ASKED.search(words), _LOSS_ASKED.search(words)
    found = sorted((m.start(), kind) for m, kind in ((worth, "worth"), (lost, "lost")) if m is not None)
    term = _TERM_TOLD.search(words) or _TERM_ASKED.search(words)
    if not found or term is None or (term.re is _TERM_ASKED and term.start() < found[0][0]) \
            or re.search(r"\d", words) or not plain(words, _WORDS) or "§p" not in words[:term.start()]:
        return None
    return [kind for _, kind in found]
