"""What a conversation's turn yields to its front end, and the values its other calls return.

A turn (chat/conversation.py) streams the engine's tokens and prompt progress, the fallback chain's `Loading` and
`Skipped` (resilience/chain.py, named here too so that a front end imports a turn's events from one place), and the
events below: a notice, a tool that ran, the turn's end with its steps. Front ends render them; they never decide.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llorch.engine.types import Completion, PromptProgress, TokenEvent
from llorch.errors import LlorchError
from llorch.resilience.chain import Loading, Skipped, Source
from llorch.tools.calls import ToolCall

__all__ = ["ChatEvent", "Decision", "Loading", "Notice", "Skipped", "Step", "SwitchReport", "ToolEvent", "TurnDone"]


@dataclass(frozen=True)
class Notice:
    """Something the user should be told once, e.g. that old turns were dropped."""

    text: str


@dataclass(frozen=True)
class Step:
    """A step of a turn before its answer, for `--stats`: the model deciding on a tool call ("decision":
    `completion` holds its tokens and timings), a tool running ("tool"), or the user being asked ("consent")."""

    kind: str
    what: str  # the decision's outcome ("calendar add", "no tool", "failed"), or the tool's name
    ms: float
    completion: Completion | None = None


@dataclass(frozen=True)
class TurnDone:
    """The end of a turn: the stored answer's id and status, and the completion if any."""

    message_id: int
    status: str
    text: str
    completion: Completion | None = None
    error: str | None = None
    source: Source | None = None
    mode: str = "chat"  # "chat" (the model's template) or "raw" (plain completion)
    model_path: str = ""  # the file of the model that answered
    worker: Any = None  # that model's WorkerStats after the answer (KV use and hit rate)
    route: Any = None  # which instance of the pool answered and why (llorch.orchestra.group.Route)
    consensus: Any = None  # how the vote went, when the turn was answered by consensus (chat/consensus.Outcome)
    steps: tuple[Step, ...] = ()  # the tool steps before the answer (decisions, tools), in order
    turn_ms: float = 0.0  # the whole turn, tool steps and answer
    tool_calls: tuple[ToolCall, ...] = ()  # calls of the caller's own tools (the server's clients run them)
    exception: LlorchError | None = dataclasses.field(default=None, repr=False, compare=False)  # why it failed

    @property
    def mean_logprob(self) -> float | None:
        """The answer's mean token log-probability when logprobs were asked (a confidence score), else None."""
        return self.completion.mean_logprob if self.completion is not None else None

    @property
    def mean_entropy(self) -> float | None:
        """The answer's mean token entropy in nats when logprobs were asked (how unsure the model was), else None."""
        return self.completion.mean_entropy if self.completion is not None else None


@dataclass(frozen=True)
class ToolEvent:
    """A tool ran (called by the model, or by the user with /tool): what, with what, and what came back."""

    name: str
    arguments: Mapping[str, Any]
    text: str
    ok: bool = True
    by_model: bool = True
    refused: str = ""  # a change the model wanted that was not made: why ("unasked", "declined", "no-terminal")


@dataclass(frozen=True)
class Decision:
    """A turn's first tool decision, made and not run (`Conversation.decide`): the call, or None for
    "no tool"; the decision's completion (None when no tools were on offer); the tools offered."""

    call: ToolCall | None
    completion: Completion | None
    offered: tuple[str, ...] = ()


@dataclass(frozen=True)
class SwitchReport:
    """What a profile switch did: the model now answering, how long the switch took, and notes."""

    profile: str
    model: str
    ms: float
    was_loaded: bool
    note: str | None = None


ChatEvent = TokenEvent | PromptProgress | Notice | ToolEvent | Skipped | Loading | TurnDone
