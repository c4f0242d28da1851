"""A log's messages of a level grouped and counted (llorch/tools/logtally.py): "How many times does each error message
appear in this log?" (the 1.5B: "5 error messages and 1 warning message"; "disk full" 3 times, "timeout" once), the
most common one, how many different; the log shapes a level and message are read from; and what stays the model's.

The tests at the end route through exact.exact_call and the count tool: count.py calls log_messages in `_read`,
countquestions.py log_messages_asked in `_count_asked`."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.logtally import Kind, leveled_lines, log_messages, log_messages_asked, message_kind
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
LOG = "ERROR disk full\nINFO started\nERROR timeout\nERROR disk full\nWARN slow\nERROR disk full\n"
LEVELS = " (Lines by level: ERROR 4, INFO 1, WARN 1.)"
TALLY = ("The log has 4 ERROR lines, with 2 different messages, most common first: “disk full” 3 times; “timeout” "
         "once." + LEVELS)


def tallied(question: str, log: str = LOG) -> tuple[int, str, dict[str, Any]]:
    """The reader's `what` for `question`, run through the function the count tool calls."""
    args = log_messages_asked(question, log)
    assert args is not None, question
    assert args["text"] == log
    found = log_messages(log, args["what"])
    assert found is not None
    return found


def test_the_real_question_tallies_the_error_lines_by_message() -> None:
    # the 1.5B: "The log contains 5 error messages and 1 warning message."
    question = "How many times does each error message appear in this log?"
    assert log_messages_asked(question, LOG) == {"text": LOG, "what": "error messages by count"}
    assert tallied(question) == (4, TALLY, {"what": "error messages by count", "lines": 4,
                                            "messages": {"disk full": 3, "timeout": 1}})


@pytest.mark.parametrize(("question", "what"), [
    ("How many times does each error message appear in this log?", "error messages by count"),
    ("How many times does each error appear?", "error messages by count"),
    ("How often does each ERROR line occur?", "error messages by count"),
    ("How many times did each error occur in the log?", "error messages by count"),
    ("Count the errors by message", "error messages by count"),
    ("Please count the errors by message.", "error messages by count"),
    ("Group the errors by message and count them", "error messages by count"),
    ("Count each error message.", "error messages by count"),
    ("Count the occurrences of each error", "error messages by count"),
    ("How many of each error are there?", "error messages by count"),
    ("How many times does each warning occur?", "warning messages by count"),
    ("How many times does each message appear?", "messages by count"),
    ("How many times does each line appear in this log?", "messages by count"),
    ("How many times does each critical error appear?", "critical messages by count"),
    ("Which error appears most often?", "most common error message"),
    ("Which error message occurs the most in this log?", "most common error message"),
    ("What's the most common error?", "most common error message"),
    ("What is the most frequent warning?", "most common warning message"),
    ("Which error is the most common?", "most common error message"),
    ("Which message appears most often?", "most common message"),
    ("How many distinct errors are there?", "distinct error messages"),
    ("How many unique error messages are in this log?", "distinct error messages"),
    ("How many different kinds of errors are there?", "distinct error messages"),
    ("How many types of warnings are there?", "distinct warning messages"),
    ("How many distinct messages are there?", "distinct messages"),
])
def test_the_questions_a_tally_answers(question: str, what: str) -> None:
    assert log_messages_asked(question, LOG) == {"text": LOG, "what": what}


def test_the_most_common_error_and_how_many_different() -> None:
    assert tallied("Which error appears most often?") == (
        3, "The most common ERROR message is “disk full”: 3 times, of the 4 ERROR lines; then “timeout” once." + LEVELS,
        {"what": "most common error message", "most": ["disk full"], "times": 3})
    assert tallied("How many distinct errors are there?") == (
        2, "The log's 4 ERROR lines have 2 different messages, most common first: “disk full” 3 times; “timeout” "
           "once." + LEVELS, {"what": "distinct error messages", "count": 2})


