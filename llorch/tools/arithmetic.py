"""Arithmetic questions, recognised without a model: "What is 2 to the power 40?" -> "2**40".

A small model computes in its head and is often wrong (345 × 678, 2^40). When a profile
enables the `math` tool, a message that is plainly an arithmetic question goes to the tool
before the model answers, so the model words an exact result instead of guessing one. The
recogniser is strict on purpose: it takes a sentence only when, after a leading "what is" /
"calculate" and a few spelt-out operators ("times", "to the power of", "% of", "square root
of", "the average of 3, 4 and 8"), nothing but numbers, operators, parentheses and the math
tool's function names is left, and other sentences of the message hold no numbers ("Just the
number." may follow).
"Is 221 a prime number?" is `isprime(221)` and "How many digits does 100! have?" `digits(factorial(100))`
(numberquestions.py), "What are the prime factors of 360?" `factor(360)`; "the area of
a circle with a radius of 4 cm" is `pi * 4 ** 2` (geometry.py), "£120 including 20% VAT" before VAT `120 / (1 + 20 / 100)`
(wordproblems.py), "the monthly payment on a $20,000 loan at 6% over 5 years" the amortization formula (finance.py).
"Round 0.045 to two decimal places" is `round(0.045, 2)` (0.05: the tool rounds a half away from zero), "to the
nearest hundred" `round(x, -2)`. "the mean and median of 3, 9, 4, 10, 4" is `mean(…); median(…)`, one call that says
each, and "the running total of 5, 3, 8 and 2" `5; 5 + 3; 5 + 3 + 8; 5 + 3 + 8 + 2` (the 1.5B gave the sum alone);
`math_asked` adds the currency a question names where the amount goes past the cent. Other word problems and
anything unsure stay with the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from math import floor

from llorch.errors import LlorchError
from llorch.tools.asking import asked_parts
from llorch.tools.bases import base_asked, based_sum_asked
from llorch.tools.decimalcommas import decimal_commas
from llorch.tools.digitsums import digit_sum_asked
from llorch.tools.finance import INTEREST_WORDS, PERCENT, THOUSANDS, money_asked
from llorch.tools.geometry import shape_asked
from llorch.tools.numberfilters import filter_asked, listed_numbers
from llorch.tools.numberquestions import digits_asked, prime_asked
from llorch.tools.screens import aspect_asked
from llorch.tools.seriessums import series_asked
from llorch.tools.wordproblems import word_problem

__all__ = ["ROUNDED_TO", "arithmetic_in", "math_asked", "numbers_asked"]

_LEAD = re.compile(
    r"^\s*(?:please\s+|hey(?:\s*,\s+|\s+)|quick(?:ly)?\s*[:,]?\s+)?(?:can you\s+|could you\s+)?"
    r"(?:what\s+is|what's|whats|what\s+does|calculate|compute|evaluate|work\s+out|how\s+much\s+is|tell\s+me|solve)\s+",
    re.IGNORECASE,
)
_TAIL = re.compile(r"(?<!\s)\s*+(?:(?:equal|equals|come\s+to|make)\s*+)?[?.!=]*+\s*$", re.IGNORECASE)  # (possessive: a
# run of 250 spaces mid-message was tried every way, 1.7 s)
_NUM = r"-?\d+(?:\.\d+)?"
_LIST = r"(" + _NUM + r"(?:(?:\s*,\s*|\s*,?\s*(?:and|&)\s*)" + _NUM + r")+)"
# Numbers as a list after "of", commas or "and" between them, or spaces alone for three or more ("2 4 4 4 5 5 7 9")
_SPACED = r"(" + _NUM + r"(?:\s+" + _NUM + r"){2,})(?!\.?\d)"
# "What are the prime factors of 360?" (the 1.5B: "2, 3, and 5", no powers), "Factorize 1001", "Factor 84 into
# primes": factor(n); "the factors of 360" (its divisors) and "the largest prime factor" are other questions
_INTO_PRIMES = r"into\s+(?:its\s+)?(?:primes|prime\s+factors|prime\s+numbers)"
_FACTORED = re.compile(
    r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:"
    r"(?:(?:what\s+(?:is|are)|what's|whats|find|give\s+me|list|show\s+me|tell\s+me|calculate|compute|work\s+out)\s+)?"
    r"(?:the\s+)?prime\s+(?:factori[sz]ation|factors|decomposition)\s+(?:of|for)\s+(?:the\s+number\s+)?(?P<n>\d+)"
    r"|factori[sz]e\s+(?P<m>\d+)(?:\s+" + _INTO_PRIMES + r"|\s+completely)?"
    r"|factor\s+(?P<k>\d+)(?:\s+" + _INTO_PRIMES + r"|\s+completely)?"
    r"|(?:break(?:\s+down)?|decompose|split|write)\s+(?P<j>\d+)\s+(?:down\s+)?(?:" + _INTO_PRIMES
    + r"|as\s+a\s+product\s+of\s+primes))\s*[?.!]*\s*$", re.IGNORECASE)


# What people call a statistic, as the math tool's function: "the standard deviation" is a sample's (n - 1, as a
# spreadsheet's STDEV and Python's statistics.stdev) unless they say population; the tool's result gives both.
_STATISTICS = {"average": "mean", "standard deviation": "stdev", "std dev": "stdev", "stddev": "stdev",
               "stdev": "stdev", "sample standard deviation": "stdev", "population standard deviation": "pstdev",
               "variance": "variance", "sample variance": "variance", "population variance": "pvariance",
               "mode": "mode", "total": "sum", "add": "sum", "maximum": "max", "largest": "max", "biggest": "max",
               "highest": "max", "greatest": "max", "minimum": "min", "smallest": "min", "lowest": "min",
               "least": "min"}  # fmt: skip (a name not here is the function's own: sum, mean, median, max, ...)
_STATISTIC = (r"(average|mean|median|sum|mode|(?:sample\s+|population\s+)?(?:standard\s+deviation|variance)|"
              r"std\.?\s*dev|stdev)")


def _listed(match: re.Match[str], how: str) -> str:
    numbers = re.findall(_NUM, match.group(match.lastindex or 0))
    if how == "product":
        return " * ".join(numbers)
    name = " ".join(how.lower().replace(".", " ").split())
    return f"{_STATISTICS.get(name, name)}({', '.join(numbers)})"


# Spelt-out operators, longest first; each becomes the tool's own syntax.
_N = r"(\d+(?:\.\d+)?)"  # (a number, as a group; thousands' commas are gone by then)


def _change(match: re.Match[str]) -> str:
    """"the percentage increase from 80 to 95": (95 - 80) / 80 * 100; a decrease counts down from the first."""
    old, new = match.group(2), match.group(3)
    return f"({old} - {new}) / {old} * 100" if match.group(1).lower() == "decrease" else f"({new} - {old}) / {old} * 100"


_SCALES = {"thousand": "1000", "million": "10 ** 6", "billion": "10 ** 9", "trillion": "10 ** 12"}
_WORDS: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    # Money: "What is 15% of $2,340?" (the amount's sign is the question's; the tool works on the number)
    (r"[$€£¥]\s?(?=\d)", ""),
    # "What's 1 million divided by 365, rounded to a whole number?" (the 1.5B: 27420; it is 2740)
    (r"(?<![\d.])(\d+(?:\.\d+)?)\s+(thousand|million|billion|trillion)\b",
     lambda m: f"({m.group(1)} * {_SCALES[m.group(2).lower()]})"),
    *INTEREST_WORDS,
    # Percentages asked the other way round, changes and discounts (the 1.5B: 19.38% for 80 to 95, where it is 18.75)
    (r"\bwhat\s+" + PERCENT + r"\s+of\s+" + _N + r"\s+is\s+" + _N, r"\2 / \1 * 100"),
    (_N + r"\s+is\s+what\s+" + PERCENT + r"\s+of\s+" + _N, r"\1 / \2 * 100"),
    (r"\bwhat\s+" + PERCENT + r"\s+(?:of\s+)?" + _N + r"\s+is\s+" + _N, r"\2 / \1 * 100"),
    (r"\b(?:the\s+)?" + PERCENT + r"\s+(increase|decrease|change|rise|growth|drop)\s+(?:from\s+)?" + _N
     + r"\s+(?:to|and)\s+" + _N, _change),
    (_N + r"\s*%\s+off\s+(?:of\s+)?" + _N, r"\2 * (1 - \1 / 100)"),  # "20% off 50": 40
    (_N + r"\s+(?:with|less)\s+" + _N + r"\s*%\s+(?:off|discount)", r"\1 * (1 - \2 / 100)"),
    (r"\b(?:an?\s+)?" + _N + r"\s*%\s+tip\s+(?:on|for|of)\s+" + _N, r"\1 / 100 * \2"),
    (_N + r"\s+(?:plus|\+)\s+" + _N + r"\s*%", r"\1 * (1 + \2 / 100)"),  # "200 plus 15%": 230
    (_N + r"\s+(?:minus|-)\s+" + _N + r"\s*%", r"\1 * (1 - \2 / 100)"),
    # The signs people type (× ÷ −): "What is 1,234 × 567?" went to the model, which got it wrong.
    # A fraction divided by is one number: "3/4 divided by 2/3" is 9/8 (read left to right, 3 / 4 / 2 / 3 is 1/8,
    # which the tool said and the 1.5B gave)
    (r"(?:\bdivided\s+by|÷)\s*(\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)(?![\d.]|\s*[*/^])", r"/ (\1)"),
    (r"[×✕∗·]", "*"), (r"÷", "/"), (r"[−–](?=\s*\d)", "-"),
    (r"\b(?:the\s+)?remainder\s+(?:when|of)\s+(\d+)\s+(?:is\s+)?divided\s+by\s+(\d+)", r"\1 % \2"),
    (r"(\d+)\s+(?:mod|modulo)\s+(\d+)", r"\1 % \2"),
    # "the least common multiple of 4, 6 and 10" (the 1.5B: 30; it is 60), "the GCF of 8, 12, and 16"
    (r"\b(?:the\s+)?(?:(?:greatest|highest)\s+common\s+(?:divisor|factor)|gcd|gcf|hcf)\s+(?:of|for)\s+"
     r"(?:the\s+numbers\s+)?" + _LIST, lambda m: _listed(m, "gcd")),
    (r"\b(?:the\s+)?(?:(?:least|lowest|smallest)\s+common\s+multiple|lcm)\s+(?:of|for)\s+(?:the\s+numbers\s+)?"
     + _LIST, lambda m: _listed(m, "lcm")),
    (r"\b(gcd|lcm)\s*\(", lambda m: m.group(1).lower() + "("), (r"\b(?:gcf|hcf)\s*\(", "gcd("),  # "LCM(4, 6)"
    (r"\bhalf\s+of\b", "1/2*"), (r"\b(?:a|one)\s+third\s+of\b", "1/3*"), (r"\btwo\s+thirds\s+of\b", "2/3*"),
    (r"\b(?:a|one)\s+quarter\s+of\b", "1/4*"), (r"\bthree\s+quarters\s+of\b", "3/4*"),
    (r"\bto\s+the\s+(\d+)(?:st|nd|rd|th)\s+power\b", r"** \1"),  # "2 to the 64th power"
    (r"\bto\s+the\s+power\s+of\b", "**"), (r"\bto\s+the\s+power\b", "**"), (r"\braised\s+to(?:\s+the)?\b", "**"),
    (r"\bmultiplied\s+by\b", "*"), (r"\btimes\b", "*"), (r"(?<=\d)\s+x\s*(?=\d)|(?<=\d)(?<!(?<![\w.])0)x\s*(?=\d)", "*"),
    (r"\bdivided\s+by\b", "/"), (r"\bover\b", "/"), (r"\bplus\b", "+"), (r"\bminus\b", "-"),
    (r"\bsquared\b", "**2"), (r"\bcubed\b", "**3"),
    (r"(\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\b", r"\1/100*"),
    (r"\bthe\s+square\s+root\s+of\s+(\d+(?:\.\d+)?)", r"sqrt(\1)"),
    (r"\bsquare\s+root\s+of\s+(\d+(?:\.\d+)?)", r"sqrt(\1)"),
    (r"\bthe\s+cube\s+root\s+of\s+(\d+(?:\.\d+)?)", r"(\1)**(1/3)"),
    (r"\bcube\s+root\s+of\s+(\d+(?:\.\d+)?)", r"(\1)**(1/3)"),
    (r"(\d+)\s+factorial\b", r"factorial(\1)"),
    # "the sum of the digits of 98765" (the 1.5B: 30; it is 35): the digits added, each shown
    (r"\b(?:the\s+)?(?:sum\s+of\s+(?:the\s+|all\s+(?:the\s+)?|its\s+)?digits\s+(?:of|in)|digit\s+sum\s+of)\s+"
     r"(?:the\s+number\s+)?(\d{2,100})\b", lambda m: " + ".join(m.group(1))),
    # "12 choose 4", "12C4", "How many ways can you choose 5 items from 9?" (the 1.5B worked 12 choose 4 out over 500
    # tokens: a slip anywhere in them is a wrong answer)
    (r"(\d+)\s+choose\s+(\d+)", r"comb(\1, \2)"), (r"(?-i:\b(\d+)\s?C\s?(\d+)\b)", r"comb(\1, \2)"),
    (r"(?-i:\b(\d+)\s?P\s?(\d+)\b)", r"perm(\1, \2)"),
    (r"^how\s+many\s+(?:ways\s+(?:can|could|are\s+there\s+to)\s+(?:you\s+|i\s+|we\s+|one\s+)?|combinations\s+(?:can|could)\s+"
     r"(?:you|i|we|one)\s+)(?:choose|pick|select)\s+(\d+)\s+(?:[a-z]+\s+)?(?:from|out\s+of)\s+(?:a\s+(?:group|set)\s+of\s+)?"
     r"(\d+)(?:\s+[a-z]+)?", r"comb(\2, \1)"),
    # "How many 5-card hands can be dealt from a 52-card deck?" (the 1.5B multiplied it out to 2,678,540; 2,598,960)
    (r"^how\s+many\s+(?:different\s+|possible\s+|distinct\s+|unique\s+)?(\d+)[-\s]card\s+(?:poker\s+)?hands"
     r"(?:\s+(?:are\s+there|(?:can|could)\s+(?:be\s+(?:dealt|drawn|made|formed|chosen)|you\s+(?:get|deal|make|draw|"
     r"form))|are\s+possible))?"
     r"(?:\s+(?:from|in|out\s+of|with)\s+(?:a|one)\s+(?:standard\s+|normal\s+|regular\s+|full\s+)?(?:(\d+)[-\s]card\s+)?"
     r"deck(?:\s+of\s+(?:(\d+)\s+)?(?:playing\s+)?cards)?)?",
     lambda m: f"comb({m.group(2) or m.group(3) or 52}, {m.group(1)})"),
    (r"\b(?:the\s+)?number\s+of\s+(?:ways\s+to\s+(?:choose|pick|select)|combinations\s+of)\s+(\d+)\s+(?:[a-z]+\s+)?"
     r"(?:from|out\s+of)\s+(\d+)(?:\s+[a-z]+)?", r"comb(\2, \1)"),
    # "the average of 12, 17, 23 and 41" (the 1.5B added them up to 95)
    # "the standard deviation of 2 4 4 4 5 5 7 9" (the 1.5B worked it out by hand over 400 tokens, cut off before
    # its last sentence)
    (r"\b(?:the\s+)?" + _STATISTIC + r"\s+of\s+(?:the\s+(?:numbers|values|data|data\s+set)\s+)?(?:" + _LIST + "|"
     + _SPACED + ")", lambda m: _listed(m, m.group(1))),
    (r"\b(?:the\s+)?product\s+of\s+(?:the\s+numbers\s+)?(?:" + _LIST + "|" + _SPACED + ")",
     lambda m: _listed(m, "product")),
]
_NUMBER = re.compile(r"\d")
_FACTORIAL = re.compile(r"(?<![\d.])(\d+)!(?!=)")  # "5!" (not "5 != 4")
_FUNCTIONS = r"(?:sqrt|factorial|mean|median|mode|p?stdev|p?variance|sum|gcd|lcm|comb|perm)"  # what the words become
_CALLS = _FUNCTIONS + r"\((?:-?[\d.]+(?:,\s*)?)+\)"
_LEFT = re.compile(r"^[\d\s.+\-*/()%^]*(?:" + _CALLS + r"[\d\s.+\-*/()%^]*)*$")
_OPERATOR = re.compile(r"\d\s*(?:\*\*|[-+*/%^])\s*[\d(]|" + _FUNCTIONS + r"\(")


_NUMERAL = r"(?-i:(?P<numeral>M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})))"  # in capitals
_UP_TO_4000 = r"\d,\d{3}(?!\d)|\d{1,4}"  # ("1,987": thousands' commas)
_ROMAN_WORDS = r"roman(?:\s+numerals?|\s+numbers?)?"
_ROMAN = [
    # "Write 2026 in Roman numerals", "What is 1987 in Roman numerals?", "How do you write 49 in Roman numerals?"
    re.compile(r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|whats|convert|change|turn|write|put|express|give\s+me|"
               r"how\s+(?:do\s+(?:you|i|we)|would\s+(?:you|i)|to)\s+(?:write|say))\s+)?(?:the\s+(?:number|year)\s+)?"
               r"(?P<n>" + _UP_TO_4000 + r")\s+(?:in|to|into|as)\s+" + _ROMAN_WORDS + r"\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:what\s+is|what's|whats)\s+(?:the\s+)?roman\s+numerals?\s+(?:for|of)\s+(?P<n>" + _UP_TO_4000 + r")"
               r"\s*[?.!]*\s*$", re.IGNORECASE),
    # "What is MCMXCIV in normal numbers?", "What number is XLIX?", "Convert MMXXVI to a number", "XLIX as a number"
    re.compile(r"^\s*(?:please\s+)?(?:what\s+is|what's|whats|convert|change|turn|translate|read)\s+(?:the\s+roman"
               r"\s+numerals?\s+)?['\"“‘]?" + _NUMERAL + r"['\"”’]?\s+(?:in|to|into|as)\s+(?:an?\s+)?(?:normal|regular|"
               r"arabic|ordinary|standard|decimal|modern)?\s*(?:numbers?|numerals?|digits|decimal|integer)\s*[?.!]*\s*$",
               re.IGNORECASE),
    re.compile(r"^\s*what\s+(?:number|year)\s+is\s+(?:the\s+roman\s+numerals?\s+)?['\"“‘]?" + _NUMERAL
               + r"['\"”’]?(?:\s+in\s+roman\s+numerals)?\s*[?.!]*\s*$", re.IGNORECASE),
    # "What does the Roman numeral MMXXVI mean?" ("What does CV mean?" asks about something else)
    re.compile(r"^\s*what\s+does\s+(?:the\s+roman\s+numerals?\s+['\"“‘]?" + _NUMERAL + r"['\"”’]?\s+(?:mean|"
               r"stand\s+for|represent)|['\"“‘]?" + _NUMERAL.replace("numeral>", "numeral2>") + r"['\"”’]?\s+(?:mean|"
               r"stand\s+for|represent)\s+in\s+roman\s+numerals)\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:what\s+is|what's|whats)\s+(?:the\s+roman\s+numerals?\s+)['\"“‘]?" + _NUMERAL
               + r"['\"”’]?\s*[?.!]*\s*$", re.IGNORECASE),
]


def _roman_asked(text: str) -> str | None:
    """"Write 2026 in Roman numerals" -> "roman(2026)"; "What is MCMXCIV in normal numbers?" -> "roman(MCMXCIV)" (a
    numeral in capitals, as written: "What is mix in numbers?" is no question of numerals)."""
    for pattern in _ROMAN:
        match = pattern.match(text)
        if match is None:
            continue
        named = match.groupdict()
        if named.get("n"):
            n = int(named["n"].replace(",", ""))
            return f"roman({n})" if 1 <= n <= 3999 else None
        numeral = named.get("numeral") or named.get("numeral2") or ""
        return f"roman({numeral})" if numeral else None
    return None


# "What is 0.625 as a fraction?" (the 1.5B: 1/4), "What is 3/8 as a decimal?", "Simplify 18/24": the number itself,
# which the math tool says both ways ("0.625 = 5/8 (= 0.625)"); up to nine decimal places, as a longer fraction is
# said as its decimal alone. "What's 12.5% as a fraction?" (the 1.5B: 125/100) is its decimal, 0.125, so that the
# tool says 1/8 and an answer is checked for the fraction, as a decimal's is.
_FRACTION_ASKED = re.compile(
    r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|whats|write|convert|express|turn|change|put|give\s+me)\s+)?"
    r"(?:the\s+(?:decimal|number|fraction|percentage)\s+)?(?:(?P<n>-?\d*\.\d{1,9}|-?\d+\s*/\s*\d+)"
    r"|(?P<pct>\d+(?:\.\d{1,7})?)\s*(?:%|percent|per\s+cent))\s+(?:as|to|into|in)\s+(?:a\s+|its\s+)?"
    r"(?P<to>(?:simplified\s+|common\s+|proper\s+)?fraction|decimal(?:\s+number)?|(?:simplest|lowest)\s+(?:form|terms))"
    r"(?:\s+form)?(?:(?:\s*,\s+|\s+)in\s+(?:its\s+)?(?:simplest|lowest)\s+(?:form|terms)|\s+simplified)?\s*[?.!]*\s*$",
    re.IGNORECASE)
# "What is 7/9 as a percentage?", "Convert 0.42 to a percent", "What is 18 out of 80 as a percentage?", "What
# percentage is 45/60?": the number times 100
_PERCENT_ASKED = [re.compile(p, re.IGNORECASE) for p in (
    r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|whats|write|convert|express|turn|change|put|give\s+me)\s+)?"
    r"(?:(?P<n>-?\d*\.\d{1,9}|-?\d+\s*/\s*\d+)|(?P<a>\d+(?:\.\d+)?)\s+out\s+of\s+(?P<b>\d+(?:\.\d+)?))\s+"
    r"(?:as|to|into|in)\s+(?:a\s+)?(?:percentage|percent|per\s+cent|%)\s*[?.!]*\s*$",
    r"^\s*what\s+(?:percentage|percent)\s+is\s+(?:(?P<n>-?\d*\.\d{1,9}|-?\d+\s*/\s*\d+)|(?P<a>\d+(?:\.\d+)?)\s+"
    r"out\s+of\s+(?P<b>\d+(?:\.\d+)?))\s*[?.!]*\s*$")]
_SIMPLIFY = re.compile(r"^\s*(?:please\s+)?(?:simplify|reduce)\s+(?:the\s+fraction\s+)?(?P<n>-?\d+\s*/\s*\d+)\s*[?.!]*\s*$",
                       re.IGNORECASE)
# "Simplify the ratio 1920:1080", "Reduce 45:60 to its simplest form", "Write the ratio 8:12:20 in lowest terms":
# ratio(…), which the math tool says in lowest terms (16:9). Terms alone only after "simplify" or "reduce", or with
# lowest terms asked: "What is 3:1?" is a score, "John 3:16" a verse, "Simplify 10:30 am" a time and "Split $100 in
# the ratio 2:3" a sum (each term up to 10^12, to six places, as the tool takes them)
_TERM = r"\d{1,12}(?:\.\d{1,6})?"
_A_RATIO = (r"(?:(?:the\s+)?ratio\s+(?:of\s+)?)?(?P<terms>" + _TERM + r"(?:\s*:\s*" + _TERM + r"){1,5})(?!\.?\d|\s*:)"
            r"|(?:the\s+)?ratio\s+(?:of\s+)?(?P<a>" + _TERM + r")\s+to\s+(?P<b>" + _TERM + r")")
_IN_LOWEST = (r"(?:in|to|into|as)\s+(?:its\s+|the\s+|a\s+)?(?:(?:simplest|lowest)\s+(?:form|terms)|"
              r"(?:simplest|simplified|reduced)\s+ratio)")
_RATIO_END = r"\s*+[?.!]*+\s*+$"  # (possessive, as _TAIL: a run of spaces is read one way)
_RATIO_ASKED = [
    # "Simplify the ratio 1920:1080", "Simplify 12:18", "Reduce the ratio 45:60 to its simplest form"
    re.compile(r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:simplify|reduce)\s+(?:" + _A_RATIO + r")(?:\s+"
               + _IN_LOWEST + r"|\s+(?:fully|completely))?" + _RATIO_END, re.IGNORECASE),
    # "What is 45:60 in simplest form?", "Write the ratio 8:12:20 in lowest terms", "Express 16:10 as a simplified
    # ratio"
    re.compile(r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|what’s|whats|write|express|put|give|convert|turn)\s+)?(?:"
               + _A_RATIO + r")(?:\s*,\s*|\s+)" + _IN_LOWEST + _RATIO_END, re.IGNORECASE),
    # "What is the simplest form of the ratio 45:60?"
    re.compile(r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|what’s|whats|find|give\s+me|write)\s+)?the\s+(?:simplest|"
               r"lowest)\s+(?:form|terms)\s+(?:of|for)\s+(?:" + _A_RATIO + r")" + _RATIO_END, re.IGNORECASE),
]


def _ratio_asked(text: str) -> str | None:
    """"Simplify the ratio 1920:1080" or "What is the aspect ratio of 1920x1080?" (screens.py) -> "ratio(1920, 1080)";
    None where a term is 0. Asked before word problems, whose expressions are evaluated: ratio() is no number."""
    match = next(filter(None, (p.match(text) for p in _RATIO_ASKED)), None)
    if match is None:
        return aspect_asked(text)
    named = match.groupdict()
    terms = re.split(r"\s*:\s*", named["terms"]) if named.get("terms") else [named["a"], named["b"]]
    return None if any(Fraction(t) == 0 for t in terms) else f"ratio({', '.join(terms)})"


def _fraction_asked(text: str) -> str | None:
    """A fraction, decimal or percentage asked the other way ("0.625 as a fraction"), or a ratio in lowest terms
    (_ratio_asked), as the math tool's expression; else None."""
    ratio = _ratio_asked(text)
    if ratio is not None:
        return ratio
    percent = next(filter(None, (p.match(text) for p in _PERCENT_ASKED)), None)
    if percent is not None:  # (the 1.5B: 7/9 is 77.78%, worked out at length; checked as a number)
        n = "".join((percent.group("n") or "").split())
        if "/" in n:  # (each part as a number: "07/9" is 7/9, which the math tool reads)
            top, bottom = (int(part) for part in n.split("/"))
            return f"{top}/{bottom} * 100" if bottom else None
        if n:
            return f"{Decimal(n)} * 100"
        a, b = (Decimal(percent.group(k)) for k in ("a", "b"))
        return f"{a} / {b} * 100" if b else None
    match = _FRACTION_ASKED.match(text) or _SIMPLIFY.match(text)
    if match is None:
        return None
    to_decimal = "decimal" in (match.groupdict().get("to") or "").lower()
    if match.groupdict().get("pct"):  # (as a decimal, a percentage is the model's to say: its point moved two places)
        return None if to_decimal else format(Decimal(match.group("pct")).scaleb(-2).normalize(), "f")
    n = "".join(match.group("n").split())
    if "/" not in n:
        return None if to_decimal else n  # (a decimal as a decimal)
    return n if int(n.split("/")[1]) != 0 else None


