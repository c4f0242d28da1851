"""Answer a turn by consensus: N answers to one prompt, sampled with distinct seeds, then a vote.

The N requests go to the pool at once. On one worker with N slots they share the prompt's
KV (the worker evaluates a prompt once and copies it, see orchestra/worker.py), so the
cost is mostly decoding; several models (`models`) each answer their share. Each
model's breaker and time limits apply as to any answer. The answers are normalised and
voted on (orchestra/consensus.py), or merged: the medoid of free text, or a merge prompt
to a chosen model.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
from collections.abc import Generator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from llorch.chat.prompt import Turn, build_request
from llorch.engine.types import Completion, TokenEvent
from llorch.errors import BreakerOpenError, InputError, LlorchError
from llorch.orchestra.consensus import KINDS, METHODS, Candidate, Verdict, vote
from llorch.resilience.chain import Loading, Skipped, Source, pace_seconds
from llorch.resilience.guard import guarded

if TYPE_CHECKING:
    from llorch.chat.conversation import Conversation

__all__ = ["MERGES", "ConsensusSpec", "Outcome", "answer_by_consensus", "parse_consensus"]

log = logging.getLogger("llorch.chat")

MERGES = ("vote", "medoid", "model")
MAX_ANSWERS = 64

_MERGE_PROMPT = """Several answers were given to the same question. Write the single best answer: keep what most of \
them agree on, correct what is wrong, and do not mention that there were several answers.

Question:
{question}

{answers}"""


@dataclass(frozen=True)
class ConsensusSpec:
    """How a turn is answered by consensus (`run --consensus N`, `/consensus N`)."""

    n: int
    models: tuple[str, ...] = ()  # several models answer in turn; empty: the conversation's model
    kind: str = "auto"  # how answers are compared: see orchestra/consensus.py
    method: str = "weighted"  # or "majority"
    merge: str = "vote"  # "vote", "medoid" (free text), or "model" (a merge prompt)
    merge_model: str | None = None  # who writes the merged answer (default: the conversation's model)

    def __post_init__(self) -> None:
        if not 2 <= self.n <= MAX_ANSWERS:
            raise InputError(f"consensus needs from 2 to {MAX_ANSWERS} answers, not {self.n}")
        if self.kind not in KINDS:
            raise InputError(f"unknown answer kind {self.kind!r}; use one of {', '.join(KINDS)}")
        if self.method not in METHODS:
            raise InputError(f"unknown vote {self.method!r}; use one of {', '.join(METHODS)}")
        if self.merge not in MERGES:
            raise InputError(f"unknown merge {self.merge!r}; use one of {', '.join(MERGES)}")


@dataclass(frozen=True)
class Outcome:
    """How the vote went: the verdict, each answer's completion (None: it failed) and what failed."""

    verdict: Verdict
    completions: tuple[Completion | None, ...]
    failures: tuple[str, ...]
    merged_by: str | None = None
    routes: tuple[Any, ...] = ()  # which worker answered each (llorch.orchestra.group.Route), as completions
    chosen: int = 0  # the index (in completions) of the answer the vote picked
    merge_failed: str | None = None  # why the merge asked for gave nothing (the vote's answer stands)
    planned: int = 0  # the answers asked for (0: as many as came back or failed)

    @property
    def unanswered(self) -> int:
        """The answers asked for that did not come (a model that failed to load failed all its answers: they
        were counted as one)."""
        return self.planned - len(self.completions) if self.planned else len(self.failures)

    def summary(self) -> str:
        text = self.verdict.summary()
        if self.unanswered:
            text += f"; {self.unanswered} answer(s) failed"
        if self.merged_by:
            text += f"; merged by {self.merged_by}"
        if self.merge_failed:
            text += f"; not merged ({self.merge_failed}): the vote's answer stands"
        return text

    def to_dict(self) -> dict[str, Any]:
        v = self.verdict
        candidates = []
        answered = [(c, r) for c, r in zip(self.completions, self.routes or [None] * len(self.completions)) if c is not None]
        for ballot, (completion, route) in zip(v.ballots, answered):
            candidates.append({"worker": route.worker if route is not None else None,
                "text": ballot.candidate.text, "model": ballot.candidate.model, "seed": ballot.candidate.seed,
                "key": ballot.key, "weight": round(ballot.weight, 4),
                "confidence": None if ballot.confidence is None else round(ballot.confidence, 4),
                "chosen": ballot.chosen, "completion_tokens": completion.usage.completion_tokens,
            })
        return {"summary": self.summary(), "agree": v.agree, "total": v.total, "confidence": round(v.confidence, 4),
                "tie": v.tie, "disagreement": v.disagreement, "kind": v.kind, "method": v.method,
                "answer_key": v.key, "failures": list(self.failures), "merged_by": self.merged_by,
                "merge_failed": self.merge_failed, "candidates": candidates}


