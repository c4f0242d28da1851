"""Perplexity and KL divergence computed the way llama.cpp's `llama-perplexity` computes them.

- The whole text is tokenized at once (BOS first when the model's vocabulary adds one) and
  cut into `n_ctx`-token chunks; tokens past the last whole chunk are not used, and the
  text must make at least two chunks.
- Each chunk is read from an empty KV cache, its first token replaced by BOS when the
  model adds BOS, and only its second half is scored: the tokens at positions
  n_ctx/2 + 1 ... n_ctx - 1, each predicted from at least n_ctx/2 tokens before it.
- `n_batch // n_ctx` chunks go through one llama_decode as separate sequences, and a
  chunk longer than `n_batch` is read in `n_batch`-token pieces, as llama-perplexity does.
- PPL = exp(mean NLL) and its error is PPL * sqrt((mean NLL² - mean² NLL) / (count - 1)),
  with the running estimate after each chunk (llama-perplexity's `[1]9.8,[2]...`).

`save_base` writes this model's log-probabilities in llama-perplexity's own
`--kl-divergence-base` file format (see logits.py); `kl_base` compares this model with
such a file (saved by llorch or by llama-perplexity): KL divergence, the same top token,
Δp, and PPL(Q)/PPL(base). The base file's tokens are what is evaluated then.

The model is loaded into its own worker, whose scheduler thread alone drives the context:
each group of chunks is one `Worker.call`, and only per-token numbers come back out.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from llorch.engine.types import EngineOptions
from llorch.errors import GenerationError, InputError
from llorch.evals.logits import BaseReader, BaseWriter, compare_rows, nll_rows, quantize_rows

__all__ = ["MAX_TEXT_BYTES", "KLResult", "PerplexityResult", "default_text", "default_text_path", "run_perplexity"]

# The most text read for scoring: wikitext-2's whole training split (11 MB) fits, and far more than a CPU
# scores in an evening. The text is tokenized at once into a Python list (up to ~40 bytes a token), so a
# 300 MB file took GBs and aborted llama.cpp, and /dev/zero never ended until the OOM killer came.
MAX_TEXT_BYTES = 16 * 2**20

Progress = Callable[[int, int], None]
Score = Callable[[int, np.ndarray, np.ndarray], Any]  # (sequence, logits rows, target tokens) -> what comes back

_DATA = Path(__file__).with_name("data")


def default_text_path() -> Path:
    """The public text llorch ships for perplexity (see data/README.md for its source and licence)."""
    return _DATA / "python-reference.txt"


def default_text() -> str:
    return default_text_path().read_text(encoding="utf-8")


@dataclass(frozen=True)
class KLResult:
    """This model (Q) against a base file: llama-perplexity's KL divergence statistics.

    `ln_ppl_ratio` is ln(PPL(Q)/PPL(base)); Δp is p_Q(token) - p_base(token); `same_top`
    the share of positions where both put the same token first. Each `*_error` is the
    uncertainty llama-perplexity prints after ±."""

    base: str
    ppl_base: float
    ppl_base_error: float
    ln_ppl_ratio: float
    ln_ppl_ratio_error: float
    kld: float
    kld_error: float
    kld_median: float
    kld_p99: float
    kld_max: float
    mean_dp: float
    mean_dp_error: float
    rms_dp: float
    rms_dp_error: float
    same_top: float
    same_top_error: float

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class PerplexityResult:
    """A perplexity run: `tokens` scored in `chunks` chunks of `n_ctx`, `seconds` of evaluation."""

    model: str
    n_ctx: int
    n_batch: int
    chunks: int
    tokens: int
    text_tokens: int
    ppl: float
    ppl_error: float
    seconds: float
    running: tuple[float, ...] = ()
    kl: KLResult | None = None
    base_saved: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["running"] = list(self.running)
        out["kl"] = self.kl.to_dict() if self.kl is not None else None
        return out

    def lines(self) -> list[str]:
        """The figures in llama-perplexity's words (its running estimate, final estimate, KL statistics)."""
        out = [",".join(f"[{i}]{p:.4f}" for i, p in enumerate(self.running, 1)),
               f"Final estimate: PPL = {self.ppl:.4f} +/- {self.ppl_error:.5f}"]
        kl = self.kl
        if kl is not None:
            out += [
                f"Mean PPL(base)                : {kl.ppl_base:10.6f} ± {kl.ppl_base_error:10.6f}",
                f"Mean ln(PPL(Q)/PPL(base))     : {kl.ln_ppl_ratio:10.6f} ± {kl.ln_ppl_ratio_error:10.6f}",
                f"Mean    KLD: {kl.kld:10.6f} ± {kl.kld_error:10.6f}",
                f"Maximum KLD: {kl.kld_max:10.6f}",
                f"99.0%   KLD: {kl.kld_p99:10.6f}",
                f"Median  KLD: {kl.kld_median:10.6f}",
                f"Mean    Δp: {100 * kl.mean_dp:6.3f} ± {100 * kl.mean_dp_error:5.3f} %",
                f"RMS Δp    : {100 * kl.rms_dp:6.3f} ± {100 * kl.rms_dp_error:5.3f} %",
                f"Same top p: {100 * kl.same_top:6.3f} ± {100 * kl.same_top_error:5.3f} %",
            ]
        return out


