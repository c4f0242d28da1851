"""`llorch models`, `llorch config` and `llorch info` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from llorch.cli.main import app


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


def test_config_path_follows_llorch_home(llorch_home: Path) -> None:
    result = invoke("config", "path")
    assert result.exit_code == 0
    assert f"config  {llorch_home / 'config' / 'config.toml'}" in result.stdout
    assert f"models  {llorch_home / 'cache' / 'models'}" in result.stdout


def test_config_set_get_unset(llorch_home: Path) -> None:
    assert invoke("config", "set", "sampling.temperature", "0.3").stdout == "sampling.temperature = 0.3\n"
    assert invoke("config", "get", "sampling.temperature").stdout == "0.3\n"
    listing = invoke("config", "get").stdout
    assert "sampling.temperature = 0.3    #" in listing and "engine.n_ctx = 4096  (default)" in listing
    assert invoke("config", "unset", "sampling.temperature").exit_code == 0
    assert invoke("config", "get", "sampling.temperature").stdout == "0.8\n"


def test_config_set_writes_through_a_link_to_ones_dotfiles(llorch_home: Path, tmp_path: Path) -> None:
    """(The rename put a plain file in the link's place: the dotfiles' copy never changed.)"""
    kept = tmp_path / "dotfiles" / "llorch.toml"
    kept.parent.mkdir()
    kept.write_text('default_profile = "dev"\n')
    link = llorch_home / "config" / "config.toml"
    link.parent.mkdir(parents=True)
    link.symlink_to(kept)
    assert invoke("config", "set", "engine.n_ctx", "2048").exit_code == 0
    assert link.is_symlink() and link.resolve() == kept
    assert "n_ctx = 2048" in kept.read_text() and 'default_profile = "dev"' in kept.read_text()


def test_config_rejects_unknown_key_and_bad_value(llorch_home: Path) -> None:
    r = invoke("config", "set", "engine.nctx", "5")
    assert r.exit_code == 1 and isinstance(r.exception, Exception) and "unknown config key 'engine.nctx'" in str(r.exception)
    r = invoke("config", "set", "engine.n_ctx", "lots")
    assert r.exit_code == 1 and "'engine.n_ctx' must be an integer from 0 to 2147483647, got 'lots'" in str(r.exception)
    assert not (llorch_home / "config" / "config.toml").exists()


def test_models_show_and_json(tiny_chat_model: Path) -> None:
    r = invoke("models", "show", str(tiny_chat_model))
    assert r.exit_code == 0
    assert "architecture:   llama" in r.stdout and "chat template:  yes" in r.stdout
    data = json.loads(invoke("models", "show", "--json", str(tiny_chat_model)).stdout)
    assert data["context_length"] == 4096 and data["chat_template"] is True and data["quantization"] == "ALL_F32"
    assert "<|assistant|>" in invoke("models", "show", "--template", str(tiny_chat_model)).stdout


def test_models_list_shows_aliases_and_unassembled_starter(tiny_model: Path) -> None:
    invoke("config", "set", "aliases.tiny", str(tiny_model))
    data = {row["name"]: row for row in json.loads(invoke("models", "list", "--json").stdout)}
    assert data["qwen-0.5b"]["path"] is None
    assert data["qwen-0.5b"]["note"] == "Qwen2.5-Coder-0.5B-Instruct (Q5_0), the fast model (also starter); assembled on first use"
    assert data["qwen-1.5b"]["path"] is None
    assert data["qwen-1.5b"]["note"] == "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M), the default model; assembled on first use"
    assert list(data)[:3] == ["qwen-1.5b", "qwen-0.5b", "gemma-3-270m"]
    assert data["gemma-3-270m"]["path"] is None and data["gemma-3-270m"]["note"].endswith("a base model; assembled on first use")
    assert data["tiny"]["path"] == str(tiny_model) and data["tiny"]["source"] == "alias"


def test_models_pull_refuses_plain_paths(tiny_model: Path) -> None:
    r = invoke("models", "pull", str(tiny_model))
    assert r.exit_code == 1 and "cannot be pulled" in str(r.exception)


def test_info_reports_cpu_backend() -> None:
    r = invoke("info", "--json")
    data = json.loads(r.stdout)
    assert "CPU" in data["backends"]
    assert data["gpu_offload"] == any(d["kind"] in ("gpu", "igpu") for d in data["devices"])
    assert data["physical_cores"] >= 1


def test_per_model_worker_settings_and_pool_keys(llorch_home: Path) -> None:
    assert invoke("config", "set", "workers.starter.instances", "2").exit_code == 0
    assert invoke("config", "get", "workers.starter.instances").stdout == "2\n"
    assert invoke("config", "get", "workers.starter.slots").stdout == "0\n"  # engine.slots until set
    assert "workers.starter.instances = 2" in invoke("config", "get").stdout
    r = invoke("config", "set", "workers.starter.colour", "red")
    assert r.exit_code == 1 and "'workers.starter.colour' is not a per-model setting" in str(r.exception)
    r = invoke("config", "set", "pool.keep_alive", "soon")
    assert r.exit_code == 1 and "'pool.keep_alive' must be a duration such as \"5m\"" in str(r.exception)
    assert invoke("config", "set", "pool.keep_alive", "1h30m").exit_code == 0
    from llorch.config import load_config, resolve_paths

    config = load_config(resolve_paths())
    assert config.keep_alive_s() == 5400.0 and config.instances("starter") == 2 and config.instances("other") == 1