def parse_consensus(arg: str) -> ConsensusSpec | None:
    """`/consensus N [MODEL,MODEL…]` as a spec; "off" (or 0, 1) as None. Raises InputError otherwise."""
    words = arg.split()
    if not words or words[0].lower() in ("off", "0", "1"):
        return None
    if not words[0].isdigit() or len(words) > 2:
        raise InputError("use /consensus N [MODEL,MODEL...] (N from 2 to 64), or /consensus off")
    models = tuple(m for m in words[1].split(",") if m) if len(words) == 2 else ()
    return ConsensusSpec(int(words[0]), models)


class _All:
    """Cancels every answer at once (the chain's `cancel()` from Ctrl-C or another thread)."""

    def __init__(self, handles: list[Any]) -> None:
        self.handles = handles

    def cancel(self) -> None:
        for handle in self.handles:
            handle.cancel()


def answer_by_consensus(conv: Conversation, spec: ConsensusSpec) -> Generator[Any, None, tuple[Outcome, Completion, Source]]:
    """Yield Loading / Skipped while the answers are asked for, then the chosen text as one TokenEvent;
    returns (via StopIteration) the Outcome, the chosen completion and its Source."""
    from llorch.chat.longanswers import is_combination, postscript, unlabelled

    fallback, pool = conv.fallback, conv.models
    refs = spec.models or (conv.model_ref,)
    plan = [refs[i % len(refs)] for i in range(spec.n)]
    # With no models named, the votes are the first model's that can answer: the chain's next when one cannot (a
    # profile whose first model was corrupt or its breaker open failed outright, and said "trying the next source").
    tried = list(dict.fromkeys(plan)) if spec.models else list(dict.fromkeys((conv.model_ref, *conv.chain)))
    base = conv.sampling.seed if conv.sampling.seed is not None else random.randrange(2**31)
    handles: list[tuple[int, str, Any]] = []
    permits: dict[str, Any] = {}
    failures: list[str] = []
    question = conv.history()[-1].content if conv.history() else ""
    with ExitStack() as stack:
        for ref in tried:
            if not spec.models:
                if handles:
                    break  # the first that took the votes
                plan = [ref] * spec.n
            breaker = fallback.breaker(ref)
            try:
                permits[ref] = breaker.acquire() if breaker is not None else None
            except BreakerOpenError as exc:
                failures.append(f"{ref}: {exc}")
                yield Skipped(ref, "breaker open")
                continue
            if not pool.is_loaded(ref):
                yield Loading(ref)
            try:
                worker = fallback.worker(ref, stack.enter_context(pool.use(ref)))
                request, _dropped = conv._build_request(worker, [])
                for i, which in enumerate(plan):
                    if which == ref:
                        sampling = dataclasses.replace(request.sampling, seed=(base + i) % (2**32 - 1))
                        # The extra votes are bulk work: an interactive request elsewhere goes first.
                        priority = request.priority if i == 0 else "bulk"
                        handles.append((i, ref, worker.submit(dataclasses.replace(request, sampling=sampling, logprobs=True,
                                                                                  priority=priority))))
            except (InputError, KeyboardInterrupt):
                for _, _, h in handles:
                    h.cancel()
                raise
            except LlorchError as exc:
                failures.append(f"{ref}: {exc}")
                yield Skipped(ref, str(exc))
        fallback.current = _All([h for _, _, h in handles])
        try:
            done = _collect(handles, fallback, failures)
        finally:
            fallback.current = None
            for _, _, h in handles:
                if not h.done:
                    h.cancel()
    _record(fallback, permits, done)
    answered = [(i, ref, c) for i, ref, c, _ in done if c is not None and c.finish_reason != "cancelled"]
    if not answered:
        raise LlorchError("no answer came back for the consensus: " + ("; ".join(failures) or "every answer was cancelled"))
    candidates = [Candidate(c.text, tuple(lp.logprob for lp in c.logprobs or ()) or None, ref, c.seed)
                  for _, ref, c in answered]
    schema = json.loads(conv.schema) if conv.schema else None
    verdict = vote(candidates, kind="text" if spec.merge == "medoid" else spec.kind, method=spec.method, schema=schema)
    pick = next((i for i, b in enumerate(verdict.ballots) if b.chosen and b.candidate.text == verdict.answer),
                next(i for i, b in enumerate(verdict.ballots) if b.candidate.text == verdict.answer))
    _, chosen_ref, chosen = answered[pick]
    text, merged_by, merge_failed = verdict.answer, None, None
    if spec.merge == "model":  # (a merge that failed was credited with the vote's answer: "merged by /nonexist.gguf")
        ref = spec.merge_model or conv.model_ref
        merged, merge_failed = _merge(conv, ref, question, [c.text for c in candidates])
        if merged is not None:
            text, merged_by = merged, ref
    if is_combination(question):  # a long input's last combination: as _answer_via_chain shows one answer to it
        text = unlabelled(text)
        text += postscript(question, text) if conv.postscript else ""
    kept = [d for d in done if d[2] is not None and d[2].finish_reason != "cancelled"]
    outcome = Outcome(verdict, tuple(d[2] for d in kept), tuple(failures), merged_by, tuple(d[3] for d in kept), pick,
                      merge_failed, spec.n)
    yield TokenEvent(text, -1)
    return outcome, dataclasses.replace(chosen, text=text), Source("model", merged_by or chosen_ref)


