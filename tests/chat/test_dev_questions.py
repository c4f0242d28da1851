"""Developers' exact questions in a conversation: encodings and digests, networks, file modes, regexes and syntax go
to their tool before the model answers, and an answer that says otherwise gets a note."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox

DEV = ["math", "count", "encode", "network", "permissions", "regex", "validate", "cron", "clock", "timespan", "version",
       "units", "text", "color", "random", "codes", "convert", "calendar"]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _conv(store: Store, backend: FakeBackend, enabled: list[str] = DEV) -> Conversation:
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": enabled, "auto": "off"}}, "test", name="general-like")
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)  # (the cron tool's next runs)
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: saturday))


# Each with an answer the 1.5B gave (before) and a right one: the first gets a note, the second none.
@pytest.mark.parametrize(("asked", "tool", "wrong", "right"), [
    ("Decode this base64: bGxvcmNoIGlzIGZhc3Q=", "encode", "It decodes to “Hello World”.", "It says “llorch is fast”."),
    ('What\'s the md5 of "password"?', "encode", "The MD5 hash of “password” is 2129684037.",
     "It is 5f4dcc3b5aa765d61d8327deb882cf99."),
    ("What is the Unicode code point of ñ?", "encode", "It is U+00F2.", "It is U+00F1."),
    ("How many bytes is 'naïve' in UTF-8?", "encode", "It is 5 bytes long.", "6 bytes: the ï takes two."),
    ("How many usable hosts are in a /22 network?", "network", "In a /22 network, there are 6 usable hosts.",
     "A /22 has 1,022 usable hosts."),
    ("What's the subnet mask of 192.168.10.0/27?", "network", "The subnet mask is 255.255.248.0.",
     "It is 255.255.255.224."),
    ("Is 10.0.8.1 in 10.0.0.0/21?", "network", "Yes, 10.0.8.1 is in the subnet.",
     "No: 10.0.0.0/21 ends at 10.0.7.255."),
    ("Is 192.168.1.300 a valid IP address?", "network", "Yes, 192.168.1.300 is a valid IP address.",  # the 1.5B's
     "No: 300 is out of range."),
    ("Is 192.168.01.1 valid?", "network", "Yes, it is a valid private IP address.", "No: 01 has a leading zero."),
    ("What's the octal for rwxr-x--x?", "permissions", "The octal is 754.", "It is 751."),
    ("What permissions does chmod 754 give, in rwx notation?", "permissions",  # the 1.5B's: no letters at all
     "The owner has read, write, and execute permissions; the group read and execute; others read.",
     "It is rwxr-xr--."),
    ("What permissions does chmod 754 give, in rwx notation?", "permissions",
     "It is rwxr-xr-x.", "owner: rwx, group: r-x, others: r--"),
    ("Show chmod 640 in symbolic notation.", "permissions", "It is rw-r--r--.", "u=rw,g=r,o="),
    ("Show chmod 640 in symbolic notation.", "permissions", "-rw-r--r--", "| 6 | rw- |\n| 4 | r-- |\n| 0 | --- |"),
    ("What's the wildcard mask for a /27?", "network", "It is 255.255.255.224.", "It is 0.0.0.31."),  # not the mask
    ("What's the last usable host in 192.168.100.0/25?", "network", "It is 192.168.100.254.",
     "The last usable host is 192.168.100.126."),  # an address, not the count of 126 hosts
    ('Does the regex ^[a-z]+\\d{2}$ match "abc123"?', "regex", "Yes, it matches “abc123”.",
     "No, it does not: \\d{2}$ wants exactly two digits at the end."),
    ("What time is 3pm EST in London?", "clock", "3:00 PM EST is 12:00 AM BST in London.", "It is 8 pm in London."),
    ("What's the time difference between London and Tokyo?", "clock", "The time difference is 10 hours.",
     "Tokyo is 9 hours ahead."),
    ("How many seconds are in a week?", "units", "There are 365,600 seconds in a week.", "604,800 seconds."),
    ("What is 2 to the 64th power?", "math", "It is 18,446,744,073,709,551,615.", "18446744073709551616"),
    ("What's the square root of 2 to 10 decimal places?", "math", "It is approximately 1.4142135623.",
     "1.4142135624"),  # (the 1.5B cut it; rounded, the last digit is 4)
    ("How long is it from 11:30pm to 6:15am?", "timespan", "The time difference is 7 hours.",
     "6 hours and 45 minutes."),
    ("What time is 90 minutes before 1:10 pm?", "timespan", "90 minutes before 1:10 pm is 4:30 pm.", "It is 11:40."),
    ("What's the difference between 14:35 and 09:50?", "timespan",
     "The difference between 14:35 and 09:50 is 4 hours and 25 minutes.", "4 hours 45 minutes."),  # the 1.5B's
    ("How many seconds is 2 hours 15 minutes?", "timespan", "It is 8,000 seconds.", "8,100 seconds."),
    ("How many seconds are there between 10:15:30 and 10:47:05?", "timespan", "There are 60 seconds between them.",
     "31 minutes 35 seconds: 1,895 seconds."),  # the 1.5B's
    ("How many seconds are there until midnight if it is 23:42:10?", "timespan",
     "There are 81,490 seconds until midnight.", "1,070 seconds."),  # the 1.5B's
    ("What is the compound interest on $1000 at 5% per year for 3 years?", "math",
     "The compound interest is $1157.63.", "It is $157.63."),  # the 1.5B gave the grown sum as the interest
    ("What is 0.625 as a fraction?", "math", "0.625 as a fraction is 1/4.", "It is 5/8."),
    ("What's 12:45 in 12-hour format?", "clock", "12:45 in 12-hour format is 12:45.", "It is 12:45 pm."),  # the 1.5B's
    ("When does `45 23 * * 6` run next?", "cron", "It runs next on Saturday, December 19, 2026 at 23:45.",
     "Tonight, 5 December, at 23:45."),  # the 1.5B's answer took the third run for the next
    ('Is this valid JSON: {"a": 1, "b": [1, 2,]}', "validate", "Yes, this is valid JSON.",
     "No: JSON allows no trailing comma."),
    ("Is this a valid UUID: 123e4567-e89b-12d3-a456-42661417400?", "validate", "Yes, this is a valid UUID.",
     "No: its last group has 11 hex digits, not 12."),  # the 1.5B's
    ("What version is this UUID: 123e4567-e89b-12d3-a456-426614174000?", "validate", "It is a version 4 UUID.",
     "It is a version 1 (time-based) UUID."),
    ("What version is this UUID: 123e4567-e89b-12d3-a456-426614174000?", "validate", "- **Version:** 4 (random)",
     "| Version | 1 |"),
    ("What version is this UUID: 123e4567-e89b-12d3-a456-426614174000?", "validate", "It is a UUIDv4.",
     "It is version one: time-based."),
    ("What version is this UUID: 00000000-0000-0000-0000-000000000000?", "validate", "It is a version 0 UUID.",
     "It is the nil UUID: it has no version."),
    ("Is this JWT expired? eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTY1MzYwMDB9.c2ln", "encode", "Yes, it has expired.",
     "No: it expires on 6 December 2026 at 05:46 UTC."),  # exp 1796536000, the day after
    ("Does ^1.4.0 in package.json accept 2.0.0?", "version", "Yes, 2.0.0 is accepted.",
     "No: ^1.4.0 stops below 2.0.0."),
    ("Which is newer, 3.9.18 or 3.10.2?", "version", "3.9.18 is newer: 9.18 is more than 10.2.", "3.10.2 is newer."),
    ("Is 1.9.15 newer than 1.10.2?", "version", "Yes, 1.9.15 is newer.", "No: 1.10.2 is newer."),
    ("Please sort these versions: 2.10.0, 2.9.1, 2.1.11, 10.0.0", "version",
     "The newest version is 10.0.0, and the oldest is 2.1.11.", "2.1.11, 2.9.1, 2.10.0, 10.0.0"),  # the 1.5B's first
    ("Sort these versions newest first: 1.2.10, 1.2.9, 1.10.0", "version", "1.2.9, 1.2.10, 1.10.0",
     "1.10.0, then 1.2.10, then 1.2.9"),
    ("How long does it take to download 4.7 GB at 50 Mbps?", "units", "It would take about 1 hour and 30 minutes.",
     "About 12.5 minutes."),
    ("How long to drive 420 km at 90 km/h?", "units", "About 4 hours.", "4 hours and 40 minutes."),
    ("Which is heavier, 1 pound or 500 grams?", "units", "1 pound is heavier than 500 grams.",  # the 1.5B's
     "500 grams is heavier than 1 pound."),
    ("Which is lighter, 1 pound or 500 grams?", "units", "500 grams is lighter than 1 pound.", "1 lb is lighter."),
    ("Which is faster, 60 mph or 100 km/h?", "units", "60 mph is faster than 100 km/h.", "100 km/h is faster."),
    ("Is 1 pound heavier than 500 grams?", "units", "Yes, 1 pound is heavier than 500 grams.",
     "No: 500 grams is heavier."),
    ("Reverse the string 'llorch rocks'", "text", "It is “skcor hcrlol”.", "It is “skcor hcroll”."),
    ("Is 'palindrome' a palindrome?", "text", "Yes, it is.", "No: backwards it is emordnilap."),
    ("What is MCMXCIV in normal numbers?", "math", "MCMXCIV is equal to 1944 in normal numbers.", "It is 1994."),
    ("Write 1987 in Roman numerals", "math", "1987 is MCMLXXXVI.", "MCMLXXXVII"),
    ("What's #336699 in HSL?", "color", "#336699 in HSL is 240°, 100%, and 50%.", "It is hsl(210, 50%, 40%)."),
    ("What is rgb(255, 99, 71) in hex?", "color", "It is #FF6348.", "It is #FF6347."),
    ("What is the contrast ratio between #777 and white?", "color", "About 4.6:1.", "4.47:1: it fails AA."),
    ("What does exit code 137 mean?", "codes", "The process was terminated due to an unhandled exception or signal.",
     "It was killed by SIGKILL: often the out-of-memory killer."),
    ("What is errno 111 on Linux?", "codes", "The connection failed because the remote host is not reachable.",
     "Connection refused: nothing listens on that port."),
    ("Which signal is SIGTERM's number?", "codes", "SIGTERM is the termination signal.", "It is 15."),
    ("Which HTTP status code means 'Gone'?", "codes", "It is 404.", "410 Gone."),
    ("What's the difference between these two lines: 'the quick brown fox jumps' and 'the quick red fox jumped'?",
     "text", "The first line uses “brown” while the second uses “red”.", "brown became red, and jumps became jumped."),
    ("Are these two hashes the same?\n\n9e107d9d372bb6826bd81d3542a419d6\n9e107d9d372bb6826bd81d3542a419d7", "text",
     "Yes, they are the same hash.", "No: the last character differs."),
    ("What's the least common multiple of 4, 6 and 10?", "math", "The LCM of 4, 6 and 10 is 30.", "It is 60."),
    ("What are the prime factors of 360?", "math", "The prime factors of 360 are 2, 3 and 7.",
     "The prime factors of 360 are 2, 3, and 5."),  # the distinct primes, as the 1.5B gave them: no note
    ("What is the prime factorization of 756?", "math", "756 = 2² × 3³ × 5.", "756 = 2² × 3³ × 7."),
    ("What is the area of a circle with a radius of 4 cm?", "math", "The area is 16π square centimeters.",
     "About 50.27 cm²."),  # the 1.5B's: no number
    ("If something costs £120 including 20% VAT, what is the price before VAT?", "math",
     "The price before VAT is £96.", "£100."),  # the 1.5B's: 20% off the gross
    ("How many hours do I work in a year at 37.5 hours a week for 46 weeks?", "math", "You work 1,755 hours.",
     "1,725 hours."),  # the 1.5B's
    ("How many hours are there between Monday 9am and Friday 5pm?", "timespan", "There are 16 hours between them.",
     "104 hours: 4 days and 8 hours."),  # the 1.5B's
    ("What is the unix timestamp 1700000000 as a UTC date?", "clock",
     "It corresponds to December 6, 2026, at midnight UTC.", "14 November 2023, 22:13:20 UTC."),  # the 1.5B's
    ("Base64 encode the string 'hello world'.", "encode", "It is J2hlbGxvIHdvcmxkJy4=.", "aGVsbG8gd29ybGQ="),
    ("How many lines in this file mention ERROR?\n\nINFO start\nERROR disk full\nWARN slow\nERROR timeout\n"
     "error lowercase", "count", "5 lines mention ERROR.", "3 lines, counting the lower-case one."),  # either reading
    ("How many commits are there?\n\nd110392 tools: math split\nc127a29 tools: calendar split\nf423d67 README\n"
     "8f38ec2 calendar: months", "count", "There are 5 commits in the given list.", "4 commits."),  # the 1.5B's
    ("How many weekdays are there between 1 and 31 January 2027?", "calendar",  # the 1.5B's: the month said once
     "There are 10 weekdays between January 1 and January 31, 2027.", "21 weekdays (Monday to Friday)."),
    ("How many months are there between March 2025 and November 2026?", "calendar",
     "There are 8 months between March 2025 and November 2026.", "20 months."),  # the 1.5B's
    ("How many months between 15 March 2025 and 1 November 2026?", "calendar", "About 18 months.",
     "19 months and 17 days."),  # (the days over: 20, rounded up, passes too)
    ("How old is someone born on 29 February 2000 today?", "calendar",
     "Someone born on February 29, 2000 would be 25 years old today.", "26 years old."),  # the 1.5B's
    ("How old will I be on 1 January 2030 if I was born on 5 May 1985?", "calendar", "You will be 45.",
     "44 years old."),
    ("What date is the 100th day of 2027?", "calendar", "The 100th day of 2027 is December 31, 2027.",  # the 1.5B's
     "It is Saturday 10 April 2027."),
    ("How many days are left in 2026?", "calendar", "There are 23 days left in 2026.",  # the 1.5B's
     "27 days, counting today."),  # (asked on Saturday 5 December)
    ("How many Friday the 13ths are there in 2027?", "calendar", "There are no Friday the 13ths in 2027.",
     "One: 13 August 2027."),  # the 1.5B's
    ("Is there a Friday the 13th in March 2027?", "calendar", "Yes, 13 March 2027 is a Friday.",
     "No: 13 March 2027 is a Saturday."),
])
def test_a_developers_exact_question_goes_to_its_tool_and_a_contrary_answer_gets_a_note(
        store: Store, asked: str, tool: str, wrong: str, right: str) -> None:
    fb = FakeBackend([wrong, wrong], name="m")  # (the same answer again where it is asked again: chat/recheck.py)
    conv = _conv(store, fb)
    events = list(conv.send(asked))
    (event,) = [e for e in events if isinstance(e, ToolEvent)]
    assert event.name == tool and event.ok and not event.by_model
    assert f"The {tool} tool worked it out: {event.text}" in fb.history[0].messages[-1].content
    assert [e.text for e in events if isinstance(e, Notice)] == [
        f"the answer does not give what the {tool} tool worked out exactly: {event.text}"]
    again = list(_conv(store, FakeBackend([right], name="m")).send(asked))
    assert not [e for e in again if isinstance(e, Notice)]


def test_a_letter_count_answered_wrong_in_a_conversation_gets_a_note_naming_the_letters(store: Store) -> None:
    asked = "Which letter appears most often in 'mississippi'?"  # (the 1.5B: "m"; i and s tie, 4 times each)
    wrong = "The letter that appears most often is 'm'."
    events = list(_conv(store, FakeBackend([wrong, wrong], name="m")).send(asked))
    (event,) = [e for e in events if isinstance(e, ToolEvent)]
    assert event.name == "count" and event.ok and not event.by_model
    assert [e.text for e in events if isinstance(e, Notice)] == [
        f"the answer leaves out “i”, “s”, and the count tool's result holds them all: {event.text}"]
    again = list(_conv(store, FakeBackend(["Both i and s: 4 times each."], name="m")).send(asked))
    assert not [e for e in again if isinstance(e, Notice)]


@pytest.mark.parametrize(("answer", "noted"), [
    ('Yes, the regex ^\\d{3}-\\d{4}$ does not match "555-12345".', True),  # the 1.5B, told the tool's "No: ..."
    ("No, it does not match: there are five digits after the dash.", False),
    ("It does not match: the pattern wants exactly four digits at the end.", False),
])
def test_an_answer_that_begins_with_yes_to_a_tools_no_gets_a_note(store: Store, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb).send('Does the regex ^\\d{3}-\\d{4}$ match "555-12345"?'))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.text.startswith("No: the pattern ^\\d{3}-\\d{4}$ does not match “555-12345”")
    assert [e.text for e in events if isinstance(e, Notice)] == (
        [f"the answer begins with a yes, and the regex tool's answer is no: {tool.text}"] if noted else [])


@pytest.mark.parametrize(("answer", "noted"), [
    ("Here are the names sorted alphabetically:\nAdam, Carl, Émile, Zoe, Bob", True),  # the 1.5B's, before
    ("In order:\n1. adam\n2. bob\n3. Carl\n4. Émile\n5. Zoe", False),
    ("adam, bob, Carl, Émile", True),  # one left out
    ("Adam, Bob, Carl, Emile, Zoe", True),  # (Émile is not Emile)
    ("Adam, Bob, Carl, Émile, Zoe", False),  # capitalised: the same names
])
def test_a_list_the_answer_gives_out_of_the_tools_order_gets_a_note(store: Store, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb).send("Sort these names alphabetically: Zoe, adam, Émile, bob, Carl"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "text" and tool.text.endswith(": adam, bob, Carl, Émile, Zoe")
    assert [e.text for e in events if isinstance(e, Notice)] == (
        [f"the answer does not give what the text tool worked out exactly: {tool.text}"] if noted else [])


@pytest.mark.parametrize(("asked", "answer", "noted"), [
    # the 1.5B, before the tool: "No, the pip specifier ~=2.2 does not allow 2.3.1."
    ("Does the pip specifier ~=2.2 allow 2.3.1?", "No, the pip specifier ~=2.2 does not allow 2.3.1.", True),
    ("Does the pip specifier ~=2.2 allow 2.3.1?", "Yes: ~=2.2 means >=2.2 and below 3.", False),
    ("Does the pip specifier ~=2.2 allow 2.3.1?", "It does: ~=2.2 means >=2.2 and below 3.", False),
    ('Is this valid JSON: {"a": 1}', "No issues: it is valid JSON.", False),  # "No issues" is no no
    ('Is this valid JSON: {"a": 1}', "No. It is not valid.", True),
    ("Is 10.1.1.1 in 10.0.0.0/8?", "No — it is outside.", True),
    ("Is 172.16.4.20 a valid IP?", "No, 172.16.4.20 is not a valid IP address.", True),
    ("Is 172.16.4.20 a valid IP?", "Yes, it is a private address.", False),
    ('What is wrong with this JSON? {"a": 1}', "No: nothing is wrong.", False),  # no yes/no question
    ("Is {123e4567-e89b-12d3-a456-426614174000} a valid GUID?", "No, a GUID does not have braces.", True),
    ("Is {123e4567-e89b-12d3-a456-426614174000} a valid GUID?", "Yes: braces are how Microsoft writes GUIDs.", False),
])
def test_an_answer_that_begins_with_no_to_a_tools_yes_gets_a_note(store: Store, asked: str, answer: str,
                                                                  noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb).send(asked))
    tools = [e for e in events if isinstance(e, ToolEvent)]
    assert len(tools) == 1
    assert [e.text for e in events if isinstance(e, Notice)] == (
        [f"the answer begins with a no, and the {tools[0].name} tool's answer is yes: {tools[0].text}"]
        if noted else [])


@pytest.mark.parametrize(("asked", "told"), [
    ("Is 10.1.1.1 in 192.168.0.0/16?", True),  # a yes/no question the tool answers no
    ("Is this valid JSON: {'a': 1}", True),
    ("Is 437 a prime number?", True),
    ("Is 123e4567-e89b-12d3-a456-42661417400 a valid UUID?", True),
    ("Is 10.1.1.1 in 10.0.0.0/8?", False),  # the tool says yes
    ("What's wrong with this JSON? {'a': 1}", False),  # no yes/no question
])
def test_a_tools_no_to_a_yes_no_question_is_the_answers_first_word(store: Store, asked: str, told: bool) -> None:
    """Told the tool's no, the 1.5B still began 7 of 9 such answers "Yes, 437 is not a prime number."; told to
    begin with "No," it began 9 of 9 so and said why."""
    fb = FakeBackend(["No."], name="m")
    list(_conv(store, fb).send(asked))
    content = fb.history[0].messages[-1].content
    assert "tool worked it out: " in content
    assert content.endswith(" (Begin your answer with “No,” and say why.)") == told


def test_a_long_text_piped_for_a_syntax_check_is_read_by_the_tool_not_the_model(store: Store) -> None:
    fb = FakeBackend(["It is valid.", "You're welcome."], name="m")
    conv = _conv(store, fb)
    payload = "[" + ", ".join(f'{{"id": {i}, "name": "item {i}"}}' for i in range(300)) + "]"
    events = list(conv.send(f"Is this valid JSON?\n\n{payload}"))
    assert [e.text for e in events if isinstance(e, ToolEvent)] == ["Valid JSON: an array of 300 items."]
    assert fb.history[0].messages[-1].content.startswith(
        f"Is this valid JSON?\n\n[the text: {len(payload):,} characters, left out here; the validate tool read it]")
    list(conv.send("Thanks!"))
    assert payload in fb.history[1].messages[-3].content  # later turns see the message as it was sent


def test_a_short_follow_up_goes_to_the_same_tool(store: Store) -> None:
    fb = FakeBackend(["It is 5e884898… .", "And that one is …"], name="m")
    conv = _conv(store, fb)
    list(conv.send("What's the SHA-256 of 'password'?"))
    follow = [e for e in conv.send("And md5?") if isinstance(e, ToolEvent)]
    assert [(e.name, dict(e.arguments)) for e in follow] == [("encode", {"action": "md5", "text": "password"})]
    assert follow[0].text.endswith("is 5f4dcc3b5aa765d61d8327deb882cf99")


def test_a_schedule_goes_to_the_cron_tool_and_one_the_model_writes_is_said_in_words(store: Store) -> None:
    fb = FakeBackend(["It runs every hour.", "Use `0 9 * * 1-5`.", "Use `30 9 * * 1-5`."], name="m")
    conv = _conv(store, fb)
    events = list(conv.send("When does '0 */6 * * *' run?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "cron"
    assert tool.text == ("0 */6 * * *: every 6 hours. Next run (UTC): Saturday 5 December 2026, 12:00; then Saturday 5 "
                         "December 2026, 18:00 and Sunday 6 December 2026, 00:00.")
    # A schedule in words the tool writes ("every weekday at 9:30am": the 1.5B answered `0 9 * * 1-5`, at 09:00); an
    # answer without the tool's expression gets a note
    events = list(conv.send("What cron expression runs every weekday at 9:30am?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert dict(tool.arguments) == {"schedule": "every weekday at 9:30am"} and "30 9 * * 1-5" in tool.text
    notes = [e.text for e in events if isinstance(e, Notice)]
    assert len(notes) == 1 and notes[0].startswith("the answer does not give what the cron tool worked out exactly")
    # one the tool does not write is the model's, and what its expression means is said
    notes = [e.text for e in conv.send("And what cron expression runs during business hours on weekdays?")
             if isinstance(e, Notice)]
    assert len(notes) == 1 and "30 9 * * 1-5, runs at 09:30, Monday through Friday" in notes[0]
    fb2 = FakeBackend(["Use `0 9 * * 1-5`."], name="m")
    off = [e for e in _conv(store, fb2, ["math"]).send("What cron expression runs every weekday at 9:30am?")
           if isinstance(e, Notice)]
    assert not off  # without the cron tool, no schedule is read


def test_without_the_tool_the_model_answers_alone(store: Store) -> None:
    fb = FakeBackend(["Yes."], name="m")
    events = list(_conv(store, fb, ["math"]).send('Is this valid JSON: {"a": 1,}'))
    assert not [e for e in events if isinstance(e, (ToolEvent, Notice))]
    assert "validate" not in fb.history[0].messages[-1].content


def test_a_tool_that_cannot_answer_an_exact_question_says_why_to_the_model_and_the_user(store: Store) -> None:
    """Before, the exact step fell back silently and the 1.5B made up the claims of a token PyJWT refused."""
    fb = FakeBackend(["It cannot be decoded: its payload is not JSON."], name="m")
    events = list(_conv(store, fb).send("Decode this JWT: eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2ln"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert not tool.ok and not tool.by_model and tool.text.startswith("error: encode: ")
    assert "its payload does not decode to a JSON object (base64url)" in tool.text
    assert fb.history[0].messages[-1].content.endswith(
        f"The encode tool could not work it out: {tool.text.removeprefix('error: ')}")
    assert not [e for e in events if isinstance(e, Notice)]


def test_a_tool_for_exact_steps_only_answers_a_plain_question_and_is_never_offered_to_the_model(store: Store) -> None:
    profile = parse_profile({"system_prompt": "Review code.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["code", "math"], "exact": ["encode", "version"], "auto": "on"}},
                            "test", name="dev-like")
    fb = FakeBackend(["It is 5f4dcc3b5aa765d61d8327deb882cf99.", '{"name": "none"}', "Looks fine."], name="m")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))
    events = list(conv.send("What's the md5 of 'password'?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "encode" and tool.ok and not tool.by_model
    list(conv.send("Is this loop right? for i in range(10): print(i)"))  # not plain: the model decides
    for request in fb.history:
        system = request.messages[0].content
        assert "Encode or decode text exactly" not in system and "Compare software versions" not in system
    assert "Analyse source code" in fb.history[1].messages[0].content  # (the decision offers code and math)
    # The answer to an exact step is in words, without the tools' instructions: with them (code and math on offer,
    # the version tool's result given) the 1.5B answered by repeating the question, 3 times of 3.
    assert "You can call tools" not in fb.history[0].messages[0].content
    # ... told to answer from the result: with no word, the dev prompt had the 1.5B write code for 14 of 22
    assert fb.history[0].messages[-1].content.endswith(
        "is 5f4dcc3b5aa765d61d8327deb882cf99 (Answer the user's question from this result, in words: it needs no code.)")
    fb2 = FakeBackend(["It is 6."], name="m")
    conv = Conversation(store, lambda ref: fb2, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))
    list(conv.send("What is 2 + 4?"))  # math is on offer: its answer keeps the tools, and no word is added
    assert fb2.history[-1].messages[-1].content.endswith("2 + 4 = 6")
    assert "You can call tools" in fb2.history[-1].messages[0].content


def _cached_conv(store: Store, backend: FakeBackend) -> Conversation:
    """_conv's conversation with a fallback chain that keeps answers of last resort in `store`, as the runtime's."""
    from llorch.orchestra.pool import Pool
    from llorch.resilience.chain import FallbackChain

    conv = _conv(store, backend)
    conv.fallback = FallbackChain(conv.models if isinstance(conv.models, Pool) else Pool(lambda ref: backend), None,
                                  store)
    conv.fallback.profile = "general-like"
    return conv


@pytest.mark.parametrize(("asked", "answer_from", "noted"), [
    ("Make me a random password, 14 characters", lambda drawn: "Here it is: P@ssw0rd123!", True),  # the 1.5B's
    ("Make me a random password, 14 characters", lambda drawn: f"Your password: `{drawn['result'][:-1]}`", True),
    ("Make me a random password, 14 characters", lambda drawn: f"Your new password is `{drawn['result']}`.", False),
    ("Roll three dice", lambda drawn: "You rolled a total of 19.", True),  # (three dice make 3 to 18)
    ("Roll three dice", lambda drawn: f"You rolled {' + '.join(map(str, drawn['rolls']))} = {drawn['total']}.",
     False),
    ("Shuffle these: ant, bee, cat, dog, eel", lambda drawn: "ant, bee, cat, dog, eel", True),
    ("Shuffle these: ant, bee, cat, dog, eel", lambda drawn: ", ".join(drawn["result"]), False),
])
def test_a_draw_is_the_tools_and_an_answer_that_does_not_give_it_as_drawn_gets_a_note(
        store: Store, monkeypatch: pytest.MonkeyPatch, asked: str, answer_from: Any, noted: bool) -> None:
    """What is drawn comes from the tool (a seeded source here), and is never saved as the answer of last resort:
    another time the same request is another draw."""
    import random

    from llorch.resilience.chain import normalise_prompt
    from llorch.tools import chance
    from llorch.tools.chance import draw, random_asked

    monkeypatch.setattr(chance.secrets, "SystemRandom", lambda: random.Random(11))
    args = random_asked(asked)
    assert args is not None
    drawn, _ = draw(args["action"], args, random.Random(11))
    assert drawn["action"] != "shuffle" or drawn["result"] != ["ant", "bee", "cat", "dog", "eel"]  # (it did shuffle)
    fb = FakeBackend([answer_from(drawn)] * 2, name="m")  # (the same answer again when asked again)
    events = list(_cached_conv(store, fb).send(asked))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "random" and tool.ok and not tool.by_model
    assert [e.text for e in events if isinstance(e, Notice)] == (
        [f"the answer does not give what the random tool worked out exactly: {tool.text}"] if noted else [])
    assert store.cached_answer("general-like", normalise_prompt(asked)) is None


def test_an_answer_to_an_ordinary_question_is_kept_as_the_answer_of_last_resort(store: Store) -> None:
    """(The other side of the test above: the cache does keep answers, so its None there means something.)"""
    from llorch.resilience.chain import normalise_prompt

    fb = FakeBackend(["Paris."], name="m")
    list(_cached_conv(store, fb).send("What is the capital of France?"))
    assert store.cached_answer("general-like", normalise_prompt("What is the capital of France?")) is not None


@pytest.mark.parametrize(("answer", "noted"), [
    # the 1.5B's, before the tool: `tags` moved into `server`
    ('Here is the JSON:\n```json\n{"server": {"host": "example.org", "port": 8443, "tags": ["a", "b"]}}\n```', True),
    ('```json\n{"server": {"host": "example.org", "port": 8443}, "tags": ["a", "b"]}\n```', False),  # spaced its way
    ('{"server": {"host": "example.org", "port": 8443}, "tags": ["a", "b"]}', True),  # no block, not as written
    ("The tool converted it for you.", True),
])
def test_a_converted_text_is_the_tools_and_an_answer_with_other_data_gets_a_note(store: Store, answer: str,
                                                                                 noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb).send("Convert this YAML to JSON:\n\nserver:\n  host: example.org\n  port: 8443\n"
                                        "tags: [a, b]"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "convert" and '"tags": [' in tool.text
    # (told only the result, the 1.5B answered "The JSON has been successfully converted to YAML." and no more)
    assert fb.history[0].messages[-1].content.endswith("(Give the user this result as it is, in its code block.)")
    assert [e.text for e in events if isinstance(e, Notice)] == (
        [f"the answer does not give the data as the convert tool wrote it: {tool.text}"] if noted else [])


def test_a_conversion_for_a_profile_that_only_asks_it_is_given_as_it_is_not_in_words(store: Store) -> None:
    """(tools.exact: the model is told to answer "in words: it needs no code" after other tools' results; a
    conversion's result is the answer itself)"""
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math"], "exact": ["convert"], "auto": "off"}}, "test",
                            name="dev-like")
    fb = FakeBackend(["```yaml\na: 1\n```"], name="m")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))
    events = list(conv.send('json to yaml: {"a": 1}'))
    assert [e.name for e in events if isinstance(e, ToolEvent)] == ["convert"]
    told = fb.history[-1].messages[-1].content
    assert told.endswith("(Give the user this result as it is, in its code block.)") and "in words" not in told
    assert not [e for e in events if isinstance(e, Notice)]


