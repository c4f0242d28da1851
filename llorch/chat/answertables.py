"""What an answer must give of a table's or a list's rows: a value or the row it is in, a tie's every row, each
group's value beside its name, a log's messages, the most common word and the most common letters.

answercheck.py's `_exact_values` sends the table tool's results here (`table_values`, by group or not), a list's
longest or shortest duration (`listed_extreme`) and the count tool's messages, words and letters (`message_forms`,
`word_forms`, `letter_values`; an answer is read for the letters by `letter_fault`). They live apart from its
dispatch by tool because each names rows as an answer may write them ("Ben" for "Ben Smith", "February" for "Feb", a
log message without its level).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex

from llorch.chat.answerforms import SMALL_NUMBERS, day_forms
from llorch.chat.expect import Checked, Expect
from llorch.tools.letterfreq import letter_kind, letter_of
from llorch.tools.listitems import fold

__all__ = ["MESSAGE_EDGE", "TIED_NAMED", "LetterCheck", "letter_fault", "letter_forms", "letter_values",
           "listed_extreme", "message_forms", "table_values", "word_forms"]


TIED_NAMED = 5  # the most rows a tie is checked for by name (past it, an answer may fairly say "six rows tie")
_WHO_ASKED = re.compile(r"\b(?:who|whom|whose|which)\b", re.IGNORECASE)


# A month's or a weekday's short name, and the whole name an answer gives for it (told Tue and Wed tie, the 1.5B
# answered "Tuesday"; told Feb and Apr, "February")
_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SHORT_NAMES = {name[:3].casefold(): name for name in _NAMES} | {"sept": "September", "tues": "Tuesday",
                                                                  "thur": "Thursday", "thurs": "Thursday"}


def _label_forms(label: str) -> tuple[str, ...]:
    """A row's name as an answer may give it: as written, its first word ("Ben" for "Ben Smith", "Widget" for
    "Widget (large)"), without accents ("Jose"), a date's day ("January 3" for 2026-01-03), a month's or weekday's
    whole name ("February" for "Feb")."""
    first = re.match(r"[^\W\d_][\w'’-]+", label)
    try:
        dated = day_forms(date.fromisoformat(label)) if re.fullmatch(r"\d{4}-\d\d-\d\d", label) else ()
    except ValueError:
        dated = ()
    whole = _SHORT_NAMES.get(label.strip().rstrip(".").casefold())
    return tuple(dict.fromkeys((label, *((first.group(),) if first else ()), fold(label), *dated,
                                *((whole,) if whole else ()))))


def table_values(data: Mapping[str, Any], asked: str = "") -> Checked:
    """What an answer must give of the table tool's result: the total, average or number of rows; the largest or
    smallest value or the row's name (piped `ps aux`, the 1.5B named python train.py at 4.2 %MEM, not slack at 18.7);
    the most common value."""
    result = data.get("result")
    groups = data.get("groups")
    ranked = data.get("ranked")
    if data.get("rank") and isinstance(ranked, list) and ranked:  # the group asked for ("the lowest total": the
        groups = tuple((str(group),) for group in ranked)  # 1.5B named the highest), a tie's every one
        return Expect("all", groups) if 1 < len(groups) <= TIED_NAMED else groups[0]
    if data.get("by") and isinstance(groups, list):  # each group's, beside its name, in any order
        return _group_values(groups)
    if data.get("action") == "range" and re.search(r"\brange\b", asked, re.IGNORECASE):
        return ()  # ("What is the range of prices?": the difference, or "from $2.95 to $6.10", either answers it)
    labels = data.get("labels")
    if data.get("action") == "sort" and isinstance(labels, list):  # the rows' names in the sorted order (the 1.5B
        named = [str(label) for label in labels[:10]]  # put liam, 23, before adam, 29, oldest first)
        return Expect("in_order", tuple(named)) if len(set(n.casefold() for n in named)) == len(named) > 1 else ()
    if data.get("also_forms"):  # asked for by name ("… and on which date?"): the 1.5B gave today's date instead
        return tuple(str(v) for v in data["also_forms"])
    if data.get("action") in ("max", "min"):
        labels = tuple(str(label) for label in data.get("labels") or ())
        if 1 < len(labels) <= TIED_NAMED and len({label.casefold() for label in labels}) == len(labels) \
                and _WHO_ASKED.search(asked):  # a tie asked who: every row in it (the 1.5B named the first alone);
            return Expect("all", tuple(_label_forms(label) for label in labels))  # asked the value, the value
        return (*((float(result),) if isinstance(result, (int, float)) else ()), *labels[:1])
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return (float(result),)
    return (result,) if isinstance(result, str) and result else ()


def listed_extreme(data: Mapping[str, Any], said: tuple[float | str, ...], asked: str) -> Checked:
    """What an answer must give of a list's longest or shortest duration: the duration (`said`) or its line's label
    ("Which lap was fastest?": "Lap 2 was the fastest."); where lines tie, asked which, every one's label ("Lap 2
    and Lap 3")."""
    labels = [str(label) for label in data.get("labels") or ()]
    if len(labels) != len(data.get("lines") or ()) or len({label.casefold() for label in labels}) != len(labels):
        return said  # (a line with no label, or two alike: the duration alone)
    if len(labels) == 1:
        return (*said, labels[0])
    if len(labels) > TIED_NAMED or not re.search(r"\bwhich\b", asked, re.IGNORECASE):
        return said  # ("What's my fastest lap?" of a tie: 1:28 is the whole answer)
    return Expect("all", tuple(labels))  # (a bare "2" for "Lap 2" passed on the 2 of any "2:03")


