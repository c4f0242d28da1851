"""The SlotEngine seam: one loaded model and one context with N sequence slots.

A worker's scheduler is the only caller of the context-level methods (`decode`,
`sample`, `token_logprobs`, the `seq_*` memory operations, `save_seq`/`load_seq`, `close`).
The model-level methods (`prepare`, `tokenize`, `render_prompt`, `piece`, `is_eog`,
`info`) read only the model and may be called from any thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from llorch.engine.types import ModelInfo, Request

__all__ = ["Prepared", "Sampler", "SlotEngine", "SlotLayout"]


class Sampler(Protocol):
    """Picks the next token of one sequence from the logits at a batch index."""

    def sample(self, ctx: Any, index: int) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Prepared:
    """A request made ready in the submitting thread: its tokens, stop strings and sampler."""

    tokens: tuple[int, ...]
    stops: tuple[str, ...]
    sampler: Sampler
    seed: int
    max_new: int
    ignore_eos: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class SlotLayout:
    """How a context's KV cache is laid out.

    `n_ctx` cells in all; with `unified` every sequence draws on all of them (and
    sequences can share cells of a common prefix); otherwise each of the `n_seq`
    sequences has its own `n_ctx_seq`. `n_swa` > 0 marks sliding-window layers,
    whose old positions may be gone; `partial_rm` is False for recurrent memory,
    which cannot drop the end of a sequence.
    """

    n_ctx: int
    n_ctx_seq: int
    n_seq: int
    n_batch: int
    unified: bool
    n_swa: int = 0
    partial_rm: bool = True


@runtime_checkable
class SlotEngine(Protocol):
    layout: SlotLayout

    def info(self) -> ModelInfo: ...

    def prepare(self, request: Request) -> Prepared: ...

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]: ...

    def render_prompt(self, request: Request) -> str: ...

    def piece(self, token: int) -> bytes: ...

    def token_text(self, token: int) -> str: ...

    def is_eog(self, token: int) -> bool: ...

    def decode(self, entries: Sequence[tuple[int, int, int, bool]]) -> int:
        """Evaluate (token, position, sequence, wants logits) entries in one llama_decode.

        Returns 0, or llama_decode's code: 1 no KV space, 2 aborted, < 0 error."""
        ...

    def sample(self, sampler: Sampler, index: int) -> int: ...

    def token_logprobs(self, index: int, token: int, top: int = 0) -> tuple[float, float, tuple[tuple[int, float], ...]]:
        """log p(token), the entropy in nats, and the `top` most likely (token, log p), most likely first,
        under the raw softmax of the logits at batch index `index` (computed only when asked)."""
        ...

    def seq_rm(self, seq: int, p0: int, p1: int = -1) -> bool: ...

    def seq_cp(self, src: int, dst: int, p0: int, p1: int) -> None: ...

    def seq_pos_min(self, seq: int) -> int: ...

    def save_seq(self, seq: int, path: Path, tokens: list[int]) -> int: ...

    def load_seq(self, seq: int, path: Path, capacity: int) -> list[int] | None: ...

    def state_key(self) -> str:
        """What a saved sequence state must match to be loaded here (model file and KV settings)."""
        ...

    def close(self) -> None: ...
