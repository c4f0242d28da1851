"""Sessions as Markdown or JSON documents."""

from __future__ import annotations

import json
import time

from llorch.errors import InputError
from llorch.store.db import Store

__all__ = ["FORMATS", "export_args", "export_session"]

FORMATS = ("md", "json")


def export_args(arg: str) -> tuple[str, str]:
    """`/export [md|json] [PATH]` as (format, path; "" for none): the format word in any case, else the path's
    suffix's (`/export chat.json` wrote Markdown into chat.json, and `/export JSON` a file named JSON)."""
    word, _, rest = arg.strip().partition(" ")
    if word.lower() in FORMATS:
        return word.lower(), rest.strip()
    path = arg.strip()
    return ("json" if path.lower().endswith(".json") else "md"), path


def export_session(store: Store, session_id: int, fmt: str) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{fmt}'; use md or json")
    session = store.get_session(session_id)
    messages = store.messages(session_id)
    if fmt == "json":
        return json.dumps(
            {
                "id": session.id,
                "title": session.title,
                "model": session.model,
                "profile": session.profile,
                "system_prompt": session.system_prompt,
                "created_at": session.created_at,
                "messages": [
                    {
                        "role": m.role,
                        "content": m.content,
                        "model": m.model,
                        "status": m.status,
                        "prompt_tokens": m.prompt_tokens,
                        "completion_tokens": m.completion_tokens,
                        "ttft_ms": m.ttft_ms,
                        "tg_tokens_per_s": m.tg_tokens_per_s,
                        "created_at": m.created_at,
                    }
                    for m in messages
                ],
            },
            indent=2,
            ensure_ascii=False,
        ) + "\n"
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(session.created_at))
    lines = [f"# {session.title or f'Session {session.id}'}", "", f"*Session {session.id} · {session.model} · {when}*", ""]
    if session.system_prompt:
        lines += ["**System:** " + session.system_prompt, ""]
    for m in messages:
        label = {"user": "You", "assistant": f"Assistant ({m.model})" if m.model else "Assistant"}.get(m.role, m.role)
        mark = "" if m.status == "complete" else f" *[{m.status}]*"
        lines += [f"## {label}{mark}", "", m.content, ""]
    return "\n".join(lines)
