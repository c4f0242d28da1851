"""`--help` examples survive the help formatter's rewrapping: pasted into a shell, they run as shown."""

from __future__ import annotations

import inspect
import json
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator

import pytest
import typer
from typer.testing import CliRunner


def help_text(*args: str, columns: int) -> str:
    """`llorch ARGS --help` as a terminal COLUMNS wide shows it (the installed command)."""
    llorch = shutil.which("llorch")
    assert llorch
    r = subprocess.run([llorch, *args, "--help"], capture_output=True, text=True, timeout=120,
                       env=os.environ | {"COLUMNS": str(columns)})
    assert r.returncode == 0, r.stderr
    return r.stdout


def shell_command(text: str, start: str) -> list[str]:
    """The command that begins with `start` in `text`, with its backslash-continued lines, as a shell splits it."""
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.strip().startswith(start))
    command = lines[i]
    while command.endswith("\\"):
        i += 1
        command = command[:-1] + "\n" + lines[i]
    return shlex.split(command.replace("\\\n", " "))


@pytest.mark.parametrize("columns", [60, 200])
def test_serve_help_shows_a_curl_command_that_pastes(columns: int) -> None:
    argv = shell_command(help_text("serve", columns=columns), "curl ")
    assert argv[:6] == ["curl", "http://127.0.0.1:8080/v1/chat/completions", "-H", "Content-Type: application/json",
                        "-d", argv[5]]
    assert len(argv) == 6
    assert json.loads(argv[5]) == {"model": "qwen-1.5b", "messages": [{"role": "user", "content": "Hi"}]}


def _commands(app: typer.Typer, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
    """(command words, docstring) for every command and group callback of the CLI."""
    if app.registered_callback is not None and app.registered_callback.callback is not None and path:
        yield path, inspect.getdoc(app.registered_callback.callback) or ""
    for info in app.registered_commands:
        assert info.callback is not None
        name = info.name or info.callback.__name__.replace("_", "-")
        yield path + (name,), inspect.getdoc(info.callback) or ""
    for group in app.registered_groups:
        assert isinstance(group.typer_instance, typer.Typer) and isinstance(group.name, str)
        yield from _commands(group.typer_instance, path + (group.name,))


def test_every_example_in_every_help_is_printed_whole() -> None:
    """Each docstring example line comes out of `--help` at 60 columns as one whole line (not rewrapped)."""
    from llorch.cli.main import app

    checked = 0
    for words, doc in _commands(app):
        examples = [line.strip() for line in doc.splitlines()
                    if line.strip().startswith(("llorch ", "Example: llorch ", "curl ", "git diff", "cat ", "printf ",
                                                "watch ", "LLORCH_API_KEY="))]
        if not examples:
            continue
        r = CliRunner().invoke(app, [*words, "--help"], env={"COLUMNS": "60"})
        assert r.exit_code == 0, r.output
        shown = {line.strip() for line in r.stdout.splitlines()}
        for example in examples:
            assert example in shown, (words, example)
            checked += 1
    assert checked > 30  # the walk found the examples
