"""The model calls tools: a grammar-constrained decision, the call, the result fed back, a step limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, ToolEvent, TurnDone
from llorch.engine.types import TokenEvent
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import parse_profile
from llorch.profiles.schema import Profile
from llorch.store.db import Store
from llorch.tools.calls import ToolBox, call_schema, parse_call
from llorch.tools.consent import Consent
from llorch.tools.registry import ToolRegistry


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


def _profile(auto: str = "on", steps: int = 3) -> Profile:
    return parse_profile(
        {"system_prompt": "Be exact.", "models": {"chat": ["m"]},
         "tools": {"enabled": ["math"], "auto": auto, "max_steps": steps}},
        "test", name="calc",
    )


def _conv(store: Store, backend: FakeBackend, profile: Profile) -> Conversation:
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile, toolbox=ToolBox(resolve_paths()))


def _on_saturday(store: Store, backend: FakeBackend, enabled: list[str]) -> Conversation:
    """A conversation under a general-like profile enabling `enabled`; its clock says Saturday 5 December 2026."""
    from datetime import datetime, timezone

    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": enabled, "auto": "off"}}, "test", name="general-like")
    return Conversation(store, lambda ref: backend, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)))


def test_the_model_calls_a_tool_and_answers_with_its_result(store: Store) -> None:
    fb = FakeBackend([
        '{"name": "math", "arguments": {"expression": "2^100 / 3"}}',
        '{"name": "none"}',
        "It is 1267650600228229401496703205376/3.",
    ], name="m")
    conv = _conv(store, fb, _profile())
    events = list(conv.send("what is 2^100 / 3 in total?"))
    tools = [e for e in events if isinstance(e, ToolEvent)]
    assert len(tools) == 1 and tools[0].name == "math" and tools[0].ok
    assert "1267650600228229401496703205376/3" in tools[0].text
    done = events[-1]
    assert isinstance(done, TurnDone) and done.status == "complete"
    # Two decisions under the call grammar, then the free answer without it.
    assert [r.grammar_schema is not None for r in fb.history] == [True, True, False]
    assert json.loads(fb.history[0].grammar_schema or "") == call_schema([ToolRegistry().get("math")])
    assert fb.history[0].sampling.temperature == 0.0
    final = fb.history[2].messages
    assert "\n- math: " in final[0].content and "\n    expression: string — " in final[0].content
    assert final[0].content.startswith("Be exact.") and "It is now " in final[0].content
    assert final[-2].role == "assistant" and json.loads(final[-2].content)["name"] == "math"
    assert final[-1].role == "user" and final[-1].content.startswith("[tool result] math: 2^100 / 3 =")
    # Recorded in the session: the question, the tool call, the answer.
    stored = store.messages(conv.session_id)
    assert [m.role for m in stored] == ["user", "tool", "assistant"]
    meta = json.loads(stored[1].meta)
    assert meta["name"] == "math" and meta["arguments"] == {"expression": "2^100 / 3"} and meta["by_model"]


def test_a_tool_error_is_fed_back_not_raised(store: Store) -> None:
    fb = FakeBackend(['{"name": "math", "arguments": {"expression": "1/0"}}', '{"name": "none"}', "Cannot divide by zero."], name="m")
    events = list(_conv(store, fb, _profile()).send("1/0?"))
    tool = next(e for e in events if isinstance(e, ToolEvent))
    assert not tool.ok and "division by zero" in tool.text
    assert "[tool result] math: error:" in fb.history[2].messages[-1].content
    assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"


def _call(expression: str) -> str:
    return json.dumps({"name": "math", "arguments": {"expression": expression}})


def test_the_step_limit_stops_a_model_that_keeps_calling(store: Store) -> None:
    fb = FakeBackend([_call("1+1"), _call("2+2"), _call("3+3"), "done"], name="m")
    events = list(_conv(store, fb, _profile(steps=2)).send("loop from 1"))
    assert sum(isinstance(e, ToolEvent) for e in events) == 2
    assert any(isinstance(e, Notice) and "stopped after 2 tool calls" in e.text for e in events)
    # The third scripted reply is the answer: a tool call in JSON, which the user never sees.
    assert isinstance(events[-1], TurnDone) and events[-1].text == "1+1 = 2\n\n2+2 = 4"


def test_the_same_call_twice_runs_once_and_the_answer_is_words_not_json(store: Store, tmp_path: Path) -> None:
    """The instruct starter put one dentist appointment in the calendar three times, then
    printed a fourth call's JSON as its answer."""
    call = _call("6*7")
    fb = FakeBackend([call, call, call], name="m")
    conv = _conv(store, fb, _profile())
    events = list(conv.send("what is 6*7 in total?"))
    assert [e.arguments for e in events if isinstance(e, ToolEvent)] == [{"expression": "6*7"}]  # once
    shown = "".join(e.text for e in events if isinstance(e, TokenEvent))
    done = events[-1]
    assert isinstance(done, TurnDone) and shown == done.text == "6*7 = 42"
    assert done.completion is not None and done.completion.text == done.text
    assert store.messages(conv.session_id)[-1].content == "6*7 = 42"


