"""Ctrl-C for the whole process: one SIGINT handler, installed once by the CLI (`install`).

Python's own handler raises KeyboardInterrupt wherever the main thread happens to be, and
three things break on it: inside a llama.cpp callback (C code on the stack) the exception is
printed and lost, so the run carries on; a second Ctrl-C cuts short the cleanup the first one
began (a worker's close, which must not free a context before its scheduler has stopped);
and a KeyboardInterrupt that lands while native objects are being made leaves them half owned.
With this handler:

- the first SIGINT raises KeyboardInterrupt, except inside a native callback or a `deferred()`
  block: there it is recorded, a load in progress aborts on it (`pending()`), and it is raised
  once the block has ended, or (a timer signal, SIGALRM, looks again) the C call has returned;
- later SIGINTs raise nothing: the first one's cleanup runs to its end;
- the third ends the process at once with exit code 130, leaving native memory to the OS
  (for a shutdown that takes too long: nothing is freed, so nothing can crash).

Without `install()` (llorch used as a library, tests in-process) Python's own handler stays,
`deferred()` defers nothing, and the callbacks keep their own guard.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import CodeType, FrameType
from typing import Any, TypeVar

__all__ = ["FORCE_AFTER", "deferred", "ending", "finish", "install", "installed", "interrupted", "native_callback", "pending",
           "raise_pending", "stop_quietly", "take_pending"]

FORCE_AFTER = 3  # this many SIGINTs end the process at once
INTERRUPTED_EXIT = 130
_LOOK_AGAIN_S = 0.02  # how soon a Ctrl-C recorded in a callback is looked at again

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class _State:
    installed: bool = False
    # SIGINTs seen by the handler, numbered by next(): one C call, so that a handler Python runs inside another's
    # (a second Ctrl-C at once) cannot lose a count, as `seen += 1` did between its read and its write
    sigints: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    count: int = 0  # those that interrupted the command (not while it stopped quietly)
    pending: bool = False  # the first one, recorded rather than raised (in a callback or deferred block)
    depth: int = 0  # deferred() blocks the main thread is in
    quiet: bool = False  # stop_quietly() began: the command stops on its own, Ctrl-C only counts
    on_quiet: Callable[[], None] | None = None
    callbacks: set[CodeType] = field(default_factory=set)


_state = _State()


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def install() -> None:
    """Handle SIGINT as described above, for the rest of the process; main thread only, once."""
    if _state.installed or not _main_thread():
        return
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGINT, _on_sigint)
    _state.installed = True


def installed() -> bool:
    return _state.installed


def native_callback(fn: F) -> F:
    """Mark `fn` as called from C (a ctypes callback): a Ctrl-C that lands in it is recorded, not raised."""
    _state.callbacks.add(fn.__code__)
    return fn


def interrupted() -> bool:
    """Whether any Ctrl-C reached the handler (the command's exit code is then 130)."""
    return _state.count > 0


def pending() -> bool:
    """A Ctrl-C recorded and not yet raised, asked from the main thread (the only one it interrupts):
    a native load checks this to abort."""
    return _state.pending and _main_thread()


def take_pending() -> bool:
    """In the main thread: clear the recorded Ctrl-C and say whether there was one (the caller raises it)."""
    if not _main_thread():
        return False
    was, _state.pending = _state.pending, False
    return was


def raise_pending() -> None:
    """Raise the recorded Ctrl-C now (main thread, outside any deferred block)."""
    if _state.pending and _state.depth == 0 and _main_thread():
        _state.pending = False
        raise KeyboardInterrupt


@contextmanager
def deferred() -> Iterator[None]:
    """A block that a Ctrl-C must not cut in two (freeing a context, making one): a SIGINT in it
    is raised when the block ends normally. Only the main thread is ever interrupted."""
    if not _state.installed or not _main_thread():
        yield
        return
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
    raise_pending()


@contextmanager
def stop_quietly(stop: Callable[[], None] | None = None) -> Iterator[None]:
    """From here a command stops on a signal of its own (a server that drains): Ctrl-C calls `stop` while
    the block runs, raises nothing for the rest of the process, and leaves the exit code 0; the third
    still ends the process at once."""
    _state.quiet = True
    _state.on_quiet = stop
    try:
        yield
    finally:
        _state.on_quiet = None


def _on_sigint(_signum: int, frame: FrameType | None) -> None:
    s = _state
    if next(s.sigints) >= FORCE_AFTER:
        _force_exit()
    if s.quiet:
        if s.on_quiet is not None:
            s.on_quiet()
        return
    s.count += 1
    if s.count > 1:
        return  # the first one is being handled: its cleanup must run to its end
    if s.depth:
        s.pending = True  # raised when the block ends
    elif _in_callback(frame):
        s.pending = True
        signal.setitimer(signal.ITIMER_REAL, _LOOK_AGAIN_S)  # raised once C has returned
    else:
        raise KeyboardInterrupt


def _on_alarm(_signum: int, frame: FrameType | None) -> None:
    """A Ctrl-C recorded in a callback outside any deferred block: raise it once the main thread is
    back in Python code of its own (the C call returned), wherever that is."""
    s = _state
    if not s.pending or s.depth:
        return  # raised already, or a deferred block raises it when it ends
    if _in_callback(frame):
        signal.setitimer(signal.ITIMER_REAL, _LOOK_AGAIN_S)
        return
    s.pending = False
    raise KeyboardInterrupt


def _in_callback(frame: FrameType | None) -> bool:
    callbacks = _state.callbacks
    while frame is not None:
        if frame.f_code in callbacks:
            return True
        frame = frame.f_back
    return False


def _force_exit() -> None:
    """Leave now: no thread is waited for and nothing native is freed (the OS takes it all back)."""
    try:  # answer text is flushed as it is written (cli._common.write_out): only this line is left
        os.write(2, b"\nInterrupted.\n")
    except OSError:
        pass
    os._exit(INTERRUPTED_EXIT)


def ending() -> None:
    """The command is over: from here on a Ctrl-C is recorded (the exit code becomes 130), never
    raised. Called as the last step of the command's own try block, so that a first Ctrl-C is either
    raised inside it or recorded after it, never raised into the cleanup that follows (a Ctrl-C that
    landed as main() entered its closing code printed a traceback)."""
    if _state.installed and _main_thread():
        _state.depth += 1


def finish() -> bool:
    """The command is over and its models closed; nothing may raise into the interpreter's exit now.
    Returns whether a Ctrl-C interrupted the command: the caller's exit code is then 130. Asked here,
    after the handler is changed, because Python runs a handler still pending before it changes one:
    a Ctrl-C that had reached the process just before was counted only then (asked before, it was
    lost and the command exited 0: the signal stress test, 'chat --plain' at its close).

    After a Ctrl-C or a command that stops on Ctrl-C by design (a server that drained), further ones
    are ignored; otherwise one ends the process by the signal itself, which shells report as 130,
    so a Ctrl-C is never answered with exit 0."""
    if _state.installed and _main_thread():  # a Ctrl-C still pending is counted inside signal.signal
        done = _state.count > 0 or _state.quiet
        signal.signal(signal.SIGINT, signal.SIG_IGN if done else signal.SIG_DFL)
    return interrupted()
