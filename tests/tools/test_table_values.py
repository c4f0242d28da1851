"""Questions whose last word is a cell of a table's column of labels ("How many jobs failed?", "Which tasks are
done?", "Who is absent?": the rows with that status, counted or named), and which address or user of a log made the
most requests ("Which IP made the most requests?": its lines counted by address). The 1.5B's answers, before, are in
the comments; a word of two columns, of a column's name, or a question that asks something else stays the model's."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.table import answer
from llorch.tools.tablereading import labels_table

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc)
JOBS = "job,status\nbuild,ok\ntest,failed\nlint,ok\ndeploy,failed\ndocs,failed\npack,ok"
TESTS = "test,result\ntest_login,passed\ntest_logout,failed\ntest_signup,passed\ntest_reset,passed"
ORDERS = ("order_id,customer,status\n1001,Acme,shipped\n1002,Globex,cancelled\n1003,Acme,shipped\n"
          "1004,Initech,cancelled\n1005,Acme,pending")
TASKS = "task,owner,status\nwrite,Ann,done\nreview,Bob,open\ntest,Ann,open\nship,Cy,done\nplan,Bob,open"
SERVERS = "server,status\nweb1,up\nweb2,down\ndb1,down\ncache,up"
ATTENDANCE = "name,attendance\nAna,present\nBen,absent\nCy,present\nDee,absent"
PYTEST = "test,outcome\ntest_a,PASSED\ntest_b,FAILED\ntest_c,PASSED"
TIMED = "job,status,mins\nbuild,ok,3\ntest,failed,4\nlint,ok,1\ndeploy,failed,7\ndocs,failed,2\npack,ok,5"
REQUESTS = "10.0.0.5 GET /a\n10.0.0.7 GET /b\n10.0.0.5 POST /c\n10.0.0.9 GET /a\n10.0.0.5 GET /d\n10.0.0.7 GET /e"


def _routed(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    found = exact_call(f"{question}\n\n{text}", EXACT_TOOLS, NOW)
    if found is not None and found[0] == "table":
        assert found[1]["text"] == text.strip()
        return found[0], {k: v for k, v in found[1].items() if k != "text"}
    return found


def _said(text: str, call: dict[str, Any]) -> str:
    return answer(text, call["action"], call["column"], call.get("value"), where=call.get("where"))[1]


# --- a status's rows, counted or named -------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call"), [
    # the 1.5B: "There are 3 failed jobs: test, lint, and deploy" (lint was ok; docs failed)
    ("How many jobs failed?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many failed?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many jobs have failed?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many of them failed?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many jobs fail?", JOBS, {"action": "count", "column": "status", "value": "failed"}),  # (a verb's past)
    ("How many failed jobs are there?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many jobs have status failed?", JOBS, {"action": "count", "column": "status", "value": "failed"}),
    ("How many jobs failed?", TIMED, {"action": "count", "column": "status", "value": "failed"}),
    ("Which jobs failed?", JOBS, {"action": "list", "column": "job", "where": "status=failed"}),
    ("Which of the jobs failed?", JOBS, {"action": "list", "column": "job", "where": "status=failed"}),
    ("What failed?", JOBS, {"action": "list", "column": "job", "where": "status=failed"}),
    ("List the failed jobs", JOBS, {"action": "list", "column": "job", "where": "status=failed"}),
    ("Which jobs are ok here?", JOBS, {"action": "list", "column": "job", "where": "status=ok"}),
    ("Which tests passed?", TESTS, {"action": "list", "column": "test", "where": "result=passed"}),
    ("Which tests failed?", PYTEST, {"action": "list", "column": "test", "where": "outcome=FAILED"}),  # (as written)
    ("How many tests passed?", PYTEST, {"action": "count", "column": "outcome", "value": "PASSED"}),
    ("How many orders were cancelled?", ORDERS, {"action": "count", "column": "status", "value": "cancelled"}),
    ("How many pending?", ORDERS, {"action": "count", "column": "status", "value": "pending"}),
    ("Which tasks are done?", TASKS, {"action": "list", "column": "task", "where": "status=done"}),
    ("How many tasks are still open?", TASKS, {"action": "count", "column": "status", "value": "open"}),
    ("How many of the servers are down?", SERVERS, {"action": "count", "column": "status", "value": "down"}),
    ("Who is absent?", ATTENDANCE, {"action": "list", "column": "name", "where": "attendance=absent"}),
])
def test_a_status_asked_by_its_word_counts_or_names_its_rows(question: str, text: str, call: dict[str, Any]) -> None:
    assert _routed(question, text) == ("table", call)


@pytest.mark.parametrize(("question", "text", "said"), [
    ("How many jobs failed?", JOBS, "3 of 6 rows have status failed: test, deploy, docs."),
    ("Which jobs failed?", JOBS, "Of 6 rows, 3 match (where status is failed): test, deploy, docs."),
    ("How many of the servers are down?", SERVERS, "2 of 4 rows have status down: web2, db1."),
    ("Who is absent?", ATTENDANCE, "Of 4 rows, 2 match (where attendance is absent): Ben, Dee."),
    ("Which tasks are done?", TASKS, "Of 5 rows, 2 match (where status is done): write, ship."),
])
def test_the_answer_counts_and_names_the_rows(question: str, text: str, said: str) -> None:
    found = _routed(question, text)
    assert found is not None
    assert _said(text, found[1]) == said


TWO_COLUMNS = "job,build,test\na,failed,ok\nb,ok,failed\nc,ok,ok\nd,ok,ok"
NAMED_COLUMN = "suite,status,failed\nunit,failed,3\napi,ok,0\nweb,failed,1\ncli,ok,0"
FREE_TEXT = "job,note\nbuild,failed\ntest,flaky network\nlint,ok"
DATED = "date,job,status\n2026-11-30,build,failed\n2026-12-01,test,ok\n2026-12-02,lint,failed"
PEOPLE = "name,team\nAna,Eng\nBen,Ops\nAna,Eng\nCy,Ops\nDee,Eng"


@pytest.mark.parametrize(("question", "text"), [
    ("How many jobs failed?", TWO_COLUMNS),  # (a cell of two columns: which?)
    ("How many jobs failed?", NAMED_COLUMN),  # (a column's name too, of numbers)
    ("Which jobs failed?", FREE_TEXT),  # (a note, not a status: no label repeated)
    ("Why did the jobs fail?", JOBS),
    ("How many jobs failed last week?", JOBS),  # (no date column could say)
    ("How many jobs failed yesterday?", DATED),
    ("How many jobs failed in CI?", JOBS),
    ("How many jobs didn't fail?", JOBS),
    ("How many jobs did not fail?", JOBS),
    ("Which jobs failed and why?", JOBS),
    ("How many jobs passed?", JOBS),  # (no value "passed": ok is not said so)
    ("How many jobs have been cancelled?", JOBS),
    ("How many builds failed?", JOBS),  # (build is a job: no count of rows)
    ("How many hours failed?", JOBS),
    ("How many times failed?", JOBS),
    ("How many statuses are failed?", JOBS),
    ("What is ok?", JOBS),  # (may ask what the word means)
    ("Who is Ana?", PEOPLE),  # (names, not labels)
    ("How many jobs failed?", "job,status\nbuild,ok"),  # (one row: no table)
])
def test_a_word_of_no_one_status_column_or_another_question_stays_the_models(question: str, text: str) -> None:
    found = _routed(question, text)
    assert found is None or found[0] != "table"


def test_a_table_of_text_only_is_read_by_its_header_when_no_cell_below_repeats_it() -> None:
    table = labels_table(JOBS)
    assert table is not None and table.columns == ("job", "status") and len(table.rows) == 6
    assert labels_table("ok,failed\nok,ok\nfailed,ok") is None  # (a first row of data)
    assert labels_table("Hello, world\nfoo\nbar") is None  # (rows not as wide)
    assert labels_table("a sentence, then more words that go on and on past forty letters\nx,y\nz,w") is None
    assert answer(JOBS, "most", "status")[1] == "2 values of status are the most common, 3 of 6 each: ok, failed."
    with pytest.raises(ToolError, match="not a table"):
        answer("just words\nno table\nat all", "count", "status", "failed")


# --- which address or user made the most requests --------------------------------------------------------------

@pytest.mark.parametrize(("question", "text", "call"), [
    # the 1.5B named 10.0.0.5, with "a total of 4 requests" (3)
    ("Which IP made the most requests?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which IP sent the most requests?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which IP has the most hits?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which IP had the most requests?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which IP address made most requests?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which address made the most calls?", REQUESTS, {"action": "most", "column": "ip"}),
    ("What's the IP with the most requests?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which IP appears most often?", REQUESTS, {"action": "most", "column": "ip"}),
    ("Which user made the most requests?", "user,path\nann,/a\nbob,/b\nann,/c\ncy,/d",
     {"action": "most", "column": "user"}),
    # a column of each request's time is no count of them: its lines are counted
    ("Which IP made the most requests?", "ip,path,request_time_ms\n10.0.0.1,/a,120\n10.0.0.2,/b,80\n10.0.0.1,/c,30",
     {"action": "most", "column": "ip"}),
    ("Which user made the most requests?", "user,request_time_ms\nann,120\nbob,80\nann,30",
     {"action": "most", "column": "user"}),
    # a column that counts them: its largest
    ("Which IP made the most requests?", "ip,requests\n10.0.0.1,5\n10.0.0.2,9",
     {"action": "max", "column": "requests"}),
    ("Which page has the most hits?", "page,hits\n/a,5\n/b,9\n/c,2", {"action": "max", "column": "hits"}),
])
def test_which_address_made_the_most_requests_counts_its_lines(question: str, text: str, call: dict[str, Any]) -> None:
    assert _routed(question, text) == ("table", call)


def test_the_busiest_address_is_said_with_its_count() -> None:
    found = _routed("Which IP made the most requests?", REQUESTS)
    assert found is not None
    data, said = answer(REQUESTS, found[1]["action"], found[1]["column"])
    assert (data["result"], data["times"]) == ("10.0.0.5", 3)
    assert said == "The most common IP address is 10.0.0.5: 3 of 6; then 10.0.0.7 (2), 10.0.0.9 (1)."


ACCESS = ('10.0.0.1 - - [01/Dec/2026:10:00:01] "GET / HTTP/1.1" 200 512\n'
          '10.0.0.2 - - [01/Dec/2026:10:00:02] "GET /x HTTP/1.1" 404 0\n'
          '10.0.0.1 - - [01/Dec/2026:10:00:05] "GET /a HTTP/1.1" 200 900')


@pytest.mark.parametrize(("question", "text"), [
    ("Which IP should I block?", REQUESTS),
    ("How do I find the IP with the most requests?", REQUESTS),  # (a how-to)
    ("Which IP made the most requests per minute?", REQUESTS),
    ("Which IP made the most requests yesterday?", REQUESTS),
    ("Which IP made the most failed requests?", REQUESTS),
    ("Which user had the most hits?", REQUESTS),  # (no user in these lines)
    ("Which IP made the most requests?", "hello\nworld"),
    ("Which IP made the most requests?", "10.0.0.1 -> 10.0.0.2\n10.0.0.1 -> 10.0.0.3\n10.0.0.4 -> 10.0.0.2"),
])
def test_a_near_miss_of_the_most_requests_is_no_table_call(question: str, text: str) -> None:
    found = _routed(question, text)
    assert found is None or found[0] != "table"


def test_an_access_logs_busiest_client_stays_the_text_tools() -> None:
    found = exact_call(f"Which IP made the most requests?\n\n{ACCESS}", EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "text" and found[1]["action"] == "extract"


# --- long questions --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question", [
    "How many " + "jobs " * 2000 + "failed?",
    "How many" + " " * 9000 + "failed?",
    "Which " + "a" * 9000 + " failed",
    "which a " + "a " * 4000 + "x",
    "Who is" + " " * 9000 + "absent",
    "Which IP made the most " + "requests " * 2000,
    "Which " + "IP " * 3000 + "made the most requests?",
    "What's the " + "x " * 4000 + "with the most requests",
])
def test_a_long_question_is_read_fast(question: str) -> None:
    from llorch.tools.tablequestions import _ASKED  # (each pattern itself, on the question as written)

    started = time.perf_counter()
    for _, pattern in _ASKED:
        pattern.match(question)
    exact_call(f"{question}\n\n{JOBS}", EXACT_TOOLS, NOW)
    assert time.perf_counter() - started < 1.0
