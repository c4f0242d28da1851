"""The most (or least) common letters of a text, and each letter's count: counted, as the most common words are.

Asked "Which letter appears most often in 'mississippi'?", the 1.5B said "m" (once); "i" and "s" come 4 times each,
a tie. `letters_asked` recognises the plain questions ("What's the most frequent letter in the word banana?",
"Which letter occurs most in: …", "How many times does each letter appear in 'banana'?", "Count each letter in
'hello'") as the count tool's `what` ("most common letter", "least common letter", "each letter"; "character" for
"letter"), and `letter_frequency` counts them. A bare word is no text to count: "in vietnamese", "in poetry", "in
pokemon" name a kind of text.

A letter is counted in any case and without its accent ("A" and "á" are "a"), as the count tool counts one letter;
spaces, digits and punctuation are not letters. Only the accents that a Latin, Greek or Cyrillic letter carries
(combining marks U+0300–U+036F) come off, so a Hangul syllable or a kana with its dakuten (안, が) stays one letter,
and "ß" stays "ß" (lower case, not case folding: "Straße" has one "s"). A letter is a code point (a Devanagari vowel
sign is none). A character is any character but whitespace (a space, a tab, a newline): punctuation and digits too
("hello, world" has "l" 3 times and "," once), a letter again in any case but with its accent ("ñ" is no "n"), and
counted as a grapheme (the `regex` package's \\X), so an emoji with its skin tone or a flag is one. Letters with the
same count are all named, a tie said, never broken by a guess, with their count. Each letter's count is given in the
order the letters first appear, as the text spells them ("banana": b 1, a 3, n 2), the most common said after.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import groupby
from typing import Any

import regex

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, and_joined, unquoted

__all__ = ["letter_frequency", "letter_kind", "letter_of", "letters_asked"]

_UNIT = r"(?P<unit>letter|character|char)s?"
# What `what` says: "most common letter", "rarest character", "each letter", "letter frequencies", "letters by count"
_KINDS = [
    ("most", re.compile(r"(?:the\s+)?(?:most\s+(?:common|frequent|frequently\s+used|commonly\s+used|often\s+used|used|"
                        r"repeated)|commonest)\s+" + _UNIT)),
    ("least", re.compile(r"(?:the\s+)?(?:least\s+(?:common|frequent|frequently\s+used|commonly\s+used|often\s+used|"
                         r"used)|rarest)\s+" + _UNIT)),
    ("each", re.compile(r"(?:each|every)\s+" + _UNIT + r"|(?P<of>(?:count|frequency|occurrences?|number)\s+of\s+"
                        r"(?:each|every)\s+)(?P<unit2>letter|character|char)|" + _UNIT.replace("unit", "unit3")
                        + r"\s+(?:counts|frequenc(?:y|ies)|tally|by\s+count)")),  # ("letter count" is how many letters)
]
_SHOWN = 12  # letters named in a tie, or after it
_EACH = 60  # letters listed (and kept in the data) for each letter's count
_QUOTED = 40  # a text up to this long is quoted in the result


def letter_kind(what: str) -> tuple[str, str] | None:
    """("most", "least" or "each", "letters" or "characters") for a count's `what` that asks the most or least common
    letters of a text or each one's count ("most common letter", "rarest character", "each letter"), else None."""
    kind = " ".join(what.lower().split())
    for stat, pattern in _KINDS:
        match = pattern.fullmatch(kind)
        if match is not None:
            unit = next(u for u in match.groups()[::-1] if u in ("letter", "character", "char"))
            return stat, "letters" if unit == "letter" else "characters"
    return None


_ACCENTS = re.compile("[\u0300-\u036f]+")


def _folded(text: str) -> str:
    """Lower case, accents off (á is a, as count.py's one letter is counted): only the combining marks U+0300–U+036F
    of the decomposed text, put together again after (NFD alone splits 안 into its jamo and が into か)."""
    return unicodedata.normalize("NFC", _ACCENTS.sub("", unicodedata.normalize("NFD", text.lower())))


def letter_of(said: str, unit: str) -> str:
    """A letter (or, `unit` "characters", a character) an answer names, as the count tool counts it: "A" and "á" as
    "a"; a character in lower case, its accent kept."""
    return _folded(said) if unit == "letters" else unicodedata.normalize("NFC", said.lower())


def _counted(text: str, unit: str) -> Counter[str]:
    """Each letter (or non-space character) of `text` and how often it comes, in order of first appearance."""
    if unit == "letters":
        return Counter(c for c in _folded(text) if c.isalpha())
    lowered = unicodedata.normalize("NFC", text.lower())  # (ñ typed as n and its tilde is one ñ)
    graphemes = lowered if lowered.isascii() else regex.findall(r"\X", lowered)  # (👍🏽 is one, not 👍 and 🏽)
    return Counter(g for g in graphemes if not g.isspace())


def _name(c: str) -> str:
    return f"“{c}”"


def _named(chars: list[str]) -> str:
    shown = [_name(c) for c in chars[:_SHOWN]]
    more = len(chars) - len(shown)
    return and_joined(shown + ([f"{more:,} more"] if more else []))


