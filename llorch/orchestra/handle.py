"""Handles: what a caller holds for a request a worker is answering.

The worker's thread puts events on the handle; the caller's thread takes them, with a
timeout when it has a time limit. Cancelling only raises a flag and wakes the worker:
the worker's own thread frees the request's slot at its next step.

While a long prompt is read, the worker also puts a PromptProgress per prefill chunk
(and keeps the latest in `prompt_progress`, for anyone who polls): `get()` returns
them, `stream()` and `result()` leave them out.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

from llorch.engine.types import Completion, Event, PromptProgress

__all__ = ["Call", "Handle", "HandleEvent", "Streaming"]

HandleEvent = Event | PromptProgress

_ids = itertools.count(1)
_END = object()


class Streaming:
    """`stream()` and `result()` for anything with `get`, `done`, `cancel` and `completion`."""

    completion: Completion | None

    def get(self, timeout: float | None = None) -> HandleEvent | None:
        raise NotImplementedError

    @property
    def done(self) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def stream(self) -> Generator[Event, None, None]:
        """Every answer event until the end (prompt progress left out); leaving early (break, an
        exception, Ctrl-C) cancels the request."""
        try:
            while True:
                event = self.get()
                if event is None:
                    return
                if not isinstance(event, PromptProgress):
                    yield event
        finally:
            if not self.done:
                self.cancel()

    def result(self) -> Completion:
        """Wait for the end and return the Completion (or raise what the request failed with)."""
        for _ in self.stream():
            pass
        if self.completion is None:
            raise RuntimeError("the request ended without an answer")
        return self.completion


class Handle(Streaming):
    """One submitted request: stream its events, cancel it, read its result."""

    def __init__(self, *, on_cancel: Callable[[Handle], None] | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.id = next(_ids)
        self._events: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._on_cancel = on_cancel
        self.completion: Completion | None = None
        self.error: BaseException | None = None
        self.submitted = clock()
        self.slot: int | None = None  # the sequence slot that answered (worker's)
        self.worker = ""
        self.token_times: list[float] | None = None  # when each token was made, if the submitter asked
        self.route: Any = None  # how a pool chose the worker (llorch.orchestra.group.Route)
        self.prompt_progress: PromptProgress | None = None  # the latest, while a long prompt is read
        self._done_callbacks: list[Callable[[Handle], None]] = []
        self._callback_lock = threading.Lock()

    # --- the worker's side ------------------------------------------------------

    def put(self, event: Event) -> None:
        if isinstance(event, Completion):
            self.completion = event
        self._events.put(event)

    def progress(self, done: int, total: int, tokens_per_s: float) -> None:
        """A prefill chunk was read (once per chunk, never per token: each event wakes the caller)."""
        progress = PromptProgress(done, total, tokens_per_s)
        self.prompt_progress = progress  # one reference assignment: safe to poll from any thread
        self._events.put(progress)

    def fail(self, error: BaseException) -> None:
        self.error = error
        self._events.put(error)
        self._end()

    def finish(self) -> None:
        self._end()

    def _end(self) -> None:
        with self._callback_lock:
            if self._finished.is_set():
                return
            self._finished.set()
            callbacks, self._done_callbacks = self._done_callbacks, []
        self._events.put(_END)
        for callback in callbacks:
            callback(self)

    def on_done(self, callback: Callable[[Handle], None]) -> None:
        """Call `callback(handle)` once the request has ended (at once if it has). It runs on the
        worker's thread: it must be quick and must not block (a pool counts a slot free)."""
        with self._callback_lock:
            if not self._finished.is_set():
                self._done_callbacks.append(callback)
                return
        callback(self)

    # --- the caller's side ------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        """Ask the worker to stop this request (safe from any thread, any number of times)."""
        first = not self._cancelled.is_set()
        self._cancelled.set()
        if first and not self._finished.is_set() and self._on_cancel is not None:
            self._on_cancel(self)

    def get(self, timeout: float | None = None) -> HandleEvent | None:
        """The next event (a PromptProgress, a TokenEvent or the Completion); None at the end of the stream.

        Raises:
            queue.Empty: nothing arrived within `timeout` seconds.
            Exception: what the worker failed with (a bad request, a llama.cpp error).
        """
        item = self._events.get(timeout=timeout) if timeout is None or timeout > 0 else self._events.get_nowait()
        if item is _END:
            self._events.put(_END)  # later calls see the end too
            return None
        if isinstance(item, BaseException):
            raise item
        event: HandleEvent = item
        return event

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the worker is done with this request."""
        return self._finished.wait(timeout)


class Call:
    """A function to run on a worker's own thread (the one that owns its model); the caller waits."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self._done = threading.Event()
        self._box: list[Any] = []

    def run(self, target: Any) -> None:
        """On the worker's thread: run it, keeping the result or the exception for the caller."""
        try:
            self._box.append(self.fn(target))
        except BaseException as exc:  # handed to the caller's thread
            self._box.append(exc)
        finally:
            self._done.set()

    def fail(self, error: BaseException) -> None:
        self._box.append(error)
        self._done.set()

    def result(self) -> Any:
        self._done.wait()
        value = self._box[0]
        if isinstance(value, BaseException):
            raise value
        return value
