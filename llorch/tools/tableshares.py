"""A row's value as a share of its column's total (`share`), and the change from one row's value to another's
(`change`), and the questions that go to them.

Piped "Jan 1200 / Feb 950 / Mar 1430 / Apr 1100" and asked "What percentage of total sales was March?", the 1.5B
left March out of the total and said 44.68% (1430 of 4680: 30.56%); asked "By how much did sales grow from February
to March, in percent?" it could not be trusted with (1430 - 950) / 950 (50.53%). `share` takes its row by `where`
("month=Mar", or "Mar" alone) and totals the column over every row; `change` takes its two rows by `from` and `to`
(the same way), its percentage of the first's value. A month's name is its abbreviation ("March" is the row "Mar":
tablereading.cell_is). `shares_asked` recognises such a question only when each row it names is one row's label;
table.py picks the rows and calls `share_answer` and `change_answer`.

A share with a `value` is of rows: "What percentage of the orders are shipped?" of "id,status / 1,shipped /
2,failed / …" (the 1.5B said 66.67%, for 3 of 6, 50%) is the share of the rows whose status is shipped
(`rows_share_answer`), recognised when the rows are said as rows are ("the orders", "ok rows") and one column of
text has the value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import LABEL_NUMBERS, QUESTION_END as _END, column_named, numeric_columns
from llorch.tools.tablereading import Table, cell_is, cell_text, decimal_places, number, read_table, row_label, said_number

__all__ = ["change_answer", "share_answer", "shares_asked"]


def _numbers(table: Table, name: str) -> tuple[list[float], int]:
    """The column's numbers and their decimal places; an error when it has none."""
    cells = [c for row in table.rows if number(c := row.get(name)) is not None]
    if not cells:
        raise ToolError(f"table: column {name!r} has no numbers")
    return [x for c in cells if (x := number(c)) is not None], decimal_places(cells)


def _value(table: Table, name: str, row: Mapping[str, Any]) -> float:
    x = number(row.get(name))
    if x is None:
        raise ToolError(f"table: {row_label(table, row)}'s {name} is no number ({cell_text(row.get(name))!r})")
    return x


def share_answer(table: Table, name: str, row: Mapping[str, Any], base: dict[str, Any],
                 left: str) -> tuple[dict[str, Any], str]:
    """`row`'s value in column `name` as a percentage of the column's total over every row with a number."""
    values, places = _numbers(table, name)
    x = _value(table, name, row)
    total = math.fsum(values)
    if not math.isfinite(total) or total == 0:
        raise ToolError(f"table: the total of {name} is {said_number(total, places)}; a share of it is no number")
    skipped = len(table.rows) - len(values)
    without = f"; {skipped} row{'' if skipped == 1 else 's'} without a number left out" if skipped else ""
    percent = round(x / total * 100, 2)
    label = row_label(table, row)
    said = (f"{label}'s {name} is {said_number(x, places)} of {said_number(round(total, places), places)} in all: "
            f"{said_number(percent, 2)}%{without}{left}.")
    return base | {"label": label, "value": x, "total": round(total, places), "counted": len(values),
                   "result": percent}, said


def rows_share_answer(table: Table, name: str, value: str, base: dict[str, Any], condition: str,
                      left: str) -> tuple[dict[str, Any], str]:
    """The percentage of the rows (those `condition` kept) whose column `name` has `value` ("What percentage of the
    orders are shipped?": 3 of 6 rows, 50%)."""
    n = len(table.rows)
    if n == 0:
        raise ToolError(f"table: no row to share ({condition})")
    having = [row for row in table.rows if cell_is(row.get(name), value)]
    percent = round(len(having) / n * 100, 2)
    said = cell_text(having[0].get(name)).strip() if having else value.strip()
    over = f"the {n} row{'' if n == 1 else 's'} {condition}" if condition else f"{n} row{'' if n == 1 else 's'}"
    return base | {"value": said, "matched": len(having), "of": n, "result": percent,
                   **({"where": condition.removeprefix("where ")} if condition else {})}, (
        f"{len(having)} of {over} {'has' if len(having) == 1 else 'have'} {name} {said}: "
        f"{said_number(percent, 2)}%{left}.")


