"""The text tool's sort by length ("Sort these words by length, shortest first: banana, fig, apple, kiwi": the 1.5B
answered "fig, apple, banana, kiwi"): what the tool says (each item's length, the ties named and kept in the order
given), the requests that go to it, and those that stay the model's (a river's length, a file's size, durations,
numbers, sentences, a numbered list, another order asked beside it)."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.chat.answercheck import expected, fault
from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.text import TextTool, text_asked, transform

_NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)
FRUIT = "banana, fig, apple, kiwi"


def run(args: dict[str, Any]) -> tuple[str, Any]:
    result = ToolRegistry().call("text", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


def routed(message: str) -> tuple[str, dict[str, Any]] | None:
    return exact_call(message, EXACT_TOOLS, _NOW)


def test_words_sorted_by_length_through_the_whole_route() -> None:
    """The message the 1.5B got wrong goes to the tool, which gives each item with its length."""
    message = f"Sort these words by length, shortest first: {FRUIT}"
    found = routed(message)
    assert found == ("text", {"action": "sort", "text": FRUIT, "by": "length"})
    text, data = run(found[1])
    assert text == "By length, shortest first: fig (3), kiwi (4), apple (5), banana (6)"
    assert data == {"action": "sort", "result": ["fig", "kiwi", "apple", "banana"], "first": "fig",
                    "last": "banana"}


def test_the_answer_check_wants_the_items_in_the_tools_order() -> None:
    """The answer check already reads a sort's result as items in order: the 1.5B's answer is caught, one giving
    them in the tool's order (with or without their lengths) is not."""
    text, data = run({"action": "sort", "text": FRUIT, "by": "length"})
    want = expected("text", data, f"Sort these words by length, shortest first: {FRUIT}")
    assert fault("fig, apple, banana, kiwi", want, "text", text) is not None
    assert fault("Shortest first: fig, kiwi, apple, banana.", want, "text", text) is None
    assert fault(text, want, "text", text) is None


@pytest.mark.parametrize(("text", "descending", "result", "said"), [
    # ties are kept in the order given, and said, so that "apple" before "mango" is not read as alphabetical
    ("banana, fig, mango, apple, kiwi", False, ["fig", "kiwi", "mango", "apple", "banana"],
     "By length, shortest first (mango and apple have 5 letters each; kept in the order given): fig (3), kiwi (4), "
     "mango (5), apple (5), banana (6)"),
    # longest first: the ties still in the order given (not reversed with the rest)
    ("banana, fig, mango, apple, kiwi", True, ["banana", "mango", "apple", "kiwi", "fig"],
     "By length, longest first (mango and apple have 5 letters each; kept in the order given): banana (6), mango (5), "
     "apple (5), kiwi (4), fig (3)"),
    ("cat, dog, pig", False, ["cat", "dog", "pig"],
     "By length, shortest first (all 3 have 3 letters each; kept in the order given): cat (3), dog (3), pig (3)"),
    # more than letters: the characters counted, said so
    ("ice cream, fig, apple pie, don't", False, ["fig", "don't", "ice cream", "apple pie"],
     "By length, shortest first (characters counted, spaces and punctuation included; ice cream and apple pie have "
     "9 characters each; kept in the order given): fig (3), don't (5), ice cream (9), apple pie (9)"),
    ("ab12, x9, q", False, ["q", "x9", "ab12"],
     "By length, shortest first (characters counted): q (1), x9 (2), ab12 (4)"),
    # quotes around every item (as Python writes strings) are not counted; an accent written apart is one letter
    ("'banana', 'fig', 'apple'", False, ["fig", "apple", "banana"],
     "By length, shortest first: fig (3), apple (5), banana (6)"),
    ("E\u0301mile, Zoe, Al", False, ["Al", "Zoe", "E\u0301mile"], "By length, shortest first: Al (2), Zoe (3), "
                                                                  "E\u0301mile (5)"),
    # lines stay lines
    ("banana\nfig\napple", False, ["fig", "apple", "banana"], "By length, shortest first: \nfig (3)\napple (5)\n"
                                                              "banana (6)"),
    # many ties: three groups named, four items of each
    ("ab, cd, efg, hij, k, l, a, b, c, d, mnop, qrst", False,
     ["k", "l", "a", "b", "c", "d", "ab", "cd", "efg", "hij", "mnop", "qrst"],
     "By length, shortest first (k, l, a, b and 2 more have 1 letter each; ab and cd have 2 letters each; efg and "
     "hij have 3 letters each; 1 more lengths shared; each tie kept in the order given): k (1), l (1), a (1), b (1), "
     "c (1), d (1), ab (2), cd (2), efg (3), hij (3), mnop (4), qrst (4)"),
])
def test_the_tool_sorts_by_length_and_names_the_ties(text: str, descending: bool, result: list[str],
                                                     said: str) -> None:
    """Each item with its length; ties in the order given and named, so that a reader is not misled."""
    assert transform("sort", text, descending=descending, by="length") == (result, said)


