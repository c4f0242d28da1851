"""What the developer tools' recognisers share: a message split into its question and the text it is about, a
subject read out of the question, and a text quoted back in a tool's answer.

A question names its text in one of three ways: in quotes or backticks ("What is the MD5 of 'password'?"),
after a colon ("Decode this base64: bGxvcmNo..."), or piped after it (`llorch run` joins a prompt and stdin
with a blank line: `cat cfg.json | llorch run "Is this valid JSON?"`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["and_joined", "LEAD", "POLITE", "WHAT", "asked_parts", "clipped", "cut", "joined_items", "plain_question",
           "quoted_texts", "shown", "shown_first", "subject", "unquoted"]

_MAX_QUESTION = 400
# What a request may open with before its verb: "please", "ok,", "hey", "can you", "could you please".
LEAD = r"^\s*(?:(?:please|ok|okay|hey)(?:\s*,\s+|\s+))?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?"
# A polite word at a request's end ("…, please", "… for me", "… thanks"), for a pattern to allow after its
# request.
POLITE = r"(?:\s*,\s+|\s+)(?:please|thanks|thank\s+you|for\s+me)"
_QUOTED = re.compile(r"^(?:\"(?P<a>[^\"]*)\"|“(?P<b>[^”]*)”|'(?P<c>[^']*)'|‘(?P<d>[^’]*)’|`(?P<e>[^`]*)`)$",
                     re.DOTALL)
_THIS = re.compile(r"^(?:this|that|it|these|the\s+following|below|the\s+text(?:\s+below)?|"
                   r"(?:this|the\s+following|my|the)\s+(?:\w+\s+)?(?:text|string|file|message|document|code|"
                   r"snippet|config|configuration|data|input|output|payload|value|line|list|object|one))"
                   r"(?:\s+below)?$", re.IGNORECASE)
_QUOTES = re.compile(r"(?<!\w)(?:\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]*'(?!\w)|‘[^’\n]*’|`[^`\n]*`)")
_POLITE = re.compile(r"(?:\s*,\s+|\s+)(?:for\s+me|please|for\s+me\s+please)$", re.IGNORECASE)
_NAMED = re.compile(r"^(?:the\s+)?(?:string|word|text|phrase|sentence|password|input|value)\s+", re.IGNORECASE)
# A URL's scheme ("https://"); bounded, as schemes are short: unbounded, "a-a-a-…" took seconds to scan.
_SCHEME = re.compile(r"\b[a-z][a-z0-9+.-]{0,31}://", re.IGNORECASE)
_VAGUE = re.compile(r"^(?:the|my|your|our|their|his|her|its|a|an|some|this|that|these|those)\s", re.IGNORECASE)


def asked_parts(message: str) -> list[tuple[str, str]]:
    """The ways to read a message as (question, text), most likely first: the question before a colon (one outside
    quotes) and the text after it; the first line whole and what follows a blank line (the text piped after it);
    the question up to its question mark and a bracketed or quoted text after it on the line ("What's wrong with
    this JSON? {...}"; prose after it is the user's own words).
    Only readings whose question is one short line."""
    whole = message.strip()
    first, _, rest = whole.partition("\n\n")
    piped = rest.strip()
    readings = []
    colon = _colon(first)
    if colon >= 0 and first[colon + 1:].strip():
        readings.append((first[:colon].strip(), (first[colon + 1:] + ("\n\n" + rest if rest else "")).strip()))
    readings.append((first.strip().rstrip(":").rstrip(), piped))
    mark = first.find("? ")
    if mark > 0 and "\n" not in first[:mark] and first[mark + 2:].lstrip()[:1] in tuple("{[<\"'`“‘"):
        readings.append((first[:mark + 1].strip(), (first[mark + 2:] + ("\n\n" + rest if rest else "")).strip()))
    return [(q, t) for q, t in readings if q and "\n" not in q and len(q) <= _MAX_QUESTION]


def plain_question(message: str) -> str | None:
    """The message when it is one short line that gives no text with it (after a colon or a blank line), else None."""
    whole = message.strip()
    if "\n" in whole or len(whole) > _MAX_QUESTION:
        return None
    colon = _colon(whole)
    return None if colon >= 0 and whole[colon + 1:].strip() else whole


def _colon(line: str) -> int:
    """Where the first colon outside quotes, backticks and a URL's scheme is in `line`, or -1."""
    masked = _QUOTES.sub(lambda m: "x" * len(m.group(0)), line)
    if "://" in masked:
        masked = _SCHEME.sub(lambda m: "x" * len(m.group(0)), masked)
    if "\n" in masked[:masked.find(":")]:
        return -1
    return masked.find(":")


def unquoted(text: str) -> str | None:
    """What is inside the quotes or backticks that make up all of `text`, or None."""
    match = _QUOTED.match(text.strip())
    return next((g for g in match.groups() if g is not None), None) if match is not None else None


def quoted_texts(line: str) -> list[str]:
    """The texts in quotes or backticks in `line`, in order ("'a b' and `c`": a b, c; an apostrophe is no quote)."""
    return [inner for m in _QUOTES.finditer(line) if (inner := unquoted(m.group(0)))]


def subject(named: str, text: str, *, words: int = 6) -> str | None:
    """The text a question's words name: quoted ("'password'"), "the string abc", a few bare words ("hello world"),
    or "this"/"the following" for the text after the colon or the blank line. None when it is vaguer than that
    ("my password", "the file I sent") or names "this" with no text to go with it."""
    said = _POLITE.sub("", named.strip().rstrip("?!").strip())
    inner = unquoted(said)
    if inner is not None:
        return inner if inner and not text else None
    said = _NAMED.sub("", said).strip()
    inner = unquoted(said)
    if inner is not None:
        return inner if inner and not text else None
    if _THIS.match(said):
        return text or None
    if not said or text or _VAGUE.match(said) or len(said.split()) > words:
        return None
    return said


def shown(text: str, limit: int = 60) -> str:
    """`text` quoted for a tool's answer, or its start when it is long or runs over lines."""
    if len(text) <= limit and "\n" not in text:
        return f"“{text}”"
    first = text.strip().splitlines()[0] if text.strip() else ""
    return f"the text starting “{first[:limit // 2].rstrip()}…” ({len(text):,} characters)"


def shown_first(text: str, limit: int = 60) -> str:
    """`shown(text)` to begin a sentence with: “abc” as it is, "the text starting …" as "The text starting …"."""
    said = shown(text, limit)
    return said[:1].upper() + said[1:]


def joined_items(found: list[str], joined: str, shown: int = 200) -> str:
    """Items joined for a result, the first `shown` of them and how many more: a tool's words stay readable
    however long its list (its data holds them all)."""
    more = f"{joined}… ({len(found) - shown:,} more)" if len(found) > shown else ""
    return ("\n" if joined == "\n" else "") + joined.join(found[:shown]) + more


def and_joined(items: Sequence[str]) -> str:
    """Items as a phrase: "a", "a and b", "a, b and c" ("" for none)."""
    return " and ".join(items) if len(items) < 3 else ", ".join(items[:-1]) + " and " + items[-1]


def clipped(text: str, limit: int) -> str:
    """`text`, or its start and "..." when it is longer than `limit` characters (a cell, a line, an expression in a
    tool's result or error)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


# The words naming a list in a question ("these", "the following", "my list of"): a sort's and a dedupe's
WHAT = r"(?:\s+(?:these|this|the\s+following|the|my))?(?:\s+(?:list\s+of|\w+)){0,2}?"


def cut(q: str, match: re.Match[str]) -> str:
    """`q` without what `match` found in it."""
    return (q[:match.start()] + " " + q[match.end():]).strip()
