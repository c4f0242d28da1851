"""A column's median and standard deviation (the table tool's `median` and `stdev`), and the questions that ask for
them.

Piped "item,price / a,10 / b,12 / c,9 / d,15" and asked "What's the standard deviation of the price column?", the
1.5B said 2.74: of every row as the whole population it is 2.29 (dividing by 4), as a sample 2.65 (by 3); which is
meant the question seldom says, so both are said, each named (the result is the sample's, as a spreadsheet's STDEV
and pandas give it). A median of an even count is the average of its two middle values, said so.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from llorch.errors import ToolError
from llorch.tools.tablenumbers import said_number, said_size

__all__ = ["STAT_WORDS", "spread_answer", "stat_action"]


def spread_answer(name: str, action: str, values: Sequence[float], places: int, base: dict[str, Any], over: str,
                  after: str, sized: bool) -> tuple[dict[str, Any], str]:
    """The median (`action` "median") or the standard deviation ("stdev": of a population and of a sample) of
    `values`, the numbers of column `name` over the rows `over` says; bytes (`sized`) said as df -h would."""

    def said(x: float) -> str:
        return said_size(x)[2] if sized else said_number(round(x, places + 2), places + 2)

    if action == "median":
        middle = statistics.median(values)
        ordered = sorted(values)
        half = len(ordered) // 2
        how = (f" (the average of the two middle values, {said(ordered[half - 1])} and {said(ordered[half])})"
               if len(ordered) % 2 == 0 and ordered[half - 1] != ordered[half] else "")
        result = said_size(middle)[0] if sized else round(middle, places + 2)
        return base | {"result": result, "counted": len(values)}, \
            f"The median of {name} over {over} is {said(middle)}{how}{after}."
    if len(values) < 2:
        raise ToolError(f"table: a standard deviation is of two values or more; {name} has {len(values)}")
    mean = statistics.fmean(values)
    population, sample = statistics.pstdev(values, mean), statistics.stdev(values, mean)
    result = said_size(sample)[0] if sized else round(sample, places + 2)
    n = len(values)
    return base | {"result": result, "sample": round(sample, places + 2), "population": round(population, places + 2),
                   "mean": round(mean, places + 2), "counted": n}, (
        f"The standard deviation of {name} over {over} is {said(population)} taking them as the whole population "
        f"(dividing by {n}), or {said(sample)} taking them as a sample (dividing by {n - 1}); their mean is "
        f"{said(mean)}{after}.")


# --- recognising a question -------------------------------------------------------------------------------

# A statistic's words where a question may say "average" (tablequestions.py's patterns of the mean): "What's the
# median salary?", "What's the standard deviation of the price column?"
STAT_WORDS = r"average|mean|median|standard\s+deviation|std\.?\s*dev(?:iation)?|stdev"


def stat_action(word: str | None) -> str:
    """The action a statistic's word asks for: "mean" (average, mean; none said), "median" or "stdev"."""
    said = (word or "mean").strip().lower()
    return "mean" if said in ("average", "mean") else "median" if said == "median" else "stdev"
