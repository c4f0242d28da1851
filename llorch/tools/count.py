"""The `count` tool: letters, words, characters and lines in a text, counted rather than guessed.

A model reads tokens, not letters: asked "How many r's are in the word strawberry?" the 1.5B said 4 (3),
and it gave 24 words for "the quick brown fox jumps over the lazy dog" (9). The questions that go to the tool
before the model answers are recognised in countquestions.py.

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

The most common words (countwords.py), the most common letters and each letter's count (letterfreq.py), an access
log's requests by status or method (accesslogs.py) and a test run summary's pass rate (testsummary.py) are read by
their own modules, each of which says what the 1.5B got wrong.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.accesslogs import log_requests, request_kind
from llorch.tools.asking import and_joined, clipped
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.countips import distinct_ips, ip_kind
from llorch.tools.countitems import listed_items
from llorch.tools.countlines import lines_at_edge
from llorch.tools.countspaces import no_spaces_kind, without_spaces
from llorch.tools.countwords import WORD, common_kind, common_words, word_key, words_of
from llorch.tools.letterfreq import letter_frequency, letter_kind
from llorch.tools.logtally import log_messages
from llorch.tools.testsummary import summary_numbers, tests_kind

__all__ = ["ALIASES", "KINDS", "MAX_TEXT", "PER_WORD", "CountTool", "count", "word_lengths", "word_stat"]

MAX_TEXT = 1_000_000  # characters counted in (a longer message is no count question: countquestions.py)
KINDS = ("words", "characters", "letters", "lines", "vowels", "consonants", "digits", "sentences")
# The other words for a kind, as `what` or a question may say it.
ALIASES = {"word": "words", "character": "characters", "chars": "characters", "char": "characters",
           "letter": "letters", "line": "lines", "vowel": "vowels", "consonant": "consonants", "digit": "digits",
           "numbers": "digits", "sentence": "sentences"}  # fmt: skip
_VOWELS = set("aeiou")
_SHOWN = 40  # a text up to this long is quoted in the result


def count(text: str, what: str, containing: str = "", items: str = "") -> tuple[float, str]:
    """How many `what` (a kind in KINDS, or a letter, or a word) `text` has, and the result in words; with
    `containing`, how many of its lines contain that text; with `items` ("commits"), how many it lists one a line
    (countitems.py); the average word length, or the longest or shortest word's letters (`word_stat`); the most
    common word's count (countwords.py); the most or least common letter's, or each letter's (letterfreq.py); an
    access log's requests of a status (accesslogs.py); a test summary's numbers (testsummary.py)."""
    n, said, _ = _counted(text, what, containing, items)
    return n, said


def _counted(text: str, what: str, containing: str, items: str) -> tuple[float, str, dict[str, Any] | None]:
    """`count`'s number and words, and the tool's data where it is not {"what", "count"} alone (None)."""
    if len(text) > MAX_TEXT:
        raise ToolError(f"count: the text is {len(text):,} characters; the limit is {MAX_TEXT:,}")
    if not containing and not items.strip():
        found = _read(text, what)
        if found is not None:
            return found
    return (*_count(text, what, containing, items), None)


def _read(text: str, what: str) -> tuple[float, str, dict[str, Any] | None] | None:
    """The most common words or letters, an access log's requests or a test summary's numbers, for a `what` that
    asks one."""
    top = common_kind(what)
    if top is not None:  # (the answer is a word: no count to check it by)
        most, said, words = common_words(text, top)
        return most, said, {"what": what, "most": words, "times": most}
    letters = letter_kind(what)
    if letters is not None:  # the most or least common letters, or each one's count (letterfreq.py)
        return letter_frequency(text, *letters, what)
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
        if ALIASES.get(what.strip().lower(), what.strip().lower()) != "lines":
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
        return distinct_count(text, ALIASES.get(distinct.group("of"), distinct.group("of")),
                              repeated=distinct.group("how") in ("duplicate", "duplicated", "repeated"))
    if containing:
        if ALIASES.get(kind, kind) != "lines":
            raise ToolError(f"count: 'containing' counts lines; what={what!r} cannot take it")
        return lines_containing(text, containing)
    subject = f"“{text}”" if len(text) <= _SHOWN and "\n" not in text else "The text"
    if no_spaces_kind(kind):
        return without_spaces(text, subject)
    kind = ALIASES.get(kind, kind)
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


# The average word length's words ("word length", "letters per word"), in `what` and in a question (countquestions.py).
PER_WORD = (r"(?:word\s+length|length\s+(?:of\s+(?:the\s+|a\s+)?words?|per\s+word)|(?:number\s+of\s+)?letters\s+"
            r"per\s+word)")
_WORD_STATS = [
    ("average", re.compile(r"(?:the\s+)?(?:(?:average|mean)\s+)?" + PER_WORD)),
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


def _lettered(text: str) -> list[tuple[str, int]]:
    """Each word of `text` (a run of non-space, quotes and punctuation around it left out) and its letters."""
    return [(t.strip(_AROUND) or t, sum(c.isalpha() for c in t)) for t in text.split()]


def _extreme_words(counted: list[tuple[str, int]], stat: str) -> tuple[int, list[str]]:
    """The longest (or shortest) words' letters, and the words, each once in order, of (word, letters) pairs."""
    k = (max if stat == "longest" else min)(k for _, k in counted)
    return k, _distinct([w for w, j in counted if j == k])


