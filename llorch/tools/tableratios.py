"""A column divided by another row by row (the table tool's `per`: a density is population per area), and the
questions that ask for one.

Piped "city,population,area_km2 / Alpha,820000,410 / Beta,1500000,1200 / Gamma,300000,75" and asked "Which city has
the highest population density?", the router took the largest population (Beta) and the 1.5B said so, for Gamma
(300,000 / 75 = 4,000 per km²). `divided` adds the quotient as a column named by what it divides ("population per
area_km2", "density (population per area_km2)" when `as` says what it is), which every action then reads as it reads
the table's own. `ratio_asked` recognises the highest or lowest density ("Which city is the most densely
populated?": population per area), amount per capita (per the population) and "X per Y" of two columns the table
has; where the table has no one such column, the question stays the model's (a density of the population column
alone is none: tablecolumns.py declines a measure its column's name lacks).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import QUESTION_END as _END, column_named, numeric_columns
from llorch.tools.tablereading import Table, column_key, number, read_table
from llorch.tools.tablewho import MAX_WORDS, MIN_WORDS

__all__ = ["divided", "ratio_asked"]


def divided(table: Table, name: str, per: str, called: str | None) -> tuple[Table, str]:
    """The table with a column more: `name` / `per` in each row that has both numbers (and `per` not 0), to four
    places at most, named "population per area_km2", or "density (population per area_km2)" when `called` says what
    it is."""
    if per == name:
        raise ToolError(f"table: per names another column than {name}")
    quotient = f"{name} per {per}"
    quotient = f"{called.strip()} ({quotient})" if called and called.strip() else quotient
    if quotient in table.columns:
        return table, quotient
    rows = []
    for row in table.rows:
        x, y = number(row.get(name)), number(row.get(per))
        value = x / y if x is not None and y is not None and y != 0 else None
        written = f"{value:.4f}".rstrip("0").rstrip(".") if value is not None and math.isfinite(value) else None
        rows.append({**row, quotient: written})
    if all(r[quotient] is None for r in rows):
        raise ToolError(f"table: no row has numbers in both {name} and {per} (and {per} not 0)")
    return replace(table, columns=(*table.columns, quotient), rows=tuple(rows)), quotient


# --- recognising a question -------------------------------------------------------------------------------

_WORD = r"[a-z][\w%.-]*"
_DIR = r"(?P<dir>" + MAX_WORDS + "|" + MIN_WORDS + ")"
_ASKED = (
    # "Which city has the highest population density?", "Which country has the lowest GDP per capita?", "Which
    # region has the most sales per employee?"
    re.compile(LEAD + r"(?:which|what)\s+(?:" + _WORD + r"\s+)?(?:" + _WORD + r"\s+)?(?:has|had|have|is|was)\s+"
               r"(?:the\s+)?" + _DIR + r"\s+(?P<what>" + _WORD + r"(?:\s+" + _WORD + r")?)\s+(?:(?P<density>density)|"
               r"per\s+(?P<per>" + _WORD + r"(?:\s+" + _WORD + r")?))" + _END, re.IGNORECASE),
    # "Which city is the most densely populated?"
    re.compile(LEAD + r"(?:which|what)\s+(?:" + _WORD + r"\s+)?(?:" + _WORD + r"\s+)?(?:is|was)\s+(?:the\s+)?"
               r"(?P<dir>most|least)\s+(?P<densely>densely)\s+populated" + _END, re.IGNORECASE),
)
_AREA = re.compile(r"area|km2|km²|sqkm|sqmi|sqft|squarek\w*|squarem\w*|acres?|hectares?|ha", re.IGNORECASE)
_PEOPLE = re.compile(r"population|pop|people|residents|inhabitants|persons|headcount", re.IGNORECASE)
_AREA_WORDS = re.compile(r"(?:square\s+)?(?:km|kilometers?|kilometres?|miles?|mi|km2|km²|sq\s*\w+|area|acres?|"
                         r"hectares?)", re.IGNORECASE)


def ratio_asked(question: str, text: str) -> dict[str, Any] | None:
    """The table tool's arguments for the row with the highest or lowest quotient of two of the table's columns
    (a density: population per area; per capita: per the population; "sales per employee"), or None."""
    match = next((m for pattern in _ASKED if (m := pattern.match(question)) is not None), None)
    if match is None:
        return None
    table = read_table(text)
    if table is None:
        return None
    groups = match.groupdict()
    what, per_words = (groups.get("what") or "").strip(), (groups.get("per") or "").strip()
    if groups.get("densely"):
        column, per, called = _one(table, _PEOPLE), _one(table, _AREA), "density"
    elif groups.get("density"):
        column, per, called = column_named(table, what, numeric=True), _one(table, _AREA), "density"
    elif per_words.lower() == "capita":
        column, per, called = column_named(table, what, numeric=True), _one(table, _PEOPLE), f"{what} per capita"
    else:
        column = column_named(table, what, numeric=True)
        per = _one(table, _AREA) if _AREA_WORDS.fullmatch(per_words) else column_named(table, per_words, numeric=True)
        called = None
    if column is None or per is None or column == per:
        return None
    kind = "min" if re.fullmatch(MIN_WORDS, groups["dir"], re.IGNORECASE) else "max"
    return {"action": kind, "column": column, "per": per, **({"as": called} if called else {}), "text": text}


def _one(table: Table, words: re.Pattern[str]) -> str | None:
    """The one column of numbers a part of whose name `words` match ("area_km2" for an area), else None."""
    found = [c for c in numeric_columns(table) if any(words.fullmatch(w) for w in _parts(c))]
    return found[0] if len(found) == 1 else None


def _parts(column: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9²]+", column.lower()) if w] + [column_key(column)]
