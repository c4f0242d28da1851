"""`llorch bench --tune`'s search on a fake measure and a fake clock: early stopping, the noise guard,
the budget, coordinate descent, settings that fail, and a Ctrl-C partway."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from llorch.bench.tune import Dimension, Row, Sample, Search, Setting, decide, grid
from llorch.errors import ModelLoadError

BASE = Setting(threads=2, threads_batch=2, n_batch=512, n_ubatch=512, flash_attn=False, cache_type_k="f16",
               cache_type_v="f16", slots=4)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Fake:
    """A measure whose k-th sample of a setting is `scores(setting)[k % len]`, each costing `cost` seconds
    (loading costs `load` more); it records what was opened, closed and when each sample began."""

    def __init__(self, scores: Callable[[Setting], list[float]], clock: Clock, cost: float = 1.0,
                 load: float = 0.0) -> None:
        self.scores, self.clock, self.cost, self.load = scores, clock, cost, load
        self.opened: list[Setting] = []
        self.closed: list[Setting] = []
        self.starts: list[float] = []
        self.count: dict[Setting, int] = {}

    def __call__(self, setting: Setting) -> Iterator[Sample]:
        self.opened.append(setting)
        self.clock.now += self.load
        try:
            while True:
                self.starts.append(self.clock.now)
                self.clock.now += self.cost
                k = self.count.get(setting, 0)
                self.count[setting] = k + 1
                values = self.scores(setting)
                score = values[k % len(values)]
                yield Sample(score=score, tg=score / 2, pp=score * 4)
        finally:
            self.closed.append(setting)


def score_by(table: dict[str, list[float]], default: list[float]) -> Callable[[Setting], list[float]]:
    """Scores keyed by a setting's label against BASE."""
    return lambda s: table.get(s.label(BASE), default)


def test_a_clearly_worse_candidate_is_dropped_after_one_sample() -> None:
    clock = Clock()
    fake = Fake(score_by({"threads 1": [50.0], "fa on": [98.0, 102.0]}, [100.0, 101.0, 99.0]), clock)
    search = Search(fake, default=BASE, dims=[Dimension("threads", (1, 2)), Dimension("flash_attn", (False, True))],
                    budget_s=1000, clock=clock, confirm_reps=3)
    search.run()
    rows = {r.setting.label(BASE): r for r in search.outcome().rows}
    assert rows["threads 1"].dropped and rows["threads 1"].n == 1  # 50 < 0.8 x 100: one sample, no more
    assert not rows["fa on"].dropped and rows["fa on"].n == 3  # close: a second sample, then the finals
    assert not rows["threads 1"].finalist and rows["fa on"].finalist and rows["defaults"].finalist
    assert fake.opened.count(rows["threads 1"].setting) == 1
    assert sorted(fake.opened, key=str) == sorted(fake.closed, key=str)  # every load was closed


def test_the_noise_guard_keeps_the_defaults_within_the_spread() -> None:
    clock = Clock()
    # fa on is 4% faster on average but the samples overlap widely.
    fake = Fake(score_by({"fa on": [95.0, 115.0, 102.0, 104.0]}, [90.0, 110.0, 100.0, 100.0]), clock)
    search = Search(fake, default=BASE, dims=[Dimension("flash_attn", (False, True))], budget_s=1000, clock=clock,
                    confirm_reps=4)
    search.run()
    outcome = search.outcome()
    assert outcome.best.setting.flash_attn and outcome.best.mean > outcome.default.mean
    assert outcome.winner is None and outcome.verdict == "keeping defaults: the difference is within noise"
    assert outcome.best.n == 4 and outcome.default.n == 4


def test_a_winner_beyond_the_spread_is_taken() -> None:
    clock = Clock()
    fake = Fake(score_by({"fa on": [130.0, 131.0, 129.0]}, [100.0, 101.0, 99.0]), clock)
    search = Search(fake, default=BASE, dims=[Dimension("flash_attn", (False, True))], budget_s=1000, clock=clock)
    search.run()
    outcome = search.outcome()
    assert outcome.winner is not None and outcome.winner.setting == replace(BASE, flash_attn=True)
    assert outcome.verdict == "" and outcome.gain == pytest.approx(0.3, abs=0.01)
    assert outcome.winner.n == 5  # confirm_reps' default
    data = outcome.to_dict()
    assert data["winner"]["label"] == "fa on" and data["winner"]["changes"] == {"flash_attn": True}


def test_decide_wants_two_samples_of_each_before_it_believes_a_difference() -> None:
    default = Row(BASE, (Sample(100.0, 50.0),), finalist=True)
    better = Row(replace(BASE, threads=1), (Sample(200.0, 100.0),), finalist=True)
    best, winner, verdict = decide(default, [default, better])
    assert best is better and winner is None and "too few samples" in verdict
    best, winner, verdict = decide(default, [default, Row(replace(BASE, threads=1), (Sample(50.0, 1.0),))])
    assert best is default and winner is None and verdict == "keeping defaults: they were the fastest measured"
    dropped = Row(replace(BASE, threads=1), (Sample(50.0, 1.0),), dropped=True)
    assert decide(default, [default, dropped])[2] == "keeping defaults: they were the fastest measured"
    assert decide(default, [default])[2] == "keeping defaults: nothing else was measured (give a larger --budget)"


