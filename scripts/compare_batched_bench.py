#!/usr/bin/env python3
"""`llorch bench --parallel` against llama.cpp's own llama-batched-bench: same model, sizes, threads, interleaved.

    python scripts/compare_batched_bench.py [--batched-bench PATH] [--model PATH] [--rounds 3] [--npl 1,4,8,16]
                                            [--repack 0|1]

For each B (concurrent streams) and round, llama-batched-bench (-npp PP -ntg TG -npl B,
unshared prompts) and `llorch bench --parallel B -p PP -n TG` run back to back, the
order alternating, with the same threads, batch sizes, flash attention and weight layout. Prints the
mean aggregate generation speed (S_TG) of each, the ratio llorch / llama.cpp, and
llorch's own speed-up over one stream. Aims: ratio >= 0.95 at every B; B=8 >= 2x B=1.

Build llama-batched-bench from the llama.cpp that llama-cpp-python vendors with
../shared/scripts/build-llama-tools.sh (it lands in /tmp/llama-tools).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys


def batched_bench(exe: str, model: str, b: int, a: argparse.Namespace) -> dict[str, float]:
    out = subprocess.run(
        [exe, "-m", model, "-c", str(b * (a.pp + a.tg) + 256), "-b", "2048", "-ub", "512", "-npp", str(a.pp),
         "-ntg", str(a.tg), "-npl", str(b), "-t", str(a.threads), "-fa", "0", "-ngl", str(a.ngl), "--output-format", "jsonl",
         *([] if a.repack else ["--no-repack"])],
        capture_output=True, text=True, check=True,
    ).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    (row,) = [r for r in rows if int(r["pl"]) == b]
    return {"s_pp": float(row["speed_pp"]), "s_tg": float(row["speed_tg"]), "s": float(row["speed"])}


def llorch_parallel(model: str, b: int, a: argparse.Namespace) -> dict[str, float]:
    out = subprocess.run(
        ["llorch", "bench", "-m", model, "--parallel", str(b), "-p", str(a.pp), "-n", str(a.tg), "-r", "1",
         "-t", str(a.threads), "-b", "2048", "-ub", "512", "-fa", "0", "-ngl", str(a.ngl), "--repack", str(a.repack), "--json", "--no-save"],
        capture_output=True, text=True, check=True, stdin=subprocess.DEVNULL,
    ).stdout
    (row,) = json.loads(out)["parallel"]
    return {"s_pp": float(row["s_pp"]), "s_tg": float(row["s_tg"]), "s": float(row["s"]),
            "stream_tg": float(row["stream_tg"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--batched-bench", default=shutil.which("llama-batched-bench") or "/tmp/llama-tools/llama-batched-bench")
    ap.add_argument("--model", help="GGUF file (default: the starter model)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--npl", default="1,4,8,16", help="stream counts B")
    ap.add_argument("--pp", type=int, default=128)
    ap.add_argument("--tg", type=int, default=64)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--ngl", type=int, default=0)
    ap.add_argument("--repack", type=int, choices=(0, 1), default=1,
                    help="weights repacked for the CPU (1, both tools' default) or as stored (0); on a CPU with AMX give 0: "
                         "llama.cpp's 1 there takes the AMX kernels llorch leaves out (engine.amx)")
    a = ap.parse_args()
    if not os.path.exists(a.batched_bench):
        sys.exit("llama-batched-bench not found: build it with ../shared/scripts/build-llama-tools.sh "
                 "or pass --batched-bench PATH")
    model = a.model or subprocess.run(["llorch", "models", "pull", "starter"], capture_output=True, text=True,
                                      check=True).stdout.strip()
    batches = [int(x) for x in a.npl.split(",")]
    got: dict[tuple[str, int], list[dict[str, float]]] = {}
    for rnd in range(a.rounds):
        for b in batches:
            order = ("llama.cpp", "llorch") if (rnd + b) % 2 == 0 else ("llorch", "llama.cpp")
            for who in order:
                row = batched_bench(a.batched_bench, model, b, a) if who == "llama.cpp" else llorch_parallel(model, b, a)
                got.setdefault((who, b), []).append(row)
                print(f"round {rnd + 1} B={b:<3} {who:<10} S_PP {row['s_pp']:8.2f}  S_TG {row['s_tg']:8.2f}", file=sys.stderr)

    def mean(who: str, b: int, key: str) -> float:
        return statistics.mean(r[key] for r in got[(who, b)])

    def sd(who: str, b: int, key: str) -> float:
        values = [r[key] for r in got[(who, b)]]
        return statistics.stdev(values) if len(values) > 1 else 0.0

    print(f"model {os.path.basename(model)}, pp {a.pp}, tg {a.tg}, {a.threads} threads, ngl {a.ngl}, "
          f"{a.rounds} interleaved rounds")
    print(f"{'B':>3} {'llama.cpp S_TG':>18} {'llorch S_TG':>18} {'llorch/llama.cpp':>17} {'llorch vs B=1':>14}"
          f" {'llama.cpp S_PP':>15} {'llorch S_PP':>12}")
    base = mean("llorch", batches[0], "s_tg")
    for b in batches:
        ref, ours = mean("llama.cpp", b, "s_tg"), mean("llorch", b, "s_tg")
        print(f"{b:>3} {ref:>10.2f} ± {sd('llama.cpp', b, 's_tg'):<5.2f} {ours:>10.2f} ± {sd('llorch', b, 's_tg'):<5.2f}"
              f" {ours / ref:>17.3f} {ours / base:>13.2f}x {mean('llama.cpp', b, 's_pp'):>15.2f}"
              f" {mean('llorch', b, 's_pp'):>12.2f}")


if __name__ == "__main__":
    main()
