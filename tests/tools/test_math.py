"""The `math` tool: exact results, float fallbacks, and the refusals that keep it safe."""

from __future__ import annotations

import decimal
import json
import math
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import mpmath
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
    ("digits(factorial(100))", "158", 158),  # the 1.5B wandered through logarithms
    ("digits(-2^100)", "31", 31),
    ("digits(0)", "1", 1),
    ("digits(10**9999 - 1) + digits(10**9999)", "19999", 19999),  # (str() refuses ints past 4,300 digits)
    ("digits(sqrt(16))", "1", 1),
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
    ("digits(2.5)", r"digits counts the digits of a whole number, got 5/2 \(= 2.5\)"),
    ("digits(pi)", "digits counts the digits of a whole number, got 3.14159265358979"),
    ("digits(1, 2)", "digits takes 1 argument, got 2"),
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


@pytest.mark.parametrize(("expression", "said", "written", "factors"), [
    ("factor(360)", "360 = 2^3 × 3^2 × 5 (2 × 2 × 2 × 3 × 3 × 5); its prime factors are 2, 3 and 5", "2^3 × 3^2 × 5",
     [2, 2, 2, 3, 3, 5]),  # the 1.5B: "2, 3, and 5"
    ("factor(1001)", "1001 = 7 × 11 × 13; its prime factors are 7, 11 and 13", "7 × 11 × 13", [7, 11, 13]),
    ("factor(2^10)", "1024 = 2^10 (" + " × ".join(["2"] * 10) + "); its only prime factor is 2", "2^10", [2] * 10),
    ("factor(10**12)", "1000000000000 = 2^12 × 5^12; its prime factors are 2 and 5", "2^12 × 5^12",
     [2] * 12 + [5] * 12),  # (each of 24 factors is too many to list)
    ("factor(97)", "97 is a prime number: its only prime factor is 97", "97", [97]),
    ("factor(1)", "1 has no prime factors: it is neither prime nor composite", None, []),
    ("factor(0)", "0 has no prime factorization: every prime divides 0", None, []),
])
def test_factor_says_the_powers_each_factor_and_the_distinct_primes(expression: str, said: str, written: str | None,
                                                                    factors: list[int], tmp_path: Path) -> None:
    result = calc(expression, tmp_path)
    assert result.text == said
    assert (result.data["factors"], result.data["primes"]) == (factors, sorted(set(factors)))
    assert result.data["result"] == (written or said)


@pytest.mark.parametrize(("expression", "message"), [
    ("factor(-12)", "factor needs non-negative arguments, got -12"),
    ("factor(7/2)", "factor needs whole-number arguments"),
    ("factor(10**12 + 1)", "factor argument 1000000000001 is too large"),
    ("factor(360) + 1", r"factor\(\) is the whole expression"),
])
def test_factor_refuses_what_has_no_factorization_here(expression: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match=message):
        calc(expression, tmp_path)


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

    def broken(expression: str, precision: int = 17) -> float:
        raise ZeroDivisionError("float division by zero")  # a bug of the tool's own

    monkeypatch.setattr(math_tool, "compute", broken)
    r = invoke_main(["tool", "math", "1+1"])
    assert r.exit_code == 1 and r.stderr.startswith("Error: math failed: ZeroDivisionError")
    assert "Traceback" not in r.stderr


def test_a_base_next_to_1_is_answered_or_refused_in_the_tools_own_words(tmp_path: Path) -> None:
    """log(8, 1.0000000000000000001) was "math failed: ZeroDivisionError: float division by zero": the
    base's logarithm, a difference of two logarithms, came out 0."""
    near = calc("log(8, 1.0000000000000000001)", tmp_path)
    assert near.data["exact"] is False and near.data["value"] == pytest.approx(math.log(8) * 1e19, rel=1e-12)
    assert calc("log(1.0000001)", tmp_path).data["value"] == pytest.approx(math.log1p(1e-7), rel=1e-12)
    for expression in ("log(8, 1 + 10^-330)", "log(8, 1." + "0" * 330 + "1)"):  # 2.08e330: past a float's range
        with pytest.raises(ToolError, match=r"^math: log\(8, 1.*\) is too large$"):
            calc(expression, tmp_path)
    with pytest.raises(ToolError, match=r"^math: log\(8, 1\): the base must be positive and not 1$"):
        calc("log(8, 1)", tmp_path)


# Every digit shown is right: a float holds ~16, and these showed its binary expansion past them (pi to 50 was
# 3.141592653589793115997963468544185161590576171875; sqrt(2) to 30, 1.41421356237309514547462185874).
PI_50 = "3.1415926535897932384626433832795028841971693993751"
SQRT2_30 = "1.41421356237309504880168872421"
E_40 = "2.718281828459045235360287471352662497757"


