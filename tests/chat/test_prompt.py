"""The one prompt builder, sampling merge and call format: what every front end's request is made of."""

from __future__ import annotations

import json

import pytest

from llorch.chat.prompt import Turn, build_request, merge_sampling, render_turns
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Sampling
from llorch.profiles import parse_profile
from llorch.tools.calls import ToolCall, call_schema, looks_like_call, parse_call, read_call, unwrap_words
from llorch.tools.registry import ToolRegistry

QWEN_LIKE = "{% for m in messages %}{% if m.role == 'tool' %}<tool_response>{% endif %}{% endfor %}"


def test_chat_requests_carry_the_system_prompt_then_the_tools_then_the_turns() -> None:
    request, dropped = build_request(
        FakeBackend(), [Turn("user", "hi")], system="Be brief.", tools_text="Tools: none", sampling=Sampling())
    assert dropped == 0 and request.prompt is None
    assert [(m.role, m.content) for m in request.messages] == [("system", "Be brief.\n\nTools: none"), ("user", "hi")]


def test_plain_completion_gets_only_a_system_prompt_the_user_gave() -> None:
    request, _ = build_request(FakeBackend(is_base_model=True), [Turn("user", "Once upon")], system="profile words",
                               sampling=Sampling(), raw=True, raw_system="Be brief")
    assert request.prompt == "Be brief\n\nOnce upon" and not request.messages
    request, _ = build_request(FakeBackend(), [Turn("user", "x")], system="profile words", sampling=Sampling(), raw=True)
    assert request.prompt == "x"


def test_tool_turns_are_the_call_then_the_result_in_the_templates_own_role() -> None:
    turns = [Turn("user", "2+2?"), Turn("tool", "4", "math", {"expression": "2+2"})]
    native = render_turns(turns, tool_role=True)
    assert [(m.role, m.content) for m in native] == [
        ("user", "2+2?"), ("assistant", '{"name": "math", "arguments": {"expression": "2+2"}}'), ("tool", "4")]
    plain = render_turns(turns + [Turn("user", "thanks")], tool_role=False)
    # Without a tool role the result is a user message, joined with the next one (roles alternate).
    assert [m.role for m in plain] == ["user", "assistant", "user"]
    assert plain[-1].content == "[tool result] math: 4\n\nthanks"
    by_user = render_turns([Turn("tool", "ok", "calendar", {}, by_model=False)], tool_role=True)
    assert [m.role for m in by_user] == ["tool"]  # the user ran it (/tool): no call by the model is shown


def test_the_oldest_turns_go_first_when_the_context_is_short() -> None:
    turns = [Turn("user", "word " * 100), Turn("assistant", "word " * 100), Turn("user", "last question")]
    request, dropped = build_request(FakeBackend(n_ctx=150), turns, system="sys", sampling=Sampling(max_tokens=16))
    assert dropped == 2
    assert [(m.role, m.content) for m in request.messages] == [("system", "sys"), ("user", "last question")]


class _Counting(FakeBackend):
    """Counts what build_request renders and tokenizes (the costly part for a huge prompt)."""

    rendered = 0

    def render_prompt(self, request):  # type: ignore[no-untyped-def]
        self.rendered += 1
        return super().render_prompt(request)


def test_a_last_message_far_too_long_is_refused_before_anything_is_rendered() -> None:
    from llorch.errors import ContextOverflowError

    worker = _Counting(n_ctx=256)
    with pytest.raises(ContextOverflowError, match=r"^the prompt is 5,000,003 characters, far more than a 256-token"):
        build_request(worker, [Turn("user", "x" * 5_000_000)], system="sys", sampling=Sampling())
    assert worker.rendered == 0  # a 50 MB prompt took 30 s and 3.7 GB to render and tokenize, then failed


def test_older_turns_too_long_to_fit_are_left_out_without_rendering_them() -> None:
    worker = _Counting(n_ctx=256)
    turns = [Turn("user", "x" * 1_000_000), Turn("assistant", "y" * 1_000_000), Turn("user", "a question")]
    request, dropped = build_request(worker, turns, system="sys", sampling=Sampling(max_tokens=16))
    assert dropped == 2 and [m.content for m in request.messages] == ["sys", "a question"]
    assert worker.rendered == 1  # only what was left


def test_sampling_merges_config_then_profile_then_the_call() -> None:
    profile = parse_profile({"models": {"chat": ["m"]}, "sampling": {"temperature": 0.2, "top_k": 7}}, "t", name="p")
    merged = merge_sampling(Sampling(temperature=0.8, top_p=0.5), profile, {"top_k": 3})
    assert (merged.temperature, merged.top_p, merged.top_k) == (0.2, 0.5, 3)
    assert merge_sampling(Sampling(temperature=0.8), None, None).temperature == 0.8


def test_one_call_format_for_built_in_tools_and_api_functions() -> None:
    math = ToolRegistry().get("math")
    schema = call_schema([math])
    assert schema["anyOf"][0]["properties"]["name"] == {"const": "math"}
    assert schema["anyOf"][-1]["properties"]["name"] == {"const": "none"}
    required = call_schema([math], "required")
    assert required["properties"]["name"] == {"const": "math"}  # no way out without a call
    assert parse_call('{"name": "math", "arguments": {"expression": "1+1"}}') == ToolCall("math", {"expression": "1+1"})
    assert parse_call('{"name": "none"}') is None
    assert parse_call(ToolCall("x", {"a": 1}).to_json()) == ToolCall("x", {"a": 1})


