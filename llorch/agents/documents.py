"""Documents given with a pipeline's task (`llorch agents run --file`): one task text that every agent reads.

Documents that fit the first agent's context are appended to the task as `llorch run` appends
them. Longer ones go through the runtime's overflow policy: truncated, refused, or read in parts
(Runtime.condense) and answered for the task once, so the agents work from that digest: each of
them adds its own notes and instructions to the task, and a task filling a whole context would
leave them no room.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import Any

from llorch.chat.events import Loading, Notice, TurnDone
from llorch.chat.longinput import Document, compose
from llorch.engine.types import PromptProgress
from llorch.errors import LlorchError

__all__ = ["task_with_documents"]


def task_with_documents(runtime: Any, task: str, documents: Sequence[Document], *, long: str | None,
                        profile: str | None) -> Generator[Any, None, str]:
    """The task the agents get for `task` about `documents`, under the overflow policy `long` (default
    config's limits.long), measured against `profile`'s model. Yields the runtime's events (Loading,
    Notice, Condensing, and the digest's own while it is answered); returns the task text."""
    whole = compose(task, documents)
    prompt = yield from runtime.condense(task, documents, long=long, profile=profile)
    if prompt == whole or (long or runtime.config.get("limits.long")) != "summarise":
        return prompt
    done: TurnDone | None = None
    for event in runtime.ask(prompt, profile=profile, tools=(), cache=False):
        if isinstance(event, TurnDone):
            done = event
        elif isinstance(event, (Loading, Notice, PromptProgress)):  # the digest is not the answer: no text shows
            yield event
    if done is None or done.error or done.status != "complete":
        raise LlorchError(f"the documents could not be read for the task: {done.error if done else 'no answer'}")
    return f"{task.strip()}\n\nWhat the documents say for this task (read in parts):\n{done.text.strip()}"
