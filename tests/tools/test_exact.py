"""Which tool a plain question goes to, in which order, and which tools read a piped text whole."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from llorch.tools.exact import exact_call, read_whole
from llorch.tools.registry import BUILTIN_TOOLS

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
ALL = tuple(BUILTIN_TOOLS)


@pytest.mark.parametrize(("message", "tool"), [
    ("What is 17 * 23?", "math"),
    ("How many days until Christmas?", "calendar"),
    ("Convert 72 F to C", "units"),
    ("What time is it in Tokyo?", "clock"),
    ("How many r's are in strawberry?", "count"),
    ("What's the md5 of 'abc'?", "encode"),
    ("What's the broadcast address of 10.1.0.0/16?", "network"),
    ("What does chmod 640 mean?", "permissions"),
    ("Does the regex ^a+$ match 'aaa'?", "regex"),
    ('Is this valid JSON: {"a": 1}', "validate"),
    ("What is 255 in hex?", "math"),  # a number in hex is arithmetic; a quoted text in hex is encode's
    ("What is 'hi' in hex?", "encode"),
    ("Is 1.10.2 newer than 1.9.15?", "version"),
    ("Sort these names alphabetically: Zoe, adam, bob", "text"),
    ("What's #336699 in HSL?", "color"),
    ("How long does it take to download 4.7 GB at 50 Mbps?", "units"),
    ("Write 2026 in Roman numerals", "math"),
    ("Decode this JWT: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3In0.c2ln", "encode"),
])
def test_each_plain_question_goes_to_its_tool(message: str, tool: str) -> None:
    found = exact_call(message, ALL, NOW)
    assert found is not None and found[0] == tool
    assert exact_call(message, [t for t in ALL if t != tool], NOW) is None  # not enabled: the model's


def test_a_css_color_name_is_the_color_tools_before_it_is_letters_for_encode() -> None:
    assert exact_call("What is the hex code for slategray?", ALL, NOW) == ("color", {"action": "convert",
                                                                                     "color": "slategray"})
    assert exact_call("What is the hex code for 'A'?", ALL, NOW) == ("encode", {"action": "unicode", "text": "A"})


def test_a_piped_text_is_read_whole_for_the_tools_that_read_it() -> None:
    text = '{"a": [1, 2,]}\n' * 5000
    joined = read_whole("Is this valid JSON?", [text], ALL, NOW)
    assert joined == "Is this valid JSON?\n\n" + text.strip()
    assert read_whole("Is this valid JSON?", [text], ["count"], NOW) is None
    assert read_whole("Summarise this", [text], ALL, NOW) is None
    assert read_whole("How many lines is this?", [text], ALL, NOW) is not None
    assert read_whole("What's the sha256 of this?", [text], ALL, NOW) is not None  # hashed whole
