"""Anthropic's Messages API shapes: a /v1/messages body in, a message or its stream of events out."""

from __future__ import annotations

import json
from typing import Any

from llorch.server.protocol import (
    BadRequest, Call, CallLog, Field, FunctionTool, check_schema, sampling_fields, text_content,
)

__all__ = ["error_body", "event", "messages_call", "stop_reason"]

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                405: "invalid_request_error", 413: "request_too_large", 429: "rate_limit_error", 503: "overloaded_error"}


def error_body(exc: BadRequest) -> dict[str, Any]:
    kind = _ERROR_TYPES.get(exc.status, "api_error")
    message = exc.message if exc.param is None or exc.param in exc.message else f"{exc.param}: {exc.message}"
    return {"type": "error", "error": {"type": kind, "message": message}}


def _text(content: Any, param: str) -> str:
    """Text content: a string, or text blocks."""
    return text_content(content, param, parts="content blocks", sep="\n")


def _blocks(log: CallLog, role: str, content: Any, param: str) -> None:
    """A message's content into the call log: text, tool_use (the assistant's calls) and tool_result blocks."""
    if isinstance(content, str):
        log.say(role, content)
        return
    if not isinstance(content, list):
        raise BadRequest(f"'{param}' must be a string or an array of content blocks", param=param)
    words: list[str] = []
    for i, block in enumerate(content):
        b = Field(block, f"{param}[{i}]")
        kind = b.get("type", str, required=True)
        if kind == "text":
            words.append(b.get("text", str, required=True))
        elif kind == "tool_use":
            log.say(role, "\n".join(words))
            words = []
            log.called(b.get("id", str) or f"{param}[{i}]", b.get("name", str, required=True), b.get("input", dict) or {})
        elif kind == "tool_result":
            inner = b.body.get("content", "")
            log.answered(b.get("tool_use_id", str) or "", _text(inner, f"{param}[{i}].content") if inner else "")
        else:
            raise BadRequest(f"'{param}[{i}].type' {kind!r} is not supported here (text, tool_use, tool_result)",
                             param=f"{param}[{i}].type")
    log.say(role, "\n".join(words))


def messages_call(body: Any) -> Call:
    """A /v1/messages body as a Call."""
    f = Field(body)
    model = f.get("model", str, required=True)
    max_tokens = f.number("max_tokens", 1, 1 << 20, integer=True)
    if max_tokens is None:
        raise BadRequest("'max_tokens' is required", param="max_tokens")
    raw = f.get("messages", list, required=True)
    if not raw:
        raise BadRequest("'messages' must hold at least one message", param="messages")
    log = CallLog()
    system = f.body.get("system")
    if system is not None:
        log.say("system", _text(system, "system"))
    for i in range(len(raw)):
        m = f.child("messages", i)
        role = m.get("role", str, required=True)
        if role not in ("user", "assistant"):
            raise BadRequest(f"'messages[{i}].role' must be user or assistant, got {role!r}", param=f"messages[{i}].role")
        _blocks(log, role, m.body.get("content"), f"messages[{i}].content")
    sampling = {"max_tokens": max_tokens} | sampling_fields(f, (("temperature", 0.0, 1.0), ("top_p", 0.0, 1.0)),
                                                            "stop_sequences")
    tools: list[FunctionTool] = []
    for i in range(len(f.get("tools", list) or [])):
        t = f.child("tools", i)
        schema = t.get("input_schema", dict, required=True)
        check_schema(schema, f"tools[{i}].input_schema")
        tools.append(FunctionTool(t.get("name", str, required=True), t.get("description", str) or "", schema))
    choice = "auto" if tools else "none"
    if f.get("tool_choice", dict) is not None:
        c = f.child("tool_choice")
        kind = c.get("type", str, required=True)
        choice = {"auto": "auto", "any": "required", "none": "none"}.get(kind) or ""
        if kind == "tool":
            choice = c.get("name", str, required=True)
            if choice not in {t.name for t in tools}:
                raise BadRequest(f"'tool_choice.name' {choice!r} is not in 'tools'", param="tool_choice.name")
        elif not choice:
            raise BadRequest("'tool_choice.type' must be auto, any, tool or none", param="tool_choice.type")
    turns, prefill = log.conversation(), ""
    if turns and turns[-1].role == "assistant":  # the answer's start, to go on from (it was answered anew)
        turns, prefill = turns[:-1], turns[-1].content
    return Call(model=model, turns=turns, system=log.system_text(), sampling=sampling,
                stream=bool(f.get("stream", bool)), tools=tuple(tools), tool_choice=choice, prefill=prefill)


def stop_reason(finish: str, stopped_by: str | None, tool_use: bool) -> str:
    if tool_use:
        return "tool_use"
    if finish == "length" or finish == "context":
        return "max_tokens"
    return "stop_sequence" if stopped_by else "end_turn"


def event(name: str, data: dict[str, Any]) -> str:
    """One server-sent event of a Messages stream."""
    return f"event: {name}\ndata: {json.dumps(data | {'type': name}, ensure_ascii=False)}\n\n"
