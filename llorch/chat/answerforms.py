"""The forms an answer may write a value in, and how an answer is read for them (answercheck.py decides which).

A small model words a tool's figure its own way: 20:00 as "8 pm", 14 November as "November 14th", 405 minutes as "6h
45m", a pace of 188 seconds as 3'08". Each of those ways must pass the check of its answer and a near miss must not
("7 hours" for 6 h 45 min, a Unix time a second off), so each value is written out here in the forms an answer may
give it (`times`, `clock_forms`, `day_forms`, `dated_forms`, `part_forms`, `lengths`, `second_lengths`, `durations`,
`pace_forms`, `unix_values`), matched as whole words; `gives`, `in_order` and `by_label` read an answer for a value,
for values in order, and for each value beside its label; `called` for the time an answer calls the earlier or the
later, `clock_given` for a time of day as the answer's words read it ("9:00 am" is no 21:00) and the day it names
beside it, and `pace_given` for a pace beside its unit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from llorch.tools.daymath import WEEKDAY_NAMES, WEEKDAYS, ordinal, weekday_number
from llorch.tools.grounding import gives_number
from llorch.tools.holidayrules import MONTHS
from llorch.tools.speeds import pace_text
from llorch.tools.units import duration_words

__all__ = ["SMALL_NUMBERS", "by_label", "called", "clock_forms", "clock_given", "dated_forms", "day_forms", "durations",
           "gives", "in_order", "lengths", "pace_forms", "pace_given", "part_forms", "second_lengths", "times",
           "unix_values"]

# Whole numbers an answer may spell out, by value ("three r's"; a UUID's "version one")
SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve")


def times(hhmm: str) -> tuple[str, ...]:
    """A time as an answer may write it: 20:00, 8:00 pm, 8:00pm, 8 pm, 8pm (the last two on the hour)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    half, twelve = ("am" if hour < 12 else "pm"), hour % 12 or 12
    written = (hhmm, f"{hour}:{minute:02d}", f"{twelve}:{minute:02d} {half}", f"{twelve}:{minute:02d}{half}",
               f"{twelve}:{minute:02d} {half[0]}.m.", f"{twelve}:{minute:02d}")
    return written + ((f"{twelve} {half}", f"{twelve}{half}", f"{twelve} {half[0]}.m.") if minute == 0 else ())


_NAMED_TIMES = {0: ("midnight",), 12: ("noon", "midday")}


def clock_forms(said: str) -> tuple[str, ...]:
    """A time of day ("23:59", "23:59:58") as an answer may write it: as `times` has it, to the second where `said`
    gives seconds ("23:59:58", "11:59:58 pm"; "23:59" is either of 23:59:58 and 23:59:59), and noon or midnight by
    name."""
    hour, minute, *rest = (int(x) for x in said.split(":"))
    second = rest[0] if rest else 0
    forms = times(f"{hour:02d}:{minute:02d}") if not second else ()
    if rest:
        half, twelve, ms = ("am" if hour < 12 else "pm"), hour % 12 or 12, f"{minute:02d}:{second:02d}"
        forms += (f"{hour:02d}:{ms}", f"{hour}:{ms}", f"{twelve}:{ms} {half}", f"{twelve}:{ms}{half}",
                  f"{twelve}:{ms} {half[0]}.m.", f"{twelve}:{ms}")
    return tuple(dict.fromkeys(forms + (_NAMED_TIMES.get(hour, ()) if not minute and not second else ())))


def unix_values(data: Mapping[str, Any], asked: str) -> tuple[str, ...]:
    """A Unix time as an answer may write it, every digit (a float's tolerance would pass a second or two off), with
    or without thousands commas; in milliseconds too where asked; read in UTC too where no zone was named."""
    stamps = [data["unix"]] + ([data["utc_reading"]] if isinstance(data.get("utc_reading"), int) else [])
    if isinstance(data.get("ms"), int) and re.search(r"\bms\b|milli", asked, re.IGNORECASE):
        stamps.append(data["ms"])
    return tuple(form for stamp in stamps for form in (str(stamp), f"{stamp:,}"))


