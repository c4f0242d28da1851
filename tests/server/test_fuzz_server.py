"""Generated request bodies against a running `llorch serve` (a tiny model, a small context).

Each endpoint gets bodies whose fields are plausible, of the wrong type, huge, nested
thousands deep, lone surrogates, or hostile JSON schemas and tools. Whatever comes in:
2xx or 4xx in the API's own shape (never 5xx), and after it all the server is healthy,
answers a normal request and its log holds no traceback.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from serverproc import ServerProcess

WAIT = 60.0
DEEP = "@@DEEP:"  # a string standing for nesting too deep for json.dumps: replaced by raw text when sent


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, tiny_chat_model: Path) -> Any:
    from llorch.config import write_toml_atomic

    home = tmp_path_factory.mktemp("fuzz-home")
    # Short answers by default (bodies that give max_tokens give at most 8): the corpus is about the input.
    write_toml_atomic(home / "config" / "config.toml", {"default_model": str(tiny_chat_model),
                                                        "engine": {"n_ctx": 256}, "sampling": {"max_tokens": 8}})
    with ServerProcess(home, "-m", str(tiny_chat_model)) as srv:
        srv.model = str(tiny_chat_model)  # type: ignore[attr-defined]
        yield srv


# --- values --------------------------------------------------------------------------------------

surrogate = st.integers(0xD800, 0xDFFF).map(chr)
text = st.one_of(st.text(max_size=12), st.text(st.sampled_from("ab \n\"\\{}[]<|>") | surrogate, max_size=8))
number = st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from([0, -1, 1, 2**31, 2**63, 2**64, 1e308, -1e308, 5e-324, 0.5, 1.5, 2, 17]))
deep = st.integers(50, 3000).flatmap(lambda n: st.sampled_from([f"{DEEP}[{n}", f"{DEEP}{{{n}"]))
leaf = st.one_of(st.none(), st.booleans(), number, text, deep)
anything = st.recursive(leaf, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                        max_leaves=8)


def maybe(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly a plausible value, sometimes anything at all."""
    return st.one_of(plausible, plausible, anything)


# Counts of tokens and answers: a few, or wrong (out of range, of the wrong type), never many that are valid,
# so that the corpus stays fast: an answer is at most 8 tokens (also config's default) of at most 3 choices.
wrong_count = st.one_of(st.sampled_from([0, -1, 2**21, 2**64, -(2**63) - 1, 1e308, 1.5, True, "8", None]),
                        text, deep, st.lists(leaf, max_size=2), st.dictionaries(text, leaf, max_size=2))
tokens = st.one_of(st.integers(1, 8), st.integers(1, 8), wrong_count)
choices = st.one_of(st.integers(1, 3), st.integers(1, 3), st.just(17), wrong_count)


schema = st.recursive(
    st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["object", "string", "integer", "number", "boolean", "array", "null", "bogus", 5]),
        "enum": st.lists(leaf, max_size=3),
        "const": leaf,
        "pattern": st.sampled_from(["^a+$", "(", "[", "a{100000}", "^\\d{4}-\\d{2}$", "\\", "(?P<x>a)", "a{2,1}",
                                    "^((a{100}){100}){100}$", ".*"]),
        "minLength": number, "maxLength": number, "minItems": number, "maxItems": number,
        "format": st.sampled_from(["date", "date-time", "uuid", "email", "nope"]),
        "$ref": st.sampled_from(["#", "#/definitions/x", "#/$defs/none", "http://127.0.0.1:9/s.json"]),
        "additionalProperties": st.booleans(),
        "required": st.lists(text, max_size=3),
    }),
    lambda inner: st.fixed_dictionaries({"type": st.just("object")}, optional={
        "properties": st.dictionaries(text, inner, max_size=3), "items": inner,
        "anyOf": st.lists(inner, max_size=3), "oneOf": st.lists(inner, max_size=2),
        "$defs": st.dictionaries(text, inner, max_size=2), "definitions": st.dictionaries(text, inner, max_size=2),
    }),
    max_leaves=6,
) | anything