@pytest.mark.parametrize(("expression", "precision", "shown"), [
    ("pi", 50, PI_50),
    ("sqrt(2)", 30, SQRT2_30),
    ("2^(1/2)", 30, SQRT2_30),
    ("e", 40, E_40),
    ("exp(1)", 40, E_40),
    ("round(pi, 20)", 25, "3.14159265358979323846"),
    ("pi", 100, "3.14159265358979323846264338327950288419716939937510"
                "5820974944592307816406286208998628034825342117068"),  # (…1170679 to 100 digits: …117068)
    ("atan(1) * 4", 40, "3.141592653589793238462643383279502884197"),
    ("log(10)", 30, "2.30258509299404568401799145468"),
    ("1e300 * pi", 20, "3.1415926535897932385e+300"),
    ("exp(-1000)", 20, "5.0759588975494567653e-435"),  # (a float: 0)
])
def test_inexact_results_are_right_to_every_digit_asked_for(expression: str, precision: int, shown: str,
                                                            tmp_path: Path) -> None:
    result = calc(expression, tmp_path, precision=precision)
    assert (result.text, result.data["exact"]) == (f"{expression} ≈ {shown}", False)
    assert result.data["value"] == float(shown)  # (the nearest float, as before)


@pytest.mark.parametrize(("expression", "shown"), [
    ("exp(pi*sqrt(163)) - 262537412640768744", "-7.49927402801814e-13"),  # (a float: 0)
    ("pi - 3.14159265358979323846264338327950288419716939937510582097494459", "2.30781640628621e-63"),
    ("round(exp(100), 2)", "26881171418161354484126255515800135873611118.77"),
    ("sin(1e-40)", "1e-40"),  # small, not a residue: not shown as 0 (a float's rule: under 1e-15 was 0)
    ("sin(pi)", "0"),
    ("exp(1) - e", "0"),
    ("tau/2 - pi", "0"),
])
def test_digits_lost_to_cancellation_are_recovered_by_more_working_digits(expression: str, shown: str,
                                                                          tmp_path: Path) -> None:
    assert calc(expression, tmp_path).data["result"] == shown


def test_an_exact_result_from_inexact_ones_is_right_to_the_last_digit(tmp_path: Path) -> None:
    assert calc("floor(exp(100))", tmp_path).text == "floor(exp(100)) = 26881171418161354484126255515800135873611118"
    assert calc("floor(exp(pi*sqrt(163)))", tmp_path).data["result"] == "262537412640768743"  # (7.5e-13 under …744)
    assert calc("ceil(atan(1)*4 - pi)", tmp_path).data["result"] == "0"  # (0, not the ceiling of a residue)
    assert calc("ceil(1e-20 * pi) + floor(log(8)/log(2))", tmp_path).data["result"] == "4"
    with pytest.raises(ToolError, match=r"^math: tan\(pi/2\) is too large$"):  # (a float: 1.63312393531954e+16)
        calc("tan(pi/2)", tmp_path)


def test_round_around_the_whole_expression_shows_its_places(tmp_path: Path) -> None:
    """The places asked for, trailing zeros kept, whatever `precision` says; data["rounded"] holds them."""
    done = calc("round(sqrt(2), 30)", tmp_path)  # (was 1.4142135623731)
    assert done.text == "round(sqrt(2), 30) ≈ 1.414213562373095048801688724210"
    assert done.data["rounded"] == "1.414213562373095048801688724210" and done.data["exact"] is False
    assert calc("round(pi, 3)", tmp_path, precision=2).data["result"] == "3.142"
    assert calc("round(1/7, 30)", tmp_path).data["result"] == ("142857142857142857142857142857/"
                                                               "1000000000000000000000000000000 "
                                                               "(= 0.142857142857142857142857142857)")
    assert calc("round(7/3, 2)", tmp_path).data["rounded"] == "2.33"
    with mpmath.workdps(1100):  # (mpmath's own pi, at more digits than the tool carries)
        assert calc("round(pi, 1000)", tmp_path).data["result"] == mpmath.nstr(+mpmath.pi, 1001, strip_zeros=False)
    assert "rounded" not in calc("round(pi, 2) + 1", tmp_path).data
    with pytest.raises(ToolError, match="at most 1000 decimal places"):
        calc("round(pi, 1001)", tmp_path)


@pytest.mark.parametrize(("expression", "result"), [
    # a half rounds away from zero, as school, calculators and a spreadsheet's ROUND do: asked to round 0.045 to
    # two places a user expects 0.05, and round() was Python's, half to even (0.04; round(2.5) was 2)
    ("round(0.045, 2)", "1/20 (= 0.05)"),
    ("round(-0.045, 2)", "-1/20 (= -0.05)"),
    ("round(2.5)", "3"),
    ("round(-2.5)", "-3"),
    ("round(3.5)", "4"),
    ("round(0.125, 2)", "13/100 (= 0.13)"),
    ("round(1250, -2)", "1300"),
    ("round(2.675, 2)", "67/25 (= 2.68)"),  # (a float's 2.675 is 2.67499…: round(2.675, 2) in Python is 2.67)
    ("round(7/3, 2)", "233/100 (= 2.33)"),
    # inexact: a value that is a half, up to the run's last digits, is one (0.5 by sin is 0.4999… or 0.5000…1)
    ("round(sin(pi/6))", "1"),
    ("round(-sin(pi/6))", "-1"),
    ("round(sin(pi/6), 0)", "1"),
    ("round(10 * sin(pi/6) + 0.05, 1)", "5.1"),
    ("round(pi, 3)", "3.142"),
])
def test_round_rounds_a_half_away_from_zero(expression: str, result: str, tmp_path: Path) -> None:
    assert calc(expression, tmp_path).data["result"] == result


