"""The most (or least) common letters of a text and each letter's count (llorch/tools/letterfreq.py), counted by the
count tool, and the plain questions that go to it."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.letterfreq import letter_kind
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
_FOX = "the quick brown fox jumps over the lazy dog"


def run(text: str, what: str) -> tuple[str, dict[str, object]]:
    result = ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, dict(result.data)


@pytest.mark.parametrize(("message", "text", "what"), [
    # the 1.5B said "m" ("i" and "s" come 4 times each); the exact step had none of these
    ("Which letter appears most often in 'mississippi'?", "mississippi", "most common letter"),
    ("What is the most common letter in the word mississippi?", "mississippi", "most common letter"),
    ("What's the most frequent letter in the word banana?", "banana", "most common letter"),
    (f"Which letter occurs most in: {_FOX}", _FOX, "most common letter"),
    ("Which letter appears most often in the word Mississippi?", "Mississippi", "most common letter"),
    ('What are the most common letters in "abracadabra"?', "abracadabra", "most common letter"),
    ("Which letter is the most common in “banana”?", "banana", "most common letter"),
    ("Which letter appears the most number of times in “banana”?", "banana", "most common letter"),
    ("Find the most frequent letter in 'bookkeeper'", "bookkeeper", "most common letter"),
    ("Which letter appears most often in: 'hello'", "hello", "most common letter"),  # (the quotes are no text)
    (f"Which letter appears most often?\n\n{_FOX}", _FOX, "most common letter"),  # piped
    (f"What is the most common letter in this text?\n\n{_FOX}", _FOX, "most common letter"),
    (f"What is the most common letter in this sentence: {_FOX}", _FOX, "most common letter"),
    ("What is the least common letter in 'mississippi'?", "mississippi", "least common letter"),
    ("Which letter is the rarest in 'banana'?", "banana", "least common letter"),
    ("Which letter appears the fewest times in 'banana'?", "banana", "least common letter"),
    ("Which character appears most often in 'hello, world'?", "hello, world", "most common character"),
    ("Which character appears most often in 'a b a', not counting spaces?", "a b a", "most common character"),
    ("How many times does each letter appear in the word banana?", "banana", "each letter"),
    ("Count each letter in 'hello'", "hello", "each letter"),
    ("How often does every letter occur in the word 'banana'?", "banana", "each letter"),
    ("Count the occurrences of each letter in 'banana'", "banana", "each letter"),
    ("What is the frequency of each letter in 'hello'?", "hello", "each letter"),
    ("How many of each letter are in the word banana?", "banana", "each letter"),
    ("How many of each letter are there?\n\nabcab", "abcab", "each letter"),
    ('Count every character in "a,b,,"', "a,b,,", "each character"),
    ("Which letter appears most often in the word English?", "English", "most common letter"),  # (named: the word)
    ("Which letter appears most often in: vietnamese", "vietnamese", "most common letter"),  # (after a colon)
])
def test_plain_letter_questions_go_to_count(message: str, text: str, what: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("count", {"text": text, "what": what})


@pytest.mark.parametrize("message", [
    "Which letter is most common in English?",  # no text given: letters in general
    "Which letter appears most often in English?",
    "Which letter appears most often in the English language?",
    "What is the most common letter in my name?",  # (no text)
    "Which letter appears most often?",  # nothing piped
    "Which letter appears most often in passwords?",  # (a kind of text, not one)
    "Which letter appears most often in Hamlet?",  # (a capital: may name the play; "the word Hamlet" is one)
    "What's the most common letter in Wordle?",
    "Which letter appears most often in '123'?",  # (no letter in it)
    "Which letter appears most often in 'x' and 'y'?",
    "Which letter appears most often in hello world?",  # (two bare words: not plain)
    "Which letter should I use most often?",
    "What's the most common letter in the alphabet?",
    "What is the letter count of banana?",  # (how many letters: count.py's own, not each letter's)
    # a bare word is a kind of text, not one to count ("vietnamese" was counted as the text)
    "Which letter appears most often in vietnamese?",
    "Which letter appears most often in hawaiian?",
    "Which letter appears most often in klingon?",
    "What is the most common letter in poetry?",
    "most common letter in hangman",
    "What's the most common letter in dna?",
    "Which is the most common letter in ciphertext?",
    "What is the most common letter in typing?",
    "What is the most common letter in hamlet?",
    "Which character appears most often in pokemon?",
    "Which character appears most often in naruto?",
    "Which letter appears most often in the word list?",  # ("the word list" is a list of words)
    "What is the most common letter in mississippi?",  # (the word quoted, or "the word mississippi", is counted)
    "How many times does each letter appear in banana?",
])
def test_less_plain_letter_questions_are_declined(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, NOW)
    assert found is None or letter_kind(str(found[1].get("what", ""))) is None


def test_which_word_appears_most_often_stays_the_words_route() -> None:
    text = "the cat saw the dog and the dog saw the cat run"
    assert exact_call(f"Which word appears most often in: {text}", EXACT_TOOLS, NOW) == (
        "count", {"text": text, "what": "most common word"})


def test_a_tie_for_the_most_common_letter_is_said_with_its_count_never_broken() -> None:
    said, data = run("mississippi", "most common letter")
    assert said == ("The most common letters in “mississippi” are “i” and “s”, a tie: 4 times each in its 11 letters "
                    "(case ignored). Next: “p” (2); then “m” (1).")
    assert data == {"what": "most common letter", "most": ["i", "s"], "times": 4}


@pytest.mark.parametrize(("text", "what", "said", "data"), [
    ("banana", "most common letter", "The most common letter in “banana” is “a”: 3 times in its 6 letters (case "
     "ignored). Next: “n” (2); then “b” (1).", {"most": ["a"], "times": 3}),
    ("mississippi", "least common letter", "The least common letter in “mississippi” is “m”: once in its 11 letters "
     "(case ignored). Next: “p” (2); then “i” and “s” (4 each).", {"least": ["m"], "times": 1}),
    ("Hello, World!", "most common letter", "The most common letter in “Hello, World!” is “l”: 3 times in its 10 "
     "letters (case ignored). Next: “o” (2); then “h”, “e”, “w”, “r” and “d” (1 each).", {"most": ["l"], "times": 3}),
    # a character: any but spaces, punctuation too
    ("hello, world", "most common character", "The most common character in “hello, world” is “l”: 3 times in its 11 "
     "characters (case ignored, spaces not counted). Next: “o” (2); then “h”, “e”, “,”, “w”, “r” and “d” (1 each).",
     {"most": ["l"], "times": 3}),
    ("!!! a", "most common character", "The most common character in “!!! a” is “!”: 3 times in its 4 characters "
     "(case ignored, spaces not counted). Next: “a” (1).", {"most": ["!"], "times": 3}),
    ("AaBb 42", "least common letter", "The least common letters in “AaBb 42” are “a” and “b”, a tie: twice each in "
     "its 4 letters (case ignored). Every letter comes as often.", {"least": ["a", "b"], "times": 2}),
    ("abc", "most common letter", "No letter comes more than once in “abc”: each of its 3 letters appears once (case "
     "ignored).", {"most": [], "times": 1}),
    ("Aaa!", "most common letter", "The only letter in “Aaa!” is “a”: 3 times (case ignored).",
     {"most": ["a"], "times": 3}),
    ("Café CAFE", "rarest letter", "The least common letters in “Café CAFE” are “c”, “a”, “f” and “e”, a tie: twice "
     "each in its 8 letters (case ignored). Every letter comes as often.", {"least": ["c", "a", "f", "e"], "times": 2}),
])  # fmt: skip
def test_the_most_and_least_common_letters(text: str, what: str, said: str, data: dict[str, object]) -> None:
    assert run(text, what) == (said, {"what": what, **data})


@pytest.mark.parametrize(("text", "what", "said", "each"), [
    # in order of first appearance, as the text spells them
    ("banana", "each letter", "Each letter of “banana”, in order of first appearance: b: 1, a: 3, n: 2 (6 letters; "
     "case ignored). Most common: “a” (3 times).", {"b": 1, "a": 3, "n": 2}),
    ("Hello", "letter frequencies", "Each letter of “Hello”, in order of first appearance: h: 1, e: 1, l: 2, o: 1 (5 "
     "letters; case ignored). Most common: “l” (twice).", {"h": 1, "e": 1, "l": 2, "o": 1}),
    ("a,b,,", "each character", "Each character of “a,b,,”, in order of first appearance: “a”: 1, “,”: 3, “b”: 1 (5 "
     "characters; case ignored, spaces not counted). Most common: “,” (3 times).", {"a": 1, ",": 3, "b": 1}),
    ("abab", "count of each letter", "Each letter of “abab”, in order of first appearance: a: 2, b: 2 (4 letters; "
     "case ignored).", {"a": 2, "b": 2}),
])  # fmt: skip
def test_each_letters_count(text: str, what: str, said: str, each: dict[str, int]) -> None:
    assert run(text, what) == (said, {"what": what, "each": each, "total": sum(each.values())})


_NO_LETTERS = "count: the text has no letters (spaces, digits and punctuation are not letters)"


@pytest.mark.parametrize(("text", "what", "error"), [
    ("123 ,.!", "most common letter", _NO_LETTERS),
    ("", "each letter", _NO_LETTERS),
    (" \n\t ", "most common character", "count: the text has no characters but spaces"),
])
def test_a_text_with_no_letters_is_a_one_line_error(text: str, what: str, error: str) -> None:
    with pytest.raises(ToolError) as raised:
        run(text, what)
    assert str(raised.value) == error


@pytest.mark.parametrize(("text", "what", "each"), [
    ("Straße", "each letter", {"s": 1, "t": 1, "r": 1, "a": 1, "ß": 1, "e": 1}),  # (casefold made ß "ss": s 3 times)
    ("안녕 안녕 안", "each letter", {"안": 3, "녕": 2}),  # (NFD split each syllable into its jamo)
    ("がかが", "each letter", {"が": 2, "か": 1}),  # (the dakuten is no accent: が is no か)
    ("Ñoño", "each letter", {"n": 2, "o": 2}),  # (a letter without its accent)
    ("Ñoño", "each character", {"ñ": 2, "o": 2}),  # (a character with it)
    ("n\u0303o", "each character", {"ñ": 1, "o": 1}),  # (an n and its tilde typed apart: one ñ)
    ("👍🏽👍🏽 a 🇫🇷 👨‍👩‍👧", "each character", {"👍🏽": 2, "a": 1, "🇫🇷": 1, "👨‍👩‍👧": 1}),  # (graphemes)
    ("Éé e", "each letter", {"e": 3}),
])
def test_letters_and_characters_are_counted_as_written(text: str, what: str, each: dict[str, int]) -> None:
    assert run(text, what)[1]["each"] == each


def test_what_names_the_letters_asked() -> None:
    assert [letter_kind(w) for w in ("most common letter", "the rarest character", "each letter", "every char",
                                     "letter frequency", "letters by count", "most common chars")] == [
        ("most", "letters"), ("least", "characters"), ("each", "letters"), ("each", "characters"),
        ("each", "letters"), ("each", "letters"), ("most", "characters")]
    assert [letter_kind(w) for w in ("letters", "letter count", "most common word", "characters", "e")] == [None] * 5
    assert run("strawberry", "letter count")[1]["count"] == 0  # (as before: a text counted, not each letter)


def test_a_megabyte_text_is_counted_fast() -> None:
    """A hang guard: each character is read once, and the question's patterns run over its first line alone."""
    big = "The quick brown fox jumps over the lazy dog, 1234! " * 19_000  # (969,000 characters; 4 o's in each)
    started = time.perf_counter()
    found = exact_call(f"Which letter appears most often?\n\n{big}", EXACT_TOOLS, NOW)
    assert found == ("count", {"text": big.strip(), "what": "most common letter"})
    assert run(big, "most common letter")[1] == {"what": "most common letter", "most": ["o"], "times": 76_000}
    assert run(big, "each character")[1]["total"] == 41 * 19_000
    least = run(big, "least common character")[1]
    assert least["times"] == 19_000 and {",", "1", "!", "q", "z"} <= set(least["least"])  # (once a sentence)
    odd = "Which letter appears most often in 'a" + "?" * 250 + "' '"  # (a long lazy subject: no backtracking)
    assert exact_call(odd, EXACT_TOOLS, NOW) is None
    assert time.perf_counter() - started < 5  # (about 0.5 s)
