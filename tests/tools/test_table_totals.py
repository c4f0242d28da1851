"""Totals asked by what they count ("How many calories in total?" of label-and-number lines), the disk space of
`df -h` used, free or in all (said in G and T, as df -h writes sizes), the line that costs the most, and "the total
price" of a table with a quantity (price × qty). The 1.5B's answers, before, are in each case's comment; the
near misses stay the model's, or keep the old call."""

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
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tools.table import answer
from llorch.tools.tablereading import read_table, said_size
from support import table_routed

FOOD = "apple 95\nbanana 105\nyogurt 150\n"
SPENT = "rent 1200\nfood 450\ntransport 120\nfun 80\n"
STEPS = "Mon 8200\nTue 10400\nWed 7600\n"
DF = """Filesystem      Size  Used Avail Use% Mounted on
/dev/sda1        50G   31G   17G  65% /
/dev/sdb1       200G  120G   70G  64% /data
tmpfs           7.8G  1.2G  6.6G  16% /run
"""
DF_TB = """Filesystem      Size  Used Avail Use% Mounted on
/dev/sda1       1.8T  640G  1.1T  37% /
/dev/sdb1       2.0T  1.1T  800G  58% /data
"""
DU = "4.0K\t./notes\n12M\t./photos\n1.5G\t./videos\n1.6G\ttotal\n"
ORDER = "item,price,qty\nlamp,34.99,2\ndesk,149.00,1\n"
LEDGER = "salary 3000\nrent -1200\nfood -54.20\nbonus 200\n"
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)


def _said(call: dict[str, Any], text: str) -> tuple[dict[str, Any], str]:
    return answer(text, call["action"], call["column"], call.get("value"), call.get("also"), call.get("where"),
                  call.get("by"), False, None, None, call.get("times"), call.get("as"))


@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # (the 1.5B said 340)
    ("How many calories in total?", FOOD, {"action": "sum", "column": "value"}, "The total of value over 3 rows is 350."),
    ("How much did I spend in total?", SPENT, {"action": "sum", "column": "value"},  # (as before)
     "The total of value over 4 rows is 1,850."),
    ("What's the total cost?", SPENT, {"action": "sum", "column": "value"},  # (as before)
     "The total of value over 4 rows is 1,850."),
    # (the 1.5B: $65.70 for 55.50 of four expenses; and groceries' 12.50 as the biggest of them, for dinner's 30)
    ("What did I spend in total?", SPENT, {"action": "sum", "column": "value"},
     "The total of value over 4 rows is 1,850."),
    ("What was my biggest expense?", SPENT, {"action": "max", "column": "value"},
     "Of 4 rows, the largest value is 1200 (the row: label rent, value 1200)."),
    ("How many steps did I walk altogether?", STEPS, {"action": "sum", "column": "value"},
     "The total of value over 3 rows is 26,200."),
    ("How many steps did I walk?", STEPS, {"action": "sum", "column": "value"},
     "The total of value over 3 rows is 26,200."),
    ("How many dollars did I spend in total?", SPENT, {"action": "sum", "column": "value"},
     "The total of value over 4 rows is 1,850."),
    ("How many calories is that altogether?", FOOD, {"action": "sum", "column": "value"},
     "The total of value over 3 rows is 350."),
    # a unit that is a column's name, of any table
    ("How many calories in total?", "food,calories,protein\napple,95,0.5\negg,78,6\n",
     {"action": "sum", "column": "calories"}, "The total of calories over 2 rows is 173."),
    ("How many lines in total?", "   412 src/main.c\n  1290 src/parser.c\n    88 src/util.h\n  1790 total\n",
     {"action": "sum", "column": "number"}, "The total of number over 3 rows is 1,790 (not counted: 1790 total)."),
    # the line that costs the most, named
    ("Which costs the most?", SPENT, {"action": "max", "column": "value"},
     "Of 4 rows, the largest value is 1200 (the row: label rent, value 1200)."),
    ("Where did I spend the most?", SPENT, {"action": "max", "column": "value"},
     "Of 4 rows, the largest value is 1200 (the row: label rent, value 1200)."),
    ("What did I spend the least money on?", SPENT, {"action": "min", "column": "value"},
     "Of 4 rows, the smallest value is 80 (the row: label fun, value 80)."),
    ("Which is the most expensive?", SPENT, {"action": "max", "column": "value"},
     "Of 4 rows, the largest value is 1200 (the row: label rent, value 1200)."),
    ("Which costs the least?", ORDER, {"action": "min", "column": "price"},
     "Of 2 rows, the smallest price is 34.99 (the row: item lamp, price 34.99, qty 2)."),
])
def test_a_total_asked_by_its_unit_and_the_costliest_line_go_to_the_tool(question: str, text: str,
                                                                          call: dict[str, Any], said: str) -> None:
    assert table_routed(question, text) == call
    assert _said(call, text)[1] == said


