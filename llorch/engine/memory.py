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

__all__ = ["KVEstimate", "available_memory", "estimate_kv"]

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
