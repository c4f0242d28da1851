"""Request parsing of both APIs, and remote model references: every problem names its field."""

from __future__ import annotations

import json

import pytest

from llorch.chat.prompt import Turn
from llorch.errors import InputError
from llorch.orchestra.remote import parse_remote
from llorch.server.anthropic_api import messages_call
from llorch.server.openai_api import chat_call, completion_call
from llorch.server.protocol import BadRequest


def test_openai_chat_fields_become_one_call() -> None:
    call = chat_call({
        "model": "starter", "n": 2, "seed": 7, "stop": "END", "max_completion_tokens": 50, "temperature": 0.3,
        "stream": True, "stream_options": {"include_usage": True}, "logprobs": True, "top_logprobs": 5, "user": "ignored",
        "messages": [{"role": "developer", "content": "be brief"}, {"role": "user", "content": [{"type": "text", "text": "hi"}]},
                     {"role": "assistant", "content": None, "tool_calls": [
                         {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"a\": 1}"}}]},
                     {"role": "tool", "tool_call_id": "c1", "content": "42"}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": {"type": "object"}}},
    })
    # The call and the result that answers it are one turn, rendered by the one prompt builder.
    assert call.system == "be brief"
    assert call.turns == (Turn("user", "hi"), Turn("tool", "42", "f", {"a": 1}))
    assert dict(call.sampling) == {"temperature": 0.3, "seed": 7, "max_tokens": 50, "stop": ("END",)}
    assert (call.n, call.stream, call.include_usage, call.logprobs, call.top_logprobs) == (2, True, True, True, 5)
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


