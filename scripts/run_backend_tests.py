#!/usr/bin/env python3
"""Run the test suite once per backend enabled in .llorch-test.toml that this build supports.

    python scripts/run_backend_tests.py [--config .llorch-test.toml] [--dry-run]

Each run sets LLORCH_TEST_BACKEND (cpu, cuda, metal) so engine tests offload layers on a GPU
backend, LLORCH_TEST_MODELS (extra model files) and LLORCH_TEST_THREADS. Backends the build
lacks are skipped with the reason. Exit status: non-zero if any run failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

BACKEND_NAMES = {"cpu": "CPU", "cuda": "CUDA", "metal": "Metal"}
REBUILD = {
    "cuda": 'rebuild with CMAKE_ARGS="-DGGML_CUDA=on" pip install --force-reinstall --no-cache-dir llama-cpp-python==0.3.36',
    "metal": "Metal builds exist only on macOS (on by default there)",
    "cpu": "every build has the CPU backend",
}


def load_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        example = path.with_name(".llorch-test.toml.example")
        print(f"{path} not found: using {example.name} (copy it to {path.name} to configure this machine)", file=sys.stderr)
        path = example
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    unknown = set(data.get("backends", {})) - set(BACKEND_NAMES)
    if unknown:
        raise SystemExit(f"{path}: unknown backend(s) {sorted(unknown)}; known: {', '.join(BACKEND_NAMES)}")
    return data


def plan_backends(config: dict[str, Any], available: set[str]) -> list[tuple[str, bool, str]]:
    """(backend, run?, reason) for every backend, in a fixed order."""
    enabled = config.get("backends", {"cpu": True})
    plan = []
    for name, reg_name in BACKEND_NAMES.items():
        if not enabled.get(name, False):
            plan.append((name, False, "disabled in the test config"))
        elif reg_name not in available:
            plan.append((name, False, f"this build has no {reg_name} backend ({REBUILD[name]})"))
        else:
            plan.append((name, True, "enabled and built"))
    return plan


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, default=Path(__file__).resolve().parent.parent / ".llorch-test.toml")
    ap.add_argument("--dry-run", action="store_true", help="Only print the plan.")
    a = ap.parse_args()
    config = load_config(a.config)
    from llorch.engine.llama import build_info

    available = set(build_info().backends)
    failed = 0
    for name, run, reason in plan_backends(config, available):
        print(f"{name:<6} {'run ' if run else 'skip'}  {reason}")
        if not run or a.dry_run:
            continue
        env = dict(os.environ, LLORCH_TEST_BACKEND=name,
                   LLORCH_TEST_MODELS=os.pathsep.join(config.get("models", {}).get("files", [])),
                   LLORCH_TEST_THREADS=str(config.get("run", {}).get("threads", 0)))
        args = [sys.executable, "-m", "pytest", *config.get("run", {}).get("pytest_args", ["-q"])]
        code = subprocess.call(args, env=env)
        print(f"{name:<6} {'passed' if code == 0 else f'FAILED (exit {code})'}")
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
