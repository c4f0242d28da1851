"""Every email address, URL, IP address, number, @mention or hashtag in a text, pulled out exactly (the text
tool's `extract` action), and the plain requests for them.

Asked for the email addresses in a text with three, the 1.5B listed two. Each kind is found by a pattern and, for
addresses, checked by the stdlib (`ipaddress`: 999.1.1.1 and a time's 10:30:00 are none); a URL loses what ends
the sentence around it; each item is listed once, in order of appearance, with how many were repeats. Which IP
address made the most requests of an access log counts each request's client once (accesslogs.py), not every
address on its lines.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from llorch.errors import ToolError
from llorch.tools.accesslogs import clients
from llorch.tools.asking import LEAD, joined_items, unquoted

__all__ = ["EXTRACTED", "extract", "extract_asked", "ip_addresses"]

_MAX_TEXT = 1_000_000


# --- every email address, URL, IP address or number in a text ------------------------------------------

EXTRACTED = ("emails", "urls", "ips", "ipv4", "ipv6", "numbers", "mentions", "hashtags", "domains")
_NOUNS = {"emails": "email address", "urls": "URL", "ips": "IP address", "ipv4": "IPv4 address",
          "ipv6": "IPv6 address", "numbers": "number", "mentions": "@mention", "hashtags": "hashtag",
          "domains": "domain"}
# The words a request, or a model's `what`, names each with: "email addresses", "links", "IP addresses", "IPs".
_KIND_WORDS = {
    "emails": r"e-?mails?|(?:e-?)?mail\s+address(?:es)?|e-?mail\s+ids?",
    "urls": r"urls?|uris?|(?:web\s+|hyper)?links?|web\s*sites?|web\s+address(?:es)?",
    "ipv4": r"ipv4(?:s|\s+address(?:es)?)?",
    "ipv6": r"ipv6(?:s|\s+address(?:es)?)?",
    "ips": r"ip(?:s|'s|\s+address(?:es)?)?",
    "numbers": r"numbers?|numerals|numeric\s+values",
    "mentions": r"@?mentions?|@-?(?:handles?|names?)|(?:twitter|user)\s+handles?",
    "hashtags": r"hash\s*tags?|\#\s*tags?",
    "domains": r"(?:e-?mail\s+|web\s*site\s+|url\s+)?domains?(?:\s+names?)?",
}
_KIND = "|".join(f"(?P<{k}>{v})" for k, v in _KIND_WORDS.items())

_EMAIL = re.compile(r"""
    (?<![\w%+-])(?<![\w%+-]\.)   # from the start of its name (so a.b.c@x is one address, not three tries)
    [\w%+-][\w.%+-]*             # the name: alice, bob.smith, ops+alerts
    @(?:[\w-]+\.)+               # the domain's labels: corp., old-mail.
    [^\W\d_]{2,}                 # its top level, in letters: a sentence's last dot is left out