def test_an_answer_that_only_starts_like_json_is_shown_whole(store: Store) -> None:
    fb = FakeBackend(['{"name": "none"}', '{ "a": 1 } is a JSON object'], name="m")
    events = list(_conv(store, fb, _profile()).send("show me JSON"))
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == '{ "a": 1 } is a JSON object'


def test_tool_results_use_the_templates_tool_role_when_it_has_one(store: Store) -> None:
    template = '{% for m in messages %}{% if m.role == "tool" %}<tool_response>{{ m.content }}{% endif %}{% endfor %}'
    fb = FakeBackend([_call("1+1"), '{"name": "none"}', "two"], name="m", chat_template=template)
    list(_conv(store, fb, _profile()).send("1+1 in total?"))
    final = fb.history[-1].messages
    assert final[-2].role == "assistant" and final[-1].role == "tool" and final[-1].content == "1+1 = 2"


def test_malformed_decisions_and_disallowed_tools_are_handled(store: Store) -> None:
    fb = FakeBackend(["not json", "the answer"], name="m")
    events = list(_conv(store, fb, _profile()).send("hi"))
    assert any(isinstance(e, Notice) and "not JSON" in e.text for e in events)
    assert isinstance(events[-1], TurnDone) and events[-1].text == "the answer"
    fb = FakeBackend(['{"name": "code", "arguments": {"path": "."}}', '{"name": "none"}', "ok"], name="m")
    events = list(_conv(store, fb, _profile()).send("hi"))
    tool = next(e for e in events if isinstance(e, ToolEvent))
    assert not tool.ok and "not enabled in profile 'calc'" in tool.text


def test_auto_tools_skip_base_models_and_profiles_that_turn_them_off(store: Store) -> None:
    base = FakeBackend(["plain answer"], name="m", is_base_model=True)
    list(_conv(store, base, _profile(auto="auto")).send("hi"))
    assert [r.grammar_schema for r in base.history] == [None]
    off = FakeBackend(["plain answer"], name="m")
    list(_conv(store, off, _profile(auto="off")).send("hi"))
    assert len(off.history) == 1 and "You can call tools" not in off.history[0].messages[0].content


def test_user_tool_calls_are_recorded_and_seen_by_the_next_answer(store: Store) -> None:
    fb = FakeBackend(['{"name": "none"}', "42 it is"], name="m")
    conv = _conv(store, fb, _profile())
    result = conv.run_tool_words("math", ["6", "*", "7"])
    assert result.text == "6 * 7 = 42"
    list(conv.send("and that was?"))
    messages = fb.history[-1].messages
    # The user's own call is context, joined with the next question so roles still alternate.
    assert messages[-1].role == "user" and "[tool result] math: 6 * 7 = 42" in messages[-1].content
    assert messages[-1].content.endswith("and that was?")
    assert json.loads(store.messages(conv.session_id)[0].meta)["by_model"] is False


def test_parse_call() -> None:
    assert parse_call('{"name": "none"}') is None
    call = parse_call('{"name": "math", "arguments": {"expression": "1"}}')
    assert call is not None and call.name == "math" and call.arguments == {"expression": "1"}
    for bad in ('{"name": 3}', "[1]", '{"name": "math", "arguments": 5}'):
        with pytest.raises(Exception, match="tool call|arguments"):
            parse_call(bad)


@pytest.mark.starter
def test_the_starter_model_decides_under_the_grammar(store: Store, starter_model: Path) -> None:
    """A real GGUF model: the decision must be a valid call (or none) because the grammar allows nothing else."""
    from support import llama_worker

    from llorch.engine.types import EngineOptions, Sampling

    backend = llama_worker(starter_model, EngineOptions(n_ctx=2048, threads=2), name="starter")
    conv = Conversation(
        store, lambda ref: backend, model_ref="starter", profile=_profile(steps=1),
        toolbox=ToolBox(resolve_paths()), sampling=Sampling(max_tokens=8, seed=7),
    )
    try:
        events = list(conv.send("Use the math tool: what is 12 * 34?"))
    finally:
        conv.close()
    notices = [e.text for e in events if isinstance(e, Notice)]
    assert not any(n.startswith("no tool call") for n in notices), notices  # the output parsed as a call
    calls = [e for e in events if isinstance(e, ToolEvent)]
    for call in calls:
        assert call.name == "math" and set(call.arguments) <= {"expression", "precision"}
    assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"
    roles = [m.role for m in store.messages(conv.session_id)]
    assert roles == ["user"] + ["tool"] * len(calls) + ["assistant"]


