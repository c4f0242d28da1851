"""`llorch eval`: answer quality measured like speed — accuracy on task sets, saved and compared, and perplexity."""

from __future__ import annotations

import json
import os
import stat
import sys
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


def _check_label(value: str) -> str:
    """--label: refused (not cleaned) when it holds control characters: the label is printed as given in
    --list and --compare, where a newline split one run over two lines and an ESC sequence reached the
    terminal; cleaning it silently would save a name the user never typed."""
    import unicodedata

    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Zl", "Zp")), None)
    if bad is not None:
        raise UsageError(f"--label: {value!r} holds the control character {bad!r}; give a label on one line, "
                         "of printable characters")
    return value


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
    label: str = typer.Option("", "--label", metavar="TEXT", callback=_check_label, help="A name for this run in --list and --compare."),
    list_runs: bool = typer.Option(False, "--list", help="List saved runs, newest first."),
    compare: Optional[tuple[int, int]] = typer.Option(None, "--compare", metavar="RUN_A RUN_B", min=1, max=ROW_ID_MAX, help="Two saved runs side by side, per set, with McNemar's exact test of the difference."),
    perplexity: bool = typer.Option(False, "--perplexity", help="Perplexity of the model on the text file given in place of the sets (default: the bundled text), as llama-perplexity computes it."),
    kl_base: Optional[Path] = typer.Option(None, "--kl-divergence-base", metavar="FILE", help="With --perplexity: the KL divergence from the base model's logits saved in FILE."),
    save_base: Optional[Path] = typer.Option(None, "--save-base", metavar="FILE", help="With --perplexity: save this model's logits to FILE, as the base for --kl-divergence-base."),
    force: bool = typer.Option(False, "--force", help="With --save-base: replace an existing FILE (never the text scored or the model)."),
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
    if force and save_base is None:
        raise UsageError("--force goes with --save-base: it lets the base logits replace an existing file")
    if perplexity and len(sets or []) > 1:
        raise UsageError("--perplexity scores one text file: give one (or none, for the bundled text)")
    if list_runs:
        _list()
        return
    if compare is not None:
        _compare(*compare, as_json=as_json)
        return
    if perplexity:
        _perplexity(sets[0] if sets else None, model, kl_base=kl_base, save_base=save_base, force=force,
                    threads=threads, save=save, label=label, as_json=as_json)
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
    from llorch.evals.runner import EvalInterrupted, EvalRun, run_eval
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
    interrupted = False
    try:
        with _common.open_runtime(slots=slots, consent=NoWrites(), now=(lambda: now) if clock else None,
                                  **engine) as rt:
            if profile is not None:
                rt.resolver()(profile)  # an unknown profile is said once, before any item
            answerer = RuntimeAnswerer(rt, model=ref, profile=profile, sampling=overrides, votes=votes, seed=base_seed)
            with _Progress(total) as step:
                results = run_eval(task_sets, answerer, now=now, progress=step)
    except EvalInterrupted as stop:
        # Ctrl-C: the items answered so far are printed and saved as a run marked interrupted (as
        # `bench --tune` keeps what it measured): on a CPU a whole run takes many minutes.
        results, interrupted = stop.results, True
    except KeyboardInterrupt:  # while the model loaded, before the first item
        results, interrupted = (), True
    if interrupted and not results:
        sys.stderr.write("\nInterrupted before any item was answered: nothing was saved.\n")
        sys.stderr.flush()
        raise typer.Exit(130)
    extra: dict[str, Any] = {"seed": base_seed, "limit": limit, "llorch": __version__, "model_bytes": _size(path),
                             "clock": clock.isoformat() if clock else "now"}
    if any(s.consensus for s in task_sets):
        extra["votes"] = votes
    if interrupted:
        extra["interrupted"] = True
        extra["items_planned"] = total
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
    if interrupted:
        _common.interrupted()


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
    if run.extra.get("interrupted"):
        answered = sum(s.total for s in run.sets)
        planned = run.extra.get("items_planned", "?")
        kept = f"saved as run #{run.id}, marked interrupted" if run.id is not None else "not saved (--no-save)"
        out.print(f"interrupted: these are the figures of the {answered} of {planned} items answered until then; "
                  f"{kept}", markup=False, highlight=False)


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
        write_out(f"#{run.id}  {stamp}  {run.setup()}  {what}{_mark(run)}\n")


