#!/usr/bin/env python3
"""llorch's perplexity against llama.cpp's own llama-perplexity: same model, text and context, one after the other.

    python scripts/compare_llama_perplexity.py --llama-perplexity PATH [--model PATH] [--text FILE]
        [-c 512] [-b 2048] [--threads N] [--chunks N] [--kl]

Prints both final estimates (PPL ± error) and the ratio llorch / llama-perplexity (target: within 1%).
With --kl, each tool also reads the other's --kl-divergence-base file (the same format): the model
against its own base must give a KL divergence of ~0 and the same top token ~100% of the time,
whichever tool wrote the file. The default text is the one llorch ships (llorch/evals/data).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_FINAL = re.compile(r"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)")
_KLD = re.compile(r"Mean\s+KLD:\s+(-?[0-9.]+)")
_TOP = re.compile(r"Same top p:\s+([0-9.]+)")


def llama(exe: str, args: list[str]) -> str:
    started = time.perf_counter()
    run = subprocess.run([exe, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    out = run.stdout + run.stderr
    if run.returncode != 0:
        sys.exit(f"llama-perplexity failed ({run.returncode}):\n{out[-3000:]}")
    print(f"  llama-perplexity {' '.join(args)}  ({time.perf_counter() - started:.0f} s)")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--llama-perplexity", default=shutil.which("llama-perplexity"))
    ap.add_argument("--model", help="GGUF file (default: the starter model)")
    ap.add_argument("--text", type=Path, help="text file (default: llorch's shipped text)")
    ap.add_argument("-c", "--ctx-size", type=int, default=512)
    ap.add_argument("-b", "--batch-size", type=int, default=2048)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--chunks", type=int)
    ap.add_argument("--kl", action="store_true", help="also cross-check the KL base files")
    a = ap.parse_args()
    if not a.llama_perplexity:
        sys.exit("llama-perplexity not found: put it on PATH or pass --llama-perplexity PATH")

    from llorch.engine.types import EngineOptions
    from llorch.evals.perplexity import default_text_path, run_perplexity

    text_path = a.text or default_text_path()
    model = a.model or subprocess.run(["llorch", "models", "pull", "starter"], capture_output=True, text=True,
                                      check=True).stdout.strip()
    common = ["-m", model, "-c", str(a.ctx_size), "-b", str(a.batch_size), "-t", str(a.threads), "-ngl", "0", "-fa", "off"]
    common += ["--chunks", str(a.chunks)] if a.chunks else []
    opts = EngineOptions(n_gpu_layers=0)
    text = text_path.read_text(encoding="utf-8")

    print(f"model {os.path.basename(model)}, text {text_path} ({len(text.encode()):,} bytes), "
          f"-c {a.ctx_size} -b {a.batch_size} -t {a.threads}")
    ref = _FINAL.search(llama(a.llama_perplexity, [*common, "-f", str(text_path)]))
    assert ref is not None, "no final estimate in llama-perplexity's output"
    started = time.perf_counter()
    ours = run_perplexity(Path(model), text, n_ctx=a.ctx_size, n_batch=a.batch_size, threads=a.threads,
                          chunks=a.chunks, options=opts)
    print(f"  llorch run_perplexity  ({time.perf_counter() - started:.0f} s)")
    theirs = float(ref.group(1))
    print(f"llama-perplexity: PPL = {theirs:.4f} +/- {float(ref.group(2)):.5f}")
    print(f"llorch:           PPL = {ours.ppl:.4f} +/- {ours.ppl_error:.5f}  ({ours.chunks} chunks, {ours.tokens} tokens)")
    print(f"ratio llorch / llama-perplexity: {ours.ppl / theirs:.5f}")

    if a.kl:
        with tempfile.TemporaryDirectory(prefix="llorch-kl-") as tmp:
            theirs_base, ours_base = Path(tmp) / "llama.base", Path(tmp) / "llorch.base"
            llama(a.llama_perplexity, [*common, "-f", str(text_path), "--kl-divergence-base", str(theirs_base)])
            run_perplexity(Path(model), text, n_ctx=a.ctx_size, n_batch=a.batch_size, threads=a.threads,
                           chunks=a.chunks, save_base=ours_base, options=opts)
            out = llama(a.llama_perplexity, [*common, "--kl-divergence-base", str(ours_base), "--kl-divergence"])
            kld, top = _KLD.search(out), _TOP.search(out)
            print(f"llama-perplexity against llorch's base: mean KLD {kld.group(1) if kld else '?'}, "
                  f"same top {top.group(1) if top else '?'} %")
            back = run_perplexity(Path(model), "", n_batch=a.batch_size, threads=a.threads, kl_base=theirs_base,
                                  options=opts)
            assert back.kl is not None
            print(f"llorch against llama-perplexity's base: mean KLD {back.kl.kld:.6f}, "
                  f"same top {100 * back.kl.same_top:.3f} %")


if __name__ == "__main__":
    main()
