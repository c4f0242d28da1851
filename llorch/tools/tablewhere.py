"""The rows a table tool call keeps (`where`): a column's value ("dept=Eng", or "Eng" alone), a month of ISO dates
("date=2026-11"), or a comparison of its numbers ("age>30", "price<=10"); two or more apart by commas. And the
comparison that ends a question ("older than 30", "cost more than $10", "with at least 3 orders"), read as one.

Piped four users, asked "List the names of the users older than 30.", the 1.5B named Ben (27) and Dev (30), for Ana
(34) and Cleo (41): comparing is the tool's. `compared_tail` takes the comparison off the end of a question, with the
words that say whose it is ("Which users are"), and `compared_column` names its column: the word's own measure
("older": the one age column; "cheaper", "costs": the price; "earns": the pay; "scored": the score; tablecolumns.py's
MEASURES), the column named ("with more than 3 orders"), a unit's measure ("over 100 kg": the weight), a verb's
("Which products sold over 100?": the units sold, not the price; "Which customers spent over $100?": spent), or for a
bare "over 40" of people their age, of "$10" the price. A question whose comparison names no number ("older than
Ben"), no one column, or a unit of none ("over 50 percent") stays the model's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from llorch.errors import ToolError
from llorch.tools.tablecolumns import (COMPARATIVES, LABEL_NUMBERS, MEASURE_UNITS, MEASURE_VERBS, column_named,
                                       measured, numeric_columns, said_as)
from llorch.tools.tablereading import YEAR_MONTH, Table, called_place, cell_is, cell_text, number, placed

__all__ = ["Compared", "compared_column", "compared_in", "compared_tail", "find_column", "kept_rows", "one_row"]


def find_column(table: Table, column: str) -> str:
    """The column a call names, as the table has it (case aside) or by its place; an error naming the columns."""
    for c in table.columns:
        if c == column or c.lower() == column.lower():
            return c
    place = called_place(column)
    found = placed(table, place) if place is not None else None
    if found is not None:
        return found
    raise ToolError(f"table: no column {column!r} in this table; its columns are {', '.join(table.columns)}")


# Between two conditions: a comma, a semicolon or "and" before another "column=" or "column>" ("item=pen,
# date=2026-11"; not the comma of "salary=61,000" nor the "and" of "dept=R and D")
_CONDITIONS = re.compile(r"\s*(?:[,;&]|\band\b)\s*(?=[^=<>,;&]+[=<>])")
_COMPARISON = re.compile(r"(?P<col>[^<>=!]+?)\s*(?P<op>[<>]=?|[≤≥])\s*(?P<value>.*)", re.DOTALL)
_OPS = {">": "above", "<": "below", ">=": "at least", "≥": "at least", "<=": "at most", "≤": "at most"}


def kept_rows(table: Table, where: str) -> tuple[Table, str]:
    """The rows `where` keeps ("dept=Eng"; a value alone, "Eng", in the one column that has it; "age>30"; two or
    more such conditions, "dept=Eng, age>=30") and the conditions in words ("where dept is Eng and age is at least
    30")."""
    said = []
    for condition in (part for part in _CONDITIONS.split(where) if part.strip()):
        table, words = _kept_by(table, condition)
        said.append(words)
    return table, "where " + " and ".join(said)


def one_row(table: Table, selector: str | None, what: str) -> Mapping[str, Any]:
    """The one row `selector` names ("month=Mar", or "Mar" alone), as `where` keeps rows."""
    if selector is None or not selector.strip():
        raise ToolError(f"table: {what} names the row, as column=value or a label alone (month=Mar)")
    kept, condition = kept_rows(table, selector)
    if len(kept.rows) != 1:
        raise ToolError(f"table: {len(kept.rows)} rows are {condition}; {what} must name one row")
    return kept.rows[0]


def _kept_by(table: Table, where: str) -> tuple[Table, str]:
    """The rows one condition keeps, and it in words ("dept is Eng", "date is in November 2026", "age is above
    30"); a comparison may keep none."""
    compared = _COMPARISON.fullmatch(where.strip())
    if compared is not None:
        return _compared_rows(table, compared.group("col").strip(), compared.group("op"),
                              compared.group("value").strip())
    column, equals, value = where.partition("=")
    value = value.lstrip("=").strip() if equals else column.strip()
    if not value:
        raise ToolError(f"table: where is column=value (dept=Eng); {where!r} gives no value")
    if equals:
        name = find_column(table, column.strip())
    else:
        holding = [c for c in table.columns if any(cell_is(r.get(c), value) for r in table.rows)]
        if len(holding) != 1:
            raise ToolError(f"table: {value!r} is a value of {' and of '.join(holding) if holding else 'no column'}; "
                            f"say which, as column=value")
        name = holding[0]
    rows = tuple(r for r in table.rows if cell_is(r.get(name), value))
    if not rows:
        seen = list(dict.fromkeys(cell_text(r.get(name)) for r in table.rows if r.get(name) not in (None, "")))
        listed = ", ".join(seen[:12]) + (", ..." if len(seen) > 12 else "")
        raise ToolError(f"table: no row has {name} {value!r}; the values of {name} are {listed}")
    said = cell_text(rows[0].get(name))
    if YEAR_MONTH.fullmatch(value) and said.casefold() != value.casefold():
        said = f"in {date(int(value[:4]), int(value[5:]), 1):%B %Y}"
    return replace(table, rows=rows), f"{name} is {said}"


def _compared_rows(table: Table, column: str, op: str, value: str) -> tuple[Table, str]:
    """The rows whose number in `column` is above, below, at least or at most `value` (rows without a number are
    none of these)."""
    name = find_column(table, column)
    bound = number(value)
    if bound is None:
        raise ToolError(f"table: a comparison is with a number ({name}>30); {value!r} is none")
    if not any(number(r.get(name)) is not None for r in table.rows):
        raise ToolError(f"table: column {name!r} has no numbers to compare")
    test = {">": bound.__lt__, "<": bound.__gt__, ">=": bound.__le__, "≥": bound.__le__, "<=": bound.__ge__,
            "≤": bound.__ge__}[op]
    rows = tuple(r for r in table.rows if (x := number(r.get(name))) is not None and test(x))
    return replace(table, rows=rows), f"{name} is {_OPS[op]} {value}"


# --- a comparison that ends a question -------------------------------------------------------------------

@dataclass(frozen=True)
class Compared:
    """A question's comparison: its column by a measure ("age") or by words ("orders"), an operator, the number as
    written ("$10"), and whom it is said of (`people`: "who", "users over 40"; `money`: "$10")."""
    measure: str | None
    words: str | None
    op: str
    value: str
    people: bool = False
    money: bool = False


_END = r"(?P<end>\s*(?:[?.!]+\s*)?)$"
_NUMBER = r"[$€£]?\d[\d,]*(?:\.\d+)?(?:k\b|%)?"
_NUM = rf"(?P<num>{_NUMBER})"
_ORED = rf"(?P<at>{_NUMBER})"  # (the number of "80 or more": a name of its own, as an alternative of _NUM's)
_MORE = r"more\s+than|greater\s+than|higher\s+than|over|above"
_LESS = r"less\s+than|fewer\s+than|lower\s+than|under|below"
_OP = rf"(?P<op>{_MORE}|{_LESS}|at\s+least|at\s+most|[<>]=?)"
_OR = r"\s+or\s+(?P<or>more|greater|higher|over|above|older|taller|less|fewer|lower|under|below|younger|shorter)"
_WORD = r"[a-z][\w%-]*"
_NOT_LINK = r"(?!(?:is|are|was|were|of|than|or)\b)"
_MONEY_UNITS = ("dollars", "dollar", "euros", "euro", "usd", "eur", "gbp", "bucks")
# A unit after the number: a measure's ("over 100 kg": the weight; "over 20 points": the score), money's, or one that
# names no column ("over 50 percent": not the age, nor the one number)
_UNIT = rf"(?:\s+(?P<unit>{said_as([*MEASURE_UNITS, *_MONEY_UNITS, 'percent', 'per cent', 'pct'])}))?"
# A verb before a bare bound: what was done is the measure ("Which customers spent over $100?": spent; "Which users
# posted over 100?" is no age)
_DID = re.compile(r"[a-z]{2,}(?<!e)ed|sold|spent|ran|won|lost|made|got|did|took|drove|bought|paid|wrote|had|has|have|"
                  r"gets|makes|does", re.IGNORECASE)
_KERNELS = (
    # "older than 30", "more expensive than $10"
    re.compile(r"\b(?P<adj>" + said_as(COMPARATIVES) + r")\s+than\s+" + _NUM + _UNIT + _END, re.IGNORECASE),
    # "cost more than $10", "earns at least 60,000", "scored 80 or more", "aged 30 or over"
    re.compile(r"\b(?P<verb>" + said_as(MEASURE_VERBS) + r")\s+(?:at\s+)?(?:" + _OP + r"\s+" + _NUM + "|" + _ORED + _OR
               + ")" + _UNIT + _END, re.IGNORECASE),
    # "with more than 3 orders", "with 3 or more orders"
    re.compile(r"\b(?:with|having|has|have|had)\s+(?:" + _OP + r"\s+" + _NUM + "|" + _ORED + _OR + r")\s+(?P<col>"
               + _WORD + r"(?:\s+" + _WORD + ")?)" + _END, re.IGNORECASE),
    # "whose score is above 80", "with a score of 80 or more"
    re.compile(r"\b(?:with|having|has|have|had|whose)\s+(?:a\s+|an\s+|the\s+|their\s+|its\s+|his\s+|her\s+)?(?P<col>"
               + _NOT_LINK + _WORD + r"(?:\s+" + _NOT_LINK + _WORD + r")?)\s+(?:(?:is|are|was|were|of)\s+)?(?:" + _OP
               + r"\s+" + _NUM + "|" + _ORED + _OR + ")" + _UNIT + _END, re.IGNORECASE),
    # "over 40", "under $10", "30 or older", "30 years old or younger"
    re.compile(r"\b(?:aged\s+)?(?:(?P<op>over|under|above|below|at\s+least|at\s+most)\s+" + _NUM + _UNIT + "|" + _ORED
               + r"(?:\s+years?(?:\s+old)?)?" + _OR + ")" + _END, re.IGNORECASE),
)
# What a comparison's subject is ("Which users are", "Who is", "the average salary of people"): said of people, a
# bare "over 40" is their age
_LINK = re.compile(r"(?:\s+(?:who|that|which))?(?:\s+(?:is|are|was|were|be))?(?:\s+aged)?\s*,?$", re.IGNORECASE)
_PEOPLE = frozenset({"who", "people", "persons", "person", "users", "user", "employees", "employee", "staff",
                     "workers", "members", "students", "customers", "clients", "players", "patients", "kids",
                     "children", "everyone", "everybody", "anyone", "anybody", "someone", "those", "ones", "men",
                     "women", "adults", "applicants", "candidates", "participants", "volunteers", "athletes",
                     "runners", "residents", "colleagues", "friends", "contacts"})


def compared_tail(question: str) -> tuple[str, Compared] | None:
    """The question without the comparison that ends it (and the link before it: "Which users are older than 30?"
    is "Which users?"), and the comparison; None when it ends in none."""
    found = [m for pattern in _KERNELS if (m := pattern.search(question)) is not None]
    if not found:
        return None
    match = min(found, key=lambda m: m.start())
    head = _LINK.sub("", question[:match.start()].rstrip())
    if not head.strip():  # ("Whose score is above 80?" is "Who?", of those whose score is)
        if not match.group(0).lower().startswith("whose"):
            return None
        head = "Who"
    words = head.split()
    people = bool(words) and (words[-1].lower() in _PEOPLE or head.lower().startswith("who"))
    groups = match.groupdict()
    value = groups.get("num") or groups["at"]
    money = value[:1] in "$€£"
    if value.lower().endswith("k"):  # ("over 50k": 50000)
        thousands = (number(value[:-1]) or 0) * 1000
        value = str(int(thousands)) if thousands == int(thousands) else str(thousands)
    way = " ".join((groups.get("op") or groups.get("or") or "").lower().split())
    measure, words_ = None, groups.get("col")
    if groups.get("adj"):
        measure, op = COMPARATIVES[" ".join(groups["adj"].lower().split())]
    else:
        op = _op(way, bool(groups.get("or")))
        if groups.get("verb"):
            measure = MEASURE_VERBS[groups["verb"].lower()]
        elif way in ("older", "younger") or re.search(r"\byears?\b|\byrs?\b", match.group(0), re.IGNORECASE):
            measure = "age"
        elif way in ("taller", "shorter"):
            measure = "height"
        elif words_ is None and words and _DID.fullmatch(words[-1]):
            words_, head = words[-1], head[:head.rfind(words[-1])].rstrip()  # ("Which customers spent": spent)
    unit = " ".join((groups.get("unit") or "").lower().split())
    if unit and words_ is None:
        if unit in _MONEY_UNITS:
            money = True
            if measure not in (None, "price", "pay"):
                return None  # ("older than 30 dollars")
        elif MEASURE_UNITS.get(unit) is None or measure not in (None, MEASURE_UNITS[unit]):
            return None  # ("users over 50 percent": no age; "older than 30 kg")
        else:
            measure = MEASURE_UNITS[unit]  # ("patients over 100 kg": the weight, not the age)
    return head + match.group("end"), Compared(measure, words_, op, value, people, money)


def _op(way: str, ored: bool) -> str:
    """">", "<", ">=" or "<=" for the words of a comparison ("more than", "at most"; "or more" is ">=")."""
    if way in ("at least", "at most"):
        return ">=" if way == "at least" else "<="
    if way in ("<", ">", "<=", ">="):
        return way
    more = re.fullmatch(_MORE + r"|more|greater|higher|older|taller", way) is not None
    return (">=" if more else "<=") if ored else (">" if more else "<")


def compared_column(table: Table, compared: Compared) -> str | None:
    """The one column of numbers a comparison is of, or None when it names none or two."""
    if compared.words:
        words = re.sub(r"^(?:number\s+of|amount\s+of)\s+", "", compared.words.strip(), flags=re.IGNORECASE)
        return column_named(table, words, numeric=True)
    if compared.measure is not None:
        return measured(table, compared.measure)
    if compared.money:
        return measured(table, "price") or measured(table, "pay") or _only_number(table)
    if compared.people:
        return measured(table, "age")
    return _only_number(table)


def _only_number(table: Table) -> str | None:
    numbers = [c for c in numeric_columns(table) if not LABEL_NUMBERS.fullmatch(c.strip().lower())]
    return numbers[0] if len(numbers) == 1 else None


def compared_in(table: Table, where: str) -> list[str]:
    """The columns whose numbers `where` compares ("age>30, dept=Eng": age)."""
    found = [_COMPARISON.fullmatch(part.strip()) for part in _CONDITIONS.split(where) if part.strip()]
    return [find_column(table, m.group("col").strip()) for m in found if m is not None]
