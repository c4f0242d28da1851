"""Questions about a table, recognised in a message: a column's total, average (median, standard deviation:
tablestats.py), largest or smallest value (and which row has it: "Who earns the most?", the 1.5B said Dan for Cara;
"Who is the oldest?": tablewho.py), the rows that have a value (asked by it too: "How many jobs failed?", "Which
tasks are done?", tablewho.py's), the most common value of a column (a log's lines counted by their address: "Which
IP made the most requests?", the 1.5B said 4 for 3; an access log's are the text tool's); over some rows only
("in Eng", "for the Sales team", "where dept is Eng": `where`; "older than 30", "with more than 3 orders": a
comparison, tablewhere.py's) or for each value of a column ("per department", "by dept", "for each team", "each
department's total": `by`); in a month of a column of dates ("How much did I spend on groceries in November?": `where`
"label=groceries, date=2026-11"); the rows a comparison keeps, named or counted ("Which users are older than 30?", the
1.5B named Ben, 27, and Dev, 30). A column's question may say whose rows it is of: "What's the average age of these
users?" (the 1.5B: 32.5, for 33) is the average age. Requests for the rows in order ("Sort these by age") are
tablesort.py's; a row's share of the total and the change from one row to another ("What percentage of total sales was
March?") tableshares.py's; revenue as price × qty ("Which product brought in the most revenue?") and the units of a
thing ordered ("How many pens were ordered in total?") tableproducts.py's; a total asked by its unit ("How many
calories in total?"), the disk space used or free, the line that costs the most and one row's number ("How many
commits did Bob make?") tabletotals.py's; a quotient's largest ("Which city has the highest population density?")
tableratios.py's.

`table_asked` reads a message that plainly asks such a thing of the table piped after it (or given after a colon),
so that it goes to the table tool before the model answers (exact.py, chat/conversation.py's exact step); a
question whose column is not in the table, or a text that is not one, is None and stays the model's. The table is
read by tablereading.py, its columns found by a question's words by tablecolumns.py; the call is answered by table.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llorch.tools.accesslogs import clients
from llorch.tools.asking import LEAD, asked_parts
from llorch.tools.holidayrules import MONTHS
from llorch.tools.table import addresses, times_asked
from llorch.tools.tablecolumns import LABEL_NUMBERS, QUESTION_END as _END, column_named, numeric_columns
from llorch.tools.tableproducts import Declined, revenue_asked, units_asked
from llorch.tools.tableratios import ratio_asked
from llorch.tools.tablerowtotals import row_total_asked
from llorch.tools.tablereading import (MAX_TEXT, Table, cell_is, column_key, labels_table, number, position,
                                       positional_table, read_table)
from llorch.tools.tableshares import shares_asked
from llorch.tools.tablesort import sort_asked
from llorch.tools.tablestats import STAT_WORDS, stat_action
from llorch.tools.tableunits import converted, mixed_money, signed_spending
from llorch.tools.tabletotals import totals_asked
from llorch.tools.tablewhere import Compared, compared_column, compared_tail
from llorch.tools.tablewho import (MAX_WORDS, MIN_WORDS, WHO_ASKED, adjective_call, grouped_extreme, listed_call,
                                  value_call, who_call)
from llorch.tools.timings import timed_lines

__all__ = ["table_asked"]

# "How many sales did each region make?" is "How many sales per region?"
_EACH_MADE = re.compile(r"^(?P<many>\s*how\s+many\s+[a-z]+(?:\s+[a-z]+)?)\s+(?:did|does|do|has|have|had)\s+(?:each|every)\s+"
                        r"(?P<by>[\w-]+)\s+(?:make|have|get|record|close|log|do|complete|handle|sell|win|take)"
                        r"(?=" + _END + ")", re.IGNORECASE)
# Words, and a column's words, that start and end in no space: before or after "\s+", "[\w ]+?" reads a run of
# spaces many ways (a 400-character question took seconds)
_WORDS = r"\w(?:[\w ]*?\w)?"
_PHRASE = r"[\w%$./-](?:[\w%$./ -]*?[\w%$./-])?"
_COL = r"(?P<col>" + _PHRASE + ")"
_NOUN = r"(?P<noun>[a-z]+(?:\s+[a-z]+)?)"  # what the rows are ("employees", "open tickets")
_VERB = (r"(?:is|was|has|had|have|uses|used|is\s+using|was\s+using|takes|took|is\s+taking|consumes|contains|got|"
         r"gets|scored|made|earned|earns|costs|sold)")
# What a log's line is, counted ("the most requests"): one line each. Not connections, attempts, lines, entries
# nor accesses, of which a line may be none ("10.0.0.5 disconnected") or a count of its own
_COUNTED = r"(?P<counted>(?:http\s+|api\s+|log\s+)?(?:requests|hits|calls|queries|visits))"
_COUNTED_WORDS = re.compile(_COUNTED, re.IGNORECASE)
# A column of addresses as a question names it (as column_key has them)
_ADDRESS_WORDS = ("ip", "ipaddress", "ips", "ipaddresses", "address", "addresses", "clientip")
# Words in a column's words that group or pick its rows ("the range of ages by dept", "… in each team")
_GROUP_WORDS = re.compile(r"\b(?:by|per|each|every|for|in|within|across|grouped|among|of|from|at|on)\b", re.IGNORECASE)
_ASKS = LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute|find)\s+)?(?:the\s+)?"
# "the difference between the highest and lowest price" (the 1.5B took 4.75 for the highest of 6.10): the largest
# less the smallest (its "between" is no row picked: asked apart from _ends)
_BETWEEN = re.compile(_ASKS + r"(?:difference|gap)\s+between\s+(?:the\s+)?(?:highest|largest|biggest|maximum|max|"
                      r"greatest)\s+and\s+(?:the\s+)?(?:lowest|smallest|minimum|min|least)\s+" + _COL
                      + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)
_ASKED: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sum", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+are)|give\s+me|tell\s+me|calculate|compute|show\s+me|find)\s+)?"
                       r"(?:the\s+|my\s+|our\s+)?(?:total|sum)\s+(?:of\s+)?(?:the\s+|all\s+(?:the\s+)?)?" + _COL
                       + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"(?:add\s+up|sum(?:\s+up)?|total)\s+(?:the\s+|all\s+(?:the\s+)?)?" + _COL
                       + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    # With no column named: the table's one column of amounts ("How much did I spend in total?")
    ("sum", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute)\s+)?"
                       r"(?:the\s+|my\s+|our\s+)?(?:total|sum|grand\s+total)" + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"how\s+much\s+(?:did\s+(?:i|we|you|they)\s+(?:spend|pay|earn|make|sell)(?:\s+(?:in\s+"
                       r"total|altogether|all\s+together|overall))?|(?:do\s+(?:i|we)\s+owe|is\s+(?:it|that|this|"
                       r"everything))\s+(?:in\s+total|altogether|all\s+together|overall))" + _END, re.IGNORECASE)),
    # "What did I spend in total?" (the 1.5B: $65.70 for 55.50)
    ("sum", re.compile(LEAD + r"what\s+did\s+(?:i|we|you|they)\s+(?:spend|pay|earn|make|sell)\s+(?:in\s+total|"
                       r"altogether|all\s+together|overall|in\s+all)" + _END, re.IGNORECASE)),
    ("sum", re.compile(LEAD + r"what\s+(?:do|does)\s+(?:these|they|this|it|the\s+\w+)\s+(?:all\s+)?add\s+up\s+to"
                       + _END, re.IGNORECASE)),
    # (and the median, the standard deviation: "What's the median salary?", tablestats.py)
    ("mean", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is)|give\s+me|tell\s+me|calculate|compute)\s+)?(?:the\s+)?"
                        r"(?:(?:class|overall)\s+)?(?P<stat>" + STAT_WORDS + ")" + _END, re.IGNORECASE)),
    ("mean", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was|\s+are|\s+were)|give\s+me|tell\s+me|calculate|compute|"
                        r"find)\s+)?(?:the\s+)?(?:(?:class|overall)\s+)?(?P<stat>" + STAT_WORDS + r")\s+(?:of\s+)?(?:the\s+|all\s+(?:the\s+)?)?"
                        + _COL + r"(?:\s+(?:column|values|field))?" + _END, re.IGNORECASE)),
    ("extreme", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was|\s+were)|give\s+me|tell\s+me|find|show\s+me)\s+)?"
                           r"(?:the\s+|my\s+|our\s+)?(?P<dir>" + MAX_WORDS + "|" + MIN_WORDS + r")\s+"
                           r"(?:(?:value\s+)?(?:of|in)\s+(?:the\s+)?)?" + _COL
                           + r"(?:\s*,?\s*and\s+(?:on\s+|in\s+|at\s+|for\s+|by\s+)?(?:which|what|whose)\s+"
                           r"(?P<also>[\w ]+?)(?:\s+(?:was|is|had|has|did)(?:\s+it)?)?)?" + _END,
                           re.IGNORECASE)),
    # the largest less the smallest: "What is the range of the price column?" (and _BETWEEN)
    ("range", re.compile(_ASKS + r"range\s+(?:of|in)\s+(?:the\s+|all\s+(?:the\s+)?)?" + _COL + r"(?:\s+(?:column|values|field))?"
                         + _END, re.IGNORECASE)),
    ("which", re.compile(LEAD + r"(?:which|what)\s+(?P<noun>[\w./-]+(?:\s+[\w./-]+)?)\s+" + _VERB
                         + r"\s+(?:up\s+)?(?:the\s+)?(?P<dir>" + MAX_WORDS + "|" + MIN_WORDS + r")"
                         + r"(?:\s+(?:amount\s+of\s+|number\s+of\s+)?" + _COL + r")?" + _END, re.IGNORECASE)),
    ("count", re.compile(LEAD + r"how\s+many\s+(?P<noun>" + _WORDS + r")\s+(?:(?:are|were|is)(?:\s+there)?|work|live|"
                         r"come)\s+(?:in|from|on|at|for)\s+(?:the\s+)?(?P<value>[\w.@:/-]+(?:\s+[\w.@:/-]+)?)" + _END,
                         re.IGNORECASE)),
    # the rows of a thing, their quantity: "How many pens were ordered in total?" (the sum of qty where item is pen)
    ("units", re.compile(LEAD + r"how\s+many\s+(?P<noun>[a-z]+)\s+(?:(?:were|was|have\s+been|had\s+been|got)\s+"
                         r"(?P<verb>[a-z]+)|did\s+(?:i|we|you|they|he|she)\s+(?P<base>[a-z]+))(?:\s+(?:in\s+total|"
                         r"altogether|all\s+together|overall|in\s+all))?" + _END, re.IGNORECASE)),
    ("count", re.compile(LEAD + r"how\s+many\s+(?P<noun>" + _WORDS + r")\s+(?:have|has|had)\s+(?:a\s+|an\s+|the\s+)?"
                         + _COL + r"\s+(?:of\s+)?(?P<value>[\w.@:/-]+)" + _END, re.IGNORECASE)),
    ("most", re.compile(LEAD + r"(?:which|what)\s+" + _COL + r"\s+(?:appears|occurs|shows\s+up|comes\s+up|is\s+seen|"
                        r"is\s+listed|repeats)\s+(?:the\s+)?most(?:\s+(?:often|frequently|times))?" + _END,
                        re.IGNORECASE)),
    ("most", re.compile(LEAD + r"(?:which|what)(?:'s|\s+is|\s+was)\s+(?:the\s+)?most\s+(?:common|frequent|repeated)\s+"
                        + _COL + _END, re.IGNORECASE)),
    # a log's lines counted as what its column did: "Which IP made the most requests?" (the 1.5B named the IP, with 4
    # requests for 3), "Which user had the most hits?"; not a table's with a column of numbers (_asked)
    ("most", re.compile(LEAD + r"(?:which|what)\s+" + _COL + r"\s+(?:made|makes|sent|sends|has|had|did|does|issued|"
                        r"generated|got|received)\s+(?:the\s+)?most\s+" + _COUNTED + _END, re.IGNORECASE)),
    ("most", re.compile(LEAD + r"(?:which|what)(?:'s|\s+is|\s+was)\s+the\s+" + _COL + r"\s+with\s+the\s+most\s+"
                        + _COUNTED + _END, re.IGNORECASE)),
    # the rows of each group, asked with `by` only ("How many employees are in each department?")
    ("rows", re.compile(LEAD + r"(?:how\s+many|count(?:\s+(?:the|all(?:\s+the)?))?|(?:what(?:'s|\s+is|\s+are)\s+)?"
                        r"(?:the\s+)?number\s+of)\s+" + _NOUN + r"(?:\s+(?:are|were|work|is)(?:\s+there)?|\s+do\s+"
                        r"(?:we|you|i)\s+have|\s+there\s+are)?" + _END, re.IGNORECASE)),
    *WHO_ASKED,  # (tablewho.py: "Who earns the most?", "Who is the oldest?", "Which users (are older than 30)?")
)
# A superlative that names its column by itself ("Which file is the largest?", "Which filesystem is the fullest?").
_ADJECTIVE_COLUMN = {"largest": "size", "biggest": "size", "smallest": "size", "heaviest": "size",
                     "fullest": "full", "emptiest": "full", "longest": "lines", "shortest": "lines",
                     "slowest": "time", "fastest": "time", "quickest": "time", "warmest": "temperature",
                     "hottest": "temperature", "coldest": "temperature", "coolest": "temperature",
                     "wettest": "rain", "rainiest": "rain", "driest": "rain", "snowiest": "snow", "windiest": "wind",
                     "sunniest": "sun"}  # ("Which month was the wettest?" of "Jan 78" lines: the 1.5B said June, the
                     # driest)


# Where an end starts: after a word, at its spaces, a comma perhaps between them. (Not "(?:\s*,\s+|\s+)" alone, searched
# anywhere: tried at each space of a run, and reading the run two ways, it took seconds on a run of 400.)
_BEFORE = r"(?<!\s)(?:\s*,)?\s+"
# The end of a question that picks its rows or groups them: "per department", "by dept", "for each team",
# ", broken down by department"; "in Eng", "for the Sales team", "from Acme"; "where dept is Eng"; and before the
# column, "each department's total salary".
_BY_TAIL = re.compile(_BEFORE + r"(?:per|by|(?:for|in|of|within|across)\s+(?:each|every)|grouped\s+by|"
                      r"broken\s+(?:down|out)\s+by|split\s+(?:up\s+)?by)\s+(?:the\s+)?"
                      r"(?P<by>[\w%$./-]+(?:\s+[\w%$./-]+)?)(?P<end>" + _END + ")", re.IGNORECASE)
_EACH_LEAD = re.compile(r"\b(?:the\s+)?(?:each|every)\s+(?P<by>[\w-]+)(?:'s|’s)\s+", re.IGNORECASE)
_WHERE_IS = re.compile(_BEFORE + r"(?:where|when|with)\s+(?:the\s+)?" + _COL + r"\s+"
                       r"(?:is|was|=|==|equals|of)\s+(?P<value>[\w.@&'/-]+(?:\s+[\w.@&'/-]+){0,2})"
                       r"(?P<end>" + _END + ")", re.IGNORECASE)
_WHERE_TAIL = re.compile(r"(?:" + _BEFORE + r"(?:in|for|among|from|within|at)|(?:(?<=spend)|(?<=spent)|(?<=\bpaid)|"
                         r"(?<=\bpay)|(?<=\bearn)|(?<=earned)|(?<=\bmake)|(?<=\bmade)|(?<=\bsell)|(?<=\bsold))\s+on)"
                         r"\s+(?:the\s+)?(?P<value>[\w.@&'/-]+(?:\s+(?!(?:in|on|for|from|at|among|within)\b)"
                         r"[\w.@&'/-]+){0,2})(?P<end>" + _END + ")", re.IGNORECASE)
# "of the ops department", "of the North region": a value and what it is (_ROW_NOUNS), after "of" (not "the total of
# salary", nor "the population of the largest city": a city is no cell)
_WHERE_OF = re.compile(_BEFORE + r"of\s+(?:the\s+)?(?P<value>[\w.@&'/-]+(?:\s+[\w.@&'/-]+)?\s+(?:team|department|dept|"
                       r"group|division|unit|office|region|area|category|class|section|store|branch|site|project))"
                       r"(?P<end>" + _END + ")", re.IGNORECASE)
# "in total", "in MB", "in this table", "in which month": no rows picked
_NO_ROWS = re.compile(r"(?:total|all|sum|overall|general|it|them|this|that|these|me|us|you|here|everyone|everybody|"
                      r"everything|(?:whole|entire|all)\s+\w+|(?:(?:this|that|these|my|our|your|its)\s+)?(?:table|list|"
                      r"data|csv|file|files|output|sheet|spreadsheet|column|text|rows|directory|folder)(?:\s+(?:below|"
                      r"above|here|given|provided))?|(?:which|what|whose|each|every|a|an)\b.*|usd|eur|gbp|dollars?|"
                      r"euros?|pounds?|cents?|percent|[kmgt]i?b|[kmgt]i?bytes|kilobytes|megabytes|gigabytes|bytes|"
                      r"seconds?|minutes?|hours?|days?|ms|milliseconds?|(?:(?:this|that|my|our|your|the)\s+)?"
                      r"(?:machine|server|computer|system|host|box|laptop|pc|disk|drive))", re.IGNORECASE)
# The end of a question that says whose its column is, picking no rows: "of these users", "for the employees here",
# "in this list", "here"
_HERE = re.compile(_BEFORE + r"(?:(?:of|for|among|across|in|from|over)\s+(?:all\s+)?(?:(?:the|these|those|this|my|"
                   r"our)\s+)?(?:users?|people|persons|employees|staff|workers|members|team\s+members|students|"
                   r"customers|clients|players|rows|records|entries|items|products|lines|ones|them|everyone|everybody|"
                   r"folks|kids|children|patients)(?:\s+(?:here|below|above|listed|given|shown))?|(?:in|from)\s+(?:the\s+|this\s+|"
                   r"these\s+|my\s+|our\s+)?(?:list|table|data|dataset|csv|json|file|sheet|spreadsheet)(?:\s+(?:here|"
                   r"below|above))?|here|below|above)(?P<end>" + _END + ")", re.IGNORECASE)
# Words after a column's that pick its rows ("temperature on Monday", "salary on the night shift")
_PICKS = re.compile(r"(?:^|\s)(?:on|in|of|for|at|from|with|where|when|during|among|within|over|between|except|without|after|"
                    r"before|since|until)\s+(?:the\s+)?(?P<rest>.+)$", re.IGNORECASE)
# A word after a value that says what the value is, not which column: "the Sales team", "Eng only"
_ROW_NOUNS = frozenset({"team", "teams", "department", "departments", "dept", "group", "division", "unit", "office",
                        "region", "area", "category", "class", "section", "store", "branch", "city", "country", "only",
                        "site", "project", "month", "year", "quarter"})
# Words that narrow or change the rows in a way no `where` says: a negation ("not in Eng", "apart from Eng",
# "non-Eng"), a comparison not read as one ("the average salary under 30": of salaries or of people; "older than
# Ben"; "over 30 but under 40"), a condition or a change ("if Ann leaves", "minus Ann", "including bonuses", "next
# year"). A question with one is the model's: "only Eng" for "not Eng" is worse than none.
_NARROWS = re.compile(r"\b(?:not|non|n't|apart|except|excepting|exclud\w*|besides?|outside|other\s+than|ignor\w*|"
                      r"without|omit\w*|minus|less|plus|under|over|above|below|than|at\s+(?:least|most)|"
                      r"if|unless|assuming|suppose|including|included|includes?|inclusive|exclusive|next|after|"
                      r"before|between|but|else|rest|remaining|instead|would|will|were\s+to)\b|n't\b",
                      re.IGNORECASE)
_GROUPED = ("sum", "mean", "extreme", "which", "who", "adjective", "most", "rows", "count", "list", "howmany")
_COMPARED_ONLY = ("list", "howmany")  # (the rows a comparison kept: "Which users are older than 30?")
_SHORT_ONLY = ("rows", "list", "howmany")  # (asked only of a question without its ends)
# Asked of a table of text only too ("Which user made the most requests?" of user,path; "How many jobs failed?" of
# job,status): they count cells, and need no number
_TEXT_ONLY = ("most", "count", "valuecount", "valuelist")
_IN_MONTH = re.compile(r"(?P<month>[a-z]{3,9})\.?(?:\s+(?P<year>\d{4}))?", re.IGNORECASE)
_ISO_CELL = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+\S*)?")
# Their column words would hold an end ("salary in Eng")
_PICKED = ("sum", "mean", "extreme", "which", "who", "adjective", "most", "valuecount", "valuelist")


@dataclass(frozen=True)
class _Ends:
    """A question without its ends that pick rows (`where`: one or two, each column words or None and a value's
    words, in the question's order; `compared`: a comparison, "older than 30") and group them (`by`: column words);
    `found`: whether it had one."""
    question: str
    where: tuple[tuple[str | None, str], ...] = ()
    by: str | None = None
    compared: Compared | None = None

    @property
    def found(self) -> bool:
        return bool(self.where) or self.by is not None or self.compared is not None

    @property
    def narrowed(self) -> bool:
        """Whether its words, but for the comparison read, narrow the rows in a way no end says ("not in Eng")."""
        return _NARROWS.search(" ".join([self.question, *(v for _, v in self.where), self.by or ""])) is not None


def _ends(question: str) -> _Ends:
    rest, by, compared = question, None, None
    where: list[tuple[str | None, str]] = []
    lead = _EACH_LEAD.search(rest)
    if lead is not None:
        by, rest = lead.group("by"), rest[:lead.start()] + "the " + rest[lead.end():]
    for _ in range(5):
        m = _BY_TAIL.search(rest) if by is None else None
        if m is not None:  # ("the largest by far": no group)
            by, rest = (None if m.group("by").lower() == "far" else m.group("by")), rest[:m.start()] + m.group("end")
            continue
        tail = compared_tail(rest) if compared is None else None
        if tail is not None:  # ("Which users are older than 30?": "Which users?", and "of people over 40": whose)
            rest, compared = _HERE.sub(lambda m: m.group("end"), tail[0]), tail[1]
            continue
        m = (_WHERE_IS.search(rest) or _WHERE_TAIL.search(rest) or _WHERE_OF.search(rest)) if len(where) < 2 else None
        if m is None or _NO_ROWS.fullmatch(m.group("value").strip()) or position(m.group("value")) is not None:
            break  # ("in total", "in MB", "in the last column")
        where.insert(0, (m.groupdict().get("col"), m.group("value").strip()))  # ("on groceries in November")
        rest = rest[:m.start()] + m.group("end")
    return _Ends(rest, tuple(where), by, compared)


def table_asked(message: str) -> dict[str, Any] | None:
    """The table tool's arguments for a message that plainly asks a question the tool answers about the table given
    with it (piped after the question, or after a colon), or None."""
    call = _table_asked(message)
    text = str(call.get("text") or "") if call is not None else ""
    if call is not None and text and _amounts_unlike(message.partition(text)[0], call):
        return None
    return call


def _table_asked(message: str) -> dict[str, Any] | None:
    """`table_asked`'s call before its amounts are looked at (`_amounts_unlike`)."""
    if len(message) > MAX_TEXT:
        return None
    for question, text in asked_parts(message):
        if not text or "\n" not in text.strip() and not text.lstrip().startswith(("[", "{")):
            continue
        question = " ".join(question.split())  # (one space between words: LEAD's "please(?:\s*,\s+|\s+)" is slow on a run)
        if converted(question, text):
            return None  # ("What is the total in pounds?" of "5 kg" lines: 26.5 lb, not 12)
        question = _EACH_MADE.sub(r"\g<many> per \g<by>", question)  # ("How many sales did each region make?": the
        # 1.5B counted South's 2 as 4)
        ordered = sort_asked(question, text)  # ("Sort these people by age, oldest first.")
        if ordered is not None:
            return ordered
        shared = shares_asked(question, text)  # ("What percentage of total sales was March?")
        if shared is not None:
            return shared
        earned = revenue_asked(question, text)  # ("Which product brought in the most revenue?": price × qty)
        if earned is not None:
            return None if isinstance(earned, Declined) else earned
        summed = row_total_asked(question, text)  # ("Which student has the highest total of both subjects?")
        if summed is not None:
            return summed
        divided = ratio_asked(question, text)  # ("Which city has the highest population density?": per area)
        if divided is not None:
            return divided
        totalled = totals_asked(question, text)  # ("How many calories in total?", "How much disk space is used?")
        if totalled is not None:
            return totalled
        between = _BETWEEN.match(question)
        if between is not None:
            return _asked("range", between, text, read_table(text))
        here = _HERE.sub(lambda m: m.group("end"), question)  # "the average age of these users" is the average age
        for asked in dict.fromkeys((question, here)):
            found = _call(asked, text)
            if found is not None:
                return found
    return None


def _amounts_unlike(question: str, call: dict[str, Any]) -> bool:
    """Whether `call` adds, averages or takes the largest or smallest of a column whose amounts are in two currencies
    ("$4.50" and "€20.00": 24.5 of nothing), or of amounts below and above zero that `question` asks what was spent
    or earned of (a bank statement's "-54.20" and "3000": the sum is the net, and the largest is the salary; a
    review's, it said 1,745.80 spent for 1,254.20)."""
    table = read_table(str(call["text"])) if call.get("action") in ("sum", "mean", "max", "min") else None
    column = str(call.get("column"))
    if table is None or column not in table.columns:
        return False
    if mixed_money(" ".join(str(row.get(column) or "") for row in table.rows)):
        return True
    values = [v for row in table.rows if (v := number(row.get(column))) is not None]
    return signed_spending(question, column, values)


def _call(question: str, text: str) -> dict[str, Any] | None:
    """The call for one reading of a question, its comparison ("older than 30") and ends ("in Eng") picking rows."""
    ends = _ends(question)
    if ends.narrowed:
        return None  # ("the average salary not in Eng": not where dept=Eng, nor every row's)
    matched = [] if ends.compared is not None else [
        (action, m) for action, pattern in _ASKED if (m := pattern.match(question)) is not None
        and action not in _SHORT_ONLY and not (ends.found and action in _PICKED)]
    shorter = [(action, m) for action, pattern in _ASKED if ends.found and action in _GROUPED
               and (ends.compared is not None or action not in _COMPARED_ONLY)
               and (m := pattern.match(ends.question)) is not None]
    if not matched and not shorter:
        return None
    table = read_table(text)  # (once a question matched: read once, whichever patterns did)
    if table is not None and any(_counted_declined(table, m) for a, m in (*matched, *shorter) if a == "most"):
        return None  # ("Which IP made the most requests?" of ip,count: neither its lines nor a column's largest)
    picked = _picked(table, ends) if shorter and table is not None else None
    each = _each_row(table, ends, question) if picked is None and table is not None else None
    if each is not None:  # ("the average quantity per order" of one row an order: the column's average over the rows)
        for action, match in shorter:
            call = _asked(action, match, text, table) if action == "mean" else None
            if call is not None and call["action"] == "mean" and call["column"] != each:
                return call
    if picked is None and table is not None and _columns_said(table, ends):  # ("the best score in art": the art
        said = question  # column, no row where some column is "art"; asked as "the best score art")
        for _, value in ends.where:
            said = re.sub(r"\s+(?:in|for)\s+(?=" + re.escape(value) + r"\b)", " ", said, count=1, flags=re.IGNORECASE)
        wanted = {column_named(table, value, numeric=True) for _, value in ends.where}
        for action, match in [(a, m) for a, p in _ASKED if a in _PICKED and (m := p.match(said)) is not None]:
            call = _asked(action, match, text, table)
            if call is not None:  # (its column the one said: "the total amount in fees" is no total of amount)
                return call if call["column"] in wanted else None
    if picked is not None and table is not None:  # "What's the average salary in Eng?": where dept=Eng
        for action, match in shorter:
            if action == "most" and "by" in picked:
                continue  # (by is not for the most common value)
            call = _asked(action, match, text, table, by=picked.get("by"))
            if call is not None and call["column"] in table.columns:
                return {k: v for k, v in call.items() if k != "text"} | picked | {"text": call["text"]}
    labelled = labels_table(text) if table is None and any(a in _TEXT_ONLY for a, _ in matched) else None
    for action, match in matched:  # (a table of text only, "job,status / build,ok", for the actions that count cells)
        call = _asked(action, match, text, labelled if table is None and action in _TEXT_ONLY else table)
        if call is not None:
            return call
    return None


def _each_row(table: Table, ends: _Ends, question: str) -> str | None:
    """The column of a question's only end, "per X", when X is the rows' id, one row each ("per order" of
    order_id,customer,qty: each row an order); else None. Not "for each X", nor a column of names: "the average
    salary per department" of one row a department is each row's own."""
    if ends.by is None or ends.where or ends.compared is not None \
            or not re.search(r"\bper\s+(?:the\s+)?" + re.escape(ends.by), question, re.IGNORECASE):
        return None
    by = column_named(table, ends.by, numeric=False)
    if by is None or not LABEL_NUMBERS.fullmatch(by.strip().lower()):
        return None  # ("the average salary per salary"; per department)
    return by if _one_row_each(table, by) else None


def _columns_said(table: Table | None, ends: _Ends) -> bool:
    """Whether a question's only ends are "in X" (or "for X") whose X names a column of numbers and is a cell of
    none ("Who has the best score in art?", "What is the average in math?" of student,math,art): the column asked
    of, not rows picked."""
    if table is None or ends.by is not None or ends.compared is not None or not ends.where:
        return False
    for words, value in ends.where:
        if words is not None or column_named(table, value, numeric=True) is None \
                or any(cell_is(row.get(c), value) for row in table.rows for c in table.columns):
            return False
    return True


def _picked(table: Table, ends: _Ends) -> dict[str, str] | None:
    """The `where` and `by` of a question's ends ("in Eng": {"where": "dept=Eng"}) and comparison ("older than 30":
    "age>30"), or None when one is no cell or column of the table (or is a cell of two columns)."""
    picked = {}
    if ends.by is not None:
        by = column_named(table, ends.by, numeric=False)
        numbers = by in numeric_columns(table)
        if by is None or numbers and not LABEL_NUMBERS.fullmatch(by.strip().lower()) or _one_row_each(table, by):
            return None  # (an amount is no group; nor is a column of one row each: "average cost per item")
        picked["by"] = by
    cells: list[tuple[str, str]] = []
    for words, value in ends.where:
        found = _cell_of(table, words, value) or (_month_of(table, value) if words is None else None)
        if found is None or any(found[0] == c for c, _ in cells):
            return None  # (no such cell; or two of one column: "in Eng in Sales")
        cells.append(found)
    conditions = [f"{c}={v}" for c, v in cells]
    if ends.compared is not None:
        column = compared_column(table, ends.compared)
        if column is None:
            return None  # ("taller than 180" of a table without one height column)
        conditions.append(f"{column}{ends.compared.op}{ends.compared.value}")
    if conditions:
        picked["where"] = ", ".join(conditions)
    return picked


def _one_row_each(table: Table, column: str) -> bool:
    """Whether every row of `table` has its own cell in `column` (case aside): names, ids; no group of rows."""
    return len({str(r.get(column)).strip().casefold() for r in table.rows}) == len(table.rows)


def _month_of(table: Table, value: str) -> tuple[str, str] | None:
    """The column of ISO dates and the month ("2026-11") that a month's name ("November", "Nov 2026") is, when the
    table has one such column and, without a year, its dates in that month are of one year."""
    named = _IN_MONTH.fullmatch(value.strip())
    word = named.group("month").lower() if named is not None else ""
    months = [i for i, name in enumerate(MONTHS, 1) if name == word or len(word) >= 3 and name.startswith(word)]
    dated = [c for c in table.columns if all(_ISO_CELL.fullmatch(str(r.get(c) or "").strip()) for r in table.rows)]
    if named is None or len(months) != 1 or len(dated) != 1:
        return None
    years = {str(r.get(dated[0])).strip()[:4] for r in table.rows
             if str(r.get(dated[0])).strip()[5:7] == f"{months[0]:02d}"}
    year = named.group("year") or (next(iter(years)) if len(years) == 1 else None)
    return (dated[0], f"{year}-{months[0]:02d}") if year in years else None  # (none in it, or in two years: None)


def _cell_of(table: Table, words: str | None, value: str) -> tuple[str, str] | None:
    """The column and cell (as the table writes it) that `value` is, in the column `words` name, else in the one
    column that has it; its last word may say what it is ("the Sales team", "the Sales department")."""
    tries: list[tuple[str | None, str]] = [(words, value)]
    *head, last = value.split()
    if words is None and head:
        tries.append((last, " ".join(head)))
    for named, cell in tries:
        column = column_named(table, named, numeric=False) if named else None
        if named and column is None and (words is not None or last.lower() not in _ROW_NOUNS):
            continue
        columns = [column] if column is not None else list(table.columns)
        if named and column is None:  # ("the Alice team": a team is a group, no column of one row each, as names are)
            columns = [c for c in columns if not _one_row_each(table, c)]
        holding = [(c, str(r.get(c)).strip()) for c in columns for r in table.rows
                   if str(r.get(c)).strip().casefold() == cell.casefold()]
        if len({c for c, _ in holding}) == 1:
            return holding[0]
    return None


def _asked(action: str, match: re.Match[str], text: str, table: Table | None,
           by: str | None = None) -> dict[str, Any] | None:
    groups = match.groupdict()
    col_words = (groups.get("col") or "").strip() or None
    if col_words and re.search(r"\s(?:and|or)\s|,", col_words):
        return None  # two things asked ("the warmest day and the average temperature"): one call answers one
    picks = _PICKS.search(col_words or "")
    if picks is not None and not _NO_ROWS.fullmatch(picks.group("rest").strip()):
        return None  # rows picked that no end read ("the average temperature on Monday"): not every row's
    if action == "rows":  # (not "How many hours per team?", a column's total, nor "count the average")
        noun = groups["noun"].lower()
        if by is None or table is None or re.search(MAX_WORDS + "|" + MIN_WORDS + r"|\b(?:average|mean|total|sum|"
                                                    r"number|value|values|far|by|per|for|of|in|the)\b", noun) \
                or column_named(table, noun, numeric=True) is not None:
            return None
        return {"action": "count", "column": by, "text": text}
    if action == "most" and groups.get("counted") and table is not None and _counting(table):
        return None  # ("Which page got the most hits?" of page,hits: the hits column's largest, tablewho.py's)
    if action == "most" and col_words and column_key(col_words) in _ADDRESS_WORDS:
        addressed = [c for c in table.columns
                     if column_key(c) in ("ip", "ipaddress", "clientip", "remoteaddr", "address")] \
            if table is not None else []
        if addressed:
            return {"action": "most", "column": addressed[0], "text": text}
        if groups.get("counted") and (clients(text) is not None or not _addresses_first(text)):
            return None  # (an access log's clients are the text tool's, extract.py; "the most requests" of lines
            # with two addresses, "10.0.0.1 -> 10.0.0.2", or one not a line's first, "GET /a from 10.0.0.5", is no
            # count of the clients)
        return {"action": "most", "column": "ip", "text": text} if addresses(text) else None
    if action in ("sum", "mean", "extreme", "which") and stat_action(groups.get("stat")) == "mean":
        timed = _times_call(action, groups, col_words, text, table)
        if timed is not None:
            return timed
    if action in ("valuecount", "valuelist"):  # ("How many jobs failed?", "Which tasks are done?")
        return value_call(action, table, groups, text)
    if table is None and position(col_words) is not None:
        table = positional_table(text)  # "What is the average of the third column?" of rows without a header
    if table is None:
        return None
    if action == "who":
        return who_call(table, groups, col_words, text)
    if action == "adjective":
        return adjective_call(table, groups, text)
    if action in _COMPARED_ONLY:
        return listed_call(action, table, groups, text)
    if action == "units":
        return units_asked(table, groups, text)
    if col_words and table.kind in ("labelled", "counts") and any(
            c not in numeric_columns(table) and _has_value(table, c, re.sub(r"^the\s+", "", col_words, flags=re.I))
            for c in table.columns):
        return None  # one line's label, not a column ("the average of Mon": any word names lines' one number)
    if action == "range":  # (not of an id, a zip code, a phone number; not of each group's: "range of ages by dept")
        column = column_named(table, col_words, numeric=True)
        if column is None or LABEL_NUMBERS.fullmatch(column.strip().lower()) or _GROUP_WORDS.search(col_words or ""):
            return None
        return {"action": "range", "column": column, "text": text}
    if action == "mean" and re.search(r"\bclass\s+(?:average|mean)", match.string, re.IGNORECASE) \
            and column_named(table, "class", numeric=False) is not None:
        return None  # ("the class average" of a table with a class column: each class's, or the whole's?)
    if action in ("sum", "mean"):
        column = column_named(table, col_words, numeric=True)
        kind = stat_action(groups.get("stat")) if action == "mean" else action
        return {"action": kind, "column": column, "text": text} if column is not None else None
    if action in ("extreme", "which"):
        direction = groups["dir"].lower()
        kind = "min" if re.fullmatch(MIN_WORDS, direction) else "max"
        words = col_words or _ADJECTIVE_COLUMN.get(direction)
        if action == "which" and col_words is None and words is None and groups.get("noun"):
            return None  # "Which one is the most ...?" with nothing to compare by
        column = column_named(table, words, numeric=True)
        if column is not None and col_words and _COUNTED_WORDS.fullmatch(col_words) and _measures_each(column):
            return None  # ("Which IP made the most requests?" of ip,request_time_ms: its lines counted, below)
        if column is None and action == "extreme" and col_words and direction in _ADJECTIVE_COLUMN \
                and column_named(table, col_words, numeric=False) is not None:  # "the biggest file": by its size
            column = column_named(table, _ADJECTIVE_COLUMN[direction], numeric=True)
        if column is None:
            return None
        also = column_named(table, groups["also"], numeric=False) if groups.get("also") else None
        if groups.get("also") and (also is None or also == column):
            return None  # "... and on which planet?" of a table without one
        call = {"action": kind, "column": column, **({"also": also} if also else {}), "text": text}
        noun = column_named(table, groups["noun"], numeric=False) if action == "which" and groups.get("noun") else None
        return grouped_extreme(table, noun, call, col_words) if noun is not None and not also else call
    if action == "most":
        column = column_named(table, col_words, numeric=False)
        return {"action": "most", "column": column, "text": text} if column is not None else None
    # count: a value some column has ("in the Sales department": Sales in the department column)
    value_words = (groups.get("value") or "").strip()
    noun = (groups.get("noun") or "").strip()
    if noun and (column_named(table, noun, numeric=True) is not None
                 or any(_has_value(table, c, n) for c in table.columns for n in {noun, noun.removesuffix("s")})):
        return None  # ("How many votes are there for Smith?" of candidate,votes: their sum, not Smith's rows, a
        # review's, it said 2 for 150; "How many pens are there for Anna?" of name,item,qty: her pens' quantity)
    if col_words:
        column = column_named(table, col_words, numeric=False)
        return ({"action": "count", "column": column, "value": value_words, "text": text}
                if column is not None and _has_value(table, column, value_words) else None)
    words = value_words.split()
    for value, named in ((value_words, None), (words[0], words[-1]) if len(words) == 2 else (None, None)):
        if value is None:
            continue
        columns = [column_named(table, named, numeric=False)] if named else list(table.columns)
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
    if table is not None and column_named(table, words, numeric=True) is not None:
        return None  # the table's own column ("duration_ms" for "duration")
    if len(timed_lines(text)[0]) < 2:
        return None
    kind = action if action in ("sum", "mean") else "min" if re.fullmatch(MIN_WORDS, direction) else "max"
    return {"action": kind, "column": words, "text": text}


# Words of a column that counts no lines but measures each ("request_time_ms", "response_bytes")
_MEASURED = re.compile(r"time|ms|duration|latency|elapsed|bytes|size|secs?|seconds|kb|mb", re.IGNORECASE)


def _counted_declined(table: Table, match: re.Match[str]) -> bool:
    """Whether "Which IP made the most requests?" is of a table that no call answers it of: one with a column of
    numbers ("ip,hits", "ip,count", "ip,requests": a row may be many requests, and an address on two rows has their
    sum, which no row has); for "Which user made the most requests?", one whose numbers may count them ("user,count";
    not "request_time_ms", each row one request, nor an id), unless that column is the one named ("page,hits") and no
    row's name repeats (its largest, tablewho.py's)."""
    groups = match.groupdict()
    col_words = (groups.get("col") or "").strip()
    if not groups.get("counted") or not col_words:
        return False
    if column_key(col_words) in _ADDRESS_WORDS:
        return bool(numeric_columns(table))
    if not _counting(table):
        return False  # (each row one request: its lines counted)
    named = column_named(table, groups["counted"], numeric=True)
    rows = column_named(table, col_words, numeric=False)
    return named is None or _measures_each(named) or rows is None or not _one_row_each(table, rows)


def _counting(table: Table) -> bool:
    """Whether a table has a column of numbers that may count what a row is ("count", "hits"; not one that measures
    each row, "request_time_ms", nor an id)."""
    return any(not _measures_each(c) and not LABEL_NUMBERS.fullmatch(c.strip().lower()) for c in numeric_columns(table))


def _measures_each(column: str) -> bool:
    return any(_MEASURED.fullmatch(w) for w in re.split(r"[^a-zA-Z]+", column) if w)


def _addresses_first(text: str) -> bool:
    """Whether each line of a text that is not blank starts with an IPv4 address (a log's client) and has no other,
    nor a number of its own ("10.0.0.1 120 requests", "requests=5": a count per line, not one request a line):
    counted, its addresses are its lines."""
    return all(len(found := addresses(line)) == 1 and addresses(line.split()[0]) == found
               and not _COUNT_ON_LINE.search(line.split(None, 1)[1] if len(line.split()) > 1 else "")
               for line in text.splitlines() if line.strip())


_COUNT_ON_LINE = re.compile(r"(?<![\w/.:-])\d+(?:\.\d+)?(?![\w/.:-])|=\s*\d")  # a number standing alone, or a value


def _has_value(table: Table, column: str, value: str) -> bool:
    wanted = value.strip().casefold()
    return any(str(row.get(column)).strip().casefold() == wanted for row in table.rows)
