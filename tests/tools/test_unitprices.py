"""Offers compared per unit go to the math tool as the least of their prices per unit: asked which of a 12-pack at
$8.99 and a 20-pack at $13.49 is cheaper per can, the 1.5B worked out $0.75 and $0.67 and named the 12-pack."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.tools.arithmetic import math_asked
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.unitprices import unit_price_asked
from support import math_fault

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)


def _run(args: dict[str, str], tmp_path: Path) -> ToolResult:
    return ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))


@pytest.mark.parametrize(("question", "args", "value"), [
    ("A 12-pack costs $8.99 and a 20-pack costs $13.49. Which is cheaper per can?",
     {"expression": "min(8.99 / 12, 13.49 / 20)", "money": "$"}, 0.6745),
    # grams and kilograms in kilograms, millilitres and litres in litres
    ("Which is the better deal: 500 g for $3.49 or 750 g for $4.99?",
     {"expression": "min(3.49 / 0.5, 4.99 / 0.75)", "money": "$"}, 4.99 / 0.75),
    ("Is 2 kg for €5 cheaper than 500 g for €1.40?", {"expression": "min(5 / 2, 1.40 / 0.5)"}, 2.5),
    ("Which is cheaper per litre: 1.5 L for $2.19 or 2 L for $2.79?",
     {"expression": "min(2.19 / 1.5, 2.79 / 2)", "money": "$"}, 1.395),
    # the unit the question names; the price first; a price each; three offers
    ("Which is cheaper per 100 g: $3.49 for 500 g or $4.99 for 750 g?",
     {"expression": "min(3.49 / 5, 4.99 / 7.5)", "money": "$"}, 4.99 / 7.5),
    ("Which is cheaper: 3 for $5 or $1.79 each?", {"expression": "min(5 / 3, 1.79)", "money": "$"}, 5 / 3),
    ("Which costs less per can, 12 cans for $8.99 or 20 cans for $13.49?",
     {"expression": "min(8.99 / 12, 13.49 / 20)", "money": "$"}, 0.6745),
    ("Which is cheaper: a pack of 6 for £3 or a 12-pack for £5.50?",
     {"expression": "min(3 / 6, 5.50 / 12)", "money": "£"}, 5.5 / 12),
    ("Which is the best value: 16 oz for $3.99, 24 oz for $5.49 or 2 lb for $7.50?",
     {"expression": "min(3.99, 5.49 / 1.5, 7.50 / 2)"}, 5.49 / 1.5),  # (no cents: "lb" may weigh a sum)
    ("Which is cheaper per pound: 500 g for $3.49 or 2 lb for $6?",
     {"expression": "min(3.49 * 453.59237 / 500, 6 / 2)"}, 3),
    # the dearer, where that is asked
    ("Which is more expensive per kg: 500 g for $3.49 or 750 g for $4.99?",
     {"expression": "max(3.49 / 0.5, 4.99 / 0.75)"}, 6.98),
])  # fmt: skip
def test_offers_compared_per_unit_are_the_math_tools(question: str, args: dict[str, str], value: float,
                                                     tmp_path: Path) -> None:
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    assert _run(args, tmp_path).data["value"] == pytest.approx(value)


def test_the_least_per_can_is_the_20_packs(tmp_path: Path) -> None:
    args = math_asked("A 12-pack costs $8.99 and a 20-pack costs $13.49. Which is cheaper per can?")
    assert args is not None
    said = _run(args, tmp_path).text
    assert said.startswith("min(8.99 / 12, 13.49 / 20) = 1349/2000 (= 0.6745; $0.67 to the cent)")
    # which offer it is, in the question's order (the 1.5B, given both prices per can, named the 12-pack)
    assert said.endswith(": the least is the 2nd, 13.49 / 20 (where 8.99 / 12 = 899/1200 (≈ 0.749166666666667))")
    assert _run({"expression": "min(3, 4) + max(1, 2)"}, tmp_path).text == "min(3, 4) + max(1, 2) = 5"  # (no one call)


@pytest.mark.parametrize("question", [
    "Which is cheaper: 2 for $4 or 3 for $6?",  # as cheap as each other: no one least
    "Which is cheaper: 500 g for $3.49 or 1 L for $2?",  # a weight and a volume
    "Which is cheaper: 500 g for $3.49 or 750 g for €4.99?",  # two currencies
    "Which is cheaper per litre: 500 g for $3.49 or 750 g for $4.99?",  # a unit of another kind
    "A 12-pack costs $8.99 and a 20-pack costs $13.49 with a 10% coupon. Which is cheaper per can?",
    "A 12-pack costs $8.99 and a 20-pack costs $13.49. How much do I save?",  # nothing compared
    "Apples cost $2 per kg. Which is cheaper?",  # one offer
    "I paid $8.99 for a 12-pack. Which is cheaper per can?",
    "Which is cheaper: a 6-pack of 330 ml cans for $5 or a 2 L bottle for $2.79?",  # cans measured
    "Which is cheaper per can: a 12-pack for $8.99 or a 20-pack?",  # a price missing
    "Which is cheaper, Coke at $8.99 for 12 or Pepsi at $13.49 for 20?",
    "I buy 3 items at $4.99 and 2 at $12.50. Which costs more?",  # $4.99 each: the price of one
])
def test_less_plain_stays_the_models(question: str) -> None:
    assert unit_price_asked(question) is None
    assert math_asked(question) is None


@pytest.mark.parametrize(("question", "wrong", "right"), [
    ("A 12-pack costs $8.99 and a 20-pack costs $13.49. Which is cheaper per can?",
     "The 12-pack is cheaper at $0.75 per can.", "The 20-pack is cheaper at $0.67 per can."),
    ("Is 2 kg for €5 cheaper than 500 g for €1.40?", "No: 500 g for €1.40 is €2.80 a kilo.",
     "Yes: 2 kg for €5 is €2.50 a kilo, against €2.80."),
])
def test_the_answer_check_holds_the_model_to_the_least_price(question: str, wrong: str, right: str,
                                                             tmp_path: Path) -> None:
    assert math_fault(question, wrong, tmp_path) is not None
    assert math_fault(question, right, tmp_path) is None


def test_the_offer_named_least_is_said_by_its_place_in_words(tmp_path: Path) -> None:
    prices = ", ".join(f"{k + 2} / {k + 1}" for k in range(22))  # (the 22nd, 23/22, is the least)
    said = _run({"expression": f"min({prices})"}, tmp_path).text
    assert ": the least is the 22nd, 23 / 22 (where " in said  # (was "the 22th")
    said = _run({"expression": f"min({', '.join(f'{k + 2} / {k + 1}' for k in range(21))})"}, tmp_path).text
    assert ": the least is the 21st, 22 / 21 (where " in said


# --- one offer's price per unit --------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "args", "said"), [
    # the miss: the 1.5B said $0.54 a can
    ("A 24-pack of cans costs $11.99. What's the price per can?", {"expression": "11.99 / 24", "money": "$"},
     "11.99 / 24 = 1199/2400 (≈ 0.499583333333333; $0.50 to the cent)"),
    ("How much is each can in a 24-pack that costs $11.99?", {"expression": "11.99 / 24", "money": "$"},
     "11.99 / 24 = 1199/2400 (≈ 0.499583333333333; $0.50 to the cent)"),
    ("$11.99 for 24 cans: how much per can?", {"expression": "11.99 / 24", "money": "$"},
     "11.99 / 24 = 1199/2400 (≈ 0.499583333333333; $0.50 to the cent)"),
    ("A box of 12 eggs is $3.60. How much per egg?", {"expression": "3.60 / 12"}, "3.60 / 12 = 3/10 (= 0.3)"),
    ("What's the unit price of a 6-pack for $8.40?", {"expression": "8.40 / 6"}, "8.40 / 6 = 7/5 (= 1.4)"),
    ("A 6-pack costs £4.99. How much is each?", {"expression": "4.99 / 6", "money": "£"},
     "4.99 / 6 = 499/600 (≈ 0.831666666666667; £0.83 to the penny)"),
    # a weight or a volume in the unit the question names
    ("A 2 kg bag costs $5. How much per 100 g?", {"expression": "5 / 20"}, "5 / 20 = 1/4 (= 0.25)"),
    ("A 1.5 L bottle costs €2.19. What's the price per litre?", {"expression": "2.19 / 1.5"},
     "2.19 / 1.5 = 73/50 (= 1.46)"),
])  # fmt: skip
def test_one_offers_price_per_unit_is_the_math_tools(question: str, args: dict[str, str], said: str,
                                                      tmp_path: Path) -> None:
    assert unit_price_asked(question) == args["expression"]
    assert math_asked(question) == args
    assert exact_call(question, EXACT_TOOLS, NOW) == ("math", args)
    assert _run(args, tmp_path).text == said


@pytest.mark.parametrize("question", [
    "A 24-pack of cans costs $11.99. What's the price per bottle?",  # not what the pack holds
    "A 24-pack costs $11.99. How much per pack?",  # the pack's own price
    "A 24-pack of cans costs $11.99. How much is a 24-pack?",  # no unit asked
    "A 24-pack costs $11.99 with a $2 coupon. What's the price per can?",  # another number
    "A 24-pack of cans costs $11.99. What's the price per can including 8% tax?",
    "A 24-pack costs $11.99 and a 12-pack costs $6.99. What's the price per can?",  # two offers, none compared
    "A 24-pack costs $11.99. What's the price per 6 cans?",
    "A 24-pack costs $11.99. What's the price per litre?",  # a unit of another kind
    "What's the unit price of 500 g for $3.49?",  # a weight's unit unnamed: a kilogram's, or 100 g's?
    "A 2 kg bag costs $5. How much is each bag?",
    "Apples are $2 per kg. How much per kg?",  # nothing to work out
    "A 24-pack of cans costs $11.99. Is that a good price per can?",
])
def test_one_offer_less_plain_stays_the_models(question: str) -> None:
    assert unit_price_asked(question) is None
    assert exact_call(question, EXACT_TOOLS, NOW) is None


def test_the_answer_check_holds_the_model_to_the_price_per_can(tmp_path: Path) -> None:
    question = "A 24-pack of cans costs $11.99. What's the price per can?"
    assert math_fault(question, "Each can costs $0.54.", tmp_path) is not None
    assert math_fault(question, "Each can costs about $0.50.", tmp_path) is None


@pytest.mark.parametrize("question", [
    "A 24-pack of cans costs $11.99." + " " * 400 + "What's the price per can?",
    "each " * 55 + "can $1",
    "A 24-pack of cans costs $11.99. " * 160,
    "A 24-pack" + " " * 250 + "$11.99 per can per",
    "per " * 70 + "$1",
])
def test_long_messages_are_read_quickly(question: str) -> None:
    start = time.perf_counter()
    assert unit_price_asked(question) is None
    assert time.perf_counter() - start < 0.2


@pytest.mark.parametrize("question", [
    "A 24-pack of cans costs $11.99." + " " * 400 + "What's the price per can?",
    "A 24-pack of cans costs $11.99. " * 160,
])
def test_long_messages_are_routed_quickly(question: str) -> None:
    start = time.perf_counter()
    assert exact_call(question, EXACT_TOOLS, NOW) is None
    assert time.perf_counter() - start < 0.2
