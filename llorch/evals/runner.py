"""An evaluation: every item of every set through an answerer, each answer checked; results as values.

The answerer is the seam: llorch's own (answer.py) asks a Runtime, tests pass a function.
Results are frozen dataclasses that render (report.py), save (history.py) and compare
(compare.py); nothing here prints or touches the store.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from llorch.evals.checkers import CheckContext, check
from llorch.evals.stats import wilson
from llorch.evals.tasks import TaskItem, TaskSet

__all__ = ["Answer", "Answerer", "EvalInterrupted", "EvalRun", "ItemResult", "SetResult", "run_eval", "unasked_write"]


@dataclass(frozen=True)
class Answer:
    """What the setup under test said to one item (for a tool item: its decision, as call JSON)."""

    text: str
    tokens: int = 0  # tokens generated: every model call of the turn (tool decisions, an answer asked again)
    mean_logprob: float | None = None  # the mean of the answer's token log-probabilities, when known
    error: str | None = None  # the answer failed: it counts as wrong
    tools: tuple[str, ...] = ()  # tools that ran while answering (read-only: writes are refused)


Answerer = Callable[[TaskSet, TaskItem, int], Answer]  # (set, item, its index in the set) -> Answer


@dataclass(frozen=True)
class ItemResult:
    id: str
    prompt: str
    expected: Any
    answer: str
    correct: bool
    seconds: float
    tokens: int = 0
    mean_logprob: float | None = None
    error: str | None = None
    unasked_write: bool = False  # a tool decision that would change the user's data, which the request did not ask
    tools: tuple[str, ...] = ()
    check: str = ""  # the checker that judged it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "prompt": self.prompt, "expected": self.expected, "answer": self.answer,
            "correct": self.correct, "seconds": round(self.seconds, 4), "tokens": self.tokens,
            "mean_logprob": None if self.mean_logprob is None else round(self.mean_logprob, 6),
            "error": self.error, "unasked_write": self.unasked_write, "tools": list(self.tools), "check": self.check,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ItemResult:
        return cls(str(data["id"]), str(data.get("prompt", "")), data.get("expected"), str(data.get("answer", "")),
                   bool(data["correct"]), float(data.get("seconds", 0.0)), int(data.get("tokens", 0)),
                   data.get("mean_logprob"), data.get("error"), bool(data.get("unasked_write", False)),
                   tuple(data.get("tools", ())), str(data.get("check", "")))


@dataclass(frozen=True)
class SetResult:
    name: str
    items: tuple[ItemResult, ...]
    source: str = ""

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def correct(self) -> int:
        return sum(i.correct for i in self.items)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """The accuracy's 95% Wilson confidence interval."""
        return wilson(self.correct, self.total)

    @property
    def seconds(self) -> float:
        return sum(i.seconds for i in self.items)

    @property
    def items_per_s(self) -> float:
        return self.total / self.seconds if self.seconds > 0 else 0.0

    @property
    def unasked_writes(self) -> int:
        return sum(i.unasked_write for i in self.items)

    @property
    def decisions(self) -> int:
        """Items scored on a tool decision (where an unasked write can happen)."""
        return sum(i.check == "tool-call" for i in self.items)

    @property
    def errors(self) -> int:
        return sum(i.error is not None for i in self.items)

    @property
    def mean_logprob(self) -> float | None:
        values = [i.mean_logprob for i in self.items if i.mean_logprob is not None]
        return sum(values) / len(values) if values else None

    def summary(self) -> dict[str, Any]:
        low, high = self.interval
        mean = self.mean_logprob
        return {
            "name": self.name, "source": self.source, "correct": self.correct, "total": self.total,
            "accuracy": round(self.accuracy, 4), "ci95": [round(low, 4), round(high, 4)],
            "seconds": round(self.seconds, 3), "items_per_s": round(self.items_per_s, 4),
            "errors": self.errors, "unasked_writes": self.unasked_writes,
            "mean_logprob": None if mean is None else round(mean, 6),
        }

    def to_dict(self) -> dict[str, Any]:
        return self.summary() | {"items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SetResult:
        return cls(str(data["name"]), tuple(ItemResult.from_dict(i) for i in data.get("items", ())),
                   str(data.get("source", "")))


@dataclass(frozen=True)
class EvalRun:
    """One evaluation: which setup (model, profile, sampling) answered which sets, and how."""

    sets: tuple[SetResult, ...]
    model: str = ""
    model_path: str = ""
    profile: str = ""
    sampling: Mapping[str, Any] = field(default_factory=dict)  # what the command line set; the rest is the profile's
    label: str = ""
    created_at: float = 0.0
    id: int | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # votes, limit, the model file's size, llorch's version

    def setup(self) -> str:
        """The setup in one line: model, profile, sampling and label."""
        parts = [self.model or "?"]
        if self.profile:
            parts.append(f"profile {self.profile}")
        if self.sampling:
            parts.append(" ".join(f"{k} {v}" for k, v in sorted(self.sampling.items())))
        if self.label:
            parts.append(f"“{self.label}”")
        return " · ".join(parts)

    def to_dict(self, *, items: bool = True) -> dict[str, Any]:
        return {
            "id": self.id, "created_at": self.created_at, "label": self.label, "model": self.model,
            "model_path": self.model_path, "profile": self.profile, "sampling": dict(self.sampling),
            "extra": dict(self.extra),
            "sets": [s.to_dict() if items else s.summary() for s in self.sets],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvalRun:
        return cls(tuple(SetResult.from_dict(s) for s in data.get("sets", ())), str(data.get("model", "")),
                   str(data.get("model_path", "")), str(data.get("profile", "")), dict(data.get("sampling") or {}),
                   str(data.get("label", "")), float(data.get("created_at", 0.0)), data.get("id"),
                   dict(data.get("extra") or {}))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)


def unasked_write(item: TaskItem, answer: str) -> bool:
    """Whether a tool decision calls a write (a calendar add, an MCP tool that changes things) of a kind the
    request did not ask for — what the consent gate exists to stop, counted so it can be driven to zero."""
    from llorch.errors import ToolError
    from llorch.tools.calls import read_call
    from llorch.tools.consent import WriteRequest, changes_asked, fits
    from llorch.tools.registry import ToolRegistry

    call = read_call(answer)
    if call is None:
        return False
    try:
        writes = ToolRegistry().writes(call.name, call.arguments)
    except ToolError:
        return False
    # (a removal when an addition was asked for is as unasked as a write nobody asked for: the gate refuses both)
    return writes and not fits(WriteRequest(call.name, call.arguments).what(), changes_asked(item.prompt))


class EvalInterrupted(KeyboardInterrupt):
    """Ctrl-C during run_eval, carrying the items answered before it: a long run's finished work is
    kept (a set begun holds the items done; sets not begun are left out). Still a KeyboardInterrupt,
    so a caller that does not look for it stops as on any Ctrl-C."""

    def __init__(self, results: tuple[SetResult, ...]) -> None:
        super().__init__()
        self.results = results

    @property
    def answered(self) -> int:
        return sum(s.total for s in self.results)


def run_eval(
    sets: Sequence[TaskSet],
    answer: Answerer,
    *,
    clock: Callable[[], float] = time.perf_counter,
    now: datetime | None = None,
    progress: Callable[[TaskSet, int], None] | None = None,
) -> tuple[SetResult, ...]:
    """Ask every item, check every answer. `now`: the moment dates are read against (the run's start);
    `progress(set, index)` is called before each item. Raises EvalInterrupted on Ctrl-C."""
    ctx = CheckContext(now) if now is not None else CheckContext()
    # Each set's row list is registered before its first item, so whatever instant Ctrl-C lands at,
    # every finished item is in exactly one list.
    done: list[tuple[TaskSet, list[ItemResult]]] = []
    try:
        for task_set in sets:
            rows: list[ItemResult] = []
            done.append((task_set, rows))
            for index, item in enumerate(task_set.items):
                if progress is not None:
                    progress(task_set, index)
                start = clock()
                got = answer(task_set, item, index)
                seconds = max(0.0, clock() - start)
                right = got.error is None and check(item.check, got.text, item.expected, item.options(), ctx)
                wrote = item.is_tool_decision and got.error is None and unasked_write(item, got.text)
                rows.append(ItemResult(item.id, item.prompt, item.expected, got.text, right, seconds, got.tokens,
                                       got.mean_logprob, got.error, wrote, got.tools, item.check))
    except KeyboardInterrupt:
        raise EvalInterrupted(tuple(SetResult(s.name, tuple(r), s.source) for s, r in done if r)) from None
    return tuple(SetResult(s.name, tuple(r), s.source) for s, r in done)
