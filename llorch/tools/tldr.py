"""The `tldr` tool: examples of shell commands from the tldr pages, bundled (no download): a command's page, as a
tldr client shows it (`llorch tool tldr tar`), or the examples that do what a question asks (`llorch tool tldr
"which process is using a port"`), in a terminal with no network, in a chat (`/tool tldr …`) and to MCP clients.

Examples are found by their words (SQLite's FTS5: BM25 ranking, Porter stems), weighed by how well known a command
is (the number of languages its page is translated into: tar 15, an obscure `betty` 1), whether the question names
it, and whether it is installed here; an example must share two of the question's words with its page's name and
its own words (one, for a command the question names).

They are not put before a model's answer. Shown first to the 1.5B, the examples found for a how-to fixed the flag
it got wrong on a first set of questions (`tar … -C`, `sort -u … | wc -l`, `git log --author`), but on 48 fresh
ones (`llorch eval shell`, greedy) it got 42 right with them and 46 without: it follows an example that is near the
question over what it knew ("the environment variables in my shell" became `echo $PATH`; "copy only new files"
with rsync lost its `--update` for a plain `rsync -av`; "keep it running after I log out" lost `nohup`).

The pages (llorch/tools/data/tldr.json.xz, built by scripts/build_tldr.py) are © the tldr-pages team and
contributors, CC BY 4.0 (llorch/tools/data/TLDR-LICENSE.md).
"""

from __future__ import annotations

import functools
import json
import lzma
import math
import re
import shutil
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["DATA", "Example", "Page", "Pages", "TldrTool", "found_text", "plain", "render", "this_platform"]

DATA = Path(__file__).with_name("data") / "tldr.json.xz"
_SHOWN = 6  # examples shown for a question
_PLATFORMS = {"linux": "linux", "darwin": "osx", "win32": "windows", "cygwin": "windows", "freebsd": "freebsd",
              "openbsd": "openbsd", "netbsd": "netbsd", "sunos": "sunos", "android": "android"}


def this_platform() -> str:
    """The tldr platform of this system (pages/<platform>/), as a tldr client picks it."""
    for prefix, platform in _PLATFORMS.items():
        if sys.platform.startswith(prefix):
            return platform
    return "linux"


@dataclass(frozen=True)
class Page:
    """One tldr page: examples are (what it does, the command as written, placeholders and all)."""

    name: str
    platform: str
    description: str
    url: str
    languages: int  # how many languages the page is translated into: how well known the command is
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Example:
    page: Page
    what: str
    command: str  # rendered (render)
    score: float


_OPTION = re.compile(r"\{\{\[([^|\]]*)\|([^\]]*)\]\}\}")


def render(command: str) -> str:
    """A command as written in a page, as a user types it (the tldr client specification): an option placeholder
    `{{[-C|--directory]}}` gives its short form, other placeholders lose their braces (`{{stash@{0}}}` keeps the
    inner ones), and escaped braces `\\{\\{` are literal."""
    text = _OPTION.sub(lambda m: m.group(1) or m.group(2), command)
    out: list[str] = []
    i = 0
    while i < len(text):
        if text.startswith("\\{\\{", i) or text.startswith("\\}\\}", i):
            out.append(text[i + 1] * 2)
            i += 4
        elif text.startswith("{{", i):
            depth, j = 0, i + 2
            while j < len(text):  # the placeholder ends at the `}}` that closes it, past any inner braces
                if text[j] == "{":
                    depth += 1
                elif text.startswith("}}", j) and depth == 0:
                    break
                elif text[j] == "}":
                    depth -= 1
                j += 1
            out.append(text[i + 2:j])
            i = j + 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def plain(what: str) -> str:
    """An example's words without the pages' mnemonic marks: "E[x]tract" is "Extract" (a search reads the word
    whole, and a model copies the brackets)."""
    said = re.sub(r"\[(\w)\]", r"\1", what)
    return said[:1].upper() + said[1:]


def _load(path: Path) -> list[Page]:
    try:
        data = json.loads(lzma.decompress(path.read_bytes()))
    except (OSError, lzma.LZMAError, ValueError) as exc:
        raise ToolError(f"tldr: cannot read the bundled pages {path}: {exc} (reinstall llorch)") from exc
    return [Page(name, platform, said, url, int(languages), tuple((plain(w), c) for w, c in examples))
            for platform, name, said, url, languages, examples in data["pages"]]


