"""Whether an answer is right: a small registry of checkers, strict but fair.

Each item of a task set names its checker (`check`) and what it expects:

    exact         the whole answer, normalised, is the expected text or an accepted variant
    contains-any  the answer holds one of the variants as whole words, and none of `reject`
    number        the answer's final number (as a vote reads it) equals the expected value
    regex         the pattern matches somewhere in the answer (case-insensitive)
    json-fields   the answer is JSON, valid under the item's schema, with the expected fields
    tool-call     the model's decision calls the expected tool with the expected arguments,
                  or calls nothing when nothing is expected

Text is compared normalised (Unicode NFKC, case, quotes, punctuation at the ends, spacing),
numbers numerically. Inside json-fields and tool-call an expected value may be a matcher,
an object of one key: {"any": [...]}, {"contains": [...]}, {"contains-all": [...]},
{"number": N}, {"evaluates-to": N} (an expression, by llorch's math tool) and
{"when": "tomorrow 15:00"} (a date or time, read as the calendar reads it).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

__all__ = ["CHECKERS", "CheckContext", "Checker", "check", "matches", "normalise_text", "validate_expected"]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u2212": "-"})
_EDGE = " \t\n\"'`*_.,;:!?()[]{}<>«»"
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_REL_TOLERANCE = Fraction(1, 10**9)  # float noise in a model's decimals or a schema's numbers


@dataclass(frozen=True)
class CheckContext:
    """What a checker may need beyond the answer: the clock dates are read against."""

    now: datetime = field(default_factory=lambda: datetime.now().astimezone())


def normalise_text(text: str) -> str:
    """Text as compared: NFKC, case-folded, straight quotes, single spaces, no punctuation at the ends."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(text.split()).strip(_EDGE)


def _words_in(needle: str, haystack: str) -> bool:
    """Whether `needle` occurs in `haystack` as whole words (both normalised): "au" is in "it is au", not in "august"."""
    needle = normalise_text(needle)
    return bool(needle) and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", normalise_text(haystack)) is not None


def _fraction(value: Any) -> Fraction | None:
    """A number (or a numeric string: 12, -3.5, 1,234, 3/4, 1e6) as an exact fraction; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str):
        raw = value.strip().replace(",", "").replace("\u2212", "-")
        try:
            return Fraction(raw)
        except (ValueError, ZeroDivisionError):
            return None
    return None


def _same_number(got: Fraction, want: Fraction) -> bool:
    """Whole numbers exactly (a big product off by one is wrong); others within float noise."""
    if got == want:
        return True
    if got.denominator == 1 and want.denominator == 1:
        return False
    return abs(got - want) <= _REL_TOLERANCE * max(abs(want), Fraction(1, 10**6))


def _final_number(answer: str) -> Fraction | None:
    """The number an answer ends on, as llorch's vote reads it ("The answer is 42", "= 42", the last number)."""
    from llorch.orchestra.consensus import normalise

    key = normalise(answer, "number")[1]
    return _fraction(key) if key is not None else None


# --- matchers: expected values inside json-fields and tool-call -------------------------------------

MATCHERS = ("any", "contains", "contains-all", "number", "evaluates-to", "when")


def _matcher(expected: Any) -> tuple[str, Any] | None:
    if isinstance(expected, Mapping) and len(expected) == 1:
        key = next(iter(expected))
        if key in MATCHERS:
            return key, expected[key]
    return None


