"""Breakers that outlive the process: one per model, read from and written to llorch's store.

`llorch run` is short-lived, so every outcome and transition is saved; the next process
restores the breaker and, if it is still open, skips the model until its wait is over.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping

from llorch.resilience.breaker import BreakerConfig, BreakerSnapshot, BreakerState, CircuitBreaker, Clock
from llorch.store.db import Store

__all__ = ["BreakerBook", "snapshot_from_json", "snapshot_to_json"]

log = logging.getLogger("llorch.resilience")


def snapshot_to_json(snapshot: BreakerSnapshot) -> str:
    data = dataclasses.asdict(snapshot)
    data["state"] = BreakerState(snapshot.state).value
    return json.dumps(data)


def snapshot_from_json(text: str) -> BreakerSnapshot | None:
    """A stored snapshot, or None when the row is unreadable (it is then started afresh)."""
    try:
        data = json.loads(text)
        return BreakerSnapshot(
            name=str(data["name"]), state=BreakerState(data["state"]), opened_at=data.get("opened_at"),
            wait_s=float(data["wait_s"]), trips=int(data["trips"]), consecutive_failures=int(data["consecutive_failures"]),
            outcomes=tuple(tuple(o) for o in data.get("outcomes", ())),
            last_reason=str(data.get("last_reason", "")),
            slow_trip=bool(data.get("slow_trip", False)),
        )
    except (ValueError, KeyError, TypeError):
        return None


class BreakerBook:
    """Circuit breakers by model reference, persisted in `store` (None: in memory only).

    A process keeps ONE book (the Runtime's), shared by every chain and request: each model has
    one breaker, so concurrent requests count every outcome once and half-open probes are limited
    across them; every change is written through to the store, where other processes read it."""

    def __init__(
        self,
        store: Store | None,
        config: BreakerConfig | None = None,
        *,
        clock: Clock = time.time,
        per_model: Mapping[str, BreakerConfig] | None = None,
        on_transition: Callable[[str, BreakerState, BreakerState, str], None] | None = None,
    ) -> None:
        self.store = store
        self.config = config or BreakerConfig()
        self._per_model = dict(per_model or {})
        self._clock = clock
        self._breakers: dict[str, CircuitBreaker] = {}
        self._lock = threading.Lock()
        self._save_lock = threading.RLock()  # a refresh's reset saves while holding it
        self._listener = on_transition
        self._seen: dict[str, str | None] = {}  # each model's row as this book last wrote or read it
        self._checked: dict[str, float] = {}

    REFRESH_S = 1.0  # how often a long-running process looks for a change another process made


    def get(self, model: str, config: BreakerConfig | None = None) -> CircuitBreaker:
        """`model`'s breaker. `config` (a profile's [breaker] settings) applies when this process makes it."""
        due = False
        with self._lock:
            breaker = self._breakers.get(model)
            if breaker is None:
                breaker = self._breakers[model] = self._load(model, config)
            elif self.store is not None and self._clock() - self._checked.get(model, 0.0) >= self.REFRESH_S:
                self._checked[model] = self._clock()
                due = True
        if due:
            self._refresh(model, breaker)  # outside the lock: a reset saves, which takes it
        return breaker

    def _refresh(self, model: str, breaker: CircuitBreaker) -> bool:
        """Take up what another process wrote (`llorch breakers close` by hand, another llorch's outcomes) since
        this one last read or wrote the row; whether there was any."""
        assert self.store is not None
        with self._save_lock:  # no write of this process's may land between the read and the restore
            try:
                stored = self.store.breaker(model)
            except Exception as exc:  # noqa: BLE001 - an unreadable store leaves this process's state as it is
                log.debug("cannot read the breaker of %s: %s", model, exc)
                return False
            with self._lock:
                if stored == self._seen.get(model):
                    return False
                self._seen[model] = stored
            snapshot = snapshot_from_json(stored) if stored else None
            if snapshot is not None:
                breaker.restore(snapshot)
            else:
                breaker.reset("reset by another process")
            return True

    def _load(self, model: str, config: BreakerConfig | None = None) -> CircuitBreaker:
        config = self._per_model.get(model, config or self.config)
        stored = self.store.breaker(model) if self.store is not None else None
        self._seen[model] = stored
        self._checked[model] = self._clock()
        snapshot = snapshot_from_json(stored) if stored else None
        if snapshot is not None:
            return CircuitBreaker.from_snapshot(snapshot, config, self._clock, on_transition=self._transitioned)
        return CircuitBreaker(model, config, self._clock, on_transition=self._transitioned)

    def _transitioned(self, name: str, old: BreakerState, new: BreakerState, reason: str) -> None:
        self.save(name)  # the breaker itself logs the move
        if self._listener is not None:
            self._listener(name, old, new, reason)

    def save(self, model: str, *, by_hand: bool = False) -> None:
        """Write the breaker's state and recent outcomes to the store, for the next process.

        Where another process wrote the model's row since this one last read or wrote it (`llorch breakers
        open` by hand), that row stands and this process takes it up: a running answer's outcome wrote its
        stale "closed" over a breaker opened by hand a moment before. A change made by hand (`by_hand`) is
        written whatever the row holds, and a store that refuses it is an error, not a warning."""
        breaker = self._breakers.get(model)
        if breaker is None or self.store is None:
            return
        # One writer at a time: two threads' snapshots must not land in the store out of order.
        with self._save_lock:
            if not by_hand and self._refresh(model, breaker):
                return
            try:
                text = snapshot_to_json(breaker.snapshot())
                self.store.save_breaker(model, text)
                with self._lock:
                    self._seen[model] = text
            except Exception as exc:  # a store that refuses a write must not take the answer down with it
                if by_hand:
                    raise
                log.warning("could not save the breaker of %s: %s", model, exc)

    def open_by_hand(self, model: str, reason: str) -> None:
        """Keep `model` out until closed by hand (`llorch breakers open`, `llorch top`); saved at once,
        so every llorch process takes it up."""
        breaker = self._current(model)
        breaker.force_open(reason)
        self.save(model, by_hand=True)

    def close_by_hand(self, model: str, reason: str) -> None:
        """Let `model` answer again straight away (`llorch breakers close`, `llorch top`); saved at once."""
        breaker = self._current(model)
        breaker.close(reason)
        self.save(model, by_hand=True)

    def _current(self, model: str) -> CircuitBreaker:
        """`model`'s breaker with what the store holds now taken up (a change by hand then starts from it)."""
        breaker = self.get(model)
        if self.store is not None:
            self._refresh(model, breaker)
        return breaker

    def models(self) -> list[str]:
        """Every model with a breaker, stored or in memory."""
        stored = [m for m, _ in self.store.breakers()] if self.store is not None else []
        return sorted(set(stored) | set(self._breakers))

    def states(self, models: Iterable[str] = (), *, every: bool = False) -> dict[str, str]:
        """Each model's breaker state by name ("closed", "open", ...); with `every`, also every model that has one."""
        names = set(models) | (set(self.models()) if every else set())
        return {m: self.get(m).state.value for m in sorted(names)}

    def forget(self, model: str | None = None) -> int:
        """Reset one model's breaker (or all) and drop what the store holds of it."""
        with self._lock:
            targets = [model] if model is not None else list(self._breakers)
            for name in targets:
                self._breakers.pop(name, None)
        return self.store.delete_breaker(model) if self.store is not None else len(targets)
