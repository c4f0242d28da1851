"""CircuitBreaker: transitions, trip rules, backoff, probes, snapshots. Time is a FakeClock."""

from __future__ import annotations

import itertools
import math
import random
import threading
from typing import Any

import pytest

from llorch.errors import (
    BreakerOpenError,
    ConfigError,
    ContextOverflowError,
    GenerationError,
    GenerationTimeoutError,
    LlorchError,
)
from llorch.resilience.breaker import (
    LEGAL_TRANSITIONS,
    BreakerConfig,
    BreakerSnapshot,
    BreakerState,
    CircuitBreaker,
    FakeClock,
    IllegalTransitionError,
    Permit,
)

S = BreakerState
ALL_STATES = list(BreakerState)


def make(clock: FakeClock | None = None, **overrides: Any) -> CircuitBreaker:
    values: dict[str, Any] = {"jitter": 0.0}
    values.update(overrides)
    return CircuitBreaker("m", BreakerConfig(**values), clock=clock or FakeClock(1000.0), rng=random.Random(7))


def put_in(breaker: CircuitBreaker, state: BreakerState) -> None:
    """Drive a fresh (closed) breaker into `state` through legal moves."""
    if state is S.OPEN:
        breaker.transition(S.OPEN, "test")
    elif state is S.HALF_OPEN:
        breaker.transition(S.OPEN, "test")
        breaker.transition(S.HALF_OPEN, "test")
    elif state is S.FORCED_OPEN:
        breaker.force_open("test")
    elif state is S.DISABLED:
        breaker.disable("test")
    assert breaker.state is state


def fail(breaker: CircuitBreaker, n: int = 1, kind: str = "error") -> None:
    for _ in range(n):
        breaker.acquire().failure(kind, 0.1)


def succeed(breaker: CircuitBreaker, n: int = 1, duration: float = 0.1) -> None:
    for _ in range(n):
        breaker.acquire().success(duration)


# ----------------------------------------------------------------------- transitions

LEGAL = [(a, b) for a in ALL_STATES for b in sorted(LEGAL_TRANSITIONS[a])]
ILLEGAL = [(a, b) for a, b in itertools.product(ALL_STATES, ALL_STATES) if b not in LEGAL_TRANSITIONS[a]]


def test_transition_table_is_the_documented_one() -> None:
    assert set(LEGAL) == {
        (S.CLOSED, S.OPEN),
        (S.OPEN, S.HALF_OPEN),
        (S.HALF_OPEN, S.CLOSED),
        (S.HALF_OPEN, S.OPEN),
        (S.CLOSED, S.FORCED_OPEN),
        (S.OPEN, S.FORCED_OPEN),
        (S.HALF_OPEN, S.FORCED_OPEN),
        (S.FORCED_OPEN, S.CLOSED),
        (S.CLOSED, S.DISABLED),
        (S.OPEN, S.DISABLED),
        (S.HALF_OPEN, S.DISABLED),
        (S.FORCED_OPEN, S.DISABLED),
        (S.DISABLED, S.CLOSED),
    }


@pytest.mark.parametrize(("old", "new"), LEGAL, ids=lambda s: s.value)
def test_every_legal_transition(old: BreakerState, new: BreakerState) -> None:
    seen: list[tuple[str, BreakerState, BreakerState, str]] = []
    breaker = make()
    put_in(breaker, old)
    breaker._on_transition = lambda *args: seen.append(args)
    breaker.transition(new, "why")
    assert breaker.state is new
    assert seen == [("m", old, new, "why")]


@pytest.mark.parametrize(("old", "new"), ILLEGAL, ids=lambda s: s.value)
def test_every_illegal_transition_is_refused(old: BreakerState, new: BreakerState) -> None:
    breaker = make()
    put_in(breaker, old)
    with pytest.raises(IllegalTransitionError) as info:
        breaker.transition(new, "why")
    assert isinstance(info.value, LlorchError)
    assert (info.value.old, info.value.new) == (old, new)
    assert f"from {old.value} to {new.value}" in str(info.value)
    assert breaker.state is old


