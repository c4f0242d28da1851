"""The `encode` tool: base64, URL and hex encoding and decoding, ROT13, MD5/SHA digests and a JWT's claims, worked
out rather than recalled.

A model cannot run base64 or a hash in its head: asked, the 1.5B decoded "bGxvcmNoIGlzIGZhc3Q=" as "Hello
World" (llorch is fast), gave the MD5 of "password" as 2129684037 and a made-up SHA-256 of "abc", and left
"São" as it was in a URL. `encode_asked` recognises a message that plainly asks for one of these, so that it
goes to the tool before the model answers (chat/conversation.py's exact step). A text is hashed as its UTF-8
bytes with no trailing newline (what `echo -n TEXT | sha256sum` reads); piped text, which `llorch run` reads
stripped of its last newline, is hashed with one too (what `sha256sum FILE` reads of a file that ends in one).
Asked to decode a JWT, the 1.5B made its claims up ("sub: 0Mi") and said a token that expired in 2023 expires
today; `jwt` decodes its header and claims (the signature unchecked: that needs the key) and says its times
against now. ROT13 moves each letter 13 places on (A to N, N to A), so the same action encodes and decodes: the
1.5B got "Hello" right, but a sentence is letters to slip on. A Caesar shift of any number of places is
caesar.py's.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import re
import json
import unicodedata
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urlencode

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, asked_parts, shown, shown_first, subject
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.caesar import MAX_SHIFT, caesar_asked, caesar_said
from llorch.tools.daymath import long_date

__all__ = ["ACTIONS", "EncodeTool", "decode_jwt", "encode", "encode_asked", "unicode_facts"]

_MAX_TEXT = 1_000_000
_HASHES = {"md5": "MD5", "sha1": "SHA-1", "sha224": "SHA-224", "sha256": "SHA-256", "sha384": "SHA-384",
           "sha512": "SHA-512"}
ACTIONS = ("base64", "unbase64", "url", "unurl", "hex", "unhex", "rot13", "caesar", "unicode", "jwt", *_HASHES)
_CODE_POINT = re.compile(r"^(?:U\+|\\u|\\U)([0-9A-Fa-f]{4,6})$")
_SHOWN_CHARS = 12
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"  # a whole URL keeps its structure: only spaces and other bytes are escaped


def encode(action: str, text: str, *, piped: bool = False, shift: Any = None) -> tuple[str, str]:
    """`text` encoded, decoded or hashed by `action` (one of ACTIONS): the result, and it said in a sentence. A
    hash of `piped` text (which llorch reads stripped of its surrounding blank space) is of the text ending in one
    newline: what `sha256sum FILE` reads of a file that ends in one. "caesar" moves letters `shift` places."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"encode: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if action in _HASHES:
        size = len(text.encode())
        if piped:
            ended = hashlib.new(action, (text + "\n").encode()).hexdigest()
            # (Given both, the 1.5B answered with the one without the newline, which sha256sum never prints.)
            return ended, (f"The {_HASHES[action]} of the piped text, ending in one newline as piped ({size + 1:,} "
                           f"UTF-8 bytes: what `sha256sum FILE` and `echo … | sha256sum` read), is {ended}")
        digest = hashlib.new(action, text.encode()).hexdigest()
        return digest, (f"The {_HASHES[action]} of {shown(text)} ({size:,} UTF-8 byte{'' if size == 1 else 's'}, no "
                        f"trailing newline: what `echo -n` pipes) is {digest}")
    if action == "base64":
        out = base64.b64encode(text.encode()).decode()
        return out, f"{shown_first(text)} in base64 is {out}"
    if action == "hex":
        out = text.encode().hex()
        return out, f"{shown_first(text)} in hex (its UTF-8 bytes) is {out}"
    if action == "url":
        return _url(text)
    if action == "rot13":  # (its own inverse: decoding is encoding again)
        out = codecs.encode(text, "rot_13")
        said = f"“{out}”" if len(out) <= 200 and "\n" not in out else f"\n{out}"
        return out, f"{shown_first(text)} in ROT13 (each letter moved 13 places; other characters kept) is {said}"
    if action == "caesar":
        return caesar_said(text, shift)
    if action == "unicode":
        return _unicode(unicode_facts(text))
    if action == "unurl":
        out = unquote_plus(text) if "=" in text else unquote(text)
        return out, f"{shown_first(text)} URL-decoded is {shown(out, 200)}"
    if action == "unbase64":
        raw = _unbase64(text)
    elif action == "unhex":
        cleaned = re.sub(r"0x|[\s:,-]", "", text, flags=re.IGNORECASE)
        try:
            raw = bytes.fromhex(cleaned)
        except ValueError:
            raise ToolError(f"encode: {shown(text)} is not hex: give pairs of 0-9 and a-f") from None
    else:
        raise ToolError(f"encode: unknown action {action!r}; actions: {', '.join(ACTIONS)}")
    try:
        decoded = raw.decode()
    except UnicodeDecodeError:
        decoded = ""
    name = "base64" if action == "unbase64" else "hex"
    if raw and decoded and all(c.isprintable() or c in "\n\t\r" for c in decoded):
        return decoded, f"The {name} {shown(text)} decodes to {shown(decoded, 400)}"
    hexed = raw.hex(" ")
    more = "" if len(raw) <= 64 else " …"
    return hexed, (f"The {name} {shown(text)} decodes to {len(raw):,} byte{'' if len(raw) == 1 else 's'} that are "
                   f"not UTF-8 text: {hexed[:64 * 3 - 1]}{more}")


