"""Sums over a run of whole numbers, recognised without a model: "What is the sum of all whole numbers from 1 to 250?"
-> "(1 + 250) * 250 / 2".

Asked that, the 1.5B took n/2 (a + l) and worked 125 × 251 out as 31437.5 (it is 31375). `series_asked` gives the math
tool the closed form, written so that it reads as the rule (first plus last, times how many, over two), and nothing
loops over the run however long it is: the numbers from 1 to 1,000,000,000,000 are one product. It reads

- a sum, total, average (mean) or product of the numbers of a range: "from A to B", "A through B", "A-B", "between A
  and B", "up to B", "below B"; the numbers plain, whole, natural, positive…, even or odd, or the multiples of k
  (or of j: "the multiples of 3 or 5 below 1000", by inclusion and exclusion), or "divisible by k" after them;
  "Add up all the integers from 1 to 250", "What do the numbers from 1 to 100 add up to?";
- the first N of them: "the sum of the first 50 positive integers", "the first 20 odd numbers", "the first 10
  multiples of 7", "the first 10 squares";
- a sum of their squares or cubes ("the sum of the squares of the numbers from 1 to 10": n(n + 1)(2n + 1)/6);
- a run written out with an ellipsis, the terms before it fixing the step: "1 + 2 + 3 + ... + 250", "2 + 4 + 6 + … +
  100", "1^2 + 2^2 + ... + 10^2", "1 × 2 × ... × 10", "the sum of 1, 2, 3, ..., 100".

A product is factorial(B) (over factorial(A - 1)), of consecutive positive numbers only. "Between A and B" counts
both ends ("the sum of the numbers between 1 and 100" is 5050, as people mean it; "…, exclusive" leaves both out);
"below", "under" and "less than" B leave B out, "up to", "through" and "at most" keep it; with no first number the
run starts at 1 (at 0 for whole or non-negative numbers). "The first N whole numbers" stays the model's (from 0 or
from 1: taught either way), as do "all integers below 100" (no first one) and anything else: a range given
backwards (100 to 1), a decimal, a how-to ("How do I sum the numbers from 1 to 100 in Python?"), a list given with
the question (numbers_asked's), a run of fewer than two numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from math import lcm

from llorch.errors import LlorchError

__all__ = ["series_asked"]

_MAX_TEXT = 300  # a question of this kind is one short sentence (arithmetic_in's limit too)

# A whole number as written: digits, or thousands' commas ("1,000"); not the start of a decimal or of a longer number
_N = r"(?:\d{1,3}(?:,\d{3}){1,5}|\d{1,18})(?![.,]?\d)"
_INT = r"-?" + _N
_K = r"\d{1,9}"  # a divisor ("the multiples of 7")
_LEAD = (r"^\s*(?:(?:please|ok|okay|hey|so)(?:\s*,\s*|\s+))?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?"
         r"(?:(?:what\s+is|what's|whats|what\s+would\s+be|calculate|compute|find|determine|evaluate|give\s+me|"
         r"tell\s+me|work\s+out|get|show\s+me)\s+)?")
_END = r"\s*[?.!]*\s*$"

# What is summed: the numbers, as people call them ("all the positive whole numbers", "the even integers", "the
# multiples of 3 or 5", "odds"); each adjective a word of its own, two at most
_ADJS = r"(?:(?:positive|natural|whole|counting|consecutive|non-?negative)\s+){0,2}"
_NOUN = r"(?:numbers|integers|ints)"
_MULTIPLES = rf"multiples\s+of\s+{_K}(?:\s+or\s+{_K})?"
_KIND = rf"(?:{_ADJS}(?:(?:even|odd)\s+{_ADJS}{_NOUN}|{_NOUN}|{_MULTIPLES})|evens|odds)"
_EVERY = r"(?:all\s+(?:of\s+)?)?(?:the\s+)?"
_DIVISIBLE = rf"(?:divisible\s+by|multiples\s+of)\s+{_K}(?:\s+or\s+{_K})?"
_THAT = r"(?:(?:that|which)\s+(?:are|is)\s+|(?:that|which)'re\s+)?"
# Where they run: both ends, or (from 1) up to the last
_EXCLUSIVE = r"below|under|(?:less|smaller|lower)\s+than"
_RANGE = (rf"(?:(?:in\s+the\s+range\s+)?(?:from\s+)?(?P<a>{_INT})(?:\s+(?:to|through|thru|till|until|up\s+to)\s+|"
          rf"\s*[–—]\s*|-(?=\d))(?P<b>{_INT})"  # ("1-100", "1 – 100"; "1 - 100" reads as a difference)
          rf"|between\s+(?P<a2>{_INT})\s+and\s+(?P<b2>{_INT})"
          rf"|(?P<rel>(?:less|smaller|lower)\s+than\s+or\s+equal\s+to|{_EXCLUSIVE}|up\s+to\s+and\s+including|"
          rf"up\s+to|upto|through|not\s+(?:exceeding|greater\s+than|more\s+than|above|over)|"
          rf"no\s+(?:more|greater)\s+than|at\s+most)\s+(?P<b3>{_INT}))")
_RANGED = (rf"(?:(?P<kind>{_KIND})\s+)?(?:{_THAT}(?P<pre>{_DIVISIBLE})\s+)?{_THAT}{_RANGE}"
           rf"(?:\s*,?\s+{_THAT}(?P<post>{_DIVISIBLE})|\s*,?\s+(?:that|which)\s+are\s+(?P<parity>even|odd))?"
           r"(?:\s*,?\s*\(?(?P<incl>inclusive(?:ly)?|exclusive(?:ly)?|both\s+(?:inclusive|included|exclusive|excluded)|"
           r"including\s+both(?:\s+ends)?|excluding\s+both(?:\s+ends)?)\)?)?")
_POWERS = r"(?:perfect\s+)?(?:squares|cubes)|(?:square|cube)\s+numbers"
_FIRST = rf"first\s+(?P<n>{_N})\s+(?P<fkind>{_KIND}|{_POWERS})"
_BODY = rf"{_EVERY}(?:(?P<power>squares|cubes)\s+of\s+{_EVERY})?(?:{_FIRST}|{_RANGED})"
_TOGETHER = r"(?:\s+(?:together|up))?"

_ASKED = [re.compile(p, re.IGNORECASE) for p in (
    # "What is the sum of all whole numbers from 1 to 250?", "the product of the integers from 1 to 10", "the average
    # of the first 10 odd numbers"
    _LEAD + rf"(?:the\s+)?(?P<op>sum|total|product|average|mean)\s+of\s+{_BODY}{_END}",
    # "Add up all the integers from 1 to 250.", "Sum the odd numbers below 100", "Multiply the numbers 1 to 10"
    r"^\s*(?:please\s+)?(?:(?:can|could|would)\s+you\s+(?:please\s+)?)?"
    rf"(?P<verb>add(?:\s+up|\s+together)?|sum(?:\s+up)?|total(?:\s+up)?|multiply(?:\s+together)?)\s+{_BODY}"
    + _TOGETHER + _END,
    # "What do the numbers from 1 to 100 add up to?"
    rf"^\s*what\s+(?:do|does|would|will)\s+{_BODY}\s+(?:add\s+up\s+to|sum\s+(?:up\s+)?to|total|come\s+to)"
    + _END,
    # "If you add up all the numbers from 1 to 100, what do you get?"
    rf"^\s*if\s+(?:you|i|we)\s+(?P<verb>add(?:\s+up)?|sum(?:\s+up)?)\s+{_BODY}{_TOGETHER}\s*,?\s+what\s+"
    r"(?:do|would|will|does)\s+(?:you|i|we|it)\s+get" + _END,
)]

# A run written out: terms, an ellipsis, the last term ("1 + 2 + 3 + ... + 250", "1^2 + 2^2 + … + 10^2")
_TERM = rf"-?{_N}(?:\s*(?:\^|\*\*)\s*[23]|[²³])?"
_OP = r"(?:\+|\*(?!\*)|×|·)"
_ELLIPSIS = r"(?:\.{2,}|…|⋯|\.\s\.\s\.)"
_PIECE = re.compile(rf"(?P<term>{_TERM})\s*(?P<op>{_OP})\s*")
_LISTED = re.compile(r"(?P<term>-?\d{1,18})(?!\d)\s*,\s*")  # ("1, 2, 3, ..., 100": no thousands' commas between)
_SERIES = [re.compile(p, re.IGNORECASE) for p in (
    _LEAD + r"(?:what\s+does\s+)?(?:the\s+(?:sum|value|product)\s+of\s+)?(?:\(\s*)?"
    rf"(?P<head>(?:{_TERM}\s*{_OP}\s*){{1,20}}){_ELLIPSIS}\s*(?P<op>{_OP})\s*(?P<last>{_TERM})\s*\)?"
    r"(?:\s*=|\s+(?:equal|equals|add\s+up\s+to|come\s+to))?" + _END,
    # "What is the sum of 1, 2, 3, ..., 100?"
    _LEAD + r"(?:the\s+)?(?P<op>sum|total|product|average|mean)\s+of\s+(?:the\s+(?:numbers|integers|series|sequence)"
    rf"\s+)?(?P<head>(?:-?\d{{1,18}}(?!\d)\s*,\s*){{1,20}}){_ELLIPSIS}\s*,?\s*(?P<last>{_INT})" + _END,
)]

_OPS = {"sum": "sum", "total": "sum", "add": "sum", "product": "product", "multiply": "product", "average": "mean",
        "mean": "mean", "+": "sum", "*": "product", "×": "product", "·": "product"}


@dataclass(frozen=True)
class _Picked:
    """Which whole numbers of a range count: those `residue` more than a multiple of `step`, or (where `also` is set)
    the multiples of `step` or of `also`."""

    step: int = 1
    residue: int = 0
    also: int | None = None


def series_asked(text: str) -> str | None:
    """The math tool's expression for a plain question about a sum (an average, a product) over a run of whole
    numbers, in closed form: "the sum of the numbers from 1 to 100" -> "(1 + 100) * 100 / 2"; None for anything
    else."""
    if len(text) > _MAX_TEXT or "\n" in text.strip():
        return None
    said = " ".join(text.replace("−", "-").replace("’", "'").split())  # (one space between words: the patterns'
    # optional spaces, side by side, then have one way to split a run, not n^4: "99" + 2,000 spaces + "= ?" took 25 s)
    for pattern in _ASKED:
        match = pattern.match(said)
        if match is not None:
            return _checked(_asked(match))
    for pattern in _SERIES:
        match = pattern.match(said)
        if match is not None:
            return _checked(_written_out(match))
    return None


def _asked(match: re.Match[str]) -> str | None:
    """The expression for a run named in words (_ASKED)."""
    found = match.groupdict()
    word = (found.get("op") or found.get("verb") or "sum").lower().split()[0]
    op = _OPS[word]
    power = {"squares": 2, "cubes": 3}.get((found["power"] or "").lower())
    if found["n"] is not None:
        return _first(op, power, _int(found["n"]), found["fkind"].lower())
    kind = " ".join((found["kind"] or "").lower().split())
    verb = " ".join((found.get("verb") or "").lower().split())
    if not kind and (found["b3"] is not None or verb in ("add", "add together")):
        return None  # ("the sum of below 100"; "Add 1 to 100" is 101)
    picked = _picked(kind, found["pre"] or found["post"], found["parity"])
    if picked is None:
        return None
    incl = (found["incl"] or "").lower()
    excluded = "exclu" in incl
    if found["a"] is not None:
        if excluded:  # ("from 1 to 100 exclusive": of the last alone, or of both?)
            return None
        lo, hi = _int(found["a"]), _int(found["b"])
    elif found["a2"] is not None:
        lo, hi = _int(found["a2"]), _int(found["b2"])
        if excluded:  # ("between 1 and 100, exclusive": 2 to 99)
            lo, hi = lo + 1, hi - 1
    else:
        if incl:  # ("below 100 inclusive": which?)
            return None
        rel = " ".join(found["rel"].lower().split())
        hi = _int(found["b3"]) - (1 if re.fullmatch(_EXCLUSIVE, rel) else 0)
        if re.fullmatch(r"(?:consecutive\s+)?(?:(?:even|odd)\s+)?(?:integers|ints)", kind):
            return None  # ("all integers less than 100" run down without end; "positive integers" start at 1)
        if op == "mean" and "whole" in kind and "positive" not in kind:
            return None  # ("the average of the whole numbers up to 10": from 0, 5, or from 1, 5.5? taught either way)
        lo = 0 if _from_zero(kind) else 1
    if lo < 0 and re.search(r"positive|natural|whole|counting|non-?negative", kind):
        return None
    if lo < 1 and re.search(r"positive|natural|counting", kind) and "non" not in kind:
        lo = 1  # ("the average of the positive multiples of 7 between 0 and 50": 7 to 49, not 0 to 49)
    if lo > hi:
        return None
    return _expression(op, power, lo, hi, picked)


def _picked(kind: str, divisible: str | None, parity: str | None) -> _Picked | None:
    """Which numbers of the range `kind` and the condition after it keep (one of even, odd and multiples at most)."""
    filters: list[_Picked] = []
    for said in (re.findall(r"\b(even|odd)", kind) + ([parity.lower()] if parity else [])):
        filters.append(_Picked(2, 0 if said == "even" else 1))
    for said in (kind, (divisible or "").lower()):
        multiples = re.search(r"(?:multiples\s+of|divisible\s+by)\s+(\d+)(?:\s+or\s+(\d+))?", said)
        if multiples is not None:
            j, k = int(multiples.group(1)), int(multiples.group(2) or 0) or None
            if j < 1 or k == 0:
                return None
            if k is not None and (j % k == 0 or k % j == 0):  # (the multiples of 3 or 6 are the multiples of 3)
                j, k = min(j, k), None
            filters.append(_Picked(j, 0, k))
    if len(filters) > 1:
        return None
    return filters[0] if filters else _Picked()


def _first(op: str, power: int | None, n: int, kind: str) -> str | None:
    """The expression for the first `n` numbers of a kind ("the first 20 odd numbers": 1 to 39, every other)."""
    if n < 2:
        return None
    powered = re.fullmatch(_POWERS, kind)
    if powered is not None:  # "the first 10 squares": 1^2 to 10^2
        return None if power else _expression(op, 2 if "square" in kind else 3, 1, n, _Picked())
    if "whole" in kind and "positive" not in kind:  # ("the first 10 whole numbers": from 0, or from 1?)
        return None
    picked = _picked(kind, None, None)
    if picked is None or picked.also is not None:
        return None
    if _from_zero(kind):
        return _expression(op, power, 0, n - 1, picked) if picked.step == 1 else None
    first = picked.step if picked.residue == 0 else picked.residue  # (2, the first even number; 7, of multiples of 7)
    return _expression(op, power, first, first + (n - 1) * picked.step, picked)


def _written_out(match: re.Match[str]) -> str | None:
    """The expression for a run written out (_SERIES): the terms before the ellipsis, one step apart, fix the run."""
    head, op = match.group("head"), _OPS[match.group("op").lower()]
    piece = _PIECE if match.re is _SERIES[0] else _LISTED
    terms, at = [], 0
    while at < len(head):
        part = piece.match(head, at)
        if part is None or (piece is _PIECE and _OPS[part.group("op")] != op):
            return None
        terms.append(part.group("term"))
        at = part.end()
    terms.append(match.group("last"))
    bases, powers = zip(*(_term(t) for t in terms))
    if len(set(powers)) != 1 or len(bases) < 3:
        return None
    step = bases[1] - bases[0]
    if step == 0 or any(b - a != step for a, b in zip(bases, bases[1:-1])):
        return None
    first, last = bases[0], bases[-1]
    if (last - first) % step or (last - bases[-2]) // step < 1:  # (the last term one step or more past the others)
        return None
    if len(bases) == 3 and powers[0] is None and _another_run(first, bases[1], last):
        return None  # ("2 + 4 + ... + 1024" may double; "1 + 4 + ... + 100" may be the squares)
    if powers[0] is not None or op == "product":  # (1^2 + 2^2 + … + 10^2; 1 × 2 × … × 10)
        return _expression(op if powers[0] is None else "sum", powers[0], first, last, _Picked()) if step == 1 else None
    lo, hi = min(first, last), max(first, last)
    return _expression(op, None, lo, hi, _Picked(abs(step), first % abs(step)))


def _another_run(a: int, b: int, last: int) -> bool:
    """Whether two terms and a last may be another run than a step's: each term a multiple of the one before (2, 4,
    …, 1024), or squares or cubes one after another (1, 4, …, 100), the last one of them too."""
    if 0 < a < b and b % a == 0:
        term = b
        while term < last:
            term *= b // a
        if term == last:
            return True
    for power in (2, 3):
        root = round(a ** (1 / power)) if a > 0 else -1
        if root > 0 and root ** power == a and (root + 1) ** power == b \
                and round(last ** (1 / power)) ** power == last:
            return True
    return False


def _term(written: str) -> tuple[int, int | None]:
    """A written term's number and power: "10^2" is (10, 2), "7" (7, None)."""
    power = re.search(r"(?:\^|\*\*)\s*([23])$|([²³])$", written)
    if power is None:
        return _int(written), None
    exponent = 2 if (power.group(1) or power.group(2)) in ("2", "²") else 3
    return _int(written[:power.start()].strip()), exponent