def test_one_change_per_answer(store: Store, tmp_path: Path) -> None:
    """After a write that worked, the loop ends: a small model tends to make the change again, differently."""
    profile = parse_profile(
        {"models": {"chat": ["m"]}, "tools": {"enabled": ["calendar"], "auto": "on", "max_steps": 4,
                                               "permissions": {"calendar": "write"},
                                               "calendar_file": str(tmp_path / "cal.ics")}},
        "test", name="cal",
    )
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Dentist", "start": "2030-01-02 15:00"}})
    again = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Dentist!", "start": "2030-01-02 16:00"}})
    fb = FakeBackend([add, again, "Booked."], name="m")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), consent=Consent(assume_yes=True)))
    events = list(conv.send("book the dentist on 2 Jan 2030 at 3pm please"))
    assert [e.arguments["title"] for e in events if isinstance(e, ToolEvent)] == ["Dentist"]
    assert (tmp_path / "cal.ics").read_text().count("BEGIN:VEVENT") == 1
    # The next scripted reply, the second call, came as the answer: shown as words instead.
    assert isinstance(events[-1], TurnDone)
    assert events[-1].text.startswith("Added “Dentist” on Wed 2 Jan 2030 15:00–16:00")


@pytest.mark.parametrize("auto", ["off", "on"])
def test_a_plain_arithmetic_question_goes_to_math_before_the_model_answers(store: Store, auto: str) -> None:
    fb = FakeBackend(["2 to the power 40 is 1099511627776."], name="m")
    conv = _conv(store, fb, _profile(auto=auto))
    events = list(conv.send("What is 2 to the power 40? Just the number."))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.by_model) == ("math", {"expression": "2 ** 40"}, False)
    assert tool.text == "2 ** 40 = 1099511627776"
    (request,) = fb.history  # no decision step: the answer comes straight after the tool
    assert request.grammar_schema is None and "2 ** 40 = 1099511627776" in request.messages[-1].content
    done = events[-1]
    assert isinstance(done, TurnDone) and [(s.kind, s.what) for s in done.steps] == [("tool", "math")]


@pytest.mark.parametrize(("answer", "noted"), [("No: 221 is 13 times 17.", False),
                                               ("Yes, 221 is not a prime number.", True),  # a yes to "Is it?"
                                               ("221 isn't prime.", False), ("Yes, 221 is a prime number.", True)])
def test_a_question_of_a_prime_gets_the_factors_and_a_note_if_the_answer_says_otherwise(
        store: Store, answer: str, noted: bool) -> None:
    """The 1.5B said 221 is prime (13 × 17); told it is not, it still began "Yes, 391 is a prime number." once."""
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb, _profile(auto="off")).send("Is 221 a prime number?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (dict(tool.arguments), tool.text) == ({"expression": "isprime(221)"},
                                                 "221 is not a prime number: 221 = 13 × 17")
    assert tool.text in fb.history[0].messages[-1].content
    assert bool([e for e in events if isinstance(e, Notice)]) == noted  # (never for the tool's 0 itself)


@pytest.mark.parametrize(("answer", "noted"), [("255 in binary is 11111111.", False), ("It is 0b11111111.", False),
                                               ("255 in binary is 11111110.", True)])
