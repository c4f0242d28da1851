"""The `count` tool: letters, words, characters and lines in a text, counted rather than guessed.

A model reads tokens, not letters: asked "How many r's are in the word strawberry?" the 1.5B said 4 (3),
and it gave 24 words for "the quick brown fox jumps over the lazy dog" (9). `count_asked` recognises a
message that plainly asks for such a count, of a word or quoted text in the message ("How many letters
are in 'encyclopedia'?", "How many words are in this sentence: ...") or of the text piped after the
question (`cat notes.txt | llorch run "How many words is this?"`), so that it goes to the tool before the
model answers, as arithmetic goes to `math` (chat/conversation.py).

Words are what `wc -w` counts (runs of non-space); lines what an editor shows (a last line without a
newline counts); a letter is counted whatever its case; a word of two or more letters is counted as a
whole word ("the" is not in "there"), in any case, as the most common words are (countwords.py's words: "the-end"
is one, with "the" in it said apart).

Lines that contain a text are what `grep -c` counts, with ripgrep's smart case: a text in lower case matches
any case, one with a capital matches as written ("ERROR" is not the "error" of "no error"), with the count ignoring
case beside it where that differs, so that either reading has its number. The 1.5B, asked
"How many lines contain ERROR?" of a seven-line log with three, said one; of a six-line log with two (and a third
in lower case), it said three.

The average word length is letters over words (`wc -w`'s words that have a letter): punctuation, digits and
spaces are not counted ("dog." is 3). The 1.5B said 4 for the pangram's 35 letters in 9 words (3.89).

The most common words (countwords.py), an access log's requests by status or method (accesslogs.py) and a test run
summary's pass rate (testsummary.py) are read by their own modules, each of which says what the 1.5B got wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.accesslogs import log_requests, request_kind, requests_asked
from llorch.tools.asking import and_joined, clipped
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.countips import distinct_ips, ip_kind, ips_asked
from llorch.tools.countitems import items_asked, listed_items
from llorch.tools.countlines import edge_lines_asked, lines_at_edge
from llorch.tools.countspaces import NO_SPACES, no_spaces_kind, spaces_left_out, without_spaces
from llorch.tools.countwords import WORD, common_kind, common_words, common_words_asked, word_key, words_of
from llorch.tools.logtally import log_messages, log_messages_asked
from llorch.tools.testsummary import summary_numbers, tests_asked, tests_kind

__all__ = ["KINDS", "CountTool", "count", "count_asked", "word_lengths", "word_stat"]

_MAX_TEXT = 1_000_000
KINDS = ("words", "characters", "letters", "lines", "vowels", "consonants", "digits", "sentences")
_ALIASES = {"word": "words", "character": "characters", "chars": "characters", "char": "characters",
            "letter": "letters", "line": "lines", "vowel": "vowels", "consonant": "consonants", "digit": "digits",
            "numbers": "digits", "sentence": "sentences"}  # fmt: skip
_VOWELS = set("aeiou")
_SHOWN = 40  # a text up to this long is quoted in the result


def count(text: str, what: str, containing: str = "", items: str = "") -> tuple[float, str]:
    """How many `what` (a kind in KINDS, or a letter, or a word) `text` has, and the result in words; with
    `containing`, how many of its lines contain that text; with `items` ("commits"), how many it lists one a line
    (countitems.py); the average word length, or the longest or shortest word's letters (`word_stat`); the most
    common word's count (countwords.py); an access log's requests of a status (accesslogs.py); a test summary's
    numbers (testsummary.py)."""
    n, said, _ = _counted(text, what, containing, items)
    return n, said


def _counted(text: str, what: str, containing: str, items: str) -> tuple[float, str, dict[str, Any] | None]:
    """`count`'s number and words, and the tool's data where it is not {"what", "count"} alone (None)."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"count: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if not containing and not items.strip():
        found = _read(text, what)
        if found is not None:
            return found
    return (*_count(text, what, containing, items), None)


