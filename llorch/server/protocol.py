"""What an API request asks for, whatever its dialect: a Call, checked field by field.

OpenAI's and Anthropic's request bodies are parsed into one frozen Call (openai_api.py,
anthropic_api.py); a field that is missing, of the wrong type or out of range is a
BadRequest naming it, which the app turns into a 400 in that API's error shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from llorch.chat.prompt import Turn
from llorch.engine.grammar import check_repeats
from llorch.engine.types import PRIORITIES, Priority
from llorch.errors import FieldError, InputError
from llorch.fields import FieldSpec

__all__ = ["MAX_DEPTH", "PRIORITY_HEADER", "BadRequest", "Call", "CallLog", "Field", "FunctionTool", "as_bad_request",
           "check_schema", "read_json", "read_priority", "sampling_fields", "stop_list", "text_content"]

MAX_N = 16
MAX_DEPTH = 64  # arrays and objects inside one another; deeper is a 400 (Python's own parser stops near 1,000)


class BadRequest(Exception):
    """A request the API refuses: `status` (400, 404, 413, ...), the field at fault, and why."""

    def __init__(self, message: str, *, param: str | None = None, status: int = 400, kind: str = "invalid_request_error",
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.status = status
        self.kind = kind
        self.code = code


def read_json(data: bytes | str, where: str = "") -> Any:
    """A client's JSON (the body, or a field holding JSON text), refused with a 400 naming the field when it is
    not UTF-8, not JSON (NaN and Infinity are not), nested deeper than MAX_DEPTH, or holds a lone surrogate
    ("\\ud800"), which is no Unicode text and would fail later, wherever the text is encoded."""
    what = f"'{where}'" if where else "the request body"
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"{what} is not UTF-8 text (byte {exc.start:,})", param=where or None) from None
    else:
        text = data
    try:
        value = json.loads(text, parse_constant=_no_constant, parse_int=_integer)
    except RecursionError:
        path = _deep_path(text)
        raise BadRequest(f"'{_name(where, path)}' is nested more than {MAX_DEPTH} levels deep",
                         param=_name(where, path) or None) from None
    except ValueError as exc:  # not JSON, NaN, or an integer too long to read
        raise BadRequest(f"{what} is not valid JSON ({exc})", param=where or None) from None
    deep = text.count("[") + text.count("{") > MAX_DEPTH
    odd = _SURROGATE_ESCAPE.search(text) is not None or (not isinstance(data, bytes) and not _encodes(text))
    if deep or odd:
        _check_tree(value, where, deep=deep, odd=odd)
    return value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")  # text decoded from UTF-8 has surrogates only this way
_PATH_SHOWN = 8  # components of a path named in an error


def _no_constant(word: str) -> Any:
    raise ValueError(f"{word} is not a JSON value")


def _integer(digits: str) -> int:
    if len(digits) > 100:
        raise ValueError(f"an integer of {len(digits):,} digits is too long")
    return int(digits)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name(where: str, path: Sequence[str | int]) -> str:
    """`messages[0].content` from a path; long paths are cut (`…`), odd characters escaped."""
    out = where
    for key in path[:_PATH_SHOWN]:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            key = key.encode("utf-8", "backslashreplace").decode("utf-8")
            key = key if len(key) <= 40 else key[:40] + "…"
            out += f".{key}" if out else key
    return out + ("…" if len(path) > _PATH_SHOWN else "")


def _check_tree(value: Any, where: str, *, deep: bool, odd: bool) -> None:
    """The first value (in document order) nested past MAX_DEPTH or holding a lone surrogate is a BadRequest.
    A first walk only looks (cheap: no paths); a second, for a body that fails, finds where."""
    if _problem(value, deep=deep, odd=odd, track=False) is None:
        return
    found = _problem(value, deep=deep, odd=odd, track=True)
    assert found is not None
    kind, path = found
    if kind == "deep":
        raise BadRequest(f"'{_name(where, path)}' is nested more than {MAX_DEPTH} levels deep",
                         param=_name(where, path) or None)
    raise _surrogate(where, path, kind)


def _problem(value: Any, *, deep: bool, odd: bool, track: bool) -> tuple[str, tuple[str | int, ...]] | None:
    stack: list[tuple[Any, int, tuple[str | int, ...]]] = [(value, 1, ())]
    while stack:
        item, depth, path = stack.pop()
        kind = type(item)
        if kind is dict or kind is list:
            if deep and depth > MAX_DEPTH:
                return "deep", path
            if kind is dict:
                if odd and not all(key.isascii() or _encodes(key) for key in item):
                    return "a key", path
                if track:
                    stack.extend((v, depth + 1, (*path, k)) for k, v in reversed(item.items()))
                else:
                    stack.extend((v, depth + 1, path) for v in item.values())
            elif track:
                stack.extend((v, depth + 1, (*path, i)) for i, v in reversed(list(enumerate(item))))
            else:
                stack.extend((v, depth + 1, path) for v in item)
        elif odd and kind is str and not item.isascii() and not _encodes(item):
            return "text", path
    return None


def _surrogate(where: str, path: Sequence[str | int], what: str) -> BadRequest:
    name = _name(where, path)
    return BadRequest(f"{repr(name) if name else 'the request body'} holds {what} with a lone surrogate "
                      "(\\ud800-\\udfff), which is not Unicode; send UTF-8 text", param=name or None)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(\s*:)?|[\[\]{},]')


def _deep_path(text: str) -> tuple[str | int, ...]:
    """Where JSON text first opens its (MAX_DEPTH+1)th level: for text too deep for the parser to read."""
    keys: list[str | int | None] = []  # per open level: its current key (object) or index (array)
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == '"':
            if match.group(1) and keys and not isinstance(keys[-1], int):
                try:
                    keys[-1] = json.loads(token[: token.rindex('"') + 1])
                except ValueError:
                    keys[-1] = "?"
        elif token in "[{":
            if len(keys) >= MAX_DEPTH:
                return tuple(k if k is not None else "?" for k in keys)
            keys.append(0 if token == "[" else None)
        elif token in "]}":
            if keys:
                keys.pop()
        elif keys and isinstance(keys[-1], int):
            keys[-1] += 1
    return ()


@dataclass(frozen=True)
class FunctionTool:
    """An API client's function: the model may call it, the client runs it."""

    name: str
    description: str
    parameters: Mapping[str, Any]
    schema_as_given: ClassVar[bool] = True  # its JSON schema goes to the call grammar unchanged


