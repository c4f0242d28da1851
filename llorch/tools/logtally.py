"""A log's lines of one level grouped by their message and counted: `cat app.log | llorch run "How many times does
each error message appear in this log?"`.

Asked that of "ERROR disk full / INFO started / ERROR timeout / ERROR disk full / WARN slow / ERROR disk full", the
1.5B said "The log contains 5 error messages and 1 warning message." It has 4 ERROR lines: "disk full" 3 times,
"timeout" once. `log_messages_asked` recognises a question that asks how often each message of a level comes ("How
many times does each error message appear?", "Count the errors by message", "How many times does each warning
occur?"; "each message" or "each line": every line with a level), which comes most often ("Which error appears most
often?", "What's the most common error?") or how many different ones there are ("How many distinct errors are
there?"), as the count tool's `what` ("error messages by count", "most common error message", "distinct error
messages"); `log_messages` counts them, most common first, a tie said as a tie, never broken.

A line's level and message are read from the common shapes: "ERROR disk full", "[ERROR] disk full", "ERROR: disk
full", a timestamp before it (logtimes.stamp_of: "2026-12-07 10:00:01 ERROR disk full", "[10:00:01] [error] …"),
Python logging's "ERROR:root:disk full" and "2026-12-07 10:00:01,123 - app - ERROR - disk full", log4j's "… ERROR
[main] com.example.App - disk full", syslog's "Dec  7 10:00:01 host app[42]: ERROR …", logfmt ("level=error
msg=\"disk full\""), JSON lines ({"level": "error", "msg": "disk full"}), and a one-letter level only with a time
after it ("E 10:00 disk full": a bare "I" or "A" opening a line is a word). A bare level word is in capitals, or
followed by a colon ("Error: disk full"); in brackets, any case. The message is the rest of the line after the level,
its timestamp and logger taken off, compared exactly as written: "timeout after 30s" and "timeout after 31s" are
two messages (the answer says so where messages differ only in their numbers): grouping them would be a guess at
what a number means. An "error" is a line of level ERROR (ERR, E); CRITICAL and FATAL lines are their own levels, and
the answer says how many lines each level has. Left to the model: a text where fewer than half the non-empty lines
have a level (a stack trace, prose), and "How many unique lines?" (count.py's exact lines).

A level's first or last line and its time, and its share of the lines, are read the same way: asked "At what time did
the first error happen?" of a log whose first ERROR came at 08:02:40, the 1.5B said 08:01:15 (a WARN line); asked
"What percentage of the lines are errors?" of 3 ERROR lines in 7, it said 22.22% (42.86%). `what` "first error line"
(or "last"), "percentage of error lines". Asked when, a log goes to the tool only where every line with a level opens
with a timestamp, of one kind, in order (logtimes.py's); asked what share, only where every non-empty line has a
level (else "the lines" may be the log's entries or all its lines). Asked of errors, a log with CRITICAL or FATAL
lines stays the model's: whether those are errors is the asker's to say.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, and_joined, clipped
from llorch.tools.logtimes import in_order, stamp_of

__all__ = ["Kind", "LogLine", "leveled_lines", "log_messages", "log_messages_asked", "message_kind"]

_MAX_LOG = 1_000_000  # characters
_MAX_LINES = 50_000
_MAX_LINE = 8_000  # (a longer line is not read for a level)
_LISTED = 12  # messages named in an answer; the rest are counted
_CLIP = 80  # characters of a message shown

# A level as logs write it, to the name it is asked by
_LEVELS = {"error": "error", "err": "error", "warning": "warning", "warn": "warning", "info": "info",
           "information": "info", "debug": "debug", "trace": "trace", "notice": "notice", "critical": "critical",
           "crit": "critical", "fatal": "fatal", "severe": "severe", "alert": "alert", "emerg": "emergency",
           "emergency": "emergency", "panic": "panic"}
_LETTERS = {"E": "error", "W": "warning", "I": "info", "D": "debug", "F": "fatal"}
_WORDS = "|".join(sorted(_LEVELS, key=len, reverse=True))  # (longest first: "information" before "info")


@dataclass(frozen=True)
class LogLine:
    """A log line read: its number in the text, its level's name ("error"), the level as written (in capitals:
    "WARN") and its message."""

    number: int
    level: str
    label: str
    message: str


# --- reading a line ----------------------------------------------------------------------------------------------

# After the timestamp: Python's " - app - ", log4j's "[main] ", then the level, bare or in brackets, then what parts
# it from the message (Python's ":root:" logger, a colon, a dash, a bar, spaces)
_HEAD = re.compile(
    r"[ \t]*(?:[-|][ \t]+)?(?:[\w.\-]+[ \t]+-[ \t]+)?(?:\[[^\]\n]{1,60}\][ \t]+)?"
    r"(?:\[(?P<inside>" + _WORDS + r")\]|<(?P<angled>" + _WORDS + r")>|(?P<bare>" + _WORDS + r"))"
    r"(?P<sep>:[\w.\-]+:|[ \t]*[:|\-][ \t]*|[ \t]+|$)", re.IGNORECASE)
_LETTER = re.compile(r"[ \t]*(?P<letter>[" + "".join(_LETTERS) + r"])[ \t]+")
_SYSLOG = re.compile(r"[ \t]*[\w.\-]+[ \t]+[\w./\-]+(?:\[\d+\])?:[ \t]+")  # "host app[42]: "
# log4j's "[main] com.example.App - " after the level: a dotted logger only ("timeout - retrying" is a message)
_LOGGER = re.compile(r"(?:\[[^\]\n]{1,60}\][ \t]+)?[\w$]+(?:\.[\w$]+)+[ \t]+-[ \t]+")
_PAIR = re.compile(r"(?<!\S)(?P<key>[A-Za-z_][\w.\-]*)=(?P<value>\"(?:[^\"\\\n]|\\.)*\"|[^\s\"]*)")
_LEVEL_KEYS = ("level", "lvl", "severity", "levelname", "log.level")
_MESSAGE_KEYS = ("msg", "message")


def _read_line(number: int, line: str) -> LogLine | None:
    """`line`'s level and message, or None where it has no level in a shape this module reads."""
    if len(line) > _MAX_LINE or not line.strip():
        return None
    stripped = line.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        return _json_line(number, stripped)
    stamped = stamp_of(line)
    rest = stamped[1] if stamped is not None else line
    if re.match(r"[ \t]*[A-Za-z_][\w.\-]*=", rest):
        return _logfmt_line(number, rest)
    if stamped is not None and stamped[0].kind == "syslog":
        header = _SYSLOG.match(rest)
        rest = rest[header.end():] if header is not None and _HEAD.match(rest) is None else rest
    head = _HEAD.match(rest)
    if head is None:
        letter = _LETTER.match(line)  # ("E 10:00 disk full": a letter, then a time)
        after = stamp_of(line[letter.end():]) if letter is not None and stamped is None else None
        if letter is None or after is None:
            return None
        level = _LETTERS[letter.group("letter")]
        return LogLine(number, level, level.upper(), after[1].strip())
    written = head.group("inside") or head.group("angled") or head.group("bare")
    if head.group("bare") and not written.isupper() and ":" not in head.group("sep"):
        return None  # ("Info about the trip": a word, not a level)
    message = rest[head.end():]
    if stamped is None and (after := stamp_of(message)) is not None:  # ("[ERROR] [10:00:01] disk full")
        message = after[1]
    logger = _LOGGER.match(message.lstrip())
    message = message.lstrip()[logger.end():] if logger is not None else message
    return LogLine(number, _LEVELS[written.lower()], written.upper(), message.strip())


