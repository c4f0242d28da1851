"""Request parsing of both APIs, and remote model references: every problem names its field."""

from __future__ import annotations

import json

import pytest

from llorch.errors import InputError
from llorch.orchestra.remote import parse_remote
from llorch.server.anthropic_api import messages_call
from llorch.server.openai_api import chat_call, completion_call
from llorch.server.protocol import BadRequest


def test_openai_chat_fields_become_one_call() -> None:
    call = chat_call({
        "model": "starter", "n": 2, "seed": 7, "stop": "END", "max_completion_tokens": 50, "temperature": 0.3,
        "stream": True, "stream_options": {"include_usage": True}, "logprobs": True, "user": "ignored",
        "messages": [{"role": "developer", "content": "be brief"}, {"role": "user", "content": [{"type": "text", "text": "hi"}]},
                     {"role": "assistant", "content": None, "tool_calls": [
                         {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}]},
                     {"role": "tool", "tool_call_id": "c1", "content": "42"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
    })
    assert call.messages == (("system", "be brief"), ("user", "hi"), ("assistant", '{"name": "f", "arguments": {"a": 1}}'),
                             ("tool", "42"))
    assert dict(call.sampling) == {"temperature": 0.3, "seed": 7, "max_tokens": 50, "stop": ("END",)}
    assert (call.n, call.stream, call.include_usage, call.logprobs, call.has_system) == (2, True, True, True, True)
    assert json.loads(call.schema or "") == {"type": "object"}


@pytest.mark.parametrize(
    "body, param",
    [
        ({"model": "m", "messages": []}, "messages"),
        ({"model": "m", "messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        ({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}, "messages[0].content[0].type"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "top_p": 3}, "top_p"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stop": ["a", 3]}, "stop"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "stream": "yes"}, "stream"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}], "tool_choice": "required"}, "tool_choice"),
        ({"model": "m", "messages": [{"role": "user", "content": "x"}],
          "response_format": {"type": "json_schema", "json_schema": {"schema": {"$ref": "#/nowhere"}}}},
         "response_format.json_schema.schema"),
    ],
)
def test_bad_openai_fields_are_named(body: dict, param: str) -> None:
    with pytest.raises(BadRequest) as bad:
        chat_call(body)
    assert bad.value.param == param and bad.value.status == 400


def test_completions_and_anthropic_bodies() -> None:
    assert completion_call({"model": "m", "prompt": ["once"], "max_tokens": 3}).prompt == "once"
    with pytest.raises(BadRequest, match="exactly one string"):
        completion_call({"model": "m", "prompt": ["a", "b"]})
    call = messages_call({"model": "m", "max_tokens": 9, "system": [{"type": "text", "text": "sys"}],
                          "stop_sequences": ["Z"], "messages": [{"role": "user", "content": "hi"}],
                          "tools": [{"name": "t", "input_schema": {"type": "object"}}], "tool_choice": {"type": "any"}})
    assert call.messages == (("system", "sys"), ("user", "hi")) and call.tool_choice == "required"
    assert dict(call.sampling) == {"max_tokens": 9, "stop": ("Z",)}
    with pytest.raises(BadRequest) as bad:
        messages_call({"model": "m", "messages": [{"role": "user", "content": "x"}]})
    assert bad.value.param == "max_tokens"


def test_remote_references() -> None:
    r = parse_remote("openai:http://gpu-box:8080/v1#profile:general@BOX_KEY")
    assert (r.host, r.port, r.base, r.model, r.key_var, r.url) == (
        "gpu-box", 8080, "/v1", "profile:general", "BOX_KEY", "http://gpu-box:8080/v1")
    assert parse_remote("openai:https://example.org/v1").port == 443 and parse_remote("openai:https://example.org/v1").model is None
    for bad in ("openai:ftp://x/v1", "openai:http://:80/v1", "openai:http://h:99999/v1", "openai:http://h/v1#m@bad-var"):
        with pytest.raises(InputError):
            parse_remote(bad)
