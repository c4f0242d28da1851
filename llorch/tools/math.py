"""The `math` tool: exact arithmetic on an expression, without eval.

The expression is parsed with `ast.parse(mode="eval")` and walked over a whitelist:
number literals, `+ - * / // % **`, unary `+ -`, parentheses, the constants `pi`, `e`,
`tau` and a fixed set of functions. `^` means power (it is replaced by `**` before
parsing, so there is no bitwise xor). Nothing is compiled or run.

Numbers are exact `Fraction`s: a decimal literal is the fraction its digits spell
(`0.1` is 1/10, so `0.1 + 0.2` is exactly 3/10). A power with an integer exponent stays
exact, and so does a fractional one whose result is a perfect power (`8 ** (1/3)` is 2,
`sqrt(16/9)` is 4/3). Constants and transcendental functions give floats, and anything
computed from a float is a float ("inexact"). Inexact results are shown to `precision`
significant digits; trigonometric results within 1e-15 of zero are shown as 0.
"""

from __future__ import annotations

import ast
import decimal
import math as _m
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["MathTool", "evaluate", "factors"]

_Num = Fraction | float

_MAX_LENGTH = 1000
_PRIME_ASKED = re.compile(r"isprime\((\d+)\)")
_BASE_ASKED = re.compile(r"(bin|oct|hex)\((.+)\)")
_BASES = {"bin": ("binary", "0b", "b"), "oct": ("octal", "0o", "o"), "hex": ("hexadecimal", "0x", "x")}
_ROMAN_ASKED = re.compile(r"roman\((.*)\)", re.IGNORECASE)


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

_CONSTANTS: dict[str, float] = {"pi": _m.pi, "e": _m.e, "tau": _m.tau}
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