@pytest.mark.parametrize(("expression", "said"), [
    ("2+2", "2+2 = 4"),
    ("1/3", "1/3 = 1/3 (≈ 0.333333333333333)"),
    ("10/4", "10/4 = 5/2 (= 2.5)"),
    ("2**200", f"2**200 = {2**200}"),
    ("sqrt(2)", "sqrt(2) ≈ 1.4142135623731"),
    ("1e-5 * pi", "1e-5 * pi ≈ 3.14159265358979e-05"),  # laid out as %g lays out a float
    ("1e15 * pi", "1e15 * pi ≈ 3.14159265358979e+15"),
    ("1e14 * pi", "1e14 * pi ≈ 314159265358979"),
    # a fraction too long to read is its decimal alone (84 digits over 83: a model misreads it, a person skips it)
    ("1000 * (1 + 5 / 100 / 12) ** 36 - 1000", "1000 * (1 + 5 / 100 / 12) ** 36 - 1000 ≈ 161.472231333468"),
    ("(1 + 1/7) ** 40", "(1 + 1/7) ** 40 ≈ 208.774705197718"),
    ("10**30 / 4", f"10**30 / 4 = {10**30 // 4}"),
    ("(3/2) ** 70", "(3/2) ** 70 ≈ 2120255184830.25"),
])
def test_ordinary_results_are_said_as_before(expression: str, said: str, tmp_path: Path) -> None:
    assert calc(expression, tmp_path).text == said


def test_the_square_root_of_2_to_30_decimal_places_has_all_30(tmp_path: Path) -> None:
    """The exact-question route asks for round(sqrt(2), 30) at the default precision: its answer has the 30
    places, and an answer that gives them gets no note (the check took a float's 30 places: …095145474621858739)."""
    from datetime import datetime, timezone

    from llorch.chat.conversation import Conversation
    from llorch.chat.events import Notice, ToolEvent
    from llorch.config import resolve_paths
    from llorch.engine.fake import FakeBackend
    from llorch.profiles import parse_profile
    from llorch.store.db import Store
    from llorch.tools.calls import ToolBox
    from llorch.tools.exact import exact_call

    asked = "What's the square root of 2 to 30 decimal places?"
    now = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
    assert exact_call(asked, ["math"], now) == ("math", {"expression": "round(sqrt(2), 30)"})
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math"], "auto": "off"}}, "test", name="general-like")
    backend = FakeBackend(["It is 1.414213562373095048801688724210."] + ["It is 1.414213562373095145474621858739."] * 2,
                          name="m")  # (the same wrong answer again when asked again)
    with Store.open(tmp_path / "db.sqlite") as store:
        notes = []
        for _ in range(2):
            conv = Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                                toolbox=ToolBox(resolve_paths(), now=lambda: now))
            events = list(conv.send(asked))
            (event,) = [e for e in events if isinstance(e, ToolEvent)]
            assert event.text == "round(sqrt(2), 30) ≈ 1.414213562373095048801688724210"
            notes.append([e.text for e in events if isinstance(e, Notice)])
    assert notes == [[], [f"the answer does not give what the math tool worked out exactly: {event.text}"]]