@pytest.mark.parametrize(("question", "text"), [
    ("How many items in total?", FOOD),  # (3 lines: not the sum of their numbers)
    ("How many apples in total?", "apple 3\nbanana 5\n"),  # (one line's)
    ("How many days in total?", STEPS),  # (the labels' own column)
    ("How many users in total?", "alice 34\nbob 27\n"),  # (people: their ages are no count of them)
    ("How many employees in total?", "name,age\nann,34\nbob,27\n"),  # (no column of employees)
    ("How many years in total?", "name,year\na,2001\nb,2003\n"),  # (a year is no amount)
    ("How many calories?", FOOD),  # (no total said)
    ("How many hours did I work on Monday?", "Mon 8\nTue 7.5\n"),  # (one line's)
    ("How many calories in total?", "Just some text\nand no table here\n"),
    # what was spent on a label of two lines is their sum, which no line has
    ("Where did I spend the most?", "2026-11-03 groceries 54.20\n2026-11-04 fuel 61.00\n2026-11-09 groceries 80.10\n"),
    ("Where did I spend the most?", ORDER),  # (price × qty, or the price: two columns of numbers)
    # a ledger's signed amounts: what was spent is no sum of them, nor its largest (a review's: the salary, 3000)
    ("What did I spend in total?", LEDGER),
    ("How much did I spend in total?", LEDGER),
    ("Where did I spend the most?", LEDGER),
    ("What was my biggest expense?", LEDGER),
    # two currencies: their sum is of nothing (a review's: 36.5)
    ("What did I spend in total?", "coffee $4.50\nlunch $12.00\nmuseum €20.00\n"),
    ("What was my biggest cost?", "coffee 4.50 USD\nlunch 12.00 USD\nmuseum 20.00 EUR\n"),
])
def test_a_total_or_a_most_that_is_no_sum_of_one_column_stays_the_models(question: str, text: str) -> None:
    assert table_routed(question, text) is None


def test_a_ledgers_net_is_still_its_total() -> None:
    assert table_routed("What is the total?", LEDGER) == {"action": "sum", "column": "value"}  # (the net: asked so)
    assert table_routed("What is the average amount I spent?", LEDGER) is None
    # (a review's: the column's own name, a net, or "made" is no question of what was spent; nor is a currency in
    # another column than the one added)
    assert table_routed("What is my total net income?", "month,net_income\nJan,-200\nFeb,500\nMar,300\n") == {
        "action": "sum", "column": "net_income"}
    assert table_routed("Which month made the most profit?", "month,profit\nJan,-200\nFeb,500\nMar,300\n") == {
        "action": "max", "column": "profit"}
    assert table_routed("What is the total cost?", "item,cost,note\nTaxi,$25,paid 20 EUR tip separately\n"
                                                   "Bus,$15,ok\n") == {"action": "sum", "column": "cost"}
    assert table_routed("What did I spend in total?", "coffee $4.50\nlunch $12.00\n") == {"action": "sum",
                                                                                          "column": "value"}


