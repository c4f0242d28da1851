"""The text tool: lists sorted and rid of duplicates, texts reversed and recased, palindromes and anagrams, email
addresses, URLs, IP addresses and numbers extracted, and the plain requests that go to it."""

from __future__ import annotations

import re
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
    ("title", "the lord of the rings", "The Lord of the Rings",  # (it said “The Lord Of The Rings”)
     "“the lord of the rings” in title case is “The Lord of the Rings”"),
    ("title", "THE WIND IN THE WILLOWS", "The Wind in the Willows",
     "“THE WIND IN THE WILLOWS” in title case is “The Wind in the Willows”"),
    ("title", "a guide to the NASA API", "A Guide to the NASA API",  # (capitals in lower case: an acronym's)
     "“a guide to the NASA API” in title case is “A Guide to the NASA API”"),
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
    # "spelled" is no part of the word (the 1.5B was told "'stressed' spelled" reversed: “delleps 'desserts'”)
    ("What is the word 'stressed' spelled backwards?", {"action": "reverse", "text": "stressed"}),
    ('What is "drawer" written backwards?', {"action": "reverse", "text": "drawer"}),
    ("Reverse the words in 'one two three'", {"action": "reverse_words", "text": "one two three"}),
    ("Reverse this list: a, b, c", {"action": "reverse_items", "text": "a, b, c"}),
    # (was "order: red green …" reversed letter by letter)
    ("Reverse the word order: red green blue yellow", {"action": "reverse_words", "text": "red green blue yellow"}),
    ("Reverse the item order: a, b, c", {"action": "reverse_items", "text": "a, b, c"}),
    ("Convert 'parseHTTPResponse' to snake_case", {"action": "snake", "text": "parseHTTPResponse"}),
    ("What is 'user id' in camelCase?", {"action": "camel", "text": "user id"}),
    ("uppercase this: hello world", {"action": "upper", "text": "hello world"}),
    ("snake_case 'My Var Name'", {"action": "snake", "text": "My Var Name"}),
    ("Convert to title case: the quick brown fox", {"action": "title", "text": "the quick brown fox"}),
    ("Title-case this: the quick brown fox", {"action": "title", "text": "the quick brown fox"}),
    ("Convert to uppercase:\n\nhello world", {"action": "upper", "text": "hello world"}),
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
    "Convert to uppercase",  # no text: was "to" upper-cased ("TO")
    "Convert to title case: hello world. Then translate it to French.",  # (a review's: a second request)
    "Make this uppercase: the quick fox and then reverse it",
    "Reverse the word order of each sentence: I am here. You are there.",  # (a review's: the instruction's words)
    "Reverse the word order so it sounds like Yoda: I am strong",
    "Reverse the word order: red green blue. Why does English use SVO?",
    "How do I convert to title case in Python?",
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


# --- extract: every email address, URL, IP address or number in a text ------------------------------------

_CONTACTS = ("Contact alice@example.com for sales, or bob.smith@corp.io for support. Old: carol@old-mail.net "
             "(retired).")


