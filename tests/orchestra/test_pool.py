"""The pool: instances of a model behind one group (routing, affinity, work stealing), the memory
budget, keep-alive, and routing through the fallback chain. Fake workers; no llama.cpp."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.memory import Footprint
from llorch.engine.types import Completion, Event, Message, Request, Sampling
from llorch.errors import MemoryBudgetError
from llorch.orchestra.group import Group, affinity_key
from llorch.orchestra.pool import Pool
from llorch.orchestra.serial import SerialWorker
from llorch.resilience.book import BreakerBook
from llorch.resilience.breaker import BreakerConfig
from llorch.resilience.chain import Answered, FallbackChain, Skipped

WAIT = 10.0  # bounded waits only: a failure shows as a timeout, never a hang


class Gated(FakeBackend):
    """Each request waits on the test's gate (or a barrier) before it answers."""

    def __init__(self, name: str, *, gate: threading.Event | None = None, barrier: threading.Barrier | None = None,
                 **kwargs: object) -> None:
        super().__init__(name=name, **kwargs)  # type: ignore[arg-type]
        self.gate, self.barrier = gate, barrier
        self.started = threading.Semaphore(0)

    def generate(self, request: Request) -> Iterator[Event]:
        self.started.release()
        if self.barrier is not None:
            self.barrier.wait(WAIT)  # BrokenBarrierError unless another instance answers at the same time
        if self.gate is not None:
            assert self.gate.wait(WAIT)
        return super().generate(request)


def chat(*turns: str) -> Request:
    messages = tuple(Message("user" if i % 2 == 0 else "assistant", t) for i, t in enumerate(turns))
    return Request(messages=messages, sampling=Sampling(max_tokens=8, temperature=0.0))


def group_of(*backends: FakeBackend) -> Group:
    workers = [SerialWorker(b, name=f"m#{i + 1}") for i, b in enumerate(backends)]
    return Group("m", workers)


def test_one_instance_goes_straight_to_its_worker() -> None:
    g = group_of(FakeBackend(["hello there"]))
    try:
        handle = g.submit(chat("hi"))
        assert handle.result().text == "hello there"
        assert handle.route.worker == "m#1" and handle.route.reason == "the only instance"
    finally:
        g.close()


def test_an_idle_instance_steals_work_queued_for_another() -> None:
    """Every request is sent to instance 1; instance 2 takes some. The barrier only opens when
    both instances answer at once, so without stealing the first request fails."""
    barrier = threading.Barrier(2)
    a, b = Gated("a", barrier=barrier), Gated("b", barrier=barrier)
    g = group_of(a, b)
    try:
        handles = [g.submit(chat(f"q{i}"), instance=0) for i in range(6)]
        answers = [h.result() for h in handles]
        assert [c.text for c in answers] == [f"echo: q{i}" for i in range(6)]
        assert a.history and b.history and len(a.history) + len(b.history) == 6
        stolen = [h.route for h in handles if h.route.stolen]
        assert stolen and all(r.worker == "m#2" and "stolen from instance 1" in r.reason for r in stolen)
        assert g.steals == len(stolen)
    finally:
        g.close()


def _wall(instances: int, n: int = 8) -> float:
    backends = [FakeBackend(name=f"i{i}", token_delay=0.01) for i in range(instances)]
    for backend in backends:
        backend.enqueue(*["one two three four five"] * n)
    g = group_of(*backends)
    try:
        start = time.perf_counter()
        handles = [g.submit(chat(f"q{i}"), instance=0) for i in range(n)]
        assert all(h.result().text == "one two three four five" for h in handles)
        return time.perf_counter() - start
    finally:
        g.close()


def test_two_instances_with_stealing_finish_sooner_than_one() -> None:
    one, two = _wall(1), _wall(2)
    assert two < one * 0.75, (one, two)  # 8 requests x 50 ms: ~0.4 s alone, ~0.2 s shared


def test_least_loaded_instance_is_chosen_and_says_why() -> None:
    gate = threading.Event()
    a, b = Gated("a", gate=gate), Gated("b", gate=gate)
    g = group_of(a, b)
    try:
        first = g.submit(chat("first"))
        assert a.started.acquire(timeout=WAIT)  # instance 1 is answering (and held)
        second = g.submit(chat("second"))
        assert b.started.acquire(timeout=WAIT)
        gate.set()
        first.result(), second.result()
        assert first.route.worker == "m#1" and second.route.worker == "m#2"
        assert second.route.reason == "least loaded (0/1 slots busy)"
    finally:
        g.close()


def test_affinity_returns_a_conversation_to_the_instance_that_holds_it() -> None:
    g = group_of(FakeBackend(name="a"), FakeBackend(name="b"))
    try:
        g.submit(chat("plan a trip"), instance=1).result()
        follow_up = g.submit(chat("plan a trip", "where to?", "Rome"))
        follow_up.result()
        assert follow_up.route.worker == "m#2" and follow_up.route.reason == "holds this conversation's KV prefix"
        other = g.submit(chat("something else"))
        other.result()
        assert other.route.worker == "m#1"  # a new conversation: least loaded, first on a tie
    finally:
        g.close()
    assert affinity_key(chat("x", "y", "z")) == affinity_key(chat("x")) != affinity_key(chat("w"))


