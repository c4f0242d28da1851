"""The Wilson interval and McNemar's exact test against published values, hand-derived cases and scipy."""

from __future__ import annotations

import math

import pytest

from llorch.evals.stats import mcnemar_exact, wilson

# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson score).
NEWCOMBE = [((81, 263), (0.2553, 0.3662)), ((15, 148), (0.0624, 0.1605)), ((0, 20), (0.0, 0.1611)),
            ((1, 29), (0.0061, 0.1718))]


@pytest.mark.parametrize("counts, published", NEWCOMBE)
def test_wilson_matches_newcombes_published_intervals(counts: tuple[int, int], published: tuple[float, float]) -> None:
    low, high = wilson(*counts)
    assert (round(low, 4), round(high, 4)) == published


def test_wilson_stays_inside_0_1_and_is_wide_for_no_items() -> None:
    assert wilson(10, 10)[1] == 1.0 and wilson(0, 10)[0] == 0.0
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(4, 3)


@pytest.mark.parametrize("b, c, p", [
    (0, 0, 1.0),  # no discordant item: nothing to tell the setups apart
    (0, 5, 2 / 32),  # 2 * C(5,0) / 2^5
    (1, 9, 2 * (1 + 10) / 1024),  # 2 * (C(10,0) + C(10,1)) / 2^10
    (3, 11, 2 * (1 + 14 + 91 + 364) / 2**14),
    (7, 7, 1.0),  # the doubled tail passes 1: capped
])
def test_mcnemar_exact_by_hand(b: int, c: int, p: float) -> None:
    result = mcnemar_exact(b, c)
    assert math.isclose(result.p_value, p, rel_tol=1e-12)
    assert mcnemar_exact(c, b).p_value == result.p_value  # symmetric in A and B


def test_mcnemar_significance_at_five_percent() -> None:
    assert mcnemar_exact(1, 9).significant() and not mcnemar_exact(0, 5).significant()


def test_both_agree_with_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    for k, n in [(81, 263), (5, 20), (30, 36), (1, 3), (17, 40)]:
        ci = stats.binomtest(k, n).proportion_ci(0.95, "wilson")
        assert wilson(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)
    for b, c in [(3, 11), (1, 9), (12, 4), (20, 31), (0, 1)]:
        assert mcnemar_exact(b, c).p_value == pytest.approx(stats.binomtest(b, b + c, 0.5).pvalue, rel=1e-12)
