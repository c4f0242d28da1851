#!/usr/bin/env python3
"""Chaos figures for the fallback chain, on the real engine and a real store.

Two copies of a model (the primary and its backup) answer real chat turns through
llorch's Conversation + FallbackChain while faults are injected into the primary.
For each scenario it prints requests, answered, by which source, and p50/p99 latency;
then the time the breaker takes to close once the fault clears, and what an open
breaker's fast fail costs.

    python scripts/bench_chaos.py [--model PATH|starter] [--requests 60] [--tokens 8]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="starter")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--tokens", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    from llorch.chat.conversation import Conversation
    from llorch.chat.events import TurnDone
    from llorch.config import resolve_paths
    from llorch.engine.types import EngineOptions, Message, Request, Sampling
    from llorch.errors import BreakerOpenError
    from llorch.orchestra.pool import Pool
    from llorch.models.starter import ensure_starter
    from llorch.resilience import BreakerConfig, CallLimits, CircuitBreaker, FaultSpec
    from llorch.resilience.book import BreakerBook
    from llorch.resilience.chain import FallbackChain
    from llorch.store.db import Store

    src = ensure_starter(resolve_paths()) if args.model == "starter" else Path(args.model)
    work = Path(tempfile.mkdtemp(prefix="llorch-chaos-"))
    primary, backup = str(work / "primary.gguf"), str(work / "backup.gguf")
    shutil.copyfile(src, primary)
    shutil.copyfile(src, backup)
    options = EngineOptions(n_ctx=1024, threads=args.threads)
    from llorch.runtime import open_worker

    cache = Pool(lambda ref: open_worker(Path(ref), options, Path(ref).stem), budget_bytes=1 << 34)
    cache.get(primary), cache.get(backup)
    sampling = Sampling(max_tokens=args.tokens, seed=1, temperature=0.0)
    limits = CallLimits(ttft_s=1.0, inter_token_s=1.0, total_s=30.0)
    breaker_cfg = BreakerConfig(consecutive_failures=3, wait_seconds=2.0, jitter=0.0, max_wait_seconds=30)
    print(f"model {src.name}, {args.requests} requests per scenario, {args.tokens} tokens each, {args.threads} threads")
    print(f"limits: first token {limits.ttft_s} s, between tokens {limits.inter_token_s} s; breaker: "
          f"{breaker_cfg.consecutive_failures} failures in a row trip it, wait {breaker_cfg.wait_seconds} s\n")

    scenarios = [
        ("no fault", {}),
        ("primary errors on every call", {primary: FaultSpec(error_rate=1.0)}),
        ("primary hangs on every call", {primary: FaultSpec(hang_rate=1.0)}),
        ("primary crashes mid-stream (50%)", {primary: FaultSpec(crash_rate=0.5, crash_after=2, seed=3)}),
        ("primary errors 30% of calls", {primary: FaultSpec(error_rate=0.3, seed=5)}),
    ]
    header = f"{'scenario':<34} {'requests':>8} {'answered':>8} {'primary':>8} {'backup':>7} {'cache':>6} {'degraded':>8} {'p50 ms':>8} {'p99 ms':>8} {'lost msgs':>9}"
    print(header)
    print("-" * len(header))
    for number, (label, faults) in enumerate(scenarios):
        with Store.open(work / f"scenario-{number}.sqlite") as store:
            book = BreakerBook(store, breaker_cfg)
            chain = FallbackChain(cache, book, store, limits=limits, faults=faults, profile="chaos")
            conv = Conversation(store, cache, model_ref=primary, chain=(primary, backup), sampling=sampling, fallback=chain)
            latencies: list[float] = []
            sources: Counter[str] = Counter()
            answered = 0
            for i in range(args.requests):
                conv.new_session()
                start = time.perf_counter()
                done = [e for e in conv.send(f"Question {i}: name a colour.") if isinstance(e, TurnDone)][-1]
                latencies.append((time.perf_counter() - start) * 1000)
                kind = done.source.kind if done.source else "none"
                who = "primary" if done.source and done.source.model == primary else "backup" if kind == "model" else kind
                sources[who] += 1
                answered += done.status == "complete"
            stored = [len(store.messages(s.id)) for s in store.list_sessions(10_000) if store.messages(s.id)]
            lost = 2 * args.requests - sum(stored)
            print(f"{label:<34} {args.requests:>8} {answered:>8} {sources['primary']:>8} {sources['backup']:>7} "
                  f"{sources['cache']:>6} {sources['degraded']:>8} {statistics.median(latencies):>8.0f} "
                  f"{_pct(latencies, 0.99):>8.0f} {lost:>9}")

    # Recovery: fail the primary until its breaker opens, clear the fault, and time until it answers again.
    with Store.open(work / "recovery.sqlite") as store:
        book = BreakerBook(store, breaker_cfg)
        chain = FallbackChain(cache, book, store, limits=limits, faults={primary: FaultSpec(error_rate=1.0)}, profile="r")
        conv = Conversation(store, cache, model_ref=primary, chain=(primary, backup), sampling=sampling, fallback=chain)
        while book.get(primary).state.value != "open":
            list(conv.send("trip"))
        chain.faults.clear()
        cleared = time.perf_counter()
        requests = 0
        while True:
            requests += 1
            done = [e for e in conv.send("recover?") if isinstance(e, TurnDone)][-1]
            if done.source and done.source.model == primary:
                break
        recovered = time.perf_counter() - cleared
        print(f"\nrecovery: breaker closed {recovered:.2f} s after the fault cleared "
              f"(wait {breaker_cfg.wait_seconds} s + one probe), {requests} requests meanwhile, state {book.get(primary).state.value}")

    # The cost of an open breaker: the refusal itself, and a request whose primary is skipped.
    breaker = CircuitBreaker("x", BreakerConfig(consecutive_failures=1, wait_seconds=3600, max_wait_seconds=3600))
    breaker.acquire().failure("error")
    n = 100_000
    start = time.perf_counter()
    for _ in range(n):
        try:
            breaker.acquire()
        except BreakerOpenError:
            pass
    refusal_us = (time.perf_counter() - start) / n * 1e6
    with Store.open(work / "overhead.sqlite") as store:
        book = BreakerBook(store, breaker_cfg)
        book.get(primary).force_open("bench")
        request = Request(messages=(Message("user", "Name a colour."),), sampling=sampling)
        skip, direct = [], []
        for _ in range(max(10, args.requests // 3)):
            for chain_refs, bucket in (((primary, backup), skip), ((backup,), direct)):
                chain = FallbackChain(cache, book, store, limits=limits, profile="o")
                start = time.perf_counter()
                list(chain.run(chain_refs, lambda b: request, "Name a colour."))
                bucket.append((time.perf_counter() - start) * 1000)
    print(f"open breaker: refusing a call takes {refusal_us:.1f} µs; a request whose primary is open took "
          f"{statistics.median(skip):.1f} ms (median) vs {statistics.median(direct):.1f} ms straight to the backup "
          f"(+{statistics.median(skip) - statistics.median(direct):.2f} ms)")
    cache.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
