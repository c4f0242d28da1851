"""Money questions with one textbook formula, as the math tool's expression: a loan's monthly payment, what a sum
saved grows to, and the interest on it, and the same of a saving made every month (week, quarter, year).

"What's the monthly payment on a $20,000 loan at 6% APR over 5 years?" is the amortization formula
`20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -(5 * 12))` (the 1.5B said 387.68; it is 386.66). "If I invest
$1,000 at 5% compounded annually, how much will I have after 10 years?" is `1000 * (1 + 5 / 100) ** 10` (the 1.5B:
$1,628.90; it is 1,628.89), and asked for the interest, that less the 1000 (the 1.5B gave the grown sum as the
interest). "If I save $200 a month at 5% annual interest compounded monthly, how much will I have after 10 years?" is
`200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12)` (the 1.5B: $367.90; it is $31,056.46), and "How much
do I need to save each month to have $50,000 in 10 years at 5%?" `50000 * (5 / 100 / 12) / ((1 + 5 / 100 / 12) **
(12 * 10) - 1)`. A question is taken only when each of its numbers is one the formula needs (the sum, the rate, the
term; a sum already saved beside a saving made every month) and every other word is one such a question is made of:
an extra payment, an employer's match, a monthly rate, inflation or a third sum is a different sum, and stays the
model's, as does a share of a sum ("I earn $3,000 a month and save 10% of it": no rate at all) or a sum earned. The same
growth without a bank: "What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a year?" is `100 * (1 + 2.5 / 100)
** 26` (the 1.5B: $348.79; it is $190.03), what $100 in 2026 was worth in 2000 `100 / (1 + 2.5 / 100) ** 26`, and "$100
grows at 3% a year for 10 years" `100 * (1 + 3 / 100) ** 10` ("What will $100 be worth in 10 years at 3.5% inflation?"
is either what it buys or what the same things cost, and stays the model's; what something costing $100 will cost is the
second), as does a rent: "My rent is $1,450 a month and goes up 3% every year. What will it be in 5 years?" is `1450 *
(1 + 3 / 100) ** 5` (the 1.5B: $1,677.72; it is $1,680.95), and what it comes to over the years, a total paid, stays
the model's. And the other way round, the yearly rate that took one sum to another: "What's the compound annual
growth rate from $10,000 to $16,000 over 5 years?" is `((16000 / 10000) ** (1 / 5) - 1) * 100`, a percentage (the
1.5B: 8.45%; it is 9.86%).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from decimal import Decimal

from llorch.tools.mathnumbers import MAX_EXPONENT

__all__ = ["CURRENCY", "CURRENCY_SIGNS", "INTEREST_WORDS", "NEGATIVE", "PERCENT", "SUM_GIVEN", "TERM_GIVEN",
           "THOUSANDS", "marked", "money_asked", "one_marked", "plain", "sum_rate_term", "written"]

_N = r"\d+(?:\.\d+)?"
CURRENCY = r"(?:dollars?|pounds?|euros?|bucks|quid|usd|gbp|eur)"  # a sum's currency said after it ("40 dollars")
# CURRENCY's words (in lower case, without a plural's "s") as their signs
CURRENCY_SIGNS = {"dollar": "$", "buck": "$", "usd": "$", "pound": "£", "quid": "£", "gbp": "£", "euro": "€",
                  "eur": "€"}
PERCENT = r"(?:percent|per\s+cent|percentage|%)"
# How often interest is added a year, as people say it: "compounded monthly" splits a year's rate over 12 periods
_PERIODS = {"annually": 1, "yearly": 1, "semiannually": 2, "semi-annually": 2, "halfyearly": 2, "half-yearly": 2,
            "twice": 2, "quarterly": 4, "monthly": 12, "weekly": 52, "daily": 365}
_EVERY = r"(?:annually|yearly|semi-?annually|half-?yearly|twice\s+a\s+year|quarterly|monthly|weekly|daily)"


# --- "the compound interest on P at R% for N years" (the words arithmetic.py rewrites in a sentence) -----------

# "at 5% per year" (a year's rate however said), "compounded monthly", before or after "for 3 years"
_RATE = (r"\s+at\s+(?:an?\s+(?:annual\s+|yearly\s+)?(?:interest\s+)?rate\s+of\s+)?(?P<r>" + _N + r")\s*" + PERCENT
         + r"(?:\s+(?:annual|yearly))?(?:\s+interest)?"
         r"(?:\s+(?:per\s+(?:year|annum)|a\s+year|annually|yearly|p\.\s?a\.?|pa))?")
_YEARS = r"\s+(?:for|over)\s+(?P<y>" + _N + r")\s+years?"
_COMPOUNDED = r"(?:(?:\s*,\s+|\s+)compounded\s+" + _EVERY + r")?"


def _grown(principal: str, rate: str, years: str, k: int) -> str:
    """What `principal` grows to at `rate`% a year added `k` times a year for `years` years."""
    if k == 1:
        return f"{principal} * (1 + {rate} / 100) ** {years}"
    return f"{principal} * (1 + {rate} / 100 / {k}) ** ({k} * {years})"


def _times_a_year(text: str) -> int:
    every = re.search(r"compound(?:ed|ing)\s+(\S+)|(\S+)\s+compounding", text, re.IGNORECASE)
    return _PERIODS.get((every.group(1) or every.group(2)).lower().rstrip(","), 1) if every else 1


def _compound(match: re.Match[str]) -> str:
    """"the compound interest on 1000 at 5% per year for 3 years": what the sum grows by, 1000 * 1.05 ** 3 - 1000
    (the 1.5B gave the grown sum, 1157.63, as the interest)."""
    principal = match.group("p")
    return f"{_grown(principal, match.group('r'), match.group('y'), _times_a_year(match.group(0)))} - {principal}"


def _simple(match: re.Match[str]) -> str:
    return f"{match.group('p')} * {match.group('r')} / 100 * {match.group('y')}"


def _interest(kind: str, *, years_first: bool = False) -> str:
    """"the compound interest on P at R% … for N years" (or "… for N years at R%"), its numbers named p, r and y."""
    on = (r"\b(?:the\s+)?" + kind + r"\s+interest\s+(?:earned\s+|paid\s+|owed\s+)?(?:on|for)\s+"
          r"(?:a\s+(?:loan|deposit|balance)\s+of\s+)?(?P<p>\d+(?:\.\d+)?)")
    tail = _COMPOUNDED if kind == "compound" else ""
    return on + (_YEARS + _RATE + tail if years_first else _RATE + tail + _YEARS + tail)


INTEREST_WORDS: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (_interest("compound"), _compound), (_interest("compound", years_first=True), _compound),
    (_interest("simple"), _simple), (_interest("simple", years_first=True), _simple),
]


# --- a whole message: a loan's monthly payment, a sum saved ------------------------------------------------

THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_RATE_GIVEN = re.compile(r"(?P<r>" + _N + r")\s*" + PERCENT, re.IGNORECASE)
TERM_GIVEN = re.compile(r"(?P<n>" + _N + r")\s*-?\s*(?P<unit>years?|yrs?|months?)\b", re.IGNORECASE)
SUM_GIVEN = re.compile(r"(?:[$€£¥]\s?)?(?P<p>" + _N + r")(?:\s*(?P<k>k|thousand)\b)?"
                       r"(?:\s*(?:dollars|pounds|euros|bucks|quid|usd|gbp|eur)\b)?", re.IGNORECASE)
_A_NUMBER = re.compile(r"\d")
# A rate by the month or the week ("0.5% a month"): not the year's rate the formulas take
_SHORT_RATE = re.compile(r"\s*(?:interest\s+)?(?:(?:a|per|each|every)\s+(?:month|week|day|quarter)|monthly|weekly|"
                         r"daily|quarterly)\b", re.IGNORECASE)

# The words a plain question of each kind is made of (the numbers aside): anything else ("deposit", "extra",
# "inflation", "weekly", "total", "interest-only") asks a different sum
_SHARED = {"what", "what's", "whats", "is", "are", "was", "will", "would", "be", "the", "a", "an", "my", "our", "on",
           "for", "of", "with", "at", "over", "to", "i", "i'm", "we", "you", "if", "do", "does", "much", "how", "me",
           "tell", "calculate", "compute", "work", "out", "find", "please", "can", "could", "it", "that", "this",
           "interest", "rate", "annual", "annually", "yearly", "per", "annum", "pa", "p.a", "year", "years", "fixed",
           "apr", "money", "term"}  # (not "should": "Should I borrow …?" asks for advice, not a sum)
_LOAN_WORDS = _SHARED | {
    "pay", "paying", "payment", "payments", "repay", "repaying", "repayment", "repayments", "instalment",
    "instalments", "installment", "installments", "monthly", "month", "months", "each", "every", "loan", "mortgage",
    "car", "auto", "home", "house", "student", "personal", "take", "taking", "took", "borrow", "borrowing",
    "borrowed", "amount", "principal", "need", "want", "off", "back", "in", "period", "length", "amortized",
    "amortised", "amortizing", "amortising", "get", "getting", "got", "bank", "lender", "from"}
_SAVED_WORDS = _SHARED | {
    "have", "had", "worth", "grow", "grows", "grown", "become", "get", "end", "up", "invest",
    "invested", "investing", "investment", "put", "deposit", "deposited", "save", "saved", "saving", "savings",
    "leave", "left", "place", "placed", "into", "in", "account", "bank", "fund", "bond", "cd", "isa", "pays",
    "paying", "pay", "earning", "earns", "earn", "earned", "gives", "giving", "offering", "offers", "yielding",
    "yields", "return", "returns", "returning", "compound", "compounded", "compounding", "total", "balance",
    "future", "value", "sum", "then", "so", "and", "there", "from", "now", "time", "after", "by", "back", "principal",
    "initial", "initially", "today", "apy", "aer", "simple", "mature", "matures", "maturity", "when", "once",
    "lump", "end", "gain", "gained", "make", "made", "its", "it's", "they", "them"}
_LOAN = re.compile(r"\b(?:loan|mortgage|borrow(?:ing|ed)?)\b", re.IGNORECASE)
_INSTALMENT = r"(?:re)?payments?|instal{1,2}ments?"
_MONTHLY = re.compile(r"\bmonthly\s+(?:(?:mortgage|loan)\s+)?(?:" + _INSTALMENT + r")\b"
                      r"|\b(?:" + _INSTALMENT + r"|pay)\s+(?:per|a|each|every)\s+month\b|\bpay\s+monthly\b",
                      re.IGNORECASE)
_INSTALMENTS = re.compile(r"\b(?:" + _INSTALMENT + r")\b", re.IGNORECASE)  # (monthly when the term is in months)
_ASKING = re.compile(r"\b(?:what|what's|whats|how\s+much|calculate|compute|work\s+out|find|tell\s+me)\b|\?\s*$",
                     re.IGNORECASE)
# What a sum saved is asked as: what it becomes, or what it earns
_BECOMES = re.compile(
    r"\bhow\s+much\s+(?:money\s+)?(?:will|would|could|do|does|can)\s+(?:i|we|you|they|it|that|this|§p|"
    r"(?:my|our|the)\s+[a-z]+)\s+(?:have|be\s+worth|be|grow\s+to|become|get(?:\s+back)?|end\s+up\s+with)\b"
    r"|\bwhat\s+(?:will|would)\s+(?:it|that|this|they|§p|(?:my|our|the)\s+[a-z]+)\s+(?:be\s+worth|be|grow\s+to|"
    r"become)\b|\bwhat\s+(?:is|'s|will\s+be|would\s+be)\s+(?:the\s+|its\s+|my\s+)?(?:future\s+value|final\s+"
    r"(?:amount|balance|value|sum)|balance)\b|\bwhat\s+(?:will|would)\s+(?:i|we|you)\s+have\b"
    r"|\bhow\s+much\s+(?:money\s+)?(?:after|in)\s+§n\s*(?:(?:'s|’s|'|’)?\s*time\s*)?[?.!]?\s*$",  # ("… compounded
    re.IGNORECASE)  # monthly. How much after 3 years?": the question's end, not "How much in 5 years will I earn?")
_EARNS = re.compile(r"\bhow\s+much\s+(?:compound\s+|simple\s+)?interest\b|\bwhat\s+(?:is|'s|will\s+be|would\s+be)\s+"
                    r"the\s+(?:total\s+)?(?:compound\s+|simple\s+)?interest\b", re.IGNORECASE)
_SAVED = re.compile(r"\b(?:invest(?:ed|ing|ment)?|put|deposit(?:ed)?|sav(?:e|ed|ing|ings)|account|interest|"
                    r"compound(?:ed|ing)?|cd|isa|bond)\b", re.IGNORECASE)
_COMPOUNDING = re.compile(r"\b(?:compound(?:ed|ing)\s+(?P<a>" + _EVERY + r")|(?P<b>" + _EVERY + r")\s+compounding)\b",
                          re.IGNORECASE)


# A share of a sum, not a rate it earns: "I save 10% of it"
_SHARE = re.compile(r"(?<![\d.])" + _N + r"\s*" + PERCENT + r"\s+of\b", re.IGNORECASE)
# A sum earned, not one saved: "I earn $3,000 a month", "my salary is $40,000" (not "an account earning 5%")
_INCOME = re.compile(r"\b(?:earn(?:s|ed|ing)?|mak(?:e|es|ing)|made|income|salary|salaries|pay\s?checks?|"
                     r"pay\s?cheques?|wages?|take[-\s]home(?:\s+pay)?)\s+(?:is\s+|was\s+|of\s+|about\s+|around\s+)?"
                     r"(?:[$€£¥]\s?)?\d+(?:\.\d+)?(?!\s*(?:[.\d]|" + PERCENT + "))", re.IGNORECASE)


def money_asked(text: str) -> str | None:
    """The math tool's expression for a loan's monthly payment or a sum saved (what it grows to, or its interest)
    asked plainly with its numbers, or None: also for a share of a sum ("I earn $3,000 a month and save 10% of it":
    no rate of interest at all) or a sum earned, which is no sum saved."""
    if len(text) > 300 or "\n" in text.strip():
        return None
    text = THOUSANDS.sub("", text)
    if _SHARE.search(text) or _INCOME.search(text):
        return None
    return _payment(text) or _deposits(text) or _saved(text) or _growing(text) or _inflated(text) or _growth_rate(text)


NEGATIVE = re.compile(r"(?<![\w.])[-−–]\s*[$€£¥]?\s*\d")


def sum_rate_term(text: str, *, term_units: tuple[str, ...]) -> tuple[Decimal, str, Decimal, str, str] | None:
    """The sum, the year's rate (as written), the term and its unit a question gives, one of each and no other
    number, with the question's words (the numbers as §p, §r and §n), or None."""
    if NEGATIVE.search(text):  # "at -5%", "a -$20,000 loan": the patterns read the number without its sign
        return None
    rates = list(_RATE_GIVEN.finditer(text))
    terms = [t for t in TERM_GIVEN.finditer(text) if t.group("unit").lower().rstrip("s") in term_units]
    if len(rates) != 1 or len(terms) != 1 or _SHORT_RATE.match(text, rates[0].end()):
        return None
    (rate,), (term,) = rates, terms
    rest = marked(text, [(rate, "§r"), (term, "§n")])
    sums = list(SUM_GIVEN.finditer(rest))
    if len(sums) != 1:
        return None
    words = marked(rest, [(sums[0], "§p")])
    if _A_NUMBER.search(words):
        return None
    principal = Decimal(sums[0].group("p")) * (1000 if sums[0].group("k") else 1)
    return principal, rate.group("r"), Decimal(term.group("n")), term.group("unit").lower().rstrip("s"), words


