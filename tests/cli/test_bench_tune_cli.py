"""`llorch bench --tune`: on the tiny model through the real engine, and with fake measures (above the
engine) where the winner must be known: --write, the canonical table name, Ctrl-C, bad options."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import invoke_main

from llorch.bench.tune import Sample, Setting
from llorch.config import resolve_paths

SMALL_GRID = ["-t", "1", "-fa", "0,1", "-ctk", "f16", "-ctv", "f16", "-b", "512", "-ub", "512", "--repack", "1",
              "--parallel", "1,2"]
CONFIG = "# mine\n[engine]\nthreads = 1   # one core: fast on a busy machine\n"


def _config() -> Path:
    path = resolve_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONFIG)
    return path


def test_tune_on_the_tiny_model_prints_the_table_and_writes_nothing(tiny_model: Path) -> None:
    config = _config()
    args = ["bench", "--tune", "-m", str(tiny_model), "--budget", "120", "-p", "16", "-n", "4", "-r", "2", *SMALL_GRID]
    r = invoke_main([*args, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    single, batched = data["workloads"]
    assert {row["label"] for row in single["rows"]} == {"defaults", "fa on"}
    # The batched search varies the slots (4: what engine.slots = 0 gives serve and bulk runs) from the
    # single-stream winner, which real timings decide.
    start = single["winner"]["setting"] if single["winner"] else single["default"]
    assert {row["setting"]["slots"] for row in batched["rows"]} == {1, 2, 4}
    assert all(row["setting"] | {"slots": 4} == start for row in batched["rows"] if row["setting"] != batched["default"])
    assert all(row["n"] >= 1 and row["mean"] > 0 for row in single["rows"])  # the other may be dropped: real timings
    assert next(row for row in single["rows"] if row["label"] == "defaults")["n"] == 2  # -r 2: the finalists' samples
    assert all(row["pp"] is None and row["tg"] > 0 for row in batched["rows"] if row["n"])
    assert single["default"]["threads"] == 1 and batched["default"]["slots"] == 4
    assert not data["interrupted"] and not data["written"] and data["table"] == str(tiny_model)
    assert config.read_text() == CONFIG
    r = invoke_main(args)
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "single stream: pp 16 + tg 4, one sequence" in out and "batched: 4 requests at once, each pp 16 + tg 4" in out
    assert "pp+tg t/s" in out and "all streams tg t/s" in out and " ± " in out
    assert "\nsingle stream: " in out and "\nbatched: " in out
    assert "nothing to write" in out or "--write would add to" in out
    assert config.read_text() == CONFIG
    history = invoke_main(["bench", "history"]).stdout
    assert history.count("[tune pp16+tg4") == 2
    run_id = history.split()[0].lstrip("#")
    shown = invoke_main(["bench", "show", run_id])
    assert shown.exit_code == 0 and "single stream: pp 16 + tg 4" in shown.stdout
    assert json.loads(invoke_main(["bench", "show", run_id, "--json"]).stdout)["workloads"][0]["name"] == "single"


def _fakes(monkeypatch: pytest.MonkeyPatch, single: Callable[[Setting], float], batched: Callable[[Setting], float],
           interrupt_at: int = 0) -> list[Setting]:
    """Measures whose scores are known: `single(setting)` / `batched(setting)`, +-1 alternately (a spread)."""
    from llorch.bench import tune_measure

    seen: list[Setting] = []
    count = [0]

    def make(score: Callable[[Setting], float]) -> Callable[..., Callable[[Setting], Iterator[Sample]]]:
        def factory(open_model: Any, **_: Any) -> Callable[[Setting], Iterator[Sample]]:
            def measure(setting: Setting) -> Iterator[Sample]:
                seen.append(setting)
                k = 0
                while True:
                    count[0] += 1
                    if count[0] == interrupt_at:
                        raise KeyboardInterrupt
                    k += 1
                    value = score(setting) + (1 if k % 2 else -1)
                    yield Sample(score=value, tg=value / 2, pp=value * 4)
            return measure
        return factory

    monkeypatch.setattr(tune_measure, "single_stream", make(single))
    monkeypatch.setattr(tune_measure, "batched", make(batched))
    return seen


@pytest.fixture
def starter_is_tiny(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    """`-m starter` finds the tiny file (the measures are fakes: only its name matters)."""
    import llorch.models
    from llorch.models.registry import ResolvedModel

    monkeypatch.setattr(llorch.models, "resolve_model", lambda ref, paths, config, **_: ResolvedModel(ref, tiny_model, "starter"))


def test_write_puts_the_winner_under_the_canonical_name_and_keeps_the_rest(monkeypatch: pytest.MonkeyPatch,
                                                                          starter_is_tiny: None) -> None:
    """The batched winner's slots are shown as the serve / bulk options, never written: run and chat read
    [workers."MODEL"] too, and `slots = 2` there gave every one-shot question two KV caches."""
    config = _config()
    _fakes(monkeypatch, lambda s: 200.0 if s.flash_attn else 100.0, lambda s: 300.0 if s.slots == 2 else 100.0)
    args = ["bench", "--tune", "-m", "starter", "--budget", "600", "-r", "3", *SMALL_GRID]
    r = invoke_main(args)
    assert r.exit_code == 0, r.output
    # The fakes' samples are score+1, score-1, score+1: 3 reps make a mean of score + 1/3.
    assert "single stream: winner fa on: 200.33 ± 1.15 t/s, +99.7% over the defaults (100.33 ± 1.15)" in r.stdout
    assert "batched: winner fa on, slots 2: 300.33 ± 1.15 t/s" in r.stdout
    serve = ("batched: for many requests at once use `llorch serve --slots 2` or `llorch run --each-line --parallel "
             "2`; not written to config.toml, where run and chat would each hold 2 KV caches for one question")
    assert serve in " ".join(r.stdout.split())
    assert '--write would add to' in r.stdout and '[workers."qwen-0.5b"]\nflash_attn = true\n' in r.stdout
    assert "slots =" not in r.stdout
    assert config.read_text() == CONFIG  # without --write nothing is written
    r = invoke_main([*args, "--write", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["written"] and data["changes"] == {"flash_attn": True} and data["batched_slots"] == 2
    assert config.read_text() == CONFIG + '\n[workers."qwen-0.5b"]\nflash_attn = true\n'
    # Tuned again: the written settings are now the defaults (the table reaches `starter` too), so nothing changes.
    r = invoke_main([*args, "--write"])
    assert r.exit_code == 0, r.output
    assert "single stream: keeping defaults: they were the fastest measured" in r.stdout
    assert "nothing to write" in r.stdout and serve in " ".join(r.stdout.split())
    assert config.read_text().count("[workers.") == 1


def test_a_path_is_written_under_its_absolute_path(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    """`-m ./tiny.gguf` was saved as [workers."./tiny.gguf"]: it applied only to that spelling, and from any
    folder to whatever file had that name there."""
    config = _config()
    monkeypatch.chdir(tiny_model.parent)
    _fakes(monkeypatch, lambda s: 200.0 if s.flash_attn else 100.0, lambda s: 100.0)
    args = ["bench", "--tune", "-m", f"./{tiny_model.name}", "--budget", "600", "-r", "3", "--write", *SMALL_GRID]
    r = invoke_main([*args, "--json"])
    assert r.exit_code == 0, r.output
    absolute = str(tiny_model.resolve())
    assert json.loads(r.stdout)["table"] == absolute
    assert config.read_text() == CONFIG + f'\n[workers.{json.dumps(absolute)}]\nflash_attn = true\n'
    # Tuned again by the same spelling: it starts from what was written, so nothing changes.
    r = invoke_main(args)
    assert r.exit_code == 0, r.output
    assert "nothing to write" in r.stdout and config.read_text().count("[workers.") == 1


def test_a_thread_count_is_written_once(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    config = _config()
    _fakes(monkeypatch, lambda s: 300.0 if s.threads == 2 else 100.0, lambda s: 100.0)
    grid = ["-t", "1,2", "-fa", "0", "-ctk", "f16", "-ctv", "f16", "-b", "512", "-ub", "512", "--parallel", "4"]
    r = invoke_main(["bench", "--tune", "-m", str(tiny_model), "--budget", "600", "--write", "--json", *grid])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["changes"] == {"threads": 2} and data["written"]  # threads_batch 0 already means "as threads"
    assert config.read_text() == CONFIG + f'\n[workers.{json.dumps(str(tiny_model))}]\nthreads = 2\n'


def test_within_noise_the_defaults_stay_and_the_output_says_so(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    config = _config()
    _fakes(monkeypatch, lambda s: 100.5 if s.flash_attn else 100.0, lambda s: 100.0)
    r = invoke_main(["bench", "--tune", "-m", str(tiny_model), "--budget", "600", "--write", "--json", *SMALL_GRID])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["workloads"][0]["verdict"] == "keeping defaults: the difference is within noise"
    assert data["workloads"][0]["best"] == "fa on" and data["changes"] == {} and not data["written"]
    assert config.read_text() == CONFIG


def test_ctrl_c_prints_what_was_measured_writes_nothing_and_exits_130(monkeypatch: pytest.MonkeyPatch,
                                                                     tiny_model: Path) -> None:
    config = _config()
    seen = _fakes(monkeypatch, lambda s: 200.0 if s.flash_attn else 100.0, lambda s: 100.0, interrupt_at=4)
    r = invoke_main(["bench", "--tune", "-m", str(tiny_model), "--budget", "600", "--write", *SMALL_GRID])
    assert r.exit_code == 130, r.output
    assert "single stream: pp 256 + tg 64" in r.stdout and "fa on" in r.stdout and "batched" not in r.stdout
    assert "interrupted: these are the figures measured until then" in r.stdout and "Interrupted." in r.stderr
    assert config.read_text() == CONFIG and len(seen) == 2
    assert "(interrupted)" in invoke_main(["bench", "history"]).stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--write"], 2, "--write and --budget go with --tune"),
        (["--budget", "10"], 2, "--write and --budget go with --tune"),
        (["--tune", "-m", "x", "-m", "y"], 1, "one model at a time"),
        (["--tune", "--pool", "1x1"], 1, "--tune does not go with --pool"),
        (["--tune", "--csv"], 1, "--tune does not go with --csv"),
        (["--tune", "-ctv", "q8_0", "-fa", "0"], 1, "a quantized V cache needs flash attention"),
        (["--tune", "-p", "0"], 1, "give -p and -n greater than 0"),
        (["--tune", "--parallel", "0"], 1, "slot counts from 1 to 64"),
    ],
)
def test_bad_tune_options_are_one_line_errors(args: list[str], code: int, message: str, tiny_model: Path) -> None:
    config = _config()
    full = ["bench", *args] if "-m" in args else ["bench", "-m", str(tiny_model), *args]
    r = invoke_main(full)
    assert r.exit_code == code, r.output
    assert message in r.stderr
    assert config.read_text() == CONFIG