def _expression(op: str, power: int | None, lo: int, hi: int, picked: _Picked) -> str | None:
    """The closed form of the `op` (sum, mean, product) of the numbers from `lo` to `hi` that `picked` keeps, or of
    their squares or cubes; None for fewer than two of them, or what has no closed form here."""
    if picked.also is not None:
        return _either(lo, hi, picked.step, picked.also) if op == "sum" and power is None else None
    first, last, count = _run(lo, hi, picked.step, picked.residue)
    if count < 2:
        return None
    if power is not None:  # 1^2 + … + n^2 = n(n + 1)(2n + 1)/6, 1^3 + … + n^3 = (n(n + 1)/2)^2
        if op != "sum" or picked.step != 1 or first < 0:
            return None
        whole = _powers_to(power, last)
        return whole if first <= 1 else f"{whole} - {_powers_to(power, first - 1)}"
    if op == "sum":
        return f"({_plus(first, last)}) * {count} / 2"
    if op == "mean":
        return f"({_plus(first, last)}) / 2"
    if picked.step != 1 or first < 1:  # (a product of consecutive positive numbers alone: 0 in it is the model's)
        return None
    return f"factorial({last})" if first == 1 else f"factorial({last}) / factorial({first - 1})"


def _either(lo: int, hi: int, j: int, k: int) -> str | None:
    """The sum of the multiples of `j` or of `k` from `lo` to `hi`: those of each, less those of both counted twice
    (the multiples of 3 or 5 below 1000: 166833 + 99500 - 33165)."""
    parts: list[tuple[str, str]] = []
    total = 0
    for sign, step in (("+", j), ("+", k), ("-", lcm(j, k))):
        first, last, count = _run(lo, hi, step, 0)
        total += count if sign == "+" else -count
        if count:
            parts.append((sign, str(first) if count == 1 else f"({_plus(first, last)}) * {count} / 2"))
    if total < 2:
        return None
    return parts[0][1] + "".join(f" {sign} {part}" for sign, part in parts[1:])


