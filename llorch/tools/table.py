"""The `table` tool: a question about a table given with it (a CSV, a JSON list, the output of `ls -l`, `df`,
`ps`, `wc -l` or `du`, an aligned table with a header line) answered by computing over its rows, not by reading.

Shown a small table, the 1.5B adds, averages and compares in its head, and is often wrong: piped 7 amounts it gave
their total as 2000.00 (1847.69), four prices averaged 6.24 (4.70), `ps aux` had `python train.py` using the most
memory (slack: 18.7 %MEM against 4.2), `wc -l` had main.c with the most lines (parser.c), the busiest address of an
access log was one seen three times (another, four). `table_asked` recognises a plain question about the table
piped after it (`df -h | llorch run "Which filesystem is the fullest?"`) or given after a colon, so that it goes
to the tool before the model answers (chat/conversation.py's exact step), and the table is read whole however long
(exact.READ_WHOLE): a column's total, average, largest or smallest value (with its row), the rows that have a
value, the most common value of a column (of a log's IP addresses too). A column is named as the table has it, by
a word for it, or by its place ("the third column": of rows without a header line too, as `awk '{print $3}'` reads
them).

Command outputs are read by jc's parsers (its typed fields: `ls -l`'s size, `ps`'s %MEM as mem_percent); CSV by
the standard library's sniffer. A question whose column is not in the table, or a text that is not one, is the
model's.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, asked_parts, clipped
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.timings import TIME_WORDS, timed_lines, times_answer

__all__ = ["ACTIONS", "Table", "TableTool", "answer", "read_table", "table_asked"]

ACTIONS = ("sum", "mean", "max", "min", "count", "most")
_MAX_TEXT = 4_000_000
_MAX_ROWS = 200_000
_SHOWN_ROWS = 10  # rows named in a result at most


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    kind: str  # what it was read as: "csv", "json", "ls -l", "df", "ps", "counts", "columns"
    left_out: tuple[str, ...] = ()  # rows not counted ("total" lines of wc and du)


# --- reading a table --------------------------------------------------------------------------------

_LS_LINE = re.compile(r"^[-dlbcpsD][rwxsStTl-]{9}[.+@]?\s+\d+\s")
_COUNT_LINE = re.compile(r"^\s*(?P<n>\d+(?:[.,]\d+)?[KMGTP]?(?:i?B)?)\s+(?P<name>\S.*?)\s*$")
_SIZE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[KMGTP])(?:i?B)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMALS = re.compile(r"[^.]*\d\.(\d+)\D*")
_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40, "P": 2**50}


def read_table(text: str) -> Table | None:
    """`text` read as a table of at least two rows and two columns, or None."""
    body = text.strip()
    if not body or len(body) > _MAX_TEXT:
        return None
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 and not body.startswith("["):
        return None
    for reader in (_json_table, _ls_table, _df_table, _ps_table, _count_table, _delimited_table, _aligned_table):
        table = reader(body, lines)
        if table is not None and len(table.rows) >= 2 and len(table.columns) >= 2 and len(table.rows) <= _MAX_ROWS:
            return table
    return None


def _json_table(body: str, lines: list[str]) -> Table | None:
    if body[0] not in "[{":
        return None
    try:
        value = json.loads(body)
    except ValueError:
        try:
            value = [json.loads(line) for line in lines]  # JSON lines
        except ValueError:
            return None
    if not isinstance(value, list) or not value or not all(isinstance(row, dict) for row in value):
        return None
    columns: dict[str, None] = {}
    for row in value:
        for key, cell in row.items():
            if isinstance(cell, (str, int, float, bool)) or cell is None:
                columns.setdefault(str(key))
    rows = tuple({k: row.get(k) for k in columns} for row in value)
    return Table(tuple(columns), rows, "json")


def _jc(parser: str, body: str) -> list[dict[str, Any]] | None:
    import jc

    try:
        parsed = jc.parse(parser, body, quiet=True)
    except Exception:  # noqa: BLE001 (jc's parsers raise what they meet: IndexError, ValueError, ...)
        return None
    return parsed if isinstance(parsed, list) and parsed else None


def _jc_table(kind: str, parser: str, body: str, first: Sequence[str]) -> Table | None:
    parsed = _jc(parser, body)
    if parsed is None:
        return None
    present = {c for row in parsed for c in row}
    columns = dict.fromkeys([*(c for c in first if c in present), *(c for row in parsed for c in row)])
    return Table(tuple(columns), tuple(parsed), kind)


def _ls_table(body: str, lines: list[str]) -> Table | None:
    listed = [line for line in lines if _LS_LINE.match(line)]
    if len(listed) < 2 or len(listed) < len(lines) - 1:  # ("total 5208" may come first)
        return None
    return _jc_table("ls -l", "ls", body, ("filename", "size", "date", "owner", "group", "flags", "links"))


def _df_table(body: str, lines: list[str]) -> Table | None:
    if not lines[0].lstrip().lower().startswith("filesystem"):
        return None
    return _jc_table("df", "df", body, ("filesystem", "mounted_on", "use_percent", "size", "used", "available"))


def _ps_table(body: str, lines: list[str]) -> Table | None:
    header = lines[0].split()
    if "PID" not in header or not ({"COMMAND", "CMD"} & set(header)):
        return None
    return _jc_table("ps", "ps", body, ("command", "pid", "user", "mem_percent", "cpu_percent", "rss"))


def _count_table(body: str, lines: list[str]) -> Table | None:
    """`wc -l`, `du -sh`, `sort | uniq -c`: a number, then a name, on every line; a "total" line is left out."""
    matches = [_COUNT_LINE.match(line) for line in lines]
    if not all(matches):
        return None
    rows, left_out = [], []
    for m in matches:
        assert m is not None
        if m.group("name").strip().lower() == "total":
            left_out.append(m.group(0).strip())
        else:
            rows.append({"number": m.group("n"), "name": m.group("name")})
    return Table(("number", "name"), tuple(rows), "counts", tuple(left_out))


def _delimited_table(body: str, lines: list[str]) -> Table | None:
    rows = _delimited_rows(body, lines)
    return _headed(rows, "csv") if rows is not None else None


def _delimited_rows(body: str, lines: list[str]) -> list[list[str]] | None:
    """The cells of `body`'s rows apart by the delimiter the CSV sniffer finds, when every row is as wide (two cells
    or more, two rows or more); else None."""
    try:
        dialect: Any = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t|")
        rows = [r for r in csv.reader(io.StringIO(body), dialect) if any(c.strip() for c in r)]
    except csv.Error:  # (no delimiter found; a lone carriage return in a field)
        return None
    widths = {len(r) for r in rows}
    if len(widths) != 1 or widths.pop() < 2 or len(rows) < 2:
        return None
    return [[c.strip() for c in r] for r in rows]


def _aligned_table(body: str, lines: list[str]) -> Table | None:
    """Columns apart by spaces with a header line; a row's words past the header's last column belong to it (a
    command with its arguments)."""
    header = lines[0].split()
    if len(header) < 2:
        return None
    if len(header) > 2 and all(len(line.split()) == len(header) - 1 for line in lines[1:]):
        header = [*header[:-2], " ".join(header[-2:])]  # a header of two words over one column: df's "Mounted on"
    rows = []
    for line in lines[1:]:
        words = line.split()
        if len(words) < len(header):
            return None
        rows.append(words[: len(header) - 1] + [" ".join(words[len(header) - 1:])])
    return _headed([header, *rows], "columns")


def _headed(rows: list[list[str]], kind: str) -> Table | None:
    """Rows whose first is a header (no number in it, a number below it in some column), else None."""
    head, data = rows[0], rows[1:]
    if any(_number(c) is not None for c in head) or len(set(head)) != len(head) or not all(head):
        return None
    if not any(sum(_number(r[i]) is not None for r in data) * 2 > len(data) for i in range(len(head))):
        return None
    return Table(tuple(head), tuple(dict(zip(head, r)) for r in data), kind)


def _positional_table(text: str) -> Table | None:
    """Rows without a header line ("alice 34 5200", or "1,2" lines), their columns named by place: "column 1",
    "column 2", ... (read only when a question names a column so: "the third column"). Cells apart by the CSV
    sniffer's delimiter, else by spaces; every row as wide, two columns at least, one of them all numbers."""
    body = text.strip()
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 or len(body) > _MAX_TEXT or len(lines) > _MAX_ROWS:
        return None
    rows = _delimited_rows(body, lines) or [line.split() for line in lines]
    width = len(rows[0])
    if width < 2 or any(len(r) != width for r in rows) or not any(
            all(_number(r[i]) is not None for r in rows) for i in range(width)):
        return None
    columns = tuple(f"column {i}" for i in range(1, width + 1))
    return Table(columns, tuple(dict(zip(columns, r)) for r in rows), "positional")


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "last": -1, "final": -1}
_POSITION = re.compile(r"^(?:the\s+)?(?:(?P<word>" + "|".join(_ORDINALS) + r")|(?P<nth>\d{1,3})(?:st|nd|rd|th)|"
                       r"(?:column|col\.?|field)\s*#?\s*(?P<n>\d{1,3}))(?:\s+(?:column|col|field))?$", re.IGNORECASE)


