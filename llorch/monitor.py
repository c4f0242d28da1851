"""What `llorch top` shows and does: every running llorch process, from the state each publishes.

A Monitor reads only files — the `ps/` folder the processes write every second
(orchestra/published.py) and the breaker rows of the store — so watching costs the
workers nothing: no process's engine, pool or thread is touched from here. What it
changes goes the ways every process already listens on: a breaker through the store
(as `llorch breakers open/close`), an unload as a request file the owning process takes
at its next housekeeping step.

The `*_cells` functions turn a view into the text of a table row, shared by the live
view and `llorch top --once` so that both say the same thing.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from llorch.config import Config, Paths
from llorch.errors import StoreError
from llorch.orchestra.published import queue_text, read_all, send
from llorch.store.db import Store

__all__ = [
    "BREAKER_COLUMNS",
    "BreakerView",
    "MODEL_COLUMNS",
    "ModelView",
    "Monitor",
    "PROCESS_COLUMNS",
    "ProcessView",
    "REQUEST_COLUMNS",
    "RequestView",
    "TopView",
    "breaker_cells",
    "model_cells",
    "process_cells",
    "request_cells",
]

STALE_S = 5.0  # a process that has not published for this long is shown as not responding


@dataclass(frozen=True)
class ModelView:
    """One loaded model in one process."""

    pid: int
    model: str
    instances: int
    slots_busy: int
    slots_total: int
    queued: int
    kv_used: int
    kv_total: int
    kv_hit_rate: float
    memory_bytes: int
    tokens_per_s: float  # over the last second the process measured (its 30 s mean before it has one)
    history: tuple[float, ...]  # tokens/s, one a second, oldest first (the last minute)
    requests: int
    expires_in_s: float | None
    in_use: bool
    breaker: str
    queued_bulk: int = 0  # of the queued, bulk requests


@dataclass(frozen=True)
class ProcessView:
    pid: int
    command: str
    started: float
    updated: float
    rss_bytes: int | None
    models: tuple[ModelView, ...]
    answers: tuple[dict[str, Any], ...]
    stale: bool  # it stopped publishing (suspended, or stuck)


@dataclass(frozen=True)
class BreakerView:
    model: str
    state: str
    failures: int
    calls: int
    retry_in_s: float
    reason: str


@dataclass(frozen=True)
class RequestView:
    """One finished request of a loaded model."""

    pid: int
    model: str
    at: float
    instance: int
    prompt_tokens: int
    output_tokens: int
    ttft_ms: float
    tokens_per_s: float
    finish: str


@dataclass(frozen=True)
class TopView:
    at: float
    processes: tuple[ProcessView, ...]
    breakers: tuple[BreakerView, ...]  # every model with a breaker, and every loaded one
    recent: tuple[RequestView, ...]  # newest first, every process's together
    breaker_error: str = ""  # why breaker states could not be read (the store), if they could not

    @property
    def models(self) -> tuple[ModelView, ...]:
        return tuple(m for p in self.processes for m in p.models)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _num(value: Any, kind: Callable[[Any], Any] = float, default: Any = 0) -> Any:
    """A published number (written by another process, possibly of another llorch version)."""
    try:
        return kind(value) if value is not None else default
    except (TypeError, ValueError):
        return default


class Monitor:
    """Reads every llorch process's published state and the breakers; opens and closes breakers and asks
    processes to unload models. Thread-safe (the store is); close it when done."""

    def __init__(self, paths: Paths, config: Config, *, clock: Callable[[], float] = time.time) -> None:
        self.paths = paths
        self.config = config
        self._clock = clock
        self._store: Store | None = None

    def _book(self, *, create: bool = True) -> Any:
        """A book on the store (None when there is no database yet and `create` is off: watching writes nothing)."""
        from llorch.resilience.book import BreakerBook
        from llorch.store import db_path, open_store

        if self._store is None:
            if not create and not db_path(self.paths).exists():
                return None
            self._store = open_store(self.paths)
        return BreakerBook(self._store, self.config.breaker())  # fresh each time: what the store says now

    def read(self) -> TopView:
        """Everything at once, as the files say now."""
        now = self._clock()
        published = read_all(self.paths.cache_dir)
        loaded = {str(m.get("model", "")) for p in published for m in p.models}
        breakers, error = self._breakers(loaded)
        states = {b.model: b.state for b in breakers}
        processes: list[ProcessView] = []
        recent: list[RequestView] = []
        for p in published:
            models: list[ModelView] = []
            for m in p.models:
                name = m["model"]  # read_all gave every field its kind (published._model_row)
                models.append(ModelView(
                    p.pid, name, len(m["instances"]) or 1, m["slots_busy"], m["slots_total"], m["queued"],
                    m["kv_used"], m["kv_total"], m["kv_hit_rate"], m["memory_bytes"],
                    # tokens/s over the published half minute (the last second's flickered between 0 and a rate)
                    m["tokens_per_s"], tuple(m["rate_history"]), m["requests"], m["expires_in_s"],
                    m["pinned"] or bool(m["slots_busy"]), states.get(name, "closed"), m["queued_bulk"],
                ))
                for r in m["recent"]:  # dicts, their fields as written
                    recent.append(RequestView(
                        p.pid, name, _num(r.get("at")), _num(r.get("instance"), int, 1),
                        _num(r.get("prompt_tokens"), int), _num(r.get("output_tokens"), int),
                        _num(r.get("ttft_ms")), _num(r.get("tokens_per_s")), str(r.get("finish", ""))))
            processes.append(ProcessView(p.pid, p.command, p.started, p.updated, p.rss_bytes, tuple(models),
                                         p.answers, now - p.updated > STALE_S))
        recent.sort(key=lambda r: r.at, reverse=True)
        return TopView(now, tuple(processes), breakers, tuple(recent), error)

    def _breakers(self, loaded: set[str]) -> tuple[tuple[BreakerView, ...], str]:
        try:
            book = self._book(create=False)
            if book is None:  # no llorch has run here yet: every breaker is closed
                return tuple(BreakerView(m, "closed", 0, 0, 0.0, "") for m in sorted(loaded)), ""
            out = []
            for model in sorted(set(book.models()) | loaded):
                breaker = book.get(model)
                snap = breaker.snapshot()
                out.append(BreakerView(model, breaker.state.value, sum(1 for o in snap.outcomes if not o[1]),
                                       len(snap.outcomes), breaker.retry_in(), snap.last_reason))
            return tuple(out), ""
        except StoreError as exc:
            return (), str(exc)

    def open_breaker(self, model: str) -> None:
        """What `llorch breakers open MODEL` does: every process skips the model until it is closed."""
        self._book().open_by_hand(model, "forced open with `llorch top`")

    def close_breaker(self, model: str) -> None:
        """What `llorch breakers close MODEL` does: the model gets work again straight away."""
        self._book().close_by_hand(model, "closed with `llorch top`")

    def unload(self, pid: int, model: str) -> str:
        """Ask process `pid` to unload `model` (it does, within a second, if the model is idle); returns the
        request's id, which that process's published answers will carry."""
        return send(self.paths.cache_dir, pid, "unload", model)

    def close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.close()


# --- text for tables --------------------------------------------------------------

PROCESS_COLUMNS = ("PID", "COMMAND", "UP", "MEMORY", "MODELS")
MODEL_COLUMNS = ("MODEL", "PID", "INSTANCES", "SLOTS", "QUEUE", "KV", "HIT", "MEMORY", "TOK/S", "BREAKER", "UNLOADS")
BREAKER_COLUMNS = ("MODEL", "BREAKER", "FAILED", "NEXT PROBE", "WHY")
REQUEST_COLUMNS = ("ENDED", "PID", "MODEL", "TTFT", "TOK/S", "IN", "OUT", "END")


def _bytes(n: float) -> str:
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def _span(seconds: float) -> str:
    if seconds < 120:
        return f"{max(0.0, seconds):.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def process_cells(p: ProcessView, now: float) -> tuple[str, ...]:
    up = _span(now - p.started) + (" (not responding)" if p.stale else "")
    return (str(p.pid), p.command, up, _bytes(p.rss_bytes) if p.rss_bytes else "-", str(len(p.models)))


def model_cells(m: ModelView) -> tuple[str, ...]:
    if m.in_use:
        unloads = "in use"
    elif m.expires_in_s is None:
        unloads = "while the process runs"
    else:
        unloads = _span(m.expires_in_s)
    kv = f"{m.kv_used:,}/{m.kv_total:,}" if m.kv_total else "-"
    return (m.model, str(m.pid), str(m.instances), f"{m.slots_busy}/{m.slots_total}", queue_text(m.queued, m.queued_bulk), kv,
            f"{m.kv_hit_rate:.0%}" if m.kv_total else "-", _bytes(m.memory_bytes) if m.memory_bytes else "-",
            f"{m.tokens_per_s:.1f}", m.breaker, unloads)


def breaker_cells(b: BreakerView) -> tuple[str, ...]:
    if b.state in ("closed", "disabled"):
        probe = "-"
    elif b.retry_in_s == float("inf"):
        probe = "when closed by hand"
    else:
        probe = "now" if b.retry_in_s <= 0 else f"in {_span(b.retry_in_s)}"
    return (b.model, b.state, f"{b.failures}/{b.calls}", probe, b.reason)


def request_cells(r: RequestView, now: float) -> tuple[str, ...]:
    return (f"{_span(now - r.at)} ago", str(r.pid), r.model, f"{r.ttft_ms:,.0f} ms", f"{r.tokens_per_s:.1f}",
            str(r.prompt_tokens), str(r.output_tokens), r.finish)