def _read(text: str, what: str) -> tuple[float, str, dict[str, Any] | None] | None:
    """The most common words, an access log's requests or a test summary's numbers, for a `what` that asks one."""
    top = common_kind(what)
    if top is not None:  # (the answer is a word: no count to check it by)
        most, said, words = common_words(text, top)
        return most, said, {"what": what, "most": words, "times": most}
    requests = log_requests(text, what)
    if requests is not None:
        return (*requests, None)
    tests = summary_numbers(text, what)
    if tests is not None:
        n, said, more = tests
        return n, said, {"what": what, "count": n, **more}
    messages = log_messages(text, what)  # a log's messages of a level, counted (logtally.py)
    if messages is not None:
        return messages
    if len(what.split()) > 1:  # (one word, "requests" or "tests", is a word to count as written too)
        needed = (_NO_LOG if request_kind(what) is not None else _NO_SUMMARY if tests_kind(what) is not None
                  else None)
        if needed is not None:
            raise ToolError(f"count: what={what!r} {needed} (to count the words as written, quote them)")
    return None


_NO_LOG = ("needs a web server's access log, a request a line in the common or combined log format; the text has no "
           "such line")
_NO_SUMMARY = ("needs one test run summary line, as pytest or jest writes it ('= 42 passed, 3 failed, 2 skipped in "
               "3.21s =', 'Tests: 3 failed, 42 passed, 45 total'); the text has none, or several")


def _count(text: str, what: str, containing: str, items: str) -> tuple[float, str]:
    """`count` of a kind, a letter, a word, lines containing or starting with a text, listed items or addresses."""
    if items.strip() and not containing:
        if _ALIASES.get(what.strip().lower(), what.strip().lower()) != "lines":
            raise ToolError(f"count: 'items' counts lines, one item each; what={what!r} cannot take it")
        return listed_items(text, items)
    ips = ip_kind(what) if not containing else None
    if ips is not None:  # "unique IPs": as `grep -oE … | sort -u | wc -l` counts them (countips.py)
        return distinct_ips(text, ips)
    if not containing and (edged := lines_at_edge(text, what)) is not None:  # "lines starting with #": countlines.py
        return edged
    inside = _LINES_WITH.match(what.strip())  # the model may say it all in `what`: "lines containing ERROR"
    if inside is not None and not containing:
        what, containing = "lines", inside.group("text").strip().strip("'\"“”‘’")
    kind = " ".join(what.lower().split())
    stat = word_stat(kind)
    if stat is not None and not containing:
        return word_lengths(text, stat)
    distinct = _DISTINCT.fullmatch(kind)
    if distinct is not None and not containing:
        return distinct_count(text, _ALIASES.get(distinct.group("of"), distinct.group("of")),
                              repeated=distinct.group("how") in ("duplicate", "duplicated", "repeated"))
    if containing:
        if _ALIASES.get(kind, kind) != "lines":
            raise ToolError(f"count: 'containing' counts lines; what={what!r} cannot take it")
        return lines_containing(text, containing)
    subject = f"“{text}”" if len(text) <= _SHOWN and "\n" not in text else "The text"
    if no_spaces_kind(kind):
        return without_spaces(text, subject)
    kind = _ALIASES.get(kind, kind)
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
    if WORD.fullmatch(target):
        return _word_times(text, target, subject)
    if re.fullmatch(r"\w+", target):  # ("user_id": a name, whole)
        n = len(re.findall(rf"(?<!\w){re.escape(_fold(target))}(?!\w)", _fold(text)))
    else:
        n = _fold(text).count(_fold(target))
    return n, f"{subject} has “{target}” {n:,} time{_s(n)}."


def _word_times(text: str, target: str, subject: str) -> tuple[int, str]:
    """How many of the words of `text` (countwords.py's, as the most common word is counted) are `target`, in any
    case; and how many more times it is a part of a longer word, said beside it ("the-end", "cat's")."""
    key = word_key(target)
    words = [word_key(m.group()) for m in WORD.finditer(text)]
    n = words.count(key)
    inside = [w for w in words if w != key and key in re.split(r"['-]", w)]
    said = f"{subject} has “{target}” {n:,} time{_s(n)}"
    if not inside:
        return n, said + "."
    longer = list(dict.fromkeys(inside))
    shown = ", ".join(f"“{clipped(w, 40)}”" for w in longer[:3]) + (", …" if len(longer) > 3 else "")
    k = len(inside)
    return n, f"{said} as a word, and {k:,} more time{_s(k)} as part of a longer one ({shown})."


