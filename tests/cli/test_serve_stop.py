"""`llorch serve`'s stop on Ctrl-C / SIGTERM (cli/serve.py's _Drain): what runs in the signal handler, and the drain."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

from support import reentered_at_every_line

from llorch.cli.serve import _Drain


def _draining(seconds: float = 30.0) -> tuple[_Drain, Any, list[str]]:
    closed: list[str] = []
    server = SimpleNamespace(should_exit=False)
    return _Drain(server, seconds, lambda: closed.append("closed")), server, closed


def test_a_ctrl_c_inside_the_first_ones_handler_never_hangs_the_server() -> None:
    """A second Ctrl-C 0-300 ms after the first ran its handler inside the first one's, at whatever line that
    was: the stop's Event.set() then waited on the lock its own thread held, and the server hung for good
    (no "Shutting down", the drain thread stuck too; CI's signal stress, 1 try in 60)."""
    draining, server, _ = _draining()
    lines = reentered_at_every_line(draining.stop)
    assert lines >= 2  # the handler's own lines were each tried
    assert server.should_exit and draining.stopped


def test_after_a_stop_the_drain_gives_answers_their_seconds_then_closes_the_models() -> None:
    draining, server, closed = _draining(seconds=0)
    runner = threading.Thread(target=draining.run)
    runner.start()
    draining.stop()
    assert draining.drained.wait(30)
    runner.join(30)
    assert server.should_exit and closed == ["closed"]


def test_a_server_that_ended_within_the_drain_closes_nothing_itself() -> None:
    draining, _, closed = _draining(seconds=30)
    runner = threading.Thread(target=draining.run)
    runner.start()
    draining.stop()
    draining.finished.set()  # the running answers ended, uvicorn returned
    assert draining.drained.wait(30)
    runner.join(30)
    assert closed == []


def test_a_server_that_ended_without_a_stop_leaves_the_drain_thread_at_once() -> None:
    draining, server, closed = _draining()
    runner = threading.Thread(target=draining.run)
    runner.start()
    draining.finished.set()  # e.g. uvicorn could not start
    assert draining.drained.wait(30)
    runner.join(30)
    assert closed == [] and not server.should_exit
