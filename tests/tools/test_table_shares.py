"""The table tool's `share` (a row's value as a percentage of its column's total) and `change` (from one row's value
to another's), and the questions that go to them (the 1.5B's answer, before, in each case's comment); those that
name no one row stay the model's."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import exact_call, read_whole
from llorch.tools.registry import BUILTIN_TOOLS
from llorch.tools.table import TableTool, answer
from llorch.tools.tablequestions import table_asked
from support import table_routed

SALES = "Jan 1200\nFeb 950\nMar 1430\nApr 1100\n"
STAFF = "name,dept,salary\nAlice,Eng,98000\nBob,Sales,61000\nCara,Eng,105000\nDan,Ops,72000\nEve,Sales,58000\n"
WEEK = "Mon 14.2\nTue 16.8\nWed 11.5\nThu 19.1\nFri 17.4\nSat 21.0\nSun 15.3\n"
TWICE = "Jan 1200\nFeb 950\nMar 1430\nMar 1100\n"
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
EVERY = tuple(BUILTIN_TOOLS)


_routed = table_routed  # (tests/support.py)


def _said(call: dict[str, Any], text: str) -> str:
    return answer(text, call["action"], call["column"], where=call.get("where"), start=call.get("from"),
                  end=call.get("to"))[1]


# --- share ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("where", "said"), [
    ("month=Mar", "Mar's value is 1,430 of 4,680 in all: 30.56%."),
    ("Mar", "Mar's value is 1,430 of 4,680 in all: 30.56%."),  # (a label alone)
    ("March", "Mar's value is 1,430 of 4,680 in all: 30.56%."),  # (a month's name is its abbreviation)
    ("month=february", "Feb's value is 950 of 4,680 in all: 20.3%."),
])
def test_share_is_a_rows_value_over_the_whole_columns_total(where: str, said: str) -> None:
    data, text = answer(SALES, "share", "value", where=where)
    assert text == said
    assert data["total"] == 4680 and data["counted"] == 4


def test_share_of_a_csv_names_the_row_and_the_column() -> None:
    data, said = answer(STAFF, "share", "salary", where="name=Cara")
    assert said == "Cara's salary is 105,000 of 394,000 in all: 26.65%."
    assert (data["result"], data["label"]) == (26.65, "Cara")


# --- change --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "said", "percent"), [
    ("month=Feb", "month=Mar", "From Feb (950) to Mar (1,430): up 480, 50.53%.", 50.53),
    ("February", "March", "From Feb (950) to Mar (1,430): up 480, 50.53%.", 50.53),
    ("Mar", "Apr", "From Mar (1,430) to Apr (1,100): down 330, 23.08%.", -23.08),
    ("Jan", "Jan", None, None),
])
def test_change_is_the_difference_and_its_percentage_of_the_first(start: str, end: str, said: str | None,
                                                                  percent: float | None) -> None:
    if said is None:
        with pytest.raises(ToolError, match=r"^table: from and to name the same row \(Jan\)$"):
            answer(SALES, "change", "value", start=start, end=end)
        return
    data, text = answer(SALES, "change", "value", start=start, end=end)
    assert (text, data["result"]) == (said, percent)


def test_change_says_no_change_and_no_percentage_from_zero() -> None:
    assert answer("a 0\nb 5\nc 5\n", "change", "value", start="b", end="c")[1] == "From b (5) to c (5): no change, 0%."
    data, said = answer("a 0\nb 5\nc 5\n", "change", "value", start="a", end="b")
    assert said == "From a (0) to b (5): up 5 (no percentage of a change from 0)."
    assert data["percent"] is None and data["difference"] == 5


@pytest.mark.parametrize(("text", "action", "column", "args", "error"), [
    (SALES, "share", "value", {"where": "May"}, r"^table: 'May' is a value of no column; say which, as column=value$"),
    (SALES, "share", "value", {"where": "month=May"},
     r"^table: no row has month 'May'; the values of month are Jan, Feb, Mar, Apr$"),
    (TWICE, "share", "value", {"where": "month=Mar"}, r"^table: 2 rows are where month is Mar; where must name one row$"),
    (TWICE, "change", "value", {"start": "Feb", "end": "Mar"},
     r"^table: 2 rows are where month is Mar; to must name one row$"),
    (SALES, "change", "value", {"start": "Feb", "end": "Sept"},
     r"^table: 'Sept' is a value of no column; say which, as column=value$"),
    (STAFF, "share", "dept", {"where": "name=Cara"}, r"^table: column 'dept' has no numbers$"),
    (STAFF, "change", "dept", {"start": "Alice", "end": "Bob"}, r"^table: column 'dept' has no numbers$"),
    (SALES, "share", "value", {}, r"^table: where names the row, as column=value or a label alone \(month=Mar\)$"),
    (SALES, "change", "value", {"start": "Feb"}, r"^table: to names the row"),
    (SALES, "change", "value", {"start": "Feb", "end": "Mar", "where": "Jan"},
     r"^table: change names its rows by from and to, not where$"),
    (SALES, "share", "value", {"where": "Mar", "by": "month"}, r"^table: by is for sum, mean, median, stdev, max, min and count$"),
    (SALES, "sum", "value", {"start": "Feb"}, r"^table: from and to are for change$"),
    ("a 0\nb 0\n", "share", "value", {"where": "a"}, r"^table: the total of value is 0; a share of it is no number$"),
])
def test_a_share_or_change_without_one_row_with_a_number_is_a_one_line_error(
        text: str, action: str, column: str, args: dict[str, str], error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(text, action, column, where=args.get("where"), by=args.get("by"), start=args.get("start"),
               end=args.get("end"))


def test_the_tool_takes_share_change_from_and_to() -> None:
    tool, ctx = TableTool(), ToolContext(now=lambda: NOW)
    assert {"share", "change"} <= set(tool.parameters["properties"]["action"]["enum"])
    assert {"from", "to"} <= set(tool.parameters["properties"])
    result = tool.run({"action": "change", "column": "value", "from": "month=Feb", "to": "month=Mar", "text": SALES},
                      ctx)
    assert result.text == "From Feb (950) to Mar (1,430): up 480, 50.53%."
    assert tool.run({"action": "share", "column": "value", "where": "Mar", "text": SALES}, ctx).data["result"] == 30.56


# --- the questions that go to them -----------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # the 1.5B: 44.68% (March left out of the total)
    ("What percentage of total sales was March?", SALES, {"action": "share", "column": "value", "where": "month=Mar"},
     "Mar's value is 1,430 of 4,680 in all: 30.56%."),
    ("What percentage of the total sales was March?", SALES, {"action": "share", "column": "value",
                                                              "where": "month=Mar"}, None),
    ("What share of the total is March?", SALES, {"action": "share", "column": "value", "where": "month=Mar"}, None),
    ("What percent of sales came from March?", SALES, {"action": "share", "column": "value", "where": "month=Mar"},
     None),
    ("March's share of the total", SALES, {"action": "share", "column": "value", "where": "month=Mar"}, None),
    ("What is March's share of total sales?", SALES, {"action": "share", "column": "value", "where": "month=Mar"},
     None),
    ("What share of the total salary is Cara?", STAFF, {"action": "share", "column": "salary", "where": "name=Cara"},
     "Cara's salary is 105,000 of 394,000 in all: 26.65%."),
    ("What percentage of the total was Monday?", WEEK, {"action": "share", "column": "value", "where": "day=Mon"},
     None),
    # (1430 - 950) / 950
    ("By how much did sales grow from February to March, in percent?", SALES,
     {"action": "change", "column": "value", "from": "month=Feb", "to": "month=Mar"},
     "From Feb (950) to Mar (1,430): up 480, 50.53%."),
    ("What's the percentage change from Feb to Mar?", SALES,
     {"action": "change", "column": "value", "from": "month=Feb", "to": "month=Mar"}, None),
    ("How much did sales go up from February to March?", SALES,
     {"action": "change", "column": "value", "from": "month=Feb", "to": "month=Mar"}, None),
    ("By how much did sales fall from March to April?", SALES,
     {"action": "change", "column": "value", "from": "month=Mar", "to": "month=Apr"},
     "From Mar (1,430) to Apr (1,100): down 330, 23.08%."),
    ("By how much did it change from Jan to Apr?", SALES,
     {"action": "change", "column": "value", "from": "month=Jan", "to": "month=Apr"}, None),
    # the 1.5B wrote code for it and made up its output: 2.5%
    ("By what percentage did sales grow from January to March?", SALES,
     {"action": "change", "column": "value", "from": "month=Jan", "to": "month=Mar"}, None),
    ("What percentage did sales drop from March to April?", SALES,
     {"action": "change", "column": "value", "from": "month=Mar", "to": "month=Apr"}, None),
    ("What is the percent increase in salary from Bob to Cara?", STAFF,
     {"action": "change", "column": "salary", "from": "name=Bob", "to": "name=Cara"}, None),
])
def test_a_share_or_change_question_goes_to_the_table_tool(question: str, text: str, call: dict[str, Any],
                                                            said: str | None) -> None:
    assert _routed(question, text) == call
    assert table_asked(f"{question}: {text}") is not None  # (after a colon too)
    if said is not None:
        assert _said(call, text) == said


def test_the_march_question_is_read_whole_and_answered_exactly() -> None:
    joined = read_whole("What percentage of total sales was March?", [SALES], EVERY, NOW)
    assert joined is not None
    found = exact_call(joined, EVERY, NOW)
    assert found is not None and found[0] == "table"
    assert _said(found[1], found[1]["text"]) == "Mar's value is 1,430 of 4,680 in all: 30.56%."


@pytest.mark.parametrize(("question", "text"), [
    ("What percentage of total sales was May?", SALES),  # (a label in no row)
    ("What percentage of total sales was March?", TWICE),  # (two rows with the label)
    ("By how much did sales grow from February to March?", TWICE),
    ("By how much did sales grow from February to May?", SALES),
    ("By how much did sales grow from March to March?", SALES),
    ("What percentage of the total salary was Eng?", STAFF),  # (a group of two rows, not one row)
    ("What share of the total dept is Cara?", STAFF),  # (no column of numbers by that name)
    ("What percentage of the total was spent?", SALES),
    ("What percent difference is there between Feb and Mar?", SALES),  # (a difference has no direction)
    ("How much did sales grow between February and March?", SALES),  # (unrouted: only "from A to B")
    ("By what percentage did sales grow from February to May?", SALES),  # (no May)
    ("By what percentage did cumulative sales grow from January to March?", SALES),  # (a running total's: a review's)
    ("By how much did year-to-date sales grow from January to March?", SALES),
])
def test_a_share_or_change_without_one_row_each_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None