MESSAGE_EDGE = " .!?:;,"


def message_forms(key: str) -> tuple[str, ...]:
    """A log message as an answer may name it: as keyed ("ERROR disk full", of every level), without its level,
    its "[db]" prefix or its end's punctuation ("Disk full!"), or by its first words where it is long (the tool's
    text clips it)."""
    forms = [key]
    for form in list(forms):
        forms.append(re.sub(r"^[A-Z]{3,8}\s+", "", form))  # (the level, as logtally keys every level's)
    for form in list(forms):
        forms.append(re.sub(r"^\[[^\]]{1,40}\]\s*", "", form))
    forms += [form.strip(MESSAGE_EDGE) for form in forms]
    words = forms[-1].split()
    if len(words) > 6:
        forms.append(" ".join(words[:4]))
    return tuple(dict.fromkeys(form for form in forms if form))


def word_forms(word: str) -> tuple[str, ...]:
    """A word an answer names as the most common: quoted or said to be it, as a bare "the" is in every answer."""
    return tuple(form for said in dict.fromkeys((word, word.replace("'", "’"))) for form in (
        f'"{said}"', f"“{said}”", f"'{said}'", f"‘{said}’", f"**{said}**", f"`{said}`", f"{said} appears",
        f"{said} occurs", f"{said} comes", f"{said} is used", f"{said},", f"{said} ("))


def _group_values(groups: list[Any], most: int = 10) -> Checked:
    """Each group's number of a table tool's result `by` a column, named by the group ("Eng 203,000; Sales 119,000;
    Ops 72,000"; the 1.5B said fuel 129.40 for 119.40); nothing to check past `most` groups, or where one has no
    number."""
    kept = [g for g in groups if isinstance(g, Mapping)]
    values = [v for g in kept if isinstance(v := g.get("result"), (int, float)) and not isinstance(v, bool)]
    names = [str(g.get("group", "")) for g in kept]
    if not values or len(values) != len(groups) or len(values) > most or len(set(names)) != len(names) \
            or not all(names):
        return ()
    return Expect("in_order", tuple(float(v) for v in values), tuple((name,) for name in names))


# What follows a letter an answer names ("i and s", "s, 4 times", "i appears", "b: 1", "4 i's"), and what comes before
# it ("the letter i", "and s"): never a bare letter alone, as "I" and "a" are words in any answer. These forms are
# the check's names for the letters (its hint says the first); `letter_fault` reads an answer for them.
_AFTER = ("appears", "appear", "occurs", "occur", "comes", "shows", "is", "are", "and", "each", "both", "with", "at",
          "once", "twice", "thrice", "(", "-", "–", "—", "=", "→", "|", "&")
_BEFORE = ("letter", "letters", "character", "characters", "and", "is", "are", "both", "or", "&")
_EACH_CHECKED = 12  # the most letters each letter's count is checked for


