"""Render benchmark runs: a Rich table, JSON, CSV or Markdown, and the change between two runs."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Any

from llorch.bench.types import BenchResult, BenchRun, Hardware

__all__ = ["COLUMNS", "PARALLEL_COLUMNS", "compare_rows", "hardware_lines", "parallel_rows", "rows", "to_csv", "to_json",
           "to_markdown", "to_table"]

# llama-batched-bench's columns, then what one stream saw.
PARALLEL_COLUMNS = ("model", "PP", "TG", "B", "N_KV", "T_PP s", "S_PP t/s", "T_TG s", "S_TG t/s", "T s", "S t/s",
                    "stream pp t/s", "stream tg t/s")

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


def parallel_rows(run: BenchRun) -> list[dict[str, Any]]:
    """The `--parallel` results of a run (saved in its `extra`)."""
    return list(run.extra.get("parallel", []))


def _parallel_display(p: dict[str, Any]) -> list[str]:
    return [str(p["model"]), str(p["pp"]), str(p["tg"]), str(p["b"]), str(p["n_kv"]), f"{p['t_pp']:.3f}", f"{p['s_pp']:.2f}",
            f"{p['t_tg']:.3f}", f"{p['s_tg']:.2f}", f"{p['t']:.3f}", f"{p['s']:.2f}", f"{p['stream_pp']:.2f}",
            f"{p['stream_tg']:.2f}"]


def to_table(run: BenchRun) -> Any:
    from rich.table import Table

    title = f"run #{run.id}" if run.id else "benchmark"
    if parallel_rows(run):
        table = Table(title=f"{title} · parallel streams on one worker · {run.reps} reps")
        for col in PARALLEL_COLUMNS:
            table.add_column(col, justify="left" if col == "model" else "right")
        for p in parallel_rows(run):
            table.add_row(*_parallel_display(p))
        return table
    table = Table(title=f"{title} · {run.reps} reps · {time.strftime('%Y-%m-%d %H:%M', time.localtime(run.created_at))}")
    for col in COLUMNS:
        table.add_column(col, justify="right" if col in ("t/s", "ttft ms", "peak mem", "J/token", "size", "params") else "left")
    for r in run.results:
        table.add_row(*_display(r))
    return table


def to_json(run: BenchRun) -> str:
    data = {"id": run.id, "created_at": run.created_at, "reps": run.reps, "hardware": run.to_dict()["hardware"],
            "results": rows(run)}
    if parallel_rows(run):
        data["parallel"] = parallel_rows(run)
    return json.dumps(data, indent=2) + "\n"


def to_csv(run: BenchRun) -> str:
    buf = io.StringIO()
    data = rows(run) or parallel_rows(run)
    fields = [k for k in data[0] if k != "samples"] if data else []
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return buf.getvalue()


def to_markdown(run: BenchRun) -> str:
    if parallel_rows(run):
        lines = ["| " + " | ".join(PARALLEL_COLUMNS) + " |", "|---" + "|---:" * (len(PARALLEL_COLUMNS) - 1) + "|"]
        lines += ["| " + " | ".join(_parallel_display(p)) + " |" for p in parallel_rows(run)]
        return "\n".join(lines) + "\n"
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
