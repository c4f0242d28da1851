"""`llorch top`: a live view of every running llorch process, refreshed every second.

Reading runs in a worker thread (a store that is busy must not freeze the screen), as do
the keys' operations; both go through a Monitor (llorch/monitor.py), which reads files
only and changes things the ways every llorch process already listens on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Label, Sparkline, Static
from textual.widgets.data_table import CellDoesNotExist

from llorch.errors import LlorchError
from llorch.monitor import (
    BREAKER_COLUMNS, MODEL_COLUMNS, PROCESS_COLUMNS, REQUEST_COLUMNS, ModelView, Monitor, TopView, breaker_cells,
    model_cells, process_cells, request_cells,
)

__all__ = ["TopApp"]

RECENT_ROWS = 10
EMPTY = "No llorch process is running: start a chat, a bulk run or `llorch serve`; it shows up here."


class TopApp(App[None]):
    """The live view; `shown` counts the views drawn, `view` is the last one and `said` what it told the user."""

    TITLE = "llorch top"
    CSS = """
    Screen { layout: vertical; }
    #summary { height: 1; padding: 0 1; background: $boost; }
    #empty { padding: 1 2; color: $text-muted; }
    .title { text-style: bold; color: $accent; padding: 0 1; margin-top: 1; }
    DataTable { height: auto; max-height: 12; }
    #rate { height: 3; padding: 0 1; }
    #rate-label { width: 48; height: 3; }
    #spark { height: 3; width: 1fr; }
    """
    BINDINGS = [
        Binding("o", "open_breaker", "Open breaker"),
        Binding("c", "close_breaker", "Close breaker"),
        Binding("u", "unload", "Unload model"),
        Binding("r", "refresh", "Refresh"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, monitor: Monitor, *, interval: float = 1.0) -> None:
        super().__init__()
        self.monitor = monitor
        self.interval = interval
        self.view: TopView | None = None
        self.shown = 0
        self._models: list[ModelView] = []  # the models table's rows, in order
        self._breakers: list[str] = []
        self._pending: dict[str, str] = {}  # unload requests sent, by id, until their process answers
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        # Model names and errors as written, not as markup (a model "x[/y]" crashed the app: MarkupError).
        yield Static(id="summary", markup=False)
        yield Static(EMPTY, id="empty")
        yield Label("Models", classes="title")
        yield DataTable(id="models", cursor_type="row")
        with Horizontal(id="rate"):
            yield Static(id="rate-label", markup=False)
            yield Sparkline([], id="spark")
        yield Label("Processes", classes="title")
        yield DataTable(id="processes", cursor_type="none")
        yield Label("Breakers", classes="title")
        yield DataTable(id="breakers", cursor_type="row")
        yield Label("Last requests", classes="title")
        yield DataTable(id="recent", cursor_type="none")
        yield Footer()

    def on_mount(self) -> None:
        for table_id, columns in (("#models", MODEL_COLUMNS), ("#processes", PROCESS_COLUMNS),
                                  ("#breakers", BREAKER_COLUMNS), ("#recent", REQUEST_COLUMNS)):
            self.query_one(table_id, DataTable).add_columns(*columns)
        self.query_one("#models", DataTable).focus()
        self.action_refresh()
        self.set_interval(self.interval, self.action_refresh)

    # --- reading ----------------------------------------------------------------------

    def action_refresh(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="read")
    def _read(self) -> None:
        try:
            view = self.monitor.read()
        except (LlorchError, OSError) as exc:
            self.call_from_thread(self._say, f"cannot read the running processes: {exc}", "error")
            return
        self.call_from_thread(self._show, view)

    def _show(self, view: TopView) -> None:
        if self.view is not None and view.at < self.view.at:
            return  # an older read that finished late
        self.view = view
        busy = sum(m.tokens_per_s for m in view.models)
        not_closed = [b for b in view.breakers if b.state != "closed"]
        summary = (f"{len(view.processes)} process(es) · {len(view.models)} model(s) · {busy:.1f} tok/s · "
                   f"{len(not_closed)} breaker(s) not closed · {time.strftime('%H:%M:%S', time.localtime(view.at))}")
        if view.breaker_error:
            summary += f" · breakers unknown: {view.breaker_error}"
        self.query_one("#summary", Static).update(summary)
        self.query_one("#empty", Static).display = not view.processes
        self._models = list(view.models)
        _fill(self.query_one("#models", DataTable), [model_cells(m) for m in self._models],
              [f"{m.pid}:{m.model}" for m in self._models])
        _fill(self.query_one("#processes", DataTable), [process_cells(p, view.at) for p in view.processes],
              [str(p.pid) for p in view.processes])
        self._breakers = [b.model for b in view.breakers]
        _fill(self.query_one("#breakers", DataTable), [breaker_cells(b) for b in view.breakers], self._breakers)
        recent = view.recent[:RECENT_ROWS]
        _fill(self.query_one("#recent", DataTable), [request_cells(r, view.at) for r in recent],
              [f"{r.pid}:{r.model}:{r.at}:{i}" for i, r in enumerate(recent)])
        self._show_rate()
        self._answers(view)
        self.shown += 1

    def _show_rate(self) -> None:
        table = self.query_one("#models", DataTable)
        label, spark = self.query_one("#rate-label", Static), self.query_one("#spark", Sparkline)
        if not self._models:
            label.update("tokens/s: nothing loaded")
            spark.data = []
            return
        m = self._models[min(max(table.cursor_row, 0), len(self._models) - 1)]
        peak = max(m.history, default=m.tokens_per_s)
        label.update(f"tokens/s, last minute\n{m.model} (pid {m.pid})\nnow {m.tokens_per_s:.1f} · peak {peak:.1f}")
        spark.data = list(m.history) or [m.tokens_per_s]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "models":
            self._show_rate()

    def _answers(self, view: TopView) -> None:
        """Say what became of the unload requests sent (the owning process publishes its answers)."""
        running = {p.pid for p in view.processes}
        for p in view.processes:
            for answer in p.answers:
                asked = self._pending.pop(str(answer.get("id")), None)
                if asked is not None:
                    self._say(str(answer.get("message", asked)), "information" if answer.get("ok") else "warning")
        for request_id, asked in list(self._pending.items()):
            if int(asked.split(":", 1)[0]) not in running:
                del self._pending[request_id]
                self._say(f"process {asked.split(':', 1)[0]} ended before it answered", "warning")

    def _say(self, message: str, severity: str = "information") -> None:
        self.said.append(message)
        self.notify(message, severity=severity, markup=False)  # type: ignore[arg-type]

    # --- keys -------------------------------------------------------------------------

    def _selected_model(self) -> str | None:
        """The model under the cursor of the breakers table when it has the focus, else of the models table."""
        breakers = self.query_one("#breakers", DataTable)
        if self.focused is breakers and self._breakers:
            return self._breakers[min(breakers.cursor_row, len(self._breakers) - 1)]
        selected = self._selected_row()
        return selected.model if selected is not None else None

    def _selected_row(self) -> ModelView | None:
        if not self._models:
            return None
        return self._models[min(max(self.query_one("#models", DataTable).cursor_row, 0), len(self._models) - 1)]

    def action_open_breaker(self) -> None:
        model = self._selected_model()
        if model is None:
            self._say("no model selected", "warning")
            return
        self._act(lambda: self.monitor.open_breaker(model), f"{model}: breaker forced open until you close it (c)")

    def action_close_breaker(self) -> None:
        model = self._selected_model()
        if model is None:
            self._say("no model selected", "warning")
            return
        self._act(lambda: self.monitor.close_breaker(model), f"{model}: breaker closed")

    def action_unload(self) -> None:
        row = self._selected_row()
        if row is None:
            self._say("no model is loaded", "warning")
            return

        def ask() -> None:
            self._pending[self.monitor.unload(row.pid, row.model)] = f"{row.pid}:{row.model}"

        self._act(ask, f"asked process {row.pid} to unload {row.model}")

    @work(thread=True, group="act")
    def _act(self, operation: Callable[[], None], done: str) -> None:
        try:
            operation()
        except (LlorchError, OSError) as exc:
            self.call_from_thread(self._say, str(exc), "error")
            return
        self.call_from_thread(self._say, done)
        self.call_from_thread(self.action_refresh)


def _fill(table: DataTable[Any], rows: list[tuple[str, ...]], keys: list[str]) -> None:
    """Replace a table's rows, keeping the cursor on the same row (by key) where it still is. Cells are shown
    as written: DataTable reads a string cell as markup."""
    keep = None
    if table.row_count and table.cursor_row >= 0:
        try:
            keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            keep = None
    table.clear()
    for cells, key in zip(rows, keys):
        table.add_row(*(Text(cell) for cell in cells), key=key)
    if keep in keys:
        table.move_cursor(row=keys.index(keep), animate=False)
