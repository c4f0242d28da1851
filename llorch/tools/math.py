"""The `math` tool: exact arithmetic on an expression, without eval.

The expression is parsed with `ast.parse(mode="eval")` and walked over a whitelist:
number literals, `+ - * / // % **`, unary `+ -`, parentheses, the constants `pi`, `e`,
`tau` and a fixed set of functions. `^` means power (it is replaced by `**` before
parsing, so there is no bitwise xor). Nothing is compiled or run.

Numbers are exact `Fraction`s: a decimal literal is the fraction its digits spell
(`0.1` is 1/10, so `0.1 + 0.2` is exactly 3/10). A power with an integer exponent stays
exact, and so does a fractional one whose result is a perfect power (`8 ** (1/3)` is 2,
`sqrt(16/9)` is 4/3). Constants and transcendental functions give mpmath numbers, and
anything computed from one is one too ("inexact"). Inexact results are shown to `precision`
significant digits, each of them right: a float holds ~16, so pi to 50 digits was its binary
expansion from the 17th on (…793115997…, not …7932384…). The expression is evaluated with
guard digits, then again with about twice as many; the digits shown are those both runs give,
or the working precision grows until they do. A result that shrinks towards 0 as it grows
(sin(pi), exp(1) - e) is 0. round(x, N) around the whole expression shows its N places.
Inexact values keep a float's range (about 1.8e308): exp(1000) is still too large.
"""

from __future__ import annotations

import ast
import decimal
import math as _m
import operator
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import clipped
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["Computed", "MathTool", "compute", "evaluate", "factors"]

_Inexact = Any  # an mpmath mpf (mpmath has no type stubs)
_Num = Fraction | _Inexact

_MAX_LENGTH = 1000
_PRIME_ASKED = re.compile(r"isprime\((\d+)\)")
_BASE_ASKED = re.compile(r"(bin|oct|hex)\((.+)\)")
_BASES = {"bin": ("binary", "0b", "b"), "oct": ("octal", "0o", "o"), "hex": ("hexadecimal", "0x", "x")}
_ROMAN_ASKED = re.compile(r"roman\((.*)\)", re.IGNORECASE)
_FACTOR_ASKED = re.compile(r"factor\((.+)\)")


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
        raise ToolError(f"math: Roman numerals write whole numbers from 1 to 3999, got {_show(value, 15)}")
    written = roman.toRoman(int(value))
    return ToolResult(f"{_int_text(int(value))} in Roman numerals is {written}",
                      {"expression": expression, "result": written, "exact": True, "value": int(value),
                       "base": "roman"})
_MIN_PRECISION, _MAX_PRECISION = 1, 100  # significant digits shown for an inexact result
_MAX_EXPONENT = 10_000
_MAX_POWER_DIGITS = 10_000
_MAX_DIGITS = 20_000  # any intermediate exact value (factorial(5000) has 16,326 digits)
_MAX_FACTORIAL = 5000
_MAX_COMB = 100_000
_INT_VALUE_BITS = 4000  # exact integers up to ~1,200 digits go into data["value"] as ints
_GUARD = 10  # working digits beyond those shown (and beyond 17, so that data["value"] is the nearest float)
# Working digits at most: the precision doubles from ~27 until two runs agree, and at 2,500 digits mpmath's log
# takes ~7 ms (exp, sin ~2 ms; log at 20,000 digits: 211 ms), so 100 logarithms in one expression take under a second.
_MAX_WORKING = 2_500
_MAX_PLACES = 1_000  # decimal places an inexact value rounds to (round(pi, 1000)), under _MAX_WORKING
_MAX_INEXACT = Fraction(2) ** 1024  # a float's range: beyond it an inexact value is "too large", as before mpmath
_MAX_TINY_BITS = int(_MAX_DIGITS / 0.30103) + 4 * _MAX_WORKING  # binary places of the smallest number shown

_CONSTANTS = ("pi", "e", "tau")
_REPLACEMENTS = {"^": "**", "×": "*", "÷": "/", "−": "-"}

_REFUSED: dict[type, str] = {
    ast.Subscript: "subscripts are",
    ast.Lambda: "lambda is",
    ast.Compare: "comparisons are",
    ast.BoolOp: "and/or are",
    ast.IfExp: "conditional expressions are",
    ast.List: "lists are",
    ast.Tuple: "tuples are",
    ast.Set: "sets are",
    ast.Dict: "dicts are",
    ast.ListComp: "comprehensions are",
    ast.SetComp: "comprehensions are",
    ast.DictComp: "comprehensions are",
    ast.GeneratorExp: "comprehensions are",
    ast.JoinedStr: "strings are",
    ast.NamedExpr: "assignments (:=) are",
    ast.Starred: "* unpacking is",
    ast.Await: "await is",
    ast.Yield: "yield is",
    ast.YieldFrom: "yield is",
}

