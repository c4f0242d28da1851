"""The second look at a tool decision: a call's arguments come from the conversation, and a client's
write function answers only a request for a change. The examples are the 1.5B's own decisions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from llorch.tools.grounding import grounded, stated_numbers, unrepeated, weekday_dates, writes

CITY = {"type": "object", "properties": {"city": {"type": "string"},
                                         "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}}


@pytest.mark.parametrize("arguments, said", [
    ({"city": "Earth"}, "Which planet is closest to the sun?"),
    ({"city": "Sydney"}, "What's the capital of Australia?"),
    ({"expression": "1813 - 1812"}, "Who wrote Pride and Prejudice?"),
    ({"expression": "2024 % 4 == 0"}, "How many days are there in a leap year?"),
    ({"title": "Meeting with John", "date": "tomorrow 10am", "time": "10:30"}, "What makes a good subject line for an email?"),
    ({"city": "Paris", "unit": "celsius"}, "What should I pack for a beach holiday?"),  # the enum does not ground it
    ({"expression": "10 + 5"}, "Summarise Hamlet in two sentences."),  # a spelt number grounds its own value only
    ({"expression": "365 / 7"}, "Name three things to do on a rainy day."),
    ({"admins": "root", "minutes": 5}, "Tell me a joke."),  # a length of time is a key's word, not its letters
])
def test_calls_from_nowhere_are_not_grounded(arguments: dict[str, Any], said: str) -> None:
    assert not grounded(arguments, said, CITY)


@pytest.mark.parametrize("arguments, said", [
    ({"city": "Lisbon"}, "Is it raining in Lisbon right now?"),
    ({"city": "cape town", "unit": "fahrenheit"}, "Is it sunny in Cape Town?"),
    ({"expression": "0.075 * 18240"}, "Calculate 7.5% of 18,240."),  # a thousands separator
    ({"expression": "12 * 12"}, "What is twelve times twelve?"),  # numbers in words
    ({"expression": "0.15 * 80"}, "What's fifteen percent of eighty?"),
    ({"expression": "25 * 4"}, "Twenty-five boxes of four: how many in all?"),
    ({"amount": 3400, "from_currency": "EUR"}, "Convert three thousand four hundred euros to pounds."),
    ({"amount": 250.0, "from_currency": "USD", "to_currency": "JPY"}, "How many yen is 250 US dollars?"),
    ({"query": "conference hotel"}, "What did I note about the conference hotel?"),
    ({"query": "garden fences"}, "Find my notes about the garden fence."),  # a plural
    ({"title": "Dinner with Leo", "date": "2026-12-05", "time": "20:00"}, "Dinner with Leo on Saturday at 20:00"),
])
def test_calls_that_take_the_users_words_are_grounded(arguments: dict[str, Any], said: str) -> None:
    assert grounded(arguments, said, CITY)


@pytest.mark.parametrize("arguments", [
    {},
    {"unit": "celsius"},  # only what the schema fixes
    {"action": "list", "from": "2030-01-01", "to": "2030-01-08"},  # dates worked out from "next week"
    {"when": "next monday 9am"},
    {"action": "list", "duration": 45},  # a length of time: "three quarters of an hour" worked out
])
def test_a_call_with_nothing_to_judge_stands(arguments: dict[str, Any]) -> None:
    schema = {"properties": {"unit": {"enum": ["celsius"]}, "action": {"enum": ["list", "add"]}}}
    assert grounded(arguments, "What's on my calendar next week?", schema)


CALENDAR = {"type": "object", "required": ["action"],
            "properties": {"action": {"enum": ["add", "list", "free", "remove"]}, "uid": {"type": "string"},
                           "date": {"type": "string"}, "duration": {"type": "integer"}}}


def test_an_enum_value_in_the_request_grounds_the_call_whatever_else_the_model_added() -> None:
    """The 0.5B's right answer to "When am I free tomorrow for one hour?" carries a uid it made up;
    "free" is the user's word, so the call stands (a spelt "one" no longer grounds any number)."""
    call = {"action": "free", "date": "tomorrow", "duration": 60, "uid": "1234567890"}
    assert grounded(call, "When am I free tomorrow for one hour?", CALENDAR)
    assert not grounded(call | {"action": "remove"}, "When am I free tomorrow for one hour?", CALENDAR)


