"""Three questions of a piped log the 1.5B got wrong, now the log tools': when the first (or last) error came
(llorch/tools/logtally.py, through the count tool: the 1.5B said 08:01:15, a WARN line; 08:02:40), how long the
log covers from its first line to its last (llorch/tools/logtimes.py, through the timespan tool: the 1.5B said "7
lines"; 5 minutes 48 seconds), and what share of its lines are errors (logtally.py: the 1.5B said 22.22%; 3 of 7,
42.86%); and the questions, logs and texts that stay the model's."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.logtally import _EDGE_ASKED, _SHARE_ASKED, Kind, log_messages, log_messages_asked, message_kind
from llorch.tools.logtimes import _BETWEEN, _WHOLE, in_order, log_asked, stamp_of
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 6, 17, 10, 0)
LOG = """2026-06-16 08:01:12 INFO start worker=1
2026-06-16 08:01:15 WARN slow disk
2026-06-16 08:02:40 ERROR db timeout
2026-06-16 08:03:02 INFO retry ok
2026-06-16 08:05:55 ERROR db timeout
2026-06-16 08:06:10 ERROR cache miss storm
2026-06-16 08:07:00 INFO done"""
LEVELS = " (Lines by level: ERROR 3, INFO 3, WARN 1.)"
FIRST = "The first of the log's 3 ERROR lines is line 3, at 08:02:40 on 2026-06-16: “db timeout”." + LEVELS
LAST = "The last of the log's 3 ERROR lines is line 6, at 08:06:10 on 2026-06-16: “cache miss storm”." + LEVELS
SPAN = "From 08:01:12 (8:01:12 am) to 08:07:00 (8:07:00 am) is 5 minutes 48 seconds (348 seconds)."
SHARE = "42.86% of the log's 7 lines are ERROR lines: 3 of 7." + LEVELS


def routed(question: str, log: str = LOG) -> tuple[str, dict[str, Any]] | None:
    """The exact call for a question with a log piped after a blank line, as `llorch run` joins them."""
    return exact_call(f"{question}\n\n{log}", EXACT_TOOLS, NOW)


def answered(question: str, log: str = LOG) -> tuple[str, dict[str, Any], str, Any]:
    """The tool and arguments a question goes to, and what the tool says (its text and data)."""
    found = routed(question, log)
    assert found is not None, question
    tool, args = found
    result = ToolRegistry().call(tool, args, ToolContext(data_dir=Path("/nonexistent")))
    return tool, args, result.text, result.data


# --- the three questions -----------------------------------------------------------------------------------------


def test_the_first_error_is_the_first_error_lines_time() -> None:
    # the 1.5B: 08:01:15 (the WARN line)
    tool, args, said, data = answered("At what time did the first error happen?")
    assert (tool, args) == ("count", {"text": LOG, "what": "first error line"})
    assert said == FIRST
    assert data == {"what": "first error line", "line": 3, "message": "db timeout", "time": "08:02:40",
                    "date": "2026-06-16"}
    # (piped, the question and the log are read whole: the model is shown the tool's answer, not the log)
    assert read_whole("At what time did the first error happen?", [LOG], EXACT_TOOLS, NOW) is not None


def test_how_long_the_log_covers_is_its_first_line_to_its_last() -> None:
    # the 1.5B: "7 lines"
    tool, args, said, _ = answered("How long does this log cover, from the first line to the last?")
    assert (tool, args) == ("timespan", {"start": "08:01:12", "end": "08:07:00"})
    assert said == SPAN


def test_the_share_of_error_lines_is_a_percentage_of_all_the_lines() -> None:
    # the 1.5B: 22.22%
    tool, args, said, data = answered("What percentage of the lines are errors?")
    assert (tool, args) == ("count", {"text": LOG, "what": "percentage of error lines"})
    assert said == SHARE
    assert data == {"what": "percentage of error lines", "count": 42.86, "lines": 3, "of": 7}


# --- the phrasings -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "what", "said"), [
    ("At what time did the first error happen?", "first error line", FIRST),
    ("When did the first error occur?", "first error line", FIRST),
    ("What time was the last error?", "last error line", LAST),
    ("When was the first ERROR?", "first error line", FIRST),
    ("What time did the first ERROR line appear?", "first error line", FIRST),
    ("When was the last error logged in this log?", "last error line", LAST),
    ("When was the most recent error?", "last error line", LAST),
    ("What's the timestamp of the first error?", "first error line", FIRST),
    ("When did the first critical error happen?", "first critical line",
     "None of the log's 7 lines is a CRITICAL line." + LEVELS),
    ("When did the last warning occur?", "last warning line",
     "The log's only WARN line is line 2, at 08:01:15 on 2026-06-16: “slow disk”." + LEVELS),
])
def test_when_a_levels_first_or_last_line_came(question: str, what: str, said: str) -> None:
    tool, args, text, _ = answered(question)
    assert (tool, args, text) == ("count", {"text": LOG, "what": what}, said)


@pytest.mark.parametrize("question", [
    "How long does this log cover, from the first line to the last?",
    "What time span does this log cover?",
    "How much time passes between the first and last line?",
    "How much time passes from the first line to the last?",
    "How long does the log cover from start to finish?",
    "What time span does this log cover, from its first entry to its last?",
    "How many minutes go by between the first and last line?",
    "How many seconds pass between the first and last line?",
    "How much time goes by between the first and last line?",
])
def test_how_long_a_log_covers(question: str) -> None:
    tool, args, said, _ = answered(question)
    assert tool == "timespan" and args.get("start") == "08:01:12" and args.get("end") == "08:07:00", question
    assert said.startswith("From 08:01:12 (8:01:12 am) to 08:07:00 (8:07:00 am) is ")


@pytest.mark.parametrize(("question", "what", "said"), [
    ("What percentage of the lines are errors?", "percentage of error lines", SHARE),
    ("What fraction of log lines are ERROR?", "percentage of error lines", SHARE),
    ("What percent of the log lines are error lines?", "percentage of error lines", SHARE),
    ("What percentage of the lines in this log are errors?", "percentage of error lines", SHARE),
    ("What percentage of this log is errors?", "percentage of error lines", SHARE),
    ("What % of the lines are errors in this log?", "percentage of error lines", SHARE),
    ("How many percent of the entries are errors?", "percentage of error lines", SHARE),
    ("What share of the lines are warnings?", "percentage of warning lines",
     "14.29% of the log's 7 lines are WARN lines: 1 of 7." + LEVELS),
    ("What proportion of the lines are debug?", "percentage of debug lines",
     "0% of the log's 7 lines are DEBUG lines: none of 7." + LEVELS),
])
def test_what_share_of_the_lines_a_level_has(question: str, what: str, said: str) -> None:
    tool, args, text, _ = answered(question)
    assert (tool, args, text) == ("count", {"text": LOG, "what": what}, said)


# --- what stays the model's --------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "How do I find the first error in a log?",
    "Why did the first error happen?",
    "What was the first error?",  # (its message, not its time)
    "When did the first timeout happen?",  # (a word, not a level)
    "When did the first error get fixed?",
    "When did the first error happen after the restart?",
    "When will the next error happen?",
    "When did the first warning error happen?",
    "Please tell me when the first error happened.",  # (another word order: not read)
    "What percentage of the errors are timeouts?",
    "What percentage of the lines are longer than 80 characters?",
    "What percentage of the lines contain 'disk'?",
    "What percentage of the lines are errors or warnings?",
    "What percentage of the lines are not errors?",
    "What percentage of the lines are errors lines?",
    "How do I compute the percentage of error lines?",
    "What percentage of the requests are errors?",
    "How long does it take to read this log?",
    "How long does this log cover, from the first error to the last?",  # (not the whole log: unsure)
    "How long does this log cover, from the first line to the third?",
    "How much time passes between the first and last line of a log, usually?",
])
def test_questions_that_look_alike_but_ask_something_else(question: str) -> None:
    assert routed(question) is None, question


@pytest.mark.parametrize("question", [
    "At what time did the first error happen?",
    "How long does this log cover, from the first line to the last?",
    "How much time passes between the first and last line?",
    "What percentage of the lines are errors?",
])
def test_no_log_piped_is_no_call(question: str) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) is None
    assert routed(question, "The meeting went well and nobody complained about the food.") is None


NO_TIMES = "INFO start worker=1\nWARN slow disk\nERROR db timeout\nINFO retry ok\nERROR cache miss storm\nINFO done"
OUT_OF_ORDER = "2026-06-16 08:05:00 INFO a\n2026-06-16 08:01:00 ERROR b\n2026-06-16 08:06:00 ERROR c"
TWO_KINDS = "2026-06-16 08:01:00 INFO a\n08:02:00 ERROR b\n2026-06-16 08:06:00 ERROR c"
UNSTAMPED_ERROR = "2026-06-16 08:01:00 INFO a\nERROR b\n2026-06-16 08:06:00 ERROR c"
FATAL = "2026-06-16 08:01:00 FATAL disk gone\n2026-06-16 08:02:00 ERROR db timeout\n2026-06-16 08:03:00 INFO done"
TRACE = ("2026-06-16 08:01:00 INFO a\n2026-06-16 08:02:00 ERROR boom\nTraceback (most recent call last):\n"
         "  File \"app.py\", line 3\nValueError: boom\n2026-06-16 08:03:00 INFO b\n2026-06-16 08:04:00 INFO c")


@pytest.mark.parametrize(("question", "log"), [
    ("At what time did the first error happen?", NO_TIMES),
    ("How long does this log cover, from the first line to the last?", NO_TIMES),
    ("How much time passes between the first and last line?", NO_TIMES),
    ("When did the first error occur?", OUT_OF_ORDER),  # (the first in the file, or the earliest?)
    ("When did the first error occur?", TWO_KINDS),
    ("When did the first error occur?", UNSTAMPED_ERROR),
    ("When did the first error occur?", FATAL),  # (is FATAL an error? the asker's to say)
    ("What percentage of the lines are errors?", FATAL),
    ("What percentage of the lines are errors?", TRACE),  # (of the 4 entries, or of all 7 lines?)
])
def test_logs_that_do_not_settle_it(question: str, log: str) -> None:
    assert routed(question, log) is None


def test_a_log_without_the_level_says_so_and_warnings_are_asked_of_a_fatal_log() -> None:
    no_errors = "2026-06-16 08:01:00 INFO a\n2026-06-16 08:02:00 WARN b"
    tool, args, said, data = answered("When did the first error happen?", no_errors)
    assert (tool, args["what"]) == ("count", "first error line")
    assert said == "None of the log's 2 lines is an ERROR line. (Lines by level: INFO 1, WARN 1.)"
    assert data == {"what": "first error line", "line": 0}
    _, args, said, _ = answered("What time was the last FATAL?", FATAL)
    assert said == ("The log's only FATAL line is line 1, at 08:01:00 on 2026-06-16: “disk gone”. (Lines by level: "
                    "ERROR 1, FATAL 1, INFO 1.)")


def test_bare_times_past_midnight_and_syslog_dates_are_said_as_written() -> None:
    _, _, said, data = answered("When was the last error?", "23:59:00 INFO a\n23:59:30 ERROR b\n00:00:10 ERROR c")
    assert said.startswith("The last of the log's 2 ERROR lines is line 3, at 00:00:10: “c”.")
    assert data["time"] == "00:00:10" and "date" not in data
    _, _, said, _ = answered("When was the first error?", "Sep  9 21:07:00 host app[4]: ERROR x\nSep  9 21:08:00 "
                                                          "host app[4]: INFO y")
    assert said.startswith("The log's only ERROR line is line 1, at 21:07:00 on Sep 9: “x”.")


# --- the count tool, asked by the model ------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "kind"), [
    ("first error line", Kind("first", "error")),
    ("last WARN", Kind("last", "warning")),
    ("first warning log entry", Kind("first", "warning")),
    ("percentage of error lines", Kind("share", "error")),
    ("share of warnings", Kind("share", "warning")),
    ("error messages by count", Kind("each", "error")),  # (as before)
    ("first line", None),
    ("percentage of lines", None),
    ("last error line by count", None),
])
def test_what_the_count_tool_reads_as_a_levels_line_or_share(what: str, kind: Kind | None) -> None:
    assert message_kind(what) == kind


def test_a_share_with_lines_without_a_level_gives_both_readings() -> None:
    found = log_messages(TRACE, "percentage of error lines")
    assert found == (25.0, "25% of the log's 4 lines with a level are ERROR lines: 1 of 4 (3 lines without a level "
                           "left out; of all 7 non-empty lines, 14.29%). (Lines by level: INFO 3, ERROR 1.)",
                     {"what": "percentage of error lines", "count": 25.0, "lines": 1, "of": 4, "of_all": 14.29})


def test_a_first_line_without_a_timestamp_says_so() -> None:
    found = log_messages(NO_TIMES, "first error line")
    assert found is not None
    assert found[1].startswith("The first of the log's 2 ERROR lines is line 3, with no timestamp: “db timeout”.")
    assert "time" not in found[2]


def test_stamps_run_in_order() -> None:
    def stamps(*lines: str) -> list[Any]:
        return [read[0] for line in lines if (read := stamp_of(line)) is not None]

    assert in_order(stamps("23:59:00 a", "00:00:10 b", "00:01:00 c"))  # (midnight once)
    assert not in_order(stamps("08:05:00 a", "08:01:00 b"))
    assert not in_order(stamps("23:00:00 a", "01:00:00 b", "23:30:00 c", "01:30:00 d"))  # (midnight twice)
    assert not in_order(stamps("2026-06-16 08:00:00 a", "08:01:00 b"))  # (two kinds)
    assert in_order(stamps("Dec 31 23:59:00 a", "Jan  1 00:00:10 b"))  # (a new year)
    assert not in_order([])


def test_the_answers_hold_across_formatting() -> None:
    assert log_messages_asked("  when did the FIRST error happen ??  ", LOG) == {"text": LOG,
                                                                                "what": "first error line"}
    assert log_asked("How long does this log cover , from the first line to the last line ?\n\n" + LOG) == {
        "start": "08:01:12", "end": "08:07:00"}


# --- linear time -------------------------------------------------------------------------------------------------


def test_hostile_questions_and_logs_are_read_fast() -> None:
    runs = [" " * 100_000, "a" * 100_000, "a " * 50_000, "first " * 16_000, "errors " * 14_000, "\t ," * 33_000]
    heads = ["At what time did the first error", "When was the first error", "What's the time of the first error",
             "What percentage of the lines are", "How long does this log cover", "How much time passes between the "
             "first", "What time span does this log cover, from the first line to the"]
    patterns = [*_EDGE_ASKED, _SHARE_ASKED, _BETWEEN, *_WHOLE]
    hostile_log = "\n".join(["2026-06-16 08:01:12 ERROR " + "a " * 3_000, " " * 8_000 + "ERROR x",
                             "2026-06-16 08:01:12" + " " * 8_000, "ERROR:" * 1_300] * 4)
    assert 50_000 < len(hostile_log) < 150_000
    started = time.perf_counter()
    for head in heads:
        for run in runs:
            question = f"{head} {run}x?"
            assert all(p.match(question) is None for p in patterns)
            assert log_messages_asked(question, LOG) is None
            assert log_asked(f"{question}\n\n{LOG}") is None
    for question in ("When did the first error happen?", "What percentage of the lines are errors?"):
        log_messages_asked(question, hostile_log)
    assert log_asked("How long does this log cover, from the first line to the last?\n\n" + hostile_log) is not None
    assert time.perf_counter() - started < 5  # (a hang guard: 0.15 s idle; quadratic was seconds per pattern)


def test_an_answer_without_the_first_errors_time_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault
    question = "At what time did the first error happen?\n\n" + LOG
    found = exact_call(question, EXACT_TOOLS, NOW)
    assert found is not None
    result = ToolRegistry().call(found[0], found[1], ToolContext(data_dir=Path("/nonexistent")))
    want = expected(found[0], result.data, question)
    assert fault("The first error happened at 08:02:40.", want, found[0], result.text) is None
    assert fault("It happened at 8:02:40 am.", want, found[0], result.text) is None
    assert fault("The first error happened at 08:01:15.", want, found[0], result.text) is not None  # (the WARN's)
