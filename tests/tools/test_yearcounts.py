"""Weekends, leap years and quarters (yearcounts.py): what the 1.5B counted wrong with no tool (2 weekends in March
2027, 34 leap years from 2000 to 2100) goes to the calendar, which counts it; what only looks like it stays put."""

from __future__ import annotations

import calendar as stdlib_calendar
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.yearcounts import answer_weekends, leap_day, quarter_of

SUNDAY = datetime(2026, 12, 6, 13, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def calendar(tmp_path: Path, **args: Any) -> ToolResult:
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: SUNDAY, calendar_file=tmp_path / "c.ics")
    return ToolRegistry().call("calendar", args, ctx)


def answer(tmp_path: Path, message: str) -> ToolResult:
    found = exact_call(message, EXACT_TOOLS, SUNDAY)
    assert found is not None and found[0] == "calendar", found
    return calendar(tmp_path, **found[1])


@pytest.mark.parametrize(("message", "args"), [  # today is Sunday 6 December 2026
    ("How many weekends are there in March 2027?",  # (the 1.5B: 2; there are 4)
     {"action": "days", "from": "2027-03-01", "to": "2027-03-31", "weekends": True}),
    ("How many weekends does July 2027 have?",
     {"action": "days", "from": "2027-07-01", "to": "2027-07-31", "weekends": True}),
    ("how many full weekends are in next month",
     {"action": "days", "from": "2027-01-01", "to": "2027-01-31", "weekends": True}),
    ("How many weekends are there in 2027?",
     {"action": "days", "from": "2027-01-01", "to": "2027-12-31", "weekends": True}),
    ("How many weekends are left this year?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekends": True}),
    ("How many weekends do I have left in 2026?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekends": True}),
    ("How many weekends until the end of the year?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekends": True}),
    ("How many weekends remain in this month?",
     {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekends": True}),
    # between two years both count unless the message says "exclusive" (the 1.5B: 34 from 2000 to 2100; 25)
    ("How many leap years are there between 2000 and 2100 inclusive?",
     {"action": "days", "from": "2000", "to": "2100", "leap_years": True, "inclusive": True}),
    ("How many leap years between 1990 and 2030?",
     {"action": "days", "from": "1990", "to": "2030", "leap_years": True, "inclusive": True}),
    ("How many leap years are there between 2000 and 2100, exclusive?",
     {"action": "days", "from": "2000", "to": "2100", "leap_years": True, "inclusive": False}),
    ("List the leap years from 2020 to 2040.",
     {"action": "days", "from": "2020", "to": "2040", "leap_years": True, "inclusive": True}),
    ("What are the leap years between 2040 and 2020?",  # (either way round)
     {"action": "days", "from": "2020", "to": "2040", "leap_years": True, "inclusive": True}),
    ("Which years between 2097 and 2103 are leap years?",
     {"action": "days", "from": "2097", "to": "2103", "leap_years": True, "inclusive": True}),
    # a day's quarter, or a quarter's days: the calendar's date
    ("Which quarter of the year is 14 August 2027 in?", {"action": "date", "date": "the quarter of 14 august 2027"}),
    ("What quarter does Christmas fall in?", {"action": "date", "date": "the quarter of christmas"}),
    ("What quarter was 3 March in?", {"action": "date", "date": "the quarter of 2026-03-03"}),  # (the last one)
    ("What quarter is it?", {"action": "date", "date": "the quarter of today"}),
    ("Which quarter are we in?", {"action": "date", "date": "the quarter of today"}),
    ("What's the current quarter?", {"action": "date", "date": "the quarter of today"}),
    ("When does Q2 2027 start and end?", {"action": "date", "date": "q2 2027"}),
    ("When does the second quarter of 2027 end?", {"action": "date", "date": "the second quarter of 2027"}),
    ("When does the next quarter start?", {"action": "date", "date": "the next quarter"}),
])  # fmt: skip
def test_weekends_leap_years_and_quarters_go_to_the_calendar(message: str, args: dict[str, Any]) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == ("calendar", args)


