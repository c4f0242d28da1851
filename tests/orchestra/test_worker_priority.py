"""Priorities in the worker's scheduler, on FakeSlots (whose answers depend on exactly what its KV
holds): interactive requests are admitted and read first, a paused bulk request answers as if it had
never been paused, and closing with a paused request waiting ends it cleanly."""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from llorch.engine.types import Request, Sampling
from llorch.errors import GenerationError
from llorch.orchestra.fake import FakeSlots, fake_worker
from llorch.orchestra.kvdisk import SeqStateStore
from llorch.orchestra.priority import PriorityPolicy
from llorch.orchestra.worker import Worker

GREEDY = Sampling(temperature=0.0, max_tokens=12)


def words(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(f"t{rng.randrange(1000)}" for _ in range(n))


def frozen_policy() -> PriorityPolicy:
    """Aging by count only: the tests' worker clocks tick per call, not per second."""
    return PriorityPolicy(every=4, max_wait_s=1e9, clock=lambda: 0.0)


def ticking() -> object:
    """A clock that moves on each reading: first-token stamps then say in what order tokens came."""
    counter = itertools.count()
    return lambda: float(next(counter))


def alone(prompt: str, sampling: Sampling = GREEDY) -> str:
    with fake_worker(n_seq=1, n_ctx=1024) as w:
        return str(w.submit(Request(prompt=prompt, sampling=sampling)).result().text)


class Gate:
    """Holds the scheduler inside decode call number `after` + 1 until released (bounded waits)."""

    def __init__(self, engine: FakeSlots, after: int) -> None:
        self.paused, self.release = threading.Event(), threading.Event()
        self.batches: list[list[tuple[int, int, int, bool]]] = []
        inner, calls = engine.decode, [0]

        def decode(entries: Sequence[tuple[int, int, int, bool]]) -> int:
            calls[0] += 1
            self.batches.append(list(entries))
            if calls[0] > after and not self.release.is_set():
                self.paused.set()
                self.release.wait(30)
            return int(inner(entries))

        engine.decode = decode  # type: ignore[method-assign]


def test_an_interactive_request_is_admitted_before_bulk_requests_queued_earlier() -> None:
    bulk_prompts = [words(8, seed=i) for i in range(3)]
    with fake_worker(n_seq=1, n_ctx=1024, clock=ticking(), priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=0)
        first = w.submit(Request(prompt=words(5, seed=9), sampling=GREEDY), stamps=True)  # takes the only slot
        assert gate.paused.wait(10)
        bulk = [w.submit(Request(prompt=p, sampling=GREEDY, priority="bulk"), stamps=True) for p in bulk_prompts]
        chat = w.submit(Request(prompt=words(6, seed=7), sampling=GREEDY), stamps=True)
        assert w.stats().queued == 4 and w.stats().queued_bulk == 3
        gate.release.set()
        results = [h.result() for h in [first, *bulk, chat]]
        assert w.stats().paused == 0  # the running request was interactive: nothing to pause
    starts = [h.token_times[0] for h in bulk]
    assert chat.token_times[0] < min(starts) and starts == sorted(starts)  # the bulk ones in their own order
    assert [r.text for r in results[1:4]] == [alone(p) for p in bulk_prompts]


def test_a_paused_bulk_request_gives_the_answer_it_would_have_given() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=40)
    long_prompt = words(30, seed=3)
    expected = alone(long_prompt, sampling)
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16, clock=ticking(), priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=6)  # the bulk request has read its prompt and is answering
        bulk = w.submit(Request(prompt=long_prompt, sampling=sampling, priority="bulk"), stamps=True)
        assert gate.paused.wait(10)
        chat = w.submit(Request(prompt=words(5, seed=4), sampling=GREEDY), stamps=True)
        gate.release.set()
        done, answered = bulk.result(), chat.result()
        stats = w.stats()
    assert stats.paused == 1 and stats.preemptions == 0
    assert done.text == expected and done.finish_reason == "length" and done.usage.completion_tokens == 40
    assert answered.text == alone(words(5, seed=4))
    # The chat request answered while the bulk one waited: all its tokens came before the bulk's last.
    assert chat.token_times[-1] < bulk.token_times[-1] and bulk.token_times[0] < chat.token_times[0]