def _times(k: int) -> str:
    return "once" if k == 1 else "twice" if k == 2 else f"{k:,} times"


def letter_frequency(text: str, stat: str, unit: str, what: str) -> tuple[int, str, dict[str, Any]]:
    """The count tool's number, words and data for `letter_kind`'s (`stat`, `unit`) of `text`: the most or least
    common letters' count, the letters named (all of a tie: data "most" or "least", and "times"), or each letter's
    count (data "each", in order of first appearance, and "total"); ToolError for a text with none."""
    counts = _counted(text, unit)
    one = unit[:-1]
    if not counts:
        raise ToolError("count: the text has no letters (spaces, digits and punctuation are not letters)"
                        if unit == "letters" else "count: the text has no characters but spaces")
    total = sum(counts.values())
    subject = f"“{text}”" if len(text) <= _QUOTED and "\n" not in text else "the text"
    of_all = f"{total:,} {one if total == 1 else unit}"
    case = "case ignored" + ("" if unit == "letters" else ", spaces not counted")
    listed = list(counts.items())
    if stat == "each":
        shown = ", ".join(f"{c if unit == 'letters' else _name(c)}: {k:,}" for c, k in listed[:_EACH])
        more = f" and {len(listed) - _EACH:,} more" if len(listed) > _EACH else ""
        top = max(counts.values())
        leaders = [c for c, k in listed if k == top]
        most = (f" Most common: {_named(leaders)} ({_times(top)}{' each' if len(leaders) > 1 else ''})."
                if len(leaders) < len(listed) else "")
        said = f"Each {one} of {subject}, in order of first appearance: {shown}{more} ({of_all}; {case}).{most}"
        return total, said, {"what": what, "each": dict(listed[:_EACH]), "total": total}
    # most first (least first for the least common), in order of first appearance among equals
    ranked = sorted(listed, key=lambda pair: -pair[1] if stat == "most" else pair[1])
    groups = [(k, [c for c, _ in run]) for k, run in groupby(ranked, key=lambda pair: pair[1])]
    k, named = groups[0]
    if len(listed) == 1:
        return k, f"The only {one} in {subject} is {_name(named[0])}: {_times(k)} ({case}).", \
            {"what": what, stat: named, "times": k}
    if len(groups) == 1 and k == 1:  # (every one once: none is more, or less, common than another)
        return 1, (f"No {one} comes more than once in {subject}: each of its {of_all} appears once ({case})."), \
            {"what": what, stat: [], "times": 1}
    tie = len(named) > 1
    said = (f"The {stat} common {one}{'s' if tie else ''} in {subject} {'are' if tie else 'is'} {_named(named)}"
            f"{', a tie' if tie else ''}: {_times(k)}{' each' if tie else ''} in its {of_all} ({case}).")
    if len(groups) == 1:
        said += f" Every {one} comes as often."
    after = [f"{_named(chars)} ({j:,}{'' if len(chars) == 1 else ' each'})" for j, chars in groups[1:3]]
    if after:
        said += f" Next: {'; then '.join(after)}."
    return k, said, {"what": what, stat: named[:_EACH], "times": k}


# --- recognising the question ------------------------------------------------------------------

_ONE = r"(?P<unit>letter|character)"
_PLACE = (r"(?:\s+(?:in|of|within|for)\s+(?P<subject>\S.*?)|\s+(?P<bare>in|of))?(?:\s+(?:here|below|above))?"
          r"\s*[?.!:]*\s*$")
_HOW = (r"(?P<how>most|least|fewest)(?:\s+(?:often|frequently|commonly|(?:number\s+of\s+)?times))?"
        r"|(?:the\s+)?(?P<how2>most|fewest|least)\s+number\s+of\s+times")
_ADJ = (r"(?P<adj>(?:most|least)\s+(?:common|frequent|frequently\s+(?:used|occurring|appearing)|commonly\s+(?:used|"
        r"occurring)|often\s+used|used|repeated)|commonest|rarest)")
