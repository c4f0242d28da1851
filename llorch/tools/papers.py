"""Papers as text: reading .txt/.md/.pdf, finding the reference list, and a plain analysis.

Everything here is heuristic and deterministic: headings are recognised by their words
("References", "Methods", "1 Introduction"), claims and methods by cue phrases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from llorch.errors import ToolError
from llorch.tools.base import MAX_READ_BYTES
from llorch.tools.bibliography import find_dois

__all__ = ["Analysis", "CitedWork", "Document", "analyze", "extract_references", "read_document"]

# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class Document:
    """A paper's text; `title` is the PDF's metadata title when it has one."""

    path: Path
    text: str
    title: str = ""


def read_document(path: Path) -> Document:
    """Read a paper from a .pdf (via pypdf) or a text file (.txt, .md, ...): llorch.userfiles's reader
    (the one `--file` uses), its failures as ToolErrors."""
    from llorch.userfiles import read_document as read_file

    if path.is_dir():
        raise ToolError(f"{path}: is a directory; give a .txt, .md or .pdf file")
    doc = read_file(path, limit=MAX_READ_BYTES, error=ToolError)
    return Document(doc.path, doc.text, doc.title)


# ---------------------------------------------------------------- text helpers


def _join_lines(lines: Sequence[str]) -> str:
    """Join wrapped lines into one string, mending words hyphenated at a line break."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out = out[:-1] + line
        elif out.endswith("/") and not out.endswith("//"):
            out += line  # a URL or DOI broken after a slash
        else:
            out = f"{out} {line}" if out else line
    return out


_ABBREVIATIONS = frozenset(
    "e.g. i.e. al. fig. figs. eq. eqs. sec. vs. cf. etc. dr. mr. ms. no. vol. pp. ref. refs. approx. resp. st.".split()
)


def _sentences(paragraph: str) -> list[str]:
    tokens = paragraph.split()
    out: list[str] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        current.append(token)
        bare = token.rstrip("\"'”’)]")
        if not bare.endswith((".", "!", "?")) or bare.lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]\.", bare):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if following and not (following[0].isupper() or following[0].isdigit() or following[0] in "\"“'(["):
            continue
        out.append(" ".join(current))
        current = []
    if current:
        out.append(" ".join(current))
    return out


def _cap_words(text: str, limit: int) -> str:
    """At most `limit` words, cut at a sentence end when one falls in the second half."""
    words = text.split()
    if len(words) <= limit:
        return " ".join(words)
    cut = " ".join(words[:limit])
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end >= len(cut) // 2:
        return cut[: end + 1]
    return cut.rstrip(",;:") + " …"


def _paragraphs(lines: Sequence[str]) -> list[str]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [_join_lines(b) for b in blocks if b]


# ---------------------------------------------------------------- reference lists


@dataclass(frozen=True)
class CitedWork:
    """One entry of a reference list: its number, its text, and the first DOI in it."""

    n: int
    text: str
    doi: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"n": self.n, "text": self.text, "doi": self.doi}


_REF_HEADING = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?[*_]*(?:(?:\d+(?:\.\d+)*|[IVXLC]+)\.?[ \t]+)?"
    r"(?:references(?:[ \t]+cited)?|bibliography|works[ \t]+cited|literature[ \t]+cited|reference[ \t]+list)"
    r"[ \t]*:?[*_]*[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_AFTER_REFS = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+.*|(?:[A-Z]\.?[ \t]+)?(?:appendix|appendices|supplementary material)\b.{0,60})$",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"^\s*\[(\d{1,4})\]\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,4})[.)]\s+")
_BULLET = re.compile(r"^\s*[-*•]\s+")


def _reference_body(text: str) -> str | None:
    heading = None
    for heading in _REF_HEADING.finditer(text):
        pass
    if heading is None:
        return None
    lines = text[heading.end() :].split("\n")
    for i, line in enumerate(lines):
        if _AFTER_REFS.match(line):
            lines = lines[:i]
            break
    return "\n".join(line for line in lines if not re.fullmatch(r"\s*\d{1,4}\s*", line))


