"""Time limits around one generation: first token, between tokens, and the whole answer.

The backend runs in a daemon thread that feeds a queue; the caller's thread waits on
the queue for at most what is left of each budget. On a timeout (or when the caller
stops iterating) the backend is cancelled and the thread joined briefly, so a backend
that honours `cancel()` never leaves a thread behind.
"""

from __future__ import annotations

import itertools
import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Literal, cast

from llorch.engine.backend import Backend
from llorch.engine.types import Event, Request, TokenEvent
from llorch.errors import ConfigError, GenerationTimeoutError

__all__ = ["CallLimits", "guarded_generate"]

_log = logging.getLogger("llorch.resilience")
_names = itertools.count(1)

# How long a finished or cancelled call waits for its producer thread to end.
JOIN_TIMEOUT_S = 1.0


@dataclass(frozen=True)
class CallLimits:
    """Seconds allowed for the first token, between two tokens, and for the whole answer.

    None means no limit. Timing starts when the caller first iterates.
    """

    ttft_s: float | None = None
    inter_token_s: float | None = None
    total_s: float | None = None

    def __post_init__(self) -> None:
        for key in ("ttft_s", "inter_token_s", "total_s"):
            value = getattr(self, key)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or math.isinf(value):
                raise ConfigError(f"call limits: '{key}' must be a number > 0 or None, got {value!r}")
            object.__setattr__(self, key, float(value))


_Item = tuple[Literal["event", "error", "done"], object, float]


def _secs(value: float) -> str:
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"


def _produce(
    backend: Backend,
    request: Request,
    out: queue.Queue[_Item],
    stop: threading.Event,
    clock: Callable[[], float],
) -> None:
    try:
        events = backend.generate(request)
        try:
            if stop.is_set():
                return  # cancelled before the stream started
            for event in events:
                out.put(("event", event, clock()))
                if stop.is_set():
                    return
        finally:
            close = getattr(events, "close", None)
            if callable(close):
                close()
    except BaseException as exc:  # handed to the caller's thread, which re-raises it
        out.put(("error", exc, clock()))
    else:
        out.put(("done", None, clock()))


def _cancel(backend: Backend) -> None:
    cancel = getattr(backend, "cancel", None)
    if not callable(cancel):
        return
    try:
        cancel()
    except Exception:
        _log.exception("cancelling the backend failed")


def guarded_generate(
    backend: Backend,
    request: Request,
    limits: CallLimits,
    *,
    clock: Callable[[], float] = time.monotonic,
    join_timeout_s: float = JOIN_TIMEOUT_S,
) -> Generator[Event, None, None]:
    """`backend.generate(request)` with `limits` enforced; events pass through unchanged.

    Raises:
        GenerationTimeoutError: a limit ran out (the backend was cancelled first).
        Exception: whatever the backend raised, re-raised in the caller's thread.
    """
    out: queue.Queue[_Item] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=_produce,
        args=(backend, request, out, stop, clock),
        name=f"llorch-guard-{next(_names)}",
        daemon=True,
    )
    start = clock()
    last_token: float | None = None
    finished = False
    thread.start()
    try:
        while True:
            try:
                kind, payload, at = out.get_nowait()  # what is already there never times out
            except queue.Empty:
                wait, message = _budget(limits, start, last_token, clock())
                if wait is not None and wait <= 0:
                    raise GenerationTimeoutError(message) from None
                try:
                    kind, payload, at = out.get(timeout=wait)
                except queue.Empty:
                    raise GenerationTimeoutError(message) from None
            if kind == "done":
                finished = True
                return
            if kind == "error":
                finished = True
                assert isinstance(payload, BaseException)
                raise payload
            if isinstance(payload, TokenEvent):
                last_token = at
            yield cast(Event, payload)
    finally:
        if not finished:
            stop.set()
            _cancel(backend)
        thread.join(timeout=join_timeout_s)
        if thread.is_alive():
            _log.warning("generation thread %s still running after cancel; the backend ignored it", thread.name)


def _budget(limits: CallLimits, start: float, last_token: float | None, now: float) -> tuple[float | None, str]:
    """Seconds left before the nearest limit, and the message for when it runs out."""
    candidates: list[tuple[float, str]] = []
    if limits.total_s is not None:
        candidates.append((start + limits.total_s - now, f"answer took longer than {_secs(limits.total_s)} s"))
    if last_token is None:
        if limits.ttft_s is not None:
            candidates.append((start + limits.ttft_s - now, f"no first token within {_secs(limits.ttft_s)} s"))
    elif limits.inter_token_s is not None:
        candidates.append((last_token + limits.inter_token_s - now, f"no token for {_secs(limits.inter_token_s)} s"))
    if not candidates:
        return None, ""
    return min(candidates, key=lambda c: c[0])