@pytest.mark.parametrize(
    ("old", "new"),
    [(S.CLOSED, S.HALF_OPEN), (S.OPEN, S.CLOSED), (S.FORCED_OPEN, S.HALF_OPEN), (S.DISABLED, S.OPEN)],
)
def test_named_illegal_transitions(old: BreakerState, new: BreakerState) -> None:
    assert (old, new) in ILLEGAL


@pytest.mark.parametrize("old", [S.OPEN, S.HALF_OPEN, S.FORCED_OPEN, S.DISABLED])
def test_manual_close_is_legal_from_open_half_open_forced_and_disabled(old: BreakerState) -> None:
    breaker = make()
    put_in(breaker, old)
    breaker.close()
    assert breaker.state is S.CLOSED
    assert breaker.snapshot().trips == 0
    succeed(breaker)


def test_close_when_closed_is_a_noop_without_callback() -> None:
    seen: list[object] = []
    breaker = make()
    breaker._on_transition = lambda *args: seen.append(args)
    breaker.close()
    breaker.enable()
    assert seen == []


def test_force_open_and_disable_are_idempotent() -> None:
    breaker = make()
    breaker.force_open()
    breaker.force_open()
    assert breaker.state is S.FORCED_OPEN
    breaker.disable()
    breaker.disable()
    assert breaker.state is S.DISABLED


def test_force_open_from_disabled_is_illegal() -> None:
    breaker = make()
    breaker.disable()
    with pytest.raises(IllegalTransitionError):
        breaker.force_open()


@pytest.mark.parametrize("old", ALL_STATES)
def test_reset_from_any_state_clears_windows_and_backoff(old: BreakerState) -> None:
    breaker = make(consecutive_failures=5)
    fail(breaker, 2)
    put_in(breaker, old)
    breaker.reset()
    snap = breaker.snapshot()
    assert snap.state is S.CLOSED
    assert (snap.trips, snap.consecutive_failures, snap.outcomes, snap.opened_at) == (0, 0, (), None)
    assert breaker.stats()["total_failures"] == 0


def test_reset_reports_even_closed_to_closed() -> None:
    seen: list[tuple[Any, ...]] = []
    breaker = CircuitBreaker("m", clock=FakeClock(), on_transition=lambda *a: seen.append(a))
    breaker.reset()
    assert seen == [("m", S.CLOSED, S.CLOSED, "reset")]


def test_callback_errors_do_not_break_the_breaker() -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("persistence down")

    breaker = CircuitBreaker("m", BreakerConfig(jitter=0), clock=FakeClock(), on_transition=boom)
    fail(breaker, 3)
    assert breaker.state is S.OPEN


def test_callback_may_read_the_breaker() -> None:
    snaps: list[BreakerSnapshot] = []
    holder: list[CircuitBreaker] = []
    breaker = CircuitBreaker(
        "m", BreakerConfig(jitter=0), clock=FakeClock(), on_transition=lambda *a: snaps.append(holder[0].snapshot())
    )
    holder.append(breaker)
    fail(breaker, 3)
    assert [s.state for s in snaps] == [S.OPEN]


# ------------------------------------------------------------------------ trip rules


def test_trips_on_consecutive_failures() -> None:
    breaker = make(consecutive_failures=3, minimum_calls=20)
    fail(breaker, 2)
    assert breaker.state is S.CLOSED
    fail(breaker, 1, kind="timeout")
    assert breaker.state is S.OPEN
    assert "3 failures in a row, last: timeout" in breaker.snapshot().last_reason


def test_a_success_breaks_the_run_of_failures() -> None:
    breaker = make(consecutive_failures=3, minimum_calls=20)
    fail(breaker, 2)
    succeed(breaker)
    fail(breaker, 2)
    assert breaker.state is S.CLOSED
    assert breaker.snapshot().consecutive_failures == 2