def marked(text: str, spans: list[tuple[re.Match[str], str]]) -> str:
    """`text` with each match replaced by its mark (§p, §r…): what is left are the question's words."""
    for match, mark in sorted(spans, key=lambda s: s[0].start(), reverse=True):
        text = f"{text[:match.start()]} {mark} {text[match.end():]}"
    return text


def one_marked(pattern: re.Pattern[str], text: str, mark: str) -> tuple[re.Match[str], str] | None:
    """The one match of `pattern` in `text`, and the text with it marked; None for none or several."""
    found = list(pattern.finditer(text))
    return (found[0], marked(text, [(found[0], mark)])) if len(found) == 1 else None


def written(n: Decimal) -> str:
    """`n` as an expression writes it: no exponent and no trailing zeros (30000, not 3E+4)."""
    return format(n.normalize(), "f")


def plain(words: str, allowed: Collection[str]) -> bool:
    """Whether every word of a question (its numbers marked §…, as `marked` leaves them) is one of `allowed`."""
    said = re.findall(r"[a-z§][a-z.'’-]*", words.lower().replace("’", "'"))
    return all(w in allowed or w.strip(".'-") in allowed or w.startswith("§") for w in said)


def _payment(text: str) -> str | None:
    """"the monthly payment on a $20,000 loan at 6% APR over 5 years": 20000 * r / (1 - (1 + r) ** -n), r the
    year's rate over 12 and n the months (or 20000 / n at 0%); the 1.5B said 387.68 (386.66)."""
    parts = sum_rate_term(text, term_units=("year", "yr", "month"))
    if parts is None:
        return None
    principal, rate, term, unit, words = parts
    monthly = _MONTHLY.search(words) or (unit == "month" and _INSTALMENTS.search(words))
    if not (monthly and _LOAN.search(words) and _ASKING.search(words) and plain(words, _LOAN_WORDS)):
        return None
    months = term if unit == "month" else term * 12  # ("2.5 years" is 30 payments; "1.3 years" no whole number)
    if months != months.to_integral_value() or not 0 < months <= 1200 or principal <= 0 or Decimal(rate) >= 100:
        return None
    n = written(term) if unit == "month" else f"({written(term)} * 12)" if term == int(term) else written(months)
    if Decimal(rate) == 0:
        return f"{written(principal)} / {n}"
    r = f"{rate} / 100 / 12"
    return f"{written(principal)} * ({r}) / (1 - (1 + {r}) ** -{n})"


