"""The two-queue backlog and its policy: interactive first, bulk never starves (an injected clock)."""

from __future__ import annotations

import pytest

from llorch.engine.types import Request
from llorch.orchestra.priority import BULK, INTERACTIVE, Backlog, PriorityPolicy


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def drain(backlog: Backlog[str]) -> list[str]:
    return [backlog.pop() for _ in range(len(backlog))]


def test_interactive_work_starts_before_bulk_work_queued_earlier() -> None:
    backlog: Backlog[str] = Backlog(PriorityPolicy(clock=Clock()))
    for i in range(3):
        backlog.push(f"b{i}", BULK)
    backlog.push("i0", INTERACTIVE)
    backlog.push("i1")  # interactive is the default
    assert backlog.count(BULK) == 3 and backlog.count(INTERACTIVE) == 2 and len(backlog) == 5
    assert drain(backlog) == ["i0", "i1", "b0", "b1", "b2"]
    assert not backlog


def test_a_bulk_request_starts_after_every_fourth_interactive_start() -> None:
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=4, clock=Clock()))
    backlog.push("b0", BULK)
    backlog.push("b1", BULK)
    for i in range(10):
        backlog.push(f"i{i}")
    assert drain(backlog) == ["i0", "i1", "i2", "i3", "b0", "i4", "i5", "i6", "i7", "b1", "i8", "i9"]


def test_a_bulk_request_waiting_ten_seconds_goes_next() -> None:
    clock = Clock()
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=100, max_wait_s=10.0, clock=clock))
    backlog.push("b0", BULK)
    backlog.push("b1", BULK)
    clock.now += 9.9
    backlog.push("i0")
    backlog.push("i1")
    backlog.push("i2")
    assert backlog.pop() == "i0"
    clock.now += 0.1  # b0 has waited 10 s
    assert backlog.pop() == "b0"
    assert backlog.pop() == "i1"  # b1's wait counts from b0's start
    clock.now += 10.0
    assert backlog.pop() == "b1"
    assert backlog.pop() == "i2"


def test_bulk_wait_counts_from_when_it_began_to_wait_not_from_an_old_start() -> None:
    clock = Clock()
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=100, max_wait_s=10.0, clock=clock))
    backlog.push("b0", BULK)
    assert backlog.pop() == "b0"  # nothing else waited
    clock.now += 60.0  # no bulk work for a minute
    backlog.push("b1", BULK)
    backlog.push("i0")
    assert backlog.pop() == "i0"  # b1 has not waited yet
    backlog.remove("b1")  # withdrawn: the next bulk request's wait starts afresh
    clock.now += 60.0
    backlog.push("b2", BULK)
    backlog.push("i1")
    assert backlog.pop() == "i1"


def test_a_bulk_wait_behind_other_bulk_work_alone_does_not_make_it_due() -> None:
    """Bulk work waiting a minute for slots held by bulk work was not passed over: the first
    interactive request still goes first; once it has, the bulk request's wait counts."""
    clock = Clock()
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=100, max_wait_s=10.0, clock=clock))
    backlog.push("b0", BULK)
    clock.now += 60.0
    backlog.push("i0")
    backlog.push("i1")
    assert backlog.pop() == "i0"
    assert backlog.pop() == "b0"  # passed over once, after more than ten seconds of waiting
    assert backlog.pop() == "i1"


def test_under_a_steady_stream_of_interactive_work_bulk_work_keeps_moving() -> None:
    """No starvation: each bulk request starts within `every` interactive starts, whatever the arrivals."""
    clock = Clock()
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=4, max_wait_s=10.0, clock=clock))
    for i in range(20):
        backlog.push(f"b{i}", BULK)
    order: list[str] = []
    for step in range(100):
        backlog.push(f"i{step}")  # a new interactive request for every start
        order.append(backlog.pop())
        clock.now += 0.01
    bulk_at = [i for i, name in enumerate(order) if name.startswith("b")]
    assert [order[i] for i in bulk_at] == [f"b{i}" for i in range(20)]  # in their own order
    assert all(b - a <= 5 for a, b in zip([-1, *bulk_at], bulk_at))


def test_held_items_keep_their_place_and_do_not_count_as_starts() -> None:
    backlog: Backlog[str] = Backlog(PriorityPolicy(every=1, clock=Clock()))
    backlog.push("b0", BULK)
    backlog.push("i0")
    backlog.push("i1")
    found = backlog.next()
    assert found == ("i0", INTERACTIVE)
    assert backlog.take("i0", started=False) == INTERACTIVE  # held back, e.g. waiting for a prefix
    assert backlog.pop() == "i1"
    backlog.push("i0", INTERACTIVE, front=True)
    assert "i0" in backlog and backlog.priority_of("i0") == INTERACTIVE
    assert drain(backlog) == ["b0", "i0"]  # one interactive start made the bulk request due


def test_a_request_names_a_known_priority() -> None:
    assert Request(prompt="x").priority == INTERACTIVE
    assert Request(prompt="x", priority="bulk").priority == BULK
    with pytest.raises(ValueError, match="priority must be one of interactive, bulk"):
        Request(prompt="x", priority="urgent")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        PriorityPolicy(every=0)
    with pytest.raises(IndexError):
        Backlog[str]().pop()
