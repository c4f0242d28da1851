"""BibTeX in, formatted references out (APA 7, MLA 9, Chicago author-date, IEEE), and DOIs.

Parsing uses bibtexparser v2; LaTeX (accents, `--`, braces) is decoded with pylatexenc,
which bibtexparser itself depends on. Braced words in titles (`{BERT}`) keep their case
when a style changes title casing. Output is plain text: where a style sets a title in
italics, the title is written without markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.names import NameParts
from pylatexenc.latex2text import LatexNodes2Text

from llorch.errors import ToolError

__all__ = ["STYLES", "Person", "Reference", "find_dois", "format_references", "normalize_doi", "parse_bibtex"]

STYLES = ("apa", "mla", "chicago", "ieee")

# ---------------------------------------------------------------- DOIs

_DOI_FORM = re.compile(r"10\.\d{4,9}/\S+")
_DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_DOI_URL = re.compile(r"^(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:urn:)?doi:\s*|^info:doi/", re.IGNORECASE)
_CLOSERS = {")": "(", "]": "["}


def _trim_doi(s: str) -> str:
    """Drop punctuation that ends a sentence rather than the DOI (keeps balanced brackets)."""
    while s:
        last = s[-1]
        if last in ".,;:!?'\"”’>" or (last in _CLOSERS and s.count(_CLOSERS[last]) < s.count(last)):
            s = s[:-1]
        else:
            break
    return s


def normalize_doi(raw: str, *, lower: bool = True) -> str:
    """Return the bare DOI in `raw` (a DOI, `doi:` form or doi.org URL), lower-cased by default.

    DOIs are case-insensitive; reference lists keep the case the source gave (`lower=False`).

    Raises ToolError when what is left is not of the form `10.NNNN/suffix`.
    """
    s = raw.strip().lstrip("<([\"'“‘").strip()
    s = _trim_doi(s)
    if _DOI_URL.match(s):
        s = unquote(_DOI_URL.sub("", s, count=1))
    s = _DOI_PREFIX.sub("", s, count=1).strip()
    if not _DOI_FORM.fullmatch(s):
        raise ToolError(f"{raw.strip()!r} is not a DOI: expected 10.NNNN/suffix, e.g. 10.1000/xyz123")
    return s.lower() if lower else s


def doi_url(doi: str) -> str:
    """The resolver URL for a normalised DOI, with characters that break URLs escaped."""
    return "https://doi.org/" + quote(doi, safe="/:;()[]-._~!$&'*+,=@")


def find_dois(text: str) -> list[str]:
    """Every distinct DOI in `text`, normalised, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in _DOI_IN_TEXT.finditer(text):
        doi = _trim_doi(match.group(0)).lower()
        if _DOI_FORM.fullmatch(doi):
            seen.setdefault(doi, None)
    return list(seen)


# ---------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Person:
    """One name split the BibTeX way; a corporate author has only `last`."""

    first: tuple[str, ...] = ()
    von: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    jr: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return " ".join(self.von + self.last)

    @property
    def corporate(self) -> bool:
        return not self.first and not self.von and not self.jr

    @property
    def suffix(self) -> str:
        return f", {' '.join(self.jr)}" if self.jr else ""

    def initials(self) -> str:
        """`Alice B.` -> `A. B.`; `Jean-Paul` -> `J.-P.`; `J.R.R.` -> `J. R. R.`"""
        out: list[str] = []
        for part in self.first:
            if re.fullmatch(r"(?:[^\W\d_]\.)+", part):
                out.extend(f"{c}." for c in part if c != ".")
                continue
            pieces = [p for p in part.split("-") if p]
            initials = [next((c for c in p if c.isalpha()), p[:1]) + "." for p in pieces]
            out.append("-".join(initials))
        return " ".join(out)

    def inverted(self) -> str:
        """`Smith, John` (full given names), or the corporate name."""
        if self.corporate:
            return self.surname
        given = " ".join(self.first)
        return f"{self.surname}, {given}{self.suffix}" if given else f"{self.surname}{self.suffix}"

    def natural(self) -> str:
        """`John Smith`, or the corporate name."""
        return " ".join(self.first + self.von + self.last) + self.suffix


TitleWord = tuple[str, bool]  # (decoded text, protected from case changes)


