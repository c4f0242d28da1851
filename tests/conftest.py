"""Shared fixtures: an isolated LLORCH_HOME for every test, tiny GGUF files, the starter model."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "models"))

from tinymodel import write_tiny_gguf  # noqa: E402

from llorch.config import Paths, resolve_paths  # noqa: E402


@pytest.fixture(autouse=True)
def llorch_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the user's real dirs: every test gets its own LLORCH_HOME."""
    home = tmp_path / "llorch-home"
    monkeypatch.setenv("LLORCH_HOME", str(home))
    monkeypatch.delenv("LLORCH_DEBUG", raising=False)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    return home


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(tmp_path_factory.mktemp("models") / "tiny.gguf")


@pytest.fixture(scope="session")
def tiny_chat_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = (
        "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
        "{% if add_generation_prompt %}<|assistant|>{% endif %}"
    )
    return write_tiny_gguf(
        tmp_path_factory.mktemp("models") / "tiny-chat.gguf", chat_template=template, name="tiny-chat-instruct"
    )


@pytest.fixture(scope="session")
def starter_cache(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The starter model assembled once per test session."""
    from llorch.models.starter import ensure_starter

    root = tmp_path_factory.mktemp("starter-home")
    paths = Paths(root / "config", root / "data", root / "cache")
    ensure_starter(paths)
    return paths


@pytest.fixture
def starter_home(llorch_home: Path, starter_cache: Paths) -> Path:
    """This test's LLORCH_HOME with the starter already in its cache (hard links, no copy)."""
    src = starter_cache.models_dir / "starter"
    dst = resolve_paths().models_dir / "starter"
    dst.mkdir(parents=True, exist_ok=True)
    for f in src.iterdir():
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)
    return llorch_home


@pytest.fixture
def starter_model(starter_cache: Paths) -> Path:
    from llorch.models.starter import starter_path

    return starter_path(starter_cache)


@pytest.fixture(autouse=True)
def _reset_llorch_logging():  # type: ignore[no-untyped-def]
    """CLI commands configure the `llorch` logger; give every test a clean one."""
    import logging

    yield
    logger = logging.getLogger("llorch")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
