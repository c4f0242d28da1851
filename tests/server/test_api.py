"""`llorch serve` driven by the official openai and anthropic clients, on a tiny random-weight model.

The tiny model's words are noise, but everything the server promises does not depend on
them: streams end properly, schemas and tool calls are enforced by the grammar, usage
adds up, bad requests get the right status in the API's own shape, and slots are freed.
The same server on the real starter is in test_api_starter.py.
"""

from __future__ import annotations

import asyncio
import http.client as httpclient
import json
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from serverproc import ServerProcess, metric

anthropic = pytest.importorskip("anthropic")
openai = pytest.importorskip("openai")

WAIT = 30.0


def _home(tmp_path_factory: pytest.TempPathFactory, model: Path, **extra: Any) -> Path:
    from llorch.config import write_toml_atomic

    home = tmp_path_factory.mktemp("serve-home")
    write_toml_atomic(home / "config" / "config.toml", {"default_model": str(model), **extra})
    return home


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, tiny_chat_model: Path) -> Any:
    home = _home(tmp_path_factory, tiny_chat_model, engine={"n_ctx": 2048})
    with ServerProcess(home, "--api-key", "sesame", "--model", str(tiny_chat_model)) as srv:
        srv.model = str(tiny_chat_model)  # type: ignore[attr-defined]
        yield srv


def client(server: Any, **kw: Any) -> Any:
    return openai.OpenAI(base_url=server.url + "/v1", api_key="sesame", max_retries=0, **kw)


