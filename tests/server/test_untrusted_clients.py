"""`llorch serve` against clients it must not trust: names it does not offer, bodies built to break
the parser, connections that stall. A real server process on a tiny model, its read deadlines
set short (1 s) in config.toml so a stalled connection is closed within the test's bounded wait.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from serverproc import ServerProcess, metric
from tinymodel import write_tiny_gguf

WAIT = 30.0
DEADLINE_S = 1.0
LATENCY_S = 3.0  # the slow model's injected wait before it answers: longer than both read deadlines

CHAT = {"messages": [{"role": "user", "content": "hi"}], "max_tokens": 2}
ENDPOINTS = {  # path -> (the API's error shape, a minimal body without `model`)
    "/v1/chat/completions": ("openai", CHAT),
    "/v1/completions": ("openai", {"prompt": "the", "max_tokens": 2}),
    "/v1/messages": ("anthropic", CHAT),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, tiny_chat_model: Path) -> Any:
    from llorch.config import write_toml_atomic

    home = tmp_path_factory.mktemp("serve-home")
    slow = write_tiny_gguf(tmp_path_factory.mktemp("slow") / "slow.gguf", seed=1)
    write_toml_atomic(home / "config" / "config.toml", {
        "default_model": str(tiny_chat_model), "engine": {"n_ctx": 1024},
        "server": {"header_timeout_s": DEADLINE_S, "body_timeout_s": DEADLINE_S}})
    (home / "config" / "profiles").mkdir()
    (home / "config" / "profiles" / "tiny.toml").write_text(f'name = "tiny"\n[models]\nchat = ["{tiny_chat_model}"]\n')
    with ServerProcess(home, "-m", str(tiny_chat_model), "-m", str(slow),
                       env={"LLORCH_FAULTS": f"{slow}:latency={LATENCY_S}"}) as srv:
        srv.model, srv.slow, srv.home = str(tiny_chat_model), str(slow), home  # type: ignore[attr-defined]
        yield srv


def post(server: Any, path: str, body: bytes | dict[str, Any]) -> tuple[int, dict[str, Any]]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=WAIT) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def get(server: Any, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(server.url + path, timeout=WAIT) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:  # /health says 503 while a model loads
        return e.code, e.read()


def error_of(api: str, answer: dict[str, Any]) -> tuple[str, str | None]:
    """The message and the field an error names, in either API's shape."""
    if api == "anthropic":
        assert answer["type"] == "error" and answer["error"]["type"] in ("invalid_request_error", "not_found_error")
        return answer["error"]["message"], None
    error = answer["error"]
    assert error["type"] == "invalid_request_error"
    return error["message"], error["param"]


# --- a client reaches only what the operator serves --------------------------------------------


def test_a_model_the_server_does_not_offer_is_404_saying_nothing_of_the_disk_and_nothing_is_stored(
        server: Any, tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.write_text("root:$6$salt$hash:19000:0:99999:7:::\n")
    other_gguf = write_tiny_gguf(tmp_path / "other.gguf", seed=2)  # a real model, just not offered
    names = [str(shadow), "/etc/nonexistent", str(other_gguf), str(tmp_path), "hf:someone/nothing",
             f"hf:someone/nothing/../../../../{other_gguf.relative_to('/')}", "openai:http://127.0.0.1:9/v1@HOME",
             "profile:nosuch", "profile:../../../etc/passwd", "x" * 5000]
    for path, (api, base) in ENDPOINTS.items():
        messages = set()
        for name in names:
            status, answer = post(server, path, base | {"model": name})
            assert status == 404, (path, name, answer)
            message, param = error_of(api, answer)
            if api == "openai":
                assert param == "model" and answer["error"]["code"] == "model_not_found"
            else:
                assert answer["error"]["type"] == "not_found_error"
            assert "/v1/models" in message
            # The same words whatever the name is on the disk: a file, a folder, nothing, a GGUF.
            messages.add(message.replace(name[:80] + "…", "NAME").replace(name[:80], "NAME"))
        assert len(messages) == 1, messages
    listed = {m["id"] for m in json.loads(get(server, "/v1/models")[1])["data"]}
    assert {server.model, server.slow, "qwen-0.5b", "profile:general", "profile:tiny"} <= listed
    assert not listed & set(names)
    loaded = json.loads(get(server, "/health")[1])["loaded"]
    assert str(other_gguf) not in loaded and str(shadow) not in loaded
    assert str(other_gguf) not in get(server, "/metrics")[1].decode()
    rows = subprocess.run(["llorch", "breakers", "list", "--json"], env=server.env, capture_output=True, text=True,
                          timeout=WAIT, check=True)
    assert not {row["model"] for row in json.loads(rows.stdout)} & set(names)


def test_what_the_server_offers_is_answered(server: Any) -> None:
    for path, (api, base) in ENDPOINTS.items():
        for name in (server.model, f" {server.model} ", "default", "profile:tiny", "profile:tiny/chat"):
            status, answer = post(server, path, base | {"model": name})
            assert status == 200, (path, name, answer)


def test_a_model_given_with_serve_model_must_exist(tmp_path: Path) -> None:
    proc = subprocess.run(["llorch", "serve", "--port", "0", "-m", "/etc/nonexistent"], capture_output=True, text=True,
                          timeout=WAIT * 2, env=os.environ | {"LLORCH_HOME": str(tmp_path / "home")})
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: --model /etc/nonexistent: not available here (no such file)")
    assert "Traceback" not in proc.stderr


# --- no 500 for client input ----------------------------------------------------------------------

DEEP = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a": ' * 10_000 + "1" + "}" * 10_000


