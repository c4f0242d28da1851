"""SerialWorker: any single-sequence Backend behind the worker interface, one request at a time.

Scripted backends (FakeBackend) and wrappers around them answer through the same
handles, time limits and cancels as the batched llama.cpp worker, on one thread of
their own, so everything above the worker is tested without llama.cpp.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from llorch.engine.backend import Backend
from llorch.engine.types import Completion, Request, Timings, TokenEvent, Usage
from llorch.errors import GenerationError
from llorch.orchestra.base import WorkerBase
from llorch.orchestra.handle import Call, Handle
from llorch.orchestra.kvcache import KVStats
from llorch.orchestra.worker import WorkerStats

__all__ = ["SerialWorker"]


class SerialWorker(WorkerBase):
    def __init__(self, backend: Backend, *, name: str | None = None) -> None:
        super().__init__(backend, name, "llorch-serial")
        self.backend = backend
        self._jobs: deque[tuple[Handle, Request] | Call] = deque()
        self._current: Handle | None = None
        self.tokens_in = self.tokens_out = 0  # counted as the batched worker counts them (`llorch top`'s rate)
        self._start()

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False) -> Handle:
        handle = Handle(on_cancel=self._cancel)
        if stamps:
            handle.token_times = []
        handle.worker = self.name
        self._post(self._jobs, (handle, request))
        return handle

    def warm(self, request: Request) -> Handle:
        """A single-sequence backend keeps no cache worth warming: done at once."""
        handle = Handle()
        handle.finish()
        return handle

    def call(self, fn: Callable[[Any], Any]) -> Any:
        call = Call(fn)
        self._post(self._jobs, call)
        return call.result()

    def stats(self) -> WorkerStats:
        with self._cond:
            queued = sum(1 for j in self._jobs if not isinstance(j, Call))
            busy = 1 if self._current is not None else 0
        return WorkerStats(self.name, busy, 1, queued, KVStats(0, 0, 0, 0, 0, 0, 0, 0), self.requests,
                           self.tokens_in, self.tokens_out, 0)

    def _cancel(self, handle: Handle) -> None:
        with self._cond:
            current = self._current is handle
            self._cond.notify()
        if current:
            self._cancel_backend()

    def _cancel_backend(self) -> None:
        cancel = getattr(self.backend, "cancel", None)
        if callable(cancel):
            cancel()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closing:
                    self._cond.wait()
                if self._closing:
                    break
                job = self._jobs.popleft()
                if not isinstance(job, Call):
                    self._current = job[0]
            try:
                if isinstance(job, Call):
                    job.run(self.backend)
                else:
                    self._answer(*job)
            finally:
                with self._cond:
                    self._current = None
        with self._cond:
            left = list(self._jobs)
            self._jobs.clear()
        for job in left:
            if isinstance(job, Call):
                job.fail(GenerationError(f"{self.name} was closed"))
            else:
                job[0].fail(GenerationError(f"{self.name} was closed while answering"))

    def _answer(self, handle: Handle, request: Request) -> None:
        self.requests += 1
        if handle.cancelled:
            handle.put(Completion("", "cancelled", Usage(0, 0), Timings(0, 0, 0, 0, 0, 0, 0), self.name, 0))
            handle.finish()
            return
        try:
            events = self.backend.generate(request)
            try:
                for event in events:
                    if isinstance(event, TokenEvent):
                        self.tokens_out += 1
                        if handle.token_times is not None:
                            handle.token_times.append(time.monotonic())
                    elif isinstance(event, Completion):
                        self.tokens_in += event.usage.prompt_tokens
                    handle.put(event)
                    if handle.cancelled and not isinstance(event, Completion):
                        self._cancel_backend()
            finally:
                close = getattr(events, "close", None)
                if callable(close):
                    close()
        except BaseException as exc:  # handed to the caller's thread
            handle.fail(exc)
        else:
            handle.finish()

    def _stop_current(self) -> None:
        current = self._current
        if current is not None:
            current.cancel()

    def _free(self) -> None:
        self.backend.close()
