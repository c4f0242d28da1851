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
    from llorch.models.starter import BASE_REF, FAST_REF, ensure_starter

    root = tmp_path_factory.mktemp("starter-home")
    paths = Paths(root / "config", root / "data", root / "cache")
    ensure_starter(paths, FAST_REF)
    ensure_starter(paths, BASE_REF)
    return paths


def _link_models(paths: Paths) -> None:
    """This test's cache gets the session's assembled bundled models (hard links, no copy)."""
    from llorch.models.starter import STARTERS

    for ref in STARTERS:
        src = paths.models_dir / ref
        if not src.is_dir():  # assembled only by the tests that need it (qwen-1.5b: 1.1 GB)
            continue
        dst = resolve_paths().models_dir / ref
        dst.mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            if (dst / f.name).exists():
                continue
            try:
                os.link(f, dst / f.name)
            except OSError:
                shutil.copy2(f, dst / f.name)


@pytest.fixture
def starter_home(llorch_home: Path, starter_cache: Paths) -> Path:
    """This test's LLORCH_HOME with the bundled models in its cache, and the fast model (qwen-0.5b,
    the tests' model) as config.toml's default_model: real-model tests stay quick."""
    from llorch.models.starter import FAST_REF

    _link_models(starter_cache)
    config = resolve_paths().config_file
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'default_model = "{FAST_REF}"\n')
    return llorch_home


@pytest.fixture(scope="session")
def default_cache(starter_cache: Paths) -> Paths:
    """The default model (qwen-1.5b, 1.1 GB) assembled once per test session, beside the others."""
    from llorch.models.starter import DEFAULT_REF, ensure_starter

    ensure_starter(starter_cache, DEFAULT_REF)
    return starter_cache


@pytest.fixture
def default_home(llorch_home: Path, default_cache: Paths) -> Path:
    """This test's LLORCH_HOME as a new user has it: every bundled model, no config.toml (the 1.5B answers)."""
    _link_models(default_cache)
    return llorch_home


@pytest.fixture
def starter_model(starter_cache: Paths) -> Path:
    """The fast model (Qwen2.5-Coder-0.5B-Instruct, once called the starter) .gguf: the tests' real model."""
    from llorch.models.starter import FAST_REF, starter_path

    return starter_path(starter_cache, FAST_REF)


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
