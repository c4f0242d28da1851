"""The table tool: tables read from CSV, JSON and command output, computed answers, and the plain questions about a
piped table that go to it (the 1.5B's answers to them, before, are in each case's comment)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.errors import ToolError
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tools.exact import exact_call, read_whole
from llorch.tools.registry import BUILTIN_TOOLS
from llorch.tools.table import answer
from llorch.tools.tablequestions import table_asked
from llorch.tools.tablereading import read_table

LS = """total 5208
-rw-r--r-- 1 sam staff    1843 Nov 28 10:02 README.md
-rw-r--r-- 1 sam staff 2204711 Dec  1 09:13 backup.tar.gz
-rwxr-xr-x 1 sam staff 3015520 Dec  2 11:55 my app.bin
-rw-r--r-- 1 sam staff     912 Oct 12 08:01 todo.md
"""
DF = """Filesystem      Size  Used Avail Use% Mounted on
/dev/sda1        98G   61G   33G  65% /
tmpfs           7.8G  1.2M  7.8G   1% /run
/dev/sdb1       916G  871G   45G  96% /data
"""
PS = """USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
root         1  0.0  0.1 168532 11904 ?        Ss   Dec01   0:04 /sbin/init
sam       3310 25.0  4.2 2231000 340112 ?      Rl   09:12   5:11 python train.py
sam       4120  0.0 18.7 6021112 1520000 ?     Sl   08:40   2:03 /opt/slack/slack
"""
WC = """   412 src/main.c
  1290 src/parser.c
    88 src/util.h
  1790 total
