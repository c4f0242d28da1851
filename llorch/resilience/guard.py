"""Time limits around one request: first token, between tokens, and the whole answer.

A worker's scheduler thread produces the events; the caller waits on the request's
handle for at most what is left of each budget, and a limit that runs out is a cancel
of the handle. No second thread ever drives a model.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Generator
from typing import Any

from llorch.engine.types import Event, TokenEvent
from llorch.errors import GenerationTimeoutError
from llorch.settings.limits import CallLimits  # config.toml's [limits], parsed by config

__all__ = ["CallLimits", "guarded"]


def _secs(value: float) -> str:
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"


def guarded(handle: Any, limits: CallLimits, *, clock: Callable[[], float] = time.monotonic) -> Generator[Event, None, None]:
    """The events of a worker's `handle` with `limits` enforced; events pass through unchanged.

    No thread of its own: the caller's thread waits on the handle for at most what is
    left of each budget. On a timeout, or when the caller stops iterating (Ctrl-C, a
    closed pipe), the handle is cancelled; the worker's own thread frees its slot.

    Raises:
        GenerationTimeoutError: a limit ran out (the request was cancelled first).
        Exception: whatever the request failed with.
    """
    start = clock()
    last_token: float | None = None
    finished = False
    try:
        while True:
            try:
                event = handle.get(0)  # what is already there never times out
            except queue.Empty:
                wait, message = _budget(limits, start, last_token, clock())
                if wait is not None and wait <= 0:
                    raise GenerationTimeoutError(message) from None
                try:
                    event = handle.get(wait)
                except queue.Empty:
                    raise GenerationTimeoutError(message) from None
            if event is None:
                finished = True
                return
            if isinstance(event, TokenEvent):
                last_token = clock()
            yield event
    except BaseException:
        finished = bool(handle.done)
        raise
    finally:
        if not finished:
            handle.cancel()


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