@pytest.mark.parametrize(("what", "text", "result", "said"), [
    # the 1.5B listed alice@example.com and bob.smith@corp.io, and missed the third
    ("emails", _CONTACTS, ["alice@example.com", "bob.smith@corp.io", "carol@old-mail.net"],
     "3 email addresses, in order: alice@example.com, bob.smith@corp.io, carol@old-mail.net"),
    ("email addresses", "ops+alerts@x.co.uk...alice@y.org. Not: a@b, @c.com, x@localhost",
     ["ops+alerts@x.co.uk", "alice@y.org"], "2 email addresses, in order: ops+alerts@x.co.uk, alice@y.org"),
    # the sentence's dot and bracket are not the URL's; a bracket the URL opened is
    ("urls", "See https://example.com/docs. Or (https://en.wikipedia.org/wiki/Foo_(bar)), [md](http://x.io/a?b=1), "
             "www.site.org; ftp://files.x.net/pub!",
     ["https://example.com/docs", "https://en.wikipedia.org/wiki/Foo_(bar)", "http://x.io/a?b=1", "www.site.org",
      "ftp://files.x.net/pub"],
     "5 URLs, in order: https://example.com/docs, https://en.wikipedia.org/wiki/Foo_(bar), http://x.io/a?b=1, "
     "www.site.org, ftp://files.x.net/pub"),
    # 999.1.1.1 and 192.168.1.300 are no addresses, nor a time, a MAC address, C++'s :: or five numbers with dots
    ("IP addresses", "from 10.0.0.1, 999.1.1.1, 192.168.1.300 and 2001:db8::1 at 10:30:00 (std::vector, "
                     "00:1a:2b:3c:4d:5e, 1.2.3.4.5); loopback ::1.",
     ["10.0.0.1", "2001:db8::1", "::1"], "3 IP addresses, in order: 10.0.0.1, 2001:db8::1, ::1"),
    ("ipv6", "10.0.0.1 and fe80::1", ["fe80::1"], "1 IPv6 address: fe80::1"),
    # a URL's port, a version, a hash and an address hold no numbers of their own; 555-1234 is two
    ("numbers", "It cost $1,234.50 (-5 on 2026-12-05), 555-1234, v1.2.3, 9f86d08, 150ms, https://x.io:8080/ "
                "a@b12.com 10.0.0.1 and 7.",
     ["1,234.50", "-5", "2026", "12", "05", "555", "1234", "150", "7"],
     "9 numbers, in order: 1,234.50, -5, 2026, 12, 05, 555, 1234, 150, 7"),
    ("mentions", "ping @alice and @bob_99, not carol@x.com or https://x.com/@dave", ["@alice", "@bob_99"],
     "2 @mentions, in order: @alice, @bob_99"),
    ("hashtags", "#release #v2, not C#, issue #12 or https://x.com/#frag", ["#release", "#v2"],
     "2 hashtags, in order: #release, #v2"),
    ("links", "nothing to follow here", [], "No URLs in the text."),
    ("emails", "write to me at home", [], "No email addresses in the text."),
])
def test_extract_finds_each_in_order(what: str, text: str, result: list[str], said: str) -> None:
    text_said, data = run({"action": "extract", "what": what, "text": text})
    assert (data["result"], text_said) == (result, said)


def test_extract_drops_repeats_but_counts_them() -> None:
    said, data = run({"action": "extract", "what": "emails",
                      "text": "Bob@Corp.io, a@x.org, bob@corp.io; again: a@x.org and a@x.org"})
    assert said == "2 email addresses, in order: Bob@Corp.io, a@x.org (5 found, 3 repeated)"
    assert data == {"action": "extract", "what": "emails", "result": ["Bob@Corp.io", "a@x.org"], "count": 2,
                    "found": 5, "repeats": {"Bob@Corp.io": 2, "a@x.org": 3}}
    said, data = run({"action": "extract", "what": "ips", "text": "2001:db8::1 then 2001:DB8:0::1"})
    assert (data["result"], said) == (["2001:db8::1"], "1 IP address: 2001:db8::1 (2 found, 1 repeated)")


def test_a_long_list_is_whole_in_the_data_and_cut_in_the_words() -> None:
    text = " ".join(f"user{i}@example.com" for i in range(250))
    said, data = run({"action": "extract", "what": "emails", "text": text})
    assert data["count"] == 250 and data["result"][-1] == "user249@example.com"
    assert said.endswith(", user199@example.com, … (50 more)") and "user200@" not in said


@pytest.mark.parametrize(("args", "error"), [
    ({"action": "extract", "text": "a@b.com"}, "extract needs `what`: one of emails, urls, ips"),
    ({"action": "extract", "what": "phone numbers", "text": "555 1234"}, "cannot extract 'phone numbers'"),
    ({"action": "extract", "what": "emails", "text": "  "}, "give a text to extract the emails from"),
    ({"action": "extract", "what": "emails", "text": "a" * 1_000_001}, "the limit is 1,000,000"),
])
def test_an_extraction_that_cannot_be_done_is_a_one_line_error(args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)) as raised:
        run(args)
    assert "\n" not in str(raised.value)


_NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("message", "what", "text"), [
    ("Extract every email address from this text.\n\n" + _CONTACTS, "emails", _CONTACTS),  # piped
    ("Extract all the URLs from this:\n\nsee https://x.io.", "urls", "see https://x.io."),
    ("List the email addresses in this file\n\n" + _CONTACTS, "emails", _CONTACTS),
    ("Find all IP addresses in this log\n\n10.0.0.1 GET /\n10.0.0.2 GET /", "ips", "10.0.0.1 GET /\n10.0.0.2 GET /"),
    ("Pull out the links: see https://x.io and www.y.org", "urls", "see https://x.io and www.y.org"),  # after a colon
    ("Get all the emails from the text below\n\n" + _CONTACTS, "emails", _CONTACTS),
    ("What are the email addresses in this?\n\n" + _CONTACTS, "emails", _CONTACTS),
    ("Which URLs are in this text? 'see https://x.io'", "urls", "see https://x.io"),  # quoted after the question
    ("Extract the emails from 'ask a@b.com'", "emails", "ask a@b.com"),  # quoted
    ("Can you find all the IPv4 addresses in this log file, please?\n\n10.0.0.1", "ipv4", "10.0.0.1"),
    ("What numbers does this text contain?\n\nabout 12 or 15", "numbers", "about 12 or 15"),
])
def test_a_plain_request_to_extract_goes_to_the_text_tool(message: str, what: str, text: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) == ("text", {"action": "extract", "what": what, "text": text})


@pytest.mark.parametrize("message", [
    "Extract every email address from this text.",  # no text with it
    "Find all IP addresses in this log",
    "Extract the archive\n\nbackup.tar.gz",
    "extract the zip file: photos.zip",
    "How do I extract emails with grep?\n\nalice@example.com",  # how-to questions are the model's
    "Write a regex to extract emails",
    "Extract the phone numbers from this\n\n555 1234",  # no phone numbers: their digits are no list of numbers
    "Get all the emails from my inbox",
    "Find all IP addresses in nginx logs",
    "Extract the links to the files: a.txt",
])
def test_other_requests_to_extract_are_not_the_text_tools(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, _NOW)
    assert found is None or found[1].get("action") != "extract"


def test_an_extracted_list_is_to_be_given_whole_and_a_lone_item_in_words() -> None:
    """Told a text's four addresses, the 1.5B answered "Yes, the text tool correctly identified and listed all 4
    email addresses" and named none."""
    from llorch.chat.prompt import Turn, render_turns

    text = "ask ann@x.org, bo@y.com or cy@z.net"
    for text_, hinted in ((text, True), ("ask ann@x.org", False), ("no one", False)):
        result = ToolRegistry().call("text", {"action": "extract", "what": "emails", "text": text_},
                                     ToolContext(data_dir=Path("/nonexistent")))
        turn = Turn("tool", result.text, name="text", arguments={"action": "extract", "what": "emails", "text": text_},
                    by_model=False, exact=True)
        told = render_turns([Turn("user", "?"), turn], tool_role=True)[-1].content
        assert told.endswith("\n\n(Give the user every item of this list, as it is.)") is hinted  # (a paragraph: on
        # the list's line, the 1.5B copied it into its answer)
    sort = Turn("tool", "The 2 items …", name="text", arguments={"action": "sort"}, by_model=False, exact=True)
    assert "every item" not in render_turns([Turn("user", "?"), sort], tool_role=True)[-1].content


@pytest.mark.parametrize("message", [
    # a sort by a key the table tool could not place is no plain list's order (it sorted the CSV's lines, header too)
    "Sort by pay\n\nname,unit price,total price\nA,3,9\nB,2,10",
    "Sort by price\n\nname,unit price,total price\nA,3,9\nB,2,10",
])
def test_a_sort_by_a_key_is_not_the_text_tools(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, _NOW)
    assert found is None or found[1].get("action") != "sort"


# --- duplicates: dropped, or the distinct items shown or counted ------------------------------------------------

_FRUIT = "pear, fig, pear, kiwi, fig, lime"