def test_consecutive_zero_turns_that_rule_off() -> None:
    breaker = make(consecutive_failures=0, minimum_calls=20)
    fail(breaker, 19)
    assert breaker.state is S.CLOSED


def test_rate_trips_only_once_minimum_calls_are_in() -> None:
    breaker = make(consecutive_failures=0, minimum_calls=5, failure_rate=0.5)
    fail(breaker)
    succeed(breaker)
    fail(breaker)
    succeed(breaker)  # 2 of 4 failed: 50%, but only 4 calls
    assert breaker.state is S.CLOSED
    fail(breaker)  # 3 of 5
    assert breaker.state is S.OPEN
    assert breaker.snapshot().last_reason == "3 of the last 5 calls failed"


def test_rate_below_threshold_stays_closed() -> None:
    breaker = make(consecutive_failures=0, minimum_calls=5, failure_rate=0.5)
    for _ in range(10):
        succeed(breaker, 2)
        fail(breaker)
    assert breaker.state is S.CLOSED


def test_count_window_forgets_calls_past_its_size() -> None:
    breaker = make(consecutive_failures=0, window_size=4, minimum_calls=4, failure_rate=0.75)
    fail(breaker, 2)
    succeed(breaker, 4)  # the failures slid out
    fail(breaker, 2)
    assert breaker.state is S.CLOSED
    assert len(breaker.snapshot().outcomes) == 4
    fail(breaker)
    assert breaker.state is S.OPEN


def test_slow_rate_trips_when_every_call_is_slow() -> None:
    breaker = make(minimum_calls=5, slow_call_seconds=30.0)
    succeed(breaker, 4, duration=31.0)
    succeed(breaker, 1, duration=1.0)
    assert breaker.state is S.CLOSED  # 4 of 5 slow; the default rate 1.0 needs all
    succeed(breaker, 4, duration=31.0)
    assert breaker.state is S.CLOSED
    succeed(breaker, 1, duration=31.0)  # 9 of 10 slow: still not all
    assert breaker.state is S.CLOSED
    fresh = make(minimum_calls=5)
    succeed(fresh, 5, duration=31.0)
    assert fresh.state is S.OPEN
    assert "took over 30 s" in fresh.snapshot().last_reason


def test_slow_rate_threshold() -> None:
    breaker = make(minimum_calls=4, slow_call_rate=0.5)
    succeed(breaker, 2, duration=1.0)
    succeed(breaker, 1, duration=45.0)
    assert breaker.state is S.CLOSED
    succeed(breaker, 1, duration=45.0)
    assert breaker.state is S.OPEN


def test_duration_defaults_to_the_clock() -> None:
    clock = FakeClock()
    breaker = make(clock, minimum_calls=1, slow_call_rate=1.0)
    permit = breaker.acquire()
    clock.advance(31.0)
    permit.success()
    assert breaker.state is S.OPEN


def test_failure_kind_slow_counts_as_slow_and_failed() -> None:
    breaker = make(consecutive_failures=0, minimum_calls=2, failure_rate=1.0, slow_call_rate=1.0)
    fail(breaker, 1, kind="slow")
    assert breaker.snapshot().outcomes[-1][1:] == (False, True)


def test_time_window_forgets_old_failures() -> None:
    clock = FakeClock()
    breaker = make(clock, window="time", window_seconds=60.0, consecutive_failures=0, minimum_calls=3, failure_rate=0.5)
    fail(breaker, 2)
    clock.advance(61.0)
    succeed(breaker, 2)
    fail(breaker)  # 1 of 3 in the window (3 of 5 had the old ones stayed)
    assert breaker.state is S.CLOSED
    assert len(breaker.snapshot().outcomes) == 3


