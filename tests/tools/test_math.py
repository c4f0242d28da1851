"""The `math` tool: exact results, float fallbacks, and the refusals that keep it safe."""

from __future__ import annotations

import decimal
import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.registry import ToolRegistry


def calc(expression: str, tmp_path: Path, **args: Any) -> ToolResult:
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    return ToolRegistry().call("math", {"expression": expression, **args}, ctx)


EXACT = [
    ("0.1 + 0.2", "3/10 (= 0.3)", 0.3),
    ("0.1 + 0.2 - 0.3", "0", 0),
    ("2**100", str(2**100), 2**100),
    ("2^100", str(2**100), 2**100),
    ("7/3", "7/3 (≈ 2.33333333333333)", 7 / 3),
    ("-7/3", "-7/3 (≈ -2.33333333333333)", -7 / 3),
    ("factorial(20)", "2432902008176640000", 2432902008176640000),
    ("gcd(12, 18, 30)", "6", 6),
    ("lcm(4, 6, 10)", "60", 60),
    ("log(8, 2)", "3", 3),
    ("log(2, 8)", "1/3 (≈ 0.333333333333333)", 1 / 3),
    ("log10(1000)", "3", 3),
    ("log2(1/8)", "-3", -3),
    ("sqrt(16/9)", "4/3 (≈ 1.33333333333333)", 4 / 3),
    ("8**(1/3)", "2", 2),
    ("(-8)^(1/3)", "-2", -2),
    ("4^(3/2)", "8", 8),
    ("2**-3", "1/8 (= 0.125)", 0.125),
    ("10 // 3 + 10 % 3", "4", 4),
    ("-7 % 3", "2", 2),
    ("1.5e3 * 2", "3000", 3000),
    ("abs(-3/4)", "3/4 (= 0.75)", 0.75),
    ("round(7/3, 2)", "233/100 (= 2.33)", 2.33),
    ("floor(-2.5) + ceil(pi)", "1", 1),
    ("comb(10, 3) + perm(5, 2)", "140", 140),
    ("min(3, 1/2) * max(2, 4)", "2", 2),
    ("0**0", "1", 1),
    ("sin(0) + cos(0)", "1", 1),
    ("mean(12, 17, 23, 41)", "93/4 (= 23.25)", 23.25),  # the 1.5B summed them to 95
    ("median(5, 1, 9, 3)", "4", 4),
    ("median(5, 1, 9)", "5", 5),
    ("sum(1.5, 2, 3)", "13/2 (= 6.5)", 6.5),
]


@pytest.mark.parametrize(("expression", "shown", "value"), EXACT)
def test_exact_results(expression: str, shown: str, value: float, tmp_path: Path) -> None:
    result = calc(expression, tmp_path)
    assert result.data["result"] == shown
    assert result.data["exact"] is True
    assert result.data["value"] == value
    assert type(result.data["value"]) is type(value)
    assert result.text == f"{expression} = {shown}"


INEXACT = [
    ("sqrt(2)", "1.4142135623731"),  # 1.41421356237310 to 15 digits; %g drops the trailing 0
    ("sin(pi/2)", "1"),
    ("cos(pi/2)", "0"),  # 6e-17 in floating point, shown as 0
    ("pi", "3.14159265358979"),
    ("e^2", "7.38905609893065"),
    ("exp(1) - e", "0"),
    ("log(e)", "1"),
    ("2 ** 0.5 * 10", "14.142135623731"),
    ("(-2)**(1/3)", "-1.25992104989487"),
    ("degrees(pi)", "180"),
    ("atan(1) * 4", "3.14159265358979"),
]


@pytest.mark.parametrize(("expression", "shown"), INEXACT)
def test_inexact_results(expression: str, shown: str, tmp_path: Path) -> None:
    result = calc(expression, tmp_path)
    assert result.data["result"] == shown
    assert result.data["exact"] is False
    assert isinstance(result.data["value"], float)
    assert result.text == f"{expression} ≈ {shown}"