def _mean_and_uncertainty(total: float, total2: float, count: int, *, min_count: int = 10) -> tuple[float, float]:
    """llama-perplexity's mean and standard error (0 for ten values or fewer)."""
    if count < 1:
        return 0.0, 0.0
    mean = total / count
    var = total2 / count - mean * mean
    return mean, math.sqrt(var / (count - 1)) if var > 0 and count > min_count else 0.0


def _percentile(values: np.ndarray, fraction: float) -> float:
    """llama-perplexity's percentile of sorted values (linear between neighbours)."""
    if fraction <= 0:
        return float(values[0])
    if fraction >= 1:
        return float(values[-1])
    p = fraction * (len(values) - 1)
    i = int(p)
    p -= i
    return float((1 - p) * values[i] + p * values[min(i + 1, len(values) - 1)])


@dataclass
class _Sums:
    """Running sums over scored tokens (llama-perplexity's kl_divergence_result)."""

    nll: float = 0.0
    nll2: float = 0.0
    count: int = 0
    nll_base: float = 0.0
    nll_base2: float = 0.0
    nll_nll_base: float = 0.0
    kld: list[np.ndarray] = field(default_factory=list)
    p_diff: list[np.ndarray] = field(default_factory=list)
    same_top: int = 0

    def add(self, nll: np.ndarray) -> None:
        self.nll += float(nll.sum(dtype=np.float64))
        self.nll2 += float(np.square(nll, dtype=np.float64).sum())
        self.count += len(nll)

    def add_kl(self, rows: Any) -> None:
        self.add(rows.nll)
        base = rows.nll_base.astype(np.float64)
        self.nll_base += float(base.sum())
        self.nll_base2 += float(np.square(base).sum())
        self.nll_nll_base += float((rows.nll.astype(np.float64) * base).sum())
        self.kld.append(rows.kld)
        self.p_diff.append(rows.p_diff.astype(np.float64))
        self.same_top += int(rows.same_top.sum())

    def kl(self, base: str) -> KLResult:
        n = self.count
        log_ppl, log_ppl_unc = _mean_and_uncertainty(self.nll, self.nll2, n)
        log_base, log_base_unc = _mean_and_uncertainty(self.nll_base, self.nll_base2, n)
        cov = (self.nll_nll_base / n - (self.nll / n) * (self.nll_base / n)) / (n - 1) if n >= 10 else 0.0
        ratio_unc = math.sqrt(max(0.0, log_ppl_unc**2 + log_base_unc**2 - 2 * cov))
        kld = np.sort(np.concatenate(self.kld))
        dp = np.concatenate(self.p_diff)
        kld_mean, kld_unc = _mean_and_uncertainty(float(kld.sum()), float(np.square(kld).sum()), n)
        dp_mean, dp_unc = _mean_and_uncertainty(float(dp.sum()), float(np.square(dp).sum()), n)
        mse, mse_unc = _mean_and_uncertainty(float(np.square(dp).sum()), float(np.power(dp, 4).sum()), n)
        rms = math.sqrt(mse)
        same = self.same_top / n
        ppl_base = math.exp(log_base)
        return KLResult(
            base=base, ppl_base=ppl_base, ppl_base_error=ppl_base * log_base_unc,
            ln_ppl_ratio=log_ppl - log_base, ln_ppl_ratio_error=ratio_unc,
            kld=kld_mean, kld_error=kld_unc, kld_median=float(np.median(kld)), kld_p99=_percentile(kld, 0.99),
            kld_max=float(kld[-1]), mean_dp=dp_mean, mean_dp_error=dp_unc,
            rms_dp=rms, rms_dp_error=0.5 / rms * mse_unc if rms > 0 else 0.0,
            same_top=same, same_top_error=math.sqrt(same * (1 - same) / (n - 1)) if n > 1 else 0.0,
        )


