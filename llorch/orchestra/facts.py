"""What any thread may ask a worker about its model: facts, tokens, the rendered prompt.

These read only the model (never its context), so they need no trip through the
worker's thread; Worker and SerialWorker answer them from what holds the model.
`generate` is the Backend-style call on top of `submit`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

from llorch.engine.types import Event, ModelInfo, Request
from llorch.errors import GenerationError

__all__ = ["ModelFacts"]


class ModelFacts:
    name: str
    _model_source: Any  # a SlotEngine or a Backend
    _cond: threading.Condition
    _closing: bool

    def _post(self, queue: Any, item: Any, refused: Callable[[], None] | None = None) -> None:
        """Hand `item` to the worker's thread through `queue`, unless the worker is closing."""
        with self._cond:
            if self._closing:
                if refused is not None:
                    refused()
                raise GenerationError(f"{self.name} was closed; load it again")
            queue.append(item)
            self._cond.notify()

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
