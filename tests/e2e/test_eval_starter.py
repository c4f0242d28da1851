"""`llorch eval` on the real starter model, as a shell script runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from llorch.evals.checkers import check
from llorch.evals.tasks import load_set

pytestmark = pytest.mark.starter


def test_eval_facts_on_the_starter_scores_each_answer(starter_home: Path) -> None:
    llorch = shutil.which("llorch")
    assert llorch, "the llorch command is not installed (pip install -e .)"
    r = subprocess.run([llorch, "eval", "facts", "--limit", "3", "-m", "starter", "--json"], capture_output=True,
                       text=True, timeout=900, env=os.environ.copy())
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["model"] == "starter" and data["id"] == 1 and data["model_path"].endswith(".gguf")
    (facts,) = data["sets"]
    assert facts["name"] == "facts" and facts["total"] == 3 and len(facts["items"]) == 3
    expected = {i.id: i for i in load_set("facts").items[:3]}
    for item in facts["items"]:
        asked = expected[item["id"]]
        assert item["prompt"] == asked.prompt and item["expected"] == asked.expected and item["error"] is None
        assert item["answer"].strip() and item["tokens"] > 0 and item["seconds"] > 0
        assert item["correct"] is check(asked.check, item["answer"], asked.expected, asked.options())
        assert item["mean_logprob"] is not None and item["mean_logprob"] <= 0  # the real engine's log-probabilities
    assert facts["correct"] == sum(i["correct"] for i in facts["items"])
    low, high = facts["ci95"]
    assert 0 <= low <= facts["accuracy"] <= high <= 1
    listed = subprocess.run([llorch, "eval", "--list"], capture_output=True, text=True, timeout=120,
                            env=os.environ.copy())
    assert listed.stdout.startswith("#1 ") and f"facts {facts['correct']}/3" in listed.stdout
