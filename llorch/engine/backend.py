"""The Backend seam: everything above the engine talks to this Protocol."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, runtime_checkable

from llorch.engine.types import Event, ModelInfo, Request

__all__ = ["Backend", "BenchBackend"]


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


@runtime_checkable
class BenchBackend(Protocol):
    """A backend that can time raw decoding the way llama-bench does (no sampling)."""

    def bench(self, n_prompt: int, n_gen: int, depth: int = 0, seed: int = 0) -> tuple[float, float, float]:
        """Clear the KV cache, fill `depth` tokens untimed, then time `n_prompt` tokens in
        batches and `n_gen` single-token decodes. Returns (prompt ms, generation ms, first
        generated token ms)."""
        ...

    def info(self) -> ModelInfo: ...

    def close(self) -> None: ...
