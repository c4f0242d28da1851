"""What Worker and SerialWorker share: one thread that owns the model's context.

- Facts about the model (info, tokens, the rendered prompt) read only the model, never
  its context, so any thread may ask them without a trip through the owning thread.
- `_post` hands work to that thread; `close` stops it, then frees the context.
- `generate` is the Backend-style call on top of `submit`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, Self

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
        self.requests = 0
        self._thread = threading.Thread(target=self._loop, name=f"{thread_prefix}-{self.name}", daemon=True)

    def _start(self) -> None:
        self._thread.start()

    def _loop(self) -> None:
        raise NotImplementedError

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
        """Cancel what is left, stop the owning thread, then free the context. Idempotent."""
        with self._cond:
            if self._closed:
                return
            self._closing = True
            self._cond.notify_all()
        self._stop_current()
        interrupted = False
        while self._thread.is_alive() and self._thread is not threading.current_thread():
            try:
                self._thread.join(0.25)
            except KeyboardInterrupt:  # a second Ctrl-C: still never free a context under its thread
                interrupted = True
        with self._cond:
            if self._closed:
                return
            self._closed = True
        self._free()
        if interrupted:
            raise KeyboardInterrupt

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def info(self) -> ModelInfo:
        info: ModelInfo = self._model_source.info()
        return info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(self._model_source.tokenize(text, add_bos=add_bos, special=special))

    def render_prompt(self, request: Request) -> str:
        return str(self._model_source.render_prompt(request))

    def submit(self, request: Request) -> Any:
        raise NotImplementedError

    def generate(self, request: Request) -> Iterator[Event]:
        """Submit and stream (leaving early cancels the request)."""
        stream: Iterator[Event] = self.submit(request).stream()
        return stream
