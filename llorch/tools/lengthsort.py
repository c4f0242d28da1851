"""A list sorted by its items' lengths: the text tool's sort with by="length", and the requests for one ("Sort these
words by length: …", "Arrange these from longest to shortest: …").

Asked to sort "banana, fig, apple, kiwi" by length, shortest first, the 1.5B answered "fig, apple, banana, kiwi". The
tool counts each item's characters (as written, quotes around every item left out), shortest first or with
`descending` longest first; items of the same length keep the order they were given in (a stable sort), and the
answer says which tie, and each item's length, so that a reader sees why "apple" comes before "mango".

"Length" is not always the characters': a river's, a song's, a file's (its size), a column called length, a
sentence's words. The recogniser sends a sort to the tool only where the question or its list leave no other
reading: a list called words, names or strings, or its letters or characters named ("by word length"; "Sort these
by length: whale, shark, minnow" asks the animals'), no numbers, durations or
units, file names, table rows, numbered lines, sentences, items that a comma may have split ("apple and kiwi"), and
no other order asked beside it ("by length, then alphabetically").
"""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby
from typing import Any

from llorch.tools.asking import LEAD, POLITE, and_joined, clipped, joined_items
from llorch.tools.listitems import items, number, split_doubt, unquoted_items

__all__ = ["length_asked", "length_sorted"]


def length_sorted(found: list[str], descending: bool, joined: str, notes: list[str]) -> tuple[list[str], str]:
    """`found` sorted by each item's number of characters (without the quotes around every item, as Python
    writes strings), shortest first or longest first, ties in the order given; and it said, each item with its
    length and the ties named."""
    counted = unquoted_items(found)
    composed = [unicodedata.normalize("NFC", item) for item in counted]  # ("E" and an accent: one letter, É)
    lengths = [len(item) for item in composed]
    order = sorted(range(len(found)), key=lengths.__getitem__, reverse=descending)  # (stable, either way)
    out = [counted[i] for i in order]  # (as the lengths are counted: "'fig'" is fig, 3)
    letters = all(item.isalpha() for item in composed)
    unit = "letter" if letters else "character"
    if not letters:
        odd = any(not c.isalnum() for item in composed for c in item)
        notes = [*notes, "characters counted" + (", spaces and punctuation included" if odd else "")]
    notes = [*notes, *_ties([(counted[i], lengths[i]) for i in order], unit, len(found))]
    said = joined_items([f"{counted[i]} ({lengths[i]:,})" for i in order], joined)
    way = "longest" if descending else "shortest"
    return out, f"By length, {way} first{' (' + '; '.join(notes) + ')' if notes else ''}: {said}"


def _ties(ordered: list[tuple[str, int]], unit: str, many: int) -> list[str]:
    """The items of the same length, said: "apple and mango have 5 letters each", then "kept in the order given"
    (three groups at most, four items of each)."""
    groups = [(length, [item for item, _ in run]) for length, run in groupby(ordered, key=lambda pair: pair[1])]
    tied = [(g, length) for length, g in groups if len(g) > 1]
    if not tied:
        return []
    if len(tied) == 1 and len(tied[0][0]) == many:
        return [f"all {many:,} have {_many(tied[0][1], unit)} each; kept in the order given"]
    said = []
    for group, length in tied[:3]:
        names = [clipped(item, 30) for item in group[:4]]
        named = and_joined(names) if len(group) <= 4 else f"{', '.join(names)} and {len(group) - 4:,} more"
        said.append(f"{named} have {_many(length, unit)} each")
    if len(tied) > 3:
        said.append(f"{len(tied) - 3:,} more lengths shared")
    return [*said, "kept in the order given" if len(tied) == 1 else "each tie kept in the order given"]


def _many(n: int, unit: str) -> str:
    return f"{n:,} {unit}{'' if n == 1 else 's'}"


# --- recognising a request ----------------------------------------------------------------------------------------

_VERB = r"(?:sort|order|reorder|re-order|arrange|rank|put|list)"
_DET = r"(?:\s+(?:these|this|those|them|the\s+following|the|my|all\s+(?:of\s+)?(?:these|the)))?"
# Words that are no list's noun but the request's next part ("Sort these by …", "… from shortest …")
_STOP = (r"(?:these|this|those|them|the|my|all|by|from|in|on|according|based|shortest|longest|ascending|"
         r"descending|increasing|decreasing|and|then|alphabetically|with|so|to|of|smallest|largest|reverse|below|"
         r"here|above)\b")