def test_precision(tmp_path: Path) -> None:
    assert calc("sqrt(2)", tmp_path, precision=5).data["result"] == "1.4142"
    assert calc("pi", tmp_path, precision=3).data == {"expression": "pi", "result": "3.14", "exact": False, "value": math.pi}
    assert calc("1/7", tmp_path, precision=4).data["result"] == "1/7 (≈ 0.1429)"
    with pytest.raises(ToolError, match="precision"):
        calc("1", tmp_path, precision=0)


def test_big_exact_integers_survive_json(tmp_path: Path) -> None:
    result = calc("factorial(5000)", tmp_path)
    assert result.data["result"] == str(decimal.Decimal(math.factorial(5000)))
    assert len(result.data["result"]) == 16326
    assert json.loads(result.to_json())["exact"] is True


REFUSED = [
    ("__import__('os')", "unknown function '__import__'"),
    ("(1).__class__", r"attribute access \(\.__class__\)"),
    ("'a'*3", "strings are not allowed"),
    ("10**10**10", "exponent .* too large"),
    ("2**10001", "exponent .* too large"),
    ("99**6000", "more than 10000 digits"),
    ("factorial(5001)", "factorial argument 5001 is too large"),
    ("factorial(5/2)", "whole-number"),
    ("lambda: 1", "lambda is not allowed"),
    ("[1,2][0]", "subscripts are not allowed"),
    ("1/0", "division by zero in 1/0"),
    ("5 // (2 - 2)", r"division by zero in 5 // \(2 - 2\)"),
    ("3 % 0", "division by zero"),
    ("0 ** -1", "division by zero"),
    ("x + 1", "unknown name 'x'"),
    ("sqrt", "sqrt is a function"),
    ("open('f')", "unknown function 'open'"),
    ("sqrt(-1)", "not real"),
    ("(-8) ** 0.5", "no real result"),
    ("1 < 2", "comparisons are not allowed"),
    ("1 if 1 else 2", "conditional expressions are not allowed"),
    ("1 & 2", "operator & is not allowed"),
    ("3j", "complex numbers"),
    ("sin(x=1)", "keyword arguments"),
    ("max()", "max takes 1 or more arguments"),
    ("mean()", "mean takes 1 or more arguments"),
    ("isprime(10**12 + 39)", "isprime argument 1000000000039 is too large"),
    ("isprime(7/2)", "whole-number"),
    ("log(0)", "positive"),
    ("exp(1000)", "too large"),
    ("1 +", "cannot parse"),
    ("", "empty"),
    ("1+" * 500 + "1", "limit is 1000"),
    ("-" * 990 + "1", "nested too deeply"),
]


@pytest.mark.parametrize(("expression", "message"), REFUSED)
def test_refusals(expression: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match=message):
        calc(expression, tmp_path)


@pytest.mark.parametrize(("n", "said", "factors"), [
    (221, "221 is not a prime number: 221 = 13 × 17", [13, 17]),  # the 1.5B: "Yes, 221 is a prime number."
    (97, "97 is a prime number", [97]),
    (1, "1 is not a prime number", []),
    (1024, "1024 is not a prime number: 1024 = " + " × ".join(["2"] * 10), [2] * 10),
    (999_999_999_989, "999999999989 is a prime number", [999_999_999_989]),  # the largest prime below the limit
])
def test_isprime_says_so_in_words_with_the_factors(n: int, said: str, factors: list[int], tmp_path: Path) -> None:
    result = calc(f"isprime({n})", tmp_path)
    assert result.text == said
    assert (result.data["prime"], result.data["factors"], result.data["value"]) == (factors == [n], factors,
                                                                                      int(factors == [n]))
    assert calc(f"isprime({n}) + 1", tmp_path).text == f"isprime({n}) + 1 = {int(factors == [n]) + 1}"  # as a number


