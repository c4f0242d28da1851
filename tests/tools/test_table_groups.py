"""The table tool over some rows (`where`) and for each value of a column (`by`), a row named by who has the most,
and lines of a label and a number; the questions that go to them, and those that must stay the model's (the 1.5B's
answers, before, are in each case's comment)."""

from __future__ import annotations

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
from llorch.tools.exact import exact_call, read_whole
from llorch.tools.registry import BUILTIN_TOOLS
from llorch.tools.table import TableTool, answer
from llorch.tools.tablequestions import table_asked
from llorch.tools.tablereading import read_table
from support import table_routed

STAFF = "name,dept,salary\nAlice,Eng,98000\nBob,Sales,61000\nCara,Eng,105000\nDan,Ops,72000\nEve,Sales,58000\n"
WEEK = "Mon 14.2\nTue 16.8\nWed 11.5\nThu 19.1\nFri 17.4\nSat 21.0\nSun 15.3\n"
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
EVERY = tuple(BUILTIN_TOOLS)


_routed = table_routed  # (tests/support.py)


def _said(call: dict[str, Any], text: str) -> str:
    return answer(text, call["action"], call["column"], call.get("value"), call.get("also"), call.get("where"),
                  call.get("by"))[1]


# --- where: some rows only ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "column", "where", "said"), [
    ("mean", "salary", "dept=Eng", "The average of salary over the 2 rows where dept is Eng is 101,500 (total 203,000)."),
    ("sum", "salary", "dept=eng", "The total of salary over the 2 rows where dept is Eng is 203,000."),
    ("sum", "salary", "Sales", "The total of salary over the 2 rows where dept is Sales is 119,000."),  # (a cell alone)
    ("mean", "salary", "dept = Ops", "The average of salary over the 1 row where dept is Ops is 72,000 (total 72,000)."),
    ("max", "salary", "dept=Sales", "Of the 2 rows where dept is Sales, the largest salary is 61000 (the row: name Bob, "
                                    "dept Sales, salary 61000)."),
    ("min", "salary", "dept=Eng", "Of the 2 rows where dept is Eng, the smallest salary is 98000 (the row: name Alice, "
                                  "dept Eng, salary 98000)."),
    ("most", "dept", "salary=61000", "The most common dept is Sales: 1 of the 1 row where salary is 61000."),
])
def test_where_computes_over_the_rows_it_keeps_and_says_so(action: str, column: str, where: str, said: str) -> None:
    data, text = answer(STAFF, action, column, where=where)
    assert text == said
    assert f" where {data['where']}" in text  # (the cell as the table writes it: "dept=eng" is Eng)


def test_where_counts_a_value_among_the_rows_it_keeps() -> None:
    data, said = answer(STAFF, "count", "name", "Cara", where="dept=Eng")
    assert (data["result"], said) == (1, "1 of the 2 rows where dept is Eng have name Cara: Cara.")
    assert data["where"] == "dept is Eng"


