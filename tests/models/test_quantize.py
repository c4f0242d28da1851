"""`llorch models quantize`: tiny random-weight models quantized for real by llama.cpp's own quantizer.

The tiny model's matrices are 64 or 128 wide, whole blocks of 32 for Q8_0 and Q4_0. The
quantizer itself is replaced only where a real run cannot be made to do the thing under test
at a chosen moment (a full disk, a Ctrl-C in the middle of the call).
"""

from __future__ import annotations

import _thread
import dataclasses
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llorch.config import Config, resolve_paths
from llorch.engine.gguf import read_gguf
from llorch.engine.quantize import QUANT_TYPES, parse_quant_type, quantize_file
from llorch.errors import GenerationError, InputError, QuantizeError
from llorch.models import list_models, remove_model, resolve_model
from llorch.models import quantize as mq
from llorch.models.quantize import QuantizeInterrupted, default_name, estimate_size, plan_quantize, run_quantize

WORKTREE = Path(__file__).resolve().parents[2]


def _cli(*args: str) -> Any:
    """`llorch models quantize ARGS` in-process through llorch's entry point (errors: `Error: ...`, exit 1)."""
    from support import invoke_main

    return invoke_main(["models", "quantize", *args])


def _weights(path: Path) -> dict[str, str]:
    """The type of every layer matrix (blk.N.*.weight, 2-D): what the asked type must reach."""
    return {t.name: t.type for t in read_gguf(path).tensors if t.name.startswith("blk.") and len(t.shape) == 2}


def _norms(path: Path) -> set[str]:
    return {t.type for t in read_gguf(path).tensors if len(t.shape) == 1}


def _local(name: str) -> Path:
    return resolve_paths().models_dir / "local" / f"{name}.gguf"


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")] if folder.is_dir() else []