def _mark(run: EvalRun) -> str:
    """What --list and --compare add to a run stopped by Ctrl-C (as `bench history` marks a tune run)."""
    return "  (interrupted)" if run.extra.get("interrupted") else ""


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
    out.print(f"A: #{a} {run_a.setup()}{_mark(run_a)}\nB: #{b} {run_b.setup()}{_mark(run_b)}", markup=False,
              highlight=False)
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


def _perplexity(file: str | None, model: str | None, *, kl_base: Path | None, save_base: Path | None, force: bool,
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
    text, source, text_path = _ppl_text(file)
    paths, config = load_settings()
    ref = model or config.default_model
    path = resolve_model(ref, paths, config).path
    if save_base is not None:
        _check_save_base(save_base, force=force, text=(text_path, source), model=(path, ref))
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


def _check_save_base(target: Path, *, force: bool, text: tuple[Path, str], model: tuple[Path, str]) -> None:
    """Refuse a --save-base that cannot or should not be written, before the model loads: the base is
    written only after every chunk is scored (minutes), and its rename replaced whatever was there, the
    text being scored and the model measured included. A folder, the text, the model and anything but a
    regular file are refused even with --force; another existing file needs --force."""
    from llorch.errors import InputError

    folder = target.parent if str(target.parent) else Path(".")
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"cannot save the base logits to {target}: {exc.strerror or exc}") from None
    if st is None:
        if not folder.is_dir():
            raise InputError(f"cannot save the base logits to {target}: {folder} is not a folder")
        return
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"--save-base {target} is a folder; give a file path")
    for what, (path, name) in (("the text being scored", text), ("the model being measured", model)):
        try:
            same = os.path.samefile(target, path)  # a symlink or hard link to it as well as its own path
        except OSError:
            same = False
        if same:
            raise InputError(f"--save-base {target} is {what} ({name}); give another file for the base logits")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"--save-base {target} is not a regular file (a device, pipe or socket); give a file path")
    if not force:
        raise InputError(f"{target} exists already; pass --force to replace it, or give another --save-base")


def _ppl_text(file: str | None) -> tuple[str, str, Path]:
    """The text to score, what to call it and its file: FILE, or the text bundled for it.

    A regular file of at most MAX_TEXT_BYTES: all of it is tokenized at once, so /dev/zero, a FIFO or a
    300 MB file would take the machine's memory (or wait forever) before any chunk is scored."""
    from llorch.errors import InputError
    from llorch.evals.perplexity import MAX_TEXT_BYTES
    from llorch.userfiles import read_regular

    if file is None:
        return _bundled_text()
    path = Path(file).expanduser()
    what = "UTF-8 text file for --perplexity"
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size > MAX_TEXT_BYTES:
            raise InputError(f"{file} is {st.st_size / 2**20:,.1f} MiB, more than the {MAX_TEXT_BYTES // 2**20} MiB "
                             f"of text --perplexity scores; give a part of it (e.g. head -c 10M {file} > part.txt)")
        data = read_regular(path, what=what, limit=MAX_TEXT_BYTES)
    except FileNotFoundError:
        raise InputError(f"no file {file}: give a UTF-8 text file to --perplexity, or none for the bundled text") from None
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{file} is not UTF-8 text (byte {exc.start}); convert it, e.g. with iconv -t utf-8") from None
    # Line ends as a text-mode read gave them before, so a base saved from this text still matches it.
    return text.replace("\r\n", "\n").replace("\r", "\n"), str(path), path


def _bundled_text() -> tuple[str, str, Path]:
    """The public text the package ships for --perplexity (llorch/evals/data/README.md says whence)."""
    from llorch.evals.perplexity import default_text, default_text_path

    return default_text(), f"{default_text_path().name} (bundled)", default_text_path()


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