@pytest.mark.parametrize(("asked", "answer"), [
    ("ECONNRESET meaning?", "The connection was reset by the peer: the other side closed it abruptly."),  # a paraphrase
    ("What does HTTP 503 mean?", "The server is unavailable for now: overloaded or in maintenance."),
    ("What is SIGHUP?", "The hang-up signal: sent when the terminal closes."),
])
def test_a_codes_meaning_in_the_answers_own_words_gets_no_note(store: Store, asked: str, answer: str) -> None:
    """(the phrase of an errno or HTTP status is worded many ways: checked, it gave false notes on fresh questions)"""
    events = list(_conv(store, FakeBackend([answer], name="m")).send(asked))
    assert [e.name for e in events if isinstance(e, ToolEvent)] == ["codes"]
    assert not [e for e in events if isinstance(e, Notice)]


@pytest.mark.parametrize(("answer", "noted"), [
    ("There are 26 working days in December 2026.", True),  # the 1.5B's, before
    ("23 working days (Monday to Friday).", False),
    ("There are 30 days between them.", True),  # the days, not the working days asked
])
def test_the_working_days_asked_are_the_weekdays_the_calendar_counts(store: Store, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb, ["calendar"]).send(
        "How many working days are there between 1 December 2026 and 31 December 2026?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "calendar" and ": 23 weekdays (" in tool.text  # said first: the working days were asked
    assert bool([e for e in events if isinstance(e, Notice)]) is noted


def test_a_conversion_too_long_for_an_answer_is_said_with_the_command_that_prints_it(store: Store) -> None:
    """(no model retypes a 50 KB file, and its context may not hold it; the text itself is read whole by the tool)"""
    import json

    big = json.dumps([{"id": k, "name": f"user{k}", "tags": ["a", "b"]} for k in range(400)])
    fb = FakeBackend(["It is too long to show here; run llorch tool convert."], name="m")
    events = list(_conv(store, fb).send("Convert this JSON to YAML:\n\n" + big))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "convert" and not tool.ok
    assert tool.text.startswith("error: the result is ") and "`llorch tool convert …` prints it whole" in tool.text
    told = fb.history[-1].messages[-1].content
    assert "The convert tool could not work it out: the result is " in told and big not in told