@pytest.mark.parametrize("message", [
    # the 1.5B answered "kiwi, lime" (the items seen once)
    f"Remove the duplicates from this list and keep the order: {_FRUIT}",
    f"Remove duplicates from this list, keeping the order: {_FRUIT}",
    f"Remove the duplicates and keep the original order: {_FRUIT}",
    f"Remove duplicates but keep the first occurrence of each: {_FRUIT}",
    f"Remove duplicates without changing the order: {_FRUIT}",
    f"Please remove all duplicates from these, in the same order: {_FRUIT}",
    f"Give me this list without duplicates: {_FRUIT}",
    f"List these without repeats: {_FRUIT}",
    f"Give me the list with the duplicates removed: {_FRUIT}",
    f"Dedupe this list: {_FRUIT}",
    f"Show only the unique values: {_FRUIT}",
    f"Show me the distinct names: {_FRUIT}",
    f"What are the unique items in this list?\n\n{_FRUIT}",  # piped after a blank line
    f"What are the different fruits in this list: {_FRUIT}",
])
def test_a_list_asked_without_its_duplicates_goes_to_unique(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) == ("text", {"action": "unique", "text": _FRUIT})


def test_a_piped_list_asked_without_its_duplicates_keeps_its_lines() -> None:
    piped = "pear\nfig\npear"
    for question in ("What are the unique items in this list?", "Dedupe this list, keeping the order",
                     "Which are the distinct values here?"):
        assert text_asked(f"{question}\n\n{piped}") == {"action": "unique", "text": piped}


@pytest.mark.parametrize(("message", "text"), [
    ("Give me this list without duplicates: red, blue, red, green, blue, red", "red, blue, red, green, blue, red"),
    ("Count the distinct items: a, b, a, c", "a, b, a, c"),
    ("How many distinct items are there in this list: a, b, a", "a, b, a"),
    ("How many unique values are there in the following: 1, 2, 2, 3", "1, 2, 2, 3"),
    ("How many different names are in this list: Ann, Bob, Ann", "Ann, Bob, Ann"),
    ("How many different colours are in this list: red, blue, red, green", "red, blue, red, green"),
    ("How many different kinds of fruit are in this list: apple, pear, apple", "apple, pear, apple"),
    ("How many different colours are in this list: red blue red", "red blue red"),  # ("list": a list of words)
    ("How many distinct items: a b a c", "a b a c"),
    ("What's the number of unique values in this list: 1, 2, 2", "1, 2, 2"),
    ("How many items are left after removing duplicates: a, b, a", "a, b, a"),
    ("How many unique names are there?\n\nAnn\nBob\nAnn", "Ann\nBob\nAnn"),  # (count_asked's None: not its lines)
    ("How many distinct values does this list have?\n\n1\n2\n1", "1\n2\n1"),
])
def test_how_many_distinct_items_a_list_has_goes_to_unique_counted(message: str, text: str) -> None:
    found = exact_call(message, EXACT_TOOLS, _NOW)
    if message.startswith("Give me"):
        assert found == ("text", {"action": "unique", "text": text})
    else:
        assert found == ("text", {"action": "unique", "text": text, "count": True})


def test_a_distinct_count_says_the_number_and_the_items() -> None:
    said, data = run({"action": "unique", "text": "red, blue, red, green, blue, red", "count": True})
    assert said == "The list has 3 distinct items (of 6 in all: 3 repeats dropped): red, blue, green"
    assert data == {"action": "unique", "result": 3, "distinct": 3}  # (the number, under a key of its own)
    said, _ = run({"action": "unique", "text": "a, b, c", "count": True})
    assert said == "The list has 3 distinct items (of 3 in all: none repeated): a, b, c"


def test_an_answer_that_miscounts_the_distinct_items_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault

    asked = "Count the distinct items: a, b, a, c"
    found = exact_call(asked, EXACT_TOOLS, _NOW)
    assert found is not None
    said, data = run(found[1])
    want = expected("text", data, asked)
    assert fault("There are 4 distinct items.", want, "text", said) is not None
    assert fault("There are 3 distinct items: a, b and c.", want, "text", said) is None


