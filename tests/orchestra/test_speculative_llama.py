"""Speculative decoding on the real llama.cpp engine: the answers are the ones without drafts.

The tiny model is F32 with random weights, and its answers repeat words of the prompt,
so prompt-lookup drafts are made and partly accepted; the starter rewrites code it is
given, the case n-gram drafting is for.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from support import llama_worker

from llorch.engine.types import Completion, EngineOptions, Message, Request, Sampling

WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "and", "ran", "to", "hello", "world"]


def _prompts(n: int, length: int) -> list[str]:
    rng = random.Random(1)
    return [" ".join(rng.choice(WORDS) for _ in range(length)) for _ in range(n)]


def _answers(model: Path, options: EngineOptions, requests: list[Request]) -> tuple[list[Completion], int, int]:
    with llama_worker(model, options) as w:
        done = [h.result() for h in [w.submit(r) for r in requests]]
        return done, w.drafted, w.accepted


@pytest.mark.parametrize("sampling", [
    Sampling(temperature=0.0, max_tokens=60, repeat_penalty=1.0),
    Sampling(temperature=0.0, max_tokens=60, repeat_penalty=1.1),
    Sampling(temperature=0.8, max_tokens=60, repeat_penalty=1.1, seed=3),
], ids=["greedy", "greedy-penalty", "sampled-penalty"])
def test_answers_are_the_same_with_ngram_drafts_on_the_tiny_model(tiny_model: Path, sampling: Sampling) -> None:
    """Greedy and seeded answers (repeat penalty included: the sampler's history advances once per
    answer token either way) on one slot and batched on two."""
    for slots in (1, 2):
        requests = [Request(prompt=p, sampling=sampling, speculative=mode) for p in _prompts(4, 40)
                    for mode in ("off", "ngram")]
        done, drafted, accepted = _answers(tiny_model, EngineOptions(n_ctx=1024, threads=1, slots=slots), requests)
        plain, drafts = done[0::2], done[1::2]
        assert [c.text for c in drafts] == [c.text for c in plain]
        assert drafted > accepted > 0
        assert all(c.timings.draft_tokens == 0 for c in plain)


def test_logprobs_are_those_of_each_tokens_own_position(tiny_model: Path) -> None:
    """A drafted token's log-probability is read at its own batch row, as it is without drafts."""
    sampling = Sampling(temperature=0.0, max_tokens=40, repeat_penalty=1.0)
    prompt = _prompts(1, 40)[0]
    requests = [Request(prompt=prompt, sampling=sampling, logprobs=True, speculative=mode) for mode in ("off", "ngram")]
    (plain, drafted), _, accepted = _answers(tiny_model, EngineOptions(n_ctx=512, threads=1, slots=1), requests)
    assert accepted > 0 and plain.logprobs and drafted.logprobs
    assert [lp.token_id for lp in drafted.logprobs] == [lp.token_id for lp in plain.logprobs]
    assert [lp.logprob for lp in drafted.logprobs] == pytest.approx([lp.logprob for lp in plain.logprobs], abs=1e-4)


def test_grammar_constrained_answers_are_the_same_with_drafts(tiny_model: Path) -> None:
    """The grammar sees every answer token once, in order, drafts or not."""
    schema = json.dumps({"type": "object", "properties": {"cat": {"type": "boolean"}, "dog": {"type": "boolean"}},
                         "required": ["cat", "dog"]})
    prompt = '{"cat": true, "dog": false} {"cat": false, "dog": true} {"cat": true, "dog": true} {"cat":'
    sampling = Sampling(temperature=0.0, max_tokens=40)
    requests = [Request(prompt=prompt, sampling=sampling, grammar_schema=schema, speculative=mode)
                for mode in ("off", "ngram")]
    (plain, drafted), n_drafted, _ = _answers(tiny_model, EngineOptions(n_ctx=512, threads=1, slots=1), requests)
    assert drafted.text == plain.text
    assert n_drafted > 0


@pytest.mark.starter
def test_a_code_edit_on_the_starter_is_the_same_with_drafts_and_mostly_drafted(starter_model: Path) -> None:
    """An edit of a function: the answer copies most of the prompt (the 0.5B often copies it
    unchanged), so many of its tokens come from accepted drafts, and the greedy text is the one
    without them."""
    code = (
        "def total_price(items, tax_rate):\n"
        "    subtotal = 0\n"
        "    for item in items:\n"
        "        subtotal += item.price * item.quantity\n"
        "    tax = subtotal * tax_rate\n"
        "    return subtotal + tax\n"
    )
    messages = (Message("user", "Rename the variable subtotal to net in this function. Reply with the whole "
                                f"function in a code block, nothing else.\n\n```python\n{code}```"),)
    sampling = Sampling(temperature=0.0, max_tokens=120, repeat_penalty=1.0)
    requests = [Request(messages=messages, sampling=sampling, speculative=mode) for mode in ("off", "ngram")]
    (plain, drafted), n_drafted, n_accepted = _answers(
        starter_model, EngineOptions(n_ctx=2048, threads=2, slots=1), requests)
    assert "def total_price(items, tax_rate):" in plain.text
    assert drafted.text == plain.text
    assert n_accepted > plain.usage.completion_tokens // 3 and n_accepted > n_drafted // 3
