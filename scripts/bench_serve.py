#!/usr/bin/env python3
"""`llorch serve` beside llama.cpp's `llama-server`: aggregate generation tokens/s over HTTP.

    python scripts/bench_serve.py --llama-server /tmp/llama-tools/llama-server [--model PATH] [--rounds 2]

Both serve the same GGUF (default: the starter) with 8 slots of the same context, the
same threads; the same load script drives each with 1, 4 and 8 concurrent streaming
clients (the official openai client), each asking for up to 128 tokens of a story.
Servers run one at a time, in interleaved rounds; the ratio llorch / llama-server is
given per concurrency. Then the per-request overhead of the HTTP path against an
in-process Runtime call, on 1-token answers (medians).

A benchmark, not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openai

CLIENTS = (1, 4, 8)
TOKENS = 128


def start(cmd: list[str], env: dict[str, str], ready: str) -> tuple[subprocess.Popen[bytes], int]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    buffer = b""
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        buffer += line
        found = re.search(ready.encode(), buffer)
        if found:
            port = int(found.group(1))
            # keep draining stderr so the server never blocks on a full pipe
            import threading

            threading.Thread(target=lambda: proc.stderr.read(), daemon=True).start()  # type: ignore[union-attr]
            return proc, port
    proc.kill()
    raise SystemExit(f"server did not start: {cmd[0]}\n{buffer.decode(errors='replace')[-2000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def load(url: str, model: str, clients: int) -> tuple[int, float]:
    async with openai.AsyncOpenAI(base_url=url + "/v1", api_key="x", max_retries=0, timeout=600) as c:
        async def one(i: int) -> int:
            stream = await c.chat.completions.create(
                model=model, stream=True, max_tokens=TOKENS, temperature=0.7, seed=i,
                messages=[{"role": "user", "content": f"Write a long story about a lighthouse keeper number {i}."}])
            n = 0
            async for chunk in stream:
                if chunk.choices and chunk.choices[0].delta.content:
                    n += 1
            return n

        await one(999)  # warm-up
        start_t = time.perf_counter()
        counts = await asyncio.gather(*(one(i) for i in range(clients)))
        return sum(counts), time.perf_counter() - start_t


def run_llorch(model: Path, threads: int, ctx: int) -> tuple[subprocess.Popen[bytes], str, str]:
    home = tempfile.mkdtemp(prefix="bench-serve-")
    env = os.environ | {"LLORCH_HOME": home}
    cmd = ["llorch", "serve", "--port", "0", "--slots", "8", "--ctx-size", str(ctx), "--threads", str(threads)]
    proc, port = start(cmd, env, r"listening on http://127\.0\.0\.1:(\d+)")
    return proc, f"http://127.0.0.1:{port}", str(model)


def run_llama(binary: str, model: Path, threads: int, ctx: int) -> tuple[subprocess.Popen[bytes], str, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [binary, "-m", str(model), "--port", str(port), "-np", "8", "-c", str(ctx * 8), "-t", str(threads),
           "-tb", str(threads)]
    proc, _ = start(cmd, dict(os.environ), rf"listening on http://127\.0\.0\.1:({port})")
    return proc, f"http://127.0.0.1:{port}", "model"


def overhead(model: Path, n: int = 30) -> None:
    """Median wall time of a 1-token answer: HTTP to llorch serve, and an in-process Runtime call."""
    proc, url, name = run_llorch(model, 2, 512)
    c = openai.OpenAI(base_url=url + "/v1", api_key="x", max_retries=0)
    times = []
    for i in range(n + 1):
        t = time.perf_counter()
        c.chat.completions.create(model=name, max_tokens=1, temperature=0, messages=[{"role": "user", "content": f"hi {i}"}])
        times.append(time.perf_counter() - t)
    stop(proc)
    http_ms = statistics.median(times[1:]) * 1000
    from llorch.runtime import EngineOverrides, Runtime

    local = []
    with Runtime.open(engine=EngineOverrides(ctx_size=512)) as rt:
        for i in range(n + 1):
            t = time.perf_counter()
            list(rt.ask(f"hi {i}", model=name, sampling={"max_tokens": 1, "temperature": 0}))
            local.append(time.perf_counter() - t)
    local_ms = statistics.median(local[1:]) * 1000
    print(f"1-token answer, median of {n}: HTTP {http_ms:.1f} ms, in-process Runtime {local_ms:.1f} ms: "
          f"the HTTP path adds {http_ms - local_ms:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llama-server", required=True)
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--ctx", type=int, default=1024, help="context per slot")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if args.model is None:
        from llorch.config import load_config, resolve_paths
        from llorch.models import resolve_model

        paths = resolve_paths()
        args.model = Path(resolve_model("starter", paths, load_config(paths)).path)
    if not shutil.which("llorch"):
        sys.exit("llorch is not installed")
    rates: dict[tuple[str, int], list[float]] = {}
    for rnd in range(args.rounds):
        order = ("llorch", "llama-server") if rnd % 2 == 0 else ("llama-server", "llorch")
        for which in order:
            proc, url, name = (run_llorch(args.model, args.threads, args.ctx) if which == "llorch"
                               else run_llama(args.llama_server, args.model, args.threads, args.ctx))
            try:
                for clients in CLIENTS:
                    tokens, wall = asyncio.run(load(url, name, clients))
                    rates.setdefault((which, clients), []).append(tokens / wall)
                    print(f"round {rnd + 1} {which:12} {clients} client(s): {tokens} tokens in {wall:.2f} s = "
                          f"{tokens / wall:.1f} tokens/s", flush=True)
            finally:
                stop(proc)
    print()
    print("clients  llorch t/s  llama-server t/s  ratio")
    for clients in CLIENTS:
        a = statistics.median(rates[("llorch", clients)])
        b = statistics.median(rates[("llama-server", clients)])
        print(f"{clients:>7}  {a:>10.1f}  {b:>16.1f}  {a / b:>5.2f}")
    overhead(args.model)


if __name__ == "__main__":
    main()
