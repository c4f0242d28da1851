#!/usr/bin/env python3
"""What reading a long document in parts costs, batched against one part after another, and what it keeps.

    python scripts/bench_long.py [-m qwen-1.5b] [--tokens 100000] [--ctx 4096] [--slots 4] [--facts 12] [--seed 7]
                                 [--request TEXT] [--batched-only]

Builds a report of about `--tokens` tokens (the model's own tokenizer) with `--facts` facts
planted at even intervals ("The access code of project Alder is 4417."), then summarises it
with `llorch run --long summarise`'s path (Runtime.ask with the document) twice:

- batched: the model loaded with `--slots` slots, so the parts are answered at once (one
  llama_decode per step for all of them, the request's prefix shared in the KV cache);
- one after another: the same model with one slot, so the same parts (the same context per
  slot, so the same split) are answered in turn.

Prints each run's wall time (reading the parts, combining, in all), the speed-up of the
batched run, and the share of the planted facts (their codes) each final answer keeps: in all,
and in the model's own words (before the sentences llorch lists after it: longanswers.postscript).
The model is loaded before the clock starts. A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from typing import Any

from llorch.chat.longanswers import POSTSCRIPT_HEAD
from llorch.chat.longinput import Condensing, Document
from llorch.runtime import EngineOverrides, Runtime, TurnDone

NAMES = ["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Ginkgo", "Hazel", "Ivy", "Juniper", "Larch", "Maple",
         "Nutmeg", "Oak", "Pine", "Quince", "Rowan", "Spruce", "Teak", "Umbrella", "Viburnum", "Willow", "Yew", "Zelkova"]
REQUEST = ("Summarise this report in a short paragraph, then list every project access code it gives, "
           "as 'project: code'.")


@dataclass(frozen=True)
class Figures:
    read_s: float  # from the first part submitted to the last part answered
    total_s: float  # from the request to the final answer's last token
    parts: int
    levels: int
    kept: int  # the planted codes the answer gives, with the sentences listed after it (longanswers.postscript)
    said: int  # of them, those the model's own answer gives (before POSTSCRIPT_HEAD)
    text: str


def paragraph(rng: random.Random, week: int) -> str:
    teams = ["logistics", "finance", "design", "support", "research", "sales", "legal", "facilities"]
    topics = ["the supplier contracts", "the travel budget", "the new office layout", "customer wait times",
              "the hiring plan", "the quarterly forecast", "the backup schedule", "the safety audit"]
    findings = ["costs rose slightly", "the numbers were on track", "two steps could be merged",
                "the old process still worked", "more training was needed", "nothing urgent stood out"]
    return (f"In week {week}, the {rng.choice(teams)} team reviewed {rng.choice(topics)}. They found that "
            f"{rng.choice(findings)}, and agreed to look again next month. A short note on {rng.choice(topics)} "
            f"went to the {rng.choice(teams)} team. The meeting ended on time and the minutes were filed.")


def build(count: Any, tokens: int, facts: int, seed: int = 7) -> tuple[str, dict[str, str]]:
    """A report of about `tokens` tokens with `facts` codes planted evenly; returns it and the codes."""
    rng = random.Random(seed)
    sample = [paragraph(rng, i) for i in range(20)]
    per = sum(count(p) for p in sample) / len(sample) + 1
    n = max(facts + 1, round(tokens / per))
    paragraphs = [paragraph(rng, i + 1) for i in range(n)]
    codes = {NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else str(i // len(NAMES))): str(rng.randrange(1000, 9999))
             for i in range(facts)}
    for k, (name, code) in enumerate(codes.items()):
        at = (2 * k + 1) * n // (2 * facts)
        paragraphs[at] += f" The access code of project {name} is {code}."
    return "\n\n".join(paragraphs), codes


def summarise(model: str, text: str, codes: dict[str, str], *, ctx: int, slots: int, max_tokens: int,
              request: str = REQUEST) -> Figures:
    with Runtime.open(engine=EngineOverrides(ctx_size=ctx, slots=slots, force_slots=True)) as rt:
        with rt.models.use(model) as worker:  # loaded before the clock starts
            worker.tokenize("warm up")
        started = time.perf_counter()
        read_start = read_end = started
        parts, levels, done = 0, 0, None
        for event in rt.ask(request, model=model, documents=[Document(text)], long="summarise",
                            sampling={"temperature": 0.0, "seed": 1, "max_tokens": max_tokens}):
            if isinstance(event, Condensing):
                print(f"  {time.perf_counter() - started:7.1f} s  level {event.level}: {event.done}/{event.total}",
                      file=sys.stderr, flush=True)
                if event.level == 0 and event.done == 0:
                    read_start, parts = time.perf_counter(), event.total
                if event.level == 0 and event.done == event.total:
                    read_end = time.perf_counter()
                levels = max(levels, event.level)
            elif isinstance(event, TurnDone):
                done = event
        total = time.perf_counter() - started
    if done is None or done.error:
        raise SystemExit(f"no answer: {done.error if done else 'nothing'}")
    answer = done.text.replace(",", "")
    kept = sum(1 for code in codes.values() if code in answer)
    own = done.text.split(POSTSCRIPT_HEAD)[0].replace(",", "")
    said = sum(1 for code in codes.values() if code in own)
    return Figures(read_end - read_start, total, parts, levels, kept, said, done.text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-m", "--model", default="qwen-1.5b", help="model reference (default: qwen-1.5b, the default model)")
    ap.add_argument("--tokens", type=int, default=100_000, help="document size in tokens (default 100,000)")
    ap.add_argument("--ctx", type=int, default=4096, help="context per slot (default 4096)")
    ap.add_argument("--slots", type=int, default=4, help="slots of the batched run (default 4)")
    ap.add_argument("--facts", type=int, default=12, help="facts planted (default 12)")
    ap.add_argument("--seed", type=int, default=7, help="the report's seed: its weeks, teams and codes (default 7)")
    ap.add_argument("--request", default=REQUEST, help="what is asked of the report (default: a summary and the codes)")
    ap.add_argument("--max-tokens", type=int, default=512,
                    help="the final answer's most tokens (default 512, llorch's sampling.max_tokens)")
    ap.add_argument("--show", action="store_true", help="print both final answers")
    ap.add_argument("--batched-only", action="store_true", help="only the batched run: what it keeps, and its time")
    a = ap.parse_args()
    with Runtime.open(engine=EngineOverrides(ctx_size=a.ctx)) as rt:
        with rt.models.use(a.model) as worker:
            def count(text: str) -> int:
                return len(worker.tokenize(text, add_bos=False))

            text, codes = build(count, a.tokens, a.facts, seed=a.seed)
            size = count(text)
    print(f"model {a.model}; document {size:,} tokens, {a.facts} planted facts; context {a.ctx:,} per slot",
          flush=True)
    runs = []
    modes = ((f"batched ({a.slots} slots)", a.slots),) + (() if a.batched_only else (("one after another", 1),))
    for name, slots in modes:
        f = summarise(a.model, text, codes, ctx=a.ctx, slots=slots, max_tokens=a.max_tokens, request=a.request)
        runs.append(f)
        print(f"{name:<22} parts {f.parts}, combining levels {f.levels}; reading the parts {f.read_s:,.1f} s, "
              f"in all {f.total_s:,.1f} s; facts kept {f.kept}/{a.facts} ({f.kept / a.facts:.0%}; in the model's "
              f"own answer {f.said}, the rest in the sentences listed after it)", flush=True)
    if a.batched_only:
        if a.show:
            print(f"\n--- batched answer ---\n{runs[0].text}")
        return
    batched, serial = runs
    print(f"speed-up of batching: reading the parts {serial.read_s / batched.read_s:.2f}x, "
          f"in all {serial.total_s / batched.total_s:.2f}x (target: 2x or more)")
    if a.show:
        print(f"\n--- batched answer ---\n{batched.text}\n\n--- one-after-another answer ---\n{serial.text}")


if __name__ == "__main__":
    main()
