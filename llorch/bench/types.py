"""Benchmark values: what to measure, on which settings, and what came out."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["BenchConfig", "BenchResult", "BenchRun", "BenchTest", "Hardware", "mean_stddev"]


@dataclass(frozen=True)
class BenchTest:
    """A test in llama-bench's terms: `pp N`, `tg M`, `pp N + tg M`, at a context depth."""

    n_prompt: int = 0
    n_gen: int = 0
    depth: int = 0
    scenario: str = ""  # a real-prompt scenario ("chat") rather than synthetic tokens

    @property
    def name(self) -> str:
        if self.scenario:
            return f"{self.scenario} turn"
        parts = []
        if self.n_prompt:
            parts.append(f"pp{self.n_prompt}")
        if self.n_gen:
            parts.append(f"tg{self.n_gen}")
        name = "+".join(parts)
        return f"{name} @ d{self.depth}" if self.depth else name

    @property
    def n_tokens(self) -> int:
        return self.n_prompt + self.n_gen


@dataclass(frozen=True)
class BenchConfig:
    """One row of a sweep: a model and the engine settings to load it with."""

    model: str
    path: str
    threads: int
    n_gpu_layers: int | str = 0
    n_batch: int = 2048
    n_ubatch: int = 512
    flash_attn: bool = False
    cache_type_k: str = "f16"
    cache_type_v: str = "f16"
    repack: bool = True  # the weights in llama.cpp's repacked CPU layouts (llama-bench's --repack)


@dataclass(frozen=True)
class BenchResult:
    config: BenchConfig
    test: BenchTest
    samples: tuple[float, ...]  # tokens/s of each repetition
    ttft_ms: float  # mean time to the first generated token (prompt + one decode)
    peak_rss_bytes: int
    joules_per_token: float | None  # None: no readable energy counter (never invented)
    model_size: int = 0
    model_params: int = 0
    backend: str = "CPU"

    @property
    def mean(self) -> float:
        return mean_stddev(self.samples)[0]

    @property
    def stddev(self) -> float:
        return mean_stddev(self.samples)[1]


@dataclass(frozen=True)
class Hardware:
    cpu: str
    physical_cores: int
    logical_cores: int
    memory_bytes: int
    os: str
    python: str
    llorch: str
    llama_cpp_python: str
    backends: tuple[str, ...]
    gpu_offload: bool
    devices: tuple[dict[str, Any], ...] = ()
    system_info: str = ""


@dataclass(frozen=True)
class BenchRun:
    hardware: Hardware
    results: tuple[BenchResult, ...]
    reps: int
    created_at: float
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for row, result in zip(data["results"], self.results):
            row["test_name"] = result.test.name
            row["mean"] = result.mean
            row["stddev"] = result.stddev
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BenchRun:
        results = tuple(
            BenchResult(
                config=BenchConfig(**r["config"]),
                test=BenchTest(**r["test"]),
                samples=tuple(r["samples"]),
                ttft_ms=r["ttft_ms"],
                peak_rss_bytes=r["peak_rss_bytes"],
                joules_per_token=r["joules_per_token"],
                model_size=r.get("model_size", 0),
                model_params=r.get("model_params", 0),
                backend=r.get("backend", "CPU"),
            )
            for r in data["results"]
        )
        hw = dict(data["hardware"])
        hw["backends"] = tuple(hw["backends"])
        hw["devices"] = tuple(hw.get("devices", ()))
        return cls(
            hardware=Hardware(**hw), results=results, reps=data["reps"], created_at=data["created_at"],
            id=data.get("id"), extra=data.get("extra", {}),
        )


def mean_stddev(samples: tuple[float, ...] | list[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (n - 1), as llama-bench reports them."""
    n = len(samples)
    if n == 0:
        return 0.0, 0.0
    mean = sum(samples) / n
    if n == 1:
        return mean, 0.0
    return mean, math.sqrt(sum((x - mean) ** 2 for x in samples) / (n - 1))
