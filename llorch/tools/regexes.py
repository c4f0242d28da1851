"""The `regex` tool: whether a regular expression matches a text, where, and its groups, found by running it
(the `regex` package, Python's syntax, with a time limit) rather than by reading it.

Asked 'Does the regex ^[a-z]+\\d{2}$ match "abc123"?', the 1.5B said yes (the three digits fail \\d{2}$).
`regex_asked` recognises a message that plainly asks such a thing, so that it goes to the tool before the model
answers (chat/conversation.py's exact step). The text is searched as grep and JavaScript's test() do: a match
anywhere counts unless the pattern is anchored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import regex

from llorch.errors import ToolError
from llorch.tools.asking import asked_parts, shown, subject, unquoted
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["RegexTool", "match", "regex_asked"]

_MAX_TEXT = 1_000_000
_TIMEOUT_S = 2.0
# The `regex` package compiles a counted repeat into that many copies, with no time limit and deaf to Ctrl-C:
# x{1000000} took 280 MB and (a{1000}){1000} as much, and a{1000000000} ran until the kernel killed it (x{10000}:
# 18 MB). A count, and the copies nested and chained counts make together, are refused over these.
_MAX_COUNT = 10_000
_MAX_COPIES = 100_000
_SHOWN_MATCHES = 8
_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}
_DELIMITED = re.compile(r"^/(?P<body>(?:[^/\\]|\\.)+)/(?P<flags>[gimsuyx]*)$")
_COUNTED = re.compile(r"\{(\d*),?(\d*)\}")


def match(pattern: str, text: str, flags: str = "") -> tuple[dict[str, Any], str]:
    """Run `pattern` over `text` (flags: any of i, m, s, x; a JavaScript-style /pattern/flags is read as one):
    what it matched as data, and in a sentence."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"regex: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    delimited = _DELIMITED.match(pattern)
    if delimited is not None:
        pattern, flags = delimited.group("body"), flags + delimited.group("flags")
    compiled = _compile(pattern, flags)
    found = _matches(compiled, text)
    seen = f"the pattern {pattern}{f' (flags {flags})' if flags else ''}"
    if not found:
        said = f"No: {seen} does not match {shown(text)}"
        loose = pattern.removeprefix("^").removesuffix("$") if pattern.startswith("^") or \
            (pattern.endswith("$") and not pattern.endswith("\\$")) else ""
        near = _matches(_compile(loose, flags), text)[:1] if loose else []
        if near:
            said += f"; without its anchors (^ and $) it would match “{near[0].group(0)}”"
        return {"matches": False, "whole": False, "count": 0, "first": None}, said + "."
    first = found[0]
    whole = first.span() == (0, len(text))
    where = "all of it" if whole else f"“{first.group(0)}” (characters {first.start() + 1} to {first.end()})" \
        if first.group(0) else f"an empty match at character {first.start() + 1}"
    said = f"Yes: {seen} matches {shown(text)}: {where}"
    groups = [f"group {name} “{value}”" for name, value in _groups(first)]
    if groups:
        said += f", with {', '.join(groups)}"
    if len(found) > 1:
        listed = ", ".join(f"“{m.group(0)}”" for m in found[:_SHOWN_MATCHES])
        said += f"; {len(found):,} matches in all: {listed}{' …' if len(found) > _SHOWN_MATCHES else ''}"
    data = {"matches": True, "whole": whole, "count": len(found), "first": first.group(0), "span": list(first.span()),
            "groups": dict(_groups(first)), "all": [m.group(0) for m in found[:100]]}
    return data, said + "."


def _compile(pattern: str, flags: str) -> Any:
    bits = 0
    for letter in flags.replace("g", "").replace("u", "").replace("y", ""):
        if letter not in _FLAGS:
            raise ToolError(f"regex: unknown flag {letter!r}; flags: i (ignore case), m (multiline), s (dot matches "
                            "newlines), x (verbose)")
        bits |= _FLAGS[letter]
    _check_counts(pattern, verbose="x" in flags)
    try:
        return regex.compile(pattern, bits | regex.V0)
    except regex.error as exc:
        raise ToolError(f"regex: the pattern {pattern} does not compile: {exc}") from None
    except (RecursionError, OverflowError):
        raise ToolError(f"regex: the pattern {pattern[:40]}… nests or repeats more than llorch compiles") from None


