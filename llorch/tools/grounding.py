"""A second look at a tool decision before it stands: a call must come from the user's words.

With tools in its prompt a small model calls one for requests that need words. Measured on
the 1.5B through `llorch serve` (scripts/compare_tool_calls.py, 69 requests, greedy): the
calls a request needed were right 37 times in 40, and 12 of the 29 requests that needed
words got a call instead. Those calls have a shape in common: their arguments are not in
the request. "Which planet is closest to the sun?" became `get_weather(city="Earth")`,
"What's the capital of Australia?" `get_weather(city="Sydney")`, "Who wrote Pride and
Prejudice?" `calculate("1813 - 1812")`; and the write functions were called for questions
that ask for no change ("What makes a good subject line for an email?" became
`create_event(title="Meeting with John", ...)`). A yes/no question to the model about the
call, or a second decision with a stronger hint, did not separate them (their scores
overlapped); these two checks cost nothing and do:

- `grounded`: some argument of the call (a word of three letters or more, or a number,
  which the user may spell out: "twelve" grounds 12 and no other number) is in the user's
  message. Values an enum fixes are not judged (the model picks "celsius" from the schema,
  not from the user), nor are dates and lengths of time, which the model works out; a call
  with nothing to judge stands, and so does one whose enum value the user said ("When am I
  free tomorrow?" grounds calendar's action "free", even with a uid the model made up).
- `writes`: a function whose name opens with a verb of change (`create_event`,
  `send_email`) changes something; such a call stands only
  when the user's message asks for a change (tools/consent.asks_for_change). llorch's own
  tools know whether they write (ToolBox.writes) and go through consent instead.

`stated_numbers` does the same for a text the model wrote from another: a sentence whose number
(two digits or more) the source does not hold, holds about something else, or counted, is left
out. Reading a long document in parts (chat/longinput.py), the 1.5B found a part's one access
code and listed beside it codes for every team the part named ("Legal: 5678"), or the report's
week numbers, which the combined answer then kept as facts.

A decision these checks turn down becomes "no tool": the answer comes in words. One that
stands gets its dates checked against the weekday the user named (`weekday_dates`): dates
are not left to a small model's head.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from llorch.tools.consent import is_change_verb

__all__ = ["counting", "gives_number", "grounded", "numbers", "sentences", "stated_numbers", "unrepeated", "weekday_dates",
           "writes"]

_WORD = re.compile(r"[^\W\d_]{3,}|\d+(?:[.,]\d+)*")
# Words too common to tie a call to a request ("the", "what") or that any call's arguments may hold.
_COMMON = frozenset("""
    the and for with you your yours our ours his her hers their theirs this that these those what which who whom
    whose when where why how are was were been being have has had does did doing done can could would should
    will shall may might must not any all some each every from into onto about above below over under than then
    there here its it's i'm i've i'd you're please thanks thank just also very much many more most less least
    one get got out off per via let lets make made need want like tell give show find say said says
