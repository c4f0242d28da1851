"""The `llorch` entry point: exit codes, and Ctrl-C from the first moment to the last.

Exit codes: 0 success, 1 runtime error (one line `Error: ...` on stderr; a traceback
only with LLORCH_DEBUG=1), 2 usage error, 130 interrupted.

This module imports next to nothing, so that the process's SIGINT handler
(llorch.interrupts) is in place before the commands and their libraries are imported:
a Ctrl-C at any moment ends in 130, never in a traceback. The Typer app is
llorch.cli.app (also reachable here as `app`).
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["app", "main"]

INTERRUPTED = 130


def __getattr__(name: str) -> Any:
    if name == "app":
        from llorch.cli.app import app

        return app
    raise AttributeError(f"module 'llorch.cli.main' has no attribute {name!r}")


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with llorch's exit codes.

    Typer handles usage errors (2) and a closed stdout; llorch's own errors become one
    `Error: ...` line and exit 1; an interrupted command exits 130. With `argv` given (tests
    calling in-process) the process's signal handling is left alone.
    """
    process = argv is None
    from llorch import interrupts

    try:
        if process:
            interrupts.install()
        code = _run(argv)
        if process:
            interrupts.ending()  # a Ctrl-C from here on is recorded, never raised into the closing below
    except KeyboardInterrupt:  # before a command began, or after it ended (Typer maps those inside to 130)
        code = INTERRUPTED  # raised by the handler's first Ctrl-C: later ones raise nothing
    if process:
        code = _finish(code)
    sys.exit(code)


def _run(argv: list[str] | None) -> Any:
    """The command's exit code (what it passed to sys.exit)."""
    from llorch.cli._common import setup_logging
    from llorch.errors import LlorchError

    setup_logging(False)  # quiet until a command asks for --verbose: llama.cpp's log never reaches the terminal
    from llorch.cli.app import app, check_utf8, error

    try:
        check_utf8(sys.argv[1:] if argv is None else argv)
        app(args=argv, prog_name="llorch")
    except SystemExit as exc:
        return exc.code
    except LlorchError as exc:
        if os.environ.get("LLORCH_DEBUG") == "1":
            import traceback

            traceback.print_exc()
        error(str(exc))
        return 1
    return 0


def _finish(code: Any) -> Any:
    """The command is over: close what a Ctrl-C left open (workers stop their threads before their
    contexts are freed), make an interrupted command exit 130, and leave the rest of the process's
    exit to llorch.interrupts.finish (a Ctrl-C from then on ends it by the signal, never in
    Python's shutdown noise)."""
    from llorch import interrupts

    interrupts.ending()  # after an interrupted command too: nothing raises from here
    try:
        with interrupts.deferred():
            worker = sys.modules.get("llorch.orchestra.worker")
            if worker is not None:
                worker.close_live_workers()
    except KeyboardInterrupt:
        pass
    if interrupts.finish():  # asked last: a Ctrl-C that arrived just now is counted inside it
        code = INTERRUPTED
    return code