@pytest.mark.parametrize("parse, body", [
    (chat_call, {"model": "m", "messages": [{"role": "system", "content": "be brief"}]}),
    (chat_call, {"model": "m", "messages": [{"role": "tool", "content": ""}]}),
    (chat_call, {"model": "m", "messages": [{"role": "user", "content": []}]}),
    (messages_call, {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": ""}]}),
])
def test_a_conversation_with_no_text_to_answer_is_refused(parse: object, body: dict) -> None:
    # The prompt builder leaves out turns without text: such a request reached the engine with no messages (500).
    with pytest.raises(BadRequest) as bad:
        parse(body)  # type: ignore[operator]
    assert bad.value.param == "messages" and bad.value.status == 400


def test_read_json_names_where_it_is_too_deep_or_not_unicode() -> None:
    from llorch.server.protocol import MAX_DEPTH, read_json

    assert read_json(b'{"a": [1, "\\ud83d\\ude00"]}') == {"a": [1, "\U0001f600"]}  # a surrogate pair is text
    assert read_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    for data, param in [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "[0][0][0][0][0][0][0][0]…"),  # parsed, then walked
        ('{"x": [' + "[" * 5000 + "]" * 5000 + "]}", "x[0][0][0][0][0][0][0]…"),  # too deep for the parser
        ('{"k": {"a b": ' + '{"c": ' * MAX_DEPTH + "1" + "}" * MAX_DEPTH + "}}", "k.a b.c.c.c.c.c.c…"),
        ('{"x": ["ok", "\\udc00"]}', "x[1]"),
        ('{"x": {"\\ud800": 1}}', "x"),
    ]:
        with pytest.raises(BadRequest) as bad:
            read_json(data.encode(), "")
        assert bad.value.param == param and bad.value.status == 400, (data[:40], bad.value.message)
    with pytest.raises(BadRequest) as bad:
        read_json('{"q": "\ud800"}', "tool.arguments")  # text already decoded, with a raw surrogate
    assert bad.value.param == "tool.arguments.q"
    for data in (b"NaN", b'{"a": Infinity}', b"1" * 101, b"\xff{}"):
        with pytest.raises(BadRequest) as bad:
            read_json(data)
        assert bad.value.param is None and "the request body" in bad.value.message


def test_schemas_asking_for_huge_grammars_are_refused_before_the_converter_runs() -> None:
    from llorch.engine.grammar import MAX_REPEATS
    from llorch.server.protocol import check_schema

    check_schema({"type": "string", "pattern": "^[a-z]{1,64}@[a-z]{2,10}$", "maxLength": 100}, "s")
    for schema in ({"type": "string", "maxLength": MAX_REPEATS + 1}, {"type": "string", "pattern": "^a{99999999}$"},
                   {"type": "array", "items": {"type": "array", "minItems": 6000}, "maxItems": 6000},
                   {"type": "string", "minLength": float("1e300")}):
        with pytest.raises(BadRequest, match="repeats") as bad:
            check_schema(schema, "s")
        assert bad.value.param == "s"


def test_llama_cpps_sampling_fields_reach_the_call_in_both_apis() -> None:
    """top_k and min_p, as llama-server takes them (the README's endpoint table names them)."""
    chat = chat_call({"model": "m", "messages": [{"role": "user", "content": "hi"}], "top_k": 20, "min_p": 0.05,
                      "top_p": 0.8})
    assert dict(chat.sampling) == {"top_k": 20, "min_p": 0.05, "top_p": 0.8}
    message = messages_call({"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}],
                             "top_k": 40, "top_p": 0.9, "temperature": 0.2})
    assert dict(message.sampling) == {"max_tokens": 5, "top_k": 40, "top_p": 0.9, "temperature": 0.2}


def test_completions_and_anthropic_bodies() -> None:
    assert completion_call({"model": "m", "prompt": ["once"], "max_tokens": 3}).prompt == "once"
    legacy = completion_call({"model": "m", "prompt": "once", "logprobs": 3})  # the legacy API's count of alternatives
    assert (legacy.logprobs, legacy.top_logprobs) == (True, 3)
    assert completion_call({"model": "m", "prompt": "once", "logprobs": 0}).top_logprobs == 0
    with pytest.raises(BadRequest, match="exactly one string"):
        completion_call({"model": "m", "prompt": ["a", "b"]})
    call = messages_call({"model": "m", "max_tokens": 9, "system": [{"type": "text", "text": "sys"}],
                          "stop_sequences": ["Z"], "messages": [{"role": "user", "content": "hi"}],
                          "tools": [{"name": "t", "input_schema": {"type": "object"}}], "tool_choice": {"type": "any"}})
    assert call.system == "sys" and call.turns == (Turn("user", "hi"),) and call.tool_choice == "required"
    assert dict(call.sampling) == {"max_tokens": 9, "stop": ("Z",)}
    with pytest.raises(BadRequest) as bad:
        messages_call({"model": "m", "messages": [{"role": "user", "content": "x"}]})
    assert bad.value.param == "max_tokens"


def test_calls_pair_with_their_results_by_id_in_both_apis() -> None:
    call = chat_call({"model": "m", "messages": [
        {"role": "user", "content": "weather in Rome and Oslo?"},
        {"role": "assistant", "content": "Checking.", "tool_calls": [
            {"id": "a", "type": "function", "function": {"name": "w", "arguments": "{\"city\": \"Rome\"}"}},
            {"id": "b", "type": "function", "function": {"name": "w", "arguments": "{\"city\": \"Oslo\"}"}}]},
        {"role": "tool", "tool_call_id": "b", "content": "snow"},
        {"role": "tool", "tool_call_id": "a", "content": "sun"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c", "type": "function", "function": {"name": "w", "arguments": "{}"}}]},
        {"role": "user", "content": "never mind"}]})
    assert call.turns == (Turn("user", "weather in Rome and Oslo?"), Turn("assistant", "Checking."),
                          Turn("tool", "sun", "w", {"city": "Rome"}), Turn("tool", "snow", "w", {"city": "Oslo"}),
                          Turn("assistant", '{"name": "w", "arguments": {}}', "w", {}),  # never answered: the call alone
                          Turn("user", "never mind"))
    with pytest.raises(BadRequest) as bad:
        chat_call({"model": "m", "messages": [{"role": "assistant", "tool_calls": [
            {"id": "a", "function": {"name": "w", "arguments": "[1]"}}]}]})
    assert bad.value.param == "messages[0].tool_calls[0].function.arguments"
    anthropic = messages_call({"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Let me add."},
                                          {"type": "tool_use", "id": "t1", "name": "add", "input": {"a": 2, "b": 2}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "4"}]}]})
    assert anthropic.turns == (Turn("user", "2+2?"), Turn("assistant", "Let me add."),
                               Turn("tool", "4", "add", {"a": 2, "b": 2}))


