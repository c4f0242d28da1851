"""A quantity and how long it took, for the units tool (units.py, `took`): its speed and, for a distance, the pace.

Asked "I ran 5 km in 15 minutes 40 seconds. What's my pace per km?", the 1.5B said 15.67 minutes/km (the whole run
in minutes; it is 3:08 per km), and "What's my average speed if I drive 150 miles in 2.5 hours?" reached no tool.
A distance is said in km/h and mph (and m/s, in metres or under two minutes: 100 m in 9.58 s is 10.44 m/s) and its
pace per km and per mile (m:ss, to the second, as runners write it, from 0:01 to 999:59:59); a data size in MB/s
and Mbit/s; anything else per second, minute or hour as its time fits (litres per minute). `speed_asked` recognises
a message that plainly asks one of these, so that it goes to the tool before the model answers (a pace per mile
asked is the tool's `to`, said first), also of someone else's run told first and asked after: "Usain Bolt ran 100 m
in 9.58 s. What is that in km/h?" (the 1.5B said 0.0745 km/h; it is 37.58), "How fast is that in mph?", "What speed
is that?".
"""

from __future__ import annotations

import math
import re
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolResult
from llorch.tools.durations import read_terms
from llorch.tools.quantities import MAX_UNIT, NUMBER, number_text, registry, symbol_of, unit_of, unit_word

__all__ = ["pace_text", "speed", "speed_asked", "took_seconds"]

_IMPERIAL = frozenset({"mi", "yd", "ft", "in"})  # a distance in these goes in mph and per mile first
_MILE_KM = 1.609344  # exact, by definition
_MAX_PACE = 1_000 * 3_600 - 0.5  # a pace said from 1000:00:00 (1e-300 km in 1 s: ~300 digits)
_EXAMPLE = "e.g. 15 min 40 s, 2.5 hours or 1:15:30"
# "1:15:30" is hours, minutes and seconds; "15:40" is minutes and seconds to a runner and hours and minutes to a
# driver, so two parts need their unit ("15:40 min", "2:30 h")
_CLOCK = re.compile(r"\s*(\d{1,3}):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m)?\s*",
                    re.IGNORECASE)


def took_seconds(text: str) -> float:
    """How long something took ("15 minutes 40 seconds", "15 min 40 s", "2.5 hours", "1 h 15 min", "1:15:30",
    "15:40 min"), in seconds, above zero. Raises ToolError naming what to give."""
    clock = _CLOCK.fullmatch(text)
    if clock is not None:
        first, second, third = int(clock.group(1)), int(clock.group(2)), clock.group(3)
        unit = (clock.group("unit") or "").lower()
        if third is not None and unit[:1] not in ("", "h"):
            raise ToolError(f"units: {text.strip()!r} is hours, minutes and seconds; give it as 1:15:30")
        if third is None and not unit:
            raise ToolError(f"units: {text.strip()!r} could be minutes and seconds or hours and minutes; give "
                            "15 min 40 s, 0:15:40 or 2 h 30 min")
        seconds = (first * 3_600 + second * 60 + float(third) if third is not None else
                   (first * 60 + second) * (60 if unit.startswith("h") else 1))
    else:
        try:
            terms = read_terms(text)
        except ToolError:
            terms = []
        if len(terms) != 1 or terms[0].sign != 1 or terms[0].times != 1 or terms[0].clock:
            raise ToolError(f"units: took {text.strip()!r} is no length of time llorch reads; give one, {_EXAMPLE}")
        seconds = terms[0].seconds
    if seconds <= 0:
        raise ToolError(f"units: took {text.strip()!r} is no time at all; give how long it took, {_EXAMPLE}")
    if seconds >= 1e12:
        raise ToolError(f"units: took {text.strip()!r} is too long; give how long it took, {_EXAMPLE}")
    return seconds


