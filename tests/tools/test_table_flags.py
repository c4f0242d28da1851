"""An API's JSON answer ({"users": [...], "total": 4}) read as the table of its one list of objects, and a column of
true and false asked of by its name ("How many users are active?", "List the names of the inactive users."). Before,
neither was read: the 1.5B gave the average age of four users as 40.25 (35.25), named Ben, 27, the oldest, and Ben
and Dev the inactive ones (Dev was active)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.tablereading import read_table

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
USERS = ('{"users": [{"name": "ana", "age": 31, "active": true}, {"name": "ben", "age": 27, "active": false}, '
         '{"name": "cho", "age": 45, "active": true}, {"name": "dev", "age": 38, "active": true}], "total": 4}')
TASKS = "| task | done |\n|---|---|\n| write | yes |\n| test | no |\n| ship | yes |"
PAID = "invoice,amount,is_paid\nA1,120,true\nA2,80,false\nA3,45,false\nA4,300,true"


def _answer(question: str, text: str) -> tuple[dict[str, Any], str]:
    found = exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "table"
    said = ToolRegistry().call("table", found[1], ToolContext(data_dir=Path("/nonexistent"))).text
    return {k: v for k, v in found[1].items() if k != "text"}, said


def test_a_json_object_is_read_as_its_one_list_of_objects() -> None:
    table = read_table(USERS)
    assert table is not None and table.kind == "json" and table.columns == ("name", "age", "active")
    assert [r["name"] for r in table.rows] == ["ana", "ben", "cho", "dev"]


@pytest.mark.parametrize("text", [
    '{"users": [{"name": "a", "age": 1}], "admins": [{"name": "b", "age": 2}]}',  # (two lists: which one?)
    '{"total": 4, "page": 1}',
    '{"users": ["ana", "ben"]}',  # (a list of names, no rows of fields)
])
def test_a_json_object_without_one_list_of_objects_is_no_table(text: str) -> None:
    assert read_table(text) is None


@pytest.mark.parametrize(("question", "text", "call", "said"), [
    ("What is the average age of the users?", USERS, {"action": "mean", "column": "age"}, "35.25"),
    ("Who is the oldest user?", USERS, {"action": "max", "column": "age"}, "cho"),
    ("How many users are active?", USERS, {"action": "count", "column": "active", "value": "true"}, "3 of 4"),
    ("List the names of the inactive users.", USERS, {"action": "list", "column": "name", "where": "active=false"},
     ": ben."),
    ("Which tasks are done?", TASKS, {"action": "list", "column": "task", "where": "done=yes"}, "write, ship"),
    ("How many invoices are unpaid?", PAID, {"action": "count", "column": "is_paid", "value": "false"}, "2 of 4"),
    ("How many invoices are paid?", PAID, {"action": "count", "column": "is_paid", "value": "true"}, "2 of 4"),
])
def test_questions_of_an_api_answer_and_of_a_column_of_true_and_false(question: str, text: str, call: dict[str, Any],
                                                                      said: str) -> None:
    found, answer = _answer(question, text)
    assert found == call and said in answer


@pytest.mark.parametrize(("question", "text"), [
    ("How many users are active?", "name,active\nana,true\nben,maybe\ncho,false"),  # (a third kind of cell)
    ("How many users are active?", "name,active,is_active\nana,true,true\nben,false,true\ncho,true,false"),  # (two)
])
def test_a_column_not_only_of_true_and_false_or_two_named_so_is_not_a_flag(question: str, text: str) -> None:
    found = exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW)
    assert found is None or found[1].get("value") not in ("true", "false")


@pytest.mark.parametrize("text", [
    '{"users": [{"name": "a", "active": true}, {"name": "b", "active": false}], "page": 1, "total": 57}',
    '{"users": [{"name": "a", "active": true}, {"name": "b", "active": false}], "next": "/users?page=2"}',
    '{"data": [{"name": "a", "active": true}, {"name": "b", "active": false}], "has_more": true}',
])
def test_one_page_of_an_api_answer_is_no_table_of_all_the_rows(text: str) -> None:
    assert read_table(text) is None  # ("How many users are active?" of 2 of 57: no answer of all the users)


def test_a_word_that_is_a_flag_and_a_cell_is_not_read_as_either() -> None:
    text = "name,status,active\nann,active,yes\nbob,inactive,no\ncy,active,no"
    assert exact_call(f"How many users are active?\n\n{text}", EXACT_TOOLS, NOW) is None
