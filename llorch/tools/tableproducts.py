"""What a table's quantities come to: a column multiplied by another row by row (the table tool's `times`: revenue
is price × qty), and the questions about it; and the units of a thing ordered (the sum of its rows' qty).

Piped "product,price,qty / widget,4.50,120 / gadget,12.00,35 / gizmo,7.25,60 / doohickey,2.10,300" and asked
"Which product brought in the most revenue?", the 1.5B said gadget (the highest price: 420.00 of revenue), for
doohickey (2.10 × 300 = 630.00). `multiplied` adds the product as a column named by what it is and what it
multiplies ("revenue (price × qty)"), which every action then reads as it reads the table's own. `revenue_asked`
recognises a question of revenue, sales, value or cost (the most, the total, per product, from one product) when
the table has no such column and has one price (price, unit price, cost, rate) and one quantity (qty, units, sold,
stock; hours, beside a rate); a table with its own (revenue, total, amount, gross, net; "Revenue ($)") is asked of that
column, and one with a discount, refund or returns column, whose price × qty would leave them out, is the model's.
Asked the cost of a table with a price and a cost, it is the cost's: cost × qty, or the cost column where it is
each row's price × qty.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD
from llorch.tools.tablecolumns import QUESTION_END as _END, column_named, label_column, numeric_columns
from llorch.tools.tablereading import Table, decimal_places, number, one_cell, read_table

__all__ = ["Declined", "multiplied", "revenue_asked", "units_asked"]


def multiplied(table: Table, name: str, times: str, called: str | None) -> tuple[Table, str]:
    """The table with a column more: `name` × `times` in each row that has both numbers, to their decimal places
    (2.10 × 300 is 630.00), named "price × qty", or "revenue (price × qty)" when `called` says what it is."""
    if times == name:
        raise ToolError(f"table: times names another column than {name}")
    product = f"{name} × {times}"
    product = f"{called.strip()} ({product})" if called and called.strip() else product
    if product in table.columns:
        return table, product
    places = min(decimal_places([r.get(name) for r in table.rows]) + decimal_places([r.get(times) for r in table.rows]),
                 6)
    rows = []
    for row in table.rows:
        x, y = number(row.get(name)), number(row.get(times))
        value = x * y if x is not None and y is not None else None
        rows.append({**row, product: f"{value:.{places}f}" if value is not None and math.isfinite(value) else None})
    if all(r[product] is None for r in rows):
        raise ToolError(f"table: no row has numbers in both {name} and {times}")
    return replace(table, columns=(*table.columns, product), rows=tuple(rows)), product


# --- recognising a question -------------------------------------------------------------------------------

# What the product is asked as: revenue, sales, money made; value, worth; cost, spent
_MONEY = r"(?P<word>revenue|sales|income|takings|turnover|money|earnings|value|worth|cost|amount|price)"
_THING = r"(?P<thing>[\w.&'-]+(?:\s+[\w.&'-]+)?)"
_NOUN = r"(?P<noun>[a-z]+(?:\s+[a-z]+)?)"
_BRING = (r"(?P<bring>brought\s+in|brings\s+in|bring\s+in|made|makes|make|generated|generates|generate|earned|"
          r"earns|earn|took\s+in|takes\s+in|take\s+in|pulled\s+in|raised|produced|had|has|have|got|gets|get)")
_WHOLE = (r"(?P<whole>inventory|stock|order|orders|items|products|sales|everything|goods|cart|basket|them|it\s+all|"
          r"these|this)")
_ASKED = (
    # "Which product brought in the most revenue?", "Which item made the most money?", "Which has the highest sales?"
    ("top", re.compile(LEAD + r"(?:which|what)\s+(?:" + _NOUN + r"\s+)?" + _BRING + r"\s+(?:the\s+)?(?P<dir>most|"
                       r"least|highest|lowest|biggest|largest|smallest|greatest)(?:\s+(?:amount\s+of\s+)?" + _MONEY
                       + ")?" + _END, re.IGNORECASE)),
    # "What's the total revenue?", "What's the total value of the inventory?", "What is the revenue?"
    ("total", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was|\s+are|\s+were)|give\s+me|tell\s+me|calculate|compute|"
                         r"find)\s+)?(?:the\s+|our\s+|my\s+)?(?:(?P<total>total|overall|combined|whole)\s+)?" + _MONEY
                         + r"(?:\s+(?:of|for|in)\s+(?:the\s+|this\s+|our\s+|my\s+|all\s+(?:the\s+|these\s+)?|these\s+)?"
                         + _WHOLE + r")?(?:\s+(?P<tail>in\s+total|altogether|overall|in\s+all))?" + _END,
                         re.IGNORECASE)),
    # "How much is the inventory worth?", "How much did we make (in total)?", "How much revenue did we bring in?"
    ("total", re.compile(LEAD + r"how\s+much\s+(?:is|are)\s+(?:the\s+|this\s+|our\s+|my\s+|all\s+(?:the\s+)?)?" + _WHOLE
                         + r"\s+(?P<word>worth)" + _END, re.IGNORECASE)),
    ("total", re.compile(LEAD + r"how\s+much\s+(?:" + _MONEY + r"\s+)?(?:did|do|have|has)\s+(?:we|i|you|they)\s+"
                         r"(?P<verb>make|made|earn|earned|bring\s+in|brought\s+in|take\s+in|taken\s+in|generate|"
                         r"generated|spend|spent|pay|paid)(?:\s+(?:in\s+total|altogether|overall|in\s+all))?" + _END,
                         re.IGNORECASE)),
    # "What is the revenue per product?", "the sales for each item", "How much did each product make?"
    ("each", re.compile(LEAD + r"(?:(?:what(?:'s|\s+is|\s+was|\s+are|\s+were)|give\s+me|show\s+me|calculate)\s+)?"
                        r"(?:the\s+)?(?:total\s+)?" + _MONEY + r"\s+(?:per|by|for\s+each|of\s+each|for\s+every|from\s+"
                        r"each)\s+" + _NOUN + _END, re.IGNORECASE)),
    ("each", re.compile(LEAD + r"how\s+much\s+(?:" + _MONEY + r"\s+)?did\s+(?:each|every)\s+" + _NOUN + r"\s+"
                        + _BRING + _END, re.IGNORECASE)),
    # "How much did we make from gizmos?", "How much revenue did gizmos bring in?", "What's the revenue from gizmos?"
    ("one", re.compile(LEAD + r"how\s+much\s+(?:" + _MONEY + r"\s+)?(?:did|do|have)\s+(?:we|i|you|they)\s+"
                       r"(?P<verb>make|made|earn|earned|bring\s+in|brought\s+in|take\s+in|generate|generated|get|got|"
                       r"spend|spent|pay|paid)\s+(?:from|on|with|for|selling|by\s+selling)\s+(?:the\s+)?" + _THING
                       + _END, re.IGNORECASE)),
    ("one", re.compile(LEAD + r"how\s+much\s+(?:" + _MONEY + r"\s+)?(?:did|do|have)\s+(?:the\s+)?" + _THING + r"\s+"
                       r"(?:make|bring\s+in|earn|generate|take\s+in|bring)" + _END, re.IGNORECASE)),
    ("one", re.compile(LEAD + r"(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?(?:total\s+)?" + _MONEY
                       + r"\s+(?:from|of|for|on)\s+(?:the\s+)?" + _THING + _END, re.IGNORECASE)),
)
_PRICE = re.compile(r"(?:unit[_ ]?|sale[_ ]?|list[_ ]?)?(?:price|cost|rate|fee)(?:[_ ]?(?:each|per[_ ]\w+|usd|eur|gbp|"
                    r"\$|€|£))?|(?:price|cost)[_ ]?per[_ ]?\w+|hourly[_ ]?(?:rate|pay|wage)", re.IGNORECASE)
# A cost alone may be a row's whole cost (3 pens, 6.00), not each one's: no price to multiply
_COST = re.compile(r"costs?(?:[_ ]?(?:usd|eur|gbp|\$|€|£))?", re.IGNORECASE)
# A quantity: the units of a row (qty, quantity, units: what was bought or ordered), or those sold or in stock
_UNITS = re.compile(r"(?:qty|quantity|units|count|pieces|pcs)(?:[_ ]\w+)?|\w+[_ ](?:qty|quantity|units|count)",
                    re.IGNORECASE)
_SOLD_OR_STOCK = re.compile(r"(?:units[_ ]?)?sold|(?:in[_ ]?)?stock|on[_ ]?hand", re.IGNORECASE)
_HOURS = re.compile(r"hours?(?:[_ ]\w+)?|hrs?", re.IGNORECASE)
# A table's own column of what the product would be (its unit in parentheses aside: "Revenue ($)")
_OWN = re.compile(r"total|line[_ ]?total|subtotal|revenue|sales|income|takings|turnover|total[_ ]\w+|\w+[_ ]total|"
                  r"revenue[_ ]\w+|sales[_ ]\w+|(?:line[_ ]?|sale[_ ]|sales[_ ])?amount(?:[_ ](?:usd|eur|gbp))?|"
                  r"(?:gross|net)(?:[_ ](?:sales|revenue|amount|income|usd|eur|gbp))?", re.IGNORECASE)
_SAID_UNIT = re.compile(r"\s*\([^()]*\)\s*$")
# What price × quantity would leave out: a discount, a refund, the units returned (the table's own total has them)
_ADJUSTED = re.compile(r"discount|refund|return|rebate|coupon|markdown|voucher", re.IGNORECASE)
_REVENUE = frozenset({"revenue", "sales", "income", "takings", "turnover", "money", "earnings"})
_IMPLIED = re.compile(r"(?:brought|brings|bring|generated|generates|generate|earned|earns|earn|took|takes|take|pulled|"
                      r"raised)\b", re.IGNORECASE)
_CALLED = {"revenue": "revenue", "sales": "sales", "income": "income", "takings": "takings", "turnover": "turnover",
           "money": "revenue", "earnings": "revenue", "value": "value", "worth": "value", "cost": "cost",
           "amount": "amount", "make": "revenue", "made": "revenue", "earn": "revenue", "earned": "revenue",
           "spend": "cost", "spent": "cost", "pay": "cost", "paid": "cost", "price": "cost"}
_MIN = frozenset({"least", "lowest", "smallest"})


class Declined(enum.Enum):
    """A question of what rows come to that no call answers exactly (price × qty beside a discount): the model's,
    not a plainer reading's ("the total price" is then no sum of the prices)."""
    MODELS = "the model's"