def _saved(text: str) -> str | None:
    """"If I invest $1,000 at 5% compounded annually, how much will I have after 10 years?": 1000 * (1 + 5 / 100)
    ** 10 (the 1.5B: 1,628.90; it is 1,628.89); "how much interest" is that less the 1000. A year's rate is added
    once a year unless the question says otherwise ("compounded monthly"), or never ("simple interest")."""
    compounding = list(_COMPOUNDING.finditer(text))
    if len(compounding) > 1:
        return None
    k = _times_a_year(compounding[0].group(0)) if compounding else 1
    uncompounded = marked(text, [(compounding[0], "")]) if compounding else text
    parts = sum_rate_term(uncompounded, term_units=("year", "yr"))
    if parts is None:
        return None
    amount, rate, term, _, words = parts
    if _regularly(words)[0] != []:  # ("£1,000 a year at 3%", "$100 each month": a saving made again and again)
        return None
    becomes, earns = _BECOMES.search(words), _EARNS.search(words)
    if bool(becomes) == bool(earns) or not (compounding or _SAVED.search(words)) or not plain(words, _SAVED_WORDS):
        return None
    if term > 1000 or Decimal(rate) > 1000 or amount <= 0:
        return None
    principal, years = written(amount), written(term)
    simple = re.search(r"\bsimple\b", words, re.IGNORECASE)
    if simple and (compounding or re.search(r"\bcompound", words, re.IGNORECASE)):
        return None
    if simple:
        return f"{principal} * {rate} / 100 * {years}" if earns else f"{principal} * (1 + {rate} / 100 * {years})"
    grown = _grown(principal, rate, years, k)
    return f"{grown} - {principal}" if earns else grown


