"""The chat TUI. Model loading and generation run in worker threads; the screen never blocks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.notifications import SeverityLevel
from textual.widgets import Footer
from textual.worker import Worker

from llorch.chat.commands import COMMANDS, parse_command, split_tool_args
from llorch.chat.conversation import Conversation
from llorch.chat.events import Notice, Skipped, ToolEvent, TurnDone
from llorch.chat.export import export_args, export_session
from llorch.chat.longinput import Condensing
from llorch.chat.notes import condensing_line, cut_note, reading_line
from llorch.engine.types import PromptProgress, TokenEvent
from llorch.errors import LlorchError
from llorch.tools.consent import Answer, WriteRequest
from llorch.tui.screens import ConsentScreen, HelpScreen, ModelScreen, SessionsScreen
from llorch.tui.widgets import MessageView, PromptInput, StatusBar

__all__ = ["ChatApp"]


class ChatApp(App[int]):
    """`llorch chat` on a terminal."""

    CSS_PATH = "chat.tcss"
    TITLE = "llorch"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel answer"),
        Binding("ctrl+n", "new_session", "New"),
        Binding("ctrl+o", "sessions", "Sessions"),
        Binding("ctrl+t", "switch_model", "Model"),
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, conversation: Conversation, *, export_dir: Path | None = None, note: str | None = None,
                 math: bool = True) -> None:
        """`math`: answers' LaTeX math shown as text (config ui.math)."""
        super().__init__()
        self._note = note
        self._math = math
        self._stop_health = threading.Event()
        self.conv = conversation
        self.export_dir = export_dir or Path.cwd()
        self.generating = False
        self.model_state = "loading"  # loading | ready | failed
        self._answering: Worker[None] | None = None  # the answer's worker, until it has ended
        self._then: Callable[[], object] | None = None  # a switch asked for during an answer, made once it has ended

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="log")
        yield PromptInput(history=[m.content for m in self.conv.history() if m.role == "user"], id="prompt")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptInput).focus()
        self._render_history()
        self._refresh_status()
        if self._note:
            self.notify(self._note, title="Profile", timeout=12)
        fallback = self.conv.fallback
        if fallback is not None and fallback.book is not None and fallback.book.config.half_open_probes == 1:
            fallback.watch(self.conv.chain, self._stop_health)  # probes recovering models in the background
        if self.conv.toolbox is not None:
            self.conv.toolbox.consent.ask = self._ask_consent  # the model's changes are put to the user here
        self._load_model(self.conv.model_ref, switching=False)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A notice, as plain text by default: names and errors carry what users and models wrote
        (`/model x[/y]`'s "model 'x[/y]' not found" crashed the app as markup)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # --- rendering ------------------------------------------------------------

    def _render_history(self) -> None:
        log = self.query_one("#log", VerticalScroll)
        log.remove_children()
        views = [
            MessageView(m.role, m.content, status=m.status, title=_tool_title(m.meta) if m.role == "tool" else "",
                        reason=_error_reason(m.meta) if m.status == "error" else "",
                        math=self._math and m.role == "assistant")
            for m in self.conv.history()
            if m.role in ("user", "assistant", "tool")
        ]
        if views:
            log.mount_all(views)
        log.scroll_end(animate=False)

    def _refresh_status(self, state: str = "") -> None:
        c = self.conv.last_completion
        n_ctx = self.conv.info().n_ctx if self.conv.loaded else 0
        kv = self.conv.worker().stats().kv if self.conv.loaded else None
        label = {"loading": f"loading {self.conv.model_ref}…", "failed": "no model"}.get(self.model_state, "")
        self.query_one(StatusBar).show(
            model=self.conv.model_ref,
            profile=self.conv.profile_name,
            ctx_used=self.conv.context_used,
            n_ctx=n_ctx,
            tg=c.timings.tg_tokens_per_s if c else 0.0,
            ttft=c.timings.ttft_ms if c else 0.0,
            session=self.conv.session_id,
            state=state or label,
            switch_ms=self.conv.last_switch_ms,
            kv_hit=kv.hit_rate if kv is not None and kv.prompted else None,
        )

    # --- model loading --------------------------------------------------------

    @work(thread=True, exclusive=True, group="model")
    def _load_model(self, ref: str, switching: bool) -> None:
        self.call_from_thread(self._set_model_state, "loading")
        try:
            if switching:
                self.conv.switch_model(ref)
            else:
                self.conv.worker()
            self.conv.warm()  # the system prompt goes into the KV cache while the user types
        except LlorchError as exc:
            self.call_from_thread(self._set_model_state, "failed")
            self.call_from_thread(self.notify, str(exc), title="Model", severity="error", timeout=10)
            return
        self.call_from_thread(self._set_model_state, "ready")
        if switching:
            self.call_from_thread(self.notify, f"Now answering with {ref}", title="Model")

    def _set_model_state(self, state: str) -> None:
        self.model_state = state
        self._refresh_status()

    # --- sending --------------------------------------------------------------

    async def on_prompt_input_submitted(self, message: PromptInput.Submitted) -> None:
        command = parse_command(message.text)
        if command is not None:
            await self._run_command(command.name, command.arg)
            return
        if self.generating or self._then is not None:
            self.notify("An answer is in progress; press Escape to cancel it.", severity="warning")
            return
        await self._start_turn(message.text, retry=False)

    async def _start_turn(self, text: str, *, retry: bool) -> None:
        log = self.query_one("#log", VerticalScroll)
        if not retry:
            await log.mount(MessageView("user", text))
        view = MessageView("assistant", math=self._math)
        await log.mount(view)
        log.scroll_end(animate=False)
        self.generating = True
        self._refresh_status("answering…")
        self._answering = self._generate(text, retry, view)

    @work(thread=True, exclusive=True, group="generate")
    def _generate(self, text: str, retry: bool, view: MessageView) -> None:
        try:
            events = self.conv.retry() if retry else self.conv.send(text)
            reading = False
            for event in events:
                if isinstance(event, TokenEvent):
                    if reading:
                        reading = False
                        self.call_from_thread(self._refresh_status, "answering…")
                    if event.text:
                        self.call_from_thread(self._append, view, event.text)  # type: ignore[arg-type]
                elif isinstance(event, PromptProgress):
                    reading = True
                    self.call_from_thread(self._refresh_status, reading_line(event))
                elif isinstance(event, Condensing):  # a long message read in parts
                    reading = True
                    self.call_from_thread(self._refresh_status, condensing_line(event))
                elif isinstance(event, Notice):
                    self.call_from_thread(self.notify, event.text, title="Note", timeout=8)
                elif isinstance(event, ToolEvent):
                    self.call_from_thread(self._show_tool, event, view)  # type: ignore[arg-type]
                elif isinstance(event, Skipped):
                    if event.partial:
                        self.call_from_thread(view.finish, "complete", "")
                    self.call_from_thread(
                        self.notify, f"{event.model} could not answer ({event.reason}); trying the next source",
                        title="Fallback", severity="warning", timeout=8,
                    )
                elif isinstance(event, TurnDone):
                    self.call_from_thread(self._finish, view, event)
        except LlorchError as exc:
            self.call_from_thread(self._finish, view, TurnDone(0, "error", view.text, None, str(exc)))

    async def _show_tool(self, event: ToolEvent, before: MessageView | None = None) -> None:
        """A tool call, shown where it happened: above the answer it feeds."""
        log = self.query_one("#log", VerticalScroll)
        title = f"Tool {event.name}" + ("" if event.by_model else " (by you)")
        await log.mount(MessageView("tool", event.text, title=title), before=before)
        log.scroll_end(animate=False)

    async def _append(self, view: MessageView, text: str) -> None:
        await view.append(text)
        self.query_one("#log", VerticalScroll).scroll_end(animate=False)

    def _finish(self, view: MessageView, done: TurnDone) -> None:
        view.finish(done.status, done.text, done.error if done.status == "error" else None)
        if done.source is not None and done.source.fallback:
            view.set_source(done.source.label())
        if done.consensus is not None:
            view.set_source(done.consensus.summary())
        self.generating = False
        if done.error:
            self.notify(done.error, title="Error", severity="error", timeout=10)
        note = cut_note(done.completion) if done.source is not None and done.source.kind == "model" else None
        if note:
            self.notify(note, title="Note", severity="warning", timeout=10)
        self._refresh_status()

    def _ask_consent(self, request: WriteRequest) -> Answer:
        """Put the model's change to the user in a dialog. Called on the answer's thread, which waits
        for the key (y / n / a); closing the app answers no."""
        answered = threading.Event()
        said: list[Answer] = []

        def done(answer: Answer | None) -> None:
            said.append(answer or Answer.NO)
            answered.set()

        self.call_from_thread(self.push_screen, ConsentScreen(request), done)
        while not answered.wait(0.05):
            if self._stop_health.is_set():
                return Answer.NO
        return said[0]

    # --- actions --------------------------------------------------------------

    def action_cancel(self) -> None:
        if self.generating:
            self.conv.cancel()

    def _when_idle(self, switch: Callable[[], object]) -> None:
        """Make `switch` (another session, another model) now, or during an answer: stop the answer and make it
        once the answer's worker has ended, its answer stored as cancelled. (Switching under the answer removed
        the view it streamed to: NoMatches, the app died, and the answer was never stored.) Never waits here:
        the answer may itself wait for the user (a consent dialog)."""
        if self._answering is None:
            switch()
            return
        self._then = switch  # the last one asked for
        self.conv.cancel()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._answering or not event.worker.is_finished:
            return
        self._answering = None
        then, self._then = self._then, None
        if then is not None:
            then()

    def action_new_session(self) -> None:
        self._when_idle(self._new_session)

    def _new_session(self) -> None:
        self.conv.new_session()
        self._render_history()
        self._refresh_status()
        self.notify(f"New session #{self.conv.session_id}")

    def action_sessions(self) -> None:
        def resume(session_id: int | None) -> None:
            if session_id:
                self._when_idle(lambda: self._resume(session_id))

        self.push_screen(SessionsScreen(self.conv.store.list_sessions()), resume)

    def _resume(self, session_id: int) -> None:
        self.conv.resume(session_id)
        self._render_history()
        self._refresh_status()
        self.notify(f"Resumed session #{session_id}")

    def action_switch_model(self) -> None:
        def switch(ref: str | None) -> None:
            if ref and ref != self.conv.model_ref:
                self._when_idle(lambda: self._load_model(ref, switching=True))

        self.push_screen(ModelScreen(self.conv.model_ref), switch)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def _run_command(self, name: str, arg: str) -> None:
        if name not in COMMANDS:
            self.notify(f"Unknown command /{name}; /help lists the commands.", severity="warning")
        elif name == "help":
            self.action_help()
        elif name == "model":
            if arg:
                self._when_idle(lambda: self._load_model(arg, switching=True))
            else:
                self.action_switch_model()
        elif name == "system":
            self.conv.set_system(arg)
            self.notify("System prompt set." if arg else "System prompt cleared.")
        elif name == "clear":
            self.action_new_session()
        elif name == "retry":
            if self.generating or self._then is not None:
                self.notify("An answer is in progress.", severity="warning")
                return
            history = self.conv.history()
            if not any(m.role == "user" for m in history):
                self.notify("Nothing to retry yet.", severity="warning")
                return
            # Drop the old answer's view; the conversation replaces it in the store.
            views = list(self.query(MessageView))
            if views and views[-1].role == "assistant":
                await views[-1].remove()
            await self._start_turn("", retry=True)
        elif name == "sessions":
            self.action_sessions()
        elif name == "export":
            self._export(arg)
        elif name == "profile":
            if not arg:
                self.notify(f"Profile {self.conv.profile_name or '–'}; /profile NAME switches.", title="Profile")
            elif self.generating:
                self.notify("An answer is in progress; switch when it is done.", severity="warning")
            else:
                self._switch_profile(arg)
        elif name == "consensus":
            try:
                self.notify(self.conv.set_consensus(arg), title="Consensus")
            except LlorchError as exc:
                self.notify(str(exc), title="Consensus", severity="error")
        elif name == "set":
            try:
                self.notify(self.conv.set_sampling(arg), title="Sampling")
            except LlorchError as exc:
                self.notify(str(exc), title="Sampling", severity="error")
        elif name == "tool":
            if not arg:
                self.notify("Tools: " + (", ".join(self.conv.tool_names()) or "none in this profile"), title="Tools")
            else:
                self._run_tool(arg)

    @work(thread=True, exclusive=True, group="model")
    def _switch_profile(self, name: str) -> None:
        self.call_from_thread(self._refresh_status, f"switching to {name}…")
        try:
            report = self.conv.switch_profile(name)
        except LlorchError as exc:
            self.call_from_thread(self.notify, str(exc), title="Profile", severity="error", timeout=10)
            self.call_from_thread(self._refresh_status)
            return
        self.call_from_thread(self._set_model_state, "ready")
        text = f"Profile {report.profile}: {report.model}, switched in {report.ms:.0f} ms"
        if report.note:
            text += f"\n{report.note}"
        self.call_from_thread(self.notify, text, title="Profile", timeout=10)
        self.conv.preload()

    @work(thread=True, group="tool")
    def _run_tool(self, arg: str) -> None:
        try:
            name, words = split_tool_args(arg)
            result = self.conv.run_tool_words(name, words)
        except LlorchError as exc:
            self.call_from_thread(self.notify, str(exc), title="Tool", severity="error", timeout=10)
            return
        self.call_from_thread(self._show_tool, ToolEvent(name, {}, result.text, by_model=False))  # type: ignore[arg-type]

    def _export(self, arg: str) -> None:
        fmt, rest = export_args(arg)
        path = Path(rest).expanduser() if rest else self.export_dir / f"llorch-session-{self.conv.session_id}.{fmt}"
        try:
            path.write_text(export_session(self.conv.store, self.conv.session_id, fmt), encoding="utf-8")
        except OSError as exc:
            from llorch.userfiles import write_failure

            self.notify(f"Could not write {path}: {write_failure(exc)}", severity="error")
            return
        except LlorchError as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(f"Saved to {path}")

    def on_unmount(self) -> None:
        self._stop_health.set()
        if self.conv.toolbox is not None and self.conv.toolbox.consent.ask == self._ask_consent:
            self.conv.toolbox.consent.ask = None
        self.conv.cancel()



def _error_reason(meta: str) -> str:
    """Why a stored answer failed (meta["error"]), for its [error] label."""
    import json

    try:
        data = json.loads(meta) if meta else {}
    except json.JSONDecodeError:
        return ""
    reason = data.get("error", "") if isinstance(data, dict) else ""
    return reason if isinstance(reason, str) else ""


def _tool_title(meta: str) -> str:
    import json

    try:
        data = json.loads(meta) if meta else {}
    except json.JSONDecodeError:
        data = {}
    name = data.get("name", "") if isinstance(data, dict) else ""
    by_model = data.get("by_model", True) if isinstance(data, dict) else True
    return f"Tool {name}" + ("" if by_model else " (by you)") if name else "Tool"
