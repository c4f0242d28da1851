"""The answer check of the count tool's most (or least) common letters and each letter's count (answertables'
`letter_values` and `letter_fault`): every letter named, a tie's every one, its count beside it, and no other
letter called the most common or given its count. The most common word's check is tested beside its tool, in
tests/tools/test_count_words.py."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from llorch.chat.answercheck import expected, fault
from llorch.chat.answertables import LetterCheck, letter_fault, letter_forms
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry


def noted(text: str, what: str, asked: str, answer: str) -> str | None:
    """The answer check's line for `answer` to `asked`, the count tool having counted `what` of `text` (answercheck's
    `fault` hands a LetterCheck to `letter_fault`)."""
    result = ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    want = expected("count", result.data, asked)
    assert not isinstance(want, LetterCheck) or fault(answer, want, "count", result.text) == letter_fault(
        answer, want, "count", result.text)
    return fault(answer, want, "count", result.text)


_MISSISSIPPI = "Which letter appears most often in 'mississippi'?"
_BANANA = "What is the most common letter in 'banana'?"
_EACH = "How many times does each letter appear in 'banana'?"


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
    assert (noted("banana", "most common letter", _BANANA, answer) is None) == right


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
    asked = "How many times does each letter appear in 'banana'?"
    assert (noted("banana", "each letter", asked, answer) is None) == right


def test_the_least_common_letter_and_the_most_common_character_are_checked() -> None:
    asked = "What is the least common letter in 'mississippi'?"
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


@pytest.mark.parametrize(("text", "what", "answer"), [
    # right answers the forms once missed: a sign, a bracket or a count right after the letter, a padded cell
    ("banana", "each letter", "a=3, n=2, b=1"),
    ("banana", "each letter", "b(1), a(3), n(2)"),
    ("banana", "each letter", "b x1, a x3, n x2"),
    ("banana", "each letter", "3 a's, 2 n's and 1 b."),
    ("banana", "each letter", "- b → 1\n- a → 3\n- n → 2"),
    ("mississippi", "most common letter", "i (4) and s (4)"),
    ("mississippi", "most common letter", "i, s (4 each)"),
    ("mississippi", "most common letter", "i & s"),
    ("mississippi", "most common letter", "| Letter | Count |\n|--------|-------|\n| i      | 4     |\n| s      | 4     |"),
    ("mississippi", "most common letter", "The letters i and s tie, each appearing 4 times; m appears once."),
    ("mississippi", "most common letter", "i and s appear most often (4 times each), 73% of its 11 letters."),
    ("mississippi", "least common letter", "M (once)"),
    ("mississippi", "least common letter", "m"),
    ("banana", "most common letter", "The most common letter is A (3 times)."),
    ("banana", "most common letter", "Answer: a"),
    ("hello, world", "each character", "h: 1, e: 1, l: 3, o: 2, ',': 1, w: 1, r: 1, d: 1"),
    ("👍🏽👍🏽a", "most common character", "The most common character is '👍🏽' (twice)."),
])
def test_a_right_answer_in_any_form_passes(text: str, what: str, answer: str) -> None:
    assert noted(text, what, "Which letter?", answer) is None


@pytest.mark.parametrize(("text", "what", "answer", "said"), [
    # the letter called the most common must be one (the first named after "most common letter is")
    ("mississippi", "most common letter", "The most common letter is m, followed by i and s.",
     "the answer calls “m” the most common letter"),
    ("mississippi", "most common letter", "m, i and s are the most common letters.",
     "the answer calls “m” the most common letter"),
    ("banana", "each letter", "n is the most common letter (2), then a (3) and b (1).",
     "the answer calls “n” the most common letter"),
    ("mississippi", "least common letter", "The least common letter is p; m appears once.",
     "the answer calls “p” the least common letter"),
    # a tie's count said once, with "each"
    ("mississippi", "most common letter", "i and s appear 5 times each.", "the answer does not give what"),
    ("mississippi", "most common letter", "Both i and s appear 3 times.", "the answer does not give what"),
    # another letter given the most common ones' count
    ("mississippi", "most common letter", "m, i, s: 4 times each", "the answer gives “m” the most common letters'"),
    ("mississippi", "most common letter", "There are 4 i's, 4 s's, 4 p's and 1 m.", "the answer gives “p”"),
])
def test_a_wrong_letter_called_the_most_common_or_given_its_count_is_noted(text: str, what: str, answer: str,
                                                                          said: str) -> None:
    assert (noted(text, what, "Which letter?", answer) or "").startswith(said)


def test_a_letter_is_read_by_the_count_tools_rules() -> None:
    """An accent is no other letter ("á" is "a"); a word is no letter named ("'mississippi'", "it's", "i.e."), nor is
    a character a part of another ("👍" of "👍🏽")."""
    assert noted("banana", "most common letter", _BANANA, "The most common letter is 'á' (3 times).") is None
    asked, right = _MISSISSIPPI, "The letters i and s both appear 4 times."
    assert noted("mississippi", "most common letter", asked, f"In 'mississippi', i.e. the river, it's a tie. {right}") \
        is None
    assert noted("mississippi", "most common letter", asked, "In 'mississippi', i.e. the river, it's a tie.") is not None
    assert noted("👍🏽👍🏽a", "most common character", asked, "The most common character is '👍' (twice).") is not None


def test_a_long_answer_is_read_fast() -> None:
    """A hang guard: the answer is read once for every letter at a time (a pattern a form made 600 searches of it)."""
    tally = "abcdefghijkl" * 3 + "a"
    result = ToolRegistry().call("count", {"text": tally, "what": "each letter"}, ToolContext(data_dir=Path("/x")))
    want = expected("count", result.data, _EACH)
    assert isinstance(want, LetterCheck)
    right = ", ".join(f"{c}: {k}" for c, k in (("a", 4), *((c, 3) for c in "bcdefghijkl"))) + ". "
    started = time.perf_counter()
    assert letter_fault(right * (100_000 // len(right)), want, "count", result.text) is None  # (100 KB)
    assert letter_fault("b: 1, a: 3, n: 2. " * 6_000, want, "count", result.text) is not None
    assert time.perf_counter() - started < 2  # (about 0.2 s for both; the forms took 1.4 s for the second)
