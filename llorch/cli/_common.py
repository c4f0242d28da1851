"""Helpers shared by the command modules: settings, consoles, logging."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from llorch.config import Config, Paths, load_config, resolve_paths

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["fancy_stderr", "load_settings", "setup_logging", "stderr_console", "stdout_console", "write_out"]


def load_settings() -> tuple[Paths, Config]:
    paths = resolve_paths()
    return paths, load_config(paths)


def _color_ok(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def fancy_stderr() -> bool:
    """Colour and spinners on stderr: only on a terminal, and never with NO_COLOR."""
    return _color_ok(sys.stderr)


def stderr_console() -> Console:
    from rich.console import Console

    fancy = _color_ok(sys.stderr)
    return Console(stderr=True, color_system="auto" if fancy else None, highlight=False, soft_wrap=True)


def stdout_console() -> Console:
    from rich.console import Console

    isatty = getattr(sys.stdout, "isatty", None)
    piped = not (isatty and isatty())
    # Piped output is for grep and friends: never truncate it to a terminal width.
    return Console(
        color_system="auto" if _color_ok(sys.stdout) else None, highlight=False, soft_wrap=True, width=4096 if piped else None
    )


def write_out(text: str) -> None:
    """Write answer text to stdout as UTF-8 whatever the locale, and flush it now."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8", errors="replace"))
        buffer.flush()
    else:  # a test runner's text-only stream
        sys.stdout.write(text)
        sys.stdout.flush()


def setup_logging(verbose: bool) -> None:
    """Send llorch's log (llama.cpp's included) to stderr when verbose; keep it quiet otherwise."""
    root = logging.getLogger("llorch")
    for handler in list(root.handlers):
        if getattr(handler, "_llorch", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler._llorch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.ERROR + 10)
    root.propagate = False