def test_the_newest_bulk_request_is_paused_and_each_still_answers_right() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=30)
    prompts = [words(10 + i, seed=20 + i) for i in range(2)]
    expected = [alone(p, sampling) for p in prompts]
    with fake_worker(n_seq=2, n_ctx=1024, clock=ticking(), priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=4)
        bulk = [w.submit(Request(prompt=p, sampling=sampling, priority="bulk")) for p in prompts]
        assert gate.paused.wait(10)
        chats = [w.submit(Request(prompt=words(4, seed=30 + i), sampling=GREEDY)) for i in range(2)]
        gate.release.set()
        got = [h.result().text for h in bulk]
        chat_texts = [h.result().text for h in chats]
        assert w.stats().paused >= 1
    assert got == expected and chat_texts == [alone(words(4, seed=30 + i)) for i in range(2)]


def test_bulk_prompts_read_a_quarter_of_the_batch_while_interactive_work_is_present() -> None:
    with fake_worker(n_seq=2, n_ctx=2048, n_batch=32, priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=1)
        chat = w.submit(Request(prompt=words(3, seed=1), sampling=Sampling(temperature=0.0, max_tokens=30)))
        assert gate.paused.wait(10)
        bulk = w.submit(Request(prompt=words(300, seed=2), sampling=GREEDY, priority="bulk"))
        gate.release.set()
        chat_done = chat.result()
        bulk_done = bulk.result()
        chat_seq, bulk_seq = chat.slot, bulk.slot
    assert bulk_done.text == alone(words(300, seed=2)) and chat_done.finish_reason == "length"
    shares = [sum(1 for e in batch if e[2] == bulk_seq) for batch in gate.batches]
    with_chat = [n for batch, n in zip(gate.batches, shares) if any(e[2] == chat_seq for e in batch) and n]
    assert with_chat and max(with_chat) <= 8  # a quarter of n_batch while the chat answers
    assert max(shares) > 8  # and the whole batch once it is alone


def test_the_step_that_reads_an_interactive_prompt_leaves_bulk_work_out_but_never_two_running() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=30)
    with fake_worker(n_seq=2, n_ctx=2048, n_batch=16, priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=3)
        bulk = w.submit(Request(prompt=words(5, seed=1), sampling=sampling, priority="bulk"))
        assert gate.paused.wait(10)  # the bulk request is answering
        chat = w.submit(Request(prompt=words(40, seed=2), sampling=GREEDY))  # three steps of prompt
        gate.release.set()
        assert bulk.result().text == alone(words(5, seed=1), sampling)
        chat.result()
    steps = [(any(e[2] == chat.slot for e in batch), any(e[2] == bulk.slot for e in batch)) for batch in gate.batches]
    reading = [i for i, (c, _) in enumerate(steps) if c][:3]  # the chat's prompt steps
    assert [steps[i][1] for i in reading] == [False, True, False]  # bulk left out, then in, then out again


def test_an_interactive_request_does_not_wait_for_a_bulk_one_to_read_a_prompt_they_share() -> None:
    """Its prompt would read a quarter as fast beside the interactive one: the interactive request copies
    what is read so far and reads the rest itself."""
    shared = words(300, seed=5)
    with fake_worker(n_seq=2, n_ctx=2048, n_batch=32, clock=ticking(), priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=1)
        bulk = w.submit(Request(prompt=shared + " one", sampling=GREEDY, priority="bulk"), stamps=True)
        assert gate.paused.wait(10)  # it has read a chunk of the shared prompt
        chat = w.submit(Request(prompt=shared + " two", sampling=GREEDY), stamps=True)
        gate.release.set()
        got = [bulk.result().text, chat.result().text]
        copies = w.kv.copies
    assert got == [alone(shared + " one"), alone(shared + " two")]
    assert chat.token_times[0] < bulk.token_times[0] and copies >= 1