def _split_entries(body: str) -> list[tuple[int | None, list[str]]]:
    """Group the lines of a reference list into entries: (its own number or None, lines)."""
    lines = body.split("\n")
    filled = [line for line in lines if line.strip()]
    if not filled:
        return []
    entries: list[tuple[int | None, list[str]]] = []
    if _BRACKETED.match(filled[0]):
        for line in filled:
            if m := _BRACKETED.match(line):
                entries.append((int(m.group(1)), [line[m.end() :]]))
            else:
                entries[-1][1].append(line)
        return entries
    first = _NUMBERED.match(filled[0])
    if first:
        expected = int(first.group(1))
        for line in filled:
            m = _NUMBERED.match(line)
            if m and int(m.group(1)) == expected:
                entries.append((expected, [line[m.end() :]]))
                expected += 1
            elif entries:
                entries[-1][1].append(line)
        return entries
    if _BULLET.match(filled[0]):
        for line in filled:
            if m := _BULLET.match(line):
                entries.append((None, [line[m.end() :]]))
            else:
                entries[-1][1].append(line)
        return entries
    blocks = [b for b in re.split(r"\n[ \t]*\n", body.strip("\n")) if b.strip()]
    if len(blocks) > 1:
        return [(None, b.split("\n")) for b in blocks]
    hanging = any(line[:1].isspace() for line in filled) and not filled[0][:1].isspace()
    for line in filled:
        if hanging:
            starts = not line[:1].isspace()
        else:  # no layout to go by: a new entry follows a line that ends a sentence
            starts = not entries or (entries[-1][1][-1].rstrip().endswith(".") and line.lstrip()[:1].isupper())
        if starts or not entries:
            entries.append((None, [line]))
        else:
            entries[-1][1].append(line)
    return entries


def extract_references(text: str) -> list[CitedWork] | None:
    """The entries under the last References/Bibliography/Works Cited heading, or None without one."""
    body = _reference_body(text)
    if body is None:
        return None
    works: list[CitedWork] = []
    for i, (number, lines) in enumerate(_split_entries(body), 1):
        joined = _join_lines(lines)
        if len(joined) < 3:
            continue
        dois = find_dois(joined)
        works.append(CitedWork(number if number is not None else i, joined, dois[0] if dois else None))
    return works


# ---------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Analysis:
    """What `analyze` found in a paper."""

    title: str
    summary: str
    summary_source: str  # "abstract" or "opening paragraphs"
    claims: tuple[str, ...]
    methods: str
    references: tuple[CitedWork, ...]
    has_reference_list: bool
    dois: tuple[str, ...]


@dataclass(frozen=True)
class _Section:
    heading: str  # "" for the text before the first heading
    number: str
    lines: tuple[str, ...]


_SECTION_NAMES = (
    r"abstract|introduction|background|related\s+work|preliminaries|methods?|methodology|materials\s+and\s+methods|"
    r"(?:our\s+|proposed\s+)?approach|proposed\s+method|experimental\s+(?:set-?up|design)|experiments?|evaluation|"
    r"results(?:\s+and\s+discussion)?|discussion|conclusions?|limitations|future\s+work|acknowledge?ments?|"
    r"references|bibliography|works\s+cited|appendix|keywords|index\s+terms"
)
_NUMBER = r"(?P<num>\d{1,2}(?:\.\d{1,2})*\.?|[IVX]+\.)"
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?:" + _NUMBER + r"\s+)?(?P<name>.+?)\s*#*\s*$")
_KNOWN_HEADING = re.compile(r"^\s*[*_]*(?:" + _NUMBER + r"\s+)?(?P<name>" + _SECTION_NAMES + r")[*_]*\s*:?\s*$", re.I)
_NUMBERED_HEADING = re.compile(r"^\s*" + _NUMBER + r"\s+(?P<name>[A-Z][^.!?,;:]{1,60})$")
_INLINE_HEADING = re.compile(
    r"^\s*[*_]*(?P<name>abstract|keywords|key\s+words|index\s+terms)[*_]*\s*[—–:.-]+\s*(?P<rest>\S.*)$", re.I
)
_METHOD_HEADING = re.compile(r"\b(methods?|methodology|approach|experimental\s+(set-?up|design)|study\s+design)\b", re.I)
_END_HEADING = re.compile(r"^(references|bibliography|works\s+cited|literature\s+cited|appendix)", re.I)

