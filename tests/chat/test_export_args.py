"""`/export [md|json] [PATH]` read the same in the TUI and line mode."""

from __future__ import annotations

import pytest

from llorch.chat.export import export_args


@pytest.mark.parametrize(("arg", "read"), [
    ("", ("md", "")),
    ("json", ("json", "")),
    ("JSON", ("json", "")),  # (it wrote a file named JSON)
    ("md notes/chat.txt", ("md", "notes/chat.txt")),
    ("chat.json", ("json", "chat.json")),  # (it wrote Markdown into chat.json)
    ("~/Chat.JSON", ("json", "~/Chat.JSON")),
    ("json out.md", ("json", "out.md")),  # the word says it
    ("my notes.md", ("md", "my notes.md")),
])
def test_the_format_is_the_word_given_or_the_files_suffix(arg: str, read: tuple[str, str]) -> None:
    assert export_args(arg) == read