def test_each_message_of_every_level_is_keyed_by_its_level_too() -> None:
    n, said, data = tallied("How many times does each message appear?", LOG + "WARN timeout\n")
    assert n == 7
    assert said == ("The log has 7 lines with a level, with 5 different messages, most common first: ERROR “disk full” "
                    "3 times; INFO “started”, ERROR “timeout”, WARN “slow” and WARN “timeout” once each. "
                    "(Lines by level: ERROR 4, WARN 2, INFO 1.)")
    assert data["messages"] == {"ERROR disk full": 3, "INFO started": 1, "ERROR timeout": 1, "WARN slow": 1,
                                "WARN timeout": 1}


def test_a_warning_alone_and_one_message_many_times() -> None:
    assert tallied("How many times does each warning occur?")[:2] == (1, "The log has one WARN line: “slow”." + LEVELS)
    log = "WARN slow\nINFO ok\nWARN slow\n"
    assert tallied("How many times does each warning occur?", log)[1] == (
        "The log has 2 WARN lines, all with one message: “slow” twice. (Lines by level: WARN 2, INFO 1.)")


# --- ties ---------------------------------------------------------------------------------------------------------

TIED = "ERROR timeout\nERROR disk full\nINFO ok\nERROR disk full\nERROR timeout\nERROR auth failed\n"


def test_a_tie_for_the_most_common_is_said_never_broken() -> None:
    n, said, data = tallied("What's the most common error?", TIED)
    assert n == 2
    assert said == ("The most common ERROR messages are “timeout” and “disk full”: twice each (a tie), of the 5 ERROR "
                    "lines; then “auth failed” once. (Lines by level: ERROR 5, INFO 1.)")
    assert data == {"what": "most common error message", "most": ["timeout", "disk full"], "times": 2}
    assert tallied("Count the errors by message", TIED)[1].startswith(
        "The log has 5 ERROR lines, with 3 different messages, most common first: “timeout” and “disk full” twice "
        "each; “auth failed” once.")


def test_no_message_more_than_once_names_none_as_the_most_common() -> None:
    log = "ERROR a\nERROR b\nERROR c\n"
    assert tallied("Which error appears most often?", log) == (
        1, "No ERROR message comes more than once: each of the 3 ERROR lines has a different one (“a”, “b” and “c” "
           "once each). (Lines by level: ERROR 3.)", {"what": "most common error message", "most": [], "times": 1})


def test_a_long_tally_names_the_first_dozen_and_counts_the_rest() -> None:
    log = "".join(f"ERROR job {name} failed\n" for name in "abcdefghijklmnop") + "ERROR job a failed\n"
    assert tallied("Count the errors by message", log)[1] == (
        "The log has 17 ERROR lines, with 16 different messages, most common first: “job a failed” twice; "
        + ", ".join(f"“job {name} failed”" for name in "bcdefghijkl") + " and 4 more once each. (Lines by level: "
        "ERROR 17.)")
    log = "".join(f"ERROR job {name} failed\n" * 2 for name in "abcdefghijklm") + "ERROR x\nERROR y\n"
    assert tallied("Count the errors by message", log)[1].endswith(
        "“job l failed” and 1 more twice each; and 2 more messages, 2 lines in all. (Lines by level: ERROR 28.)")


def test_no_line_of_the_level_asked_is_said() -> None:
    assert tallied("How many times does each warning occur?", "ERROR a\nINFO b\n") == (
        0, "None of the log's 2 lines is a WARNING line. (Lines by level: ERROR 1, INFO 1.)",
        {"what": "warning messages by count", "count": 0})


# --- how a line's level and message are read -----------------------------------------------------------------------