""".split())
# Numbers spelt as words, with their values: a request that has one grounds that number in a call
# ("twelve times twelve" -> 12 * 12), and only that one ("Hamlet in two sentences" does not ground 10 + 5).
_SMALL = {w: i for i, w in enumerate("""zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen""".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_ALONE = {"dozen": 12.0, "half": 0.5, "quarter": 0.25, "twice": 2.0, "double": 2.0, "triple": 3.0}
_SPELT = re.compile(r"(?:(?:" + "|".join([*_SMALL, *_TENS, *_SCALES]) + r")(?:[\s-]+(?:and[\s-]+)?|\b))+(percent)?")
# Lengths of time: a model converts them ("an hour" -> duration 60), so they are not judged, as dates are not.
_LENGTH = frozenset("duration minutes hours seconds mins hrs secs".split())


# Dates and times: a model works them out from the clock line and "next week" (calendar list
# from=2030-01-01), so they are not expected in the user's words, and are not judged.
_WHEN = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}(?:[t ]\d{1,2}:\d{2}(?::\d{2})?)?|\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"|\b\d{1,2}\s*[ap]\.?m\b\.?|\b(?:today|tonight|tomorrow|yesterday|now|next|last|this|week|weekend|month|year|morning"
    r"|afternoon|evening|night|noon|midnight|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|(?:mon|tues|wednes|thurs|fri"
    r"|satur|sun)days?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b")


def _tokens(text: str, *, when: bool = True) -> set[str]:
    """The words (3+ letters, not common) and numbers of `text`; `when=False` leaves dates and times out."""
    out: set[str] = set()
    lowered = text.lower()
    for match in _WORD.finditer(lowered if when else _WHEN.sub(" ", lowered)):
        token = match.group()
        if token[0].isdigit():
            out.add(_number(token))
        elif token not in _COMMON:
            out.add(_stem(token))
    return out


def _words(text: str) -> set[str]:
    """The words of `text` as _tokens gives them, without its numbers."""
    return {w for w in _tokens(text) if not w[0].isdigit()}


def _stem(word: str) -> str:
    """A lowercase word without a plural's s: "notes" ~ "note"."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _spelt(text: str) -> set[str]:
    """The numbers `text` spells out, each as _number writes it: "two hundred and five" -> 205 (and
    its words' own values, 2, 100 and 5), "fifteen percent" -> 15 and 0.15, "a dozen" -> 12."""
    lowered = text.lower()
    out = {_number(repr(v)) for w, v in _ALONE.items() if re.search(rf"\b{w}\b", lowered)}
    for match in _SPELT.finditer(lowered):
        if match.start() and lowered[match.start() - 1].isalpha():
            continue  # inside a word ("often")
        total, current = 0, 0
        for word in re.findall(r"[a-z]+", match.group().removesuffix("percent")):
            if word in _SMALL or word in _TENS:
                worth = _SMALL.get(word, _TENS.get(word, 0))
                current += worth
                out.add(str(worth))
            elif word == "hundred":
                current = (current or 1) * 100
            elif word in _SCALES:
                total, current = total + (current or 1) * _SCALES[word], 0
            if word in _SCALES:
                out.add(str(_SCALES[word]))
        value = total + current
        out.add(str(value))
        if match.group(1):
            out.add(_number(repr(value / 100)))
    return out


def _number(token: str) -> str:
    """A number as one spelling: "18,240" and "18240", "250.0" and "250" are the same."""
    plain = token.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token) else token.replace(",", ".")
    try:
        value = float(plain)
    except ValueError:
        return plain
    return str(int(value)) if value.is_integer() else repr(value)


def _values(arguments: Any, schema: Any) -> Iterator[str]:
    """The argument values a user's words could hold: strings and numbers, not those an enum fixes."""
    spec = schema if isinstance(schema, Mapping) else {}
    if "enum" in spec or "const" in spec or isinstance(arguments, bool) or arguments is None:
        return
    if isinstance(arguments, Mapping):
        props = spec.get("properties", {})
        for key, value in arguments.items():
            if not _LENGTH.intersection(w.lower() for w in re.split(r"[\W_]+|(?<=[a-z])(?=[A-Z])", str(key))):
                yield from _values(value, props.get(key) if isinstance(props, Mapping) else None)
    elif isinstance(arguments, (list, tuple)):
        for value in arguments:
            yield from _values(value, spec.get("items"))
    elif isinstance(arguments, (int, float)):
        yield _number(repr(arguments))
    elif isinstance(arguments, str):
        yield arguments


def _chosen(arguments: Any, schema: Any) -> Iterator[str]:
    """The string values of a call that an enum of its schema fixes ("free" of calendar's actions)."""
    spec = schema if isinstance(schema, Mapping) else {}
    if isinstance(arguments, str) and ("enum" in spec or "const" in spec):
        yield arguments
    elif isinstance(arguments, Mapping):
        props = spec.get("properties", {})
        for key, value in arguments.items():
            yield from _chosen(value, props.get(key) if isinstance(props, Mapping) else None)


