"""What any thread may ask a worker about its model: facts, tokens, the rendered prompt.

These read only the model (never its context), so they need no trip through the
worker's thread; Worker and SerialWorker answer them from what holds the model.
`generate` is the Backend-style call on top of `submit`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from llorch.engine.types import Event, ModelInfo, Request

__all__ = ["ModelFacts"]


class ModelFacts:
    _model_source: Any  # a SlotEngine or a Backend

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