@dataclass(frozen=True)
class Reference:
    """One BibTeX entry with LaTeX decoded; `fields` holds the other fields, lower-case keys."""

    key: str
    kind: str
    authors: tuple[Person, ...] = ()
    editors: tuple[Person, ...] = ()
    title: tuple[TitleWord, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def year(self) -> str:
        year = self.get("year")
        if not year and (date := self.get("date")):
            year = date[:4]
        return year

    @property
    def doi(self) -> str:
        raw = self.get("doi")
        if not raw:
            return ""
        try:
            return normalize_doi(raw, lower=False)
        except ToolError:
            return raw


_LOGOS = ("TeX", "LaTeX", "BibTeX", "XeTeX", "XeLaTeX", "LuaTeX", "LuaLaTeX", "ConTeXt", "AmS", "METAFONT")
_SWITCHES = ("em", "it", "bf", "sc", "sl", "tt", "rm", "sf", "up", "md", "normalfont", "itshape", "bfseries", "scshape",
             "slshape", "ttfamily", "rmfamily", "sffamily", "upshape", "mdseries", "tiny", "scriptsize", "footnotesize",
             "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge", "relax", "protect", "nocorr")


@lru_cache(maxsize=1)
def _latex() -> LatexNodes2Text:
    """pylatexenc's converter, knowing TeX's logos (`{\\TeX}book` is "TeXbook", not "book"),
    dropping font switches, and keeping the name of any other macro it does not know
    rather than losing it."""
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db().filter_context()
    db.add_context_category(
        "llorch-bibtex",
        macros=[MacroTextSpec(n, n) for n in _LOGOS] + [MacroTextSpec("LaTeXe", "LaTeX2e")]
        + [MacroTextSpec(n, "") for n in _SWITCHES],
        prepend=True,
    )
    db.set_unknown_macro_spec(MacroTextSpec("", simplify_repl=lambda node, *_a: str(node.macroname)))
    return LatexNodes2Text(latex_context=db)


def _decode(text: str) -> str:
    """LaTeX to Unicode text: accents, `--`, `\\&`, braces; whitespace collapsed."""
    try:
        decoded = _latex().latex_to_text(text)
    except Exception:  # pylatexenc rejects some malformed input; keep the raw text then
        decoded = text.replace("{", "").replace("}", "")
    return " ".join(decoded.replace("\xa0", " ").split())


def _split_words(raw: str) -> list[str]:
    """Split LaTeX at whitespace outside braces."""
    words, depth, current = [], 0, ""
    for ch in re.sub(r"(?<!\\)~", " ", raw):
        depth += (ch == "{") - (ch == "}")
        if ch.isspace() and depth <= 0:
            if current:
                words.append(current)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


def _protected(word: str) -> bool:
    """True when `word` holds a case-protecting brace group: `{BERT}`, not `{\\"U}` or `\\"{u}`."""
    for m in re.finditer(r"\{", word):
        before, after = word[: m.start()], word[m.end() :]
        if after.startswith("\\") or re.search(r"\\(?:[A-Za-z]+|[^A-Za-z])\s*$", before):
            continue
        return True
    return False


def _title_words(raw: str) -> tuple[TitleWord, ...]:
    words: list[TitleWord] = []
    for token in _split_words(raw):
        text = _decode(token)
        if text:
            words.append((text, _protected(token)))
    return tuple(words)


def _person(parts: NameParts) -> Person:
    def dec(names: Iterable[str]) -> tuple[str, ...]:
        return tuple(d for d in (_decode(n) for n in names) if d)

    return Person(dec(parts.first), dec(parts.von), dec(parts.last), dec(parts.jr))


def parse_bibtex(text: str, source: str) -> list[Reference]:
    """Parse BibTeX `text` (named `source` in errors) into references, in file order.

    Raises ToolError naming `source` and the first block that failed, or saying that
    there are no entries.
    """
    library = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.NormalizeFieldKeys(), middlewares.SeparateCoAuthors(), middlewares.SplitNameParts()],
    )
    if library.failed_blocks:
        block = library.failed_blocks[0]
        error = getattr(block, "error", None)
        # (a block cut short says why in `abort_reason`, its message being empty: "invalid BibTeX at line 1: ")
        reason = " ".join(str(getattr(error, "abort_reason", None) or error or "unreadable block").split())
        line = getattr(block, "start_line", None)
        where = f" at line {line + 1}" if isinstance(line, int) else ""
        raise ToolError(f"{source}: invalid BibTeX{where}: {reason}")
    refs: list[Reference] = []
    for entry in library.entries:
        people: dict[str, tuple[Person, ...]] = {}
        title: tuple[TitleWord, ...] = ()
        other: dict[str, str] = {}
        for fld in entry.fields:
            value = fld.value
            if fld.key in ("author", "editor"):
                names = value if isinstance(value, list) else []
                people[fld.key] = tuple(_person(p) for p in names if isinstance(p, NameParts))
            elif fld.key == "title":
                title = _title_words(str(value))
            elif fld.key in ("url", "doi", "eprint"):
                other[fld.key] = str(value).strip()
            else:
                other[fld.key] = _decode(str(value))
        refs.append(
            Reference(entry.key, entry.entry_type.lower(), people.get("author", ()), people.get("editor", ()), title, other)
        )
    if not refs:
        raise ToolError(f"{source}: no BibTeX entries found (an entry looks like @article{{key, title = {{...}}}})")
    return refs


