"""The network tool: what a CIDR holds and whether an address is in it, and the plain questions that go to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.network import network_asked
from llorch.tools.registry import ToolRegistry


def run(**args: str) -> tuple[str, Any]:
    result = ToolRegistry().call("network", args, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("args", "said"), [
    # what the 1.5B got wrong: 6 usable hosts in a /22, 255.255.248.0 for a /27, 172.16.40.255 as a broadcast
    # (the usable hosts first: told "8 addresses and 6 usable hosts" for a /29, the 1.5B answered 8 usable)
    ({"address": "/22"}, "A /22 IPv4 network has 1,022 usable hosts (of its 1,024 addresses); netmask "
                         "255.255.252.0, wildcard 0.0.3.255."),
    ({"address": "/31"}, "A /31 IPv4 network has 2 addresses, both usable (a point-to-point link, RFC 3021: no "
                         "network or broadcast address); netmask 255.255.255.254, wildcard 0.0.0.1."),
    ({"address": "/32"}, "A /32 IPv4 network has 1 address, a single host; netmask 255.255.255.255, wildcard 0.0.0.0."),
    ({"address": "192.168.10.0/27"}, "192.168.10.0/27: netmask 255.255.255.224 (wildcard 0.0.0.31); 32 addresses, "
     "192.168.10.0 to 192.168.10.31; broadcast 192.168.10.31; 30 usable hosts, 192.168.10.1 to 192.168.10.30; "
     "a private network."),
    ({"address": "172.16.40.0/23"}, "172.16.40.0/23: netmask 255.255.254.0 (wildcard 0.0.1.255); 512 addresses, "
     "172.16.40.0 to 172.16.41.255; broadcast 172.16.41.255; 510 usable hosts, 172.16.40.1 to 172.16.41.254; "
     "a private network."),
    ({"address": "192.168.1.77/24"}, "192.168.1.77 is a host in 192.168.1.0/24. 192.168.1.0/24: netmask "
     "255.255.255.0 (wildcard 0.0.0.255); 256 addresses, 192.168.1.0 to 192.168.1.255; broadcast 192.168.1.255; 254 "
     "usable hosts, 192.168.1.1 to 192.168.1.254; a private network."),
    ({"address": "10.0.0.0/31"}, "10.0.0.0/31: netmask 255.255.255.254; 2 addresses, 10.0.0.0 to 10.0.0.1; 2 usable "
     "hosts (a point-to-point link, RFC 3021: no network or broadcast address); a private network."),
    ({"address": "8.8.8.8/32"}, "8.8.8.8/32: netmask 255.255.255.255; 1 address, 8.8.8.8; 1 host (a single "
     "address); a public network."),
    ({"address": "255.255.255.0"}, "255.255.255.0 is the netmask of a /24. A /24 IPv4 network has 254 usable hosts "
     "(of its 256 addresses); netmask 255.255.255.0, wildcard 0.0.0.255."),
    ({"address": "2001:db8::/48"}, "2001:db8::/48: 1,208,925,819,614,629,174,706,176 addresses (2^80), 2001:db8:: to "
     "2001:db8:0:ffff:ffff:ffff:ffff:ffff; IPv6 has no broadcast; a documentation network."),
    ({"address": "10.0.0.0/21", "contains": "10.0.5.17"}, "10.0.5.17 is in 10.0.0.0/21 (10.0.0.0 to 10.0.7.255)."),
    ({"address": "10.0.0.0/21", "contains": "10.0.8.1"}, "10.0.8.1 is not in 10.0.0.0/21 (10.0.0.0 to 10.0.7.255)."),
    ({"address": "10.0.0.0/8", "contains": "10.1.0.0/16"}, "10.1.0.0/16 is in 10.0.0.0/8 (10.0.0.0 to "
                                                             "10.255.255.255)."),
    ({"address": "10.0.0.0/8", "contains": "::1"}, "::1 is not in 10.0.0.0/8 (10.0.0.0 to 10.255.255.255)."),
    ({"address": "8.8.8.8"}, "8.8.8.8 is a public IPv4 address."),
    ({"address": "127.0.0.1"}, "127.0.0.1 is a loopback IPv4 address."),
    ({"address": "192.168.0.9"}, "192.168.0.9 is a private IPv4 address."),
    ({"address": "255.0.255.0"}, "255.0.255.0 is a reserved IPv4 address."),  # (in Python's is_private: 240/4)
    ({"address": "100.70.1.1"}, "100.70.1.1 is a shared (carrier-grade NAT) IPv4 address."),
])
def test_networks_and_addresses(args: dict[str, str], said: str) -> None:
    assert run(**args)[0] == said


def test_the_data_holds_each_figure() -> None:
    _, data = run(address="192.168.10.0/27")
    assert (data["netmask"], data["broadcast"], data["hosts"], data["first_host"], data["last_host"]) == (
        "255.255.255.224", "192.168.10.31", 30, "192.168.10.1", "192.168.10.30")
    assert run(address="10.0.0.0/21", contains="10.0.8.1")[1]["inside"] is False


@pytest.mark.parametrize(("address", "error"), [
    ("10.0.0.300/24", "'10.0.0.300/24' is not a network"),
    ("/33", "/33 is no IPv4 prefix"),
    ("localhost", "'localhost' is not an IP address"),
])
def test_what_is_no_address_is_a_one_line_error(address: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(address=address)


@pytest.mark.parametrize(("message", "asked"), [
    ("How many usable hosts are in a /22 network?", {"address": "/22"}),
    ("What's the subnet mask of 192.168.10.0/27?", {"address": "192.168.10.0/27"}),
    ("Is 10.0.5.17 in 10.0.0.0/21?", {"address": "10.0.0.0/21", "contains": "10.0.5.17"}),
    ("Does 10.0.0.0/8 contain 10.200.3.4?", {"address": "10.0.0.0/8", "contains": "10.200.3.4"}),
    ("Is the IP 192.168.2.9 part of the 192.168.0.0/22 subnet?", {"address": "192.168.0.0/22",
                                                                  "contains": "192.168.2.9"}),
    ("What's the broadcast address of 172.16.40.0/23?", {"address": "172.16.40.0/23"}),
    ("Is 192.168.1.5 a private IP?", {"address": "192.168.1.5"}),
    ("What CIDR is 255.255.255.0?", {"address": "255.255.255.0"}),
    ("What is the first usable address in 10.10.0.0/20?", {"address": "10.10.0.0/20"}),
    ("What's the netmask for /19?", {"address": "/19"}),
])
def test_a_plain_question_is_read_without_a_model(message: str, asked: dict[str, str]) -> None:
    assert network_asked(message) == asked


@pytest.mark.parametrize("message", [
    "My server at 10.0.0.5 cannot reach the internet, why?",
    "How do I set a static IP of 192.168.1.50 on Ubuntu?",
    "How many addresses in a /24 and a /25?",  # two: not plain
    "What is 10/2?",
    "How many hosts are on my network?",
])
def test_other_questions_are_not(message: str) -> None:
    assert network_asked(message) is None


@pytest.mark.parametrize(("address", "valid", "said"), [
    # the 1.5B said "Yes, 192.168.1.300 is a valid IP address."
    ("192.168.1.300", "ip", "No: 192.168.1.300 is not a valid IPv4 address: 300 is more than 255 (each of the four "
                            "parts is 0 to 255)."),
    ("10.0.256.1", "ipv4", "No: 10.0.256.1 is not a valid IPv4 address: 256 is more than 255 (each of the four parts "
                           "is 0 to 255)."),
    ("1.2.3", "ip", "No: 1.2.3 is not a valid IPv4 address: it has 3 parts (an IPv4 address has four, each 0 to 255)."),
    ("1..2.3", "ip", "No: 1..2.3 is not a valid IPv4 address: it has an empty part between two dots (each of the four "
                     "parts is 0 to 255)."),
    ("192.168.01.1", "ip", "No: 192.168.01.1 is not a valid IPv4 address: 01 has a leading zero, which Python's "
                           "ipaddress rejects (some tools read such a part as octal, so 010 could be 8 or 10); "
                           "192.168.1.1 is the address written without it."),
    ("1::2::3", "ip", "No: 1::2::3 is not a valid IPv6 address: at most one '::' permitted."),
    ("8.8.8.8", "ipv6", "No: 8.8.8.8 is a valid IPv4 address, but not an IPv6 one."),
    ("172.16.4.20", "ip", "Yes: 172.16.4.20 is a valid IPv4 address (private, RFC 1918)."),
    ("2001:db8::1", "ipv6", "Yes: 2001:db8::1 is a valid IPv6 address (documentation, RFC 3849)."),
    ("8.8.8.8", "ipv4", "Yes: 8.8.8.8 is a valid IPv4 address (public)."),
])
def test_whether_an_address_is_valid_is_yes_or_no_with_the_reason(address: str, valid: str, said: str) -> None:
    result = ToolRegistry().call("network", {"address": address, "valid": valid},
                                 ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == said
    assert result.verdict is result.data["valid"] is said.startswith("Yes")


@pytest.mark.parametrize(("message", "asked"), [
    ("Is 192.168.1.300 a valid IP address?", {"address": "192.168.1.300", "valid": "ip"}),
    ("Is 10.0.256.1 a valid IPv4 address?", {"address": "10.0.256.1", "valid": "ipv4"}),
    ("Is 172.16.4.20 a valid IP?", {"address": "172.16.4.20", "valid": "ip"}),
    ("Is 2001:db8::1 a valid IPv6 address?", {"address": "2001:db8::1", "valid": "ipv6"}),  # (its colons: no text)
    ("Is 1.2.3 a valid IP?", {"address": "1.2.3", "valid": "ip"}),
    ("Is 192.168.01.1 valid?", {"address": "192.168.01.1", "valid": "ip"}),
    ("Is the IP 10.0.0.1 valid?", {"address": "10.0.0.1", "valid": "ip"}),
    ("Is 300.1.1.1 an IP address?", {"address": "300.1.1.1", "valid": "ip"}),
])
def test_a_validity_question_is_read_without_a_model(message: str, asked: dict[str, str]) -> None:
    assert network_asked(message) == asked


@pytest.mark.parametrize(("message", "asked"), [
    ("What is a valid IP address?", None),
    ("How do I check if an IP is valid in Python?", None),
    ("Is 192.168.1.0/24 a valid subnet?", None),  # a network, not an address
    ("Is 1.2.3 valid?", None),  # maybe a version: no IP named, no address's shape
    ("Is this a valid IP?", None),
    ("Is example.com a valid IP?", None),
    ("Is 192.168.1.5 a private IP?", {"address": "192.168.1.5"}),  # its kind, as before
])
def test_near_misses_keep_their_routing(message: str, asked: dict[str, str] | None) -> None:
    assert network_asked(message) == asked


@pytest.mark.parametrize(("message", "asked"), [
    ("How many addresses are in 2001:db8::/64?", {"address": "2001:db8::/64"}),
    ("Is 2001:db8::1 in 2001:db8::/32?", {"address": "2001:db8::/32", "contains": "2001:db8::1"}),
    ("What's the network address of 2001:db8:abcd:12::5/64?", {"address": "2001:db8:abcd:12::5/64"}),
    ("Expand the IPv6 address 2001:db8::1", {"address": "2001:db8::1"}),
    ("Compress 2001:0db8:0000:0000:0000:0000:0000:0001", {"address": "2001:0db8:0000:0000:0000:0000:0000:0001"}),
    ("What is this: 2001:db8::/64", None),  # a colon before a text, outside the address: not a plain question
])
def test_an_ipv6_question_is_read_though_its_address_has_colons(message: str, asked: dict[str, str] | None) -> None:
    # (every one of these went to the model: plain_question took the address's first colon for "question: text")
    assert network_asked(message) == asked


def test_an_ipv6_address_is_given_in_full_and_shortest() -> None:
    said, data = run(address="2001:0db8:0000:0000:0000:0000:0000:0001")
    assert said == ("2001:db8::1 is a documentation IPv6 address. In full: 2001:0db8:0000:0000:0000:0000:0000:0001; "
                    "shortest: 2001:db8::1.")
    assert (data["exploded"], data["compressed"]) == ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")
    assert "exploded" not in run(address="8.8.8.8")[1]


def test_an_answer_must_give_the_spelling_asked_for() -> None:
    from llorch.chat.answercheck import expected, fault
    data = run(address="2001:db8::1")[1]
    want = expected("network", data, "Expand the IPv6 address 2001:db8::1")
    assert fault("It is 2001:0db8:0000:0000:0000:0000:0000:0001.", want, "network", "") is None
    assert fault("It is 2001:db8:0:0:0:0:0:1.", want, "network", "") is not None  # (not the full form)
    want = expected("network", data, "Compress 2001:0db8:0000:0000:0000:0000:0000:0001")
    assert fault("Shortened: 2001:db8::1", want, "network", "") is None
