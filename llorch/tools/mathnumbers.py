"""The numbers of the math tool's evaluator (evaluator.py): exact `Fraction`s or mpmath numbers, a run's working
precision, the operators and powers on them, and how one is written.

Each run has its own mpmath context (`Work`), so that threads do not share mpmath's global precision; `rational` is
an mpmath number's exact value (a binary fraction). A power stays exact where it can (`8 ** (1/3)` is 2) and an
inexact value keeps a float's range. `show` writes integers as integers, fractions as `a/b (≈ decimal)` and inexact
numbers to `precision` significant digits, rounded once from their exact value, as %g lays out a float.
"""

from __future__ import annotations

import ast
import decimal
import math as _m
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from llorch.errors import ToolError

__all__ = ["GUARD", "MAX_DIGITS", "MAX_EXPONENT", "MAX_WORKING", "Inexact", "Num", "Work", "arith", "fixed",
           "half_up", "int_text", "power", "rational", "show", "too_long"]


Inexact = Any  # an mpmath mpf (mpmath has no type stubs)
Num = Fraction | Inexact

MAX_EXPONENT = 10_000
_MAX_POWER_DIGITS = 10_000
MAX_DIGITS = 20_000  # any intermediate exact value (factorial(5000) has 16,326 digits)
GUARD = 10  # working digits beyond those shown (and beyond 17, so that data["value"] is the nearest float)
# Working digits at most: the precision doubles from ~27 until two runs agree, and at 2,500 digits mpmath's log
# takes ~7 ms (exp, sin ~2 ms; log at 20,000 digits: 211 ms), so 100 logarithms in one expression take under a second.
MAX_WORKING = 2_500
_MAX_INEXACT = Fraction(2) ** 1024  # a float's range: beyond it an inexact value is "too large", as before mpmath
_MAX_TINY_BITS = int(MAX_DIGITS / 0.30103) + 4 * MAX_WORKING  # binary places of the smallest number shown

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


class Work:
    """One run's mpmath context (its own, so that threads do not share mpmath's global precision), whether an
    inexact number was made, and the working digits that a round(x, N) found it needs."""

    def __init__(self, mpmath: Any, digits: int) -> None:
        self.mp = mpmath.MPContext()
        self.mp.dps = digits
        self.digits = digits
        self.inexact = False
        self.wanted = 0

    def mpf(self, value: Num) -> Inexact:
        """`value` as an mpmath number at the working precision (any size: for a logarithm's argument)."""
        self.inexact = True
        if isinstance(value, Fraction):
            return self.mp.mpf(value.numerator) / value.denominator
        return value

    def inexact_of(self, value: Num) -> Inexact:
        if isinstance(value, Fraction) and abs(value) >= _MAX_INEXACT:
            raise ToolError("math: a number is too large for inexact arithmetic")
        return self.mpf(value)

    def checked(self, value: Inexact, where: str) -> Inexact:
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
        self.wanted = max(self.wanted, digits + GUARD)


def rational(value: Num) -> Fraction:
    """An mpmath number's exact value (it is a binary fraction)."""
    if isinstance(value, Fraction):
        return value
    sign, man, exp, _ = value._mpf_
    if exp < -_MAX_TINY_BITS:  # (exp(-10^300): a float said 0; its digits would need a 10^300-digit denominator)
        raise ToolError(f"math: a number under 10^-{MAX_DIGITS} is too small to work with")
    exact = Fraction(man << exp) if exp >= 0 else Fraction(man, 1 << -exp)
    return -exact if sign else exact


def _digits(n: int) -> float:
    return _m.log10(abs(n)) if n else 0.0


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
    if abs(k) > MAX_EXPONENT:
        raise ToolError(f"math: the exponent in {where} is too large (limit {MAX_EXPONENT})")
    if abs(k) * max(_digits(base.numerator), _digits(base.denominator)) > _MAX_POWER_DIGITS:
        raise ToolError(f"math: {where} would have more than {_MAX_POWER_DIGITS} digits")
    return base**k