def change_answer(table: Table, name: str, first: Mapping[str, Any], second: Mapping[str, Any], base: dict[str, Any],
                  left: str) -> tuple[dict[str, Any], str]:
    """The change in column `name` from row `first` to row `second`: the difference and its percentage of the first
    value (of its size, when it is below 0); no percentage from 0."""
    if first is second:
        raise ToolError(f"table: from and to name the same row ({row_label(table, first)})")
    _, places = _numbers(table, name)
    a, b = _value(table, name, first), _value(table, name, second)
    difference = round(b - a, places)
    percent = round(difference / abs(a) * 100, 2) if a != 0 else None
    start, end = row_label(table, first), row_label(table, second)
    way = "up" if difference > 0 else "down"
    if difference == 0:
        how = "no change, 0%"
    elif percent is None:
        how = f"{way} {said_number(abs(difference), places)} (no percentage of a change from 0)"
    else:
        how = f"{way} {said_number(abs(difference), places)}, {said_number(abs(percent), 2)}%"
    said = f"From {start} ({said_number(a, places)}) to {end} ({said_number(b, places)}): {how}{left}."
    return base | {"from": start, "to": end, "start": a, "end": b, "difference": difference, "percent": percent,
                   "result": percent}, said


# --- recognising a question -------------------------------------------------------------------------------

_ROW = r"[\w.&'-]+?(?:\s+[\w.&'-]+?)?"
_WORDS = r"[\w%$./-]+(?:\s+[\w%$./-]+)?"
_PART = r"(?:percentage|percent|%|share|proportion|fraction)"
_WHAT = r"(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?"
_SHARE_ASKED = (
    # "What percentage of (the) total (sales) was March?", "What share of the total is March?",
    # "What percent of sales came from March?"
    re.compile(LEAD + r"what\s+" + _PART + r"\s+of\s+(?:the\s+|all\s+(?:the\s+)?|our\s+|my\s+)?(?:(?:total|overall)"
               r"(?:\s+of(?:\s+the)?)?\s+)?(?P<col>" + _WORDS + r")??\s*(?:is|was|are|were|comes?\s+from|came\s+from|"
               r"(?:is|was)\s+from)\s+(?:the\s+)?(?P<row>" + _ROW + ")" + _END, re.IGNORECASE),
    # "March's share of the total", "What is March's percentage of total sales?"
    re.compile(LEAD + _WHAT + r"(?P<row>" + _ROW + r")(?:'s|’s)\s+" + _PART + r"\s+of\s+(?:the\s+)?(?:total|overall|"
               r"whole|all)(?:\s+(?P<col>" + _WORDS + "))?" + _END, re.IGNORECASE),
)
_MOVED = (r"(?:grow|grew|change|changed|rise|rose|fall|fell|drop|dropped|increase|decrease|decline|climb|jump|shrink|"
          r"go\s+up|go\s+down|went\s+up|went\s+down)")
_IN_PERCENT = r"(?:\s*,?\s*(?:in\s+percent(?:age)?(?:\s+terms)?|as\s+a\s+percent(?:age)?|in\s+%))?"
_CHANGE_ASKED = (
    # "By how much did sales grow from February to March, in percent?", "How much did X go up from A to B?"
    re.compile(LEAD + r"(?:by\s+)?how\s+much\s+(?:did|does|has|have|do)\s+(?:the\s+)?(?P<col>" + _WORDS + r")\s+"
               + _MOVED + r"\s+from\s+(?P<a>" + _ROW + r")\s+to\s+(?P<b>" + _ROW + ")" + _IN_PERCENT + _END,
               re.IGNORECASE),
    # "By what percentage did revenue grow from January to June?" (the 1.5B wrote code and made up its output: 2.5)
    re.compile(LEAD + r"(?:by\s+)?what\s+(?:percentage|percent|%)\s+(?:did|does|has|have|do)\s+(?:the\s+)?(?P<col>"
               + _WORDS + r")\s+" + _MOVED + r"\s+from\s+(?P<a>" + _ROW + r")\s+to\s+(?P<b>" + _ROW + ")" + _END,
               re.IGNORECASE),
    # "What's the percentage change from A to B?", "the percent increase in sales from A to B"
    re.compile(LEAD + _WHAT + r"(?:percentage|percent|%)\s+(?:change|increase|decrease|growth|rise|drop|decline)\s+"
               r"(?:(?:in|of)\s+(?:the\s+)?(?P<col>" + _WORDS + r")\s+)?from\s+(?P<a>" + _ROW + r")\s+to\s+(?P<b>"
               + _ROW + ")" + _END, re.IGNORECASE),
)
_PRONOUNS = frozenset({"it", "they", "this", "that", "these", "those", "them"})
_RUNNING = re.compile(r"\b(?:cumulative|running|ytd|year[\s-]to[\s-]date|total|overall|combined|average|mean)\b",
                      re.IGNORECASE)