def _logfmt_line(number: int, rest: str) -> LogLine | None:
    """A logfmt line's level and message ("level=error msg=\"disk full\""); without a msg, its other pairs as
    written."""
    pairs = {m.group("key").lower(): m for m in _PAIR.finditer(rest)}
    level = next((pairs[k] for k in _LEVEL_KEYS if k in pairs), None)
    written = _logfmt_value(level.group("value")) if level is not None else ""
    if level is None or written.lower() not in _LEVELS:
        return None
    said = next((pairs[k] for k in _MESSAGE_KEYS if k in pairs), None)
    message = _logfmt_value(said.group("value")) if said is not None else \
        (rest[:level.start()] + rest[level.end():]).strip()
    return LogLine(number, _LEVELS[written.lower()], written.upper(), message.strip())


def _logfmt_value(value: str) -> str:
    """A logfmt value as meant: "said \\"no\\"" (quoted, its quotes escaped) is said "no"."""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _json_line(number: int, line: str) -> LogLine | None:
    """A JSON log line's level and message ({"level": "error", "msg": "disk full"})."""
    try:
        read = json.loads(line)
    except (ValueError, RecursionError):  # (a line nested 3,000 deep)
        return None
    if not isinstance(read, dict):
        return None
    level = next((read[k] for k in _LEVEL_KEYS if isinstance(read.get(k), str)), "")
    message = next((read[k] for k in _MESSAGE_KEYS if isinstance(read.get(k), str)), None)
    if level.lower() not in _LEVELS or message is None:
        return None
    return LogLine(number, _LEVELS[level.lower()], level.upper(), message.strip())


