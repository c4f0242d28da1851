"""An expression's exact value, for the `math` tool (math.py), without eval.

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
(sin(pi), exp(1) - e) is 0. round(x, N) rounds a half away from zero (round(0.045, 2) is 0.05, as a
calculator's), and around the whole expression shows its N places.
Inexact values keep a float's range (about 1.8e308): exp(1000) is still too large.

The numbers, their operators and powers, and how one is shown are mathnumbers.py's.
"""

from __future__ import annotations

import ast
import decimal
import math as _m
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import clipped
from llorch.tools.mathnumbers import (GUARD, MAX_DIGITS, MAX_EXPONENT, MAX_WORKING, Inexact, Num, Work, arith, power,
                                      rational, show)

__all__ = ["MAX_LENGTH", "MAX_NTH_PRIME", "MAX_PRIME", "Computed", "compute", "evaluate", "factors", "most_common",
           "natural", "nth_prime"]


MAX_LENGTH = 1000
_MAX_FACTORIAL = 5000
_MAX_COMB = 100_000
_MAX_PLACES = 1_000  # decimal places an inexact value rounds to (round(pi, 1000)), under MAX_WORKING

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


@dataclass(frozen=True)
class Computed:
    """An expression's value: a Fraction when exact, else an mpmath number right to the digits asked for; `places`
    when the whole expression is round(x, N)."""

    value: Fraction | Inexact
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
    if len(expression) > MAX_LENGTH:
        raise ToolError(f"math: the expression is {len(expression)} characters long; the limit is {MAX_LENGTH}")
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
        places = _integer(_Evaluator(source, Work(mpmath, 17 + GUARD)).eval(body.args[1]), "round")
    digits = max(precision, 17) + GUARD
    runs: list[tuple[int, Num, str]] = []  # (working digits, value, as shown) of the runs so far
    while True:
        work = Work(mpmath, digits)
        value = _Evaluator(source, work).eval(body)
        if work.wanted > digits:  # a round(x, N) places its last digit only with more digits than these
            digits, runs = work.wanted, []
            continue
        if not work.inexact:
            return Computed(value, places)
        shown = show(value, precision, places)
        if runs and runs[-1][2] == shown:
            return Computed(value, places)
        runs.append((digits, value, shown))
        if len(runs) >= 3 and _vanishing(runs[-3:]):  # (cos(pi/2): -1e-26, then 4e-61, then 1e-130)
            return Computed(work.mp.mpf(0), places)
        digits = 2 * digits + GUARD
        if digits > MAX_WORKING:
            raise ToolError(f"math: {source} does not settle to {precision} significant digits: they still change "
                            f"at {runs[-1][0]} working digits")


