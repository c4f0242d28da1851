"""Structure rules that keep start-up fast, the core free of the front ends, and imports pointing down."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import llorch

PACKAGE = Path(llorch.__file__).parent

# The lower layers, and what each may import besides itself. Everything else (resilience,
# orchestra, models, profiles, chat, mcp, runtime, the front ends...) sits above them.
#   errors, paths, interrupts  <  fields, userfiles  <  settings, engine  <  config ;  store, tools beside config
LOWER: dict[str, frozenset[str]] = {
    "llorch.errors": frozenset(),
    "llorch.paths": frozenset(),
    "llorch.interrupts": frozenset(),
    "llorch.fields": frozenset({"llorch.errors"}),
    "llorch.userfiles": frozenset({"llorch.errors"}),
    "llorch.settings": frozenset({"llorch.errors", "llorch.fields"}),
    "llorch.engine": frozenset({"llorch.errors", "llorch.interrupts"}),
    "llorch.config": frozenset({"llorch.errors", "llorch.fields", "llorch.paths", "llorch.settings", "llorch.engine",
                                "llorch.userfiles"}),
    "llorch.store": frozenset({"llorch.errors", "llorch.paths", "llorch.userfiles"}),
    "llorch.tools": frozenset({"llorch.errors", "llorch.fields", "llorch.paths", "llorch.userfiles"}),
}
NATIVE = "llorch.engine._native"


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("llorch", *path.relative_to(PACKAGE).with_suffix("").parts)
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def _exists(module: str) -> bool:
    base = PACKAGE.parent.joinpath(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """Every llorch module `module` imports, at any depth (inside functions too), with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:  # `from llorch import config` imports llorch.config
                sub = f"{base}.{alias.name}"
                yield node.lineno, sub if _exists(sub) else base


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _layer(module: str) -> str | None:
    return next((layer for layer in LOWER if _within(module, layer)), None)


def violations() -> list[str]:
    found: list[str] = []
    for module, path in _modules():
        layer = _layer(module)
        for line, target in _imports(module, path):
            if not _within(target, "llorch"):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if _within(target, NATIVE) and not _within(module, "llorch.engine"):
                found.append(f"{where}: {module} imports {target}; only llorch.engine may touch _native")
            if layer is None or _within(target, layer):
                continue
            if not any(_within(target, lower) for lower in LOWER[layer]):
                found.append(f"{where}: {module} imports {target}, which is not below {layer}")
    return list(dict.fromkeys(found))  # `from x import a, b` is one line to fix


def test_imports_point_down_and_only_the_engine_touches_native() -> None:
    assert violations() == []


def test_the_import_walk_sees_imports_inside_functions_and_relative_ones(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text("def f():\n    from llorch.engine._native import lib\nfrom . import types\nfrom .. import errors\n")
    found = {target for _, target in _imports("llorch.engine.fake", source)}
    assert found == {"llorch.engine._native.lib", "llorch.engine.types", "llorch.errors"}


def test_core_imports_neither_front_ends_nor_llama_cpp() -> None:
    code = (
        "import sys, llorch.config, llorch.engine, llorch.models, llorch.oneshot, llorch.errors;"
        "print(sorted(m for m in ('typer', 'textual', 'llama_cpp', 'huggingface_hub', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_start_up_does_not_load_llama_cpp() -> None:
    heavy = ("llama_cpp", "huggingface_hub", "starlette", "uvicorn", "prometheus_client", "llorch.server.app", "mcp",
             "textual", "llorch.monitor")
    code = f"import sys, llorch.cli.main; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is part of the dev extra")
def test_mypy_passes_on_the_package() -> None:
    r = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
