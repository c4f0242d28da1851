"""A table's text read into rows (the `table` tool's input): a CSV, a Markdown table, a JSON list (or JSON lines),
the output of `ls -l`, `df`, `ps` (by jc's parsers, with their typed fields), `wc -l` or `du` (a number, then a
name), columns under a header line, or lines of a label and a number ("Mon 14.2": columns day and value; "2026-11-03
fuel 61.00": date, label and value; see `_labelled_table`); rows without a header line only when a question names a
column by its place.

A line of a total is left out, said so (`left_out`: wc's and du's "total", df --total's, a CSV's "Total,200"; read
as a row, "Mon 8 / Tue 7.5 / Wed 9 / Total 24.5" came to 49 hours, and "Which costs the most?" named the total), and
so is du's line of the folder the others are in ("1.8G ."), kept as the table's `whole` (du lists a folder after the
folders in it: added, "4.0K ./a / 1.5G ./b / 300M ./c / 1.8G ." came to 3.59G). Sizes with a unit are bytes
(`sized`) only in du's (tab apart, or paths), df's and ls's columns or one named for them: "1.2K video-a / 3.4M
video-b" are views, and their total was said as 3.4M "(3.4 MiB …)".

Also how a column is named by its place ("the third column", "3") or by a key of its name; a cell's number and a
result said are tablenumbers.py's (re-exported here) -- what answering (table.py) and recognising a question
(tablequestions.py) both read a table by.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from llorch.tools.asking import clipped
from llorch.tools.tablenumbers import SIZE, decimal_places, number, said_number, said_size

__all__ = ["MAX_ROWS", "MAX_TEXT", "NAME_COLUMNS", "TOTAL_LABEL", "YEAR_MONTH", "Table", "calendar_place",
           "called_place", "cell_is", "cell_text", "column_key", "decimal_places", "in_bytes", "iso_day",
           "labels_table", "name_column", "number", "one_cell", "placed", "position", "positional_table", "read_table",
           "row_label", "said_number", "said_size"]

MAX_TEXT = 4_000_000
MAX_ROWS = 200_000


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, Any], ...]
    kind: str  # what it was read as: "csv", "markdown", "json", "ls -l", "df", "ps", "counts", "columns", "labelled"
    left_out: tuple[str, ...] = ()  # rows not counted (lines of a total: wc's, du's, df --total's, a CSV's "Total")
    sized: frozenset[str] = frozenset()  # columns of bytes written with a unit ("31G", "4.0K"): said so (said_size)
    whole: Mapping[str, Any] | None = None  # du's line of the folder the others are in ("1.8G ."): their total
    nested: bool = False  # du's paths, one in another ("./a" and "./a/x"): their sizes added count some twice


_LS_LINE = re.compile(r"^[-dlbcpsD][rwxsStTl-]{9}[.+@]?\s+\d+\s")
_COUNT_LINE = re.compile(r"^\s*(?P<n>\d+(?:[.,]\d+)?[KMGTP]?(?:i?B)?)\s+(?P<name>\S.*?)\s*$")


def read_table(text: str) -> Table | None:
    """`text` read as a table of at least two rows and two columns, or None."""
    body = text.strip()
    if not body or len(body) > MAX_TEXT:
        return None
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 and not body.startswith(("[", "{")):
        return None
    for reader in (_json_table, _markdown_table, _ls_table, _df_table, _ps_table, _count_table, _delimited_table,
                   _aligned_table, _labelled_table):
        table = reader(body, lines)
        if table is not None and table.kind in ("json", "markdown", "csv", "columns", "labelled"):
            table = _totals_apart(table)
        if table is not None and len(table.rows) >= 2 and len(table.columns) >= 2 and len(table.rows) <= MAX_ROWS:
            return _with_sizes(table, lines)
    return None


# A header's cell of a table of text: a name of at most three words, not a sentence nor a number ("job", "Due date")
_HEAD_CELL = re.compile(r"[^\W\d_][\w()/#%-]*(?: [\w()/#%-]+){0,2}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Words of a sentence, no column's name ("First, we build / Then, we test" is prose with a comma, not a table)
_PROSE_WORDS = frozenset({"i", "we", "you", "he", "she", "they", "it", "me", "us", "them", "my", "our", "your",
                          "the", "is", "are", "was", "were", "then", "there"})
_MAX_LABEL = 40  # (a cell's characters: a label's, not a sentence's)


def labels_table(text: str) -> Table | None:
    """A CSV (or tab-, ;- or |-separated, or a Markdown table) of text only under a header line ("job,status /
    build,ok / test,failed"), which read_table leaves, as it tells a header by the numbers below it. Read when the
    text (stripped) is one block of three lines or more, no blank line between; it is a Markdown table, or its
    first line has exactly one of those delimiters, which splits every line into as many cells (2 to 50); the header's cells are distinct names,
    case aside (each at most 40 characters and three words, from a letter, with no sentence's punctuation, : . ! ?,
    nor a pronoun, "the", "is" or "then": "we build" is no name), one of them a single identifier-like word ("job");
    no data cell is over 40 characters; and no header cell is a cell of its column below. Else None."""
    body = text.strip()
    lines = body.splitlines()
    if len(body) > MAX_TEXT or not 3 <= len(lines) <= MAX_ROWS + 1 or any(not line.strip() for line in lines):
        return None  # (a blank line between: a table and a note, or paragraphs)
    rows = markdown_rows(lines)
    if rows is None:
        marks = [mark for mark in ",\t;|" if mark in lines[0]]
        if len(marks) != 1:
            return None
        try:
            rows = [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=marks[0])]
        except csv.Error:
            return None
    head = rows[0]
    if not 2 <= len(head) <= 50 or any(len(row) != len(head) for row in rows) \
            or not all(_named_column(c) for c in head) \
            or not any(_IDENTIFIER.fullmatch(c) for c in head) or len({c.casefold() for c in head}) != len(head):
        return None
    if any(len(cell) > _MAX_LABEL for row in rows[1:] for cell in row):
        return None
    if any(row[i].casefold() == c.casefold() for row in rows[1:] for i, c in enumerate(head)):
        return None  # (a first row of data, not a header: "ok,failed / ok,ok")
    return Table(tuple(head), tuple(dict(zip(head, row)) for row in rows[1:]), "csv")


def _named_column(cell: str) -> bool:
    """Whether a header's cell is a column's name, not a sentence's words (labels_table)."""
    return len(cell) <= _MAX_LABEL and _HEAD_CELL.fullmatch(cell) is not None \
        and not set(cell.lower().split()) & _PROSE_WORDS


def one_cell(table: Table, said: Callable[[str], bool], columns: Iterable[str]) -> tuple[str, str] | None:
    """The column of `columns` whose cells (stripped) `said` holds for, and that cell as its first row there writes
    it ("FAILED"); None when no cell is, or cells of two columns are, or two cells that differ but for case."""
    found: dict[str, str] = {}  # (each column's first such cell, in row order: the answer is the same every run)
    cells: set[str] = set()
    for column in columns:
        for row in table.rows:
            cell = str(row.get(column)).strip()
            if said(cell):
                found.setdefault(column, cell)
                cells.add(cell.casefold())
    if len(found) != 1 or len(cells) != 1:
        return None
    return next(iter(found.items()))


# A column's name that says it holds bytes ("Size", "Used", "Avail", "mem_used"): a "1.2M" elsewhere may be money
_SIZE_NAME = re.compile(r"size|used|avail|free|bytes|disk|space|storage|mem|rss|vsz|capacity", re.IGNORECASE)


def _with_sizes(table: Table, lines: list[str]) -> Table:
    """The table with its columns of bytes written with a unit named (`sized`): `df -h`'s Size, Used and Avail
    (which jc reads into bytes), `du -h`'s numbers, and a column so named whose cells all have one ("1.5G", "900M";
    "0" too)."""
    if table.kind == "df":
        if not any(SIZE.match(word) for line in lines[1:] for word in line.split()[1:4]):
            return table  # (df's 1K-blocks: numbers of blocks, no unit)
        sized: list[str] = [c for c in ("size", "used", "available") if c in table.columns]
    else:
        sized = [c for c in table.columns if (_SIZE_NAME.search(c) or table.kind == "counts" and _du_like(table, lines))
                 and _unit_cells([r.get(c) for r in table.rows])]
    return replace(table, sized=frozenset(sized)) if sized else table


def in_bytes(table: Table, column: str) -> bool:
    """Whether a column's "1.2K" is bytes (1,228.8: du's, df's, ls's sizes, a column named for them) rather than a
    thousand (1,200: views, followers, money)."""
    return column in table.sized or table.kind in ("df", "ls -l", "ps") or (
        table.kind != "counts" and _SIZE_NAME.search(column) is not None)


def _du_like(table: Table, lines: list[str]) -> bool:
    """Whether a number-then-name table is du's: tab apart (as du writes it), or its names are paths ("./photos");
    "1.2K video-a / 3.4M video-b" are views, a thousand and a million, not KiB and MiB."""
    return all("\t" in line.strip() for line in lines) or any(_is_path(str(r.get("name"))) for r in table.rows)


def _is_path(name: str) -> bool:
    return name in (".", "..", "~") or "/" in name


def _unit_cells(cells: Sequence[Any]) -> bool:
    written = [str(c).strip() for c in cells if c not in (None, "")]
    return bool(written) and all(isinstance(c, str) for c in cells if c not in (None, "")) \
        and all(SIZE.match(c) or c == "0" for c in written) and any(SIZE.match(c) for c in written)


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
    if isinstance(value, dict):  # an API's answer: {"users": [{...}, ...], "total": 4}, its one list of objects
        lists = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)]
        value = lists[0] if len(lists) == 1 and not _one_page(value, len(lists[0])) else None
    if not isinstance(value, list) or not value or not all(isinstance(row, dict) for row in value):
        return None
    columns: dict[str, None] = {}
    for row in value:
        for key, cell in row.items():
            if isinstance(cell, (str, int, float, bool)) or cell is None:
                columns.setdefault(str(key))
    rows = tuple({k: row.get(k) for k in columns} for row in value)
    return Table(tuple(columns), rows, "json")


