"""guarded: time limits, cancellation and error propagation on a worker's handle (real time, small limits).

The guard has no thread of its own: it waits on the handle in the caller's thread and
cancels the handle when a limit runs out; the worker's thread stops the generation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Event, ModelInfo, Request, TokenEvent
from llorch.errors import ConfigError, ContextOverflowError, GenerationError, GenerationTimeoutError
from llorch.orchestra.serial import SerialWorker
from llorch.resilience.faults import FaultSpec, FaultyWorker
from llorch.resilience.guard import CallLimits, guarded

REQUEST = Request(prompt="say something")
SLACK = 0.5


def guarded_generate(backend: object, request: Request, limits: CallLimits) -> Iterator[Event]:
    """The guard over a request to `backend` (a Backend gets a SerialWorker of its own)."""
    worker = backend if isinstance(backend, FaultyWorker) else SerialWorker(backend, name="fake")  # type: ignore[arg-type]
    return guarded(worker.submit(request), limits)


def guard_threads() -> list[threading.Thread]:
    """The guard never starts a thread: any llorch-guard thread would be a leak."""
    return [t for t in threading.enumerate() if t.name.startswith("llorch-guard") and t.is_alive()]


def FaultyBackend(inner: FakeBackend, spec: FaultSpec) -> FaultyWorker:
    return FaultyWorker(SerialWorker(inner), spec)


def test_a_normal_stream_passes_through_unchanged() -> None:
    expected = list(FakeBackend(["the quick brown fox"]).generate(REQUEST))
    got = list(guarded_generate(FakeBackend(["the quick brown fox"]), REQUEST, CallLimits(0.5, 0.5, 5.0)))
    assert got == expected
    assert isinstance(got[-1], Completion) and got[-1].text == "the quick brown fox"
    assert guard_threads() == []


def test_no_limits_at_all() -> None:
    got = list(guarded_generate(FakeBackend(["a b"]), REQUEST, CallLimits()))
    assert [e.text for e in got if isinstance(e, TokenEvent)] == ["a", " b"]


def test_ttft_timeout_on_a_hang_cancels_it_and_the_thread_ends() -> None:
    backend = FaultyBackend(FakeBackend(["never said"]), FaultSpec(hang_rate=1.0))
    start = time.monotonic()
    with pytest.raises(GenerationTimeoutError, match=r"^no first token within 0\.2 s$"):
        list(guarded_generate(backend, REQUEST, CallLimits(ttft_s=0.2)))
    assert time.monotonic() - start < 0.2 + SLACK
    assert backend.fault_counts == {"hang": 1}
    assert guard_threads() == []


def test_inter_token_timeout_with_a_slow_fake() -> None:
    backend = FakeBackend(["one two three four five"], token_delay=0.2)
    seen: list[Event] = []
    start = time.monotonic()
    with pytest.raises(GenerationTimeoutError, match=r"^no token for 0\.05 s$"):
        for event in guarded_generate(backend, REQUEST, CallLimits(ttft_s=1.0, inter_token_s=0.05)):
            seen.append(event)
    assert time.monotonic() - start < 0.25 + SLACK
    assert [e.text for e in seen if isinstance(e, TokenEvent)] == ["one"]
    assert _cancelled(backend)
    assert guard_threads() == []


def test_total_timeout() -> None:
    backend = FakeBackend([" ".join(["w"] * 100)], token_delay=0.02)
    seen: list[Event] = []
    start = time.monotonic()
    with pytest.raises(GenerationTimeoutError, match=r"^answer took longer than 0\.2 s$"):
        for event in guarded_generate(backend, REQUEST, CallLimits(inter_token_s=1.0, total_s=0.2)):
            seen.append(event)
    assert time.monotonic() - start < 0.2 + SLACK
    assert 3 <= len(seen) < 100
    assert guard_threads() == []


def test_whole_second_limits_read_like_the_spec() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(hang_rate=1.0))
    gen = guarded_generate(backend, REQUEST, CallLimits(ttft_s=0.2, total_s=5.0))
    with pytest.raises(GenerationTimeoutError) as info:
        next(gen)
    assert str(info.value) == "no first token within 0.2 s"


def test_errors_at_start_propagate() -> None:
    boom = GenerationError("boom")
    with pytest.raises(GenerationError) as info:
        list(guarded_generate(FakeBackend([boom]), REQUEST, CallLimits(ttft_s=0.5)))
    assert info.value is boom
    with pytest.raises(ContextOverflowError):
        list(guarded_generate(FakeBackend(n_ctx=2), REQUEST, CallLimits(ttft_s=0.5)))
    assert guard_threads() == []


def test_errors_mid_stream_propagate_after_the_tokens() -> None:
    seen: list[Event] = []
    with pytest.raises(GenerationError, match="fake failure after 2 tokens"):
        for event in guarded_generate(FakeBackend(["a b c d"], fail_after=2), REQUEST, CallLimits(0.5, 0.5)):
            seen.append(event)
    assert len(seen) == 2


def test_closing_early_cancels_the_backend_and_ends_the_thread() -> None:
    backend = FakeBackend(["a b c d e f g h"], token_delay=0.05)
    gen = guarded_generate(backend, REQUEST, CallLimits(ttft_s=0.5))
    first = next(gen)
    assert isinstance(first, TokenEvent)
    gen.close()
    assert _cancelled(backend)
    assert guard_threads() == []


def _cancelled(backend: FakeBackend) -> bool:
    """The cancel reaches the backend through its worker's thread (bounded wait)."""
    return backend._cancel.wait(5.0)


class _NoCancel:
    """A backend without cancel(): the guard must cope."""

    def generate(self, request: Request) -> Iterator[Event]:
        yield TokenEvent(text="hi", token_id=1)
        time.sleep(0.3)
        yield TokenEvent(text="late", token_id=2)

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return []

    def render_prompt(self, request: Request) -> str:
        return ""

    def info(self) -> ModelInfo:
        raise NotImplementedError

    def close(self) -> None:
        pass


def test_a_backend_without_cancel_still_times_out() -> None:
    start = time.monotonic()
    with pytest.raises(GenerationTimeoutError, match="no token for 0.1 s"):
        list(guarded_generate(_NoCancel(), REQUEST, CallLimits(inter_token_s=0.1)))
    assert time.monotonic() - start < 0.1 + SLACK
    assert guard_threads() == []


@pytest.mark.parametrize("bad", [0, -1.0, True, float("inf"), "3"])
def test_call_limits_validation(bad: object) -> None:
    with pytest.raises(ConfigError, match="'ttft_s' must be a number > 0 or None"):
        CallLimits(ttft_s=bad)  # type: ignore[arg-type]


def test_call_limits_store_floats() -> None:
    limits = CallLimits(ttft_s=5, inter_token_s=None, total_s=30)
    assert limits == CallLimits(5.0, None, 30.0)
    assert isinstance(limits.ttft_s, float)
