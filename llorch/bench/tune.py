"""`llorch bench --tune`: a budgeted search for one model's fastest engine settings on this machine.

Not the cross product. Coordinate descent from the defaults: one setting varied at a time
(GPU layers, threads, flash attention, KV cache types, batch sizes, repacked weights; slots for the batched
workload), each candidate given short runs. A candidate whose first sample is below
DROP_RATIO of the best mean so far is dropped at once; the others get a second sample, and
the best becomes the point the next setting is varied from. Then the top few and the
defaults are sampled again, interleaved round by round (a busy machine slows them alike),
and the noise guard keeps the defaults unless the best one's mean minus its spread is above
the defaults' mean plus theirs.

Measuring is a function passed in (a generator of samples for a setting: a model loaded
once, sampled until closed) and time an injected clock, so the search runs on fakes in
tests; llorch.bench.tune_measure holds the real workloads.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from llorch.bench.types import mean_stddev
from llorch.errors import LlorchError

__all__ = ["DROP_RATIO", "Dimension", "Measure", "Outcome", "Row", "Sample", "Search", "Setting", "decide", "grid",
           "kv_pairs"]

DROP_RATIO = 0.8  # a first sample below this share of the best mean drops the candidate
QUANTIZED_V_NEEDS_FA = ("f16", "f32", "bf16")  # V cache types that work without flash attention


@dataclass(frozen=True)
class Setting:
    """The engine settings one candidate loads the model with (threads already resolved to a number)."""

    threads: int
    threads_batch: int
    n_batch: int
    n_ubatch: int
    flash_attn: bool
    cache_type_k: str
    cache_type_v: str
    n_gpu_layers: int | str = 0
    slots: int = 1
    repack: bool = True  # the weights in the CPU's repacked layouts (engine.repack)

    def valid(self) -> bool:
        """Whether llama.cpp can load it: a quantized V cache needs flash attention; ubatch <= batch."""
        if self.cache_type_v not in QUANTIZED_V_NEEDS_FA and not self.flash_attn:
            return False
        return self.n_ubatch <= self.n_batch and self.threads >= 1 and self.slots >= 1

    def changes(self, base: Setting) -> dict[str, Any]:
        """The fields that differ from `base`, as config keys (`[workers."MODEL"]`) and values."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(base, f.name)}

    def label(self, base: Setting) -> str:
        """What sets it apart from `base`, in short ("threads 1, fa on"); "defaults" when nothing does."""
        parts = []
        c = self.changes(base)
        if "threads" in c or "threads_batch" in c:
            same = self.threads == self.threads_batch
            parts.append(f"threads {self.threads}" if same else f"threads {self.threads}/{self.threads_batch}")
        if "n_gpu_layers" in c:
            parts.append(f"ngl {self.n_gpu_layers}")
        if "flash_attn" in c:
            parts.append(f"fa {'on' if self.flash_attn else 'off'}")
        if "cache_type_k" in c or "cache_type_v" in c:
            parts.append(f"kv {self.cache_type_k}/{self.cache_type_v}")
        if "n_batch" in c:
            parts.append(f"batch {self.n_batch}")
        if "n_ubatch" in c:
            parts.append(f"ubatch {self.n_ubatch}")
        if "slots" in c:
            parts.append(f"slots {self.slots}")
        if "repack" in c:
            parts.append(f"repack {'on' if self.repack else 'off'}")
        return ", ".join(parts) or "defaults"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Dimension:
    """One setting the search varies, and the values it tries (`kv`: (K type, V type) pairs)."""

    name: str  # "threads", "kv", or a Setting field
    values: tuple[Any, ...]

    def apply(self, setting: Setting, value: Any) -> Setting:
        if self.name == "threads":
            return replace(setting, threads=int(value), threads_batch=int(value))
        if self.name == "kv":
            return replace(setting, cache_type_k=value[0], cache_type_v=value[1])
        if self.name == "n_batch":  # llama.cpp caps the physical batch at the logical one: say so in the setting
            return replace(setting, n_batch=int(value), n_ubatch=min(setting.n_ubatch, int(value)))
        return replace(setting, **{self.name: value})