def http(server: Any, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
    request = urllib.request.Request(server.url + path, data=body, headers={"Authorization": "Bearer sesame"} | (headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            raw = r.read()
            return r.status, raw, r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def test_chat_answers_with_usage_and_the_source_that_answered(server: Any) -> None:
    c = client(server)
    raw = c.chat.completions.with_raw_response.create(model=server.model, max_tokens=8, seed=1, temperature=0,
                                                      messages=[{"role": "user", "content": "hello"}])
    r = raw.parse()
    assert raw.headers["x-llorch-source"] == f"model {server.model}"
    assert r.choices[0].finish_reason in ("stop", "length") and r.choices[0].message.role == "assistant"
    u = r.usage
    assert u.prompt_tokens > 0 and 0 < u.completion_tokens <= 8 and u.total_tokens == u.prompt_tokens + u.completion_tokens
    again = c.chat.completions.create(model=server.model, max_tokens=8, seed=1, temperature=0,
                                      messages=[{"role": "user", "content": "hello"}])
    assert again.choices[0].message.content == r.choices[0].message.content  # same seed, same answer


def test_a_stream_is_the_same_answer_with_usage_in_its_last_chunk(server: Any) -> None:
    c = client(server)
    kwargs: dict[str, Any] = dict(model=server.model, max_tokens=12, seed=7, temperature=0,
                                  messages=[{"role": "user", "content": "tell me"}])
    whole = c.chat.completions.create(**kwargs)
    chunks = list(c.chat.completions.create(stream=True, stream_options={"include_usage": True}, **kwargs))
    text = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
    assert text == whole.choices[0].message.content
    assert [ch.choices[0].finish_reason for ch in chunks if ch.choices][-1] in ("stop", "length")
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens == whole.usage.completion_tokens


def test_async_client_n_choices_and_logprobs(server: Any) -> None:
    async def go() -> Any:
        async with openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="sesame", max_retries=0) as c:
            return await c.chat.completions.create(model=server.model, n=3, max_tokens=6, logprobs=True, seed=5,
                                                   messages=[{"role": "user", "content": "hi"}])

    r = asyncio.run(go())
    assert [ch.index for ch in r.choices] == [0, 1, 2]
    assert all(ch.logprobs.content and all(t.logprob <= 0 for t in ch.logprobs.content) for ch in r.choices)
    assert r.usage.completion_tokens == sum(len(ch.logprobs.content) for ch in r.choices)


def _check_top(token: str, logprob: float, top: list[tuple[str, float]], k: int) -> None:
    """k alternatives, most likely first; the chosen token is no likelier than the first, and among them
    it has its own log-probability."""
    assert len(top) == k and [lp for _, lp in top] == sorted((lp for _, lp in top), reverse=True)
    assert all(lp <= 0 for _, lp in top) and logprob <= top[0][1] + 1e-9
    if token in [t for t, _ in top]:
        assert dict(top)[token] == pytest.approx(logprob, abs=1e-6) or [t for t, _ in top].count(token) > 1


def test_top_logprobs_in_chat_bodies_and_streams(server: Any) -> None:
    c = client(server)
    kwargs: dict[str, Any] = dict(model=server.model, max_tokens=8, seed=3, temperature=0, logprobs=True,
                                  top_logprobs=4, messages=[{"role": "user", "content": "the cat"}])
    r = c.chat.completions.create(**kwargs)
    content = r.choices[0].logprobs.content
    assert len(content) == r.usage.completion_tokens >= 1
    for t in content:
        _check_top(t.token, t.logprob, [(a.token, a.logprob) for a in t.top_logprobs], 4)
        assert all(bytes(a.bytes).decode("utf-8", errors="replace") == a.token for a in t.top_logprobs)
    assert b"".join(bytes(t.bytes) for t in content).decode("utf-8", errors="replace") == r.choices[0].message.content
    streamed = [t for ch in c.chat.completions.create(stream=True, **kwargs) if ch.choices and ch.choices[0].logprobs
                for t in ch.choices[0].logprobs.content]
    assert [t.token for t in streamed] == [t.token for t in content]
    assert [t.logprob for t in streamed] == pytest.approx([t.logprob for t in content], abs=1e-4)
    assert [len(t.top_logprobs) for t in streamed] == [4] * len(content)
    plain = c.chat.completions.create(**(kwargs | {"top_logprobs": 0}))
    assert all(t.top_logprobs == [] for t in plain.choices[0].logprobs.content)
    with pytest.raises(openai.BadRequestError, match="top_logprobs"):
        c.chat.completions.create(**(kwargs | {"logprobs": False}))


def test_legacy_completions_give_top_logprobs_as_dicts(server: Any) -> None:
    c = client(server)
    r = c.completions.create(model=server.model, prompt="the dog sat", max_tokens=6, temperature=0, seed=2, logprobs=3)
    lp = r.choices[0].logprobs
    n = r.usage.completion_tokens
    assert len(lp.tokens) == len(lp.token_logprobs) == len(lp.top_logprobs) == len(lp.text_offset) == n >= 1
    for token, logprob, top in zip(lp.tokens, lp.token_logprobs, lp.top_logprobs, strict=True):
        assert 1 <= len(top) <= 3 and logprob <= max(top.values()) + 1e-9
    assert lp.text_offset[0] == 0 and lp.text_offset == sorted(lp.text_offset)
    chunks = list(c.completions.create(model=server.model, prompt="the dog sat", max_tokens=6, temperature=0, seed=2,
                                       logprobs=3, stream=True))
    streamed = [t for ch in chunks if ch.choices and ch.choices[0].logprobs for t in ch.choices[0].logprobs.tokens]
    assert streamed == lp.tokens
    offsets = [o for ch in chunks if ch.choices and ch.choices[0].logprobs for o in ch.choices[0].logprobs.text_offset]
    assert offsets == lp.text_offset


def test_json_schema_output_parses_and_validates(server: Any) -> None:
    # Enums and integers: the tiny model's byte tokens can put raw control bytes into a free string
    # (llama.cpp's grammar lets byte-fallback tokens through); the starter test checks free strings.
    schema = {"type": "object", "properties": {"name": {"enum": ["Ann", "Bob"]}, "age": {"type": "integer"},
                                                "tags": {"type": "array", "items": {"type": "boolean"}, "maxItems": 3}},
              "required": ["name", "age", "tags"], "additionalProperties": False}
    r = client(server).chat.completions.create(
        model=server.model, max_tokens=200, messages=[{"role": "user", "content": "a person"}],
        response_format={"type": "json_schema", "json_schema": {"name": "person", "schema": schema}})
    data = json.loads(r.choices[0].message.content)
    assert set(data) == {"name", "age", "tags"} and data["name"] in ("Ann", "Bob") and isinstance(data["age"], int)
    assert len(data["tags"]) <= 3 and all(isinstance(t, bool) for t in data["tags"])


def test_a_tool_call_comes_back_parsed(server: Any) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "the weather in a city",
                                               "parameters": {"type": "object", "properties": {"city": {"enum": ["Paris", "Rome"]}},
                                                              "required": ["city"], "additionalProperties": False}}}]
    r = client(server).chat.completions.create(model=server.model, max_tokens=120, tools=tools, tool_choice="required",
                                               messages=[{"role": "user", "content": "weather in Paris?"}])
    choice = r.choices[0]
    assert choice.finish_reason == "tool_calls"
    (call,) = choice.message.tool_calls
    assert call.function.name == "get_weather" and json.loads(call.function.arguments)["city"] in ("Paris", "Rome")