def test_a_sort_by_length_can_drop_the_duplicates_too() -> None:
    """With unique, each item once (as written: "Fig" is not "fig"), then by length."""
    assert transform("sort", "fig, apple, fig, Fig", by="length", unique=True) == (
        ["fig", "Fig", "apple"], "By length, shortest first (3 distinct items; 1 repeat dropped; fig and Fig have 3 "
                                 "letters each; kept in the order given): fig (3), Fig (3), apple (5)")


def test_one_item_is_no_list_and_by_is_checked() -> None:
    """A sort by length of one item is an error, as any sort's; `by` is one of its three values."""
    with pytest.raises(ToolError, match="two or more items"):
        transform("sort", "banana", by="length")
    with pytest.raises(ToolError, match="must be one of item, last, length"):
        transform("sort", FRUIT, by="size")


def test_the_schema_tells_a_model_it_can_sort_by_length() -> None:
    """A model calling the tool itself learns of the sort by length from its schema."""
    by = TextTool.parameters["properties"]["by"]
    assert "length" in by["enum"] and "number of characters" in by["description"]
    assert "by length" in TextTool.description


@given(st.lists(st.text(alphabet="abcé xyz-", min_size=1, max_size=9).map(str.strip).filter(bool), min_size=2,
                max_size=25), st.booleans())
def test_the_sort_is_by_length_and_stable(listed: list[str], descending: bool) -> None:
    """Every item kept, by length, and items of one length in the order given (either way)."""
    ordered, _ = transform("sort", "\n".join(listed), descending=descending, by="length")
    assert ordered == sorted(listed, key=len, reverse=descending)
    lengths = [len(i) for i in ordered]
    assert lengths == sorted(lengths, reverse=descending)


@pytest.mark.parametrize(("question", "descending"), [
    ("Sort these words by length", False),
    ("Sort these words by length, shortest first", False),
    ("Sort the words by length, longest first", True),
    ("Order these by word length", False),
    ("Sort these words from shortest to longest", False),
    ("Arrange these words from longest to shortest", True),
    ("Sort these by number of characters", False),
    ("Please sort this list of words by length", False),
    ("Sort the words by length in descending order", True),
    ("Sort these words in descending order by length", True),
    ("Put these words in order of length", False),
    ("Sort these words, shortest first", False),
    ("List these words from longest to shortest", True),
    ("Rank these words from shortest to longest", False),
    ("Sort these words by how long they are", False),
    ("Sort these words by length in reverse order", True),
    ("Order these words by number of letters", False),
    ("Sort these fruits by name length", False),
    ("sort these words by length, please", False),
])
def test_a_sort_by_length_is_read(question: str, descending: bool) -> None:
    """The ways of asking, after a colon or piped after a blank line, one item a line."""
    want = {"action": "sort", "text": FRUIT, "by": "length", **({"descending": True} if descending else {})}
    assert routed(f"{question}: {FRUIT}") == ("text", want)
    piped = FRUIT.replace(", ", "\n")
    assert routed(f"{question}\n\n{piped}\n") == ("text", {**want, "text": piped})


@pytest.mark.parametrize(("message", "text"), [
    ("Sort these names by length: Alice, Bob, Charlotte", "Alice, Bob, Charlotte"),  # names: capitals are fine
    ("Sort these strings by length: ab1, x, hello world", "ab1, x, hello world"),  # strings: any characters
    ("Sort these by number of characters: ab1, x, a.txt", "ab1, x, a.txt"),
    ("Sort these by character count: ice cream, fig, apple", "ice cream, fig, apple"),
    ("Sort these words by length: ice cream, fig, apple pie", "ice cream, fig, apple pie"),
    ("Sort these words from shortest to longest: day, week, hour", "day, week, hour"),  # words: their letters
    ("sort these words by length: banana fig apple kiwi", "banana fig apple kiwi"),  # words apart by spaces
    ("Sort the words by length: the quick brown fox jumps", "the quick brown fox jumps"),
    ("Sort these words by length: banana, fig, apple.", "banana, fig, apple"),  # (the sentence's full stop)
    ("Sort these words by length: 'banana', 'fig', 'apple'", "'banana', 'fig', 'apple'"),
])
def test_lists_a_sort_by_length_may_count(message: str, text: str) -> None:
    """Words, names, strings (or any items where the question says characters) go to the tool."""
    assert text_asked(message) == {"action": "sort", "text": text, "by": "length"}


def test_a_sort_by_length_that_drops_duplicates() -> None:
    """"… and remove duplicates" beside a sort by length: each item once."""
    assert text_asked("Sort these words by length and remove duplicates: fig, apple, fig, kiwi") == {
        "action": "sort", "text": "fig, apple, fig, kiwi", "by": "length", "unique": True}


