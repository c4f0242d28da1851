"""The answer check of the count tool's most (or least) common letters and each letter's count (answercheck's count
part, read by answertables.letter_values): every letter named, a tie's every one, and its count beside it. The
most common word's check is tested beside its tool, in tests/tools/test_count_words.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.chat.answertables import letter_forms
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry


def noted(text: str, what: str, asked: str, answer: str) -> str | None:
    """The answer check's line for `answer` to `asked`, the count tool having counted `what` of `text`."""
    result = ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    return fault(answer, expected("count", result.data, asked), "count", result.text)


_MISSISSIPPI = "Which letter appears most often in 'mississippi'?"


@pytest.mark.parametrize(("answer", "right"), [
    # the 1.5B's: "m" (once); "i" and "s" come 4 times each
    ("The letter that appears most often in 'mississippi' is 'm'.", False),
    ("The most common letter is m.", False),
    ("I think the letter m appears most often in mississippi.", False),  # (the pronoun names no "i")
    ("The letter 's' appears most often, 4 times.", False),  # (a tie: both must be named)
    ("i appears 4 times and s appears 3 times.", False),  # (a count beside a letter, wrong)
    ("i and s, 4 times each", True),
    ("The letters 'i' and 's' both appear 4 times.", True),
    ('The most common letters in "mississippi" are **i** and **s**, each appearing 4 times.', True),
    ("It's a tie: I and S each appear 4 times.", True),
    ("There are 4 i's and 4 s's, so they tie.", True),
])
def test_a_wrong_letter_or_half_a_tie_is_noted(answer: str, right: bool) -> None:
    said = noted("mississippi", "most common letter", _MISSISSIPPI, answer)
    assert (said is None) == right, said
    if not right and "leaves out" in (said or ""):
        assert said is not None and said.startswith("the answer leaves out “i”")


def test_the_note_names_the_letters_left_out_and_the_tools_count() -> None:
    assert noted("mississippi", "most common letter", _MISSISSIPPI, "m") == (
        "the answer leaves out “i”, “s”, and the count tool's result holds them all: The most common letters in "
        "“mississippi” are “i” and “s”, a tie: 4 times each in its 11 letters (case ignored). Next: “p” (2); then "
        "“m” (1).")


@pytest.mark.parametrize(("answer", "right"), [
    ("The most common letter in banana is a.", True),
    ("The most common letter in banana is a, appearing 3 times.", True),
    ("The letter 'a' appears 2 times.", False),
    ("n is the most common.", False),
    ("The most common letter is n, and a tie is not possible.", False),  # ("a tie" names no "a")
])
def test_one_most_common_letter_is_named_as_a_letter(answer: str, right: bool) -> None:
    assert (noted("banana", "most common letter", "What is the most common letter in banana?", answer) is None) == right


@pytest.mark.parametrize(("answer", "right"), [
    ("b: 1, a: 3, n: 2", True),
    ("b - 1\na - 3\nn - 2", True),
    ("| Letter | Count |\n|---|---|\n| b | 1 |\n| a | 3 |\n| n | 2 |", True),
    ("The letter b appears 1 time, the letter a appears 3 times, and the letter n appears 2 times.", True),
    ("In banana, b appears once, a appears 3 times and n appears twice.", True),
    ("b: 1, a: 2, n: 3", False),  # (the 1.5B's kind: the counts swapped)
    ("a: 3, n: 2", False),  # (one left out)
])
def test_each_letters_count_is_checked_beside_it(answer: str, right: bool) -> None:
    asked = "How many times does each letter appear in banana?"
    assert (noted("banana", "each letter", asked, answer) is None) == right


def test_the_least_common_letter_and_the_most_common_character_are_checked() -> None:
    asked = "What is the least common letter in mississippi?"
    assert noted("mississippi", "least common letter", asked, "The least common letter is 'm', once.") is None
    assert noted("mississippi", "least common letter", asked, "The least common letter is 'p'.") is not None
    asked = "Which character appears most often in 'hello, world'?"
    assert noted("hello, world", "most common character", asked, "The character 'l' appears most often (3 times).") \
        is None
    assert noted("hello, world", "most common character", asked, "The character 'o' appears most often.") is not None


def test_no_letter_more_common_or_a_long_tie_leaves_the_answer_unchecked() -> None:
    assert noted("abc", "most common letter", "Which letter appears most often in 'abc'?", "None: each once.") is None
    asked = "Which letter appears most often in 'aabbccddeeff'?"  # (six tied: an answer may say "all six tie")
    assert noted("aabbccddeeff", "most common letter", asked, "All six letters tie, twice each.") is None


def test_a_bare_letter_alone_is_never_its_form() -> None:
    """"I" and "a" are words in any answer: a letter is named quoted, in bold, or beside what says it is one."""
    assert "a" not in letter_forms("a") and "i" not in letter_forms("i")
    assert "and a" not in letter_forms("a") and "and i" in letter_forms("i")
    assert letter_forms(",") == ("“,”", '","', "','", "‘,’", "**,**", "`,`", "*,*", "| , |")