def grounded(arguments: Mapping[str, Any], said: str, parameters: Mapping[str, Any] | None = None, *,
             besides: Iterable[Mapping[str, Any]] = ()) -> bool:
    """Whether some argument of a call is in `said` (the conversation so far): a word of 3+ letters
    (not a common one) or a number, in digits or spelt out. True when the call has nothing to judge:
    no arguments, or only enum values, dates, times and lengths of time (worked out by the model, not
    written by the user); and when a value the schema's enum fixes is itself in `said` ("When am I
    free tomorrow?" grounds calendar's action "free", whatever else the model added to the call).

    `besides`: the arguments of the calls made already for this request. A further call must take
    something of `said` that those did not ("... and in Rome?" after get_weather(Paris)); the 0.5B,
    given calculate's result, called calculate again on it, and after search_notes' it made an event."""
    values = list(_values(arguments, parameters or {}))
    if not values:
        return True
    theirs = _tokens(" ".join(values), when=False)
    if not theirs:
        return True  # only dates, common words and short ones: nothing to tell by
    used = _tokens(" ".join(v for before in besides for v in _values(before, None)))
    ours = (_tokens(said) | _spelt(said)) - used
    return bool(theirs & ours) or bool(_tokens(" ".join(_chosen(arguments, parameters or {}))) & ours)


_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


def writes(name: str) -> bool:
    """Whether a client's function changes something, by its name's first word (`create_event`,
    `sendEmail`); a namespaced name counts its last part's too (`calendar.add`). Not by its
    description: descriptions open with anything ("Note: ...")."""
    firsts = [w.lower() for part in (name, re.split(r"[./:]", name)[-1]) for w in _NAME_WORDS.findall(part)[:1]]
    return any(is_change_verb(w) for w in firsts)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NAMED_DAY = re.compile(r"\b(?:(next|last|this)\s+)?(" + "|".join(_WEEKDAYS) + r")\b(?!s)")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?=$|[T ]\d{1,2}:\d{2})")


def weekday_dates(arguments: Mapping[str, Any], said: str, today: date) -> dict[str, Any]:
    """`arguments` with each ISO date that falls on another weekday than the one the user named moved to
    that weekday's next date (today when it is today; "next friday": a week on). A small model works
    dates out wrongly: the 1.5B, on Friday 4 December 2026, made "Saturday" 2026-12-06 and "Wednesday"
    2026-12-03. Left alone: a message naming no weekday or several, "last monday", "mondays"."""
    named = {(m.group(1) or "", m.group(2)) for m in _NAMED_DAY.finditer(said.lower())}
    if len({day for _, day in named}) != 1 or any(word == "last" for word, _ in named):
        return dict(arguments)
    word, day = next(iter(named))
    ahead = (_WEEKDAYS.index(day) - today.weekday()) % 7
    target = today + timedelta(days=ahead or (7 if word == "next" else 0))

    def fix(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        if not isinstance(value, str):
            return value
        match = _ISO_DAY.match(value.strip())
        if match is None:
            return value
        try:
            given = date(*(int(g) for g in match.groups()))
        except ValueError:
            return value
        if given.weekday() == target.weekday():
            return value
        return value.strip().replace(match.group(), target.isoformat(), 1)

    return {k: fix(v) for k, v in arguments.items()}


_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")  # "1,746", "3.5", "12"; "1,2,3" is three
_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+")  # a list item's bullet or number: not a claim
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_PIECE = re.compile(r"(?<=[.!?])\s+|\n+")  # a source's sentences and lines
_NAMED = re.compile(r"\b([^\W\d_]{3,})[ \t]+(" + _NUMBER.pattern + r")\b")  # "week 864", "room 12"
_LABELLED = re.compile(r"\s*(?:[-*•+]\s*)?[^:\n]{1,60}:\s*\S")  # "- Sales team: 599", "Design: 864"
_CLAUSE = re.compile(r"[,;]\s+|\s+and\s+")  # a list's items in a sentence ("Cedar: 1365 and Legal: 2478")


# A list item keyed by a one-digit number ("- 3: Configuration error", "**3**: …", "* `3` - …"), and such a
# digit standing alone in a source ("`3`", "3.", not "3.5", "v3" or "3rd").
_KEYED = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]+)?(?:\*\*|__|`)?(\d)(?:\*\*|__|`)?"
                    r"(?:[ \t]*:(?:\*\*)?|[ \t]+[-\u2013\u2014])[ \t]+(?=\S)", re.MULTILINE)
