"""A table cell's number as written (1,200.50, $12, 65%, 1.2G: bytes, as `du -h` and `df -h` mean, or a thousand
millions, as "1.2K views" do) and a result said (with thousands' commas; bytes in df -h's unit, "152.2G"): what
reading a table (tablereading.py) and answering over it (table.py) share.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from llorch.errors import ToolError

__all__ = ["SIZE", "decimal_places", "number", "rows_said", "said_number", "said_size", "scaled", "total_of"]

SIZE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[KMGTP])(?:i?B)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40, "P": 2**50}


def number(cell: Any, binary: bool = True) -> float | None:
    """A cell's value as a number: 1,200.50, $12, 65%, 1.2G (bytes, as `du -h` and `df -h` mean; not `binary`, a
    thousand millions, as "1.2K views" means), else None."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        try:
            return float(cell)
        except OverflowError:  # (an integer past a float's range: no amount)
            return None
    text = str(cell).strip().removeprefix("$").removeprefix("€").removeprefix("£").removesuffix("%").strip()
    if _THOUSANDS.match(text):
        text = text.replace(",", "")
    size = SIZE.match(text)
    if size is not None:
        unit = size.group("unit").upper()
        return float(size.group("n")) * (_UNITS[unit] if binary else 1000.0 ** ("KMGTP".index(unit) + 1))
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


_THOUSANDS_OF = {"K": "a thousand", "M": "a million", "G": "a billion", "T": "a trillion", "P": "a quadrillion"}


def scaled(cells: Sequence[Any]) -> str:
    """What the units of cells read as thousands mean, said: " (K read as a thousand, M as a million)"; "" when no
    cell has one."""
    units = {m.group("unit").upper() for c in cells if isinstance(c, str)
             and (m := SIZE.match(c.strip().lstrip("$€£").strip())) is not None}
    said = [f"{u} {'read ' if i == 0 else ''}as {_THOUSANDS_OF[u]}"
            for i, u in enumerate(u for u in "KMGTP" if u in units)]
    return f" ({', '.join(said)})" if said else ""


_DECIMALS = re.compile(r"[^.]*\d\.(\d+)\D*")


def decimal_places(cells: Sequence[Any]) -> int:
    """The most decimal places among the cells as written (1847.69 is the sum of 2-place amounts, not 1847.6899…)."""
    most = 0
    for cell in cells:
        written = repr(cell) if isinstance(cell, float) else cell.strip() if isinstance(cell, str) else ""
        decimals = _DECIMALS.fullmatch(written)
        if decimals is not None:
            most = max(most, len(decimals.group(1)))
    return min(most, 6)


def said_number(value: float, places: int) -> str:
    """A result as said: with thousands' commas, to `places` decimals without trailing zeros (4 when 0 and not
    whole)."""
    if value == int(value) and places == 0:
        return f"{int(value):,}"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".") if places > 0 else f"{value:,.4f}".rstrip("0").rstrip(".")


def said_size(n_bytes: float) -> tuple[float, str, str]:
    """A number of bytes in the largest unit it holds one of (K, M, G, T, P: powers of 1024, as `df -h` and `du -h`
    mean them), to a place finer than df -h writes it (two under 10), and in words: (152.2, "G", "152.2G (152.2
    GiB, 163,423,505,612 bytes)"); under 1K, (512.0, "B", "512 bytes")."""
    unit = next((u for u in reversed(_UNITS) if abs(n_bytes) >= _UNITS[u]), "B")
    whole = f"{round(n_bytes):,} bytes"
    if unit == "B":
        return float(round(n_bytes)), unit, whole
    value = round(n_bytes / _UNITS[unit], 2 if abs(n_bytes) < 10 * _UNITS[unit] else 1)
    figure = said_number(value, 2)
    return value, unit, f"{figure}{unit} ({figure} {unit}iB, {whole})"


def total_of(name: str, action: str, values: Sequence[float]) -> float:
    """The exact sum of `values` (ten 0.1s are 1.0); an error past what a float holds."""
    try:
        total = math.fsum(values)
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        raise ToolError(f"table: the {'total' if action == 'sum' else 'average'} of {name} is past what a number holds")
    return total


def rows_said(n: int, condition: str = "") -> str:
    """"5 rows"; with a condition, "the 2 rows where dept is Eng"."""
    counted = f"{n} row{'' if n == 1 else 's'}"
    return f"the {counted} {condition}" if condition else counted
