"""The encode tool: base64, URL and hex codings and digests worked out, and the plain questions that go to it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.encode import decode_jwt, encode, encode_asked
from llorch.tools.registry import ToolRegistry


def run(action: str, text: str) -> tuple[str, str]:
    result = ToolRegistry().call("encode", {"action": action, "text": text}, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data["result"]


@pytest.mark.parametrize(("action", "text", "said", "result"), [
    # what the 1.5B got wrong: "Hello World" for this base64, 2129684037 as an MD5, a made-up SHA-256
    ("unbase64", "bGxvcmNoIGlzIGZhc3Q=", "The base64 “bGxvcmNoIGlzIGZhc3Q=” decodes to “llorch is fast”",
     "llorch is fast"),
    ("md5", "password", "The MD5 of “password” (8 UTF-8 bytes, no trailing newline: what `echo -n` pipes) is "
     "5f4dcc3b5aa765d61d8327deb882cf99", "5f4dcc3b5aa765d61d8327deb882cf99"),
    ("sha256", "abc", "The SHA-256 of “abc” (3 UTF-8 bytes, no trailing newline: what `echo -n` pipes) is "
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("base64", "hello world", "“hello world” in base64 is aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGQ="),
    ("unbase64", "aGk", "The base64 “aGk” decodes to “hi”", "hi"),  # padding left off
    ("unbase64", "_-8", "The base64 “_-8” decodes to 2 bytes that are not UTF-8 text: ff ef", "ff ef"),  # base64url
    ("url", "name=John Smith&city=São Paulo",
     "“name=John Smith&city=São Paulo” as a URL query string is name=John+Smith&city=S%C3%A3o+Paulo (as a single URL "
     "component: name%3DJohn%20Smith%26city%3DS%C3%A3o%20Paulo)", "name=John+Smith&city=S%C3%A3o+Paulo"),
    ("url", "a b/c", "“a b/c” URL-encoded is a%20b%2Fc", "a%20b%2Fc"),
    ("url", "https://example.com/a b?q=ü", "“https://example.com/a b?q=ü” with its spaces and other bytes escaped is "
     "https://example.com/a%20b?q=%C3%BC", "https://example.com/a%20b?q=%C3%BC"),
    ("unurl", "S%C3%A3o%20Paulo", "“S%C3%A3o%20Paulo” URL-decoded is “São Paulo”", "São Paulo"),
    ("unurl", "q=a+b%26c", "“q=a+b%26c” URL-decoded is “q=a b&c”", "q=a b&c"),  # + is a space in a query string
    ("hex", "hi", "“hi” in hex (its UTF-8 bytes) is 6869", "6869"),
    ("unhex", "0x68 0x69", "The hex “0x68 0x69” decodes to “hi”", "hi"),
    ("sha1", "", "The SHA-1 of “” (0 UTF-8 bytes, no trailing newline: what `echo -n` pipes) is "
     "da39a3ee5e6b4b0d3255bfef95601890afd80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
])
def test_codings_and_digests(action: str, text: str, said: str, result: str) -> None:
    assert run(action, text) == (said, result)


@pytest.mark.parametrize(("text", "said", "result"), [
    # what the 1.5B got wrong: U+2603 "a full moon symbol", 5 bytes for 'naïve'
    ("U+2603", "☃ is U+2603 SNOWMAN (decimal 9731; UTF-8: e2 98 83)", "U+2603"),
    ("\\u00e9", "é is U+00E9 LATIN SMALL LETTER E WITH ACUTE (decimal 233; UTF-8: c3 a9)", "U+00E9"),
    ("Z", "Z is U+005A LATIN CAPITAL LETTER Z (decimal 90; UTF-8: 5a)", "U+005A"),
    ("naïve", "“naïve” is 5 characters, 6 bytes in UTF-8: n is U+006E LATIN SMALL LETTER N (decimal 110; UTF-8: 6e); "
     "a is U+0061 LATIN SMALL LETTER A (decimal 97; UTF-8: 61); ï is U+00EF LATIN SMALL LETTER I WITH DIAERESIS "
     "(decimal 239; UTF-8: c3 af); v is U+0076 LATIN SMALL LETTER V (decimal 118; UTF-8: 76); e is U+0065 LATIN SMALL "
     "LETTER E (decimal 101; UTF-8: 65)", "6"),
])
def test_characters_by_code_point_name_and_utf8(text: str, said: str, result: str) -> None:
    assert run("unicode", text) == (said, result)
    with pytest.raises(ToolError, match="U\\+110000 is past the last code point"):
        run("unicode", "U+110000")


def test_piped_text_is_hashed_with_the_newline_it_came_with_too() -> None:
    """`echo hello | llorch run "What's the sha256 of this?"`: llorch reads "hello"; sha256sum reads "hello\\n"."""
    asked = encode_asked("What's the sha256 of this?\n\nhello")
    assert asked == {"action": "sha256", "text": "hello", "piped": True}
    result = ToolRegistry().call("encode", asked, ToolContext(data_dir=Path("/nonexistent")))
    assert result.text == (
        "The SHA-256 of the piped text, ending in one newline as piped (6 UTF-8 bytes: what `sha256sum FILE` and "
        "`echo … | sha256sum` read), is 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
    assert result.data["result"] == hashlib.sha256(b"hello\n").hexdigest()
    assert result.data["without_newline"] == hashlib.sha256(b"hello").hexdigest()
    assert encode_asked("What's the md5 of this: hello") == {"action": "md5", "text": "hello"}  # typed, not piped


def test_a_long_text_is_shown_by_its_start() -> None:
    said, _ = run("md5", "line one\n" * 100)
    assert said.startswith("The MD5 of the text starting “line one…” (900 characters) (900 UTF-8 bytes")


@given(st.text(max_size=200))
def test_every_coding_decodes_back_to_its_text(text: str) -> None:
    for there, back in (("base64", "unbase64"), ("hex", "unhex")):
        coded = encode(there, text)[0]
        assert coded == (base64.b64encode(text.encode()).decode() if there == "base64" else text.encode().hex())
        if text and all(c.isprintable() or c in "\n\t\r" for c in text):
            assert encode(back, coded)[0] == text
    assert encode("unurl", encode("url", text)[0])[0] == text or "=" in text
    assert encode("sha512", text)[0] == hashlib.sha512(text.encode()).hexdigest()


@pytest.mark.parametrize(("action", "text", "error"), [
    ("unbase64", "not base64!", "“not base64!” is not base64"),
    ("unhex", "zz", "“zz” is not hex: give pairs of 0-9 and a-f"),
])
def test_what_does_not_decode_is_a_one_line_error(action: str, text: str, error: str) -> None:
    with pytest.raises(ToolError, match=error):
        run(action, text)
    with pytest.raises(ToolError, match="must be one of base64, unbase64"):
        run("rot47", "x")


@pytest.mark.parametrize(("message", "asked"), [
    ('What is "hello world" in base64?', {"action": "base64", "text": "hello world"}),
    ("base64 encode hello world", {"action": "base64", "text": "hello world"}),
    ("Encode hello to base64", {"action": "base64", "text": "hello"}),
    ("Decode this base64: bGxvcmNoIGlzIGZhc3Q=", {"action": "unbase64", "text": "bGxvcmNoIGlzIGZhc3Q="}),
    ("Decode this base64:\n\naGVsbG8=", {"action": "unbase64", "text": "aGVsbG8="}),
    ("Can you decode aGVsbG8gd29ybGQ= from base64?", {"action": "unbase64", "text": "aGVsbG8gd29ybGQ="}),
    ("What does the base64 aGVsbG8= decode to?", {"action": "unbase64", "text": "aGVsbG8="}),
    ("What's the SHA-256 hash of the string abc?", {"action": "sha256", "text": "abc"}),
    ('What\'s the md5 of "password"?', {"action": "md5", "text": "password"}),
    ('Hash "abc" with SHA-512', {"action": "sha512", "text": "abc"}),
    ("sha1 'abc'", {"action": "sha1", "text": "abc"}),
    ("URL-encode this: name=John Smith&city=São Paulo", {"action": "url", "text": "name=John Smith&city=São Paulo"}),
    ("url decode a%20b", {"action": "unurl", "text": "a%20b"}),
    ("What's the base64 encoding of 'user:pass123'?", {"action": "base64", "text": "user:pass123"}),  # a quoted colon
    ("URL encode: q=café & crème", {"action": "url", "text": "q=café & crème"}),
    ("what does aHR0cHM6Ly9leGFtcGxlLmNvbQ== decode to?",
     {"action": "unbase64", "text": "aHR0cHM6Ly9leGFtcGxlLmNvbQ=="}),
    ("Can you URL-decode this for me: %E4%BD%A0%20world", {"action": "unurl", "text": "%E4%BD%A0%20world"}),
    ('What is "hi" in hex?', {"action": "hex", "text": "hi"}),
    ("Decode the hex 68656c6c6f", {"action": "unhex", "text": "68656c6c6f"}),
    ("What character is U+2603?", {"action": "unicode", "text": "U+2603"}),
    ("What is the Unicode code point of é?", {"action": "unicode", "text": "é"}),
    ("What's the ASCII code for 'Z'?", {"action": "unicode", "text": "Z"}),
    ("What is the UTF-8 encoding of €?", {"action": "unicode", "text": "€"}),
    ("base64 decode: SGVsbG8=", {"action": "unbase64", "text": "SGVsbG8="}),
    ("Generate an md5 hash for the word banana", {"action": "md5", "text": "banana"}),
    ("Decode %7B%22a%22%3A1%7D", {"action": "unurl", "text": "%7B%22a%22%3A1%7D"}),  # percent signs: a URL's
    ("What does 'aGVsbG8gd29ybGQ=' say in base64?", {"action": "unbase64", "text": "aGVsbG8gd29ybGQ="}),
    ("Convert 'hi' to hex", {"action": "hex", "text": "hi"}),
    ("What's the base64 for 'api_key=123'?", {"action": "base64", "text": "api_key=123"}),
    ("What's the md5sum of 'test'?", {"action": "md5", "text": "test"}),
    ("hex encode 'abc'", {"action": "hex", "text": "abc"}),
    ("How many bytes is 'naïve' in UTF-8?", {"action": "unicode", "text": "naïve"}),
])
def test_a_plain_request_is_read_without_a_model(message: str, asked: dict[str, str]) -> None:
    assert encode_asked(message) == asked


@pytest.mark.parametrize(("message", "asked"), [
    # (the base64 of "'hello world'." was given for the first, quotes and full stop and all)
    ("Base64 encode the string 'hello world'.", {"action": "base64", "text": "hello world"}),
    ('Base64 encode "hello world".', {"action": "base64", "text": "hello world"}),
    ("Base64 encode “hello world”.", {"action": "base64", "text": "hello world"}),
    ("Base64 encode ‘hello world’!", {"action": "base64", "text": "hello world"}),
    ("Base64 encode `hello world`.", {"action": "base64", "text": "hello world"}),
    ("Base64 encode 'hello world', please.", {"action": "base64", "text": "hello world"}),
    ("Base64 encode 'don't'.", {"action": "base64", "text": "don't"}),
    ("Base64 encode the string 'hello world.'", {"action": "base64", "text": "hello world."}),  # inside: kept
    ("Base64 encode this: 'hello'.", {"action": "base64", "text": "hello"}),
    ("Encode 'a b' in base64 please.", {"action": "base64", "text": "a b"}),
    ("Encode 'a b' to base64, please.", {"action": "base64", "text": "a b"}),
    ("the base64 of 'x'.", {"action": "base64", "text": "x"}),
    ('What is the md5 of "abc".', {"action": "md5", "text": "abc"}),
    ("What is the sha256 of 'abc'.", {"action": "sha256", "text": "abc"}),
    ("md5 of the following: \"abc\"", {"action": "md5", "text": "abc"}),
    ("sha1 'abc'.", {"action": "sha1", "text": "abc"}),
    ("URL-encode 'a b'.", {"action": "url", "text": "a b"}),
    ('URL encode "a b&c".', {"action": "url", "text": "a b&c"}),
    ("URL decode 'a%20b'.", {"action": "unurl", "text": "a%20b"}),
    ("Hex encode 'hi'.", {"action": "hex", "text": "hi"}),
    ("What is 'hi' in hex, please?", {"action": "hex", "text": "hi"}),
    ("Base64 decode 'aGVsbG8='.", {"action": "unbase64", "text": "aGVsbG8="}),
    ("What is the Unicode code point of 'é'.", {"action": "unicode", "text": "é"}),
])
def test_a_quoted_text_is_read_without_the_punctuation_after_it(message: str, asked: dict[str, str]) -> None:
    assert encode_asked(message) == asked


def test_an_unquoted_text_is_read_as_it_stands_and_empty_quotes_as_none() -> None:
    assert encode_asked("Base64 encode hello world.") == {"action": "base64", "text": "hello world."}
    assert encode_asked("Base64 encode ''.") is None


@pytest.mark.parametrize("message", [
    "What is padding in base64?",  # a concept: only a quoted text is encoded in this form
    "Decode base64 in JavaScript",  # how, not what
    "decode base64 strings",  # a bare word that decodes to no text
    "SHA256 is it secure?",
    "What is the md5 of my file?",  # vague: which file?
    "What is 255 in hex?",  # a number: the math tool's
    "How do I base64 encode a file in bash?",
    "What is base64?",
    "Why is md5 insecure?",
    "What does function decode to?",  # not base64 that decodes to text
    "What's the ASCII code for a newline?",  # described, not given
    "Decode the message",
    "What is the unicode value of the snowman emoji?",
])
def test_other_questions_are_not(message: str) -> None:
    assert encode_asked(message) is None


def _jwt(header: dict[str, object], claims: dict[str, object], signature: str = "c2ln") -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
    return f"{part(header)}.{part(claims)}.{signature}"


NOW = datetime(2026, 12, 5, 20, 0, tzinfo=timezone.utc)


def test_a_jwt_is_decoded_with_its_times_said_against_now() -> None:
    # the 1.5B: "sub: 0Mi", "name: BZGEgTG92ZWxhY2Ui", valid "until December 5, 2026" for one that expired in January
    token = _jwt({"alg": "HS256", "typ": "JWT"}, {"sub": "42", "name": "Ada Lovelace", "iat": 1764979200,
                                                  "exp": 1767225600})
    said, data = decode_jwt(token, NOW)
    assert said == (
        'The JWT decodes to\nheader: {"alg": "HS256", "typ": "JWT"}\npayload (claims): {\n  "sub": "42",\n  "name": '
        '"Ada Lovelace",\n  "iat": 1764979200,\n  "exp": 1767225600\n}\nIt was issued at 00:00:00 UTC on Saturday 6 '
        "December 2025 (iat 1764979200), 364 days ago. It expired at 00:00:00 UTC on Thursday 1 January 2026 (exp "
        "1767225600), 338 days ago: it has expired. Its signature (HS256) is not checked here: that needs the key, "
        "so the claims are what the token says, not proven.")
    assert data["claims"]["name"] == "Ada Lovelace" and data["expired"] is True
    later = decode_jwt(_jwt({"alg": "RS256"}, {"exp": 1796536000, "nbf": 1796400000}), NOW)[0]
    assert "It has been valid since 16:00:00 UTC on Friday 4 December 2026 (nbf 1796400000), 28 hours ago. It " \
           "expires at 05:46:40 UTC on Sunday 6 December 2026 (exp 1796536000), 9 hours from now: it has not " \
           "expired." in later
    assert "It is not valid before 00:00:00 UTC on Friday 1 January 2027 (nbf 1798761600), 26 days from now: it is " \
           "not valid yet." in decode_jwt(_jwt({"alg": "RS256"}, {"nbf": 1798761600}), NOW)[0]
    assert "It has no exp claim: it does not expire by itself." in decode_jwt(_jwt({"alg": "none"}, {"a": 1}), NOW)[0]


def test_a_jwt_through_the_tool_uses_the_tools_clock() -> None:
    ctx = ToolContext(data_dir=Path("/nonexistent"), now=lambda: NOW)
    result = ToolRegistry().call("encode", {"action": "jwt", "text": _jwt({"alg": "HS256"}, {"exp": 1764979200})},
                                 ctx)
    assert "(exp 1764979200), 364 days ago: it has expired." in result.text and result.data["expired"] is True


def test_a_jwt_whose_signature_is_no_canonical_base64_still_shows_its_claims() -> None:
    # (PyJWT refused this one, "Invalid crypto padding", before showing anything)
    said, data = decode_jwt(_jwt({"alg": "HS512"}, {"sub": "user-7"}, signature="AbC-dEf_123"), NOW)
    assert data["claims"] == {"sub": "user-7"} and "Its signature (HS512) is not checked here" in said


@pytest.mark.parametrize(("token", "error"), [
    ("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhIn0", "(2 parts, not 3)"),
    ("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", "its payload does not decode to a JSON object (base64url)"),
    ("WzFd.eyJhIjogMX0.c2ln", "its header does not decode to a JSON object (base64url)"),  # [1]: JSON, no object
    ("hello", "(1 part, not 3)"),
])
def test_what_is_no_jwt_is_a_one_line_error(token: str, error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)) as raised:
        decode_jwt(token, NOW)
    assert "\n" not in str(raised.value) and str(raised.value).startswith("encode: ")


_TOKEN = _jwt({"alg": "HS256", "typ": "JWT"}, {"sub": "7"})


@pytest.mark.parametrize("message", [
    f"Decode this JWT: {_TOKEN}",
    f"When does this token expire? {_TOKEN}",
    f"What's in this JWT? {_TOKEN}",
    f"decode jwt {_TOKEN}",
    f"Is this token expired?\n\n{_TOKEN}",  # piped
    f"{_TOKEN}\n\nwhat are the claims in this",
])
def test_a_jwt_asked_about_goes_to_the_tool(message: str) -> None:
    assert encode_asked(message) == {"action": "jwt", "text": _TOKEN}


@pytest.mark.parametrize("message", [
    f"How do I verify this JWT in Python? {_TOKEN}",
    f"Write code that makes a token like {_TOKEN}",
    _TOKEN,  # nothing asked
    f"Which of these is newer: {_TOKEN} or {_TOKEN[:-1]}x",  # two tokens
    "Decode this JWT please",  # no token
])
def test_other_jwt_questions_are_not(message: str) -> None:
    assert encode_asked(message) is None


# --- ROT13 ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "said", "result"), [
    ("Hello", "“Hello” in ROT13 (each letter moved 13 places; other characters kept) is “Uryyb”", "Uryyb"),
    ("Why did the chicken cross the road?", "“Why did the chicken cross the road?” in ROT13 (each letter moved 13 "
     "places; other characters kept) is “Jul qvq gur puvpxra pebff gur ebnq?”", "Jul qvq gur puvpxra pebff gur ebnq?"),
    ("Uryyb, jbeyq! 42", "“Uryyb, jbeyq! 42” in ROT13 (each letter moved 13 places; other characters kept) is "
     "“Hello, world! 42”", "Hello, world! 42"),  # (its own inverse: decoding is the same action)
    ("line one\nline two", "The text starting “line one…” (17 characters) in ROT13 (each letter moved 13 places; "
     "other characters kept) is \nyvar bar\nyvar gjb", "yvar bar\nyvar gjb"),  # (lines: on lines of their own)
])  # fmt: skip
def test_rot13_moves_each_letter_13_places_either_way(text: str, said: str, result: str) -> None:
    assert run("rot13", text) == (said, result)


@given(st.text(max_size=200))
def test_rot13_twice_is_the_text(text: str) -> None:
    assert encode("rot13", encode("rot13", text)[0])[0] == text


@pytest.mark.parametrize(("message", "text"), [
    ("What's the ROT13 of 'Hello'?", "Hello"),  # (the 1.5B was right, unrouted)
    ("ROT13 encode 'Why did the chicken cross the road?'", "Why did the chicken cross the road?"),
    ("rot13 'Uryyb'", "Uryyb"),
    ("Decode this ROT13: Uryyb, jbeyq!", "Uryyb, jbeyq!"),
    ("Encode 'Hello' with ROT13", "Hello"),
    ("What is 'Hello' in ROT13?", "Hello"),
    ('Apply ROT13 to "attack at dawn".', "attack at dawn"),
    ("rot-13 decode Uryyb", "Uryyb"),
    ("ROT13 this:\n\nHello world\nsecond line", "Hello world\nsecond line"),
    ("ROT13 encode this:\n\nWhy did the chicken cross the road?", "Why did the chicken cross the road?"),
])
def test_a_rot13_request_goes_to_encode(message: str, text: str) -> None:
    assert encode_asked(message) == {"action": "rot13", "text": text}


@pytest.mark.parametrize("message", [
    "What is ROT13?",
    "How does ROT13 work?",
    "Is ROT13 secure?",
    "Write a ROT13 function in Python",
    "ROT13 encoding in JavaScript",
    "ROT13 encode a string in Python",
    "What's the ROT13 of the alphabet?",  # (described, not given)
    "Encode my password with ROT13",
    "What's the ROT13 of this?",  # (nothing with it)
    "Why is ROT13 used for spoilers?",
    "Explain rot13 to me",
])
def test_other_rot13_questions_are_not(message: str) -> None:
    assert encode_asked(message) is None


def test_an_answer_without_the_rot13_text_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault
    result = ToolRegistry().call("encode", encode_asked("What's the ROT13 of 'Hello'?") or {},
                                 ToolContext(data_dir=Path("/nonexistent")))
    want = expected("encode", result.data, "What's the ROT13 of 'Hello'?")
    assert fault("The ROT13 of 'Hello' is 'Uryyb'.", want, "encode", result.text) is None
    assert fault("The ROT13 of 'Hello' is 'Uryyo'.", want, "encode", result.text) is not None


# --- a Caesar shift ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "shift", "result"), [
    ("zebra", 3, "cheud"),  # (the 1.5B: "dibbax": z wraps round to c)
    ("khoor zruog", -3, "hello world"),
    ("Hello, World! 42", 3, "Khoor, Zruog! 42"),  # (case kept; digits and punctuation too)
    ("abc", 29, "def"),  # (29 places is 3)
    ("café", 1, "dbgé"),  # (an accented letter is no letter of the cipher's 26)
])
def test_a_caesar_shift_moves_each_letter_a_to_z_and_keeps_the_rest(text: str, shift: int, result: str) -> None:
    said = ToolRegistry().call("encode", {"action": "caesar", "text": text, "shift": shift},
                               ToolContext(data_dir=Path("/nonexistent")))
    assert said.data["result"] == result
    assert f"“{result}”" in said.text and f"shift of {shift}" in said.text


def test_a_shift_of_26_says_the_text_is_unchanged() -> None:
    assert encode("caesar", "abc", shift=26) == ("abc", "“abc” with a Caesar shift of 26 is unchanged, “abc” (a "
                                                         "whole number of 26 places moves no letter)")


@given(st.text(max_size=100), st.integers(-60, 60))
def test_a_caesar_shift_back_is_the_text(text: str, shift: int) -> None:
    assert encode("caesar", encode("caesar", text, shift=shift)[0], shift=-shift)[0] == text


@pytest.mark.parametrize("shift", [None, "3", 2.5, True, 10_001])
def test_a_shift_not_a_whole_number_of_places_is_a_one_line_error(shift: object) -> None:
    with pytest.raises(ToolError, match=r"^encode: a Caesar shift is a whole number of places"):
        encode("caesar", "abc", shift=shift)


@pytest.mark.parametrize(("message", "text", "shift"), [
    ("Apply a Caesar shift of 3 to the word 'zebra'.", "zebra", 3),
    ("Decrypt 'khoor zruog' with a Caesar cipher, shift 3", "khoor zruog", -3),  # (decoding: back)
    ("Encrypt this with a Caesar cipher, key 5: attack at dawn", "attack at dawn", 5),
    ("Caesar cipher 'Hello, World!' with a shift of three", "Hello, World!", 3),
    ("Shift each letter of 'abc' by 2 places", "abc", 2),
    ("What is 'route 66' with a Caesar shift of 4?", "route 66", 4),  # (a number in the text is no shift)
    ("Caesar shift 'abc' left by 1", "abc", -1),
    ("Caesar shift 'abc' right by 1", "abc", 1),
    ("Caesar cipher 'abc' with shift -2", "abc", -2),
    ("Encode this with a Caesar shift of 7:\n\nMeet me at noon\nBring the map", "Meet me at noon\nBring the map", 7),
])
def test_a_caesar_request_goes_to_encode(message: str, text: str, shift: int) -> None:
    assert encode_asked(message) == {"action": "caesar", "text": text, "shift": shift}


@pytest.mark.parametrize("message", [
    "Decode this Caesar cipher: khoor",  # (which shift?)
    "Write a Python function for a Caesar shift of 3 on 'abc'",
    "How does a Caesar shift of 3 work on 'abc'?",
    "Decode 'ebiil' (a Caesar cipher shifted left by 3)",  # (decoding a left shift: which way is meant?)
    "Decode 'abc' with Caesar shift -2",
    "Caesar 'abc' by 3 and 'def' by 4",  # (two texts, two shifts)
    "Caesar shift 'abc' by 3 or 4",
    "Crack this Caesar cipher with shift 3: khoor",
    "What is a Caesar cipher with a shift of 3?",  # (nothing to shift)
    "What does 'khoor' say? It's a Caesar cipher with shift 3.",  # (a decoding only implied: -3, or +3?)
    "Caesar-encrypt 'hello' with a shift of 3 and then reverse the string",  # (a second step)
    "Caesar: shift 'hello' by three places, then by two",
    "Caesar shift of 3 applied twice to 'abc'",
    "Shift 'abc' by 3",  # (no cipher named: a shift of what?)
])
def test_other_caesar_questions_are_not(message: str) -> None:
    found = encode_asked(message)
    assert found is None or found["action"] != "caesar"


def test_an_answer_without_the_shifted_text_is_noted() -> None:
    from llorch.chat.answercheck import expected, fault
    question = "Apply a Caesar shift of 3 to the word 'zebra'."
    result = ToolRegistry().call("encode", encode_asked(question) or {}, ToolContext(data_dir=Path("/nonexistent")))
    want = expected("encode", result.data, question)
    assert fault("The word 'zebra' becomes 'cheud'.", want, "encode", result.text) is None
    assert fault("The word 'zebra' becomes 'dibbax'.", want, "encode", result.text) is not None
