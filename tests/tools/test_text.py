"""The text tool: lists sorted and rid of duplicates, texts reversed and recased, palindromes and anagrams, and the
plain requests that go to it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry
from llorch.tools.text import text_asked, transform


def run(args: dict[str, Any]) -> tuple[str, Any]:
    result = ToolRegistry().call("text", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("action", "text", "result", "said"), [
    # the 1.5B: "Adam, Carl, Émile, Zoe, Bob"
    ("sort", "Zoe, adam, Émile, bob, Carl", ["adam", "bob", "Carl", "Émile", "Zoe"],
     "The 5 items in alphabetical order, A to Z (case and accents ignored): adam, bob, Carl, Émile, Zoe"),
    ("sort", "file10.txt; file2.txt; File1.txt", ["File1.txt", "file2.txt", "file10.txt"],
     "The 3 items in alphabetical order, A to Z (case and accents ignored; numbers in order: 2 before 10): "
     "File1.txt, file2.txt, file10.txt"),
    ("sort", "17, 4, 230, -5.5, 9", ["-5.5", "4", "9", "17", "230"],
     "The 5 numbers from smallest to largest: -5.5, 4, 9, 17, 230"),
    ("sort", "banana\napple\ncherry", ["apple", "banana", "cherry"],
     "The 3 items in alphabetical order, A to Z (case and accents ignored): \napple\nbanana\ncherry"),  # lines
    ("unique", "apple, pear, apple, fig, pear, kiwi", ["apple", "pear", "fig", "kiwi"],
     "The list without its duplicates: apple, pear, fig, kiwi (4 of 6 items: 2 removed, first appearances kept in "
     "order)"),
    ("reverse_items", "a b c", ["c", "b", "a"], "The 3 items in reverse order: c b a"),
    # the 1.5B: "desserts stressed"
    ("reverse", "stressed desserts", "stressed desserts",
     "“stressed desserts” reversed, character by character, is “stressed desserts” (the same: it reads the same both "
     "ways)"),
    ("reverse", "llorch rocks", "skcor hcroll", "“llorch rocks” reversed, character by character, is “skcor hcroll”"),
    ("reverse_words", "one two  three", "three two one",
     "The words of “one two  three” in reverse order: “three two one”"),
    ("snake", "parseHTTPResponse2", "parse_http_response2", "“parseHTTPResponse2” in snake_case is "
                                                             "“parse_http_response2”"),
    ("camel", "user id-value", "userIdValue", "“user id-value” in camelCase is “userIdValue”"),
    ("pascal", "max_retry_count", "MaxRetryCount", "“max_retry_count” in PascalCase is “MaxRetryCount”"),
    ("kebab", "MyComponentName", "my-component-name", "“MyComponentName” in kebab-case is “my-component-name”"),
    ("constant", "maxRetries", "MAX_RETRIES", "“maxRetries” in CONSTANT_CASE is “MAX_RETRIES”"),
    ("title", "the QUICK brown fox", "The Quick Brown Fox", "“the QUICK brown fox” in title case is “The Quick Brown "
                                                             "Fox”"),
    ("palindrome", "A man, a plan, a canal: Panama", True,
     "Yes: “A man, a plan, a canal: Panama” is a palindrome (ignoring case, spaces and punctuation): it reads "
     "“amanaplanacanalpanama” both ways"),
    ("palindrome", "palindrome", False,
     "No: “palindrome” is not a palindrome: backwards it reads “emordnilap”, not “palindrome”"),
])
def test_what_the_text_tool_does(action: str, text: str, result: Any, said: str) -> None:
    assert transform(action, text) == (result, said)


def test_descending_and_through_the_tool() -> None:
    text, data = run({"action": "sort", "text": "17, 4, 230, 56, 9", "descending": True})
    assert text == "The 5 numbers from largest to smallest: 230, 56, 17, 9, 4"
    assert data == {"action": "sort", "result": ["230", "56", "17", "9", "4"], "first": "230", "last": "4"}


@pytest.mark.parametrize(("text", "other", "ok", "said"), [
    ("listen", "silent", True, "Yes: “listen” and “silent” are anagrams: both are the letters eilnst (ignoring case, "
                               "spaces and punctuation)"),
    ("Dormitory", "dirty room", True, "Yes: “Dormitory” and “dirty room” are anagrams: both are the letters "
                                      "dimoorrty (ignoring case, spaces and punctuation)"),
    ("apple", "paple", True, "Yes: “apple” and “paple” are anagrams: both are the letters aelpp (ignoring case, "
                             "spaces and punctuation)"),
    ("hello", "hollow", False, "No: “hello” and “hollow” are not anagrams: “hello” has e more; “hollow” has o, w "
                               "more"),
    ("Stop", "stop", False, "No: “Stop” and “stop” are not anagrams: they are the same text"),
])
def test_anagrams_by_their_letters(text: str, other: str, ok: bool, said: str) -> None:
    assert transform("anagram", text, other=other) == (ok, said)


@pytest.mark.parametrize(("args", "error"), [
    ({"action": "sort", "text": "onlyone"}, "give two or more items"),
    ({"action": "reverse", "text": "   "}, "give a text or a list"),
    ({"action": "palindrome", "text": "?!"}, "has no letters or digits"),
    ({"action": "anagram", "text": "abc"}, "anagram compares two texts"),
    ({"action": "snake", "text": "---"}, "has no words to write in snake_case"),
])
def test_what_cannot_be_done_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)) as raised:
        run(args)
    assert "\n" not in str(raised.value)


@given(st.lists(st.text(alphabet="abcXYZé 01", min_size=1, max_size=6).map(str.strip).filter(bool), min_size=2,
                max_size=20))
def test_sorting_keeps_every_item_and_unique_keeps_first_appearances(listed: list[str]) -> None:
    text = "\n".join(listed)
    ordered, _ = transform("sort", text)
    assert sorted(ordered) == sorted(listed)
    unique, _ = transform("unique", text)
    assert unique == list(dict.fromkeys(listed))


@given(st.text(min_size=1, max_size=40).filter(str.strip))
def test_reversing_twice_gives_the_text_back(text: str) -> None:
    assert transform("reverse", transform("reverse", text)[0])[0] == text


@pytest.mark.parametrize(("message", "asked"), [
    ("Sort these names alphabetically: Zoe, adam, Émile, bob, Carl",
     {"action": "sort", "text": "Zoe, adam, Émile, bob, Carl"}),
    ("Sort these numbers from largest to smallest: 17, 4, 230", {"action": "sort", "text": "17, 4, 230",
                                                                 "descending": True}),
    ("sort alphabetically\n\nbanana\napple\ncherry", {"action": "sort", "text": "banana\napple\ncherry"}),  # piped
    ("Put these in alphabetical order: kiwi, fig, apple", {"action": "sort", "text": "kiwi, fig, apple"}),
    ("Remove the duplicates from this list: apple, pear, apple", {"action": "unique", "text": "apple, pear, apple"}),
    ("Deduplicate: red, blue, red", {"action": "unique", "text": "red, blue, red"}),
    ("Reverse this string: stressed desserts", {"action": "reverse", "text": "stressed desserts"}),
    ("Reverse the string 'llorch rocks'", {"action": "reverse", "text": "llorch rocks"}),
    ("What is 'hello' backwards?", {"action": "reverse", "text": "hello"}),
    ("Reverse the words in 'one two three'", {"action": "reverse_words", "text": "one two three"}),
    ("Reverse this list: a, b, c", {"action": "reverse_items", "text": "a, b, c"}),
    ("Convert 'parseHTTPResponse' to snake_case", {"action": "snake", "text": "parseHTTPResponse"}),
    ("What is 'user id' in camelCase?", {"action": "camel", "text": "user id"}),
    ("uppercase this: hello world", {"action": "upper", "text": "hello world"}),
    ("snake_case 'My Var Name'", {"action": "snake", "text": "My Var Name"}),
    ("Is 'A man, a plan, a canal: Panama' a palindrome?",
     {"action": "palindrome", "text": "A man, a plan, a canal: Panama"}),
    ("Is racecar a palindrome?", {"action": "palindrome", "text": "racecar"}),
    ("Are 'listen' and 'silent' anagrams?", {"action": "anagram", "text": "listen", "other": "silent"}),
    ("Is 'Dormitory' an anagram of 'dirty room'?", {"action": "anagram", "text": "Dormitory", "other": "dirty room"}),
])
def test_a_plain_request_is_read_without_a_model(message: str, asked: dict[str, Any]) -> None:
    assert text_asked(message) == asked


@pytest.mark.parametrize("message", [
    "How do I sort a list in Python?",
    "Sort out my git merge conflict: what should I do?",
    "How do I reverse a linked list?",
    "How do I remove duplicates from a list in Python while keeping order?",
    "Write a function that reverses a string",
    "What is snake_case?",
    "Reverse engineer this binary: foo",
    "Is racecar a palindrome in every language?",
    "What is camelCase in Java naming conventions?",
    "Sort these versions: 1.2.10, 1.2.9",  # the version tool's
    "Is this sentence a palindrome?",  # which text?
    "Uppercase or lowercase for SQL keywords?",
])
def test_other_requests_are_not(message: str) -> None:
    assert text_asked(message) is None


@pytest.mark.parametrize(("text", "other", "said", "data"), [
    ("the quick brown fox jumps", "the quick red fox jumped", "differ in 2 places, word by word: “brown” → “red”; "
     "“jumps” → “jumped”", {"same": False, "changes": [{"from": "brown", "to": "red"}, {"from": "jumps", "to": "jumped"}]}),
    ("a b c", "a c d", "“b” removed; “d” added", {"same": False}),
    ("9f86d081884c7d65", "9f86d081884c7d66", "they first differ at character 16 ('5' and '6'); 1 of their 16 "
     "characters differs", {"first_difference": 16}),
    ("abc", "abcdef", "one is the other with 3 more character(s) at the end; they are 3 and 6 characters long", {}),
    ("same text", "same text", "Yes: “same text” and “same text” are the same (9 characters)", {"same": True}),
    ("x  y", "x y", "differ only in spacing", {"only": "spacing"}),
    ("Émile", "emile", "differ only in case or accents", {"only": "case"}),
])
def test_two_texts_compared(text: str, other: str, said: str, data: dict[str, Any]) -> None:
    from llorch.tools.text import compare

    found, words = compare(text, other)
    assert said in words and found.items() >= data.items()


@pytest.mark.parametrize(("message", "pair"), [
    ("What's the difference between these two strings: 'alpha beta gamma' and 'alpha beta delta'?",
     ("alpha beta gamma", "alpha beta delta")),
    ("do these sha256 sums match?\n\n2c26b46b68ffc68ff99b453c1d304134\n2c26b46b68ffc68ff99b453c1d304135",
     ("2c26b46b68ffc68ff99b453c1d304134", "2c26b46b68ffc68ff99b453c1d304135")),
    ("what changed between these strings: 'v1.2 beta' and 'v1.3 beta'", ("v1.2 beta", "v1.3 beta")),
    ("Is 6f1ed002ab5595859014ebf0951522d9 the same as 6f1ed002ab5595859014ebf0951522d8?",
     ("6f1ed002ab5595859014ebf0951522d9", "6f1ed002ab5595859014ebf0951522d8")),
])
def test_a_question_comparing_two_texts_is_recognised(message: str, pair: tuple[str, str]) -> None:
    assert text_asked(message) == {"action": "compare", "text": pair[0], "other": pair[1]}


@pytest.mark.parametrize("message", [
    "What's the difference between 'git pull' and 'git fetch'?",  # what they do, not how they are written
    "What is the difference between a list and a tuple?",
    "Compare React and Vue",
    "Are 'affect' and 'effect' the same?",
    "Do these numbers match?",  # nothing given
])
def test_a_question_of_how_two_things_differ_in_meaning_is_no_text_comparison(message: str) -> None:
    found = text_asked(message)
    assert found is None or found["action"] != "compare"
