"""The `network` tool: what an IP network in CIDR holds (netmask, broadcast, usable hosts), whether an address is
in it, what kind of address one is and whether a text is a valid address (and why not), worked out with the
standard library's `ipaddress`.

Subnetting is arithmetic on bits, and a small model does it in its head: the 1.5B gave 6 usable hosts for a
/22 (1,022), 255.255.248.0 as the mask of a /27 (255.255.255.224) and 172.16.40.255 as the broadcast of
172.16.40.0/23 (172.16.41.255). `network_asked` recognises a message that plainly asks such a thing, so that it
goes to the tool before the model answers (chat/conversation.py's exact step). Asked "Is 192.168.1.300 a valid IP
address?", the 1.5B said yes: `validity` says no, and that 300 is more than 255.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from llorch.errors import ToolError
from llorch.tools.asking import plain_question
from llorch.tools.base import ToolContext, ToolResult

__all__ = ["NetworkTool", "describe", "network_asked", "validity"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def describe(address: str, contains: str = "") -> tuple[dict[str, Any], str]:
    """Facts about `address` (an IP, a network in CIDR, a bare prefix such as /22, or a netmask), or whether
    `contains` (an address or network) lies in it: the facts as data, and in sentences."""
    given = address.strip()
    if contains.strip():
        return _contains(_network(given), contains.strip())
    prefix = re.fullmatch(r"/?(\d{1,3})", given)
    if prefix is not None or _netmask(given) is not None:
        bits = int(prefix.group(1)) if prefix is not None else _netmask(given)
        if bits is None or bits > 32:
            raise ToolError(f"network: /{bits} is no IPv4 prefix (0 to 32); for IPv6 give a network, e.g. "
                            f"2001:db8::/{bits}")
        mask = ipaddress.IPv4Network(f"0.0.0.0/{bits}")
        lead = f"{given} is the netmask of a /{bits}. " if prefix is None else ""
        holds = ("2 addresses, both usable (a point-to-point link, RFC 3021: no network or broadcast address)"
                 if bits == 31 else "1 address, a single host" if bits == 32
                 else f"{_usable(mask)} (of its {_count(mask.num_addresses)} addresses)")
        said = f"{lead}A /{bits} IPv4 network has {holds}; netmask {mask.netmask}, wildcard {mask.hostmask}."
        return _facts(mask), said
    if "/" not in given:
        ip = _address(given)
        data: dict[str, Any] = {"address": str(ip), "version": ip.version, "kind": _kind(ip)}
        said = f"{ip} is {_article(_kind(ip))} {_kind(ip)} IPv{ip.version} address."
        if isinstance(ip, ipaddress.IPv6Address):  # its two spellings ("Expand 2001:db8::1"; "Compress 2001:0db8:…")
            data |= {"exploded": ip.exploded, "compressed": ip.compressed}
            said += f" In full: {ip.exploded}; shortest: {ip.compressed}."
        return data, said
    net = _network(given)
    host = ipaddress.ip_interface(given).ip
    data = _facts(net)
    lead = f"{host} is a host in {net}. " if host != net.network_address else ""
    return data, lead + _said(net)


def validity(address: str, version: str = "ip") -> tuple[dict[str, Any], str]:
    """Whether `address` is a valid IP address (`version`: "ip" for either, "ipv4" or "ipv6"), by Python's
    `ipaddress`, as data (`valid`, and `why` not) and a sentence that begins with Yes or No and gives the reason."""
    given = address.strip()
    want = {"ipv4": 4, "ipv6": 6}.get(version.lower())
    try:
        ip = ipaddress.ip_address(given)
    except ValueError:
        v6 = ":" in given or want == 6
        why = _why_not(given, v6)
        name = "IPv6" if v6 else "IPv4" if re.fullmatch(r"[\d.]+", given) else "IP"
        return {"address": given, "valid": False, "why": why}, f"No: {given} is not a valid {name} address: {why}."
    data = {"address": given, "valid": want in (None, ip.version), "version": ip.version, "kind": _kind(ip)}
    if want is not None and want != ip.version:
        why = f"it is an IPv{ip.version} address, not an IPv{want} one"
        return data | {"why": why}, f"No: {given} is a valid IPv{ip.version} address, but not an IPv{want} one."
    return data, f"Yes: {given} is a valid IPv{ip.version} address ({_noted(ip)})."


def _why_not(text: str, v6: bool) -> str:
    """Why `text` is no IPv4 (or, `v6`, IPv6) address, in words."""
    if not v6 and re.fullmatch(r"[\d.]+", text):
        parts = text.split(".")
        if len(parts) != 4:
            return f"it has {len(parts)} part{'' if len(parts) == 1 else 's'} (an IPv4 address has four, each 0 to 255)"
        for part in parts:
            if not part:
                return "it has an empty part between two dots (each of the four parts is 0 to 255)"
            if len(part) > 1 and part.startswith("0"):
                plain = ".".join(str(int(p)) for p in parts)
                return (f"{part} has a leading zero, which Python's ipaddress rejects (some tools read such a part as "
                        f"octal, so 010 could be 8 or 10); {plain} is the address written without it")
            if int(part) > 255:
                return f"{part} is more than 255 (each of the four parts is 0 to 255)"
    if not v6:
        return "an IPv4 address is four numbers 0 to 255 joined by dots (192.168.1.10)"
    try:
        ipaddress.IPv6Address(text)
    except ValueError as exc:  # (its own words, less the address it repeats: "At most one '::' permitted")
        said = re.sub(rf" in {re.escape(repr(text))}$", "", str(exc))
        return said[:1].lower() + said[1:]
    return "it is no IP address"  # (not reached: ip_address took it)


def _noted(ip: Address) -> str:
    """An address's kind, with the RFC that sets its block apart where there is one."""
    kind = _kind(ip)
    for block, rfc in (("10.0.0.0/8", "RFC 1918"), ("172.16.0.0/12", "RFC 1918"), ("192.168.0.0/16", "RFC 1918"),
                       ("192.0.2.0/24", "RFC 5737"), ("198.51.100.0/24", "RFC 5737"), ("203.0.113.0/24", "RFC 5737"),
                       ("100.64.0.0/10", "RFC 6598"), ("2001:db8::/32", "RFC 3849"), ("fc00::/7", "RFC 4193")):
        net = ipaddress.ip_network(block)
        if net.version == ip.version and ip in net:
            return f"{kind}, {rfc}"
    return kind


