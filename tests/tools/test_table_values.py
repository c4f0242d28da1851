"""Questions whose last word is a cell of a table's column of labels ("How many jobs failed?", "Which tasks are
done?", "Who is absent?": the rows with that status, counted or named), and which address or user of a log made the
most requests ("Which IP made the most requests?": its lines counted by address). The 1.5B's answers, before, are in
the comments; a word of two columns, of a column's name, a noun of two words, a thing on two rows, or a question that
asks something else stays the model's: a wrong exact answer is worse than none."""

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


@pytest.mark.parametrize(("question", "text"), [
    # a noun of two words: Ann's tasks, not every open one (3; Ann has 1)
    ("How many Ann tasks are open?", TASKS),
    ("Which Bob tasks are done?", TASKS),
    ("List the done Bob tasks", TASKS),
    ("How many docs jobs failed?", JOBS),
    # a word between the rows and the value that is no "are", "have been", "still": never failed is the others
    ("Which jobs never failed?", JOBS),
    ("How many tasks never done?", TASKS),
    ("Which jobs almost failed?", JOBS),
    ("Which jobs previously failed?", JOBS),
    ("Which jobs initially failed?", JOBS),
    ("Which jobs eventually failed?", JOBS),
    ("Which jobs first failed?", JOBS),
    ("How many other jobs failed?", JOBS),
    ("How many more jobs failed?", JOBS),
    # nor such a word for the rows themselves
    ("How many never failed?", JOBS),
    ("What previously failed?", JOBS),
])
def test_a_noun_of_two_words_or_a_word_before_the_value_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


PREVIOUS = "server,status,previous_status\nweb1,up,down\nweb2,up,up\ndb1,up,down\ncache,up,up"
NOTED = "job,status,note\nbuild,ok,fine\ntest,failed,flaky\nlint,ok,fine\ndeploy,failed,failed twice"
DAYS = ("date,name,attendance\n2026-12-01,Ana,present\n2026-12-01,Ben,absent\n2026-12-02,Ana,absent\n"
        "2026-12-02,Ben,absent\n2026-12-03,Ana,present\n2026-12-03,Ben,present")
RUNS = "job,status\nbuild,failed\ntest,ok\nbuild,failed\nlint,failed\ndocs,ok"
OPENED = "ticket,status\nT1,open\nT2,closed\nT3,open\nT4,closed"
TICKETS = "ticket,assignee,status\nT1,Ann,blocked\nT2,Bob,open\nT3,Ann,open\nT4,Cy,blocked"


@pytest.mark.parametrize(("question", "text"), [
    # the value in two columns of the same labels: which one the question means is unknown
    ("Which servers are down?", PREVIOUS),
    ("How many servers are down?", PREVIOUS),
    # words and lines are the text's (the count tool's), not the rows'
    ("How many words are ok?", JOBS),
    ("How many lines failed?", JOBS),
    ("How many characters are ok?", JOBS),
    # one thing on two rows: Ben absent on two days (3 rows, 2 people); build failed twice (3 rows, 2 jobs)
    ("How many people were absent?", DAYS),
    ("Who is absent?", DAYS),
    ("How many jobs failed?", RUNS),
    ("Which jobs failed?", RUNS),
    # a table of days with no column to name its rows by: its rows may be one thing's
    ("How many failed?", "date,status\n2026-12-01,ok\n2026-12-02,failed\n2026-12-03,failed\n2026-12-04,ok"),
    # no past of "open" is a bare "open": every ticket was opened once
    ("How many tickets were opened?", OPENED),
    # a who names people: these rows are jobs
    ("Who failed?", JOBS),
    ("Who is blocked?", "ticket,owner,assignee,status\nT1,Ann,Bob,blocked\nT2,Bob,Cy,open\nT3,Ann,Bob,open\n"
                        "T4,Cy,Dee,blocked"),  # (two columns of people: whose?)
    # a table of days whose rows name one person on each day: absent on which day? (Bob, then Ann)
    ("Who is absent?", "name,date,status\nAnn,2026-03-09,present\nBob,2026-03-09,absent\nAnn,2026-03-10,absent\n"
                       "Bob,2026-03-10,present"),
    ("What failed?", "date,job,status\n2026-03-09,lint,failed\n2026-03-10,lint,ok\n2026-03-09,build,ok\n"
                     "2026-03-10,build,failed"),
    # a cell with the word and more, which the asker may count too: "failed (flaky)", "reopened"
    ("How many jobs failed?", "job,status\nlint,failed\ntest,failed (flaky)\nbuild,ok\ndocs,ok"),
    ("Which tasks are still open?", "task,status\na,open\nb,done\nc,closed\nd,reopened\ne,open\nf,done"),
])
def test_a_value_of_two_columns_a_texts_words_or_a_thing_twice_stays_the_models(question: str, text: str) -> None:
    assert _routed(question, text) is None


