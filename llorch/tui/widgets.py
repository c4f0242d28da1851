"""Widgets for the chat screen: messages, the prompt box with history, the status bar."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Markdown, Static, TextArea

__all__ = ["MessageView", "PromptInput", "StatusBar"]


class MessageView(Vertical):
    """One message: a role label and Markdown content that can grow as it streams."""

    def __init__(self, role: str, content: str = "", *, status: str = "complete", title: str = "",
                 reason: str = "", math: bool = False) -> None:
        """`math`: LaTeX math in the text shown as text (chat.mathtext); `text` stays what was written."""
        from llorch.chat.mathtext import MathText

        super().__init__(classes=f"message {role}" + ("" if status == "complete" else f" {status}"))
        self.role = role
        self.text = content
        self._math = MathText() if math else None
        self._status = status
        self._title = title
        self._source = ""
        self.reason = reason  # why an answer failed, shown beside [error]

    def compose(self) -> ComposeResult:
        yield Label(self._label(), classes="role", markup=False)
        yield Markdown(self._shown(self.text), classes="content")

    def _shown(self, text: str) -> str:
        from llorch.chat.mathtext import plain_math

        return plain_math(text) if self._math is not None else text

    def _label(self) -> str:
        name = self._title or {"user": "You", "assistant": "Assistant", "system": "System", "tool": "Tool"}.get(self.role, self.role)
        name = f"{name} · {self._source}" if self._source else name
        if self._status == "complete":
            return name
        return f"{name} [{self._status}: {self.reason}]" if self.reason else f"{name} [{self._status}]"

    def set_source(self, label: str) -> None:
        """Say where the answer came from when it was not the first-choice model."""
        self._source = label
        self.query_one(Label).update(self._label())

    def append(self, fragment: str) -> AwaitComplete:
        self.text += fragment
        # A math span is shown once it has ended (MathText holds it until then).
        return self.query_one(Markdown).append(self._math.feed(fragment) if self._math is not None else fragment)

    def finish(self, status: str, text: str | None = None, reason: str | None = None) -> None:
        self._status = status
        if reason is not None:
            self.reason = reason
        self.query_one(Label).update(self._label())
        if self._math is not None:  # shown again whole when the stream still held a span, or the text is new
            held = self._math.close()
            if held or (text is not None and text != self.text):
                self.text = self.text if text is None else text
                self.query_one(Markdown).update(self._shown(self.text))
        elif text is not None and text != self.text:
            self.text = text
            self.query_one(Markdown).update(text)
        if status != "complete":
            self.add_class(status)


class PromptInput(TextArea):
    """The prompt: Enter sends, Ctrl+J (or Alt+Enter) starts a new line, Up/Down walk history."""

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, history: list[str] | None = None, **kwargs: object) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, **kwargs)  # type: ignore[arg-type]
        self.prompt_history: list[str] = list(history or [])
        self._pos = len(self.prompt_history)
        self._draft = ""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            text = self.text.strip()
            if text:
                if not self.prompt_history or self.prompt_history[-1] != text:
                    self.prompt_history.append(text)
                self._pos = len(self.prompt_history)
                self.clear()
                self.post_message(self.Submitted(text))
            return
        if event.key in ("ctrl+j", "alt+enter", "shift+enter"):
            event.prevent_default()
            event.stop()
            self.insert("\n")
            return
        await super()._on_key(event)

    def action_cursor_up(self, select: bool = False) -> None:
        # On the first line, Up walks back through earlier prompts instead.
        if select or self.cursor_location[0] != 0 or not self.prompt_history:
            super().action_cursor_up(select)
            return
        if self._pos == len(self.prompt_history):
            self._draft = self.text
        if self._pos > 0:
            self._pos -= 1
            self._show(self.prompt_history[self._pos])

    def action_cursor_down(self, select: bool = False) -> None:
        last_line = self.cursor_location[0] == self.document.line_count - 1
        if select or not last_line or self._pos >= len(self.prompt_history):
            super().action_cursor_down(select)
            return
        self._pos += 1
        self._show(self.prompt_history[self._pos] if self._pos < len(self.prompt_history) else self._draft)

    def _show(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)


class StatusBar(Static):
    """Model, profile, context use and the last answer's speed."""

    def show(self, *, model: str, profile: str, ctx_used: int, n_ctx: int, tg: float, ttft: float, session: int,
             state: str = "", switch_ms: float | None = None, kv_hit: float | None = None) -> None:
        speed = f"{tg:.1f} tok/s · ttft {ttft:.0f} ms" if tg else "– tok/s"
        ctx = f"ctx {ctx_used:,}/{n_ctx:,}" if n_ctx else "ctx –"
        if kv_hit is not None:
            ctx += f" · kv hit {kv_hit:.0%}"
        switched = f" (switch {switch_ms:.0f} ms)" if switch_ms is not None else ""
        parts = [model, f"profile {profile or '–'}{switched}", ctx, speed, f"session #{session}"]
        if state:
            parts.insert(0, state)
        # As written, not as markup: a model or state like "loading x[/y]…" crashed the app (MarkupError).
        self.update(Content(" · ".join(parts)))
