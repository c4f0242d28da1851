"""Times read off a log piped with a question that asks how long something in it took: the time between the first
and last ERROR, how long a job ran from its start line to its end line, how long the whole log covers.

Asked "What was the time between the first and last ERROR?" of a six-line log (ERRORs at 09:15:11 and 09:21:13), the
1.5B said 29 seconds (6 minutes 2 seconds): it reads times off lines and subtracts in its head. `log_asked` finds
the two lines and gives their times to the timespan tool (`start`, `end`), which works the length out and says it:

- "What was the time between the first and last ERROR?", "How long between the first ERROR and the last WARN?",
  "How many seconds passed between the first and last timeout?": the first line that holds the word and the last
  (smart case, as count.py's grep: "ERROR" as written, "error" in any case; "errors" and "warning" read "error" and
  "WARN" too);
- "How long did the backup take?", "How long did the job take?": the one line that starts the job it names (started,
  began, launched) and the one after it that ends it (finished, completed, done, ended, succeeded, stopped); "the
  job", "it" name none, and then the log must hold one start and one end;
- "How long is this log?", "What time span does this log cover?", "How long does this log cover, from the first line
  to the last?", "How much time passes between the first and last line?": its first timestamped line and its last.

A timestamp opens its line, maybe in brackets: ISO ("2026-12-01 09:14:02", "2026-12-01T09:14:02Z", with a fraction
of a second or a zone), syslog's ("Dec  1 09:14:02"), or a bare time ("09:14:02", "[09:14:02]", "12:00", "9:14:02
PM"). Two times on one day, or on two in a row with the end the earlier time, are a span of times of day (past
midnight when the end is earlier); ISO dates up to a week apart are times on weekdays (the tool's week_span). Left
to the model: a log with no timestamps, or timestamps of several kinds; a word on fewer than two lines; a job with
no end or started more than once; lines out of order; a span over a week, or over a day where a date has no year
(syslog) or no date at all (bare times wrapped past midnight twice); two lines whose fractions of a second differ
(the tool reads whole seconds) or whose zones differ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from llorch.tools.clock import time_to_second
from llorch.tools.daymath import WEEKDAY_NAMES
from llorch.tools.holidayrules import MONTHS

__all__ = ["Stamp", "in_order", "log_asked", "stamp_of"]

_MAX_LOG = 2_000_000  # characters
_MAX_LINES = 50_000
_DAY = 24 * 3_600
_MONTHS = tuple(month[:3] for month in MONTHS)  # (as syslog writes them)

# A timestamp that opens a line: an ISO date or syslog's month and day (or neither), then a time, maybe its
# fraction of a second and its zone, maybe am/pm; a space, a bracket or a line's end after it ("09:00-17:00" is a
# time sheet's line, no timestamp).
_STAMP = re.compile(
    r"\s*(?:\[\s*)?(?:(?P<y>\d{4})([-/.])(?P<mo>\d{1,2})\2(?P<d>\d{1,2})(?:[T\s]\s*|_)"
    r"|(?P<mon>" + "|".join(_MONTHS) + r")\s+(?P<md>\d{1,2})\s+)?"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>[.,]\d{1,9})?(?P<tz>\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?"
    r"(?:\s*(?P<ap>[ap])\.?m\.?(?![a-z]))?\s*\]?(?=[\s|,;\]]|:\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Stamp:
    """A line's timestamp: its kind ("date", "syslog" or "time"), its day (a date; syslog's month and day in 2000
    as it has no year; none for a bare time), its seconds after midnight, whether it gave seconds, its fraction of
    a second and its zone as written ("" where none)."""

    kind: str
    day: date | None
    seconds: int
    gave_seconds: bool
    fraction: str
    zone: str

    @property
    def time(self) -> str:
        """The time of day as the timespan tool takes it: "09:14:02", or "12:00" where it gave no seconds."""
        hour, rest = divmod(self.seconds, 3_600)
        return f"{hour:02d}:{rest // 60:02d}" + (f":{rest % 60:02d}" if self.gave_seconds else "")

    @property
    def when(self) -> str:
        """The moment said whole, for an answer to copy: "08:02:40 on 2026-06-16", "09:14:02.5 +0100 on
        2026-12-01", "21:07:00 on Sep 9" (syslog's, no year), "08:02:40" (a bare time)."""
        said = self.time + (f".{self.fraction}" if self.fraction else "") + (f" {self.zone}" if self.zone else "")
        if self.day is None:
            return said
        return f"{said} on {self.day.isoformat()}" if self.kind == "date" else \
            f"{said} on {_MONTHS[self.day.month - 1].title()} {self.day.day}"


