"""The `random` tool: passwords, UUIDs, tokens, numbers, dice, coins, a pick from a list and a shuffle, drawn from
the operating system's secure source (`secrets`) — not made up.

A model cannot draw at random, and what it makes up looks random only to itself: asked for "a strong random
password, 20 characters long", the 1.5B gave `P@ssw0rd123!` (12 characters, the first guess of every cracking
list) and "a random UUID" was the well-known example 123e4567-e89b-12d3-a456-426614174000. `random_asked`
recognises a message that plainly asks for one, so that it goes to the tool before the model answers
(chat/conversation.py's exact step), and the model words what was drawn; an answer that does not give it as
drawn gets a note. (An exact step's answer is never kept as an answer of last resort: another would be the
same draw.)
"""

from __future__ import annotations

import functools
import math
import re
import secrets
import string
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from llorch.errors import ToolError
from llorch.tools.asking import LEAD, asked_parts
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.listitems import items

__all__ = ["ACTIONS", "RandomTool", "draw", "random_asked"]

ACTIONS = ("password", "passphrase", "uuid", "token", "number", "dice", "coin", "choose", "shuffle")
_SYMBOLS = "!#$%&*+-=?@^_~"  # (no quotes, backslash, spaces or brackets: safe to paste in a shell or a config file)
_MAX_LENGTH = 1024
_MAX_COUNT = 100
_MAX_ITEMS = 10_000
_MAX_SIDES = 1_000_000
_LIMIT = 10**18


class Source(Protocol):
    """Where the draws come from: secrets.SystemRandom() (a random.Random(seed) in tests)."""

    def randint(self, a: int, b: int) -> int: ...
    def choice(self, seq: Sequence[Any]) -> Any: ...
    def getrandbits(self, k: int) -> int: ...
    def shuffle(self, x: list[Any]) -> None: ...
    def sample(self, population: Sequence[Any], k: int) -> list[Any]: ...


_BOUNDS = {"length": (1, _MAX_LENGTH), "low": (-_LIMIT, _LIMIT), "high": (-_LIMIT, _LIMIT), "sides": (2, _MAX_SIDES),
           "count": (1, _MAX_COUNT)}


def _count(args: Mapping[str, Any], default: int = 1) -> int:
    return int(args.get("count") or default)


def draw(action: str, args: Mapping[str, Any], rng: Source) -> tuple[dict[str, Any], str]:
    """What `action` (one of ACTIONS) draws, as data and said in a sentence."""
    for key, (low, high) in _BOUNDS.items():
        value = args.get(key)
        if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
            raise ToolError(f"random: {key} must be a whole number from {low:,} to {high:,}, got {value!r}")
    if action == "password":
        return _password(args, rng)
    if action == "passphrase":
        return _passphrase(args, rng)
    if action == "uuid":
        ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(_count(args))]
        said = ", ".join(ids)
        return {"action": action, "result": ids if len(ids) > 1 else ids[0]}, (
            f"A random UUID (version 4): {said}" if len(ids) == 1 else f"{len(ids)} random UUIDs (version 4): {said}")
    if action == "token":
        length = int(args.get("length") or 32)
        token = "".join(rng.choice("0123456789abcdef") for _ in range(length))
        return {"action": action, "result": token}, (f"A random hex string of {length} digits ({length * 4} bits): "
                                                     f"{token}")
    if action == "number":
        return _number(args, rng)
    if action == "dice":
        count, sides = _count(args), int(args.get("sides") or 6)
        rolls = [rng.randint(1, sides) for _ in range(count)]
        name = f"{count}d{sides}"
        said = (f"Rolled {name}: {rolls[0]}" if count == 1 else
                f"Rolled {name}: {' + '.join(map(str, rolls))} = {sum(rolls)}")
        return {"action": action, "rolls": rolls, "total": sum(rolls), "sides": sides}, said
    if action == "coin":
        flips = [rng.choice(("heads", "tails")) for _ in range(_count(args))]
        if len(flips) == 1:
            return {"action": action, "result": flips[0]}, f"The coin came up {flips[0]}"
        return {"action": action, "result": flips, "heads": flips.count("heads")}, (
            f"{len(flips)} coin flips: {', '.join(flips)} ({flips.count('heads')} heads, {flips.count('tails')} tails)")
    if action in ("choose", "shuffle"):
        return _from_list(action, args, rng)
    raise ToolError(f"random: unknown action {action!r}; actions: {', '.join(ACTIONS)}")


