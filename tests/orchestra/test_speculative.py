"""Speculative decoding in the worker, on FakeSlots: drafts verified inside the one batch.

The fake model here copies (the token that followed the last token's previous occurrence
is the likeliest next one), so prompt-lookup drafts are often right and sometimes wrong;
the fake KV cache raises at once if a rejected draft is left in a sequence's cells.
"""

from __future__ import annotations

import math
import random
import zlib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.engine.types import Completion, Request, Sampling
from llorch.errors import ConfigError, InputError
from llorch.orchestra.fake import copying_model, fake_worker
from llorch.orchestra.speculative import BUSY, K_MAX, K_MIN, K_START, DraftControl, NgramDraft
from llorch.settings.speculative import check_speculative, draft_model, parse_speculative

VOCAB = 12


copying = copying_model(VOCAB)


PROMPT = "w2 w3 w4 w5 w6 w7 w2 w3 w4 w5 w6 w7 w2 w3 w8 w9 w10 w11 w2 w3 w4"


def run(prompt: str, sampling: Sampling, mode: str, *, n_seq: int = 1, copies: int = 1, **engine: object) -> tuple[list[Completion], object]:
    with fake_worker(n_seq=n_seq, n_ctx=1024, vocab=VOCAB, model=copying, speculative=mode, **engine) as w:
        handles = [w.submit(Request(prompt=prompt, sampling=sampling)) for _ in range(copies)]
        done = [h.result() for h in handles]
        return done, w.stats()


# --- the n-gram source -------------------------------------------------------------


def test_prompt_lookup_proposes_what_followed_the_latest_longest_match() -> None:
    source = NgramDraft(n_min=2, n_max=3)
    history = [1, 2, 3, 4, 5, 9, 2, 3, 7, 8, 1, 2, 3]
    # [2, 3] ended at 3 and at 8 (latest: 8 -> 7, 8...), but the 3-gram [1, 2, 3] ended at 3 -> 4, 5
    assert source.propose(history, 2) == [4, 5]
    assert source.propose(history + [4], 3) == [5, 9, 2]  # [2, 3, 4] -> what came after it
    assert NgramDraft(2, 2).propose([1, 2, 3, 4, 5, 9, 2, 3, 7, 8, 1, 2, 3], 2) == [7, 8]  # bigrams only: the latest
    assert source.propose([5, 6, 7, 8], 4) == []  # a new sequence (shorter): no match, nothing proposed
    assert source.propose([5, 6, 7, 8, 5, 6], 0) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=60), st.integers(1, 6))
def test_the_incremental_index_proposes_what_a_fresh_scan_does(tokens: list[int], k: int) -> None:
    """Growing the history a token at a time gives the same drafts as looking at it whole (a match whose
    continuation runs into the end repeats, since what followed it is what follows now)."""
    grown = NgramDraft(2, 4)
    for end in range(1, len(tokens) + 1):
        history = tokens[:end]
        expected: list[int] = []
        for n in range(min(4, end), 1, -1):
            key = history[end - n :]
            at = max((e for e in range(n, end) if history[e - n : e] == key), default=None)
            if at is not None:
                expected = [history[at + j] if at + j < end else 0 for j in range(k)]
                for j in range(k):  # past the end: the run from `at` repeats (period end - at)
                    if at + j >= end:
                        expected[j] = expected[j - (end - at)]
                break
        assert grown.propose(history, k) == expected


def test_draft_length_follows_acceptance_and_auto_pauses_after_misses() -> None:
    class Always:
        def propose(self, history: object, k: int) -> list[int]:
            return [7] * k

    control = DraftControl(Always(), "auto")
    assert len(control.propose([], 100)) == K_START
    control.update(K_START, K_START)  # all kept: longer
    assert control.k == 2 * K_START
    for _ in range(5):
        control.update(control.k, control.k)
    assert control.k == K_MAX and len(control.propose([], 3)) == 3  # never past the room given
    control.update(K_MAX, 1)  # mostly missed: shorter
    assert K_MIN <= control.k < K_MAX
    control.update(control.k, 0)
    control.update(control.k, 0)  # two misses in a row: a pause
    pause = control.paused_steps
    assert pause > 0 and [control.propose([], 8) for _ in range(pause)] == [[]] * pause
    assert control.propose([], 8)  # then it tries again
    control.update(control.k, 0)
    control.update(control.k, 0)
    assert control.paused_steps == 2 * pause  # missing again: a longer pause
    assert (control.drafted, control.accepted) > (0, 0)

    forced = DraftControl(Always(), "ngram")
    for _ in range(6):
        forced.update(forced.k, 0)
    assert forced.paused_steps == 0 and forced.propose([], 8)  # "ngram" never pauses


