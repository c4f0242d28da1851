"""`llorch bench`: llama-bench-style figures (pp, tg, depth, sweeps), saved and comparable."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import typer

from llorch.cli import _common, complete
from llorch.cli._common import (
    ROW_ID_MAX, UsageError, fancy_stderr, load_settings, stderr_console, stdout_console, terminal_width, write_out,
)

__all__ = ["app"]

app = typer.Typer(invoke_without_command=True)  # its help is bench_command's docstring, examples included

TUNE_BUDGET_S = 180  # --tune's default budget, seconds
TUNE_PROMPT, TUNE_GEN, TUNE_REPS = 256, 64, 5  # --tune's short runs (when -p, -n, -r are not given)


def _ints(text: str, name: str, least: int = 0) -> list[int]:
    """An option's comma-separated integers; a bad one is a usage error, exit 2, as other bad option values are (it
    exited 1; and `-p 1,,2` was taken)."""
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise UsageError(f"{name} takes comma-separated integers, got {text!r}") from None
    if not values or any(v < least for v in values):
        raise UsageError(f"{name} takes comma-separated integers >= {least}, got {text!r}")
    return values


def _threads(text: str | None) -> list[int]:
    """--threads' counts, each refused now if the engine would refuse it (it checks only when a context is made:
    `--tune -t 999` ran the whole search, each candidate a failed row; a plain bench failed after loading)."""
    from llorch.engine.llama import check_threads

    values = _ints(text, "--threads") if text else []
    for value in values:
        check_threads(value, "--threads")
    return values


def _flags(text: str, name: str) -> list[bool]:
    values = _ints(text, name)
    if any(v > 1 for v in values):
        raise UsageError(f"{name} takes 0 (off) and/or 1 (on), comma-separated, got {text!r}")
    return [bool(v) for v in values]


def _words(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def _no_draft(mode: str) -> str:
    """A benchmark loads a draft model only when --draft names one; a configured one drafts as "auto" here."""
    from llorch.settings.speculative import draft_model

    return "auto" if draft_model(mode) is not None else mode


@app.callback()
def bench_command(
    ctx: typer.Context,
    model: Optional[list[str]] = typer.Option(None, "--model", "-m", metavar="REF", autocompletion=complete.models, help="Model(s) to test (repeatable)."),
    n_prompt: str = typer.Option("512", "--n-prompt", "-p", metavar="N[,N]", help="Prompt-processing tests (pp N); 0 for none."),
    n_gen: str = typer.Option("128", "--n-gen", "-n", metavar="N[,N]", help="Text-generation tests (tg N); 0 for none."),
    pg: Optional[list[str]] = typer.Option(None, "--pg", metavar="PP,TG", help="A combined pp+tg test (repeatable)."),
    depth: str = typer.Option("0", "--depth", "-d", metavar="N[,N]", help="Context depth(s) to run each test at (@ dN)."),
    reps: int = typer.Option(5, "--reps", "-r", min=1, help="Timed repetitions per test (after one warm-up)."),
    threads: Optional[str] = typer.Option(None, "--threads", "-t", metavar="N[,N]", help="Thread counts (default: physical cores)."),
    gpu_layers: str = typer.Option("auto", "--gpu-layers", "-ngl", metavar="N[,N]", help="GPU layer counts (auto, all or numbers)."),
    batch: str = typer.Option("2048", "--batch-size", "-b", metavar="N[,N]", help="Logical batch sizes."),
    ubatch: str = typer.Option("512", "--ubatch-size", "-ub", metavar="N[,N]", help="Physical batch sizes."),
    flash_attn: str = typer.Option("0", "--flash-attn", "-fa", metavar="0,1", help="Flash attention off (0) / on (1)."),
    cache_k: str = typer.Option("f16", "--cache-type-k", "-ctk", metavar="T[,T]", help="K cache types (f16, q8_0, q4_0, ...)."),
    cache_v: str = typer.Option("f16", "--cache-type-v", "-ctv", metavar="T[,T]", help="V cache types (quantized needs -fa 1)."),
    repack: Optional[str] = typer.Option(None, "--repack", metavar="0,1", help="Weights in llama.cpp's repacked CPU layouts (1) or as stored (0), like llama-bench's --repack (default: engine.repack)."),
    scenario: Optional[str] = typer.Option(None, "--scenario", metavar="chat", help="Real prompts instead of synthetic tokens."),
    parallel: Optional[str] = typer.Option(None, "--parallel", metavar="B[,B]", help="Concurrent streams on one worker, like llama-batched-bench's -npl (e.g. 1,4,8,16); uses the first -p and -n."),
    pool: Optional[str] = typer.Option(None, "--pool", metavar="WxS[,WxS]", help="Serial vs parallel over the pool: W instances x S slots each (e.g. 1x1,1x4,2x2); --requests at once, the first -p and -n."),
    requests: int = typer.Option(32, "--requests", min=1, max=4096, help="With --pool: requests submitted at once."),
    consensus: Optional[int] = typer.Option(None, "--consensus", min=2, max=64, metavar="N", help="Accuracy of one answer vs a vote of N on the bundled arithmetic set."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="With --consensus: only the first N problems."),
    speculative: bool = typer.Option(False, "--speculative", help="Plain decoding vs n-gram drafts on a code edit, a quoting summary and free prose: tg tokens/s, acceptance, ratio, and whether the greedy text was the same; the first -n."),
    draft: Optional[str] = typer.Option(None, "--draft", metavar="MODEL", autocompletion=complete.models, help="With --speculative: a smaller model of the same vocabulary drafts too (a fourth mode, \"draft\")."),
    tune: bool = typer.Option(False, "--tune", help="Search for this machine's fastest settings of one model (threads, batch sizes, KV cache types, flash attention, repacked weights, slots; GPU layers on a GPU build) within --budget, single stream and batched; -t, -b, -ub, -fa, -ctk, -ctv, --repack, -ngl and --parallel (slots) limit the values tried."),
    write: bool = typer.Option(False, "--write", help="With --tune: save the single-stream winner under [workers.\"MODEL\"] in config.toml (otherwise it only says what it would write); the batched winner's slots are shown as serve and --each-line options, never written."),
    budget: Optional[int] = typer.Option(None, "--budget", min=1, max=86_400, metavar="SECONDS", help=f"With --tune: the time the search may take (default {TUNE_BUDGET_S} s); it stops there and reports what it measured."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table."),
    save: bool = typer.Option(True, "--save/--no-save", help="Keep the run in llorch's data dir for history/compare."),
) -> None:
    """Measure prompt processing (pp) and text generation (tg) in tokens/s, like llama-bench.

    Examples:

    \b
      llorch bench
      llorch bench -p 512 -n 128 -r 5 -t 1,2,4
      llorch bench -fa 0,1 -ctk f16,q8_0 -ctv f16,q8_0 --markdown
      llorch bench --scenario chat
      llorch bench --parallel 1,4,8,16 -p 128 -n 64
      llorch bench --pool 1x1,1x2,2x1,2x2 --requests 32 -p 64 -n 32
      llorch bench --consensus 5
      llorch bench --speculative -n 128 -r 3
      llorch bench --speculative -m qwen-1.5b --draft qwen-0.5b
      llorch bench --tune -m qwen-0.5b --budget 300
      llorch bench --tune --write
    """
    if ctx.invoked_subcommand is not None:
        return
    if not tune and (write or budget is not None):
        raise typer.BadParameter("--write and --budget go with --tune", param_hint="--tune")
    if draft is not None and not speculative:
        raise typer.BadParameter("--draft goes with --speculative", param_hint="--speculative")
    if limit is not None and consensus is None:  # (a full default benchmark ran instead)
        raise typer.BadParameter("--limit goes with --consensus", param_hint="--consensus")
    from llorch.bench.probes import EnergyMeter, hardware_report
    from llorch.bench.runner import run_bench, run_chat_scenario, sweep
    from llorch.bench.types import BenchRun, BenchTest
    from llorch.config import parse_value
    from llorch.engine.llama import physical_cores
    from llorch.errors import InputError
    from llorch.models import resolve_model

    if sum((as_json, as_csv, as_markdown)) > 1:
        raise typer.BadParameter("choose one of --json, --csv, --markdown")
    if scenario not in (None, "chat"):
        raise InputError(f"unknown scenario {scenario!r}; the scenario available is: chat")
    thread_counts = _threads(threads)
    paths, config = load_settings()
    refs = model or [config.default_model]
    if tune:
        others = [name for name, given in (("--pool", pool is not None), ("--consensus", consensus is not None),
                                           ("--speculative", speculative), ("--scenario", scenario is not None),
                                           ("--pg", bool(pg)), ("--csv", as_csv), ("--markdown", as_markdown)) if given]
        if others:
            raise InputError(f"--tune does not go with {', '.join(others)}; it prints a table, or JSON with --json")
        if len(refs) > 1:
            raise InputError("--tune tunes one model at a time: give one -m")
    resolved = [resolve_model(ref, paths, config) for ref in refs]
    models = [(ref, str(r.path)) for ref, r in zip(refs, resolved)]
    if draft is not None:  # found now, not once the hardware lines are out and the main model has loaded
        resolve_model(draft, paths, config)
    hardware = hardware_report()
    offload = hardware.gpu_offload
    # Show what "auto" means on this build, the way llama-bench prints its ngl column.
    ngl = [("all" if offload else 0) if v == "auto" else v
           for v in (parse_value("engine.n_gpu_layers", w, source="--gpu-layers") for w in _words(gpu_layers))]
    fa = _flags(flash_attn, "--flash-attn")
    repacks = _flags(repack, "--repack") if repack is not None else [config.engine_options().repack]
    kv = [[parse_value(f"engine.cache_type_{which}", v, source=f"--cache-type-{which}") for v in _words(text)]
          for which, text in (("k", cache_k), ("v", cache_v))]
    if tune:
        from llorch.cli.bench_tune import TuneArgs, bench_tune

        def given(name: str) -> bool:  # on the command line, not the option's default (Typer's own click: by name)
            return getattr(ctx.get_parameter_source(name), "name", "DEFAULT") not in ("DEFAULT", "DEFAULT_MAP")

        dims: dict[str, list[Any]] = {}
        for name, flag, values in (("threads", "threads", thread_counts),
                                   ("n_gpu_layers", "gpu_layers", ngl), ("flash_attn", "flash_attn", fa),
                                   ("n_batch", "batch", _ints(batch, "--batch-size", 1)),
                                   ("n_ubatch", "ubatch", _ints(ubatch, "--ubatch-size", 1)), ("repack", "repack", repacks)):
            if given(flag):
                dims[name] = values
        if given("cache_k") or given("cache_v"):
            dims["kv"] = [(k, v) for k in kv[0] for v in kv[1]]
        slot_counts = _ints(parallel, "--parallel") if parallel is not None else None
        if slot_counts is not None and (min(slot_counts) < 1 or max(slot_counts) > 64):
            raise InputError(f"--parallel takes slot counts from 1 to 64, got {parallel!r}")
        sizes = [_ints(n_prompt, "--n-prompt")[0] if given("n_prompt") else TUNE_PROMPT,
                 _ints(n_gen, "--n-gen")[0] if given("n_gen") else TUNE_GEN]
        if min(sizes) < 1:
            raise InputError("--tune measures prompt processing and generation: give -p and -n greater than 0")
        bench_tune(TuneArgs(ref=refs[0], path=Path(models[0][1]), source=resolved[0].source,
                            n_prompt=sizes[0], n_gen=sizes[1],
                            reps=reps if given("reps") else TUNE_REPS, budget_s=budget or TUNE_BUDGET_S, dims=dims,
                            slots=slot_counts, write=write, save=save, as_json=as_json),
                   paths, config, hardware)
        return
    configs = sweep(
        models,
        threads=thread_counts or [physical_cores()],
        n_gpu_layers=ngl, n_batch=_ints(batch, "--batch-size", 1), n_ubatch=_ints(ubatch, "--ubatch-size", 1),
        flash_attn=fa, cache_type_k=kv[0], cache_type_v=kv[1], repack=repacks,
    )
    for c in configs:
        if c.cache_type_v not in ("f16", "f32", "bf16") and not c.flash_attn:
            raise InputError(f"a quantized V cache ({c.cache_type_v}) needs flash attention: add -fa 1 or drop it")
    tests = [BenchTest(n_prompt=p, depth=d) for p in _ints(n_prompt, "--n-prompt") if p for d in _ints(depth, "--depth")]
    tests += [BenchTest(n_gen=n, depth=d) for n in _ints(n_gen, "--n-gen") if n for d in _ints(depth, "--depth")]
    for spec in pg or []:
        pp_tg = _ints(spec, "--pg")
        if len(pp_tg) != 2:
            raise InputError(f"--pg takes PP,TG (two numbers), got {spec!r}")
        if not any(pp_tg):  # (it ran a test with no name and 0 t/s, and saved it)
            raise InputError(f"--pg {spec} measures nothing: give PP and/or TG greater than 0")
        tests += [BenchTest(n_prompt=pp_tg[0], n_gen=pp_tg[1], depth=d) for d in _ints(depth, "--depth")]
    if not tests and scenario is None:
        raise InputError("no tests: give -p and/or -n greater than 0, or --pg")
    if tests and not (pool is not None or parallel is not None or speculative or consensus is not None or scenario):
        _check_contexts(models, tests, config.engine_options(), on_gpu=bool(offload) and any(v != 0 for v in ngl))
    if parallel is not None:
        batches = _ints(parallel, "--parallel")
        if not batches or min(batches) < 1 or max(batches) > 64:
            raise InputError(f"--parallel takes stream counts from 1 to 64, got {parallel!r}")
        if scenario:
            raise InputError("--parallel and --scenario measure different things: give one")
        pp, tg = _ints(n_prompt, "--n-prompt")[0], _ints(n_gen, "--n-gen")[0]
        if tg < 1:
            raise InputError("--parallel measures generation: give -n greater than 0")
        _check_contexts(models, [BenchTest(n_prompt=pp, n_gen=tg)], config.engine_options(),
                        on_gpu=bool(offload) and any(v != 0 for v in ngl), streams=max(batches))

    kinds = [name for name, given in (("--parallel", parallel is not None), ("--pool", pool is not None),
                                      ("--consensus", consensus is not None), ("--speculative", speculative),
                                      ("--scenario", speculative and scenario is not None)) if given]
    if len(kinds) > 1:
        raise InputError(f"{', '.join(kinds[:-1])} and {kinds[-1]} measure different things: give one")
    err = stderr_console()
    if consensus is not None:
        from llorch.cli.bench_pool import bench_consensus

        temperature = float(config.get("sampling.temperature")) or 0.7
        with _progress(err, limit or 40) as step:
            bench_consensus(refs[0], consensus, temperature=temperature, limit=limit, step=step, as_json=as_json)
        return
    if pool is not None:
        from llorch.bench.pool import parse_shapes
        from llorch.cli.bench_pool import bench_pool

        try:
            shapes = parse_shapes(pool)
        except ValueError as exc:
            raise InputError(f"--pool: {exc}") from None
        if shapes[0] != (1, 1):
            shapes.insert(0, (1, 1))  # the serial baseline every speedup is measured against
        pp, tg = _ints(n_prompt, "--n-prompt")[0], _ints(n_gen, "--n-gen")[0]
        if tg < 1:
            raise InputError("--pool measures generation: give -n greater than 0")
        with _progress(err, len(shapes)) as step:
            bench_pool(configs[0], config.engine_options(), shapes, requests=requests, pp=pp, tg=tg, step=step,
                       as_json=as_json)
        return
    if not (as_json or as_csv or as_markdown):
        for label, value in _hw_lines(hardware):
            _print_fitted(f"{label + ':':<17}{value}", indent=17)
    energy = EnergyMeter.open()

    def open_model(cfg: Any, n_ctx: int, slots: int = 1) -> Any:
        from dataclasses import replace

        options = replace(
            config.engine_options(), n_ctx=n_ctx, slots=slots, threads=cfg.threads, threads_batch=cfg.threads,
            n_gpu_layers=cfg.n_gpu_layers, n_batch=cfg.n_batch, n_ubatch=cfg.n_ubatch, flash_attn=cfg.flash_attn,
            cache_type_k=cfg.cache_type_k, cache_type_v=cfg.cache_type_v, repack=cfg.repack,
            speculative=f"draft:{draft}" if draft is not None else _no_draft(config.engine_options().speculative),
        )
        return _common.open_backend(Path(cfg.path), options, cfg.model)

    if speculative:
        from llorch.cli.bench_speculative import bench_speculative

        tg = _ints(n_gen, "--n-gen")[0]
        if tg < 1:
            raise InputError("--speculative measures generation: give -n greater than 0")
        with _interrupted(), _progress(err, len(configs) * 3) as step:
            bench_speculative(configs, open_model, n_gen=tg, reps=reps, step=step, as_json=as_json, draft=draft)
        return
    if parallel is not None:
        with _interrupted():
            _bench_parallel(configs, batches, pp, tg, reps, open_model, err, paths, hardware,
                            unified=config.engine_options().kv_unified, save=save, as_json=as_json, as_csv=as_csv,
                            as_markdown=as_markdown)
        return
    total = len(configs) * (1 if scenario else len(tests))
    with _interrupted(), _progress(err, total) as step:
        if scenario == "chat":
            results = run_chat_scenario(configs, open_model=open_model, reps=reps, progress=step)
        else:
            results = run_bench(configs, tests, open_model=open_model, reps=reps, energy=energy, progress=step)
    run = BenchRun(hardware=hardware, results=tuple(results), reps=reps, created_at=time.time(),
                   extra={"scenario": scenario or ""})
    if save:
        run = _save(paths, run)
    _render(run, as_json=as_json, as_csv=as_csv, as_markdown=as_markdown)
    if energy is None and not (as_json or as_csv or as_markdown):
        err.print("energy: unavailable (no readable RAPL counters in /sys/class/powercap)", markup=False)


@contextlib.contextmanager
def _interrupted() -> Iterator[None]:
    """Ctrl-C while measuring: "Interrupted." and exit 130, as every other command says it (bench said nothing;
    nothing of the run is saved: a figure needs all its repetitions)."""
    try:
        yield
    except KeyboardInterrupt:
        _common.interrupted()


def _check_contexts(models: list[tuple[str, str]], tests: list[Any], options: Any, *, on_gpu: bool,
                    streams: int = 1) -> None:
    """Refuse a test whose context a model cannot hold before any test runs (`-p 10,100000000` ran pp10 first,
    then failed): past the trained context unless engine.ctx_over_train, or past the memory its KV cache needs
    (for `streams` of them at once with --parallel)."""
    from llorch.engine.gguf import read_gguf
    from llorch.engine.memory import available_memory, header_kv
    from llorch.errors import InputError, LlorchError

    test = max(tests, key=lambda t: t.depth + t.n_prompt + t.n_gen)
    need = test.depth + test.n_prompt + test.n_gen
    free = available_memory()
    for ref, path in models:
        try:
            summary = read_gguf(path)
        except (LlorchError, OSError):
            continue  # opening it says what is wrong with the file
        train = summary.context_length or 0
        if train and need > train and not options.ctx_over_train:
            raise InputError(
                f"{test.name} needs {need:,} tokens of context (depth + -p + -n) but {ref} is capped at the "
                f"{train:,} tokens it was trained on (set engine.ctx_over_train = true to go past it); lower -p, -n or -d"
            )
        kv = header_kv(summary, need * streams, options.cache_type_k, options.cache_type_v)
        if kv is not None and free is not None and kv.bytes > free and not on_gpu:  # on a GPU llama.cpp checks
            raise InputError(
                f"{test.name} on {ref} needs {need * streams:,} tokens of context: {kv.describe()}, but "
                f"{free / 2**30:,.1f} GiB of memory is available; lower -p, -n or -d" + (" or --parallel" if streams > 1 else "")
            )


def _save(paths: Any, run: Any) -> Any:
    from dataclasses import replace

    from llorch.store import open_store

    with open_store(paths) as store:
        return replace(run, id=store.add_bench_run(json.dumps(run.to_dict())))


def _bench_parallel(configs: list[Any], batches: list[int], pp: int, tg: int, reps: int, open_model: Any, err: Any,
                    paths: Any, hardware: Any, *, unified: bool, save: bool, as_json: bool, as_csv: bool,
                    as_markdown: bool) -> None:
    """N streams at once on one worker per config, in llama-batched-bench's terms; saved like other runs."""
    from llorch.bench.parallel import run_parallel
    from llorch.bench.types import BenchRun, BenchTest
    from llorch.orchestra.pool import as_worker

    rows: list[dict[str, Any]] = []
    with _progress(err, len(configs) * len(batches)) as step:
        for cfg in configs:
            def open_worker(slots: int, per_slot: int, total: int, cfg: Any = cfg) -> Any:
                # With a unified KV cache the context is shared by all slots; otherwise it is per slot.
                return as_worker(open_model(cfg, total if unified else per_slot, slots=slots))

            for result in run_parallel(open_worker, model=cfg.model, batches=batches, pp=pp, tg=tg, reps=reps,
                                       progress=step):
                rows.append(result.to_dict() | {"threads": cfg.threads, "n_batch": cfg.n_batch, "n_ubatch": cfg.n_ubatch})
    run = BenchRun(hardware=hardware, results=(), reps=reps, created_at=time.time(),
                   extra={"parallel": rows, "test": BenchTest(n_prompt=pp, n_gen=tg).name})
    if save:
        run = _save(paths, run)
    _render(run, as_json=as_json, as_csv=as_csv, as_markdown=as_markdown)


