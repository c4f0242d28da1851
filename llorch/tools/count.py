"""The `count` tool: letters, words, characters and lines in a text, counted rather than guessed.

A model reads tokens, not letters: asked "How many r's are in the word strawberry?" the 1.5B said 4 (3),
and it gave 24 words for "the quick brown fox jumps over the lazy dog" (9). `count_asked` recognises a
message that plainly asks for such a count, of a word or quoted text in the message ("How many letters
are in 'encyclopedia'?", "How many words are in this sentence: ...") or of the text piped after the
question (`cat notes.txt | llorch run "How many words is this?"`), so that it goes to the tool before the
model answers, as arithmetic goes to `math` (chat/conversation.py).

Words are what `wc -w` counts (runs of non-space); lines what an editor shows (a last line without a
newline counts); a letter is counted whatever its case; a word of two or more letters is counted as a
whole word ("the" is not in "there").

Lines that contain a text are what `grep -c` counts, with ripgrep's smart case: a text in lower case matches
any case, one with a capital matches as written ("ERROR" is not the "error" of "no error"). The 1.5B, asked
"How many lines contain ERROR?" of a seven-line log with three, said one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import and_joined, clipped
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["KINDS", "CountTool", "count", "count_asked"]

_MAX_TEXT = 1_000_000
KINDS = ("words", "characters", "letters", "lines", "vowels", "consonants", "digits", "sentences")
_ALIASES = {"word": "words", "character": "characters", "chars": "characters", "char": "characters",
            "letter": "letters", "line": "lines", "vowel": "vowels", "consonant": "consonants", "digit": "digits",
            "numbers": "digits", "sentence": "sentences"}  # fmt: skip
_VOWELS = set("aeiou")
_SHOWN = 40  # a text up to this long is quoted in the result


def count(text: str, what: str, containing: str = "") -> tuple[int, str]:
    """How many `what` (a kind in KINDS, or a letter, or a word) `text` has, and the result in words; with
    `containing`, how many of its lines contain that text."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"count: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    inside = _LINES_WITH.match(what.strip())  # the model may say it all in `what`: "lines containing ERROR"
    if inside is not None and not containing:
        what, containing = "lines", inside.group("text").strip().strip("'\"“”‘’")
    kind = " ".join(what.lower().split())
    distinct = _DISTINCT.fullmatch(kind)
    if distinct is not None and not containing:
        return distinct_count(text, _ALIASES.get(distinct.group("of"), distinct.group("of")),
                              repeated=distinct.group("how") in ("duplicate", "duplicated", "repeated"))
    if containing:
        if _ALIASES.get(kind, kind) != "lines":
            raise ToolError(f"count: 'containing' counts lines; what={what!r} cannot take it")
        return lines_containing(text, containing)
    kind = _ALIASES.get(kind, kind)
    subject = f"“{text}”" if len(text) <= _SHOWN and "\n" not in text else "The text"
    if kind == "characters":
        n, spaces = len(text), sum(c.isspace() for c in text)
        extra = f" ({n - spaces:,} without spaces)" if spaces else ""
        return n, f"{subject} has {n:,} character{_s(n)}{extra}."
    if kind in KINDS:
        n = _count_kind(text, kind)
        return n, f"{subject} has {n:,} {kind[:-1] if n == 1 else kind}."
    target = kind.strip("'\"“”‘’")
    if not target:
        raise ToolError(f"count: say what to count: {', '.join(KINDS)}, a letter or a word")
    if len(target) == 1:
        folded, letter = _fold(text), _fold(target)
        places = [i + 1 for i, c in enumerate(folded) if c == letter]
        n = len(places)
        where = f" (at position{_s(n)} {_listed(places)})" if 0 < n <= 10 and subject != "The text" else ""
        if not target.isalpha():
            return n, f"{subject} has “{target}” {n:,} time{_s(n)}{where}."
        plural = "" if n == 1 else "'s"
        return n, f"{subject} has {n:,} {target}{plural}{where}."
    if re.search(r"\s", target) is None and re.fullmatch(r"\w+", target):
        n = len(re.findall(rf"(?<!\w){re.escape(_fold(target))}(?!\w)", _fold(text)))
    else:
        n = _fold(text).count(_fold(target))
    return n, f"{subject} has “{target}” {n:,} time{_s(n)}."


_DISTINCT = re.compile(r"(?P<how>unique|distinct|different|duplicate|duplicated|repeated)\s+(?P<of>lines?|words?)")