def day_forms(day: date) -> tuple[str, ...]:
    """A day as an answer may write it: 14 November, November 14(th), 14 Nov, Nov 14, 2023-11-14, 14/11/2023,
    11/14/2023."""
    month, short, n = day.strftime("%B"), day.strftime("%b"), day.day
    th = ordinal(n)
    return (f"{n} {month}", f"{n}{th} {month}", f"{n}{th} of {month}", f"{month} {n}", f"{month} {n}{th}",
            f"{n} {short}", f"{short} {n}", f"{short}. {n}", f"{short} {n}{th}", f"{n}{th} {short}", day.isoformat(), f"{n:02d}/{day.month:02d}/{day.year}",
            f"{day.month:02d}/{n:02d}/{day.year}", f"{n}/{day.month}/{day.year}", f"{day.month}/{n}/{day.year}")


def dated_forms(day: date) -> tuple[str, ...]:
    """A day with its year as an answer may write it: 29 February 2028, February 29, 2028, 2028-02-29, 29/02/2028."""
    year = str(day.year)
    return tuple(dict.fromkeys(form for said in day_forms(day)
                               for form in ((said,) if year in said else (f"{said} {year}", f"{said}, {year}"))))


def part_forms(n: int, unit: str) -> tuple[str, ...]:
    """A part of a span as an answer may write it: "11 months", "eleven months", "1 year", "one year", "a year"."""
    plural = f"{unit}s" if n != 1 else unit
    spelt = (f"{SMALL_NUMBERS[n]} {plural}",) if n < len(SMALL_NUMBERS) else ()
    return tuple(dict.fromkeys((f"{n} {plural}", f"{n:,} {plural}", *spelt, *((f"a {unit}",) if n == 1 else ()))))


def lengths(minutes: int) -> tuple[float | str, ...]:
    """A span as an answer may give it: its minutes, or its hours and minutes written out ("6 hours 45 minutes",
    "6h 45m", "6.75 hours"); not its hours rounded ("7 hours" for 6 h 45 min is wrong)."""
    hours, rest = divmod(minutes, 60)
    h, m = f"{hours} hour{'' if hours == 1 else 's'}", f"{rest} minute{'' if rest == 1 else 's'}"
    days = _day_forms(minutes)  # (past a day, as the timespan tool says it first: "2 days 8 hours 30 minutes")
    if not rest:
        return float(minutes), h, f"{hours}h", *days
    decimal = f"{minutes / 60:.2f}".rstrip("0")
    return (float(minutes), *_spelt(f"{h} {m}"), f"{hours}:{rest:02d}", f"{hours} hrs {rest} min", f"{decimal} hours",
            *days)


def _day_forms(minutes: int) -> tuple[str, ...]:
    """A span of a day or more in days, hours and minutes as an answer may write them ("2 days 8 hours 30 minutes",
    "2 days, 8 hours and 30 minutes"; the parts that are not 0)."""
    if minutes < 24 * 60:
        return ()
    days, rest = divmod(minutes, 24 * 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in zip((days, *divmod(rest, 60)), ("day", "hour", "minute"))
             if n]
    if len(parts) == 1:
        return (parts[0],)
    return tuple(dict.fromkeys((" ".join(parts), f"{', '.join(parts[:-1])} and {parts[-1]}",
                                f"{' '.join(parts[:-1])} and {parts[-1]}")))


