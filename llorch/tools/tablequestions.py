"""Questions about a table, recognised in a message: a column's total, average, largest or smallest value (and
which row has it), the rows that have a value, the most common value of a column.

`table_asked` reads a message that plainly asks such a thing of the table piped after it (or given after a colon),
so that it goes to the table tool before the model answers (exact.py, chat/conversation.py's exact step); a
question whose column is not in the table, or a text that is not one, is None and stays the model's. The table is
read by tablereading.py; the call is answered by table.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llorch.tools.asking import LEAD, asked_parts
from llorch.tools.table import addresses, times_asked
from llorch.tools.tablereading import (MAX_TEXT, Table, column_key, number, placed, position, positional_table,
                                       read_table)
from llorch.tools.timings import timed_lines

__all__ = ["table_asked"]

_MAX_WORDS = r"(?:maximum|max|highest|largest|biggest|greatest|most|longest|fullest|heaviest|top|slowest)"
_MIN_WORDS = r"(?:minimum|min|lowest|smallest|least|fewest|shortest|emptiest|lightest|fastest|quickest)"
_COL = r"(?P<col>[\w%$./ -]+?)"
_END = r"\s*[?.!]*\s*$"
_VERB = (r"(?:is|was|has|had|have|uses|used|is\s+using|was\s+using|takes|took|is\s+taking|consumes|contains|got|"
         r"gets|scored|made|earned|earns|costs|sold)")
_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sum", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+are)|give\s+me|tell\s+me|calculate|compute|show\s+me|find)\s+)?"
                       r"(?:the\s+)?(?:total|sum)\s+(?:of\s+)?(?:the\s+|all\s+(?:the\s+)?)?" + _COL
                       + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"(?:add\s+up|sum(?:\s+up)?|total)\s+(?:the\s+|all\s+(?:the\s+)?)?" + _COL
                       + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    # With no column named: the table's one column of amounts ("How much did I spend in total?")
    ("sum", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute)\s+)?(?:the\s+)?"
                       r"(?:total|sum|grand\s+total)" + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"how\s+much\s+(?:did\s+(?:i|we|you|they)\s+(?:spend|pay|earn|make|sell)|do\s+(?:i|we)\s+"
                       r"owe|is\s+(?:it|that|this|everything))\s+(?:in\s+total|altogether|all\s+together|overall)"
                       + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"what\s+(?:do|does)\s+(?:these|they|this|it|the\s+\w+)\s+(?:all\s+)?add\s+up\s+to"
                       + _END, re.IGNORECASE)),
    ("mean", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute)\s+)?(?:the\s+)?"
                        r"(?:average|mean)" + _END, re.IGNORECASE)),
    ("mean", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was)|give\s+me|tell\s+me|calculate|compute|find)\s+)?"
                        r"(?:the\s+)?(?:average|mean)\s+(?:of\s+)?(?:the\s+|all\s+(?:the\s+)?)?" + _COL
                        + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    ("extreme", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was|\s+were)|give\s+me|tell\s+me|find|show\s+me)\s+)?"
                           r"(?:the\s+)?(?P<dir>" + _MAX_WORDS + "|" + _MIN_WORDS + r")\s+"
                           r"(?:(?:value\s+)?(?:of|in)\s+(?:the\s+)?)?" + _COL
                           + r"(?:\s*,?\s*and\s+(?:on\s+|in\s+|at\s+|for\s+|by\s+)?(?:which|what|whose)\s+"
                           r"(?P<also>[\w ]+?)(?:\s+(?:was|is|had|has|did)(?:\s+it)?)?)?" + _END,
                           re.IGNORECASE)),
    ("which", re.compile(LEAD + r"(?:which|what)\s+(?P<noun>[\w./-]+(?:\s+[\w./-]+)?)\s+" + _VERB
                         + r"\s+(?:up\s+)?(?:the\s+)?(?P<dir>" + _MAX_WORDS + "|" + _MIN_WORDS + r")"
                         + r"(?:\s+(?:amount\s+of\s+|number\s+of\s+)?" + _COL + r")?" + _END, re.IGNORECASE)),
    ("count", re.compile(LEAD + r"how\s+many\s+(?P<noun>[\w ]+?)\s+(?:are|were|is|work|live|come)\s+(?:in|from|on|at)\s+"
                         r"(?:the\s+)?(?P<value>[\w.@:/-]+(?:\s+[\w.@:/-]+)?)" + _END, re.IGNORECASE)),
    ("count", re.compile(LEAD + r"how\s+many\s+(?P<noun>[\w ]+?)\s+(?:have|has|had)\s+(?:a\s+|an\s+|the\s+)?"
                         + _COL + r"\s+(?:of\s+)?(?P<value>[\w.@:/-]+)" + _END, re.IGNORECASE)),
    ("most", re.compile(LEAD + r"(?:which|what)\s+" + _COL + r"\s+(?:appears|occurs|shows\s+up|comes\s+up|is\s+seen|"
                        r"is\s+listed|repeats)\s+(?:the\s+)?most(?:\s+(?:often|frequently|times))?" + _END,
                        re.IGNORECASE)),
    ("most", re.compile(LEAD + r"(?:which|what)(?:'s|\s+is|\s+was)\s+(?:the\s+)?most\s+(?:common|frequent|repeated)\s+"
                        + _COL + _END, re.IGNORECASE)),
)
# A word of the question for a column of the table (its name lowered, without _ % and spaces).
_SYNONYMS = {
    "memory": ("mempercent", "mem", "rss", "memory", "memusage"), "mem": ("mempercent", "mem", "rss"),
    "ram": ("mempercent", "mem", "rss"), "cpu": ("cpupercent", "cpu"),
    "space": ("size", "used", "usepercent"), "usage": ("usepercent", "use", "used"),
    "full": ("usepercent", "use", "capacity", "used"), "used": ("usepercent", "used", "use"),
    "free": ("available", "avail", "free"), "available": ("available", "avail"),
    "size": ("size", "bytes", "number"), "bytes": ("size", "bytes"), "file": ("filename", "name"),
    "filesystem": ("mountedon", "filesystem"), "process": ("command", "cmd"), "program": ("command", "cmd"),
    "lines": ("number", "lines"), "line": ("number", "lines"), "count": ("number", "count"),
    "words": ("number", "words"), "times": ("number",), "occurrences": ("number",),
}
# A superlative that names its column by itself ("Which file is the largest?", "Which filesystem is the fullest?").
_ADJECTIVE_COLUMN = {"largest": "size", "biggest": "size", "smallest": "size", "heaviest": "size",
                     "fullest": "full", "emptiest": "full", "longest": "lines", "shortest": "lines",
                     "slowest": "time", "fastest": "time", "quickest": "time"}


_UNIT_ENDS = frozenset({"b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "bytes", "pct", "percent", "ms", "s", "sec"})
_LABEL_NUMBERS = re.compile(r"(?:#|no|id|\w*_id|\w*id|pid|uid|gid|year|zip|zipcode|port|phone|order|invoice|code)")



def _column(table: Table, words: str | None, *, numeric: bool) -> str | None:
    """The column `words` names ("amount", "the temperature", "memory"), or when they name none and the table has one
    numeric column, that one; None when it cannot tell."""
    numbers = [c for c in table.columns if sum(number(r.get(c)) is not None for r in table.rows) * 2 > len(table.rows)]
    usable = numbers if numeric else list(table.columns)
    if not words:  # (an id or a year is no amount: "id,cost" has one column to total)
        numbers = [c for c in numbers if not _LABEL_NUMBERS.fullmatch(c.strip().lower())]
    place = position(words)
    if place is not None:  # "the third column", "column 3", "the last column"
        found = placed(table, place)
        return found if found is not None and (not numeric or found in numbers) else None
    if words:
        wanted = re.sub(r"^(?:the|a|an|all)\s+|\s+(?:column|values|field|col)$", "", words.strip().lower())
        keys = {column_key(c): c for c in usable}
        for candidate in (wanted, wanted.rstrip("s")):
            k = column_key(candidate)
            if k in keys:
                return keys[k]
            for synonym in _SYNONYMS.get(candidate, ()):
                if synonym in keys:
                    return keys[synonym]
            for synonym in _SYNONYMS.get(candidate, ()):  # with a unit after it: mem_mb, rss_kb, cpu_pct
                united = [c for key, c in keys.items() if key.startswith(synonym) and key[len(synonym):] in _UNIT_ENDS]
                if len(united) == 1:
                    return united[0]
        k = column_key(wanted)
        prefixed = [c for key, c in keys.items() if len(k) >= 4 and key and (key.startswith(k[:4]) or k.startswith(key))
                    and len(key) >= 3]
        if len(prefixed) == 1:
            return prefixed[0]  # "temperature" for temp_c, "price" for price_usd
        if " " in wanted:  # "the amount column of sales": its last word, then its first
            for word in (wanted.split()[-1], wanted.split()[0]):
                found = _column(table, word, numeric=numeric)
                if found is not None:
                    return found
    return numbers[0] if numeric and len(numbers) == 1 and (not words or table.kind == "counts") else None


def table_asked(message: str) -> dict[str, Any] | None:
    """The table tool's arguments for a message that plainly asks a question the tool answers about the table given
    with it (piped after the question, or after a colon), or None."""
    if len(message) > MAX_TEXT:
        return None
    for question, text in asked_parts(message):
        if not text or "\n" not in text.strip() and not text.lstrip().startswith("["):
            continue
        matched = [(action, m) for action, pattern in _ASKED if (m := pattern.match(question)) is not None]
        if not matched:
            continue
        table = read_table(text)  # (once a question matched: read once, whichever patterns did)
        for action, match in matched:
            found = _asked(action, match, text, table)
            if found is not None:
                return found
    return None


def _asked(action: str, match: re.Match[str], text: str, table: Table | None) -> dict[str, Any] | None:
    groups = match.groupdict()
    col_words = (groups.get("col") or "").strip() or None
    if action == "most" and col_words and column_key(col_words) in ("ip", "ipaddress", "ips", "ipaddresses",
                                                                    "address", "addresses", "clientip"):
        addressed = [c for c in table.columns
                     if column_key(c) in ("ip", "ipaddress", "clientip", "remoteaddr", "address")] \
            if table is not None else []
        if addressed:
            return {"action": "most", "column": addressed[0], "text": text}
        return {"action": "most", "column": "ip", "text": text} if addresses(text) else None
    if action in ("sum", "mean", "extreme", "which"):
        timed = _times_call(action, groups, col_words, text, table)
        if timed is not None:
            return timed
    if table is None and position(col_words) is not None:
        table = positional_table(text)  # "What is the average of the third column?" of rows without a header
    if table is None:
        return None
    if action in ("sum", "mean"):
        column = _column(table, col_words, numeric=True)
        return {"action": action, "column": column, "text": text} if column is not None else None
    if action in ("extreme", "which"):
        direction = groups["dir"].lower()
        kind = "min" if re.fullmatch(_MIN_WORDS, direction) else "max"
        words = col_words or _ADJECTIVE_COLUMN.get(direction)
        if action == "which" and col_words is None and words is None and groups.get("noun"):
            return None  # "Which one is the most ...?" with nothing to compare by
        column = _column(table, words, numeric=True)
        if column is None and action == "extreme" and col_words and direction in _ADJECTIVE_COLUMN \
                and _column(table, col_words, numeric=False) is not None:  # "the biggest file": by its size
            column = _column(table, _ADJECTIVE_COLUMN[direction], numeric=True)
        if column is None:
            return None
        also = _column(table, groups["also"], numeric=False) if groups.get("also") else None
        if groups.get("also") and (also is None or also == column):
            return None  # "... and on which planet?" of a table without one
        return {"action": kind, "column": column, **({"also": also} if also else {}), "text": text}
    if action == "most":
        column = _column(table, col_words, numeric=False)
        return {"action": "most", "column": column, "text": text} if column is not None else None
    # count: a value some column has ("in the Sales department": Sales in the department column)
    value_words = (groups.get("value") or "").strip()
    if col_words:
        column = _column(table, col_words, numeric=False)
        return ({"action": "count", "column": column, "value": value_words, "text": text}
                if column is not None and _has_value(table, column, value_words) else None)
    words = value_words.split()
    for value, named in ((value_words, None), (words[0], words[-1]) if len(words) == 2 else (None, None)):
        if value is None:
            continue
        columns = [_column(table, named, numeric=False)] if named else list(table.columns)
        holding = [c for c in columns if c is not None and _has_value(table, c, value)]
        if len(holding) == 1:
            return {"action": "count", "column": holding[0], "value": value, "text": text}
    return None


def _times_call(action: str, groups: Mapping[str, Any], col_words: str | None, text: str,
                table: Table | None) -> dict[str, Any] | None:
    """The call for a question about the times in a log's lines ("What's the average response time?", "Which
    request was the slowest?") where the table has no column of that name (or the text is no table)."""
    direction = (groups.get("dir") or "").lower()
    words = col_words or _ADJECTIVE_COLUMN.get(direction)
    if not words or not times_asked(words, table) or groups.get("also"):
        return None
    if table is not None and _column(table, words, numeric=True) is not None:
        return None  # the table's own column ("duration_ms" for "duration")
    if len(timed_lines(text)[0]) < 2:
        return None
    kind = action if action in ("sum", "mean") else "min" if re.fullmatch(_MIN_WORDS, direction) else "max"
    return {"action": kind, "column": words, "text": text}


def _has_value(table: Table, column: str, value: str) -> bool:
    wanted = value.strip().casefold()
    return any(str(row.get(column)).strip().casefold() == wanted for row in table.rows)
