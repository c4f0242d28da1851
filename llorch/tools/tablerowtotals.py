"""A row's total across columns (the table tool's `plus`: math + art, Q1 + Q2 + Q3 + Q4), and the questions that ask
for the row with the highest or lowest one.

Piped "| student | math | art | / Ines 78 91 / Tom 85 67 / Yuki 92 74 / Omar 66 88" and asked "Which student has the
highest total of both subjects?", the 1.5B added each row right and then named Yuki (166) for Ines (169). `added`
puts the sum in a column of its own, named for what it adds ("math + art"), which max and min then read as they
read the table's own. `row_total_asked` recognises "Which student has the highest total of both subjects?", "Who
has the lowest combined score?", "Which region had the highest total across all quarters?" when the table has no
total of its own, names each row once, and its columns of numbers are parts of one whole by their names (a series:
Q1..Q4, Jan..Mar, test1..test3; or names that share a word, math_score and art_score) or are named, all of them,
"both subjects" or "all three tests" (exams, ...): never an id, a year, an age, a price, a rate, an average, a percentage or a
rank, whose sums are nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import (LABEL_NUMBERS, QUESTION_END as _END, column_named, label_column,
                                       numeric_columns)
from llorch.tools.tablereading import Table, column_key, decimal_places, number, read_table

__all__ = ["added", "row_total_asked"]

_MAX_PARTS = 50


def added(table: Table, name: str, others: list[str]) -> tuple[Table, str]:
    """The table with a column more: `name` + each of `others` in each row that has all their numbers, to the most
    decimal places of theirs (six at most), named "math + art"."""
    parts = [name, *others]
    if len(set(parts)) != len(parts):
        raise ToolError(f"table: plus names other columns than {name}, each once")
    if len(parts) > _MAX_PARTS:
        raise ToolError(f"table: plus adds at most {_MAX_PARTS} columns")
    total = " + ".join(parts)
    if total in table.columns:
        return table, total
    places = min(max(decimal_places([r.get(c) for r in table.rows]) for c in parts), 6)
    rows = []
    for row in table.rows:
        values = [number(row.get(c)) for c in parts]
        summed = sum(v for v in values if v is not None) if all(v is not None for v in values) else None
        rows.append({**row, total: f"{summed:.{places}f}" if summed is not None else None})
    if all(r[total] is None for r in rows):
        raise ToolError(f"table: no row has numbers in all of {', '.join(parts)}")
    return replace(table, columns=(*table.columns, total), rows=tuple(rows)), total


_WHO = r"(?:who|(?:which|what)\s+(?P<noun>[a-z]+))"
_DIR = r"(?P<dir>highest|lowest|largest|smallest|biggest|greatest|most|least|best|worst|top)"
_OVER = (r"(?:\s+(?:of|across|over|in|for|from)\s+(?:(?P<both>both)|(?:all\s+)?(?:the\s+)?(?P<count>two|three|four|"
         r"five|six|\d{1,2})|all)(?:\s+(?:the\s+|of\s+the\s+)?(?P<parts>[a-z]+))?)")
_ASKED = (
    # "Which student has the highest total of both subjects?", "Who has the lowest combined score?", "Which region
    # had the highest total across all quarters?", "Who scored the most in total across both tests?"
    re.compile(LEAD + _WHO + r"\s+(?:has|had|have|got|gets|scored|earned|made|sold)\s+(?:the\s+)?" + _DIR
               + r"\s+(?P<sum>total|combined|overall|summed)(?:\s+(?P<what>score|scores|marks|points|result|amount|"
               r"sales|total|sum))?" + _OVER + "?" + _END, re.IGNORECASE),
    re.compile(LEAD + _WHO + r"\s+(?:has|had|have|got|gets|scored|earned|made|sold)\s+(?:the\s+)?" + _DIR
               + r"\s+(?:(?P<what>score|scores|marks|points|result|amount|sales)\s+)?(?P<sum>in\s+total|altogether|"
               r"overall|combined)" + _OVER + "?" + _END, re.IGNORECASE),
)
# Numbers whose sum across a row is nothing: a level, a rate, a price, an average, a rank, a date's part
_NOT_PARTS = frozenset({"age", "ages", "price", "prices", "rate", "rates", "temp", "temperature", "rating", "ratings",
                        "balance", "population", "percent", "pct", "percentage", "avg", "average", "mean", "median",
                        "speed", "pace", "level", "ratio", "share", "density", "unit", "rank", "ranking", "height",
                        "weight", "year", "month", "day", "grade", "gpa", "total", "sum", "overall", "lat", "lon",
                        "latitude", "longitude"})
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def row_total_asked(question: str, text: str) -> dict[str, Any] | None:
    """The table tool's arguments (max or min of `column` `plus` the others) for a question of the row whose numbers
    add up to the most or least, or None."""
    match = next((m for p in _ASKED if (m := p.match(question)) is not None), None)
    if match is None:
        return None
    table = read_table(text)
    if table is None:
        return None
    parts = [c for c in numeric_columns(table) if not LABEL_NUMBERS.fullmatch(c.strip().lower())]
    label = label_column(table)
    wanted = 2 if match.group("both") else _count(match.group("count"))
    if len(parts) < 2 or wanted is not None and len(parts) != wanted or label is None \
            or any(set(re.split(r"[\W_]+", c.lower())) & _NOT_PARTS for c in parts):
        return None  # (one column is its own total; "both" of three; an age beside a salary adds up to nothing)
    what = match.group("what")
    if what is not None and column_named(table, what, numeric=True) is not None:
        return None  # ("Which month had the highest total sales?" of month,sales,returns: the sales column's)
    named = (match.group("both") or match.group("count")) and len(parts) == wanted \
        and (match.group("parts") or "").lower() in _SUBJECTS  # ("both subjects", "all three tests")
    if not named and not _alike(parts):
        return None  # ("Who has the highest total of both?" of name,hours,pay: hours and pay add up to nothing;
        # Q1..Q4 and FY: the year's total again)
    labels = [str(r.get(label)).strip().casefold() for r in table.rows]
    if len(set(labels)) != len(labels) or not _rows_called(label, match.group("noun")):
        return None  # (a name on two rows: its total is of both rows, which no one row has)
    direction = match.group("dir").lower()
    kind = "min" if direction in ("lowest", "smallest", "least", "worst") else "max"
    return {"action": kind, "column": parts[0], "plus": ", ".join(parts[1:]), "text": text}


# The parts "both" may name of two columns that are not a series: subjects, tests ("math" and "art")
_SUBJECTS = frozenset({"subjects", "tests", "exams", "courses", "classes", "papers", "rounds", "games", "matches"})
# A part's name of a series ("Q1", "H2", "test3", "Jan", "Mon", "2025"): columns of one thing over times or tries
_SERIES = re.compile(r"[qh]\d|\D*\d+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
                     r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*", re.IGNORECASE)


def _alike(parts: list[str]) -> bool:
    """Whether columns are parts of one whole by their names: a series ("Q1".."Q4", "test1", "Jan"), or names that
    share a word ("math_score", "art_score")."""
    if all(_SERIES.fullmatch(c.strip()) for c in parts):
        return True
    words = [set(w for w in re.split(r"[\W_]+", c.lower()) if w) for c in parts]
    return all(len(w) >= 2 for w in words) and bool(set.intersection(*words))


def _count(word: str | None) -> int | None:
    if word is None:
        return None
    return _COUNTS.get(word.lower()) or int(word)


def _rows_called(label: str, noun: str | None) -> bool:
    """Whether the question's noun ("Which student …") is what the label column names, or says only a row ("Which
    one …"), or there is none ("Who …"): "Which month …" of a table whose rows are regions and columns months asks
    of the columns' totals, not the rows'."""
    if noun is None:
        return True
    said = column_key(noun.removesuffix("s"))
    if said in ("one", "row", "item", "entry") or said in _PEOPLE and column_key(label) in ("name", "fullname"):
        return True  # ("Which student …" of name,test1,test2)
    return bool(said) and (said in column_key(label) or column_key(label) in said)


_PEOPLE = frozenset({"person", "student", "employee", "player", "member", "user", "customer", "worker", "runner",
                     "athlete", "candidate", "pupil", "kid", "child", "contestant", "participant"})