def arithmetic_in(text: str) -> str | None:
    """The arithmetic expression `text` plainly asks for, in the math tool's syntax, or None."""
    if len(text) > 300 or "\n" in text.strip():
        return None
    numeral = _roman_asked(text)
    if numeral is not None:
        return numeral
    based = base_asked(text)
    if based is not None:  # "What is 255 in binary?", "Convert 0x1F4 to decimal"
        return based
    summed = based_sum_asked(text)
    if summed is not None and _checked(summed[1]) is not None:  # "0xFF + 0x1A in decimal", "200 + 55 in hex"
        return f"{summed[0]}({summed[1]})" if summed[0] else summed[1]
    fraction = _fraction_asked(text)
    if fraction is not None:
        return fraction
    one = prime_asked(text) or _checked(digits_asked(text, _expression) or digit_sum_asked(text, _expression))
    if one is not None:  # "Is 1,000,003 a prime number?", "How many digits does 100 factorial have?"
        return one
    factored = _FACTORED.match(THOUSANDS.sub("", text))
    if factored is not None:
        n = int(next(g for g in factored.group("n", "m", "k", "j") if g))
        return f"factor({n})" if n <= 10**12 else None
    plain = THOUSANDS.sub("", text)
    several = _several_asked(plain)
    if several is not None:  # "What's the mean and median of 3, 9, 4, 10, 4?" (the 1.5B: mean 7; it is 6)
        return _checked(several)
    shaped = _checked(shape_asked(plain) or word_problem(plain) or money_asked(plain))
    if shaped is not None:  # "A circle has a radius of 4 cm. What is its area?", "£120 including 20% VAT" before it,
        # "the monthly payment on a $20,000 loan at 6% over 5 years"
        return shaped
    sentences = [s for s in re.split(r"(?<=[?.!])(?<!\d!)\s+", text.strip()) if s.strip()]  # ("5! / 3!": factorials)
    found: str | None = None
    for sentence in sentences:
        expression = _rounded(sentence)
        if expression is not None and found is None:
            found = expression
        elif _NUMBER.search(sentence):
            return None  # numbers elsewhere: a word problem, for the model
    return found