def test_a_result_that_does_not_settle_is_refused_and_evaluate_gives_the_nearest_float(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from fractions import Fraction

    from llorch.tools import evaluator as math_tool

    assert math_tool.evaluate("pi") == math.pi and math_tool.evaluate("1/3") == Fraction(1, 3)
    assert math_tool.evaluate("sqrt(2)") == math.sqrt(2)
    monkeypatch.setattr(math_tool, "MAX_WORKING", 40)  # (27 digits, then 64: past it)
    with pytest.raises(ToolError, match=r"^math: sqrt\(2\) does not settle to 15 significant digits: they still "
                                        r"change at 27 working digits$"):
        calc("sqrt(2)", tmp_path)


# --- the spread of a list: standard deviation, variance, mode ----------------------------------------

@pytest.mark.parametrize(("expression", "said"), [
    # the 1.5B worked the standard deviation out by hand over 400 tokens; a sample's and a population's differ,
    # so the result names both
    ("stdev(2, 4, 4, 4, 5, 5, 7, 9)",
     "stdev(2, 4, 4, 4, 5, 5, 7, 9) ≈ 2.1380899352994 (a sample's, dividing by n - 1; the whole population's, "
     "pstdev, = 2)"),
    ("pstdev(2, 4, 4, 4, 5, 5, 7, 9)",
     "pstdev(2, 4, 4, 4, 5, 5, 7, 9) = 2 (a whole population's, dividing by n; a sample's, stdev, ≈ 2.1380899352994)"),
    ("variance(1, 2, 3, 4)",
     "variance(1, 2, 3, 4) = 5/3 (≈ 1.66666666666667) (a sample's, dividing by n - 1; the whole population's, "
     "pvariance, = 5/4 (= 1.25))"),
    ("mode(3, 7, 7, 2, 9)", "mode(3, 7, 7, 2, 9) = 7"),
    ("mode(1, 1, 2, 2, 3)", "mode(1, 1, 2, 2, 3) = 1 (1 and 2 are as common, 2 times each)"),
    ("mode(1, 2, 3)", "mode(1, 2, 3) = 1 (no value repeats: each is as common)"),
    ("stdev(2, 4) + 1", "stdev(2, 4) + 1 ≈ 2.4142135623731"),  # inside an expression: the value alone
])
def test_spread_of_a_list(expression: str, said: str, tmp_path: Path) -> None:
    assert calc(expression, tmp_path).text == said


def test_spread_agrees_with_the_statistics_module(tmp_path: Path) -> None:
    import statistics

    data = [10, 12, 23, 23, 16, 23, 21, 16]
    for name in ("stdev", "pstdev", "variance", "pvariance"):
        value = calc(f"{name}({', '.join(map(str, data))})", tmp_path).data["value"]
        assert value == pytest.approx(getattr(statistics, name)(data), rel=1e-12)


def test_a_sample_needs_two_numbers(tmp_path: Path) -> None:
    with pytest.raises(ToolError, match="stdev takes 2 or more arguments"):
        calc("stdev(5)", tmp_path)
    assert calc("pstdev(5)", tmp_path).data["value"] == 0


@pytest.mark.parametrize(("question", "expression"), [
    ("What is the standard deviation of 2 4 4 4 5 5 7 9?", "stdev(2, 4, 4, 4, 5, 5, 7, 9)"),
    ("What's the population standard deviation of 2, 4, 4, 4, 5, 5, 7, 9?", "pstdev(2, 4, 4, 4, 5, 5, 7, 9)"),
    ("What is the variance of 1, 2, 3 and 4?", "variance(1, 2, 3, 4)"),
    ("What is the mode of 3 7 7 2 9?", "mode(3, 7, 7, 2, 9)"),
    ("What is the std dev of 10, 12, 23, 23?", "stdev(10, 12, 23, 23)"),
    ("What is the standard deviation of the data set 4 8 15 16 23 42?", "stdev(4, 8, 15, 16, 23, 42)"),
    ("Calculate the mean of 1.5 2.5 3.5", "mean(1.5, 2.5, 3.5)"),  # spaces alone between three or more
    ("Calculate the mean of 1.5 2.5 3.5.", "mean(1.5, 2.5, 3.5)"),  # (the sentence's full stop is no decimal point)
    ("What is the stddev of 1 2 3?", "stdev(1, 2, 3)"),
    ("What's the product of 2 3 4?", "2 * 3 * 4"),
])
def test_a_statistic_of_a_list_is_the_math_tools(question: str, expression: str) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in(question) == expression


def test_two_numbers_with_a_space_are_no_list() -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in("What is the sum of 1 2?") is None
    assert arithmetic_in("What is the mode of transport in 2024?") is None


# --- percentages, money, and a list of numbers given with the question -------------------------------------

@pytest.mark.parametrize(("question", "expression", "value"), [
    ("What is 15% of $2,340?", "15 / 100 * 2340", 351),  # (a currency sign kept it from the tool)
    ("What percent of 80 is 18?", "18 / 80 * 100", 22.5),
    ("18 is what percent of 80?", "18 / 80 * 100", 22.5),
    ("what percentage of 250 is 40", "40 / 250 * 100", 16),
    ("What is the percentage increase from 80 to 95?", "(95 - 80) / 80 * 100", 18.75),  # (the 1.5B: 19.38%)
    ("What's the percent decrease from 95 to 80?", "(95 - 80) / 95 * 100", 1500 / 95),
    ("What's 20% off $50?", "50 * (1 - 20 / 100)", 40),
    ("What's an 18% tip on $64.50?", "18 / 100 * 64.50", 11.61),
    ("What is 200 plus 15%?", "200 * (1 + 15 / 100)", 230),
    ("What is $12.50 + $3.25?", "12.50 + 3.25", 15.75),
    # interest: the 1.5B gave the grown sum, 1157.63, as the compound interest on 1000 at 5% for 3 years (157.63)
    ("What is the compound interest on $1000 at 5% per year for 3 years?", "1000 * (1 + 5 / 100) ** 3 - 1000",
     157.625),
    ("Calculate the compound interest on 5000 at 6% compounded monthly for 2 years.",
     "5000 * (1 + 6 / 100 / 12) ** (12 * 2) - 5000", 5000 * 1.005**24 - 5000),
    ("What is the compound interest on 5000 at 6% for 2 years, compounded quarterly?",
     "5000 * (1 + 6 / 100 / 4) ** (4 * 2) - 5000", 5000 * 1.015**8 - 5000),
    ("What's the compound interest on £10,000 for 10 years at 3.5% a year?", "10000 * (1 + 3.5 / 100) ** 10 - 10000",
     10000 * 1.035**10 - 10000),
    ("What is the compound interest on a loan of 20000 at an interest rate of 7% for 3 years?",
     "20000 * (1 + 7 / 100) ** 3 - 20000", 4500.86),
    ("What is the simple interest on $1200 at 3.5% for 4 years?", "1200 * 3.5 / 100 * 4", 168),
])
def test_percentages_and_money_are_the_math_tools(question: str, expression: str, value: float, tmp_path: Path) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in(question) == expression
    assert calc(expression, tmp_path).data["value"] == pytest.approx(value)


@pytest.mark.parametrize(("question", "expression", "said"), [
    # the 1.5B: 0.625 "is 1/4"; the digits of 98765 summed to 30; 12 choose 4 worked over 500 tokens
    ("What is 0.625 as a fraction?", "0.625", "0.625 = 5/8 (= 0.625)"),
    ("Write 0.45 as a fraction.", "0.45", "0.45 = 9/20 (= 0.45)"),
    ("Convert -0.375 to a fraction", "-0.375", "-0.375 = -3/8 (= -0.375)"),
    ("What is 3/8 as a decimal?", "3/8", "3/8 = 3/8 (= 0.375)"),
    ("Simplify 18/24", "18/24", "18/24 = 3/4 (= 0.75)"),
    # a fraction, a decimal or a count out of another as a percentage (a fresh eval's)
    ("What is 7/9 as a percentage?", "7/9 * 100", "7/9 * 100 ≈ 77.78 (to two places; 700/9 exactly)"),
    ("Convert 0.42 to a percentage", "0.42 * 100", "0.42 * 100 = 42"),
    ("What is 18 out of 80 as a percentage?", "18 / 80 * 100", "18 / 80 * 100 = 22.5"),
    ("What percentage is 45/60?", "45/60 * 100", "45/60 * 100 = 75"),
    ("What is 07/9 as a percentage?", "7/9 * 100", "7/9 * 100 ≈ 77.78 (to two places; 700/9 exactly)"),  # (a
    # leading zero: the math tool reads no "07")
    ("What is 18/24 in simplest form?", "18/24", "18/24 = 3/4 (= 0.75)"),
    ("What's the sum of the digits of 98765?", "9 + 8 + 7 + 6 + 5", "9 + 8 + 7 + 6 + 5 = 35"),
    ("What's the digit sum of 4,096?", "4 + 0 + 9 + 6", "4 + 0 + 9 + 6 = 19"),
    ("What is 12 choose 4?", "comb(12, 4)", "comb(12, 4) = 495"),
    ("What is 12C4?", "comb(12, 4)", "comb(12, 4) = 495"),
    ("What is 5P3?", "perm(5, 3)", "perm(5, 3) = 60"),
    ("How many ways can you choose 5 items from 9?", "comb(9, 5)", "comb(9, 5) = 126"),
    ("How many ways are there to pick 3 people out of 10?", "comb(10, 3)", "comb(10, 3) = 120"),
    # card hands (the 1.5B: 2,678,540 five-card hands), a standard deck's 52 cards where no deck is counted
    ("How many 5-card hands can be dealt from a 52-card deck?", "comb(52, 5)", "comb(52, 5) = 2598960"),
    ("How many different 5-card poker hands are there?", "comb(52, 5)", "comb(52, 5) = 2598960"),
    ("How many 13-card hands can you get from a standard deck of cards?", "comb(52, 13)",
     "comb(52, 13) = 635013559600"),
    ("How many 5 card hands are there in a 32-card deck?", "comb(32, 5)", "comb(32, 5) = 201376"),
    ("How many 5-card hands can be drawn from a 32-card deck?", "comb(32, 5)", "comb(32, 5) = 201376"),
    ("How many different 4-card hands are there from a deck of 52 cards?", "comb(52, 4)", "comb(52, 4) = 270725"),
])
def test_fractions_digit_sums_and_combinations_are_the_math_tools(question: str, expression: str, said: str,
                                                                   tmp_path: Path) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in(question) == expression
    assert calc(expression, tmp_path).text == said


@pytest.mark.parametrize("question", [
    "What is 0.5 as a decimal?",  # already one
    "What is 3/0 as a decimal?",
    "What is 3/0 as a percentage?",
    "What is 7/9 as a percentage of 50?",
    "What is 18 out of 0 as a percentage?",
    "What is 0.1234567891234 as a fraction?",  # more places than a fraction worth showing
    "What is the sum of the digits of 7?",  # one digit: nothing to add
    "How many ways can you arrange 5 books on a shelf?",  # an arrangement: the model's (or perm, said plainly)
    "What is 25C in Fahrenheit?",  # a temperature, not a choice
    "What is the sum of the digits of my phone number?",
    "How many 5-card hands contain exactly two aces?",  # a hand of a kind: the model's
    "How many 5-card hands are flushes?",
])
def test_fraction_digit_and_choice_questions_less_plain_stay_the_models(question: str) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in(question) is None


@pytest.mark.parametrize("question", [
    "What's the compound interest on my savings at 5%?",  # no sum, no years
    "What is the compound interest on 1000 at 5% for 3 years, compounded continuously?",  # e ** (r t): not written
    "What is the compound interest on 1000 at 5% for 3 years if I add 100 a month?",
    "How does compound interest work on 1000 at 5% for 3 years?",
])
def test_interest_the_rewrite_cannot_read_exactly_stays_the_models(question: str) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in(question) is None


@pytest.mark.parametrize(("message", "expression"), [
    # the 1.5B summed these to 40 (50)
    ("What is the sum of these numbers?\n\n12.5\n7.25\n30\n0.25", "sum(12.5, 7.25, 30, 0.25)"),
    ("What is the average of these?\n\n1,200\n800\n1,000", "mean(1200, 800, 1000)"),  # thousands' commas on lines
    ("Add these up: 1,200, 800, 3", "sum(1200, 800, 3)"),  # a comma and a space part numbers on one line
    ("Add these up: 3,4,5", "sum(3, 4, 5)"),
    ("What's the largest number in this list?\n\n42\n17\n-3", "max(42, 17, -3)"),
    ("Which number is the smallest?\n\n4 9 2", "min(4, 9, 2)"),
    ("What is the median of these values?\n\n$5\n$7\n$100", "median(5, 7, 100)"),
    ("What's the total?\n\n3\n4\n5", "sum(3, 4, 5)"),
    ("What is the standard deviation of these numbers?\n\n2\n4\n4\n4\n5\n5\n7\n9", "stdev(2, 4, 4, 4, 5, 5, 7, 9)"),
])
def test_a_list_of_numbers_given_with_the_question_is_the_math_tools(message: str, expression: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole

    now = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)
    assert exact_call(message, EXACT_TOOLS, now) == ("math", {"expression": expression})
    question, _, body = message.partition("\n\n")
    if body:  # piped: read whole, whatever its length, as the other exact steps read their texts
        assert read_whole(question, [body], EXACT_TOOLS, now) == message


@pytest.mark.parametrize("message", [
    "What is the sum of these numbers?\n\nabc\n12",  # not numbers alone
    "What is the total?\n\nname,amount\na,3\nb,4",  # a table: the table tool's
    "What is the sum of these numbers?",  # no numbers given
    "What is the sum of these numbers?\n\n" + "\n".join(["123456789"] * 200),  # longer than the tool takes
])
def test_other_lists_are_not_the_math_tools(message: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call

    found = exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc))
    assert found is None or found[0] != "math"


