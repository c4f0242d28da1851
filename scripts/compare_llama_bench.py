#!/usr/bin/env python3
"""llorch bench against llama.cpp's own llama-bench: same model, threads and sizes, interleaved.

    python scripts/compare_llama_bench.py [--llama-bench PATH] [--model PATH] [--rounds 3] [--reps 3] [--repack 0|1]

Each round runs llama-bench and `llorch bench` back to back (alternating which goes first),
for pp512 and tg128, with the same threads, batch sizes, flash attention, GPU layers and weight layout.
Prints the mean tokens/s of each and the ratio llorch / llama-bench. Target: within 3%.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys


def llama_bench(exe: str, model: str, test: str, n: int, a: argparse.Namespace) -> list[float]:
    sizes = ["-p", str(n), "-n", "0"] if test == "pp" else ["-p", "0", "-n", str(n)]
    out = subprocess.run(
        [exe, "-m", model, *sizes, "-r", str(a.reps), "-t", str(a.threads), "-b", "2048", "-ub", "512", "-fa", "0",
         "-ngl", str(a.ngl), "--repack", str(a.repack), "-o", "json"],
        capture_output=True, text=True, check=True,
    ).stdout
    (row,) = json.loads(out)
    return [float(x) for x in row["samples_ts"]]


def llorch_bench(model: str, test: str, n: int, a: argparse.Namespace) -> list[float]:
    sizes = ["-p", str(n), "-n", "0"] if test == "pp" else ["-p", "0", "-n", str(n)]
    out = subprocess.run(
        ["llorch", "bench", "-m", model, *sizes, "-r", str(a.reps), "-t", str(a.threads), "-b", "2048", "-ub", "512",
         "-fa", "0", "-ngl", str(a.ngl), "--repack", str(a.repack), "--json", "--no-save"],
        capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
    ).stdout
    (row,) = json.loads(out)["results"]
    return [float(x) for x in row["samples"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llama-bench", default=shutil.which("llama-bench"), help="llama-bench executable (default: PATH)")
    ap.add_argument("--model", help="GGUF file (default: the starter model)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ngl", type=int, default=0)
    ap.add_argument("--repack", type=int, choices=(0, 1), default=1,
                    help="weights repacked for the CPU (1, both tools' default) or as stored (0). On a CPU with AMX, "
                         "llama-bench's 1 takes llama.cpp's AMX kernels, which llorch leaves out (engine.amx; they crash "
                         "on some machines): give 0 there to compare like with like")
    a = ap.parse_args()
    if not a.llama_bench:
        sys.exit("llama-bench not found: put it on PATH or pass --llama-bench PATH (build it from llama.cpp with "
                 "`cmake -B build && cmake --build build --target llama-bench`)")
    model = a.model or subprocess.run(["llorch", "models", "pull", "starter"], capture_output=True, text=True, check=True).stdout.strip()
    samples: dict[tuple[str, str], list[float]] = {}
    for rnd in range(a.rounds):
        for test, n in (("pp", 512), ("tg", 128)):
            order = ("llama-bench", "llorch") if rnd % 2 == 0 else ("llorch", "llama-bench")
            for who in order:
                got = llama_bench(a.llama_bench, model, test, n, a) if who == "llama-bench" else llorch_bench(model, test, n, a)
                samples.setdefault((who, test), []).extend(got)
    print(f"model {os.path.basename(model)}, {a.threads} threads, ngl {a.ngl}, {a.rounds} interleaved rounds x {a.reps} reps")
    print(f"{'test':<8}{'llama-bench t/s':>20}{'llorch bench t/s':>20}{'llorch/llama-bench':>20}")
    for test, n in (("pp", 512), ("tg", 128)):
        ref, ours = samples[("llama-bench", test)], samples[("llorch", test)]
        mr, mo = statistics.mean(ref), statistics.mean(ours)
        print(f"{test}{n:<6}{mr:>12.2f} ± {statistics.stdev(ref):<5.2f}{mo:>12.2f} ± {statistics.stdev(ours):<5.2f}{mo / mr:>20.3f}")


if __name__ == "__main__":
    main()