def test_the_setting_parses_and_names_its_draft_model() -> None:
    assert [parse_speculative(v) for v in ("auto", " NGRAM ", "off", "draft: qwen-0.5b ")] == [
        "auto", "ngram", "off", "draft:qwen-0.5b"]
    for bad in ("on", "", "draft:", 3):
        with pytest.raises(ValueError):
            parse_speculative(bad)
    assert check_speculative("Draft:small", "model m") == "draft:small"
    assert draft_model("draft:small") == "small" and draft_model("auto") is None
    with pytest.raises(ConfigError, match="model m: speculative = 'sometimes' must be"):
        check_speculative("sometimes", "model m")
    with pytest.raises(ConfigError, match="must be"):
        fake_worker(speculative="sometimes")


# --- the worker --------------------------------------------------------------------


@pytest.mark.parametrize("n_seq,copies", [(1, 1), (4, 2)])
def test_greedy_answers_are_the_same_with_drafts_and_take_fewer_steps(n_seq: int, copies: int) -> None:
    greedy = Sampling(temperature=0.0, max_tokens=40)
    plain, plain_stats = run(PROMPT, greedy, "off", n_seq=n_seq, copies=copies)
    drafted, stats = run(PROMPT, greedy, "ngram", n_seq=n_seq, copies=copies)
    assert [c.text for c in drafted] == [c.text for c in plain]
    assert [c.finish_reason for c in drafted] == ["length"] * copies
    assert plain_stats.drafted == 0  # type: ignore[attr-defined]
    assert stats.drafted > stats.accepted > 0  # type: ignore[attr-defined]
    t = drafted[0].timings
    assert t.draft_tokens > t.draft_accepted > 0 and t.eval_tokens == 39  # every answer token but the first
    assert sum(c.timings.draft_accepted for c in drafted) == stats.accepted  # type: ignore[attr-defined]


def test_fewer_decode_steps_with_drafts() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=40)
    calls = {}
    for mode in ("off", "ngram"):
        with fake_worker(n_seq=1, n_ctx=1024, vocab=VOCAB, model=copying, speculative=mode) as w:
            w.submit(Request(prompt=PROMPT, sampling=greedy)).result()
            calls[mode] = w.engine.decode_calls
    assert calls["ngram"] < calls["off"] == 40  # the prompt, then one step per token but the last


def test_sampled_answers_are_the_same_seed_for_seed() -> None:
    """Each position is sampled by the request's own sampler, once per answer token: with a seed,
    drafting changes nothing in the answer."""
    for seed in range(12):
        sampling = Sampling(temperature=0.8, max_tokens=30, seed=seed)
        plain, _ = run(PROMPT, sampling, "off")
        drafted, _ = run(PROMPT, sampling, "ngram")
        assert drafted[0].text == plain[0].text


def _exact(prefix: tuple[int, ...], steps: int) -> dict[tuple[int, ...], float]:
    """The model's probability of each possible first `steps` answer tokens."""
    if steps == 0:
        return {(): 1.0}
    weights = copying(prefix)
    total = sum(weights.values())
    out: dict[tuple[int, ...], float] = {}
    for token, weight in weights.items():
        for rest, p in _exact(prefix + (token,), steps - 1).items():
            out[(token,) + rest] = out.get((token,) + rest, 0.0) + weight / total * p
    return out


