"""Multi-agent pipelines on the fake backend: sequence, fan-out and merge, planner; budgets; resuming;
invalid files; the built-in pipelines parse."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import invoke_main

from llorch.agents import runner
from llorch.agents.pipeline import Budget, list_pipelines, load_pipeline, parse_pipeline
from llorch.agents.runner import AgentEvent, BudgetSpent, run_pipeline
from llorch.cli import _common
from llorch.config import load_config, resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Event, Request
from llorch.errors import LlorchError, ProfileError
from llorch.runtime import Runtime
from llorch.store import db_path
from llorch.store.db import Store


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model)})
    backend = FakeBackend(name="m")  # echoes the prompt unless replies are queued
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backend)
    return backend


def runtime(backend: FakeBackend) -> Runtime:
    paths = resolve_paths()
    return Runtime(paths, load_config(paths), open_model=lambda path, options, name: backend)


def pipeline(flow: str = "sequence", n: int = 2, **extra: object) -> object:
    agents = [{"name": f"a{i}", "profile": "general", "goal": f"agent {i} on: {{task}}"} for i in range(n)]
    return parse_pipeline({"flow": flow, "agents": agents, **extra}, "test.toml", "t")


def test_a_sequence_passes_its_notes_on_and_saves_each_agents_turn(fake: FakeBackend) -> None:
    events: list[AgentEvent] = []
    with runtime(fake) as rt:
        result = run_pipeline(rt, pipeline(), "sort a list", on_event=events.append)
        messages = rt.store.messages(result.session_id)
    first, second = (r.messages[-1].content for r in fake.history)
    assert first == "agent 0 on: sort a list"
    assert second.startswith("Shared notes so far:\n[a0] echo: agent 0 on: sort a list") and second.endswith("agent 1 on: sort a list")
    assert result.answer == f"echo: {second}" and result.steps == {"a0": 1, "a1": 1}
    assert [m.role for m in messages] == ["user", "assistant", "assistant"] and messages[0].content == "sort a list"
    assert [json.loads(m.meta)["agent"] for m in messages[1:]] == ["a0", "a1"]
    assert [(e.agent, e.kind) for e in events if e.kind != "note"] == [("a0", "start"), ("a0", "done"), ("a1", "start"),
                                                                       ("a1", "done")]
    notes = [e.text for e in events if e.kind == "note"]  # the profile's note, once for the run
    assert len(notes) == 1 and notes[0].startswith("profile general: its chat models are not pulled")
    with runtime(fake) as rt:
        both = run_pipeline(rt, pipeline(output="all"), "sort a list").answer
    assert both.startswith("[a0]\necho: agent 0 on: sort a list\n\n[a1]\necho: Shared notes so far:")


def test_a_fanout_runs_the_workers_then_the_merge_agent_reads_them_all(fake: FakeBackend) -> None:
    with runtime(fake) as rt:
        result = run_pipeline(rt, pipeline("fanout", 3, merge="a2"), "plan a trip")
    merge_prompt = fake.history[-1].messages[-1].content
    assert "[a0] echo: agent 0 on: plan a trip" in merge_prompt and "[a1] echo: agent 1 on: plan a trip" in merge_prompt
    assert merge_prompt.endswith("agent 2 on: plan a trip") and result.steps == {"a0": 1, "a1": 1, "a2": 1}
    # The fan-out is bulk work (a chat elsewhere goes first); the merge, which the user waits on, is not.
    assert sorted(r.priority for r in fake.history[:-1]) == ["bulk", "bulk"] and fake.history[-1].priority == "interactive"


def test_a_planner_hands_subtasks_out_then_answers_from_the_notes(fake: FakeBackend) -> None:
    fake.enqueue(json.dumps({"steps": [{"agent": "a1", "task": "find sources"}, {"agent": "a2", "task": "write code"}]}),
                 "sources: Knuth 1998", "def f(): pass", "Final: use Knuth's method; code attached.")
    with runtime(fake) as rt:
        result = run_pipeline(rt, pipeline("planner", 3, planner="a0"), "dedupe a list")
    plan_request = fake.history[0]
    assert json.loads(plan_request.grammar_schema or "")["properties"]["steps"]["items"]["properties"]["agent"] == {
        "enum": ["a1", "a2"]}
    assert fake.history[1].messages[-1].content.endswith("agent 1 on: find sources")
    assert "[a1] sources: Knuth 1998" in fake.history[2].messages[-1].content
    assert result.answer == "Final: use Knuth's method; code attached." and result.steps == {"a0": 2, "a1": 1, "a2": 1}


def test_budgets_stop_a_run_and_a_resumed_run_continues_where_it_stopped(fake: FakeBackend) -> None:
    p = pipeline(n=3, budget={"steps": 2})
    with runtime(fake) as rt:
        with pytest.raises(BudgetSpent, match=r"step budget \(2 agent turns\) is spent.*--session (\d+)") as spent:
            run_pipeline(rt, p, "long job")
        session = int(str(spent.value).rsplit(" ", 1)[-1].strip("`"))
        assert len(fake.history) == 2
        bigger = dataclasses.replace(p, budget=Budget(steps=10))
        result = run_pipeline(rt, bigger, "", session=session)
    assert len(fake.history) == 3 and result.resumed == 2 and result.steps == {"a2": 1}
    assert "[a1] echo:" in fake.history[-1].messages[-1].content  # the resumed notes reach the last agent


def test_token_and_time_budgets(fake: FakeBackend) -> None:
    fake.enqueue("one two three four five six seven eight nine ten")
    with runtime(fake) as rt:
        with pytest.raises(BudgetSpent, match=r"token budget \(4\)"):
            run_pipeline(rt, pipeline(budget={"tokens": 4}), "x")
        assert fake.history[0].sampling.max_tokens == 4  # a runaway agent cannot write past the budget
        now = [0.0]

        def clock() -> float:
            now[0] += 50.0
            return now[0]

        with pytest.raises(BudgetSpent, match=r"time budget \(60 s\)"):
            run_pipeline(rt, pipeline(budget={"seconds": 60}), "x", clock=clock)


@pytest.mark.parametrize("body, message", [
    ('flow = "loop"\n[[agents]]\nname = "a"\ngoal = "x"\n', "'flow' must be \"sequence\" or \"fanout\" or \"planner\", got 'loop'"),
    ('[[agents]]\nname = "a"\n', "'agents[0].goal' must be a prompt"),
    ('flow = "fanout"\n[[agents]]\nname = "a"\ngoal = "x"\n[[agents]]\nname = "b"\ngoal = "y"\n', "'merge' must be the agent that merges"),
    ('[[agents]]\nname = "a"\ngoal = "x"\nsteps = 99\n', "'agents[0].steps' must be an integer from 1 to 16, got 99"),
    ('[[agents]]\nname = "a"\ngoal = "x"\ncolour = 1\n', "'agents[0]' has unknown key(s) colour"),
])
def test_an_invalid_pipeline_names_file_key_and_expectation(tmp_path: Path, body: str, message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(body)
    r = invoke_main(["agents", "run", str(bad), "task"])
    assert r.exit_code == 1 and str(bad) in r.stderr and message in r.stderr


def test_the_cli_streams_agents_on_stderr_and_the_answer_on_stdout(fake: FakeBackend) -> None:
    r = invoke_main(["agents", "run", "research-code", "dedupe", "a", "list"])
    assert r.exit_code == 0, r.output
    assert "[researcher] working (seq:0:researcher)" in r.stderr and "[developer] done:" in r.stderr
    assert r.stdout.startswith("echo: Shared notes so far:") and "pipeline research-code: turns researcher 1, developer 1" in r.stderr


def test_agents_make_changes_only_with_yes(fake: FakeBackend) -> None:
    """Agents run unattended: nobody is asked, so the scheduler's calendar add needs --yes (or "allow")."""
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Review", "start": "2030-01-04 15:00"}})
    calendar = resolve_paths().data_dir / "calendar.ics"
    task = ["email", "Sam", "about", "the", "review,", "and", "put", "it", "in", "the", "calendar"]
    fake.enqueue("Subject: Review", add, "I could not add it.")
    r = invoke_main(["agents", "run", "productivity", *task])
    assert r.exit_code == 0, r.output
    assert not calendar.exists()
    assert "[scheduler] note: calendar add: title='Review', start='2030-01-04 15:00' was not run" in r.stderr
    assert "pass --yes" in r.stderr
    fake.enqueue("Subject: Review", add, "Added the review.")
    r = invoke_main(["agents", "run", "productivity", "--yes", *task])
    assert r.exit_code == 0, r.output
    assert calendar.read_text().count("BEGIN:VEVENT") == 1 and "Added the review." in r.stdout