_DIGIT = re.compile(r"(?<![\w.,])\d(?![\w]|[.,]\d)")
# A list item keyed by a name in code or bold ("1. **dns.NODATA**: …", "- `'connectionAttempt'`: …", or the
# name alone: "- `zlib.constants.Z_OK`"); a key that reads as code: with "_", "." or "$", a capital after a
# small letter, or in capitals (not a plain word: "close"); and one that names a constant.
_NAME_KEY = re.compile(r"^[ \t]*(?:[-*\u2022][ \t]+|\d{1,2}[.)][ \t]+)?(?:\*\*|__|`)+'?([A-Za-z_$][\w$.]*?)(?:\(\))?'?"
                       r"(?:\*\*|__|`)+[ \t]*(?:\([^)\n]*\))?[ \t]*(?::|[ \t][-\u2013\u2014]|$)", re.MULTILINE)
_CODE_LIKE = re.compile(r"[_.$]|[a-z][A-Z]|^[A-Z][A-Z0-9]{2,}$")
_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]{2,}$")  # "ENOTFOUND", "ERR_INVALID_ARG_TYPE", "NODATA" (of "dns.NODATA")
_STEP = re.compile(r"^[ \t]*(\d)[.)][ \t]+(.*)$", re.MULTILINE)  # a numbered list's item, "2. Run it."


def unmarked(line: str) -> str:
    """`line` without its list marker ("- ", "2. ")."""
    return _MARKER.sub("", line, count=1)


def numbers(text: str) -> set[str]:
    """The numbers of two digits or more that `text` gives in digits, each in one spelling ("1,746" is 1746),
    and the digits that key its list items ("- 3: Internal JavaScript parse error": stated_numbers keeps such
    an item only where its source gives the digit beside a word of it, so it is a fact as "- Ivy: 8478" is)."""
    return {_number(n) for n in _NUMBER.findall(text) if len(n) > 1} | _keys(text)


def _keys(text: str) -> set[str]:
    """The digits, and the names of constants, that key `text`'s list items: "- 3: …", "- **dns.NODATA**: …"
    (as "NODATA", however it is prefixed).
    (Not every name in code: asked for a module's events, the 1.5B listed its methods as events, "-
    `socket.pause()`: Emitted when the socket is paused", each named in the part, so no check drops them.)"""
    return {m.group(1) for m in _KEYED.finditer(text)} | {name for m in _NAME_KEY.finditer(text)
                                                         if _CONSTANT.match(name := m.group(1).rsplit(".", 1)[-1])}


def _line(line: str) -> tuple[str, list[str]]:
    """A line's list marker ("- ", "2. ", or "") and its sentences."""
    marker = _MARKER.match(line)
    head = marker.group() if marker else ""
    return head, _SENTENCE.split(line[len(head):])


