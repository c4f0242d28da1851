"""Totals and the most a table is asked for in the words of what it counts rather than by a column's name: a unit's
("How many calories in total?" of "apple 95 / banana 105 / yogurt 150" lines, the 1.5B said 340, for 350; "How many
steps did I walk altogether?"), the disk space used, free or in all of `df -h` ("How much disk space is used in
total?", the 1.5B said 151G, for 152.2G: table.py says a sum of sizes in their units), and the line that costs the
most ("Which costs the most?", "Where did I spend the most?" of "rent 1200 / food 450" lines).

A unit the question says names no column of lines of a label and a number (their numbers are "value"), which is
their one column of numbers, as long as the word names none of their rows ("How many items in total?" counts
lines, "How many apples?" of an "apple 3" line is that line's): then the question stays tablequestions.py's, or
the model's. Nor is it the count of "3 apples 285 / 2 bananas 210", whose names end in a number (the calories were
said to be 5).

And the number of one row named by words of its label: "How many commits did Bob make?" of `git shortlog -sn`'s
"7  Bob Jones" (the 1.5B said 3, Carol White's), the sum over the one row whose label has each word.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import (LABEL_NUMBERS, QUESTION_END as _END, column_named, label_column, measured,
                                       numbered_names, numeric_columns)
from llorch.tools.tablereading import Table, read_table

__all__ = ["totals_asked"]

_TAIL = r"(?:in\s+total|total|altogether|all\s+together|overall|in\s+all|combined|all\s+told)"
# "How many calories in total?", "How many calories is that altogether?", "How many hours are there in total?"
_UNIT_TOTAL = re.compile(LEAD + r"how\s+many\s+(?P<noun>[a-z]+)\s+(?:(?:are\s+there|is\s+that|is\s+it|is\s+this|"
                         r"are\s+these|do\s+(?:they|these|those)\s+(?:have|make|come\s+to|add\s+up\s+to))\s+)?"
                         + _TAIL + _END, re.IGNORECASE)
# "How many steps did I walk (altogether)?", "How many km have we run in total?"
_UNIT_DONE = re.compile(LEAD + r"how\s+many\s+(?P<noun>[a-z]+)\s+(?:did|have|has|do)\s+(?:i|we|you|they|he|she)\s+"
                        r"(?P<verb>[a-z]+)(?:\s+(?:in|up|off|out|down))?(?:\s+" + _TAIL + ")?" + _END, re.IGNORECASE)
# "How many commits did Bob make?" (git shortlog's "7  Bob Jones": the 1.5B said 3, Carol's), "How many points has Ana
# scored?", "How many sales by Dev?": the number on the one row whose label has those words
_NAME = r"(?!(?:i|we|you|they|he|she|it|each|every|all|the|a|an|any|more|less)\b)[a-z][\w.'-]*"
_ROW_DID = re.compile(LEAD + r"how\s+many\s+(?P<noun>[a-z]+)\s+(?:(?:did|does|has|have|had)\s+(?P<who>" + _NAME
                      + r"(?:\s+" + _NAME + r"){0,2})\s+(?P<verb>[a-z]+)|(?:by|from|for)\s+(?P<whom>" + _NAME
                      + r"(?:\s+" + _NAME + r"){0,2}))(?:\s+" + _TAIL + ")?" + _END, re.IGNORECASE)
# Nouns that count rows, not a column's amounts ("How many items in total?": 3 lines, not the sum of their numbers)
_ROW_NOUNS = frozenset({"items", "rows", "lines", "entries", "records", "things", "kinds", "types", "categories",
                        "labels", "names", "people", "persons", "users", "employees", "members", "students",
                        "customers", "clients", "players", "workers", "staff", "times", "values", "numbers", "ones",
                        "products", "days", "weeks", "months", "years", "dates", "files", "columns", "fields",
                        "groups", "expenses", "bills", "purchases", "transactions", "payments", "foods", "meals",
                        "fruits", "tasks", "places", "cities", "countries", "teams", "departments"})

_MOST = r"(?P<dir>most|least)"
_COSTS = (
    # "Which costs the most?", "Which one cost me the least?", "What costs the most?"
    ("costs", re.compile(LEAD + r"(?:which|what)(?:\s+(?:one|item|thing|expense|bill|line|category))?\s+"
                         r"(?:costs|cost|costed)(?:\s+(?:me|us))?\s+(?:the\s+)?" + _MOST + _END, re.IGNORECASE)),
    ("costs", re.compile(LEAD + r"(?:which|what)(?:\s+one)?\s+(?:is|was)\s+(?:the\s+)?" + _MOST + r"\s+expensive"
                         + _END, re.IGNORECASE)),
    # "Where did I spend the most?", "What did I spend the most money on?"
    ("spent", re.compile(LEAD + r"(?:where|what|which\s+(?:one|thing|category))\s+(?:did|do|have)\s+(?:i|we|you)\s+"
                         r"(?:spend|spent)\s+(?:the\s+)?" + _MOST + r"(?:\s+money)?(?:\s+on)?" + _END, re.IGNORECASE)),
)

# What of the disk is asked: used, free, or its size; "in total" said (of one filesystem, "How much space is left?"
# is no sum of every line's)
_WHICH = r"(?P<which>used|in\s+use|taken|occupied|free|available|left|remaining|unused)"
_DISK = r"(?:(?:disk|storage|drive)\s+)?"
_SPACE = (
    # "How much disk space is used in total?", "How much space is free?", "How much is available altogether?"
    re.compile(LEAD + r"how\s+much\s+" + _DISK + r"(?:space\s+)?(?:is|are)\s+(?:being\s+|still\s+)?" + _WHICH
               + r"\s+" + _TAIL + _END, re.IGNORECASE),
    # "How much free space is there (in total)?", "How much free disk space do I have?"
    re.compile(LEAD + r"how\s+much\s+" + _WHICH + r"\s+" + _DISK + r"space(?:\s+(?:is\s+there|do\s+(?:i|we)\s+have|"
               r"(?:is\s+)?left|remains|have\s+(?:i|we)\s+got))?\s+" + _TAIL + _END, re.IGNORECASE),
    # "What's the total free space?", "the total disk usage", "the total space used", "What's the total disk space?"
    re.compile(LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute|show\s+me)\s+)?(?:the\s+)?"
               r"(?:total|combined|overall)\s+(?:amount\s+of\s+)?(?:" + _WHICH + r"\s+)?" + _DISK
               + r"(?P<what>space|usage|capacity|size)(?:\s+(?P<after>used|free|available|left))?" + _END,
               re.IGNORECASE),
)
_USED = frozenset({"used", "in use", "taken", "occupied", "usage"})
_PERCENT = re.compile(r"%|percent|pct", re.IGNORECASE)


def totals_asked(question: str, text: str) -> dict[str, Any] | None:
    """The table tool's arguments for a total asked by its unit ("How many calories in total?"), the disk space used
    or free, or the line that costs the most, of the table in `text`; or None."""
    unit = _UNIT_TOTAL.match(question) or _UNIT_DONE.match(question)
    costs = next(((kind, m) for kind, pattern in _COSTS if (m := pattern.match(question)) is not None), None)
    space = next((m for pattern in _SPACE if (m := pattern.match(question)) is not None), None)
    did = _ROW_DID.match(question) if unit is None else None
    if unit is None and costs is None and space is None and did is None:
        return None
    table = read_table(text)
    if table is None:
        return None
    if did is not None:
        return _one_rows(table, did.group("noun").lower(), did.group("who") or did.group("whom"), text)
    if unit is not None:
        column = _unit_column(table, unit.group("noun").lower())
        return {"action": "sum", "column": column, "text": text} if column is not None else None
    if costs is not None:
        return _costliest(table, costs[0], costs[1].group("dir").lower(), text)
    assert space is not None
    groups = space.groupdict()
    which = " ".join((groups.get("which") or groups.get("after") or groups.get("what") or "").lower().split())
    column = _disk_column(table, "used" if which in _USED else "size" if which in ("space", "capacity", "size")
                          else "free")
    return {"action": "sum", "column": column, "text": text} if column is not None else None


def _strictly(table: Table, words: str) -> str | None:
    """The column of numbers `words` name by its name or a word for it; not, as for any word said of lines of a
    label and a number, their one column of numbers."""
    column = column_named(replace(table, kind="named"), words, numeric=True)
    return column if column is not None and not LABEL_NUMBERS.fullmatch(column.strip().lower()) else None


def _unit_column(table: Table, noun: str) -> str | None:
    """The column a unit's total is of: the one it names ("calories" of food,calories,protein), else of lines of a
    label and a number their one column of numbers, when the unit names no rows ("items", "days" of "Mon 8200"
    lines, "apples" of an "apple 95" line)."""
    named = _strictly(table, noun)
    if named is not None or table.kind not in ("labelled", "counts") or noun in _ROW_NOUNS:
        return named
    if column_named(table, noun, numeric=False) is not None or _a_label(table, noun):
        return None
    return column_named(table, None, numeric=True)


def _one_rows(table: Table, noun: str, who: str, text: str) -> dict[str, Any] | None:
    """"How many commits did Bob make?": the number on the one row whose label has each of `who`'s words ("Bob
    Jones"), of the column the noun names, else of lines of a label and a number their one; None when no row's or
    two rows' label has them."""
    label = label_column(table)
    column = _strictly(table, noun) or (column_named(table, None, numeric=True)
                                        if table.kind in ("labelled", "counts") and noun not in _ROW_NOUNS else None)
    if label is None or column is None:
        return None
    words = [re.compile(r"(?<!\w)" + re.escape(w) + r"(?!\w)", re.IGNORECASE) for w in who.split()]
    rows = [r for r in table.rows if all(w.search(str(r.get(label) or "")) for w in words)]
    if len(rows) != 1:
        return None
    return {"action": "sum", "column": column, "where": f"{label}={str(rows[0].get(label)).strip()}", "text": text}