def test_a_number_in_another_base_is_the_math_tools(store: Store, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb, _profile(auto="off")).send("What is 255 in binary?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (dict(tool.arguments), tool.text) == ({"expression": "bin(255)"}, "255 in binary is 0b11111111")
    assert bool([e for e in events if isinstance(e, Notice)]) == noted


def test_word_problems_and_profiles_without_math_stay_with_the_model(store: Store) -> None:
    from llorch.tools.arithmetic import arithmetic_in

    assert arithmetic_in("How much is 15% of 2,340?") == "15 / 100 * 2340"
    assert arithmetic_in("what's 345 x 678") == "345 * 678"
    assert arithmetic_in("Calculate the square root of 144.") == "sqrt(144)"
    assert arithmetic_in("What is 2 to the 64th power?") == "2 ** 64"  # (the 1.5B: …551,615; it is …551,616)
    assert arithmetic_in("what's 10 to the 3rd power") == "10 ** 3"
    assert arithmetic_in("What's the square root of 3 to 6 decimal places?") == "round(sqrt(3), 6)"
    assert arithmetic_in("Round 2.71828 to 1 decimal place") == "round(2.71828, 1)"
    assert arithmetic_in("Round the total to 2 decimal places") is None  # no number: the model's
    assert arithmetic_in("What is the average of 12, 17, 23 and 41?") == "mean(12, 17, 23, 41)"
    assert arithmetic_in("What's the median of 5, 1, 9") == "median(5, 1, 9)"
    assert arithmetic_in("What is the product of 4, 5 and 6?") == "4 * 5 * 6"
    assert arithmetic_in("Is 221 a prime number?") == "isprime(221)"
    assert arithmetic_in("can you tell me whether 91 is prime?") == "isprime(91)"
    assert arithmetic_in("What is 255 in binary?") == "bin(255)"
    assert arithmetic_in("Convert 0x1F4 to decimal.") == "0x1F4"
    assert arithmetic_in("What is 1011011 in decimal?") == "0b1011011"  # 0s and 1s asked in decimal: binary
    assert arithmetic_in("What is hex 1F4 in decimal?") == "0x1F4"
    # the signs people type, and a few more spelt-out operations (each went to the model before)
    assert arithmetic_in("What is 1,234 × 567? Answer with the number only.") == "1234 * 567"
    assert arithmetic_in("What is 100 ÷ 8?") == "100 / 8"
    assert arithmetic_in("What is 12 − 20?") == "12 - 20"
    assert arithmetic_in("What is the remainder when 100 is divided by 7?") == "100 % 7"
    assert arithmetic_in("What's 17 mod 5?") == "17 % 5"
    assert arithmetic_in("What is the greatest common divisor of 84 and 126?") == "gcd(84, 126)"
    assert arithmetic_in("What is the least common multiple of 6 and 8?") == "lcm(6, 8)"
    assert arithmetic_in("What is the lcm of 14 and 21?") == "lcm(14, 21)"
    assert arithmetic_in("What is three quarters of 96?") == "3 / 4 * 96"
    assert arithmetic_in("What is half of 4,567?") == "1 / 2 * 4567"
    # Roman numerals both ways (the 1.5B read MCMXCIV as 1944); a numeral in capitals, as written
    assert arithmetic_in("What is MCMXCIV in normal numbers?") == "roman(MCMXCIV)"
    assert arithmetic_in("Write 2026 in Roman numerals") == "roman(2026)"
    assert arithmetic_in("What is the Roman numeral for 1987?") == "roman(1987)"
    assert arithmetic_in("What year is MCMLXXXIV?") == "roman(MCMLXXXIV)"
    assert arithmetic_in("What does the roman numeral MMXXVI mean?") == "roman(MMXXVI)"
    assert arithmetic_in("Convert MMXXVI to a number") == "roman(MMXXVI)"
    for text in ("I have 3 apples and eat 2. How many are left?", "What is 1F4 in decimal?", "What is 2 + 2 in Python?",
                 "What is 755 in decimal?",
                 "What is 1/0?", "what is 5", "Write 2 + 2 = 5 in a poem", "12 * 12\n13 * 13",
                 "What is the average of my grades?", "What is the average of 5?", "Is 1000000000039 prime?",
                 "Is 221 a prime number? And 223?", "Is 7 prime in base 3?", "Is 10 – 5 a lot?",
                 "What is on pages 10–20?", "What is half of my salary?", "What does IV mean?", "What does CV mean?",
                 "What is mix in numbers?", "What is 5000 in Roman numerals?", "What are Roman numerals?"):
        assert arithmetic_in(text) is None, text
    fb = FakeBackend(['{"name": "none"}', "Three."], name="m")
    no_math = parse_profile({"models": {"chat": ["m"]}, "tools": {"enabled": ["calendar"], "auto": "on"}}, "t", name="t")
    events = list(_conv(store, fb, no_math).send("What is 1 + 2?"))
    assert not [e for e in events if isinstance(e, ToolEvent)] and fb.history[0].grammar_schema is not None


def test_a_first_call_from_nowhere_in_the_request_does_not_run_and_the_answer_comes_in_words(store: Store) -> None:
    """A small model with tools on offer calls one for questions that need words ("Who wrote Pride
    and Prejudice?" -> calculate("1813 - 1812") on the 1.5B): such a call is not run (tools/grounding.py)."""
    fb = FakeBackend([_call("1813 - 1812"), "Jane Austen."], name="m")
    events = list(_conv(store, fb, _profile()).send("Who wrote Pride and Prejudice?"))
    assert not [e for e in events if isinstance(e, ToolEvent)]
    done = events[-1]
    assert isinstance(done, TurnDone) and done.text == "Jane Austen."
    assert [(s.kind, s.what) for s in done.steps] == [("decision", "no tool (its arguments are not in the request)")]
    assert "- math: " not in fb.history[-1].messages[0].content  # the answer reads no tool instructions


@pytest.mark.parametrize(
    ("asked", "days"),
    [
        ("How many days until Christmas?", ("2026-12-05", "2026-12-25")),
        ("how many weeks till new year's eve", ("2026-12-05", "2026-12-31")),
        ("How many days are left in the year?", ("2026-12-05", "2026-12-31")),  # (the 1.5B: 47 weeks; both counted)
        ("how many working days until 2027-01-08", ("2026-12-05", "2027-01-08")),
        ("How many days has it been since Halloween?", ("2026-10-31", "2026-12-05")),  # the last one, not the next
        ("How many days since 25 Dec?", ("2025-12-25", "2026-12-05")),
        ("How many days between 1 Jan and 2026-06-30?", ("2026-01-01", "2026-06-30")),  # in the other's year
        ("How many days are there from 1 Nov to 1 Feb?", ("2026-11-01", "2027-02-01")),  # the second after the first
        ("How many days until friday?", ("2026-12-05", "2026-12-11")),
    ],
)
def test_the_days_a_message_plainly_asks_about_are_read_without_a_model(asked: str, days: tuple[str, str]) -> None:
    from datetime import datetime, timezone

    from llorch.tools.datequestions import days_asked

    assert days_asked(asked, datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)) == days  # a Saturday