""", re.X)
_URL = re.compile(r"""
    (?:\b(?:https?|ftp)://|(?<![\w.@/-])www\.)   # a scheme, or www. with none before it
    [^\s<>"'`“”‘’]+                              # up to a space, an angle bracket or a quote
""", re.X | re.I)
_OPENING = {")": "(", "]": "[", "}": "{"}
_IP = re.compile(r"""
    (?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f.]{0,15}(?:%\w+)?(?!\w|:\w)   # IPv6: 2001:db8::1, ::ffff:10.0.0.1
    |(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\w|\.\d)                          # IPv4: 192.168.1.10
""", re.X | re.I)
_NUMBER_IN_TEXT = re.compile(r"""
    (?<![\w.])[-+−]?             # a sign where nothing word-like is before it: 555-1234 is two numbers
    (?:\d{1,3}(?:,\d{3})+|\d+)   # digits, with thousands commas or without
    (?:\.\d+)?                   # a decimal part
    (?!\d|\.\d|[^\W\d]*\d)       # and no more digits: 1.2.3, 0x1F and a hash's 9f86d08 are none; 150ms is one
""", re.X)
_MENTION = re.compile(r"(?<![\w@.])@(?=\w*[^\W\d])\w+")  # @alice, not alice@example.com or @123
_HASHTAG = re.compile(r"(?<![\w#&])#(?=\w*[^\W\d])\w+")  # #release, not C#, issue #12 or &#39;
# What another kind's span hides: the 8080 of a URL is no number, a URL's #section no hashtag.
_HIDDEN_BY = {"numbers": ("urls", "emails", "ips", "mentions", "hashtags"), "mentions": ("urls", "emails"),
              "hashtags": ("urls", "emails")}


def _what(what: str) -> str:
    """The kind `what` names ("email addresses" is emails, "links" urls), or a ToolError."""
    match = re.fullmatch(r"\s*(?:all\s+)?(?:the\s+)?(?:" + _KIND + r")\s*", what, re.I)
    if match is None:
        said = f"cannot extract {what!r}" if what.strip() else "extract needs `what`"
        raise ToolError(f"text: {said}: one of {', '.join(EXTRACTED)}")
    return next(k for k in _KIND_WORDS if match.group(k))


def _spans(kind: str, text: str) -> Iterator[tuple[int, int, str]]:
    """Where each `kind` is in `text` (start, end, as written), in order, repeats included."""
    if kind == "emails":
        yield from ((m.start(), m.end(), m.group()) for m in _EMAIL.finditer(text))
    elif kind == "urls":
        for m in _URL.finditer(text):
            url = _trimmed(m.group())
            if re.match(r"(?:[a-z]+://|www\.)[\w\[]", url, re.I):
                yield m.start(), m.start() + len(url), url
    elif kind == "domains":  # an address's after its @, a URL's host (www. aside), in the order they come
        urls = list(_spans("urls", text))
        emails = [e for e in _spans("emails", text) if not any(u[0] <= e[0] < u[1] for u in urls)]  # (user@ in a URL)
        spans = sorted([*emails, *urls])
        for start, end, item in spans:
            host = item.rpartition("@")[2] if "@" in item and "://" not in item else \
                re.sub(r"^(?:[a-z]+://)?(?:[^@/]*@)?(?:www\.)?", "", item, flags=re.I).split("/")[0].split(":")[0]
            if host:
                yield start, end, host.lower()
    elif kind in ("ips", "ipv4", "ipv6"):
        for m in _IP.finditer(text):
            written = m.group().rstrip(".")
            try:
                address = ipaddress.ip_address(written)  # 999.1.1.1 and a time's 10:30:00 are none
            except ValueError:
                continue
            if kind == "ips" or kind == f"ipv{address.version}":
                if re.search(r"[0-9a-f]", written, re.I):  # (not a bare "::" between words)
                    yield m.start(), m.start() + len(written), written
    else:
        for other in _HIDDEN_BY[kind]:
            text = _blanked(text, _spans(other, text))
        pattern = {"numbers": _NUMBER_IN_TEXT, "mentions": _MENTION, "hashtags": _HASHTAG}[kind]
        yield from ((m.start(), m.end(), m.group()) for m in pattern.finditer(text))


def ip_addresses(text: str, kind: str = "ips") -> list[str]:
    """Every IP address (`kind` ips, or only ipv4 or ipv6) in `text` as written, in order, repeats included."""
    return [item for _, _, item in _spans(kind, text)]


def _trimmed(url: str) -> str:
    """A URL without what ends the sentence around it: the dot, a comma, a closing bracket it did not open."""
    while url and (url[-1] in ".,;:!?*" or url[-1] in _OPENING and url.count(_OPENING[url[-1]]) < url.count(url[-1])):
        url = url[:-1]
    return url


def _blanked(text: str, spans: Iterator[tuple[int, int, str]]) -> str:
    pieces, last = [], 0
    for start, end, _ in spans:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    return "".join(pieces) + text[last:]


def _key(kind: str, item: str) -> object:
    """What makes two finds the same: an address's case is not (Bob@Corp.io), an IPv6 address's spelling is not."""
    if kind == "emails":
        return item.casefold()
    if kind in ("ips", "ipv4", "ipv6"):
        return ipaddress.ip_address(item)
    return item


def extract(what: str, text: str, most: bool = False) -> tuple[dict[str, Any], str]:
    """Every email address, URL, IP address, number, @mention, hashtag or domain (`what`) in `text`, in order of
    appearance and each once, with how many were repeats: the 1.5B, asked for the email addresses in a text with
    three, listed two. `most`: which came most often first ("Which email domain appears most often?": the 1.5B said
    corp.io, seen twice, for example.com, three times)."""
    kind = _what(what)
    if len(text) > _MAX_TEXT:
        raise ToolError(f"text: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if not text.strip():
        raise ToolError(f"text: give a text to extract the {kind} from")
    if most and kind in ("ips", "ipv4", "ipv6"):
        by_request = _most_requests(kind, text)
        if by_request is not None:
            return by_request
    found = [item for _, _, item in _spans(kind, text)]
    first, times = _tallied(kind, found)
    out = list(first.values())
    noun = _NOUNS[kind]
    nouns = noun + ("es" if noun.endswith("s") else "s")
    if not out:
        said = f"No {nouns} in the text."
    elif len(out) == 1:
        said = f"1 {noun}: {out[0]}"
    else:
        said = f"{len(out):,} {nouns}, in order: {joined_items(out, ', ')}"
    if len(found) > len(out):
        said += f" ({len(found):,} found, {len(found) - len(out):,} repeated)"
    data = {"what": kind, "result": out, "count": len(out), "found": len(found),
            "repeats": {first[k]: n for k, n in times.items() if n > 1}}
    if most and out:
        top, leaders, ranked = _leaders(first, times)
        said = (f"Most often: {joined_items(leaders[:5], ', ')}, {top:,}{' each' if len(leaders) > 1 else ''} of the "
                f"{len(found):,} {nouns if len(found) != 1 else noun} found" + (f"; then {ranked}" if ranked else "") + ".")
        data["most"] = leaders[:5]
    return data, said


def _tallied(kind: str, found: list[str]) -> tuple[dict[object, str], Counter[object]]:
    """Each item `found` once, as first written, by its key (a domain in any case), and how often each came."""
    first: dict[object, str] = {}
    times: Counter[object] = Counter()
    for item in found:
        key = _key(kind, item)
        first.setdefault(key, item)
        times[key] += 1
    return first, times


def _leaders(first: dict[object, str], times: Counter[object]) -> tuple[int, list[str], str]:
    """The most times any item came, the items that came so often, and the next few with their counts."""
    top = max(times.values())
    leaders = [first[k] for k, n in times.items() if n == top]
    return top, leaders, ", ".join(f"{first[k]} ({n:,})" for k, n in times.most_common(6) if n < top)


def _address(kind: str, written: str) -> bool:
    """Whether `written` is one IP address of `kind` (ips: either version), and nothing else."""
    try:
        version = ipaddress.ip_address(written).version
    except ValueError:
        return False
    return kind == "ips" or kind == f"ipv{version}"


def _most_requests(kind: str, text: str) -> tuple[dict[str, Any], str] | None:
    """Which client address made the most requests of an access log (accesslogs.py: every line one request, its client
    first), each request counted once: an address in a URL or a referrer is no request. None for another text, or a
    log whose clients are not all addresses of `kind`. (Asked "Which IP made the most requests?", the 1.5B named
    10.0.0.1 "with 4 requests"; it made 3 of the 5.)"""
    logged = clients(text)
    if logged is None or not all(_address(kind, client) for client in logged):
        return None
    first, times = _tallied(kind, logged)
    top, leaders, ranked = _leaders(first, times)
    total = len(logged)
    said = (f"Most requests: {joined_items(leaders[:5], ', ')}, {top:,}{' each' if len(leaders) > 1 else ''} of the "
            f"{total:,} request{'' if total == 1 else 's'} (counted by the client address that begins each line)"
            + (f"; then {ranked}" if ranked else "") + ".")
    data = {"what": kind, "result": list(first.values()), "count": len(first), "found": total,
            "repeats": {first[k]: n for k, n in times.items() if n > 1}, "most": leaders[:5], "requests": total}
    return data, said


# "Extract every email address from this text", "Get all the emails from the text below", "Pull out the links",
# "Which URLs are in this text?": a verb or a question, the kind, and where it is (a text, not "my inbox"); not
# "Extract the archive", "How do I extract emails with grep?" (a how-to) or "Extract the phone numbers".
_PICK = (r"(?:extract|pull(?:\s+out)?|get|grab|list(?:\s+out)?|find|show|give|return|collect|pick\s+out|identify|"
         r"print|output|gather|harvest|scrape|dig\s+out)(?:\s+me)?")
_ALL = (r"(?:\s+(?:all|every|each|any)(?:\s+(?:of\s+)?the)?|\s+(?:the|these|those))?"
        r"(?:\s+(?:unique|distinct|different|individual|valid))?")
_IN = r"(?:from|in|out\s+of|within|inside|(?:contained|mentioned|found|present)\s+in)"
_END = r"(?:(?:\s*,\s+|\s+)(?:please|for\s+me))?\s*[?.!]*$"
_EXTRACT = [
    re.compile(LEAD + _PICK + _ALL + r"\s+(?:" + _KIND + r")(?:\s+(?:" + _IN + r"\s+|(?=[\"'“‘`]))(?P<source>.+?))?"
               + _END, re.I),
    re.compile(LEAD + r"(?:what|which)(?:\s+(?:are|is|were|was))?(?:\s+(?:all\s+)?the)?\s+(?:" + _KIND
               + r")(?:\s+(?:are|is|appear|occur))?\s+" + _IN + r"(?P<source>\s+.+?)" + _END, re.I),
    re.compile(LEAD + r"(?:what|which)\s+(?:" + _KIND + r")\s+(?:does|do)(?P<source>\s+.+?)\s+(?:contain|have|"
               r"mention|include)" + _END, re.I),
]
# Where a request says the text is: this, this log, the text below, the following (piped or after the colon).
_HERE = re.compile(r"(?:this|that|it|these|here|below|the\s+following|(?:this|that|these|the|my|the\s+following)"
                   r"(?:\s+[\w.-]+)?\s+(?:texts?|string|files?|logs?|output|messages?|e-?mail|mail|document|"
                   r"(?:web\s*)?page|html|markdown|paragraph|passage|contents?|data|input|list|notes?|snippet|csv|"
                   r"json|yaml|xml|config|code|dump|transcript|thread|post|article|block|body|source|lines?))"
                   r"(?:\s+(?:below|above|here))?", re.I)
# "Which email domain appears most often?", "What's the most common IP address in this log?": the kind, and most
_MOST = (r"(?:most\s+(?:often|common(?:ly)?|frequent(?:ly)?|times)|the\s+most)")
_MOST_ASKED = [
    re.compile(LEAD + r"(?:what|which)(?:'s|’s|\s+is|\s+are)?\s+(?:the\s+)?(?:most\s+(?:common|frequent|used|popular)|"
               r"commonest)\s+(?:" + _KIND + r")(?:\s+(?:in\s+)?(?:" + _HERE.pattern + r"))?" + r"\s*[?.!]*$", re.I),
    re.compile(LEAD + r"(?:what|which)\s+(?:" + _KIND + r")\s+(?:appears?|occurs?|shows?\s+up|comes?\s+up|is\s+used|"
               r"are\s+used|is\s+listed|turns?\s+up)\s+" + _MOST + r"(?:\s+(?:in\s+)?(?:" + _HERE.pattern + r"))?"
               + r"\s*[?.!]*$", re.I),
]


# "Which IP made the most requests?", "Which client sent the most requests in this log?": of an access log, by request
_CLIENT_MOST = re.compile(
    LEAD + r"(?:tell\s+me\s+)?(?:(?:what|which)(?:'s|’s|\s+is)?\s+(?:the\s+)?(?:(?:client|remote|source)\s+)?"
    r"(?:ip(?:v(?P<v>[46]))?(?:s|\s+address(?:es)?)?|client|visitor|host|address)|who)\s+"
    r"(?:made|makes|sent|sends|issued|did|does|has|had|generated|is\s+responsible\s+for|accounts\s+for|appears\s+in)"
    r"\s+(?:the\s+)?(?:most|(?:highest|largest|greatest)\s+number\s+of)\s+(?:requests|hits|calls|lines|entries|"
    r"log\s+entries|connections|visits)"
    r"(?:\s+(?:in|of|from)\s+(?:this|that|it|(?:this|that|the|my|our)\s+(?:(?:access|server|nginx|apache|web)\s+)?"
    r"(?:log|logs|file|output|text|data)))?(?:\s+(?:here|below|above))?\s*[?.!]*$", re.I)


def _source(said: str | None, body: str) -> str | None:
    """The text an extraction request names: the body for "this", "the text below" (or no words at all), a quoted
    text; None for anything else ("from my inbox", "in nginx logs": no text given)."""
    inner = unquoted(body)
    body = inner if inner is not None else body
    said = (said or "").strip()
    if not said or _HERE.fullmatch(said):
        return body or None
    quoted = re.match(r"(?:(?:" + _HERE.pattern + r")\s*:?\s*)?(?P<q>[\"'“‘`].*)$", said, re.I | re.S)
    inner = unquoted(quoted.group("q")) if quoted is not None else None
    return inner if inner and not body else None



def extract_asked(question: str, body: str) -> dict[str, Any] | None:
    """The text tool's arguments for a plain request for every email address (URL, IP address, …) in a text: the
    text piped after the question or after its colon (`body`), or quoted in it; None for anything else."""
    client = _CLIENT_MOST.match(question) if body.strip() else None
    if client is not None:
        what = f"ipv{client.group('v')}" if client.group("v") else "ips"
        return {"action": "extract", "what": what, "most": True, "text": body} \
            if _most_requests(what, body) is not None else None
    for pattern in _MOST_ASKED:  # (the body below the question: what is most common in it)
        match = pattern.match(question)
        if match is not None and body.strip():
            what = next(k for k in _KIND_WORDS if match.group(k))
            return {"action": "extract", "what": what, "most": True, "text": body}
    for pattern in _EXTRACT:
        match = pattern.match(question)
        if match is not None:
            text = _source(match.group("source"), body)
            what = next(k for k in _KIND_WORDS if match.group(k))
            return {"action": "extract", "what": what, "text": text} if text else None
    return None
