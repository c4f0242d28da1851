"""A session's stored messages as the turns the model sees (chat/prompt.Turn), and the meta a message carries.

What the store keeps is everything said; what the model reads of it leaves out failed and unanswered messages,
calls nobody asked for, and a long text a tool has just read whole (the tool's result answers it).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from llorch.chat.prompt import Turn
from llorch.store.db import StoredMessage
from llorch.tools.exact import READ_WHOLE

__all__ = ["meta_of", "tool_read", "turns_of"]


def turns_of(history: list[StoredMessage]) -> list[Turn]:
    """What the model sees of the history, as turns for the prompt builder (chat/prompt.py)."""
    out: list[Turn] = []
    for i, m in enumerate(history):
        if m.status == "error" or not m.content:
            continue
        meta = meta_of(m)
        if m.role == "user" and not meta.get("given") and _unanswered(history, i):
            continue  # e.g. a message too long for the context: it failed, so it stays out for good
        if m.role == "tool":
            if meta.get("refused") == "unasked":
                continue  # a call nobody asked for: the instruct starter copied it, or its refusal, as its answer
            # A refused call is shown only as why (by_model False: no call JSON for a small model to copy).
            by_model = bool(meta.get("by_model", True)) and not meta.get("refused")
            out.append(Turn("tool", m.content, str(meta.get("name", "")), meta.get("arguments") or {}, by_model,
                            bool(meta.get("exact")), bool(meta.get("no")), bool(meta.get("plainly")),
                            _figure(meta) if meta.get("exact") else ""))
        elif m.role in ("user", "assistant"):
            out.append(Turn(m.role, m.content))
    return out


def _unanswered(history: list[StoredMessage], i: int) -> bool:
    """Whether the user message at `i` never got an answer (its answer failed, was cancelled before its first
    word, or another question followed it). The last message, the one being answered, is never left out.
    (A question cancelled unanswered stayed in: asked "Say hi" next, the 0.5B answered the old question.)"""
    for later in history[i + 1 :]:
        if later.role == "tool":
            continue
        return later.role == "user" or (later.role == "assistant" and (
            later.status == "error" or (later.status == "cancelled" and not later.content.strip())))
    return False


def _figure(meta: Mapping[str, Any]) -> str:
    """An exact math step's result grouped in thousands ("43,750") where it is one whole number of five digits or
    more, shown as the tool said it (not a hex or Roman form, not a factorisation); else ""."""
    data = meta.get("data")
    if meta.get("name") != "math" or not isinstance(data, Mapping):
        return ""
    value = data.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or not 10_000 <= abs(value) < 10**30 \
            or data.get("result") != str(value) or "factors" in data or "base" in data:
        return ""
    return f"{value:,}"


def meta_of(message: StoredMessage) -> dict[str, Any]:
    """A stored message's meta (its JSON object), or {} when it has none or it does not read."""
    try:
        data = json.loads(message.meta) if message.meta else {}
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


_READ_SHOWN = 2000  # characters of a text a tool read whole that the model is shown in full


def tool_read(turns: list[Turn]) -> list[Turn]:
    """`turns`, with a long text a tool has just read whole (count, validate, ...: tools/exact.READ_WHOLE) left out
    of the message being answered: the tool's result answers it, and a file piped for its word count need not fit
    the context (later turns see the message whole, as it was sent)."""
    if len(turns) < 2 or turns[-2].role != "user" or not (turns[-1].exact and turns[-1].name in READ_WHOLE):
        return turns
    body = str(turns[-1].arguments.get("text", ""))
    if len(body) <= _READ_SHOWN or body not in turns[-2].content:
        return turns
    shown = turns[-2].content.replace(body, f"[the text: {len(body):,} characters, left out here; the "
                                            f"{turns[-1].name} tool read it]", 1)
    return [*turns[:-2], dataclasses.replace(turns[-2], content=shown), turns[-1]]
