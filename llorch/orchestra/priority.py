"""Priorities: interactive requests go ahead of bulk ones, and bulk ones never starve.

A request is "interactive" (someone is waiting for it: chat, `run`, API requests) or "bulk"
(background work: `run --each-line`, agents' fan-out, consensus extras, prefix warming).
A worker's waiting requests are a `Backlog`: two FIFO queues, and a `PriorityPolicy` that
says which of them starts next. Interactive requests start first, except that a bulk request
is due (and starts next) once `every` interactive requests have started since the last bulk start,
or once `max_wait_s` has passed since then (or since bulk work began to wait) and at least one
interactive request went ahead meanwhile: under a steady stream of interactive work, bulk work still
gets every fifth start and waits at most about ten seconds. (Bulk work that waits only for other bulk
work to end is not passed over, so its wait does not make it due: interactive requests then still go
first.)

The policy takes a clock, so tests drive time instead of sleeping. Not thread-safe: the owner
(a worker's scheduler thread, or a group under its lock) serialises the calls.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from llorch.engine.types import PRIORITIES, Priority

__all__ = ["BULK", "INTERACTIVE", "PRIORITIES", "Backlog", "Priority", "PriorityPolicy", "check_priority"]

INTERACTIVE: Priority = "interactive"
BULK: Priority = "bulk"

T = TypeVar("T")


def check_priority(value: str, where: str = "priority") -> Priority:
    """`value` as a Priority, else ValueError naming what is accepted."""
    if value == INTERACTIVE:
        return INTERACTIVE
    if value == BULK:
        return BULK
    raise ValueError(f"{where} = {value!r} must be one of {', '.join(PRIORITIES)}")


class PriorityPolicy:
    """Which queue starts next: interactive, unless a waiting bulk request is due (aging)."""

    def __init__(self, *, every: int = 4, max_wait_s: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        if every < 1 or max_wait_s <= 0:
            raise ValueError("every must be >= 1 and max_wait_s > 0")
        self.every = every
        self.max_wait_s = max_wait_s
        self._clock = clock
        self._interactive_since_bulk = 0
        self._bulk_mark: float | None = None  # last bulk start, or when bulk work began to wait

    def bulk_due(self) -> bool:
        """Whether waiting bulk work has been passed over long enough to go next (call only while some waits)."""
        if self._interactive_since_bulk >= self.every:
            return True
        return (self._interactive_since_bulk > 0 and self._bulk_mark is not None
                and self._clock() - self._bulk_mark >= self.max_wait_s)

    def pick(self, interactive: bool, bulk: bool) -> Priority | None:
        """The queue to start from, given which ones hold work (None: both empty)."""
        if bulk and (not interactive or self.bulk_due()):
            return BULK
        return INTERACTIVE if interactive else None

    def bulk_waiting(self) -> None:
        """Bulk work began to wait (its queue was empty): its wait counts from now."""
        if self._bulk_mark is None:
            self._bulk_mark = self._clock()

    def bulk_idle(self) -> None:
        """No bulk work waits any more (the last one was withdrawn): no wait to count."""
        self._bulk_mark = None

    def started(self, priority: Priority, *, bulk_left: bool) -> None:
        """A request of `priority` started; `bulk_left`: bulk work still waits after it."""
        if priority == BULK:
            self._interactive_since_bulk = 0
            self._bulk_mark = self._clock() if bulk_left else None
        else:
            self._interactive_since_bulk += 1


class Backlog(Generic[T]):
    """Waiting work in two FIFO queues, started in the order the policy says."""

    def __init__(self, policy: PriorityPolicy | None = None) -> None:
        self.policy = policy or PriorityPolicy()
        self._queues: dict[Priority, deque[T]] = {INTERACTIVE: deque(), BULK: deque()}
        self._of: dict[int, Priority] = {}  # id(item) -> its queue

    def push(self, item: T, priority: Priority = INTERACTIVE, *, front: bool = False) -> None:
        """Queue `item` at the back of its queue (`front`: first of its kind, e.g. set back while running)."""
        queue = self._queues[priority]
        if priority == BULK and not queue:
            self.policy.bulk_waiting()
        if front:
            queue.appendleft(item)
        else:
            queue.append(item)
        self._of[id(item)] = priority

    def next(self) -> tuple[T, Priority] | None:
        """The item that should start now, and its priority (left in place: `take` it once started)."""
        which = self.policy.pick(bool(self._queues[INTERACTIVE]), bool(self._queues[BULK]))
        return None if which is None else (self._queues[which][0], which)

    def first(self, priority: Priority) -> T | None:
        """The oldest item of `priority` (left in place), whatever the policy would start next."""
        queue = self._queues[priority]
        return queue[0] if queue else None

    def pop(self) -> T:
        """Take and start the next item (IndexError when empty)."""
        found = self.next()
        if found is None:
            raise IndexError("pop from an empty backlog")
        self.take(found[0])
        return found[0]

    def take(self, item: T, *, started: bool = True) -> Priority:
        """Remove `item`; `started` counts it as a start for the policy (not when it is merely held back)."""
        priority = self._of.pop(id(item))
        self._queues[priority].remove(item)
        if started:
            self.policy.started(priority, bulk_left=bool(self._queues[BULK]))
        return priority

    def remove(self, item: T) -> None:
        """Drop `item` without starting it (cancelled, withdrawn)."""
        if self.take(item, started=False) == BULK and not self._queues[BULK]:
            self.policy.bulk_idle()

    def priority_of(self, item: T) -> Priority:
        return self._of[id(item)]

    def count(self, priority: Priority) -> int:
        return len(self._queues[priority])

    def clear(self) -> None:
        for queue in self._queues.values():
            queue.clear()
        self._of.clear()

    def __contains__(self, item: object) -> bool:
        return id(item) in self._of

    def __len__(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def __bool__(self) -> bool:
        return any(self._queues.values())

    def __iter__(self) -> Iterator[T]:
        """Interactive items, then bulk ones (a copy: removing while iterating is safe)."""
        return iter([*self._queues[INTERACTIVE], *self._queues[BULK]])