def word_lengths(text: str, stat: str = "average") -> tuple[float, str]:
    """The average word length of `text` (letters over words), or its longest or shortest word's letters, with the
    words named. A word is a run of non-space with a letter in it; its length is its letters alone."""
    if len(text) > MAX_TEXT:
        raise ToolError(f"count: the text is {len(text):,} characters; the limit is {MAX_TEXT:,}")
    words = _lettered(text)
    counted = [(w, k) for w, k in words if k]
    if not counted:
        raise ToolError("count: the text has no words (no letters in it)")
    subject = f"“{text}”" if len(text) <= _SHOWN and "\n" not in text else "the text"
    if stat in ("longest", "shortest"):
        k, named = _extreme_words(counted, stat)
        one = len(named) == 1
        return k, (f"The {stat} word{'' if one else 's'} in {subject} {'is' if one else 'are'} {_named(named)} "
                   f"({k:,} letter{_s(k)}{'' if one else ' each'}).")
    letters, n = sum(k for _, k in counted), len(counted)
    mean = letters / n
    most, least = max(k for _, k in counted), min(k for _, k in counted)
    skipped = len(words) - n
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
                   "average word length, the most common words or letters, each letter's count; an access log's "
                   "requests by status, method or client; a test run summary's tests and pass rate; a log's error "
                   "(warning, …) messages by count")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "text": {"type": "string", "maxLength": MAX_TEXT, "description": "the text to count in"},
            "what": {"type": "string", "minLength": 1, "maxLength": 60,
                     "description": "words, characters, characters without spaces, letters, lines, vowels, digits, "
                                    "sentences, a letter or a word; or average word length, longest word, shortest "
                                    "word, most common word, 3 most common words; most (or least) common letter, "
                                    "each letter (most common character: any but spaces); or unique IPs; of an "
                                    "access log: requests, requests with status 404 (or 5xx), failed requests, "
                                    "POST requests, requests from 10.0.0.1; of a test summary: percentage of tests "
                                    "passed (or failed), tests in total, tests run, tests failed; of a log with "
                                    "levels: error messages by count, most common error message, distinct warning "
                                    "messages, first (or last) error line, percentage of error lines"},
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
        if stat in ("longest", "shortest"):  # (a word is the answer, not a number: the answer is checked for it)
            named = _extreme_words([(w, k) for w, k in _lettered(text) if k], stat)[1]
            return ToolResult(said, {"what": what, "letters": n, "words": named})
        data: dict[str, Any] = {"what": what, "count": n} | ({"items": items} if items and not containing else {})
        if containing:
            anycase = len(_matching(text, containing)[1])
            data |= {"containing": containing} | ({"ignoring_case": anycase} if anycase != n else {})
        return ToolResult(said, data)