def _wait_until(cond: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def test_the_command_quantizes_to_q8_0_for_real_and_reports_kl_size_and_speed(tiny_model: Path) -> None:
    """The main path as a shell runs it: the installed `llorch` on this tree, JSON out."""
    env = os.environ | {"PYTHONPATH": str(WORKTREE), "NO_COLOR": "1"}
    r = subprocess.run(["llorch", "models", "quantize", str(tiny_model), "--type", "q8_0", "--check-chunks", "2",
                        "--json"], capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    out = Path(data["output"]["path"])
    assert data["output"]["name"] == "tiny-q8_0" and out == _local("tiny-q8_0") and out.is_file()
    assert set(_weights(out).values()) == {"Q8_0"} and _norms(out) == {"F32"}
    assert data["output"]["bytes"] == out.stat().st_size < data["source"]["bytes"] == tiny_model.stat().st_size
    assert data["size_ratio"] == pytest.approx(out.stat().st_size / tiny_model.stat().st_size)
    check = data["check"]
    assert check["chunks"] == 2 and check["n_ctx"] == 512 and check["tokens"] == 2 * 255
    kl = check["kl"]
    assert all(math.isfinite(kl[k]) for k in ("kld", "kld_error", "kld_p99", "kld_max", "same_top", "ln_ppl_ratio"))
    assert 0 < kl["kld"] <= kl["kld_max"] and 0 < kl["same_top"] <= 1
    speed = check["speed"]
    assert all(speed[m][k] > 0 for m in ("source", "output") for k in ("pp", "tg"))
    assert math.isfinite(check["ppl_source"]) and math.isfinite(check["ppl_output"])
    # `-m NAME` finds it: the name resolves like any other model reference
    shown = subprocess.run(["llorch", "models", "show", "tiny-q8_0", "--json"], capture_output=True, text=True,
                           timeout=120, env=env)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["path"] == str(out)


def test_q4_0_to_a_path_loads_and_holds_the_asked_type(tiny_model: Path, tmp_path: Path) -> None:
    from llorch.engine.llama import LlamaSlots
    from llorch.engine.types import EngineOptions

    target = tmp_path / "out" / "tiny-q4.gguf"
    target.parent.mkdir()
    r = _cli(str(tiny_model), "-t", "Q4_0", "--out", str(target), "--no-check")
    assert r.exit_code == 0, r.output
    assert set(_weights(target).values()) == {"Q4_0"}
    assert target.stat().st_size < tiny_model.stat().st_size / 4
    assert _leftovers(target.parent) == []
    engine = LlamaSlots(target, EngineOptions(n_ctx=64, n_gpu_layers=0))
    try:
        assert engine.info().n_params == read_gguf(tiny_model).n_params
        assert engine.tokenize("the cat", add_bos=True)[0] == 1
    finally:
        engine.close()


def test_a_quantized_source_is_refused_unless_allowed(tiny_model: Path) -> None:
    assert _cli(str(tiny_model), "-t", "Q8_0", "--no-check").exit_code == 0
    r = _cli("tiny-q8_0", "-t", "Q4_0", "--no-check")
    assert r.exit_code == 1
    assert "already quantized (Q8_0" in r.output and "compounds the rounding error" in r.output
    assert "from an F16, BF16 or F32 GGUF" in r.output and "--allow-requantize" in r.output
    assert not _local("tiny-q4_0").exists()
    r = _cli("tiny-q8_0", "-t", "Q4_0", "--no-check", "--allow-requantize")
    assert r.exit_code == 0, r.output
    assert set(_weights(_local("tiny-q4_0")).values()) == {"Q4_0"}


@pytest.mark.parametrize(("given", "said"), [("Q9_Z", "unknown quantization type 'Q9_Z'"),
                                             ("IQ2_XXS", "needs an importance matrix")])
def test_a_type_llorch_cannot_make_is_a_usage_error_listing_the_types(tiny_model: Path, given: str, said: str) -> None:
    r = _cli(str(tiny_model), "--type", given)
    assert r.exit_code == 2
    assert said in r.output and "Q4_K_M" in r.output and "Q8_0" in r.output
    assert not (resolve_paths().models_dir / "local").exists()


def test_type_names_follow_llama_quantize() -> None:
    assert parse_quant_type("q4_k").name == "Q4_K_M" and parse_quant_type(" Q5_K ").name == "Q5_K_M"
    import llama_cpp

    for qtype in QUANT_TYPES.values():  # every name maps to a constant this llama_cpp has
        assert isinstance(getattr(llama_cpp, qtype.ftype), int), qtype


def test_an_existing_output_is_replaced_only_with_force(tiny_model: Path) -> None:
    assert _cli(str(tiny_model), "-t", "Q8_0", "--no-check").exit_code == 0
    out = _local("tiny-q8_0")
    before = out.stat()
    r = _cli(str(tiny_model), "-t", "Q4_0", "--out", "tiny-q8_0", "--no-check")
    assert r.exit_code == 1 and "a model named tiny-q8_0 exists already; pass --force" in r.output
    assert out.stat().st_ino == before.st_ino and set(_weights(out).values()) == {"Q8_0"}
    r = _cli(str(tiny_model), "-t", "Q4_0", "--out", "tiny-q8_0", "--no-check", "--force")
    assert r.exit_code == 0, r.output
    assert set(_weights(out).values()) == {"Q4_0"} and _leftovers(out.parent) == []


def test_the_partial_file_is_removed_when_llama_cpp_fails_midway(tiny_model: Path) -> None:
    """llama.cpp refuses to requantize a tensor only when it reaches it, after writing the first ones."""
    paths, config = resolve_paths(), Config()
    assert _cli(str(tiny_model), "-t", "Q4_0", "--no-check").exit_code == 0
    plan = plan_quantize("tiny-q4_0", parse_quant_type("Q8_0"), out=None, paths=paths, config=config,
                         allow_requantize=True)
    plan = dataclasses.replace(plan, allow_requantize=False)  # past llorch's own check, into llama.cpp's
    written: list[int] = []

    def real(source: Path, target: Path, qtype: Any, **kw: Any) -> None:
        try:
            quantize_file(source, target, qtype, **kw)
        finally:
            written.append(target.stat().st_size if target.exists() else 0)

    with pytest.raises(QuantizeError, match="requantizing from type q4_0 is disabled"):
        run_quantize(plan, quantizer=real)
    assert written[0] > 0  # there was a partial file ...
    assert not plan.target.exists() and _leftovers(plan.target.parent) == []  # ... and it is gone


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_output_folder_fails_cleanly(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        r = _cli(str(tiny_model), "-t", "Q8_0", "--out", str(folder / "x.gguf"), "--no-check")
        assert r.exit_code == 1 and "could not quantize" in r.output
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_full_disk_is_said_and_the_partial_file_removed(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=None, paths=resolve_paths(), config=Config())

    def fills_the_disk(source: Path, target: Path, qtype: Any, **kw: Any) -> None:
        target.write_bytes(b"\0" * 4096)
        raise QuantizeError("llama.cpp could not quantize tiny.gguf to Q8_0: basic_ios::clear: iostream error")

    monkeypatch.setattr(mq, "_free_bytes", lambda folder: 0)
    with pytest.raises(QuantizeError, match=r"the disk is full: .* 0\.0 MB free after 0\.0 MB of about"):
        run_quantize(plan, quantizer=fills_the_disk)
    assert not plan.target.exists() and _leftovers(plan.target.parent) == []
    with pytest.raises(QuantizeError, match="not enough disk space"):  # known before anything is written
        plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=None, paths=resolve_paths(), config=Config())


class _Stuck:
    """A quantizer that writes part of its file and then waits, as llama.cpp's call does while it works."""

    def __init__(self) -> None:
        self.started, self.release, self.finished = threading.Event(), threading.Event(), threading.Event()
        self.target: Path | None = None

    def __call__(self, source: Path, target: Path, qtype: Any, **kw: Any) -> None:
        self.target = target
        with open(target, "wb") as fh:
            fh.write(b"\0" * 1024)
            fh.flush()
            self.started.set()
            assert self.release.wait(30)
            fh.write(b"\0" * 1024)
        target.write_bytes(b"late")  # a file made after the Ctrl-C must not be left behind either
        self.finished.set()


def test_ctrl_c_removes_the_partial_file_and_says_the_call_runs_on(tiny_model: Path) -> None:
    plan = plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=None, paths=resolve_paths(), config=Config())
    stuck = _Stuck()
    seen: list[int] = []

    def progress(written: int, expected: int) -> None:
        seen.append(written)
        if stuck.started.is_set() and written:
            raise KeyboardInterrupt  # where a Ctrl-C lands: the waiting thread

    with pytest.raises(QuantizeInterrupted) as caught:
        run_quantize(plan, quantizer=stuck, progress=progress, poll_s=0.01)
    assert caught.value.running and stuck.target is not None
    assert not stuck.target.exists() and not plan.target.exists()
    stuck.release.set()
    assert stuck.finished.wait(30)
    _wait_until(lambda: _leftovers(plan.target.parent) == [])
    assert not plan.target.exists() and seen[-1] == 1024


def test_ctrl_c_in_the_command_ends_it_with_130_and_no_partial_file(tiny_model: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The command cannot wait for llama.cpp's call: it removes the file, says so and ends the process."""
    from llorch.cli import models_quantize

    stuck = _Stuck()
    said: list[str] = []

    def leave_now(message: str, code: int = 130) -> None:
        said.append(message)
        raise SystemExit(code)

    monkeypatch.setattr(mq, "quantize_file", stuck)
    monkeypatch.setattr(models_quantize, "_leave_now", leave_now)
    def ctrl_c_once_started() -> None:
        if stuck.started.wait(30):
            _thread.interrupt_main()  # what a SIGINT does: KeyboardInterrupt in the main thread

    threading.Thread(target=ctrl_c_once_started, daemon=True).start()
    r = _cli(str(tiny_model), "-t", "Q8_0")
    assert r.exit_code == 130, r.output
    assert "cannot be stopped midway" in said[0] and "partial file was removed" in said[0]
    assert stuck.target is not None and not stuck.target.exists() and not _local("tiny-q8_0").exists()
    stuck.release.set()
    assert stuck.finished.wait(30)
    _wait_until(lambda: _leftovers(_local("x").parent) == [])


def test_local_models_resolve_list_and_remove_by_name(tiny_model: Path) -> None:
    paths, config = resolve_paths(), Config()
    assert _cli(str(tiny_model), "-t", "Q8_0", "--out", "mine", "--no-check").exit_code == 0
    got = resolve_model("mine", paths, config)
    assert (got.source, got.path) == ("local", _local("mine"))
    assert [(m.ref, m.source) for m in list_models(paths, config) if m.source == "local"] == [("mine", "local")]
    assert remove_model("mine", paths, config) == _local("mine") and not _local("mine").exists()


@pytest.mark.parametrize(("out", "said"), [("qwen-0.5b", "bundled model's name"), ("tiny", "is an alias"),
                                           ("/no/such/folder/x.gguf", "does not exist"),
                                           ("notes.txt/", "give a model name")])
def test_an_output_that_cannot_be_used_is_refused(tiny_model: Path, out: str, said: str) -> None:
    config = Config(aliases={"tiny": str(tiny_model)})
    with pytest.raises(InputError, match=said):
        plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=out, paths=resolve_paths(), config=config)


def test_the_source_itself_is_never_the_output(tiny_model: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="names the source model itself"):
        plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=str(tiny_model), paths=resolve_paths(),
                      config=Config(), force=True)


