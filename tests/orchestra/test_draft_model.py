"""A draft model drafting for the worker's target model: on FakeSlots, then on real tiny GGUF files.

The fake KV caches raise at once when a decode lands at a position a sequence does not hold, so a
rejected draft left in either model's cells (or a draft sequence out of step) fails these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.engine.types import Completion, Request, Sampling
from llorch.errors import ConfigError, InputError
from llorch.orchestra.draftmodel import DraftModel, check_compatible
from llorch.orchestra.fake import FakeSlots, copying_model, fake_worker

VOCAB = 12
PROMPT = "w2 w3 w4 w5 w6 w7 w2 w3 w4 w5 w6 w7 w2 w3 w8 w9 w10 w11 w2 w3 w4"


def _draft(p_min: float = 0.0, **engine: object) -> DraftModel:
    options: dict[str, object] = {"n_ctx": 1024, "n_seq": 4, "vocab": VOCAB, "name": "draft"}
    options.update(engine)
    return DraftModel(FakeSlots(**options), "draft", p_min=p_min)  # type: ignore[arg-type]


def _answers(sampling: Sampling, draft: DraftModel | None, *, copies: int = 1, target: object = None,
             speculative: str | None = None) -> tuple[list[Completion], object, DraftModel | None]:
    model = copying_model(VOCAB) if target is None else target
    mode = speculative or ("draft:draft" if draft is not None else "off")
    with fake_worker(n_seq=4, n_ctx=1024, vocab=VOCAB, model=model, speculative=mode, draft=draft) as w:
        handles = [w.submit(Request(prompt=PROMPT, sampling=sampling)) for _ in range(copies)]
        done = [h.result() for h in handles]
        return done, w.stats(), draft


def test_a_draft_of_the_same_model_is_always_accepted_and_the_answer_is_unchanged() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=40)
    plain, _, _ = _answers(greedy, None)
    drafted, stats, draft = _answers(greedy, _draft(model=copying_model(VOCAB)))
    assert drafted[0].text == plain[0].text and drafted[0].finish_reason == "length"
    assert stats.drafted == stats.accepted > 0  # type: ignore[attr-defined]
    t = drafted[0].timings
    assert t.draft_tokens == t.draft_accepted == stats.drafted  # type: ignore[attr-defined]
    assert draft is not None and draft.engine.closed  # freed with the worker
    # The draft model read the prompt once and then only its own guesses: nothing twice.
    assert draft.evaluated < len(PROMPT.split()) + 1 + 40


def test_a_draft_model_that_guesses_otherwise_changes_nothing_in_the_answers() -> None:
    """A hash model drafts for the copying one: guesses mostly miss, are cut out of both caches, and
    greedy and seeded answers (two at once, in two slots) are token for token the plain ones."""
    for sampling in (Sampling(temperature=0.0, max_tokens=30), Sampling(temperature=0.9, max_tokens=30, seed=5)):
        plain, _, _ = _answers(sampling, None, copies=2)
        drafted, stats, draft = _answers(sampling, _draft(), copies=2)
        assert [c.text for c in drafted] == [c.text for c in plain]
        assert stats.drafted > stats.accepted  # type: ignore[attr-defined]


def test_drafts_that_miss_pause_and_the_draft_cache_follows_each_sequence() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=60)
    plain, _, _ = _answers(greedy, None)
    drafted, stats, draft = _answers(greedy, _draft())  # the hash model: its guesses miss
    assert drafted[0].text == plain[0].text
    assert stats.drafted > stats.accepted  # type: ignore[attr-defined]
    # Paused after misses: fewer tokens drafted than steps that could draft (unpaused, each drafts 2 or more).
    assert stats.drafted < 59  # type: ignore[attr-defined]


def test_a_draft_stops_where_the_draft_model_is_unsure() -> None:
    unsure = _draft(p_min=0.75, model=copying_model(VOCAB))  # its top token has 0.6 of the weight
    assert len(unsure.propose(0, [0, 2, 3, 4, 2, 3], 4)) == 1  # the first guess is always made
    sure = _draft(p_min=0.75)  # the hash model: one certain token
    assert len(sure.propose(0, [0, 2, 3, 4, 2, 3], 4)) == 4


def test_the_draft_sequence_holds_exactly_what_it_was_told() -> None:
    draft = _draft(model=copying_model(VOCAB))
    history = [0, 2, 3, 4, 2, 3]
    guess = draft.propose(0, history, 3)
    assert len(guess) == 3
    engine = draft.engine
    assert [t for _, t in engine._seq(0)] == history + guess[:-1]  # the last guess is not evaluated
    # The target kept the first guess and sampled something else: the rest is cut, the new token read.
    after = history + [guess[0], 9]
    draft.propose(0, after, 2)
    assert [t for _, t in engine._seq(0)][: len(after)] == after
    # Another request in the same slot: the shared start is kept, the rest replaced.
    other = [0, 2, 5, 5, 5]
    draft.propose(0, other, 1)
    assert [t for _, t in engine._seq(0)] == other
    assert draft.propose(0, other, 0) == []  # paused: nothing evaluated, nothing proposed


def test_a_full_unified_draft_cache_forgets_other_sequences_first() -> None:
    draft = _draft(n_ctx=24, n_seq=2, unified=True, model=copying_model(VOCAB))
    first = [0] + [2, 3, 4] * 5
    assert draft.propose(0, first, 2)
    second = [0] + [5, 6, 7] * 4
    assert draft.propose(1, second, 2)  # 16 + 13 cells do not fit in 24: sequence 0 is dropped
    assert draft.engine._seq(0) == [] and len(draft.engine._seq(1)) >= len(second)


def test_a_request_may_ask_for_the_draft_model_only_where_there_is_one() -> None:
    with fake_worker(n_seq=1, n_ctx=256, vocab=VOCAB) as w:
        with pytest.raises(InputError, match="has no draft model; set speculative = \"draft:MODEL\""):
            w.submit(Request(prompt="w2 w3", speculative="draft"))
    with pytest.raises(ValueError):
        fake_worker(n_seq=1, vocab=VOCAB, speculative="draft:x")  # the setting without its model: a bug


def test_a_sliding_window_draft_model_never_drafts() -> None:
    greedy = Sampling(temperature=0.0, max_tokens=20)
    drafted, stats, _ = _answers(greedy, _draft(n_swa=8, model=copying_model(VOCAB)))
    assert stats.drafted == 0 and drafted[0].finish_reason == "length"  # type: ignore[attr-defined]


def test_compatibility_is_llama_cpps_check() -> None:
    small = FakeSlots(vocab=50)
    check_compatible(FakeSlots(vocab=60), small, target_name="t", draft_name="d")  # sizes within 128
    with pytest.raises(ConfigError, match=r"draft model d cannot draft for t: its vocabulary has 50 tokens, not 300"):
        check_compatible(FakeSlots(vocab=300), small, target_name="t", draft_name="d")


# --- real GGUF files ------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from tinymodel import write_tiny_gguf

    folder = tmp_path_factory.mktemp("draft")
    return write_tiny_gguf(folder / "target.gguf", seed=3), write_tiny_gguf(folder / "draft.gguf", seed=4)


def _real(path: Path, draft: Path | None, *, speculative: str = "off") -> tuple[list[str], int, int]:
    from llorch.engine.types import EngineOptions
    from llorch.runtime import open_worker

    mode = f"draft:{draft}" if draft is not None else speculative
    options = EngineOptions(n_ctx=512, slots=2, threads=1, speculative=mode)
    worker = open_worker(path, options, "target", resolve=Path)
    try:
        prompts = ["the cat sat on the mat and the dog ran to the mat", "hello world the cat"]
        handles = [worker.submit(Request(prompt=p, sampling=Sampling(temperature=0.0, max_tokens=48),
                                         ignore_eos=True)) for p in prompts]
        texts = [h.result().text for h in handles]
        stats = worker.stats()
        return texts, stats.drafted, stats.accepted
    finally:
        worker.close()


def test_a_real_draft_model_leaves_greedy_answers_unchanged(tiny_pair: tuple[Path, Path]) -> None:
    target, other = tiny_pair
    plain, drafted_off, _ = _real(target, None)
    assert drafted_off == 0
    same, drafted, accepted = _real(target, target)  # itself as its draft: its guesses are its answers
    assert same == plain and drafted > 0 and accepted >= 0.9 * drafted
    texts, drafted, accepted = _real(target, other)  # another model of the same vocabulary
    assert texts == plain and drafted > 0 and accepted < drafted


def test_a_draft_model_that_is_missing_or_broken_is_the_settings_error(tiny_pair: tuple[Path, Path],
                                                                       tmp_path: Path) -> None:
    """A missing draft model came out as the target's own load failure: its breaker opened (after the setting was
    fixed, "No model could answer. qwen-0.5b: breaker open"), and the error never named engine.speculative."""
    from llorch.engine.types import EngineOptions
    from llorch.errors import ConfigError, ModelNotFoundError
    from llorch.runtime import open_worker

    target, _other = tiny_pair
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 16)

    def resolve(ref: str) -> Path:
        if ref == "nosuch":
            raise ModelNotFoundError("model 'nosuch' not found")
        return Path(ref)

    for drafter, cause in (("nosuch", "model 'nosuch' not found"), (str(broken), str(broken))):
        options = EngineOptions(n_ctx=512, slots=1, threads=1, speculative=f"draft:{drafter}")
        with pytest.raises(ConfigError, match=r"^model target: speculative = 'draft:.*' \(engine.speculative\): .*") \
                as caught:
            open_worker(target, options, "target", resolve=resolve)
        assert cause in str(caught.value)
