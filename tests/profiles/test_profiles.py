"""Profiles: the built-ins, validation errors, user overrides, model choice along a chain, the model cache."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from llorch.config import Config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Sampling
from llorch.errors import ProfileError, ProfileNotFoundError
from llorch.orchestra.pool import Pool
from llorch.profiles import list_profiles, load_profile, load_profile_file, new_profile, parse_profile, user_profiles_dir
from llorch.profiles.loader import BUILTIN_DIR
from llorch.profiles.select import profile_resolver, select_model
from llorch.tools.registry import BUILTIN_TOOLS


def test_the_four_builtins_ship_and_validate() -> None:
    names = {p.stem for p in BUILTIN_DIR.glob("*.toml")}
    assert names == {"general", "dev", "productivity", "academic"}
    for name in names:
        profile = load_profile(name, resolve_paths())
        assert profile.description and profile.system_prompt
        assert profile.chain("chat") and all(ref.startswith("hf:") for ref in profile.chain("chat"))
        assert set(profile.tools.enabled) <= set(BUILTIN_TOOLS)
    assert "code" in load_profile("dev", resolve_paths()).tools.enabled
    assert load_profile("productivity", resolve_paths()).tools.can_write("calendar")
    assert not load_profile("general", resolve_paths()).tools.can_write("calendar")
    assert "citations" in load_profile("academic", resolve_paths()).tools.enabled


def test_permissions_read_write_and_allow() -> None:
    """"allow" writes without asking the user (scripts); "write" writes once the user agrees; "read" never."""
    tools = parse_profile({"models": {"chat": ["m"]}, "tools": {
        "enabled": ["calendar", "math", "notes.*"], "permissions": {"calendar": "allow", "math": "write", "notes.*": "allow"}}},
        "test", name="p").tools
    assert tools.can_write("calendar") and tools.writes_unasked("calendar")
    assert tools.can_write("math") and not tools.writes_unasked("math")
    assert tools.can_write("notes.write_note") and tools.writes_unasked("notes.write_note")  # the server's setting
    assert not tools.can_write("documents") and tools.permission("documents") == "read"


def test_tools_for_exact_steps_only_are_allowed_but_not_enabled() -> None:
    """dev offers its model code and math only (each tool on offer lengthens its decisions), yet a plain question
    of a hash or a version goes to its tool."""
    tools = load_profile("dev", resolve_paths()).tools
    assert tools.enabled == ("code", "math") and {"encode", "version", "regex"} <= set(tools.exact)
    assert tools.allows("encode") and not tools.can_write("encode")
    assert tools.exact_tools[:2] == ("code", "math") and "encode" in tools.exact_tools
    assert not tools.allows("calendar")


def test_a_role_the_profile_lacks_uses_its_chat_models() -> None:
    dev = load_profile("dev", resolve_paths())
    assert dev.chain("summarize") == dev.chain("chat")
    assert dev.chain("code")[0].startswith("hf:Qwen/Qwen2.5-Coder")


GOOD = {"models": {"chat": ["starter"]}}


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ({"modles": {}}, "unknown key 'modles'"),
        ({}, "[models] needs a 'chat' role"),
        ({"models": {"chat": "starter"}}, "'models.chat' must be a list of non-empty strings"),
        ({"models": {"chat": []}}, "'models.chat' must be a list of non-empty strings"),
        ({"models": {"Chat!": ["x"]}, }, "role 'Chat!' in [models] must be a lower-case word"),
        (GOOD | {"sampling": {"temperature": "hot"}}, "'sampling.temperature' must be a number >= 0, got 'hot'"),
        (GOOD | {"sampling": {"temprature": 1}}, "unknown key 'sampling.temprature' (known: temperature"),
        (GOOD | {"context_size": -1}, "'context_size' must be an integer >= 0"),
        (GOOD | {"tools": {"enabled": ["hammer"]}}, "'tools.enabled' names unknown tool 'hammer'"),
        (GOOD | {"tools": {"enabled": ["math"], "permissions": {"math": "admin"}}}, "'tools.permissions.math' must be \"read\", \"write\" or \"allow\""),
        (GOOD | {"tools": {"permissions": {"calendar": "write"}}}, "'calendar' is not in tools.enabled"),
        (GOOD | {"tools": {"max_steps": 0}}, "'tools.max_steps' must be an integer from 1 to 16"),
        (GOOD | {"tools": {"auto": "sometimes"}}, "'tools.auto' must be"),
        (GOOD | {"tools": {"colour": 1}}, "unknown key 'tools.colour'"),
        (GOOD | {"tools": {"exact": ["code"]}}, "'tools.exact' names 'code', which answers no plain question by itself"),
        (GOOD | {"tools": {"exact": "encode"}}, "'tools.exact' must be a list"),
        (GOOD | {"name": "other"}, "'name' is 'other' but the file is named mine.toml"),
        (GOOD | {"breaker": {"failure_rate": 2}}, "failure_rate"),
        (GOOD | {"engine": {"slots": 99}}, "'engine.slots' must be an integer from 0 to 64, got 99"),
        (GOOD | {"engine": {"cache_type_k": "q9"}}, "'engine.cache_type_k' must be one of"),
        (GOOD | {"engine": {"n_ctx": 8}}, "unknown key 'engine.n_ctx' (known: slots"),
        (GOOD | {"engine": 3}, "'engine' must be a table of engine settings"),
    ],
)
def test_validation_errors_name_the_file_key_and_expectation(table: dict, needle: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ProfileError) as info:
        parse_profile(table, "/x/mine.toml", name="mine")
    message = str(info.value)
    assert message.startswith("/x/mine.toml") and needle in message, message


def test_broken_files_are_reported_not_crashed_on(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed\n")
    with pytest.raises(ProfileError, match=r"bad.toml is not valid TOML"):
        load_profile_file(bad)
    bad.write_bytes(b"\xff\xfe name")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_profile_file(bad)


def test_user_profiles_override_and_add(tmp_path: Path) -> None:
    paths = resolve_paths()
    folder = user_profiles_dir(paths)
    folder.mkdir(parents=True)
    (folder / "dev.toml").write_text('description = "my dev"\n[models]\nchat = ["starter"]\n')
    (folder / "notes.toml").write_text('[models]\nchat = ["starter"]\n')
    (folder / "broken.toml").write_text('[models]\nchat = 3\n')
    entries = {e.name: e for e in list_profiles(paths)}
    assert entries["dev"].origin == "user, replaces built-in" and entries["dev"].description == "my dev"
    assert entries["notes"].origin == "user" and entries["general"].origin == "built-in"
    assert entries["broken"].error and "'models.chat' must be a list" in entries["broken"].error
    assert load_profile("dev", paths).chain() == ("starter",)
    with pytest.raises(ProfileNotFoundError, match="no profile named 'nope'; profiles: academic, broken, dev"):
        load_profile("nope", paths)


def test_new_profile_writes_toml_that_reads_back() -> None:
    paths = resolve_paths()
    path = new_profile("research", paths, base="academic")
    profile = load_profile_file(path)
    academic = load_profile("academic", paths)
    assert profile.name == "research" and profile.models == academic.models
    assert profile.tools == academic.tools and profile.sampling == academic.sampling
    assert profile.system_prompt == academic.system_prompt
    with pytest.raises(ProfileError, match="already exists"):
        new_profile("research", paths)
    assert new_profile("research", paths, base="dev", force=True) == path
    assert load_profile("research", paths).tools.enabled == ("code", "math")
    assert load_profile("research", paths).tools.exact == load_profile("dev", paths).tools.exact != ()
    with pytest.raises(ProfileError, match="must be lower-case"):
        new_profile("Bad Name", paths)


def test_the_first_present_model_serves_and_the_rest_are_its_chain() -> None:
    profile = parse_profile({"models": {"chat": ["a", "b", "c"]}}, "t", name="t")
    present = {"b", "c"}
    pick = select_model(profile, lambda r: None if r in present else "not pulled")
    assert pick.model == "b" and pick.chain == ("b", "c")
    assert pick.note == "profile t: skipping a (not pulled); b answers"
    present.clear()
    pick = select_model(profile, lambda r: "not pulled", default_model="starter")
    assert pick.model == "starter" and pick.chain == ("starter",)
    assert pick.note == "profile t: its chat models are not pulled (`llorch profiles show t`); starter answers"


def test_builtins_fall_back_to_the_default_model_saying_so(tmp_path: Path) -> None:
    paths = resolve_paths()
    model = tmp_path / "local.gguf"
    model.write_bytes(b"GGUF")
    resolve = profile_resolver(paths, Config(values={"default_model": str(model)}))
    profile, selection = resolve("dev")
    assert selection.model == str(model)
    assert selection.note and "profile dev: its chat models are not pulled" in selection.note


def test_profile_sampling_sits_between_config_and_flags() -> None:
    profile = parse_profile(GOOD | {"sampling": {"temperature": 0.2, "seed": -1, "stop": ["END"]}}, "t", name="t")
    merged = profile.apply_sampling(Sampling(temperature=0.9, top_k=7, seed=5))
    assert (merged.temperature, merged.top_k, merged.seed, merged.stop) == (0.2, 7, None, ("END",))


# --- the model cache ---------------------------------------------------------------


class Loader:
    def __init__(self, sizes: dict[str, int]) -> None:
        self.sizes = sizes
        self.calls: list[str] = []
        self.made: dict[str, FakeBackend] = {}

    def __call__(self, ref: str) -> FakeBackend:
        self.calls.append(ref)
        backend = FakeBackend(name=ref)
        self.made[ref] = backend
        return backend


def _sized(loader: Loader, budget: int) -> Pool:
    return Pool(loader, budget_bytes=budget, size_of=lambda b: loader.sizes[b.info().name])


def test_cache_keeps_recent_models_within_the_budget() -> None:
    loader = Loader({"a": 40, "b": 40, "c": 40})
    cache = _sized(loader, 100)
    cache.get("a"), cache.get("b")
    assert cache.get("a").instances[0].backend is loader.made["a"] and loader.calls == ["a", "b"]  # a hit, and a is now most recent
    cache.get("c")  # 120 > 100: the least recently used (b) goes
    assert cache.loaded() == ["a", "c"] and loader.made["b"].closed and not loader.made["a"].closed
    cache.close()
    assert loader.made["a"].closed and loader.made["c"].closed and cache.loaded() == []


def test_a_model_in_use_is_never_evicted_and_one_model_always_fits() -> None:
    loader = Loader({"a": 80, "b": 80})
    cache = _sized(loader, 50)
    with cache.use("a"):
        cache.get("b")
        assert set(cache.loaded()) == {"a", "b"} and not loader.made["a"].closed
    cache.get("b")
    cache.get("a")  # now b is evicted: a is pinned no more, but it is the one asked for
    assert cache.loaded() == ["a"] and loader.made["b"].closed


def test_concurrent_gets_load_a_model_once_and_preload_runs_in_the_background() -> None:
    gate = threading.Event()
    loader = Loader({"a": 1})

    def slow(ref: str) -> FakeBackend:
        gate.wait(5)
        return loader(ref)

    cache = Pool(slow, budget_bytes=10, size_of=lambda b: 1)
    thread = cache.preload(["a"])
    got: list[FakeBackend] = []
    getters = [threading.Thread(target=lambda: got.append(cache.get("a"))) for _ in range(8)]  # type: ignore[func-returns-value]
    for t in getters:
        t.start()
    assert not cache.is_loaded("a")
    gate.set()
    thread.join(5)
    for t in getters:
        t.join(5)
    assert loader.calls == ["a"] and len(got) == 8 and all(b is got[0] for b in got)


def test_a_failed_load_is_reported_to_every_waiter_and_retried_later() -> None:
    from llorch.errors import ModelLoadError

    attempts: list[str] = []

    def flaky(ref: str) -> FakeBackend:
        attempts.append(ref)
        if len(attempts) == 1:
            raise ModelLoadError("boom")
        return FakeBackend(name=ref)

    cache = Pool(flaky, budget_bytes=10)
    with pytest.raises(ModelLoadError):
        cache.get("a")
    assert "a" in cache.load_errors
    assert cache.get("a").info().name == "a" and "a" not in cache.load_errors


def test_a_profiles_engine_table_decides_how_its_models_load(tmp_path: Path) -> None:
    from llorch.config import load_config
    from llorch.profiles.schema import profile_to_table
    from llorch.runtime import Runtime

    profile = parse_profile(GOOD | {"context_size": 2048, "engine": {"slots": 6, "kv_unified": True, "n_batch": 256}},
                            "t", name="t")
    assert parse_profile(profile_to_table(profile), "t", name="t") == profile  # what `profiles new` writes reads back
    paths = resolve_paths()
    opened = []
    rt = Runtime(paths, load_config(paths), open_model=lambda path, options, name: opened.append(options) or FakeBackend())
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    rt._use_profile(profile)
    rt.models.get(str(model))
    rt.close()
    (options,) = opened
    assert (options.slots, options.kv_unified, options.n_batch, options.n_ctx) == (6, True, 256, 2048)


def test_a_builtin_profiles_chain_ends_in_the_default_model() -> None:
    general = load_profile("general", resolve_paths())
    first = general.chain("chat")[0]
    pulled = select_model(general, lambda ref: None if ref in (first, "qwen-1.5b", "qwen-0.5b") else "not pulled")
    assert pulled.model == first and pulled.chain == (first, "qwen-1.5b", "qwen-0.5b")  # the bundled models catch its failures
    alone = select_model(general, lambda ref: None if ref in ("qwen-1.5b", "qwen-0.5b") else "not pulled")
    assert alone.model == "qwen-1.5b" and alone.chain == ("qwen-1.5b", "qwen-0.5b")  # the fast model catches the default's
    same = select_model(general, lambda ref: None, default_model="starter")  # the fast model under its old name: once
    assert same.chain[-1] == "starter" and "qwen-0.5b" not in same.chain
    mine = parse_profile({"models": {"chat": ["/models/a.gguf"]}}, "/x/mine.toml", name="mine")
    assert select_model(mine, lambda ref: None).chain == ("/models/a.gguf",)  # a user's chain is exactly theirs


def test_narrowing_a_profiles_tools_narrows_its_exact_steps_too() -> None:
    from llorch.runtime import _narrowed

    dev = load_profile("dev", resolve_paths())
    assert _narrowed(dev, (), None).tools.exact_tools == ()  # (a judge's or a vote's extra answer: no tools)
    narrowed = _narrowed(dev, ("math", "encode"), None).tools
    assert (narrowed.enabled, narrowed.exact) == (("math",), ("encode",))