# --- a saving made every month (week, quarter, year): what it grows to, or what it takes to reach a sum ----------

_PER_YEAR = {"week": 52, "weekly": 52, "fortnight": 26, "fortnightly": 26, "month": 12, "monthly": 12, "quarter": 4,
             "quarterly": 4, "year": 1, "yearly": 1, "annually": 1}
_REGULARLY = re.compile(r"(?:\s*/\s*|\b(?:a|per|each|every)\s+)(?P<per>week|fortnight|month|quarter|year)\b"
                        r"|\b(?P<ly>weekly|fortnightly|monthly|quarterly|yearly|annually)\b", re.IGNORECASE)
_AFTER_SUM = re.compile(r"\s*(?:" + _REGULARLY.pattern + ")", re.IGNORECASE)  # "$200 a month", "$200/month"
# The rate's own year ("5% a year", "4% interest per year"), which says no saving; "3% every year" could be either
_RATES_YEAR = re.compile(r"(§r(?:\s+(?:annual|yearly))?(?:\s+interest)?)\s+(?:(?:a|per)\s+year|per\s+annum|annually|"
                         r"yearly)\b", re.IGNORECASE)
_EVERY_YEAR_RATE = re.compile(r"§r\s+(?:interest\s+)?(?:each|every)\s+year\b", re.IGNORECASE)
# A few words at most between a saving and how often it is made ("$500 into savings every month")
_NEAR = re.compile(r"\s*(?:[a-z'’]+\s+){0,4}", re.IGNORECASE)
# "How much do I need to save each month to have $50,000 …?": the saving asked, the sum the goal
_NEEDS = re.compile(r"\bhow\s+much\s+(?:money\s+)?(?:do|should|would|must|will)\s+(?:i|we|you)\s+"
                    r"(?:need\s+to\s+|have\s+to\s+)?(?:save|deposit|invest|put\s+(?:away|aside|in)|set\s+aside|"
                    r"contribute)\b", re.IGNORECASE)
