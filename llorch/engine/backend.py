"""The Backend seam: everything above the engine talks to this Protocol."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from llorch.engine.types import Event, ModelInfo, Request

__all__ = ["Backend"]


@runtime_checkable
class Backend(Protocol):
    """A loaded model that answers requests.

    `generate` yields TokenEvents as text is produced and ends with exactly one
    Completion. Closing the iterator early (or calling `cancel`) stops generation
    within one token; the Completion is then not produced. One backend serves one
    request at a time.
    """

    def generate(self, request: Request) -> Iterator[Event]: ...

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]: ...

    def render_prompt(self, request: Request) -> str: ...

    def info(self) -> ModelInfo: ...

    def close(self) -> None: ...