@pytest.mark.parametrize(("where", "error"), [
    ("dept=Marketing", r"^table: no row has dept 'Marketing'; the values of dept are Eng, Sales, Ops$"),
    ("team=Eng", r"^table: no column 'team' in this table; its columns are name, dept, salary$"),
    ("Paris", r"^table: 'Paris' is a value of no column; say which, as column=value$"),
    ("dept=", r"^table: where is column=value \(dept=Eng\); 'dept=' gives no value$"),
])
def test_a_where_no_row_meets_is_a_one_line_error_naming_the_columns_values(where: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(STAFF, "mean", "salary", where=where)


def test_a_value_of_two_columns_alone_must_name_its_column() -> None:
    text = "home,away,goals\nLeeds,York,3\nYork,Hull,1\n"
    with pytest.raises(ToolError, match="'York' is a value of home and of away; say which, as column=value"):
        answer(text, "sum", "goals", where="York")
    assert answer(text, "sum", "goals", where="away=York")[0]["result"] == 3


# --- by: for each value of a column ------------------------------------------------------------------------

@pytest.mark.parametrize(("action", "value", "said"), [
    # the 1.5B, asked the total salary per department, was given the grand total 394,000 and said it
    ("sum", None, "Of 5 rows, the total of salary for each dept, in the table's order of first appearance: "
                  "Eng 203,000 (2 rows); Sales 119,000 (2 rows); Ops 72,000 (1 row). The largest is Eng (203,000); "
                  "the smallest Ops (72,000)."),
    ("mean", None, "Of 5 rows, the average of salary for each dept, in the table's order of first appearance: "
                   "Eng 101,500 (2 rows); Sales 59,500 (2 rows); Ops 72,000 (1 row). The largest is Eng (101,500); "
                   "the smallest Sales (59,500)."),
    ("max", None, "Of 5 rows, the largest salary for each dept, in the table's order of first appearance: "
                  "Eng 105000 (Cara; of 2 rows); Sales 61000 (Bob; of 2 rows); Ops 72000 (Dan; of 1 row)."),
    ("min", None, "Of 5 rows, the smallest salary for each dept, in the table's order of first appearance: "
                  "Eng 98000 (Alice; of 2 rows); Sales 58000 (Eve; of 2 rows); Ops 72000 (Dan; of 1 row)."),
])
def test_by_answers_for_each_group_in_the_order_the_table_first_has_it(action: str, value: str | None,
                                                                       said: str) -> None:
    data, text = answer(STAFF, action, "salary", value, by="dept")
    assert text == said
    assert [g["group"] for g in data["groups"]] == ["Eng", "Sales", "Ops"] and data["group_count"] == 3
    assert [g["rows"] for g in data["groups"]] == [2, 2, 1]


def test_by_counts_each_groups_rows_and_keeps_where() -> None:
    data, said = answer(STAFF, "count", "dept", by="dept")
    assert said == "Of 5 rows, the number of rows for each dept, in the table's order of first appearance: Eng 2; " \
                   "Sales 2; Ops 1. The largest is Eng and Sales (2 each); the smallest Ops (1)."
    assert data["result"] == {"Eng": 2, "Sales": 2, "Ops": 1}
    assert answer(STAFF, "sum", "salary", where="salary=61000", by="dept")[1] == (
        "Of the 1 row where salary is 61000, the total of salary for each dept, in the table's order of first "
        "appearance: Sales 61,000 (1 row).")
    many = "k,v\n" + "".join(f"g{i},{i}\n" for i in range(30))
    said = answer(many, "sum", "v", by="k")[1]  # (the largest and smallest of all the groups, shown or not)
    assert said.endswith("g19 19 (1 row); and 10 more groups. The largest is g29 (29); the smallest g0 (0).")


@pytest.mark.parametrize(("text", "action", "column", "by", "where", "error"), [
    (STAFF, "most", "name", "dept", None, "by is for sum, mean, median, stdev, max, min and count"),
    (STAFF, "sum", "salary", "salary", None, "salary is the column computed over; by names another"),
    (STAFF, "sum", "salary", "team", None, "no column 'team' in this table"),
    ("GET /a 120ms\nGET /b 80ms\n", "mean", "response time", "x", None, "where and by choose a table's rows; a log's"),
    ("GET /a 120ms\nGET /b 80ms\n", "mean", "response time", None, "x=1", "where and by choose a table's rows"),
])
def test_what_by_cannot_do_is_a_one_line_error(text: str, action: str, column: str, by: str | None, where: str | None,
                                              error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(text, action, column, where=where, by=by)


def test_the_tool_takes_where_and_by_as_arguments() -> None:
    tool, ctx = TableTool(), ToolContext(now=lambda: NOW)
    assert {"where", "by"} <= set(tool.parameters["properties"])
    result = tool.run({"action": "mean", "column": "salary", "where": "dept=Eng", "text": STAFF}, ctx)
    assert result.text == "The average of salary over the 2 rows where dept is Eng is 101,500 (total 203,000)."
    result = tool.run({"action": "sum", "column": "salary", "by": "dept", "text": STAFF}, ctx)
    assert "Eng 203,000 (2 rows); Sales 119,000 (2 rows); Ops 72,000 (1 row)" in result.text


# --- the questions that go to them -------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "call", "said"), [
    # the router averaged every row and the 1.5B said "The average salary in Eng is 78,800"
    ("What's the average salary in Eng?", {"action": "mean", "column": "salary", "where": "dept=Eng"},
     "The average of salary over the 2 rows where dept is Eng is 101,500 (total 203,000)."),
    ("What is the average salary in eng?", {"action": "mean", "column": "salary", "where": "dept=Eng"}, None),
    ("What's the total salary for Sales?", {"action": "sum", "column": "salary", "where": "dept=Sales"},
     "The total of salary over the 2 rows where dept is Sales is 119,000."),
    ("What's the average salary in the Sales team?", {"action": "mean", "column": "salary", "where": "dept=Sales"}, None),
    ("What's the average salary in the Sales department?", {"action": "mean", "column": "salary",
                                                            "where": "dept=Sales"}, None),
    ("What's the average salary where dept is Eng?", {"action": "mean", "column": "salary", "where": "dept=Eng"}, None),
    # a value and what it is after "of" (the 1.5B summed ops' two rows and Eng's 110: 262 for 152)
    ("What is the total salary of the Ops department?", {"action": "sum", "column": "salary", "where": "dept=Ops"},
     None),
    ("What is the average salary of the eng dept?", {"action": "mean", "column": "salary", "where": "dept=Eng"}, None),
    ("Who earns the most of the Sales team?", {"action": "max", "column": "salary", "where": "dept=Sales"}, None),
    ("What are the average salaries of the Sales team?", {"action": "mean", "column": "salary", "where": "dept=Sales"},
     None),
    ("What's the average in Ops?", {"action": "mean", "column": "salary", "where": "dept=Ops"}, None),
    ("What's the highest salary in Sales?", {"action": "max", "column": "salary", "where": "dept=Sales"}, None),
    # the grand total, 394,000, for the total per department
    ("What's the total salary per department?", {"action": "sum", "column": "salary", "by": "dept"},
     "Of 5 rows, the total of salary for each dept, in the table's order of first appearance: Eng 203,000 (2 rows); "
     "Sales 119,000 (2 rows); Ops 72,000 (1 row). The largest is Eng (203,000); the smallest Ops (72,000)."),
    ("What's the total salary by dept?", {"action": "sum", "column": "salary", "by": "dept"}, None),
    ("What is the total salary for each department?", {"action": "sum", "column": "salary", "by": "dept"}, None),
    ("What is each department's total salary?", {"action": "sum", "column": "salary", "by": "dept"}, None),
    ("What's the total salary, broken down by department?", {"action": "sum", "column": "salary", "by": "dept"}, None),
    ("What's the average salary per department?", {"action": "mean", "column": "salary", "by": "dept"}, None),
    ("How many employees are in each department?", {"action": "count", "column": "dept", "by": "dept"},
     "Of 5 rows, the number of rows for each dept, in the table's order of first appearance: Eng 2; Sales 2; Ops 1. "
     "The largest is Eng and Sales (2 each); the smallest Ops (1)."),
    ("How many people per dept?", {"action": "count", "column": "dept", "by": "dept"}, None),
    # the 1.5B said Dan
    ("Who earns the most?", {"action": "max", "column": "salary"},
     "Of 5 rows, the largest salary is 105000 (the row: name Cara, dept Eng, salary 105000)."),
    ("Who earns the least?", {"action": "min", "column": "salary"}, None),
    ("Who is paid the most?", {"action": "max", "column": "salary"}, None),
    ("Who gets paid the least?", {"action": "min", "column": "salary"}, None),
    ("Who has the highest salary?", {"action": "max", "column": "salary"}, None),
    ("Who makes the most money?", {"action": "max", "column": "salary"}, None),
    ("Who is the highest paid?", {"action": "max", "column": "salary"}, None),
    ("Who is the lowest-paid employee?", {"action": "min", "column": "salary"}, None),
    ("Who earns the most in Sales?", {"action": "max", "column": "salary", "where": "dept=Sales"},
     "Of the 2 rows where dept is Sales, the largest salary is 61000 (the row: name Bob, dept Sales, salary 61000)."),
    ("Who earns the most in each department?", {"action": "max", "column": "salary", "by": "dept"}, None),
])
def test_a_question_over_some_rows_or_each_group_is_recognised(question: str, call: dict[str, Any],
                                                               said: str | None) -> None:
    assert _routed(question, STAFF) == call
    assert table_asked(f"{question}: {STAFF}") is not None  # (after a colon too)
    if said is not None:
        assert _said(call, STAFF) == said


