"""A list of durations written with colons (12:03, 1:32.4, 1:02:05), piped with a question that asks their total,
average, median, longest or shortest, read as minutes:seconds or hours:minutes as the question's words say.

Asked "Add up these call durations." of 12:03, 4:45 and 7:30, the 1.5B said 14 hours 28 minutes (24:18: a call's
12:03 is minutes and seconds); asked "What's the average of these lap times?" of 1:32, 1:28 and 1:35, it is 1:31.67
(91.67 seconds). `durations_asked` reads such a question and its lines (or values after a colon: "What's my average
lap: 1:32, 1:28, 1:35?") as the timespan tool's `durations`, `stat` and `as`, and `durations_answer` works the
statistic out and says it in the list's own form and in words.

A bare 12:03 is minutes:seconds only where the words say so (calls, laps, songs, tracks, videos, clips, splits, runs,
races, a playlist, talk time, "minutes and seconds"), and hours:minutes where they say hours (shifts, hours worked);
a value with two colons (1:02:05), with a fraction of a second (1:32.4) or with its units (45s, 2m 30s, 1h 5m) is
plain either way. A total of bare values alone, with no word for them ("Add up these durations: 1:20, 0:45, 2:10 and
0:55", the 1.5B: 5:20), is the same digits either way (5:10), and said both ways. Left to the model: a list with no
colon value (timesheets.py adds those up), words that say both of a bare 12:03, or neither for any other statistic
(or with bare values beside plain ones), a long race or ride (a marathon's 3:45 is hours), a line that is not one
duration with an optional label ("Lap 1: 1:32", "- Song A - 3:45"), a total, average, break or start line, and
fastest or best of anything but laps, splits, runs and races (a song's fastest is its tempo). Values may follow the
question's colon, or "of" on one line ("What is the total of 1:20, 0:45 and 2:10?").
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import clipped
from llorch.tools.durations import hours_minutes_seconds, read_terms, split_seconds
from llorch.tools.timesheets import BULLET, FILE_NAME

__all__ = ["READ_AS", "STATS", "Listed", "durations_answer", "durations_asked", "read_durations"]

STATS = ("sum", "mean", "median", "max", "min", "fastest", "slowest")
READ_AS = ("m:ss", "h:mm")  # (how a bare 12:03 reads)
_MAX_TEXT = 4_000
_MAX_LINES = 100
_MAX_LINE = 100
_SHOWN = 12  # (values written out in a result, at most)
_HOW = {"m:ss": "minutes:seconds", "h:mm": "hours:minutes", "h:mm:ss": "hours:minutes:seconds"}

# A duration with colons that ends a line: m:ss or h:mm (12:03), with a fraction of a second (1:32.4), or h:mm:ss.
_COLON = re.compile(r"(?<![\w:.,])(?P<a>\d{1,3}):(?P<b>[0-5]\d)(?::(?P<c>[0-5]\d))?(?:\.(?P<f>\d{1,3}))?$")
_UNIT_START = re.compile(r"(?<![\w.:,])\d")
# A label: words and at most one short number ("Lap 1", "Track 03", "Call with Bob", "#2"), then a separator.
_LABEL = re.compile(r"(?:#|[^\W\d_])[\w#'’&/(). -]{0,59}")
# A line that is no one more duration of the list: a total or an average of the others, a break or a rest, or a
# time of day with a start or an end ("call ended 09:20:13").
_NOT_A_LINE = re.compile(
    r"\b(?:(?:sub-?|grand\s+)?totals?|sum|overall|altogether|average|avg|mean|median|break|lunch|rest|pause|"
    r"warm-?up|cool-?down|recovery|start(?:s|ed)?|end(?:s|ed)?|began|begins?|finish(?:es|ed)?|stop(?:s|ped)?|"
    r"at|from|to|until|till|since|am|pm|clock(?:ed)?)\b", re.I)


@dataclass(frozen=True)
class Listed:
    """One line of a list: its seconds, the duration as written, its label ("" where none), its line (1-based), its
    decimal places, and how it reads: "m:ss" (a fraction of a second), "h:mm:ss", "units", or "bare" (12:03)."""

    seconds: float
    written: str
    label: str
    number: int
    places: int
    kind: str


def _split(line: str) -> tuple[str, str] | None:
    """A line as its label and its one duration, written last ("Lap 1: 1:32", "Song A - 3:45", "test 2m 30s"), or
    None."""
    line = BULLET.sub("", line.strip())
    if len(line) > _MAX_LINE:
        return None
    match = _COLON.search(line)
    start = match.start() if match is not None else next(
        (m.start() for m in _UNIT_START.finditer(line) if _one_duration(line[m.start():]) is not None), -1)
    if start < 0:
        return None
    before = line[:start]
    if before[-1:] in ("-", "+", "−"):  # ("-1:30", "break -30m": taken away, maybe)
        return None
    label = before.rstrip().rstrip(":=–—|-").rstrip()
    if label and (before == before.rstrip() and before[-1:] not in (":", "=", "|")):
        return None  # ("Lap1:32")
    if label and (not _LABEL.fullmatch(label) or _NOT_A_LINE.search(label)
                  or len(numbers := re.findall(r"\d+", label)) > 1 or any(len(n) > 3 for n in numbers)):
        return None
    return label, line[start:]


def _one_duration(text: str) -> float | None:
    """The seconds of one duration written with its units ("45s", "2m 30s", "1h 5m", "1:45 h"), or None."""
    try:
        terms = read_terms(text)
    except ToolError:
        return None
    if len(terms) != 1 or terms[0].sign != 1 or terms[0].times != 1 or terms[0].clock:
        return None
    return terms[0].seconds


def read_durations(text: str, read_as: str = "") -> list[Listed]:
    """The durations of a list, one a line (blank lines left out), a bare 12:03 read as `read_as` ("m:ss" or
    "h:mm"). Raises ToolError naming a line that is not one duration, or a bare 12:03 with no `read_as`."""
    if read_as and read_as not in READ_AS:
        raise ToolError(f"timespan: as must be {' or '.join(READ_AS)}; got {read_as!r}")
    if len(text) > _MAX_TEXT:
        raise ToolError(f"timespan: a list of durations is at most {_MAX_TEXT:,} characters")
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not 2 <= len(lines) <= _MAX_LINES:
        raise ToolError(f"timespan: give 2 to {_MAX_LINES} durations, one a line: 12:03, 1:32.4, 1:02:05, 2m 30s")
    read = []
    for number, line in lines:
        parts = _split(line)
        if parts is None:
            raise ToolError(f"timespan: {clipped(line, 60)!r} is not one duration with an optional label ('Lap 1: "
                            "1:32'); a total, a break or a start is not added")
        read.append(_listed(parts, number, read_as, line))
    return read


def _listed(parts: tuple[str, str], number: int, read_as: str, line: str) -> Listed:
    label, written = parts
    match = _COLON.fullmatch(written)
    if match is None:
        seconds = _one_duration(written)
        if seconds is None:  # (found by _split: it reads)
            raise ToolError(f"timespan: {written!r} is no duration")
        decimals = re.findall(r"\.(\d+)", written)
        return Listed(seconds, written, label, number, max((len(d) for d in decimals), default=0), "units")
    a, b, c, f = (match.group(k) for k in "abcf")
    fraction = float(f"0.{f}") if f else 0.0
    if c is not None:
        return Listed(int(a) * 3_600 + int(b) * 60 + int(c) + fraction, written, label, number, len(f or ""),
                      "h:mm:ss")
    if f is not None:
        if read_as == "h:mm":
            raise ToolError(f"timespan: {line!r} has a fraction of a second, and hours:minutes were asked")
        return Listed(int(a) * 60 + int(b) + fraction, written, label, number, len(f), "m:ss")
    if not read_as:
        raise ToolError(f"timespan: {written!r} may be minutes:seconds or hours:minutes; give as=m:ss or as=h:mm")
    seconds = int(a) * 60 + int(b) if read_as == "m:ss" else (int(a) * 60 + int(b)) * 60
    return Listed(seconds, written, label, number, 0, "bare")


def _form_of(read: list[Listed], read_as: str) -> str:
    """How the list writes its durations, for its results: as asked, else m:ss where one gives a fraction of a
    second, else h:mm:ss."""
    return read_as or ("m:ss" if any(d.kind == "m:ss" for d in read) else "h:mm:ss")


def _clocked(seconds: float, form: str, places: int) -> str:
    """A duration in the list's form: "24:18", "1:31.67", "1:02:05" (m:ss past an hour), "40:25" (h:mm)."""
    hours, minutes, secs, tail = split_seconds(seconds, places)
    if form == "h:mm" and not secs and not tail:
        return f"{hours}:{minutes:02d}"
    if form == "m:ss" and not hours:
        return f"{minutes}:{secs:02d}{tail}"
    return f"{hours}:{minutes:02d}:{secs:02d}{tail}"