def test_default_names_drop_the_source_quantization_tag(tmp_path: Path) -> None:
    q4 = parse_quant_type("Q4_K_M")
    assert default_name("qwen-0.5b", tmp_path / "x.gguf", q4) == "qwen-0.5b-q4_k_m"
    assert default_name("starter", tmp_path / "x.gguf", q4) == "qwen-0.5b-q4_k_m"
    assert default_name("./m/Qwen2.5-Coder-0.5B-Q5_0.gguf", Path("/m/Qwen2.5-Coder-0.5B-Q5_0.gguf"), q4) == \
        "Qwen2.5-Coder-0.5B-q4_k_m"
    assert default_name("/m/llama-f16.gguf", Path("/m/llama-f16.gguf"), parse_quant_type("q8_0")) == "llama-q8_0"


def test_the_size_estimate_is_near_what_llama_cpp_writes(tiny_model: Path, tmp_path: Path) -> None:
    for name in ("Q8_0", "Q4_0"):
        target = tmp_path / f"{name}.gguf"
        quantize_file(tiny_model, target, parse_quant_type(name))
        estimate = estimate_size(read_gguf(tiny_model), parse_quant_type(name))
        assert estimate == pytest.approx(target.stat().st_size, rel=0.25), name


def test_the_header_reader_lists_every_tensor(tiny_model: Path) -> None:
    g = read_gguf(tiny_model)
    by_name = {t.name: t for t in g.tensors}
    assert len(g.tensors) == g.tensor_count and by_name["blk.0.ffn_down.weight"].shape == (128, 64)
    assert sum(t.nbytes for t in g.tensors) == sum(g.tensor_types.values())
    assert sum(t.n_elements for t in g.tensors) == g.n_params