@pytest.mark.parametrize(("expression", "said", "written"), [
    ("bin(255)", "255 in binary is 0b11111111", "0b11111111"),
    ("hex(500)", "500 in hexadecimal is 0x1F4", "0x1F4"),
    ("oct(493)", "493 in octal is 0o755", "0o755"),
    ("hex(-255)", "-255 in hexadecimal is -0xFF", "-0xFF"),
    ("bin(0x1F4 + 1)", "501 in binary is 0b111110101", "0b111110101"),
])
def test_a_result_written_in_another_base(expression: str, said: str, written: str, tmp_path: Path) -> None:
    result = calc(expression, tmp_path)
    assert (result.text, result.data["result"]) == (said, written)
    assert calc("0x1F4", tmp_path).text == "0x1F4 = 500" and calc("0b1011011", tmp_path).text == "0b1011011 = 91"
    with pytest.raises(ToolError, match="bin needs a whole number"):
        calc("bin(2.5)", tmp_path)


@pytest.mark.parametrize(("expression", "said", "result"), [
    ("roman(2026)", "2026 in Roman numerals is MMXXVI", "MMXXVI"),
    ("roman(1987)", "1987 in Roman numerals is MCMLXXXVII", "MCMLXXXVII"),
    ("roman(3999)", "3999 in Roman numerals is MMMCMXCIX", "MMMCMXCIX"),
    ("roman(MCMXCIV)", "The Roman numeral MCMXCIV is 1994", "1994"),  # the 1.5B: 1944
    ("roman(xlix)", "The Roman numeral XLIX is 49", "49"),
    ("roman(2000 + 26)", "2026 in Roman numerals is MMXXVI", "MMXXVI"),
])
def test_roman_numerals_both_ways(expression: str, said: str, result: str, tmp_path: Path) -> None:
    done = calc(expression, tmp_path)
    assert (done.text, done.data["result"], done.data["base"]) == (said, result, "roman")


@pytest.mark.parametrize(("expression", "error"), [
    ("roman(0)", "Roman numerals write whole numbers from 1 to 3999, got 0"),
    ("roman(4000)", "Roman numerals write whole numbers from 1 to 3999, got 4000"),
    ("roman(2.5)", "Roman numerals write whole numbers from 1 to 3999, got 5/2 (= 2.5)"),
    ("roman()", "roman() takes a whole number (roman(2026)) or a numeral to read (roman(MCMXCIV))"),
    ("roman(IIII)", "IIII is not a Roman numeral as they are written"),
])
def test_what_roman_numerals_do_not_write_is_a_one_line_error(expression: str, error: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        calc(expression, tmp_path)


def test_schema() -> None:
    tool = ToolRegistry().get("math")
    assert tool.positional == ("expression",)
    assert tool.write_actions == frozenset()
    assert tool.parameters["required"] == ["expression"]
    assert tool.parameters["properties"]["precision"]["default"] == 15


def test_an_exception_inside_a_tool_is_a_tool_error_and_line_mode_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from support import invoke_main

    from llorch.tools import math as math_tool

    def broken(expression: str) -> float:
        raise ZeroDivisionError("float division by zero")  # a bug of the tool's own

    monkeypatch.setattr(math_tool, "evaluate", broken)
    r = invoke_main(["tool", "math", "1+1"])
    assert r.exit_code == 1 and r.stderr.startswith("Error: math failed: ZeroDivisionError")
    assert "Traceback" not in r.stderr


def test_a_base_next_to_1_is_answered_or_refused_in_the_tools_own_words(tmp_path: Path) -> None:
    """log(8, 1.0000000000000000001) was "math failed: ZeroDivisionError: float division by zero": the
    base's logarithm, a difference of two logarithms, came out 0."""
    near = calc("log(8, 1.0000000000000000001)", tmp_path)
    assert near.data["exact"] is False and near.data["value"] == pytest.approx(math.log(8) * 1e19, rel=1e-12)
    assert calc("log(1.0000001)", tmp_path).data["value"] == pytest.approx(math.log1p(1e-7), rel=1e-12)
    for expression in ("log(8, 1 + 10^-330)", "log(8, 1." + "0" * 330 + "1)"):
        with pytest.raises(ToolError, match=r"^math: log\(8, 1.*\): the base is too close to 1 for its logarithm"):
            calc(expression, tmp_path)
    with pytest.raises(ToolError, match=r"^math: log\(8, 1\): the base must be positive and not 1$"):
        calc("log(8, 1)", tmp_path)