# Words of a question that say nothing of what it asks for.
_STOP = frozenset("""a about all an and any are as at be by can could do does for from get give going have how i i'd
i'm if in into is it its it's just let me my need of on one or please show so some tell that the their them then
there these this to too use using want way what what's whats when where which while who why will with would you
your command commands terminal shell bash zsh linux unix macos mac run runs another other specific certain
particular given should good best know""".split())
# The pages' words for a question's: a word is found as itself or as these ("unpack a .tar.xz" is tar's "Extract").
_SAME = {"folder": ("directory",), "folders": ("directories",), "dir": ("directory",), "dirs": ("directories",),
         "repo": ("repository",), "repos": ("repositories",), "erase": ("delete",), "unpack": ("extract",),
         "untar": ("extract", "tar"), "unzip": ("extract",), "decompress": ("extract",), "uncompress": ("extract",),
         "symlink": ("symbolic", "link"), "symlinks": ("symbolic", "links"), "make": ("create",),
         "new": ("create",), "biggest": ("largest",), "bigger": ("larger",), "size": ("sizes",)}
_WORD = re.compile(r"[a-z][a-z0-9_+-]*")
# English words that are also commands' names: a question that says one names no command ("How can I find which
# package provides a file?" is not a question about `find`).
_EVERYDAY = frozenset("""find sort head tail watch time date kill free link split join cut paste file make install
less more touch top yes who write look read which locate history alias export echo cat man nice at cal tree stat
mount pass open say print test sleep wait type jobs units factor diff patch ping host screen go rust java python
node ruby perl php lua r c true false from as for last w id do done case if then else fi while until select trap
set env fold fmt cmp comm expand shuf tr uniq wc seq tee""".split())


def _terms(text: str) -> list[tuple[str, ...]]:
    """The words of a question a search looks for, each with the pages' words for it (numbers, paths and the
    words of every question left out)."""
    seen: list[tuple[str, ...]] = []
    text = re.sub(r"\S*/\S*", " ", text)  # (a path is the user's own: "/opt/app")
    for word in _WORD.findall(text.lower()):
        word = word.strip("-_+")
        if len(word) > 1 and word not in _STOP and all(word != t[0] for t in seen):
            seen.append((word, *_SAME.get(word, ())))
    return seen


@functools.cache
def _installed(name: str) -> bool:
    return shutil.which(name) is not None


class Pages:
    """The pages of this platform and the common ones, searchable. `installed` says whether a command is on this
    system (shutil.which; tests pass their own)."""

    def __init__(self, pages: Iterable[Page], *, platform: str | None = None,
                 installed: Callable[[str], bool] = _installed) -> None:
        self.platform = platform or this_platform()
        self.installed = installed
        self._all = list(pages)
        self._names: dict[str, Page] = {}
        for page in self._all:  # this platform's page wins over the common one of the same name
            if page.platform not in ("common", self.platform):
                continue
            if page.platform == self.platform or page.name not in self._names:
                self._names[page.name] = page
        self._lock = threading.Lock()  # one connection, searched from any thread (each use under the lock)
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            self._db.execute("CREATE VIRTUAL TABLE ex USING fts5(name, description, what, command, "
                             "tokenize='porter unicode61')")
        except sqlite3.OperationalError as exc:
            raise ToolError(f"tldr: this Python's SQLite has no full-text search (FTS5): {exc}") from exc
        self._rows: list[tuple[Page, str, str]] = []
        for page in self._names.values():
            for what, command in page.examples:
                shown = render(command)
                self._rows.append((page, what, shown))
                self._db.execute("INSERT INTO ex(rowid, name, description, what, command) VALUES (?, ?, ?, ?, ?)",
                                 (len(self._rows) - 1, page.name, page.description, what, shown))

    @classmethod
    @functools.cache
    def bundled(cls) -> Pages:
        """The pages shipped with llorch, for this platform (read once per process: about half a second)."""
        return cls(_load(DATA))

    def page(self, name: str) -> Page | None:
        """The page of a command as a tldr client resolves it: lowercase, spaces as dashes (`git stash` is
        git-stash), this platform's page, then the common one, then any other platform's."""
        key = "-".join(name.lower().split())
        found = self._names.get(key) or self._names.get(key.replace("-", " "))
        if found is None:
            found = next((p for p in self._all if p.name in (key, key.replace("-", " "))), None)
        return found

    def mentioned(self, text: str) -> list[Page]:
        """The pages whose command the text names ("git stash", "tar"), longest name first."""
        words = re.findall(r"[a-z0-9][a-z0-9._+-]*", text.lower())
        found: list[Page] = []
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                page = self._names.get(" ".join(words[i:i + size]))
                if page is not None and page not in found:
                    found.append(page)
        return found

    def search(self, question: str, k: int = _SHOWN) -> list[Example]:
        """The examples that best do what `question` asks, best first: BM25 over the pages' names, descriptions,
        examples' words and commands, weighed by how well known a command is, whether the question names it and
        whether it is installed. Only examples that share at least two of the question's words with a page's
        name and an example's words (one, for a command the question names) are given."""
        terms = _terms(question)
        if not terms:
            return []
        named = {p.name.split()[0] for p in self.mentioned(question)} - _EVERYDAY  # ("How can I find which …")
        query = " OR ".join('"' + t.replace('"', "") + '"' for term in terms for t in term)
        with self._lock:
            got = self._db.execute("SELECT rowid, bm25(ex, 4.0, 1.0, 2.0, 1.0) FROM ex WHERE ex MATCH ? "
                                   "ORDER BY 2 LIMIT 200", (query,)).fetchall()
            if not got:
                return []
            ids = ",".join(str(rowid) for rowid, _ in got)
            shared: dict[int, int] = {}
            for term in terms:  # how many of the question's words each found example has, in its name or words
                either = " OR ".join('"' + t.replace('"', "") + '"' for t in term)
                for (rowid,) in self._db.execute(f"SELECT rowid FROM ex WHERE rowid IN ({ids}) AND ex MATCH ?",
                                                 ("{name what}: (" + either + ")",)):
                    shared[rowid] = shared.get(rowid, 0) + 1
        scored: list[Example] = []
        for rowid, rank in got:
            page, what, command = self._rows[rowid]
            first = page.name.split()[0]
            need = 1 if first in named else 2
            if shared.get(rowid, 0) < need:
                continue
            weight = (1 + 0.5 * math.log1p(page.languages)) * (1.5 if first in named else 1.0) \
                * (1.2 if self.installed(first) else 1.0)
            scored.append(Example(page, what, command, -rank * weight))
        scored.sort(key=lambda e: -e.score)
        if not scored:
            return []
        best = scored[0].score
        return [e for e in scored[:k] if e.score >= best / 2]


