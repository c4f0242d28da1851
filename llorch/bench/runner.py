"""The benchmark runner: returns data, renders nothing."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from llorch.bench.probes import EnergyMeter, PeakMemory
from llorch.bench.types import BenchConfig, BenchResult, BenchTest
from llorch.orchestra.pool import as_worker

__all__ = ["CHAT_PROMPTS", "OpenModel", "Progress", "run_bench", "run_chat_scenario", "sweep", "timed_decode"]

OpenModel = Callable[[BenchConfig, int], Any]  # config, n_ctx -> a loaded model (a worker, or a bench backend)


def timed_decode(model: Any, n_prompt: int, n_gen: int, depth: int, seed: int) -> tuple[float, float, float]:
    """Raw decode timings, run by the thread that owns the model's context."""
    timings: tuple[float, float, float] = model.call(lambda engine: engine.bench(n_prompt, n_gen, depth, seed))
    return timings
Progress = Callable[[str], None]


def sweep(
    models: Sequence[tuple[str, str]],
    *,
    threads: Sequence[int],
    n_gpu_layers: Sequence[int | str] = (0,),
    n_batch: Sequence[int] = (2048,),
    n_ubatch: Sequence[int] = (512,),
    flash_attn: Sequence[bool] = (False,),
    cache_type_k: Sequence[str] = ("f16",),
    cache_type_v: Sequence[str] = ("f16",),
    repack: Sequence[bool] = (True,),
) -> list[BenchConfig]:
    """The cross product of every setting: one config (and one table row per test) each."""
    return [
        BenchConfig(model=ref, path=path, threads=t, n_gpu_layers=ngl, n_batch=b, n_ubatch=ub, flash_attn=fa,
                    cache_type_k=ck, cache_type_v=cv, repack=rp)
        for (ref, path), t, ngl, b, ub, fa, ck, cv, rp in itertools.product(
            models, threads, n_gpu_layers, n_batch, n_ubatch, flash_attn, cache_type_k, cache_type_v, repack
        )
    ]


def run_bench(
    configs: Sequence[BenchConfig],
    tests: Sequence[BenchTest],
    *,
    open_model: OpenModel,
    reps: int = 5,
    energy: EnergyMeter | None = None,
    memory: PeakMemory | None = None,
    progress: Progress | None = None,
    seed: int = 0,
) -> list[BenchResult]:
    """Run every test on every config: a warm-up, then `reps` timed repetitions each.

    Each repetition starts from an empty KV cache (the backend clears it), as llama-bench
    does. Tokens/s counts prompt and generated tokens over the timed part.
    """
    memory = memory or PeakMemory()
    results: list[BenchResult] = []
    for config in configs:
        for test in tests:
            if progress:
                progress(f"{config.model} {test.name}")
            memory.reset()
            n_ctx = max(256, test.depth + test.n_prompt + test.n_gen)
            backend = as_worker(open_model(config, n_ctx))
            try:
                info = backend.info()
                # Warm-up, untimed, as llama-bench does it: the whole prompt, then one generated token.
                timed_decode(backend, test.n_prompt, min(test.n_gen, 1), 0, seed)
                samples, ttfts = [], []
                joules = 0.0
                for rep in range(reps):
                    before = energy.read() if energy else ()
                    prompt_ms, gen_ms, first_ms = timed_decode(backend, test.n_prompt, test.n_gen, test.depth,
                                                               seed + rep + 1)
                    if energy:
                        joules += energy.joules_between(before, energy.read())
                    total_ms = prompt_ms + gen_ms
                    samples.append(test.n_tokens / (total_ms / 1000.0) if total_ms > 0 else 0.0)
                    ttfts.append(prompt_ms + first_ms)
                per_token = joules / (test.n_tokens * reps) if energy and test.n_tokens and reps else None
                results.append(_result(config, test, info, samples, ttfts, memory.peak(), per_token))
            finally:
                backend.close()
            if progress:
                progress("")
    return results


def _result(
    config: BenchConfig, test: BenchTest, info: Any, samples: list[float], ttfts: list[float], peak: int,
    joules_per_token: float | None,
) -> BenchResult:
    return BenchResult(
        config=config, test=test, samples=tuple(samples), ttft_ms=sum(ttfts) / len(ttfts) if ttfts else 0.0,
        peak_rss_bytes=peak, joules_per_token=joules_per_token, model_size=info.size_bytes,
        model_params=info.n_params, backend="GPU" if info.n_gpu_layers != 0 else "CPU",
    )


CHAT_PROMPTS = (
    "Explain in a short paragraph why the sky looks blue during the day and red at sunset.",
    "Write a Python function that returns the n-th Fibonacci number, with a docstring.",
    "Give three practical tips for keeping a terminal-based workflow fast and tidy.",
)


def run_chat_scenario(
    configs: Sequence[BenchConfig],
    *,
    open_model: Callable[[BenchConfig, int], Any],
    reps: int = 3,
    max_tokens: int = 128,
    system: str = "",
    memory: PeakMemory | None = None,
    progress: Progress | None = None,
) -> list[BenchResult]:
    """A real chat turn per prompt: time to first token and generation speed, as a user sees them."""
    from llorch.engine.types import Completion, Message, Request, Sampling

    memory = memory or PeakMemory()
    results = []
    for config in configs:
        if progress:
            progress(f"{config.model} chat turn")
        memory.reset()
        backend = as_worker(open_model(config, 4096))
        try:
            info = backend.info()
            samples, ttfts, prompt_tokens = [], [], []
            for rep in range(reps):
                for prompt in CHAT_PROMPTS:
                    messages = ((Message("system", system),) if system else ()) + (Message("user", prompt),)
                    request = Request(messages=messages, sampling=Sampling(seed=rep, max_tokens=max_tokens, temperature=0.7))
                    done = [e for e in backend.generate(request) if isinstance(e, Completion)][-1]
                    samples.append(done.timings.tg_tokens_per_s)
                    ttfts.append(done.timings.ttft_ms)
                    prompt_tokens.append(done.usage.prompt_tokens)
            test = BenchTest(n_prompt=round(sum(prompt_tokens) / len(prompt_tokens)), n_gen=max_tokens, scenario="chat")
            results.append(_result(config, test, info, samples, ttfts, memory.peak(), None))
        finally:
            backend.close()
        if progress:
            progress("")
    return results
