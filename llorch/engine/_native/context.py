"""One llama_context with N sequences. Owned by exactly one thread: its worker's scheduler.

Nothing here locks: the rule that one thread drives a context is kept by the worker,
and `close()` is called only after that thread has stopped.
"""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.engine._native import log
from llorch.engine._native.lib import llama_cpp
from llorch.engine._native.model import NativeModel
from llorch.errors import ConfigError, ModelLoadError

__all__ = ["ContextParams", "NativeContext", "Batch"]

_log = logging.getLogger("llorch.engine")


def kv_type(name: str, key: str) -> int:
    value = getattr(llama_cpp(), f"GGML_TYPE_{name.upper()}", None)
    if value is None:
        raise ConfigError(f"'{key}' = {name!r} is not a KV cache type this llama.cpp build knows")
    return int(value)


@dataclass(frozen=True)
class ContextParams:
    """What a context is made with; `n_ctx` is the whole KV cache in cells."""

    n_ctx: int
    n_seq: int
    n_batch: int
    n_ubatch: int
    threads: int
    threads_batch: int
    flash_attn: bool
    cache_type_k: str
    cache_type_v: str
    kv_unified: bool
    swa_full: bool


class Batch:
    """A llama_batch holding up to `capacity` tokens, each of one sequence."""

    def __init__(self, capacity: int) -> None:
        lib = llama_cpp()
        self._lib = lib
        self.capacity = capacity
        self._batch = lib.llama_batch_init(capacity, 0, 1)
        self.n = 0

    def clear(self) -> None:
        self.n = 0
        self._batch.n_tokens = 0

    def add(self, token: int, pos: int, seq: int, logits: bool) -> int:
        """Append a token; returns its index in the batch (where its logits land)."""
        i = self.n
        if i >= self.capacity:
            raise IndexError("batch is full")
        b = self._batch
        b.token[i] = token
        b.pos[i] = pos
        b.n_seq_id[i] = 1
        b.seq_id[i][0] = seq
        b.logits[i] = logits
        self.n = i + 1
        b.n_tokens = self.n
        return i

    @property
    def native(self) -> Any:
        return self._batch

    def close(self) -> None:
        if self._batch is not None:
            self._lib.llama_batch_free(self._batch)
            self._batch = None


