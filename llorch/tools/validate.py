"""The `validate` tool: whether a text is valid JSON, YAML, TOML, XML or Python, and where it is not, found by
parsing it rather than by reading it; and whether a text is a UUID, and which (uuids.py: an identifier's form, not
a document's syntax).

Asked 'Is this valid JSON: {"a": 1, "b": [1, 2,]}', the 1.5B said yes (JSON allows no trailing comma).
`validate_asked` recognises a message that plainly asks such a thing of a text it gives (inline, after a colon,
or piped: `cat cfg.json | llorch run "Is this valid JSON?"`), so that it goes to the tool before the model
answers (chat/conversation.py's exact step); a piped text is read whole, however long.
"""

from __future__ import annotations

import ast
import json
import re
import tomllib
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from typing import Any

import yaml

from llorch.errors import ToolError
from llorch.tools.asking import asked_parts, subject
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.uuids import uuid_asked, uuid_checked

__all__ = ["FORMATS", "ValidateTool", "validate", "validate_asked"]

_MAX_TEXT = 5_000_000
FORMATS = ("json", "yaml", "toml", "xml", "python", "uuid")
_JSON_WORDS = {"True": "true", "False": "false", "None": "null"}
_NAMES = {"json": "JSON", "yaml": "YAML", "toml": "TOML", "xml": "XML", "python": "Python", "uuid": "UUID"}


def validate(text: str, form: str) -> tuple[dict[str, Any], str]:
    """Parse `text` as `form` (one of FORMATS): whether it is valid and, if not, where and why, as data and in a
    sentence."""
    if form not in FORMATS:
        raise ToolError(f"validate: unknown format {form!r}; formats: {', '.join(FORMATS)}")
    if len(text) > _MAX_TEXT:
        raise ToolError(f"validate: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if form == "uuid":
        return uuid_checked(text)
    name = _NAMES[form]
    try:
        what = _PARSERS[form](text)
    except RecursionError:  # (json, PyYAML and tomllib recurse per level of nesting)
        raise ToolError(f"validate: the text nests deeper than llorch can read as {name} (Python's recursion "
                        "limit); check it with a streaming parser") from None
    except _Invalid as bad:
        where = f"line {bad.line}, column {bad.column}: " if bad.line else ""
        data = {"format": form, "valid": False, "line": bad.line, "column": bad.column, "error": bad.reason}
        return data, f"Not valid {name}: {where}{bad.reason}."
    return {"format": form, "valid": True, "what": what}, f"Valid {name}: {what}."


class _Invalid(Exception):
    def __init__(self, reason: str, line: int = 0, column: int = 0) -> None:
        super().__init__(reason)
        self.reason, self.line, self.column = reason, line, column


def _json(text: str) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Invalid(_json_reason(text, exc), exc.lineno, exc.colno) from None
    return _shape(value, "object", "array")


def _json_reason(text: str, exc: json.JSONDecodeError) -> str:
    """Python's message, with the usual cause named: a trailing comma, single quotes, a comment, a bare key."""
    at = text[exc.pos:exc.pos + 1]
    before = text[:exc.pos].rstrip()[-1:]
    if at in "]}" and at and before == ",":
        return f"a comma before ‘{at}’ (JSON allows no trailing comma)"
    if at == "'":
        return "a single quote (JSON strings and keys take double quotes)"
    if text[exc.pos:exc.pos + 2] in ("//", "/*") or at == "#":
        return "a comment (JSON has none)"
    python = re.match(r"True|False|None", text[exc.pos:exc.pos + 5])
    if python is not None:
        return f"Python's {python.group(0)} (JSON writes {_JSON_WORDS[python.group(0)]})"
    if exc.msg.startswith("Expecting property name") and re.match(r"[A-Za-z_$]", at):
        return "a key without quotes (JSON keys take double quotes)"
    if exc.msg == "Extra data":
        return "more text after the JSON value ends (two values, or a bracket too many?)"
    if exc.msg.startswith("Expecting ',' delimiter"):
        return "a missing comma (or an unclosed bracket or string) before this point"
    return exc.msg[0].lower() + exc.msg[1:]


def _yaml(text: str) -> str:
    try:
        documents = list(yaml.safe_load_all(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise _Invalid(reason or "not YAML", mark.line + 1 if mark else 0, mark.column + 1 if mark else 0) from None
    except yaml.YAMLError as exc:
        raise _Invalid(str(exc)) from None
    if len(documents) > 1:
        return f"{len(documents)} documents"
    return _shape(documents[0] if documents else None, "mapping", "list")


def _toml(text: str) -> str:
    try:
        value = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", str(exc))
        reason = str(exc)[:found.start()] if found else str(exc)
        raise _Invalid(reason[0].lower() + reason[1:] if reason else "not TOML", int(found.group(1)) if found else 0,
                       int(found.group(2)) if found else 0) from None
    tables = sum(isinstance(v, dict) for v in value.values())
    keys = len(value) - tables
    return f"{keys} top-level key{_s(keys)} and {tables} table{_s(tables)}"


def _xml(text: str) -> str:
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        reason = re.sub(r":\s*line \d+, column \d+$", "", str(exc))
        raise _Invalid(reason, line, column + 1) from None
    children = len(root)
    return f"a <{root.tag}> element with {children} child element{_s(children)}"


def _python(text: str) -> str:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)  # ("\d" in a string: valid, with a warning)
            warnings.simplefilter("ignore", DeprecationWarning)  # (the same warning before Python 3.12)
            tree = ast.parse(text)
    except SyntaxError as exc:
        raise _Invalid(f"{exc.msg} (it does not parse, so it cannot run)", exc.lineno or 0, exc.offset or 0) from None
    except ValueError as exc:  # a null byte
        raise _Invalid(str(exc)) from None
    except (MemoryError, RecursionError):  # ("-" * 10000 + "1": a MemoryError from the parser's own stack)
        raise _Invalid("it nests too deeply for Python's parser (thousands of unary operators or brackets, one "
                       "inside another), so it cannot run") from None
    defs = sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))
    classes = sum(isinstance(n, ast.ClassDef) for n in ast.walk(tree))
    return (f"it parses ({defs} function{_s(defs)}, {classes} class{'' if classes == 1 else 'es'}); whether it runs "
            "as meant is another matter")