def _said(net: Network) -> str:
    first, last = net.network_address, net.broadcast_address
    if net.version == 4:
        if net.prefixlen >= 31:
            return (f"{net}: netmask {net.netmask}; {_count(net.num_addresses)} address{_es(net.num_addresses)}, "
                    f"{first}{'' if first == last else f' to {last}'}; {_usable(net)}; "
                    f"{_article(_kind(first))} {_kind(first)} network.")
        return (f"{net}: netmask {net.netmask} (wildcard {net.hostmask}); {_count(net.num_addresses)} addresses, "
                f"{first} to {last}; broadcast {last}; {_usable(net)}, {first + 1} to {last - 1}; "
                f"{_article(_kind(first))} {_kind(first)} network.")
    return (f"{net}: {_count(net.num_addresses)} address{_es(net.num_addresses)} (2^{128 - net.prefixlen}), {first} "
            f"to {last}; IPv6 has no broadcast; {_article(_kind(first))} {_kind(first)} network.")


def _facts(net: Network) -> dict[str, Any]:
    hosts = _hosts(net)
    data: dict[str, Any] = {"network": str(net), "prefix": net.prefixlen, "addresses": net.num_addresses,
                            "hosts": hosts, "first": str(net.network_address), "last": str(net.broadcast_address)}
    if net.version == 4:
        data.update(netmask=str(net.netmask), wildcard=str(net.hostmask))
        if net.prefixlen < 31:
            data.update(broadcast=str(net.broadcast_address), first_host=str(net.network_address + 1),
                        last_host=str(net.broadcast_address - 1))
    return data


def _hosts(net: Network) -> int:
    """Usable host addresses: all but the network and broadcast addresses; a /31 has two (a point-to-point link,
    RFC 3021), a /32 its one; IPv6 has no broadcast (only the subnet-router anycast address is set apart)."""
    if net.version == 6:
        return int(net.num_addresses) - 1 if net.prefixlen < 127 else int(net.num_addresses)
    return int(net.num_addresses) - 2 if net.prefixlen < 31 else int(net.num_addresses)


def _usable(net: Network) -> str:
    n = _hosts(net)
    if net.version == 4 and net.prefixlen == 31:
        return "2 usable hosts (a point-to-point link, RFC 3021: no network or broadcast address)"
    if net.version == 4 and net.prefixlen == 32:
        return "1 host (a single address)"
    return f"{_count(n)} usable host{'' if n == 1 else 's'}"


