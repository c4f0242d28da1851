"""The `math` tool: exact arithmetic on an expression, without eval.

The expression's value is evaluator.py's (exact, or right to the digits shown) and how a number is written is
mathnumbers.py's. The tool says what it worked out: roman() writes a number in Roman numerals or reads one, factor()
a number as a product of primes, ratio() a ratio in lowest terms (1920:1080 is 16:9), bin(), oct() and hex() a whole
number in that base, isprime() its verdict in words;
a percentage is said as a decimal first, a standard deviation or variance names the other kind too, and a mode says
which values are as common. Several expressions parted by ";" are each worked out and said in order; given `money`
(a currency's sign), an amount past its smallest unit is also said to it ("$35.99 to the cent").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction
from math import gcd
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import EXACT_ONLY, ToolContext, ToolResult
from llorch.tools.daymath import ordinal
from llorch.tools.evaluator import MAX_LENGTH, MAX_PRIME, compute, evaluate, factors, most_common, natural
from llorch.tools.mathnumbers import Num, fixed, half_up, int_text, rational, show, too_long

__all__ = ["MathTool", "past_the_cent"]


_PRIME_ASKED = re.compile(r"isprime\((\d+)\)")
_BASE_ASKED = re.compile(r"(bin|oct|hex)\((.+)\)")
_BASES = {"bin": ("binary", "0b", "b"), "oct": ("octal", "0o", "o"), "hex": ("hexadecimal", "0x", "x")}
_ROMAN_ASKED = re.compile(r"roman\((.*)\)", re.IGNORECASE)
_FACTOR_ASKED = re.compile(r"factor\((.+)\)")
_RATIO_ASKED = re.compile(r"\s*ratio\s*\(([^()]*)\)\s*")
_RATIO_TERMS = (2, 6)  # the fewest and most terms of a ratio
_RATIO_MAX, _RATIO_PLACES = 10**12, 6  # the largest term, and the most decimal places of one
# The ratios screens are sold as, and how near a reduced one must be to be called one (1366x768 is 683:384: 16:9)
_SCREEN_RATIOS = ((1, 1), (5, 4), (4, 3), (3, 2), (16, 10), (16, 9), (21, 9), (32, 9))
_SCREEN_NEAR = Fraction(3, 100)
_MIN_PRECISION, _MAX_PRECISION = 1, 100  # significant digits shown for an inexact result
_INT_VALUE_BITS = 4000  # exact integers up to ~1,200 digits go into data["value"] as ints

# A lone standard deviation or variance, whose result names the other kind too (sample or population).
_PERCENTAGE = re.compile(r".+\*\s*100")  # what arithmetic.py writes for "What percent of 80 is 18?"
_MODE_ASKED = re.compile(r"mode\((-?[\d.]+(?:,-?[\d.]+)+)\)")
_EXTREME_ASKED = re.compile(r"(min|max)\((.+)\)")
_SPREAD_ASKED = re.compile(r"(p?stdev|p?variance)\((-?[\d.]+(?:,-?[\d.]+)+)\)")


def _roman(expression: str, inner: str) -> ToolResult:
    """roman(1987) is MCMLXXXVII; roman(MCMXCIV) is 1994 (the 1.5B read it as 1944). 1 to 3999, as the numerals
    are written without a bar."""
    import roman

    given = inner.strip().strip("'\"")
    if not given:
        raise ToolError("math: roman() takes a whole number (roman(2026)) or a numeral to read (roman(MCMXCIV))")
    if re.fullmatch(r"[IVXLCDMivxlcdm]+", given):
        try:
            n = roman.fromRoman(given.upper())
        except roman.RomanError:
            raise ToolError(f"math: {given} is not a Roman numeral as they are written (e.g. IV, not IIII; "
                            f"XC, not LXXXX)") from None
        return ToolResult(f"The Roman numeral {given.upper()} is {n}",
                          {"expression": expression, "result": str(n), "exact": True, "value": n, "base": "roman"})
    value = evaluate(given)
    if not (isinstance(value, Fraction) and value.denominator == 1 and 1 <= value <= 3999):
        raise ToolError(f"math: Roman numerals write whole numbers from 1 to 3999, got {show(value, 15)}")
    written = roman.toRoman(int(value))
    return ToolResult(f"{int_text(int(value))} in Roman numerals is {written}",
                      {"expression": expression, "result": written, "exact": True, "value": int(value),
                       "base": "roman"})


def _factored(expression: str, inner: str) -> ToolResult:
    """factor(360) is 2^3 × 3^2 × 5: the powers, each factor and the distinct primes (asked for 360's prime factors,
    the 1.5B said "2, 3, and 5" and no powers). Whole numbers up to 10^12, as isprime; 0 and 1 have none."""
    n = natural(compute(inner).value, "factor", MAX_PRIME)
    split = factors(n) if n >= 2 else []
    primes = sorted(set(split))
    data: dict[str, Any] = {"expression": expression, "value": n, "exact": True, "factors": split, "primes": primes}
    if not split:
        said = (f"{n} has no prime factorization: every prime divides 0" if n == 0 else
                f"{n} has no prime factors: it is neither prime nor composite")
        return ToolResult(said, data | {"result": said})
    if split == [n]:
        said = f"{n} is a prime number: its only prime factor is {n}"
        return ToolResult(said, data | {"result": str(n)})
    written = " × ".join(f"{p}^{split.count(p)}" if split.count(p) > 1 else str(p) for p in primes)
    each = " × ".join(map(str, split)) if len(split) <= 12 else written  # (10^12 is 24 of them)
    named = (f"its only prime factor is {primes[0]}" if len(primes) == 1 else
             f"its prime factors are {', '.join(map(str, primes[:-1]))} and {primes[-1]}")
    said = f"{n} = {written}{f' ({each})' if each != written else ''}; {named}"
    return ToolResult(said, data | {"result": written})


def _ratio(expression: str, inner: str) -> ToolResult:
    """ratio(1920, 1080) is 16:9: 2 to 6 positive numbers divided by their greatest common divisor, decimals first
    scaled to whole numbers (ratio(1.5, 2) is 3:4). Asked the aspect ratio of 1920x1080 in lowest terms, the 1.5B said
    it already was; a screen's that reduces to none of the common ones is said near one (683:384, about 16:9)."""
    given = [part.strip() for part in inner.split(",")] if inner.strip() else []
    low, high = _RATIO_TERMS
    if not low <= len(given) <= high:
        raise ToolError(f"math: ratio() takes {low} to {high} numbers (ratio(1920, 1080)), got {len(given)}")
    bad = next((g for g in given if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", g) or Fraction(g) == 0), None)
    if bad is not None:
        raise ToolError(f"math: a ratio's terms are positive numbers (ratio(1920, 1080), ratio(1.5, 2)), got {bad!r}")
    places = max(len(g.partition(".")[2]) for g in given)
    if places > _RATIO_PLACES or any(Fraction(g) > _RATIO_MAX for g in given):
        raise ToolError(f"math: a ratio's terms are up to 10^12, with up to {_RATIO_PLACES} decimal places, "
                        f"got {', '.join(given)}")
    whole = [int(Fraction(g) * 10**places) for g in given]
    divisor = gcd(*whole)
    terms = [w // divisor for w in whole]
    written, result = ":".join(given), ":".join(map(str, terms))
    data: dict[str, Any] = {"expression": expression, "result": result, "exact": True, "terms": terms}
    if places == 0 and divisor == 1:
        return ToolResult(f"{written} is already in lowest terms", data)
    notes = [f"each divided by {divisor}"] if places == 0 else []
    screen = _screen_ratio(whole, terms) if places == 0 else None
    if screen is not None:
        notes.append(screen[1])
        data["screen"] = screen[0]
    said = f"{written} in lowest terms is {result}"
    return ToolResult(f"{said} ({'; '.join(notes)})" if notes else said, data)


def _screen_ratio(given: list[int], terms: list[int]) -> tuple[str, str] | None:
    """The common screen ratio a ratio of two whole sides of 240 or more (a screen's pixels: 320x240 is the least
    of them) is, and how to say it: 8:5 is "16:10 as screens are sold"; 683:384 "about 16:9", within 3% of one
    written in smaller terms (not 7:4); else None ("Simplify 300:170" is 30:17, no screen's)."""
    if len(terms) != 2 or min(given) < 240:
        return None
    w, h = terms
    for a, b in _SCREEN_RATIOS:
        a, b = (a, b) if w >= h else (b, a)  # (a phone held upright: 9:16)
        name, off = f"{a}:{b}", abs(Fraction(w * b, h * a) - 1)
        if off == 0:
            return (name, f"{name} as screens are sold") if name != f"{w}:{h}" else None
        if off <= _SCREEN_NEAR and w > a and h > b:
            return name, f"about {name}"
    return None


# The currencies a question may name, their smallest unit's places and what it is called: told 59.99 * (1 - 40 / 100)
# = 17997/500 (= 35.994), the 1.5B answered "$35.994" for 40% off $59.99 (the yen has no smaller unit in use).
_MONEY = {"$": (2, "to the cent"), "€": (2, "to the cent"), "£": (2, "to the penny"), "¥": (0, "to the yen")}
_MAX_PARTS = 12  # expressions parted by "; " in one call ("mean(…); median(…)")


class MathTool:
    """Exact arithmetic: fractions stay fractions, floats only where they must."""

    name = "math"
    description = (
        "Evaluate an arithmetic expression exactly (fractions, big integers, sqrt, log, trig, factorial, gcd, comb, "
        "mean, median, mode, stdev, variance, count, isprime, prime (the nth), nextprime, prevprime, digits, "
        "digitsum...); ^ means power; bin(), oct() or hex() around it writes the result in that base, roman() in "
        "Roman numerals (roman(MCMXCIV) reads one), factor() as a product of primes; ratio(1920, 1080) is a ratio in "
        "lowest terms (16:9); several expressions parted by ; are each worked out"
    )
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "expression": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH,
                           "description": "e.g. 0.1 + 0.2, 2^100, sqrt(2), log(8, 2), mean(3, 9, 4); median(3, 9, 4)"},
            "precision": {
                "type": "integer",
                "minimum": _MIN_PRECISION,
                "maximum": _MAX_PRECISION,
                "default": 15,
                "description": "significant digits shown for inexact results (each one right)",
            },
            "money": {"type": "string", "enum": list(_MONEY), EXACT_ONLY: True,
                      "description": "the currency the result is an amount of: also said to the cent"},
        },
        "required": ["expression"],
    }
    positional = ("expression",)
    write_actions: frozenset[str] = frozenset()

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        expression = str(args["expression"]).strip()
        precision = int(args.get("precision", 15))
        if not _MIN_PRECISION <= precision <= _MAX_PRECISION:
            raise ToolError(f"math: precision must be between {_MIN_PRECISION} and {_MAX_PRECISION}, got {precision}")
        money = args.get("money")
        if money is not None and money not in _MONEY:
            raise ToolError(f"math: money must be one of {', '.join(_MONEY)}, got {money!r}")
        parts = [part.strip() for part in expression.split(";")]
        if len(parts) == 1:
            return _worked_out(expression, precision, money)
        if not all(parts):
            raise ToolError(f"math: an empty expression in {expression!r} (several are parted by \";\")")
        if len(parts) > _MAX_PARTS:
            raise ToolError(f"math: {len(parts)} expressions in one call; the limit is {_MAX_PARTS}")
        # "the mean and median of 3, 9, 4, 10, 4" (the 1.5B: mean 7; it is 6): each worked out, said in order
        done = [_worked_out(part, precision, money) for part in parts]
        data = {"expression": expression, "result": "; ".join(str(d.data.get("result", "")) for d in done),
                "exact": all(d.data.get("exact") for d in done), "value": done[0].data.get("value"),
                "values": [d.data.get("value") for d in done], "parts": [d.data for d in done]}
        return ToolResult("; ".join(d.text for d in done), data)


