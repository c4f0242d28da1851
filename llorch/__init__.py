"""llorch: a terminal-first local AI assistant running GGUF models through llama.cpp."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