def _position(words: str | None) -> int | None:
    """The place a column is named by ("third", "3rd", "column 3", "the last column"): 1 for the first, -1 for the
    last; None when the words name no place."""
    match = _POSITION.match((words or "").strip())
    if match is None:
        return None
    if match.group("word"):
        return _ORDINALS[match.group("word").lower()]
    place = int(match.group("nth") or match.group("n"))
    return place if place >= 1 else None


def _called_place(column: str) -> int | None:
    """The place a tool call's column names: as a question does, or a bare number ("3")."""
    return _position(column) or (int(column) if column.strip().isdigit() and 1 <= int(column) <= 999 else None)


def _placed(table: Table, place: int) -> str | None:
    """The table's column at `place` (1-based; -1 the last), or None past its width."""
    if place == -1 or 1 <= place <= len(table.columns):
        return table.columns[place - 1 if place > 0 else -1]
    return None


def _number(cell: Any) -> float | None:
    """A cell's value as a number: 1,200.50, $12, 65%, 1.2G (bytes, as `du -h` and `df -h` mean), else None."""
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
    size = _SIZE.match(text)
    if size is not None:
        return float(size.group("n")) * _UNITS[size.group("unit").upper()]
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


# --- answering ----------------------------------------------------------------------------------------

_NAME_COLUMNS = ("filename", "name", "command", "mounted_on", "user", "username", "customer", "item", "product",
                 "title", "host", "hostname", "id", "date", "file", "path", "key")


