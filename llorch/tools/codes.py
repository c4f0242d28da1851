"""The `codes` tool: what an exit status, a signal, an errno or an HTTP status means — read from this system's own
tables (Python's `signal`, `errno`, `os.strerror`, `http.HTTPStatus`), not remembered.

Asked "What does exit code 137 mean?", the 1.5B answered that the operating system ended the process "due to an
unhandled exception" (it is 128 + 9: killed by SIGKILL, most often the out-of-memory killer), and "errno 111" was
"the remote host is not reachable" (ECONNREFUSED: connection refused). `codes_asked` recognises a message that
plainly asks what such a code means, so that it goes to the tool before the model answers (chat/conversation.py's
exact step). Signal and errno numbers are the running system's (Linux's differ from macOS's: errno 111 is
ECONNREFUSED on Linux, 61 on macOS), and the tool says which system it read.
"""

from __future__ import annotations

import errno as errno_codes
import http
import os
import platform
import re
import signal as signals
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["KINDS", "CodesTool", "codes_asked", "explain"]

KINDS = ("exit", "signal", "errno", "http")

# What a signal does when nothing catches it (signal(7)), and what usually sends it.
_ACTION = {"HUP": "ends the process", "INT": "ends the process", "QUIT": "ends it with a core dump",
           "ILL": "ends it with a core dump", "TRAP": "ends it with a core dump", "ABRT": "ends it with a core dump",
           "BUS": "ends it with a core dump", "FPE": "ends it with a core dump", "KILL": "ends the process",
           "USR1": "ends the process", "SEGV": "ends it with a core dump", "USR2": "ends the process",
           "PIPE": "ends the process", "ALRM": "ends the process", "TERM": "ends the process",
           "CHLD": "is ignored", "CONT": "continues a stopped process", "STOP": "stops (pauses) the process",
           "TSTP": "stops (pauses) the process", "TTIN": "stops the process", "TTOU": "stops the process",
           "URG": "is ignored", "XCPU": "ends it with a core dump", "XFSZ": "ends it with a core dump",
           "VTALRM": "ends the process", "PROF": "ends the process", "WINCH": "is ignored", "IO": "ends the process",
           "PWR": "ends the process", "SYS": "ends it with a core dump", "STKFLT": "ends the process"}
_SENT = {"HUP": "the terminal closed (daemons take it as: reload your configuration)",
         "INT": "Ctrl-C at the terminal", "QUIT": "Ctrl-\\ at the terminal",
         "ABRT": "abort(): a failed assertion or a library that gave up",
         "FPE": "an arithmetic error, such as an integer division by zero",
         "KILL": "`kill -9`, or the kernel's out-of-memory killer (Docker and Kubernetes say OOMKilled)",
         "SEGV": "a segmentation fault: the program read or wrote memory it may not",
         "PIPE": "a write to a pipe whose reader had gone (`… | head`)",
         "TERM": "a polite request to stop: `kill`, `docker stop`, systemd, Kubernetes",
         "BUS": "a bad memory access (an unaligned address, a file mapped and truncated)",
         "TSTP": "Ctrl-Z at the terminal", "ALRM": "a timer set with alarm()", "XCPU": "a CPU time limit (ulimit -t)",
         "XFSZ": "a file size limit (ulimit -f)", "CHLD": "a child process stopped or ended",
         "WINCH": "the terminal window was resized", "USR1": "the program's own use", "USR2": "the program's own use"}