def letter_forms(letter: str, times: int | None = None) -> tuple[str, ...]:
    """A letter (or character) as an answer names it: quoted, in bold or a table's cell, or beside a word or sign
    that says it is one (above); with `times`, beside its count too ("a 3"). "and a", "is a" say nothing of "a"."""
    forms = [f"“{letter}”", f'"{letter}"', f"'{letter}'", f"‘{letter}’", f"**{letter}**", f"`{letter}`",
             f"*{letter}*", f"| {letter} |"]
    if not letter.isalnum():
        return tuple(forms)  # (a comma beside a word is no comma named)
    forms += [f"{letter} {word}" for word in _AFTER]
    forms += [f"{letter}{sign}" for sign in (",", ":", ";", "=", ".", "'s", "’s")]
    forms += [f"{word} {letter}" for word in _BEFORE if letter != "a" or word.startswith(("letter", "character"))]
    return tuple(forms + ([f"{letter} {times}"] if times is not None else []))


@dataclass(frozen=True)
class LetterCheck(Expect):
    """What an answer must give of the count tool's most (or least) common letters or each letter's count, read by
    `letter_fault`: each letter of `counts` named, and its count where a number is beside it; a letter called the
    most (or least) common, one of `leaders` ("most" or "least", and the letters that are); no other letter given
    `top`, the most (or least) common ones' count. `values` and `labels` are an "all" check's (each count, each
    letter's forms), which recheck.py's hint reads. `unit` is "letters" or "characters"."""

    unit: str = "letters"
    counts: tuple[tuple[str, int], ...] = ()
    leaders: tuple[tuple[str, tuple[str, ...]], ...] = ()
    top: int | None = None


def letter_values(data: Mapping[str, Any]) -> Checked | None:
    """What an answer must give of the count tool's most (or least) common letters, or each letter's count
    (letterfreq.py): every letter named, a tie's every one (told "i" and "s" come 4 times each in "mississippi",
    the 1.5B said "m"), and its count beside it where the answer gives a number there; nothing past a few. None
    for another count's result."""
    kind = letter_kind(str(data.get("what", "")))
    if kind is None:
        return None
    stat, unit = kind
    each, named, times = data.get("each"), data.get(stat), data.get("times")
    if stat == "each":
        if not isinstance(each, Mapping) or not 0 < len(each) <= _EACH_CHECKED \
                or not all(isinstance(k, int) for k in each.values()):
            return ()
        counts = tuple((str(c), k) for c, k in each.items())
        ends = (("most", max(each.values())), ("least", min(each.values())))
        leaders = tuple((end, tuple(c for c, k in counts if k == top)) for end, top in ends)
        return LetterCheck("all", tuple(float(k) for _, k in counts), tuple(letter_forms(c, k) for c, k in counts),
                           unit=unit, counts=counts, leaders=leaders)
    if not isinstance(named, list) or not 0 < len(named) <= TIED_NAMED or not isinstance(times, int):
        return ()
    letters = tuple(str(c) for c in named)
    return LetterCheck("all", tuple(float(times) for _ in letters), tuple(letter_forms(c) for c in letters),
                       unit=unit, counts=tuple((c, times) for c in letters), leaders=((stat, letters),), top=times)


# A letter an answer names, in one pass: quoted or in bold ("'i'", "**s**"), a sign alone in a table's cell ("| , |"),
# after "letter" ("the letter m"), or bare where what follows says it is a letter ("i and s", "a: 3", "a=3", "b x1",
# "M (once)", "i's", "| i      |", a whole answer "m"). A bare "I think" or "a tie" names none; nor "i.e." or "it's".
_FOLLOWS = (r"appears?|appearing|appeared|occurs?|occurring|occurred|comes?|shows?|repeats?|repeated|is|are|and|or|"
            r"each|both|with|at|in|once|twice|thrice|times?|tie[ds]?|tying|has|have|had|respectively")
_MENTION = re.compile(
    r"(?<!\w)(?P<open>[“\"'‘`])(?P<q>[^\s“”\"'‘’`*|]{1,12})(?P<close>[”\"'’`])"
    r"|(?P<stars>\*\*?)(?P<sq>[^\s*]{1,12})(?P=stars)"
    r"|(?<=\|)[ \t]*(?P<cell>[^\w\s|])[ \t]*(?=\|)"
    r"|\b(?:letters?|characters?|chars?)[ \t]+(?P<s>[^\W\d_])(?!\w|\.\w)"
    r"|(?<![\w'’.])(?P<b>[^\W\d_])(?=[ \t]*(?:[,;:!?(|&=→]|\.(?!\w)|[-–—](?=\s|\d)|×[ \t]*\d|\n|$)"
    r"|['’]s\b|[ \t]+(?:x[ \t]?\d|\d|(?:" + _FOLLOWS + r")\b))",
    re.IGNORECASE)
