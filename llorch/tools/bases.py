"""Numbers written in another base: one converted ("What is 255 in binary?" is `bin(255)`, "Convert 0x1F4 to
decimal" `0x1F4`) and sums of them ("What's 0xFF + 0x1A in decimal?": the 1.5B read 0xFF as 15 + 16 and said 42; it
is 281), which the math tool works out with the literals as written and says in the base asked for.
"""

from __future__ import annotations

import re

__all__ = ["base_asked", "based_sum_asked"]

_BASE_WORDS = {"binary": "bin", "bin": "bin", "hex": "hex", "hexadecimal": "hex", "octal": "oct", "oct": "oct",
               "decimal": "", "base 10": "", "base10": "", "base 2": "bin", "base 16": "hex", "base 8": "oct"}
_BASE_NAMES = r"(binary|bin|hexadecimal|hex|octal|oct|decimal|base\s*(?:10|2|16|8))"
_PREFIXES = {"bin": "0b", "hex": "0x", "oct": "0o"}
_BASE = re.compile(
    r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|whats|convert|change|turn|write)\s+)?(?:the\s+)?"
    r"(?:(?P<from>binary|hexadecimal|hex|octal)\s+(?:number\s+)?)?"
    r"(?P<n>-?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|\d{1,3}(?:,\d{3})+(?![\w,])|[0-9a-fA-F]+))"
    r"(?:\s+(?:from|in)\s+(?P<from2>binary|hexadecimal|hex|octal))?"
    r"\s+(?:in|to|into|as)\s+(?:a\s+)?" + _BASE_NAMES + r"(?:\s+number)?\s*[?.!]*\s*$", re.IGNORECASE)


def base_asked(text: str) -> str | None:
    """"What is 255 in binary?" -> "bin(255)", "Convert 0x1F4 to decimal" -> "0x1F4", "What is 1011011 in decimal?"
    -> "0b1011011" (a number of 0s and 1s asked in decimal is binary)."""
    match = _BASE.match(text)
    if match is None:
        return None
    n, source = match.group("n"), (match.group("from") or match.group("from2") or "").lower()
    target = _BASE_WORDS[" ".join(match.group(match.lastindex or 0).lower().split())]
    sign, digits = ("-", n[1:]) if n.startswith("-") else ("", n)
    if digits[:2].lower() in ("0x", "0b", "0o"):
        literal = digits
    elif "," in digits:  # "What is 65,535 in hex?": thousands' commas write a decimal
        if source:
            return None
        literal = digits.replace(",", "")
    elif source:
        literal = _PREFIXES[_BASE_WORDS[source]] + digits
    elif not target and set(digits) <= {"0", "1"} and len(digits) > 1:
        literal = "0b" + digits  # "1011011 in decimal": already decimal otherwise, so binary
    elif digits.isdigit():
        literal = digits
    else:
        return None  # "1F4 in decimal" without saying hex: not plain
    literal = sign + literal
    try:
        int(literal, 0)
    except ValueError:
        return None
    if not target:
        return literal if literal.lstrip("-")[:2].lower() in ("0x", "0b", "0o") else None
    return f"{target}({literal})"


_LITERAL = r"(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+)"
_LEAD = re.compile(r"^\s*(?:please\s+)?(?:(?:what\s+is|what's|whats|calculate|compute|work\s+out|evaluate)\s+)?",
                   re.IGNORECASE)
_TAIL = re.compile(r"\s+(?:in|to|into|as)\s+(?:a\s+)?" + _BASE_NAMES + r"(?:\s+number)?$", re.IGNORECASE)
_OPERATOR_WORDS = [(r"\bplus\b", "+"), (r"\bminus\b", "-"), (r"\btimes\b|\bmultiplied\s+by\b", "*"),
                   (r"\bdivided\s+by\b", "/")]
_TOKEN = re.compile(_LITERAL + r"|\d+|\*\*|[-+*/()]|\S", re.IGNORECASE)


def based_sum_asked(text: str) -> tuple[str, str] | None:
    """The base function (hex, bin, oct; "" for decimal) and the sum for a sum with a number written in another
    base, or one asked in another base: "What's 0xFF + 0x1A in decimal?" -> ("", "0xFF + 0x1A"), "0b1010 + 0b0110
    in hex" -> ("hex", "0b1010 + 0b0110"), "What is 200 + 55 in hex?" -> ("hex", "200 + 55"); plain decimal sums
    are arithmetic's own, and "1010 + 110 in binary" (binary digits written as decimals: which?) is the model's.
    Read token by token (a pattern of optional spaces and brackets around each term took seconds on "1 + 2 + …
    + 12 in total?")."""
    if len(text) > 300:
        return None
    rest = _LEAD.sub("", text.strip().rstrip("?.!= \t"), count=1)
    tail = _TAIL.search(rest)
    named = tail.group(1) if tail is not None else None
    rest = rest[:tail.start()] if tail is not None else rest
    for words, sign in _OPERATOR_WORDS:
        rest = re.sub(words, sign, rest, flags=re.IGNORECASE)
    tokens = _TOKEN.findall(rest)
    if not _well_formed(tokens):
        return None
    target = _BASE_WORDS[" ".join(named.lower().split())] if named else ""
    based = [t for t in tokens if re.fullmatch(_LITERAL, t)]
    plain = [t for t in tokens if t.isdigit()]
    if (not target and not based) or any(len(t) > 1 and set(t) <= {"0", "1"} for t in plain):
        return None
    expression = " ".join(tokens)
    expression = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", expression))
    return target, expression


def _well_formed(tokens: list[str]) -> bool:
    """Whether `tokens` are a sum: numbers and operators in turn, brackets that close, an operator at least."""
    depth, want_number, operators = 0, True, 0
    for token in tokens:
        if token == "(" and want_number:
            depth += 1
        elif token == ")" and not want_number and depth:
            depth -= 1
        elif want_number and (token.isdigit() or re.fullmatch(_LITERAL, token)):
            want_number = False
        elif not want_number and token in ("+", "-", "*", "/", "**"):
            want_number, operators = True, operators + 1
        else:
            return False
    return not want_number and depth == 0 and operators > 0
