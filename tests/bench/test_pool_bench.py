"""`llorch bench --pool` and `--consensus`: the figures are computed from what really ran (fake engines)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from llorch.bench.accuracy import load_problems, run_accuracy
from llorch.bench.pool import PoolResult, knee, parse_shapes, run_pool
from llorch.orchestra.consensus import Candidate, vote
from llorch.orchestra.fake import fake_worker
from llorch.orchestra.group import Group


def test_shapes_parse_and_bad_ones_say_why() -> None:
    assert parse_shapes("1x1, 2x4,1X2") == [(1, 1), (2, 4), (1, 2)]
    for bad in ("2", "0x1", "2x", "x3", "17x1", ""):
        with pytest.raises(ValueError):
            parse_shapes(bad)


def test_every_shape_answers_the_same_requests_and_agrees_with_serial() -> None:
    opened: list[tuple[int, int, int]] = []

    def open_group(instances: int, slots: int, threads: int) -> Group:
        opened.append((instances, slots, threads))
        return Group("fake", [fake_worker(n_seq=slots, n_ctx=slots * 128, unified=False) for _ in range(instances)])

    results = run_pool(open_group, model="fake", shapes=[(1, 1), (1, 4), (2, 2)], requests=8, pp=16, tg=6,
                       threads=lambda w: 4 // w)
    assert opened == [(1, 1, 4), (1, 4, 4), (2, 2, 2)]
    assert [r.shape for r in results] == ["1x1", "1x4", "2x2"]
    assert all(r.tokens == 8 * 6 and r.agreement == 1.0 for r in results)  # batching never changes greedy answers
    assert results[0].speedup == 1.0 and all(r.speedup > 0 for r in results)


def _row(w: int, s: int, rate: float) -> PoolResult:
    return PoolResult("m", w, s, 32, 64, 32, 1, 1.0, 100, rate, rate / 10, 1.0, 0)


def test_the_knee_is_the_smallest_shape_near_the_best_throughput() -> None:
    rows = [_row(1, 1, 10), _row(1, 2, 17), _row(1, 4, 19), _row(2, 2, 19.5), _row(2, 4, 20)]
    assert knee(rows).shape == "1x4"  # 19 >= 0.9 x 20; 1x2's 17 is not
    assert knee([_row(1, 1, 10)]).shape == "1x1"


def test_accuracy_scores_one_answer_against_the_vote_on_the_bundled_set() -> None:
    problems = load_problems(limit=3)
    asked: list[tuple[float, object]] = []

    def ask(prompt: str, *, temperature: float, seed: int, consensus: object) -> object:
        asked.append((temperature, consensus))
        answer = next(p["answer"] for p in problems if p["question"] in prompt)
        if consensus is None:
            return SimpleNamespace(text="I do not know" if temperature == 0 else f"The answer is {answer}.")
        candidates = [Candidate(f"The answer is {answer}.")] * 3 + [Candidate("The answer is 1.")] * 2
        verdict = vote(candidates, kind="number")
        return SimpleNamespace(text=verdict.answer, consensus=SimpleNamespace(verdict=verdict))

    rows = run_accuracy(ask, n=5, temperature=0.7, limit=3)
    assert [(r.name, r.correct, r.total) for r in rows] == [
        ("single greedy", 0, 3), ("single sampled (T=0.7)", 3, 3), ("consensus of 5, weighted", 3, 3),
        ("consensus of 5, majority", 3, 3)]
    assert [t for t, c in asked if c is not None] == [0.7] * 3
    assert all(getattr(c, "n", None) == 5 for _, c in asked if c is not None)


def test_bench_pool_command_prints_the_shapes_and_the_knee(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from support import invoke_main

    from llorch.cli import _common

    loaded = []

    def open_backend(path, options, name):  # type: ignore[no-untyped-def]
        loaded.append((options.repack, options.cache_type_k))
        return fake_worker(n_seq=options.slots, n_ctx=options.n_ctx * options.slots, unified=False, name=name)

    monkeypatch.setattr(_common, "open_backend", open_backend)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    r = invoke_main(["bench", "-m", str(model), "--pool", "2x2,1x4", "--requests", "8", "-p", "16", "-n", "4", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [row["shape"] for row in data["pool"]] == ["1x1", "2x2", "1x4"]  # the serial baseline comes first
    assert data["knee"] in ("1x1", "2x2", "1x4") and all(row["agreement"] == 1.0 for row in data["pool"])
    assert set(loaded) == {(True, "f16")}
    r = invoke_main(["bench", "-m", str(model), "--pool", "1x2", "--requests", "2", "-p", "8", "-n", "2", "--repack", "0",
                     "-ctk", "q8_0", "--json"])
    assert r.exit_code == 0, r.output
    assert loaded[-1] == (False, "q8_0")  # every instance loads as the command line says
    r = invoke_main(["bench", "-m", str(model), "--pool", "2x0"])
    assert r.exit_code == 1 and "--pool: '2x0' is not INSTANCESxSLOTS" in r.stderr
    r = invoke_main(["bench", "-m", str(model), "--pool", "1x2", "--parallel", "1,2"])
    assert r.exit_code == 1 and "give one" in r.stderr
