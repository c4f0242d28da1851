"""Fault injection: the LLORCH_FAULTS format and the FaultyWorker wrapper."""

from __future__ import annotations

import random
import threading
import time

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Event, Request, TokenEvent
from llorch.errors import ConfigError, ContextOverflowError, GenerationError, ModelError, ModelLoadError
from llorch.orchestra import ModelWorker
from llorch.orchestra.serial import SerialWorker
from llorch.resilience.faults import FaultSpec, FaultyWorker, faults_for, parse_faults

REQUEST = Request(prompt="hello there")
WHERE = "LLORCH_FAULTS"


def tokens(events: list[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, TokenEvent)]


# ------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("  ;  ", {}),
        ("error=0.5,latency=0.2", {"*": FaultSpec(error_rate=0.5, latency_s=0.2)}),
        (
            "MODEL:error=1;OTHER:hang=1",
            {"MODEL": FaultSpec(error_rate=1.0), "OTHER": FaultSpec(hang_rate=1.0)},
        ),
        ("hf:org/repo:crash=1, crash_after=2", {"hf:org/repo": FaultSpec(crash_rate=1.0, crash_after=2)}),
        ("big:load; latency=0.1", {"big": FaultSpec(load_error=True), "*": FaultSpec(latency_s=0.1)}),
        ("m:load=false,seed=7,hang=0.5,hang_s=2", {"m": FaultSpec(hang_rate=0.5, hang_s=2.0, seed=7)}),
        ("error_rate=0.25,latency_s=1", {"*": FaultSpec(error_rate=0.25, latency_s=1.0)}),
        (" ERROR = 0.5 ", {"*": FaultSpec(error_rate=0.5)}),
    ],
)
def test_parse_faults(text: str, expected: dict[str, FaultSpec]) -> None:
    assert parse_faults(text, WHERE) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("error", "bad fault 'error' in 'error'; expected KEY=VALUE"),
        ("boom=1", "unknown fault 'boom' in 'boom=1'; expected KEY=VALUE"),
        ("error=2", "'error' must be a number from 0 to 1, got '2'"),
        ("m:hang=lots", "'hang' must be a number from 0 to 1, got 'lots'"),
        ("crash_after=1.5", "'crash_after' must be an integer >= 0"),
        ("latency=-1", "'latency' must be a number of seconds >= 0"),
        ("load=maybe", "'load' must be true or false"),
        (":error=1", "no model name before ':'"),
        ("a:error=1;a:hang=1", "faults for 'a' are given twice"),
        ("error=1,error=0.5", "'error' is given twice"),
        ("m:", "no faults in 'm:'"),
        ("m:error=", "bad fault 'error='"),
    ],
)
def test_parse_faults_errors_name_where_and_the_piece(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_faults(text, WHERE)
    assert str(info.value).startswith(f"{WHERE}")
    assert message in str(info.value)


def test_value_errors_name_the_piece() -> None:
    with pytest.raises(ConfigError, match=r"^LLORCH_FAULTS \(m:hang=lots\): 'hang' must be"):
        parse_faults("m:hang=lots", WHERE)


def test_fault_spec_validates_directly() -> None:
    with pytest.raises(ConfigError, match="fault spec: 'crash_rate' must be a number from 0 to 1"):
        FaultSpec(crash_rate=1.5)
    with pytest.raises(ConfigError, match="'hang_s' must be a number of seconds > 0"):
        FaultSpec(hang_s=0)
    assert FaultSpec().is_noop
    assert not FaultSpec(latency_s=0.1).is_noop


def test_faults_for() -> None:
    specs = parse_faults("starter:error=1;tiny-*:hang=1;latency=0.1", WHERE)
    assert faults_for(specs, "starter") == FaultSpec(error_rate=1.0)
    assert faults_for(specs, "tiny-chat") == FaultSpec(hang_rate=1.0)
    assert faults_for(specs, "other") == FaultSpec(latency_s=0.1)
    assert faults_for(parse_faults("starter:error=1", WHERE), "other") is None
    assert faults_for({}, "x") is None


# ------------------------------------------------------------------------ wrapper


def FaultyBackend(inner: FakeBackend, spec: FaultSpec, **kw: object) -> FaultyWorker:
    """The fault wrapper around a fake model's worker."""
    return FaultyWorker(SerialWorker(inner), spec, **kw)  # type: ignore[arg-type]


def test_it_is_a_worker_and_delegates() -> None:
    inner = FakeBackend(name="inner")
    backend = FaultyBackend(inner, FaultSpec(), name="inner")
    assert isinstance(backend, ModelWorker)
    assert backend.tokenize("a b") == inner.tokenize("a b")
    assert backend.render_prompt(REQUEST) == "hello there"
    assert backend.info().name == "inner"
    assert tokens(list(backend.generate(REQUEST))) == ["echo:", " hello", " there"]
    backend.close()
    assert inner.closed


def test_error_rate_one_always_fails() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(error_rate=1.0), name="m")
    for _ in range(20):
        with pytest.raises(GenerationError, match="^injected fault: model m failed to answer$"):
            backend.generate(REQUEST)
    assert (backend.calls, backend.faults_injected) == (20, 20)


