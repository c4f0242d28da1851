"""Per-token scores from rows of logits, and llama-perplexity's `--kl-divergence-base` file.

The arithmetic is llama-perplexity's (tools/perplexity/perplexity.cpp), vectorised with numpy:
softmax terms are float32 `exp(logit - max)` summed in float64, and the base file stores
each scored position's log-probabilities quantised to 16 bits over the 16 nats below the
top one (anything lower counts as zero probability).

The base file, byte for byte as llama-perplexity writes and reads it (little-endian):

    b"_logits_"  uint32 n_ctx  int32 n_vocab  int32 n_chunk  int32 tokens[n_chunk * n_ctx]
    then per chunk, per scored position (n_ctx - 1 - n_ctx/2 of them), a row of
    2*((n_vocab+1)/2) + 4 uint16: float32 scale, float32 min_log_prob, then
    q[i] so that log p[i] = scale * q[i] + min_log_prob.

So a file saved by either tool can be compared against by the other. It is large: each
scored token costs about 2 bytes per vocabulary entry (300 KB with a 152k vocabulary).
"""

from __future__ import annotations

import os
import secrets
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from llorch.errors import InputError

__all__ = ["BaseReader", "BaseWriter", "KLRows", "compare_rows", "nll_rows", "quantize_rows", "row_width"]

MAGIC = b"_logits_"
_HEADER = struct.Struct("<8sIii")
_BLOCK = 64  # rows handled at once: bounds numpy's temporaries to ~_BLOCK * n_vocab floats


