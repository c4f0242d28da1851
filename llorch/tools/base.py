"""The Tool seam: a protocol, what a call may touch, what it returns, and argument checks.

A tool is deterministic code with a JSON-schema description of its parameters. People
call it directly (`llorch tool NAME ...`, `/tool NAME ...`); a model calls it through a
grammar built from the same schemas. Either way the registry checks the arguments and
the active profile's permissions before `run` is called.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from llorch.errors import ToolError, ToolPermissionError

__all__ = ["EXACT_ONLY", "Tool", "ToolContext", "ToolResult", "check_arguments", "coerce_text", "parse_words",
           "readable_path", "shown_parameters"]


def _local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class ToolContext:
    """What one call may touch.

    Attributes:
        roots: file-reading tools read only under these directories (resolved).
        data_dir: where tools keep their own files (the calendar's .ics by default).
        can_write: whether the profile lets this tool change its own files.
        now: the clock (timezone-aware, local); tests pass a fixed one.
        calendar_file: the calendar's .ics file; None means `data_dir / "calendar.ics"`.
    """

    roots: tuple[Path, ...] = ()
    data_dir: Path = field(default_factory=Path.cwd)
    can_write: bool = False
    now: Callable[[], datetime] = _local_now
    calendar_file: Path | None = None

    @property
    def calendar_path(self) -> Path:
        return self.calendar_file or self.data_dir / "calendar.ics"


@dataclass(frozen=True)
class ToolResult:
    """A tool's answer: `text` for people and the model, `data` as JSON-ready values, and `verdict` where the tool
    answered a yes/no check (is it valid, does it match, does it satisfy, is it inside): `llorch tool` exits 1 when
    it is False, as grep and test do, so that a script can write `llorch tool validate json "$(cat x)" && …`."""

    text: str
    data: Any = None
    verdict: bool | None = None

    def to_json(self) -> str:
        return json.dumps(self.data, ensure_ascii=False, default=str)


@runtime_checkable
class Tool(Protocol):
    """A deterministic capability with a JSON-schema parameter description.

    Attributes:
        name: the registry key (`calendar`, `math`, ...).
        description: one line for people and the model.
        parameters: a JSON schema of type object; properties of type string, integer,
            number, boolean, or array of strings; `enum` and `required` honoured.
        positional: parameter names that bare words on the command line fill, in order.
        write_actions: values of the `action` argument that change files (need write permission).
        examples (optional): (request, arguments) pairs shown to the model, so that a small
            one calls the tool the way it is meant to (dates in the user's words, short titles).
    """

    name: str
    description: str
    parameters: Mapping[str, Any]
    positional: tuple[str, ...]
    write_actions: frozenset[str]

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult: ...


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list, tuple),
}


def check_arguments(tool: Tool, args: Mapping[str, Any]) -> dict[str, Any]:
    """Validate `args` against the tool's schema; return them with defaults filled in.

    Raises ToolError naming the tool, the parameter and what was expected.
    """
    props: Mapping[str, Any] = tool.parameters.get("properties", {})
    out: dict[str, Any] = {}
    for key, value in args.items():
        spec = props.get(key)
        if spec is None:
            known = ", ".join(props) or "none"
            raise ToolError(f"{tool.name}: unknown parameter {key!r} (parameters: {known})")
        kind = spec.get("type", "string")
        ok = isinstance(value, _TYPES.get(kind, (object,)))
        if kind in ("integer", "number") and isinstance(value, bool):
            ok = False
        if not ok:
            raise ToolError(f"{tool.name}: parameter {key!r} must be {_describe(spec)}, got {value!r}")
        if kind == "array":
            item_kind = spec.get("items", {}).get("type", "string")
            if any(not isinstance(v, _TYPES.get(item_kind, (object,))) for v in value):
                raise ToolError(f"{tool.name}: parameter {key!r} must be a list of {item_kind}s")
            value = list(value)
        if "enum" in spec and value not in spec["enum"]:
            raise ToolError(f"{tool.name}: parameter {key!r} must be one of {', '.join(map(str, spec['enum']))}; got {value!r}")
        out[key] = value
    for key in tool.parameters.get("required", []):
        if key not in out:
            spec = props.get(key, {})
            about = f": {spec['description']}" if spec.get("description") else ""
            raise ToolError(f"{tool.name}: missing parameter {key!r} ({_describe(spec)}{about})")
    for key, spec in props.items():
        if key not in out and "default" in spec:
            out[key] = spec["default"]
    return out


def coerce_text(tool: Tool, key: str, raw: str) -> Any:
    """Turn a command-line word into the parameter's type (`max=5` → 5, `tags=a,b` → ["a", "b"])."""
    spec = tool.parameters.get("properties", {}).get(key)
    if spec is None:
        known = ", ".join(tool.parameters.get("properties", {})) or "none"
        raise ToolError(f"{tool.name}: unknown parameter {key!r} (parameters: {known})")
    kind = spec.get("type", "string")
    try:
        if kind == "integer":
            return int(raw)
        if kind == "number":
            return float(raw)
    except ValueError:
        raise ToolError(f"{tool.name}: parameter {key!r} must be {_describe(spec)}, got {raw!r}") from None
    if kind == "boolean":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ToolError(f"{tool.name}: parameter {key!r} must be true or false, got {raw!r}")
    if kind == "array":
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw


def parse_words(tool: Tool, words: list[str]) -> dict[str, Any]:
    """Command-line words into arguments: `key=value` words by name, bare words fill `tool.positional`.

    Bare words beyond the positional parameters join the last one, so
    `llorch tool math 2 + 2` reads as one expression.
    """
    props = tool.parameters.get("properties", {})
    args: dict[str, Any] = {}
    bare: list[str] = []
    for word in words:
        key, eq, value = word.partition("=")
        if eq and key in props and key not in args:
            args[key] = coerce_text(tool, key, value)
        else:
            bare.append(word)
    slots = [p for p in tool.positional if p not in args]
    if bare and not slots:
        raise ToolError(f"{tool.name}: unexpected {' '.join(bare)!r}; give parameters as name=value ({', '.join(props)})")
    for i, slot in enumerate(slots):
        if i >= len(bare):
            break
        rest = bare[i:] if i == len(slots) - 1 else [bare[i]]
        args[slot] = coerce_text(tool, slot, " ".join(rest))
    return args


def _describe(spec: Mapping[str, Any]) -> str:
    if "enum" in spec:
        return "one of " + ", ".join(map(str, spec["enum"]))
    kind = spec.get("type", "string")
    return {"integer": "an integer", "array": "a list"}.get(kind, f"a {kind}")


# A parameter only llorch's exact step sets (the math tool's `money`, read from the question's currency): kept out of
# the tools a model is shown and its call grammar, as a small model fills in every parameter it sees (the 0.5B starter
# gave "12 * 34" a currency).
EXACT_ONLY = "x-llorch-exact-only"


def shown_parameters(parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """A tool's parameters as a model (ours, or an MCP client's) is shown them: without those marked EXACT_ONLY."""
    shown = dict(parameters or {})
    if isinstance(shown.get("properties"), Mapping):
        shown["properties"] = {name: spec for name, spec in shown["properties"].items()
                               if not (isinstance(spec, Mapping) and spec.get(EXACT_ONLY))}
    return shown

MAX_READ_BYTES = 32 * 1024 * 1024  # what a tool reads from one file (a long PDF fits; a disk image does not)


def read_regular_file(path: Path, *, limit: int = MAX_READ_BYTES, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes (llorch.userfiles.read_regular, as a ToolError).

    FIFOs, devices and sockets are refused rather than opened (reading a FIFO would wait
    forever), and so is a file over the limit, before a byte of it is read."""
    from llorch.userfiles import read_regular

    try:
        return read_regular(path, what=what, limit=limit, error=ToolError)
    except FileNotFoundError as exc:
        raise ToolError(f"cannot read {path}: {exc.strerror or exc}") from None


def readable_path(raw: str, ctx: ToolContext) -> Path:
    """Resolve a path a tool was asked to read, refusing anything outside the allowed roots.

    Relative paths are taken from the working directory. The check is on the resolved
    path, so `..` and symlinks that lead outside a root are refused.
    """
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    resolved = path.resolve()
    roots = [root.resolve() for root in ctx.roots]
    if not any(resolved == root or resolved.is_relative_to(root) for root in roots):
        allowed = ", ".join(str(r) for r in roots) or "none"
        raise ToolPermissionError(
            f"{raw} is outside the directories tools may read ({allowed}); "
            "run llorch from the directory that holds it, or add it to the profile's tools.read_roots"
        )
    if not resolved.exists():
        raise ToolError(f"{raw}: no such file or directory")
    return resolved
