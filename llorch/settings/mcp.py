"""MCP servers to start: the `[mcp.servers.NAME]` tables of config.toml (used by `llorch.mcp.client`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from llorch.errors import ConfigError, FieldError
from llorch.fields import FieldSpec

__all__ = ["ServerSpec", "parse_servers"]

_TIMEOUT = FieldSpec(float, minimum=0, maximum=3600, above_minimum=True, expected="a number of seconds from 0 to 3600")


@dataclass(frozen=True)
class ServerSpec:
    """One `[mcp.servers.NAME]` table (the shape of the `mcpServers` JSON other clients use)."""

    name: str
    command: str | None = None
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    timeout_s: float = 60.0  # one call's time limit


def parse_servers(table: Mapping[str, Any], source: str) -> dict[str, ServerSpec]:
    """`{NAME: {command, args, env} | {url}}`, checked; ConfigError names the file, the key and what was expected."""
    servers: dict[str, ServerSpec] = {}
    for name, spec in table.items():
        where = f"{source}: 'mcp.servers.{name}"
        if not name or "." in name or not isinstance(spec, Mapping):
            raise ConfigError(f"{where}' must be a table, and the name must not contain '.'")
        unknown = set(spec) - {"command", "args", "env", "url", "timeout_s", "type"}
        if unknown:
            raise ConfigError(f"{where}' has unknown key(s) {', '.join(sorted(unknown))} (command, args, env, url, timeout_s)")
        command, url = spec.get("command"), spec.get("url")
        if (command is None) == (url is None):
            raise ConfigError(f"{where}' needs either 'command' (stdio) or 'url' (streamable HTTP)")
        args = spec.get("args", [])
        env = spec.get("env", {})
        if command is not None and (not isinstance(command, str) or not command.strip()):
            raise ConfigError(f"{where}.command' must be a command name or path")
        if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            raise ConfigError(f"{where}.url' must be an http(s) URL")
        if not isinstance(args, list) or not all(isinstance(a, str) for a in args):
            raise ConfigError(f"{where}.args' must be a list of strings")
        if not isinstance(env, Mapping) or not all(isinstance(v, str) for v in env.values()):
            raise ConfigError(f"{where}.env' must be a table of strings")
        try:
            timeout = _TIMEOUT.check(spec.get("timeout_s", 60.0), f"mcp.servers.{name}.timeout_s", source=source)
        except FieldError as exc:
            raise ConfigError(str(exc)) from None
        servers[name] = ServerSpec(name, command, tuple(args), dict(env), url, timeout)
    return servers