def _took_words(seconds: float) -> str:
    """How long it took, said back to the second: "15 minutes 40 seconds", "2 hours 30 minutes", "9.58 seconds"."""
    seconds = round(seconds, 6)  # (float noise: not 59.9999999 seconds)
    hours, minutes = int(seconds // 3_600), int(seconds % 3_600 // 60)
    rest = seconds - hours * 3_600 - minutes * 60
    parts = [f"{n} {name}{'' if n == 1 else 's'}" for n, name in ((hours, "hour"), (minutes, "minute")) if n]
    if number_text(rest) != "0" or not parts:
        parts.append(f"{number_text(rest)} second{'' if number_text(rest) == '1' else 's'}")
    return " ".join(parts)


def pace_text(seconds: float) -> str:
    """A pace as runners write it, to the second (half up): "3:08", "1:02:05" above an hour."""
    whole = math.floor(round(seconds, 6) + 0.5)
    hours, rest = divmod(whole, 3_600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _kind(unit: Any) -> str:
    """length, data (pint's bytes and bits have no dimension) or other (an amount per second, minute or hour);
    ToolError for what does not go anywhere in a time (a time, a speed, a temperature, a bare number)."""
    dims = dict(unit.dimensionality)
    if not dims and re.search(r"bit|byte", str(unit)):
        return "data"
    if dims == {"[length]": 1}:
        return "length"
    if dims and "[time]" not in dims and "[temperature]" not in dims:
        return "other"
    raise ToolError(f"units: {symbol_of(unit)} is no distance, data size or amount that takes a time; give e.g. "
                    "5 km, 2 GB or 200 L with took")


def _rates(have: Any, kind: str, seconds: float) -> list[tuple[str, Any]]:
    """The speeds a kind is said in, as (symbol, pint unit), the usual first."""
    ureg = registry()
    if kind == "length":
        km, miles = ("km/h", unit_of("km/h")), ("mph", unit_of("mph"))
        sprint = [("m/s", unit_of("m/s"))] if symbol_of(have) == "m" or seconds < 120 else []  # (100 m in 9.58 s)
        return [miles, km, *sprint] if symbol_of(have) in _IMPERIAL else [km, miles, *sprint]
    if kind == "data":
        return [("MB/s", unit_of("MB/s")), ("Mbit/s", unit_of("Mbit/s"))]
    per, name = (ureg.second, "s") if seconds < 120 else (ureg.minute, "min") if seconds < 7_200 else (ureg.hour, "h")
    return [(f"{symbol_of(have)}/{name}", have / per)]  # ("L/min": pint's own symbol is "l/min")


def speed(value: float, source: str, took: str, to: str = "") -> ToolResult:
    """`value` `source` done in `took`: its speed (in `to` first, where given) and, for a distance, its pace per km
    and per mile. Raises ToolError."""
    import pint

    if len(took) > MAX_UNIT:
        raise ToolError(f"units: took is at most {MAX_UNIT} characters; give how long it took, {_EXAMPLE}")
    seconds = took_seconds(took)
    have = unit_of(source)
    kind = _kind(have)
    if not 0 < value < 1e15:
        raise ToolError(f"units: a speed needs a quantity above zero; got {number_text(value)} {symbol_of(have)}")
    rates = _rates(have, kind, seconds)
    pace_first = "mile" if symbol_of(have) in _IMPERIAL else "km"
    if to:
        wanted = unit_of(to)
        if kind == "length" and dict(wanted.dimensionality) == {"[time]": 1, "[length]": -1}:
            pace_first = "mile" if re.search(r"\bmi(?:les?)?\b", to, re.IGNORECASE) else "km"  # ("min/mile")
        elif wanted.dimensionality != (have / registry().second).dimensionality:
            raise ToolError(f"units: {to!r} is no speed of {symbol_of(have)}; give e.g. km/h, mph, m/s or MB/s, or "
                            "no to (the usual ones are said)")
        else:
            shown = symbol_of(wanted)
            rates = [(shown, wanted), *(rate for rate in rates if rate[0] != shown)]
    ureg = registry()
    try:
        went = ureg.Quantity(value, have) / ureg.Quantity(seconds, ureg.second)
        speeds = {symbol: float(went.to(unit).magnitude) for symbol, unit in rates}
    except (pint.errors.PintError, OverflowError, ValueError, ZeroDivisionError, TypeError) as exc:
        raise ToolError(f"units: cannot work out the speed of {number_text(value)} {source} in {took}: {exc}") from None
    if not all(0 < v < float("inf") for v in speeds.values()):
        raise ToolError(f"units: {number_text(value)} {source} in {took} is too fast or too slow to say")
    said = [f"{number_text(v)} {symbol}" for symbol, v in speeds.items()]
    shown = f"{number_text(value)} {unit_word(symbol_of(have), value)} in {_took_words(seconds)} is {said[0]}"
    shown += f" ({', '.join(said[1:])})" if len(said) > 1 else ""
    data: dict[str, Any] = {"value": value, "from": symbol_of(have), "took": _took_words(seconds),
                            "seconds": seconds, "speed": speeds}
    if to:
        data["to"] = to
    if kind != "length":
        return ToolResult(f"{shown}.", data)
    km = float(ureg.Quantity(value, have).to(ureg.kilometer).magnitude)
    paces = {"km": seconds / km, "mile": seconds / km * _MILE_KM} if km > 0 else {"km": math.inf}
    if any(pace >= _MAX_PACE or pace_text(pace) == "0:00" for pace in paces.values()):  # (0.0000001 s: 0:00)
        raise ToolError(f"units: {number_text(value)} {source} in {took} is too fast or too slow to say")
    if pace_first == "mile":
        paces = {"mile": paces["mile"], "km": paces["km"]}
    (first, a), (second, b) = paces.items()
    data["pace"] = paces
    return ToolResult(f"{shown}: a pace of {pace_text(a)} per {first} ({pace_text(b)} per {second}).", data)


# --- what a message asks -------------------------------------------------------------------------

_SUBJECT = r"(?:i|we|you|he|she|they|it|(?:a|an|the|my|our|his|her|their)\s+[a-z]+)"
# Who else did it, told first: "Usain Bolt ran …", "A cheetah covers …", "The express train travels …"
_TOLD = (r"(?:" + _SUBJECT + r"|(?:a|an|the|my|our|his|her|their)\s+[a-z]+\s+[a-z]+|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)"
         r"{0,2}))")
_AUX = (r"(?:(?:can|could|will|would|should|did|do|does|have|has|had|just|managed\s+to|want\s+to|need\s+to|"
        r"am\s+going\s+to)\s+)?")
_VERB = (r"(?:ran|run|runs|jog(?:ged|s)?|walk(?:ed|s)?|hike[ds]?|cycle[ds]?|bike[ds]?|rode|rides?|swam|"
         r"swims?|row(?:ed|s)?|drove|drive[ns]?|flew|fly|flies|sail(?:ed|s)?|skate[ds]?|ski(?:ed|s)?|"
         r"travel(?:l?ed|s)?|cover(?:ed|s)?|go(?:es)?|went|did|do(?:es)?|complete[ds]?|finish(?:ed|es)?|"
         r"download(?:ed|s)?|upload(?:ed|s)?|transfer(?:red|s)?|cop(?:y|ied|ies)|sen[dt]s?|sync(?:ed|s)?|"
         r"stream(?:ed|s)?|fill(?:ed|s)?|pump(?:ed|s)?|drain(?:ed|s)?)")
_DONE = (_AUX + r"(?P<verb>" + _VERB + r")\s+(?:a\s+distance\s+of\s+|(?P<race>an?\s+(?:half[\s-])?marathon|a\s+race|"
         r"a\s+(?:\w+\s+)?(?:loop|lap|route|course|trail)),\s+)?(?P<value>" + NUMBER + r")\s*"
         r"(?P<source>[^\d?!,;:.]{1,30}?)(?(race),?)"
         r"\s+in\s+(?:just\s+|exactly\s+|only\s+)?(?P<took>\d[\w\s.:,]{0,40}?)")
_WHAT = (r"(?:what(?:'s|’s|s|\s+is|\s+was|\s+were|\s+would\s+be|\s+will\s+be)|(?:please\s+)?(?:calculate|work\s+out|"
         r"tell\s+me)|(?:can|could)\s+you\s+(?:calculate|work\s+out|tell\s+me))")
_PACE_PER = r"(?:\s*/\s*|\s+(?:per|a|an|every)\s+)(?P<per>km|kilomet(?:er|re)|mi|mile)s?\b"
_ASKS = (r"(?:" + _WHAT + r"\s+(?:(?:my|the|our|your|his|her|their|its)\s+)?(?:(?:average|avg|mean|overall)\s+)?"
         r"(?:(?:running|download|upload|transfer|driving|cycling|walking|swimming|travel|flow)\s+)?"
         r"(?P<asks>pace|speed|rate|velocity)(?:" + _PACE_PER + r")?(?:\s+in\s+(?P<to>[a-z/ ]{1,25}?))?"
         r"|how\s+fast\s+(?:was|were|am|is|are|did|do|does)\s+(?:i|we|you|he|she|they|it)(?:\s+(?:going|go|"
         r"travel(?:l?ing)?|moving|move|run(?:ning)?|driv(?:e|ing)|cycl(?:e|ing)|rid(?:e|ing)))?)")
# The same asked of a sentence before it: "What is that in km/h?", "How fast is that in mph?", "What speed is that?"
_THAT = r"(?:that|this)"
_ASKS_THAT = (r"(?:" + _WHAT + r"\s+" + _THAT + r"\s+in\s+(?P<to2>[a-z/ ]{1,25}?)"
              r"|how\s+fast\s+(?:is|was)\s+" + _THAT + r"(?:\s+in\s+(?P<to3>[a-z/ ]{1,25}?))?"
              r"|what\s+(?:average\s+)?speed\s+(?:is|was)\s+" + _THAT + r"(?:\s+in\s+(?P<to4>[a-z/ ]{1,25}?))?)")
_END = r"\s*[?.!]*\s*$"
_SPEED_ASKS = [re.compile(pattern, re.IGNORECASE) for pattern in (
    # "I ran 5 km in 15 minutes 40 seconds. What's my pace per km?"
    r"^\s*" + _SUBJECT + r"\s+" + _DONE + r"\s*[.,;!]?\s*(?:so\s+)?" + _ASKS + _END,
    # "Usain Bolt ran 100 m in 9.58 s. What is that in km/h?" (the 1.5B said 0.0745 km/h; it is 37.58)
    r"^\s*" + _TOLD + r"\s+" + _DONE + r"\s*[.,;!]\s*(?:" + _ASKS + "|" + _ASKS_THAT + ")" + _END,
    # "What's my pace per km if I run 10 km in 52 minutes?", "What is the average speed of a car that travels 300 km
    # in 4 hours?"
    r"^\s*" + _ASKS + r"(?:(?:\s*,\s+|\s+)(?:if|when|given\s+that)\s+" + _SUBJECT + r"\s+|\s+of\s+(?:a|an|the)\s+[a-z]+"
    r"(?:\s+[a-z]+)?\s+(?:that|which|who)\s+)" + _DONE + _END,
    # "If I cycle 30 km in 1 h 15 min, what's my speed?"
    r"^\s*(?:if|when)\s+" + _SUBJECT + r"\s+" + _DONE + r"\s*,?\s*(?:then\s+)?" + _ASKS + _END,
)]


# A bare "27:30" is minutes and seconds to a runner and hours and minutes to a walker of a marathon: for each way of
# going, only one reading gives a speed in its range, in km/h (each range's ends less than 60 apart, so never both:
# "I ran 10 km in 8:00" is 75 km/h or 1.25, neither a run's, and stays the model's; a horse's or a cheetah's run, too)
_SPEEDS_KMH = tuple((re.compile(verbs, re.IGNORECASE), low, high) for verbs, low, high in (
    (r"ran|run|jog", 4.0, 40.0), (r"walk|hike", 1.0, 12.0), (r"swam|swim", 0.5, 10.0), (r"row|skate|ski", 2.0, 50.0),
    (r"cycl|bike|rode|ride", 5.0, 60.0), (r"drove|drive", 10.0, 200.0)))


def _clock_read(took: str, verb: str, value: float, source: str) -> str:
    """`took` with a bare "m:ss" or "h:mm" written out ("27 min 30 s", "3 h 45 min") where the verb and the
    distance allow only one of them ("I ran 5 km in 27:30": 10.9 km/h, not 0.18); else `took` as it was."""
    clock = re.fullmatch(r"(\d{1,3}):([0-5]\d)", took)
    ranges = [(low, high) for verbs, low, high in _SPEEDS_KMH if verbs.match(verb)]
    if clock is None or not ranges or _kind(unit_of(source)) != "length":
        return took
    first, second = int(clock.group(1)), int(clock.group(2))
    km = float(registry().Quantity(value, unit_of(source)).to("km").magnitude)
    low, high = ranges[0]
    fits = [" ".join(f"{n} {unit}" for n, unit in zip((first, second), units) if n)
            for units, hours in ((("min", "s"), (first * 60 + second) / 3_600), (("h", "min"), first + second / 60))
            if hours > 0 and low < km / hours < high]
    return fits[0] if len(fits) == 1 else took


def speed_asked(text: str) -> dict[str, Any] | None:
    """The speed or pace a message plainly asks, as the units tool's arguments, or None: one quantity done in one
    length of time, and a question of its speed, pace or rate and nothing else ("I ran 5 km in 30 minutes and then
    walked 2 km. What's my pace?" is not plain, nor is a pace asked of anything but a distance)."""
    for pattern in _SPEED_ASKS:
        match = pattern.match(text)
        if match is None:
            continue
        value, source = float(match.group("value").replace(",", "")), match.group("source").strip()
        named = match.groupdict()
        that = next((named[g] for g in ("to2", "to3", "to4") if named.get(g)), "")  # ("What is that in km/h?")
        took, to = " ".join(match.group("took").split()), " ".join((named.get("to") or that).split())
        per = named.get("per") or ""
        try:
            took = _clock_read(took, match.group("verb"), value, source)
            if that and dict(unit_of(to).dimensionality) == {"[time]": 1}:
                return None  # ("What is that in minutes?": how long it took, or its pace?)
            if to and dict(unit_of(to).dimensionality).get("[time]") == 1:  # "pace in minutes per km"
                per, to = per or to, ""
            if per:  # "pace per mile": said first ("I ran 10 km in 50 minutes" leads with its pace per km)
                to = "min/mile" if re.search(r"\bmi(?:les?)?\b", per, re.IGNORECASE) else "min/km"
            done = speed(value, source, took, to)
        except ToolError:
            return None
        if (named.get("asks") or "").lower() == "pace" and "pace" not in done.data:
            return None  # (the pace of a download is no plain question)
        return {"value": value, "from": source, "took": took, **({"to": to} if to else {})}
    return None
