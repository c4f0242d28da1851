"""The rewrites of arithmetic questions in words (llorch/tools/arithmetic.py) to the math tool's expressions."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import arithmetic_in, math_asked
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B: 30 (the rewrite took two numbers only, so nothing ran)
    ("What's the least common multiple of 4, 6 and 10?", "lcm(4, 6, 10)", 60),
    ("What is the LCM of 8, 12, and 15?", "lcm(8, 12, 15)", 120),
    ("What is the lowest common multiple of 12 and 18?", "lcm(12, 18)", 36),
    ("lcm of 3, 4, 5, 6", "lcm(3, 4, 5, 6)", 60),
    ("What is the smallest common multiple of 9 & 12?", "lcm(9, 12)", 36),
    ("What is the greatest common divisor of 84, 126 and 210?", "gcd(84, 126, 210)", 42),
    ("What's the GCF of 8, 12, and 16?", "gcd(8, 12, 16)", 4),
    ("HCF of 12, 18 and 30", "gcd(12, 18, 30)", 6),
    ("What is the highest common factor of 24 and 36?", "gcd(24, 36)", 12),
    ("What is the greatest common factor of 12 and 18?", "gcd(12, 18)", 6),
    ("What is the GCD of 12, 18, 24?", "gcd(12, 18, 24)", 6),
    ("What is LCM(4, 6)?", "lcm(4, 6)", 12),
])
def test_lcm_and_gcd_of_two_or_more_numbers(question: str, expression: str, value: int, tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["value"] == value


@pytest.mark.parametrize("question", [
    "What is the least common multiple of 4.5 and 6?",  # whole numbers only
    "What is the LCM of 4?",
    "What is the least common multiple of my numbers?",
    "What is the greatest common divisor of 12 and 18 and why?",
])
def test_lcm_and_gcd_questions_less_plain_stay_the_models(question: str) -> None:
    assert arithmetic_in(question) is None


@pytest.mark.parametrize(("question", "expression", "primes"), [
    ("What are the prime factors of 360?", "factor(360)", [2, 3, 5]),  # the 1.5B: "2, 3, and 5", no powers
    ("What is the prime factorization of 756?", "factor(756)", [2, 3, 7]),
    ("Factorize 1001", "factor(1001)", [7, 11, 13]),
    ("Factor 84 into primes", "factor(84)", [2, 3, 7]),
    ("prime factorisation of 2024", "factor(2024)", [2, 11, 23]),
    ("Find the prime factors of 1,001.", "factor(1001)", [7, 11, 13]),
    ("Break 84 down into prime factors", "factor(84)", [2, 3, 7]),
    ("Write 84 as a product of primes", "factor(84)", [2, 3, 7]),
])
def test_a_prime_factorization_in_words_is_the_math_tools_factor(question: str, expression: str, primes: list[int],
                                                                 tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["primes"] == primes


@pytest.mark.parametrize("question", [
    "What is a prime factor?",
    "factors affecting 360 degree reviews",
    "What are the factors of 360?",  # its divisors, not its primes
    "What is the largest prime factor of 360?",  # one of them: an answer check wants them all
    "What are the prime factors of 10000000000000?",  # past the limit, as isprime's
    "Factor x^2 + 5x + 6",
])
def test_near_misses_of_a_prime_factorization_stay_with_the_model(question: str) -> None:
    assert arithmetic_in(question) is None


def _said(expression: str, tmp_path: Path) -> tuple[str, object]:
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    done = ToolRegistry().call("math", {"expression": expression}, ctx)
    return done.text, done.data["value"]


NOW = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)


def _money_named(question: str) -> dict[str, str]:
    """The math call's currency for a question whose amount is past the cent: the sign it names, if any."""
    return next(({"money": sign} for sign in "$£€" if sign in question), {})


# --- money: a loan's monthly payment, a sum saved ---------------------------------------------------------------

@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B said 387.68
    ("What's the monthly payment on a $20,000 loan at 6% APR over 5 years?",
     "20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -(5 * 12))", 386.656030588558),
    ("What is the monthly payment on a 30-year mortgage of 300000 at 4.5%?",
     "300000 * (4.5 / 100 / 12) / (1 - (1 + 4.5 / 100 / 12) ** -(30 * 12))", 1520.05592947764),
    # a term in months: its payments are monthly however they are called
    ("What are the repayments on a car loan of £15,000 over 48 months at 7.9% interest?",
     "15000 * (7.9 / 100 / 12) / (1 - (1 + 7.9 / 100 / 12) ** -48)", 365.490139945922),
    ("How much is the monthly repayment on a loan of 10000 at 5% over 3 years?",
     "10000 * (5 / 100 / 12) / (1 - (1 + 5 / 100 / 12) ** -(3 * 12))", 299.708971046655),
    ("How much would I pay each month on a £250k mortgage at 5% over 25 years?",
     "250000 * (5 / 100 / 12) / (1 - (1 + 5 / 100 / 12) ** -(25 * 12))", 1461.47510376995),
    ("I borrow $20,000 at 6% for 5 years. What is my monthly payment?",
     "20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -(5 * 12))", 386.656030588558),
    ("What is the monthly instalment on a loan of 5000 at 9.5% over 18 months?",
     "5000 * (9.5 / 100 / 12) / (1 - (1 + 9.5 / 100 / 12) ** -18)", 299.135580503930),
    ("What is the monthly payment on a $20,000 loan at 6% over 2.5 years?",
     "20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -30)", 719.578368276575),
    ("How much is the monthly repayment on a loan of 12000 at 0% over 2 years?", "12000 / (2 * 12)", 500),
])
def test_a_loans_monthly_payment_is_the_amortization_formula(question: str, expression: str, value: float,
                                                            tmp_path: Path) -> None:
    assert math_asked(question) == {"expression": expression, **_money_named(question)}
    assert _said(expression, tmp_path)[1] == pytest.approx(value, rel=1e-12)