def test_items_are_compared_as_written_and_a_case_twin_is_said() -> None:
    """"Apple" and "apple" are two items (a name or a code may differ by case alone); the count ignoring case is
    said beside it, so that either reading has its number."""
    assert transform("unique", "Apple, apple, pear, pear") == (
        ["Apple", "apple", "pear"], "The list without its duplicates: Apple, apple, pear (3 of 4 items: 1 removed, "
                                    "first appearances kept in order; case counts: “Apple” and “apple” are kept "
                                    "apart; 2 ignoring case)")
    assert transform("unique", "Apple, apple", count=True) == (
        2, "The list has 2 distinct items (of 2 in all: none repeated; case counts: “Apple” and “apple” are kept "
           "apart; 1 ignoring case): Apple, apple")


@pytest.mark.parametrize(("message", "asked"), [
    ("Sort these and remove duplicates: b, a, b", {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Sort and dedupe: b, a, b", {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Dedupe and sort: b, a, b", {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Remove duplicates and sort: b, a, b", {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Remove the duplicates from this list and sort it alphabetically: b, a, b",
     {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Sort these alphabetically, removing duplicates: b, a, b", {"action": "sort", "text": "b, a, b", "unique": True}),
    ("Sort these without duplicates: 3, 1, 3", {"action": "sort", "text": "3, 1, 3", "unique": True}),
    ("Sort the unique values from largest to smallest: 3, 1, 3",
     {"action": "sort", "text": "3, 1, 3", "descending": True, "unique": True}),
])
def test_a_sort_that_drops_the_duplicates_too_is_one_sort(message: str, asked: dict[str, Any]) -> None:
    assert text_asked(message) == asked


def test_a_sort_without_duplicates_says_how_many_were_dropped() -> None:
    assert run({"action": "sort", "text": "b, a, b, c", "unique": True}) == (
        "The 3 distinct items in alphabetical order, A to Z (case and accents ignored; 1 repeat dropped): a, b, c",
        {"action": "sort", "result": ["a", "b", "c"], "first": "a", "last": "c"})
    assert transform("sort", "3, 1, 3", descending=True, unique=True) == (
        ["3", "1"], "The 2 distinct numbers from largest to smallest (1 repeat dropped): 3, 1")
    assert transform("sort", "a, a", unique=True) == (["a"], "The list has 1 distinct item (1 repeat dropped): a")


def test_a_list_written_as_python_writes_it_is_its_items() -> None:
    assert transform("sort", "[3, 1, 2]")[0] == ["1", "2", "3"]  # (not "[3" and "2]")
    assert transform("unique", "[1, 2, 3, 1]")[0] == ["1", "2", "3"]


@pytest.mark.parametrize("message", [
    "How many different ways can I arrange 5 books?",
    "How many different ways can I arrange these: a, b, c",
    "What's the difference between unique and distinct in SQL?",
    "Remove duplicates from a Python list",  # a how-to: no list given
    "How do I dedupe rows in pandas?",
    "What are the different types of clouds?",
    "What are the unique features of Python?",
    "What are the different options here?\n\nfoo\nbar",  # no repeats: what they are, not which are different
    "How many unique visitors did my site get?",
    "How many different fruits are in: I ate an apple, then a pear, then an apple",  # a sentence, no list
    "How many different fruits are in this text: I ate an apple and a pear",
    "How many different letters are in: a, b, a",  # (the count tool's kind, not a list's items)
    "How many unique users are there?\n\nname,dept\nAnn,Sales\nBob,IT\nAnn,Sales",  # a table's rows
    "Remove duplicates and sort by date: b, a, b",  # a key: no plain list's order
    "Dedupe and sort by date: b, a, b",
])
def test_near_misses_of_duplicates_are_not_unique(message: str) -> None:
    found = exact_call(message, EXACT_TOOLS, _NOW)
    assert found is None or found[0] != "text" or found[1].get("action") not in ("unique", "sort"), found


def test_a_plain_word_count_stays_the_count_tools() -> None:
    assert exact_call("How many words are in this sentence: the cat the dog", EXACT_TOOLS, _NOW) == (
        "count", {"text": "the cat the dog", "what": "words"})


def test_a_long_message_is_read_in_linear_time() -> None:
    """The routers see messages of tens of KB: the new patterns read the question (one short line) and the list
    once; these finish at once rather than backtracking."""
    for message in ("Remove the duplicates " + "from this " * 5000 + ": a, b",
                    "How many different " + "items " * 8000 + "are in: a, b, a",
                    "What are the unique items in this list: " + "a, " * 17000,
                    "Sort these and remove " + "duplicates and remove " * 2500 + ": b, a",
                    "Remove duplicates:" + " a," * 17000 + "\n\n" + "x\n" * 10000):
        exact_call(message, EXACT_TOOLS, _NOW)


# --- duplicates: what is left to the model (a confident wrong count is worse than none) -------------------------

@pytest.mark.parametrize("message", [
    "Sort these without removing duplicates: b, a, b",
    "Sort these without deleting the duplicates: b, a, b",
    "Sort these without dropping repeats: b, a, b",
    "Sort these without getting rid of duplicates: b, a, b",
    "Sort these without eliminating duplicates: b, a, b",
    "Sort these alphabetically without filtering out duplicates: b, a, b",
    "Sort these but don't remove the duplicates: b, a, b",
    "Sort these, keeping the duplicates: b, a, b",
    "Sort these and keep the repeats: b, a, b",
])
def test_a_sort_asked_to_keep_its_duplicates_keeps_them(message: str) -> None:
    """A drop word negated, or the duplicates kept: a plain sort, every item in it (it dropped them)."""
    found = exact_call(message, EXACT_TOOLS, _NOW)
    assert found == ("text", {"action": "sort", "text": "b, a, b"})
    assert run(found[1])[1]["result"] == ["a", "b", "b"]


def test_a_sort_asked_both_to_keep_and_drop_duplicates_is_left_to_the_model() -> None:
    assert text_asked("Sort and dedupe these, keeping the duplicates: b, a, b") is None


@pytest.mark.parametrize("message", [
    # prose after a question mark is the user's own words, no list
    "Can you remove duplicates? I have a spreadsheet with 500 rows and some are repeated",
    "Dedupe? What does that mean",
    "What are the unique items? Explain the difference between set and list",
    "How many distinct values are there? I think 3 or 4",
    f"Can you give me this list without duplicates? {_FRUIT}",  # (the list after a "? " too: the split is gone)
    f"What are the unique items in this list? {_FRUIT}",
    # prose or code after a colon is no list
    "Remove duplicates: I have a spreadsheet with 500 rows, and some of them are repeated twice.",
    "Remove duplicates: def f(a, b, a): pass",
    "Dedupe this:\n\nx = 1\ny = 2\nx = 1",
    "Remove the duplicates: {a, b, a}",
    # may mean rename them, or keep the items seen once
    "Make these unique: id, id, name",
    f"Make this list unique: {_FRUIT}",
    "Keep only the unique items: a, b, a",
])
def test_no_plain_list_or_no_plain_dedupe_is_left_to_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) is None


@pytest.mark.parametrize("message", [
    "How many distinct items are in this list: ['New York, NY', 'Boston, MA', 'New York, NY']",  # (said 4: 2)
    "How many distinct items are in this list: (1, 2), (1, 2), (3, 4)",
    "How many distinct items are in this list: [[1, 2], [1, 2]]",
    "How many distinct items are in this list: 1,000, 1000, 2",  # (a thousands comma: one number or two?)
    "How many distinct items are in this list: ['a','b','a',\"a\"]",  # (quoted two ways: the quotes compared)
    "Remove the duplicates: ['New York, NY', 'Boston, MA', 'New York, NY']",
    "Sort and dedupe: (1, 2), (1, 2), (3, 4)",
    "What are the unique items in this list?\n\nf(1)\nf(2)\nf(1)",
])
def test_items_a_comma_may_split_are_left_to_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) is None


@pytest.mark.parametrize(("text", "doubt"), [
    ("['New York, NY', 'Boston, MA', 'New York, NY']", "holds a quote or bracket"),
    ("(1, 2), (1, 2), (3, 4)", "holds a quote or bracket"),
    ("1,000, 1000, 2", "“1,000” may be one number or two"),
    ("'a'; \"a\"; 'b'", "holds a quote or bracket"),
])
def test_the_tool_says_when_commas_may_not_part_the_items(text: str, doubt: str) -> None:
    for args in ({"action": "unique", "text": text}, {"action": "unique", "text": text, "count": True},
                 {"action": "sort", "text": text, "unique": True}):
        with pytest.raises(ToolError, match=re.escape(doubt)) as raised:
            run(args)
        assert "give them one a line" in str(raised.value)


def test_items_all_quoted_alike_are_compared_without_their_quotes() -> None:
    """As Python writes a list of strings: the quotes are no part of an item; a line is one item however written."""
    asked = "How many distinct items are in this list: ['a', 'b', 'a']"
    assert exact_call(asked, EXACT_TOOLS, _NOW) == ("text", {"action": "unique", "text": "['a', 'b', 'a']",
                                                             "count": True})
    said, data = run({"action": "unique", "text": "['a', 'b', 'a']", "count": True})
    assert (said, data["distinct"]) == ("The list has 2 distinct items (of 3 in all: 1 repeat dropped): a, b", 2)
    assert transform("unique", "“O'Brien”, “Smith”, “O'Brien”")[0] == ["O'Brien", "Smith"]  # (an apostrophe: no quote)
    assert transform("unique", "f(1)\nf(2)\nf(1)")[0] == ["f(1)", "f(2)"]


@pytest.mark.parametrize("message", [
    # what each listed thing is like, not which are listed
    "Which are the distinct advantages of: Postgres, MySQL, SQLite",
    "What are the unique features of: Rust, Go, Zig",
    "Tell me the unique characteristics of: cats, dogs, cats",
    "What are the unique challenges of: remote work, hybrid work, remote work",
    "Find the unique solutions of: x, y, x",
    "What are the distinct benefits here: cats, dogs, cats",  # (a specific noun of no list the question names)
    "How many different colours does it have?\n\nred\nblue\nred",  # (a specific noun counted: only "in" a list)
])
def test_what_listed_things_are_like_is_left_to_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) is None


@pytest.mark.parametrize(("message", "text", "count"), [
    ("What are the distinct values: b, a, b", "b, a, b", False),  # (items, values, names… of any list)
    ("What are the unique features in these: fast, safe, fast", "fast, safe, fast", False),  # ("these")
    ("Which are the different colours in this list: red, blue, red", "red, blue, red", False),  # ("list")
    ("How many different colours are in: red, blue, red", "red, blue, red", True),  # (any noun, "in" a list)
    ("How many unique cities are among these: Oslo, Rome, Oslo", "Oslo, Rome, Oslo", True),
    ("How many distinct values does this list have?\n\n1\n2\n1", "1\n2\n1", True),
])
def test_a_list_named_as_one_still_has_its_distinct_items(message: str, text: str, count: bool) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) == ("text", {"action": "unique", "text": text,
                                                               **({"count": True} if count else {})})


