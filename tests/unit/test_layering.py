"""Structure rules that keep start-up fast and the core free of the front ends."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def test_core_imports_neither_front_ends_nor_llama_cpp() -> None:
    code = (
        "import sys, llorch.config, llorch.engine, llorch.models, llorch.oneshot, llorch.errors;"
        "print(sorted(m for m in ('typer', 'textual', 'llama_cpp', 'huggingface_hub', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_start_up_does_not_load_llama_cpp() -> None:
    heavy = ("llama_cpp", "huggingface_hub", "starlette", "uvicorn", "prometheus_client", "llorch.server.app", "mcp")
    code = f"import sys, llorch.cli.main; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is part of the dev extra")
def test_mypy_passes_on_the_package() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
