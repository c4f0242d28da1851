"""OpenAI's shapes: /v1/chat/completions and /v1/completions bodies in, answers and SSE chunks out."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from llorch.engine.types import TokenLogprob, TopLogprob

from llorch.server.protocol import (
    MAX_N, BadRequest, Call, CallLog, Field, FunctionTool, check_schema, read_json, sampling_fields, text_content,
)

__all__ = ["chat_call", "chunk", "completion_call", "error_body", "logprobs_json", "text_logprobs_json", "usage_json"]

_ROLES = ("system", "developer", "user", "assistant", "tool")


# A /v1/completions request that gives no max_tokens gets OpenAI's default for that API, not a run to the end of
# the context (a base model rarely ends by itself: on a CPU, minutes).
LEGACY_MAX_TOKENS = 16


def error_body(exc: BadRequest) -> dict[str, Any]:
    return {"error": {"message": exc.message, "type": exc.kind, "param": exc.param, "code": exc.code}}


def _sampling(f: Field) -> dict[str, Any]:
    out = sampling_fields(f, (("temperature", 0.0, 2.0), ("top_p", 0.0, 1.0), ("min_p", 0.0, 1.0)), "stop")
    seed = f.number("seed", -(2**63), 2**63, integer=True)
    if seed is not None:
        out["seed"] = seed % (2**32 - 1)
    for key in ("max_completion_tokens", "max_tokens"):
        value = f.number(key, 1, 1 << 20, integer=True)
        if value is not None:
            out["max_tokens"] = value
            break
    for key in ("frequency_penalty", "presence_penalty"):
        f.number(key, -2.0, 2.0)  # accepted as OpenAI defines them; llama.cpp's repeat penalty stands in
    return out


def _text(content: Any, param: str) -> str:
    """A message's content: a string, or an array of text parts (none: no text)."""
    return "" if content is None else text_content(content, param)


def _messages(f: Field) -> CallLog:
    raw = f.get("messages", list, required=True)
    if not raw:
        raise BadRequest("'messages' must hold at least one message", param="messages")
    log = CallLog()
    for i in range(len(raw)):
        m = f.child("messages", i)
        role = m.get("role", str, required=True)
        if role not in _ROLES:
            raise BadRequest(f"'messages[{i}].role' must be one of {', '.join(_ROLES)}, got {role!r}", param=f"messages[{i}].role")
        text = _text(m.body.get("content"), f"messages[{i}].content")
        if role == "tool":
            log.answered(m.get("tool_call_id", str) or "", text)
            continue
        log.say("system" if role == "developer" else role, text)
        for j, call in enumerate(m.get("tool_calls", list) or []):  # an assistant's earlier tool calls
            c = Field(call, f"messages[{i}].tool_calls[{j}]")
            fn = c.child("function")
            args = fn.get("arguments", str, required=True)
            parsed = read_json(args, f"messages[{i}].tool_calls[{j}].function.arguments")
            if not isinstance(parsed, dict):
                raise BadRequest(f"'messages[{i}].tool_calls[{j}].function.arguments' is not a JSON object",
                                 param=f"messages[{i}].tool_calls[{j}].function.arguments")
            log.called(c.get("id", str) or f"#{i}.{j}", fn.get("name", str, required=True), parsed)
    return log


def _tools(f: Field) -> tuple[tuple[FunctionTool, ...], str]:
    raw = f.get("tools", list)
    tools: list[FunctionTool] = []
    for i in range(len(raw or [])):
        t = f.child("tools", i)
        if t.get("type", str, required=True) != "function":
            raise BadRequest(f"'tools[{i}].type' must be \"function\"", param=f"tools[{i}].type")
        fn = t.child("function")
        params = fn.get("parameters", dict) or {"type": "object", "properties": {}}
        check_schema(params, f"tools[{i}].function.parameters")
        tools.append(FunctionTool(fn.get("name", str, required=True), fn.get("description", str) or "", params))
    choice = f.body.get("tool_choice")
    if choice is None:
        return tuple(tools), "auto" if tools else "none"
    if isinstance(choice, str):
        if choice not in ("auto", "none", "required"):
            raise BadRequest("'tool_choice' must be \"auto\", \"none\", \"required\" or a function", param="tool_choice")
        name = choice
    else:
        name = f.child("tool_choice").child("function").get("name", str, required=True)
        if name not in {t.name for t in tools}:
            raise BadRequest(f"'tool_choice' names {name!r}, which is not in 'tools'", param="tool_choice")
    if name != "none" and not tools:
        raise BadRequest("'tool_choice' needs 'tools'", param="tool_choice")
    return tuple(tools), name