part = st.one_of(st.fixed_dictionaries({"type": maybe(st.just("text")), "text": maybe(text)}), anything)
content = st.one_of(text, st.lists(part, max_size=3), st.none(), anything)
sampling = {"temperature": maybe(number), "top_p": maybe(number), "top_k": maybe(number), "seed": maybe(number),
            "max_tokens": tokens, "stream": maybe(st.booleans()),
            "stop": maybe(st.one_of(text, st.lists(text, max_size=17)))}

openai_tool = st.fixed_dictionaries({"type": maybe(st.just("function")), "function": maybe(st.fixed_dictionaries(
    {"name": maybe(st.sampled_from(["f", "get_weather"]) | text)},
    optional={"description": maybe(text), "parameters": schema})),
})
openai_call = st.fixed_dictionaries({"id": maybe(text), "type": maybe(st.just("function")), "function": maybe(
    st.fixed_dictionaries({"name": maybe(text), "arguments": maybe(st.one_of(
        st.sampled_from(["{}", '{"a": 1}', "[1]", "{", '{"a": "\\ud800"}', "[" * 3000, "1" * 5000]),
        anything.map(lambda v: json.dumps(v) if DEEP not in json.dumps(v) else "{}"))),
    }))})
openai_message = st.fixed_dictionaries(
    {"role": maybe(st.sampled_from(["system", "developer", "user", "assistant", "tool", "robot"])), "content": content},
    optional={"tool_calls": maybe(st.lists(openai_call, max_size=2)), "tool_call_id": maybe(text),
              "name": maybe(text)})

CHAT = st.fixed_dictionaries({"messages": maybe(st.lists(openai_message, min_size=1, max_size=3))}, optional={
    **sampling, "n": choices, "min_p": maybe(number), "max_completion_tokens": tokens,
    "logprobs": maybe(st.booleans()), "top_logprobs": maybe(number), "frequency_penalty": maybe(number),
    "stream_options": maybe(st.fixed_dictionaries({"include_usage": maybe(st.booleans())})),
    "response_format": maybe(st.one_of(
        st.fixed_dictionaries({"type": st.sampled_from(["text", "json_object", "xml"])}),
        st.fixed_dictionaries({"type": st.just("json_schema"),
                               "json_schema": st.fixed_dictionaries({"name": text, "schema": schema})}))),
    "tools": maybe(st.lists(openai_tool, max_size=3)),
    "tool_choice": maybe(st.one_of(st.sampled_from(["auto", "none", "required", "bogus"]), st.fixed_dictionaries(
        {"type": st.just("function"), "function": st.fixed_dictionaries({"name": maybe(text)})}))),
    "metadata": anything, "user": maybe(text),
})

COMPLETION = st.fixed_dictionaries({"prompt": maybe(st.one_of(text, st.lists(text, max_size=2)))}, optional={
    **sampling, "n": choices, "logprobs": maybe(number), "echo": maybe(st.booleans()),
    "suffix": maybe(text)})

block = st.one_of(
    st.fixed_dictionaries({"type": st.just("text"), "text": maybe(text)}),
    st.fixed_dictionaries({"type": st.just("tool_use"), "id": maybe(text), "name": maybe(text), "input": anything}),
    st.fixed_dictionaries({"type": st.just("tool_result"), "tool_use_id": maybe(text), "content": content}),
    st.fixed_dictionaries({"type": maybe(st.sampled_from(["image", "document", "thinking"]))}),
)
anthropic_message = st.fixed_dictionaries({"role": maybe(st.sampled_from(["user", "assistant", "system"])),
                                           "content": maybe(st.one_of(text, st.lists(block, max_size=3)))})
