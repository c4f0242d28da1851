#!/usr/bin/env python3
"""What the pool buys, measured on the starter (run with LLORCH_HOME pointing at a home that has it).

    python scripts/bench_pool.py [--reps 3] [--bulk 64] [--requests 32]

1. Consensus of 5 on one worker against one answer: wall time per prompt (sampled,
   same temperature, up to 96 tokens), interleaved.
2. A bulk run of B prompts (`llorch run --each-line`, one process) against a shell loop
   of `llorch run`, one process per prompt, as a script would do without it.
3. Two instances of the starter (one thread each) with every request sent to the first,
   so the second must steal, against one instance (two threads): throughput on R requests.

One heavy process at a time. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

from llorch.bench.accuracy import PROMPT, load_problems


def consensus_vs_one(reps: int) -> None:
    from llorch.chat.consensus import ConsensusSpec
    from llorch.runtime import EngineOverrides, Runtime

    prompts = [PROMPT.format(question=p["question"]) for p in load_problems(limit=reps)]
    sampling = {"temperature": 0.7, "max_tokens": 96}
    one: list[float] = []
    five: list[float] = []
    with Runtime.open(engine=EngineOverrides(slots=5)) as rt:
        list(rt.ask("warm up", sampling={"max_tokens": 2}))
        for i, prompt in enumerate(prompts):
            for which in ((one, None), (five, ConsensusSpec(5, kind="number"))) if i % 2 == 0 else \
                    ((five, ConsensusSpec(5, kind="number")), (one, None)):
                times, spec = which
                start = time.perf_counter()
                list(rt.ask(prompt, sampling=sampling | {"seed": i}, consensus=spec))
                times.append(time.perf_counter() - start)
    ratio = statistics.median(b / a for a, b in zip(one, five))
    print(f"consensus of 5 on one worker (5 slots): median {statistics.median(five):.2f} s per prompt, "
          f"one answer {statistics.median(one):.2f} s: {ratio:.2f}x the time (aim: at most 2.5x)")


def bulk_vs_loop(n: int) -> None:
    prompts = [f"In one short sentence, what is {a} plus {b}?" for a, b in zip(range(3, 3 + n), range(40, 40 + n))]
    common = ["-n", "24", "--temperature", "0"]
    start = time.perf_counter()
    r = subprocess.run(["llorch", "run", "--each-line", "--parallel", "4", *common], input="\n".join(prompts) + "\n",
                       capture_output=True, text=True, check=True)
    bulk = time.perf_counter() - start
    assert len(r.stdout.splitlines()) == n, r.stderr
    start = time.perf_counter()
    for p in prompts:
        subprocess.run(["llorch", "run", *common, p], capture_output=True, text=True, check=True)
    loop = time.perf_counter() - start
    print(f"bulk of {n} prompts: llorch run --each-line {bulk:.1f} s, shell loop of llorch run {loop:.1f} s: "
          f"{loop / bulk:.1f}x faster (aim: at least 3x)")


def stealing(requests: int) -> None:
    from pathlib import Path

    from llorch.config import load_config, resolve_paths
    from llorch.engine.types import EngineOptions, Message, Request, Sampling
    from llorch.models import resolve_model
    from llorch.orchestra.group import Group
    from llorch.runtime import open_worker

    paths = resolve_paths()
    path = Path(resolve_model("starter", paths, load_config(paths)).path)
    prompts = [f"Write two sentences about the number {i}." for i in range(requests)]
    sampling = Sampling(temperature=0.0, max_tokens=48, seed=0)

    def run(instances: int) -> tuple[float, int, int]:
        options = EngineOptions(n_ctx=512, slots=1, threads=2 // instances, threads_batch=2 // instances)
        group = Group("starter", [open_worker(path, options, f"starter#{i + 1}") for i in range(instances)])
        try:
            group.submit(Request(prompt="hi", sampling=Sampling(max_tokens=2)), instance=0).result()
            start = time.perf_counter()
            handles = [group.submit(Request(messages=(Message("user", p),), sampling=sampling), instance=0)
                       for p in prompts]
            tokens = sum(h.result().usage.completion_tokens for h in handles)
            return time.perf_counter() - start, tokens, group.steals
        finally:
            group.close()

    one_s, one_t, _ = run(1)
    two_s, two_t, steals = run(2)
    print(f"{requests} requests all sent to instance 1: one instance {one_t / one_s:.1f} tokens/s ({one_s:.1f} s), "
          f"two instances with stealing {two_t / two_s:.1f} tokens/s ({two_s:.1f} s, {steals} stolen): "
          f"{(two_t / two_s) / (one_t / one_s):.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=6, help="prompts for the consensus timing")
    parser.add_argument("--bulk", type=int, default=64, help="prompts in the bulk run")
    parser.add_argument("--requests", type=int, default=32, help="requests for the stealing run")
    parser.add_argument("--only", choices=("consensus", "bulk", "stealing"), help="run one part")
    args = parser.parse_args()
    if args.only in (None, "consensus"):
        consensus_vs_one(args.reps)
    if args.only in (None, "stealing"):
        stealing(args.requests)
    if args.only in (None, "bulk"):
        bulk_vs_loop(args.bulk)


if __name__ == "__main__":
    main()