def _show_page(page: Page, platform: str) -> str:
    lines = [f"{page.name} — {page.description}".rstrip(" —")]
    if page.platform not in ("common", platform):
        lines[0] += f" ({page.platform}'s page: this system is {platform})"
    for what, command in page.examples:
        lines.append(f"- {what}:\n    {render(command)}")
    if page.url:
        lines.append(f"More: {page.url}")
    return "\n".join(lines)


def found_text(examples: Sequence[Example]) -> str:
    """Examples as a list a person and a model read: what each does, its command, and its page."""
    return "\n".join(f"- {e.what}: `{e.command}` ({e.page.name})" for e in examples)


class TldrTool:
    """Examples of shell commands from the bundled tldr pages: a command's page, or the examples for a question."""

    name = "tldr"
    description = ("Examples of shell commands from the tldr pages (bundled): a command's page (tar, git stash) or "
                   "the examples that do what a question asks (extract a tar.gz into a directory)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "query": {"type": "string", "maxLength": 300,
                      "description": "a command's name, or what to do in words"},
        },
        "required": ["query"],
    }
    positional = ("query",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("how do I extract a tar.gz into a directory?", {"query": "extract a tar.gz into a directory"}),
    )

    def __init__(self, pages: Pages | None = None) -> None:
        self._pages = pages

    @property
    def pages(self) -> Pages:
        if self._pages is None:
            self._pages = Pages.bundled()
        return self._pages

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        query = " ".join(str(args.get("query", "")).split())
        if not query:
            raise ToolError("tldr: give a command's name (tar) or what to do in words (extract a tar.gz)")
        pages = self.pages
        page = pages.page(query) if len(query.split()) <= 3 else None
        if page is not None:
            examples = [{"what": w, "command": render(c)} for w, c in page.examples]
            return ToolResult(_show_page(page, pages.platform),
                              {"page": page.name, "platform": page.platform, "examples": examples, "url": page.url})
        found = pages.search(query)
        if not found:
            raise ToolError(f"tldr: no example in the tldr pages does that ({query!r}); try a command's name "
                            f"(`llorch tool tldr tar`) or other words")
        return ToolResult("From the tldr pages (community-written examples of shell commands):\n" + found_text(found),
                          {"examples": [{"page": e.page.name, "what": e.what, "command": e.command} for e in found]})