_NOUN = (r"(?:\s+(?:list|set|array|group|bunch)\s+of)?(?:\s+(?P<noun>(?!" + _STOP + r")[^\W\d_]+(?:\s+(?!"
         + _STOP + r")[^\W\d_]+)?))?(?:\s+(?:below|here|above))?")
_UP = (r"(?:from\s+)?(?:the\s+)?shortest(?:\s+ones?)?\s+to\s+(?:the\s+)?longest(?:\s+ones?)?|shortest(?:\s+ones?)?"
       r"\s+first|longest(?:\s+ones?)?\s+last")
_DOWN = (r"(?:from\s+)?(?:the\s+)?longest(?:\s+ones?)?\s+to\s+(?:the\s+)?shortest(?:\s+ones?)?|longest(?:\s+ones?)?"
         r"\s+first|shortest(?:\s+ones?)?\s+last")
_UP_ANY = _UP + r"|(?:in\s+)?ascending(?:\s+order)?|in\s+increasing\s+order|(?:from\s+)?smallest\s+to\s+largest"
_DOWN_ANY = (_DOWN + r"|(?:in\s+)?descending(?:\s+order)?|in\s+decreasing\s+order|(?:from\s+)?largest\s+to\s+"
             r"smallest|in\s+reverse(?:\s+order)?")
_CHARS = (r"(?:the\s+)?(?:number|count)\s+of\s+(?:characters|chars)|(?:character|char)\s+(?:count|length)|"
          r"(?P<named>(?:string|name|text)\s+length)|how\s+many\s+characters\s+(?:they\s+have|each\s+(?:one\s+)?has)")
_LETTERS = (r"(?:the\s+)?(?:number|count)\s+of\s+letters|letter\s+count|word\s+length|how\s+many\s+letters\s+(?:they"
            r"\s+have|each\s+(?:one\s+)?has)")
_KEY = (r"(?:\s+(?:by|on|according\s+to|based\s+on|in\s+(?:(?P<kup>increasing|ascending)\s+|(?P<kdown>decreasing|"
        r"descending|reverse)\s+)?order\s+of)\s+(?:(?:their|the|its|each(?:\s+(?:one|word|item))?['’]s)\s+)?(?:"
        r"(?P<chars>" + _CHARS + r")|(?P<letters>" + _LETTERS + r")|lengths?|how\s+long\s+they\s+are)|\s+in\s+order\s+"
        r"by\s+length|\s+in\s+length\s+order)")
_END = r"(?:" + POLITE + r"){0,2}$"
_BY_LENGTH = re.compile(LEAD + _VERB + _DET + _NOUN + r"(?:,?\s+(?:(?P<up1>" + _UP_ANY + r")|(?P<down1>" + _DOWN_ANY
                        + r")))?,?" + _KEY + r"(?:,?\s+(?:(?P<up2>" + _UP_ANY + r")|(?P<down2>" + _DOWN_ANY + r")))?"
                        + _END, re.I)
# No "length" said: "Sort these from shortest to longest", "Arrange these words, longest first"
_SHORTEST = re.compile(LEAD + _VERB + _DET + _NOUN + r",?\s+(?:(?P<up1>" + _UP + r")|(?P<down1>" + _DOWN + r"))"
                       + _END, re.I)
_ASKS_LENGTH = re.compile(r"\b(?:length|shortest|longest|long|letters?|characters?|chars?)\b", re.I)
# Nouns of a list whose length can only be its items' characters ("these words", "the names")
_TEXT_NOUNS = frozenset({"words", "word", "strings", "names", "terms", "keywords", "tokens", "tags", "labels",
                         "usernames", "identifiers", "phrases"})
# Nouns of things whose length (or size, or characters) is their content's, not their name's
_CONTENT = frozenset({"files", "documents", "docs", "folders", "directories", "pages", "books", "articles", "posts",
                      "emails", "messages", "tweets", "songs", "videos", "tracks", "movies", "films", "sentences",
                      "paragraphs", "texts", "chapters", "stories"})
# Words that are lengths of time or distance themselves ("from shortest to longest: week, day, hour")
_UNITS = frozenset(
    "second minute hour day week fortnight month year decade century millennium moment instant era eon night "
    "weekend semester quarter season sec min hr yr inch foot feet yard mile metre meter centimetre centimeter "
    "millimetre millimeter kilometre kilometer km cm mm ft yd mi nanometer nanometre micron lightyear fathom "
    "furlong".split())