def test_a_quote_in_an_enum_is_a_tool_call_and_tools_over_the_context_are_an_error(server: Any) -> None:
    """Both had lost the client's tools without a word: a 200 with a text answer, tool_choice required or not."""
    sizes = ['12" pizza', "C:\\16 inch"]
    tools = [{"type": "function", "function": {"name": "set_size", "description": "set the size", "parameters": {
        "type": "object", "properties": {"size": {"enum": sizes}}, "required": ["size"]}}}]
    r = client(server).chat.completions.create(model=server.model, max_tokens=60, tools=tools, tool_choice="required",
                                               messages=[{"role": "user", "content": "a 12 inch pizza"}])
    (call,) = r.choices[0].message.tool_calls
    assert call.function.name == "set_size" and json.loads(call.function.arguments)["size"] in sizes
    long = [{"type": "function", "function": {"name": "get_weather", "description": "the weather. " * 900,
                                              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}]
    for choice in ("required", "auto"):
        with pytest.raises(openai.BadRequestError) as refused:
            client(server).chat.completions.create(model=server.model, max_tokens=20, tools=long, tool_choice=choice,
                                                   messages=[{"role": "user", "content": "weather in Paris?"}])
        assert refused.value.status_code == 400 and refused.value.code == "context_length_exceeded"


def test_a_streamed_tool_call_comes_as_openai_streams_it(server: Any) -> None:
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "the weather in a city",
                                               "parameters": {"type": "object", "properties": {"city": {"enum": ["Paris", "Rome"]}},
                                                              "required": ["city"], "additionalProperties": False}}}]
    stream = client(server).chat.completions.create(model=server.model, max_tokens=120, tools=tools, stream=True,
                                                    tool_choice="required", seed=3,
                                                    messages=[{"role": "user", "content": "weather in Rome?"}])
    heads, pieces, finish = [], [], None
    for chunk in stream:
        for choice in chunk.choices:
            for delta in choice.delta.tool_calls or []:
                if delta.id:
                    heads.append((delta.id, delta.function.name))
                pieces.append(delta.function.arguments or "")
            finish = choice.finish_reason or finish
    # One call: its id and name first, then its arguments in several deltas that join into JSON.
    assert len(heads) == 1 and heads[0][1] == "get_weather" and finish == "tool_calls"
    assert len([p for p in pieces if p]) >= 2 and json.loads("".join(pieces))["city"] in ("Paris", "Rome")


def test_plain_completions_and_models(server: Any) -> None:
    c = client(server)
    r = c.completions.create(model=server.model, prompt="the cat", max_tokens=5, seed=2)
    assert r.object == "text_completion" and r.usage.completion_tokens <= 5
    r = c.completions.create(model=server.model, prompt="go on forever", temperature=0)  # (1,250 tokens if let)
    assert r.usage.completion_tokens == 16 and r.choices[0].finish_reason == "length"  # OpenAI's default there
    ids = {m.id for m in c.models.list().data}
    assert {"qwen-0.5b", "qwen-1.5b", "gemma-3-270m", "profile:general", "profile:dev"} <= ids


def test_anthropic_messages_plain_and_streamed(server: Any) -> None:
    a = anthropic.Anthropic(base_url=server.url, api_key="sesame", max_retries=0)
    greedy = {"extra_body": {"temperature": 0}}  # this SDK no longer takes temperature itself; the API does
    m = a.messages.create(model=server.model, max_tokens=10, system="be brief",
                          messages=[{"role": "user", "content": "hi"}], **greedy)
    assert m.role == "assistant" and m.stop_reason in ("end_turn", "max_tokens") and m.usage.output_tokens <= 10
    with a.messages.stream(model=server.model, max_tokens=10, messages=[{"role": "user", "content": "hi"}],
                           system="be brief", **greedy) as stream:
        text = "".join(stream.text_stream)
        final = stream.get_final_message()
    assert text == m.content[0].text and final.usage.output_tokens == m.usage.output_tokens
    tool = {"name": "lookup", "description": "look a word up", "input_schema": {
        "type": "object", "properties": {"word": {"enum": ["cat", "dog"]}}, "required": ["word"]}}
    used = a.messages.create(model=server.model, max_tokens=100, tools=[tool], tool_choice={"type": "any"},
                             messages=[{"role": "user", "content": "look up cat"}])
    assert used.stop_reason == "tool_use" and used.content[0].type == "tool_use" and used.content[0].name == "lookup"


