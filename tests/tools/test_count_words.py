"""The most common words of a text piped after the question (llorch/tools/countwords.py), counted by the count tool."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.countwords import common_kind, common_words
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry

NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
CAT = "The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat."


def routed(question: str, text: str) -> tuple[str, dict[str, object]] | None:
    return exact_call(f"{question}\n\n{text}" if text else question, EXACT_TOOLS, NOW)


def run(args: dict[str, object]) -> tuple[str, dict[str, object]]:
    result = ToolRegistry().call("count", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, dict(result.data)


@pytest.mark.parametrize(("question", "what"), [
    ("Which word appears most often?", "most common word"),  # the 1.5B: "cat" (twice; "the" is five times)
    ("What's the most frequent word?", "most common word"),
    ("Which word is used most often in this text?", "most common word"),
    ("What word appears the most times?", "most common word"),
    ("What is the most common word here?", "most common word"),
    ("What are the 3 most common words?", "3 most common words"),
    ("What are the three most common words in this text?", "three most common words"),
    ("List the top 2 words", "2 most common words"),
    ("Which words appear most often?", "most common words"),
    ("Which word occurs most frequently in this text?", "most common word"),
    ("What word is used the most?", "most common word"),
    ("What is the most repeated word?", "most common word"),
    ("Which word is the most common?", "most common word"),  # (the exact step had none of these three)
    ("Which words are most frequent in this text?", "most common words"),
    ("What's the most frequently occurring word?", "most common word"),
])
def test_which_word_comes_most_often_goes_to_count(question: str, what: str) -> None:
    assert routed(question, CAT) == ("count", {"text": CAT, "what": what})


_SAW = "the cat saw the dog and the dog saw the cat run"


@pytest.mark.parametrize("message", [
    # "in" alone before a colon: the text after it (the exact step had none)
    "Which word appears most often in: " + _SAW,
    "Which word occurs most frequently in: " + _SAW,
    "What is the most common word in: " + _SAW,
])
def test_the_most_common_word_of_the_text_after_in_and_a_colon_goes_to_count(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, NOW) == ("count", {"text": _SAW, "what": "most common word"})
    assert run({"text": _SAW, "what": "most common word"})[0] == (
        "The most common word is “the”: 4 times in the 12 words (case ignored). Next: “cat”, “saw” and “dog” (2 "
        "each); then “and” and “run” (1 each).")


def test_a_text_after_in_that_repeats_only_short_words_is_a_text_too() -> None:
    """"to be or not to be …" repeats "be" (a fresh eval's: the 1.5B said "to be"); a title repeats only "the", "of"."""
    text = "to be or not to be that is the question to ask"
    assert exact_call("Which word is used most in: " + text, EXACT_TOOLS, NOW) == (
        "count", {"text": text, "what": "most common word"})


def test_the_most_common_word_is_counted_literally_in_any_case_with_the_next_ones() -> None:
    said, data = run({"text": CAT, "what": "most common word"})
    assert said == ("The most common word is “the”: 5 times in the 21 words (case ignored). Next: “on” (3); then "
                    "“cat”, “sat”, “mat”, “dog” and “a” (2 each).")
    assert data == {"what": "most common word", "most": ["the"], "times": 5}  # (a word: no count to check it by)


def test_the_few_most_common_words_name_a_tie_at_the_last_place_whole() -> None:
    found = routed("What are the 3 most common words?", CAT)
    assert found is not None
    said, data = run(found[1])
    assert said == ("The 3 most common words of the 21 (case ignored), most common first: “the” (5 times); “on” (3 "
                    "times); a tie for 3rd place between “cat”, “sat”, “mat”, “dog” and “a” (2 times each).")
    assert data["most"] == ["the", "on", "cat", "sat", "mat", "dog", "a"]


@pytest.mark.parametrize(("text", "said"), [
    ("to be or not to be", "The most common words are “to” and “be”: 2 times each in the 6 words (case ignored). "
                           "Next: “or” and “not” (1 each)."),
    ("Don't stop, don’t STOP! 42 42 42", "The most common words are “don't” and “stop”: 2 times each in the 4 words "
                                         "(case ignored)."),  # (numbers are no words; an apostrophe is inside one)
    ("one two three", "No word comes more than once: each of the 3 words appears once (case ignored)."),
])
def test_ties_are_named_never_broken(text: str, said: str) -> None:
    assert common_words(text)[1] == said


def test_what_names_how_many_words() -> None:
    assert [common_kind(w) for w in ("most common word", "3 most common words", "most frequent words", "top 5 words",
                                     "words", "the 3 words")] == [1, 3, 5, 5, None, None]
    with pytest.raises(ToolError, match="no words"):
        common_words("12 34 --")


@pytest.mark.parametrize(("question", "text"), [
    ("Which word appears most often?", ""),  # nothing piped
    ("What is the most common word in English?", ""),
    ("Which word appears most often in English?", CAT),  # (a language, not the text)
    ("What are the words?", CAT),
    ("What's the most common word?", "12 34 56"),  # (no word in it)
    ("Which word should I use most often?", CAT),
    ("Which word appears most often in: War and Peace", ""),  # a few words after "in:" name a book
    # a review's: a work's name or what a text is, not the text (none repeats a word of its own)
    ("Which word appears most often in: The Lord of the Rings: The Fellowship of the Ring", ""),
    ("Which word appears most often in: the lyrics of Bohemian Rhapsody by Queen please", ""),
    ("Which word appears most often in: the Bible, the Quran and the Torah combined", ""),
    ("Which word appears most often in: my last eight text messages to my mom and dad", ""),
    ("Which word is most common in English?", CAT),
    ("Which word is the most common word in English?", ""),
    ("Which word is the most important?", CAT),  # (no count)
])
def test_other_questions_about_words_stay_the_models(question: str, text: str) -> None:
    assert routed(question, text) is None


def test_an_answer_naming_another_word_as_the_most_common_is_noted(tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault
    result = ToolRegistry().call("count", {"what": "most common word", "text": CAT},
                                 ToolContext(data_dir=tmp_path, now=lambda: NOW))
    want = expected("count", result.data, "Which word appears most often?")
    assert fault('The word "the" appears most often, 5 times.', want, "count", result.text) is None
    assert fault("The most common word is the, with 5 occurrences.", want, "count", result.text) is None
    assert fault("The word that appears most is the word \"cat\".", want, "count", result.text) is not None
    assert fault('The word "cat" appears most often in the given text.', want, "count", result.text) is not None


def test_a_word_with_a_curly_apostrophe_in_the_answer_is_the_tools(tmp_path: Path) -> None:
    from llorch.chat.answercheck import expected, fault
    result = ToolRegistry().call("count", {"what": "most common word", "text": "don't stop, don't go, stop"},
                                 ToolContext(data_dir=tmp_path, now=lambda: NOW))
    want = expected("count", result.data, "Which word appears most often?")
    assert fault("The most common words are “don’t” and “stop”, twice each.", want, "count", result.text) is None
    assert fault("The most common word is “don’t”, twice.", want, "count", result.text) is not None  # (a tie)


@pytest.mark.parametrize("what", ["99 most common words", "0 most common words", "top 0 words", "51 most common words"])
def test_a_list_past_fifty_words_or_of_none_is_refused_not_counted_as_a_string(what: str) -> None:
    with pytest.raises(ToolError, match="1 to 50 most common words"):  # (was "'a b a' has '99 most …' 0 times")
        run({"text": "a b a", "what": what})
    assert common_kind("50 most common words") == 50
    assert routed("What are the 99 most common words?", CAT) is None  # (the tool would say no: the model's)


def test_a_word_comes_as_often_asked_alone_as_among_the_most_common() -> None:
    text = "the the-end the"
    assert common_words(text)[0] == 2
    said, data = run({"text": text, "what": "the"})
    assert data["count"] == 2  # (was 3: "the" of "the-end" counted by one reading, not by the other)
    assert said == "“the the-end the” has “the” 2 times as a word, and 1 more time as part of a longer one (“the-end”)."
    said, data = run({"text": "Don't stop, don’t STOP! 42 42 42", "what": "unique words"})
    assert (said, data["count"]) == ("The text has 2 different words (of 4 in all).", 2)  # (numbers are no words)


_FRUITS = "apple banana apple cherry banana apple cherry apple"


@pytest.mark.parametrize(("question", "what"), [
    # the 1.5B said 6 different words of "apple banana apple cherry banana apple" (3)
    (f"How many different words are in: {_FRUITS}", "different words"),
    (f"How many unique words are there in: {_FRUITS}", "unique words"),
    (f"How many distinct words are in this text: {_FRUITS}", "distinct words"),
    (f"Count the distinct words: {_FRUITS}", "distinct words"),
    (f"Count the different words in this: {_FRUITS}", "different words"),
    (f"How many different words are in?\n\n{_FRUITS}", "different words"),  # piped
    (f"How many different words are in:\n\n{_FRUITS}", "different words"),
])
def test_how_many_different_words_after_a_colon_goes_to_count(question: str, what: str) -> None:
    assert exact_call(question, EXACT_TOOLS, NOW) == ("count", {"text": _FRUITS, "what": what})
    assert run({"text": _FRUITS, "what": what}) == ("The text has 3 different words (of 8 in all).",
                                                    {"what": what, "count": 3})


def test_different_words_are_counted_in_any_case() -> None:
    """"Apple" and "apple" are one word, as a reader counts words (the list tool's items are compared as written)."""
    found = exact_call("How many different words are in this text: Apple banana apple", EXACT_TOOLS, NOW)
    assert found == ("count", {"text": "Apple banana apple", "what": "different words"})
    assert run(dict(found[1]))[0] == "The text has 2 different words (of 3 in all)."


@pytest.mark.parametrize("question", [
    "How many words are in: the cat sat",
    "How many words are there in: the English language",  # (a thing named: how many words it has)
    "How many words are in: War and Peace?",  # (a book)
    "How many different words are in: War and Peace",  # (a few that do not repeat: a title's)
    "How many words are in?",  # (nothing to count)
])
def test_a_few_words_after_a_bare_in_are_left_to_the_model(question: str) -> None:
    """After "… in:" alone, a text of eight words or more, or one piped after a blank line, is counted; fewer
    may name what has the words."""
    assert exact_call(question, EXACT_TOOLS, NOW) is None


def test_a_few_words_that_repeat_after_a_bare_in_are_counted_for_their_different_ones() -> None:
    """(the 1.5B said 6 different words of "apple banana apple cherry banana apple": a title would not repeat)"""
    text = "apple banana apple cherry banana apple"
    assert exact_call(f"How many different words are in: {text}", EXACT_TOOLS, NOW) == (
        "count", {"text": text, "what": "different words"})
    assert run({"text": text, "what": "different words"})[0] == "The text has 3 different words (of 6 in all)."


def test_a_word_count_after_a_bare_in_is_a_word_count() -> None:
    text = "the cat sat on the mat all day"
    assert exact_call(f"How many words are in: {text}", EXACT_TOOLS, NOW) == ("count", {"text": text, "what": "words"})
    assert exact_call("How many words are in?\n\nthe cat sat", EXACT_TOOLS, NOW) == (
        "count", {"text": "the cat sat", "what": "words"})