def second_lengths(seconds: int) -> tuple[float | str, ...]:
    """A span given to the second as an answer may give it: its seconds, or its parts written out ("31 minutes 35
    seconds", "31m 35s"; past an hour all three, "1 hour 31 minutes 35 seconds", "1:31:35"), or its minutes as a
    decimal; on the whole minute, as `lengths` has it."""
    if seconds < 60:
        return (float(seconds),)
    hours, rest = divmod(seconds, 3600)
    minutes, left = divmod(rest, 60)
    if not left:
        return (float(seconds), *lengths(seconds // 60))

    def unit(n: int, name: str) -> str:
        return f"{n} {name}{'' if n == 1 else 's'}"

    if not hours:
        return (float(seconds), *_spelt(f"{unit(minutes, 'minute')} {unit(left, 'second')}"),
                f"{seconds / 60:.2f} minutes")
    three = (unit(hours, "hour"), unit(minutes, "minute"), unit(left, "second"))
    return (float(seconds), " ".join(three), f"{three[0]}, {three[1]} and {three[2]}", f"{three[0]} {three[1]} and "
            f"{three[2]}", f"{hours}h {minutes}m {left}s", f"{hours}:{minutes:02d}:{left:02d}")


_BRIEF = {"day": ("d", "days"), "hour": ("h", "hr"), "minute": ("m", "min"), "second": ("s", "sec")}


def _spelt(said: str) -> list[str]:
    """A length said in two units ("6 hours 45 minutes") as an answer may write it: so, with "and" or a comma
    between them, "6h 45m", "6h45m", "6 hr 45 min"."""
    words = said.split()
    if len(words) != 4:
        return [said]
    a, big, b, small = words
    (x, xx), (y, yy) = _BRIEF[big.rstrip("s")], _BRIEF[small.rstrip("s")]
    return [said, f"{a} {big} and {b} {small}", f"{a} {big}, {b} {small}", f"{a}{x} {b}{y}", f"{a}{x}{b}{y}",
            f"{a} {xx} {b} {yy}"]


def durations(seconds: float) -> tuple[float | str, ...]:
    """A length of time as an answer may give it: in seconds, minutes or hours (as written or rounded: "12.5
    minutes" for 752 s), or in words as the units tool says it ("12 minutes 32 seconds", "12 minutes and 32
    seconds", "12m 32s", "12 min 32 sec")."""
    forms: list[float | str] = [seconds, *_spelt(duration_words(seconds))]
    forms += [seconds / size for size in (60, 3600) if seconds >= size]  # (not "0 hours" for 752 s)
    return tuple(forms)


def pace_forms(seconds: float) -> tuple[str, ...]:
    """A pace as an answer may write it: 3:08, 3 min 8 s, 3 minutes (and) 8 seconds, 3m 8s, 3'08"; above an hour,
    1:02:05 or its parts; on the whole minute, 5:00 or 5 minutes per (a bare "5 minutes" begins "5 minutes 30")."""
    said = pace_text(seconds)
    numbers = [int(n) for n in said.split(":")]
    if len(numbers) == 3:
        return (said, *(form for form in second_lengths(numbers[0] * 3600 + numbers[1] * 60 + numbers[2])
                        if isinstance(form, str)))
    minutes, left = numbers
    if not left:
        return (said, f"{minutes}'00\"", *(f"{minutes} {unit} {per}" for unit in ("minutes", "minute", "min", "mins")
                                           for per in ("per", "a", "an", "every", "flat")))
    words = f"{minutes} minute{'' if minutes == 1 else 's'} {left} second{'' if left == 1 else 's'}"
    return (said, *_spelt(words), f"{minutes} min {left} s", f"{minutes} mins {left} secs", f"{minutes}'{left:02d}\"",
            f"{minutes}′{left:02d}″")


# A pace's unit as an answer writes it after the pace ("3:08 per mile", "5 min/km", "5:03 minutes a mile").
_PER = {"km": r"(?:km|kms|kilomet(?:er|re)s?)\b", "mile": r"(?:mi|miles?)\b"}


def pace_given(text: str, seconds: float, per: str) -> bool:
    """Whether `text` gives a pace of `seconds` per `per` ("km" or "mile"): in one of `pace_forms`, or on the whole
    minute "5 min/km", and not beside the other unit (asked per km, "3:08 per mile" is another pace)."""
    other = re.compile(rf"\s*(?:(?:minutes?|mins?)\b\s*)?(?:/|per\b|an?\b|every\b)?\s*"
                       rf"{_PER['mile' if per == 'km' else 'km']}", re.IGNORECASE)
    forms = [re.escape(form) for form in sorted(pace_forms(seconds), key=len, reverse=True)]
    whole = re.fullmatch(r"(\d+):00", pace_text(seconds))
    if whole is not None:  # ("5 minutes/km": a bare "5 minutes" begins "5 minutes 30")
        forms.append(rf"{whole.group(1)}\s*(?:minutes?|mins?)(?=\s*(?:/|per\b|an?\b|every\b))")
    return any(other.match(text, said.end()) is None for said in
               re.finditer(rf"(?<![\w:])(?:{'|'.join(forms)})(?!\w)", text, re.IGNORECASE))


# The clauses of an answer: "Compared with 12:01 am, 11:59 pm is earlier." calls 11:59 pm the earlier (the dots of
# "a.m." part nothing, nor the comma of "1,438").
_CLAUSE = re.compile(r"(?<!\b[ap]\.m)[.!?;](?=\s|$)|,\s|\n")


def called(text: str, named: Sequence[str], other: Sequence[str], words: Sequence[str]) -> bool:
    """Whether `text` calls the time `named` (its forms) by one of `words` ("earlier", "first") and never `other`:
    the time nearest each word in its clause, the one just before it ("00:01 is earlier", "00:01 comes first") or,
    where there is none, just after ("the earlier time is 12:01 am", "earlier: 00:01"). Where no word has a time
    in its clause ("12:01 am. It comes first.", or a bare "12:01 am"), the answer must name `named` and not `other`."""
    word = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words))})(?!\w)", re.IGNORECASE)
    verdicts = []
    for clause in _CLAUSE.split(text):
        spots = _time_spots(clause, named, other)
        for said in word.finditer(clause):
            before = [spot for spot in spots if spot[1] <= said.start()]
            after = [spot for spot in spots if spot[0] >= said.end()]
            if before or after:
                verdicts.append(before[-1][2] if before else after[0][2])
    if verdicts:
        return all(verdicts)
    spots = _time_spots(text, named, other)
    return bool(spots) and all(spot[2] for spot in spots)  # (named alone: "1.10.0", "12:01 am. It comes first.")