@pytest.mark.parametrize(("question", "text"), [
    ("What is the total salary of the Marketing department?", STAFF),  # (no such cell: not every row's)
    ("What is the population of the largest city?", "city,region,population\nLyon,south,500\nLille,north,230\n"),
    ("What is the total salary of the two departments?", STAFF),
    ("What's the total salary of the Alice team?", STAFF),  # (a name is no team: a review's, it said Alice's own)
])
def test_an_of_end_that_is_no_cell_picks_no_rows(question: str, text: str) -> None:
    assert _routed(question, text) is None


TOTALLED = "region,sales\nnorth,120\nsouth,340\nnorth,210\neast,95\nnorth,45\n"


@pytest.mark.parametrize(("question", "text", "call"), [
    # the 1.5B, told the largest row (south's 340), named south; north's rows come to 375
    ("Which region has the highest total sales?", TOTALLED, {"action": "sum", "column": "sales", "by": "region",
                                                              "rank": "largest"}),
    ("Which region had the lowest total sales?", TOTALLED, {"action": "sum", "column": "sales", "by": "region",
                                                            "rank": "smallest"}),
    ("Which region had the most sales overall?", TOTALLED, {"action": "sum", "column": "sales", "by": "region",
                                                            "rank": "largest"}),
    ("Which region has the highest sales in total?", TOTALLED, {"action": "sum", "column": "sales", "by": "region",
                                                                "rank": "largest"}),
    ("Who has the highest total salary?", "name,salary\nAnn,50\nBob,70\nAnn,40\n",
     {"action": "sum", "column": "salary", "by": "name", "rank": "largest"}),
    # a row's largest or a group's total: either may be asked
    ("Which region has the highest sales?", TOTALLED, None),
    ("Which dept has the highest salary?", STAFF, None),
    ("Who earns the most?", "name,salary\nAnn,50\nBob,70\nAnn,40\n", None),
    # every row its own name, or the value itself asked: the largest row, as before
    ("Which region has the highest sales?", "region,sales\nnorth,120\nsouth,340\neast,95\n",
     {"action": "max", "column": "sales"}),
    ("Who earns the most?", STAFF, {"action": "max", "column": "salary"}),
    ("What is the highest sales?", TOTALLED, {"action": "max", "column": "sales"}),
    # a review's: a who of a table whose people column is no name it knows ("rep") is no date's total; a total of a
    # price, a level, is nothing (price × qty's); names one only by case, or a row without one, are one or two
    ("Who has the highest total sales?", "date,rep,sales\n2026-01-01,Ann,100\n2026-01-01,Bob,300\n2026-01-02,Ann,250\n",
     None),
    ("Who scored the most points in total?", "player,game,points\nAnn,1,10\nBob,1,14\nAnn,2,9\n",
     {"action": "sum", "column": "points", "by": "player", "rank": "largest"}),
    ("Which product has the highest total price?", "product,price,qty\nwidget,2.5,100\ngadget,10,3\nwidget,3,50\n",
     None),
    ("Which region has the highest total sales?", "region,sales\nNorth,200\nsouth,340\nnorth,210\neast,95\n", None),
    ("Which region has the highest total sales?", "region,sales\nnorth,200\n,340\n,210\neast,95\n", None),
])
def test_a_largest_row_is_no_groups_largest_total(question: str, text: str, call: dict[str, Any] | None) -> None:
    """Where two rows name one thing, the largest row's name is no answer to which has the most: each one's total
    where the question says total, else the model's."""
    assert _routed(question, text) == call


