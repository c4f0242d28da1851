#!/usr/bin/env python3
"""llorch's overhead over a plain llama-cpp-python loop, on the same model and prompt, interleaved.

Each repetition runs, in fresh processes and in alternating order:
  - `llorch run --json --raw` (its timings come from llama.cpp's perf counters), and
  - a minimal llama-cpp-python script: Llama(...).generate() with the same settings,
and prints pp / tg tokens/s and time to first token for both, with the ratio llorch/plain.
Also prints cold-start times: `llorch --help` and a first one-token answer.

    python scripts/bench_overhead.py [--model PATH] [--reps 5] [--tokens 128]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

PLAIN = r"""
import json, sys, time
import llama_cpp
from llorch.engine.llama import use_cpu_extra_buffers
use_cpu_extra_buffers(amx=False)  # the weights' layout llorch loads them in (AMX crashes on some machines)
args = json.loads(sys.argv[1])
llm = llama_cpp.Llama(args["model"], n_ctx=args["n_ctx"], n_threads=args["threads"], n_threads_batch=args["threads"],
                      n_batch=512, n_ubatch=512, verbose=False)
tokens = llm.tokenize(args["prompt"].encode(), add_bos=True)
llama_cpp.llama_perf_context_reset(llm.ctx)
start = time.perf_counter(); ttft = None; n = 0
for tok in llm.generate(tokens, temp=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1):
    if ttft is None:
        ttft = (time.perf_counter() - start) * 1000
    if llama_cpp.llama_vocab_is_eog(llm._model.vocab, tok):
        break
    llm.detokenize([tok])
    n += 1
    if n >= args["tokens"]:
        break
p = llama_cpp.llama_perf_context(llm.ctx)
print(json.dumps({"pp": p.n_p_eval / p.t_p_eval_ms * 1000, "tg": p.n_eval / p.t_eval_ms * 1000, "ttft": ttft, "n": n}))
"""


def run_llorch(llorch: str, model: str, prompt: str, tokens: int, threads: int, n_ctx: int) -> dict[str, float]:
    out = subprocess.run(
        [llorch, "run", "--json", "--raw", "-m", model, "--temperature", "0", "-n", str(tokens), "--threads", str(threads),
         "--ctx-size", str(n_ctx), prompt],
        capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
    ).stdout
    t = json.loads(out)["timings"]
    return {"pp": t["pp_tokens_per_s"], "tg": t["tg_tokens_per_s"], "ttft": t["ttft_ms"]}


def run_plain(model: str, prompt: str, tokens: int, threads: int, n_ctx: int) -> dict[str, float]:
    args = json.dumps({"model": model, "prompt": prompt, "tokens": tokens, "threads": threads, "n_ctx": n_ctx})
    out = subprocess.run([sys.executable, "-c", PLAIN, args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wall(cmd: list[str], reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, stdin=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", help="GGUF file (default: the starter model)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ctx", type=int, default=4096)
    ap.add_argument("--prompt", default="The history of the printing press begins in " * 12)
    a = ap.parse_args()
    llorch = shutil.which("llorch")
    if not llorch:
        sys.exit("llorch is not installed (pip install .)")
    model = a.model or subprocess.run([llorch, "models", "pull", "starter"], capture_output=True, text=True, check=True).stdout.strip()

    rows: dict[str, list[dict[str, float]]] = {"llorch": [], "plain": []}
    for i in range(a.reps + 1):  # the first round warms the page cache and is dropped
        order = ("llorch", "plain") if i % 2 else ("plain", "llorch")
        for who in order:
            r = (run_llorch(llorch, model, a.prompt, a.tokens, a.threads, a.ctx) if who == "llorch"
                 else run_plain(model, a.prompt, a.tokens, a.threads, a.ctx))
            if i:
                rows[who].append(r)

    print(f"model {model}, {a.tokens} tokens, {a.threads} threads, n_ctx {a.ctx}, {a.reps} interleaved reps (medians)")
    print(f"{'metric':<16}{'plain llama-cpp-python':>24}{'llorch run':>14}{'llorch/plain':>14}")
    for key, label in (("pp", "pp tokens/s"), ("tg", "tg tokens/s"), ("ttft", "ttft ms")):
        plain = statistics.median(r[key] for r in rows["plain"])
        ours = statistics.median(r[key] for r in rows["llorch"])
        print(f"{label:<16}{plain:>24.2f}{ours:>14.2f}{ours / plain:>14.3f}")

    help_s = wall([llorch, "--help"], 10)
    first_s = wall([llorch, "run", "--raw", "-m", model, "-n", "1", "Hi"], 3)
    print(f"cold start: `llorch --help` {help_s * 1000:.0f} ms; first answer (load + 1 token) {first_s * 1000:.0f} ms")


if __name__ == "__main__":
    main()