def revenue_asked(question: str, text: str) -> dict[str, Any] | Declined | None:
    """The table tool's arguments for a question of what a table's rows brought in, are worth or cost: its own
    column of that, else price × quantity (`times`); Declined where that would leave a column out; or None. A
    product said in parentheses ("the total revenue (qty times price)") must be the one the call multiplies."""
    said = _SAID_PRODUCT.search(question)
    if said is not None:
        question = question[:said.start()] + question[said.end():]
    call = _revenue_asked(question, text)
    if said is None or not isinstance(call, dict):
        return call
    table = read_table(text)
    named = {column_named(table, said.group(w), numeric=True) for w in ("a", "b")} if table is not None else set()
    return call if "times" in call and named == {call["column"], call["times"]} else None  # (read twice only so)


# A product said in parentheses: "(qty times price)", "(price × quantity)", "(units * unit price)"
_SAID_PRODUCT = re.compile(r"\s*\(\s*(?P<a>[^\W_]+(?:[ _][^\W_]+)?)(?:\s+(?:times|x|multiplied\s+by)\s+|\s*[×*]\s*)"
                           r"(?P<b>[^\W_]+(?:[ _][^\W_]+)?)\s*\)", re.IGNORECASE)


def _revenue_asked(question: str, text: str) -> dict[str, Any] | Declined | None:
    asked = [(kind, m) for kind, pattern in _ASKED if (m := pattern.match(question)) is not None]
    if not asked:
        return None
    kind, match = asked[0]
    groups = match.groupdict()
    verb = " ".join((groups.get("verb") or "").lower().split())
    word = (groups.get("word") or "").lower()
    if not (word in _REVENUE or groups.get("total") or groups.get("whole") or groups.get("tail") or verb
            or kind == "top" and not word and _IMPLIED.match(groups["bring"])):
        return None  # ("What's the cost of the gizmo?": its price; "Which product has the most?": of what)
    table = read_table(text)
    call = _column(table, word or verb.split(" ")[0] or "revenue") if table is not None else None
    if table is None or call is None or isinstance(call, Declined):
        return call
    if kind == "top":
        label = label_column(table)
        labels = [str(r.get(label)).strip().casefold() for r in table.rows] if label else []
        if label is None or len(set(labels)) != len(labels):
            return None  # (a product on two rows: its most is the sum of them, which no row has)
        return {"action": "min" if groups["dir"].lower() in _MIN else "max", **call, "text": text}
    if kind == "total":
        return {"action": "sum", **call, "text": text}
    if kind == "each":
        by = column_named(table, groups["noun"], numeric=False)
        return {"action": "sum", **call, "by": by, "text": text} if by is not None and by != call["column"] else None
    where = _thing(table, groups["thing"])
    return {"action": "sum", **call, "where": where, "text": text} if where is not None else None


