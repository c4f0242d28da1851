"""Workers: each owns one loaded model and the one thread that drives its context.

    Worker        a llama.cpp context with N slots, continuous batching (worker.py)
    KVCache       which slot a prompt goes to, prefix reuse, eviction (kvcache.py)
    SeqStateStore sequences saved to disk across processes (kvdisk.py)
    SerialWorker  any single-sequence Backend behind the same interface (serial.py)
    FakeSlots     a SlotEngine with an exact fake KV cache, for tests (fake.py)
    Handle        what a caller holds: stream, cancel, result (handle.py)

Importing this package does not import llama.cpp.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from llorch.engine.types import ModelInfo, Request
from llorch.orchestra.handle import Handle
from llorch.orchestra.kvcache import KVStats
from llorch.orchestra.serial import SerialWorker
from llorch.orchestra.worker import Worker, WorkerStats

__all__ = ["Handle", "KVStats", "ModelWorker", "SerialWorker", "Worker", "WorkerStats"]


@runtime_checkable
class ModelWorker(Protocol):
    """What the layers above a loaded model use: Worker, SerialWorker, and wrappers of them."""

    name: str

    def info(self) -> ModelInfo: ...

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]: ...

    def render_prompt(self, request: Request) -> str: ...

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False) -> Handle: ...

    def warm(self, request: Request) -> Handle: ...

    def generate(self, request: Request) -> Any: ...

    def stats(self) -> WorkerStats: ...

    def call(self, fn: Any) -> Any: ...

    def close(self) -> None: ...