# ---------------------------------------------------------------- casing

_MINOR = frozenset(
    "a an the and but or nor for so yet as at by in of off on per to up via vs from into onto over with than".split()
)


def _letters(word: str) -> str:
    return "".join(c for c in word if c.isalpha())


def _capitalise(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1 :]
    return word


def _lower_if_capitalised(word: str) -> str:
    """`Study` -> `study`, `A` -> `a`; `BERT`, `iPhone`, `GPT-4` and `I` are left alone."""
    letters = _letters(word)
    if not letters or not letters[0].isupper() or letters == "I":
        return word
    return word.lower() if len(letters) == 1 or letters[1:].islower() else word


def _starts_subtitle(previous: str) -> bool:
    return previous.endswith((":", "?", "!", "—"))


def sentence_case(words: Sequence[TitleWord]) -> str:
    """Capitalise the first word and the first after a colon; lower the rest unless protected."""
    out: list[str] = []
    for i, (word, protected) in enumerate(words):
        if not protected:
            first = i == 0 or _starts_subtitle(out[-1])
            word = "-".join(_lower_if_capitalised(p) for p in word.split("-"))
            if first:
                word = _capitalise(word)
        out.append(word)
    return " ".join(out)


def title_case(words: Sequence[TitleWord]) -> str:
    """Capitalise major words (and first, last, after a colon); lower minor ones unless protected."""
    out: list[str] = []
    for i, (word, protected) in enumerate(words):
        if not protected:
            edge = i == 0 or i == len(words) - 1 or _starts_subtitle(out[-1])
            parts = word.split("-")
            fixed = []
            for j, part in enumerate(parts):
                bare = _letters(part).lower()
                if bare in _MINOR and not (edge and j == 0) and part == part.capitalize():
                    fixed.append(part.lower())
                elif bare not in _MINOR or (edge and j == 0):
                    fixed.append(_capitalise(part) if _letters(part).islower() else part)
                else:
                    fixed.append(part)
            word = "-".join(fixed)
        out.append(word)
    return " ".join(out)


# ---------------------------------------------------------------- shared pieces

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _end(text: str, mark: str = ".") -> str:
    text = text.rstrip()
    return text if not text or text.endswith((".", "?", "!")) else text + mark


def _pages(raw: str) -> str:
    return re.sub(r"\s*(?:-{1,3}|[‐‑–—−])\s*", "–", raw.strip())


def _page_label(pages: str) -> str:
    return "pp." if re.search(r"[–,]", pages) else "p."


def _ordinal(edition: str) -> str:
    if not edition.isdigit():
        return edition
    n = int(edition)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _edition(ref: Reference) -> str:
    ed = ref.get("edition")
    if not ed:
        return ""
    ed = _ordinal(ed)
    return ed if re.search(r"\bed\.?$", ed, re.IGNORECASE) else f"{ed} ed."


def _month(ref: Reference) -> str:
    raw = ref.get("month").strip().lower()
    if raw.isdigit() and 1 <= int(raw) <= 12:
        raw = _MONTHS[int(raw) - 1]
    abbrev = raw[:3]
    if abbrev not in _MONTHS:
        return ""
    # IEEE abbreviations: May, June and July are written out in full; September is Sept.
    return {"may": "May", "jun": "June", "jul": "July", "sep": "Sept."}.get(abbrev, abbrev.capitalize() + ".")


def _publisher(ref: Reference) -> str:
    return ref.get("publisher") or ref.get("institution") or ref.get("school") or ref.get("organization")


def _container(ref: Reference) -> str:
    return ref.get("journal") or ref.get("journaltitle") or ref.get("booktitle")


def _family(ref: Reference) -> str:
    """`article`, `book`, `chapter` (in a larger work) or `misc`: what decides the layout."""
    if ref.kind == "article":
        return "article"
    if ref.kind in ("book", "booklet", "manual", "techreport", "report", "phdthesis", "mastersthesis", "thesis", "proceedings"):
        return "book"
    if ref.kind in ("inproceedings", "conference", "incollection", "inbook"):
        return "chapter"
    return "misc"