@pytest.mark.parametrize("shape", [
    "ERROR {}",
    "[ERROR] {}",
    "ERROR: {}",
    "ERROR - {}",
    "error: {}",
    "Error: {}",
    "<error> {}",
    "2026-12-07 10:00:01 ERROR {}",
    "2026-12-07 10:00:01 ERROR  {}",
    "[2026-12-07 10:00:01] [error] {}",
    "2026-12-07T10:00:01.250Z ERROR {}",
    "10:00:01 ERROR {}",
    "[ERROR] [10:00:01] {}",
    "E 10:00 {}",
    "ERROR:root:{}",
    "2026-12-07 10:00:01,123 - app - ERROR - {}",
    "2026-12-07 10:00:01,123 - ERROR - {}",
    "2026-12-07 10:00:01 [main] ERROR com.example.App - {}",
    "2026-12-07 10:00:01 ERROR [main] com.example.App - {}",
    "[10:00:01] [error] {}",
    "Dec  7 10:00:01 host app[42]: ERROR {}",
    '2026-12-07T10:00:01Z level=error msg="{}"',
    'time=2026-12-07T10:00:01Z level=error msg="{}" user=7',
    '{{"time": "2026-12-07T10:00:01Z", "level": "error", "msg": "{}"}}',
])
def test_the_level_and_message_are_read_from_common_log_shapes(shape: str) -> None:
    log = "\n".join(shape.format(m) for m in ("disk full", "timeout", "disk full", "disk full"))
    log += "\n" + shape.format("started").replace("ERROR", "INFO").replace("error", "info").replace("Error", "Info") \
        .replace("E 10", "I 10")
    read = leveled_lines(log)
    assert read is not None
    assert [(line.level, line.message) for line in read[0]] == [
        ("error", "disk full"), ("error", "timeout"), ("error", "disk full"), ("error", "disk full"), ("info", "started")]
    assert tallied("How many times does each error message appear in this log?", log)[2]["messages"] == {
        "disk full": 3, "timeout": 1}


def test_logfmt_quotes_and_a_line_without_msg() -> None:
    read = leveled_lines('level=warn msg="said \\"no\\""\nlevel=error code=7 path=/x\n')
    assert read is not None
    assert [(line.level, line.label, line.message) for line in read[0]] == [
        ("warning", "WARN", 'said "no"'), ("error", "ERROR", "code=7 path=/x")]


def test_a_json_line_nested_too_deep_to_read_is_no_json_line() -> None:
    deep = '{"level": "error", "msg": "a", "x": ' + "[" * 3000 + "]" * 3000 + "}"  # (json.loads: RecursionError)
    read = leveled_lines(f"{deep}\nERROR disk full\nERROR disk full\n")
    assert read is not None and [line.message for line in read[0]] == ["disk full", "disk full"]


def test_a_level_is_a_word_of_its_own_in_capitals_or_before_a_colon() -> None:
    read = leveled_lines("Info about the trip\nERRORS everywhere\nI went home\nINFO ok\nINFO fine\nWARNING low disk\n")
    assert read is not None
    assert [(line.level, line.message) for line in read[0]] == [("info", "ok"), ("info", "fine"),
                                                                ("warning", "low disk")]
    assert read[1] == 3


def test_messages_are_compared_exactly_and_numbers_that_differ_are_said() -> None:
    log = "ERROR timeout after 30s\nERROR timeout after 31s\nERROR timeout after 30s\nERROR Timeout after 30s\n"
    n, said, data = tallied("Count the errors by message", log)
    assert data["messages"] == {"timeout after 30s": 2, "timeout after 31s": 1, "Timeout after 30s": 1}
    assert said.endswith("(Lines by level: ERROR 4. Messages are compared as written: “timeout after 30s” and “timeout "
                         "after 31s” differ only in their numbers and are counted apart.)")


def test_critical_and_fatal_are_their_own_levels_and_lines_without_one_are_said() -> None:
    log = "ERROR a\nCRITICAL a\nFATAL b\nERROR a\n  at Foo.bar(Foo.java:12)\n"
    assert tallied("How many times does each error appear?", log)[1] == (
        "The log has 2 ERROR lines, all with one message: “a” twice. (Lines by level: ERROR 2, CRITICAL 1, FATAL 1. "
        "1 line without a level, not counted.)")
    assert tallied("How many times does each critical error appear?", log)[1].startswith(
        "The log has one CRITICAL line: “a”.")


# --- the count tool's `what` ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "kind"), [
    ("error messages by count", Kind("each", "error")),
    ("errors by message", Kind("each", "error")),
    ("messages by count", Kind("each", "")),
    ("most common error message", Kind("most", "error")),
    ("most frequent warning", Kind("most", "warning")),
    ("distinct error messages", Kind("distinct", "error")),
    ("unique messages", Kind("distinct", "")),
    ("error messages", None),  # (no tally asked: the words as written)
    ("errors", None),
    ("unique lines", None),  # (count.py's: exact lines)
    ("most common word", None),
    ("failed requests", None),
    ("most common distinct errors", None),
])
def test_what_names_a_tally(what: str, kind: Kind | None) -> None:
    assert message_kind(what) == kind