def _from_zero(kind: str) -> bool:
    """Whether the numbers `kind` names start at 0 ("the non-negative integers", "the whole numbers")."""
    return re.search(r"non-?negative", kind) is not None or ("whole" in kind and "positive" not in kind)


def _run(lo: int, hi: int, step: int, residue: int) -> tuple[int, int, int]:
    """The first and last numbers from `lo` to `hi` that are `residue` more than a multiple of `step`, and how many."""
    first = lo + (residue - lo) % step
    last = hi - (hi - residue) % step
    return first, last, (last - first) // step + 1 if first <= last else 0


def _powers_to(power: int, n: int) -> str:
    return f"{n} * {n + 1} * {2 * n + 1} / 6" if power == 2 else f"({n} * {n + 1} / 2) ** 2"


def _plus(a: int, b: int) -> str:
    return f"{a} + {b}" if b >= 0 else f"{a} - {-b}"


def _int(written: str) -> int:
    return int(written.replace(",", "").replace(" ", ""))


def _checked(expression: str | None) -> str | None:
    """`expression` when the math tool works it out (a product within its factorials), else None."""
    if expression is None:
        return None
    from llorch.tools.evaluator import evaluate

    try:
        evaluate(expression)
    except (LlorchError, ArithmeticError, ValueError):
        return None
    return expression
