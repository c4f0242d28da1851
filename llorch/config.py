"""config.toml: read once, validated, written atomically; the tables in it parsed once.

Every key is checked by a FieldSpec (llorch.fields). Where llorch keeps things is
`llorch.paths` (re-exported here); the breaker, fault, limit and MCP server tables
parse into the values of `llorch.settings`.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llorch.engine.types import KV_CACHE_TYPES, EngineOptions, Sampling
from llorch.errors import ConfigError, FieldError, LlorchError
from llorch.fields import FieldSpec
from llorch.paths import Paths, resolve_paths
from llorch.settings.breaker import BREAKER_FIELDS, BreakerConfig
from llorch.settings.faults import FaultSpec, parse_faults
from llorch.settings.limits import CallLimits
from llorch.settings.long import LONG_EXPECTED, parse_long
from llorch.settings.mcp import ServerSpec, parse_servers
from llorch.settings.names import model_names
from llorch.settings.speculative import SPECULATIVE_EXPECTED, parse_speculative
from llorch.userfiles import parse_toml, read_regular, write_failure

__all__ = [
    "Config",
    "KEYS",
    "Paths",
    "check_sampling",
    "load_config",
    "parse_value",
    "read_toml",
    "resolve_paths",
    "save_value",
    "write_toml_atomic",
]

# --- keys -------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    """One config key: its default, the spec its values are checked by, and a line of help.

    `parse` is for the few values a FieldSpec cannot say (durations, fault text): it
    raises ValueError when the value does not fit, and `spec` then only words the message.
    """

    default: Any
    spec: FieldSpec
    help: str
    parse: Callable[[Any], Any] | None = None

    @property
    def expected(self) -> str:
        return self.spec.describe()

    def check(self, key: str, value: Any, source: str) -> Any:
        if self.parse is None:
            return self.spec.check(value, key, source=source, text=True)
        try:
            return self.parse(value)
        except (ValueError, TypeError):
            raise FieldError(source=source, key=key, expected=self.expected, value=value) from None


def _int(minimum: int, maximum: int | None = None, **more: Any) -> FieldSpec:
    return FieldSpec(int, minimum=minimum, maximum=maximum, **more)


def _float(minimum: float, maximum: float | None = None, **more: Any) -> FieldSpec:
    return FieldSpec(float, minimum=minimum, maximum=maximum, **more)


_BOOL = FieldSpec(bool)
_SEED = _int(-1, 2**32 - 2)  # llama.cpp's 32-bit seeds; 2**32 - 1 means "random"
_CACHE_TYPE = FieldSpec(str, choices=KV_CACHE_TYPES, expected="one of " + ", ".join(KV_CACHE_TYPES))


def parse_duration(value: Any) -> float:
    """Seconds from 300, "300", "30s", "5m", "1h" or "1h30m"; a negative number means forever (-1.0)."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise ValueError
        return -1.0 if value < 0 else float(value)
    if not isinstance(value, str):
        raise ValueError
    text = value.strip().lower()
    if text in ("forever", "never", "-1"):
        return -1.0
    try:
        return parse_duration(float(text))
    except ValueError:
        pass
    import re

    parts = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?", text)
    if not text or parts is None:
        raise ValueError
    hours, minutes, seconds = (float(x) if x else 0.0 for x in parts.groups())
    return hours * 3600 + minutes * 60 + seconds


_REF = FieldSpec(str, minimum=1, expected="a model reference")
_BREAKER_DEFAULTS = BreakerConfig()
_NO_LIMIT = "a number >= 0 (0: no limit)"


