"""The pool: every loaded model (one Group of instances each), within a memory budget, with keep-alive.

- A model loads on first use, once even when several threads ask, as `instances(ref)`
  workers behind one Group (group.py routes among them and steals work).
- Before loading, its footprint (weights plus each instance's KV cache, from the GGUF
  header) must fit the budget beside what stays loaded: idle models are unloaded,
  least recently used first; if it still does not fit, the load is refused with the
  figures (MemoryBudgetError) rather than the process being killed by the kernel.
- A model in use (`use`) is never unloaded under its user; an idle one unloads after
  `keep_alive_s` (None: never) when `reap()` runs (`start_housekeeping` runs it
  every second in long-lived processes; tests call it with an injected clock).
- `snapshot()` is what `llorch ps` shows.

A loader may return a plain single-sequence Backend (the fake one, in tests); it is put
behind a SerialWorker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from llorch import interrupts
from llorch.errors import GenerationError, LlorchError, MemoryBudgetError
from llorch.orchestra.group import Group, RequestFigures

__all__ = ["InstanceRow", "Pool", "PoolRow", "as_worker"]

log = logging.getLogger("llorch.orchestra")

Loader = Callable[[str], Any]


def as_worker(loaded: Any) -> Any:
    """A worker for what a loader returned: itself, or a plain Backend behind a SerialWorker."""
    if callable(getattr(loaded, "submit", None)):
        return loaded
    from llorch.orchestra.serial import SerialWorker

    return SerialWorker(loaded)


def _size(group: Any) -> int:
    return max(group.info().size_bytes, 1)


def _gib(n: float) -> str:
    return f"{n / 2**30:,.2f} GiB"


@dataclass(frozen=True)
class InstanceRow:
    worker: str
    slots_busy: int
    slots_total: int
    queued: int
    tokens_per_s: float
    queued_bulk: int = 0  # of the queued, bulk requests


@dataclass(frozen=True)
class PoolRow:
    """One loaded model, for `llorch ps`."""

    model: str
    instances: tuple[InstanceRow, ...]
    slots_busy: int
    slots_total: int
    queued: int
    kv_used: int
    kv_total: int
    kv_hit_rate: float
    memory_bytes: int
    tokens_per_s: float
    requests: int
    steals: int
    idle_s: float
    expires_in_s: float | None  # None: kept while the process lives
    pinned: bool
    tokens_out: int = 0  # generated since it loaded (a reader's rate over its own interval)
    recent: tuple[RequestFigures, ...] = ()  # the last finished requests, newest first
    drafted: int = 0  # tokens guessed ahead (speculative decoding) since the model loaded
    accepted: int = 0  # of those, kept
    queued_bulk: int = 0  # of the queued, bulk requests (--each-line, agents' fan-out...: orchestra/priority.py)
    paused: int = 0  # bulk requests that gave their slot to an interactive one, since the model loaded

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k not in ("instances", "recent")}
        data["instances"] = [i.__dict__ for i in self.instances]
        data["recent"] = [r.to_dict() for r in self.recent]
        return data


class Pool:
    """Loaded models by reference. Thread-safe."""

    def __init__(
        self,
        loader: Loader,
        *,
        budget_bytes: int,
        size_of: Callable[[Any], int] = _size,
        footprint: Callable[[str], Any] | None = None,
        instances: Callable[[str], int] | None = None,
        keep_alive_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._loader = loader
        self.budget_bytes = budget_bytes
        self._size_of = size_of
        self._footprint = footprint
        self._instances = instances or (lambda ref: 1)
        self.keep_alive_s = keep_alive_s
        self.clock = clock
        self._lock = threading.Lock()
        self._loaded: OrderedDict[str, Group] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._loading: dict[str, threading.Event] = {}
        self._pinned: dict[str, int] = {}
        self._stop = threading.Event()
        self.load_errors: dict[str, LlorchError] = {}
        self.load_ms: dict[str, float] = {}

    def loaded(self) -> list[str]:
        """References of loaded models, least recently used first."""
        with self._lock:
            return list(self._loaded)

    def loading(self) -> list[str]:
        """References being loaded now."""
        with self._lock:
            return list(self._loading)

    def is_loaded(self, ref: str) -> bool:
        with self._lock:
            return ref in self._loaded

    def closing(self) -> bool:
        """Whether `close` was called: a load in progress stops, and no new one starts."""
        return self._stop.is_set()

    def get(self, ref: str) -> Group:
        """The model for `ref`, loading it (once, even if several threads ask) if needed."""
        while True:
            with self._lock:
                if self._stop.is_set():
                    raise GenerationError(f"{ref} is not available: the models are being closed")
                group = self._loaded.get(ref)
                if group is not None:
                    self._loaded.move_to_end(ref)
                    evicted = self._evict_locked(keep=ref)  # models pinned earlier may have been released
                    break
                pending = self._loading.get(ref)
                mine = pending is None
                if pending is None:
                    pending = self._loading[ref] = threading.Event()
            if mine:
                return self._load(ref, pending)
            pending.wait()
            with self._lock:
                if ref not in self._loaded and ref in self.load_errors:
                    raise self.load_errors[ref]
        self._close(evicted)
        return group

    def _load(self, ref: str, pending: threading.Event) -> Group:
        try:
            start = time.perf_counter()
            self._make_room(ref)
            group = self._open(ref)
            self.load_ms[ref] = (time.perf_counter() - start) * 1000
        except LlorchError as exc:
            with self._lock:
                self.load_errors[ref] = exc
                del self._loading[ref]
                self._sizes.pop(ref, None)
            pending.set()
            raise
        except BaseException:
            with self._lock:
                del self._loading[ref]
                self._sizes.pop(ref, None)
            pending.set()
            raise
        with self._lock:
            closed = self._stop.is_set()
            if not closed:
                self.load_errors.pop(ref, None)
                self._loaded[ref] = group
                self._sizes.setdefault(ref, self._size_of(group))
            del self._loading[ref]
            evicted = [] if closed else self._evict_locked(keep=ref)
        if closed:  # closed while it loaded: nobody may use it now, and close() waits until it is freed
            try:
                group.close()
            finally:
                pending.set()
            raise GenerationError(f"{ref} is not available: the models are being closed")
        pending.set()
        self._close(evicted)
        return group

    def _open(self, ref: str) -> Group:
        return Group.build(ref, max(1, self._instances(ref)), lambda: as_worker(self._loader(ref)), clock=self.clock)

    def _make_room(self, ref: str) -> None:
        """Unload idle models until `ref`'s estimated footprint fits; refuse it when it cannot."""
        if self._footprint is None:
            return
        need = self._footprint(ref)
        if need is None:
            return
        if need.total > self.budget_bytes:
            raise MemoryBudgetError(
                f"{ref} needs about {need.describe()}, more than the model memory budget of "
                f"{_gib(self.budget_bytes)}; lower engine.n_ctx (--ctx-size), engine.slots or pool.instances, "
                "or raise models.memory_budget_mb",
                permanent=True,
            )
        with self._lock:
            evicted, used = self._unload_lru_locked(need.total, sum(self._sizes.values()))  # reservations count
            short = used + need.total > self.budget_bytes
            in_use = [name for name in self._loaded]
            if not short:
                self._sizes[ref] = need.total  # reserved now, so that a concurrent load counts it
        self._close(evicted)
        if short:
            raise MemoryBudgetError(
                f"{ref} needs about {need.describe()}, but only {_gib(self.budget_bytes - used)} of the "
                f"{_gib(self.budget_bytes)} model memory budget is free while {', '.join(in_use)} "
                "answer(s); wait for them, or raise models.memory_budget_mb"
            )

    @staticmethod
    def _close(evicted: list[tuple[str, Group]], why: str = "to stay within the model memory budget") -> None:
        for name, old in evicted:
            log.info("unloading %s %s", name, why)
            old.close()

    @contextmanager
    def use(self, ref: str) -> Iterator[Group]:
        """The model for `ref`, pinned (never unloaded) for the duration."""
        group = self.get(ref)
        with self._lock:
            self._pinned[ref] = self._pinned.get(ref, 0) + 1
        try:
            yield group
        finally:
            group.last_used = self.clock()
            with self._lock:
                self._pinned[ref] -= 1
                if not self._pinned[ref]:
                    del self._pinned[ref]

    def preload(self, refs: Iterable[str]) -> threading.Thread:
        """Load `refs` in a background thread; failures are kept in `load_errors`, not raised."""
        wanted = list(dict.fromkeys(refs))

        def work() -> None:
            for ref in wanted:
                try:
                    self.get(ref)
                except LlorchError as exc:
                    log.info("preloading %s failed: %s", ref, exc)

        thread = threading.Thread(target=work, name="llorch-preload", daemon=True)
        thread.start()
        return thread

    def evict(self, ref: str) -> bool:
        """Close and forget `ref` (e.g. after it failed); False when it was not loaded or is in use."""
        with self._lock:
            if ref not in self._loaded or ref in self._pinned:
                return False
            group = self._loaded.pop(ref)
            self._sizes.pop(ref, None)
        group.close()
        return True

    def unload(self, ref: str) -> str | None:
        """Close `ref` when it is idle (asked for by hand, `llorch top`); None when done, else why not."""
        with self._lock:
            group = self._loaded.get(ref)
            if group is None:
                return "not loaded" if ref not in self._loading else "still loading"
            if ref in self._pinned or group.busy():
                return "answering requests"
            del self._loaded[ref]
            self._sizes.pop(ref, None)
        self._close([(ref, group)], "by hand")
        return None

    def _evict_locked(self, keep: str) -> list[tuple[str, Group]]:
        """After a load: what must go so that the loaded models' sizes fit the budget."""
        return self._unload_lru_locked(0, sum(self._sizes.get(name, 0) for name in self._loaded), keep)[0]

    def _unload_lru_locked(self, need: int, used: int, keep: str = "") -> tuple[list[tuple[str, Group]], int]:
        """Take models out, least recently used first, until `used + need` fits the budget; never `keep`,
        a pinned model or one answering requests. Returns them (to close outside the lock) and what is used."""
        evicted: list[tuple[str, Group]] = []
        for name in list(self._loaded):
            if used + need <= self.budget_bytes:
                break
            if name == keep or name in self._pinned or self._loaded[name].busy():
                continue
            evicted.append((name, self._loaded.pop(name)))
            used -= self._sizes.pop(name, 0)
        return evicted, used

    # --- keep-alive ----------------------------------------------------------------

    def reap(self) -> list[str]:
        """Unload the models idle for longer than the keep-alive; returns their references."""
        if self.keep_alive_s is None:
            return []
        now = self.clock()
        evicted: list[tuple[str, Group]] = []
        with self._lock:
            for name, group in list(self._loaded.items()):
                if name in self._pinned or group.busy():
                    group.last_used = now
                elif now - group.last_used >= self.keep_alive_s:
                    evicted.append((name, self._loaded.pop(name)))
                    self._sizes.pop(name, None)
        self._close(evicted, f"after {self.keep_alive_s:g} s idle (pool.keep_alive)")
        return [name for name, _ in evicted]

    def start_housekeeping(self, every_s: float = 1.0, tick: Callable[[], None] | None = None) -> threading.Thread:
        """Reap idle models (and call `tick`, e.g. to publish `snapshot()`) every `every_s` until close."""

        def loop() -> None:
            while not self._stop.wait(every_s):
                try:
                    self.reap()
                    if tick is not None:
                        tick()
                except Exception:  # housekeeping must never take the process down
                    log.exception("pool housekeeping failed")

        thread = threading.Thread(target=loop, name="llorch-pool-keeper", daemon=True)
        thread.start()
        return thread

    # --- observation ---------------------------------------------------------------

    def snapshot(self) -> list[PoolRow]:
        """The loaded models, most recently used first."""
        now = self.clock()
        with self._lock:
            items = list(self._loaded.items())[::-1]
            sizes = dict(self._sizes)
            pinned = set(self._pinned)
        rows: list[PoolRow] = []
        for name, group in items:
            stats = group.stats()
            parts = group.instance_stats()
            instances = tuple(
                InstanceRow(w.name, s.slots_busy, s.slots_total, s.queued, round(group.tokens_per_s(i), 2), s.queued_bulk)
                for i, (w, s) in enumerate(zip(group.instances, parts))
            )
            idle = 0.0 if (name in pinned or stats.slots_busy) else max(0.0, now - group.last_used)
            expires = None if self.keep_alive_s is None else max(0.0, self.keep_alive_s - idle)
            rows.append(PoolRow(
                name, instances, stats.slots_busy, stats.slots_total, stats.queued, stats.kv.cells_used,
                stats.kv.cells_total, round(stats.kv.hit_rate, 4), sizes.get(name, 0), round(group.tokens_per_s(), 2),
                stats.requests, group.steals, round(idle, 1), None if expires is None else round(expires, 1),
                name in pinned, stats.tokens_out, tuple(group.recent()), stats.drafted, stats.accepted,
                stats.queued_bulk, stats.paused,
            ))
        return rows

    def close(self) -> None:
        """Close every loaded model, after the loads in progress have stopped (a model still loading
        in another thread would otherwise be made after the process began to exit)."""
        with interrupts.deferred():
            self._stop.set()
            with self._lock:
                loads = list(self._loading.values())
            for pending in loads:
                pending.wait()
            with self._lock:
                groups = list(self._loaded.values())
                self._loaded.clear()
                self._sizes.clear()
            for group in groups:
                group.close()
