"""The text tool's sort by each item's last word ("Sort these people by last name": the 1.5B answered "Ada Lovelace,
Grace Hopper, Edsger Dijkstra, Alan Turing") and a list's lines reversed ("Reverse the order of these lines", which
went nowhere): what the tool says, the requests that go to it, and those that stay the model's."""

from __future__ import annotations

import re
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.exact import EXACT_TOOLS, exact_call
from llorch.tools.registry import ToolRegistry
from llorch.tools.text import TextTool, text_asked, transform

_NOW = datetime(2026, 12, 7, 13, 0, tzinfo=timezone.utc)
PEOPLE = "Ada Lovelace, Alan Turing, Grace Hopper, Edsger Dijkstra"
LINES = "first\nsecond\nthird\n"


def run(args: dict[str, Any]) -> tuple[str, Any]:
    result = ToolRegistry().call("text", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


def routed(message: str) -> tuple[str, dict[str, Any]] | None:
    return exact_call(message, EXACT_TOOLS, _NOW)


def test_people_sorted_by_last_name_through_the_whole_route() -> None:
    found = routed(f"Sort these people by last name: {PEOPLE}")
    assert found == ("text", {"action": "sort", "text": PEOPLE, "by": "last"})
    text, data = run(found[1])
    assert text == ("The 4 items in alphabetical order of their last word, A to Z (case and accents ignored): "
                    "Edsger Dijkstra, Grace Hopper, Ada Lovelace, Alan Turing")
    assert data == {"action": "sort", "result": ["Edsger Dijkstra", "Grace Hopper", "Ada Lovelace", "Alan Turing"],
                    "first": "Edsger Dijkstra", "last": "Alan Turing"}


def test_names_piped_one_a_line_and_in_reverse_order() -> None:
    piped = PEOPLE.replace(", ", "\n")
    found = routed(f"Sort these people in reverse order of last name\n\n{piped}\n")
    assert found == ("text", {"action": "sort", "text": piped, "descending": True, "by": "last"})
    text, data = run(found[1])
    assert text == ("The 4 items in alphabetical order of their last word, Z to A (case and accents ignored): \n"
                    "Alan Turing\nAda Lovelace\nGrace Hopper\nEdsger Dijkstra")
    assert data["result"] == ["Alan Turing", "Ada Lovelace", "Grace Hopper", "Edsger Dijkstra"]


@pytest.mark.parametrize(("text", "descending", "result"), [
    # ties on the last word go by the whole item; a one-word item by that word; case and accents ignored
    ("Zoe Smith, adam Smith, Cher, Émile Zola, bob smith", False,
     ["Cher", "adam Smith", "bob smith", "Zoe Smith", "Émile Zola"]),
    ("Zoe Smith, adam Smith, Cher", True, ["Zoe Smith", "adam Smith", "Cher"]),
    ("room 10, room 9, hall 2", False, ["hall 2", "room 9", "room 10"]),  # (numbers in order: 9 before 10)
    ("Grace Brewster Murray Hopper; John von Neumann", False, ["Grace Brewster Murray Hopper", "John von Neumann"]),
])
def test_the_last_word_orders_the_items(text: str, descending: bool, result: list[str]) -> None:
    assert transform("sort", text, descending=descending, by="last")[0] == result


def test_a_sort_on_the_whole_item_is_unchanged_and_by_is_checked() -> None:
    assert transform("sort", PEOPLE)[0] == ["Ada Lovelace", "Alan Turing", "Edsger Dijkstra", "Grace Hopper"]
    assert transform("sort", "10, 9, 100", by="item")[0] == ["9", "10", "100"]
    with pytest.raises(ToolError, match=re.escape("by must be one of item, last")):
        transform("sort", PEOPLE, by="first")
    with pytest.raises(ToolError, match="must be one of item, last"):  # (the registry checks the schema's enum)
        run({"action": "sort", "text": PEOPLE, "by": "first"})


def test_the_schema_tells_a_model_it_can_sort_by_the_last_word() -> None:
    by = TextTool.parameters["properties"]["by"]
    assert by["enum"] == ["item", "last", "length"] and "last name" in by["description"]
    assert "last word" in TextTool.description


@given(st.lists(st.text(alphabet="abcXYZé 01", min_size=1, max_size=8).map(str.strip).filter(bool), min_size=2,
                max_size=20))
def test_a_sort_by_the_last_word_keeps_every_item_in_order_of_it(listed: list[str]) -> None:
    ordered, _ = transform("sort", "\n".join(listed), by="last")
    assert sorted(ordered) == sorted(listed)
    from natsort import natsort_keygen

    key = natsort_keygen(key=lambda s: s.casefold())
    lasts = [key(i.split()[-1].replace("é", "e")) for i in ordered]
    assert lasts == sorted(lasts)


@pytest.mark.parametrize("question", [
    "Sort these people by last name",
    "Sort these names by surname",
    "Sort by family name",
    "sort them by their last names",
    "Please sort these alphabetically by surname",
    "Arrange these in alphabetical order by last name",
    "Put these people in order by last name",
    "Sort these by the last word",
    "Order the names by the surname, A to Z",
])
def test_a_sort_by_last_name_is_read(question: str) -> None:
    assert text_asked(f"{question}: {PEOPLE}") == {"action": "sort", "text": PEOPLE, "by": "last"}
    assert text_asked(f"{question}\n\n{PEOPLE}") == {"action": "sort", "text": PEOPLE, "by": "last"}


@pytest.mark.parametrize("question", [
    "Sort these people in reverse order of last name",
    "Sort these people by last name, Z to A",
    "Sort these by surname from Z to A",
    "Sort by last name descending",
    "Put these people in reverse alphabetical order by last name",
])
def test_a_sort_by_last_name_backwards_is_read(question: str) -> None:
    assert text_asked(f"{question}: {PEOPLE}") == {"action": "sort", "text": PEOPLE, "descending": True, "by": "last"}


def test_the_last_word_of_each_line() -> None:
    piped = PEOPLE.replace(", ", "\n")
    assert text_asked(f"Sort these by the last word of each line\n\n{piped}") == {"action": "sort", "text": piped,
                                                                                  "by": "last"}


@pytest.mark.parametrize("message", [
    "Sort by pay\n\nname,unit price,total price\nA,3,9\nB,2,10",  # another key: a table's column
    f"Sort these people by first name: {PEOPLE}",
    f"Sort these people by age: {PEOPLE}",
    f"Sort by last name by pay: {PEOPLE}",
    "Sort by last name\n\nfirst,last\nAda,Lovelace\nAlan,Turing",  # a table's rows
    "Sort by last name\n\nLovelace, Ada\nTuring, Alan",  # written last name first
    "Sort by last name\n\nAda Lovelace (1815)\nAlan Turing (1912)",  # ending in no word
    "Sort by last name\n\nMartin Luther King Jr.\nAda Lovelace",  # a suffix, no surname
    "Sort this list of last names: Turing, Hopper, Dijkstra",  # no "by": a plain sort
    "How do I sort by last name in Excel?",
    "Sort by last name",  # no list
    "Sort these people by last name: Ada Lovelace",  # one item (its words are no list of names)
    "Sort these by the last word: pear apple fig",  # words, each its own last word
])
def test_other_sorts_by_a_key_are_not_by_last_name(message: str) -> None:
    found = text_asked(message)
    assert found is None or "by" not in found
    routed_to = routed(message)
    assert routed_to is None or routed_to[1].get("by") is None


def test_a_list_of_last_names_is_still_a_plain_sort() -> None:
    assert text_asked("Sort these last names: Turing, Hopper, Dijkstra") == {
        "action": "sort", "text": "Turing, Hopper, Dijkstra"}


@pytest.mark.parametrize("question", [
    "Reverse the order of these lines.",
    "Reverse these lines",
    "Reverse the lines",
    "reverse the order of the lines below",
    "Put these lines in reverse order",
    "List these in reverse order",
    "Please list them in reverse order",
    "Put these in the opposite order",
    "Flip the order of these items",
    "Write the lines last to first",
])
def test_lines_reversed_through_the_whole_route(question: str) -> None:
    found = routed(f"{question}\n\n{LINES}")
    assert found == ("text", {"action": "reverse_items", "text": "first\nsecond\nthird"})
    text, data = run(found[1])
    assert text == "The 3 lines in reverse order: \nthird\nsecond\nfirst"
    assert data == {"action": "reverse_items", "result": ["third", "second", "first"], "first": "third",
                    "last": "first"}


def test_items_and_words_in_reverse_order() -> None:
    assert text_asked("Reverse the order of these items: a, b, c") == {"action": "reverse_items", "text": "a, b, c"}
    assert run({"action": "reverse_items", "text": "a, b, c"})[0] == "The 3 items in reverse order: c, b, a"
    assert text_asked(f"Reverse the order of these names: {PEOPLE}") == {"action": "reverse_items", "text": PEOPLE}
    assert text_asked("Reverse the order of these words: one two three") == {"action": "reverse_words",
                                                                             "text": "one two three"}
    assert text_asked("Reverse the words\n\none two three") == {"action": "reverse_words", "text": "one two three"}


@pytest.mark.parametrize(("message", "asked"), [
    # what was read before stays so
    ("Reverse the string 'abc'", {"action": "reverse", "text": "abc"}),
    ("Reverse this list: a, b, c", {"action": "reverse_items", "text": "a, b, c"}),
    ("Sort these in reverse order: b, a, c", {"action": "sort", "text": "b, a, c", "descending": True}),
    ("Put these in reverse alphabetical order: b, a, c", {"action": "sort", "text": "b, a, c", "descending": True}),
])
def test_reversals_and_sorts_read_before_are_unchanged(message: str, asked: dict[str, Any]) -> None:
    assert text_asked(message) == asked


@pytest.mark.parametrize("message", [
    "Reverse engineer this\n\n" + LINES,
    "Reverse these lines\n\nonly one line here",  # which are its lines?
    "Reverse these names: Ada Lovelace, Alan Turing",  # their letters, or their order?
    "Reverse these lines",  # no text
    "How do I reverse the lines of a file in bash?",
    "Reverse the order of these lines\n\njust",
])
def test_other_reversals_are_not_a_lists(message: str) -> None:
    found = text_asked(message)
    assert found is None or found["action"] != "reverse_items"


@pytest.mark.parametrize("message", [
    "Sort" + " " * 400 + "by last name\n\na b\nc d",
    "Sort these by" + " ," * 190 + " last name: a b, c d",
    "Reverse the order of" + " " * 400 + "these lines\n\na\nb",
    "Sort these people by last name\n\n" + "Ada Lovelace\n" * 400,
    "Put these" + " x" * 2500 + " in reverse order\n\na\nb",
])
def test_a_long_or_spaced_message_is_read_fast(message: str) -> None:
    started = time.perf_counter()
    text_asked(message)
    routed(message)
    assert time.perf_counter() - started < 0.2