def _counted(seconds: float, form: str, places: int) -> str:
    """A duration in words and counted in its smallest unit: "24 minutes 18 seconds, 1,458 seconds"; on the minute,
    hours:minutes in minutes and hours ("23 hours 50 minutes, 1,430 minutes, about 23.83 hours")."""
    words = hours_minutes_seconds(seconds, places)
    if form == "h:mm" and seconds % 60 == 0:
        minutes = int(seconds // 60)
        if minutes < 60:
            return words
        exact = minutes % 3 == 0  # (3 minutes are 0.05 hours: to two places, the hours are exact)
        hours = "" if minutes % 60 == 0 else f", {'' if exact else 'about '}{minutes / 60:.2f}".rstrip("0") + " hours"
        return f"{words}, {minutes:,} minutes{hours}"
    if seconds < 60:
        return words
    count = f"{seconds:,.{places}f}"
    return f"{words}, {count.rstrip('0').rstrip('.') if places else count} seconds"


def _rounded(seconds: float, form: str, places: int, shown: int) -> list[str]:
    """An average or a median as an answer may round it: to fewer places, down to the list's own ("1:31.7",
    "1:32" for 1:31.67), or on hours:minutes to the minute ("7:57" for 7:56:40)."""
    said = [_clocked(seconds, form, p) for p in range(shown - 1, places - 1, -1)]
    if form == "h:mm":
        said.append(_clocked(round(seconds / 60) * 60, form, 0))
    return list(dict.fromkeys(said))


def _number(seconds: float) -> int | float:
    """Seconds for the data: whole as an int, else to six places."""
    return int(seconds) if seconds == int(seconds) else round(seconds, 6)


def durations_answer(text: str, stat: str = "sum", read_as: str = "") -> tuple[dict[str, Any], str]:
    """The total, average (mean), median, longest (max, slowest) or shortest (min, fastest) of the durations in
    `text`, one a line, a bare 12:03 read as `read_as`: said in the list's form and in words. The data's `result`
    is the list's form, `words` the same in words, `in_seconds` its seconds, `each` every line's; an average's or a
    median's `rounded` is the list's form to fewer places ("1:31.7", "1:32" for 1:31.67)."""
    if stat not in STATS:
        raise ToolError(f"timespan: stat must be one of {', '.join(STATS)}; got {stat!r}")
    if stat == "sum" and not read_as:
        alike = _either_way(text)
        if alike is not None:
            return alike
    read = read_durations(text, read_as)
    form, places = _form_of(read, read_as), max(d.places for d in read)
    how = f"Read as {_HOW[form]}"
    data: dict[str, Any] = {"stat": stat, "read_as": form, "count": len(read),
                            "each": [_number(d.seconds) for d in read]}
    if stat in ("max", "min", "fastest", "slowest"):
        return _extreme(read, stat, places, data, how)
    total = math.fsum(d.seconds for d in read)
    if stat == "sum":
        data.update(result=_clocked(total, form, places), words=hours_minutes_seconds(total, places),
                    in_seconds=_number(total))
        added = " + ".join(d.written for d in read) + " =" if len(read) <= _SHOWN else \
            f"the {len(read)} durations add up to"
        return data, f"{how}, {added} {data['result']} ({_counted(total, form, places)})."
    return _middle(read, stat, total, form, places, data, how)


def _either_way(text: str) -> tuple[dict[str, Any], str] | None:
    """The total of bare values (12:03) with no reading given, or None: the same digits as hours:minutes and as
    minutes:seconds ("1:20 + 0:45 + 2:10 + 0:55 = 5:10", the 1.5B: 5:20), said both ways."""
    try:
        read = read_durations(text, "h:mm")
    except ToolError:
        return None
    if any(d.kind != "bare" for d in read):  # (12:03 beside 1:02:05 or 1:32.4: a sum of which?)
        return None
    total = math.fsum(d.seconds for d in read)
    data: dict[str, Any] = {"stat": "sum", "read_as": "h:mm or m:ss", "count": len(read),
                            "each": [_number(d.seconds) for d in read], "result": _clocked(total, "h:mm", 0),
                            "words": hours_minutes_seconds(total, 0), "in_seconds": _number(total),
                            "as_mss": {"words": hours_minutes_seconds(total / 60, 0),
                                       "in_seconds": _number(total / 60)}}
    added = " + ".join(d.written for d in read) + " =" if len(read) <= _SHOWN else \
        f"the {len(read)} durations add up to"
    return data, (f"Read either way (the question says neither hours:minutes nor minutes:seconds), {added} "
                  f"{data['result']}: as hours:minutes, {_counted(total, 'h:mm', 0)}; as minutes:seconds, "
                  f"{_counted(total / 60, 'm:ss', 0)}.")


def _extreme(read: list[Listed], stat: str, places: int, data: dict[str, Any], how: str) -> tuple[dict[str, Any], str]:
    """The longest or shortest of a list, with its label or line (each of them, where several tie)."""
    best = (max if stat in ("max", "slowest") else min)(d.seconds for d in read)
    winners = [d for d in read if d.seconds == best]
    word = {"max": "longest", "min": "shortest", "fastest": "fastest (the shortest time)",
            "slowest": "slowest (the longest time)"}[stat]
    where = "; ".join(d.label or f"line {d.number}" for d in winners[:10])
    data.update(result=winners[0].written, words=hours_minutes_seconds(best, places), in_seconds=_number(best),
                lines=[d.number for d in winners], labels=[d.label for d in winners if d.label])
    return data, f"{how}, the {word} of the {len(read)} is {winners[0].written} ({data['words']}): {where}."


def _middle(read: list[Listed], stat: str, total: float, form: str, places: int, data: dict[str, Any],
            how: str) -> tuple[dict[str, Any], str]:
    """The average or the median of a list, to two places of a second at least (to the second on hours:minutes)."""
    value = total / len(read) if stat == "mean" else statistics.median(d.seconds for d in read)
    shown = max(places, 2) if form != "h:mm" else places
    about = "about " if abs(round(value, shown) - value) > 1e-9 else ""
    data.update(result=_clocked(value, form, shown), words=hours_minutes_seconds(value, shown),
                in_seconds=_number(value), total=_clocked(total, form, places))
    rounded = [r for r in _rounded(value, form, places, shown) if r != data["result"]]
    if rounded:
        data["rounded"] = rounded
    if stat == "mean":
        listed = f" ({', '.join(d.written for d in read)})" if len(read) <= _SHOWN else ""
        return data, (f"{how}, the average of the {len(read)} durations{listed} is {about}{data['result']} "
                      f"({about}{_counted(value, form, shown)}); their total is {data['total']}.")
    ordered = sorted(read, key=lambda d: d.seconds)
    listed = f" ({', '.join(d.written for d in ordered)}, in order)" if len(read) <= _SHOWN else ""
    half = len(read) // 2
    middle = "" if len(read) % 2 else f", halfway between {ordered[half - 1].written} and {ordered[half].written}"
    return data, (f"{how}, the median of the {len(read)} durations{listed} is {about}{data['result']} "
                  f"({about}{data['words']}){middle}.")


# --- the question -------------------------------------------------------------------------------------------------

# What a bare 12:03 is, as the question's words say: minutes and seconds, or hours and minutes. A long race or ride
# says neither (a marathon's 3:45 is hours).
_SAYS_MSS = re.compile(r"\b(?:calls?|laps?|songs?|tracks?|videos?|clips?|splits?|runs?|races?|playlist|album|"
                       r"mixtape|set\s*list|phone|talk\s+time|minutes\s+and\s+seconds|(?<!:)m{1,2}:ss|min:sec)\b",
                       re.I)
_SAYS_HMM = re.compile(r"\b(?:hours|hrs|shifts?|work|worked|working|hours\s+and\s+minutes|h{1,2}:mm(?!:))\b", re.I)
_LONG_RACE = re.compile(r"\b(?:marathons?|half|ultras?|iron\s*man|triathlons?|hikes?|rides?|cycl\w*|bike\w*|"
                        r"treks?|walks?|films?|movies?|flights?|podcasts?|episodes?)\b", re.I)
_RACING = re.compile(r"\b(?:laps?|splits?|runs?|races?)\b", re.I)  # (where fastest and best mean shortest)

_KIND = r"(?:calls?|laps?|songs?|tracks?|videos?|clips?|splits?|runs?|races?|shifts?|hours)"
_TIMEWORD = r"(?:times?|durations?|lengths?|timings?|running\s+times?|run\s*times?)"
_NOUNS = (rf"(?:(?:[a-z]+\s+)?{_KIND}(?:\s+{_TIMEWORD})?|(?:[a-z]+\s+)?{_TIMEWORD}|talk\s+time|playlist|album)")
_WHICH = (rf"(?:(?:(?:all\s+(?:of\s+)?)?(?:these|those|the|this|my|our|his|her|their|your)\s+|all\s+(?:of\s+)?)?"
          rf"{_NOUNS}|them|these|those|all\s+of\s+(?:them|these|those))")
_ALL = r"(?:in\s+total|altogether|all\s+together|combined|in\s+all|overall|total)"
_STAT = (r"(?:total|sum|combined|overall|average|mean|median|longest|shortest|fastest|slowest|quickest|best|worst|"
         r"maximum|minimum|max|min)")
_QUAL = (r"(?:(?:\s*,\s+|\s+)\(?(?:(?:in|as|read\s+as)\s+)?(?:minutes\s+and\s+seconds|hours\s+and\s+minutes|"
         r"mm?:ss|hh?:mm|min:sec)\)?)?")
_PREFACE = (rf"(?:(?:here\s+are|these\s+are|below\s+are)\s+(?:my|the|some|our)\s+{_NOUNS}\s*[.:;!,]\s*)?"
            r"(?:(?:so|ok|okay|and|now)(?:\s*,\s+|\s+))?(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+"
            r"(?:please\s+)?)?(?:tell\s+me\s+|work\s+out\s+|calculate\s+|compute\s+|find\s+|give\s+me\s+)?")
_ASKED = [re.compile(rf"{_PREFACE}{p}{_QUAL}", re.I) for p in (
    # "Add up these call durations" (the 1.5B: 14 hours 28 minutes), "Sum my lap times"
    rf"(?P<add>add|sum|total|tally)(?:\s+up)?(?:\s+{_WHICH})?(?:\s+up)?(?:\s+for\s+me)?(?:\s+please|,\s+please)?",
    # "What's the average of these lap times?", "What's my fastest lap?", "Total talk time?", "Average song length"
    rf"(?:what(?:'s|’s|\s+is|\s+was|\s+are|\s+were)\s+)?(?:the\s+|my\s+|our\s+)?(?P<stat>{_STAT})(?:\s+{_NOUNS})?"
    rf"(?:\s+(?:of|for|in|among|across|from)\s+{_WHICH})?(?:\s+{_ALL})?",
    # "How long are these songs in total?", "How much time do these calls take altogether?"
    rf"how\s+(?:long|much\s+time)\s+(?:(?:is|are|was|were)\s+{_WHICH}|(?:do|does|did|will|would)\s+{_WHICH}\s+"
    rf"(?:take|last|run))\s+(?P<all>{_ALL})",
    # "How long is the average song?", "How long was my longest call?"
    rf"how\s+long\s+(?:is|was|are|were)\s+(?:the|my|our|an?)\s+(?P<stat2>average|median|longest|shortest)\s+"
    rf"{_NOUNS}",
    # "How long is this playlist?"
    r"how\s+long\s+(?:is|was)\s+(?:this|the|my|that)\s+(?P<whole>playlist|album|mixtape|set\s*list)"
    rf"(?:\s+{_ALL})?",
    # "How much time did I spend on calls?"
    r"how\s+(?:long|much\s+time)\s+(?:did|have|had)\s+(?:i|we)\s+(?:spend|spent|been)\s+on\s+(?P<phone>(?:the\s+)?"
    rf"phone|(?:the\s+|these\s+|those\s+|my\s+)?calls)(?:\s+{_ALL})?",
    # "How many hours did I work this week?" (of "Mon 8:15", "Tue 8:35": a time sheet's lines are timesheets.py's)
    r"how\s+(?:long|much\s+time|many\s+hours(?:\s+and\s+minutes)?)\s+(?:did|have|had)\s+(?:i|we|you|they|he|she)\s+"
    rf"(?P<worked>work|worked|put\s+in)"
    rf"(?:\s+(?:(?:this|last)\s+(?:week|month|fortnight)|today|yesterday|{_ALL})){{0,2}}",
    # "How many hours is that in total?"
    r"how\s+many\s+(?P<hours>hours)(?:\s+and\s+minutes)?\s+(?:is\s+that|is\s+it|are\s+they|are\s+these|are\s+those)"
    rf"(?:\s+{_ALL})?",
    # "Which lap was fastest?", "Which call took the longest?", "Which of these songs is the longest?"
    rf"which\s+(?:one|{_NOUNS}|of\s+{_WHICH})\s+(?:is|was|were|took|takes|lasted|lasts|ran)\s+(?:the\s+)?"
    r"(?P<stat3>longest|shortest|fastest|slowest|quickest|best|worst)(?:\s+one)?",
)]
_STAT_OF = {"total": "sum", "sum": "sum", "combined": "sum", "overall": "sum", "average": "mean", "mean": "mean",
            "median": "median", "longest": "max", "maximum": "max", "max": "max", "shortest": "min",
            "minimum": "min", "min": "min", "fastest": "fastest", "quickest": "fastest", "best": "fastest",
            "slowest": "slowest", "worst": "slowest"}
# Values after the question's colon, on its line: "What's the average of these lap times: 1:32, 1:28 and 1:35?"
_INLINE_FIRST = re.compile(r"(?<![\w:.,])\d{1,3}:[0-5]\d(?![\w:])")
_INLINE_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+)")