def test_coordinate_descent_varies_the_next_setting_from_the_best_so_far() -> None:
    clock = Clock()
    fake = Fake(score_by({"threads 1": [120.0], "threads 1, fa on": [140.0], "fa on": [90.0]}, [100.0]), clock)
    search = Search(fake, default=BASE, dims=[Dimension("threads", (1, 2)), Dimension("flash_attn", (False, True))],
                    budget_s=1000, clock=clock, passes=1, confirm_reps=2)
    search.run()
    labels = [s.label(BASE) for s in dict.fromkeys(fake.opened)]
    assert labels == ["defaults", "threads 1", "threads 1, fa on"]  # fa tried on top of threads 1, not the defaults
    assert search.outcome().best.setting == replace(BASE, threads=1, threads_batch=1, flash_attn=True)


def test_settings_llama_cpp_cannot_load_are_never_tried() -> None:
    clock = Clock()
    fake = Fake(lambda s: [100.0], clock)
    kv = Dimension("kv", (("f16", "f16"), ("q8_0", "q8_0")))
    search = Search(fake, default=BASE, dims=[kv, Dimension("n_ubatch", (128, 1024))], budget_s=1000, clock=clock)
    search.run()
    tried = set(fake.opened)
    assert all(s.cache_type_v == "f16" for s in tried)  # a quantized V cache without flash attention
    assert replace(BASE, n_ubatch=128) in tried and all(s.n_ubatch <= s.n_batch for s in tried)
    # A logical batch below the physical one takes it down too, as llama.cpp does.
    assert Dimension("n_batch", (256,)).apply(BASE, 256) == replace(BASE, n_batch=256, n_ubatch=256)


def test_the_budget_bounds_the_search_and_the_defaults_are_measured_anyway() -> None:
    clock = Clock()
    fake = Fake(lambda s: [100.0 + s.threads], clock, cost=10.0, load=5.0)
    dims = [Dimension("threads", (1, 3, 4, 5, 6, 7, 8))]
    search = Search(fake, default=BASE, dims=dims, budget_s=60, clock=clock, confirm_reps=3)
    search.run()
    outcome = search.outcome()
    assert outcome.stopped == "budget" and outcome.default.n >= 1
    assert len(set(fake.opened)) < 1 + len(dims[0].values)  # not every candidate fitted
    # Past the first sample of the defaults, nothing starts that its cost would carry past the budget.
    assert all(start + 10.0 <= 60.0 for start in fake.starts[1:])
    other = Clock()
    tiny = Search(Fake(lambda s: [100.0], other, cost=10.0), default=BASE, dims=dims, budget_s=1, clock=other)
    tiny.run()
    assert tiny.outcome().default.n == 1 and tiny.outcome().winner is None


def test_a_setting_that_fails_to_load_is_reported_and_the_search_goes_on() -> None:
    clock = Clock()
    inner = Fake(lambda s: [100.0 + s.threads], clock)

    def measure(setting: Setting) -> Iterator[Sample]:
        if setting.threads == 3:
            raise ModelLoadError("out of memory")
        return inner(setting)

    search = Search(measure, default=BASE, dims=[Dimension("threads", (3, 4))], budget_s=1000, clock=clock)
    search.run()
    rows = {r.setting.threads: r for r in search.outcome().rows}
    assert rows[3].error == "out of memory" and not rows[3].ranked and rows[4].n >= 2


def test_a_ctrl_c_leaves_what_was_measured_and_closes_the_model() -> None:
    clock = Clock()
    inner = Fake(lambda s: [100.0 + s.threads], clock)
    calls = [0]

    def measure(setting: Setting) -> Iterator[Sample]:
        for sample in inner(setting):
            calls[0] += 1
            if calls[0] == 4:
                raise KeyboardInterrupt
            yield sample

    search = Search(measure, default=BASE, dims=[Dimension("threads", (3, 4, 5))], budget_s=1000, clock=clock)
    with pytest.raises(KeyboardInterrupt):
        search.run()
    outcome = search.outcome("interrupted")
    assert outcome.stopped == "interrupted" and [r.n for r in outcome.rows] == [2, 1]
    assert len(inner.opened) == len(inner.closed) == 2


def test_the_grid_tries_threads_up_to_the_cpu_count_and_gpu_layers_only_on_a_gpu_build() -> None:
    dims = {d.name: d.values for d in grid(BASE, logical=12, physical=6, n_prompt=256)}
    assert dims["threads"] == (1, 2, 4, 6, 8, 12) and "n_gpu_layers" not in dims
    assert dims["n_batch"] == (256, 512) and ("q8_0", "q8_0") in dims["kv"] and dims["flash_attn"] == (False, True)
    assert dims["repack"] == (True, False)  # llama.cpp's default first
    assert Dimension("repack", (False,)).apply(BASE, False).label(BASE) == "repack off"
    gpu = {d.name: d.values for d in grid(BASE, logical=2, physical=2, n_prompt=256, gpu_layers=24)}
    assert gpu["n_gpu_layers"] == ("all", 12, 0) and list(gpu)[0] == "n_gpu_layers"  # the biggest lever first
    given = {d.name: d.values for d in grid(BASE, logical=2, physical=2, n_prompt=256, given={"threads": [1]})}
    assert given["threads"] == (1,)