def test_time_window_keeps_recent_failures() -> None:
    clock = FakeClock()
    breaker = make(clock, window="time", window_seconds=60.0, consecutive_failures=0, minimum_calls=3, failure_rate=0.5)
    fail(breaker, 2)
    clock.advance(59.0)
    succeed(breaker, 1)  # 2 of 3 in the window failed
    assert breaker.state is S.OPEN


def test_time_window_expiry_also_ends_a_run_of_failures() -> None:
    clock = FakeClock()
    breaker = make(clock, window="time", window_seconds=60.0, consecutive_failures=3)
    fail(breaker, 2)
    clock.advance(120.0)
    fail(breaker)
    assert breaker.state is S.CLOSED
    assert breaker.snapshot().consecutive_failures == 1


def test_overflow_is_recorded_but_never_trips() -> None:
    breaker = make(consecutive_failures=3, minimum_calls=1, failure_rate=0.1)
    fail(breaker, 10, kind="overflow")
    assert breaker.state is S.CLOSED
    stats = breaker.stats()
    assert stats["total_overflows"] == 10
    assert stats["window_calls"] == 0


def test_overflow_exception_in_context_manager_does_not_trip() -> None:
    breaker = make(consecutive_failures=1)
    for _ in range(5):
        with pytest.raises(ContextOverflowError), breaker.acquire():
            raise ContextOverflowError("too long", prompt_tokens=9000, n_ctx=2048)
    assert breaker.state is S.CLOSED
    assert breaker.stats()["total_overflows"] == 5


def test_context_manager_maps_exceptions_to_kinds() -> None:
    breaker = make(consecutive_failures=2)
    with pytest.raises(GenerationTimeoutError), breaker.acquire():
        raise GenerationTimeoutError("no token for 3.0 s")
    with pytest.raises(GenerationError), breaker.acquire():
        raise GenerationError("boom")
    assert breaker.state is S.OPEN
    assert "last: error" in breaker.snapshot().last_reason


def test_context_manager_success_and_cancel() -> None:
    breaker = make(consecutive_failures=1)
    with breaker.acquire():
        pass
    with pytest.raises(KeyboardInterrupt), breaker.acquire():
        raise KeyboardInterrupt
    assert breaker.state is S.CLOSED
    assert breaker.stats()["window_calls"] == 1


def test_reporting_twice_is_a_noop() -> None:
    breaker = make(consecutive_failures=2)
    permit = breaker.acquire()
    permit.failure("error")
    permit.failure("error")
    permit.success()
    with permit:
        pass
    assert breaker.snapshot().consecutive_failures == 1
    assert permit.reported


# ---------------------------------------------------------------------- open, backoff


def test_open_fails_fast_with_retry_in() -> None:
    clock = FakeClock()
    breaker = make(clock, wait_seconds=10.0)
    fail(breaker, 3)
    with pytest.raises(BreakerOpenError) as info:
        breaker.acquire()
    assert info.value.model == "m"
    assert info.value.retry_in == pytest.approx(10.0)
    assert str(info.value) == "model m is failing (3 failures in a row, last: error); next try in 10s"
    clock.advance(4.0)
    assert breaker.retry_in() == pytest.approx(6.0)
    with pytest.raises(BreakerOpenError) as info:
        breaker.acquire()
    assert info.value.retry_in == pytest.approx(6.0)
    assert breaker.stats()["total_rejected"] == 2


def test_retry_in_is_zero_when_closed_and_inf_when_forced() -> None:
    breaker = make()
    assert breaker.retry_in() == 0.0
    breaker.force_open("maintenance")
    assert math.isinf(breaker.retry_in())
    with pytest.raises(BreakerOpenError) as info:
        breaker.acquire()
    assert math.isinf(info.value.retry_in)
    assert "forced open (maintenance)" in str(info.value)