TEAMS = "team,points\nred,12\nblue,30\nred,25\ngreen,18\nblue,4\ngreen,20\n"  # red 37, blue 34, green 38


@pytest.mark.parametrize(("rank", "first", "named", "other"), [
    # told "The largest is green (38); the smallest blue (34)" after every team's, the 1.5B named green as the lowest
    ("smallest", "The smallest total is blue (34); the largest green (38). Of 6 rows", "blue", "green"),
    ("largest", "The largest total is green (38); the smallest blue (34). Of 6 rows", "green", "blue"),
])
def test_the_group_asked_for_is_said_first_and_checked(rank: str, first: str, named: str, other: str) -> None:
    from llorch.chat.answercheck import expected, fault
    data, said = answer(TEAMS, "sum", "points", by="team", rank=rank)
    assert said.startswith(first)
    want = expected("table", data, f"Which team has the {rank} total points?")
    assert fault(f"The team is {named}.", want, "table", said) is None
    assert fault(f"The team is {other}.", want, "table", said) is not None
    with pytest.raises(ToolError, match="rank is for by"):
        answer(TEAMS, "sum", "points", rank=rank)


def test_each_groups_answer_names_its_largest_and_smallest() -> None:
    said = _said({"action": "sum", "column": "sales", "by": "region"}, TOTALLED)
    assert said.endswith("north 375 (3 rows); south 340 (1 row); east 95 (1 row). The largest is north (375); the "
                         "smallest east (95).")
    level = _said({"action": "sum", "column": "sales", "by": "region"}, "region,sales\nnorth,5\nsouth,2\nsouth,3\n")
    assert level.endswith("Every region has the same.")
    one = _said({"action": "sum", "column": "sales", "by": "region"}, "region,sales\nnorth,5\nnorth,2\n")
    assert one.endswith("north 7 (2 rows).")


def test_other_tables_words_pick_their_rows_and_groups() -> None:
    sales = "date,customer,amount,region\n2026-11-02,Acme,120.50,North\n2026-11-03,Globex,89.99,South\n" \
            "2026-11-05,Initech,310.00,North\n2026-11-09,Acme,45.25,North\n"
    assert _routed("What's the total amount from Acme?", sales) == {"action": "sum", "column": "amount",
                                                                    "where": "customer=Acme"}
    assert _routed("What's the most common customer in the North?", sales) == {"action": "most", "column": "customer",
                                                                               "where": "region=North"}
    assert _routed("What's the average amount by region?", sales) == {"action": "mean", "column": "amount",
                                                                      "by": "region"}
    qty = "item,qty\nbolt,12\nnut,30\nbolt,5\n"  # ("quantity" for qty)
    assert _routed("What's the total quantity per item?", qty) == {"action": "sum", "column": "qty", "by": "item"}
    yearly = "year,revenue\n2025,10\n2026,12\n2026,3\n"  # (a year is a group, not an amount)
    assert _routed("What's the total revenue per year?", yearly) == {"action": "sum", "column": "revenue", "by": "year"}
    assert _routed("What's the total revenue in 2026?", yearly) == {"action": "sum", "column": "revenue",
                                                                    "where": "year=2026"}


def test_a_piped_question_over_some_rows_is_read_whole() -> None:
    for question, picked in (("What's the average salary in Eng?", {"where": "dept=Eng"}),
                             ("What's the total salary per department?", {"by": "dept"})):
        joined = read_whole(question, [STAFF], EVERY, NOW)  # (as `llorch run` is given a piped table)
        assert joined is not None
        found = exact_call(joined, EVERY, NOW)
        assert found is not None and found[0] == "table" and picked.items() <= found[1].items()


