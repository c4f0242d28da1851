"""`llorch bench --pool` and `llorch bench --consensus`: the pool's speedup and knee, and what a vote buys."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from llorch.cli import _common
from llorch.cli._common import stdout_console, write_out

__all__ = ["bench_consensus", "bench_pool"]


def bench_pool(cfg: Any, base_options: Any, shapes: list[tuple[int, int]], *, requests: int, pp: int, tg: int,
               step: Any, as_json: bool) -> None:
    """Every shape (instances x slots) on the first model and settings; threads are shared out among instances."""
    from llorch.bench.pool import knee, run_pool
    from llorch.engine.llama import physical_cores
    from llorch.orchestra.group import Group
    from llorch.orchestra.pool import as_worker

    cores = cfg.threads or physical_cores()

    def open_group(instances: int, slots: int, threads: int) -> Any:
        options = replace(base_options, n_ctx=pp + tg + 64, slots=slots, kv_unified=False, threads=threads,
                          threads_batch=threads, n_gpu_layers=cfg.n_gpu_layers, n_batch=cfg.n_batch,
                          n_ubatch=cfg.n_ubatch, flash_attn=cfg.flash_attn, cache_type_k=cfg.cache_type_k,
                          cache_type_v=cfg.cache_type_v, repack=cfg.repack)
        return Group.build(cfg.model, instances, lambda: as_worker(_common.open_backend(Path(cfg.path), options, cfg.model)))

    results = run_pool(open_group, model=cfg.model, shapes=shapes, requests=requests, pp=pp, tg=tg,
                       threads=lambda w: max(1, cores // w), progress=step)
    best = knee(results)
    if as_json:
        write_out(json.dumps({"pool": [r.to_dict() for r in results], "knee": best.shape}) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{cfg.model}: {requests} requests of pp {pp} + tg {tg}, greedy", box=None, header_style="bold")
    for col in ("shape", "threads", "wall s", "tokens/s", "speedup", "agreement", "steals"):
        table.add_column(col, justify="left" if col == "shape" else "right")
    for r in results:
        table.add_row(f"{r.instances} x {r.slots}", str(r.threads), f"{r.wall_s:.2f}", f"{r.tokens_per_s:.1f}",
                      f"{r.speedup:.2f}x", f"{r.agreement:.0%}", str(r.steals))
    out = stdout_console()
    out.print(table)
    out.print(f"knee: {best.instances} instance(s) x {best.slots} slot(s) = {best.tokens_per_s:.1f} tokens/s "
              f"({best.speedup:.2f}x serial); past it, more instances or slots add under 10% on this machine", markup=False)


def bench_consensus(ref: str, n: int, *, temperature: float, limit: int | None, step: Any, as_json: bool) -> None:
    """The arithmetic set answered once and by a vote of N on `ref`, in the same run."""
    from llorch.bench.accuracy import run_accuracy
    from llorch.chat.events import TurnDone

    with _common.open_runtime(slots=n) as rt:
        def ask(prompt: str, *, temperature: float, seed: int, consensus: Any) -> Any:
            done = None
            for event in rt.ask(prompt, model=ref, sampling={"temperature": temperature, "seed": seed, "max_tokens": 256},
                                consensus=consensus):
                if isinstance(event, TurnDone):
                    done = event
            return done

        rows = run_accuracy(ask, n=n, temperature=temperature, limit=limit, progress=step)
    if as_json:
        write_out(json.dumps({"model": ref, "consensus": [r.to_dict() for r in rows]}) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{ref}: {rows[0].total} arithmetic word problems", box=None, header_style="bold")
    for col in ("answer", "correct", "accuracy", "wall s"):
        table.add_column(col, justify="left" if col == "answer" else "right")
    for r in rows:
        table.add_row(r.name, f"{r.correct}/{r.total}", f"{r.accuracy:.0%}", f"{r.seconds:.1f}")
    out = stdout_console()
    out.print(table)
    single = rows[1].seconds
    out.print(f"consensus of {n} took {rows[2].seconds / single:.2f}x the time of one sampled answer" if single else "",
              markup=False)
