"""The codes tool: what exit statuses, signals, errnos and HTTP statuses mean (Linux's numbers, where CI runs), its
one-line errors, and which messages plainly ask."""

from __future__ import annotations

import errno
import http
import os
import re
import signal
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.codes import codes_asked, explain

linux = pytest.mark.skipif(sys.platform != "linux", reason="signal and errno numbers are Linux's")


@linux
@pytest.mark.parametrize(("kind", "code", "said", "data"), [
    ("exit", "137", "Exit status 137 is 128 + 9: the process was ended by signal 9, SIGKILL (“Killed”) on Linux: "
     "nothing can catch, block or ignore it; it ends the process. Usually sent by `kill -9`, or the kernel's "
     "out-of-memory killer", {"signal": "SIGKILL"}),
    ("exit", "139", "Exit status 139 is 128 + 11: the process was ended by signal 11, SIGSEGV (“Segmentation "
     "fault”) on Linux: unless the program handles it, it ends it with a core dump.", {"signal": "SIGSEGV"}),
    ("exit", "130", "ended by signal 2, SIGINT (“Interrupt”) on Linux: unless the program handles it, it ends the "
     "process. Usually sent by Ctrl-C at the terminal.", {"signal": "SIGINT"}),
    ("exit", "127", "Exit status 127 means command not found: not on PATH", {}),
    ("exit", "126", "found but could not be run: not executable (chmod +x)", {}),
    ("exit", "0", "Exit status 0 means success.", {}),
    ("exit", "64", "Exit status 64 is EX_USAGE in sysexits.h", {}),
    ("exit", "3", "Exit status 3 has no standard meaning: it is the program's own", {}),
    ("exit", "-15", "A return code of -15 (as Python's subprocess reports it) means the process was ended by signal "
     "15, SIGTERM (“Terminated”)", {"signal": "SIGTERM", "signal_number": 15}),
    ("exit", "393", "exit(393) reaches the shell as 393 mod 256 = 137. Exit status 137 is 128 + 9",
     {"signal": "SIGKILL", "seen": 137}),
    ("signal", "9", "Signal 9 is SIGKILL (“Killed”) on Linux", {"name": "SIGKILL"}),
    ("signal", "sigterm", "Signal 15 is SIGTERM (“Terminated”) on Linux: unless the program handles it, it ends "
     "the "
     "process. Usually sent by a polite request to stop", {"number": 15}),
    ("signal", "HUP", "Signal 1 is SIGHUP", {"number": 1}),
    ("errno", "111", "errno 111 is ECONNREFUSED on Linux: “Connection refused”", {"name": "ECONNREFUSED"}),
    ("errno", "enoent", "errno 2 is ENOENT on Linux: “No such file or directory”", {"number": 2}),
    ("errno", "98", "errno 98 is EADDRINUSE on Linux: “Address already in use”", {}),
    ("http", "429", "HTTP 429 Too Many Requests (client error): rate limited: wait (a Retry-After header says how "
     "long)", {"phrase": "Too Many Requests"}),
    ("http", "gone", "HTTP 410 Gone (client error): it was here and is gone for good", {"status": 410}),
    ("http", "not found", "HTTP 404 Not Found (client error)", {"status": 404}),
    ("http", "207", "HTTP 207 Multi-Status (success).", {}),
    ("http", "499", "HTTP 499 Client Closed Request (client error): nginx: the client went away", {}),
    ("http", "299", "HTTP 299 is no standard status; a 2xx status is a success.", {"class": "success"}),
])
def test_what_a_code_means(kind: str, code: str, said: str, data: dict[str, Any]) -> None:
    found, text = explain(kind, code)
    assert said in text
    assert found.items() >= data.items()


@given(st.sampled_from(sorted(errno.errorcode)))
def test_every_errno_is_said_with_its_name_and_this_systems_message(number: int) -> None:
    data, said = explain("errno", str(number))
    assert (data["name"], data["message"]) == (errno.errorcode[number], os.strerror(number))
    assert explain("errno", data["name"])[0]["number"] == number


@given(st.sampled_from([s for s in http.HTTPStatus]))
def test_every_standard_http_status_is_found_by_number_and_by_phrase(status: http.HTTPStatus) -> None:
    data, said = explain("http", str(status.value))
    assert said.startswith(f"HTTP {status.value} {status.phrase} (") and data["phrase"] == status.phrase
    assert explain("http", status.phrase.lower())[0]["status"] == status.value


@given(st.integers(129, 254))
def test_an_exit_status_over_128_is_the_signal_it_names_when_there_is_one(status: int) -> None:
    data, said = explain("exit", str(status))
    if status - 128 in {s.value for s in signal.Signals}:
        assert data["signal"] == signal.Signals(status - 128).name and f"128 + {status - 128}" in said
    else:
        assert "signal" not in data and "no standard meaning" in said


@pytest.mark.parametrize(("kind", "code", "error"), [
    ("exit", "lots", "'lots' is not an exit status: give a whole number such as 0, 1, 127 or 137"),
    ("signal", "SIGNOPE", "'SIGNOPE' is not a signal on"),
    ("errno", "99999", "'99999' is not an errno on"),
    ("http", "700", "700 is not an HTTP status (they are 100 to 599)"),
    ("http", "Not Cool", "'Not Cool' is no HTTP status code or phrase"),
    ("weather", "1", "unknown kind 'weather'; kinds: exit, signal, errno, http"),
])
def test_a_code_that_is_not_one_is_a_one_line_error(kind: str, code: str, error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        explain(kind, code)


@pytest.mark.parametrize(("message", "args"), [
    ("what does exit code 134 mean", {"kind": "exit", "code": "134"}),
    ("My script died with exit status 2, what does it mean?", {"kind": "exit", "code": "2"}),
    ("CalledProcessError: returned non-zero exit status 126. Why?", {"kind": "exit", "code": "126"}),
    ("$? is 141, what happened?", {"kind": "exit", "code": "141"}),
    ("what is errno 28?", {"kind": "errno", "code": "28"}),
    ("What does [Errno 104] mean?", {"kind": "errno", "code": "104"}),
    ("What's EPIPE?", {"kind": "errno", "code": "EPIPE"}),
    ("What does SIGHUP do?", {"kind": "signal", "code": "SIGHUP"}),
    ("What signal is kill -15?", {"kind": "signal", "code": "15"}),
    ("What does signal 6 mean?", {"kind": "signal", "code": "6"}),
    ("What does HTTP 418 mean?", {"kind": "http", "code": "418"}),
    ("my API returns a 422 status, what does that mean?", {"kind": "http", "code": "422"}),
    ("What's the status code for Unauthorized?", {"kind": "http", "code": "Unauthorized"}),
    ("Which HTTP code is 'Payment Required'?", {"kind": "http", "code": "Payment Required"}),
])
def test_a_plain_question_of_what_a_code_means_is_recognised(message: str, args: dict[str, Any]) -> None:
    assert codes_asked(message) == args


@pytest.mark.parametrize("message", [
    "How do I exit with status 3 from a bash script?",
    "How do I fix EACCES when running npm install?",
    "Write an Express handler that returns 401",
    "What status code should I use for a deleted resource?",
    "How do I handle SIGINT in Go?",
    "What does ETA mean in an email?",
    "What is EOF in C?",
    "What is 404 divided by 4?",
    "Tell me about the 1984 novel",
    "What's the status of order 500?",
])
def test_other_questions_that_name_codes_are_not_the_tools(message: str) -> None:
    assert codes_asked(message) is None
