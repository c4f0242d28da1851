"""The local fallback chain: the role's models in order (skipping open breakers), then the
response cache, then a degraded answer that says plainly why no model could answer.

Each model call runs under its breaker and time limits; every outcome is recorded, so a
failing model is skipped by later requests (and later processes) until its wait is over.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from dataclasses import dataclass
from datetime import datetime

from llorch.engine.types import Completion, Event, PromptProgress, Request, Timings, TokenEvent, Usage
from llorch.errors import (
    BreakerOpenError,
    ConfigError,
    ContextOverflowError,
    GenerationTimeoutError,
    InputError,
    LlorchError,
    MemoryBudgetError,
    ModelError,
    ModelNotFoundError,
)
from llorch.orchestra.pool import Pool
from llorch.resilience.book import BreakerBook
from llorch.resilience.breaker import BreakerState
from llorch.resilience.faults import FaultSpec, FaultyWorker, faults_for
from llorch.resilience.guard import CallLimits, guarded
from llorch.store.db import Store

__all__ = ["Answered", "FallbackChain", "Loading", "Skipped", "Source", "normalise_prompt", "pace_seconds"]

log = logging.getLogger("llorch.resilience")


@dataclass(frozen=True)
class Source:
    """Where an answer came from: a model (first choice or a fallback), the cache, or nowhere."""

    kind: str  # "model" | "cache" | "degraded"
    model: str = ""
    fallback: bool = False
    detail: str = ""

    def label(self) -> str:
        if self.kind == "model":
            return f"model {self.model}" + (" (fallback)" if self.fallback else "")
        if self.kind == "cache":
            return f"cached answer ({self.detail})"
        return "degraded: no model could answer"

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "model": self.model, "fallback": self.fallback, "detail": self.detail}


@dataclass(frozen=True)
class Skipped:
    """A model that did not answer this request, and why; `partial`: some of its text was already shown."""

    model: str
    reason: str
    partial: bool = False


@dataclass(frozen=True)
class Loading:
    """Sent before a model that is not loaded yet is loaded (front ends show a spinner)."""

    model: str


@dataclass(frozen=True)
class Answered:
    """Sent just before the answer's Completion: who answered, and which worker of the pool (and why)."""

    source: Source
    route: Any = None  # llorch.orchestra.group.Route


ChainEvent = Event | PromptProgress | Skipped | Answered | Loading


SLOW_PACE_TOKENS = 16
SLOW_PACE_PROMPT_TOKENS = 512


def pace_seconds(completion: Completion) -> float:
    """How slow a call was, judged by the speed of the model rather than the length of the answer
    or of the prompt: its time to first token (with a long prompt counted as SLOW_PACE_PROMPT_TOKENS
    of it at the speed it was read), or the time it takes to make SLOW_PACE_TOKENS tokens at its
    pace, whichever is longer. (Five long answers at 12 t/s each "took over 30 s" and locked out a
    model that was working fine; so would five summaries of a long file.)"""
    t = completion.timings
    per_token = t.eval_ms / t.eval_tokens / 1000.0 if t.eval_tokens else 0.0
    first = t.ttft_ms / 1000.0
    if t.prompt_eval_tokens > SLOW_PACE_PROMPT_TOKENS and t.prompt_eval_ms > 0:
        first -= t.prompt_eval_ms / 1000.0 * (1.0 - SLOW_PACE_PROMPT_TOKENS / t.prompt_eval_tokens)
    return max(first, per_token * SLOW_PACE_TOKENS)


