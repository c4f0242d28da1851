"""Two runs side by side, set by set: the accuracy of each on the items both asked, the difference,
and McNemar's exact test of whether it is more than chance (the items are paired: the same
questions, two setups)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from llorch.evals.runner import EvalRun
from llorch.evals.stats import McNemar, mcnemar_exact

__all__ = ["SetComparison", "compare_runs"]


@dataclass(frozen=True)
class SetComparison:
    name: str
    paired: int  # items both runs asked (by id)
    correct_a: int  # of those, how many A got right
    correct_b: int
    test: McNemar  # b: right in A only, c: right in B only
    only_a: int = 0  # items only run A asked (left out of the comparison)
    only_b: int = 0

    @property
    def accuracy_a(self) -> float:
        return self.correct_a / self.paired if self.paired else 0.0

    @property
    def accuracy_b(self) -> float:
        return self.correct_b / self.paired if self.paired else 0.0

    @property
    def difference(self) -> float:
        """B's accuracy minus A's, on the paired items."""
        return self.accuracy_b - self.accuracy_a

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.name, "paired": self.paired, "correct_a": self.correct_a, "correct_b": self.correct_b,
            "accuracy_a": round(self.accuracy_a, 4), "accuracy_b": round(self.accuracy_b, 4),
            "difference": round(self.difference, 4), "right_in_a_only": self.test.b, "right_in_b_only": self.test.c,
            "p_value": self.test.p_value, "significant": self.test.significant(), "only_in_a": self.only_a,
            "only_in_b": self.only_b,
        }


def compare_runs(a: EvalRun, b: EvalRun) -> list[SetComparison]:
    """Every set both runs asked, in A's order, compared on the items both asked."""
    sets_b = {s.name: s for s in b.sets}
    out: list[SetComparison] = []
    for set_a in a.sets:
        set_b = sets_b.get(set_a.name)
        if set_b is None:
            continue
        right_a = {i.id: i.correct for i in set_a.items}
        right_b = {i.id: i.correct for i in set_b.items}
        both = [k for k in right_a if k in right_b]
        only_a = sum(right_a[k] and not right_b[k] for k in both)
        only_b = sum(right_b[k] and not right_a[k] for k in both)
        out.append(SetComparison(
            set_a.name, len(both), sum(right_a[k] for k in both), sum(right_b[k] for k in both),
            mcnemar_exact(only_a, only_b), len(right_a) - len(both), len(right_b) - len(both),
        ))
    return out
