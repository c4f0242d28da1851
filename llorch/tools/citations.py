"""The citations tool: format BibTeX, normalise DOIs, pull reference lists out of papers, analyse papers.

Styles: APA 7, MLA 9, Chicago author-date (17th edition; the reference-list form, not
notes-bibliography) and IEEE. Formatting and DOIs live in `bibliography`, reading and
analysing papers in `papers`; this module is the Tool seam around them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult, read_regular_file, readable_path
from llorch.tools.bibliography import doi_url, format_references, normalize_doi, parse_bibtex
from llorch.tools.papers import Analysis, CitedWork, analyze, extract_references, read_document

__all__ = ["CitationsTool"]

_SHOWN_REFERENCES = 5


class CitationsTool:
    """Citations and papers, read-only: `format`, `doi`, `extract`, `analyze`."""

    name = "citations"
    description = (
        "Format BibTeX as APA, MLA, Chicago (author-date) or IEEE references; normalise a DOI; "
        "extract a paper's reference list; analyse a paper (.txt, .md, .pdf)"
    )
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {
                "type": "string",
                "enum": ["format", "doi", "extract", "analyze"],
                "description": "format: BibTeX to references; doi: normalise a DOI; "
                "extract: a paper's reference list; analyze: summary, claims, methods, references",
            },
            "input": {
                "type": "string",
                "minLength": 1,
                "description": "a .bib/.txt/.md/.pdf file path; for doi a DOI or doi.org URL; "
                "for format also BibTeX text starting with @",
            },
            "style": {"type": "string", "default": "apa",
                      "description": "reference style for format: apa, mla, chicago, ieee, or any CSL style name "
                                     "(nature, science, american-medical-association, harvard-cite-them-right, ...)"},
            "key": {"type": "string", "description": "format only the BibTeX entry with this key"},
        },
        "required": ["action", "input"],
    }
    positional = ("action", "input")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("cite this in IEEE style: @book{k97, author={Donald Knuth}, title={TAOCP}, year={1997}}",
         {"action": "format", "input": "@book{k97, author={Donald Knuth}, title={TAOCP}, year={1997}}", "style": "ieee"}),
        ("summarise the paper paper.pdf", {"action": "analyze", "input": "paper.pdf"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action = args["action"]
        raw = str(args.get("input") or "").strip()
        if not raw:
            what = {"doi": "a DOI"}.get(action, "a file path")
            raise ToolError(f"citations {action}: missing input ({what})")
        if action == "format":
            return self._format(raw, str(args.get("style") or "apa"), args.get("key"), ctx)
        if action == "doi":
            doi = normalize_doi(raw)
            url = doi_url(doi)
            return ToolResult(f"{doi}\n{url}", {"doi": doi, "url": url})
        if action == "extract":
            return self._extract(raw, ctx)
        if action == "analyze":
            return self._analyze(raw, ctx)
        raise ToolError(f"citations: unknown action {action!r}; actions: format, doi, extract, analyze")

    def _format(self, raw: str, style: str, key: str | None, ctx: ToolContext) -> ToolResult:
        if raw.startswith("@"):
            source, text = "inline BibTeX", raw
        else:
            path = readable_path(raw, ctx)
            if path.is_dir():
                raise ToolError(f"{raw}: is a directory; give a .bib file")
            source, data = path.name, read_regular_file(path, what=".bib file")
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
        refs = parse_bibtex(text, source)
        if key:
            chosen = [r for r in refs if r.key == key]
            if not chosen:
                keys = ", ".join(r.key for r in refs[:20]) + (", ..." if len(refs) > 20 else "")
                raise ToolError(f"{source}: no entry with key {key!r}; keys: {keys}")
            refs = chosen
        pairs = format_references(refs, style)
        return ToolResult("\n".join(text for _, text in pairs), [{"key": k, "text": t} for k, t in pairs])

    def _extract(self, raw: str, ctx: ToolContext) -> ToolResult:
        doc = read_document(readable_path(raw, ctx))
        works = extract_references(doc.text)
        if works is None:
            return ToolResult(
                f"No reference list found in {doc.path.name} (looked for a References, Bibliography or Works Cited heading).",
                [],
            )
        lines = [f"{len(works)} references in {doc.path.name}:"]
        lines += [_reference_line(w) for w in works]
        return ToolResult("\n".join(lines), [w.as_dict() for w in works])

    def _analyze(self, raw: str, ctx: ToolContext) -> ToolResult:
        doc = read_document(readable_path(raw, ctx))
        result = analyze(doc)
        data = {
            "title": result.title,
            "summary": result.summary,
            "claims": list(result.claims),
            "methods": result.methods,
            "references": {
                "count": len(result.references),
                "first": [w.as_dict() for w in result.references[:_SHOWN_REFERENCES]],
            },
            "dois": list(result.dois),
        }
        return ToolResult(_report(doc.path.name, result), data)


def _reference_line(work: CitedWork) -> str:
    line = f"[{work.n}] {work.text}"
    return f"{line}\n    doi: {work.doi}" if work.doi else line


def _report(filename: str, a: Analysis) -> str:
    """The analysis as Markdown, one heading per part."""
    out = [f"# {a.title}", "", f"_Analysis of {filename}_", "", "## Summary", ""]
    out.append(f"{a.summary}\n\n_(from the {a.summary_source})_" if a.summary else "No abstract or opening paragraph found.")
    out += ["", "## Claims", ""]
    out += [f"- {c}" for c in a.claims] or ["No sentences with claim cues (we show, we propose, ...) found."]
    out += ["", "## Methods", "", a.methods or "No methods section or method sentences found."]
    out += ["", "## References", ""]
    if not a.has_reference_list:
        out.append("No reference list found.")
    else:
        shown = a.references[:_SHOWN_REFERENCES]
        more = f"; the first {len(shown)}" if len(a.references) > len(shown) else ""
        out.append(f"{len(a.references)} references{more}:")
        out += [""] + [f"{w.n}. {w.text}" for w in shown]
    out += ["", "## DOIs", ""]
    out += [f"- {doi_url(d)}" for d in a.dois] or ["None found."]
    return "\n".join(out)
