"""Tool calls by a model: the grammar's schema, the prompt block, parsing, and per-profile contexts.

Any GGUF model can call tools: its decision is generated under a grammar built from
the tools' JSON schemas, so the output is always `{"tool": NAME, "arguments": {...}}`
or `{"tool": "none"}` — no tool-call chat template needed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from llorch.config import Paths
from llorch.errors import ToolError, ToolPermissionError
from llorch.profiles.schema import ToolSettings
from llorch.tools.base import Tool, ToolContext, ToolResult
from llorch.tools.consent import Consent, Verdict, WriteRequest, not_asked
from llorch.tools.registry import ToolRegistry

__all__ = ["NO_TOOL", "ToolBox", "ToolCall", "call_schema", "has_tool_role", "looks_like_call", "parse_call", "tools_prompt"]

NO_TOOL = "none"


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"tool": self.name, "arguments": dict(self.arguments)}, ensure_ascii=False)

    def key(self) -> str:
        """The same call, whatever the order of its arguments."""
        return json.dumps({"tool": self.name, "arguments": dict(self.arguments)}, sort_keys=True, default=str)


def call_schema(tools: Sequence[Tool]) -> dict[str, Any]:
    """A JSON schema that admits exactly one call of one of `tools`, or no call."""
    options: list[dict[str, Any]] = [
        {
            "type": "object",
            "properties": {"tool": {"const": tool.name}, "arguments": _strict(tool.parameters)},
            "required": ["tool", "arguments"],
        }
        for tool in tools
    ]
    options.append({"type": "object", "properties": {"tool": {"const": NO_TOOL}}, "required": ["tool"]})
    return {"anyOf": options}


def _strict(parameters: Mapping[str, Any]) -> dict[str, Any]:
    schema = {k: v for k, v in parameters.items() if k in ("type", "properties", "required")}
    schema["properties"] = {
        name: {k: v for k, v in spec.items() if k in ("type", "enum", "items")}
        for name, spec in parameters.get("properties", {}).items()
    }
    schema["additionalProperties"] = False
    return schema


def tools_prompt(tools: Sequence[Tool], now: datetime | None = None) -> str:
    """The system-prompt block that tells the model which tools it has, how to call one, and
    what day and time it is (a model does not know; without it, it invents a date)."""
    now = (now or datetime.now()).astimezone()
    offset = now.strftime("%z")
    lines = [
        "You can call tools. When a tool would help, reply with only a JSON object "
        '{"tool": "<name>", "arguments": {...}}; its result comes back to you as a tool result. '
        "Call a tool only when the user's request needs it, and never twice for the same thing: "
        "once a tool result shows the request is done, answer the user in plain words, not JSON. "
        "Give dates and times in the user's own words (\"tomorrow 3pm\", \"next monday\"); the tools understand them.",
        "Tools:",
    ]
    for tool in tools:
        props = tool.parameters.get("properties", {})
        required = set(tool.parameters.get("required", []))
        lines.append(f"- {tool.name}: {tool.description}")
        for name, spec in props.items():
            kind = "|".join(map(str, spec["enum"])) if "enum" in spec else spec.get("type", "string")
            hint = f" — {spec['description']}" if spec.get("description") else ""
            lines.append(f"    {name}{'' if name in required else '?'}: {kind}{hint}")
        for request, arguments in getattr(tool, "examples", ()):
            call = json.dumps({"tool": tool.name, "arguments": arguments}, ensure_ascii=False)
            lines.append(f"    e.g. \"{request}\" -> {call}")
    # Last, so that everything above stays the same from one minute to the next (a cached prefix).
    lines.append(f"It is now {now.strftime('%A %d %B %Y, %H:%M')} (UTC{offset[:3]}:{offset[3:]}, {now.tzname()}).")
    return "\n".join(lines)


_TOOL_ROLE = re.compile(r"""role['"\]]*\s*==\s*['"]tool['"]""")


def has_tool_role(chat_template: str | None) -> bool:
    """Whether a chat template renders `tool` messages (tool results in the model's own form),
    as Qwen's does with `message.role == "tool"`."""
    return bool(chat_template and _TOOL_ROLE.search(chat_template))


def looks_like_call(text: str) -> bool:
    """Whether an answer is a tool call in JSON rather than words for the user."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return False
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError:
        return stripped.startswith('{"tool"')  # cut short by a length limit
    return isinstance(data, dict) and "tool" in data


def parse_call(text: str) -> ToolCall | None:
    """The call in a model's decision, or None for "no tool". Raises ToolError on malformed output."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ToolError(f"the model's tool call is not JSON ({exc.msg}): {text[:80]!r}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tool"), str):
        raise ToolError(f"the model's tool call names no tool: {text[:80]!r}")
    if data["tool"] == NO_TOOL:
        return None
    args = data.get("arguments", {})
    if not isinstance(args, dict):
        raise ToolError(f"the model's arguments for {data['tool']} are not an object")
    return ToolCall(data["tool"], args)


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
            tool = self.registry.get(name)
        except ToolError:
            return False
        return bool(getattr(tool, "writes", False)) or args.get("action") in tool.write_actions

    def permit(self, settings: ToolSettings, name: str, args: Mapping[str, Any], *, asked: bool,
               profile: str = "") -> Verdict | None:
        """For a call the model made: None when it changes nothing or the profile will refuse it anyway
        (`call` says why); else whether the write may run. `asked`: the user's message asked for a change."""
        if not settings.allows(name) or not self.writes(name, args):
            return None
        request = WriteRequest(name, dict(args), profile)
        if not asked:
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