def test_lines_that_mention_a_word_are_the_count_tools() -> None:
    found = _routed("How many lines mention failed?", NOTED)  # (lines of the text, counted by the count tool)
    assert found is not None and found[0] == "count"
    assert (found[1]["what"], found[1]["containing"]) == ("lines", "failed")


@pytest.mark.parametrize(("question", "text", "call", "said"), [
    # a who lists its column of people, not the tickets nor the tasks
    ("Who is blocked?", TICKETS, {"action": "list", "column": "assignee", "where": "status=blocked"},
     "Of 4 rows, 2 match (where status is blocked): Ann, Cy."),
    ("Who is done?", TASKS, {"action": "list", "column": "owner", "where": "status=done"},
     "Of 5 rows, 2 match (where status is done): Ann, Cy."),
    # a bare verb for its past, and the past for the verb: these pairs only
    ("How many jobs failed?", "job,status\nbuild,pass\ntest,fail\nlint,pass\ndocs,fail",
     {"action": "count", "column": "status", "value": "fail"}, "2 of 4 rows have status fail: test, docs."),
    ("How many tickets were closed?", OPENED, {"action": "count", "column": "status", "value": "closed"},
     "2 of 4 rows have status closed: T2, T4."),
    # the cell as its first row writes it, whatever the order of a set
    ("Which jobs failed?", "job,status\nbuild,ok\ntest,Failed\nlint,ok\ndeploy,failed\ndocs,ok",
     {"action": "list", "column": "job", "where": "status=Failed"},
     "Of 5 rows, 2 match (where status is Failed): test, deploy."),
    # one job a row on days: the jobs named
    ("What failed?", "date,job,status\n2026-12-01,build,failed\n2026-12-01,test,ok\n2026-12-02,lint,ok\n"
                     "2026-12-02,docs,failed", {"action": "list", "column": "job", "where": "status=failed"},
     "Of 4 rows, 2 match (where status is failed): build, docs."),
])
def test_a_who_a_verbs_past_and_a_cells_case_are_read_so(question: str, text: str, call: dict[str, Any],
                                                         said: str) -> None:
    found = _routed(question, text)
    assert found == ("table", call)
    assert _said(text, call) == said


def test_a_table_of_text_only_is_read_by_its_header_when_no_cell_below_repeats_it() -> None:
    table = labels_table(JOBS)
    assert table is not None and table.columns == ("job", "status") and len(table.rows) == 6
    assert labels_table("ok,failed\nok,ok\nfailed,ok") is None  # (a first row of data)
    assert labels_table("Hello, world\nfoo\nbar") is None  # (rows not as wide)
    assert labels_table("a sentence, then more words that go on and on past forty letters\nx,y\nz,w") is None
    assert answer(JOBS, "most", "status")[1] == "2 values of status are the most common, 3 of 6 each: ok, failed."
    with pytest.raises(ToolError, match="not a table"):
        answer("just words\nno table\nat all", "count", "status", "failed")


@pytest.mark.parametrize("text", [
    JOBS + "\n\nNote: docs was retried, ok",  # (a blank line between: a table and a note)
    "job,status\nbuild,ok\n\ntest,failed\nlint,ok",
    "First, we build\nThen, we test\nFinally, we ship\nLastly, we rest",  # (prose: "we build" is no name)
    "Note: a,b\nx,y\nz,w",  # (a sentence's punctuation)
    "the job,the status\nbuild,ok\ntest,failed",
    "First Name,Last Name\nAna,Li\nBen,Wu",  # (no header cell of one word)
    "step one of four,status\nbuild,ok\ntest,failed",  # (four words)
    "job,note\nbuild," + "a very long note about what the build did today" + "\ntest,ok",  # (a cell over 40)
])
def test_text_that_is_no_table_of_labels_is_not_read_as_one(text: str) -> None:
    assert labels_table(text) is None