def test_an_anthropic_stop_sequence_that_ends_the_answer_is_reported(server: Any) -> None:
    a = anthropic.Anthropic(base_url=server.url, api_key="sesame", max_retries=0)
    asked = {"model": server.model, "max_tokens": 12, "messages": [{"role": "user", "content": "count"}],
             "extra_body": {"temperature": 0}}
    whole = a.messages.create(**asked).content[0].text  # (greedy: the same words each time)
    stop = next(whole[at:at + 2] for at in range(2, len(whole) - 1) if whole[at:at + 2].strip())
    m = a.messages.create(stop_sequences=[stop, "\u2603never"], **asked)
    assert (m.stop_reason, m.stop_sequence, m.content[0].text) == ("stop_sequence", stop, whole[:whole.find(stop)])
    with a.messages.stream(stop_sequences=[stop], **asked) as stream:
        final = stream.get_final_message()
    assert (final.stop_reason, final.stop_sequence) == ("stop_sequence", stop)
    m = a.messages.create(stop_sequences=["\u2603never"], **asked)  # (none met: the model's end, or max_tokens)
    assert m.stop_reason in ("end_turn", "max_tokens") and m.stop_sequence is None


@pytest.mark.parametrize(
    "body, status, field",
    [
        (b"{not json", 400, None),
        (b'{"model": "M", "messages": "hi"}', 400, "messages"),
        (b'{"model": "M", "messages": [{"role": "user", "content": 5}]}', 400, "messages[0].content"),
        (b'{"model": "M", "messages": [{"role": "user", "content": "x"}], "temperature": "hot"}', 400, "temperature"),
        (b'{"model": "M", "messages": [{"role": "user", "content": "x"}], "n": 99}', 400, "n"),
        (b'{"model": "no-such-model", "messages": [{"role": "user", "content": "x"}]}', 404, "model"),
        (b'{"messages": [{"role": "user", "content": "x"}]}', 400, "model"),
    ],
)
def test_bad_requests_get_the_right_status_and_a_parseable_error(server: Any, body: bytes, status: int,
                                                                  field: str | None) -> None:
    status_got, raw, _ = http(server, "/v1/chat/completions", body.replace(b'"M"', json.dumps(server.model).encode()),
                              {"Content-Type": "application/json"})
    assert status_got == status
    error = json.loads(raw)["error"]
    assert error["message"] and error["param"] == field
    assert http(server, "/health")[0] == 200  # and it goes on serving


@pytest.mark.parametrize(("path", "body", "status", "shape"), [
    ("/v1/foo", b"{}", 404, "openai"), ("/v1/messages/count_tokens", b"{}", 404, "anthropic"),
    ("/v1/chat/completions", None, 405, "openai"), ("/v1/messages", None, 405, "anthropic"),
])
def test_an_unknown_path_or_method_is_an_error_in_the_apis_shape(server: Any, path: str, body: bytes | None,
                                                                 status: int, shape: str) -> None:
    """(They were plain text, which an SDK shows as a bare status.)"""
    code, raw, headers = http(server, path, body, {"Content-Type": "application/json"})
    error = json.loads(raw)
    assert code == status and headers["content-type"] == "application/json"
    if shape == "anthropic":
        assert error["type"] == "error" and error["error"]["type"] == ("not_found_error" if status == 404 else
                                                                       "invalid_request_error")
    message = error["error"]["message"]
    assert ("no endpoint " + path if status == 404 else "GET is not served on " + path + "; it takes POST") in message


