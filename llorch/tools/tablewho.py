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
from llorch.tools.tablereading import Table, column_key, name_column, one_cell

__all__ = ["MAX_WORDS", "MIN_WORDS", "WHO_ASKED", "adjective_call", "grouped_extreme", "listed_call", "value_call",
           "who_call"]

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
# The words of a question whose last word is a cell ("How many of the jobs have failed?"): what the rows are (one
# word: "How many Ann tasks are open?" is no count of all the open ones), the verb before the cell (only these: "Which
# jobs never failed?" is no list of the failed ones), the cell. The noun is no verb's, nor a negation's or an
# adverb's ("How many never failed?", "Which previously failed?"), nor a word for some of the rows ("other", "more")
_NOT_NOUN = (r"(?!(?:are|were|is|was|have|has|had|been|got|did|do|does|of|the|these|those|them|still|currently|now|"
             r"already|not|never|no|none|nothing|ever|almost|nearly|just|also|first|last|once|twice|again|other|others|"
             r"more|most|less|fewer|all|both|each|every|some|any|many|few|[a-z]+ly)\b)")
_NOUN = _NOT_NOUN + r"[a-z]+"
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
                       r"(?:the\s+)?(?P<dir>" + _FAR + "|" + _NEAR + "|" + MAX_WORDS + "|" + MIN_WORDS + r"|best|worst)"
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
    ("valuelist", re.compile(LEAD + r"(?P<who>who)\s+" + _BEING + _VALUE + _END, re.IGNORECASE)),
    ("valuelist", re.compile(LEAD + r"(?:(?:which|what)\s+(?:are|were)|list|show|name|give|tell|find|get)(?:\s+me)?"
                             r"(?:\s+all)?(?:\s+of)?(?:\s+the\s+names\s+of(?:\s+all)?)?\s+the\s+" + _VALUE + r"\s+(?P<noun>" + _NOUN + ")" + _END,
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
    """"Who earns the most?" (or "Which employee …": a noun for the table's rows): the money column (salary, pay,
    wage, income), else the one column of numbers; "Who scored highest?": the score (score, points, marks), else the
    one column of numbers; "Who has the highest score?": the column named. Where two rows name one person, each
    person's total, asked so, else None (grouped_extreme)."""
    call = _who_call(table, groups, col_words, text)
    if call is None:
        return None
    people = _people(table, call["column"])  # (not label_column's "date" of date,rep,sales)
    return grouped_extreme(table, people or label_column(table), call, col_words, whose=people is not None)


def _who_call(table: Table, groups: Mapping[str, Any], col_words: str | None, text: str) -> dict[str, Any] | None:
    noun = (groups.get("noun") or "").lower()
    if noun and not _a_row(table, noun):
        return None  # ("Which month had the most?" of a table whose rows are no months)
    rows = groups.get("rows")
    if rows and not _names_rows(table, rows):
        return None  # ("In which region were sales highest?" of a table of months)
    direction = " ".join(groups["dir"].lower().split())
    if direction in ("best", "worst") and (not _SCORED.search(col_words or "") or _LOW_BEST.search(col_words or "")):
        return None  # ("Who has the best time?", "the best golf score": their best is the least)
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


# A score's words, whose best is the most ("Who has the best art score?", the 1.5B named Yuki, 74, for Ines, 91)
_SCORED = re.compile(r"\b(?:scores?|marks?|points)\b", re.IGNORECASE)
_LOW_BEST = re.compile(r"\b(?:golf|against|handicap|strokes?|penalt\w*|errors?|faults?|time|rank\w*|place)\b",
                       re.IGNORECASE)
# A column's words that ask for each group's total ("the highest total sales", "the most sales overall")
_TOTALLED = re.compile(r"\b(?:total|totals|overall|combined|altogether|cumulative|in\s+all|all\s+together)\b",
                       re.IGNORECASE)
# A column whose rows' sum is no total of anything: a level, a rate or a unit's price ("the highest total price" of
# product,price,qty is price × qty's; a stock's prices or a city's temperatures summed are nothing)
_LEVELS = frozenset({"price", "prices", "rate", "rates", "temp", "temperature", "temperatures", "rating", "ratings",
                     "balance", "balances", "population", "age", "ages", "percent", "pct", "percentage", "avg",
                     "average", "mean", "median", "speed", "pace", "level", "ratio", "share", "density", "unit"})


def grouped_extreme(table: Table, label: str | None, call: dict[str, Any], col_words: str | None, *,
                    whose: bool = True) -> dict[str, Any] | None:
    """A max or min call whose rows are named by `label`, where two rows have one name ("Which region has the highest
    total sales?" of region,sales with north three times: the largest row is south's 340, the largest total north's
    375): each group's total (`by`) where the question says total and the column adds up, else None, for it may ask
    either. The call as it is where every row's name is its own; None where names differ only by case ("North",
    "north": one or two?) or a row has none, or, `whose` false, where the rows name no one the question asks of."""
    if label is None or label not in table.columns or call["column"] == label:
        return call
    names = [str(r.get(label) or "").strip() for r in table.rows]
    folded = {n.casefold() for n in names}
    if len(folded) == len(names):
        return call
    if "" in names or len(folded) < len(set(names)) or not whose:
        return None
    if col_words and _TOTALLED.search(col_words) and call["action"] in ("max", "min") \
            and not {w.lower() for w in _words(call["column"])} & _LEVELS:
        return {"action": "sum", "column": call["column"], "by": label,
                "rank": "largest" if call["action"] == "max" else "smallest", "text": call["text"]}
    return None


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
    last = noun.split()[-1]
    label = label_column(table)
    return _singular(last) in _ROW_NOUNS or last in _ROW_NOUNS or (
        label is not None and column_named(table, noun, numeric=False) == label)


def _singular(word: str) -> str:
    """A word without a plural's s ("jobs": job; not "bus"'s, "gas"'s)."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


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
# Nouns that are no rows a label is said of ("How many hours failed?", "How many times failed?"; "How many lines
# failed?", "How many words are ok?": the count tool's, of the text)
_NOT_ROWS = frozenset({"time", "times", "hour", "hours", "minute", "minutes", "second", "seconds", "dollar", "dollars",
                       "percent", "euro", "euros", "status", "statuses", "state", "states", "value", "values",
                       "column", "columns", "total", "number", "numbers", "line", "lines", "word", "words",
                       "character", "characters", "letter", "letters", "mention", "mentions"})
_GENERIC_ROWS = frozenset({"ones", "rows", "entries", "records", "items", "people", "persons", "them", "these", "those",
                           "things", "cases"})
# The verbs a status may be written as, bare, for its past ("fail" for "failed"; "FAILED" for "fail"): these only
# ("How many tickets were opened?" is no count of the open ones)
_PASTS = {"fail": ("failed",), "pass": ("passed",), "skip": ("skipped",), "cancel": ("cancelled", "canceled"),
          "abort": ("aborted",), "complete": ("completed",), "finish": ("finished",), "succeed": ("succeeded",),
          "reject": ("rejected",), "approve": ("approved",), "accept": ("accepted",), "deliver": ("delivered",),
          "ship": ("shipped",), "error": ("errored",)}
# A column of a person's name: "Who is absent?" names people, not the tickets nor the tasks they have
_PERSON_WORDS = frozenset({"name", "person", "people", "employee", "staff", "student", "user", "username", "member",
                           "owner", "assignee", "attendee", "player", "customer", "worker", "author"})
_NAME_PARTS = frozenset({"first", "last", "full", "given", "family"})  # ("first_name", "full name")
# A column of when a row was ("date", "day", "run_time"): a table of one thing on many days
_WHEN_WORDS = frozenset({"date", "dates", "day", "days", "time", "week", "weeks", "month", "months", "timestamp",
                         "datetime"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def value_call(action: str, table: Table | None, groups: Mapping[str, Any], text: str) -> dict[str, Any] | None:
    """"How many jobs failed?" (`valuecount`): the rows whose one column of labels (a status's: short cells, some
    repeated, or a column named so) has the question's last word, as written or as a verb's past for its bare
    verb ("failed" of "fail", _PASTS), counted; "Which jobs failed?", "Who is absent?" (`valuelist`): those rows
    named, a who's by its one column of people. None when the word is a cell of no column or of two, the column's
    cells are another's too ("status" and "previous_status"), the word names a column ("How many jobs failed?" of
    job,failed: a number's), or the rows' noun is no row's ("How many hours failed?"); and when the rows kept are of
    one thing twice (a job's two runs, a person on two days: their column's cell repeated), or a table of days has
    no column that names its rows."""
    if table is None:
        return None
    word = groups["value"]
    forms = _forms(word)
    flag = _flag(table, word)
    found = flag or one_cell(table, lambda cell: cell.casefold() in forms, table.columns)
    if found is None:
        return None  # (a cell of two columns, or two cells of one: "fail" and "failed")
    column, cell = found
    if flag is None and (not _labels(table, column) or _shares_cells(table, column)
                         or _near_cells(table, column, cell)
                         or any(column_key(c) in {column_key(f) for f in forms} for c in table.columns)
                         or column_named(table, word, numeric=True) is not None):
        return None
    noun = (groups.get("noun") or "").lower()
    named = _rows_named(table, noun, column) if noun else ""
    if named is None:
        return None
    naming = named or (_people(table, column) if groups.get("who") else _naming(table, column))
    kept = [r for r in table.rows if str(r.get(column)).strip().casefold() == cell.casefold()]
    if naming is None and (groups.get("who") or action == "valuelist" or _dated(table)):
        return None  # (nothing to name the rows by; or a table of days, whose rows may be one thing's many days)
    if naming is not None and _repeated([str(r.get(naming)).strip().casefold() for r in kept]):
        return None  # ("How many jobs failed?" of runs, build's two: 3 rows, 2 jobs)
    if naming is not None and _dated(table) and _repeated([str(r.get(naming)).strip().casefold() for r in table.rows]):
        return None  # ("Who is absent?" of two days: Bob on the first, Ann on the second; which day is asked?)
    if action == "valuecount":
        return {"action": "count", "column": column, "value": cell, "text": text}
    return {"action": "list", "column": naming, "where": f"{column}={cell}", "text": text}


_NOT_FLAG = re.compile(r"(?:in|un|non-?)(?P<flag>[a-z]{3,})", re.IGNORECASE)


def _flag(table: Table, word: str) -> tuple[str, str] | None:
    """A column of true and false (JSON's booleans, or "true"/"false", "yes"/"no" cells) that `word` names, as its
    name or with "is_"/"has_" ("active", "is_active"; "paid", "has_paid"), and the cell of the rows it asks for:
    true's, or false's for the word with "in", "un" or "non" before the name ("inactive", "unpaid"). None when no
    column or two are named so, or a cell of it is neither."""
    negated = _NOT_FLAG.fullmatch(word)
    keys = {column_key(word): True, **({column_key(negated.group("flag")): False} if negated else {})}
    named = [(c, keys[k]) for c in table.columns for k in (column_key(re.sub(r"^(?:is|has)_", "", c)),)
             if k in keys and _flag_cells(table, c) is not None]
    if len(named) != 1 or any(str(r.get(c)).strip().casefold() in _forms(word) for r in table.rows
                              for c in table.columns):
        return None  # (two such columns; or the word a cell too, "active" of a status column: which is asked?)
    column, truth = named[0]
    yes = _flag_cells(table, column) or "true"
    return column, (yes if truth else {"true": "false", "yes": "no"}[yes])


def _flag_cells(table: Table, column: str) -> str | None:
    """"true" when every cell of a column is true or false (a JSON boolean, or written so), "yes" when each is yes
    or no; else None."""
    cells = {str(r.get(column)).strip().casefold() for r in table.rows}
    return "true" if cells and cells <= {"true", "false"} else "yes" if cells and cells <= {"yes", "no"} else None


def _forms(word: str) -> set[str]:
    """A word (casefolded) and the cells it may be written as: a past's bare verb and a bare verb's past ("failed",
    "fail"; "cancel", "cancelled", "canceled")."""
    w = word.casefold()
    return {w} | {past for verb, pasts in _PASTS.items() if verb == w for past in pasts} \
        | {verb for verb, pasts in _PASTS.items() if w in pasts}


def _labels(table: Table, column: str) -> bool:
    """Whether a column holds labels, not names nor free text nor numbers: short cells (30 characters, three words at
    most), and under a status's name any number of them, else at most 12 distinct, fewer than the rows and at most
    about half of them (half the rows, rounded up: some cell repeats, not each)."""
    if column in numeric_columns(table):
        return False
    cells = [str(r.get(column)).strip() for r in table.rows]
    if any(len(c) > 30 or len(c.split()) > 3 for c in cells):
        return False
    distinct = {c.casefold() for c in cells if c}
    if {w.lower() for w in _words(column)} & _STATUS_WORDS:
        return True
    return len(distinct) <= 12 and len(distinct) < len(cells) and 2 * len(distinct) <= len(cells) + 1


def _near_cells(table: Table, column: str, cell: str) -> bool:
    """Whether another cell of `column` holds the matched cell's word and more ("failed (flaky)", "reopened", "up
    (degraded)" beside "failed", "open", "up"): rows the asker may count too, which an exact match leaves out."""
    word = cell.casefold()
    return any(word in other and other != word for other in {str(r.get(column)).strip().casefold() for r in table.rows})


def _shares_cells(table: Table, column: str) -> bool:
    """Whether another column of text has a cell of `column`'s (case aside): two columns of the same labels
    ("status", "previous_status"), and which one a question means is unknown."""
    numbers = set(numeric_columns(table))
    cells = {str(r.get(column)).strip().casefold() for r in table.rows} - {""}
    return any(str(r.get(c)).strip().casefold() in cells for c in table.columns if c != column and c not in numbers
               for r in table.rows)


def _rows_named(table: Table, noun: str, column: str) -> str | None:
    """What a question's one word for the rows says of a table: the text column it names ("jobs": job), "" when it
    names none but may be the rows ("servers", "ones", "people"), None when it is no rows' ("hours", "lines"), is
    the labels' own column, a column of numbers (an id's aside), or a cell of the table ("How many builds failed?"
    of a build row is no count of rows)."""
    singular = _singular(noun)
    if noun in _NOT_ROWS or singular in _NOT_ROWS:
        return None
    if noun in _GENERIC_ROWS or noun in _ROW_NOUNS or singular in _ROW_NOUNS:
        return ""
    if any(str(r.get(c)).strip().casefold() in (noun, singular) for c in table.columns for r in table.rows):
        return None
    named = column_named(table, noun, numeric=False)
    if named is None:
        return ""
    if named == column or named in numeric_columns(table) and not LABEL_NUMBERS.fullmatch(named.strip().lower()):
        return None
    return named


def _naming(table: Table, column: str) -> str | None:
    """The column of text that names a table's rows, besides the labels' `column` and a date's ("What failed?" of
    date,job,status: the jobs): a name-like one, else the first; None when there is none."""
    numbers = set(numeric_columns(table))
    texts = [c for c in table.columns if c != column and c not in numbers and not _a_date(table, c)]
    return name_column(texts) or next(iter(texts), None)


def _people(table: Table, column: str) -> str | None:
    """The column of people's names a who is answered by ("name", "assignee", "first_name"): the one such, or of
    several the one called "name" or "full_name"; None when the table has none (its rows are tasks, not people)."""
    found = [c for c in table.columns if c != column and _a_person(c)]
    if len(found) > 1:
        found = [c for c in found if column_key(c) in ("name", "fullname")]
    return found[0] if len(found) == 1 else None


def _a_person(column: str) -> bool:
    words = {w.lower() for w in _words(column)}
    return column_key(column) in _PERSON_WORDS | {"firstname", "lastname", "fullname"} \
        or bool(words & _PERSON_WORDS) and words <= _PERSON_WORDS | _NAME_PARTS


def _dated(table: Table) -> bool:
    """Whether a table has a column of dates or times (by its name, or its cells: "2026-12-01")."""
    return any(_a_date(table, c) for c in table.columns)


def _a_date(table: Table, column: str) -> bool:
    cells = [str(r.get(column)).strip() for r in table.rows]
    return bool({w.lower() for w in _words(column)} & _WHEN_WORDS) \
        or any(cells) and all(_ISO_DATE.match(c) for c in cells if c)


def _repeated(cells: list[str]) -> bool:
    """Whether a cell that is not blank is in `cells` twice."""
    written = [c for c in cells if c]
    return len(set(written)) != len(written)