def test_open_becomes_half_open_lazily_once_the_wait_elapsed() -> None:
    clock = FakeClock()
    seen: list[tuple[Any, ...]] = []
    breaker = CircuitBreaker("m", BreakerConfig(jitter=0), clock=clock, on_transition=lambda *a: seen.append(a[1:3]))
    fail(breaker, 3)
    clock.set(9.99)
    assert breaker.state is S.OPEN
    clock.set(10.0)
    assert seen == [(S.CLOSED, S.OPEN)]  # nothing moves until someone looks
    assert breaker.acquire().probe
    assert seen == [(S.CLOSED, S.OPEN), (S.OPEN, S.HALF_OPEN)]


def trip_and_wait(breaker: CircuitBreaker, clock: FakeClock) -> float:
    """From half_open: fail the probe, return the new wait, and wait it out."""
    breaker.acquire().failure("error")
    assert breaker.state is S.OPEN
    wait = breaker.snapshot().wait_s
    clock.advance(wait)
    assert breaker.state is S.HALF_OPEN
    return wait


def test_backoff_grows_with_the_multiplier_up_to_the_cap_and_resets_after_recovery() -> None:
    clock = FakeClock()
    breaker = make(clock, wait_seconds=10.0, backoff_multiplier=2.0, max_wait_seconds=35.0)
    fail(breaker, 3)
    assert breaker.snapshot().wait_s == 10.0
    clock.advance(10.0)
    waits = [trip_and_wait(breaker, clock) for _ in range(4)]
    assert waits == [20.0, 35.0, 35.0, 35.0]
    assert breaker.snapshot().trips == 5
    breaker.acquire().success(1.0)
    assert breaker.state is S.CLOSED
    assert breaker.snapshot().trips == 0
    fail(breaker, 3)
    assert breaker.snapshot().wait_s == 10.0


class _Extreme(random.Random):
    def __init__(self, pick: int) -> None:
        super().__init__(0)
        self.pick = pick

    def uniform(self, a: float, b: float) -> float:
        return (a, b)[self.pick]


@pytest.mark.parametrize(("pick", "expected"), [(0, [9.0, 18.0, 36.0, 45.0]), (1, [11.0, 22.0, 44.0, 50.0])])
def test_jitter_moves_the_wait_by_its_fraction_within_the_cap(pick: int, expected: list[float]) -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(
        "m",
        BreakerConfig(wait_seconds=10.0, max_wait_seconds=50.0, jitter=0.1),
        clock=clock,
        rng=_Extreme(pick),
    )
    fail(breaker, 3)
    waits = [breaker.snapshot().wait_s]
    clock.advance(waits[0])
    waits += [trip_and_wait(breaker, clock) for _ in range(3)]
    assert waits == pytest.approx(expected)


def test_jitter_with_a_seeded_rng_stays_in_bounds_and_varies() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(
        "m", BreakerConfig(wait_seconds=10.0, backoff_multiplier=1.0, jitter=0.2), clock=clock, rng=random.Random(3)
    )
    fail(breaker, 3)
    clock.advance(breaker.snapshot().wait_s)
    waits = [trip_and_wait(breaker, clock) for _ in range(50)]
    assert all(8.0 <= w <= 12.0 for w in waits)
    assert len(set(waits)) > 40


# ------------------------------------------------------------------------- half-open


def half_open(k: int = 1, clock: FakeClock | None = None, **overrides: Any) -> CircuitBreaker:
    breaker = make(clock, half_open_probes=k, **overrides)
    put_in(breaker, S.HALF_OPEN)
    return breaker