# The share of rows with a value: "What's the percentage of ok rows?", "What percentage of orders have status
# shipped?" (and pattern one of _SHARE_ASKED, "What percentage of the orders are shipped?", of a column of text)
_VALUE = r"(?P<value>[\w.@:/-]+)"
_ROWS_SHARE_ASKED = (
    re.compile(LEAD + _WHAT + _PART + r"\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?" + _VALUE + r"\s+(?P<noun>[a-z]+)" + _END,
               re.IGNORECASE),
    re.compile(LEAD + r"what\s+" + _PART + r"\s+of\s+(?:the\s+|all\s+(?:the\s+)?)?(?P<noun>[a-z]+)\s+"
               r"(?:have|has|had)\s+(?:a\s+|an\s+|the\s+)?(?P<col>[a-z][\w-]*)\s+(?:of\s+)?" + _VALUE + _END,
               re.IGNORECASE),
)
# What a table's rows are, said of a share of them ("of the orders"; not "of sales", which may be an amount's)
_ROW_NOUNS = frozenset({"rows", "records", "entries", "lines", "items", "orders", "tickets", "tasks", "jobs",
                        "requests", "users", "people", "employees", "customers", "clients", "students", "tests",
                        "builds", "runs", "deployments", "emails", "messages", "responses", "calls", "files", "issues",
                        "bugs", "payments", "transactions", "shipments", "deliveries", "invoices", "accounts",
                        "servers", "hosts", "machines", "nodes", "services", "pods", "containers", "checks", "devices",
                        "members", "players", "participants", "respondents", "answers", "results", "events", "them",
                        "all"})


def shares_asked(question: str, text: str) -> dict[str, Any] | None:
    """The table tool's arguments for a question that plainly asks a row's share of a column's total, or the change
    from one row's value to another's, of the table in `text`, when each row it names is one row's label; or None."""
    matches = [("share", m) for p in _SHARE_ASKED if (m := p.match(question.strip())) is not None]
    matches += [("change", m) for p in _CHANGE_ASKED if (m := p.match(question.strip())) is not None]
    matches += [("rows", m) for p in _ROWS_SHARE_ASKED if (m := p.match(question.strip())) is not None]
    if not matches:
        return None
    table = read_table(text)
    if table is None:
        return None
    action, match = matches[0]
    words = (match.groupdict().get("col") or "").strip()
    if action == "rows":
        return _rows_share(table, match.group("noun"), match.group("value"), words or None, text)
    if action == "change" and _RUNNING.search(words):
        return None  # ("cumulative revenue": a running total, not the column's own values)
    column = column_named(table, None if words.lower() in _PRONOUNS | {""} else words, numeric=True)
    if column is None and action == "share":  # ("What percentage of the orders are shipped?": of a text column)
        return _rows_share(table, words, match.group("row"), None, text)
    if column is None:
        return None
    if action == "share":
        row = _row_cell(table, match.group("row"), column)
        return {"action": "share", "column": column, "where": row, "text": text} if row is not None else None
    first, second = _row_cell(table, match.group("a"), column), _row_cell(table, match.group("b"), column)
    if first is None or second is None or first == second:
        return None
    return {"action": "change", "column": column, "from": first, "to": second, "text": text}


def _rows_share(table: Table, noun: str, value: str, col_words: str | None, text: str) -> dict[str, Any] | None:
    """The share of the rows whose column of text (the one `col_words` name, else the one that has it) has `value`,
    when `noun` says what rows are ("orders", "rows"; none); None when no one column has the value."""
    if noun.strip() and noun.strip().lower() not in _ROW_NOUNS:
        return None
    numbers = set(numeric_columns(table))
    columns = [column_named(table, col_words, numeric=False)] if col_words else list(table.columns)
    holding = [c for c in columns if c is not None and c not in numbers
               and any(cell_is(row.get(c), value) for row in table.rows)]
    if len(holding) != 1:
        return None
    return {"action": "share", "column": holding[0], "value": value.strip(), "text": text}


def _row_cell(table: Table, words: str, column: str) -> str | None:
    """"month=Mar": the one row whose label (a cell of a column that is no amount) is `words` ("March"), as
    column=cell; None when no row's is, or two rows' are."""
    numbers = set(numeric_columns(table))
    labels = [c for c in table.columns if c != column and (c not in numbers or LABEL_NUMBERS.fullmatch(c.lower()))]
    holding = [(c, row) for c in labels for row in table.rows if cell_is(row.get(c), words)]
    if len(holding) != 1:
        return None
    name, row = holding[0]
    return f"{name}={cell_text(row.get(name)).strip()}"