def _hw_lines(hardware: Any) -> list[tuple[str, str]]:
    from llorch.bench.report import hardware_lines

    return hardware_lines(hardware)


class _progress:
    """A Rich progress bar on a terminal; silence elsewhere."""

    def __init__(self, console: Any, total: int) -> None:
        self._console, self._total = console, total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if fancy_stderr():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=self._console, transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("benchmark", total=self._total)

        def step(label: str) -> None:
            if self._bar is None:
                return
            if label:
                self._bar.update(self._task, description=label)
            else:
                self._bar.advance(self._task)

        return step

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _render(run: Any, *, as_json: bool, as_csv: bool, as_markdown: bool) -> None:
    from llorch.bench import report

    if as_json:
        write_out(report.to_json(run))
    elif as_csv:
        write_out(report.to_csv(run))
    elif as_markdown:
        write_out(report.to_markdown(run))
    else:
        width = terminal_width()
        out = stdout_console()
        if width is not None:
            out.width = width
        out.print(report.to_table(run, width=width))


def _print_fitted(line: str, indent: int = 0) -> None:
    """A line of text on stdout, wrapped to the terminal (never when piped: see terminal_width)."""
    import textwrap

    width = terminal_width()
    if width is not None and len(line) > width:
        line = textwrap.fill(line, width, subsequent_indent=" " * min(indent, width // 2), break_on_hyphens=False)
    write_out(line + "\n")


def _load(store: Any, run_id: int) -> Any:
    from llorch.bench.types import BenchRun

    rid, created, _label, data = store.bench_run(run_id)
    return BenchRun.from_dict(json.loads(data) | {"id": rid, "created_at": created})


@app.command("history")
def history_cmd(limit: int = typer.Option(20, "--limit", "-n", min=1)) -> None:
    """Saved runs, newest first.

    \b
    Example: llorch bench history
    """
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        runs = [_load(store, rid) for rid, *_ in store.bench_runs(limit)]
    if not runs:
        stderr_console().print("no saved runs yet; run `llorch bench`", markup=False)
        return
    for r in runs:
        stamp = time.strftime('%Y-%m-%d %H:%M', time.localtime(r.created_at))
        tune = r.extra.get("tune")
        if tune:
            verdicts = "; ".join(
                f"{w['name']}: " + (f"{w['winner']['label']} {w['gain'] * 100:+.1f}%" if w["winner"] else "defaults kept")
                for w in tune["workloads"])
            write_out(f"#{r.id}  {stamp}  {tune['model']}  [tune pp{tune['n_prompt']}+tg{tune['n_gen']}, "
                      f"{tune['elapsed_s']:.0f} s]  {verdicts}{'  (interrupted)' if tune['interrupted'] else ''}\n")
            continue
        parallel = r.extra.get("parallel") or []
        if parallel:
            models = ", ".join(sorted({str(p["model"]) for p in parallel}))
            streams = ",".join(str(p["b"]) for p in parallel)
            best = max(float(p["s_tg"]) for p in parallel)
            write_out(f"#{r.id}  {stamp}  {models}  [parallel {r.extra.get('test', '')} B={streams}]  "
                      f"{len(parallel)} rows, best S_TG {best:.1f} t/s\n")
            continue
        tests = ", ".join(sorted({x.test.name for x in r.results}))
        models = ", ".join(sorted({x.config.model for x in r.results}))
        best = max((x.mean for x in r.results), default=0.0)
        write_out(f"#{r.id}  {stamp}  {models}  [{tests}]  {len(r.results)} rows, best {best:.1f} t/s\n")


@app.command("show")
def show_cmd(run_id: int = typer.Argument(..., metavar="ID", min=1, max=ROW_ID_MAX),
             as_json: bool = typer.Option(False, "--json"), as_csv: bool = typer.Option(False, "--csv"),
             as_markdown: bool = typer.Option(False, "--markdown")) -> None:
    """Print a saved run again, in any format.

    \b
    Example: llorch bench show 3 --csv
    """
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        run = _load(store, run_id)
    tune = run.extra.get("tune")
    if tune:
        from llorch.errors import InputError

        if as_csv or as_markdown:
            raise InputError(f"run {run_id} is a --tune run: it shows as a table, or JSON with --json")
        if as_json:
            write_out(json.dumps(tune | {"id": run.id}, indent=2) + "\n")
        else:
            from llorch.cli.bench_tune import render_tune

            render_tune(tune)
        return
    _render(run, as_json=as_json, as_csv=as_csv, as_markdown=as_markdown)


@app.command("compare")
def compare_cmd(a: int = typer.Argument(..., metavar="A", min=1, max=ROW_ID_MAX),
                b: int = typer.Argument(..., metavar="B", min=1, max=ROW_ID_MAX)) -> None:
    """The change in tokens/s from run A to run B, for the tests both ran.

    \b
    Example: llorch bench compare 3 4
    """
    from rich.table import Table

    from llorch.bench.report import compare_rows
    from llorch.errors import InputError
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        run_a, run_b = _load(store, a), _load(store, b)
    pairs = compare_rows(run_a, run_b)
    if not pairs:
        raise InputError(f"runs {a} and {b} share no test with the same model and settings")
    table = Table(title=f"run #{a} → run #{b}")
    for col in ("model", "settings / test", f"#{a} t/s", f"#{b} t/s", "change"):
        table.add_column(col, justify="right" if col not in ("model", "settings / test") else "left")
    for model_name, label, ta, tb, change in pairs:
        table.add_row(model_name, label, f"{ta:.2f}", f"{tb:.2f}", f"{change:+.1f}%")
    stdout_console().print(table)