_PAGED = frozenset({"next", "nextpage", "nextpagetoken", "nextcursor", "cursor", "hasmore", "hasnext", "more"})
_COUNTED = frozenset({"total", "count", "totalcount", "totalresults", "totalitems", "size"})


def _one_page(value: Mapping[str, Any], rows: int) -> bool:
    """Whether an API's answer says its list is one page of more: a next page or cursor given ("next": "…",
    "has_more": true), or a total other than the rows ("total": 57 of 3): what is asked of "the users" is of all."""
    for key, said in value.items():
        name = column_key(str(key))
        if name in _PAGED and said not in (None, False, "", 0):
            return True
        if name in _COUNTED and isinstance(said, int) and not isinstance(said, bool) and said != rows:
            return True
    return False


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
    totals = [line for line in lines[1:] if TOTAL_LABEL.fullmatch(line.split()[0])]  # (df --total's)
    kept = "\n".join(line for line in lines if line not in totals) if totals else body
    table = _jc_table("df", "df", kept, ("filesystem", "mounted_on", "use_percent", "size", "used", "available"))
    if table is None or not totals:
        return table
    return replace(table, left_out=tuple(" ".join(t.split()) for t in totals))


def _ps_table(body: str, lines: list[str]) -> Table | None:
    header = lines[0].split()
    if "PID" not in header or not ({"COMMAND", "CMD"} & set(header)):
        return None
    return _jc_table("ps", "ps", body, ("command", "pid", "user", "mem_percent", "cpu_percent", "rss"))


