"""A remote worker (`openai:URL[#MODEL]`) against a real HTTP endpoint on 127.0.0.1 that misbehaves on purpose:
a malformed stream chunk fails that model at once (the chain goes on), and a wrong URL is "unreachable"."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from support import openai_handler, serving

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Message, Request, TokenEvent
from llorch.errors import GenerationError, LlorchError, ModelLoadError
from llorch.orchestra.pool import Pool
from llorch.orchestra.remote import RemoteWorker, is_remote
from llorch.orchestra.serial import SerialWorker
from llorch.resilience.chain import Answered, FallbackChain, Skipped
from llorch.resilience.guard import CallLimits

WAIT = 10.0  # well under the inter-token limit below: a request that waits for it has hung
LIMITS = CallLimits(ttft_s=60, inter_token_s=60)
REQUEST = Request(messages=(Message("user", "hi"),))
WORDS = ["Hello", " from", " the", " remote"]


class _Endpoint(openai_handler()):  # type: ignore[misc]
    """An OpenAI-compatible endpoint: streams WORDS, then what `server.bad` says (a chunk, or a drop)."""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.seen.append(f"GET {self.path}")
        if self.server.models_status != 200:
            self.reply(self.server.models_status, {"error": {"message": "no"}})
            return
        self.reply(200, {"object": "list", "data": [{"id": "listed-model", "object": "model"}]})

    def do_POST(self) -> None:  # noqa: N802
        self.server.bodies.append(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0)))))
        self.server.seen.append(f"POST {self.path}")
        self.stream()
        for word in WORDS[:2]:
            self.chunk(json.dumps({"choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]}))
        if self.server.bad is None:  # the remote goes away mid-answer
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        try:
            self.chunk(self.server.bad)
            self.chunk("[DONE]")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker hung up on the bad chunk, as it should


@pytest.fixture
def endpoint() -> Iterator[Any]:
    with serving(_Endpoint, wait=WAIT, seen=[], bodies=[], bad=None, models_status=200) as server:
        server.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        yield server


def _free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _failure(worker: RemoteWorker) -> tuple[list[str], BaseException]:
    """The tokens a request got and what it failed with; the handle must end within WAIT."""
    handle = worker.submit(REQUEST)
    assert handle.wait(WAIT), "the request hung: the remote's thread never ended its handle"
    tokens: list[str] = []
    with pytest.raises(LlorchError) as failed:
        for event in handle.stream():
            if isinstance(event, TokenEvent):
                tokens.append(event.text)
    return tokens, failed.value


MALFORMED = [
    pytest.param('{"error": "something broke"}', "sent an error: something broke", id="error-string"),
    pytest.param('{"error": {"message": "out of\\n  memory"}}', "sent an error: out of memory", id="error-object"),
    pytest.param('{"choices": ["oops"]}', 'sent a malformed chunk: {"choices": ["oops"]}', id="choice-not-object"),
    pytest.param('{"choices": {"index": 0}}', "sent a malformed chunk", id="choices-not-list"),
    pytest.param('{"choices": [{"delta": "text"}]}', "sent a malformed chunk", id="delta-not-object"),
    pytest.param('{"choices": [{"delta": {"content": 7}}]}', "sent a malformed chunk", id="content-not-text"),
    pytest.param('["a list"]', "sent a malformed chunk", id="chunk-not-object"),
    pytest.param("{not json" + "x" * 300, "sent a malformed chunk: {not jsonxxx", id="not-json"),
]


@pytest.mark.parametrize(("bad", "says"), MALFORMED)
def test_a_malformed_chunk_fails_the_request_at_once_with_a_one_line_reason(endpoint: Any, bad: str, says: str) -> None:
    endpoint.bad = bad
    worker = RemoteWorker(f"openai:{endpoint.url}#m")
    tokens, error = _failure(worker)
    assert tokens == WORDS[:2]
    assert isinstance(error, GenerationError)
    assert says in str(error) and str(error).startswith(worker.name)
    assert "\n" not in str(error) and len(str(error)) < len(worker.name) + 120


def test_an_unexpected_error_in_the_remotes_thread_still_ends_the_request(endpoint: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong while reading the stream, the caller's handle ends (it used to wait for the time limit)."""
    endpoint.bad = json.dumps({"choices": [{"delta": {}, "finish_reason": "stop"}]})
    worker = RemoteWorker(f"openai:{endpoint.url}#m")

    def broken(*args: object) -> object:
        raise KeyError("a bug")

    monkeypatch.setattr(worker, "_deltas", broken)
    _, error = _failure(worker)
    assert isinstance(error, GenerationError) and "KeyError" in str(error)