def _score_ppl(seq: int, rows: np.ndarray, targets: np.ndarray) -> Any:
    return nll_rows(rows, targets)


def _score_save(seq: int, rows: np.ndarray, targets: np.ndarray) -> Any:
    return nll_rows(rows, targets), quantize_rows(rows)


def _score_kl(stored: list[np.ndarray], seq: int, rows: np.ndarray, targets: np.ndarray) -> Any:
    return compare_rows(rows, stored[seq], targets)


def _evaluate(engine: Any, *, chunks: Sequence[np.ndarray], n_ctx: int, n_batch: int, bos: int | None,
              score: Score) -> list[Any]:
    """On the scheduler thread: read `chunks` as sequences 0..k-1 from an empty cache, then
    `score(k, logits rows, targets)` each chunk's second half while its logits are there."""
    engine.clear()
    try:
        return _read(engine, chunks, n_ctx, n_batch, bos, score)
    finally:
        engine.clear()  # Worker.call's rule: the context is left empty


def _read(engine: Any, chunks: Sequence[np.ndarray], n_ctx: int, n_batch: int, bos: int | None,
          score: Score) -> list[Any]:
    first = n_ctx // 2
    scored = n_ctx - 1 - first
    kept: list[np.ndarray] = []
    for lo in range(0, n_ctx, n_batch):
        size = min(n_ctx - lo, n_batch)
        entries = []
        for seq, tokens in enumerate(chunks):
            for pos in range(lo, lo + size):
                token = bos if pos == 0 and bos is not None else int(tokens[pos])
                entries.append((token, pos, seq, pos >= first))
        rc = engine.decode(entries)
        if rc != 0:
            raise GenerationError(f"llama.cpp failed while reading a perplexity chunk (llama_decode returned {rc})")
        if n_batch < n_ctx and lo + size > first:  # one chunk in pieces: keep each piece's logits
            start = max(first, lo)
            kept.append(np.array(engine.logits(start - lo, lo + size - start)))
    out = []
    for seq, tokens in enumerate(chunks):
        rows = np.concatenate(kept) if kept else engine.logits(seq * n_ctx + first, n_ctx - first)
        out.append(score(seq, rows[:scored], np.asarray(tokens[first + 1 :], dtype=np.int64)))
    return out


def _check(n_ctx: int, n_batch: int, chunks: int | None) -> None:
    if n_ctx < 4:
        raise InputError(f"n_ctx {n_ctx} is too small for perplexity; use 4 or more (llama-perplexity's default is 512)")
    if n_batch < 1:
        raise InputError(f"n_batch {n_batch} must be at least 1")
    if chunks is not None and chunks < 1:
        raise InputError(f"chunks {chunks} must be at least 1 (leave it out to use the whole text)")


