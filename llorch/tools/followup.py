"""Short follow-ups to a question a tool answered exactly: "And in London?", "and 100 F?", "And in 2027?".

After "What time is it in Tokyo?" went to the clock, the 1.5B answered "And in London?" itself with "14:25 (8:25
pm)" (it was 13:25); after "Convert 72 F to C", "and 100 F?" came out 124 °C; after the days until Christmas,
"And until New Year's Eve?" was 364 days. Each names only what changes. `followed_call` reads such a message
against the exact call before it (conversation.py keeps it in the history as a tool turn) and gives the same
tool's call with that part changed, or None when the message is anything more than that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import unquoted
from llorch.tools.clock import zones_for
from llorch.tools.count import KINDS
from llorch.tools.cron import cron_asked
from llorch.tools.datequestions import days_asked
from llorch.tools.dates import COUNT, parse_day
from llorch.tools.quantities import NUMBER, UNIT
from llorch.tools.units import convert
from llorch.tools.versions import VERSION

__all__ = ["followed_call"]

_LEAD = re.compile(r"^\s*(?:and|what\s+about|how\s+about|same\s+for|now)\s*[,:]?\s+(?P<rest>.+?)\s*[?.!]*\s*$",
                   re.IGNORECASE)
_VALUE = re.compile(r"^" + NUMBER + r"\s*" + UNIT + r"?$")
_TARGET = re.compile(r"^(?:in|to|into|as)\s+" + UNIT + r"$", re.IGNORECASE)
_PLACE = re.compile(r"^(?:(?:the\s+)?(?:time\s+)?(?:in|at|for)\s+)?(?P<place>[^\d?!\n]{1,60})$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:in\s+)?(?P<year>\d{4}|next\s+year|last\s+year|the\s+year\s+after|the\s+year\s+before)$",
                   re.IGNORECASE)
_UNIT = r"(?P<unit>days?|weeks?|months?|years?)"
_COUNT_ONLY = re.compile(r"^(?:in\s+)?(?P<n>\d{1,6})(?:\s*" + _UNIT + r")?$")
_COUNTED = re.compile(r"\b" + COUNT + r"\s+" + _UNIT + r"\b")
_DAYS = re.compile(r"^(?:(?:the\s+)?days\s+)?(?P<way>until|till|til|to|before|since|after)\s+(?P<day>.+)$", re.IGNORECASE)


def followed_call(text: str, tool: str, arguments: Mapping[str, Any], now: datetime) -> dict[str, Any] | None:
    """The arguments for `tool` that a short follow-up ("and X?", "what about X?") asks, where the exact call just
    before was `tool(arguments)`: clock (another place, or "here"), units (another value, or another target unit),
    calendar's days (another day, the same way round unless it says "since" or "until"), calendar's date
    (another day, or the same day in another year), count (another word, or another letter of the same word),
    encode (another coding or hash of the same text, or the same of another quoted one), network (another prefix or
    network; another address in the same one), permissions (another mode), regex (another quoted text), cron
    (another schedule) or version (another version against the same requirement). None otherwise."""
    if len(text) > 100 or "\n" in text.strip():
        return None
    lead = _LEAD.match(text)
    if lead is None:
        return None
    rest = lead.group("rest").strip()
    try:
        if tool == "clock":
            place = _clock(rest)  # (after a conversion, the same time: "And in Tokyo?" after 3pm EST in London)
            kept = {k: arguments[k] for k in ("at", "from") if arguments.get(k)}
            return {**kept, **place} if place is not None else None
        if tool == "units":
            return _units(rest, arguments)
        if tool == "calendar" and arguments.get("action") == "days":
            return _days(rest, arguments, now)
        if tool == "calendar" and arguments.get("action") == "date":
            return _date(rest, arguments, now)
        if tool == "count":
            return _count(rest, arguments)
        if tool in _DEV:
            return _DEV[tool](rest, arguments)
    except (ToolError, ValueError, OverflowError):
        return None
    return None


def _clock(rest: str) -> dict[str, Any] | None:
    if rest.lower() in ("here", "here now", "locally", "local time"):
        return {}
    match = _PLACE.match(rest)
    if match is None:
        return None
    place = match.group("place").strip()
    zones_for(place)  # ToolError: no zone, not a follow-up the clock answers
    return {"place": place}


def _units(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    value, source, target = previous.get("value"), previous.get("from"), previous.get("to")
    if not isinstance(source, str) or not isinstance(target, str):
        return None
    match = _VALUE.match(rest)
    if match is not None:  # "and 100 F?", "and 100?": another value, the same units unless it names another
        value, source = float(match.group(1).replace(",", "")), (match.group(2) or "").strip() or source
    elif (to := _TARGET.match(rest)) is not None and isinstance(value, (int, float)):  # "and in kelvin?"
        target = to.group(1).strip()
    else:
        return None
    convert(1.0, source, target)  # ToolError: not units that convert
    return {"value": float(value), "from": source, "to": target}


def _days(rest: str, previous: Mapping[str, Any], now: datetime) -> dict[str, Any] | None:
    match = _DAYS.match(rest)
    if match is not None:
        asked = days_asked(f"How many days {match.group('way')} {match.group('day')}?", now)
    else:  # the same way round as before: since a past day (it ended today), else until
        way = "since" if previous.get("to") == now.date().isoformat() and previous.get("from") != previous.get("to") \
            else "until"
        asked = days_asked(f"How many days {way} {rest}?", now)
    return {"action": "days", "from": asked[0], "to": asked[1]} if asked is not None else None


def _date(rest: str, previous: Mapping[str, Any], now: datetime) -> dict[str, Any] | None:
    year = _YEAR.match(rest)
    if year is not None:  # "and in 2027?", "and next year?": the same day in another year
        day = parse_day(str(previous.get("date") or ""), now)
        shift = year.group("year").lower()
        target = int(shift) if shift.isdigit() else day.year + (1 if shift in ("next year", "the year after") else -1)
        words = str(previous.get("date") or "")
        named = re.search(r"\b\d{4}\b", words)
        if named is not None and not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", words):
            # a day named by its rule moves by the rule ("the third thursday of november 2027" in 2028 is the 16th,
            # not the 18th; "easter 2027" in 2028 is 16 April), not by its day and month
            moved = f"{words[:named.start()]}{target}{words[named.end():]}"
            try:
                parse_day(moved, now)
                return {"action": "date", "date": moved}
            except ToolError:
                pass
        return {"action": "date", "date": date(target, day.month, day.day).isoformat()}
    words = " ".join(rest.lower().replace("’", "'").split())
    count, before = _COUNT_ONLY.match(words), str(previous.get("date") or "").lower()
    counted = _COUNTED.search(before)
    if count is not None and counted is not None:  # "and 120 days?" after "60 days from now": the count changed
        unit = count.group("unit") or counted.group("unit")
        words = f"{before[:counted.start()]}{count.group('n')} {unit}{before[counted.end():]}"
    parse_day(words, now)  # ToolError: no day, not a follow-up the calendar answers
    return {"action": "date", "date": words}


_IN_WORD = re.compile(r"^(?:(?:in|for)\s+(?:the\s+word\s+)?(?P<text>[\"“'‘]?[\w'’-]+[\"”'’]?)"
                      r"|[\"“'‘](?P<quoted>[\w'’-]{2,})[\"”'’])$", re.IGNORECASE)
_LETTER = re.compile(r"^(?:the\s+)?(?:letter\s+)?(?P<what>[\"“'‘]?\w[\"”'’]?(?:'s|’s|s)?)$", re.IGNORECASE)


def _count(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and in raspberry?" after the r's in strawberry: the same count in another word; "and e's?": another letter
    in the same one."""
    text, what = previous.get("text"), previous.get("what")
    if not isinstance(text, str) or not isinstance(what, str):
        return None
    word = _IN_WORD.match(rest)
    if word is not None:
        return {"text": (word.group("text") or word.group("quoted")).strip("\"“”'‘’"), "what": what}
    letter = _LETTER.match(rest)
    if letter is not None:
        shown = letter.group("what").strip("\"“”'‘’")
        picked = shown[0] if len(shown) > 1 and shown.lower().endswith("s") else shown
        return {"text": text, "what": picked} if len(picked) == 1 or picked.lower() in KINDS else None
    kind = rest.lower()
    return {"text": text, "what": kind} if kind in KINDS else None


