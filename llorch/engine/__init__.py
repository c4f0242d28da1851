"""The engine: the Backend seam, its values, and the llama.cpp and fake backends.

`LlamaSlots` is imported from `llorch.engine.llama` on purpose (it pulls in
llama.cpp); this package exposes only what is light to import.
"""

from __future__ import annotations

from llorch.engine.backend import Backend
from llorch.engine.fake import FakeBackend
from llorch.engine.types import (
    BuildInfo,
    Completion,
    EngineOptions,
    Event,
    Message,
    ModelInfo,
    Request,
    Sampling,
    Timings,
    TokenEvent,
    Usage,
)

__all__ = [
    "Backend",
    "BuildInfo",
    "Completion",
    "EngineOptions",
    "Event",
    "FakeBackend",
    "Message",
    "ModelInfo",
    "Request",
    "Sampling",
    "Timings",
    "TokenEvent",
    "Usage",
]
