"""Saved KV states of state keys no longer used (a re-quantized model file, changed KV settings) are removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from llorch.orchestra.fake import FakeSlots
from llorch.orchestra.kvdisk import PREFIX_DIR, STALE_S, SeqStateStore


def _saved(root: Path, key: str) -> Path:
    store = SeqStateStore(root, key, min_tokens=1)
    store.save(FakeSlots(n_seq=1, n_ctx=256), 0, list(range(40)))
    assert (root / key / "index.json").is_file()
    return root / key


def test_a_state_keys_folder_unused_for_two_weeks_goes_when_another_saves(tmp_path: Path) -> None:
    """Each settings change (`bench --tune --write` sets flash_attn and cache types) or re-quantized file started a
    folder of saved states, up to 2 GiB each, and none was ever removed."""
    old, recent = _saved(tmp_path, "a" * 20), _saved(tmp_path, "b" * 20)
    (tmp_path / PREFIX_DIR).mkdir()  # the prefixes' store, and anything else there, is no state key's folder
    (tmp_path / "notes").mkdir()
    stale = time.time() - STALE_S - 60
    os.utime(old / "index.json", (stale, stale))
    os.utime(tmp_path / "notes", (stale, stale))
    os.utime(recent / "index.json", (time.time() - STALE_S + 3600,) * 2)  # 13 days: kept
    _saved(tmp_path, "c" * 20)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([PREFIX_DIR, "notes", "b" * 20, "c" * 20])