_CODING = re.compile(r"^(?:(?:in|as|to|with|using)\s+)?(?P<name>md5|sha-?\s?(?:1|224|256|384|512)|base\s?64|hex|url)"
                     r"(?:\s+(?:hash|encoding|encoded))?$", re.IGNORECASE)


def _quoted(rest: str) -> str | None:
    """The quoted text a follow-up names ("'world'", "for “abc”"), or None."""
    return unquoted(re.sub(r"^(?:for|of|with|on)\s+", "", rest)) or None


def _encode(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and sha1?" after the SHA-256 of a text: the same text hashed or coded another way; "and 'world'?": the same
    action on another quoted text (a decoding's text must decode: the tool says so if not)."""
    action, text = previous.get("action"), previous.get("text")
    if not isinstance(action, str) or not isinstance(text, str):
        return None
    coding = _CODING.match(rest)
    if coding is not None and not action.startswith("un"):
        name = re.sub(r"[\s-]", "", coding.group("name").lower())
        return {"action": name, "text": text}
    quoted = _quoted(rest)
    return {"action": action, "text": quoted} if quoted is not None else None


_PREFIX = re.compile(r"^(?:(?:for\s+)?(?:a|an|in\s+a|the)\s+)?(?P<net>/\d{1,3}|(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?)"
                     r"(?:\s+(?:network|subnet|block))?$", re.IGNORECASE)


def _network(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and a /23?" after the hosts of a /22: another prefix or network; "and 10.0.9.1?" after whether an address is
    in a network: another address in the same one."""
    match = _PREFIX.match(rest)
    address = previous.get("address")
    if match is None or not isinstance(address, str):
        return None
    net = match.group("net")
    if previous.get("contains") and "/" not in net:
        return {"address": address, "contains": net}
    return {"address": net} if "/" in net or "/" not in address else None


_MODE = re.compile(r"^(?:(?:chmod|mode)\s+)?(?P<mode>0?[0-7]{3,4}|[-dl]?[r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-])$")


def _permissions(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    match = _MODE.match(rest)
    return {"mode": match.group("mode")} if match is not None else None


def _regex(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and 'abc12'?" after whether a pattern matches a text: the same pattern over another quoted text."""
    quoted = _quoted(rest)
    pattern = previous.get("pattern")
    if quoted is None or not isinstance(pattern, str):
        return None
    return {"pattern": pattern, "text": quoted, **({"flags": previous["flags"]} if previous.get("flags") else {})}


def _cron(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and 0 */4 * * *?" after what a schedule means: another schedule."""
    asked = cron_asked(f"What does the cron {rest} mean?")
    return asked if asked is not None and asked["expression"] == " ".join(rest.strip("`'\"“”‘’").split()) else None


def _version(rest: str, previous: Mapping[str, Any]) -> dict[str, Any] | None:
    """"and 1.11.0?" after whether a version satisfies a requirement: another version against the same one."""
    version = rest.strip("`'\"“”‘’ ")
    if previous.get("action") != "satisfies" or not re.fullmatch(VERSION, version):
        return None
    return {**previous, "versions": [version]}


_DEV = {"encode": _encode, "network": _network, "permissions": _permissions, "regex": _regex, "cron": _cron,
        "version": _version}