def _count_table(body: str, lines: list[str]) -> Table | None:
    """`wc -l`, `du -sh`, `sort | uniq -c`: a number, then a name, on every line; a "total" line is left out, and
    so is du's line of the folder the other paths are in ("1.8G ."), kept as the table's `whole`."""
    matches = [_COUNT_LINE.match(line) for line in lines]
    if not all(matches):
        return None
    rows, left_out = [], []
    for m in matches:
        assert m is not None
        if TOTAL_LABEL.fullmatch(m.group("name").strip()):
            left_out.append(m.group(0).strip())
        else:
            rows.append({"number": m.group("n"), "name": m.group("name")})
    table = Table(("number", "name"), tuple(rows), "counts", tuple(left_out))
    return _paths_apart(table, [m.group(0).strip() for m in matches if m is not None])


def _paths_apart(table: Table, lines: list[str]) -> Table:
    """A du table whose paths are one in another (du lists each folder after the folders in it): the line of the
    folder all the others are in, as its `whole` and left out, and whether the others are still `nested`."""
    names = {str(r["name"]).rstrip("/") or "/": i for i, r in enumerate(table.rows)}
    if not any(_is_path(n) for n in names):
        return table
    parents = {n: set(_parents(n)) & names.keys() for n in names}
    if len(names) < 2 or not any(parents.values()):
        return table
    first, second = list(names)[:2]  # (the folder of them all is one of these two's, or one of them: few to try)
    roots = [n for n in (parents[first] | {first}) & (parents[second] | {second})
             if all(n in parents[m] for m in names if m != n)]
    if not roots:
        return replace(table, nested=True)
    at = names[roots[0]]
    rows = table.rows[:at] + table.rows[at + 1:]
    nested = any(p != roots[0] for ps in parents.values() for p in ps)
    line = next((x for x in lines if x.split(None, 1)[-1].strip() == table.rows[at]["name"].strip()), roots[0])
    return replace(table, rows=rows, left_out=(*table.left_out, line), whole=table.rows[at], nested=nested)