def test_questions_of_days_that_are_not_plain_stay_with_the_model() -> None:
    from datetime import datetime, timezone

    from llorch.tools.datequestions import days_asked

    now = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
    for text in ("How many days until my birthday?", "How many days are in a year?", "How many days until Christmas? "
                 "And what should I buy?", "How many days did the trip take?", "days until christmas",
                 "How many days until Christmas?\nAnd Easter?", "How many days between 0000-01-01 and 1 Jan?",
                 "How many days between 9999-12-31 and 1 jan?"):  # (no year 0 nor 10000 to count in)
        assert days_asked(text, now) is None, text


def test_a_question_of_days_goes_to_the_calendar_before_the_model_answers(store: Store) -> None:
    """Told the date is Saturday 5 December, the 1.5B said 24 days to Christmas: the calendar counts them."""
    fb = FakeBackend(["20 days."], name="m")
    conv = _on_saturday(store, fb, ["math", "calendar"])
    events = list(conv.send("How many days until Christmas?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.by_model) == (
        "calendar", {"action": "days", "from": "2026-12-05", "to": "2026-12-25"}, False)
    assert tool.text.startswith("From Saturday 5 December 2026 to Friday 25 December 2026: 20 days (2 weeks and 6 "
                                "days); 15 weekdays")
    (request,) = fb.history
    assert tool.text in request.messages[-1].content
    decision = conv.decide("How many weeks since Halloween?")
    assert decision.call is not None and dict(decision.call.arguments) == {
        "action": "days", "from": "2026-10-31", "to": "2026-12-05"}


@pytest.mark.parametrize(
    ("asked", "day"),
    [  # today is Saturday 5 December 2026
        ("What date is 90 days from today?", "90 days from today"),
        ("What's the date next Friday?", "next friday"),
        ("Which weekday is 14 February 2027?", "14 february 2027"),
        ("What date was it 6 weeks ago?", "6 weeks ago"),
        ("What day of the week was 1 January 2000?", "1 january 2000"),
        ("What day does Christmas fall on this year?", "2026-12-25"),
        ("What day did Christmas fall on last year?", "2025-12-25"),
        ("What day was 3 March?", "2026-03-03"),  # the last one: the question is in the past
        ("what day of the week is 3 march", "3 march"),  # the next one
        ("What day will it be in 100 days?", "in 100 days"),
        ("What day is it today?", "today"),
        ("What's the date?", "today"),
        ("So what day of the week will New Year's Day be?", "new year's day"),
        ("When is next Wednesday?", "next wednesday"),
        ("Which ISO week is 30 June 2027?", "30 june 2027"),  # the week number: the calendar's date says it
        ("what week number is it", "today"),
        ("Which ISO week is 1 January 2027 in?", "1 january 2027"),
        ("What date is 5 working days from today?", "5 working days from today"),
        ("When is Good Friday in 2027?", "good friday in 2027"),
        ("What's the week of the year for 2024-12-30?", "2024-12-30"),
        # an event named with its numbered date and year: the date (the 1.5B: the Moon landing on a Saturday)
        ("What day of the week did the Moon landing on 20 July 1969 fall on?", "20 july 1969"),
        ("What weekday was my wedding on 12 June 2010?", "12 june 2010"),
        ("Which day of the week was the fall of the Berlin Wall on 9 November 1989?", "9 november 1989"),
        ("What day of the week was the meeting on March 3rd, 2021?", "march 3rd, 2021"),
        ("On which day of the week did the Apollo 11 launch on 16 July 1969 take place?", "16 july 1969"),
        ("What day of the week was the signing of the Declaration of Independence on 4 July 1776?", "4 july 1776"),
        ("What day of the week is the last day of February 2028?", "the last day of february 2028"),
        # a day of a month named from this one (the 1.5B, asked in December: "December 30, 2026")
        ("What date is the 30th of next month?", "30 january 2027"),
        ("What day of the week is the 14th of this month?", "14 december 2026"),
        ("What day was the 3rd of last month?", "3 november 2026"),
        # a day moved, asked with no "date" in it (it stayed the model's)
        ("What's 2 weeks and 3 days after 28 December 2026?", "2 weeks and 3 days after 28 december 2026"),
        ("What is 10 days before 1 March 2027?", "10 days before 1 march 2027"),
    ],
)
def test_the_day_a_message_plainly_asks_the_date_of_is_read_without_a_model(asked: str, day: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.datequestions import date_asked

    assert date_asked(asked, datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)) == day


def test_questions_of_dates_that_are_not_plain_stay_with_the_model() -> None:
    from datetime import datetime, timezone

    from llorch.tools.datequestions import date_asked

    now = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
    for text in ("What day is best for a meeting?", "What's the date of the meeting?", "What day is Thanksgiving?",
                 "What date is 90 days from today?\nAnd 100?", "What day is in 90 days from the launch?",
                 "What date was the Battle of Hastings?", "What day of the week is in 3 days next year?",
                 "When is my dentist appointment?", "When is the next full moon?",
                 "the date next friday", "What's the date " + "x" * 120 + "?", "Which week suits you best?",
                 "What week is the conference?", "What day was the party on Friday?", "Which week does the fair fall in?",
                 "What is 10 days after the surgery?", "What's 6 months after my birthday?",
                 # an event's name that moves its day: not the event's own date
                 "What day was the day after the moon landing on 20 July 1969?",
                 "What day of the week was the Friday before the election on 3 November 2026?",
                 "What day of the week was the eve of the wedding on 12 June 2010?",
                 "What day of the week was the launch on the 5th?"):
        assert date_asked(text, now) is None, text


def test_a_question_of_a_date_goes_to_the_calendar_before_the_model_answers(store: Store) -> None:
    """Told the date is Saturday 5 December 2026, the 1.5B said 90 days on is 3 January and 14 February 2027 is
    a Monday; the calendar's `date` names the day, and a follow-up varies it."""
    fb = FakeBackend(["It is a Sunday.", "Saturday 25 December 2027."], name="m")
    conv = _on_saturday(store, fb, ["math", "calendar"])
    events = list(conv.send("Which weekday is 14 February 2027?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.by_model) == (
        "calendar", {"action": "date", "date": "14 february 2027"}, False)
    assert tool.text == "14 February 2027 is a Sunday, in ISO week 6 (in 71 days)."
    assert tool.text in fb.history[0].messages[-1].content
    assert not [e for e in events if isinstance(e, Notice)]  # it gives the weekday
    follow = [e for e in conv.send("And Christmas 2027?") if isinstance(e, ToolEvent)]
    assert [(e.name, dict(e.arguments), e.text) for e in follow] == [
        ("calendar", {"action": "date", "date": "christmas 2027"},
         "25 December 2027 is a Saturday, in ISO week 51 (in 385 days).")]


@pytest.mark.parametrize(("asked", "answer", "noted"), [
    ("What day of the week is Valentine's Day?", "Valentine's Day will be on February 14, 2027.", True),
    ("What day of the week is Valentine's Day?", "It falls on a sunday.", False),
    ("What's the date on Valentine's Day?", "February 14, 2027.", False),  # the date was asked, not the weekday
    ("What week number is Valentine's Day?", "It is in week 7.", True),  # (ISO weeks start on Monday: week 6)
    ("What week number is Valentine's Day?", "Week 6 (ISO 8601).", False),
])
def test_an_answer_that_leaves_out_the_weekday_asked_gets_a_note(store: Store, asked: str, answer: str,
                                                                 noted: bool) -> None:
    """Told "14 February 2027 is a Sunday", the 1.5B answered the weekday question with the date alone."""
    fb = FakeBackend([answer, answer], name="m")
    conv = _on_saturday(store, fb, ["calendar"])
    notes = [e.text for e in conv.send(asked) if isinstance(e, Notice)]
    assert notes == (["the answer does not give what the calendar tool worked out exactly: 14 February 2027 is a "
                      "Sunday, in ISO week 6 (in 71 days)."] if noted else [])


def test_a_plain_count_goes_to_the_count_tool_and_a_long_text_is_left_out_of_what_the_model_reads(
        store: Store) -> None:
    """The 1.5B found 4 r's in strawberry and 24 words in a 9-word sentence; the count tool counts them. A text
    piped for its word count is read by the tool, not the model (it need not fit the context)."""
    fb = FakeBackend(["There are 4 r's.", "There are 4 r's.", "It has 600 words.", "You're welcome."],
                     name="m")  # (the same answer again when asked again)
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "count"], "auto": "off"}}, "test", name="general-like")
    conv = _conv(store, fb, profile)
    events = list(conv.send("How many r's are in the word strawberry?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.text) == (
        "count", {"text": "strawberry", "what": "r"}, "“strawberry” has 3 r's (at positions 3, 8 and 9).")
    assert [e.text for e in events if isinstance(e, Notice)] == [
        "the answer does not give what the count tool worked out exactly: “strawberry” has 3 r's (at positions 3, 8 "
        "and 9)."]  # 4 is not 3
    essay = "word " * 600
    events = list(conv.send("How many words is this?\n\n" + essay))
    assert [e.text for e in events if isinstance(e, ToolEvent)] == ["The text has 600 words."]
    assert fb.history[2].messages[-1].content.startswith(
        "How many words is this?\n\n[the text: 2,999 characters, left out here; the count tool read it]")
    list(conv.send("Thanks!"))
    assert essay.strip() in fb.history[3].messages[-3].content  # later turns see the message as it was sent
    fb.enqueue("There are three r's.")
    again = list(conv.send("How many r's are in the word strawberry?"))
    assert not [e for e in again if isinstance(e, Notice)]  # spelt out, it is given


def test_a_plain_conversion_goes_to_the_units_tool_before_the_model_answers(store: Store) -> None:
    """The 1.5B converted 72 °F to 4.44 °C in its head; the general profile's units tool says 22.2222 °C."""
    fb = FakeBackend(["72 °F is about 22.2 °C."], name="m")
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "calendar", "units"], "auto": "off"}}, "test", name="g")
    events = list(_conv(store, fb, profile).send("Convert 72 degrees Fahrenheit to Celsius."))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.text) == (
        "units", {"value": 72.0, "from": "degrees Fahrenheit", "to": "Celsius"}, "72 °F = 22.2222 °C")
    (request,) = fb.history
    assert "72 °F = 22.2222 °C" in request.messages[-1].content
    no_units = parse_profile({"models": {"chat": ["m"]}, "tools": {"enabled": ["math"], "auto": "off"}}, "t", name="t")
    fb2 = FakeBackend(["22.2 °C."], name="m")
    assert not [e for e in _conv(store, fb2, no_units).send("Convert 72 F to C.") if isinstance(e, ToolEvent)]


