"""`llorch bench --consensus N`: accuracy of one answer against a vote of N, on a small offline set.

The set (data/arithmetic.jsonl) holds 40 grade-school word problems whose answers llorch's
math tool computed from each problem's expression. Each problem is answered greedily,
once sampled, and N times sampled (the same temperature, distinct seeds) with the
confidence-weighted vote; a plain majority over the same N answers is scored too.
Answers are compared as final numbers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from llorch.orchestra.consensus import Candidate, normalise, vote

__all__ = ["AccuracyRow", "PROMPT", "load_problems", "run_accuracy"]

PROMPT = "{question}\nWork it out step by step, then end with: The answer is <number>."


@dataclass(frozen=True)
class AccuracyRow:
    name: str  # "single greedy", "single sampled", "consensus N weighted", "consensus N majority"
    correct: int
    total: int
    seconds: float  # wall time over the whole set (the majority row shares the weighted row's answers)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"accuracy": round(self.accuracy, 4)}


def load_problems(limit: int | None = None) -> list[dict[str, Any]]:
    text = (resources.files("llorch.bench") / "data" / "arithmetic.jsonl").read_text(encoding="utf-8")
    problems = [json.loads(line) for line in text.splitlines() if line.strip()]
    return problems[:limit] if limit else problems


def _right(text: str, answer: str) -> bool:
    got = normalise(text, "number")[1]
    return got is not None and got == normalise(answer, "number")[1]


Ask = Callable[..., Any]  # ask(prompt, temperature=, seed=, consensus=) -> TurnDone


def run_accuracy(ask: Ask, *, n: int, temperature: float, seed: int = 0, limit: int | None = None,
                 progress: Callable[[str], None] | None = None) -> list[AccuracyRow]:
    """Score the four ways of answering over the set; `ask` answers one prompt (a TurnDone)."""
    from llorch.chat.consensus import ConsensusSpec

    problems = load_problems(limit)
    correct = {"greedy": 0, "sampled": 0, "weighted": 0, "majority": 0}
    seconds = {"greedy": 0.0, "sampled": 0.0, "weighted": 0.0}
    for k, problem in enumerate(problems):
        if progress:
            progress(f"problem {k + 1}/{len(problems)}")
        prompt = PROMPT.format(question=problem["question"])
        for name, temp in (("greedy", 0.0), ("sampled", temperature)):
            start = time.perf_counter()
            done = ask(prompt, temperature=temp, seed=seed + k, consensus=None)
            seconds[name] += time.perf_counter() - start
            correct[name] += done is not None and _right(done.text, problem["answer"])
        start = time.perf_counter()
        done = ask(prompt, temperature=temperature, seed=seed + k, consensus=ConsensusSpec(n, kind="number"))
        seconds["weighted"] += time.perf_counter() - start
        if done is None or getattr(done, "consensus", None) is None:  # every answer failed: wrong both ways
            continue
        correct["weighted"] += _right(done.text, problem["answer"])
        ballots = done.consensus.verdict.ballots
        majority = vote([Candidate(b.candidate.text) for b in ballots], kind="number", method="majority")
        correct["majority"] += _right(majority.answer, problem["answer"])
        if progress:
            progress("")
    total = len(problems)
    return [
        AccuracyRow("single greedy", correct["greedy"], total, seconds["greedy"]),
        AccuracyRow(f"single sampled (T={temperature:g})", correct["sampled"], total, seconds["sampled"]),
        AccuracyRow(f"consensus of {n}, weighted", correct["weighted"], total, seconds["weighted"]),
        AccuracyRow(f"consensus of {n}, majority", correct["majority"], total, seconds["weighted"]),
    ]
