"""The root Typer app: every command group registered (the entry point is llorch.cli.main)."""

from __future__ import annotations

import sys

import typer

from llorch import __version__
from llorch.cli import (
    agents_cmd, bench, breakers_cmd, chat, complete, config_cmd, eval_cmd, info, mcp_cmd, models, profiles_cmd, ps_cmd, run, serve, sessions, tools_cmd,
    top_cmd,
)

__all__ = ["app", "check_utf8", "error"]

app = typer.Typer(
    name="llorch",
    help="A terminal-first local AI assistant: GGUF models in-process through llama.cpp.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh and fish
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"llorch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """A terminal-first local AI assistant: GGUF models in-process through llama.cpp."""


run.register(app)
complete.register(app)
chat.register(app)
app.add_typer(sessions.app, name="sessions")
app.add_typer(models.app, name="models")
app.add_typer(bench.app, name="bench")
eval_cmd.register(app)
app.add_typer(profiles_cmd.app, name="profiles")
app.add_typer(breakers_cmd.app, name="breakers")
tools_cmd.register(app)
app.add_typer(config_cmd.app, name="config")
app.add_typer(mcp_cmd.app, name="mcp")
app.add_typer(agents_cmd.app, name="agents")
info.register(app)
ps_cmd.register(app)
top_cmd.register(app)
serve.register(app)


def check_utf8(args: list[str]) -> None:
    """Arguments that are not valid UTF-8 (the OS hands them over as surrogate escapes) are refused up front."""
    from llorch.errors import InputError

    for n, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as exc:
            byte = ord(arg[exc.start]) - 0xDC00 if "\udc80" <= arg[exc.start] <= "\udcff" else ord(arg[exc.start])
            raise InputError(
                f"argument {n} is not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start}); "
                "pass text in UTF-8, e.g. convert it with iconv -t utf-8"
            ) from None


def error(message: str) -> None:
    message = " ".join(message.split())  # one line, whatever the cause's formatting
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()