def test_a_percentage_is_said_as_a_decimal(tmp_path: Path) -> None:
    assert calc("18 / 80 * 100", tmp_path).text == "18 / 80 * 100 = 22.5"
    assert calc("(95 - 80) / 95 * 100", tmp_path).text == "(95 - 80) / 95 * 100 ≈ 15.79 (to two places; 300/19 exactly)"
    assert calc("15 / 100 * 2340", tmp_path).text == "15 / 100 * 2340 = 351"
    assert calc("7/3", tmp_path).text == "7/3 = 7/3 (≈ 2.33333333333333)"  # (no percentage: as before)


# --- several expressions in one call; an amount of money to the cent ----------------------------------------

def test_several_expressions_parted_by_semicolons_are_each_worked_out(tmp_path: Path) -> None:
    # "the mean and median of 3, 9, 4, 10, 4" (the 1.5B: mean 7; it is 6)
    done = calc("mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)", tmp_path)
    assert done.text == "mean(3, 9, 4, 10, 4) = 6; median(3, 9, 4, 10, 4) = 4"
    assert done.data == {
        "expression": "mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)", "result": "6; 4", "exact": True, "value": 6,
        "values": [6, 4], "parts": [
            {"expression": "mean(3, 9, 4, 10, 4)", "result": "6", "exact": True, "value": 6},
            {"expression": "median(3, 9, 4, 10, 4)", "result": "4", "exact": True, "value": 4}]}
    # each part as it says itself alone: a standard deviation names the other kind
    spread = calc("mean(2, 4, 4, 4, 5, 5, 7, 9);stdev(2, 4, 4, 4, 5, 5, 7, 9)", tmp_path)
    assert spread.text == ("mean(2, 4, 4, 4, 5, 5, 7, 9) = 5; stdev(2, 4, 4, 4, 5, 5, 7, 9) ≈ 2.1380899352994 (a "
                           "sample's, dividing by n - 1; the whole population's, pstdev, = 2)")
    assert spread.data["exact"] is False and spread.data["values"] == [5, pytest.approx(2.1380899352994)]


