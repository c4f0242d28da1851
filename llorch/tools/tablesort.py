"""A table's rows in order of a column: the table tool's `sort`, and the requests that go to it.

Asked "Sort these people by age, oldest first." of piped "Zoe,34 / adam,29 / Mia,41 / liam,23 / Noah,37", the 1.5B
put liam (23) before adam (29); ordering is comparing, and a model compares numbers by their tokens. `sorted_answer`
orders the rows (numbers as numbers, ISO dates as dates, text case aside, natural: "item2" before "item10"); rows
without a value come last either way. `sort_asked` reads a request that plainly asks for it ("Sort these by age,
oldest first", "Order by salary, highest first", "Rank these by score") when its words name a column of the table
(for lines of a name and a number, "by age" names their one column of numbers); a list that is no table is the text
tool's ("Sort these numbers").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import QUESTION_END, column_named, numeric_columns
from llorch.tools.tablereading import (Table, calendar_place, cell_text, column_key, number, position, positional_table,
                                       read_table, row_label)

__all__ = ["sort_asked", "sorted_answer"]

_SHOWN = 20  # rows said in order at most (100 in the data)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")


def sorted_answer(table: Table, name: str, descending: bool, base: dict[str, Any], over: str,
                  left: str) -> tuple[dict[str, Any], str]:
    """The rows of `table` in order of column `name` (`over`: the rows in words, "5 rows"); the result as data and
    in words."""
    cells = ["" if row.get(name) is None else str(row.get(name)).strip() for row in table.rows]
    filled = [(c, row) for c, row in zip(cells, table.rows) if c]
    if name in numeric_columns(table):
        kind = "numbers"
        keyed = [(x, row) for c, row in filled if (x := number(c)) is not None]
        ordered = [row for _, row in sorted(keyed, key=lambda p: p[0], reverse=descending)]
        way = "largest first" if descending else "smallest first"
    elif len(known := [p for c, _ in filled if (p := calendar_place(c)) is not None]) == len(filled) \
            and len({k for k, _ in known}) == 1:
        kind = f"{known[0][0]}s"  # weekdays or months in the calendar's order, not A to Z (Fri before Mon)
        ordered = [row for _, (_, row) in sorted(zip(known, filled), key=lambda z: z[0][1], reverse=descending)]
        way = f"in {'reverse ' if descending else ''}calendar order"
    else:
        from natsort import natsort_keygen

        dates = all(_ISO.fullmatch(c) for c, _ in filled)
        kind = "dates" if dates else "text"
        key = natsort_keygen(key=lambda p: p[0].casefold())
        ordered = [row for _, row in sorted(filled, key=key, reverse=descending)]
        way = ("latest first" if descending else "earliest first") if dates else \
            f"{'Z to A' if descending else 'A to Z'}, case ignored"
    if not ordered:
        raise ToolError(f"table: column {name!r} is empty")
    placed = {id(row) for row in ordered}
    rest = [row for row in table.rows if id(row) not in placed]  # (empty, or no number in a column of numbers)
    gap = "number" if kind == "numbers" else "value"
    without = f"; {len(rest)} row{'' if len(rest) == 1 else 's'} without a {gap} last" if rest else ""
    rows = [*ordered, *rest]
    listed = "; ".join(_row_words(table, row, name) for row in rows[:_SHOWN])
    more = f"; and {len(rows) - _SHOWN} more" if len(rows) > _SHOWN else ""
    the = over if over.startswith("the ") else f"the {over}"
    said = f"{the[0].upper()}{the[1:]} sorted by {name}, {way}: {listed}{more}{without}{left}."
    labels = [row_label(table, row) for row in rows[:100]]
    return base | {"descending": descending, "order": kind, "result": labels, "labels": labels,
                   "values": [cell_text(row.get(name)) for row in rows[:100]]}, said


def _row_words(table: Table, row: Mapping[str, Any], name: str) -> str:
    """A row as said in order: lines without a header whole ("Mia 41"), else its name and the value sorted by."""
    if table.kind in ("labelled", "positional", "counts"):
        return " ".join(cell_text(row.get(c)) for c in table.columns)
    label, cell = row_label(table, row), cell_text(row.get(name))
    return label if label == cell or not cell else f"{label} ({name} {cell})"


# --- recognising a request ------------------------------------------------------------------------------

_BIG = r"highest|largest|biggest|greatest|most|high|big|large|longest|tallest|heaviest"
_SMALL = r"lowest|smallest|least|fewest|low|small|shortest|lightest"
_AGED = r"oldest|youngest|newest|latest|earliest|most\s+recent|old|young|new"
# Which end is best is the column's own (a time, a golf score, a place: the smallest), not the words': None
_JUDGED = r"best|worst|top|bottom|better|worse"
_END_WORD = rf"(?:{_BIG}|{_SMALL}|{_AGED}|{_JUDGED})"
# How a request says which way: "oldest first", "from highest to lowest", "in descending order", "Z to A"
_LEAD = rf"{_BIG}|{_SMALL}|{_AGED}|{_JUDGED}"
_WAY = (rf"(?:from\s+)?(?:the\s+)?(?P<lead>{_LEAD})(?:\s+(?:to|through)\s+(?:the\s+)?{_END_WORD}|"
        r"\s+(?:ones?\s+)?first|\s+(?:on|at\s+the)\s+top)|(?:in\s+)?(?P<order>descending|ascending|decreasing|"
        r"increasing|reversed?|reverse\s+alphabetical|alphabetical|numerical|numeric)(?:\s+order)?|"
        r"(?P<alpha>alphabetically|numerically|a\s*(?:to|-)\s*z|z\s*(?:to|-)\s*a)")
SORT_ASKED = re.compile(LEAD + r"(?P<verb>sort|order|rank|arrange)(?:\s+(?:these|this|the|those|my|our|all(?:\s+"
                        r"(?:of\s+)?(?:the|these|them))?)\b)?(?:\s+(?!by\b)[a-z]+)?\s+by\s+(?:the\s+|their\s+|its\s+)?"
                        r"(?P<col>[\w%$./-]+(?:\s+[\w%$./-]+)??)(?:\s+column)?(?:(?:\s*[,:;(-])?\s*(?P<way>" + _WAY
                        + r")\)?)?" + QUESTION_END, re.IGNORECASE)  # (spaces read one way: quick on a run of them)
# Words that name no amount, said of lines of a name and a number ("by date" is not by the number)
_NO_AMOUNT = frozenset({"date", "dates", "day", "days", "week", "weeks", "month", "months", "year", "years", "time",
                        "times", "when", "hour", "hours", "length", "letters", "characters", "alphabet"})
_TIMELY = frozenset({"date", "dates", "day", "year", "years", "born", "joined", "created", "started", "time", "when",
                     "birthday", "dob", "since", "updated", "modified"})


def sort_asked(question: str, text: str) -> dict[str, Any] | None:
    """The table tool's arguments for a request that plainly asks for the rows of the table in `text` in order of a
    column it names ("Sort these people by age, oldest first."), or None."""
    asked = SORT_ASKED.match(question.strip())
    if asked is None:
        return None
    words = asked.group("col")
    table = read_table(text)
    if table is None and position(words) is not None:
        table = positional_table(text)  # "Sort by the third column" of rows without a header
    if table is None:
        return None
    column = column_named(table, words, numeric=False)
    if column is None and table.kind in ("labelled", "counts") and column_key(words) not in _NO_AMOUNT:
        column = column_named(table, words, numeric=True)  # "by age": lines of a name and a number, the number
    if column is None or " " in words.strip() and position(words) is None and column_key(column) != column_key(words):
        return None  # (two words name a column whole: "by unit price", not "by age oldest")
    cells = [str(row.get(column) or "").strip() for row in table.rows]
    if {column_key(words), column_key(column)} & _TIMELY and column not in numeric_columns(table) and not (
            all(_ISO.fullmatch(c) for c in cells) or all(calendar_place(c) for c in cells)):
        return None  # dates not ISO ("Dec  2 11:55" of ls -l) sort A to Z, not in time
    descending = _descending(asked, table, column, words)
    if descending is None:
        return None
    return {"action": "sort", "column": column, **({"descending": True} if descending else {}), "text": text}


def _descending(asked: re.Match[str], table: Table, column: str, words: str) -> bool | None:
    """Whether the request asks for the largest (latest, Z) first; None when its words do not fit the column ("by
    name, highest first"; "oldest first" of a column that is no age and no date)."""
    numeric = column in numeric_columns(table)
    lead, order, alpha = (" ".join((asked.group(k) or "").lower().split()) for k in ("lead", "order", "alpha"))
    if lead in ("oldest", "old", "youngest", "young") and column_key(words) in ("age", "ages") and numeric:
        return lead.startswith("old")  # (the oldest has the largest age)
    if re.fullmatch(_AGED, lead):  # of dates: the newest is the latest
        timely = column_key(words) in _TIMELY or column_key(column) in _TIMELY or all(
            _ISO.fullmatch(str(row.get(column) or "").strip()) for row in table.rows)
        return lead in ("newest", "latest", "most recent", "new", "youngest", "young") if timely else None
    way = re.sub(r"\s(?:on|at\s+the)\s+top$", "", (asked.group("way") or "").lower())  # ("highest on top")
    if re.search(rf"\b(?:{_JUDGED})\b", way):
        return None  # ("Sort by time, best first": the fastest; "Sort by place, top first": the 1st)
    if lead:
        return re.fullmatch(_BIG, lead) is not None if numeric else None
    if order in ("alphabetical", "reverse alphabetical") or alpha not in ("", "numerically"):  # (a to z, z-a)
        return None if numeric else order.startswith("reverse") or alpha.startswith("z")
    if order in ("numerical", "numeric") or alpha == "numerically":
        return False if numeric else None
    if order:
        return order in ("descending", "decreasing", "reverse", "reversed")
    if asked.group("verb").lower() == "rank":
        return None  # (which end ranks first is the column's: "Rank by time" puts the fastest first)
    return False