def _by_sentence(text: str, keep: Callable[[str], str], drop: set[int] | None = None) -> str:
    """`text` with each sentence (a list item is one) as `keep` leaves it ("": left out); a line left
    without sentences goes, a blank line stays. With `drop` (line indexes to leave out whole): so do those
    lines, and below each line that goes, those indented deeper (what a list item says of itself: "1.
    **EAI_AGAIN** (40)" then "   - The operation was interrupted ...")."""
    lines = text.split("\n")
    gone = set(drop or ())
    out: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in gone:
            continue
        head, said = _line(line)
        kept = [s for s in map(keep, said) if s]
        if kept or not line.strip():
            out[i] = head + " ".join(kept)
        else:
            gone.add(i)
    below = _with_nested(lines, gone) - gone if drop is not None else set()
    return "\n".join(out[i] for i in sorted(out) if i not in below)


def sentences(text: str) -> list[str]:
    """The sentences of `text`, line by line (a list item is one, without its bullet or number)."""
    return [s.strip() for line in text.split("\n") for s in _line(line.strip())[1] if s.strip()]


def unrepeated(texts: Sequence[str], share: float = 0.5, long: int = 6) -> list[str]:
    """`texts` without the sentences (a list item is one) that say again what a sentence before them, in
    the same text or an earlier one, said: the same words (3+ letters, not common), or for a sentence of
    `long` such words or more, at least `share` of the words of the two together; and no number that none
    before gave. Combining the notes of a 100k-token report's parts, the 1.5B was given
    "The report summarizes the progress of various teams in a company, including ..." in nearly every one,
    and copied them until its tokens ran out."""
    seen: list[set[str]] = []
    have: set[str] = set()

    def fresh(said: str) -> str:
        words, stated = _words(said), {_number(n) for n in _NUMBER.findall(said)}  # "Part 5" too
        if words and not stated - have and any(
                words == other or (min(len(words), len(other)) >= long
                                   and len(words & other) >= share * len(words | other)) for other in seen):
            return ""
        seen.append(words)
        have.update(stated)
        return said

    return [re.sub(r"\n\s*\n(?:\s*\n)+", "\n\n", _by_sentence(text, fresh)).strip() for text in texts]