def _time_spots(clause: str, named: Sequence[str], other: Sequence[str]) -> list[tuple[int, int, bool]]:
    """Where `clause` names a time, (start, end, whether it is `named` and not `other`), in order: the longest form
    at a place ("12:00 am", not the "12:00" in it that could be noon)."""
    found: dict[tuple[int, int], set[bool]] = {}
    for forms, which in ((named, True), (other, False)):
        for form in forms:
            for m in re.finditer(rf"(?<![\w:]){re.escape(form)}(?!\w|:\d)", clause, re.IGNORECASE):
                found.setdefault(m.span(), set()).add(which)
    return sorted((a, b, found[(a, b)] == {True}) for a, b in found
                  if not any((c, d) != (a, b) and c <= a and b <= d for c, d in found))


# A time of day as an answer writes it (21:00, 9:00 pm, 9pm, 9 p.m., 9:00 in the evening, noon, midnight), with its
# half of the day where said; a bare 9:00 is the 24-hour clock's, in the morning.
_HALF_WORDS = r"\s?[ap]\.?\s?m\b|\s+(?:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)"
_CLOCK_SAID = re.compile(
    rf"(?<![\w:.+\-−])(?:(?P<h>\d{{1,2}}):(?P<m>[0-5]\d)(?::[0-5]\d)?(?![\d:])|(?P<hour>\d{{1,2}})(?={_HALF_WORDS}))"
    r"(?:\s?(?P<half>[ap])(?:\.\s?m\b\.?|\s?m\b)"
    r"|\s+(?:in\s+the\s+(?P<part>morning|afternoon|evening)|at\s+(?P<night>night)))?"
    r"|\b(?P<name>noon|midday|midnight)\b", re.IGNORECASE)