def leveled_lines(text: str) -> tuple[list[LogLine], int] | None:
    """The lines of `text` that have a level, read, and how many non-empty lines have none; None where it is too
    long, or fewer than half its non-empty lines have a level (a stack trace or prose, not a log to tally)."""
    if len(text) > _MAX_LOG:
        return None
    lines = text.splitlines()
    if len(lines) > _MAX_LINES:
        return None
    found = [read for number, line in enumerate(lines, 1) if (read := _read_line(number, line)) is not None]
    other = sum(1 for line in lines if line.strip()) - len(found)
    return (found, other) if found and len(found) >= other else None


# --- the count tool's `what` -------------------------------------------------------------------------------------

_ASKED_LEVELS = {"error": "error", "errors": "error", "err": "error", "warning": "warning", "warnings": "warning",
                 "warn": "warning", "warns": "warning", "info": "info", "debug": "debug", "trace": "trace",
                 "notice": "notice", "notices": "notice", "critical": "critical", "crit": "critical",
                 "fatal": "fatal"}


@dataclass(frozen=True)
class Kind:
    """What a `what` asks of a log's messages: `form` "each" (each one's count), "most" (the most common),
    "distinct" (how many different), "first" or "last" (a level's first or last line, and its time) or "share" (the
    level's share of the lines), of one `level` ("" for every line with a level: "each", "most" and "distinct")."""

    form: str
    level: str


_LEVEL_WORD = r"(?P<level>" + "|".join(sorted(_ASKED_LEVELS, key=len, reverse=True)) + r")"
_WHAT = re.compile(r"(?:(?P<most>most\s+(?:common|frequent))\s+|(?P<distinct>distinct|unique|different)\s+)?"
                   r"(?:" + _LEVEL_WORD + r"(?:\s+(?:log\s+)?(?:messages?|lines?|entries|entry))?"
                   r"|(?:log\s+)?(?P<noun>messages?|lines?|entries|entry))"
                   r"(?P<by>\s+by\s+(?:count|message))?", re.IGNORECASE)


_EDGE_WHAT = re.compile(r"(?P<edge>first|last)\s+" + _LEVEL_WORD + r"(?:\s+(?:log\s+)?(?:line|entry|message))?",
                        re.IGNORECASE)