@pytest.mark.parametrize(("question", "text"), [
    ("What's the average salary in Paris?", STAFF),  # no cell says Paris: not the average of every row
    ("What's the total salary in Eng and Sales?", STAFF),  # (two values)
    ("What's the total salary per month?", STAFF),  # no column of months
    ("What's the total salary by Acme?", STAFF),  # (a value after "by": no group)
    ("What's the total salary per employee?", STAFF),  # a group of one row each: the salaries, or their total?
    ("What's the average salary per salary?", STAFF),  # (an amount is no group)
    ("Who has the most?", STAFF),  # the most what?
    ("Who earns the most?", "name,age,score\nA,30,7\nB,40,9\n"),  # two columns of numbers, neither money
    ("Who earns the most?", "name,base_pay,salary\nA,3,7\nB,4,9\n"),  # two columns of money
    ("Who is the oldest?", STAFF),
    ("What's the total goals for York?", "home,away,goals\nLeeds,York,3\nYork,Hull,1\n"),  # York: home or away?
    ("Which department has the most employees?", STAFF),
    ("What's the average salary in each city?", STAFF),  # no such column
    ("How many hours per dept?", "name,dept,hours\nA,Eng,3\nB,Ops,4\nC,Eng,5\n"),  # their total, not the rows
    ("Count the average by dept", STAFF),
    ("How many employees are there?", STAFF),  # (no group: the rows are the count tool's lines)
])
def test_rows_or_groups_the_table_does_not_have_stay_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None
    assert table_asked(f"{question}\n\n{text}") is None


def test_words_that_pick_no_rows_leave_the_question_as_it_was() -> None:
    assert _routed("What is the total of the amount column in this table?", "item,amount\ntea,3\ncake,4\n") == {
        "action": "sum", "column": "amount"}
    assert _routed("Which process is using the most memory by far?", "name,mem_mb\nnginx,48\npostgres,612\n") == {
        "action": "max", "column": "mem_mb"}
    assert _routed("What was the largest amount, and in which month?", "month,amount\nJan,3\nFeb,4\n") == {
        "action": "max", "column": "amount", "also": "month"}


@pytest.mark.parametrize(("word", "columns", "found"), [
    ("department", "name,dept,salary", "dept"),
    ("quantity", "item,qty,price", "qty"),
    ("manager", "mgr,budget", "mgr"),
    ("description", "dept,n", None),  # (its letters, but not its last)
    ("delay", "day,n", None),  # (its first and last, but "day" is no shortening of "delay")
    ("date", "dept,n", None),
])
def test_a_column_named_by_its_abbreviation_and_not_by_lookalikes(word: str, columns: str, found: str | None) -> None:
    head = columns.split(",")
    rows = "".join(",".join(f"{c}{i}" if j < len(head) - 1 else str(i) for j, c in enumerate(head)) + "\n"
                   for i in range(3))
    text = f"{columns}\n{rows}"
    call = table_asked(f"What's the most common {word}?\n\n{text}")
    assert (call["column"] if call else None) == found


# --- lines of a label and a number ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "columns"), [
    (WEEK, ("day", "value")),
    ("Monday: 3\nTuesday: 5\n", ("day", "value")),
    ("2026-07-01 24.1\n2026-07-03 31.2\n", ("date", "value")),
    ("Jan 1,200\nFeb 1,350.50\nMar 990\n", ("month", "value")),
    ("New York 8.3\nLos Angeles 3.9\nQ3\t-2\n", ("label", "value")),
])
def test_lines_of_a_label_and_a_number_are_read_as_a_table(text: str, columns: tuple[str, ...]) -> None:
    table = read_table(text)
    assert table is not None and table.kind == "labelled" and table.columns == columns
    assert len(table.rows) == len(text.strip().splitlines())


@pytest.mark.parametrize("text", [
    "alice 34 5200\nbob 29 4800\n",  # (three columns without a header: read only by place)
    "GET /a 200 120ms\nGET /b 200 80ms\n",  # (a log's times)
    "Mon 14.2\nTue\n",  # (a line without a number)
    "1 2\n3 4\n",  # (numbers only)
])
def test_other_lines_are_not_read_as_labelled(text: str) -> None:
    table = read_table(text)
    assert table is None or table.kind != "labelled"


@pytest.mark.parametrize(("question", "call", "said"), [
    ("What's the warmest day?", {"action": "max", "column": "value"},
     "Of 7 rows, the largest value is 21.0 (the row: day Sat, value 21.0)."),
    ("What was the hottest day?", {"action": "max", "column": "value"}, None),
    # the 1.5B: 18.0
    ("What's the average temperature?", {"action": "mean", "column": "value"},
     "The average of value over 7 rows is 16.471 (total 115.3)."),
    ("Which day was the coldest?", {"action": "min", "column": "value"},
     "Of 7 rows, the smallest value is 11.5 (the row: day Wed, value 11.5)."),
    ("Which day was the warmest?", {"action": "max", "column": "value"}, None),
    ("What's the total?", {"action": "sum", "column": "value"}, None),
])
def test_a_question_about_labelled_lines_is_recognised(question: str, call: dict[str, Any], said: str | None) -> None:
    assert _routed(question, WEEK) == call
    if said is not None:
        assert _said(call, WEEK) == said


