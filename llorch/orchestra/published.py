"""What each running llorch process has loaded, for `llorch ps` in another process.

A process with a pool (a chat, a bulk run, a server) writes a small JSON file under
the cache dir's `ps/` every second while it runs, and removes it when it closes. A file
whose process is gone (killed) is ignored and removed by the next reader.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Published", "publish", "read_all", "unpublish"]


@dataclass(frozen=True)
class Published:
    pid: int
    command: str
    started: float
    updated: float
    models: list[dict[str, Any]]


def _dir(cache_dir: Path) -> Path:
    return cache_dir / "ps"


def publish(cache_dir: Path, rows: list[dict[str, Any]], *, started: float, command: str | None = None) -> None:
    """Write this process's loaded models (atomically: a reader never sees half a file)."""
    folder = _dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    data = {"pid": os.getpid(), "command": command or " ".join(["llorch", *sys.argv[1:3]]), "started": started,
            "updated": time.time(), "models": rows}
    fd, tmp = tempfile.mkstemp(prefix=".ps-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, folder / f"{os.getpid()}.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def unpublish(cache_dir: Path) -> None:
    (_dir(cache_dir) / f"{os.getpid()}.json").unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_all(cache_dir: Path) -> list[Published]:
    """Every live process's published state; files of processes that are gone are removed."""
    out: list[Published] = []
    folder = _dir(cache_dir)
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pid = int(data["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not _alive(pid):
            path.unlink(missing_ok=True)
            continue
        out.append(Published(pid, str(data.get("command", "")), float(data.get("started", 0)),
                             float(data.get("updated", 0)), list(data.get("models", []))))
    return out