def test_bulk_work_still_starts_under_a_stream_of_interactive_work() -> None:
    with fake_worker(n_seq=1, n_ctx=1024, clock=ticking(), priority=frozen_policy()) as w:
        gate = Gate(w.engine, after=0)
        w.submit(Request(prompt=words(3, seed=1), sampling=GREEDY))
        assert gate.paused.wait(10)
        bulk = w.submit(Request(prompt=words(3, seed=2), sampling=GREEDY, priority="bulk"), stamps=True)
        chats = [w.submit(Request(prompt=words(3, seed=10 + i), sampling=GREEDY), stamps=True) for i in range(8)]
        gate.release.set()
        bulk.result()
        before = sum(1 for h in chats if h.result() and h.token_times[0] < bulk.token_times[0])
    assert before == 3  # the first request and three chats: the fifth start is the bulk one


@pytest.mark.parametrize("with_prefixes", [False, True])
def test_closing_with_a_paused_request_waiting_ends_it_cleanly(tmp_path: Path, with_prefixes: bool) -> None:
    """The close path saves the shared prefixes, then fails what is left: a paused request among them."""
    engine = FakeSlots(n_seq=1, n_ctx=1024)
    key = engine.state_key()
    prefixes = SeqStateStore.prefixes(tmp_path, key) if with_prefixes else None
    w = Worker(engine, prefixes=prefixes, priority=frozen_policy())
    held, release = threading.Event(), threading.Event()
    inner = engine.decode

    def decode(entries: Sequence[tuple[int, int, int, bool]]) -> int:
        if w.paused and not release.is_set():  # the chat's first batch, once the bulk request was paused
            held.set()
            release.wait(30)
        return int(inner(entries))

    engine.decode = decode  # type: ignore[method-assign]
    long = Sampling(temperature=0.0, max_tokens=400)
    bulk = w.submit(Request(prompt=words(20, seed=5), sampling=long, priority="bulk"))
    assert bulk.get(10) is not None  # answering
    chat = w.submit(Request(prompt=words(5, seed=6), sampling=long))
    assert held.wait(10)
    assert w.stats().paused == 1 and w.stats().queued_bulk == 1 and w.stats().slots_busy == 1
    w._stop_current = release.set  # type: ignore[method-assign]  # the gate opens once closing is flagged
    closer = threading.Thread(target=w.close)
    closer.start()
    closer.join(20)
    assert not closer.is_alive(), "close() hung"
    for handle in (bulk, chat):
        with pytest.raises(GenerationError, match="was closed"):
            handle.result()


def test_a_group_sends_an_interactive_request_past_full_slots_to_an_instance_answering_bulk_work() -> None:
    """Two one-slot instances answer bulk requests, more wait in the group: an interactive request
    goes to an instance beyond its slots, which pauses a bulk request for it; it answers before the
    running bulk requests end, and every answer is the one given alone."""
    from llorch.orchestra.group import Group

    clock = ticking()
    sampling = Sampling(temperature=0.0, max_tokens=40)
    workers = [fake_worker(name=f"m#{i + 1}", n_seq=1, n_ctx=1024, clock=clock, priority=frozen_policy())
               for i in range(2)]
    gates = [Gate(w.engine, after=3) for w in workers]
    group = Group("m", workers)
    try:
        prompts = [words(6, seed=60 + i) for i in range(6)]
        bulk = [group.submit(Request(prompt=p, sampling=sampling, priority="bulk"), stamps=True) for p in prompts]
        assert all(g.paused.wait(10) for g in gates)  # both instances are answering bulk requests
        assert group.stats().queued == 4 and group.stats().queued_bulk == 4
        chat = group.submit(Request(prompt=words(5, seed=70), sampling=GREEDY), stamps=True)
        assert chat._ready.wait(10)  # handed to an instance while its slot is busy
        assert chat.route.stolen or chat.route.instance in (0, 1)
        for g in gates:
            g.release.set()
        texts = [h.result().text for h in bulk]
        chat_done = chat.result()
        stats = group.stats()
    finally:
        group.close()
    assert texts == [alone(p, sampling) for p in prompts] and chat_done.text == alone(words(5, seed=70))
    assert stats.paused == 1
    (displaced,) = [h for h in bulk[:2] if h.worker == chat.worker]
    assert chat.token_times[-1] < displaced.token_times[-1]  # it did not wait for that bulk request to end
