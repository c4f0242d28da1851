"""One-shot answers (`llorch run`): reading the prompt (stdin, arguments) and a schema file.

The request itself is built where every other one is: chat/prompt.py, through Runtime.ask."""

from __future__ import annotations

import json
from pathlib import Path

from llorch.errors import InputError

__all__ = ["decode_input", "join_prompt", "load_schema"]


def decode_input(data: bytes, *, source: str = "stdin") -> str:
    """Text from piped bytes; binary or invalid UTF-8 gets a clear InputError."""
    if b"\x00" in data:
        raise InputError(f"{source} looks like binary data (it contains NUL bytes); pipe text to llorch")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it first, e.g. with iconv -t utf-8"
        ) from None
    return text.removeprefix("\ufeff")


def join_prompt(args: list[str], piped: str | None) -> str:
    """The argument prompt and piped input, joined the way ollama and llm do."""
    parts = [" ".join(args).strip(), (piped or "").strip()]
    prompt = "\n\n".join(p for p in parts if p)
    if not prompt:
        raise InputError("empty prompt: give a prompt as an argument or pipe text on stdin")
    return prompt


def load_schema(path: Path) -> str:
    """A JSON schema file (a regular file, UTF-8, not nested absurdly deep) as compact JSON text."""
    from llorch.userfiles import parse_json, read_regular

    try:
        data = read_regular(path, what="JSON schema file")
    except FileNotFoundError:
        raise InputError(f"schema file not found: {path}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"cannot read schema file {path}: it is not UTF-8 text") from None
    schema = parse_json(text, str(path))
    if not isinstance(schema, dict):
        raise InputError(f"{path} must hold a JSON schema object, not {type(schema).__name__}")
    from llorch.engine.grammar import check_repeats

    check_repeats(schema, str(path))  # (said before a model loads, naming the file)
    return json.dumps(schema)
