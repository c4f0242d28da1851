"""`llorch top` driven by Textual's Pilot, on the state a real Runtime (fake engine, real store) publishes:
what it shows, and its keys' operations as the running process and the breaker book see them."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from support import wait_until
from textual.widgets import DataTable, Sparkline, Static

from llorch.config import load_config, resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.monitor import Monitor
from llorch.resilience.book import BreakerBook
from llorch.resilience.breaker import BreakerState
from llorch.runtime import Runtime
from llorch.tui.top import EMPTY, TopApp


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")  # resolved as a path; the scripted backend stands in for it
    return f


def runtime(backend: FakeBackend) -> Runtime:
    paths = resolve_paths()
    return Runtime(paths, load_config(paths), open_model=lambda path, options, name: backend)


@pytest.fixture
def rt(model_file: Path) -> Iterator[Runtime]:
    """A long-running process (here, this one) with a model loaded and one request answered."""
    r = runtime(FakeBackend(["one two three four"] * 10, name="m"))
    r.start_housekeeping(command="llorch chat")
    list(r.ask("hi", model=str(model_file)))
    r.housekeep()
    yield r
    r.close()


def app_of() -> TopApp:
    paths = resolve_paths()
    return TopApp(Monitor(paths, load_config(paths)), interval=3600)  # the tests refresh by hand ("r")


def run(app: TopApp, coro: Coroutine[Any, Any, None]) -> None:
    try:
        asyncio.run(coro)
    finally:
        app.monitor.close()


def rows(app: TopApp, table: str) -> list[list[str]]:
    t = app.query_one(f"#{table}", DataTable)
    return [[str(c) for c in t.get_row_at(i)] for i in range(t.row_count)]


async def refresh(app: TopApp, pilot: Any) -> None:
    shown = app.shown
    await pilot.press("r")
    await wait_until(pilot, lambda: app.shown > shown)


def test_it_shows_the_processes_models_rate_breakers_and_last_requests(rt: Runtime, model_file: Path) -> None:
    model = str(model_file)
    app = app_of()

    async def go() -> None:
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_until(pilot, lambda: app.shown >= 1)
            assert not app.query_one("#empty", Static).display
            ((pid, command, _up, _memory, n_models),) = rows(app, "processes")
            assert (pid, command, n_models) == (str(os.getpid()), "llorch chat", "1")
            ((name, model_pid, instances, slots, queue, *_rest, breaker, unloads),) = rows(app, "models")
            assert (name, model_pid, instances, slots, queue, breaker) == (model, str(os.getpid()), "1", "0/1", "0", "closed")
            assert unloads.endswith(("s", "min"))  # counting down to its keep-alive
            ((ended, req_pid, req_model, ttft, speed, _in, out, end),) = rows(app, "recent")
            assert (req_pid, req_model, ttft, out, end) == (str(os.getpid()), model, "1 ms", "4", "stop")
            assert ended.endswith("s ago") and float(speed) > 0
            assert [r[:2] for r in rows(app, "breakers")] == [[model, "closed"]]
            list(rt.ask("again", model=model))
            rt.housekeep()  # a second sample: the process's tokens/s over the time since the first
            await refresh(app, pilot)
            assert len(rows(app, "recent")) == 2
            (m,) = app.view.models if app.view is not None else ()
            assert m.history and max(m.history) > 0  # the sample that saw the answer (the background step may take it)
            assert app.query_one("#spark", Sparkline).data == list(m.history)
            assert f"{model} (pid {os.getpid()})" in str(app.query_one("#rate-label", Static).render())

    run(app, go())


def test_with_nothing_running_it_says_so_and_shows_a_process_once_one_starts(model_file: Path) -> None:
    app = app_of()

    async def go() -> None:
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_until(pilot, lambda: app.shown >= 1)
            empty = app.query_one("#empty", Static)
            assert empty.display and str(empty.render()) == EMPTY
            assert rows(app, "models") == [] and rows(app, "processes") == []
            await pilot.press("u", "o")  # nothing to act on: said, not crashed
            assert app.said == ["no model is loaded", "no model selected"]
            r = runtime(FakeBackend(["ok"], name="m"))
            try:
                r.start_housekeeping(command="llorch serve")
                await refresh(app, pilot)
                assert not empty.display and rows(app, "processes")[0][1] == "llorch serve"
            finally:
                r.close()
            await refresh(app, pilot)
            assert empty.display

    run(app, go())


def test_o_and_c_open_and_close_the_selected_models_breaker_for_every_process(
        rt: Runtime, model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BreakerBook, "REFRESH_S", 0.0)  # the process takes up another's change at once
    model = str(model_file)
    app = app_of()

    async def go() -> None:
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_until(pilot, lambda: app.shown >= 1)
            await pilot.press("o")
            await wait_until(pilot, lambda: rt.book.get(model).state is BreakerState.FORCED_OPEN)
            await refresh(app, pilot)
            assert rows(app, "models")[0][9] == "forced_open"
            assert rows(app, "breakers")[0][1:4] == ["forced_open", "0/1", "when closed by hand"]
            app.query_one("#breakers", DataTable).focus()  # the breakers table's selection counts when it has the focus
            await pilot.press("c")
            await wait_until(pilot, lambda: rt.book.get(model).state is BreakerState.CLOSED)
            assert "closed with `llorch top`" in rt.book.get(model).snapshot().last_reason
            assert f"{model}: breaker closed" in app.said

    run(app, go())


def test_u_asks_the_owning_process_which_unloads_at_its_next_housekeeping_step(rt: Runtime, model_file: Path) -> None:
    model = str(model_file)
    requests = resolve_paths().cache_dir / "ps" / f"{os.getpid()}.requests"
    app = app_of()

    async def go() -> None:
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_until(pilot, lambda: app.shown >= 1)
            await pilot.press("u")
            await wait_until(pilot, lambda: f"asked process {os.getpid()} to unload {model}" in app.said)
            rt.housekeep()  # the owner's step (its housekeeping thread's, every second)
            assert rt.models.loaded() == []
            assert not requests.exists() or list(requests.iterdir()) == []
            await refresh(app, pilot)
            assert rows(app, "models") == [] and app.said[-1] == f"{model} unloaded"

    run(app, go())


def test_a_model_whose_name_looks_like_markup_is_shown_as_written(tmp_path: Path) -> None:
    """A model at ".../a[/b].gguf" crashed `llorch top`: DataTable and Static read "[/b]" as a closing tag."""
    folder = tmp_path / "a["
    folder.mkdir()
    model_file = folder / "b].gguf"
    model_file.write_bytes(b"GGUF")
    model = str(model_file)
    r = runtime(FakeBackend(["one two"], name="m"))
    r.start_housekeeping(command="llorch chat")
    app = app_of()

    async def go() -> None:
        async with app.run_test(size=(200, 60)) as pilot:
            await wait_until(pilot, lambda: app.shown >= 1)
            await refresh(app, pilot)
            assert [row[0] for row in rows(app, "models")] == [model]
            assert f"{model} (pid {os.getpid()})" in str(app.query_one("#rate-label", Static).render())
            assert app.is_running

    try:
        list(r.ask("hi", model=model))
        r.housekeep()
        run(app, go())
    finally:
        r.close()
