"""Tools: deterministic capabilities that people and models can call."""

from llorch.tools.base import Tool, ToolContext, ToolResult
from llorch.tools.registry import BUILTIN_TOOLS, ToolRegistry

__all__ = ["BUILTIN_TOOLS", "Tool", "ToolContext", "ToolRegistry", "ToolResult"]
