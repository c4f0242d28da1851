from __future__ import annotations

import os
from pathlib import Path

import pytest

from llorch.config import Paths, load_config, parse_value, resolve_paths, save_value
from llorch.errors import ConfigError


def test_llorch_home_moves_every_dir(tmp_path: Path) -> None:
    p = resolve_paths({"LLORCH_HOME": str(tmp_path / "h")})
    assert p.config_file == tmp_path / "h" / "config" / "config.toml"
    assert p.data_dir == tmp_path / "h" / "data"
    assert p.models_dir == tmp_path / "h" / "cache" / "models"


def test_platform_dirs_without_llorch_home(tmp_path: Path) -> None:
    p = resolve_paths({})
    assert "llorch" in str(p.config_dir) and "llorch" in str(p.cache_dir)


def test_missing_file_gives_defaults() -> None:
    cfg = load_config(resolve_paths())
    assert cfg.default_model == "qwen-1.5b"
    assert cfg.engine_options().n_ctx == 4096
    assert cfg.sampling().seed is None


def test_values_are_read_and_validated(tmp_path: Path) -> None:
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(
        'default_model = "tiny"\n[engine]\nn_ctx = 1024\nn_gpu_layers = "all"\n'
        '[sampling]\ntemperature = 0\nseed = 7\n[aliases]\ntiny = "/m/tiny.gguf"\n'
    )
    cfg = load_config(paths)
    assert cfg.default_model == "tiny"
    assert cfg.engine_options().n_ctx == 1024
    assert cfg.engine_options().n_gpu_layers == "all"
    assert cfg.sampling().temperature == 0.0
    assert cfg.sampling().seed == 7
    assert cfg.aliases == {"tiny": "/m/tiny.gguf"}


def test_a_models_own_sampling_sits_under_what_config_toml_sets() -> None:
    from llorch.models.starter import bundled_sampling

    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("[sampling]\ntop_k = 5\n")
    cfg = load_config(paths)
    qwen = cfg.sampling(bundled_sampling("qwen-1.5b"))
    assert (qwen.temperature, qwen.top_p, qwen.repeat_penalty) == (0.7, 0.8, 1.1)  # Qwen's published settings
    assert qwen.top_k == 5  # the user's config wins over the model's 20
    assert cfg.sampling(bundled_sampling("starter")) == qwen  # the fast model, by its old name: the same family
    assert cfg.sampling(bundled_sampling("gemma-3-270m")).temperature == 1.0
    assert cfg.sampling(bundled_sampling("/some/file.gguf")) == cfg.sampling()  # others: llorch's defaults
    assert cfg.sampling().temperature == 0.8


def test_unknown_key_names_file_and_key() -> None:
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("[engine]\nn_ctxx = 5\n")
    with pytest.raises(ConfigError) as exc:
        load_config(paths)
    assert "engine.n_ctxx" in str(exc.value) and str(paths.config_file) in str(exc.value)


def test_bad_value_says_what_was_expected() -> None:
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("[sampling]\ntop_p = 3.0\n")
    with pytest.raises(ConfigError, match=r"'sampling.top_p' must be a number from 0 to 1, got 3.0"):
        load_config(paths)


def test_invalid_toml_is_a_config_error() -> None:
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text("[engine\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(paths)


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("engine.n_gpu_layers", "auto", "auto"),
        ("engine.n_gpu_layers", "12", 12),
        ("engine.flash_attn", "on", True),
        ("engine.cache_type_k", "Q8_0", "q8_0"),
        ("sampling.temperature", "0.2", 0.2),
        ("engine.speculative", "NGRAM", "ngram"),
        ("engine.speculative", "draft:qwen-0.5b", "draft:qwen-0.5b"),
        ("workers.starter.speculative", "off", "off"),
    ],
)
def test_parse_value_from_strings(key: str, raw: str, expected: object) -> None:
    assert parse_value(key, raw) == expected


@pytest.mark.parametrize(("key", "raw"), [("engine.n_gpu_layers", "many"), ("engine.n_ctx", "-1"), ("engine.flash_attn", "maybe"),
                                          ("engine.speculative", "on"), ("engine.speculative", "draft:")])
def test_parse_value_rejects(key: str, raw: str) -> None:
    with pytest.raises(ConfigError):
        parse_value(key, raw)


def test_set_then_unset_round_trip() -> None:
    paths = resolve_paths()
    assert save_value(paths, "engine.n_ctx", "2048") == 2048
    save_value(paths, "aliases.mine", "/tmp/x.gguf")
    cfg = load_config(paths)
    assert cfg.get("engine.n_ctx") == 2048 and cfg.aliases["mine"] == "/tmp/x.gguf"
    save_value(paths, "engine.n_ctx", None)
    assert load_config(paths).get("engine.n_ctx") == 4096


def test_an_alias_name_with_dots_is_one_name_and_an_alias_must_name_a_model() -> None:
    paths = resolve_paths()
    save_value(paths, "aliases.qwen.small", "/tmp/x.gguf")  # written as [aliases.qwen] small = …, read as "qwen"
    assert load_config(paths).aliases == {"qwen.small": "/tmp/x.gguf"}
    save_value(paths, "aliases.qwen.small", None)
    assert load_config(paths).aliases == {}
    for text, said in [('[aliases]\na = {}\n', "'aliases.a' must be a model reference"),  # it vanished
                       ('[aliases.a]\nb = "/x.gguf"\n', "'aliases.a' must be a model reference"),
                       ('aliases = "x"\n', "aliases is a table")]:
        paths.config_file.write_text(text)
        with pytest.raises(ConfigError, match=said):
            load_config(paths)


