"""Things listed one a line, counted: `git log --oneline | llorch run "How many commits are there?"`.

Of four commits piped, the 1.5B said 5. `items_asked` recognises a question that asks how many of some plural noun
a piped list holds ("How many files are listed?", "How many packages are installed?", "Count the entries.") and
the count tool counts its non-empty lines (`grep -c .`), one item each. Only nouns that name one thing a line
(commits, files, entries, packages, names, …): "How many errors are there?" or "How many requests returned 500?"
need the lines read, and stay with the other tools or the model.

A header is left out, and said to be: a line with a rule of dashes under it (`pip list`'s "Package Version"), a
first line in capitals over lines that are not (`docker ps`, `ps`), `ls -l`'s "total 48". A text that is not a
plain list is left alone: a delimited table (CSV, TSV, a Markdown table: whether its first line is a header is the
table's question), sections ("Changes not staged for commit:"), indented lines under others (`git log` in full),
or one line with several words in it.
"""

from __future__ import annotations

import re

from llorch.tools.asking import LEAD, clipped

__all__ = ["items_asked", "listed_items", "plain_list"]

# The nouns a list has one of a line, as asked (plural): their singular.
_NOUNS = {
    "commits": "commit", "files": "file", "entries": "entry", "items": "item", "names": "name",
    "packages": "package", "rows": "row", "records": "record", "directories": "directory", "folders": "folder",
    "dirs": "dir", "branches": "branch", "tags": "tag", "dependencies": "dependency", "deps": "dep",
    "modules": "module", "libraries": "library", "processes": "process", "containers": "container",
    "images": "image", "pods": "pod", "hosts": "host", "urls": "URL", "links": "link", "paths": "path",
    "users": "user", "accounts": "account", "tasks": "task", "todos": "todo", "results": "result",
    "matches": "match", "hits": "hit", "people": "person", "contacts": "contact", "emails": "email",
    "addresses": "address", "titles": "title", "songs": "song", "books": "book", "services": "service",
    "remotes": "remote", "stashes": "stash", "plugins": "plugin", "extensions": "extension", "repos": "repo",
    "repositories": "repository", "projects": "project", "domains": "domain",
}
_KIND = r"(?:(?:python|pip|npm|node|git|docker|installed|listed)\s+)?"  # "How many Python packages …"
_NOUN = r"(?P<noun>[a-z]+)"
_PLACE = (r"(?:(?:this|that|the|my)\s+(?:list|log|output|file|text|input|directory|folder|repo|repository|branch)|"
          r"this|that|it|them)")
_WHERE = r"(?:\s+(?:in|on|of)\s+" + _PLACE + r"|\s+(?:here|below|above))?"
_SHOWN = r"(?:listed|installed|shown|printed|included|in\s+total)"
_END = r"\s*[?.!]*\s*$"
_ASKED = [
    # "How many commits are there?", "How many files are listed?", "How many entries are in this log?", "How many
    # names are on this list?", "How many packages are installed?", "How many packages do I have installed?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _KIND + _NOUN + r"(?:\s+(?:are|were)(?:\s+there)?"
               r"(?:\s+" + _SHOWN + r")?|\s+(?:do|did)\s+(?:i|we|you\s+see)(?:\s+have)?(?:\s+" + _SHOWN + r")?)?"
               + _WHERE + _END, re.IGNORECASE),
    # "How many commits does this log have?", "How many files does the output list?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _KIND + _NOUN + r"\s+(?:does|do)\s+" + _PLACE
               + r"\s+(?:have|contain|show|list)" + _END, re.IGNORECASE),
    # "Count the entries.", "Count the number of files listed"
    re.compile(LEAD + r"count\s+(?:up\s+)?(?:the\s+)?(?:number\s+of\s+)?" + _KIND + _NOUN + r"(?:\s+" + _SHOWN
               + r")?" + _WHERE + _END, re.IGNORECASE),
]
_RULE = re.compile(r"[-=+|:\s]*[-=]{3,}[-=+|:\s]*")  # (a header's underline: "---------- -------")
_TOTAL = re.compile(r"total\s+\d+(?:[.,]\d+)?[KMGTP]?", re.IGNORECASE)  # (`ls -l`'s first line)
_CAPS = re.compile(r"[A-Z][A-Z0-9_%/.()-]*(?:\s+[A-Z][A-Z0-9_%/.()-]*)+")  # "CONTAINER ID   IMAGE   STATUS"
_DELIMITERS = (",", "\t", ";", "|")


def items_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks how many things a list piped after it holds, one a line ("How
    many commits are there?" of `git log --oneline`), or None: another noun, or a text that is not a plain list."""
    if not body.strip():
        return None
    match = next((m for p in _ASKED if (m := p.match(question.strip())) is not None), None)
    if match is None:
        return None
    noun = match.group("noun").lower()
    if noun not in _NOUNS or not plain_list(body):
        return None
    return {"text": body, "what": "lines", "items": noun}


def plain_list(body: str) -> bool:
    """Whether `body` reads as a list of one thing a line (after a header, which is left out)."""
    items, _ = _split(body)
    if not items:
        return False
    if len(items) == 1:
        return re.search(r"[\s,;]", items[0].strip()) is None  # "a.txt b.txt c.txt": not one a line
    if any(line.rstrip().endswith(":") for line in items):
        return False  # sections: "Changes to be committed:"
    indented = sum(line[:1].isspace() for line in items)
    if 0 < indented < len(items):
        return False  # lines under others: `git log`'s messages, YAML
    for sign in _DELIMITERS:  # a delimited table: whether its first line is a header is the table's question
        if all(line.count(sign) == items[0].count(sign) > 0 for line in items):
            return False
    return True


def _split(text: str) -> tuple[list[str], str]:
    """The non-empty lines of `text` after a header, and the header as said ("" if none)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) >= 3 and _RULE.fullmatch(lines[1]) and not _RULE.fullmatch(lines[0]):
        return lines[2:], f"the header “{clipped(' '.join(lines[0].split()), 60)}” and the rule under it"
    if len(lines) >= 2 and _TOTAL.fullmatch(lines[0].strip()):
        return lines[1:], f"`ls -l`'s “{lines[0].strip()}” line"
    if len(lines) >= 2 and _CAPS.fullmatch(lines[0].strip()) and not any(_CAPS.fullmatch(x.strip()) for x in lines[1:]):
        return lines[1:], f"the header “{clipped(' '.join(lines[0].split()), 60)}”"
    return lines, ""


def listed_items(text: str, items: str) -> tuple[int, str]:
    """How many `items` (a plural noun: "commits") `text` lists, one a line: its non-empty lines (`grep -c .`),
    a header left out, with what was not counted said."""
    noun = " ".join(items.split()).strip(" .")
    rows, header = _split(text)
    n = len(rows)
    blank = len(text.strip("\n").splitlines()) - len([line for line in text.splitlines() if line.strip()])
    one = _NOUNS.get(noun.lower(), noun)
    how = f" after {header}" if header else ""
    notes = ([] if header else ["as `grep -c .` counts them"]) + ([f"{blank:,} blank line{'' if blank == 1 else 's'} "
                                                                  f"not counted"] if blank else [])
    return n, (f"{n:,} {one if n == 1 else noun}: the text has {n:,} non-empty line{'' if n == 1 else 's'}{how}, "
               f"one {one} each{' (' + '; '.join(notes) + ')' if notes else ''}.")
