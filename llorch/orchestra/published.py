"""What each running llorch process has loaded, for `llorch ps` and `llorch top` in another process.

A process with a pool (a chat, a bulk run, a server) writes a small JSON file under
the cache dir's `ps/` every second while it runs (its Publisher's step, on the pool's
housekeeping thread), and removes it when it closes. A file whose process is gone
(killed) is ignored and removed by the next reader.

The same folder carries requests the other way: `llorch top` asks a process to unload a
model by writing a file into `ps/<pid>.requests/`; the process takes it at its next step
and does the work on its own housekeeping thread (the way keep-alive unloads models), so
no other process ever touches its models. Each step's answers are published with the
state (`answers`), where the asker reads them.
"""

from __future__ import annotations

import json
import logging
import math
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llorch.errors import InputError

if TYPE_CHECKING:
    from llorch.orchestra.pool import Pool

__all__ = ["ACTIONS", "Published", "Publisher", "Request", "pid_alive", "publish", "queue_text", "read_all", "send", "take",
           "unpublish"]

log = logging.getLogger("llorch.orchestra")

ACTIONS = ("unload",)  # what another process may ask of this one
HISTORY = 60  # tokens/s samples kept per model (one a step: the last minute)
RATE_S = 30.0  # the span `llorch ps`'s tokens/s is over
_ANSWERS = 8
_MAX_TAKEN = 16  # requests carried out per step; the rest wait for the next
_MAX_REQUEST_BYTES = 4096


@dataclass(frozen=True)
class Published:
    pid: int
    command: str
    started: float
    updated: float
    models: list[dict[str, Any]]
    rss_bytes: int | None = None  # the process's resident memory, where the OS says (Linux)
    answers: tuple[dict[str, Any], ...] = ()  # what became of the last requests it took, newest last


@dataclass(frozen=True)
class Request:
    """Something another process asked of this one (`llorch top`): `action` on `model`."""

    id: str
    action: str
    model: str


def queue_text(queued: int, bulk: int) -> str:
    """A model's queue as `ps` and `top` show it: "12 (10 bulk)", or "3" when none of it is bulk work."""
    return f"{queued} ({bulk} bulk)" if bulk else str(queued)


def _dir(cache_dir: Path) -> Path:
    return cache_dir / "ps"


def _requests_dir(cache_dir: Path, pid: int) -> Path:
    return _dir(cache_dir) / f"{pid}.requests"


def _write_atomic(folder: Path, name: str, data: dict[str, Any]) -> None:
    """A reader never sees half a file: write beside it, then rename over it."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish(cache_dir: Path, rows: list[dict[str, Any]], *, started: float, command: str | None = None,
            extra: dict[str, Any] | None = None) -> None:
    """Write this process's loaded models (and `extra` top-level fields) atomically."""
    folder = _dir(cache_dir)
    folder.mkdir(parents=True, exist_ok=True)
    data = {"pid": os.getpid(), "command": command or " ".join(["llorch", *sys.argv[1:3]]), "started": started,
            "updated": time.time(), "models": rows, **(extra or {})}
    _write_atomic(folder, f"{os.getpid()}.json", data)


def unpublish(cache_dir: Path) -> None:
    (_dir(cache_dir) / f"{os.getpid()}.json").unlink(missing_ok=True)
    shutil.rmtree(_requests_dir(cache_dir, os.getpid()), ignore_errors=True)


def pid_alive(pid: int) -> bool:
    """Whether process `pid` still runs (another user's counts: its signal is refused, not unknown)."""
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
        if not pid_alive(pid):
            path.unlink(missing_ok=True)
            shutil.rmtree(_requests_dir(cache_dir, pid), ignore_errors=True)
            continue
        rss = data.get("rss_bytes")
        models = data.get("models")
        out.append(Published(pid, str(data.get("command", "")), _number(data.get("started"), float),
                             _number(data.get("updated"), float),
                             [_model_row(m) for m in models if isinstance(m, dict)] if isinstance(models, list) else [],
                             int(rss) if isinstance(rss, (int, float)) else None,
                             tuple(a for a in data.get("answers", ()) or () if isinstance(a, dict))))
    return out


# A published model row's fields and their kinds (PoolRow.to_dict): a file of another llorch version, or one half
# written, may lack some or hold another type (`llorch ps` raised KeyError on one without slots_busy).
_ROW_NUMBERS: dict[str, type] = {
    "slots_busy": int, "slots_total": int, "queued": int, "queued_bulk": int, "kv_used": int, "kv_total": int,
    "kv_hit_rate": float, "memory_bytes": int, "tokens_per_s": float, "requests": int, "steals": int, "idle_s": float,
    "tokens_out": int, "drafted": int, "accepted": int, "paused": int}


def _number(value: Any, kind: type, default: Any = 0) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return default
    return kind(value)


def _model_row(row: dict[str, Any]) -> dict[str, Any]:
    """A model row as read, every field the readers use there and of its kind (a number that is not one: 0)."""
    out = dict(row) | {key: _number(row.get(key), kind) for key, kind in _ROW_NUMBERS.items()}
    out["model"] = str(row.get("model", ""))
    out["expires_in_s"] = _number(row.get("expires_in_s"), float, None)
    out["pinned"] = row.get("pinned") is True
    out["instances"] = [i for i in row.get("instances") or () if isinstance(i, dict)] \
        if isinstance(row.get("instances"), list) else []
    out["recent"] = [r for r in row.get("recent") or () if isinstance(r, dict)] if isinstance(row.get("recent"), list) else []
    history = row.get("rate_history")
    out["rate_history"] = [_number(x, float) for x in history] if isinstance(history, list) else []
    return out


