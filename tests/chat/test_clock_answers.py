"""The answer check of a time of day a tool worked out (answercheck's clock and timespan times, read by
answerforms.clock_given): the time as the answer's words read it, and the day it names beside it."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.chat.answerforms import clock_given
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)


def noted(tool: str, args: dict[str, Any], asked: str, answer: str, tmp_path: Path) -> bool:
    """Whether the answer check says something of `answer`, `tool` having answered `asked` with `args`."""
    result = ToolRegistry().call(tool, args, ToolContext(data_dir=tmp_path, can_write=False, now=lambda: NOW))
    return fault(answer, expected(tool, result.data, asked), tool, result.text) is not None


@pytest.mark.parametrize(("answer", "hhmm"), [
    ("21:00", "21:00"), ("9 pm", "21:00"), ("9:00 P.M.", "21:00"), ("9pm", "21:00"), ("9 in the evening", "21:00"),
    ("9:00 in the morning", "09:00"), ("9:00", "09:00"), ("9 am", "09:00"), ("03:30 AM", "03:30"),
    ("3:30a.m.", "03:30"), ("noon", "12:00"), ("12 pm", "12:00"), ("12:00", "12:00"), ("midnight", "00:00"),
    ("12 am", "00:00"), ("12 at night", "00:00"), ("12:30 am", "00:30"), ("00:30", "00:30"), ("3:30 pm", "15:30"),
    ("09:02:45", "09:02"),
])  # fmt: skip
def test_a_time_is_read_as_written(answer: str, hhmm: str) -> None:
    assert clock_given(f"It is {answer}.", hhmm) is None
    assert clock_given(f"It is {answer}.", "11:11") == "time"


@pytest.mark.parametrize(("answer", "hhmm"), [
    ("9:00", "21:00"), ("9:00 am", "21:00"), ("3:30", "15:30"), ("12:30", "00:30"), ("3:30 pm", "03:30"),
    ("1:00 am", "13:00"), ("25:00", "01:00"),
])
def test_a_bare_or_other_half_time_is_not_the_time(answer: str, hhmm: str) -> None:
    assert clock_given(f"It is {answer}.", hhmm) == "time"


def test_a_day_is_the_nearest_times_in_its_sentence() -> None:
    day = date(2027, 3, 9)
    assert clock_given("Leaving at 21:00 on 10 March, you land at 9:00 am on 9 March.", "09:00", day) is None
    assert clock_given("Leaving at 21:00 on 10 March, you land at 9:00 am.", "09:00", day) is None
    assert clock_given("You land at 9:00 am. You left on 10 March.", "09:00", day) is None  # (no time beside it)
    assert clock_given("Leaving at 21:00 on 10 March, you land on 10 March at 9:00 am.", "09:00", day) == "day"
    assert clock_given("You land at 9:00 am (Tuesday, 9 March 2027).", "09:00", day) is None
    assert clock_given("You land at 9:00 am on Wednesday.", "09:00", day) == "day"
    assert clock_given("You land at 9:00 am on 9 March 2028.", "09:00", day) == "day"
    assert clock_given("You land at 9:00 am on 2027-03-09.", "09:00", day) is None
    assert clock_given("You land at 9:00 am on 03/09/2027.", "09:00", day) is None  # (either way round)
    assert clock_given("You land at 9:00 am, the previous day.", "09:00", day, -1) is None
    assert clock_given("You land at 9:00 am, the same day.", "09:00", day, -1) == "day"
    assert clock_given("You land at 9:00 am on 10 Mar. It is raining.", "09:00", day) == "day"


def test_a_timespan_time_must_give_its_half_of_the_day(tmp_path: Path) -> None:
    # "the second train catches up 3 hours after 10:00": at 13:00, not at a bare 1:00 nor at 1:00 am (both passed)
    args, asked = {"start": "10:00", "add": "3 hours"}, "When does the second train catch up?"
    assert [noted("timespan", args, asked, answer, tmp_path) for answer in (
        "At 1:00 pm.", "13:00", "At 1 pm.", "At 1:00 am.", "At 1:00.", "3 hours later", "At 1 pm the next day.")] == [
        False, False, False, True, True, True, True]


def test_a_converted_time_is_checked_by_its_time_alone(tmp_path: Path) -> None:
    # (an answer names both places' days, and which is whose is no plain reading: "11:30 PM in London on Sunday 6
    # December is 8:30 AM in Tokyo on Monday 7 December" was flagged)
    args, asked = {"at": "3pm", "from": "EST", "place": "London"}, "What's 3pm EST in London?"
    assert [noted("clock", args, asked, answer, tmp_path) for answer in (
        "8 pm", "20:00 on 5 December", "3 pm EST on 5 December is 8 pm in London.", "8:00 pm on 6 December",
        "8:00 am", "It's 9:00 pm in London (UTC+00:00).")] == [False, False, False, False, True, True]


def test_a_long_answer_is_read_quickly() -> None:
    for text in ("3:30 am" + " " * 5_000 + "10 March", "At 3:30 am on 10 March. " * 200, "1 " * 2_500,
                 ("March" + " " * 400) * 12 + "3:30 am", "Wednesday " * 500,
                 "At 3:30 am, 10 March, 4 pm, 10 March " * 120, "9" + " " * 400 + "x" * 4_000):
        started = time.perf_counter()
        clock_given(text, "03:30", date(2027, 3, 10), 0)
        assert time.perf_counter() - started < 0.2


def test_a_utc_offset_is_no_time_of_day() -> None:
    # 10:00 UTC is 05:00 in New York: "6:00 AM … (UTC-05:00)" passed, its offset read as 05:00
    assert clock_given("It's 6:00 AM in New York (UTC-05:00).", "05:00") == "time"
    assert clock_given("It's 6 am EST (UTC−05:00).", "05:00") == "time"
    assert clock_given("It's 5:00 AM in New York (UTC-05:00).", "05:00") is None


def test_the_right_day_named_anywhere_is_enough() -> None:
    said = "You arrive in London at 9:00 am on 11 March, 7 hours after leaving New York on 10 March."
    assert clock_given(said, "09:00", date(2027, 3, 11), 1) is None
    assert clock_given("You arrive at 9:00 am on 12 March.", "09:00", date(2027, 3, 11), 1) == "day"
