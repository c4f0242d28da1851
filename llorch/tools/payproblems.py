"""Money with a percentage or a rate put on top, as the math tool's expression: a tip and the bill with it, a price
with its sales tax added, and pay with overtime.

"A meal costs $64.80. How much is an 18% tip, and the total?" is `18 / 100 * 64.80; 64.80 * (1 + 18 / 100)`, each
said to the cent (the 1.5B: a $12.072 tip and $76.872 in all; they are $11.66 and $76.46); the tip alone or the total
alone is that part. "What's $249.99 plus 8.875% sales tax?" is `249.99 * (1 + 8.875 / 100)` (the 1.5B: $273.15; it
is $272.18). "I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my pay?" is
`22.50 * 40 + 22.50 * 1.5 * 6` (the 1.5B: $2070; it is $1,102.50). A price with its tax already in it is
wordproblems.py's. The whole message must be the question, with its numbers and no others: a bill split, a second
rate, a bonus, "take-home" pay or overtime without its rate said is the model's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import NEGATIVE, marked, plain

__all__ = ["pay_asked"]

_NUMBER = r"\d+(?:\.\d+)?"
_CURRENCY = r"(?:dollars?|pounds?|euros?|bucks|quid|usd|gbp|eur)"
_PERCENT = re.compile(r"(?P<r>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_SUM = re.compile(r"(?:[$€£¥]\s?)?(?P<p>" + _NUMBER + r")(?:\s*" + _CURRENCY + r"\b)?", re.IGNORECASE)


def pay_asked(text: str) -> str | None:
    """The math tool's expression for a tip (or the bill with it), a price with its sales tax added, or pay with
    overtime, asked plainly with its numbers, or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    return _tipped(text) or _taxed(text) or _overtime(text)


# --- a tip, and the bill with it ---------------------------------------------------------------------------------

_TIP = r"(?:tip|gratuity)"
# The tip asked: "How much is an 18% tip", "what's the tip", "How much should I tip", "the tip and the total"
_TIP_ASKED = re.compile(
    r"\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be|\s+should\s+be)\s+(?:an?|the|my)\s+(?:§r\s+)?"
    + _TIP + r"\b|\bhow\s+much\s+(?:should|do|would|will|shall)\s+(?:i|we)\s+(?:tip|leave|give)\b|"
    r"\bwhat\s+(?:should|do|would)\s+(?:i|we)\s+tip\b|\b(?:calculate|compute|work\s+out|find)\s+(?:an?|the|my)\s+"
    r"(?:§r\s+)?" + _TIP + r"\b|\b" + _TIP + r"\s*,?\s*(?:and|&)\s+(?:the\s+|my\s+)?(?:new\s+|final\s+|grand\s+)?"
    r"total\b|\btotal\s*,?\s*(?:and|&)\s+(?:the\s+|my\s+)?(?:§r\s+)?" + _TIP + r"\b", re.IGNORECASE)
