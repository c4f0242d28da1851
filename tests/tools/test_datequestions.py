"""Questions of dates that the 1.5B got wrong with no tool: a range that names its month once, the months or years
between two days, and an age; each goes to the calendar, which counts it."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.daymath import span_of
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

SATURDAY = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)


def calendar(tmp_path: Path, **args: Any) -> ToolResult:
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: SATURDAY, calendar_file=tmp_path / "c.ics")
    return ToolRegistry().call("calendar", {"action": "days", **args}, ctx)


@pytest.mark.parametrize(("message", "args"), [
    # the month (and year) said once: the bare day is in the other end's (the 1.5B: 10 weekdays in January 2027; 21)
    ("How many weekdays are there between 1 and 31 January 2027?",
     {"from": "2027-01-01", "to": "2027-01-31", "weekdays": True}),
    ("How many days from 5 to 23 March 2027?", {"from": "2027-03-05", "to": "2027-03-23"}),
    # the days asked as a difference or a number (the 1.5B: 48 days from 2026-11-15 to 2027-02-03; 80)
    ("What's the difference in days between 2026-11-15 and 2027-02-03?", {"from": "2026-11-15", "to": "2027-02-03"}),
    ("Calculate the number of days between 15 November 2026 and 3 February 2027",
     {"from": "2026-11-15", "to": "2027-02-03"}),
    ("What is the number of working days between 1 and 31 January 2027?",
     {"from": "2027-01-01", "to": "2027-01-31", "weekdays": True}),
    ("How many days from the 3rd to the 17th of May?", {"from": "2026-05-03", "to": "2026-05-17"}),
    ("How many days from March 5 to 23, 2027?", {"from": "2027-03-05", "to": "2027-03-23"}),
    ("How many days between January 1 and 31, 2027?", {"from": "2027-01-01", "to": "2027-01-31"}),
    # whole months or years: a month is its first day, a year its 1 January (the 1.5B: 8 months; 20)
    ("How many months are there between March 2025 and November 2026?",
     {"from": "2025-03-01", "to": "2026-11-01", "unit": "months"}),
    ("How many months until June 2027?", {"from": "2026-12-05", "to": "2027-06-01", "unit": "months"}),
    ("How many months until June?", {"from": "2026-12-05", "to": "2027-06-01", "unit": "months"}),  # the next
    ("How many months since June?", {"from": "2026-06-01", "to": "2026-12-05", "unit": "months"}),  # the last
    ("How many months since January 2020?", {"from": "2020-01-01", "to": "2026-12-05", "unit": "months"}),
    ("How many months between 15 March 2025 and 1 November 2026?",
     {"from": "2025-03-15", "to": "2026-11-01", "unit": "months"}),
    ("How many years between 1990 and 2026?", {"from": "1990-01-01", "to": "2026-01-01", "unit": "years"}),
    ("How many years until 2030?", {"from": "2026-12-05", "to": "2030-01-01", "unit": "years"}),
    # an age (the 1.5B: 25 for 29 February 2000; 26)
    ("How old is someone born on 29 February 2000 today?", {"from": "2000-02-29", "to": "2026-12-05", "age": True}),
    ("How old am I if I was born on 10 August 1990?", {"from": "1990-08-10", "to": "2026-12-05", "age": True}),
    ("What age is a person born 1 March 2001?", {"from": "2001-03-01", "to": "2026-12-05", "age": True}),
    ("How old will I be on 1 January 2030 if I was born on 5 May 1985?",
     {"from": "1985-05-05", "to": "2030-01-01", "age": True}),
    # "how many days old" stays a count of days
    ("How many days old is someone born on 1 January 2000?", {"from": "2000-01-01", "to": "2026-12-05"}),
])  # fmt: skip
def test_a_range_said_once_months_years_and_ages_go_to_the_calendars_days(message: str, args: dict[str, Any]) -> None:
    assert exact_call(message, EXACT_TOOLS, SATURDAY) == ("calendar", {"action": "days", **args})


@pytest.mark.parametrize("message", [
    "How old is the universe?",
    "How old is Python?",
    "How many months until my birthday?",
    "How old is someone born on 3 March?",  # (which year?)
    "How old is someone born in 1990?",
    "How old is someone born on 1 January 2030?",  # (not yet born)
    "How old would my son be if he had been born a week early on 1 January 2020?",
    "How old is someone born on 1 January 2000 in Mars years?",
    "How many months between the two world wars?",
    "How many days from 5 to 23?",  # (no month)
    "How many months between 2 and 3 years?",
    "What are the days between Christmas and New Year?",  # (which days, maybe)
    "What's the difference between 2026-11-15 and 2027-02-03?",  # (in what?)
    "What's the difference in days between these?",
])  # fmt: skip
def test_what_is_less_plain_stays_with_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, SATURDAY) is None


def test_the_calendar_counts_whole_months_and_years_and_the_days_over(tmp_path: Path) -> None:
    months = calendar(tmp_path, **{"from": "2025-03-01", "to": "2026-11-01", "unit": "months"})
    assert months.text == "From Saturday 1 March 2025 to Sunday 1 November 2026: 20 months (610 days)."
    assert months.data == {"from": "2025-03-01", "to": "2026-11-01", "days": 610, "unit": "months", "months": 20,
                           "days_over": 0}
    assert calendar(tmp_path, **{"from": "2025-03-15", "to": "2026-11-01", "unit": "months"}).text == \
        "From Saturday 15 March 2025 to Sunday 1 November 2026: 19 months and 17 days (596 days)."
    backwards = calendar(tmp_path, **{"from": "2026-11-01", "to": "2025-03-15", "unit": "months"})
    assert (backwards.data["months"], backwards.data["days_over"]) == (19, 17)
    years = calendar(tmp_path, **{"from": "1990-01-01", "to": "2026-01-01", "unit": "years"})
    assert years.text == "From Monday 1 January 1990 to Thursday 1 January 2026: 36 years (13,149 days)."
    assert (years.data["years"], years.data["months_over"], years.data["days_over"]) == (36, 0, 0)
    assert calendar(tmp_path, **{"from": "2026-12-05", "to": "2030-01-01", "unit": "years"}).text == \
        "From Saturday 5 December 2026 to Tuesday 1 January 2030: 3 years and 27 days (1,123 days)."
    assert "days_over" not in calendar(tmp_path, **{"from": "2026-12-05", "to": "2030-01-01", "unit": "days"}).data


def test_the_calendar_says_an_age_in_years_and_a_29_february_birthday_on_1_march(tmp_path: Path) -> None:
    leapling = calendar(tmp_path, **{"from": "2000-02-29", "to": "2026-12-05", "age": True})
    assert leapling.text == ("Someone born on Tuesday 29 February 2000 is 26 years old today (26 years, 9 months and "
                             "6 days; 9,776 days). A 29 February birthday is counted on 1 March in a common year.")
    assert leapling.data == {"from": "2000-02-29", "to": "2026-12-05", "days": 9776, "unit": "years", "years": 26,
                             "months_over": 9, "days_over": 6, "age": True}
    assert calendar(tmp_path, **{"from": "2000-02-29", "age": True}).data["years"] == 26  # (to: today)
    assert calendar(tmp_path, **{"from": "1985-05-05", "to": "2030-01-01", "age": True}).text == (
        "Someone born on Sunday 5 May 1985 will be 44 years old on Tuesday 1 January 2030 (44 years, 7 months and "
        "27 days; 16,312 days).")
    assert calendar(tmp_path, **{"from": "2000-02-29", "to": "2001-02-28", "age": True}).text.startswith(
        "Someone born on Tuesday 29 February 2000 was 0 years old on Wednesday 28 February 2001 (11 months and 30 days;")
    with pytest.raises(ToolError, match="was not yet born on"):
        calendar(tmp_path, **{"from": "2030-05-05", "to": "2020-01-01", "age": True})


@pytest.mark.parametrize(("start", "end", "birthday", "span"), [
    (date(2000, 2, 29), date(2001, 2, 28), True, (0, 11, 30)),  # a common year's 28 February: not yet 1
    (date(2000, 2, 29), date(2001, 3, 1), True, (1, 0, 1)),  # 1 March: 1
    (date(2000, 2, 29), date(2001, 2, 28), False, (1, 0, 0)),  # a span, not a birthday: a year on is 28 February
    (date(2000, 2, 29), date(2004, 2, 28), True, (3, 11, 30)),  # a leap year's 28 February: the day before
    (date(2000, 2, 29), date(2004, 2, 29), True, (4, 0, 0)),
    (date(2025, 3, 15), date(2026, 11, 1), False, (1, 7, 17)),
    (date(2027, 1, 31), date(2027, 2, 28), False, (0, 1, 0)),  # a month on from 31 January: its last day
])  # fmt: skip
def test_span_of_counts_whole_years_months_and_days(start: date, end: date, birthday: bool,
                                                    span: tuple[int, int, int]) -> None:
    assert span_of(start, end, birthday=birthday) == span
