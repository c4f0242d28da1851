"""Sequence states on disk, so a new process does not evaluate a whole conversation again.

`llorch run --continue` starts a fresh process for every turn. After a turn, the
conversation's sequence (its KV cells and tokens) is written with
`llama_state_seq_save_file`; the next process finds the longest saved token prefix
of its prompt and loads it instead of evaluating it. Files are keyed by the model's
state key (file identity and KV settings) and by a hash of their tokens; the oldest
are removed beyond a count and a size.

The prefixes every request of a profile shares (its system prompt and tool instructions)
are kept the same way in a store of their own (`prefixes/`), so that conversations saved
after them never push them out.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import struct
import time
from pathlib import Path
from typing import Any

__all__ = ["SeqStateStore"]

log = logging.getLogger("llorch.orchestra")

MAX_FILES = 24
MAX_BYTES = 2 * 1024**3
PREFIX_DIR = "prefixes"  # beside the conversations' folders (named by a 20-hex state key: no clash)
PREFIX_MAX_FILES = 12  # a few profiles, with and without their tools, per model
PREFIX_MAX_BYTES = 1024**3
STALE_S = 14 * 86400  # another state key's folder unused this long is removed when a state is saved
_KEY = re.compile(r"[0-9a-f]{20}")  # a state key's folder (engine/llama.py: state_key)
MARK_EVERY = 32  # a saved state can serve a prompt that shares any multiple of this many of its tokens


def _digests(tokens: list[int], at: set[int]) -> dict[int, str]:
    """Hashes of tokens[:k] for each k in `at` (one pass over the tokens)."""
    out: dict[int, str] = {}
    h = hashlib.sha256()
    done = 0
    for k in sorted(k for k in at if 0 < k <= len(tokens)):
        h.update(struct.pack(f"<{k - done}i", *tokens[done:k]))
        done = k
        out[k] = h.copy().hexdigest()[:32]
    return out


def _marks(n: int, extra: tuple[int, ...] = ()) -> set[int]:
    return set(range(MARK_EVERY, n, MARK_EVERY)) | {n} | {k for k in extra if 0 < k <= n}


class SeqStateStore:
    """Saved sequences of one model, under `root/<state key>/`. Failures only cost speed: they are logged, never raised."""

    def __init__(self, root: Path, key: str, *, min_tokens: int = 32, max_files: int = MAX_FILES, max_bytes: int = MAX_BYTES) -> None:
        self.dir = root / key
        self.min_tokens = min_tokens
        self.max_files = max_files
        self.max_bytes = max_bytes
        self.saved = 0
        self._swept = False

    @classmethod
    def prefixes(cls, root: Path, key: str) -> SeqStateStore:
        """The store of shared prompt prefixes beside the conversations' store under `root`."""
        return cls(root / PREFIX_DIR, key, max_files=PREFIX_MAX_FILES, max_bytes=PREFIX_MAX_BYTES)

    def _index(self) -> list[dict[str, Any]]:
        try:
            data = json.loads((self.dir / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(data, list):
            return []
        return [e for e in data if isinstance(e, dict) and {"file", "n", "marks", "used"} <= e.keys()
                and isinstance(e["file"], str) and isinstance(e["n"], int) and isinstance(e["marks"], dict)
                and all(isinstance(k, str) and k.isdigit() and isinstance(v, str) for k, v in e["marks"].items())]

    def _write_index(self, entries: list[dict[str, Any]]) -> None:
        tmp = self.dir / f"index.json.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entries), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.dir / "index.json")

    def lookup(self, tokens: list[int]) -> tuple[Path, int] | None:
        """The saved state that shares the longest prefix with `tokens` (at least `min_tokens`), and that length.

        A state shares a prefix when its tokens match up to one of its marks (every
        MARK_EVERY tokens, and its end): an answer that tokenizes differently when it
        comes back as history still lets the turns before it be reused."""
        entries = self._index()
        wanted: set[int] = set()
        for entry in entries:
            wanted |= {int(k) for k in entry["marks"]}
        prompt = _digests(tokens, wanted)
        best: tuple[Path, int] | None = None
        for entry in entries:
            shared = max((int(k) for k, sha in entry["marks"].items() if prompt.get(int(k)) == sha), default=0)
            if shared < self.min_tokens or (best is not None and shared <= best[1]):
                continue
            path = self.dir / str(entry["file"])
            if path.is_file():
                best = (path, shared)
        return best

    def has(self, tokens: list[int]) -> bool:
        """Whether a saved state holds exactly `tokens`."""
        sha = _digests(tokens, {len(tokens)}).get(len(tokens))
        return sha is not None and any(
            int(e["n"]) == len(tokens) and e["marks"].get(str(len(tokens))) == sha and (self.dir / str(e["file"])).is_file()
            for e in self._index())

    def forget(self, path: Path) -> None:
        """Remove a saved state that could not be restored (damaged, or made by another build), so that
        it is saved again rather than failing every time."""
        try:
            path.unlink(missing_ok=True)
            entries = self._index()
            kept = [e for e in entries if e["file"] != path.name]
            if len(kept) != len(entries):
                self._write_index(kept)
        except OSError as exc:
            log.info("could not remove the unusable KV state %s: %s", path, exc)

    def save(self, engine: Any, seq: int, tokens: list[int], marks_at: tuple[int, ...] = ()) -> None:
        """Save `seq` (holding `tokens`); `marks_at` adds prefix lengths to match later, such as where
        the prompt ended (the next turn's prompt renders the history up to there the same way)."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            marks = _digests(tokens, _marks(len(tokens), marks_at))
            sha = marks[len(tokens)]
            name = f"{sha}.seq"
            tmp = self.dir / f"{name}.{os.getpid()}.tmp"
            written = engine.save_seq(seq, tmp, tokens)
            if not written:
                tmp.unlink(missing_ok=True)
                log.debug("llama.cpp could not save sequence %d", seq)
                return
            os.chmod(tmp, 0o600)  # the cache holds the conversation: private, like the sessions database
            os.replace(tmp, self.dir / name)
            entries = [e for e in self._index() if e["file"] != name]
            entries.append({"file": name, "n": len(tokens), "marks": {str(k): v for k, v in marks.items()},
                            "used": time.time(), "bytes": written})
            entries = self._prune(entries)
            self._write_index(entries)
            self.saved += 1
            if not self._swept:
                self._swept = True
                self._sweep()
            log.debug("saved sequence %d (%d tokens, %d bytes) to %s", seq, len(tokens), written, name)
        except OSError as exc:
            log.info("could not save a KV state in %s: %s", self.dir, exc)

    def _sweep(self) -> None:
        """Remove the folders of other state keys under the same root unused for STALE_S. A replaced or
        re-quantized model file, or changed KV settings (`bench --tune --write` changes them), starts a folder of
        its own; each is capped, but none was ever removed, and a large model's states are gigabytes."""
        now = time.time()
        try:
            folders = [f for f in self.dir.parent.iterdir() if f != self.dir and _KEY.fullmatch(f.name) and f.is_dir()]
        except OSError:
            return
        for folder in folders:
            try:
                index = folder / "index.json"
                used = (index if index.exists() else folder).stat().st_mtime
            except OSError:
                continue
            if now - used > STALE_S:
                log.info("removing saved KV states unused for %.0f days: %s", (now - used) / 86400, folder)
                shutil.rmtree(folder, ignore_errors=True)

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