def test_a_further_call_must_take_something_of_the_request_the_calls_before_did_not() -> None:
    said = "What's the weather in Paris and in Rome?"
    assert grounded({"city": "Rome"}, said, CITY, besides=[{"city": "Paris"}])
    assert not grounded({"city": "Paris", "unit": "celsius"}, said, CITY, besides=[{"city": "Paris"}])
    # the 0.5B's second call on calculate's result: the result is not the request
    assert not grounded({"expression": "1817517 / 1"}, "What's 4821 times 377?", besides=[{"expression": "4821 * 377"}])


@pytest.mark.parametrize("name, changes", [
    ("create_event", True), ("send_email", True), ("sendEmail", True), ("calendar.add", True),
    ("notes.write_note", True), ("delete-file", True), ("BookFlight", True),
    ("get_weather", False), ("calculate", False), ("convert_currency", False), ("search_notes", False),
    ("listEvents", False), ("calendar.list", False),
])
def test_write_functions_are_told_by_their_names_first_verb(name: str, changes: bool) -> None:
    assert writes(name) is changes


FRIDAY = date(2026, 12, 4)


@pytest.mark.parametrize("said, given, fixed", [
    ("Dinner with Leo on Saturday at 20:00 - put it in my calendar.", "2026-12-06", "2026-12-05"),  # the 1.5B's
    ("Please schedule a haircut on Wednesday at 11:00.", "2026-12-03", "2026-12-09"),  # the 1.5B's: a Thursday, past
    ("Book the gym for Wednesday", "2026-12-03T18:00", "2026-12-09T18:00"),
    ("Lunch on Friday", "2026-12-05", "2026-12-04"),  # today is that day
    ("Put the review on next Friday", "2026-12-05", "2026-12-11"),
    ("Lunch on Saturday", "2026-12-05", "2026-12-05"),  # right already
    ("Move it from Friday to Monday", "2026-12-09", "2026-12-09"),  # two days named: not ours to guess
    ("What was on last Monday?", "2026-12-02", "2026-12-02"),
    ("Standup on mondays", "2026-12-09", "2026-12-09"),
    ("Lunch on Saturday", "saturday 1pm", "saturday 1pm"),  # the user's words: the tool reads them
])
def test_dates_land_on_the_weekday_the_user_named(said: str, given: str, fixed: str) -> None:
    assert weekday_dates({"title": "x", "when": given, "n": 3}, said, FRIDAY) == {"title": "x", "when": fixed, "n": 3}


def test_a_sentence_whose_number_the_source_lacks_is_left_out() -> None:
    source = ("In week 12 the design team met. The access code of project Birch is 1746. Costs rose by 1,200 dollars, "
              "or 3.5 percent, over twenty weeks.")
    answer = ("The design team met in week 12. Costs rose by 1200 dollars (3.5%) in 20 weeks, see parts 1,2,3. Codes:\n"
              "\n"
              "- Birch: 1,746\n"
              "- Design: 2358\n"
              "12. Legal: 5681\n"
              "The total is 99 items. Nothing else stood out.")
    kept, dropped = stated_numbers(answer, source)
    assert kept == ("The design team met in week 12. Costs rose by 1200 dollars (3.5%) in 20 weeks, see parts 1,2,3. "
                    "Codes:\n\n- Birch: 1,746\nNothing else stood out.")
    assert dropped == ["Design: 2358", "Legal: 5681", "The total is 99 items."]
    assert stated_numbers("Nothing here has a number.", "") == ("Nothing here has a number.", [])
    listed = "The access codes are Birch: 1746, Legal: 2478; Research: 3590. Costs rose by 99 dollars, in the end."
    assert stated_numbers(listed, source) == ("The access codes are Birch: 1746.",  # a list's own items
                                              ["Legal: 2478", "Research: 3590", "Costs rose by 99 dollars, in the end."])