def _check_counts(pattern: str, verbose: bool) -> None:
    """Refuse, before compiling, a pattern whose counted repeats ({n}, {n,}, {n,m}) compile to too many copies:
    each count multiplies the atom or group before it, and what a sequence holds adds up."""
    verbose = verbose or re.match(r"\(\?[a-zA-Z]*x", pattern) is not None
    frames = [[0, 0]]  # per open group: [copies so far, copies of the last atom]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        counted = _COUNTED.match(pattern, i) if char == "{" else None
        if counted is not None and any(counted.groups()):
            numbers = [n for n in counted.groups() if n]
            if any(len(n) > 5 or int(n) > _MAX_COUNT for n in numbers):  # (int() refuses over 4,300 digits)
                said = counted.group(0) if len(counted.group(0)) <= 20 else counted.group(0)[:18] + "…}"
                raise ToolError(f"regex: the repeat {said} counts over {_MAX_COUNT:,}, more than "
                                "llorch compiles; use + or * for any number")
            count = max(int(n) for n in numbers)
            frame = frames[-1]
            frame[0] += frame[1] * (count - 1)
            frame[1] *= count
            if frame[0] > _MAX_COPIES:
                raise ToolError(f"regex: the pattern's counted repeats come to over {_MAX_COPIES:,} copies (nested or "
                                "chained counts multiply and add), more than llorch compiles; use + or * instead")
            i = counted.end()
            continue
        if verbose and char == "#":
            end = pattern.find("\n", i)
            i = len(pattern) if end < 0 else end + 1
            continue
        if verbose and char.isspace() or char in "*+?|^$":
            i += 1
            continue
        if char == "(":
            frames.append([0, 0])
            i += 1
            continue
        if char == ")" and len(frames) > 1:
            inner = frames.pop()[0]
            frames[-1][0] += inner
            frames[-1][1] = inner
            i += 1
            continue
        if char == "[":  # a set is one atom: up to its closing ], which may come first or escaped
            i += 1 + (pattern[i + 1:i + 2] == "^")
            i += pattern[i:i + 1] == "]"
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif char == "\\":
            i += 1
        frames[-1][0] += 1
        frames[-1][1] = 1
        i += 1


def _matches(compiled: Any, text: str) -> list[Any]:
    try:
        return list(compiled.finditer(text, timeout=_TIMEOUT_S))
    except RecursionError:
        raise ToolError("regex: the pattern nests more deeply than llorch runs") from None
    except TimeoutError:
        raise ToolError(f"regex: the pattern took over {_TIMEOUT_S:g} s on this text (catastrophic backtracking: "
                        "nested quantifiers such as (a+)+ are the usual cause)") from None


def _groups(found: Any) -> list[tuple[str, str]]:
    names = {index: name for name, index in found.re.groupindex.items()}
    return [(names.get(i, str(i)), value) for i, value in enumerate(found.groups(), 1) if value is not None]


