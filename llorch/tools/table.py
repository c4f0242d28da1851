"""The `table` tool: a question about a table given with it (a CSV, a JSON list, the output of `ls -l`, `df`,
`ps`, `wc -l` or `du`, an aligned table with a header line) answered by computing over its rows, not by reading.

Shown a small table, the 1.5B adds, averages and compares in its head, and is often wrong: piped 7 amounts it gave
their total as 2000.00 (1847.69), four prices averaged 6.24 (4.70), `ps aux` had `python train.py` using the most
memory (slack: 18.7 %MEM against 4.2), `wc -l` had main.c with the most lines (parser.c), the busiest address of an
access log was one seen three times (another, four). `table_asked` (tablequestions.py) recognises a plain
question about the table piped after it (`df -h | llorch run "Which filesystem is the fullest?"`) or given after a
colon, so that it goes to the tool before the model answers (chat/conversation.py's exact step), and the table is
read whole however long (exact.READ_WHOLE): a column's total, average, largest or smallest value (with its row), the
rows that have a value, the most common value of a column (of a log's IP addresses too). A column is named as the
table has it, by a word for it, or by its place ("the third column": of rows without a header line too, as
`awk '{print $3}'` reads them).

Over some rows only (`where`: "dept=Eng"; asked "What's the average salary in Eng?", the router averaged every row
and the 1.5B said "The average salary in Eng is 78,800", for 101,500), or for each value of a column (`by`: "dept";
"What's the total salary per department?" got the grand total 394,000, for Eng 203,000, Sales 119,000, Ops 72,000).
`where` may hold two conditions ("item=pen, date=2026-11"), a month of ISO dates ("2026-11": "How much did I
spend on groceries in November?", the 1.5B summed every row, 299.10, for 164.00), and a comparison ("age>30"; which
rows it keeps is tablewhere.py's); `list` names the rows it keeps, and `count` without a value counts them ("Which
users are older than 30?", the 1.5B named Ben, 27, and Dev, 30). `times` multiplies the column by another, row by
row, and `as` says what that is (revenue, price × qty: tableproducts.py); `per` divides it by another (a density,
population per area: tableratios.py). The rows in order of a column (`sort`) are tablesort.py's; a row's share of
the column's total (`share`, its row by `where`; with a `value`, the share of rows that have it) and the change from
one row's value to another's (`change`, its rows by `from` and `to`) are tableshares.py's; a column's `median` and
standard deviation (`stdev`) tablestats.py's, and each group's (`by`) tablegroups.py's.

The table is read by tablereading.py (a CSV of text only, "job,status / build,ok", by its `labels_table` for count,
list and most, as its `read_table` tells a header by the numbers below it): command outputs by jc's parsers (their
typed fields: `ls -l`'s size, `ps`'s %MEM as mem_percent), CSV by the standard library's sniffer. A total or an average of sizes written with a unit
(`df -h`'s 31G, `du -h`'s 4.0K) is said in one too, "152.2G (152.2 GiB, 163,423,505,612 bytes)": asked "How much
disk space is used in total?", the 1.5B said 151G; du's total is its line of the folder the others are in. A
"1.2K" of no size is a thousand (views, followers: said so). Lines of a total ("Total,200") are left out, and
said to be. A question whose column is not in the table, or a text that is not one, is the model's.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import EXACT_ONLY, ToolContext, ToolResult
from llorch.tools.tablecolumns import numeric_columns
from llorch.tools.tablegroups import SHOWN_GROUPS, SHOWN_ROWS, grouped_answer
from llorch.tools.tablenumbers import rows_said, scaled, total_of
from llorch.tools.tableproducts import multiplied
from llorch.tools.tableratios import divided
from llorch.tools.tablerowtotals import added
from llorch.tools.tablereading import (MAX_ROWS, MAX_TEXT, Table, called_place, cell_text, column_key, decimal_places,
                                       in_bytes, iso_day, labels_table, number, positional_table, read_table, row_label,
                                       said_number, said_size)
from llorch.tools.tableshares import change_answer, rows_share_answer, share_answer
from llorch.tools.tablesort import sorted_answer
from llorch.tools.tablestats import spread_answer
from llorch.tools.tablewhere import compared_in, find_column, kept_rows, one_row
from llorch.tools.timings import TIME_WORDS, timed_lines, times_answer

__all__ = ["ACTIONS", "TableTool", "addresses", "answer", "times_asked"]

ACTIONS = ("sum", "mean", "median", "stdev", "max", "min", "range", "count", "most", "sort", "share", "change",
           "list")
# The actions a table of text only is read for (labels_table): they count or name its cells, and need no number
_CELLS_COUNTED = ("count", "list", "most")


def _row_text(table: Table, row: Mapping[str, Any]) -> str:
    if table.kind == "positional":  # (its names are only places: "column 1 y, column 2 2" says less than "y, 2")
        return ", ".join(cell_text(row.get(c)) for c in table.columns[:12])
    return ", ".join(f"{c} {cell_text(row.get(c))}" for c in table.columns[:12])


def _spelled(value: str) -> str:
    """An ISO date with its day written out: told only "2026-07-03", the 1.5B gave the date line's today instead."""
    day = iso_day(value)
    return f"{value} ({day.strftime('%A')} {day.day} {day.strftime('%B %Y')})" if day is not None else value


