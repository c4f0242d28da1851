"""Benchmark runner statistics, report formats, energy counters and the backend test plan."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from llorch.bench import BenchConfig, BenchRun, BenchTest, Hardware, mean_stddev, run_bench, sweep
from llorch.bench.probes import EnergyMeter, PeakMemory
from llorch.bench.report import compare_rows, rows, to_csv, to_json, to_markdown
from llorch.engine.fake import FakeBackend

HW = Hardware(cpu="Test CPU", physical_cores=2, logical_cores=4, memory_bytes=8 << 30, os="Linux", python="3.11",
              llorch="0.1.0", llama_cpp_python="0.3.36", backends=("CPU",), gpu_offload=False)
CFG = BenchConfig(model="m", path="/m.gguf", threads=2)


def test_mean_and_sample_stddev() -> None:
    assert mean_stddev([1000.0, 500.0]) == (750.0, pytest.approx(353.5533905932738))
    assert mean_stddev([5.0]) == (5.0, 0.0)
    assert mean_stddev([]) == (0.0, 0.0)


def test_runner_turns_known_timings_into_known_figures() -> None:
    fb = FakeBackend(name="m")
    # warm-up, then three reps of pp100: 100 ms, 200 ms, 400 ms -> 1000, 500, 250 t/s
    fb.bench_timings.extend([(1.0, 0.0), (100.0, 0.0), (200.0, 0.0), (400.0, 0.0)])
    (result,) = run_bench([CFG], [BenchTest(n_prompt=100)], open_model=lambda c, n: fb, reps=3)
    assert result.samples == (1000.0, 500.0, 250.0)
    assert result.mean == pytest.approx(583.3333, rel=1e-4)
    assert result.stddev == pytest.approx(381.8813, rel=1e-4)
    assert result.ttft_ms == pytest.approx((100 + 200 + 400) / 3)
    assert result.joules_per_token is None
    # One warm-up (the whole prompt, as llama-bench), then every rep from an empty cache at the asked depth.
    assert fb.bench_calls == [(100, 0, 0), (100, 0, 0), (100, 0, 0), (100, 0, 0)]
    assert fb.closed


def test_tg_and_depth_tests() -> None:
    fb = FakeBackend(name="m")
    fb.bench_timings.extend([(0.0, 1.0), (0.0, 1000.0), (0.0, 2000.0)])
    opened: list[int] = []

    def open_model(c: BenchConfig, n_ctx: int) -> FakeBackend:
        opened.append(n_ctx)
        return fb

    (result,) = run_bench([CFG], [BenchTest(n_gen=128, depth=1024)], open_model=open_model, reps=2)
    assert result.test.name == "tg128 @ d1024"
    assert result.samples == (128.0, 64.0)
    assert opened == [1024 + 128]
    assert fb.bench_calls[1:] == [(0, 128, 1024), (0, 128, 1024)]


def test_sweep_is_the_cross_product() -> None:
    configs = sweep([("a", "/a"), ("b", "/b")], threads=[1, 2], flash_attn=[False, True], cache_type_k=["f16", "q8_0"])
    assert len(configs) == 2 * 2 * 2 * 2
    assert len(set(configs)) == len(configs)
    assert BenchTest(n_prompt=512, n_gen=128).name == "pp512+tg128"


def make_run() -> BenchRun:
    fb = FakeBackend(name="m")
    fb.bench_timings.extend([(1, 0), (100, 0), (50, 0), (1, 1), (0, 1000), (0, 1000)])
    results = run_bench([CFG], [BenchTest(n_prompt=100), BenchTest(n_gen=10)], open_model=lambda c, n: fb, reps=2)
    return BenchRun(hardware=HW, results=tuple(results), reps=2, created_at=1_700_000_000.0, id=7)


def test_every_format_parses_back() -> None:
    run = make_run()
    data = json.loads(to_json(run))
    assert [r["test"] for r in data["results"]] == ["pp100", "tg10"]
    assert data["results"][0]["tps_mean"] == pytest.approx(1500.0)
    assert data["hardware"]["cpu"] == "Test CPU"
    parsed = list(csv.DictReader(io.StringIO(to_csv(run))))
    assert [(r["test"], float(r["tps_mean"])) for r in parsed] == [("pp100", 1500.0), ("tg10", 10.0)]
    md = to_markdown(run).splitlines()
    assert len(md) == 4 and md[0].startswith("| model |") and "1500.00 ± 707.11" in md[2]
    again = BenchRun.from_dict(json.loads(json.dumps(run.to_dict())))
    assert rows(again) == rows(run)


def test_compare_reports_the_change() -> None:
    a = make_run()
    fb = FakeBackend(name="m")
    fb.bench_timings.extend([(1, 0), (50, 0), (50, 0)])
    b = BenchRun(hardware=HW, results=tuple(run_bench([CFG], [BenchTest(n_prompt=100)], open_model=lambda c, n: fb, reps=2)),
                 reps=2, created_at=0.0)
    ((model, label, ta, tb, change),) = compare_rows(a, b)
    assert (model, ta, tb) == ("m", 1500.0, 2000.0) and "pp100" in label
    assert change == pytest.approx(33.333, rel=1e-3)


def test_energy_meter_reads_rapl_and_handles_wraparound(tmp_path: Path) -> None:
    zone = tmp_path / "intel-rapl:0"
    zone.mkdir()
    (zone / "energy_uj").write_text("999000000\n")
    (zone / "max_energy_range_uj").write_text("1000000000\n")
    (tmp_path / "intel-rapl:0:0").mkdir()  # a sub-zone: not counted twice
    meter = EnergyMeter.open(tmp_path)
    assert meter is not None and len(meter.files) == 1
    before = meter.read()
    (zone / "energy_uj").write_text("2000000\n")  # wrapped past the range
    assert meter.joules_between(before, meter.read()) == pytest.approx(3.0)
    assert EnergyMeter.open(tmp_path / "none") is None


def test_peak_memory_is_measured() -> None:
    probe = PeakMemory()
    probe.reset()
    block = bytearray(64 << 20)
    block[::4096] = b"x" * len(block[::4096])
    assert probe.peak() >= 64 << 20


def _load_script(name: str):  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[2] / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_backend_test_plan_from_a_sample_config(tmp_path: Path) -> None:
    script = _load_script("run_backend_tests")
    sample = tmp_path / ".llorch-test.toml"
    sample.write_text("[backends]\ncpu = true\ncuda = true\nmetal = false\n[run]\nthreads = 2\n")
    plan = script.plan_backends(script.load_config(sample), {"CPU"})
    assert plan[0] == ("cpu", True, "enabled and built")
    assert plan[1][0:2] == ("cuda", False) and "no CUDA backend" in plan[1][2] and "GGML_CUDA=on" in plan[1][2]
    assert plan[2] == ("metal", False, "disabled in the test config")
    assert script.plan_backends(script.load_config(sample), {"CPU", "CUDA"})[1] == ("cuda", True, "enabled and built")
    bad = tmp_path / "bad.toml"
    bad.write_text("[backends]\nvulkan = true\n")
    with pytest.raises(SystemExit, match="unknown backend"):
        script.load_config(bad)


def test_example_test_config_parses() -> None:
    script = _load_script("run_backend_tests")
    example = Path(__file__).resolve().parents[2] / ".llorch-test.toml.example"
    plan = script.plan_backends(script.load_config(example), {"CPU"})
    assert [p[:2] for p in plan] == [("cpu", True), ("cuda", False), ("metal", False)]


@pytest.mark.starter
def test_real_short_bench_on_the_starter(starter_home: Path) -> None:
    llorch = shutil.which("llorch")
    assert llorch
    r = subprocess.run([llorch, "bench", "-p", "16", "-n", "4", "-r", "2", "--json"], capture_output=True, text=True,
                       timeout=600, env=os.environ.copy())
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [x["test"] for x in data["results"]] == ["pp16", "tg4"]
    for x in data["results"]:
        assert x["tps_mean"] > 0 and len(x["samples"]) == 2 and x["peak_rss_bytes"] > 100 << 20
        assert x["size"] > 200 << 20 and x["model"] == "qwen-0.5b"
    assert "CPU" in data["hardware"]["backends"]
    hist = subprocess.run([llorch, "bench", "history"], capture_output=True, text=True, env=os.environ.copy())
    assert hist.stdout.startswith(f"#{data['id']}") and "[pp16, tg4]" in hist.stdout
    cmp = subprocess.run([llorch, "bench", "compare", str(data["id"]), str(data["id"])], capture_output=True, text=True,
                         env=os.environ.copy())
    assert cmp.returncode == 0 and "+0.0%" in cmp.stdout
    csv_out = subprocess.run([llorch, "bench", "show", str(data["id"]), "--csv"], capture_output=True, text=True,
                             env=os.environ.copy())
    assert len(list(csv.DictReader(io.StringIO(csv_out.stdout)))) == 2


def test_chat_scenario_measures_real_turns() -> None:
    from llorch.bench.runner import CHAT_PROMPTS, run_chat_scenario

    fb = FakeBackend(name="m")
    (result,) = run_chat_scenario([CFG], open_model=lambda c, n: fb, reps=2, max_tokens=8)
    assert result.test.name == "chat turn" and len(result.samples) == 2 * len(CHAT_PROMPTS)
    assert [r.messages[-1].content for r in fb.history] == list(CHAT_PROMPTS) * 2
    assert all(r.sampling.max_tokens == 8 for r in fb.history)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-ctv", "q8_0"], "needs flash attention"),
        (["--pg", "512"], "--pg takes PP,TG"),
        (["-p", "0", "-n", "0"], "no tests"),
        # a test with no name and 0 t/s ran, and was saved
        (["--pg", "0,0", "-p", "0", "-n", "0"], "--pg 0,0 measures nothing: give PP and/or TG greater than 0"),
        (["--scenario", "race"], "unknown scenario"),
        # refused before any token is decoded, saying why the context is smaller than asked
        (["-p", "100000", "-n", "0"], "capped at the 4,096 tokens it was trained on"),
        # every test is checked before the first runs: pp10 is not timed and then the run thrown away
        (["-p", "10,100000", "-n", "0"], "pp100000 needs 100,000 tokens of context (depth + -p + -n) but "),
    ],
)
def test_bench_bad_options_are_one_line_errors(args: list[str], message: str, tiny_model: Path) -> None:
    llorch = shutil.which("llorch")
    assert llorch
    r = subprocess.run([llorch, "bench", "-m", str(tiny_model), *args], capture_output=True, text=True, env=os.environ.copy())
    assert r.returncode == 1 and r.stderr.startswith("Error: ") and message in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["-t", "two"], "--threads takes comma-separated integers"),
    (["--repack", "0,2"], "--repack takes 0 (off) and/or 1 (on), comma-separated, got '0,2'"),
    (["-fa", "3"], "--flash-attn takes 0 (off) and/or 1 (on)"),
    (["-p", "1,,2"], "--n-prompt takes comma-separated integers, got '1,,2'"),  # (was taken)
    (["-b", "0"], "--batch-size takes comma-separated integers >= 1"),  # (llama.cpp's error, after the load)
    (["-ub", "0,512"], "--ubatch-size takes comma-separated integers >= 1"),
    (["--limit", "3"], "--limit goes with --consensus"),  # (a whole default benchmark ran)
])
def test_bench_bad_option_values_are_usage_errors(args: list[str], message: str, tiny_model: Path) -> None:
    llorch = shutil.which("llorch")
    assert llorch
    r = subprocess.run([llorch, "bench", "-m", str(tiny_model), *args], capture_output=True, text=True, env=os.environ.copy())
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr, r.stderr


@pytest.mark.parametrize("tune", [False, True])
def test_a_thread_count_the_engine_refuses_is_refused_before_anything_runs(monkeypatch: pytest.MonkeyPatch,
                                                                        tiny_model: Path, tune: bool) -> None:
    """With the engine's own rule and words. Only a context checked it: a plain bench failed after printing the
    hardware lines and loading the model, and `--tune -t 999` ran the whole search, every candidate failing."""
    from support import invoke_main

    from llorch.cli import _common
    from llorch.engine.llama import check_threads
    from llorch.errors import ConfigError

    def loads(*args: Any) -> Any:
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(_common, "open_backend", loads)
    with pytest.raises(ConfigError) as engine:
        check_threads(100_000, "--threads")
    r = invoke_main(["bench", "-m", str(tiny_model), "-t", "1,100000", "-p", "8", "-n", "2", "-r", "1",
                     *(["--tune", "--budget", "30"] if tune else [])])
    assert r.exit_code == 1, r.output
    assert r.stdout == "" and r.stderr == f"Error: {engine.value}\n"
    assert "is more threads than this machine can use" in r.stderr


def test_bench_refuses_a_context_past_memory_before_any_test_runs(tiny_model: Path) -> None:
    """Past the trained context (allowed by engine.ctx_over_train), a KV cache larger than the machine's memory is
    refused up front, naming the test and the options to lower; no run is saved."""
    llorch = shutil.which("llorch")
    assert llorch
    env = os.environ.copy()
    subprocess.run([llorch, "config", "set", "engine.ctx_over_train", "true"], check=True, capture_output=True, env=env)
    r = subprocess.run([llorch, "bench", "-m", str(tiny_model), "-p", "8,1000000000000", "-n", "0"],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 1 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("Error: pp1000000000000 on ") and "of memory is available; lower -p, -n or -d" in r.stderr
    history = subprocess.run([llorch, "bench", "history"], capture_output=True, text=True, env=env)
    assert "pp8" not in history.stdout


# --- --parallel -------------------------------------------------------------------------


def test_parallel_runs_b_streams_at_once_and_times_them_like_batched_bench() -> None:
    from llorch.bench.parallel import run_parallel
    from llorch.orchestra.fake import fake_worker

    opened: list[tuple[int, int]] = []

    def open_worker(slots: int, per_slot: int, total: int):  # type: ignore[no-untyped-def]
        opened.append((slots, per_slot, total))
        return fake_worker(n_seq=slots, n_ctx=slots * per_slot, unified=False, n_batch=512, vocab=300)

    results = run_parallel(open_worker, model="fake", batches=[1, 4, 8], pp=32, tg=16, reps=2)
    assert opened == [(8, 48 + 64, 8 * 48 + 256)]  # one worker, a slot per stream, room for every stream
    assert [(r.b, r.n_kv, r.reps) for r in results] == [(1, 48, 2), (4, 192, 2), (8, 384, 2)]
    for r in results:
        assert r.t_pp > 0 and r.t_tg > 0 and r.t >= r.t_pp + r.t_tg * 0.999
        assert r.s_pp == pytest.approx(r.b * 32 / r.t_pp) and r.s == pytest.approx(r.b * 48 / r.t)
        assert 0 < r.s_tg and r.stream_tg > 0


def test_bench_parallel_cli_prints_and_saves_the_rows(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    from support import invoke_main

    from llorch.cli import _common
    from llorch.orchestra.fake import fake_worker

    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: fake_worker(
        n_seq=options.slots, n_ctx=options.n_ctx * options.slots, unified=False, n_batch=options.n_batch, vocab=300))
    r = invoke_main(["bench", "-m", str(tiny_model), "--parallel", "1,2", "-p", "16", "-n", "8", "-r", "1", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [(p["b"], p["pp"], p["tg"], p["n_kv"]) for p in data["parallel"]] == [(1, 16, 8, 24), (2, 16, 8, 48)]
    history = invoke_main(["bench", "history"])
    assert "[parallel pp16+tg8 B=1,2]" in history.stdout
    r = invoke_main(["bench", "-m", str(tiny_model), "--parallel", "0"])
    assert r.exit_code == 1 and "--parallel takes stream counts from 1 to 64" in r.stderr


def test_the_table_fits_the_terminal_and_json_keeps_every_column(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    from support import invoke_main

    from llorch.bench.report import COLUMNS
    from llorch.cli import _common

    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: FakeBackend(name=name))
    assert invoke_main(["config", "set", "aliases.tiny", str(tiny_model)]).exit_code == 0
    sweep_args = ["bench", "-m", "tiny", "-p", "16", "-n", "4", "-r", "1", "-t", "1,2", "-fa", "0,1"]
    monkeypatch.setenv("COLUMNS", "80")
    r = invoke_main(sweep_args)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, r.stdout
    header = next(line for line in lines if "t/s" in line)
    assert all(col in header for col in ("threads", "fa", "test", "t/s"))  # what tells the rows apart stays
    assert sum("8000.00 ± 0.00" in line for line in lines) == 4 and sum("2000.00 ± 0.00" in line for line in lines) == 4
    shared = " ".join(r.stdout[r.stdout.index("every row: "):].split())  # the line wraps to the width
    assert "model tiny" in shared and "type_k f16" in shared and "n_batch" in shared  # said once, not per row
    run_id = int(invoke_main(["bench", "history"]).stdout.split()[0].lstrip("#"))
    shown = invoke_main(["bench", "show", str(run_id)])
    assert shown.exit_code == 0 and max(len(line) for line in shown.stdout.splitlines()) <= 80
    data = json.loads(invoke_main(["bench", "show", str(run_id), "--json"]).stdout)
    assert len(data["results"]) == 8 and {"n_batch", "type_k", "peak_rss_bytes", "joules_per_token"} <= set(data["results"][0])
    monkeypatch.setenv("COLUMNS", "200")
    wide = invoke_main(["bench", "show", str(run_id)]).stdout
    assert all(col in wide for col in COLUMNS) and "every row" not in wide  # wide enough: the whole table
    monkeypatch.delenv("COLUMNS")
    piped = invoke_main(["bench", "show", str(run_id)]).stdout  # no terminal, no COLUMNS: nothing is cut
    assert all(col in piped for col in COLUMNS) and max(len(line) for line in piped.splitlines()) > 80


def test_the_parallel_table_fits_the_terminal(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    """64 columns, not 80: with the fake worker's near-zero timings, the columns that come out the same in
    every row move to the line under the table, and what was left fitted 80 columns on some runs."""
    from support import invoke_main

    from llorch.cli import _common
    from llorch.orchestra.fake import fake_worker

    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: fake_worker(
        n_seq=options.slots, n_ctx=options.n_ctx * options.slots, unified=False, n_batch=options.n_batch, vocab=300))
    monkeypatch.setenv("COLUMNS", "64")
    r = invoke_main(["bench", "-m", str(tiny_model), "--parallel", "1,2", "-p", "16", "-n", "8", "-r", "1"])
    assert r.exit_code == 0, r.output
    assert max(len(line) for line in r.stdout.splitlines()) <= 64, r.stdout
    header = next(line for line in r.stdout.splitlines() if "S_TG t/s" in line)
    assert " B " in header and "left out to fit 64 columns: " in r.stdout
    assert "(--json or --csv has every column)" in " ".join(r.stdout.split())  # the note may wrap


def test_repack_sweeps_like_llama_benchs_and_shows_its_column_only_when_off(monkeypatch: pytest.MonkeyPatch,
                                                                          tiny_model: Path) -> None:
    """`--repack 1,0` (llama-bench's flag) loads the model each way; the table gains a `repack` column only when a
    row has the weights as stored, and `bench compare` tells the two apart."""
    from support import invoke_main

    from llorch.cli import _common

    loaded: list[bool] = []

    def fake(path: Path, options: Any, name: str) -> FakeBackend:
        loaded.append(options.repack)
        return FakeBackend(name=name)

    monkeypatch.setattr(_common, "open_backend", fake)
    base = ["bench", "-m", str(tiny_model), "-p", "16", "-n", "0", "-r", "1"]
    r = invoke_main([*base, "--repack", "1,0", "--json"])
    assert r.exit_code == 0, r.output
    assert [row["repack"] for row in json.loads(r.stdout)["results"]] == [1, 0] and loaded == [True, False]
    run_id = invoke_main(["bench", "history"]).stdout.split()[0].lstrip("#")
    assert "repack" in invoke_main(["bench", "show", run_id, "--markdown"]).stdout.splitlines()[0]
    assert "repack0" in invoke_main(["bench", "compare", run_id, run_id]).stdout
    plain = invoke_main([*base, "--markdown"])
    assert plain.exit_code == 0 and "repack" not in plain.stdout and loaded[-1] is True  # engine.repack's default
    assert invoke_main(["config", "set", "engine.repack", "false"]).exit_code == 0
    assert invoke_main([*base, "--json"]).exit_code == 0 and loaded[-1] is False


def test_ctrl_c_while_measuring_says_interrupted_and_saves_nothing(monkeypatch: pytest.MonkeyPatch,
                                                                  tiny_model: Path) -> None:
    """Plain `bench` ended on Ctrl-C with exit 130 and not a word (every other command says "Interrupted.")."""
    from support import invoke_main

    from llorch.bench import runner

    def stopped(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "run_bench", stopped)
    r = invoke_main(["bench", "-m", str(tiny_model), "-p", "8", "-n", "2", "-r", "1"])
    assert r.exit_code == 130 and r.stderr.endswith("\nInterrupted.\n")
    assert invoke_main(["bench", "history"]).output.startswith("no saved runs yet")