_CLAIM_CUES = re.compile(
    r"\b(we\s+(show|propose|present|demonstrate|introduce|find|found|prove|report|achieve|develop|argue)|"
    r"our\s+(results|findings|experiments|analysis)|outperform(s|ed|ing)?|this\s+(paper|work|study)|"
    r"in\s+this\s+(paper|work|study))\b",
    re.I,
)
_METHOD_CUES = re.compile(
    r"\b(we\s+(use|used|train|trained|collect(ed)?|evaluate|evaluated|measure(d)?|apply|applied|implement(ed)?|"
    r"fine-tune(d)?|sample(d)?|recruit(ed)?|conduct(ed)?)|using\s+(a|an|the)|(was|were)\s+(trained|measured|"
    r"collected|recruited|sampled|computed))\b",
    re.I,
)


def _heading(line: str) -> tuple[str, str] | None:
    words = len(line.split())
    if words == 0 or words > 10:
        return None
    for pattern in (_MD_HEADING, _KNOWN_HEADING, _NUMBERED_HEADING):
        if m := pattern.match(line):
            return " ".join(m.group("name").strip("*_ ").split()), (m.group("num") or "").rstrip(".")
    return None


def _sections(text: str) -> list[_Section]:
    sections: list[_Section] = []
    heading, number, lines = "", "", []
    for line in text.split("\n"):
        found = _heading(line)
        inline = _INLINE_HEADING.match(line)
        if found is None and inline is None:
            lines.append(line)
            continue
        sections.append(_Section(heading, number, tuple(lines)))
        if inline:
            heading, number, lines = inline.group("name").capitalize(), "", [inline.group("rest")]
        else:
            (heading, number), lines = found or ("", ""), []
    sections.append(_Section(heading, number, tuple(lines)))
    return sections


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    for line in doc.text.split("\n"):
        line = line.strip().lstrip("#").strip().strip("*_").strip()
        line = re.sub(r"^title\s*:\s*", "", line, flags=re.I)
        if line:
            return _cap_words(line, 30)
    return doc.path.stem


def _summary(sections: Sequence[_Section], title: str) -> tuple[str, str]:
    for section in sections:
        if section.heading.lower() == "abstract":
            text = " ".join(_paragraphs(section.lines))
            if text:
                return _cap_words(text, 120), "abstract"
    picked: list[str] = []
    for section in sections:
        for para in _paragraphs(section.lines):
            if para == title or len(para.split()) < 12:
                continue  # the title, author lines, affiliations
            picked.append(para)
            if len(" ".join(picked).split()) >= 60:
                return _cap_words(" ".join(picked), 120), "opening paragraphs"
    return _cap_words(" ".join(picked), 120), "opening paragraphs"


def _methods(sections: Sequence[_Section], sentences: Sequence[str]) -> str:
    for i, section in enumerate(sections):
        if not _METHOD_HEADING.search(section.heading):
            continue
        lines = list(section.lines)
        for sub in sections[i + 1 :]:  # numbered subsections (3.1, 3.2) belong to section 3
            if not section.number or not sub.number.startswith(section.number + "."):
                break
            lines += [sub.heading + "."] + list(sub.lines)
        text = " ".join(_paragraphs(lines))
        if text:
            return _cap_words(text, 150)
    cued = [s for s in sentences if _METHOD_CUES.search(s)]
    return _cap_words(" ".join(cued[:5]), 150)


def analyze(doc: Document) -> Analysis:
    """Title, summary, claims, methods, references and DOIs of one paper."""
    sections = _sections(doc.text)
    end = next((i for i, s in enumerate(sections) if _END_HEADING.match(s.heading)), len(sections))
    body = sections[:end]
    title = _title(doc)
    sentences = [s for sec in body for para in _paragraphs(sec.lines) for s in _sentences(para)]
    claims: dict[str, None] = {}
    for sentence in sentences:
        if _CLAIM_CUES.search(sentence) and len(claims) < 8:
            claims.setdefault(_cap_words(sentence, 60), None)
    summary, source = _summary(body, title)
    references = extract_references(doc.text)
    return Analysis(
        title=title,
        summary=summary,
        summary_source=source,
        claims=tuple(claims),
        methods=_methods(body, sentences),
        references=tuple(references or ()),
        has_reference_list=references is not None,
        dois=tuple(find_dois(doc.text)),
    )
