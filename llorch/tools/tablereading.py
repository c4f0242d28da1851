"""A table's text read into rows (the `table` tool's input): a CSV, a JSON list (or JSON lines), the output of
`ls -l`, `df`, `ps` (by jc's parsers, with their typed fields), `wc -l` or `du` (a number, then a name), columns
under a header line, or lines of a label and a number ("Mon 14.2": columns day and value; "2026-11-03 fuel 61.00":
date, label and value; see `_labelled_table`); rows without a header line only when a question names a column by its
place.

Also how a column is named by its place ("the third column", "3") or by a key of its name, a cell's value as a
number (1,200.50, $12, 65%, 1.2G), and a number of bytes as `df -h` writes it ("152.2G": `said_size`, for the
columns a table's `sized` names) -- what answering (table.py) and recognising a question (tablequestions.py) both
read a table by.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from llorch.tools.asking import clipped

__all__ = ["MAX_ROWS", "MAX_TEXT", "NAME_COLUMNS", "YEAR_MONTH", "Table", "calendar_place", "called_place", "cell_is",
           "cell_text", "column_key", "decimal_places", "iso_day", "name_column", "number", "placed", "position",
           "positional_table", "read_table", "row_label", "said_number", "said_size"]

MAX_TEXT = 4_000_000
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    kind: str  # what it was read as: "csv", "json", "ls -l", "df", "ps", "counts", "columns", "labelled"
    left_out: tuple[str, ...] = ()  # rows not counted ("total" lines of wc and du)
    sized: frozenset[str] = frozenset()  # columns of bytes written with a unit ("31G", "4.0K"): said so (said_size)


_LS_LINE = re.compile(r"^[-dlbcpsD][rwxsStTl-]{9}[.+@]?\s+\d+\s")
_COUNT_LINE = re.compile(r"^\s*(?P<n>\d+(?:[.,]\d+)?[KMGTP]?(?:i?B)?)\s+(?P<name>\S.*?)\s*$")
_SIZE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[KMGTP])(?:i?B)?$", re.IGNORECASE)
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40, "P": 2**50}


def read_table(text: str) -> Table | None:
    """`text` read as a table of at least two rows and two columns, or None."""
    body = text.strip()
    if not body or len(body) > MAX_TEXT:
        return None
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 and not body.startswith("["):
        return None
    for reader in (_json_table, _ls_table, _df_table, _ps_table, _count_table, _delimited_table, _aligned_table,
                   _labelled_table):
        table = reader(body, lines)
        if table is not None and len(table.rows) >= 2 and len(table.columns) >= 2 and len(table.rows) <= MAX_ROWS:
            return _with_sizes(table, lines)
    return None


# A column's name that says it holds bytes ("Size", "Used", "Avail", "mem_used"): a "1.2M" elsewhere may be money
_SIZE_NAME = re.compile(r"size|used|avail|free|bytes|disk|space|storage|mem|rss|vsz|capacity", re.IGNORECASE)


def _with_sizes(table: Table, lines: list[str]) -> Table:
    """The table with its columns of bytes written with a unit named (`sized`): `df -h`'s Size, Used and Avail
    (which jc reads into bytes), `du -h`'s numbers, and a column so named whose cells all have one ("1.5G", "900M";
    "0" too)."""
    if table.kind == "df":
        if not any(_SIZE.match(word) for line in lines[1:] for word in line.split()[1:4]):
            return table  # (df's 1K-blocks: numbers of blocks, no unit)
        sized: list[str] = [c for c in ("size", "used", "available") if c in table.columns]
    else:
        sized = [c for c in table.columns if (table.kind == "counts" or _SIZE_NAME.search(c))
                 and _unit_cells([r.get(c) for r in table.rows])]
    return replace(table, sized=frozenset(sized)) if sized else table


def _unit_cells(cells: Sequence[Any]) -> bool:
    written = [str(c).strip() for c in cells if c not in (None, "")]
    return bool(written) and all(isinstance(c, str) for c in cells if c not in (None, "")) \
        and all(_SIZE.match(c) or c == "0" for c in written) and any(_SIZE.match(c) for c in written)


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


# A label (an ISO date, or one to three words that start with a letter: "Mon", "New York", "Q3"), then a number; the
# words may have an ISO date before them ("2026-11-03 groceries 54.20", a statement's lines).
_LABELLED_LINE = re.compile(r"^\s*(?:(?P<date>\d{4}-\d{2}-\d{2})(?:\s*[,;\t]\s*|\s+)(?=[^\W\d_]))?"
                            r"(?P<label>\d{4}-\d{2}-\d{2}|[^\W\d_][\w.'&-]*(?: [^\W\d_][\w.'&-]*){0,2})"
                            r"(?:\s*[:=,;\t]\s*|\s+)(?P<n>[-+]?[$€£]?\d[\d,]*(?:\.\d+)?%?)\s*$")
_WEEKDAY = re.compile(r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day",
                      re.IGNORECASE)
_MONTH = re.compile(r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _labelled_table(body: str, lines: list[str]) -> Table | None:
    """Lines of a label and a number and no header ("Mon 14.2", "Q3: 1,200"): the columns "value" and, before it,
    "day" (weekdays), "date" (ISO dates), "month" (months' names) or else "label"; with a date before each label, the
    column "date" first ("2026-11-03 groceries 54.20": date, label, value)."""
    matches = [m for line in lines
               if (m := _LABELLED_LINE.match(line)) is not None and number(m.group("n")) is not None]
    dated = sum(m.group("date") is not None for m in matches)
    if len(matches) != len(lines) or dated not in (0, len(matches)):
        return None
    labels = [m.group("label") for m in matches]
    named = ("day" if all(_WEEKDAY.fullmatch(x) for x in labels) else
             "date" if all(_ISO_DAY.fullmatch(x) for x in labels) else
             "month" if all(_MONTH.fullmatch(x) for x in labels) else "label")
    columns = ("date", named, "value") if dated else (named, "value")
    return Table(columns, tuple(dict(zip(columns, m.group("date", "label", "n")[0 if dated else 1:]))
                                for m in matches), "labelled")


def calendar_place(cell: str) -> tuple[str, int] | None:
    """A weekday's or a month's name as its place: ("day", 0) for "Mon", ("month", 10) for "November"; else None."""
    text = cell.strip()
    if _WEEKDAY.fullmatch(text):
        return "day", ("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(text[:3].lower())
    if _MONTH.fullmatch(text):
        return "month", ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                         "dec").index(text[:3].lower())
    return None


def cell_is(cell: Any, value: str) -> bool:
    """Whether a cell is `value`: as text, case aside; as the same number ("90" and "90.0"); a month ("2026-11") is
    each ISO date in it; and a month's or a weekday's name is its abbreviation ("March" is "Mar", "Monday" "Mon")."""
    text, wanted = str(cell).strip(), value.strip()
    if text.casefold() == wanted.casefold():
        return True
    if YEAR_MONTH.fullmatch(wanted) and text.startswith(wanted + "-") and iso_day(text[:10]) is not None:
        return True
    place = calendar_place(text)
    if place is not None and place == calendar_place(wanted):
        return True
    x = number(cell)
    return x is not None and x == number(value)


YEAR_MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")


def iso_day(value: str) -> date | None:
    """An ISO date ("2026-11-03") as a date, else None."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:  # (2026-02-30)
        return None


def _headed(rows: list[list[str]], kind: str) -> Table | None:
    """Rows whose first is a header (no number in it, a number below it in some column), else None."""
    head, data = rows[0], rows[1:]
    if any(number(c) is not None for c in head) or len(set(head)) != len(head) or not all(head):
        return None
    if not any(sum(number(r[i]) is not None for r in data) * 2 > len(data) for i in range(len(head))):
        return None
    return Table(tuple(head), tuple(dict(zip(head, r)) for r in data), kind)


def positional_table(text: str) -> Table | None:
    """Rows without a header line ("alice 34 5200", or "1,2" lines), their columns named by place: "column 1",
    "column 2", ... (read only when a question names a column so: "the third column"). Cells apart by the CSV
    sniffer's delimiter, else by spaces; every row as wide, two columns at least, one of them all numbers."""
    body = text.strip()
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 or len(body) > MAX_TEXT or len(lines) > MAX_ROWS:
        return None
    rows = _delimited_rows(body, lines) or [line.split() for line in lines]
    width = len(rows[0])
    if width < 2 or any(len(r) != width for r in rows) or not any(
            all(number(r[i]) is not None for r in rows) for i in range(width)):
        return None
    columns = tuple(f"column {i}" for i in range(1, width + 1))
    return Table(columns, tuple(dict(zip(columns, r)) for r in rows), "positional")


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "last": -1, "final": -1}
_POSITION = re.compile(r"^(?:the\s+)?(?:(?P<word>" + "|".join(_ORDINALS) + r")|(?P<nth>\d{1,3})(?:st|nd|rd|th)|"
                       r"(?:column|col\.?|field)\s*#?\s*(?P<n>\d{1,3}))(?:\s+(?:column|col|field))?$", re.IGNORECASE)


