"""A question that asks a table's numbers in another unit than the one they are written in is a conversion, not the
table tool's sum (tableunits.py): "What is the total in pounds?" of "5 kg" lines was answered 12 (it is 26.5 lb)."""

from __future__ import annotations

import pytest

from llorch.tools.tableunits import converted
from support import table_routed


@pytest.mark.parametrize(("question", "text"), [
    ("What is the total in pounds?", "5 kg\n7 kg"),
    ("What is the total of these in dollars?", "5 EUR\n7 EUR"),
    ("What is the total of these durations in minutes?", "1.5 hours\n2 hours"),
    ("What is the total in dollars?", "50 cents\n70 cents"),
    ("What's the total in euros?", "item,price\ntea,$3\ncake,$4"),
    ("What is the total size in MB?", "file,size\na,1.5 GB\nb,200 MB"),
    # a review's: a unit in a column's name, or in the question itself
    ("What is the total weight in pounds?", "name,weight_kg\na,5\nb,7"),
    ("What is the total weight in pounds?", "name,weight (kg)\na,5\nb,7"),
    ("What is the total minutes in hours?", "task,minutes\na,30\nb,45"),
])
def test_numbers_written_in_another_unit_are_no_sum(question: str, text: str) -> None:
    assert converted(question, text)
    assert table_routed(question, text) is None


@pytest.mark.parametrize(("question", "text"), [
    ("What is the total?", "5 kg\n7 kg"),  # (no unit asked)
    ("What is the total in kg?", "5 kg\n7 kg"),
    ("What is the total in kilograms?", "5 kg\n7 kilos"),
    ("What is the total in USD?", "item,price\ntea,$3\ncake,$4"),
    ("What is the total price in USD?", "item,price\ntea,3\ncake,4"),  # (bare numbers: taken to be in it)
    ("What is the total in pounds?", "item,price\ntea,£3\ncake,£4"),
    ("How much did I spend on groceries in November?", "2026-11-03 groceries 54.20\n2026-11-05 fuel 61.00"),
    ("What is the total in minutes?", "run 30 min\nswim 45 minutes"),
    ("What is the total sales in dollars?", "day,sales\nMon,5\nTue,7"),  # (a column called day holds labels)
    ("What is the total salary in HR?", "name,dept,salary\nA,HR,$5\nB,HR,$7"),  # (a department, not hours)
])
def test_numbers_in_the_unit_asked_or_none_are_not_converted(question: str, text: str) -> None:
    assert not converted(question, text)


def test_a_sum_of_the_unit_asked_still_routes() -> None:
    assert table_routed("What is the total price in USD?", "item,price\ntea,3\ncake,4") == {"action": "sum",
                                                                                            "column": "price"}