def run_perplexity(
    model_path: Path,
    text: str,
    *,
    n_ctx: int = 512,
    n_batch: int = 2048,
    threads: int | None = None,
    kl_base: Path | None = None,
    save_base: Path | None = None,
    progress: Progress | None = None,
    chunks: int | None = None,
    options: EngineOptions | None = None,
) -> PerplexityResult:
    """Perplexity of the GGUF model at `model_path` on `text`, as llama-perplexity computes it.

    `chunks` limits how many chunks are read (llama-perplexity's --chunks); `options` carries
    engine settings (GPU layers, flash attention, ...), whose context and batch sizes are
    replaced. With `kl_base` the base file's n_ctx and tokens are used, and `text`, when
    given, must tokenize to the same tokens. `progress(done, total)` is called per chunk.

    Raises InputError (text too short, a bad or mismatched base file, both base options),
    and the engine's errors for a model that cannot be loaded.
    """
    from llorch.engine.llama import LlamaSlots
    from llorch.orchestra.worker import Worker

    if kl_base is not None and save_base is not None:
        raise InputError("save a base file or compare with one, not both in one run")
    _check(n_ctx, n_batch, chunks)
    base = BaseReader(Path(kl_base)) if kl_base is not None else None
    worker: Worker | None = None
    writer: BaseWriter | None = None
    try:
        if base is not None:
            n_ctx = base.n_ctx
        n_seq = max(1, n_batch // n_ctx)
        ctx_batch = min(n_batch, n_seq * n_ctx)
        opts = dataclasses.replace(options or EngineOptions(), n_ctx=n_ctx, slots=n_seq, kv_unified=False,
                                   n_batch=ctx_batch, ctx_over_train=True)
        if threads is not None:
            opts = dataclasses.replace(opts, threads=threads, threads_batch=threads)
        engine = LlamaSlots(Path(model_path), opts)
        worker = Worker(engine, name=engine.info().name)
        n_vocab = engine.info().n_vocab
        bos = engine.bos()
        text_tokens = np.asarray(engine.tokenize(text, add_bos=True), dtype=np.int64) if text else None
        if base is not None:
            if base.n_vocab != n_vocab:
                raise InputError(f"{base.path} was saved from a model with a {base.n_vocab:,}-token vocabulary; "
                                 f"{Path(model_path).name} has {n_vocab:,}: compare models that share a tokenizer")
            tokens = base.tokens
            n_chunk = base.n_chunk
            if text_tokens is not None and not np.array_equal(text_tokens[: tokens.size], tokens):
                raise InputError(f"{base.path} holds other tokens than this text does as {Path(model_path).name} "
                                 "tokenizes it: the base was saved on a different text, or from a model with a "
                                 "different tokenizer; give the same text and a model that shares the base model's "
                                 "tokenizer, or no text to use the base file's own tokens")
        else:
            if text_tokens is None or text_tokens.size < 2 * n_ctx:
                have = 0 if text_tokens is None else text_tokens.size
                raise InputError(f"the text is {have:,} tokens; perplexity with a {n_ctx}-token context needs at "
                                 f"least {2 * n_ctx:,} (two chunks): give a longer text or a smaller context")
            tokens = text_tokens
            n_chunk = text_tokens.size // n_ctx
        if chunks is not None:
            n_chunk = min(n_chunk, chunks)
        if save_base is not None:
            writer = BaseWriter(Path(save_base), n_ctx=n_ctx, n_vocab=n_vocab, tokens=tokens[: n_chunk * n_ctx],
                                n_chunk=n_chunk)

        sums, running = _Sums(), []
        started = time.perf_counter()
        for i in range(0, n_chunk, n_seq):
            group = [tokens[(i + s) * n_ctx : (i + s + 1) * n_ctx] for s in range(min(n_seq, n_chunk - i))]
            score: Score = _score_ppl
            if base is not None:
                score = functools.partial(_score_kl, [base.read_chunk() for _ in group])
            elif writer is not None:
                score = _score_save
            results = worker.call(functools.partial(_evaluate, chunks=group, n_ctx=n_ctx, n_batch=ctx_batch, bos=bos,
                                                    score=score))
            for s, result in enumerate(results):
                if base is not None:
                    sums.add_kl(result)
                elif writer is not None:
                    sums.add(result[0])
                    writer.write(result[1])
                else:
                    sums.add(result)
                running.append(math.exp(sums.nll / sums.count))
                if progress is not None:
                    progress(i + s + 1, n_chunk)
        seconds = time.perf_counter() - started
        if writer is not None:
            writer.commit()
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    finally:
        if worker is not None:
            worker.close()
        if base is not None:
            base.close()

    if base is not None:
        kl = sums.kl(str(base.path))
        log_ppl, log_unc = _mean_and_uncertainty(sums.nll, sums.nll2, sums.count)
        ppl, ppl_error = math.exp(log_ppl), math.exp(log_ppl) * log_unc
    else:
        kl = None
        ppl, ppl_error = _final(sums)
    return PerplexityResult(
        model=str(model_path), n_ctx=n_ctx, n_batch=ctx_batch, chunks=n_chunk, tokens=sums.count,
        text_tokens=int(text_tokens.size) if text_tokens is not None else int(tokens.size), ppl=ppl,
        ppl_error=ppl_error, seconds=seconds, running=tuple(running), kl=kl,
        base_saved=str(save_base) if save_base is not None else None,
    )


def _final(sums: _Sums) -> tuple[float, float]:
    """llama-perplexity's final estimate: PPL and its ± (no minimum count, unlike the KL statistics)."""
    mean = sums.nll / sums.count
    ppl = math.exp(mean)
    var = sums.nll2 / sums.count - mean * mean
    return ppl, ppl * math.sqrt(var / (sums.count - 1)) if var > 0 and sums.count > 1 else 0.0
