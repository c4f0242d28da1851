"""IP addresses in a text counted, each once: `cat access.log | llorch run "How many unique IPs are there?"`.

Of a log with three addresses, one of them on two lines, the 1.5B listed 10.0.0.5 twice and said 4. `ips_asked`
recognises a question that asks how many different IP addresses the text piped after it (or after its colon) holds,
and the count tool counts them as `grep -oE '([0-9]{1,3}\\.){3}[0-9]{1,3}' | sort -u | wc -l` does, IPv6 too, each
checked by the stdlib as the text tool's extract checks them (999.1.1.1 is none), and lists each with how many times
it appears, most first. "How many IPs are there?" says neither each once nor every mention, and stays the model's;
"Which IP appears most often?" is the table tool's.
"""

from __future__ import annotations

import ipaddress
import re

from llorch.tools.asking import LEAD
from llorch.tools.extract import ip_addresses

__all__ = ["distinct_ips", "ip_kind", "ip_times", "ips_asked"]

_SHOWN = 20  # addresses listed in the result
_DIFFERENT = r"(?:unique|distinct|different)"
_IPS = r"(?P<ips>ip(?:v(?P<v>[46]))?(?:s|'s|’s|\s+address(?:es)?))"
_WHAT = re.compile(_DIFFERENT + r"\s+" + _IPS, re.IGNORECASE)


def ip_kind(what: str) -> str | None:
    """The extractor's kind (ips, ipv4, ipv6) for a count's `what` that asks for different IP addresses ("unique IPs",
    "distinct IPv4 addresses"), else None."""
    match = _WHAT.fullmatch(" ".join(what.split()))
    if match is None:
        return None
    return f"ipv{match.group('v')}" if match.group("v") else "ips"


def ip_times(text: str, kind: str = "ips") -> list[tuple[str, int]]:
    """Each different IP address in `text` (as first written: 2001:DB8::1 and 2001:db8::1 are one) and how many times
    it appears, most first, then in order of appearance."""
    first: dict[object, str] = {}
    times: dict[object, int] = {}
    for written in ip_addresses(text, kind):
        key = ipaddress.ip_address(written)
        first.setdefault(key, written)
        times[key] = times.get(key, 0) + 1
    return sorted(((first[key], n) for key, n in times.items()), key=lambda pair: -pair[1])


def distinct_ips(text: str, kind: str = "ips") -> tuple[int, str]:
    """How many different IP addresses `text` has, each listed with its count, most first."""
    counted = ip_times(text, kind)
    noun = {"ips": "IP address", "ipv4": "IPv4 address", "ipv6": "IPv6 address"}[kind]
    n, mentions = len(counted), sum(k for _, k in counted)
    if not n:
        return 0, f"No {noun}es in the text."
    once = n == mentions
    shown = ", ".join(address if once else f"{address} ({k} time{'' if k == 1 else 's'})"
                      for address, k in counted[:_SHOWN])
    more = f" and {n - _SHOWN:,} more" if n > _SHOWN else ""
    if n == 1:
        return 1, f"1 {noun}: {shown}."
    if once:
        return n, f"{n:,} different {noun}es, each once: {shown}{more}."
    return n, f"{n:,} different {noun}es ({mentions:,} mentions in all), most first: {shown}{more}."


_PLACE = (r"(?:this|that|it|the\s+following|(?:this|that|the|my|our)\s+(?:(?:access|server|nginx|apache|web|"
          r"firewall|auth)\s+)?(?:text|file|log|logs|output|list|data|input|excerpt|snippet))")
_WHERE = r"(?:\s+(?:in|on|of|within|from)\s+" + _PLACE + r")?(?:\s+(?:below|above|here))?"
_VERB = (r"(?:\s+(?:are|were)(?:\s+there)?(?:\s+(?:listed|seen|shown|logged|present|recorded|mentioned|found))?"
         r"|\s+(?:appear|appeared|occur|occurred|show\s+up|showed\s+up)"
         r"|\s+(?:made|sent|issued)\s+(?:a\s+|any\s+)?requests?|\s+connected"
         r"|\s+(?:accessed|visited|hit|reached|called)\s+(?:the\s+|this\s+|my\s+|our\s+)?(?:server|site|website|"
         r"page|app|api|service|endpoint|host|it))?")
_END = r"\s*[?.!:]*\s*$"
_ASKED = [
    # "How many unique IPs are there?", "How many unique IP addresses are in this log?", "How many distinct IPs
    # appear below?", "How many different IP addresses made requests?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _DIFFERENT + r"\s+" + _IPS + _VERB + _WHERE
               + r"(?:\s+are\s+there)?" + _END, re.IGNORECASE),
    # "How many unique IPs does this log have?"
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _DIFFERENT + r"\s+" + _IPS + r"\s+(?:does|do)\s+" + _PLACE
               + r"\s+(?:have|contain|show|list)" + _END, re.IGNORECASE),
    # "Count the unique IPs in this log.", "What is the number of distinct IP addresses?"
    re.compile(LEAD + r"(?:count\s+(?:up\s+)?(?:the\s+)?(?:number\s+of\s+)?|(?:what(?:'s|’s|\s+is)\s+)?the\s+"
               r"number\s+of\s+)" + _DIFFERENT + r"\s+" + _IPS + _WHERE + _END, re.IGNORECASE),
]


def ips_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a question that asks how many different IP addresses `body` (the text after it) has,
    or None: another question, or a text with no IP address in it (one the extractor cannot read stays the
    model's)."""
    if not body.strip():
        return None
    match = next((m for p in _ASKED if (m := p.match(question.strip())) is not None), None)
    if match is None:
        return None
    v = match.group("v")
    what = f"unique IPv{v} addresses" if v else "unique IPs"
    return {"text": body, "what": what} if ip_addresses(body, f"ipv{v}" if v else "ips") else None
