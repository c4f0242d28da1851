"""`llorch profiles`: list, show, validate and start profiles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from llorch.cli import complete
from llorch.cli._common import load_settings, write_out

__all__ = ["app"]

app = typer.Typer(help="List, show, validate and create profiles (models by role, tools, prompts).", no_args_is_help=True)


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="One JSON array.")) -> None:
    """List built-in and user profiles; the default is marked with *.

    \b
    Example: llorch profiles list
    """
    from llorch.profiles import list_profiles

    paths, config = load_settings()
    entries = list_profiles(paths)
    if as_json:
        data = [
            {"name": e.name, "origin": e.origin, "path": str(e.path), "description": e.description, "error": e.error,
             "default": e.name == config.default_profile}
            for e in entries
        ]
        write_out(json.dumps(data, ensure_ascii=False) + "\n")
        return
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        mark = "*" if e.name == config.default_profile else " "
        text = f"INVALID: {e.error}" if e.error else e.description
        write_out(f"{mark} {e.name:<{width}}  {e.origin:<24} {text}\n")


@app.command("show")
def show_cmd(
    name: Optional[str] = typer.Argument(None, autocompletion=complete.profiles, help="Profile name (default: config's default_profile)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
) -> None:
    """Show a profile: where it comes from, which model answers each role now, tools, sampling.

    \b
    Example: llorch profiles show dev
    """
    from llorch.models.registry import missing_reason
    from llorch.profiles import load_profile
    from llorch.profiles.schema import profile_to_table
    from llorch.profiles.select import select_model

    paths, config = load_settings()
    profile = load_profile(name or config.default_profile, paths)
    roles = {
        role: select_model(profile, lambda r: missing_reason(r, paths, config), role=role, default_model=config.default_model)
        for role in profile.roles
    }
    if as_json:
        data = profile_to_table(profile) | {
            "source": profile.source,
            "serving": {role: sel.model for role, sel in roles.items()},
        }
        write_out(json.dumps(data, ensure_ascii=False) + "\n")
        return
    lines = [f"{profile.name} — {profile.description}", f"source:   {profile.source}"]
    if profile.context_size is not None:
        lines.append(f"context:  {profile.context_size} tokens")
    lines.append("models (first present answers; the rest are its fallback chain):")
    for role, refs in profile.models.items():
        sel = roles[role]
        lines.append(f"  {role}: now {sel.model}")
        for ref in refs:
            reason = missing_reason(ref, paths, config)
            lines.append(f"    - {ref}" + (f"  ({reason})" if reason else "  (present)"))
    tools = profile.tools
    perms = ", ".join(f"{t} ({'write' if tools.can_write(t) else 'read'})" for t in tools.enabled) or "none"
    lines.append(f"tools:    {perms}; model calls: {tools.auto}, at most {tools.max_steps} per answer")
    only_exact = [t for t in tools.exact if t not in tools.enabled]
    if only_exact:
        lines.append(f"exact:    {', '.join(only_exact)} (plain questions only: not offered to the model)")
    lines.append(f"reads:    under {', '.join(tools.read_roots)}")
    if profile.sampling:
        lines.append("sampling: " + ", ".join(f"{k}={v}" for k, v in profile.sampling.items()))
    if profile.system_prompt:
        lines.append("system prompt:")
        lines.extend("  " + line for line in profile.system_prompt.splitlines())
    write_out("\n".join(lines) + "\n")


@app.command("validate")
def validate_cmd(
    file: Optional[Path] = typer.Argument(None, metavar="[FILE]", help="A profile .toml file; none checks every profile."),
) -> None:
    """Check profile files; each problem names the file, the key and what was expected. Exit 1 if any fails.

    Examples:

    \b
      llorch profiles validate ~/.config/llorch/profiles/mine.toml
      llorch profiles validate
    """
    from llorch.errors import ProfileError
    from llorch.profiles import list_profiles, load_profile_file

    if file is not None:
        profile = load_profile_file(file)
        write_out(f"ok: {file} (profile {profile.name})\n")
        return
    paths, _ = load_settings()
    failed = 0
    for entry in list_profiles(paths):
        if entry.error:
            failed += 1
            write_out(f"FAIL {entry.name}: {entry.error}\n")
        else:
            write_out(f"ok   {entry.name} ({entry.origin}: {entry.path})\n")
    if failed:
        raise ProfileError(f"{failed} profile(s) do not validate; fix the keys named above")


@app.command("new")
def new_cmd(
    name: str = typer.Argument(..., help="Name of the new profile (lower-case letters, digits, - and _)."),
    base: str = typer.Option("general", "--from", metavar="PROFILE", help="Profile to copy."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing user profile of that name."),
) -> None:
    """Write a new user profile (a copy of --from) to edit; a built-in's name makes your own version of it.

    \b
    Example: llorch profiles new research --from academic
    """
    from llorch.profiles import new_profile

    paths, _ = load_settings()
    path = new_profile(name, paths, base=base, force=force)
    write_out(f"{path}\n")
