"""`llorch tool NAME ...` runs a tool directly; `llorch tools` lists and describes them."""

from __future__ import annotations

import json
from typing import Any, Optional

import typer

from llorch.cli import complete
from llorch.cli._common import load_settings, stderr_console, write_out

__all__ = ["app", "register"]

app = typer.Typer(help="List the tools and what they take; `llorch tool NAME ...` runs one.", no_args_is_help=True)


def _profile(name: str | None, paths: Any, config: Any) -> Any:
    """The profile asked for; else the default one, or `general` when the default is broken
    (a tool that needs no model must not fail for want of a profile)."""
    from llorch.errors import ProfileError
    from llorch.profiles import load_profile

    if name is not None:
        return load_profile(name, paths)
    try:
        return load_profile(config.default_profile, paths)
    except ProfileError as exc:
        if config.default_profile == "general":
            raise
        stderr_console().print(f"note: default_profile cannot be used ({exc}); using general", markup=False)
        return load_profile("general", paths)


def _registry(config: Any) -> Any:
    """Built-in tools, and config.toml's MCP servers (started only when one of their tools is used)."""
    from llorch.tools import ToolRegistry

    if not config.mcp_servers:
        return ToolRegistry()
    from llorch.mcp.client import MCPManager

    return ToolRegistry(mcp=MCPManager(config.mcp_servers))


def _close(registry: Any) -> None:
    if registry.mcp is not None:
        registry.mcp.close()


@app.command("list")
def list_cmd(profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Mark the tools this profile enables.")) -> None:
    """List the tools, MCP servers' tools too; * marks those the profile enables (w: it may write).

    \b
    Example: llorch tools list --profile productivity
    """
    from llorch.errors import ToolError

    paths, config = load_settings()
    prof = _profile(profile, paths, config)
    registry = _registry(config)
    try:
        tools = [registry.get(name) for name in registry.names()]
        failed: list[tuple[str, str]] = []
        for server in config.mcp_servers:
            try:
                tools.extend(registry.server_tools(server))
            except ToolError as exc:  # one server that will not start does not hide the others
                failed.append((server + ".*", str(exc)))
        width = max([10, *(len(t.name) for t in tools)])  # (the names' column: "permissions" is 11 wide)
        for tool in tools:
            name = tool.name
            only_exact = name in prof.tools.exact and name not in prof.tools.enabled
            mark = "e " if only_exact else ("*" + ("w" if prof.tools.can_write(name) else " ")) \
                if prof.tools.allows(name) else "  "
            where = f"  (MCP server {tool.server}{'; changes things' if tool.writes else ''})" if "." in name else ""
            write_out(f"{mark} {name:<{width}} {tool.description}{where}\n")
        for name, why in failed:
            write_out(f"   {name:<{width}} {why}\n")
    finally:
        _close(registry)
    exact = "; e for exact steps only: llorch asks them plain questions, the model is not offered them" \
        if set(prof.tools.exact) - set(prof.tools.enabled) else ""
    write_out(f"(* enabled in profile {prof.name}{exact})\n")


@app.command("show")
def show_cmd(name: str = typer.Argument(..., autocompletion=complete.tools, help="Tool name.")) -> None:
    """Show a tool's parameters (the JSON schema a model is constrained by).

    \b
    Example: llorch tools show calendar
    """
    from llorch.tools import ToolRegistry

    tool = ToolRegistry().get(name)
    lines = [f"{tool.name} — {tool.description}"]
    if tool.positional:
        lines.append(f"usage: llorch tool {tool.name} " + " ".join(p.upper() for p in tool.positional) + " [name=value ...]")
    required = set(tool.parameters.get("required", []))
    for key, spec in tool.parameters.get("properties", {}).items():
        kind = "|".join(map(str, spec["enum"])) if "enum" in spec else spec.get("type", "string")
        extra = " (required)" if key in required else (f" (default {spec['default']!r})" if "default" in spec else "")
        lines.append(f"  {key}: {kind}{extra}  {spec.get('description', '')}".rstrip())
    write_out("\n".join(lines) + "\n")


def tool_command(
    name: str = typer.Argument(..., autocompletion=complete.tools, help="A built-in tool (`llorch tools list` lists them all: math, units, calendar, holidays, ...) or an MCP server's SERVER.tool."),
    args: Optional[list[str]] = typer.Argument(None, metavar="ARGS...", help="Bare words fill the main parameters; name=value sets any."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Profile whose permissions apply (default: config's default_profile)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result's data as JSON."),
) -> None:
    """Run a tool yourself: deterministic, no model. `llorch tools list` names them. A check that says no (not
    valid, no match, not inside, does not satisfy) exits 1, as grep does.

    Examples:

    \b
      llorch tool math "2/3 + 1/6"
      llorch tool calendar add title=Dentist "start=tomorrow 3pm" --profile productivity
      llorch tool code src/ --profile dev
      llorch tool citations format refs.bib style=ieee --profile academic
      df -h | llorch tool table max use_percent     (a tool's text, when not given, is read from stdin)
    """
    from llorch.tools.base import parse_words
    from llorch.tools.calls import ToolBox

    paths, config = load_settings()
    prof = _profile(profile, paths, config)
    box = ToolBox(paths, _registry(config))
    try:
        tool = box.registry.get(name)
        arguments = parse_words(tool, list(args or []))
        _unknown_names(name, tool, list(args or []))
        if "text" not in arguments and "text" in tool.parameters.get("required", ()):  # (never an optional one's:
            # `while read h; do llorch tool …; done` would eat the loop's input)
            from llorch.cli.run import read_stdin

            piped = read_stdin()  # `df -h | llorch tool table max use_percent`, `cat notes.md | llorch tool count words`
            if piped is not None:  # read as `llorch run` reads it: its last newline off, which a hash puts back
                arguments["text"] = piped.removesuffix("\n")
                if "piped" in tool.parameters.get("properties", {}):
                    arguments["piped"] = True
        result = box.call(prof.tools, name, arguments, profile=prof.name)
    finally:
        _close(box.registry)
    if as_json:
        write_out(json.dumps({"tool": name, "arguments": arguments, "text": result.text, "data": result.data},
                             ensure_ascii=False, default=str) + "\n")
    else:
        write_out(result.text.rstrip("\n") + "\n")
    if result.verdict is False:  # a check that says no (not valid, no match): exit 1, as grep and test do
        raise typer.Exit(1)


def _unknown_names(name: str, tool: Any, words: list[str]) -> None:
    """A note for each name=value word whose name is no parameter of the tool: it was read as text (`random
    passphrase words=3` made six words, silently: the parameter is length). Not an error: text may hold "="."""
    import difflib
    import re

    props = list(tool.parameters.get("properties", {}))
    for word in words:
        key, eq, _ = word.partition("=")
        if eq and re.fullmatch(r"[a-z][a-z_]{1,30}", key) and key not in props:
            near = difflib.get_close_matches(key, props, n=1, cutoff=0.7)
            hint = f"did you mean {near[0]}=? " if near else ""
            stderr_console().print(f"note: {name} has no parameter {key!r}, so {word!r} was read as text; {hint}"
                                   f"its parameters: {', '.join(props)}", markup=False, highlight=False)


def register(root: typer.Typer) -> None:
    root.command("tool", context_settings={"ignore_unknown_options": True})(tool_command)
    root.add_typer(app, name="tools")
