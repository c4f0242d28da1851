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

    from llorch.chat.conversation import Conversation, TurnDone
    from llorch.store.db import Store

    from rich.console import Console

    from llorch.engine.backend import Backend
    from llorch.engine.types import EngineOptions

__all__ = [
    "engine_options",
    "fallback_chain",
    "open_conversation",
    "tool_line",
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


def open_conversation(
    store: Store,
    paths: Paths,
    config: Config,
    *,
    session_id: int | None,
    model: str | None,
    profile: str | None,
    system: str | None = None,
    overrides: dict[str, Any] | None = None,
    ctx_size: int | None = None,
    gpu_layers: str | None = None,
    threads: int | None = None,
) -> tuple[Conversation, str | None]:
    """A conversation under a profile: the one asked for, else the resumed session's, else the default.

    Returns it with a note for the user (e.g. that the profile's models are not pulled).
    A resumed session asked to run under another profile switches to it, keeping its messages.
    """
    from llorch.chat.conversation import Conversation
    from llorch.models.cache import ModelCache
    from llorch.profiles.select import profile_resolver
    from llorch.tools.calls import ToolBox

    stored = store.get_session(session_id) if session_id is not None else None
    resolve = profile_resolver(paths, config)
    # A resumed session starts under its own profile (or the default), then switches if asked.
    start_name = (stored.profile or config.default_profile) if stored else (profile or config.default_profile)
    from llorch.errors import ProfileNotFoundError

    lost = None
    try:
        prof, selection = resolve(start_name)
    except ProfileNotFoundError:
        if stored is None or start_name == config.default_profile:
            raise
        lost = f"this session's profile {start_name!r} no longer exists; carrying on with {config.default_profile}"
        prof, selection = resolve(config.default_profile)
    options = engine_options(
        config, ctx_size=ctx_size if ctx_size is not None else prof.context_size, gpu_layers=gpu_layers, threads=threads
    )
    cache = ModelCache(model_loader(paths, config, options), budget_bytes=config.memory_budget_bytes())
    ref = model or (stored.model if stored and stored.model else selection.model)
    conv = Conversation.open(
        store, cache, session_id=session_id, model=ref, default_model=config.default_model, system=system,
        profile=prof, chain=(model,) if model else selection.chain, toolbox=ToolBox(paths), resolve_profile=resolve,
        base_sampling=config.sampling(), sampling_overrides=overrides or {},
        fallback=fallback_chain(cache, store, config, prof.name, prof.breaker),
    )
    note = lost or (selection.note if not model and not stored else None)
    if profile and profile != prof.name:
        report = conv.switch_profile(profile)  # messages stay; the new profile's model answers next
        note = report.note
        if model:
            conv.switch_model(model)
    return conv, note


def tool_line(event: Any) -> str:
    """One line for a tool call: `math(expression='2+2') -> 4`."""
    args = ", ".join(f"{k}={v!r}" for k, v in event.arguments.items())
    result = " ".join(event.text.split())
    return f"{event.name}({args}) -> {result[:200]}{'…' if len(result) > 200 else ''}"


def fallback_chain(cache: Any, store: Any, config: Config, profile: str, breaker: Any = None) -> Any:
    """Breakers (persisted in the store), time limits and injected faults around the model cache."""
    from llorch.resilience.book import BreakerBook
    from llorch.resilience.chain import FallbackChain

    book = BreakerBook(store, config.breaker(breaker, where=f"profile {profile} [breaker]"))
    return FallbackChain(cache, book, store, limits=config.call_limits(), faults=config.faults(), profile=profile)


def print_turn(events: Generator[Any, None, None], *, echo: bool = True) -> TurnDone | None:
    """Stream a conversation turn: answer text to stdout (unless `echo` is off), notes to stderr.

    Returns the turn's end. The generator is closed on the way out, so a Ctrl-C while
    printing still reaches the conversation, which saves the partial answer as cancelled.
    """
    import contextlib

    from llorch.chat.conversation import Notice, Skipped, ToolEvent, TurnDone

    err = stderr_console()
    done: TurnDone | None = None
    last = ""
    with contextlib.closing(events):
        for event in events:
            if isinstance(event, Notice):
                err.print(f"note: {event.text}", style="dim", markup=False)
            elif isinstance(event, ToolEvent):
                err.print(f"tool: {tool_line(event)}", style="dim", markup=False)
            elif isinstance(event, Skipped):
                if event.partial and echo:
                    write_out("\n")
                err.print(f"note: {event.model} could not answer ({event.reason}); trying the next source", markup=False)
            elif isinstance(event, TurnDone):
                done = event
                if event.source is not None and event.source.fallback and event.source.kind != "degraded":
                    err.print(f"source: {event.source.label()}", markup=False)
            elif event.text and echo:
                write_out(event.text)
                last = event.text
    if last and not last.endswith("\n"):
        write_out("\n")
    return done
