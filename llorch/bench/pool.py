"""`llorch bench --pool`: serial against parallel over the pool (W instances x S slots each).

For each shape the same R requests (random prompt tokens, greedy, exactly TG tokens each)
are submitted at once to a group of W instances with S slots, through the real routing
and work stealing. Reported per shape: wall time, generated tokens/s over all requests,
speedup over the first shape (serial: 1x1), and agreement: the share of answers equal to
the serial ones (batching must not change greedy answers; on quantized models rounding
can part near-tied tokens, which this figure shows). The knee is the smallest shape
that reaches 90% of the best throughput: more instances or slots buy little past it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from llorch.engine.types import Request, Sampling

__all__ = ["PoolResult", "knee", "parse_shapes", "run_pool"]

KNEE_SHARE = 0.9


@dataclass(frozen=True)
class PoolResult:
    model: str
    instances: int
    slots: int
    requests: int
    pp: int
    tg: int
    threads: int  # per instance
    wall_s: float
    tokens: int
    tokens_per_s: float
    speedup: float  # over the first shape
    agreement: float  # answers equal to the first shape's
    steals: int

    @property
    def shape(self) -> str:
        return f"{self.instances}x{self.slots}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"shape": self.shape}


def parse_shapes(text: str) -> list[tuple[int, int]]:
    """"1x1,1x4,2x2" as (instances, slots) pairs; ValueError naming the bad one."""
    shapes = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        w, sep, s = part.lower().partition("x")
        if not sep or not w.isdigit() or not s.isdigit() or not 1 <= int(w) <= 16 or not 1 <= int(s) <= 64:
            raise ValueError(f"{part!r} is not INSTANCESxSLOTS (1-16 x 1-64), e.g. 2x4")
        shapes.append((int(w), int(s)))
    if not shapes:
        raise ValueError("give at least one shape, e.g. 1x1,2x2")
    return shapes


def knee(results: Sequence[PoolResult]) -> PoolResult:
    """The smallest shape (fewest instances x slots) within KNEE_SHARE of the best throughput."""
    best = max(r.tokens_per_s for r in results)
    good = [r for r in results if r.tokens_per_s >= KNEE_SHARE * best]
    return min(good, key=lambda r: (r.instances * r.slots, r.instances))


def run_pool(
    open_group: Callable[[int, int, int], Any],
    *,
    model: str,
    shapes: Sequence[tuple[int, int]],
    requests: int,
    pp: int,
    tg: int,
    threads: Callable[[int], int],
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> list[PoolResult]:
    """Each shape on a group made by `open_group(instances, slots, threads per instance)`."""
    results: list[PoolResult] = []
    baseline: list[str] | None = None
    base_rate = 0.0
    for w, s in shapes:
        if progress:
            progress(f"{model} pool {w}x{s}")
        group = open_group(w, s, threads(w))
        try:
            n_vocab = group.info().n_vocab or 32000
            rng = random.Random(seed)
            sampling = Sampling(temperature=0.0, repeat_penalty=1.0, max_tokens=tg, seed=seed)
            batch = [Request(tokens=tuple(rng.randrange(1, n_vocab) for _ in range(pp)), sampling=sampling,
                             ignore_eos=True, speculative="off") for _ in range(requests)]  # plain decoding, as llama.cpp's
            for h in [group.submit(Request(tokens=batch[0].tokens[:8], sampling=Sampling(max_tokens=2, temperature=0.0)))
                      for _ in range(w)]:
                h.result()  # warm-up: each instance's threads and first-call costs
            start = time.perf_counter()
            handles = [group.submit(r) for r in batch]
            done = [h.result() for h in handles]
            wall = time.perf_counter() - start
            steals = getattr(group, "steals", 0)
        finally:
            group.close()
        texts = [c.text for c in done]
        tokens = sum(c.usage.completion_tokens for c in done)
        rate = tokens / wall if wall > 0 else 0.0
        if baseline is None:
            baseline, base_rate = texts, rate
        agree = sum(a == b for a, b in zip(texts, baseline)) / len(texts)
        results.append(PoolResult(model, w, s, requests, pp, tg, threads(w), wall, tokens, rate,
                                  rate / base_rate if base_rate else 0.0, agree, steals))
        if progress:
            progress("")
    return results