def stated_numbers(text: str, source: str) -> tuple[str, list[str]]:
    """`text` without the sentences (a list item is one; of a list inside a sentence, the items) that give
    a number of two digits or more that `source` holds in no spelling ("1,746" is 1746; "twelve" is 12),
    or only in sentences that share no word with the item ("- research: 864" from "In week 864, the design
    team met."), or as one of a series it names with a word that the sentence leaves out ("- Sales: 599"
    where `source` says "week 599", "week 602", "week 604"), or that count: three numbers or more, each one
    more than the last ("Logistics: 136, 137, 138"; of one digit too, five or more, alone after the first:
    "Finance: 1, 2, 3, 4, 5"), which `source` does not list so itself; the list items keyed by a digit
    that `source` gives in no sentence beside a word of the item ("- 3: Configuration error"), or by a name
    in code that it never writes ("- **EAI_BADF**: …"), with the lines indented under them; and what was
    left out. For answers drawn from a source alone, as each part's of a long document is: a number there
    that the source lacks was made up; and asked for a 100k-token report's access codes, the 1.5B listed
    its week numbers under team names, or counted them ("Design: 201, 202, ..., 208", again for every
    team), which passed as codes and crowded the real ones out of the combined answer (134 such lines in
    76 parts' answers; 1 after these checks, the answers still keeping the 10 codes they found)."""
    known = {_number(m.group()) for m in _NUMBER.finditer(source)} | _spelt(source)

    near: dict[str, set[str]] = {}  # each number of the source: the words of the sentences (or lines) it is in
    digits: dict[str, set[str]] = {}  # each digit standing alone in the source: the same
    for piece in _PIECE.split(source):
        words = _words(piece)
        for n in numbers(piece):
            near.setdefault(n, set()).update(words)
        for d in set(_DIGIT.findall(piece)):
            digits.setdefault(d, set()).update(words)
    for step in _STEP.finditer(source):  # "2. Run it." (the sentences above split it after "2.")
        digits.setdefault(step.group(1), set()).update(_words(step.group(2)))
    numbered = _series(source)

    def unkeyed(line: str) -> bool:
        """Whether `line` is a list item keyed by a digit that no sentence of `source` gives beside a word of
        the item: "- 3: Configuration error" in the answer about a part that has no exit codes."""
        key = _KEYED.match(line)
        return key is not None and not digits.get(key.group(1), set()) & _words(line[key.end():])

    def misnamed(line: str) -> bool:
        """Whether `line` is a list item keyed by a name in code that `source` never writes: "1. **EAI_BADF**:
        The socket file descriptor is invalid." about a part of Node's dns.md that names no such error."""
        key = _NAME_KEY.match(line)
        if key is None or _CODE_LIKE.search(key.group(1)) is None:
            return False
        last = key.group(1).rsplit(".", 1)[-1]  # "zlib.Z_SYNC_FLUSH" of a source's zlib.constants.Z_SYNC_FLUSH
        return key.group(1) not in source and not (_CONSTANT.match(last) and last in source)

    def made_up(sentence: str) -> bool:
        return bool(numbers(sentence) - _keys(sentence) - known)  # (a key is judged by its line: unkeyed, misnamed)

    def elsewhere(clause: str, words: set[str]) -> bool:
        """Whether the clause gives a number that `source` writes only in sentences sharing none of `words`
        (its sentence's, or for an item without words, its owner's): "- research: 864" of a report's "In
        week 864, the design team met." A number only spelt out in `source` is not judged, nor an item's key
        (unkeyed, misnamed)."""
        return bool(words) and any(n in near and not near[n] & words for n in numbers(clause) - _keys(clause))

    def renamed(clause: str, words: set[str]) -> bool:
        """Whether the clause gives a number of a series `source` names with a word ("week 864", "week 865",
        "week 866": three numbers or more after it) in a sentence without that word: "- Sales: 864"; unless it
        is a sentence, not a "name: number" item, that shares two words or more with the sentences that number
        is in (told "The Alpha team met on day 1 and decided to buy 11 new chairs." and its like, "buy" read
        as a series' name, a part's right "The Alpha team bought 11 new chairs." was dropped)."""
        told = _LABELLED.match(clause) is None
        return any(n in numbered and not numbered[n] & words and not (told and len(near.get(n, set()) & words) >= 2)
                   for n in numbers(clause))

    def counted(clauses: list[str]) -> set[int]:
        """The clauses that hold a run of 3+ numbers (two digits or more), each one more than the last,
        that `source` does not write as a list of its own ("136, 137" or "136 and 137")."""
        values = [(i, int(n)) for i, c in enumerate(clauses) for n in _NUMBER.findall(c)
                  if len(n) > 1 and n.isdigit()]
        out: set[int] = set()
        start = 0
        for end in range(1, len(values) + 1):
            if end < len(values) and values[end][1] == values[end - 1][1] + 1:
                continue
            run = values[start:end]
            if len(run) >= 3 and not _listed(run[0][1], run[1][1], source):
                out.update(i for i, _ in run)
            start = end
        return out

    def counted_on(clauses: list[str]) -> set[int]:
        """The clauses of a run of five numbers or more (of any length) each one more than the last, where all
        but the first clause are the number alone, that `source` does not write as a list of its own:
        "finance team - 1", "2", ..., "9" (the 1.5B's answer about a report's first part)."""
        out: set[int] = set()
        i = 0
        while i < len(clauses):
            end = i
            tail = re.search(r"(\d+)\s*$", clauses[i])
            if tail is not None:
                value = int(tail.group(1))
                while end + 1 < len(clauses) and clauses[end + 1].strip() == str(value + 1):
                    end, value = end + 1, value + 1
                if end - i >= 4 and not _listed(int(tail.group(1)), int(tail.group(1)) + 1, source):
                    out.update(range(i, end + 1))
            i = end + 1
        return out

    dropped: list[str] = []

    def sentence(said: str) -> str:
        """The sentence; without it, if it gives a number made up, counted or of something else; or, if it
        lists several, without the items that do ("The codes are Cedar: 1365, Legal: 2478." keeps Cedar's;
        an item without words of its own, "145" of "Finance: 143, 145", goes with the one before)."""
        body = said.rstrip(".!?")
        clauses = _CLAUSE.split(body)
        run = counted(clauses) | counted_on(clauses)
        bad: list[bool] = []
        owner: tuple[set[str], bool] = (set(), False)  # the last clause with words of its own, and its verdict
        words = _words(said)
        for i, clause in enumerate(clauses):
            own = _words(clause)
            verdict = (i in run or made_up(clause) or elsewhere(clause, words if own else owner[0])
                       or renamed(clause, words))
            if own:
                owner = (own, verdict)
            bad.append(verdict or (not own and owner[1]))  # "Finance: 143, 145": 145 is Finance's too
        if not any(bad):
            return said
        kept = [c for c, b in zip(clauses, bad) if not b]
        if not any(_NUMBER.search(c) for c in kept):  # nothing it stated is left
            dropped.append(said.strip())
            return ""
        dropped.extend(c.strip() for c, b in zip(clauses, bad) if b)
        return ", ".join(kept) + said[len(body):]

    lines = text.split("\n")
    gone = _looped(lines, source) | {i for i, line in enumerate(lines) if unkeyed(line) or misnamed(line)}
    dropped.extend(lines[i].strip() for i in sorted(gone))
    return _by_sentence(text, sentence, gone).strip(), dropped