_SHARE_WHAT = re.compile(r"(?:percentage|percent|share|fraction|proportion)\s+of\s+(?:the\s+)?" + _LEVEL_WORD
                         + r"(?:\s+(?:log\s+)?(?:lines|entries|messages))?", re.IGNORECASE)


def message_kind(what: str) -> Kind | None:
    """What a count's `what` asks of a log's messages ("error messages by count", "most common error message",
    "distinct warning messages", "messages by count", "first error line", "percentage of error lines"), else None
    ("unique lines" is count.py's)."""
    said = " ".join(what.split())
    edge = _EDGE_WHAT.fullmatch(said)
    if edge is not None:
        return Kind(edge.group("edge").lower(), _ASKED_LEVELS[edge.group("level").lower()])
    share = _SHARE_WHAT.fullmatch(said)
    if share is not None:
        return Kind("share", _ASKED_LEVELS[share.group("level").lower()])
    match = _WHAT.fullmatch(said)
    if match is None:
        return None
    forms = [form for form in ("most", "distinct", "by") if match.group(form)]
    level = _ASKED_LEVELS.get((match.group("level") or "").lower(), "")
    if len(forms) != 1 or (forms == ["distinct"] and (match.group("noun") or "").lower().startswith("line")):
        return None
    return Kind({"by": "each"}.get(forms[0], forms[0]), level)


# --- the answer --------------------------------------------------------------------------------------------------


def log_messages(text: str, what: str) -> tuple[float, str, dict[str, Any]] | None:
    """The count, the answer in words and the tool's data for a `what` that asks of a log's messages
    (`message_kind`), else None: each message of the level with its count, most common first ("each": the number is
    the level's lines), the most common ("most": its count, the messages named in the data), how many different
    ("distinct"), the level's first or last line ("first", "last": its number, and its time in the data) or its
    share of the lines ("share": a percentage). ToolError where the text is no log with levels."""
    kind = message_kind(what)
    if kind is None:
        return None
    read = leveled_lines(text)
    if read is None:
        raise ToolError(f"count: what={what!r} needs a log whose lines have a level (ERROR, WARN, INFO …) and a "
                        f"message; the text has none, or fewer than half its lines have one")
    found, other = read
    labels: dict[str, str] = {}
    for line in found:
        labels.setdefault(line.level, line.label)
    label = labels.get(kind.level, kind.level.upper())
    chosen = [line for line in found if not kind.level or line.level == kind.level]
    if kind.form in ("first", "last"):
        return _edge_line(text, what, kind.form, chosen, len(found) + other, label, _by_level(found, labels, 0))
    if kind.form == "share":
        return _share(what, len(chosen), len(found), other, label, _by_level(found, labels, 0))
    # (every level's: "ERROR timeout" and "WARN timeout" are two messages)
    times = Counter(("" if kind.level else line.label, line.message) for line in chosen)
    groups = [(k, [key for key, _ in group])
              for k, group in groupby(times.most_common(), key=lambda pair: pair[1])]  # (first seen first in a tie)
    lines = f"{label} line" if kind.level else "line with a level"
    notes = _notes(found, labels, other, [message for _, message in times])
    if not chosen:
        said = f"None of the log's {len(found) + other:,} lines is {_a(label)} {label} line."
        return 0, said + notes, {"what": what, "count": 0} if kind.form != "most" else {"what": what, "most": []}
    n, d = len(chosen), len(times)
    of_level = f"{label} " if kind.level else ""
    if kind.form == "most":
        top, leaders = groups[0]
        if n == 1:
            said = f"The log has one {lines}: {_quoted(leaders[0])}."
        elif top == 1:
            said = (f"No {of_level}message comes more than once: each of the {n:,} {_plural(lines, n)} has a "
                    f"different one ({_listed(groups)}).")
            return 1, said + notes, {"what": what, "most": [], "times": 1}
        else:
            one = len(leaders) == 1
            said = (f"The most common {of_level}message{'' if one else 's'} {'is' if one else 'are'} "
                    f"{and_joined([_quoted(key) for key in leaders[:_LISTED]])}: {_times(top)}"
                    f"{'' if one else ' each (a tie)'}, of the {n:,} {_plural(lines, n)}"
                    + (f"; then {_listed(groups[1:4])}" if len(groups) > 1 else "") + ".")
        return top, said + notes, {"what": what, "most": [m for _, m in leaders[:_LISTED]], "times": top}
    some = f"{d:,} different message{'' if d == 1 else 's'}"
    order = ", most common first" if d > 1 else ""
    if kind.form == "distinct":
        said = f"The log's {n:,} {_plural(lines, n)} {'has' if n == 1 else 'have'} {some}{order}: {_listed(groups)}."
        return d, said + notes, {"what": what, "count": d}
    if n == 1:
        said = f"The log has one {lines}: {_quoted(groups[0][1][0])}."
    elif d == 1:
        said = f"The log has {n:,} {_plural(lines, n)}, all with one message: {_listed(groups)}."
    else:
        said = f"The log has {n:,} {_plural(lines, n)}, with {some}{order}: {_listed(groups)}."
    tally = {f"{written} {message}".strip(): k for (written, message), k in times.most_common(200)}
    return n, said + notes, {"what": what, "lines": n, "messages": tally}


