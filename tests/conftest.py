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
    """The bundled models (the instruct starter, and Gemma 3 270M base) assembled once per test session."""
    from llorch.models.starter import BASE_REF, STARTER_REF, ensure_starter

    root = tmp_path_factory.mktemp("starter-home")
    paths = Paths(root / "config", root / "data", root / "cache")
    ensure_starter(paths, STARTER_REF)
    ensure_starter(paths, BASE_REF)
    return paths


@pytest.fixture
def starter_home(llorch_home: Path, starter_cache: Paths) -> Path:
    """This test's LLORCH_HOME with the bundled models already in its cache (hard links, no copy)."""
    from llorch.models.starter import STARTERS

    for ref in STARTERS:
        src = starter_cache.models_dir / ref
        if not src.is_dir():  # assembled only by the tests that need it (qwen-1.5b: 1.1 GB)
            continue
        dst = resolve_paths().models_dir / ref
        dst.mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            try:
                os.link(f, dst / f.name)
            except OSError:
                shutil.copy2(f, dst / f.name)
    return llorch_home


@pytest.fixture
def starter_model(starter_cache: Paths) -> Path:
    """The instruct starter (Qwen2.5-Coder-0.5B-Instruct) .gguf."""
    from llorch.models.starter import starter_path

    return starter_path(starter_cache)


@pytest.fixture
def gemma_model(starter_cache: Paths) -> Path:
    """Gemma 3 270M base .gguf: a base model with sliding-window layers."""
    from llorch.models.starter import BASE_REF, starter_path

    return starter_path(starter_cache, BASE_REF)


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