_ASKED = [
    # "Which letter appears most often in 'mississippi'?", "Which character occurs the most in: …"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)\s+(?:single\s+)?" + _ONE + r"s?\s+(?:appears?|occurs?|"
               r"comes?\s+up|shows?\s+up|turns?\s+up|(?:is|are)\s+(?:used|repeated)|repeats?|recurs?|comes?)\s+"
               r"(?:the\s+)?(?:" + _HOW + r")" + _PLACE, re.IGNORECASE),
    # "Which letter is the most common in banana?", "Which letters are most frequent in this text?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)\s+(?:single\s+)?" + _ONE + r"s?\s+(?:is|are)\s+(?:the\s+)?"
               + _ADJ + _PLACE, re.IGNORECASE),
    # "What is the most common letter in mississippi?", "What's the most frequent letter in the word banana?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)(?:'s|’s|\s+is|\s+are|\s+was|\s+were)?\s+(?:the\s+)?" + _ADJ
               + r"\s+" + _ONE + r"s?" + _PLACE, re.IGNORECASE),
    # "Find the most common letter in 'banana'", "Name the rarest letter in: …"
    re.compile(LEAD + r"(?:find|get|tell\s+me|give\s+me|name|show(?:\s+me)?|identify)\s+(?:the\s+)?" + _ADJ + r"\s+"
               + _ONE + r"s?" + _PLACE, re.IGNORECASE),
]
_EACH_ASKED = [
    # "How many times does each letter appear in banana?", "How often does every character occur in 'aab'?"
    re.compile(LEAD + r"(?:how\s+many\s+times|how\s+often)\s+(?:does|do)\s+(?:each|every)\s+" + _ONE
               + r"\s+(?:appear|occur|show\s+up|come\s+up)" + _PLACE, re.IGNORECASE),
    # "Count each letter in 'hello'", "Count the occurrences of each letter in banana"
    re.compile(LEAD + r"count\s+(?:(?:the\s+)?(?:occurrences|frequency|number\s+of\s+times|number)\s+of\s+)?"
               r"(?:each|every)\s+" + _ONE + _PLACE, re.IGNORECASE),
    # "What is the frequency of each letter in 'hello'?", "What are the letter frequencies of banana?" ("the letter
    # count" is how many letters: count.py's)
    re.compile(LEAD + r"(?:what(?:'s|’s|\s+is|\s+are)|give\s+me|show(?:\s+me)?|list)\s+(?:the\s+)?(?:(?:frequency|"
               r"count|number\s+of\s+occurrences)\s+of\s+(?:each|every)\s+" + _ONE + r"|" + _ONE.replace("unit", "u2")
               + r"\s+(?:frequency|frequencies|counts))" + _PLACE, re.IGNORECASE),
    # "How many of each letter are in banana?"
    re.compile(LEAD + r"how\s+many\s+of\s+each\s+" + _ONE + r"\s+(?:are|is)(?:\s+there)?"
               r"(?:\s+in\s+(?P<subject>\S.*?)|\s+(?P<bare>in))?\s*[?.!:]*\s*$", re.IGNORECASE),
]
# The text piped after the question, or after its colon: "in this", "in the following text"
_THIS = re.compile(r"(?:this|that|it|these|the\s+following|(?:this|that|the|my)\s+(?:text|passage|paragraph|"
                   r"sentence|string|message|file|document|input|output|data|list|line|poem|email|essay|note))"
                   r"(?:\s+(?:text|below))?", re.IGNORECASE)
_NAMED = re.compile(r"(?:the\s+)?(?P<noun>word|name|string|term|phrase|sentence|text|title)\s+(?P<rest>.+)",
                    re.IGNORECASE)
_BARE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# What "the word …" names that is no word to count but a thing: "the word list", "the name field" ("the word English"
# is the word)
_COMPOUND = frozenset("list lists count counts cloud bank search game games puzzle puzzles file files document "
                      "documents doc processor ladder chain salad wall form forms set sets field fields column columns "
                      "tag tags order frequency frequencies".split())


def _text_of(subject: str, bare: bool, body: str) -> str | None:
    """The text a question's place (`subject`, "in …") names: the text after it (`body`), a quoted one, or "the
    word X". Never a bare word: "in vietnamese", "in poetry", "in pokemon" name a kind of text, not one to count."""
    if bare or not subject or _THIS.fullmatch(subject):
        return body or None
    if body:  # a text in the question and another after it: not plain
        return None
    quoted = unquoted(subject)
    if quoted is not None:
        return quoted
    named = _NAMED.fullmatch(subject)
    if named is None:
        return None
    rest = named.group("rest").strip()
    inner = unquoted(rest)
    if inner is not None:
        return inner
    plain = named.group("noun").lower() in ("word", "name", "string", "term") and _BARE.fullmatch(rest) is not None
    return rest if plain and rest.lower() not in _COMPOUND else None


def letters_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that plainly asks which letter (or character) of a text comes most (or
    least) often, or how often each does, or None: of a quoted text or "the word X" in the question, or of `body`
    (the text after its colon, or piped after it)."""
    if len(question) > 300 or not re.search(r"letter|character", question, re.IGNORECASE):
        return None
    found = next(((stat, m) for stat, patterns in (("most", _ASKED), ("each", _EACH_ASKED)) for p in patterns
                  if (m := p.match(question.strip())) is not None), None)
    if found is None:
        return None
    stat, match = found
    groups = match.groupdict()
    how = (groups.get("how") or groups.get("how2") or groups.get("adj") or "").lower()
    if stat == "most" and how.startswith(("least", "fewest", "rarest")):
        stat = "least"
    unit = (groups.get("unit") or groups.get("u2") or "letter").lower()
    text = _text_of((groups.get("subject") or "").strip(), bool(groups.get("bare")), body.strip())
    if text is None:
        return None
    text = unquoted(text) or text  # ("in: 'hello'": the quotes are no characters of it)
    if not (any(c.isalpha() for c in text) if unit == "letter" else text.strip()):
        return None  # (nothing to count: the model says so)
    what = "each" if stat == "each" else f"{stat} common"
    return {"text": text, "what": f"{what} {unit}"}