def test_warmest_names_a_temperature_column_and_two_questions_in_one_stay_the_models() -> None:
    cities = "city,temp_c\nOslo,4.5\nRome,18.2\n"
    assert _routed("Which city is the warmest?", cities) == {"action": "max", "column": "temp_c"}
    assert _routed("Which city is the coldest?", cities) == {"action": "min", "column": "temp_c"}
    # one call answers one question: the 1.5B, answered half, made up the other (an average of 18.0)
    assert _routed("What's the warmest day and the average temperature?", WEEK) is None
    assert _routed("Which city is the warmest?", "city,high,low\nOslo,4,1\nRome,18,9\n") is None  # (high or low?)


# --- a statement's lines: by category, on a thing, in a month ---------------------------------------------

SPENT = ("2026-11-03 groceries 54.20\n2026-11-05 fuel 61.00\n2026-11-12 groceries 38.75\n2026-11-19 dining 42.10\n"
         "2026-11-26 groceries 71.05\n2026-12-01 fuel 58.40\n")
ORDERS = ('[{"id": 1, "item": "pen", "qty": 3, "price": 1.25}, {"id": 2, "item": "notebook", "qty": 2, "price": 4.5}, '
          '{"id": 3, "item": "pen", "qty": 5, "price": 1.25}, {"id": 4, "item": "stapler", "qty": 1, "price": 12.99}]')


@pytest.mark.parametrize(("where", "said"), [
    ("date=2026-11", "The total of value over the 5 rows where date is in November 2026 is 267.1."),
    ("label=groceries, date=2026-11", "The total of value over the 3 rows where label is groceries and date is in "
                                      "November 2026 is 164."),
    ("label=fuel and date=2026-12", "The total of value over the 1 row where label is fuel and date is in December "
                                    "2026 is 58.4."),
    ("date=2026-11-05", "The total of value over the 1 row where date is 2026-11-05 is 61."),  # (a day is itself)
])
def test_where_takes_a_month_of_iso_dates_and_two_conditions(where: str, said: str) -> None:
    assert answer(SPENT, "sum", "value", where=where)[1] == said


def test_a_comma_or_an_and_inside_a_value_is_no_second_condition() -> None:
    text = "team,pay\nR and D,1000\nOps,2\nR and D,3\n"
    assert answer(text, "sum", "pay", where="team=R and D")[0]["result"] == 1003
    assert answer(STAFF, "count", "name", "Bob", where="salary=61,000")[0]["result"] == 1
    with pytest.raises(ToolError, match=r"^table: no row has date '2026-10'; the values of date are 2026-11-03, "):
        answer(SPENT, "sum", "value", where="date=2026-10")
    with pytest.raises(ToolError, match=r"^table: no row has date '2026-12'; the values of date are 2026-11-03, "
                                        r"2026-11-12, 2026-11-26$"):
        answer(SPENT, "sum", "value", where="label=groceries, date=2026-12")  # (of the rows the first kept)


@pytest.mark.parametrize(("question", "call", "said"), [
    # the 1.5B: fuel 129.40 (119.40)
    ("What's my total spending by category?", {"action": "sum", "column": "value", "by": "label"},
     "Of 6 rows, the total of value for each label, in the table's order of first appearance: groceries 164 (3 rows); "
     "fuel 119.4 (2 rows); dining 42.1 (1 row). The largest is groceries (164); the smallest dining (42.1)."),
    ("What's the total per category?", {"action": "sum", "column": "value", "by": "label"}, None),
    ("How much did I spend per item?", {"action": "sum", "column": "value", "by": "label"}, None),
    # the 1.5B summed every row: 299.10
    ("How much did I spend on groceries in November?", {"action": "sum", "column": "value",
                                                        "where": "label=groceries, date=2026-11"},
     "The total of value over the 3 rows where label is groceries and date is in November 2026 is 164."),
    ("How much did I spend on groceries?", {"action": "sum", "column": "value", "where": "label=groceries"},
     "The total of value over the 3 rows where label is groceries is 164."),
    ("How much did I spend on fuel in Dec 2026?", {"action": "sum", "column": "value",
                                                   "where": "label=fuel, date=2026-12"}, None),
    ("How much did I spend in November?", {"action": "sum", "column": "value", "where": "date=2026-11"}, None),
    ("How much did I spend?", {"action": "sum", "column": "value"}, None),
    ("What's the average spending on groceries?", None, None),  # ("on" picks rows after a verb of money only)
])
def test_a_statements_lines_are_summed_by_category_thing_and_month(question: str, call: dict[str, Any] | None,
                                                                   said: str | None) -> None:
    assert _routed(question, SPENT) == call
    if said is not None and call is not None:
        assert _said(call, SPENT) == said


