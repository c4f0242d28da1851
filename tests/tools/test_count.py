"""The count tool: letters, words, characters and lines counted, and the plain questions that go to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.countquestions import count_asked
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
    ("ERROR", "3 of the 6 lines contain “ERROR” (4 ignoring case): lines 2, 4 and 6.", 3),
    # smart case: lower case matches any case ("no error" too), as ripgrep's --smart-case; a capital matches as
    # written, with grep -ci's count beside it where it differs ("How many lines mention ERROR?" may mean either)
    ("error", "4 of the 6 lines contain “error” (in any case): lines 2, 4, 5 and 6.", 4),
    ("Error", "None of the 6 lines contains “Error” as written; 4 do ignoring case: lines 2, 4, 5 and 6.", 0),
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
    assert count(_LOG, "lines containing ERROR")[1] == 3
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


# --- the lines of a piped log that mention a text, asked in more ways ------------------------------------------

_MIXED = "INFO start\nERROR disk full\nWARN slow\nERROR timeout\nINFO done\nerror lowercase\n"


def test_the_count_ignoring_case_is_said_beside_grep_s() -> None:
    # the 1.5B said 3 lines of this mention ERROR; grep -c says 2, grep -ci 3: the result gives both readings
    result = ToolRegistry().call("count", {"text": _MIXED, "what": "lines", "containing": "ERROR"},
                                 ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == "2 of the 6 lines contain “ERROR” (3 ignoring case): lines 2 and 4."
    assert result.data == {"what": "lines", "count": 2, "containing": "ERROR", "ignoring_case": 3}
    assert "ignoring_case" not in ToolRegistry().call("count", {"text": _MIXED, "what": "lines", "containing": "WARN"},
                                                      ToolContext(data_dir=Path("/nonexistent"))).data


@pytest.mark.parametrize(("question", "target"), [
    ("How many lines in this file mention ERROR?", "ERROR"),
    ("How many lines in this log contain ERROR?", "ERROR"),
    ("How many lines in the text have ERROR?", "ERROR"),
    ("How many lines in my file include ERROR?", "ERROR"),
    ("How many lines of this output contain 'disk full'?", "disk full"),
    ("How many log lines mention ERROR?", "ERROR"),
    ("What's the number of lines containing ERROR?", "ERROR"),
    ("Count the lines that contain 'ERROR'", "ERROR"),
    ("How many lines include ERROR?", "ERROR"),
])
def test_more_ways_to_ask_for_lines_that_mention_a_text(question: str, target: str) -> None:
    assert count_asked(f"{question}\n\n{_MIXED}") == {"text": _MIXED.strip(), "what": "lines", "containing": target}


@pytest.mark.parametrize("question", [
    "How many lines in this file have semicolons?",  # a kind of line
    "How many lines in this log have errors?",
    "How many lines in this file mention ERROR?\n\n",  # nothing piped
])
def test_lines_of_this_file_of_a_kind_stay_with_the_model(question: str) -> None:
    asked = count_asked(question if question.endswith("\n\n") else f"{question}\n\n{_MIXED}")
    assert asked is None or "containing" not in asked


# --- the average word length, and the longest and shortest word ----------------------------------------------

_FOX = "The quick brown fox jumps over the lazy dog"


@pytest.mark.parametrize(("text", "what", "said", "n"), [
    # the 1.5B said 4: it is 35 letters over 9 words
    (_FOX, "average word length", "The text has 35 letters in 9 words: 3.89 letters per word on average (letters "
     "only: punctuation, digits and spaces are not counted). Longest: “quick”, “brown” and “jumps” (5); shortest: "
     "“The”, “fox” and “dog” (3).", 35 / 9),
    ("to be or not to be", "mean word length", "“to be or not to be” has 13 letters in 6 words: 2.17 letters per "
     "word on average (letters only: punctuation, digits and spaces are not counted). Longest: “not” (3); shortest: "
     "“to”, “be” and “or” (2).", 13 / 6),
    ("The dog.", "letters per word", "“The dog.” has 6 letters in 2 words: 3 letters per word on average (letters "
     "only: punctuation, digits and spaces are not counted). Longest: “The” and “dog” (3); shortest: “The” and "
     "“dog” (3).", 3),  # "dog." is 3
    ("It is 42 - done!", "average word length", "“It is 42 - done!” has 8 letters in 3 words (2 without letters, as "
     "“42”, not counted): 2.67 letters per word on average (letters only: punctuation, digits and spaces are not "
     "counted). Longest: “done” (4); shortest: “It” and “is” (2).", 8 / 3),
    (_FOX + ".", "longest word", "The longest words in the text are “quick”, “brown” and “jumps” (5 letters each).", 5),
    ("a bb ccc, dddd!", "shortest word", "The shortest word in “a bb ccc, dddd!” is “a” (1 letter).", 1),
    ("Sun sun moon", "shortest", "The shortest word in “Sun sun moon” is “Sun” (3 letters).", 3),  # once, any case
])
def test_word_lengths(text: str, what: str, said: str, n: float) -> None:
    result = ToolRegistry().call("count", {"text": text, "what": what}, ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == said
    assert result.data.get("count", result.data.get("letters")) == pytest.approx(n)


def test_the_longest_word_is_a_word_not_a_count() -> None:
    # (an answer naming the word need not give its letters: no "count" for the answer check to ask for; the words)
    result = ToolRegistry().call("count", {"text": _FOX, "what": "longest word"}, ToolContext(data_dir=Path("/x")))
    assert result.data == {"what": "longest word", "letters": 5, "words": ["quick", "brown", "jumps"]}


def test_a_text_without_letters_has_no_word_length() -> None:
    with pytest.raises(ToolError, match="no words"):
        count("42 - 17", "average word length")


@pytest.mark.parametrize(("text", "asked"), [
    ("What's the average word length in this sentence?\n\n" + _FOX, {"text": _FOX, "what": "average word length"}),
    ("What is the average word length of 'to be or not to be'?",
     {"text": "to be or not to be", "what": "average word length"}),
    ('mean word length of "to be or not to be"', {"text": "to be or not to be", "what": "average word length"}),
    ("What is the average length of the words in this text?\n\n" + _FOX, {"text": _FOX, "what": "average word length"}),
    ("What's the average number of letters per word in this paragraph?\n\n" + _FOX,
     {"text": _FOX, "what": "average word length"}),
    ("What's the average word length?\n\n" + _FOX, {"text": _FOX, "what": "average word length"}),
    ("Calculate the average word length of this text.\n\n" + _FOX, {"text": _FOX, "what": "average word length"}),
    ("What's the average word length in this sentence: to be or not to be",
     {"text": "to be or not to be", "what": "average word length"}),
    ("What's the longest word in this sentence?\n\n" + _FOX, {"text": _FOX, "what": "longest word"}),
    ("Which is the shortest word in 'the cat sat'?", {"text": "the cat sat", "what": "shortest word"}),
    ("Find the longest word in the file\n\napple banana", {"text": "apple banana", "what": "longest word"}),
    ("What is the average word length here?\n\n" + _FOX, {"text": _FOX, "what": "average word length"}),
    ("Which is the longest word below?\n\napple banana", {"text": "apple banana", "what": "longest word"}),
])
def test_a_word_length_question_goes_to_count(text: str, asked: dict[str, str]) -> None:
    assert count_asked(text) == asked


@pytest.mark.parametrize("text", [
    "What's the average word length?",  # nothing to measure
    "What is the average word length in English?",
    "What's the average length of a word in English?",
    "What's the longest word in English?",
    "What's the longest word in the English language?",
    "What's the average word length of 'a b'? And of 'c d'?",
    "What's the average word length of 'a b'?\n\nmore text",  # which text?
    "How long is this word?\n\nantidisestablishmentarianism",  # (as before: the model's)
])
def test_word_lengths_of_no_text_stay_with_the_model(text: str) -> None:
    assert count_asked(text) is None


_ANIMALS = "cat\nelephant\ngiraffe\nhippopotamus\nox"


@pytest.mark.parametrize(("message", "asked", "said"), [
    # "Which …" with "word" said, of words one a line (the exact step had none of these)
    ("Which of these words is the longest?\n\n" + _ANIMALS, {"text": _ANIMALS, "what": "longest word"},
     "The longest word in the text is “hippopotamus” (12 letters)."),
    ("Which word is the longest?\n\n" + _ANIMALS, {"text": _ANIMALS, "what": "longest word"},
     "The longest word in the text is “hippopotamus” (12 letters)."),
    ("Which of these is the shortest word?\n\n" + _ANIMALS, {"text": _ANIMALS, "what": "shortest word"},
     "The shortest word in the text is “ox” (2 letters)."),
    ("What word is longest?\n\n" + _ANIMALS, {"text": _ANIMALS, "what": "longest word"},
     "The longest word in the text is “hippopotamus” (12 letters)."),
    ("Which word in this list is the longest?\n\n" + _ANIMALS, {"text": _ANIMALS, "what": "longest word"},
     "The longest word in the text is “hippopotamus” (12 letters)."),
    ("Which one of these words is shortest?\n\n- cat\n- ox\n- horse", {"text": "- cat\n- ox\n- horse",
     "what": "shortest word"}, "The shortest word in the text is “ox” (2 letters)."),  # (a bullet is no word)
    ("Which of these words is the longest: cat, elephant, hippopotamus?",  # after a colon, without its "?"
     {"text": "cat, elephant, hippopotamus", "what": "longest word"},
     "The longest word in “cat, elephant, hippopotamus” is “hippopotamus” (12 letters)."),
    ("Which word is the longest?\n\n" + _FOX, {"text": _FOX, "what": "longest word"},  # a sentence's words
     "The longest words in the text are “quick”, “brown” and “jumps” (5 letters each)."),
])
def test_which_word_is_the_longest_of_the_words_given_goes_to_count(message: str, asked: dict[str, str],
                                                                    said: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert exact_call(message, EXACT_TOOLS, datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)) == ("count", asked)
    result = ToolRegistry().call("count", asked, ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == said


@pytest.mark.parametrize("message", [
    "Which one is longest?\n\n" + _ANIMALS,  # no "word": the longest animal?
    "Which of these is the longest?\n\nNile\nAmazon\nYangtze",  # the longest river
    "Which of these words is the longest?\n\nice cream\nhot dog\npie",  # items of two words: which is the word?
    "Which of these words is the longest?\n\nice cream, hot dog, pie",
    "Which word is the longest?\n\nThe quick brown fox\njumps over the lazy dog.",  # lines of several words
    "Which word is the longest?",  # nothing given
    "Which word is the longest in English?",
    "Which word is the longest?\n\n123\n4567",  # no letters
    "Which of these words is the longest: cat, elephant\n\nox",  # a colon's text and more: which?
])
def test_which_word_is_longest_of_no_list_of_words_stays_the_models(message: str) -> None:
    assert count_asked(message) is None


_COMMITS = "d110392 tools: math split\nc127a29 tools: calendar split\nf423d67 README: prime factors\n8f38ec2 calendar: months\n"
_PIP = "Package    Version\n---------- -------\nnumpy      1.26.0\nrequests   2.31.0\ntyper      0.12.3\n"


@pytest.mark.parametrize(("question", "text", "items"), [
    ("How many commits are there?", _COMMITS, "commits"),  # (git log --oneline: the 1.5B said 5)
    ("How many files are listed?", "README.md\nllorch\npyproject.toml\ntests\n", "files"),
    ("How many entries are in this log?", _COMMITS, "entries"),
    ("How many items are there?", "milk\neggs\n\nbread\n", "items"),
    ("How many names are on this list?", "Ann\nBob\nCid\n", "names"),
    ("Count the entries.", _COMMITS, "entries"),
    ("How many packages are installed?", _PIP, "packages"),
    ("How many Python packages do I have installed?", _PIP, "packages"),
    ("How many commits does this log have?", _COMMITS, "commits"),
    ("How many users are there?", "root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/bash\n", "users"),
    ("How many files are there?", "total 8\n-rw-r--r-- 1 a a 10 May  1 10:00 a.txt\n-rw-r--r-- 1 a a 12 May  1 10:00 "
     "b.txt\n", "files"),
])
def test_how_many_things_a_piped_list_holds_goes_to_count(question: str, text: str, items: str) -> None:
    assert count_asked(f"{question}\n\n{text}") == {"text": text.strip(), "what": "lines", "items": items}


@pytest.mark.parametrize(("question", "text"), [
    # the lines must be read: which ones count is another tool's question, or the model's
    ("How many users have /bin/bash as their shell?", "root:x:0:0:root:/root:/bin/bash\nsync:x:4:65534::/bin:/bin/sync"),
    ("How many requests returned 500?", '1.2.3.4 "GET / HTTP/1.1" 500 12\n1.2.3.4 "GET /a HTTP/1.1" 200 9'),
    ("How many errors are there?", "ERROR disk\nINFO ok\nERROR net"),
    ("How many unique names are there?", "Ann\nBob\nAnn"),
    ("How many commits are there?", ""),  # nothing piped
    # not a plain list: a delimited table (is its first line a header?), sections, lines under others, one line
    ("How many rows are there?", "name,dept\nAnn,Sales\nBob,IT"),
    ("How many names are there?", "| name |\n|------|\n| Ann |\n| Bob |"),
    ("How many files are listed?", "Changes not staged for commit:\n  modified: a.py\n  modified: b.py"),
    ("How many commits are there?", "commit d110392\nAuthor: A <a@b>\n\n    tools: math split\n"),
    ("How many files are there?", "a.txt b.txt c.txt"),
])
def test_a_count_that_needs_the_lines_read_or_no_plain_list_is_not_a_line_count(question: str, text: str) -> None:
    assert count_asked(f"{question}\n\n{text}") is None


@pytest.mark.parametrize(("text", "items", "said", "n"), [
    (_COMMITS, "commits", "4 commits: the text has 4 non-empty lines, one commit each (as `grep -c .` counts them).", 4),
    ("a\n\nb\n\n", "files", "2 files: the text has 2 non-empty lines, one file each (as `grep -c .` counts them; 1 "
     "blank line not counted).", 2),
    (_PIP, "packages", "3 packages: the text has 3 non-empty lines after the header “Package Version” and the rule "
     "under it, one package each.", 3),
    ("CONTAINER ID   IMAGE   STATUS\nab12   nginx   Up\n", "containers", "1 container: the text has 1 non-empty line "
     "after the header “CONTAINER ID IMAGE STATUS”, one container each.", 1),
    ("total 8\na.txt\nb.txt", "files", "2 files: the text has 2 non-empty lines after `ls -l`'s “total 8” line, one "
     "file each.", 2),
])
def test_things_listed_one_a_line_are_its_non_empty_lines_a_header_left_out(text: str, items: str, said: str,
                                                                            n: int) -> None:
    result = ToolRegistry().call("count", {"text": text, "what": "lines", "items": items},
                                 ToolContext(data_dir=Path("/nonexistent")))
    assert (result.text, result.data) == (said, {"what": "lines", "count": n, "items": items})


def test_items_count_lines_only() -> None:
    with pytest.raises(ToolError, match="'items' counts lines"):
        ToolRegistry().call("count", {"text": "a\nb", "what": "words", "items": "files"},
                            ToolContext(data_dir=Path("/nonexistent")))


# --- characters not counting spaces ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "said", "n"), [
    ("internationalization", "“internationalization” has 20 characters (no spaces in it).", 20),
    ("international relations", "“international relations” has 22 characters not counting spaces (23 with them).", 22),
    ("a b\ncd", "The text has 4 characters not counting spaces or line breaks (6 with them).", 4),
])
def test_characters_without_spaces_count_what_is_not_a_space(text: str, said: str, n: int) -> None:
    assert count(text, "characters without spaces") == (said, n)
    assert count(text, "non-space characters")[1] == n  # (as the model may say it)


@pytest.mark.parametrize(("message", "args"), [
    # the 1.5B said 14: no tool was asked
    ("How many characters are in 'internationalization', not counting spaces?",
     {"text": "internationalization", "what": "characters without spaces"}),
    ('How many characters are in "international relations", excluding spaces?',
     {"text": "international relations", "what": "characters without spaces"}),
    ('How many characters, ignoring spaces, are in "hello big world"?',
     {"text": "hello big world", "what": "characters without spaces"}),
    ("How many characters (without spaces) are in 'a b c'?", {"text": "a b c", "what": "characters without spaces"}),
    ("How many non-space characters are in 'a b c'?", {"text": "a b c", "what": "characters without spaces"}),
    ("How many characters are in internationalization without spaces?",
     {"text": "internationalization", "what": "characters without spaces"}),
    ("How many characters are in this sentence, not counting spaces: the quick brown fox",
     {"text": "the quick brown fox", "what": "characters without spaces"}),
    ("How many characters are in this, not counting spaces?\n\nThe quick brown fox",
     {"text": "The quick brown fox", "what": "characters without spaces"}),
    ("How many letters are in 'hello world', ignoring spaces?", {"text": "hello world", "what": "letters"}),  # (no
    # space is a letter)
    ("How many letters are in the word 'Mississippi'?", {"text": "Mississippi", "what": "letters"}),  # (as before)
    # spaces left out inside the text are the text's
    ("How many words are in 'not counting spaces'?", {"text": "not counting spaces", "what": "words"}),
    ("How many characters are in this: a b without spaces", {"text": "a b without spaces", "what": "characters"}),
    # "does … have": the 1.5B said 12 (13); no tool was asked, with or without the spaces
    ("How many characters does 'hello big world' have without the spaces?",
     {"text": "hello big world", "what": "characters without spaces"}),
    ("How many characters does 'hello big world' have?", {"text": "hello big world", "what": "characters"}),
    ("How many letters does the word rhythm contain?", {"text": "rhythm", "what": "letters"}),
    # spaces and punctuation kept, as a character count keeps them (a fresh eval's: no tool was asked)
    ("How many characters are in the string 'hello, world!' including spaces and punctuation?",
     {"text": "hello, world!", "what": "characters"}),
    ("How many characters are in 'a b c', including spaces?", {"text": "a b c", "what": "characters"}),
])
def test_characters_not_counting_spaces_go_to_count(message: str, args: dict[str, str]) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, tzinfo=timezone.utc)) == ("count", args)


def test_including_spaces_keeps_only_a_count_of_characters() -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    # (a review's: "character" inside the quote made a letter count keep its spaces)
    assert exact_call("How many letters are in 'big character' including spaces?", EXACT_TOOLS,
                      datetime(2026, 12, 6, 13, tzinfo=timezone.utc)) is None


def test_the_count_without_spaces_is_the_number_an_answer_must_give() -> None:
    from llorch.chat.answercheck import expected, fault

    asked = "How many characters are in 'internationalization', not counting spaces?"
    found = count_asked(asked)
    assert found is not None
    result = ToolRegistry().call("count", found, ToolContext(data_dir=Path("/nonexistent")))
    assert result.data == {"what": "characters without spaces", "count": 20}
    want = expected("count", result.data, asked)
    assert fault("It has 14 characters.", want, "count", result.text) is not None  # the 1.5B's
    assert fault("It has 20 characters.", want, "count", result.text) is None
    assert count("Mississippi", "letters") == ("“Mississippi” has 11 letters.", 11)


@pytest.mark.parametrize("message", [
    "How many characters are in the Lord of the Rings?",  # a book's people, maybe; no text
    "How many characters are in the Lord of the Rings, not counting spaces?",
    "How many words are in 'hello world', not counting spaces?",  # spaces are never words
    "How many characters are in this, not counting spaces?",  # no text after it
    "How many lines contain ERROR, not counting spaces?\n\nERROR a\nok",
    "How many characters are in 'a b', not counting spaces, and in 'c d'?",
    "How many characters does my password have?",  # no text given
    "How many characters does it have?",
    "How many characters does the Lord of the Rings have?",
])
def test_a_near_miss_of_characters_without_spaces_stays_the_models(message: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert count_asked(message) is None
    assert exact_call(message, EXACT_TOOLS, datetime(2026, 12, 6, 13, tzinfo=timezone.utc)) is None


# --- lines that start or end with a text (countlines.py) -------------------------------------------------------

_CONFIG = "# comment\nkey=1\n# another\nother=2\n#third"


@pytest.mark.parametrize(("question", "text", "what"), [
    ("How many lines start with #?", _CONFIG, "lines starting with #"),  # (unrouted before: 3)
    ("How many lines begin with '#'?", _CONFIG, "lines starting with #"),
    ("How many lines in this file start with //?", "// a\ncode\n// b", "lines starting with //"),
    ("Count the lines that start with import", "import os\nfrom x import y\nimport re", "lines starting with import"),
    ("What's the number of lines that begin with \"TODO\"?", "TODO a\nb", "lines starting with TODO"),
    ("How many lines start with the word def?", "def a\nclass b", "lines starting with def"),
    ("How many lines start with class?", "class A\ndef b", "lines starting with class"),
    ("How many lines start with 'import '?", "import os\nimportlib", "lines starting with “import ”"),
    ("How many lines start with # in this file?", _CONFIG, "lines starting with #"),
    ("How many lines end with a semicolon?", "int a;\nint b;  \nreturn", "lines ending with ;"),
    ("How many lines end with ;?", "int a;\nreturn", "lines ending with ;"),
    ("How many lines end with a period?", "Hi.\nNo", "lines ending with ."),
])  # fmt: skip
def test_a_question_about_lines_that_start_or_end_with_a_text_goes_to_count(question: str, text: str,
                                                                            what: str) -> None:
    assert count_asked(f"{question}\n\n{text}") == {"text": text, "what": what}


@pytest.mark.parametrize("question", [
    "How many lines start with a capital letter?",  # kinds of line: the model's
    "How many lines start with numbers?",
    "How many lines start with a number?",
    "How many lines start with whitespace?",
    "How many lines start with a space?",
    "How many lines don't start with #?",  # (the rest: not asked plainly)
    "How many words start with a?",
    "How many lines start with # or //?",
])
def test_lines_of_a_kind_or_not_starting_with_a_text_stay_the_models(question: str) -> None:
    assert count_asked(f"{question}\n\n{_CONFIG}") is None
    assert count_asked("How many lines start with #?") is None  # (nothing piped)


@pytest.mark.parametrize(("text", "what", "said", "n"), [
    (_CONFIG, "lines starting with #", "3 of the 5 lines start with “#”: lines 1, 3 and 5.", 3),
    # at the very start, as `grep -c '^#'` counts; the count after leading spaces beside it
    ("# comment\n  # indented\nkey=1", "lines starting with #", "1 of the 3 lines starts with “#” at the very start "
     "of the line: line 1. Counting the lines that start with it after leading spaces too: 2 (line 2 as well).", 1),
    ("  # a\nb", "lines starting with #", "None of the 2 lines starts with “#” at the very start of the line. "
     "Counting the lines that start with it after leading spaces too: 1 (line 1).", 0),
    # trailing spaces (and a Windows \r) are unseen: left off
    ("int a;\nint b;  \nreturn\r\nx;\r", "lines ending with ;",
     "3 of the 4 lines end with “;”, trailing spaces left off: lines 1, 2 and 4.", 3),
    # smart case, as for lines that contain a text
    ("ERROR x\nerror y\nINFO", "lines starting with ERROR", "1 of the 3 lines starts with “ERROR” (2 ignoring case): "
     "line 1.", 1),
    ("Import x\nimport y\nz", "lines beginning with import", "2 of the 3 lines start with “import” (in any case): "
     "lines 1 and 2.", 2),
    ("import os\nimportlib", "lines starting with “import ”", "1 of the 2 lines starts with “import ” (in any case): "
     "line 1.", 1),  # (quoted: its space is part of it)
    ("abc", "lines that end with 'c'", "The text's one line ends with “c” (in any case), trailing spaces left off.",
     1),
    ("abc", "lines starting with #", "The text's one line does not start with “#”.", 0),
])  # fmt: skip
def test_lines_that_start_or_end_with_a_text_are_counted(text: str, what: str, said: str, n: int) -> None:
    assert count(text, what) == (said, n)


def test_an_answer_that_misses_the_count_of_lines_starting_with_a_text_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault

    asked = f"How many lines start with #?\n\n{_CONFIG}"
    found = count_asked(asked)
    assert found is not None
    result = ToolRegistry().call("count", found, ToolContext(data_dir=Path("/nonexistent")))
    assert result.data == {"what": "lines starting with #", "count": 3}
    want = expected("count", result.data, asked)
    assert fault("3 lines start with #.", want, "count", result.text) is None
    assert fault("2 lines start with #.", want, "count", result.text) is not None


# --- different IP addresses ---------------------------------------------------------------------

_ACCESS_LOG = ('10.0.0.5 - - [06/Dec/2026:10:00:01 +0000] "GET / HTTP/1.1" 200 512\n'
               '192.168.1.20 - - [06/Dec/2026:10:00:02 +0000] "GET /a HTTP/1.1" 404 98\n'
               '10.0.0.5 - - [06/Dec/2026:10:00:03 +0000] "POST /b HTTP/1.1" 200 12\n'
               '172.16.0.9 - - [06/Dec/2026:10:00:04 +0000] "GET / HTTP/1.1" 200 512\n')


@pytest.mark.parametrize("question", [
    "How many unique IPs are there?",  # (the 1.5B listed 10.0.0.5 twice and said 4)
    "How many unique IP addresses are in this log?",
    "How many distinct IPs appear below?",
    "How many different IP addresses made requests?",
    "How many unique IPs does this log have?",
    "Count the unique IPs.",
    "What is the number of distinct IP addresses in this log?",
    "How many unique IPs hit the server?",
])
def test_a_question_of_different_ip_addresses_goes_to_count(question: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    found = exact_call(f"{question}\n\n{_ACCESS_LOG}", EXACT_TOOLS, datetime(2026, 12, 6, 13, tzinfo=timezone.utc))
    assert found == ("count", {"text": _ACCESS_LOG.strip(), "what": "unique IPs"}), question
    assert count(_ACCESS_LOG, "unique IPs") == (
        "3 different IP addresses (4 mentions in all), most first: 10.0.0.5 (2 times), 192.168.1.20 (1 time), "
        "172.16.0.9 (1 time).", 3)


@pytest.mark.parametrize(("text", "what", "said", "n"), [
    # as `grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' | sort -u | wc -l` counts them, each checked: 999.1.1.1 is none
    ("1.1.1.1, 2.2.2.2 and 999.1.1.1 at 10:30:00", "distinct IP addresses",
     "2 different IP addresses, each once: 1.1.1.1, 2.2.2.2.", 2),
    ("from 10.0.0.1\nfrom 10.0.0.1:443", "unique IPs", "1 IP address: 10.0.0.1 (2 times).", 1),
    # IPv6 too, one address however it is spelt; or only one version
    ("2001:db8::1 GET\n2001:DB8:0:0::1 GET\n10.0.0.1 GET", "different IPs",
     "2 different IP addresses (3 mentions in all), most first: 2001:db8::1 (2 times), 10.0.0.1 (1 time).", 2),
    ("2001:db8::1 GET\n10.0.0.1 GET\n10.0.0.2 GET", "unique IPv4 addresses",
     "2 different IPv4 addresses, each once: 10.0.0.1, 10.0.0.2.", 2),
    ("2001:db8::1 GET\n10.0.0.1 GET", "unique IPv6 addresses", "1 IPv6 address: 2001:db8::1.", 1),
    ("no address here", "unique IPs", "No IP addresses in the text.", 0),
])
def test_different_ip_addresses_are_counted_each_with_its_times(text: str, what: str, said: str, n: int) -> None:
    assert count(text, what) == (said, n)


def test_many_different_ip_addresses_are_listed_up_to_twenty() -> None:
    said, n = count(" ".join(f"10.0.0.{i}" for i in range(25)), "unique IPs")
    assert n == 25 and said.endswith("10.0.0.19 and 5 more.")


@pytest.mark.parametrize(("question", "text"), [
    ("How many IPs are there?", _ACCESS_LOG),  # each once, or every mention? the model's to ask or say
    ("How many IP addresses are in this log?", _ACCESS_LOG),
    ("How many different IP addresses made more than 2 requests?", _ACCESS_LOG),
    ("How many unique IPs are there?", ""),  # nothing piped
    ("How many unique IPs are there?", "no addresses here, only 10:30:00 and 999.1.1.1"),
])
def test_other_questions_of_ip_addresses_are_not_a_count_of_different_ones(question: str, text: str) -> None:
    assert count_asked(f"{question}\n\n{text}") is None


def test_ip_questions_of_no_text_stay_with_other_tools_or_the_model() -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    now = datetime(2026, 12, 6, 13, tzinfo=timezone.utc)
    assert exact_call("How many IPs should a /24 have?", EXACT_TOOLS, now) == ("network", {"address": "/24"})
    assert exact_call("How many unique IPs are there?", EXACT_TOOLS, now) is None
    # the most frequent is the table tool's (ties said there)
    assert exact_call(f"Which IP appears most often?\n\n{_ACCESS_LOG}", EXACT_TOOLS, now) == (
        "table", {"action": "most", "column": "ip", "text": _ACCESS_LOG.strip()})


def test_an_answer_that_miscounts_the_different_ip_addresses_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault

    asked = f"How many unique IPs are there?\n\n{_ACCESS_LOG}"
    found = count_asked(asked)
    assert found is not None
    result = ToolRegistry().call("count", found, ToolContext(data_dir=Path("/nonexistent")))
    assert result.data == {"what": "unique IPs", "count": 3}
    want = expected("count", result.data, asked)
    assert fault("There are 4 unique IPs: 10.0.0.5, 192.168.1.20, 10.0.0.5 and 172.16.0.9.", want, "count",
                 result.text) is not None  # the 1.5B's
    assert fault("There are 3 unique IPs.", want, "count", result.text) is None


@pytest.mark.parametrize(("text", "what", "said", "n"), [
    ("the cat's toy and the cat", "cat",
     "“the cat's toy and the cat” has “cat” 1 time as a word, and 1 more time as part of a longer one (“cat's”).", 1),
    ("Don’t stop, don't", "don't", "“Don’t stop, don't” has “don't” 2 times.", 2),  # (a curly apostrophe is one)
    ("user_id user_ids", "user_id", "“user_id user_ids” has “user_id” 1 time.", 1),  # (a name, whole)
    ("a b a c", "duplicate words", "1 of the 3 different words comes more than once (1 extra copy): “a” (2 times).",
     1),
])
def test_a_word_is_counted_as_the_most_common_words_are(text: str, what: str, said: str, n: int) -> None:
    assert count(text, what) == (said, n)


@pytest.mark.parametrize(("text", "answer", "faulted"), [
    ("cat\nelephant\ngiraffe\nhippopotamus\nox", "The longest word is elephant.", True),  # (the 1.5B's)
    ("cat\nelephant\ngiraffe\nhippopotamus\nox", "It is hippopotamus (12 letters).", False),
    ("apple\nbanana\ncherry", "banana", True),  # a tie: every one in it
    ("apple\nbanana\ncherry", "Banana and cherry, 6 letters each.", False),
])
def test_the_longest_words_answer_names_it(text: str, answer: str, faulted: bool) -> None:
    """The longest word was said with no word to check the answer by: asked of a list, the 1.5B named elephant."""
    from llorch.chat.answercheck import expected, fault
    result = ToolRegistry().call("count", {"what": "longest word", "text": text}, ToolContext(data_dir=Path("/x")))
    assert (fault(answer, expected("count", result.data, "Which word is the longest?"), "count", result.text)
            is not None) is faulted
