"""Consensus over N answers to one prompt: normalise each, vote, return a verdict.

Answers are compared by a key that depends on their kind (a number, a choice letter,
a JSON value, a code block, free text). Votes are weighted by the model's own
confidence (exp of the mean token logprob) when every answer has logprobs, else
counted one each. Free text rarely matches exactly, so there the medoid (the answer
sharing the most words with the others) stands in for the group. Pure logic, no I/O.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = [
    "KINDS", "METHODS", "Ballot", "Candidate", "Verdict", "confidence", "medoid", "normalise",
    "overlap", "vote",
]

KINDS = ("auto", "number", "choice", "json", "code", "text")
METHODS = ("weighted", "majority")
_AUTO_ORDER = ("json", "code", "choice", "number")


@dataclass(frozen=True)
class Candidate:
    """One answer: its text, per-token logprobs (natural log) when known, and where it came from."""

    text: str
    logprobs: tuple[float, ...] | None = None
    model: str = ""
    seed: int = 0


def confidence(logprobs: Sequence[float] | None) -> float | None:
    """exp(mean token logprob) -- length-normalised, in (0, 1]; None without logprobs or with none."""
    if not logprobs:
        return None
    mean = math.fsum(logprobs) / len(logprobs)
    if math.isnan(mean):
        return None
    return math.exp(min(0.0, max(mean, -700.0)))  # clamped: never 0, never above 1


# -- number --------------------------------------------------------------------------------

# Atomic, so a marker's "not followed by an operator" check cannot backtrack into "12" -> "1".
_NUM = r"(?>-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?:/\d+)?)"
_NOT_EXPR = r"(?!\s*[-+*/×xX÷^]\s*[\d(])"  # "answer: 12 - 5 = 7" is not 12
_ANY_NUMBER = re.compile(r"(?<![\w.])" + _NUM)
_NUMBER_MARKERS = (  # strongest first; within one, the last occurrence wins
    re.compile(r"\\boxed\{([^{}]*)\}"),
    re.compile(r"####\s*\$?\s*(" + _NUM + ")" + _NOT_EXPR),
    re.compile(r"(?i:\banswer\b)\s*(?:is|:|=|was)?[\s:*$(]*(" + _NUM + ")" + _NOT_EXPR),
    re.compile(r"\*\*\s*\$?\s*(" + _NUM + r")\s*%?\s*\*\*"),
    re.compile(r"=\s*\$?\s*(" + _NUM + ")" + _NOT_EXPR),
)
_LATEX = ((re.compile(r"\\d?frac\{(-?\d+)\}\{(\d+)\}"), r"\1/\2"), (re.compile(r"\{,\}"), ","))


def _number(text: str) -> str | None:
    text = text.replace("−", "-")
    for pattern, repl in _LATEX:
        text = pattern.sub(repl, text)
    for marker in _NUMBER_MARKERS:
        spans = [m.group(1) for m in marker.finditer(text)]
        found = [n for span in spans for n in _ANY_NUMBER.findall(span)[-1:]]
        if found:
            return _canonical_number(found[-1])
    numbers = _ANY_NUMBER.findall(text)
    return _canonical_number(numbers[-1]) if numbers else None


def _canonical_number(raw: str) -> str | None:
    """12, 12.0 and 12.00 agree; 3/4 is 0.75; ~10 significant digits absorb float noise."""
    try:
        value = Fraction(raw.replace(",", ""))
        if value.denominator == 1:
            return str(value.numerator)
        return f"{float(value):.10g}"  # 11.999999999999998 -> "12"
    except (ValueError, ZeroDivisionError, OverflowError):
        return None


# -- choice --------------------------------------------------------------------------------

_MARKER = r"(?i:\banswer\b\s*(?:is|:|=)?|\boption\b|\bchoice\b)[\s:*(]*"
_CHOICE_MARKED = re.compile(_MARKER + r"(?:([A-E])(?![\w'])|([a-e])(?:\)|[\s.*]*$))", re.M)
_CHOICE_BOLD = re.compile(r"\*\*\s*\(?([A-Ea-e])\)?[.)]?\s*\*\*")
_CHOICE_ALONE = re.compile(r"^\W*([A-Ea-e])\W*$", re.M)
_CHOICE_LOOSE = re.compile(r"(?<!\w)\(?([A-Ea-e])\)")


def _choice(text: str, strict: bool = False) -> str | None:
    """The option letter; strict (for auto) takes only a marked, bold or lone-letter answer."""
    if strict:
        alone = _CHOICE_ALONE.fullmatch(text.strip())
        found = _first_tier(text, [(_CHOICE_MARKED, False), (_CHOICE_BOLD, False)])
        return found or (alone.group(1).upper() if alone else None)
    tiers = [(_CHOICE_MARKED, False), (_CHOICE_BOLD, False), (_CHOICE_ALONE, False), (_CHOICE_LOOSE, True)]
    return _first_tier(text, tiers)


def _first_tier(text: str, tiers: Sequence[tuple[re.Pattern[str], bool]]) -> str | None:
    for pattern, must_be_unique in tiers:
        letters = [next(g for g in m.groups() if g).upper() for m in pattern.finditer(text)]
        if letters and (not must_be_unique or len(set(letters)) == 1):
            return letters[-1]
    return None


# -- json, code, text ----------------------------------------------------------------------

_FENCE = re.compile(r"```[ \t]*([\w+#.-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)
_DECODER = json.JSONDecoder()
_MISSING = object()


def _first_json(text: str) -> Any:
    """The first JSON value: a ```json fence's body, else the first object/array in the text."""
    for fence in _FENCE.finditer(text):
        if fence.group(1).lower() == "json":
            try:
                return json.loads(fence.group(2))
            except ValueError:
                pass
    for start in (m.start() for m in re.finditer(r"[\[{]", text)):
        try:
            return _DECODER.raw_decode(text, start)[0]
        except ValueError:
            continue
    return _MISSING


def _json(text: str, schema: Mapping[str, Any] | None = None) -> str | None:
    value = _first_json(text)
    if value is _MISSING:
        return None
    if schema is not None and (schema.get("type") == "object" or "properties" in schema):
        if not isinstance(value, dict) or any(k not in value for k in schema.get("required", ())):
            return None
        properties = schema.get("properties")
        if isinstance(properties, Mapping):  # extra chatter keys must not split the vote
            value = {k: v for k, v in value.items() if k in properties}
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _is_json(text: str) -> bool:
    """For auto: the whole text, or a ```json fence, is a JSON object or array."""
    bodies = [text] + [f.group(2) for f in _FENCE.finditer(text) if f.group(1).lower() == "json"]
    for body in bodies:
        try:
            if isinstance(json.loads(body), (dict, list)):
                return True
        except ValueError:
            continue
    return False


# A line that is only a comment; C preprocessor lines (#include, #define...) are code.
_COMMENT = re.compile(r"\s*(?://|#(?!(?:include|define|undef|ifn?def|if|elif|else|endif|pragma)\b))")


def _code(text: str) -> str | None:
    fence = _FENCE.search(text)
    if fence is None:
        return None
    lines = [line.rstrip() for line in fence.group(2).splitlines()]
    kept = [line for line in lines if line and not _COMMENT.match(line)]
    return "\n".join(kept) or None


def _text(text: str) -> str | None:
    return " ".join(text.lower().split()).strip(" \t\"'`“”‘’«».,;:!?*_()[]") or None


_KEYS: dict[str, Callable[[str, Mapping[str, Any] | None], str | None]] = {
    "number": lambda t, s: _number(t),
    "choice": lambda t, s: _choice(t),
    "json": _json,
    "code": lambda t, s: _code(t),
    "text": lambda t, s: _text(t),
}
_DETECT: dict[str, Callable[[str], bool]] = {
    "json": _is_json,
    "code": lambda t: _FENCE.search(t) is not None,
    "choice": lambda t: _choice(t, strict=True) is not None,
    "number": lambda t: _number(t) is not None,
}


def normalise(text: str, kind: str = "auto", *, schema: Mapping[str, Any] | None = None) -> tuple[str, str | None]:
    """(kind used, key) -- the key answers are compared by; None when this kind finds nothing in the text."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "auto":
        kind = next((k for k in _AUTO_ORDER if _DETECT[k](text)), "text")
    return kind, _KEYS[kind](text, schema)


