"""Short follow-ups to an exact call: the same tool's call with what the follow-up names changed."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from llorch.tools.followup import followed_call

NOW = datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)
UNTIL = {"action": "days", "from": "2026-12-05", "to": "2026-12-25"}
SINCE = {"action": "days", "from": "2026-07-01", "to": "2026-12-05"}
UNITS = {"value": 72.0, "from": "F", "to": "C"}
DATE = {"action": "date", "date": "2026-12-25"}
COUNT = {"text": "strawberry", "what": "r"}
HASH = {"action": "sha256", "text": "abc"}
INSIDE = {"address": "10.0.0.0/21", "contains": "10.0.5.17"}


@pytest.mark.parametrize(("text", "tool", "before", "after"), [
    ("And in London?", "clock", {"place": "Tokyo"}, {"place": "London"}),
    ("what about New York?", "clock", {"place": "Berlin"}, {"place": "New York"}),
    ("How about Japan?", "clock", {}, {"place": "Japan"}),
    ("And here?", "clock", {"place": "Sydney"}, {}),
    ("And in Tokyo?", "clock", {"at": "3pm", "from": "EST", "place": "London"},  # the same time, another place
     {"at": "3pm", "from": "EST", "place": "Tokyo"}),
    ("and 100 F?", "units", UNITS, {"value": 100.0, "from": "F", "to": "C"}),
    ("and 100?", "units", UNITS, {"value": 100.0, "from": "F", "to": "C"}),
    ("what about 12 kg?", "units", {"value": 5.0, "from": "kg", "to": "lb"}, {"value": 12.0, "from": "kg", "to": "lb"}),
    ("and in kelvin?", "units", UNITS, {"value": 72.0, "from": "F", "to": "kelvin"}),
    ("And until New Year's Eve?", "calendar", UNTIL, {"action": "days", "from": "2026-12-05", "to": "2026-12-31"}),
    ("what about Valentine's Day?", "calendar", UNTIL, {"action": "days", "from": "2026-12-05", "to": "2027-02-14"}),
    ("And Halloween?", "calendar", SINCE, {"action": "days", "from": "2026-10-31", "to": "2026-12-05"}),  # since, as before
    ("and since 1 December?", "calendar", UNTIL, {"action": "days", "from": "2026-12-01", "to": "2026-12-05"}),
    ("And in 2027?", "calendar", DATE, {"action": "date", "date": "2027-12-25"}),  # the same day, another year
    ("and next year?", "calendar", {"action": "date", "date": "christmas"}, {"action": "date", "date": "2027-12-25"}),
    # a day named by its rule, with its year, moves by the rule: 16 November 2028, not the 18th (a Saturday)
    ("And in 2028?", "calendar", {"action": "date", "date": "the third thursday of november 2027"},
     {"action": "date", "date": "the third thursday of november 2028"}),
    ("and next year?", "calendar", {"action": "date", "date": "easter 2027"}, {"action": "date", "date": "easter 2028"}),
    ("What about New Year's Day?", "calendar", DATE, {"action": "date", "date": "new year's day"}),
    ("and in 200 days?", "calendar", {"action": "date", "date": "in 90 days"},
     {"action": "date", "date": "in 200 days"}),
    ("And 120 days?", "calendar", {"action": "date", "date": "60 days from now"},  # the count changed, the rest kept
     {"action": "date", "date": "120 days from now"}),
    ("and 3?", "calendar", {"action": "date", "date": "two weeks after christmas"},
     {"action": "date", "date": "3 weeks after christmas"}),
    ("And in raspberry?", "count", COUNT, {"text": "raspberry", "what": "r"}),  # the same count, another word
    ("what about 'blueberry'?", "count", COUNT, {"text": "blueberry", "what": "r"}),
    ("and e's?", "count", COUNT, {"text": "strawberry", "what": "e"}),  # another letter, the same word
    ("and vowels?", "count", COUNT, {"text": "strawberry", "what": "vowels"}),
    ("and sha1?", "encode", HASH, {"action": "sha1", "text": "abc"}),  # the same text, another hash or coding
    ("And in base64?", "encode", HASH, {"action": "base64", "text": "abc"}),
    ("what about 'world'?", "encode", HASH, {"action": "sha256", "text": "world"}),  # the same hash, another text
    ("and a /23?", "network", {"address": "/22"}, {"address": "/23"}),
    ("And 10.0.9.1?", "network", INSIDE, {"address": "10.0.0.0/21", "contains": "10.0.9.1"}),  # the same network
    ("and 172.16.0.0/12?", "network", {"address": "10.0.0.0/8"}, {"address": "172.16.0.0/12"}),
    ("and 755?", "permissions", {"mode": "640"}, {"mode": "755"}),
    ("and rw-r--r--?", "permissions", {"mode": "640"}, {"mode": "rw-r--r--"}),
    ("and 0 */4 * * *?", "cron", {"expression": "0 */6 * * *"}, {"expression": "0 */4 * * *"}),
    ("What about `@hourly`?", "cron", {"expression": "0 */6 * * *"}, {"expression": "@hourly"}),
    ("And 1.11.0?", "version", {"action": "satisfies", "versions": ["2.0.0"], "requirement": "^1.4.0"},
     {"action": "satisfies", "versions": ["1.11.0"], "requirement": "^1.4.0"}),
    ("and '555-1234'?", "regex", {"pattern": "^\\d{3}-\\d{4}$", "text": "555-12345"},
     {"pattern": "^\\d{3}-\\d{4}$", "text": "555-1234"}),
])
def test_a_follow_up_changes_what_it_names(text: str, tool: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    assert followed_call(text, tool, before, NOW) == after


@pytest.mark.parametrize(("text", "tool", "before"), [
    ("And in Atlantis?", "clock", {}),  # no zone
    ("And tomorrow?", "clock", {}),
    ("What about lunch?", "clock", {}),
    ("and 100 kg?", "units", UNITS),  # kg do not convert to °C
    ("and in kg?", "units", UNITS),
    ("and why is that?", "units", UNITS),
    ("And until my birthday?", "calendar", UNTIL),
    ("Thanks! And in London?", "clock", {}),  # more than a follow-up
    ("And in London?\nAlso Paris.", "clock", {}),
    ("and 20%?", "math", {"expression": "15 / 100 * 2340"}),  # math's expressions are not varied
    ("And Christmas?", "calendar", {"action": "list"}),  # only the days and date actions
    ("and the meeting?", "calendar", DATE),
    ("and 5?", "calendar", {"action": "date", "date": "next friday"}),  # no count to change
    ("And why?", "count", COUNT),
    ("And in my name?", "count", COUNT),
    ("what about raspberry?", "count", COUNT),  # a bare word could be anything: only "in X" or a quoted one
    ("and in 2027?", "calendar", {"action": "date", "date": "2028-02-29"}),  # no 29 February in 2027
    ("London", "clock", {}),  # no "and" / "what about": not asked as a follow-up
    ("and SHA-512?", "encode", {"action": "unbase64", "text": "aGk="}),  # a decoding is not hashed instead
    ("and why?", "regex", {"pattern": "a", "text": "b"}),
    ("and world?", "encode", HASH),  # a bare word could be anything: only a quoted text
    ("and 999?", "permissions", {"mode": "640"}),
    ("and 5?", "cron", {"expression": "0 */6 * * *"}),
    ("And 1.11.0?", "version", {"action": "compare", "versions": ["2.0.0", "1.0"]}),  # against what?
    ("And banana?", "version", {"action": "satisfies", "versions": ["2.0.0"], "requirement": "^1.4.0"}),  # no schedule  # no mode
])
def test_anything_more_stays_with_the_model(text: str, tool: str, before: dict[str, Any]) -> None:
    assert followed_call(text, tool, before, NOW) is None
