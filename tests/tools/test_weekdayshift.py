"""A weekday some days from a weekday given, without a date ("If today is Monday, what day is it in 100 days?")."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

MONDAY = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)  # (a Monday: the answers must not lean on it)


def date_of(tmp_path: Path, words: str) -> ToolResult:
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: MONDAY, calendar_file=tmp_path / "c.ics")
    return ToolRegistry().call("calendar", {"action": "date", "date": words}, ctx)


@pytest.mark.parametrize(("message", "words", "weekday"), [
    ("If today is Monday, what day is it in 100 days?", "100 days after a monday", "Wednesday"),  # (the 1.5B: Sunday)
    ("If it's Thursday today, what day of the week will it be in 45 days?", "45 days after a thursday", "Sunday"),
    ("Today is a Saturday. What day was it 20 days ago?", "20 days before a saturday", "Sunday"),
    ("If today is Wednesday, what day will it be 1000 days from now?", "1000 days after a wednesday", "Tuesday"),
    ("If it is a Friday, which day will it be 1,000,000 days later?", "1000000 days after a friday", "Saturday"),
    ("Suppose today is Friday. What weekday will it be in 3 weeks?", "3 weeks after a friday", "Friday"),
    ("If today is Sunday, what day was it 1 day ago?", "1 day before a sunday", "Saturday"),
    ("If today is Tuesday what day will it be after 10 days?", "10 days after a tuesday", "Friday"),
    ("What day of the week is 100 days after a Monday?", "100 days after a monday", "Wednesday"),
    ("What day of the week was 9 days before a Tuesday?", "9 days before a tuesday", "Sunday"),
])  # fmt: skip
def test_a_weekday_from_a_weekday_given_is_the_calendars_and_says_the_weekday_alone(
        tmp_path: Path, message: str, words: str, weekday: str) -> None:
    assert exact_call(message, EXACT_TOOLS, MONDAY) == ("calendar", {"action": "date", "date": words})
    result = date_of(tmp_path, words)
    assert result.data["weekday"] == weekday
    assert result.text.split(" is a ")[1].startswith(weekday)
    assert "2026" not in result.text and "2027" not in result.text  # no date: none was given


def test_the_answer_says_why_in_weeks_and_days(tmp_path: Path) -> None:
    assert date_of(tmp_path, "100 days after a monday").text == (
        "100 days after a Monday is a Wednesday (100 days are 14 weeks and 2 days: the weeks come back to a Monday, "
        "and 2 days after it is a Wednesday).")
    assert date_of(tmp_path, "3 weeks after a friday").text == \
        "3 weeks after a Friday is a Friday (whole weeks come back to the same weekday)."
    with pytest.raises(ToolError, match="past the 10,000,000 days"):
        date_of(tmp_path, "99999999 days after a monday")


@pytest.mark.parametrize("message", [
    "If today is Monday, what day is it?",  # (no shift: the real today's)
    "If today is Monday, what day is 10 days?",
    "What day was it in 10 days if today is Monday?",
    "If today is Monday, what day was it in 10 days?",  # (neither way)
    "If today is Monday, what date is it in 100 days?",  # (a date: none can be said)
])  # fmt: skip
def test_what_reads_neither_way_is_no_weekday_shift(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, MONDAY)
    assert found is None or "after a" not in str(found[1].get("date", ""))


def test_an_answer_naming_another_weekday_is_noted(tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault
    result = date_of(tmp_path, "100 days after a monday")
    want = expected("calendar", result.data, "If today is Monday, what day is it in 100 days?")
    assert fault("It will be a Wednesday.", want, "calendar", result.text) is None
    assert fault("In 100 days, it will be a Sunday.", want, "calendar", result.text) is not None
