"""Modal screens: help, the session list, the model switcher, and the question before a change."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from llorch.chat.commands import help_text
from llorch.store.db import StoredSession
from llorch.tools.consent import Answer, WriteRequest

__all__ = ["ConsentScreen", "HelpScreen", "ModelScreen", "SessionsScreen"]

KEYS_HELP = """\
Enter        send            Ctrl+J       new line
Up / Down    prompt history  Escape       cancel the answer
Ctrl+N       new session     Ctrl+O       sessions (resume one)
Ctrl+T       switch model    F1           this help
Ctrl+Q       quit"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Keys", classes="title")
            yield Static(KEYS_HELP, markup=False)
            yield Label("Slash commands", classes="title")
            yield Static(help_text(), markup=False)
            yield Label("Escape closes this help.", classes="hint")


class SessionsScreen(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, sessions: list[StoredSession]) -> None:
        super().__init__()
        self._sessions = sessions

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Resume a session (Enter), Escape to close", classes="title")
            # Titles as written, not as markup: "What does [/INST] mean" crashed the app (MarkupError).
            options = [
                Option(
                    Content(f"#{s.id:<4} {time.strftime('%Y-%m-%d %H:%M', time.localtime(s.updated_at))}  "
                            f"{s.message_count:>3} msgs  {s.title or '(empty)'}"),
                    id=str(s.id),
                )
                for s in self._sessions
            ]
            yield OptionList(*options) if options else Static("No saved sessions yet.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class ModelScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    def __init__(self, current: str) -> None:
        super().__init__()
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Switch model: a path, an alias, qwen-1.5b, qwen-0.5b or hf:owner/repo", classes="title")
            yield Input(value=self._current, id="model-ref")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class ConsentScreen(ModalScreen[Answer]):
    """The model wants to change something (a calendar add, ...): y once, n (or Escape) not, a always
    for this tool for the rest of the session."""

    BINDINGS = [
        Binding("y", "answer('yes')", "Yes"),
        Binding("n,escape", "answer('no')", "No"),
        Binding("a", "answer('always')", "Always"),
    ]

    def __init__(self, request: WriteRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("The model wants to make a change", classes="title")
            yield Static(self.request.describe(), markup=False, id="consent-call")
            yield Label(f"y: allow it · n: refuse (Escape) · a: always allow {self.request.tool} in this session",
                        classes="hint", markup=False)

    def action_answer(self, answer: str) -> None:
        self.dismiss(Answer(answer))
