"""Requests in a web server's access log counted by their status or method, read field by field: `cat access.log |
llorch run "How many requests returned 404?"`.

Of a five-line log with two 404s, the 1.5B said 1; asked which IP made the most requests, it named 10.0.0.1 "with 4
requests" (3). A line of the common or combined log format (Apache's and nginx's default) is `client ident user [time]
"request" status size …`: the status is the number right after the quoted request, so a size of 404 bytes or a /404
in a URL is no 404. `requests_asked` recognises a question that asks how many requests of a log piped after it (every
line in that format) had a status ("returned 404", "5xx errors", "failed": 400 and above, "successful": 2xx), a
method ("POST requests") or came from a client, as the count tool's `what` ("requests with status 404", "failed
POST requests"); `log_requests` counts them, with the statuses counted said. Which client made the most requests is
the text tool's extract (extract.py), which counts each request's client once by `clients`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from llorch.tools.asking import LEAD, and_joined

__all__ = ["clients", "log_requests", "request_kind", "requests_asked"]

_MAX_LINE = 8_000  # (a longer line is no access log line: not read)
# client ident user [time] "request" status size …; the ident and user may be left out, or the time where the ident
# is "-" (a log cut down to its requests: '5.6.7.8 - - "GET /x HTTP/1.1" 404 0'; not a date and a time before an
# address, '2026-12-01 10:00:01 10.0.0.5 "GET / HTTP/1.1" 200 512', nor a syslog prefix)
_LINE = re.compile(r"""
    (?P<client>[^\s\[\]"]+)[ \t]+
    (?:[^\s\[\]"]+[ \t]+[^\s\[\]"]+[ \t]+       # ident and user: - -
       \[[^\]\n]*\][ \t]+                          # [01/Dec/2026:10:00:01 +0000]
    |-[ \t]+[^\s\[\]"]+[ \t]+                      # - user, no time
    |\[[^\]\n]*\][ \t]+)
    "(?P<request>(?:[^"\\\n]|\\.)*)"[ \t]+       # "GET /a HTTP/1.1" (an escaped \" inside)
    (?P<status>[1-5]\d\d)[ \t]+(?:\d+|-)         # the status, and the size in bytes
    (?:\s|$)
""", re.X)
_METHOD = re.compile(r"[A-Z]+(?=\s)")


@dataclass(frozen=True)
class Request:
    """One line of an access log: its number in the text, its client, its method ("" when none) and status."""

    line: int
    client: str
    method: str
    status: int


def _requests(text: str) -> tuple[list[Request], int]:
    """The requests `text` logs, and how many of its non-empty lines are not in the common log format."""
    found: list[Request] = []
    other = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line.strip()) if len(line) <= _MAX_LINE else None
        if match is None:
            other += 1
            continue
        method = _METHOD.match(match.group("request"))
        found.append(Request(number, match.group("client"), method.group() if method else "",
                             int(match.group("status"))))
    return found, other


def _log(text: str) -> list[Request] | None:
    """The requests of `text` when every non-empty line of it is an access log line, else None."""
    found, other = _requests(text)
    return found if found and not other else None


def clients(text: str) -> list[str] | None:
    """Each request's client (the first field), in order, when `text` is an access log, every line of it; else None."""
    found = _log(text)
    return [r.client for r in found] if found is not None else None


