"""Sequence states on disk, so a new process does not evaluate a whole conversation again.

`llorch run --continue` starts a fresh process for every turn. After a turn, the
conversation's sequence (its KV cells and tokens) is written with
`llama_state_seq_save_file`; the next process finds the longest saved token prefix
of its prompt and loads it instead of evaluating it. Files are keyed by the model's
state key (file identity and KV settings) and by a hash of their tokens; the oldest
are removed beyond a count and a size.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import time
from pathlib import Path
from typing import Any

__all__ = ["SeqStateStore"]

log = logging.getLogger("llorch.orchestra")

MAX_FILES = 24
MAX_BYTES = 2 * 1024**3


def _digest(tokens: list[int]) -> str:
    return hashlib.sha256(struct.pack(f"<{len(tokens)}i", *tokens)).hexdigest()[:32]


class SeqStateStore:
    """Saved sequences of one model, under `root/<state key>/`. Failures only cost speed: they are logged, never raised."""

    def __init__(self, root: Path, key: str, *, min_tokens: int = 32, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> None:
        self.dir = root / key
        self.min_tokens = min_tokens
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.saved = 0

    def _index(self) -> list[dict[str, Any]]:
        try:
            data = json.loads((self.dir / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [e for e in data if isinstance(e, dict) and {"file", "n", "sha", "used"} <= e.keys()]

    def _write_index(self, entries: list[dict[str, Any]]) -> None:
        tmp = self.dir / f"index.json.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(tmp, self.dir / "index.json")

    def lookup(self, tokens: list[int], limit: int) -> tuple[Path, int] | None:
        """The saved state holding the longest prefix of `tokens` (at least `min_tokens`)."""
        best: tuple[Path, int] | None = None
        for entry in self._index():
            n = int(entry["n"])
            if n < self.min_tokens or n > len(tokens) or (best is not None and n <= best[1]):
                continue
            if _digest(tokens[:n]) == entry["sha"]:
                path = self.dir / str(entry["file"])
                if path.is_file():
                    best = (path, n)
        return best

    def save(self, engine: Any, seq: int, tokens: list[int]) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            sha = _digest(tokens)
            name = f"{sha}.seq"
            tmp = self.dir / f"{name}.{os.getpid()}.tmp"
            written = engine.save_seq(seq, tmp, tokens)
            if not written:
                tmp.unlink(missing_ok=True)
                log.debug("llama.cpp could not save sequence %d", seq)
                return
            os.replace(tmp, self.dir / name)
            entries = [e for e in self._index() if e["sha"] != sha]
            entries.append({"file": name, "n": len(tokens), "sha": sha, "used": time.time(), "bytes": written})
            entries = self._prune(entries)
            self._write_index(entries)
            self.saved += 1
            log.debug("saved sequence %d (%d tokens, %d bytes) to %s", seq, len(tokens), written, name)
        except OSError as exc:
            log.info("could not save the conversation's KV state: %s", exc)

    def _prune(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        entries.sort(key=lambda e: e["used"], reverse=True)
        kept: list[dict[str, Any]] = []
        total = 0
        for entry in entries:
            size = int(entry.get("bytes", 0))
            if len(kept) < self.max_files and total + size <= self.max_bytes:
                kept.append(entry)
                total += size
            else:
                (self.dir / str(entry["file"])).unlink(missing_ok=True)
        return kept
