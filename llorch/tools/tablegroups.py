"""A table tool call's action for each value of a column (`by`): "What's the total salary per department?" (the
1.5B gave the grand total, 394,000, for Eng 203,000, Sales 119,000, Ops 72,000), each group's total, average,
median, largest, smallest or rows, in the order the table first has them.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.tablenumbers import decimal_places, number, rows_said, said_number, total_of
from llorch.tools.tablereading import Table, cell_is, cell_text, in_bytes, row_label

__all__ = ["SHOWN_GROUPS", "SHOWN_ROWS", "grouped_answer"]

SHOWN_ROWS = 10  # rows named in a result at most
SHOWN_GROUPS = 20  # groups said in a result at most (100 in its data)


def grouped_answer(table: Table, name: str, action: str, by: str, value: str | None, base: dict[str, Any],
                   condition: str, left: str, rank: str | None = None) -> tuple[dict[str, Any], str]:
    """`action` for each value of column `by`, the groups in the order the table first has them; the group `rank`
    asks for ("largest", "smallest") named first (told "The largest is green (38); the smallest blue (34)" after
    every team's, the 1.5B named green as the lowest)."""
    if rank not in (None, "largest", "smallest"):
        raise ToolError(f"table: rank is largest or smallest, got {rank!r}")
    if action not in ("sum", "mean", "median", "stdev", "max", "min", "count"):
        raise ToolError("table: by is for sum, mean, median, stdev, max, min and count")
    if by == name and action != "count":
        raise ToolError(f"table: {name} is the column computed over; by names another")
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in table.rows:
        groups.setdefault(cell_text(row.get(by)).strip() or "(empty)", []).append(row)
    wanted = (value or "").strip()
    numeric = action not in ("count",)
    binary = in_bytes(table, name)  # (a "1.2K" that is no size is a thousand)
    places = decimal_places([c for r in table.rows if number(c := r.get(name)) is not None]) if numeric else 0
    if numeric and not any(number(r.get(name)) is not None for r in table.rows):
        raise ToolError(f"table: column {name!r} has no numbers")
    results: list[dict[str, Any]] = []
    parts = []
    for group, rows in groups.items():
        k = len(rows)
        known = [(x, r) for r in rows if (x := number(r.get(name), binary)) is not None]
        entry: dict[str, Any] = {"group": group, "rows": k}
        if action == "count":
            entry["result"] = sum(cell_is(r.get(name), wanted) for r in rows) if wanted else k
            parts.append(f"{group} {entry['result']} of {k}" if wanted else f"{group} {k}")
        elif not known:
            entry["result"] = None
            parts.append(f"{group} none ({rows_said(k)} without a number)")
        elif action == "stdev" and len(known) < 2:
            entry["result"] = None
            parts.append(f"{group} none (one number)")
        elif action in ("sum", "mean", "median", "stdev"):
            values = [x for x, _ in known]
            total = total_of(name, action, values)
            entry["result"] = round(total, places) if action == "sum" else round(
                total / len(known) if action == "mean" else statistics.median(values) if action == "median"
                else statistics.stdev(values), places + 2)
            shown = said_number(entry["result"], places if action == "sum" else places + 2)
            parts.append(f"{group} {shown} ({rows_said(k)})")
        else:
            best = max(x for x, _ in known) if action == "max" else min(x for x, _ in known)
            winners = [r for x, r in known if x == best]
            entry |= {"result": best, "cell": cell_text(winners[0].get(name)),
                      "labels": [row_label(table, r) for r in winners[:SHOWN_ROWS]]}
            parts.append(f"{group} {entry['cell']} ({' and '.join(entry['labels'][:3])}; of {rows_said(k)})")
        results.append(entry)
    more = len(parts) - SHOWN_GROUPS
    listed = "; ".join(parts[:SHOWN_GROUPS]) + (
        f"; and {more} more group{'' if more == 1 else 's'}" if more > 0 else "")
    what = {"sum": f"the total of {name}", "mean": f"the average of {name}", "median": f"the median of {name}",
            "stdev": f"the standard deviation of {name} (each group as a sample, dividing by its count less 1)",
            "max": f"the largest {name}", "min": f"the smallest {name}",
            "count": f"the number with {name} {wanted}" if wanted else "the number of rows"}[action]
    said = (f"Of {rows_said(len(table.rows), condition)}, {what} for each {by}, in the table's order of first "
            f"appearance: {listed}{left}.")
    ends, ranked = _ends(results, action, by, rank)
    data = base | {"by": by, "groups": results[:100], "group_count": len(results),
                   "result": {e["group"]: e["result"] for e in results[:100]}}
    if rank is not None and ranked:
        return data | {"rank": rank, "ranked": ranked}, f"{ends.strip()} {said}"
    return data, said + ends


def _ends(results: list[dict[str, Any]], action: str, by: str,
          rank: str | None = None) -> tuple[str, list[str]]:
    """Which group's total (average, median, count) is the largest and which the smallest, ties named together, the
    end `rank` asks for first; and the groups at that end. Told each region's total, the 1.5B named the region with
    the largest row ("Which region has the highest total sales?"). Nothing for fewer than two groups with a number,
    or for each group's largest or smallest."""
    known = [(e["group"], e["result"]) for e in results if e["result"] is not None]
    if action in ("max", "min", "stdev") or len(known) < 2:
        return "", []
    top, bottom = max(v for _, v in known), min(v for _, v in known)
    if top == bottom:
        return f" Every {by} has the same.", []

    def named(value: Any) -> str:
        groups = [g for g, v in known if v == value]
        each = " each" if len(groups) > 1 else ""
        return f"{' and '.join(groups[:3])}{' and more' if len(groups) > 3 else ''} ({said_number(value, 6)}{each})"

    of = f" {_OF[action]}" if rank else ""  # ("The smallest total is blue (34)": the one asked, said first)
    if rank == "smallest":
        return f" The smallest{of} is {named(bottom)}; the largest {named(top)}.", [g for g, v in known if v == bottom]
    ranked = [g for g, v in known if v == top] if rank == "largest" else []
    return f" The largest{of} is {named(top)}; the smallest {named(bottom)}.", ranked


_OF = {"sum": "total", "mean": "average", "median": "median", "count": "count"}