def _stat_asked(head: str) -> str | None:
    """The statistic the question plainly asks (STATS), or None."""
    for pattern in _ASKED:
        match = pattern.fullmatch(head)
        if match is None:
            continue
        named = match.groupdict()
        word = named.get("stat") or named.get("stat2") or named.get("stat3")
        return _STAT_OF[word.lower()] if word else "sum"
    return None


def _read_as(head: str) -> str | None:
    """How the question's words read a bare 12:03: "m:ss", "h:mm", "" where they say neither, or None where they
    say both, or a long race or ride."""
    mss, hmm = _SAYS_MSS.search(head) is not None, _SAYS_HMM.search(head) is not None
    if (mss and hmm) or _LONG_RACE.search(head):
        return None
    return "m:ss" if mss else "h:mm" if hmm else ""


def _parted(message: str) -> tuple[str, list[str]] | None:
    """The question and its lines: those under it, or the values after its colon (or its "of") on one line."""
    text = message.strip()
    if "\n" in text:
        head, _, body = text.partition("\n")
        return head, [line.strip() for line in body.splitlines()
                      if line.strip() and not FILE_NAME.match(line.strip())]
    if len(text) > 300:
        return None
    head, colon, rest = text.partition(": ")
    first = _INLINE_FIRST.search(text) if not colon else None
    if first is not None:  # "What is the total of 1:20, 0:45 and 2:10?", "Add up 1:20 and 0:45": after "of", "up"
        head, rest = text[:first.start()].rstrip(), text[first.start():]
        words = head.rsplit(None, 1)  # (one word, "Add"; or the words before "of" or "for"; or ending "up")
        if not words or (len(words) == 2 and words[1].lower() not in ("of", "for", "up")):
            return None
        head = words[0] if words[-1].lower() in ("of", "for") else head
    rest = rest.strip().rstrip("?.!").strip()
    if not (colon or first) or not rest:
        return None
    values = _INLINE_SPLIT.split(rest)
    if any(not v or _COLON.fullmatch(v) is None and _one_duration(v) is None for v in values):
        return None  # (values alone, no labels: "Lap 1: 1:32, Lap 2: 1:28" is not read)
    return head, values


def durations_asked(message: str) -> dict[str, Any] | None:
    """The timespan tool's `durations`, `stat` and `as` for a question that plainly asks a statistic of the
    durations under it (or after its colon), at least one written with colons and no unit, each read one way; or
    None."""
    if len(message) > _MAX_TEXT:
        return None
    parted = _parted(message)
    if parted is None:
        return None
    head, lines = parted
    head = head.strip().rstrip("?.!: ").strip()
    stat = _stat_asked(head) if len(head) <= 200 else None
    read_as = _read_as(head)
    if stat is None or read_as is None or (stat in ("fastest", "slowest") and not _RACING.search(head)):
        return None
    text = "\n".join(lines)
    try:
        read = read_durations(text, read_as)
    except ToolError:
        # bare values with no word for them: a total is the same digits either way, and the tool says both
        return {"durations": text, "stat": "sum"} if stat == "sum" and not read_as and _either_way(text) else None
    if not any(d.kind != "units" for d in read):
        return None  # (units alone: "1h 20m", "45m" are timesheets.py's to add)
    return {"durations": text, "stat": stat, **({"as": read_as} if read_as else {})}
