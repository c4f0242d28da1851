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


# --- how long ago, since or until a day, in years, months and days (howlong.py) ----------------------------------

SUNDAY = datetime(2026, 12, 6, 13, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("message", "args"), [  # today is Sunday 6 December 2026
    # (the 1.5B: 14 years, 1 month and 3 days; 26 years, 11 months and 5 days)
    ("How long ago was 1 January 2000 in years, months and days?",
     {"from": "2000-01-01", "to": "2026-12-06", "unit": "years"}),
    ("How long has it been since 3 March 2015 in years and months?",
     {"from": "2015-03-03", "to": "2026-12-06", "unit": "years"}),
    ("How long until 1 July 2030 in years, months and days?",
     {"from": "2026-12-06", "to": "2030-07-01", "unit": "years"}),
    ("How long ago was 1 January 2000?", {"from": "2000-01-01", "to": "2026-12-06", "unit": "years"}),  # (a year: so)
    ("How long since 3 March 2015?", {"from": "2015-03-03", "to": "2026-12-06", "unit": "years"}),
    ("How many years, months and days until 1 July 2030?",
     {"from": "2026-12-06", "to": "2030-07-01", "unit": "years"}),
    ("How many years and months since 3 March 2015?", {"from": "2015-03-03", "to": "2026-12-06", "unit": "years"}),
    ("How much time has passed since 1 January 2000 in months?",
     {"from": "2000-01-01", "to": "2026-12-06", "unit": "months"}),
    ("How long is it from 3 March 2015 to 1 July 2030 in years and months?",
     {"from": "2015-03-03", "to": "2030-07-01", "unit": "years"}),
    ("How long until 1 July 2030 in days?", {"from": "2026-12-06", "to": "2030-07-01"}),  # (a count of days)
    ("How long until Christmas in days?", {"from": "2026-12-06", "to": "2026-12-25"}),
    ("How long since Christmas in weeks?", {"from": "2025-12-25", "to": "2026-12-06"}),  # (the last one)
])  # fmt: skip
def test_how_long_ago_since_or_until_a_day_goes_to_the_calendars_span(message: str, args: dict[str, Any]) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == ("calendar", {"action": "days", **args})


@pytest.mark.parametrize("message", [
    "How long until Christmas?",  # (no unit, no year: in days, or weeks?)
    "How long until Friday?",
    "How long until 5pm?",  # (a time: no day)
    "How long until 5pm in days?",
    "How long ago was 1 July 2030?",  # (not yet)
    "How long until 1 January 2000?",  # (gone)
    "How long ago was 2015?",  # (from which day of it?)
    "How long since March 2015?",
    "How long between 1 March and 1 June 2027 in days?",  # (which 1 March?)
    "How long until 1 July 2030 in hours?",
    "How long until 1 July 2030 in years and days?",  # (no months: not the calendar's span)
    "How long ago was the moon landing?",
    "How long ago was the battle of Hastings in years?",
    "How long does it take to get to 1 July 2030?",
    "How long is 1 January 2000?",
    "How long ago were the dinosaurs?",
])  # fmt: skip
def test_how_long_of_what_is_no_day_on_its_side_of_today_stays_the_models(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) is None


def test_a_time_span_of_clock_times_is_still_the_timespan_tools() -> None:
    assert exact_call("How long is it from 11:30pm to 6:15am?", EXACT_TOOLS, SUNDAY) == (
        "timespan", {"start": "11:30pm", "end": "6:15am"})


def _sunday_calendar(tmp_path: Path, message: str) -> ToolResult:
    found = exact_call(message, EXACT_TOOLS, SUNDAY)
    assert found is not None and found[0] == "calendar", found
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: SUNDAY, calendar_file=tmp_path / "c.ics")
    return ToolRegistry().call("calendar", found[1], ctx)


def test_the_calendar_says_how_long_in_years_months_and_days(tmp_path: Path) -> None:
    ago = _sunday_calendar(tmp_path, "How long ago was 1 January 2000 in years, months and days?")
    assert ago.text == ("From Saturday 1 January 2000 to Sunday 6 December 2026: 26 years, 11 months and 5 days "
                        "(9,836 days).")
    assert ago.data == {"from": "2000-01-01", "to": "2026-12-06", "days": 9836, "unit": "years", "years": 26,
                        "months_over": 11, "days_over": 5}
    assert _sunday_calendar(tmp_path, "How long has it been since 3 March 2015 in years and months?").text == (
        "From Tuesday 3 March 2015 to Sunday 6 December 2026: 11 years, 9 months and 3 days (4,296 days).")
    assert _sunday_calendar(tmp_path, "How long until 1 July 2030 in years, months and days?").text == (
        "From Sunday 6 December 2026 to Monday 1 July 2030: 3 years, 6 months and 25 days (1,303 days).")
    assert _sunday_calendar(tmp_path, "How much time has passed since 1 January 2000 in months?").data["months"] == 323