def test_agents_list_shows_each_pipeline_and_a_broken_one(llorch_home: Path) -> None:
    folder = resolve_paths().config_dir / "pipelines"
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text('flow = "loop"\n')
    r = invoke_main(["agents", "list"])
    assert r.exit_code == 0
    lines = {line.split()[0]: line for line in r.stdout.splitlines()}
    assert "researcher (academic), developer (dev)" in lines["research-code"]
    assert "invalid:" in lines["broken"] and "'flow' must be" in lines["broken"]


def test_the_built_in_pipelines_parse() -> None:
    names = {name for name, _ in list_pipelines(resolve_paths())}
    assert {"research-code", "productivity"} <= names
    for name in ("research-code", "productivity"):
        p = load_pipeline(name, resolve_paths())
        assert p.agents and p.flow == "sequence"
    with pytest.raises(ProfileError):
        load_pipeline("no-such-pipeline", resolve_paths())


# --- Ctrl-C, resuming the right session, the resume hint, checks before any agent runs ---------------------


class _HeldUntilCancelled(FakeBackend):
    """Streams its first answer's first token, then holds it until the request is cancelled (a bounded wait)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.streaming = threading.Event()
        self.cancelled = threading.Event()
        self.cancel_came: bool | None = None  # whether the cancel came before the wait's bound

    def cancel(self) -> None:
        self.cancelled.set()
        super().cancel()

    def generate(self, request: Request) -> Iterator[Event]:
        events = super().generate(request)
        if self.streaming.is_set():
            return events
        return self._held(events)

    def _held(self, events: Iterator[Event]) -> Iterator[Event]:
        yield next(events)
        self.streaming.set()
        self.cancel_came = self.cancelled.wait(10)
        yield from events


def _profile(name: str, model: Path) -> None:
    folder = resolve_paths().config_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.toml").write_text(f'[models]\nchat = ["{model}"]\n')


def test_ctrl_c_in_a_fanout_stops_the_running_agents_and_keeps_what_was_answered(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first Ctrl-C stops the agents still answering (the pool's exit waited for them, minutes, and only
    a third Ctrl-C ended the run); the answers already given stay in the session, and resuming asks only the rest."""
    quick, slow = FakeBackend(name="quick"), _HeldUntilCancelled(name="slow")
    for backend in (quick, slow):
        (tmp_path / f"{backend.name}.gguf").write_bytes(b"GGUF")
        _profile(backend.name, tmp_path / f"{backend.name}.gguf")
    backends = {"quick": quick, "slow": slow}
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backends[Path(path).stem])
    fan = tmp_path / "fan.toml"
    fan.write_text('name = "fan"\nflow = "fanout"\nmerge = "m"\n'
                   '[[agents]]\nname = "q"\nprofile = "quick"\ngoal = "quick on: {task}"\n'
                   '[[agents]]\nname = "s"\nprofile = "slow"\ngoal = "slow on: {task}"\n'
                   '[[agents]]\nname = "m"\nprofile = "quick"\ngoal = "merge: {task}"\n')
    answered = threading.Event()
    real_turn = runner._Run.turn

    def turn(self: Any, agent: Any, key: str, prompt: str, **kwargs: Any) -> str:
        text = real_turn(self, agent, key, prompt, **kwargs)
        if agent.name == "q":
            answered.set()
        return text

    monkeypatch.setattr(runner._Run, "turn", turn)

    def ctrl_c() -> None:  # once q has answered and s is mid-answer: a SIGINT to the main thread, as Ctrl-C
        if answered.wait(10) and slow.streaming.wait(10):  # (interrupt_main would not wake its blocked wait)
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    threading.Thread(target=ctrl_c, daemon=True).start()
    r = invoke_main(["agents", "run", str(fan), "cats"])
    assert r.exit_code == 130, r.output
    assert "Interrupted." in r.stderr and "Traceback" not in r.output
    assert slow.cancel_came is True  # stopped by the Ctrl-C, not let go by the test's bound
    with Store.open(db_path(resolve_paths())) as store:
        (run,) = store.list_sessions()
        saved = [(json.loads(m.meta).get("step"), m.content) for m in store.messages(run.id)]
    assert saved == [(None, "cats"), ("fan:q", "echo: quick on: cats")]  # no part of s's answer, no merge
    r = invoke_main(["agents", "run", str(fan), "--session", str(run.id)])
    assert r.exit_code == 0, r.output
    assert "turns s 1, m 1, 1 resumed" in r.stderr
    assert [req.messages[-1].content for req in quick.history][-1].endswith("merge: cats")


