"""`llorch bench --speculative`: plain decoding vs n-gram drafts, rendered (see llorch.bench.speculative)."""

from __future__ import annotations

import json
from typing import Any

from llorch.cli._common import stdout_console, write_out

__all__ = ["bench_speculative"]

_MODE_NAMES = {"off": "plain", "ngram": "ngram", "auto": "auto"}


def bench_speculative(configs: list[Any], open_model: Any, *, n_gen: int, reps: int, step: Any, as_json: bool,
                      draft: str | None = None) -> None:
    """Each model and settings on one slot: the prompts of each kind in each mode (and with `draft` drafting)."""
    from llorch.bench.speculative import MODES, run_speculative
    from llorch.orchestra.pool import as_worker

    results = []
    for cfg in configs:
        worker = as_worker(open_model(cfg, 4096))
        try:
            modes = (*MODES, "draft") if draft is not None else MODES
            results += run_speculative(worker, model=cfg.model, n_gen=n_gen, reps=reps, modes=modes, progress=step)
        finally:
            worker.close()
    if as_json:
        write_out(json.dumps({"speculative": [r.to_dict() for r in results], "n_gen": n_gen, "reps": reps,
                              "draft": draft}) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"speculative decoding: greedy, tg {n_gen}, {reps} rep(s) each", box=None, header_style="bold")
    for col in ("model", "prompt", "mode", "tg t/s", "drafted", "accepted", "ratio", "same text"):
        table.add_column(col, justify="left" if col in ("model", "prompt", "mode") else "right")
    for r in results:
        table.add_row(r.model, r.kind, f"draft {draft}" if r.mode == "draft" else _MODE_NAMES.get(r.mode, r.mode), f"{r.tg:.2f} ± {r.tg_stddev:.2f}",
                      f"{r.drafted:,}", f"{r.acceptance:.0%}" if r.drafted else "-", f"{r.ratio:.2f}x",
                      "yes" if r.identical else "NO")
    out = stdout_console()
    out.print(table)
    if not all(r.identical for r in results):
        out.print("a greedy answer differed with drafts: near-ties in the logits can part (batch sizes round "
                  "differently), or drafting has a bug", markup=False)