_PAIRS = {"“": "”\"", '"': "\"”", "'": "'’", "‘": "’'", "`": "`"}
_SPELT = {"once": 1, "twice": 2, "thrice": 3} | {word: n for n, word in enumerate(SMALL_NUMBERS)}
# A count an answer gives ("4", "x3", "twice"), not a share or a total ("36%", "its 11 letters")
_SAID = re.compile(r"(?:(?:(?<=[x×])|(?<![\w.]))(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]*[\w%])|\b(?:"
                   + "|".join(_SPELT) + r")\b)(?!\s*(?:%|percent|(?:letters?|characters?|chars?)\b))", re.IGNORECASE)
_LISTED = re.compile(r"(?:\s*(?:,|&|/|\band\b|\bor\b)\s*)+|\s+", re.IGNORECASE)  # between letters named together
_EACH_SAID = re.compile(r"\b(?:each|both|apiece|all)\b", re.IGNORECASE)
_PLURAL = re.compile(r"['’]s\b")
_BEFORE_PLURAL = re.compile(r"(?:(?<![\w.])\d+|\b(?:" + "|".join(_SPELT) + r"))[ \t]+$", re.IGNORECASE)  # "4 i's"
# An answer calling a letter the most or least common: "The most common letter in 'banana' is a", "… letters are i
# and s" (the first named after it), and "n is the most common", "i and s appear most often" (those before it)
_HOW = r"(?P<how>most|least|fewest|commonest|rarest)"
_CALLED_AFTER = re.compile(
    r"\b" + _HOW + r"(?:\s+(?:common(?:ly\s+used)?|frequent(?:ly\s+used)?|often(?:\s+used)?|used|repeated|"
    r"frequently))?(?:\s+(?:letters?|characters?|chars?))?(?:\s+(?:in|of)\s[^.!?\n]{0,60}?)?\s*(?:\bis|\bare|\bwas|"
    r"\bwere|\bwould\s+be|:|=)\s", re.IGNORECASE)
_CALLED_BEFORE = re.compile(
    r"\s+(?:is|are|was|were|appears?|appeared|occurs?|occurred|comes?\s+up|shows?\s+up|(?:is|are)\s+used|repeats?)"
    r"\s+(?:the\s+)?" + _HOW + r"\b", re.IGNORECASE)
_NOT_SAID = re.compile(r"\bnot\b|n['’]t\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.!?](?:\s|$)|\n")


def _how(said: str) -> str:
    return {"fewest": "least", "commonest": "most", "rarest": "least"}.get(said.lower(), said.lower())


def _mentions(text: str, unit: str) -> list[tuple[int, int, str]]:
    """Where `text` names a letter (or, `unit` "characters", a character): its start, end and letter as the count
    tool counts it ("A" is "a"), in order."""
    found: list[tuple[int, int, str]] = []
    for m in _MENTION.finditer(text):
        said = m.group("q") or m.group("sq") or m.group("cell") or m.group("s") or m.group("b") or ""
        if m.group("q") and m.group("close") not in _PAIRS[m.group("open")]:
            continue
        if len(said) > 1 and (unit == "letters" or regex.fullmatch(r"\X", said) is None):
            continue  # ("'mississippi'" names a word; "'👍🏽'" one character)
        letter = letter_of(said, unit)
        if unit == "letters" and not letter.isalpha():
            continue
        if m.group("b") in ("a", "A") and re.match(r"[ \t]+ties?\b", text[m.end():m.end() + 8]):
            continue  # ("a tie": "i and s tie" names them)
        if letter == "x" and found and text[found[-1][1]:m.start()].isspace() and m.group("b") \
                and re.match(r"[ \t]*\d", text[m.end():m.end() + 8]):
            continue  # (the "x" of "b x 1")
        found.append((m.start(), m.end(), letter))
    return found


def _numbers(said: str) -> list[float]:
    return [float(_SPELT[n.lower()]) if n.lower() in _SPELT else float(n.replace(",", "")) for n in
            (m.group() for m in _SAID.finditer(said))]


