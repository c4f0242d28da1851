"""Render benchmark runs: a Rich table, JSON, CSV or Markdown, and the change between two runs."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

from llorch.bench.types import BenchResult, BenchRun, Hardware

__all__ = ["COLUMNS", "compare_rows", "hardware_lines", "rows", "to_csv", "to_json", "to_markdown", "to_table"]

COLUMNS = ("model", "size", "params", "backend", "ngl", "threads", "n_batch", "n_ubatch", "fa", "type_k", "type_v",
           "test", "t/s", "ttft ms", "peak mem", "J/token")


def _size(n: int) -> str:
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.1f} MiB"


def _params(n: int) -> str:
    return f"{n / 1e9:.2f} B" if n >= 1e9 else f"{n / 1e6:.1f} M"


def rows(run: BenchRun) -> list[dict[str, Any]]:
    """One flat row per result, with machine-friendly values (used by every format)."""
    out = []
    for r in run.results:
        c = r.config
        out.append({
            "model": c.model, "size": r.model_size, "params": r.model_params, "backend": r.backend,
            "ngl": c.n_gpu_layers, "threads": c.threads, "n_batch": c.n_batch, "n_ubatch": c.n_ubatch,
            "fa": int(c.flash_attn), "type_k": c.cache_type_k, "type_v": c.cache_type_v, "test": r.test.name,
            "tps_mean": round(r.mean, 3), "tps_stddev": round(r.stddev, 3), "ttft_ms": round(r.ttft_ms, 3),
            "peak_rss_bytes": r.peak_rss_bytes,
            "joules_per_token": None if r.joules_per_token is None else round(r.joules_per_token, 6),
            "samples": list(r.samples),
        })
    return out


def _display(r: BenchResult) -> list[str]:
    c = r.config
    return [
        c.model, _size(r.model_size), _params(r.model_params), r.backend, str(c.n_gpu_layers), str(c.threads),
        str(c.n_batch), str(c.n_ubatch), str(int(c.flash_attn)), c.cache_type_k, c.cache_type_v, r.test.name,
        f"{r.mean:.2f} ± {r.stddev:.2f}", f"{r.ttft_ms:.1f}", _size(r.peak_rss_bytes),
        "unavailable" if r.joules_per_token is None else f"{r.joules_per_token:.4f}",
    ]


def hardware_lines(hw: Hardware) -> list[tuple[str, str]]:
    devices = ", ".join(
        f"{d['name']} ({d['kind']}, {d['memory_total'] / 2**30:.1f} GiB)" if d.get("memory_total") else f"{d['name']} ({d['kind']})"
        for d in hw.devices
    )
    return [
        ("cpu", f"{hw.cpu} — {hw.physical_cores} physical / {hw.logical_cores} logical cores"),
        ("memory", f"{hw.memory_bytes / 2**30:.1f} GiB"),
        ("llama.cpp build", f"backends {', '.join(hw.backends) or '?'}; GPU offload {'yes' if hw.gpu_offload else 'no'}"),
        ("devices", devices or "none listed"),
        ("versions", f"llorch {hw.llorch}, llama-cpp-python {hw.llama_cpp_python}, Python {hw.python}, {hw.os}"),
    ]


def to_table(run: BenchRun) -> Any:
    from rich.table import Table

    title = f"run #{run.id}" if run.id else "benchmark"
    table = Table(title=f"{title} · {run.reps} reps · {time.strftime('%Y-%m-%d %H:%M', time.localtime(run.created_at))}")
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in ("t/s", "ttft ms", "peak mem", "J/token", "size", "params") else "left")
    for r in run.results:
        table.add_row(*_display(r))
    return table


def to_json(run: BenchRun) -> str:
    return json.dumps({"id": run.id, "created_at": run.created_at, "reps": run.reps,
                       "hardware": run.to_dict()["hardware"], "results": rows(run)}, indent=2) + "\n"


def to_csv(run: BenchRun) -> str:
    buf = io.StringIO()
    data = rows(run)
    fields = [k for k in data[0] if k != "samples"] if data else []
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return buf.getvalue()


def to_markdown(run: BenchRun) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---:" if c in ("t/s", "ttft ms") else "---" for c in COLUMNS) + "|"]
    lines += ["| " + " | ".join(_display(r)) + " |" for r in run.results]
    return "\n".join(lines) + "\n"


def compare_rows(a: BenchRun, b: BenchRun) -> list[tuple[str, str, float, float, float]]:
    """(model, setting+test, t/s in A, t/s in B, change %) for results both runs share."""
    def key(r: BenchResult) -> tuple[Any, ...]:
        c = r.config
        return (c.model, c.threads, c.n_gpu_layers, c.n_batch, c.n_ubatch, c.flash_attn, c.cache_type_k, c.cache_type_v, r.test.name)

    in_b = {key(r): r for r in b.results}
    out = []
    for r in a.results:
        other = in_b.get(key(r))
        if other is None:
            continue
        c = r.config
        label = f"t{c.threads} ngl{c.n_gpu_layers} fa{int(c.flash_attn)} {c.cache_type_k}/{c.cache_type_v} {r.test.name}"
        change = (other.mean - r.mean) / r.mean * 100.0 if r.mean else 0.0
        out.append((c.model, label, r.mean, other.mean, change))
    return out