def _edge_line(text: str, what: str, edge: str, chosen: list[LogLine], lines: int, label: str,
               note: str) -> tuple[int, str, dict[str, Any]]:
    """A level's first (or last) line: its number, the answer with its time and message, and the data."""
    if not chosen:
        return 0, f"None of the log's {lines:,} lines is {_a(label)} {label} line.{note})", {"what": what, "line": 0}
    line = chosen[0] if edge == "first" else chosen[-1]
    stamped = stamp_of(text.splitlines()[line.number - 1])
    at = f"at {stamped[0].when}" if stamped is not None else "with no timestamp"
    which = f"The log's only {label} line" if len(chosen) == 1 else \
        f"The {edge} of the log's {len(chosen):,} {label} lines"
    said = f"{which} is line {line.number:,}, {at}: “{clipped(line.message, _CLIP)}”.{note})"
    data: dict[str, Any] = {"what": what, "line": line.number, "message": line.message}
    if stamped is not None:
        data |= {"time": stamped[0].time} | ({"date": stamped[0].day.isoformat()} if stamped[0].kind == "date"
                                            and stamped[0].day is not None else {})
    return line.number, said, data


def _share(what: str, k: int, n: int, other: int, label: str, note: str) -> tuple[float, str, dict[str, Any]]:
    """A level's share of the lines with a level, a percentage to two places, and of all the non-empty lines where
    some have none (the data's "of_all": the other reading's number)."""
    share = round(100 * k / n, 2)
    some = f"{k:,} of {n:,}" if k else f"none of {n:,}"
    if not other:
        return share, f"{_percent(share)} of the log's {n:,} lines are {label} lines: {some}.{note})", \
            {"what": what, "count": share, "lines": k, "of": n}
    of_all = round(100 * k / (n + other), 2)
    said = (f"{_percent(share)} of the log's {n:,} lines with a level are {label} lines: {some} ({other:,} "
            f"line{'' if other == 1 else 's'} without a level left out; of all {n + other:,} non-empty lines, "
            f"{_percent(of_all)}).{note})")
    return share, said, {"what": what, "count": share, "lines": k, "of": n, "of_all": of_all}