@pytest.mark.parametrize(("expression", "error"), [
    ("1 + 1;", "an empty expression"),
    ("1; ; 2", "an empty expression"),
    ("; ".join(["1"] * 13), "13 expressions in one call; the limit is 12"),
    ("mean(1, 2); nope(3)", "unknown function 'nope'"),
    ("(1, 2)", "tuples are not allowed"),  # (as before: one expression has one value)
])
def test_several_expressions_are_refused_as_one_is(expression: str, error: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        calc(expression, tmp_path)


@pytest.mark.parametrize(("expression", "money", "said", "amount"), [
    # the 1.5B answered "$35.994" for 40% off $59.99
    ("59.99 * (1 - 40 / 100)", "$", "59.99 * (1 - 40 / 100) = 17997/500 (= 35.994; $35.99 to the cent)", "35.99"),
    ("1261/8", "$", "1261/8 = 1261/8 (= 157.625; $157.63 to the cent)", "157.63"),  # a half up, as a till's
    ("-100/3", "€", "-100/3 = -100/3 (≈ -33.3333333333333; -€33.33 to the cent)", "-33.33"),
    ("15 / 100 * 19.99", "£", "15 / 100 * 19.99 = 5997/2000 (= 2.9985; £3.00 to the penny)", "3.00"),
    ("999 * 0.6", "¥", "999 * 0.6 = 2997/5 (= 599.4; ¥599 to the yen)", "599"),
    ("20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -60)", "$",
     "20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -60) ≈ 386.656030588558 ($386.66 to the cent)", "386.66"),
])
def test_an_amount_past_the_cent_is_also_said_to_the_cent(expression: str, money: str, said: str, amount: str,
                                                          tmp_path: Path) -> None:
    done = calc(expression, tmp_path, money=money)
    assert done.text == said
    assert done.data["amount"] == amount and done.data["currency"] == money
    plain = calc(expression, tmp_path)  # without a currency: as before
    assert f"{money}{amount.lstrip('-')}" not in plain.text and "amount" not in plain.data


@pytest.mark.parametrize(("expression", "said"), [
    ("59.99 * 2", "59.99 * 2 = 5999/50 (= 119.98)"),  # to the cent already
    ("7 / 30 * 100", "7 / 30 * 100 ≈ 23.33 (to two places; 70/3 exactly)"),  # a percentage, no amount
    ("round(35.994, 3)", "round(35.994, 3) = 17997/500 (= 35.994)"),  # the places asked for
    ("isprime(221)", "221 is not a prime number: 221 = 13 × 17"),
])
def test_an_amount_to_the_cent_or_no_amount_is_said_as_before(expression: str, said: str, tmp_path: Path) -> None:
    done = calc(expression, tmp_path, money="$")
    assert done.text == said and "amount" not in done.data


def test_the_money_parameter_is_documented_and_checked(tmp_path: Path) -> None:
    from llorch.tools.math import MathTool

    spec = MathTool.parameters["properties"]["money"]
    assert spec["enum"] == ["$", "€", "£", "¥"] and "cent" in spec["description"]
    assert "money" not in MathTool.parameters["required"]
    with pytest.raises(ToolError, match="must be one of"):
        calc("1 / 3", tmp_path, money="₹")
    several = calc("mean(5, 7, 101); median(5, 7, 101)", tmp_path, money="$")
    assert several.text == ("mean(5, 7, 101) = 113/3 (≈ 37.6666666666667; $37.67 to the cent); "
                            "median(5, 7, 101) = 7")
    assert several.data["parts"][0]["amount"] == "37.67" and "amount" not in several.data["parts"][1]


# --- a ratio in lowest terms ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("expression", "said", "terms"), [
    # asked the aspect ratio of 1920x1080 in lowest terms, the 1.5B said it already was
    ("ratio(1920, 1080)", "1920:1080 in lowest terms is 16:9 (each divided by 120)", [16, 9]),
    ("ratio(8, 12, 20)", "8:12:20 in lowest terms is 2:3:5 (each divided by 4)", [2, 3, 5]),
    ("ratio(1.5, 2)", "1.5:2 in lowest terms is 3:4", [3, 4]),  # decimals scaled to whole numbers first
    ("ratio(0.25, 0.5, 1)", "0.25:0.5:1 in lowest terms is 1:2:4", [1, 2, 4]),
    ("ratio(3, 4)", "3:4 is already in lowest terms", [3, 4]),
    ("ratio(1080, 1920)", "1080:1920 in lowest terms is 9:16 (each divided by 120)", [9, 16]),  # a phone upright
    ("ratio(16, 10)", "16:10 in lowest terms is 8:5 (each divided by 2)", [8, 5]),  # (small terms: no screen named)
    ("ratio(2, 4, 6, 8, 10, 12)", "2:4:6:8:10:12 in lowest terms is 1:2:3:4:5:6 (each divided by 2)",
     [1, 2, 3, 4, 5, 6]),
    ("ratio(1000000000000, 1)", "1000000000000:1 is already in lowest terms", [10**12, 1]),
])
def test_a_ratio_is_said_in_lowest_terms(expression: str, said: str, terms: list[int], tmp_path: Path) -> None:
    """Each term divided by their greatest common divisor, said with it; the terms in data, for the answer."""
    done = calc(expression, tmp_path)
    assert done.text == said
    assert done.data == {"expression": expression, "result": ":".join(map(str, terms)), "exact": True, "terms": terms}


