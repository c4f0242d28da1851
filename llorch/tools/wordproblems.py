"""Word problems with one plain sum, as the math tool's expression: a percentage taken back off a price, a price's
change as a percentage, a rate kept up for a while, and a rate or a price scaled to another amount.

"If something costs £120 including 20% VAT, what is the price before VAT?" is `120 / (1 + 20 / 100)` (the 1.5B wrote
Python, then said £96: 20% off the gross), and the VAT in it, "How much of the $59.50 is VAT at 19%?", `59.50 - 59.50
/ (1 + 19 / 100)`; "the original price" after a discount, and "120 is 20% more than what
number?", likewise; "A jacket was $85 and is now $68. What's the percentage discount?" is `(85 - 68) / 85 * 100`.
"How many hours do I work in a year at 37.5 hours a week for 46 weeks?" is `37.5 * 46` (the 1.5B: 1,755); "$250
every month for 2 years" is `250 * 2 * 12`, converted only where the units divide exactly (a
year is 12 months, a week 7 days, a day 24 hours, an hour 60 minutes, a minute 60 seconds; a year in weeks or days
is no such thing, and stays the model's). "A car uses 6.5 litres per 100 km. How much fuel for 420 km?" is
`6.5 * 420 / 100` (the 1.5B got 27.3, in its head, where a slip costs a wrong answer) and "If 3 apples cost $1.20,
how much do 7 cost?" `1.20 * 7 / 3`. A dozen is 12: "Eggs cost $0.25 each. How much are 3 dozen?" is `0.25 * 3 * 12`
(the 1.5B: $7.50), "How many eggs are in 7 dozen?" `7 * 12`, a price in cents said in dollars ("30 cents" is 0.30).
An aspect ratio's other side and a resolution's pixels are screens.py's; a tip, a sales tax added, pay with
overtime, a margin or a markup and a salary by the hour payproblems.py's; a BMI and a distance at a speed
formulas.py's; a shopping total, a split in a ratio and a weighted average weighted.py's; a value falling by a share
of itself (or a sum) each year depreciation.py's. The whole message must be the question, with its numbers and no
others.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from llorch.tools.depreciation import depreciation_asked
from llorch.tools.formulas import formula_asked
from llorch.tools.payproblems import pay_asked
from llorch.tools.pursuit import pursuit_asked
from llorch.tools.screens import screen_asked
from llorch.tools.temperatures import temperatures_asked
from llorch.tools.weighted import weighted_asked

__all__ = ["word_problem"]

_NUMBER = r"\d+(?:\.\d+)?"
_AMOUNT = r"[$€£¥]?\s?(?P<amount>" + _NUMBER + r")(?:\s*(?:dollars|pounds|euros|usd|gbp|eur)\b)?"
_PCT = r"(?P<rate>" + _NUMBER + r")\s*(?:%|percent\b|per\s+cent\b)"
_TAX = r"(?:the\s+)?(?:vat|gst|hst|sales\s+tax|tax)\b"
_TAXED = r"(?:vat|gst|hst|tax)"  # as in "pre-VAT", "ex-tax"
# Who pays what, before the amount: "something costs", "a laptop is", "I paid", "the bill comes to"
_PAYS = (r"(?:(?:[a-z'’-]+\s+){0,4}?(?:costs?|is|was|are|were|(?:sells?|sold|retails?|retailed|goes|went)\s+for|"
         r"(?:is\s+|was\s+)?priced\s+at|comes?\s+to|came\s+to|paid|pay|spent|spend|charged?|totals?|totall?ed|"
         r"(?:it's|it’s|its)|(?:price|cost|total|bill|amount)\s+of)\s+)?")  # ("A gross price of $238 includes …")
_END = r"\s*[?.!]*\s*$"
_IF = r"^\s*(?:(?:if|when|suppose|say)\s+)?"
_ASK = (r"(?:what\s+(?:is|was|would\s+be|will\s+be|were)|what's|what’s|whats|how\s+much\s+(?:is|was|would\s+be|"
        r"does|did|will)|find|calculate|compute|work\s+out|give\s+me|tell\s+me)\s+")

# A tax at its rate: "20% VAT", "VAT at 20%"
_RATED_TAX = _PCT + r"\s+" + _TAX + r"|" + _TAX + r"\s+(?:at|of|@)\s+" + _PCT.replace("rate>", "rate2>")
# The price with a tax in it: "£120 including 20% VAT", "£120 inc. VAT at 20%", "$1,080 with 8% tax", "A price of 119
# EUR includes 19% VAT"
_WITH_TAX = (r"(?:\(\s*)?(?:including|includes|incl\.?|inc\.?|inclusive\s+of|with|after)\s+(?:(?:a|an)\s+)?(?:"
             + _RATED_TAX + r")(?:\s*\))?")
_GROSS = _PAYS + _AMOUNT + r"\s*,?\s*" + _WITH_TAX
# The price without it: "the price before VAT", "the pre-tax price", "it without VAT", "does it cost ex VAT"
_NET = (_ASK + r"(?:(?:the|its)\s+)?(?:(?:price|cost|amount|value|figure|sum|total)\s+|(?:it|this|that)\s+(?:costs?\s+|"
        r"be\s+)?)?(?:before|without|excluding|excl\.?|ex\.?|exclusive\s+of|net\s+of|not\s+including|less)\s+" + _TAX
        + r"|" + _ASK + r"(?:the|its)\s+(?:pre-?\s?" + _TAXED + r"|ex-?\s?" + _TAXED + r"|net|" + _TAXED
        + r"-?\s?(?:exclusive|free))\s+(?:price|cost|amount|value|figure)")

# The price after a discount: "$90 after 25% off", "after a 25% discount it costs $90", "reduced by 25% to $90"
_OFF = r"(?:discount|off|reduction|markdown|price\s+cut|sale)\b"
_DISCOUNTED = (r"(?:" + _PAYS + _AMOUNT + r"(?:\s*,\s+|\s+)(?:after|with)\s+(?:(?:a|an|the)\s+)?" + _PCT + r"\s+" + _OFF
               + r"|(?:after|with)\s+(?:(?:a|an|the)\s+)?" + _PCT.replace("rate>", "rate2>") + r"\s+" + _OFF
               + r"(?:\s*,\s+|\s+)" + _PAYS + _AMOUNT.replace("amount>", "amount2>")
               + r"|(?:[a-z'’-]+\s+){0,4}?(?:(?:is|was|has\s+been|had\s+been)\s+)?(?:discounted|reduced|marked\s+down|cut)"
               r"\s+by\s+" + _PCT.replace("rate>", "rate3>") + r"\s+(?:to|and\s+(?:now\s+)?(?:costs?|is))\s+"
               + _AMOUNT.replace("amount>", "amount3>") + r")")
# The price before it: "the original price", "the price before the discount", "how much was it originally"
_ORIGINAL = (_ASK + r"(?:the|its)\s+(?:original|full|regular|normal|old|usual|list|sticker|undiscounted|"
             r"pre-?\s?discount)\s+(?:price|cost|amount)|" + _ASK + r"(?:(?:the|its)\s+(?:price|cost|amount)|it|this|that)"
             r"\s+(?:(?:cost|costs|be)\s+)?(?:originally|before(?:\s+the\s+(?:discount|reduction|sale|markdown))?|"
             r"without\s+the\s+(?:discount|reduction))")


def _asked(given: str, ask: str, *, bare: str | None = None) -> list[re.Pattern[str]]:
    """The shapes of one question: what is given then what is asked ("If …, what …?", "… . What …?"), what is
    asked then what is given ("What … of / if …?"), and the given with its question after it ("What is … before
    VAT?", `bare`)."""
    shapes = [_IF + given + r"\s*(?:[,.;:]\s*|\s+)(?:so\s+|then\s+)?(?:" + ask + ")" + _END,
              r"^\s*(?:" + ask + r")(?:\s*,\s+|\s+)(?:of|for|on|if|when|given(?:\s+that)?)\s+" + given + _END]
    if bare is not None:
        shapes.append(r"^\s*(?:" + _ASK + r")?" + given + r"\s+" + bare + _END)
    return [re.compile(shape, re.IGNORECASE) for shape in shapes]


_NET_ASKED = [*_asked(_GROSS, _NET,
                      bare=r"(?:before|without|excluding|excl\.?|ex\.?|exclusive\s+of|net\s+of)\s+" + _TAX),
              # "What is 119 EUR without 19% VAT?" (the 1.5B: 96.84; 100 EUR): the tax said with what it takes out
              re.compile(r"^\s*" + _ASK + _AMOUNT + r"\s+(?:before|without|excluding|excl\.?|ex\.?|net\s+of)\s+(?:"
                         + _RATED_TAX + r")" + _END, re.IGNORECASE)]
# The tax in a price that has it: "How much of the $59.50 is VAT at 19%?" (9.50), "£120 including 20% VAT. How much
# is the VAT?" (20); a bare "What is the VAT?" may ask its rate, and stays the model's
_PART = (r"(?:how\s+much\s+(?:is|was)\s+" + _TAX + r"|what\s+(?:is|was)\s+" + _TAX + r"\s+amount|what\s+is\s+the\s+"
         r"amount\s+of\s+" + _TAX + r"|how\s+much\s+of\s+(?:it|that|this|the\s+(?:price|total|amount))\s+is\s+"
         + _TAX + r"|how\s+much\s+" + _TAX + r"\s+(?:is\s+(?:that|included|in\s+(?:it|that|the\s+price))|does\s+"
         r"(?:it|that|the\s+price)\s+include))")
_PART_ASKED = [*_asked(_GROSS, _PART),
               re.compile(r"^\s*how\s+much\s+of\s+(?:the\s+)?" + _AMOUNT + r"\s+(?:is|was)\s+(?:" + _RATED_TAX + r")"
                          + _END, re.IGNORECASE)]
_ORIGINAL_ASKED = _asked(_DISCOUNTED, _ORIGINAL)
# "120 is 20% more than what number?", "15 is 20% of what number?", "What number increased by 20% is 120?"
_THAN = re.compile(r"^\s*(?:" + _ASK + r")?" + _AMOUNT + r"\s+is\s+" + _PCT + r"\s+(?:(?P<way>more|greater|higher|"
                   r"bigger|larger|above|over|less|smaller|lower|below|under|fewer)\s+than|(?P<of>of))\s+what(?:\s+"
                   r"(?:number|value|amount|price))?" + _END, re.IGNORECASE)
_CHANGED = re.compile(r"^\s*(?:what|which)\s+(?:number|value),?\s+(?:when\s+|if\s+)?(?P<way>increased|raised|"
                      r"decreased|reduced|lowered)\s+by\s+" + _PCT + r",?\s+(?:is|gives|equals|makes|becomes|comes\s+to)"
                      r"\s+" + _AMOUNT + _END, re.IGNORECASE)
_DOWN = ("less", "smaller", "lower", "below", "under", "fewer", "decreased", "reduced", "lowered")


def word_problem(text: str) -> str | None:
    """The math tool's expression for a reverse percentage, a rate kept up for a while, a price scaled, or another
    module's word problem (a screen's, a tip or a tax, pay, a formula, a total, a split, an average, a value
    depreciated, a catch-up or a meeting, or temperatures in another scale), asked plainly with its numbers, or None."""
    if len(text) > 300:
        return None
    return (_reversed(text) or _price_change(text) or _kept_up(text) or _scaled(text) or _priced(text)
            or _dozens(text) or screen_asked(text) or pay_asked(text) or formula_asked(text) or weighted_asked(text) or depreciation_asked(text)
            or pursuit_asked(text) or temperatures_asked(text))


def _group(match: re.Match[str], name: str) -> str:
    return next(v for k, v in match.groupdict().items() if k.startswith(name) and v is not None)


def _reversed(text: str) -> str | None:
    """"£120 including 20% VAT" before it: 120 / (1 + 20 / 100); "$90 after 25% off" before it: 90 / (1 - 25 / 100)."""
    part = next(filter(None, (p.match(text) for p in _PART_ASKED)), None)
    if part is not None:  # (the price less its price before the tax)
        amount, rate = _group(part, "amount"), _group(part, "rate")
        return f"{amount} - {amount} / (1 + {rate} / 100)"
    for patterns, sign in ((_NET_ASKED, "+"), (_ORIGINAL_ASKED, "-")):
        match = next(filter(None, (p.match(text) for p in patterns)), None)
        if match is not None:
            amount, rate = _group(match, "amount"), _group(match, "rate")
            return None if sign == "-" and float(rate) >= 100 else f"{amount} / (1 {sign} {rate} / 100)"
    match = _THAN.match(text) or _CHANGED.match(text)
    if match is None:
        return None
    amount, rate = match.group("amount"), match.group("rate")
    if match.groupdict().get("of"):
        return f"{amount} / ({rate} / 100)" if float(rate) > 0 else None
    if match.group("way").lower() in _DOWN:
        return f"{amount} / (1 - {rate} / 100)" if float(rate) < 100 else None
    return f"{amount} / (1 + {rate} / 100)"


# A price that changed, its change asked as a percentage: "A jacket was $85 and is now $68. What's the percentage
# discount?" is (85 - 68) / 85 * 100, as "the percentage decrease from 85 to 68" is (the 1.5B worked it out at
# length); "went from $40 to $50 … the percentage increase" (50 - 40) / 40 * 100. Both prices and a percentage must be
# said; a discount asked of a price that rose, or a rise of one that fell, stays the model's.
_OLD, _NEW = _AMOUNT.replace("amount>", "old>"), _AMOUNT.replace("amount>", "new>")
# A price said before its thing, with its currency ("A $250 item", "a 250 euro bike"; not "A 250 g bag")
_SAID_PRICE = (r"(?:[$€£¥]\s?(?P<old3>" + _NUMBER + r")|(?P<old4>" + _NUMBER + r")\s*(?:dollars?|pounds?|euros?|"
               r"usd|gbp|eur)\b)")
_WENT = (r"(?P<went>(?:went|has\s+gone|had\s+gone|dropped|fell|has\s+fallen|decreased|rose|has\s+risen|increased|"
         r"jumped|climbed|changed|(?:was|has\s+been|had\s+been|got)\s+(?:reduced|cut|lowered|marked\s+down|slashed|"
         r"discounted|raised|increased|marked\s+up))(?:\s+(?:up|down))?)")
_NOW = (r"(?:(?:is|are|costs?|sells\s+for)\s+now(?:\s+(?:priced\s+)?at)?|now(?:\s+(?:is|are|costs?|sells\s+for|goes\s+for|"
        r"priced\s+at|at))?|(?:it's|it’s|they're|they’re)\s+now)")
_PRICE_CHANGED = (r"(?:[a-z'’-]+\s+){0,5}?(?:" + _WENT + r"\s+from\s+" + _OLD + r"\s+to\s+" + _NEW
                  + r"|(?:was|were|cost|used\s+to\s+(?:be|cost)|(?:was\s+)?(?:originally|previously|once)\s+(?:cost|was|"
                  r"priced\s+at)|was\s+(?:originally\s+|previously\s+)?priced\s+at)\s+" + _OLD.replace("old>", "old2>")
                  + r"(?:\s*,\s*|\s+)(?:and\s+|but\s+)?(?:(?:it|they)\s+)?" + _NOW + r"\s+" + _NEW.replace("new>", "new2>")
                  # "A $250 item is on sale for $190" (the 1.5B wrote code and made up its output: 16%)
                  + r"|(?:an?\s+|the\s+|my\s+)" + _SAID_PRICE + r"\s+(?:[a-z'’-]+\s+){1,3}?"
                  r"(?:is|was|are|were)\s+(?:now\s+)?(?P<sale>on\s+sale|reduced|discounted|marked\s+down|selling|"
                  r"going)\s+(?:for|to|at)\s+" + _NEW.replace("new>", "new3>") + r")")
_WAY = (r"(?P<way>discount|decrease|drop|reduction|markdown|fall|decline|savings?|off|cheaper|less|lower|cut|increase|"
        r"rise|hike|markup|gain|growth|more|higher|dearer|pricier|change)")
_MOVED = (r"(?P<moved>drop(?:ped)?|fall(?:en)?|go(?:ne)?\s+(?:down|up)|decreased?|reduced?|cut|discounted|"
          r"marked\s+(?:down|up)|lowered|rise|risen|increased?|raised|jump(?:ed)?|climb(?:ed)?|change[d]?)")
_PCT_WORD = r"(?:percent|per\s+cent|percentage|%)"
_PCT_ASKED = (r"(?:what(?:'s|’s|\s+is|\s+was|\s+would\s+be)?|whats|how\s+much|find|calculate|compute|work\s+out|give\s+me|"
              r"tell\s+me)\s+(?:(?:is|was)\s+)?(?:the\s+|a\s+)?(?:" + _PCT_WORD + r"\s+(?:of\s+(?:a\s+|an\s+|the\s+)?)?"
              + _WAY + r"|" + _WAY.replace("way>", "way2>") + r"\s+(?:as\s+a\s+|in\s+)?" + _PCT_WORD + r")"
              r"(?:\s+(?:in|of)\s+(?:the\s+)?price)?(?:\s+(?:is|was)\s+(?:that|it|this|there))?(?:\s+now)?"
              r"|what\s+" + _PCT_WORD + r"\s+(?:is|was)\s+(?:the|that|this)\s+" + _WAY.replace("way>", "way3>")
              + r"|(?:by\s+)?(?:what|how\s+many|how\s+much)\s+" + _PCT_WORD + r"\s+(?:did|has|was|is|have|were)\s+"
              r"(?:[a-z'’-]+\s+){0,3}?(?:been\s+)?" + _MOVED + r"(?:\s+by)?")
_PRICE_CHANGE_ASKED = _asked(_PRICE_CHANGED, _PCT_ASKED)
_DOWN_SAID = re.compile(r"disc|decreas|drop|reduc|markdown|down|fall|fell|declin|saving|off|cheap|less|lower|cut|"
                        r"slash", re.IGNORECASE)
_UP_SAID = re.compile(r"increas|rise|rose|risen|hike|markup|up|gain|growth|more|higher|dearer|pricier|jump|climb|"
                      r"rais", re.IGNORECASE)


def _price_change(text: str) -> str | None:
    """"A jacket was $85 and is now $68. What's the percentage discount?": (85 - 68) / 85 * 100; a rise, (new -
    old) / old * 100; a change either way, the same (negative for a fall). None where the words and the prices
    disagree on its way."""
    match = next(filter(None, (p.match(text) for p in _PRICE_CHANGE_ASKED)), None)
    if match is None:
        return None
    old, new = _first(match, "old"), _first(match, "new")
    if old is None or new is None or Decimal(old) == 0 or Decimal(old) == Decimal(new):
        return None
    fell = Decimal(new) < Decimal(old)
    for said in (match.group("went"), match.group("sale"), _first(match, "way") or match.group("moved")):
        way = "down" if said and _DOWN_SAID.search(said) else "up" if said and _UP_SAID.search(said) else None
        if way is not None and (way == "down") != fell:
            return None  # ("was $40 and is now $50. What's the percentage discount?")
    asked = (_first(match, "way") or match.group("moved") or "").lower()
    return f"({old} - {new}) / {old} * 100" if fell and _DOWN_SAID.search(asked) else f"({new} - {old}) / {old} * 100"


# How long a unit of time is, in its family's smallest: months and years count apart from weeks and days
_PERIODS = {"second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600), "day": ("time", 86400),
            "week": ("time", 604800), "month": ("calendar", 1), "year": ("calendar", 12)}
_EVERY = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "yearly": "year", "annually": "year"}
_PERIOD = r"(?:second|minute|hour|day|week|month|year)"
_RATE = (r"(?P<cur>[$€£¥])?\s?(?P<n>" + _NUMBER + r")(?:\s*(?P<thing>(?!(?:a|an|per|each|every|for|over)\b)[a-z]+)"
         r"(?:\s+of\s+[a-z]+)?)?\s*(?:(?:(?:a|an|per|each|every)\s+|/\s*)(?P<per>" + _PERIOD + r")\b|"
         r"(?P<every>hourly|daily|weekly|monthly|yearly|annually)\b)")