def test_a_request_cancelled_while_it_waits_never_runs() -> None:
    gate = threading.Event()
    a, b = Gated("a", gate=gate), Gated("b", gate=gate)
    g = group_of(a, b)
    try:
        running = [g.submit(chat(f"r{i}")) for i in range(2)]
        assert a.started.acquire(timeout=WAIT) and b.started.acquire(timeout=WAIT)
        waiting = g.submit(chat("never"))
        assert g.stats().queued == 1
        waiting.cancel()
        assert waiting.result().finish_reason == "cancelled" and waiting.done
        gate.set()
        assert all(h.result().finish_reason == "stop" for h in running)
        assert all(r.messages[0].content != "never" for r in a.history + b.history)
    finally:
        g.close()


def test_closing_a_group_fails_what_waits_with_a_clear_error() -> None:
    gate = threading.Event()
    g = group_of(Gated("a", gate=gate), Gated("b", gate=gate))
    handles = [g.submit(chat(f"q{i}")) for i in range(3)]
    closer = threading.Thread(target=g.close)
    closer.start()
    gate.set()
    closer.join(WAIT)
    assert not closer.is_alive()
    errors = []
    for h in handles:
        try:
            h.result()
        except Exception as exc:  # noqa: BLE001 - the waiting one fails, the running ones end
            errors.append(str(exc))
    assert any("was closed" in e for e in errors)


# --- the pool: instances, memory budget, keep-alive --------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_pool_loads_the_configured_instances_and_shows_them() -> None:
    made: list[FakeBackend] = []

    def load(ref: str) -> FakeBackend:
        made.append(FakeBackend(name=ref))
        return made[-1]

    pool = Pool(load, budget_bytes=1 << 30, instances=lambda ref: 3 if ref == "big" else 1)
    try:
        assert [w.name for w in pool.get("big").instances] == ["big#1", "big#2", "big#3"]
        assert [w.name for w in pool.get("small").instances] == ["small"]
        rows = {r.model: r for r in pool.snapshot()}
        assert rows["big"].slots_total == 3 and len(rows["big"].instances) == 3 and rows["small"].slots_total == 1
    finally:
        pool.close()
    assert all(b.closed for b in made)


def test_a_load_that_cannot_fit_is_refused_before_loading() -> None:
    loaded: list[str] = []
    sizes = {"huge": Footprint(6 << 30, 3 << 30, 1), "a": Footprint(3 << 30, 1 << 30), "b": Footprint(3 << 30, 1 << 30)}

    def load(ref: str) -> FakeBackend:
        loaded.append(ref)
        return FakeBackend(name=ref)

    pool = Pool(load, budget_bytes=8 << 30, footprint=sizes.get)
    try:
        with pytest.raises(MemoryBudgetError, match=r"huge needs about 9\.00 GiB \(weights 6\.00 GiB \+ KV cache 3\.00 GiB\), "
                                                   r"more than the model memory budget of 8\.00 GiB; lower engine.n_ctx"):
            pool.get("huge")
        assert loaded == []  # refused from the estimate: nothing was loaded
        pool.get("a")
        pool.get("b")  # 4 + 4 GiB: both fit
        with pool.use("a"), pool.use("b"):
            with pytest.raises(MemoryBudgetError, match=r"only 0\.00 GiB of the 8\.00 GiB model memory budget is free while a, b"):
                _load_more(pool, sizes)
        pool.get("b")
        _load_more(pool, sizes)  # idle now: a (least recently used) is unloaded to make room
        assert pool.loaded() == ["b", "c"]
    finally:
        pool.close()


def _load_more(pool: Pool, sizes: dict[str, Footprint]) -> None:
    sizes["c"] = Footprint(3 << 30, 1 << 30)
    pool.get("c")


def test_keep_alive_unloads_an_idle_model_and_spares_one_in_use() -> None:
    clock = Clock()
    backends: dict[str, FakeBackend] = {}

    def load(ref: str) -> FakeBackend:
        backends[ref] = FakeBackend(name=ref)
        return backends[ref]

    pool = Pool(load, budget_bytes=1 << 30, keep_alive_s=300, clock=clock)
    try:
        pool.get("idle").submit(chat("hi")).result()
        with pool.use("busy"):
            clock.now += 299
            assert pool.reap() == []
            assert pool.snapshot()[-1].expires_in_s == pytest.approx(1.0, abs=0.5)
            clock.now += 2
            assert pool.reap() == ["idle"]  # busy is in use: never unloaded under its user
            assert backends["idle"].closed and not backends["busy"].closed
        clock.now += 299
        assert pool.reap() == []  # its keep-alive counts from its last use
        clock.now += 2
        assert pool.reap() == ["busy"] and pool.loaded() == []
    finally:
        pool.close()
    forever = Pool(load, budget_bytes=1 << 30, keep_alive_s=None, clock=clock)
    forever.get("x")
    clock.now += 10**9
    assert forever.reap() == [] and forever.loaded() == ["x"]
    forever.close()