def _saved_run(store: Store, pipeline_name: str) -> int:
    sid = store.create_session(profile=f"agents:{pipeline_name}", kind="agents")
    store.add_message(sid, "user", "the task", meta=json.dumps({"pipeline": pipeline_name}))
    return sid


def test_only_a_run_of_the_same_pipeline_is_resumed(fake: FakeBackend) -> None:
    """A chat, or another pipeline's run, is not taken (its first message became the task, the agents'
    answers were appended to it)."""
    with runtime(fake) as rt:
        chat = rt.store.create_session(model="m")
        rt.store.add_message(chat, "user", "My name is Zorblax.")
        other = _saved_run(rt.store, "other")
        ours = _saved_run(rt.store, "t")
        with pytest.raises(LlorchError, match=rf"^session {chat} is not a run of pipeline t \(it is a chat session\)$"):
            run_pipeline(rt, pipeline(), "", session=chat)
        with pytest.raises(LlorchError, match=rf"^session {other} is not a run of pipeline t \(it is a run of pipeline other\)$"):
            run_pipeline(rt, pipeline(), "", session=other)
        assert fake.history == [] and [m.content for m in rt.store.messages(chat)] == ["My name is Zorblax."]
        assert len(rt.store.messages(other)) == 1
        assert run_pipeline(rt, pipeline(), "", session=ours).steps == {"a0": 1, "a1": 1}
    assert fake.history[0].messages[-1].content == "agent 0 on: the task"


