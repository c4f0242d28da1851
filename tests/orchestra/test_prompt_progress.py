"""Prompt progress: a worker reading a long prompt reports each chunk on the request's handle,
and the time limits count that as life (FakeSlots, an injected clock, no sleeps)."""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Sequence

import pytest

from support import gate_decode

from llorch.engine.types import Completion, PromptProgress, Request, Sampling, TokenEvent
from llorch.errors import GenerationTimeoutError
from llorch.orchestra.fake import fake_worker
from llorch.orchestra.handle import Handle, HandleEvent
from llorch.resilience.guard import CallLimits, guarded

GREEDY = Sampling(temperature=0.0, max_tokens=3)


def words(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(f"t{rng.randrange(1000)}" for _ in range(n))


def drain(handle: Handle) -> list[HandleEvent]:
    """Every event of the handle, progress included (get(), not stream())."""
    out: list[HandleEvent] = []
    while (event := handle.get(30)) is not None:
        out.append(event)
    return out


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def advance(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_a_long_prompt_reports_each_chunk_before_the_first_token() -> None:
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16) as w:
        handle = w.submit(Request(prompt=words(99), sampling=GREEDY))  # BOS + 99 words = 100 tokens
        events = drain(handle)
        decodes = w.engine.decode_calls
    progress = [e for e in events if isinstance(e, PromptProgress)]
    assert [p.done for p in progress] == [0, 16, 32, 48, 64, 80, 96, 100]  # at admission, then per chunk of n_batch
    assert {p.total for p in progress} == {100}
    first_token = next(i for i, e in enumerate(events) if isinstance(e, TokenEvent))
    assert all(isinstance(e, PromptProgress) for e in events[:first_token])  # all of them before the answer
    assert isinstance(events[-1], Completion) and events[-1].usage.completion_tokens == 3
    assert decodes == 7 + 2  # 7 chunks (the last one gives the first token), then 2 decodes: an event per chunk
    assert handle.prompt_progress == progress[-1]  # the latest, for anyone who polls


def test_stream_and_result_leave_progress_out() -> None:
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16) as w:
        events = list(w.submit(Request(prompt=words(99), sampling=GREEDY)).stream())
        done = w.submit(Request(prompt=words(99, seed=1), sampling=GREEDY)).result()
    assert [type(e) for e in events] == [TokenEvent] * 3 + [Completion]
    assert done.usage.prompt_tokens == 100


def test_a_prompt_read_in_one_step_sends_no_progress() -> None:
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16) as w:
        handle = w.submit(Request(prompt=words(15), sampling=GREEDY))  # 16 tokens: one batch
        events = drain(handle)
    assert not [e for e in events if isinstance(e, PromptProgress)]
    assert handle.prompt_progress is None


def test_a_cached_prefix_counts_as_read() -> None:
    prefix = words(60, seed=3)
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16) as w:
        w.submit(Request(prompt=prefix + " " + words(40, seed=4), sampling=GREEDY)).result()
        events = drain(w.submit(Request(prompt=prefix + " " + words(40, seed=5), sampling=GREEDY)))
    progress = [e for e in events if isinstance(e, PromptProgress)]
    assert progress[0].done == 61 and progress[0].total == 101  # BOS and the prefix were already there
    assert [p.done for p in progress[1:]] == [77, 93, 101]


def test_the_prompt_speed_comes_from_the_worker_clock() -> None:
    """Each decode takes 0.5 s on the injected clock: 16 tokens a chunk read at 32 tokens/s."""
    clock = Clock()

    def on_decode(entries: Sequence[tuple[int, int, int, bool]]) -> None:
        clock.advance(0.5)

    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16, clock=clock, on_decode=on_decode) as w:
        first = [e for e in drain(w.submit(Request(prompt=words(99), sampling=GREEDY))) if isinstance(e, PromptProgress)]
        measured = w.pp_tokens_per_s
        second = [e for e in drain(w.submit(Request(prompt=words(99, seed=1), sampling=GREEDY)))
                  if isinstance(e, PromptProgress)]
    assert first[0].tokens_per_s == 0.0  # nothing measured yet: the guard assumes its default
    assert first[1].tokens_per_s == pytest.approx(32.0)
    assert measured == pytest.approx(32.0)  # full chunks only; the last 4 tokens say little
    assert second[0].tokens_per_s == pytest.approx(32.0)  # the next request starts from the worker's measure


def test_a_prompt_read_for_far_longer_than_ttft_s_is_not_timed_out() -> None:
    """200 tokens in chunks of 16, each chunk 20 s on the shared clock: 260 s of reading with ttft_s = 5.
    The decodes go one at a time, each after the guard has passed on the last event."""
    clock = Clock()
    go = threading.Semaphore(0)

    def on_decode(entries: Sequence[tuple[int, int, int, bool]]) -> None:
        assert go.acquire(timeout=30), "the test stopped reading"
        clock.advance(20.0)

    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16, clock=clock, on_decode=on_decode) as w:
        handle = w.submit(Request(prompt=words(199), sampling=GREEDY))
        seen = []
        for event in guarded(handle, CallLimits(ttft_s=5.0), clock=clock):
            seen.append(event)
            go.release()
    progress = [e for e in seen if isinstance(e, PromptProgress)]
    assert progress[-1].done == 200 and len(progress) == 1 + 13
    assert isinstance(seen[-1], Completion) and seen[-1].finish_reason == "length"
    assert seen[-1].timings.ttft_ms >= 13 * 20_000  # the first token came long after ttft_s


