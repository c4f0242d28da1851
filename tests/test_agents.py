"""Multi-agent pipelines on the fake backend: sequence, fan-out and merge, planner; budgets; resuming;
invalid files; the built-in pipelines parse."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from support import invoke_main

from llorch.agents.pipeline import Budget, list_pipelines, load_pipeline, parse_pipeline
from llorch.agents.runner import AgentEvent, BudgetSpent, run_pipeline
from llorch.cli import _common
from llorch.config import load_config, resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.errors import ProfileError
from llorch.runtime import Runtime


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