def position(words: str | None) -> int | None:
    """The place a column is named by ("third", "3rd", "column 3", "the last column"): 1 for the first, -1 for the
    last; None when the words name no place."""
    match = _POSITION.match((words or "").strip())
    if match is None:
        return None
    if match.group("word"):
        return _ORDINALS[match.group("word").lower()]
    place = int(match.group("nth") or match.group("n"))
    return place if place >= 1 else None


def called_place(column: str) -> int | None:
    """The place a tool call's column names: as a question does, or a bare number ("3")."""
    return position(column) or (int(column) if column.strip().isdigit() and 1 <= int(column) <= 999 else None)


def placed(table: Table, place: int) -> str | None:
    """The table's column at `place` (1-based; -1 the last), or None past its width."""
    if place == -1 or 1 <= place <= len(table.columns):
        return table.columns[place - 1 if place > 0 else -1]
    return None


def number(cell: Any) -> float | None:
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


def column_key(text: str) -> str:
    """A column's name (or a word for one) as names are compared: lowered, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


NAME_COLUMNS = ("filename", "name", "command", "mounted_on", "user", "username", "customer", "item", "product",
                 "title", "label", "host", "hostname", "id", "date", "file", "path", "key")


def name_column(columns: Iterable[str]) -> str | None:
    """The first of `columns` by NAME_COLUMNS' order ("name" before "id"), case aside; None when none is one."""
    lowered = {c.lower(): c for c in columns}
    return next((lowered[name] for name in NAME_COLUMNS if name in lowered), None)


def row_label(table: Table, row: Mapping[str, Any]) -> str:
    """What names a row: its name-like column's value (an id's too, though a number), else its first text's, else
    its first column's."""
    named = name_column(c for c in table.columns if row.get(c) not in (None, ""))
    if named is not None:
        return str(row[named])
    for column in table.columns:
        if number(row.get(column)) is None and row.get(column) not in (None, ""):
            return str(row[column])
    return str(row.get(table.columns[0]))


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


def cell_text(value: Any) -> str:
    """A cell as said in a result: its text, clipped."""
    text = "" if value is None else str(value)
    return clipped(text, 80)