def _column(table: Table, word: str) -> dict[str, str] | Declined | None:
    """The column (or product of two) a word asks of: the table's own ("revenue", "total"), else price × quantity;
    a cost or a spending only the product ("the total cost" of a price column is its sum, or its sum by qty), of
    the cost where the table has one beside its price (cost × qty)."""
    numbers = numeric_columns(table)
    called = _CALLED.get(word, "revenue")
    if word == "price":
        return _priced(table, numbers)
    if called != "cost":
        own = column_named(table, word, numeric=True)
        if own is not None and _own(own):
            return {"column": own}
        owned = [c for c in numbers if _own(c)]
        if owned:
            return {"column": owned[0]} if len(owned) == 1 else None
    prices = [c for c in numbers if _PRICE.fullmatch(c.strip()) and not _COST.fullmatch(c.strip())]
    quantities = [c for c in numbers if _UNITS.fullmatch(c.strip()) or _SOLD_OR_STOCK.fullmatch(c.strip())]
    if len(prices) == 1 and not quantities and re.search(r"rate|hourly", prices[0], re.IGNORECASE):
        quantities = [c for c in numbers if _HOURS.fullmatch(c.strip())]  # (a rate by the hours worked)
    if any(_own(c) for c in numbers):
        return None
    if prices and quantities and any(_ADJUSTED.search(c) for c in table.columns):
        return Declined.MODELS  # (price × qty would leave the discount out; "qty_returned" is no second quantity)
    if len(prices) != 1 or len(quantities) != 1:
        return None
    costs = [c for c in numbers if _COST.fullmatch(c.strip())]
    if called == "cost" and costs:
        # Beside a sale price, a cost is what each unit cost us ("product,price,cost,qty": spent is cost × qty, not
        # price × qty), or, where each row's cost is its price × qty, the row's whole cost (summed as it is); two
        # costs: the model's
        if len(costs) != 1:
            return Declined.MODELS
        whole = all(_product_of(r, prices[0], quantities[0], costs[0]) for r in table.rows)
        return {"column": costs[0]} if whole else {"column": costs[0], "times": quantities[0], "as": "cost"}
    return {"column": prices[0], "times": quantities[0], "as": called}


