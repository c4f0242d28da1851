"""An access log's requests counted by status, method or client (llorch/tools/accesslogs.py), and which client made
the most requests (the text tool's extract), asked with the log piped after the question."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.accesslogs import clients, log_requests, request_kind
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.extract import extract
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
LOG = """10.0.0.1 - - [01/Dec/2026:10:00:01] "GET / HTTP/1.1" 200 512 12ms
10.0.0.2 - - [01/Dec/2026:10:00:02] "GET /x HTTP/1.1" 404 0 3ms
10.0.0.1 - - [01/Dec/2026:10:00:05] "GET /a HTTP/1.1" 200 900 40ms
10.0.0.3 - - [01/Dec/2026:10:00:09] "POST /b HTTP/1.1" 500 0 120ms
10.0.0.1 - - [01/Dec/2026:10:00:12] "GET /y HTTP/1.1" 404 0 5ms"""
# combined format: a size of 404 bytes, a /404 in a URL and an address in a referrer are no 404s, no clients
COMBINED = """10.0.0.1 - - [01/Dec/2026:10:00:01 +0000] "GET /404 HTTP/1.1" 200 404 "-" "curl/8.5"
10.0.0.2 - bob [01/Dec/2026:10:00:02 +0000] "GET /x HTTP/1.1" 301 404 "http://10.0.0.9/" "curl/8.5"
10.0.0.3 - - [01/Dec/2026:10:00:03 +0000] "GET /y HTTP/1.1" 404 12 "-" "curl/8.5"
10.0.0.3 - - [01/Dec/2026:10:00:04 +0000] "GET /z HTTP/1.1" 403 12 "-" "curl/8.5\""""
# another format: the same requests, no brackets or quotes
OTHER = "2026-12-01 10:00:01 GET / 200 12ms client=10.0.0.1\n2026-12-01 10:00:02 GET /x 404 3ms client=10.0.0.2"


def routed(question: str, text: str) -> tuple[str, dict[str, object]] | None:
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    return exact_call(whole, EXACT_TOOLS, NOW) if whole is not None else None


def answered(question: str, text: str = LOG) -> tuple[str, dict[str, object]]:
    found = routed(question, text)
    assert found is not None, question
    result = ToolRegistry().call(found[0], found[1], ToolContext(data_dir=Path("/nonexistent")))
    return result.text, dict(result.data)


@pytest.mark.parametrize(("question", "what", "n"), [
    ("How many requests returned 404?", "requests with status 404", 2),  # the 1.5B: 1
    ("How many 404s are there?", "requests with status 404", 2),
    ("How many 404 errors are in this log?", "requests with status 404", 2),
    ("How many requests have a status of 404?", "requests with status 404", 2),
    ("How many requests returned a 404 status code?", "requests with status 404", 2),
    ("Count the 404s.", "requests with status 404", 2),
    ("How many 5xx errors?", "requests with status 5xx", 1),
    ("How many server errors were there?", "requests with status 5xx", 1),
    ("How many client errors?", "requests with status 4xx", 2),
    ("How many requests got a 500 error?", "requests with status 500", 1),
    ("How many requests failed?", "failed requests", 3),
    ("How many requests resulted in an error?", "failed requests", 3),
    ("How many errors are there?", "failed requests", 3),
    ("How many requests were successful?", "successful requests", 2),
    ("How many POST requests?", "POST requests", 1),
    ("How many GET requests returned 404?", "GET requests with status 404", 2),
    ("How many requests came from 10.0.0.1?", "requests from 10.0.0.1", 3),
    ("How many requests did 10.0.0.1 make?", "requests from 10.0.0.1", 3),
    ("How many requests are there?", "requests", 5),
])
def test_a_question_about_an_access_logs_requests_goes_to_count(question: str, what: str, n: int) -> None:
    assert routed(question, LOG) == ("count", {"text": LOG, "what": what})
    assert answered(question)[1] == {"what": what, "count": n}


@pytest.mark.parametrize(("question", "said"), [
    ("How many requests returned 404?", "2 of the 5 requests have status 404: lines 2 and 5."),
    ("How many 5xx errors?", "1 of the 5 requests has a 5xx status (500 ×1): line 4."),
    ("How many requests failed?", "3 of the 5 requests failed, with a status of 400 or above (404 ×2, 500 ×1): "
                                  "lines 2, 4 and 5."),
    ("How many POST requests?", "1 of the 5 requests is a POST request: line 4."),
])
def test_the_answer_says_which_statuses_and_lines_were_counted(question: str, said: str) -> None:
    assert answered(question)[0] == said


def test_the_status_is_the_field_after_the_request_not_a_size_or_a_url() -> None:
    n, said = log_requests(COMBINED, "requests with status 404") or (0, "")
    assert n == 1
    assert said == ("1 of the 4 requests has status 404: line 3. 1 more has another 4xx status (403 ×1); 2 in all "
                    "with a 4xx status. (2 more lines have 404 elsewhere, as a size or in a URL: not counted, the "
                    "status being the number after the quoted request.)")
    assert answered("How many requests returned 404?", COMBINED)[1]["count"] == 1


def test_what_names_requests_and_a_bare_number_is_a_text() -> None:
    assert request_kind("404") is None
    assert request_kind("failed requests with status 200") is None
    assert request_kind("404s") == request_kind("requests with status 404")
    assert clients(LOG) == ["10.0.0.1", "10.0.0.2", "10.0.0.1", "10.0.0.3", "10.0.0.1"]
    assert clients(LOG + "\nnot a request") is None
    n, said = log_requests(LOG + "\nnot a request", "requests") or (0, "")
    assert (n, said) == (5, "The log has 5 requests, one a line. (1 line not in the common log format, not counted.)")


