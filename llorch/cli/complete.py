"""Shell completion of values (bash, zsh, fish): model references, profiles, session ids, tools.

Each function runs when the shell asks, so it reads only what it needs (config.toml,
the profiles folder, the models folder, the sessions database) and never imports the
engine: completion stays as quick as `llorch --help`.
"""

from __future__ import annotations

import contextlib
import sys

import typer

__all__ = ["models", "profiles", "register", "sessions", "tools"]


def _starts(values: list[str], incomplete: str) -> list[str]:
    return sorted({v for v in values if v.startswith(incomplete)})


def models(incomplete: str) -> list[str]:
    """The bundled models, aliases, pulled `hf:` files and models made here (a path completes as a path: type `./`)."""
    values: list[str] = []
    with contextlib.suppress(Exception):  # a broken config must not break the shell
        from llorch.config import load_config, resolve_paths
        from llorch.models.starter import BUNDLED_NAMES

        paths = resolve_paths()
        values += list(BUNDLED_NAMES) + list(load_config(paths).aliases)
        hf_root = paths.models_dir / "hf"
        if hf_root.is_dir():
            for file in hf_root.rglob("*.gguf"):
                rel = file.relative_to(hf_root).parts
                if ".cache" not in rel and len(rel) >= 3:
                    values.append(f"hf:{rel[0]}/{rel[1]}/{'/'.join(rel[2:])}")
        from llorch.models.local import list_local

        values += [name for name, _ in list_local(paths)]
    return _starts(values, incomplete)


def profiles(incomplete: str) -> list[str]:
    values: list[str] = []
    with contextlib.suppress(Exception):
        from llorch.config import resolve_paths
        from llorch.profiles.loader import BUILTIN_DIR, user_profiles_dir

        values += [p.stem for p in BUILTIN_DIR.glob("*.toml")]
        folder = user_profiles_dir(resolve_paths())
        if folder.is_dir():
            values += [p.stem for p in folder.glob("*.toml")]
    return _starts(values, incomplete)


def sessions(incomplete: str) -> list[tuple[str, str]]:
    """Recent session ids, each with its title as the help text."""
    out: list[tuple[str, str]] = []
    with contextlib.suppress(Exception):
        from llorch.config import resolve_paths
        from llorch.store import db_path, open_store

        paths = resolve_paths()
        if not db_path(paths).exists():
            return []
        with open_store(paths) as store:
            out = [(str(s.id), s.title or "") for s in store.list_sessions(50) if str(s.id).startswith(incomplete)]
    return out


def tools(incomplete: str) -> list[str]:
    from llorch.tools.registry import BUILTIN_TOOLS

    return _starts(list(BUILTIN_TOOLS), incomplete)


def completion_command(shell: str = typer.Argument(..., metavar="SHELL", help="bash, zsh or fish.")) -> None:
    """Print the completion script for a shell (commands, options, models, profiles, sessions, tools).

    Examples:

    \b
      llorch completion bash >> ~/.bashrc
      llorch completion zsh > ~/.zfunc/_llorch
      llorch completion fish > ~/.config/fish/completions/llorch.fish
    """
    from typer._completion_shared import get_completion_script

    if shell not in ("bash", "zsh", "fish"):
        raise typer.BadParameter(f"{shell!r} is not a shell llorch completes; use bash, zsh or fish", param_hint="SHELL")
    script = get_completion_script(prog_name="llorch", complete_var="_LLORCH_COMPLETE", shell=shell)
    sys.stdout.write(script.rstrip("\n") + "\n")  # (without it, `>> ~/.bashrc` glued the next line appended there on)


def register(app: typer.Typer) -> None:
    app.command("completion")(completion_command)