@pytest.mark.parametrize(("question", "text"), [
    ("How much did I spend on rent?", SPENT),  # no row says rent: not every row's total
    ("How much did I spend on groceries in March?", SPENT),  # no row in March
    ("How much did I spend in November?", "2025-11-03 fuel 3\n2026-11-04 fuel 5\n"),  # which November?
    ("How much did I spend on average?", SPENT),
    ("What's my total spending by month?", SPENT),  # (no column of months)
    ("What's the total salary by category?", STAFF),  # (a header's own names: dept is no category)
    ("What's the total by category?", WEEK),  # (its labels are days)
    ("What's the total salary in November?", STAFF),  # (no dates)
    ("What's the total amount in November?", "start,end,amount\n2026-11-01,2026-11-02,3\n2026-11-05,2026-12-01,4\n"),
    # words that pick rows after the column were dropped, and every row averaged
    ("What's the average temperature on Monday?", WEEK),
    ("What's the average salary on the night shift?", STAFF),
])
def test_a_category_or_month_the_lines_do_not_have_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


def test_a_month_picks_the_dates_of_a_csv_too() -> None:
    sales = "date,customer,amount\n2026-11-02,Acme,120.50\n2026-10-03,Globex,89.99\n2026-11-05,Acme,310.00\n"
    assert _routed("What's the total amount in November?", sales) == {"action": "sum", "column": "amount",
                                                                      "where": "date=2026-11"}
    assert _routed("What's the total amount from Acme in Nov 2026?", sales) == {
        "action": "sum", "column": "amount", "where": "customer=Acme, date=2026-11"}
    assert _routed("What's the total amount in Nov 2025?", sales) is None
    assert _routed("What's the total amount in Jan?", "month,amount\nJan,3\nFeb,4\n") == {
        "action": "sum", "column": "amount", "where": "month=Jan"}  # (a cell first)


@pytest.mark.parametrize(("question", "call"), [
    # the 1.5B: 2 (3 + 5 = 8)
    ("How many pens were ordered in total?", {"action": "sum", "column": "qty", "where": "item=pen"}),
    ("How many pens did we order?", {"action": "sum", "column": "qty", "where": "item=pen"}),
    ("How many notebooks were sold altogether?", {"action": "sum", "column": "qty", "where": "item=notebook"}),
])
def test_how_many_of_a_thing_were_ordered_is_its_rows_quantity(question: str, call: dict[str, Any]) -> None:
    assert _routed(question, ORDERS) == call
    assert _said(call, ORDERS) == ("The total of qty over the 2 rows where item is pen is 8." if "pen" in question
                                   else "The total of qty over the 1 row where item is notebook is 2.")


@pytest.mark.parametrize(("question", "text"), [
    ("How many pens were returned?", ORDERS),  # (a return is no qty of an order)
    ("How many pencils were ordered?", ORDERS),  # no row says pencil
    ("How many pens are there?", ORDERS),  # (the rows, or their qty?)
    ("How many pens were ordered?", '[{"item": "pen", "qty": 3, "units": 4}, {"item": "pen", "qty": 5, "units": 1}]'),
    ("How many pens were ordered?", '[{"item": "pen", "price": 3}, {"item": "ink", "price": 5}]'),  # (no quantity)
    ("How many pens were ordered?", '[{"item": "pen", "alt": "pen", "qty": 3}, {"item": "ink", "alt": "x", "qty": 1}]'),
])
def test_a_thing_or_quantity_that_is_not_one_columns_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


# --- in a conversation ------------------------------------------------------------------------------------

@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _conv(store: Store, backend: FakeBackend) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "count", "table"], "auto": "off"}}, "test", name="general-like")
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: NOW))


@pytest.mark.parametrize(("asked", "wrong", "right"), [
    ("What's the average salary in Eng?", "The average salary in Eng is 78,800.",
     "The average salary in Eng is 101,500."),
    ("Who earns the most?", "Dan earns the most.", "Cara earns the most, 105,000."),
])
def test_in_a_conversation_the_tool_answers_and_a_wrong_answer_gets_a_note(store: Store, asked: str, wrong: str,
                                                                          right: str) -> None:
    for reply, noted in ((wrong, True), (right, False)):
        fb = FakeBackend([reply, reply], name="m")
        events = list(_conv(store, fb).send(f"{asked}\n\n{STAFF}"))
        tools = [e for e in events if isinstance(e, ToolEvent)]
        assert [t.name for t in tools] == ["table"] and not tools[0].by_model
        notes = [e.text for e in events if isinstance(e, Notice)]
        assert bool(notes) == noted, (reply, notes)