@pytest.mark.parametrize(("question", "text", "column", "said"), [
    # (the 1.5B said 151G)
    ("How much disk space is used in total?", DF, "used",
     "The total of used over 3 rows is 152.2G (152.2 GiB, 163,423,505,612 bytes)."),
    ("How much space is available in total?", DF, "available",
     "The total of available over 3 rows is 93.6G (93.6 GiB, 100,502,234,726 bytes)."),
    ("How much space is free in total?", DF, "available",
     "The total of available over 3 rows is 93.6G (93.6 GiB, 100,502,234,726 bytes)."),
    ("How much free disk space do I have altogether?", DF, "available",
     "The total of available over 3 rows is 93.6G (93.6 GiB, 100,502,234,726 bytes)."),
    ("What's the total size?", DF, "size", "The total of size over 3 rows is 257.8G (257.8 GiB, 276,810,642,227 bytes)."),
    # (the last word "space" named the size; "usage", the Use% column: 145)
    ("What's the total free space?", DF, "available",
     "The total of available over 3 rows is 93.6G (93.6 GiB, 100,502,234,726 bytes)."),
    ("What's the total disk usage?", DF, "used",
     "The total of used over 3 rows is 152.2G (152.2 GiB, 163,423,505,612 bytes)."),
    # a column of G and T: 640G + 1.1T
    ("How much disk space is used in total?", DF_TB, "used",
     "The total of used over 2 rows is 1.72T (1.72 TiB, 1,896,657,557,913 bytes)."),
    ("How much space is used in total?", DU, "number",
     "The total of number over 3 rows is 1.51G (1.51 GiB, 1,623,199,744 bytes) (not counted: 1.6G\ttotal)."),
    # a df that jc's parser cannot place: its cells as written
    ("How much space is free in total?", "Filesystem Size Used Avail Use% Mounted on\n/dev/a 1.8T 1.8T 0 100% /\n"
     "/dev/b 2.0T 1.1T 800G 58% /data\n", "Avail", "The total of Avail over 2 rows is 800G (800 GiB, 858,993,459,200 bytes)."),
])
def test_the_disk_space_of_df_is_totalled_in_its_units(question: str, text: str, column: str, said: str) -> None:
    call = table_routed(question, text)
    assert call == {"action": "sum", "column": column}
    data, words = _said(call, text)
    assert words == said
    assert (data["result"], data["unit"]) == said_size(data["bytes"])[:2]


def test_what_df_leaves_unsaid_stays_as_it_was() -> None:
    assert table_routed("How much space is left?", DF) is None  # (of one filesystem, or in all: unsaid)
    assert table_routed("How much free space is there?", DF) is None
    # df's 1K-blocks are no sizes with units: the total as a number
    blocks = "Filesystem 1K-blocks Used Available Use% Mounted on\n/dev/a 51474912 32473660 16363368 67% /\n" \
             "/dev/b 100000 2000 98000 2% /data\n"
    assert table_routed("How much disk space is used in total?", blocks) == {"action": "sum", "column": "Used"}
    assert _said({"action": "sum", "column": "Used"}, blocks)[1] == "The total of Used over 2 rows is 32,475,660."
    # nor a number with a unit in a column of money ("1.2M"), nor a column with a unit on some cells only
    assert read_table("region revenue\nnorth 1.2M\nsouth 3.4M\n").sized == frozenset()  # type: ignore[union-attr]
    assert _said({"action": "sum", "column": "size"}, "name size\na 100K\nb 200\n")[1] == \
        "The total of size over 2 rows is 102,600."
    # per filesystem, as before: in bytes
    data, _ = answer(DF, "sum", "used", by="filesystem")
    assert data["result"]["tmpfs"] == 1288490188


@pytest.mark.parametrize(("n_bytes", "said"), [
    (163423505612, (152.2, "G", "152.2G (152.2 GiB, 163,423,505,612 bytes)")),
    (1623199744, (1.51, "G", "1.51G (1.51 GiB, 1,623,199,744 bytes)")),
    (151 * 2**30, (151.0, "G", "151G (151 GiB, 162,135,015,424 bytes)")),
    (4096, (4.0, "K", "4K (4 KiB, 4,096 bytes)")),
    (512, (512.0, "B", "512 bytes")),
])
def test_a_number_of_bytes_is_said_in_the_largest_unit_it_holds(n_bytes: float,
                                                                said: tuple[float, str, str]) -> None:
    assert said_size(n_bytes) == said


