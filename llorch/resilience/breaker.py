"""A circuit breaker per model: fail fast while a model is failing, probe it back to health.

States and the moves between them (`LEGAL_TRANSITIONS`; `close()` and `reset()` add
the manual ones noted below):

    closed ──trip──> open ──wait elapsed──> half_open ──k probes ok──> closed
                      ^                         │
                      └──probe failed/timed out─┘   (the wait grows each time)

    closed | open | half_open ──force_open()──> forced_open ──close()──> closed
    any ──disable()──> disabled ──close()/enable()──> closed
    open | half_open ──close()──> closed       (manual only; never automatic)
    any ──reset()──> closed                     (windows cleared, backoff reset)

Time comes from an injected clock (wall time by default, because snapshots are
persisted and read back by later processes); tests drive a `FakeClock` and never sleep.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from typing import Any, Literal, Protocol

from llorch.errors import (
    BreakerOpenError,
    ContextOverflowError,
    GenerationTimeoutError,
    InputError,
    LlorchError,
    ModelError,
)
from llorch.settings.breaker import BreakerConfig  # the settings live below config, which parses them

__all__ = [
    "FAILURE_KINDS",
    "LEGAL_TRANSITIONS",
    "BreakerConfig",
    "BreakerSnapshot",
    "BreakerState",
    "CircuitBreaker",
    "Clock",
    "FakeClock",
    "IllegalTransitionError",
    "Outcome",
    "Permit",
    "TransitionCallback",
]

_log = logging.getLogger("llorch.resilience")

# Failure kinds a caller reports. "overflow" is recorded but never counts against the
# model (see `Permit.failure`); "slow" always counts as a slow call.
FAILURE_KINDS: tuple[str, ...] = ("error", "timeout", "overflow", "load", "slow")


class Clock(Protocol):
    """Seconds as a float; wall time (`time.time`) unless a test injects its own."""

    def __call__(self) -> float: ...


class FakeClock:
    """A clock that only moves when told to, for tests."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds

    def set(self, now: float) -> None:
        self._now = float(now)