@pytest.mark.parametrize("path, body, field", [
    ("/v1/chat/completions", DEEP, ""),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": ' + DEEP + "}]}",
     "messages[0].content[0][0][0][0][0]…"),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": "x"}], "metadata": '
     + DEEP_OBJECT + "}", "metadata.a.a.a.a.a.a.a…"),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": "x"}], "response_format": '
     '{"type": "json_schema", "json_schema": {"schema": ' + '{"items": ' * 100 + "{}" + "}" * 100 + "}}}",
     "response_format.json_schema.schema.items.items.items.items.items…"),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "assistant", "content": null, "tool_calls": '
     '[{"id": "c", "type": "function", "function": {"name": "f", "arguments": ' + json.dumps(DEEP_OBJECT) + "}}]}]}",
     "messages[0].tool_calls[0].function.arguments.a.a.a.a.a.a.a.a…"),
    ("/v1/messages", '{"model": "M", "max_tokens": 5, "messages": [{"role": "assistant", "content": [{"type": '
     '"tool_use", "id": "t", "name": "f", "input": ' + DEEP_OBJECT + "}]}]}",
     "messages[0].content[0].input.a.a.a…"),
    ("/v1/messages", DEEP_OBJECT, "a.a.a.a.a.a.a.a…"),
    ("/v1/completions", '{"model": "M", "prompt": ' + DEEP + "}", "prompt[0][0][0][0][0][0][0]…"),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": "a\\ud800b"}]}',
     "messages[0].content"),
    ("/v1/chat/completions", '{"model": "\\udfff", "messages": [{"role": "user", "content": "x"}]}', "model"),
    ("/v1/messages", '{"model": "M", "max_tokens": 5, "system": "\\ud800", "messages": [{"role": "user", '
     '"content": "x"}]}', "system"),
    ("/v1/messages", '{"model": "M", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", '
     '"text": "\\ud83d"}]}]}', "messages[0].content[0].text"),
    ("/v1/completions", '{"model": "M", "prompt": "x", "\\ud800": 1}', ""),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": '
     '"c", "type": "function", "function": {"name": "f", "arguments": "{\\"a\\": \\"\\\\ud800\\"}"}}]}]}',
     "messages[0].tool_calls[0].function.arguments.a"),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": "x"}], "seed": ' + "9" * 5000 + "}",
     ""),
    ("/v1/chat/completions", '{"model": "M", "messages": [{"role": "user", "content": "x"}], "temperature": NaN}', ""),
    ("/v1/chat/completions", b'{"model": "M", "messages": [{"role": "user", "content": "\xed\xa0\x80"}]}', ""),
], ids=[
    "deep-array-body", "deep-array-content", "deep-object-metadata", "deep-schema", "deep-tool-arguments",
    "deep-anthropic-input", "deep-object-body", "deep-prompt", "surrogate-content", "surrogate-model",
    "surrogate-system", "surrogate-text-block", "surrogate-key", "surrogate-in-arguments", "long-integer", "nan",
    "surrogate-bytes"
])
def test_bodies_built_to_break_the_parser_get_400_naming_the_field(server: Any, path: str, body: str | bytes,
                                                                   field: str) -> None:
    raw = body.encode() if isinstance(body, str) else body
    status, answer = post(server, path, raw.replace(b'"M"', json.dumps(server.model).encode()))
    assert status == 400, answer
    api = ENDPOINTS[path][0]
    message, param = error_of(api, answer)
    if field:
        assert f"'{field}'" in message, message
        if api == "openai":
            assert param == field
    assert "Traceback" not in message and len(message) < 400


