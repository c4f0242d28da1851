"""The answer check of one duration the timespan tool said in parts (answercheck's `parts`, read by
answertimes.duration_parts): each part, in order, in any of the ways an answer writes it; one left out or wrong is
flagged (the 1.5B said 1,000,000 seconds was 11 days 11 hours 36 minutes: 11 days, 13 hours, 46 minutes and 40
seconds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry


def noted(args: dict[str, Any], asked: str, answer: str) -> bool:
    """Whether the answer check says something of `answer`, the timespan tool having answered `asked` with `args`."""
    result = ToolRegistry().call("timespan", args, ToolContext(data_dir=Path("/nonexistent")))
    return fault(answer, expected("timespan", result.data, asked), "timespan", result.text) is not None


_MILLION = ({"split": "1,000,000 seconds", "parts": "days, hours, minutes"},
            "How long is 1,000,000 seconds in days, hours and minutes?")
_HUNDRED_K = ({"split": "100000 seconds", "parts": "hours, minutes"}, "Convert 100000 seconds into hours and minutes")
_DAYS = ({"split": "3.5 days", "parts": "hours, minutes"}, "Express 3.5 days in hours and minutes")
_WEEKS = ({"split": "100 days", "parts": "weeks, days"}, "How many weeks and days is 100 days?")
_ONES = ({"split": "90061 seconds", "parts": "d h m s"}, "What is 90061 seconds in d h m s?")


@pytest.mark.parametrize(("case", "answer"), [
    (_MILLION, "1,000,000 seconds is 11 days, 13 hours, 46 minutes and 40 seconds."),
    (_MILLION, "That's 11 days, 13 hours, 46 minutes, and 40 seconds."),
    (_MILLION, "11d 13h 46m 40s"),
    (_MILLION, "eleven days, 13 hrs, 46 mins and 40 secs"),
    (_HUNDRED_K, "100,000 seconds is 27 hours, 46 minutes and 40 seconds."),
    (_HUNDRED_K, "27:46:40"),  # (every part at once)
    (_DAYS, "3.5 days is 84 hours."),  # (a part that is 0 need not be said)
    (_DAYS, "84 hours and 0 minutes"),
    (_WEEKS, "100 days is 14 weeks and 2 days."),
    (_ONES, "1 day, 1 hour, 1 minute and 1 second"),
    (_ONES, "one day, one hour, one minute and one second"),
    (({"split": "1000000.5 seconds", "parts": "days, hours, minutes"}, "x"),
     "11 days, 13 hours, 46 minutes and 40.5 seconds"),
    # no units asked (a review's): any true length answers it
    (({"split": "90 minutes"}, "How long is 90 minutes?"), "It is 1.5 hours."),
    (({"split": "36 hours"}, "How long is 36 hours?"), "A day and a half."),
    # asked the minutes, an answer may stop at them: the seconds over are the tool's to say, not the answer's
    (_MILLION, "11 days, 13 hours and 46 minutes."),
    (_HUNDRED_K, "27 hours 46 minutes"),
])  # fmt: skip
def test_an_answer_with_each_part_in_order_passes(case: tuple[dict[str, Any], str], answer: str) -> None:
    assert not noted(*case, answer)


@pytest.mark.parametrize(("case", "answer"), [
    (_MILLION, "1,000,000 seconds is 11 days, 11 hours and 36 minutes."),  # (the 1.5B's)
    (_MILLION, "11 days, 13 hours and 47 minutes."),  # rounded
    (_MILLION, "About 11.57 days."),
    (_MILLION, "40 seconds, 46 minutes, 13 hours and 11 days"),  # out of order
    (_HUNDRED_K, "1 day, 3 hours, 46 minutes and 40 seconds"),  # days were not asked: 27 hours
    (_DAYS, "3 days and 12 hours"),
    (_WEEKS, "100 days is 14 weeks."),
    (_WEEKS, "14 weeks and 3 days"),
    (_ONES, "1 day, 1 hour and 1 second"),
])  # fmt: skip
def test_an_answer_missing_a_part_or_with_a_wrong_one_is_flagged(case: tuple[dict[str, Any], str],
                                                                  answer: str) -> None:
    assert noted(*case, answer)


def test_only_the_split_durations_data_is_read_so() -> None:
    # (a span's minutes and a sum's value are checked as they were: no `parts` there)
    assert expected("timespan", {"minutes": 405, "start": "23:30", "end": "06:15"}, "").kind == "any"
    assert not expected("timespan", {"parts": [["11", "days"]]}, "")  # (no number: nothing to check)
    assert not expected("timespan", {"parts": [[0, "minutes"]]}, "")
