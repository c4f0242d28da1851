"""A Markdown table piped or pasted after a question is a table like a CSV: before, none was read at all, and every
question of one ("What is the average math score?" of | student | math | art |) stayed the model's to add up."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.tablereading import labels_table, markdown_rows, read_table

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=timezone.utc)
SCORES = "\n".join(["| student | math | art |", "|---|---|---|", "| Ines | 78 | 91 |", "| Tom | 85 | 67 |",
                    "| Yuki | 92 | 74 |", "| Omar | 66 | 88 |"])


def test_a_markdown_table_is_read_without_its_line_of_dashes() -> None:
    table = read_table(SCORES)
    assert table is not None and table.kind == "markdown"
    assert table.columns == ("student", "math", "art")
    assert [r["student"] for r in table.rows] == ["Ines", "Tom", "Yuki", "Omar"]
    assert table.rows[0] == {"student": "Ines", "math": "78", "art": "91"}


@pytest.mark.parametrize(("text", "rows"), [
    ("a | b\n--- | ---\n1 | 2", [["a", "b"], ["1", "2"]]),  # (no pipes at the ends)
    ("| a | b |\n|:--|--:|\n| x | 2 |", [["a", "b"], ["x", "2"]]),  # (alignment colons)
    ("| a | b |\n| :---: | --- |\n| pipe \\| fitting | 12 |", [["a", "b"], ["pipe | fitting", "12"]]),
    ("|a|b|\n|-|-|\n| | 3 |", [["a", "b"], ["", "3"]]),  # (an empty cell stays one)
])
def test_markdown_rows(text: str, rows: list[list[str]]) -> None:
    assert markdown_rows(text.splitlines()) == rows


@pytest.mark.parametrize("text", [
    "| a | b |\n| x | 2 |\n| y | 3 |",  # (no line of dashes: not Markdown's)
    "| a | b |\n|---|---|---|\n| x | 2 |",  # (three cells of dashes for two)
    "| a | b |\n|---|---|\n| x | 2 | 9 |",  # (a row wider than its header)
    "| a |\n|---|\n| x |",  # (one column)
    "| a | b |\n|---|---|",  # (no rows)
    "a, b\n---\nx, 2",  # (no pipe)
])
def test_what_is_no_markdown_table_is_not_read_as_one(text: str) -> None:
    assert markdown_rows(text.splitlines()) is None


@pytest.mark.parametrize(("question", "action", "column", "said"), [
    ("What is the average math score?", "mean", "math", "80.25"),  # (the 1.5B's answers, piped, were the model's)
    ("Who has the highest art score?", "max", "art", "Ines"),
    ("What is the total of the art column?", "sum", "art", "320"),
])
def test_a_question_of_a_markdown_table_goes_to_the_table_tool(question: str, action: str, column: str,
                                                               said: str) -> None:
    from pathlib import Path

    from llorch.tools.base import ToolContext
    from llorch.tools.registry import ToolRegistry
    found = exact_call(f"{question}\n\n{SCORES}", EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "table"
    assert (found[1]["action"], found[1]["column"]) == (action, column)
    assert said in ToolRegistry().call("table", found[1], ToolContext(data_dir=Path("/nonexistent"))).text


def test_a_markdown_table_of_text_only_is_read_for_its_labels() -> None:
    jobs = "| job | status |\n|:----|-------:|\n| build | ok |\n| test | failed |\n| lint | ok |\n| docs | failed |"
    table = labels_table(jobs)
    assert table is not None and [r["status"] for r in table.rows] == ["ok", "failed", "ok", "failed"]
    found = exact_call(f"How many jobs failed?\n\n{jobs}", EXACT_TOOLS, NOW)
    assert found is not None and found[0] == "table" and found[1]["value"] == "failed"


def test_a_long_line_of_dashes_or_spaces_is_read_in_linear_time() -> None:
    start = time.perf_counter()
    for rule in ("|" + " " * 200_000 + "x", "|" + "-" * 200_000 + " " * 200_000 + "x", "|:" + "-:|:" * 50_000 + "x"):
        assert markdown_rows(["| a | b |", rule, "| 1 | 2 |"]) is None
    assert time.perf_counter() - start < 2


def test_a_cell_in_bold_or_code_is_its_text() -> None:
    rows = markdown_rows(["| name | score |", "|---|---|", "| Bob | **95** |", "| _Cy_ | 78 |", "| a*b | `7` |"])
    assert rows == [["name", "score"], ["Bob", "95"], ["Cy", "78"], ["a*b", "7"]]
    found = exact_call("Who has the highest score?\n\n" + "\n".join(["| name | score |", "|---|---|",
                                                                     "| Bob | **95** |", "| Cy | 78 |"]),
                       EXACT_TOOLS, NOW)
    assert found is not None and found[1]["action"] == "max"