def math_asked(text: str) -> dict[str, str] | None:
    """The math tool's arguments for a message that plainly asks arithmetic (arithmetic_in) or about numbers given
    with it (numbers_asked): the expression, and the currency the question names where the tool then says an amount
    to the cent (40% off $59.99 is 35.994, which the 1.5B answered as "$35.994": the tool adds "$35.99 to the cent").
    Decimal commas are read first ("€12,50": decimalcommas.py); a comma that could be one or part two numbers leaves
    the question to the model."""
    said = decimal_commas(text)
    if said is None:
        return None
    text = said
    expression = arithmetic_in(text) or numbers_asked(text) or series_asked(text)
    if expression is None:
        return None
    money = _currency(text)
    if money is not None:
        from llorch.tools.math import past_the_cent

        if past_the_cent(expression, money):
            return {"expression": expression, "money": money}
    return {"expression": expression}


# A currency as a question names it: a sign, a code or a word ("pounds" of a weight are none; "$100 divided by $3" is
# a ratio of two sums, no amount)
_CURRENCY_NAMED = re.compile(r"[$£€¥]|\b(?:usd|eur|gbp|jpy|dollars?|euros?|pounds?|yen)\b", re.IGNORECASE)
_CURRENCY_OF = {"usd": "$", "dollar": "$", "eur": "€", "euro": "€", "gbp": "£", "pound": "£", "jpy": "¥", "yen": "¥"}
_WEIGHED = re.compile(r"\b(?:weigh\w*|heav\w*|light\w*|lbs?|kg|kilo\w*|grams?|ounces?|oz|stones?|mass|bmi|body\s+mass|"
                      r"tall|feet|foot|ft|inch\w*)\b", re.IGNORECASE)  # ("BMI … 6 feet tall and 200 pounds": no money)
