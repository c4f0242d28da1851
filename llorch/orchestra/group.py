"""One model's instances behind one worker interface: routing, affinity and work stealing.

A model may be loaded more than once (`pool.instances`, or `[workers."MODEL"] instances`),
each instance a worker with its own context, slots and thread. The group hands each
instance no more requests than it has slots; the rest wait in the group, each in the
backlog of the instance it was routed to. Whenever an instance has a free slot it takes
from its own backlog, and if that is empty it steals the oldest request waiting for
another instance, so no request waits while an instance of its model is idle. Each backlog
starts interactive requests before bulk ones, as a worker's own queue does (priority.py); and an
instance answering bulk requests takes an interactive one beyond its slots (up to one per bulk
request), for the worker to pause a bulk request and give the interactive one its slot at once.

Routing: the instance that answered this conversation before (it holds its KV prefix)
when it has a free slot, else the least loaded (free slots, then recent speed). Each
handle says where it went and why (`handle.route`).

With one instance, requests go straight to the worker: no thread, no backlog.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import queue
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from llorch import interrupts
from llorch.engine.types import Completion, Event, ModelInfo, Request, Timings, Usage
from llorch.errors import GenerationError
from llorch.orchestra.handle import Handle, HandleEvent, Streaming
from llorch.orchestra.kvcache import KVStats
from llorch.orchestra.priority import BULK, INTERACTIVE, Backlog, PriorityPolicy
from llorch.orchestra.worker import WorkerStats

__all__ = ["Group", "PooledHandle", "RequestFigures", "Route", "affinity_key"]

_ids = itertools.count(1)
_HOMES = 4096  # conversations remembered for affinity
_RATE_WINDOW_S = 30.0
_RECENT = 8  # finished requests kept for `llorch top`


@dataclass(frozen=True)
class Route:
    """Which worker a request went to, and why."""

    worker: str
    instance: int  # 0-based
    reason: str
    queued_ms: float = 0.0  # waiting in the group for a free slot (the worker's own wait is in the timings)
    stolen: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"worker": self.worker, "instance": self.instance + 1, "reason": self.reason,
                "queued_ms": round(self.queued_ms, 1), "stolen": self.stolen}


@dataclass(frozen=True)
class RequestFigures:
    """One finished request, as `llorch top` lists it: when it ended, where, its time to first token and speed."""

    at: float  # wall-clock time (time.time()) when it ended
    instance: int  # 1-based
    prompt_tokens: int
    output_tokens: int
    ttft_ms: float  # from submission to the group, its wait for a slot included
    tokens_per_s: float  # text generation
    finish: str  # the completion's finish reason, or "error"

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def affinity_key(request: Request) -> str:
    """What identifies a conversation across its turns: its system prompt and first user message
    (later turns repeat them), or the start of a raw prompt."""
    if request.messages:
        head: list[str] = []
        for message in request.messages:
            head.append(f"{message.role}\x00{message.content}")
            if message.role == "user":
                break
        text = "\x01".join(head)
    elif request.prompt is not None:
        text = request.prompt[:512]
    else:
        text = ",".join(map(str, request.tokens[:128]))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class PooledHandle(Streaming):
    """A request waiting in a group until an instance takes it; then its worker's handle, passed through."""

    def __init__(self, group: Group, request: Request, key: str, reason: str, *, save_state: bool, stamps: bool) -> None:
        self.id = next(_ids)
        self.request = request
        self.key = key
        self.save_state = save_state
        self.stamps = stamps
        self.submitted = group.clock()
        self.route = Route(group.name, -1, reason)
        self._group = group
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._inner: Handle | None = None
        self._error: BaseException | None = None
        self._cancelled = False
        self._ended = False
        self._delivered_end = False
        self._wait_ms = 0.0
        self._completion: Completion | None = None

    # --- the group's side -----------------------------------------------------

    def _attach(self, inner: Handle, instance: int, worker: str, stolen: bool) -> None:
        self._wait_ms = (self._group.clock() - self.submitted) * 1000.0
        reason = f"stolen from instance {self.route.instance + 1}'s queue" if stolen else self.route.reason
        self.route = Route(worker, instance, reason, self._wait_ms, stolen)
        inner.route = self.route
        with self._lock:
            self._inner = inner
            cancel = self._cancelled
        self._ready.set()
        if cancel:
            inner.cancel()

    def _fail(self, error: BaseException) -> None:
        self._error = error
        self._ready.set()

    def _withdrawn(self) -> None:
        """Cancelled while it waited: it ends without an answer."""
        self._ended = True
        self._ready.set()

    # --- the caller's side ------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    @property
    def completion(self) -> Completion | None:  # type: ignore[override]
        return self._completion

    @property
    def done(self) -> bool:
        inner = self._inner
        if inner is not None:
            return inner.done
        return self._ended or self._error is not None

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            inner = self._inner
        if inner is not None:
            inner.cancel()
        else:
            self._group._withdraw(self)

    def get(self, timeout: float | None = None) -> HandleEvent | None:
        start = time.monotonic()
        if not self._ready.wait(timeout):
            raise queue.Empty
        if self._error is not None:
            if self._delivered_end:
                return None
            self._delivered_end = True
            raise self._error
        inner = self._inner
        if inner is None:  # withdrawn before it started
            if self._delivered_end:
                return None
            self._delivered_end = True
            ms = (self._group.clock() - self.submitted) * 1000.0
            self._completion = Completion("", "cancelled", Usage(0, 0), Timings(0, 0, 0, 0, 0, ms, ms, ms),
                                          self._group.name, 0)
            return self._completion
        left = None if timeout is None else max(0.0, timeout - (time.monotonic() - start))
        event = inner.get(left)
        if isinstance(event, Completion):
            t, wait = event.timings, self._wait_ms
            event = dataclasses.replace(event, timings=dataclasses.replace(
                t, ttft_ms=t.ttft_ms + wait, total_ms=t.total_ms + wait, queued_ms=t.queued_ms + wait))
            self._completion = event
        return event

    def wait(self, timeout: float | None = None) -> bool:
        start = time.monotonic()
        if not self._ready.wait(timeout):
            return False
        inner = self._inner
        if inner is None:
            return True
        return inner.wait(None if timeout is None else max(0.0, timeout - (time.monotonic() - start)))

    def __getattr__(self, name: str) -> Any:
        # slot, worker, token_times, error, prompt_progress: the worker's handle's, once it has one
        inner = self.__dict__.get("_inner")
        if inner is None:
            if name in ("slot", "token_times", "error", "prompt_progress"):
                return None
            if name == "worker":
                return self.__dict__["_group"].name
            raise AttributeError(name)
        return getattr(inner, name)


