"""`llorch bench --speculative`: plain vs n-gram drafts, from what really ran (fake slots, the tiny model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import invoke_main, llama_worker

from llorch.bench.speculative import MODES, PROMPTS, run_speculative
from llorch.engine.types import EngineOptions
from llorch.orchestra.fake import copying_model, fake_worker


def test_each_prompt_kind_in_each_mode_with_figures_from_the_answers() -> None:
    with fake_worker(n_seq=1, n_ctx=4096, vocab=12, model=copying_model(12)) as w:
        rows = run_speculative(w, model="fake", n_gen=24, reps=2)
    assert [(r.kind, r.mode) for r in rows] == [(p.kind, m) for p in PROMPTS for m in MODES]
    assert all(r.identical and r.tokens == 24 and r.tg > 0 for r in rows)
    for plain, ngram, auto in zip(rows[0::3], rows[1::3], rows[2::3]):
        assert plain.drafted == 0 and plain.ratio == 1.0
        assert ngram.drafted >= ngram.accepted > 0  # the copying model repeats: drafts are made and kept
        assert ngram.ratio == pytest.approx(ngram.tg / plain.tg) and auto.ratio == pytest.approx(auto.tg / plain.tg)
        assert ngram.to_dict()["acceptance"] == round(ngram.accepted / ngram.drafted, 4)


def test_greedy_text_is_the_same_in_every_mode_on_the_tiny_model(tiny_model: Path) -> None:
    with llama_worker(tiny_model, EngineOptions(n_ctx=2048, threads=1, slots=1)) as w:
        rows = run_speculative(w, model="tiny", n_gen=24, reps=1)
    assert all(r.identical for r in rows) and any(r.drafted for r in rows)


def test_the_cli_prints_a_table_or_json(monkeypatch: pytest.MonkeyPatch, tiny_model: Path) -> None:
    from llorch.cli import _common

    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: fake_worker(
        n_seq=options.slots, n_ctx=options.n_ctx, vocab=12, model=copying_model(12), name=name))
    r = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "-n", "12", "-r", "1", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert (data["n_gen"], data["reps"], len(data["speculative"])) == (12, 1, len(PROMPTS) * len(MODES))
    assert {"tg", "drafted", "accepted", "acceptance", "ratio", "identical"} <= set(data["speculative"][0])
    table = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "-n", "12", "-r", "1"]).stdout
    assert "same text" in table and "code edit" in table and "plain" in table and "NO" not in table
    r = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "--parallel", "1"])
    assert r.exit_code == 1 and r.stderr == "Error: --parallel and --speculative measure different things: give one\n"
    r = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "-n", "0"])
    assert r.exit_code == 1 and "--speculative measures generation" in r.stderr


def test_a_draft_model_is_a_fourth_mode_on_real_files(tmp_path: Path, tiny_model: Path) -> None:
    """`--draft` loads a second tiny model of the same vocabulary beside the target; its rows say what it
    drafted, and the greedy text is plain's."""
    from tinymodel import write_tiny_gguf

    other = write_tiny_gguf(tmp_path / "other.gguf", seed=9)
    r = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "--draft", str(other), "-n", "12", "-r", "1",
                     "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    rows = data["speculative"]
    assert data["draft"] == str(other) and [row["mode"] for row in rows[:4]] == ["off", "ngram", "auto", "draft"]
    drafts = [row for row in rows if row["mode"] == "draft"]
    assert len(drafts) == len(PROMPTS) and all(row["identical"] for row in rows)
    assert sum(row["drafted"] for row in drafts) > 0
    r = invoke_main(["bench", "-m", str(tiny_model), "--draft", str(other)])
    assert r.exit_code == 2 and "--draft goes with --speculative" in r.stderr


def test_a_draft_that_names_no_model_is_refused_before_anything_runs(monkeypatch: pytest.MonkeyPatch,
                                                                   tiny_model: Path) -> None:
    """It was found only after the hardware lines were printed and the main model had loaded."""
    from llorch.cli import _common

    def loads(*args: object) -> object:
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(_common, "open_backend", loads)
    r = invoke_main(["bench", "-m", str(tiny_model), "--speculative", "--draft", "nosuch", "-n", "4", "-r", "1"])
    assert r.exit_code == 1, r.output
    assert r.stdout == "" and r.stderr.startswith("Error: model 'nosuch' not found") and r.stderr.count("\n") == 1