def distinct_count(text: str, of: str, *, repeated: bool = False) -> tuple[int, str]:
    """How many different lines (as `sort -u | wc -l` counts them: exactly as written) or words (in any case, without
    the punctuation around them) `text` has; with `repeated`, how many of them come more than once (`uniq -d`). The
    1.5B, asked how many unique lines "a b a c b a" (one a line) had, said 2 (3)."""
    if of == "lines":
        items = text.splitlines()
    else:
        items = [w for w in (_fold(t).strip(".,;:!?\"'()[]{}“”‘’") for t in text.split()) if w]
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    unit = of[:-1]
    if repeated:
        twice = [item for item, k in counts.items() if k > 1]
        n = len(twice)
        extra = sum(counts[item] - 1 for item in twice)
        shown = ", ".join(f"“{clipped(item, 60)}” ({counts[item]} times)" for item in twice[:_LINES_SHOWN])
        more = f" and {n - _LINES_SHOWN:,} more" if n > _LINES_SHOWN else ""
        said = (f"{n:,} of the {len(counts):,} different {of} come more than once ({extra:,} extra "
                f"cop{'y' if extra == 1 else 'ies'}): {shown}{more}." if n else
                f"No {unit} comes more than once: the {len(items):,} {of} are all different.")
        return n, said
    n = len(counts)
    return n, f"The text has {n:,} different {of if n != 1 else unit} (of {len(items):,} in all)."


_LINES_WITH = re.compile(r"^lines?\s+(?:that\s+|which\s+)?(?:containing|contain|contains|with|having|matching|"
                         r"mentioning|including)\s+(?P<text>.+)$", re.IGNORECASE)
_LINES_SHOWN = 10  # line numbers listed in the result


def lines_containing(text: str, target: str) -> tuple[int, str]:
    """How many lines of `text` contain `target` (smart case: lower case matches any case), and which."""
    if not target.strip():
        raise ToolError("count: say what the lines should contain")
    lines = text.splitlines()
    exact = target != target.lower()
    fold = (lambda s: s) if exact else _fold
    wanted = fold(target)
    found = [i + 1 for i, line in enumerate(lines) if wanted in fold(line)]
    n, total = len(found), len(lines)
    case = "" if exact or not any(c.isalpha() for c in target) else " (in any case)"
    verb = "contains" if n == 1 else "contain"
    said = (f"{n:,} of the {total:,} line{_s(total)} {verb}" if n else f"None of the {total:,} line{_s(total)} contains"
            ) + f" “{target}”{case}"
    if n:
        shown = found[:_LINES_SHOWN]
        more = f" and {n - len(shown):,} more" if n > len(shown) else ""
        said += f": line{_s(n)} {', '.join(map(str, shown)) + more if more else _listed(shown)}"
    return n, said + "."


def _count_kind(text: str, kind: str) -> int:
    if kind == "words":
        return len(text.split())
    if kind == "lines":
        return len(text.splitlines())
    if kind == "sentences":
        return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if re.search(r"\w", s)])
    letters = [c for c in _fold(text) if c.isalpha()]
    if kind == "letters":
        return len(letters)
    if kind == "vowels":
        return sum(c in _VOWELS for c in letters)
    if kind == "consonants":
        return sum(c not in _VOWELS for c in letters)
    return sum(c.isdigit() for c in text)  # digits