@pytest.mark.parametrize("text", [
    '{"name": "get_weather", "arguments": {"city": "Rome"}}',
    '```json\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n```',
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Rome"}}\n</tool_call>',
    '({"tool": "get_weather", "arguments": {"city": "Rome"}}',
    '{"function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Rome\\"}"}}',
])
def test_calls_in_the_shapes_small_models_write_are_read_and_never_shown(text: str) -> None:
    assert read_call(text) == ToolCall("get_weather", {"city": "Rome"})
    assert looks_like_call(text)


def test_words_are_not_calls_and_wrapped_words_are_unwrapped() -> None:
    for words in ("Rome is the capital.", "(about 4) people", "```python\nprint(1)\n```", '{"a": 1} is JSON'):
        assert read_call(words) is None and not looks_like_call(words)
    assert looks_like_call('{"name": "math", "argum')  # cut short by the length limit: still markup
    assert unwrap_words('{ "content": "Meeting booked." }') == "Meeting booked."
    assert unwrap_words("plain words") == "plain words"
    assert json.loads(unwrap_words('{"x": 1, "content": "y"}')) == {"x": 1, "content": "y"}


def test_an_answer_is_held_only_while_it_may_still_be_markup() -> None:
    from llorch.tools.calls import may_be_markup

    assert may_be_markup("") and may_be_markup('{"na') and may_be_markup("(") and may_be_markup("```")
    assert may_be_markup('```json\n{"name": "w", "arguments"')  # a fenced call: held to the end
    assert not may_be_markup("Rome is the capital.")  # words stream at once
    assert not may_be_markup("```python\nprint('hello, world')\n")  # fenced code streams once it is clear
    assert not may_be_markup("(about four hundred people came)")


def test_a_shared_request_names_the_prompt_start_every_request_of_its_profile_shares() -> None:
    """Everything before the tools' clock line (which changes every minute) and the user's words."""
    from datetime import datetime, timedelta, timezone

    from llorch.tools.calls import tools_block, tools_clock, tools_prompt

    tools = ToolRegistry().get("math"), ToolRegistry().get("calendar")
    now = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
    assert f"{tools_block(tools)}\n{tools_clock(now)}" == tools_prompt(tools, now)  # the same system text as before
    worker = FakeBackend()

    def request(text: str, when: datetime, share: bool = True):  # type: ignore[no-untyped-def]
        return build_request(worker, [Turn("user", text)], system="Be brief.", tools_text=tools_block(tools),
                             clock=tools_clock(when), sampling=Sampling(), share=share)[0]

    first, later = request("hi", now), request("what is 2+2?", now + timedelta(days=1, minutes=7))
    assert first.messages[0].content == f"Be brief.\n\n{tools_prompt(tools, now)}"
    shared = first.shared_prefix
    assert shared == later.shared_prefix and "It is now" not in shared
    assert shared.removesuffix("\n").endswith(tools_block(tools))
    for r in (first, later):
        assert worker.render_prompt(r).startswith(shared)
    assert request("hi", now, share=False).shared_prefix == ""
    # Without tools, the shared start runs up to the user's words.
    plain, _ = build_request(worker, [Turn("user", "hi")], system="Be brief.", sampling=Sampling(), share=True)
    assert plain.shared_prefix == "<system>Be brief.\n<user>"
    # A warming request (an empty user turn) shares the same start, not its own end.
    warm, _ = build_request(worker, [Turn("user", "")], system="Be brief.", sampling=Sampling(), share=True)
    assert warm.shared_prefix == plain.shared_prefix


def test_an_exact_step_with_several_results_asks_for_each_in_order() -> None:
    # told a running total's 12, 19, 49 and 54, the 1.5B answered "The cumulative sum … is 54."
    several = Turn("tool", "12 = 12; 12 + 7 = 19; 12 + 7 + 30 = 49; 12 + 7 + 30 + 5 = 54", "math",
                   {"expression": "12; 12 + 7; 12 + 7 + 30; 12 + 7 + 30 + 5"}, by_model=False, exact=True)
    said = render_turns([Turn("user", "What's the cumulative sum?"), several], tool_role=True)[-1].content
    assert said.endswith("= 54 (Give the user each of these results, in order: 12, 19, 49, 54.)")
    one = Turn("tool", "2 + 2 = 4", "math", {"expression": "2 + 2"}, by_model=False, exact=True)
    assert "each of these" not in render_turns([one], tool_role=True)[-1].content
    spread = Turn("tool", "mean(10, 12, 23) = 15; stdev(10, 12, 23) ≈ 7 (a sample's, dividing by n - 1; the whole "
                  "population's, pstdev, ≈ 5.7)", "math", {"expression": "mean(10, 12, 23); stdev(10, 12, 23)"},
                  by_model=False, exact=True)  # (its note's "; " read as a part gave the population's figure)
    assert "each of these" not in render_turns([spread], tool_role=True)[-1].content
    failed = Turn("tool", "error: math: 13 expressions in one call; the limit is 12", "math",
                  {"expression": "; ".join(["1"] * 13)}, by_model=False, exact=True)
    assert "each of these" not in render_turns([failed], tool_role=True)[-1].content
