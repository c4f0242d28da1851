"""Fault injection: a worker wrapper that fails, stalls, hangs or crashes on purpose.

Set per model from text such as `LLORCH_FAULTS="error=0.5,latency=0.2"` (every model)
or `"MODEL:error=1;OTHER:hang=1"` (per model reference; `*` and other fnmatch patterns
work too). Injected errors are GenerationError / ModelLoadError with a message that
starts "injected fault:", so everything above treats them as real failures.
"""

from __future__ import annotations

import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from llorch.engine.types import Completion, Event, ModelInfo, Request, TokenEvent
from llorch.errors import GenerationError, ModelLoadError
from llorch.orchestra.handle import HandleEvent, Streaming
from llorch.settings.faults import ALL_MODELS, FaultSpec, faults_for, parse_faults  # checked at config load

__all__ = ["ALL_MODELS", "FaultSpec", "FaultyHandle", "FaultyWorker", "faults_for", "parse_faults"]


class FaultyWorker:
    """A worker that delegates to `inner` and injects the faults of `spec` into each request.

    The dice come from `rng` (default: `random.Random(spec.seed)`), three rolls per
    request, so a seed gives the same faults every run. Errors and load errors are
    raised by `submit`; latency, hangs and mid-stream crashes happen on the handle,
    in the caller's thread, and a cancel cuts a wait short.
    """

    def __init__(self, inner: Any, spec: FaultSpec, *, name: str = "", rng: random.Random | None = None) -> None:
        self.inner = inner
        self.spec = spec
        self.name = name
        self._rng = rng if rng is not None else random.Random(spec.seed)
        self._lock = threading.Lock()
        self.calls = 0
        self.faults_injected = 0
        self.fault_counts: dict[str, int] = {}

    @property
    def _label(self) -> str:
        return f"model {self.name}" if self.name else "the model"

    def _injected(self, kind: str) -> None:
        with self._lock:
            self.faults_injected += 1
            self.fault_counts[kind] = self.fault_counts.get(kind, 0) + 1

    def _check_load(self) -> None:
        if self.spec.load_error:
            self._injected("load")
            raise ModelLoadError(f"injected fault: {self._label} failed to load")

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False) -> FaultyHandle:
        self._check_load()
        with self._lock:
            self.calls += 1
            error_roll, hang_roll, crash_roll = (self._rng.random() for _ in range(3))
        if error_roll < self.spec.error_rate:
            self._injected("error")
            raise GenerationError(f"injected fault: {self._label} failed to answer")
        inner = self.inner.submit(request, save_state=save_state, stamps=stamps)
        return FaultyHandle(inner, self, hang=hang_roll < self.spec.hang_rate, crash=crash_roll < self.spec.crash_rate)

    def generate(self, request: Request) -> Iterator[Event]:
        return self.submit(request).stream()

    def warm(self, request: Request) -> Any:
        self._check_load()
        return self.inner.warm(request)

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        self._check_load()
        return list(self.inner.tokenize(text, add_bos=add_bos, special=special))

    def render_prompt(self, request: Request) -> str:
        self._check_load()
        return str(self.inner.render_prompt(request))

    def info(self) -> ModelInfo:
        self._check_load()
        info: ModelInfo = self.inner.info()
        return info

    def stats(self) -> Any:
        return self.inner.stats()

    def call(self, fn: Callable[[Any], Any]) -> Any:
        return self.inner.call(fn)

    def close(self) -> None:
        self.inner.close()

    def __repr__(self) -> str:
        return f"<FaultyWorker {self.name or '?'} calls={self.calls} faults={self.faults_injected}>"


class FaultyHandle(Streaming):
    """An inner handle with the faults rolled for it: a wait before the first event, a
    hang (until cancelled or `hang_s`), or a crash after `crash_after` tokens."""

    def __init__(self, inner: Any, owner: FaultyWorker, *, hang: bool, crash: bool) -> None:
        self.inner = inner
        self._owner = owner
        self._spec = owner.spec
        self._cancel = threading.Event()
        now = time.monotonic()
        self._latency_until = now + self._spec.latency_s if self._spec.latency_s > 0 else None
        self._hang_until = now + self._spec.latency_s + self._spec.hang_s if hang else None
        self._crash = crash
        self._tokens = 0
        self._counted: set[str] = set()
        self._ended = False

    def __getattr__(self, name: str) -> Any:  # id, slot, worker, submitted, ...
        return getattr(self.inner, name)

    @property
    def completion(self) -> Completion | None:  # type: ignore[override]
        done: Completion | None = self.inner.completion
        return done

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self._ended or bool(self.inner.done)

    def cancel(self) -> None:
        self._cancel.set()
        self.inner.cancel()

    def _once(self, kind: str) -> None:
        if kind not in self._counted:
            self._counted.add(kind)
            self._owner._injected(kind)

    def _wait(self, until: float, timeout: float | None) -> bool:
        """Wait until `until` (True), unless cancelled (False) or `timeout` ends first (queue.Empty)."""
        left = until - time.monotonic()
        if left > 0:
            if timeout is not None and timeout < left:
                if self._cancel.wait(max(timeout, 0.0)):
                    return False
                raise queue.Empty
            if self._cancel.wait(left):
                return False
        return not self._cancel.is_set()

    def get(self, timeout: float | None = None) -> HandleEvent | None:
        label = self._owner._label
        if self._latency_until is not None:
            self._once("latency")
            if not self._wait(self._latency_until, timeout):
                self._end()
                return None
            self._latency_until = None
        if self._hang_until is not None:
            self._once("hang")
            if not self._wait(self._hang_until, timeout):
                self._end()  # cancelled: like a real backend, no Completion
                return None
            self.inner.cancel()
            raise GenerationError(f"injected fault: {label} hung for {self._spec.hang_s:g} s")
        event = self.inner.get(timeout)
        at_limit = isinstance(event, Completion) or (isinstance(event, TokenEvent) and self._tokens >= self._spec.crash_after)
        if self._crash and at_limit:
            self._once("crash")
            self.inner.cancel()
            raise GenerationError(f"injected fault: {label} crashed after {self._tokens} tokens")
        if isinstance(event, TokenEvent):
            self._tokens += 1
        out: HandleEvent | None = event
        return out

    def _end(self) -> None:
        self._ended = True
        self.inner.cancel()