@dataclass(frozen=True)
class Sample:
    """One timed run: the figure the search ranks by, and the pp/tg speeds behind it (tokens/s)."""

    score: float
    tg: float
    pp: float | None = None  # None: the workload has no separate prompt figure


Measure = Callable[[Setting], Iterator[Sample]]  # load with the setting, warm up, then a sample per next()


@dataclass(frozen=True)
class Row:
    """A candidate as measured."""

    setting: Setting
    samples: tuple[Sample, ...] = ()
    dropped: bool = False  # its first sample was clearly worse than the best so far
    finalist: bool = False  # among the top few (or the defaults) sampled again at the end
    error: str = ""  # it failed to load or run

    @property
    def n(self) -> int:
        return len(self.samples)

    @property
    def mean(self) -> float:
        return mean_stddev([s.score for s in self.samples])[0]

    @property
    def spread(self) -> float:
        """The sample standard deviation of the score (0 with one sample)."""
        return mean_stddev([s.score for s in self.samples])[1]

    @property
    def pp(self) -> float | None:
        values = [s.pp for s in self.samples if s.pp is not None]
        return sum(values) / len(values) if values else None

    @property
    def tg(self) -> float:
        return mean_stddev([s.tg for s in self.samples])[0]

    @property
    def ranked(self) -> bool:
        """Whether it takes part in picking the best (measured, not dropped, not failed)."""
        return bool(self.samples) and not self.dropped and not self.error