def _with_nested(lines: list[str], items: set[int]) -> set[int]:
    """`items` (indexes of list items in `lines`) and the lines below each that are indented deeper: what
    the item says ("1. **EAI_AGAIN**:" then "   - The operation was interrupted ...")."""
    out = set(items)
    for i in sorted(items):
        depth = len(lines[i]) - len(lines[i].lstrip())
        for j in range(i + 1, len(lines)):
            if not lines[j].strip():
                continue
            if len(lines[j]) - len(lines[j].lstrip()) <= depth:
                break
            out.add(j)
    return out


def _series(source: str) -> dict[str, set[str]]:
    """Each number of a series `source` names with a word (three numbers or more after it: "week 864",
    "week 865", "week 866"): its words, as _words gives them ("week" of 864)."""
    by_word: dict[str, set[str]] = {}
    for m in _NAMED.finditer(source):
        word = m.group(1).lower()
        if word not in _COMMON and len(m.group(2)) > 1:  # "this 12", "was 12": no series' name
            by_word.setdefault(_stem(word), set()).add(_number(m.group(2)))
    numbered: dict[str, set[str]] = {}
    for word, values in by_word.items():
        for value in values if len(values) >= 3 else ():
            numbered.setdefault(value, set()).add(word)
    return numbered


def of_series(text: str, source: str, asked: str) -> bool:
    """Whether each number (two digits or more) `text` gives is of a series `source` names with a word that
    `text` says and `asked` does not: "Week 101: Sales" (of a report's "In week 101, the sales team met.")
    as an answer to "List each project's access code". Asked that of a 100k-token report's parts, the 1.5B
    listed the weeks of the parts without a code, five at a time: 67 such lines beside 12 codes."""
    stated = numbers(text)
    if not stated:
        return False
    numbered, said, wanted = _series(source), _words(text), _words(asked)
    return all(numbered.get(n, set()) & (said - wanted) for n in stated)


def _listed(first: int, second: int, source: str) -> bool:
    """Whether `source` writes `first` and `second` as a list of its own: "136, 137", "136 and 137", "136-137"."""
    return re.search(rf"\b{first}\s*(?:,|and|to|-|–)\s*{second}\b", source) is not None


