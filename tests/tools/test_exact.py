"""Which tool a plain question goes to, in which order, and which tools read a piped text whole."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole
from llorch.tools.registry import BUILTIN_TOOLS, ToolRegistry

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
ALL = tuple(BUILTIN_TOOLS)


@pytest.mark.parametrize(("message", "tool"), [
    ("What is 17 * 23?", "math"),
    ("How many days until Christmas?", "calendar"),
    ("Convert 72 F to C", "units"),
    ("What time is it in Tokyo?", "clock"),
    ("How many r's are in strawberry?", "count"),
    ("What's the md5 of 'abc'?", "encode"),
    ("What's the broadcast address of 10.1.0.0/16?", "network"),
    ("What does chmod 640 mean?", "permissions"),
    ("Does the regex ^a+$ match 'aaa'?", "regex"),
    ('Is this valid JSON: {"a": 1}', "validate"),
    ("What is 255 in hex?", "math"),  # a number in hex is arithmetic; a quoted text in hex is encode's
    ("What is 'hi' in hex?", "encode"),
    ("Is 1.10.2 newer than 1.9.15?", "version"),
    ("Sort these names alphabetically: Zoe, adam, bob", "text"),
    ("What's #336699 in HSL?", "color"),
    ("How long does it take to download 4.7 GB at 50 Mbps?", "units"),
    ("Write 2026 in Roman numerals", "math"),
    ("Decode this JWT: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3In0.c2ln", "encode"),
])
def test_each_plain_question_goes_to_its_tool(message: str, tool: str) -> None:
    found = exact_call(message, ALL, NOW)
    assert found is not None and found[0] == tool
    assert exact_call(message, [t for t in ALL if t != tool], NOW) is None  # not enabled: the model's


def test_a_sum_of_money_past_the_cent_goes_to_math_with_its_currency() -> None:
    # (the 1.5B answered "$35.994": the tool, told the currency, adds the amount to the cent)
    assert exact_call("What's 40% off $59.99?", EXACT_TOOLS, NOW) == (
        "math", {"expression": "59.99 * (1 - 40 / 100)", "money": "$"})
    assert exact_call("What's 15% of $2,340?", EXACT_TOOLS, NOW) == ("math", {"expression": "15 / 100 * 2340"})


def test_a_css_color_name_is_the_color_tools_before_it_is_letters_for_encode() -> None:
    assert exact_call("What is the hex code for slategray?", ALL, NOW) == ("color", {"action": "convert",
                                                                                     "color": "slategray"})
    assert exact_call("What is the hex code for 'A'?", ALL, NOW) == ("encode", {"action": "unicode", "text": "A"})


def test_a_piped_text_is_read_whole_for_the_tools_that_read_it() -> None:
    text = '{"a": [1, 2,]}\n' * 5000
    joined = read_whole("Is this valid JSON?", [text], ALL, NOW)
    assert joined == "Is this valid JSON?\n\n" + text.strip()
    assert read_whole("Is this valid JSON?", [text], ["count"], NOW) is None
    assert read_whole("Summarise this", [text], ALL, NOW) is None
    assert read_whole("How many lines is this?", [text], ALL, NOW) is not None
    assert read_whole("What's the sha256 of this?", [text], ALL, NOW) is not None  # hashed whole


# --- leap years and inclusive counts ---------------------------------------------------------


@pytest.mark.parametrize(("message", "year"), [  # today is Saturday 5 December 2026
    ("Is 2100 a leap year?", "2100"),  # (the 1.5B: "Yes, 2100 is a leap year.")
    ("Was 1900 a leap year?", "1900"),
    ("Is 2028 a leap year?", "2028"),
    ("Is this year a leap year?", "2026"),
    ("Is next year a leap year?", "2027"),
    ("is 2000 a leap year or not", "2000"),
    ("Will 2032 be a leap year?", "2032"),
    ("Is the year 2100 a leap-year?", "2100"),
    ("When is the next leap year?", "2026"),  # this year's answer names the next: 2028
    ("What is the next leap year?", "2026"),
    ("Which year is the next leap year?", "2026"),
    ("What's the next leap year after 2030?", "2030"),
    ("How many days are in 2100?", "2100"),
    ("How many days does 2028 have?", "2028"),
    ("How many days are in February 2100?", "February 2100"),
])  # fmt: skip
def test_a_leap_year_question_goes_to_the_calendars_date_of_the_year(message: str, year: str) -> None:
    assert exact_call(message, ALL, NOW) == ("calendar", {"action": "date", "date": year})


def test_the_calendar_answers_the_next_leap_year_and_2100_exactly() -> None:
    from pathlib import Path

    from llorch.tools.base import ToolContext
    from llorch.tools.registry import ToolRegistry

    ctx = ToolContext(data_dir=Path("/nonexistent"), can_write=False, now=lambda: NOW,
                      calendar_file=Path("/nonexistent/calendar.ics"))

    def answer(message: str) -> dict[str, object]:
        found = exact_call(message, ALL, NOW)
        assert found is not None
        return dict(ToolRegistry().call(found[0], found[1], ctx).data)

    assert answer("When is the next leap year?")["next_leap"] == 2028
    assert answer("Is 2100 a leap year?")["leap"] is False
    assert answer("Is 2000 a leap year?")["leap"] is True
    assert answer("Was 1900 a leap year?")["leap"] is False
    assert answer("Is 2028 a leap year?")["leap"] is True
    assert answer("How many days are in 2100?")["days_in_year"] == 365
    assert answer("How many days from 1 March to 10 March inclusive?")["days"] == 10
    assert answer("How many days from 1 March to 10 March?")["days"] == 9
    assert answer("How many weekdays are there from December 7 to December 25, 2026, both included?")["weekdays"] == 15


@pytest.mark.parametrize("message", [
    "What happened in 2100?", "leap year bug in Excel", "Is 1900 a leap year in Excel?", "Is 10000 a leap year?",
    "Is 0000 a leap year?", "Is 2024 a good year?", "Is 2100 a leap year? And 2200?", "How many days are in a year?",
    "How many days are in February?",
])  # fmt: skip (the leap years between two years are a count the calendar now makes: tests/tools/test_yearcounts.py)
def test_what_is_no_plain_leap_year_question_stays_with_the_model(message: str) -> None:
    found = exact_call(message, ALL, NOW)
    assert found is None or found[0] != "calendar", found


@pytest.mark.parametrize("tail", [
    " inclusive", " (inclusive)", ", both included", ", counting both days", " including both",
    ", both days included", ", including the first and last day",
])  # fmt: skip
def test_an_inclusive_count_of_days_counts_both_days(tail: str) -> None:
    assert exact_call(f"How many days from 1 March to 10 March{tail}?", ALL, NOW) == (
        "calendar", {"action": "days", "from": "2026-03-01", "to": "2026-03-10", "inclusive": True})
    # weekdays count both days already: the question goes to the count (the 1.5B said 10; it is 15)
    assert exact_call(f"How many weekdays are there from December 7 to December 25, 2026{tail}?", ALL, NOW) == (
        "calendar", {"action": "days", "from": "2026-12-07", "to": "2026-12-25", "weekdays": True})


def test_a_count_of_days_without_an_inclusive_tail_is_as_before() -> None:
    assert exact_call("How many days from 1 March to 10 March?", ALL, NOW) == (
        "calendar", {"action": "days", "from": "2026-03-01", "to": "2026-03-10"})
    assert exact_call("How many days from 1 March to 10 March inclusive of VAT?", ALL, NOW) is None


# --- the newer exact steps, fuzzed: a message is answered by a tool, a one-line ToolError, or the model --------

_ASKED_OF_TEXT = ["How many lines contain ERROR?", "How many lines contain error?", "How many unique lines are there?",
                  "How many duplicate lines are in this file?", "What is the sum of these numbers?", "What's the total?",
                  "Which number is the largest?", "Extract every email address from this text.",
                  "Find all the IP addresses in this log.", "List the links in this.", "What's the average response time?",
                  "Which request was the slowest?", "What is the total duration?"]
_LINES = ["GET /a 200 12ms", "POST /b 500 1.2s", "took 3 s and 2 s", "INFO ok", "ERROR disk full", "42", "-3.5", "1,200",
          "1e308", "a@b.co", "see http://x.io/a).", "10.0.0.1", "999.1.1.1", "x=1", "x=1", "duration=350us", "", "é ☃"]
_QUESTIONS = ["How many lines contain ", "Is ", "When is the next leap year", "How many days are in February ",
              "What's the cron expression for every ", "cron for every ", "What is ", "How many liters per 100 km is ",
              "What percent of ", "What is the percentage increase from ", "How many days from 1 March to ",
              "Add these up: ", "What is the standard deviation of ", "What is 3 hours 45 minutes plus "]
_WORDS = ["9", "0", "-1", "1e308", "99999", "2100", "a leap year", "ERROR", "'x'", '"', "`", "%", "$", "mpg", "L/100km",
          "hours", "minutes", "1:45", "+", "plus", "minus", "and", ",", "inclusive", "both included", "on weekdays",
          "at 25:00", "at 3am", "every", "12ms", "1.2s", "x@y.z", "http://a", "::", "999.1.1.1", "é", "?", ".", "these"]


def _answered_or_refused(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, NOW)
    if found is not None:
        try:
            ToolRegistry().call(found[0], found[1], ToolContext(data_dir=Path("/nonexistent")))
        except ToolError as exc:  # (the registry says a tool's own bug as "NAME failed: TypeError: …")
            assert not str(exc).startswith(f"{found[0]} failed: "), (message, found, exc)


@pytest.mark.parametrize("question", _ASKED_OF_TEXT)
@settings(max_examples=60, deadline=None)
@given(body=st.lists(st.sampled_from(_LINES), min_size=1, max_size=8))
def test_a_question_about_any_piped_text_is_answered_or_refused_in_one_line(question: str, body: list[str]) -> None:
    """Counting lines, piped lists of numbers, extraction and a log's times, over texts of every kind: recognising
    the message raises nothing, and the tool it goes to answers or says in one line why not (a crash there would
    end the user's turn)."""
    _answered_or_refused(question + "\n\n" + "\n".join(body))


@settings(max_examples=400, deadline=None)
@given(question=st.sampled_from(_QUESTIONS), words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
def test_a_question_of_any_words_is_answered_or_refused_in_one_line(question: str, words: list[str]) -> None:
    """Statistics, percentages, leap years, fuel, sums of durations and cron schedules written from words."""
    _answered_or_refused(question + " ".join(words))


@pytest.mark.parametrize(("message", "found"), [
    # a sum's sign: the finance reader read "-5%" as 5%
    ("If I invest $1,000 at -5% compounded annually, how much will I have after 10 years?", None),
    # a value too big for str(): "9^5000 to 3 sig figs" raised ValueError out of the exact step
    ("What is 9^5000 to 3 sig figs?", None),
    # between today and a day: read from today (from 1 January it was 358 days to Christmas)
    ("Calculate the number of days between today and Christmas.",
     ("calendar", {"action": "days", "from": "2026-12-05", "to": "2026-12-25"})),
    ("How many days between Christmas and today?", None),  # (the last one, maybe)
    # a title is no text to count ("Hamlet" has 1 word)
    ("How many words does Hamlet have?", None),
    ("How many lines does Hamlet have?", None),
    # more said after the text: which is meant?
    ("What's the ROT13 of 'Hello'? Explain how it works.", None),
    ("The rot13 of hello is uryyb, right?", None),
    ("What's the md5 of 'abc'? And why?", None),
])  # fmt: skip
def test_what_the_review_found_stays_with_the_model_or_reads_right(message: str, found: object) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == found


def test_a_readers_own_failure_leaves_the_message_to_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import llorch.tools.exact as exact

    def broken(text: str, now: datetime) -> None:
        raise ValueError("a reader's bug")

    monkeypatch.setattr(exact, "_ASKED", [("math", broken), *[a for a in exact._ASKED if a[0] != "math"]])
    assert exact.exact_call("What is 2 + 2?", EXACT_TOOLS, NOW) is None



@pytest.mark.parametrize("lead", ["please", "ok,", "hey", ""])
def test_a_polite_word_before_a_long_run_of_spaces_is_read_in_time(lead: str) -> None:
    """`\\s*,?\\s+` after "please" (asking.LEAD and 20 modules' copies) split a run of spaces every way it could:
    "please" and 390 spaces took over 20 s to read. A hang guard, not a timing (about half a second)."""
    import time
    start = time.perf_counter()
    assert exact_call(lead + " " * 390 + "x?", EXACT_TOOLS, NOW) is None
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("unit", ["a-", "a.b", "a+"])
def test_a_long_run_that_could_open_a_urls_scheme_is_read_in_time(unit: str) -> None:
    """A URL's scheme was masked by `[a-z][a-z0-9+.-]*://` from every word's start to the text's end and back:
    20 KB of "a-a-a-…" took 10 s to route, 100 KB minutes. A hang guard, not a timing (about 0.2 s)."""
    import time
    start = time.perf_counter()
    assert exact_call(unit * (100_000 // len(unit)), EXACT_TOOLS, NOW) is None
    assert time.perf_counter() - start < 10


def test_a_colon_in_a_urls_scheme_is_still_no_question_and_text_split() -> None:
    from llorch.tools.asking import asked_parts
    assert asked_parts("Is https://example.com up?") == [("Is https://example.com up?", "")]
    assert asked_parts("Fetch svn+ssh://host/repo: now")[0] == ("Fetch svn+ssh://host/repo", "now")
