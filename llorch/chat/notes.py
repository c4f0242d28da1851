"""Words for the user about how an answer is going: a long prompt being read, an answer cut short.

Every front end (`llorch run`, line mode, the TUI) says these the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from llorch.engine.types import Completion, PromptProgress

if TYPE_CHECKING:
    from llorch.chat.longinput import Condensing

__all__ = ["condensing_line", "cut_note", "reading_line"]


def reading_line(progress: PromptProgress) -> str:
    """`reading prompt 4,096/12,900 tokens`."""
    return f"reading prompt {progress.done:,}/{progress.total:,} tokens"


def condensing_line(event: Condensing, width: int = 24) -> str:
    """A long input's progress as a bar: `Reading in parts ━━━━━━╺━━━━ 3/12` (level 0), then `Combining
    answers (level 1) …` while the parts' answers are combined."""
    done = min(event.done, event.total)
    filled = width * done // max(event.total, 1)
    bar = "━" * filled + ("╺" if filled < width else "") + "─" * max(width - filled - 1, 0)
    what = "Reading the input in parts" if event.level == 0 else f"Combining the answers (level {event.level})"
    return f"{what} {bar} {done}/{event.total}"


def cut_note(
    completion: Completion | None,
    *,
    max_tokens_hint: str = "sampling.max_tokens",
    ctx_hint: str = "--ctx-size / engine.n_ctx",
) -> str | None:
    """One line for an answer the token limit or a full context cut short; None when it ended by itself.

    The hints name what raises the limit in this front end (a flag, a setting)."""
    if completion is None:
        return None
    n = completion.usage.completion_tokens
    if completion.finish_reason == "length":
        return f"the answer was cut at {n:,} tokens ({max_tokens_hint})"
    if completion.finish_reason == "context":
        total = completion.usage.total_tokens
        return f"the answer was cut at {n:,} tokens: the context is full at {total:,} tokens ({ctx_hint})"
    return None