_JWT = re.compile(r"(?<![\w.-])eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?![\w.-])")
_JWT_TIMES = ("iat", "nbf", "exp")


def decode_jwt(token: str, now: datetime) -> tuple[str, dict[str, Any]]:
    """A JWT's header and claims, its times (iat, nbf, exp) said in UTC against `now`, and whether it has expired:
    the text, and the data. The signature is not checked (that needs the key), nor even decoded: PyJWT refuses a
    token whose signature is not canonical base64 before it shows the claims, and a pasted example often has one."""
    token = re.sub(r"\s", "", token)
    if len(token) > _MAX_TEXT:
        raise ToolError(f"encode: the token is {len(token):,} characters; the limit is {_MAX_TEXT:,}")
    parts = token.split(".")
    if len(parts) != 3:
        raise ToolError(f"encode: {shown(token)} is not a JWT ({len(parts)} part{'' if len(parts) == 1 else 's'}, "
                        f"not 3): give its three parts, header.payload.signature")
    header, claims = (_jwt_part(part, name, token) for part, name in ((parts[0], "header"), (parts[1], "payload")))
    # (On lines, the payload indented: given it on one line, the 1.5B answered "The JWT is expired." and no more.)
    decoded = (f"The JWT decodes to\nheader: {json.dumps(header, ensure_ascii=False)}\npayload (claims): "
               f"{json.dumps(claims, indent=2, ensure_ascii=False)}\n")
    said: list[str] = []
    data: dict[str, Any] = {"action": "jwt", "header": header, "claims": claims, "result": ""}
    for claim in _JWT_TIMES:
        value = claims.get(claim)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        try:
            at = datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            said.append(f"Its {claim}, {value}, is no time.")
            continue
        past = at <= now
        data[claim] = at.isoformat()
        moment = f"{at:%H:%M:%S} UTC on {long_date(at.date())} ({claim} {value})"
        when = f"{_span(abs((now - at).total_seconds()))} {'ago' if past else 'from now'}"
        if claim == "iat":
            said.append(f"It was issued at {moment}, {when}.")
        elif claim == "nbf":
            said.append(f"It has been valid since {moment}, {when}." if past else
                        f"It is not valid before {moment}, {when}: it is not valid yet.")
        else:
            data["expired"] = past
            said.append(f"It expired at {moment}, {when}: it has expired." if past else
                        f"It expires at {moment}, {when}: it has not expired.")
    if "exp" not in claims:
        said.append("It has no exp claim: it does not expire by itself.")
    said.append(f"Its signature ({header.get('alg', 'no algorithm')}) is not checked here: that needs the key, so "
                f"the claims are what the token says, not proven.")
    return decoded + " ".join(said), data