def test_a_tally_of_a_text_with_no_levels_is_refused() -> None:
    assert log_messages("just some words\nand more\n", "words") is None
    with pytest.raises(ToolError, match="needs a log whose lines have a level"):
        log_messages("just some words\nand more\n", "error messages by count")


# --- what stays the model's ----------------------------------------------------------------------------------------

ACCESS = '10.0.0.1 - - [01/Dec/2026:10:00:01] "GET / HTTP/1.1" 500 512\n'
TRACE = "ERROR boom\nTraceback (most recent call last):\n  File \"a.py\", line 1\nValueError: x\n"


@pytest.mark.parametrize(("question", "body"), [
    ("How many times does each error message appear in this log?", "disk full\nstarted\ntimeout\n"),  # no levels
    ("How many times does each error message appear in this log?", TRACE),  # (most lines have none)
    ("How many times does each error message appear in this log?", ACCESS),
    ("How many times does each error message appear in this log?", ""),
    ("How many errors are there?", LOG),  # (how many lines: count's lines containing ERROR, or the model's)
    ("Count the errors", LOG),
    ("Why does the disk full error appear?", LOG),
    ("What does each error message mean?", LOG),
    ("How many unique lines are there?", LOG),  # (count.py's: exact lines)
    ("How many times does each warnings message appear?", LOG),
    ("How many times does each warning error appear?", LOG),
    ("Which error appears most often in production?", LOG),
    ("How many times does each error message appear in this log?" + " really" * 50, LOG),  # (over 300 characters)
])
def test_other_questions_and_texts_stay_the_models(question: str, body: str) -> None:
    assert log_messages_asked(question, body) is None


@pytest.mark.parametrize("question", [
    "How many times does each error message appear" + " " * 400 + "x",
    "How many distinct errors are there" + " " * 400 + "?x",
    "Which error appears most often" + " " * 400 + "in" + " " * 400 + "x",
    "How many of each " + "error " * 800,
    "Count the " + "errors " * 700 + "by message x",
])
def test_long_questions_are_declined_quickly(question: str) -> None:
    started = time.perf_counter()
    assert log_messages_asked(question, LOG) is None
    assert time.perf_counter() - started < 0.2


def test_long_lines_are_read_quickly() -> None:
    lines = ["- " * 3_000, "a - " * 1_500, "[ERROR] " + "[x] " * 1_500, "level=" + "a=" * 3_000,
             "ERROR " + " " * 5_000 + "x", "2026-12-07 10:00:01" + " " * 5_000 + "- x", "{" + "[" * 4_000 + "}"]
    started = time.perf_counter()
    leveled_lines("\n".join(lines))
    assert time.perf_counter() - started < 0.2


# --- routing through the count tool ------------------------------------------------------------------------------