_RATIO = re.compile(r"(?:divided\s+by|[/÷])\s*(?:[$£€¥]|[\d,.]+\s*(?:dollars?|euros?|pounds?|yen)\b)", re.IGNORECASE)


def _currency(text: str) -> str | None:
    """The one currency `text` names, as its sign, or None (none, several, or a ratio of two sums)."""
    weighed = _WEIGHED.search(text) is not None  # (once: a search per "pounds" was quadratic in a long message)
    named = {_CURRENCY_OF.get(m.group().lower().rstrip("s"), m.group()) for m in _CURRENCY_NAMED.finditer(text)
             if not (m.group().lower().startswith("pound") and weighed)}
    return named.pop() if len(named) == 1 and not _RATIO.search(text) else None


# "… to 10 decimal places" (the 1.5B cut the square root of 2 at 1.4142135623; rounded, it is …624), "Round 3.14159
# to 2 decimal places", "Round 1234.5678 to the nearest hundred" (round(x, -2)), "Round 0.000123456 to 3 significant
# figures" (round(x, 6): the places its size gives, for a number the tool works out exactly)
_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
           "eleven": 11, "twelve": 12}
_NEAREST = {"whole number": 0, "integer": 0, "unit": 0, "one": 0, "1": 0, "dollar": 0, "pound": 0, "euro": 0,
            "ten": -1, "10": -1, "hundred": -2, "100": -2, "thousand": -3, "1000": -3, "ten thousand": -4,
            "10000": -4, "hundred thousand": -5, "million": -6, "tenth": 1, "0.1": 1, "hundredth": 2, "0.01": 2,
            "cent": 2, "penny": 2, "thousandth": 3, "0.001": 3}