def _counts_said(text: str, mentions: list[tuple[int, int, str]]) -> list[tuple[str, list[float]]]:
    """Each letter named and the counts the answer may be giving it: the number just before a plural ("4 i's"),
    else those after it up to the next letter named; letters named together ("i and s", "i, s") share what follows
    the last ("4 times each"; "3 and 2 times", one each in turn). A letter's numbers are its first and last, or one."""
    said: list[tuple[str, list[float]]] = []
    at = 0
    while at < len(mentions):
        last = at
        while last + 1 < len(mentions) and _LISTED.fullmatch(text[mentions[last][1]:mentions[last + 1][0]]):
            last += 1
        group = mentions[at:last + 1]
        stop = mentions[last + 1][0] if last + 1 < len(mentions) else len(text)
        stretch = text[group[-1][1]:stop]
        numbers = _numbers(stretch)
        shared = numbers[:1] if len(group) > 1 and _EACH_SAID.search(stretch) else numbers[:1] + numbers[-1:]
        for i, (start, end, letter) in enumerate(group):
            before = _BEFORE_PLURAL.search(text, max(0, start - 12), start) if _PLURAL.match(text, end) else None
            if before is not None:
                said.append((letter, _numbers(before.group())))
            elif len(group) > 1 and len(numbers) == len(group) and not _EACH_SAID.search(stretch):
                said.append((letter, numbers[i:i + 1]))
            else:
                said.append((letter, shared))
        at = last + 1
    return said


def _called(text: str, mentions: list[tuple[int, int, str]], leaders: Mapping[str, tuple[str, ...]]) -> \
        tuple[str, str] | None:
    """A letter the answer calls the most (or least) common that is none of `leaders`' (by "most" or "least"), and
    which it is called; None where it calls none so, or only right ones."""
    starts = [start for start, _, _ in mentions]
    for m in _CALLED_AFTER.finditer(text):
        how = _how(m.group("how"))
        at = bisect.bisect_left(starts, m.end())
        if how not in leaders or at == len(mentions):
            continue
        between = text[m.end():mentions[at][0]]
        if _CLAUSE_END.search(between) or _NOT_SAID.search(between) or len(between) > 40:
            continue
        if mentions[at][2] not in leaders[how]:
            return mentions[at][2], how
    first = 0
    for i, (_, end, _) in enumerate(mentions):
        if i + 1 < len(mentions) and _LISTED.fullmatch(text[end:mentions[i + 1][0]]):
            continue  # (a list goes on)
        called = _CALLED_BEFORE.match(text, end)
        if called is not None and _how(called.group("how")) in leaders:
            how = _how(called.group("how"))
            wrong = [letter for _, _, letter in mentions[first:i + 1] if letter not in leaders[how]]
            if wrong:
                return wrong[0], how
        first = i + 1
    return None


def letter_fault(answer: str, want: LetterCheck, tool: str, result: str) -> str | None:
    """A line for the user where `answer` does not give `want`'s letters (answercheck.fault's for them), or None:
    a letter left out, another called the most (or least) common ("The most common letter is m, followed by i and
    s."), a count beside a letter not its own ("i and s appear 5 times each"), or another letter given the most
    common ones' count ("m, i, s: 4 times each"). The answer is read once, whatever its length."""
    text = unicodedata.normalize("NFC", answer)
    mentions = _mentions(text, want.unit)
    named = {letter for _, _, letter in mentions}
    missing = [f"“{letter}”" for letter, _ in want.counts if letter not in named]
    if missing:
        return f"the answer leaves out {', '.join(missing)}, and the {tool} tool's result holds them all: {result}"
    called = _called(text, mentions, dict(want.leaders))
    one = want.unit[:-1]
    if called is not None:
        return (f"the answer calls “{called[0]}” the {called[1]} common {one}, and the {tool} tool's result does "
                f"not: {result}")
    counts, said = dict(want.counts), _counts_said(text, mentions)
    given = {letter: [n for each, numbers in said if each == letter for n in numbers] for letter in counts}
    if any(numbers and counts[letter] not in numbers for letter, numbers in given.items()):
        # (a letter named twice is right where either gives its count, as by_label reads a label)
        return f"the answer does not give what the {tool} tool counted beside each: {result}"
    extra = next((letter for letter, numbers in said if letter not in counts and want.top is not None
                  and numbers[:1] == [want.top]), None)
    if extra is not None:
        return (f"the answer gives “{extra}” the {want.leaders[0][0]} common {one}s' count too, and the {tool} "
                f"tool's result does not: {result}")
    return None