def _password(args: Mapping[str, Any], rng: Source) -> tuple[dict[str, Any], str]:
    length = int(args.get("length") or 20)
    symbols = args.get("symbols", True) not in (False, "false", "no", "0")
    if length < 8:
        raise ToolError(f"random: a password is 8 to {_MAX_LENGTH:,} characters long, got length {length} (shorter "
                        f"ones are guessed in seconds)")
    classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits] + ([_SYMBOLS] if symbols else [])
    alphabet = "".join(classes)
    while True:  # one of each kind (some sites ask for it); a draw without one is drawn again, not patched
        password = "".join(rng.choice(alphabet) for _ in range(length))
        if all(any(c in kind for c in password) for kind in classes):
            break
    bits = int(length * math.log2(len(alphabet)))
    kinds = "letters, digits and symbols" if symbols else "letters and digits"
    return {"action": "password", "result": password, "length": length, "bits": bits}, (
        f"A random password of {length} characters ({kinds}; about {bits} bits of entropy): {password}")


@functools.lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    """The EFF's long word list (7,776 words, as xkcdpass ships it): 12.9 bits a word."""
    from xkcdpass import xkcd_password

    return tuple(xkcd_password.generate_wordlist(wordfile=xkcd_password.locate_wordfile("eff-long"), min_length=1,
                                                 max_length=20))


def _passphrase(args: Mapping[str, Any], rng: Source) -> tuple[dict[str, Any], str]:
    count = int(args.get("length") or 6)
    if count < 4:
        raise ToolError(f"random: a passphrase is 4 to {_MAX_LENGTH:,} words, got length {count} (fewer are guessed "
                        "quickly)")
    words = _words()
    phrase = "-".join(rng.choice(words) for _ in range(count))
    bits = int(count * math.log2(len(words)))
    return {"action": "passphrase", "result": phrase, "words": count, "bits": bits}, (
        f"A random passphrase of {count} words (the EFF's list of {len(words):,}; about {bits} bits of entropy): "
        f"{phrase}")


def _number(args: Mapping[str, Any], rng: Source) -> tuple[dict[str, Any], str]:
    low = int(args["low"]) if args.get("low") is not None else 1
    high = int(args["high"]) if args.get("high") is not None else 100
    if low > high:
        low, high = high, low
    count = _count(args)
    numbers = [rng.randint(low, high) for _ in range(count)]
    span = f"from {low:,} to {high:,}"
    if count == 1:
        return {"action": "number", "result": numbers[0]}, f"A random whole number {span}: {numbers[0]}"
    return {"action": "number", "result": numbers}, (f"{count} random whole numbers {span}: "
                                                     f"{', '.join(map(str, numbers))}")


def _from_list(action: str, args: Mapping[str, Any], rng: Source) -> tuple[dict[str, Any], str]:
    raw = args.get("items")
    found = [str(i).strip() for i in raw if str(i).strip()] if isinstance(raw, list) else items(str(raw or ""))[0]
    if len(found) < 2:
        raise ToolError("random: give two or more items: on lines, or separated by commas")
    if len(found) > _MAX_ITEMS:
        raise ToolError(f"random: {len(found):,} items; the limit is {_MAX_ITEMS:,}")
    if action == "shuffle":
        out = list(found)
        rng.shuffle(out)
        return {"action": action, "result": out}, f"The {len(out)} items in a random order: {', '.join(out)}"
    count = _count(args)
    if count >= len(found):
        raise ToolError(f"random: choosing {count} of {len(found)} items leaves nothing to chance: give fewer")
    picked = rng.sample(found, count)
    if count == 1:
        return {"action": action, "result": picked[0]}, (f"Picked at random from {len(found)} ({', '.join(found)}): "
                                                         f"{picked[0]}")
    return {"action": action, "result": picked}, (f"{count} picked at random from {len(found)} "
                                                  f"({', '.join(found)}): {', '.join(picked)}")


_INTEGER = {"type": "integer", "minimum": -_LIMIT, "maximum": _LIMIT}


class RandomTool:
    """Draw at random from the system's secure source: passwords, UUIDs, tokens, numbers, dice, coins, lists."""

    name = "random"
    description = ("Draw at random (secure: the operating system's source): a password, a UUID, a hex token, a "
                   "whole number in a range, dice, coin flips, one or more items picked from a list, or a list "
                   "shuffled")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS), "description": "what to draw"},
            "length": {"type": "integer", "minimum": 1, "maximum": _MAX_LENGTH,
                       "description": "password: characters (default 20); passphrase: words (default 6); token: "
                                      "hex digits (default 32)"},
            "symbols": {"type": "boolean", "description": "password: with symbols (default true)"},
            "low": _INTEGER | {"description": "number: the smallest (default 1)"},
            "high": _INTEGER | {"description": "number: the largest (default 100)"},
            "sides": {"type": "integer", "minimum": 2, "maximum": _MAX_SIDES, "description": "dice: sides (default 6)"},
            "count": {"type": "integer", "minimum": 1, "maximum": _MAX_COUNT,
                      "description": "how many: UUIDs, numbers, dice, flips or items picked (default 1)"},
            "items": {"type": "string", "maxLength": 1_000_000,
                      "description": "choose, shuffle: the list, items on lines or separated by commas"},
        },
        "required": ["action"],
    }
    positional = ("action", "items")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("generate a 16 character password", {"action": "password", "length": 16}),
    )

    def __init__(self, rng: Source | None = None) -> None:
        self.rng: Source = rng if rng is not None else secrets.SystemRandom()

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        data, said = draw(str(args.get("action", "")), args, self.rng)
        return ToolResult(said, data)


