"""Money with something put on top goes to the math tool: a tip and the total (the 1.5B: a $12.072 tip and $76.872
for 18% on $64.80; $11.66 and $76.46), a sales tax added (the 1.5B: $273.15 for $249.99 plus 8.875%; $272.18),
overtime pay (the 1.5B: $2070 for 46 hours at $22.50 with time and a half over 40; $1,102.50), and a sum grown by
inflation between two years (the 1.5B: $348.79 for $100 from 2000 in 2026 at 2.5%; $190.03) or at a rate for years;
so do a margin and a markup (the 1.5B: a 37.5% margin buying at $40 and selling at $55, which is the markup; 27.27%)
and a salary by the hour (the 1.5B: $31.18 an hour for $65,000 a year at 40 hours a week; $31.25)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.finance import money_asked
from llorch.tools.payproblems import pay_asked
from llorch.tools.registry import ToolRegistry
from llorch.tools.wordproblems import word_problem
from support import math_fault

NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)
TIP_AND_TOTAL = "18 / 100 * 64.80; 64.80 * (1 + 18 / 100)"
TOTAL = "64.80 * (1 + 18 / 100)"
TIP = "18 / 100 * 64.80"
TAXED = "249.99 * (1 + 8.875 / 100)"
INFLATED = "100 * (1 + 2.5 / 100) ** 26"


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "args", "values"), [
    # a tip and the total: both, each to the cent (the 1.5B: $12.072 and $76.872)
    ("A meal costs $64.80. How much is an 18% tip, and the total?", {"expression": TIP_AND_TOTAL, "money": "$"},
     [11.664, 76.464]),
    ("What's an 18% tip on $64.80, and the total?", {"expression": TIP_AND_TOTAL, "money": "$"}, [11.664, 76.464]),
    ("How much is the tip and the total if the bill is $64.80 and I tip 18%?",
     {"expression": TIP_AND_TOTAL, "money": "$"}, [11.664, 76.464]),
    ("My bill is $64.80. What's the tip at 18% and the total?", {"expression": TIP_AND_TOTAL, "money": "$"},
     [11.664, 76.464]),
    ("What's the total and the 18% tip on a $64.80 bill?",
     {"expression": "64.80 * (1 + 18 / 100); 18 / 100 * 64.80", "money": "$"}, [76.464, 11.664]),  # as asked
    # the total alone
    ("What's the total on a $64.80 bill with an 18% tip?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("My dinner was $64.80. How much do I pay with an 18% tip?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("How much is $64.80 with an 18% tip?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("What is $64.80 plus an 18% tip?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("If I leave an 18% tip on $64.80, what's the total?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("A meal costs $64.80 and I tip 18%. What's the total?", {"expression": TOTAL, "money": "$"}, [76.464]),
    ("The bill was $64.80 plus an 18% tip. What's the total?", {"expression": TOTAL, "money": "$"}, [76.464]),
    # the tip alone, as arithmetic.py writes "an 18% tip on $64.50"
    ("A meal costs $64.80. How much is an 18% tip?", {"expression": TIP, "money": "$"}, [11.664]),
    ("How much should I tip on $64.80 at 18%?", {"expression": TIP, "money": "$"}, [11.664]),
    ("The bill is $64.80. What's a 15% tip?", {"expression": "15 / 100 * 64.80"}, [9.72]),
    ("What's the total tip on a $64.80 bill at 18%?", {"expression": TIP, "money": "$"}, [11.664]),  # not the total
    ("What is 18% tip on $64.80 and the total?", {"expression": TIP_AND_TOTAL, "money": "$"}, [11.664, 76.464]),
    ("What's the total tip and total on $64.80 at 18%?", {"expression": TIP_AND_TOTAL, "money": "$"},
     [11.664, 76.464]),
    ("What's an 18% tip on $64.50?", {"expression": "18 / 100 * 64.50"}, [11.61]),  # (to the cent already)
    # a sales tax added (the 1.5B: $273.15)
    ("What's $249.99 plus 8.875% sales tax?", {"expression": TAXED, "money": "$"}, [272.1766125]),
    ("How much is $249.99 with 8.875% tax?", {"expression": TAXED, "money": "$"}, [272.1766125]),
    ("$249.99 plus 8.875% sales tax", {"expression": TAXED, "money": "$"}, [272.1766125]),
    ("What is the total cost of a $249.99 TV with 8.875% sales tax?", {"expression": TAXED, "money": "$"},
     [272.1766125]),
    ("What's the total after 8.875% tax on $249.99?", {"expression": TAXED, "money": "$"}, [272.1766125]),
    ("A TV costs $249.99 before tax. What is the total with 8.875% sales tax?", {"expression": TAXED, "money": "$"},
     [272.1766125]),
    ("A TV costs $249.99. How much is it with 8.875% sales tax?", {"expression": TAXED, "money": "$"},
     [272.1766125]),
    ("What is £120 plus 20% VAT?", {"expression": "120 * (1 + 20 / 100)"}, [144]),
    ("What is £100 plus VAT at 20%?", {"expression": "100 * (1 + 20 / 100)"}, [120]),
    ("How much is $1,080 after 8% sales tax?", {"expression": "1080 * (1 + 8 / 100)"}, [1166.4]),
    # overtime (the 1.5B: $2070)
    ("I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my pay?",
     {"expression": "22.50 * 40 + 22.50 * 1.5 * 6"}, [1102.5]),
    ("I make $20/hour with time and a half for hours over 40. How much do I earn for 50 hours?",
     {"expression": "20 * 40 + 20 * 1.5 * 10"}, [1100]),
    ("How much do I earn for 50 hours at $20 an hour with time and a half after 40 hours?",
     {"expression": "20 * 40 + 20 * 1.5 * 10"}, [1100]),
    ("If I work 45 hours at $18/hr and overtime is 1.5x after 40 hours, what's my pay?",
     {"expression": "18 * 40 + 18 * 1.5 * 5"}, [855]),
    ("What's my pay for 46 hours at $22.50/h with double time over 40?", {"expression": "22.50 * 40 + 22.50 * 2 * 6"},
     [1170]),
    ("I earn $22.50 an hour and worked 46 hours. Overtime over 40 is time and a half. What's my pay?",
     {"expression": "22.50 * 40 + 22.50 * 1.5 * 6"}, [1102.5]),
    ("I earn $22.50 an hour and worked 38 hours, with time and a half over 40. What's my pay?",  # no overtime
     {"expression": "22.50 * 38"}, [855]),
    ("I earn $22.50 an hour and worked 40.5 hours, with time and a half over 40. What's my pay?",
     {"expression": "22.50 * 40 + 22.50 * 1.5 * 0.5", "money": "$"}, [916.875]),
    # inflation between two years (the 1.5B: $348.79), back the other way, and growth for years
    ("What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a year?", {"expression": INFLATED, "money": "$"},
     [190.029270078021]),
    ("If inflation averaged 2.5% a year, what is $100 in 2000 worth in 2026?",
     {"expression": INFLATED, "money": "$"}, [190.029270078021]),
    ("How much is $100 from 2000 in 2026 dollars at 2.5% inflation?", {"expression": INFLATED, "money": "$"},
     [190.029270078021]),
    ("What was $100 in 2026 worth in 2000 if inflation averaged 2.5% a year?",
     {"expression": "100 / (1 + 2.5 / 100) ** 26", "money": "$"}, [52.6234727]),
    ("What's $2,000 in 1990 worth in 2026 at 3% inflation?",
     {"expression": "2000 * (1 + 3 / 100) ** 36", "money": "$"}, [5796.55665600534]),
    ("$100 grows at 3% a year for 10 years. How much is it then?",
     {"expression": "100 * (1 + 3 / 100) ** 10", "money": "$"}, [134.391637934]),
    ("If $100 grows at 3% a year, what will it be after 10 years?",
     {"expression": "100 * (1 + 3 / 100) ** 10", "money": "$"}, [134.391637934]),
    ("If inflation is 2.5% a year, what will something that costs $100 today cost in 10 years?",
     {"expression": "100 * (1 + 2.5 / 100) ** 10", "money": "$"}, [128.008454]),
    ("What will a $100 item cost in 10 years with 2.5% annual inflation?",
     {"expression": "100 * (1 + 2.5 / 100) ** 10", "money": "$"}, [128.008454]),
    ("A population of 5,000 grows by 3% a year. What will it be in 10 years?",
     {"expression": "5000 * (1 + 3 / 100) ** 10"}, [6719.58189672]),
])
def test_money_with_something_on_top_is_the_math_tools(question: str, args: dict[str, str], values: list[float],
                                                        tmp_path: Path) -> None:
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    data = _run(args, tmp_path).data
    assert data.get("values", [data["value"]]) == pytest.approx(values)


MARGIN, MARKUP, PROFIT = "(55 - 40) / 55 * 100", "(55 - 40) / 40 * 100", "55 - 40"


@pytest.mark.parametrize(("question", "args", "values"), [
    # a margin on the price sold at (the 1.5B: 37.5%, the markup), a markup on the cost, a profit in money
    ("I buy at $40 and sell at $55. What's my profit margin?", {"expression": MARGIN}, [27.2727272727]),
    ("What's my profit margin if I buy at $40 and sell at $55?", {"expression": MARGIN}, [27.2727272727]),
    ("What's the profit margin on an item that costs $40 and sells for $55?", {"expression": MARGIN},
     [27.2727272727]),
    ("I buy at $40 and sell at $55. What's my markup?", {"expression": MARKUP}, [37.5]),
    ("Bought for $40, sold for $55. What's the markup?", {"expression": MARKUP}, [37.5]),
    ("What's the markup on something with a cost price of $40 and a selling price of $55?",
     {"expression": MARKUP}, [37.5]),
    ("I buy at $40 and sell at $55. What's my profit?", {"expression": PROFIT}, [15]),
    ("I buy at $40 and sell at $55. How much do I make?", {"expression": PROFIT}, [15]),
    ("If I buy something for $40 and sell it for $55, what's the margin and the markup?",
     {"expression": f"{MARGIN}; {MARKUP}"}, [27.2727272727, 37.5]),  # each, in the order asked
    ("I buy at $40 and sell at $55. What's my markup and my margin?", {"expression": f"{MARKUP}; {MARGIN}"},
     [37.5, 27.2727272727]),
    ("I buy at $40 and sell at $55. What's my profit and my margin?", {"expression": f"{PROFIT}; {MARGIN}"},
     [15, 27.2727272727]),
    # a salary by the hour over 52 weeks, or the weeks said (the 1.5B: $31.18)
    ("My salary is $65,000 a year. What's my hourly rate at 40 hours a week?", {"expression": "65000 / 52 / 40"},
     [31.25]),
    ("$65,000 a year is how much an hour at 40 hours a week?", {"expression": "65000 / 52 / 40"}, [31.25]),
    ("I earn $65k a year working 40 hours a week. What's my hourly rate?", {"expression": "65000 / 52 / 40"},
     [31.25]),
    ("I earn $65.5k a year working 40 hours a week. What's my hourly rate?",  # (not 65.5000: 3 cents an hour)
     {"expression": "65500 / 52 / 40", "money": "$"}, [31.4903846154]),
    ("My salary is $65,000 a year. What's my hourly rate at 40 hours a week for 48 weeks?",
     {"expression": "65000 / 48 / 40", "money": "$"}, [33.8541666667]),
    ("I earn $65,000 a year, working 40-hour weeks for 48 weeks a year. What's my hourly wage?",
     {"expression": "65000 / 48 / 40", "money": "$"}, [33.8541666667]),
    ("My salary is $65,000 a year. What's my monthly pay?", {"expression": "65000 / 12", "money": "$"},
     [5416.6666666667]),
    ("My annual salary is £65,000. How much is that a month?", {"expression": "65000 / 12", "money": "£"},
     [5416.6666666667]),
    # an hourly rate as a salary
    ("$25 an hour, 40 hours a week — what's that a year?", {"expression": "25 * 40 * 52"}, [52000]),
    ("I make $25 an hour and work 40 hours a week. What's my annual salary?", {"expression": "25 * 40 * 52"},
     [52000]),
    ("I make $25 an hour and work 40 hours a week. What's that a month?",
     {"expression": "25 * 40 * 52 / 12", "money": "$"}, [4333.3333333333]),
    ("I get paid $3,000 a month. What's that a year?", {"expression": "3000 * 12"}, [36000]),
    ("I earn $1,000 a week at 40 hours a week. What's my hourly rate?", {"expression": "1000 / 40"}, [25]),
])
def test_a_margin_a_markup_or_a_salary_is_the_math_tools(question: str, args: dict[str, str], values: list[float],
                                                          tmp_path: Path) -> None:
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    data = _run(args, tmp_path).data
    assert data.get("values", [data["value"]]) == pytest.approx(values)


def test_a_margin_and_a_markup_are_never_swapped() -> None:
    said = {word: pay_asked(f"I buy at $40 and sell at $55. What's my {word}?") for word in ("margin", "markup")}
    assert said == {"margin": "(55 - 40) / 55 * 100", "markup": "(55 - 40) / 40 * 100"}  # (over the price sold at)


def test_a_tip_and_the_total_are_each_said_to_the_cent(tmp_path: Path) -> None:
    args = math_asked("A meal costs $64.80. How much is an 18% tip, and the total?")
    assert args is not None
    said = _run(args, tmp_path).text
    assert "11.664; $11.66 to the cent" in said and "76.464; $76.46 to the cent" in said


@pytest.mark.parametrize("question", [
    # a tip
    "A meal costs $64.80 for 4 people. How much is an 18% tip?",  # the whole tip or each one's: not said
    "A meal costs $64.80. How much is an 18% tip, split between us?",
    "What's an 18% tip on $64.80 plus 8% tax?",  # a second rate
    "Is an 18% tip on $64.80 too much?",  # nothing asked to work out
    "How much is a tip on $64.80?",  # no rate
    "The bill with an 18% tip came to $76.46. How much is the tip?",  # the tip already in the sum
    "The total with an 18% tip was $76.46. What was the bill?",
    "The bill was $64.80 with an 18% tip. What's the total?",  # with it or before it: not said
    "I tipped 18% on a $64.80 meal. How much did I tip?",
    # a tax
    "What's $249.99 plus 8.875% sales tax and $10 shipping?",
    "How much tax is $249.99 with 8.875% tax?",
    "What's the total tax on $249.99 at 8.875%?",  # the tax, not the total
    "I paid $1,080 with 8% tax. What was the price?",  # the tax in the price paid
    "What's $249.99 plus sales tax?",  # no rate
    "The discount is $20. What's the total with 8% tax?",  # not a thing bought
    "The tax is $10. What's the total with 8% tax?",
    "Shipping costs $5. What's the total with 8% tax?",
    "My change was $3. How much do I pay with 8% tax?",
    "What's $100 off plus 8% tax?",
    "$100 discount plus 8% tax",
    # overtime
    "I earn $22.50 an hour and worked 46 hours, with overtime over 40. What's my pay?",  # the multiplier not said
    "I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my take-home pay?",
    "I earn $22.50 an hour and worked 46 hours over 5 days, with time and a half over 40. What's my pay?",
    "I earn $22.50 an hour and worked 46 hours. Overtime over 40 is time and a half. How much overtime pay do I get?",
    "I earn $22.50 an hour, time and a half over 40 hours and double time over 50. I worked 55 hours. What's my pay?",
    "I earn $22.50 an hour and worked 46 hours, with time and a half over 8 hours a day. What's my pay?",
    "What's my overtime pay at $22.50 an hour for 46 hours with time and a half over 40?",
    "I earn $20 an hour and worked 45 hours, time and a half over 40. How much do I earn in overtime?",  # (150)
    "I earn $20 an hour and worked 45 hours, time and a half over 40. What's my pay for overtime?",
    "I earn $20 an hour and worked 45 hours, time and a half over 40. What's my pay for the overtime hours?",
    "I earn $22.50 an hour and worked 46 hours, with time and a half over 40 and a $50 bonus. What's my pay?",
    # inflation and growth
    "What will $100 be worth in 10 years with 2.5% annual inflation?",  # what it buys, or what things cost
    "How much will £5,000 be worth in 8 years at 3.5% inflation?",
    "What is $100 in 2000 worth in 2026?",  # no rate
    "What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a month?",
    "What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a year and wages 3%?",
    "What is 2000 dollars in 1990 worth in 2026 at 3% inflation?",  # a sum that reads as a year
    "$100 grows at 3% a month for 10 years. How much is it then?",
    "$100 grows at 3% a year for 10 years. How much more is it then?",
    "$100 falls 3% a year for 10 years. How much is it then?",  # compounded or straight-line: not said
    "What will $100 be worth in 10 years if prices rise 3% a year?",  # inflation said another way
    "How much will $100 be worth in 10 years if prices increase 3% a year?",
    "What will something that costs $100 today cost in 10 years if inflation has been 2.5%?",  # a year's: not said
    "What will something that costs $100 today cost in 10 years with inflation of 2.5%?",
    "What will a $100 item cost in 10 years with 2.5% inflation?",
    "$100 grows at 3% for 10 years. How much is it then?",
    "I earn $50,000 and get a 3% raise each year. What will I earn in 5 years?",
    # a margin, a markup, a profit
    "I buy at $40 and sell at $55. What's my profit percentage?",  # on the cost or on the price: not said
    "I buy at $40 and sell at $55. What's my return?",
    "I buy at $55 and sell at $40. What's my profit?",  # a loss
    "I buy 10 at $40 and sell at $55. What's my profit?",  # another number
    "I buy at $40 and sell at $55 after a 10% discount. What's my margin?",
    "I buy at $40 and sell at $55 plus $5 shipping. What's my margin?",
    "If I buy at $40 and want a 30% margin, what should I sell at?",  # the price, not the margin
    "I buy at $40 and sell at $55. What's the tax?",
    "I buy at $40 and sell at $55. Is that a good margin?",
    # a salary
    "I make $25 an hour. What's that a year?",  # the hours a week not said
    "What's the hourly rate for a $65,000 salary?",  # a year's, or a month's: not said
    "My salary is $65,000 a year. What's my hourly rate at 40 hours a week after tax?",
    "My salary is $65,000 a year. What's my take-home pay a month?",
    "I earn $65,000 a year and work 40 hours a week with 4 weeks off. What's my hourly rate?",
    "I earn $65,000 a year and work 8 hours a day. What's my hourly rate?",
    "My salary is $65,000 a year. What's my monthly pay at 40 hours a week?",  # the hours play no part
    "I work 40 hours a week at $25 an hour with 2 weeks unpaid. What's my annual pay?",
    "My salary is $65,000 a year and my wife's is $50,000 a year. What's our monthly income?",
    "I earn $65,000 a year with a $5,000 bonus. What's my monthly pay?",
    "I earn $65,000 a year. Is that good?",
    "A $64.80 bill including a 15% tip. What's the tip?",  # the tip is in it (8.45), not on it (9.72)
])
def test_money_less_plain_stays_the_models(question: str) -> None:
    assert pay_asked(question) is None
    assert word_problem(question) is None
    assert money_asked(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("A meal costs $64.80. How much is an 18% tip, and the total?", "The tip is $12.072 and the total is $76.872.",
     "An 18% tip is $11.66, so the total is $76.46."),
    ("What's $249.99 plus 8.875% sales tax?", "It comes to $273.15.", "It comes to $272.18."),
    ("I earn $22.50 an hour and worked 46 hours, with time and a half over 40. What's my pay?", "Your pay is $2070.",
     "Your pay is $1,102.50."),
    ("What is $100 in 2000 worth in 2026 if inflation averaged 2.5% a year?", "About $348.79.", "About $190.03."),
    ("I buy at $40 and sell at $55. What's my profit margin?", "Your profit margin is 37.5%.",
     "Your profit margin is 27.27%."),
    ("I buy at $40 and sell at $55. What's my markup?", "Your markup is 27.27%.", "Your markup is 37.5%."),
    ("My salary is $65,000 a year. What's my hourly rate at 40 hours a week?", "About $31.18 an hour.",
     "$31.25 an hour."),
    ("$25 an hour, 40 hours a week — what's that a year?", "That's $50,000 a year.", "That's $52,000 a year."),
])
def test_the_answer_check_holds_the_model_to_the_tools_figure(question: str, wrong: str, right: str,
                                                              tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None
