"""llama.cpp's log, routed to the `llorch.llama_cpp` logger instead of the process's stderr.

llama.cpp has one log callback per process. What a single load needs from it (the
error lines that explain a failure, and whether Ctrl-C arrived while llama.cpp was
busy) is kept per thread, so two models loading at once never read each other's lines.
"""

from __future__ import annotations

import ctypes
import io
import logging
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from llorch import interrupts

__all__ = ["LoadCapture", "LogWriter", "capture", "install"]

native_log = logging.getLogger("llorch.llama_cpp")

# ggml_log_level (NONE, DEBUG, INFO, WARN, ERROR) -> logging level; CONT=5 continues a line.
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}

_state: dict[str, Any] = {"callback": None}
_local = threading.local()


class LoadCapture:
    """What one thread's llama.cpp calls logged: recent warnings/errors, and a pending Ctrl-C."""

    def __init__(self) -> None:
        self.errors: deque[str] = deque(maxlen=8)
        self.interrupted = False
        self.level = logging.INFO
        self.line = ""


def _current() -> LoadCapture:
    cap = getattr(_local, "capture", None)
    if cap is None:
        cap = _local.capture = LoadCapture()
    return cap


@contextmanager
def capture() -> Iterator[LoadCapture]:
    """A fresh capture for this thread's llama.cpp calls while the block runs."""
    previous = getattr(_local, "capture", None)
    cap = _local.capture = LoadCapture()
    try:
        yield cap
    finally:
        _local.capture = previous


def install(llama_cpp: Any) -> None:
    """Install the process's log callback once (the reference is kept for the process's life)."""
    if _state["callback"] is not None:
        return

    @llama_cpp.llama_log_callback
    @interrupts.native_callback  # with the CLI's handler, a Ctrl-C landing here is recorded, never raised
    def _callback(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
        try:
            cap = _current()
            if level != 5:
                cap.level = _LEVELS.get(level, logging.INFO)
            chunk = cap.line + text.decode("utf-8", errors="replace")
            *lines, cap.line = chunk.split("\n")
            for line in lines:
                if line.strip():
                    if cap.level >= logging.WARNING:
                        cap.errors.append(line.strip())
                    native_log.log(cap.level, "%s", line)
        except KeyboardInterrupt:
            # Python's own handler (llorch used as a library): an exception cannot cross
            # into C, so remember it; the load's progress callback aborts on it.
            _current().interrupted = True
        except BaseException:  # noqa: BLE001 - nothing may cross into C
            pass

    llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
    _state["callback"] = _callback


class LogWriter(io.TextIOBase):
    """A text stream that turns llama-cpp-python's own prints into debug log lines."""

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                native_log.debug("%s", line)
        return len(text)