def _faults(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError
    try:
        parse_faults(value, "faults")
    except ConfigError:
        raise ValueError from None
    return value.strip()


KEYS: dict[str, _Key] = {
    "default_model": _Key("qwen-1.5b", _REF, "model used when --model is not given and no model of the profile is present"),
    "default_profile": _Key("general", FieldSpec(str, minimum=1, expected="a profile name"), "profile used when --profile is not given"),
    "models.memory_budget_mb": _Key(0, _int(0), "memory for models kept loaded for quick switching, MiB (0: half the RAM)"),
    "pool.instances": _Key(1, _int(1, 16), "instances of each loaded model (each its own context, slots and thread); idle ones steal waiting work"),
    "pool.keep_alive": _Key(300.0, FieldSpec(float, expected='a duration such as "5m", "30s" or 0 (-1: forever)'),
                            "how long an idle model stays loaded in a long-running chat or server", parse=parse_duration),
    "pool.preload": _Key(False, _BOOL, "load the profile's models when chat starts, not on first use"),
    "server.queue_limit": _Key(64, _int(1, 100_000), "llorch serve: generation requests at once; more get 503 with Retry-After"),
    "server.max_body_mb": _Key(16, _int(1, 4096), "llorch serve: largest request body, MiB (larger: 413)"),
    "server.header_timeout_s": _Key(10.0, _float(0.0, 3600.0, above_minimum=True),
                                    "llorch serve: seconds a client has to send a request's headers; then the connection closes"),
    "server.body_timeout_s": _Key(30.0, _float(0.0, 3600.0, above_minimum=True),
                                  "llorch serve: seconds a request's body may take (plus 1 s per 500 bytes that come); then the connection closes"),
    "engine.n_ctx": _Key(4096, _int(0, 2**31 - 1), "context size in tokens per slot (0: the model's own)"),
    "engine.n_gpu_layers": _Key("auto", _int(0, choices=("auto", "all")), "layers offloaded to the GPU"),
    "engine.threads": _Key(0, _int(0), "generation threads (0: one per physical core)"),
    "engine.threads_batch": _Key(0, _int(0), "prompt-processing threads (0: as threads)"),
    "engine.n_batch": _Key(512, _int(1), "logical batch size for prompt processing"),
    "engine.n_ubatch": _Key(512, _int(1), "physical batch size"),
    "engine.flash_attn": _Key(False, _BOOL, "use flash attention"),
    "engine.cache_type_k": _Key("f16", _CACHE_TYPE, "K cache type"),
    "engine.cache_type_v": _Key("f16", _CACHE_TYPE, "V cache type (quantized needs flash_attn)"),
    "engine.use_mmap": _Key(True, _BOOL, "memory-map model files"),
    "engine.slots": _Key(0, _int(0, 64), "requests one loaded model answers at once, batched (0: what the command needs: 1 for run, 2 for chat)"),
    "engine.kv_unified": _Key(False, _BOOL, "one KV cache for all slots (each may use it all; shared prefixes stored once) instead of engine.n_ctx per slot (faster for unrelated requests)"),
    "engine.ctx_over_train": _Key(False, _BOOL, "allow engine.n_ctx past the model's training context (otherwise it is capped there)"),
    "engine.repack": _Key(True, _BOOL, "lay the weights out for the CPU's wide kernels (AVX2/AVX-512, NEON) as llama.cpp "
                          "does by default: faster answers; false: faster prompt reading on some machines "
                          "(`llorch bench --tune` measures both)"),
    "engine.amx": _Key(False, _BOOL, "use llama.cpp's AMX kernels on Intel CPUs that have them (they crash on some "
                       "machines, so they are off: the weights are repacked for AVX-512 instead)"),
    "engine.swa_full": _Key(True, _BOOL, "full-size cache for sliding-window layers (keeps prefix reuse working on models such as Gemma 3)"),
    "engine.speculative": _Key("auto", FieldSpec(str, expected=SPECULATIVE_EXPECTED),
                               "speculative decoding: \"auto\" (n-gram drafts from the prompt and answer, paused where they "
                               "miss or the batch is busy), \"ngram\" (always), \"off\", \"draft:MODEL\" (a smaller model of the same "
                               "vocabulary drafts; pays on a GPU, rarely on a CPU); answers are the same either way",
                               parse=parse_speculative),
    "sampling.temperature": _Key(0.8, _float(0.0), "sampling temperature (0: greedy)"),
    "sampling.top_k": _Key(40, _int(0), "top-k sampling (0: off)"),
    "sampling.top_p": _Key(0.95, _float(0.0, 1.0), "top-p (nucleus) sampling"),
    "sampling.min_p": _Key(0.05, _float(0.0, 1.0), "min-p sampling"),
    "sampling.repeat_penalty": _Key(1.1, _float(0.0), "repetition penalty (1: off)"),
    "sampling.max_tokens": _Key(512, _int(1), "most tokens in one answer"),
    "sampling.seed": _Key(-1, _SEED, "sampling seed (-1: random)"),
    "ui.notes": _Key(True, _BOOL, "print `note:` lines on stderr (false: never; --quiet: for one command)"),
    "ui.math": _Key("text", FieldSpec(str, choices=("text", "latex"), expected="one of text or latex"),
                    "LaTeX math in answers on a terminal and in the TUI: text (\\frac{F - 32}{9} shown as (F - 32)/9) "
                    "or latex (as the model wrote it); pipes, exports and the API always get it as written"),
    "limits.ttft_s": _Key(120.0, _float(0.0, expected=_NO_LIMIT), "seconds to wait for a first token, beyond reading the prompt at the measured speed"),
    "limits.inter_token_s": _Key(60.0, _float(0.0, expected=_NO_LIMIT), "seconds to wait between tokens"),
    "limits.total_s": _Key(0.0, _float(0.0, expected=_NO_LIMIT), "seconds one answer may take"),
    "limits.max_input_mb": _Key(64, _int(1, 4096), "most MiB of piped input read as one prompt"),
    "limits.long": _Key("refuse", FieldSpec(str, expected=LONG_EXPECTED),
                        "input longer than the context: summarise (read it in parts, combine the answers), truncate "
                        "(keep what fits) or refuse (an error); --long for one command", parse=parse_long),
    "faults": _Key("", FieldSpec(str, expected='fault specs such as "error=0.5,latency=0.2" or "MODEL:hang=1"'),
                   "inject faults for testing (also LLORCH_FAULTS)", parse=_faults),
} | {
    f"breaker.{name}": _Key(getattr(_BREAKER_DEFAULTS, name), spec, "circuit breaker") for name, spec in BREAKER_FIELDS.items()
}

ALIAS_PREFIX = "aliases."
WORKERS_PREFIX = "workers."
# Per-model settings (`[workers."MODEL"]`): how many instances, and the engine settings of each
# (among them all that `llorch bench --tune` measures and may write).
WORKER_FIELDS = ("instances", "slots", "threads", "threads_batch", "n_gpu_layers", "n_batch", "n_ubatch", "kv_unified",
                 "flash_attn", "cache_type_k", "cache_type_v", "speculative", "repack")


def _worker_key(key: str) -> tuple[str, str, _Key] | None:
    """`workers.MODEL.FIELD` split into the model, the field and the spec it is checked with."""
    if not key.startswith(WORKERS_PREFIX) or "." not in key[len(WORKERS_PREFIX) :]:
        return None
    ref, name = key[len(WORKERS_PREFIX) :].rsplit(".", 1)
    if not ref or name not in WORKER_FIELDS:
        return None
    return ref, name, KEYS["pool.instances" if name == "instances" else f"engine.{name}"]


_ALIAS = _Key("", FieldSpec(str, minimum=1, expected="a model reference (path, alias or hf:owner/repo)"), "")


def parse_value(key: str, value: Any, *, source: str = "config") -> Any:
    """Validate one value for `key`; raise ConfigError naming the key and what was expected."""
    if key.startswith(ALIAS_PREFIX) and len(key) > len(ALIAS_PREFIX):
        spec = _ALIAS
    elif (worker := _worker_key(key)) is not None:
        spec = worker[2]
    elif key.startswith(WORKERS_PREFIX):
        raise ConfigError(
            f"{source}: '{key}' is not a per-model setting; use [workers.\"MODEL\"] with "
            + ", ".join(WORKER_FIELDS)
        )
    elif key in KEYS:
        spec = KEYS[key]
    else:
        raise ConfigError(
            f"unknown config key '{key}' in {source}; run `llorch config get` to list the known keys"
        )
    try:
        return spec.check(key, value, source)
    except FieldError as exc:
        raise ConfigError(str(exc)) from None


@dataclass(frozen=True)
class Config:
    """Validated config values, defaults filled in."""

    values: Mapping[str, Any] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    workers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    mcp_servers: Mapping[str, ServerSpec] = field(default_factory=dict)
    # What was parsed from the values above (breaker, limits, faults), once: see `_once`.
    _parsed: dict[tuple[Any, ...], Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def get(self, key: str) -> Any:
        if key.startswith(ALIAS_PREFIX):
            name = key[len(ALIAS_PREFIX) :]
            if name not in self.aliases:
                raise ConfigError(f"no alias '{name}' is set; set one with `llorch config set {key} PATH`")
            return self.aliases[name]
        worker = _worker_key(key)
        if worker is not None:
            ref, name, _spec = worker
            default = self.get("pool.instances" if name == "instances" else f"engine.{name}")
            return self.worker_table(ref).get(name, default)
        if key not in KEYS:
            raise ConfigError(f"unknown config key '{key}'; run `llorch config get` to list the known keys")
        return self.values.get(key, KEYS[key].default)

    @property
    def default_model(self) -> str:
        return str(self.get("default_model"))

    @property
    def default_profile(self) -> str:
        return str(self.get("default_profile"))

    def memory_budget_bytes(self) -> int:
        """The loaded-model cache's budget: the configured MiB, or half the physical memory."""
        mib = int(self.get("models.memory_budget_mb"))
        if mib:
            return mib * 1024 * 1024
        try:
            return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
        except (ValueError, OSError, AttributeError):
            return 8 * 1024**3

    def keep_alive_s(self) -> float | None:
        """Seconds an idle model stays loaded; None: for as long as the process runs."""
        value = float(self.get("pool.keep_alive"))
        return None if value < 0 else value

    def worker_table(self, ref: str) -> dict[str, Any]:
        """`ref`'s [workers] settings. A bundled model's tables under each of its names apply (so
        `[workers."starter"]` reaches `qwen-0.5b` too); where two set a key, the canonical name's wins."""
        table: dict[str, Any] = {}
        resolved = _resolved_path(ref)
        if resolved is not None and resolved != ref:  # (a path's table is written under its absolute path:
            table.update(self.workers.get(resolved, {}))  # `bench --tune --write -m ./m.gguf`)
        for name in model_names(ref):
            table.update(self.workers.get(name, {}))
        return table

    def instances(self, ref: str) -> int:
        """How many instances of `ref` to load: its [workers] table, else pool.instances."""
        return int(self.worker_table(ref).get("instances", self.get("pool.instances")))

    def worker_engine(self, ref: str) -> dict[str, Any]:
        """`ref`'s own engine settings from its [workers] table."""
        return {k: v for k, v in self.worker_table(ref).items() if k != "instances"}

    def engine_options(self) -> EngineOptions:
        return EngineOptions(
            n_ctx=self.get("engine.n_ctx"),
            n_gpu_layers=self.get("engine.n_gpu_layers"),
            threads=self.get("engine.threads"),
            threads_batch=self.get("engine.threads_batch"),
            n_batch=self.get("engine.n_batch"),
            n_ubatch=self.get("engine.n_ubatch"),
            flash_attn=self.get("engine.flash_attn"),
            cache_type_k=self.get("engine.cache_type_k"),
            cache_type_v=self.get("engine.cache_type_v"),
            use_mmap=self.get("engine.use_mmap"),
            slots=self.get("engine.slots"),
            kv_unified=self.get("engine.kv_unified"),
            swa_full=self.get("engine.swa_full"),
            ctx_over_train=self.get("engine.ctx_over_train"),
            speculative=self.get("engine.speculative"),
            repack=self.get("engine.repack"),
            amx=self.get("engine.amx"),
        )

    def breaker(self, overrides: Mapping[str, Any] | None = None, where: str = "config.toml [breaker]") -> BreakerConfig:
        """The circuit-breaker settings: config.toml's `[breaker]`, with a profile's table over it.

        Parsed once per distinct table: a profile's fallback chain asks for it on every turn.
        """
        table = {k.split(".", 1)[1]: v for k, v in self.values.items() if k.startswith("breaker.")}
        merged = table | dict(overrides or {})
        return self._once(("breaker", tuple(sorted(merged.items(), key=lambda kv: kv[0]))),
                          lambda: BreakerConfig.from_mapping(merged, where=where))

    def call_limits(self) -> CallLimits:
        def limit(key: str) -> float | None:
            value = float(self.get(key))
            return value or None

        return self._once(("limits",), lambda: CallLimits(limit("limits.ttft_s"), limit("limits.inter_token_s"),
                                                          limit("limits.total_s")))

    def faults(self, env: Mapping[str, str] | None = None) -> dict[str, FaultSpec]:
        """Injected faults by model: LLORCH_FAULTS when set, else config.toml's `faults`."""
        env = os.environ if env is None else env
        text = env.get("LLORCH_FAULTS")
        if text:
            return dict(self._once(("faults", "LLORCH_FAULTS", text), lambda: parse_faults(text, "LLORCH_FAULTS")))
        value = str(self.get("faults"))
        if not value:
            return {}
        return dict(self._once(("faults", "config", value), lambda: parse_faults(value, "config.toml faults")))

    def _once(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """`make()`, kept: a Config never changes after load, so neither does what is parsed from it."""
        try:
            return self._parsed[key]
        except KeyError:
            value = self._parsed[key] = make()
            return value
        except TypeError:  # a table holding a list or a table: not worth a key, parse it again
            return make()

    def sampling(self, model_defaults: Mapping[str, Any] | None = None) -> Sampling:
        """config.toml's sampling: the keys it sets, over the model's own defaults (a bundled
        model carries its publisher's), over llorch's."""
        values = {name: self.get(f"sampling.{name}") for name in _SAMPLING_KEYS}
        for name, value in (model_defaults or {}).items():
            if f"sampling.{name}" not in self.values:
                values[name] = value
        seed = values.pop("seed")
        return Sampling(**values, seed=None if seed < 0 else seed)


_SAMPLING_KEYS = ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "max_tokens", "seed")


def check_sampling(values: Mapping[str, Any]) -> None:
    """Sampling values given elsewhere (flags, a JSON line) held to the bounds config.toml holds them to: FieldError
    names the first that is not (`--temperature inf` was taken, and `"max_tokens": -5` gave an empty answer)."""
    for key, value in values.items():
        if key in _SAMPLING_KEYS:
            KEYS[f"sampling.{key}"].spec.check(value, key)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def read_toml(path: Path, error: type[LlorchError] = ConfigError) -> dict[str, Any]:
    """A TOML file as a table; FileNotFoundError passes through, other problems (not a regular file,
    too large, not UTF-8, not TOML, nested too deeply) raise `error` naming the file."""
    data = read_regular(path, what="TOML file", error=error)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path} is not UTF-8 text; fix or remove it") from None
    return parse_toml(text, str(path), error)


def _read_raw(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except FileNotFoundError:
        return {}


def load_config(paths: Paths) -> Config:
    """Read and validate config.toml; a missing file means all defaults."""
    return _validate(_read_raw(paths.config_file), str(paths.config_file))


def _validate(table: Mapping[str, Any], source: str) -> Config:
    values: dict[str, Any] = {}
    aliases: dict[str, str] = {}
    workers: dict[str, dict[str, Any]] = {}
    mcp_servers: dict[str, ServerSpec] = {}
    table = dict(table)
    mcp = table.pop("mcp", None)
    if mcp is not None:
        if not isinstance(mcp, dict) or set(mcp) - {"servers"} or not isinstance(mcp.get("servers", {}), dict):
            raise ConfigError(f"{source}: [mcp] holds only [mcp.servers.NAME] tables")
        mcp_servers = dict(parse_servers(mcp.get("servers", {}), source))
    named = table.pop("aliases", {})
    if not isinstance(named, dict):
        raise ConfigError(f"{source}: aliases is a table, [aliases] NAME = \"MODEL\"")
    # Each alias as it is named (`a = {}` vanished when flattened, and a dotted name was a nested table).
    flat = {ALIAS_PREFIX + name: value for name, value in named.items()} | _flatten(table)
    for key, value in flat.items():
        parsed = parse_value(key, value, source=source)
        worker = _worker_key(key)
        if key.startswith(ALIAS_PREFIX):
            aliases[key[len(ALIAS_PREFIX) :]] = parsed
        elif worker is not None:
            workers.setdefault(worker[0], {})[worker[1]] = parsed
        else:
            values[key] = parsed
    config = Config(values=values, aliases=aliases, workers=workers, mcp_servers=mcp_servers)
    # Parsed now, and kept: settings that only fail together (e.g. max wait below wait), and the faults.
    config.breaker(where=f"{source} [breaker]")
    config.faults(env={})
    return config


def save_value(paths: Paths, key: str, raw_value: str | None) -> Any:
    """Set `key` (or remove it when `raw_value` is None) in config.toml, atomically.

    Returns the parsed value. The file is rewritten through a temporary file and a
    rename, so a failed write leaves the old file whole.
    """
    path = paths.config_file
    table = _read_raw(path)
    _validate(table, str(path))  # refuse to rewrite a file that does not validate
    value = None if raw_value is None else parse_value(key, raw_value, source="the command line")
    # An alias's name is one key, dots and all (`aliases.my.model` was written as a table [aliases.my]).
    parts = ["aliases", key[len(ALIAS_PREFIX):]] if key.startswith(ALIAS_PREFIX) else key.split(".")
    node = table
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"{path}: '{part}' is not a table; fix or remove it")
        node = child
    if value is None:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = value
    write_toml_atomic(path, table)
    return value


def write_toml_atomic(
    path: Path, table: Mapping[str, Any], *, error: type[LlorchError] = ConfigError, unchanged: str = "config left unchanged"
) -> None:
    """Write `table` to `path` through a temporary file and a rename: a failed write leaves the old file whole."""
    import tomli_w

    write_bytes_atomic(path, tomli_w.dumps(dict(table), multiline_strings=True).encode("utf-8"),
                       error=error, unchanged=unchanged)


def write_bytes_atomic(path: Path, data: bytes, *, mode: int | None = None, error: type[LlorchError] = ConfigError,
                       unchanged: str = "config left unchanged") -> None:
    """Write `data` to `path` through a temporary file (given `mode`, else the temporary file's 0600) and a
    rename: a failed write leaves the old file whole, and is one `error` naming the file. A symbolic link's target is
    the file written (a config.toml kept with one's dotfiles: the rename put a plain file in the link's place, and the
    dotfiles' copy never changed)."""
    if path.is_symlink():
        path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".toml", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if mode is not None:
                os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise error(f"cannot write {path}: {write_failure(exc)}; {unchanged}") from None


def _resolved_path(ref: str) -> str | None:
    """`ref` as an absolute, resolved path when it names a model file by its path (not a name, alias or hf: ref)."""
    if ":" in ref.split("/")[0] or not (ref.endswith(".gguf") or "/" in ref or ref.startswith("~")):
        return None  # (hf:owner/repo, openai:URL, a bundled name or an alias)
    try:
        return str(Path(ref).expanduser().resolve())
    except (OSError, RuntimeError):
        return None