def _label(table: Table, row: Mapping[str, Any]) -> str:
    """What names a row: its name-like column's value, else its first column's."""
    lowered = {c.lower(): c for c in table.columns}
    for name in _NAME_COLUMNS:
        if name in lowered and row.get(lowered[name]) not in (None, ""):
            return str(row[lowered[name]])
    for column in table.columns:
        if _number(row.get(column)) is None and row.get(column) not in (None, ""):
            return str(row[column])
    return str(row.get(table.columns[0]))


def _row_text(table: Table, row: Mapping[str, Any]) -> str:
    if table.kind == "positional":  # (its names are only places: "column 1 y, column 2 2" says less than "y, 2")
        return ", ".join(_cell(row.get(c)) for c in table.columns[:12])
    return ", ".join(f"{c} {_cell(row.get(c))}" for c in table.columns[:12])


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return clipped(text, 80)


def _shown(value: float, places: int) -> str:
    if value == int(value) and places == 0:
        return f"{int(value):,}"
    return f"{value:,.{places}f}".rstrip("0").rstrip(".") if places > 0 else f"{value:,.4f}".rstrip("0").rstrip(".")


def _places(cells: Sequence[Any]) -> int:
    """The most decimal places among the cells as written (1847.69 is the sum of 2-place amounts, not 1847.6899…)."""
    most = 0
    for cell in cells:
        written = repr(cell) if isinstance(cell, float) else cell.strip() if isinstance(cell, str) else ""
        decimals = _DECIMALS.fullmatch(written)
        if decimals is not None:
            most = max(most, len(decimals.group(1)))
    return min(most, 6)