_COUNT = r"(\d{1,2}|" + "|".join(_COUNTS) + r")"
ROUNDED_TO = _PLACES = re.compile(
    r"(?:\s*,\s+|\s+)(?:(?:rounded|correct|accurate)\s+)?to\s+(?:" + _COUNT + r"\s+(?:decimal\s+places?|decimals?|d\.?\s?p\.?|"
    r"places?)|(?:the\s+nearest|an?(?=\s+(?:whole\s+number|integer)\b))\s+(" + "|".join(sorted((k.replace(" ", r"\s+").replace(".", r"\.") for k in _NEAREST),
                                                   key=len, reverse=True)) + r")|"
    + _COUNT + r"\s+(?:significant\s+(?:figures?|digits?)|sig\.?\s?figs?|s\.?\s?f\.?))(?=\s*[?.!]*\s*$)", re.IGNORECASE)
_ROUND = re.compile(r"^\s*(?:please\s+)?round\s+(?:off\s+)?", re.IGNORECASE)


def _rounded(sentence: str) -> str | None:
    """The sentence's expression, in round(…, N) when it asks for N decimal places, a nearest ten, hundred, tenth…,
    or N significant figures."""
    places = _PLACES.search(sentence)
    if places is None:
        return _expression(sentence)
    rest = sentence[:places.start()] + sentence[places.end():]
    bare = THOUSANDS.sub("", (_ROUND.sub("", rest) if _ROUND.match(rest) else _LEAD.sub("", rest, count=1)))
    bare = re.sub(r"^[$€£¥]\s?(?=\d)", "", bare.strip().rstrip("?.!").strip())
    inner = _expression(rest) or (bare if re.fullmatch(_NUM, bare) else None)
    if inner is None:
        return None
    decimals, nearest, figures = places.groups()
    if decimals is not None:
        return f"round({inner}, {_COUNTS.get(decimals.lower()) or int(decimals)})"
    if nearest is not None:
        return f"round({inner}, {_NEAREST[' '.join(nearest.lower().split())]})"
    n = _significant_places(inner, _COUNTS.get(figures.lower()) or int(figures))
    return f"round({inner}, {n})" if n is not None else None