# --- recognising a plain request ----------------------------------------------------------------

# A request, not a question about how: "Generate a password", "I need a new password", "Give me a UUID"; never
# "How do I generate a UUID in Python?" nor "What makes a strong password?".
_ASK = LEAD + (r"(?:(?:generate|create|make|give|get|suggest|pick|choose|produce|draw|roll|flip|toss|shuffle)"
               r"(?:\s+(?:me|us))?|i\s+(?:need|want|would\s+like)|i'd\s+like|need)?\s*")
_HOW = re.compile(r"\bhow\b|\bwhy\b|\bin\s+(?:python|bash|javascript|js|java|go|rust|c#|c\+\+|sql|node|php|ruby|"
                  r"powershell|excel)\b|\bwith\s+(?:openssl|pwgen|uuidgen|python)\b|\bcommand\b|\bfunction\b|"
                  r"\blibrary\b|\bcode\b|\bscript\b|\bexplain\b|\bwhat\s+(?:is|are|makes)\b|\bwhat's\b|\bshould\b|"
                  r"\bmy\s+password\b|\breset\b|\bforgot\b|\bchange\b", re.I)
_A = r"(?:(?:a|an|one|some|the|new|another|fresh)\s+)*"
_RANDOMLY = r"(?:(?:random(?:ly)?|secure|strong|good|long|safe|unique|new|fresh|complex|\d+[- ]?(?:char(?:acter)?s?|" \
            r"digits?|letters?)(?:[- ]long)?)(?:\s*,\s+|\s+))*"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "a couple of": 2, "a pair of": 2}
_N = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a\s+couple\s+of|a\s+pair\s+of)"
# What may follow the thing asked for: nothing, or its length, use or kind ("a password for my router, 16
# characters"); not another noun ("a password manager", "a UUID generator").
_TAIL = r"s?(?:\s*$|\s*[,(]|\s+(?:for|of|with|without|that|which|please|containing|using|including|only|long|\d)\b)"
_LENGTH = re.compile(r"\b(\d+)[- ]?(?:char(?:acter)?s?|digits?|letters?|long)\b|\blength\s+(?:of\s+)?(\d+)\b", re.I)
# (not "the": "Give me the wifi password" asks for the user's own; a word before it names what it is for)
_PASSWORD = re.compile(_ASK + r"(?:(?:a|an|one|some|new|another|fresh)\s+)*" + _RANDOMLY
                       + r"(?:[\w-]+\s+)?(?:password|passphrase|passcode)" + _TAIL, re.I)
_NO_SYMBOLS = re.compile(r"\b(?:without|no)\s+(?:any\s+)?(?:symbols|special\s+char(?:acter)?s|punctuation)|"
                         r"\balphanumeric|\bonly\s+letters\s+and\s+(?:digits|numbers)|\bletters\s+and\s+(?:digits|"
                         r"numbers)\s+only", re.I)
_UUID = re.compile(_ASK + r"(?:" + _N + r"\s+)?" + _A + _RANDOMLY + r"(?:uuid|guid)(?:\s*(?:v4|version\s*4|4))?"
                   + _TAIL, re.I)
_TOKEN = re.compile(_ASK + _A + _RANDOMLY + r"(?:hex(?:adecimal)?\s+(?:string|token|key|secret)|(?:secret|api)\s+"
                    r"(?:key|token)|token)" + _TAIL, re.I)
_NUMBER = re.compile(_ASK + _A + _RANDOMLY + r"(?:whole\s+)?(?:number|integer|digit)\s+(?:between|from)\s+"
                     r"(?P<low>-?\d[\d,]*)\s*(?:and|to|-|–)\s*(?P<high>-?\d[\d,]*)", re.I)
_DIGITS = re.compile(_ASK + _A + _RANDOMLY + r"(?P<d>\d{1,2})[- ]digits?\s+(?:random\s+)?(?:whole\s+)?(?:number|integer)"
                     r"(?:\s+please)?\s*$", re.I)
_DICE = re.compile(_ASK + r"(?:(?P<n>\d+|a|an|one|two|three|four|five|six|a\s+pair\s+of)\s+)?"
                   r"(?:(?:\d+|four|six|eight|ten|twelve|twenty)[- ]sided\s+)?"
                   r"(?:dice|die|d(?P<sides>\d+))\b|" + _ASK + r"(?P<nd>\d*)d(?P<sides2>\d+)\b", re.I)
