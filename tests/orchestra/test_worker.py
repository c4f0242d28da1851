"""The worker's scheduler on FakeSlots: a fake model whose answers depend on exactly what its KV cache holds.

A wrong prefix, a skipped position or two sequences mixed up change the fake's
answers (or raise at once), so "batched equals alone" here checks the scheduling.
"""

from __future__ import annotations

import queue
import random
import threading
from pathlib import Path

import pytest

from support import gate_decode

from llorch.engine.types import Completion, Request, Sampling, TokenEvent
from llorch.errors import ContextOverflowError, GenerationError, GenerationTimeoutError
from llorch.orchestra.fake import FakeSlots, fake_worker
from llorch.orchestra.kvdisk import SeqStateStore
from llorch.orchestra.worker import Worker
from llorch.resilience.guard import CallLimits, guarded

GREEDY = Sampling(temperature=0.0, max_tokens=12)


def words(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(f"t{rng.randrange(1000)}" for _ in range(n))


PROMPTS = [words(3 + 7 * i, seed=i) for i in range(8)]  # different lengths


def answer(worker: Worker, prompt: str, sampling: Sampling = GREEDY) -> Completion:
    return worker.submit(Request(prompt=prompt, sampling=sampling)).result()


def alone(prompts: list[str], sampling: Sampling = GREEDY) -> list[str]:
    """Each prompt on a fresh one-slot worker: the reference answers."""
    out = []
    for p in prompts:
        with fake_worker(n_seq=1, n_ctx=512) as w:
            out.append(answer(w, p, sampling).text)
    return out


@pytest.mark.parametrize("slots", [1, 2, 4, 8])
def test_batched_answers_equal_single_answers(slots: int) -> None:
    expected = alone(PROMPTS)
    with fake_worker(n_seq=slots, n_ctx=1024, n_batch=16) as w:
        handles = [w.submit(Request(prompt=p, sampling=GREEDY)) for p in PROMPTS]
        got = [h.result().text for h in handles]
        engine = w.engine
    assert got == expected
    if slots > 1:  # they really shared decode calls: fewer calls than one request after another
        assert engine.decode_calls < sum(len(a.split()) for a in expected) + len(PROMPTS)


def test_sampled_answers_follow_the_seed_whatever_the_batch() -> None:
    sampling = Sampling(temperature=0.9, seed=7, max_tokens=10)
    expected = alone(PROMPTS[:4], sampling)
    with fake_worker(n_seq=4, n_ctx=1024) as w:
        got = [h.result().text for h in [w.submit(Request(prompt=p, sampling=sampling)) for p in PROMPTS[:4]]]
    assert got == expected


def test_streamed_text_equals_the_completion_and_usage_adds_up() -> None:
    with fake_worker(n_seq=2) as w:
        handle = w.submit(Request(prompt="a b c", sampling=GREEDY))
        events = list(handle.stream())
    tokens = [e for e in events if isinstance(e, TokenEvent)]
    done = events[-1]
    assert isinstance(done, Completion) and done.finish_reason == "length"
    assert "".join(e.text for e in tokens) == done.text
    assert done.usage.completion_tokens == len(tokens) == 12 and done.usage.prompt_tokens == 4
    t = done.timings
    assert t.prompt_eval_tokens == 4 and t.eval_tokens == 11  # the last sampled token is never decoded
    assert t.total_ms >= t.ttft_ms >= t.queued_ms >= 0


def test_cancel_one_of_eight_the_others_are_unchanged_and_the_slot_is_reused() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=30)
    expected = alone(PROMPTS, sampling)
    with fake_worker(n_seq=8, n_ctx=2048) as w:
        paused, release = gate_decode(w.engine, after=4)  # everyone has started answering
        handles = [w.submit(Request(prompt=p, sampling=sampling)) for p in PROMPTS]
        assert paused.wait(10)
        handles[3].cancel()
        release.set()
        results = [h.result() for h in handles]
        assert results[3].finish_reason == "cancelled" and 0 < results[3].usage.completion_tokens < 30
        assert expected[3].startswith(results[3].text)
        assert [r.text for i, r in enumerate(results) if i != 3] == [e for i, e in enumerate(expected) if i != 3]
        assert w.stats().slots_busy == 0
        again = w.submit(Request(prompt=PROMPTS[3], sampling=sampling))
        assert again.result().text == expected[3]
        assert again.slot == handles[3].slot  # its own cached prompt brought it back to the same slot


