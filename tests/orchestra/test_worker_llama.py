"""The worker on the real llama.cpp engine: batching, prefix reuse, sliding-window memory, saved states."""

from __future__ import annotations

import math
import random
import threading
from pathlib import Path

import pytest

from support import llama_worker

from llorch.engine.llama import LlamaSlots
from llorch.engine.types import Completion, EngineOptions, PromptProgress, Request, Sampling, TokenEvent
from llorch.orchestra.kvdisk import SeqStateStore
from llorch.orchestra.worker import Worker

TINY_WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "and", "ran", "to", "hello", "world"]


def tiny_text(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(TINY_WORDS) for _ in range(n))


def greedy(n: int) -> Sampling:
    return Sampling(temperature=0.0, max_tokens=n, repeat_penalty=1.1)


def answers(worker: Worker, prompts: list[str], sampling: Sampling, *, logprobs: bool = False) -> list[Completion]:
    handles = [worker.submit(Request(prompt=p, sampling=sampling, logprobs=logprobs)) for p in prompts]
    return [h.result() for h in handles]


@pytest.mark.parametrize("slots", [1, 2, 4, 8])
def test_batched_equals_single_on_the_tiny_model(tiny_model: Path, slots: int) -> None:
    prompts = [tiny_text(3 + 9 * i, seed=i) for i in range(8)]
    with llama_worker(tiny_model, EngineOptions(n_ctx=256, threads=1, slots=1)) as w:
        expected = [answers(w, [p], greedy(24))[0].text for p in prompts]
    with llama_worker(tiny_model, EngineOptions(n_ctx=2048, threads=1, slots=slots, n_batch=64)) as w:
        got = answers(w, prompts, greedy(24))
    assert [c.text for c in got] == expected


@pytest.mark.starter
def test_batched_equals_single_on_a_quantized_model_up_to_near_ties(gemma_model: Path) -> None:
    """On a quantized model the batch size changes llama.cpp's rounding a little, so two
    greedy answers may part where the two most likely tokens were all but tied. They must
    agree up to such a point, and there the chosen tokens must be (nearly) equally likely:
    a worker that fed a sequence the wrong context would pick from another distribution."""
    prompts = ["The capital of France is", "Once upon a time", "def fibonacci(n):", "The three primary colours are",
               "In 1969, the first", "Water boils at", "My favourite food is", "The quick brown fox"]
    sampling = Sampling(temperature=0.0, max_tokens=24, repeat_penalty=1.0)
    with llama_worker(gemma_model, EngineOptions(n_ctx=1024, threads=2, slots=1)) as w:
        single = [answers(w, [p], sampling, logprobs=True)[0] for p in prompts]
    with llama_worker(gemma_model, EngineOptions(n_ctx=4096, threads=2, slots=8)) as w:
        batched = answers(w, prompts, sampling, logprobs=True)
    same = 0
    for a, b in zip(single, batched):
        assert a.logprobs is not None and b.logprobs is not None
        ta, tb = [lp.token_id for lp in a.logprobs], [lp.token_id for lp in b.logprobs]
        if ta == tb:
            same += 1
            continue
        i = next(k for k, (x, y) in enumerate(zip(ta, tb)) if x != y)
        # Each run chose its most likely token; nearly equal probabilities mean a near tie, not another context.
        assert abs(math.exp(a.logprobs[i].logprob) - math.exp(b.logprobs[i].logprob)) < 0.05, (a.text, b.text)
    assert same >= len(prompts) // 4


def test_a_shared_500_token_prefix_is_evaluated_once(tiny_model: Path) -> None:
    prefix = tiny_text(500, seed=42)
    with llama_worker(tiny_model, EngineOptions(n_ctx=2048, threads=1, slots=2)) as w:
        first = answers(w, [prefix + " cat sat"], greedy(4))[0]
        second = answers(w, [prefix + " dog ran to the mat"], greedy(4))[0]
        n_prefix = len(w.tokenize(prefix))
    assert first.usage.cached_tokens == 0
    assert second.usage.cached_tokens >= n_prefix - 1
    assert second.timings.prompt_eval_tokens == second.usage.prompt_tokens - second.usage.cached_tokens
    assert second.timings.prompt_eval_tokens <= second.usage.prompt_tokens - n_prefix + 1


