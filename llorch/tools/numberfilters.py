"""Questions about some of a list of numbers: "What's the sum of the even numbers here?", "How many of these are above
10?", "What's the average of the numbers over 10?", "Add up the odd ones", "How many are negative?".

Asked the sum of the even numbers of a piped 12, 7, 30, 5, 18 and 9, the 1.5B said 54 (60): it picks and adds in its
head. `filter_asked` reads such a question (the list piped after it, after its colon, or in it: "the sum of the even
numbers in 3, 8, 10, 15"), and `NumberFilter.expression` gives the math tool only the numbers kept: `sum(12, 30,
18)`. A filter is even or odd, positive or negative (non-negative, non-positive), above, below, at least or at most
a number, or between two ("above 10 and below 50" is both); the statistic a sum, an average, a median, a mode, a
product, a largest or smallest, a standard deviation or variance, several of these ("the mean and median of the odd
ones"), or a count.

A count is the math tool's `count` of the numbers kept (`count(12, 30, 18)`), and `0` where none is kept. A sum
of none kept is `0` too; any other statistic of none (the average of the numbers over 100 of a list that has none)
is no number, and stays the model's, as does a number the filter cannot settle: a decimal asked whether it is
even, or a number at a bound of "between" (in or out: people mean either). Numbers in the question are parted as
arithmetic's lists are: a comma and a space part them, and "1,200" is one number ("1,200, 800 and 3,000" are three);
commas alone that could part numbers or thousands ("1,000,2") leave the question to the model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from llorch.tools.finance import THOUSANDS

__all__ = ["NumberFilter", "filter_asked", "listed_numbers"]

# The statistics a question may ask of the numbers kept, as the math tool's function ("count": how many were kept).
_FUNCTION = {"sum": "sum", "total": "sum", "average": "mean", "mean": "mean", "median": "median", "mode": "mode",
             "product": "product", "maximum": "max", "max": "max", "largest": "max", "biggest": "max",
             "highest": "max", "greatest": "max", "minimum": "min", "min": "min", "smallest": "min", "lowest": "min",
             "least": "min", "standard deviation": "stdev", "variance": "variance"}
_EXTREME = r"(?:largest|biggest|highest|greatest|maximum|max|smallest|lowest|least|minimum|min)"
_STAT = "(?:" + "|".join(sorted((w.replace(" ", r"\s+") for w in _FUNCTION), key=len, reverse=True)) \
    + ")"
_STATS = rf"(?P<stat>{_STAT}(?:\s*,\s*(?:the\s+)?{_STAT}|\s*,?\s*(?:and\b|&)\s*(?:the\s+)?{_STAT})*)"
_ASK = (r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?:(?:what(?:'s|’s|\s+is|\s+are|\s+was|\s+were)|whats|give\s+me|"
        r"calculate|compute|find|tell\s+me|get|work\s+out|show\s+me)\s+)?(?:the\s+)?")
_END = r"\s*[?.!]*\s*$"

# A filter: an adjective before the noun ("the even numbers"), or a bound after it ("the numbers over 10", "the ones
# that are at least 5"), or both ("the even numbers above 10").
_ADJECTIVE = r"(?P<adj>even|odd|positive|negative|non-?negative|non-?positive)"
_NOUN = r"(?:numbers?|values?|ones?|figures?|entries|entry|items?|amounts?|integers?|scores?)"
_BOUND = r"[$€£]?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_COMPARED = (r"(?:greater|more|bigger|larger|higher|less|fewer|smaller|lower)\s+than(?:\s+or\s+equal\s+to)?|above|"
             r"over|below|under|exceeding|at\s+least|at\s+most|no\s+(?:more|less|fewer|greater|smaller)\s+than|"
             r"not\s+(?:more|less|over|above|below|under)(?:\s+than)?|up\s+to|[<>]=?|[≤≥]")
_OR_SO = r"(?:more|above|over|greater|higher|bigger|larger|up|less|below|under|fewer|lower|smaller)"
_ONE_BOUND = (rf"(?:(?:{_COMPARED})\s*{_BOUND}|{_BOUND}\s+(?:or|and)\s+{_OR_SO}|between\s+{_BOUND}\s+and\s+{_BOUND}|"
              rf"from\s+{_BOUND}\s+to\s+{_BOUND})")
_RELATION = rf"(?:(?:that|which)\s+(?:are|is|were)\s+|(?:that|which)(?:'re|’re)\s+)?(?P<rel>{_ONE_BOUND}" \
            rf"(?:\s+and\s+{_ONE_BOUND})?)"
_FILTERED = (rf"(?:(?:all\s+(?:of\s+)?)?(?:the|these|those)\s+|all\s+)?(?:{_ADJECTIVE}\s+)?{_NOUN}"
             rf"(?:\s+{_RELATION})?")  # (one of the two at least: filter_asked)
# Where the numbers are: after the question ("here", "in this list"), or in it ("in 3, 8, 10, 15"; "1,200, 800 and
# 3,000": _given_numbers parts them).
_NUM = r"-?\d+(?:\.\d+)?"
_AND = re.compile(r"\s*,?\s*(?:and|&)\s*", re.IGNORECASE)
# Commas with no space between numbers, one group of three digits after a comma among them, and not one number with
# thousands' commas: "1,000,2" is 1000 and 2, or 1, 0 and 2.
_UNSURE = re.compile(r"(?<![\d,])(?!\d{1,3}(?:,\d{3})+(?!\d|,\d))\d+(?:,\d+)*,\d{3}(?!\d)")


def _inline(name: str) -> str:
    """Numbers given in the question, as a group: "3, 8, 10 and 15", or spaces alone for three or more."""
    return (rf"(?P<{name}>{_NUM}(?:(?:\s*,\s*|\s*,?\s*(?:and|&)\s*){_NUM})+|{_NUM}(?:\s+{_NUM}){{2,}})"
            r"(?![\d.,])")


_THERE = (r"(?:here|below|above|listed|given|(?:in|on|of|among|from)\s+(?:this|that|the|these|those|my)(?:\s+(?:list|"
          r"numbers|values|data|input|text|file|column|set))?|in\s+(?:there|it|them))")
_WHERE = (rf"(?:\s+(?:{_THERE}|(?:in|of|among|from|within)\s+(?:the\s+(?:list|numbers|values|set)\s+)?"
          rf"{_inline('inline')}))?")
_THESE = r"(?:these|those|them|the\s+(?:numbers|values|list|ones)|this\s+list|the\s+following)"
_ARE = r"(?:are|is|were)(?:\s+there)?"
_ASKED = [re.compile(p + _END, re.IGNORECASE) for p in (
    # "What's the sum of the even numbers here?", "the average of the numbers over 10", "the mean and median of the
    # odd ones in 1, 2, 3, 4, 5"
    _ASK + _STATS + r"\s+(?:of|for|in|among)\s+" + _FILTERED + _WHERE,
    # "What's the largest even number?", "the smallest value over 10 in this list"
    _ASK + rf"(?P<stat>{_EXTREME})\s+(?:{_ADJECTIVE}\s+)?{_NOUN}(?:\s+{_RELATION})?" + _WHERE,
    # "Add up the odd ones", "Sum the even numbers", "Average the numbers over 10", "Add the positive ones together"
    r"^\s*(?:please\s+)?(?:(?:can|could)\s+you\s+)?(?P<stat>add|sum|total|average)(?:\s+up)?\s+" + _FILTERED
    + r"(?:\s+(?:up|together))?" + _WHERE,
    # "How many of these are above 10?", "How many are negative?", "How many numbers are even?", "How many of 3, 8,
    # 10, 15 are even?"
    rf"^\s*(?:please\s+)?(?:tell\s+me\s+)?(?P<stat>how\s+many)(?:\s+of\s+(?:{_THESE}|{_inline('given')})|\s+{_NOUN})?"
    rf"(?:\s+{_THERE})?\s+{_ARE}\s+(?:{_ADJECTIVE}|{_RELATION})" + _WHERE,
    # "How many even numbers are there?", "How many odd ones are in this list?", "How many values over 100 are
    # there?", "Count the even numbers", "Count the numbers above 10 in 4, 12, 30"
    rf"^\s*(?:please\s+)?(?:tell\s+me\s+)?(?P<stat>how\s+many)\s+(?:{_ADJECTIVE}\s+)?{_NOUN}(?:\s+{_RELATION})?"
    rf"(?:\s+{_ARE})?" + _WHERE,
    r"^\s*(?:please\s+)?(?P<stat>count)\s+" + _FILTERED + _WHERE,
)]

# A bound as a question says it: what a number must be beside it ("over 10": more than 10).
_SAID_BOUND = [
    (re.compile(rf"^(?:greater|more|bigger|larger|higher)\s+than\s+or\s+equal\s+to\s*(?P<n>{_BOUND})$", re.I), ">="),
    (re.compile(rf"^(?:less|fewer|smaller|lower)\s+than\s+or\s+equal\s+to\s*(?P<n>{_BOUND})$", re.I), "<="),
    (re.compile(rf"^(?:(?:greater|more|bigger|larger|higher)\s+than|above|over|exceeding|>)\s*(?P<n>{_BOUND})$",
                re.I), ">"),
    (re.compile(rf"^(?:(?:less|fewer|smaller|lower)\s+than|below|under|<)\s*(?P<n>{_BOUND})$", re.I), "<"),
    (re.compile(rf"^(?:at\s+least|no\s+(?:less|fewer|smaller)\s+than|not\s+(?:less\s+than|below|under)|>=|≥)\s*"
                rf"(?P<n>{_BOUND})$", re.I), ">="),
    (re.compile(rf"^(?:at\s+most|no\s+(?:more|greater)\s+than|not\s+(?:more\s+than|over|above)|up\s+to|<=|≤)\s*"
                rf"(?P<n>{_BOUND})$", re.I), "<="),
    (re.compile(rf"^(?P<n>{_BOUND})\s+(?:or|and)\s+(?:more|above|over|greater|higher|bigger|larger|up)$", re.I), ">="),
    (re.compile(rf"^(?P<n>{_BOUND})\s+(?:or|and)\s+(?:less|below|under|fewer|lower|smaller)$", re.I), "<="),
]
_BETWEEN = re.compile(rf"^(?:between\s+(?P<a>{_BOUND})\s+and|from\s+(?P<c>{_BOUND})\s+to)\s+(?P<b>{_BOUND})$", re.I)
_PARTED = re.compile(rf"^(?P<one>{_ONE_BOUND})\s+and\s+(?P<two>{_ONE_BOUND})$", re.I)

# A test of one number: True to keep it, False to leave it out, None where it cannot say (a decimal's evenness).
Test = Callable[[Fraction], "bool | None"]


def _value(written: str) -> Fraction:
    return Fraction(written.lstrip("$€£").replace(",", ""))


def _adjective_test(word: str) -> Test:
    word = word.lower().replace("-", "")
    if word in ("even", "odd"):
        remainder = 0 if word == "even" else 1
        return lambda x: x.numerator % 2 == remainder if x.denominator == 1 else None
    return {"positive": lambda x: x > 0, "negative": lambda x: x < 0, "nonnegative": lambda x: x >= 0,
            "nonpositive": lambda x: x <= 0}[word]


def _bound_test(said: str) -> Test | None:
    """The test a bound says ("over 10", "between 5 and 20", "above 10 and below 50"), or None for one it does not."""
    said = " ".join(said.split())
    parted = _PARTED.match(said)
    if parted is not None and not _BETWEEN.match(said):  # ("between 5 and 20" is one bound, not two)
        first, second = _bound_test(parted.group("one")), _bound_test(parted.group("two"))
        if first is None or second is None:
            return None
        return lambda x: _both(first(x), second(x))
    between = _BETWEEN.match(said)
    if between is not None:
        low, high = sorted((_value(between.group("a") or between.group("c")), _value(between.group("b"))))
        return lambda x: None if x in (low, high) else low < x < high
    for pattern, sign in _SAID_BOUND:
        match = pattern.match(said)
        if match is not None:
            n = _value(match.group("n"))
            return {">": lambda x: x > n, "<": lambda x: x < n, ">=": lambda x: x >= n, "<=": lambda x: x <= n}[sign]
    return None


def _both(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


@dataclass(frozen=True)
class NumberFilter:
    """A question about some of a list of numbers: the math tool's functions asked, in order ("count" for a count),
    the tests a number must pass to be kept, and the numbers the question itself gives ("in 3, 8, 10, 15"; none
    where they come after it)."""

    functions: tuple[str, ...]
    tests: tuple[Test, ...]
    inline: tuple[str, ...] = ()

    def kept(self, numbers: Sequence[str]) -> list[str] | None:
        """The numbers that pass every test, as written; None where a test cannot say of one."""
        kept = []
        for written in numbers:
            value = _value(written)
            verdict: bool | None = True
            for test in self.tests:
                verdict = _both(verdict, test(value))
            if verdict is None:
                return None
            if verdict:
                kept.append(written)
        return kept

    def expression(self, numbers: Sequence[str]) -> str | None:
        """The math tool's expression for the statistics asked of the numbers kept ("sum(12, 30, 18)", "count(87, 51,
        64)"), or None: a number the tests cannot settle, none kept for anything but a sum or
        a count, too few for the statistic (a standard deviation of one), or too long for the tool."""
        kept = self.kept(numbers)
        if kept is None:
            return None
        parts = []
        for function in self.functions:
            if not kept:
                if function not in ("sum", "count"):
                    return None  # (the average of none is no number)
                parts.append("0")
            elif function == "product":
                parts.append(" * ".join(kept))
            else:
                parts.append(f"{function}({', '.join(kept)})")
        written = "; ".join(parts)
        return written if _computes(written) else None


def _computes(expression: str) -> bool:
    """Whether the math tool takes `expression` (its length too) and works it out."""
    from llorch.errors import LlorchError
    from llorch.tools.evaluator import MAX_LENGTH, evaluate

    if len(expression) > MAX_LENGTH:
        return False
    try:
        for part in expression.split("; "):
            evaluate(part)
    except (LlorchError, ValueError, ArithmeticError, SyntaxError):
        return False
    return True


def _functions(named: str) -> tuple[str, ...]:
    if named.lower() in ("how many", "count"):
        return ("count",)
    found: list[str] = []
    for word in re.findall(_STAT, named, re.IGNORECASE) or [named]:  # ("Add up the odd ones": add, a sum)
        function = _FUNCTION.get(" ".join(word.lower().split()), "sum")
        if function not in found:
            found.append(function)
    return tuple(found)


def filter_asked(question: str) -> NumberFilter | None:
    """What a question about some of a list of numbers asks (`NumberFilter`), or None: a question that names no
    filter ("the sum of these numbers" is arithmetic.numbers_asked's), or one this does not read."""
    if len(question) > 300:
        return None
    match = next((m for p in _ASKED if (m := p.match(question)) is not None), None)
    if match is None:
        return None
    named = match.groupdict()
    tests: list[Test] = []
    if named.get("adj"):
        tests.append(_adjective_test(named["adj"]))
    if named.get("rel"):
        bound = _bound_test(named["rel"])
        if bound is None:
            return None
        tests.append(bound)
    if not tests:
        return None
    given = named.get("inline") or named.get("given")
    inline: tuple[str, ...] = ()
    if given:
        numbers = _given_numbers(given)
        if numbers is None:
            return None
        inline = tuple(numbers)
    return NumberFilter(_functions(match.group("stat")), tuple(tests), inline)


def _given_numbers(given: str) -> list[str] | None:
    """The numbers a question gives ("1,200, 800 and 3,000": 1200, 800 and 3000; a comma and a space part numbers,
    as arithmetic's lists do), or None where commas could part numbers or thousands ("1,000,2")."""
    if _UNSURE.search(given):
        return None
    return listed_numbers(_AND.sub(", ", given))


_LISTED = re.compile(r"^[$€£]?-?\d+(?:\.\d+)?$")  # a number a list is made of, a currency sign before it


def listed_numbers(body: str) -> list[str] | None:
    """The numbers a text is made of (and nothing else), as written without currency signs, or None."""
    lines = [line.strip() for line in body.strip().splitlines() if line.strip()]
    if len(lines) > 1:
        cells = [THOUSANDS.sub("", line) for line in lines]
    else:  # "3, 4, 5", "3 4 5", "3,4,5"; "1,200, 800" is 1200 and 800 (a comma and a space part them)
        cells = []
        for cell in re.split(r"[\s;]+|,(?=\s)", lines[0]) if lines else []:
            cell = cell.strip()
            if re.fullmatch(r"[$€£]?-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", cell):
                cells.append(cell.replace(",", ""))
            else:
                cells += [c for c in cell.split(",") if c]
    if not cells or not all(_LISTED.match(c) for c in cells):
        return None
    return [c.lstrip("$€£") for c in cells]