def test_a_time_limit_cancels_inside_the_scheduler_and_only_it_decodes() -> None:
    with fake_worker(n_seq=2) as w:
        paused, release = gate_decode(w.engine, after=3)
        handle = w.submit(Request(prompt="a b c", sampling=Sampling(temperature=0.0, max_tokens=100)))
        seen = []
        with pytest.raises(GenerationTimeoutError, match="no token for 0.2 s"):
            for event in guarded(handle, CallLimits(inter_token_s=0.2)):
                seen.append(event)
        assert handle.cancelled and len(seen) == 3  # three decodes ran; the fourth waits at the gate
        release.set()
        assert handle.wait(10)
        assert handle.completion is not None and handle.completion.finish_reason == "cancelled"
        assert w.stats().slots_busy == 0
        assert w.engine.decode_threads == {w._thread.ident}  # no other thread ever called decode


def test_a_prompt_larger_than_a_slot_is_refused_at_submit_with_the_counts() -> None:
    with fake_worker(n_seq=2, n_ctx=64, unified=False) as w:  # 32 cells per slot
        with pytest.raises(ContextOverflowError, match="the prompt is 41 tokens but the context holds 32"):
            w.submit(Request(prompt=words(40)))


def test_a_full_kv_cache_queues_requests_and_answers_them_all() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=20)
    prompts = [words(20, seed=i) for i in range(6)]
    expected = alone(prompts, sampling)
    with fake_worker(n_seq=6, n_ctx=96, n_batch=32) as w:  # room for about two requests at a time
        handles = [w.submit(Request(prompt=p, sampling=sampling)) for p in prompts]
        results = [h.result() for h in handles]
        stats = w.stats()
    assert [r.text for r in results] == expected
    assert all(r.finish_reason == "length" for r in results)
    assert max(r.timings.queued_ms for r in results) > 0 or stats.preemptions > 0


def test_running_requests_that_outgrow_the_cache_are_set_back_and_still_answer_right() -> None:
    sampling = Sampling(temperature=0.0, max_tokens=40)
    prompts = [words(10, seed=i) for i in range(3)]
    expected = alone(prompts, sampling)
    with fake_worker(n_seq=3, n_ctx=80, n_batch=64) as w:  # all three start; together they need 150 cells
        results = [h.result() for h in [w.submit(Request(prompt=p, sampling=sampling)) for p in prompts]]
        assert w.stats().preemptions >= 1
    assert [r.text for r in results] == expected


def test_prefix_reuse_evaluates_only_the_new_tokens() -> None:
    prefix = words(500, seed=1)
    with fake_worker(n_seq=2, n_ctx=2048, n_batch=128) as w:
        first = answer(w, prefix + " first question")
        second = answer(w, prefix + " another question here")
    assert first.usage.cached_tokens == 0 and first.timings.prompt_eval_tokens == 503
    assert second.usage.cached_tokens == 501  # BOS and the 500 words
    assert second.timings.prompt_eval_tokens == second.usage.prompt_tokens - 501 == 3