class RegexTool:
    """Run a regular expression over a text: whether and where it matches, and its groups."""

    name = "regex"
    description = ("Run a regular expression (Python syntax) over a text: whether it matches, where, its groups "
                   "and every match")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "pattern": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "the regular expression"},
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the text to search"},
            "flags": {"type": "string", "maxLength": 8, "description": "i, m, s or x (ignore case, multiline, ...)"},
        },
        "required": ["pattern", "text"],
    }
    positional = ("pattern", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("does the regex ^\\d{3}$ match '1234'?", {"pattern": "^\\d{3}$", "text": "1234"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = match(str(args.get("pattern", "")), str(args.get("text", "")), str(args.get("flags", "") or ""))
        return ToolResult(said, data, verdict=bool(data["matches"]))


# --- recognising a plain request ----------------------------------------------------------------

_RE = r"(?:the\s+)?(?:regex|regexp|regular\s+expression|pattern|re)"
_SLASHED = r"/(?:[^/\\\s]|\\.)+/[gimsuyx]*"
_TOKEN = rf"(?:`[^`]+`|\"[^\"]+\"|“[^”]+”|'[^']+'|‘[^’]+’|{_SLASHED}|\S+)"
# "Does 'hello123' match [a-z]+\d+?": a quoted text and, unnamed, a pattern that looks like one
_UNNAMED_FIRST = re.compile(r"^(?:does|do|will|would)\s+(?P<p>(?![`'\"“‘])\S*[\\^$*+?()\[\]{}|]\S*)\s+"
                            r"(?:match|matches)\s+(?P<t>`[^`]+`|\"[^\"]+\"|“[^”]+”|'[^']+'|‘[^’]+’)\s*[?.!]*$", re.I)
_UNNAMED = re.compile(r"^(?:does|do|will|would)\s+(?P<t>`[^`]+`|\"[^\"]+\"|“[^”]+”|'[^']+'|‘[^’]+’)\s+match\s+"
                      r"(?P<p>(?![`'\"“‘])\S*[\\^$*+?()\[\]{}|]\S*)\s*[.!]*$", re.I)
_ASKED = [
    # "Does the regex ^[a-z]+\d{2}$ match "abc123"?", "Will /\d+/ match 'abc'?"
    re.compile(rf"^(?:does|do|will|would|can)\s+{_RE}\s+(?P<p>{_TOKEN})\s+(?:match|matches|accept|catch|find\s+"
               rf"(?:a\s+match\s+)?in)\s+(?:the\s+(?:string|text|word|input)\s+)?(?P<t>{_TOKEN}|)\s*[?.!]*$", re.I),
    # "Does "abc123" match the regex ^[a-z]+\d{2}$?", "Is 'abc' matched by /a.c/?"
    re.compile(rf"^(?:does|do|will|would)\s+(?:the\s+(?:string|text|word|input)\s+)?(?P<t>{_TOKEN})\s+match\s+"
               rf"{_RE}\s+(?P<p>{_TOKEN})\s*[.!]*$", re.I),
    re.compile(rf"^(?:does|do|will|would)\s+(?P<p>{_SLASHED})\s+(?:match|matches|accept)\s+(?:the\s+(?:string|text|"
               rf"word|input)\s+)?(?P<t>{_TOKEN}|)\s*[?.!]*$", re.I),
    _UNNAMED,
    _UNNAMED_FIRST,  # "Would ^a.*z$ match 'abcz'?"
    re.compile(rf"^is\s+(?:the\s+(?:string|text|word|input)\s+)?(?P<t>{_TOKEN})\s+matched\s+by\s+{_RE}?\s*"
               rf"(?P<p>{_TOKEN})\s*[?.!]*$", re.I),
    # "Test the regex \d+ against 'abc123'"
    re.compile(rf"^(?:test|try|run|check)\s+{_RE}\s+(?P<p>{_TOKEN})\s+(?:against|on|with|over)\s+"
               rf"(?:the\s+(?:string|text|word|input)\s+)?(?P<t>{_TOKEN}|)\s*[?.!]*$", re.I),
]


def regex_asked(message: str) -> dict[str, str] | None:
    """The regex tool's arguments for a message that plainly asks whether a pattern it gives matches a text it gives
    (quoted, one bare word, or after a colon or a blank line), or None. A question mark that ends an unquoted
    pattern is the question's."""
    for question, body in asked_parts(message):
        for pattern in _ASKED:
            found = pattern.match(question.rstrip())
            if found is None:
                continue
            said = found.group("t")
            text = subject(said, body, words=1) if said else body or None
            raw = found.group("p")
            quoted = unquoted(raw)
            if text is None:
                continue
            last = found.start("p") > found.start("t")  # (the question's own "?" may end it)
            final = quoted if quoted is not None else raw.removesuffix("?") if \
                last and raw.endswith("?") and not raw.endswith("\\?") else raw
            if pattern in (_UNNAMED, _UNNAMED_FIRST) and not re.search(r"[\\^$*+?()\[\]{}|]", final):
                continue  # "Does 'color' match colour?": no pattern unless it looks like one
            return {"pattern": final, "text": text}
    return None