_DISTINCT = re.compile(r"(?P<how>unique|distinct|different|duplicate|duplicated|repeated)\s+(?P<of>lines?|words?)")


def distinct_count(text: str, of: str, *, repeated: bool = False) -> tuple[int, str]:
    """How many different lines (as `sort -u | wc -l` counts them: exactly as written) or words (countwords.py's: in
    any case, without the punctuation around them) `text` has; with `repeated`, how many of them come more than once
    (`uniq -d`). The 1.5B, asked how many unique lines "a b a c b a" (one a line) had, said 2 (3)."""
    items = text.splitlines() if of == "lines" else words_of(text)  # (words as the most common are counted)
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
        said = (f"{n:,} of the {len(counts):,} different {of} {'comes' if n == 1 else 'come'} more than once "
                f"({extra:,} extra cop{'y' if extra == 1 else 'ies'}): {shown}{more}." if n else
                f"No {unit} comes more than once: the {len(items):,} {of} are all different.")
        return n, said
    n = len(counts)
    return n, f"The text has {n:,} different {of if n != 1 else unit} (of {len(items):,} in all)."


_PER_WORD = (r"(?:word\s+length|length\s+(?:of\s+(?:the\s+|a\s+)?words?|per\s+word)|(?:number\s+of\s+)?letters\s+"
             r"per\s+word)")
_WORD_STATS = [
    ("average", re.compile(r"(?:the\s+)?(?:(?:average|mean)\s+)?" + _PER_WORD)),
    ("longest", re.compile(r"(?:the\s+)?longest(?:\s+words?)?")),
    ("shortest", re.compile(r"(?:the\s+)?shortest(?:\s+words?)?")),
]
_WORDS_SHOWN = 5  # words named as the longest or shortest
_AROUND = "\"'“”‘’«»()[]{}<>.,;:!?…-–—*_`"


def word_stat(what: str) -> str | None:
    """"average", "longest" or "shortest" for a `what` that asks for the average word length ("mean word length",
    "letters per word") or the longest or shortest word, else None."""
    kind = " ".join(what.lower().split())
    return next((stat for stat, pattern in _WORD_STATS if pattern.fullmatch(kind)), None)


def word_lengths(text: str, stat: str = "average") -> tuple[float, str]:
    """The average word length of `text` (letters over words), or its longest or shortest word's letters, with the
    words named. A word is a run of non-space with a letter in it; its length is its letters alone."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"count: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    tokens = text.split()
    words = [(t.strip(_AROUND) or t, sum(c.isalpha() for c in t)) for t in tokens]
    counted = [(w, k) for w, k in words if k]
    if not counted:
        raise ToolError("count: the text has no words (no letters in it)")
    subject = f"“{text}”" if len(text) <= _SHOWN and "\n" not in text else "the text"
    if stat in ("longest", "shortest"):
        k = (max if stat == "longest" else min)(k for _, k in counted)
        named = _distinct([w for w, j in counted if j == k])
        one = len(named) == 1
        return k, (f"The {stat} word{'' if one else 's'} in {subject} {'is' if one else 'are'} {_named(named)} "
                   f"({k:,} letter{_s(k)}{'' if one else ' each'}).")
    letters, n = sum(k for _, k in counted), len(counted)
    mean = letters / n
    most, least = max(k for _, k in counted), min(k for _, k in counted)
    skipped = len(tokens) - n
    first = next((w for w, k in words if not k), "")
    not_words = f" ({skipped:,} without letters, as “{clipped(first, 60)}”, not counted)" if skipped else ""
    said = (f"{subject[0].upper() + subject[1:]} has {letters:,} letter{_s(letters)} in {n:,} word{_s(n)}{not_words}: "
            f"{_decimal(mean)} letters per word on average (letters only: punctuation, digits and spaces are not "
            f"counted). Longest: {_named(_distinct([w for w, k in counted if k == most]))} ({most}); shortest: "
            f"{_named(_distinct([w for w, k in counted if k == least]))} ({least}).")
    return mean, said


def _distinct(words: list[str]) -> list[str]:
    """Each word once (in any case: "The" and "the" are one), as first written."""
    seen: dict[str, str] = {}
    for w in words:
        seen.setdefault(_fold(w), w)
    return list(seen.values())


def _named(words: list[str]) -> str:
    """Words as a phrase, the first few: “quick”, “brown” and “jumps”."""
    shown = [f"“{clipped(w, 60)}”" for w in words[:_WORDS_SHOWN]]
    more = len(words) - len(shown)
    return and_joined(shown + ([f"{more:,} more"] if more else []))


def _decimal(x: float) -> str:
    """3.888… as 3.89, 4.0 as 4, 2.5 as 2.5."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")