def test_a_prompt_that_stalls_mid_way_times_out() -> None:
    """The fourth chunk never finishes (real time here): the guard gives up ttft_s (plus what is left
    at the measured, fast, speed) after the last progress, names the setting, and cancels the request."""
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=16) as w:
        _paused, release = gate_decode(w.engine, after=3)
        handle = w.submit(Request(prompt=words(199), sampling=GREEDY))
        try:
            with pytest.raises(GenerationTimeoutError) as info:
                for _ in guarded(handle, CallLimits(ttft_s=1.0)):
                    pass
            assert handle.cancelled
        finally:
            release.set()
        assert handle.wait(30)
        assert handle.completion is not None and handle.completion.finish_reason == "cancelled"
    assert re.fullmatch(r"no first token within 1(\.\d)? s: reading the prompt stopped at 48 of 200 tokens "
                        r"\(limits\.ttft_s; raise it with `llorch config set limits\.ttft_s 30`\)", str(info.value))


def test_progress_never_comes_per_token() -> None:
    """An answer of many tokens after a long prompt: progress events stay one per chunk."""
    with fake_worker(n_seq=1, n_ctx=1024, n_batch=32) as w:
        handle = w.submit(Request(prompt=words(99), sampling=Sampling(temperature=0.0, max_tokens=50)))
        events = drain(handle)
    assert sum(isinstance(e, PromptProgress) for e in events) == 1 + 4  # admission, 4 chunks of 32 (100 tokens)
    assert sum(isinstance(e, TokenEvent) and e.token_id >= 0 for e in events) == 50


def test_progress_flows_through_the_fallback_chain_and_is_not_a_partial_answer() -> None:
    """Model a fails while reading the prompt: it showed nothing, so b's answer is not marked as
    following a partial one; b's progress comes through too."""
    from llorch.orchestra.pool import Pool
    from llorch.resilience.chain import Answered, FallbackChain, Skipped

    def fail_third(entries: Sequence[tuple[int, int, int, bool]]) -> None:
        if failing.engine.decode_calls == 3:  # its third chunk: llama_decode fails
            failing.engine.fail_next = -3

    failing = fake_worker(n_seq=1, n_ctx=1024, n_batch=16, name="a", on_decode=fail_third)
    answering = fake_worker(n_seq=1, n_ctx=1024, n_batch=16, name="b")
    workers = {"a": failing, "b": answering}
    pool = Pool(lambda ref: workers[ref], budget_bytes=1 << 30)
    try:
        events = list(FallbackChain(pool, None, None).run(("a", "b"), lambda w: Request(prompt=words(99), sampling=GREEDY),
                                                           "", cache=False))
    finally:
        pool.close()
    skipped = next(e for e in events if isinstance(e, Skipped))
    assert skipped.model == "a" and not skipped.partial and "llama_decode returned -3" in skipped.reason
    before, after = events[: events.index(skipped)], events[events.index(skipped) + 1 :]
    assert [e.done for e in before if isinstance(e, PromptProgress)] == [0, 16, 32]
    assert [e.done for e in after if isinstance(e, PromptProgress)] == [0, 16, 32, 48, 64, 80, 96, 100]
    assert any(isinstance(e, Answered) and e.source.model == "b" for e in after)
    assert isinstance(events[-1], Completion) and events[-1].usage.completion_tokens == 3


def test_a_prompt_waiting_behind_another_ones_reading_hears_of_each_step() -> None:
    """Two long prompts admitted together are read one after another; the second hears of every step
    that reads the first (its first-token limit counts that as life): four parts of a long document on
    the 1.5B had the fourth time out at 123 of 2,927 tokens while the other three were read."""
    with fake_worker(n_seq=2, n_ctx=1024, n_batch=16) as w:
        paused, release = gate_decode(w.engine, after=1)
        first = w.submit(Request(prompt=words(99), sampling=GREEDY))
        assert paused.wait(30)  # the first prompt's second chunk waits: the second request is in before it
        second = w.submit(Request(prompt=words(99, seed=1), sampling=GREEDY))
        release.set()
        got_first, got_second = drain(first), drain(second)
    mine = [e.done for e in got_second if isinstance(e, PromptProgress)]
    # admitted after the gated step, then told at each of the four steps that read the first prompt only;
    # the fifth reads the first one's last 4 tokens and 12 of its own
    assert mine[:6] == [0, 0, 0, 0, 0, 12]
    assert mine[-1] == 100 and mine == sorted(mine)
    assert [e.done for e in got_first if isinstance(e, PromptProgress)] == [0, 16, 32, 48, 64, 80, 96, 100]