_FOR = r"(?:for|over)\s+(?:the\s+next\s+)?(?P<m>" + _NUMBER + r")\s+(?P<unit>" + _PERIOD + r")s?\b"
_KEPT_UP = re.compile(r"(?:\bat\s+)?" + _RATE + r"(?:\s*,\s+|\s+)" + _FOR + r"|" + _FOR.replace("m>", "m2>").replace(
    "unit>", "unit2>") + r"(?:\s*,\s+|\s+)(?:at\s+)?" + _RATE.replace("P<", "P<b_"), re.IGNORECASE)
# What else the question may not say: another rate, a change to it, a share of it
_OTHER = re.compile(r"\d|%|\b(?:per|each|every|hourly|daily|weekly|monthly|yearly|annually|average|percent|interest|"
                    r"compound(?:ed)?|inflation|more|less|fewer|extra|except|minus|plus|off|tax|vat|raise|rise|"
                    r"increase[sd]?|decrease[sd]?|grow(?:s|ing)?|split|share|between|difference)\b", re.IGNORECASE)
_TOTAL = re.compile(r"\b(?:how\s+much|how\s+far|in\s+total|total|altogether|all\s+together|in\s+all|overall)\b",
                    re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow\s+many\s+([a-z]+)", re.IGNORECASE)
_MONEY = ("dollar", "pound", "euro", "buck", "quid")


def _kept_up(text: str) -> str | None:
    """"37.5 hours a week for 46 weeks": 37.5 * 46; "$250 every month for 2 years": 250 * 2 * 12 (the rate times its
    periods in the time given), when the question asks the total and says no other number or rate."""
    found = list(_KEPT_UP.finditer(text))
    if len(found) != 1:
        return None
    match = found[0]
    rest = text[:match.start()] + " " + text[match.end():]
    if _OTHER.search(rest):
        return None
    named = {k.removeprefix("b_"): v for k, v in match.groupdict().items() if v is not None}
    n, m = named["n"], named.get("m") or named["m2"]
    per = (named.get("per") or _EVERY[named["every"].lower()]).lower()
    unit = (named.get("unit") or named["unit2"]).lower()
    thing = (named.get("thing") or "").lower().rstrip("s")
    how_many = _HOW_MANY.search(rest)
    if how_many is not None:
        asked = how_many.group(1).lower().rstrip("s")
        if not (asked == thing if thing else named.get("cur") and asked in _MONEY):
            return None  # "How many calories … at 30 minutes a day": not what the rate counts
    elif _TOTAL.search(rest) is None:
        return None  # "I work 40 hours a week for 3 weeks; is that a lot?"
    (family, per_size), (unit_family, unit_size) = _PERIODS[per], _PERIODS[unit]
    if family != unit_family:
        return None  # a year in weeks or days: not a whole number of them
    if unit_size == per_size:
        return f"{n} * {m}"
    if unit_size > per_size:
        return f"{n} * {m} * {unit_size // per_size}"
    return f"{n} * {m} / {per_size // unit_size}"


# A rate given for one amount of a thing and asked for another of it: "6.5 litres per 100 km" for 420 km
_UNITS = {"kilometre": "km", "kilometer": "km", "kms": "km", "mile": "mi", "litre": "l", "liter": "l", "ltr": "l",
          "gallon": "gal", "metre": "m", "meter": "m", "hour": "h", "hr": "h", "minute": "min", "second": "s",
          "sec": "s", "kilogram": "kg", "kilo": "kg", "gram": "g", "person": "people"}
# What "how much" may ask of a rate besides its own unit ("how much fuel"): not "how much time", "how much more"
_STUFF = {"fuel", "petrol", "gas", "gasoline", "diesel", "water", "paint", "money", "electricity", "energy", "flour",
          "sugar", "rice", "food", "feed", "seed", "fertiliser", "fertilizer", "concrete", "it"}
_A_RATE = (r"(?:(?P<cur>[$€£¥])\s?(?P<a>" + _NUMBER + r")|(?P<a2>" + _NUMBER + r")\s*(?P<u>(?!per\b)[a-z]+)"
           r"(?:\s+(?:of\s+)?(?!per\b|every\b|each\b|for\b)[a-z]+)?)\s*(?:per|every|for\s+every|each|/)\s*"
           r"(?P<b>" + _NUMBER + r")?\s*(?P<v>[a-z]+)\b")
_RATE_GIVEN = _IF + r"(?:[a-z'’-]+\s+){1,4}?" + _A_RATE
_RATE_ASKED = (r"how\s+(?P<how>much|many)\s+(?:(?P<what>[a-z]+)\s+)?(?:(?:will|would|does|do|is|are|should|shall|must|"
               r"can)\s+(?:(?:it|i|we|you|they|(?:the|my|our|your|their|this|that|a|an)\s+[a-z]+)\s+)?)?(?:(?:be\s+)?(?:use|used|"
               r"need|needed|burn|burned|burnt|consume|consumed|take|taken|require|required|cost|costs)\s+)?"
               r"(?:for|in|over|on|to\s+(?:drive|travel|go|cover|do|run|make|walk|cycle|fly|feed|serve|buy))\s+"
               r"(?P<c>" + _NUMBER + r")\s*(?P<w>[a-z]+)")
_SCALED = [re.compile(_RATE_GIVEN + r"\s*(?:[,.;:]\s*|\s+)(?:so\s+|then\s+)?" + _RATE_ASKED + _END, re.IGNORECASE),
           re.compile(r"^\s*" + _RATE_ASKED + r"(?:\s*,\s+|\s+)(?:at|if|when|given(?:\s+that)?)\s+"
                      + r"(?:(?:[a-z'’-]+\s+){1,4}?)?" + _A_RATE + _END, re.IGNORECASE)]
_NOT_UNITS = {"percent", "cent", "pc", "times", "of", "more", "less", "a", "an", "the"}


def _unit(word: str) -> str:
    word = word.lower()
    word = _UNITS.get(word, word)
    return _UNITS.get(word.removesuffix("s"), word.removesuffix("s")) if len(word) > 3 else word


def _scaled(text: str) -> str | None:
    """"A car uses 6.5 litres per 100 km. How much fuel for 420 km?": 6.5 * 420 / 100 (and "0.2 litres per km"
    for 420 km, 0.2 * 420), when the amount asked for is in the rate's own unit and what is asked is what it
    counts ("how many litres", "how much fuel"; not "how much time")."""
    match = next(filter(None, (p.match(text) for p in _SCALED)), None)
    if match is None:
        return None
    a, b, c = match.group("a") or match.group("a2"), match.group("b"), match.group("c")
    unit = match.group("u") or ""
    if unit.lower() in _NOT_UNITS or _unit(match.group("v")) != _unit(match.group("w")) or (b and float(b) == 0):
        return None
    what = (match.group("what") or "").lower()
    if match.group("how").lower() == "many":
        if not unit or _unit(what) != _unit(unit):
            return None  # "How many km …" of a rate in litres
    elif what and what not in _STUFF and (not unit or _unit(what) != _unit(unit)) and not (
            match.group("cur") and what in ("money", "it")):
        return None
    return f"{a} * {c} / {b}" if b else f"{a} * {c}"


# A price for so many of a thing, asked for another number of them: "If 3 apples cost $1.20, how much do 7 cost?",
# "Eggs cost $0.25 each. How much are 3 dozen?" (the 1.5B: $7.50; it is $9), "If one egg costs 30 cents, what do 5
# dozen eggs cost?" (in dollars: 0.30 * 5 * 12). A count may be a number, one, so many dozen or half a dozen.
_COUNT = r"\d+(?:\.\d+)?(?:\s+dozens?)?|half\s+a\s+dozen|a\s+half[\s-]dozen|a\s+dozen|one|an?|each|every|a\s+single"
_THING = (r"[a-z]+(?:\s+(?!(?:are|is|was|were|cost|costs|sell|sells|sold|go|goes|priced|at|each|in|for|so|then)\b)"
          r"[a-z]+)?")
_SOLD = (r"(?:cost|costs|are|is|were|was|(?:sell|sells|sold|go|goes|went|are\s+sold|are\s+selling)\s+for|cost\s+me|"
         r"(?:are\s+|is\s+)?priced\s+at)")
_CURRENCY_WORDS = r"(?:dollars?|euros?|pounds?|bucks|quid|usd|eur|gbp)"
_PRICE = (r"(?:[$€£¥]\s?" + _NUMBER + r"|" + _NUMBER + r"\s*" + _CURRENCY_WORDS + r"\b|" + _NUMBER
          + r"\s*(?:cents?\b|¢|pence\b|p\b))")
_EACH = r"(?:each|apiece|a\s+piece|for\s+one|(?:per|a|an)\s+(?P<per>[a-z]+)|for\s+(?P<given3>" + _COUNT + r"))"
# "3 apples cost $1.20", "a dozen eggs cost $3", "one egg costs 30 cents"; "eggs cost $0.25 each", "eggs are $3 a dozen"
_PRICE_GIVEN = (r"(?:(?P<given>" + _COUNT + r")\s+(?P<thing>" + _THING + r")\s+" + _SOLD + r"\s+(?P<price>" + _PRICE
                + r")(?:\s+in\s+total|\s+altogether)?|(?:the\s+)?(?P<subject>" + _THING + r")\s+" + _SOLD
                + r"\s+(?P<price2>" + _PRICE + r")\s+" + _EACH + r")")
_COUNT_ASKED = r"(?P<{0}>" + _COUNT + r")(?:\s+(?P<{1}>" + _THING + r"))?"
_PRICE_ASKED = (r"(?:how\s+much\s+(?:do|does|would|will|should|did|might)\s+" + _COUNT_ASKED.format("asked", "what")
                + r"\s+cost(?:\s+me)?|what\s+(?:do|does|would|will|should)\s+"
                + _COUNT_ASKED.format("asked2", "what2") + r"\s+cost|how\s+much\s+(?:is|are|for|would\s+be|"
                r"will\s+be)\s+"
                + _COUNT_ASKED.format("asked3", "what3") + r"|what(?:\s+is|'s|’s|\s+would\s+be|\s+will\s+be)\s+the\s+"
                r"(?:total\s+)?(?:cost|price)\s+(?:of|for)\s+" + _COUNT_ASKED.format("asked4", "what4")
                + r"|how\s+much\s+(?:(?:do|does|would|will)\s+it\s+cost\s+)?to\s+buy\s+"
                + _COUNT_ASKED.format("asked5", "what5") + r")(?:\s+in\s+total|\s+altogether)?")
_PRICED = [*_asked(_PRICE_GIVEN, _PRICE_ASKED),
           # "How much are 3 dozen eggs at $0.25 each?"
           re.compile(r"^\s*" + _PRICE_ASKED + r"(?:\s*,\s+|\s+)at\s+(?P<price3>" + _PRICE + r")\s+"
                      + _EACH.replace("P<per>", "P<per2>").replace("P<given3>", "P<given4>") + _END, re.IGNORECASE)]


def _first(match: re.Match[str], name: str) -> str | None:
    return next((v for k, v in match.groupdict().items() if k.rstrip("0123456789") == name and v), None)


def _counted(said: str) -> str:
    """A count as the math tool's expression: "3 dozen" is 3 * 12, "half a dozen" 6, "one" and "each" 1."""
    words = said.lower().replace("-", " ").split()
    if words[0] in ("half", "a") and words[-1] == "dozen":
        return "6" if "half" in words else "12"
    if words[-1].startswith("dozen"):
        return f"{words[0]} * 12"
    return words[0] if words[0][0].isdigit() else "1"


def _amount(price: str) -> str:
    """A price in its currency's main unit: "$1.20" is 1.20, "30 cents" 0.30 (an answer in dollars reads right)."""
    number = re.findall(_NUMBER, price)[0]
    if not re.search(r"cent|¢|pence|p$", price, re.IGNORECASE):
        return number
    cents = Decimal(number) / 100
    return f"{cents:.2f}" if cents == cents.quantize(Decimal("0.01")) else str(cents)


def _one(word: str) -> str:
    word = word.lower()
    return word[:-3] + "y" if word.endswith("ies") else word[:-2] if word.endswith(("ches", "shes", "xes", "sses")) \
        else word.removesuffix("s")


def _priced(text: str) -> str | None:
    """"If 3 apples cost $1.20, how much do 7 cost?": 1.20 * 7 / 3, the price of one times the number asked; "Eggs
    cost $0.25 each. How much are 3 dozen?": 0.25 * 3 * 12. What is asked must be what is priced (not 7 pears)."""
    match = next(filter(None, (p.match(text) for p in _PRICED)), None)
    if match is None:
        return None
    price = _first(match, "price")
    asked, what = _first(match, "asked"), _first(match, "what")
    thing = _first(match, "thing") or _first(match, "subject") or what  # (the price after: "at $0.25 each")
    if price is None or asked is None:
        return None
    given_said, per = _first(match, "given"), _first(match, "per")
    if per is not None:  # "$3 a dozen", "$0.25 an egg"
        if per.lower() not in ("dozen", "piece", "one", "item", "unit") and (thing is None or _one(per) != _one(
                thing.split()[-1])):
            return None
        given_said = "a dozen" if per.lower() == "dozen" else "one"
    if any(re.search(r"\bdozens?\b", said, re.IGNORECASE) for said in (thing or "", what or "")):
        return None  # "3" of "dozen eggs": the dozen read as a thing
    if what is not None and what.lower() not in ("of them", "them") and (
            thing is None or _one(what.split()[-1]) != _one(thing.split()[-1])):
        return None  # "If 3 apples cost $1.20, how much do 7 pears cost?"
    given, wanted = _counted(given_said or "one"), _counted(asked)
    if float(Fraction(given.split(" * ")[0])) == 0 or given == wanted == "1":
        return None
    amount = _amount(price)
    if given == "1":
        return f"{amount} * {wanted}"
    divisor = f"({given})" if " " in given else given
    return f"{amount} / {divisor}" if wanted == "1" else f"{amount} * {wanted} / {divisor}"


# "How many eggs are in 7 dozen?" (84), "What is 7 dozen?"; "How many dozen is 84 eggs?" (7)
_IN_DOZENS = re.compile(r"^\s*(?:how\s+many\s+(?:(?!(?:are|is|in|there)\b)(?P<thing>[a-z]+)\s+)?"
                        r"(?:(?:are|is)\s+(?:there\s+)?)?(?:in\s+)?|"
                        r"what(?:\s+is|'s|’s)\s+|whats\s+)(?P<n>" + _NUMBER + r")\s+dozens?(?:\s+(?P<thing2>[a-z]+))?"
                        r"(?:\s+in\s+total)?" + _END, re.IGNORECASE)
_AS_DOZENS = re.compile(r"^\s*how\s+many\s+dozens?\s+(?:(?P<thing>[a-z]+)\s+)?(?:(?:is|are)\s+(?:there\s+)?in|is|are|"
                        r"in|make|makes)\s+(?P<n>" + _NUMBER + r")(?:\s+(?P<thing2>[a-z]+))?" + _END, re.IGNORECASE)


def _dozens(text: str) -> str | None:
    """"How many eggs are in 7 dozen?": 7 * 12; "How many dozen is 84 eggs?": 84 / 12."""
    for pattern, written in ((_IN_DOZENS, "{} * 12"), (_AS_DOZENS, "{} / 12")):
        match = pattern.match(text)
        if match is None:
            continue
        things = [_one(t) for t in match.group("thing", "thing2") if t]
        if "dozen" in things or (len(things) == 2 and things[0] != things[1]):
            return None
        return written.format(match.group("n"))
    return None