@pytest.mark.parametrize(("message", "before"), [
    ("What are you doing this weekend?", None),
    ("How many weekends do I need to finish the course?", None),
    ("How many weekends are there in a year?", None),  # (no year in particular)
    ("How many weekends are in March?", None),  # (which March? as a month's Mondays)
    ("How many weekends are left in 2027?", None),  # (asked in 2026: all of it, or from today?)
    ("How many weekends until Christmas?", None),
    ("Is it a leap year?", None),  # (as before: no year named)
    ("Is this year a leap year?", ("calendar", {"action": "date", "date": "2026"})),  # (as before)
    ("How many leap years until 2050?", None),
    ("How many leap years are there?", None),
    ("How many years between 2000 and 2100?",  # (whole years, as before)
     ("calendar", {"action": "days", "from": "2000-01-01", "to": "2100-01-01", "unit": "years"})),
    ("Which quarter is the museum in?", None),
    ("Which quarter of the city is the museum in?", None),
    ("What quarter did we hit our target in?", None),
    ("What quarter is it in the game?", None),
    ("When is the quarter final?", None),
    ("When does Q2 start?", None),  # (asked in December: this year's or next?)
    ("When does Q5 2027 start?", None),
    ("What's a quarter of 100?", ("math", {"expression": "1 / 4 * 100"})),
])  # fmt: skip
def test_what_only_looks_like_a_count_or_a_quarter_routes_as_before(message: str, before: Any) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == before


def test_the_calendar_counts_a_months_weekends_by_their_saturdays(tmp_path: Path) -> None:
    march = answer(tmp_path, "How many weekends are there in March 2027?")
    assert march.text == "March 2027 has 4 weekends (Saturday and Sunday): 6–7, 13–14, 20–21 and 27–28 March 2027."
    assert march.data == {"from": "2027-03-01", "to": "2027-03-31", "weekends": 4, "full_weekends": 4,
                          "saturdays": ["2027-03-06", "2027-03-13", "2027-03-20", "2027-03-27"]}
    july = answer(tmp_path, "How many weekends does July 2027 have?")  # (its last Saturday's Sunday is 1 August)
    assert july.text == ("July 2027 has 5 weekends, counting each by its Saturday: 3–4, 10–11, 17–18, 24–25 July and "
                         "31 July–1 August 2027; 4 of them are full (Saturday and Sunday both in July 2027): the "
                         "weekend of Saturday 31 July ends on Sunday 1 August 2027.")
    assert (july.data["weekends"], july.data["full_weekends"]) == (5, 4)
    august = calendar(tmp_path, action="days", weekends=True, **{"from": "2027-08-01", "to": "2027-08-31"})
    assert august.text == ("August 2027 has 4 weekends (Saturday and Sunday): 7–8, 14–15, 21–22 and 28–29 August "
                           "2027. Sunday 1 August ends the weekend of Saturday 31 July, not counted here.")


@pytest.mark.parametrize(("message", "said"), [
    # the 1.5B: "There are 5 Sundays in 2027."
    ("How many Sundays are there in 2027?",
     "2027 has 52 Sundays: the first on Sunday 3 January 2027, the last on Sunday 26 December 2027."),
    ("How many Fridays does 2027 have?",
     "2027 has 53 Fridays: the first on Friday 1 January 2027, the last on Friday 31 December 2027."),
    ("How many Mondays were there in 2024?",
     "2024 has 53 Mondays: the first on Monday 1 January 2024, the last on Monday 30 December 2024."),
])
def test_the_calendar_counts_a_weekday_over_a_year(tmp_path: Path, message: str, said: str) -> None:
    assert answer(tmp_path, message).text == said


def test_a_weekday_left_this_year_counts_from_today_and_a_months_is_as_before(tmp_path: Path) -> None:
    left = exact_call("How many Fridays are left this year?", EXACT_TOOLS, SUNDAY)
    assert left == ("calendar", {"action": "days", "from": "2026-12-06", "to": "2026-12-31", "weekday": "friday"})
    assert answer(tmp_path, "How many Fridays are left this year?").data["count"] == 3  # 11, 18 and 25 December
    march = exact_call("How many Mondays are in March 2027?", EXACT_TOOLS, SUNDAY)
    assert march == ("calendar", {"action": "days", "from": "2027-03-01", "to": "2027-03-31", "weekday": "monday"})
    assert exact_call("How many Mondays are there in a year?", EXACT_TOOLS, SUNDAY) is None
    assert exact_call("How many Sundays are left in 2027?", EXACT_TOOLS, SUNDAY) is None  # (all, or from today?)