def power(base: Num, exponent: Num, where: str, work: Work) -> Num:
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if exponent.denominator == 1:
            return _int_power(base, exponent.numerator, where)
        if exponent.denominator <= MAX_EXPONENT:
            root = _exact_root(base, exponent.denominator)
            if root is not None:
                return _int_power(root, exponent.numerator, where)
        if base < 0 and exponent.denominator % 2 == 1:
            sign = -1 if exponent.numerator % 2 else 1
            return sign * _inexact_power(-base, exponent, where, work)
    return _inexact_power(base, exponent, where, work)


def _inexact_power(base: Num, exponent: Num, where: str, work: Work) -> Inexact:
    b, x = work.inexact_of(base), work.inexact_of(exponent)
    if b < 0 and not work.mp.isint(x):
        raise ToolError(f"math: {where} has no real result")
    if b == 0 and x < 0:
        raise ToolError(f"math: division by zero in {where}")
    return work.checked(work.mp.power(b, x), where)


def arith(op: ast.operator, a: Num, b: Num, where: str, work: Work) -> Num:
    if isinstance(op, ast.Pow):
        return power(a, b, where, work)
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


# -- Output ---------------------------------------------------------------------------


def int_text(n: int) -> str:
    # str() refuses ints over 4300 digits (CPython's int_max_str_digits); Decimal does not.
    return str(n) if n.bit_length() < 14_000 else str(decimal.Decimal(n))


def show(value: Num | float, precision: int, places: int | None = None) -> str:
    """Integers as integers, fractions as `a/b (≈ decimal)`, inexact numbers to `precision` digits (as %g writes
    them); a round(x, N) around the whole expression with its N places."""
    if isinstance(value, float):  # (evaluate()'s, in an error message)
        return f"{value + 0.0:.{precision}g}"  # + 0.0 turns -0.0 into 0.0
    if not isinstance(value, Fraction):
        exact = rational(value)
        return fixed(round(exact, places), max(places, 0)) if places is not None else _significant(exact, precision)
    if value.denominator == 1:
        return int_text(value.numerator)
    if places is not None and places >= 0 and 10**places % value.denominator == 0:
        return f"{int_text(value.numerator)}/{int_text(value.denominator)} (= {fixed(value, places)})"
    with decimal.localcontext() as ctx:
        ctx.prec = precision
        ctx.Emax, ctx.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        ctx.clear_flags()
        quotient = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        sign = "≈" if ctx.flags[decimal.Inexact] else "="
    shown = str(quotient).replace("E", "e")
    if too_long(value):  # (1 + 5/1200) ** 36: a fraction of 84 digits over 83 says nothing a reader (or model) can use
        return f"≈ {shown}" if sign == "≈" else shown
    return f"{int_text(value.numerator)}/{int_text(value.denominator)} ({sign} {shown})"


def too_long(value: Fraction) -> bool:
    """Whether an exact fraction is too long to be worth showing as one: a denominator of 13 digits or more (2**100/3
    stays a fraction; 1000 * (1 + 5/1200) ** 36 - 1000, 84 digits over 83, is shown as its decimal)."""
    return value.denominator >= 10**12


def fixed(value: Fraction, places: int) -> str:
    """`value` with `places` decimals, trailing zeros kept (1.414213562373095048801688724210 to 30)."""
    scaled = round(value * 10**places)
    digits = int_text(abs(scaled)).rjust(places + 1, "0")
    sign = "-" if scaled < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places > 0 else f"{sign}{digits}"


def half_up(value: Fraction, places: int) -> str:
    """`value` to `places` decimals, a half away from zero as a till rounds it: $1,157.625 is $1,157.63 (fixed()'s
    round() takes a half to even, 1157.62)."""
    scaled = _m.floor(abs(value) * 10**places + Fraction(1, 2))
    return fixed(Fraction(scaled if value >= 0 else -scaled, 10**places), places)


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
