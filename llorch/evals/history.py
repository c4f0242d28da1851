"""Evaluation runs in the store: saved whole, listed, and read back for a comparison."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from llorch.evals.runner import EvalRun, ItemResult, SetResult
from llorch.store.db import Store

__all__ = ["list_runs", "load_run", "save_run"]


def save_run(store: Store, run: EvalRun) -> EvalRun:
    """Save `run` and each of its items; returns it with its id and time."""
    items = [
        (s.name, i.id, i.correct, i.seconds, i.tokens, i.mean_logprob, json.dumps(i.to_dict(), ensure_ascii=False))
        for s in run.sets for i in s.items
    ]
    head = json.dumps(run.to_dict(items=False), ensure_ascii=False)
    run_id = store.add_eval_run(head, items, label=run.label, model=run.model, profile=run.profile)
    row, _ = store.eval_run(run_id)
    return dataclasses.replace(run, id=run_id, created_at=row[1])


def load_run(store: Store, run_id: int) -> EvalRun:
    """A saved run with its items. Raises StoreError when there is none by that id."""
    row, items = store.eval_run(run_id)
    rid, created, label, model, profile, data = row
    head: dict[str, Any] = json.loads(data)
    by_set: dict[str, list[ItemResult]] = {}
    for task_set, _item_id, item in items:
        by_set.setdefault(task_set, []).append(ItemResult.from_dict(json.loads(item)))
    sets = tuple(SetResult(str(s["name"]), tuple(by_set.get(str(s["name"]), ())), str(s.get("source", "")))
                 for s in head.get("sets", ()))
    run = EvalRun.from_dict(head | {"sets": []})
    return dataclasses.replace(run, sets=sets, id=rid, created_at=created, label=label, model=model, profile=profile)


def list_runs(store: Store, limit: int = 20) -> list[EvalRun]:
    """Saved runs, newest first, each read whole."""
    return [load_run(store, row[0]) for row in store.eval_runs(limit)]
