"""How long something in a piped log took (llorch/tools/logtimes.py, through timespanquestions.timespan_asked): the
time between the first and last ERROR (the 1.5B: 29 seconds; 6 minutes 2 seconds), a job's start to its end, the
whole log; which go to the timespan tool, what it says, and what stays the model's."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.longinput import Document, compose
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.logtimes import log_asked, stamp_of
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
LOG = """2026-12-01 09:14:02 INFO  server started on :8080
2026-12-01 09:15:11 ERROR db timeout after 30s
2026-12-01 09:15:40 WARN  retrying db connection
2026-12-01 09:16:05 ERROR db timeout after 30s
2026-12-01 09:20:00 INFO  request GET /health 200
2026-12-01 09:21:13 ERROR upstream 502 from auth
"""
JOBS = """08:00:00 job backup started
08:02:10 job cleanup started
08:05:00 job cleanup completed
08:41:30 job backup done
08:50:00 job report started
09:10:00 job report ended
"""


def call(args: dict[str, Any]) -> ToolResult:
    return ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW))


def piped(question: str, text: str) -> tuple[str, dict[str, Any]] | None:
    """The exact call for a question with piped text, as `llorch run` sends it: read whole (exact.READ_WHOLE), or,
    not read whole, as composed."""
    whole = read_whole(question, [text], EXACT_TOOLS, NOW)
    found = exact_call(whole if whole is not None else compose(question, [Document(text)]), EXACT_TOOLS, NOW)
    assert (whole is not None) == (found is not None and found[0] == "timespan")
    return found


def test_the_time_between_the_first_and_last_error_is_the_tools_span() -> None:
    # the 1.5B: 29 seconds
    found = piped("What was the time between the first and last ERROR?", LOG)
    assert found == ("timespan", {"start": "09:15:11", "end": "09:21:13"})
    result = call(found[1])
    assert result.text == "From 09:15:11 (9:15:11 am) to 09:21:13 (9:21:13 am) is 6 minutes 2 seconds (362 seconds)."
    assert result.data["seconds"] == 362


@pytest.mark.parametrize(("question", "args"), [
    ("How long between the first and last error?", {"start": "09:15:11", "end": "09:21:13"}),  # (any case)
    ("How much time elapsed between the first and last errors?", {"start": "09:15:11", "end": "09:21:13"}),
    ("What's the time difference between the first and the last ERROR lines?",
     {"start": "09:15:11", "end": "09:21:13"}),
    ("How long was it from the first error to the last?", {"start": "09:15:11", "end": "09:21:13"}),
    ("How far apart are the first and last ERROR?", {"start": "09:15:11", "end": "09:21:13"}),
    ("How long between the first ERROR and the last WARN?", {"start": "09:15:11", "end": "09:15:40"}),
    ("What was the time between the first and last 'db timeout'?", {"start": "09:15:11", "end": "09:16:05"}),
    ("What was the time between the first and last INFO line in this log?", {"start": "09:14:02", "end": "09:20:00"}),
    ("How many seconds passed between the first and last ERROR?",
     {"start": "09:15:11", "end": "09:21:13", "in": "seconds"}),
    ("How much time passed between the first and last line?", {"start": "09:14:02", "end": "09:21:13"}),
    ("What's the time between the first and last entries?", {"start": "09:14:02", "end": "09:21:13"}),
    ("How long is this log?", {"start": "09:14:02", "end": "09:21:13"}),
    ("What time span does this log cover?", {"start": "09:14:02", "end": "09:21:13"}),
    ("What's the time span of this log?", {"start": "09:14:02", "end": "09:21:13"}),
    ("How many minutes does this log cover?", {"start": "09:14:02", "end": "09:21:13", "in": "minutes"}),
])
def test_lines_a_question_names_in_a_log_go_to_the_timespan_tool(question: str, args: dict[str, str]) -> None:
    assert piped(question, LOG) == ("timespan", args)


def test_how_long_a_log_covers_is_said_to_the_second() -> None:
    found = piped("How long is this log?", LOG)
    assert found is not None
    assert call(found[1]).data["seconds"] == 431  # 7 minutes 11 seconds


def test_a_jobs_start_and_finish_lines_are_how_long_it_took() -> None:
    found = piped("How long did the job take?", "12:00:01 job backup started\n12:47:30 job backup finished\n")
    assert found == ("timespan", {"start": "12:00:01", "end": "12:47:30"})
    result = call(found[1])
    assert result.text == ("From 12:00:01 (12:00:01 pm) to 12:47:30 (12:47:30 pm) is 47 minutes 29 seconds (2,849 "
                           "seconds).")


@pytest.mark.parametrize(("question", "args", "seconds"), [
    ("How long did backup take?", {"start": "08:00:00", "end": "08:41:30"}, 2_490),
    ("How long did the backup job take?", {"start": "08:00:00", "end": "08:41:30"}, 2_490),
    ("How long did cleanup run?", {"start": "08:02:10", "end": "08:05:00"}, 170),
    ("What was the duration of the report job?", {"start": "08:50:00", "end": "09:10:00"}, 1_200),
    ("How many minutes did backup take?", {"start": "08:00:00", "end": "08:41:30", "in": "minutes"}, 2_490),
])
def test_a_named_job_among_several_is_its_own_start_and_end(question: str, args: dict[str, str],
                                                           seconds: int) -> None:
    found = piped(question, JOBS)
    assert found == ("timespan", args)
    assert call(found[1]).data["seconds"] == seconds


def test_lines_in_order_across_midnight_or_a_new_year_are_one_span() -> None:
    assert log_asked("How long is this log?\n2026-12-01 23:50:00 a\n2026-12-01 23:50:00 b\n2026-12-02 00:10:00 c") \
        == {"start": "23:50:00", "end": "00:10:00"}
    assert log_asked("How long is this log?\nDec 31 23:50:00 h: a\nJan  1 00:05:00 h: b\nJan  1 00:10:00 h: c") \
        == {"start": "23:50:00", "end": "00:10:00"}


@pytest.mark.parametrize(("log", "args", "said"), [
    # ISO with a T and a zone, past midnight
    ("2026-12-01T23:58:00Z ERROR a\n2026-12-02T00:03:30Z ERROR b", {"start": "23:58:00", "end": "00:03:30"},
     "the next day is 5 minutes 30 seconds"),
    # dates days apart: times on weekdays (1 December 2026 is a Tuesday)
    ("2026-12-01 09:00:00 ERROR a\n2026-12-03 10:00:00 ERROR b", {"start": "Tuesday 09:00:00",
                                                                  "end": "Thursday 10:00:00"}, "2 days 1 hour"),
    # the same fraction of a second on both
    ("2026-12-01 09:00:00,120 ERROR a\n2026-12-01 09:00:05,120 ERROR b", {"start": "09:00:00", "end": "09:00:05"},
     "5 seconds"),
    # syslog's, over a new year
    ("Dec 31 23:59:00 host app: ERROR a\nJan  1 00:01:00 host app: ERROR b", {"start": "23:59:00", "end": "00:01:00"},
     "2 minutes"),
    ("Dec  1 09:14:02 host app: ERROR a\nDec  1 09:20:02 host app: ERROR b", {"start": "09:14:02", "end": "09:20:02"},
     "6 minutes"),
    # bare times, in brackets, past midnight once, on a 12-hour clock
    ("[09:14:02] ERROR a\n[09:15:02] INFO b\n[09:16:03] ERROR c", {"start": "09:14:02", "end": "09:16:03"},
     "2 minutes 1 second"),
    ("23:50:00 ERROR a\n23:59:00 INFO b\n00:05:00 ERROR c", {"start": "23:50:00", "end": "00:05:00"}, "15 minutes"),
    ("9:14:02 PM ERROR a\n9:20:00 PM ERROR b", {"start": "21:14:02", "end": "21:20:00"}, "5 minutes 58 seconds"),
    ("12:00 ERROR a\n12:45 ERROR b", {"start": "12:00", "end": "12:45"}, "45 minutes"),
])
def test_timestamps_of_each_kind_are_read(log: str, args: dict[str, str], said: str) -> None:
    found = piped("What was the time between the first and last ERROR?", log)
    assert found == ("timespan", args)
    assert said in call(found[1]).text


@pytest.mark.parametrize(("question", "log"), [
    ("What was the time between the first and last ERROR?", "ERROR a\nERROR b\n"),  # no timestamps
    ("What was the time between the first and last ERROR?", "2026-12-01 09:14:02 ERROR a\n2026-12-01 09:15:00 INFO"),
    ("What was the time between the first and last DEBUG?", LOG),  # no such line
    ("What was the time between the first and last warning?", LOG),  # one alone
    ("How long did backup take?", "12:00:01 job backup started\n12:10:00 job backup progress 50%\n"),  # never ended
    ("How long did backup take?", "12:00:01 backup started\n12:10:00 backup finished\n13:00:00 backup started\n"
                                  "13:10:00 backup finished\n"),  # twice
    ("How long did deploy take?", JOBS),  # no such job
    ("How long did the job take?", JOBS),  # which?
    ("What was the time between the first and last ERROR?",
     "2026-12-01 09:00:00 ERROR a\n2026-12-13 10:00:00 ERROR b"),  # over a week
    ("What was the time between the first and last ERROR?",
     "Dec  1 09:14:02 h: ERROR a\nDec  2 09:20:02 h: ERROR b"),  # a day or more, and no year for its weekdays
    ("What was the time between the first and last ERROR?",
     "2026-12-01 09:00:00,120 ERROR a\n2026-12-01 09:00:05,400 ERROR b"),  # (the tool reads whole seconds)
    ("What was the time between the first and last ERROR?",
     "2026-12-01T09:00:00+01:00 ERROR a\n2026-12-01T09:00:05Z ERROR b"),  # zones differ
    ("What was the time between the first and last ERROR?", "09:16:05 ERROR a\n09:15:11 ERROR b"),  # out of order
    # out of order between the first line and the last, dated or syslog's
    ("How long is this log?", "2026-12-01 10:00:00 a\n2026-12-01 09:00:00 b\n2026-12-01 11:00:00 c"),
    ("How long is this log?", "2026-12-02 10:00:00 a\n2026-12-01 10:30:00 b\n2026-12-02 11:00:00 c"),
    ("What was the time between the first and last ERROR?",
     "Dec  1 10:00:00 h: ERROR a\nDec  1 09:00:00 h: INFO b\nDec  1 11:00:00 h: ERROR c"),
    ("How long is this log?", "Jan  1 00:05:00 h: a\nDec 31 23:50:00 h: b\nJan  1 00:10:00 h: c"),
    ("What was the time between the first and last ERROR?",
     "23:50:00 ERROR a\n03:00:00 INFO\n13:00:00 INFO\n01:00:00 INFO\n00:05:00 ERROR b"),  # midnight twice
    ("What was the time between the first and last ERROR?",
     "2026-12-01 09:00:00 ERROR a\n09:05:00 ERROR b"),  # two kinds of timestamp
    ("What was the time between the first and last ERROR?", "Mon 08:55-17:10 ERROR\nTue 09:05-17:40 ERROR"),
    ("How long is this text?", LOG),  # (a length in characters, maybe)
    ("How many lines are in this log?", LOG),
    ("What was the time between the first and last ERROR?", "09:00-17:00 ERROR\n09:00-18:00 ERROR"),
])
def test_a_log_whose_lines_do_not_settle_it_stays_the_models(question: str, log: str) -> None:
    found = piped(question, log)
    assert found is None or found[0] != "timespan"


def test_a_timestamp_opens_its_line() -> None:
    read = stamp_of("2026-12-01T09:14:02.500+01:00 INFO x")
    assert read is not None
    stamp, rest = read
    assert (stamp.kind, stamp.time, stamp.fraction, stamp.zone, rest) == ("date", "09:14:02", "5", "+0100", " INFO x")
    assert stamp_of("[12:00:01] job started") is not None
    assert stamp_of("job 12:00:01 started") is None  # (not first)
    assert stamp_of("25:00:00 x") is None
    assert stamp_of("13:00:00 PM x") is None  # (a 12-hour clock's hour is 1 to 12)
    read = stamp_of("12:30:00 a.m. x")
    assert read is not None and read[0].time == "00:30:00"
    read = stamp_of("Sep  9 21:07:00 host x")
    assert read is not None and (read[0].kind, read[0].day) == ("syslog", date(2000, 9, 9))
    assert stamp_of("2026-02-30 09:00:00 x") is None
    assert stamp_of("09:00-17:00") is None  # (a time sheet's line)


def test_a_files_name_above_its_lines_is_no_line() -> None:
    # (as chat/longinput.compose writes it: "--- 10:15 notes ---" opens with no timestamp, read or not)
    log = "--- 10:15 notes.log ---\n09:00 a\n10:00 b\n--- more.log ---\n10:30 c"
    assert log_asked("How long is this log?\n" + log) == {"start": "09:00", "end": "10:30"}


def test_a_ten_thousand_line_log_is_read_fast() -> None:
    log = "\n".join(f"2026-12-01 {9 + i // 3_600:02d}:{i // 60 % 60:02d}:{i % 60:02d} "
                    f"{'ERROR' if i % 7 == 0 else 'INFO'} request {i} took 1:2:3 ms" for i in range(10_000))
    hostile = "\n".join([" " * 5_000 + "[", "1:" * 3_000 + "x", "12:00:00" + " :" * 3_000, "12:00:00" + "\t " * 3_000]
                        * 3)
    started = time.perf_counter()
    assert log_asked("What was the time between the first and last ERROR?\n\n" + log) == {"start": "09:00:00",
                                                                                          "end": "11:46:36"}
    assert log_asked("How long did backup take?\n\n" + log) is None
    assert log_asked("What was the time between the first and last 'took 1:2:3'?\n\n" + log) is not None
    assert log_asked("How long is this log?\n\n" + hostile) == {"start": "12:00:00", "end": "12:00:00"}
    assert log_asked("How long between the first " + "a " * 90 + "and last\n\n" + log) is None
    assert time.perf_counter() - started < 2