def normalise_prompt(text: str) -> str:
    """The response cache's key: case and spacing do not make a different question."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def _synthetic(text: str, source: str, started: float) -> Completion:
    ms = (time.perf_counter() - started) * 1000
    return Completion(text, "stop", Usage(0, 0), Timings(0, 0, 0, 0, 0, ms, ms), source, 0)


class FallbackChain:
    """Answers a request from the first source in the chain that can."""

    def __init__(
        self,
        models: Pool,
        book: BreakerBook | None,
        store: Store | None,
        *,
        limits: CallLimits | None = None,
        faults: Mapping[str, FaultSpec] | None = None,
        profile: str = "",
        breaker: Any = None,
    ) -> None:
        """`book` is the process's one BreakerBook; `breaker` (a BreakerConfig) the settings of the
        profile this chain answers for, used for a model whose breaker this process has not made yet."""
        self.models = models
        self.book = book
        self.breaker_config = breaker
        self.store = store
        self.limits = limits or CallLimits()
        self.faults = dict(faults or {})
        self.profile = profile
        self._wrapped: dict[str, tuple[Any, Any]] = {}
        self.current: Any = None  # the handle answering now, for cancel()
        self.last_handle: Any = None  # the last request's handle (its route: which worker, why)
        self._stop = threading.Event()

    def breaker(self, ref: str) -> Any:
        """`ref`'s breaker from the book (None without one)."""
        return self.book.get(ref, self.breaker_config) if self.book is not None else None

    def worker(self, ref: str, raw: Any) -> Any:
        """`raw` with this chain's injected faults for `ref`, if any."""
        spec = faults_for(self.faults, ref) if self.faults else None
        if spec is None:
            return raw
        inner, wrapped = self._wrapped.get(ref, (None, None))
        if inner is not raw or wrapped is None:
            wrapped = FaultyWorker(raw, spec, name=ref)
            self._wrapped[ref] = (raw, wrapped)
        return wrapped

    def begin(self) -> None:
        """A new turn: forget the last turn's cancel (a cancel during this turn stops all its requests)."""
        self._stop.clear()

    def _submit(self, worker: Any, request: Request, save_state: bool, cancellable: bool) -> Iterator[Event | PromptProgress]:
        """Submit `request` and stream it under the time limits; a cancel that came early still counts."""
        handle = worker.submit(request, save_state=save_state)
        self.last_handle = handle
        if cancellable:
            self.current = handle
            if self._stop.is_set():
                handle.cancel()
        return guarded(handle, self.limits)

    def _route(self) -> Any:
        return getattr(self.last_handle, "route", None)

    def call(self, ref: str, request: Request | Callable[[Any], Request]) -> Completion | None:
        """One request (or a builder of it for the model's worker) to one model under its breaker and
        time limits, with no fallback (tool decisions, a consensus's merge).

        Returns None when it was cancelled or its breaker refused it; raises what the model failed with."""
        completion: Completion | None = None
        answered = False
        build = request if callable(request) else (lambda worker: request)
        for event in self.run((ref,), build, "", cache=False):
            if isinstance(event, Answered):
                answered = event.source.kind == "model"
            elif isinstance(event, Completion):
                completion = event
        return completion if answered else None

    def run(
        self, chain: Sequence[str], build: Callable[[Any], Request], prompt: str, *, save_state: bool = False,
        cache: bool = True, cancellable: bool = True,
    ) -> Iterator[ChainEvent]:
        """Stream the first answer the chain can give (with PromptProgress while a long prompt is
        read). `prompt` keys the response cache; `cancel()` stops it unless it is not
        `cancellable` (health checks)."""
        started = time.perf_counter()
        reasons: list[str] = []
        errors: list[LlorchError] = []
        overflow: ContextOverflowError | None = None
        unworkable: MemoryBudgetError | None = None  # settings that cannot work: an error, never a fallback
        for position, ref in enumerate(chain):
            breaker = self.breaker(ref) if self.book is not None else None
            try:
                permit = breaker.acquire() if breaker is not None else None
            except BreakerOpenError as exc:
                if exc.slow_only and position == len(chain) - 1:
                    # Slowness alone never leaves the user without an answer: the last model
                    # of the chain answers anyway (uncounted), slow as it is.
                    log.info("%s is slow (its breaker is open for slowness) but it is the last model: asking it", ref)
                    permit = None
                else:
                    reason = "breaker open" + (f", next try in {exc.retry_in:.0f} s" if exc.retry_in != float("inf") else ", forced open")
                    reasons.append(f"{ref}: {reason}")
                    if len(chain) > 1:
                        yield Skipped(ref, reason)
                    continue
            shown = 0
            kind, reason = "", ""
            failure: LlorchError | None = None
            completion: Completion | None = None
            if not self.models.is_loaded(ref):
                yield Loading(ref)
            try:
                with self.models.use(ref) as raw:
                    worker = self.worker(ref, raw)
                    request = build(worker)
                    for event in self._submit(worker, request, save_state, cancellable):
                        if isinstance(event, Completion):
                            completion = event
                        elif isinstance(event, PromptProgress):
                            yield event  # the prompt being read: nothing shown yet
                        else:
                            shown += 1
                            yield event
            except ContextOverflowError as exc:
                kind, reason, overflow, failure = "overflow", str(exc), exc, exc
            except (InputError, ConfigError):
                if permit is not None:
                    permit.release()
                raise  # the request or the settings are at fault, not the model
            except MemoryBudgetError as exc:  # not the model's fault either: a smaller one may fit
                if permit is not None:
                    permit.release()
                permit = None
                kind, reason, failure = "memory", str(exc), exc
                if exc.permanent and unworkable is None:
                    unworkable = exc
            except ModelNotFoundError as exc:  # no such model here: nothing failed (a mistyped name opened a
                # breaker, and `run -m NAME` then said "breaker open" rather than "not found")
                if permit is not None:
                    permit.release()
                permit = None
                kind, reason, failure = "missing", str(exc), exc
            except ModelError as exc:
                kind, reason, failure = "load", str(exc), exc
                self.models.evict(ref)
            except GenerationTimeoutError as exc:
                kind, reason, failure = "timeout", str(exc), exc
            except LlorchError as exc:
                if self.models.closing():  # llorch is closing (Ctrl-C): not the model's fault, and no fallback
                    if permit is not None:
                        permit.release()
                    raise
                kind, reason, failure = "error", str(exc), exc
            except BaseException:  # Ctrl-C, or the reader went away: not the model's fault
                if permit is not None:
                    permit.release()
                raise
            finally:
                if cancellable:
                    self.current = None
            if not kind:
                if completion is None or completion.finish_reason == "cancelled":
                    if permit is not None:  # cancelled by the user: no verdict on the model
                        permit.release()
                    if completion is not None:
                        yield Answered(Source("model", ref, fallback=position > 0 or bool(reasons)), self._route())
                        yield completion
                    return
                if permit is not None:
                    permit.success(pace_seconds(completion))
                self._save(ref)
                if cache and completion.finish_reason != "cancelled" and self.store is not None and prompt.strip():
                    self._cache(prompt, completion.text, ref)
                route = self._route()
                if route is not None:
                    log.info("%s answered on %s: %s (waited %.0f ms for a slot)", ref, route.worker, route.reason,
                             route.queued_ms + completion.timings.queued_ms)
                yield Answered(Source("model", ref, fallback=position > 0 or bool(reasons)), route)
                yield completion
                return
            if permit is not None:
                permit.failure(kind)
            self._save(ref)
            log.info("%s could not answer (%s): %s", ref, kind, reason)
            reasons.append(f"{ref}: {reason}")
            if failure is not None:
                errors.append(failure)
            if len(chain) > 1 or shown:
                yield Skipped(ref, reason, partial=shown > 0)
        if unworkable is not None:
            raise unworkable  # e.g. a context size no memory holds: said, not answered from the cache or by nothing
        if overflow is not None and all("context" in r or "breaker" in r for r in reasons):
            raise overflow  # the prompt is too long for every model: the user must shorten it
        cached = self._cached(prompt) if cache else None
        if cached is not None:
            text, model, when = cached
            stamp = datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M")
            yield TokenEvent(text, 0)
            yield Answered(Source("cache", model, fallback=True, detail=f"saved {stamp} from {model}"))
            yield _synthetic(text, "cache", started)
            return
        if len(chain) == 1 and len(errors) == 1:
            raise errors[0]  # one model and nothing cached: its own error says best what to do
        why = "; ".join(reasons) or "the chain has no models"
        text = f"No model could answer. {why}."
        yield Answered(Source("degraded", fallback=True, detail=why))
        yield _synthetic(text, "degraded", started)

    def check(self, ref: str, *, prompt: str = "Hello") -> bool:
        """A health check: one tiny generation through the breaker. Returns whether the model answered.

        Refused (False, nothing sent) while the breaker is open and its wait is not over;
        once it is, this call is the probe that closes or reopens it, so a person's next
        request does not have to be.
        """
        from llorch.engine.types import Message, Sampling

        request = Request(messages=(Message("user", prompt),), sampling=Sampling(max_tokens=1, temperature=0.0, seed=0))
        try:
            for event in self.run((ref,), lambda worker: request, "", cache=False, cancellable=False):
                if isinstance(event, Answered):
                    return event.source.kind == "model"
        except LlorchError as exc:
            log.info("health check of %s failed: %s", ref, exc)
        return False

    def watch(self, refs: Sequence[str], stop: threading.Event, *, every_s: float = 5.0) -> threading.Thread:
        """Probe, in a background thread, each of `refs` whose breaker is waiting for its probe."""

        def loop() -> None:
            while not stop.wait(every_s):
                for ref in refs:
                    # Half-open admits `half_open_probes` calls: with one, this probe is the only
                    # call the model gets, so it never shares a llama.cpp context with an answer.
                    if self.book is not None and self.breaker(ref).state == BreakerState.HALF_OPEN:
                        self.check(ref)

        thread = threading.Thread(target=loop, name="llorch-health", daemon=True)
        thread.start()
        return thread

    def healthy(self, ref: str) -> bool:
        """Whether `ref`'s breaker lets ordinary calls through now (closed or disabled)."""
        if self.book is None:
            return True
        return self.breaker(ref).state in (BreakerState.CLOSED, BreakerState.DISABLED)

    def _save(self, ref: str) -> None:
        if self.book is not None:
            self.book.save(ref)

    def _cache(self, prompt: str, answer: str, model: str) -> None:
        assert self.store is not None
        try:
            self.store.cache_answer(self.profile, normalise_prompt(prompt), prompt, answer, model)
        except LlorchError as exc:
            log.warning("could not save the answer to the response cache: %s", exc)

    def _cached(self, prompt: str) -> tuple[str, str, float] | None:
        if self.store is None or not prompt.strip():
            return None
        try:
            return self.store.cached_answer(self.profile, normalise_prompt(prompt))
        except LlorchError:
            return None

    def cancel(self) -> None:
        """Stop the answer in progress (from any thread): its handle is cancelled, or the next one is."""
        self._stop.set()
        handle = self.current
        if handle is not None:
            handle.cancel()
