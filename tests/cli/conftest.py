"""Fixtures for CLI tests that run several models."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.cli import _common
from llorch.engine.fake import FakeBackend


@pytest.fixture
def models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, FakeBackend]:
    """Two model files, a.gguf and b.gguf in the working directory, each answered by its own scripted fake."""
    backends: dict[str, FakeBackend] = {}
    for name in ("a", "b"):
        (tmp_path / f"{name}.gguf").write_bytes(b"GGUF")
        backends[name] = FakeBackend(name=name)
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backends[Path(path).stem])
    monkeypatch.chdir(tmp_path)
    return backends