_UNCATCHABLE = {"KILL", "STOP"}
_SYSEXITS = {"EX_USAGE": "the command was used wrongly (bad options or arguments)",
             "EX_DATAERR": "the input data was incorrect",
             "EX_NOINPUT": "an input file did not exist or was unreadable",
             "EX_NOUSER": "the user named does not exist", "EX_NOHOST": "the host named does not exist",
             "EX_UNAVAILABLE": "a service is unavailable", "EX_SOFTWARE": "an internal software error",
             "EX_OSERR": "an operating system error (fork failed, say)", "EX_OSFILE": "a system file is missing or bad",
             "EX_CANTCREAT": "an output file could not be created", "EX_IOERR": "an error reading or writing a file",
             "EX_TEMPFAIL": "a temporary failure: try again later", "EX_PROTOCOL": "a remote system broke the protocol",
             "EX_NOPERM": "not permitted", "EX_CONFIG": "a configuration error"}
_SYSEXIT_CODES = {getattr(os, name): (name, said) for name, said in _SYSEXITS.items() if hasattr(os, name)} or {
    64 + i: (name, said) for i, (name, said) in enumerate(_SYSEXITS.items())}
# Statuses that servers send and http.HTTPStatus does not name.
_HTTP_MORE = {444: ("No Response", "nginx closed the connection without answering"),
              499: ("Client Closed Request", "nginx: the client went away before the answer"),
              520: ("Web Server Returned an Unknown Error", "Cloudflare: the origin server's answer was empty or odd"),
              521: ("Web Server Is Down", "Cloudflare: the origin server refused the connection"),
              522: ("Connection Timed Out", "Cloudflare: the origin server did not answer in time"),
              523: ("Origin Is Unreachable", "Cloudflare could not reach the origin server"),
              524: ("A Timeout Occurred", "Cloudflare reached the origin server, which did not answer in 100 s"),
              525: ("SSL Handshake Failed", "Cloudflare: the TLS handshake with the origin server failed"),
              526: ("Invalid SSL Certificate", "Cloudflare: the origin server's certificate is not valid")}
# What people mix up, said beside the standard's words.
_HTTP_NOTES = {301: "permanent: clients and search engines use the new URL from now on (a POST may become a GET; "
                    "308 keeps the method)",
               302: "temporary: keep using the old URL (a POST may become a GET; 307 keeps the method)",
               304: "the cached copy is still good: no body is sent",
               401: "not authenticated: log in or send credentials (403 is: known, and not allowed)",
               403: "authenticated or not, this client may not have it (401 is: not logged in)",
               404: "nothing at this URL (410: it was here and is gone for good)",
               410: "it was here and is gone for good: remove links to it (404 says only that nothing is there)",
               418: "an April Fools' joke (RFC 2324) that some servers send to requests they refuse",
               429: "rate limited: wait (a Retry-After header says how long) and send fewer requests",
               500: "the server failed while handling the request: its own logs say why",
               502: "a proxy or gateway got a bad answer from the server behind it (often: that server is down)",
               503: "the server cannot handle requests now (overloaded or in maintenance); Retry-After may say when",
               504: "a proxy or gateway did not get an answer from the server behind it in time"}
_HTTP_CLASS = {1: "informational", 2: "success", 3: "redirection", 4: "client error", 5: "server error"}


def _system() -> str:
    return {"Linux": "Linux", "Darwin": "macOS", "Windows": "Windows"}.get(platform.system(), platform.system())


def _signal(code: str) -> tuple[dict[str, Any], str]:
    raw = code.strip().upper()
    try:
        sig = signals.Signals(int(raw)) if re.fullmatch(r"\d+", raw) else signals.Signals[
            raw if raw.startswith("SIG") else "SIG" + raw]
    except (KeyError, ValueError):
        raise ToolError(f"codes: {code!r} is not a signal on {_system()} (e.g. 9, SIGTERM, INT)") from None
    return _signal_facts(sig)


def _signal_facts(sig: signals.Signals, lead: str = "") -> tuple[dict[str, Any], str]:
    """A signal's facts, said after `lead` (default: "Signal N is")."""
    short = sig.name[3:]
    description = signals.strsignal(sig) or short
    action, sent = _ACTION.get(short, "ends the process"), _SENT.get(short)
    handles = ("nothing can catch, block or ignore it; it " if short in _UNCATCHABLE else
               "unless the program handles it, it ")
    said = (f"{lead or f'Signal {sig.value} is'} {sig.name} (“{description}”) on {_system()}: {handles}{action}."
            + (f" Usually sent by {sent}." if sent else ""))
    return {"kind": "signal", "number": sig.value, "name": sig.name, "description": description}, said