def test_the_payment_on_a_loan_is_said_to_the_cent_by_the_tool(tmp_path: Path) -> None:
    args = math_asked("What's the monthly payment on a $20,000 loan at 6% APR over 5 years?")
    assert args is not None and args["money"] == "$"
    done = ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.text == f"{args['expression']} ≈ 386.656030588558 ($386.66 to the cent)"  # the 1.5B said 387.68
    assert _said(args["expression"], tmp_path)[0] == f"{args['expression']} ≈ 386.656030588558"  # (no currency named)


@pytest.mark.parametrize(("question", "expression", "value"), [
    # the 1.5B said $1,628.90
    ("If I invest $1,000 at 5% compounded annually, how much will I have after 10 years?",
     "1000 * (1 + 5 / 100) ** 10", 1628.89462677744),
    ("How much will £5,000 be worth in 8 years at 3.5% interest compounded monthly?",
     "5000 * (1 + 3.5 / 100 / 12) ** (12 * 8)", 6612.95346221404),
    # a year's rate without a word of compounding is added once a year
    ("I put 2000 in a savings account paying 4% a year. What will it be in 6 years?", "2000 * (1 + 4 / 100) ** 6",
     2530.638036992),
    ("If I deposit $10,000 at 6% compounded quarterly, what will the balance be after 5 years?",
     "10000 * (1 + 6 / 100 / 4) ** (4 * 5)", 13468.5500655006),
    ("If I invest 1000 at 5% simple interest, how much will I have after 4 years?", "1000 * (1 + 5 / 100 * 4)", 1200),
    # the interest asked: what the sum grows by (the 1.5B gave the grown sum as the interest)
    ("How much interest will I earn if I invest $1,000 at 5% compounded annually for 10 years?",
     "1000 * (1 + 5 / 100) ** 10 - 1000", 628.894626777441),
    ("If I save 5000 in an account at 4% with monthly compounding, how much interest will I earn in 3 years?",
     "5000 * (1 + 4 / 100 / 12) ** (12 * 3) - 5000", 636.359372589573),
    # what it becomes asked in two words (the 1.5B: $1,788.91; it is $1,742.21)
    ("I put $1,500 in savings at 5% interest compounded monthly. How much after 3 years?",
     "1500 * (1 + 5 / 100 / 12) ** (12 * 3)", 1742.2083470002),
    ("I invest $2,000 at 4%. How much in 5 years?", "2000 * (1 + 4 / 100) ** 5", 2433.3058048),
    ("I invest $2,000 at 4%. How much in 5 years' time?", "2000 * (1 + 4 / 100) ** 5", 2433.3058048),
])
def test_a_sum_saved_grows_by_compound_interest(question: str, expression: str, value: float, tmp_path: Path) -> None:
    assert math_asked(question) == {"expression": expression, **_money_named(question)}
    assert _said(expression, tmp_path)[1] == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("question", [
    "Should I take a loan?",
    "What is a mortgage?",
    "What is the monthly payment on a mortgage?",
    "What's the monthly payment on a $20,000 loan at 6%?",  # no term
    "What's the monthly payment on a $20,000 loan at 6% over 5 years with a $2,000 deposit?",  # a second sum
    "What's the monthly payment on a $20,000 loan at 6% over 5 or 6 years?",
    "What's my monthly payment on a $400,000 house with 20% down at 6% for 30 years?",
    "What's the monthly payment on a $20,000 interest-only loan at 6% over 5 years?",  # another formula
    "What's the monthly payment on a $20,000 loan at 0.5% a month over 5 years?",  # a month's rate, not a year's
    "What's the monthly payment on a $20,000 loan at 6% over 5 years compounded daily?",
    "What's the weekly payment on a $20,000 loan at 6% over 5 years?",
    "What are the repayments on a $20,000 loan at 6% over 5 years?",  # monthly or yearly: not said
    "What's the total interest on a $20,000 loan at 6% over 5 years?",  # not the payment
    "What's the monthly payment and total interest on a $20,000 loan at 6% over 5 years?",
    "What's the monthly payment on a $20,000 loan at 6% over 1.3 years?",  # no whole number of payments
    "If I pay $500 a month on a $20,000 loan at 6%, how long will it take?",
    "I have a $20,000 loan at 6% over 5 years. Should I pay it off early?",
    "How much will £5,000 be worth in 8 years at 3.5% inflation?",  # not a sum saved
    "How much will £5,000 be worth in 8 years at 3.5%?",  # growing or shrinking: not said
    "If I invest $1,000 at 5% a month, how much will I have after 10 years?",
    "If I invest $1,000 at 5% compounded annually, how much will I have after 18 months?",
    "If I invest $1,000 at 5% compounded annually, is it worth it after 10 years?",
    "If I invest $1,000 at 5% simple interest compounded annually, how much will I have after 10 years?",
    "I borrow $1,500 at 5%. How much after 3 years?",  # owed, not saved
    "I invest $2,000 at 4%. How much in 5 years will I earn?",  # the interest, not the sum (a review's)
    "I invest $2,000 at 4%. How much in 5 years is the principal?",
    "I have $1,500 and prices rise 5% a year. How much after 3 years?",
    "I put $1,500 in savings at 5%. How much do I owe after 3 years?",
])
def test_money_questions_that_only_look_plain_stay_the_models(question: str) -> None:
    assert arithmetic_in(question) is None