def _percent(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") + "%"


def _listed(groups: list[tuple[int, list[tuple[str, str]]]]) -> str:
    """Messages with their counts, most common first, the first few: “disk full” 3 times; “a” and “b” twice each;
    and 4 more messages, 5 lines in all."""
    parts: list[str] = []
    shown = 0
    for at, (k, keys) in enumerate(groups):
        named = [_quoted(key) for key in keys[:_LISTED - shown]]
        shown += len(named)
        left = len(keys) - len(named)
        parts.append(f"{and_joined(named + ([f'{left:,} more'] if left else []))} {_times(k)}"
                     + (" each" if len(keys) > 1 else ""))
        if shown >= _LISTED:
            after = [j for j, more in groups[at + 1:] for _ in more]
            if after:
                lines = sum(after)
                parts.append(f"and {len(after):,} more message{'' if len(after) == 1 else 's'}, {lines:,} "
                             f"line{'' if lines == 1 else 's'} in all")
            break
    return "; ".join(parts)


def _quoted(key: tuple[str, str]) -> str:
    """A message quoted, after its level where every level's are counted: ERROR “disk full”."""
    label, message = key
    return f"{label + ' ' if label else ''}“{clipped(message, _CLIP)}”"


def _times(k: int) -> str:
    return "once" if k == 1 else "twice" if k == 2 else f"{k:,} times"


def _plural(noun: str, n: int) -> str:
    """"ERROR line" as "ERROR lines", "line with a level" as "lines with a level"."""
    return noun if n == 1 else noun.replace("line", "lines", 1)


def _a(label: str) -> str:
    return "an" if label[:1] in "AEIOU" else "a"


def _by_level(found: list[LogLine], labels: dict[str, str], other: int) -> str:
    """The lines by level and the lines not counted for having none, a note's start: " (Lines by level: …." """
    levels = Counter(line.level for line in found)
    said = " (Lines by level: " + ", ".join(f"{labels[level]} {k:,}" for level, k in sorted(
        levels.items(), key=lambda pair: (-pair[1], labels[pair[0]]))) + "."
    if other:
        said += f" {other:,} line{'' if other == 1 else 's'} without a level, not counted."
    return said


def _notes(found: list[LogLine], labels: dict[str, str], other: int, messages: list[str]) -> str:
    """The lines by level, the lines not counted for having none, and messages told apart by their numbers alone."""
    said = _by_level(found, labels, other)
    numbered: dict[str, list[str]] = {}
    for message in dict.fromkeys(messages):
        if re.search(r"\d", message):
            numbered.setdefault(re.sub(r"\d+", "#", message), []).append(message)
    alike = next((same for same in numbered.values() if len(same) > 1), None)
    if alike is not None:
        said += (f" Messages are compared as written: {and_joined([_quoted(('', m)) for m in alike[:3]])}"
                 f"{' and more' if len(alike) > 3 else ''} differ only in their numbers and are counted apart.")
    return said + ")"


# --- recognising the question ------------------------------------------------------------------------------------

# What a question tallies: a level's lines ("error messages", "ERROR lines", "warnings", "critical errors") or every
# line with a level ("messages", "log lines", "entries")
_THING = (r"(?:(?P<level>errors?|warnings?|warns?|info|debug|trace|notices?|critical|crit|fatal)"
          r"(?:\s+(?:log\s+)?(?P<noun>messages?|lines?|entries|entry|events?|errors?))?"
          r"|(?:log\s+)?(?P<any>messages?|lines?|entries|entry|events?))")
_PLACE = (r"(?:\s+(?:in|of|from|within|across)\s+(?:this|that|it|the\s+following|(?:this|that|the|my|our)\s+"
          r"(?:(?:log|server|app|application|error|system)\s+)?(?:log|logs|file|output|text|excerpt|data)))?"
          r"(?:\s+(?:here|below|above))?")
_MARK = r"(?:\s*[?.!]+)?\s*$"  # (not "\s*[?.!]*\s*": two runs of spaces either may take)
_END = _PLACE + _MARK
_THERE = r"(?:\s+(?:are|were)\s+there)?"
_APPEAR = (r"(?:appear|occur|show\s+up|come\s+up|happen|recur|repeat|get\s+logged|turn\s+up)")
_ASKED = [
    # "How many times does each error message appear in this log?", "How often does each warning occur?"
    ("each", re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+(?:many\s+times|often)\s+(?:does|do|did)\s+each\s+(?:"
                        r"(?:unique|distinct|different)\s+)?" + _THING + r"\s+" + _APPEAR + _END, re.IGNORECASE)),
    # "How many of each error are there?"
    ("each", re.compile(LEAD + r"how\s+many\s+of\s+each\s+" + _THING + _THERE + _PLACE + _THERE + _MARK,
                        re.IGNORECASE)),
    # "Count the errors by message", "Group the warnings by message and count them", "Count each error message",
    # "Count the occurrences of each error"
    ("each", re.compile(LEAD + r"(?:count|tally|group)\s+(?:up\s+)?(?:the\s+|all\s+(?:the\s+)?)?" + _THING
                        + r"\s+by\s+(?:message|text)(?:\s+and\s+count\s+them)?" + _END, re.IGNORECASE)),
    ("each", re.compile(LEAD + r"count\s+(?:up\s+)?(?:the\s+)?(?:(?:occurrences|number\s+of\s+occurrences|"
                        r"number\s+of\s+times)\s+of\s+)?each\s+" + _THING + _END, re.IGNORECASE)),
    # "Which error appears most often?", "What message comes up the most in this log?"
    ("most", re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)\s+(?:single\s+)?" + _THING + r"\s+(?:appears|"
                        r"occurs|comes\s+up|shows\s+up|happens|recurs|repeats|turns\s+up|is\s+(?:logged|repeated|"
                        r"seen))\s+(?:the\s+)?most(?:\s+(?:often|frequently|times))?" + _END, re.IGNORECASE)),
    # "What's the most common error?", "Which is the most frequent warning message?"
    ("most", re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)(?:'s|’s|\s+is|\s+was)\s+(?:the\s+)?(?:most\s+"
                        r"(?:common|frequent|repeated)|commonest)\s+" + _THING + _END, re.IGNORECASE)),
    # "Which error is the most common?"
    ("most", re.compile(LEAD + r"(?:what|which)\s+" + _THING + r"\s+(?:is|was)\s+(?:the\s+)?most\s+(?:common|"
                        r"frequent)" + _END, re.IGNORECASE)),
    # "How many distinct errors are there?", "How many different kinds of warning are in this log?"
    ("distinct", re.compile(LEAD + r"how\s+many\s+(?:(?:distinct|unique|different)\s+(?:(?:kinds|types|sorts)\s+of"
                            r"\s+)?|(?:kinds|types|sorts)\s+of\s+)" + _THING + _THERE + r"(?:\s+(?:are|were))?"
                            + _PLACE + _THERE + _MARK, re.IGNORECASE)),
]


