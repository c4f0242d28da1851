"""guarded: time limits, cancellation and error propagation on a worker's handle (real time, small limits).

The guard has no thread of its own: it waits on the handle in the caller's thread and
cancels the handle when a limit runs out; the worker's thread stops the generation."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Event, ModelInfo, PromptProgress, Request, Timings, TokenEvent, Usage
from llorch.errors import ConfigError, ContextOverflowError, GenerationError, GenerationTimeoutError
from llorch.orchestra.serial import SerialWorker
from llorch.resilience.faults import FaultSpec, FaultyWorker
from llorch.resilience.guard import DEFAULT_PP_TOKENS_PER_S, PP_SAFETY, CallLimits, guarded

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
    with pytest.raises(GenerationTimeoutError, match=r"^no first token within 0\.2 s \(limits\.ttft_s; "):
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
    assert str(info.value) == "no first token within 0.2 s (limits.ttft_s; raise it with `llorch config set limits.ttft_s 30`)"


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


# --- a long prompt: progress moves the first-token deadline (scripted handle, driven clock) ---


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class ScriptedHandle:
    """A handle whose events arrive at scripted times on the test's clock: a wait moves the clock
    (to the next event, or by the whole timeout when none comes in time), never real time."""

    def __init__(self, clock: Clock, script: Sequence[tuple[float, object]]) -> None:
        self.clock = clock
        self.script = list(script)
        self.cancelled = False
        self.done = False

    def get(self, timeout: float | None = None) -> object:
        if not self.script:
            self.done = True
            return None
        at, event = self.script[0]
        if timeout is not None and at > self.clock.now + timeout:
            self.clock.now += timeout
            raise queue.Empty
        self.clock.now = max(self.clock.now, at)
        self.script.pop(0)
        return event

    def cancel(self) -> None:
        self.cancelled = True


def _reading(every_s: float, chunk: int, total: int, rate: float) -> list[tuple[float, object]]:
    """Progress as a worker that has measured `rate` before sends it: at admission, then after each chunk."""
    script: list[tuple[float, object]] = [(0.0, PromptProgress(0, total, rate))]
    done, at = 0, 0.0
    while done < total:
        done, at = min(total, done + chunk), at + every_s
        script.append((at, PromptProgress(done, total, rate)))
    return script


def _answer(at: float) -> list[tuple[float, object]]:
    return [(at, TokenEvent("hi", 5)), (at, Completion("hi", "stop", Usage(240, 1), Timings(0, 0, 0, 0, 0, 0, 0), "m", 0))]


def test_a_long_prompt_that_advances_is_not_a_hang() -> None:
    """240 tokens at 20 tokens per 50 s: 600 s to the first token, with ttft_s = 10."""
    clock = Clock()
    handle = ScriptedHandle(clock, _reading(50.0, 20, 240, 0.4) + _answer(600.0))
    events = list(guarded(handle, CallLimits(ttft_s=10.0), clock=clock))
    assert [e.done for e in events if isinstance(e, PromptProgress)] == [0, *range(20, 241, 20)]  # passed through
    assert isinstance(events[-1], Completion) and clock.now == 600.0
    assert not handle.cancelled


def test_a_prompt_that_stops_advancing_times_out_and_names_the_setting() -> None:
    clock = Clock()
    script = _reading(50.0, 20, 240, 0.4)[:3] + _answer(100_000.0)  # stuck at 40 of 240 tokens
    handle = ScriptedHandle(clock, script)
    with pytest.raises(GenerationTimeoutError) as info:
        list(guarded(handle, CallLimits(ttft_s=10.0), clock=clock))
    # From the last progress (t = 100): ttft_s + 200 tokens left at 0.4 tokens/s, times PP_SAFETY.
    assert clock.now == 100 + 10 + 200 / 0.4 * PP_SAFETY
    assert str(info.value) == ("no first token within 1110 s: reading the prompt stopped at 40 of 240 tokens "
                               "(limits.ttft_s; raise it with `llorch config set limits.ttft_s 30`)")
    assert handle.cancelled


def test_before_any_measurement_the_prompt_is_allowed_the_default_speed() -> None:
    clock = Clock()
    handle = ScriptedHandle(clock, [(0.0, PromptProgress(0, 400, 0.0))] + _answer(100_000.0))
    with pytest.raises(GenerationTimeoutError, match=r"^no first token within 50 s: reading the prompt stopped at 0 of 400"):
        list(guarded(handle, CallLimits(ttft_s=10.0), clock=clock))
    assert clock.now == 10 + 400 / DEFAULT_PP_TOKENS_PER_S * PP_SAFETY


def test_without_progress_the_limit_is_ttft_s_and_after_the_prompt_too() -> None:
    clock = Clock()
    with pytest.raises(GenerationTimeoutError) as info:
        list(guarded(ScriptedHandle(clock, _answer(1000.0)), CallLimits(ttft_s=120.0), clock=clock))
    assert clock.now == 120.0
    assert str(info.value) == "no first token within 120 s (limits.ttft_s; raise it with `llorch config set limits.ttft_s 300`)"

    clock = Clock()
    handle = ScriptedHandle(clock, _reading(5.0, 100, 100, 20.0) + _answer(1000.0))  # read by t = 5, then silence
    with pytest.raises(GenerationTimeoutError, match=r"^no first token within 125 s after reading the prompt \(limits\.ttft_s"):
        list(guarded(handle, CallLimits(ttft_s=120.0), clock=clock))
    assert clock.now == 125.0


def test_progress_does_not_stretch_the_total_limit() -> None:
    clock = Clock()
    handle = ScriptedHandle(clock, _reading(50.0, 20, 240, 0.4) + _answer(600.0))
    with pytest.raises(GenerationTimeoutError, match=r"^answer took longer than 300 s$"):
        list(guarded(handle, CallLimits(ttft_s=10.0, total_s=300.0), clock=clock))
    assert clock.now == 300.0