def test_a_schema_that_asks_for_a_huge_grammar_is_refused(server: Any) -> None:
    for schema in ({"type": "string", "minLength": 10**7}, {"type": "string", "pattern": "^a{10000000}$"},
                   {"type": "array", "items": {"type": "integer"}, "minItems": 1e300}):
        body = CHAT | {"model": server.model, "response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}
        started = time.monotonic()
        status, answer = post(server, "/v1/chat/completions", body)
        assert status == 400 and answer["error"]["param"] == "response_format.json_schema.schema", answer
        assert time.monotonic() - started < WAIT
        tool = {"name": "f", "input_schema": {"type": "object", "properties": {"s": schema}}}
        status, answer = post(server, "/v1/messages", CHAT | {"model": server.model, "tools": [tool]})
        assert status == 400 and "tools[0].input_schema" in answer["error"]["message"], answer


# --- connections that stall are closed -------------------------------------------------------------


def _until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (bounded: WAIT)."""
    sock.settimeout(WAIT)
    out = b""
    while chunk := sock.recv(65536):
        out += chunk
    return out


def _connect(server: Any) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)


def test_a_connection_that_sends_nothing_is_closed(server: Any) -> None:
    with _connect(server) as sock:
        started = time.monotonic()
        assert _until_closed(sock) == b""
        assert time.monotonic() - started >= DEADLINE_S * 0.9


def test_headers_that_stall_get_408_and_the_connection_closes(server: Any) -> None:
    with _connect(server) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/js")
        answer = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408 ") and b"did not come within 1 s" in answer


def test_a_body_that_stalls_is_cut_off(server: Any) -> None:
    before = metric(get(server, "/metrics")[1].decode(), "llorch_requests_in_flight")
    with _connect(server) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{\"model\": ")
        assert _until_closed(sock) == b""
    assert metric(get(server, "/metrics")[1].decode(), "llorch_requests_in_flight") == before


def test_a_body_that_keeps_coming_is_read_past_the_deadline(server: Any) -> None:
    """Each 1,000 bytes move the deadline 2 s on (MIN_BODY_RATE 500 B/s): a slow client sending a piece every
    0.3 s for longer than body_timeout_s is answered."""
    body = json.dumps(CHAT | {"model": server.model, "user": "x" * 5000}).encode()
    pieces = [body[i:i + 1000] for i in range(0, len(body), 1000)]
    assert len(pieces) * 0.3 > DEADLINE_S
    with _connect(server) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        for piece in pieces:
            time.sleep(0.3)  # the slow client itself, not a wait for the server
            sock.sendall(piece)
        answer = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]


def test_a_kept_alive_connection_that_stalls_in_its_second_request_is_closed(server: Any) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first or not first.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            assert chunk, first
            first += chunk
        assert first.startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /health HTTP/1.1\r\nHo")
        assert _until_closed(sock).startswith(b"HTTP/1.1 408 ")


def test_an_answer_slower_than_the_read_deadlines_is_not_cut(server: Any) -> None:
    started = time.monotonic()
    status, answer = post(server, "/v1/chat/completions", CHAT | {"model": server.slow})
    assert status == 200, answer
    assert time.monotonic() - started >= LATENCY_S > DEADLINE_S
    assert answer["choices"][0]["message"]["role"] == "assistant"


def test_the_server_is_healthy_after_and_its_log_has_no_traceback(server: Any) -> None:
    assert json.loads(get(server, "/health")[1])["status"] in ("ready", "degraded")
    status, answer = post(server, "/v1/chat/completions", CHAT | {"model": server.model})
    assert status == 200, answer
    code, err = server.stop()
    assert code == 0, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err and "RecursionError" not in err, err