def _worked_out(expression: str, precision: int, money: str | None) -> ToolResult:
    """One expression's result: its value as shown, and as the function asked for it says it."""
    numeral = _ROMAN_ASKED.fullmatch(expression.replace(" ", ""))
    if numeral is not None:
        return _roman(expression, numeral.group(1))
    factored = _FACTOR_ASKED.fullmatch(expression.replace(" ", ""))
    if factored is not None:
        return _factored(expression, factored.group(1))
    ratio = _RATIO_ASKED.fullmatch(expression)
    if ratio is not None:
        return _ratio(expression, ratio.group(1))
    based = _BASE_ASKED.fullmatch(expression.replace(" ", ""))
    if based is not None:  # "bin(255)": the number written in that base (the math is the number itself)
        inner = evaluate(based.group(2))
        if not (isinstance(inner, Fraction) and inner.denominator == 1):
            raise ToolError(f"math: {based.group(1)} needs a whole number, got {show(inner, precision)}")
        n, (name, prefix, code) = inner.numerator, _BASES[based.group(1)]
        digits = format(abs(n), code).upper() if code == "x" else format(abs(n), code)
        written = f"{'-' if n < 0 else ''}{prefix}{digits}"
        return ToolResult(f"{int_text(n)} in {name} is {written}",
                          {"expression": expression, "result": written, "exact": True, "value": _json_value(inner),
                           "base": name})
    computed = compute(expression, precision)
    value, places = computed.value, computed.places
    exact = isinstance(value, Fraction)
    result = show(value, precision, places)
    data = {"expression": expression, "result": result, "exact": exact, "value": _json_value(value)}
    if places is not None and places >= 0:  # every place asked for: data["value"], a float, holds ~16 digits
        data["rounded"] = fixed(rational(value), places)
    prime = _PRIME_ASKED.fullmatch(expression.replace(" ", ""))
    if prime is not None:  # in words: "isprime(221) = 0" is easy to misread
        n = int(prime.group(1))
        split = factors(n) if n >= 2 else []
        said = (f"{n} is a prime number" if split == [n] else
                f"{n} is not a prime number: {n} = {' × '.join(map(str, split))}" if split else
                f"{n} is not a prime number")
        return ToolResult(said, data | {"prime": split == [n], "factors": split}, verdict=split == [n])
    said = f"{expression} {result}" if result.startswith("≈") else (  # (a long fraction's decimal: "≈ 161.47…")
        f"{expression} {'=' if exact else '≈'} {result}")
    percentage = _PERCENTAGE.fullmatch(expression) is not None
    if exact and percentage and isinstance(value, Fraction) and value.denominator > 1 and not too_long(value):
        # a percentage as a decimal first: told "18 / 80 * 100 = 45/2 (= 22.5)", the 1.5B answered "45%"
        said = (f"{expression} = {result.split('(= ', 1)[1].rstrip(')')}" if "(= " in result else
                f"{expression} ≈ {fixed(value, 2)} (to two places; {value.numerator}/{value.denominator} exactly)")
    if money is not None and places is None and not percentage:  # (a percentage is no amount; places were asked)
        said = _to_the_cent(said, rational(value), money, data)
    spread = _SPREAD_ASKED.fullmatch(expression.replace(" ", ""))
    if spread is not None:  # "the standard deviation" is either: say which this is, and the other
        name, numbers = spread.group(1), spread.group(2)
        other = name[1:] if name.startswith("p") else "p" + name
        other_value = compute(f"{other}({numbers})", precision).value
        kind = "a whole population's, dividing by n" if name.startswith("p") else "a sample's, dividing by n - 1"
        other_kind = "a sample's" if name.startswith("p") else "the whole population's"
        sign = "=" if isinstance(other_value, Fraction) else "≈"
        said += f" ({kind}; {other_kind}, {other}, {sign} {show(other_value, precision)})"
        data["other"] = {"function": other, "result": show(other_value, precision)}
    extreme = _EXTREME_ASKED.fullmatch(expression.strip())
    if extreme is not None:  # "min(8.99 / 12, 13.49 / 20)": which of them it is (told only the least per can, the
        said = _which_extreme(said, extreme.group(1), extreme.group(2), value, precision)  # model must match it)
    tied = _MODE_ASKED.fullmatch(expression.replace(" ", ""))
    if tied is not None:  # "the mode" of 1 1 2 2 is either: say so rather than name the first alone
        values, top = most_common([evaluate(n) for n in tied.group(1).split(",")])
        common = [show(v, precision) for v in values]
        if len(common) > 1:
            said += (f" ({', '.join(common[:-1])} and {common[-1]} are as common, {top} times each)" if top > 1
                     else " (no value repeats: each is as common)")
            data["modes"] = common
    return ToolResult(said, data)