def test_the_calendar_counts_the_weekends_left_and_a_years(tmp_path: Path) -> None:
    left = answer(tmp_path, "How many weekends are left this year?")  # today is Sunday 6 December 2026
    assert left.text == ("From today, Sunday 6 December 2026, to Thursday 31 December 2026, counting both days: 3 "
                         "weekends (Saturday and Sunday): 12–13, 19–20 and 26–27 December 2026. Today, Sunday 6 "
                         "December, ends the weekend of Saturday 5 December, not counted here.")
    assert left.data["weekends"] == 3
    year = answer(tmp_path, "How many weekends are there in 2027?")
    assert year.text == ("2027 has 52 weekends (Saturday and Sunday): the first 2–3 January 2027, the last 25–26 "
                         "December 2027.")
    assert (year.data["weekends"], len(year.data["saturdays"])) == (52, 52)
    split = calendar(tmp_path, action="days", weekends=True, **{"from": "2022-01-01", "to": "2022-12-31"})
    assert split.text.startswith("2022 has 53 weekends, counting each by its Saturday: the first 1–2 January 2022, the "
                                 "last 31 December 2022–1 January 2023; 52 of them are full")
    none = calendar(tmp_path, action="days", weekends=True, **{"from": "2027-07-05", "to": "2027-07-09"})
    assert none.text == "From Monday 5 July 2027 to Friday 9 July 2027, counting both days: no weekend (no Saturday)."
    assert none.data["weekends"] == 0
    decades = calendar(tmp_path, action="days", weekends=True, **{"from": "2000-01-01", "to": "2026-12-31"})
    assert "saturdays" not in decades.data and decades.data["weekends"] == 1409  # (too many to list)


@given(st.dates(date(1, 1, 1), date(9999, 12, 1)), st.integers(0, 800))
@example(date(9999, 7, 1), 184)  # (the test's own sum once overflowed here: 1 January 10000)
def test_weekends_are_the_saturdays_in_the_range_and_full_ones_have_their_sunday(start: date, length: int) -> None:
    end = start + timedelta(days=min(length, (date(9999, 12, 31) - start).days))  # (not past 9999: OverflowError)
    days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    saturdays = [d for d in days if d.weekday() == 5]
    data = answer_weekends(start, end, SUNDAY.date()).data
    assert (data["weekends"], data["full_weekends"]) == (len(saturdays), sum(s < end for s in saturdays))


def test_the_calendar_counts_the_leap_years_between_two_years(tmp_path: Path) -> None:
    century = answer(tmp_path, "How many leap years are there between 2000 and 2100 inclusive?")  # (the 1.5B: 34)
    assert century.text == ("From 2000 to 2100, counting both 2000 and 2100: 25 leap years: 2000, 2004, 2008, 2012, "
                            "2016, 2020, 2024, 2028, 2032, 2036, 2040, 2044, 2048, 2052, 2056, 2060, 2064, 2068, 2072, "
                            "2076, 2080, 2084, 2088, 2092 and 2096. 2100 is not a leap year: a year divisible by 100 "
                            "is a leap year only when it is divisible by 400 (2000 is).")
    assert century.data == {"from_year": 2000, "to_year": 2100, "inclusive": True, "leap_years": 25,
                            "years": list(range(2000, 2100, 4))}
    inner = answer(tmp_path, "How many leap years are there between 2000 and 2100, exclusive?")
    assert inner.text.startswith("From 2000 to 2100, not counting 2000 or 2100: 24 leap years: 2004, 2008, ")
    assert (inner.data["leap_years"], inner.data["inclusive"]) == (24, False)
    assert answer(tmp_path, "How many leap years between 1990 and 2030?").text == (
        "From 1990 to 2030, counting both 1990 and 2030: 10 leap years: 1992, 1996, 2000, 2004, 2008, 2012, 2016, "
        "2020, 2024 and 2028.")
    listed = answer(tmp_path, "List the leap years from 2020 to 2040.")
    assert listed.text == "From 2020 to 2040, counting both 2020 and 2040: 6 leap years: 2020, 2024, 2028, 2032, " \
                          "2036 and 2040."
    assert listed.data["years"] == [2020, 2024, 2028, 2032, 2036, 2040]
    assert answer(tmp_path, "Which years between 2097 and 2103 are leap years?").text == (
        "From 2097 to 2103, counting both 2097 and 2103: no leap year. 2100 is not a leap year: a year divisible by "
        "100 is a leap year only when it is divisible by 400.")
    wide = calendar(tmp_path, action="days", leap_years=True, **{"from": "1800", "to": "2200"})  # (a model's call)
    assert wide.text.startswith("From 1800 to 2200, counting both 1800 and 2200: 97 leap years: the first 1804, the "
                                "last 2196. 1800, 1900, 2100 and 2200 are not leap years")
    assert "years" not in wide.data and wide.data["leap_years"] == 97


