"""The statistics of an evaluation: a Wilson interval for one accuracy, an exact McNemar test for two.

Both are small closed forms, written out here rather than pulling in scipy for two functions;
the tests check them against published values and, where it is installed, against scipy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Z95", "McNemar", "mcnemar_exact", "wilson"]

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95% interval


def wilson(correct: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for `correct` successes of `total` (95% by default).

    Unlike the normal approximation it stays inside [0, 1] and is honest for small sets and for
    accuracies near 0 or 1, which is where task sets of 30 items live. (0, 1) for no items."""
    if total < 0 or not 0 <= correct <= total:
        raise ValueError(f"need 0 <= correct <= total, got {correct} of {total}")
    if total == 0:
        return 0.0, 1.0
    p = correct / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    # At 0 and at `total` the bound is 0 (or 1) exactly; floating point would leave 0.9999999999999999.
    low = 0.0 if correct == 0 else max(0.0, centre - half)
    high = 1.0 if correct == total else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class McNemar:
    """Two setups on the same items: how many only A got right (`b`), only B (`c`), and the exact
    two-sided p-value that the difference is chance."""

    b: int
    c: int
    p_value: float

    def significant(self, alpha: float = 0.05) -> bool:
        return self.p_value < alpha


def mcnemar_exact(b: int, c: int) -> McNemar:
    """McNemar's exact test: under "no difference" each discordant item is a fair coin, so the
    p-value is twice the binomial tail of the smaller count (at most 1). Items both setups got
    right, or both wrong, say nothing about which is better and do not enter."""
    if b < 0 or c < 0:
        raise ValueError(f"discordant counts must be >= 0, got {b} and {c}")
    n = b + c
    if n == 0:
        return McNemar(b, c, 1.0)
    tail = sum(Fraction(math.comb(n, k)) for k in range(min(b, c) + 1)) / Fraction(2) ** n
    return McNemar(b, c, float(min(Fraction(1), 2 * tail)))