def _forms(value: str) -> list[str]:
    """How an answer may give a cell: as written, and an ISO date as "3 July" or "July 3"."""
    day = iso_day(value)
    return [value] if day is None else [value, f"{day.day} {day.strftime('%B')}", f"{day.strftime('%B')} {day.day}"]


def answer(text: str, action: str, column: str, value: str | None = None, also: str | None = None,
           where: str | None = None, by: str | None = None, descending: bool = False, start: str | None = None,
           end: str | None = None, times: str | None = None, called: str | None = None,
           per: str | None = None, rank: str | None = None, plus: str | None = None) -> tuple[dict[str, Any], str]:
    """`action` (ACTIONS) over `column` of the table in `text` (`value`: the cell a `count` looks for, none to count
    the rows `where` keeps, a `share`'s of the rows; `also`: the column whose value max and min name first, as
    asked: "the maximum temperature, and on which date?"; `where`: "column=value" or "column>number", the rows
    counted (a share's one row); `by`: a column, the action for each of its values; `descending`: a sort's largest
    first; `start`, `end`: a change's rows, as `where` names them; `times`: a column `column` is multiplied by, row
    by row, and `called` what that is, "revenue"; `per`: a column it is divided by, "density"; `rank`: with `by`,
    the end asked, "largest" or "smallest", said first; `plus`: columns added to `column` row by row, "art" or "Q2,
    Q3"); the result as data and in words. `most` of the column "ip" over a text that is no table counts its IPv4
    addresses."""
    if action not in ACTIONS:
        raise ToolError(f"table: unknown action {action!r}; one of {', '.join(ACTIONS)}")
    if len(text) > MAX_TEXT:
        raise ToolError(f"table: the text is {len(text):,} characters; the limit is {MAX_TEXT:,}")
    table = read_table(text)
    if table is None and called_place(column) is not None:
        table = positional_table(text)  # "the third column" of rows without a header
    if times_asked(column, table) and action in ("sum", "mean", "max", "min"):
        timed = timed_lines(text)  # (read once: the answer is made from these)
        if table is None or len(timed[0]) >= 2:  # a log's lines, each with its 120ms: no table, or none with that column
            _rows_only(where, by, "a log's times")
            return times_answer(timed, action)
    if action == "most" and column.lower() in ("ip", "ip address", "address") and (
            table is None or not any(c.lower() == column.lower() for c in table.columns)):
        _rows_only(where, by, "a log's addresses")
        return _most_addresses(text)  # (a log's lines, or a table with the addresses in no column of that name)
    if table is None and action in _CELLS_COUNTED:
        table = labels_table(text)  # ("job,status / build,ok / test,failed": no number to tell its header by)
    if table is None:
        if text.count("\n") >= MAX_ROWS:
            raise ToolError(f"table: the text has more than {MAX_ROWS:,} lines, more rows than the tool reads; give "
                            f"it part of them (head -n {MAX_ROWS:,})")
        raise ToolError("table: this text is not a table (a CSV, a JSON list, ls -l, df, ps, wc -l or du output, "
                        "or columns under a header line)")
    name = find_column(table, column)
    if sum(bool((x or "").strip()) for x in (times, per, plus)) > 1:
        raise ToolError("table: one of times, per and plus, not two")
    if plus is not None and plus.strip():
        others = [find_column(table, c.strip()) for c in plus.split(",") if c.strip()]
        if not others:
            raise ToolError("table: plus names the columns to add, comma-separated (plus=Q2,Q3)")
        table, name = added(table, name, others)
    elif times is not None and times.strip():
        table, name = multiplied(table, name, find_column(table, times), called)
    elif per is not None and per.strip():
        table, name = divided(table, name, find_column(table, per), called)
    elif called is not None and called.strip():
        raise ToolError("table: as names what times or per makes (times=qty as=revenue, per=area as=density)")
    if action in ("share", "change"):
        return _between(table, name, action, where, by, start, end, value)
    if (start or "").strip() or (end or "").strip():
        raise ToolError("table: from and to are for change")
    condition, of = "", len(table.rows)
    if where is not None and where.strip():
        table, condition = kept_rows(table, where)
    left = f" (not counted: {'; '.join(table.left_out)})" if table.left_out else ""
    base: dict[str, Any] = {"action": action, "column": name, "rows": len(table.rows), "read_as": table.kind,
                            **({"where": condition.removeprefix("where ")} if condition else {})}
    grouped = by is not None and by.strip() != ""
    if action in ("sort", "list") and grouped:
        raise ToolError("table: by is for sum, mean, median, stdev, max, min and count")
    if action == "list" or action == "count" and not (value or "").strip() and condition and not grouped:
        # ("Which users are older than 30?", "How many are?": the rows kept, named)
        return _listed(table, name, base, of, condition, compared_in(table, where or ""), left)
    if condition and not table.rows:  # (a comparison may keep none)
        raise ToolError(f"table: none of {rows_said(of)} matches ({condition})")
    if action == "sort":
        return sorted_answer(table, name, descending, base, rows_said(len(table.rows), condition), left)
    if by is not None and by.strip():
        return grouped_answer(table, name, action, find_column(table, by), value, base, condition, left, rank)
    if rank:
        raise ToolError("table: rank is for by (the group asked for, largest or smallest, named first)")
    return _computed(table, name, action, value, also, base, condition, left)


