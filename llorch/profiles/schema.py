"""A profile: models by role, tools and their permissions, a system prompt, sampling defaults.

Profiles are TOML files. `parse_profile` validates one table, once, into frozen values;
every error names the file, the key and what was expected.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from llorch.config import KEYS, parse_value
from llorch.engine.types import Sampling
from llorch.errors import ConfigError, FieldError, ProfileError
from llorch.fields import FieldSpec
from llorch.tools.settings import ToolSettings  # the tools layer reads it; profiles parse it

__all__ = ["DEFAULT_ROLE", "Profile", "ToolSettings", "parse_profile", "profile_to_table"]

DEFAULT_ROLE = "chat"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_ROLE_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_TOP_KEYS = ("name", "description", "system_prompt", "context_size", "models", "sampling", "tools", "breaker", "engine")
# How this profile's models load (over config.toml's [engine]); the context size is `context_size`.
ENGINE_KEYS = ("slots", "n_batch", "n_ubatch", "kv_unified", "swa_full", "flash_attn", "cache_type_k", "cache_type_v",
               "n_gpu_layers", "threads", "threads_batch", "speculative", "repack")
_MCP_TOOL = re.compile(r"[A-Za-z0-9_-]+\.([A-Za-z0-9_.-]+|\*)")  # SERVER.tool or SERVER.*
_TOOL_KEYS = ("enabled", "permissions", "auto", "max_steps", "read_roots", "calendar_file", "exact")
_CONTEXT_SIZE = FieldSpec(int, minimum=0, expected="an integer >= 0 (0: the model's own)")
_PERMISSION = FieldSpec(str, choices=("read", "write", "allow"), expected='"read", "write" or "allow"')
_AUTO = FieldSpec(str, choices=("auto", "on", "off"), expected='"auto", "on", "off" (or true/false)')
_MAX_STEPS = FieldSpec(int, minimum=1, maximum=16)
_SAMPLING_KEYS = tuple(k.split(".", 1)[1] for k in KEYS if k.startswith("sampling.")) + ("stop",)


@dataclass(frozen=True)
class Profile:
    """A validated profile. `source` says where it came from (a path, or "built-in")."""

    name: str
    description: str = ""
    system_prompt: str = ""
    models: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sampling: Mapping[str, Any] = field(default_factory=dict)
    context_size: int | None = None
    tools: ToolSettings = field(default_factory=ToolSettings)
    breaker: Mapping[str, Any] = field(default_factory=dict)
    source: str = "built-in"
    engine: Mapping[str, Any] = field(default_factory=dict)

    def chain(self, role: str = DEFAULT_ROLE) -> tuple[str, ...]:
        """The role's models in order of preference; roles a profile lacks use its chat models."""
        return self.models.get(role) or self.models.get(DEFAULT_ROLE, ())

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(self.models)

    def apply_sampling(self, base: Sampling) -> Sampling:
        """`base` (config.toml's sampling) with this profile's defaults over it."""
        values = dict(self.sampling)
        if "seed" in values:
            values["seed"] = None if values["seed"] < 0 else values["seed"]
        return dataclasses.replace(base, **values)


def _fail(source: str, key: str, expected: str, got: Any) -> ProfileError:
    return ProfileError(f"{source}: '{key}' must be {expected}, got {got!r}")


def _field(spec: FieldSpec, value: Any, key: str, source: str) -> Any:
    try:
        return spec.check(value, key, source=source)
    except FieldError as exc:
        raise ProfileError(str(exc)) from None