# A level's first or last line, asked when: "At what time did the first error happen?", "When was the last
# WARN logged?", "What's the timestamp of the first error?"
_ONE_LEVEL = (r"(?:the\s+)?(?P<edge>first|earliest|last|latest|most\s+recent)\s+(?P<level>error|err|warning|warn|"
              r"critical|crit|fatal|info|debug|trace|notice)"
              r"(?:\s+(?:log\s+)?(?P<noun>message|line|entry|event|error))?")
_HAPPEN = (r"(?:happen|occur|appear|show\s+up|come\s+up|come|take\s+place|get\s+logged|arrive|start|hit)")
_EDGE_ASKED = [
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:when|(?:at\s+)?what\s+time)\s+(?:did|does)\s+" + _ONE_LEVEL + r"\s+"
               + _HAPPEN + _END, re.IGNORECASE),
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:when|(?:at\s+)?what\s+time)\s+(?:was|is)\s+" + _ONE_LEVEL
               + r"(?:\s+(?:logged|seen|reported|raised|written|recorded))?" + _END, re.IGNORECASE),
    re.compile(LEAD + r"(?:tell\s+me\s+)?what(?:'s|’s|\s+is|\s+was)\s+the\s+(?:time|timestamp|time\s+stamp)\s+"
               r"(?:of|on)\s+" + _ONE_LEVEL + _END, re.IGNORECASE),
]
# A level's share of the lines: "What percentage of the lines are errors?", "What fraction of log lines are ERROR?"
_SHARE_ASKED = re.compile(
    LEAD + r"(?:tell\s+me\s+)?(?:(?:what|which)(?:'s|’s|\s+is|\s+was)?\s+(?:the\s+)?(?:percentage|percent|%|share|"
    r"fraction|proportion)|how\s+many\s+percent)\s+of\s+(?:(?:the\s+|all\s+(?:the\s+)?|these\s+)?(?:log\s+)?"
    r"(?:lines|entries|messages)(?:\s+(?:in|of)\s+(?:this|the|that)\s+(?:log|file|output))?\s+(?:are|were)|"
    r"(?:this|the|that)\s+log\s+(?:is|are))\s+(?P<level>errors?|warnings?|warns?|info|debug|trace|notices?|critical|"
    r"crit|fatal)(?:\s+(?P<noun>lines|entries|messages))?" + _END, re.IGNORECASE)
