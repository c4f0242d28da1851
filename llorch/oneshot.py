"""One-shot answers (`llorch run`): prompt input, mode choice and the request to send."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from llorch.engine.types import Message, ModelInfo, Request, Sampling
from llorch.errors import InputError

__all__ = ["RunPlan", "decode_input", "join_prompt", "load_schema", "plan_request"]

Mode = Literal["chat", "raw"]


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"schema file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read schema file {path}: {exc}") from None
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(schema, dict):
        raise InputError(f"{path} must hold a JSON schema object, not {type(schema).__name__}")
    return json.dumps(schema)


@dataclass(frozen=True)
class RunPlan:
    request: Request
    mode: Mode
    note: str | None = None


def plan_request(
    info: ModelInfo,
    prompt: str,
    *,
    system: str | None = None,
    default_system: str | None = None,
    sampling: Sampling | None = None,
    force: Mode | None = None,
    schema: str | None = None,
    logprobs: bool = False,
) -> RunPlan:
    """Chat with the model's template, or plain completion for base models and `--raw`.

    `default_system` (a profile's system prompt) is used in chat mode when `system` is not
    given; plain completion gets only an explicit `system`, since a base model would
    merely continue the instructions."""
    sampling = sampling or Sampling()
    note = None
    mode: Mode
    if force is not None:
        mode = force
    elif info.is_base_model:
        mode = "raw"
        why = "has no chat template" if not info.chat_template else "is a base model (not instruction-tuned)"
        note = f"note: {info.name} {why}; using plain completion (pass --chat to use a chat template anyway)"
    else:
        mode = "chat"
    if mode == "chat" and system is None:
        system = default_system
    if mode == "raw":
        text = f"{system.strip()}\n\n{prompt}" if system and system.strip() else prompt
        request = Request(prompt=text, sampling=sampling, grammar_schema=schema, logprobs=logprobs)
    else:
        messages = ((Message("system", system.strip()),) if system and system.strip() else ()) + (Message("user", prompt),)
        request = Request(messages=messages, sampling=sampling, grammar_schema=schema, logprobs=logprobs)
    return RunPlan(request, mode, note)
