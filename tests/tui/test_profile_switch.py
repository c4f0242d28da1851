"""Profiles and tools in the chat TUI: /profile switches keep the conversation, /tool runs a tool.

Driven by Textual's Pilot on fake backends (one per profile) and a real store.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest
from support import undated, wait_until

from llorch.chat import Conversation
from llorch.chat.events import SwitchReport
from llorch.config import Paths, resolve_paths
from llorch.engine import FakeBackend
from llorch.orchestra.pool import Pool
from llorch.profiles import Profile, load_profile
from llorch.profiles.select import Selection
from llorch.store.db import Store
from llorch.tools.calls import ToolBox
from llorch.tui.app import ChatApp
from llorch.tui.widgets import MessageView, PromptInput, StatusBar

NO_TOOL = '{"name": "none"}'  # a model's "no tool call" decision under the call grammar
MODEL_OF = {"general": "g-model", "dev": "d-model"}


def run(coro) -> None:  # type: ignore[no-untyped-def]
    asyncio.run(coro)


@pytest.fixture
def paths() -> Paths:
    return resolve_paths()  # under this test's LLORCH_HOME


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "db.sqlite") as s:
        yield s


class Rig:
    """A conversation under `general` whose profiles map to fake backends; counts model loads and switches."""

    def __init__(self, store: Store, paths: Paths, backends: dict[str, FakeBackend]) -> None:
        self.backends = backends
        self.loads: Counter[str] = Counter()
        self.reports: list[SwitchReport] = []

        def loader(ref: str) -> FakeBackend:
            self.loads[ref] += 1
            return backends[ref]

        def resolve(name: str) -> tuple[Profile, Selection]:
            profile = load_profile(name, paths)  # ProfileNotFoundError for an unknown name
            model = MODEL_OF[profile.name]
            return profile, Selection(model, (model,))

        self.conv = Conversation(
            store,
            Pool(loader, budget_bytes=1 << 30),  # room to keep both models loaded, as `llorch chat` has
            model_ref=MODEL_OF["general"],
            profile=load_profile("general", paths),
            resolve_profile=resolve,
            toolbox=ToolBox(paths),
        )
        switch = self.conv.switch_profile

        def recording_switch(name: str) -> SwitchReport:
            report = switch(name)
            self.reports.append(report)
            return report

        self.conv.switch_profile = recording_switch  # type: ignore[method-assign]
        self.app = ChatApp(self.conv)


def views(app: ChatApp) -> list[tuple[str, str]]:
    return [(v.role, v.text) for v in app.query(MessageView)]


def status(app: ChatApp) -> str:
    return str(app.query_one(StatusBar).render())


async def submit(pilot, app: ChatApp, text: str) -> None:  # type: ignore[no-untyped-def]
    app.query_one(PromptInput).load_text(text)
    await pilot.press("enter")


def test_profile_switch_keeps_the_conversation_and_reuses_loaded_models(store: Store, paths: Paths) -> None:
    general_be = FakeBackend(["from general", "general again"], name=MODEL_OF["general"])
    dev_be = FakeBackend([NO_TOOL, "from dev"], name=MODEL_OF["dev"])  # dev lets chat models call tools: a decision first
    rig = Rig(store, paths, {MODEL_OF["general"]: general_be, MODEL_OF["dev"]: dev_be})
    app = rig.app
    general, dev = load_profile("general", paths), load_profile("dev", paths)

    async def go() -> None:
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            assert "profile general" in status(app) and "switch" not in status(app)

            await submit(pilot, app, "hi")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 2)
            assert views(app) == [("user", "hi"), ("assistant", "from general")]

            await submit(pilot, app, "/profile dev")
            await wait_until(pilot, lambda: "profile dev" in status(app) and "switch" in status(app))
            assert "d-model" in status(app)
            assert any("Profile dev: d-model, switched in" in str(n.message) for n in app._notifications)
            await wait_until(pilot, lambda: app.model_state == "ready")

            await submit(pilot, app, "and now?")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 4)
            assert views(app)[2:] == [("user", "and now?"), ("assistant", "from dev")]

            await submit(pilot, app, "/profile general")
            await wait_until(pilot, lambda: len(rig.reports) == 2 and "profile general" in status(app))
            await wait_until(pilot, lambda: app.model_state == "ready")

            await submit(pilot, app, "back")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 6)

    run(go())

    # The dev model's answer saw the first turn, under dev's system prompt and sampling.
    decision, answer = dev_be.history
    assert decision.grammar_schema is not None
    assert answer.grammar_schema is None
    assert decision.messages[0].content.startswith(dev.system_prompt + "\n\nYou can call tools.")
    system, *turns = answer.messages  # after "no tool", the answer reads dev's prompt without the tools
    assert system.role == "system" and undated(system.content) == dev.system_prompt
    assert [(m.role, m.content) for m in turns] == [
        ("user", "hi"),
        ("assistant", "from general"),
        ("user", "and now?"),
    ]
    assert answer.sampling.temperature == 0.2
    # Back on general: its own prompt again, and everything said so far.
    first, last = general_be.history
    assert undated(first.messages[0].content) == general.system_prompt and first.sampling.temperature == 0.7
    assert [(m.role, undated(m.content)) for m in last.messages] == [
        ("system", general.system_prompt),
        ("user", "hi"),
        ("assistant", "from general"),
        ("user", "and now?"),
        ("assistant", "from dev"),
        ("user", "back"),
    ]
    # Each model was loaded once; switching back found general's still loaded.
    assert rig.loads == Counter({MODEL_OF["general"]: 1, MODEL_OF["dev"]: 1})
    to_dev, to_general = rig.reports
    assert (to_dev.profile, to_dev.model, to_dev.was_loaded) == ("dev", MODEL_OF["dev"], False)
    assert (to_general.profile, to_general.model, to_general.was_loaded) == ("general", MODEL_OF["general"], True)
    assert to_general.ms >= 0 and rig.conv.last_switch_ms == to_general.ms
    # The session and each message remember their profile.
    session = store.get_session(rig.conv.session_id)
    assert (session.profile, session.model, session.system_prompt) == ("general", MODEL_OF["general"], general.system_prompt)
    msgs = store.messages(rig.conv.session_id)
    assert [(m.role, m.profile) for m in msgs] == [
        ("user", "general"), ("assistant", "general"),
        ("user", "dev"), ("assistant", "dev"),
        ("user", "general"), ("assistant", "general"),
    ]  # fmt: skip


def test_tool_command_shows_and_stores_the_result(store: Store, paths: Paths) -> None:
    rig = Rig(store, paths, {MODEL_OF["general"]: FakeBackend(name=MODEL_OF["general"])})
    app = rig.app

    async def go() -> None:
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            await submit(pilot, app, "/tool math 6*7")
            await wait_until(pilot, lambda: any(role == "tool" for role, _ in views(app)))
            (tool_view,) = [v for v in app.query(MessageView) if v.role == "tool"]
            assert "42" in tool_view.text
            assert "Tool math (by you)" in str(tool_view.query_one("Label").render())

            await submit(pilot, app, "/tool code .")  # not enabled in general
            await wait_until(pilot, lambda: any("not enabled in profile 'general'" in str(n.message) for n in app._notifications))
            assert [role for role, _ in views(app)] == ["tool"]

    run(go())

    (msg,) = store.messages(rig.conv.session_id)
    assert msg.role == "tool" and msg.content == "6*7 = 42" and msg.profile == "general"
    meta = json.loads(msg.meta)
    assert meta["name"] == "math" and meta["arguments"] == {"expression": "6*7"} and meta["by_model"] is False


def test_tool_result_is_shown_again_when_the_session_is_reopened(store: Store, paths: Paths) -> None:
    rig = Rig(store, paths, {MODEL_OF["general"]: FakeBackend(name=MODEL_OF["general"])})
    rig.conv.run_tool("math", {"expression": "6*7"})
    again = ChatApp(
        Conversation(store, lambda ref: FakeBackend(name=ref), model_ref=MODEL_OF["general"], session_id=rig.conv.session_id)
    )

    async def go() -> None:
        async with again.run_test() as pilot:
            await wait_until(pilot, lambda: len(views(again)) == 1)
            (view,) = again.query(MessageView)
            assert view.role == "tool" and "42" in view.text
            assert "Tool math (by you)" in str(view.query_one("Label").render())

    run(go())


def test_unknown_profile_is_an_error_and_the_profile_stays(store: Store, paths: Paths) -> None:
    general_be = FakeBackend(["ok"], name=MODEL_OF["general"])
    rig = Rig(store, paths, {MODEL_OF["general"]: general_be})
    app = rig.app

    async def go() -> None:
        async with app.run_test() as pilot:
            await wait_until(pilot, lambda: app.model_state == "ready")
            before = status(app)
            await submit(pilot, app, "/profile nosuch")
            await wait_until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
            (err,) = [n for n in app._notifications if n.severity == "error"]
            assert "no profile named 'nosuch'" in str(err.message)
            await wait_until(pilot, lambda: "switching" not in status(app))
            assert status(app) == before and "profile general" in status(app)
            assert rig.conv.profile_name == "general" and rig.conv.model_ref == MODEL_OF["general"]
            assert rig.reports == []

            await submit(pilot, app, "still here?")
            await wait_until(pilot, lambda: not app.generating and len(views(app)) == 2)

    run(go())
    assert undated(general_be.history[-1].messages[0].content) == load_profile("general", paths).system_prompt
    assert store.get_session(rig.conv.session_id).profile == "general"
    assert rig.loads == Counter({MODEL_OF["general"]: 1})