def _auto_kind(texts: Sequence[str]) -> str:
    """The kind detected in the most texts (ties: json, code, choice, number); text if none."""
    counts = {k: sum(_DETECT[k](t) for t in texts) for k in _AUTO_ORDER}
    best = max(_AUTO_ORDER, key=lambda k: (counts[k], -_AUTO_ORDER.index(k)))
    return best if counts[best] else "text"


# -- similarity ----------------------------------------------------------------------------

def overlap(a: str, b: str) -> float:
    """Token-overlap similarity in [0, 1]: F1 over lowercase word multisets (ROUGE-1 F)."""
    wa, wb = Counter(re.findall(r"\w+", a.lower())), Counter(re.findall(r"\w+", b.lower()))
    size = sum(wa.values()) + sum(wb.values())
    if not size:
        return 1.0
    return 2 * sum((wa & wb).values()) / size


def medoid(texts: Sequence[str]) -> int:
    """Index of the text with the highest summed overlap to the others (ties: the earliest)."""
    if not texts:
        raise ValueError("medoid of no texts")
    scores = [sum(overlap(t, u) for j, u in enumerate(texts) if j != i) for i, t in enumerate(texts)]
    return max(range(len(texts)), key=lambda i: (scores[i], -i))


# -- vote ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ballot:
    """How one candidate voted: its key (None: it voted for nothing) and what the vote weighed."""

    candidate: Candidate
    key: str | None
    weight: float
    confidence: float | None
    chosen: bool