_LINES_WITH = re.compile(r"^lines?\s+(?:that\s+|which\s+)?(?:containing|contain|contains|with|having|matching|"
                         r"mentioning|including)\s+(?P<text>.+)$", re.IGNORECASE)
_LINES_SHOWN = 10  # line numbers listed in the result


def lines_containing(text: str, target: str) -> tuple[int, str]:
    """How many lines of `text` contain `target` (smart case: lower case matches any case, a capital as written, as
    `grep -c` does), and which; and how many ignoring case (`grep -ci`) where that differs: a question may mean
    either ("lines that mention ERROR")."""
    if not target.strip():
        raise ToolError("count: say what the lines should contain")
    found, anycase = _matching(text, target)
    n, total = len(found), len(text.splitlines())
    verb = "contains" if n == 1 else "contain"
    if not found:
        said = f"None of the {total:,} line{_s(total)} contains “{target}”"
        if anycase:  # ("Error" of a log that writes ERROR): which lines do, ignoring case
            said += f" as written; {len(anycase):,} {'does' if len(anycase) == 1 else 'do'} ignoring case: " \
                    f"{_lines(anycase)}"
        return 0, said + "."
    ignoring = f" ({len(anycase):,} ignoring case)" if len(anycase) != n else ""
    if _smart(target):
        ignoring = " (in any case)"
    return n, f"{n:,} of the {total:,} line{_s(total)} {verb} “{target}”{ignoring}: {_lines(found)}."


def _matching(text: str, target: str) -> tuple[list[int], list[int]]:
    """The numbers of the lines that contain `target` (smart case), and ignoring case."""
    lines, folded = text.splitlines(), _fold(target)
    anycase = [i + 1 for i, line in enumerate(lines) if folded in _fold(line)]
    if _smart(target):
        return anycase, anycase
    return [i + 1 for i, line in enumerate(lines) if target in line], anycase


def _smart(target: str) -> bool:
    """Whether `target` is in lower case with a letter, so that it matches any case (ripgrep's --smart-case)."""
    return target == target.lower() and any(c.isalpha() for c in target)