_Done = tuple[int, str, Completion | None, Any]  # answer number, model, completion (None: failed), route


def _collect(handles: list[tuple[int, str, Any]], fallback: Any, failures: list[str]) -> list[_Done]:
    """Every answer's completion (None where it failed); they run at once, so waiting in turn costs nothing."""
    done: list[_Done] = []
    for i, ref, handle in sorted(handles, key=lambda t: t[0]):
        completion: Completion | None = None
        try:
            for event in guarded(handle, fallback.limits):
                if isinstance(event, Completion):
                    completion = event
        except LlorchError as exc:
            failures.append(f"{ref} (answer {i + 1}): {exc}")
        done.append((i, ref, completion, getattr(handle, "route", None)))
    return done


def _record(fallback: Any, permits: dict[str, Any], done: list[_Done]) -> None:
    """Each model's breaker: a success if any of its answers came back, else a failure."""
    for ref, permit in permits.items():
        if permit is None:
            continue
        mine = [c for _, r, c, _ in done if r == ref]
        good = [c for c in mine if c is not None and c.finish_reason != "cancelled"]
        if good:
            permit.success(max(pace_seconds(c) for c in good))
        elif any(c is not None for c in mine):
            permit.release()  # cancelled: no verdict on the model
        else:
            permit.failure("error")
        fallback._save(ref)


def _merge(conv: Conversation, ref: str, question: str, answers: list[str]) -> tuple[str | None, str | None]:
    """One more request: the merge prompt to `ref`, through its breaker and time limits. The merged answer, or
    None and why there is none."""
    listed = "\n\n".join(f"Answer {i + 1}:\n{a.strip()}" for i, a in enumerate(answers))
    prompt = _MERGE_PROMPT.format(question=question.strip(), answers=listed)
    sampling = dataclasses.replace(conv.sampling, temperature=0.0, seed=0)
    try:
        completion = conv.fallback.call(
            ref, lambda worker: build_request(worker, [Turn("user", prompt)], system="", sampling=sampling)[0])
    except LlorchError as exc:
        log.info("merging the answers on %s failed (%s); keeping the vote", ref, exc)
        return None, f"{ref} failed: {exc}"
    if completion is None:
        return None, f"{ref} was cancelled or its breaker is open"
    merged = completion.text.strip()
    return (merged, None) if merged else (None, f"{ref} gave an empty answer")
