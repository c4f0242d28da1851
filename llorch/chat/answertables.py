"""What an answer must give of a table's or a list's rows: a value or the row it is in, a tie's every row, each
group's value beside its name, a log's messages, the most common word and the most common letters.

answercheck.py's `_exact_values` sends the table tool's results here (`table_values`, by group or not), a list's
longest or shortest duration (`listed_extreme`) and the count tool's messages, words and letters (`message_forms`,
`word_forms`, `letter_values`). They live apart from its dispatch by tool because each names rows as an answer may
write them ("Ben" for "Ben Smith", "February" for "Feb", a log message without its level).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from llorch.chat.answerforms import day_forms
from llorch.chat.expect import Checked, Expect
from llorch.tools.letterfreq import letter_kind
from llorch.tools.listitems import fold

__all__ = ["MESSAGE_EDGE", "TIED_NAMED", "letter_forms", "letter_values", "listed_extreme", "message_forms",
           "table_values", "word_forms"]


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
# it ("the letter i", "and s"): never a bare letter alone, as "I" and "a" are words in any answer
_AFTER = ("appears", "appear", "occurs", "occur", "comes", "shows", "is", "are", "and", "each", "both", "with", "at",
          "once", "twice", "thrice", "(", "-", "–", "—", "=", "→", "|")
_BEFORE = ("letter", "letters", "character", "characters", "and", "is", "are", "both", "or")
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


def letter_values(data: Mapping[str, Any]) -> Checked | None:
    """What an answer must give of the count tool's most (or least) common letters, or each letter's count
    (letterfreq.py): every letter named, a tie's every one (told "i" and "s" come 4 times each in "mississippi",
    the 1.5B said "m"), and its count beside it where the answer gives a number there; nothing past a few. None
    for another count's result."""
    kind = letter_kind(str(data.get("what", "")))
    if kind is None:
        return None
    each, named, times = data.get("each"), data.get(kind[0]), data.get("times")
    if kind[0] == "each":
        if not isinstance(each, Mapping) or not 0 < len(each) <= _EACH_CHECKED \
                or not all(isinstance(k, int) for k in each.values()):
            return ()
        return Expect("all", tuple(float(k) for k in each.values()),
                      tuple(letter_forms(str(c), k) for c, k in each.items()))
    if not isinstance(named, list) or not 0 < len(named) <= TIED_NAMED or not isinstance(times, int):
        return ()
    return Expect("all", tuple(float(times) for _ in named), tuple(letter_forms(str(c)) for c in named))