def test_a_leap_year_count_reads_years_or_days_and_refuses_years_past_the_calendar(tmp_path: Path) -> None:
    by_days = calendar(tmp_path, action="days", leap_years=True, **{"from": "2000-01-01", "to": "2100-12-31"})
    assert by_days.data["leap_years"] == 25
    assert calendar(tmp_path, action="days", leap_years=True, to="2040").data["from_year"] == 2026  # (this year)
    for first, last in ((1, 9999), (1583, 2026), (1900, 1900), (2000, 2000)):
        assert calendar(tmp_path, action="days", leap_years=True, **{"from": str(first), "to": str(last)}).data[
            "leap_years"] == stdlib_calendar.leapdays(first, last + 1)
    with pytest.raises(ToolError, match="^calendar days: the year 10000 is outside 1 to 9999"):
        calendar(tmp_path, action="days", leap_years=True, **{"from": "2000", "to": "10000"})
    with pytest.raises(ToolError, match="^calendar days with leap_years needs 'to'"):
        calendar(tmp_path, action="days", leap_years=True)


def test_the_calendar_says_a_days_quarter_and_a_quarters_days(tmp_path: Path) -> None:
    august = answer(tmp_path, "Which quarter of the year is 14 August 2027 in?")
    assert august.text == ("14 August 2027 is in Q3 2027, the third quarter of 2027 (July, August and September: 1 "
                           "July to 30 September 2027).")
    assert august.data == {"date": "2027-08-14", "quarter": 3, "year": 2027, "start": "2027-07-01",
                           "end": "2027-09-30", "days_in_quarter": 92}
    assert answer(tmp_path, "What quarter is it?").text == (
        "Today, Sunday 6 December 2026, is in Q4 2026, the fourth quarter of 2026 (October, November and December: 1 "
        "October to 31 December 2026).")
    second = answer(tmp_path, "When does Q2 2027 start and end?")
    assert second.text == ("Q2 2027, the second quarter of 2027, runs from Thursday 1 April 2027 to Wednesday 30 June "
                           "2027: 91 days (April, May and June). It starts in 116 days.")
    assert second.data == {"quarter": 2, "year": 2027, "start": "2027-04-01", "end": "2027-06-30",
                           "days_in_quarter": 91}
    assert calendar(tmp_path, action="date", date="this quarter").text.endswith(
        "It is the current quarter, and ends in 25 days.")
    assert calendar(tmp_path, action="date", date="Q3 2026").text.startswith("Q3 2026, the third quarter of 2026, "
                                                                             "ran from")
    assert calendar(tmp_path, action="date", date="2028-Q1").data["days_in_quarter"] == 91  # (a leap February)
    # a date's own answer keeps its words, and gives its quarter in the data
    day = calendar(tmp_path, action="date", date="14 August 2027")
    assert (day.text, day.data["quarter"]) == ("14 August 2027 is a Saturday, in ISO week 32 (in 251 days).", 3)
    with pytest.raises(ToolError, match="is not a date llorch understands"):
        calendar(tmp_path, action="date", date="the quarter of never")


