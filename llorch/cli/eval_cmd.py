"""`llorch eval`: answer quality measured like speed — accuracy on task sets, saved and compared, and perplexity."""

from __future__ import annotations

import json
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch.cli import _common, complete
from llorch.cli._common import (
    ROW_ID_MAX, SamplingOptions, UsageError, fancy_stderr, load_settings, setup_logging, stderr_console, stdout_console,
    terminal_width, write_out,
)

if TYPE_CHECKING:
    from llorch.evals.runner import EvalRun

__all__ = ["register"]

DEFAULT_SETS = ("facts", "arithmetic", "tools", "json")
MAX_LIMIT = 1_000_000
# The day and time a run is asked at, unless --clock says otherwise: the tools' clock line ("It is now Wednesday
# 17 June 2026, 10:00 …") is in every tool decision's prompt, and with the real clock the same model and seed
# decided a few tool items differently from one minute to the next (26 to 28 of 36), so runs did not compare.
# A Wednesday morning: "Friday", "next Tuesday" and "tomorrow" are all in the days ahead, in one month.
EVAL_CLOCK = "2026-06-17T10:00"


def eval_command(
    sets: Optional[list[str]] = typer.Argument(None, metavar="SET...", help="Task sets: facts, arithmetic, tools, json, shell, consensus, or a .jsonl file of your own (default: facts arithmetic tools json); with --perplexity, the text file to score."),
    model: Optional[str] = typer.Option(None, "--model", "-m", metavar="REF", autocompletion=complete.models, help="The model to measure (default: config's default_model)."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Ask under this profile: its system prompt, sampling and tools (default: config's default_profile; tool items: each item's own)."),
    temperature: Optional[float] = SamplingOptions.temperature,
    top_k: Optional[int] = SamplingOptions.top_k,
    top_p: Optional[float] = SamplingOptions.top_p,
    min_p: Optional[float] = SamplingOptions.min_p,
    repeat_penalty: Optional[float] = SamplingOptions.repeat_penalty,
    seed: Optional[int] = typer.Option(None, "--seed", min=0, max=_common.MAX_SEED, help="Item k is sampled with seed SEED + k (default 0), so a run repeats."),
    max_tokens: Optional[int] = SamplingOptions.max_tokens,
    limit: Optional[int] = typer.Option(None, "--limit", min=1, max=MAX_LIMIT, help="Only the first N items of each set."),
    votes: int = typer.Option(5, "--votes", min=2, max=64, metavar="N", help="The consensus set: answers voted on per item."),
    clock: str = typer.Option(EVAL_CLOCK, "--clock", metavar="WHEN|now", help="The day and time the items are asked at, for the tools' clock and the prompt's date (an ISO time in this machine's zone unless it gives one; `now`: the real clock). Fixed by default, so that runs at any hour compare."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: each set's figures and every item's result."),
    save: bool = typer.Option(True, "--save/--no-save", help="Keep the run in llorch's store for --list and --compare."),
    label: str = typer.Option("", "--label", metavar="TEXT", help="A name for this run in --list and --compare."),
    list_runs: bool = typer.Option(False, "--list", help="List saved runs, newest first."),
    compare: Optional[tuple[int, int]] = typer.Option(None, "--compare", metavar="RUN_A RUN_B", min=1, max=ROW_ID_MAX, help="Two saved runs side by side, per set, with McNemar's exact test of the difference."),
    perplexity: bool = typer.Option(False, "--perplexity", help="Perplexity of the model on the text file given in place of the sets (default: the bundled text), as llama-perplexity computes it."),
    kl_base: Optional[Path] = typer.Option(None, "--kl-divergence-base", metavar="FILE", help="With --perplexity: the KL divergence from the base model's logits saved in FILE."),
    save_base: Optional[Path] = typer.Option(None, "--save-base", metavar="FILE", help="With --perplexity: save this model's logits to FILE, as the base for --kl-divergence-base."),
    ctx_size: Optional[int] = typer.Option(None, "--ctx-size", "-c", min=0, help="Context size in tokens for the answers (0: the model's own)."),
    gpu_layers: Optional[str] = typer.Option(None, "--gpu-layers", "-ngl", metavar="N|auto|all", callback=_common.check_gpu_layers, help="GPU layers: auto, all or a number."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log on stderr."),
) -> None:
    """Measure answer quality: accuracy on task sets, with a 95% confidence interval, saved for A/B.

    Each item is asked as `llorch run` asks it (tool items: the model's tool decision only,
    never run; no item changes anything) and checked; the run is saved for --list and
    --compare, which tests the difference between two runs with McNemar's exact test.

    Examples:

    \b
      llorch eval facts arithmetic tools -m starter
      llorch eval -m qwen-1.5b --label "1.5B default"
      llorch eval facts --limit 10 --temperature 0 --json
      llorch eval ./my-questions.jsonl -m ./model.gguf
      llorch eval --list
      llorch eval --compare 3 4
      llorch eval --perplexity -m starter
      llorch eval --perplexity wiki.txt -m big.gguf --save-base big.logits
      llorch eval --perplexity wiki.txt -m small.gguf --kl-divergence-base big.logits
    """
    setup_logging(verbose)
    given = bool(sets)
    if sum((given and not perplexity, list_runs, compare is not None, perplexity)) > 1:
        raise UsageError("give task sets, --list, --compare or --perplexity: one at a time")
    if (kl_base is not None or save_base is not None) and not perplexity:
        raise UsageError("--kl-divergence-base and --save-base go with --perplexity")
    if perplexity and len(sets or []) > 1:
        raise UsageError("--perplexity scores one text file: give one (or none, for the bundled text)")
    if list_runs:
        _list()
        return
    if compare is not None:
        _compare(*compare, as_json=as_json)
        return
    if perplexity:
        _perplexity(sets[0] if sets else None, model, kl_base=kl_base, save_base=save_base, threads=threads, save=save,
                    label=label, as_json=as_json)
        return
    overrides = SamplingOptions.overrides(temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p,
                                          repeat_penalty=repeat_penalty, max_tokens=max_tokens)
    if seed is not None:
        overrides["seed"] = seed
    _evaluate(list(sets or DEFAULT_SETS), model, profile, overrides, limit=limit, votes=votes, save=save, label=label,
              as_json=as_json, engine={"ctx_size": ctx_size, "gpu_layers": gpu_layers, "threads": threads},
              clock=_clock(clock))


def _clock(given: str) -> datetime | None:
    """--clock as a moment in time (None: the real clock)."""
    if given.strip().lower() == "now":
        return None
    try:
        moment = datetime.fromisoformat(given.strip())
    except ValueError:
        raise UsageError(f"--clock: {given!r} is not a time; give an ISO time such as {EVAL_CLOCK}, or now") from None
    return moment.astimezone()  # (a naive time is this machine's local time)


def _evaluate(names: list[str], model: str | None, profile: str | None, overrides: dict[str, Any], *,
              limit: int | None, votes: int, save: bool, label: str, as_json: bool, engine: dict[str, Any],
              clock: datetime | None) -> None:
    from llorch import __version__
    from llorch.evals.answer import NoWrites, RuntimeAnswerer
    from llorch.evals.runner import EvalRun, run_eval
    from llorch.evals.tasks import UnknownSetError, resolve_sets
    from llorch.models import resolve_model

    try:
        task_sets = [s.limited(limit) for s in resolve_sets(names)]
    except UnknownSetError as exc:
        raise UsageError(str(exc)) from None
    paths, config = load_settings()
    ref = model or config.default_model
    path = resolve_model(ref, paths, config).path  # a model that is not here fails now, not at every item
    base_seed = int(overrides.pop("seed", 0))
    slots = votes if any(s.consensus for s in task_sets) else 1
    started, now = time.time(), clock or datetime.now().astimezone()
    total = sum(len(s.items) for s in task_sets)
    try:
        with _common.open_runtime(slots=slots, consent=NoWrites(), now=(lambda: now) if clock else None,
                                  **engine) as rt:
            if profile is not None:
                rt.resolver()(profile)  # an unknown profile is said once, before any item
            answerer = RuntimeAnswerer(rt, model=ref, profile=profile, sampling=overrides, votes=votes, seed=base_seed)
            with _Progress(total) as step:
                results = run_eval(task_sets, answerer, now=now, progress=step)
    except KeyboardInterrupt:
        _common.interrupted()
    extra: dict[str, Any] = {"seed": base_seed, "limit": limit, "llorch": __version__, "model_bytes": _size(path),
                             "clock": clock.isoformat() if clock else "now"}
    if any(s.consensus for s in task_sets):
        extra["votes"] = votes
    run = EvalRun(results, ref, str(path), profile or "", overrides, label, started, extra=extra)
    if save:
        from llorch.evals.history import save_run
        from llorch.store import open_store

        with open_store(paths) as store:
            run = save_run(store, run)
    if as_json:
        write_out(run.to_json() + "\n")
    else:
        _print_run(run)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Progress:
    """A transient progress bar on a terminal's stderr (set and item); nothing elsewhere."""

    def __init__(self, total: int) -> None:
        self._total = total
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if fancy_stderr():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=stderr_console(), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("eval", total=self._total)
        started = [False]

        def step(task_set: Any, index: int) -> None:
            if self._bar is None:
                return
            if started[0]:
                self._bar.advance(self._task)
            started[0] = True
            self._bar.update(self._task, description=f"{task_set.name} {index + 1}/{len(task_set.items)}")

        return step

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _print_run(run: EvalRun) -> None:
    from rich.table import Table

    out = stdout_console()
    width = terminal_width()
    if width is not None:
        out.width = width
    where = f"run #{run.id}" if run.id is not None else "not saved"
    out.print(f"{run.setup()} ({where})", markup=False, highlight=False)
    table = Table(box=None, header_style="bold")
    for col in ("set", "correct", "accuracy", "95% CI", "items/s", "mean logprob"):
        table.add_column(col, justify="left" if col == "set" else "right")
    for s in run.sets:
        low, high = s.interval
        mean = s.mean_logprob
        table.add_row(s.name, f"{s.correct}/{s.total}", _pct(s.accuracy), f"{_pct(low)}–{_pct(high)}",
                      f"{s.items_per_s:.2f}", "–" if mean is None else f"{mean:.3f}")
    out.print(table)
    for s in run.sets:
        if s.errors:
            out.print(f"{s.name}: {s.errors} answer(s) failed and count as wrong; --json says why", markup=False)
        if s.decisions:
            out.print(f"{s.name}: {s.unasked_writes} call(s) of a write tool the request did not ask for", markup=False)


def _list() -> None:
    from llorch.evals.history import list_runs
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        runs = list_runs(store)
    if not runs:
        stderr_console().print("no saved eval runs yet; run `llorch eval`", markup=False)
        return
    for run in runs:
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.created_at))
        ppl = run.extra.get("perplexity")
        if isinstance(ppl, dict):
            what = "perplexity " + ", ".join(f"{k} {_short(v)}" for k, v in list(_scalars(ppl).items())[:4])
        else:
            what = ", ".join(f"{s.name} {s.correct}/{s.total} ({s.accuracy:.0%})" for s in run.sets)
        write_out(f"#{run.id}  {stamp}  {run.setup()}  {what}\n")


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if isinstance(v, (int, float, str)) and not isinstance(v, bool)}