MESSAGES = st.fixed_dictionaries({"messages": maybe(st.lists(anthropic_message, min_size=1, max_size=3)),
                                  "max_tokens": tokens}, optional={
    **{k: v for k, v in sampling.items() if k not in ("max_tokens", "stop")},
    "stop_sequences": maybe(st.lists(text, max_size=17)), "system": maybe(st.one_of(text, st.lists(block, max_size=2))),
    "tools": maybe(st.lists(st.fixed_dictionaries({"name": maybe(text)}, optional={
        "description": maybe(text), "input_schema": schema}), max_size=3)),
    "tool_choice": maybe(st.fixed_dictionaries({"type": maybe(st.sampled_from(["auto", "any", "tool", "none", "x"]))},
                                               optional={"name": maybe(text)})),
    "metadata": anything,
})

ENDPOINTS = {"/v1/chat/completions": ("openai", CHAT), "/v1/completions": ("openai", COMPLETION),
             "/v1/messages": ("anthropic", MESSAGES)}


# --- sending ------------------------------------------------------------------------------------

def _deep(match: re.Match[str]) -> str:
    opener, depth = match.group(1), int(match.group(2))
    if opener == "[":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth


def encode(body: Any) -> bytes:
    """The body as JSON text; lone surrogates travel as \\uXXXX escapes, as a client's JSON would carry them."""
    raw = json.dumps(body, ensure_ascii=True)
    return re.sub(r'"@@DEEP:([\[{])(\d+)"', _deep, raw).encode()


def post(server: Any, path: str, data: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(server.url + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check(server: Any, path: str, body: Any) -> None:
    api = ENDPOINTS[path][0]
    data = encode(body)
    status, raw = post(server, path, data)
    assert 200 <= status < 500, (status, raw[:500], data[:500])
    if status >= 400:
        error = json.loads(raw)
        if api == "anthropic":
            assert error["type"] == "error" and error["error"]["message"], error
        else:
            assert error["error"]["message"] and error["error"]["type"], error


# --- the corpus ---------------------------------------------------------------------------------

FUZZ = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _with_model(server: Any, body: dict[str, Any], model: Any) -> dict[str, Any]:
    return body | {"model": server.model if model is None else model}


MODEL = st.one_of(st.none(), st.none(), st.none(), anything, st.sampled_from(["default", "profile:general", "/etc/passwd"]))


@FUZZ
@given(body=CHAT, model=MODEL)
def test_chat_completions(server: Any, body: dict[str, Any], model: Any) -> None:
    check(server, "/v1/chat/completions", _with_model(server, body, model))


@FUZZ
@given(body=COMPLETION, model=MODEL)
def test_completions(server: Any, body: dict[str, Any], model: Any) -> None:
    check(server, "/v1/completions", _with_model(server, body, model))


@FUZZ
@given(body=MESSAGES, model=MODEL)
def test_messages(server: Any, body: dict[str, Any], model: Any) -> None:
    check(server, "/v1/messages", _with_model(server, body, model))


@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(path=st.sampled_from(sorted(ENDPOINTS)), body=st.one_of(anything, st.binary(max_size=64)))
def test_any_body_at_all(server: Any, path: str, body: Any) -> None:
    if isinstance(body, bytes):
        status, raw = post(server, path, body)
        assert 400 <= status < 500, (status, raw[:300])
    else:
        check(server, path, body)


def test_after_the_corpus_the_server_is_healthy_and_answers(server: Any) -> None:
    with urllib.request.urlopen(server.url + "/health", timeout=WAIT) as r:
        assert json.loads(r.read())["status"] == "ready"
    status, raw = post(server, "/v1/chat/completions", json.dumps(
        {"model": server.model, "max_tokens": 4, "messages": [{"role": "user", "content": "hi"}]}).encode())
    assert status == 200 and json.loads(raw)["choices"][0]["message"]["role"] == "assistant", raw
    code, err = server.stop()
    assert code == 0 and "Traceback" not in err, err