def _parents(path: str) -> Iterable[str]:
    """The folders a path is in: "./a/x" is in "./a" and "."; a relative "a/b" in "a" and "."."""
    parts = path.split("/")
    for i in range(len(parts) - 1, 0, -1):
        yield "/".join(parts[:i]) or "/"
    if not path.startswith((".", "/", "~")):
        yield "."


# A line's label that says it is the total of the others ("total", "Grand Total:", "Subtotal", "**Sum**")
TOTAL_LABEL = re.compile(r"[*_]{0,2}(?:grand[ _-]?|sub[ _-]?)?(?:totals?|sum)[*_]{0,2}:?[*_]{0,2}", re.IGNORECASE)


def _totals_apart(table: Table) -> Table:
    """The table without its rows of a total ("Total,200" under a CSV's rows; "Total 24.5" under "Mon 8"), which
    adding the others in would count twice: each as its cells in `left_out`, said as not counted."""
    texts = [c for c in table.columns if sum(number(r.get(c)) is None for r in table.rows) * 2 >= len(table.rows)]
    kept, left = [], []
    for row in table.rows:
        first = next((str(row[c]).strip() for c in texts if str(row.get(c) or "").strip()
                      and iso_day(str(row[c])[:10]) is None), "")
        if TOTAL_LABEL.fullmatch(first):
            left.append(" ".join(str(v).strip() for v in row.values() if str(v if v is not None else "").strip()))
        else:
            kept.append(row)
    return replace(table, rows=tuple(kept), left_out=(*table.left_out, *left)) if left else table


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


# A Markdown table's line under its header: cells of dashes, a colon at either end for alignment ("|---|:--:|")
_MARKDOWN_RULE = re.compile(r"\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?")  # (of a stripped line)
_MARKDOWN_PIPE = re.compile(r"(?<!\\)\|")  # (a cell's "\|" is a pipe of its text)
# A cell written in bold, italics or code whole ("**95**", "_Total_", "`x`"): its text
_MARKDOWN_EMPHASIS = re.compile(r"^(?P<w>\*\*|__|\*|_|`)(?P<x>[^*_`]+)(?P=w)$")


def markdown_rows(lines: Sequence[str]) -> list[list[str]] | None:
    """The cells of a Markdown (GitHub) table, its header first and the line of dashes under it left out: every
    line has a pipe, the second is that line of dashes (one cell for each of the header's), and every row has as
    many cells as the header (the pipes at a line's ends are no cells' edges; a backslashed pipe is one in a cell;
    a cell in bold, italics or code whole is its text). Else None."""
    if len(lines) < 3 or not all("|" in line for line in lines) or not _MARKDOWN_RULE.fullmatch(lines[1].strip()):
        return None
    rows = []
    for i, line in enumerate(lines):
        text = line.strip()
        text = text[1:] if text.startswith("|") else text
        text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
        cells = [_MARKDOWN_EMPHASIS.sub(r"\g<x>", c.strip()).replace("\\|", "|") for c in _MARKDOWN_PIPE.split(text)]
        if i != 1:
            rows.append(cells)
        elif len(cells) != len(rows[0]):
            return None
    width = len(rows[0])
    return rows if width >= 2 and all(len(r) == width for r in rows) else None


def _markdown_table(body: str, lines: list[str]) -> Table | None:
    rows = markdown_rows(lines)
    return _headed(rows, "markdown") if rows is not None else None


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
    labels = [x for m in matches if not TOTAL_LABEL.fullmatch(x := m.group("label"))]  # ("Total 24.5" is no day)
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


def cell_text(value: Any) -> str:
    """A cell as said in a result: its text, clipped."""
    text = "" if value is None else str(value)
    return clipped(text, 80)