def _contains(net: Network, inner: str) -> tuple[dict[str, Any], str]:
    if "/" in inner:
        sub = _network(inner)
        inside = sub.version == net.version and sub.subnet_of(net)  # type: ignore[arg-type]
        what = str(sub)
    else:
        ip = _address(inner)
        inside = ip in net
        what = str(ip)
    said = f"{what} is {'' if inside else 'not '}in {net} ({net.network_address} to {net.broadcast_address})."
    return {"network": str(net), "contains": what, "inside": inside}, said


def _network(text: str) -> Network:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError as exc:
        why = "" if "does not appear" in str(exc) else f": {exc}"  # (ipaddress's own words say no more than ours)
        raise ToolError(f"network: {text!r} is not a network{why} (give e.g. 192.168.1.0/24)") from None


def _address(text: str) -> Address:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        raise ToolError(f"network: {text!r} is not an IP address (give e.g. 10.0.0.1 or 192.168.1.0/24)") from None


def _netmask(text: str) -> int | None:
    """The prefix length of a dotted netmask ("255.255.255.0" -> 24), or None."""
    if not re.fullmatch(r"255\.\d{1,3}\.\d{1,3}\.\d{1,3}", text):
        return None
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{text}").prefixlen
    except ValueError:
        return None


def _kind(ip: Address) -> str:
    for kind in ("loopback", "link-local", "multicast", "unspecified"):
        if getattr(ip, "is_" + kind.replace("-", "_")):
            return kind
    if ip.version == 4 and ip in ipaddress.IPv4Network("100.64.0.0/10"):
        return "shared (carrier-grade NAT)"
    if ip.is_reserved:
        return "reserved"  # (240.0.0.0/4 is in Python's is_private: 255.0.255.0 was said to be a private address)
    if ip.is_private:
        return "documentation" if str(ip).startswith(("192.0.2.", "198.51.100.", "203.0.113.", "2001:db8:")) \
            else "private"
    return "public" if ip.is_global else "reserved"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _count(n: int) -> str:
    return f"{n:,}"


def _es(n: int) -> str:
    return "" if n == 1 else "es"