def _jwt_part(part: str, name: str, token: str) -> dict[str, Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError):  # (json's errors and a bad UTF-8 are ValueErrors too)
        value = None
    if not isinstance(value, dict):
        raise ToolError(f"encode: {shown(token)} is not a JWT: its {name} does not decode to a JSON object "
                        f"(base64url); was the token copied whole?")
    return value


def _span(seconds: float) -> str:
    """A length of time in its largest whole unit: "40 seconds", "12 minutes", "5 hours", "338 days"."""
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= 2 * size:
            count = int(seconds // size)
            return f"{count:,} {unit}s"
    count = int(seconds)
    return f"{count} second{'' if count == 1 else 's'}"


def _url(text: str) -> tuple[str, str]:
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        out = quote(text, safe=_URL_SAFE)
        return out, f"{shown_first(text)} with its spaces and other bytes escaped is {out}"
    component = quote(text, safe="")
    if re.fullmatch(r"[^=&\s]+=[^&]*(?:&[^=&\s]+=[^&]*)*", text):  # "name=John Smith&city=São Paulo"
        query = urlencode(parse_qsl(text, keep_blank_values=True))
        return query, (f"{shown_first(text)} as a URL query string is {query} (as a single URL component: "
                       f"{component})")
    return component, f"{shown_first(text)} URL-encoded is {component}"


def unicode_facts(text: str) -> dict[str, Any]:
    """A text's characters (or the one character a code point such as "U+2603" or "\\u2603" names): each one's code
    point, decimal value, name and UTF-8 bytes, and the text's size in UTF-8."""
    point = _CODE_POINT.match(text.strip())
    if point is not None:
        value = int(point.group(1), 16)
        if value > 0x10FFFF:
            raise ToolError(f"encode: {text.strip()} is past the last code point, U+10FFFF")
        text = chr(value)
    if not text:
        raise ToolError("encode: give a character or text (or a code point such as U+2603)")
    chars = [{"char": c, "code_point": f"U+{ord(c):04X}", "decimal": ord(c), "name": unicodedata.name(c, "(no name)"),
              "utf8": c.encode("utf-8", "surrogatepass").hex(" ")} for c in text[:_SHOWN_CHARS]]
    return {"text": text, "characters": len(text), "bytes": len(text.encode("utf-8", "surrogatepass")), "chars": chars}


def _unicode(facts: Mapping[str, Any]) -> tuple[str, str]:
    said = [f"{c['char']} is {c['code_point']} {c['name']} (decimal {c['decimal']}; UTF-8: {c['utf8']})"
            for c in facts["chars"]]
    if facts["characters"] == 1:
        return facts["chars"][0]["code_point"], said[0]
    more = f"; … ({facts['characters'] - _SHOWN_CHARS:,} more)" if facts["characters"] > _SHOWN_CHARS else ""
    return str(facts["bytes"]), (f"{shown_first(facts['text'])} is {facts['characters']:,} characters, "
                                 f"{facts['bytes']:,} bytes in UTF-8: {'; '.join(said)}{more}")


def _unbase64(text: str) -> bytes:
    cleaned = re.sub(r"\s", "", text).translate(str.maketrans("-_", "+/"))  # base64url too
    cleaned += "=" * (-len(cleaned.rstrip("=")) % 4) if not cleaned.endswith("=") else ""
    try:
        return base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ToolError(f"encode: {shown(text)} is not base64 ({exc})") from None



class EncodeTool:
    """Encode or decode base64, URL and hex; hash with MD5 or SHA."""

    name = "encode"
    description = ("Encode or decode text exactly: base64, URL (percent) encoding, hex, ROT13, a Caesar shift, "
                   "Unicode code points and UTF-8 bytes, a JWT's claims; or hash it (md5, sha1, sha256, sha512, ...)")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS),
                       "description": "base64/url/hex encode, unbase64/unurl/unhex decode, rot13 (either way), "
                                      "caesar (letters moved `shift` places), "
                                      "unicode (code points, names, UTF-8 bytes), jwt (a token's header, claims and "
                                      "expiry), or a hash"},
            "text": {"type": "string", "maxLength": _MAX_TEXT, "description": "the text"},
            "shift": {"type": "integer", "minimum": -MAX_SHIFT, "maximum": MAX_SHIFT,
                      "description": "caesar: places each letter moves (3; -3 decodes a shift of 3)"},
            "piped": {"type": "boolean",
                      "description": "the text came on stdin (stripped): hash it ending in one newline, as piped"},
        },
        "required": ["action", "text"],
    }
    positional = ("action", "text")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("what is the sha256 of 'abc'?", {"action": "sha256", "text": "abc"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action, text = str(args.get("action", "")), str(args.get("text", ""))
        extra: dict[str, Any] = {}
        if action == "jwt":
            said, data = decode_jwt(text, ctx.now())
            return ToolResult(said, data)
        if action == "unicode" and len(text) <= _MAX_TEXT:  # (its facts are the data too: worked out once)
            extra = unicode_facts(text)
            result, said = _unicode(extra)
        else:
            result, said = encode(action, text, piped=bool(args.get("piped")), shift=args.get("shift"))
        if action in _HASHES and args.get("piped"):  # (the answer may give either)
            extra = {"without_newline": hashlib.new(action, text.encode()).hexdigest()}
        return ToolResult(said, {"action": action, "result": result, **extra})


# --- recognising a plain request ----------------------------------------------------------------

_ALGO = r"(?P<algo>md5|sha-?(?:1|224|256|384|512)|sha\s(?:1|224|256|384|512))"
_OF = r"(?:\s*sum|\s+(?:hash|hash\s+value|digest|checksum|sum))?\s+(?:of|for)\s+"
_B64 = r"(?:base\s?64|b64)"
_URLE = r"(?:url|percent)[\s-]?"
_ROT13 = r"rot[\s-]?13"
_QUOTE = r"(?:\"|“|'|‘|`|the\s+(?:string|word|text|phrase)\s)"  # a form that could name a concept: quoted only
# A request's end: its punctuation, and a "please" or "for me" before it ("Encode 'a b' in base64 please.")
_POLITE = r"(?:(?:\s*,\s+|\s+)(?:please|thanks|thank\s+you|for\s+me))"
_END = _POLITE + r"*\s*[?.!]*$"
_WHAT = (r"(?:what(?:'s|’s|\s+is|\s+are)\s+|give\s+me\s+|tell\s+me\s+|calculate\s+|compute\s+|generate\s+|get\s+|"
         r"create\s+|make\s+)?")
_ASKED: list[tuple[re.Pattern[str], str]] = [
    # "What's the SHA-256 hash of the string abc?", "md5 of 'password'", "give me the sha1 checksum for hello"
    (re.compile(LEAD + _WHAT + r"(?:the\s+|an?\s+)?" + _ALGO + _OF + r"(?P<text>.+)$", re.I), ""),
    # "Hash 'abc' with SHA-256", "sha256 hash 'abc'", "md5sum hello"
    (re.compile(LEAD + r"hash\s+(?P<text>.+?)\s+(?:with|using|in|as)\s+" + _ALGO + _END, re.I), ""),
    (re.compile(LEAD + _ALGO + r"(?:\s*sum|\s+hash)?\s+(?P<text>" + _QUOTE + r".+)$", re.I), ""),
    # "What is "hello world" in base64?", "Encode hello to base64", "base64-encode 'x'", "the base64 of x"
    (re.compile(LEAD + _WHAT + r"(?P<text>" + _QUOTE + r".+?)\s+(?:in|as|to)\s+" + _B64
                + r"(?:\s+encoding)?" + _END, re.I), "base64"),
    (re.compile(LEAD + r"(?:encode|convert)\s+(?P<text>.+?)\s+(?:in|as|to|into|with|using)\s+" + _B64
                + r"(?:\s+encoding)?" + _END, re.I), "base64"),
    (re.compile(LEAD + _B64 + r"[\s-]?encode(?:\s+(?P<text>.+))?$", re.I), "base64"),
    (re.compile(LEAD + _WHAT + r"(?:the\s+)?" + _B64 + r"(?:\s+encoding|\s+encoded\s+form)?\s+(?:of|for)\s+(?P<text>"
                + _QUOTE + r".+)$", re.I), "base64"),
    # "Decode this base64: bGxv...", "base64 decode aGk=", "Decode aGk= from base64", "What does aGk= decode to?"
    (re.compile(LEAD + r"decode\s+(?:(?:this|the|the\s+following)\s+)?" + _B64
                + r"(?:\s+(?:string|text|value))?\s*(?P<text>.*)$", re.I), "unbase64"),
    (re.compile(LEAD + _B64 + r"[\s-]?decode(?:\s+(?P<text>.+))?$", re.I), "unbase64"),
    # "What does 'aGVsbG8=' say in base64?"
    (re.compile(LEAD + r"what\s+does\s+(?P<text>.+?)\s+(?:say|mean|decode\s+to)\s+(?:in|as|from)\s+" + _B64
                + _END, re.I), "unbase64"),
    # "Decode %7B%22a%22%3A1%7D", "decode aGVsbG8=": a coding named by its look (percent signs, or base64 that
    # decodes to text)
    (re.compile(LEAD + r"decode\s+(?P<text>\S*%[0-9A-Fa-f]{2}\S*)\s*$", re.I), "unurl"),
    (re.compile(LEAD + r"decode\s+(?P<text>[A-Za-z0-9+/_-]{8,}={0,2})\s*[.!]*$", re.I), "unbase64"),
    (re.compile(LEAD + r"decode\s+(?P<text>.+?)\s+from\s+" + _B64 + _END, re.I), "unbase64"),
    (re.compile(LEAD + r"what\s+does\s+(?P<text>[A-Za-z0-9+/_-]{8,}={0,2})\s+decodes?\s+(?:to|into)" + _END,
                re.I), "unbase64"),  # base64 unnamed: only one that decodes to text (_decodable)
    (re.compile(LEAD + r"what\s+(?:does|is)\s+(?:the\s+)?" + _B64 + r"\s+(?P<text>.+?)\s+(?:decode\s+to|decoded|mean)"
                + _END, re.I), "unbase64"),
    # "URL-encode this: name=John Smith", "url encode 'a b'", "What is 'a b' URL-encoded?"
    (re.compile(LEAD + _URLE + r"encode(?:\s+(?P<text>.*))?$", re.I), "url"),
    (re.compile(LEAD + _WHAT + r"(?P<text>.+?)\s+" + _URLE + r"encoded" + _END, re.I), "url"),
    (re.compile(LEAD + _URLE + r"decode(?:\s+(?P<text>.*))?$", re.I), "unurl"),
    (re.compile(LEAD + r"decode\s+(?:(?:this|the)\s+)?(?:url|query\s+string)\s*(?P<text>.*)$", re.I), "unurl"),
    # "What is 'hi' in hex?" (a number in hex is the math tool's), "Decode the hex 68656c6c6f", "hex to text: 6869"
    (re.compile(LEAD + _WHAT + r"(?P<text>" + _QUOTE + r".+?)\s+(?:in|as|to)\s+"
                r"hex(?:adecimal)?(?:\s+bytes)?" + _END, re.I), "hex"),
    (re.compile(LEAD + r"hex[\s-]?encode(?:\s+(?P<text>.+))?$", re.I), "hex"),
    (re.compile(LEAD + r"(?:convert|encode|turn)\s+(?P<text>" + _QUOTE + r".+?)\s+(?:to|into|as|in)\s+"
                r"hex(?:adecimal)?(?:\s+bytes)?" + _END, re.I), "hex"),
    (re.compile(LEAD + r"(?:decode|convert)\s+(?:(?:this|the)\s+)?hex(?:adecimal)?(?:\s+string)?\s+(?P<text>.*?)"
                r"(?:\s+(?:to|into)\s+(?:text|ascii|a\s+string|utf-?8))?" + _END, re.I), "unhex"),
    (re.compile(LEAD + r"hex(?:adecimal)?\s+to\s+(?:text|ascii|string|utf-?8)\s*(?P<text>.*)$", re.I), "unhex"),
    # "What's the ROT13 of 'Hello'?", "ROT13 encode 'Why did the chicken cross the road?'", "rot13 'Uryyb'", "Decode
    # this ROT13: Uryyb", "Encode 'Hello' with ROT13", "What is 'Hello' in ROT13?" (its own inverse: one action)
    (re.compile(LEAD + _WHAT + r"(?:the\s+)?" + _ROT13 + r"(?:\s+(?:encoding|version|cipher|translation|"
                r"equivalent))?\s+(?:of|for)\s+(?P<text>.+)$", re.I), "rot13"),
    (re.compile(LEAD + _ROT13 + r"[\s-]?(?:en|de)(?:code|crypt|cipher)(?:\s+(?P<text>.+))?$", re.I), "rot13"),
    (re.compile(LEAD + _ROT13 + r"\s+(?P<text>" + _QUOTE + r".+|this|the\s+following(?:\s+text)?)$", re.I), "rot13"),
    (re.compile(LEAD + r"(?:decode|decrypt|decipher)\s+(?:(?:this|the|the\s+following)\s+)?" + _ROT13
                + r"(?:\s+(?:string|text|message))?\s*(?P<text>.*)$", re.I), "rot13"),
    (re.compile(LEAD + r"(?:encode|decode|encrypt|decrypt|encipher|decipher|convert|translate|turn)\s+(?P<text>.+?)"
                r"\s+(?:with|using|in|into|to|as|from|via)\s+" + _ROT13 + _END, re.I), "rot13"),
    (re.compile(LEAD + r"apply\s+" + _ROT13 + r"\s+to\s+(?P<text>.+?)" + _END, re.I), "rot13"),
    (re.compile(LEAD + _WHAT + r"(?P<text>" + _QUOTE + r".+?)\s+(?:in|as|to)\s+" + _ROT13 + _END, re.I), "rot13"),
]
_POINT = r"(?:U\+|\\u|\\U)[0-9A-Fa-f]{4,6}"
_UNICODE: list[tuple[re.Pattern[str], str]] = [
    # "What character is U+2603?", "What's \u00e9?"
    (re.compile(LEAD + r"what(?:'s|’s|\s+is)\s+(?:(?:the\s+)?(?:character|char|symbol|emoji|glyph)\s+(?:is\s+)?)?"
                r"(?P<text>" + _POINT + r")" + _END, re.I), "unicode"),
    (re.compile(LEAD + r"what\s+(?:character|char|symbol|emoji|glyph)\s+is\s+(?P<text>" + _POINT + r")" + _END,
                re.I), "unicode"),
    # "What is the Unicode code point of é?", "What's the ASCII code for 'Z'?", "What is the UTF-8 encoding of €?"
    (re.compile(LEAD + _WHAT + r"(?:the\s+)?(?:unicode\s+(?:code\s*point|value|number)|code\s*point|ascii\s+(?:code|"
                r"value|number)|utf-?8\s+(?:encoding|bytes|representation|value|code)|character\s+code|hex\s+"
                r"(?:code|value))\s+(?:of|for)\s+(?:the\s+(?:character|letter|symbol|emoji|char)\s+)?(?P<text>.+)$",
                re.I), "unicode"),
    # "How many bytes is 'naïve' in UTF-8?"
    (re.compile(LEAD + r"how\s+many\s+bytes\s+(?:is|are|does|do)\s+(?P<text>.+?)\s+(?:take(?:\s+up)?\s+|use\s+|"
                r"need\s+)?(?:in|as)\s+utf-?8" + _END, re.I), "unicode"),
]
_JWT_ASKED = re.compile(r"\b(?:jwt|token|decode|claims?|payload|header|expir\w*|exp|iat|nbf|issued|valid|inside|"
                        r"contains?|say|says|mean|sub|subject|scopes?|aud|audience|iss|issuer|alg|algorithm|parse|"
                        r"inspect|read|verify|check)\b", re.I)
_JWT_HOW = re.compile(r"\b(?:how\s+(?:do|can|should|would|to)|write|code|implement|python|javascript|typescript|"
                      r"node|java|golang|rust|php|ruby|library|generate|create|sign|make)\b", re.I)
# A text in quotes with sentence punctuation after it ("'hello world'.", "\"abc\", please."): the quotes' text is
# meant, not the quotes and the full stop (the base64 of "'hello world'." is no answer to "Base64 encode 'hello
# world'."). Quoted straight or curly, or in backticks; an apostrophe inside a word stays ("'don't'").
_QUOTED = re.compile(r"^(?:(?:the\s+)?(?:string|word|text|phrase|sentence|password|input|value)\s+)?"
                     r"(?:\"(?P<a>[^\"]*)\"|“(?P<b>[^”]*)”|'(?P<c>(?:[^']|(?<=\w)'(?=\w))*)'|"
                     r"‘(?P<d>(?:[^’]|(?<=\w)’(?=\w))*)’|`(?P<e>[^`]*)`)$", re.I | re.DOTALL)
_AFTER_QUOTE = re.compile(_POLITE + r"*[\s.?!,;…]*$", re.I)
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{2,}={0,2}")
_HEX = re.compile(r"(?:0x)?[0-9a-fA-F]{2}(?:[\s:]?(?:0x)?[0-9a-fA-F]{2})*")


def encode_asked(message: str) -> dict[str, Any] | None:
    """The encode tool's arguments for a message that plainly asks to encode, decode or hash a text it names
    (quoted, after a colon, a few bare words, or piped after it), or None."""
    if len(message) > _MAX_TEXT:
        return None
    shifted = caesar_asked(message)
    if shifted is not None:
        return shifted
    tokens = _JWT.findall(message)
    if len(tokens) == 1:  # "Decode this JWT: eyJ…", "When does this token expire? eyJ…", a token piped
        rest = message.replace(tokens[0], " ")
        if len(rest) <= 400 and _JWT_ASKED.search(rest) and not _JWT_HOW.search(rest):
            return {"action": "jwt", "text": tokens[0]}
    piped = bool(message.strip().partition("\n\n")[2])
    for question, body in asked_parts(message):
        for pattern, fixed in (*_ASKED, *_UNICODE):
            match = pattern.match(question)
            if match is None:
                continue
            action = fixed or _algo(match.group("algo"))
            named = (match.group("text") or "").strip()
            quoted = _quoted(named)
            if quoted is None and named and (named[0] in _OPENING or _MORE_SAID.search(named)):
                continue  # a quoted text with more after it ("'Hello'? Explain how it works."), a second sentence or a
                # check of an answer ("hello is uryyb, right"): which text is meant is no plain question
            if quoted is not None:
                # (none for empty quotes, nor for a quoted text with another after it: which is meant?)
                text: str | None = quoted if quoted and not body else None
            else:
                text = subject(named, body, words=8) if named else (body or None)
                if text is not None and text == body and not piped and "\n" not in body:
                    text = _quoted(body) or text  # typed on the line after a colon: "Base64 encode this: 'hi'."
            if text is None:
                continue
            if action in _HASHES and piped and text == body:  # (read stripped: hashed as piped, with its newline)
                return {"action": action, "text": text, "piped": True}
            bare = quoted is None and named.rstrip("?!. ") == text
            if action in ("unbase64", "unhex") and not _decodable(action, text.strip(), bare=bare):
                continue
            return {"action": action, "text": text.strip() if action in ("unbase64", "unhex") else text}
    return None


_OPENING = "'\"“‘`"
_MORE_SAID = re.compile(r"[?!.]\s+\S|\s(?:is|are|equals?)\s.*\b(?:right|correct|true)\b", re.IGNORECASE)


def _quoted(named: str) -> str | None:
    """The text inside the quotes that make up all of `named` but for sentence punctuation or a "please" after them
    ("'hello world'." is hello world), or None."""
    said = named.strip()
    end = _AFTER_QUOTE.search(said)
    match = _QUOTED.match(said[:end.start()] if end is not None else said)
    return next((g for g in match.groups() if g is not None), None) if match is not None else None


def _decodable(action: str, text: str, *, bare: bool) -> bool:
    """Whether `text` is base64 or hex; a bare word given unquoted must also decode to text ("Decode base64
    strings" asks how, not what "strings" decodes to)."""
    if not (_BASE64 if action == "unbase64" else _HEX).fullmatch(re.sub(r"\s", "", text) if action == "unbase64"
                                                                   else text):
        return False
    if not bare:
        return True
    try:
        out, _ = encode(action, text)
    except ToolError:
        return False
    return not re.fullmatch(r"[0-9a-f]{2}(?: [0-9a-f]{2})*", out) and len(text.split()) == 1


def _algo(name: str) -> str:
    return re.sub(r"[\s-]", "", name.lower())
