"""The table tool's `sort`: a table's rows in order of a column, and the requests that go to it (the 1.5B's answer,
before, in each case's comment); lists that are no table stay the text tool's."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import ToolEvent
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

PEOPLE = "Zoe,34\nadam,29\nMia,41\nliam,23\nNoah,37\n"
STAFF = "name,dept,salary\nAlice,Eng,98000\nBob,Sales,61000\nCara,Eng,105000\nDan,Ops,72000\nEve,Sales,58000\n"
SPENT = ("2026-11-03 groceries 54.20\n2026-11-05 fuel 61.00\n2026-11-12 groceries 38.75\n2026-11-19 dining 42.10\n"
         "2026-11-26 groceries 71.05\n2026-12-01 fuel 58.40\n")
WEEK = "Mon 14.2\nTue 16.8\nWed 11.5\nThu 19.1\nFri 17.4\nSat 21.0\nSun 15.3\n"
LS = """total 5208
-rw-r--r-- 1 sam staff    1843 Nov 28 10:02 README.md
-rw-r--r-- 1 sam staff 2204711 Dec  1 09:13 backup.tar.gz
-rwxr-xr-x 1 sam staff 3015520 Dec  2 11:55 my app.bin
"""
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
EVERY = tuple(BUILTIN_TOOLS)


_routed = table_routed  # (tests/support.py)


# --- reading ----------------------------------------------------------------------------------------------

def test_headerless_name_number_rows_are_a_label_and_a_value() -> None:
    table = read_table(PEOPLE)
    assert table is not None and table.kind == "labelled" and table.columns == ("label", "value")
    assert [r["label"] for r in table.rows] == ["Zoe", "adam", "Mia", "liam", "Noah"]


@pytest.mark.parametrize("text", [SPENT, SPENT.replace(" ", ","),
                                  "2026-11-03\twhole foods\t54.20\n2026-11-05\tfuel\t61\n"])
def test_lines_of_a_date_a_label_and_a_number_are_three_columns(text: str) -> None:
    table = read_table(text)
    assert table is not None and table.kind == "labelled" and table.columns == ("date", "label", "value")
    assert table.rows[0]["date"] == "2026-11-03" and table.rows[1] == {"date": "2026-11-05", "label": "fuel",
                                                                        "value": table.rows[1]["value"]}


@pytest.mark.parametrize("text", [
    "2026-11-03 groceries 54.20\nfuel 61.00\n",  # (a date on some lines only)
    "2026-11-03 groceries\n2026-11-05 fuel\n",  # (no number)
])
def test_lines_dated_in_part_are_not_three_columns(text: str) -> None:
    table = read_table(text)
    assert table is None or table.columns != ("date", "label", "value")


# --- the tool ---------------------------------------------------------------------------------------------

def test_sort_orders_rows_by_number_not_by_text() -> None:
    # the 1.5B, asked for these by age oldest first, put liam (23) before adam (29)
    data, said = answer(PEOPLE, "sort", "value", descending=True)
    assert said == "The 5 rows sorted by value, largest first: Mia 41; Noah 37; Zoe 34; adam 29; liam 23."
    assert data["labels"] == ["Mia", "Noah", "Zoe", "adam", "liam"] and data["values"] == ["41", "37", "34", "29", "23"]
    assert (data["action"], data["descending"], data["order"]) == ("sort", True, "numbers")
    assert answer("n,v\na,9\nb,10\nc,-2\nd,1,000\n".replace("1,000", "\"1,000\""), "sort", "v")[0]["labels"] == [
        "c", "a", "b", "d"]  # (as numbers: 9 before 10, "1,000" a thousand)


@pytest.mark.parametrize(("text", "column", "descending", "said"), [
    (STAFF, "name", True, "The 5 rows sorted by name, Z to A, case ignored: Eve; Dan; Cara; Bob; Alice."),
    (STAFF, "dept", False, "The 5 rows sorted by dept, A to Z, case ignored: Alice (dept Eng); Cara (dept Eng); Dan "
                           "(dept Ops); Bob (dept Sales); Eve (dept Sales)."),  # (ties in the table's order)
    (PEOPLE, "label", False, "The 5 rows sorted by label, A to Z, case ignored: adam 29; liam 23; Mia 41; Noah 37; "
                             "Zoe 34."),
    ("file2 3\nfile10 4\nFile1 5\n", "label", False, "The 3 rows sorted by label, A to Z, case ignored: File1 5; "
                                                     "file2 3; file10 4."),  # (natural: 2 before 10)
    (SPENT, "date", True, "The 6 rows sorted by date, latest first: 2026-12-01 fuel 58.40; 2026-11-26 groceries "
                          "71.05; 2026-11-19 dining 42.10; 2026-11-12 groceries 38.75; 2026-11-05 fuel 61.00; "
                          "2026-11-03 groceries 54.20."),
    (WEEK, "day", True, "The 7 rows sorted by day, in reverse calendar order: Sun 15.3; Sat 21.0; Fri 17.4; Thu 19.1; "
                        "Wed 11.5; Tue 16.8; Mon 14.2."),  # (not A to Z: Fri before Mon)
    ("name,score\na,3\nb,\nc,10\nd,x\ne,2\n", "score", False,
     "The 5 rows sorted by score, smallest first: e (score 2); a (score 3); c (score 10); b; d (score x); 2 rows "
     "without a number last."),
    ("alice 34 5200\nbob 29 4800\n", "3", False, "The 2 rows sorted by column 3, smallest first: bob 29 4800; alice 34 "
                                                 "5200."),  # (by its place, without a header)
])
def test_sort_orders_text_case_aside_dates_and_days_in_order_and_gaps_last(text: str, column: str, descending: bool,
                                                                           said: str) -> None:
    assert answer(text, "sort", column, descending=descending)[1] == said


def test_sort_keeps_where_says_the_first_twenty_and_refuses_by() -> None:
    data, said = answer(STAFF, "sort", "salary", where="dept=Eng", descending=True)
    assert said == ("The 2 rows where dept is Eng sorted by salary, largest first: Cara (salary 105000); Alice "
                    "(salary 98000).")
    assert data["where"] == "dept is Eng"
    many = "k,v\n" + "".join(f"g{i},{i}\n" for i in range(30))
    data, said = answer(many, "sort", "v", descending=True)
    assert said.endswith("g10 (v 10); and 10 more.") and len(data["labels"]) == 30
    with pytest.raises(ToolError, match="^table: by is for sum, mean, median, stdev, max, min and count$"):
        answer(STAFF, "sort", "salary", by="dept")
    with pytest.raises(ToolError, match="^table: column 'v' is empty$"):
        answer('[{"n": "a", "v": null}, {"n": "b", "v": null}]', "sort", "v")


def test_the_tool_takes_sort_and_descending() -> None:
    tool, ctx = TableTool(), ToolContext(now=lambda: NOW)
    assert "sort" in tool.parameters["properties"]["action"]["enum"]
    assert tool.parameters["properties"]["descending"]["type"] == "boolean"
    result = tool.run({"action": "sort", "column": "value", "descending": True, "text": PEOPLE}, ctx)
    assert result.text.startswith("The 5 rows sorted by value, largest first: Mia 41; Noah 37;")
    assert tool.run({"action": "sort", "column": "value", "text": PEOPLE}, ctx).data["labels"][0] == "liam"


# --- the requests that go to it ---------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call"), [
    # the 1.5B: liam (23) before adam (29)
    ("Sort these people by age, oldest first.", PEOPLE, {"action": "sort", "column": "value", "descending": True}),
    ("Sort these people by age, youngest first", PEOPLE, {"action": "sort", "column": "value"}),
    ("Sort them by age from oldest to youngest", PEOPLE, {"action": "sort", "column": "value", "descending": True}),
    ("Rank these by score, highest first", PEOPLE, {"action": "sort", "column": "value", "descending": True}),
    ("Rank these by score, lowest first", PEOPLE, {"action": "sort", "column": "value"}),
    ("Sort these by name", PEOPLE, {"action": "sort", "column": "label"}),
    ("Order by salary, highest first", STAFF, {"action": "sort", "column": "salary", "descending": True}),
    ("Sort by salary descending", STAFF, {"action": "sort", "column": "salary", "descending": True}),
    ("Sort the rows by salary in descending order", STAFF, {"action": "sort", "column": "salary", "descending": True}),
    ("Sort by salary from lowest to highest", STAFF, {"action": "sort", "column": "salary"}),
    ("Please sort the employees by salary (highest first)", STAFF, {"action": "sort", "column": "salary",
                                                                    "descending": True}),
    ("Sort by name Z to A", STAFF, {"action": "sort", "column": "name", "descending": True}),
    ("Sort these by department alphabetically", STAFF, {"action": "sort", "column": "dept"}),
    ("Sort the files by size, largest first", LS, {"action": "sort", "column": "size", "descending": True}),
    ("Sort by date, newest first", SPENT, {"action": "sort", "column": "date", "descending": True}),
    ("Sort by date, oldest first", SPENT, {"action": "sort", "column": "date"}),
    ("Sort by category", SPENT, {"action": "sort", "column": "label"}),
    ("Sort by amount, biggest first", SPENT, {"action": "sort", "column": "value", "descending": True}),
    ("Sort by temperature", WEEK, {"action": "sort", "column": "value"}),
    ("Sort by day", WEEK, {"action": "sort", "column": "day"}),  # (in the calendar's order)
    ("Sort by the second column", "alice 34 5200\nbob 29 4800\n", {"action": "sort", "column": "column 2"}),
])
def test_a_request_to_sort_by_a_column_goes_to_the_table_tool(question: str, text: str, call: dict[str, Any]) -> None:
    assert _routed(question, text) == call
    assert table_asked(f"{question}: {text}") is not None  # (after a colon too)


def test_the_age_request_is_answered_oldest_first_and_read_whole() -> None:
    joined = read_whole("Sort these people by age, oldest first.", [PEOPLE], EVERY, NOW)
    assert joined is not None
    found = exact_call(joined, EVERY, NOW)
    assert found is not None and found[0] == "table"
    args = found[1]
    assert answer(args["text"], args["action"], args["column"], descending=args["descending"])[1] == (
        "The 5 rows sorted by value, largest first: Mia 41; Noah 37; Zoe 34; adam 29; liam 23.")


@pytest.mark.parametrize(("question", "text"), [
    ("Sort by age", STAFF),  # no such column (and no amount to take for it: the table has its names)
    ("Sort by name, highest first", STAFF),  # (a name is no amount)
    ("Rank these by name", STAFF),  # (a rank of names: which way?)
    ("Sort by salary in Eng", STAFF),  # (some rows: not every row sorted)
    ("Sort by salary and name", STAFF),  # (two keys)
    ("Sort by age oldest", PEOPLE),  # (words that are no column whole)
    ("Sort these people by date", PEOPLE),  # (a date is not their number)
    ("Sort by age, newest first", PEOPLE),  # (an age is no date)
    ("Sort by salary, oldest first", STAFF),  # (a salary is no age nor a date)
    ("Sort these by popularity", STAFF),
    ("Sort the files by date, newest first", LS),  # ("Dec  2 11:55" is no ISO date: A to Z is not in time)
])
def test_a_sort_the_table_cannot_do_as_asked_stays_out_of_the_table_tool(question: str, text: str) -> None:
    assert _routed(question, text) is None
    assert table_asked(f"{question}\n\n{text}") is None


@pytest.mark.parametrize(("question", "text", "call"), [
    ("Sort these numbers", "3\n1\n2\n", {"action": "sort", "text": "3\n1\n2"}),
    ("Sort these numbers from largest to smallest", "3\n10\n2\n", {"action": "sort", "text": "3\n10\n2",
                                                                   "descending": True}),
    ("Sort these alphabetically", PEOPLE, {"action": "sort", "text": PEOPLE.strip()}),  # (no column named: lines)
    ("Sort these", "pear, Apple, fig", {"action": "sort", "text": "pear, Apple, fig"}),
])
def test_a_list_without_a_column_named_stays_the_text_tools(question: str, text: str, call: dict[str, Any]) -> None:
    assert exact_call(f"{question}\n\n{text}", EVERY, NOW) == ("text", call)


def test_in_a_conversation_the_sort_runs_before_the_model_answers(tmp_path: Path) -> None:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["text", "table"], "auto": "off"}}, "test", name="general-like")
    fb = FakeBackend(["Mia 41, Noah 37, Zoe 34, adam 29, liam 23."], name="m")
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                            toolbox=ToolBox(resolve_paths(), now=lambda: NOW))
        events = list(conv.send(f"Sort these people by age, oldest first.\n\n{PEOPLE}"))
    tools = [e for e in events if isinstance(e, ToolEvent)]
    assert [t.name for t in tools] == ["table"] and not tools[0].by_model


RACE = "name,time,score,position,place,latency,errors\nA,10,70,1,2,5,3\nB,12,68,2,1,9,1\nC,11,75,3,3,7,2\n"


@pytest.mark.parametrize("question", [
    "Sort by time, best first", "Rank by time", "Rank these golfers by score", "Sort by position, top first",
    "Sort by place, best first", "Sort by latency, best first", "Sort by errors, worst first",
    "Rank these by score", "Sort by score from best to worst",
])
def test_a_sort_whose_best_end_is_the_columns_own_stays_the_models(question: str) -> None:
    # the best time, place or golf score is the smallest: "best first" or a bare "rank" says no direction
    assert _routed(question, RACE) is None


@pytest.mark.parametrize(("question", "column", "descending"), [
    ("Rank by score, highest first", "score", True), ("Rank by time ascending", "time", False),
    ("Sort by time, largest first", "time", True), ("Sort by score, highest on top", "score", True),
])
def test_a_sort_that_says_its_direction_still_goes_to_the_table_tool(question: str, column: str,
                                                                     descending: bool) -> None:
    assert _routed(question, RACE) == {"action": "sort", "column": column, **({"descending": True} if descending else {})}
