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


def _columns(run: BenchRun) -> tuple[str, ...]:
    """COLUMNS, with `repack` after the cache types when a row has the weights as stored (llama-bench likewise
    shows a setting's column only when it is not the default)."""
    if all(r.config.repack for r in run.results):
        return COLUMNS
    at = COLUMNS.index("type_v") + 1
    return (*COLUMNS[:at], "repack", *COLUMNS[at:])


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
            "fa": int(c.flash_attn), "type_k": c.cache_type_k, "type_v": c.cache_type_v, "repack": int(c.repack),
            "test": r.test.name,
            "tps_mean": round(r.mean, 3), "tps_stddev": round(r.stddev, 3), "ttft_ms": round(r.ttft_ms, 3),
            "peak_rss_bytes": r.peak_rss_bytes,
            "joules_per_token": None if r.joules_per_token is None else round(r.joules_per_token, 6),
            "samples": list(r.samples),
        })
    return out


def _display(r: BenchResult, columns: tuple[str, ...] = COLUMNS) -> list[str]:
    c = r.config
    return [
        c.model, _size(r.model_size), _params(r.model_params), r.backend, str(c.n_gpu_layers), str(c.threads),
        str(c.n_batch), str(c.n_ubatch), str(int(c.flash_attn)), c.cache_type_k, c.cache_type_v,
        *([str(int(c.repack))] if "repack" in columns else []), r.test.name,
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


# When the table is wider than the terminal: columns that must stay (the model too, unless every row
# has the same), and the others in the order they go, least telling first. A value every row shares
# is said once under the table instead.
# The settings that differ between rows tell the rows apart, so they go last.
_KEEP = ("model", "test", "t/s")
_DROP = ("J/token", "peak mem", "ttft ms", "backend", "params", "size", "n_ubatch", "n_batch", "type_v", "type_k", "fa",
         "repack", "ngl", "threads")
_PARALLEL_KEEP = ("model", "B", "S_TG t/s")
_PARALLEL_DROP = ("T s", "S t/s", "T_PP s", "T_TG s", "N_KV", "stream pp t/s", "PP", "TG", "S_PP t/s", "stream tg t/s")


def to_table(run: BenchRun, width: int | None = None) -> Any:
    """The run as a Rich table; with `width`, fitted to it (shared settings on a line below,
    then the least telling columns left out, and said so: --json and --csv keep every column)."""
    title = f"run #{run.id}" if run.id else "benchmark"
    if parallel_rows(run):
        cells = [_parallel_display(p) for p in parallel_rows(run)]
        return _fitted(f"{title} · parallel streams on one worker · {run.reps} reps", PARALLEL_COLUMNS, cells,
                       right=set(PARALLEL_COLUMNS) - {"model"}, width=width, keep=_PARALLEL_KEEP, drop=_PARALLEL_DROP)
    stamp = time.strftime('%Y-%m-%d %H:%M', time.localtime(run.created_at))
    columns = _columns(run)
    return _fitted(f"{title} · {run.reps} reps · {stamp}", columns, [_display(r, columns) for r in run.results],
                   right={"t/s", "ttft ms", "peak mem", "J/token", "size", "params"}, width=width, keep=_KEEP, drop=_DROP)


def _table(title: str, headers: tuple[str, ...], cells: list[list[str]], shown: list[int], right: set[str]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for i in shown:
        # A long model path folds onto more lines rather than losing its end.
        table.add_column(headers[i], justify="right" if headers[i] in right else "left",
                         overflow="fold" if headers[i] == "model" else "ellipsis")
    for row in cells:
        table.add_row(*(row[i] for i in shown))
    return table


def _natural_width(table: Any) -> int:
    from rich.console import Console

    console = Console(width=100_000, markup=False)  # (as the consoles that print it: a model path may hold "[")
    return int(console.measure(table).maximum)


def _fitted(title: str, headers: tuple[str, ...], cells: list[list[str]], *, right: set[str], width: int | None,
            keep: tuple[str, ...], drop: tuple[str, ...]) -> Any:
    import textwrap

    from rich.console import Group
    from rich.text import Text

    shown = list(range(len(headers)))
    table = _table(title, headers, cells, shown, right)
    if width is None or _natural_width(table) <= width:
        return table
    shared = [i for i in shown if headers[i] not in keep[1:] and cells and len({row[i] for row in cells}) == 1]
    shown = [i for i in shown if i not in shared]
    hidden: list[str] = []
    for name in drop:
        table = _table(title, headers, cells, shown, right)
        if _natural_width(table) <= width:
            break
        i = headers.index(name)
        if i in shown:
            shown.remove(i)
            hidden.append(name)
    table = _table(title, headers, cells, shown, right)
    lines = []
    if shared:
        lines.append("every row: " + ", ".join(f"{headers[i]} {cells[0][i]}" for i in shared))
    if hidden:
        lines.append(f"left out to fit {width} columns: {', '.join(hidden)} (--json or --csv has every column)")
    return Group(table, *(Text(textwrap.fill(line, width, subsequent_indent="  ")) for line in lines))


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
    columns = _columns(run)
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---:" if c in ("t/s", "ttft ms") else "---" for c in columns) + "|"]
    lines += ["| " + " | ".join(_display(r, columns)) + " |" for r in run.results]
    return "\n".join(lines) + "\n"


def compare_rows(a: BenchRun, b: BenchRun) -> list[tuple[str, str, float, float, float]]:
    """(model, setting+test, t/s in A, t/s in B, change %) for results both runs share."""
    def key(r: BenchResult) -> tuple[Any, ...]:
        c = r.config
        return (c.model, c.threads, c.n_gpu_layers, c.n_batch, c.n_ubatch, c.flash_attn, c.cache_type_k, c.cache_type_v,
                c.repack, r.test.name)

    in_b = {key(r): r for r in b.results}
    out = []
    for r in a.results:
        other = in_b.get(key(r))
        if other is None:
            continue
        c = r.config
        label = (f"t{c.threads} ngl{c.n_gpu_layers} fa{int(c.flash_attn)} {c.cache_type_k}/{c.cache_type_v}"
                 f"{'' if c.repack else ' repack0'} {r.test.name}")
        change = (other.mean - r.mean) / r.mean * 100.0 if r.mean else 0.0
        out.append((c.model, label, r.mean, other.mean, change))
    return out
