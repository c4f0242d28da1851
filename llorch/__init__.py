"""llorch: a terminal-first local AI assistant running GGUF models through llama.cpp.

The library API is `llorch.Runtime` (see llorch.runtime); it is imported on first use
so that `import llorch` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Runtime", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Runtime":
        from llorch.runtime import Runtime

        return Runtime
    raise AttributeError(f"module 'llorch' has no attribute {name!r}")