@pytest.mark.parametrize("question", [
    "Which IP made the most requests?",  # the 1.5B: 10.0.0.1 "with 4 requests" (3)
    "Which IP address sent the most requests?",
    "Which client made the most requests?",
    "Which IP has the most hits?",
    "Who made the most requests in this log?",
])
def test_which_client_made_the_most_requests_is_the_text_tools_extract_by_request(question: str) -> None:
    assert routed(question, LOG) == ("text", {"action": "extract", "what": "ips", "most": True, "text": LOG})
    said, data = answered(question)
    assert said == ("Most requests: 10.0.0.1, 3 of the 5 requests (counted by the client address that begins each "
                    "line); then 10.0.0.2 (1), 10.0.0.3 (1).")
    assert data["most"] == ["10.0.0.1"]


def test_an_address_in_a_referrer_is_no_client() -> None:
    data, said = extract("ips", COMBINED, most=True)
    assert data["most"] == ["10.0.0.3"] and "10.0.0.9" not in said
    assert extract("ips", "10.0.0.1 to 10.0.0.2, 10.0.0.2", most=True)[0]["most"] == ["10.0.0.2"]  # (no log: any)


@pytest.mark.parametrize(("said", "right"), [
    ("2 requests returned 404.", True),
    ("Only one request returned a 404 status.", False),  # the 1.5B's
])
def test_an_answer_gives_the_logs_count(said: str, right: bool) -> None:
    text, data = answered("How many requests returned 404?")
    want = expected("count", data, "How many requests returned 404?")
    assert (fault(said, want, "count", text) is None) == right


@pytest.mark.parametrize(("question", "text"), [
    ("How many requests returned 404?", OTHER),  # a log in another format
    ("How many requests returned 500?", '1.2.3.4 "GET / HTTP/1.1" 500 12\n1.2.3.4 "GET /a HTTP/1.1" 200 9'),
    # (a review's: no time, and no "-" ident: a date and a time before the address, a URL before it, a syslog prefix)
    ("How many requests came from 10.0.0.5?", '2026-12-01 10:00:01 10.0.0.5 "GET / HTTP/1.1" 200 512\n'
                                              '2026-12-01 10:00:02 10.0.0.6 "GET /a HTTP/1.1" 200 9'),
    ("How many POST requests were there?", 'GET /index.html 10.0.0.5 "Mozilla/5.0" 200 512\n'
                                           'POST /login 10.0.0.6 "curl/8" 200 9'),
    ("How many requests came from 10.0.0.5?", 'web01 nginx: 10.0.0.5 "GET / HTTP/1.1" 200 512\n'
                                              'web01 nginx: 10.0.0.6 "GET /a HTTP/1.1" 200 9'),
    ("How many requests returned 404?", LOG + "\nsome other line"),  # not every line a request
    ("Why did requests return 404?", LOG),
    ("How many failed requests returned 200?", LOG),
    ("How many errors are there?", "ERROR disk\nINFO ok\nERROR net"),
    ("Which IP made the most requests?", OTHER),
    ("Which IP made the fewest requests?", LOG),
    ("How many requests returned 404?", ""),
])
def test_near_misses_stay_the_models(question: str, text: str) -> None:
    found = routed(question, text)
    assert found is None or found[0] not in ("count", "text"), found


def test_a_log_cut_down_to_its_requests_is_still_one() -> None:
    """Without the time but with the ident and user (the 1.5B, asked of six such lines with three 404s, said 1)."""
    cut = re.sub(r"\[[^\]]*\] ", "", LOG)
    assert routed("How many requests returned 404?", cut) == ("count", {"text": cut,
                                                                   "what": "requests with status 404"})
    assert answered("How many requests returned 404?", cut)[1]["count"] == 2


def test_a_404_only_in_a_url_or_a_size_is_counted_as_none() -> None:
    text, data = answered("How many requests returned 404?", COMBINED.replace('404 12 "-"', '200 12 "-"'))
    assert data["count"] == 0 and text.startswith("None of the 4 requests have status 404.")
    assert answered("How many lines contain 404?")[1] == {"what": "lines", "count": 2, "containing": "404"}  # (grep's)


def test_a_long_log_and_odd_lines_are_read_fast() -> None:
    lines = LOG.splitlines()
    big = "\n".join(lines[i % 5].replace("10.0.0.1", f"10.0.{i % 250}.{i % 7}") for i in range(10_000))
    odd = "\n".join(["a " * 3000, '"' * 6000, "a - - [" + "x" * 6000, 'a - - [x] "' + "\\" * 6000] * 5)
    started = time.perf_counter()
    assert answered("How many requests returned 404?", big)[1]["count"] == 4000
    assert answered("Which IP made the most requests?", big)[1]["requests"] == 10_000
    assert routed("How many requests returned 404?", odd) is None
    assert time.perf_counter() - started < 5  # (about 0.4 s: each line read once, by patterns that do not backtrack)


@pytest.mark.parametrize("what", ["requests with status 404", "failed requests", "5xx errors", "POST requests"])
def test_requests_asked_of_a_text_that_is_no_access_log_is_a_clear_error(what: str) -> None:
    from llorch.errors import ToolError
    text = "GET /x 404\nGET /y 200"  # (no access log line: was "… has 'requests with status 404' 0 times")
    with pytest.raises(ToolError, match="needs a web server's access log"):
        ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    result = ToolRegistry().call("count", {"text": "requests, more requests", "what": "requests"},
                                 ToolContext(data_dir=Path("/nonexistent")))
    assert result.data["count"] == 2  # (one word: counted as written)