_MARKED = re.compile(r"^(?:\d+[.)]|[-*+•])\s")  # a numbered or bulleted item
_WORDY = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")  # letters, words apart by one space, hyphen or apostrophe
_PROSE_WORDS = frozenset({"the", "a", "an", "is", "are", "was", "were", "and", "or", "of", "on", "in", "to", "that",
                          "this", "it", "i", "we", "you", "for", "with", "be", "at", "by"})


def length_asked(q: str, body: str) -> dict[str, Any] | None:
    """The text tool's arguments for a question `q` that plainly asks to sort the list `body` by its items'
    lengths ("Sort these words by length, shortest first", "Order these by word length", "Arrange these from
    longest to shortest"), or None: a sort by another length (a river's, a file's), of items that may not be words
    counted (numbers, durations, file names, table rows, sentences, a numbered list, "apple and kiwi"), or with
    another order asked beside it."""
    if not _ASKS_LENGTH.search(q):
        return None
    q = " ".join(q.split()).rstrip("?.! ")  # (one space apart: no run of spaces to try every split of)
    match = _BY_LENGTH.match(q) or _SHORTEST.match(q)
    if match is None:
        return None
    asked = match.groupdict()
    up = any(asked.get(k) for k in ("up1", "up2", "kup"))
    down = any(asked.get(k) for k in ("down1", "down2", "kdown"))
    if up and down:
        return None  # ("Sort these ascending, longest first": which?)
    noun = (asked.get("noun") or "").lower().split()[-1:]
    noun_said = noun[0] if noun else ""
    counted = "chars" if asked.get("chars") or noun_said == "strings" else "letters" if asked.get("letters") else ""
    if noun_said in _CONTENT and not asked.get("named"):
        return None  # ("Sort these files by length": their size; "… by character count": their content's)
    if not counted and noun_said not in _TEXT_NOUNS:
        return None  # ("Sort these rivers by length", "these tasks from shortest to longest", "Sort these by length:
        # whale, shark, minnow": their own lengths, not their names'; "these words" or "by word length" says it)
    text = body.strip()
    if re.search(r"\betc\b|\.\.\.|…", text, re.I):
        return None  # (a list that goes on: which are its items?)
    if text.endswith(".") and text.count(".") == 1 and "\n" not in text:
        text = text[:-1].rstrip()  # ("…: banana, fig, apple." ends a sentence, not an item)
    if not _plain_items(text, counted, noun_said):
        return None
    return {"action": "sort", "text": text, "by": "length", **({"descending": True} if down else {})}


def _plain_items(text: str, counted: str, noun: str) -> bool:
    """Whether `text` lists items whose characters a sort by length may count (`counted`: "chars" where the
    question says characters or strings, "letters" where it says letters or word length, "" for length alone, of
    a list called `noun`)."""
    listed, separator = items(text)
    found = unquoted_items(listed)
    if len(found) < 2 or split_doubt(found, separator, text):
        return False  # (one item; a quote or bracket inside one, "1,000": its commas may part one)
    if separator == "\n" and any(re.search(r"[,;\t|]", item) for item in found):
        return False  # a table's rows (a column called length?)
    if any(_MARKED.match(item) or len(item.split()) > 3 or re.search(r"[.!?:](?:\s|$)", item)
           or re.search(r"\b(?:and|or)\s", item, re.I) for item in found):
        return False  # numbered or bulleted; sentences, notes; "apple and kiwi" (one item or two?)
    if all(number(item) is not None for item in found):
        return False  # (numbers: their digits, or their size?)
    if counted == "letters" and not all(item.isalpha() for item in found):
        return False  # (the tool counts characters: "ice cream" has 8 letters and 9 characters)
    if counted != "chars":
        if not all(_WORDY.fullmatch(item) for item in found):
            return False  # ("10 min", "3 km", "report.pdf", "a/b": a duration, a distance, a file's size?)
        if noun not in _TEXT_NOUNS and any(word.casefold().removesuffix("s") in _UNITS for item in found
                                           for word in re.split(r"[ -]", item)):
            return False  # ("day, week, hour" from shortest to longest: their time; not "these words")
        if noun not in _TEXT_NOUNS and any(item[:1].isupper() or " " in item for item in found):
            return False  # ("Sort these by length: Nile, Amazon, Thames": the rivers'?)
    if separator == " " and noun not in ("words", "word"):
        return len({item.casefold() for item in found} & _PROSE_WORDS) < 2  # ("the meeting is on monday")
    return True
