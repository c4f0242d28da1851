"""The regex tool: a pattern run over a text, and the plain questions that go to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools import regexes
from llorch.tools.base import ToolContext
from llorch.tools.regexes import regex_asked
from llorch.tools.registry import ToolRegistry


def run(pattern: str, text: str, flags: str = "") -> tuple[str, Any]:
    args = {"pattern": pattern, "text": text, **({"flags": flags} if flags else {})}
    result = ToolRegistry().call("regex", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("pattern", "text", "flags", "said"), [
    # what the 1.5B got wrong: it said yes (the three digits fail \d{2}$)
    (r"^[a-z]+\d{2}$", "abc123", "", r"No: the pattern ^[a-z]+\d{2}$ does not match “abc123”; without its anchors "
                                    "(^ and $) it would match “abc12”."),
    (r"^abc$", "abc", "", "Yes: the pattern ^abc$ matches “abc”: all of it."),
    (r"\d+", "a1b22c333", "", "Yes: the pattern \\d+ matches “a1b22c333”: “1” (characters 2 to 2); 3 matches in all: "
                              "“1”, “22”, “333”."),
    (r"(?P<year>\d{4})-(\d{2})", "on 2024-05-01", "", "Yes: the pattern (?P<year>\\d{4})-(\\d{2}) matches “on "
     "2024-05-01”: “2024-05” (characters 4 to 10), with group year “2024”, group 2 “05”."),
    ("/hello/i", "Say HELLO", "", "Yes: the pattern hello (flags i) matches “Say HELLO”: “HELLO” (characters 5 to 9)."),
    ("^b", "a\nb", "m", "Yes: the pattern ^b (flags m) matches the text starting “a…” (3 characters): “b” "
                        "(characters 3 to 3)."),
    ("x*", "abc", "", "Yes: the pattern x* matches “abc”: an empty match at character 1; 4 matches in all: “”, “”, "
                      "“”, “”."),
    ("colou?r", "color", "", "Yes: the pattern colou?r matches “color”: all of it."),
])
def test_patterns_are_run(pattern: str, text: str, flags: str, said: str) -> None:
    assert run(pattern, text, flags)[0] == said


def test_the_data_says_whether_and_where() -> None:
    _, data = run(r"\d+", "a1b22")
    assert (data["matches"], data["whole"], data["count"], data["first"], data["span"], data["all"]) == (
        True, False, 2, "1", [1, 2], ["1", "22"])
    assert run("z", "abc")[1] == {"matches": False, "whole": False, "count": 0, "first": None}


def test_bad_patterns_and_runaway_ones_are_one_line_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ToolError, match="the pattern \\( does not compile: missing \\) at position 1"):
        run("(", "x")
    with pytest.raises(ToolError, match="unknown flag 'q'"):
        run("a", "a", "q")
    with pytest.raises(ToolError, match="nests or repeats more than llorch compiles"):
        run("(" * 5000 + ")" * 5000, "a")
    monkeypatch.setattr(regexes, "_TIMEOUT_S", 0.05)  # a choice inside a repeat, over a text that almost matches
    with pytest.raises(ToolError, match="took over 0.05 s on this text \\(catastrophic backtracking"):
        run(r"^(a|aa)+$", "a" * 40 + "b")


@pytest.mark.parametrize(("message", "asked"), [
    ('Does the regex ^[a-z]+\\d{2}$ match "abc123"?', {"pattern": "^[a-z]+\\d{2}$", "text": "abc123"}),
    ("Will /\\d+/ match 'abc'?", {"pattern": "/\\d+/", "text": "abc"}),
    ("Does 'abc123' match the regex ^[a-z]+\\d+$?", {"pattern": "^[a-z]+\\d+$", "text": "abc123"}),  # its "?" is the
    ("Does the regex colou?r match colour?", {"pattern": "colou?r", "text": "colour"}),                # question's
    ("Test the regex \\w+@\\w+\\.com against foo@bar.com", {"pattern": "\\w+@\\w+\\.com", "text": "foo@bar.com"}),
    ("Does the regex ^a match this: apple", {"pattern": "^a", "text": "apple"}),
    ("Does the regex (?:ab)+ match 'abab'?", {"pattern": "(?:ab)+", "text": "abab"}),  # a colon in the pattern
    ("Does the regex \\d+ match this?\n\nabc 123", {"pattern": "\\d+", "text": "abc 123"}),
    ("Does the pattern `[A-Z]{3}` match 'ABC'?", {"pattern": "[A-Z]{3}", "text": "ABC"}),
    ("Does 'hello123' match [a-z]+\\d+?", {"pattern": "[a-z]+\\d+", "text": "hello123"}),  # unnamed: it looks like one
    ("Would ^a.*z$ match 'abcz'?", {"pattern": "^a.*z$", "text": "abcz"}),
])
def test_a_plain_question_is_read_without_a_model(message: str, asked: dict[str, str]) -> None:
    assert regex_asked(message) == asked


@pytest.mark.parametrize("message", [
    "Does the pattern matter here?",
    "Does regex work in bash?",
    "Does the regex `^\\s*$` match an empty line?",  # described, not given
    "Write a regex that matches an IPv4 address",
    "Does 'color' match 'colour'?",  # no regex named, and nothing in it looks like one
    "Does 'color' match colour?",
])
def test_other_questions_are_not(message: str) -> None:
    assert regex_asked(message) is None


@pytest.mark.parametrize(("pattern", "error"), [
    # compiled unbounded: a{1000000000} ran until the kernel killed it, (a{1000}){1000} took 280 MB
    ("a{1000000000}", "the repeat \\{1000000000\\} counts over 10,000, more than llorch compiles; use \\+ or \\*"),
    ("x{2,50000}", "the repeat \\{2,50000\\} counts over 10,000"),
    ("a{1," + "9" * 40 + "}", "the repeat \\{1,9{15}…\\} counts over 10,000"),
    ("(a{1000}){1000}", "counted repeats come to over 100,000 copies \\(nested or chained counts multiply and add\\)"),
    ("(?:(?:ab){1000}){100}", "counted repeats come to over 100,000 copies"),
    ("x{10000}" * 11, "counted repeats come to over 100,000 copies"),
])
def test_counted_repeats_that_compile_too_big_are_refused_before_compiling(
        pattern: str, error: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:  # (compiling them for real could take all the memory there is)
        raise AssertionError("compiled")
    monkeypatch.setattr(regexes.regex, "compile", never)
    with pytest.raises(ToolError, match=error):
        run(pattern, "abc")


@pytest.mark.parametrize(("pattern", "text", "flags"), [
    ("x{10000}", "x" * 10000, ""), ("(\\d{1,3}\\.){3}\\d{1,3}", "10.0.0.1", ""), ("\\p{L}{3}", "abc", ""),
    ("[{]{2}", "{{", ""), ("a{5} # b{99999}", "aaaaa", "x"), ("(?x) a{2} # {99999}", "aa", ""),
])
def test_counted_repeats_within_the_limit_still_run(pattern: str, text: str, flags: str) -> None:
    assert run(pattern, text, flags)[1]["whole"]
