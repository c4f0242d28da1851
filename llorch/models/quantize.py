"""`llorch models quantize`: a GGUF model quantized by llama.cpp's own quantizer, written safely.

`plan_quantize` decides before anything is written: the source (any model reference), whether
it is quantized already (refused unless asked: rounding rounded weights again compounds the
error; a bundled model is refused before it is assembled, and F16/BF16/F32 targets only widen the
weights, so they are never refused), where the result goes (a local model name, or a path), that
nothing is overwritten unless forced, and that the disk has room for it.

`run_quantize` has llama.cpp write a hidden temporary file beside the output, in a thread of its
own (the C call blocks, has no progress callback and cannot be stopped midway); the calling
thread watches the file grow for progress and renames it into place when the call succeeds. On a
failure or a Ctrl-C the partial file is removed. A process killed outright leaves its file behind:
the next quantize into that folder removes such files once the process that wrote them is gone.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llorch import interrupts
from llorch.config import Config, Paths
from llorch.engine.gguf import GGUFSummary, read_gguf
from llorch.engine.quantize import UNQUANTIZED, QuantType, quantize_file
from llorch.errors import InputError, QuantizeError
from llorch.userfiles import write_failure

__all__ = ["QuantizeInterrupted", "QuantizePlan", "QuantizeResult", "default_name", "estimate_size", "plan_quantize",
           "run_quantize", "sweep_stale_parts"]

log = logging.getLogger("llorch.models")

Progress = Callable[[int, int], None]  # bytes written so far, bytes expected in all (an estimate)
Quantizer = Callable[..., None]  # (source, target, qtype, *, allow_requantize, threads): quantize_file's shape

_FULL = 4 * 2**20  # a write that failed with less than this free: the disk is full
_QUANT_TAG = re.compile(r"[-_.](?:i?q\d\w*|b?f16|f32)$", re.IGNORECASE)  # "-q5_0", ".Q4_K_M", "-f16" at a name's end
# The partial file run_quantize writes: ".NAME.gguf.PID-xxxxxx.part" (its PID, 3 random bytes in hex).
_PART = re.compile(r"\.(.+\.[gG][gG][uU][fF])\.([1-9][0-9]{0,9})-[0-9a-f]{6}\.part")


@dataclass(frozen=True)
class QuantizePlan:
    """What `run_quantize` will do: checked, nothing written yet."""

    source_ref: str
    source: Path
    source_size: int
    source_types: tuple[str, ...]  # the source's tensor types, largest share first
    qtype: QuantType
    target: Path
    name: str | None  # the local model's name (`-m NAME`); None when the target is a path
    expected_size: int  # an estimate: llama.cpp picks some tensors' types itself
    allow_requantize: bool = False

    @property
    def label(self) -> str:
        """How to name the output to the user: its model name, else its path."""
        return self.name or str(self.target)


@dataclass(frozen=True)
class QuantizeResult:
    """A quantized model in place: its size, the tensor types it holds and how long llama.cpp took."""

    plan: QuantizePlan
    size: int
    seconds: float
    summary: GGUFSummary

    @property
    def ratio(self) -> float:
        return self.size / self.plan.source_size if self.plan.source_size else 0.0


class QuantizeInterrupted(KeyboardInterrupt):
    """Ctrl-C while llama.cpp was quantizing. The partial file is gone; `running` says the C call goes on
    (it cannot be stopped), so a command must end the process rather than wait for it."""

    def __init__(self, *, running: bool) -> None:
        super().__init__()
        self.running = running


def default_name(source_ref: str, source: Path, qtype: QuantType) -> str:
    """The output's model name when none is given: the source's name (its quantization tag dropped) and the type."""
    from llorch.models.local import is_local_name
    from llorch.models.starter import canonical_ref

    base = canonical_ref(source_ref) or (source_ref if is_local_name(source_ref) else source.stem)
    base = _QUANT_TAG.sub("", base) or base
    base = re.sub(r"[^A-Za-z0-9._+-]+", "-", base).strip("-._+") or "model"
    return f"{base[:80]}-{qtype.name.lower()}"


def estimate_size(summary: GGUFSummary, qtype: QuantType) -> int:
    """About how large the quantized file will be: every matrix at the type's bits per weight, the rest as it is.

    llama.cpp keeps some tensors larger (K-quant mixes, rows that do not fill a block), so this
    is for a progress bar and a free-space check, not a promise."""
    from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

    block, type_size = GGML_QUANT_SIZES[GGMLQuantizationType[qtype.tensor_type]]
    header = summary.expected_size - sum(t.nbytes for t in summary.tensors)
    total = max(header, 0)
    for t in summary.tensors:
        if len(t.shape) >= 2 and t.name.endswith(".weight"):
            total += -(-t.n_elements * type_size // block)
        else:
            total += t.nbytes
    return total


def _types_line(summary: GGUFSummary) -> str:
    return ", ".join(f"{t} {share:.0%}" for t, share in summary.type_shares() if share >= 0.005) or "no tensors"


def _requantize_refused(ref: str, types: str, qtype: QuantType) -> InputError:
    return InputError(
        f"{ref} is already quantized ({types}); quantizing it again to {qtype.name} compounds the "
        f"rounding error (its weights were rounded once, and a second rounding adds to the first), so the result "
        f"is worse than {qtype.name} made from the original weights: quantize from an F16, BF16 or F32 GGUF instead, "
        "or pass --allow-requantize to do it anyway"
    )


def _bundled_type(ref: str, paths: Paths, config: Config) -> str | None:
    """The quantization a bundled model ships in ("Q4_K_M"), from its catalog entry's file name, when `ref` (or the
    alias chain it starts) names one that is not assembled yet; None otherwise (its header then says)."""
    from llorch.models.starter import canonical_ref, starter, starter_path

    seen: set[str] = set()
    while ref in config.aliases and ref not in seen:
        seen.add(ref)
        ref = config.aliases[ref].strip()
    if canonical_ref(ref) is None or starter_path(paths, ref).is_file():
        return None
    tag = _QUANT_TAG.search(Path(starter(ref).file_name).stem)
    return tag.group(0)[1:].upper() if tag else None


def _out_path(out: str) -> Path:
    """--out as a path; InputError for a name no file can have (Python 3.11's is_dir() raises on one too long)."""
    try:
        target = Path(out).expanduser()
        target.is_dir()  # the first look at it: raises for such a name
    except (OSError, RuntimeError) as exc:
        reason = "no home folder is known for it" if isinstance(exc, RuntimeError) else (exc.strerror or str(exc)).lower()
        shown = out if len(out) <= 80 else f"{out[:60]}… ({len(out):,} characters)"
        raise InputError(f"--out {shown}: {reason}; give a model name (letters, digits and . _ + -, up to 100) "
                         "or a shorter path ending in .gguf") from None
    return target


def plan_quantize(ref: str, qtype: QuantType, *, out: str | None, paths: Paths, config: Config,
                  allow_requantize: bool = False, force: bool = False) -> QuantizePlan:
    """Check a quantization before anything is written; raise InputError (or QuantizeError: no room) when it
    cannot or should not be done.

    `out`: a model name (kept under llorch's models folder, so `-m NAME` works) or a path (one that
    ends in .gguf or names a folder); None derives a name from the source and the type."""
    from llorch.models.local import check_new_name, is_local_name, local_dir, local_path
    from llorch.models.registry import resolve_model

    # F16, BF16 and F32 hold any quantized weight exactly: converting to them adds no rounding.
    widening = qtype.name in UNQUANTIZED
    if not (allow_requantize or widening) and (shipped := _bundled_type(ref, paths, config)) is not None:
        raise _requantize_refused(ref, f"{shipped}, as bundled", qtype)  # before assembling it (1.1 GB for qwen-1.5b)
    resolved = resolve_model(ref, paths, config, pull_missing=False)
    source = resolved.path
    summary = read_gguf(source)
    quantized = [t for t in summary.tensor_types if t not in UNQUANTIZED]
    if quantized and not (allow_requantize or widening):
        raise _requantize_refused(ref, _types_line(summary), qtype)
    name: str | None
    if out is None or is_local_name(out):
        name = out or default_name(ref, source, qtype)
        check_new_name(name, config)
        target = local_path(paths, name)
        folder = local_dir(paths)
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is a file, where llorch keeps the models it makes; move it away, or write the "
                             "result elsewhere (--out PATH ending in .gguf)")
    else:
        name = None
        target = _out_path(out)
        if target.is_dir():
            target = target / f"{default_name(ref, source, qtype)}.gguf"
        elif not target.name.lower().endswith(".gguf"):
            raise InputError(f"--out {out}: give a model name (letters, digits and . _ + -) or a path ending in .gguf")
        if not target.parent.is_dir():
            raise InputError(f"--out {out}: the folder {target.parent} does not exist; create it or write elsewhere")
        target = target.absolute()
    if target.exists() and target.resolve() == source.resolve():
        raise InputError(f"--out names the source model itself ({source}); write the result elsewhere")
    if target.exists() and not force:
        what = f"a model named {name}" if name else str(target)
        raise InputError(f"{what} exists already; pass --force to replace it, or give another --out")
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file path ending in .gguf")
    expected = estimate_size(summary, qtype)
    folder = target.parent
    probe = folder if folder.is_dir() else paths.models_dir if paths.models_dir.is_dir() else None
    free = _free_bytes(probe) if probe is not None else None
    if free is not None and free < expected:
        raise QuantizeError(f"not enough disk space: the {qtype.name} model needs about {_mb(expected)} and "
                            f"{probe} has {_mb(free)} free; free some space or write elsewhere (--out PATH)")
    return QuantizePlan(
        source_ref=ref, source=source, source_size=summary.file_size,
        source_types=tuple(t for t, _ in summary.type_shares()), qtype=qtype, target=target, name=name,
        # llama.cpp calls widening quantized weights requantizing too: it dequantizes them only when allowed.
        expected_size=expected, allow_requantize=allow_requantize or (widening and bool(quantized)),
    )