def test_the_average_of_sizes_and_the_rows_a_where_keeps_are_said_in_units_too() -> None:
    data, said = answer(DF, "mean", "used")
    assert said == "The average of used over 3 rows is 50.7G (50.7 GiB, 54,474,501,871 bytes) (total 152.2G)."
    assert data["result"] == 50.7 and data["total"] == 163423505612
    assert answer(DF, "sum", "used", where="used>10G")[1] == \
        "The total of used over the 2 rows where used is above 10G is 151G (151 GiB, 162,135,015,424 bytes)."


@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # a price with a quantity: price × qty, as "the total cost" (summed, the unit prices made 183.99)
    ("What's the total price?", ORDER, {"action": "sum", "column": "price", "times": "qty", "as": "cost"},
     "The total of cost (price × qty) over 2 rows is 218.98."),
    ("What's the price in total?", ORDER, {"action": "sum", "column": "price", "times": "qty", "as": "cost"},
     "The total of cost (price × qty) over 2 rows is 218.98."),
    ("What's the total price of the order?", ORDER, {"action": "sum", "column": "price", "times": "qty", "as": "cost"},
     "The total of cost (price × qty) over 2 rows is 218.98."),
    # the table's own total of each line
    ("What's the total price?", "item,unit_price,qty,total_price\nlamp,34.99,2,69.98\ndesk,149.00,1,149.00\n",
     {"action": "sum", "column": "total_price"}, "The total of total_price over 2 rows is 218.98."),
    # a price alone, or beside a stock (no quantity bought): its sum, as before
    ("What's the total price?", "item,price\nlamp,34.99\ndesk,149.00\n", {"action": "sum", "column": "price"},
     "The total of price over 2 rows is 183.99."),
    ("What's the total price?", "item,price,stock\nlamp,34.99,2\ndesk,149.00,1\n", {"action": "sum", "column": "price"},
     "The total of price over 2 rows is 183.99."),
])
def test_the_total_price_of_a_table_with_a_quantity_is_price_times_qty(question: str, text: str,
                                                                       call: dict[str, Any], said: str) -> None:
    assert table_routed(question, text) == call
    assert _said(call, text)[1] == said


def test_a_price_asked_without_a_total_stays_as_it_was() -> None:
    assert table_routed("What's the price?", ORDER) is None
    assert table_routed("What's the total price of the lamp?", ORDER) is None  # (one row's: the model's)
    assert table_routed("Which item has the highest price?", ORDER) == {"action": "max", "column": "price"}


def test_long_piped_texts_are_read_at_once() -> None:
    lines = "".join(f"item{i} {i}\n" for i in range(20_000))
    start = time.perf_counter()
    for question in ("How many calories in total?", "How many " + "a" * 5000 + " in total?",
                     "How much disk space is used " + "in total " * 2000 + "?", "Where did I spend the most?",
                     "How many steps did I walk " + "up " * 3000 + "?"):
        call = table_routed(question, lines)
        if call is not None:
            _said(call, lines)
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
    ("How many calories in total?", FOOD, "That is 340 calories in total.", "350 calories in total."),
    ("How much disk space is used in total?", DF, "About 151G is used.", "152.2G is used in total."),
    ("What's the total price?", ORDER, "The total price is 183.99.", "The total price is 218.98."),
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


def test_two_currencies_are_looked_for_quickly() -> None:
    """(a review's: "1,1,1,…" was tried from each comma, 25 s on 20 KB)"""
    from llorch.tools.tableunits import mixed_money

    started = time.perf_counter()
    assert not mixed_money("1," * 50_000)
    assert mixed_money("1," * 50_000 + " 12 USD and 9 EUR")
    table_routed("What is the total?", "a,b\n" + "1," * 20_000 + "\n2,3\n")
    assert time.perf_counter() - started < 3  # (about 0.05 s)