def _chi2_critical(df: int, z: float = 3.09) -> float:
    """The chi-square value a fit exceeds with probability 0.001 (Wilson-Hilferty; z is that normal quantile)."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def test_sampled_answers_follow_the_model_distribution() -> None:
    """Accept-on-equality, sampling each verified position with the request's sampler, leaves the
    distribution of answers the model's own: the first three tokens of 600 seeded answers fit
    the exact distribution (chi-square at p = 0.001, rare outcomes pooled)."""
    steps, runs = 3, 600
    prompt = "w2 w3 w4 w2 w3 w4 w2 w3"
    with fake_worker(n_seq=4, n_ctx=4096, vocab=VOCAB, model=copying, speculative="ngram") as w:
        handles = [w.submit(Request(prompt=prompt, sampling=Sampling(temperature=1.0, max_tokens=steps, seed=s)))
                   for s in range(runs)]
        answers = [h.result() for h in handles]
        assert w.stats().accepted > 0
    seen = Counter(tuple(int(word[1:]) for word in c.text.split()) for c in answers)
    exact = _exact((0, 2, 3, 4, 2, 3, 4, 2, 3), steps)  # BOS, then the prompt's tokens
    observed, expected, pooled = [], [], [0.0, 0.0]
    for outcome, p in exact.items():
        if p * runs >= 5:
            observed.append(seen[outcome])
            expected.append(p * runs)
        else:
            pooled[0] += seen[outcome]
            pooled[1] += p * runs
    if pooled[1] > 0:
        observed.append(int(pooled[0]))
        expected.append(pooled[1])
    assert sum(seen.values()) == runs and set(seen) <= set(exact)
    chi2 = sum((o - e) ** 2 / e for o, e in zip(observed, expected))
    assert chi2 < _chi2_critical(len(expected) - 1), (chi2, observed, expected)


def test_auto_drafts_alone_but_not_in_a_busy_batch() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=30)
    _, alone = run(PROMPT, greedy, "auto")
    assert alone.drafted > 0  # type: ignore[attr-defined]
    busy = BUSY + 2
    _, crowded = run(PROMPT, greedy, "auto", n_seq=busy, copies=busy)
    _, forced = run(PROMPT, greedy, "ngram", n_seq=busy, copies=busy)
    assert crowded.drafted < alone.drafted  # type: ignore[attr-defined]  # only while few were still generating
    assert forced.drafted > crowded.drafted  # type: ignore[attr-defined]


def test_a_request_can_turn_drafting_off_or_on() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=30)
    with fake_worker(n_seq=1, n_ctx=1024, vocab=VOCAB, model=copying, speculative="ngram") as w:
        off = w.submit(Request(prompt=PROMPT, sampling=greedy, speculative="off")).result()
        assert w.stats().drafted == 0 and off.timings.draft_tokens == 0
        with pytest.raises(InputError, match="speculative"):
            w.submit(Request(prompt=PROMPT, sampling=greedy, speculative="maybe"))
    with fake_worker(n_seq=1, n_ctx=1024, vocab=VOCAB, model=copying, speculative="off") as w:
        on = w.submit(Request(prompt=PROMPT, sampling=greedy, speculative="ngram")).result()
        assert on.timings.draft_tokens > 0 and on.text == off.text


@pytest.mark.parametrize("memory", [{"partial_rm": False}, {"n_swa": 64}])
def test_memory_that_cannot_drop_a_sequence_end_never_drafts(memory: dict[str, object]) -> None:
    done, stats = run(PROMPT, Sampling(temperature=0.0, max_tokens=20), "ngram", **memory)
    assert stats.drafted == 0 and done[0].usage.completion_tokens == 20  # type: ignore[attr-defined]


def test_drafts_stop_at_the_answer_limit_and_at_a_stop_string() -> None:
    for max_tokens in (1, 2, 7):
        done, _ = run(PROMPT, Sampling(temperature=0.0, max_tokens=max_tokens), "ngram")
        assert done[0].usage.completion_tokens == max_tokens
    plain, _ = run(PROMPT, Sampling(temperature=0.0, max_tokens=40), "off")
    text = plain[0].text
    stop = " ".join(text.split()[9:11])
    before = text[: text.index(stop)].rstrip()
    assert len(before.split()) >= 3
    for mode in ("off", "ngram"):
        done, _ = run(PROMPT, Sampling(temperature=0.0, max_tokens=40, stop=(stop,)), mode)
        assert done[0].finish_reason == "stop" and done[0].text.rstrip() == before


def test_drafts_never_push_a_cached_prefix_out_of_a_full_unified_cache() -> None:
    """Drafts need cells; with none to spare they are left out rather than taking the cells of an
    idle cached prompt that the answer itself (stopped early) never needed."""
    cached = " ".join(f"w{i}" for i in range(10, 39))  # 30 cells with BOS
    prompt = " ".join(f"w{i}" for i in range(2, 50))  # 49 cells; the copying model goes on w8 w9 w10 ...
    stop = Sampling(temperature=0.0, max_tokens=30, stop=("w14 w15",))  # 6 answer tokens: 49 + 6 + 30 < 86
    with fake_worker(n_seq=2, n_ctx=86, vocab=50, model=copying_model(50), speculative="ngram") as w:
        w.submit(Request(prompt=cached, sampling=Sampling(temperature=0.0, max_tokens=1))).result()
        answer = w.submit(Request(prompt=prompt, sampling=stop)).result()
        again = w.submit(Request(prompt=cached, sampling=Sampling(temperature=0.0, max_tokens=1))).result()
        stats = w.stats()
    assert answer.text.split() == ["w8", "w9", "w10", "w11", "w12", "w13"] and answer.finish_reason == "stop"
    assert stats.drafted > 0
    assert again.usage.cached_tokens == 29  # the idle prompt kept its cells


def _within(handle: object, seconds: float = 60.0) -> Completion:
    """The handle's Completion, or a failure after `seconds` without an event (a scheduler that loops)."""
    while True:
        event = handle.get(seconds)  # type: ignore[attr-defined]  # queue.Empty when nothing comes
        if isinstance(event, Completion):
            return event
        assert event is not None, "the stream ended without a completion"