class MathTool:
    """Exact arithmetic: fractions stay fractions, floats only where they must."""

    name = "math"
    description = (
        "Evaluate an arithmetic expression exactly (fractions, big integers, sqrt, log, "
        "trig, factorial, gcd, comb, mean, median, isprime...); ^ means power; bin(), oct() or hex() around "
        "it writes the result in that base, roman() in Roman numerals (roman(MCMXCIV) reads one)"
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
                "description": "significant digits shown for inexact results",
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
        value = evaluate(expression)
        exact = isinstance(value, Fraction)
        result = _show(value, precision)
        data = {"expression": expression, "result": result, "exact": exact, "value": _json_value(value)}
        prime = _PRIME_ASKED.fullmatch(expression.replace(" ", ""))
        if prime is not None:  # in words: "isprime(221) = 0" is easy to misread
            n = int(prime.group(1))
            split = factors(n) if n >= 2 else []
            said = (f"{n} is a prime number" if split == [n] else
                    f"{n} is not a prime number: {n} = {' × '.join(map(str, split))}" if split else
                    f"{n} is not a prime number")
            return ToolResult(said, data | {"prime": split == [n], "factors": split}, verdict=split == [n])
        return ToolResult(f"{expression} {'=' if exact else '≈'} {result}", data)


def evaluate(expression: str) -> Fraction | float:
    """The value of `expression`: a Fraction when exact, else a float. Raises ToolError."""
    if not expression.strip():
        raise ToolError("math: the expression is empty")
    if len(expression) > _MAX_LENGTH:
        raise ToolError(f"math: the expression is {len(expression)} characters long; the limit is {_MAX_LENGTH}")
    source = expression.strip()
    for old, new in _REPLACEMENTS.items():
        source = source.replace(old, new)
    try:
        tree = ast.parse(source, mode="eval")
        return _Evaluator(source).eval(tree.body)
    except SyntaxError as exc:
        shown = expression if len(expression) <= 60 else expression[:57] + "..."
        raise ToolError(f"math: cannot parse {shown!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ToolError("math: the expression is nested too deeply") from None


def _to_float(value: _Num) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ToolError("math: a number is too large for floating-point arithmetic") from None


def _finite(value: float, where: str) -> float:
    if isinstance(value, complex):
        raise ToolError(f"math: {where} has no real result")
    if _m.isinf(value) or _m.isnan(value):
        raise ToolError(f"math: {where} is too large or undefined")
    return value


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


def _power(base: _Num, exponent: _Num, where: str) -> _Num:
    if isinstance(base, Fraction) and isinstance(exponent, Fraction):
        if exponent.denominator == 1:
            return _int_power(base, exponent.numerator, where)
        if exponent.denominator <= _MAX_EXPONENT:
            root = _exact_root(base, exponent.denominator)
            if root is not None:
                return _int_power(root, exponent.numerator, where)
        if base < 0 and exponent.denominator % 2 == 1:
            sign = -1 if exponent.numerator % 2 else 1
            return sign * _float_power(-base, exponent, where)
    return _float_power(base, exponent, where)


def _float_power(base: _Num, exponent: _Num, where: str) -> float:
    b, x = _to_float(base), _to_float(exponent)
    if b < 0 and not x.is_integer():
        raise ToolError(f"math: {where} has no real result")
    try:
        return _finite(b**x, where)
    except ZeroDivisionError:
        raise ToolError(f"math: division by zero in {where}") from None
    except OverflowError:
        raise ToolError(f"math: {where} is too large") from None


def _arith(op: ast.operator, a: _Num, b: _Num, where: str) -> _Num:
    if isinstance(op, ast.Pow):
        return _power(a, b, where)
    if isinstance(a, float) or isinstance(b, float):
        a, b = _to_float(a), _to_float(b)
    try:
        if isinstance(op, ast.Add):
            result: _Num = a + b
        elif isinstance(op, ast.Sub):
            result = a - b
        elif isinstance(op, ast.Mult):
            result = a * b
        elif isinstance(op, ast.Div):
            result = a / b
        elif isinstance(op, ast.FloorDiv):
            result = a // b
        elif isinstance(op, ast.Mod):
            result = a % b
        else:
            raise ToolError(f"math: the operator {_OPERATORS.get(type(op), type(op).__name__)} is not allowed (in {where})")
    except ZeroDivisionError:
        raise ToolError(f"math: division by zero in {where}") from None
    except OverflowError:
        raise ToolError(f"math: {where} is too large") from None
    if isinstance(result, float):
        return _finite(result, where)
    return Fraction(result)


class _Evaluator:
    """Walks the parsed expression, allowing only whitelisted nodes."""

    def __init__(self, source: str) -> None:
        self.source = source

    def where(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def eval(self, node: ast.expr) -> _Num:
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.BinOp):
            left, right = self.eval(node.left), self.eval(node.right)
            return _check_size(_arith(node.op, left, right, self.where(node)), self.where(node))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.eval(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.eval(node.operand)
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            raise ToolError(f"math: the operator {symbol} is not allowed (in {self.where(node)})")
        if isinstance(node, ast.Name):
            if node.id in _CONSTANTS:
                return _CONSTANTS[node.id]
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
        if spec is None:
            raise ToolError(f"math: unknown function {name!r} (functions: {', '.join(sorted(_FUNCTIONS))})")
        if node.keywords:
            raise ToolError(f"math: keyword arguments are not allowed (in {self.where(node)})")
        low, high, impl = spec
        if not low <= len(node.args) <= (high if high is not None else len(node.args)):
            wanted = str(low) if low == high else f"{low} or more" if high is None else f"{low} to {high}"
            raise ToolError(f"math: {name} takes {wanted} argument{'s' if wanted != '1' else ''}, got {len(node.args)}")
        values = [self.eval(arg) for arg in node.args]
        return impl(values, self.where(node))


# -- Functions ------------------------------------------------------------------------


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


def _ln(value: _Num) -> float:
    if isinstance(value, Fraction):
        n, d = value.numerator, value.denominator
        if 4 * abs(n - d) < d:  # near 1: log1p keeps the digits that a difference of two logarithms loses
            return _m.log1p(_to_float(Fraction(n - d, d)))
        return _m.log(n) - _m.log(d)
    return _m.log(value)


def _log(values: list[_Num], where: str, base: _Num | None = None) -> _Num:
    x = values[0]
    base = values[1] if len(values) > 1 else base
    if x <= 0:
        raise ToolError(f"math: {where}: the logarithm needs a positive number")
    if base is not None and (base <= 0 or base == 1):
        raise ToolError(f"math: {where}: the base must be positive and not 1")
    if isinstance(x, Fraction) and x == 1:
        return Fraction(0)
    if base is None:
        return _ln(x)
    ln_base = _ln(base)
    if ln_base == 0:  # e.g. log(8, 1.0000000000000000001): 1 + 1e-19 is 1 in floating point
        raise ToolError(f"math: {where}: the base is too close to 1 for its logarithm to be computed")
    estimate = _finite(_ln(x) / ln_base, where)
    if isinstance(x, Fraction) and isinstance(base, Fraction):
        guess = Fraction(estimate).limit_denominator(1000)
        p, q = guess.numerator, guess.denominator
        size_x = max(x.numerator.bit_length(), x.denominator.bit_length())
        size_b = max(base.numerator.bit_length(), base.denominator.bit_length())
        if q * size_x <= 100_000 and abs(p) * size_b <= 100_000 and x**q == base**p:
            return guess
    return estimate


def _trig(fn: Callable[[float], float], at_zero: int | None, name: str) -> Callable[[list[_Num], str], _Num]:
    def impl(values: list[_Num], where: str) -> _Num:
        x = values[0]
        if at_zero is not None and isinstance(x, Fraction) and x == 0:
            return Fraction(at_zero)
        if name == "acos" and isinstance(x, Fraction) and x == 1:
            return Fraction(0)
        try:
            result = _finite(fn(_to_float(x)), where)
        except ValueError:
            raise ToolError(f"math: {where} is outside the domain of {name}") from None
        return 0.0 if name in ("sin", "cos", "tan") and abs(result) < 1e-15 else result

    return impl


def _sqrt(values: list[_Num], where: str) -> _Num:
    if values[0] < 0:
        raise ToolError(f"math: {where}: the square root of a negative number is not real")
    return _power(values[0], Fraction(1, 2), where)


def _round(values: list[_Num], where: str) -> _Num:
    digits = _integer(values[1], "round") if len(values) > 1 else None
    if digits is not None and abs(digits) > _MAX_EXPONENT:
        raise ToolError(f"math: {where}: too many digits to round to")
    x = values[0]
    if isinstance(x, float):
        return float(round(x, digits)) if digits is not None else Fraction(round(x))
    return round(x, digits) if digits is not None else Fraction(round(x))


def _abs(values: list[_Num], where: str) -> _Num:
    return -values[0] if values[0] < 0 else values[0]


def _rounder(fn: Callable[[Any], int]) -> Callable[[list[_Num], str], _Num]:
    return lambda values, where: Fraction(fn(values[0]))


def _exp(values: list[_Num], where: str) -> _Num:
    if values[0] == 0:
        return Fraction(1)
    try:
        return _finite(_m.exp(_to_float(values[0])), where)
    except OverflowError:
        raise ToolError(f"math: {where} is too large") from None


def _comb(values: list[_Num], where: str) -> _Num:
    n, k = (_natural(v, "comb", _MAX_COMB) for v in values)
    return Fraction(_m.comb(n, k))


def _perm(values: list[_Num], where: str) -> _Num:
    if len(values) == 1:
        return Fraction(_m.factorial(_natural(values[0], "perm", _MAX_FACTORIAL)))
    n, k = (_natural(v, "perm", _MAX_COMB) for v in values)
    if min(k, n - k) > _MAX_FACTORIAL and k < n:
        raise ToolError(f"math: {where} is too large")
    return Fraction(_m.perm(n, k))


def _mean(values: list[_Num], where: str) -> _Num:
    return sum(values, Fraction(0)) / len(values)


def _median(values: list[_Num], where: str) -> _Num:
    ordered, middle = sorted(values), len(values) // 2
    return ordered[middle] if len(values) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


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


def _isprime(values: list[_Num], where: str) -> _Num:
    n = _natural(values[0], "isprime", _MAX_PRIME)
    return Fraction(int(n >= 2 and factors(n) == [n]))


_Impl = Callable[[list[_Num], str], _Num]

# name -> (fewest arguments, most arguments or None for any number, implementation)
_FUNCTIONS: dict[str, tuple[int, int | None, _Impl]] = {
    "sqrt": (1, 1, _sqrt),
    "abs": (1, 1, _abs),
    "round": (1, 2, _round),
    "floor": (1, 1, _rounder(_m.floor)),
    "ceil": (1, 1, _rounder(_m.ceil)),
    "factorial": (1, 1, lambda v, w: Fraction(_m.factorial(_natural(v[0], "factorial", _MAX_FACTORIAL)))),
    "gcd": (1, None, lambda v, w: Fraction(_m.gcd(*(_integer(x, "gcd") for x in v)))),
    "lcm": (1, None, lambda v, w: Fraction(_m.lcm(*(_integer(x, "lcm") for x in v)))),
    "log": (1, 2, _log),
    "log10": (1, 1, lambda v, w: _log(v, w, Fraction(10))),
    "log2": (1, 1, lambda v, w: _log(v, w, Fraction(2))),
    "exp": (1, 1, _exp),
    "sin": (1, 1, _trig(_m.sin, 0, "sin")),
    "cos": (1, 1, _trig(_m.cos, 1, "cos")),
    "tan": (1, 1, _trig(_m.tan, 0, "tan")),
    "asin": (1, 1, _trig(_m.asin, 0, "asin")),
    "acos": (1, 1, _trig(_m.acos, None, "acos")),
    "atan": (1, 1, _trig(_m.atan, 0, "atan")),
    "degrees": (1, 1, _trig(_m.degrees, 0, "degrees")),
    "radians": (1, 1, _trig(_m.radians, 0, "radians")),
    "mean": (1, None, _mean),
    "median": (1, None, _median),
    "sum": (1, None, lambda v, w: sum(v, Fraction(0))),
    "isprime": (1, 1, _isprime),
    "min": (1, None, lambda v, w: min(v)),
    "max": (1, None, lambda v, w: max(v)),
    "comb": (2, 2, _comb),
    "perm": (1, 2, _perm),
}


# -- Output ---------------------------------------------------------------------------


def _int_text(n: int) -> str:
    # str() refuses ints over 4300 digits (CPython's int_max_str_digits); Decimal does not.
    return str(n) if n.bit_length() < 14_000 else str(decimal.Decimal(n))


def _show(value: _Num, precision: int) -> str:
    """Integers as integers, fractions as `a/b (≈ decimal)`, floats to `precision` digits."""
    if isinstance(value, float):
        return f"{value + 0.0:.{precision}g}"  # + 0.0 turns -0.0 into 0.0
    if value.denominator == 1:
        return _int_text(value.numerator)
    with decimal.localcontext() as ctx:
        ctx.prec = precision
        ctx.Emax, ctx.Emin = decimal.MAX_EMAX, decimal.MIN_EMIN
        ctx.clear_flags()
        quotient = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        sign = "≈" if ctx.flags[decimal.Inexact] else "="
    shown = str(quotient).replace("E", "e")
    return f"{_int_text(value.numerator)}/{_int_text(value.denominator)} ({sign} {shown})"


def _json_value(value: _Num) -> int | float | None:
    if isinstance(value, Fraction) and value.denominator == 1 and value.numerator.bit_length() <= _INT_VALUE_BITS:
        return value.numerator
    try:
        return float(value)
    except OverflowError:
        return None