@pytest.mark.parametrize(("day", "quarter"), [
    (date(2027, 1, 1), 1), (date(2027, 3, 31), 1), (date(2027, 4, 1), 2), (date(2027, 6, 30), 2),
    (date(2027, 7, 1), 3), (date(2027, 9, 30), 3), (date(2027, 10, 1), 4), (date(2027, 12, 31), 4),
])  # fmt: skip
def test_a_quarter_is_three_calendar_months(day: date, quarter: int) -> None:
    assert quarter_of(day) == quarter


def test_the_calendar_offers_weekends_and_leap_years_to_a_model() -> None:
    properties = ToolRegistry().get("calendar").parameters["properties"]
    assert (properties["weekends"]["type"], properties["leap_years"]["type"]) == ("boolean", "boolean")
    assert "Q2 2027" in properties["date"]["description"]


@pytest.mark.parametrize(("message", "right", "wrong"), [
    ("How many weekends are there in March 2027?", "March 2027 has 4 weekends.", "There are 2 weekends in March 2027."),
    ("How many leap years are there between 2000 and 2100 inclusive?", "There are 25.", "There are 34 leap years."),
    ("Which quarter of the year is 14 August 2027 in?", "It is in the third quarter.", "It falls in Q2."),
])  # fmt: skip
def test_an_answer_that_misses_the_count_or_quarter_is_noted(tmp_path: Path, message: str, right: str,
                                                            wrong: str) -> None:
    # (the 1.5B's answers to the first two, before the calendar counted them: 2 weekends, 34 leap years)
    from llorch.chat.answercheck import expected, fault
    result = answer(tmp_path, message)
    want = expected("calendar", result.data, message)
    assert fault(right, want, "calendar", result.text) is None
    assert fault(wrong, want, "calendar", result.text) is not None


# --- a quarter's days, and the next or last leap day -----------------------------------------------------------

@pytest.mark.parametrize(("message", "words"), [  # today is Sunday 6 December 2026
    ("How many days are in Q1 2027?", "the days of q1 2027"),  # (the 1.5B: 30; 90)
    ("How many days are there in the third quarter of 2027?", "the days of the third quarter of 2027"),  # (92)
    ("How many days does Q3 2027 have?", "the days of q3 2027"),
    ("how many days in 2028-q1", "the days of 2028-q1"),
    ("How many days are in this quarter?", "the days of this quarter"),
    ("When is the next leap day?", "the next leap day"),  # (the 1.5B was right, unrouted: 29 February 2028)
    ("When was the last leap day?", "the last leap day"),
    ("When's the next February 29th?", "the next leap day"),
    ("What's the date of the next leap day?", "the next leap day"),
    ("What day of the week is the next leap day?", "the next leap day"),
    ("When was the most recent 29 February?", "the last leap day"),
])  # fmt: skip
def test_a_quarters_days_and_the_next_or_last_leap_day_go_to_the_calendars_date(message: str, words: str) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == ("calendar", {"action": "date", "date": words})


@pytest.mark.parametrize(("message", "before"), [
    ("How many days are in Q1?", None),  # (asked in December: this year's or next?)
    ("How many days are in a quarter?", None),
    ("How many days are left in this quarter?", None),  # (what is left, not the quarter's days)
    ("How many weekdays are in Q1 2027?", None),
    ("How many days are in the quarter of 14 August 2027?", None),
    ("How many days are in Q5 2027?", None),
    ("How many days are in the first quarter of the game?", None),
    ("What is a leap day?", None),
    ("When is leap day?", None),  # (which one? as before)
    ("When is the next leap day party?", None),
    ("Why do we have a leap day?", None),
    ("When was the last leap second?", None),
    ("When is the next leap year?", ("calendar", {"action": "date", "date": "2026"})),  # (as before: the year's)
])  # fmt: skip
def test_what_only_looks_like_a_quarters_days_or_a_leap_day_routes_as_before(message: str, before: Any) -> None:
    assert exact_call(message, EXACT_TOOLS, SUNDAY) == before


