"""The count tool: letters, words, characters and lines counted, and the plain questions that go to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.count import count_asked
from llorch.tools.registry import ToolRegistry


def count(text: str, what: str) -> tuple[str, int]:
    result = ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data["count"]


@pytest.mark.parametrize(("text", "what", "said", "n"), [
    # what the 1.5B got wrong: 4 r's in strawberry, 24 words in the pangram
    ("strawberry", "r", "“strawberry” has 3 r's (at positions 3, 8 and 9).", 3),
    ("the quick brown fox jumps over the lazy dog", "words", "The text has 9 words.", 9),
    ("Mississippi", "S", "“Mississippi” has 4 s's (at positions 3, 4, 6 and 7).", 4),  # any case
    ("Crème brûlée", "e", "“Crème brûlée” has 4 e's (at positions 3, 5, 11 and 12).", 4),  # accents off
    ("banana", "b", "“banana” has 1 b (at position 1).", 1),
    ("banana", "z", "“banana” has 0 z's.", 0),
    ("hello world", "characters", "“hello world” has 11 characters (10 without spaces).", 11),
    ("hello", "chars", "“hello” has 5 characters.", 5),
    ("education", "vowels", "“education” has 5 vowels.", 5),
    ("rhythm", "vowel", "“rhythm” has 0 vowels.", 0),
    ("R2-D2 and C-3PO", "digits", "“R2-D2 and C-3PO” has 3 digits.", 3),
    ("It's 9 o'clock!", "letters", "“It's 9 o'clock!” has 9 letters.", 9),
    ("one\ntwo\n\nfour", "lines", "The text has 4 lines.", 4),
    ("Hi. How are you? Fine!", "sentences", "“Hi. How are you? Fine!” has 3 sentences.", 3),
    ("The cat sat there on the mat.", "the", "“The cat sat there on the mat.” has “the” 2 times.", 2),  # whole words
    ("a.b.c", ".", "“a.b.c” has “.” 2 times (at positions 2 and 4).", 2),
    ("word", "words", "“word” has 1 word.", 1),
])
def test_counts(text: str, what: str, said: str, n: int) -> None:
    assert count(text, what) == (said, n)


def test_bad_counts_are_one_line_errors() -> None:
    with pytest.raises(ToolError, match="say what to count"):
        count("abc", "''")
    with pytest.raises(ToolError, match="the limit is 1,000,000"):
        count("a" * 1_000_001, "a")


@pytest.mark.parametrize(("text", "asked"), [
    ("How many r's are in the word strawberry?", {"text": "strawberry", "what": "r"}),
    ("how many r's in strawberry", {"text": "strawberry", "what": "r"}),
    ("How many letters are in 'encyclopedia'?", {"text": "encyclopedia", "what": "letters"}),
    ("How many times does the letter e appear in 'excellence'?", {"text": "excellence", "what": "e"}),
    ("Count the letters in mississippi", {"text": "mississippi", "what": "letters"}),
    ('How many words are in "don\'t stop me now"?', {"text": "don't stop me now", "what": "words"}),
    ("How many words are in this sentence: the quick brown fox jumps over the lazy dog",
     {"text": "the quick brown fox jumps over the lazy dog", "what": "words"}),
    # a question, a blank line, then the text: how `llorch run` joins a prompt and piped input
    ("How many words is this?\n\nOne two three.\n\nFour five.",
     {"text": "One two three.\n\nFour five.", "what": "words"}),
    ("How many lines are in this file?\n\na\nb\nc\n", {"text": "a\nb\nc", "what": "lines"}),
    ("How many times does the word 'the' appear in this?\n\nThe cat.", {"text": "The cat.", "what": "the"}),
    # a line, word or name piped after the question (the 1.5B said 45 characters for the pangram's 43)
    ("How many characters are in this line?\n\nThe quick brown fox jumps over the lazy dog",
     {"text": "The quick brown fox jumps over the lazy dog", "what": "characters"}),
    ("How many characters does this line have?\n\nHello, world!", {"text": "Hello, world!", "what": "characters"}),
    ("How many letters are in this word?\n\nantidisestablishmentarianism",
     {"text": "antidisestablishmentarianism", "what": "letters"}),
    ("How many characters is this password?\n\nhunter2!X", {"text": "hunter2!X", "what": "characters"}),
])
def test_a_plain_count_is_read_from_the_message(text: str, asked: dict[str, str]) -> None:
    assert count_asked(text) == asked


@pytest.mark.parametrize("text", [
    "How many letters in the alphabet?",  # the alphabet, not the word
    "How many people are in the room?",
    "How many days are in a year?",
    "How many r's are in it?",
    "How many words is this?",  # no text after it
    "How many e's are in 'excellence'? And in 'bee'?",
    "How many words are in this sentence: one two\n\nthree",  # a colon's text and more
    "How many words in the English language?",
    "How many characters are in my name?",
    "How many characters are in this line?",  # no line after it
    "Summarise this.\n\nHow many words is this?",
])
def test_anything_less_plain_stays_with_the_model(text: str) -> None:
    assert count_asked(text) is None


# --- lines that contain a text (grep -c) -------------------------------------------------------

_LOG = ("2026-12-01 10:00:01 INFO start\n2026-12-01 10:00:02 ERROR disk full\n2026-12-01 10:00:03 WARN retry\n"
        "2026-12-01 10:00:04 ERROR disk full\n2026-12-01 10:00:05 INFO no error\n2026-12-01 10:00:06 ERROR timeout\n")


def count_lines(text: str, containing: str, what: str = "lines") -> tuple[str, int]:
    result = ToolRegistry().call("count", {"text": text, "what": what, "containing": containing},
                                 ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data["count"]


@pytest.mark.parametrize(("containing", "said", "n"), [
    # the 1.5B said one line of this log contains ERROR
    ("ERROR", "3 of the 6 lines contain “ERROR”: lines 2, 4 and 6.", 3),
    # smart case: lower case matches any case ("no error" too), as ripgrep's --smart-case
    ("error", "4 of the 6 lines contain “error” (in any case): lines 2, 4, 5 and 6.", 4),
    ("disk full", "2 of the 6 lines contain “disk full” (in any case): lines 2 and 4.", 2),
    ("10:00:03", "1 of the 6 lines contains “10:00:03”: line 3.", 1),
    ("FATAL", "None of the 6 lines contains “FATAL”.", 0),
])
def test_lines_containing_a_text_are_counted_as_grep_c_counts_them(containing: str, said: str, n: int) -> None:
    assert count_lines(_LOG, containing) == (said, n)


def test_many_lines_are_listed_up_to_ten_and_the_rest_counted() -> None:
    text = "\n".join(str(i) for i in range(1, 101))
    said, n = count_lines(text, "1")
    assert n == 20 and said.endswith("lines 1, 10, 11, 12, 13, 14, 15, 16, 17, 18 and 10 more.")


def test_the_model_may_say_the_text_in_what() -> None:
    assert count(_LOG, "lines containing ERROR") == ("3 of the 6 lines contain “ERROR”: lines 2, 4 and 6.", 3)
    assert count(_LOG, "lines with 'disk full'")[1] == 2


def test_containing_counts_only_lines() -> None:
    with pytest.raises(ToolError, match="'containing' counts lines"):
        count_lines(_LOG, "ERROR", what="words")


@pytest.mark.parametrize(("question", "target"), [
    ("How many lines contain ERROR?", "ERROR"),
    ("how many lines contain error", "error"),
    ("How many lines have 'disk full' in them?", "disk full"),
    ("Count the lines with WARN", "WARN"),
    ("How many ERROR lines are there?", "ERROR"),
    ('In how many lines does "timeout" appear?', "timeout"),
    ("How many lines mention timeout in this log?", "timeout"),
    ("How many lines of the log contain 10:00:0?", "10:00:0"),
    ("How many lines are there with INFO?", "INFO"),
    ("How many lines contain the word start?", "start"),
])
def test_a_question_about_lines_containing_a_text_goes_to_count(question: str, target: str) -> None:
    assert count_asked(f"{question}\n\n{_LOG}") == {"text": _LOG.strip(), "what": "lines", "containing": target}


def test_lines_containing_need_a_text_to_count_in() -> None:
    assert count_asked("How many lines contain ERROR?") is None
    assert count_asked("How many lines contain ERROR: a ERROR\nb") is None  # a colon's text is one line
    assert count_asked("How many lines contain ERROR: x ERROR y") == {"text": "x ERROR y", "what": "lines",
                                                                      "containing": "ERROR"}


@pytest.mark.parametrize("question", [
    "How many blank lines are there?",  # kinds of line: the model's
    "How many lines have semicolons?",
    "How many lines have more than 80 characters?",
    "How many lines contain errors?",  # a plural: the lines with an error, not the string "errors"
    "How many lines with a comment?",
])
def test_lines_of_a_kind_are_not_taken_for_a_string(question: str) -> None:
    asked = count_asked(f"{question}\n\n{_LOG}")
    assert asked is None or "containing" not in asked


# --- different and repeated lines and words ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "what", "said", "n"), [
    # the 1.5B said this had 2 unique lines (it has 3)
    ("a\nb\na\nc\nb\na", "unique lines", "The text has 3 different lines (of 6 in all).", 3),
    ("a\nb\na\nc\nb\na", "duplicate lines",
     "2 of the 3 different lines come more than once (3 extra copies): “a” (3 times), “b” (2 times).", 2),
    ("a\nb\nc", "repeated lines", "No line comes more than once: the 3 lines are all different.", 0),
    ("x\nx", "distinct lines", "The text has 1 different line (of 2 in all).", 1),
    ("The cat and the dog. The end!", "unique words", "The text has 5 different words (of 7 in all).", 5),
    ("A a", "unique lines", "The text has 1 different line (of 1 in all).", 1),  # (a line is as written: one line)
])
def test_different_and_repeated_lines_and_words(text: str, what: str, said: str, n: int) -> None:
    assert count(text, what) == (said, n)


@pytest.mark.parametrize(("question", "what"), [
    ("How many unique lines are there?", "unique lines"),
    ("How many duplicate lines are in this file?", "duplicate lines"),
    ("how many distinct words are in this?", "distinct words"),
    ("How many different lines does this have?", "different lines"),
    ("How many lines are there?", "lines"),
])
def test_a_question_of_different_lines_goes_to_count(question: str, what: str) -> None:
    assert count_asked(f"{question}\n\na\nb\na") == {"text": "a\nb\na", "what": what}
    assert count_asked(question) is None  # (no text: the model's)