def _vanishing(runs: list[tuple[int, Num, str]]) -> bool:
    """Whether each run's value is smaller than the one before by at least half the digits added: the residue of a
    cancellation to 0, not a small number (sin(1e-40) is 1e-40 at any precision)."""
    def shrank(before: tuple[int, Num, str], after: tuple[int, Num, str]) -> bool:
        (d0, v0, _), (d1, v1, _) = before, after
        if isinstance(v0, Fraction) or isinstance(v1, Fraction):
            return False
        return v1 == 0 or v0 == 0 or abs(rational(v1)) * 10 ** ((d1 - d0) // 2) <= abs(rational(v0))

    return all(shrank(a, b) for a, b in zip(runs, runs[1:]))


def _check_size(value: Num, where: str) -> Num:
    if isinstance(value, Fraction) and max(value.numerator.bit_length(), value.denominator.bit_length()) * 0.30103 > MAX_DIGITS:
        raise ToolError(f"math: {where} has more than {MAX_DIGITS} digits")
    return value


class _Evaluator:
    """Walks the parsed expression, allowing only whitelisted nodes."""

    def __init__(self, source: str, work: Work) -> None:
        self.source = source
        self.work = work

    def where(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def eval(self, node: ast.expr) -> Num:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            return _check_size(arith(node.op, left, right, self.where(node), self.work), self.where(node))
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
            if abs(dec.adjusted()) > MAX_DIGITS:
                raise ToolError(f"math: the literal {text} is too large")
            return Fraction(dec)
        if isinstance(value, complex):
            raise ToolError(f"math: complex numbers are not supported ({self.where(node)})")
        raise ToolError(f"math: strings are not allowed ({self.where(node)})")

    def _call(self, node: ast.Call) -> Num:
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

_Impl = Callable[[list[Num], str, Work], Num]


def _integer(value: Num, name: str) -> int:
    if isinstance(value, Fraction) and value.denominator == 1:
        return value.numerator
    raise ToolError(f"math: {name} needs whole-number arguments, got {show(value, 15)}")


def natural(value: Num, name: str, limit: int) -> int:
    n = _integer(value, name)
    if n < 0:
        raise ToolError(f"math: {name} needs non-negative arguments, got {n}")
    if n > limit:
        raise ToolError(f"math: {name} argument {n} is too large (limit {limit})")
    return n


def _ln(value: Num, work: Work) -> Inexact:
    if isinstance(value, Fraction):
        n, d = value.numerator, value.denominator
        if 4 * abs(n - d) < d:  # near 1: log1p keeps the digits that log of a rounded 1.000…01 loses
            return work.mp.log1p(work.mpf(Fraction(n - d, d)))
    return work.mp.log(work.mpf(value))  # (any size: ln(10^5000) is 11512.9…)


def _log(values: list[Num], where: str, work: Work, base: Num | None = None) -> Num:
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
        guess = rational(estimate).limit_denominator(1000)
        p, q = guess.numerator, guess.denominator
        size_x = max(x.numerator.bit_length(), x.denominator.bit_length())
        size_b = max(base.numerator.bit_length(), base.denominator.bit_length())
        if q * size_x <= 100_000 and abs(p) * size_b <= 100_000 and x**q == base**p:
            return guess
    return estimate


def _trig(at_zero: int | None, name: str) -> _Impl:
    def impl(values: list[Num], where: str, work: Work) -> Num:
        x = values[0]
        if at_zero is not None and isinstance(x, Fraction) and x == 0:
            return Fraction(at_zero)
        if name == "acos" and isinstance(x, Fraction) and x == 1:
            return Fraction(0)
        if name in ("asin", "acos") and abs(x) > 1:
            raise ToolError(f"math: {where} is outside the domain of {name}")
        return work.checked(getattr(work.mp, name)(work.inexact_of(x)), where)

    return impl


def _sqrt(values: list[Num], where: str, work: Work) -> Num:
    if values[0] < 0:
        raise ToolError(f"math: {where}: the square root of a negative number is not real")
    return power(values[0], Fraction(1, 2), where, work)


def _round(values: list[Num], where: str, work: Work) -> Num:
    """round(x, N) rounds a half away from zero, as school, calculators and a spreadsheet's ROUND do: asked to round
    0.045 to two places, a user expects 0.05, and Python's round() (half to even) gives 0.04; round(2.5) is 3."""
    digits = _integer(values[1], "round") if len(values) > 1 else None
    if digits is not None and abs(digits) > MAX_EXPONENT:
        raise ToolError(f"math: {where}: too many digits to round to")
    x = values[0]
    if isinstance(x, Fraction) or digits is None:
        return _half_away(x, digits or 0, work)
    if digits > _MAX_PLACES:
        raise ToolError(f"math: {where}: an inexact number rounds to at most {_MAX_PLACES} decimal places")
    if x != 0:  # the digits before the point and the places: what the run must carry to place the last one
        work.want(int(work.mp.mag(x) * 0.30103) + 2 + digits)
    return work.mpf(_half_away(x, digits, work))


def _half_away(x: Num, digits: int, work: Work) -> Fraction:
    """`x` to `digits` places (tens, hundreds… for a negative count), a half away from zero. An inexact value within
    this run's rounding of a half is that half (round(sin(pi/6), 0) is 1, not 0 or 1 by the run's last bit); one that
    only looks like it is told apart by the next run's digits, as _snapped tells a whole number."""
    scale = Fraction(10) ** digits
    scaled = abs(rational(x)) * scale
    if not isinstance(x, Fraction):
        half = _m.floor(scaled) + Fraction(1, 2)
        if abs(scaled - half) <= max(1, scaled) / 10 ** (work.digits - GUARD):
            scaled = half
    whole = _m.floor(scaled + Fraction(1, 2))
    return (whole if x >= 0 else -whole) / scale


def _abs(values: list[Num], where: str, work: Work) -> Num:
    return -values[0] if values[0] < 0 else values[0]


def _rounder(fn: Callable[[Any], int]) -> _Impl:
    return lambda values, where, work: Fraction(fn(_snapped(values[0], work)))


def _snapped(value: Num, work: Work) -> Fraction:
    """`value`, or the whole number it is within this run's rounding of: ceil(atan(1)*4 - pi) is ceil(0), not of
    the run's residue (1e-27, or -1e-27). A number that only looks whole is told apart by the next run's digits
    (floor(exp(pi*sqrt(163))) is …743, 7.5e-13 under …744), and the runs then disagree until it is."""
    exact = rational(value)
    if isinstance(value, Fraction):
        return exact
    whole = round(exact)
    return Fraction(whole) if abs(exact - whole) <= max(1, abs(exact)) / 10 ** (work.digits - GUARD) else exact


def _exp(values: list[Num], where: str, work: Work) -> Num:
    if values[0] == 0:
        return Fraction(1)
    return work.checked(work.mp.exp(work.inexact_of(values[0])), where)


def _comb(values: list[Num], where: str, work: Work) -> Num:
    n, k = (natural(v, "comb", _MAX_COMB) for v in values)
    return Fraction(_m.comb(n, k))


def _perm(values: list[Num], where: str, work: Work) -> Num:
    if len(values) == 1:
        return Fraction(_m.factorial(natural(values[0], "perm", _MAX_FACTORIAL)))
    n, k = (natural(v, "perm", _MAX_COMB) for v in values)
    if min(k, n - k) > _MAX_FACTORIAL and k < n:
        raise ToolError(f"math: {where} is too large")
    return Fraction(_m.perm(n, k))


def _sum(values: list[Num], where: str, work: Work) -> Num:
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0))
    return work.checked(work.mp.fsum(work.inexact_of(v) for v in values), where)