@dataclass(frozen=True)
class Outcome:
    """One workload's search: every row, the defaults' row, the best, and what the noise guard decided."""

    rows: tuple[Row, ...]
    default: Row
    best: Row
    winner: Row | None  # None: keep the defaults
    verdict: str  # why the defaults are kept ("" when the winner is taken)
    stopped: str = ""  # "", "budget" (not everything fitted) or "interrupted"
    elapsed_s: float = 0.0

    @property
    def gain(self) -> float:
        """The best's mean over the defaults', as a fraction (0.12: 12% faster)."""
        return self.best.mean / self.default.mean - 1.0 if self.default.mean > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON, the bench history): rows labelled by what sets them apart from the defaults."""
        base = self.default.setting

        def row(r: Row) -> dict[str, Any]:
            return {"label": r.setting.label(base), "setting": r.setting.to_dict(), "changes": r.setting.changes(base),
                    "n": r.n, "mean": r.mean, "spread": r.spread, "pp": r.pp, "tg": r.tg,
                    "samples": [s.score for s in r.samples], "dropped": r.dropped, "finalist": r.finalist,
                    "error": r.error}

        return {"default": base.to_dict(), "rows": [row(r) for r in self.rows],
                "best": self.best.setting.label(base), "winner": None if self.winner is None else row(self.winner),
                "verdict": self.verdict, "gain": self.gain, "stopped": self.stopped, "elapsed_s": self.elapsed_s}


def decide(default: Row, rows: Sequence[Row]) -> tuple[Row, Row | None, str]:
    """(the best row, the winner or None, the verdict): the defaults stay unless the best is better
    beyond the spread of both (its mean minus its spread above the defaults' mean plus theirs).
    Once there are finalists (sampled again at the end), the best is one of them."""
    ranked = [r for r in ([r for r in rows if r.finalist] or rows) if r.ranked]
    best = max(ranked, key=lambda r: r.mean) if ranked else default
    if best.setting == default.setting:
        if not any(r.samples and r.setting != default.setting for r in rows):
            return best, None, "keeping defaults: nothing else was measured (give a larger --budget)"
        return best, None, "keeping defaults: they were the fastest measured"
    if default.n < 2 or best.n < 2:
        return best, None, "keeping defaults: too few samples to tell the settings apart (give a larger --budget)"
    if best.mean - best.spread > default.mean + default.spread:
        return best, best, ""
    return best, None, "keeping defaults: the difference is within noise"


@dataclass
class _Trial:
    setting: Setting
    samples: list[Sample] = field(default_factory=list)
    dropped: bool = False
    finalist: bool = False
    error: str = ""

    @property
    def mean(self) -> float:
        return mean_stddev([s.score for s in self.samples])[0]

    @property
    def ranked(self) -> bool:
        return bool(self.samples) and not self.dropped and not self.error

    def frozen(self) -> Row:
        return Row(self.setting, tuple(self.samples), self.dropped, self.finalist, self.error)


class _OutOfTime(Exception):
    """The budget has no room for the next sample."""


class Search:
    """One workload's search (see the module docstring); `run()`, then `outcome()`, also after a Ctrl-C
    cut `run()` short: what was measured until then stays."""

    def __init__(
        self,
        measure: Measure,
        *,
        default: Setting,
        dims: Sequence[Dimension],
        budget_s: float,
        start: Setting | None = None,
        clock: Callable[[], float] = time.monotonic,
        search_reps: int = 2,
        confirm_reps: int = 5,
        top: int = 3,
        drop_ratio: float = DROP_RATIO,
        search_share: float = 0.6,
        passes: int = 2,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        """`start`: the setting the search varies from, measured beside the defaults (default: the defaults)."""
        self._measure, self._dims, self._clock = measure, tuple(dims), clock
        self.default, self._start = default, start or default
        self._budget, self._search_reps, self._confirm_reps = budget_s, search_reps, max(2, confirm_reps)
        self._top, self._drop_ratio, self._share, self._passes = top, drop_ratio, search_share, passes
        self._progress = progress
        self._trials: dict[Setting, _Trial] = {}
        self._open_costs: list[float] = []  # seconds of a first sample (load and warm-up included)
        self._more_costs: list[float] = []  # seconds of each further sample on the same load
        self._began: float | None = None
        self.stopped = ""

    def run(self) -> None:
        """Search, then sample the finalists again; stops where the budget would be passed."""
        self._began = began = self._clock()
        search_end, end = began + self._budget * self._share, began + self._budget
        try:
            # The defaults are measured whatever the budget: everything is compared with them.
            current = self._sample(self.default, self._search_reps, search_end, forced=True)
            if self._start != self.default:  # varied from whatever it measures
                current = self._sample(self._start, self._search_reps, search_end)
            for _ in range(self._passes):
                moved = False
                for dim in self._dims:
                    for value in dim.values:
                        candidate = dim.apply(current.setting, value)
                        if not candidate.valid() or candidate in self._trials:
                            continue
                        trial = self._sample(candidate, self._search_reps, search_end)
                        if trial.ranked and trial.mean > current.mean:
                            current, moved = trial, True
                if not moved:
                    break
        except _OutOfTime:
            self.stopped = "budget"
        try:
            self._confirm(end)
        except _OutOfTime:
            self.stopped = "budget"

    def _confirm(self, end: float) -> None:
        """The top few and the defaults, a sample each per round, until each has `confirm_reps`."""
        ranked = sorted((t for t in self._trials.values() if t.ranked), key=lambda t: t.mean, reverse=True)
        finalists = ranked[: self._top]
        default = self._trials[self.default]
        if default not in finalists:
            finalists.append(default)
        for trial in finalists:
            trial.finalist = True
        while True:
            behind = [t for t in finalists if len(t.samples) < self._confirm_reps and not t.error]
            if not behind:
                return
            self._sample(min(behind, key=lambda t: len(t.samples)).setting, 1, end, again=True)

    def _guess(self, first: bool) -> float:
        costs = self._open_costs if first or not self._more_costs else self._more_costs
        return sum(costs) / len(costs) if costs else 0.0

    def _best_mean(self) -> float:
        return max((t.mean for t in self._trials.values() if t.ranked), default=0.0)

    def _sample(self, setting: Setting, n: int, deadline: float, *, forced: bool = False,
                again: bool = False) -> _Trial:
        """Up to `n` samples of `setting` on one load; the first can drop it (not when sampled `again`)."""
        trial = self._trials.get(setting) or _Trial(setting)
        if not forced and self._clock() + self._guess(True) > deadline:
            raise _OutOfTime
        best = self._best_mean()
        self._trials[setting] = trial
        if self._progress:
            self._progress(setting.label(self.default))
        before = self._clock()
        samples: Iterator[Sample] | None = None
        try:
            samples = self._measure(setting)
            for i in range(n):
                if i and self._clock() + self._guess(False) > deadline:
                    break
                if i and self._progress:
                    self._progress(setting.label(self.default))
                sample = next(samples, None)
                if sample is None:
                    raise LlorchError("the measurement gave no sample")
                (self._more_costs if i else self._open_costs).append(self._clock() - before)
                before = self._clock()
                trial.samples.append(sample)
                if i == 0 and not again and sample.score < self._drop_ratio * best:
                    trial.dropped = True
                    break
        except LlorchError as exc:
            if setting == self.default:
                raise
            trial.error = str(exc)  # a setting this machine cannot load: said in its row, the search goes on
        finally:
            close = getattr(samples, "close", None)
            if close is not None:
                close()
        return trial

    def outcome(self, stopped: str | None = None) -> Outcome:
        """What was measured, and the noise guard's decision (`stopped`: why it ended early, if it did)."""
        rows = tuple(t.frozen() for t in self._trials.values())
        default = next((r for r in rows if r.setting == self.default), Row(self.default))
        best, winner, verdict = decide(default, rows)
        elapsed = self._clock() - self._began if self._began is not None else 0.0
        return Outcome(rows, default, best, winner, verdict, self.stopped if stopped is None else stopped, elapsed)


def kv_pairs(types_k: Sequence[str], types_v: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(K, V) cache type pairs to try: every combination given."""
    return tuple((k, v) for k in types_k for v in types_v)


def grid(
    base: Setting,
    *,
    logical: int,
    physical: int,
    n_prompt: int,
    gpu_layers: int | None = None,
    given: Mapping[str, Sequence[Any]] | None = None,
) -> list[Dimension]:
    """The values tried for each setting, in the order they are varied; `given` replaces a dimension's
    values (the user's -t, -fa, ... flags). `gpu_layers`: the model's layer count on a build that can
    offload (None: a CPU build, no GPU layers tried)."""
    given = given or {}
    threads = {2**k for k in range(logical.bit_length()) if 2**k <= logical} | {physical, logical, base.threads}
    batches = {b for b in (256, 512, 1024, 2048) if b <= max(n_prompt, base.n_batch)} | {base.n_batch}
    default_kv = {("f16", "f16"), ("q8_0", "f16"), ("q8_0", "q8_0"), (base.cache_type_k, base.cache_type_v)}
    dims: dict[str, tuple[Any, ...]] = {}
    if gpu_layers is not None:
        dims["n_gpu_layers"] = ("all", gpu_layers // 2, 0) if gpu_layers > 1 else ("all", 0)
    dims["threads"] = tuple(sorted(threads))
    dims["flash_attn"] = (False, True)
    dims["kv"] = tuple(sorted(default_kv))
    dims["n_batch"] = tuple(sorted(batches))
    dims["n_ubatch"] = tuple(sorted({128, 256, 512, base.n_ubatch}))
    dims["repack"] = (True, False)  # llama.cpp's repacked weights read prompts slower on some CPUs (AVX-512 here)
    for name, values in given.items():
        dims[name] = tuple(values)
    return [Dimension(name, values) for name, values in dims.items()]