_COIN = re.compile(_ASK + r"(?:" + _N + r"\s+)?(?:a\s+)?coin" + _TAIL + r"|^\s*heads\s+or\s+tails\s*$", re.I)
_CHOOSE = re.compile(_ASK + r"(?:" + _N + r"\s+)?(?:(?:at\s+)?random(?:ly)?\s+)?(?:one|item|thing|option|name|winner)?"
                     r"\s*(?:at\s+random|randomly|for\s+me\s+at\s+random)?\s*(?:from|of|among|between)?\s*$", re.I)
_SHUFFLE = re.compile(LEAD + r"(?:shuffle|randomi[sz]e(?:\s+the\s+order\s+of)?|put)(?:\s+(?:this|these|the|my|the\s+"
                      r"following))?(?:\s+(?:list|items|names|words|lines))?(?:\s+in\s+(?:a\s+)?random\s+order)?\s*$",
                      re.I)


def _n(word: str | None) -> int:
    if not word:
        return 1
    word = re.sub(r"\s+", " ", word.lower())
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


def random_asked(message: str) -> dict[str, Any] | None:
    """The random tool's arguments for a message that plainly asks for something drawn at random — a password,
    UUID, token, number in a range, dice, a coin, an item picked from a list or the list shuffled — or None."""
    if len(message) > 100_000:
        return None
    for question, body in asked_parts(message):
        found = _asked(question.strip().rstrip("?.!").strip(), body)
        if found is not None:
            return found
    return None


def _asked(q: str, body: str) -> dict[str, Any] | None:
    if body:
        if _SHUFFLE.match(q) and len(items(body)[0]) >= 2:
            return {"action": "shuffle", "items": body}
        choose = _CHOOSE.match(q)
        if choose is not None and re.search(r"random", q, re.I) and len(items(body)[0]) >= 2:
            count = _n(choose.group("n"))
            return {"action": "choose", "items": body, **({"count": count} if count > 1 else {})}
        return None
    if _HOW.search(q):
        return None
    plain = re.fullmatch(r"[\w\s,'-]*", q) is not None  # words only: no code, path or punctuation around them
    if _PASSWORD.match(q) and plain:
        phrase = re.search(r"passphrase", q, re.I) is not None
        length = re.search(r"\b(\d+)[- ]words?\b", q, re.I) if phrase else _LENGTH.search(q)
        args: dict[str, Any] = {"action": "passphrase" if phrase else "password"}
        if length is not None:
            args["length"] = int(length.group(1) or length.group(2))
        if _NO_SYMBOLS.search(q):
            args["symbols"] = False
        return args
    uuid_asked = _UUID.match(q)
    if uuid_asked is not None and plain:
        count = _n(uuid_asked.group("n"))
        return {"action": "uuid", **({"count": count} if count > 1 else {})}
    token = _TOKEN.match(q)
    if token is not None and re.search(r"random|generate|make|create|give|need|new", q, re.I) and plain:
        length = _LENGTH.search(q)
        return {"action": "token", **({"length": int(length.group(1) or length.group(2))} if length else {})}
    digits = _DIGITS.match(q)
    if digits is not None and 1 <= int(digits.group("d")) <= 18:  # "a random 6 digit number" (the 1.5B: 123456)
        size = int(digits.group("d"))
        return {"action": "number", "low": 10 ** (size - 1) if size > 1 else 0, "high": 10**size - 1}
    number = _NUMBER.match(q)
    if number is not None and re.search(r"random|pick|choose|draw|roll", q, re.I) and \
            re.fullmatch(r"[\w\s,'-]*?(?:-?\d[\d,]*\s*(?:and|to|-|–)\s*-?\d[\d,]*)?", q):
        low, high = (int(number.group(k).replace(",", "")) for k in ("low", "high"))
        return {"action": "number", "low": low, "high": high}
    dice = _DICE.match(q)
    if dice is not None and re.search(r"\broll|\bthrow", q, re.I) and plain:
        sided = re.search(r"\b(\d+|four|six|eight|ten|twelve|twenty)[- ]sided\b", q, re.I)
        sides = int(dice.group("sides") or dice.group("sides2") or (_n(sided.group(1)) if sided else 6))
        count = int(dice.group("nd")) if dice.group("nd") else _n(dice.group("n"))
        return {"action": "dice", "sides": sides, **({"count": count} if count > 1 else {})}
    coin = _COIN.match(q)
    if coin is not None and re.search(r"\b(?:flip|toss)|heads", q, re.I) and plain:
        count = _n(coin.group("n"))
        return {"action": "coin", **({"count": count} if count > 1 else {})}
    return None
