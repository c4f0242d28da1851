"""How much memory a context will take, from the GGUF header, before llama.cpp allocates it.

A context far larger than the machine (`--ctx-size 99999999999`) drove the process to
23.5 GB until the kernel killed it without a word. The KV cache is the part that
grows with the context: layers x cells x (K + V) per KV head, at the cache's element
size. The same estimate serves a memory budget for several loaded models.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Footprint", "KVEstimate", "available_memory", "estimate_footprint", "estimate_kv"]

# Bytes per element of each KV cache type (block types: block bytes / block size).
_TYPE_BYTES = {"f32": 4.0, "f16": 2.0, "bf16": 2.0, "q8_0": 34 / 32, "q4_0": 18 / 32, "q4_1": 20 / 32, "iq4_nl": 18 / 32,
               "q5_0": 22 / 32, "q5_1": 24 / 32}


@dataclass(frozen=True)
class KVEstimate:
    bytes: int
    n_layer: int
    n_head_kv: int
    k_dim: int
    v_dim: int
    cells: int

    def describe(self) -> str:
        return (f"{self.bytes / 2**30:,.1f} GiB of KV cache ({self.cells:,} cells x {self.n_layer} layers x "
                f"{self.n_head_kv} KV heads)")


def _number(value: str | None) -> int | None:
    """A GGUF value as llama.cpp's metadata strings give it: "8", or an array "[8, 8, 4, ...]" (the largest)."""
    if value is None:
        return None
    found = [int(x) for x in re.findall(r"-?\d+", value)]
    return max(found) if found else None


def estimate_kv(metadata: Mapping[str, str], cells: int, type_k: str = "f16", type_v: str = "f16") -> KVEstimate | None:
    """The KV cache of `cells` cells for the model whose GGUF metadata this is (None: the header lacks the sizes)."""
    arch = metadata.get("general.architecture", "")
    n_layer = _number(metadata.get(f"{arch}.block_count"))
    n_head = _number(metadata.get(f"{arch}.attention.head_count"))
    n_embd = _number(metadata.get(f"{arch}.embedding_length"))
    n_head_kv = _number(metadata.get(f"{arch}.attention.head_count_kv")) or n_head
    if not n_layer or not n_head or not n_embd or not n_head_kv:
        return None
    k_dim = _number(metadata.get(f"{arch}.attention.key_length")) or n_embd // n_head
    v_dim = _number(metadata.get(f"{arch}.attention.value_length")) or n_embd // n_head
    per_cell = n_layer * n_head_kv * (k_dim * _TYPE_BYTES.get(type_k, 2.0) + v_dim * _TYPE_BYTES.get(type_v, 2.0))
    return KVEstimate(int(per_cell * cells), n_layer, n_head_kv, k_dim, v_dim, cells)


def available_memory() -> int | None:
    """Memory the kernel says it can give without swapping (MemAvailable), in bytes; None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def _gib(n: int) -> str:
    return f"{n / 2**30:,.2f} GiB"


@dataclass(frozen=True)
class Footprint:
    """Memory a model will take once loaded: its weights (shared by its instances when memory-mapped)
    and each instance's KV cache."""

    weights: int
    kv_per_instance: int
    instances: int = 1
    shared_weights: bool = True

    @property
    def total(self) -> int:
        weights = self.weights if self.shared_weights else self.weights * self.instances
        return weights + self.kv_per_instance * self.instances

    def describe(self) -> str:
        per = f"{self.instances} instances x " if self.instances > 1 else ""
        return f"{_gib(self.total)} (weights {_gib(self.weights)} + KV cache {per}{_gib(self.kv_per_instance)})"


def header_kv(summary: Any, cells: int, type_k: str = "f16", type_v: str = "f16") -> KVEstimate | None:
    """estimate_kv from a read GGUF header (llorch.engine.gguf.read_gguf's summary)."""
    metadata = {k: str(v) for k, v in summary.metadata.items() if isinstance(v, (int, float, str, list))}
    return estimate_kv(metadata, cells, type_k, type_v)


def estimate_footprint(path: str | Path, options: Any, instances: int = 1) -> Footprint | None:
    """The footprint of `path` loaded with `options` (EngineOptions), from its GGUF header; None if unreadable."""
    from llorch.engine.gguf import read_gguf
    from llorch.errors import LlorchError

    try:
        summary = read_gguf(path)
    except (LlorchError, OSError):
        return None
    train = summary.context_length or 0
    n_ctx = options.n_ctx or train
    if train and n_ctx > train and not options.ctx_over_train:
        n_ctx = train
    cells = n_ctx if options.kv_unified else n_ctx * max(1, options.slots)
    kv = header_kv(summary, cells, options.cache_type_k, options.cache_type_v)
    return Footprint(summary.file_size, kv.bytes if kv else 0, max(1, instances), shared_weights=options.use_mmap)
