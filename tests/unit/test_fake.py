from __future__ import annotations

import pytest

from llorch.engine import Backend, Completion, FakeBackend, Message, Request, Sampling, TokenEvent
from llorch.errors import ContextOverflowError, GenerationError


def collect(backend: FakeBackend, request: Request) -> tuple[list[str], Completion]:
    texts, done = [], None
    for ev in backend.generate(request):
        if isinstance(ev, TokenEvent):
            texts.append(ev.text)
        else:
            done = ev
    assert done is not None
    return texts, done


def test_fake_is_a_backend() -> None:
    assert isinstance(FakeBackend(), Backend)


def test_scripted_reply_streams_word_by_word_and_records_history() -> None:
    fb = FakeBackend(["one two three"])
    req = Request(messages=(Message("user", "hi"),))
    texts, done = collect(fb, req)
    assert texts == ["one", " two", " three"]
    assert done.text == "one two three" and done.finish_reason == "stop"
    assert fb.history == [req]


def test_echo_when_queue_is_empty_and_stop_strings_apply() -> None:
    fb = FakeBackend()
    _, done = collect(fb, Request(prompt="alpha beta", sampling=Sampling(stop=("beta",))))
    assert done.text == "echo: alpha "


def test_max_tokens_and_faults() -> None:
    _, done = collect(FakeBackend(["a b c d"]), Request(prompt="x", sampling=Sampling(max_tokens=2)))
    assert done.finish_reason == "length" and done.text == "a b"
    with pytest.raises(GenerationError):
        collect(FakeBackend(["a b c"], fail_after=1), Request(prompt="x"))
    with pytest.raises(RuntimeError, match="boom"):
        FakeBackend([RuntimeError("boom")]).generate(Request(prompt="x"))


def test_context_overflow_reports_counts() -> None:
    with pytest.raises(ContextOverflowError) as exc:
        FakeBackend(n_ctx=4).generate(Request(prompt="one two three four five"))
    assert exc.value.n_ctx == 4 and exc.value.prompt_tokens > 4


def test_cancel_ends_with_cancelled_and_keeps_partial_text() -> None:
    fb = FakeBackend(["a b c d e"])
    gen = fb.generate(Request(prompt="x"))
    first = next(gen)
    fb.cancel()
    rest = list(gen)
    done = rest[-1]
    assert isinstance(first, TokenEvent) and isinstance(done, Completion)
    assert done.finish_reason == "cancelled" and done.text == "a"


def test_token_delay_uses_injected_sleep() -> None:
    slept: list[float] = []
    collect(FakeBackend(["a b"], token_delay=0.5, sleep=slept.append), Request(prompt="x"))
    assert slept == [0.5, 0.5]


def test_request_needs_exactly_one_of_prompt_or_messages() -> None:
    with pytest.raises(ValueError):
        Request()
    with pytest.raises(ValueError):
        Request(prompt="x", messages=(Message("user", "y"),))