# --- requests from another process ---------------------------------------------


def send(cache_dir: Path, pid: int, action: str, model: str) -> str:
    """Ask the llorch process `pid` to do `action` on `model` at its next housekeeping step (within
    a second); returns the request's id, which its published `answers` will carry."""
    if action not in ACTIONS:
        raise InputError(f"unknown request {action!r}; llorch processes take: {', '.join(ACTIONS)}")
    if not (_dir(cache_dir) / f"{pid}.json").is_file() or not pid_alive(pid):
        raise InputError(f"no llorch process {pid} is running (`llorch ps` lists them)")
    folder = _requests_dir(cache_dir, pid)
    folder.mkdir(parents=True, exist_ok=True)
    request_id = f"{time.time_ns()}-{secrets.token_hex(4)}"  # sorts by time of asking
    _write_atomic(folder, f"{request_id}.json", {"id": request_id, "action": action, "model": model})
    return request_id


def take(cache_dir: Path) -> list[Request]:
    """This process's waiting requests, oldest first, each removed as it is read; an unreadable or
    unknown one is dropped with a log line (anything may be written there)."""
    folder = _requests_dir(cache_dir, os.getpid())
    if not folder.is_dir():  # the usual case: one stat a step
        return []
    out: list[Request] = []
    for path in sorted(folder.glob("[!.]*.json"))[:_MAX_TAKEN]:
        try:
            with path.open("rb") as fh:
                raw = fh.read(_MAX_REQUEST_BYTES + 1)
            path.unlink(missing_ok=True)
            if len(raw) > _MAX_REQUEST_BYTES:
                raise ValueError(f"over {_MAX_REQUEST_BYTES} bytes")
            data = json.loads(raw)
            request = Request(str(data["id"]), str(data["action"]), str(data["model"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.info("dropping the unreadable request %s: %s", path.name, exc)
            continue
        if request.action not in ACTIONS:
            log.info("dropping request %s: unknown action %r", request.id, request.action)
            continue
        out.append(request)
    return out


def _rss_bytes() -> int | None:
    """This process's resident memory from /proc (one small read); None where there is no /proc."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Publisher:
    """A long-running process's side of `llorch ps` and `llorch top`: each `step()` carries out the
    requests left for it, then publishes the pool's state with each model's tokens/s over the last
    minute (one sample a step) and the process's memory. Thread-safe; `close()` removes the file."""

    def __init__(self, cache_dir: Path, pool: Pool, *, command: str | None = None,
                 clock: Any = time.time) -> None:
        self.cache_dir = cache_dir
        self.pool = pool
        self.command = command
        self.started = clock()
        self._clock = clock
        self._lock = threading.Lock()
        self._closed = False
        self._history: dict[str, deque[float]] = {}
        # model -> (when, tokens generated so far) at each step of the last RATE_S (the last: the step before)
        self._counts: dict[str, deque[tuple[float, int]]] = {}
        self._answers: deque[dict[str, Any]] = deque(maxlen=_ANSWERS)

    def step(self) -> None:
        """Take the waiting requests, then publish (a full disk is logged, never raised)."""
        with self._lock:
            if self._closed:
                return
            try:
                for request in take(self.cache_dir):
                    self._carry_out(request)
                publish(self.cache_dir, self._rows(), started=self.started, command=self.command,
                        extra={"rss_bytes": _rss_bytes(), "answers": list(self._answers)})
            except OSError as exc:  # the answers must go on whatever happens to the cache dir
                log.debug("cannot publish the pool's state for llorch ps: %s", exc)

    def _carry_out(self, request: Request) -> None:
        try:
            why = self.pool.unload(request.model)  # the one action there is (take() drops the others)
        except Exception as exc:  # noqa: BLE001 - a model that fails to close must not stop the publishing
            log.warning("unloading %s failed: %s", request.model, exc)
            why = f"closing it failed ({exc})"
        message = f"{request.model} unloaded" if why is None else f"{request.model} was not unloaded: {why}"
        log.info("%s (asked by another process)", message)
        self._answers.append({"id": request.id, "action": request.action, "model": request.model,
                              "ok": why is None, "message": message, "at": self._clock()})

    def _rows(self) -> list[dict[str, Any]]:
        now = self._clock()
        rows = [row.to_dict() for row in self.pool.snapshot()]
        for row in rows:
            model, made = row["model"], int(row.get("tokens_out", 0))
            history = self._history.setdefault(model, deque(maxlen=HISTORY))
            counts = self._counts.setdefault(model, deque())
            if counts and now > counts[-1][0]:  # the rate since the step before
                last = counts[-1]
                history.append(round(max(0, made - last[1]) / (now - last[0]), 2))  # a reload restarts the count
            row["rate_history"] = list(history)
            # tokens/s over the last half minute, of every token made (the pool's own rate counts a request's
            # tokens when it ends, over a fixed 30 s: `llorch ps` said 0.0 all through a long answer)
            if counts and made < counts[-1][1]:
                counts.clear()  # a reload restarts the count
            counts.append((now, made))
            while len(counts) > 2 and now - counts[1][0] >= RATE_S:
                counts.popleft()
            since, before = counts[0]
            if now > since:
                row["tokens_per_s"] = round((made - before) / (now - since), 2)
        for gone in set(self._history) - {row["model"] for row in rows}:
            del self._history[gone]
            self._counts.pop(gone, None)
        return rows

    def close(self) -> None:
        with self._lock:
            self._closed = True
            unpublish(self.cache_dir)