def stamp_of(line: str) -> tuple[Stamp, str] | None:
    """The timestamp that opens `line` and the rest of the line after it, or None."""
    match = _STAMP.match(line)
    if match is None:
        return None
    said = f"{match.group('h')}:{match.group('mi')}" + (f":{match.group('s')}" if match.group("s") else "") \
        + (f" {match.group('ap')}m" if match.group("ap") else "")
    try:
        read = time_to_second(said)
    except ValueError:  # ("25:00", "13:00 pm")
        return None
    if read is None:
        return None
    hour, minute, second = read[0], read[1], read[2] or 0
    try:
        if match.group("y"):
            kind, day = "date", date(int(match.group("y")), int(match.group("mo")), int(match.group("d")))
        elif match.group("mon"):
            kind, day = "syslog", date(2000, _MONTHS.index(match.group("mon").lower()) + 1, int(match.group("md")))
        else:
            kind, day = "time", None
    except ValueError:  # ("2026-02-30")
        return None
    zone = (match.group("tz") or "").strip().upper().replace(":", "")
    zone = "+0000" if zone in ("Z", "UTC", "GMT", "-0000") else zone
    stamp = Stamp(kind, day, (hour * 60 + minute) * 60 + second, match.group("s") is not None,
                  (match.group("frac") or "")[1:].rstrip("0"), zone)
    return stamp, line[match.end():]


# --- the question ------------------------------------------------------------------------------------------------

_LEAD = r"^\s*(?:(?:please|ok|okay|so)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+tell\s+me\s+)?"
_END = r"(?:\s*[?.!]+)?\s*$"  # (not "\s*[?.!]*\s*": two runs of spaces either may take)
_HOW = r"how\s+(?:long|much\s+time|many\s+(?P<unit>hours|minutes|seconds))"
_LOG = r"(?:this|the|that)\s+(?:log(?:\s+file|\s+excerpt)?|logs|output)"
_PLACE = rf"(?:\s+(?:(?:in|of|on)\s+{_LOG}|here|above|below))?"
# A word or a few, as a question names what is in the lines ("ERROR", "db timeout", "'upstream 502'")
_TOKEN = r"(?:\w[\w.:/\-]*(?<=\w)|\"[^\"\n]{1,40}\"|'[^'\n]{1,40}'|“[^”\n]{1,40}”)"
_PHRASE = rf"{_TOKEN}(?:\s+{_TOKEN}){{0,3}}?"
_BETWEEN = re.compile(
    _LEAD + rf"(?:{_HOW}(?:\s+(?:pass(?:e[ds])?|elapse[ds]?|(?:go|goes|went)\s+by|(?:has|had)\s+(?:passed|elapsed|"
    r"gone\s+by)|(?:was|is)\s+(?:there|it)|(?:did|does)\s+it\s+take))?|what(?:'s|’s|\s+is|\s+was)\s+the\s+"
    r"(?:total\s+)?(?:time|duration|gap|span|time\s+span|timespan|interval|(?:time\s+)?difference|elapsed\s+time|"
    r"time\s+elapsed|length\s+of\s+time)|how\s+far\s+apart\s+(?:are|were)|what\s+time\s+(?:passed|elapsed))\s+"
    r"(?:(?:between|from)\s+)?the\s+first(?:\s+(?P<a>" + _PHRASE + r"))?\s+(?:and|to|until|till)\s+(?:the\s+)?last"
    r"(?:\s+(?P<b>" + _PHRASE + r"))?" + _PLACE + _END,
    re.IGNORECASE)
# ", from the first line to the last", "from start to finish": the whole log said again
_EDGE_LINE = r"(?:(?:log|timestamped)\s+)?(?:line|entry|message|record|event|timestamp)|one"
_ENDS = (rf"(?:\s*,)?\s+(?:from\s+(?:the\s+|its\s+)?first(?:\s+(?:{_EDGE_LINE}))?\s+to\s+(?:the\s+|its\s+)?last"
         rf"(?:\s+(?:{_EDGE_LINE}))?|from\s+(?:the\s+)?(?:start|beginning)\s+to\s+(?:the\s+)?(?:end|finish))")