def test_drafts_stay_within_each_answers_own_room() -> None:
    """Two answers that will fill a unified cache exactly: a draft never reaches past what its answer
    may still take (no decode beyond the position of its last decoded token), so neither is set back
    to the queue."""
    prompts = [" ".join(f"w{2 + (i * j) % 5}" for i in range(20)) for j in (1, 2)]
    greedy = Sampling(temperature=0.0, max_tokens=20)
    plain = [run(p, greedy, "off")[0][0].text for p in prompts]
    highest: dict[int, int] = {}

    def watch(entries: object) -> None:
        for _token, pos, seq, _logits in entries:  # type: ignore[attr-defined]
            highest[seq] = max(highest.get(seq, 0), pos)

    # Two prompts of 21 tokens and answers of 20 (the last never decoded): 80 cells, all of them.
    with fake_worker(n_seq=2, n_ctx=80, vocab=VOCAB, model=copying, speculative="ngram", on_decode=watch) as w:
        got = [_within(h) for h in [w.submit(Request(prompt=p, sampling=greedy)) for p in prompts]]
        stats = w.stats()
    assert [c.text for c in got] == plain and [c.finish_reason for c in got] == ["length"] * 2
    assert stats.drafted > 0 and stats.preemptions == 0
    assert highest == {0: 21 + 20 - 2, 1: 21 + 20 - 2}
    highest.clear()
    with fake_worker(n_seq=1, n_ctx=1024, vocab=VOCAB, model=copying, speculative="ngram", on_decode=watch) as w:
        alone = _within(w.submit(Request(prompt=prompts[0], sampling=greedy)))  # room to spare: still no further
    assert alone.text == plain[0] and alone.timings.draft_tokens > 0 and highest == {0: 21 + 20 - 2}


def test_a_random_mix_of_requests_is_answered_the_same_with_drafts() -> None:
    rng = random.Random(5)
    prompts = [" ".join(f"w{rng.randrange(2, VOCAB)}" for _ in range(rng.randrange(3, 30))) for _ in range(10)]
    samplings = [Sampling(temperature=rng.choice([0.0, 0.7]), max_tokens=rng.randrange(1, 25), seed=i) for i in range(10)]
    out = {}
    for mode in ("off", "ngram"):
        with fake_worker(n_seq=3, n_ctx=200, n_batch=16, vocab=VOCAB, model=copying, speculative=mode) as w:
            handles = [w.submit(Request(prompt=p, sampling=s)) for p, s in zip(prompts, samplings)]
            out[mode] = [h.result().text for h in handles]
    assert out["ngram"] == out["off"]


# --- shared across a conversation ---------------------------------------------------


def test_the_next_turn_goes_on_with_the_index_or_remembers_it() -> None:
    first = NgramDraft(2, 3)
    turn1 = [5, 6, 7, 8, 9, 5, 6]
    assert first.propose(turn1, 3) == [7, 8, 9] and first.indexed == len(turn1)
    turn2 = turn1 + [7, 1, 2, 3, 4, 1, 2]  # the history so far and a new turn: the same index goes on
    same = first.continued(turn2)
    assert same is first and same.propose(turn2, 2) == [3, 4] and same.indexed == len(turn2)
    other = [20, 21, 8, 9]  # a prompt that left the first turn out: its own index, the old one as memory
    fresh = same.continued(other)
    assert fresh is not same and fresh.memory is same and fresh.propose(other, 3) == [5, 6, 7]
    assert fresh.propose(other + [20, 21], 2) == [8, 9]  # its own history first
    assert fresh.continued([1]).memory is fresh and fresh.memory is None  # one turn back, no chain of them


def _markov(seen: tuple[int, ...]) -> dict[int, float]:
    """A model whose next token depends on the last two only: what followed a pair anywhere follows it again
    (over 998 words, so an answer of 30 does not repeat itself)."""
    return {zlib.crc32(f"{seen[-2]} {seen[-1]}".encode()) % 998 + 2: 1.0}


def test_a_later_request_in_the_slot_drafts_from_the_earlier_answer() -> None:
    """The first answer's n-grams stay with the slot: a second prompt that ends where the first answer
    went (but holds none of it) drafts from it; on a fresh worker it has nothing to draft from."""
    greedy = Sampling(temperature=0.0, max_tokens=30)
    with fake_worker(n_seq=1, n_ctx=1024, vocab=1000, model=_markov, speculative="ngram") as w:
        first = w.submit(Request(prompt="w2 w3", sampling=greedy)).result()
        pair = " ".join(first.text.split()[4:6])
        second = w.submit(Request(prompt=f"w40 w41 {pair}", sampling=greedy)).result()
    with fake_worker(n_seq=1, n_ctx=1024, vocab=1000, model=_markov, speculative="ngram") as w:
        alone = w.submit(Request(prompt=f"w40 w41 {pair}", sampling=greedy)).result()
    assert second.text == alone.text
    assert second.timings.draft_accepted >= 20 and alone.timings.draft_tokens == 0
