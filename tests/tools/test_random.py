"""The random tool: what it draws (from a seeded source here, the system's secure one in use), its one-line
errors, and which messages plainly ask for a draw."""

from __future__ import annotations

import random
import re
import string
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.chance import RandomTool, draw, random_asked
from llorch.tools.registry import ToolRegistry


def drawn(action: str, seed: int = 1, **args: Any) -> tuple[dict[str, Any], str]:
    return draw(action, {"action": action, **args}, random.Random(seed))


@pytest.mark.parametrize("seed", range(20))
def test_a_password_has_the_length_asked_and_every_kind_of_character(seed: int) -> None:
    data, said = drawn("password", seed, length=12)
    password = data["result"]
    assert len(password) == 12 and said.endswith(f": {password}")
    assert all(any(c in kind for c in password) for kind in (string.ascii_lowercase, string.ascii_uppercase,
                                                             string.digits, "!#$%&*+-=?@^_~"))
    assert "about 74 bits of entropy" in said  # 12 × log2(76)
    plain, said = drawn("password", seed, length=16, symbols=False)
    assert plain["result"].isalnum() and len(plain["result"]) == 16 and "(letters and digits;" in said


def test_what_is_drawn_comes_from_the_systems_secure_source_and_differs_each_time(tmp_path: Path) -> None:
    tool, ctx = RandomTool(), ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    passwords = {tool.run({"action": "password"}, ctx).data["result"] for _ in range(5)}
    assert len(passwords) == 5 and all(len(p) == 20 for p in passwords)  # the default length
    ids = {tool.run({"action": "uuid"}, ctx).data["result"] for _ in range(5)}
    assert len(ids) == 5 and all(uuid.UUID(i).version == 4 for i in ids)


def test_uuids_tokens_dice_coins_and_picks() -> None:
    data, said = drawn("uuid", count=3)
    assert len(data["result"]) == 3 and all(uuid.UUID(u).version == 4 and uuid.UUID(u).variant == uuid.RFC_4122
                                            for u in data["result"])
    assert said.startswith("3 random UUIDs (version 4): ")
    data, said = drawn("token", length=40)
    assert re.fullmatch(r"[0-9a-f]{40}", data["result"]) and "(160 bits)" in said
    data, said = drawn("dice", 3, count=3, sides=20)
    assert said == f"Rolled 3d20: {' + '.join(map(str, data['rolls']))} = {data['total']}"
    assert all(1 <= r <= 20 for r in data["rolls"]) and data["total"] == sum(data["rolls"])
    data, said = drawn("coin", 2)
    assert said == f"The coin came up {data['result']}" and data["result"] in ("heads", "tails")
    data, said = drawn("coin", 2, count=4)
    assert data["heads"] == data["result"].count("heads") and f"({data['heads']} heads" in said
    data, said = drawn("choose", 4, items="tea, coffee, water")
    assert data["result"] in ("tea", "coffee", "water") and said.endswith(f": {data['result']}")
    data, _ = drawn("shuffle", 4, items="a\nb\nc\nd\ne")
    assert sorted(data["result"]) == ["a", "b", "c", "d", "e"]


def test_a_passphrase_is_words_of_the_effs_list() -> None:
    from llorch.tools.chance import _words

    data, said = drawn("passphrase", 3, length=5)
    words = data["result"].split("-")
    assert len(words) == 5 and all(w in _words() for w in words) and len(_words()) == 7776
    assert said.startswith("A random passphrase of 5 words (the EFF's list of 7,776; about 64 bits of entropy): ")
    assert drawn("passphrase", 3)[0]["words"] == 6  # the default
    with pytest.raises(ToolError, match="a passphrase is 4 to 1,024 words, got length 3"):
        drawn("passphrase", length=3)


@settings(max_examples=60, deadline=None)
@given(st.integers(-10**18, 10**18), st.integers(-10**18, 10**18), st.integers(0, 2**32))
def test_a_number_is_within_its_bounds_whichever_is_given_first(a: int, b: int, seed: int) -> None:
    data, said = draw("number", {"low": a, "high": b}, random.Random(seed))
    assert min(a, b) <= data["result"] <= max(a, b)
    assert said.startswith(f"A random whole number from {min(a, b):,} to {max(a, b):,}: ")


def test_every_face_and_character_is_about_as_likely_as_any_other() -> None:
    """6,000 rolls of a die and 60,000 password characters (a seeded source): each face or character within 5
    standard deviations of its share — no kind of character favoured by the one-of-each rule."""
    rng = random.Random(0)
    counts = [0] * 7
    for _ in range(60):
        for roll in draw("dice", {"count": 100}, rng)[0]["rolls"]:
            counts[roll] += 1
    assert counts[0] == 0 and all(abs(n - 1000) < 5 * (6000 * (1 / 6) * (5 / 6)) ** 0.5 for n in counts[1:])
    chars = "".join(draw("password", {"length": 100}, rng)[0]["result"] for _ in range(600))
    alphabet = string.ascii_lowercase + string.ascii_uppercase + string.digits + "!#$%&*+-=?@^_~"
    share = len(chars) / len(alphabet)
    assert set(chars) == set(alphabet)
    assert all(abs(chars.count(c) - share) < 5 * (share * (1 - 1 / len(alphabet))) ** 0.5 for c in alphabet)