@dataclass(frozen=True)
class Call:
    """One generation request from either API."""

    model: str
    turns: tuple[Turn, ...] = ()  # the conversation: user, assistant and tool turns (a call and its result)
    system: str | None = None  # the client's system prompt, when it gave one
    prompt: str | None = None  # /v1/completions: plain completion, no chat template
    sampling: Mapping[str, Any] = field(default_factory=dict)  # llorch Sampling fields the client set
    n: int = 1
    stream: bool = False
    include_usage: bool = False
    logprobs: bool = False
    top_logprobs: int = 0  # the most likely alternatives to report per token (0..20)
    schema: str | None = None  # JSON schema (text) the answer must follow
    tools: tuple[FunctionTool, ...] = ()
    tool_choice: str = "auto"  # "auto", "none", "required", or a tool's name
    priority: Priority = "interactive"  # the X-Llorch-Priority header: "bulk" lets interactive requests go first
    prefill: str = ""  # the answer's start, given (Anthropic: a last message of the assistant's): the model goes on


PRIORITY_HEADER = "X-Llorch-Priority"


def read_priority(value: str | None) -> Priority:
    """The request's X-Llorch-Priority header (absent: interactive), else a 400 that says what it accepts."""
    if value is None:
        return "interactive"
    word = value.strip().lower()
    for priority in PRIORITIES:
        if word == priority:
            return priority
    raise BadRequest(f"the {PRIORITY_HEADER} header is {value!r}; use {' or '.join(PRIORITIES)} "
                     "(bulk requests let interactive ones go first)", param=PRIORITY_HEADER)


class CallLog:
    """Builds a Call's turns from an API's messages: the assistant's calls are paired with the results
    that answer them (by id), in the one turn shape the prompt builder renders (chat/prompt.py)."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self._open: dict[str, int] = {}  # call id -> index of its turn, until a result comes
        self.system: list[str] = []

    def say(self, role: str, text: str) -> None:
        if role == "system":
            self.system.append(text)
        elif text:
            self.turns.append(Turn(role, text))

    def called(self, call_id: str, name: str, arguments: Mapping[str, Any]) -> None:
        """The assistant called a tool; until its result comes it stands as the call alone."""
        from llorch.tools.calls import ToolCall

        self._open[call_id] = len(self.turns)
        self.turns.append(Turn("assistant", ToolCall(name, arguments).to_json(), name, dict(arguments)))

    def answered(self, call_id: str, text: str) -> None:
        """A tool's result: it joins the call it answers (or, for an unknown id, the oldest one still open)."""
        at = self._open.pop(call_id, None)
        if at is None and self._open:
            at = self._open.pop(next(iter(self._open)))
        if at is None:
            self.turns.append(Turn("tool", text, "tool", {}, by_model=False))
            return
        call = self.turns[at]
        self.turns[at] = Turn("tool", text, call.name, call.arguments)

    def system_text(self) -> str | None:
        return "\n\n".join(self.system) if self.system else None

    def conversation(self) -> tuple[Turn, ...]:
        """The turns to answer; a conversation with none (only a system prompt, only empty text) is a BadRequest.
        (The conversation leaves out turns without text: a request of those alone would have no messages.)"""
        if not any(turn.content for turn in self.turns):
            raise BadRequest("'messages' holds nothing to answer: give a user message with some text", param="messages")
        return tuple(self.turns)