def _lead(ref: Reference) -> tuple[tuple[Person, ...], bool]:
    """Who heads the entry: the authors, or for an edited book its editors (True)."""
    if ref.authors or _family(ref) != "book":
        return ref.authors, False
    return ref.editors, bool(ref.editors)


def _join_list(names: Sequence[str], conj: str, pair_comma: bool = False) -> str:
    """`a`, `a and b` (`a, and b` with pair_comma), `a, b, and c`."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]}{',' if pair_comma else ''} {conj} {names[1]}"
    return ", ".join(names[:-1]) + f", {conj} {names[-1]}"


# ---------------------------------------------------------------- APA 7


def _apa_name(p: Person) -> str:
    return p.surname if p.corporate else f"{p.surname}, {p.initials()}{p.suffix}"


def _apa_authors(people: Sequence[Person]) -> str:
    names = [_apa_name(p) for p in people]
    if len(names) > 20:  # APA 7: first 19, an ellipsis, then the last author
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    return _join_list(names, "&", pair_comma=True)


def _apa_editors(people: Sequence[Person]) -> str:
    names = [p.surname if p.corporate else f"{p.initials()} {p.surname}" for p in people]
    label = "Ed." if len(names) == 1 else "Eds."
    return f"{_join_list(names, '&')} ({label})"


def _apa(ref: Reference) -> str:
    family = _family(ref)
    title = sentence_case(ref.title) or ref.key
    if family == "book":
        notes = [n for n in (_edition(ref), f"Vol. {ref.get('volume')}" if ref.get("volume") else "") if n]
        title += f" ({', '.join(notes)})" if notes else ""
    year = f"({ref.year or 'n.d.'})."
    people, edited = _lead(ref)
    if people:
        names = _apa_authors(people) + ((" (Eds.)" if len(people) > 1 else " (Ed.)") if edited else "")
        parts = [f"{_end(names)} {year} {_end(title)}"]
    else:
        parts = [f"{_end(title)} {year}"]
    pages = _pages(ref.get("pages"))
    if family == "article":
        source = _container(ref)
        if ref.get("volume"):
            source += f", {ref.get('volume')}"
            if ref.get("number"):
                source += f"({ref.get('number')})"
        if pages:
            source += f", {pages}"
        parts.append(_end(source.strip(", ")))
    elif family == "chapter":
        editors = f"{_apa_editors(ref.editors)}, " if ref.editors else ""
        page_note = f" ({_page_label(pages)} {pages})" if pages else ""
        parts.append(_end(f"In {editors}{_container(ref)}{page_note}"))
        parts.append(_end(_publisher(ref)))
    else:
        parts.append(_end(_publisher(ref) or ref.get("howpublished")))
    parts.append(doi_url(ref.doi) if ref.doi else ref.get("url"))
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- MLA 9


def _mla_authors(people: Sequence[Person]) -> str:
    if not people:
        return ""
    if len(people) >= 3:
        return f"{people[0].inverted()}, et al."
    if len(people) == 2:
        return f"{people[0].inverted()}, and {people[1].natural()}"
    return people[0].inverted()


def _mla_editors(people: Sequence[Person]) -> str:
    names = [p.natural() for p in people]
    return f"edited by {names[0]} et al." if len(names) >= 3 else f"edited by {' and '.join(names)}"


def _quoted(title: str, mark: str = ".") -> str:
    return f"\u201c{_end(title, mark)}\u201d"


def _mla(ref: Reference) -> str:
    family = _family(ref)
    title = title_case(ref.title) or ref.key
    people, edited = _lead(ref)
    authors = _mla_authors(people)
    authors = _end(f"{authors}, {'editors' if len(people) > 1 else 'editor'}" if edited else authors)
    pages = _pages(ref.get("pages"))
    elements: list[str] = []
    if family in ("article", "chapter"):
        head = _quoted(title)
        elements.append(_container(ref))
        if family == "chapter" and ref.editors:
            elements.append(_mla_editors(ref.editors))
        if family == "article":
            volume, issue = ref.get("volume"), ref.get("number")
            elements += [f"vol. {volume}" if volume else "", f"no. {issue}" if issue else ""]
        else:
            elements.append(_publisher(ref))
        elements += [ref.year, f"{_page_label(pages)} {pages}" if pages else ""]
    else:
        head = _end(title)
        elements += [_edition(ref), _publisher(ref) or ref.get("howpublished"), ref.year]
    body = ", ".join(e for e in elements if e)
    tail = doi_url(ref.doi) if ref.doi else ref.get("url")
    return " ".join(p for p in (authors, head, _end(body), _end(tail)) if p)


# ---------------------------------------------------------------- Chicago author-date (17th ed.)


def _chicago_names(people: Sequence[Person]) -> str:
    names = [people[0].inverted()] + [p.natural() for p in people[1:]]
    if len(names) > 10:  # Chicago 17: more than ten authors -> the first seven, then et al.
        return ", ".join(names[:7]) + ", et al."
    return _join_list(names, "and", pair_comma=True)


def _chicago(ref: Reference) -> str:
    family = _family(ref)
    title = title_case(ref.title) or ref.key
    shown = _quoted(title) if family in ("article", "chapter") else _end(title)
    people, edited = _lead(ref)
    year = _end(ref.year or "n.d.")
    if people:
        names = _chicago_names(people) + ((", eds." if len(people) > 1 else ", ed.") if edited else "")
        parts = [_end(names), year, shown]
    else:  # no author: the title takes the author's place
        parts = [shown, year]
    pages = _pages(ref.get("pages"))
    place = ": ".join(p for p in (ref.get("address"), _publisher(ref)) if p)
    if family == "article":
        source = _container(ref)
        if ref.get("volume"):
            source += f" {ref.get('volume')}"
        if ref.get("number"):
            source += f" ({ref.get('number')})"
        if pages:
            source += f": {pages}"
        parts.append(_end(source))
    elif family == "chapter":
        bits = [f"In {_container(ref)}"]
        if ref.editors:
            bits.append("edited by " + _join_list([p.natural() for p in ref.editors], "and"))
        bits.append(pages)
        parts += [_end(", ".join(b for b in bits if b)), _end(place)]
    else:
        parts += [_end(_edition(ref)), _end(place or ref.get("howpublished"))]
    parts.append(_end(doi_url(ref.doi) if ref.doi else ref.get("url")))
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- IEEE


def _ieee_name(p: Person) -> str:
    return p.surname if p.corporate else f"{p.initials()} {p.surname}{p.suffix}".strip()


def _ieee_authors(people: Sequence[Person]) -> str:
    names = [_ieee_name(p) for p in people]
    if len(names) > 6:  # IEEE: more than six authors -> the first, then et al.
        return f"{names[0]} et al."
    return _join_list(names, "and")


def _ieee(ref: Reference, number: int) -> str:
    family = _family(ref)
    people, edited = _lead(ref)
    authors = _ieee_authors(people)
    if edited:
        authors += ", Eds." if len(people) > 1 else ", Ed."
    pages = _pages(ref.get("pages"))
    page_note = f"{_page_label(pages)} {pages}" if pages else ""
    date = " ".join(d for d in (_month(ref), ref.year) if d)
    if family == "book":
        head = ", ".join(h for h in (authors, title_case(ref.title) or ref.key) if h)
        edition = _edition(ref)
        head = f"{head}, {edition}" if edition else _end(head)
        place = ": ".join(p for p in (ref.get("address"), _publisher(ref)) if p)
        rest = [place, date]
    else:
        quoted = f"\u201c{sentence_case(ref.title) or ref.key},\u201d"
        head = f"{authors}, {quoted}" if authors else quoted
        if family == "article":
            rest = [_container(ref), f"vol. {ref.get('volume')}" if ref.get("volume") else "",
                    f"no. {ref.get('number')}" if ref.get("number") else "", page_note, date]
        elif family == "chapter":
            rest = [f"in {_container(ref)}", ref.get("address"), date, page_note]
        else:
            rest = [ref.get("howpublished") or _publisher(ref), date]
    if ref.doi:
        rest.append(f"doi: {ref.doi}")
    tail = ", ".join(r for r in rest if r)
    text = _end(f"{head} {tail}") if tail else head.replace(",\u201d", ".\u201d")
    if ref.get("url") and not ref.doi:
        text += f" [Online]. Available: {ref.get('url')}"
    return f"[{number}] {text}"


# ---------------------------------------------------------------- entry point


def format_references(refs: Sequence[Reference], style: str) -> list[tuple[str, str]]:
    """(key, formatted reference) for each entry.

    IEEE numbers entries in the given (citation) order; APA, MLA and Chicago sort the
    list alphabetically, as their reference lists are.
    """
    if style == "ieee":
        return [(ref.key, _ieee(ref, i)) for i, ref in enumerate(refs, 1)]
    formatter = {"apa": _apa, "mla": _mla, "chicago": _chicago}.get(style)
    if formatter is None:
        from llorch.tools.csl import format_csl

        return format_csl(refs, style)  # any other of the CSL project's styles
    pairs = [(ref.key, formatter(ref)) for ref in refs]
    return sorted(pairs, key=lambda kv: kv[1].lstrip("\u201c\"'").casefold())
