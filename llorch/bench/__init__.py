"""Benchmarks: a runner that returns data and reports that render it."""

from __future__ import annotations

from llorch.bench.runner import run_bench, run_chat_scenario, sweep
from llorch.bench.types import BenchConfig, BenchResult, BenchRun, BenchTest, Hardware, mean_stddev

__all__ = [
    "BenchConfig", "BenchResult", "BenchRun", "BenchTest", "Hardware", "mean_stddev", "run_bench",
    "run_chat_scenario", "sweep",
]
