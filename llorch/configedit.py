"""Set keys of one `[workers."MODEL"]` table in config.toml, keeping the rest of the file as written.

`config.save_value` rewrites the file from its parsed table, so comments and layout go;
`llorch bench --tune --write` must leave the user's file as it was but for the keys it sets.
So the text is edited: the table found by its header line, a key's line replaced (its comment
kept) or added after the table's last key, or the table appended at the end. The result is
parsed back and must equal the old file's table with exactly those keys set; when it does not
(a table written inline or with dotted keys), nothing is written and the error gives the lines
to add by hand.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from llorch.config import load_config, parse_value, write_bytes_atomic
from llorch.errors import ConfigError
from llorch.paths import Paths
from llorch.userfiles import read_regular, write_failure

__all__ = ["save_worker_values", "set_worker_values", "worker_table_text"]

_HEADER = re.compile(r"^\s*\[\s*workers\s*\.(?P<key>[^\[\]]+)\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


def _value(value: Any) -> str:
    """`value` as TOML writes it."""
    import tomli_w

    return tomli_w.dumps({"v": value}).strip()[len("v = "):]


def _quoted(name: str) -> str:
    import tomli_w

    return tomli_w.dumps({"v": name}).strip()[len("v = "):]


def worker_table_text(model: str, values: Mapping[str, Any]) -> str:
    """The table as it would be added to config.toml."""
    return f"[workers.{_quoted(model)}]\n" + "".join(f"{k} = {_value(v)}\n" for k, v in values.items())


def _header_name(line: str) -> str | None:
    """The model a `[workers.NAME]` header line opens (any TOML quoting), else None."""
    match = _HEADER.match(line)
    if match is None:
        return None
    try:
        table = tomllib.loads(f"[t.{match['key'].strip()}]")["t"]
    except (tomllib.TOMLDecodeError, KeyError):
        return None
    if len(table) != 1:
        return None
    ((name, inner),) = table.items()
    return name if inner == {} else None


def _split_comment(rest: str) -> tuple[str, str]:
    """A value's text and what follows it on the line (spaces and a comment)."""
    for i, ch in enumerate(rest):
        if ch == "#":
            try:
                tomllib.loads(f"v = {rest[:i]}")
            except tomllib.TOMLDecodeError:
                continue  # the # is inside a string
            value = rest[:i].rstrip()
            return value, rest[len(value):]
    return rest.rstrip(), rest[len(rest.rstrip()):]


def set_worker_values(text: str, model: str, values: Mapping[str, Any]) -> str:
    """`text` (a config.toml) with `values` set in `[workers."MODEL"]`; ConfigError where that cannot be
    done in place without changing anything else."""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config.toml is not valid TOML ({exc}); fix it first") from None
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _header_name(line.rstrip("\r\n")) == model), None)
    if start is None:
        workers = before.get("workers", {})
        if isinstance(workers, dict) and model in workers:
            raise _by_hand(model, values, "its table is not written as a [workers.\"MODEL\"] section")
        joined = "".join(lines)
        if joined and not joined.endswith("\n"):
            joined += "\n"
        new = joined + ("\n" if joined.strip() else "") + worker_table_text(model, values)
    else:
        if not lines[start].endswith("\n"):
            lines[start] += "\n"  # the header was the file's last line, without an end of line
        end = next((i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines))
        body = lines[start + 1:end]
        missing: list[str] = []
        for key, value in values.items():
            k = re.escape(key)
            pattern = re.compile(rf"^(?P<lead>\s*(?:{k}|\"{k}\"|'{k}')\s*=\s*)(?P<rest>.*?)(?P<eol>\r?\n?)$")
            for j, line in enumerate(body):
                match = pattern.match(line)
                if match:
                    _old, tail = _split_comment(match["rest"])
                    body[j] = f"{match['lead']}{_value(value)}{tail}{match['eol'] or ''}"
                    break
            else:
                missing.append(f"{key} = {_value(value)}\n")
        if missing:
            last = max((j for j, line in enumerate(body) if line.strip() and not line.lstrip().startswith("#")),
                       default=-1)
            if last >= 0 and not body[last].endswith("\n"):
                body[last] += "\n"
            body[last + 1:last + 1] = missing
        new = "".join(lines[: start + 1] + body + lines[end:])
    expected = dict(before)
    expected["workers"] = dict(before.get("workers", {}))
    expected["workers"][model] = {**expected["workers"].get(model, {}), **values}
    try:
        result: dict[str, Any] | None = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
        result = None
    if result != expected:
        raise _by_hand(model, values, "the file's layout there is more than llorch edits in place")
    return new


def _by_hand(model: str, values: Mapping[str, Any], why: str) -> ConfigError:
    lines = "; ".join(f"{k} = {_value(v)}" for k, v in values.items())
    return ConfigError(f"cannot set [workers.{_quoted(model)}] in config.toml in place ({why}); "
                       f"config.toml is left unchanged: set these there by hand: {lines}")


def save_worker_values(paths: Paths, model: str, values: Mapping[str, Any]) -> Path:
    """Set `values` in config.toml's `[workers."MODEL"]`, the rest of the file kept; atomically (a temporary
    file renamed over it, its permissions kept). Returns the file's path."""
    path = paths.config_file
    load_config(paths)  # refuse to edit a file that does not validate
    checked = {k: parse_value(f"workers.{model}.{k}", v, source="llorch bench --tune") for k, v in values.items()}
    try:
        data = read_regular(path, what="config file", error=ConfigError)
    except FileNotFoundError:
        data = b""
    new = set_worker_values(data.decode("utf-8"), model, checked)
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {write_failure(exc)}; config left unchanged") from None
    write_bytes_atomic(path, new.encode("utf-8"), mode=mode)
    return path