# --- which requests: the count tool's `what` ---------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """The requests a `what` names: a method ("" for any), statuses from `low` to `high`, a client ("" for any), and
    how the answer says them."""

    method: str = ""
    low: int = 100
    high: int = 599
    client: str = ""
    outcome: str = ""  # "failed", "succeeded", "were redirected": said so; else the status range is


_METHODS = r"GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS"
_OUTCOMES = {"failed": (400, 599, "failed"), "failing": (400, 599, "failed"), "unsuccessful": (400, 599, "failed"),
             "errored": (400, 599, "failed"), "erroneous": (400, 599, "failed"), "error": (400, 599, "failed"),
             "successful": (200, 299, "succeeded"), "succeeded": (200, 299, "succeeded"),
             "redirected": (300, 399, "were redirected")}
_ERRORS = {"errors": "failed", "failures": "failed", "http errors": "failed", "server errors": "5xx",
           "client errors": "4xx"}
_WHAT = re.compile(r"(?:(?P<how>" + "|".join(_OUTCOMES) + r")\s+)?(?:(?P<method>" + _METHODS + r")\s+)?"
                   r"(?:requests?|responses?|hits|calls)(?:\s+(?:with|having|returning)\s+(?:an?\s+)?(?:http\s+)?"
                   r"(?:status(?:\s+code)?\s+)?(?P<code>[1-5](?:\d\d|xx))(?:\s+status)?|\s+from\s+(?P<client>\S+))?"
                   r"|(?P<errors>" + "|".join(_ERRORS) + r")|(?:status\s+)?(?P<bare>[1-5](?:\d\d|xx))(?:s|\s+errors|"
                   r"\s+responses|\s+requests|\s+status)", re.IGNORECASE)


def request_kind(what: str) -> Kind | None:
    """The requests a count's `what` names ("requests with status 404", "5xx errors", "failed POST requests",
    "requests from 10.0.0.1"), else None. A bare "404" is a text to count as written, not a status."""
    match = _WHAT.fullmatch(" ".join(what.split()))
    if match is None:
        return None
    errors = _ERRORS.get((match.group("errors") or "").lower(), "")
    code = (match.group("code") or match.group("bare") or errors).lower()
    how = (match.group("how") or "").lower()
    method = (match.group("method") or "").upper()
    if code == "failed" or how:
        if code not in ("", "failed"):
            return None  # ("failed requests with status 200": no such thing)
        low, high, said = _OUTCOMES[how or "failed"]
        return Kind(method, low, high, outcome=said)
    if code:
        low = int(code[0]) * 100 + (int(code[1:]) if code[1:].isdigit() else 0)
        return Kind(method, low, low if code[1:].isdigit() else low + 99)
    return Kind(method, client=match.group("client") or "")


def log_requests(text: str, what: str) -> tuple[int, str] | None:
    """How many requests of the access log `text` are those `what` names, and which lines, in words; None where
    `what` names no requests or `text` has no access log line."""
    kind = request_kind(what)
    if kind is None:
        return None
    found, other = _requests(text)
    if not found:
        return None
    chosen = [r for r in found if (not kind.method or r.method == kind.method) and kind.low <= r.status <= kind.high
              and (not kind.client or r.client == kind.client)]
    n, total = len(chosen), len(found)
    if kind == Kind():
        return total, f"The log has {total:,} request{_s(total)}, one a line." + (
            f" ({other:,} line{_s(other)} not in the common log format, not counted.)" if other else "")
    said = f"{n:,} of the {total:,} requests" if n else f"None of the {total:,} requests"
    said += " " + _described(kind, n) + _statuses(kind, chosen)
    said += f": {_numbered([r.line for r in chosen])}." if chosen else "."
    said += _siblings(kind, found, chosen) + _elsewhere(kind, text, found, chosen)
    if other:
        said += f" ({other:,} line{_s(other)} not in the common log format, not counted.)"
    return n, said


def _described(kind: Kind, n: int) -> str:
    """What the requests counted are: "have status 404", "are POST requests that failed, with a status of 400 or
    above", "came from 10.0.0.1"."""
    one = n == 1
    verb = "has" if one else "have"
    if kind.outcome:
        status = "a status of 400 or above" if kind.outcome == "failed" else f"a {kind.low // 100}xx status"
        how = f"{kind.outcome}, with {status}"
        if kind.method:
            return f"{'is a' if one else 'are'} {kind.method} request{'' if one else 's'} that {how}"
        return how
    if kind.low == kind.high:
        status = f"status {kind.low}"
    elif (kind.low, kind.high) != (100, 599):
        status = f"a {kind.low // 100}xx status"
    else:
        status = ""
    client = f" from {kind.client}" if kind.client else ""
    if kind.method:
        return (f"{'is a' if one else 'are'} {kind.method} request{'' if one else 's'}{client}"
                + (f" with {status}" if status else ""))
    if client:
        return f"came{client}" + (f" with {status}" if status else "")
    return f"{verb} {status}"


def _statuses(kind: Kind, chosen: list[Request]) -> str:
    """Which statuses a range counted, where it spans several: " (404 ×2, 500 ×1)"."""
    if kind.low == kind.high or not chosen or (kind.low, kind.high) == (100, 599) and not kind.outcome:
        return ""
    times = Counter(r.status for r in chosen)
    return " (" + ", ".join(f"{status} ×{k:,}" for status, k in sorted(times.items())) + ")"