def test_the_cli_refuses_another_session_in_one_line(fake: FakeBackend) -> None:
    with Store.open(db_path(resolve_paths())) as store:
        chat = store.create_session(model="m")
        store.add_message(chat, "user", "What is my name?")
    r = invoke_main(["agents", "run", "research-code", "--session", str(chat)])
    assert r.exit_code == 1 and fake.history == []
    assert r.stderr == f"Error: session {chat} is not a run of pipeline research-code (it is a chat session)\n"


def test_a_saved_plan_naming_an_agent_the_pipeline_lacks_is_one_error(fake: FakeBackend) -> None:
    """Resumed with an edited pipeline (agent a1 renamed), the saved plan's step was a StopIteration traceback."""
    def planner(worker: str, steps: int) -> Any:
        agents = [{"name": "a0", "goal": "plan {task}"}, {"name": worker, "goal": "do {task}"}]
        return parse_pipeline({"flow": "planner", "planner": "a0", "agents": agents, "budget": {"steps": steps}},
                              "p.toml", "p")

    fake.enqueue(json.dumps({"steps": [{"agent": "a1", "task": "x"}]}))
    with runtime(fake) as rt:
        with pytest.raises(BudgetSpent):
            run_pipeline(rt, planner("a1", 1), "job")
        (run,) = rt.store.list_sessions()
        with pytest.raises(ProfileError, match=r"the plan gives step 1 to agent 'a1', which pipeline p does not have "
                                               r"\(its agents: b1\)"):
            run_pipeline(rt, planner("b1", 6), "", session=run.id)
    with pytest.raises(ProfileError, match=r"^pipeline p has no agent 'a1' \(its agents: a0, b1\)$"):
        planner("b1", 6).agent("a1")