_GOAL = re.compile(r"\bto\s+(?:have|reach|get|hit|accumulate|end\s+up\s+with|build\s+up|save\s+up|save)\s+"
                   r"(?:a\s+(?:total|goal|target)\s+of\s+)?§p", re.IGNORECASE)
# "the compound interest on 1000 … if I add 100 a month": the first sum's, or the savings' too?
_INTEREST_ON = re.compile(r"\binterest\s+(?:earned\s+|paid\s+)?on\s+§", re.IGNORECASE)
_ADDS = re.compile(r"\b(?:add(?:s|ed|ing)?|contribut(?:e|es|ed|ing|ions?)|deposits)\b", re.IGNORECASE)
# (not "start": "at the start of each month" is another sum; nor "apy": a yield, not a rate to split by the month)
_DEPOSIT_WORDS = (_SAVED_WORDS - {"simple", "lump", "apy", "aer"}) | {
    "add", "adds", "added", "adding", "contribute", "contributes", "contributed", "contributing", "contribution",
    "contributions", "deposits", "regular", "regularly", "need", "should", "must", "reach", "hit", "accumulate",
    "goal", "target", "away", "aside", "set", "already", "with", "plus", "in", "got"}


def _regularly(words: str) -> tuple[list[re.Match[str]] | None, str]:
    """Where the words (numbers marked) say how often a saving is made ("a month", "monthly"), the rate's own year
    ("5% a year") aside, and the words without that year; None where that is unclear ("3% every year")."""
    if _EVERY_YEAR_RATE.search(words):
        return None, words
    words = _RATES_YEAR.sub(r"\1", words)
    return list(_REGULARLY.finditer(words)), words


def _near(words: str, anchor: re.Match[str], said: re.Match[str]) -> bool:
    """Whether `said` is a few plain words from `anchor`, either side, in one clause."""
    gap = words[anchor.end():said.start()] if said.start() >= anchor.end() else words[said.end():anchor.start()]
    return _NEAR.fullmatch(gap) is not None


def _deposits(text: str) -> str | None:
    """"If I save $200 a month at 5% compounded monthly, how much will I have after 10 years?": the saving's future
    value, 200 * ((1 + 5 / 100 / 12) ** (12 * 10) - 1) / (5 / 100 / 12), each saving made at the end of its month
    (the 1.5B said $367.90; it is $31,056.46); "how much interest" is that less the 120 savings. Interest is added as
    often as the saving is made unless the question says how often ("$100 a week at 6%": weekly); added otherwise
    ("$100 a month compounded daily"), a saving at the start of each month, an employer's match or a second rate is
    the model's. A sum already there grows beside it ("I have $5,000 and add $200 a month": 5000 * (1 + r) ** n + …),
    and "How much do I need to save each month to have $50,000 in 10 years at 5%?" is the saving that reaches it,
    50000 * r / ((1 + r) ** n - 1)."""
    if NEGATIVE.search(text):
        return None
    compounding = list(_COMPOUNDING.finditer(text))
    if len(compounding) > 1:
        return None
    k = _times_a_year(compounding[0].group(0)) if compounding else None
    text = marked(text, [(compounding[0], "")]) if compounding else text
    rates, terms = list(_RATE_GIVEN.finditer(text)), list(TERM_GIVEN.finditer(text))
    if len(rates) != 1 or len(terms) != 1 or _SHORT_RATE.match(text, rates[0].end()):
        return None
    rest = marked(text, [(rates[0], "§r"), (terms[0], "§n")])
    sums = list(SUM_GIVEN.finditer(rest))
    each = [s for s in sums if _AFTER_SUM.match(rest, s.end())]
    needs = _NEEDS.search(rest)
    if needs and len(sums) == 1 and not each:
        saving, start = sums[0], None  # (the goal, marked §p as the sum the question is about)
    elif not needs and (len(sums) == 1 or len(each) == 1) and len(sums) <= 2:
        saving = each[0] if each else sums[0]
        start = next((s for s in sums if s is not saving), None)
    else:
        return None
    found, words = _regularly(marked(rest, [(saving, "§p"), *([(start, "§s")] if start else [])]))
    anchor = _NEEDS.search(words) if needs else re.search("§p", words)
    if not found or anchor is None or not all(_near(words, anchor, said) for said in found):
        return None  # ("I invest $1,000 at 5% for 10 years. How much a year is that?")
    per_year = {_PER_YEAR[(said.group("per") or said.group("ly")).lower()] for said in found}
    words = marked(words, [(said, "") for said in found])
    if len(per_year) != 1 or (k is not None and {k} != per_year) or _A_NUMBER.search(words):
        return None  # (several, or compounded otherwise: "$100 a month compounded annually")
    becomes, earns = _BECOMES.search(words), _EARNS.search(words)
    if [bool(becomes), bool(earns), bool(needs)].count(True) != 1 or (needs and not _GOAL.search(words)) \
            or _INTEREST_ON.search(words) \
            or not (_SAVED.search(words) or _ADDS.search(words)) or not plain(words, _DEPOSIT_WORDS):
        return None
    asked = "earns" if earns else "needs" if needs else ""
    return _saving_sum(per_year.pop(), _amount(saving), rates[0].group("r"), terms[0],
                       _amount(start) if start else None, asked)


