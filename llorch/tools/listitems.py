"""A list's items as the text tool reads them: its lines, else its comma- or semicolon-separated items, else its
words; a number in one; and whether its commas (or semicolons, or spaces) may part one item, so that its items
are not compared but declined. Shared by the tool (text.py) and the recognisers of a list's duplicates
(dupequestions.py)."""

from __future__ import annotations

import re
import unicodedata

from llorch.errors import ToolError
from llorch.tools.asking import clipped

__all__ = ["compared_items", "fold", "items", "number", "split_doubt", "unquoted_items"]


def fold(text: str) -> str:
    """`text` without case or accents, for ordering and comparing: "Émile" as "emile"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def items(text: str) -> tuple[list[str], str]:
    """A list's items and the separator they were written with: its lines, else its comma- or semicolon-separated
    items, else its words. A list in one pair of brackets with no other bracket inside ("[3, 1, 2]", "(a, b)", as
    Python writes one) is read without them: 3, 1, 2, not "[3" and "2]"."""
    stripped = text.strip()
    if stripped[:1] + stripped[-1:] in ("[]", "()") and not any(c in stripped[1:-1] for c in "[](){}\n"):
        stripped = stripped[1:-1].strip()  # a list as Python writes it: "[1, 2, 2]" is 1, 2, 2, not "[1" and "2]"
    if "\n" in stripped:
        return [line.strip() for line in stripped.splitlines() if line.strip()], "\n"
    for mark in (";", ","):
        if mark in stripped:
            return [p.strip() for p in stripped.split(mark) if p.strip()], f"{mark} "
    return stripped.split(), " "


_NUMBER = re.compile(r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+−]?\.\d+")


def number(item: str) -> float | None:
    cleaned = item.strip().replace("−", "-")
    return float(cleaned.replace(",", "")) if _NUMBER.fullmatch(cleaned) else None


# A list's items are compared as written, so each must be one item: a quote, bracket or parenthesis left inside
# one ("['New York, NY', 'Boston, MA']" split at its commas is "'New York" and "NY'"; "(1, 2), (3, 4)" is no four
# items), or a thousands comma ("1,000, 1000, 2": one number or two?), says the commas part something else. An
# apostrophe in a word ("O'Brien", "don't") is no quote.
_QUOTE_PAIRS = (("'", "'"), ('"', '"'), ("“", "”"), ("‘", "’"))
_INSIDE = re.compile(r"[\"“”‘\[\](){}]|(?<!\w)['’]|['’](?!\w)")
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def unquoted_items(found: list[str]) -> list[str]:
    """`found` without the quotes around each item where every one is quoted the same way and none holds that
    quote inside ("'a', 'b'" as Python writes strings: a, b); else `found` as it is."""
    for left, right in _QUOTE_PAIRS:
        if all(len(i) >= 2 and i[0] == left and i[-1] == right and left not in i[1:-1] and right not in i[1:-1]
               for i in found):
            return [i[1:-1] for i in found]
    return found


def split_doubt(found: list[str], separator: str, text: str) -> str:
    """Why `found` (read from `text` by `items`, quotes around every item taken off) may not be the list's items:
    an item holding a quote, bracket or parenthesis, or a thousands comma in a list split at its commas; "" when
    none."""
    if separator == ", " and (thousands := _THOUSANDS.search(text)) is not None:
        return f"“{thousands.group(0)}” may be one number or two"
    odd = next((i for i in found if _INSIDE.search(i)), None)
    return f"the item “{clipped(odd, 40)}” holds a quote or bracket" if odd is not None else ""


def compared_items(found: list[str], separator: str, text: str) -> list[str]:
    """The items of `text` (`found`, parted by `separator`) as `unique` compares them: without the quotes around
    every one; a ToolError where a comma, semicolon or space may part one item (`split_doubt`; a line is one
    item however it is written)."""
    found = unquoted_items(found)
    doubt = split_doubt(found, separator, text) if separator != "\n" else ""
    if doubt:
        parted = {", ": "commas", "; ": "semicolons"}.get(separator, "spaces")
        raise ToolError(f"text: {doubt}, so the {parted} may not part the items: give them one a line")
    return found