def test_rates_zero_never_fail() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(error_rate=0.0, hang_rate=0.0, crash_rate=0.0))
    for _ in range(50):
        assert isinstance(list(backend.generate(REQUEST))[-1], Completion)
    assert (backend.calls, backend.faults_injected) == (50, 0)


def run_many(spec: FaultSpec, n: int) -> list[bool]:
    backend = FaultyBackend(FakeBackend(), spec)
    failed = []
    for _ in range(n):
        try:
            list(backend.generate(REQUEST))
        except GenerationError:
            failed.append(True)
        else:
            failed.append(False)
    return failed


def test_seeded_rate_is_near_the_expected_one_and_repeatable() -> None:
    first = run_many(FaultSpec(error_rate=0.3, seed=11), 1000)
    assert 250 <= sum(first) <= 350
    assert run_many(FaultSpec(error_rate=0.3, seed=11), 1000) == first
    assert run_many(FaultSpec(error_rate=0.3, seed=12), 1000) != first


def test_an_injected_rng_is_used() -> None:
    a = FaultyBackend(FakeBackend(), FaultSpec(error_rate=0.5), rng=random.Random(5))
    b = FaultyBackend(FakeBackend(), FaultSpec(error_rate=0.5, seed=5))
    outcomes = []
    for backend in (a, b):
        row = []
        for _ in range(30):
            try:
                backend.generate(REQUEST)
                row.append(True)
            except GenerationError:
                row.append(False)
        outcomes.append(row)
    assert outcomes[0] == outcomes[1]


def test_crash_mid_stream_after_n_tokens() -> None:
    backend = FaultyBackend(FakeBackend(["one two three four five"]), FaultSpec(crash_rate=1.0, crash_after=2))
    seen: list[Event] = []
    with pytest.raises(GenerationError, match="^injected fault: the model crashed after 2 tokens$"):
        for event in backend.generate(REQUEST):
            seen.append(event)
    assert tokens(seen) == ["one", " two"]
    assert backend.fault_counts == {"crash": 1}


def test_crash_before_the_completion_when_the_answer_is_short() -> None:
    backend = FaultyBackend(FakeBackend(["short"]), FaultSpec(crash_rate=1.0, crash_after=3))
    seen: list[Event] = []
    with pytest.raises(GenerationError, match="crashed after 1 tokens"):
        for event in backend.generate(REQUEST):
            seen.append(event)
    assert not any(isinstance(e, Completion) for e in seen)


def test_latency_comes_before_the_first_token() -> None:
    backend = FaultyBackend(FakeBackend(["a b"]), FaultSpec(latency_s=0.25))
    start = time.monotonic()
    handle = backend.submit(REQUEST)
    first = handle.get()
    assert time.monotonic() - start >= 0.25
    assert tokens([first, *handle.stream()]) == ["a", " b"]
    assert backend.fault_counts == {"latency": 1}


def test_latency_respects_the_callers_timeout() -> None:
    import queue

    handle = FaultyBackend(FakeBackend(["a b"]), FaultSpec(latency_s=30.0)).submit(REQUEST)
    with pytest.raises(queue.Empty):
        handle.get(timeout=0.05)


def test_real_latency_is_cut_short_by_cancel() -> None:
    handle = FaultyBackend(FakeBackend(["a b"]), FaultSpec(latency_s=30.0)).submit(REQUEST)
    threading.Timer(0.05, handle.cancel).start()
    start = time.monotonic()
    assert list(handle.stream()) == []
    assert time.monotonic() - start < 0.5


def test_hang_ends_on_cancel_from_another_thread() -> None:
    inner = FakeBackend(["a b"])
    backend = FaultyBackend(inner, FaultSpec(hang_rate=1.0))
    handle = backend.submit(REQUEST)
    result: list[list[Event]] = []
    thread = threading.Thread(target=lambda: result.append(list(handle.stream())))
    thread.start()
    thread.join(timeout=0.05)
    assert thread.is_alive()
    handle.cancel()
    thread.join(timeout=0.5)
    assert not thread.is_alive()
    assert result == [[]]
    assert handle.inner.cancelled  # forwarded to the worker's handle


def test_hang_without_cancel_fails_after_hang_s() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(hang_rate=1.0, hang_s=0.05))
    with pytest.raises(GenerationError, match="hung for 0.05 s"):
        list(backend.generate(REQUEST))


def test_a_cancel_before_the_stream_starts_is_not_lost() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(hang_rate=1.0))
    handle = backend.submit(REQUEST)
    handle.cancel()
    start = time.monotonic()
    assert list(handle.stream()) == []
    assert time.monotonic() - start < 0.5


def test_load_error_on_every_use() -> None:
    backend = FaultyBackend(FakeBackend(), FaultSpec(load_error=True), name="big")
    with pytest.raises(ModelLoadError, match="^injected fault: model big failed to load$") as info:
        backend.generate(REQUEST)
    assert isinstance(info.value, ModelError)
    with pytest.raises(ModelLoadError):
        backend.tokenize("x")
    with pytest.raises(ModelLoadError):
        backend.info()
    assert backend.fault_counts == {"load": 3}
    backend.close()


def test_inner_errors_pass_through_untouched() -> None:
    backend = FaultyBackend(FakeBackend(n_ctx=2), FaultSpec())
    with pytest.raises(ContextOverflowError):
        list(backend.generate(REQUEST))