def test_a_question_of_the_time_goes_to_the_clock_before_the_model_answers(store: Store) -> None:
    """Without tools on offer the model is told the day, not the time: the 1.5B made up "12:00 PM" for "What
    time is it in Berlin?" (and for 7 other fresh questions). The clock tool says what time it is there."""
    from datetime import datetime, timezone

    fb = FakeBackend(["It is 14:04 in Berlin."], name="m")
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["math", "units", "clock"], "auto": "off"}}, "test", name="general-like")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)))
    events = list(conv.send("What time is it in Berlin?"))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert (tool.name, dict(tool.arguments), tool.by_model) == ("clock", {"place": "Berlin"}, False)
    assert tool.text == "In Berlin it is 14:04 (2:04 pm) on Saturday 5 December 2026 (Europe/Berlin, UTC+01:00)."
    (request,) = fb.history
    assert tool.text in request.messages[-1].content
    decision = conv.decide("what time is it?")
    assert decision.call is not None and (decision.call.name, dict(decision.call.arguments)) == ("clock", {})
    decision = conv.decide("What date is unix timestamp 1700000000?")  # the 1.5B: "December 5, 2026"
    assert decision.call is not None and (decision.call.name, dict(decision.call.arguments)) == (
        "clock", {"timestamp": 1700000000})
    no_clock = parse_profile({"models": {"chat": ["m"]}, "tools": {"enabled": ["math"], "auto": "off"}}, "t", name="t")
    fb2 = FakeBackend(["Noon."], name="m")
    assert not [e for e in _conv(store, fb2, no_clock).send("What time is it?") if isinstance(e, ToolEvent)]