def test_a_table_of_text_only_is_read_for_counting_its_cells_only() -> None:
    with pytest.raises(ToolError, match="not a table"):
        answer("First, we build\nThen, we test\nFinally, we ship\nLastly, we rest", "count", "we build", "we test")
    with pytest.raises(ToolError, match="not a table"):
        answer(JOBS + "\n\nNote: docs was retried, ok", "count", "status", "failed")
    for action in ("sort", "max", "sum"):
        with pytest.raises(ToolError, match="not a table"):
            answer(JOBS, action, "status")
    assert answer(JOBS, "list", "job", where="status=failed")[1] == (
        "Of 6 rows, 3 match (where status is failed): test, deploy, docs.")
    assert _routed("How many jobs failed?", JOBS + "\n\nNote: docs was retried, ok") is None
    assert labels_table("Due date,Owner name,status\n2026-01-01,Ann,ok\n2026-01-02,Bob,late") is not None


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
    ("Which IP made the most requests?", "ip,path\n10.0.0.1,/a\n10.0.0.2,/b\n10.0.0.1,/c",
     {"action": "most", "column": "ip"}),
    # a column of each request's time is no count of them: its lines are counted
    ("Which user made the most requests?", "user,request_time_ms\nann,120\nbob,80\nann,30",
     {"action": "most", "column": "user"}),
    # a column that counts them, one row a page: its largest
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
    # an address that is no line's first is no client's
    ("Which IP made the most requests?", "GET /a from 10.0.0.5\nGET /b from 10.0.0.6\nGET /c from 10.0.0.5"),
    # a line may be no connection ("disconnected"), nor one attempt: only requests, hits, calls, queries, visits
    ("Which IP made the most connections?",
     "10.0.0.5 connected\n10.0.0.5 disconnected\n10.0.0.6 connected\n10.0.0.6 disconnected\n10.0.0.6 connected"),
    ("Which IP made the most attempts?", REQUESTS),
    ("Which IP has the most lines?", REQUESTS),
])
def test_a_near_miss_of_the_most_requests_is_no_table_call(question: str, text: str) -> None:
    found = _routed(question, text)
    assert found is None or found[0] != "table"


@pytest.mark.parametrize("text", [
    "ip,hits\n10.0.0.1,5\n10.0.0.2,9\n10.0.0.1,3",  # (a row may be many requests)
    "ip,count\n10.0.0.1,5\n10.0.0.2,9",
    "ip,total\n10.0.0.1,5\n10.0.0.2,9",
    "ip,requests\n10.0.0.1,5\n10.0.0.2,9\n10.0.0.1,7",  # (10.0.0.1's are 12: no row's largest)
    "ip,requests\n10.0.0.1,5\n10.0.0.2,9",
    "ip,path,request_time_ms\n10.0.0.1,/a,120\n10.0.0.2,/b,80\n10.0.0.1,/c,30",  # (any column of numbers)
    # a count on each line, not one request a line: 10.0.0.1 made the most, no tie of one each
    "10.0.0.1 120 requests\n10.0.0.2 90 requests\n10.0.0.3 30 requests",
    "10.0.0.1 5\n10.0.0.2 9\n10.0.0.3 1",
    "10.0.0.1 requests=5\n10.0.0.2 requests=9",
])
def test_the_most_requests_of_a_table_with_numbers_by_address_stays_the_models(text: str) -> None:
    assert _routed("Which IP made the most requests?", text) is None


@pytest.mark.parametrize(("question", "text"), [
    ("Which user made the most requests?", "user,count\nann,5\nbob,9\ncy,2"),  # (a count, not its rows)
    ("Which user made the most requests?", "user,total\nann,5\nbob,9\nann,2"),
    ("Which page has the most hits?", "page,hits\n/a,5\n/b,9\n/a,7"),  # (/a's are 12: no row's largest)
    ("What's the page with the most hits?", "page,hits\n/a,5\n/b,9\n/c,2"),  # (no page's rows counted)
])
def test_the_most_requests_of_a_table_that_counts_them_on_rows_of_one_name_twice_stays_the_models(
        question: str, text: str) -> None:
    assert _routed(question, text) is None


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
