"""The times in a log's lines (a request's 120ms, "in 1.2s", morgan's "2.563 ms", logfmt's duration=350us), for the
table tool: their total, average, longest and shortest, each with its line.

Asked "What's the average response time?" of four request lines ending 120ms, 80ms, 310ms and 95ms, the 1.5B
averaged the GETs apart from the POST (105 and 310 ms); it is 151.25 ms. Such lines are no table (no header, words
of any number), but each holds one time: a line with none is left out, and one with two or more (a "took 3s after
waiting 2s") is too, since which of them is asked about is not plain.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import clipped

__all__ = ["TIME_WORDS", "Timed", "timed_lines", "times_answer"]

# The words of a question that ask about the times: "the average response time", "the longest duration".
TIME_WORDS = frozenset({"time", "times", "responsetime", "responsetimes", "duration", "durations", "latency",
                        "latencies", "elapsed", "took", "requesttime", "requesttimes", "runtime", "runtimes"})
_TIME = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)( ?)(ns|us|µs|μs|ms|s|sec|secs|seconds?|min|mins|minutes?)(?![\w/])")
_MS = {"ns": 1e-6, "us": 1e-3, "µs": 1e-3, "μs": 1e-3, "ms": 1.0, "s": 1000.0, "sec": 1000.0, "secs": 1000.0,
       "second": 1000.0, "seconds": 1000.0, "min": 60_000.0, "mins": 60_000.0, "minute": 60_000.0,
       "minutes": 60_000.0}
_MAX_LINES = 200_000
_SHOWN = 100  # characters of a line named in a result


@dataclass(frozen=True)
class Timed:
    """A line's one time, in milliseconds, as written, and the line (1-based)."""

    ms: float
    written: str
    number: int
    line: str


def timed_lines(text: str) -> tuple[list[Timed], int]:
    """The lines of `text` that hold exactly one time, and how many lines hold none or several. A time is a number
    with its unit (ms, s, µs, ns, min; a bare "m" is no time: it is metres as well)."""
    found: list[Timed] = []
    other = 0
    for number, line in enumerate(text.splitlines()[:_MAX_LINES], start=1):
        if not line.strip():
            continue
        times = _TIME.findall(line)
        if len(times) != 1:
            other += 1
            continue
        value, space, unit = times[0]
        found.append(Timed(float(value) * _MS[unit], value + space + unit, number, line.strip()))
    return found, other


def times_answer(timed: tuple[list[Timed], int], action: str) -> tuple[dict[str, Any], str]:
    """The total (sum), average (mean), longest (max) or shortest (min) of the times `timed_lines` read."""
    found, other = timed
    if len(found) < 2:
        raise ToolError("table: fewer than two lines of this text hold a time (120ms, 1.2s): nothing to compute")
    values = [t.ms for t in found]
    unit, scale = _unit(values)
    left = f"; {other} line{'' if other == 1 else 's'} without one time left out" if other else ""
    base: dict[str, Any] = {"action": action, "column": "time", "rows": len(found), "read_as": "times", "unit": unit}
    if action in ("sum", "mean"):
        total = math.fsum(values)
        mean = total / len(values)
        if action == "sum":
            said = f"The total of the {len(found)} times is {_shown(total / scale)} {unit}{left}."
            return base | {"result": round(total / scale, 6), "total": round(total / scale, 6)}, said
        said = (f"The average of the {len(found)} times is {_shown(mean / scale)} {unit} (total {_shown(total / scale)} "
                f"{unit}){left}.")
        return base | {"result": round(mean / scale, 6), "total": round(total / scale, 6)}, said
    if action not in ("max", "min"):
        raise ToolError(f"table: the times of a log's lines take sum, mean, max or min, not {action}")
    best = max(values) if action == "max" else min(values)
    winners = [t for t in found if t.ms == best]
    word = "longest" if action == "max" else "shortest"
    lines = "; ".join(f"line {t.number}: {clipped(t.line, _SHOWN)}" for t in winners[:10])
    said = f"Of the {len(found)} times, the {word} is {winners[0].written} ({lines}){left}."
    return base | {"result": round(best / scale, 6), "cell": winners[0].written,
                   "labels": [clipped(t.line, _SHOWN) for t in winners[:10]]}, said


def _unit(values: list[float]) -> tuple[str, float]:
    """The unit a result is given in: seconds when every time is a second or more, else milliseconds."""
    return ("s", 1000.0) if min(values) >= 1000.0 else ("ms", 1.0)


def _shown(value: float) -> str:
    return f"{value:,.3f}".rstrip("0").rstrip(".")
