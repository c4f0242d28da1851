"""Task sets: the items an evaluation asks, from the package or from a user's JSONL file.

One JSON object per line:

    {"id": "gold", "prompt": "What is the chemical symbol for gold?", "check": "contains-any",
     "expected": "Au", "accept": [], "reject": ["Ag"]}

`id` and `prompt` are required; `check` names a checker (checkers.py; default: "number" when
`expected` is a number, else "contains-any"); `expected` is what it expects. Optional: `accept`
and `reject` (variants), `schema` (the answer is generated under this JSON schema, and checked
against it), `profile` (the profile the item is asked under, unless --profile names one), `max_tokens`.
Items whose check is "tool-call" are asked for a tool decision only; nothing runs.

The sets in the package: facts, arithmetic, tools, json, shell (how-tos at the shell: the answer must give the
command that does it, by a pattern, under the `general` profile), and consensus (the bench's arithmetic
word problems, llorch/bench/data/arithmetic.jsonl, each answered by a vote).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from llorch.errors import InputError

__all__ = ["BUILTIN_SETS", "TaskItem", "TaskSet", "UnknownSetError", "load_set", "parse_items", "resolve_sets"]

BUILTIN_SETS = ("facts", "arithmetic", "tools", "json", "shell", "consensus")
_DEFAULT_MAX_TOKENS = 256  # built-in sets ask for short answers; room for a sentence of working
_KEYS = frozenset({"id", "prompt", "check", "expected", "accept", "reject", "schema", "profile", "max_tokens"})
_MAX_FILE_BYTES = 64 * 1024 * 1024


class UnknownSetError(InputError):
    """A set name that is neither built in nor a file (a usage error: the command line names it)."""


@dataclass(frozen=True)
class TaskItem:
    id: str
    prompt: str
    check: str
    expected: Any
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    schema: Mapping[str, Any] | None = None
    profile: str | None = None
    max_tokens: int | None = None

    @property
    def is_tool_decision(self) -> bool:
        return self.check == "tool-call"

    def options(self) -> dict[str, Any]:
        """What the checker reads besides `expected`."""
        return {"accept": self.accept, "reject": self.reject, "schema": self.schema}


@dataclass(frozen=True)
class TaskSet:
    """A named list of items. `consensus`: each item is answered by a vote of several answers."""

    name: str
    items: tuple[TaskItem, ...]
    source: str = ""  # "builtin" or the file's path
    consensus: bool = False
    max_tokens: int | None = None  # unless the item or the command line says otherwise
    extra: Mapping[str, Any] = field(default_factory=dict)

    def limited(self, limit: int | None) -> TaskSet:
        from dataclasses import replace

        return self if limit is None else replace(self, items=self.items[:limit])


def load_set(name: str) -> TaskSet:
    """A built-in set by name, or a user's JSONL file by path. Raises UnknownSetError for a name that
    is neither, InputError (naming file and line) for a file that does not hold valid items."""
    if name in BUILTIN_SETS:
        if name == "consensus":
            return _consensus_set()
        text = (resources.files("llorch.evals") / "data" / f"{name}.jsonl").read_text(encoding="utf-8")
        return TaskSet(name, parse_items(text, f"{name}.jsonl"), "builtin", max_tokens=_DEFAULT_MAX_TOKENS)
    path = Path(name).expanduser()
    if not path.exists():
        if "/" in name or name.endswith(".jsonl") or path.suffix:
            raise InputError(f"no task file {name}: give an existing .jsonl file or one of {', '.join(BUILTIN_SETS)}")
        raise UnknownSetError(f"unknown task set {name!r}; the sets are {', '.join(BUILTIN_SETS)}, "
                              "or give the path of a .jsonl file of your own")
    if path.is_dir():
        raise InputError(f"{name} is a folder; give a .jsonl file of task items")
    try:
        size = path.stat().st_size
        if size > _MAX_FILE_BYTES:
            raise InputError(f"{name} is {size / 2**20:,.0f} MiB; a task file holds at most "
                             f"{_MAX_FILE_BYTES // 2**20} MiB of items")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text (byte {exc.start}); a task file holds one JSON object "
                         "per line") from None
    return TaskSet(path.stem, parse_items(text, name), str(path))


def parse_items(text: str, source: str) -> tuple[TaskItem, ...]:
    """Items from JSONL text; every fault names `source`, the line and what to fix."""
    from llorch.evals.checkers import validate_expected

    items: list[TaskItem] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source} line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where} is not JSON ({exc.msg}); each line must be one JSON object") from None
        if not isinstance(raw, dict):
            raise InputError(f"{where} is not a JSON object; each line must be one, with id and prompt")
        unknown = sorted(set(raw) - _KEYS)
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; keys are {', '.join(sorted(_KEYS))}")
        item_id = raw.get("id")
        if isinstance(item_id, int) and not isinstance(item_id, bool):
            item_id = str(item_id)
        if not isinstance(item_id, str) or not item_id.strip():
            raise InputError(f"{where}: 'id' must be a non-empty string (or a number)")
        if item_id in seen:
            raise InputError(f"{where}: id {item_id!r} is used twice; ids tell items apart when runs are compared")
        seen.add(item_id)
        prompt = raw.get("prompt")
        if not isinstance(prompt, str) or not prompt.strip():
            raise InputError(f"{where}: 'prompt' must be non-empty text")
        if "expected" not in raw:
            raise InputError(f"{where}: no 'expected' answer")
        expected = raw["expected"]
        check = raw.get("check") or ("number" if isinstance(expected, (int, float)) and not isinstance(expected, bool)
                                     else "contains-any")
        schema = raw.get("schema")
        if schema is not None and not isinstance(schema, dict):
            raise InputError(f"{where}: 'schema' must be a JSON schema object")
        profile = raw.get("profile")
        if profile is not None and (not isinstance(profile, str) or not profile.strip()):
            raise InputError(f"{where}: 'profile' must be a profile's name")
        max_tokens = raw.get("max_tokens")
        if max_tokens is not None and (not isinstance(max_tokens, int) or isinstance(max_tokens, bool)
                                       or not 1 <= max_tokens <= 1_000_000):
            raise InputError(f"{where}: 'max_tokens' must be a whole number from 1 to 1000000")
        options = {k: raw[k] for k in ("accept", "reject", "schema") if k in raw}
        why = validate_expected(str(check), expected, options)
        if why:
            raise InputError(f"{where}: {why}")
        items.append(TaskItem(item_id, prompt, str(check), expected, tuple(raw.get("accept", ())),
                              tuple(raw.get("reject", ())), schema, profile, max_tokens))
    if not items:
        raise InputError(f"{source} holds no items; give one JSON object per line with id, prompt and expected")
    return tuple(items)


def _consensus_set() -> TaskSet:
    """The bench's arithmetic word problems, asked as `llorch bench --consensus` asks them (no copy of the data)."""
    from llorch.bench.accuracy import PROMPT, load_problems

    items = tuple(TaskItem(str(p["id"]), PROMPT.format(question=p["question"]), "number", p["answer"])
                  for p in load_problems())
    return TaskSet("consensus", items, "builtin", consensus=True, max_tokens=_DEFAULT_MAX_TOKENS)


def resolve_sets(names: Sequence[str]) -> list[TaskSet]:
    """Each name loaded once, in the order given (a name given twice is asked once)."""
    out: list[TaskSet] = []
    for name in dict.fromkeys(names):
        task_set = load_set(name)
        if any(s.name == task_set.name for s in out):
            raise InputError(f"two task sets are called {task_set.name!r}; rename one file (results are kept by set name)")
        out.append(task_set)
    return out
