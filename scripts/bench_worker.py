#!/usr/bin/env python3
"""What the worker's scheduling and KV cache buy, measured on a real model (default: the starter).

    python scripts/bench_worker.py [--model PATH] [--reps 5] [--threads N] [--turns 20]

1. Time to first token of a new request while 7 others are decoding, against the
   same request alone (continuous batching: it does not wait for them to finish).
2. Time to first token of a request that shares a 1,000-token prefix with an earlier
   one, against a cold start (prefix reuse across requests).
3. `llorch run --continue` on a 20-turn session: time and prompt tokens evaluated per
   turn with the KV state saved to disk, and with it removed before every turn.

Medians of interleaved repetitions. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from llorch.engine.llama import LlamaSlots
from llorch.engine.types import EngineOptions, Request, Sampling
from llorch.orchestra.worker import Worker


def ttft(worker: Worker, prompt: str, seed: int) -> float:
    handle = worker.submit(Request(prompt=prompt, sampling=Sampling(temperature=0.0, max_tokens=1, seed=seed)))
    return handle.result().timings.ttft_ms


def fresh_prompt(rep: int, kind: str) -> str:
    """A prompt that shares no prefix with anything cached (about 20 tokens)."""
    rng = random.Random(f"{kind}{rep}")
    return " ".join(rng.choice(["river", "stone", "lamp", "north", "harbour", "winter", "bell", "rope", "tide"])
                    for _ in range(14)) + f" {rep}?"


def busy_vs_alone(model: Path, opts: EngineOptions, reps: int) -> tuple[float, float]:
    alone, busy = [], []
    with Worker(LlamaSlots(model, opts)) as w:
        ttft(w, "warm up", 0)
        for rep in range(reps):
            alone.append(ttft(w, fresh_prompt(rep, "alone"), rep))
            others = [w.submit(Request(prompt=f"Story number {i}:", sampling=Sampling(max_tokens=400, seed=i),
                                       ignore_eos=True)) for i in range(7)]
            for h in others:
                h.get(120)  # its first token: all seven are decoding now
            busy.append(ttft(w, fresh_prompt(rep, "busy"), rep))
            for h in others:
                h.cancel()
            for h in others:
                h.wait(60)
    return statistics.median(alone), statistics.median(busy)


def shared_vs_cold(model: Path, opts: EngineOptions, reps: int) -> tuple[float, float, int]:
    cold, shared = [], []
    n_prefix = 0
    for rep in range(reps):
        with Worker(LlamaSlots(model, opts)) as w:
            words: list[str] = []
            while len(w.tokenize(" ".join(words))) < 1000:  # a 1,000-token prefix
                words.append(f"item{len(words) % 97}")
            prefix = f"Reference list {rep}: {' '.join(words)}"
            n_prefix = len(w.tokenize(prefix))
            cold.append(ttft(w, prefix + " Question one?", rep))
            shared.append(ttft(w, prefix + " Question two, different?", rep))
    return statistics.median(cold), statistics.median(shared), n_prefix


def continue_session(model: Path, turns: int, threads: int) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for label in ("with saved state", "without"):
        with tempfile.TemporaryDirectory() as home:
            env = os.environ | {"LLORCH_HOME": home}
            times, evaluated = [], []
            for turn in range(turns):
                if label == "without":
                    shutil.rmtree(Path(home) / "cache" / "kv", ignore_errors=True)
                start = time.perf_counter()
                r = subprocess.run(
                    ["llorch", "run", "--continue", "-m", str(model), "--json", "--seed", str(turn), "-n", "32",
                     "--threads", str(threads), f"Turn {turn}: tell me one more fact about rivers."],
                    capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, check=True,
                )
                times.append((time.perf_counter() - start) * 1000)
                evaluated.append(json.loads(r.stdout)["timings"]["prompt_eval_tokens"])
        out[label] = (statistics.mean(times[turns // 2:]), statistics.mean(evaluated[turns // 2:]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="GGUF file (default: the starter model)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--turns", type=int, default=20, help="0: skip the run --continue figures")
    a = ap.parse_args()
    model = Path(a.model or subprocess.run(["llorch", "models", "pull", "starter"], capture_output=True, text=True,
                                           check=True).stdout.strip())
    opts = EngineOptions(n_ctx=8192, threads=a.threads, slots=8)
    alone, busy = busy_vs_alone(model, opts, a.reps)
    print(f"model {model.name}, {a.threads} threads, medians of {a.reps}")
    print(f"ttft of a new request: alone {alone:.1f} ms, while 7 others decode {busy:.1f} ms ({busy / alone:.2f}x)")
    cold, shared, n_prefix = shared_vs_cold(model, opts, a.reps)
    print(f"ttft with a shared {n_prefix}-token prefix: cold {cold:.1f} ms, shared {shared:.1f} ms "
          f"({cold / shared:.1f}x faster)")
    rows = continue_session(model, a.turns, a.threads) if a.turns else {}
    for label, (ms, tokens) in rows.items():
        print(f"run --continue, turns {a.turns // 2 + 1}-{a.turns} of {a.turns}, {label}: {ms:.0f} ms per turn, "
              f"{tokens:.0f} prompt tokens evaluated")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