def _siblings(kind: Kind, found: list[Request], chosen: list[Request]) -> str:
    """For one status asked ("500 errors"), the others of its class, which the question may have meant too."""
    if kind.low != kind.high:
        return ""
    low = kind.low // 100 * 100
    others = Counter(r.status for r in found if low <= r.status <= low + 99 and r.status != kind.low
                     and (not kind.method or r.method == kind.method) and (not kind.client or r.client == kind.client))
    k = sum(others.values())
    if not k:
        return ""
    listed = ", ".join(f"{status} ×{j:,}" for status, j in sorted(others.items()))
    return (f" {k:,} more {'has' if k == 1 else 'have'} another {low // 100}xx status ({listed}); "
            f"{len(chosen) + k:,} in all with a {low // 100}xx status.")


def _elsewhere(kind: Kind, text: str, found: list[Request], chosen: list[Request]) -> str:
    """For one status asked, the lines that have its number somewhere else (a size, a URL): not counted, said so."""
    if kind.low != kind.high:
        return ""
    lines = text.splitlines()
    number = re.compile(rf"(?<![\d.]){kind.low}(?![\d.])")
    counted = {r.line for r in chosen}
    k = sum(1 for r in found if r.line not in counted and number.search(lines[r.line - 1]))
    if not k:
        return ""
    return (f" ({k:,} more line{_s(k)} {'has' if k == 1 else 'have'} {kind.low} elsewhere, as a size or in a URL: "
            f"not counted, the status being the number after the quoted request.)")


def _numbered(numbers: list[int]) -> str:
    """Line numbers, the first ten: "line 3", "lines 2, 4 and 6", "lines 1, 3, …, 19 and 4 more"."""
    shown = [str(n) for n in numbers[:10]]
    more = len(numbers) - len(shown)
    return f"line{_s(len(numbers))} " + (", ".join(shown) + f" and {more:,} more" if more else and_joined(shown))


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# --- recognising the question ------------------------------------------------------------------

_HEAD = (LEAD + r"(?:tell\s+me\s+)?(?:how\s+many\s+|count\s+(?:up\s+)?(?:all\s+)?(?:the\s+)?(?:number\s+of\s+)?|"
         r"(?:what(?:'s|’s|\s+is|\s+was)\s+)?the\s+(?:number|count)\s+of\s+)")
_ADJ = r"(?:(?P<how>" + "|".join(_OUTCOMES) + r")\s+)?"
_METHOD_WORD = r"(?:(?P<method>" + _METHODS + r")\s+)?"
_NOUN = r"(?P<noun>requests|responses|hits|calls|entries|log\s+entries|lines|log\s+lines)"
_CODE = r"(?P<code>[1-5](?:\d\d|xx))"
_PLACE = (r"(?:this|that|it|the\s+following|(?:this|that|the|my|our)\s+(?:(?:access|server|nginx|apache|web|http)\s+)?"
          r"(?:log|logs|file|output|text|excerpt|data))")
_THERE = r"(?:\s+(?:are|were)\s+there)?"
_TAIL = (_THERE + r"(?:\s+in\s+(?:total|all))?(?:\s+(?:are|were|is))?(?:\s+(?:in|of|from)\s+" + _PLACE + r")?"
         r"(?:\s+(?:here|below|above))?" + _THERE + r"\s*[?.!]*\s*$")
_REQUESTS = _ADJ + _METHOD_WORD + _NOUN + _THERE + r"(?:\s+(?:in|of)\s+" + _PLACE + r")?\s+(?:that\s+|which\s+)?"
_STATUS_VERB = (r"(?:returned|return|returns|returning|got|get|gets|getting|received|receive|resulted\s+in|result\s+in|"
                r"ended\s+(?:in|with)|had|have|has|having|with|came\s+back\s+with|gave|give|responded\s+with|"
                r"got\s+back|produced|failed\s+with|errored\s+with|(?:were|are|was)\s+answered\s+with)")
_STATUS = (r"(?:an?\s+|the\s+)?(?:http\s+)?(?:(?:status|response)(?:\s+code)?\s+(?:of\s+)?|code\s+)?" + _CODE
           + r"(?:\s+(?:status(?:\s+code)?|code|errors?|responses?))?(?:\s+(?:not\s+found|error))?")