def test_a_follow_up_to_an_exact_step_varies_its_call(store: Store) -> None:
    """After the clock answered Tokyo, the 1.5B answered "And in London?" itself, an hour and a half off; after
    72 °F, "and 100 F?" came out 124 °C. The same tool answers the follow-up, with what it names changed; a
    follow-up after the model's own words (no exact step just before) stays with the model."""
    from datetime import datetime, timezone

    fb = FakeBackend(["It is 22:04 in Tokyo.", "It is 13:04 in London.", "22.2 °C.", "37.8 °C.", "Hello!", "Paris?"],
                     name="m")
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["units", "clock"], "auto": "off"}}, "test", name="general-like")
    conv = Conversation(store, lambda ref: fb, model_ref="m", profile=profile,
                        toolbox=ToolBox(resolve_paths(), now=lambda: datetime(2026, 12, 5, 13, 4, tzinfo=timezone.utc)))
    calls = []
    for message in ("What time is it in Tokyo?", "And in London?", "Convert 72 F to C", "and 100 F?", "Hi there",
                    "And in Paris?"):
        calls.append([(e.name, dict(e.arguments)) for e in conv.send(message) if isinstance(e, ToolEvent)])
    assert calls == [[("clock", {"place": "Tokyo"})], [("clock", {"place": "London"})],
                     [("units", {"value": 72.0, "from": "F", "to": "C"})],
                     [("units", {"value": 100.0, "from": "F", "to": "C"})], [], []]
    # The model reads each result as the tool's answer to the question, not as something the user said.
    assert fb.history[1].messages[-1].content == (
        "And in London?\n\n[tool result] The clock tool worked it out: In London it is 13:04 (1:04 pm) on Saturday "
        "5 December 2026 (Europe/London, UTC+00:00).")


@pytest.mark.parametrize(("answer", "noted"), [("98.6 °F is 37 °C.", False), ("98.6 °F is about 37.0 degrees.", False),
                                               ("C = (98.6 - 32)/9, so about 7.4 °C.", True),
                                               ("It is approximately 37.18 °C.", True)])
def test_an_answer_that_does_not_give_the_exact_result_gets_a_note(store: Store, answer: str, noted: bool) -> None:
    """With tools on offer, the 1.5B wrote its own working after the units tool's "98.6 °F = 37 °C" and ended at
    37.18 (the academic profile): the user is told what the tool worked out."""
    fb = FakeBackend([answer, answer], name="m")
    profile = parse_profile({"system_prompt": "Be exact.", "models": {"chat": ["m"]},
                             "tools": {"enabled": ["units"], "auto": "off"}}, "test", name="g")
    events = list(_conv(store, fb, profile).send("Convert 98.6 F to Celsius."))
    notes = [e.text for e in events if isinstance(e, Notice)]
    assert notes == (["the answer does not give what the units tool worked out exactly: 98.6 °F = 37 °C"] if noted else [])
    assert isinstance(events[-1], TurnDone) and events[-1].text == answer  # the answer itself is kept as given


