"""Questions of a table that no tool took (stop 59's fresh items): a row's total across columns ("Which student has
the highest total of both subjects?", the 1.5B named Yuki, 166, for Ines, 169), a score's best ("Who has the best art
score?": Yuki, 74, for Ines, 91), a column said after "in" ("the class average in math": 82.0 for 80.25), an average
"per order" of one row an order (3.5 for 2.17), and a product said in parentheses ("the total revenue (qty times
price)": 548.50 for 557)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.table import answer

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
SCORES = "\n".join(["| student | math | art |", "|---|---|---|", "| Ines | 78 | 91 |", "| Tom | 85 | 67 |",
                    "| Yuki | 92 | 74 |", "| Omar | 66 | 88 |"])
QUARTERS = "region,Q1,Q2,Q3,Q4\nNorth,120,135,150,160\nSouth,140,120,130,125\nWest,90,160,170,150"
ORDERS = ("order_id,customer,product,qty,price\n1001,Kim,lamp,2,18.50\n1002,Raj,desk,1,149.00\n"
          "1003,Kim,chair,4,42.25\n1004,Lea,lamp,1,18.50\n1005,Raj,lamp,3,18.50\n1006,Lea,shelf,2,64.00")


def _answer(question: str, text: str) -> tuple[dict[str, Any], str]:
    found = exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "table", found
    said = ToolRegistry().call("table", found[1], ToolContext(data_dir=Path("/nonexistent"))).text
    return {k: v for k, v in found[1].items() if k != "text"}, said


def test_plus_adds_columns_row_by_row() -> None:
    data, said = answer(QUARTERS, "max", "Q1", plus="Q2, Q3,Q4")
    assert said == ("Of 3 rows, the largest Q1 + Q2 + Q3 + Q4 is 570 (the row: region West, Q1 90, Q2 160, Q3 170, "
                    "Q4 150, Q1 + Q2 + Q3 + Q4 570).")
    assert answer("a,x,y\nr,1.5,2\ns,,4\n", "sum", "x", plus="y")[1].startswith("The total of x + y over 1 row is 3.5")


@pytest.mark.parametrize(("plus", "error"), [
    ("x", r"^table: plus names other columns than x, each once$"),
    ("y, y", r"^table: plus names other columns than x, each once$"),
    ("z", r"^table: no column"),
    (" , ", r"^table: plus names the columns to add, comma-separated \(plus=Q2,Q3\)$"),
])
def test_plus_of_a_column_twice_or_of_none_is_a_one_line_error(plus: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer("a,x,y\nr,1,2\ns,3,4\n", "max", "x", plus=plus)
    with pytest.raises(ToolError, match=r"^table: one of times, per and plus, not two$"):
        answer("a,x,y\nr,1,2\ns,3,4\n", "max", "x", plus="y", times="y")


@pytest.mark.parametrize(("question", "text", "call", "said"), [
    ("Which student has the highest total of both subjects?", SCORES,
     {"action": "max", "column": "math", "plus": "art"}, "169 (the row: student Ines"),
    ("Who has the lowest combined score?", "name,math_score,art_score\nAl,3,50\nBo,5,20",
     {"action": "min", "column": "math_score", "plus": "art_score"}, "25 (the row: name Bo"),
    ("Which student has the highest total across all three tests?", "name,test1,test2,test3\nAl,71,80,77\nBo,88,62,90",
     {"action": "max", "column": "test1", "plus": "test2, test3"}, "240 (the row: name Bo"),
    ("Which region had the highest total across all quarters?", QUARTERS,
     {"action": "max", "column": "Q1", "plus": "Q2, Q3, Q4"}, "570 (the row: region West"),
    ("Which region had the lowest total of all four quarters?", QUARTERS,
     {"action": "min", "column": "Q1", "plus": "Q2, Q3, Q4"}, "515 (the row: region South"),
    ("Who has the best art score?", SCORES, {"action": "max", "column": "art"}, "91 (the row: student Ines"),
    ("Who has the best score in art?", SCORES, {"action": "max", "column": "art"}, "Ines"),
    ("Who has the best score in Oslo?", "name,city,score\nann,Oslo,3\nbob,Rome,5",
     {"action": "max", "column": "score", "where": "city=Oslo"}, "3"),  # (Oslo a cell: the rows it picks)
    ("What is the class average in math?", SCORES, {"action": "mean", "column": "math"}, "80.25"),
    ("What is the average in art?", SCORES, {"action": "mean", "column": "art"}, "80"),
    ("What is the average quantity per order?", ORDERS, {"action": "mean", "column": "qty"}, "2.17"),
    ("What is the total revenue (qty times price) of all orders?", ORDERS,
     {"action": "sum", "column": "price", "times": "qty", "as": "revenue"}, "557"),
    ("What is the total value (price × quantity)?", ORDERS,
     {"action": "sum", "column": "price", "times": "qty", "as": "value"}, "557"),
])
def test_these_questions_go_to_the_table_tool(question: str, text: str, call: dict[str, Any], said: str) -> None:
    found, answered = _answer(question, text)
    assert found == call and said in answered


@pytest.mark.parametrize(("question", "text"), [
    ("Who has the highest total?", "name,hours,pay\nann,3,50\nbob,5,20"),  # (hours and pay add up to nothing)
    ("Who has the highest total?", "name,age,salary\nann,30,50\nbob,40,45"),
    ("Which region has the highest total of both quarters?", QUARTERS),  # (four quarters, not two)
    ("Who has the highest combined score?", "name,math,art\nann,3,50\nann,5,20\nbob,1,1"),  # (ann on two rows)
    ("Who has the best time?", "name,time\nann,12.1\nbob,11.4"),  # (a time's best is its least)
    ("Who has the best golf score?", "name,golf_score\nann,72\nbob,75"),  # (golf's best is the least)
    ("Who got the best grade?", "name,grade\nann,1.3\nbob,2.7"),  # (a German 1.0 is the best)
    ("Who has the lowest combined score?", SCORES),  # (math and art, not said to be parts: "both subjects" is)
    ("Who has the highest total of both?", "employee,hours,pay\nann,35,900\nbob,40,800"),
    ("Which region had the highest total across all quarters?", "region,Q1,Q2,Q3,Q4,FY\nN,1,2,3,4,10\nS,2,2,2,2,8"),
    ("Which month had the highest total across all regions?", "region,Jan,Feb,Mar\nnorth,10,20,30\nsouth,5,6,35"),
    ("What is the total amount in fees?", "order,amount,fees\n1,200,4\n2,230,6"),  # (fees' total, not amount's)
    ("What is the average salary for each department?", "department,headcount,salary\nEng,3,9000\nOps,2,5000"),
    ("What is the class average?", "name,class,score\nann,A,70\nbob,B,80\ncy,A,90"),  # (each class's?)
    ("What is the total cost per order?", "order_id,qty,cost\n1,2,10\n2,1,5\n3,4,8"),  # (each order's, not one)
    ("What is the total revenue (qty times order_id)?", ORDERS),  # (not the product the table's revenue is)
    ("What is the total revenue (boxes)?", ORDERS),
])
def test_other_questions_are_not_these(question: str, text: str) -> None:
    assert exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW) is None


def test_the_sales_column_is_asked_of_not_a_row_total() -> None:
    found, said = _answer("Which month had the highest total sales?", "month,sales,returns\nJan,100,5\nFeb,120,9")
    assert found == {"action": "max", "column": "sales"} and "120" in said


def test_a_long_question_is_read_in_linear_time() -> None:
    start = time.perf_counter()
    for question in ("Which " + "a" * 50_000 + " has the highest total?", "Who has the highest total of all "
                     + "x " * 25_000 + "?", "What is the total revenue (" + "q " * 25_000 + "times price)?"):
        exact_call(f"{question}\n\n{QUARTERS}", EXACT_TOOLS, NOW)
    assert time.perf_counter() - start < 5