def _short(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _compare(a: int, b: int, *, as_json: bool) -> None:
    from llorch.errors import InputError
    from llorch.evals.compare import compare_runs
    from llorch.evals.history import load_run
    from llorch.store import open_store

    paths, _ = load_settings()
    with open_store(paths) as store:
        run_a, run_b = load_run(store, a), load_run(store, b)
    for run in (run_a, run_b):
        if not run.sets:
            raise InputError(f"run {run.id} is a perplexity run; --compare pairs the items of two task-set runs")
    rows = compare_runs(run_a, run_b)
    if not rows:
        raise InputError(f"runs {a} and {b} share no task set; compare runs of the same sets")
    if as_json:
        write_out(json.dumps({"a": run_a.to_dict(items=False), "b": run_b.to_dict(items=False),
                              "sets": [r.to_dict() for r in rows]}, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    out = stdout_console()
    width = terminal_width()
    if width is not None:
        out.width = width
    out.print(f"A: #{a} {run_a.setup()}\nB: #{b} {run_b.setup()}", markup=False, highlight=False)
    table = Table(box=None, header_style="bold")
    for col in ("set", "items", "A", "B", "B − A", "right only in A / B", "p (McNemar exact)", "significant"):
        table.add_column(col, justify="left" if col == "set" else "right")
    for r in rows:
        table.add_row(r.name, str(r.paired), _pct(r.accuracy_a), _pct(r.accuracy_b), f"{r.difference * 100:+.1f} pts",
                      f"{r.test.b} / {r.test.c}", f"{r.test.p_value:.3g}", "yes" if r.test.significant() else "no")
    out.print(table)
    out.print("significant: p < 0.05 — the difference is unlikely to be chance on these items", markup=False)
    # (runs from before --clock were asked at the real clock, and did not record it)
    clocks = [str(run.extra.get("clock", "now")).replace("now", "the real clock") for run in (run_a, run_b)]
    if clocks[0] != clocks[1] or "the real clock" in clocks:
        out.print(f"note: A was asked at {clocks[0]}, B at {clocks[1]}: the tools set's decisions read the day and "
                  "time, so part of a difference there may be the clock's", markup=False)
    for r in rows:
        if r.only_a or r.only_b:
            out.print(f"{r.name}: {r.only_a} item(s) only in A and {r.only_b} only in B are left out", markup=False)


def _perplexity(file: str | None, model: str | None, *, kl_base: Path | None, save_base: Path | None,
                threads: int | None, save: bool, label: str, as_json: bool) -> None:
    """Perplexity (and KL divergence from a base) by llorch.evals.perplexity, printed and saved like a run."""
    from llorch.errors import InputError
    from llorch.evals.perplexity import run_perplexity
    from llorch.evals.runner import EvalRun
    from llorch.models import resolve_model

    if kl_base is not None and not kl_base.is_file():
        raise InputError(f"no base file {kl_base}: make one with --save-base on the base model first")
    if save_base is not None and kl_base is not None and save_base.resolve() == kl_base.resolve():
        raise InputError("--save-base and --kl-divergence-base name the same file; give two")
    text, source = _ppl_text(file)
    paths, config = load_settings()
    ref = model or config.default_model
    path = resolve_model(ref, paths, config).path
    started = time.time()
    try:
        result = run_perplexity(path, text, threads=threads, kl_base=kl_base, save_base=save_base)
    except KeyboardInterrupt:
        _common.interrupted()
    data = result.to_dict()
    run = EvalRun((), ref, str(path), "", {}, label, started,
                  extra={"perplexity": data, "text": source, "kl_base": str(kl_base) if kl_base else None})
    if save:
        from llorch.evals.history import save_run
        from llorch.store import open_store

        with open_store(paths) as store:
            run = save_run(store, run)
    if as_json:
        write_out(json.dumps({"run": run.id, "model": ref, "model_path": str(path), "text": source} | data,
                             ensure_ascii=False, default=str) + "\n")
        return
    write_out(f"{ref} on {source}" + (f" (run #{run.id})" if run.id is not None else "") + "\n")
    for key, value in _scalars(data).items():
        write_out(f"{key}: {_short(value)}\n")


def _ppl_text(file: str | None) -> tuple[str, str]:
    """The text to score and what to call it: FILE, or the text bundled for it."""
    from llorch.errors import InputError

    if file is None:
        return _bundled_text()
    path = Path(file).expanduser()
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except FileNotFoundError:
        raise InputError(f"no file {file}: give a UTF-8 text file to --perplexity, or none for the bundled text") from None
    except IsADirectoryError:
        raise InputError(f"{file} is a folder; give a UTF-8 text file to --perplexity") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{file} is not UTF-8 text (byte {exc.start}); convert it, e.g. with iconv -t utf-8") from None
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None


def _bundled_text() -> tuple[str, str]:
    """The public text the package ships for --perplexity (llorch/evals/data/README.md says whence)."""
    from llorch.evals.perplexity import default_text, default_text_path

    return default_text(), f"{default_text_path().name} (bundled)"


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