# --- a percentage as a fraction; rounding asked plainly --------------------------------------------------------

@pytest.mark.parametrize(("question", "expression", "said"), [
    # the 1.5B said 125/100; the decimal, as "0.625 as a fraction" is, has an answer checked for its fraction
    ("What's 12.5% as a fraction?", "0.125", "0.125 = 1/8 (= 0.125)"),
    ("Express 35% as a fraction in lowest terms", "0.35", "0.35 = 7/20 (= 0.35)"),
    ("Convert 45% to a fraction", "0.45", "0.45 = 9/20 (= 0.45)"),
    ("What is 12.5 percent as a fraction?", "0.125", "0.125 = 1/8 (= 0.125)"),
    ("What's 150% as a fraction?", "1.5", "1.5 = 3/2 (= 1.5)"),
    ("What is 0.6 as a fraction?", "0.6", "0.6 = 3/5 (= 0.6)"),  # (as before)
    ("What is 0.6 as a fraction in lowest terms?", "0.6", "0.6 = 3/5 (= 0.6)"),
])
def test_a_percentage_asked_as_a_fraction_is_its_decimal(question: str, expression: str, said: str,
                                                         tmp_path: Path) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _said(expression, tmp_path)[0] == said


@pytest.mark.parametrize(("question", "expression", "result"), [
    ("Round 2.71828 to three decimal places.", "round(2.71828, 3)", "1359/500 (= 2.718)"),
    ("Round 0.045 to two decimal places.", "round(0.045, 2)", "1/20 (= 0.05)"),  # a half up, as a calculator's
    ("Round 1234.5678 to the nearest hundred.", "round(1234.5678, -2)", "1200"),
    ("Round 1,234,567 to the nearest thousand", "round(1234567, -3)", "1235000"),
    ("What is 3.14159 rounded to 2 dp?", "round(3.14159, 2)", "157/50 (= 3.14)"),
    ("Round $12.345 to the nearest cent", "round(12.345, 2)", "247/20 (= 12.35)"),
    ("Round 2.5 to the nearest whole number", "round(2.5, 0)", "3"),
    ("What is 22/7 to 3 decimal places?", "round(22 / 7, 3)", "3143/1000 (= 3.143)"),
    # significant figures: the places the number's size gives
    ("Round 0.000123456 to 3 significant figures", "round(0.000123456, 6)", "123/1000000 (= 0.000123)"),
    ("Round 123456 to 2 sig figs", "round(123456, -4)", "120000"),
    ("Round 0.0009996 to 3 significant figures", "round(0.0009996, 5)", "1/1000 (= 0.00100)"),  # three shown
    # a number in words for its size, and "a whole number" (the 1.5B: 27420; it is 2740)
    ("What's 1 million divided by 365, rounded to a whole number?", "round((1 * 10 ** 6) / 365, 0)", "2740"),
    ("What's 3 billion divided by 7, to 2 decimal places?", "round((3 * 10 ** 9) / 7, 2)",
     "42857142857/100 (= 428571428.57)"),
    ("What's 7 divided by 3, rounded to an integer?", "round(7 / 3, 0)", "2"),
    ("What's 5!/3! rounded to 2 decimal places?", "round(factorial(5) / factorial(3), 2)", "20"),
])
def test_rounding_asked_plainly_is_the_math_tools_round(question: str, expression: str, result: str,
                                                        tmp_path: Path) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _said(expression, tmp_path)[0] == f"{expression} = {result}"


@pytest.mark.parametrize("question", [
    "round the corners of this box",
    "Round 2.5",  # to what: not said
    "Round up 2.71828 to two decimal places",  # up: a ceiling, not round()
    "Round 17 to the nearest 5",
    "What is the population of France to the nearest million?",
    "What is sqrt(2) to 3 significant figures?",  # inexact: its size is the tool's to work out, not the rewrite's
    "What is 25% in decimal?",
    "What's 7 divided by 3, rounded to a friend?",
    "What is 2 million people divided by 3 cities?",  # (more than numbers)
])
def test_rounding_and_fraction_look_alikes_stay_the_models(question: str) -> None:
    assert arithmetic_in(question) is None