@pytest.mark.parametrize("message", [
    "How many different fruits are in: apples, 2 bananas, apple",  # (said 3: 2)
    "How many different ingredients are in: 2 cups flour, 1 cup sugar, 1 cup flour",  # (quantities)
    "How many distinct numbers are in this list: 1, 1.0, 2",  # (one number)
    "How many distinct numbers are in this list: [1, 2, 2.0, True]",
    "Count the unique entries: Bob, bob, BOB",  # (3 as written: the user may mean 1)
    "What are the unique items in this list: box, boxes, tin",
    "How many unique names are there, ignoring case: Ann, ann, Bob",  # (the tool compares them as written)
    "Remove duplicates (case-insensitive): Ann, ann, Bob",
    "Sort these and remove duplicates regardless of case: b, B, a",
    "Dedupe this list case insensitive: Ann, ann",
])
def test_items_the_asker_may_count_as_one_are_left_to_the_model(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) is None


def test_a_plain_dedupe_of_case_twins_shows_its_list() -> None:
    """Its result is the list, so the asker sees that "Bob" and "bob" were kept apart (and the note says so)."""
    assert exact_call("Remove duplicates: Bob, bob, Bob", EXACT_TOOLS, _NOW) == (
        "text", {"action": "unique", "text": "Bob, bob, Bob"})
    assert exact_call("Sort these ignoring case: b, A, c", EXACT_TOOLS, _NOW) == (
        "text", {"action": "sort", "text": "b, A, c"})  # (a sort ignores case anyway)


