"""`llorch bench --tune`: the two searches (llorch.bench.tune) on one model, rendered, saved, and --write.

The single-stream search varies the engine settings from the model's current ones (config.toml's
[engine] and its [workers."MODEL"] table); the batched one then varies the slots, from the
single-stream winner. What is written is the single-stream winner's settings that differ from the
current ones, only where the noise guard let it win, under the model's own name (a bundled model's
canonical name; a path made absolute, so the table does not depend on the folder it was typed in).

The batched winner's slots are never written: `run` and `chat` read [workers."MODEL"] too, so a
`slots = 8` there made every one-shot question allocate eight KV caches. They are shown as the
options that apply them where they pay, `serve --slots N` and `run --each-line --parallel N`.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llorch.cli import _common
from llorch.cli._common import fancy_stderr, stderr_console, stdout_console, terminal_width, write_out

__all__ = ["BATCHED_SLOTS", "TuneArgs", "bench_tune", "render_tune", "table_name"]

BATCHED_SLOTS = 4  # the slots `serve` and `run --each-line` take when engine.slots is 0 (automatic)
SLOT_GRID = (1, 2, 4, 8)
SINGLE_SHARE = 0.5  # of the budget, for the single-stream search (the batched one has the rest)
BATCHED_PROMPT = 64  # tokens of each batched request's prompt (at most -p): short lines, as a bulk run sends


@dataclass(frozen=True)
class TuneArgs:
    ref: str
    path: Path
    n_prompt: int
    n_gen: int
    reps: int  # samples each finalist gets
    budget_s: float
    dims: dict[str, list[Any]] = field(default_factory=dict)  # values named on the command line
    slots: list[int] | None = None  # --parallel: the slot counts to try
    write: bool = False
    save: bool = True
    as_json: bool = False
    source: str = ""  # how `ref` resolved (llorch.models.registry's Source): "path" keys the table by `path`


def table_name(ref: str, path: Path, source: str) -> str:
    """The [workers."NAME"] table a tuned `ref` is saved under: a path as the absolute, resolved path (the path
    as typed applied only to that spelling, and a relative one to whatever file had that name in the folder of
    a later run), a bundled model's canonical name, anything else (an alias, a local or hf: name) as given."""
    from llorch.models.starter import canonical_ref

    if source == "path":
        return str(path.resolve())
    return canonical_ref(ref) or ref


def _default_setting(options: Any, *, physical: int, offload: bool) -> Any:
    from llorch.bench.tune import Setting

    threads = options.threads or physical
    ngl = options.n_gpu_layers
    if ngl == "auto":
        ngl = "all" if offload else 0
    return Setting(threads=threads, threads_batch=options.threads_batch or threads, n_batch=options.n_batch,
                   n_ubatch=options.n_ubatch, flash_attn=options.flash_attn, cache_type_k=options.cache_type_k,
                   cache_type_v=options.cache_type_v, n_gpu_layers=ngl, slots=options.slots or BATCHED_SLOTS,
                   repack=options.repack)


def _layers(path: Path) -> int | None:
    from llorch.engine.gguf import read_gguf

    try:
        summary = read_gguf(path)
    except Exception:  # noqa: BLE001 - the header is only read to offer half the layers
        return None
    value = summary.metadata.get(f"{summary.architecture}.block_count")
    return int(value) if isinstance(value, int) else None