_GRAVER = {"critical", "fatal", "severe", "alert", "emergency", "panic"}  # (errors too, to some askers)


def _fact_asked(asked: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks when a level's first or last line came, or what share of the
    lines are of a level (`_EDGE_ASKED`, `_SHARE_ASKED`), of the log `body` where it settles it; else None."""
    edge = next((m for p in _EDGE_ASKED if (m := p.match(asked)) is not None), None)
    match = edge or _SHARE_ASKED.match(asked)
    if match is None:
        return None
    said, noun = match.group("level").lower(), (match.group("noun") or "").lower()
    level = _ASKED_LEVELS[said]
    if (noun == "error" and level not in ("critical", "fatal")) or (noun and said.endswith("s")):
        return None  # ("the first warning error", "errors lines": not plain)
    read = leveled_lines(body)
    if read is None:
        return None
    found, other = read
    if level == "error" and any(line.level in _GRAVER for line in found):
        return None  # (is a FATAL line an error? the asker's to say)
    if edge is None:
        return {"text": body, "what": f"percentage of {level} lines"} if not other else None
    lines = body.splitlines()
    stamps = [stamped[0] for line in found if (stamped := stamp_of(lines[line.number - 1])) is not None]
    if len(stamps) < len(found) or not in_order(stamps):
        return None  # (a line with a level and no time, times of two kinds, or lines out of order)
    which = "first" if edge.group("edge").lower() in ("first", "earliest") else "last"
    return {"text": body, "what": f"{which} {level} line"}


def log_messages_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks how often each message of a level (or of every level) comes in
    the log `body` (the text after it), which comes most often, or how many different ones there are, when its
    first or last line came, or what share of the lines it has; else None."""
    if not body.strip() or len(question) > 300:
        return None
    asked = question.strip()
    fact = _fact_asked(asked, body)
    if fact is not None:
        return fact
    form, match = next(((f, m) for f, p in _ASKED if (m := p.match(asked)) is not None), ("", None))
    if match is None:
        return None
    said = (match.group("level") or "").lower()
    noun = (match.group("noun") or "").lower()
    whole = (match.group("any") or "").lower()
    if noun and (said.endswith("s") or noun.startswith("error") and said not in ("critical", "crit", "fatal")):
        return None  # ("warnings messages", "warning errors": not plain)
    if form == "distinct" and whole.startswith("line"):
        return None  # ("How many unique lines?": count.py's, exact lines)
    if leveled_lines(body) is None:
        return None
    level = _ASKED_LEVELS[said] if said else ""
    words = f"{level} messages" if level else "messages"
    what = {"each": f"{words} by count", "most": f"most common {words[:-1]}", "distinct": f"distinct {words}"}[form]
    return {"text": body, "what": what}