def test_a_shared_prefix_is_copied_from_a_busy_slot_not_evaluated_again() -> None:
    system = words(300, seed=2)
    with fake_worker(n_seq=4, n_ctx=2048, n_batch=64) as w:
        first = w.submit(Request(prompt=system + " one", sampling=Sampling(temperature=0.0, max_tokens=60)))
        while first.get(5) is None or first.completion is not None:  # the first is answering
            break
        second = answer(w, system + " two")
        assert w.kv.copies >= 1
        assert second.usage.cached_tokens == 301 and second.timings.prompt_eval_tokens == 1
        first.result()
        used = w.engine.cells_used()
    assert used < 2 * 300  # the copied prefix is stored once


@pytest.mark.parametrize("unified", [True, False])
def test_n_answers_to_one_prompt_submitted_together_evaluate_it_once(unified: bool) -> None:
    """Consensus: five requests for one prompt at once. The first reads the prompt; the others wait
    for it and copy its KV, so each evaluates one token of it — and their answers do not change."""
    prompt = words(200, seed=7)
    seeds = [Sampling(temperature=0.9, seed=s, max_tokens=10) for s in range(5)]
    with fake_worker(n_seq=5, n_ctx=1024 if unified else 5 * 256, n_batch=64, unified=unified) as w:
        handles = [w.submit(Request(prompt=prompt, sampling=s)) for s in seeds]
        done = [h.result() for h in handles]
    evaluated = [c.timings.prompt_eval_tokens for c in done]
    assert sorted(evaluated) == [1, 1, 1, 1, 201]  # 201 = BOS and the 200 words, once
    assert sorted(c.usage.cached_tokens for c in done) == [0, 200, 200, 200, 200]
    assert [c.text for c in done] == [alone([prompt], s)[0] for s in seeds]


def test_cache_warming_evaluates_the_system_prompt_before_the_first_request() -> None:
    system = words(200, seed=3)
    with fake_worker(n_seq=2, n_ctx=1024) as w:
        warm = w.warm(Request(prompt=system))
        assert warm.result().finish_reason == "stop"
        done = answer(w, system + " hello")
        stats = w.stats().kv
    assert done.usage.cached_tokens == 201 and done.timings.prompt_eval_tokens == 1
    assert stats.reused >= 201 and 0 < stats.hit_rate < 1


def test_idle_sequences_are_evicted_least_recently_used_first() -> None:
    with fake_worker(n_seq=4, n_ctx=200, n_batch=64) as w:
        for seed in range(3):
            answer(w, words(50, seed=10 + seed), Sampling(temperature=0.0, max_tokens=5))
        assert w.kv.evictions == 0
        answer(w, words(60, seed=99), Sampling(temperature=0.0, max_tokens=5))  # needs cells the idle ones hold
        assert w.kv.evictions >= 1
        oldest = w.engine.tokenize(words(50, seed=10))
        assert not any(s.tokens[:10] == oldest[:10] for s in w.kv.slots)  # the least recently used went first
        again = answer(w, words(50, seed=12), Sampling(temperature=0.0, max_tokens=5))  # the newest idle one survived
        assert again.usage.cached_tokens > 0


def test_sliding_window_memory_that_lost_old_positions_is_evaluated_again() -> None:
    prompt = words(100, seed=4)
    reference = alone([prompt + " more"])[0]
    with fake_worker(n_seq=1, n_ctx=512, n_swa=32) as w:
        answer(w, prompt)
        w.engine.drop_below(0, 90)  # what a sliding-window cache does to positions out of its window
        again = answer(w, prompt + " more")
        assert w.kv.full_reevals == 1 and again.usage.cached_tokens == 0
    assert again.text == reference


def test_recurrent_memory_that_cannot_drop_a_tail_is_evaluated_again() -> None:
    prompt = words(40, seed=5)
    reference = alone([prompt + " x"])[0]
    with fake_worker(n_seq=1, n_ctx=512, partial_rm=False) as w:
        answer(w, prompt)
        again = answer(w, prompt + " x")  # the cache holds prompt + answer: keeping the prompt means cutting
        assert w.kv.full_reevals == 1 and again.usage.cached_tokens == 0
    assert again.text == reference


