"""The `permissions` tool: Unix file modes read both ways, octal (chmod 754) and symbolic (rwxr-xr--), with what
each class of user may do. It reads a mode; it changes no file.

Asked "What does chmod 754 mean?" the 1.5B said others get no access (they may read), and it gave 754 for
rwxr-x--x (751). `permissions_asked` recognises a message that plainly asks such a thing, so that it goes to the
tool before the model answers (chat/conversation.py's exact step).
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import plain_question
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["PermissionsTool", "mode", "permissions_asked"]

_CLASSES = (("the owner", 6), ("the group", 3), ("others", 0))
_SYMBOLIC = re.compile(r"(?P<type>[-dlcbps])?(?P<bits>[r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-])")
_TYPES = {"-": "a file", "d": "a directory", "l": "a symbolic link", "c": "a character device", "b": "a block device",
          "p": "a named pipe", "s": "a socket"}


def mode(given: str) -> tuple[dict[str, str], str]:
    """A mode in octal ("754", "0755", "4755") or symbolic ("rwxr-x--x", "-rwxr-xr-x" as `ls -l` shows it) read
    both ways: the two forms as data, and what they allow in a sentence."""
    text = given.strip()
    symbolic = _SYMBOLIC.fullmatch(text)
    if symbolic is not None:
        bits = _bits(symbolic.group("bits"))
        octal = f"{bits:o}".rjust(3, "0") if bits <= 0o777 else f"{bits:04o}"
        kind = _TYPES.get(symbolic.group("type") or "", "")
        shown = stat.filemode(bits)[1:]
        head = f"{text} is {octal} (chmod {octal}){f', on {kind}' if kind else ''}"
        return {"octal": octal, "symbolic": shown}, f"{head}: {_allows(bits)}."
    digits = re.fullmatch(r"0?o?([0-7]{3,4})", text, re.IGNORECASE)
    if digits is None:
        raise ToolError(f"permissions: {given!r} is not a mode: give octal (754, 0644, 4755) or symbolic "
                        "(rwxr-xr--, -rw-r--r--)")
    bits = int(digits.group(1), 8)
    shown = stat.filemode(bits)[1:]
    octal = digits.group(1).lstrip("0").rjust(3, "0")
    return {"octal": octal, "symbolic": shown}, f"chmod {octal} gives {shown} (ls -l shows -{shown}): {_allows(bits)}."


def _bits(symbolic: str) -> int:
    bits = 0
    for i, char in enumerate(symbolic):
        if char in "rwxst":
            bits |= 1 << (8 - i)
    for i, special in ((2, stat.S_ISUID), (5, stat.S_ISGID), (8, stat.S_ISVTX)):
        if symbolic[i] in "sStT":
            bits |= special
    return bits


def _allows(bits: int) -> str:
    parts = []
    for who, shift in _CLASSES:
        can = [name for name, bit in (("read", 4), ("write", 2), ("execute", 1)) if bits >> shift & bit]
        if not can:
            parts.append(f"{who} can do nothing")
        elif len(can) == 1:
            parts.append(f"{who} can only {can[0]}")
        else:
            parts.append(f"{who} can {', '.join(can[:-1])} and {can[-1]}")
    special = [said for bit, said in ((stat.S_ISUID, "setuid: it runs as its owner"),
                                      (stat.S_ISGID, "setgid: it runs as its group (on a directory, new files take "
                                                     "its group)"),
                                      (stat.S_ISVTX, "sticky: in this directory only a file's owner may delete or "
                                                     "rename it")) if bits & bit]
    return "; ".join(parts + special)


class PermissionsTool:
    """Unix file modes read both ways: octal and symbolic, and what they allow."""

    name = "permissions"
    description = ("Read a Unix file mode both ways: octal (chmod 754) and symbolic (rwxr-xr--), with what the "
                   "owner, group and others may do; changes no file")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "mode": {"type": "string", "maxLength": 12,
                     "description": "octal (754, 0644, 4755) or symbolic (rwxr-x--x, -rw-r--r--)"},
        },
        "required": ["mode"],
    }
    positional = ("mode",)
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (("what does chmod 640 mean?", {"mode": "640"}),)

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = mode(str(args.get("mode", "")))
        return ToolResult(said, data)


# --- recognising a plain request ----------------------------------------------------------------

_OCTAL = r"(?P<octal>0?[0-7]{3,4})"
_MODE_WORDS = r"(?:permissions?|perms|mode|file\s+mode|chmod)"
_ASKED = [
    # "What does chmod 754 mean?", "explain chmod 4755", "chmod 600 means what?"
    re.compile(r"\bchmod\s+(?:-R\s+)?" + _OCTAL + r"(?!\d)(?:\s+\S+)?\s*(?:mean|do|give|allow|set)?", re.IGNORECASE),
    # "What are 644 permissions?", "What does 755 mean in Linux permissions?", "permission 640"
    re.compile(r"(?<![\d.])" + _OCTAL + r"\s+" + _MODE_WORDS + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _MODE_WORDS + r"\s+(?:of\s+|is\s+|are\s+|for\s+|mean\s+)?" + _OCTAL + r"(?![\d.])",
               re.IGNORECASE),
    re.compile(r"\bwhat\s+does\s+" + _OCTAL + r"\s+mean\s+(?:in|for|as)\s+(?:linux|unix|file|chmod)", re.IGNORECASE),
    re.compile(r"(?<![\d.])" + _OCTAL + r"\s+(?:in|as|to|into)\s+(?:rwx|symbolic|letters|ls\s+-l)\b", re.IGNORECASE),
]
_SYMBOLIC_ASKED = re.compile(r"(?<![\w-])(?P<symbolic>[-dl]?[r-][w-][xsS-][r-][w-][xsS-][r-][w-][xtT-])(?![\w-])")
_SYMBOLIC_WORDS = re.compile(r"\b(?:octal|numeric|numbers?|chmod|mean|means|permissions?|mode|digits?|same|equal|"
                             r"equivalent)\b", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:(?:can|could)\s+you\s+)?(?:what|what's|what’s|how|which|explain|tell|convert|is|"
                       r"give|translate|decode|chmod|permissions?|show|write|express)\b", re.IGNORECASE)


def permissions_asked(message: str) -> dict[str, str] | None:
    """The permissions tool's arguments for a message that plainly asks what a mode means or what it is in the other
    form ("What does chmod 754 mean?", "What's the octal for rwxr-x--x?"), or None."""
    question = plain_question(message)
    if question is None or _QUESTION.match(question) is None or re.search(r"\bumask\b", question, re.IGNORECASE):
        return None  # (a umask is what is taken away: "umask 022" leaves files rw-r--r--, not ----w--w-)
    symbolic = _SYMBOLIC_ASKED.search(question)
    if symbolic is not None and _SYMBOLIC_WORDS.search(question) and re.search(r"[rwx]", symbolic.group("symbolic")):
        return {"mode": symbolic.group("symbolic")}
    for pattern in _ASKED:
        match = pattern.search(question)
        if match is not None:
            return {"mode": match.group("octal")}
    return None
