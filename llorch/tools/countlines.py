"""Lines that start or end with a text, counted: `cat app.conf | llorch run "How many lines start with #?"`.

That question reached no tool (count.py read lines that contain a text, not lines that start with one), and a small
model counts lines in its head. `edge_lines_asked` reads it ("How many lines start with #?", "… begin with
'import'?", "How many lines end with a semicolon?") over the text piped after it, as the count tool's `what`: "lines
starting with #", "lines ending with ;"; `lines_at_edge` counts them for the tool (countquestions.py and count.py hand them on here).

What counts: a line starts with a text when its first characters are that text, as `grep -c '^#'` counts; an
indented "    # note" does not, and how many more do after their leading spaces is said beside it, where there are
any, so either reading has its number. A line ends with a text when its last characters are, trailing spaces (and
a Windows `\\r`) left off: they are unseen. Case is ripgrep's smart case, as for lines that contain a text: a text in
lower case matches any case, one with a capital matches as written.
"""

from __future__ import annotations

import re

from llorch.errors import ToolError

__all__ = ["edge_lines_asked", "lines_at_edge"]

_MAX_TARGET = 38  # (the count tool's `what` holds 60 characters: "lines starting with ", the text, its quotes)
# The count tool's `what` for them: "lines starting with #", "lines that end with ';'".
_EDGE_WHAT = re.compile(r"lines?\s+(?:that\s+|which\s+)?(?P<edge>start|starts|starting|begin|begins|beginning|end|"
                        r"ends|ending)\s+with\s+(?P<target>.+)", re.IGNORECASE | re.DOTALL)
_QUOTED = re.compile(r"[\"“](?P<a>[^\"“”]+)[\"”]|['‘](?P<b>[^'‘’]+)['’]|`(?P<c>[^`]+)`")
# Characters a question names in words: "end with a semicolon".
_NAMED = {"semicolon": ";", "colon": ":", "comma": ",", "period": ".", "full stop": ".", "dot": ".", "hash": "#",
          "hash sign": "#", "hash mark": "#", "hashtag": "#", "pound sign": "#", "number sign": "#",
          "question mark": "?", "exclamation mark": "!", "exclamation point": "!", "slash": "/",
          "forward slash": "/", "backslash": "\\", "dash": "-", "hyphen": "-", "dollar sign": "$", "at sign": "@",
          "asterisk": "*", "star": "*", "percent sign": "%", "ampersand": "&", "pipe": "|", "tilde": "~",
          "equals sign": "=", "plus sign": "+", "underscore": "_", "greater-than sign": ">", "less-than sign": "<"}
_NAME = "|".join(sorted((re.escape(name).replace(r"\ ", r"\s+") for name in _NAMED), key=len, reverse=True))
_TARGET = (r"(?P<target>[\"“][^\"“”]+[\"”]|['‘][^'‘’]+['’]|`[^`]+`|(?:an?\s+|the\s+)?(?P<name>" + _NAME +
           r")(?=\s*[?.!]*\s*$|\s+(?:in|of|here|below))|[^\s\"'“‘`]\S*?)")
_LEAD = r"^\s*(?:(?:hey|so|ok|okay)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+(?:tell\s+me\s+|count\s+)?)?"
_IN_THIS = (r"(?:in|of)\s+(?:(?:this|that|the|my)\s+(?:log\s+)?(?:text|file|log|output|list|input|document|code|"
            r"config)|this|that|it)")
_ASKED = re.compile(
    _LEAD + r"(?:how\s+many|count\s+(?:the\s+)?(?:number\s+of\s+)?|(?:what(?:'s|’s|\s+is)\s+)?the\s+number\s+of\s+)"
    r"\s*lines\s+(?:" + _IN_THIS + r"\s+)?(?:are\s+there\s+)?(?:that\s+|which\s+)?(?:do\s+)?(?P<edge>start|starts|"
    r"starting|begin|begins|beginning|end|ends|ending)\s+with\s+(?:the\s+(?:word|string|text|prefix|suffix|"
    r"characters?|symbol|sign)\s+)?" + _TARGET + r"(?:\s+" + _IN_THIS + r"|\s+here|\s+below)?(?:\s+are\s+there)?"
    r"\s*[?.!]*\s*$", re.IGNORECASE)
# Kinds of line, not a text to look for: "How many lines start with a capital letter?" stays the model's.
_KINDS = {"whitespace", "space", "tab", "indentation", "indent", "uppercase", "lowercase", "capital", "capitals",
          "letter", "digit", "number", "vowel", "consonant", "comment", "nothing", "blank", "punctuation", "a", "an",
          "the", "any", "no"}
