"""The tool registry: built-in tools by name, loaded on first use, and checked calls."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from llorch.errors import ToolError, ToolNotFoundError, ToolPermissionError
from llorch.tools.base import Tool, ToolContext, ToolResult, check_arguments

__all__ = ["BUILTIN_TOOLS", "ToolRegistry"]

log = logging.getLogger("llorch.tools")

# name -> "module:Class"; modules are imported when the tool is first used.
BUILTIN_TOOLS: dict[str, str] = {
    "calendar": "llorch.tools.calendar:CalendarTool",
    "citations": "llorch.tools.citations:CitationsTool",
    "clock": "llorch.tools.clock:ClockTool",
    "code": "llorch.tools.code:CodeTool",
    "codes": "llorch.tools.codes:CodesTool",
    "color": "llorch.tools.color:ColorTool",
    "convert": "llorch.tools.convert:ConvertTool",
    "count": "llorch.tools.count:CountTool",
    "cron": "llorch.tools.cron:CronTool",
    "documents": "llorch.tools.documents:DocumentsTool",
    "encode": "llorch.tools.encode:EncodeTool",
    "holidays": "llorch.tools.publicdays:HolidaysTool",
    "math": "llorch.tools.math:MathTool",
    "network": "llorch.tools.network:NetworkTool",
    "permissions": "llorch.tools.permissions:PermissionsTool",
    "random": "llorch.tools.chance:RandomTool",
    "regex": "llorch.tools.regexes:RegexTool",
    "table": "llorch.tools.table:TableTool",
    "text": "llorch.tools.text:TextTool",
    "timespan": "llorch.tools.timespan:TimespanTool",
    "tldr": "llorch.tools.tldr:TldrTool",
    "units": "llorch.tools.units:UnitsTool",
    "validate": "llorch.tools.validate:ValidateTool",
    "version": "llorch.tools.versions:VersionTool",
}


class ToolRegistry:
    """Tools by name. `call` checks arguments and permissions, then runs the tool."""

    def __init__(self, tools: Iterable[Tool] | None = None, *, mcp: Any = None) -> None:
        self._tools: dict[str, Tool] = {t.name: t for t in tools} if tools is not None else {}
        self._lazy = dict(BUILTIN_TOOLS) if tools is None else {}
        self.mcp = mcp  # an MCPManager: `SERVER.tool` names reach its servers (llorch/mcp/client.py)

    def names(self) -> list[str]:
        return sorted(set(self._tools) | set(self._lazy))

    def server_tools(self, server: str) -> list[Tool]:
        """Every tool of the MCP server `server`."""
        if self.mcp is None:
            raise ToolNotFoundError(f"no MCP server named {server!r}: none is configured ([mcp.servers] in config.toml)")
        tools: list[Tool] = self.mcp.tools(server)
        return tools

    def get(self, name: str) -> Tool:
        if "." in name and name not in self._tools:
            if self.mcp is None:
                raise ToolNotFoundError(f"no tool named {name!r}: no MCP server is configured ([mcp.servers] in config.toml)")
            tool: Tool = self.mcp.tool(name)
            return tool
        if name not in self._tools:
            target = self._lazy.get(name)
            if target is None:
                raise ToolNotFoundError(f"no tool named {name!r}; tools: {', '.join(self.names())}")
            module, _, cls = target.partition(":")
            self._tools[name] = getattr(importlib.import_module(module), cls)()
        return self._tools[name]

    def writes(self, name: str, args: Mapping[str, Any]) -> bool:
        """Whether calling `name` with `args` changes the user's data: an MCP tool its server does not mark
        read-only, or one of a tool's write actions. (The permission check and the consent both ask this.)"""
        tool = self.get(name)
        return bool(getattr(tool, "writes", False)) or args.get("action") in tool.write_actions

    def call(self, name: str, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        """Run a tool after checking its arguments and that `ctx` allows what it would do."""
        tool = self.get(name)
        checked = check_arguments(tool, args)
        if not ctx.can_write and self.writes(name, checked):
            if getattr(tool, "writes", False):
                raise ToolPermissionError(
                    f"{name} may change things (its MCP server does not mark it read-only), and this profile allows "
                    f"it read-only; set tools.permissions.\"{name}\" = \"write\" in the profile"
                )
            raise ToolPermissionError(
                f"{name} {checked.get('action')} changes files, and this profile allows {name} read-only; "
                f"set tools.permissions.{name} = \"write\" in the profile"
            )
        try:
            return tool.run(checked, ctx)
        except ToolError:
            raise
        except (OSError, ValueError) as exc:
            raise ToolError(f"{name}: {exc}") from None
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as exc:  # a tool's own bug: the user (or the model) sees it, the chat goes on
            log.warning("tool %s failed", name, exc_info=True)
            raise ToolError(f"{name} failed: {type(exc).__name__}: {exc or 'no details'}") from None
