"""llorch: a terminal-first local AI assistant running GGUF models through llama.cpp.

The library API is `llorch.Runtime` (see llorch.runtime); it is imported on first use
so that `import llorch` stays light.
"""

from __future__ import annotations

import logging
from typing import Any

# A library's log is its user's to show: without a handler of theirs, llama.cpp's load warnings
# must not land on stderr through Python's last-resort handler (the CLI sets up its own).
logging.getLogger("llorch").addHandler(logging.NullHandler())

__version__ = "0.1.0"

__all__ = ["Runtime", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Runtime":
        from llorch.runtime import Runtime

        return Runtime
    raise AttributeError(f"module 'llorch' has no attribute {name!r}")
