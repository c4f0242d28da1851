"""Which column of a table a question's words name: its name ("amount"), a word for it ("memory" for mem_percent,
"department" for dept, "temperature" for temp_c), its place ("the third column"), or, said of lines of a label and a
number, the one column of numbers ("the average temperature") or of labels ("by category"). Not a column whose name
lacks a measure the words make of it ("population density", "GDP per capita", "growth rate": tableratios.py's, or the
model's). What recognising a question (tablequestions.py, tablesort.py) reads a table's columns by.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from llorch.tools.tablereading import Table, column_key, name_column, number, placed, position

__all__ = ["COMPARATIVES", "LABEL_NUMBERS", "MEASURES", "MEASURE_UNITS", "MEASURE_VERBS", "QUESTION_END",
           "SUPERLATIVES", "Measure", "column_named", "label_column", "measured", "numbered_names", "numeric_columns",
           "said_as"]

# The end of a question: spaces, then marks and spaces (not \s*[?.!]*\s*, which reads a run of spaces two ways at each
# place it is tried: a 400-character question of spaces took seconds)
QUESTION_END = r"\s*(?:[?.!]+\s*)?$"

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
# A word for what headerless lines' labels are ("by category", "per item", "sort by name"): their "label" column.
_LABEL_WORDS = frozenset({"category", "categories", "type", "types", "kind", "kinds", "item", "items", "label",
                          "labels", "name", "names", "tag", "tags", "group", "groups", "class"})
_UNIT_ENDS = frozenset({"b", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "bytes", "pct", "percent", "ms", "s", "sec"})
LABEL_NUMBERS = re.compile(r"(?:#|no|id|\w*_id|\w*id|pid|uid|gid|year|zip|zipcode|port|phone|order|invoice|code)")


# Words of a measure made of a column, or of two ("population density" is population per area, "GDP per capita",
# "the growth rate"): a column whose name lacks the word is not it (asked "Which city has the highest population
# density?" of city,population,area_km2, the router took the largest population, Beta's, for Gamma's 4,000 per km²)
_DERIVED = frozenset({"density", "densities", "dense", "densely", "rate", "rates", "ratio", "ratios", "per", "capita",
                      "percentage", "proportion", "share", "average", "mean", "median", "growth", "change", "increase",
                      "decrease", "difference", "variance", "deviation", "margin"})
_PERCENT_KEYS = ("percent", "pct", "%")


def column_named(table: Table, words: str | None, *, numeric: bool) -> str | None:
    """The column `words` names ("amount", "the temperature", "memory"), or when they name none and the table has one
    numeric column, that one; None when it cannot tell, or when the words say a measure made of the column that its
    name does not ("population density" of a population column)."""
    found = _named(table, words, numeric=numeric)
    if found is None or not words or table.kind in ("counts", "labelled") and found in ("number", "value"):
        return found  # (headerless lines' one number is what the question says it is)
    said = re.findall(r"[a-z]+", words.lower())
    key = column_key(found) + ("%" if "%" in found else "")
    for i, word in enumerate(said):
        if word not in _DERIVED or word != "per" and word in key or word in ("percentage", "share") and any(
                k in key for k in _PERCENT_KEYS):
            continue
        if word == "per" and i + 1 < len(said) and said[i + 1] in key:
            continue  # ("price per unit" of unit_price)
        return None
    return found


def _named(table: Table, words: str | None, *, numeric: bool) -> str | None:
    numbers = numeric_columns(table)
    usable = numbers if numeric else list(table.columns)
    if not words:  # (an id or a year is no amount: "id,cost" has one column to total)
        numbers = [c for c in numbers if not LABEL_NUMBERS.fullmatch(c.strip().lower())]
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
        shortened = [c for key, c in keys.items() if " " not in wanted and _abbreviates(key, k)]
        if not prefixed and len(shortened) == 1:
            return shortened[0]  # "department" for dept, "quantity" for qty
        if " " in wanted:  # "the amount column of sales": its last word, then its first
            for word in (wanted.split()[-1], wanted.split()[0]):
                found = column_named(table, word, numeric=numeric)
                if found is not None:
                    return found
        if not numeric and table.kind == "labelled" and "label" in table.columns and column_key(wanted) in _LABEL_WORDS:
            return "label"  # (headerless lines' labels have no name of their own: "by category", "per item")
    # (lines of a name and a number: any word names the number, as a count's: "the average temperature"; not where
    # the names end in a number too: "3 apples 285")
    return numbers[0] if numeric and len(numbers) == 1 and (not words or table.kind in ("counts", "labelled")) \
        and not numbered_names(table) else None


def numbered_names(table: Table) -> bool:
    """Whether a number-then-name table's names end in a number ("3 apples 285 / 2 bananas 210": the amount asked may
    be either, a count or the calories)."""
    return table.kind == "counts" and any(len(words := str(r.get("name") or "").split()) > 1
                                          and number(words[-1]) is not None for r in table.rows)


def _abbreviates(key: str, word: str) -> bool:
    """Whether a column's key is an abbreviation of a word of the question: its letters in order, with the word's
    first and last ("dept" of department, "qty" of quantity, "amt" of amount, "mgr" of manager), and its first two
    letters or only consonants ("day" is no abbreviation of delay, nor "dept" of description)."""
    if not (3 <= len(key) < len(word)) or not key.isalpha() or key[0] != word[0] or key[-1] != word[-1]:
        return False
    letters = iter(word)
    return all(c in letters for c in key) and (key[:2] == word[:2] or not set(key) & set("aeiou"))


def numeric_columns(table: Table) -> list[str]:
    """The columns more than half of whose cells are numbers."""
    return [c for c in table.columns if sum(number(r.get(c)) is not None for r in table.rows) * 2 > len(table.rows)]


@dataclass(frozen=True)
class Measure:
    """What a column measures, as a question says it: the words of the column's name (`columns`: "age", "aged"), its
    comparatives and superlatives of more and of less ("older", "younger"; "oldest", "youngest"), the verbs that
    say it ("weighs"; "sold": what was sold, not the price) and its units ("kg")."""
    columns: tuple[str, ...]
    more: tuple[str, ...] = ()
    less: tuple[str, ...] = ()
    most: tuple[str, ...] = ()
    least: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


# The one table of measures: what "older", "the oldest", "costs", "over 100 kg" compare (tablewhere.py) and pick
# (tablewho.py), each read by `measured`
MEASURES = {
    "age": Measure(("age", "aged"), more=("older",), less=("younger",), most=("oldest",), least=("youngest",),
                   verbs=("aged",), units=("years old", "year old", "years", "year", "yrs", "yr")),
    "height": Measure(("height", "tall", "tallness"), more=("taller",), less=("shorter",), most=("tallest",),
                      least=("shortest",), units=("cm", "centimeters", "centimetres", "m", "meters", "metres", "ft",
                                                  "feet", "foot", "inches", "inch")),
    "weight": Measure(("weight", "mass"), more=("heavier",), less=("lighter",), most=("heaviest",),
                      least=("lightest",), verbs=("weigh", "weighs", "weighing"),
                      units=("kg", "kgs", "kilos", "kilograms", "lb", "lbs", "pounds")),
    "price": Measure(("price", "cost", "prices", "costs"), more=("pricier", "more expensive"),
                     less=("cheaper", "less expensive"),
                     most=("most expensive", "priciest", "dearest", "costliest", "most costly"),
                     least=("cheapest", "least expensive", "least costly"),
                     verbs=("cost", "costs", "costing", "priced")),
    "score": Measure(("score", "scores", "points", "marks", "mark"), verbs=("score", "scores", "scored", "scoring"),
                     units=("points", "pts")),
    "pay": Measure(("salary", "salaries", "wage", "wages", "pay", "income", "earnings", "compensation", "comp"),
                   verbs=("earn", "earns", "earning", "earned", "paid")),
    # (what was done, counted: "Which products sold over 100?" is no price; a qty may be stock, so only "sold")
    "sold": Measure(("sold",), verbs=("sold", "sells")),
    "ordered": Measure(("ordered", "orders"), verbs=("ordered",)),
    "bought": Measure(("bought", "purchased", "purchases"), verbs=("bought", "purchased")),
    "hours": Measure(("hours", "hrs", "logged", "worked"), verbs=("logged", "worked")),
}
# Each word's measure and way: "older" (age, ">"), "the cheapest" (price, "min"), "weighs" weight, "kg" weight
COMPARATIVES = {w: (name, op) for name, m in MEASURES.items() for words, op in ((m.more, ">"), (m.less, "<"))
                for w in words}
SUPERLATIVES = {w: (name, kind) for name, m in MEASURES.items() for words, kind in ((m.most, "max"), (m.least, "min"))
                for w in words}
MEASURE_VERBS = {w: name for name, m in MEASURES.items() for w in m.verbs}
MEASURE_UNITS = {w: name for name, m in MEASURES.items() for w in m.units}
_NOT_A_MEASURE = frozenset({"total", "sum", "subtotal", "avg", "average", "mean", "max", "min", "rank", "id"})


def said_as(words: Iterable[str]) -> str:
    """A pattern of any of `words`, the longest first, spaces as any ("more expensive": "more\\s+expensive")."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


def measured(table: Table, measure: str) -> str | None:
    """The one column of numbers whose name says `measure` ("age", "age_years", "Height (cm)", "unit_price"; not
    "total_price" nor "avg_age"), or None when no column does or two do."""
    words = MEASURES[measure].columns
    found = []
    for c in numeric_columns(table):
        parts = [w for w in re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", c).lower()) if w]
        if set(parts) & _NOT_A_MEASURE or LABEL_NUMBERS.fullmatch(c.strip().lower()):
            continue
        if any(w in words for w in parts) or any(len(w) >= 5 and any(p.startswith(w) or p.endswith(w) for p in parts)
                                                 for w in words):
            found.append(c)
    return found[0] if len(found) == 1 else None


def label_column(table: Table) -> str | None:
    """The column that names a table's rows: a name-like one ("name", "product", "user"), else the first column
    of text; None when every column is numbers."""
    numbers = set(numeric_columns(table))
    texts = [c for c in table.columns if c not in numbers]
    return name_column(texts) or next(iter(texts), None)