def test_remote_references() -> None:
    r = parse_remote("openai:http://gpu-box:8080/v1#profile:general@BOX_KEY")
    assert (r.host, r.port, r.base, r.model, r.key_var, r.url) == (
        "gpu-box", 8080, "/v1", "profile:general", "BOX_KEY", "http://gpu-box:8080/v1")
    assert parse_remote("openai:https://example.org/v1").port == 443 and parse_remote("openai:https://example.org/v1").model is None
    assert (parse_remote("openai:http://h:1/v1@KEY").key_var, parse_remote("openai:http://h:1/v1@KEY").base) == ("KEY", "/v1")
    assert parse_remote("openai:http://me@h:1/v1").key_var is None  # user info in the URL is not a key
    for bad in ("openai:ftp://x/v1", "openai:http://:80/v1", "openai:http://h:99999/v1", "openai:http://h/v1#m@bad-var",
                "openai:http://h/v1@bad-var"):
        with pytest.raises(InputError):
            parse_remote(bad)


def test_a_remote_whose_key_goes_missing_fails_the_request_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    import http.server
    import threading

    from llorch.engine.types import Message, Request
    from llorch.errors import ModelLoadError
    from llorch.orchestra.remote import RemoteWorker

    class Models(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body = json.dumps({"data": [{"id": "m"}]}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Models)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("BOX_KEY", "k")
        worker = RemoteWorker(f"openai:http://127.0.0.1:{server.server_address[1]}/v1@BOX_KEY")
        assert worker.model == "m"  # the endpoint's first model
        monkeypatch.delenv("BOX_KEY")
        handle = worker.submit(Request(messages=(Message("user", "hi"),)))
        assert handle.wait(10)
        with pytest.raises(ModelLoadError, match="the environment variable BOX_KEY"):
            handle.result()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "field, value, words",
    [
        ("temperature", float("nan"), "a number from 0 to 2"),  # Python's json reads NaN and Infinity
        ("temperature", float("inf"), "a number from 0 to 2"),
        ("temperature", "hot", "a number from 0 to 2"),
        ("top_p", 3, "a number from 0 to 1"),
        ("n", True, "an integer from 1 to 16"),  # true is not 1
        ("n", 2.0, "an integer from 1 to 16"),
        ("top_k", -1, "an integer from 0 to 1048576"),
    ],
)
def test_numbers_are_checked_by_the_field_validator_and_name_the_field(field: str, value: object, words: str) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}], field: value}
    with pytest.raises(BadRequest) as bad:
        chat_call(body)
    assert bad.value.param == field and bad.value.status == 400
    assert f"'{field}' must be {words}, got " in bad.value.message


def test_the_priority_header_is_interactive_or_bulk_and_anything_else_is_refused() -> None:
    from llorch.server.protocol import read_priority

    assert read_priority(None) == "interactive"
    assert read_priority("bulk") == "bulk" and read_priority(" Interactive ") == "interactive"
    with pytest.raises(BadRequest, match="X-Llorch-Priority header is 'urgent'; use interactive or bulk") as exc:
        read_priority("urgent")
    assert exc.value.status == 400 and exc.value.param == "X-Llorch-Priority"


def test_a_calls_priority_reaches_the_runtime() -> None:
    """The server asks the runtime with the header's priority, as `run --each-line` does with bulk."""
    import dataclasses
    from types import SimpleNamespace
    from typing import Any

    from llorch.server.generate import Generation

    asked: list[dict[str, Any]] = []

    class Runtime:
        def ask(self, prompt: str, **kw: Any) -> Any:
            asked.append(kw)
            return iter(())

    call = dataclasses.replace(chat_call({"model": "m", "messages": [{"role": "user", "content": "hi"}]}), priority="bulk")
    target = SimpleNamespace(explicit=True, chain=("m",))
    Generation(Runtime(), call, target)._ask(0)
    assert asked[0]["priority"] == "bulk"
    assert chat_call({"model": "m", "messages": [{"role": "user", "content": "hi"}]}).priority == "interactive"


def test_a_remote_worker_passes_bulk_priority_on_as_the_header() -> None:
    """Another llorch serve lets its interactive requests go first; other servers ignore the header."""
    import http.server
    import threading

    from llorch.engine.types import Message, Request
    from llorch.orchestra.remote import RemoteWorker

    seen: list[str | None] = []

    class Endpoint(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            self._reply(200, {"data": [{"id": "m"}]})

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get("X-Llorch-Priority"))
            self._reply(400, {"error": {"message": "recorded"}})

        def _reply(self, status: int, data: object) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        worker = RemoteWorker(f"openai:http://127.0.0.1:{server.server_address[1]}/v1")
        for priority in ("bulk", "interactive"):
            handle = worker.submit(Request(messages=(Message("user", "hi"),), priority=priority))  # type: ignore[arg-type]
            assert handle.wait(10)
    finally:
        server.shutdown()
        server.server_close()
    assert seen == ["bulk", None]