# The total asked: "the total", "the total bill", "How much do I pay", "What does it come to", "$64.80 with an 18% tip"
_TIP_TOTAL = re.compile(
    r"\b(?:the|my|our|a|new|final|grand)\s+total\b|\btotal\s+(?:bill|cost|price|amount)\b|"
    r"\bhow\s+much\s+(?:do|will|would|should|shall)\s+(?:i|we)\s+(?:pay|owe|spend)\b|"
    r"\bwhat\s+(?:do|will|would|should)\s+(?:i|we)\s+(?:pay|owe)\b|\bwhat\s+(?:does|will|would)\s+(?:it|that|the\s+"
    r"(?:bill|meal|check|cheque))\s+come\s+to\b|\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)\s+"
    r"(?:§p|it|that|the\s+(?:bill|meal|check|cheque|tab|dinner|lunch))\s+(?:with|plus|including|after)\s+"
    r"(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP + r"\b", re.IGNORECASE)
# A sum given with the tip in it ("The bill with an 18% tip came to $76.46", "the total was $76.46"; "$76.46 with an
# 18% tip" but in "What's $64.80 with an 18% tip?"): the tip taken back out, for the model
_TIP_IN = r"(?:with|including|incl|inc|after)\s+(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP
_TIP_GROSS = re.compile(
    r"\b(?:total|tip|gratuity)(?:\s+(?:bill|cost|amount|price))?\s*,?\s+(?:was|is|were|came\s+to|comes\s+to)\s+"
    r"§p|(?:" + _TIP_IN + r"|plus\s+(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP + r")\s*,?\s+(?:was|is|were|came\s+to|"
    r"comes\s+to|totals?|totall?ed)\s+§p|(?<!is\s)(?<!'s\s)(?<!’s\s)(?<!be\s)§p\s*,?\s+" + _TIP_IN, re.IGNORECASE)
_TIP_WORDS = frozenset({
    "a", "an", "the", "my", "our", "meal", "bill", "dinner", "lunch", "breakfast", "check", "cheque", "tab", "order",
    "food", "restaurant", "delivery", "taxi", "cab", "ride", "haircut", "costs", "cost", "is", "was", "comes", "came",
    "come", "to", "of", "on", "for", "at", "with", "including", "plus", "after", "how", "much", "what", "what's",
    "whats", "tip", "tips", "tipping", "gratuity", "and", "total", "new", "final", "grand", "pay", "owe", "spend",
    "do", "does", "i", "we", "should", "would", "will", "shall", "leave", "leaving", "give", "giving", "want", "add",
    "adding", "if", "be", "it", "that", "then", "so", "amount", "price", "calculate", "compute", "work", "out", "find",
    "please", "tell", "me", "us", "amounts", "totals", "totalled", "totaled"})


def _tipped(text: str) -> str | None:
    """"A meal costs $64.80. How much is an 18% tip, and the total?": `18 / 100 * 64.80; 64.80 * (1 + 18 / 100)`;
    the tip alone `18 / 100 * 64.80` (as arithmetic.py writes "an 18% tip on 64.80"), the total alone the second."""
    rates = list(_PERCENT.finditer(text))
    if len(rates) != 1:
        return None
    rest = marked(text, [(rates[0], "§r")])
    sums = list(_SUM.finditer(rest))
    if len(sums) != 1:
        return None
    words = " ".join(marked(rest, [(sums[0], "§p")]).split())
    if re.search(r"\d", words) or not re.search(r"\b" + _TIP + r"\b", words, re.IGNORECASE) \
            or not plain(words, _TIP_WORDS) or _TIP_GROSS.search(words):
        return None
    rate, amount = rates[0].group("r"), sums[0].group("p")
    tip, total = f"{rate} / 100 * {amount}", f"{amount} * (1 + {rate} / 100)"
    tip_asked, total_asked = _TIP_ASKED.search(words), _TIP_TOTAL.search(words)
    if tip_asked and total_asked:  # each, in the order asked
        return f"{tip}; {total}" if tip_asked.start() <= total_asked.start() else f"{total}; {tip}"
    return tip if tip_asked else total if total_asked else None


# --- a price with its sales tax added ------------------------------------------------------------------------------

_TAX = r"(?:sales\s+)?(?:tax|vat|gst|hst)\b"
_AMOUNT = r"(?:[$€£¥]\s?)?(?P<p>" + _NUMBER + r")(?:\s*" + _CURRENCY + r"\b)?"
_RATED_TAX = (r"(?:an?\s+)?(?:(?P<r>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b)\s*" + _TAX + r"|" + _TAX
              + r"\s+(?:at|of|@)\s+(?P<r2>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b))")
_ADDED = r"(?:plus|\+|with|after|including|incl\.?|inc\.?|and)"
_WHAT = (r"(?:what(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)|whats|how\s+much\s+(?:is|would\s+be|will\s+be)|"
         r"calculate|compute|work\s+out|find|give\s+me)\s+")
_THING = r"(?:\s+(?!(?:plus|with|after|including|incl|inc|and|before|pre)\b)[a-z]+){0,2}"
_PRICE_NAMED = r"(?:the\s+)?(?:total\s+)?(?:price|cost|total)"
_END = r"\s*[?.!]*\s*$"
_TAX_ADDED = [
    # "What's $249.99 plus 8.875% sales tax?", "How much is $249.99 with 8.875% tax?", "What is the total cost of a
    # $249.99 TV with 8.875% sales tax?", "$249.99 plus 8.875% sales tax" ("plus" without a question)
    re.compile(r"^\s*(?:" + _WHAT + r"(?:" + _PRICE_NAMED + r"\s+(?:of|for)\s+)?(?:an?\s+)?(?:[a-z]+\s+){0,2}?"
               + _AMOUNT + _THING + r"\s*,?\s+" + _ADDED + r"|(?:an?\s+)?" + _AMOUNT.replace("P<p>", "P<p2>") + _THING
               + r"\s*,?\s+(?:plus|\+))"
               r"\s+" + _RATED_TAX + r"(?:\s+(?:added|on\s+top))?" + _END, re.IGNORECASE),
    # "What's the total after 8.875% tax on $249.99?", "the total with 20% VAT for a £50 item"
    re.compile(r"^\s*(?:" + _WHAT + r")?(?:the\s+)?total(?:\s+(?:price|cost|bill|amount))?\s+(?:after|with|"
               r"including|plus)\s+" + _RATED_TAX + r"\s+(?:on|for|of)\s+(?:an?\s+)?(?:[a-z]+\s+){0,2}?" + _AMOUNT
               + _THING + _END, re.IGNORECASE),
    # "A TV costs $249.99 before tax. What is the total with 8.875% sales tax?", "… How much is it with 8% tax?"
    re.compile(r"^\s*(?:(?:if|when|say|suppose)\s+)?(?:[a-z'’-]+\s+){0,4}?(?:costs?|is|was|are|sells\s+for|"
               r"(?:is\s+)?priced\s+at)\s+" + _AMOUNT + r"(?:\s+(?:before|excluding|ex|without|plus)\s+(?:sales\s+)?"
               r"(?:tax|vat|gst|hst)|\s+pre-?tax)?\s*(?:[,.;:]\s*|\s+)(?:so\s+|then\s+)?(?:" + _WHAT + r"(?:the\s+"
               r"total(?:\s+(?:price|cost|bill|amount))?|it|that|the\s+(?:price|cost|bill))\s+" + _ADDED + r"|how\s+"
               r"much\s+(?:do|will|would|should)\s+(?:i|we)\s+pay\s+(?:with|after|including))\s+" + _RATED_TAX + _END,
               re.IGNORECASE),
]


def _taxed(text: str) -> str | None:
    """"What's $249.99 plus 8.875% sales tax?": 249.99 * (1 + 8.875 / 100), the price with the tax put on top
    (asked with the tax in it and the price before it is wordproblems.py's reverse)."""
    match = next(filter(None, (p.match(text) for p in _TAX_ADDED)), None)
    if match is None:
        return None
    found = match.groupdict()
    return f"{found.get('p') or found.get('p2')} * (1 + {found.get('r') or found.get('r2')} / 100)"


# --- pay with overtime ---------------------------------------------------------------------------------------------

_PER_HOUR = r"(?:(?:an?|per|each|every)\s+(?:hour|hr)\b|/\s*(?:hour|hr|h)\b|hourly\b|ph\b)"
_HOURLY = re.compile(r"(?:[$€£¥]\s?(?P<r>" + _NUMBER + r")|(?P<r2>" + _NUMBER + r")\s*" + _CURRENCY + r")\s*"
                     + _PER_HOUR + r"|\bhourly\s+(?:rate|wage|pay)\s+(?:of|is)\s+[$€£¥]?\s?(?P<r3>" + _NUMBER
                     + r")",
                     re.IGNORECASE)
_TIMES = {"time and a half": "1.5", "double time": "2", "double pay": "2"}
_MULTIPLIER = re.compile(r"\b(?P<said>time[\s-]+and[\s-]+a[\s-]+half|double[\s-]+(?:time|pay))\b|(?<![\w.])(?P<m>"
                         + _NUMBER + r")\s*(?:x\b|×|times\b)", re.IGNORECASE)
_THRESHOLD = re.compile(r"\b(?:over|after|above|past|beyond)\s+(?:the\s+first\s+)?(?P<t>" + _NUMBER + r")"
                        r"(?:\s*(?:hours?|hrs?|h)\b)?", re.IGNORECASE)
_HOURS = re.compile(r"(?P<h>" + _NUMBER + r")\s*(?:hours?|hrs?|h)\b", re.IGNORECASE)
_PAY_ASKED = re.compile(
    r"\bwhat(?:'s|’s|\s+is|\s+will\s+be|\s+would\s+be|\s+was)\s+(?:my|the|his|her|their|your)\s+(?:total\s+|gross\s+|"
    r"weekly\s+)?(?:pay|wages?|earnings|pay\s?check|pay\s?cheque|salary)\b|\bhow\s+much\s+(?:do|did|will|would|"
    r"should|does)\s+(?:i|he|she|they|you|we)\s+(?:earn|make|get(?:\s+paid)?)\b|\bhow\s+much\s+(?:am\s+i|is\s+"
    r"(?:he|she)|are\s+(?:you|they|we)|will\s+i\s+be|would\s+i\s+be|should\s+i\s+be)\s+(?:paid|owed|earning|making)\b"
    r"|\bwhat\s+(?:do|did|will|would|should|does)\s+(?:i|he|she|they|you|we)\s+(?:earn|make|get(?:\s+paid)?)\b|"
    r"\b(?:calculate|compute|work\s+out)\s+(?:my|the|his|her)\s+(?:total\s+|gross\s+|weekly\s+)?(?:pay|wages?)\b",
    re.IGNORECASE)
_PAY_WORDS = frozenset({
    "i", "i'm", "im", "he", "she", "they", "you", "we", "my", "his", "her", "their", "your", "earn", "earns",
    "earned", "earning", "make", "makes", "made", "making", "get", "gets", "got", "paid", "pay", "pays", "am", "is",
    "are", "was", "were", "be", "and", "with", "what", "what's", "whats", "the", "a", "an", "at", "for", "of", "on",
    "in", "how", "much", "do", "did", "does", "will", "would", "should", "if", "hour", "hours", "hr", "hrs", "work",
    "works", "worked", "working", "put", "this", "last", "week", "weekly", "overtime", "over", "after", "above",
    "past", "beyond", "first", "rate", "regular", "normal", "usual", "base", "basic", "standard", "hourly", "wage",
    "wages", "gross", "total", "earnings", "paycheck", "paycheque", "salary", "so", "then", "any", "anything",
    "every", "each", "that", "all", "owed", "calculate", "compute", "out", "time", "times", "x"})


def _overtime(text: str) -> str | None:
    """"I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my pay?": 22.50 * 40 +
    22.50 * 1.5 * 6, the hours up to the limit at the rate and those over it at the rate times the multiplier said
    ("time and a half", "double time", "1.5x"); hours within the limit are paid at the rate alone."""
    rates = list(_HOURLY.finditer(text))
    if len(rates) != 1:
        return None
    rest = marked(text, [(rates[0], "§r")])
    multipliers = list(_MULTIPLIER.finditer(rest))
    if len(multipliers) != 1:
        return None
    rest = marked(rest, [(multipliers[0], "§m")])
    limits = list(_THRESHOLD.finditer(rest))
    if len(limits) != 1:
        return None
    rest = marked(rest, [(limits[0], "§t")])
    worked = list(_HOURS.finditer(rest))
    if len(worked) != 1:
        return None
    words = marked(rest, [(worked[0], "§h")])
    if re.search(r"\d", words) or not _PAY_ASKED.search(words) or not plain(words, _PAY_WORDS):
        return None
    rate = next(g for g in rates[0].group("r", "r2", "r3") if g)
    said = multipliers[0].group("said")
    times = _TIMES[" ".join(said.lower().replace("-", " ").split())] if said else multipliers[0].group("m")
    limit, hours = Decimal(limits[0].group("t")), Decimal(worked[0].group("h"))
    if Decimal(rate) <= 0 or not 1 <= Decimal(times) <= 10 or limit <= 0 or hours <= 0:
        return None
    if hours <= limit:
        return f"{rate} * {worked[0].group('h')}"
    over = format((hours - limit).normalize(), "f")
    return f"{rate} * {limits[0].group('t')} + {rate} * {times} * {over}"
