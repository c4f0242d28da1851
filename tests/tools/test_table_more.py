"""The table tool's comparisons (`where` "age>30"), the rows they keep listed (`list`) or counted, a column multiplied
by another (`times`: revenue is price × qty); and the questions that go to them: a column's question with "of these
users" after it, a comparison ("Which users are older than 30?"), a superlative ("Who is the oldest?"), revenue
("Which product brought in the most revenue?"). The 1.5B's answers, before, are in each case's comment; questions
the tool cannot read exactly stay the model's."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.errors import ToolError
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.base import ToolContext
from llorch.tools.calls import ToolBox
from llorch.tools.table import TableTool, answer
from llorch.tools.tablecolumns import measured
from llorch.tools.tablereading import read_table
from llorch.tools.tablewhere import Compared, compared_tail
from support import table_routed

USERS = ('[{"name": "Ana", "age": 34}, {"name": "Ben", "age": 27}, {"name": "Cleo", "age": 41}, '
         '{"name": "Dev", "age": 30}]')
SALES = "product,price,qty\nwidget,4.50,120\ngadget,12.00,35\ngizmo,7.25,60\ndoohickey,2.10,300\n"
STAFF = "name,dept,age,salary\nAnn,Eng,31,90000\nBob,Eng,45,113000\nCara,Sales,28,61000\nEve,Sales,52,80000\n"
PEOPLE = "name,age,height,weight\nAna,34,170,61\nBen,27,182,80\nCleo,41,165,58\nDev,30,177,72\n"
SHOP = "product,price\ntea,4.50\ncheese,12.00\nwine,18.25\n"
SCORES = "name,score,orders\nAna,88,2\nBen,75,5\nCleo,92,4\nDev,64,1\n"
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)

_routed = table_routed  # (tests/support.py)


def _said(call: dict[str, Any], text: str) -> str:
    return answer(text, call["action"], call["column"], call.get("value"), call.get("also"), call.get("where"),
                  call.get("by"), times=call.get("times"), called=call.get("as"))[1]


# --- 1. a column's question with whose rows after it ----------------------------------------------------

@pytest.mark.parametrize("question", [
    # the 1.5B: 32.5 (it is 33)
    "What's the average age of these users?", "What's the average age of these people?",
    "What's the average age of the employees?", "What's the average age of all the rows?",
    "What's the average age of these records?", "What is the average age of the entries here?",
    "What's the average age in this list?", "What's the average age in this table?", "What's the average age here?",
    "What's the average age among these users?",
])
def test_a_column_question_with_whose_rows_after_it_is_the_columns(question: str) -> None:
    call = _routed(question, USERS)
    assert call == {"action": "mean", "column": "age"}
    assert _said(call, USERS) == "The average of age over 4 rows is 33 (total 132)."


def test_whose_rows_after_other_questions_too() -> None:
    assert _routed("What's the highest age of these users?", USERS) == {"action": "max", "column": "age"}
    assert _routed("What's the total price of these products?", SHOP) == {"action": "sum", "column": "price"}
    assert _routed("What's the average of the age column in this list?", USERS) == {"action": "mean",
                                                                                     "column": "age"}


# --- 2. comparisons: the tool ---------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "where", "said"), [
    ("list", "age>30", "Of 4 rows, 2 match (where age is above 30): Ana (age 34), Cleo (age 41)."),
    ("list", "age<30", "Of 4 rows, 1 matches (where age is below 30): Ben (age 27)."),
    ("list", "age>=30", "Of 4 rows, 3 match (where age is at least 30): Ana (age 34), Cleo (age 41), Dev (age 30)."),
    ("list", "age <= 30", "Of 4 rows, 2 match (where age is at most 30): Ben (age 27), Dev (age 30)."),
    ("list", "age>50", "Of 4 rows, none match (where age is above 50)."),
    ("count", "age>30", "Of 4 rows, 2 match (where age is above 30): Ana (age 34), Cleo (age 41)."),
])
def test_list_and_count_name_the_rows_a_comparison_keeps(action: str, where: str, said: str) -> None:
    data, text = answer(USERS, action, "name", where=where)
    assert text == said
    assert data["result"] == (data["matched"] if action == "count" else data["labels"])
    assert data["of"] == 4


def test_other_actions_compute_over_the_rows_a_comparison_keeps() -> None:
    assert answer(STAFF, "mean", "salary", where="age>40")[1] == (
        "The average of salary over the 2 rows where age is above 40 is 96,500 (total 193,000).")
    assert answer(STAFF, "sum", "salary", where="dept=Eng, age>=40")[1] == (
        "The total of salary over the 1 row where dept is Eng and age is at least 40 is 113,000.")
    assert answer(SHOP, "list", "product", where="price<$10")[1] == (
        "Of 3 rows, 1 matches (where price is below $10): tea (price 4.50).")
    assert answer(SHOP, "list", "price", where="price>10")[1] == (
        "Of 3 rows, 2 match (where price is above 10): cheese (price 12.00), wine (price 18.25).")
    assert answer(USERS, "list", "name")[1] == "The name of 4 rows: Ana, Ben, Cleo, Dev."
    data, _ = answer(STAFF, "count", "dept", by="dept", where="age>30")  # (by still counts each group's rows)
    assert data["result"] == {"Eng": 2, "Sales": 1}


@pytest.mark.parametrize(("where", "error"), [
    ("age>Ben", r"^table: a comparison is with a number \(age>30\); 'Ben' is none$"),
    ("height>170", r"^table: no column 'height' in this table; its columns are name, age$"),
    ("name>3", r"^table: column 'name' has no numbers to compare$"),
])
def test_a_comparison_that_is_no_number_is_a_one_line_error(where: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(USERS, "list", "name", where=where)


def test_a_comparison_that_keeps_no_row_is_said_for_a_number_and_listed_as_none() -> None:
    with pytest.raises(ToolError, match=r"^table: none of 4 rows matches \(where age is above 90\)$"):
        answer(USERS, "mean", "age", where="age>90")
    assert answer(USERS, "count", "name", where="age>90")[0]["result"] == 0
    with pytest.raises(ToolError, match="^table: by is for sum, mean, median, stdev, max, min and count$"):
        answer(USERS, "list", "name", by="age")


# --- 2. comparisons: the questions ----------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # the 1.5B: Ben and Dev (27 and 30), for Ana and Cleo
    ("List the names of the users older than 30.", USERS, {"action": "list", "column": "name", "where": "age>30"},
     "Of 4 rows, 2 match (where age is above 30): Ana (age 34), Cleo (age 41)."),
    ("Which users are older than 30?", USERS, {"action": "list", "column": "name", "where": "age>30"},
     "Of 4 rows, 2 match (where age is above 30): Ana (age 34), Cleo (age 41)."),
    ("Who is younger than 30?", USERS, {"action": "list", "column": "name", "where": "age<30"},
     "Of 4 rows, 1 matches (where age is below 30): Ben (age 27)."),
    ("How many users are older than 30?", USERS, {"action": "count", "column": "name", "where": "age>30"},
     "Of 4 rows, 2 match (where age is above 30): Ana (age 34), Cleo (age 41)."),
    ("Who is 30 or older?", USERS, {"action": "list", "column": "name", "where": "age>=30"},
     "Of 4 rows, 3 match (where age is at least 30): Ana (age 34), Cleo (age 41), Dev (age 30)."),
    ("Which users are at least 30 years old?", USERS, {"action": "list", "column": "name", "where": "age>=30"}, None),
    ("Which users are older than 30 in this list?", USERS, {"action": "list", "column": "name", "where": "age>30"},
     None),
    ("What's the average salary of people over 40?", STAFF, {"action": "mean", "column": "salary",
                                                             "where": "age>40"},
     "The average of salary over the 2 rows where age is above 40 is 96,500 (total 193,000)."),
    ("What's the total salary of employees under 40 in Eng?", STAFF,
     {"action": "sum", "column": "salary", "where": "dept=Eng, age<40"},
     "The total of salary over the 1 row where dept is Eng and age is below 40 is 90,000."),
    ("What's the total salary in Eng of employees under 40?", STAFF,
     {"action": "sum", "column": "salary", "where": "dept=Eng, age<40"}, None),
    ("Which months were over 50?", "Jan 78\nFeb 52\nMar 41\n", {"action": "list", "column": "month",
                                                                  "where": "value>50"},
     "Of 3 rows, 2 match (where value is above 50): Jan (value 78), Feb (value 52)."),  # (lines of a label, a number)
    ("Which products cost more than $10?", SHOP, {"action": "list", "column": "product", "where": "price>$10"},
     "Of 3 rows, 2 match (where price is above $10): cheese (price 12.00), wine (price 18.25)."),
    ("Which products are cheaper than $10?", SHOP, {"action": "list", "column": "product", "where": "price<$10"},
     "Of 3 rows, 1 matches (where price is below $10): tea (price 4.50)."),
    ("Which products are under $5?", SHOP, {"action": "list", "column": "product", "where": "price<$5"}, None),
    ("Who earns more than 100k?", STAFF, {"action": "list", "column": "name", "where": "salary>100000"},
     "Of 4 rows, 1 matches (where salary is above 100000): Bob (salary 113000)."),
    ("Who earns 80,000 or more?", STAFF, {"action": "list", "column": "name", "where": "salary>=80,000"}, None),
    ("Which customers have more than 3 orders?", SCORES, {"action": "list", "column": "name", "where": "orders>3"},
     "Of 4 rows, 2 match (where orders is above 3): Ben (orders 5), Cleo (orders 4)."),
    ("Who has 4 or more orders?", SCORES, {"action": "list", "column": "name", "where": "orders>=4"}, None),
    ("Whose score is above 80?", SCORES, {"action": "list", "column": "name", "where": "score>80"},
     "Of 4 rows, 2 match (where score is above 80): Ana (score 88), Cleo (score 92)."),
    ("List everyone with a score of 80 or more.", SCORES, {"action": "list", "column": "name", "where": "score>=80"},
     None),
    ("Who scored below 70?", SCORES, {"action": "list", "column": "name", "where": "score<70"},
     "Of 4 rows, 1 matches (where score is below 70): Dev (score 64)."),
    ("Who is taller than 175?", PEOPLE, {"action": "list", "column": "name", "where": "height>175"},
     "Of 4 rows, 2 match (where height is above 175): Ben (height 182), Dev (height 177)."),
    ("What's the average age of users older than 30?", USERS, {"action": "mean", "column": "age", "where": "age>30"},
     "The average of age over the 2 rows where age is above 30 is 37.5 (total 75)."),
    ("Who is the oldest among people under 40?", STAFF, {"action": "max", "column": "age", "where": "age<40"}, None),
])
def test_a_comparison_in_a_question_picks_its_rows(question: str, text: str, call: dict[str, Any],
                                                   said: str | None) -> None:
    assert _routed(question, text) == call
    if said is not None:
        assert _said(call, text) == said


@pytest.mark.parametrize(("question", "text"), [
    ("Who is older than Ben?", USERS),  # (no number: Ben's age is a row's)
    ("Which users are taller than 170?", USERS),  # no height column
    ("Which users are older than 30?", "name,age,age_months\nAna,34,408\nBen,27,324\n"),  # two ages
    ("Which products cost more than $10?", "product,price,cost\ntea,4.50,2\ncheese,12,7\n"),  # two prices
    ("How many are over 40?", STAFF),  # (over 40 of what: the age or the salary)
    ("What's the average salary under 30?", STAFF),  # (the salary under 30, or the people?)
    ("What's the average salary above 100000?", STAFF),
    ("What's the average salary of people over 40 apart from Eng?", STAFF),  # (no exclusion is read)
    ("What's the average salary of people not over 40?", STAFF),
    ("Which users are older than 30 or younger than 28?", USERS),
    ("Who is older than 30 but younger than 40?", USERS),
])
def test_comparisons_the_tool_cannot_read_exactly_stay_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


@pytest.mark.parametrize(("question", "rest", "compared"), [
    ("Which users are older than 30?", "Which users?", Compared("age", None, ">", "30", people=True)),
    ("Who is 30 or older?", "Who?", Compared("age", None, ">=", "30", people=True)),
    ("Which months were over 50?", "Which months?", Compared(None, None, ">", "50")),
    ("What's the average salary of people over 40?", "What's the average salary of people?",
     Compared(None, None, ">", "40", people=True)),
    ("Which products cost at most $10?", "Which products?", Compared("price", None, "<=", "$10", money=True)),
    ("Who has fewer than 3 orders?", "Who?", Compared(None, "orders", "<", "3", people=True)),
])
def test_a_comparison_is_read_off_the_end_of_a_question(question: str, rest: str, compared: Compared) -> None:
    assert compared_tail(question) == (rest, compared)


# --- 3. superlatives ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call", "named"), [
    ("Who is the oldest?", USERS, {"action": "max", "column": "age"}, "Cleo"),  # (the model, before: none of them)
    ("Who is the youngest?", USERS, {"action": "min", "column": "age"}, "Ben"),
    ("Who's the oldest person?", USERS, {"action": "max", "column": "age"}, "Cleo"),
    ("Who is the oldest of them all?", USERS, {"action": "max", "column": "age"}, "Cleo"),
    ("Which product is the most expensive?", SHOP, {"action": "max", "column": "price"}, "wine"),
    ("Which product is the most expensive?", "product,unit_price,total_price\ntea,4,8\ncheese,3,12\n",
     {"action": "max", "column": "unit_price"}, "tea"),  # (each one's price, not the row's total)
    ("What's the cheapest item?", SHOP, {"action": "min", "column": "price"}, "tea"),
    ("Which is the cheapest product?", SHOP, {"action": "min", "column": "price"}, "tea"),
    ("Who is the tallest?", PEOPLE, {"action": "max", "column": "height"}, "Ben"),
    ("Who is the shortest?", PEOPLE, {"action": "min", "column": "height"}, "Cleo"),
    ("Who is the heaviest?", PEOPLE, {"action": "max", "column": "weight"}, "Ben"),
    ("Who is the lightest?", PEOPLE, {"action": "min", "column": "weight"}, "Cleo"),
    ("Who scored highest?", SCORES, {"action": "max", "column": "score"}, "Cleo"),
    ("Who scored the lowest?", SCORES, {"action": "min", "column": "score"}, "Dev"),
    ("Which player scored the most?", SCORES, {"action": "max", "column": "score"}, "Cleo"),  # (which, of a row noun)
    ("Which team scored the least?", "name,points\nRed,41\nBlue,47\n", {"action": "min", "column": "points"}, "Red"),
    ("Who earns the most?", "name,salary,age\nAnn,100,30\nBob,110,40\n", {"action": "max", "column": "salary"}, "Bob"),
    ("Who is the oldest in Sales?", STAFF, {"action": "max", "column": "age", "where": "dept=Sales"}, "Eve"),
])
def test_a_superlative_is_the_largest_or_smallest_of_the_column_it_measures(question: str, text: str,
                                                                            call: dict[str, Any], named: str) -> None:
    assert _routed(question, text) == call
    data, said = answer(text, call["action"], call["column"], where=call.get("where"))
    assert data["labels"] == [named]
    assert f"name {named}," in said or f"product {named}," in said


def test_the_oldest_is_said_with_its_row() -> None:
    assert _said({"action": "max", "column": "age"}, USERS) == (
        "Of 4 rows, the largest age is 41 (the row: name Cleo, age 41).")


@pytest.mark.parametrize(("question", "text"), [
    ("Who is the oldest?", "name,born\nAna,1990-01-02\nBen,1985-03-04\n"),  # no age column (born: the earliest)
    ("Who is the oldest?", "name,age,age_months\nAna,34,408\nBen,27,324\n"),  # two
    ("What's the oldest date?", "name,date,age\nAna,2026-01-02,34\nBen,2025-03-04,27\n"),  # a date's, not an age's
    ("Who is the tallest?", USERS),
    ("Which product is the most expensive?", "product,price,cost\ntea,4,8\ncheese,12,12\n"),  # (two prices)
    ("Who scored highest?", "name,score,bonus_score\nAna,1,2\nBen,2,1\n"),
    ("Which month scored the most?", "team,points\nRed,41\nBlue,47\n"),  # (its rows are no months)
])
def test_a_superlative_of_no_one_column_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


REPS = "rep,sales\nKim,310\nLou,275\nMia,275\nNed,402\n"


@pytest.mark.parametrize(("question", "text", "call", "named"), [
    # the 1.5B named Mia alone: Lou and Mia tie at 275
    ("Who sold the least?", REPS, {"action": "min", "column": "sales"}, ["Lou", "Mia"]),
    ("Who sold the most?", REPS, {"action": "max", "column": "sales"}, ["Ned"]),
    ("Which rep sold the fewest?", REPS, {"action": "min", "column": "sales"}, ["Lou", "Mia"]),
    ("Who sells the most?", "store,revenue\nNorth,310\nSouth,512\n", {"action": "max", "column": "revenue"},
     ["South"]),
    ("Who sold the most?", "id,name,units_sold,price\n1,Ana,30,4.50\n2,Ben,45,2.00\n",
     {"action": "max", "column": "units_sold"}, ["Ben"]),  # (what was sold, not the price nor the id)
    ("Who worked the least?", "name,hours,rate\nAna,32,20\nBen,40,18\n", {"action": "min", "column": "hours"},
     ["Ana"]),
    ("Who spent the most?", "customer,spent\nAna,120.50\nBen,98\n", {"action": "max", "column": "spent"}, ["Ana"]),
])
def test_who_did_the_most_is_the_column_the_verb_counts(question: str, text: str, call: dict[str, Any],
                                                        named: list[str]) -> None:
    assert _routed(question, text) == call
    data, _ = answer(text, call["action"], call["column"])
    assert data["labels"] == named


@pytest.mark.parametrize(("question", "text"), [
    ("Which product sold the most?", "product,stock\nA,3\nB,5\n"),  # (stock is what is left, not what sold)
    ("Who sold the most?", "name,returns\nAna,3\nBen,5\n"),
    ("Who worked the least?", "name,rating\nAna,3\nBen,5\n"),
    ("Who ran the most?", "name,age\nAna,33\nBen,51\n"),
])
def test_who_did_the_most_of_a_column_that_counts_something_else_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


def test_a_tie_for_the_least_sold_is_said_with_both_rows() -> None:
    assert _said({"action": "min", "column": "sales"}, REPS) == (
        "Of 4 rows, the smallest sales is 275 (2 rows: rep Lou, sales 275; rep Mia, sales 275).")


@pytest.mark.parametrize(("question", "text"), [
    ("Who has the most?", REPS),  # the most what?
    ("Who got the least?", REPS),
    ("Who sold the most?", "rep,q1,q2\nKim,3,5\nLou,4,2\n"),  # two columns of numbers: which, or their sum?
    ("Which product sold the most?", "product,price\ntea,4.50\njam,3.20\n"),  # a price is not what sold
    ("Who ran the most?", "name,age\nAna,34\nBen,27\n"),
    ("Who sold the most?", "rep,region\nKim,East\nLou,West\n"),  # no numbers
    ("Which month sold the least?", REPS),  # (its rows are no months)
    ("Who sold the least in 2025?", REPS),  # no year to pick the rows by
    ("Why did Lou sell the least?", REPS),
])
def test_who_did_the_most_of_no_one_column_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


@pytest.mark.parametrize(("columns", "measure", "found"), [
    ("name,age", "age", "age"), ("name,Age (years)", "age", "Age (years)"), ("name,page_views", "age", None),
    ("name,avg_age", "age", None), ("item,unitPrice", "price", "unitPrice"),
    ("item,price_usd,qty", "price", "price_usd"),
    ("item,price,total_price", "price", "price"), ("name,height_cm", "height", "height_cm"),
])
def test_a_measures_column_is_named_by_a_word_of_it(columns: str, measure: str, found: str | None) -> None:
    table = read_table(columns + "\n" + ",".join(["x", *["1"] * (columns.count(","))]) + "\n"
                       + ",".join(["y", *["2"] * (columns.count(","))]) + "\n")
    assert table is not None and measured(table, measure) == found


# --- 4. revenue: a column times another -----------------------------------------------------------------

def test_times_multiplies_a_column_by_another_and_says_what_it_multiplied() -> None:
    data, said = answer(SALES, "max", "price", times="qty", called="revenue")
    assert said == ("Of 4 rows, the largest revenue (price × qty) is 630.00 (the row: product doohickey, price 2.10, "
                    "qty 300, revenue (price × qty) 630.00).")
    assert (data["result"], data["labels"], data["column"]) == (630.0, ["doohickey"], "revenue (price × qty)")
    assert answer(SALES, "sum", "price", times="qty")[1] == "The total of price × qty over 4 rows is 2,025."
    assert answer(SALES, "sort", "price", times="qty", descending=True)[0]["labels"] == [
        "doohickey", "widget", "gizmo", "gadget"]


@pytest.mark.parametrize(("times", "called", "error"), [
    ("price", None, r"^table: times names another column than price$"),
    ("cost", None, r"^table: no column 'cost' in this table; its columns are product, price, qty$"),
    (None, "revenue", r"^table: as names what times or per makes \(times=qty as=revenue, per=area as=density\)$"),
])
def test_what_times_cannot_do_is_a_one_line_error(times: str | None, called: str | None, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(SALES, "sum", "price", times=times, called=called)


@pytest.mark.parametrize(("question", "call", "said"), [
    # the 1.5B: gadget (the highest price; 420.00 of revenue), for doohickey (2.10 × 300 = 630.00)
    ("Which product brought in the most revenue?", {"action": "max", "column": "price", "times": "qty",
                                                    "as": "revenue"},
     "Of 4 rows, the largest revenue (price × qty) is 630.00 (the row: product doohickey, price 2.10, qty 300, "
     "revenue (price × qty) 630.00)."),
    ("Which product made the most money?", {"action": "max", "column": "price", "times": "qty", "as": "revenue"}, None),
    ("Which product brought in the least?", {"action": "min", "column": "price", "times": "qty", "as": "revenue"},
     "Of 4 rows, the smallest revenue (price × qty) is 420.00 (the row: product gadget, price 12.00, qty 35, "
     "revenue (price × qty) 420.00)."),
    ("What's the total revenue?", {"action": "sum", "column": "price", "times": "qty", "as": "revenue"},
     "The total of revenue (price × qty) over 4 rows is 2,025."),
    ("How much did we make?", {"action": "sum", "column": "price", "times": "qty", "as": "revenue"}, None),
    ("What is the revenue per product?", {"action": "sum", "column": "price", "times": "qty", "as": "revenue",
                                          "by": "product"},
     "Of 4 rows, the total of revenue (price × qty) for each product, in the table's order of first appearance: "
     "widget 540 (1 row); gadget 420 (1 row); gizmo 435 (1 row); doohickey 630 (1 row). The largest is doohickey "
     "(630); the smallest gadget (420)."),
    ("How much did we make from gizmos?", {"action": "sum", "column": "price", "times": "qty", "as": "revenue",
                                           "where": "product=gizmo"},
     "The total of revenue (price × qty) over the 1 row where product is gizmo is 435."),
    ("How much revenue did the widgets bring in?", {"action": "sum", "column": "price", "times": "qty",
                                                    "as": "revenue", "where": "product=widget"}, None),
    ("What's the total value of the inventory?", {"action": "sum", "column": "price", "times": "qty", "as": "value"},
     "The total of value (price × qty) over 4 rows is 2,025."),
    ("How much is the inventory worth?", {"action": "sum", "column": "price", "times": "qty", "as": "value"}, None),
])
def test_revenue_is_price_times_quantity(question: str, call: dict[str, Any], said: str | None) -> None:
    assert _routed(question, SALES) == call
    if said is not None:
        assert _said(call, SALES) == said


@pytest.mark.parametrize(("text", "call"), [
    ("product,revenue\nwidget,540\ngadget,420\n", {"action": "max", "column": "revenue"}),  # its own column
    ("product,price,qty,total\nwidget,4.5,120,540\ngadget,12,35,420\n", {"action": "max", "column": "total"}),
    ("employee,hourly_rate,hours\nAnn,20,40\nBob,25,10\n", {"action": "max", "column": "hourly_rate",
                                                            "times": "hours", "as": "revenue"}),
    ("item,unit_price,units_sold\npen,2,30\nink,5,4\n", {"action": "max", "column": "unit_price",
                                                         "times": "units_sold", "as": "revenue"}),
])
def test_a_tables_own_revenue_column_is_asked_and_other_prices_and_quantities_multiplied(
        text: str, call: dict[str, Any]) -> None:
    assert _routed("Which one brought in the most revenue?", text) == call


@pytest.mark.parametrize(("question", "text"), [
    ("Which product brought in the most revenue?", SALES + "widget,4.50,10\n"),  # (a product on two rows)
    ("Which product brought in the most revenue?", SHOP),  # no quantity
    ("Which product brought in the most revenue?", "product,cost,qty\npen,6,3\nink,5,1\n"),  # (a cost may be the row's)
    ("Which product brought in the most revenue?", "product,price,qty,units\npen,2,3,4\nink,5,1,1\n"),  # two
    ("What's the cost of the gizmo?", SALES),  # (its price, or its price × qty)
    ("Which product has the most?", SALES),  # (of what)
    ("What is the value?", SALES),
])
def test_revenue_of_no_one_price_and_quantity_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


@pytest.mark.parametrize("column", ["amount", "line_amount", "gross", "net", "Revenue ($)", "amount_usd"])
def test_a_tables_own_amount_gross_or_net_is_its_revenue(column: str) -> None:
    text = f"product,price,qty,{column}\nwidget,4.5,120,500\ngadget,12,35,400\n"  # (before: price × qty)
    assert _routed("Which product brought in the most revenue?", text) == {"action": "max", "column": column}
    assert _routed("What's the total revenue?", text) == {"action": "sum", "column": column}
    assert _said({"action": "sum", "column": column}, text) == f"The total of {column} over 2 rows is 900."


@pytest.mark.parametrize("column", ["discount", "refund", "qty_returned", "Discount (%)"])
@pytest.mark.parametrize("question", ["Which product brought in the most revenue?", "What's the total revenue?",
                                      "What's the total price?", "What's the total cost?", "How much did we make?"])
def test_price_times_quantity_beside_a_discount_stays_the_models(column: str, question: str) -> None:
    text = f"product,price,qty,{column}\nwidget,4.5,120,10\ngadget,12,35,0\n"  # (before: price × qty, without it)
    assert _routed(question, text) is None


COSTED = "product,price,cost,qty\nwidget,5,2,10\ngadget,4,1,16\n"


@pytest.mark.parametrize(("question", "where"), [
    ("What's the total cost?", None), ("How much did we spend?", None), ("How much did we pay in total?", None),
    ("How much did we spend on widgets?", "product=widget"),
])
def test_a_cost_beside_a_price_is_each_units_cost(question: str, where: str | None) -> None:
    call = _routed(question, COSTED)  # (before: price × qty, 114, said as the cost)
    assert call == {"action": "sum", "column": "cost", "times": "qty", "as": "cost",
                    **({"where": where} if where is not None else {})}
    assert _said(call, COSTED) == ("The total of cost (cost × qty) over 2 rows is 36." if where is None else
                                   "The total of cost (cost × qty) over the 1 row where product is widget is 20.")
    assert _routed("Which product brought in the most revenue?", COSTED) == {  # (revenue is still the price's)
        "action": "max", "column": "price", "times": "qty", "as": "revenue"}


def test_a_cost_that_is_each_rows_price_times_quantity_is_summed_as_it_is() -> None:
    text = "product,price,qty,cost\npen,2,3,6\nink,5,1,5\n"
    assert _routed("What's the total cost?", text) == {"action": "sum", "column": "cost"}
    assert _routed("How much did we spend?", text) == {"action": "sum", "column": "cost"}
    assert _routed("Which product brought in the most revenue?", text) == {"action": "max", "column": "price",
                                                                          "times": "qty", "as": "revenue"}


def test_the_tool_takes_times_and_as_as_arguments() -> None:
    result = TableTool().run({"action": "sum", "column": "price", "times": "qty", "as": "revenue", "text": SALES,
                              "where": "product=gizmo"}, ToolContext(now=NOW))
    assert result.text == "The total of revenue (price × qty) over the 1 row where product is gizmo is 435."
    listed = TableTool().run({"action": "list", "column": "name", "where": "age>30", "text": USERS},
                             ToolContext(now=NOW))
    assert listed.data["result"] == ["Ana", "Cleo"]


# --- long tables, and in a conversation ------------------------------------------------------------------

def test_a_five_thousand_row_table_is_read_and_answered_quickly() -> None:
    big = "name,age,salary\n" + "".join(f"p{i},{20 + i % 50},{30000 + i}\n" for i in range(5000))
    sold = "product,price,qty\n" + "".join(f"w{i},{i % 97}.25,{i % 13}\n" for i in range(5000))
    start = time.perf_counter()
    for question, text in (("Which users are older than 30?", big), ("What's the average age of these users?", big),
                           ("Who is the oldest?", big), ("Which product brought in the most revenue?", sold),
                           ("Who is older than " + "9" * 300 + "x?", big)):
        call = _routed(question, text)
        if call is not None:
            _said(call, text)
    assert time.perf_counter() - start < 10  # (a hang guard: about a second)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _conv(store: Store, backend: FakeBackend) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "count", "table"], "auto": "off"}}, "test",
                            name="general-like")
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: NOW))


@pytest.mark.parametrize(("asked", "text", "wrong", "right"), [
    ("What's the average age of these users?", USERS, "The average age is 32.5.", "The average age is 33."),
    ("How many users are older than 30?", USERS, "3 users are older than 30.", "2 users are older than 30."),
    ("Who is the oldest?", USERS, "Dev is the oldest.", "Cleo is the oldest, at 41."),
    ("Which product brought in the most revenue?", SALES, "The gadget brought in the most.",
     "The doohickey: 630.00."),
])
def test_in_a_conversation_the_tool_answers_and_a_wrong_answer_gets_a_note(store: Store, asked: str, text: str,
                                                                          wrong: str, right: str) -> None:
    for reply, noted in ((wrong, True), (right, False)):
        fb = FakeBackend([reply, reply], name="m")
        events = list(_conv(store, fb).send(f"{asked}\n\n{text}"))
        tools = [e for e in events if isinstance(e, ToolEvent)]
        assert [t.name for t in tools] == ["table"] and not tools[0].by_model
        notes = [e.text for e in events if isinstance(e, Notice)]
        assert bool(notes) == noted, (reply, notes)


# --- the largest less the smallest ---

MENU = "item,price\ntea,3.20\ncake,4.75\nsoup,6.10\nbread,2.95\n"


@pytest.mark.parametrize("question", [
    "What's the difference between the highest and lowest price?",  # (the 1.5B took 4.75 for the highest: $1.80)
    "Difference between the max and min price?",
    "What is the range of the price column?",
    "What is the range of prices?",
])
def test_the_difference_between_the_largest_and_smallest_is_the_range(question: str) -> None:
    call = {"action": "range", "column": "price"}
    assert table_routed(question, MENU) == call
    data, said = answer(MENU, "range", "price")
    assert said == "Of 4 rows, price runs from 2.95 (bread) to 6.10 (soup): the largest less the smallest is 3.15."
    assert data["result"] == 3.15


@pytest.mark.parametrize("question", [
    "What's the difference between the highest and lowest price in the cake row?",  # rows picked
    "What's the difference between the highest and lowest price and the average?",  # two asked
    "What is the gap between the largest and smallest item?",  # no numbers
    "What is the range of salary in Eng?",  # (a `where` no end reads for it)
    # a review's: each group's range, or an id's (a zip code's, a phone number's) range, is no range of all rows
    "What is the range of ages by dept?",
    "What is the range of ages in each dept?",
    "What is the difference between the highest and lowest age by dept?",
    "What is the range of IDs?",
])
def test_a_range_not_of_one_column_of_all_rows_is_the_models(question: str) -> None:
    assert table_routed(question, MENU) is None
    assert table_routed(question, STAFF) is None
    assert table_routed(question, "name,dept,id,age\nA,Eng,1001,30\nB,Ops,1050,45\nC,Eng,1020,28\n") is None


def test_a_ranges_answer_is_checked_for_the_difference_asked_not_a_range_said_by_its_ends() -> None:
    from llorch.chat.answercheck import expected, fault
    data, said = answer(MENU, "range", "price")
    asked = expected("table", data, "What's the difference between the highest and lowest price?")
    assert fault("It is 3.15.", asked, "table", said) is None
    assert fault("It is 1.80.", asked, "table", said) is not None  # (the 1.5B's)
    ranged = expected("table", data, "What is the range of prices?")  # (either the difference or its two ends)
    assert fault("The prices range from $2.95 to $6.10.", ranged, "table", said) is None
    df = "Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1  50G 20G 28G 42% /\n/dev/sdb1 200G 150G 40G 79% /data\n"
    data, said = answer(df, "range", "Size")
    assert (data["result"], data["unit"]) == (150.0, "G")  # (in df -h's units, as a total of sizes is)


def test_a_range_names_every_row_at_either_end_and_sizes_as_sizes() -> None:
    said = answer("item,price\ntea,3\ncake,5\nsoup,5\nbread,3\n", "range", "price")[1]
    assert said == "Of 4 rows, price runs from 3 (tea, bread) to 5 (cake, soup): the largest less the smallest is 2."
    df = ("Filesystem      Size  Used Avail Use% Mounted on\n/dev/sda1        50G   20G   28G  42% /\n"
          "/dev/sdb1       200G  150G   40G  79% /data\n")
    assert answer(df, "range", "Size")[1].startswith("Of 2 rows, size runs from 50G (/) to 200G (/data): the largest "
                                                     "less the smallest is 150G")
    with pytest.raises(ToolError, match="by is for"):
        answer(STAFF, "range", "salary", by="dept")