_ASKED = [
    # "How many requests returned 404?", "How many requests got a 500 error?", "How many POST requests had status
    # 201?", "How many lines have a status of 404?"
    re.compile(_HEAD + _REQUESTS + _STATUS_VERB + r"\s+" + _STATUS + _TAIL, re.IGNORECASE),
    # "How many requests were 404s?"
    re.compile(_HEAD + _REQUESTS + r"(?:were|are|was)\s+(?:an?\s+)?" + _CODE + r"(?:s|\s+errors?|\s+responses?)?"
               + _TAIL, re.IGNORECASE),
    # "How many requests failed?", "How many GET requests succeeded?", "How many requests returned an error?"
    re.compile(_HEAD + _REQUESTS + r"(?P<outcome>failed|fail|errored|succeeded|were\s+successful|were\s+redirected|"
               r"(?:returned|got|resulted\s+in|ended\s+in|gave)\s+(?:an?\s+)?(?P<error>(?:(?:server|client|http)\s+)?"
               r"errors?))" + _TAIL, re.IGNORECASE),
    # "How many 404s are there?", "How many 5xx errors?", "How many 500 errors were there?", "How many 404 responses?"
    re.compile(_HEAD + r"(?:status\s+(?:code\s+)?)?" + _CODE + r"(?:s|'s|’s|\s+(?:errors?|responses?|statuses|"
               r"status\s+codes|requests|hits))" + _TAIL, re.IGNORECASE),
    # "How many server errors were there?", "How many errors are in this log?"
    re.compile(_HEAD + r"(?P<errors>(?:(?:server|client|http)\s+)?errors|failures)" + _TAIL, re.IGNORECASE),
    # "How many POST requests?", "How many failed requests are there?", "How many requests are in this log?"
    re.compile(_HEAD + _ADJ + _METHOD_WORD + _NOUN + r"(?:\s+(?:were|are)\s+(?:made|sent|logged|recorded|served))?"
               + _TAIL, re.IGNORECASE),
    # "How many requests came from 10.0.0.1?", "How many requests did 10.0.0.1 make?"
    re.compile(_HEAD + _METHOD_WORD + _NOUN + r"\s+(?:(?:came|come|were|are|was)\s+)?from\s+(?P<client>[\w.:-]+)"
               + _TAIL, re.IGNORECASE),
    re.compile(_HEAD + _METHOD_WORD + _NOUN + r"\s+(?:did|does|has|have)\s+(?P<client>[\w.:-]+)\s+(?:make|made|send|"
               r"sent|issue|issued)" + _TAIL, re.IGNORECASE),
]
_ROWS = frozenset({"entries", "log entries", "lines", "log lines"})  # (plain "How many lines?" is count.py's)


def requests_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks how many requests of the access log `body` (every non-empty line
    in the common or combined log format) had a status, a method or a client, or how many it has; else None."""
    if not body.strip() or len(question) > 300:
        return None
    match = next((m for p in _ASKED if (m := p.match(question.strip())) is not None), None)
    if match is None:
        return None
    groups = match.groupdict()
    noun = " ".join((groups.get("noun") or "").lower().split())
    method = (groups.get("method") or "").upper()
    how = (groups.get("how") or "").lower()
    code = (groups.get("code") or "").lower()
    outcome = " ".join((groups.get("outcome") or "").lower().split())
    errors = " ".join((groups.get("errors") or groups.get("error") or "").lower().split()).rstrip("s")
    client = (groups.get("client") or "").rstrip(".:")
    if errors:
        code = {"server error": "5xx", "client error": "4xx"}.get(errors, code)
        how = how or ("failed" if code not in ("5xx", "4xx") else "")
    if outcome and not errors:
        how = "successful" if outcome.startswith(("succeeded", "were successful")) else \
            "redirected" if "redirected" in outcome else "failed"
    if (how and code) or (noun in _ROWS and not (how or code or method or client)):
        return None  # ("How many lines are there?": count.py's lines)
    if client and (client.lower() in ("this", "that", "it", "the", "them") or not any(c.isdigit() for c in client)
                   and "." not in client):
        return None
    if _log(body) is None:
        return None
    if how:
        what = f"{how} {method + ' ' if method else ''}requests"
    elif client:
        what = f"{method + ' ' if method else ''}requests from {client}"
    else:
        what = f"{method + ' ' if method else ''}requests" + (f" with status {code}" if code else "")
    return {"text": body, "what": what}
