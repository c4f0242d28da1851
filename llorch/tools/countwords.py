"""The most common words of a text, counted: `cat essay.txt | llorch run "Which word appears most often?"`.

Asked it of "The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat.", the 1.5B said "cat"
(twice); "the" comes five times. `common_words_asked` recognises the question ("Which word appears most often?",
"What's the most frequent word?", "What are the 3 most common words?") of the text piped after it or after its
colon, as the count tool's `what` ("most common word", "3 most common words"); `common_words` counts them.

Counted literally, as asked: every word, "the" and "a" too, in any case ("The" is "the"); a word is a run of letters
and digits with a letter in it, an apostrophe or hyphen inside it kept ("don't", "well-known"). Words with the same
count are all named: a tie is said, never broken by a guess; the next few after them are said too. `WORD` and
`word_key` are the count tool's words too (how often one word comes, how many different words): one reading, so that
"the the-end the" has "the" twice however it is asked.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, and_joined, clipped
from llorch.tools.daymath import ordinal

__all__ = ["WORD", "common_kind", "common_words", "common_words_asked", "ranked_words", "word_key", "words_of"]

# A word: letters and digits, an apostrophe or hyphen inside it kept ("don't", "well-known"); "_" parts words
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "twelve": 12, "fifteen": 15, "twenty": 20}
_N = r"(?P<n>\d{1,2}|" + "|".join(_NUMBERS) + r")"
# "most common", "3 most frequent", "top 5", "top 3 most used": one of "top" and "most …" at least (the caller checks)
_RANK = (r"(?P<top>top\s+)?(?:" + _N + r"\s+)?(?P<most>(?:most\s+(?:common(?:ly\s+(?:used|occurring))?|"
         r"frequent(?:ly\s+(?:used|occurring|appearing))?|used|often\s+used|repeated|popular)|commonest)\s+)?"
         r"(?P<words>words?)")
_WHAT = re.compile(r"(?:the\s+)?" + _RANK, re.IGNORECASE)
_LIST_LONG = 5  # words listed for "the most common words", no number given
_MAX_LISTED = 50
_SHOWN = 8  # words named in one group of a tie
_BARE_WORDS = 8  # words at least after a bare "in:" (fewer may name a book, a song: countquestions.py's _BARE_WORDS)


def common_kind(what: str) -> int | None:
    """How many of the most common words a count's `what` asks for ("most common word": 1, "3 most common words": 3,
    "most frequent words": 5), else None; ToolError for none, or more than 50 ("99 most common words")."""
    match = _WHAT.fullmatch(" ".join(what.split()))
    if match is None or not (match.group("top") or match.group("most")):
        return None
    said = (match.group("n") or "").lower()
    if not said:
        return 1 if match.group("words").lower() == "word" else _LIST_LONG
    n = _NUMBERS.get(said) or int(said)
    if not 0 < n <= _MAX_LISTED:
        raise ToolError(f"count: ask for the 1 to {_MAX_LISTED} most common words, not {n}")
    return n


def word_key(word: str) -> str:
    """A word as it is counted: in any case, a curly apostrophe as a straight one ("Don’t" is "don't")."""
    return word.casefold().replace("’", "'")


# Words too common to say a text repeats itself ("The Lord of the Rings: The Fellowship of the Ring" repeats "the")
_COMMON = frozenset("a an the and or of in on to at by as is it for with from that this but are was were not all "
                    "then than have has had into over i me my we us our you your he him his she her its they them "
                    "their".split())


def _a_text(words: list[str]) -> bool:
    """Whether the words after a bare "in:" are a text to count, not one's name or what it is ("the lyrics of
    Bohemian Rhapsody by Queen", "my last eight text messages to my mom"): 8 words or more, a word not among the
    commonest said twice ("the cat saw the dog and the dog saw the cat run"; "to be or not to be that is …")."""
    said = Counter(w for w in words if w not in _COMMON)
    return len(words) >= _BARE_WORDS and any(n > 1 for n in said.values())


def words_of(text: str) -> list[str]:
    """The words of `text`, in order, as they are counted (`word_key`): "12" and "--" are none, having no letter."""
    return [word_key(m.group()) for m in WORD.finditer(text) if any(c.isalpha() for c in m.group())]


def ranked_words(text: str) -> tuple[list[tuple[str, int]], int]:
    """Each word of `text` (case folded) with how many times it comes, most first and then in order of appearance,
    and how many words the text has."""
    times = Counter(words_of(text))
    ranked = sorted(times.items(), key=lambda pair: -pair[1])  # (stable: first seen first among equals)
    return ranked, sum(times.values())


def _groups(ranked: list[tuple[str, int]]) -> list[tuple[int, list[str]]]:
    """The words by count, most first: [(5, ["the"]), (3, ["on"]), (2, ["cat", "sat", …])]."""
    return [(k, [word for word, _ in run]) for k, run in groupby(ranked, key=lambda pair: pair[1])]


def _named(words: list[str]) -> str:
    shown = [f"“{clipped(w, 40)}”" for w in words[:_SHOWN]]
    more = len(words) - len(shown)
    return and_joined(shown + ([f"{more:,} more"] if more else []))


def _times(k: int, each: bool) -> str:
    return f"{k:,} time{'' if k == 1 else 's'}{' each' if each else ''}"


def common_words(text: str, top: int = 1) -> tuple[int, str, list[str]]:
    """The count of the most common word of `text`, the answer in words, and the words named as the answer (the
    most common, all of a tie; for `top` above 1, the `top` most common, a tie at the last place in full)."""
    ranked, total = ranked_words(text)
    if not ranked:
        raise ToolError("count: the text has no words (no letters in it)")
    groups = _groups(ranked)
    most, leaders = groups[0]
    if top == 1:
        if most == 1:
            return 1, (f"No word comes more than once: each of the {total:,} words appears once (case ignored)."
                       if total > 1 else f"The text has one word, “{leaders[0]}”."), leaders if total == 1 else []
        one = len(leaders) == 1
        said = (f"The most common word{'' if one else 's'} {'is' if one else 'are'} {_named(leaders)}: "
                f"{_times(most, not one)} in the {total:,} words (case ignored).")
        after = [f"{_named(words)} ({k:,}{'' if len(words) == 1 else ' each'})" for k, words in groups[1:3]]
        return most, said + (f" Next: {'; then '.join(after)}." if after else ""), leaders[:_MAX_LISTED]
    named: list[str] = []
    parts: list[str] = []
    for k, words in groups:
        if len(named) >= top:
            break
        place = len(named) + 1
        if len(words) == 1:
            parts.append(f"“{clipped(words[0], 40)}” ({_times(k, False)})")
        elif len(named) + len(words) > top:
            parts.append(f"a tie for {place}{ordinal(place)} place between {_named(words)} ({_times(k, True)})")
        else:
            parts.append(f"{_named(words)} ({_times(k, True)})")
        named += words
    if len(ranked) <= top:
        said = f"The text has {len(ranked):,} different word{'' if len(ranked) == 1 else 's'} in {total:,}"
    else:
        said = f"The {top:,} most common words of the {total:,}"
    return most, f"{said} (case ignored), most common first: {'; '.join(parts)}.", named[:_MAX_LISTED]


# --- recognising the question ------------------------------------------------------------------

_PLACE = (r"(?:this|that|it|the\s+following|(?:this|that|the|my)\s+(?:text|passage|paragraph|file|document|"
          r"sentence|sentences|essay|article|list|poem|story|excerpt|transcript|email|message|book|chapter|song|"
          r"lyrics|speech|string|input|output|data|log))")
# (or "in" alone, before a colon and its text: "Which word appears most often in: the cat saw the dog and …")
_WHERE = r"(?:\s+(?:in|of|from|within|across)\s+" + _PLACE + r"|\s+(?P<bare>in))?(?:\s+(?:here|below|above))?"
_END = r"\s*[?.!:]*\s*$"
_ASKED = [
    # "Which word appears most often?", "Which word is used most often in this text?", "What word occurs the most?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)\s+(?:single\s+)?(?P<words>words?)\s+(?:appears?|occurs?|"
               r"comes?\s+up|shows?\s+up|turns?\s+up|(?:is|are)\s+(?:used|repeated|mentioned)|repeats?|recurs?|comes?)"
               r"\s+(?:the\s+)?"
               r"(?:most(?:\s+(?:often|frequently|commonly|times))?|(?:the\s+)?most\s+number\s+of\s+times)"
               + _WHERE + _END, re.IGNORECASE),
    # "Which word is the most common?", "Which words are most frequent in this text?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)\s+(?:single\s+)?(?P<words>words?)\s+(?:is|are)\s+(?:the\s+)?"
               r"(?P<most>most\s+(?:common|frequent|frequently\s+used|commonly\s+used|often\s+used|used|repeated))"
               + _WHERE + _END, re.IGNORECASE),
    # "What's the most frequent word?", "What are the 3 most common words?", "Which is the most used word here?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)(?:'s|’s|\s+is|\s+are|\s+were|\s+was)?\s+(?:the\s+)?"
               + _RANK + _WHERE + _END, re.IGNORECASE),
    # "List the 5 most common words", "Find the most frequent word in this text", "Give me the top 3 words"
    re.compile(LEAD + r"(?:list|give\s+me|show(?:\s+me)?|find|get|tell\s+me|name)\s+(?:the\s+)?" + _RANK + _WHERE
               + _END, re.IGNORECASE),
]


def common_words_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks which word of `body` (the text after it) comes most often, or its
    few most common words, or None."""
    if not body.strip() or len(question) > 300:
        return None
    match = next((m for p in _ASKED if (m := p.match(question.strip())) is not None), None)
    if match is None:
        return None
    groups = match.groupdict()
    said = (groups.get("n") or "").lower()
    plural = (groups.get("words") or "word").lower() == "words"
    if "top" in groups and not (groups.get("top") or groups.get("most")):
        return None  # ("What are the 3 words?")
    if said and not plural and said not in ("1", "one"):
        return None  # ("the 3 most common word": not plain)
    if not any(c.isalpha() for c in body):
        return None
    if groups.get("bare") and not _a_text(words_of(body)):
        return None  # ("Which word appears most often in: War and Peace?" names a book)
    if said.isdigit() and not 0 < int(said) <= _MAX_LISTED:
        return None  # ("the 99 most common words": the tool says no; the model's)
    n = f"{said} " if said and said not in ("1", "one") else ""
    return {"text": body, "what": f"{n}most common word{'s' if plural else ''}"}
