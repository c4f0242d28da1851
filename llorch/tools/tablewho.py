"""Questions a table answers by naming rows: who has a column's most or least ("Who earns the most?", the 1.5B said
Dan for Cara; "Who scored highest?"; "Who sold the least?", the 1.5B named one of two tied; "In which month were
sales lowest?", the 1.5B's model answer missed a tie too), who went farthest ("Who ran the farthest?": a km or
miles column's most, never an age's), who or which is the oldest, tallest, cheapest ("Who is the oldest?", "Which
product is the most expensive?": the largest or smallest of the one column the word measures, its row named), and, once a comparison picked the rows (tablewhere.py), which rows
they are ("Which users are older than 30?", the 1.5B named Ben, 27, and Dev, 30) and how many; and the rows whose
status is the question's last word ("How many jobs failed?", the 1.5B named lint, which was ok, and left out docs;
"Which tasks are done?", "Who is absent?": `value_call`, the word a cell of one column of labels). The patterns are
tablequestions.py's `_ASKED` entries; each call here is None when the column is not the table's one of its kind.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import (LABEL_NUMBERS, MEASURE_VERBS, MEASURES, QUESTION_END as _END, SUPERLATIVES,
                                       column_named, label_column, measured, numeric_columns, said_as)
from llorch.tools.tablereading import Table, column_key

__all__ = ["MAX_WORDS", "MIN_WORDS", "WHO_ASKED", "adjective_call", "listed_call", "value_call", "who_call"]

MAX_WORDS = (r"(?:maximum|max|highest|largest|biggest|greatest|most|longest|fullest|heaviest|top|slowest|warmest|"
             r"hottest|wettest|rainiest|snowiest|windiest|sunniest)")
MIN_WORDS = (r"(?:minimum|min|lowest|smallest|least|fewest|shortest|emptiest|lightest|fastest|quickest|coldest|"
             r"coolest|driest)")
# How far: "Who ran the farthest?" of runner,km (no tool took it; a distance's most or least, never an age's)
_FAR = r"(?:farthest|furthest|most\s+far)"
_NEAR = r"(?:least\s+far|nearest|closest)"
_PAID = r"(?:earns|earned|makes|made|is\s+earning|(?:is|was|gets|got|are|were)\s+paid)"
# Verbs of a way gone, said of a distance column alone ("Who walked the least?" of name,km; not of name,steps)
_WENT = r"walked|cycled|biked|rode|hiked|jogged|swam|rowed|flew|skated|skied|travell?ed"
# A superlative of a person or a thing ("the oldest": the largest age; tablecolumns.py's SUPERLATIVES)
_ADJ = r"(?P<adj>" + said_as(SUPERLATIVES) + ")"
_THING = r"(?P<noun>[a-z]+(?:\s+[a-z]+)?)"
_OF_THEM = r"(?:\s+(?:of\s+(?:them|us|all|these|those|the\s+[a-z]+|these\s+[a-z]+)(?:\s+all)?|here|in\s+the\s+list))?"
# The nouns a superlative may be said of besides the table's own name for its rows ("the cheapest product")
_ROW_NOUNS = frozenset({"one", "person", "people", "user", "employee", "member", "student", "customer", "client",
                        "player", "worker", "item", "product", "thing", "row", "entry", "record", "kid", "child",
                        "patient", "candidate", "athlete", "guy", "man", "woman", "staff", "participant", "option",
                        "team", "store", "shop", "branch", "region"})
# The words of a question whose last word is a cell ("How many of the jobs have failed?"): what the rows are (one or
# two words, no verb's), the verb before the cell, the cell
_NOT_NOUN = (r"(?!(?:are|were|is|was|have|has|had|been|got|did|do|does|of|the|these|those|them|still|currently|now|"
             r"already)\b)")
_NOUN = _NOT_NOUN + r"[a-z]+(?:\s+" + _NOT_NOUN + r"[a-z]+)?"
_ROWS_SAID = (r"(?:\s+of\s+(?:them|these|those)|\s+(?:of\s+)?(?:(?:the|these|those|my|our|your)\s+)?(?P<noun>" + _NOUN
              + "))")
_WHOSE = _ROWS_SAID + "?"
_BEING = (r"(?:(?:are|were|is|was|have|has|had|got)\s+(?:been\s+)?)?(?:(?:still|currently|now|already)\s+)?")
_VALUE = r"(?P<value>[^\W\d_][\w-]{0,39})"
WHO_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "Who earns the most?", "Who has the highest salary?", "Who scored highest?", "Which team scored the most?",
    # "Who ran the farthest?" (a distance column's: who_call)
    ("who", re.compile(LEAD + r"(?:who|(?:which|what)\s+" + _THING + r")\s+(?P<verb>" + _PAID + r"|has|had|have|scored|sold|sells|got|gets|worked|works|logged|"
                       r"did|completed|closed|ran|drove|spent|" + _WENT + r")\s+"
                       r"(?:the\s+)?(?P<dir>" + _FAR + "|" + _NEAR + "|" + MAX_WORDS + "|" + MIN_WORDS + r")"
                       r"(?:\s+(?:amount\s+of\s+|number\s+of\s+)?(?P<col>[\w%$./ -]+?))?" + _END, re.IGNORECASE)),
    # "In which month were sales lowest?", "On which day were visits highest?", "Which day were sales the lowest?": the
    # rows' noun and the column both the table's own (who_call's `rows`)
    ("who", re.compile(LEAD + r"(?:(?:in|on|during|for|at)\s+)?(?:which|what)\s+(?P<rows>[a-z]+(?:\s+[a-z]+)?)\s+"
                       r"(?P<verb>were|was|are|is)\s+(?:the\s+)?(?P<col>[\w%$./-]+(?:\s+[\w%$./-]+)?)\s+(?:the\s+)?"
                       r"(?P<dir>" + MAX_WORDS + "|" + MIN_WORDS + r")" + _END, re.IGNORECASE)),
    ("who", re.compile(LEAD + r"who(?:'s|\s+is|\s+was)\s+(?:the\s+)?(?P<dir>highest|lowest|best|worst|top)[\s-]+"
                       r"(?P<verb>paid|earner)(?:\s+(?:one|person|employee|member|worker|of\s+(?:them|all)))?" + _END,
                       re.IGNORECASE)),
    # "Who is the oldest?", "Which product is the most expensive?", "What's the cheapest item?"
    ("adjective", re.compile(LEAD + r"who(?:'s|\s+is|\s+was|\s+are)\s+(?:the\s+)?" + _ADJ + r"(?:\s+" + _THING + ")?"
                             + _OF_THEM + _END, re.IGNORECASE)),
    ("adjective", re.compile(LEAD + r"(?:which|what)(?:\s+" + _THING + r")?\s+(?:is|was|are)\s+(?:the\s+)?" + _ADJ
                             + r"(?:\s+one)?" + _OF_THEM + _END, re.IGNORECASE)),
    ("adjective", re.compile(LEAD + r"(?:(?:which|what)(?:'s|\s+is|\s+was)|find|show\s+me|tell\s+me|give\s+me|name)\s+"
                             r"(?:the\s+)?" + _ADJ + r"(?:\s+" + _THING + ")?" + _OF_THEM + _END, re.IGNORECASE)),
    # the rows a comparison kept: "Which users (are older than 30)?", "List the names of the users", "How many?"
    ("list", re.compile(LEAD + r"(?:which|what)\s+" + _THING + r"(?:\s+(?:are\s+there|do\s+we\s+have))?" + _END,
                        re.IGNORECASE)),
    ("list", re.compile(LEAD + r"who(?:\s+(?:are\s+they|is\s+it))?" + _END, re.IGNORECASE)),
    ("list", re.compile(LEAD + r"(?:list|show|name|give|tell|find|get)(?:\s+me)?\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?"
                        r"(?:(?P<col>[a-z]+)\s+of\s+(?:all\s+)?(?:the\s+|these\s+)?)?" + _THING + "?" + _END,
                        re.IGNORECASE)),
    ("howmany", re.compile(LEAD + r"how\s+many(?:\s+" + _THING + r")?(?:\s+(?:are\s+there|do\s+we\s+have|there\s+are))?"
                           + _END, re.IGNORECASE)),
    # the rows whose one column of labels has the question's last word ("How many jobs failed?", the 1.5B named lint,
    # ok, for docs; "Which tasks are still open?", "Who is absent?"): value_call
    ("valuecount", re.compile(LEAD + r"how\s+many" + _WHOSE + r"\s+" + _BEING + _VALUE + _END, re.IGNORECASE)),
    ("valuecount", re.compile(LEAD + r"how\s+many\s+" + _VALUE + r"\s+(?P<noun>" + _NOUN + r")(?:\s+(?:are|were)\s+"
                              r"there|\s+do\s+(?:we|i|you)\s+have|\s+there\s+are)?" + _END, re.IGNORECASE)),
    ("valuelist", re.compile(LEAD + r"which" + _WHOSE + r"\s+" + _BEING + _VALUE + _END, re.IGNORECASE)),
    # ("What failed?", "What tasks are done?"; not "What is pending?", which may ask what the word means)
    ("valuelist", re.compile(LEAD + r"what(?:" + _ROWS_SAID + r"\s+" + _BEING + r"|\s+)" + _VALUE + _END,
                             re.IGNORECASE)),
    ("valuelist", re.compile(LEAD + r"who\s+" + _BEING + _VALUE + _END, re.IGNORECASE)),
    ("valuelist", re.compile(LEAD + r"(?:(?:which|what)\s+(?:are|were)|list|show|name|give|tell|find|get)(?:\s+me)?"
                             r"(?:\s+all)?(?:\s+of)?\s+the\s+" + _VALUE + r"\s+(?P<noun>" + _NOUN + ")" + _END,
                             re.IGNORECASE)),
)
_MONEY = re.compile(r"salar\w*|wages?|pay|paid|payroll|income|earnings?|earned|compensation|comp", re.IGNORECASE)
# A pay that is a rate ("pay_rate" by "hours", "monthly_salary" by "months"): what one earned is a product
_RATE = re.compile(r"rate|hourly|hour|hr|daily|day|weekly|week|monthly|month|per|each|unit", re.IGNORECASE)
# Numbers beside a pay that add nothing to it ("salary,age"); any other (bonus, hours, commission) may
_NOT_PAY = re.compile(r"age|rating|score|level|grade|rank|height|weight|performance|perf|review", re.IGNORECASE)
_MONEY_WORDS = frozenset({"money", "cash", "pay", "salary", "income", "dollars"})
# Verbs that say what was done, counted in the column that measures them (MEASURES' verbs: "sold" a units_sold,
# "worked" hours) or else the table's one column of numbers: "Who sold the least?" of rep,sales (the 1.5B named one
# of two tied). Not "has", "got", "did": "Who has the most?" says no amount.
_DONE = re.compile(r"scored|sold|sells|worked|works|logged|completed|closed|ran|drove|spent", re.IGNORECASE)
# A distance's column, by the words of its name ("km", "distance_mi", "Distance (miles)"), and the words that say a
# time or a speed instead ("pace_min_per_km", "time_m": an m there may be minutes)
_DISTANCE = frozenset({"km", "kms", "kilometers", "kilometres", "miles", "mile", "mi", "distance", "dist", "meters",
                       "metres", "m"})
_NOT_DISTANCE = frozenset({"time", "min", "mins", "minutes", "h", "hr", "hrs", "hours", "s", "sec", "secs", "seconds",
                           "duration", "pace", "speed", "per", "avg", "average", "mean", "max", "rank", "id", "height",
                           "elevation", "altitude", "depth", "width", "tall", "length", "size"})
_DISTANCE_WORDS = frozenset({"distance", "distances", "way"})  # ("Who ran the longest distance?")
_SPEED = re.compile(r"fastest|quickest|slowest", re.IGNORECASE)  # (a time's: "Who ran the fastest?" is no km's)


def who_call(table: Table, groups: Mapping[str, Any], col_words: str | None, text: str) -> dict[str, Any] | None:
    """"Who earns the most?" (or "Which employee …": a noun for the table's rows): the money column (salary, pay, wage, income), else the one column of numbers; "Who
    scored highest?": the score (score, points, marks), else the one column of numbers; "Who has the highest
    score?": the column named."""
    noun = (groups.get("noun") or "").lower()
    if noun and not _a_row(table, noun):
        return None  # ("Which month had the most?" of a table whose rows are no months)
    rows = groups.get("rows")
    if rows and not _names_rows(table, rows):
        return None  # ("In which region were sales highest?" of a table of months)
    direction = " ".join(groups["dir"].lower().split())
    kind = "min" if re.fullmatch(MIN_WORDS + "|" + _NEAR, direction) or direction == "worst" else "max"
    verb = groups["verb"].lower()
    if _SPEED.fullmatch(direction) and re.fullmatch(_WENT, verb):
        return None  # ("Who swam the fastest?" of swimmer,m: the fewest metres is no speed)
    if re.fullmatch(_FAR + "|" + _NEAR, direction) or re.fullmatch(_WENT, verb) \
            or (col_words or "").lower() in _DISTANCE_WORDS:  # (how far: a distance column's, or none)
        column = _distance(table, col_words)
        return {"action": kind, "column": column, "text": text} if column is not None else None
    paid = re.fullmatch(_PAID + "|paid|earner", groups["verb"], re.IGNORECASE) is not None
    column = column_named(table, col_words, numeric=True) if col_words else None
    numbers = [c for c in numeric_columns(table) if not LABEL_NUMBERS.fullmatch(c.strip().lower())]
    if column is None and paid and (col_words is None or col_words.lower() in _MONEY_WORDS):
        money = [c for c in numbers if any(_MONEY.fullmatch(w) for w in _words(c))]
        others = [c for c in numbers if c not in money]
        if len(numbers) == 1 and not any(_RATE.fullmatch(w) for w in _words(numbers[0])):
            column = numbers[0]
        elif len(money) == 1 and not any(_RATE.fullmatch(w) for w in _words(money[0])) \
                and all(_words(c) and all(_NOT_PAY.fullmatch(w) for w in _words(c)) for c in others):
            column = money[0]  # ("salary,age"; not "salary,bonus": who earns the most is their sum's)
    if column is None and col_words is None and _DONE.fullmatch(verb):  # ("Who scored highest?", the 1.5B: none
        measure = MEASURE_VERBS.get(verb)  # named; "Who sold the least?")
        column = (measured(table, measure) if measure else None) or (
            numbers[0] if len(numbers) == 1 and _counts(numbers[0], verb, measure) else None)
    if column is None or _SPEED.fullmatch(direction) and _a_distance(column):
        return None  # ("Who ran the fastest?" of runner,km: the least km is no speed)
    return {"action": kind, "column": column, "text": text}


def _distance(table: Table, col_words: str | None) -> str | None:
    """The column a how-far question is of: the one named, when it is a distance ("Who ran the most km?"), else the
    table's one column of numbers whose name says a distance (km, miles, distance, meters); None when there is no
    such column or two ("Who ran the farthest?" of name,age is no age's)."""
    if col_words and col_words.lower() not in _DISTANCE_WORDS:
        named = column_named(table, col_words, numeric=True)
        return named if named is not None and _a_distance(named) else None
    found = [c for c in numeric_columns(table) if _a_distance(c)]
    return found[0] if len(found) == 1 else None


def _a_distance(column: str) -> bool:
    """Whether a column's name says a distance ("km", "distance_mi"; not "pace_min_per_km" nor an id)."""
    said = {w.lower() for w in _words(column)}
    return bool(said & _DISTANCE) and not said & _NOT_DISTANCE and not LABEL_NUMBERS.fullmatch(column.strip().lower())


def _words(column: str) -> list[str]:
    return [w for w in re.split(r"[^a-zA-Z]+", column) if w]


# What a verb with a measure counts, said as a column ("Who sold the least?" of rep,sales): its one column of numbers
# is taken only under one of these names ("Which product sold the most?" of product,stock is no stock question)
_DONE_COLUMNS = {"sold": {"sales", "sale", "units", "unit", "revenue", "quantity", "qty", "volume", "sold"},
                 "hours": {"hours", "hrs", "hour", "shifts", "days", "time"}}


def _counts(column: str, verb: str, measure: str | None) -> bool:
    """Whether the table's one column of numbers is what `verb` counts: one named for it for a verb with such names
    (sales for "sold"), else any that says no other measure ("Who scored the most?" of player,age: not the age; "Who
    ran the most?" of name,age)."""
    if measure is not None and measure in _DONE_COLUMNS:
        return bool({w.lower() for w in _words(column)} & _DONE_COLUMNS[measure])
    return not _measures_else(column, measure)


def _measures_else(column: str, measure: str | None) -> bool:
    """Whether a column's name says a measure other than `measure` ("Which product sold the most?" of product,price:
    not the price)."""
    said = {w.lower() for w in _words(column)}
    return any(said & set(m.columns) for name, m in MEASURES.items() if name != measure)


def adjective_call(table: Table, groups: Mapping[str, Any], text: str) -> dict[str, Any] | None:
    """"Who is the oldest?": the largest of the one age column; "the cheapest item": the smallest price. None when
    the noun is no row's ("the oldest date": not the age) or the table has no one column of that measure."""
    measure, kind = SUPERLATIVES[" ".join(groups["adj"].lower().split())]
    noun = (groups.get("noun") or "").lower()
    if noun and not _a_row(table, noun):
        return None
    column = measured(table, measure)
    return {"action": kind, "column": column, "text": text} if column is not None else None


def _a_row(table: Table, noun: str) -> bool:
    """Whether a noun names a table's rows: a word for one ("person", "item"), or the table's name column's own
    ("product" of a "product" column)."""
    words = noun.split()
    singular = words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 3 else words[-1]
    label = label_column(table)
    return singular in _ROW_NOUNS or words[-1] in _ROW_NOUNS or (
        label is not None and column_named(table, noun, numeric=False) == label)


def _names_rows(table: Table, noun: str) -> bool:
    """Whether a noun is the column of the table that names its rows ("month" of month,sales; not an amount's, nor
    "region" of month,region,sales: the largest row is one month's, and a region's is its rows' total)."""
    column = column_named(table, noun, numeric=False)
    return column is not None and column == label_column(table)  # (a column of text: label_column takes no other)


def listed_call(action: str, table: Table, groups: Mapping[str, Any], text: str) -> dict[str, Any] | None:
    """The rows a comparison kept, named ("list") or counted ("howmany"), each by the column asked for ("the names
    of"), the column the noun is ("Which products": product), else the table's name column."""
    col_words, noun = groups.get("col"), groups.get("noun")
    if col_words:
        column = column_named(table, col_words, numeric=False)
        if column is None or column in numeric_columns(table):
            return None  # ("List the ages of ...": the names are what the list is of)
    else:
        named = column_named(table, noun, numeric=False) if noun else None
        column = named if named is not None and named not in numeric_columns(table) else label_column(table)
    if column is None:
        return None
    return {"action": "count" if action == "howmany" else "list", "column": column, "text": text}


# A column of labels by its name ("status", "job_state", "attendance"): its cells may be as many as its rows
_STATUS_WORDS = frozenset({"status", "state", "result", "results", "outcome", "attendance", "stage", "phase", "health",
                           "verdict", "conclusion", "resolution", "availability", "condition", "progress"})
# Nouns that are no rows a label is said of ("How many hours failed?", "How many times failed?")
_NOT_ROWS = frozenset({"time", "times", "hour", "hours", "minute", "minutes", "second", "seconds", "dollar", "dollars",
                       "percent", "euro", "euros", "status", "statuses", "state", "states", "value", "values",
                       "column", "columns", "total", "number", "numbers"})
_GENERIC_ROWS = frozenset({"ones", "rows", "entries", "records", "items", "people", "persons", "them", "these", "those",
                           "lines", "things", "cases"})


def value_call(action: str, table: Table | None, groups: Mapping[str, Any], text: str) -> dict[str, Any] | None:
    """"How many jobs failed?" (`valuecount`): the rows whose one column of labels (a status's: few cells, each
    repeated, or a column named so) has the question's last word, as written or as its verb ("failed" of "fail"),
    counted; "Which jobs failed?", "Who is absent?" (`valuelist`): those rows named. None when the word is a cell of
    no column or of two, names a column ("How many jobs failed?" of job,failed: a number's), or the rows' noun is no
    row's ("How many hours failed?")."""
    if table is None:
        return None
    word = groups["value"]
    forms = _forms(word)
    holding = {(c, str(r.get(c)).strip()) for c in table.columns for r in table.rows
               if _is_form(str(r.get(c)).strip().casefold(), forms)}
    columns = {c for c, _ in holding}
    if len(columns) != 1 or len({v.casefold() for _, v in holding}) != 1:
        return None  # (a cell of two columns, or two cells of one: "fail" and "failed")
    column, cell = next(iter(holding))
    if not _labels(table, column) or any(column_key(c) in {column_key(f) for f in forms} for c in table.columns) \
            or column_named(table, word, numeric=True) is not None:
        return None
    noun = " ".join((groups.get("noun") or "").lower().split())
    named = _rows_named(table, noun, column) if noun else None
    if noun and named is None:
        return None
    if action == "valuecount":
        return {"action": "count", "column": column, "value": cell, "text": text}
    texts = [c for c in table.columns if c != column and c not in numeric_columns(table)]
    label = named if named else label_column(table)
    if label is None or label == column:
        label = texts[0] if texts else None
    return {"action": "list", "column": label, "where": f"{column}={cell}", "text": text} if label else None


def _forms(word: str) -> set[str]:
    """A word and, when it is a verb's past, the verb: "failed", "fail"; "closed", "close"; "cancelled", "cancel"."""
    w = word.casefold()
    forms = {w}
    if w.endswith("ed") and len(w) > 4:
        forms |= {w[:-2], w[:-1]}
        if w[-3] == w[-4]:
            forms.add(w[:-3])
    return forms


def _is_form(cell: str, forms: set[str]) -> bool:
    """Whether a cell (casefolded) is one of a word's forms, or the word one of the cell's ("FAILED" for "fail")."""
    return bool(cell) and (cell in forms or bool(_forms(cell) & forms))


def _labels(table: Table, column: str) -> bool:
    """Whether a column holds labels, not names nor free text nor numbers: short cells, few and repeated (at most
    half the rows, rounded up, and fewer than the rows), or any number of them under a status's name."""
    if column in numeric_columns(table):
        return False
    cells = [str(r.get(column)).strip() for r in table.rows]
    if any(len(c) > 30 or len(c.split()) > 3 for c in cells):
        return False
    distinct = {c.casefold() for c in cells if c}
    if {w.lower() for w in _words(column)} & _STATUS_WORDS:
        return True
    return len(distinct) <= 12 and len(distinct) < len(cells) and 2 * len(distinct) <= len(cells) + 1


def _rows_named(table: Table, noun: str, column: str) -> str | None:
    """What a question's noun for the rows says of a table: the text column it names ("jobs": job), "" when it names
    none but may be the rows ("servers", "ones"), None when it is no rows' ("hours", the labels' own column, a
    cell of the table: "How many builds failed?" of a build row is no count of rows)."""
    last = noun.split()[-1]
    singular = last[:-1] if last.endswith("s") and len(last) > 3 else last
    if last in _NOT_ROWS or singular in _NOT_ROWS:
        return None
    if last in _GENERIC_ROWS or last in _ROW_NOUNS or singular in _ROW_NOUNS:
        return ""
    if any(str(r.get(c)).strip().casefold() in (noun, last, singular) for c in table.columns for r in table.rows):
        return None
    named = column_named(table, noun, numeric=False)
    if named is None:
        return ""
    if named == column or named in numeric_columns(table) and not LABEL_NUMBERS.fullmatch(named.strip().lower()):
        return None
    return named
