#!/usr/bin/env python3
"""Chat figures: prefix reuse across turns, and the TUI's start-up time to first paint.

1. A 5-turn conversation on one model context (as `llorch chat` keeps it). For turns
   1, 2 and 5 it prints time to first token beside the same prompt sent to a fresh
   context (nothing cached), so the saving from reusing the earlier turns shows as a ratio.
2. `llorch chat` started on a pseudo-terminal: time until the status bar is drawn.

    python scripts/bench_chat.py [--model PATH] [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = [
    "Tell me about the history of the lighthouse on the northern cape and the families who kept it.",
    "What happened to the keepers during the great storm that winter, and how did the village help?",
    "Describe the lamp and the lens that were installed when the tower was rebuilt after the storm.",
    "How did the arrival of electricity change daily life for the keepers and for the ships nearby?",
    "Why was the lighthouse finally automated, and what became of the keepers' cottage afterwards?",
]


def prefix_reuse(model: str, reps: int) -> None:
    from llorch.chat import Conversation, TurnDone
    from llorch.engine import EngineOptions, Message, Request, Sampling
    from llorch.runtime import open_worker
    from llorch.store.db import Store

    opts = EngineOptions(n_ctx=4096)
    sampling = Sampling(seed=7, max_tokens=48, temperature=0.7)
    warm: dict[int, list[float]] = {}
    cold: dict[int, list[float]] = {}
    prompt_tokens: dict[int, int] = {}
    cached: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp, open_worker(Path(model), opts, "chat") as chat_backend, \
            open_worker(Path(model), opts, "fresh") as fresh:
        for rep in range(reps):
            store = Store.open(Path(tmp) / f"bench{rep}.db")
            list(chat_backend.generate(Request(prompt="x", sampling=Sampling(max_tokens=1))))  # its one slot: start each rep empty
            conv = Conversation(store, lambda ref: chat_backend, model_ref=model, sampling=sampling)
            for turn, question in enumerate(QUESTIONS, start=1):
                done = [e for e in conv.send(question) if isinstance(e, TurnDone)][-1]
                assert done.completion is not None
                c = done.completion
                warm.setdefault(turn, []).append(c.timings.ttft_ms)
                prompt_tokens[turn] = c.usage.prompt_tokens
                cached[turn] = c.usage.cached_tokens
                # The same prompt on a context that holds something else: no reuse.
                list(fresh.generate(Request(prompt="unrelated " * 5, sampling=Sampling(max_tokens=1))))
                before_answer = conv.history()[:-1]  # the turn's prompt: everything up to its question
                req = Request(messages=tuple(Message(m.role, m.content) for m in before_answer), sampling=sampling)
                events = list(fresh.generate(req))
                cold.setdefault(turn, []).append(events[-1].timings.ttft_ms)  # type: ignore[union-attr]
            store.close()
    print(f"prefix reuse on {Path(model).name} ({reps} reps, medians)")
    print(f"{'turn':<6}{'prompt tokens':>14}{'cached':>8}{'ttft warm ms':>14}{'ttft cold ms':>14}{'warm/cold':>11}")
    for turn in (1, 2, 5):
        w, c = statistics.median(warm[turn]), statistics.median(cold[turn])
        print(f"{turn:<6}{prompt_tokens[turn]:>14}{cached[turn]:>8}{w:>14.1f}{c:>14.1f}{w / c:>11.3f}")


def first_paint(reps: int) -> None:
    llorch = shutil.which("llorch")
    if not llorch:
        sys.exit("llorch is not installed")
    times = []
    for _ in range(reps):
        with tempfile.TemporaryDirectory() as home:
            master, slave = pty.openpty()
            env = dict(os.environ, LLORCH_HOME=home, TERM="xterm-256color", COLUMNS="100", LINES="30")
            start = time.perf_counter()
            proc = subprocess.Popen([llorch, "chat", "-m", "/nonexistent.gguf"], stdin=slave, stdout=slave, stderr=slave, env=env)
            os.close(slave)
            seen = b""
            while b"session" not in seen and time.perf_counter() - start < 20:
                ready, _, _ = select.select([master], [], [], 0.5)
                if ready:
                    try:
                        seen += os.read(master, 65536)
                    except OSError:
                        break
            times.append(time.perf_counter() - start)
            proc.kill()
            proc.wait()
            os.close(master)
    print(f"TUI start-up to first paint (status bar drawn): median {statistics.median(times) * 1000:.0f} ms over {reps} runs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model")
    ap.add_argument("--reps", type=int, default=3)
    a = ap.parse_args()
    model = a.model or subprocess.run(["llorch", "models", "pull", "starter"], capture_output=True, text=True, check=True).stdout.strip()
    prefix_reuse(model, a.reps)
    first_paint(5)


if __name__ == "__main__":
    main()
