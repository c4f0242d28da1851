"""The citations tool: BibTeX formatting per style, DOIs, reference lists, paper analysis."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from support import make_pdf

from llorch.errors import ToolError, ToolPermissionError
from llorch.tools.base import Tool, ToolContext, ToolResult
from llorch.tools.registry import ToolRegistry

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ctx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ToolContext:
    """A tmp root holding copies of the fixtures, and the working directory set to it."""
    for name in ("refs.bib", "paper.txt", "review.md"):
        shutil.copy(DATA / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return ToolContext(roots=(tmp_path,), data_dir=tmp_path)


def call(ctx: ToolContext, **args: Any) -> ToolResult:
    return ToolRegistry().call("citations", args, ctx)


def formatted(ctx: ToolContext, style: str, key: str, source: str = "refs.bib") -> str:
    result = call(ctx, action="format", input=source, style=style, key=key)
    assert [item["key"] for item in result.data] == [key]
    assert result.text == result.data[0]["text"]
    return str(result.text)


# ---------------------------------------------------------------- the tool's shape


def test_tool_is_registered_with_a_flat_schema() -> None:
    tool = ToolRegistry().get("citations")
    assert isinstance(tool, Tool)
    assert tool.positional == ("action", "input")
    assert tool.write_actions == frozenset()
    params = tool.parameters
    assert params["type"] == "object" and params["required"] == ["action", "input"]  # every action refuses no input
    assert params["properties"]["action"]["enum"] == ["format", "doi", "extract", "analyze"]
    style = params["properties"]["style"]
    assert style["type"] == "string" and "enum" not in style and "any CSL style name" in style["description"]
    assert {spec["type"] for spec in params["properties"].values()} == {"string"}


def test_bad_style_and_missing_input_are_tool_errors(ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match="style"):
        call(ctx, action="format", input="refs.bib", style="harvard")
    with pytest.raises(ToolError, match="missing parameter 'input' .*file path"):  # required in the schema too
        call(ctx, action="extract")
    with pytest.raises(ToolError, match="missing input"):
        call(ctx, action="extract", input=" ")


# ---------------------------------------------------------------- format: the journal article in every style

ARTICLE = {
    "apa": "Vaswani, A., Shazeer, N. M., & Parmar, N. (2023). Sparse attention models for long BERT inputs: "
    "A comparative study. Journal of Machine Learning Research, 24(7), 101–135. https://doi.org/10.5555/JMLR.2023.0042",
    "mla": "Vaswani, Ashish, et al. \u201cSparse Attention Models for Long BERT Inputs: A Comparative Study.\u201d "
    "Journal of Machine Learning Research, vol. 24, no. 7, 2023, pp. 101–135. https://doi.org/10.5555/JMLR.2023.0042.",
    "chicago": "Vaswani, Ashish, Noam M. Shazeer, and Niki Parmar. 2023. \u201cSparse Attention Models for Long BERT "
    "Inputs: A Comparative Study.\u201d Journal of Machine Learning Research 24 (7): 101–135. "
    "https://doi.org/10.5555/JMLR.2023.0042.",
    "ieee": "[1] A. Vaswani, N. M. Shazeer, and N. Parmar, \u201cSparse attention models for long BERT inputs: "
    "A comparative study,\u201d Journal of Machine Learning Research, vol. 24, no. 7, pp. 101–135, Sept. 2023, "
    "doi: 10.5555/JMLR.2023.0042.",
}


@pytest.mark.parametrize("style", sorted(ARTICLE))
def test_article_in_each_style(ctx: ToolContext, style: str) -> None:
    assert formatted(ctx, style, "vaswani2023sparse") == ARTICLE[style]


def test_default_style_is_apa(ctx: ToolContext) -> None:
    result = call(ctx, action="format", input="refs.bib", key="vaswani2023sparse")
    assert result.text == ARTICLE["apa"]


def test_book(ctx: ToolContext) -> None:
    assert formatted(ctx, "apa", "knuth1997art") == (
        "Knuth, D. E. (1997). The art of computer programming: Fundamental algorithms (3rd ed.). Addison-Wesley."
    )
    assert formatted(ctx, "mla", "knuth1997art") == (
        "Knuth, Donald E. The Art of Computer Programming: Fundamental Algorithms. 3rd ed., Addison-Wesley, 1997."
    )
    assert formatted(ctx, "chicago", "knuth1997art") == (
        "Knuth, Donald E. 1997. The Art of Computer Programming: Fundamental Algorithms. 3rd ed. "
        "Reading, MA: Addison-Wesley."
    )
    assert formatted(ctx, "ieee", "knuth1997art") == (
        "[1] D. E. Knuth, The Art of Computer Programming: Fundamental Algorithms, 3rd ed. "
        "Reading, MA: Addison-Wesley, 1997."
    )


def test_inproceedings(ctx: ToolContext) -> None:
    assert formatted(ctx, "apa", "devlin2019bert") == (
        "Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K. (2019). BERT: Pre-training of deep bidirectional "
        "transformers for language understanding. In J. Burstein, C. Doran, & T. Solorio (Eds.), Proceedings of the "
        "2019 Conference of the North American Chapter of the Association for Computational Linguistics "
        "(pp. 4171–4186). Association for Computational Linguistics. https://doi.org/10.18653/v1/N19-1423"
    )
    assert formatted(ctx, "ieee", "devlin2019bert") == (
        "[1] J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova, \u201cBERT: Pre-training of deep bidirectional "
        "transformers for language understanding,\u201d in Proceedings of the 2019 Conference of the North American "
        "Chapter of the Association for Computational Linguistics, Minneapolis, MN, 2019, pp. 4171–4186, "
        "doi: 10.18653/v1/N19-1423."
    )


def test_latex_accents_and_braces_are_decoded(ctx: ToolContext) -> None:
    # {Z\"urich} is brace-protected, so sentence case keeps its capital; Caf{\'e} is not.
    assert formatted(ctx, "apa", "mueller2021uber") == (
        "Müller, J., García, M., & Østergaard, S. (2021). A naïve approach to café review mining in Zürich. "
        "Zeitschrift für Informatik, 12(2), 33–47."
    )
    assert formatted(ctx, "mla", "mueller2021uber").startswith(
        "Müller, Jörg, et al. \u201cA Naïve Approach to Café Review Mining in Zürich.\u201d"
    )


def test_corporate_author_and_misc(ctx: ToolContext) -> None:
    assert formatted(ctx, "apa", "who2020guidance") == (
        "World Health Organization. (2020). Guidance on ethics and governance of artificial intelligence for health. "
        "WHO Technical Report. https://www.who.int/publications/i/item/9789240029200"
    )
    assert formatted(ctx, "ieee", "who2020guidance").endswith(
        "WHO Technical Report, 2020. [Online]. Available: https://www.who.int/publications/i/item/9789240029200"
    )


def test_whole_file_ieee_keeps_file_order_and_apa_sorts(ctx: ToolContext) -> None:
    ieee = call(ctx, action="format", input="refs.bib", style="ieee")
    keys = ["vaswani2023sparse", "knuth1997art", "devlin2019bert", "mueller2021uber", "who2020guidance"]
    assert [item["key"] for item in ieee.data] == keys
    lines = ieee.text.split("\n")
    assert [line[:4] for line in lines] == ["[1] ", "[2] ", "[3] ", "[4] ", "[5] "]
    apa = call(ctx, action="format", input="refs.bib", style="apa")
    assert [item["key"] for item in apa.data] == [
        "devlin2019bert", "knuth1997art", "mueller2021uber", "vaswani2023sparse", "who2020guidance"
    ]


TWO_AUTHORS = """@article{sd, author = {John Smith and Doe, Alice}, title = {Two people},
  journal = {J}, year = {2001}, volume = {1}, pages = {5}}"""


def test_inline_bibtex_with_two_authors(ctx: ToolContext) -> None:
    assert call(ctx, action="format", input=TWO_AUTHORS).text == "Smith, J., & Doe, A. (2001). Two people. J, 1, 5."
    assert call(ctx, action="format", input=TWO_AUTHORS, style="mla").text == (
        "Smith, John, and Alice Doe. \u201cTwo People.\u201d J, vol. 1, 2001, p. 5."
    )
    assert call(ctx, action="format", input=TWO_AUTHORS, style="ieee").text.startswith(
        "[1] J. Smith and A. Doe, \u201cTwo people,\u201d J, vol. 1, p. 5, 2001."
    )
    assert call(ctx, action="format", input=TWO_AUTHORS, style="chicago").text.startswith(
        "Smith, John, and Alice Doe. 2001."
    )


EDITED = "@book{ed, editor = {Doe, Jane and Roe, Rick}, title = {Collected essays}, publisher = {Verso}, year = 2000}"


def test_edited_book_is_headed_by_its_editors(ctx: ToolContext) -> None:
    assert call(ctx, action="format", input=EDITED).text == "Doe, J., & Roe, R. (Eds.). (2000). Collected essays. Verso."
    assert call(ctx, action="format", input=EDITED, style="chicago").text == (
        "Doe, Jane, and Rick Roe, eds. 2000. Collected Essays. Verso."
    )
    assert call(ctx, action="format", input=EDITED, style="ieee").text == (
        "[1] J. Doe and R. Roe, Eds., Collected Essays. Verso, 2000."
    )


def _many(n: int) -> str:
    names = " and ".join(f"Author{i:02d}, Given" for i in range(1, n + 1))
    return f"@misc{{many, author = {{{names}}}, title = {{Big team}}, year = {{2024}}}}"


def test_et_al_rules(ctx: ToolContext) -> None:
    assert call(ctx, action="format", input=_many(7), style="ieee").text.startswith("[1] G. Author01 et al., ")
    six = call(ctx, action="format", input=_many(6), style="ieee").text
    assert "G. Author05, and G. Author06, " in six and "et al." not in six
    apa21 = call(ctx, action="format", input=_many(21), style="apa").text
    assert "Author19, G., . . . Author21, G. (2024)." in apa21 and "Author20" not in apa21
    assert "Author20, G., & Author21, G. (2024)" not in apa21
    chicago = call(ctx, action="format", input=_many(11), style="chicago").text
    assert chicago.startswith("Author01, Given, Given Author02,") and "Given Author07, et al. 2024." in chicago
    assert "Author08" not in chicago
    assert call(ctx, action="format", input=_many(3), style="mla").text.startswith("Author01, Given, et al. Big Team.")


def test_unknown_key_is_an_error(ctx: ToolContext) -> None:
    with pytest.raises(ToolError, match=r"no entry with key 'nope'.*knuth1997art"):
        call(ctx, action="format", input="refs.bib", key="nope")


def test_parse_error_names_the_file(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "broken.bib").write_text("@article{ok, title = {Fine}}\n\n@article{bad, title = {never closed\n")
    with pytest.raises(ToolError, match=r"broken\.bib: invalid BibTeX at line 3: Unexpectedly reached end of file"):
        call(ctx, action="format", input="broken.bib")
    (tmp_path / "empty.bib").write_text("% nothing here\n")
    with pytest.raises(ToolError, match=r"empty\.bib: no BibTeX entries"):
        call(ctx, action="format", input="empty.bib")


# ---------------------------------------------------------------- doi


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1000/xyz123", "10.1000/xyz123"),
        ("doi:10.1000/XYZ123", "10.1000/xyz123"),
        ("DOI: 10.1000/XYZ123", "10.1000/xyz123"),
        ("https://doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("http://dx.doi.org/10.1038/NPHYS1170", "10.1038/nphys1170"),
        ("  https://doi.org/10.18653/v1/N19-1423.  ", "10.18653/v1/n19-1423"),
        ("(10.1145/3530811),", "10.1145/3530811"),
        ("https://doi.org/10.1000%2Fabc", "10.1000/abc"),
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", "10.1002/(sici)1097-4571(199806)49:8<693::aid-asi4>3.0.co;2-0"),
    ],
)
def test_doi_normalisation(ctx: ToolContext, raw: str, doi: str) -> None:
    result = call(ctx, action="doi", input=raw)
    assert result.data["doi"] == doi
    assert result.data["url"].startswith("https://doi.org/10.")
    assert doi.split("/")[0] in result.text


def test_doi_url_escapes_angle_brackets(ctx: ToolContext) -> None:
    url = call(ctx, action="doi", input="10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0").data["url"]
    assert url == "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0"


@pytest.mark.parametrize(
    "raw", ["", "   ", "10.1000", "10.12/abc", "11.1000/abc", "doi:", "https://example.org/10.1000/abc", "10.1000/ ab", "hello"]
)
def test_invalid_dois_are_errors(ctx: ToolContext, raw: str) -> None:
    with pytest.raises(ToolError):
        call(ctx, action="doi", input=raw)


# ---------------------------------------------------------------- extract


def test_extract_bracketed_reference_list(ctx: ToolContext) -> None:
    result = call(ctx, action="extract", input="paper.txt")
    assert [item["n"] for item in result.data] == [1, 2, 3, 4]
    first = result.data[0]
    assert first["text"].startswith("J. Devlin, M.-W. Chang, K. Lee, and K. Toutanova, \"BERT: Pre-training of deep ")
    assert first["text"].endswith("pp. 4171–4186, doi: 10.18653/v1/N19-1423.")
    assert "\n" not in first["text"] and "  " not in first["text"]
    assert [item["doi"] for item in result.data] == ["10.18653/v1/n19-1423", None, None, "10.1145/3530811"]
    assert result.text.startswith("4 references in paper.txt:")
    # the DOI cited in the Related Work section is not part of the list
    assert all("sdata" not in item["text"] for item in result.data)


def test_extract_numbered_list_with_wrapped_lines(ctx: ToolContext) -> None:
    result = call(ctx, action="extract", input="review.md")
    assert [item["n"] for item in result.data] == [1, 2, 3]
    assert result.data[1]["text"] == (
        "Nakamura, H. (2020). *Reading at scale: Literature management for researchers* (2nd ed.). Academic Press."
    )
    assert result.data[2]["doi"] == "10.1007/s11192-021-03897-y"
    assert result.data[0]["doi"] == "10.1080/00221546.2018.1434271"


def test_extract_uses_the_last_heading_and_blank_line_entries(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text(
        "Contents\nIntroduction\nReferences\n\nIntroduction\n\nSome text citing Baker (2019).\n\nREFERENCES\n\n"
        "Baker, T. (2019). Soil and roots. Plant Journal, 3,\n  10–20. https://doi.org/10.1111/tpj.1234\n\n"
        "Chen, L., & Ortiz, R. (2015). Field methods (2nd ed.).\n  Springer.\n\n"
        "Appendix A\n\nRaw data tables.\n"
    )
    result = call(ctx, action="extract", input="notes.txt")
    assert [item["text"] for item in result.data] == [
        "Baker, T. (2019). Soil and roots. Plant Journal, 3, 10–20. https://doi.org/10.1111/tpj.1234",
        "Chen, L., & Ortiz, R. (2015). Field methods (2nd ed.). Springer.",
    ]
    assert [item["n"] for item in result.data] == [1, 2]
    assert result.data[0]["doi"] == "10.1111/tpj.1234"


def test_extract_hanging_indent_without_blank_lines(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "hang.txt").write_text(
        "Bibliography\n"
        "Adams, R. 2001. A very long title that wraps onto\n"
        "    the next line. Oxford University Press.\n"
        "Brown, S. 1999. Short one. Penguin.\n"
    )
    texts = [item["text"] for item in call(ctx, action="extract", input="hang.txt").data]
    assert texts == [
        "Adams, R. 2001. A very long title that wraps onto the next line. Oxford University Press.",
        "Brown, S. 1999. Short one. Penguin.",
    ]


def test_extract_without_a_reference_heading(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "plain.txt").write_text("Just a note.\nNo list here.\n")
    result = call(ctx, action="extract", input="plain.txt")
    assert result.data == []
    assert "No reference list found in plain.txt" in result.text


# ---------------------------------------------------------------- PDFs


PDF_LINES = [
    "Robust Parsing of Scanned Invoices",
    "Abstract",
    "Invoices arrive as scans of uneven quality. We propose a layout-aware parser (v2)",
    "that reads totals and dates, and we show that it halves extraction errors.",
    "2 Methods",
    "We trained a small transformer on 4,000 labelled invoices from three vendors.",
    "References",
    "[1] A. Smith, \"Reading receipts,\" Pattern Recognit., vol. 9, 2020,",
    "doi: 10.1016/j.patcog.2020.107.",
    "[2] B. Jones, Document AI. Springer, 2021.",
]


def test_pdf_extract(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(make_pdf(PDF_LINES))
    result = call(ctx, action="extract", input="invoice.pdf")
    assert result.data == [
        {
            "n": 1,
            "text": "A. Smith, \"Reading receipts,\" Pattern Recognit., vol. 9, 2020, doi: 10.1016/j.patcog.2020.107.",
            "doi": "10.1016/j.patcog.2020.107",
        },
        {"n": 2, "text": "B. Jones, Document AI. Springer, 2021.", "doi": None},
    ]


def test_pdf_analyze_uses_metadata_title(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(make_pdf(PDF_LINES, title="Invoice Parsing, Revisited"))
    data = call(ctx, action="analyze", input="invoice.pdf").data
    assert data["title"] == "Invoice Parsing, Revisited"
    assert data["summary"].startswith("Invoices arrive as scans of uneven quality. We propose a layout-aware parser (v2)")
    assert data["claims"] == [
        "We propose a layout-aware parser (v2) that reads totals and dates, and we show that it halves extraction errors."
    ]
    assert data["methods"] == "We trained a small transformer on 4,000 labelled invoices from three vendors."
    assert data["references"]["count"] == 2
    assert data["dois"] == ["10.1016/j.patcog.2020.107"]


def test_pdf_without_metadata_title_uses_first_line(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "invoice.pdf").write_bytes(make_pdf(PDF_LINES))
    assert call(ctx, action="analyze", input="invoice.pdf").data["title"] == "Robust Parsing of Scanned Invoices"


def test_unreadable_pdf_is_an_error_naming_the_file(ctx: ToolContext, tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    with pytest.raises(ToolError, match=r"broken\.pdf"):
        call(ctx, action="extract", input="broken.pdf")
    (tmp_path / "empty.pdf").write_bytes(make_pdf([]))
    with pytest.raises(ToolError, match=r"empty\.pdf: the PDF has no text"):
        call(ctx, action="analyze", input="empty.pdf")


# ---------------------------------------------------------------- analyze


def test_analyze_paper(ctx: ToolContext) -> None:
    result = call(ctx, action="analyze", input="paper.txt")
    data = result.data
    assert set(data) == {"title", "summary", "claims", "methods", "references", "dois"}
    assert data["title"] == "Sparse Attention for Long Clinical Notes"
    assert data["summary"] == (
        "Clinical notes are long, and standard transformers truncate them. We propose SparseNote, a block-sparse "
        "attention model that reads notes of up to 16,000 tokens. On three benchmark tasks it matches dense attention "
        "while using a quarter of the memory. Code and data are released under an open licence."
    )
    assert data["claims"] == [
        "We propose SparseNote, a block-sparse attention model that reads notes of up to 16,000 tokens.",
        "In this paper, we study how far sparse attention can stretch that limit without hurting accuracy.",
        "We show that a simple block-sparse pattern recovers 98% of the accuracy of dense attention on mortality "
        "prediction.",
        "Our results suggest that local windows plus a few global tokens are enough for most clinical tasks.",
        "SparseNote also outperforms Longformer on two of the three tasks (see Table 2).",
        "We demonstrate that sparse attention makes long clinical notes tractable on modest hardware.",
    ]
    assert data["methods"].startswith("We fine-tuned a 110M-parameter encoder with block-sparse attention")
    assert "AdamW" in data["methods"]  # the 3.1 subsection belongs to Methods
    assert "AUROC" not in data["methods"]  # Results do not
    assert data["references"]["count"] == 4
    assert data["references"]["first"][3]["doi"] == "10.1145/3530811"
    assert data["dois"] == ["10.1038/sdata.2016.35", "10.18653/v1/n19-1423", "10.1145/3530811"]
    text = result.text
    for heading in ("# Sparse Attention for Long Clinical Notes", "## Summary", "## Claims", "## Methods",
                    "## References", "## DOIs"):
        assert f"\n{heading}\n" in f"\n{text}\n"
    assert "- https://doi.org/10.1145/3530811" in text


def test_analyze_without_abstract_or_methods_heading(ctx: ToolContext, tmp_path: Path) -> None:
    opening = (
        "Coastal wetlands store large amounts of carbon, but their extent is poorly mapped in many regions "
        "of the world, which makes national carbon budgets uncertain."
    )
    (tmp_path / "note.md").write_text(
        f"# Mapping Coastal Wetlands\n\nR. Diaz\n\n{opening}\n\nWe used Sentinel-2 imagery from 2019 to 2021. "
        "The maps were checked against field plots.\n"
    )
    data = call(ctx, action="analyze", input="note.md").data
    assert data["title"] == "Mapping Coastal Wetlands"
    assert data["summary"].startswith(opening)
    assert "R. Diaz" not in data["summary"]
    assert data["methods"] == "We used Sentinel-2 imagery from 2019 to 2021."
    assert data["claims"] == []
    assert data["references"] == {"count": 0, "first": []}


def test_summary_is_capped(ctx: ToolContext, tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(300))
    (tmp_path / "long.txt").write_text(f"Title\n\nAbstract\n\n{words}\n")
    summary = call(ctx, action="analyze", input="long.txt").data["summary"]
    assert summary.endswith(" …")
    assert len(summary.split()) == 121  # 120 words and the ellipsis


# ---------------------------------------------------------------- confinement to the roots


def test_paths_outside_the_roots_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "root"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    shutil.copy(DATA / "refs.bib", outside / "refs.bib")
    shutil.copy(DATA / "paper.txt", outside / "paper.txt")
    (root / "link.bib").symlink_to(outside / "refs.bib")
    monkeypatch.chdir(root)
    ctx = ToolContext(roots=(root,), data_dir=root)
    with pytest.raises(ToolPermissionError):
        call(ctx, action="format", input="../outside/refs.bib")
    with pytest.raises(ToolPermissionError):
        call(ctx, action="format", input="link.bib")
    with pytest.raises(ToolPermissionError):
        call(ctx, action="extract", input=str(outside / "paper.txt"))
    with pytest.raises(ToolPermissionError):
        call(ctx, action="analyze", input="../outside/paper.txt")
    # the same file inside the root is read
    shutil.copy(DATA / "refs.bib", root / "refs.bib")
    assert len(call(ctx, action="format", input="refs.bib").data) == 5


def test_file_reading_tools_refuse_fifos_and_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO inside the read root would block forever, a 1 GB file would be read whole: both are refused."""
    import os

    from llorch.tools import base
    from llorch.tools.base import read_regular_file
    from llorch.errors import ToolError

    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    with pytest.raises(ToolError, match="is not a regular file"):
        read_regular_file(fifo)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(3 * 1024 * 1024)  # sparse: no disk used
    monkeypatch.setattr(base, "MAX_READ_BYTES", 1024 * 1024)
    with pytest.raises(ToolError, match=r"is 3\.0 MiB, more than the 1 MiB llorch reads"):
        read_regular_file(big, limit=base.MAX_READ_BYTES)
    assert read_regular_file(big, limit=4 * 1024 * 1024) == b"\0" * (3 * 1024 * 1024)