def _own(column: str) -> bool:
    """Whether a column is a table's own of what price × quantity would be ("revenue", "amount", "Revenue ($)")."""
    return _OWN.fullmatch(_SAID_UNIT.sub("", column).strip()) is not None


def _product_of(row: Mapping[str, Any], price: str, quantity: str, cost: str) -> bool:
    """Whether a row's cost is its price × quantity (to the cent)."""
    x, y, z = number(row.get(price)), number(row.get(quantity)), number(row.get(cost))
    return x is not None and y is not None and z is not None and abs(x * y - z) < 0.005 + 1e-9 * abs(z)


# A table's own column of each row's whole price ("total", "line_total", "total_price", "amount")
_LINE_TOTAL = re.compile(r"(?:line[_ ]?)?total|subtotal|amount|total[_ ]\w+|\w+[_ ]total", re.IGNORECASE)


def _priced(table: Table, numbers: list[str]) -> dict[str, str] | Declined | None:
    """"The total price" of a table: its own column of rows' totals, else its one price times its one quantity
    bought (qty, quantity, units: not stock); None without a quantity (a price column alone is summed as asked)."""
    totals = [c for c in numbers if _LINE_TOTAL.fullmatch(_SAID_UNIT.sub("", c).strip())]
    if totals:
        return {"column": totals[0]} if len(totals) == 1 else None
    prices = [c for c in numbers if _PRICE.fullmatch(c.strip()) and not _COST.fullmatch(c.strip())]
    quantities = [c for c in numbers if _UNITS.fullmatch(c.strip())]
    if prices and quantities and any(_ADJUSTED.search(c) for c in table.columns):
        return Declined.MODELS  # (price × qty would leave the discount out)
    if len(prices) != 1 or len(quantities) != 1:
        return None
    return {"column": prices[0], "times": quantities[0], "as": "cost"}


def _thing(table: Table, words: str) -> str | None:
    """"product=gizmo": the one cell of a column of text that `words` are ("gizmos", "the widget"), as where keeps."""
    numbers = set(numeric_columns(table))
    said = words.strip().lower()
    forms = {said, said[:-1] if said.endswith("s") else said, said[:-2] if said.endswith("es") else said,
             said[:-3] + "y" if said.endswith("ies") else said}
    found = one_cell(table, lambda cell: cell.casefold() in forms, [c for c in table.columns if c not in numbers])
    return f"{found[0]}={found[1]}" if found is not None else None


# --- a thing's units ordered ------------------------------------------------------------------------------

_ORDERED = frozenset({"ordered", "order", "sold", "sell", "bought", "buy", "purchased", "purchase", "shipped", "ship",
                      "delivered", "deliver"})


def units_asked(table: Table, groups: Mapping[str, Any], text: str) -> dict[str, Any] | None:
    """"How many pens were ordered in total?": the sum of the table's one quantity column (qty, quantity, units,
    count) over the rows whose one text column holding it says "pen"; None when the verb is no ordering ("How many
    pens were returned?" is no qty), or the thing or the quantity is not one column's."""
    if (groups.get("verb") or groups.get("base") or "").lower() not in _ORDERED:
        return None
    quantities = [c for c in numeric_columns(table) if _UNITS.fullmatch(c.strip())]
    noun = groups["noun"].lower()
    if not noun.endswith("s") or len(quantities) != 1:
        return None
    where = _thing(table, noun)
    return {"action": "sum", "column": quantities[0], "where": where, "text": text} if where is not None else None