def test_a_sort_with_case_twins_says_how_it_compared_them() -> None:
    assert transform("sort", "b, B, a, b", unique=True) == (
        ["a", "b", "B"], "The 3 distinct items in alphabetical order, A to Z (sorted ignoring case and accents; "
                         "duplicates compared as written, “b” and “B” both kept; 1 repeat dropped): a, b, B")


@pytest.mark.parametrize(("answer", "right"), [
    ("3", True), ("There are three distinct items.", True), ("Three: red, blue and green.", True),
    ("There are 4 distinct items.", False), ("four", False),
])
def test_an_answer_gives_the_distinct_count_in_any_form(answer: str, right: bool) -> None:
    from llorch.chat.answercheck import expected, fault

    asked = "How many different colours are in this list: red, blue, red, green, blue"
    found = exact_call(asked, EXACT_TOOLS, _NOW)
    assert found is not None
    text, data = run(found[1])
    assert (fault(answer, expected("text", data, asked), "text", text) is None) is right


def test_a_distinct_count_in_thousands_or_ignoring_case_is_checked_as_a_number() -> None:
    from llorch.chat.answercheck import expected, fault

    asked = "Count the distinct items"
    text, data = run({"action": "unique", "text": "\n".join(f"n{i}" for i in [*range(1234), 0, 1]), "count": True})
    assert data == {"action": "unique", "result": 1234, "distinct": 1234}
    assert fault("There are 1,234 distinct items.", expected("text", data, asked), "text", text) is None
    assert fault("There are 1,236 distinct items.", expected("text", data, asked), "text", text) is not None
    text, data = run({"action": "unique", "text": "Bob, bob, Ann", "count": True})
    assert data == {"action": "unique", "result": 3, "distinct": 3, "ignoring_case": 2}
    for answer, right in (("3", True), ("2 ignoring case", True), ("4", False)):  # (either reading is the asker's)
        assert (fault(answer, expected("text", data, asked), "text", text) is None) is right


