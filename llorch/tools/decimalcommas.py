"""Decimal commas, as much of Europe writes prices and measures: "€12,50", "4,99, 2,50 and 7,20", "3,5 + 2,25".

The math tool's readers part a one-line list at its commas, so "the average of 4,99, 2,50 and 7,20" was
`mean(4, 99, 2, 50, 7, 20)`, and "the sum of €12,50 and €3,25" `sum(12, 50, 3, 25)`: an exact tool's confident wrong
answer, worse than the model's guess. `decimal_commas` reads each run of digits and commas first:

- one comma and 1, 2 or 4+ digits after it ("12,50", "3,5", "3,14159") may be a decimal comma; 3 digits after
  commas ("1,200", "3,000,000") are thousands, as before;
- such a comma is a decimal point where nothing else could be meant: a currency sign stands before the number, a
  "%" or an operator beside it ("12,5%", "3,5 + 2,25"), or the text parts its numbers with semicolons ("1,5; 2,5"),
  or with a comma and a space where every number of it is written with a decimal comma ("4,99, 2,50 and 7,20": a
  comma with no space is then no list's; in "85, 90, 78,92" a space was more likely left out);
- a function's arguments ("gcd(12,18)") and several such commas in a run ("1,2,3") part numbers, as before;
- otherwise a comma could part two numbers or be a decimal one ("the sum of 10,20 and 30", "sum(1,2)" aside), so
  it leaves the question to the model (None), as does a text that writes thousands with commas and decimals with
  commas both ("1,200 and 3,5").
"""

from __future__ import annotations

import re

__all__ = ["decimal_commas"]

# A run of digits parted by commas (no spaces), and what stands just before and after it
_RUN = re.compile(r"(?<![\d.,])\d++(?:,\d++)++(?!\.?\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_DECIMAL = re.compile(r"(?P<whole>\d+),(?P<part>\d{1,2}|\d{4,})")
_SIGN_BEFORE = re.compile(r"(?:[$€£¥]\s?|[-+*/×÷^=]\s*|\b(?:plus|minus|times|by)\s+)$", re.IGNORECASE)
_AFTER = re.compile(r"^\s*(?:%|[-+*/×÷^=]|(?:percent|plus|minus|times|divided|multiplied)\b)", re.IGNORECASE)
# (a bracket is no sign: "sum(1,2)" and "(3,5)" are two numbers each)
_CALLED = re.compile(r"\w\(\s?$")  # a function's opening bracket just before a run: its commas part arguments
_NUMBERS = re.compile(r"(?<![\d.,])\d+(?:,\d+)*(?:\.\d+)?")
_PARTED = re.compile(r"\d,\s+[$€£¥-]?\d")  # numbers parted by a comma and a space
_SEMICOLONS = re.compile(r"\d\s*;\s*[$€£¥-]?\d")  # or by a semicolon: then no comma parts them


def decimal_commas(text: str) -> str | None:
    """`text` with its decimal commas written as points ("€12,50" -> "€12.50"); `text` itself where it has none;
    None where a comma could be a decimal comma or part two numbers, and nothing says which."""
    runs = list(_RUN.finditer(text))
    decimals = [run for run in runs if _DECIMAL.fullmatch(run.group())
                and not _CALLED.search(text, max(0, run.start() - 3), run.start())]  # ("gcd(12,18)": two numbers)
    if not decimals:
        return text
    if any(_THOUSANDS.fullmatch(run.group()) for run in runs):
        return None  # ("1,200 and 3,5": two ways of writing numbers in one text)
    # a comma and a space part the numbers elsewhere, and every number is written so: "4,99, 2,50 and 7,20" (not
    # "85, 90, 78,92": an item whose space was left out, more likely than one decimal among whole numbers)
    parted = _SEMICOLONS.search(text) is not None or _PARTED.search(text) is not None and all(
        _DECIMAL.fullmatch(n) for n in _NUMBERS.findall(text))
    for run in decimals:
        if not (parted or _SIGN_BEFORE.search(text[max(0, run.start() - 8):run.start()])
                or _AFTER.match(text[run.end():run.end() + 12])):
            return None
    said = []
    at = 0
    for run in decimals:
        said += [text[at:run.start()], run.group().replace(",", ".")]
        at = run.end()
    return "".join(said) + text[at:]