_WHOLE = [re.compile(_LEAD + p + f"(?:{_ENDS})?" + _PLACE + _END, re.IGNORECASE) for p in (
    # "How long is this log?", "How long was the log in time?"
    rf"how\s+long\s+(?:is|was)\s+{_LOG}(?:\s+in\s+time)?",
    # "What time span does this log cover?", "How much time does the log span?", "How many hours does it cover?"
    rf"(?:{_HOW}|what\s+(?:time\s+span|timespan|time\s+period|period(?:\s+of\s+time)?|time\s+range|span\s+of\s+time|"
    rf"length\s+of\s+time|stretch\s+of\s+time|time\s+frame|timeframe))\s+(?:does|did)\s+{_LOG}\s+(?:cover|span|run|"
    rf"last|go\s+on|take\s+up)(?:\s+for)?",
    # "What's the time span of this log?", "What is the duration covered by the log?"
    rf"what(?:'s|’s|\s+is|\s+was)\s+the\s+(?:time\s+span|timespan|duration|time\s+range|time\s+period|period|span|"
    rf"time\s+frame|timeframe)\s+(?:of|covered\s+by|in)\s+{_LOG}",
)]
_JOB = [re.compile(_LEAD + p + _PLACE + _END, re.IGNORECASE) for p in (
    # "How long did the job take?", "How long did backup take?", "How long did the backup job run for?"
    rf"{_HOW}\s+did\s+(?P<name>{_PHRASE})\s+(?:take|run|last|go\s+on|need)(?:\s+(?:for|to\s+(?:run|finish|complete)))?",
    # "What was the duration of the backup job?"
    rf"what(?:'s|’s|\s+is|\s+was)\s+the\s+(?:duration|run\s*time|running\s+time|elapsed\s+time|time\s+taken)\s+"
    rf"(?:of|for)\s+(?P<name>{_PHRASE})",
)]

# What names no word in the lines: any line ("the first and last line"), any job ("How long did the job take?").
_ANY_LINE = re.compile(r"(?:(?:log|timestamped)\s+)?(?:lines?|entry|entries|messages?|events?|records?|timestamps?|"
                       r"ones?|times?)", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|this|that|my|our|its)\s+", re.IGNORECASE)
_ANY_JOB = {"job", "jobs", "task", "tasks", "process", "run", "script", "it", "that", "this", "one", "thing"}
_ALIASES = {"error": r"err(?:or)?s?", "warning": r"warn(?:ing)?s?", "warn": r"warn(?:ing)?s?"}
_STARTED = re.compile(r"\b(?:start(?:ed|ing|s)?|begin(?:s|ning)?|began|begun|launch(?:ed|es|ing)?|kicked\s+off)\b",
                      re.IGNORECASE)
_ENDED = re.compile(r"\b(?:finish(?:ed|es)?|complete[ds]?|done|end(?:ed|s)?|succeeded|stopped)\b", re.IGNORECASE)


def _word(named: str) -> re.Pattern[str]:
    """The lines a word of the question names, smart case: "ERROR" as written, "error" in any case; a plural its
    singular too ("errors"), and "error" and "warning" a level's short form ("ERR", "WARN")."""
    said = " ".join(named.strip("\"'“”").split())
    stem = said[:-1] if said[-1:] in "sS" and len(said) > 3 and said[-2:].lower() != "ss" else said
    alias = _ALIASES.get(stem.lower())
    anycase = said == said.lower()
    if alias is not None and (anycase or stem == stem.upper()):  # ("ERRORS": ERR, ERROR, ERRORS as written)
        written = alias if anycase else alias.upper()
    else:
        written = re.escape(stem).replace(r"\ ", r"\s+") + ("(?:e?s)?" if anycase else "(?:E?S|e?s)?")
    return re.compile(rf"(?<!\w){written}(?!\w)", re.IGNORECASE if anycase else 0)


def _named(phrase: str | None) -> re.Pattern[str] | None:
    """A phrase of the question as the lines it names; None where it names any line."""
    said = _ARTICLE.sub("", (phrase or "").strip())
    said = re.sub(r"\s+(?:lines?|entry|entries|messages?|events?|records?|ones?)$", "", said, flags=re.IGNORECASE)
    return None if not said or _ANY_LINE.fullmatch(said) else _word(said)


# --- the lines ---------------------------------------------------------------------------------------------------


def _stamped(body: str) -> list[tuple[Stamp, str]] | None:
    """The log's timestamped lines, in order, each with the rest of its line; None where it has none, or stamps of
    more than one kind, or is too long."""
    if len(body) > _MAX_LOG:
        return None
    lines = body.splitlines()
    if len(lines) > _MAX_LINES:
        return None
    # (a file's name above its text, "--- app.log ---" as chat/longinput.compose writes it, opens with no stamp)
    found = [s for line in lines if (s := stamp_of(line)) is not None]
    if not found or len({s.kind for s, _ in found}) > 1:
        return None
    return found