def _amount(said: re.Match[str]) -> Decimal:
    return Decimal(said.group("p")) * (1000 if said.group("k") else 1)


def _saving_sum(m: int, amount: Decimal, rate: str, term: re.Match[str], start: Decimal | None,
                asked: str) -> str | None:
    """The expression for a saving of `amount` made `m` times a year at `rate`% a year over `term`: what it grows
    to (with `start` beside it), the interest it earns, or (`amount` the goal) the saving that reaches it."""
    length, in_months = Decimal(term.group("n")), term.group("unit").lower().startswith("m")
    count = length if in_months else length * m
    if (in_months and m != 12) or count != count.to_integral_value() or not 0 < count <= MAX_EXPONENT:
        return None  # ("$100 a week for 18 months": no whole number of savings said; the tool's largest power)
    if amount <= 0 or Decimal(rate) > 1000 or (start is not None and start <= 0):
        return None
    n = written(count) if in_months or m == 1 or length != int(length) else f"({m} * {written(length)})"
    p, i = written(amount), f"{rate} / 100" if m == 1 else f"{rate} / 100 / {m}"
    s = written(start) if start is not None else ""
    if Decimal(rate) == 0:
        return None if asked == "earns" else f"{p} / {n}" if asked == "needs" else \
            f"{s} + {p} * {n}" if s else f"{p} * {n}"
    if asked == "needs":
        return f"{p} * ({i}) / ((1 + {i}) ** {n} - 1)"
    grown = (f"{s} * (1 + {i}) ** {n} + " if s else "") + f"{p} * ((1 + {i}) ** {n} - 1) / ({i})"
    return f"{grown} - {p} * {n}" + (f" - {s}" if s else "") if asked == "earns" else grown

# --- a sum grown without a bank: a year's growth for so many years, or inflation between two years -------------

_GROWS = re.compile(r"\b(?:grows?|growing|grew|increases?|increasing|increased|rises?|rising|rose|appreciates?|"
                    r"appreciating|appreciated|(?:goes|go|going|went)\s+up)\s+(?:steadily\s+)?(?:at\s+|by\s+)?"
                    r"(?:a\s+rate\s+of\s+)?§r", re.IGNORECASE)
# A sum by the month that grows by the year ("My rent is $1,450 a month and goes up 3% every year"): "a month" is the
# sum's, and what it is over the years ("over 5 years") a total of payments, not the sum then
_BY_THE_MONTH = re.compile(r"§p\s+(?:a|per|each|every)\s+month\b|§p\s+monthly\b", re.IGNORECASE)
_OVER = re.compile(r"\b(?:over|for|within|during|throughout)\b", re.IGNORECASE)
_INFLATION = re.compile(r"\binflation\b", re.IGNORECASE)
# Prices in general rising, which is inflation said another way ("if prices rise 3% a year")
_PRICES_RISE = re.compile(r"\bprices\b", re.IGNORECASE)
# The rate said to be a year's: "3% a year", "2.5% annual inflation", "an annual rate of 3%", "yearly inflation of 2%"
_YEARLY = re.compile(
    r"§r\s+(?:(?:inflation|growth|interest)\s+)?(?:(?:a|per|each|every)\s+year\b|per\s+annum\b|annual(?:ly)?\b|"
    r"yearly\b|p\.\s?a\b|pa\b)|\b(?:annual(?:ly)?|yearly)\s+(?:(?:inflation|growth|increase|rate)\s+)?(?:(?:rate\s+)?"
    r"(?:of|at|by|is|was|has\s+been|averag(?:es|ed|ing))\s+)?§r", re.IGNORECASE)
_WORTH = re.compile(r"\bworth\b", re.IGNORECASE)
# What a grown sum is asked as: what it is, becomes or costs then
_GROWN_ASKED = re.compile(
    r"\bhow\s+much\s+(?:is|will|would)\s+(?:it|that|this|they|§p|(?:the|my|a|an)\s+[a-z]+)\s+(?:be|be\s+worth|"
    r"grow\s+to|become|cost)\b|\bhow\s+much\s+is\s+(?:it|that)\s+(?:then|after|in)\b|\bwhat\s+(?:will|would)\s+"
    r"(?:it|that|this|they|§p|(?:the|my|a|an)\s+(?:§p\s+)?[a-z]+)\s+(?:be|be\s+worth|grow\s+to|become|cost)\b|"
    r"\bwhat\s+(?:is|'s|’s)\s+(?:it|that)\s+(?:then|after|in)\b|\bwhat\s+does\s+(?:it|§p)\s+grow\s+to\b",
    re.IGNORECASE)
# What the same things will cost: "what will a $100 item cost", "… something that costs $100 today cost …"
_COSTS_THEN = re.compile(r"\b(?:will|would)\s+(?:it|that|this|they|§p|(?:the|my|a|an)\s+(?:§p\s+)?[a-z]+|"
                         r"(?:something|things?|an?\s+[a-z]+)\s+(?:that|which)\s+(?:costs?|is\s+priced\s+at)\s+§p"
                         r"(?:\s+(?:today|now))?)\s+cost\b", re.IGNORECASE)