# Asked for a 100k-token report's access codes, the 1.5B listed its week numbers as codes: every one is in the
# source. Each case: source, answer, what is kept, what is left out.
RELABELLED = {
    "counted, unless the source lists it so": (
        "In week 136, the logistics team met. In week 137 the sales team met. In week 138 and in week 139 nothing "
        "stood out. The access code of project Cedar is 1365. Rooms 101, 102 and 103 are booked.",
        "- Cedar: 1365\n- Logistics: 136, 137, 138, 139\n- Sales: 137\nThe codes are Cedar: 1365, Sales: 136, 137, "
        "138.\nRooms 101, 102, 103 are booked. Nothing stood out in weeks 138 and 139.",
        "- Cedar: 1365\nThe codes are Cedar: 1365.\nRooms 101, 102, 103 are booked. Nothing stood out in weeks 138 "
        "and 139.",
        ["Logistics: 136, 137, 138, 139", "Sales: 137", "Sales: 136", "137", "138"]),  # "Sales: 137": a week's
    "counted in ones, unless the source lists it so": (
        "The finance team met. The access code of project Elm is 5110. Steps 3, 4, 5, 6 and 7 are done.",
        "- Finance team - 1, 2, 3, 4, 5, 6, 7, 8, 9\n- Elm: 5110\nSee parts 1, 2, 3 and 4.\nSteps 3, 4, 5, 6 and 7 are "
        "done.\nThe plan: 1) hire, 2) train, 3) audit, 4) review, 5) report.",
        "- Elm: 5110\nSee parts 1, 2, 3 and 4.\nSteps 3, 4, 5, 6 and 7 are done.\nThe plan: 1) hire, 2) train, 3) "
        "audit, 4) review, 5) report.",
        ["Finance team - 1, 2, 3, 4, 5, 6, 7, 8, 9"]),
    "of something else (an item without words goes with the one before)": (
        "In week 864, the design team reviewed the hiring plan. In week 865 the research team met; costs rose by "
        "1,200 dollars. The access code of project Ivy is 8478.\nSales: 40 units, 55 returns",
        "- research: 864\n- Design: 864\n- Finance: 865, 8478\n- Ivy: 8478\nThe codes are Research: 864 and Ivy: "
        "8478.\nCosts rose by 1200 in week 865. Sales: 40, 55.",
        "- Design: 864\n- Ivy: 8478\nIvy: 8478.\nCosts rose by 1200 in week 865. Sales: 40, 55.",
        ["research: 864", "Finance: 865, 8478", "The codes are Research: 864"]),
    "an item of a longer sentence is judged by the sentence's words": (
        "Revenue was $4,210 million, up 12% from last year.",
        "The company reported revenue of $4,210 million, a 12% increase.",
        "The company reported revenue of $4,210 million, a 12% increase.",
        []),
    "of a series the source names, without the name": (  # a word before three numbers or more names a series
        "In week 599, the sales team met. In week 602, the sales team met. In week 604 the design team met. The "
        "access code of project Fir is 4623. Costs rose 12 percent. Costs rose 15 percent.",
        "- Sales team: 599, 602\n- Fir: 4623\nThe sales team met in weeks 599 and 602.\nCosts rose by 12 and 15 "
        "percent.",
        "- Fir: 4623\nThe sales team met in weeks 599 and 602.\nCosts rose by 12 and 15 percent.",
        ["Sales team: 599, 602"]),
    "a count after a verb, said again in other words": (  # ("buy" read as a series' name: the right answer
        # was dropped from every part's note, and the final answer was empty)
        "The Alpha team met on day 1 and decided to buy 11 new chairs. The Beta team met on day 9 and decided to "
        "buy 67 new chairs. The Alpha team met on day 17 and decided to buy 123 new chairs.",
        "The Alpha team bought 11 new chairs.\n- Chairs: 67",
        "The Alpha team bought 11 new chairs.",
        ["Chairs: 67"]),  # (a bare "name: number" item is still judged by the series' word)
    "a loop of lines counting, unless the source lists them so": (  # 15 such lines reached a combined answer
        "In week 167, the sales team met. They found that nothing urgent stood out, and agreed to look again next "
        "month. In week 168, the legal team met. They found that nothing urgent stood out, and agreed to look again "
        "next month. In week 169, the sales team met. The access code of project Fir is 4623.\nDone: 10 11 "
        "12\n- Step 10: done\n- Step 11: done\n- Step 12: done",
        "Summary:\n- Week 167: Review completed\n- Week 168: Review completed\n10. Week 169: Review completed\n"
        "- Fir: 4623\n- Step 10: done\n- Step 11: done\n- Step 12: done\n- Week 168: the legal team met",
        "Summary:\n- Fir: 4623\n- Step 10: done\n- Step 11: done\n- Step 12: done\n- Week 168: the legal team met",
        ["- Week 167: Review completed", "- Week 168: Review completed", "10. Week 169: Review completed"]),
    "keyed by a digit that the source gives beside none of the item's words": (  # made up from no exit codes
        "Node.js exits with code `1` on an Uncaught Fatal Exception. Code `3` is an Internal JavaScript Parse "
        "Error, version 3.5.\nThe steps:\n1. Install the package.\n2. Run it.",
        "- 1: Uncaught fatal exception\n- **3**: Internal JavaScript parse error\n- 4: File not found\n"
        "- 2: General error\n- 1: Install the package\n* `2` - Run the tool\n- **5**: Parse error\n"
        "1. Configuration error\nThere are 3 steps: install, run, check.",
        "- 1: Uncaught fatal exception\n- **3**: Internal JavaScript parse error\n- 1: Install the package\n"
        "* `2` - Run the tool\n1. Configuration error\nThere are 3 steps: install, run, check.",
        ["- 4: File not found", "- 2: General error", "- **5**: Parse error"]),  # ("3.5" is no "5")
    "keyed by a name in code that the source never writes, with what it says below it": (  # Node's dns.md
        "* `dns.NODATA`: DNS server returned an answer with no data.\n* `dns.FORMERR`: DNS server claims query was "
        "misformatted.\nThrows ERR_INVALID_ARG_TYPE on a bad argument. Emits `'close'`; see socket.pause().\n"
        "* `zlib.constants.Z_SYNC_FLUSH`",
        "Error codes:\n\n1. **EAI_AGAIN**: A temporary failure.\n   - The server may be down.\n2. **dns.NODATA**: No "
        "data.\n   - An empty answer.\n- `ERR_DNS_NOT_RESOLVED`: Not resolved.\n- **`ERR_INVALID_ARG_TYPE`:** Bad "
        "argument.\n- **EAI_BADF** (40)\n   - Bad descriptor.\n- `'close'`: Emitted on close.\n- `'drop'`: Emitted "
        "on a drop.\n- `socket.pause()`: Emitted on a pause.\n- `socket.data()`: Emitted on data.\n- `zlib.Z_SYNC_FLUSH`: "
        "Flush.\n- `zlib.Z_MADE_UP`: Made up.\nDone.",
        "Error codes:\n\n2. **dns.NODATA**: No data.\n   - An empty answer.\n- **`ERR_INVALID_ARG_TYPE`:** Bad "
        "argument.\n- `'close'`: Emitted on close.\n- `'drop'`: Emitted on a drop.\n- `socket.pause()`: Emitted on a "
        "pause.\n- `zlib.Z_SYNC_FLUSH`: Flush.\nDone.",  # ("drop": a plain word, not judged; Z_SYNC_FLUSH: the source's)
        ["1. **EAI_AGAIN**: A temporary failure.", "- `ERR_DNS_NOT_RESOLVED`: Not resolved.", "- **EAI_BADF** (40)",
         "- `socket.data()`: Emitted on data.", "- `zlib.Z_MADE_UP`: Made up."]),
    "a common word names no series": (
        "She does 12 laps. She does 15 laps. She does 18 laps.",
        "- Laps: 12, then 15",
        "- Laps: 12, then 15",
        []),
}