def _lines(numbers: list[int]) -> str:
    """Line numbers, the first ten: "line 3", "lines 2, 4 and 6", "lines 1, 10, …, 18 and 10 more"."""
    shown = numbers[:_LINES_SHOWN]
    more = len(numbers) - len(shown)
    listed = ", ".join(map(str, shown)) + f" and {more:,} more" if more else _listed(shown)
    return f"line{_s(len(numbers))} {listed}"


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
    description = ("Count the words, characters, letters or lines in a text, how often a letter or word occurs, "
                   "how many lines contain a text (as grep -c), how many different IP addresses it has, the "
                   "average word length or the most common words; an access log's requests by status, method or "
                   "client; a test run summary's tests and pass rate; a log's error (warning, …) messages by count")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the text to count in"},
            "what": {"type": "string", "minLength": 1, "maxLength": 60,
                     "description": "words, characters, characters without spaces, letters, lines, vowels, digits, "
                                    "sentences, a letter or a word; or average word length, longest word, shortest "
                                    "word, most common word, 3 most common words; or unique IPs; of an access log: "
                                    "requests, requests with status 404 (or 5xx), failed requests, POST requests, "
                                    "requests from 10.0.0.1; of a test summary: percentage of tests passed (or "
                                    "failed), tests in total, tests run, tests failed; of a log with levels: error "
                                    "messages by count, most common error message, distinct warning messages"},
            "containing": {"type": "string", "maxLength": 200,
                           "description": "with what=lines: count only the lines that contain this text"},
            "items": {"type": "string", "maxLength": 60,
                      "description": "with what=lines: what the text lists one a line (commits, files, packages): "
                                     "counts its non-empty lines, a header left out"},
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
        containing, items = str(args.get("containing") or ""), str(args.get("items") or "")
        n, said, read = _counted(text, what, containing, items)
        if read is not None:
            return ToolResult(said, read)
        stat = word_stat(what) if not containing else None
        if stat in ("longest", "shortest"):  # (a word is the answer, not a number: no count to check it by)
            return ToolResult(said, {"what": what, "letters": n})
        data: dict[str, Any] = {"what": what, "count": n} | ({"items": items} if items and not containing else {})
        if containing:
            anycase = len(_matching(text, containing)[1])
            data |= {"containing": containing} | ({"ignoring_case": anycase} if anycase != n else {})
        return ToolResult(said, data)


# --- recognising a plain request for a count ----------------------------------------------------

_THING = (r"(?P<what>(?:unique|distinct|different|duplicate|duplicated|repeated)\s+(?:lines|words)|words?|characters?|"
          r"chars|letters?|lines?|vowels?|consonants?|digits?|sentences?"
          r"|(?:the\s+)?letter\s+['\"“‘]?\w['\"”’]?|['\"“‘]?\w['\"”’]?(?:'s|’s|s)?)")
_WORD = r"(?P<named>(?:the\s+)?(?:word|name|string|text|phrase)\s+)?"
_LEAD = r"^\s*(?:(?:hey|so|ok|okay)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+(?:tell\s+me\s+|count\s+)?)?"
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
    # "How many characters does 'hello big world' have?", "How many letters does the word rhythm contain?" (the
    # 1.5B, asked it without the spaces: 12; 13)
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:does|do)\s+" + _WORD + r"(?P<text>.+?)\s+(?:have|has|"
               r"contain)\s*[?.!]*\s*$", re.IGNORECASE),
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
_IN_THIS = (r"(?:in|of)\s+(?:(?:this|that|the|my)\s+(?:log\s+)?(?:text|file|log|output|list|input|document)|this|"
            r"that|it)")
