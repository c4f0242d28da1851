"""What an answer must give of a developer tool's result: encode, network, permissions, regex, validate, cron,
version, text and color (`checked_values`), and what a code means (`code_values`, the codes tool).

answercheck.py's `expected` sends those tools' results here; each reader picks, from the question, what an answer
must name of the result: a digest, the netmask asked for, the form of a color, a version, a yes or a no.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from llorch.chat.answerforms import SMALL_NUMBERS
from llorch.chat.expect import NO, YES_NO, YES_VERDICT, Checked, Expect
from llorch.tools.daymath import ordinal

__all__ = ["checked_values", "code_values"]


# What a question of a network asks for, first match first ("the wildcard mask" is no netmask, "the last usable
# host" no count of hosts).
_NETWORK_ASKED = ((re.compile(r"expand|in\s+full|full\s+form"), "exploded"),
                  (re.compile(r"compress|shorten|shortest"), "compressed"), (re.compile(r"wildcard"), "wildcard"),
                  (re.compile(r"\bfirst\b"), "first_host"),
                  (re.compile(r"\blast\b"), "last_host"), (re.compile(r"broadcast"), "broadcast"),
                  (re.compile(r"mask"), "netmask"), (re.compile(r"network\s+address"), "first"),
                  (re.compile(r"usable|hosts"), "hosts"), (re.compile(r"addresses|how\s+many\s+ips?\b"), "addresses"))


# A file mode asked in letters: "in rwx notation", "symbolically", "as ls -l shows it" (chmod 754 told, the 1.5B
# said what each may do and never wrote rwxr-xr--).
_SYMBOLIC_ASKED = re.compile(r"\brwx\b|\bsymbolic(?:ally)?\b|\bin\s+letters\b|\bls\s+-l\b", re.IGNORECASE)


def _symbolic_forms(symbolic: str) -> Checked:
    """A mode in letters as an answer may write it: whole ("rwxr-xr--", "-rwxr-xr--"), its three triads in order
    ("owner: rwx, group: r-x, others: r--", "7 (rwx), 5 (r-x), 4 (r--)") or chmod's own "u=rwx,g=rx,o=r"."""
    triads = [symbolic[i:i + 3] for i in (0, 3, 6)] if len(symbolic) == 9 else []
    if not triads:
        return (symbolic,) if symbolic else ()
    chmod = ",".join(f"{who}={triad.replace('-', '')}" for who, triad in zip("ugo", triads))
    return Expect("in_order", tuple(triads), whole=(symbolic, chmod))