_OPERATORS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.MatMult: "@",
}


# A lone standard deviation or variance, whose result names the other kind too (sample or population).
_PERCENTAGE = re.compile(r".+\*\s*100")  # what arithmetic.py writes for "What percent of 80 is 18?"
_MODE_ASKED = re.compile(r"mode\((-?[\d.]+(?:,-?[\d.]+)+)\)")
_SPREAD_ASKED = re.compile(r"(p?stdev|p?variance)\((-?[\d.]+(?:,-?[\d.]+)+)\)")


def _factored(expression: str, inner: str) -> ToolResult:
    """factor(360) is 2^3 × 3^2 × 5: the powers, each factor and the distinct primes (asked for 360's prime factors,
    the 1.5B said "2, 3, and 5" and no powers). Whole numbers up to 10^12, as isprime; 0 and 1 have none."""
    n = _natural(compute(inner).value, "factor", _MAX_PRIME)
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


class MathTool:
    """Exact arithmetic: fractions stay fractions, floats only where they must."""

    name = "math"
    description = (
        "Evaluate an arithmetic expression exactly (fractions, big integers, sqrt, log, "
        "trig, factorial, gcd, comb, mean, median, mode, stdev, variance, isprime...); ^ means power; bin(), oct() or hex() around "
        "it writes the result in that base, roman() in Roman numerals (roman(MCMXCIV) reads one), factor() as a product "
        "of primes"
    )
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "expression": {"type": "string", "minLength": 1, "maxLength": _MAX_LENGTH,
                           "description": "e.g. 0.1 + 0.2, 2^100, sqrt(2), log(8, 2)"},
            "precision": {
                "type": "integer",
                "minimum": _MIN_PRECISION,
                "maximum": _MAX_PRECISION,
                "default": 15,
                "description": "significant digits shown for inexact results (each one right)",
            },
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
        numeral = _ROMAN_ASKED.fullmatch(expression.replace(" ", ""))
        if numeral is not None:
            return _roman(expression, numeral.group(1))
        factored = _FACTOR_ASKED.fullmatch(expression.replace(" ", ""))
        if factored is not None:
            return _factored(expression, factored.group(1))
        based = _BASE_ASKED.fullmatch(expression.replace(" ", ""))
        if based is not None:  # "bin(255)": the number written in that base (the math is the number itself)
            inner = evaluate(based.group(2))
            if not (isinstance(inner, Fraction) and inner.denominator == 1):
                raise ToolError(f"math: {based.group(1)} needs a whole number, got {_show(inner, precision)}")
            n, (name, prefix, code) = inner.numerator, _BASES[based.group(1)]
            digits = format(abs(n), code).upper() if code == "x" else format(abs(n), code)
            written = f"{'-' if n < 0 else ''}{prefix}{digits}"
            return ToolResult(f"{_int_text(n)} in {name} is {written}",
                              {"expression": expression, "result": written, "exact": True, "value": _json_value(inner),
                               "base": name})
        computed = compute(expression, precision)
        value, places = computed.value, computed.places
        exact = isinstance(value, Fraction)
        result = _show(value, precision, places)
        data = {"expression": expression, "result": result, "exact": exact, "value": _json_value(value)}
        if places is not None and places >= 0:  # every place asked for: data["value"], a float, holds ~16 digits
            data["rounded"] = _fixed(_rational(value), places)
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
        if exact and _PERCENTAGE.fullmatch(expression) and isinstance(value, Fraction) and value.denominator > 1 \
                and not _long(value):
            # a percentage as a decimal first: told "18 / 80 * 100 = 45/2 (= 22.5)", the 1.5B answered "45%"
            said = (f"{expression} = {result.split('(= ', 1)[1].rstrip(')')}" if "(= " in result else
                    f"{expression} ≈ {_fixed(value, 2)} (to two places; {value.numerator}/{value.denominator} exactly)")
        spread = _SPREAD_ASKED.fullmatch(expression.replace(" ", ""))
        if spread is not None:  # "the standard deviation" is either: say which this is, and the other
            name, numbers = spread.group(1), spread.group(2)
            other = name[1:] if name.startswith("p") else "p" + name
            other_value = compute(f"{other}({numbers})", precision).value
            kind = "a whole population's, dividing by n" if name.startswith("p") else "a sample's, dividing by n - 1"
            other_kind = "a sample's" if name.startswith("p") else "the whole population's"
            sign = "=" if isinstance(other_value, Fraction) else "≈"
            said += f" ({kind}; {other_kind}, {other}, {sign} {_show(other_value, precision)})"
            data["other"] = {"function": other, "result": _show(other_value, precision)}
        tied = _MODE_ASKED.fullmatch(expression.replace(" ", ""))
        if tied is not None:  # "the mode" of 1 1 2 2 is either: say so rather than name the first alone
            values, top = _most_common([evaluate(n) for n in tied.group(1).split(",")])
            common = [_show(v, precision) for v in values]
            if len(common) > 1:
                said += (f" ({', '.join(common[:-1])} and {common[-1]} are as common, {top} times each)" if top > 1
                         else " (no value repeats: each is as common)")
                data["modes"] = common
        return ToolResult(said, data)