_PARSERS = {"json": _json, "yaml": _yaml, "toml": _toml, "xml": _xml, "python": _python}


def _shape(value: Any, mapping: str, sequence: str) -> str:
    if isinstance(value, dict):
        keys = list(value)
        named = ", ".join(map(str, keys[:5])) + (", …" if len(keys) > 5 else "")
        return f"{_article(mapping)} {mapping} with {len(keys)} key{_s(len(keys))}{f' ({named})' if keys else ''}"
    if isinstance(value, list):
        return f"{_article(sequence)} {sequence} of {len(value)} item{_s(len(value))}"
    kind = "null" if value is None else "a boolean" if isinstance(value, bool) else \
        "a number" if isinstance(value, (int, float)) else "a string"
    return f"{kind} on its own"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


class ValidateTool:
    """Check that a text is valid JSON, YAML, TOML, XML or Python, or a UUID, and say where it is not."""

    name = "validate"
    description = ("Check that a text is valid JSON, YAML, TOML, XML or Python syntax, or a valid UUID (and give its "
                   "version), and say where it is not")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "format": {"type": "string", "enum": list(FORMATS),
                       "description": "what the text should be (uuid: a UUID, 8-4-4-4-12 hex digits)"},
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the text to check"},
        },
        "required": ["format", "text"],
    }
    positional = ("format", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("is this valid JSON: {\"a\": 1,}", {"format": "json", "text": "{\"a\": 1,}"}),
        ("is 123e4567-e89b-12d3-a456-42661417400 a valid UUID?",
         {"format": "uuid", "text": "123e4567-e89b-12d3-a456-42661417400"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = validate(str(args.get("text", "")), str(args.get("format", "")))
        return ToolResult(said, data, verdict=bool(data["valid"]))


# --- recognising a plain request ----------------------------------------------------------------

_FORMAT = r"(?P<f>json|yaml|yml|toml|xml|python|py)"
_KIND = r"(?:\s+(?:code|file|document|doc|config|configuration|snippet|string|data|object|payload|text|script))?"
_THIS = r"(?P<t>this|that|it|the\s+following|my|the\s+text\s+below|the\s+snippet\s+below)"
_ASKED = [
    # "Is this valid JSON?", 'Is {"a": 1,} valid JSON?', "Is the following a valid YAML file?"
    re.compile(rf"^(?:is|are)\s+(?P<t>.+?)\s+(?:a\s+)?(?:valid|well[\s-]formed)\s+{_FORMAT}{_KIND}\s*[?.!]*$", re.I),
    # "Is this JSON valid?", "Is my YAML file correct?"
    re.compile(rf"^(?:is|are)\s+{_THIS}\s+{_FORMAT}{_KIND}\s+(?:valid|correct|well[\s-]formed|ok|okay)\s*[?.!]*$",
               re.I),
    # "Validate this JSON", "Check this YAML for errors", "Lint my TOML"
    re.compile(rf"^(?:please\s+)?(?:validate|check|lint|verify)\s+{_THIS}\s+{_FORMAT}{_KIND}(?:\s+for\s+(?:syntax\s+)?"
               r"errors|\s+is\s+valid)?\s*[?.!]*$", re.I),
    # "Check if this is valid JSON", "Tell me whether the following is valid YAML"
    re.compile(rf"^(?:please\s+)?(?:check|verify|see|tell\s+me|can\s+you\s+(?:check|tell\s+me))\s+(?:if|whether)\s+"
               rf"{_THIS}\s+(?:is\s+)?(?:a\s+)?(?:valid|well[\s-]formed)\s+{_FORMAT}{_KIND}\s*[?.!]*$", re.I),
    # "What's wrong with this JSON?", "Why is this YAML invalid?", "Does this Python code have a syntax error?"
    re.compile(rf"^what(?:'s|’s|\s+is)\s+wrong\s+with\s+{_THIS}\s+{_FORMAT}{_KIND}\s*[?.!]*$", re.I),
    re.compile(rf"^why\s+(?:is|isn't|isn’t|does|won't|won’t|doesn't|doesn’t)\s+{_THIS}\s+{_FORMAT}{_KIND}\s+"
               r"(?:invalid|not\s+valid|fail(?:\s+to\s+(?:parse|load))?|parse|load)\s*[?.!]*$", re.I),
    re.compile(rf"^(?:does|do)\s+{_THIS}\s+{_FORMAT}{_KIND}\s+have\s+(?:an?\s+|any\s+)?(?:syntax\s+)?errors?\s*[?.!]*$",
               re.I),
]


# "How many top-level keys does this JSON object have?" (the 1.5B: 3 of 4), "How many keys are in this JSON?", "How
# many fields does this YAML have?": the tool's answer says a mapping's keys ("an object with 4 keys (name, …)").
# Top-level said, or no mapping inside it: "How many keys does this JSON have?" of {"a": {"b": 1}} may count "b".
_KEYS = r"how\s+many\s+(?P<top>(?:top|root|outer)[\s-]?level\s+)?(?:keys|fields|properties)\s+"
_KEYED = rf"\s+(?P<f>json|yaml|yml){_KIND}"
_AT_TOP = r"(?P<at>\s+at\s+the\s+(?:top|root|outer)(?:\s+level)?)?\s*[?.!]*$"
_KEYS_ASKED = [
    re.compile(rf"^(?:please\s+)?{_KEYS}(?:does|do)\s+{_THIS}{_KEYED}\s+(?:have|has|contain){_AT_TOP}", re.I),
    re.compile(rf"^(?:please\s+)?{_KEYS}(?:(?:are|is)\s+)?(?:there\s+)?in\s+{_THIS}{_KEYED}{_AT_TOP}", re.I),
]


def _keys_asked(question: str, body: str) -> dict[str, str] | None:
    """The validate tool's arguments for how many keys a JSON object or YAML mapping given with the question has
    (the tool's answer says it), or None: no such question, not one mapping, or keys nested in it not asked about."""
    found = next((m for p in _KEYS_ASKED if (m := p.match(question)) is not None), None)
    if found is None or not body:
        return None
    form = "yaml" if found.group("f").lower() in ("yaml", "yml") else "json"
    value = _mapping(body, form)
    if value is None or not (found.group("top") or found.group("at") or not _holds_mapping(value)):
        return None
    return {"format": form, "text": body}


def _mapping(text: str, form: str) -> dict[Any, Any] | None:
    """`text` read as one JSON object or YAML mapping, or None: another value, not valid, or a key written twice (its
    count is no plain answer: the parser keeps the last)."""
    try:
        if form == "json":
            value = json.loads(text, object_pairs_hook=_once)
            return value if isinstance(value, dict) else None
        node, value = yaml.compose(text, Loader=yaml.SafeLoader), yaml.safe_load(text)
    except (ValueError, yaml.YAMLError, RecursionError):  # (_once's ValueError too)
        return None
    return value if isinstance(value, dict) and isinstance(node, yaml.MappingNode) and len(node.value) == len(value) \
        else None


def _once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict; ValueError for a key written twice."""
    value = dict(pairs)
    if len(value) != len(pairs):
        raise ValueError("a key written twice")
    return value


def _holds_mapping(value: dict[Any, Any]) -> bool:
    """Whether a mapping has one inside it, in its values or their lists at any depth; each list walked once (YAML's
    aliases make a list hold itself, "a: &x [*x]", or the same list twice at every level: walked each time, it ran
    forever or doubled by the level)."""
    stack: list[Any] = list(value.values())
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            return True
        if isinstance(item, list) and id(item) not in seen:
            seen.add(id(item))
            stack.extend(item)
    return False


def validate_asked(message: str) -> dict[str, str] | None:
    """The validate tool's arguments for a message that plainly asks whether a text it gives is valid JSON, YAML,
    TOML, XML or Python, or where it is not; how many keys a JSON object or YAML mapping it gives has; whether a
    UUID it gives is valid, or its version (uuids.py); or None."""
    uuid_given = uuid_asked(message)
    if uuid_given is not None:
        return uuid_given
    for question, body in asked_parts(message):
        keys = _keys_asked(question, body)
        if keys is not None:
            return keys
        for pattern in _ASKED:
            found = pattern.match(question)
            if found is None:
                continue
            said = found.group("t")
            text = body if re.fullmatch(r"this|that|it|the\s+following|my|the\s+\w+\s+below", said, re.I) \
                else subject(said, body, words=200)
            if text:
                form = found.group("f").lower()
                return {"format": {"yml": "yaml", "py": "python"}.get(form, form), "text": text}
    return None