@pytest.mark.parametrize("message", [
    "Sort these rivers by length: Nile, Amazon, Thames",  # the rivers' lengths
    # a review's: things whose own length may be asked, no word said of their names ("these words", "word length")
    "Arrange these from longest to shortest: bus, car, bicycle",
    "Sort these by length: whale, shark, minnow",
    "Rank these from longest to shortest: tweet, essay, novel",
    "Sort these items by length: rope, string, cable",
    "Sort by length, longest first: banana, fig, apple",
    "Sort these by length: Nile, Amazon, Thames",  # (names of things: theirs, or their names'?)
    "Sort these songs by length: Hey Jude, Yesterday",
    "Sort these tasks from shortest to longest: email, report, meeting",
    "Sort these files by length\n\na.txt\nbb.py",  # a file's length is its size
    "Sort by length\n\nreport.pdf\nnotes.txt",
    "Sort these videos by character count: a, bb",
    "Sort by length\n\n-rw-r--r-- 1 me staff 120 a.txt\n-rw-r--r-- 1 me staff 12 b.txt",  # `ls -l`
    "Sort by length\n\nname\tlength\nrope\t3",  # a table with a column called length
    "Sort these from shortest to longest: day, week, hour",  # lengths of time
    "Sort these from shortest to longest: 5 min, 1 hour, 30 seconds",
    "Sort these by length: 3 km, 200 m",
    "Sort by length: 10, 200, 3",  # numbers: their digits, or their size?
    "Sort these by length: 1,000, 20",
    "Sort these words by length and then alphabetically: banana, fig, apple",  # another order beside it
    "Sort by length then alphabetically: banana, fig, apple, kiwi",
    "Sort these alphabetically by length: banana, fig, apple, kiwi",
    "Sort these by length, Z to A: banana, fig, apple, kiwi",
    "Sort these by length ascending, longest first: banana, fig, apple, kiwi",  # which way?
    "Sort these by length: apple, fig and kiwi",  # "fig and kiwi": one item or two?
    "Sort by length: 'New York, NY', 'Boston, MA'",
    "Sort by length\n\n1. banana\n2. fig\n3. apple",  # numbered, bulleted
    "Sort by length\n\n- banana\n- fig",
    "Sort these by length\n\nThe cat sat on the mat today.\nI like big dogs a lot.",  # sentences
    "Sort the sentences by length: I ate. You ran.",
    "Sort these by length: the meeting is on monday",  # prose
    "Sort these by length: banana, fig, etc.",  # a list that goes on
    "Sort these by length: banana, fig, ...",
    "Order these by word length: ice cream, fig",  # word length of two words: letters or words?
    "Sort these by length: ice cream, fig, apple pie",  # (no words said: ice cream, a food's length?)
    "Sort these words by length: banana",  # one item
    "Sort by length",  # no list
    "How do I sort a list by length in Python?",
    "Sort these words by syllables: banana, fig, apple",
])
def test_other_sorts_by_length_stay_the_models(message: str) -> None:
    """Where "length" may be another than the characters', or the items may not be what the tool counts, the
    tool is not called for a sort by length (a table with a length column is the table tool's)."""
    found = text_asked(message)
    assert found is None or found.get("by") != "length"
    routed_to = routed(message)
    assert routed_to is None or routed_to[1].get("by") != "length"


@pytest.mark.parametrize(("message", "asked"), [
    ("sort these alphabetically: pear, Apple, fig", {"action": "sort", "text": "pear, Apple, fig"}),
    ("Sort these longest words alphabetically: pear, fig", {"action": "sort", "text": "pear, fig"}),
    ("Sort these in reverse order: b, a, c", {"action": "sort", "text": "b, a, c", "descending": True}),
    ("Sort these people by last name: Ada Lovelace, Alan Turing",
     {"action": "sort", "text": "Ada Lovelace, Alan Turing", "by": "last"}),
])
def test_other_sorts_read_before_are_unchanged(message: str, asked: dict[str, Any]) -> None:
    """The sort by length is read before the others and leaves them as they were."""
    assert text_asked(message) == asked


@pytest.mark.parametrize("message", [
    "Sort" + " " * 20000 + "by length\n\nab\nb",
    "Sort these words by" + " ," * 190 + " length: a, bb",
    "Sort these words by length: " + "banana, " * 2500,
    "Sort " + "these " * 66 + "from shortest to longest: a, bb",
    "Sort these " + "word " * 75 + "by length: a, bb",
    "Sort by length\n\n" + "ab\n" * 7000,
])
def test_a_long_or_spaced_message_is_read_fast(message: str) -> None:
    """A 20 KB message, or one of many spaces or words, is read in well under a second."""
    started = time.perf_counter()
    text_asked(message)
    routed(message)
    assert time.perf_counter() - started < 0.3