def _fold(text: str) -> str:
    """Lower case, accents off (é counts as an e), one character per character."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _listed(places: list[int]) -> str:
    return and_joined([str(p) for p in places])


class CountTool:
    """Count words, characters, letters, lines, or one letter or word, in a text."""

    name = "count"
    description = ("Count the words, characters, letters or lines in a text, how often a letter or word occurs, or "
                   "how many lines contain a text (as grep -c)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the text to count in"},
            "what": {"type": "string", "minLength": 1, "maxLength": 60,
                     "description": "words, characters, letters, lines, vowels, digits, sentences, a letter or a word"},
            "containing": {"type": "string", "maxLength": 200,
                           "description": "with what=lines: count only the lines that contain this text"},
        },
        "required": ["text", "what"],
    }
    positional = ("what", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("how many r's are in strawberry?", {"text": "strawberry", "what": "r"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        text, what = str(args.get("text", "")), str(args.get("what", ""))
        containing = str(args.get("containing") or "")
        n, said = count(text, what, containing)
        return ToolResult(said, {"what": what, "count": n} | ({"containing": containing} if containing else {}))


# --- recognising a plain request for a count ----------------------------------------------------

_THING = (r"(?P<what>(?:unique|distinct|different|duplicate|duplicated|repeated)\s+(?:lines|words)|words?|characters?|"
          r"chars|letters?|lines?|vowels?|consonants?|digits?|sentences?"
          r"|(?:the\s+)?letter\s+['\"“‘]?\w['\"”’]?|['\"“‘]?\w['\"”’]?(?:'s|’s|s)?)")
_WORD = r"(?P<named>(?:the\s+)?(?:word|name|string|text|phrase)\s+)?"
_LEAD = r"^\s*(?:(?:hey|so|ok|okay)\s*,?\s+)?(?:(?:can|could)\s+you\s+(?:tell\s+me\s+|count\s+)?)?"
_ASKED = [
    # "How many r's are in the word strawberry?", "how many letters in 'encyclopedia'"
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:are\s+(?:there\s+)?|is\s+(?:there\s+)?|does\s+)?"
               r"(?:in|inside)\s+" + _WORD + r"(?P<text>.+?)\s*(?:have)?\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many unique lines are there?", "How many duplicate lines are in this file?", "How many lines are there?"
    # (of the text piped after it)
    re.compile(_LEAD + r"how\s+many\s+(?P<what>(?:(?:unique|distinct|different|duplicate|duplicated|repeated)\s+)?"
               r"(?:lines|words))\s+(?:are\s+there|(?:are\s+)?(?:there\s+)?(?:in|does|do)\s+(?P<text>this|that|it|these|the\s+"
               r"following|this\s+(?:text|file|list|log|output))(?:\s+have|\s+contain)?)\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many words is this?", "How many lines does this have?" (of the text piped after it)
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:is|are|does|do)\s+(?:there\s+in\s+|in\s+)?"
               r"(?P<text>this(?:\s+(?:line|word|sentence|string|name|title|password))?|that|it|these|the\s+following)"
               r"(?:\s+(?:have|has|contain))?\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many times does the letter e appear in 'excellence'?"
    re.compile(_LEAD + r"how\s+many\s+times\s+does\s+(?:the\s+(?:letter|word)\s+)?"
               r"(?P<what>['\"“‘]?[\w']+['\"”’]?)\s+(?:appear|occur|show\s+up|come\s+up)\s+in\s+" + _WORD
               + r"(?P<text>.+?)\s*[?.!]*\s*$", re.IGNORECASE),
    # "Count the letters in 'mississippi'"
    re.compile(_LEAD + r"count\s+(?:the\s+(?:number\s+of\s+)?)?" + _THING + r"\s+in\s+" + _WORD
               + r"(?P<text>.+?)\s*[.!]*\s*$", re.IGNORECASE),
]
# The text after a colon ("How many words are in this sentence: the quick brown fox ...") or piped after the question.
_NOUNS = (r"sentence|text|file|message|paragraph|document|list|string|passage|essay|note|email|line|word|name|title|"
          r"headline|tweet|url|password|command|subject\s+line")
_THIS = re.compile(r"^(?:this|these|that|the\s+following|the\s+text(?:\s+below)?|my\s+text|the\s+sentence|this\s+"
                   r"(?:" + _NOUNS + r")|it)"
                   r"(?:\s+below)?(?:\s+(?:have|has|contain|contains))?$", re.IGNORECASE)
_QUOTED = re.compile(r"^(?:[\"“](?P<double>[^\"“”]+)[\"”]|['‘](?P<single>[^'‘’]+)['’])$")


# "How many lines contain ERROR?", "How many lines have 'disk full' in them?", "Count the lines with TODO",
# "How many ERROR lines are there?", "In how many lines does 'timeout' appear?" (of the text after the question)
_TARGET = r"(?P<target>[\"“][^\"“”]+[\"”]|['‘][^'‘’]+['’]|`[^`]+`|[^\s\"'“‘`][^\s]*?)"
_OF_IT = (r"(?:\s+(?:in\s+(?:them|it)|on\s+them))?(?:\s+(?:in|of)\s+(?:this|that|it|the\s+(?:following|text|file|log|"
          r"output|list)|this\s+(?:text|file|log|output|list))(?:\s+below)?|\s+below|\s+here)?")
_LINES_ASKED = [
    re.compile(_LEAD + r"(?:how\s+many|count\s+(?:the\s+)?(?:number\s+of\s+)?)\s*lines\s+"
               r"(?:(?:in|of)\s+(?:this|that|it|the\s+(?:text|file|log|output))\s+)?(?:are\s+there\s+)?"
               r"(?:that\s+|which\s+)?(?P<verb>contains?|containing|have|has|having|includes?|including|mentions?|"
               r"mentioning|match|matches|matching|with)\s+(?P<word>the\s+(?:word|string|text|phrase)\s+)?"
               + _TARGET + _OF_IT + r"(?:\s+are\s+there)?\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(_LEAD + r"(?:in\s+)?how\s+many\s+lines\s+(?:does|do)\s+(?P<word>the\s+(?:word|string|text|phrase)\s+)?"
               + _TARGET + r"\s+(?P<verb>appear|occur|show\s+up)(?:\s+(?:in|on))?" + _OF_IT + r"\s*[?.!]*\s*$",
               re.IGNORECASE),
    re.compile(_LEAD + r"how\s+many\s+" + _TARGET.replace("target>", "upper>") + r"\s+lines\s+(?:are\s+there|"
               r"(?:are\s+)?in\s+(?:this|that|it|the\s+(?:text|file|log|output))|does\s+(?:this|it)\s+have|"
               r"(?:are\s+)?(?:here|below))?\s*[?.!]*\s*$", re.IGNORECASE),
]
_QUOTES = "\"“”'‘’`"


def _lines_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a plain question about the lines of `body` that contain a text, or None. A bare
    word is taken when it reads as a string to look for: quoted, or with a capital, digit or sign in it
    ("ERROR", "404", "/api"), or a lower-case word the question says lines contain or mention ("timeout"); "How
    many lines have semicolons?" or "… with comments?" ask about kinds of line, which stay the model's."""
    if not body:
        return None
    for pattern in _LINES_ASKED:
        match = pattern.match(question)
        if match is None:
            continue
        groups = match.groupdict()
        raw = groups.get("target") or groups.get("upper") or ""
        quoted = raw[:1] in _QUOTES
        target = raw.strip(_QUOTES) if quoted else raw.rstrip("?.!,;")
        plain = re.fullmatch(r"[a-z]+", target) is not None
        if groups.get("upper") is not None and not quoted and (plain or target.lower() in ("the", "these", "those")):
            return None  # "How many blank lines are there?": a kind of line
        verb = (groups.get("verb") or "").lower()
        if plain and not quoted and not groups.get("word") and (
                not verb.startswith(("contain", "mention", "includ", "appear", "occur", "show"))
                or (target.endswith("s") and len(target) > 3) or target in ("a", "an", "the", "any", "more", "no")):
            return None
        return {"text": body, "what": "lines", "containing": target} if target.strip() else None
    return None


