#!/usr/bin/env python3
"""llorch's speculative decoding beside llama.cpp's own llama-speculative-simple: same GGUFs, prompts, greedy.

    python scripts/compare_speculative.py [--llama-spec PATH] [-m qwen-1.5b] [--draft qwen-0.5b] [-n 128]
        [--reps 1] [--threads N]

The prompts are `llorch bench --speculative`'s (a code edit that repeats its input, a summary that
quotes it, free prose), rendered with the model's chat template. Per prompt, interleaved, one heavy
process at a time: llorch plain, llorch n-gram drafts ("ngram"), llorch with the draft model; then
llama-speculative-simple with the draft model (its defaults: up to 3 drafted, no p-min; and with
llorch's p-min 0.75 and up to 16) and with n-gram drafts (ngram-simple). Decode speed is the answer's
tokens over the time from its first token to its last, drafting included, on both sides.

A benchmark, not a test: it prints a table and the ratios llorch / llama.cpp per mode.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_DECODED = re.compile(r"decoded\s+(\d+) tokens in\s+([0-9.]+) seconds, speed:\s+([0-9.]+) t/s")
_DRAFTED = re.compile(r"n_drafted = (\d+)")
_ACCEPT = re.compile(r"n_accept\s+= (\d+)")


def llama_spec(exe: str, target: Path, draft: Path | None, prompt: str, n: int, threads: int,
               extra: list[str]) -> tuple[float, int, int, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(prompt)
    cmd = [exe, "-m", str(target), "-f", f.name, "-n", str(n), "-c", "4096", "-t", str(threads), "-tb", str(threads),
           "--temp", "0", *extra]
    if draft is not None:
        cmd += ["-md", str(draft), "-td", str(threads), "-tbd", str(threads)]
    run = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    os.unlink(f.name)
    out = run.stdout + run.stderr
    found = _DECODED.search(out)
    if run.returncode != 0 or found is None:
        sys.exit(f"llama-speculative-simple failed ({run.returncode}): {' '.join(cmd)}\n{out[-3000:]}")
    drafted, accepted = _DRAFTED.search(out), _ACCEPT.search(out)
    return (float(found.group(3)), int(drafted.group(1)) if drafted else 0, int(accepted.group(1)) if accepted else 0,
            run.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llama-spec", default="/tmp/llama-tools/llama-speculative-simple")
    ap.add_argument("-m", "--model", default="qwen-1.5b")
    ap.add_argument("--draft", default="qwen-0.5b")
    ap.add_argument("-n", type=int, default=128)
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    a = ap.parse_args()

    from llorch.bench.speculative import PROMPTS
    from llorch.config import load_config, resolve_paths
    from llorch.engine.types import EngineOptions, Message, Request, Sampling
    from llorch.models import resolve_model
    from llorch.runtime import open_worker

    paths = resolve_paths()
    config = load_config(paths)
    target = resolve_model(a.model, paths, config).path
    draft = resolve_model(a.draft, paths, config).path
    options = EngineOptions(n_ctx=4096, slots=1, threads=a.threads, threads_batch=a.threads,
                            speculative=f"draft:{a.draft}")
    worker = open_worker(target, options, a.model, resolve=lambda ref: resolve_model(ref, paths, config).path)
    greedy = Sampling(temperature=0.0, repeat_penalty=1.0, max_tokens=a.n, seed=0)
    rows: list[tuple[str, str, float, int, int]] = []
    texts: dict[tuple[str, str], str] = {}
    try:
        for prompt in PROMPTS:
            messages = (Message("user", prompt.text),)
            rendered = worker.engine.render_prompt(Request(messages=messages))
            runs: dict[str, list[tuple[float, int, int]]] = {}
            for _ in range(a.reps):
                for mode in ("off", "ngram", "draft"):
                    done = worker.submit(Request(messages=messages, sampling=greedy, speculative=mode)).result()
                    t = done.timings
                    runs.setdefault(f"llorch {mode}", []).append((t.tg_tokens_per_s, t.draft_tokens, t.draft_accepted))
                    texts[(prompt.kind, mode)] = done.text
                for label, dft, extra in (
                    ("llama draft (defaults)", draft, ["--spec-type", "draft-simple"]),
                    ("llama draft (p-min .75, 16)", draft, ["--spec-type", "draft-simple", "--spec-draft-p-min", "0.75",
                                                            "--spec-draft-n-max", "16"]),
                    ("llama ngram-simple", None, ["--spec-type", "ngram-simple"]),
                ):
                    tg, drafted, accepted, _ = llama_spec(a.llama_spec, target, dft, rendered, a.n, a.threads, extra)
                    runs.setdefault(label, []).append((tg, drafted, accepted))
            for label, values in runs.items():
                rows.append((prompt.kind, label, statistics.mean(v[0] for v in values),
                             sum(v[1] for v in values), sum(v[2] for v in values)))
                print(f"{prompt.kind:16} {label:28} tg {rows[-1][2]:7.2f} t/s  drafted {rows[-1][3]:5}  "
                      f"accepted {rows[-1][4]:5}", flush=True)
            same = texts[(prompt.kind, "ngram")] == texts[(prompt.kind, "off")] == texts[(prompt.kind, "draft")]
            print(f"{prompt.kind:16} llorch greedy text the same in every mode: {'yes' if same else 'NO'}", flush=True)
    finally:
        worker.close()
    print()
    by = {(kind, label): tg for kind, label, tg, _, _ in rows}
    for kind in dict.fromkeys(k for k, *_ in rows):
        plain = by[(kind, "llorch off")]
        print(f"{kind:16} llorch ngram/plain {by[(kind, 'llorch ngram')] / plain:.2f}x, draft/plain "
              f"{by[(kind, 'llorch draft')] / plain:.2f}x; llorch/llama: ngram "
              f"{by[(kind, 'llorch ngram')] / by[(kind, 'llama ngram-simple')]:.2f}, draft "
              f"{by[(kind, 'llorch draft')] / by[(kind, 'llama draft (p-min .75, 16)')]:.2f} (same p-min), "
              f"{by[(kind, 'llorch draft')] / by[(kind, 'llama draft (defaults)')]:.2f} (llama defaults)")


if __name__ == "__main__":
    main()
