"""Chaos runs: the real llama.cpp engine on tiny GGUF models, a real store, faults injected into the primary.

The breaker's clock is a FakeClock, so waits pass without sleeping; the models, the
store and the time limits around each call are real.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from llorch.chat.conversation import Conversation
from llorch.chat.events import Skipped, TurnDone
from support import llama_worker
from llorch.engine.types import EngineOptions, Message, Request, Sampling
from llorch.orchestra.pool import Pool
from llorch.resilience import BreakerConfig, BreakerState, CallLimits, FakeClock, FaultSpec
from llorch.resilience.book import BreakerBook
from llorch.resilience.chain import FallbackChain
from llorch.store.db import Store

OPTS = EngineOptions(n_ctx=256, threads=1)
SAMPLING = Sampling(max_tokens=4, seed=1, temperature=0.0)
BREAKER = BreakerConfig(consecutive_failures=3, wait_seconds=30, jitter=0.0, minimum_calls=5)


@pytest.fixture
def models(tiny_chat_model: Path, tmp_path: Path) -> tuple[str, str]:
    """Two distinct model files: the primary and its backup."""
    primary = tmp_path / "primary.gguf"
    primary.write_bytes(tiny_chat_model.read_bytes())
    return str(primary), str(tiny_chat_model)


def _setup(store: Store, chain: tuple[str, ...], faults: dict[str, FaultSpec], clock: FakeClock,
           limits: CallLimits | None = None) -> Conversation:
    cache = Pool(lambda ref: llama_worker(Path(ref), OPTS, name=ref), budget_bytes=1 << 30)
    book = BreakerBook(store, BREAKER, clock=clock)
    fallback = FallbackChain(cache, book, store, limits=limits or CallLimits(ttft_s=10, inter_token_s=10), faults=faults,
                             profile="chaos")
    return Conversation(store, cache, model_ref=chain[0], chain=chain, sampling=SAMPLING, fallback=fallback)


def _ask(conv: Conversation, n: int, *, new_session_each: bool = False) -> list[TurnDone]:
    done: list[TurnDone] = []
    for i in range(n):
        if new_session_each:
            conv.new_session()
        events = list(conv.send(f"question {i}"))
        assert isinstance(events[-1], TurnDone)
        done.append(events[-1])
    return done


def test_primary_failing_every_call_the_chain_answers_and_loses_nothing(tmp_path: Path, models: tuple[str, str]) -> None:
    primary, backup = models
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (primary, backup), {primary: FaultSpec(error_rate=1.0)}, clock)
        try:
            done = _ask(conv, 60, new_session_each=True)
        finally:
            conv.close()
        answered = [d for d in done if d.status == "complete" and d.source is not None]
        assert len(answered) / len(done) >= 0.99
        assert all(d.source.kind == "model" and d.source.model == backup and d.source.fallback for d in answered)  # type: ignore[union-attr]
        assert BreakerBook(store, BREAKER, clock=clock).get(primary).state == BreakerState.OPEN  # persisted
        stored = [[m.role for m in store.messages(s.id)] for s in store.list_sessions(100)]
        assert stored.count(["user", "assistant"]) == 60 and sum(map(len, stored)) == 120  # no message lost


def test_a_hang_ends_within_the_timeout_plus_the_backup(tmp_path: Path, models: tuple[str, str]) -> None:
    primary, backup = models
    clock = FakeClock(1_000_000.0)
    limits = CallLimits(ttft_s=0.5, inter_token_s=0.5)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (primary, backup), {primary: FaultSpec(hang_rate=1.0)}, clock, limits)
        conv.models.get(backup), conv.models.get(primary)  # loading is not part of the answer's time
        try:
            # Time the backup alone, then the hanging runs.
            solo = time.perf_counter()
            warm = Request(messages=(Message("user", "warm"),), sampling=SAMPLING)
            list(conv.fallback.run((backup,), lambda b: warm, "warm"))  # type: ignore[union-attr]
            backup_s = time.perf_counter() - solo
            timings = []
            for i in range(5):
                start = time.perf_counter()
                events = list(conv.send(f"hang {i}"))
                timings.append(time.perf_counter() - start)
                assert isinstance(events[-1], TurnDone) and events[-1].status == "complete"
                assert events[-1].source is not None and events[-1].source.model == backup
        finally:
            conv.close()
        slack = 2.0  # thread hand-off and a busy shared host
        assert max(timings[:3]) <= limits.ttft_s + backup_s + slack, timings  # type: ignore[operator]
        # After three timeouts the breaker is open: the primary is skipped without waiting at all.
        assert max(timings[3:]) < limits.ttft_s, timings  # type: ignore[operator]


def test_after_the_fault_clears_the_breaker_closes_within_its_wait_plus_one_probe(tmp_path: Path, models: tuple[str, str]) -> None:
    primary, backup = models
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (primary, backup), {primary: FaultSpec(error_rate=1.0)}, clock)
        try:
            _ask(conv, 3)
            breaker = conv.fallback.book.get(primary)  # type: ignore[union-attr]
            assert breaker.state == BreakerState.OPEN
            conv.fallback.faults.clear()  # type: ignore[union-attr]
            clock.advance(BREAKER.wait_seconds - 1)
            (early,) = _ask(conv, 1)
            assert early.source is not None and early.source.model == backup  # still waiting: skipped
            clock.advance(1)
            (probe,) = _ask(conv, 1)  # the wait is over: this request is the probe
            assert probe.source is not None and probe.source.model == primary and not probe.source.fallback
            assert breaker.state == BreakerState.CLOSED
        finally:
            conv.close()


def test_a_corrupt_model_file_trips_its_breaker_and_the_next_model_answers(tmp_path: Path, tiny_chat_model: Path) -> None:
    corrupt = tmp_path / "corrupt.gguf"
    corrupt.write_bytes(tiny_chat_model.read_bytes()[:4096])  # truncated mid-tensor-data
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (str(corrupt), str(tiny_chat_model)), {}, clock)
        try:
            events = list(conv.send("hello"))
            skipped = [e for e in events if isinstance(e, Skipped)]
            assert skipped and skipped[0].model == str(corrupt)
            done = events[-1]
            assert isinstance(done, TurnDone) and done.status == "complete"
            assert done.source is not None and done.source.model == str(tiny_chat_model)
            _ask(conv, 2)
            assert conv.fallback.book.get(str(corrupt)).state == BreakerState.OPEN  # type: ignore[union-attr]
            # A later process reads the open breaker from the store and skips the file at once.
            later = BreakerBook(store, BREAKER, clock=clock).get(str(corrupt))
            assert later.state == BreakerState.OPEN and later.retry_in() == pytest.approx(BREAKER.wait_seconds)
        finally:
            conv.close()


def test_all_models_down_then_the_cache_then_a_degraded_answer(tmp_path: Path, models: tuple[str, str]) -> None:
    primary, backup = models
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (primary, backup), {}, clock)
        try:
            (first,) = _ask(conv, 1)
            assert first.source is not None and first.source.kind == "model"
            conv.fallback.faults.update({primary: FaultSpec(error_rate=1.0), backup: FaultSpec(error_rate=1.0)})  # type: ignore[union-attr]
            events = list(conv.send("  QUESTION   0 "))  # the same question, spelled differently
            done = events[-1]
            assert isinstance(done, TurnDone) and done.status == "complete"
            assert done.source is not None and done.source.kind == "cache" and done.text == first.text
            events = list(conv.send("a question never answered"))
            done = events[-1]
            assert isinstance(done, TurnDone) and done.status == "error" and done.source is not None
            assert done.source.kind == "degraded" and done.text.startswith("No model could answer.")
            assert "injected fault" in done.text
        finally:
            conv.close()


def test_a_health_check_probes_a_recovering_model_so_requests_need_not(tmp_path: Path, models: tuple[str, str]) -> None:
    primary, backup = models
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (primary, backup), {primary: FaultSpec(error_rate=1.0)}, clock)
        fallback = conv.fallback
        assert fallback is not None and fallback.book is not None
        try:
            _ask(conv, 3)
            breaker = fallback.book.get(primary)
            assert not fallback.check(primary) and breaker.state == BreakerState.OPEN  # still waiting: nothing sent
            clock.advance(BREAKER.wait_seconds)
            assert not fallback.check(primary)  # the probe fails: open again, for twice as long
            assert breaker.state == BreakerState.OPEN and breaker.retry_in() == pytest.approx(2 * BREAKER.wait_seconds)
            fallback.faults.clear()
            clock.advance(2 * BREAKER.wait_seconds)
            assert fallback.check(primary) and breaker.state == BreakerState.CLOSED
            (next_answer,) = _ask(conv, 1)
            assert next_answer.source is not None and next_answer.source.model == primary
        finally:
            conv.close()


def test_a_model_that_is_not_there_is_passed_over_without_opening_its_breaker(
        tmp_path: Path, models: tuple[str, str]) -> None:
    """`llorch run -m nosuch-model` three times opened nosuch-model's breaker, and then said "breaker open"
    instead of "not found" (and `serve`'s /health said degraded): a missing model has not failed."""
    _primary, backup = models
    missing = str(tmp_path / "not-pulled-yet.gguf")
    clock = FakeClock(1_000_000.0)
    with Store.open(tmp_path / "db.sqlite") as store:
        conv = _setup(store, (missing, backup), {}, clock)
        try:
            done = _ask(conv, 4, new_session_each=True)
        finally:
            conv.close()
        assert all(d.status == "complete" and d.source is not None and d.source.model == backup for d in done)
        breaker = BreakerBook(store, BREAKER, clock=clock).get(missing)
        assert breaker.state == BreakerState.CLOSED and breaker.stats()["window_failures"] == 0