def _iso_day(value: str) -> date | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:  # (2026-02-30)
        return None


def _spelled(value: str) -> str:
    """An ISO date with its day written out: told only "2026-07-03", the 1.5B gave the date line's today instead."""
    day = _iso_day(value)
    return f"{value} ({day.strftime('%A')} {day.day} {day.strftime('%B %Y')})" if day is not None else value


def _forms(value: str) -> list[str]:
    """How an answer may give a cell: as written, and an ISO date as "3 July" or "July 3"."""
    day = _iso_day(value)
    return [value] if day is None else [value, f"{day.day} {day.strftime('%B')}", f"{day.strftime('%B')} {day.day}"]


def _find_column(table: Table, column: str) -> str:
    for c in table.columns:
        if c == column or c.lower() == column.lower():
            return c
    place = _called_place(column)
    found = _placed(table, place) if place is not None else None
    if found is not None:
        return found
    raise ToolError(f"table: no column {column!r} in this table; its columns are {', '.join(table.columns)}")


def answer(text: str, action: str, column: str, value: str | None = None,
           also: str | None = None) -> tuple[dict[str, Any], str]:
    """`action` (ACTIONS) over `column` of the table in `text` (`value`: the cell a `count` looks for; `also`: the
    column whose value max and min name first, as asked: "the maximum temperature, and on which date?"); the result
    as data and in words. `most` of the column "ip" over a text that is no table counts its IPv4 addresses."""
    if action not in ACTIONS:
        raise ToolError(f"table: unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if len(text) > _MAX_TEXT:
        raise ToolError(f"table: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    table = read_table(text)
    if table is None and _called_place(column) is not None:
        table = _positional_table(text)  # "the third column" of rows without a header
    if _times_asked(column, table) and action in ("sum", "mean", "max", "min"):
        timed = timed_lines(text)  # (read once: the answer is made from these)
        if table is None or len(timed[0]) >= 2:  # a log's lines, each with its 120ms: no table, or none with that column
            return times_answer(timed, action)
    if action == "most" and column.lower() in ("ip", "ip address", "address") and (
            table is None or not any(c.lower() == column.lower() for c in table.columns)):
        return _most_addresses(text)  # (a log's lines, or a table with the addresses in no column of that name)
    if table is None:
        if text.count("\n") >= _MAX_ROWS:
            raise ToolError(f"table: the text has more than {_MAX_ROWS:,} lines, more rows than the tool reads; give "
                            f"it part of them (head -n {_MAX_ROWS:,})")
        raise ToolError("table: this text is not a table (a CSV, a JSON list, ls -l, df, ps, wc -l or du output, "
                        "or columns under a header line)")
    name = _find_column(table, column)
    cells = [row.get(name) for row in table.rows]
    n = len(table.rows)
    left = f" (not counted: {'; '.join(table.left_out)})" if table.left_out else ""
    base: dict[str, Any] = {"action": action, "column": name, "rows": n, "read_as": table.kind}
    if action in ("count", "most"):
        return _counted(table, name, cells, action, value, base, left)
    numbers = [(_number(c), row) for c, row in zip(cells, table.rows)]
    known = [(x, row) for x, row in numbers if x is not None]
    if not known:
        raise ToolError(f"table: column {name!r} has no numbers")
    skipped = n - len(known)
    without = f"; {skipped} row{'' if skipped == 1 else 's'} without a number left out" if skipped else ""
    places = _places([c for c in cells if _number(c) is not None])
    if action in ("sum", "mean"):
        try:
            total = math.fsum(x for x, _ in known)  # (exact: ten 0.1s are 1.0)
        except OverflowError:
            total = math.inf
        if not math.isfinite(total):
            raise ToolError(f"table: the {'total' if action == 'sum' else 'average'} of {name} is past what a number holds")
        mean = total / len(known)
        value_ = round(total, places) if action == "sum" else round(mean, places + 2)
        said = (f"The total of {name} over {len(known)} rows is {_shown(value_, places)}{without}{left}."
                if action == "sum" else
                f"The average of {name} over {len(known)} rows is {_shown(value_, places + 2)} (total "
                f"{_shown(round(total, places), places)}){without}{left}.")
        return base | {"result": value_, "total": round(total, places), "counted": len(known)}, said
    best = max(x for x, _ in known) if action == "max" else min(x for x, _ in known)
    winners = [row for x, row in known if x == best]
    word = "largest" if action == "max" else "smallest"
    shown = winners[:_SHOWN_ROWS]
    cell = _cell(winners[0].get(name))
    extra: dict[str, Any] = {}
    if also:
        other = _find_column(table, also)
        values = [_cell(r.get(other)) for r in shown]
        cell += f"; its {other} is {' and '.join(_spelled(v) for v in values)}"
        extra = {"also": other, "also_values": values, "also_forms": _forms(values[0])}
    where = ("the row: " + _row_text(table, shown[0]) if len(winners) == 1 else
             f"{len(winners)} rows: " + "; ".join(_row_text(table, r) for r in shown))
    named = f"value in {name}" if table.kind == "positional" else name
    said = f"Of {n} rows, the {word} {named} is {cell} ({where}){without}{left}."
    return base | extra | {"result": _number(winners[0].get(name)), "cell": _cell(winners[0].get(name)),
                           "labels": [_label(table, r) for r in shown]}, said


def _times_asked(column: str, table: Table | None) -> bool:
    """Whether `column` asks for the times in a text's lines: a word for them ("response time") that is no column of
    the table, when the text is one."""
    words = column.lower().split()
    if not words or not ({_key(column)} | {_key(words[-1])}) & TIME_WORDS:
        return False
    return table is None or not any(_key(c) == _key(column) for c in table.columns)


def _counted(table: Table, name: str, cells: list[Any], action: str, value: str | None, base: dict[str, Any],
             left: str) -> tuple[dict[str, Any], str]:
    n = len(cells)
    if action == "count":
        if value is None or not value.strip():
            raise ToolError("table: say which value to count (value)")
        wanted = value.strip().casefold()
        rows = [row for row, c in zip(table.rows, cells) if str(c).strip().casefold() == wanted]
        labels = [_label(table, r) for r in rows]
        listed = f": {', '.join(labels[:_SHOWN_ROWS])}{' ...' if len(labels) > _SHOWN_ROWS else ''}" if rows else ""
        said = f"{len(rows)} of {n} rows have {name} {value.strip()}{listed}{left}."
        return base | {"value": value.strip(), "result": len(rows), "labels": labels[:_SHOWN_ROWS]}, said
    counts = Counter(_cell(c) for c in cells if c not in (None, ""))
    if not counts:
        raise ToolError(f"table: column {name!r} is empty")
    return _most(base, counts, name, n, left)


def _most(base: dict[str, Any], counts: Counter[str], name: str, n: int, left: str = "") -> tuple[dict[str, Any], str]:
    ranked = counts.most_common()
    top = ranked[0][1]
    leaders = [v for v, k in ranked if k == top]
    rest = ", ".join(f"{v} ({k})" for v, k in ranked[len(leaders):len(leaders) + 3])
    then = f"; then {rest}" if rest else ""
    if len(leaders) == 1:
        said = f"The most common {name} is {leaders[0]}: {top} of {n}{then}{left}."
    else:
        said = f"{len(leaders)} values of {name} are the most common, {top} of {n} each: {', '.join(leaders[:10])}{then}{left}."
    return base | {"result": leaders[0] if len(leaders) == 1 else leaders[:10], "times": top,
                   "labels": leaders[:10]}, said


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")


def _addresses(text: str) -> list[str]:
    found = []
    for match in _IPV4.findall(text):
        try:
            found.append(str(ipaddress.IPv4Address(match)))
        except ValueError:
            continue
    return found


def _most_addresses(text: str) -> tuple[dict[str, Any], str]:
    found = _addresses(text)
    if not found:
        raise ToolError("table: no IP address in this text")
    base = {"action": "most", "column": "IP address", "rows": len(found), "read_as": "addresses"}
    return _most(base, Counter(found), "IP address", len(found))


class TableTool:
    """A table's column totalled, averaged, its largest or smallest value, rows with a value counted, or its most
    common value."""

    name = "table"
    description = ("Compute over a table (CSV, JSON list, or ls -l / df / ps / wc -l / du output): a column's sum, "
                   "mean, max or min (with its row), the rows whose column has a value, or the most common value")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS)},
            "column": {"type": "string", "minLength": 1, "maxLength": 200,
                       "description": "the column's name as the table has it, or its place "
                                      "(\"3\", \"third\", \"last\")"},
            "value": {"type": "string", "maxLength": 200, "description": "count: the value to look for"},
            "also": {"type": "string", "maxLength": 200,
                     "description": "max/min: another column whose value to name (a date, a name)"},
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the table"},
        },
        "required": ["action", "column", "text"],
    }
    positional = ("action", "column", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("the total of the amount column of: item,amount / tea,3.50 / cake,4.25",
         {"action": "sum", "column": "amount", "text": "item,amount\ntea,3.50\ncake,4.25"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        value, also = args.get("value"), args.get("also")
        data, said = answer(str(args.get("text", "")), str(args.get("action", "")), str(args.get("column", "")),
                            str(value) if value is not None else None, str(also) if also else None)
        return ToolResult(said, data)


# --- recognising a plain question about a table ---------------------------------------------------------

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


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _column(table: Table, words: str | None, *, numeric: bool) -> str | None:
    """The column `words` names ("amount", "the temperature", "memory"), or when they name none and the table has one
    numeric column, that one; None when it cannot tell."""
    numbers = [c for c in table.columns if sum(_number(r.get(c)) is not None for r in table.rows) * 2 > len(table.rows)]
    usable = numbers if numeric else list(table.columns)
    if not words:  # (an id or a year is no amount: "id,cost" has one column to total)
        numbers = [c for c in numbers if not _LABEL_NUMBERS.fullmatch(c.strip().lower())]
    place = _position(words)
    if place is not None:  # "the third column", "column 3", "the last column"
        found = _placed(table, place)
        return found if found is not None and (not numeric or found in numbers) else None
    if words:
        wanted = re.sub(r"^(?:the|a|an|all)\s+|\s+(?:column|values|field|col)$", "", words.strip().lower())
        keys = {_key(c): c for c in usable}
        for candidate in (wanted, wanted.rstrip("s")):
            k = _key(candidate)
            if k in keys:
                return keys[k]
            for synonym in _SYNONYMS.get(candidate, ()):
                if synonym in keys:
                    return keys[synonym]
            for synonym in _SYNONYMS.get(candidate, ()):  # with a unit after it: mem_mb, rss_kb, cpu_pct
                united = [c for key, c in keys.items() if key.startswith(synonym) and key[len(synonym):] in _UNIT_ENDS]
                if len(united) == 1:
                    return united[0]
        k = _key(wanted)
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
    if len(message) > _MAX_TEXT:
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
    if action == "most" and col_words and _key(col_words) in ("ip", "ipaddress", "ips", "ipaddresses", "address",
                                                              "addresses", "clientip"):
        addressed = [c for c in table.columns if _key(c) in ("ip", "ipaddress", "clientip", "remoteaddr", "address")] \
            if table is not None else []
        if addressed:
            return {"action": "most", "column": addressed[0], "text": text}
        return {"action": "most", "column": "ip", "text": text} if _addresses(text) else None
    if action in ("sum", "mean", "extreme", "which"):
        timed = _times_call(action, groups, col_words, text, table)
        if timed is not None:
            return timed
    if table is None and _position(col_words) is not None:
        table = _positional_table(text)  # "What is the average of the third column?" of rows without a header
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
    if not words or not _times_asked(words, table) or groups.get("also"):
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