@pytest.mark.parametrize("source,answer,kept,dropped", RELABELLED.values(), ids=list(RELABELLED))
def test_a_number_the_source_gives_as_something_else_is_left_out(source: str, answer: str, kept: str,
                                                                   dropped: list[str]) -> None:
    assert stated_numbers(answer, source) == (kept, dropped)


def test_unrepeated_leaves_out_what_an_earlier_sentence_said_and_keeps_what_adds_a_number() -> None:
    first = ("The report summarizes the progress of various teams in a company, including logistics and design.\n\n"
             "- Alice: travel budget\n- Ivy: 8478\nPart 1 was read.")
    second = ("The report summarizes the weekly progress of various teams in the company, including design and sales."
              "\n\n- Ivy: 8478\n- Bob: travel budget\n\n\n- Hazel: 4531\nPart 5 was read.\n"
              "The report summarizes the progress of teams, and the code of Juniper is 4677.\n"
              "Sales fell in the north region while costs went up.")
    assert unrepeated([first, second]) == [
        first,
        "- Bob: travel budget\n\n- Hazel: 4531\nPart 5 was read.\n"
        "The report summarizes the progress of teams, and the code of Juniper is 4677.\n"  # a number of its own
        "Sales fell in the north region while costs went up."]
    assert unrepeated(["A b c.", ""]) == ["A b c.", ""]


