from __future__ import annotations

import json
from pathlib import Path

import pytest

from llorch.errors import InputError
from llorch.oneshot import decode_input, join_prompt, load_schema


def test_decode_input_accepts_utf8_and_strips_bom() -> None:
    assert decode_input("\ufeffhé".encode()) == "hé"


def test_decode_input_rejects_invalid_utf8_with_offset() -> None:
    with pytest.raises(InputError, match=r"not valid UTF-8 \(byte 0xff at offset 3\)"):
        decode_input(b"abc\xff")


def test_decode_input_rejects_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_input(b"\x7fELF\x00\x01")


def test_join_prompt_puts_argument_before_stdin() -> None:
    assert join_prompt(["Summarise", "this:"], "body text\n") == "Summarise this:\n\nbody text"
    assert join_prompt([], "only stdin") == "only stdin"


def test_join_prompt_rejects_empty() -> None:
    with pytest.raises(InputError, match="empty prompt"):
        join_prompt(["  "], "\n")


def test_load_schema_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_schema(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(InputError, match="not valid JSON"):
        load_schema(bad)
    good = tmp_path / "s.json"
    good.write_text('{"type": "object"}')
    assert json.loads(load_schema(good)) == {"type": "object"}