def _between(table: Table, name: str, action: str, where: str | None, by: str | None, start: str | None,
             end: str | None, value: str | None) -> tuple[dict[str, Any], str]:
    """`share` of the row `where` names (with a `value`: the share of the rows `where` keeps whose `name` has it), or
    `change` from the row `start` names to the row `end` names."""
    if (by or "").strip():
        raise ToolError("table: by is for sum, mean, median, stdev, max, min and count")
    base: dict[str, Any] = {"action": action, "column": name, "rows": len(table.rows), "read_as": table.kind}
    left = f" (not counted: {'; '.join(table.left_out)})" if table.left_out else ""
    if action == "share":
        if (start or "").strip() or (end or "").strip():
            raise ToolError("table: from and to are for change; share names its row by where")
        if (value or "").strip():
            kept, condition = kept_rows(table, where or "") if (where or "").strip() else (table, "")
            return rows_share_answer(kept, name, str(value), base, condition, left)
        return share_answer(table, name, one_row(table, where, "where"), base, left)
    if (where or "").strip():
        raise ToolError("table: change names its rows by from and to, not where")
    return change_answer(table, name, one_row(table, start, "from"), one_row(table, end, "to"), base, left)


def _listed(table: Table, name: str, base: dict[str, Any], of: int, condition: str, compared: list[str],
            left: str) -> tuple[dict[str, Any], str]:
    """The rows kept, each named by its `name` (its label, when `name` is a number) with the numbers it was kept
    by ("Ana (age 34)"); `count`'s result is how many, `list`'s their names."""
    numeric = name in numeric_columns(table)
    beside = [c for c in ([name] if numeric else []) + compared if c != name or numeric]
    names, said = [], []
    for row in table.rows:
        label = row_label(table, row) if numeric else cell_text(row.get(name))
        extra = ", ".join(f"{c} {cell_text(row.get(c))}" for c in dict.fromkeys(beside))
        names.append(label)
        said.append(f"{label} ({extra})" if extra else label)
    shown = SHOWN_GROUPS
    listed = ", ".join(said[:shown]) + (f", and {len(said) - shown} more" if len(said) > shown else "")
    k = len(table.rows)
    if not condition:
        words = f"The {name} of {rows_said(of)}: {listed}{left}."
    else:
        matched = "none match" if k == 0 else f"{k} match{'es' if k == 1 else ''}"
        words = f"Of {rows_said(of)}, {matched} ({condition}){': ' + listed if k else ''}{left}."
    counted = base["action"] == "count"
    return base | {"result": k if counted else names[:100], "labels": names[:100], "matched": k, "of": of}, words


def _rows_only(where: str | None, by: str | None, what: str) -> None:
    if (where or "").strip() or (by or "").strip():
        raise ToolError(f"table: where and by choose a table's rows; {what} have none")