def counting(text: str, source: str, run: int = 6) -> bool:
    """Whether `text` ends counting: its last `run` numbers (two digits or more) each one more than the one
    before ("research: 874, 875, 876, …", or lines "- Week 167: …", "- Week 168: …"), which `source` does not
    list so itself. For an answer as it streams: a small model that starts counting goes on to its last
    token (69 of the 152 answers the 1.5B gave about a 100k-token report's parts counted; a sixth of all
    they wrote came after the count began), and stated_numbers drops what it counted."""
    return counted_from(text, source, run) is not None


def counted_from(text: str, source: str, run: int = 6) -> int | None:
    """Where the count that `text` ends in (`counting`) begins: the start of the line, or of the sentence on
    it, that gives its first number; None if it does not end counting. Cut there, the lines "- Week 80:
    Facilities team", …, "- Week 85" go, that stated_numbers keeps (each line is a week and its team, true
    of the source): the 1.5B wrote such runs in answer to a request for access codes, and they reached the
    list after a 100k-token report's answer."""
    def found(start: int) -> list[tuple[int, int]]:  # (where, value) of each number of two digits or more
        return [(m.start(), int(m.group())) for m in _NUMBER.finditer(text, start)
                if len(m.group()) > 1 and m.group().isdigit()]

    # Asked of a stream at every token with a digit: only its end is read, unless it counts.
    tail = [value for _, value in found(max(0, len(text) - 80 * run))[-run:]]
    if len(tail) < run or any(b != a + 1 for a, b in zip(tail, tail[1:])) or _listed(tail[0], tail[1], source):
        return None
    every = found(0)
    first = len(every) - run
    while first > 0 and every[first - 1][1] == every[first][1] - 1:
        first -= 1
    at = every[first][0]
    line = text.rfind("\n", 0, at) + 1
    return line + max((m.end() for m in re.finditer(r"[.!?]\s", text[line:at])), default=0)


def _looped(lines: list[str], source: str) -> set[int]:
    """The lines of a counting loop: three or more in a row that are the same but for their numbers, the
    first number of each (two digits or more) one more than the line before's ("- Week 167: Review
    completed", "- Week 168: Review completed", ...: 15 of them reached a 100k-token report's combined
    answer), unless `source` writes those numbers as close together as the lines do."""
    firsts: list[tuple[str, int] | None] = []
    for line in lines:
        body = unmarked(line)  # "10. Week 177": the list's own number is not the line's
        values = [n for n in _NUMBER.findall(body) if len(n) > 1 and n.isdigit()]
        shape = _NUMBER.sub("#", " ".join(body.split()).casefold())
        firsts.append((shape, int(values[0])) if values else None)
    out: set[int] = set()
    start = 0
    for end in range(1, len(lines) + 1):
        here, before = (firsts[end] if end < len(lines) else None), firsts[end - 1]
        if here is not None and before is not None and here[0] == before[0] and here[1] == before[1] + 1:
            continue
        if end - start >= 3:
            gap = 2 * max(len(lines[i]) for i in range(start, end))
            first, second = firsts[start], firsts[start + 1]  # a run: neither is None
            if first and second and not re.search(rf"\b{first[1]}\b\D{{0,{gap}}}\b{second[1]}\b", source):
                out.update(range(start, end))
        start = end
    return out


_DECIMAL = re.compile(r"(?<![\w.])-?\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?")


def gives_number(text: str, value: float) -> bool:
    """Whether `text` states `value`, as written or rounded to the digits it shows ("22.2" or "22" for 22.2222,
    "1,099,511,627,776"): what an answer must give after a tool worked the number out exactly."""
    for match in _DECIMAL.finditer(text.replace("\u2212", "-")):
        raw = re.sub(r"[,\u202f\u00a0]", "", match.group())
        decimals = len(raw.partition(".")[2])
        if abs(float(raw) - value) <= 0.5 * 10.0 ** -decimals + 1e-9 * abs(value):
            return True
    return False