def _response_format(f: Field) -> str | None:
    rf = f.get("response_format", dict)
    if rf is None:
        return None
    r = f.child("response_format")
    kind = r.get("type", str, required=True)
    if kind == "text":
        return None
    if kind == "json_object":
        return json.dumps({"type": "object"})
    if kind == "json_schema":
        spec = r.child("json_schema")
        return check_schema(spec.get("schema", dict, required=True), "response_format.json_schema.schema")
    raise BadRequest(f"'response_format.type' must be text, json_object or json_schema, got {kind!r}",
                     param="response_format.type")


def _common(f: Field) -> dict[str, Any]:
    n = f.number("n", 1, MAX_N, integer=True) or 1
    stream = bool(f.get("stream", bool))
    options = f.get("stream_options", dict)
    include_usage = bool(options and f.child("stream_options").get("include_usage", bool))
    return {"model": f.get("model", str, required=True), "sampling": _sampling(f), "n": n, "stream": stream,
            "include_usage": include_usage}


def chat_call(body: Any) -> Call:
    """A /v1/chat/completions body as a Call."""
    f = Field(body)
    log = _messages(f)
    tools, choice = _tools(f)
    logprobs = bool(f.get("logprobs", bool))
    top = f.number("top_logprobs", 0, 20, integer=True) or 0
    if top and not logprobs:
        raise BadRequest("'top_logprobs' needs 'logprobs': true", param="top_logprobs")
    schema = _response_format(f)
    if schema is not None and tools and choice != "none":
        raise BadRequest("give 'response_format' or 'tools', not both", param="response_format")
    return Call(turns=log.conversation(), system=log.system_text(), logprobs=logprobs, top_logprobs=top, schema=schema,
                tools=tools, tool_choice=choice, **_common(f))


def completion_call(body: Any) -> Call:
    """A /v1/completions body as a Call (plain completion)."""
    f = Field(body)
    prompt = f.get("prompt", (str, list), required=True, what="a string or an array of one string")
    if isinstance(prompt, list):
        if len(prompt) != 1 or not isinstance(prompt[0], str):
            raise BadRequest("'prompt' as an array must hold exactly one string", param="prompt")
        prompt = prompt[0]
    logprobs = f.number("logprobs", 0, 20, integer=True)
    if f.get("echo", bool):
        raise BadRequest("'echo' is not supported", param="echo")
    common = _common(f)
    common["sampling"].setdefault("max_tokens", LEGACY_MAX_TOKENS)
    return Call(prompt=prompt, logprobs=logprobs is not None, top_logprobs=logprobs or 0, **common)


def usage_json(prompt: int, completion: int, cached: int) -> dict[str, Any]:
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached}}


def _token_text(t: TokenLogprob | TopLogprob) -> str:
    """A token's own text: its bytes decoded (a piece of a UTF-8 character shows as U+FFFD; `bytes` has it whole)."""
    return t.bytes.decode("utf-8", errors="replace") if t.bytes else t.token


def _token_bytes(t: TokenLogprob | TopLogprob) -> list[int]:
    return list(t.bytes or t.token.encode("utf-8"))


def logprobs_json(entries: Sequence[TokenLogprob]) -> dict[str, Any]:
    """Chat's `logprobs`: per token its text, log-probability, bytes and the alternatives asked for."""
    return {"content": [{"token": _token_text(lp), "logprob": lp.logprob, "bytes": _token_bytes(lp),
                         "top_logprobs": [{"token": _token_text(t), "logprob": t.logprob, "bytes": _token_bytes(t)}
                                          for t in lp.top]}
                        for lp in entries]}


def text_logprobs_json(entries: Sequence[TokenLogprob], top: bool, offset: int = 0) -> dict[str, Any]:
    """Legacy completions' `logprobs`: tokens, their log-probabilities, one {token: logprob} dict of
    alternatives per token (when asked), and where each token starts in the answer's text."""
    offsets = []
    for lp in entries:
        offsets.append(offset)
        offset += len(lp.token)
    return {"tokens": [_token_text(lp) for lp in entries], "token_logprobs": [lp.logprob for lp in entries],
            "top_logprobs": [_alternatives(lp) for lp in entries] if top else None, "text_offset": offsets}


def _alternatives(lp: TokenLogprob) -> dict[str, float]:
    """{text: logprob} of the alternatives; two tokens that read the same (pieces of a UTF-8 character) keep
    the likelier's figure."""
    out: dict[str, float] = {}
    for t in lp.top:
        out.setdefault(_token_text(t), t.logprob)
    return out


def chunk(kind: str, rid: str, model: str, created: int, choices: list[dict[str, Any]],
          extra: Mapping[str, Any] | None = None) -> str:
    """One SSE event of a stream."""
    obj = "chat.completion.chunk" if kind == "chat" else "text_completion"
    data = {"id": rid, "object": obj, "created": created, "model": model, "choices": choices} | dict(extra or {})
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


def now() -> int:
    return int(time.time())