def _computed(table: Table, name: str, action: str, value: str | None, also: str | None, base: dict[str, Any],
              condition: str, left: str) -> tuple[dict[str, Any], str]:
    cells = [row.get(name) for row in table.rows]
    n = len(table.rows)
    if action in ("count", "most"):
        return _counted(table, name, cells, action, value, base, condition, left)
    binary = in_bytes(table, name)  # (a "1.2K" that is no size is a thousand: of views, followers, money)
    numbers = [(number(c, binary), row) for c, row in zip(cells, table.rows)]
    known = [(x, row) for x, row in numbers if x is not None]
    if not known:
        raise ToolError(f"table: column {name!r} has no numbers"
                        + (f" in {rows_said(n, condition)}" if condition else ""))
    skipped = n - len(known)
    without = ("" if binary else scaled(cells)) + (
        f"; {skipped} row{'' if skipped == 1 else 's'} without a number left out" if skipped else "")
    places = decimal_places([c for c in cells if number(c) is not None])
    if action in ("median", "stdev"):
        return spread_answer(name, action, [x for x, _ in known], places, base, rows_said(len(known), condition),
                             without + left, name in table.sized)
    if action in ("sum", "mean") and (table.whole is not None or table.nested):
        whole = _du_whole(table, name, action, condition, base)
        if whole is not None:
            return whole
    if action in ("sum", "mean"):
        total = total_of(name, action, [x for x, _ in known])
        mean = total / len(known)
        value_ = round(total, places) if action == "sum" else round(mean, places + 2)
        over = rows_said(len(known), condition)
        if name in table.sized:  # (df -h's 31G and 1.2G: said in G, not as 163,423,505,612)
            return _sized(name, action, total, len(known), base, over, without + left)
        said = (f"The total of {name} over {over} is {said_number(value_, places)}{without}{left}."
                if action == "sum" else
                f"The average of {name} over {over} is {said_number(value_, places + 2)} (total "
                f"{said_number(round(total, places), places)}){without}{left}.")
        return base | {"result": value_, "total": round(total, places), "counted": len(known)}, said
    if action == "range":
        return _range(table, name, known, places, base, rows_said(n, condition), without + left)
    best = max(x for x, _ in known) if action == "max" else min(x for x, _ in known)
    winners = [row for x, row in known if x == best]
    word = "largest" if action == "max" else "smallest"
    shown = winners[:SHOWN_ROWS]
    cell = cell_text(winners[0].get(name))
    extra: dict[str, Any] = {}
    if also:
        other = find_column(table, also)
        values = [cell_text(r.get(other)) for r in shown]
        cell += f"; its {other} is {' and '.join(_spelled(v) for v in values)}"
        extra = {"also": other, "also_values": values, "also_forms": _forms(values[0])}
    where = ("the row: " + _row_text(table, shown[0]) if len(winners) == 1 else
             f"{len(winners)} rows: " + "; ".join(_row_text(table, r) for r in shown))
    named = f"value in {name}" if table.kind == "positional" else name
    said = f"Of {rows_said(n, condition)}, the {word} {named} is {cell} ({where}){without}{left}."
    return base | extra | {"result": best, "cell": cell_text(winners[0].get(name)),
                           "labels": [row_label(table, r) for r in shown]}, said


def _range(table: Table, name: str, known: list[tuple[float, Mapping[str, Any]]], places: int, base: dict[str, Any],
           over: str, left: str) -> tuple[dict[str, Any], str]:
    """The largest value less the smallest, and the rows that hold them ("the difference between the highest and
    lowest price": the 1.5B took 4.75 for the highest of 6.10)."""
    top, bottom = max(x for x, _ in known), min(x for x, _ in known)
    spread = round(top - bottom, places)

    def held(value: float) -> str:
        rows = [r for x, r in known if x == value]
        more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        named = ", ".join(row_label(table, r) for r in rows[:3]) + more
        written = said_size(value)[2].split(" (")[0] if name in table.sized else cell_text(rows[0].get(name))
        return f"{written} ({named})"

    sized = said_size(spread) if name in table.sized else None  # (in df -h's units, as a total of sizes is)
    apart = sized[2] if sized else said_number(spread, places)
    said = f"Of {over}, {name} runs from {held(bottom)} to {held(top)}: the largest less the smallest is {apart}{left}."
    data = {"result": sized[0], "unit": sized[1], "bytes": round(spread)} if sized else {"result": spread}
    return base | data | {"max": top, "min": bottom}, said