def test_refused_write_leaves_old_file_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = resolve_paths()
    save_value(paths, "engine.n_ctx", "2048")
    before = paths.config_file.read_bytes()

    def refuse(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ConfigError, match="the disk is full; free some space and try again; config left unchanged"):
        save_value(paths, "engine.n_ctx", "1024")
    assert paths.config_file.read_bytes() == before
    assert [p.name for p in paths.config_dir.iterdir()] == ["config.toml"]


def test_paths_dataclass_is_frozen(tmp_path: Path) -> None:
    p = Paths(tmp_path, tmp_path, tmp_path)
    with pytest.raises(AttributeError):
        p.config_dir = tmp_path  # type: ignore[misc]


def test_each_table_is_parsed_once_per_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Config never changes after load: the breaker, limits and faults built from it are kept."""
    import llorch.config as config_module

    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text('faults = "m:error=0.5"\n[breaker]\nwait_seconds = 5\n[limits]\nttft_s = 9\n')
    parsed: list[str] = []
    real = config_module.parse_faults

    def counting(text: str, where: str) -> object:
        parsed.append(text)
        return real(text, where)

    monkeypatch.setattr(config_module, "parse_faults", counting)
    cfg = load_config(paths)
    assert cfg.breaker() is cfg.breaker() and cfg.breaker().wait_seconds == 5.0
    profile = cfg.breaker({"jitter": 0}, where="profile p [breaker]")
    assert profile is cfg.breaker({"jitter": 0}) and profile.jitter == 0.0 and profile.wait_seconds == 5.0
    assert cfg.breaker().jitter == 0.1  # the profile's table does not leak into the config's own
    assert cfg.call_limits() is cfg.call_limits() and cfg.call_limits().ttft_s == 9.0
    parsed.clear()
    first, second = cfg.faults({}), cfg.faults({})
    assert first == second and first["m"] is second["m"] and parsed == []  # checked once, at load
    env = {"LLORCH_FAULTS": "hang=1"}
    assert cfg.faults(env) == cfg.faults(env) and parsed == ["hang=1"]
    with pytest.raises(ConfigError, match="profile p \\[breaker\\]: 'jitter' must be a number from 0 to 1"):
        cfg.breaker({"jitter": 2}, where="profile p [breaker]")


def test_speculative_is_set_per_model_and_per_profile(tmp_path: Path) -> None:
    """config.toml's [engine], a model's [workers."REF"] table, then the active profile's [engine]."""
    from llorch.engine.fake import FakeBackend
    from llorch.profiles.schema import parse_profile
    from llorch.runtime import Runtime

    paths = resolve_paths()
    assert load_config(paths).engine_options().speculative == "auto"  # n-gram drafts, paused where they do not pay
    paths.config_dir.mkdir(parents=True)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    paths.config_file.write_text(f'[engine]\nspeculative = "off"\n[workers."{model}"]\nspeculative = "NGRAM"\n')
    config = load_config(paths)
    assert config.engine_options().speculative == "off" and config.get(f"workers.{model}.speculative") == "ngram"
    opened = []
    rt = Runtime(paths, config, open_model=lambda path, options, name: opened.append(options.speculative) or FakeBackend())
    rt.models.get(str(model))
    rt.models.evict(str(model))
    rt._use_profile(parse_profile({"models": {"chat": ["x"]}, "engine": {"speculative": "auto"}}, "p", name="p"))
    rt.models.get(str(model))
    rt.close()
    assert opened == ["ngram", "auto"]


def test_a_draft_model_that_cannot_be_found_is_refused_before_any_load(tmp_path: Path) -> None:
    from llorch.engine.types import EngineOptions
    from llorch.errors import ModelNotFoundError
    from llorch.runtime import open_worker

    def resolve(name: str) -> Path:
        raise ModelNotFoundError(f"no model named {name!r}")

    # The target file does not exist either: the draft's error comes first, before any load, as the setting's
    # (the model it drafts for is not at fault: its breaker must not open)
    with pytest.raises(ConfigError, match=r"model m: speculative = 'draft:small' \(engine.speculative\): no model "
                                          "named 'small'"):
        open_worker(tmp_path / "absent.gguf", EngineOptions(speculative="draft:small"), "m", resolve=resolve)
    with pytest.raises(ConfigError, match="model m: speculative = 'draft:small' needs a model catalog"):
        open_worker(tmp_path / "absent.gguf", EngineOptions(speculative="draft:small"), "m")


def test_a_paths_worker_table_applies_however_the_path_is_spelled(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`bench --tune --write -m ./m.gguf` writes [workers."<absolute path>"]: `-m ./m.gguf`, `-m m.gguf` and the
    absolute path all take it (the key matched one spelling only)."""
    (tmp_path / "m.gguf").write_bytes(b"GGUF")
    paths = resolve_paths()
    paths.config_dir.mkdir(parents=True)
    paths.config_file.write_text(f'[workers."{tmp_path / "m.gguf"}"]\nn_batch = 64\n[workers."./m.gguf"]\n'
                                 'threads = 3\n')
    monkeypatch.chdir(tmp_path)
    cfg = load_config(paths)
    assert cfg.worker_table("./m.gguf") == {"n_batch": 64, "threads": 3}  # the spelling's own table goes over it
    assert cfg.worker_table("m.gguf") == {"n_batch": 64}
    assert cfg.worker_table(str(tmp_path / "m.gguf")) == {"n_batch": 64}
    assert cfg.worker_table("qwen-0.5b") == {} and cfg.worker_table("hf:owner/repo:Q4_K_M") == {}