"""
SALES = """date,customer,amount
2026-11-02,Acme,120.50
2026-11-03,Globex,89.99
2026-11-05,Initech,310.00
2026-11-09,Acme,45.25
"""
STAFF = "name;team;salary\nAna;Sales;52000\nBen;Ops;81000\nChen;Sales;49500\n"
LOG = """10.0.0.5 - - [05/Dec/2026:10:01:02] "GET / HTTP/1.1" 200
10.0.0.7 - - [05/Dec/2026:10:01:05] "GET /login HTTP/1.1" 200
10.0.0.7 - - [05/Dec/2026:10:02:30] "GET /admin HTTP/1.1" 403
"""
NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "kind", "columns", "rows"), [
    (LS, "ls -l", ("filename", "size"), 4),  # ("total 5208" is not a row)
    (DF, "df", ("filesystem", "mounted_on", "use_percent"), 3),
    (PS, "ps", ("command", "pid", "user", "mem_percent"), 3),
    (WC, "counts", ("number", "name"), 3),  # (the total line is left out)
    (SALES, "csv", ("date", "customer", "amount"), 4),
    (STAFF, "csv", ("name", "team", "salary"), 3),
    ('[{"user": "kim", "score": 88}, {"user": "lee", "score": 93}]', "json", ("user", "score"), 2),
    ('{"user": "kim", "score": 88}\n{"user": "lee", "score": 93}\n', "json", ("user", "score"), 2),
    ("name size_mb\nalpha 120\nbeta 340\n", "columns", ("name", "size_mb"), 2),
    # a df whose columns jc's parser cannot place: its header's last two words are one column
    ("Filesystem Size Used Avail Use% Mounted on\n/dev/a 1G 1G 0 100% /\n/dev/b 10G 2G 8G 20% /data\n", "columns",
     ("Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on"), 2),
])
def test_tables_are_read_from_csv_json_and_command_output(text: str, kind: str, columns: tuple[str, ...],
                                                          rows: int) -> None:
    table = read_table(text)
    assert table is not None and table.kind == kind and len(table.rows) == rows
    assert table.columns[: len(columns)] == columns


@pytest.mark.parametrize("text", [
    "Just a sentence.\nAnd another one, with a comma.\n",
    "one\n",
    "# Notes\n\n- buy milk\n- call Sam\n",
    '{"a": 1}',
    LOG,  # (not a table: its addresses are counted by `most` of "ip")
])
def test_a_text_that_is_no_table_is_not_read_as_one(text: str) -> None:
    assert read_table(text) is None


@pytest.mark.parametrize(("text", "action", "column", "said"), [
    (SALES, "sum", "amount", "The total of amount over 4 rows is 565.74."),  # (float addition: 565.7399…)
    (SALES, "mean", "amount", "The average of amount over 4 rows is 141.435 (total 565.74)."),
    (LS, "max", "size", "Of 4 rows, the largest size is 3015520 (the row: filename my app.bin, size 3015520, date Dec 2 "
                        "11:55, owner sam, group staff, flags -rwxr-xr-x, links 1)."),
    (WC, "min", "number", "Of 3 rows, the smallest number is 88 (the row: number 88, name src/util.h) (not counted: 1790 "
                          "total)."),
    (STAFF, "count", "team", None),
    (SALES, "most", "customer", "The most common customer is Acme: 2 of 4; then Globex (1), Initech (1)."),
    (LOG, "most", "ip", "The most common IP address is 10.0.0.7: 2 of 3; then 10.0.0.5 (1)."),
])
def test_each_action_computes_over_the_column(text: str, action: str, column: str, said: str | None) -> None:
    data, text_said = answer(text, action, column, "sales" if action == "count" else None)
    if said is not None:
        assert text_said == said
    if action == "count":
        assert data["result"] == 2 and data["labels"] == ["Ana", "Chen"]
        assert text_said == "2 of 3 rows have team sales: Ana, Chen."


def test_sizes_with_units_compare_as_sizes_and_ties_name_every_row() -> None:
    data, _ = answer(DF, "max", "size", None)  # 916G > 98G > 7.8G, as sizes rather than as text
    assert data["labels"] == ["/data"] and data["cell"] == "983547510784"  # (jc's bytes)
    data, said = answer("name size\na 1.5G\nb 900M\nc 1.5G\n", "max", "size", None)
    assert data["labels"] == ["a", "c"] and said.startswith("Of 3 rows, the largest size is 1.5G (2 rows: ")


def test_max_names_the_column_asked_for_beside_it_with_an_iso_date_spelled_out() -> None:
    data, said = answer("date,temp_c\n2026-07-01,24.1\n2026-07-03,31.2\n", "max", "temp_c", None, "date")
    assert said.startswith("Of 2 rows, the largest temp_c is 31.2; its date is 2026-07-03 (Friday 3 July 2026) (")
    assert data["also_forms"] == ["2026-07-03", "3 July", "July 3"]


_CELLS = st.sampled_from(["1", "2.5", "-3", "1,200", "$4", "65%", "1.2G", "nan", "1e999", "1e308", "", "x", "Sales", "2026-02-30",
                          "a b", "\r", "\t", "ü", "[", "\"", "total", "-rw-r--r--", "10.0.0.1", "999.1.1.1",
                          "2026-11-03", "Mon", "pen", "qty"])
_LINES = st.lists(st.lists(_CELLS, min_size=1, max_size=6), min_size=0, max_size=6)
_JOINS = st.sampled_from([",", "\t", " ", ";", "|"])
_HEADS = st.sampled_from(["", "amount,size,date\n", "Filesystem Size Used Avail Use% Mounted on\n", "total 5\n",
                          "USER PID %CPU %MEM COMMAND\n", "[", "{"])


@settings(max_examples=300, deadline=None)
@given(head=_HEADS, lines=_LINES, join=_JOINS, question=st.sampled_from([
    "What is the total of the amount column?", "Which file is the largest?", "What's the average?",
    "Which IP address appears most often?", "How many employees are in the Sales department?",
    "What was the maximum temperature, and on which date?", "Which process is using the most memory?",
    "What's the average amount in Sales?", "What's the total size per date?", "Who earns the most?",
    "What's the warmest day?", "Sort these by amount, largest first", "How much did I spend on Sales in November?",
    "How many pens were ordered in total?"]),
    action=st.sampled_from(["sum", "mean", "max", "min", "count", "most", "sort"]))
def test_any_text_is_a_table_answered_or_a_one_line_error_never_a_crash(head: str, lines: list[list[str]], join: str,
                                                                        question: str, action: str) -> None:
    """(a lone carriage return in a CSV field raised csv.Error out of the exact step; two 1e308s summed, OverflowError)"""
    text = head + "\n".join(join.join(cells) for cells in lines)
    found = table_asked(f"{question}\n\n{text}")
    for args in ([found["text"], found["action"], found["column"], found.get("value"), found.get("also"),
                  found.get("where"), found.get("by"), found.get("descending", False)] if found else None,
                 [text, action, "amount", "Sales", None], [text, action, "amount", None, None, "Sales", None],
                 [text, action, "amount", None, None, "date=2026-02-30", "size"],
                 [text, action, "date", None, None, "amount=1, date=2026-02", None, True]):
        if args is None:
            continue
        try:
            answer(*args)
        except ToolError as exc:
            assert "\n" not in str(exc)


@pytest.mark.parametrize(("text", "action", "column", "error"), [
    (SALES, "sum", "price", "no column 'price' in this table; its columns are date, customer, amount"),
    (SALES, "sum", "customer", "column 'customer' has no numbers"),
    ("Just prose.\nNothing more.\n", "sum", "x", "this text is not a table"),
    (SALES, "mode", "amount", "unknown action 'mode'"),
    (STAFF, "count", "team", "say which value to count"),
    ("id,n\n" + "1,2\n" * 200_001, "sum", "n", "more than 200,000 lines, more rows than the tool reads; give it part"),
])
def test_what_cannot_be_computed_is_a_one_line_error(text: str, action: str, column: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        answer(text, action, column, None)


@pytest.mark.parametrize(("question", "text", "args"), [
    # the 1.5B, before: 2000.00 (1847.69 for the whole set), 6.24 (4.70), python train.py, main.c, 10.0.0.5, 1,545
    ("What is the total of the amount column?", SALES, {"action": "sum", "column": "amount"}),
    ("Add up the amounts", SALES, {"action": "sum", "column": "amount"}),
    ("What's the average amount?", SALES, {"action": "mean", "column": "amount"}),
    ("Which process is using the most memory?", PS, {"action": "max", "column": "mem_percent"}),
    ("Which process uses the most CPU?", PS, {"action": "max", "column": "cpu_percent"}),
    # (a memory column with its unit: the 1.5B named "app" at 430 MB over postgres at 612)
    ("Which container uses the most memory?", '[{"name": "nginx", "mem_mb": 48}, {"name": "postgres", "mem_mb": 612}]',
     {"action": "max", "column": "mem_mb"}),
    ("Which file is the largest?", LS, {"action": "max", "column": "size"}),
    ("Which file is the smallest?", LS, {"action": "min", "column": "size"}),
    ("Which filesystem is the fullest?", DF, {"action": "max", "column": "use_percent"}),
    ("Which filesystem is the fullest?", "Filesystem Size Used Avail Use% Mounted on\n/dev/a 1G 1G 0 100% /\n"
     "/dev/b 10G 2G 8G 20% /data\n", {"action": "max", "column": "Use%"}),
    ("Which file has the most lines?", WC, {"action": "max", "column": "number"}),
    ("What's the biggest file?", LS, {"action": "max", "column": "size"}),  # (the file is the row: by its size)
    ("What was the largest amount, and on which date?", SALES, {"action": "max", "column": "amount", "also": "date"}),
    ("How many people are in the Sales team?", STAFF, {"action": "count", "column": "team", "value": "Sales"}),
    ("How many orders are from Acme?", SALES, {"action": "count", "column": "customer", "value": "Acme"}),
    ("How many orders are there for Acme?", SALES, {"action": "count", "column": "customer", "value": "Acme"}),
    ("How many rows are for Acme?", SALES, {"action": "count", "column": "customer", "value": "Acme"}),
    ("Which customer appears most often?", SALES, {"action": "most", "column": "customer"}),
    ("Which IP address appears most often?", LOG, {"action": "most", "column": "ip"}),
    ("What is the sum of the sizes in MB?", "name size_mb\nalpha 120\nbeta 340\n", {"action": "sum",
                                                                                    "column": "size_mb"}),
    # no column named: the one column of amounts (an order number is none)
    ("How much did I spend in total?", "date,item,cost\n2026-12-01,tea,3.40\n2026-12-02,cake,4.25\n",
     {"action": "sum", "column": "cost"}),
    ("What's the average?", "order,revenue\n1001,250.00\n1002,99.95\n", {"action": "mean", "column": "revenue"}),
    ("What do these add up to?", SALES, {"action": "sum", "column": "amount"}),
])
def test_a_plain_question_about_a_piped_table_is_recognised(question: str, text: str, args: dict[str, Any]) -> None:
    found = table_asked(f"{question}\n\n{text}")
    assert found is not None
    assert {k: v for k, v in found.items() if k != "text"} == args
    assert found["text"] == text.strip()
    assert table_asked(f"{question}: {text}") is not None  # (after a colon too)


_PEOPLE = "alice 34 5200\nbob 29 4800\ncarol 41 6100\n"  # (no header line: its columns have only their places)


@pytest.mark.parametrize(("question", "text", "column", "said"), [
    # the 1.5B averaged the second column as 40 for the third's 5,366.67
    ("What is the average of the third column?", _PEOPLE, "column 3",
     "The average of column 3 over 3 rows is 5,366.67 (total 16,100)."),
    ("What is the sum of the 2nd column?", _PEOPLE, "column 2", "The total of column 2 over 3 rows is 104."),
    ("What's the maximum of column 3?", "x,1,9.5\ny,2,11.25\nz,3,7\n", "column 3",
     "Of 3 rows, the largest value in column 3 is 11.25 (the row: y, 2, 11.25)."),
    ("What is the smallest value in the last column?", "x;1;9.5\ny;2;11.25\n", "column 3",
     "Of 2 rows, the smallest value in column 3 is 9.5 (the row: x, 1, 9.5)."),
    # under a header line, the place names the header's column
    ("What is the total of the second column?", "name,qty,price\nbolt,12,0.10\nnut,30,0.05\n", "qty",
     "The total of qty over 2 rows is 42."),
    ("What is the average of the last column?", "city pop area\nA 100 5\nB 300 7\n", "area",
     "The average of area over 2 rows is 6 (total 12)."),
])
def test_a_column_named_by_its_place_is_that_column(question: str, text: str, column: str, said: str) -> None:
    found = table_asked(f"{question}\n\n{text}")
    assert found is not None and found["column"] == column
    assert answer(found["text"], found["action"], found["column"])[1] == said


@pytest.mark.parametrize(("question", "text"), [
    ("What is the average of the first column?", _PEOPLE),  # names, no numbers
    ("What is the sum of the fifth column?", _PEOPLE),  # three columns
    ("What is the sum of the second column?", "a 1\nb 2 3\n"),  # rows of different widths
    ("What is the sum of the second column?", "one two\nthree four\n"),  # no column of numbers
])
def test_a_place_the_rows_do_not_have_stays_the_models(question: str, text: str) -> None:
    assert table_asked(f"{question}\n\n{text}") is None


def test_a_models_call_may_name_a_column_by_its_place_or_number() -> None:
    assert answer(_PEOPLE, "sum", "3")[1] == "The total of column 3 over 3 rows is 16,100."
    assert answer("n,m\n1,2\n3,4\n", "sum", "second")[1] == "The total of m over 2 rows is 6."
    with pytest.raises(ToolError, match="no column 'column 9'"):
        answer(_PEOPLE, "sum", "column 9")


@pytest.mark.parametrize(("question", "text"), [
    ("Summarise this", SALES),
    ("What is the total of the price column?", SALES),  # no such column
    ("What is the highest mountain in the world?", SALES),
    ("How many employees are in Paris?", STAFF),  # no cell says Paris
    ("Which file is the largest?", "The first file is big.\nThe second one is bigger.\n"),
    ("Which one is the best?", SALES),
    ("What was the largest amount, and on which planet?", SALES),  # no such column
    ("What is the largest customer?", SALES),  # by what? (no size to go by)
    ("Which container uses the most memory?", "name,mem_mb,mem_kb\na,1,1000\nb,2,2000\n"),  # which of the two?
    ("What is the total of the amount column?", ""),  # (no table given)
    ("What's the total?", "id,cost,qty\n1,3.40,2\n2,12.90,1\n"),  # two columns of amounts: which?
    ("What's the total?", LS),  # (links and size)
    ("Which users have /bin/bash as their shell?", "root:x:0:0:root:/root:/bin/bash\nsam:x:1000:1000::/home/sam:/bin/sh\n"),
    # a quantity asked of a column of numbers, or of a thing in a cell: no count of rows (a review's: "How many votes
    # are there for Smith?" said 2 rows for 150 votes)
    ("How many votes are there for Smith?", "candidate,votes\nSmith,120\nJones,95\nSmith,30\n"),
    ("How many pens are there for Anna?", "name,item,qty\nAnna,pen,2\nBo,pen,1\nAnna,pen,1\n"),
    ("How many goals were there for Arsenal?", "team,goals\nArsenal,2\nSpurs,1\nArsenal,3\n"),
])
def test_other_questions_and_texts_stay_the_models(question: str, text: str) -> None:
    assert table_asked(f"{question}\n\n{text}" if text else question) is None


def test_a_piped_table_goes_to_the_table_tool_before_count_and_is_read_whole() -> None:
    every = tuple(BUILTIN_TOOLS)
    found = exact_call(f"How many people are in the Sales team?\n\n{STAFF}", every, NOW)
    assert found is not None and found[0] == "table"  # (count's "how many … in" would count letters)
    big = "id,amount\n" + "".join(f"{i},{i}.25\n" for i in range(20000))
    assert read_whole("What is the total of the amount column?", [big], every, NOW) is not None
    data, said = answer(big, "sum", "amount")
    assert data["result"] == sum(range(20000)) + 0.25 * 20000 and "over 20000 rows" in said


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _conv(store: Store, backend: FakeBackend) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "count", "table"], "auto": "off"}}, "test", name="general-like")
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: NOW))


@pytest.mark.parametrize(("asked", "text", "wrong", "right"), [
    ("Which process is using the most memory?", PS, "The process using the most memory is `python train.py`.",
     "It is /opt/slack/slack, at 18.7% of memory."),
    ("What is the total of the amount column?", SALES, "The total is 2000.00.", "The total is 565.74."),
    ("What was the largest amount, and on which date?", SALES,
     "The largest amount was 310.00, on Sunday 6 December 2026.", "310.00, on 5 November."),
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


def test_the_tool_command_reads_a_tools_text_from_stdin_when_none_is_given() -> None:
    from support import invoke_main

    r = invoke_main(["tool", "table", "max", "use_percent"], input=DF)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Of 3 rows, the largest use_percent is 96 (the row: filesystem /dev/sdb1, mounted_on /data")
    r = invoke_main(["tool", "table", "sum", "amount"], input="just words\nno table\n")
    assert r.exit_code == 1 and r.stderr.startswith("Error: table: this text is not a table")
    r = invoke_main(["tool", "encode", "sha256"], input="abc\n")  # as `echo abc | sha256sum` reads it
    assert r.stdout.strip().endswith("edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb")
    r = invoke_main(["tool", "count", "words", "two words"], input="three more words\n")  # given: stdin unread
    assert r.stdout.strip() == "“two words” has 2 words."


# --- the times in a log's lines --------------------------------------------------------------------------

_REQUESTS = "GET /a 200 120ms\nGET /b 200 80ms\nPOST /c 500 310ms\nGET /d 200 95ms\n-- restarted --\n"


@pytest.mark.parametrize(("action", "said", "result"), [
    # the 1.5B averaged the GETs apart from the POST: "105ms, and 310ms for the POST request"
    ("mean", "The average of the 4 times is 151.25 ms (total 605 ms); 1 line without one time left out.", 151.25),
    ("sum", "The total of the 4 times is 605 ms; 1 line without one time left out.", 605),
    ("max", "Of the 4 times, the longest is 310ms (line 3: POST /c 500 310ms); 1 line without one time left out.", 310),
    ("min", "Of the 4 times, the shortest is 80ms (line 2: GET /b 200 80ms); 1 line without one time left out.", 80),
])
def test_the_times_of_a_logs_lines(action: str, said: str, result: float) -> None:
    data, text = answer(_REQUESTS, action, "response time")
    assert (text, data["result"]) == (said, result)


def test_times_in_other_units_are_put_in_one() -> None:
    logfmt = "level=info msg=a duration=1.2s\nlevel=info msg=b duration=350ms\nlevel=info msg=c duration=2s\n"
    assert answer(logfmt, "sum", "duration")[1] == "The total of the 3 times is 3,550 ms."
    assert answer("a took 1.5 s\nb took 2.5 seconds\n", "mean", "time")[1] == "The average of the 2 times is 2 s (total 4 s)."
    morgan = "GET / 304 2.563 ms - -\nGET /x 200 14.100 ms - 512\nGET /y 200 0.900 ms - 12\n"  # express's morgan 'dev'
    assert answer(morgan, "max", "latency")[0]["cell"] == "14.100 ms"


def test_a_line_with_two_times_is_left_out_and_said_to_be() -> None:
    rails = "Completed 200 OK in 12ms (Views: 3ms)\nCompleted 200 OK in 20ms\nCompleted 500 in 40ms\n"
    assert answer(rails, "mean", "time")[1] == ("The average of the 2 times is 30 ms (total 60 ms); 1 line without one "
                                                 "time left out.")
    with pytest.raises(ToolError, match="fewer than two lines of this text hold a time"):
        answer("one 3ms\nnone here\n", "mean", "time")


@pytest.mark.parametrize(("question", "action", "column"), [
    ("What's the average response time?", "mean", "response time"),
    ("Which request was the slowest?", "max", "time"),
    ("Which request was the fastest?", "min", "time"),
    ("What is the total time?", "sum", "time"),
    ("What's the longest latency?", "max", "latency"),
])
def test_a_question_about_a_logs_times_goes_to_the_table_tool(question: str, action: str, column: str) -> None:
    assert table_asked(f"{question}\n\n{_REQUESTS}") == {"action": action, "column": column, "text": _REQUESTS.strip()}


def test_a_tables_own_time_column_is_its_own_and_lengths_are_no_times() -> None:
    assert table_asked("What is the average time?\n\nname,time\na,3\nb,5") == {
        "action": "mean", "column": "time", "text": "name,time\na,3\nb,5"}
    assert answer("name,time\na,3\nb,5", "mean", "time")[0]["read_as"] == "csv"
    assert table_asked("Which line is the longest?\n\nabc 3ms\nabcdef 5ms") is None
    assert table_asked("What's the average response time?\n\nno times\nhere at all") is None
    with pytest.raises(ToolError, match="no column 'time' in this table; its columns are name, time_ms"):
        answer("name,time_ms\na,3\nb,5", "mean", "time")  # (a table's own columns named, not a log's times sought)
