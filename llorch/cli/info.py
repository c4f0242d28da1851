"""`llorch info`: what this install of llama.cpp can do."""

from __future__ import annotations

import dataclasses
import json
import platform

import typer

from llorch.cli._common import stdout_console, write_out

__all__ = ["register"]


def info_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the llama.cpp build: compiled backends, GPU offload, devices, CPU features.

    Example: llorch info
    """
    from llorch import __version__
    from llorch.engine.llama import build_info, physical_cores

    b = build_info()
    if as_json:
        data = dataclasses.asdict(b) | {"llorch": __version__, "python": platform.python_version(), "physical_cores": physical_cores()}
        write_out(json.dumps(data, indent=2) + "\n")
        return
    out = stdout_console()
    gpu = [d for d in b.devices if d.kind in ("gpu", "igpu")]
    rows = [
        ("llorch", __version__),
        ("llama-cpp-python", b.llama_cpp_python),
        ("python", platform.python_version()),
        ("backends", ", ".join(b.backends) or "unknown"),
        ("gpu offload", "yes" if b.gpu_offload else "no (CPU-only build; see README: GPU builds)"),
        ("cpu cores", f"{physical_cores()} physical"),
    ]
    for label, value in rows:
        out.print(f"{label + ':':<18}{value}", markup=False)
    for d in b.devices:
        mem = f", {d.memory_free / 2**30:.1f}/{d.memory_total / 2**30:.1f} GiB free" if d.memory_total else ""
        out.print(f"{'device:':<18}{d.name} ({d.kind}) {d.description}{mem}", markup=False)
    if not gpu:
        out.print(f"{'active backend:':<18}CPU", markup=False)
    else:
        out.print(f"{'active backend:':<18}{', '.join(d.name for d in gpu)} (layers offload with engine.n_gpu_layers)", markup=False)
    out.print(f"{'system info:':<18}{b.system_info}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("info")(info_command)