_SHOWN = 10  # line numbers listed


def edge_lines_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a plain question about the lines of `body` (the text piped after it) that start or end
    with a text, or None: "How many lines start with #?" is {"text": body, "what": "lines starting with #"}. A bare
    word is a text to look for unless it names a kind of line ("… start with a capital letter?", "… with numbers?"):
    those stay the model's, as "How many lines don't start with #?" does."""
    if not body.strip():
        return None
    asked = _ASKED.match(question)
    if asked is None:
        return None
    raw = asked.group("target")
    quoted = _QUOTED.fullmatch(raw)
    if asked.group("name"):
        target = _NAMED[" ".join(asked.group("name").lower().split())]
    elif quoted is not None:
        target = next(g for g in quoted.groups() if g is not None)
    else:
        target = raw.rstrip("?.!,;") or raw
        word = target.lower()
        if word in _KINDS or (re.fullmatch(r"[a-z]+", word) is not None and word.endswith("s") and
                              not word.endswith("ss") and len(word) > 3):
            return None  # ("start with numbers": a kind of line)
    if not target.strip() or len(target) > _MAX_TARGET:
        return None
    start = asked.group("edge").lower().startswith(("start", "begin"))
    said = f"“{target}”" if target != target.strip() else target  # (quoted: its spaces are part of it)
    return {"text": body, "what": f"lines {'starting' if start else 'ending'} with {said}"}


def lines_at_edge(text: str, what: str) -> tuple[int, str] | None:
    """How many lines of `text` start (or end) with the text a `what` such as "lines starting with #" names, and
    which, in words; None for any other `what`."""
    edge = _EDGE_WHAT.fullmatch(what.strip())
    if edge is None:
        return None
    raw = edge.group("target")
    quoted = _QUOTED.fullmatch(raw.strip())
    target = next(g for g in quoted.groups() if g is not None) if quoted is not None else raw.strip()
    if not target:
        raise ToolError("count: say what the lines should start or end with")
    start = edge.group("edge").lower().startswith(("start", "begin"))
    smart = target == target.lower() and any(c.isalpha() for c in target)

    def at_edge(line: str, anycase: bool = smart) -> bool:
        seen, sought = (line.casefold(), target.casefold()) if anycase else (line, target)
        return seen.startswith(sought) if start else seen.rstrip().endswith(sought.rstrip() or sought)

    lines = text.splitlines()
    found = [i + 1 for i, line in enumerate(lines) if at_edge(line)]
    indented = [i + 1 for i, line in enumerate(lines) if start and i + 1 not in found and at_edge(line.lstrip())]
    anycase = sum(at_edge(line, True) for line in lines)  # ("ERROR" as written; "error" too, grep -ci's)
    n, total = len(found), len(lines)
    verb = ("starts" if n == 1 else "start") if start else ("ends" if n == 1 else "end")
    how = " (in any case)" if smart else f" ({anycase:,} ignoring case)" if anycase != n else ""
    if indented:  # (an indented "    # note" starts with spaces: said, and the count with it, as either is meant)
        how += " at the very start of the line"
    elif not start:
        how += ", trailing spaces left off"
    if total == 1:
        said = f"The text's one line {verb if n else 'does not ' + ('start' if start else 'end')} with “{target}”{how}."
    else:
        said = (f"{n:,} of the {total:,} lines {verb} with “{target}”{how}: {_numbered(found)}." if n else
                f"None of the {total:,} lines {'starts' if start else 'ends'} with “{target}”{how}.")
    if indented:
        said += (f" Counting the lines that start with it after leading spaces too: {n + len(indented):,} "
                 f"({_numbered(indented)}{' as well' if n else ''}).")
    return n, said


def _numbered(numbers: list[int]) -> str:
    """Line numbers, the first ten: "line 3", "lines 2, 4 and 6", "lines 1, 3, …, 19 and 4 more"."""
    shown = [str(n) for n in numbers[:_SHOWN]]
    more = len(numbers) - len(shown)
    listed = ", ".join(shown) + f" and {more:,} more" if more else \
        (" and ".join(shown) if len(shown) < 3 else ", ".join(shown[:-1]) + " and " + shown[-1])
    return f"line{_s(len(numbers))} {listed}"


def _s(n: int) -> str:
    return "" if n == 1 else "s"