def test_a_run_of_spaces_in_a_sort_question_is_searched_in_linear_time() -> None:
    """Tried from every space of a run, the sort's dedupe phrases took 90 ms at 800 spaces, growing as the square
    (its "by last name" 14 ms); each starts after a word now: 50,000 spaces take a few milliseconds (a generous
    bound: a busy machine; as the square it would be minutes)."""
    import time

    from llorch.tools.dupequestions import _KEPT_DUPS, _SORT_UNIQUE
    from llorch.tools.text import _BY_LAST

    for pattern in (_SORT_UNIQUE, _KEPT_DUPS, _BY_LAST):
        started = time.perf_counter()
        assert pattern.search("Sort these" + " " * 50_000 + "x, and" + " \t" * 25_000 + "y") is None
        assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("message", [
    # (review) marks, notes and headers are no items; prose is no list of words
    "Sort and remove duplicates\n\n1. pears\n2. apples\n3. pears",
    "Sort these alphabetically:\n\n1. pears\n2. apples",  # (sorted by their numbers)
    "Remove duplicates\n\n1. apples\n2. pears\n3. apples",
    "How many unique items are in this list?\n\n* apples\n- apples\n+ pears",
    "How many unique items are there?\n\neggs\nmilk\neggs\nbread\nNote: eggs twice because two recipes",
    "How many unique items are there?\n\neggs\nmilk\neggs\n...",
    "How many unique values are in this column?\n\nstatus\nok\nfailed\nok\nok",
    "Dedupe\n\nname\nAnn\nBob\nAnn",
    "Remove duplicate words from this sentence: I think that that is the the best option",
    "Remove duplicates\n\nthe meeting is on monday and the review is on friday",
    "How many different words are in: The Lord of the Rings",  # (a title: "The" and "the")
])
def test_marks_notes_headers_and_prose_are_no_list_to_dedupe(message: str) -> None:
    assert exact_call(message, EXACT_TOOLS, _NOW) is None