# A day as an answer names it: "11 March", "Wednesday 10 March 2027", "March 10th", "2027-03-10", "10/03/2027",
# "Wednesday", "the same day", "the day before", "a day later".
_MONTH = "(?:" + "|".join(f"{m[:3]}(?:{m[3:]})?" if m[3:] else m for m in MONTHS) + r"|sept)\.?(?![a-z])"
_WEEKDAY = "(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?"
_DAY_SAID = re.compile(
    rf"(?<![\w/:.-])(?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<m>{_MONTH})|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:]))(?:,?\s+(?P<y>\d{{4}})(?!\d))?"
    r"|(?<![\w/:.-])(?P<iso>\d{4}-\d{2}-\d{2})(?!\d)|(?<![\w/:.-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y2>\d{4})(?!\d)"
    rf"|\b(?P<wd2>{'|'.join(WEEKDAY_NAMES)})\b"
    r"|\bthe\s+(?P<rel>same\s+day|next\s+day|following\s+day|day\s+after|previous\s+day|day\s+before)\b"
    r"|\ba\s+day\s+(?P<rel2>later|earlier)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<!\b[ap]\.m)[.!?;](?=\s|$)|\n")


def _minute_of_day(said: re.Match[str]) -> int | None:
    """The minute of the day a time `_CLOCK_SAID` found is, or None ("25:00")."""
    if said.group("name"):
        return 0 if said.group("name").lower() == "midnight" else 12 * 60
    hour, minute = int(said.group("h") or said.group("hour")), int(said.group("m") or 0)
    part = (said.group("part") or "").lower()
    half = (said.group("half") or "").lower() or ("a" if part == "morning" else "p" if part or said.group("night")
                                                  else "")
    if half and 1 <= hour <= 12:
        hour = hour % 12 + (12 if half == "p" else 0)
        hour = 0 if said.group("night") and hour == 12 else hour  # ("12 at night")
    return hour * 60 + minute if hour < 24 else None


def _day_is(said: re.Match[str], day: date | None, days: int | None) -> bool:
    """Whether a day `_DAY_SAID` found may be `day` (`days` from the day the question gave), as far as it says."""
    relative = (said.group("rel") or said.group("rel2") or "").lower().split()
    if relative:
        offset = 0 if relative[0] == "same" else -1 if relative[-1] in ("before", "earlier") or \
            relative[0] == "previous" else 1
        return days is None or offset == days
    if day is None:
        return True
    if said.group("iso"):
        return said.group("iso") == day.isoformat()
    if said.group("a"):
        return int(said.group("y2")) == day.year and (int(said.group("a")), int(said.group("b"))) in (
            (day.day, day.month), (day.month, day.day))  # (10/03/2027 either way round)
    weekday = said.group("wd") or said.group("wd2")
    if weekday and weekday_number(weekday.rstrip(".")) != day.weekday():
        return False
    if said.group("wd2"):
        return True
    month = MONTHS.index(next(m for m in MONTHS if m.startswith((said.group("m") or said.group("m2"))[:3].lower())))
    year = said.group("y")
    return (month + 1, int(said.group("d") or said.group("d2"))) == (day.month, day.day) and \
        (not year or int(year) == day.year)


