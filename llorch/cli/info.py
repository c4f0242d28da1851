"""`llorch info`: what this install of llama.cpp can do."""

from __future__ import annotations

import dataclasses
import json
import platform
from typing import Any

import typer

from llorch.cli._common import stdout_console, write_out

__all__ = ["register"]


def info_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show the llama.cpp build: compiled backends, GPU offload, devices, CPU features.

    \b
    Example: llorch info
    """
    from llorch import __version__
    from llorch.cli._common import load_settings
    from llorch.engine.llama import build_info, physical_cores

    b = build_info()
    _paths, config = load_settings()
    engine = _engine_settings(config)
    if as_json:
        data = dataclasses.asdict(b) | {"llorch": __version__, "python": platform.python_version(),
                                        "physical_cores": physical_cores(), "engine": engine}
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
    layouts = ", ".join(engine["cpu_weight_layouts"] + ["plain"])
    amx = " (AMX: present, off; engine.amx = true turns it on)" if engine["amx_present"] and not engine["amx"] else ""
    if not engine["repack"]:
        amx = " (engine.repack = false)"
    out.print(f"{'cpu weights:':<18}{layouts}{amx}", markup=False)
    slots, n_ctx = engine["slots"], engine["n_ctx"]
    per_slot = (f"each may use all {n_ctx or 'of the model’s'} tokens (unified KV)" if engine["kv_unified"]
                else f"{n_ctx or 'the model’s context'} tokens each")
    answered = f"{slots} request(s) answered at once" if slots else "as many requests at once as the command needs (run 1, chat 2)"
    out.print(f"{'workers:':<18}one per loaded model: {answered}, {per_slot}; "
              f"batch {engine['n_batch']}/{engine['n_ubatch']}, KV {engine['cache_type_k']}/{engine['cache_type_v']}, "
              f"threads {engine['threads']}", markup=False)


def _engine_settings(config: Any) -> dict[str, Any]:
    """How models load with config.toml's engine settings (0 threads: one per physical core)."""
    from llorch.engine.llama import amx_present, physical_cores, use_cpu_extra_buffers

    opts = config.engine_options()
    layouts = list(use_cpu_extra_buffers(amx=opts.amx)) if opts.repack else []  # engine.repack = false: none
    return {"cpu_weight_layouts": layouts, "repack": opts.repack, "amx": opts.amx, "amx_present": amx_present(),
            "slots": opts.slots, "n_ctx": opts.n_ctx, "kv_unified": opts.kv_unified, "swa_full": opts.swa_full,
            "n_batch": opts.n_batch, "n_ubatch": opts.n_ubatch, "cache_type_k": opts.cache_type_k,
            "cache_type_v": opts.cache_type_v, "threads": opts.threads or physical_cores(), "flash_attn": opts.flash_attn}


def register(app: typer.Typer) -> None:
    app.command("info")(info_command)