def _mean(values: list[Num], where: str, work: Work) -> Num:
    return _sum(values, where, work) / len(values)


def _variance(sample: bool) -> _Impl:
    """The variance of a sample (n - 1, as Python's statistics.variance and a spreadsheet's VAR) or of a whole
    population (n, as numpy.var and VAR.P), exact over exact numbers."""
    def variance(values: list[Num], where: str, work: Work) -> Num:
        n = len(values)  # (a sample's has two or more: _FUNCTIONS says so)
        mean = _mean(values, where, work)
        squares = [(v - mean) ** 2 for v in values]
        return _sum(squares, where, work) / (n - 1 if sample else n)
    return variance


def _deviation(sample: bool) -> _Impl:
    """The standard deviation: the square root of the variance (exact where it is a perfect square)."""
    variance = _variance(sample)
    return lambda values, where, work: _sqrt([variance(values, where, work)], where, work)


def most_common(values: list[Num]) -> tuple[list[Num], int]:
    """The values as common as the most common one, in the order first given, and how often each comes (2 and 2.0
    are one value)."""
    counts = Counter(rational(v) for v in values)
    firsts: dict[Fraction, Num] = {}
    for v in values:
        firsts.setdefault(rational(v), v)
    top = max(counts.values())
    return [v for key, v in firsts.items() if counts[key] == top], top


def _mode(values: list[Num], where: str, work: Work) -> Num:
    """The most common value; of several as common, the first given (as Python's statistics.mode)."""
    return most_common(values)[0][0]


def _median(values: list[Num], where: str, work: Work) -> Num:
    ordered, middle = sorted(values, key=rational), len(values) // 2
    return ordered[middle] if len(values) % 2 else _mean(ordered[middle - 1:middle + 1], where, work)


MAX_PRIME = 10**12  # trial division up to 10^6: a fraction of a second


def factors(n: int) -> list[int]:
    """The prime factors of `n` (2 <= n <= 10^12), smallest first, by trial division."""
    found, d = [], 2
    while d * d <= n:
        while n % d == 0:
            found.append(d)
            n //= d
        d += 1 if d == 2 else 2
    return found + ([n] if n > 1 else [])


def _isprime(values: list[Num], where: str, work: Work) -> Num:
    n = natural(values[0], "isprime", MAX_PRIME)
    return Fraction(int(n >= 2 and factors(n) == [n]))


MAX_NTH_PRIME = 10**6  # prime(10^6) is 15,485,863: a sieve of that many bytes, a fraction of a second
_BLOCK_BYTES = 4096


def nth_prime(n: int) -> int:
    """The `n`th prime, 1-based (the 12th is 37: the 1.5B said 53), by a sieve up to Rosser's bound on it,
    n (ln n + ln ln n) for n >= 6."""
    if n < 1 or n > MAX_NTH_PRIME:
        raise ToolError(f"math: prime(n) is the nth prime for n from 1 to {MAX_NTH_PRIME:,}, got {n:,}")
    limit = 15 if n < 6 else int(n * (_m.log(n) + _m.log(_m.log(n)))) + 1
    sieve = bytearray([1]) * (limit + 1)
    sieve[0:2] = b"\x00\x00"
    for p in range(2, _m.isqrt(limit) + 1):
        if sieve[p]:
            sieve[p * p::p] = bytes(len(range(p * p, limit + 1, p)))
    start, seen = 0, 0
    while start <= limit:  # (counted a block at a time: a byte at a time in Python took a second for 10^6)
        block = sieve.count(1, start, start + _BLOCK_BYTES)
        if seen + block >= n:
            break
        start, seen = start + _BLOCK_BYTES, seen + block
    for p in range(start, min(start + _BLOCK_BYTES, limit + 1)):
        seen += sieve[p]
        if seen == n:
            return p
    raise AssertionError(f"the sieve to {limit} holds fewer than {n} primes")  # (Rosser's bound says it cannot)


