from __future__ import annotations

import json
from pathlib import Path

import pytest

from llorch.engine.fake import FakeBackend
from llorch.errors import InputError
from llorch.oneshot import decode_input, join_prompt, load_schema, plan_request


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


def test_base_model_gets_plain_completion_and_a_note() -> None:
    info = FakeBackend(chat_template=None, is_base_model=True).info()
    plan = plan_request(info, "Once upon", system="Be brief")
    assert plan.mode == "raw"
    assert plan.request.prompt == "Be brief\n\nOnce upon"
    assert plan.note and "no chat template" in plan.note


def test_chat_model_gets_messages_with_system() -> None:
    plan = plan_request(FakeBackend().info(), "hi", system="sys")
    assert plan.mode == "chat" and plan.note is None
    assert [(m.role, m.content) for m in plan.request.messages] == [("system", "sys"), ("user", "hi")]


def test_forced_mode_overrides_detection() -> None:
    assert plan_request(FakeBackend().info(), "x", force="raw").mode == "raw"
    assert plan_request(FakeBackend(is_base_model=True).info(), "x", force="chat").mode == "chat"


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
