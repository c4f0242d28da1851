"""An API client's own tools through the one request path (what `llorch serve` runs for tools/tool_choice):
one decision under the call grammar, a call that ends the turn, words after a result, never markup as words."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from llorch.chat.prompt import Turn
from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.runtime import Runtime, TokenEvent, TurnDone
from llorch.server.protocol import FunctionTool
from llorch.tools.calls import ToolCall, call_schema

WEATHER = FunctionTool("get_weather", "the weather in a city",
                       {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
TIME = FunctionTool("get_time", "the time now", {"type": "object", "properties": {}})
SEND = FunctionTool("send_email", "Send an email on the user's behalf.",
                    {"type": "object", "properties": {"to": {"type": "string"}, "subject": {"type": "string"}},
                     "required": ["to", "subject"]})


@pytest.fixture
def model(tmp_path: Path) -> str:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return str(f)


def _ask(fb: FakeBackend, model: str, history: list[Turn], choice: str = "auto",
         tools: tuple[FunctionTool, ...] = (WEATHER, TIME)) -> list[object]:
    paths = resolve_paths()
    with Runtime(paths, load_config(paths), open_model=lambda p, o, n: fb) as rt:
        return list(rt.ask("", model=model, system="", history=history, client_tools=tools,
                           tool_choice=choice, cache=False))


def test_a_call_of_a_client_tool_ends_the_turn_for_the_client_to_run(model: str) -> None:
    fb = FakeBackend([ToolCall("get_weather", {"city": "Rome"}).to_json()], name="m")
    events = _ask(fb, model, [Turn("user", "Weather in Rome?")])
    done = events[-1]
    assert isinstance(done, TurnDone) and done.tool_calls == (ToolCall("get_weather", {"city": "Rome"}),)
    assert not [e for e in events if isinstance(e, TokenEvent)]  # nothing of the call is shown as words
    (decision,) = fb.history  # one decision, no answer after it
    assert json.loads(decision.grammar_schema or "") == call_schema([WEATHER, TIME], "auto")
    system = decision.messages[0].content
    assert "- get_weather: the weather in a city" in system and '{"name": "<tool>"' in system


def test_required_and_named_choices_leave_no_way_out_of_a_call(model: str) -> None:
    fb = FakeBackend([ToolCall("get_time", {}).to_json()], name="m")
    _ask(fb, model, [Turn("user", "hi")], choice="get_time")
    assert json.loads(fb.history[0].grammar_schema or "")["properties"]["name"] == {"const": "get_time"}


def test_after_the_result_the_same_call_again_becomes_words(model: str) -> None:
    # The model decides to repeat the call it just made: the turn is answered in words instead.
    fb = FakeBackend([ToolCall("get_weather", {"city": "Rome"}).to_json(), "It is sunny in Rome."], name="m")
    history = [Turn("user", "Weather in Rome?"), Turn("tool", "sunny, 24 C", "get_weather", {"city": "Rome"})]
    events = _ask(fb, model, history)
    done = events[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "It is sunny in Rome."
    answer = fb.history[-1]
    assert answer.grammar_schema is None
    # The model saw its call and the result (the fake template has no tool role: a user message).
    assert [m.role for m in answer.messages][-2:] == ["assistant", "user"]
    assert answer.messages[-1].content.startswith("[tool result] get_weather: sunny")


@pytest.mark.parametrize("said, shown", [
    ('{ "content": "Meeting booked for 3pm." }', "Meeting booked for 3pm."),
    ("Just words, streamed.", "Just words, streamed."),
])
def test_words_wrapped_as_json_are_unwrapped(model: str, said: str, shown: str) -> None:
    fb = FakeBackend(['{"name": "none"}', said], name="m")
    events = _ask(fb, model, [Turn("user", "hello")])
    text = "".join(e.text for e in events if isinstance(e, TokenEvent))
    done = events[-1]
    assert isinstance(done, TurnDone) and text == shown and done.text == shown and not done.tool_calls


def test_a_call_written_as_a_json_block_in_words_is_still_a_call(model: str) -> None:
    block = '```json\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n```'
    fb = FakeBackend(['{"name": "none"}', block], name="m")
    events = _ask(fb, model, [Turn("user", "Oslo weather?")])
    done = events[-1]
    assert isinstance(done, TurnDone) and done.tool_calls == (ToolCall("get_weather", {"city": "Oslo"}),)
    assert not [e for e in events if isinstance(e, TokenEvent)]


def test_an_answer_after_no_tool_reads_no_tool_instructions(model: str) -> None:
    """With the functions' instructions the 1.5B wrote "To find the capital of Australia, I'll use the
    get_weather tool" and a call; without them, words."""
    fb = FakeBackend(['{"name": "none"}', "Why did the function return? It had closure."], name="m")
    done = _ask(fb, model, [Turn("user", "Tell me a joke.")])[-1]
    decision, answer = fb.history
    assert isinstance(done, TurnDone) and done.text.startswith("Why did")
    assert "get_weather" in decision.messages[0].content and "get_weather" not in answer.messages[0].content
    assert answer.grammar_schema is None