@pytest.mark.parametrize("where", ["user", "path"])
def test_the_resume_hint_names_the_pipeline_as_it_was_given(fake: FakeBackend, tmp_path: Path, where: str) -> None:
    """By its file's stem or its path, not the TOML's `name` (`llorch agents run renamed` found no pipeline)."""
    body = 'name = "renamed"\n[budget]\nsteps = 1\n[[agents]]\nname = "a"\ngoal = "a: {task}"\n' \
           '[[agents]]\nname = "b"\ngoal = "b: {task}"\n'
    folder = resolve_paths().config_dir / "pipelines" if where == "user" else tmp_path / "my pipes"
    folder.mkdir(parents=True)
    (folder / "quick.toml").write_text(body)
    given = "quick" if where == "user" else str(folder / "quick.toml")
    r = invoke_main(["agents", "run", given, "hello"])
    assert r.exit_code == 1
    hint = re.search(r"resume with `llorch agents run (.+) --session (\d+)`", r.stderr)
    assert hint is not None and shlex.split(hint.group(1)) == [given]
    (folder / "quick.toml").write_text(body.replace("steps = 1", "steps = 5"))
    r = invoke_main(["agents", "run", *shlex.split(hint.group(1)), "--session", hint.group(2)])
    assert r.exit_code == 0, r.output
    assert "pipeline renamed: turns b 1, 1 resumed" in r.stderr


def test_usage_errors_exit_2(fake: FakeBackend) -> None:
    r = invoke_main(["agents", "run", "research-code"])
    assert r.exit_code == 2 and "give the task" in r.output and fake.history == []


@pytest.mark.parametrize("body, message", [
    ('name = 5\n[[agents]]\nname = "a"\ngoal = "x"\n', "'name' must be the pipeline's name, a string, got 5"),
    ('[[agents]]\nname = "a"\ngoal = "x"\n[[agents]]\nname = "b"\ngoal = "y"\nprofile = "nosuch"\n',
     "'agents[1]' (b): no profile named 'nosuch'"),
    ('[[agents]]\nname = "a"\ngoal = "x"\n[[agents]]\nname = "b"\ngoal = "y"\nrole = "nosuch"\n',
     "'agents[1]' (b): profile general has no 'nosuch' role (roles: chat, summarize)"),
    ('[[agents]]\nname = "a"\ngoal = "x"\n[[agents]]\nname = "b"\ngoal = "y"\ntools = ["math", "nosuch"]\n',
     "'agents[1]' (b): profile general does not enable nosuch (it enables: math,"),
])
def test_a_pipeline_is_checked_before_any_agent_runs(fake: FakeBackend, tmp_path: Path, body: str, message: str) -> None:
    """Names, profiles, roles and tools: found when the file is read (they were found at that agent's turn,
    after the agents before it had run)."""
    bad = tmp_path / "bad.toml"
    bad.write_text(body)
    r = invoke_main(["agents", "run", str(bad), "task"])
    assert r.exit_code == 1 and fake.history == []
    assert r.stderr.startswith(f"Error: {bad}: ") and message in r.stderr and len(r.stderr.splitlines()) == 1