def matches(expected: Any, got: Any, ctx: CheckContext) -> bool:
    """Whether `got` (a JSON value the model produced) is what `expected` asks for.

    Strings compare normalised, numbers numerically (a numeric string counts as its number),
    lists item by item, objects by the expected keys (more keys in `got` are fine); an object of
    one matcher key (see the module docstring) applies that matcher."""
    spec = _matcher(expected)
    if spec is not None:
        return _MATCH[spec[0]](spec[1], got, ctx)
    if isinstance(expected, Mapping):
        return isinstance(got, Mapping) and all(k in got and matches(v, got[k], ctx) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(
            matches(e, g, ctx) for e, g in zip(expected, got))
    if isinstance(expected, bool) or expected is None:
        return got is expected
    if isinstance(expected, (int, float)):
        want, have = _fraction(expected), _fraction(got)
        return want is not None and have is not None and _same_number(have, want)
    if isinstance(expected, str):
        return isinstance(got, str) and normalise_text(got) == normalise_text(expected)
    return bool(expected == got)


def _match_any(options: Any, got: Any, ctx: CheckContext) -> bool:
    return any(matches(option, got, ctx) for option in options)


def _match_contains(words: Any, got: Any, ctx: CheckContext) -> bool:
    text = _flat_text(got)
    return text is not None and any(_words_in(str(w), text) for w in words)


def _match_contains_all(words: Any, got: Any, ctx: CheckContext) -> bool:
    text = _flat_text(got)
    return text is not None and all(_words_in(str(w), text) for w in words)


def _flat_text(got: Any) -> str | None:
    """A string, or a list of strings joined (an email's points), for a words test."""
    if isinstance(got, str):
        return got
    if isinstance(got, list) and all(isinstance(g, str) for g in got):
        return "\n".join(got)
    return None


def _match_number(want: Any, got: Any, ctx: CheckContext) -> bool:
    w, g = _fraction(want), _fraction(got)
    return w is not None and g is not None and _same_number(g, w)


def _match_evaluates_to(want: Any, got: Any, ctx: CheckContext) -> bool:
    """An expression the math tool would be given: right when it evaluates to `want` (so "2^40",
    "2**40" and "pow(2, 40)" all count)."""
    from llorch.errors import ToolError
    from llorch.tools.evaluator import evaluate

    if not isinstance(got, str):
        return False
    try:
        value = evaluate(got)
    except (ToolError, ValueError, ArithmeticError):
        return False
    w = _fraction(want)
    g = value if isinstance(value, Fraction) else _fraction(value)
    return w is not None and g is not None and _same_number(g, w)


def _match_when(want: Any, got: Any, ctx: CheckContext) -> bool:
    """A date or time in any words the calendar understands: "tomorrow 3pm", "tomorrow at 15:00" and
    the ISO form of that moment all match {"when": "tomorrow 15:00"}. An expected day without a time
    matches any time on that day only if the model named no time either."""
    from llorch.errors import ToolError
    from llorch.tools.dates import parse_moment

    if not isinstance(got, str):
        return False
    try:
        expected = parse_moment(str(want), ctx.now)
        actual = parse_moment(got, ctx.now)
    except ToolError:
        return False
    if not expected.has_time:
        return actual.when.date() == expected.when.date()
    return actual.has_time and actual.when == expected.when


_MATCH: dict[str, Callable[[Any, Any, CheckContext], bool]] = {
    "any": _match_any,
    "contains": _match_contains,
    "contains-all": _match_contains_all,
    "number": _match_number,
    "evaluates-to": _match_evaluates_to,
    "when": _match_when,
}


# --- checkers -------------------------------------------------------------------------------

Checker = Callable[[str, Any, Mapping[str, Any], CheckContext], bool]  # (answer, expected, item options, ctx)


def _variants(expected: Any, options: Mapping[str, Any]) -> list[str]:
    first = expected if isinstance(expected, list) else [expected]
    return [str(v) for v in [*first, *options.get("accept", ())]]


def _exact(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    said = _LEADING_ARTICLE.sub("", normalise_text(answer))
    return any(said == _LEADING_ARTICLE.sub("", normalise_text(v)) for v in _variants(expected, options))


def _contains_any(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    """One variant in the answer, as whole words, and no rejected one: "Rome or Venice" is not an answer."""
    if any(_words_in(str(r), answer) for r in options.get("reject", ())):
        return False
    return any(_words_in(v, answer) for v in _variants(expected, options))


def _number(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    got, want = _final_number(answer), _fraction(expected)
    return got is not None and want is not None and _same_number(got, want)


def _regex(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    """The pattern (or an `accept` one) found in the answer, and no `reject` pattern: a shell answer must give the
    flag that does it, and not the one that does something else beside it."""
    if any(re.search(r, answer, re.IGNORECASE) for r in options.get("reject", ())):
        return False
    return any(re.search(p, answer, re.IGNORECASE) for p in (str(expected), *options.get("accept", ())))


def _json_value(answer: str) -> Any:
    """The JSON object an answer is (or, failing that, the first one in it); None when there is none."""
    text = answer.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    start = text.find("{")
    if start < 0:
        return None
    try:
        return json.JSONDecoder().raw_decode(text, start)[0]
    except ValueError:
        return None


def _json_fields(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    """Valid JSON under the item's schema (when it has one), holding the expected fields."""
    import jsonschema

    value = _json_value(answer)
    if value is None:
        return False
    schema = options.get("schema")
    if schema is not None:
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError:
            return False
    return matches(expected, value, ctx)


def _tool_call(answer: str, expected: Any, options: Mapping[str, Any], ctx: CheckContext) -> bool:
    """The decision (`{"name": ..., "arguments": {...}}`, or `{"name": "none"}`) against one expected
    outcome or a list of acceptable ones: {"tool": NAME, "arguments": {...}} or {"tool": null}."""
    from llorch.tools.calls import read_call

    call = read_call(answer)
    for outcome in expected if isinstance(expected, list) else [expected]:
        tool = outcome.get("tool")
        if tool is None:
            if call is None:
                return True
        elif call is not None and call.name == tool and matches(outcome.get("arguments", {}), dict(call.arguments), ctx):
            return True
    return False


CHECKERS: dict[str, Checker] = {
    "exact": _exact,
    "contains-any": _contains_any,
    "number": _number,
    "regex": _regex,
    "json-fields": _json_fields,
    "tool-call": _tool_call,
}


def check(name: str, answer: str, expected: Any, options: Mapping[str, Any] | None = None,
          ctx: CheckContext | None = None) -> bool:
    """Whether `answer` is right by checker `name`. `options`: the item's accept, reject and schema."""
    return CHECKERS[name](answer, expected, options or {}, ctx or CheckContext())


# --- what each checker expects (task files are checked when they are read) ---------------------

def validate_expected(name: str, expected: Any, options: Mapping[str, Any]) -> str | None:
    """Why `expected` (with the item's options) does not suit checker `name`, or None when it does."""
    if name not in CHECKERS:
        return f"unknown check {name!r} (checks: {', '.join(CHECKERS)})"
    for key in ("accept", "reject"):
        values = options.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"{key!r} must be a list of strings"
    if name in ("exact", "contains-any"):
        variants = expected if isinstance(expected, list) else [expected]
        if not variants or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip()
                                   for v in variants):
            return f"{name} expects a non-empty answer or a list of them"
    elif name == "number":
        if _fraction(expected) is None:
            return f"number expects a number, got {expected!r}"
    elif name == "regex":
        if not isinstance(expected, str):
            return "regex expects a pattern (a string)"
        for pattern in (expected, *options.get("accept", ()), *options.get("reject", ())):
            try:
                re.compile(pattern)
            except re.error as exc:
                return f"the regex {pattern!r} does not compile ({exc})"
    elif name == "json-fields":
        if not isinstance(expected, Mapping) or not expected:
            return "json-fields expects an object of the fields to compare"
        schema = options.get("schema")
        if schema is not None:
            import jsonschema

            try:
                jsonschema.validators.validator_for(schema).check_schema(schema)
            except jsonschema.SchemaError as exc:
                return f"its schema is not a valid JSON schema ({exc.message})"
    elif name == "tool-call":
        outcomes = expected if isinstance(expected, list) else [expected]
        for outcome in outcomes:
            if not isinstance(outcome, Mapping) or "tool" not in outcome:
                return 'tool-call expects {"tool": NAME or null, "arguments": {...}} or a list of them'
            if outcome["tool"] is not None and not isinstance(outcome["tool"], str):
                return "a tool-call's tool must be a name or null"
            if not isinstance(outcome.get("arguments", {}), Mapping):
                return "a tool-call's arguments must be an object"
    return _bad_matcher(expected) if name in ("json-fields", "tool-call") else None


def _bad_matcher(expected: Any) -> str | None:
    """Why a matcher somewhere inside `expected` is malformed, or None."""
    spec = _matcher(expected)
    if spec is not None:
        key, value = spec
        if key in ("any", "contains", "contains-all") and (not isinstance(value, list) or not value):
            return f"{{{key!r}: ...}} needs a non-empty list"
        if key in ("number", "evaluates-to") and _fraction(value) is None:
            return f"{{{key!r}: ...}} needs a number"
        if key == "when" and not isinstance(value, str):
            return "{'when': ...} needs a date or time as text"
        inner = value if key == "any" else []
        return next((why for why in map(_bad_matcher, inner) if why), None)
    if isinstance(expected, Mapping):
        return next((why for why in map(_bad_matcher, expected.values()) if why), None)
    if isinstance(expected, list):
        return next((why for why in map(_bad_matcher, expected) if why), None)
    return None