def _significant_places(expression: str, figures: int) -> int | None:
    """The decimal places that keep `figures` significant figures of an exact value (round(0.000123456, 6) keeps
    3); None for 0, or a value the tool works out only to so many digits (its size could be off by a power of ten)."""
    from llorch.tools.evaluator import evaluate

    value = evaluate(expression)
    if not isinstance(value, Fraction) or value == 0 or figures < 1:
        return None
    size = abs(value)
    if max(size.numerator.bit_length(), size.denominator.bit_length()) > 3_000:  # (str() of such an int raises:
        return None  # "9^5000 to 3 sig figs" escaped the exact step as a ValueError; the model words it)
    exponent = len(str(size.numerator)) - len(str(size.denominator))  # 10 ** exponent <= size < 10 ** (exponent + 1)
    if Fraction(10) ** exponent > size:
        exponent -= 1
    places = figures - 1 - exponent
    if floor(size * Fraction(10) ** places + Fraction(1, 2)) == 10**figures:  # 0.0009996 to 3: 0.00100, not 0.001000
        places -= 1
    return places


def _expression(sentence: str) -> str | None:
    s = _FACTORIAL.sub(r"factorial(\1)", THOUSANDS.sub("", sentence))  # (before the tail's "?!" goes: "6! / 4!?")
    shaped = _checked(shape_asked(s))
    if shaped is not None:  # "What is the area of a circle with a radius of 4 cm?": pi * 4 ** 2
        return shaped
    s = _LEAD.sub("", s, count=1)
    s = _TAIL.sub("", s)
    for pattern, repl in _WORDS:
        s = re.sub(pattern, repl, s, flags=re.IGNORECASE)
    s = s.strip()
    if not s or not _LEFT.match(s) or not _OPERATOR.search(s):
        return None
    return _checked(re.sub(r"\s+", " ", re.sub(r"\s*(\*\*|[+*/])\s*", r" \1 ", s)).strip())


def _checked(expression: str | None) -> str | None:
    """`expression` when the math tool computes it (not 1/0, not a number too large), else None."""
    if expression is None:
        return None
    from llorch.tools.evaluator import evaluate

    try:
        for part in expression.split("; "):  # ("mean(…); median(…)": each)
            evaluate(part)
    except (LlorchError, ValueError, ArithmeticError, SyntaxError):
        return None
    return expression


# --- a list of numbers given with the question ---------------------------------------------------------

# The statistics a question about a list may name (_STATISTICS says which function each is), one or several: "the mean
# and median of 3, 9, 4, 10, 4" (the 1.5B said the mean is 7; it is 6), "the min, max and average of these"
_LIST_STATS = ("sum", "total", "average", "mean", "median", "mode", "product", "standard deviation", "std dev", "stdev",
               "variance", "maximum", "max", "largest", "biggest", "highest", "greatest", "minimum", "min", "smallest",
               "lowest", "least")