class NetworkTool:
    """Netmask, broadcast, host range and count of an IP network; whether an address is in it."""

    name = "network"
    description = ("IP networks worked out exactly: a CIDR's netmask, broadcast, host range and usable hosts; "
                   "whether an address is in a network; what kind of address an IP is")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "address": {"type": "string", "maxLength": 100,
                        "description": "a network (192.168.1.0/24), a prefix (/22), a netmask or an IP address"},
            "contains": {"type": "string", "maxLength": 100,
                         "description": "an address or network: is it in `address`?"},
            "valid": {"type": "string", "enum": ["ip", "ipv4", "ipv6"],
                      "description": "is `address` a valid IP address (of that version), and if not, why not?"},
        },
        "required": ["address"],
    }
    positional = ("address", "contains")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("is 10.0.5.17 in 10.0.0.0/21?", {"address": "10.0.0.0/21", "contains": "10.0.5.17"}),
        ("is 192.168.1.300 a valid IP address?", {"address": "192.168.1.300", "valid": "ip"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        if args.get("valid"):
            data, said = validity(str(args.get("address", "")), str(args["valid"]))
            return ToolResult(said, data, verdict=bool(data["valid"]))
        data, said = describe(str(args.get("address", "")), str(args.get("contains", "") or ""))
        return ToolResult(said, data, verdict=bool(data["inside"]) if "inside" in data else None)


# --- recognising a plain request ----------------------------------------------------------------

_V4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_V6 = r"(?=[0-9a-f:]*:[0-9a-f:]*:)[0-9a-f:]{2,39}"
_ADDR = rf"(?:{_V4}|{_V6})(?:/\d{{1,3}})?"
_V6_ANY = re.compile(rf"(?<![\w.:/]){_V6}(?:/\d{{1,3}})?(?![\w.:/])", re.IGNORECASE)
_ANY = re.compile(rf"(?<![\w.:/])(?P<a>{_ADDR}|/\d{{1,3}})(?![\w.:/])", re.IGNORECASE)
_IN = re.compile(rf"^(?:is|are|does|do|would|will)\s+(?:the\s+)?(?:(?:ip|address|host|ip\s+address)\s+)?"
                 rf"(?P<inner>{_ADDR})"
                 rf"\s+(?:be\s+)?(?:in|inside|within|part\s+of|belong\s+to|fall\s+(?:in|within)|included\s+in|"
                 rf"in\s+the\s+range(?:\s+of)?|covered\s+by)\s+(?:the\s+)?(?:(?:subnet|network|range|block|cidr)\s+)?"
                 rf"(?P<outer>{_ADDR})(?:\s+(?:subnet|network|range|block))?\s*[?.!]*$", re.IGNORECASE)
_CONTAINS = re.compile(rf"^does\s+(?:the\s+)?(?:(?:subnet|network|range|block|cidr)\s+)?(?P<outer>{_ADDR})\s+"
                       rf"(?:contain|include|cover)\s+(?:the\s+)?(?:(?:ip|address|host)\s+)?(?P<inner>{_ADDR})"
                       r"\s*[?.!]*$",
                       re.IGNORECASE)
_ABOUT = re.compile(r"\b(?:(?:subnet\s+|net)mask|mask|broadcast|usable|hosts?|addresses|wildcard|cidr|"
                    r"network\s+address|(?:first|last)\s+(?:usable\s+)?(?:ip|address|host)|(?:ip|address|host)\s+range|"
                    r"range\s+of|how\s+many\s+ips?|private|public|loopback|link-local|multicast|prefix|expand|compress|"
                    r"shorten|full\s+form|in\s+full)\b",
                    re.IGNORECASE)
# "Is 192.168.1.300 a valid IP address?", "Is 2001:db8::1 an IPv6 address?", "Is 192.168.01.1 valid?": the address
# as typed, valid or not (a CIDR is no address: "Is 192.168.1.0/24 a valid subnet?" is not read here)
_VALID = re.compile(r"^(?:is|are)\s+(?:the\s+)?(?:(?:ip(?:v[46])?|address|ip(?:v[46])?\s+address)\s+)?[\"'`]?"
                    r"(?P<a>(?=[\w:.%]*\d)(?=[\w:.%]*[.:])[\w:.%]+?)[\"'`]?\s+"
                    r"(?:(?:a\s+)?valid(?:\s+(?:(?P<v>ip(?:v[46])?)(?:\s+address)?|address))?"
                    r"|an?\s+(?P<w>ip(?:v[46])?)(?:\s+address)?)(?:\s+or\s+not)?\s*[?.!]*$", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:(?:can|could)\s+you\s+)?(?:what|what's|what’s|how|which|is|are|give|tell|calculate|"
                       r"compute|find|list|show|get|expand|compress|shorten|write)\b", re.IGNORECASE)


def network_asked(message: str) -> dict[str, str] | None:
    """The network tool's arguments for a message that plainly asks what an IP network holds ("How many usable hosts
    are in a /22?", "What's the broadcast address of 172.16.40.0/23?"), whether an address is in one ("Is 10.0.5.17
    in 10.0.0.0/21?") or what kind an address is ("Is 192.168.1.5 a private IP?"), or None."""
    valid = _valid_asked(message)
    if valid is not None:
        return valid
    masked = _V6_ANY.sub(lambda m: "x" * len(m.group(0)), message)  # (an IPv6 address's colons give no text)
    if plain_question(masked) is None:
        return None
    question = message.strip().rstrip("?!. ")
    both = _IN.match(question) or _CONTAINS.match(question)
    if both is not None:
        return {"address": both.group("outer"), "contains": both.group("inner")}
    found = [m.group("a") for m in _ANY.finditer(question) if _valid(m.group("a"))]
    netmask = re.search(r"\b255\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", question)
    if len(found) != 1 or _QUESTION.match(question) is None or _ABOUT.search(question) is None:
        return None
    if netmask is not None and netmask.group(0) == found[0] and _netmask(found[0]) is None:
        return None
    return {"address": found[0]}


def _valid_asked(message: str) -> dict[str, str] | None:
    """The arguments for "Is 192.168.1.300 a valid IP address?" (one short line; an IPv6 address's colons are no
    colon before a text, so not `plain_question`), or None. Without "IP" in it, the address must look like one:
    four parts, or IPv6's colons ("Is 1.2.3 valid?" may ask about a version)."""
    whole = message.strip()
    match = _VALID.match(whole) if "\n" not in whole and len(whole) <= 200 else None
    if match is None:
        return None
    address, named = match.group("a"), match.group("v") or match.group("w")
    if not re.search(r"\bip", whole, re.IGNORECASE) and not re.fullmatch(r"\d+(?:\.\d*){3}|[\w.%]*:[\w.%]*:[\w:.%]*",
                                                                       address):
        return None
    if ":" not in address and not re.fullmatch(r"[\d.]+", address):  # (letters without IPv6's colons: a hostname)
        return None
    return {"address": address, "valid": (named or "ip").lower()}


def _valid(text: str) -> bool:
    if re.fullmatch(r"/\d{1,3}", text):
        return int(text[1:]) <= 32
    try:
        ipaddress.ip_network(text, strict=False) if "/" in text else ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
