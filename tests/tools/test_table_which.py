"""A table's most or least asked by the rows it names ("In which month were sales lowest?", "On which day were visits
highest?"): the table tool's min or max of the column named, every tied row said. The 1.5B's answers, before, are in
the comments; a question whose rows or column are no table's stays the model's."""

from __future__ import annotations

import time
from typing import Any

import pytest

from llorch.tools.table import answer
from support import table_routed

SALES = "month,sales\nMay,880\nJun,610\nJul,945\nAug,610\n"
VISITS = "day,visits\nMon,120\nTue,340\nWed,95\nThu,340\n"
BOOKS = "month,revenue,cost\nJan,500,320\nFeb,700,150\nMar,640,410\n"


@pytest.mark.parametrize(("question", "text", "call", "named"), [
    # the 1.5B answered from the table without the tie (Jun and Aug both sold 610)
    ("In which month were sales lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("Which month had the lowest sales?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("In which month were sales highest?", SALES, {"action": "max", "column": "sales"}, ["Jul"]),
    ("On which day were visits highest?", VISITS, {"action": "max", "column": "visits"}, ["Tue", "Thu"]),
    ("Which day were sales the lowest?", "day,sales\nMon,5\nTue,3\nWed,9\n", {"action": "min", "column": "sales"},
     ["Tue"]),
    ("In which month were the sales lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("In which month were sale lowest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("What month were sales highest?", SALES, {"action": "max", "column": "sales"}, ["Jul"]),
    ("Which months were sales the smallest?", SALES, {"action": "min", "column": "sales"}, ["Jun", "Aug"]),
    ("During which month was revenue highest?", BOOKS, {"action": "max", "column": "revenue"}, ["Feb"]),
    ("In which month were costs lowest?", BOOKS, {"action": "min", "column": "cost"}, ["Feb"]),
    ("For which month was the cost the greatest?", BOOKS, {"action": "max", "column": "cost"}, ["Mar"]),
    ("On which day were the visits fewest?", VISITS, {"action": "min", "column": "visits"}, ["Wed"]),
])
def test_which_row_had_a_columns_most_or_least(question: str, text: str, call: dict[str, Any],
                                              named: list[str]) -> None:
    assert table_routed(question, text) == call
    data, _ = answer(text, call["action"], call["column"])
    assert data["labels"] == named


def test_a_tie_for_the_lowest_month_is_said_with_both_rows() -> None:
    said = answer(SALES, "min", "sales")[1]
    assert "Jun" in said and "Aug" in said and "610" in said


@pytest.mark.parametrize(("question", "text"), [
    ("In which month did we launch?", SALES),
    ("In which month were profits highest?", SALES),  # no profits column
    ("In which region were sales highest?", SALES),  # its rows are no regions
    ("Which day were sales the lowest?", VISITS),  # no sales column (its one column is visits)
    ("Which day were visits the lowest?", "date,visits\n2026-01-01,1\n2026-01-02,2\n"),  # no day column
    ("In which month were sales and costs lowest?", "month,sales,cost\nJan,5,3\nFeb,7,1\n"),  # two things asked
    ("In which month were the lowest?", SALES),  # the lowest what?
    ("In which month were sales lowest in 2025?", SALES),  # no year to pick the rows by
    ("In which month were sales not lowest?", SALES),
    ("Why were sales lowest in June?", SALES),
    ("In which month were sales high?", SALES),  # no most nor least
])
def test_a_which_row_question_of_no_rows_or_column_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


@pytest.mark.parametrize("question", [
    "In which " + "month " * 800 + "were sales lowest?",
    "On which day were" + " " * 4900 + "visits highest?",
    "In which month were " + "sales " * 800 + "x?",
    "Which day were sales the" + " the" * 1200 + "?",
    "In " * 1600 + "which month were sales lowest?",
    "In which month were sales" + "-" * 4900 + " lowest?",
])
def test_a_long_which_row_question_is_read_fast(question: str) -> None:
    started = time.perf_counter()
    table_routed(question, SALES)
    assert time.perf_counter() - started < 0.2


@pytest.mark.parametrize("question", [
    "In which " + "month " * 800 + "were sales lowest?",
    "On which day were" + " " * 4900 + "visits highest?",
    "Which " + "a" * 4990 + " were x",
    "In which month were " + "x" * 4900 + " lowest!",
    "which a " + "a " * 2500 + "x",
])
def test_the_which_row_pattern_is_linear_past_the_questions_length(question: str) -> None:
    from llorch.tools.tablewho import WHO_ASKED  # (a question past 400 characters is not read: the pattern itself)

    started = time.perf_counter()
    for _, pattern in WHO_ASKED:
        pattern.match(question)
    assert time.perf_counter() - started < 0.2