# --- SIGTERM / SIGHUP, stale partial files -------------------------------------------------------

# The command in a process of its own, as a shell runs it (llorch's signal handling installed), with
# a stand-in for llama.cpp's quantizer or for the check that holds still until the signal comes.
_STUCK_QUANTIZER = """
import sys, time
import llorch.models.quantize as mq

def stuck(source, target, qtype, **kw):
    with open(target, "wb") as fh:
        fh.write(b"\\0" * 4096)
        fh.flush()
        time.sleep(60)

mq.quantize_file = stuck
from llorch.cli.main import main
sys.argv = ["llorch", "models", "quantize", *sys.argv[1:]]
main()
"""

_STUCK_CHECK = """
import sys, tempfile, time
from pathlib import Path
import llorch.evals.quant_check as qc

def stuck(source, output, **kw):
    with tempfile.TemporaryDirectory(prefix="llorch-kl-") as folder:
        (Path(folder) / "source.kld").write_bytes(b"\\0" * 4096)
        time.sleep(60)

qc.check_quantized = stuck
from llorch.cli.main import main
sys.argv = ["llorch", "models", "quantize", *sys.argv[1:]]
main()
"""


def _signalled(script: str, args: list[str], ready: Callable[[], bool], sig: signal.Signals,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `script` with `args`, send `sig` once `ready()`, and return how the process ended."""
    env = (env or dict(os.environ)) | {"PYTHONPATH": str(WORKTREE), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        _wait_until(lambda: ready() or proc.poll() is not None, timeout=120)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_or_sighup_while_quantizing_removes_the_partial_file(tiny_model: Path, sig: signal.Signals) -> None:
    """`kill` or a closed terminal stop the command as Ctrl-C does: no hidden .part file is left in the models
    folder (nothing lists or removes it), and the exit code is 128 + the signal's number."""
    folder = _local("x").parent
    r = _signalled(_STUCK_QUANTIZER, [str(tiny_model), "-t", "Q8_0", "-o", "killed"],
                   lambda: _leftovers(folder) != [], sig)
    assert r.returncode == 128 + sig.value, r.stderr
    assert f"Stopped by {sig.name}." in r.stderr and "the partial file was removed" in r.stderr
    assert "Traceback" not in r.stderr
    assert _leftovers(folder) == [] and not _local("killed").exists()


def test_a_sighup_ignored_by_nohup_stays_ignored(tiny_model: Path) -> None:
    """`nohup llorch models quantize ...`: closing the terminal must not stop it; SIGTERM still does."""
    folder = _local("x").parent
    env = dict(os.environ) | {"PYTHONPATH": str(WORKTREE), "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-c", _STUCK_QUANTIZER, str(tiny_model), "-t", "Q8_0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    try:
        _wait_until(lambda: _leftovers(folder) != [] or proc.poll() is not None, timeout=120)
        proc.send_signal(signal.SIGHUP)
        time.sleep(1.0)
        assert proc.poll() is None and _leftovers(folder) != []
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143 and "Stopped by SIGTERM." in err, err
    assert _leftovers(folder) == []


def test_sigterm_during_the_check_removes_its_temporary_folder_and_keeps_the_model(tiny_model: Path,
                                                                                   tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    r = _signalled(_STUCK_CHECK, [str(tiny_model), "-t", "Q8_0"], lambda: any(temp.glob("llorch-kl-*/source.kld")),
                   signal.SIGTERM, env=dict(os.environ) | {"TMPDIR": str(temp)})
    assert r.returncode == 143, r.stderr
    assert f"Stopped by SIGTERM; the quantized model is kept: tiny-q8_0 ({_local('tiny-q8_0')})" in r.stderr
    assert list(temp.iterdir()) == []
    assert set(_weights(_local("tiny-q8_0")).values()) == {"Q8_0"} and _leftovers(_local("x").parent) == []


def test_stale_part_files_of_gone_processes_are_swept_when_a_quantize_starts(tiny_model: Path) -> None:
    """Only files named as quantize names its partial files, and only when the process that wrote them is gone."""
    folder = _local("x").parent
    folder.mkdir(parents=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = folder / f".bigt.gguf.{gone.pid}-57b023.part"
    kept = [folder / f".bigt.gguf.{os.getpid()}-57b023.part",  # this process: it may still be writing it
            folder / f".bigt.gguf.1-57b023.part",  # a process that runs
            folder / f".bigt.gguf.{gone.pid}-57b023.part.keep", folder / f"bigt.gguf.{gone.pid}-57b023.part",
            folder / f".bigt.gguf.{gone.pid}-57B023.part", folder / f".notes.txt.{gone.pid}-57b023.part",
            folder / f".bigt.gguf.{gone.pid}.part"]
    for path in [stale, *kept]:
        path.write_bytes(b"\0" * 64)
    (folder / f".dir.gguf.{gone.pid}-57b023.part").mkdir()  # not a file: left alone
    r = _cli(str(tiny_model), "-t", "Q8_0", "--no-check")
    assert r.exit_code == 0, r.output
    assert not stale.exists() and all(path.exists() for path in kept)
    assert (folder / f".dir.gguf.{gone.pid}-57b023.part").is_dir()


def test_a_thread_count_the_engine_refuses_is_refused_before_quantizing(tiny_model: Path) -> None:
    """It was refused by the check's engine, after quantizing: exit 1, the new model kept and not mentioned."""
    r = _cli(str(tiny_model), "-t", "Q8_0", "-o", "thr", "--threads", "100000")
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("Error: --threads = 100,000 is more threads than this machine can use (at most ")
    assert r.stderr.count("\n") == 1 and "quantizing" not in r.stderr
    assert not _local("x").parent.exists()


def test_a_check_that_fails_says_the_quantized_model_is_kept(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import llorch.evals.quant_check as qc

    def fails(*args: Any, **kw: Any) -> None:
        raise GenerationError("llama.cpp failed to decode")

    monkeypatch.setattr(qc, "check_quantized", fails)
    r = _cli(str(tiny_model), "-t", "Q8_0")
    assert r.exit_code == 1, r.output
    lines = r.stderr.splitlines()
    assert lines[-2:] == [f"the quantized model is kept: tiny-q8_0 ({_local('tiny-q8_0')}); its check against "
                          f"{tiny_model} failed:", "Error: llama.cpp failed to decode"]
    assert _local("tiny-q8_0").is_file()


@pytest.mark.parametrize("target", ["F16", "F32", "BF16"])
def test_widening_a_quantized_model_needs_no_allow_requantize(tiny_model: Path, target: str) -> None:
    """F16, BF16 and F32 hold Q8_0's values exactly: no rounding is added, so nothing compounds."""
    assert _cli(str(tiny_model), "-t", "Q8_0", "--no-check").exit_code == 0
    r = _cli("tiny-q8_0", "-t", target, "--no-check")
    assert r.exit_code == 0, r.output
    assert set(_weights(_local(f"tiny-{target.lower()}")).values()) == {target}


def test_a_bundled_model_is_refused_before_it_is_assembled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog knows the bundled models ship quantized: qwen-1.5b's 1.1 GB was assembled, then refused."""
    from llorch.models import registry

    def assembles(*args: Any, **kw: Any) -> Path:
        raise AssertionError("the bundled model was assembled")

    monkeypatch.setattr(registry, "ensure_starter", assembles)
    paths = resolve_paths()
    with pytest.raises(InputError, match=r"^qwen-1\.5b is already quantized \(Q4_K_M, as bundled\); quantizing it "
                                         r"again to Q8_0 compounds"):
        plan_quantize("qwen-1.5b", parse_quant_type("Q8_0"), out=None, paths=paths, config=Config())
    with pytest.raises(InputError, match=r"^fast is already quantized \(Q5_0, as bundled\)"):
        plan_quantize("fast", parse_quant_type("Q4_0"), out=None, paths=paths, config=Config(aliases={"fast": "starter"}))
    assert not paths.models_dir.exists()


def test_a_models_folder_that_is_a_file_is_a_one_line_error(tiny_model: Path) -> None:
    folder = _local("x").parent
    folder.parent.mkdir(parents=True)
    folder.write_text("x")
    r = _cli(str(tiny_model), "-t", "Q8_0", "--no-check")
    assert r.exit_code == 1, r.output
    assert r.stderr == (f"Error: {folder} is a file, where llorch keeps the models it makes; move it away, or write "
                        "the result elsewhere (--out PATH ending in .gguf)\n")
    plan = plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=str(folder.parent / "x.gguf"),
                         paths=resolve_paths(), config=Config())
    with pytest.raises(QuantizeError, match=f"cannot create the folder {folder}: "):
        run_quantize(dataclasses.replace(plan, target=folder / "x.gguf"))


@pytest.mark.parametrize("out", ["a" * 300, "b" * 300 + ".gguf", "~nosuchuser-llorch/x.gguf"])
def test_an_out_path_no_file_can_have_is_refused(tiny_model: Path, out: str) -> None:
    with pytest.raises(InputError, match=r"^--out .*(file name too long|no home folder is known for it); give a model "
                                         "name"):
        plan_quantize(str(tiny_model), parse_quant_type("Q8_0"), out=out, paths=resolve_paths(), config=Config())