def test_gives_number_reads_a_number_as_written_or_rounded() -> None:
    from llorch.tools.grounding import gives_number

    assert gives_number("about 22.2 °C", 200 / 9) and gives_number("22 °C", 200 / 9)
    assert not gives_number("4.44 °C", 200 / 9) and not gives_number("22.3 °C", 200 / 9)
    assert gives_number("2^40 is 1,099,511,627,776.", 2**40) and gives_number("−40 °C", -40)
    assert not gives_number("40 °C", -40) and not gives_number("in 98.6 F", 98.0)


@pytest.mark.parametrize(("answer", "noted"), [("There are 10 weeks and 1 day until 14 February.", False),
                                               ("71 days.", False), ("About 14 weeks.", True)])
def test_a_count_of_days_may_be_given_in_weeks(store: Store, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    conv = _on_saturday(store, fb, ["calendar"])
    events = list(conv.send("How many weeks until 14 February?"))
    assert any(isinstance(e, Notice) and "calendar tool worked out" in e.text for e in events) == noted


@pytest.mark.parametrize(("question", "answer", "noted"), [
    ("Is 2100 a leap year?", "No, 2100 is not a leap year.", False),
    ("Is 2100 a leap year?", "Yes, 2100 is a leap year.", True),  # what the 1.5B said without the tool
    ("Is 2000 a leap year?", "Yes, 2000 is a leap year: it is divisible by 400.", False),
    ("Is 2000 a leap year?", "No, 2000 is not a leap year.", True),
    ("How many days are in 2100?", "2100 has 365 days.", False),
    ("How many days are in 2100?", "2100 has 366 days.", True),
    ("How many days are in February 2028?", "February 2028 has 29 days.", False),
    ("How many days are in February 2028?", "February 2028 has 28 days.", True),
    ("When is the next leap year?", "The next leap year is 2028.", False),  # (the clock says 2026)
    ("When is the next leap year?", "The next leap year is 2027.", True),
])
def test_a_leap_year_answer_that_says_otherwise_gets_a_note(store: Store, question: str, answer: str,
                                                             noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_on_saturday(store, fb, ["calendar"]).send(question))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert tool.name == "calendar" and dict(tool.arguments)["action"] == "date"
    assert bool([e for e in events if isinstance(e, Notice)]) == noted


@pytest.mark.parametrize(("question", "answer", "noted"), [
    ("What percent of 80 is 18?", "18 is 22.5% of 80.", False),
    ("What percent of 80 is 18?", "45%", True),  # what the 1.5B said, told "45/2 (= 22.5)"
    ("What's the percent decrease from 95 to 80?", "It fell by 15.79%.", False),
])
def test_a_percentage_is_given_as_a_decimal_and_checked(store: Store, question: str, answer: str, noted: bool) -> None:
    fb = FakeBackend([answer, answer], name="m")
    events = list(_conv(store, fb, _profile(auto="off")).send(question))
    (tool,) = [e for e in events if isinstance(e, ToolEvent)]
    assert "/" not in tool.text.split("=")[-1].split("(")[0]  # (the decimal first, no fraction to misread)
    assert bool([e for e in events if isinstance(e, Notice)]) == noted


@pytest.mark.parametrize(("asked", "figure"), [
    # told "3.5 / 100 * 1250000 = 43750", the 1.5B answered 437,500; with the result said again grouped, 43,750
    ("What's 3.5% of 1,250,000?", "(The result is 43,750.)"),
    ("What is 3,456 times 789?", "(The result is 2,726,784.)"),
    ("What is 12 * 34?", None),  # (a small number: nothing to misplace)
    ("What is 1/3 + 1/4?", None),  # (a fraction)
    ("What is 65535 in hex?", None),  # (the result is 0xFFFF, not 65,535)
    ("What are the prime factors of 360360?", None),  # (a factorisation)
])
def test_a_large_whole_result_of_an_exact_step_is_said_again_grouped(store: Store, asked: str,
                                                                     figure: str | None) -> None:
    fb = FakeBackend(["Done."], name="m")
    conv = _on_saturday(store, fb, ["math"])
    events = list(conv.send(asked))
    assert [e.name for e in events if isinstance(e, ToolEvent)] == ["math"]
    said = fb.history[0].messages[-1].content
    if figure is None:
        assert "(The result is" not in said
    else:
        assert said.endswith(figure)


def test_a_weekday_asked_in_the_past_is_the_last_one_even_before_a_29_february() -> None:
    """Asked on Sunday 27 February 2028, the next Tuesday is the 29th: the last Tuesday is still the answer (reading
    it a year back first, as a day of the month is, found no 29 February 2027 and left the question to the model)."""
    from datetime import datetime, timezone

    from llorch.tools.datequestions import date_asked

    assert date_asked("What date was Tuesday?", datetime(2028, 2, 27, 10, 0, tzinfo=timezone.utc)) == "last tuesday"
