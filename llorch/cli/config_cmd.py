"""`llorch config`: where things live, and reading and writing config.toml."""

from __future__ import annotations

import json
from typing import Optional

import typer

from llorch.cli._common import stdout_console, write_out

__all__ = ["app"]

app = typer.Typer(help="Show where llorch keeps things; get and set config values.", no_args_is_help=True)


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


@app.command("path")
def path_cmd() -> None:
    """Print the config file and the data, cache and model directories.

    \b
    Example: llorch config path
    """
    from llorch.config import resolve_paths

    p = resolve_paths()
    rows = [("config", p.config_file), ("data", p.data_dir), ("cache", p.cache_dir), ("models", p.models_dir)]
    write_out("".join(f"{name:<7} {path}\n" for name, path in rows))


@app.command("get")
def get_cmd(key: Optional[str] = typer.Argument(None, help="A key such as engine.n_ctx; none lists all.")) -> None:
    """Print a config value, or every key with its value and meaning.

    \b
    Example: llorch config get sampling.temperature
    """
    from llorch.cli._common import load_settings
    from llorch.config import KEYS

    _, config = load_settings()
    if key is not None:
        write_out(_fmt(config.get(key)) + "\n")
        return
    out = stdout_console()
    for name, spec in KEYS.items():
        value = config.get(name)
        mark = "" if name in config.values else "  (default)"
        out.print(f"{name} = {_fmt(value)}{mark}    # {spec.help}", markup=False)
    for alias, target in sorted(config.aliases.items()):
        out.print(f"aliases.{alias} = {_fmt(target)}", markup=False)
    for ref, table in sorted(config.workers.items()):
        for field, value in table.items():
            out.print(f"workers.{ref}.{field} = {_fmt(value)}", markup=False)


@app.command("set", context_settings={"ignore_unknown_options": True})  # `set sampling.seed -1`: -1 is a value
def set_cmd(key: str = typer.Argument(..., help="The key, e.g. engine.n_ctx or aliases.NAME."), value: str = typer.Argument(...)) -> None:
    """Set a config value (validated; written atomically).

    \b
    Example: llorch config set engine.n_ctx 8192
    """
    from llorch.config import resolve_paths, save_value

    paths = resolve_paths()
    if key == "default_profile":
        from llorch.profiles import load_profile

        load_profile(value.strip(), paths)  # a profile that does not exist (or does not validate) is refused now
    parsed = save_value(paths, key, value)
    write_out(f"{key} = {_fmt(parsed)}\n")


@app.command("unset")
def unset_cmd(key: str = typer.Argument(..., help="The key to return to its default.")) -> None:
    """Remove a key from config.toml, returning it to its default.

    \b
    Example: llorch config unset engine.n_ctx
    """
    from llorch.config import ALIAS_PREFIX, KEYS, resolve_paths, save_value
    from llorch.errors import ConfigError

    if key not in KEYS and not key.startswith(ALIAS_PREFIX):
        raise ConfigError(f"unknown config key '{key}'; run `llorch config get` to list the known keys")
    save_value(resolve_paths(), key, None)