def test_a_saved_sequence_is_restored_by_a_new_worker(tmp_path: Path) -> None:
    history = words(200, seed=6)
    with Worker(FakeSlots(n_seq=2, n_ctx=1024), disk=SeqStateStore(tmp_path, "fake-fake-slots")) as w:
        first = w.submit(Request(prompt=history, sampling=GREEDY), save_state=True).result()
    follow_up = history + first.text + " next"
    with Worker(FakeSlots(n_seq=2, n_ctx=1024), disk=SeqStateStore(tmp_path, "fake-fake-slots")) as w:  # a new process
        done = answer(w, follow_up)
        assert w.kv.disk_hits == 1
    assert done.usage.cached_tokens >= 201 and done.timings.prompt_eval_tokens < 10
    with fake_worker(n_seq=1, n_ctx=1024) as cold:
        assert answer(cold, follow_up).text == done.text


def test_closing_a_worker_stops_its_thread_before_freeing_the_context() -> None:
    engine = FakeSlots(n_seq=2)
    w = Worker(engine)
    paused, release = gate_decode(engine, after=2)
    handle = w.submit(Request(prompt="a b", sampling=Sampling(temperature=0.0, max_tokens=1000)))
    assert paused.wait(10)
    closer = threading.Thread(target=w.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive() and not engine.closed  # the scheduler is inside decode: nothing is freed under it
    release.set()
    closer.join(10)
    assert engine.closed and not w._thread.is_alive()
    with pytest.raises(GenerationError, match="closed"):
        handle.result()
    with pytest.raises(GenerationError, match="was closed"):
        w.submit(Request(prompt="again"))


def test_a_failed_decode_fails_its_requests_and_the_worker_goes_on() -> None:
    with fake_worker(n_seq=2) as w:
        w.engine.fail_next = -3
        with pytest.raises(GenerationError, match="llama_decode returned -3"):
            answer(w, "a b c")
        assert answer(w, "a b c").finish_reason == "length"


def test_random_submits_cancels_and_timeouts_always_settle() -> None:
    rng = random.Random(1234)
    with fake_worker(n_seq=4, n_ctx=160, n_batch=24) as w:
        handles = []
        for i in range(200):
            sampling = Sampling(temperature=rng.choice([0.0, 0.8]), seed=i, max_tokens=rng.randrange(1, 30))
            prompt = words(rng.randrange(1, 40), seed=rng.randrange(20))
            handle = w.submit(Request(prompt=prompt, sampling=sampling))
            handles.append(handle)
            roll = rng.random()
            if roll < 0.25:
                handle.cancel()
            elif roll < 0.4:
                try:
                    for _ in guarded(handle, CallLimits(total_s=0.001)):
                        pass
                except GenerationTimeoutError:
                    pass
            if rng.random() < 0.2 and handles:
                rng.choice(handles).cancel()
        for handle in handles:
            assert handle.wait(30), "a request never finished"
            assert handle.completion is not None and handle.error is None
            while True:  # whatever a reader left unread ends with the end of the stream
                try:
                    if handle.get(0) is None:
                        break
                except queue.Empty:
                    raise AssertionError("a finished handle must end its stream") from None
        stats = w.stats()
        assert stats.slots_busy == 0 and stats.queued == 0
        assert all(not s.busy for s in w.kv.slots)
        assert w.kv.used() == w.engine.cells_used()  # our count of cells is llama.cpp's (the fake's) count


def test_separate_slot_buffers_copy_a_whole_sequence_and_cut_it() -> None:
    system = words(100, seed=8)
    reference = alone([system + " two"])[0]
    with fake_worker(n_seq=3, n_ctx=3 * 400, unified=False) as w:
        first = w.submit(Request(prompt=system + " one", sampling=Sampling(temperature=0.0, max_tokens=80)))
        first.get(10)  # the first is answering in its slot
        second = answer(w, system + " two")
        assert w.kv.copies == 1 and second.usage.cached_tokens == 101
        first.result()
        assert w.kv.used() == w.engine.cells_used()
    assert second.text == reference


def test_ctrl_c_while_closing_never_frees_the_context_under_its_thread() -> None:
    """On Python 3.11 a Thread.join cut short by Ctrl-C marks a thread that still runs as stopped:
    close then freed the context while the scheduler was inside llama_decode (exit 139). However
    many KeyboardInterrupts land in close (Python's own handler here, as when llorch is a library),
    the context is freed only once the scheduler has left its loop."""
    import _thread
    import time

    engine = FakeSlots(n_seq=2)
    w = Worker(engine)
    paused, release = gate_decode(engine, after=2)
    w.submit(Request(prompt="a b", sampling=Sampling(temperature=0.0, max_tokens=1000)))
    assert paused.wait(10)
    freed_inside_decode: list[bool] = []
    real_close = engine.close

    def close() -> None:
        freed_inside_decode.append(not release.is_set())
        real_close()

    engine.close = close  # type: ignore[method-assign]

    def ctrl_c() -> None:
        deadline = time.monotonic() + 10
        while not w._closing and time.monotonic() < deadline:
            time.sleep(0.005)
        for _ in range(3):  # Ctrl-C, again and again, while close waits for the scheduler
            time.sleep(0.3)
            if engine.closed:
                break
            _thread.interrupt_main()
        time.sleep(0.3)
        release.set()

    sender = threading.Thread(target=ctrl_c)
    sender.start()
    interrupted = 0
    while sender.is_alive() or not engine.closed:
        try:
            w.close()  # (a close cut short before it waited is finished by the next call, as at exit)
            sender.join(0.05)
        except KeyboardInterrupt:
            interrupted += 1
    assert interrupted >= 1
    assert freed_inside_decode == [False]
    assert w._stopped.is_set()


def test_closing_waits_for_a_thread_that_is_preparing_a_request() -> None:
    """Tokenizing and building a sampler read the model from the caller's thread: a close meanwhile
    waits for it (freeing the model under it crashed), and the request is then refused."""
    engine = FakeSlots(n_seq=2)
    w = Worker(engine)
    inside, release = threading.Event(), threading.Event()
    real_prepare = engine.prepare

    def prepare(request: Request) -> object:
        inside.set()
        release.wait(10)
        return real_prepare(request)

    engine.prepare = prepare  # type: ignore[method-assign]
    outcome: queue.Queue[BaseException | None] = queue.Queue()

    def submit() -> None:
        try:
            w.submit(Request(prompt="a b"))
            outcome.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.put(exc)

    threading.Thread(target=submit).start()
    assert inside.wait(10)
    closer = threading.Thread(target=w.close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive() and not engine.closed  # the model is in use by the preparing thread
    release.set()
    closer.join(10)
    assert engine.closed
    assert isinstance(outcome.get(timeout=10), GenerationError)


def test_a_close_while_another_thread_frees_the_context_returns_once_it_is_freed() -> None:
    """`llorch serve`'s drain thread was freeing a context when the main thread's close (and the
    exit's close_live_workers) found the worker closed and returned: the interpreter finalized, and
    the destructor's log line, a Python callback on that thread, ended it inside C++ (SIGABRT)."""
    engine = FakeSlots(n_seq=1)
    w = Worker(engine)
    inside, release = threading.Event(), threading.Event()
    real_close = engine.close

    def close() -> None:
        inside.set()
        release.wait(10)
        real_close()

    engine.close = close  # type: ignore[method-assign]
    first = threading.Thread(target=w.close)
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=w.close)
    second.start()
    second.join(0.2)
    assert second.is_alive() and not engine.closed  # the first close is still freeing it
    release.set()
    second.join(10)
    first.join(10)
    assert engine.closed and not second.is_alive() and not first.is_alive()