@dataclass(frozen=True)
class Verdict:
    """The outcome: the representative answer of the winning group and how sure the vote is."""

    answer: str
    key: str | None
    kind: str
    method: str
    agree: int
    total: int
    confidence: float
    tie: bool
    disagreement: bool
    ballots: tuple[Ballot, ...]

    def summary(self) -> str:
        """One line for stderr, e.g. "consensus: 4/5 agree, confidence 0.82 (weighted, number)"."""
        how = f"confidence {self.confidence:.2f} ({self.method}, {self.kind})"
        sizes = sorted(Counter(b.key for b in self.ballots if b.key is not None).values(), reverse=True)
        if not sizes:
            return f"consensus: no answer found in {self.total} candidates"
        if self.disagreement:
            return f"consensus: no agreement ({len(sizes)} different answers), {how}"
        if self.tie:
            return f"consensus: tie {'/'.join(map(str, sizes))}, {how}"
        return f"consensus: {self.agree}/{self.total} agree, {how}"


def vote(
    candidates: Sequence[Candidate],
    *,
    kind: str = "auto",
    method: str = "weighted",
    schema: Mapping[str, Any] | None = None,
) -> Verdict:
    """Group the candidates by key and pick the heaviest group. Raises ValueError on bad input."""
    if not candidates:
        raise ValueError("vote needs at least one candidate")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    texts = [c.text for c in candidates]
    used = _auto_kind(texts) if kind == "auto" else kind
    keys = [_KEYS[used](t, schema) for t in texts]
    if used != "text" and all(k is None for k in keys):
        used, keys = "text", [_text(t) for t in texts]
    confs = [confidence(c.logprobs) for c in candidates]
    if method == "weighted" and any(c is None for c in confs):
        method = "majority"
    weights = [c or 0.0 for c in confs] if method == "weighted" else [1.0] * len(candidates)

    groups: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(i)
    weight_of = {key: math.fsum(weights[i] for i in members) for key, members in groups.items()}
    ranked = [-1.0 if c is None else c for c in confs]  # for picking the best member
    disagreement = len(candidates) >= 2 and all(len(m) == 1 for m in groups.values())
    tie, pick = False, 0
    members: list[int] = []
    if groups:
        top = max(weight_of.values())
        tied = [k for k in groups if math.isclose(weight_of[k], top, rel_tol=1e-9)]
        tie = len(tied) > 1
        members = groups[max(tied, key=lambda k: (max(ranked[i] for i in groups[k]), -groups[k][0]))]
        if used == "text":
            if disagreement:  # no exact matches: the answer most consistent with the others
                voters = [i for i, key in enumerate(keys) if key is not None]
                members = [voters[medoid([texts[i] for i in voters])]]
            pick = members[medoid([texts[i] for i in members])]
        else:
            pick = max(members, key=lambda i: (ranked[i], -i))
    total_weight = math.fsum(weights)
    share = math.fsum(weights[i] for i in members) / total_weight if total_weight > 0 else 0.0
    return Verdict(
        answer=texts[pick], key=keys[pick] if members else None, kind=used, method=method,
        agree=len(members), total=len(candidates), confidence=min(1.0, share), tie=tie,
        disagreement=disagreement,
        ballots=tuple(Ballot(c, keys[i], weights[i], confs[i], i in members) for i, c in enumerate(candidates)),
    )
