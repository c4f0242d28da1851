"""Perplexity and KL divergence as llama-perplexity computes them, checked against a plain numpy
reimplementation over logits of the same tiny model (read one chunk at a time), and on the starter."""

from __future__ import annotations

import math
import random
from pathlib import Path

import numpy as np
import pytest

from support import llama_worker
from tinymodel import WORDS, write_tiny_gguf

from llorch.engine import EngineOptions
from llorch.errors import InputError
from llorch.evals.perplexity import default_text, default_text_path, run_perplexity

TINY_BOS = 1  # tinymodel.py writes add_bos_token = True with BOS id 1
N_CTX = 64


@pytest.fixture(scope="module")
def text() -> str:
    rng = random.Random(7)
    return " ".join(rng.choice(WORDS[:11]) for _ in range(300))


@pytest.fixture(scope="module")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Same vocabulary as tiny_model, other random weights: a 'quantization' that differs."""
    return write_tiny_gguf(tmp_path_factory.mktemp("models") / "tiny-other.gguf", seed=1)


def _reference_logits(model: Path, text: str, n_ctx: int) -> tuple[list[np.ndarray], list[np.ndarray], int]:
    """Each whole chunk's tokens and float64 logits for every position, read alone as one sequence
    with its first token replaced by BOS."""
    with llama_worker(model, EngineOptions(n_ctx=n_ctx, n_batch=n_ctx, threads=1, n_gpu_layers=0)) as worker:
        tokens = worker.tokenize(text, add_bos=True)
        assert tokens[0] == TINY_BOS
        chunks = [np.array(tokens[i * n_ctx : (i + 1) * n_ctx]) for i in range(len(tokens) // n_ctx)]

        def read(engine, chunk):  # type: ignore[no-untyped-def]
            engine.clear()
            assert engine.decode([(TINY_BOS if i == 0 else int(t), i, 0, True) for i, t in enumerate(chunk)]) == 0
            return np.array(engine.logits(0, len(chunk)), dtype=np.float64)

        return chunks, [worker.call(lambda e, c=c: read(e, c)) for c in chunks], len(tokens)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    top = logits.max(axis=-1, keepdims=True)
    return logits - top - np.log(np.exp(logits - top).sum(axis=-1, keepdims=True))


def _scored_nll(chunks: list[np.ndarray], logits: list[np.ndarray], n_ctx: int) -> np.ndarray:
    """-log p of tokens n_ctx/2+1 .. n_ctx-1 of each chunk, predicted from the position before."""
    first = n_ctx // 2
    out = []
    for tokens, rows in zip(chunks, logits, strict=True):
        logp = _log_softmax(rows)
        out += [-logp[j, tokens[j + 1]] for j in range(first, n_ctx - 1)]
    return np.array(out)


@pytest.mark.parametrize("n_batch", [2048, N_CTX, 24])  # several chunks per decode; one each; one in pieces
def test_perplexity_matches_a_plain_reimplementation(tiny_model: Path, text: str, n_batch: int) -> None:
    chunks, logits, n_tokens = _reference_logits(tiny_model, text, N_CTX)
    nll = _scored_nll(chunks, logits, N_CTX)
    seen: list[tuple[int, int]] = []
    result = run_perplexity(tiny_model, text, n_ctx=N_CTX, n_batch=n_batch, threads=1,
                            progress=lambda done, total: seen.append((done, total)),
                            options=EngineOptions(n_gpu_layers=0))
    assert len(chunks) >= 3 and result.chunks == len(chunks)
    assert result.tokens == len(chunks) * (N_CTX - 1 - N_CTX // 2) == len(nll)
    assert result.ppl == pytest.approx(math.exp(nll.mean()), rel=1e-5)
    assert result.ppl_error == pytest.approx(math.exp(nll.mean()) * nll.std() / math.sqrt(len(nll) - 1), rel=1e-4)
    running = [math.exp(nll[: (i + 1) * (N_CTX - 1 - N_CTX // 2)].mean()) for i in range(len(chunks))]
    assert result.running == pytest.approx(running, rel=1e-5)
    assert seen == [(i, len(chunks)) for i in range(1, len(chunks) + 1)]
    assert result.text_tokens == n_tokens and n_tokens % N_CTX  # a partial last chunk is left out
    assert result.lines()[-1].startswith(f"Final estimate: PPL = {result.ppl:.4f} +/- ")


def test_chunks_limits_the_chunks_read(tiny_model: Path, text: str) -> None:
    chunks, logits, _ = _reference_logits(tiny_model, text, N_CTX)
    nll = _scored_nll(chunks[:2], logits[:2], N_CTX)
    result = run_perplexity(tiny_model, text, n_ctx=N_CTX, threads=1, chunks=2, options=EngineOptions(n_gpu_layers=0))
    assert result.chunks == 2 and result.ppl == pytest.approx(math.exp(nll.mean()), rel=1e-5)


def test_kl_divergence_against_a_saved_base(tiny_model: Path, other_model: Path, text: str, tmp_path: Path) -> None:
    base = tmp_path / "tiny.base"
    opts = EngineOptions(n_gpu_layers=0)
    saved = run_perplexity(tiny_model, text, n_ctx=N_CTX, threads=1, save_base=base, options=opts)
    assert saved.base_saved == str(base) and base.stat().st_size > 0
    assert not list(tmp_path.glob("*.part"))

    chunks, p_logits, _ = _reference_logits(tiny_model, text, N_CTX)
    _, q_logits, _ = _reference_logits(other_model, text, N_CTX)
    first = N_CTX // 2
    kld, same, nll_q, nll_p = [], [], [], []
    for tokens, p_rows, q_rows in zip(chunks, p_logits, q_logits, strict=True):
        logp, logq = _log_softmax(p_rows), _log_softmax(q_rows)
        for j in range(first, N_CTX - 1):
            # llama-perplexity's base keeps log p down to 16 nats below the top one (lower ones read as
            # that floor) and leaves terms under -16 out of the KL sum.
            stored = np.maximum(logp[j], max(logp[j].min(), logp[j].max() - 16))
            live = stored > -16
            kld.append(float((np.exp(stored[live]) * (stored[live] - logq[j][live])).sum()))
            same.append(int(logp[j].argmax() == logq[j].argmax()))
            nll_q.append(-logq[j, tokens[j + 1]])
            nll_p.append(-stored[tokens[j + 1]])

    result = run_perplexity(other_model, text, threads=1, kl_base=base, options=opts)
    kl = result.kl
    assert kl is not None and result.n_ctx == N_CTX and result.tokens == len(kld)
    assert result.ppl == pytest.approx(math.exp(np.mean(nll_q)), rel=1e-4)
    # The base stores log-probabilities in 16 bits (steps of at most 16/65535 nats): close, not exact.
    assert kl.ppl_base == pytest.approx(math.exp(np.mean(nll_p)), rel=1e-3)
    assert kl.kld == pytest.approx(np.mean(kld), rel=1e-3, abs=1e-4)
    assert kl.kld > 0.01  # different weights really differ
    assert kl.kld_max == pytest.approx(max(kld), rel=1e-3, abs=1e-4)
    assert kl.same_top == pytest.approx(np.mean(same), abs=1.5 / len(same))
    assert kl.ln_ppl_ratio == pytest.approx(np.mean(nll_q) - np.mean(nll_p), abs=1e-3)

    itself = run_perplexity(tiny_model, "", threads=1, kl_base=base, options=opts)
    assert itself.kl is not None
    assert abs(itself.kl.kld) < 1e-4 and itself.kl.same_top >= 0.98
    assert itself.ppl == pytest.approx(saved.ppl, rel=1e-5) and itself.kl.ppl_base == pytest.approx(kl.ppl_base)
    assert any("KLD" in line for line in itself.lines())


def test_bad_input_is_refused_with_a_reason(tiny_model: Path, text: str, tmp_path: Path) -> None:
    opts = EngineOptions(n_gpu_layers=0)
    with pytest.raises(InputError, match="needs at least 128"):
        run_perplexity(tiny_model, "the cat sat", n_ctx=N_CTX, threads=1, options=opts)
    with pytest.raises(InputError, match="not both"):
        run_perplexity(tiny_model, text, kl_base=tmp_path / "a", save_base=tmp_path / "b")
    not_base = tmp_path / "junk.bin"
    not_base.write_bytes(b"hello world, not logits")
    with pytest.raises(InputError, match="not a base logits file"):
        run_perplexity(tiny_model, text, kl_base=not_base)
    base = tmp_path / "tiny.base"
    run_perplexity(tiny_model, text, n_ctx=N_CTX, threads=1, chunks=2, save_base=base, options=opts)
    with pytest.raises(InputError, match="different text"):
        run_perplexity(tiny_model, "the dog ran " * 100, threads=1, kl_base=base, options=opts)
    base.write_bytes(base.read_bytes()[:-10])
    with pytest.raises(InputError, match="truncated"):
        run_perplexity(tiny_model, "", kl_base=base)


def test_the_shipped_text_is_there_with_its_licence() -> None:
    assert 20_000 <= len(default_text().encode()) <= 40_000
    readme = (default_text_path().parent / "README.md").read_text()
    assert default_text_path().name in readme and "PSF License" in readme
    assert (default_text_path().parent / "LICENSE-PSF.txt").is_file()


@pytest.mark.starter
def test_starter_perplexity_is_sane_and_kl_against_itself_is_zero(starter_model: Path, tmp_path: Path) -> None:
    text = default_text()[:2000]  # ~450 tokens: 3 chunks of 128
    base = tmp_path / "starter.base"
    result = run_perplexity(starter_model, text, n_ctx=128, save_base=base)
    assert result.chunks >= 3 and math.isfinite(result.ppl)
    assert 1.5 < result.ppl < 50 and 0 < result.ppl_error < result.ppl
    again = run_perplexity(starter_model, text, kl_base=base)
    assert again.kl is not None and abs(again.kl.kld) < 1e-3 and again.kl.same_top > 0.97
    assert again.ppl == pytest.approx(result.ppl, rel=1e-3)


def test_a_base_from_a_model_with_another_tokenizer_names_that_cause(tiny_model: Path, text: str,
                                                                      tmp_path: Path) -> None:
    """The same text, a model whose tokenizer differs (same vocabulary size): the error said only
    "saved on a different text", which was not the cause."""
    other = write_tiny_gguf(tmp_path / "tiny-words.gguf", words=list(reversed(WORDS)))
    base = tmp_path / "tiny.base"
    opts = EngineOptions(n_gpu_layers=0)
    run_perplexity(tiny_model, text, n_ctx=N_CTX, threads=1, chunks=2, save_base=base, options=opts)
    with pytest.raises(InputError, match="different text, or from a model with a different tokenizer") as caught:
        run_perplexity(other, text, threads=1, kl_base=base, options=opts)
    assert "tiny-words.gguf" in str(caught.value) and "\n" not in str(caught.value)