_LINES_ASKED = [
    # "How many lines in this file mention ERROR?", "Count the lines that contain 'disk full'"
    re.compile(_LEAD + r"(?:how\s+many|count\s+(?:the\s+)?(?:number\s+of\s+)?|(?:what(?:'s|’s|\s+is)\s+)?the\s+"
               r"number\s+of\s+)\s*(?:log\s+)?lines\s+(?:" + _IN_THIS + r"\s+)?(?:are\s+there\s+)?"
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


# "What's the average word length in this sentence?", "the mean word length of 'to be or not to be'", "What is the
# average number of letters per word?" (of the text after it), "What's the longest word in this?"
_STATS_ASKED = re.compile(
    _LEAD + r"(?:(?:what(?:'s|’s|\s+is|\s+are)|which\s+(?:is|are)|calculate|compute|find|give\s+me|tell\s+me|"
    r"get)\s+)?(?:the\s+)?(?P<what>(?:average|mean)\s+" + _PER_WORD + r"|(?:longest|shortest)\s+words?)"
    r"(?:\s+(?:in|of|for)\s+" + _WORD + r"(?P<text>.+?))?(?:\s+(?:here|below))?\s*[?.!]*\s*$", re.IGNORECASE)


def _stats_asked(asked: str, body: str, more: bool) -> dict[str, str] | None:
    """count's arguments for the average word length, or the longest or shortest word, of a quoted text in `asked`
    or of `body` (the text after it; `more`: a colon's text and more after it), or None. "The longest word in
    English" is not a text: the model's."""
    match = _STATS_ASKED.match(asked)
    if match is None:
        return None
    stat = word_stat(match.group("what"))
    what = "average word length" if stat == "average" else f"{stat} word"
    subject = (match.group("text") or "this").strip()
    if _THIS.match(subject) or re.fullmatch(_IN_THIS, f"in {subject}", re.IGNORECASE):
        return {"text": body, "what": what} if body and not more else None
    quoted = _QUOTED.match(subject)
    if quoted is None or body:
        return None
    return {"text": quoted.group("double") or quoted.group("single"), "what": what}


def count_asked(text: str) -> dict[str, str] | None:
    """The count tool's arguments for a message that plainly asks for a count, or None: of a word or quoted text
    in the question, of the text after its colon, or of the text after a blank line (as `llorch run` joins a
    question and piped input). Characters "not counting spaces" are counted without them (countspaces.py); letters
    never count spaces, and other counts do not leave them out."""
    if len(text) > _MAX_TEXT:
        return None
    question, blank, rest = text.strip().partition("\n\n")
    if "\n" in question or len(question) > 300:  # (no plain question: and spaces_left_out's search of a long
        return None  # run of spaces is quadratic)
    asked, no_spaces = spaces_left_out(question)
    if not no_spaces:
        return _count_asked(text)
    found = _count_asked(asked + blank + rest)
    if found is None or found.get("containing") or found.get("items"):
        return None
    what = {"characters": NO_SPACES, "letters": "letters"}.get(found["what"])  # (no other count has spaces in it)
    return {**found, "what": what} if what is not None else None


def _count_asked(text: str) -> dict[str, str] | None:
    """`count_asked` of a question on one line of at most 300 characters (count_asked has checked it)."""
    question, _, rest = text.strip().partition("\n\n")
    head, colon, tail = question.partition(":")
    body = tail.strip() if colon and tail.strip() else rest.strip()
    asked = head.strip() if colon and tail.strip() else question
    # The whole first line over the text after it ("… contain 10:00?"), else the words before a colon over its text.
    found = edge_lines_asked(question, rest.strip()) or _lines_asked(question, rest.strip()) or (
        _lines_asked(head.strip(), tail.strip()) if colon and not rest.strip() else None)  # (starts: countlines.py)
    if found is not None:
        return found
    plain = not (colon and rest.strip())  # (a colon's text and more after it: not plain)
    ips = ips_asked(asked, body) if plain else None
    if ips is not None:  # "How many unique IPs are there?" of a log (countips.py)
        return ips
    # "Which word appears most often?" (countwords.py), "How many requests returned 404?" of an access log
    # (accesslogs.py), "What percentage of the tests passed?" of a test run's summary (testsummary.py)
    read = (common_words_asked(asked, body) or requests_asked(asked, body) or tests_asked(asked, body)
            or log_messages_asked(asked, body)) if plain else None
    if read is not None:
        return read
    stats = _stats_asked(asked, body, bool(colon and tail.strip() and rest.strip()))
    if stats is not None or _STATS_ASKED.match(asked):
        return stats
    if not colon:  # "How many commits are there?" of `git log --oneline`: its lines, one commit each
        listed = items_asked(question, rest)
        if listed is not None:
            return listed
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
        if re.fullmatch(r"[\w'’-]+", subject) and subject.lower() not in ("it", "this", "that", "them") \
                and (what in _IN_A_WORD or len(what) == 1):  # "How many words does Hamlet have?" is no count of 1
            return {"text": subject, "what": what}  # one bare word: "in strawberry", "in the word strawberry"
        return None
    return None


_IN_A_WORD = frozenset({"letters", "characters", "vowels", "consonants", NO_SPACES})  # what one bare word is counted for


def _what(words: str) -> str:
    """"r's" -> "r", "the letter 'e'" -> "e", "letters" -> "letters"."""
    w = re.sub(r"^(?:the\s+)?letter\s+", "", words.strip(), flags=re.IGNORECASE).strip("'\"“”‘’")
    lowered = w.lower()
    if lowered in KINDS or lowered in _ALIASES:
        return _ALIASES.get(lowered, lowered)
    if re.fullmatch(r"\w(?:'s|’s|s)", w):
        return w[0]
    return w
