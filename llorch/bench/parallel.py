"""`llorch bench --parallel`: N concurrent streams on one worker, in llama-batched-bench's terms.

For each B, B requests of PP random prompt tokens each (no shared prefix) are
submitted at once and each generates TG tokens (end-of-sequence ignored), through
the worker's real scheduler. Every token is stamped when it is made, so the prompt phase
(until the last stream's first token) and the generation phase (every token after
that) are timed as llama-batched-bench times them:

    T_PP  time until every prompt is read       S_PP  B*PP / T_PP
    T_TG  time from there to the last token     S_TG  tokens in that time / T_TG
    T     the whole run                         S     B*(PP+TG) / T
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from llorch.bench.types import mean_stddev
from llorch.engine.types import Completion, Request, Sampling

__all__ = ["ParallelResult", "run_parallel", "submit_streams"]


@dataclass(frozen=True)
class ParallelResult:
    model: str
    pp: int
    tg: int
    b: int
    n_kv: int
    t_pp: float  # seconds
    s_pp: float  # tokens/s, all streams
    t_tg: float
    s_tg: float
    t: float
    s: float
    stream_pp: float  # mean tokens/s one stream saw
    stream_tg: float
    reps: int = 1
    s_tg_stddev: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def submit_streams(worker: Any, b: int, pp: int, tg: int, n_vocab: int, seed: int) -> tuple[float, float, float, int, list[Completion]]:
    """Submit B streams at once; returns (T_PP, T_TG, T, tokens in the generation phase, completions)."""
    rng = random.Random(seed)
    sampling = Sampling(temperature=0.0, repeat_penalty=1.0, max_tokens=tg, seed=seed)
    # No drafts: the figures sit beside llama-batched-bench's, which decodes one token per step.
    requests = [Request(tokens=tuple(rng.randrange(1, n_vocab) for _ in range(pp)), sampling=sampling, ignore_eos=True,
                        speculative="off") for _ in range(b)]
    start = time.monotonic()  # the worker's clock
    # The scheduler stamps each token as it makes it: no reader thread per stream competes
    # with llama.cpp's threads for the cores (llama-batched-bench has no readers either).
    handles = [worker.submit(r, stamps=True) for r in requests]
    done = [h.result() for h in handles]
    stamps = [h.token_times for h in handles]
    prompt_done = max(s[0] for s in stamps)
    end = max(s[-1] for s in stamps)
    generated = sum(1 for s in stamps for t in s if t > prompt_done)
    return prompt_done - start, end - prompt_done, end - start, generated, done


def run_parallel(
    open_worker: Callable[[int, int, int], Any],
    *,
    model: str,
    batches: Sequence[int],
    pp: int,
    tg: int,
    reps: int = 1,
    progress: Callable[[str], None] | None = None,
    seed: int = 0,
) -> list[ParallelResult]:
    """Each B in `batches` on a worker made by `open_worker(slots, context per slot, context in all)`:
    a warm-up, then `reps` timed runs."""
    results = []
    top = max(batches)
    worker = open_worker(top, pp + tg + 64, top * (pp + tg) + 256)
    try:
        n_vocab = worker.info().n_vocab or 32000
        submit_streams(worker, 1, min(pp, 32), 2, n_vocab, seed)  # warm-up: threads, caches, first-call costs
        for b in batches:
            if progress:
                progress(f"{model} parallel B={b}")
            runs = [submit_streams(worker, b, pp, tg, n_vocab, seed + 1000 * b + rep) for rep in range(reps)]
            t_pp = sum(r[0] for r in runs) / reps
            t_tg = sum(r[1] for r in runs) / reps
            t = sum(r[2] for r in runs) / reps
            s_tg_runs = [r[3] / r[1] if r[1] > 0 else 0.0 for r in runs]
            completions = [c for r in runs for c in r[4]]
            results.append(ParallelResult(
                model=model, pp=pp, tg=tg, b=b, n_kv=b * (pp + tg),
                t_pp=t_pp, s_pp=b * pp / t_pp if t_pp > 0 else 0.0,
                t_tg=t_tg, s_tg=mean_stddev(s_tg_runs)[0],
                t=t, s=b * (pp + tg) / t if t > 0 else 0.0,
                stream_pp=sum(c.timings.pp_tokens_per_s for c in completions) / len(completions),
                stream_tg=sum(c.timings.tg_tokens_per_s for c in completions) / len(completions),
                reps=reps, s_tg_stddev=mean_stddev(s_tg_runs)[1],
            ))
            if progress:
                progress("")
    finally:
        worker.close()
    return results