def test_the_calendar_says_a_quarters_days_first_with_each_months(tmp_path: Path) -> None:
    first = answer(tmp_path, "How many days are in Q1 2027?")
    assert first.text == ("Q1 2027, the first quarter of 2027, has 90 days, from Friday 1 January 2027 to Wednesday 31 "
                          "March 2027 (January, February and March: 31 + 28 + 31).")
    assert first.data == {"quarter": 1, "year": 2027, "start": "2027-01-01", "end": "2027-03-31",
                          "days_in_quarter": 90}
    third = answer(tmp_path, "How many days are there in the third quarter of 2027?")
    assert third.text.startswith("Q3 2027, the third quarter of 2027, has 92 days, from Thursday 1 July 2027")
    assert third.data["days_in_quarter"] == 92
    assert calendar(tmp_path, action="date", date="the days of q1 2028").text.endswith(
        "(January, February and March: 31 + 29 + 31).")  # (a leap February)
    assert calendar(tmp_path, action="date", date="the days of Q3 2026").text.startswith(
        "Q3 2026, the third quarter of 2026, had 92 days")
    with pytest.raises(ToolError, match="is not a date llorch understands"):  # (a day's quarter has no days asked)
        calendar(tmp_path, action="date", date="the days of the quarter of 14 august 2027")


def test_the_calendar_says_the_next_and_the_last_leap_day(tmp_path: Path) -> None:
    after = answer(tmp_path, "When is the next leap day?")
    assert after.text == "The next leap day is Tuesday 29 February 2028, in ISO week 9 (in 450 days)."
    assert (after.data["date"], after.data["weekday"], after.data["leap_day"]) == ("2028-02-29", "Tuesday", True)
    before = answer(tmp_path, "When was the last leap day?")
    assert before.text == "The last leap day was Thursday 29 February 2024, in ISO week 9 (1,011 days ago)."
    assert before.data["date"] == "2024-02-29"
    assert "leap_day" not in calendar(tmp_path, action="date", date="29 february 2028").data  # (a date, as before)


@pytest.mark.parametrize(("today", "words", "day", "said"), [
    (date(2028, 2, 29), "the next leap day", date(2032, 2, 29), "the next leap day after today"),  # (on one)
    (date(2028, 2, 29), "the last leap day", date(2024, 2, 29), "the last leap day before today"),
    (date(2028, 3, 1), "the last leap day", date(2028, 2, 29), "the last leap day"),
    (date(2096, 3, 1), "next leap day", date(2104, 2, 29), "the next leap day"),  # (2100 is no leap year)
])  # fmt: skip
def test_a_leap_day_is_the_next_29_february_after_today_or_the_last_before_it(today: date, words: str, day: date,
                                                                              said: str) -> None:
    assert leap_day(words, datetime(today.year, today.month, today.day, 12)) == (day, said)


def test_no_leap_day_past_the_calendars_years_is_a_one_line_error() -> None:
    assert leap_day("the next quarter", SUNDAY) is None
    with pytest.raises(ToolError, match="no leap day comes after today"):
        leap_day("the next leap day", datetime(9996, 3, 1))


@pytest.mark.parametrize(("message", "right", "wrong"), [
    ("How many days are in Q1 2027?", "Q1 2027 has 90 days.", "The first quarter of 2027 has 30 days."),
    ("When is the next leap day?", "The next leap day is Tuesday, February 29, 2028.",
     "The next leap day is February 29, 2024."),
    ("When was the last leap day?", "It was on 29 February 2024.", "It was on 29 February 2020."),
    ("What day of the week is the next leap day?", "It falls on a Tuesday.", "It falls on a Monday."),
])  # fmt: skip
def test_an_answer_that_misses_the_quarters_days_or_the_leap_day_is_noted(tmp_path: Path, message: str, right: str,
                                                                          wrong: str) -> None:
    from llorch.chat.answercheck import expected, fault
    result = answer(tmp_path, message)
    want = expected("calendar", result.data, message)
    assert fault(right, want, "calendar", result.text) is None
    assert fault(wrong, want, "calendar", result.text) is not None
