"""`llorch models quantize`: llama.cpp's quantizer, a progress bar, then the result against its source."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn, Optional

import typer

from llorch.cli import _common, complete
from llorch.cli._common import UsageError, fancy_stderr, load_settings, setup_logging, stderr_console, write_out

if TYPE_CHECKING:
    from llorch.evals.quant_check import QuantCheck
    from llorch.models.quantize import QuantizeResult

__all__ = ["quantize_cmd", "register"]

MAX_CHECK_CHUNKS = 64


def _parse_type(value: str) -> str:
    """--type: an unknown name is a usage error that lists the names offered (before anything loads)."""
    from llorch.engine.quantize import parse_quant_type

    try:
        return parse_quant_type(value).name
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def quantize_cmd(
    source: str = typer.Argument(..., metavar="SRC", autocompletion=complete.models, help="The model to quantize: a bundled model, alias, hf: reference, a model made here, or a .gguf path."),
    qtype: str = typer.Option(..., "--type", "-t", metavar="TYPE", callback=_parse_type, help="llama.cpp's quantization type, as llama-quantize names it: Q4_K_M, Q5_K_M, Q6_K, Q8_0, Q4_0, Q5_0, Q3_K_M, IQ4_XS, F16, ..."),
    out: Optional[str] = typer.Option(None, "--out", "-o", metavar="NAME|PATH", help="A model name (kept in llorch's models folder, so `-m NAME` finds it) or a path ending in .gguf (default: the source's name and the type, e.g. qwen-0.5b-q4_k_m)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output."),
    allow_requantize: bool = typer.Option(False, "--allow-requantize", help="Quantize a source that is quantized already (it loses more than quantizing the F16/F32 original)."),
    check: bool = typer.Option(True, "--check/--no-check", help="Compare the result with the source afterwards: KL divergence on a short bundled text, and pp/tg speed."),
    check_chunks: int = typer.Option(3, "--check-chunks", min=1, max=MAX_CHECK_CHUNKS, metavar="N", help="Chunks of 512 tokens the KL divergence is measured on (more: steadier, slower)."),
    threads: Optional[int] = typer.Option(None, "--threads", min=0, metavar="N", help="CPU threads for quantizing and the check (default: all for quantizing, config's engine.threads for the check; 0: all for quantizing, one per physical core for the check)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object: source, output, sizes, the check's figures."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log (every tensor's type and size) on stderr."),
) -> None:
    """Quantize a GGUF model with llama.cpp's own quantizer, then measure what it cost.

    The source should hold unquantized weights (F16, BF16 or F32): a quantized one is refused
    unless --allow-requantize. The result is written to a temporary file and renamed into place
    when complete; after it, the quantized model is compared with the source: KL divergence
    (as llama-perplexity --kl-divergence-base computes it) on a few chunks of a bundled text,
    the size change and the speed change.

    \b
    Examples:
      llorch models quantize ./qwen2.5-0.5b-f16.gguf --type Q4_K_M
      llorch models quantize ./model-f16.gguf -t Q8_0 --out model-q8
      llorch run -m model-q8 "Hello"
      llorch models quantize qwen-0.5b -t Q4_0 --allow-requantize --json
    """
    from llorch.engine.llama import check_threads
    from llorch.engine.quantize import parse_quant_type
    from llorch.models.quantize import QuantizeInterrupted, plan_quantize, run_quantize

    setup_logging(verbose)
    kind = parse_quant_type(qtype)
    if threads is not None:  # the check's engine refuses what it cannot use: known now, not after quantizing
        check_threads(threads, "--threads")
    paths, config = load_settings()
    with _stopping_signals() as stopped_by:
        plan = plan_quantize(source, kind, out=out, paths=paths, config=config, allow_requantize=allow_requantize,
                             force=force)
        err = stderr_console()
        if not as_json:
            err.print(f"quantizing {source} to {kind.name}: {plan.label}", markup=False, highlight=False)
        with _Bar(f"quantizing to {kind.name}") as bar:
            try:
                result = run_quantize(plan, threads=threads or 0, progress=bar.bytes)
            except QuantizeInterrupted as exc:
                bar.stop()
                said = f"Stopped by {stopped_by[0].name}" if stopped_by else "Interrupted"
                if exc.running:
                    _leave_now(f"\n{said}. llama.cpp's quantizer cannot be stopped midway, so llorch ends without "
                               "waiting for it; the partial file was removed.\n", _exit_code(stopped_by))
                if stopped_by:
                    _leave_now(f"\n{said}.\n", _exit_code(stopped_by))
                _common.interrupted()
        checked: QuantCheck | None = None
        if check:
            checked = _check(result, check_chunks, threads, config.engine_options(), quiet=as_json,
                             stopped_by=stopped_by)
    if as_json:
        write_out(json.dumps(_json(result, checked), ensure_ascii=False) + "\n")
    else:
        _print(result, checked)


def _check(result: QuantizeResult, chunks: int, threads: int | None, options: Any, *, quiet: bool,
           stopped_by: list[signal.Signals]) -> QuantCheck:
    """The quantized model against its source; a Ctrl-C keeps the model and ends with 130, and a check that
    fails says the model is kept before its error."""
    import dataclasses

    from llorch.evals.perplexity import default_text, default_text_path
    from llorch.evals.quant_check import check_quantized

    if threads is not None:
        options = dataclasses.replace(options, threads=threads, threads_batch=threads)
    if not quiet:
        stderr_console().print(f"checking {result.plan.label} against {result.plan.source_ref} "
                               f"({chunks} chunk{'s' if chunks != 1 else ''} of 512 tokens, then pp/tg speed)",
                               markup=False, highlight=False)
    try:
        with _Bar("checking") as bar:
            return check_quantized(result.plan.source, result.plan.target, text=default_text(),
                                   text_name=default_text_path().name, chunks=chunks, options=options,
                                   progress=bar.steps)
    except KeyboardInterrupt:
        kept = f"the quantized model is kept: {_kept(result)}"
        if stopped_by:  # its temporary folder is gone by now: the stack has unwound
            _leave_now(f"\nStopped by {stopped_by[0].name}; {kept}\n", _exit_code(stopped_by))
        sys.stderr.write(f"\nInterrupted; {kept}\n")
        _common.interrupted()
    except Exception:
        sys.stderr.write(f"the quantized model is kept: {_kept(result)}; its check against "
                         f"{result.plan.source_ref} failed:\n")
        raise


def _kept(result: QuantizeResult) -> str:
    plan = result.plan
    return f"{plan.name} ({plan.target})" if plan.name else str(plan.target)


@contextlib.contextmanager
def _stopping_signals() -> Iterator[list[signal.Signals]]:
    """SIGTERM and SIGHUP (`kill`, a closed terminal) stop the command as a Ctrl-C does, through the Ctrl-C
    handler in place (llorch.interrupts' when installed: it waits out native code that must not be cut), so
    the partial file and the check's temporary folder are removed instead of left behind. Yields the
    signals received: the command then ends with 128 + the signal's number, as if killed by it. A signal that
    is ignored (nohup) stays ignored."""
    received: list[signal.Signals] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def handler(signum: int, frame: Any) -> None:
        received.append(signal.Signals(signum))
        ctrl_c = signal.getsignal(signal.SIGINT)
        if not callable(ctrl_c):  # SIG_IGN (started in the background) or SIG_DFL: stop all the same
            raise KeyboardInterrupt
        ctrl_c(signal.SIGINT, frame)

    # A signal ignored already stays ignored: `nohup llorch models quantize ...` goes on when the terminal closes.
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)
                if signal.getsignal(sig) is not signal.SIG_IGN}
    try:
        yield received
    except KeyboardInterrupt:
        if not received:
            raise
        _leave_now(f"\nStopped by {received[0].name}.\n", _exit_code(received))  # planning, or between the steps
    finally:
        for sig, old in previous.items():
            if old is not None:  # (None: a handler set outside Python, which cannot be put back)
                signal.signal(sig, old)


def _exit_code(stopped_by: list[signal.Signals]) -> int:
    return 128 + stopped_by[0].value if stopped_by else 130


def _leave_now(message: str, code: int = 130) -> NoReturn:
    """End the process at once (llama.cpp's quantizer thread cannot be stopped or waited for), exit code 130
    (128 + the signal's number after SIGTERM or SIGHUP)."""
    for stream in (sys.stderr, sys.stdout):
        try:
            if stream is sys.stderr:
                stream.write(message)
            stream.flush()
        except (OSError, ValueError):  # the terminal is gone (SIGHUP)
            pass
    os._exit(code)


class _Bar:
    """A transient rich progress bar on a terminal's stderr; nothing when stderr is not a terminal."""

    def __init__(self, title: str) -> None:
        self._title = title
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> _Bar:
        if fancy_stderr():
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                                 TimeElapsedColumn(), console=stderr_console(), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self._title, total=None)
        return self

    def bytes(self, written: int, expected: int) -> None:
        """Bytes written of about `expected`: held below 100% until the file is complete (it is an estimate)."""
        if self._bar is not None and expected > 0:
            self._bar.update(self._task, total=expected, completed=min(written, int(expected * 0.99)))

    def steps(self, what: str, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=f"{self._title} {what}", total=total, completed=done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _json(result: QuantizeResult, checked: QuantCheck | None) -> dict[str, Any]:
    plan = result.plan
    return {
        "source": {"ref": plan.source_ref, "path": str(plan.source), "bytes": plan.source_size,
                   "types": list(plan.source_types)},
        "output": {"name": plan.name, "path": str(plan.target), "bytes": result.size, "type": plan.qtype.name,
                   "quantization": result.summary.quantization,
                   "types": [t for t, _ in result.summary.type_shares()]},
        "size_ratio": result.ratio,
        "seconds": result.seconds,
        "check": checked.to_dict() if checked is not None else None,
    }


def _print(result: QuantizeResult, checked: QuantCheck | None) -> None:
    plan = result.plan
    shares = ", ".join(f"{t} {s:.0%}" for t, s in result.summary.type_shares() if s >= 0.005)
    lines = [
        f"{plan.source_ref} → {plan.label} ({plan.qtype.name}) in {result.seconds:.1f} s",
        f"file:           {plan.target}",
        f"tensor types:   {shares}",
        f"size:           {_mb(plan.source_size)} → {_mb(result.size)} ({result.ratio:.2f}x)",
    ]
    if checked is not None:
        kl = checked.kl
        src, dst = checked.speed_source, checked.speed_output
        if src is not None and dst is not None:
            lines.append(f"speed:          pp {src.pp:,.1f} → {dst.pp:,.1f} t/s ({_ratio(dst.pp, src.pp)}), "
                         f"tg {src.tg:,.1f} → {dst.tg:,.1f} t/s ({_ratio(dst.tg, src.tg)})")
        lines += [
            f"KL divergence:  {kl.kld:.6f} ± {kl.kld_error:.6f} (median {kl.kld_median:.6f}, 99% {kl.kld_p99:.6f}, "
            f"max {kl.kld_max:.6f}); same top token {kl.same_top:.1%}",
            f"perplexity:     {checked.ppl_source:.4f} → {checked.ppl_output:.4f} "
            f"(ln ratio {kl.ln_ppl_ratio:+.6f} ± {kl.ln_ppl_ratio_error:.6f})",
            f"measured on:    {checked.chunks} chunk{'s' if checked.chunks != 1 else ''} of {checked.n_ctx} tokens "
            f"of {checked.text} ({checked.tokens:,} positions scored)",
        ]
    for line in lines:
        write_out(line + "\n")
    if plan.name is not None:
        stderr_console().print(f'use it: llorch run -m {plan.name} "..."', markup=False, highlight=False)


def _ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}x" if old else "–"


def register(app: typer.Typer) -> None:
    app.command("quantize")(quantize_cmd)

