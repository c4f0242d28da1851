"""What a profile allows its tools: the `[tools]` table of a profile, as a value the tools layer reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["ToolSettings"]


@dataclass(frozen=True)
class ToolSettings:
    """Which tools a profile offers and what they may touch.

    `auto`: whether the model may call tools by itself — "auto" means only for chat
    (instruction-tuned) models, since base models emit noise. `permissions` maps a tool
    to "read", "write" (the model's writes need the user's go-ahead, tools/consent.py) or
    "allow" (writes without asking, for scripts); tools not listed are read-only. `exact`: tools
    llorch runs for a message that plainly asks what they answer exactly (the exact step:
    tools/exact.py) without offering them to the model's own decisions, which each tool on
    offer makes longer.
    """

    enabled: tuple[str, ...] = ()
    permissions: Mapping[str, str] = field(default_factory=dict)
    auto: str = "auto"
    max_steps: int = 3
    read_roots: tuple[str, ...] = (".",)
    calendar_file: str | None = None
    exact: tuple[str, ...] = ()

    def permission(self, tool: str) -> str:
        """"read", "write" or "allow": the tool's own entry, else its MCP server's (`SERVER.*`), else "read"."""
        return self.permissions.get(tool) or self.permissions.get(tool.partition(".")[0] + ".*", "read")

    def can_write(self, tool: str) -> bool:
        return self.permission(tool) in ("write", "allow")

    def writes_unasked(self, tool: str) -> bool:
        """Whether the model's writes with `tool` run without asking the user ("allow")."""
        return self.permission(tool) == "allow"

    def allows(self, tool: str) -> bool:
        """Whether `tool` is enabled: by name, as one of an MCP server's tools (`SERVER.*`), or for exact steps."""
        return tool in self.enabled or tool in self.exact or ("." in tool and tool.partition(".")[0] + ".*" in
                                                               self.enabled)

    @property
    def exact_tools(self) -> tuple[str, ...]:
        """The tools an exact step may call: those enabled, and those enabled for exact steps only."""
        return self.enabled + tuple(t for t in self.exact if t not in self.enabled)