def _du_whole(table: Table, name: str, action: str, condition: str,
              base: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The total of du's lines: its line of the folder the others are in ("1.8G ."), not their sum (du lists a
    folder after the folders in it: "4.0K ./a / 1.5G ./b / 300M ./c / 1.8G ." added was 3.59G); an error where
    the lines hold one another and none holds them all. None where their sum is right."""
    whole = table.whole or {}
    x = number(whole.get(name))
    if x is not None and action == "sum" and not condition:
        path = str(whole.get("name") or "").strip()
        value, unit, said = said_size(x) if name in table.sized else (x, "", said_number(x, 0))
        others = [line for line in table.left_out if line.split(None, 1)[-1].strip() != path]
        left = f" (not counted: {'; '.join(others)})" if others else ""
        twice = " and count the folders in folders twice" if table.nested else ""
        sized = {"unit": unit, "bytes": round(x)} if unit else {}
        return base | sized | {"result": value, "total": round(x), "whole": path}, (
            f"The total of {name} is {said}: du's line for {cell_text(path)}, the folder the other {len(table.rows)} "
            f"{'path is' if len(table.rows) == 1 else 'paths are'} in (added, their sizes would leave out its own "
            f"files{twice}){left}.")
    if table.nested:
        raise ToolError("table: these du lines hold one another (du lists a folder after the folders in it): adding "
                        "their sizes counts some twice; read the line of the folder they are in, or du -sh's lines")
    return None


def _sized(name: str, action: str, total: float, counted: int, base: dict[str, Any], over: str,
           after: str) -> tuple[dict[str, Any], str]:
    """A total or an average of bytes written with units, in the unit df -h and du -h would say it in ("152.2G"):
    the result that figure, with its unit, and the bytes beside it."""
    value, unit, said = said_size(total if action == "sum" else total / counted)
    if action == "sum":
        words = f"The total of {name} over {over} is {said}{after}."
    else:
        words = f"The average of {name} over {over} is {said} (total {said_size(total)[2].partition(' ')[0]}){after}."
    return base | {"result": value, "unit": unit, "bytes": round(total if action == "sum" else total / counted),
                   "total": round(total), "counted": counted}, words


def times_asked(column: str, table: Table | None) -> bool:
    """Whether `column` asks for the times in a text's lines: a word for them ("response time") that is no column of
    the table, when the text is one."""
    words = column.lower().split()
    if not words or not ({column_key(column)} | {column_key(words[-1])}) & TIME_WORDS:
        return False
    return table is None or not any(column_key(c) == column_key(column) for c in table.columns)


def _counted(table: Table, name: str, cells: list[Any], action: str, value: str | None, base: dict[str, Any],
             condition: str, left: str) -> tuple[dict[str, Any], str]:
    n = len(cells)
    if action == "count":
        if value is None or not value.strip():
            raise ToolError("table: say which value to count (value)")
        wanted = value.strip().casefold()
        rows = [row for row, c in zip(table.rows, cells) if str(c).strip().casefold() == wanted]
        labels = [row_label(table, r) for r in rows]
        listed = f": {', '.join(labels[:SHOWN_ROWS])}{' ...' if len(labels) > SHOWN_ROWS else ''}" if rows else ""
        said = f"{len(rows)} of {rows_said(n, condition)} have {name} {value.strip()}{listed}{left}."
        return base | {"value": value.strip(), "result": len(rows), "labels": labels[:SHOWN_ROWS]}, said
    counts = Counter(cell_text(c) for c in cells if c not in (None, ""))
    if not counts:
        raise ToolError(f"table: column {name!r} is empty")
    return _most(base, counts, name, n, left, condition)


def _most(base: dict[str, Any], counts: Counter[str], name: str, n: int, left: str = "",
          condition: str = "") -> tuple[dict[str, Any], str]:
    ranked = counts.most_common()
    top = ranked[0][1]
    leaders = [v for v, k in ranked if k == top]
    rest = ", ".join(f"{v} ({k})" for v, k in ranked[len(leaders):len(leaders) + 3])
    then = f"; then {rest}" if rest else ""
    if len(leaders) == 1:
        said = f"The most common {name} is {leaders[0]}: {top} of {_of(n, condition)}{then}{left}."
    else:
        said = (f"{len(leaders)} values of {name} are the most common, {top} of {_of(n, condition)} each: "
                f"{', '.join(leaders[:10])}{then}{left}.")
    return base | {"result": leaders[0] if len(leaders) == 1 else leaders[:10], "times": top,
                   "labels": leaders[:10]}, said


def _of(n: int, condition: str) -> str:
    return rows_said(n, condition) if condition else str(n)


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")


def addresses(text: str) -> list[str]:
    found = []
    for match in _IPV4.findall(text):
        try:
            found.append(str(ipaddress.IPv4Address(match)))
        except ValueError:
            continue
    return found


def _most_addresses(text: str) -> tuple[dict[str, Any], str]:
    found = addresses(text)
    if not found:
        raise ToolError("table: no IP address in this text")
    base = {"action": "most", "column": "IP address", "rows": len(found), "read_as": "addresses"}
    return _most(base, Counter(found), "IP address", len(found))


class TableTool:
    """A table's column totalled, averaged, its largest or smallest value, rows with a value counted, its most common
    value, its rows in order of it, a row's share of its total, the change from one row's value to another's, or
    the rows that meet a condition, named; of a column multiplied by another too (price × qty)."""

    name = "table"
    description = ("Compute over a table (CSV, JSON list, or ls -l / df / ps / wc -l / du output): a column's sum, "
                   "mean, median, standard deviation, max or min (with its row), range (max less min), the rows whose "
                   "column has a value "
                   "(share: their percentage), the most common value, or the rows sorted by a column, a row's share "
                   "of the column's total, the change from one row to another (from, to), or the rows that meet "
                   "where, listed; over some rows only (where: dept=Eng, age>30) or for each value of a column (by); "
                   "of a column times another (times=qty as=revenue) or per another (per=area_km2 as=density)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS)},
            "column": {"type": "string", "minLength": 1, "maxLength": 200,
                       "description": "the column's name as the table has it, or its place "
                                      "(\"3\", \"third\", \"last\"); list: the column that names each row"},
            "value": {"type": "string", "maxLength": 200,
                      "description": "count: the value to look for (none: count the rows where keeps); share: the "
                                     "percentage of the rows that have it"},
            "also": {"type": "string", "maxLength": 200,
                     "description": "max/min: another column whose value to name (a date, a name)"},
            "where": {"type": "string", "maxLength": 200,
                      "description": "only the rows whose column has this value, as column=value (\"dept=Eng\" "
                                     "for \"in Eng\"; a month of dates: \"date=2026-11\"), or whose number "
                                     "compares so (\"age>30\", \"price<=10\"); two: \"dept=Eng, age>=30\"; "
                                     "share: its one row (\"month=Mar\")"},
            "by": {"type": "string", "maxLength": 200,
                   "description": "sum/mean/max/min/count for each value of this column (\"dept\" for \"per "
                                  "department\"); count without a value counts each group's rows"},
            "descending": {"type": "boolean", "description": "sort: largest (or latest, or Z) first"},
            "rank": {"type": "string", "enum": ["largest", "smallest"], EXACT_ONLY: True,
                     "description": "with by: the group asked for, named first"},
            "from": {"type": "string", "maxLength": 200,
                     "description": "change: the row changed from, as where names one (\"month=Feb\", or \"Feb\")"},
            "to": {"type": "string", "maxLength": 200, "description": "change: the row changed to (\"month=Mar\")"},
            "times": {"type": "string", "maxLength": 200,
                      "description": "a column to multiply column by, row by row (column=price times=qty)"},
            "plus": {"type": "string", "maxLength": 2000,
                     "description": "columns to add to column, row by row, comma-separated (column=math plus=art; "
                                    "column=Q1 plus=Q2,Q3,Q4)"},
            "per": {"type": "string", "maxLength": 200,
                    "description": "a column to divide column by, row by row (column=population per=area_km2)"},
            "as": {"type": "string", "maxLength": 60,
                   "description": "times, per: what the product or quotient is (\"revenue\", \"cost\", "
                                  "\"density\")"},
            "text": {"type": "string", "maxLength": MAX_TEXT, "description": "the table"},
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
        value, also, where, by, start, end, times, called, per, rank, plus = (
            args.get(k) for k in ("value", "also", "where", "by", "from", "to", "times", "as", "per", "rank", "plus"))
        data, said = answer(str(args.get("text", "")), str(args.get("action", "")), str(args.get("column", "")),
                            str(value) if value is not None else None, str(also) if also else None,
                            str(where) if where else None, str(by) if by else None, args.get("descending") is True,
                            str(start) if start else None, str(end) if end else None, str(times) if times else None,
                            str(called) if called else None, str(per) if per else None,
                            str(rank) if rank else None, str(plus) if plus else None)
        return ToolResult(said, data)