class Field:
    """Reads one body's fields; every problem names the field (`messages[2].content`)."""

    def __init__(self, body: Any, where: str = "") -> None:
        if not isinstance(body, dict):
            raise BadRequest(f"{where or 'the request body'} must be a JSON object", param=where or None)
        self.body = body
        self.where = where

    def _name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def get(self, key: str, kinds: type | tuple[type, ...], *, required: bool = False, what: str = "") -> Any:
        value = self.body.get(key)
        if value is None:
            if required:
                raise BadRequest(f"'{self._name(key)}' is required", param=self._name(key))
            return None
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _tuple(kinds))
        if not ok:
            raise BadRequest(f"'{self._name(key)}' must be {what or _kind_words(kinds)}, got {type(value).__name__}",
                             param=self._name(key))
        return value

    def number(self, key: str, low: float, high: float, *, integer: bool = False) -> Any:
        """An integer (or a finite number) from `low` to `high`; None when the body leaves it out."""
        value = self.body.get(key)
        if value is None:
            return None
        spec = FieldSpec(int if integer else float, minimum=low, maximum=high)
        try:
            return spec.check(value, self._name(key))
        except FieldError as exc:
            raise BadRequest(str(exc), param=self._name(key)) from None

    def child(self, key: str, index: int | None = None) -> Field:
        value = self.body.get(key) if index is None else self.body[key][index]
        return Field(value, self._name(key) + (f"[{index}]" if index is not None else ""))


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _kind_words(kinds: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "a boolean", list: "an array", dict: "an object"}
    return " or ".join(names.get(k, k.__name__) for k in _tuple(kinds))


def text_content(content: Any, param: str, *, parts: str = "text parts", sep: str = "") -> str:
    """A message's text: a string, or an array of text parts (`{"type": "text", "text": ...}`) joined by `sep`."""
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        raise BadRequest(f"'{param}' must be a string or an array of {parts}", param=param)
    out: list[str] = []
    for i, part in enumerate(content):
        p = Field(part, f"{param}[{i}]")
        kind = p.get("type", str, required=True)
        if kind != "text":
            raise BadRequest(f"'{param}[{i}].type' {kind!r} is not supported here (text only)", param=f"{param}[{i}].type")
        out.append(p.get("text", str, required=True))
    return sep.join(out)


def stop_list(f: Field, key: str) -> tuple[str, ...]:
    value = f.get(key, (str, list), what="a string or an array of strings")
    if value is None:
        return ()
    stops = [value] if isinstance(value, str) else value
    if not all(isinstance(s, str) and s for s in stops) or len(stops) > 16:
        raise BadRequest(f"'{f._name(key)}' must be up to 16 non-empty strings", param=f._name(key))
    return tuple(stops)


def sampling_fields(f: Field, floats: Sequence[tuple[str, float, float]], stop_key: str) -> dict[str, Any]:
    """The sampling fields both APIs share: `floats` (name, low, high), top_k, and the stop strings."""
    out: dict[str, Any] = {}
    for key, low, high in floats:
        value = f.number(key, low, high)
        if value is not None:
            out[key] = float(value)
    top_k = f.number("top_k", 0, 1 << 20, integer=True)
    if top_k is not None:
        out["top_k"] = top_k
    stops = stop_list(f, stop_key)
    if stops:
        out["stop"] = stops
    return out


def check_schema(schema: Any, param: str) -> str:
    """A JSON schema the grammar can be made from (an object), as text."""
    if not isinstance(schema, dict):
        raise BadRequest(f"'{param}' must be a JSON schema object", param=param)
    try:
        check_repeats(schema, f"'{param}'")
    except InputError as exc:
        raise BadRequest(str(exc), param=param) from None
    try:
        from llorch.engine.grammar import grammar_from_schema

        grammar_from_schema(json.dumps(schema))
    except Exception as exc:  # noqa: BLE001 - any schema the converter refuses is the client's to fix
        raise BadRequest(f"'{param}' cannot be enforced: {exc}", param=param) from None
    return json.dumps(schema)


def as_bad_request(exc: Exception) -> BadRequest:
    """llorch's error as the status and shape the APIs use."""
    from llorch.errors import (
        ContextOverflowError, InputError, LlorchError, MemoryBudgetError, ModelNotFoundError, ProfileNotFoundError,
    )

    if not isinstance(exc, LlorchError):
        return BadRequest(f"the answer failed: {exc}", status=500, kind="server_error")
    if isinstance(exc, (ModelNotFoundError, ProfileNotFoundError)):
        return BadRequest(str(exc), param="model", status=404, kind="invalid_request_error", code="model_not_found")
    if isinstance(exc, ContextOverflowError):
        return BadRequest(str(exc), param="messages", code="context_length_exceeded")
    if isinstance(exc, InputError):
        return BadRequest(str(exc))
    if isinstance(exc, MemoryBudgetError):
        return BadRequest(str(exc), status=503, kind="server_error", code="insufficient_memory")
    return BadRequest(str(exc), status=503, kind="server_error", code="model_unavailable")
