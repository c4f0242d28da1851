"""What Worker and SerialWorker share: one thread that owns the model's context.

- Facts about the model (info, tokens, the rendered prompt) read only the model, never
  its context, so any thread may ask them without a trip through the owning thread.
- `_post` hands work to that thread; `close` stops it, then frees the context.
- `generate` is the Backend-style call on top of `submit`.

The context is freed only once the owning thread has left its loop (an Event it sets last,
not `Thread.join`: on Python 3.11 a join cut short by Ctrl-C marks a running thread as
stopped) and no other thread is inside a model-level call (`_using`), so no Ctrl-C, however
many and whenever, frees what another thread still touches; a close that cannot wait leaves
it to the OS. A close that finds another thread freeing the context returns once that is done:
the process must not exit while llama.cpp frees it (its destructor logs through a Python callback,
and a thread that needs the interpreter after it has finalized is ended by pthread_exit, which
aborts inside C++: `llorch serve` drained by one thread while the main one exited, SIGABRT).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Self

from llorch import interrupts
from llorch.engine.types import Event, ModelInfo, Request
from llorch.errors import GenerationError

__all__ = ["WorkerBase"]


class WorkerBase:
    def __init__(self, source: Any, name: str | None, thread_prefix: str) -> None:
        """`source` holds the model (a SlotEngine or a Backend); subclasses set up their queues
        first, then call `_start`."""
        self._model_source = source
        self.name = name or source.info().name
        self._cond = threading.Condition()
        self._closing = False
        self._closed = False
        self._users = 0  # threads inside a model-level call (tokenizing, preparing a request)
        self._launched = False
        self._stopped = threading.Event()  # set by the owning thread as the last thing it does
        self._freed = threading.Event()  # set once the close that frees the context has done so
        self.requests = 0
        self._thread = threading.Thread(target=self._run, name=f"{thread_prefix}-{self.name}", daemon=True)

    def _start(self) -> None:
        with interrupts.deferred():  # started and known to be started, or neither
            self._thread.start()
            self._launched = True

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            self._stopped.set()

    def _loop(self) -> None:
        raise NotImplementedError

    @contextmanager
    def _using(self) -> Iterator[None]:
        """A model-level call from any thread: the model is not freed until it returns."""
        with self._cond:
            if self._closing:
                raise GenerationError(f"{self.name} was closed; load it again")
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    def _post(self, queue: Any, item: Any, refused: Callable[[], None] | None = None) -> None:
        """Hand `item` to the owning thread through `queue`, unless the worker is closing."""
        with self._cond:
            if self._closing:
                if refused is not None:
                    refused()
                raise GenerationError(f"{self.name} was closed; load it again")
            queue.append(item)
            self._cond.notify()

    def _stop_current(self) -> None:
        """Called once closing is flagged, before waiting for the thread (e.g. cancel what runs)."""

    def _free(self) -> None:
        """Free the context; runs once, after the owning thread has stopped."""
        raise NotImplementedError

    def close(self) -> None:
        """Cancel what is left, stop the owning thread, then free the context. Idempotent; a Ctrl-C
        meanwhile is raised once the context is freed (or, cut short without the CLI's handler, the
        close is left for a later call, e.g. at exit)."""
        with interrupts.deferred():
            self._close()

    def _close(self) -> None:
        with self._cond:
            freeing = self._closed
            self._closing = True
            self._cond.notify_all()
        if freeing:
            if self._wait_freed():
                raise KeyboardInterrupt
            return
        self._stop_current()
        interrupted = False
        own = threading.current_thread() is self._thread
        while not own and (self._launched or self._thread.is_alive()) and not self._stopped.is_set():
            try:
                self._stopped.wait(0.25)
            except KeyboardInterrupt:  # Python's own handler (no CLI): still never free under the thread
                interrupted = True
        with self._cond:
            while self._users:
                try:
                    self._cond.wait(0.25)
                except KeyboardInterrupt:
                    interrupted = True
            freeing = self._closed
            self._closed = True
        if freeing:
            interrupted = self._wait_freed() or interrupted
        else:
            try:
                self._free()
            finally:
                self._freed.set()
        if interrupted:
            raise KeyboardInterrupt

    def _wait_freed(self) -> bool:
        """Until the close freeing the context in another thread is done; whether a KeyboardInterrupt
        (Python's own handler) landed meanwhile."""
        interrupted = False
        while not self._freed.is_set():
            try:
                self._freed.wait(0.25)
            except KeyboardInterrupt:
                interrupted = True
        return interrupted

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def info(self) -> ModelInfo:
        info: ModelInfo = self._model_source.info()
        return info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        with self._using():
            return list(self._model_source.tokenize(text, add_bos=add_bos, special=special))

    def render_prompt(self, request: Request) -> str:
        with self._using():
            return str(self._model_source.render_prompt(request))

    def submit(self, request: Request) -> Any:
        raise NotImplementedError

    def generate(self, request: Request) -> Iterator[Event]:
        """Submit and stream (leaving early cancels the request)."""
        stream: Iterator[Event] = self.submit(request).stream()
        return stream