class NativeContext:
    """`llama_init_from_model` with N sequence slots, and the calls the scheduler makes on it."""

    def __init__(self, model: NativeModel, params: ContextParams) -> None:
        lib = llama_cpp()
        self._lib = lib
        self.model = model
        cp = lib.llama_context_default_params()
        cp.n_ctx = params.n_ctx
        cp.n_batch = params.n_batch
        cp.n_ubatch = min(params.n_ubatch, params.n_batch)
        cp.n_seq_max = params.n_seq
        cp.n_threads = params.threads
        cp.n_threads_batch = params.threads_batch
        cp.flash_attn_type = lib.LLAMA_FLASH_ATTN_TYPE_ENABLED if params.flash_attn else lib.LLAMA_FLASH_ATTN_TYPE_DISABLED
        cp.type_k = kv_type(params.cache_type_k, "engine.cache_type_k")
        cp.type_v = kv_type(params.cache_type_v, "engine.cache_type_v")
        cp.kv_unified = params.kv_unified
        cp.swa_full = params.swa_full
        cp.no_perf = False
        with log.capture() as cap:
            ctx = lib.llama_init_from_model(model.ptr, cp)
        if not ctx:
            reason = cap.errors[-1] if cap.errors else "llama_init_from_model failed"
            raise ModelLoadError(
                f"llama.cpp could not make a context for {model.path} (n_ctx {params.n_ctx:,}, "
                f"{params.n_seq} slot(s)): {reason}; lower engine.n_ctx or engine.slots"
            )
        self._ctx = ctx
        self._mem = lib.llama_get_memory(ctx)
        self.params = params
        self.n_ctx = int(lib.llama_n_ctx(ctx))
        self.n_ctx_seq = int(lib.llama_n_ctx_seq(ctx))
        self.n_batch = int(lib.llama_n_batch(ctx))
        self.n_seq = int(lib.llama_n_seq_max(ctx))

    @property
    def ptr(self) -> Any:
        return self._ctx

    def decode(self, batch: Batch) -> int:
        """llama_decode: 0 ok, 1 no KV space for the batch, 2 aborted, < 0 error."""
        return int(self._lib.llama_decode(self._ctx, batch.native))

    def logits(self, index: int) -> Any:
        return self._lib.llama_get_logits_ith(self._ctx, index)

    def logits_rows(self, index: int, rows: int = 1) -> Any:
        """A float32 (rows, n_vocab) view of the logits from batch index `index` on, valid until the
        next decode. The rows are the batch's outputs in batch order, as llama-perplexity reads them."""
        import numpy as np

        return np.ctypeslib.as_array(self.logits(index), shape=(rows, self.model.n_vocab))

    def token_logprobs(self, index: int, token: int, top: int = 0) -> tuple[float, float, tuple[tuple[int, float], ...]]:
        """Under the raw softmax of the logits at batch index `index`: log p(token), the entropy
        (nats), and the `top` most likely tokens with their log p, most likely first."""
        import numpy as np

        row = np.ctypeslib.as_array(self.logits(index), shape=(self.model.n_vocab,)).astype(np.float64)
        shifted = row - row.max()
        weights = np.exp(shifted)
        total = float(weights.sum())
        log_z = math.log(total)
        entropy = log_z - float(weights @ shifted) / total
        best: tuple[tuple[int, float], ...] = ()
        if top > 0:
            k = min(top, row.size)
            ids = np.argpartition(-row, k - 1)[:k]
            ids = ids[np.argsort(-row[ids], kind="stable")]
            best = tuple((int(i), float(shifted[i] - log_z)) for i in ids)
        return float(shifted[token] - log_z), max(0.0, entropy), best

    # --- memory ---------------------------------------------------------------

    def seq_rm(self, seq: int, p0: int, p1: int = -1) -> bool:
        return bool(self._lib.llama_memory_seq_rm(self._mem, seq, p0, p1))

    def seq_cp(self, src: int, dst: int, p0: int, p1: int) -> None:
        self._lib.llama_memory_seq_cp(self._mem, src, dst, p0, p1)

    def seq_pos_min(self, seq: int) -> int:
        return int(self._lib.llama_memory_seq_pos_min(self._mem, seq))

    def clear(self) -> None:
        self._lib.llama_memory_clear(self._mem, True)

    def save_seq(self, seq: int, path: Path, tokens: list[int]) -> int:
        """Write one sequence's KV state and its tokens to `path`; returns the bytes written (0: failed)."""
        lib = self._lib
        arr = (lib.llama_token * len(tokens))(*tokens)
        return int(lib.llama_state_seq_save_file(self._ctx, str(path).encode("utf-8"), seq, arr, len(tokens)))

    def load_seq(self, seq: int, path: Path, capacity: int) -> list[int] | None:
        """Read a saved sequence into `seq`; returns its tokens, or None when the file does not fit this context."""
        lib = self._lib
        arr = (lib.llama_token * capacity)()
        count = ctypes.c_size_t(0)
        with log.capture():
            n = lib.llama_state_seq_load_file(self._ctx, str(path).encode("utf-8"), seq, arr, capacity, ctypes.byref(count))
        if n == 0:
            return None
        return list(arr[: count.value])

    # --- timing ---------------------------------------------------------------

    def synchronize(self) -> None:
        self._lib.llama_synchronize(self._ctx)

    def close(self) -> None:
        if self._ctx is not None:
            ctx, self._ctx = self._ctx, None
            self._lib.llama_free(ctx)