def _a_label(table: Table, noun: str) -> bool:
    """Whether a noun ("apples", "berries") is a cell of a column of text, in the singular or as it is."""
    forms = {noun, noun.removesuffix("s"), noun.removesuffix("es"),
             noun[:-3] + "y" if noun.endswith("ies") else noun}
    numbers = set(numeric_columns(table))
    return any(str(r.get(c)).strip().casefold() in forms for c in table.columns if c not in numbers
               for r in table.rows)


def _costliest(table: Table, kind: str, direction: str, text: str) -> dict[str, Any] | None:
    """"Which costs the most?": the largest of lines' one column of numbers, or of a table's one price; "Where did I
    spend the most?" of its one column of amounts. None when two rows have one label (what was spent on it is their
    sum, which no row has)."""
    numbers = [c for c in numeric_columns(table) if not LABEL_NUMBERS.fullmatch(c.strip().lower())]
    if table.kind in ("labelled", "counts") or kind == "spent":
        column = numbers[0] if len(numbers) == 1 and not numbered_names(table) else None  # (not "3 apples 285")
    else:
        column = measured(table, "price")
    label = label_column(table)
    labels = [str(r.get(label)).strip().casefold() for r in table.rows] if label is not None else []
    if column is None or label is None or len(set(labels)) != len(labels):
        return None
    return {"action": "max" if direction == "most" else "min", "column": column, "text": text}


def _disk_column(table: Table, which: str) -> str | None:
    """The column of the disk space asked ("used", "free": available, "size"), of `df` or of `du` (its sizes are
    what is used); not a percentage (Use%: the total of percentages is none)."""
    column = _strictly(table, which)
    if column is None and table.kind == "counts" and which in ("used", "size") and "number" in table.sized:
        column = "number"
    return column if column is not None and not _PERCENT.search(column) else None