def test_no_thread_but_the_scheduler_calls_into_the_context(tiny_model: Path) -> None:
    with llama_worker(tiny_model, EngineOptions(n_ctx=1024, threads=1, slots=4)) as w:
        callers: set[int] = set()
        engine = w.engine
        for name in ("decode", "sample", "token_logprobs", "seq_rm", "seq_cp", "seq_pos_min", "save_seq", "load_seq"):
            inner = getattr(engine, name)

            def spy(*args: object, _inner: object = inner) -> object:
                callers.add(threading.get_ident())
                return _inner(*args)  # type: ignore[operator]

            setattr(engine, name, spy)
        threads = [threading.Thread(target=answers, args=(w, [tiny_text(20, seed=i)], greedy(8))) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert callers == {w._thread.ident}


@pytest.mark.starter
def test_sliding_window_memory_falls_back_to_a_full_evaluation(gemma_model: Path) -> None:
    """Gemma 3 has sliding-window layers (512 positions). With a window-sized cache, a
    long sequence loses its first positions, so a prompt that shares only its start must
    be evaluated whole; with the full-size cache (the default) the start is reused."""
    start = "The history of the printing press begins " * 30
    long_tail = " and then the story went on for a very long time" * 90
    follow = start + " What came next?"
    sampling = Sampling(temperature=0.0, max_tokens=8, repeat_penalty=1.0)
    for swa_full in (False, True):
        with llama_worker(gemma_model, EngineOptions(n_ctx=4096, threads=2, slots=1, swa_full=swa_full)) as w:
            answers(w, [start + long_tail], sampling)
            done = answers(w, [follow], sampling)[0]
            n_start = len(w.tokenize(start))
            if swa_full:
                assert done.usage.cached_tokens >= n_start - 1 and w.kv.full_reevals == 0
            else:
                assert done.usage.cached_tokens == 0 and w.kv.full_reevals == 1
                fallback_text = done.text
    with llama_worker(gemma_model, EngineOptions(n_ctx=4096, threads=2, slots=1)) as cold:
        assert answers(cold, [follow], sampling)[0].text == fallback_text


def test_a_model_without_sliding_windows_reuses_any_prefix(tiny_model: Path) -> None:
    start = tiny_text(100, seed=1)
    with llama_worker(tiny_model, EngineOptions(n_ctx=2048, threads=1, slots=1)) as w:
        answers(w, [start + " " + tiny_text(300, seed=2)], greedy(4))
        done = answers(w, [start + " cat"], greedy(4))[0]
        assert done.usage.cached_tokens >= len(w.tokenize(start)) - 1 and w.kv.full_reevals == 0


def test_a_saved_sequence_restores_in_a_new_context(tiny_model: Path, tmp_path: Path) -> None:
    history = tiny_text(300, seed=7)
    opts = EngineOptions(n_ctx=2048, threads=1, slots=2)

    def worker() -> Worker:
        engine = LlamaSlots(tiny_model, opts)
        return Worker(engine, disk=SeqStateStore(tmp_path, engine.state_key()))

    with worker() as w:
        w.submit(Request(prompt=history, sampling=greedy(4)), save_state=True).result()
    follow = history + " dog ran"
    with worker() as w:  # a fresh context, as in the next process
        restored = answers(w, [follow], greedy(8))[0]
        assert w.kv.disk_hits == 1
    assert restored.usage.cached_tokens >= len(history.split()) and restored.timings.prompt_eval_tokens < 10
    with llama_worker(tiny_model, opts) as cold:
        assert answers(cold, [follow], greedy(8))[0].text == restored.text


@pytest.mark.parametrize("unified", [False, True])
def test_a_prefix_copied_from_a_busy_slot_gives_the_cold_answer(tiny_model: Path, unified: bool) -> None:
    """llama.cpp shares cells within one buffer, and copies whole sequences between separate ones."""
    prefix = tiny_text(150, seed=9)
    with llama_worker(tiny_model, EngineOptions(n_ctx=1024, threads=1, slots=1)) as cold:
        expected = answers(cold, [prefix + " dog ran"], greedy(12))[0].text
    with llama_worker(tiny_model, EngineOptions(n_ctx=1024, threads=1, slots=3, kv_unified=unified)) as w:
        busy = w.submit(Request(prompt=prefix + " cat sat", sampling=greedy(60)))
        busy.get(30)  # answering: its slot holds the prefix
        copied = answers(w, [prefix + " dog ran"], greedy(12))[0]
        busy.result()
        assert w.kv.copies == 1 and copied.usage.cached_tokens >= len(w.tokenize(prefix)) - 1
    assert copied.text == expected


@pytest.mark.starter
def test_control_and_marker_tokens_never_reach_the_text(gemma_model: Path) -> None:
    """Gemma's <start_of_image> (a user-defined marker) appeared in plain completions."""
    engine = LlamaSlots(gemma_model, EngineOptions(n_ctx=512, threads=2))
    try:
        for marker in ("<start_of_image>", "<end_of_turn>", "<eos>", "<unused5>"):
            (token,) = engine.tokenize(marker, add_bos=False, special=True)
            assert engine.piece(token) == b"", marker
        (word,) = engine.tokenize(" Paris", add_bos=False)
        assert engine.piece(word) == b" Paris"
    finally:
        engine.close()


@pytest.mark.parametrize("unified", [True, False])
def test_consensus_sampling_evaluates_the_shared_prompt_once(tiny_model: Path, unified: bool) -> None:
    """Five answers to one prompt with distinct seeds: llama.cpp evaluates the prompt once and the
    other four sequences copy its KV (llama_memory_seq_cp); each answer is what it is alone."""
    prompt = tiny_text(60, seed=5)
    samplings = [Sampling(temperature=0.9, seed=s, max_tokens=8) for s in range(5)]
    with llama_worker(tiny_model, EngineOptions(n_ctx=1024 if unified else 512, threads=1, slots=5,
                                                kv_unified=unified, n_batch=64)) as w:
        handles = [w.submit(Request(prompt=prompt, sampling=s)) for s in samplings]
        together = [h.result() for h in handles]
        copies = w.kv.copies
    n_prompt = together[0].usage.prompt_tokens
    assert sorted(c.timings.prompt_eval_tokens for c in together) == [1, 1, 1, 1, n_prompt]
    assert copies == 4
    with llama_worker(tiny_model, EngineOptions(n_ctx=512, threads=1, slots=1)) as w:
        alone = [w.submit(Request(prompt=prompt, sampling=s)).result().text for s in samplings]
    assert [c.text for c in together] == alone


def test_a_long_prompt_reports_progress_up_to_its_total_on_the_tiny_model(tiny_model: Path) -> None:
    """llama.cpp reads some 500 tokens in chunks of n_batch = 64: a PromptProgress after each, with the speed
    measured on the way, the last one at the total, all before the first token."""
    prompt = tiny_text(150, seed=11)
    with llama_worker(tiny_model, EngineOptions(n_ctx=1024, threads=1, slots=1, n_batch=64, n_ubatch=64)) as w:
        n_tokens = len(w.tokenize(prompt))
        handle = w.submit(Request(prompt=prompt, sampling=greedy(4)))
        events = []
        while (event := handle.get(60)) is not None:
            events.append(event)
        measured = w.pp_tokens_per_s
    progress = [e for e in events if isinstance(e, PromptProgress)]
    assert n_tokens > 5 * 64
    assert [p.done for p in progress] == [*range(0, n_tokens, 64), n_tokens]
    assert {p.total for p in progress} == {n_tokens}
    assert all(p.tokens_per_s > 0 for p in progress[1:]) and measured > 0
    first_token = next(i for i, e in enumerate(events) if isinstance(e, TokenEvent))
    assert first_token == len(progress)  # every progress event came before the answer
    assert isinstance(events[-1], Completion) and events[-1].usage.prompt_tokens == n_tokens


def test_an_interactive_request_goes_ahead_and_a_paused_bulk_one_answers_the_same(tiny_model: Path) -> None:
    """One slot: a bulk request is answering when an interactive and another bulk request arrive. The
    interactive one takes the slot at once (the bulk one is paused, its KV given up), answers first;
    the paused one then continues from its own tokens, and every answer is the one given alone."""
    from support import gate_decode

    opts = EngineOptions(n_ctx=1024, threads=1, slots=1)
    first, other, chat = tiny_text(60, seed=41), tiny_text(20, seed=42), tiny_text(12, seed=43)
    with llama_worker(tiny_model, opts) as w:
        expected = [answers(w, [p], greedy(n))[0].text for p, n in ((first, 40), (other, 8), (chat, 16))]
    with llama_worker(tiny_model, opts) as w:
        paused, release = gate_decode(w.engine, after=6)  # the bulk request has a few tokens
        a = w.submit(Request(prompt=first, sampling=greedy(40), priority="bulk"), stamps=True)
        assert paused.wait(30)
        b = w.submit(Request(prompt=other, sampling=greedy(8), priority="bulk"), stamps=True)
        c = w.submit(Request(prompt=chat, sampling=greedy(16)), stamps=True)
        release.set()
        done = [h.result() for h in (a, b, c)]
        assert w.stats().paused == 1
    assert [d.text for d in done] == expected
    assert done[0].usage.completion_tokens == 40
    assert c.token_times[0] < b.token_times[0] and c.token_times[-1] < a.token_times[-1]
