#!/usr/bin/env python3
"""Time to first token of a chat turn while a bulk run is going, against the same turn on an idle
worker (priorities in the worker: interactive requests go first; target: at most 2x).

    python scripts/bench_priority.py [--model qwen-0.5b] [--lines 64] [--reps 5] [--threads 2] [--fifo]

One worker (4 slots, as `engine.slots` "auto"). First `--reps` chat turns on the idle worker, one
after another; then `--lines` bulk requests are queued at once (as `run --each-line --parallel 64`
or a server's clients with `X-Llorch-Priority: bulk` would), and once they are answering, the same
number of chat turns, each two bulk steps after the last one ended. Each chat turn is a new question (no cached answer), so
both runs read the same chat template prefix from the cache and their own question. `--fifo` adds
the turn marked bulk too (how it waited before priorities: behind the whole queue).
Medians. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

QUESTIONS = ["What is the capital of Peru?", "Name a prime number above 50.", "What colour is the sky at noon?",
             "How many legs has a spider?", "What is 7 times 8?", "Which planet is closest to the sun?",
             "What is the boiling point of water in Celsius?", "Who wrote Hamlet?", "What is H2O?"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="qwen-0.5b")
    parser.add_argument("--lines", type=int, default=64, help="bulk requests queued at once")
    parser.add_argument("--tokens", type=int, default=64, help="tokens each bulk answer generates")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--slots", type=int, default=4)
    parser.add_argument("--fifo", action="store_true", help="also time the turn marked bulk (behind the queue)")
    args = parser.parse_args()

    from llorch.config import load_config, resolve_paths
    from llorch.engine.types import EngineOptions, Message, Request, Sampling
    from llorch.models import resolve_model
    from llorch.runtime import open_worker

    paths = resolve_paths()
    path = Path(resolve_model(args.model, paths, load_config(paths)).path)
    options = EngineOptions(n_ctx=1024 * args.slots, slots=args.slots, threads=args.threads,
                            threads_batch=args.threads)
    turn = Sampling(temperature=0.0, max_tokens=1, seed=0)

    steps: list[int] = []  # per chat turn: the worker's decode steps from its submission to its first token

    def chat(i: int, priority: str = "interactive") -> float:
        question = f"{QUESTIONS[i % len(QUESTIONS)]} (question {i})"
        request = Request(messages=(Message("user", question),), sampling=turn, priority=priority)  # type: ignore[arg-type]
        before = calls[0]
        ttft = float(worker.submit(request).result().timings.ttft_ms)  # one token: it ends with its first
        steps.append(calls[0] - before)
        return ttft

    worker = open_worker(path, options, args.model)
    calls = [0]
    decode = worker.engine.decode

    stepped = threading.Condition()

    def counted(entries: object) -> int:
        with stepped:
            calls[0] += 1
            stepped.notify_all()
        return int(decode(entries))

    def after_steps(n: int) -> None:
        """Let the bulk run go on for `n` steps: the next turn comes at some point of a bulk step, as a
        person's would, not the instant the last turn ended."""
        with stepped:
            target = calls[0] + n
            stepped.wait_for(lambda: calls[0] >= target, timeout=120)

    worker.engine.decode = counted  # a load-independent figure beside the times: steps waited
    try:
        chat(1000)  # warm up: the template's prefix is cached for both runs alike
        steps.clear()
        idle = [chat(i) for i in range(args.reps)]
        idle_steps, steps[:] = list(steps), []
        bulk_sampling = Sampling(temperature=0.0, max_tokens=args.tokens, seed=0)
        start = time.perf_counter()
        bulk = [worker.submit(Request(messages=(Message("user", f"Answer in one line: tell me a fact about the number "
                                                                  f"{n}."),), sampling=bulk_sampling, ignore_eos=True,
                                      priority="bulk"))
                for n in range(args.lines)]
        bulk[0].get(300)  # the bulk run is answering
        busy = []
        for i in range(args.reps):
            after_steps(2)
            busy.append(chat(100 + i))
        stats = worker.stats()
        busy_steps = list(steps)
        left = sum(1 for h in bulk if not h.done)
        fifo: float | None = None
        if args.fifo:
            fifo = chat(200, priority="bulk")
        for h in bulk:
            h.cancel()
        for h in bulk:
            h.wait(300)
        elapsed = time.perf_counter() - start
    finally:
        worker.close()

    idle_ms, busy_ms = statistics.median(idle), statistics.median(busy)
    print(f"model {args.model} ({path.name}), {args.slots} slots, {args.threads} threads; bulk: {args.lines} requests "
          f"of {args.tokens} tokens queued at once")
    print(f"chat turn TTFT, idle worker:        median {idle_ms:8.1f} ms  ({', '.join(f'{x:.0f}' for x in idle)})")
    print(f"chat turn TTFT, during the bulk run: median {busy_ms:8.1f} ms  ({', '.join(f'{x:.0f}' for x in busy)})")
    print(f"decode steps from submission to first token: idle {idle_steps}, during the bulk run {busy_steps} "
          f"(the step under way when it came, then its own)")
    print(f"ratio busy/idle: {busy_ms / idle_ms:.2f}x (target <= 2x); bulk requests still unfinished after the "
          f"turns: {left} of {args.lines}, paused for the turns: {stats.paused}")
    if fifo is not None:
        print(f"the same turn marked bulk (first in, first out behind the queue): {fifo:.0f} ms")
    print(f"(bulk phase {elapsed:.1f} s, its unfinished requests cancelled at the end)")


if __name__ == "__main__":
    main()