class _Bar:
    """The share of the budget spent, with what is being measured, on a terminal's stderr; else nothing."""

    def __init__(self, budget_s: float) -> None:
        self._budget = budget_s
        self._bar: Any = None
        self._task: Any = None
        self._start = time.monotonic()

    def __enter__(self) -> _Bar:
        if fancy_stderr():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                                 console=stderr_console(), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("tuning", total=self._budget)
        return self

    def step(self, label: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=label, completed=min(self._budget, time.monotonic() - self._start))

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def bench_tune(args: TuneArgs, paths: Any, config: Any, hardware: Any) -> None:
    """Tune `args.ref` on this machine; print, save, and write config.toml when asked."""
    from llorch.bench.tune import Dimension, QUANTIZED_V_NEEDS_FA, Search, grid
    from llorch.bench.tune_measure import batched, single_stream
    from llorch.bench.types import BenchRun
    from llorch.engine.types import EngineOptions
    from llorch.errors import InputError

    name = table_name(args.ref, args.path, args.source)  # the table --write fills
    # The model's tables as typed and as saved (a path tuned before is saved absolute): tuned again, it
    # starts from what was written.
    own = config.worker_engine(args.ref) | config.worker_engine(name)
    options: EngineOptions = dataclasses.replace(config.engine_options(), **own)
    offload = bool(hardware.gpu_offload)
    default = _default_setting(options, physical=hardware.physical_cores, offload=offload)
    dims = dict(args.dims)
    if "n_gpu_layers" in dims and not offload:
        del dims["n_gpu_layers"]
        stderr_console().print("note: this llama.cpp build cannot offload to a GPU; -ngl is not tried", markup=False)
    kv = dims.get("kv", [])
    if any(v not in QUANTIZED_V_NEEDS_FA for _k, v in kv) and True not in dims.get("flash_attn", [True]):
        raise InputError("a quantized V cache needs flash attention: add -fa 0,1 (or 1), or drop it from -ctv")
    single_dims = grid(default, logical=hardware.logical_cores, physical=hardware.physical_cores,
                       n_prompt=args.n_prompt, gpu_layers=_layers(args.path) if offload else None, given=dims)
    slot_values = tuple(sorted(set(args.slots or SLOT_GRID) | {default.slots}))
    requests = max(slot_values)
    batched_prompt = min(args.n_prompt, BATCHED_PROMPT)

    def open_model(setting: Any, n_ctx: int) -> Any:
        opts = dataclasses.replace(
            options, n_ctx=n_ctx, slots=setting.slots, threads=setting.threads, threads_batch=setting.threads_batch,
            n_gpu_layers=setting.n_gpu_layers, n_batch=setting.n_batch, n_ubatch=setting.n_ubatch,
            flash_attn=setting.flash_attn, cache_type_k=setting.cache_type_k, cache_type_v=setting.cache_type_v,
            repack=setting.repack,
        )
        return _common.open_backend(args.path, opts, args.ref)

    workloads = [
        {"name": "single", "title": f"single stream: pp {args.n_prompt} + tg {args.n_gen}, one sequence",
         "score": "pp+tg t/s"},
        {"name": "batched", "title": f"batched: {requests} requests at once, each pp {batched_prompt} + tg {args.n_gen}",
         "score": "all streams tg t/s"},
    ]
    outcomes: list[Any] = []
    interrupted = False
    started, t0 = time.time(), time.monotonic()
    with _Bar(args.budget_s) as bar:
        search = Search(single_stream(open_model, n_prompt=args.n_prompt, n_gen=args.n_gen), default=default,
                        dims=single_dims, budget_s=args.budget_s * SINGLE_SHARE, confirm_reps=args.reps,
                        progress=lambda label: bar.step(f"single stream: {label}"))
        try:
            search.run()
        except KeyboardInterrupt:
            interrupted = True
        outcomes.append(search.outcome("interrupted" if interrupted else None))
        left = args.budget_s - (time.monotonic() - t0)
        skipped = "" if interrupted or left > 0 else ("batched: not measured: the budget was spent before it "
                                                      "(give a larger --budget)")
        if not interrupted and not skipped:
            single = outcomes[0].winner.setting if outcomes[0].winner is not None else default
            search = Search(batched(open_model, requests=requests, n_prompt=batched_prompt, n_gen=args.n_gen,
                                    unified=options.kv_unified),
                            default=default, start=dataclasses.replace(single, slots=default.slots),
                            dims=[Dimension("slots", slot_values)],
                            budget_s=left, confirm_reps=args.reps,
                            progress=lambda label: bar.step(f"batched: {label}"))
            try:
                search.run()
            except KeyboardInterrupt:
                interrupted = True
            outcomes.append(search.outcome("interrupted" if interrupted else None))
    changes: dict[str, Any] = {}
    if outcomes[0].winner is not None:
        changes.update({k: v for k, v in outcomes[0].winner.setting.changes(default).items() if k != "slots"})
        if not options.threads_batch and changes.get("threads_batch") == outcomes[0].winner.setting.threads:
            del changes["threads_batch"]  # 0 (as threads) says it already
    batched_slots = None  # shown as serve / bulk options, never written (see the module's docstring)
    if len(outcomes) > 1 and outcomes[1].winner is not None and outcomes[1].winner.setting.slots != default.slots:
        batched_slots = outcomes[1].winner.setting.slots
    report: dict[str, Any] = {
        "model": args.ref, "table": name, "path": str(args.path), "budget_s": args.budget_s,
        "elapsed_s": time.monotonic() - t0, "interrupted": interrupted, "n_prompt": args.n_prompt,
        "n_gen": args.n_gen, "reps": args.reps,
        "workloads": [w | o.to_dict() for w, o in zip(workloads, outcomes)],
        "changes": changes, "batched_slots": batched_slots, "config_file": str(paths.config_file),
        "written": False, "skipped": skipped,
    }
    if args.write and changes and not interrupted:
        from llorch.configedit import save_worker_values

        save_worker_values(paths, name, changes)
        report["written"] = True
    if args.save:
        from llorch.store import open_store

        run = BenchRun(hardware=hardware, results=(), reps=args.reps, created_at=started, extra={"tune": report})
        with open_store(paths) as store:
            report["id"] = store.add_bench_run(json.dumps(run.to_dict()))
    if args.as_json:
        write_out(json.dumps(report, indent=2) + "\n")
    else:
        import textwrap

        from llorch.bench.report import hardware_lines

        width = terminal_width()
        for label, value in hardware_lines(hardware):
            line = f"{label + ':':<17}{value}"
            if width is not None and len(line) > width:
                line = textwrap.fill(line, width, subsequent_indent=" " * min(17, width // 2), break_on_hyphens=False)
            write_out(line + "\n")
        render_tune(report)
    if interrupted:
        _common.interrupted()


def _pct(fraction: float) -> str:
    return f"{fraction * 100:+.1f}%"


def _note(row: dict[str, Any], best: str, winner: dict[str, Any] | None) -> str:
    if row["error"]:
        return f"failed: {row['error']}"
    if row["dropped"]:
        return "dropped: first sample clearly worse"
    if winner is not None and row["label"] == winner["label"]:
        return "winner"
    if row["label"] == best and row["label"] != "defaults":
        return "best, within noise"
    return "finalist" if row["finalist"] else ""


def render_tune(report: dict[str, Any]) -> None:
    """The tables, each workload's verdict, and what --write did or would do (also for a saved run)."""
    from rich.table import Table

    from llorch.configedit import worker_table_text

    out = stdout_console()
    width = terminal_width()
    if width is not None:
        out.width = width
    for w in report["workloads"]:
        table = Table(title=w["title"], box=None, header_style="bold")
        for col in ("setting", "pp t/s", "tg t/s", w["score"], "n", ""):
            table.add_column(col, justify="left" if col in ("setting", "") else "right", overflow="fold")
        rows = sorted(w["rows"], key=lambda r: (r["label"] != "defaults", r["dropped"] or bool(r["error"]), -r["mean"]))
        for r in rows:
            pp = "-" if r["pp"] is None else f"{r['pp']:.1f}"
            score = f"{r['mean']:.2f} ± {r['spread']:.2f}" if r["n"] else "-"
            table.add_row(r["label"], pp if r["n"] else "-", f"{r['tg']:.1f}" if r["n"] else "-", score, str(r["n"]),
                          _note(r, w["best"], w["winner"]))
        out.print(table)
        default = next((r for r in w["rows"] if r["label"] == "defaults"), None)
        what = w["name"].replace("single", "single stream")
        if w["winner"] is not None and default is not None:
            win = w["winner"]
            line = (f"{what}: winner {win['label']}: {win['mean']:.2f} ± {win['spread']:.2f} t/s, "
                    f"{_pct(w['gain'])} over the defaults ({default['mean']:.2f} ± {default['spread']:.2f})")
        else:
            line = f"{what}: {w['verdict']}"
            if w["best"] != "defaults" and default is not None and default["n"]:
                line += f" (best: {w['best']}, {_pct(w['gain'])})"
        if w["stopped"] == "budget":
            line += "; the budget ran out before every candidate was measured"
        out.print(line, markup=False, highlight=False)
        out.print("")
    if report.get("skipped"):
        out.print(report["skipped"], markup=False)
    if report["interrupted"]:
        out.print("interrupted: these are the figures measured until then; config.toml is left as it is",
                  markup=False)
        return
    slots = report.get("batched_slots")
    if slots:
        out.print(f"batched: for many requests at once use `llorch serve --slots {slots}` or `llorch run --each-line "
                  f"--parallel {slots}`; not written to config.toml, where run and chat would each hold {slots} KV "
                  "caches for one question", markup=False, highlight=False)
    table_text = worker_table_text(report["table"], report["changes"]) if report["changes"] else ""
    if report["written"]:
        out.print(f"wrote to {report['config_file']}:\n{table_text}", markup=False, highlight=False, end="")
    elif not report["changes"]:
        out.print("nothing to write: the current settings stay (--write would leave config.toml as it is)",
                  markup=False)
    else:
        out.print(f"--write would add to {report['config_file']}:\n{table_text}", markup=False, highlight=False,
                  end="")