def _errno(code: str) -> tuple[dict[str, Any], str]:
    raw = code.strip()
    number = int(raw) if re.fullmatch(r"\d+", raw) else getattr(errno_codes, raw.upper(), None)
    if not isinstance(number, int) or number not in errno_codes.errorcode:
        raise ToolError(f"codes: {code!r} is not an errno on {_system()} (e.g. 2, 13, ENOENT, ECONNREFUSED)")
    name, message = errno_codes.errorcode[number], os.strerror(number)
    return ({"kind": "errno", "number": number, "name": name, "message": message},
            f"errno {number} is {name} on {_system()}: “{message}”")


def _exit(code: str) -> tuple[dict[str, Any], str]:
    raw = code.strip()
    if not re.fullmatch(r"-?\d{1,12}", raw):
        raise ToolError(f"codes: {code!r} is not an exit status: give a whole number such as 0, 1, 127 or 137")
    n = int(raw)
    data: dict[str, Any] = {"kind": "exit", "status": n}
    if n < 0:  # Python's subprocess (and Node's) give -N for a process that signal N ended
        try:
            sig = signals.Signals(-n)
        except ValueError:
            raise ToolError(f"codes: {n} is no exit status and no signal on {_system()}") from None
        facts, said = _signal_facts(sig, f"A return code of {n} (as Python's subprocess reports it) means the "
                                         f"process was ended by signal {-n},")
        return data | {"signal": sig.name, "signal_number": sig.value, "description": facts["description"]}, said
    if n > 255:
        wrapped = n % 256
        facts, said = _exit(str(wrapped))
        return facts | {"status": n, "seen": wrapped}, (f"An exit status is one byte, 0 to 255: exit({n}) reaches the "
                                                        f"shell as {n} mod 256 = {wrapped}. " + said)
    plain = {0: "success", 1: "failure: a general error (what went wrong is the program's to say, on stderr)",
             2: "by convention, a usage error: bad options or arguments (bash's builtins, grep, llorch)",
             126: "the command was found but could not be run: not executable (chmod +x), or a directory",
             127: "command not found: not on PATH, misspelt, or a script's interpreter (#!) is missing",
             128: "an invalid argument to exit", 255: "exit(-1), or a status out of range (ssh: the connection or "
                                                      "the remote command failed)"}
    if 128 < n < 255 and n - 128 in set(signals.Signals):
        sig = signals.Signals(n - 128)
        facts, said = _signal_facts(sig, f"Exit status {n} is 128 + {n - 128}: the process was ended by signal "
                                         f"{n - 128},")
        return data | {"signal": sig.name, "signal_number": sig.value, "description": facts["description"]}, said
    if n in plain:
        return data | {"meaning": plain[n]}, f"Exit status {n} means {plain[n]}."
    if n in _SYSEXIT_CODES:
        name, meaning = _SYSEXIT_CODES[n]
        return data | {"meaning": meaning}, (f"Exit status {n} is {name} in sysexits.h, where programs use it: "
                                             f"{meaning}.")
    return data, (f"Exit status {n} has no standard meaning: it is the program's own (its manual or source says; "
                  f"0 is success, anything else a failure).")


