"""Money with a percentage or a rate put on top, as the math tool's expression: a tip and the bill with it (whole or
split between people), a price with its sales tax added, pay with overtime, a price bought and sold (the profit, the
margin, the markup), and pay by the year, the month, the week or the hour in another of them.

"A meal costs $64.80. How much is an 18% tip, and the total?" is `18 / 100 * 64.80; 64.80 * (1 + 18 / 100)`, each said
to the cent (the 1.5B: a $12.072 tip and $76.872 in all; they are $11.66 and $76.46); the tip alone or the total alone
is that part. "What's a 15% tip on $64.80, split between 3 people? How much does each person pay in total?" is the tip
each and what each pays, `15 / 100 * 64.80 / 3; 64.80 * (1 + 15 / 100) / 3` (the 1.5B said each pays $74.52, the whole
bill with the tip; it is $24.84). "What's $249.99 plus 8.875% sales tax?" is `249.99 * (1 + 8.875 / 100)` (the 1.5B:
$273.15; it is $272.18). "I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my pay?" is
`22.50 * 40 + 22.50 * 1.5 * 6` (the 1.5B: $2070; it is $1,102.50). A price with its tax already in it is
wordproblems.py's. "I buy at $40 and sell at $55. What's my profit margin?" is `(55 - 40) / 55 * 100` (the 1.5B: 37.5%,
which is the markup, `(55 - 40) / 40 * 100`; the margin is 27.27%). "My salary is $65,000 a year. What's my hourly rate
at 40 hours a week?" is `65000 / 52 / 40` (the 1.5B: $31.18; it is $31.25). The whole message must be the question, with
its numbers and no others: a bill split between people not counted, a second rate, a bonus, "take-home" pay, weeks off
or overtime without its rate said is the model's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from llorch.tools.finance import CURRENCY as _CURRENCY
from llorch.tools.finance import NEGATIVE, THOUSANDS, marked, one_marked, plain

__all__ = ["pay_asked"]

_NUMBER = r"\d+(?:\.\d+)?"
_PERCENT = re.compile(r"(?P<r>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b)", re.IGNORECASE)
_SUM = re.compile(r"(?:[$€£¥]\s?)?(?P<p>" + _NUMBER + r")(?:\s*" + _CURRENCY + r"\b)?", re.IGNORECASE)


def pay_asked(text: str) -> str | None:
    """The math tool's expression for a tip (or the bill with it, or either split between people), a price with its
    sales tax added, pay with overtime, a margin or a markup, or a salary in another period, asked plainly with its
    numbers, or None."""
    if len(text) > 300 or "\n" in text.strip() or NEGATIVE.search(text):
        return None
    return _tipped(text) or _split(text) or _taxed(text) or _overtime(text) or _traded(text) or _salary(text)


# --- a tip, and the bill with it ---------------------------------------------------------------------------------

_TIP = r"(?:tip|gratuity)"
# The tip asked: "How much is an 18% tip", "what's the tip", "How much should I tip", "the tip and the total"
_TIP_ASKED = re.compile(
    r"\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be|\s+should\s+be)\s+(?:(?:an?|the|my)\s+)?"
    r"(?:total\s+)?(?:§r\s+)?" + _TIP + r"\b|\bhow\s+much\s+(?:should|do|would|will|shall)\s+(?:i|we)\s+(?:tip|"
    r"leave|give)\b|\bwhat\s+(?:should|do|would)\s+(?:i|we)\s+tip\b|\b(?:calculate|compute|work\s+out|find)\s+(?:an?|"
    r"the|my)\s+(?:§r\s+)?" + _TIP + r"\b|\b" + _TIP + r"\s*,?\s*(?:and|&)\s+(?:the\s+|my\s+)?(?:new\s+|final\s+|"
    r"grand\s+)?total\b|\btotal\s*,?\s*(?:and|&)\s+(?:the\s+|my\s+)?(?:§r\s+)?" + _TIP + r"\b", re.IGNORECASE)
# The total asked: "the total" (but "the total tip" is the tip), "the total bill", "How much do I pay", "What does it
# come to", "$64.80 with an 18% tip"
_TIP_TOTAL = re.compile(
    r"\b(?:the|my|our|a|new|final|grand)\s+total\b(?!\s+(?:§r\s+)?" + _TIP + r")|\btotal\s+(?:bill|cost|price|"
    r"amount)\b|\b" + _TIP + r"\s*,?\s*(?:and|&)\s+(?:the\s+|my\s+)?(?:new\s+|final\s+|grand\s+)?total\b|"
    r"\bhow\s+much\s+(?:do|will|would|should|shall)\s+(?:i|we)\s+(?:pay|owe|spend)\b|"
    r"\bwhat\s+(?:do|will|would|should)\s+(?:i|we)\s+(?:pay|owe)\b|\bwhat\s+(?:does|will|would)\s+(?:it|that|the\s+"
    r"(?:bill|meal|check|cheque))\s+come\s+to\b|\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)\s+"
    r"(?:§p|it|that|the\s+(?:bill|meal|check|cheque|tab|dinner|lunch))\s+(?:with|plus|including|after)\s+"
    r"(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP + r"\b", re.IGNORECASE)
# A sum given with the tip in it ("The bill with an 18% tip came to $76.46", "the total was $76.46"; "$76.46 with an
# 18% tip" but in "What's $64.80 with an 18% tip?"): the tip taken back out, for the model
_TIP_IN = r"(?:with|including|incl|inc|after)\s+(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP
_TIP_GROSS = re.compile(
    r"\b(?:total|tip|gratuity)(?:\s+(?:bill|cost|amount|price))?(?:\s*,\s+|\s+)(?:was|is|were|came\s+to|comes\s+to)\s+"
    r"§p|(?:" + _TIP_IN + r"|plus\s+(?:an?\s+|the\s+)?(?:§r\s+)?" + _TIP + r")(?:\s*,\s+|\s+)(?:was|is|were|came\s+to|"
    r"comes\s+to|totals?|totall?ed)\s+§p|(?<!is\s)(?<!'s\s)(?<!’s\s)(?<!be\s)§p(?:\s*,\s+|\s+)" + _TIP_IN + r"|§p\s+(?:bill|meal|check|cheque|tab|total)"
    r"(?:\s*,\s+|\s+)" + _TIP_IN.replace("with|", ""), re.IGNORECASE)  # ("A $64.80 bill including a 15% tip": in it;
# "a $64.80 bill with a 15% tip" is the bill and a tip on it)
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


# --- a bill and its tip split between people ----------------------------------------------------------------------

_PEOPLE = r"(?:people|persons|friends|diners|guests|colleagues|adults|of\s+us|of\s+them)"
_HEADS = r"(?<![\d.])(?P<n>\d+)(?![\d.]*\d)"  # (a whole number of people)
# What is split: "it", "the bill", "a $96 dinner bill", "$96"; and the tip with it ("plus a 15% tip", "with 15% tip")
_SPLIT_IT = (r"(?:\s+(?:it|this|that|(?:a|the|our|my)\s+(?:[$€£¥]\s?" + _NUMBER + r"\s+)?(?:(?:dinner|lunch|restaurant|"
             r"meal|bar|food)\s+)?(?:bill|check|cheque|tab|total|cost|meal)|[$€£¥]\s?" + _NUMBER + r"))?(?:\s+(?:plus|with|"
             r"and|\+)\s+(?:an?\s+|the\s+)?" + _NUMBER + r"\s*(?:%|percent|per\s+cent)\s+" + _TIP + r")?"
             r"(?:\s+(?:evenly|equally))?")
# "split between 3 people", "shared by 3 friends", "split it evenly among 4 of us", "split 3 ways", "3 of us split …"
# (not "split with 2 friends": with me, 3); "for 4 people" says only who it was for
_SPLIT = re.compile(
    r"\b(?:split|splitting|shared?|sharing|divided?|dividing)" + _SPLIT_IT + r"\s+(?:between|among|amongst|by)\s+"
    r"(?:(?:the|all)\s+)?" + _HEADS + r"(?:\s+(?:" + _PEOPLE + r"|ways))?|\bsplit" + _SPLIT_IT + r"\s+"
    + _HEADS.replace("P<n>", "P<n2>") + r"\s+ways\b|" + _HEADS.replace("P<n>", "P<n3>") + r"\s+" + _PEOPLE
    + r"\s+(?:(?:are|were)\s+)?(?:split(?:ting)?|shar(?:e|ing)|divid(?:e|ing))\b|(?P<for>\bfor\s+(?:the\s+)?"
    + _HEADS.replace("P<n>", "P<n4>") + r"\s+" + _PEOPLE + r")\b", re.IGNORECASE)
_EACH = (r"(?:each(?:\s+(?:person|one|friend|diner|guest|of\s+us|of\s+them))?|every(?:one|body)|(?:we|they|you)\s+"
         r"each)")
_PER_HEAD = r"(?:each|apiece|per\s+(?:person|head)|a\s+head)"
_THEIRS = r"(?:each\s+(?:person|one|friend)(?:'s|’s)|everyone(?:'s|’s)|my|our)"
# What each pays in all: "How much does each person pay", "what's each person's share", "how much is that per head"
_EACH_PAYS = re.compile(
    r"\b(?:how\s+much|what)\s+(?:does|do|will|would|should|must)\s+" + _EACH + r"\s+(?:(?:have|need)\s+to\s+)?"
    r"(?:pay|owe|put\s+in|chip\s+in|contribute)\b|\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+will\s+be|\s+would\s+be)"
    r"\s+(?:" + _THEIRS + r"|each|the)\s+share\b(?!\s+of\s+the\s+" + _TIP + r")|\bhow\s+much\s+"
    r"(?:is\s+(?:it|that|this)\s+)?" + _PER_HEAD + r"|\b(?:the\s+)?(?:total|amount|cost|bill)\s+" + _PER_HEAD,
    re.IGNORECASE)
# The tip each gives: "How much is the tip per person", "what's each person's tip", "how much should we each tip"
_TIP_EACH = re.compile(
    r"\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be|\s+should\s+be)\s+(?:(?:the|a|an|our|my)\s+)?"
    r"(?:§r\s+)?" + _TIP + r"\s+" + _PER_HEAD + r"|\b(?:how\s+much|what)(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)\s+"
    + _THEIRS + r"\s+(?:share\s+of\s+the\s+)?" + _TIP + r"\b|\bhow\s+much\s+(?:should|does|do|will|would)\s+" + _EACH
    + r"\s+(?:tip|pay\s+in\s+tips?)\b", re.IGNORECASE)
# "How much do I pay" when I am one of those splitting it: my share; with the bill "for 4 people", unclear
_I_PAY = re.compile(r"\b(?:how\s+much|what)\s+(?:do|should|will|would|must)\s+i\s+(?:pay|owe)\b", re.IGNORECASE)
# A split asked for as such, nothing else asked: "Split a $96 bill plus a 15% tip between 4 people." (each one's share)
_SPLIT_SAID = re.compile(r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:help\s+(?:me|us)\s+)?"
                         r"(?:split|divide|share)\b", re.IGNORECASE)
_SPLIT_WORDS = _TIP_WORDS | {
    "each", "person", "persons", "people", "per", "head", "apiece", "everyone", "everybody", "share", "split",
    "splitting", "shared", "sharing", "divided", "dividing", "divide", "evenly", "equally", "between", "among",
    "amongst", "by", "ways", "friends", "diners", "guests", "colleagues", "adults", "one", "them", "they", "you",
    "in", "all", "owes", "pays", "put", "chip", "contribute", "must", "need", "have", "group", "party", "table", "are",
    "were", "this", "can", "could", "help", *(f"{who}{s}" for who in ("person", "one", "friend", "everyone") for s in ("'s", "’s"))}


def _split(text: str) -> str | None:
    """"What's a 15% tip on $64.80, split between 3 people? How much does each person pay in total?": `15 / 100 *
    64.80 / 3; 64.80 * (1 + 15 / 100) / 3` (the 1.5B said each pays $74.52, the whole bill with the tip; it is
    $24.84, the tip $3.24 of it): what each pays, or the tip each, or both, in the order asked; what is asked of a
    bill split is each one's. A bill "for 4 people" is split only where each one's share is asked ("How much does each
    pay?"); its tip or its total asked beside that is the whole one's, and what "I" pay is unclear. A split said as
    such, with nothing else asked ("Split a $96 bill plus a 15% tip between 4 people."), is what each pays."""
    splits = list(_SPLIT.finditer(text))
    if len(splits) != 1:
        return None
    group = next(g for g in ("n", "n2", "n3", "n4") if splits[0].group(g))
    heads, (start, end) = int(splits[0].group(group)), splits[0].span(group)
    rest = f"{text[:start]} §n {text[end:]}"  # (the words that say it split stay, to be read as the rest)
    rate = one_marked(_PERCENT, rest, "§r")
    amount = one_marked(_SUM, rate[1], "§p") if rate else None
    if rate is None or amount is None or not 2 <= heads <= 100:
        return None
    words = " ".join(amount[1].split())
    if re.search(r"\d", words) or not re.search(r"\b" + _TIP + r"\b", words, re.IGNORECASE) \
            or not plain(words, _SPLIT_WORDS) or _TIP_GROSS.search(words) \
            or re.search(r"§p\s+" + _PER_HEAD, words, re.IGNORECASE):
        return None  # (a sum each already: "$20 per person")
    company = splits[0].group("for") is not None
    if company and _I_PAY.search(words):
        return None
    explicit = [(m.start(), m.end(), kind) for pattern, kind in ((_EACH_PAYS, "total"), (_TIP_EACH, "tip"),
                                                                 (_I_PAY, "total")) for m in pattern.finditer(words)]
    unsaid = words
    for start, end, _ in explicit:  # (what else is asked, each one's share aside, at the same places)
        unsaid = unsaid[:start] + "§" * (end - start) + unsaid[end:]
    implicit = [(m.start(), m.end(), kind) for pattern, kind in ((_TIP_ASKED, "tip"), (_TIP_TOTAL, "total"))
                for m in pattern.finditer(unsaid)]
    if not explicit and not implicit and _SPLIT_SAID.match(words) and not text[splits[0].end():].strip(" .!?\n"):
        explicit = [(0, 0, "total")]  # (nothing after the split: not "…, and I pay the tip", "…, the tip is on me")
    if not explicit and (company or not implicit) \
            or (not company and {k for *_, k in explicit} & {k for *_, k in implicit}):
        return None  # (nobody's share asked; or "the total … and how much does each pay?" of a bill split: whose)
    rate_said, bill = rate[0].group("r"), amount[0].group("p")
    tip, total = f"{rate_said} / 100 * {bill}", f"{bill} * (1 + {rate_said} / 100)"
    asked = sorted([(start, kind, "each") for start, _, kind in explicit]
                   + [(start, kind, "all" if company else "each") for start, _, kind in implicit])
    said = {("tip", "all"): tip, ("total", "all"): total, ("tip", "each"): f"{tip} / {heads}",
            ("total", "each"): f"{total} / {heads}"}
    return "; ".join(dict.fromkeys(said[kind, whose] for _, kind, whose in asked))


# --- a price with its sales tax added ------------------------------------------------------------------------------

_TAX = r"(?:sales\s+)?(?:tax|vat|gst|hst)\b"
_AMOUNT = r"(?:[$€£¥]\s?)?(?P<p>" + _NUMBER + r")(?:\s*" + _CURRENCY + r"\b)?"
_RATED_TAX = (r"(?:an?\s+)?(?:(?P<r>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b)\s*" + _TAX + r"|" + _TAX
              + r"\s+(?:at|of|@)\s+(?P<r2>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b))")
_ADDED = r"(?:plus|\+|with|after|including|incl\.?|inc\.?|and)"
_WHAT = (r"(?:what(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)|whats|how\s+much\s+(?:is|would\s+be|will\s+be)|"
         r"calculate|compute|work\s+out|find|give\s+me)\s+")
# What is not a thing bought, so takes no sales tax on top: "The discount is $20", "$100 off", "Shipping costs $5"
_NOT_BOUGHT = (r"(?:discounts?|off|coupons?|vouchers?|rebates?|refunds?|savings?|tax|taxes|vat|gst|hst|duty|shipping|"
               r"postage|delivery|handling|fees?|charges?|surcharges?|change|tips?|gratuity|deposits?|credit|cashback|"
               r"commission|interest|salary|income|pay|wages?|earnings|budget|balance|profit|loss)\b")
_WORD = r"(?!" + _NOT_BOUGHT + r")[a-z'’-]+"  # a word of the thing bought
_THING = (r"(?:\s+(?!(?:plus|with|after|including|incl|inc|and|before|pre)\b)" + _WORD + r"){0,2}"
          r"(?!\s+" + _NOT_BOUGHT + r")")
_PRICE_NAMED = r"(?:the\s+)?(?:total\s+)?(?:price|cost|total)"
_END = r"\s*[?.!]*\s*$"
_TAX_ADDED = [
    # "What's $249.99 plus 8.875% sales tax?", "How much is $249.99 with 8.875% tax?", "What is the total cost of a
    # $249.99 TV with 8.875% sales tax?", "$249.99 plus 8.875% sales tax" ("plus" without a question)
    re.compile(r"^\s*(?:" + _WHAT + r"(?:" + _PRICE_NAMED + r"\s+(?:of|for)\s+)?(?:an?\s+)?(?:" + _WORD + r"\s+){0,2}?"
               + _AMOUNT + _THING + r"(?:\s*,\s+|\s+)" + _ADDED + r"|(?:an?\s+)?" + _AMOUNT.replace("P<p>", "P<p2>") + _THING
               + r"(?:\s*,\s+|\s+)(?:plus|\+))"
               r"\s+" + _RATED_TAX + r"(?:\s+(?:added|on\s+top))?" + _END, re.IGNORECASE),
    # "What's the total after 8.875% tax on $249.99?", "the total with 20% VAT for a £50 item"
    re.compile(r"^\s*(?:" + _WHAT + r")?(?:the\s+)?total(?:\s+(?:price|cost|bill|amount))?\s+(?:after|with|"
               r"including|plus)\s+" + _RATED_TAX + r"\s+(?:on|for|of)\s+(?:an?\s+)?(?:" + _WORD + r"\s+){0,2}?"
               + _AMOUNT + _THING + _END, re.IGNORECASE),
    # "A TV costs $249.99 before tax. What is the total with 8.875% sales tax?", "… How much is it with 8% tax?" (a
    # thing bought: not "The discount is $20. …", "Shipping costs $5. …")
    re.compile(r"^\s*(?:(?:if|when|say|suppose)\s+)?(?:" + _WORD + r"\s+){0,4}?(?:costs?|is|was|are|sells\s+for|"
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
# Overtime named after the pay asked, other than as part of it ("with overtime"): the overtime pay alone ("How
# much do I earn in overtime?", "… for the overtime hours?"), which is the model's
_OVERTIME_ALONE = re.compile(r"(?<!with\s)(?<!including\s)(?<!plus\s)\bovertime\b", re.IGNORECASE)
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
    ("time and a half", "double time", "1.5x"); hours within the limit are paid at the rate alone. The overtime pay
    asked alone ("How much do I earn in overtime?") is the model's."""
    found = []
    rest = text
    for pattern, mark in ((_HOURLY, "§r"), (_MULTIPLIER, "§m"), (_THRESHOLD, "§t"), (_HOURS, "§h")):
        one = one_marked(pattern, rest, mark)  # (each exactly once, marked before the next is looked for)
        if one is None:
            return None
        found.append(one[0])
        rest = one[1]
    hourly, multiplier, threshold, worked = found
    words = rest
    asked = _PAY_ASKED.search(words)
    if re.search(r"\d", words) or not asked or not plain(words, _PAY_WORDS) \
            or _OVERTIME_ALONE.search(words, asked.start()):
        return None
    rate = next(g for g in hourly.group("r", "r2", "r3") if g)
    said = multiplier.group("said")
    times = _TIMES[" ".join(said.lower().replace("-", " ").split())] if said else multiplier.group("m")
    limit, hours = Decimal(threshold.group("t")), Decimal(worked.group("h"))
    if Decimal(rate) <= 0 or not 1 <= Decimal(times) <= 10 or limit <= 0 or hours <= 0:
        return None
    if hours <= limit:
        return f"{rate} * {worked.group('h')}"
    over = format((hours - limit).normalize(), "f")
    return f"{rate} * {threshold.group('t')} + {rate} * {times} * {over}"


# --- a price bought and sold: the profit, the margin, the markup ------------------------------------------------

_MONEY = r"(?:[$€£¥]\s?(?P<{0}>" + _NUMBER + r")|(?P<{0}2>" + _NUMBER + r")\s*" + _CURRENCY + r"\b)"
# "I buy at $40", "bought it for $40", "it costs me $40", "a cost price of $40", "I paid $40"
_BUY = re.compile(r"\b(?:buy|buys|buying|bought|purchase[sd]?|purchasing|costs?(?:\s+(?:me|us))?|paid|pay|cost\s+"
                  r"price(?:\s+(?:is|was|of))?)\s+(?:(?!(?:at|for|of|is)\b)[a-z]+\s+){0,2}?(?:(?:at|for|of|is)\s+)?"
                  + _MONEY.format("c"), re.IGNORECASE)
# "sell at $55", "sold it for $55", "sells for $55", "a selling price of $55"
_SELL = re.compile(r"\b(?:sell|sells|selling|sold|resell|resells|resold|retails?|(?:selling|sale|retail)\s+price"
                   r"(?:\s+(?:is|was|of))?)\s+(?:(?!(?:at|for|of|is)\b)[a-z]+\s+){0,2}?(?:(?:at|for|of|is)\s+)?"
                   + _MONEY.format("s"), re.IGNORECASE)
# What is asked, in the order asked: the margin on the price sold at, the markup on the cost, the profit in money
_TRADE_ASKED = re.compile(r"(?P<margin>\b(?:(?:profit|gross)\s+)?margins?\b)|(?P<markup>\bmark-?ups?\b)|"
                          r"(?P<profit>\b(?:gross\s+)?profits?\b|\bhow\s+much\s+(?:money\s+)?(?:do|did|will|would)\s+"
                          r"(?:i|we|you)\s+(?:make|earn|gain)\b)", re.IGNORECASE)
_TRADE_WORDS = frozenset({
    "i", "we", "you", "they", "he", "she", "it", "them", "buy", "buys", "buying", "bought", "sell", "sells",
    "selling", "sold", "resell", "resells", "resold", "purchase", "purchased", "cost", "costs", "me", "us", "paid",
    "pay", "price", "sale", "retail", "retails", "wholesale", "something", "item", "product", "thing", "goods", "an",
    "a", "the", "that", "this", "and", "then", "for", "at", "of", "on", "what", "what's", "whats", "is", "was",
    "my", "our", "your", "their", "profit", "profits", "margin", "margins", "markup", "mark-up", "markups", "gross",
    "percentage", "percent", "as", "how", "much", "money", "do", "did", "will", "would", "make", "made", "earn",
    "gain", "if", "so", "calculate", "compute", "work", "out", "find", "tell", "please", "per", "each", "unit",
    "be", "its", "it's", "with"})


def _traded(text: str) -> str | None:
    """"I buy at $40 and sell at $55. What's my profit margin?": (55 - 40) / 55 * 100 (the 1.5B: 37.5%, the
    markup; it is 27.27%); the markup is (55 - 40) / 40 * 100 and the profit 55 - 40, each asked by its own word
    and never the one for the other ("profit percentage" is either, and stays the model's; so does a loss)."""
    bought, sold = list(_BUY.finditer(text)), list(_SELL.finditer(text))
    if len(bought) != 1 or len(sold) != 1:
        return None
    words = marked(text, [(bought[0], "§c"), (sold[0], "§s")])
    if re.search(r"\d", words) or not plain(words, _TRADE_WORDS):
        return None
    asked = [next(k for k, v in m.groupdict().items() if v) for m in _TRADE_ASKED.finditer(words)]
    asked = list(dict.fromkeys(asked))  # (each once, in the order first asked)
    if not asked or (asked == ["profit"] and re.search(r"percent|%", words, re.IGNORECASE)):
        return None
    cost, sale = bought[0].group("c") or bought[0].group("c2"), sold[0].group("s") or sold[0].group("s2")
    if not 0 < Decimal(cost) < Decimal(sale):
        return None
    said = {"profit": f"{sale} - {cost}", "margin": f"({sale} - {cost}) / {sale} * 100",
            "markup": f"({sale} - {cost}) / {cost} * 100"}
    return "; ".join(said[kind] for kind in asked)


# --- a salary as an hourly rate, an hourly rate as a salary ------------------------------------------------------

_PERIOD_NAMED = {"annual": "year", "yearly": "year", "annually": "year", "annum": "year", "year": "year",
                 "yr": "year", "monthly": "month", "month": "month", "mo": "month", "weekly": "week", "week": "week",
                 "wk": "week"}
_A_PERIOD = r"(?:(?:a|per|each|every)\s+(?:year|month|week)|/\s*(?:year|yr|month|mo|week|wk)|annually|yearly|" \
            r"monthly|weekly|per\s+annum)\b"
_SUM_K = r"(?:[$€£¥]\s?(?P<a>" + _NUMBER + r")(?P<k>\s*k\b)?|(?P<a2>" + _NUMBER + r")\s*" + _CURRENCY + r"\b)"
# "$65,000 a year", "$65k/yr", "£3,000 a month", "an annual salary of $65,000", "my yearly income is $65,000"
_EARNED = re.compile(r"\b(?P<adj>annual|yearly|monthly|weekly)\s+(?:salary|income|pay|wages?|earnings)\s+(?:(?:is|of|"
                     r"was)\s+|:\s*)?" + _SUM_K + r"(?!\s*" + _A_PERIOD + r")|" + _SUM_K.replace("P<", "P<b_") + r"\s*"
                     r"(?P<per>" + _A_PERIOD + r")", re.IGNORECASE)
_WEEK_HOURS = re.compile(r"(?<![\w.])(?P<h>" + _NUMBER + r")\s*-?\s*(?:hours?|hrs?)\s*(?:(?:a|per|each|every)\s+week\b|"
                         r"/\s*(?:week|wk)\b|weekly\b|weeks?\b)", re.IGNORECASE)
_YEAR_WEEKS = re.compile(r"(?<![\w.])(?P<w>" + _NUMBER + r")\s+(?:working\s+|paid\s+|work\s+)?weeks?\b(?:\s+(?:a|per|"
                         r"each|every|of\s+the|in\s+a)\s+year\b|\s+of\s+work\b)?", re.IGNORECASE)
_PERIOD_ASKED = {
    "hour": re.compile(r"\bhourly\b|\b(?:an|a|per|each|every|the)\s+hour\b|/\s*(?:hour|hr|h)\b", re.IGNORECASE),
    "year": re.compile(r"\b(?:a|per|each|every|the)\s+year\b|\bannual(?:ly)?\b|\byearly\b|\bper\s+annum\b|"
                       r"/\s*(?:year|yr)\b", re.IGNORECASE),
    "month": re.compile(r"\b(?:a|per|each|every|the)\s+month\b|\bmonthly\b|/\s*(?:month|mo)\b", re.IGNORECASE),
    "week": re.compile(r"\b(?:a|per|each|every|the)\s+week\b|\bweekly\b|/\s*(?:week|wk)\b", re.IGNORECASE)}
_SALARY_ASKED = re.compile(r"\b(?:what|what's|whats|how\s+much|calculate|compute|convert|work\s+out)\b|\?",
                           re.IGNORECASE)
_SALARY_WORDS = frozenset({
    "i", "i'm", "im", "my", "he", "she", "they", "you", "we", "his", "her", "their", "your", "salary", "income", "pay",
    "paid", "wage", "wages", "earnings", "earn", "earns", "earning", "make", "makes", "making", "get", "gets", "is",
    "are", "am", "was", "be", "what", "what's", "whats", "how", "much", "that", "this", "it", "at", "for", "of", "on",
    "in", "a", "an", "the", "as", "per", "hour", "hourly", "rate", "year", "annual", "annually", "yearly", "annum",
    "month", "monthly", "week", "weekly", "work", "works", "working", "if", "and", "with", "so", "then", "do",
    "does", "would", "will", "equivalent", "come", "comes", "to", "out", "calculate", "compute", "convert", "tell",
    "me", "please", "gross", "job", "base", "basic", "by", "mean", "means", "into", "hr", "yr", "mo", "wk",
    "over"})  # ("What is that per year over 52 weeks?")


def _salary(text: str) -> str | None:
    """"My salary is $65,000 a year. What's my hourly rate at 40 hours a week?": 65000 / 52 / 40 (the 1.5B:
    $31.18; it is $31.25), a year of 52 weeks unless the weeks worked are said ("48 weeks": 65000 / 48 / 40);
    "$25 an hour, 40 hours a week: what's that a year?" is 25 * 40 * 52, a month a year's twelfth (65000 / 12).
    The hours a week are needed, and given, only where one side is by the hour."""
    text = THOUSANDS.sub("", text)
    earned, hourly = list(_EARNED.finditer(text)), list(_HOURLY.finditer(text))
    if len(earned) + len(hourly) != 1:
        return None
    if earned:
        found = {k.removeprefix("b_"): v for k, v in earned[0].groupdict().items() if v}
        period = _PERIOD_NAMED[re.findall(r"[a-z]+", (found.get("adj") or found["per"]).lower())[-1]]
        said = found.get('a') or found['a2']
        amount = format((Decimal(said) * 1000).normalize(), "f") if found.get('k') else said  # ($65.5k is 65500)
        rest = marked(text, [(earned[0], "§e")])
    else:
        period, amount = "hour", next(g for g in hourly[0].group("r", "r2", "r3") if g)
        rest = marked(text, [(hourly[0], "§e")])
    hours = list(_WEEK_HOURS.finditer(rest))
    words = marked(rest, [(hours[0], "§h")] if len(hours) == 1 else [])
    weeks = list(_YEAR_WEEKS.finditer(words))
    if len(hours) > 1 or len(weeks) > 1:
        return None
    words = marked(words, [(weeks[0], "§w")] if weeks else [])
    asked = [kind for kind, pattern in _PERIOD_ASKED.items() if pattern.search(words)]
    if len(asked) != 1 or asked[0] == period or re.search(r"\d", words) or not _SALARY_ASKED.search(words) \
            or not plain(words, _SALARY_WORDS):
        return None
    ends = {period, asked[0]}
    by_hour = "hour" in ends  # (the hours a week only between an hour and the rest)
    by_week = len(ends & {"hour", "week"}) == 1  # (the weeks a year only between an hour or a week and a year or a
    # month)
    if by_hour != bool(hours) or (weeks and not by_week) or Decimal(amount) <= 0:
        return None
    h = hours[0].group("h") if hours else ""
    w = weeks[0].group("w") if weeks else "52"
    if (h and Decimal(h) <= 0) or not 0 < Decimal(w) <= 52:
        return None
    a_year = {"year": amount, "month": f"{amount} * 12", "week": f"{amount} * {w}", "hour": f"{amount} * {h} * {w}"}
    if ends == {"hour", "week"}:
        return f"{amount} * {h}" if period == "hour" else f"{amount} / {h}"
    return a_year[period] + {"year": "", "month": " / 12", "week": f" / {w}", "hour": f" / {w} / {h}"}[asked[0]]
