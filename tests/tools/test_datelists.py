"""Dates given with a question go to the calendar: the days between two of them (the 1.5B: 34 days from 2026-03-14 to
2026-11-02; 233) and the day of the week of each of several, with which fall on a weekend (the 1.5B named 7 and 16
December 2026 of 5, 7, 12 and 16 December; the Saturdays are the 5th and the 12th)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.datequestions import inclusive_asked
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
PAIR = "2026-03-14\n2026-11-02"
DECEMBER = "2026-12-05\n2026-12-07\n2026-12-12\n2026-12-16"
DECEMBER_DATES = "2026-12-05, 2026-12-07, 2026-12-12, 2026-12-16"
DAYS = {"action": "days", "from": "2026-03-14", "to": "2026-11-02"}


def routed(question: str, piped: str) -> tuple[str, dict[str, Any]] | None:
    return exact_call(f"{question}\n\n{piped}" if piped else question, EXACT_TOOLS, NOW)


def calendar(tmp_path: Path, args: dict[str, Any]) -> ToolResult:
    ctx = ToolContext(data_dir=tmp_path, can_write=False, now=lambda: NOW, calendar_file=tmp_path / "c.ics")
    return ToolRegistry().call("calendar", args, ctx)


@pytest.mark.parametrize(("question", "piped", "args"), [
    ("How many days are between these two dates?", PAIR, DAYS),
    ("How many days apart are these dates?", PAIR, DAYS),
    ("How long between these dates?", PAIR, DAYS),
    ("How many weeks between these?", PAIR, DAYS),
    ("How many days are there between the dates below?", "2 November 2026\n14 March 2026", DAYS),  # earlier first
    ("How many days apart are these dates?", "14 March 2026, 2 November 2026", DAYS),
    ("How many days between these two dates?", "March 14, 2026 and November 2, 2026", DAYS),
    ("What's the difference in days between these dates?", "- 2026-03-14\n- 2026-11-02", DAYS),
    ("How many days from the first date to the second?", "2026/03/14 to 2026/11/02", DAYS),
    ("How many days are between these two dates, inclusive?", PAIR, {**DAYS, "inclusive": True}),
    ("How many working days are between these dates?", PAIR, {**DAYS, "weekdays": True}),
])  # fmt: skip
def test_two_dates_given_are_the_calendars_days(question: str, piped: str, args: dict[str, Any]) -> None:
    assert routed(question, piped) == ("calendar", args)


def test_two_dates_after_the_colon_are_the_calendars_days_too() -> None:
    assert routed("How many days are between these dates: 14 March 2026 and 2 November 2026?", "") == \
        ("calendar", DAYS)


def test_the_days_between_the_two_are_counted(tmp_path: Path) -> None:
    found = routed("How many days are between these two dates?", PAIR)
    assert found is not None
    done = calendar(tmp_path, found[1])
    assert done.data["days"] == 233
    assert done.text.startswith("From Saturday 14 March 2026 to Monday 2 November 2026: 233 days (33 weeks and 2 "
                                "days)")
    assert inclusive_asked(f"How many days are between these two dates, inclusive?\n\n{PAIR}")
    assert calendar(tmp_path, {**found[1], "inclusive": True}).data["days"] == 234


@pytest.mark.parametrize(("question", "asked"), [
    ("Which of these dates fall on a weekend?", {"weekends": True}),
    ("Which of these fall on weekends?", {"weekends": True}),
    ("Are any of these dates on a weekend?", {"weekends": True}),
    ("Which of these dates are Saturdays or Sundays?", {"weekends": True}),
    ("How many of these dates fall on a weekend?", {"weekends": True}),
    ("Which of these are Mondays?", {"weekday": "monday"}),
    ("Do any of these fall on a Wednesday?", {"weekday": "wednesday"}),
    ("Which of these dates are weekdays?", {"weekdays": True}),
    ("Which of these are working days?", {"weekdays": True}),
    ("What day of the week is each of these dates?", {}),
    ("What days of the week do these fall on?", {}),
    ("Which weekday is each date?", {}),
    ("Give me the day of the week for each of these dates.", {}),
])
def test_a_list_of_dates_is_the_calendars_days_of_them(question: str, asked: dict[str, Any]) -> None:
    assert routed(question, DECEMBER) == ("calendar", {"action": "days", "dates": DECEMBER_DATES, **asked})


@pytest.mark.parametrize(("asked", "said", "matching"), [
    ({"weekends": True}, "2 of the 4 dates fall on a weekend (Saturday or Sunday): Saturday 5 December 2026 and "
                         "Saturday 12 December 2026; the other 2 do not: Monday 7 December 2026 and Wednesday 16 "
                         "December 2026.", ["2026-12-05", "2026-12-12"]),
    ({"weekdays": True}, "2 of the 4 dates fall on a weekday (Monday to Friday): Monday 7 December 2026 and Wednesday "
                         "16 December 2026; the other 2 do not: Saturday 5 December 2026 and Saturday 12 December "
                         "2026.", ["2026-12-07", "2026-12-16"]),
    ({"weekday": "monday"}, "1 of the 4 dates falls on a Monday: Monday 7 December 2026; the other 3 do not: "
                            "Saturday 5 December 2026, Saturday 12 December 2026 and Wednesday 16 December 2026.",
     ["2026-12-07"]),
    ({"weekday": "sunday"}, "None of the 4 dates falls on a Sunday: they are Saturday 5 December 2026, Monday 7 "
                            "December 2026, Saturday 12 December 2026 and Wednesday 16 December 2026.", []),
])  # fmt: skip
def test_the_calendar_says_which_dates_fall_on_the_day_asked(asked: dict[str, Any], said: str, matching: list[str],
                                                             tmp_path: Path) -> None:
    done = calendar(tmp_path, {"action": "days", "dates": DECEMBER_DATES, **asked})
    assert done.text == said
    assert done.data["matching"] == matching
    assert [d["day_of_week"] for d in done.data["dates"]] == ["Saturday", "Monday", "Saturday", "Wednesday"]


def test_the_calendar_reads_dates_as_the_cli_and_a_model_write_them(tmp_path: Path) -> None:
    assert calendar(tmp_path, {"action": "days", "dates": "2026-12-05,2026-12-07", "weekday": "monday"}).data[
        "matching"] == ["2026-12-07"]
    words = calendar(tmp_path, {"action": "days", "dates": "next friday; 1 January 2027", "weekends": True})
    assert [d["date"] for d in words.data["dates"]] == ["2026-12-11", "2027-01-01"] and words.data["matching"] == []


def test_the_calendar_says_the_day_of_the_week_of_each(tmp_path: Path) -> None:
    found = routed("What day of the week is each of these dates?", DECEMBER)
    assert found is not None
    assert calendar(tmp_path, found[1]).text == ("5 December 2026 was a Saturday; 7 December 2026 is a Monday; 12 "
                                                 "December 2026 is a Saturday; 16 December 2026 is a Wednesday.")
    one = calendar(tmp_path, {"action": "days", "dates": "2026-12-05", "weekends": True})
    assert one.text == "Saturday 5 December 2026 falls on a weekend (Saturday or Sunday)."


@pytest.mark.parametrize(("args", "message"), [
    ({"dates": ", ".join(f"2027-01-{d % 28 + 1:02d}" for d in range(101))}, "101 dates given; the limit is 100"),
    ({"dates": " "}, "dates must name one or more dates"),
    ({"dates": " ; ; ", "weekends": True}, "dates must name one or more dates"),  # (was "None of the 0 dates …")
    ({"dates": "2026-12-05", "from": "2026-01-01"}, "dates takes no from"),
    ({"dates": "2026-12-05", "weekends": True, "weekday": "monday"}, "give one of weekends, weekdays or weekday"),
    ({"dates": "2026-12-05", "weekday": "someday"}, "weekday must be a day of the week"),
    ({"dates": "2026-12-05, 2026-02-30"}, "2026-02-30 is no day of the calendar"),
    ({"dates": "next friday; someday"}, "the 2nd date, 'someday', is no day llorch reads"),
])
def test_a_list_the_calendar_cannot_take_is_a_clear_error(args: dict[str, Any], message: str, tmp_path: Path) -> None:
    with pytest.raises(ToolError, match=message):
        calendar(tmp_path, {"action": "days", **args})


def test_a_list_past_the_limit_still_goes_to_the_calendar_which_says_so(tmp_path: Path) -> None:
    piped = "\n".join(f"2027-01-{d % 28 + 1:02d}" for d in range(150))
    found = routed("Which of these dates fall on a weekend?", piped)
    assert found is not None and found[0] == "calendar" and found[1]["dates"].count(",") == 149
    with pytest.raises(ToolError, match="150 dates given; the limit is 100"):
        calendar(tmp_path, found[1])


@pytest.mark.parametrize(("question", "piped"), [
    ("How many days are between these two dates?", "2026-03-14\n2026-11-02\n2026-12-01"),  # three, not two
    ("How many days are between these two dates?", "2026-03-14"),
    ("How many days are between these two dates?", "14 March\n2 November"),  # which year?
    ("How many days are between these two dates?", "03/14/2026\n11/02/2026"),  # digits alone: the model's
    ("How many days are between these two dates?", "Launch: 2026-03-14\nReview: 2026-11-02"),  # not dates alone
    ("How many days are between these two dates?", "2026-02-30\n2026-11-02"),  # no 30 February
    ("Which of these dates are not weekends?", DECEMBER),
    ("Which of these dates is the earliest?", DECEMBER),
    ("Sort these dates.", DECEMBER),
    ("Which of these dates fall on a weekend?", "5 December\n7 December"),
    ("Which of these dates fall on a weekend?", "2026-12-05 meeting\n2026-12-07"),
    ("Which of these fall on a weekend?", ""),  # nothing given
])
def test_less_plain_stays_the_models(question: str, piped: str) -> None:
    found = routed(question, piped)
    assert found is None or found[0] != "calendar"


def test_an_answer_naming_other_dates_as_the_weekend_ones_is_noted(tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault
    question = "Which of these dates fall on a weekend?"
    result = calendar(tmp_path, {"action": "days", "weekends": True, "dates": DECEMBER_DATES})
    want = expected("calendar", result.data, question)
    assert fault("2026-12-05 and 2026-12-12 fall on a weekend.", want, "calendar", result.text) is None
    assert fault("Saturday 5 December 2026 and Saturday 12 December 2026.", want, "calendar", result.text) is None
    # (the 1.5B)
    assert fault("The dates that fall on a weekend are 2026-12-07 and 2026-12-16.", want, "calendar", result.text)


def test_months_are_read_by_their_names_and_short_forms() -> None:
    from llorch.tools.datelists import dates_given
    found = dates_given("What day of the week is each of these?\n\n5 Sept 2026, 6 June 2026, jul. 7 2026, 8 MAY 2026")
    assert found is not None and [d.isoformat() for d in found[1]] == ["2026-09-05", "2026-06-06", "2026-07-07",
                                                                        "2026-05-08"]
