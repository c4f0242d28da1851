"""`llorch top --once` / `--json` for scripts, through the real entry point, on what a real Runtime
(fake engine, real store) publishes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import invoke_main

from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.runtime import Runtime


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


def test_with_nothing_running_it_says_so_and_writes_nothing() -> None:
    r = invoke_main(["top", "--once"])
    assert r.exit_code == 0 and r.stdout == "No llorch process is running.\n"
    assert invoke_main(["top"]).stdout == r.stdout  # without a terminal: once, as --once
    data = json.loads(invoke_main(["top", "--json"]).stdout)
    assert data["processes"] == [] and data["breakers"] == [] and data["recent"] == []
    assert not (resolve_paths().data_dir / "llorch.db").exists()  # watching creates no database


def test_once_and_json_show_a_running_process_its_models_and_last_requests(model_file: Path) -> None:
    paths = resolve_paths()
    rt = Runtime(paths, load_config(paths), open_model=lambda p, o, n: FakeBackend(["a b c"] * 3, name="m"))
    try:
        rt.start_housekeeping(command="llorch serve")
        for _ in range(2):
            list(rt.ask("hi", model=str(model_file)))
        rt.housekeep()
        out = invoke_main(["top", "--once"]).stdout
        lines = out.splitlines()
        assert lines[0].split() == ["PID", "COMMAND", "UP", "MEMORY", "MODELS"]
        assert lines[1].split()[:3] == [str(os.getpid()), "llorch", "serve"]
        model_row = next(line for line in lines if line.startswith(str(model_file)))
        assert model_row.split()[1:5] == [str(os.getpid()), "1", "0/1", "0"] and "closed" in model_row
        assert any(line.split()[:1] == ["ENDED"] for line in lines)
        assert sum(1 for line in lines if str(model_file) in line and line.rstrip().endswith("stop")) == 2
        (proc,) = json.loads(invoke_main(["top", "--json"]).stdout)["processes"]
        (model,) = proc["models"]
        assert proc["pid"] == os.getpid() and proc["command"] == "llorch serve" and not proc["stale"]
        assert model["model"] == str(model_file) and model["requests"] == 2 and model["breaker"] == "closed"
    finally:
        rt.close()
    assert invoke_main(["top", "--once"]).stdout == "No llorch process is running.\n"


def test_a_breaker_held_open_is_listed_even_with_nothing_running() -> None:
    assert invoke_main(["breakers", "open", "qwen-1.5b"]).exit_code == 0
    out = invoke_main(["top", "--once"]).stdout.splitlines()
    assert out[0] == "No llorch process is running."
    assert out[-1].split()[:2] == ["qwen-1.5b", "forced_open"] and "when closed by hand" in out[-1]
    (breaker,) = json.loads(invoke_main(["top", "--json"]).stdout)["breakers"]
    assert breaker["state"] == "forced_open" and breaker["retry_in_s"] is None  # strict JSON: no Infinity


def test_a_bad_interval_is_a_usage_error() -> None:
    r = invoke_main(["top", "--interval", "0"])
    assert r.exit_code == 2 and "--interval" in r.stderr