@pytest.mark.parametrize(("question", "expression", "value"), [
    # a factorial written "5!" (the 1.5B: "10 / 6 = 5/3"; the sentence was split at "5! ", so nothing ran)
    ("What's 5! / (2! * 3!)?", "factorial(5) / (factorial(2) * factorial(3))", 10),
    ("What's 6! divided by 4!?", "factorial(6) / factorial(4)", 30),  # (the tail's "!?" took the last "!")
    ("What is 10!?", "factorial(10)", 3628800),
    ("What is 3! + 4!?", "factorial(3) + factorial(4)", 30),
])
def test_a_factorial_written_with_its_mark_is_the_math_tools(question: str, expression: str, value: int,
                                                            tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["value"] == value


@pytest.mark.parametrize(("question", "expression", "value"), [
    # read left to right, 3 / 4 / 2 / 3 is 1/8: the tool said so and the 1.5B gave it (9/8)
    ("What's 3/4 divided by 2/3?", "3 / 4 / (2 / 3)", 1.125),
    ("What is 3/4 ÷ 2/3?", "3 / 4 / (2 / 3)", 1.125),
    ("What is 10 divided by 2/5?", "10 / (2 / 5)", 25),
    ("What is 1/2 divided by 4?", "1 / 2 / 4", 0.125),  # (a fraction divided: left to right is right)
])
def test_a_fraction_divided_by_is_one_number(question: str, expression: str, value: float, tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).data["value"] == value


# --- several statistics of one list; an amount of money said to the cent -------------------------------------

@pytest.mark.parametrize(("message", "expression", "said", "values"), [
    # the 1.5B said the mean is 7 (it is 6; the median is 4)
    ("What's the mean and median of 3, 9, 4, 10, 4?", "mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)",
     "mean(3, 9, 4, 10, 4) = 6; median(3, 9, 4, 10, 4) = 4", [6, 4]),
    ("What are the min, max and average of 12, 7, 30, 1?",
     "min(12, 7, 30, 1); max(12, 7, 30, 1); mean(12, 7, 30, 1)",
     "min(12, 7, 30, 1) = 1; max(12, 7, 30, 1) = 30; mean(12, 7, 30, 1) = 25/2 (= 12.5)", [1, 30, 12.5]),
    ("Give me the sum and the average of 4, 8, 15, 16, 23, 42",
     "sum(4, 8, 15, 16, 23, 42); mean(4, 8, 15, 16, 23, 42)",
     "sum(4, 8, 15, 16, 23, 42) = 108; mean(4, 8, 15, 16, 23, 42) = 18", [108, 18]),
    ("What are the mean, median and mode of 2 4 4 4 5 5 7 9?",
     "mean(2, 4, 4, 4, 5, 5, 7, 9); median(2, 4, 4, 4, 5, 5, 7, 9); mode(2, 4, 4, 4, 5, 5, 7, 9)",
     "mean(2, 4, 4, 4, 5, 5, 7, 9) = 5; median(2, 4, 4, 4, 5, 5, 7, 9) = 9/2 (= 4.5); "
     "mode(2, 4, 4, 4, 5, 5, 7, 9) = 4", [5, 4.5, 4]),
    # the list piped after the question (`llorch run` joins them with a blank line), or after its colon
    ("What's the mean and median of these numbers?\n\n3\n9\n4\n10\n4", "mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)",
     "mean(3, 9, 4, 10, 4) = 6; median(3, 9, 4, 10, 4) = 4", [6, 4]),
    ("What are the largest and smallest of these?\n\n1,200\n800\n-3", "max(1200, 800, -3); min(1200, 800, -3)",
     "max(1200, 800, -3) = 1200; min(1200, 800, -3) = -3", [1200, -3]),
    ("What's the mean and median: 3, 9, 4, 10, 4", "mean(3, 9, 4, 10, 4); median(3, 9, 4, 10, 4)",
     "mean(3, 9, 4, 10, 4) = 6; median(3, 9, 4, 10, 4) = 4", [6, 4]),
])
def test_several_statistics_of_one_list_are_one_call_each_said(message: str, expression: str, said: str,
                                                              values: list[float], tmp_path: Path) -> None:
    from llorch.tools.exact import read_whole

    assert exact_call(message, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert math_asked(message) == {"expression": expression}
    done = ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.text == said
    assert done.data["values"] == values and done.data["value"] == values[0]
    assert [part["expression"] for part in done.data["parts"]] == expression.split("; ")
    question, _, body = message.partition("\n\n")
    if body:  # piped: read whole, as one statistic of a piped list is
        assert read_whole(question, [body], EXACT_TOOLS, NOW) == message


@pytest.mark.parametrize("message", [
    "What's the mean of life?",
    "mean and median: which should I use?",
    "What's the mean and median?",  # no numbers
    "What's the difference between the mean and median of 3, 9, 4, 10, 4?",  # one number of them, not both
    "Is the mean or median of 3, 9, 4 better?",
    "What's the mean and median of 3, 9, 4, 10, 4 and why?",
    "What's the mean and median age of 3, 9, 4?",
    "What are the mean and median of a normal distribution?",
    "The mean and median of 3, 9, 4 are 5 and 4, right?",
    "What's the mean and median of these numbers?\n\n3\nnine\n4",  # not numbers alone
    "What's the mean and median of these numbers?\n\n3",  # one number
])
def test_look_alikes_of_several_statistics_stay_the_models(message: str) -> None:
    assert math_asked(message) is None
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is None or found[0] != "math"


@pytest.mark.parametrize(("message", "wrong", "right"), [
    ("What's the mean and median of 3, 9, 4, 10, 4?", "The mean is 7 and the median is 4.",  # the 1.5B's mean
     "The mean of 3, 9, 4, 10, 4 is 6.0 and the median is 4."),
    ("What's the mean and median of 3, 9, 4, 10, 4?", "The mean is 6.", "Mean: 6, median: 4"),  # one of two
    # each named with its own value, in any order (the check once wanted the order asked, and flagged a right answer)
    ("What's the mean and median of 3, 9, 4, 10, 4?", "The mean is 4 and the median is 6.",  # swapped
     "The median is 4 and the mean is 6."),
    ("What's the mean and median of 3, 9, 4, 10, 4?", "The median of 3, 9, 4, 10, 4 is 6, and the average is 4.",
     "Median: 4. Average: 6.0"),
    ("What are the min, max and average of 12, 7, 30, 1?", "The average is 12.5, the max 30, the min 7.",
     "The average is 12.5, the max 30, the min 1."),
    ("What's the mean and median of 3, 9, 4, 10, 4?", "The median is 4.",  # one named, one not
     "The mean is 6; the median, 4."),
    ("What are the min, max and average of 12, 7, 30, 1?", "Min 1, max 30, average 17.",
     "The minimum is 1, the maximum 30 and the average 12.5."),
    ("What's the sum and product of 123456789, 987654321, 555555555?",  # every digit of a product past a float's
     "The sum is 1,666,666,665 and the product is 67740350550390354381869296.",
     "The sum is 1,666,666,665 and the product is 67,740,350,550,390,354,381,869,295."),
])
def test_an_answer_to_several_statistics_gives_each_in_order_or_by_name(message: str, wrong: str, right: str,
                                                             tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault

    args = math_asked(message)
    assert args is not None
    done = ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    want = expected("math", done.data, message)
    assert want.kind == "in_order"
    assert fault(wrong, want, "math", done.text) is not None
    assert fault(right, want, "math", done.text) is None


@pytest.mark.parametrize(("question", "expression", "money", "said"), [
    # the 1.5B answered "$35.994"
    ("What's 40% off $59.99?", "59.99 * (1 - 40 / 100)", "$", "= 17997/500 (= 35.994; $35.99 to the cent)"),
    ("What's 40% off €59.99?", "59.99 * (1 - 40 / 100)", "€", "= 17997/500 (= 35.994; €35.99 to the cent)"),
    ("What is 15% of £19.99?", "15 / 100 * 19.99", "£", "= 5997/2000 (= 2.9985; £3.00 to the penny)"),
    ("What is $100 divided by 3?", "100 / 3", "$", "= 100/3 (≈ 33.3333333333333; $33.33 to the cent)"),
    ("What's 40% off ¥999?", "999 * (1 - 40 / 100)", "¥", "= 2997/5 (= 599.4; ¥599 to the yen)"),  # no sen in use
    # a half cent up, as a till rounds it (round() to even would say 157.62)
    ("What is the compound interest on $1000 at 5% per year for 3 years?", "1000 * (1 + 5 / 100) ** 3 - 1000", "$",
     "= 1261/8 (= 157.625; $157.63 to the cent)"),
    ("What is the monthly payment on a loan of 20,000 dollars at 6% over 5 years?",
     "20000 * (6 / 100 / 12) / (1 - (1 + 6 / 100 / 12) ** -(5 * 12))", "$", "≈ 386.656030588558 ($386.66 to the cent)"),
    ("What are the mean and median of these?\n\n$5\n$7\n$101", "mean(5, 7, 101); median(5, 7, 101)", "$",
     "= 113/3 (≈ 37.6666666666667; $37.67 to the cent); median(5, 7, 101) = 7"),
])
def test_an_amount_of_money_past_the_cent_is_also_said_to_the_cent(question: str, expression: str, money: str,
                                                                  said: str, tmp_path: Path) -> None:
    assert math_asked(question) == {"expression": expression, "money": money}
    done = ToolRegistry().call("math", {"expression": expression, "money": money},
                               ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.text.startswith(expression.split("; ")[0]) and done.text.endswith(said)


@pytest.mark.parametrize(("question", "expression"), [
    ("What is 15% of $2,340?", "15 / 100 * 2340"),  # 351: to the cent already
    ("If 3 apples cost $1.20, how much do 7 cost?", "1.20 * 7 / 3"),  # 2.80
    ("What percent of $30 is $7?", "7 / 30 * 100"),  # a percentage, no amount
    ("What is $100 divided by $3?", "100 / 3"),  # a ratio of two sums
    ("Round $35.994 to 2 decimal places", "round(35.994, 2)"),  # the places asked for
    ("Round $12.345 to the nearest cent", "round(12.345, 2)"),
    ("What is 59.99 * 0.6?", "59.99 * 0.6"),  # no currency named
])
def test_a_currency_is_passed_only_for_an_amount_said_past_the_cent(question: str, expression: str) -> None:
    assert math_asked(question) == {"expression": expression}


def test_the_currency_a_question_names_is_one_and_no_weight() -> None:
    from llorch.tools.arithmetic import _currency

    assert _currency("What is 40% off 59.99 pounds?") == "£"
    assert _currency("What's 40% off 59.99 euros?") == "€"
    assert _currency("What is 40% off USD 59.99?") == "$"
    assert _currency("A bag weighs 2.5 pounds; what is 3.333 times that?") is None  # pounds of a weight
    assert _currency("What's the BMI of a man 6 feet tall and 200 pounds?") is None  # (it said "£27.12 to the penny")
    assert _currency("What is 40% off $59.99 in €?") is None  # two: which is the amount in?


def test_an_answer_to_an_amount_may_give_it_to_the_cent_or_as_worked_out(tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault

    question = "What's 40% off $59.99?"
    args = math_asked(question)
    assert args is not None
    done = ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.data["amount"] == "35.99" and done.data["currency"] == "$" and done.data["value"] == 35.994
    want = expected("math", done.data, question)
    for answer in ("40% off $59.99 is $35.99.", "It comes to $35.994.", "$35.99"):
        assert fault(answer, want, "math", done.text) is None, answer
    for answer in ("It is $23.99.", "$35.98"):  # (the 40% itself; a cent off)
        assert fault(answer, want, "math", done.text) is not None, answer


# --- questions about one whole number: is it prime, how many digits (numberquestions.py) -------------------------

@pytest.mark.parametrize(("question", "expression", "said"), [
    # the 1.5B: no, divisible by 7 ("Is 1000003 a prime number?" went to the tool; the commas kept this one from it)
    ("Is 1,000,003 a prime number?", "isprime(1000003)", "1000003 is a prime number"),
    ("Is 2,147,483,647 prime?", "isprime(2147483647)", "2147483647 is a prime number"),
    ("Can you tell me whether 1,001 is prime?", "isprime(1001)", "1001 is not a prime number: 1001 = 7 × 11 × 13"),
    ("Is 1000003 a prime number?", "isprime(1000003)", "1000003 is a prime number"),
    # the 1.5B wandered through logarithms (158)
    ("How many digits does 100 factorial have?", "digits(factorial(100))", "digits(factorial(100)) = 158"),
    ("How many digits are in 2^100?", "digits(2^100)", "digits(2^100) = 31"),
    ("How many digits is 123456789?", "digits(123456789)", "digits(123456789) = 9"),
    ("How many digits does 100! have?", "digits(factorial(100))", "digits(factorial(100)) = 158"),
    ("how many digits are there in 1000 factorial?", "digits(factorial(1000))", "digits(factorial(1000)) = 2568"),
    ("How many digits does the number 2 to the power of 64 have?", "digits(2 ** 64)", "digits(2 ** 64) = 20"),
    ("How many digits has 1,000,003?", "digits(1000003)", "digits(1000003) = 7"),
    ("How many digits in 5000!?", "digits(factorial(5000))", "digits(factorial(5000)) = 16326"),  # past str()'s 4,300
    ("How many digits is -12,345?", "digits(-12345)", "digits(-12345) = 5"),
    # thousands' commas in the other readers of one number
    ("What is 65,535 in hex?", "hex(65535)", "65535 in hexadecimal is 0xFFFF"),
    ("Write 1,987 in Roman numerals", "roman(1987)", "1987 in Roman numerals is MCMLXXXVII"),
    ("What is the Roman numeral for 2,026?", "roman(2026)", "2026 in Roman numerals is MMXXVI"),
])
def test_a_number_with_thousands_commas_or_its_digits_asked_go_to_the_math_tool(question: str, expression: str,
                                                                                said: str, tmp_path: Path) -> None:
    assert arithmetic_in(question) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    assert _said(expression, tmp_path)[0] == said


@pytest.mark.parametrize("question", [
    "How many digits does my phone number have?",
    "How many digits are in a credit card number?",
    "How many digits does a phone number have in the US?",
    "How many digits is 123456789 in binary?",
    "How many digits are in pi?",  # (its decimals never end)
    "How many digits is 3.14159?",  # the digits of a whole number only
    "How many digits are in 1/7?",
    "How many digits are in 3, 9, 4?",
    "How many digits is 5001!?",  # past the tool's factorials
    "Is 1,000,003 a prime number or a composite one, and why?",
    "Is 1,0000 prime?",  # no thousands' commas
    "Is 1,000,000,000,039 prime?",  # past isprime's limit
    "What is 1,011 in decimal?",  # a decimal already, not 0s and 1s
    "Convert hex 1,000 to decimal",
    "Write 12,345 in Roman numerals",
])
def test_look_alikes_of_a_number_question_stay_the_models(question: str) -> None:
    assert math_asked(question) is None
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is None or found[0] != "math"


@pytest.mark.parametrize(("message", "wrong", "right"), [
    ("Is 1,000,003 a prime number?", "1,000,003 is not a prime number. It is divisible by 7.",  # the 1.5B's
     "Yes, 1,000,003 is prime."),
    ("Is 1,000,003 a prime number?", "No, 1,000,003 = 7 × 142,857.", "1,000,003 is a prime number: it is not "
     "divisible by 7, so it is not composite."),
    ("Is 2,147,483,647 prime?", "It isn't prime.", "Yes. 2,147,483,647 is a Mersenne prime."),
    ("Is 2,147,483,647 prime?", "2,147,483,647 is a composite number.", "It is prime, not composite."),
    ("Is 1,000,003 a prime number?", "1,000,003 is a non-prime number.", "Yes, 1000003 is prime. Note that 1000001 "
     "is not a prime."),  # (another number's "not a prime" says nothing of this one)
    ("Is 1,000,003 a prime number?", "It is nonprime: 1000003 = 7 × 142857.", "1000003 is prime; 1000001 is "
     "non-prime."),
    ("Is 2,147,483,647 prime?", "This number is not prime.", "Yes: 2147483647 is not divisible by 3, so it is a "
     "prime, not a composite."),
    ("How many digits does 100 factorial have?", "100! has 157 digits.", "100 factorial has 158 digits."),
    ("How many digits are in 2^100?", "About 30.", "2^100 has 31 digits."),
])
def test_an_answer_to_a_number_question_gives_the_tools_verdict_or_count(message: str, wrong: str, right: str,
                                                                          tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault

    args = math_asked(message)
    assert args is not None
    done = ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    want = expected("math", done.data, message)
    assert fault(wrong, want, "math", done.text) is not None
    assert fault(right, want, "math", done.text) is None


def test_a_run_of_spaces_mid_message_is_read_quickly() -> None:
    import time

    for message in ("A" + " " * 250 + "$11.99", "What is 2" + " " * 280 + "+ 2?", "equals" + " \t" * 140 + "3"):
        started = time.perf_counter()
        math_asked(message)
        assert time.perf_counter() - started < 1.0  # (the tail pattern took 1.7 s on the first; a linear read
        # takes under 0.1 s, and a busy machine's slack is the rest)


# --- a list's statistics with the unit its numbers are in said after them --------------------------------------

_DURATIONS = "\n\n12.5\n8.25\n30\n4.75"


@pytest.mark.parametrize(("message", "expression", "said"), [
    # the 1.5B said 65 (it is 55.5): "in minutes" says what the numbers are, not a unit to convert them to
    ("What is the total of these durations in minutes?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the average of these times in seconds?" + _DURATIONS, "mean(12.5, 8.25, 30, 4.75)",
     "mean(12.5, 8.25, 30, 4.75) = 111/8 (= 13.875)"),
    ("What's the sum of these amounts in USD?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the median of these values in hours?" + _DURATIONS, "median(12.5, 8.25, 30, 4.75)",
     "median(12.5, 8.25, 30, 4.75) = 83/8 (= 10.375)"),
    ("What is the total of these numbers in dollars?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the total of these in minutes?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("Add up these durations in minutes" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the total of my minutes in minutes?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",  # the same unit twice
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the total of these times?" + _DURATIONS, "sum(12.5, 8.25, 30, 4.75)",  # "times" names them as well
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),
    ("What is the total of these durations in minutes: 12.5, 8.25, 30, 4.75", "sum(12.5, 8.25, 30, 4.75)",
     "sum(12.5, 8.25, 30, 4.75) = 111/2 (= 55.5)"),  # (after a colon, as piped)
    ("What's the mean of these amounts in euros?\n\n€5\n€7.5", "mean(5, 7.5)", "mean(5, 7.5) = 25/4 (= 6.25)"),
    ("What's the mean of these weights in pounds?\n\n150\n162", "mean(150, 162)", "mean(150, 162) = 156"),
])
def test_the_unit_a_lists_numbers_are_in_leaves_its_statistics_the_math_tools(message: str, expression: str,
                                                                            said: str, tmp_path: Path) -> None:
    from llorch.tools.exact import read_whole

    assert exact_call(message, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    done = ToolRegistry().call("math", {"expression": expression}, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    assert done.text == said
    question, _, body = message.partition("\n\n")
    if body:  # piped: read whole, as a list without the unit is
        assert read_whole(question, [body], EXACT_TOOLS, NOW) == message


@pytest.mark.parametrize("message", [
    "What is the total of these minutes in hours?" + _DURATIONS,  # a conversion: the sum is no answer
    "What's the mean of these kg in pounds?\n\n150\n162",
    "What is the average of my hours in days?" + _DURATIONS,
    "What's the total of these prices in dollars?\n\n€5\n€7",  # written in euros, asked in dollars
    "What is the total of these durations in minutes?\n\n$5\n$7",  # money, asked in minutes
    "What is the total in minutes?" + _DURATIONS,  # no "these": the numbers may be in another unit
    "What is the total of these durations in minutes and seconds?" + _DURATIONS,  # two units: a conversion
    "What is the total of these durations in weeks and days?" + _DURATIONS,
    "What is the total of these durations in minutes?\n\n12:30\n8:15",  # not plain numbers
    "What is the total of these durations in furlongs?" + _DURATIONS,  # no unit read here
])
def test_a_unit_the_numbers_are_converted_to_leaves_the_list_to_others(message: str) -> None:
    assert math_asked(message) is None
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is None or found[0] != "math"


def test_a_unit_tail_after_a_long_question_is_read_quickly() -> None:
    import time

    started = time.perf_counter()
    math_asked("What is the total of these" + " in" * 120 + " minutes?\n\n" + "\n".join(["12.5"] * 2000))
    math_asked("What is the total of these" + " " * 300 + "in minutes?" + _DURATIONS)
    assert time.perf_counter() - started < 1.0


# --- a ratio in lowest terms ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "expression", "said"), [
    ("Simplify the ratio 1920:1080", "ratio(1920, 1080)", "1920:1080 in lowest terms is 16:9 (each divided by 120)"),
    ("Simplify 12:18", "ratio(12, 18)", "12:18 in lowest terms is 2:3 (each divided by 6)"),
    ("Reduce the ratio 45:60 to its simplest form", "ratio(45, 60)",
     "45:60 in lowest terms is 3:4 (each divided by 15)"),
    ("What is 45:60 in simplest form?", "ratio(45, 60)", "45:60 in lowest terms is 3:4 (each divided by 15)"),
    ("Write the ratio 8:12:20 in lowest terms", "ratio(8, 12, 20)",
     "8:12:20 in lowest terms is 2:3:5 (each divided by 4)"),
    ("Simplify the ratio 1.5:2", "ratio(1.5, 2)", "1.5:2 in lowest terms is 3:4"),
    ("What is the simplest form of the ratio 45:60?", "ratio(45, 60)",
     "45:60 in lowest terms is 3:4 (each divided by 15)"),
    ("What is the ratio of 1920 to 1080 in simplest form?", "ratio(1920, 1080)",
     "1920:1080 in lowest terms is 16:9 (each divided by 120)"),
    ("Express 16 : 10 as a simplified ratio.", "ratio(16, 10)", "16:10 in lowest terms is 8:5 (each divided by 2)"),
    ("Can you simplify 3:4?", "ratio(3, 4)", "3:4 is already in lowest terms"),
    ("Simplify 10:30", "ratio(10, 30)", "10:30 in lowest terms is 1:3 (each divided by 10)"),  # no time said
])
def test_a_ratio_asked_in_lowest_terms_is_the_math_tools_ratio(question: str, expression: str, said: str,
                                                              tmp_path: Path) -> None:
    """The tool divides by the greatest common divisor, where the model guesses (1920:1080 "already in lowest
    terms"); the question's terms go to it as written."""
    assert arithmetic_in(question) == expression
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", {"expression": expression})
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    assert ToolRegistry().call("math", {"expression": expression}, ctx).text == said


@pytest.mark.parametrize("question", [
    "Simplify 10:30 am",  # a time of day
    "Simplify 10:30 PM",
    "Simplify 10:30 at night",
    "Simplify 10 o'clock",
    "What is the ratio 2:3 of 50?",  # another number changes the sum
    "Simplify the ratio 2:3 of 50",
    "Simplify the ratio 2:3 and 4:5",
    "John 3:16",  # a verse
    "What is John 3:16 in simplest form?",
    "What is 3:1?",  # a score, or a ratio as it is
    "The score was 3:1",
    "What is 45:60?",  # lowest terms not asked
    "Write 45:60",
    "Simplify 0:5",  # a term the tool refuses
    "Simplify 12:18:0",
    "Simplify 1:2:3:4:5:6:7",  # more terms than it takes
    "Simplify 1.2345678:2",  # more places than it takes
    "Simplify 1234567890123:2",  # a term past 10^12
    "Simplify 12:18 hours",
    "Reduce 45 to 60 to its simplest form",  # "45 to 60" only after "the ratio"
    "Is 3:4 in simplest form?",
])
def test_ratio_look_alikes_stay_the_models(question: str) -> None:
    """A recogniser that is not sure of what was asked says nothing: a time, a verse, a score, a ratio of a sum."""
    assert arithmetic_in(question) is None
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is None or "ratio(" not in str(found[1].get("expression"))


def test_a_split_in_a_ratio_stays_a_split() -> None:
    """"Split $100 in the ratio 2:3" is each share (weighted.py), not the ratio simplified."""
    assert math_asked("Split $100 in the ratio 2:3") == {"expression": "100 * 2 / 5; 100 * 3 / 5"}


def test_a_long_ratio_look_alike_is_read_quickly() -> None:
    """The ratio's patterns read a run of spaces, colons or digits one way (a 20 KB message in well under a second)."""
    import time

    from llorch.tools.arithmetic import _RATIO_ASKED

    started = time.perf_counter()
    for message in ("Simplify 1:2" + " " * 20_000 + "x", "Simplify " + "1 : " * 5_000, "What is " + "1" * 20_000
                    + ":2 in lowest terms", "Simplify 1:2" + " " * 10_000 + "?" * 10_000 + "x"):
        assert math_asked(message) is None
        assert all(p.match(message) is None for p in _RATIO_ASKED)
    assert time.perf_counter() - started < 1.0
