"""Time limits around one request: first token, between tokens, and the whole answer.

A worker's scheduler thread produces the events; the caller waits on the request's
handle for at most what is left of each budget, and a limit that runs out is a cancel
of the handle. No second thread ever drives a model.

The first-token limit grows with the prompt: reading 13k tokens on two cores takes
minutes, and that is work, not a hang. Each PromptProgress the worker sends (one per
prefill chunk) counts as life, and the time allowed from it is `ttft_s` plus the tokens
still to read at the measured prompt speed, times PP_SAFETY. A prompt that stops
advancing runs out of that allowance and times out like any hang.
"""

from __future__ import annotations

import math
import queue
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from llorch.engine.types import Event, PromptProgress, TokenEvent
from llorch.errors import GenerationTimeoutError
from llorch.settings.limits import CallLimits  # config.toml's [limits], parsed by config

__all__ = ["DEFAULT_PP_TOKENS_PER_S", "PP_SAFETY", "CallLimits", "guarded"]

# Prompt speed assumed before a worker has measured one: low, so that a slow machine is not
# cut off (a 7B model on two CPU cores reads about this many tokens a second).
DEFAULT_PP_TOKENS_PER_S = 20.0
# Margin on the measured prompt speed: later chunks attend to a longer context and read slower.
PP_SAFETY = 2.0
# Values suggested in the timeout message (the first one at least twice the current setting).
_SUGGESTED = (30, 60, 120, 300, 600, 1200, 1800, 3600)


def _secs(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"


def _suggest(ttft_s: float) -> str:
    value = next((v for v in _SUGGESTED if v >= 2 * ttft_s), math.ceil(2 * ttft_s))
    return str(value)


@dataclass
class _Reading:
    """The prompt as the guard last heard of it: when, how many tokens were left, at what speed."""

    at: float
    left: int = 0
    tokens_per_s: float = 0.0
    progress: PromptProgress | None = None

    def allowance(self, ttft_s: float) -> float:
        rate = self.tokens_per_s if self.tokens_per_s > 0 else DEFAULT_PP_TOKENS_PER_S
        return ttft_s + self.left / rate * PP_SAFETY


def guarded(
    handle: Any, limits: CallLimits, *, clock: Callable[[], float] = time.monotonic
) -> Generator[Event | PromptProgress, None, None]:
    """The events of a worker's `handle` with `limits` enforced; events pass through unchanged
    (prompt progress included: it also moves the first-token deadline, see above).

    No thread of its own: the caller's thread waits on the handle for at most what is
    left of each budget. On a timeout, or when the caller stops iterating (Ctrl-C, a
    closed pipe), the handle is cancelled; the worker's own thread frees its slot.

    Raises:
        GenerationTimeoutError: a limit ran out (the request was cancelled first).
        Exception: whatever the request failed with.
    """
    start = clock()
    reading = _Reading(start)
    last_token: float | None = None
    finished = False
    try:
        while True:
            try:
                event = handle.get(0)  # what is already there never times out
            except queue.Empty:
                wait, message = _budget(limits, start, last_token, reading, clock())
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
            elif isinstance(event, PromptProgress):
                reading = _Reading(clock(), event.left, event.tokens_per_s, event)
            yield event
    except BaseException:
        finished = bool(handle.done)
        raise
    finally:
        if not finished:
            handle.cancel()


def _budget(
    limits: CallLimits, start: float, last_token: float | None, reading: _Reading, now: float
) -> tuple[float | None, str]:
    """Seconds left before the nearest limit, and the message for when it runs out."""
    candidates: list[tuple[float, str]] = []
    if limits.total_s is not None:
        candidates.append((start + limits.total_s - now, f"answer took longer than {_secs(limits.total_s)} s"))
    if last_token is None:
        if limits.ttft_s is not None:
            deadline = reading.at + reading.allowance(limits.ttft_s)
            candidates.append((deadline - now, _ttft_message(limits.ttft_s, round(deadline - start, 1), reading.progress)))
    elif limits.inter_token_s is not None:
        candidates.append((last_token + limits.inter_token_s - now, f"no token for {_secs(limits.inter_token_s)} s"))
    if not candidates:
        return None, ""
    return min(candidates, key=lambda c: c[0])


def _ttft_message(ttft_s: float, waited: float, progress: PromptProgress | None) -> str:
    """"no first token within N s", where the prompt stood, and the setting to raise."""
    where = ""
    if progress is not None:
        where = (f": reading the prompt stopped at {progress.done:,} of {progress.total:,} tokens" if progress.left
                 else " after reading the prompt")
    return (f"no first token within {_secs(waited)} s{where} "
            f"(limits.ttft_s; raise it with `llorch config set limits.ttft_s {_suggest(ttft_s)}`)")