# --- routing through the fallback chain: capability, breaker, load --------------------


def _answer(chain: FallbackChain, refs: tuple[str, ...], request: Request) -> tuple[str, object, list[Skipped]]:
    skipped: list[Skipped] = []
    source = route = None
    for event in chain.run(refs, lambda worker: request, "", cache=False):
        if isinstance(event, Answered):
            source, route = event.source, event.route
        elif isinstance(event, Skipped):
            skipped.append(event)
        elif isinstance(event, Completion):
            pass
    assert source is not None
    return source.model, route, skipped


def test_capability_breaker_and_load_each_change_the_chosen_worker() -> None:
    gate = threading.Event()  # holds the first instance of big only
    backends = {"small": [FakeBackend(name="small", n_ctx=8)], "big": [Gated("big1", gate=gate), Gated("big2")]}

    def load(ref: str) -> FakeBackend:
        return backends[ref].pop(0)

    pool = Pool(load, budget_bytes=1 << 30, instances=lambda ref: 2 if ref == "big" else 1)
    book = BreakerBook(None, BreakerConfig())
    chain = FallbackChain(pool, book, None)
    long_prompt = chat("a prompt with many more words than the small model's context holds")
    try:
        gate.set()
        model, _route, skipped = _answer(chain, ("small", "big"), long_prompt)  # capability: it does not fit
        assert model == "big" and "context" in skipped[0].reason
        model, route, _ = _answer(chain, ("small", "big"), chat("short"))
        assert model == "small" and route.worker == "small"  # chain order when it fits
        book.get("small").force_open("test")
        model, _route, skipped = _answer(chain, ("small", "big"), chat("short"))  # breaker open
        assert model == "big" and skipped[0].reason.startswith("breaker open")
        gate.clear()
        big = pool.get("big")
        while big.instances[0].backend.started.acquire(timeout=0):
            pass
        held = big.submit(chat("hold the first instance"), instance=0)
        assert big.instances[0].backend.started.acquire(timeout=WAIT)
        model, route, _ = _answer(chain, ("big",), chat("another"))  # load: instance 1 is busy
        assert route.worker == "big#2" and route.reason.startswith("least loaded")
        gate.set()
        held.result()
    finally:
        pool.close()


def test_close_waits_until_a_model_loaded_in_another_thread_is_freed() -> None:
    """A model still loading when the pool closes (serve's preload) is closed by its loading thread;
    close() returned before that had finished, and the process began to exit while llama.cpp freed it
    (an abort at exit)."""
    loading, go_on, freed = threading.Event(), threading.Event(), threading.Event()

    class SlowToFree(FakeBackend):
        def close(self) -> None:
            time.sleep(0.3)  # llama_free takes a while
            freed.set()

    def load(ref: str) -> FakeBackend:
        loading.set()
        assert go_on.wait(WAIT)
        return SlowToFree(name=ref)

    pool = Pool(load, budget_bytes=1 << 30)
    results: list[BaseException | None] = []

    def get() -> None:
        try:
            pool.get("m")
            results.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            results.append(exc)

    loader = threading.Thread(target=get)
    loader.start()
    assert loading.wait(WAIT)
    closer = threading.Thread(target=pool.close)
    closer.start()
    time.sleep(0.1)
    go_on.set()  # the load finishes after close began
    closer.join(WAIT)
    assert not closer.is_alive() and freed.is_set()  # close returned only once the late model was freed
    loader.join(WAIT)
    assert len(results) == 1 and isinstance(results[0], Exception) and "being closed" in str(results[0])
    with pytest.raises(Exception, match="being closed"):
        pool.get("m")  # and nothing loads after close


def test_an_answer_ended_by_closing_llorch_is_not_held_against_the_model() -> None:
    """Ctrl-C closes the models under the answers still running (run --each-line, serve's drain): that
    is raised as it is, with no verdict on the model's breaker and no cached or degraded answer."""
    from support import gate_decode

    from llorch.errors import GenerationError
    from llorch.orchestra.fake import FakeSlots
    from llorch.orchestra.worker import Worker

    engine = FakeSlots(n_seq=2)
    paused, release = gate_decode(engine, after=2)
    pool = Pool(lambda ref: Worker(engine, name=ref), budget_bytes=1 << 30)
    book = BreakerBook(None, BreakerConfig())
    chain = FallbackChain(pool, book, None)
    outcome: list[BaseException | None] = []

    def answer() -> None:
        request = Request(prompt="a b", sampling=Sampling(temperature=0.0, max_tokens=1000))
        try:
            list(chain.run(("m",), lambda worker: request, "a b"))
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    runner = threading.Thread(target=answer)
    runner.start()
    assert paused.wait(WAIT)  # the answer is being decoded
    closer = threading.Thread(target=pool.close)
    closer.start()
    time.sleep(0.1)
    release.set()
    closer.join(WAIT)
    runner.join(WAIT)
    assert len(outcome) == 1 and isinstance(outcome[0], GenerationError), outcome
    assert "closed" in str(outcome[0])
    assert book.get("m").snapshot().consecutive_failures == 0