@pytest.mark.parametrize("path, body", [
    ("/v1/chat/completions", b'{"model": "M", "max_tokens": 2, "messages": [{"role": "user", "content": "x"}]}'),
    ("/v1/messages", b'{"model": "M", "max_tokens": 2, "messages": [{"role": "user", "content": "x"}]}'),
])
def test_the_priority_header_is_bulk_or_interactive_on_both_apis(server: Any, path: str, body: bytes) -> None:
    body = body.replace(b'"M"', json.dumps(server.model).encode())
    headers = {"Content-Type": "application/json", "x-api-key": "sesame"}
    status, raw, _ = http(server, path, body, headers | {"X-Llorch-Priority": "urgent"})
    assert status == 400
    error = json.loads(raw)["error"]
    assert "X-Llorch-Priority header is 'urgent'; use interactive or bulk" in error["message"]
    for value in ("bulk", "interactive"):
        assert http(server, path, body, headers | {"X-Llorch-Priority": value})[0] == 200


def test_keys_size_and_anthropic_errors(server: Any) -> None:
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=server.url + "/v1", api_key="wrong", max_retries=0).models.list()
    status, raw, _ = http(server, "/v1/chat/completions", b"{}", {"Authorization": ""})
    assert status == 401 and json.loads(raw)["error"]["type"] == "invalid_api_key"
    with pytest.raises(anthropic.AuthenticationError):
        anthropic.Anthropic(base_url=server.url, api_key="wrong", max_retries=0).messages.create(
            model=server.model, max_tokens=5, messages=[{"role": "user", "content": "x"}])
    # A body over the limit is refused from its Content-Length, before it is read.
    conn = httpclient.HTTPConnection("127.0.0.1", server.port, timeout=WAIT)
    conn.putrequest("POST", "/v1/chat/completions")
    for name, value in (("Authorization", "Bearer sesame"), ("Content-Type", "application/json"),
                        ("Content-Length", str(17 * 2**20))):
        conn.putheader(name, value)
    conn.endheaders(b'{"model": ')
    response = conn.getresponse()
    assert response.status == 413 and "more than the 16,777,216 allowed" in json.loads(response.read())["error"]["message"]
    conn.close()
    with pytest.raises(anthropic.BadRequestError) as bad:
        anthropic.Anthropic(base_url=server.url, api_key="sesame", max_retries=0).messages.create(
            model=server.model, messages=[{"role": "user", "content": "x"}], max_tokens=0)
    assert bad.value.body["type"] == "error" and "max_tokens" in bad.value.body["error"]["message"]
    assert http(server, "/health")[0] == 200


def test_sixteen_concurrent_streams_all_finish(server: Any) -> None:
    async def one(c: Any, i: int) -> tuple[str, str]:
        stream = await c.chat.completions.create(model=server.model, max_tokens=24, seed=i, stream=True,
                                                 messages=[{"role": "user", "content": f"story {i}"}])
        text, finish = "", ""
        async for chunk in stream:
            text += chunk.choices[0].delta.content or ""
            finish = chunk.choices[0].finish_reason or finish
        return text, finish

    async def go() -> list[tuple[str, str]]:
        async with openai.AsyncOpenAI(base_url=server.url + "/v1", api_key="sesame", max_retries=0) as c:
            return await asyncio.gather(*(one(c, i) for i in range(16)))

    results = asyncio.run(go())
    assert len(results) == 16 and all(finish in ("stop", "length") for _, finish in results)
    assert all(text for text, _ in results)


def test_a_client_that_goes_away_mid_stream_frees_its_slot(server: Any) -> None:
    before = http(server, "/metrics")[1].decode()
    # Greedy, so the answer is the same every run: this prompt makes the tiny model write 1,250 tokens
    # (with a random seed it may stop after a few dozen, before the client goes away).
    stream = client(server).chat.completions.create(model=server.model, max_tokens=100_000, stream=True, temperature=0,
                                                     messages=[{"role": "user", "content": "go on forever"}])
    for n, chunk in enumerate(stream):
        assert not chunk.choices[0].finish_reason
        if n == 3:
            break
    stream.close()  # the connection closes mid-answer
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        text = http(server, "/metrics")[1].decode()
        busy = metric(text, "llorch_slots_busy", model=server.model)
        cancelled = metric(text, "llorch_cancelled_total") - metric(before, "llorch_cancelled_total")
        if busy == 0 and cancelled == 1 and metric(text, "llorch_requests_in_flight") == 0:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the slot was not freed: {text}")
    out = metric(text, "llorch_completion_tokens_total", model=server.model)
    assert out < 2000  # it stopped long before its context ran out


