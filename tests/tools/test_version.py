"""The version tool: versions compared and sorted, a version checked against a requirement by pip's rules or npm's,
and the plain questions that go to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry
from llorch.tools.versions import compare, satisfies, sort_versions, version_asked


def run(args: dict[str, Any]) -> tuple[str, Any]:
    result = ToolRegistry().call("version", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("a", "b", "order", "said"), [
    ("1.10.2", "1.9.15", 1, "1.10.2 is newer than 1.9.15 (part 2 is 10 against 9: each part is a whole number, not "
                            "a decimal)."),
    ("3.9.18", "3.10.2", -1, "3.9.18 is older than 3.10.2 (part 2 is 10 against 9: each part is a whole number, not "
                             "a decimal)."),
    ("2.0.0-rc.1", "2.0.0", -1, "2.0.0-rc.1 is older than 2.0.0 (a pre-release comes before its release)."),
    ("1.0", "1.0.0", 0, "1.0 and 1.0.0 are the same version."),
    ("v1.2.3", "1.2.4", -1, "v1.2.3 is older than 1.2.4 (part 3 is 4 against 3: each part is a whole number, not a "
                            "decimal)."),
    ("1.0.0-alpha.beta", "1.0.0-alpha.1", 1, "1.0.0-alpha.beta is newer than 1.0.0-alpha.1 (a pre-release comes "
                                             "before its release)."),  # not PEP 440: semver's order
    ("1.2", "1.2.1", -1, "1.2 is older than 1.2.1 (compared part by part)."),
])
def test_two_versions_compare_part_by_part(a: str, b: str, order: int, said: str) -> None:
    assert compare(a, b) == (order, said)


def test_versions_sort_oldest_first_and_the_tool_reads_a_list_in_one_string() -> None:
    assert sort_versions(["1.2.10", "1.2.9", "1.10.0", "1.2.0"]) == (
        ["1.2.0", "1.2.9", "1.2.10", "1.10.0"],
        "Oldest to newest: 1.2.0, 1.2.9, 1.2.10, 1.10.0 (newest to oldest: 1.10.0, 1.2.10, 1.2.9, 1.2.0). The newest "
        "is 1.10.0.")
    text, data = run({"action": "sort", "versions": ["2.0.0, 2.0.0rc1 2.0.0b3;1.9"]})
    assert data == {"action": "sort", "sorted": ["1.9", "2.0.0b3", "2.0.0rc1", "2.0.0"], "newest": "2.0.0"}


@pytest.mark.parametrize(("version", "requirement", "ok", "means"), [
    # the 1.5B: "No, ~=2.2 does not allow 2.3.1 ... less than 3.0"
    ("2.3.1", "~=2.2", True, "by pip's rules (PEP 440): ~=2.2 means >=2.2 and ==2.* (below 3)."),
    ("2.3.1", "~=2.2.0", False, "by pip's rules (PEP 440): ~=2.2.0 means >=2.2.0 and ==2.2.* (below 2.3)."),
    ("1.26.4", ">=1.20,<2", True, "by pip's rules (PEP 440): >=1.20,<2 means >=1.20, <2."),
    ("2.0.0", "^1.4.0", False, "by npm's rules (semver ranges, as package.json and Cargo use them): ^1.4.0 means "
                               ">=1.4.0, <2.0.0."),
    ("0.3.0", "^0.2.3", False, "by npm's rules (semver ranges, as package.json and Cargo use them): ^0.2.3 means "
                               ">=0.2.3, <0.3.0."),
    ("1.3.0", "~1.2.3", False, "by npm's rules (semver ranges, as package.json and Cargo use them): ~1.2.3 means "
                               ">=1.2.3, <1.3.0."),
    ("1.4.9", "1.2 - 1.4", True, "by npm's rules (semver ranges, as package.json and Cargo use them): 1.2 - 1.4 "
                                 "means >=1.2.0, <1.5.0."),
    ("2.5.0", "1.2.x || >=2", True, "by npm's rules (semver ranges, as package.json and Cargo use them): 1.2.x || "
                                    ">=2 means >=1.2.0, <1.3.0 or >=2.0.0."),
    ("1.5.0", ">=1.2 <2", True, "by npm's rules (semver ranges, as package.json and Cargo use them): >=1.2 <2 means "
                                ">=1.2.0, <2.0.0."),
    ("2.0rc1", ">=2.0rc1", True, "by pip's rules (PEP 440): >=2.0rc1 means >=2.0rc1."),  # a pre-release asked for
])
def test_a_version_against_a_requirement_by_the_rules_it_is_written_in(version: str, requirement: str, ok: bool,
                                                                       means: str) -> None:
    assert satisfies(version, requirement) == (ok, f"{version} {'satisfies' if ok else 'does not satisfy'} "
                                                   f"{requirement} {means}")


def test_a_scheme_named_is_the_one_used() -> None:
    assert satisfies("1.5.0", ">=1.2", "npm")[1].endswith("by npm's rules (semver ranges, as package.json and Cargo "
                                                           "use them): >=1.2 means >=1.2.0.")
    assert "pip's rules" in satisfies("1.5.0", ">=1.2")[1]


@pytest.mark.parametrize(("args", "error"), [
    ({"action": "compare", "versions": ["1.2.3", "banana"]}, "'banana' is not a semantic version"),
    ({"action": "compare", "versions": ["1.2.3"]}, "compare takes two versions, got 1"),
    ({"action": "sort", "versions": ["1.2.3"]}, "give two or more versions to sort"),
    ({"action": "satisfies", "versions": ["1.2.3"], "requirement": ">>1"}, "'>>1' is not a pip requirement"),
    ({"action": "satisfies", "versions": ["1.2.3"], "requirement": "^1.x.y.z"}, "'^1.x.y.z' is not an npm range"),
    ({"action": "satisfies", "versions": ["1.2.3"], "requirement": " "}, "is not a requirement"),
    ({"action": "satisfies", "versions": ["1.0", "2.0"], "requirement": ">=1"}, "satisfies takes one version"),
    ({"action": "sort", "versions": ["1.0"] * 1_001}, "1,001 versions; the limit is 1,000"),
])
def test_what_is_not_a_version_or_a_requirement_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)) as raised:
        run(args)
    assert "\n" not in str(raised.value)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)), min_size=2, max_size=12))
def test_sorting_agrees_with_packaging(parts: list[tuple[int, int, int]]) -> None:
    versions = [".".join(map(str, p)) for p in parts]
    ordered, _ = sort_versions(versions)
    assert [Version(v) for v in ordered] == sorted(Version(v) for v in versions)


@pytest.mark.parametrize(("message", "asked"), [
    ("Is version 1.10.2 newer than 1.9.15?", {"action": "compare", "versions": ["1.10.2", "1.9.15"]}),
    ("Is 1.10 newer than 1.9?", {"action": "compare", "versions": ["1.10", "1.9"]}),  # "newer": versions
    ("Which is newer, 3.9.18 or 3.10.2?", {"action": "compare", "versions": ["3.9.18", "3.10.2"], "asked": "newer"}),
    # (the 1.5B, unrouted: "Version 2.9.12 is newer than version 2.10.1.")
    ("Which is newer, version 2.10.1 or 2.9.12?",
     {"action": "compare", "versions": ["2.10.1", "2.9.12"], "asked": "newer"}),
    ("Which is the later release, 1.9.0 or 1.10.0?",  # (the 1.5B: 1.9.0)
     {"action": "compare", "versions": ["1.9.0", "1.10.0"], "asked": "newer"}),
    ("Which release is older: release 1.2 or release 1.10?",
     {"action": "compare", "versions": ["1.2", "1.10"], "asked": "older"}),
    ("Is 3.10.0 greater than 3.9.7?", {"action": "compare", "versions": ["3.10.0", "3.9.7"]}),  # three parts
    ("compare versions 2.0.0 and 2.0.0-beta.2", {"action": "compare", "versions": ["2.0.0", "2.0.0-beta.2"]}),
    ("Sort these versions: 1.2.10, 1.2.9, 1.10.0, 1.2.0",
     {"action": "sort", "versions": ["1.2.10", "1.2.9", "1.10.0", "1.2.0"]}),
    ("Sort these versions:\n- 1.2.10\n- 1.2.9\n- 1.10.0", {"action": "sort", "versions": ["1.2.10", "1.2.9", "1.10.0"]}),
    ("What's the latest version: 1.2.3, 1.10.0, 1.9.9?", {"action": "sort", "versions": ["1.2.3", "1.10.0", "1.9.9"]}),
    ("Does the pip specifier ~=2.2 allow 2.3.1?",
     {"action": "satisfies", "versions": ["2.3.1"], "requirement": "~=2.2", "scheme": "pep440"}),
    ("Does ^1.4.0 in package.json accept 2.0.0?",
     {"action": "satisfies", "versions": ["2.0.0"], "requirement": "^1.4.0", "scheme": "npm"}),
    ("Does 1.26.4 satisfy >=1.20,<2?", {"action": "satisfies", "versions": ["1.26.4"], "requirement": ">=1.20,<2"}),
    ("Is 1.3.0 allowed by ~1.2.3?", {"action": "satisfies", "versions": ["1.3.0"], "requirement": "~1.2.3"}),
    ("Does >=1.2 <2 include 1.5.0?", {"action": "satisfies", "versions": ["1.5.0"], "requirement": ">=1.2 <2"}),
    ("Does 1.2.x match 1.2.9?", {"action": "satisfies", "versions": ["1.2.9"], "requirement": "1.2.x"}),
    ("Is 0.3.1 compatible with ^0.2.0 in Cargo?",
     {"action": "satisfies", "versions": ["0.3.1"], "requirement": "^0.2.0", "scheme": "npm"}),
])
def test_a_plain_version_question_is_read_without_a_model(message: str, asked: dict[str, Any]) -> None:
    assert version_asked(message) == asked


def test_which_is_older_is_said_with_the_older_first() -> None:
    question = "Which version is older: 10.0.2 or 9.12.4?"
    asked = version_asked(question)
    assert asked == {"action": "compare", "versions": ["10.0.2", "9.12.4"], "asked": "older"}
    result = ToolRegistry().call("version", asked, ToolContext(data_dir=Path("/nonexistent")))
    assert result.text.startswith("9.12.4 is older than 10.0.2 (part 1 is 10 against 9")
    assert result.data["older"] == "9.12.4" and result.data["newer"] == "10.0.2"


@pytest.mark.parametrize("message", [
    "Is 3.11 bigger than 3.9?",  # decimals, maybe: the math tool's
    "What is semantic versioning?",
    "Which version of Python should I use?",
    "How do I pin a version in requirements.txt?",
    "What's the difference between ^ and ~ in package.json?",
    "Sort these numbers: 1.5, 2.25, 1.25",
    "Is 1.10.2 newer than 1.9.15 and should I upgrade my cluster to it?",  # more than the comparison
    "Does ^1.4.0 accept 2.0.0 if I set legacy-peer-deps?",
    "Why does pip say ~=2.2 does not allow 3.0?",
])
def test_other_version_questions_are_not(message: str) -> None:
    assert version_asked(message) is None