@pytest.mark.parametrize(("action", "args", "error"), [
    ("password", {"length": 6}, "a password is 8 to 1,024 characters long, got length 6"),
    ("password", {"length": 5000}, "length must be a whole number from 1 to 1,024, got 5000"),
    ("uuid", {"count": 0}, "count must be a whole number from 1 to 100, got 0"),
    ("dice", {"sides": 1}, "sides must be a whole number from 2 to 1,000,000, got 1"),
    ("number", {"low": 10**19}, "low must be a whole number from"),
    ("choose", {"items": "solo"}, "give two or more items"),
    ("choose", {"items": "a, b", "count": 2}, "choosing 2 of 2 items leaves nothing to chance: give fewer"),
    ("lottery", {}, "unknown action 'lottery'; actions: password, passphrase, uuid, token, number, dice, coin, choose, "
     "shuffle"),
])
def test_what_cannot_be_drawn_is_a_one_line_error(action: str, args: dict[str, Any], error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        drawn(action, **args)


def test_the_registry_checks_the_schema_before_the_tool(tmp_path: Path) -> None:
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path)
    with pytest.raises(ToolError, match="length"):
        ToolRegistry().call("random", {"action": "password", "length": "long"}, ctx)


@pytest.mark.parametrize(("message", "args"), [
    ("generate a random password", {"action": "password"}),
    ("Can you make me a secure 24-character password?", {"action": "password", "length": 24}),
    ("new wifi password please, letters and digits only", {"action": "password", "symbols": False}),
    ("I'd like a password of length 30", {"action": "password", "length": 30}),
    ("Generate three UUIDs", {"action": "uuid", "count": 3}),
    ("new guid", {"action": "uuid"}),
    ("create a random API key", {"action": "token"}),
    ("Give me a random integer between -5 and 5", {"action": "number", "low": -5, "high": 5}),
    ("pick a random number from 1 to 1,000", {"action": "number", "low": 1, "high": 1000}),
    ("roll a die", {"action": "dice", "sides": 6}),
    ("Roll 4d8 for me", {"action": "dice", "sides": 8, "count": 4}),
    ("Roll one eight-sided die", {"action": "dice", "sides": 8}),
    ("give me a random 4-digit number please", {"action": "number", "low": 1000, "high": 9999}),
    ("make me a passphrase of 7 words", {"action": "passphrase", "length": 7}),
    ("roll three 10 sided dice", {"action": "dice", "sides": 10, "count": 3}),
    ("toss a coin", {"action": "coin"}),
    ("Pick a name at random:\n\nAnna\nBen\nCleo", {"action": "choose", "items": "Anna\nBen\nCleo"}),
    ("shuffle these: 1, 2, 3, 4, 5", {"action": "shuffle", "items": "1, 2, 3, 4, 5"}),
    ("Put these in a random order: north, south, east, west", {"action": "shuffle",
                                                                "items": "north, south, east, west"}),
])
def test_a_plain_request_for_a_draw_is_recognised(message: str, args: dict[str, Any]) -> None:
    assert random_asked(message) == args


@pytest.mark.parametrize("message", [
    "How do I generate a random password in bash?",
    "What is a strong password?",
    "Recommend a password manager",
    "my password keeps expiring, what should I do?",
    "generate a uuid in postgres",
    "Why are UUIDs 128 bits?",
    "Roll back the deploy",
    "What is the probability of rolling a six?",
    "Which should I learn: Rust or Go?",
    "Pick one: Rust or Go?",  # (advice, not a draw: no "random")
    "Write a function that returns a random number between 1 and 10",
    "Shuffle the deck in my card game code",
    "flip the coin image horizontally in CSS",
    "Give me the wifi password",
])
def test_a_question_about_randomness_or_passwords_is_no_draw(message: str) -> None:
    assert random_asked(message) is None


def test_a_name_that_is_no_parameter_is_said_to_have_been_read_as_text() -> None:
    """(`llorch tool random passphrase words=3` made six words and said nothing: the parameter is `length`.)"""
    from support import invoke_main

    r = invoke_main(["tool", "random", "passphrase", "words=3"])
    assert r.exit_code == 0 and r.stdout.startswith("A random passphrase of 6 words")
    assert "note: random has no parameter 'words', so 'words=3' was read as text; its parameters: action, length" \
        in r.stderr
    r = invoke_main(["tool", "random", "password", "lenght=8"])
    assert "did you mean length=?" in r.stderr
    r = invoke_main(["tool", "random", "password", "length=8"])
    assert r.exit_code == 0 and r.stderr == "" and "8 characters" in r.stdout
