"""Fault injection: a worker wrapper that fails, stalls, hangs or crashes on purpose.

Set per model from text such as `LLORCH_FAULTS="error=0.5,latency=0.2"` (every model)
or `"MODEL:error=1;OTHER:hang=1"` (per model reference; `*` and other fnmatch patterns
work too). Injected errors are GenerationError / ModelLoadError with a message that
starts "injected fault:", so everything above treats them as real failures.
"""

from __future__ import annotations

import fnmatch
import math
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from llorch.engine.types import Completion, Event, ModelInfo, Request, TokenEvent
from llorch.errors import ConfigError, GenerationError, ModelLoadError
from llorch.orchestra.handle import HandleEvent, Streaming

__all__ = ["ALL_MODELS", "FaultSpec", "FaultyHandle", "FaultyWorker", "faults_for", "parse_faults"]

ALL_MODELS = "*"


@dataclass(frozen=True)
class FaultSpec:
    """Which faults to inject into one model's calls; rates are chances per call (0 to 1).

    error_rate: fail when the request starts. latency_s: wait before the first token.
    hang_rate: block before the first token until `cancel()` or `hang_s`, then fail.
    crash_rate: fail mid-stream after `crash_after` tokens. load_error: every use
    raises ModelLoadError, as a model that never loaded. seed: makes the dice repeatable.
    """

    error_rate: float = 0.0
    latency_s: float = 0.0
    hang_rate: float = 0.0
    hang_s: float = 3600.0
    crash_rate: float = 0.0
    crash_after: int = 3
    load_error: bool = False
    seed: int | None = None

    def __post_init__(self) -> None:
        for key, value in _validated(
            {f.name: getattr(self, f.name) for f in fields(self)}, "fault spec", {k: k for k in _CHECKS}
        ).items():
            object.__setattr__(self, key, value)

    @property
    def is_noop(self) -> bool:
        return self == FaultSpec(seed=self.seed)


def _rate(value: Any) -> float:
    number = _number(value)
    if not 0.0 <= number <= 1.0:
        raise ValueError
    return number


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = float(value.strip())
    if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError
    return float(value)


def _positive(value: Any) -> float:
    number = _number(value)
    if number <= 0:
        raise ValueError
    return number


def _count(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        raise ValueError
    return value


def _seed(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, str):
        value = int(value.strip())
    if not isinstance(value, int):
        raise ValueError
    return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError


_CHECKS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "error_rate": (_rate, "a number from 0 to 1"),
    "latency_s": (_number, "a number of seconds >= 0"),
    "hang_rate": (_rate, "a number from 0 to 1"),
    "hang_s": (_positive, "a number of seconds > 0"),
    "crash_rate": (_rate, "a number from 0 to 1"),
    "crash_after": (_count, "an integer >= 0"),
    "load_error": (_flag, "true or false"),
    "seed": (_seed, "an integer"),
}

# Names accepted in fault text -> FaultSpec field.
_KEYS: dict[str, str] = {
    "error": "error_rate",
    "latency": "latency_s",
    "hang": "hang_rate",
    "hang_s": "hang_s",
    "crash": "crash_rate",
    "crash_after": "crash_after",
    "load": "load_error",
    "seed": "seed",
    **{name: name for name in _CHECKS},
}

_FORM = (
    "expected KEY=VALUE pieces joined by ',' (keys: error, latency, hang, hang_s, crash, crash_after, "
    "load, seed), optionally per model as 'MODEL:error=1;OTHER:hang=1'"
)


def _validated(values: Mapping[str, Any], where: str, names: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        check, expected = _CHECKS[key]
        try:
            out[key] = check(value)
        except (ValueError, TypeError):
            raise ConfigError(f"{where}: '{names[key]}' must be {expected}, got {value!r}") from None
    return out


def parse_faults(text: str, where: str) -> dict[str, FaultSpec]:
    """Fault specs by model reference ("*" for every model) from text like "MODEL:error=1;hang=0.5".

    Raises:
        ConfigError: naming `where`, the bad piece and the expected form.
    """
    specs: dict[str, FaultSpec] = {}
    for piece in text.split(";"):
        piece = piece.strip()
        if not piece:
            continue
        model, params = ALL_MODELS, piece
        if ":" in piece:
            model, params = (part.strip() for part in piece.rsplit(":", 1))
            if not model:
                raise ConfigError(f"{where}: no model name before ':' in '{piece}'; {_FORM}")
        if model in specs:
            raise ConfigError(f"{where}: faults for '{model}' are given twice; give each model once")
        values: dict[str, Any] = {}
        given: dict[str, str] = {}
        for item in params.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep and key.lower() in ("load", "load_error"):
                value = "true"  # a bare "load" turns the load error on
            elif not sep or not key or not value:
                raise ConfigError(f"{where}: bad fault '{item}' in '{piece}'; {_FORM}")
            field_name = _KEYS.get(key.lower())
            if field_name is None:
                raise ConfigError(f"{where}: unknown fault '{key}' in '{piece}'; {_FORM}")
            if field_name in values:
                raise ConfigError(f"{where}: '{key}' is given twice in '{piece}'")
            values[field_name] = value
            given[field_name] = key
        if not values:
            raise ConfigError(f"{where}: no faults in '{piece}'; {_FORM}")
        specs[model] = FaultSpec(**_validated(values, f"{where} ({piece})", given))
    return specs


def faults_for(specs: Mapping[str, FaultSpec], model_ref: str) -> FaultSpec | None:
    """The spec for `model_ref`: an exact match first, then the first matching pattern ("*")."""
    if model_ref in specs:
        return specs[model_ref]
    for pattern, spec in specs.items():
        if fnmatch.fnmatchcase(model_ref, pattern):
            return spec
    return None


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