def count_asked(text: str) -> dict[str, str] | None:
    """The count tool's arguments for a message that plainly asks for a count, or None: of a word or quoted text
    in the question, of the text after its colon, or of the text after a blank line (as `llorch run` joins a
    question and piped input)."""
    if len(text) > _MAX_TEXT:
        return None
    question, _, rest = text.strip().partition("\n\n")
    if "\n" in question or len(question) > 300:
        return None
    head, colon, tail = question.partition(":")
    body = tail.strip() if colon and tail.strip() else rest.strip()
    asked = head.strip() if colon and tail.strip() else question
    # The whole first line over the text after it ("… contain 10:00?"), else the words before a colon over its text.
    found = _lines_asked(question, rest.strip()) or (_lines_asked(head.strip(), tail.strip()) if colon and not
                                                     rest.strip() else None)
    if found is not None:
        return found
    for pattern in _ASKED:
        match = pattern.match(asked)
        if match is None:
            continue
        what = _what(match.group("what"))
        subject = (match.group("text") or "this").strip()  # ("How many unique lines are there?": the text after it)
        if _THIS.match(subject):
            if not body or (colon and rest.strip()):
                return None  # nothing after it, or a colon's text and more: not plain
            return {"text": body, "what": what}
        if rest.strip() or (colon and tail.strip()):
            return None
        quoted = _QUOTED.match(subject)
        if quoted is not None:
            return {"text": quoted.group("double") or quoted.group("single"), "what": what}
        if re.fullmatch(r"[\w'’-]+", subject) and subject.lower() not in ("it", "this", "that", "them"):
            return {"text": subject, "what": what}  # one bare word: "in strawberry", "in the word strawberry"
        return None
    return None


def _what(words: str) -> str:
    """"r's" -> "r", "the letter 'e'" -> "e", "letters" -> "letters"."""
    w = re.sub(r"^(?:the\s+)?letter\s+", "", words.strip(), flags=re.IGNORECASE).strip("'\"“”‘’")
    lowered = w.lower()
    if lowered in KINDS or lowered in _ALIASES:
        return _ALIASES.get(lowered, lowered)
    if re.fullmatch(r"\w(?:'s|’s|s)", w):
        return w[0]
    return w
