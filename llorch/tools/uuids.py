"""A UUID checked for the validate tool: whether a text is one, which rule it breaks where it is not, and its version
and variant where it is (Python's `uuid` reads those).

Asked "Is this a valid UUID: 123e4567-e89b-12d3-a456-42661417400?" (11 hex digits in the last group, not 12), the
1.5B said "Yes, this is a valid UUID." `uuid_asked` recognises a message that plainly asks whether one UUID-looking
text it gives is a UUID (or a GUID), or which version it is, so that it goes to the validate tool before the model
answers.

Valid is RFC 9562's form, 8-4-4-4-12 hex digits in any case, bare, in braces ({…}, as Microsoft writes GUIDs) or as
a URN (urn:uuid:…). The 32 hex digits without hyphens are not: RFC 9562's string form, JSON Schema's "uuid" format
and Java's UUID.fromString all want the hyphens, though Python's uuid.UUID and PostgreSQL read them without; the
answer says so and gives the hyphenated form. Python's uuid.UUID is no check of the form itself: it drops every
hyphen and brace wherever they are ("{{1234-…", "123e4567e89b-12d3…" pass), so the form is checked here and only
the version and variant are read from it.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from llorch.tools.asking import LEAD, POLITE, and_joined, asked_parts, unquoted

__all__ = ["uuid_asked", "uuid_checked"]

_GROUPS = (8, 4, 4, 4, 12)
_NTH = ("first", "second", "third", "fourth", "fifth")
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_NOT_HEX = re.compile(r"[^0-9a-fA-F-]")
_URN = "urn:uuid:"
_WRITTEN = {"braces": " (in braces, as Microsoft writes GUIDs)", "urn": " (as a URN)", "plain": ""}
_VERSIONS = {1: "time-based: a timestamp and a node ID, often a MAC address",
             2: "DCE Security: time-based, with a POSIX user or group ID",
             3: "name-based, hashed with MD5", 4: "random", 5: "name-based, hashed with SHA-1",
             6: "time-based, reordered to sort by time",
             7: "Unix-time-based: milliseconds, then random bits; sorts by time",
             8: "custom: its bits are the vendor's own"}
_VARIANTS = {uuid.RFC_4122: "RFC 9562", uuid.RESERVED_NCS: "NCS", uuid.RESERVED_MICROSOFT: "Microsoft",
             uuid.RESERVED_FUTURE: "future"}
_VARIANT_SAID = {"NCS": "the NCS variant (reserved, for backward compatibility)",
                 "Microsoft": "Microsoft's variant (reserved, for old COM GUIDs)",
                 "future": "the variant reserved for future definition"}


def uuid_checked(text: str) -> tuple[dict[str, Any], str]:
    """Whether `text` (surrounding whitespace aside) is a UUID in RFC 9562's form and, if not, which rule it breaks;
    if so, its version and variant; as data and in a sentence."""
    core, written, reason, at = _unwrapped(text.strip())
    if not reason:
        reason = _form_broken(core, at)
    if reason:
        data: dict[str, Any] = {"format": "uuid", "valid": False, "error": reason}
        if len(core) == 32 and "-" not in core and not _NOT_HEX.search(core):
            data["uuid"] = str(uuid.UUID(core))  # (the hyphens left out: its hyphenated form)
        return data, f"Not a valid UUID: {reason}."
    value = uuid.UUID(core)
    variant = _VARIANTS[value.variant]
    data = {"format": "uuid", "valid": True, "uuid": str(value), "written": written, "version": value.version,
            "variant": variant}
    if value.int in (0, (1 << 128) - 1):  # (RFC 9562's nil and max UUIDs: Python reads them as NCS and future)
        data["special"] = "nil" if value.int == 0 else "max"
        what = f"the {data['special']} UUID (all 128 bits {'zero' if value.int == 0 else 'one'}; RFC 9562 names it " \
               "and gives it no version)"
    elif variant != "RFC 9562":  # ("12345678-1234-1234-1234-123456789012", typed by hand, is NCS's)
        what = (f"{_VARIANT_SAID[variant]}, which has no versions (RFC 9562's variant begins the fourth group with 8, "
                "9, a or b)")
    elif value.version in _VERSIONS:
        what = f"version {value.version} ({_VERSIONS[value.version]}), RFC 9562 variant"
    else:  # (version 0 or 9-15: the form is right, the version is none RFC 9562 defines)
        what = f"RFC 9562 variant, but its version digit, {value.version:x}, is not a standard version (1-8)"
    data["what"] = what
    return data, f"Valid UUID{_WRITTEN[written]}: {what}."


def _unwrapped(text: str) -> tuple[str, str, str, int]:
    """`text` without its braces or URN prefix, how it was written ("plain", "braces", "urn"), what is wrong with
    its wrapping ("" for nothing), and where the inside begins in `text`."""
    if not text:
        return "", "plain", "the text is empty", 0
    if text[:len(_URN)].lower() == _URN:
        return text[len(_URN):], "urn", "", len(_URN)
    if text.startswith("{") and text.endswith("}") and len(text) > 1:
        return text[1:-1], "braces", "", 1
    if text.startswith("{"):
        return text[1:], "braces", "an opening brace with no closing one", 1
    if text.endswith("}"):
        return text[:-1], "braces", "a closing brace with no opening one", 0
    return text, "plain", "", 0


def _form_broken(core: str, at: int) -> str:
    """Which rule of the 8-4-4-4-12 form `core` breaks ("" for none); `at`: where `core` begins in the text given,
    for the character named."""
    if _CANONICAL.fullmatch(core):
        return ""
    bad = _NOT_HEX.search(core)
    if bad is not None:
        char = bad.group(0)
        said = "a space" if char == " " else f"‘{char}’" if char.isprintable() else repr(char)
        return f"{said} (character {at + bad.start() + 1:,}) is not a hex digit; a UUID has only 0-9 and a-f"
    groups = core.split("-")
    if len(groups) == 1 and len(core) == 32:
        return (f"32 hex digits without hyphens is a UUID written without them; its standard form is "
                f"{uuid.UUID(core)} (Python's uuid module reads both, strict validators only that one)")
    if len(groups) == 1:
        return f"{len(core):,} hex digit{_s(len(core))} and no hyphens; a UUID has 32, in groups of 8-4-4-4-12"
    sizes = "-".join(str(len(g)) for g in groups) if len(groups) <= 8 else ""
    if len(groups) != 5:
        return (f"{len(groups):,} groups of hex digits{f' ({sizes})' if sizes else ''}; a UUID has 5, of "
                "8-4-4-4-12")
    wrong = [f"the {_NTH[i]} group {'is empty' if not g else f'has {len(g)} hex digit{_s(len(g))}'}"
             for i, (g, size) in enumerate(zip(groups, _GROUPS)) if len(g) != size]
    return f"{and_joined(wrong)}; a UUID's groups have 8-4-4-4-12"


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# --- recognising a plain request ----------------------------------------------------------------

_ID = r"(?:uuid|guid)"
_GOOD = r"(?:valid|proper|correct|legal|well[\s-]formed)"
_FORM = rf"(?:in\s+)?(?:an?\s+)?(?:{_GOOD}\s+)?{_ID}(?:\s+(?:string|format|value))?"
_THIS_ID = rf"(?:(?:this|that|the|my)\s+{_ID}(?:\s+.+?)?|{_ID}\s+.+?)"  # "this UUID", "the UUID X", "UUID X"
_CHECK = r"(?:check|verify|see|tell\s+me|confirm)\s+(?:if|whether)\s+"
_ASKED = [re.compile(LEAD + p + r"$", re.IGNORECASE) for p in (
    # "Is this a valid UUID", "Is 123e4567-… a valid GUID", "Is X in UUID format"
    rf"is\s+(?P<t>.+?)\s+{_FORM}",
    # "Is this UUID valid", "Is the UUID X correct", "Is X valid as a UUID"
    rf"is\s+(?P<t>{_THIS_ID})\s+(?:{_GOOD}|ok|okay)",
    rf"is\s+(?P<t>.+?)\s+{_GOOD}\s+as\s+an?\s+{_ID}",
    # "Validate this UUID", "Check the UUID X", "Verify X as a UUID"
    rf"(?:validate|check|verify)\s+(?P<t>(?:(?:this|that|the|my)\s+)?{_ID}(?:\s+.+?)?)",
    rf"(?:validate|check|verify)\s+(?P<t>.+?)\s+as\s+an?\s+{_ID}",
    # "Check if X is a valid uuid", "Tell me whether this UUID is valid"
    rf"{_CHECK}(?P<t>.+?)\s+is\s+{_FORM}",
    rf"{_CHECK}(?P<t>{_THIS_ID})\s+is\s+(?:{_GOOD}|ok|okay)",
    # "What version is this UUID", "Which UUID version is X", "What's the version of this GUID" (the same call: a
    # valid one's answer says its version)
    rf"(?:what|which)\s+(?:{_ID}\s+)?version\s+(?:of\s+)?(?:{_ID}\s+)?is\s+(?P<t>.+?)",
    rf"what(?:'s|’s|\s+is)\s+the\s+(?:{_ID}\s+)?version\s+of\s+(?P<t>.+?)",
)]
_POINTER = re.compile(rf"(?:this|that|it|the\s+following|(?:this|that|the|my)\s+(?:{_ID}|string|value|id|one))"
                      r"(?:\s+below)?", re.IGNORECASE)
_NAMED = re.compile(rf"^(?:(?:the|this|my)\s+)?(?:{_ID}|string|value|id)\s+", re.IGNORECASE)
_POLITE_END = re.compile(POLITE + r"$", re.IGNORECASE)
_TOKEN = re.compile(r"[0-9a-z-]+", re.IGNORECASE)
_HEX = re.compile(r"[0-9a-f]", re.IGNORECASE)
_OTHER = re.compile(r"[g-z]", re.IGNORECASE)


def uuid_asked(message: str) -> dict[str, str] | None:
    """The validate tool's arguments for a message that plainly asks whether the one UUID-looking text it gives is a
    valid UUID (or GUID), or which version it is; or None: no such question, no text, two texts, or one that looks
    nothing like a UUID ("How do I generate a UUID?", "Is a UUID unique?")."""
    for question, body in asked_parts(message):
        asked = _POLITE_END.sub("", question.strip().rstrip("?!.").rstrip())
        found = next((m for p in _ASKED if (m := p.match(asked)) is not None), None)
        if found is None or not re.search(rf"\b{_ID}\b", asked, re.IGNORECASE):
            continue
        said = found.group("t").strip()
        if _POINTER.fullmatch(said):
            given = body
        elif body:
            continue  # (a text named in the question and another given after it: which one?)
        else:
            given = _NAMED.sub("", said)
        token = _uuid_like(given)
        if token is not None:
            return {"format": "uuid", "text": token}
    return None


def _uuid_like(given: str) -> str | None:
    """The one UUID-looking token `given` is (quoted or bare, a question mark after it aside), or None: words, two
    tokens, or a token of too few hex digits or too many other letters to be a UUID meant ("my-user-id")."""
    text = _POLITE_END.sub("", given.strip()).rstrip("?!.,;").rstrip()  # ("…: X, please")
    token = unquoted(text)
    token = (text if token is None else token).strip()
    if not token or any(c.isspace() for c in token):
        return None
    core = token[len(_URN):] if token[:len(_URN)].lower() == _URN else token
    core = core.removeprefix("{").removesuffix("}")
    if not _TOKEN.fullmatch(core) or len(_HEX.findall(core)) < 16 or len(_OTHER.findall(core)) > 2:
        return None
    if re.fullmatch(r"[0-9a-f]{32}", core, re.IGNORECASE):
        return None  # (32 hex digits without hyphens: .NET's Guid.Parse, Python and PostgreSQL read them; JSON Schema
        # and RFC 9562's string form do not. Valid or not depends on who reads it: the model's to say)
    return token