def test_a_client_that_goes_away_before_a_whole_answer_frees_its_slot(server: Any) -> None:
    """Not streamed: it went on to its max_tokens after its client had left (and an SDK's timeout retries piled up
    three such answers)."""
    before = http(server, "/metrics")[1].decode()
    url = urllib.parse.urlsplit(server.url)
    conn = httpclient.HTTPConnection(url.hostname, url.port, timeout=WAIT)
    body = json.dumps({"model": server.model, "max_tokens": 100_000, "temperature": 0,
                       "messages": [{"role": "user", "content": "go on forever"}]})  # 1,250 tokens, greedy
    conn.request("POST", "/v1/chat/completions", body, {"Authorization": "Bearer sesame",
                                                         "Content-Type": "application/json"})
    deadline = time.monotonic() + WAIT
    while metric(http(server, "/metrics")[1].decode(), "llorch_slots_busy", model=server.model) != 1:
        assert time.monotonic() < deadline, "the answer did not start"
        time.sleep(0.01)
    conn.close()  # the client goes away mid-answer
    while time.monotonic() < deadline:
        text = http(server, "/metrics")[1].decode()
        cancelled = metric(text, "llorch_cancelled_total") - metric(before, "llorch_cancelled_total")
        if metric(text, "llorch_slots_busy", model=server.model) == 0 and metric(
                text, "llorch_requests_in_flight") == 0 and cancelled == 1:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the slot was not freed: {text}")
    out = metric(text, "llorch_completion_tokens_total", model=server.model) - metric(
        before, "llorch_completion_tokens_total", model=server.model)
    assert out < 1250  # it stopped before its answer's end
    assert 'status="499"' in text


def test_over_the_queue_limit_a_request_gets_503_with_retry_after(tmp_path_factory: pytest.TempPathFactory,
                                                                   tiny_chat_model: Path) -> None:
    home = _home(tmp_path_factory, tiny_chat_model, server={"queue_limit": 1}, engine={"n_ctx": 2048})
    with ServerProcess(home, "-m", str(tiny_chat_model)) as srv:
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        stream = c.chat.completions.create(model=str(tiny_chat_model), max_tokens=100_000, stream=True, temperature=0,
                                           messages=[{"role": "user", "content": "go on forever"}])  # 1,250 tokens
        next(iter(stream))
        with pytest.raises(openai.InternalServerError) as refused:
            c.chat.completions.create(model=str(tiny_chat_model), max_tokens=2, messages=[{"role": "user", "content": "x"}])
        assert refused.value.status_code == 503 and refused.value.response.headers["retry-after"] == "1"
        stream.close()
        code, err = srv.stop(signal.SIGTERM)
    assert code == 0 and "llorch serve: stopped" in err and "Traceback" not in err


def test_the_queue_limit_counts_a_request_still_sending_its_body(tmp_path_factory: pytest.TempPathFactory,
                                                                 tiny_chat_model: Path) -> None:
    """A burst that arrives together is held to the limit: requests were counted only once their bodies were read,
    and 12 at once got 5 in under a limit of 2."""
    import socket

    home = _home(tmp_path_factory, tiny_chat_model, server={"queue_limit": 1}, engine={"n_ctx": 2048})
    with ServerProcess(home, "-m", str(tiny_chat_model)) as srv:
        url = urllib.parse.urlsplit(srv.url)
        body = json.dumps({"model": str(tiny_chat_model), "max_tokens": 2,
                           "messages": [{"role": "user", "content": "x"}]}).encode()
        slow = socket.create_connection((url.hostname, url.port), timeout=WAIT)
        slow.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])  # (the rest comes later)
        deadline = time.monotonic() + WAIT
        while metric(http(srv, "/metrics")[1].decode(), "llorch_requests_in_flight") != 1:
            assert time.monotonic() < deadline, "the request being sent was not counted"
            time.sleep(0.01)
        assert http(srv, "/v1/chat/completions", body, {"Content-Type": "application/json"})[0] == 503
        slow.sendall(body[10:])
        answer = slow.makefile("rb").readline()
        slow.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer
        assert http(srv, "/v1/chat/completions", body, {"Content-Type": "application/json"})[0] == 200