def run_quantize(plan: QuantizePlan, *, threads: int = 0, progress: Progress | None = None,
                 quantizer: Quantizer | None = None, poll_s: float = 0.2) -> QuantizeResult:
    """Quantize as planned: llama.cpp writes a temporary file in a thread of its own, renamed into place at the end.

    `quantizer` stands in for llama.cpp's (tests). `progress(written, expected)` is called from this thread every `poll_s` while llama.cpp works.
    Raises QuantizeError (the partial file removed; a full disk said as such), and QuantizeInterrupted
    on Ctrl-C (the partial file removed, at once or, when llama.cpp has yet to create it, when it ends)."""
    try:
        plan.target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise QuantizeError(f"cannot create the folder {plan.target.parent}: {write_failure(exc)}") from None
    sweep_stale_parts(plan.target.parent)
    tmp = plan.target.with_name(f".{plan.target.name}.{os.getpid()}-{secrets.token_hex(3)}.part")
    done, abandoned = threading.Event(), threading.Event()
    failure: list[BaseException] = []
    call = quantizer or quantize_file

    def work() -> None:
        try:
            call(plan.source, tmp, plan.qtype, allow_requantize=plan.allow_requantize, threads=threads)
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            failure.append(exc)
        finally:
            if abandoned.is_set():  # Ctrl-C came first: nothing may be left behind
                _remove(tmp)
            done.set()

    thread = threading.Thread(target=work, name="llorch-quantize", daemon=True)
    started = time.perf_counter()
    try:
        thread.start()
        while not done.wait(poll_s):
            if progress is not None:
                progress(_size(tmp), plan.expected_size)
        seconds = time.perf_counter() - started
        with interrupts.deferred():
            return _finish(plan, tmp, failure, seconds)
    except KeyboardInterrupt:
        abandoned.set()
        _remove(tmp)
        raise QuantizeInterrupted(running=not done.is_set()) from None