@dataclass(frozen=True)
class Computed:
    """An expression's value: a Fraction when exact, else an mpmath number right to the digits asked for; `places`
    when the whole expression is round(x, N)."""

    value: Fraction | _Inexact
    places: int | None = None


def evaluate(expression: str) -> Fraction | float:
    """The value of `expression`: a Fraction when exact, else the nearest float. Raises ToolError."""
    value = compute(expression).value
    return value if isinstance(value, Fraction) else float(value)


def compute(expression: str, precision: int = 17) -> Computed:
    """The value of `expression`, exact or right to `precision` significant digits (or to the places of a round()
    around it). Raises ToolError."""
    if not expression.strip():
        raise ToolError("math: the expression is empty")
    if len(expression) > _MAX_LENGTH:
        raise ToolError(f"math: the expression is {len(expression)} characters long; the limit is {_MAX_LENGTH}")
    source = expression.strip()
    for old, new in _REPLACEMENTS.items():
        source = source.replace(old, new)
    try:
        tree = ast.parse(source, mode="eval")
        return _settled(source, tree.body, precision)
    except SyntaxError as exc:
        raise ToolError(f"math: cannot parse {clipped(expression, 60)!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ToolError("math: the expression is nested too deeply") from None


def _settled(source: str, body: ast.expr, precision: int) -> Computed:
    """Evaluates `body` at growing working precision until two runs show the same digits."""
    import mpmath

    places = None
    if isinstance(body, ast.Call) and isinstance(body.func, ast.Name) and body.func.id == "round" \
            and len(body.args) == 2:
        places = _integer(_Evaluator(source, _Work(mpmath, 17 + _GUARD)).eval(body.args[1]), "round")
    digits = max(precision, 17) + _GUARD
    runs: list[tuple[int, _Num, str]] = []  # (working digits, value, as shown) of the runs so far
    while True:
        work = _Work(mpmath, digits)
        value = _Evaluator(source, work).eval(body)
        if work.wanted > digits:  # a round(x, N) places its last digit only with more digits than these
            digits, runs = work.wanted, []
            continue
        if not work.inexact:
            return Computed(value, places)
        shown = _show(value, precision, places)
        if runs and runs[-1][2] == shown:
            return Computed(value, places)
        runs.append((digits, value, shown))
        if len(runs) >= 3 and _vanishing(runs[-3:]):  # (cos(pi/2): -1e-26, then 4e-61, then 1e-130)
            return Computed(work.mp.mpf(0), places)
        digits = 2 * digits + _GUARD
        if digits > _MAX_WORKING:
            raise ToolError(f"math: {source} does not settle to {precision} significant digits: they still change "
                            f"at {runs[-1][0]} working digits")


def _vanishing(runs: list[tuple[int, _Num, str]]) -> bool:
    """Whether each run's value is smaller than the one before by at least half the digits added: the residue of a
    cancellation to 0, not a small number (sin(1e-40) is 1e-40 at any precision)."""
    def shrank(before: tuple[int, _Num, str], after: tuple[int, _Num, str]) -> bool:
        (d0, v0, _), (d1, v1, _) = before, after
        if isinstance(v0, Fraction) or isinstance(v1, Fraction):
            return False
        return v1 == 0 or v0 == 0 or abs(_rational(v1)) * 10 ** ((d1 - d0) // 2) <= abs(_rational(v0))

    return all(shrank(a, b) for a, b in zip(runs, runs[1:]))


class _Work:
    """One run's mpmath context (its own, so that threads do not share mpmath's global precision), whether an
    inexact number was made, and the working digits that a round(x, N) found it needs."""

    def __init__(self, mpmath: Any, digits: int) -> None:
        self.mp = mpmath.MPContext()
        self.mp.dps = digits
        self.digits = digits
        self.inexact = False
        self.wanted = 0

    def mpf(self, value: _Num) -> _Inexact:
        """`value` as an mpmath number at the working precision (any size: for a logarithm's argument)."""
        self.inexact = True
        if isinstance(value, Fraction):
            return self.mp.mpf(value.numerator) / value.denominator
        return value

    def inexact_of(self, value: _Num) -> _Inexact:
        if isinstance(value, Fraction) and abs(value) >= _MAX_INEXACT:
            raise ToolError("math: a number is too large for inexact arithmetic")
        return self.mpf(value)

    def checked(self, value: _Inexact, where: str) -> _Inexact:
        if isinstance(value, Fraction):
            return value
        if not isinstance(value, self.mp.mpf):
            raise ToolError(f"math: {where} has no real result")
        if not self.mp.isfinite(value):
            raise ToolError(f"math: {where} is too large or undefined")
        if abs(value) >= self.mp.ldexp(1, 1024):  # (exact: a power of 2)
            raise ToolError(f"math: {where} is too large")
        return value

    def want(self, digits: int) -> None:
        self.wanted = max(self.wanted, digits + _GUARD)


def _rational(value: _Num) -> Fraction:
    """An mpmath number's exact value (it is a binary fraction)."""
    if isinstance(value, Fraction):
        return value
    sign, man, exp, _ = value._mpf_
    if exp < -_MAX_TINY_BITS:  # (exp(-10^300): a float said 0; its digits would need a 10^300-digit denominator)
        raise ToolError(f"math: a number under 10^-{_MAX_DIGITS} is too small to work with")
    exact = Fraction(man << exp) if exp >= 0 else Fraction(man, 1 << -exp)
    return -exact if sign else exact


def _digits(n: int) -> float:
    return _m.log10(abs(n)) if n else 0.0


def _check_size(value: _Num, where: str) -> _Num:
    if isinstance(value, Fraction) and max(value.numerator.bit_length(), value.denominator.bit_length()) * 0.30103 > _MAX_DIGITS:
        raise ToolError(f"math: {where} has more than {_MAX_DIGITS} digits")
    return value


def _iroot(n: int, k: int) -> int:
    """The integer part of the k-th root of n >= 0 (Newton's method on integers)."""
    if n < 2:
        return n
    x = 1 << -(-n.bit_length() // k)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def _exact_root(value: Fraction, k: int) -> Fraction | None:
    if value < 0:
        if k % 2 == 0:
            return None
        root = _exact_root(-value, k)
        return None if root is None else -root
    n, d = value.numerator, value.denominator
    rn, rd = _iroot(n, k), _iroot(d, k)
    return Fraction(rn, rd) if rn**k == n and rd**k == d else None


def _int_power(base: Fraction, k: int, where: str) -> Fraction:
    if base == 0:
        if k < 0:
            raise ToolError(f"math: division by zero in {where}")
        return Fraction(1 if k == 0 else 0)
    if abs(base) == 1:
        return base ** (k % 2)
    if abs(k) > _MAX_EXPONENT:
        raise ToolError(f"math: the exponent in {where} is too large (limit {_MAX_EXPONENT})")
    if abs(k) * max(_digits(base.numerator), _digits(base.denominator)) > _MAX_POWER_DIGITS:
        raise ToolError(f"math: {where} would have more than {_MAX_POWER_DIGITS} digits")
    return base**k


def _power(base: _Num, exponent: _Num, where: str, work: _Work) -> _Num:
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if exponent.denominator == 1:
            return _int_power(base, exponent.numerator, where)
        if exponent.denominator <= _MAX_EXPONENT:
            root = _exact_root(base, exponent.denominator)
            if root is not None:
                return _int_power(root, exponent.numerator, where)
        if base < 0 and exponent.denominator % 2 == 1:
            sign = -1 if exponent.numerator % 2 else 1
            return sign * _inexact_power(-base, exponent, where, work)
    return _inexact_power(base, exponent, where, work)


def _inexact_power(base: _Num, exponent: _Num, where: str, work: _Work) -> _Inexact:
    b, x = work.inexact_of(base), work.inexact_of(exponent)
    if b < 0 and not work.mp.isint(x):
        raise ToolError(f"math: {where} has no real result")
    if b == 0 and x < 0:
        raise ToolError(f"math: division by zero in {where}")
    return work.checked(work.mp.power(b, x), where)


def _arith(op: ast.operator, a: _Num, b: _Num, where: str, work: _Work) -> _Num:
    if isinstance(op, ast.Pow):
        return _power(a, b, where, work)
    if not isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod)):
        raise ToolError(f"math: the operator {_OPERATORS.get(type(op), type(op).__name__)} is not allowed (in {where})")
    if isinstance(op, (ast.Div, ast.FloorDiv, ast.Mod)) and b == 0:
        raise ToolError(f"math: division by zero in {where}")
    both_exact = isinstance(a, Fraction) and isinstance(b, Fraction)
    if type(op) in _BINARY:
        return _BINARY[type(op)](a, b) if both_exact else work.checked(_BINARY[type(op)](work.inexact_of(a),
                                                                                        work.inexact_of(b)), where)
    if both_exact:
        return Fraction(a // b) if isinstance(op, ast.FloorDiv) else a % b
    x, y = work.inexact_of(a), work.inexact_of(b)
    quotient = work.mp.floor(x / y)
    return work.checked(quotient if isinstance(op, ast.FloorDiv) else x - y * quotient, where)  # (% as Python's)


_BINARY: dict[type, Callable[[Any, Any], Any]] = {ast.Add: operator.add, ast.Sub: operator.sub,
                                                   ast.Mult: operator.mul, ast.Div: operator.truediv}


class _Evaluator:
    """Walks the parsed expression, allowing only whitelisted nodes."""

    def __init__(self, source: str, work: _Work) -> None:
        self.source = source
        self.work = work

    def where(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def eval(self, node: ast.expr) -> _Num:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            return _check_size(_arith(node.op, left, right, self.where(node), self.work), self.where(node))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.eval(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.eval(node.operand)
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            raise ToolError(f"math: the operator {symbol} is not allowed (in {self.where(node)})")
        if isinstance(node, ast.Name):
            if node.id in _CONSTANTS:
                self.work.inexact = True
                mp = self.work.mp
                return +mp.pi if node.id == "pi" else +mp.e if node.id == "e" else 2 * mp.pi
            known = ", ".join(_CONSTANTS)
            hint = f"; {node.id} is a function, call it as {node.id}(...)" if node.id in _FUNCTIONS else ""
            raise ToolError(f"math: unknown name {node.id!r} (constants: {known}){hint}")
        if isinstance(node, ast.Call):
            return _check_size(self._call(node), self.where(node))
        if isinstance(node, ast.Attribute):
            raise ToolError(f"math: attribute access (.{node.attr}) is not allowed (in {self.where(node)})")
        what = _REFUSED.get(type(node), f"{type(node).__name__} is")
        raise ToolError(f"math: {what} not allowed (in {self.where(node)})")

    def _constant(self, node: ast.Constant) -> Fraction:
        value = node.value
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise ToolError(f"math: {value!r} is not a number")
        if isinstance(value, int):
            return Fraction(value)
        if isinstance(value, float):
            text = (ast.get_source_segment(self.source, node) or repr(value)).replace("_", "")
            try:
                dec = decimal.Decimal(text)
            except decimal.InvalidOperation:
                dec = decimal.Decimal(value)
            if abs(dec.adjusted()) > _MAX_DIGITS:
                raise ToolError(f"math: the literal {text} is too large")
            return Fraction(dec)
        if isinstance(value, complex):
            raise ToolError(f"math: complex numbers are not supported ({self.where(node)})")
        raise ToolError(f"math: strings are not allowed ({self.where(node)})")

    def _call(self, node: ast.Call) -> _Num:
        if not isinstance(node.func, ast.Name):
            raise ToolError(f"math: only calls of named functions are allowed, not {self.where(node.func)}(...)")
        name = node.func.id
        spec = _FUNCTIONS.get(name)
        if spec is None and name in ("factor", "bin", "oct", "hex", "roman"):  # (their results are no numbers)
            raise ToolError(f"math: {name}() is the whole expression, as in {name}(360), not a part of one")
        if spec is None:
            raise ToolError(f"math: unknown function {name!r} (functions: {', '.join(sorted(_FUNCTIONS))})")
        if node.keywords:
            raise ToolError(f"math: keyword arguments are not allowed (in {self.where(node)})")
        low, high, impl = spec
        if not low <= len(node.args) <= (high if high is not None else len(node.args)):
            wanted = str(low) if low == high else f"{low} or more" if high is None else f"{low} to {high}"
            raise ToolError(f"math: {name} takes {wanted} argument{'s' if wanted != '1' else ''}, got {len(node.args)}")
        values = [self.eval(arg) for arg in node.args]
        return impl(values, self.where(node), self.work)


# -- Functions ------------------------------------------------------------------------

_Impl = Callable[[list[_Num], str, _Work], _Num]


def _integer(value: _Num, name: str) -> int:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    raise ToolError(f"math: {name} needs whole-number arguments, got {_show(value, 15)}")


def _natural(value: _Num, name: str, limit: int) -> int:
    n = _integer(value, name)
    if n < 0:
        raise ToolError(f"math: {name} needs non-negative arguments, got {n}")
    if n > limit:
        raise ToolError(f"math: {name} argument {n} is too large (limit {limit})")
    return n


def _ln(value: _Num, work: _Work) -> _Inexact:
    if isinstance(value, Fraction):
        n, d = value.numerator, value.denominator
        if 4 * abs(n - d) < d:  # near 1: log1p keeps the digits that log of a rounded 1.000…01 loses
            return work.mp.log1p(work.mpf(Fraction(n - d, d)))
    return work.mp.log(work.mpf(value))  # (any size: ln(10^5000) is 11512.9…)


def _log(values: list[_Num], where: str, work: _Work, base: _Num | None = None) -> _Num:
    x = values[0]
    base = values[1] if len(values) > 1 else base
    if x <= 0:
        raise ToolError(f"math: {where}: the logarithm needs a positive number")
    if base is not None and (base <= 0 or base == 1):
        raise ToolError(f"math: {where}: the base must be positive and not 1")
    if isinstance(x, Fraction) and x == 1:
        return Fraction(0)
    if base is None:
        return work.checked(_ln(x, work), where)
    estimate = work.checked(_ln(x, work) / _ln(base, work), where)
    if isinstance(x, Fraction) and isinstance(base, Fraction):
        guess = _rational(estimate).limit_denominator(1000)
        p, q = guess.numerator, guess.denominator
        size_x = max(x.numerator.bit_length(), x.denominator.bit_length())
        size_b = max(base.numerator.bit_length(), base.denominator.bit_length())
        if q * size_x <= 100_000 and abs(p) * size_b <= 100_000 and x**q == base**p:
            return guess
    return estimate


def _trig(at_zero: int | None, name: str) -> _Impl:
    def impl(values: list[_Num], where: str, work: _Work) -> _Num:
        x = values[0]
        if at_zero is not None and isinstance(x, Fraction) and x == 0:
            return Fraction(at_zero)
        if name == "acos" and isinstance(x, Fraction) and x == 1:
            return Fraction(0)
        if name in ("asin", "acos") and abs(x) > 1:
            raise ToolError(f"math: {where} is outside the domain of {name}")
        return work.checked(getattr(work.mp, name)(work.inexact_of(x)), where)

    return impl


def _sqrt(values: list[_Num], where: str, work: _Work) -> _Num:
    if values[0] < 0:
        raise ToolError(f"math: {where}: the square root of a negative number is not real")
    return _power(values[0], Fraction(1, 2), where, work)


def _round(values: list[_Num], where: str, work: _Work) -> _Num:
    digits = _integer(values[1], "round") if len(values) > 1 else None
    if digits is not None and abs(digits) > _MAX_EXPONENT:
        raise ToolError(f"math: {where}: too many digits to round to")
    x = values[0]
    if isinstance(x, Fraction):
        return round(x, digits) if digits is not None else Fraction(round(x))
    if digits is None:
        return Fraction(round(_snapped(x, work)))
    if digits > _MAX_PLACES:
        raise ToolError(f"math: {where}: an inexact number rounds to at most {_MAX_PLACES} decimal places")
    if x != 0:  # the digits before the point and the places: what the run must carry to place the last one
        work.want(int(work.mp.mag(x) * 0.30103) + 2 + digits)
    return work.mpf(round(_rational(x), digits))


def _abs(values: list[_Num], where: str, work: _Work) -> _Num:
    return -values[0] if values[0] < 0 else values[0]


def _rounder(fn: Callable[[Any], int]) -> _Impl:
    return lambda values, where, work: Fraction(fn(_snapped(values[0], work)))


def _snapped(value: _Num, work: _Work) -> Fraction:
    """`value`, or the whole number it is within this run's rounding of: ceil(atan(1)*4 - pi) is ceil(0), not of
    the run's residue (1e-27, or -1e-27). A number that only looks whole is told apart by the next run's digits
    (floor(exp(pi*sqrt(163))) is …743, 7.5e-13 under …744), and the runs then disagree until it is."""
    exact = _rational(value)
    if isinstance(value, Fraction):
        return exact
    whole = round(exact)
    return Fraction(whole) if abs(exact - whole) <= max(1, abs(exact)) / 10 ** (work.digits - _GUARD) else exact


def _exp(values: list[_Num], where: str, work: _Work) -> _Num:
    if values[0] == 0:
        return Fraction(1)
    return work.checked(work.mp.exp(work.inexact_of(values[0])), where)


def _comb(values: list[_Num], where: str, work: _Work) -> _Num:
    n, k = (_natural(v, "comb", _MAX_COMB) for v in values)
    return Fraction(_m.comb(n, k))


def _perm(values: list[_Num], where: str, work: _Work) -> _Num:
    if len(values) == 1:
        return Fraction(_m.factorial(_natural(values[0], "perm", _MAX_FACTORIAL)))
    n, k = (_natural(v, "perm", _MAX_COMB) for v in values)
    if min(k, n - k) > _MAX_FACTORIAL and k < n:
        raise ToolError(f"math: {where} is too large")
    return Fraction(_m.perm(n, k))


def _sum(values: list[_Num], where: str, work: _Work) -> _Num:
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0))
    return work.checked(work.mp.fsum(work.inexact_of(v) for v in values), where)


def _mean(values: list[_Num], where: str, work: _Work) -> _Num:
    return _sum(values, where, work) / len(values)


def _variance(sample: bool) -> _Impl:
    """The variance of a sample (n - 1, as Python's statistics.variance and a spreadsheet's VAR) or of a whole
    population (n, as numpy.var and VAR.P), exact over exact numbers."""
    def variance(values: list[_Num], where: str, work: _Work) -> _Num:
        n = len(values)  # (a sample's has two or more: _FUNCTIONS says so)
        mean = _mean(values, where, work)
        squares = [(v - mean) ** 2 for v in values]
        return _sum(squares, where, work) / (n - 1 if sample else n)
    return variance


def _deviation(sample: bool) -> _Impl:
    """The standard deviation: the square root of the variance (exact where it is a perfect square)."""
    variance = _variance(sample)
    return lambda values, where, work: _sqrt([variance(values, where, work)], where, work)


def _most_common(values: list[_Num]) -> tuple[list[_Num], int]:
    """The values as common as the most common one, in the order first given, and how often each comes (2 and 2.0
    are one value)."""
    counts = Counter(_rational(v) for v in values)
    firsts: dict[Fraction, _Num] = {}
    for v in values:
        firsts.setdefault(_rational(v), v)
    top = max(counts.values())
    return [v for key, v in firsts.items() if counts[key] == top], top


def _mode(values: list[_Num], where: str, work: _Work) -> _Num:
    """The most common value; of several as common, the first given (as Python's statistics.mode)."""
    return _most_common(values)[0][0]


def _median(values: list[_Num], where: str, work: _Work) -> _Num:
    ordered, middle = sorted(values, key=_rational), len(values) // 2
    return ordered[middle] if len(values) % 2 else _mean(ordered[middle - 1:middle + 1], where, work)


_MAX_PRIME = 10**12  # trial division up to 10^6: a fraction of a second


def factors(n: int) -> list[int]:
    """The prime factors of `n` (2 <= n <= 10^12), smallest first, by trial division."""
    found, d = [], 2
    while d * d <= n:
        while n % d == 0:
            found.append(d)
            n //= d
        d += 1 if d == 2 else 2
    return found + ([n] if n > 1 else [])


def _isprime(values: list[_Num], where: str, work: _Work) -> _Num:
    n = _natural(values[0], "isprime", _MAX_PRIME)
    return Fraction(int(n >= 2 and factors(n) == [n]))


# name -> (fewest arguments, most arguments or None for any number, implementation)
_FUNCTIONS: dict[str, tuple[int, int | None, _Impl]] = {
    "sqrt": (1, 1, _sqrt),
    "abs": (1, 1, _abs),
    "round": (1, 2, _round),
    "floor": (1, 1, _rounder(_m.floor)),
    "ceil": (1, 1, _rounder(_m.ceil)),
    "factorial": (1, 1, lambda v, w, k: Fraction(_m.factorial(_natural(v[0], "factorial", _MAX_FACTORIAL)))),
    "gcd": (1, None, lambda v, w, k: Fraction(_m.gcd(*(_integer(x, "gcd") for x in v)))),
    "lcm": (1, None, lambda v, w, k: Fraction(_m.lcm(*(_integer(x, "lcm") for x in v)))),
    "log": (1, 2, _log),
    "log10": (1, 1, lambda v, w, k: _log(v, w, k, Fraction(10))),
    "log2": (1, 1, lambda v, w, k: _log(v, w, k, Fraction(2))),
    "exp": (1, 1, _exp),
    "sin": (1, 1, _trig(0, "sin")),
    "cos": (1, 1, _trig(1, "cos")),
    "tan": (1, 1, _trig(0, "tan")),
    "asin": (1, 1, _trig(0, "asin")),
    "acos": (1, 1, _trig(None, "acos")),
    "atan": (1, 1, _trig(0, "atan")),
    "degrees": (1, 1, _trig(0, "degrees")),
    "radians": (1, 1, _trig(0, "radians")),
    "mean": (1, None, _mean),
    "median": (1, None, _median),
    "mode": (1, None, _mode),
    "stdev": (2, None, _deviation(sample=True)),
    "pstdev": (1, None, _deviation(sample=False)),
    "variance": (2, None, _variance(sample=True)),
    "pvariance": (1, None, _variance(sample=False)),
    "sum": (1, None, _sum),
    "isprime": (1, 1, _isprime),
    "min": (1, None, lambda v, w, k: min(v, key=_rational)),
    "max": (1, None, lambda v, w, k: max(v, key=_rational)),
    "comb": (2, 2, _comb),
    "perm": (1, 2, _perm),
}


# -- Output ---------------------------------------------------------------------------


def _int_text(n: int) -> str:
    # str() refuses ints over 4300 digits (CPython's int_max_str_digits); Decimal does not.
    return str(n) if n.bit_length() < 14_000 else str(decimal.Decimal(n))


def _show(value: _Num | float, precision: int, places: int | None = None) -> str:
    """Integers as integers, fractions as `a/b (≈ decimal)`, inexact numbers to `precision` digits (as %g writes
    them); a round(x, N) around the whole expression with its N places."""
    if isinstance(value, float):  # (evaluate()'s, in an error message)
        return f"{value + 0.0:.{precision}g}"  # + 0.0 turns -0.0 into 0.0
    if not isinstance(value, Fraction):
        exact = _rational(value)
        return _fixed(round(exact, places), max(places, 0)) if places is not None else _significant(exact, precision)
    if value.denominator == 1:
        return _int_text(value.numerator)
    if places is not None and places >= 0 and 10**places % value.denominator == 0:
        return f"{_int_text(value.numerator)}/{_int_text(value.denominator)} (= {_fixed(value, places)})"
    with decimal.localcontext() as ctx:
        ctx.prec = precision
        ctx.Emax, ctx.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        ctx.clear_flags()
        quotient = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        sign = "≈" if ctx.flags[decimal.Inexact] else "="
    shown = str(quotient).replace("E", "e")
    if _long(value):  # (1 + 5/1200) ** 36: a fraction of 84 digits over 83 says nothing a reader (or model) can use
        return f"≈ {shown}" if sign == "≈" else shown
    return f"{_int_text(value.numerator)}/{_int_text(value.denominator)} ({sign} {shown})"


def _long(value: Fraction) -> bool:
    """Whether an exact fraction is too long to be worth showing as one: a denominator of 13 digits or more (2**100/3
    stays a fraction; 1000 * (1 + 5/1200) ** 36 - 1000, 84 digits over 83, is shown as its decimal)."""
    return value.denominator >= 10**12


def _fixed(value: Fraction, places: int) -> str:
    """`value` with `places` decimals, trailing zeros kept (1.414213562373095048801688724210 to 30)."""
    scaled = round(value * 10**places)
    digits = _int_text(abs(scaled)).rjust(places + 1, "0")
    sign = "-" if scaled < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places > 0 else f"{sign}{digits}"


def _significant(value: Fraction, precision: int) -> str:
    """`value` to `precision` significant digits, rounded once from its exact value, laid out as %g lays out a
    float (so that what a float showed right before, it shows the same)."""
    if value == 0:
        return "0"
    with decimal.localcontext() as ctx:
        ctx.prec = precision
        ctx.Emax, ctx.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        shown = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
    sign, exponent = "-" if shown < 0 else "", shown.adjusted()
    digits = "".join(map(str, shown.as_tuple().digits)).rstrip("0") or "0"
    if -4 <= exponent < precision:
        if exponent < 0:
            return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
        whole, fraction = digits[:exponent + 1].ljust(exponent + 1, "0"), digits[exponent + 1:]
        return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"
    mantissa = f"{digits[0]}.{digits[1:]}" if len(digits) > 1 else digits
    return f"{sign}{mantissa}e{exponent:+03d}"


def _json_value(value: _Num) -> int | float | None:
    if isinstance(value, Fraction) and value.denominator == 1 and value.numerator.bit_length() <= _INT_VALUE_BITS:
        return value.numerator
    try:
        return float(value)
    except OverflowError:
        return None