_WITNESSES = (2, 3, 5, 7, 11, 13, 17)  # enough for every n below 3.4 * 10^14 (Jaeschke)


def _probably_prime(n: int) -> bool:
    """Whether `n` is prime, by Miller-Rabin with the witnesses above: exact below 3.4 * 10^14, past MAX_PRIME.
    (A prime near 10^12 found by trial division takes half a million steps; the next prime after one, several.)"""
    if n < 2:
        return False
    for p in _WITNESSES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in _WITNESSES:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def _nextprime(values: list[Num], where: str, work: Work) -> Num:
    """The least prime above a whole number (nextprime(100) is 101), up to MAX_PRIME as isprime."""
    n = _integer(values[0], "nextprime")
    if n >= MAX_PRIME:
        raise ToolError(f"math: nextprime needs a number below {MAX_PRIME:,}, got {n:,}")
    p = max(n + 1, 2)
    while not _probably_prime(p):
        p += 1
    return Fraction(p)


def _prevprime(values: list[Num], where: str, work: Work) -> Num:
    """The greatest prime below a whole number (prevprime(1000) is 997); none below 3."""
    n = _integer(values[0], "prevprime")
    if n <= 2:
        raise ToolError(f"math: there is no prime below {n}")
    if n > MAX_PRIME:
        raise ToolError(f"math: prevprime needs a number up to {MAX_PRIME:,}, got {n:,}")
    p = n - 1
    while not _probably_prime(p):
        p -= 1
    return Fraction(p)


def _digits(values: list[Num], where: str, work: Work) -> Num:
    """The decimal digits of a whole number's absolute value (digits(factorial(100)) is 158; digits(0) is 1), counted
    from its bit length, as str() refuses ints past 4,300 digits."""
    value = values[0]
    if not (isinstance(value, Fraction) and value.denominator == 1):
        raise ToolError(f"math: digits counts the digits of a whole number, got {show(value, 15)}")
    n = abs(value.numerator)
    count = max(1, int((n.bit_length() - 1) * 0.30103) + 1)  # (off by one at most: the powers of ten settle it)
    while n >= 10**count:
        count += 1
    while count > 1 and n < 10 ** (count - 1):
        count -= 1
    return Fraction(count)


_BLOCK = 600  # digits str() writes at once (under the least limit Python lets a program set on it, 640)


def _digitsum(values: list[Num], where: str, work: Work) -> Num:
    """The sum of the decimal digits of a whole number's absolute value (digitsum(2^20) is 31: the 1.5B, asked, said
    28), split into blocks of digits by powers of ten, as str() refuses ints past 4,300 digits."""
    value = values[0]
    if not (isinstance(value, Fraction) and value.denominator == 1):
        raise ToolError(f"math: digitsum sums the digits of a whole number, got {show(value, 15)}")
    n = abs(value.numerator)
    return Fraction(_digits_summed(n, int(_digits([Fraction(n)], where, work))))


def _digits_summed(n: int, width: int) -> int:
    """The digits of `n` (under 10 ** `width`) summed: each half's apart (a block's zeros in front add nothing)."""
    if width <= _BLOCK:
        return sum(map(int, str(n)))
    high, low = divmod(n, 10 ** (width // 2))
    return _digits_summed(high, width - width // 2) + _digits_summed(low, width // 2)


# name -> (fewest arguments, most arguments or None for any number, implementation)
_FUNCTIONS: dict[str, tuple[int, int | None, _Impl]] = {
    "sqrt": (1, 1, _sqrt),
    "abs": (1, 1, _abs),
    "round": (1, 2, _round),
    "floor": (1, 1, _rounder(_m.floor)),
    "ceil": (1, 1, _rounder(_m.ceil)),
    "factorial": (1, 1, lambda v, w, k: Fraction(_m.factorial(natural(v[0], "factorial", _MAX_FACTORIAL)))),
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
    "count": (1, None, lambda v, w, k: Fraction(len(v))),  # (how many of a list a filter kept: numberfilters.py)
    "isprime": (1, 1, _isprime),
    "prime": (1, 1, lambda v, w, k: Fraction(nth_prime(_integer(v[0], "prime")))),
    "nextprime": (1, 1, _nextprime),
    "prevprime": (1, 1, _prevprime),
    "digits": (1, 1, _digits),
    "digitsum": (1, 1, _digitsum),
    "min": (1, None, lambda v, w, k: min(v, key=rational)),
    "max": (1, None, lambda v, w, k: max(v, key=rational)),
    "comb": (2, 2, _comb),
    "perm": (1, 2, _perm),
}