@pytest.mark.parametrize(("asked", "text", "wrong", "right"), [
    ("How much did I spend on groceries in November?", SPENT, "You spent 299.10 on groceries in November.",
     "You spent 164.00 on groceries in November."),
    ("How many pens were ordered in total?", ORDERS, "2 pens were ordered.", "8 pens were ordered in total."),
])
def test_in_a_conversation_a_month_or_a_things_total_is_the_tools(store: Store, asked: str, text: str, wrong: str,
                                                                  right: str) -> None:
    for reply, noted in ((wrong, True), (right, False)):
        fb = FakeBackend([reply, reply], name="m")
        events = list(_conv(store, fb).send(f"{asked}\n\n{text}"))
        tools = [e for e in events if isinstance(e, ToolEvent)]
        assert [t.name for t in tools] == ["table"] and not tools[0].by_model
        notes = [e.text for e in events if isinstance(e, Notice)]
        assert bool(notes) == noted, (reply, notes)


TEAM = "name,dept,salary,age\nAnn,Eng,90000,31\nBob,Eng,113000,45\nCara,Sales,61000,28\nEve,Sales,80000,52\nDan,Ops,100000,39\n"


@pytest.mark.parametrize("question", [
    "What's the average salary apart from Eng?", "What's the average salary not in Eng?",
    "What's the average salary except for Eng?", "What's the average salary except in Eng?",
    "What's the average salary but not in Eng?", "What's the average salary of staff not in Eng?",
    "What's the total salary other than in Eng?", "What's the average salary outside Eng?",
    "What's the average salary besides Eng?", "What's the average salary excluding Eng?",
    "What's the average salary ignoring Eng?", "What's the average salary of non-Eng staff?",
    "What's the average salary of Eng staff?", "What's the total salary minus Ann?", "What's the total salary less Ann?",
    "What's the average salary under 30?", "What's the average salary above 100000?",
    "What's the total salary if Ann leaves?", "What's the total salary including bonuses?",
    "What's the total salary next year?", "Who earns the most outside Eng?",
])
def test_rows_narrowed_in_a_way_no_where_says_stay_the_models(question: str) -> None:
    # "not in Eng" read as where dept=Eng (or as every row) is a wrong answer given as exact
    assert _routed(question, TEAM) is None


def test_a_plain_where_still_picks_its_rows() -> None:
    assert _routed("What's the average salary in Eng?", TEAM) == {"action": "mean", "column": "salary",
                                                                  "where": "dept=Eng"}


@pytest.mark.parametrize("text", [
    "name,pay_rate,hours\nAnn,20,40\nBob,25,10\n", "name,salary,bonus\nAnn,100,50\nBob,110,0\n",
    "name,monthly_salary,months\nAnn,100,12\nBob,150,6\n", "name,hourly_rate\nAnn,20\nBob,25\n",
])
@pytest.mark.parametrize("question", ["Who earns the most?", "Who is the highest paid?", "Who earns the least?"])
def test_who_earns_the_most_of_a_rate_or_a_pay_in_parts_stays_the_models(question: str, text: str) -> None:
    # Bob's rate is higher, Ann earned more (20 x 40 against 25 x 10)
    assert _routed(question, text) is None


@pytest.mark.parametrize("text", ["name,salary\nAnn,100\nBob,110\n", "name,salary,age\nAnn,100,30\nBob,110,40\n"])
def test_who_earns_the_most_of_one_pay_column_is_its_largest(text: str) -> None:
    assert _routed("Who earns the most?", text) == {"action": "max", "column": "salary"}
    assert _routed("Who has the highest salary?", "name,salary,bonus\nAnn,100,50\nBob,110,0\n") == {
        "action": "max", "column": "salary"}


@pytest.mark.parametrize("question", ["What's the average on Mon?", "What's the total on Tue?",
                                      "What's the average of Mon?"])
def test_a_labelled_lines_question_about_one_label_is_not_every_rows(question: str) -> None:
    assert _routed(question, WEEK) is None
    assert _routed("What's the average?", WEEK) == {"action": "mean", "column": "value"}


RAIN = "Jan 78\nFeb 52\nMar 61\nApr 44\nMay 39\nJun 27\n"
WORKERS = "employee,team,hours,rate\nPriya,Support,38,31.5\nTom,Dev,42,48\nLena,Support,35,29\nSam,Dev,44,45\n"
REGIONS = "region,rep,amount\nNorth,Kim,1200\nSouth,Lee,800\nNorth,Ray,950\nWest,Ada,1430\nSouth,Bo,610\n"


@pytest.mark.parametrize(("question", "text", "args"), [
    # eval60's misses: the 1.5B said June (the driest) was the wettest, Tom worked the most hours (Sam: 44), and
    # South made 4 sales (2)
    ("Which month was the wettest?", RAIN, {"action": "max", "column": "value"}),
    ("Which month was the driest?", RAIN, {"action": "min", "column": "value"}),
    ("Who worked the most hours?", WORKERS, {"action": "max", "column": "hours"}),
    ("How many sales did each region make?", REGIONS, {"action": "count", "column": "region", "by": "region"}),
])
def test_weather_words_work_done_and_what_each_group_made_go_to_the_table(question: str, text: str,
                                                                         args: dict[str, Any]) -> None:
    found = _routed(question, text)
    assert found is not None and {k: v for k, v in found.items() if k != "text"} == args