# "Give me the running total of these numbers" of 5, 3, 8, 2 (the 1.5B: "18"; it is 5, 8, 16, 18): each partial sum,
# "5; 5 + 3; 5 + 3 + 8; 5 + 3 + 8 + 2", which the tool says one by one ("5 + 3 = 8; …"); asked alone, and up to the
# expressions the tool works out in one call (math.py's _MAX_PARTS)
_RUNNING_WORDS = r"(?:running|cumulative)\s+(?:total|sum|balance)s?"  # ("Show me the running balance." of
# piped deposits and withdrawals, 250, -40, 125: the 1.5B said 125; it is 250, 210, 335)
_RUNNING = re.compile(_RUNNING_WORDS, re.IGNORECASE)
_MAX_RUNNING = 12  # the most parts the math tool takes in one call (math._MAX_PARTS)
_STAT_WORD = ("(?:" + _RUNNING_WORDS + "|" + "|".join(sorted((w.replace(" ", r"\s+") for w in _LIST_STATS), key=len,
                                                              reverse=True)) + ")")
_STAT = r"(?P<stat>" + _STAT_WORD + ")"
_STATS = (r"(?P<stat>" + _STAT_WORD + r"(?:\s*,\s*(?:the\s+)?" + _STAT_WORD + r"|(?:\s*,\s*|\s*)(?:and\b|&)\s*"
          r"(?:the\s+)?" + _STAT_WORD + r")*)")  # (one way to read each space: "\s*,?\s*" was exponential in "and"s)
# What the numbers are ("these expenses: 120, 45, 80, 60"), after "these", "the following" or "my"
_LISTED_NOUNS = (r"(?:numbers|values|figures|amounts|items|list|expenses|costs|prices|payments|sales|deposits|"
                 r"withdrawals|transactions|purchases|charges|bills|donations|earnings|profits|losses|scores|points|"
                 r"readings|measurements|entries|hours|minutes|seconds|days|weeks|months|years|miles|km|kilometers|"
                 r"kilometres|meters|metres|kg|kilos|pounds|lbs|grams|liters|litres|gallons|steps|calories|visitors|"
                 r"visits|views|clicks|downloads|orders|units|sessions|tips|distances|durations|weights|pages|books|"
                 r"chapters|words|laps|reps|goals|tickets|emails|calls|cups|glasses|meals|times)")
_THESE = (r"(?:(?:all\s+)?(?:of\s+)?(?:(?:these|those|them|this\s+list|the\s+list|the\s+following|the\s+numbers|this)"
          r"(?:\s+" + _LISTED_NOUNS + r")?|my\s+" + _LISTED_NOUNS + r")(?:\s+(?:below|here))?)")