def test_a_well_formed_stream_still_answers(endpoint: Any) -> None:
    endpoint.bad = json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                               "usage": {"prompt_tokens": 5, "completion_tokens": "two"}})
    handle = RemoteWorker(f"openai:{endpoint.url}#m").submit(REQUEST)
    assert handle.wait(WAIT)
    done = handle.result()
    assert done.text == "Hello from" and done.finish_reason == "stop"
    assert (done.usage.prompt_tokens, done.usage.completion_tokens) == (5, 2)  # a bad figure is counted, not trusted


def _chain_answer(remote: str) -> list[object]:
    """The chain (the remote, then a local model) for one request, on a thread: it must end within WAIT."""
    local = FakeBackend(["local answer"], name="local")
    pool = Pool(lambda ref: RemoteWorker(ref) if is_remote(ref) else SerialWorker(local), budget_bytes=1 << 30)
    chain = FallbackChain(pool, None, None, limits=LIMITS)
    events: list[object] = []
    finished = threading.Event()

    def run() -> None:
        try:
            events.extend(chain.run((remote, "local"), lambda worker: REQUEST, "hi", cache=False))
        finally:
            finished.set()

    threading.Thread(target=run, daemon=True).start()
    assert finished.wait(WAIT), f"the chain hung on the remote: {events}"
    pool.close()
    return events


@pytest.mark.parametrize("bad", ['{"error": "something broke"}', '{"choices": ["oops"]}'])
def test_after_a_malformed_chunk_the_chain_goes_on_to_the_next_model_at_once(endpoint: Any, bad: str) -> None:
    endpoint.bad = bad
    remote = f"openai:{endpoint.url}#m"
    events = _chain_answer(remote)
    skipped = [e for e in events if isinstance(e, Skipped)]
    assert len(skipped) == 1 and skipped[0].model == remote and skipped[0].partial
    assert "no token for" not in skipped[0].reason and remote in skipped[0].reason
    answered = [e for e in events if isinstance(e, Answered)]
    assert answered[0].source.model == "local" and answered[0].source.fallback
    assert isinstance(events[-1], Completion) and events[-1].text == "local answer"


def test_a_named_model_is_checked_on_load(endpoint: Any) -> None:
    worker = RemoteWorker(f"openai:{endpoint.url}#mine")
    assert endpoint.seen == ["GET /v1/models"]
    assert worker.model == "mine"  # named: not replaced by the first model listed


def test_a_named_model_loads_when_the_endpoint_lists_no_models(endpoint: Any) -> None:
    """Reachable is what loading checks for a named model: a server may take names it does not list."""
    endpoint.models_status = 404
    assert RemoteWorker(f"openai:{endpoint.url}#mine").model == "mine"
    with pytest.raises(ModelLoadError, match="answered HTTP 404"):
        RemoteWorker(f"openai:{endpoint.url}")  # nothing named: the list is needed


@pytest.mark.parametrize("named", ["#fake-model", ""])
def test_a_wrong_url_is_unreachable_with_or_without_a_model_named(named: str) -> None:
    ref = f"openai:http://127.0.0.1:{_free_port()}/v1{named}"
    with pytest.raises(ModelLoadError, match=r"is unreachable \(.*\); is the server running\?") as failed:
        RemoteWorker(ref)
    assert "mid-answer" not in str(failed.value)


def test_a_remote_gone_before_a_request_is_unreachable_not_failed_mid_answer(endpoint: Any) -> None:
    worker = RemoteWorker(f"openai:{endpoint.url}#m")
    endpoint.shutdown()
    endpoint.server_close()  # nothing listens on the port now
    _, error = _failure(worker)
    assert isinstance(error, GenerationError)
    assert "is unreachable" in str(error) and "mid-answer" not in str(error)


def test_a_remote_that_drops_the_connection_mid_answer_fails_mid_answer(endpoint: Any) -> None:
    endpoint.bad = None
    tokens, error = _failure(RemoteWorker(f"openai:{endpoint.url}#m"))
    assert tokens == WORDS[:2] and "mid-answer" in str(error)


def test_the_seed_an_answer_reports_is_the_one_sent(endpoint: Any) -> None:
    """(With no seed given, --json said seed 0, a seed never sent: one that would not repeat the answer.)"""
    import dataclasses

    from llorch.engine.types import Sampling

    endpoint.bad = json.dumps({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    worker = RemoteWorker(f"openai:{endpoint.url}#m")
    for seed in (None, 1234):
        handle = worker.submit(dataclasses.replace(REQUEST, sampling=Sampling(seed=seed)))
        assert handle.wait(WAIT)
        (done,) = [e for e in handle.stream() if isinstance(e, Completion)]
        sent = endpoint.bodies[-1]["seed"]
        assert isinstance(sent, int) and done.seed == sent and (seed is None or sent == seed)