@pytest.mark.parametrize(("message", "right", "wrong"), [
    ("How long ago was 1 January 2000 in years, months and days?", "It was 26 years, 11 months and 5 days ago.",
     "It was 14 years, 1 month and 3 days ago."),  # (the 1.5B's)
    ("How long ago was 1 January 2000 in years, months and days?", "26 years, 11 months, and 5 days",
     "26 years and 5 days"),  # (a part left out)
    ("How long has it been since 3 March 2015 in years and months?", "Eleven years and nine months.",
     "11 years and 8 months."),
    ("How many years, months and days until 1 July 2030?", "3 years, 6 months and 25 days.",
     "6 months, 3 years and 25 days."),  # (out of order)
    ("How long ago was 1 January 2000?", "About 27 years: 26 years, 11 months and 5 days.", "14 years."),
    # a week of the ISO year before the date's: its year said too (the 1.5B: "belongs to the ISO week number 53")
    ("Which ISO week does 1 January 2027 belong to?", "1 January 2027 is in ISO week 53 of 2026.",
     "1 January 2027 belongs to the ISO week number 53."),
    ("Which week does 30 December 2024 fall in?", "It falls in ISO week 1 of 2025.", "Week 52 of 2024."),
    ("What week number does Christmas 2027 fall on?", "Week 51.", "Week 52."),  # its own year's: the number
    # as ISO 8601 writes it, its year and week at once
    ("Which ISO week does 1 January 2027 belong to?", "2026-W53", "2027-W53"),
    ("Which week does 30 December 2024 fall in?", "It is 2025-W01.", "It is 2024-W01."),
    ("What week number does Christmas 2027 fall on?", "2027-W51", "2027-W52"),
])  # fmt: skip
def test_an_answer_that_misses_a_part_of_the_span_its_order_or_a_weeks_year_is_noted(tmp_path: Path, message: str, right: str,
                                                                        wrong: str) -> None:
    from llorch.chat.answercheck import expected, fault
    result = _sunday_calendar(tmp_path, message)
    want = expected("calendar", result.data, message)
    assert fault(right, want, "calendar", result.text) is None
    assert fault(wrong, want, "calendar", result.text) is not None


@pytest.mark.parametrize(("message", "right", "wrong"), [
    # told 1 December 2026, the 1.5B answered "The date 90 days before 1 March 2027 is December 15, 2026."
    ("What's the date 90 days before 1 March 2027?", "It is Tuesday, 1 December 2026.", "It is December 15, 2026."),
    ("What's the date 90 days before 1 March 2027?", "December 1st, 2026", "11 December 2026"),
    ("What's the date 90 days before 1 March 2027?", "Dec 1st, 2026", "December 1, 2027"),  # (its year: 2026)
    ("What's the date 100 days before Christmas 2027?", "September 16th", "September 15th"),  # (the year asked about)
    ("What's 2 weeks and 3 days after 28 December 2026?", "That's 14 January 2027.", "That's 15 January 2027."),
    ("What day of the week was 4 July 1976?", "A Sunday.", "A Monday, 4 July 1976."),  # (a weekday asked: the weekday)
])  # fmt: skip
def test_an_answer_must_give_the_date_a_day_moved_lands_on(tmp_path: Path, message: str, right: str,
                                                           wrong: str) -> None:
    from llorch.chat.answercheck import expected, fault
    result = _sunday_calendar(tmp_path, message)
    want = expected("calendar", result.data, message)
    assert fault(right, want, "calendar", result.text) is None
    assert fault(wrong, want, "calendar", result.text) is not None


# --- two people's ages apart ------------------------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    "How much older is someone born on 12 March 1988 than someone born on 30 November 1991?",  # the 1.5B: 3 years
    "How much younger is someone born on 30 November 1991 than someone born on 12 March 1988?",
    "What's the age difference between someone born on 12 March 1988 and someone born on 30 November 1991?",
    "What is the age gap between a person born 12 March 1988 and one born 30 November 1991?",
    "What's the age difference between someone born on 30 November 1991 and someone born on 12 March 1988?",
    "age difference between someone born on 1988-03-12 and someone born on 1991-11-30",
    "How much older is a person who was born on March 12, 1988 than a person born on November 30, 1991?",
])  # fmt: skip
def test_how_much_older_one_birthday_is_than_another_is_the_calendars_span(message: str, tmp_path: Path) -> None:
    args = {"action": "days", "from": "1988-03-12", "to": "1991-11-30", "unit": "years"}
    assert exact_call(message, EXACT_TOOLS, SATURDAY) == ("calendar", args)
    assert calendar(tmp_path, **{k: v for k, v in args.items() if k != "action"}).text == (
        "From Saturday 12 March 1988 to Saturday 30 November 1991: 3 years, 8 months and 18 days (1,358 days).")


@pytest.mark.parametrize("message", [
    "How much older is someone born on 30 November 1991 than someone born on 12 March 1988?",  # (the younger)
    "How much younger is someone born on 12 March 1988 than someone born on 30 November 1991?",
    "How much older is someone born in 1988 than someone born in 1991?",
    "How much older is someone born in March 1988 than someone born in November 1991?",
    "How much older is someone born on 12 March than someone born on 30 November?",  # (which years?)
    "How much older is someone born on 12 March 1988 than someone born on 12 March 1988?",
    "How much older is my brother than me?",
    "What's the age difference between Tom and Jerry?",
    "How much older is someone born on 12 March 1988 than someone born on 30 November 1991 in dog years?",
])  # fmt: skip
def test_near_misses_of_an_age_difference_stay_with_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, SATURDAY) is None