@pytest.mark.parametrize("k", [1, 3])
def test_half_open_admits_exactly_k_of_32_concurrent_callers(k: int) -> None:
    breaker = half_open(k)
    barrier = threading.Barrier(32)
    permits: list[Permit] = []
    refused: list[BreakerOpenError] = []
    lock = threading.Lock()

    def call() -> None:
        barrier.wait()
        try:
            permit = breaker.acquire()
        except BreakerOpenError as exc:
            with lock:
                refused.append(exc)
        else:
            with lock:
                permits.append(permit)

    threads = [threading.Thread(target=call) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert len(permits) == k
    assert len(refused) == 32 - k
    assert all(p.probe for p in permits)
    assert all(e.retry_in == 0.0 and "a probe is in flight" in str(e) for e in refused)


def test_half_open_closes_after_k_successful_probes() -> None:
    breaker = half_open(3)
    probes = [breaker.acquire() for _ in range(3)]
    with pytest.raises(BreakerOpenError):
        breaker.acquire()
    probes[0].success(1.0)
    probes[1].success(1.0)
    assert breaker.state is S.HALF_OPEN
    with pytest.raises(BreakerOpenError):  # a succeeded probe does not free a slot
        breaker.acquire()
    probes[2].success(1.0)
    assert breaker.state is S.CLOSED
    assert breaker.snapshot().last_reason == "3 probes succeeded"


def test_a_probe_that_raises_opens_again() -> None:
    breaker = half_open(1)
    with pytest.raises(GenerationError), breaker.acquire():
        raise GenerationError("still broken")
    assert breaker.state is S.OPEN
    assert breaker.snapshot().trips == 2
    assert breaker.snapshot().last_reason == "a probe failed (error)"


def test_one_failed_probe_of_several_opens_and_the_rest_are_ignored() -> None:
    breaker = half_open(3)
    a, b, c = (breaker.acquire() for _ in range(3))
    a.success(1.0)
    b.failure("error")
    c.success(1.0)
    assert breaker.state is S.OPEN


def test_a_slow_probe_is_not_a_recovery() -> None:
    breaker = half_open(1)
    breaker.acquire().success(31.0)
    assert breaker.state is S.OPEN


def test_a_released_probe_frees_its_slot() -> None:
    breaker = half_open(1)
    first = breaker.acquire()
    with pytest.raises(BreakerOpenError):
        breaker.acquire()
    first.release()
    assert breaker.state is S.HALF_OPEN
    second = breaker.acquire()
    second.success(1.0)
    assert breaker.state is S.CLOSED


def test_a_cancelled_probe_in_a_context_manager_frees_its_slot() -> None:
    breaker = half_open(1)
    with pytest.raises(KeyboardInterrupt), breaker.acquire():
        raise KeyboardInterrupt
    assert breaker.state is S.HALF_OPEN
    breaker.acquire()


def test_an_overflowing_probe_frees_its_slot_without_verdict() -> None:
    breaker = half_open(1)
    breaker.acquire().failure("overflow")
    assert breaker.state is S.HALF_OPEN
    breaker.acquire()


def test_a_probe_never_reported_expires_so_half_open_never_wedges() -> None:
    clock = FakeClock()
    breaker = half_open(1, clock, probe_timeout_seconds=120.0, wait_seconds=10.0)
    lost = breaker.acquire()
    clock.advance(119.0)
    with pytest.raises(BreakerOpenError):
        breaker.acquire()
    clock.advance(1.0)
    assert breaker.state is S.OPEN
    assert "not reported within 120 s" in breaker.snapshot().last_reason
    clock.advance(breaker.retry_in())
    probe = breaker.acquire()
    lost.success(1.0)  # too late: ignored
    assert breaker.state is S.HALF_OPEN
    probe.success(1.0)
    assert breaker.state is S.CLOSED


# --------------------------------------------------------------------- stale permits


def test_stale_permit_after_reset_is_ignored() -> None:
    breaker = make(consecutive_failures=1)
    permit = breaker.acquire()
    breaker.reset()
    permit.failure("error")
    assert breaker.state is S.CLOSED
    assert breaker.stats()["window_calls"] == 0


def test_permit_from_before_a_trip_does_not_count_while_open() -> None:
    clock = FakeClock()
    breaker = make(clock, consecutive_failures=3)
    early = breaker.acquire()
    fail(breaker, 3)
    early.failure("error")
    snap = breaker.snapshot()
    assert snap.state is S.OPEN and snap.trips == 1
    clock.advance(10.0)
    probe = breaker.acquire()
    probe.success(1.0)
    assert breaker.state is S.CLOSED


def test_permit_from_a_closed_breaker_is_ignored_after_recovery() -> None:
    clock = FakeClock()
    breaker = make(clock, consecutive_failures=1)
    old = breaker.acquire()
    fail(breaker)
    clock.advance(10.0)
    breaker.acquire().success(1.0)
    old.failure("error")
    assert breaker.state is S.CLOSED


def test_disabled_admits_everything_and_records_nothing() -> None:
    breaker = make(consecutive_failures=1)
    breaker.disable()
    permits = [breaker.acquire() for _ in range(10)]
    for p in permits:
        p.failure("error")
    assert breaker.state is S.DISABLED
    breaker.close()
    assert breaker.stats()["window_calls"] == 0
    assert breaker.stats()["total_calls"] == 0


# ------------------------------------------------------------------------- snapshots


def test_snapshot_and_restore_keep_the_remaining_wait() -> None:
    clock = FakeClock(5000.0)
    breaker = make(clock, wait_seconds=10.0)
    fail(breaker, 3)
    clock.advance(5.0)
    snap = breaker.snapshot()
    assert snap.state is S.OPEN and snap.opened_at == 5000.0 and snap.wait_s == 10.0

    later = FakeClock(5005.0)  # a later process, same wall clock
    restored = CircuitBreaker.from_snapshot(snap, BreakerConfig(jitter=0), clock=later)
    assert restored.state is S.OPEN
    assert restored.retry_in() == pytest.approx(5.0)
    later.advance(4.9)
    with pytest.raises(BreakerOpenError):
        restored.acquire()
    later.advance(0.1)
    assert restored.state is S.HALF_OPEN
    restored.acquire().failure("error")
    assert restored.snapshot().trips == 2
    assert restored.snapshot().wait_s == 20.0  # the backoff carried on too


def test_restore_with_a_clock_that_went_back_waits_no_longer_than_the_wait() -> None:
    snap = BreakerSnapshot("m", S.OPEN, opened_at=10_000.0, wait_s=10.0, trips=1,
                           consecutive_failures=0, outcomes=(), last_reason="x")
    restored = CircuitBreaker.from_snapshot(snap, clock=FakeClock(0.0))
    assert restored.retry_in() == 10.0


def test_restore_accepts_a_snapshot_read_back_from_json() -> None:
    import dataclasses
    import json

    breaker = make(consecutive_failures=0, minimum_calls=20)
    fail(breaker, 2)
    data = json.loads(json.dumps(dataclasses.asdict(breaker.snapshot())))
    snap = BreakerSnapshot(**data)  # state a str, outcomes lists
    restored = CircuitBreaker.from_snapshot(snap, BreakerConfig(jitter=0, minimum_calls=20), clock=FakeClock(1000.0))
    assert restored.snapshot() == breaker.snapshot()
    assert restored.state is S.CLOSED


def test_snapshot_round_trips_a_closed_window() -> None:
    clock = FakeClock()
    breaker = make(clock, consecutive_failures=3, minimum_calls=20)
    succeed(breaker, 2)
    clock.advance(1.0)
    fail(breaker, 2)
    snap = breaker.snapshot()
    assert snap.consecutive_failures == 2
    assert [o[1] for o in snap.outcomes] == [True, True, False, False]
    restored = CircuitBreaker.from_snapshot(snap, BreakerConfig(jitter=0, minimum_calls=20), clock=clock)
    assert restored.snapshot() == snap
    fail(restored)
    assert restored.state is S.OPEN


def test_restore_replaces_state_and_ignores_old_permits() -> None:
    breaker = make(consecutive_failures=1)
    permit = breaker.acquire()
    other = make()
    other.force_open("by hand")
    breaker.restore(other.snapshot())
    permit.failure("error")
    assert breaker.state is S.FORCED_OPEN


def test_stats() -> None:
    breaker = make(consecutive_failures=0, minimum_calls=10)
    succeed(breaker, 3)
    fail(breaker, 1)
    stats = breaker.stats()
    assert stats["state"] == "closed"
    assert (stats["window_calls"], stats["window_failures"]) == (4, 1)
    assert stats["failure_rate"] == 0.25
    assert (stats["total_calls"], stats["total_successes"], stats["total_failures"]) == (4, 3, 1)


# ---------------------------------------------------------------------------- config


def test_config_defaults() -> None:
    c = BreakerConfig()
    assert (c.window, c.window_size, c.minimum_calls, c.failure_rate) == ("count", 20, 5, 0.5)
    assert c.consecutive_failures == 3
    assert (c.wait_seconds, c.backoff_multiplier, c.max_wait_seconds, c.jitter) == (10.0, 2.0, 300.0, 0.1)
    assert (c.half_open_probes, c.probe_timeout_seconds, c.slow_call_rate) == (1, 120.0, 1.0)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("window", "sliding", '"count" or "time"'),
        ("window_size", 0, "an integer >= 1"),
        ("window_size", 2.5, "an integer >= 1"),
        ("window_seconds", 0, "a number > 0"),
        ("minimum_calls", 0, "an integer >= 1"),
        ("failure_rate", 0.0, "a number in (0, 1]"),
        ("failure_rate", 1.5, "a number in (0, 1]"),
        ("consecutive_failures", -1, "an integer >= 0"),
        ("slow_call_rate", 0, "a number in (0, 1]"),
        ("wait_seconds", -1, "a number >= 0"),
        ("backoff_multiplier", 0.5, "a number >= 1"),
        ("jitter", 1.5, "a number from 0 to 1"),
        ("half_open_probes", 0, "an integer >= 1"),
        ("probe_timeout_seconds", 0, "a number > 0"),
        ("wait_seconds", True, "a number >= 0"),
        ("wait_seconds", float("nan"), "a number >= 0"),
    ],
)
def test_config_validation_names_the_field_and_expectation(key: str, value: object, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        BreakerConfig(**{key: value})  # type: ignore[arg-type]
    assert f"'{key}' must be {expected}" in str(info.value)
    with pytest.raises(ConfigError) as info:
        BreakerConfig.from_mapping({key: value}, "config.toml [breaker]")
    assert str(info.value).startswith(f"config.toml [breaker]: '{key}' must be {expected}")


def test_config_cross_field_checks() -> None:
    with pytest.raises(ConfigError, match="'max_wait_seconds' must be at least 'wait_seconds'"):
        BreakerConfig(wait_seconds=60, max_wait_seconds=30)
    with pytest.raises(ConfigError, match="'minimum_calls' must be at most 'window_size'"):
        BreakerConfig.from_mapping({"window_size": 3, "minimum_calls": 5}, "profile dev")
    BreakerConfig(window="time", window_size=3, minimum_calls=5)  # no size limit on a time window


def test_from_mapping() -> None:
    c = BreakerConfig.from_mapping({"window": "TIME", "wait_seconds": 5, "half_open_probes": 2}, "x")
    assert (c.window, c.wait_seconds, c.half_open_probes) == ("time", 5.0, 2)
    assert isinstance(c.wait_seconds, float)
    assert BreakerConfig.from_mapping({}, "x") == BreakerConfig()


def test_from_mapping_unknown_key_and_non_table() -> None:
    with pytest.raises(ConfigError) as info:
        BreakerConfig.from_mapping({"wait": 5}, "profiles/dev.toml [breaker]")
    assert str(info.value).startswith("profiles/dev.toml [breaker]: unknown key 'wait'")
    with pytest.raises(ConfigError, match="must be a table"):
        BreakerConfig.from_mapping(5, "x")  # type: ignore[arg-type]


def test_breaker_state_is_a_str_enum() -> None:
    assert S("half_open") is S.HALF_OPEN
    assert S.FORCED_OPEN == "forced_open"
    assert str(S.OPEN) == "open"