class BreakerState(str, Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"
    FORCED_OPEN = "forced_open"
    DISABLED = "disabled"

    def __str__(self) -> str:
        return self.value


_S = BreakerState

# What `transition()` allows. `close()` also moves open/half_open → closed by hand, and
# `reset()` goes from any state to closed; neither is an automatic move.
LEGAL_TRANSITIONS: Mapping[BreakerState, frozenset[BreakerState]] = {
    _S.CLOSED: frozenset({_S.OPEN, _S.FORCED_OPEN, _S.DISABLED}),
    _S.OPEN: frozenset({_S.HALF_OPEN, _S.FORCED_OPEN, _S.DISABLED}),
    _S.HALF_OPEN: frozenset({_S.CLOSED, _S.OPEN, _S.FORCED_OPEN, _S.DISABLED}),
    _S.FORCED_OPEN: frozenset({_S.CLOSED, _S.DISABLED}),
    _S.DISABLED: frozenset({_S.CLOSED}),
}

_MANUAL_CLOSE_FROM = frozenset({_S.OPEN, _S.HALF_OPEN, _S.FORCED_OPEN, _S.DISABLED})

TransitionCallback = Callable[[str, BreakerState, BreakerState, str], None]

# (time, ok, slow): one recorded call outcome.
Outcome = tuple[float, bool, bool]


class IllegalTransitionError(LlorchError):
    """A breaker asked to move between two states the transition table does not connect."""

    def __init__(self, message: str, *, old: BreakerState, new: BreakerState) -> None:
        super().__init__(message)
        self.old = old
        self.new = new


# -------------------------------------------------------------------------- snapshot


@dataclass(frozen=True)
class BreakerSnapshot:
    """Everything a later process needs to carry on where this breaker stopped.

    `opened_at` is the clock time the breaker last opened (None unless open or forced
    open); `wait_s` the wait that opening set; `trips` the trips in a row since the
    last recovery (it drives the backoff).
    """

    name: str
    state: BreakerState
    opened_at: float | None
    wait_s: float
    trips: int
    consecutive_failures: int
    outcomes: tuple[Outcome, ...]
    last_reason: str
    slow_trip: bool = False  # open because calls were slow, not because they failed


# ---------------------------------------------------------------------------- permit


class Permit:
    """Leave to make one call; report how it went exactly once (later reports are ignored).

    As a context manager: leaving normally counts as success, an exception as a failure
    of the matching kind, and a cancellation (KeyboardInterrupt, GeneratorExit,
    CancelledError), an input error or another breaker's refusal as `release()`.
    """

    __slots__ = ("_breaker", "generation", "probe", "counted", "issued_at", "_id", "reported")

    def __init__(
        self,
        breaker: CircuitBreaker,
        *,
        generation: int,
        probe: bool,
        counted: bool,
        issued_at: float,
        permit_id: int,
    ) -> None:
        self._breaker = breaker
        self.generation = generation
        self.probe = probe
        self.counted = counted
        self.issued_at = issued_at
        self._id = permit_id
        self.reported = False

    def success(self, duration_s: float | None = None) -> None:
        """The call answered; over `slow_call_seconds` it also counts as slow.

        `duration_s=None` measures from `acquire()` with the breaker's clock.
        """
        self._breaker._report(self, ok=True, kind="ok", duration_s=duration_s)

    def failure(self, kind: str = "error", duration_s: float | None = None) -> None:
        """The call failed: kind is error, timeout, load, slow or overflow.

        "overflow" (the prompt did not fit) is a property of the request, not of the
        model's health: it is counted in `stats()` but never as a failure, so a
        fallback chain can move on to a larger-context model without tripping this one.
        """
        self._breaker._report(self, ok=False, kind=kind, duration_s=duration_s)

    def release(self) -> None:
        """No outcome (the user cancelled): frees a half-open probe slot, counts nothing."""
        self._breaker._report(self, ok=None, kind="released", duration_s=0.0)

    def __enter__(self) -> Permit:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        if exc is None:
            self.success()
        elif isinstance(exc, _NO_OUTCOME):
            self.release()
        else:
            self.failure(_kind_for(exc))
        return False

    def __repr__(self) -> str:
        return f"<Permit {self._breaker.name} gen={self.generation} probe={self.probe} reported={self.reported}>"


_NO_OUTCOME: tuple[type[BaseException], ...] = (
    KeyboardInterrupt,
    GeneratorExit,
    asyncio.CancelledError,
    concurrent.futures.CancelledError,
    InputError,
    BreakerOpenError,
)


def _kind_for(exc: BaseException) -> str:
    if isinstance(exc, ContextOverflowError):
        return "overflow"
    if isinstance(exc, GenerationTimeoutError):
        return "timeout"
    if isinstance(exc, ModelError):
        return "load"
    return "error"


# --------------------------------------------------------------------------- breaker

_Events = list[tuple[BreakerState, BreakerState, str]]


class CircuitBreaker:
    """One model's breaker; thread-safe behind one lock.

    `acquire()` hands out a Permit or raises BreakerOpenError. `on_transition(name,
    old, new, reason)` is called after each state change, outside the lock (it may
    call `snapshot()` to persist); its exceptions are logged, never raised.
    """

    def __init__(
        self,
        name: str,
        config: BreakerConfig | None = None,
        clock: Clock = time.time,
        rng: random.Random | None = None,
        on_transition: TransitionCallback | None = None,
    ) -> None:
        self.name = name
        self.config = config if config is not None else BreakerConfig()
        self._clock = clock
        self._rng = rng if rng is not None else random.Random()
        self._on_transition = on_transition
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._state = BreakerState.CLOSED
        self._generation = 0
        self._outcomes: deque[Outcome] = self._new_window(())
        self._consecutive = 0
        self._trips = 0
        self._opened_at: float | None = None
        self._wait_s = 0.0
        self._reason = ""
        self._slow_trip = False
        self._tripped_slow = False
        self._probes: dict[int, float] = {}  # permit id -> issued at
        self._probe_successes = 0
        self._totals = dict.fromkeys(("calls", "successes", "failures", "slow", "overflows", "rejected", "trips"), 0)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_snapshot(
        cls,
        snapshot: BreakerSnapshot,
        config: BreakerConfig | None = None,
        clock: Clock = time.time,
        rng: random.Random | None = None,
        on_transition: TransitionCallback | None = None,
    ) -> CircuitBreaker:
        """A breaker that carries on from a persisted snapshot."""
        breaker = cls(snapshot.name, config, clock, rng, on_transition)
        breaker.restore(snapshot)
        return breaker

    def restore(self, snapshot: BreakerSnapshot) -> None:
        """Take over a snapshot's state; permits issued before are ignored, probes in flight forgotten."""
        with self._lock:
            self._generation += 1
            self._state = BreakerState(snapshot.state)
            # Snapshots read back from storage may hold lists; normalize to (time, ok, slow).
            outcomes = tuple((float(t), bool(ok), bool(slow)) for t, ok, slow in snapshot.outcomes)
            self._outcomes = self._new_window(outcomes)
            self._consecutive = max(0, snapshot.consecutive_failures)
            self._trips = max(0, snapshot.trips)
            self._wait_s = max(0.0, snapshot.wait_s)
            self._opened_at = snapshot.opened_at
            if self._state in (_S.OPEN, _S.FORCED_OPEN) and self._opened_at is None:
                self._opened_at = self._clock()
            self._reason = snapshot.last_reason
            self._slow_trip = snapshot.slow_trip
            self._probes.clear()
            self._probe_successes = 0

    def snapshot(self) -> BreakerSnapshot:
        with self._lock:
            return BreakerSnapshot(
                name=self.name,
                state=self._state,
                opened_at=self._opened_at,
                wait_s=self._wait_s,
                trips=self._trips,
                consecutive_failures=self._consecutive,
                outcomes=tuple(self._outcomes),
                last_reason=self._reason,
                slow_trip=self._slow_trip,
            )

    # ------------------------------------------------------------------------ reading

    @property
    def state(self) -> BreakerState:
        """The current state; moves open → half_open first if the wait has elapsed."""
        events: _Events = []
        with self._lock:
            self._tick(self._clock(), events)
            state = self._state
        self._emit(events)
        return state

    def retry_in(self) -> float:
        """Seconds until the next call may go through: 0 when calls are admitted, inf when forced open."""
        events: _Events = []
        with self._lock:
            now = self._clock()
            self._tick(now, events)
            value = self._retry_in(now)
        self._emit(events)
        return value

    def stats(self) -> dict[str, Any]:
        """State, the window's counts and rates, and totals since creation or reset."""
        events: _Events = []
        with self._lock:
            now = self._clock()
            self._tick(now, events)
            n = len(self._outcomes)
            failures = sum(1 for _, ok, _ in self._outcomes if not ok)
            slow = sum(1 for _, _, s in self._outcomes if s)
            result: dict[str, Any] = {
                "name": self.name,
                "state": self._state.value,
                "window_calls": n,
                "window_failures": failures,
                "window_slow": slow,
                "failure_rate": failures / n if n else 0.0,
                "slow_rate": slow / n if n else 0.0,
                "consecutive_failures": self._consecutive,
                "trips_in_a_row": self._trips,
                "wait_s": self._wait_s,
                "retry_in": self._retry_in(now),
                "probes_in_flight": len(self._probes),
                "last_reason": self._reason,
                **{f"total_{k}": v for k, v in self._totals.items()},
            }
        self._emit(events)
        return result

    # ----------------------------------------------------------------------- acquiring

    def acquire(self) -> Permit:
        """A permit for one call, or BreakerOpenError when the model must not be called now."""
        events: _Events = []
        error: BreakerOpenError | None = None
        permit: Permit | None = None
        with self._lock:
            now = self._clock()
            self._tick(now, events)
            state = self._state
            if state is _S.DISABLED:
                permit = self._permit(now, probe=False, counted=False)
            elif state is _S.CLOSED:
                permit = self._permit(now, probe=False, counted=True)
            elif state is _S.HALF_OPEN:
                if len(self._probes) + self._probe_successes < self.config.half_open_probes:
                    permit = self._permit(now, probe=True, counted=True)
                    self._probes[permit._id] = now
                else:
                    error = BreakerOpenError(
                        f"model {self.name} is failing (a probe is in flight); try again shortly",
                        model=self.name,
                        retry_in=0.0,
                    )
            elif state is _S.FORCED_OPEN:
                error = BreakerOpenError(
                    f"model {self.name} is forced open ({self._reason}); close its breaker to use it again",
                    model=self.name,
                    retry_in=math.inf,
                )
            else:
                wait = self._retry_in(now)
                error = BreakerOpenError(
                    f"model {self.name} is failing ({self._reason}); next try in {math.ceil(wait)}s",
                    model=self.name,
                    retry_in=wait,
                    slow_only=self._slow_trip,
                )
            if error is not None:
                self._totals["rejected"] += 1
        self._emit(events)
        if error is not None:
            raise error
        assert permit is not None
        return permit

    def _permit(self, now: float, *, probe: bool, counted: bool) -> Permit:
        if counted:
            self._totals["calls"] += 1
        return Permit(
            self, generation=self._generation, probe=probe, counted=counted, issued_at=now, permit_id=next(self._ids)
        )

    # ----------------------------------------------------------------- manual control

    def transition(self, to: BreakerState, reason: str) -> None:
        """Move to `to` if `LEGAL_TRANSITIONS` allows it; IllegalTransitionError otherwise."""
        self._transition(BreakerState(to), reason, idempotent=False)

    def force_open(self, reason: str = "forced open by hand") -> None:
        """Refuse every call until `close()`; a no-op when already forced open."""
        self._transition(_S.FORCED_OPEN, reason, idempotent=True)

    def disable(self, reason: str = "disabled by hand") -> None:
        """Admit every call and record nothing; a no-op when already disabled."""
        self._transition(_S.DISABLED, reason, idempotent=True)

    def _transition(self, to: BreakerState, reason: str, *, idempotent: bool) -> None:
        events: _Events = []
        error: IllegalTransitionError | None = None
        with self._lock:
            if to in LEGAL_TRANSITIONS[self._state]:
                self._enter(to, reason, self._clock(), events)
            elif not (idempotent and to is self._state):
                error = IllegalTransitionError(
                    f"breaker {self.name}: cannot go from {self._state.value} to {to.value}",
                    old=self._state,
                    new=to,
                )
        self._emit(events)
        if error is not None:
            raise error

    def close(self, reason: str = "closed by hand") -> None:
        """Close by hand from open, half_open, forced_open or disabled: fresh windows, no backoff.

        This is the only way open → closed happens without probes. A no-op when closed.
        """
        events: _Events = []
        with self._lock:
            if self._state in _MANUAL_CLOSE_FROM:
                self._enter(_S.CLOSED, reason, self._clock(), events)
        self._emit(events)

    enable = close

    def reset(self, reason: str = "reset") -> None:
        """Back to a new closed breaker from any state: windows, backoff and totals cleared.

        Reports the move even when already closed, so persistence sees the cleared counts.
        """
        events: _Events = []
        with self._lock:
            self._enter(_S.CLOSED, reason, self._clock(), events)
            self._totals = dict.fromkeys(self._totals, 0)
        self._emit(events)

    # ------------------------------------------------------------------- internals

    def _new_window(self, outcomes: tuple[Outcome, ...] | deque[Outcome]) -> deque[Outcome]:
        if self.config.window == "count":
            return deque(outcomes, maxlen=self.config.window_size)
        return deque(outcomes)

    def _retry_in(self, now: float) -> float:
        if self._state is _S.FORCED_OPEN:
            return math.inf
        if self._state is not _S.OPEN or self._opened_at is None:
            return 0.0
        # Capped at the wait itself: a clock that went back (wall time) cannot stretch it.
        return max(0.0, min(self._wait_s, self._opened_at + self._wait_s - now))

    def _tick(self, now: float, events: _Events) -> None:
        """Time-driven moves: open → half_open once the wait elapsed; expire lost probes."""
        if self._state is _S.OPEN and self._retry_in(now) <= 0.0:
            self._enter(_S.HALF_OPEN, f"waited {self._wait_s:.1f} s after: {self._reason}", now, events)
        if self._state is _S.HALF_OPEN:
            limit = self.config.probe_timeout_seconds
            if any(now - issued >= limit for issued in self._probes.values()):
                self._enter(_S.OPEN, f"a probe was not reported within {limit:g} s", now, events)
        if self._state is _S.CLOSED and self.config.window == "time":
            self._prune(now)

    def _prune(self, now: float) -> None:
        horizon = now - self.config.window_seconds
        while self._outcomes and self._outcomes[0][0] < horizon:
            self._outcomes.popleft()
        # The run of failures is the tail of the window: expired outcomes leave it too.
        self._consecutive = min(self._consecutive, len(self._outcomes))

    def _next_wait(self) -> float:
        c = self.config
        base = min(c.max_wait_seconds, c.wait_seconds * c.backoff_multiplier ** max(0, self._trips - 1))
        if c.jitter:
            base *= 1.0 + self._rng.uniform(-c.jitter, c.jitter)
        return max(0.0, min(c.max_wait_seconds, base))

    def _enter(self, to: BreakerState, reason: str, now: float, events: _Events) -> None:
        old = self._state
        self._generation += 1
        self._state = to
        self._reason = reason
        self._probes.clear()
        self._probe_successes = 0
        if to is _S.OPEN:
            self._trips += 1
            self._totals["trips"] += 1
            self._wait_s = self._next_wait()
            self._opened_at = now
        elif to is _S.FORCED_OPEN:
            self._opened_at = now
        elif to is _S.CLOSED:
            self._outcomes.clear()
            self._consecutive = 0
            self._trips = 0
            self._wait_s = 0.0
            self._opened_at = None
        elif to is _S.DISABLED:
            self._opened_at = None
        events.append((old, to, reason))

    def _report(self, permit: Permit, *, ok: bool | None, kind: str, duration_s: float | None) -> None:
        events: _Events = []
        with self._lock:
            if permit.reported:
                return
            permit.reported = True
            now = self._clock()
            self._tick(now, events)
            if permit.counted:
                duration = now - permit.issued_at if duration_s is None else duration_s
                slow = kind == "slow" or duration > self.config.slow_call_seconds
                if kind == "overflow":
                    self._totals["overflows"] += 1
                if permit.generation != self._generation:
                    # A call let through before the breaker last changed state: a real outcome for the
                    # totals, but not evidence about the model's health since then.
                    if ok is not None and kind != "overflow":
                        self._count(ok, slow)
                elif permit.probe:
                    self._report_probe(permit, ok, kind, slow, duration, now, events)
                elif ok is not None and kind != "overflow":
                    self._record(ok, slow, kind, now, events)
        self._emit(events)

    def _report_probe(
        self, permit: Permit, ok: bool | None, kind: str, slow: bool, duration: float, now: float, events: _Events
    ) -> None:
        if self._probes.pop(permit._id, None) is None or ok is None or kind == "overflow":
            return  # released, or the request did not fit: the slot is free again
        self._count(ok, slow)
        if not ok:
            self._enter(_S.OPEN, f"a probe failed ({kind})", now, events)
            self._slow_trip = False
        elif slow:
            # A slow probe is not a recovery: the breaker may have tripped on slowness.
            self._enter(
                _S.OPEN, f"a probe was slow ({duration:.1f} s > {self.config.slow_call_seconds:g} s)", now, events
            )
            self._slow_trip = True
        else:
            self._probe_successes += 1
            k = self.config.half_open_probes
            if self._probe_successes >= k:
                self._enter(_S.CLOSED, f"{k} probe{'s' if k > 1 else ''} succeeded", now, events)

    def _count(self, ok: bool, slow: bool) -> None:
        self._totals["successes" if ok else "failures"] += 1
        if slow:
            self._totals["slow"] += 1

    def _record(self, ok: bool, slow: bool, kind: str, now: float, events: _Events) -> None:
        self._count(ok, slow)
        self._outcomes.append((now, ok, slow))
        self._consecutive = 0 if ok else self._consecutive + 1
        if self.config.window == "time":
            self._prune(now)
        reason = self._trip_reason(kind)
        if reason is not None:
            self._enter(_S.OPEN, reason, now, events)
            self._slow_trip = self._tripped_slow

    def _trip_reason(self, kind: str) -> str | None:
        c = self.config
        self._tripped_slow = False
        if c.consecutive_failures and self._consecutive >= c.consecutive_failures:
            return f"{self._consecutive} failures in a row, last: {kind}"
        n = len(self._outcomes)
        if n < c.minimum_calls:
            return None
        failures = sum(1 for _, ok, _ in self._outcomes if not ok)
        if failures / n >= c.failure_rate:
            return f"{failures} of the last {n} calls failed"
        slow = sum(1 for _, _, s in self._outcomes if s)
        if slow / n >= c.slow_call_rate:
            self._tripped_slow = True
            return f"{slow} of the last {n} calls took over {c.slow_call_seconds:g} s"
        return None

    def _emit(self, events: _Events) -> None:
        for old, new, reason in events:
            _log.info("breaker %s: %s -> %s (%s)", self.name, old.value, new.value, reason)
            if self._on_transition is None:
                continue
            try:
                self._on_transition(self.name, old, new, reason)
            except Exception:
                _log.exception("breaker %s: on_transition callback failed", self.name)

    def __repr__(self) -> str:
        return f"<CircuitBreaker {self.name} {self._state.value}>"