class Group:
    """A model's instances, answering as one worker. Thread-safe."""

    def __init__(self, name: str, instances: Sequence[Any], *, clock: Callable[[], float] = time.monotonic) -> None:
        if not instances:
            raise ValueError("a group needs at least one instance")
        self.name = name
        self.instances = list(instances)
        self.clock = clock
        self.last_used = clock()
        self.steals = 0
        n = len(self.instances)
        self._capacity = [max(1, w.stats().slots_total) for w in self.instances]
        self._inflight = [0] * n
        self._inflight_bulk = [0] * n  # of those, bulk requests (each may give its slot to an interactive one)
        self._backlog: list[Backlog[PooledHandle]] = [Backlog(PriorityPolicy(clock=clock)) for _ in range(n)]
        self._done_at: list[deque[tuple[float, int]]] = [deque() for _ in range(n)]
        self._speed: list[float | None] = [None] * n  # generation tokens/s of recent requests (moving average)
        self._recent: deque[RequestFigures] = deque(maxlen=_RECENT)
        self._homes: OrderedDict[str, int] = OrderedDict()
        self._cond = threading.Condition()
        self._closing = False
        self._thread: threading.Thread | None = None
        if n > 1:
            self._thread = threading.Thread(target=self._dispatch, name=f"llorch-pool-{name}", daemon=True)
            self._thread.start()

    @classmethod
    def build(cls, name: str, n: int, make: Callable[[], Any], *, clock: Callable[[], float] = time.monotonic) -> Group:
        """`n` instances from `make()`, named NAME#1, NAME#2, ... when there are several; if one fails
        to load, those already loaded are closed."""
        workers: list[Any] = []
        try:
            for i in range(n):
                worker = make()
                if n > 1:
                    worker.name = f"{name}#{i + 1}"
                workers.append(worker)
        except BaseException:
            for worker in workers:
                worker.close()
            raise
        return cls(name, workers, clock=clock)

    # --- the worker interface -----------------------------------------------------

    def info(self) -> ModelInfo:
        info: ModelInfo = self.instances[0].info()
        return info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(self.instances[0].tokenize(text, add_bos=add_bos, special=special))

    def render_prompt(self, request: Request) -> str:
        return str(self.instances[0].render_prompt(request))

    def call(self, fn: Any) -> Any:
        """Run `fn` on the first instance's own thread (benchmarks)."""
        return self.instances[0].call(fn)

    def generate(self, request: Request) -> Iterator[Event]:
        stream: Iterator[Event] = self.submit(request).stream()
        return stream

    def warm(self, request: Request) -> Any:
        """Warm every instance: each keeps its own KV cache."""
        handles = [worker.warm(request) for worker in self.instances]
        return handles[0]

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False,
               instance: int | None = None) -> Any:
        """Route `request` to an instance (or to `instance`, 0-based, when given); see the module docstring."""
        self.last_used = self.clock()
        if len(self.instances) == 1:
            worker = self.instances[0]
            handle = worker.submit(request, save_state=save_state, stamps=stamps)
            handle.route = Route(worker.name, 0, "the only instance")
            self._started(0, handle)
            return handle
        key = affinity_key(request)
        with self._cond:
            if self._closing:
                raise GenerationError(f"{self.name} was closed; load it again")
            if instance is not None:
                if not 0 <= instance < len(self.instances):
                    raise ValueError(f"{self.name} has {len(self.instances)} instance(s), not {instance + 1}")
                target, reason = instance, f"sent to instance {instance + 1}"
            else:
                target, reason = self._choose(key)
            handle = PooledHandle(self, request, key, reason, save_state=save_state, stamps=stamps)
            handle.route = Route(self.name, target, reason)
            self._backlog[target].push(handle, request.priority)
            self._cond.notify_all()
        return handle

    def stats(self) -> WorkerStats:
        """All instances together (queued counts the group's backlog too)."""
        parts = [w.stats() for w in self.instances]
        with self._cond:
            waiting = sum(len(b) for b in self._backlog)
            bulk = sum(b.count(BULK) for b in self._backlog)
        kv = KVStats(*(sum(getattr(p.kv, f.name) for p in parts) for f in dataclasses.fields(KVStats)))
        return WorkerStats(
            self.name, sum(p.slots_busy for p in parts), sum(p.slots_total for p in parts),
            sum(p.queued for p in parts) + waiting, kv, sum(p.requests for p in parts), sum(p.tokens_in for p in parts),
            sum(p.tokens_out for p in parts), sum(p.preemptions for p in parts), sum(p.drafted for p in parts),
            sum(p.accepted for p in parts), sum(p.queued_bulk for p in parts) + bulk, sum(p.paused for p in parts),
        )

    def instance_stats(self) -> list[WorkerStats]:
        return [w.stats() for w in self.instances]

    def tokens_per_s(self, instance: int | None = None) -> float:
        """Tokens generated per second over the last half minute (one instance, or all)."""
        now = self.clock()
        which = range(len(self.instances)) if instance is None else (instance,)
        with self._cond:
            total = 0
            for i in which:
                window = self._done_at[i]
                while window and now - window[0][0] > _RATE_WINDOW_S:
                    window.popleft()
                total += sum(n for _, n in window)
        return total / _RATE_WINDOW_S

    def recent(self) -> list[RequestFigures]:
        """The last few finished requests, newest first."""
        with self._cond:
            return list(self._recent)[::-1]

    def busy(self) -> bool:
        """Whether any request is waiting or running on any instance."""
        with self._cond:
            if any(self._inflight) or any(self._backlog):
                return True
        return any(s.slots_busy or s.queued for s in (w.stats() for w in self.instances))

    def close(self) -> None:
        """Stop routing, fail what still waits, then close every instance."""
        with interrupts.deferred():  # the routing thread stops before the instances it submits to close
            self._close()

    def _close(self) -> None:
        with self._cond:
            self._closing = True
            waiting = [h for b in self._backlog for h in b]
            for b in self._backlog:
                b.clear()
            self._cond.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        for handle in waiting:
            handle._fail(GenerationError(f"{self.name} was closed while the request waited"))
        for worker in self.instances:
            worker.close()

    # --- routing ------------------------------------------------------------------

    def _load(self, i: int) -> tuple[float, float]:
        """Busy slots and queue over capacity, then measured speed (an unmeasured instance counts as the fastest)."""
        known = [s for s in self._speed if s is not None]
        speed = self._speed[i]
        return (self._inflight[i] + len(self._backlog[i])) / self._capacity[i], -(speed if speed is not None else max(known, default=0.0))

    def _choose(self, key: str) -> tuple[int, str]:
        n = len(self.instances)
        free = [i for i in range(n) if self._inflight[i] + len(self._backlog[i]) < self._capacity[i]]
        home = self._homes.get(key)
        if home is not None and home in free:
            return home, "holds this conversation's KV prefix"
        if free:
            best = min(free, key=self._load)
            busy = self._inflight[best] + len(self._backlog[best])
            reason = f"least loaded ({busy}/{self._capacity[best]} slots busy)"
            if home is not None:
                reason += f"; instance {home + 1}, which holds this conversation, is busy"
            return best, reason
        target = home if home is not None else min(range(n), key=self._load)
        return target, "every slot is busy: waits for the first free one"

    def _withdraw(self, handle: PooledHandle) -> None:
        with self._cond:
            for backlog in self._backlog:
                if handle in backlog:
                    backlog.remove(handle)
                    handle._withdrawn()
                    self._cond.notify_all()
                    return

    def _take(self, i: int, steal: bool) -> tuple[PooledHandle, bool] | None:
        """Instance i's next request: its own next (interactive first), else (`steal`) the next of the
        longest other backlog."""
        if self._backlog[i]:
            return self._backlog[i].pop(), False
        if not steal:
            return None
        others = [j for j in range(len(self.instances)) if j != i and self._backlog[j]]
        if not others:
            return None
        victim = max(others, key=lambda j: len(self._backlog[j]))
        self.steals += 1
        return self._backlog[victim].pop(), True

    def _dispatch(self) -> None:
        """The group's thread: give each free slot the next waiting request (its own, else a stolen one)."""
        while True:
            starts: list[tuple[int, PooledHandle, bool]] = []
            with self._cond:
                while not self._closing and not self._startable():
                    self._cond.wait()
                if self._closing:
                    return
                # Each instance takes its own waiting requests first; then free slots steal; then
                # instances answering bulk work take interactive requests beyond their slots.
                for steal in (False, True):
                    for i in sorted(range(len(self.instances)), key=self._load):
                        while self._inflight[i] < self._capacity[i]:
                            taken = self._take(i, steal)
                            if taken is None:
                                break
                            self._started_one(i, taken[0])
                            starts.append((i, *taken))
                for i in sorted(range(len(self.instances)), key=self._load):
                    while self._inflight[i] < self._capacity[i] + self._inflight_bulk[i]:
                        taken = self._take_interactive(i)
                        if taken is None:
                            break
                        self._started_one(i, taken[0])
                        starts.append((i, *taken))
            for i, handle, stolen in starts:
                self._start(i, handle, stolen)

    def _started_one(self, i: int, handle: PooledHandle) -> None:
        self._inflight[i] += 1
        if handle.request.priority == BULK:
            self._inflight_bulk[i] += 1

    def _take_interactive(self, i: int) -> tuple[PooledHandle, bool] | None:
        """The oldest interactive request waiting for instance i, else for another (stolen)."""
        for j in [i] + [j for j in range(len(self.instances)) if j != i]:
            handle = self._backlog[j].first(INTERACTIVE)
            if handle is not None:
                self._backlog[j].take(handle)
                if j != i:
                    self.steals += 1
                return handle, j != i
        return None

    def _startable(self) -> bool:
        if not any(self._backlog):
            return False
        n = len(self.instances)
        if any(self._inflight[i] < self._capacity[i] for i in range(n)):
            return True
        return any(b.count(INTERACTIVE) for b in self._backlog) and any(
            self._inflight[i] < self._capacity[i] + self._inflight_bulk[i] for i in range(n))

    def _start(self, i: int, handle: PooledHandle, stolen: bool) -> None:
        worker = self.instances[i]
        try:
            inner = worker.submit(handle.request, save_state=handle.save_state, stamps=handle.stamps)
        except BaseException as exc:  # a bad request, a prompt too long: the caller's to see
            with self._cond:
                self._inflight[i] -= 1
                self._inflight_bulk[i] -= handle.request.priority == BULK
                self._cond.notify_all()
            handle._fail(exc)
            return
        with self._cond:
            self._homes[handle.key] = i
            self._homes.move_to_end(handle.key)
            while len(self._homes) > _HOMES:
                self._homes.popitem(last=False)
        handle._attach(inner, i, worker.name, stolen)
        bulk = handle.request.priority == BULK
        inner.on_done(lambda h, i=i: self._finished(i, h, counted=True, bulk=bulk))

    def _started(self, i: int, handle: Handle) -> None:
        handle.on_done(lambda h: self._finished(i, h, counted=False))

    def _finished(self, i: int, handle: Handle, *, counted: bool, bulk: bool = False) -> None:
        """On the worker's thread, when a request ends: its slot is free for the next."""
        completion = handle.completion
        with self._cond:
            if counted:
                self._inflight[i] -= 1
                self._inflight_bulk[i] -= bulk
            now = self.clock()
            self.last_used = now
            if completion is not None and completion.usage.completion_tokens:
                self._done_at[i].append((now, completion.usage.completion_tokens))
                speed, last = completion.timings.tg_tokens_per_s, self._speed[i]
                if speed > 0:
                    self._speed[i] = speed if last is None else 0.7 * last + 0.3 * speed
            self._recent.append(_figures(i, handle, completion, counted))
            self._cond.notify_all()


def _figures(i: int, handle: Handle, completion: Completion | None, counted: bool) -> RequestFigures:
    """What `llorch top` shows of a finished request (a few attribute reads: it runs on the worker's thread)."""
    if completion is None:
        return RequestFigures(time.time(), i + 1, 0, 0, 0.0, 0.0, "error")
    route = handle.route
    wait = route.queued_ms if counted and isinstance(route, Route) else 0.0  # its wait in the group's backlog
    t = completion.timings
    return RequestFigures(time.time(), i + 1, completion.usage.prompt_tokens, completion.usage.completion_tokens,
                          round(t.ttft_ms + wait, 1), round(t.tg_tokens_per_s, 2), completion.finish_reason)