def row_width(n_vocab: int) -> int:
    """uint16 entries per stored row: two float32 header values, then the vocabulary, padded to even."""
    return 2 * ((n_vocab + 1) // 2) + 4


def _lse(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's max and float64 sum of float32 exp(logit - max), as llama-perplexity sums them."""
    top = rows.max(axis=1)
    sums = np.exp(rows - top[:, None]).sum(axis=1, dtype=np.float64)
    return top, sums


def nll_rows(rows: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """-log p(target) for each row of logits (float64)."""
    out = np.empty(len(targets), dtype=np.float64)
    for lo in range(0, len(targets), _BLOCK):
        block, tok = rows[lo : lo + _BLOCK], targets[lo : lo + _BLOCK]
        top, sums = _lse(block)
        picked = block[np.arange(len(tok)), tok]
        out[lo : lo + len(tok)] = np.log(sums) - (picked - top).astype(np.float64)
    return out


def quantize_rows(rows: np.ndarray) -> np.ndarray:
    """Rows of logits as the base file stores them: (n, row_width(n_vocab)) uint16."""
    n, n_vocab = rows.shape
    out = np.zeros((n, row_width(n_vocab)), dtype=np.uint16)
    for lo in range(0, n, _BLOCK):
        block = rows[lo : lo + _BLOCK]
        top, sums = _lse(block)
        low = np.maximum(block.min(axis=1), top - np.float32(16))
        lse = np.log(sums).astype(np.float32)
        min_log_prob = (low - top) - lse
        scale = ((top - low) / np.float32(65535)).astype(np.float32)
        inv = np.divide(np.float32(1), scale, out=np.zeros_like(scale), where=scale != 0)
        q = np.rint((block - low[:, None]) * inv[:, None])
        q = np.where(block > low[:, None], np.clip(q, 0, 65535), 0)
        dest = out[lo : lo + len(block)]
        dest[:, :4] = np.stack([scale, min_log_prob], axis=1).astype("<f4").view("<u2")
        dest[:, 4 : 4 + n_vocab] = q.astype(np.uint16)
    return out


@dataclass(frozen=True)
class KLRows:
    """Per scored token: this model's and the base's NLL, KL(base || this), p(this) - p(base), same top token."""

    nll: np.ndarray
    nll_base: np.ndarray
    kld: np.ndarray
    p_diff: np.ndarray
    same_top: np.ndarray


def compare_rows(rows: np.ndarray, base: np.ndarray, targets: np.ndarray) -> KLRows:
    """This model's logits against the base file's rows for the same positions."""
    n, n_vocab = rows.shape
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("nll", "nll_base", "kld", "p_diff", "same_top")}
    for lo in range(0, n, _BLOCK):
        block, tok = rows[lo : lo + _BLOCK], targets[lo : lo + _BLOCK]
        idx = np.arange(len(tok))
        top, sums = _lse(block)
        log_z = top + np.log(sums).astype(np.float32)  # max + log(sum exp): log p[i] = logit[i] - log_z
        nll = log_z - block[idx, tok]
        stored = base[lo : lo + len(tok)]
        head = np.ascontiguousarray(stored[:, :4]).view("<f4")
        scale, min_log_prob = head[:, 0], head[:, 1]
        log_p_base = scale[:, None] * stored[:, 4 : 4 + n_vocab].astype(np.float32) + min_log_prob[:, None]
        nll_base = -log_p_base[idx, tok]
        live = log_p_base > np.float32(-16)
        terms = np.exp(log_p_base) * (log_p_base - block + log_z[:, None])
        kld = np.where(live, terms, np.float32(0)).sum(axis=1, dtype=np.float64)
        parts["nll"].append(nll)
        parts["nll_base"].append(nll_base)
        parts["kld"].append(kld)
        parts["p_diff"].append(np.exp(-nll) - np.exp(-nll_base))
        parts["same_top"].append(block.argmax(axis=1) == log_p_base.argmax(axis=1))
    return KLRows(**{k: np.concatenate(v) for k, v in parts.items()})


class BaseWriter:
    """Writes a base file beside `path` and moves it into place only when complete."""

    def __init__(self, path: Path, *, n_ctx: int, n_vocab: int, tokens: np.ndarray, n_chunk: int) -> None:
        scored = n_ctx - 1 - n_ctx // 2
        need = _HEADER.size + tokens.size * 4 + n_chunk * scored * row_width(n_vocab) * 2
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise InputError(f"cannot save the base logits to {path}: {folder} is not a folder")
        free = shutil.disk_usage(folder).free
        if need > free:
            raise InputError(f"the base logits for {n_chunk} chunk(s) take {need / 2**30:,.2f} GiB but {folder} has "
                             f"{free / 2**30:,.2f} GiB free; use fewer chunks or another folder")
        self.path = path
        self.bytes = need
        # Beside the destination, so the final rename is atomic; made with the user's umask like any file they save.
        self._tmp = folder / f".{path.name}.{secrets.token_hex(4)}.part"
        self._out: BinaryIO | None = self._tmp.open("xb")
        self._out.write(_HEADER.pack(MAGIC, n_ctx, n_vocab, n_chunk))
        self._out.write(tokens.astype("<i4").tobytes())

    def write(self, rows: np.ndarray) -> None:
        assert self._out is not None
        self._out.write(rows.astype("<u2", copy=False).tobytes())

    def commit(self) -> None:
        assert self._out is not None
        self._out.close()
        self._out = None
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        self._tmp.unlink(missing_ok=True)


class BaseReader:
    """Reads a base file's header and tokens at once, then its rows chunk by chunk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._in: Any = path.open("rb")
        except OSError as exc:
            raise InputError(f"cannot read the base logits file {path}: {exc.strerror or exc}") from None
        try:
            raw = self._in.read(_HEADER.size)
            if len(raw) < _HEADER.size or raw[:8] != MAGIC:
                raise InputError(f"{path} is not a base logits file (from `llorch eval --save-base` or "
                                 "llama-perplexity --kl-divergence-base)")
            _, self.n_ctx, self.n_vocab, self.n_chunk = _HEADER.unpack(raw)
            if self.n_ctx < 4 or self.n_vocab < 1 or self.n_chunk < 1:
                raise InputError(f"{path} has an impossible header (n_ctx {self.n_ctx}, vocabulary {self.n_vocab}, "
                                 f"{self.n_chunk} chunks)")
            self.scored = self.n_ctx - 1 - self.n_ctx // 2
            self.width = row_width(self.n_vocab)
            size = path.stat().st_size
            expected = _HEADER.size + 4 * self.n_chunk * self.n_ctx + 2 * self.n_chunk * self.scored * self.width
            if size != expected:
                raise InputError(f"{path} is {size:,} bytes but its header promises {expected:,}: the file is "
                                 "truncated or not a base logits file")
            self.tokens = np.frombuffer(self._in.read(4 * self.n_chunk * self.n_ctx), dtype="<i4").astype(np.int64)
        except BaseException:
            self._in.close()
            raise

    def read_chunk(self) -> np.ndarray:
        count = self.scored * self.width
        rows = np.frombuffer(self._in.read(2 * count), dtype="<u2")
        if rows.size != count:
            raise InputError(f"{self.path} ended early")
        return rows.reshape(self.scored, self.width)

    def close(self) -> None:
        self._in.close()