_GROWN_WORDS = _SHARED | {
    "grows", "grow", "growing", "grew", "increases", "increase", "increasing", "increased", "rises", "rise", "rising",
    "rose", "appreciates", "appreciate", "appreciating", "appreciated", "steadily", "by", "in", "after", "then",
    "have", "worth", "become", "value", "price", "prices", "cost", "costs", "item", "something", "thing", "things",
    "today", "now", "inflation", "averages", "averaging", "averaged", "average", "each", "every", "population",
    "house", "home", "salary", "rent", "so", "when", "and", "an", "be", "will", "would", "its", "goes", "go",
    "going", "went", "up"}


def _growing(text: str) -> str | None:
    """"$100 grows at 3% a year for 10 years. How much is it then?": 100 * (1 + 3 / 100) ** 10, the rate said to be a
    year's, and a sum by the month ("My rent is $1,450 a month and goes up 3% every year") what it is a month then;
    with inflation (or prices rising) only what something costing $100 will cost (what $100 will be worth then is what
    it buys, or what it costs)."""
    parts = sum_rate_term(text, term_units=("year", "yr"))
    if parts is None:
        return None
    amount, rate, term, _, words = parts
    monthly = _BY_THE_MONTH.search(words)
    if monthly:  # (the rent's "a month"; the rate's own period is after it, and "3% a month" sum_rate_term's)
        if _OVER.search(words, monthly.end()):
            return None  # ("… every year for 5 years. How much will I pay?", "What will it cost over 5 years?")
        words = words[:monthly.start()] + "§p" + words[monthly.end():]
    if not (_GROWN_ASKED.search(words) or _COSTS_THEN.search(words)) or not plain(words, _GROWN_WORDS) \
            or _SAVED.search(words):
        return None  # (a sum saved is _saved's)
    if not _YEARLY.search(words):  # ("with inflation of 2.5%": over the years, or a year's: not said)
        return None
    inflation = _INFLATION.search(words) or _PRICES_RISE.search(words)
    if inflation and (_WORTH.search(words) or not _COSTS_THEN.search(words)):
        return None  # ("What will $100 be worth … if prices rise 3% a year?": what it buys, or what things cost)
    if not inflation and not _GROWS.search(words):
        return None
    if term > 1000 or Decimal(rate) > 1000 or amount <= 0:
        return None
    return _grown(written(amount), rate, written(term), 1)


_YEAR = re.compile(r"(?<![\d.$€£¥])(?<![$€£¥]\s)\b(?P<y>1[6-9]\d\d|20\d\d|21\d\d)\b(?![.,]\d)")
# The sum's own year, after it: "$100 in 2000", "$100 from 2000", "$100 back in 2000"
_SUMS_YEAR = re.compile(r"§p\s+(?:(?:back\s+)?in|from)\s+§a\b", re.IGNORECASE)
_THEN_ASKED = re.compile(r"\bworth\b|§b\s+(?:dollars|pounds|euros|money|terms|prices)\b|\bequivalent\b",
                         re.IGNORECASE)
_INFLATED_WORDS = _SHARED | {
    "worth", "in", "from", "back", "inflation", "averaged", "averages", "average", "averaging", "has", "been", "had",
    "dollars", "dollar", "pounds", "euros", "money", "terms", "prices", "equivalent", "value", "buying", "power",
    "assuming", "given", "and", "then", "be", "will", "would", "an", "each", "every", "steady", "constant", "ran",
    "runs", "running", "held", "stayed", "today's"}


def _inflated(text: str) -> str | None:
    """"What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a year?": 100 * (1 + 2.5 / 100) ** 26 (the
    1.5B: $348.79; it is $190.03); a sum of a later year in an earlier one is divided by the same growth."""
    if NEGATIVE.search(text):
        return None
    years = list(_YEAR.finditer(text))
    rates = list(_RATE_GIVEN.finditer(text))
    if len(years) != 2 or len(rates) != 1 or _SHORT_RATE.match(text, rates[0].end()):
        return None
    rest = marked(text, [(rates[0], "§r"), (years[0], "§a"), (years[1], "§b")])
    sums = list(SUM_GIVEN.finditer(rest))
    if len(sums) != 1 or sums[0].group("k"):
        return None
    words = marked(rest, [(sums[0], "§p")])
    if not _SUMS_YEAR.search(words):  # the sum's year is the second: "What was $100 in 2026 worth in 2000?" reads
        years.reverse()  # the same with the two marks swapped
        words = words.replace("§a", "§_").replace("§b", "§a").replace("§_", "§b")
    if not _SUMS_YEAR.search(words) or _A_NUMBER.search(words) or not _INFLATION.search(words) \
            or not _THEN_ASKED.search(words) or not _ASKING.search(words) \
            or not plain(words.replace("§a", "§p").replace("§b", "§n"), _INFLATED_WORDS):
        return None
    start, end = int(years[0].group("y")), int(years[1].group("y"))
    principal, rate = written(Decimal(sums[0].group("p"))), rates[0].group("r")
    if start == end or Decimal(principal) <= 0 or Decimal(rate) > 1000:
        return None
    grown = f"(1 + {rate} / 100) ** {abs(end - start)}"
    return f"{principal} * {grown}" if end > start else f"{principal} / {grown}"


# --- the yearly rate that took one sum to another --------------------------------------------------------------