def _http(code: str) -> tuple[dict[str, Any], str]:
    raw = code.strip()
    if re.fullmatch(r"\d{3}", raw):
        n = int(raw)
        try:
            status = http.HTTPStatus(n)
            phrase, description = status.phrase, status.description
        except ValueError:
            if n not in _HTTP_MORE:
                if 100 <= n <= 599:
                    return ({"kind": "http", "status": n, "class": _HTTP_CLASS[n // 100]},
                            f"HTTP {n} is no standard status; a {n // 100}xx status is a {_HTTP_CLASS[n // 100]}.")
                raise ToolError(f"codes: {n} is not an HTTP status (they are 100 to 599)") from None
            phrase, description = _HTTP_MORE[n]
        meaning = _HTTP_NOTES.get(n) or (description[:1].lower() + description[1:] if description[1:2].islower()
                                         else description)
        return ({"kind": "http", "status": n, "phrase": phrase, "class": _HTTP_CLASS[n // 100]},
                f"HTTP {n} {phrase} ({_HTTP_CLASS[n // 100]})" + (f": {meaning.rstrip('.')}." if meaning else "."))
    wanted = _words(raw)
    for status in http.HTTPStatus:
        if _words(status.phrase) == wanted:
            return _http(str(status.value))
    for n, (phrase, _) in _HTTP_MORE.items():
        if _words(phrase) == wanted:
            return _http(str(n))
    raise ToolError(f"codes: {code!r} is no HTTP status code or phrase (e.g. 404, 503, Not Found, Gone)")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", "")))


def explain(kind: str, code: str) -> tuple[dict[str, Any], str]:
    """What `code` means as a `kind` of code (one of KINDS), as data and in a sentence."""
    if len(code) > 100:
        raise ToolError("codes: give one code (a number or a name)")
    if kind == "exit":
        return _exit(code)
    if kind == "signal":
        return _signal(code)
    if kind == "errno":
        return _errno(code)
    if kind == "http":
        return _http(code)
    raise ToolError(f"codes: unknown kind {kind!r}; kinds: {', '.join(KINDS)}")


class CodesTool:
    """What an exit status, a signal, an errno or an HTTP status means, from this system's own tables."""

    name = "codes"
    description = ("What a code means: a process's exit status (137 is 128 + 9: SIGKILL), a signal (9, SIGTERM), an "
                   "errno (13, ENOENT) or an HTTP status (429, or a phrase such as Not Found)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": list(KINDS), "description": "what sort of code"},
            "code": {"type": "string", "maxLength": 100,
                     "description": "the number, or a name (SIGTERM, ENOENT, Gone)"},
        },
        "required": ["kind", "code"],
    }
    positional = ("kind", "code")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what does exit code 137 mean?", {"kind": "exit", "code": "137"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = explain(str(args.get("kind", "")), str(args.get("code", "")))
        return ToolResult(said, data)


# --- recognising a plain request ----------------------------------------------------------------

# A question of what a code means, not of how to make or handle one ("How do I exit with code 1 in bash?", "How do
# I fix EADDRINUSE?" ask more than the code's meaning).
_HOW = re.compile(r"\bhow\b|\bfix\b|\bavoid\b|\bhandle\b|\bcatch\b|\bprevent\b|\bset\b|\breturn\s+a\b|\bsend\b|"
                  r"\btrap\b|\bshould\b|\bwrite\b", re.I)
_MEANING = re.compile(r"\bwhat\b|\bwhich\b|\bwhy\b|\bmean|\bexplain\b|\bstand\s+for\b|\?\s*$", re.I)
_EXIT = re.compile(r"\b(?:exit(?:ed)?|return(?:ed)?|returns|terminated|died|crashed|stopped|failed)\s+(?:with\s+)?"
                   r"(?:(?:an?|the)\s+)?(?:non-zero\s+)?(?:exit\s+)?(?:code|status|value|returncode)\s*"
                   r"(?:of\s+|=\s*|:\s*)?(?P<n>-?\d{1,6})\b|"
                   r"\b(?:exit|return)\s*(?:code|status)\s*(?:of\s+|=\s*|:\s*|is\s+)?(?P<m>-?\d{1,6})\b"
                   r"|\$\?\s*(?:is|=|was)\s*(?P<d>\d{1,3})\b|\breturncode\s*(?:=|of|is)?\s*(?P<r>-?\d{1,6})\b", re.I)
_ERRNO_NUMBER = re.compile(r"\berrno\s*(?:=|:|is|number|no\.?)?\s*(?P<n>\d{1,4})\b|\[errno\s+(?P<b>\d{1,4})\]", re.I)
_ERRNO_NAME = re.compile(r"\b(?P<name>E[A-Z0-9]{2,15})\b")
_SIGNAL = re.compile(r"\bsignal\s+(?:is\s+)?(?:number\s+|no\.?\s*|#)?(?P<n>\d{1,2})\b|"
                     r"\b(?P<name>(?-i:SIG[A-Z]{2,7}\d?))\b|"
                     r"\bkill\s+-(?P<k>\d{1,2}|[A-Z]{3,7})\b", re.I)
_HTTP_NUMBER = re.compile(r"\b(?:http|https)\s*(?:status\s*)?(?:code\s*)?(?P<a>[1-5]\d\d)\b|\bstatus\s+(?:code\s+)?"
                          r"(?P<b>[1-5]\d\d)\b|\b(?P<c>[1-5]\d\d)\s+(?:status|response|error|http)(?:\s+code)?\b|"
                          r"\b(?:an?|the)\s+(?P<d>[1-5]\d\d)\b(?=\s*(?:mean|\?|$))", re.I)
_HTTP_PHRASE = re.compile(r"\b(?:http\s+)?(?:status|code)(?:\s+code)?\s+(?:for|means?|is|that\s+means|meaning)\s+"
                          r"[\"'“‘]?(?P<p>[a-z][a-z '-]{1,40}?)[\"'”’]?\s*\??$|"
                          r"\b(?:http\s+)?(?:status\s+)?code\s+(?:for|means?|that\s+means)\s+"
                          r"[\"'“‘]?(?P<q>[a-z][a-z '-]{1,40}?)[\"'”’]?\s*\??$", re.I)


def codes_asked(message: str) -> dict[str, Any] | None:
    """The codes tool's arguments for a one-line message that plainly asks what an exit status, a signal, an errno
    or an HTTP status means (or which HTTP status has a phrase), or None."""
    text = message.strip()
    if "\n" in text or len(text) > 300 or _HOW.search(text) or not _MEANING.search(text):
        return None
    found = _EXIT.search(text)
    if found is not None:
        n = next(g for g in (found.group("n"), found.group("m"), found.group("d"), found.group("r")) if g is not None)
        if re.search(r"\bhttp\b", text, re.I) is None:
            return {"kind": "exit", "code": n}
    found = _ERRNO_NUMBER.search(text)
    if found is not None:
        return {"kind": "errno", "code": found.group("n") or found.group("b")}
    for found in _SIGNAL.finditer(text):
        named = (found.group("name") or found.group("k") or found.group("n")).upper()
        if named.isdigit() or named.removeprefix("SIG") in _ACTION:
            return {"kind": "signal", "code": named}
    for name in _ERRNO_NAME.findall(text):
        if isinstance(getattr(errno_codes, name, None), int):
            return {"kind": "errno", "code": name}
    found = _HTTP_NUMBER.search(text)
    if found is not None and re.search(r"\b(?:http|status|response|error|server|api|request|page|site|website|"
                                       r"nginx|curl|browser|get|post)\b", text, re.I):
        return {"kind": "http", "code": next(g for g in found.groups() if g is not None)}
    found = _HTTP_PHRASE.search(text)
    if found is not None:
        phrase = (found.group("p") or found.group("q")).strip()
        wanted = _words(phrase)
        if any(_words(s.phrase) == wanted for s in http.HTTPStatus) or any(
                _words(p) == wanted for p, _ in _HTTP_MORE.values()):
            return {"kind": "http", "code": phrase}
    return None
