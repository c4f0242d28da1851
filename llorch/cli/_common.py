"""Helpers shared by the command modules: settings, consoles, logging."""

from __future__ import annotations

import logging
import os
import sys
import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llorch.config import Config, Paths, load_config, parse_value, resolve_paths

if TYPE_CHECKING:
    from collections.abc import Callable, Generator

    from llorch.chat.conversation import TurnDone

    from rich.console import Console

    from llorch.engine.backend import Backend
    from llorch.engine.types import EngineOptions

__all__ = [
    "engine_options",
    "print_turn",
    "fancy_stderr",
    "load_settings",
    "model_loader",
    "open_backend",
    "setup_logging",
    "stderr_console",
    "stdout_console",
    "write_out",
]


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

    return Console(stderr=True, color_system="auto" if fancy_stderr() else None, highlight=False, soft_wrap=True)


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


def open_backend(path: Path, options: EngineOptions, name: str) -> Backend:
    """Load a model; the seam CLI tests replace to run commands on the fake backend."""
    from llorch.engine.llama import LlamaBackend

    return LlamaBackend(path, options, name=name)


def engine_options(
    config: Config,
    *,
    ctx_size: int | None = None,
    gpu_layers: str | None = None,
    threads: int | None = None,
    flash_attn: bool | None = None,
) -> EngineOptions:
    """The config's engine settings with this command's overrides."""
    overrides: dict[str, Any] = {}
    if ctx_size is not None:
        overrides["n_ctx"] = ctx_size
    if gpu_layers is not None:
        overrides["n_gpu_layers"] = parse_value("engine.n_gpu_layers", gpu_layers, source="--gpu-layers")
    if threads is not None:
        overrides["threads"] = threads
    if flash_attn is not None:
        overrides["flash_attn"] = flash_attn
    return dataclasses.replace(config.engine_options(), **overrides)


def model_loader(paths: Paths, config: Config, options: EngineOptions) -> Callable[[str], Backend]:
    """Reference -> loaded backend, resolving (and pulling) through the model registry."""

    def load(ref: str) -> Backend:
        from llorch.models import resolve_model

        resolved = resolve_model(ref, paths, config)
        return open_backend(resolved.path, options, ref)

    return load


def print_turn(events: Generator[Any, None, None], *, echo: bool = True) -> TurnDone | None:
    """Stream a conversation turn: answer text to stdout (unless `echo` is off), notes to stderr.

    Returns the turn's end. The generator is closed on the way out, so a Ctrl-C while
    printing still reaches the conversation, which saves the partial answer as cancelled.
    """
    import contextlib

    from llorch.chat.conversation import Notice, TurnDone

    err = stderr_console()
    done: TurnDone | None = None
    last = ""
    with contextlib.closing(events):
        for event in events:
            if isinstance(event, Notice):
                err.print(f"note: {event.text}", style="dim", markup=False)
            elif isinstance(event, TurnDone):
                done = event
            elif event.text and echo:
                write_out(event.text)
                last = event.text
    if last and not last.endswith("\n"):
        write_out("\n")
    return done