def _finish(plan: QuantizePlan, tmp: Path, failure: list[BaseException], seconds: float) -> QuantizeResult:
    if failure:
        exc = failure[0]
        written, free = _size(tmp), _free_bytes(tmp.parent)
        _remove(tmp)
        if isinstance(exc, QuantizeError) and free is not None and free < _FULL:
            raise QuantizeError(f"the disk is full: {tmp.parent} has {_mb(free)} free after {_mb(written)} of about "
                                f"{_mb(plan.expected_size)} were written; the partial file was removed: free some "
                                "space or write elsewhere (--out PATH)") from None
        raise exc
    if not tmp.is_file():
        raise QuantizeError(f"llama.cpp reported success but wrote no file for {plan.label}")
    try:
        summary = read_gguf(tmp)
    except BaseException:
        _remove(tmp)
        raise
    try:
        os.replace(tmp, plan.target)
    except OSError as exc:
        _remove(tmp)
        raise QuantizeError(f"cannot write {plan.target}: {write_failure(exc)}") from None
    summary = dataclasses.replace(summary, path=plan.target)
    return QuantizeResult(plan, summary.file_size, seconds, summary)


def sweep_stale_parts(folder: Path) -> list[Path]:
    """Remove the partial files of quantizations whose process is gone (killed outright, or the machine went down):
    only files named as run_quantize names them, only when their PID is no longer running. Returns what went."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.fullmatch(entry.name)
        if match is None or _alive(int(match.group(2))):
            continue
        try:
            if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        log.info("removed %s, left by quantizing process %s that is gone", entry.path, match.group(2))
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    """Whether process `pid` may still be writing (ours does: a quantization of this process may be running)."""
    from llorch.orchestra.published import pid_alive

    try:
        return pid_alive(pid)
    except (OSError, OverflowError):
        return True  # not a PID this system has: leave the file


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"