def routed(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """As `llorch run` sends a question with piped text: read whole, then the exact call."""
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    return exact_call(whole, EXACT_TOOLS, NOW) if whole is not None else None


def answered(question: str, text: str = LOG) -> tuple[str, dict[str, Any]]:
    found = routed(question, text)
    assert found is not None, question
    result = ToolRegistry().call(found[0], found[1], ToolContext(data_dir=Path("/nonexistent")))
    return result.text, dict(result.data)


def test_the_real_question_goes_to_count_and_is_answered_exactly() -> None:
    question = "How many times does each error message appear in this log?"
    assert routed(question, LOG) == ("count", {"text": LOG.strip(), "what": "error messages by count"})
    assert answered(question) == (TALLY, {"what": "error messages by count", "lines": 4,
                                          "messages": {"disk full": 3, "timeout": 1}})


@pytest.mark.parametrize(("question", "what", "data"), [
    ("Which error appears most often?", "most common error message",
     {"most": ["disk full"], "times": 3}),
    ("What's the most common error?", "most common error message", {"most": ["disk full"], "times": 3}),
    ("How many distinct errors are there?", "distinct error messages", {"count": 2}),
    ("Count the errors by message", "error messages by count", {"lines": 4, "messages": {"disk full": 3,
                                                                                         "timeout": 1}}),
    ("How many times does each warning occur?", "warning messages by count", {"lines": 1, "messages": {"slow": 1}}),
])
def test_the_variants_go_to_count(question: str, what: str, data: dict[str, Any]) -> None:
    assert routed(question, LOG) == ("count", {"text": LOG.strip(), "what": what})
    assert answered(question)[1] == {"what": what, **data}


@pytest.mark.parametrize("log", [
    "2026-12-07 10:00:01,123 - app - ERROR - disk full\n2026-12-07 10:00:02,001 - app - INFO - ok\n"
    "2026-12-07 10:00:03,123 - app - ERROR - disk full",
    'time=2026-12-07T10:00:01Z level=error msg="disk full"\ntime=2026-12-07T10:00:02Z level=error msg="disk full"',
    "ERROR:root:disk full\nERROR:root:disk full\nINFO:root:ok",
])
def test_other_log_shapes_go_to_count(log: str) -> None:
    assert answered("What's the most common error?", log)[1] == {"what": "most common error message",
                                                                 "most": ["disk full"], "times": 2}


def test_questions_the_count_tool_already_answered_stay_its_own() -> None:
    assert routed("How many ERROR lines are there?", LOG) == (
        "count", {"text": LOG.strip(), "what": "lines", "containing": "ERROR"})
    assert routed("How many unique lines are there?", LOG) == ("count", {"text": LOG.strip(), "what": "unique lines"})
    assert routed("How many errors are there?", ACCESS) == ("count", {"text": ACCESS.strip(),
                                                                      "what": "failed requests"})
    assert routed("How many times does each error message appear in this log?", "disk full\nok\n") is None


TWO_TIED = "ERROR disk full\nERROR timeout\nERROR disk full\nERROR timeout\nINFO x\n"


@pytest.mark.parametrize(("log", "what", "asked", "said", "right"), [
    # a tally: each message named, its count beside it where a number is (the 1.5B: "5 error messages and 1 warning")
    (LOG, "error messages by count", "How many times does each error message appear in this log?",
     "“disk full” appears 3 times and “timeout” once.", True),
    (LOG, "error messages by count", "How many times does each error message appear in this log?",
     "disk full: 3, timeout: 1", True),
    (LOG, "error messages by count", "How many times does each error message appear in this log?",
     "disk full appears 2 times and timeout 2.", False),
    (LOG, "error messages by count", "How many times does each error message appear in this log?",
     "The log contains 5 error messages and 1 warning message.", False),
    (LOG, "error messages by count", "How many times does each error message appear in this log?",
     "disk full appears 3 times.", False),  # (timeout left out)
    # a tie for the most common: both named, however said
    (TWO_TIED, "most common error message", "What's the most common error?",
     "Both disk full and timeout appear twice.", True),
    (TWO_TIED, "most common error message", "What's the most common error?", "Disk full appears twice.", False),
])  # fmt: skip
def test_the_answer_check_holds_a_tally_and_a_tie(log: str, what: str, asked: str, said: str, right: bool) -> None:
    from llorch.chat.answercheck import expected, fault

    read = log_messages(log, what)
    assert read is not None
    _, result, data = read
    assert (fault(said, expected("count", data, asked), "count", result) is None) == right


@pytest.mark.parametrize(("log", "what", "said"), [
    ("ERROR disk full\nINFO started\nERROR disk full\n", "messages by count",  # (keyed by level too)
     "The log has 3 lines with a level: ERROR “disk full” twice; INFO “started” once."),
    ("ERROR disk full\nINFO started\nERROR disk full\n", "messages by count", "disk full: 2 times, started: once"),
    ("ERROR [db] Timeout after 30s\nERROR [db] Timeout after 30s\nERROR Disk full!\n", "error messages by count",
     "- Timeout after 30s: 2 times\n- Disk full: 1 time"),
])
def test_a_tally_may_name_each_message_as_people_write_it(log: str, what: str, said: str) -> None:
    from llorch.chat.answercheck import expected, fault

    read = log_messages(log, what)
    assert read is not None
    _, result, data = read
    want = expected("count", data, "How many times does each message appear?")
    assert fault(said, want, "count", result) is None
    assert fault(said.split("\n")[0].split(";")[0].split(",")[0], want, "count", result) is not None  # (one left out)