@pytest.mark.parametrize(("expression", "said", "screen"), [
    # terms too large to read at a glance, near a ratio screens are sold as (within 3%)
    ("ratio(1366, 768)", "1366:768 in lowest terms is 683:384 (each divided by 2; about 16:9)", "16:9"),
    ("ratio(2560, 1080)", "2560:1080 in lowest terms is 64:27 (each divided by 40; about 21:9)", "21:9"),
    ("ratio(3440, 1440)", "3440:1440 in lowest terms is 43:18 (each divided by 80; about 21:9)", "21:9"),
    ("ratio(768, 1366)", "768:1366 in lowest terms is 384:683 (each divided by 2; about 9:16)", "9:16"),
    # one sold under other terms: 8:5 is 16:10
    ("ratio(1920, 1200)", "1920:1200 in lowest terms is 8:5 (each divided by 240; 16:10 as screens are sold)", "16:10"),
])
def test_a_screens_ratio_names_the_one_it_is_sold_as(expression: str, said: str, screen: str, tmp_path: Path) -> None:
    """683:384 is right but not what a 1366x768 screen is sold as: the model is told it is about 16:9."""
    done = calc(expression, tmp_path)
    assert (done.text, done.data["screen"]) == (said, screen)


@pytest.mark.parametrize("expression", [
    "ratio(2560, 1440)",  # 16:9 itself
    "ratio(1400, 800)",  # 7:4 is near 16:9, but in smaller terms than it
    "ratio(1000, 600, 300)",  # three terms are no screen
])
def test_a_ratio_no_screen_is_sold_as_names_none(expression: str, tmp_path: Path) -> None:
    """A note only where it helps: not beside 16:9 itself, nor a simpler ratio than the one it is near."""
    assert "screen" not in calc(expression, tmp_path).data