def _color_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of the color tool's result: the contrast ratio; the form the question asks for —
    the hex code, the RGB or HSL numbers in order (the 1.5B gave #336699 as 240°, 100%, 50%) — or the name."""
    if data.get("action") == "contrast":
        return (float(data["ratio"]),) if isinstance(data.get("ratio"), (int, float)) else ()
    lowered = asked.lower()
    hsl = re.findall(r"\d+", str(data.get("hsl", "")))
    rgb = tuple(str(data.get(k)) for k in ("red", "green", "blue"))
    forms: list[tuple[str, Checked]] = [
        (r"\bhsla?\b", Expect("in_order", tuple(hsl))), (r"\brgba?\b", Expect("in_order", rgb)),
        (r"\bhex", (str(data.get("hex")), str(data.get("hex", "")).lstrip("#")))]
    # The form named last is the one asked for: "rgb(255, 99, 71) in hex" names both.
    named = [(m.start(), values) for pattern, values in forms for m in re.finditer(pattern, lowered)]
    if named:
        return max(named, key=lambda found: found[0])[1]
    return (str(data["name"]),) if data.get("name") else ()


def code_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of what a code means: the signal that ended a process (exit 137: the 1.5B said "an
    unhandled exception"), "not found" for 127, the errno's name or message (errno 111: it said "host not
    reachable"); or the number, where the question gave the name (which HTTP status is "Gone")."""
    kind, by_name = data.get("kind"), re.search(r"\d", asked) is None
    number_asked = by_name and re.search(r"\bnumber\b|\bwhich\s+(?:code|status|signal|errno)\b", asked, re.I)
    if kind == "exit":
        if data.get("signal"):
            return (str(data["signal"]), f"signal {data.get('signal_number')}",
                    str(data.get("description", "")) or str(data["signal"]))  # ("a segmentation fault" says it)
        return {0: ("success", "successful", "succeeded"), 126: ("executable", "permission"),
                127: ("not found",)}.get(int(data.get("seen", data.get("status", -1))), ())
    if kind == "signal" and by_name:
        return (float(data["number"]),) if number_asked else ()  # ("What is SIGTERM?": its words vary)
    if kind == "signal":
        return str(data["name"]), str(data["name"])[3:]
    if kind == "errno" and by_name:  # ("ECONNRESET meaning?": "reset by the peer" says it as well as the message)
        return (float(data["number"]),) if number_asked else ()
    if kind == "errno":
        return str(data["name"]), str(data["message"])
    if kind == "http" and data.get("phrase") and by_name:  # ("Which status means Gone?"; a status's meaning is
        return (float(data["status"]),)  # worded many ways: "permanently moved" is Moved Permanently)
    return ()


def _version_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of the version tool's result: a word that says no where a version does not satisfy
    a requirement or is not newer (older) as asked — the 1.5B said pip's ~=2.2 does not allow 2.3.1 —, the newer
    one where the question asks which, the newest (oldest) of a list where it asks for that."""
    action, lowered = data.get("action"), asked.lower()
    older = re.search(r"\b(?:older|earlier|lower|smaller|less|oldest|lowest)\b", lowered) is not None
    if action == "satisfies":
        return YES_VERDICT if data.get("satisfies") else NO
    if action == "compare" and YES_NO.match(asked):
        order = int(data.get("order", 0))
        return YES_VERDICT if (order < 0 if older else order > 0) else NO
    if action == "compare" and data.get("newer"):
        return () if older else (str(data["newer"]),)
    ordered = [str(v) for v in data.get("sorted") or []]
    if action == "sort" and 2 <= len(ordered) <= 50 and re.match(r"\W*(?:please\s+)?(?:sort|order|arrange|rank|put)\b",
                                                                lowered):
        # every version, in the order asked ("The newest version is 10.0.0, and the oldest is 2.1.11." sorted none)
        down = re.search(r"\b(?:newest|latest|highest)\s+(?:first|to\s+(?:oldest|lowest))|\bdescending\b", lowered)
        return Expect("in_order", tuple(reversed(ordered) if down else ordered))
    if action == "sort" and ordered and re.search(r"\b(?:latest|newest|highest|oldest|lowest)\b", lowered):
        return (ordered[0] if older else ordered[-1],)
    return ()


def _unicode_values(data: Mapping[str, Any], asked: str) -> tuple[float | str, ...]:
    """What an answer must give of a character's facts: the UTF-8 size or bytes, the decimal (ASCII) value or the
    code point, whichever the question asks (nothing for a code point asked about: names vary)."""
    lowered, chars = asked.lower(), data.get("chars") or []
    if "bytes" in lowered and "how many" in lowered:
        return (float(data.get("bytes", 0)),)
    if len(chars) != 1:
        return ()
    char = chars[0]
    hexed = str(char["utf8"])
    if "utf" in lowered or "hex" in lowered:
        return (hexed, hexed.replace(" ", ""), "\\x" + hexed.replace(" ", "\\x"), "0x" + hexed.replace(" ", " 0x"),
                f"{char['decimal']:x}")
    if "ascii" in lowered or "decimal" in lowered:
        return (float(char["decimal"]), str(char["code_point"]))
    if re.search(r"(?:U\+|\\u)[0-9a-f]{4}", asked, re.IGNORECASE):
        return ()  # a character may be named many ways ("a smiling face emoji" for GRINNING FACE)
    return (str(char["code_point"]), float(char["decimal"]))


def checked_values(tool: str, data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of a developer tool's result: the encoding or digest itself, a word that says no
    where the tool says a regex does not match, a text is not valid or an address is outside a network (the 1.5B
    said yes to all three), the octal of a symbolic mode, the netmask, broadcast or host count asked for, a list's
    number of distinct items (in any form: "three", "1,234"), or the day a schedule next runs (told "Saturday 5
    December; ...; Saturday 19 December", the 1.5B answered the 19th)."""
    if tool == "encode" and data.get("action") == "unicode":
        return _unicode_values(data, asked)
    if tool == "version":
        return _version_values(data, asked)
    if tool == "color":
        return _color_values(data, asked)
    if tool == "text" and data.get("action") == "compare":
        changed = [c.get("to") or c.get("from") for c in data.get("changes") or []]
        if changed and len(changed) <= 20:  # each change, in order (the 1.5B gave brown → red, not jumps → jumped)
            return Expect("in_order", tuple(map(str, changed)))
        if YES_NO.match(asked):
            return YES_VERDICT if data.get("result") else NO
        return ()
    if tool == "text" and isinstance(data.get("most"), list) and data["most"]:
        return tuple(map(str, data["most"]))  # (asked which comes most often: the 1.5B named corp.io, seen twice)
    if tool == "text" and isinstance(data.get("distinct"), int):  # how many distinct items: a number in any form
        # ("three", "1,234"), as the count tool's, or the number ignoring case where items differ by case alone
        anycase = data.get("ignoring_case")
        return (float(data["distinct"]), *((float(anycase),) if isinstance(anycase, int) else ()))
    if tool == "text":
        result = data.get("result")
        if isinstance(result, bool):
            return YES_VERDICT if result else NO
        if isinstance(result, list):  # every item, in the tool's order ("Adam, Carl, Émile, Zoe, Bob": out of order)
            return Expect("in_order", tuple(map(str, result))) if 2 <= len(result) <= 50 else ()
        return (str(result),) if result else ()
    if tool == "encode" and data.get("action") == "jwt":  # "Is this JWT expired?" of one that is not
        return NO if data.get("expired") is False and re.search(r"\bexpired\b", asked, re.I) else ()
    if tool == "encode":
        return tuple(str(data[k]) for k in ("result", "without_newline") if data.get(k))
    if tool == "regex":
        return YES_VERDICT if data.get("matches") else NO
    if tool == "validate" and data.get("format") == "uuid" and data.get("valid") and "version" in asked.lower():
        # a UUID's version asked: nil or max named; else its number beside "version" ("version 1", "Version: 1",
        # "| Version | 1 |") or written with it ("UUIDv1", "v1", "version one")
        version = data.get("version")
        if data.get("special"):
            return (str(data["special"]),)
        if not isinstance(version, int) or not 1 <= version <= 8:
            return ()
        word = SMALL_NUMBERS[version]
        return Expect("in_order", (float(version),), labels=(("version", "type"),),
                      whole=(f"uuidv{version}", f"uuid v{version}", f"uuid{version}", f"v{version}",
                             f"version {word}", f"version-{version}"))
    if tool == "validate" and data.get("format") == "uuid" and not data.get("valid") and data.get("uuid"):
        return ()  # (32 hex digits without hyphens: a GUID to .NET and Python, no UUID to RFC 9562's string form)
    if tool == "validate":
        return YES_VERDICT if data.get("valid") else NO
    if tool == "permissions":  # the other form than the one given, where it is asked for
        if str(data.get("symbolic", "")) in asked:
            return (str(data["octal"]),)
        return _symbolic_forms(str(data.get("symbolic", ""))) if _SYMBOLIC_ASKED.search(asked) else ()
    if tool == "cron" and data.get("schedule"):  # written from the words: the answer must give the expression
        return (str(data.get("expression", "")),)
    if tool == "cron":  # the first run's day, when the question asks when it runs
        runs = data.get("next") or []
        if not runs or not re.search(r"\b(?:when|next)\b", asked, re.IGNORECASE):
            return ()
        day = datetime.fromisoformat(str(runs[0]))
        nth = f"{day.day}{ordinal(day.day)}"
        return tuple(f"{a} {b}" for a, b in ((day.day, f"{day:%B}"), (f"{day:%B}", day.day), (nth, f"{day:%B}"),
                                               (f"{day:%B}", nth), (nth, f"of {day:%B}"))) + (day.date().isoformat(),)
    if "inside" in data or "valid" in data:  # (an address in a network; an address valid: the 1.5B said
        return YES_VERDICT if data.get("inside", data.get("valid")) else NO  # 192.168.1.300 is one)
    lowered = asked.lower()
    for words, key in _NETWORK_ASKED:
        if words.search(lowered) and key in data:
            value = data[key]
            return (float(value),) if isinstance(value, int) else (str(value),)
    return ()