SOURCE = "In week 874, the research team met. In week 875, the sales team met. Rooms 12, 13, 14, 15, 16 and 17 were free."


@pytest.mark.parametrize("text, counts", [
    ("The codes: research: 874, 875, 876, 877, 878, 879", True),  # six, one more each time
    ("The codes: research: 874, 875, 876, 877, 878", False),  # five: not yet
    ("- Week 167: Review completed\n- Week 168: Review completed\n- Week 169: Review completed\n"
     "- Week 170: Review completed\n- Week 171: Review completed\n- Week 172: Review completed", True),  # lines
    ("research: 874, 875, 876, 877, 878, 879, and the code is 4417", False),  # it stopped counting
    ("research: 874, 875, 876, 877, 878, 87", False),  # a number half written
    ("rooms 12, 13, 14, 15, 16, 17", False),  # the source lists them so itself
    ("codes 4401, 4403, 4405, 4407, 4409, 4411", False),  # not one more each time
    ("Alder: 2823\nBirch: 9871", False),
])
def test_an_answer_that_has_begun_to_count_is_told(text: str, counts: bool) -> None:
    from llorch.tools.grounding import counting

    assert counting(text, SOURCE) is counts


@pytest.mark.parametrize("text, kept", [
    ("Part 1 has no code. Weeks: 874, 875, 876, 877, 878, 879", "Part 1 has no code. "),  # the sentence it began
    ("Summary.\n- Alder: 5010\n- Week 80: Facilities team\n- Week 81: Research team\n- Week 82: Design team\n"
     "- Week 83: Finance team\n- Week 84: Support team\n- Week 85", "Summary.\n- Alder: 5010\n"),  # its lines
    ("Codes: 5010. Weeks 870, 871, 872, 873, 874, 875, 876, 877", "Codes: 5010. "),  # from where it began
    ("874, 875, 876, 877, 878, 879", ""),
    ("The codes: research: 874, 875, 876, 877, 878", None),  # no count yet
])
def test_an_answer_that_counts_is_cut_where_the_count_began(text: str, kept: str | None) -> None:
    from llorch.tools.grounding import counted_from

    at = counted_from(text, SOURCE)
    assert (text[:at] if at is not None else None) == kept


WEEKLY = ("In week 101, the sales team met. In week 102, the research team met. The access code of project Alder is "
          "5010. In week 103 the finance team met. Room 12 was booked. Revenue was 4,210 dollars in week 103.")


@pytest.mark.parametrize("line, asked, other", [
    ("- Week 101: Sales", "List each project's access code.", True),  # the weeks, for the codes
    ("Week 102", "List each project's access code.", True),
    ("The access code for the project in week 103 is not provided.", "List every access code.", True),
    ("- Alder: 5010", "List each project's access code.", False),
    ("- 5010", "List each project's access code.", False),
    ("- Week 101: Sales", "List the week each team met and its code.", False),  # asked for weeks
    ("- Sales: 101", "List each project's access code.", False),  # no series named: stated_numbers' to judge
    ("Week 103: revenue 4,210 dollars", "Give every figure.", False),  # a number of its own besides the week
    ("Room 12", "List each project's access code.", False),  # one room: no series
    ("Nothing here.", "List each project's access code.", False),
])
def test_a_line_that_gives_only_numbers_of_a_series_not_asked_for_is_told(line: str, asked: str, other: bool) -> None:
    from llorch.tools.grounding import of_series

    assert of_series(line, WEEKLY, asked) is other