def _string(table: Mapping[str, Any], key: str, source: str, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise _fail(source, key, "a string", value)
    return value


def _string_list(value: Any, key: str, source: str, *, nonempty: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value) or (nonempty and not value):
        raise _fail(source, key, "a list of non-empty strings" if nonempty else "a list of strings", value)
    return tuple(v.strip() for v in value)


def _unknown(table: Mapping[str, Any], known: tuple[str, ...], source: str, prefix: str = "") -> None:
    for key in table:
        if key not in known:
            raise ProfileError(f"{source}: unknown key '{prefix}{key}' (known: {', '.join(known)})")


def parse_profile(table: Mapping[str, Any], source: str, *, name: str) -> Profile:
    """Validate a profile's TOML table. `name` is the file's stem; a `name` key must match it."""
    if not NAME_RE.match(name):
        raise ProfileError(f"{source}: profile name {name!r} must be lower-case letters, digits, - or _ (at most 40)")
    _unknown(table, _TOP_KEYS, source)
    declared = _string(table, "name", source, name)
    if declared != name:
        raise ProfileError(f"{source}: 'name' is {declared!r} but the file is named {name}.toml; make them match")

    models_raw = table.get("models", {})
    if not isinstance(models_raw, dict):
        raise _fail(source, "models", "a table of role = [model references]", models_raw)
    models: dict[str, tuple[str, ...]] = {}
    for role, refs in models_raw.items():
        if not _ROLE_RE.match(role):
            raise ProfileError(f"{source}: role {role!r} in [models] must be a lower-case word")
        models[role] = _string_list(refs, f"models.{role}", source)
    if DEFAULT_ROLE not in models:
        raise ProfileError(f"{source}: [models] needs a '{DEFAULT_ROLE}' role (a list of model references, best first)")

    sampling_raw = table.get("sampling", {})
    if not isinstance(sampling_raw, dict):
        raise _fail(source, "sampling", "a table", sampling_raw)
    sampling: dict[str, Any] = {}
    for key, value in sampling_raw.items():
        if key == "stop":
            sampling["stop"] = _string_list(value, "sampling.stop", source, nonempty=False)
            continue
        if f"sampling.{key}" not in KEYS:
            raise ProfileError(f"{source}: unknown key 'sampling.{key}' (known: {', '.join(_SAMPLING_KEYS)})")
        try:
            sampling[key] = parse_value(f"sampling.{key}", value, source=source)
        except ConfigError as exc:
            raise ProfileError(str(exc)) from None

    context_size = table.get("context_size")
    if context_size is not None:
        context_size = _field(_CONTEXT_SIZE, context_size, "context_size", source)

    tools = _parse_tools(table.get("tools", {}), source)
    engine_raw = table.get("engine", {})
    if not isinstance(engine_raw, dict):
        raise _fail(source, "engine", "a table of engine settings", engine_raw)
    _unknown(engine_raw, ENGINE_KEYS, source, "engine.")
    engine: dict[str, Any] = {}
    for key, value in engine_raw.items():
        try:
            engine[key] = parse_value(f"engine.{key}", value, source=source)
        except ConfigError as exc:
            raise ProfileError(str(exc)) from None
    breaker = table.get("breaker", {})
    if not isinstance(breaker, dict):
        raise _fail(source, "breaker", "a table of circuit-breaker settings", breaker)
    if breaker:
        from llorch.settings.breaker import BreakerConfig

        try:
            BreakerConfig.from_mapping(breaker, where=f"{source} [breaker]")
        except ConfigError as exc:
            raise ProfileError(str(exc)) from None
    return Profile(
        name=name,
        description=_string(table, "description", source),
        system_prompt=_string(table, "system_prompt", source).strip(),
        models=models,
        sampling=sampling,
        context_size=context_size,
        tools=tools,
        breaker=dict(breaker),
        source=source,
        engine=engine,
    )


def _parse_tools(raw: Any, source: str) -> ToolSettings:
    from llorch.tools.registry import BUILTIN_TOOLS

    if not isinstance(raw, dict):
        raise _fail(source, "tools", "a table", raw)
    _unknown(raw, _TOOL_KEYS, source, "tools.")
    enabled = _string_list(raw.get("enabled", []), "tools.enabled", source, nonempty=False)
    for tool in enabled:
        if tool not in BUILTIN_TOOLS and not _MCP_TOOL.fullmatch(tool):
            raise ProfileError(f"{source}: 'tools.enabled' names unknown tool {tool!r} (tools: {', '.join(sorted(BUILTIN_TOOLS))}, "
                               "or an MCP server's SERVER.tool / SERVER.*)")
    perms_raw = raw.get("permissions", {})
    if not isinstance(perms_raw, dict):
        raise _fail(source, "tools.permissions", 'a table of tool = "read" | "write" | "allow"', perms_raw)
    permissions: dict[str, str] = {}
    for tool, level in perms_raw.items():
        if tool not in enabled and not ("." in tool and tool.partition(".")[0] + ".*" in enabled):
            raise ProfileError(f"{source}: 'tools.permissions.{tool}' is set but {tool!r} is not in tools.enabled")
        permissions[tool] = _field(_PERMISSION, level, f"tools.permissions.{tool}", source)
    auto = raw.get("auto", "auto")
    if isinstance(auto, bool):
        auto = "on" if auto else "off"
    auto = _field(_AUTO, auto, "tools.auto", source)
    steps = _field(_MAX_STEPS, raw.get("max_steps", 3), "tools.max_steps", source)
    roots = _string_list(raw.get("read_roots", ["."]), "tools.read_roots", source, nonempty=False)
    calendar = raw.get("calendar_file")
    if calendar is not None and (not isinstance(calendar, str) or not calendar.strip()):
        raise _fail(source, "tools.calendar_file", "a file path", calendar)
    exact = _string_list(raw.get("exact", []), "tools.exact", source, nonempty=False)
    if exact:
        from llorch.tools.exact import EXACT_TOOLS  # (only then: it imports the tools' modules)
    for tool in exact:
        if tool not in EXACT_TOOLS:
            raise ProfileError(f"{source}: 'tools.exact' names {tool!r}, which answers no plain question by itself "
                               f"(tools for exact steps: {', '.join(sorted(EXACT_TOOLS))})")
    return ToolSettings(enabled, permissions, auto, steps, roots, calendar, exact)


def profile_to_table(profile: Profile) -> dict[str, Any]:
    """The TOML table that `parse_profile` turns back into `profile`."""
    tools: dict[str, Any] = {
        "enabled": list(profile.tools.enabled),
        "auto": profile.tools.auto,
        "max_steps": profile.tools.max_steps,
        "read_roots": list(profile.tools.read_roots),
    }
    if profile.tools.permissions:
        tools["permissions"] = dict(profile.tools.permissions)
    if profile.tools.exact:
        tools["exact"] = list(profile.tools.exact)
    if profile.tools.calendar_file:
        tools["calendar_file"] = profile.tools.calendar_file
    table: dict[str, Any] = {
        "name": profile.name,
        "description": profile.description,
        "system_prompt": profile.system_prompt,
    }
    if profile.context_size is not None:
        table["context_size"] = profile.context_size
    table["models"] = {role: list(refs) for role, refs in profile.models.items()}
    sampling = {k: (list(v) if isinstance(v, tuple) else v) for k, v in profile.sampling.items()}
    if sampling:
        table["sampling"] = sampling
    table["tools"] = tools
    if profile.breaker:
        table["breaker"] = dict(profile.breaker)
    if profile.engine:
        table["engine"] = dict(profile.engine)
    return table
