"""Import llama_cpp once, lazily, with its log routed (llorch --help never pays for it)."""

from __future__ import annotations

import os
import threading
from typing import Any

from llorch.engine._native import log

__all__ = ["llama_cpp"]

_lock = threading.Lock()


def llama_cpp() -> Any:
    """The llama_cpp module, imported on first use, with llama.cpp's log going to llorch's logger."""
    with _lock:
        # If llama.cpp aborts, it runs gdb to print a backtrace, and that lands on stdout (in the
        # user's pipe). llorch's own checks come first; an abort that still happens says less, elsewhere.
        os.environ.setdefault("GGML_NO_BACKTRACE", "1")
        import llama_cpp as module

        log.install(module)
        return module