_ASKING = (r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:(?:what(?:'s|’s|\s+is|\s+are)|whats|give\s+me|calculate|"
           r"compute|find|tell\s+me|get|work\s+out|show(?:\s+me)?)\s+)?")
_NUMBERS_ASKED = [
    # "What is the sum of these numbers?", "What's the mean and median of these?", "the largest number in this list"
    re.compile(_ASKING + r"(?:the\s+|an?\s+)?" + _STATS + r"(?:\s+(?:number|value|one))?\s+(?:of|in|among|for)\s+"
               + _THESE + r"\s*[?.!:]*\s*$", re.IGNORECASE),
    # "Add these up", "Sum these numbers", "Total these", "Average these"
    re.compile(r"^\s*(?:please\s+)?(?P<stat>add|sum|total|average)\s+(?:up\s+)?" + _THESE + r"(?:\s+up)?\s*[?.!:]*\s*$",
               re.IGNORECASE),
    # "What's the total?", "What are the mean and median?", "Give me the running total." (of a text that is numbers
    # alone)
    re.compile(_ASKING + r"(?:the\s+|(?:a|my|our)\s+(?=running|cumulative))?" + _STATS + r"\s*[?.!:]*\s*$",
               re.IGNORECASE),
    # "Which number is the largest?"
    re.compile(r"^\s*(?:which|what)\s+(?:number|value|one)\s+is\s+(?:the\s+)?" + _STAT + r"\s*[?.!]*\s*$",
               re.IGNORECASE),
]
# What was done to the things a list counts, said after them ("pages read", "miles run", "books sold"); no word that
# makes other numbers of the list ("numbers squared", "values doubled": their sum is no sum of the list)
_DONE_TO = (r"(?:read|run|ran|walked|cycled|biked|ridden|rode|hiked|jogged|swum|swam|rowed|driven|drove|flown|"
            r"travell?ed|covered|worked|logged|billed|spent|slept|studied|practi[cs]ed|played|watched|sold|bought|"
            r"ordered|shipped|delivered|made|produced|built|packed|written|typed|drunk|drank|eaten|consumed|burned|"
            r"burnt|earned|saved|paid|raised|donated|received|sent|scored|won|lost|completed|done|finished|solved|"
            r"answered|fixed|closed|visited|lifted|taken|caught|picked|collected|recorded|used|served|booked|"
            r"attended|posted|published|uploaded)")
# "Give me the running total of pages read: 18, 22, 15, 30, 9" (the 1.5B: 104; it is 18, 40, 55, 85, 94): a list's
# things named bare before the colon and the list after it: one of _LISTED_NOUNS ("of hours: …", "of cups of coffee
# drunk: …"), or any plural with what was done to it ("of tickets sold: …"; not "of squares: 1, 2, 3", a sum of
# squares). One way to read each word, and the colon's list after: "of my account" alone is no list
_NAMED_ASKED = re.compile(
    _ASKING + r"(?:the\s+|(?:a|my|our)\s+(?=running|cumulative))?" + _STATS + r"\s+(?:of|for)\s+(?:(?:the|my|our)\s+)?"
    r"(?:" + _LISTED_NOUNS + r"(?:\s+of\s+[a-z]+)?(?:\s+" + _DONE_TO + r")?|[a-z]+s(?:\s+of\s+[a-z]+)?\s+" + _DONE_TO
    + r")\s*:(?P<list>[^:]*)$", re.IGNORECASE)
# Several statistics of a list given inline: "What are the min, max and average of 12, 7, 30, 1?" (one alone is
# _WORDS's rewrite, which takes fewer of them)
_SEVERAL = re.compile(_ASKING + r"(?:the\s+)?" + _STATS + r"\s+(?:of|for)\s+(?:the\s+(?:numbers|values|data|data\s+set)"
                      r"\s+)?(?:" + _LIST + "|" + _SPACED + r")\s*[?.!]*\s*$", re.IGNORECASE)
_MAX_LISTED = 1000  # characters of the expression the math tool takes


def numbers_asked(message: str) -> str | None:
    """The math tool's expression for a plain question about a list of numbers given with it (piped after the
    question, or after its colon): "What is the sum of these numbers?" of 12.5, 7.25, 30 and 0.25 (the 1.5B: 40; it
    is 50), their average, median, largest, smallest, standard deviation, or several of these ("mean(…); median(…)");
    or of some of them ("the sum of the even numbers here", the 1.5B: 54 of 60; "How many of these are above 10?":
    numberfilters.py), where the list may be in the question ("in 3, 8, 10, 15"); its running total, each partial sum.
    Numbers one per line may have thousands' commas; on one line, commas or spaces part them. None for anything
    else, or a list longer than the tool takes."""
    named = _named_asked(message)
    if named is not None:  # ("the running total of pages read: 18, 22, 15, 30, 9")
        return named
    for question, body in asked_parts(message):
        body = _list_body(body)
        some = filter_asked(question)
        if some is not None and bool(body) != bool(some.inline):  # "the sum of the even numbers here" (numbers piped
            # or in the question, not both: numberfilters.py)
            numbers = list(some.inline) or listed_numbers(body)
            return some.expression(numbers) if numbers is not None and len(numbers) >= 2 else None
        match = _numbers_match(question, body)
        if match is None or not body:
            continue
        numbers = listed_numbers(body)
        if numbers is None or len(numbers) < 2:
            return None
        return _statistics(match.group("stat"), numbers)
    return None


# The unit a list's numbers are in, said after them ("the total of these durations in minutes?": the 1.5B said 65 of
# 12.5, 8.25, 30 and 4.75; it is 55.5), each as the unit it is: "in hours" of "these minutes" converts, which the
# list's statistics do not (the model's), as "in dollars" of numbers written in euros does
_UNIT_OF = {"seconds": "seconds", "secs": "seconds", "minutes": "minutes", "mins": "minutes", "hours": "hours",
            "hrs": "hours", "days": "days", "weeks": "weeks", "months": "months", "years": "years", "dollars": "$",
            "usd": "$", "euros": "€", "eur": "€", "pounds": "pounds", "gbp": "pounds", "lbs": "pounds", "miles": "miles",
            "km": "km", "kilometers": "km", "kilometres": "km", "meters": "m", "metres": "m", "kg": "kg",
            "kilos": "kg", "kilograms": "kg", "grams": "g", "liters": "l", "litres": "l", "gallons": "gallons"}
_UNIT_NAMES = r"(?:" + "|".join(sorted(_UNIT_OF, key=len, reverse=True)) + r")"
_UNIT_TAIL = re.compile(r"\s+in\s+(?P<unit>" + _UNIT_NAMES + r")(?P<end>\s*[?.!:]*\s*)$", re.IGNORECASE)
_UNIT_WORD = re.compile(r"\b" + _UNIT_NAMES + r"\b", re.IGNORECASE)
_SIGN_OF = {"$": "$", "€": "€", "£": "pounds"}


def _numbers_match(question: str, body: str) -> re.Match[str] | None:
    """The question about a list (_NUMBERS_ASKED) `question` is, read without a unit its numbers are already in
    ("What is the total of these durations in minutes?"); None for none, or for a unit they are to be converted to."""
    tail = _UNIT_TAIL.search(question)
    if tail is None:
        return next(filter(None, (p.match(question) for p in _NUMBERS_ASKED)), None)
    unit = _UNIT_OF[tail.group("unit").lower()]
    said = question[:tail.start()] + tail.group("end")
    named = {_UNIT_OF[w.group().lower()] for w in _UNIT_WORD.finditer(said)}
    signs = {_SIGN_OF[c] for c in body if c in _SIGN_OF}
    if named - {unit} or signs - {unit}:  # ("the total of these minutes in hours", "in dollars" of €5 and €7)
        return None
    return next(filter(None, (p.match(said) for p in _NUMBERS_ASKED[:2])), None)  # (of these: "the total in hours"
    # alone may ask numbers in other units converted)


def _list_body(body: str) -> str:
    """A list as given: on one line, without the question's own end ("these hours: 3.5, 2.25, 4, 1.75?")."""
    return body if "\n" in body else body.rstrip("?!. ")


def _named_asked(message: str) -> str | None:
    """The statistics of a list given after a colon that follows the things it counts, named bare ("the running
    total of pages read: 18, 22, 15, 30, 9"), on one line or piped after it; None for anything else."""
    said = message.strip()
    match = _NAMED_ASKED.match(said)
    if match is None or "\n" in said[:match.start("list")]:
        return None
    numbers = listed_numbers(_list_body(match.group("list").strip()))
    return _statistics(match.group("stat"), numbers) if numbers is not None and len(numbers) >= 2 else None


def _several_asked(text: str) -> str | None:
    """"What's the mean and median of 3, 9, 4, 10, 4?" -> "mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)": two or more
    statistics of one list, each worked out by the tool (it takes them parted by "; "), in the order asked."""
    match = _SEVERAL.match(re.sub(r"[$€£¥]\s?(?=\d)", "", text))
    if match is None or (len(re.findall(_STAT_WORD, match.group("stat"), re.IGNORECASE)) < 2
                         and not _RUNNING.match(match.group("stat"))):  # ("the running total of 5, 3, 8 and 2")
        return None
    return _statistics(match.group("stat"), re.findall(_NUM, match.string[match.end("stat"):]))


def _statistics(named: str, numbers: list[str]) -> str | None:
    """The tool's expression for the statistics `named` ("min, max and average") of `numbers`, each once and in
    order, parted by "; "; None past the length the tool takes."""
    if _RUNNING.search(named):  # (a running total alone: its last is the sum)
        if _RUNNING.fullmatch(named.strip()) is None or len(numbers) > _MAX_RUNNING:
            return None
        sums = [numbers[0]]
        for n in numbers[1:]:
            sums.append(f"{sums[-1]} - {n[1:]}" if n.startswith("-") else f"{sums[-1]} + {n}")
        expression = "; ".join(sums)
        return expression if len(expression) <= _MAX_LISTED else None
    functions: list[str] = []
    for word in re.findall(_STAT_WORD, named, re.IGNORECASE) or [named]:  # ("Add these up": add, a sum)
        function = _STATISTICS.get(" ".join(word.lower().split()), " ".join(word.lower().split()))
        if function not in functions:
            functions.append(function)
    expression = "; ".join(" * ".join(numbers) if f == "product" else f"{f}({', '.join(numbers)})" for f in functions)
    return expression if len(expression) <= _MAX_LISTED else None