def clock_given(text: str, hhmm: str, day: date | None = None, days: int | None = None) -> str | None:
    """What `text` gets wrong of a time of day a tool worked out (`hhmm`) on `day` (`days` from the day the question
    gave), or None: "time" where it gives that time nowhere as it reads (a bare "9:00" is 9 in the morning, and "9:00
    am" is no 21:00), "day" where a day it names beside that time is another ("3:30 am on 11 March" for 10 March).
    A day named is the nearest time's in its sentence (the one before on a tie): "Leaving at 21:00 on 10 March, you
    land at 9:00 am on 9 March" names each end's own; an answer that names the right day anywhere is given the
    benefit of the doubt."""
    hour, minute = (int(x) for x in hhmm.split(":")[:2])
    right = hour * 60 + minute
    times = [(said.start(), said.end(), _minute_of_day(said)) for said in _CLOCK_SAID.finditer(text)]
    if not any(minutes == right for _, _, minutes in times):
        return "time"
    named = list(_DAY_SAID.finditer(text))
    if not named or any(_day_is(said, day, days) for said in named):
        return None  # (no day named, or the right one somewhere: "… on 11 March, 7 hours after leaving on 10 March")
    spans = [(a, b) for a, b, _ in times] + [said.span() for said in named]
    ends = [end.start() for end in _SENTENCE_END.finditer(text) if not any(a <= end.start() < b for a, b in spans)]
    for said in named:
        here = bisect.bisect(ends, said.start())
        near = [(said.start() - b if b <= said.start() else a - said.end(), a > said.start(), minutes)
                for a, b, minutes in times if bisect.bisect(ends, a) == here]
        if near and min(near, key=lambda n: n[:2])[2] == right and not _day_is(said, day, days):
            return "day"
    return None


def gives(text: str, value: float | str | tuple[str, ...]) -> bool:
    """Whether an answer gives an exact step's number (as written or rounded; a small whole one may be spelt out:
    "three r's") or names its word (one of its forms, given a tuple)."""
    if isinstance(value, tuple):
        return any(gives(text, form) for form in value)
    if isinstance(value, str):
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) is not None
    if value == int(value) and 0 <= value < len(SMALL_NUMBERS) and gives(text, SMALL_NUMBERS[int(value)]):
        return True
    return gives_number(text, value)


_NUMERAL = re.compile(r"(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?")


def in_order(text: str, listed: Sequence[float | str | tuple[str, ...]]) -> bool:
    """Whether `text` names every item of `listed`, each after the one before (in any case: "Berlin" for "berlin");
    an item that is a tuple is named in any of its forms (a time: 14:00, 2 pm), a float as a number written or
    rounded ("6", "6.0" for 6)."""
    at = 0
    text = text.replace("\u2212", "-")
    for item in listed:
        if isinstance(item, float):
            number = next((m for m in _NUMERAL.finditer(text, at) if gives_number(m.group(), item)), None)
            if number is None:
                return False
            at = number.end()
            continue
        forms = item if isinstance(item, tuple) else (str(item),)
        found = [m for m in (re.compile(rf"(?<!\w){re.escape(f)}(?!\w)", re.IGNORECASE).search(text, at) for f in forms)
                 if m is not None]
        if not found:
            return False
        at = min(m.end() for m in found)
    return True


def by_label(text: str, listed: Sequence[float | str | tuple[str, ...]],
              labels: Sequence[tuple[str, ...]]) -> bool | None:
    """Whether `text` gives each value beside its label: the first or the last number (or form) between one of the
    label's mentions and the next mention of any label ("The median is 4 and the mean is 6.", "the mean of 3, 9, 4,
    10, 4 is 6"); None where some label is named beside no number at all ("The mean and median are 6 and 4": the
    order then tells)."""
    text = text.replace("\u2212", "-")
    mentions = sorted((m.start(), m.end(), i) for i, forms in enumerate(labels) for form in forms
                      for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE))
    ends = [after[0] for after in mentions[1:]] + [len(text)]
    each = []
    for i, value in enumerate(listed):
        stretches = [text[end:stop] for (_, end, which), stop in zip(mentions, ends) if which == i]
        if not any(_NUMERAL.search(stretch) for stretch in stretches):
            return None
        each.append(any(_gives_at_edge(stretch, value) for stretch in stretches))
    return all(each)


def _gives_at_edge(stretch: str, value: float | str | tuple[str, ...]) -> bool:
    """Whether the first or the last number in `stretch` gives `value` (a number); for a word, whether it is named."""
    if not isinstance(value, float):
        return in_order(stretch, (value,))
    numbers = [m.group() for m in _NUMERAL.finditer(stretch)]
    return bool(numbers) and (gives_number(numbers[0], value) or gives_number(numbers[-1], value))
