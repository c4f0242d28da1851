"""Tool calls by a model: the one call format, its grammar, the prompt block, and reading calls back.

Every front end (chat, `run`, agents, the server) uses this one format: a decision is
generated under a grammar built from the tools' JSON schemas, so the output is always
`{"name": NAME, "arguments": {...}}` (the shape of Qwen's own `<tool_call>` body and of
OpenAI's function calls) or `{"name": "none"}` when no tool is needed. Reading is
tolerant: a call a model writes in another common shape (a ```json block, `<tool_call>`
tags, `{"tool": ...}`, a leading parenthesis) is still recognised, so it is never shown
to a user as if it were the answer.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from llorch.errors import ToolError, ToolPermissionError
from llorch.paths import Paths
from llorch.tools.base import Tool, ToolContext, ToolResult, shown_parameters
from llorch.tools.consent import Consent, Verdict, WriteRequest, fits, not_asked
from llorch.tools.daymath import long_date
from llorch.tools.registry import ToolRegistry
from llorch.tools.settings import ToolSettings

__all__ = ["NO_TOOL", "CallableTool", "ToolBox", "ToolCall", "call_schema", "has_tool_role", "looks_like_call",
           "may_be_markup", "parse_call", "read_call", "today_line", "tools_block", "tools_clock", "tools_prompt",
           "unwrap_words", "without_hint"]

NO_TOOL = "none"
CALL_KEY = "name"  # the key that names the tool in a call the model writes


class CallableTool(Protocol):
    """What the format needs of a tool: a built-in Tool, an MCP tool or an API client's function."""

    name: str
    description: str

    @property
    def parameters(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({CALL_KEY: self.name, "arguments": dict(self.arguments)}, ensure_ascii=False)

    def key(self) -> str:
        """The same call, whatever the order of its arguments."""
        return json.dumps({"name": self.name, "arguments": dict(self.arguments)}, sort_keys=True, default=str)


def call_schema(tools: Sequence[CallableTool], choice: str = "auto") -> dict[str, Any]:
    """A JSON schema that admits exactly one call of one of `tools`, or (with `choice` "auto") no call.

    `choice` "required" admits only calls; a tool's name admits only a call of that tool. llorch's own
    tools (built-in and MCP) get their parameters as far as the grammar can enforce them; an API
    client's functions get theirs as given (the server checked that the grammar can be made)."""
    chosen = [t for t in tools if choice in ("auto", "required") or t.name == choice]
    options: list[dict[str, Any]] = [
        {
            "type": "object",
            "properties": {CALL_KEY: {"const": tool.name},
                           "arguments": dict(tool.parameters or {}) or {"type": "object"}
                           if getattr(tool, "schema_as_given", False)
                           else _strict(shown_parameters(tool.parameters))},
            "required": [CALL_KEY, "arguments"],
        }
        for tool in chosen
    ]
    if choice == "auto" or not options:
        options.append({"type": "object", "properties": {CALL_KEY: {"const": NO_TOOL}}, "required": [CALL_KEY]})
    return options[0] if len(options) == 1 else {"anyOf": options}


# What the grammar can enforce of a property: the keywords llama-cpp-python's converter
# honours (llorch.engine.grammar). It ignores minimum/maximum, so a small closed integer
# range is spelt as an enum. Lengths and counts are spelt out one item at a time: past
# _MAX_SPELT they are left to the tool's own check. `pattern` is left out: the converter
# takes only a subset of regexes, and MCP tools bring any.
_KEPT = ("type", "enum", "const", "items")
_COUNTS = ("minItems", "maxItems", "minLength", "maxLength")
_MAX_SPELT = 1000
_MAX_ENUM = 128  # each alternative is a grammar stack while the number is sampled


def _strict(parameters: Mapping[str, Any]) -> dict[str, Any]:
    schema = {k: v for k, v in parameters.items() if k in ("type", "properties", "required")}
    schema.setdefault("type", "object")
    schema["properties"] = {name: _bounded(spec) for name, spec in parameters.get("properties", {}).items()
                            if isinstance(spec, Mapping)}
    schema["additionalProperties"] = False
    return schema


def _bounded(spec: Mapping[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in spec.items() if k in _KEPT or (k in _COUNTS and _whole(v) and 0 <= v <= _MAX_SPELT)}
    low: Any = spec.get("minimum")
    high: Any = spec.get("maximum")
    if spec.get("type") == "integer" and "enum" not in spec and _whole(low) and _whole(high) and 0 <= high - low < _MAX_ENUM:
        kept["enum"] = list(range(low, high + 1))
    return kept


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


DECISION_HINT = os.environ.get("LLORCH_DECISION_HINT", "1") != "0"  # measured: scripts/eval_tool_decisions.py


def decision_hint(last_role: str) -> str:
    """What a decision reads after the last message: that `{"name": "none"}` is an answer too (a
    small model that does not know it calls a tool for everything)."""
    if last_role == "user":
        return (f'(If a tool is needed for this, reply with the call. If not, reply {{"{CALL_KEY}": "{NO_TOOL}"}} '
                "and the user gets an answer in words.)")
    return (f'(If this result is enough to answer the user, reply {{"{CALL_KEY}": "{NO_TOOL}"}}; '
            "call a tool only for something still missing.)")


def without_hint(call: ToolCall, hint: str) -> ToolCall:
    """`call` with the decision hint cut out of its string arguments: the 0.5B copied it into an
    email's body ("The report is late. (If a tool is needed for this, reply with the call. ...")."""
    opening = hint[:20]

    def cut(value: Any) -> Any:
        if isinstance(value, str):
            at = value.find(opening)
            return value[:at].rstrip() if at >= 0 else value
        if isinstance(value, Mapping):
            return {k: cut(v) for k, v in value.items()}
        if isinstance(value, list):
            return [cut(v) for v in value]
        return value

    arguments = cut(call.arguments)
    return call if arguments == dict(call.arguments) else ToolCall(call.name, arguments)


def tools_prompt(tools: Sequence[CallableTool], now: datetime | None = None) -> str:
    """The system-prompt block that tells the model which tools it has, how to call one, and
    what day and time it is (a model does not know; without it, it invents a date)."""
    return f"{tools_block(tools)}\n{tools_clock(now)}"


def tools_block(tools: Sequence[CallableTool]) -> str:
    """`tools_prompt` but its last line, the clock: the same from one request to the next, so a
    model's evaluated prefix of it can be kept (and saved for later processes)."""
    lines = [
        "You can call tools. When a tool would help, reply with only a JSON object "
        f'{{"{CALL_KEY}": "<tool>", "arguments": {{...}}}}; its result comes back to you as a tool result. '
        "Call a tool only when the user's request needs it, and never twice for the same thing: "
        "once a tool result shows the request is done, answer the user in plain words, not JSON. "
        "Give dates and times in the user's own words (\"tomorrow 3pm\", \"next monday\"); the tools understand them.",
        "Tools:",
    ]
    for tool in tools:
        params = shown_parameters(tool.parameters)
        props = params.get("properties", {})
        required = set(params.get("required", []))
        lines.append(f"- {tool.name}: {tool.description or 'no description'}")
        for name, spec in props.items():
            spec = spec if isinstance(spec, Mapping) else {}
            kind = "|".join(map(str, spec["enum"])) if "enum" in spec else spec.get("type", "string")
            hint = f" — {spec['description']}" if spec.get("description") else ""
            lines.append(f"    {name}{'' if name in required else '?'}: {kind}{hint}")
        for request, arguments in getattr(tool, "examples", ()):
            call = json.dumps({CALL_KEY: tool.name, "arguments": arguments}, ensure_ascii=False)
            lines.append(f"    e.g. \"{request}\" -> {call}")
    return "\n".join(lines)


def tools_clock(now: datetime | None = None) -> str:
    """The last line of the tools' block: the day and time now (it changes every minute, so it comes last)."""
    now = (now or datetime.now()).astimezone()
    offset = now.strftime("%z")
    return f"It is now {now.strftime('%A %d %B %Y, %H:%M')} (UTC{offset[:3]}:{offset[3:]}, {now.tzname()})."


def today_line(now: datetime | None = None) -> str:
    """The system prompt's last line when no tools are offered: the date, which a model cannot know."""
    return f"Today is {long_date((now or datetime.now()).astimezone().date())}."


_TOOL_ROLE = re.compile(r"""role['"\]]*\s*==\s*['"]tool['"]""")


def has_tool_role(chat_template: str | None) -> bool:
    """Whether a chat template renders `tool` messages (tool results in the model's own form),
    as Qwen's does with `message.role == "tool"`."""
    return bool(chat_template and _TOOL_ROLE.search(chat_template))


_WRAPPERS = re.compile(r"^\s*(?:\(\s*)?(?:<tool_call>\s*)?(?:```(?:json|tool_call)?\s*)?", re.IGNORECASE)
_NAME_KEYS = ("name", "tool", "function")
_ARG_KEYS = ("arguments", "parameters", "input", "args")


def _json_object(text: str) -> tuple[dict[str, Any] | None, bool]:
    """The first JSON object in `text` once the wrappers models put around calls are removed,
    and whether the text starts like one (an object cut short by a length limit)."""
    body = _WRAPPERS.sub("", text, count=1)
    if not body.startswith("{"):
        return None, False
    try:
        data, _end = json.JSONDecoder().raw_decode(body)
    except json.JSONDecodeError:
        return None, True
    return (data if isinstance(data, dict) else None), True


def read_call(text: str) -> ToolCall | None:
    """A tool call in any shape a model writes one, or None when `text` is not a call (or says "none")."""
    data, _ = _json_object(text)
    if data is None:
        return None
    name = next((data[k] for k in _NAME_KEYS if isinstance(data.get(k), str)), None)
    if name is None and isinstance(data.get("function"), dict):  # {"function": {"name": ..., "arguments": ...}}
        data = data["function"]
        name = data.get("name") if isinstance(data.get("name"), str) else None
    if name is None or name == NO_TOOL:
        return None
    args: Any = next((data[k] for k in _ARG_KEYS if k in data), {})
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except json.JSONDecodeError:
            return None
    return ToolCall(name, args) if isinstance(args, dict) else None


def looks_like_call(text: str) -> bool:
    """Whether an answer is tool-call markup or JSON meant for a tool rather than words for the user:
    a call in any common shape, a "no call" object, or one cut short."""
    data, starts = _json_object(text)
    if data is None:
        stripped = _WRAPPERS.sub("", text, count=1)
        return starts and bool(re.match(r'\{\s*"(?:name|tool|function)"', stripped))
    return any(k in data for k in _NAME_KEYS)


_MARKUP_OPENERS = ("{", "(", "`", "<")


def may_be_markup(start: str) -> bool:
    """Whether an answer's start could still turn out to be a tool call or JSON-wrapped words (held
    back until known); once it is clearly words (or a fenced block of code), it may be shown."""
    start = start.lstrip()
    if not start:
        return True
    if not start.startswith(_MARKUP_OPENERS):
        return False
    if start.startswith("{"):
        return True  # JSON: only its end tells
    head = start[:40]
    if len(head) < 24:
        return True
    return _WRAPPERS.sub("", head, count=1).startswith("{")


def unwrap_words(text: str) -> str:
    """Words a model wrapped as JSON (`{"content": "..."}`, `{"answer": "..."}`) as plain text; other text unchanged."""
    data, _ = _json_object(text)
    if data is not None and len(data) == 1:
        value = next(iter(data.values()))
        if next(iter(data)) in ("content", "answer", "response", "text", "message") and isinstance(value, str):
            return value
    return text


def parse_call(text: str) -> ToolCall | None:
    """The call in a grammar-constrained decision, or None for "no tool". Raises ToolError on malformed output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(f"the model's tool call is not JSON ({exc.msg}): {text[:80]!r}") from None
    if not isinstance(data, dict) or not any(isinstance(data.get(k), str) for k in ("name", "tool")):
        raise ToolError(f"the model's tool call names no tool: {text[:80]!r}")
    name = data["name"] if isinstance(data.get("name"), str) else data["tool"]
    if name == NO_TOOL:
        return None
    args = data.get("arguments", {})
    if not isinstance(args, dict):
        raise ToolError(f"the model's arguments for {name} are not an object")
    return ToolCall(name, args)


class ToolBox:
    """The registry plus what a profile allows: contexts, enabled tools, checked calls."""

    def __init__(
        self,
        paths: Paths,
        registry: ToolRegistry | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        cwd: Callable[[], Path] = Path.cwd,
        consent: Consent | None = None,
    ) -> None:
        self.paths = paths
        self.registry = registry or ToolRegistry()
        self._now = now
        self._cwd = cwd
        self.consent = consent if consent is not None else Consent()  # nobody to ask: writes need "allow"

    def now(self) -> datetime:
        """The tools' clock (injected in tests)."""
        return self._now() if self._now is not None else datetime.now().astimezone()

    def enabled(self, settings: ToolSettings) -> list[Tool]:
        """The profile's tools; `SERVER.*` stands for every tool of that MCP server (which is then started)."""
        tools: list[Tool] = []
        for name in settings.enabled:
            if name.endswith(".*"):
                tools.extend(self.registry.server_tools(name[:-2]))
            else:
                tools.append(self.registry.get(name))
        return tools

    def context(self, settings: ToolSettings, name: str) -> ToolContext:
        base = self._cwd()
        roots = tuple((base / Path(r).expanduser()).resolve() for r in settings.read_roots)
        calendar = Path(settings.calendar_file).expanduser() if settings.calendar_file else None
        extra: dict[str, Any] = {"now": self._now} if self._now is not None else {}
        return ToolContext(
            roots=roots, data_dir=self.paths.data_dir, can_write=settings.can_write(name), calendar_file=calendar, **extra
        )

    def writes(self, name: str, args: Mapping[str, Any]) -> bool:
        """Whether calling `name` with `args` would change the user's data (False for an unknown tool:
        `call` says what is wrong with it)."""
        try:
            return self.registry.writes(name, args)
        except ToolError:
            return False

    def permit(self, settings: ToolSettings, name: str, args: Mapping[str, Any], *, asked: frozenset[str],
               profile: str = "") -> Verdict | None:
        """For a call the model made: None when it changes nothing or the profile will refuse it anyway
        (`call` says why); else whether the write may run. `asked`: the kinds of change the user's message asks
        for (consent.changes_asked); a write of another kind is not run (asked to add, a removal)."""
        if not settings.allows(name) or not self.writes(name, args):
            return None
        request = WriteRequest(name, dict(args), profile)
        if not fits(request.what(), asked):
            return not_asked(request)
        if not settings.can_write(name):
            return None
        return self.consent.decide(request, preapproved=settings.writes_unasked(name))

    def call(self, settings: ToolSettings, name: str, args: Mapping[str, Any], *, profile: str = "") -> ToolResult:
        """Run `name` if the profile enables it, with the profile's permissions."""
        self.registry.get(name)  # an unknown name is ToolNotFoundError before a permission error
        if not settings.allows(name):
            where = f"profile {profile!r}" if profile else "this profile"
            raise ToolPermissionError(
                f"tool {name!r} is not enabled in {where} (enabled: {', '.join(settings.enabled) or 'none'}); "
                "use --profile with one that has it, or add it to the profile's tools.enabled"
            )
        return self.registry.call(name, args, self.context(settings, name))
