"""llorch's own answerer for an evaluation: each item asked the way `llorch run` asks it.

An answer item goes through `Runtime.ask` (the profile's prompt, tools and sampling, the
model's breaker and time limits), a consensus item through the same with a vote of N, and a
tool item is only decided (`Runtime.decide`): the call is scored and never run. The
runtime's consent refuses every write, so not even a profile that "allow"s writes changes
anything while a set is asked; the response cache is neither read nor written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from llorch.errors import BreakerOpenError, LlorchError, ModelError, ProfileError
from llorch.evals.runner import Answer
from llorch.evals.tasks import TaskItem, TaskSet
from llorch.tools.consent import Consent, Verdict, WriteRequest

__all__ = ["NoWrites", "RuntimeAnswerer", "mean_logprob"]

# Failures that no later item will escape: the run stops with them instead of scoring every item wrong.
_FATAL = (ModelError, ProfileError, BreakerOpenError)


class NoWrites(Consent):
    """Consent that refuses every write, even one the profile "allow"s: an evaluation changes nothing."""

    def decide(self, request: WriteRequest, *, preapproved: bool = False) -> Verdict:
        return Verdict(False, "declined", f"not run: {request.what()} would change the user's data, and this is an "
                                          "evaluation. Answer the user in words, without calling tools.")


def mean_logprob(completion: Any) -> float | None:
    """The mean of a completion's token log-probabilities (None when it has none): a confidence score,
    near 0 when the model was sure of every token."""
    values = [lp.logprob for lp in (getattr(completion, "logprobs", None) or ()) if math.isfinite(lp.logprob)]
    return math.fsum(values) / len(values) if values else None


class RuntimeAnswerer:
    """Answers items on a Runtime with one setup: a model, a profile (an item's own for tool items
    unless one is given), sampling overrides, and `votes` answers per consensus item.

    Each item gets the seed `seed + index` unless the overrides fix one, so a run repeats and two
    setups see the same seeds."""

    def __init__(self, runtime: Any, *, model: str | None, profile: str | None = None,
                 sampling: Mapping[str, Any] | None = None, votes: int = 5, seed: int = 0) -> None:
        self.runtime = runtime
        self.model = model
        self.profile = profile
        self.sampling = dict(sampling or {})
        self.votes = votes
        self.seed = seed

    def __call__(self, task_set: TaskSet, item: TaskItem, index: int) -> Answer:
        sampling = dict(self.sampling)
        sampling.setdefault("seed", self.seed + index)
        max_tokens = item.max_tokens or task_set.max_tokens
        if max_tokens is not None:
            sampling.setdefault("max_tokens", max_tokens)
        if item.is_tool_decision:
            return self._decide(item, sampling)
        return self._ask(task_set, item, sampling)

    def _decide(self, item: TaskItem, sampling: dict[str, Any]) -> Answer:
        from llorch.tools.calls import NO_TOOL

        try:
            decision = self.runtime.decide(item.prompt, model=self.model, profile=self.profile or item.profile,
                                           sampling=sampling)
        except _FATAL:
            raise
        except LlorchError as exc:  # a malformed decision, a model that failed on this one request
            return Answer("", error=str(exc))
        text = decision.call.to_json() if decision.call is not None else f'{{"name": "{NO_TOOL}"}}'
        completion = decision.completion
        tokens = completion.usage.completion_tokens if completion is not None else 0
        return Answer(text, tokens, mean_logprob(completion))

    def _ask(self, task_set: TaskSet, item: TaskItem, sampling: dict[str, Any]) -> Answer:
        import json

        from llorch.chat.events import ToolEvent, TurnDone

        spec = None
        if task_set.consensus:
            from llorch.chat.consensus import ConsensusSpec

            spec = ConsensusSpec(self.votes, kind="number" if item.check == "number" else "auto")
        done: TurnDone | None = None
        tools: list[str] = []
        events = self.runtime.ask(item.prompt, model=self.model, profile=self.profile or item.profile, sampling=sampling,
                                  schema=json.dumps(item.schema) if item.schema is not None else None,
                                  logprobs=True, consensus=spec, cache=False)
        for event in events:
            if isinstance(event, ToolEvent) and not event.refused:
                tools.append(event.name)
            elif isinstance(event, TurnDone):
                done = event
        if done is None:
            return Answer("", error="no answer", tools=tuple(tools))
        if done.status == "cancelled":
            return Answer(done.text, error="the answer was cancelled", tools=tuple(tools))
        if done.status == "error":
            if isinstance(done.exception, _FATAL):
                raise done.exception
            return Answer(done.text, error=done.error or "the answer failed", tools=tuple(tools))
        completion = done.completion
        if done.consensus is not None:
            tokens = sum(c.usage.completion_tokens for c in done.consensus.completions if c is not None)
        else:
            tokens = completion.usage.completion_tokens if completion is not None else 0
        # every token the turn generated: its tool decisions and an answer asked for again too (as --stats' turn line)
        tokens += sum(s.completion.usage.completion_tokens for s in done.steps if s.completion is not None)
        return Answer(done.text, tokens, mean_logprob(completion), tools=tuple(tools))