def _span(stamps: list[Stamp], unit: str | None) -> dict[str, Any] | None:
    """The timespan tool's arguments from the first of `stamps` to the last (those between say whether bare times
    passed midnight), or None where the length is unsure (`log_asked`)."""
    first, last = stamps[0], stamps[-1]
    if first.fraction != last.fraction or first.zone != last.zone:
        return None  # (the tool reads whole seconds; 09:00:00Z and 10:00:00+0100 are one time)
    if not in_order(stamps):
        return None
    if first.kind == "time":
        wraps = sum(1 for a, b in zip(stamps, stamps[1:]) if a.seconds > b.seconds)  # (midnight passed)
        if (wraps == 0) != (last.seconds >= first.seconds):
            return None  # (a day or more)
        length = last.seconds - first.seconds + wraps * _DAY
    else:
        length = _since(first, last)
        if length > 7 * _DAY or (first.kind == "syslog" and length >= _DAY):
            return None  # (no weekday without a year)
    asked = {"in": unit.lower()} if unit else {}
    if length < _DAY:
        return {"start": first.time, "end": last.time, **asked}
    assert first.day is not None and last.day is not None
    return {"start": f"{WEEKDAY_NAMES[first.day.weekday()].title()} {first.time}",
            "end": f"{WEEKDAY_NAMES[last.day.weekday()].title()} {last.time}", **asked}


def in_order(stamps: list[Stamp]) -> bool:
    """Whether a log's stamps, all of one kind, run in order: a bare time may pass midnight once (a time more than
    12 hours earlier than the one before it), a dated one never goes back (syslog's December to January is the
    next year)."""
    if not stamps or len({stamp.kind for stamp in stamps}) > 1:
        return False
    if stamps[0].kind == "time":
        drops = [a.seconds - b.seconds for a, b in zip(stamps, stamps[1:]) if a.seconds > b.seconds]
        return len(drops) <= 1 and all(d > _DAY // 2 for d in drops)
    moments = [_since(stamps[0], stamp) for stamp in stamps]
    return all(a <= b for a, b in zip(moments, moments[1:]))


def _since(first: Stamp, stamp: Stamp) -> int:
    """Seconds from the first of a log's dated stamps to `stamp` (negative where it is earlier); a syslog date
    before the first's is in the next year (December to January: February 29 then is no day, and reads as earlier)."""
    assert first.day is not None and stamp.day is not None
    days = (stamp.day - first.day).days
    if first.kind == "syslog" and days < 0:
        days = (stamp.day.replace(year=2001) - first.day).days if stamp.day != date(2000, 2, 29) else -1
    return days * _DAY + stamp.seconds - first.seconds


def _job_lines(found: list[tuple[Stamp, str]], name: str) -> tuple[int, int] | None:
    """Where the one line that starts the job `name` names is, and the one after it that ends it; None where there
    are more, or none."""
    words = [w for w in _ARTICLE.sub("", name.strip()).split() if w]
    named = [_word(w) for w in words if w.lower() not in _ANY_JOB]
    if not named:  # ("the job": the lines that say "job", where some start or end one, else any)
        generic = [_word(w) for w in words if w.lower() in ("job", "task", "process", "script")]
        said = [(i, rest) for i, (_, rest) in enumerate(found) if _STARTED.search(rest) or _ENDED.search(rest)]
        named = [g for g in generic if any(g.search(rest) for _, rest in said)]
    lines = [(i, rest) for i, (_, rest) in enumerate(found) if all(w.search(rest) for w in named)]
    starts = [i for i, rest in lines if _STARTED.search(rest)]
    ends = [i for i, rest in lines if _ENDED.search(rest)]
    if len(starts) != 1 or len(ends) != 1 or starts[0] >= ends[0]:
        return None  # (never ended, run twice, or a line that says both)
    return starts[0], ends[0]


def log_asked(message: str) -> dict[str, Any] | None:
    """The timespan tool's arguments (`start`, `end`, and `in` where a unit is asked) for a question on a message's
    first line that plainly asks how long something in the log under it took: between the first and last lines
    that hold a word, a job's start and end, the whole log; or None."""
    head, _, body = message.strip().partition("\n")
    if len(head) > 200:
        return None
    between = _BETWEEN.match(head)
    whole = next((m for p in _WHOLE if (m := p.match(head)) is not None), None)
    job = next((m for p in _JOB if (m := p.match(head)) is not None), None)
    asked = between or whole or job
    if asked is None:
        return None
    found = _stamped(body)
    if found is None or len(found) < 2:
        return None
    if between is not None:
        start_word = _named(between.group("a") or between.group("b"))
        end_word = _named(between.group("b") or between.group("a"))
        firsts = [i for i, (_, rest) in enumerate(found) if start_word is None or start_word.search(rest)]
        lasts = [i for i, (_, rest) in enumerate(found) if end_word is None or end_word.search(rest)]
        if not firsts or not lasts or lasts[-1] <= firsts[0]:
            return None
        where: tuple[int, int] | None = firsts[0], lasts[-1]
    elif whole is not None:
        where = 0, len(found) - 1
    else:
        assert job is not None
        where = _job_lines(found, job.group("name"))
    if where is None:
        return None
    return _span([s for s, _ in found[where[0]:where[1] + 1]], asked.groupdict().get("unit"))
