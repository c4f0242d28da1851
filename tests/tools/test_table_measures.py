"""What a comparison's unit or verb measures ("Which patients are over 100 kg?": the weight, not the age; "Which
products sold over 100?": what was sold, not the price), the one table of measures the comparatives, superlatives,
verbs and units are read by, and long questions of spaces read quickly. Questions whose measure no column is stay
the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest

from llorch.tools.exact import exact_call
from llorch.tools.registry import BUILTIN_TOOLS
from llorch.tools.table import answer
from llorch.tools.tablecolumns import COMPARATIVES, MEASURE_UNITS, MEASURE_VERBS, MEASURES, SUPERLATIVES, label_column
from llorch.tools.tablequestions import table_asked
from llorch.tools.tablereading import read_table, row_label
from llorch.tools.tablewhere import Compared, compared_tail
from support import table_routed

PATIENTS = "name,age,weight\nAna,34,61\nBen,57,104\nCleo,41,118\nDev,30,72\n"
USERS = "name,age,height\nAna,34,170\nBen,27,182\nCleo,41,165\nDev,30,187\n"
PLAYERS = "name,age,score\nAna,34,18\nBen,27,25\nCleo,41,31\nDev,30,12\n"
SHOP = "product,price\ntea,4.50\ncheese,120.00\nwine,18.25\n"
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)


def _said(call: dict[str, Any], text: str) -> str:
    return answer(text, call["action"], call["column"], call.get("value"), call.get("also"), call.get("where"),
                  call.get("by"), times=call.get("times"), called=call.get("as"))[1]


# --- a bound's unit -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # (before: where age>100, age>180, age>20: anything said of people was their age)
    ("Which patients are over 100 kg?", PATIENTS, {"action": "list", "column": "name", "where": "weight>100"},
     "Of 4 rows, 2 match (where weight is above 100): Ben (weight 104), Cleo (weight 118)."),
    ("Which users are over 180 cm?", USERS, {"action": "list", "column": "name", "where": "height>180"},
     "Of 4 rows, 2 match (where height is above 180): Ben (height 182), Dev (height 187)."),
    ("What's the average score of players over 20 points?", PLAYERS,
     {"action": "mean", "column": "score", "where": "score>20"},
     "The average of score over the 2 rows where score is above 20 is 28 (total 56)."),
    ("Which patients are under 160 lbs?", PATIENTS, {"action": "list", "column": "name", "where": "weight<160"}, None),
    ("Who is heavier than 100 kg?", PATIENTS, {"action": "list", "column": "name", "where": "weight>100"}, None),
    ("Which users are over 30 years old?", USERS, {"action": "list", "column": "name", "where": "age>30"}, None),
    ("Which products are over 100 dollars?", SHOP, {"action": "list", "column": "product", "where": "price>100"},
     None),
    ("Which users are over 30?", USERS, {"action": "list", "column": "name", "where": "age>30"}, None),  # (no unit)
])
def test_a_bounds_unit_names_its_measure(question: str, text: str, call: dict[str, Any], said: str | None) -> None:
    assert table_routed(question, text) == call
    if said is not None:
        assert _said(call, text) == said


@pytest.mark.parametrize(("question", "text"), [
    ("Which patients are over 100 kg?", USERS),  # no weight column
    ("Which users are over 180 cm?", PATIENTS),  # no height column
    ("What's the average age of players over 20 points?", USERS),  # no score column
    ("Which users are over 50 percent?", PLAYERS),  # (a unit of no measure: not the age)
    ("Who is older than 30 kg?", PATIENTS),  # (a unit of another measure than the word's)
    ("Which users are older than 30 dollars?", USERS),
])
def test_a_unit_of_no_column_or_of_another_measure_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


# --- a verb before a bound ------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call"), [
    ("Which products sold over 100?", "product,price,sold\ntea,4.50,120\ncheese,12,30\n",
     {"action": "list", "column": "product", "where": "sold>100"}),
    ("Which products sold over 100?", "product,price,units_sold\ntea,4.50,120\ncheese,12,30\n",
     {"action": "list", "column": "product", "where": "units_sold>100"}),
    ("Which employees worked over 40?", "name,age,hours\nAnn,30,45\nBob,50,20\n",
     {"action": "list", "column": "name", "where": "hours>40"}),  # (before: age>40)
    ("Which customers ordered at least 3?", "name,age,orders\nAnn,30,4\nBob,50,2\n",
     {"action": "list", "column": "name", "where": "orders>=3"}),
    ("Which customers spent over $100?", "name,spent\nAnn,130\nBob,50\n",
     {"action": "list", "column": "name", "where": "spent>$100"}),
    ("Which users posted over 100?", "name,age,posts\nAnn,30,130\nBob,40,50\n",
     {"action": "list", "column": "name", "where": "posts>100"}),  # (before: age>100)
])
def test_a_verb_before_a_bound_names_its_column(question: str, text: str, call: dict[str, Any]) -> None:
    assert table_routed(question, text) == call


@pytest.mark.parametrize(("question", "text"), [
    ("Which products sold over 100?", SHOP),  # (before: price>100; the units sold are no column)
    ("Which products sold over 100?", "product,price,stock\ntea,4.50,120\ncheese,12,30\n"),
    ("Which employees logged over 40?", "name,age\nAnn,30\nBob,50\n"),  # (not their age)
    ("Which users posted over 100?", "name,age\nAnn,30\nBob,50\n"),
    ("Which users have over 30?", "name,age\nAnn,30\nBob,50\n"),
    ("Which customers spent over $100?", "name,age,total\nAnn,30,130\nBob,40,50\n"),
])
def test_a_verb_whose_measure_is_no_column_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


@pytest.mark.parametrize(("question", "rest", "compared"), [
    ("Which patients are over 100 kg?", "Which patients?", Compared("weight", None, ">", "100", people=True)),
    ("Which products sold over 100?", "Which products?", Compared("sold", None, ">", "100")),
    ("Which customers spent over $100?", "Which customers?", Compared(None, "spent", ">", "$100", money=True)),
    ("Which products are over 10 dollars?", "Which products?", Compared(None, None, ">", "10", money=True)),
])
def test_a_unit_or_a_verb_is_read_into_the_comparison(question: str, rest: str, compared: Compared) -> None:
    assert compared_tail(question) == (rest, compared)


# --- one table of measures ------------------------------------------------------------------------------

def test_comparatives_superlatives_verbs_and_units_are_read_from_one_table() -> None:
    assert COMPARATIVES["older"] == ("age", ">") and COMPARATIVES["less expensive"] == ("price", "<")
    assert SUPERLATIVES["oldest"] == ("age", "max") and SUPERLATIVES["cheapest"] == ("price", "min")
    assert MEASURE_VERBS["earns"] == "pay" and MEASURE_VERBS["sold"] == "sold"
    assert MEASURE_UNITS["kg"] == "weight" and MEASURE_UNITS["cm"] == "height" and MEASURE_UNITS["points"] == "score"
    named = {w for m in MEASURES.values() for w in (*m.more, *m.less, *m.most, *m.least, *m.verbs, *m.units)}
    assert len(named) == len(COMPARATIVES) + len(SUPERLATIVES) + len(MEASURE_VERBS) + len(MEASURE_UNITS)  # (no
    # word says two things)


@pytest.mark.parametrize(("text", "label", "first"), [
    ("id,name,score\n1,Ana,3\n2,Ben,4\n", "name", "Ana"),
    ("product,price\ntea,4.50\nink,2\n", "product", "tea"),
    ("dept,score\nEng,3\nOps,4\n", "dept", "Eng"),  # (no name-like column: the first of text)
])
def test_a_tables_label_column_and_its_rows_labels_agree(text: str, label: str, first: str) -> None:
    table = read_table(text)
    assert table is not None
    assert label_column(table) == label and row_label(table, table.rows[0]) == first


# --- long questions ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "What is the average age" + " " * 370 + "x?",  # (before: 2.4 s, tried at each space of the run)
    "What is the" + " " * 380 + "age?",
    "How many" + " " * 385 + "?",
    "Which users are older than 30" + " \t" * 180 + "?",
    "What is the total weight" + " ," * 183 + " by name?",
    "What is the average age" + ", " * 183 + "of users?",
    "Sort by age" + " " * 380 + "x?",
    "Which patients are over" + " " * 365 + "100 kg?",
])
def test_a_long_question_of_spaces_and_commas_is_routed_or_declined_quickly(question: str) -> None:
    assert len(question) <= 400  # (the longest question read)
    start = time.perf_counter()
    exact_call(question + "\n\n" + PATIENTS, tuple(BUILTIN_TOOLS), NOW)
    assert time.perf_counter() - start < 0.5  # (about 5 ms; a run of spaces read many ways took seconds)


def test_a_polite_lead_before_a_run_of_spaces_is_read_quickly_too() -> None:
    start = time.perf_counter()  # (asking.LEAD reads "please" and spaces many ways: the table reads one space)
    assert table_asked("Please" + " " * 370 + "what is the average age?\n\n" + PATIENTS) == {
        "action": "mean", "column": "age", "text": PATIENTS.strip()}
    assert time.perf_counter() - start < 0.5
