"""One breaker book per process: concurrent requests share each model's breaker, and the store sees every outcome."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest

from llorch.config import load_config, resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.errors import GenerationError, LlorchError
from llorch.resilience.book import BreakerBook
from llorch.resilience.breaker import BreakerState
from llorch.runtime import Runtime, TurnDone
from llorch.store import open_store

WAVES, CONCURRENT = 4, 4


def test_concurrent_waves_share_one_breaker_and_record_every_real_outcome(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    paths = resolve_paths()
    write_toml_atomic(paths.config_file, {"breaker": {"consecutive_failures": 3, "wait_seconds": 600.0,
                                                      "max_wait_seconds": 600.0, "jitter": 0.0}})
    failing = FakeBackend([GenerationError("the model failed")] * 100, name="m")
    rt = Runtime(paths, load_config(paths), open_model=lambda path, options, name: failing)
    calls_by_wave: list[int] = []
    caplog.set_level(logging.INFO, logger="llorch")
    with rt:
        for _wave in range(WAVES):
            before = len(failing.history)
            start = threading.Barrier(CONCURRENT)
            outcomes: list[str] = []

            def ask() -> None:
                start.wait(timeout=10)
                try:
                    done = [e for e in rt.ask("hi", model=str(model), cache=False) if isinstance(e, TurnDone)]
                    outcomes.append(done[-1].status if done else "none")
                except LlorchError as exc:
                    outcomes.append(type(exc).__name__)

            threads = [threading.Thread(target=ask) for _ in range(CONCURRENT)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=30)
            assert not any(t.is_alive() for t in threads) and len(outcomes) == CONCURRENT
            calls_by_wave.append(len(failing.history) - before)
        breaker = rt.book.get(str(model))
        stats = breaker.stats()
    # The first wave trips the breaker (3 failures in a row; a fourth call may already have been let
    # through); no later wave reaches the model while it waits.
    assert 3 <= calls_by_wave[0] <= CONCURRENT and calls_by_wave[1:] == [0] * (WAVES - 1)
    reached = sum(calls_by_wave)
    assert stats["state"] == "open" and stats["total_calls"] == reached and stats["total_failures"] == reached
    transitions = [r for r in caplog.records if "closed -> open" in r.getMessage()]
    assert len(transitions) == 1
    # Written through: another process reading the store sees the open breaker and the failures.
    with open_store(paths) as store:
        later = BreakerBook(store).get(str(model))
        assert later.state == BreakerState.OPEN and later.stats()["consecutive_failures"] >= 3


def test_a_long_running_book_takes_up_a_change_made_by_hand_in_another_process(tmp_path: Path) -> None:
    from llorch.resilience.breaker import BreakerConfig, FakeClock
    from llorch.store.db import Store

    clock = FakeClock(1000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        server = BreakerBook(store, BreakerConfig(consecutive_failures=1, jitter=0.0), clock=clock)
        server.get("m").acquire().failure("error")
        server.save("m")
        assert server.get("m").state == BreakerState.OPEN
        BreakerBook(store).get("m").close("closed with `llorch breakers close`")  # another process, by hand
        assert server.get("m").state == BreakerState.OPEN  # not looked at again within the second
        clock.advance(BreakerBook.REFRESH_S)
        assert server.get("m").state == BreakerState.CLOSED
        # Its own writes are not taken for another process's: the state carries on.
        server.get("m").acquire().failure("error")
        server.save("m")
        clock.advance(BreakerBook.REFRESH_S)
        assert server.get("m").state == BreakerState.OPEN
        BreakerBook(store).forget("m")  # `llorch breakers reset` elsewhere
        clock.advance(BreakerBook.REFRESH_S)
        assert server.get("m").state == BreakerState.CLOSED


def test_a_breaker_opened_by_hand_is_not_written_over_by_a_running_answers_outcome(tmp_path: Path) -> None:
    """A live process wrote its stale "closed" over `llorch breakers open` made a moment before (3 of 3 tries)."""
    from llorch.resilience.breaker import BreakerConfig, FakeClock
    from llorch.store.db import Store

    clock = FakeClock(1000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        server = BreakerBook(store, BreakerConfig(jitter=0.0), clock=clock)
        permit = server.get("m").acquire()  # an answer under way
        BreakerBook(store).open_by_hand("m", "forced open with `llorch breakers open`")  # another process
        permit.success(0.1)
        server.save("m")  # (within the second: not yet looked at again)
        assert BreakerBook(store).get("m").state == BreakerState.FORCED_OPEN  # the row by hand stands
        assert server.get("m").state == BreakerState.FORCED_OPEN  # and the running process took it up
        server.close_by_hand("m", "closed with `llorch top`")  # by hand in this process: written as it is
        assert BreakerBook(store).get("m").state == BreakerState.CLOSED


def test_a_change_by_hand_that_cannot_be_saved_is_an_error(tmp_path: Path) -> None:
    from llorch.errors import StoreError
    from llorch.store.db import Store

    path = tmp_path / "db.sqlite"
    with Store.open(path) as store:
        book = BreakerBook(store)
        book.get("m")

        def refuse(model: str, data: str) -> None:
            raise StoreError(f"could not save to {path}: the database or its folder is read-only")

        store.save_breaker = refuse  # type: ignore[method-assign]
        with pytest.raises(StoreError, match="read-only"):
            book.open_by_hand("m", "forced open with `llorch breakers open`")
        book.get("n").acquire().success(0.1)
        book.save("n")  # (an answer's outcome that cannot be saved is a warning: the answer stands)