def test_a_call_from_nowhere_written_as_the_answer_is_neither_returned_nor_shown(model: str) -> None:
    """The 1.5B, asked for a joke, once decided on no tool and then wrote get_weather(London) as its
    answer: London is nowhere in the request, so it is no call of the caller's, and never shown as words."""
    call = ToolCall("get_weather", {"city": "London"}).to_json()
    fb = FakeBackend(['{"name": "none"}', call], name="m")
    events = _ask(fb, model, [Turn("user", "Tell me a joke.")])
    done = events[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and "get_weather" not in done.text
    assert "London" not in "".join(e.text for e in events if isinstance(e, TokenEvent))


def test_a_call_the_decision_missed_written_as_the_answer_is_the_call(model: str) -> None:
    fb = FakeBackend(['{"name": "none"}', ToolCall("get_weather", {"city": "Lima"}).to_json()], name="m")
    done = _ask(fb, model, [Turn("user", "Is it raining in Lima?")])[-1]
    assert isinstance(done, TurnDone) and done.tool_calls == (ToolCall("get_weather", {"city": "Lima"}),)
    assert len(fb.history) == 2  # no second answer


def test_the_call_just_answered_written_again_as_the_answer_is_asked_again_without_the_tools(model: str) -> None:
    """After a result the answer reads the functions' instructions (without them the 1.5B thanked the
    user for "providing the result"); one that repeats the call in words never ends the turn as that
    call (an agent's loop would not end): it is asked again without them, and only that is shown."""
    again = ToolCall("get_weather", {"city": "Rome"}).to_json()
    fb = FakeBackend(['{"name": "none"}', again, "Sunny, 24 C in Rome."], name="m")
    history = [Turn("user", "Weather in Rome?"), Turn("tool", "sunny, 24 C", "get_weather", {"city": "Rome"})]
    events = _ask(fb, model, history)
    done = events[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "Sunny, 24 C in Rome."
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == "Sunny, 24 C in Rome."
    decision, first, second = fb.history
    assert "get_weather:" in first.messages[0].content and "get_weather:" not in second.messages[0].content
    assert [(s.kind, s.what) for s in done.steps] == [
        ("decision", "no tool"), ("answer", "a call in words: asked again without the tools")]


def test_the_server_path_never_runs_the_profiles_own_tools(model: str) -> None:
    """`llorch serve` on a profile whose tools run by themselves (dev): no decision, no tool, just the answer."""
    from llorch.config import write_toml_atomic
    from llorch.server.generate import Generation
    from llorch.server.openai_api import chat_call

    write_toml_atomic(resolve_paths().config_file, {"default_model": model})  # dev's own models are not pulled
    fb = FakeBackend(["Hello there."], name="m")
    paths = resolve_paths()
    with Runtime(paths, load_config(paths), open_model=lambda p, o, n: fb) as rt:
        call = chat_call({"model": "profile:dev", "messages": [{"role": "user", "content": "What is 6*7?"}]})
        events = list(Generation(rt, call, rt.target("profile:dev"))._ask(0))
    done = events[-1]
    assert isinstance(done, TurnDone) and done.text == "Hello there." and not done.tool_calls
    (request,) = fb.history  # the answer alone: no tool decision under a grammar
    assert request.grammar_schema is None and "You can call tools" not in request.messages[0].content


def test_words_that_claim_a_change_no_call_made_become_the_call(model: str) -> None:
    booking = ToolCall("get_time", {}).to_json()
    fb = FakeBackend(['{"name": "none"}', "Meeting booked successfully.", booking], name="m")
    done = _ask(fb, model, [Turn("user", "Book a sync with Ana")])[-1]
    assert isinstance(done, TurnDone) and [c.name for c in done.tool_calls] == ["get_time"]
    forced = fb.history[-1]
    assert forced.grammar_schema is not None and '"none"' not in forced.grammar_schema  # "required": a call, not words
    assert [s.what for s in done.steps] == ["no tool", "get_time"]
    fb = FakeBackend(['{"name": "none"}', "It is sunny and booked solid with tourists."], name="m")  # no claim of a change
    done = _ask(fb, model, [Turn("user", "How is Rome today?")])[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and len(fb.history) == 2


def test_words_that_read_like_a_change_make_no_call_when_none_was_asked_for(model: str) -> None:
    """"Who wrote Pride and Prejudice?" -> "It was written by Jane Austen": no change was asked for, so
    "was written" claims none (the 1.5B's forced call here was calculate("1813 - 1792"))."""
    fb = FakeBackend(['{"name": "none"}', "It was written by Jane Austen.", ToolCall("get_time", {}).to_json()],
                     name="m")
    done = _ask(fb, model, [Turn("user", "Who wrote Pride and Prejudice?")])[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "It was written by Jane Austen."
    assert len(fb.history) == 2


def test_a_call_whose_arguments_are_not_in_the_request_is_answered_in_words(model: str) -> None:
    """The 1.5B, asked "Which planet is closest to the sun?" with a weather function on offer, called
    get_weather(city="Earth"): a call that comes from nowhere in the request does not stand."""
    fb = FakeBackend([ToolCall("get_weather", {"city": "Earth"}).to_json(), "Mercury."], name="m")
    events = _ask(fb, model, [Turn("user", "Which planet is closest to the sun?")])
    done = events[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "Mercury."
    assert [(s.kind, s.what) for s in done.steps] == [("decision", "no tool (its arguments are not in the request)")]
    answer = fb.history[-1]  # words, read without the functions' instructions (a small model would call again)
    assert answer.grammar_schema is None and "get_weather" not in answer.messages[0].content


def test_a_call_in_another_shape_after_a_declined_decision_is_not_returned(model: str) -> None:
    call = ToolCall("get_weather", {"city": "Earth"}).to_json()
    fb = FakeBackend([call, f"```json\n{call}\n```"], name="m")
    done = _ask(fb, model, [Turn("user", "Which planet is closest to the sun?")])[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and "get_weather" not in done.text


@pytest.mark.parametrize("said, stands", [
    ("What makes a good subject line for an email?", False),  # the 1.5B sent one
    ("Draft an email to bob@example.com about the report, but don't send it yet.", False),
    ("Email bob@example.com that the report is late, subject 'Report'.", True),
    ("Send bob@example.com a note, subject 'Report'.", True),
])
def test_a_write_function_is_called_only_when_the_request_asks_for_a_change(model: str, said: str, stands: bool) -> None:
    fb = FakeBackend([ToolCall("send_email", {"to": "bob@example.com", "subject": "Report"}).to_json(), "Words."],
                     name="m")
    done = _ask(fb, model, [Turn("user", said)], tools=(WEATHER, SEND))[-1]
    assert isinstance(done, TurnDone)
    assert bool(done.tool_calls) is stands and (done.text == "") is stands


def test_a_required_choice_is_not_second_guessed(model: str) -> None:
    fb = FakeBackend([ToolCall("get_weather", {"city": "Earth"}).to_json()], name="m")
    done = _ask(fb, model, [Turn("user", "hi")], choice="required")[-1]
    assert isinstance(done, TurnDone) and done.tool_calls == (ToolCall("get_weather", {"city": "Earth"}),)


def test_a_date_on_another_weekday_than_the_one_asked_for_is_moved_to_it(model: str) -> None:
    """The 1.5B, on a Friday, made "Saturday" the Sunday after: the call the client gets has the Saturday."""
    event = FunctionTool("create_event", "Add an event to the user's calendar.",
                         {"type": "object", "properties": {"title": {"type": "string"}, "date": {"type": "string"}}})
    today = datetime.now().astimezone().date()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    wrong = (saturday + timedelta(days=1)).isoformat()
    fb = FakeBackend([ToolCall("create_event", {"title": "Dinner with Leo", "date": wrong}).to_json()], name="m")
    done = _ask(fb, model, [Turn("user", "Dinner with Leo on Saturday - put it in my calendar.")], tools=(event,))[-1]
    assert isinstance(done, TurnDone)
    assert done.tool_calls == (ToolCall("create_event", {"title": "Dinner with Leo", "date": saturday.isoformat()}),)


CALC = FunctionTool("calculate", "evaluate an arithmetic expression",
                    {"type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]})


def test_after_a_result_a_call_that_asks_nothing_more_of_the_request_is_answered_in_words(model: str) -> None:
    """The 0.5B, given calculate's result for "What's 4821 times 377?", called calculate again on the
    result: a further call must take something of the user's words the calls before did not. The answer
    still reads the functions' instructions (after a result it needs them) and is shown as words."""
    fb = FakeBackend([ToolCall("calculate", {"expression": "1817517 / 1"}).to_json(), "4821 times 377 is 1817517."],
                     name="m")
    history = [Turn("user", "What's 4821 times 377?"),
               Turn("tool", "1817517", "calculate", {"expression": "4821 * 377"})]
    done = _ask(fb, model, history, tools=(CALC, WEATHER))[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "4821 times 377 is 1817517."
    assert [(s.kind, s.what) for s in done.steps] == [("decision", "no tool (the request asks nothing more of it)")]
    assert "calculate:" in fb.history[-1].messages[0].content


def test_after_a_result_a_call_for_the_rest_of_the_request_stands(model: str) -> None:
    fb = FakeBackend([ToolCall("get_weather", {"city": "Rome"}).to_json()], name="m")
    history = [Turn("user", "What's the weather in Paris and in Rome?"),
               Turn("tool", "sunny, 24 C", "get_weather", {"city": "Paris"})]
    done = _ask(fb, model, history)[-1]
    assert isinstance(done, TurnDone) and done.tool_calls == (ToolCall("get_weather", {"city": "Rome"}),)


def test_after_a_result_an_answer_that_stays_a_call_shows_what_the_function_returned(model: str) -> None:
    """The 0.5B kept writing a call after calculate's result, with the functions' instructions and without
    them: the user reads the result that came back, never "please ask again"."""
    again = ToolCall("calculate", {"expression": "1817517 / 1"}).to_json()
    fb = FakeBackend([again, again, again], name="m")
    history = [Turn("user", "What's 4821 times 377?"),
               Turn("tool", "1817517", "calculate", {"expression": "4821 * 377"})]
    events = _ask(fb, model, history, tools=(CALC, WEATHER))
    done = events[-1]
    assert isinstance(done, TurnDone) and not done.tool_calls and done.text == "calculate returned: 1817517"
    assert "".join(e.text for e in events if isinstance(e, TokenEvent)) == "calculate returned: 1817517"
    assert len(fb.history) == 3  # the decision, the answer, and the answer asked again without the tools


def test_the_decision_hint_a_model_copied_into_an_argument_is_cut_out(model: str) -> None:
    """The 0.5B wrote an email whose body ended in the hint the decision reads after the message."""
    body = "The report is late. (If a tool is needed for this, reply with the call. If not, reply {"
    fb = FakeBackend([ToolCall("send_email", {"to": "bob@example.com", "subject": "Report", "body": body}).to_json()],
                     name="m")
    done = _ask(fb, model, [Turn("user", "Email bob@example.com that the report is late, subject 'Report'.")],
                tools=(WEATHER, SEND))[-1]
    assert isinstance(done, TurnDone)
    assert done.tool_calls == (ToolCall("send_email", {"to": "bob@example.com", "subject": "Report",
                                                       "body": "The report is late."}),)


def test_an_anthropic_request_ending_with_the_assistants_words_goes_on_from_them(model: str) -> None:
    """Prefill: the answer's start is given, and the model continues it (it started a new answer instead)."""
    from llorch.config import write_toml_atomic
    from llorch.server.anthropic_api import messages_call
    from llorch.server.generate import Generation

    write_toml_atomic(resolve_paths().config_file, {"default_model": model})
    fb = FakeBackend([' "Whiskers"}'], name="m")
    paths = resolve_paths()
    with Runtime(paths, load_config(paths), open_model=lambda p, o, n: fb) as rt:
        call = messages_call({"model": model, "max_tokens": 20, "messages": [
            {"role": "user", "content": "A JSON object with a name for a cat"},
            {"role": "assistant", "content": '{"name":'}]})
        assert call.prefill == '{"name":' and [t.role for t in call.turns] == ["user"]
        events = list(Generation(rt, call, rt.target(model))._ask(0))
    done = events[-1]
    assert isinstance(done, TurnDone) and done.text == ' "Whiskers"}'  # what it added, as Anthropic answers
    (request,) = fb.history
    assert fb.render_prompt(request).endswith('<user>A JSON object with a name for a cat\n<assistant>{"name":')