@pytest.mark.parametrize(("expression", "error"), [
    ("ratio(0, 5)", "a ratio's terms are positive numbers (ratio(1920, 1080), ratio(1.5, 2)), got '0'"),
    ("ratio(-3, 4)", "a ratio's terms are positive numbers (ratio(1920, 1080), ratio(1.5, 2)), got '-3'"),
    ("ratio(x, 4)", "a ratio's terms are positive numbers (ratio(1920, 1080), ratio(1.5, 2)), got 'x'"),
    ("ratio(3/4, 2)", "a ratio's terms are positive numbers (ratio(1920, 1080), ratio(1.5, 2)), got '3/4'"),
    ("ratio(1 920, 1080)", "got '1 920'"),  # (not read as 1920)
    ("ratio(5)", "ratio() takes 2 to 6 numbers (ratio(1920, 1080)), got 1"),
    ("ratio()", "ratio() takes 2 to 6 numbers (ratio(1920, 1080)), got 0"),
    ("ratio(1, 2, 3, 4, 5, 6, 7)", "ratio() takes 2 to 6 numbers (ratio(1920, 1080)), got 7"),
    ("ratio(1000000000001, 2)", "a ratio's terms are up to 10^12, with up to 6 decimal places, got 1000000000001, 2"),
    ("ratio(0.1234567, 1)", "a ratio's terms are up to 10^12, with up to 6 decimal places, got 0.1234567, 1"),
    ("ratio(3, 4) + 1", "unknown function 'ratio'"),  # the whole expression, as factor()
])
def test_what_is_no_ratio_is_a_one_line_error(expression: str, error: str, tmp_path: Path) -> None:
    """Zero, a negative, a word, an expression or an absurd term: refused in a line that says what is taken."""
    with pytest.raises(ToolError, match=re.escape(error)):
        calc(expression, tmp_path)


def test_the_tool_names_its_ratio_form() -> None:
    """The model calls ratio() only if the description names it."""
    assert "ratio(1920, 1080)" in ToolRegistry().get("math").description
