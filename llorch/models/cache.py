"""Loaded models kept for quick switching: least recently used first out, within a memory budget.

Each loaded model is a worker (llorch.orchestra): it owns its llama.cpp context and
the one thread that drives it. A loader may return a plain single-sequence Backend
(the fake one, in tests); it is put behind a SerialWorker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from typing import Any

from llorch.errors import LlorchError

__all__ = ["ModelCache", "as_worker"]

log = logging.getLogger("llorch.models")


Backend = Any  # a ModelWorker (llorch.orchestra), once loaded


def _size(backend: Backend) -> int:
    return max(backend.info().size_bytes, 1)


def as_worker(loaded: Any) -> Any:
    """A worker for what a loader returned: itself, or a plain Backend behind a SerialWorker."""
    if callable(getattr(loaded, "submit", None)):
        return loaded
    from llorch.orchestra.serial import SerialWorker

    return SerialWorker(loaded)


class ModelCache:
    """Workers by model reference, loaded on first use.

    Keeps the most recently used models while their sizes fit `budget_bytes` (always
    at least the one in use). A model being generated with (`use`) is never closed
    under its user. `preload` loads in a background thread. Thread-safe.
    """

    def __init__(
        self,
        loader: Callable[[str], Backend],
        *,
        budget_bytes: int,
        size_of: Callable[[Backend], int] = _size,
    ) -> None:
        self._loader = loader
        self.budget_bytes = budget_bytes
        self._size_of = size_of
        self._lock = threading.Lock()
        self._loaded: OrderedDict[str, Backend] = OrderedDict()
        self._loading: dict[str, threading.Event] = {}
        self._pinned: dict[str, int] = {}
        self.load_errors: dict[str, LlorchError] = {}
        self.load_ms: dict[str, float] = {}

    def loaded(self) -> list[str]:
        """References of loaded models, least recently used first."""
        with self._lock:
            return list(self._loaded)

    def is_loaded(self, ref: str) -> bool:
        with self._lock:
            return ref in self._loaded

    def get(self, ref: str) -> Backend:
        """The model for `ref`, loading it (once, even if several threads ask) if needed."""
        while True:
            with self._lock:
                backend = self._loaded.get(ref)
                if backend is not None:
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
        return backend

    def _load(self, ref: str, pending: threading.Event) -> Backend:
        try:
            start = time.perf_counter()
            backend = as_worker(self._loader(ref))
            self.load_ms[ref] = (time.perf_counter() - start) * 1000
        except LlorchError as exc:
            with self._lock:
                self.load_errors[ref] = exc
                del self._loading[ref]
            pending.set()
            raise
        except BaseException:
            with self._lock:
                del self._loading[ref]
            pending.set()
            raise
        with self._lock:
            self.load_errors.pop(ref, None)
            self._loaded[ref] = backend
            del self._loading[ref]
            evicted = self._evict_locked(keep=ref)
        pending.set()
        self._close(evicted)
        return backend

    @staticmethod
    def _close(evicted: list[tuple[str, Backend]]) -> None:
        for name, old in evicted:
            log.info("unloading %s to stay within the model memory budget", name)
            old.close()

    @contextmanager
    def use(self, ref: str) -> Iterator[Backend]:
        """The model for `ref`, pinned (never evicted) for the duration."""
        backend = self.get(ref)
        with self._lock:
            self._pinned[ref] = self._pinned.get(ref, 0) + 1
        try:
            yield backend
        finally:
            with self._lock:
                self._pinned[ref] -= 1
                if not self._pinned[ref]:
                    del self._pinned[ref]

    def preload(self, refs: Iterable[str]) -> threading.Thread:
        """Load `refs` in a background thread; failures are kept in `load_errors`, not raised."""
        wanted = [r for r in dict.fromkeys(refs)]

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
            backend = self._loaded.pop(ref)
        backend.close()
        return True

    def _evict_locked(self, keep: str) -> list[tuple[str, Backend]]:
        evicted: list[tuple[str, Backend]] = []
        total = sum(self._size_of(b) for b in self._loaded.values())
        for name in list(self._loaded):
            if total <= self.budget_bytes:
                break
            if name == keep or name in self._pinned:
                continue
            backend = self._loaded.pop(name)
            total -= self._size_of(backend)
            evicted.append((name, backend))
        return evicted

    def close(self) -> None:
        """Close every loaded model."""
        with self._lock:
            backends = list(self._loaded.values())
            self._loaded.clear()
        for backend in backends:
            backend.close()