def test_the_citations_tool_answers_at_once_about_a_fifo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from support import invoke_main

    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "paper.txt")
    r = invoke_main(["tool", "citations", "analyze", "paper.txt", "-p", "academic"])
    assert r.exit_code == 1 and "is not a regular file" in r.stderr


def test_tex_macros_in_titles_keep_their_text() -> None:
    """`title = {The {\\TeX}book}` became "The book"."""
    from llorch.tools.bibliography import format_references, parse_bibtex

    refs = parse_bibtex(r"@book{k, author={Donald E. Knuth}, title={The {\TeX}book: typesetting with \LaTeX{} and "
                        r"{\em {\BibTeX}}}, publisher={Addison-Wesley}, year={1984}}", "t")
    assert format_references(refs, "apa") == [
        ("k", "Knuth, D. E. (1984). The TeXbook: Typesetting with LaTeX and BibTeX. Addison-Wesley.")]


WATSON = (r"@article{w, author={James D. Watson and Francis H. C. Crick}, title={Molecular structure of nucleic acids},"
          r" journal={Nature}, volume={171}, number={4356}, pages={737--738}, year={1953}, doi={10.1038/171737a0}}")


@pytest.mark.parametrize(("style", "expected"), [
    ("nature", "1. Watson, J. D. & Crick, F. H. C. Molecular structure of nucleic acids. Nature 171, 737–738 (1953)."),
    ("harvard-cite-them-right", "Watson, J.D. and Crick, F.H.C. (1953) “Molecular structure of nucleic acids”, Nature, "
                                "171(4356), pp. 737–738. Available at: https://doi.org/10.1038/171737a0."),
])
def test_any_csl_style_formats_through_citeproc(style: str, expected: str) -> None:
    from llorch.tools.bibliography import format_references, parse_bibtex

    assert format_references(parse_bibtex(WATSON, "t"), style) == [("w", expected)]


def test_an_unknown_style_is_named() -> None:
    from support import invoke_main

    r = invoke_main(["tool", "citations", "format", WATSON, "style=nosuch", "-p", "academic"])
    assert r.exit_code == 1 and "no CSL style named 'nosuch'" in r.stderr
    r = invoke_main(["tool", "citations", "format", WATSON, "style=nature", "-p", "academic"])
    assert r.exit_code == 0 and "Nature 171, 737–738 (1953)." in r.stdout