# The rate asked, however it is called: "CAGR", "the compound annual growth rate", "the average annual growth rate",
# "the annualized return", "what annual rate of return" (from two sums alone, each of them is the compound rate)
_RATE_ASKED = re.compile(r"\b(?:cagr|(?:(?:compound(?:ed)?|average)\s+)?(?:annual|yearly|annuali[sz]ed)\s+"
                         r"(?:growth\s+rate|rate\s+of\s+(?:growth|return)|growth|return|(?:interest\s+)?rate))\b",
                         re.IGNORECASE)
_AMOUNT = re.compile(r"(?:[$€£¥]\s?)?(?P<p>\d+(?:\.\d+)?)(?:\s*(?P<scale>k|thousand|m|mn|million|bn|billion)\b)?"
                     r"(?:\s*" + CURRENCY + r"\b)?", re.IGNORECASE)
_SCALE = {"k": 3, "thousand": 3, "m": 6, "mn": 6, "million": 6, "bn": 9, "billion": 9}
_FROM = re.compile(r"\bfrom\s+(§[pq])", re.IGNORECASE)
_TO = re.compile(r"\b(?:in)?to\s+(§[pq])", re.IGNORECASE)
_IN_YEAR = re.compile(r"(§[pq])\s+(?:in|by|at\s+the\s+end\s+of)\s+(§[ab])\b", re.IGNORECASE)
_RATE_WORDS = _SHARED | {
    "cagr", "compound", "compounded", "average", "annualized", "annualised", "growth", "return", "rate", "from",
    "into", "in", "by", "between", "and", "grow", "grows", "grew", "growing", "grown", "go", "goes", "went", "gone",
    "rise", "rises", "rose", "risen", "increase", "increases", "increased", "fall", "falls", "fell", "drop", "drops",
    "dropped", "decline", "declines", "declined", "turn", "turns", "turned", "become", "becomes", "became", "take",
    "takes", "took", "need", "needed", "needs", "required", "implied", "have", "has", "had", "was", "were", "been",
    "end", "value", "worth", "price", "revenue", "revenues", "sales", "profit", "profits", "portfolio", "investment",
    "invest", "invested", "stock", "shares", "fund", "population", "users", "customers", "company", "business",
    "period", "when", "which", "its", "their", "his", "her", "they", "them"}


def _growth_rate(text: str) -> str | None:
    """"What's the compound annual growth rate from $10,000 to $16,000 over 5 years?": ((16000 / 10000) ** (1 / 5) -
    1) * 100, the yearly rate in percent (the 1.5B: 8.45%; it is 9.86%); the years may be two sums' own ("$2 million
    in 2020 and $3.5 million in 2025") and the term months (** (12 / 18)). A rate given ("at 5%"), a third sum or a
    monthly rate asked is another question, and stays the model's."""
    if NEGATIVE.search(text) or _RATE_GIVEN.search(text) or not _RATE_ASKED.search(text):
        return None
    terms, years = list(TERM_GIVEN.finditer(text)), list(_YEAR.finditer(text))
    if len(terms) == 1 and not years:
        rest = marked(text, [(terms[0], "§n")])
    elif not terms and len(years) == 2:
        rest = marked(text, [(years[0], "§a"), (years[1], "§b")])
    else:
        return None
    sums = list(_AMOUNT.finditer(rest))
    if len(sums) != 2:
        return None
    words = marked(rest, [(sums[0], "§p"), (sums[1], "§q")])
    if _A_NUMBER.search(words) or not _ASKING.search(words) or not plain(words, _RATE_WORDS):
        return None
    amounts = {"§p": _scaled(sums[0]), "§q": _scaled(sums[1])}
    if terms:
        start = _start_of(words)
        length = Decimal(terms[0].group("n"))
        exponent = f"12 / {written(length)}" if terms[0].group("unit").lower().startswith("m") else \
            f"1 / {written(length)}"
    else:
        dated = {m.group(1): m.group(2) for m in _IN_YEAR.finditer(words)}
        if sorted(dated) != ["§p", "§q"] or sorted(dated.values()) != ["§a", "§b"]:
            return None  # ("from $2M to $3.5M between 2020 and 2025": which sum is which year's is said, or not)
        first, last = int(years[0].group("y")), int(years[1].group("y"))
        start = next(k for k, v in dated.items() if v == ("§a" if first < last else "§b"))
        length = Decimal(abs(last - first))
        exponent = f"1 / {length}"
    if start is None or length <= 0 or length > 1000 or min(amounts.values()) <= 0:
        return None
    end = "§q" if start == "§p" else "§p"
    return f"(({written(amounts[end])} / {written(amounts[start])}) ** ({exponent}) - 1) * 100"


def _scaled(said: re.Match[str]) -> Decimal:
    return Decimal(said.group("p")).scaleb(_SCALE.get((said.group("scale") or "").lower(), 0))


def _start_of(words: str) -> str | None:
    """Which sum (§p or §q) the words grow from: the one after "from" ("from §p to §q", "to §q from §p"), else the
    first, with the other after "to" or "into" ("turns §p into §q"); None where they say neither."""
    froms, tos = [m.group(1) for m in _FROM.finditer(words)], [m.group(1) for m in _TO.finditer(words)]
    if len(froms) > 1 or len(tos) != 1 or froms == tos:
        return None
    return froms[0] if froms else "§p" if tos == ["§q"] else None