def _which_extreme(said: str, name: str, inner: str, value: Num, precision: int) -> str:
    """`said` with which argument of min(…) or max(…) gives its value, and the others' values, where they are
    expressions ("13.49 / 20"), not numbers."""
    parts: list[str] = []
    depth, start = 0, 0
    for at, c in enumerate(inner):  # (the arguments' own calls hold commas)
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:  # "min(3, 1/2) * max(2, 4)": no one call
            return said
        if c == "," and depth == 0:
            parts, start = [*parts, inner[start:at].strip()], at + 1
    parts.append(inner[start:].strip())
    if len(parts) < 2 or all(re.fullmatch(r"-?[\d.]+", p) for p in parts):
        return said
    values = [compute(p, precision).value for p in parts]
    hits = [i for i, v in enumerate(values) if rational(v) == rational(value)]
    if len(hits) != 1:
        return said
    rest = "; ".join(f"{p} {'=' if isinstance(v, Fraction) else '≈'} {show(v, precision)}"
                     for i, (p, v) in enumerate(zip(parts, values)) if i != hits[0])
    place = hits[0] + 1
    return (f"{said}: the {'least' if name == 'min' else 'most'} is the {place}{ordinal(place)}, {parts[hits[0]]} "
            f"(where {rest})")


def past_the_cent(expression: str, money: str) -> bool:
    """Whether the tool, told `money`, says a value of `expression` (of one of its "; " parts) to the cent: one with
    more places than the currency's smallest unit, that is no percentage and no round(x, N)."""
    try:
        return any("amount" in _worked_out(part.strip(), 15, money).data for part in expression.split(";"))
    except ToolError:
        return False


def _to_the_cent(said: str, value: Fraction, money: str, data: dict[str, Any]) -> str:
    """`said` with the amount to the currency's smallest unit, where the value has more places: "= 17997/500
    (= 35.994; $35.99 to the cent)"; data["amount"] and data["currency"] say it too."""
    places, unit = _MONEY[money]
    if (value * 10**places).denominator == 1:
        return said
    amount = half_up(value, places)
    data |= {"currency": money, "amount": amount}
    written = f"-{money}{amount[1:]}" if amount.startswith("-") else f"{money}{amount}"
    if said.endswith(")"):
        return f"{said[:-1]}; {written} {unit})"
    return f"{said} ({written} {unit})"


def _json_value(value: Num) -> int | float | None:
    if isinstance(value, Fraction) and value.denominator == 1 and value.numerator.bit_length() <= _INT_VALUE_BITS:
        return value.numerator
    try:
        return float(value)
    except OverflowError:
        return None