def test_sigterm_lets_a_running_stream_finish_then_exits_0(tmp_path_factory: pytest.TempPathFactory,
                                                            tiny_chat_model: Path) -> None:
    home = _home(tmp_path_factory, tiny_chat_model)
    with ServerProcess(home, "--drain", "120", "-m", str(tiny_chat_model)) as srv:  # a drain long enough for a busy host
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="x", max_retries=0)
        stream = c.chat.completions.create(model=str(tiny_chat_model), max_tokens=300, stream=True, seed=1,
                                           messages=[{"role": "user", "content": "a long answer"}])
        first = next(iter(stream))
        stopper = threading.Thread(target=lambda: results.append(srv.stop(signal.SIGTERM)))
        results: list[tuple[int, str]] = []
        stopper.start()
        finishes = [ch.choices[0].finish_reason for ch in stream if ch.choices]
        stopper.join(WAIT)
    assert first.choices[0].delta.role == "assistant"
    assert finishes[-1] in ("stop", "length")  # drained: the answer ended properly
    assert results and results[0][0] == 0


def test_concurrent_requests_share_one_breaker_per_model(tmp_path_factory: pytest.TempPathFactory,
                                                         tiny_chat_model: Path) -> None:
    """LLORCH_FAULTS makes every call fail; 16 requests in 4 waves of 4 concurrent clients. The first
    wave trips the one breaker the server keeps for the model; no later request reaches the model."""
    home = _home(tmp_path_factory, tiny_chat_model, engine={"n_ctx": 2048},
                 breaker={"consecutive_failures": 3, "wait_seconds": 600.0, "max_wait_seconds": 600.0, "jitter": 0.0})
    reached_by_wave: list[int] = []
    with ServerProcess(home, "-m", str(tiny_chat_model), env={"LLORCH_FAULTS": f"{tiny_chat_model}:error=1"}) as srv:
        c = openai.OpenAI(base_url=srv.url + "/v1", api_key="unused", max_retries=0)
        for _wave in range(4):
            start = threading.Barrier(4)
            said: list[str] = []

            def ask() -> None:
                start.wait(timeout=WAIT)
                try:
                    c.chat.completions.create(model=str(tiny_chat_model), max_tokens=4,
                                              messages=[{"role": "user", "content": "hi"}])
                    said.append("answered")
                except openai.APIStatusError as exc:
                    said.append(f"{exc.status_code} {exc.message}")

            threads = [threading.Thread(target=ask) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=WAIT)
            assert len(said) == 4 and all(s.startswith("503 ") for s in said), said
            reached_by_wave.append(sum("injected fault" in s for s in said))
        status, body, _ = http(srv, "/metrics")
    assert 3 <= reached_by_wave[0] <= 4 and reached_by_wave[1:] == [0, 0, 0], reached_by_wave
    assert metric(body.decode(), "llorch_breaker_state", model=str(tiny_chat_model), state="open") == 1


def test_an_answer_that_fails_mid_stream_ends_each_stream_with_its_error(tmp_path_factory: pytest.TempPathFactory,
                                                                         tiny_chat_model: Path) -> None:
    """The model fails after 2 tokens: the Anthropic stream's last event is its `error` (it went on to a
    message_delta and message_stop, as if the answer had ended well), and the SDK raises it."""
    home = _home(tmp_path_factory, tiny_chat_model, engine={"n_ctx": 2048})
    faults = {"LLORCH_FAULTS": f"{tiny_chat_model}:crash=1,crash_after=2"}
    with ServerProcess(home, "-m", str(tiny_chat_model), env=faults) as srv:
        body = json.dumps({"model": str(tiny_chat_model), "max_tokens": 16, "stream": True,
                           "messages": [{"role": "user", "content": "hi"}]}).encode()
        request = urllib.request.Request(srv.url + "/v1/messages", data=body,
                                         headers={"content-type": "application/json"})
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            names = [line.split(b" ", 1)[1].decode() for line in r.read().splitlines() if line.startswith(b"event: ")]
        assert names[0] == "message_start" and names[-1] == "error", names
        assert "content_block_delta" in names and "message_stop" not in names, names
        a = anthropic.Anthropic(base_url=srv.url, api_key="unused", max_retries=0)
        with pytest.raises(anthropic.APIStatusError, match="injected"):
            with a.messages.stream(model=str(tiny_chat_model), max_tokens=16,
                                   messages=[{"role": "user", "content": "hi"}]) as stream:
                for _ in stream.text_stream:
                    pass
        status, _, _ = http(srv, "/health")
        assert status == 200  # and it goes on serving
