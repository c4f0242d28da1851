"""Running a pipeline: each agent's turns through the runtime, shared notes, budgets, a saved session.

Every agent turn is an ordinary answer (`Runtime.ask`): its profile's model chain with
breakers and fallback, its tools (restricted to the agent's), its step budget. The turns'
results go into shared notes that later turns read; the whole run is one session, each
result tagged with its agent and a step key, so a run that stopped (Ctrl-C, a budget, a
failure) is resumed by skipping the steps it already has.
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from llorch.agents.pipeline import Agent, Pipeline
from llorch.engine.types import Priority
from llorch.errors import LlorchError, ProfileError

__all__ = ["AgentEvent", "BudgetSpent", "RunResult", "run_pipeline"]


class BudgetSpent(LlorchError):
    """The pipeline's steps, tokens or time ran out before it finished."""


@dataclass(frozen=True)
class AgentEvent:
    """For the front end: who is working (kind "start"), a tool it called ("tool"), something to tell the
    user ("note", e.g. a change refused for want of --yes), what it produced ("done")."""

    agent: str
    kind: str
    text: str = ""


@dataclass
class RunResult:
    session_id: int
    answer: str
    steps: dict[str, int] = field(default_factory=dict)  # agent -> turns taken
    tokens: int = 0
    seconds: float = 0.0
    resumed: int = 0  # steps taken from the saved session instead of run again


class _Stopped(LlorchError):
    """An agent's answer was cancelled (Ctrl-C during a fan-out): nothing of it is saved."""


class _Run:
    def __init__(self, runtime: Any, pipeline: Pipeline, task: str, session_id: int, on_event: Callable[[AgentEvent], None],
                 clock: Callable[[], float], done: dict[str, str], ref: str) -> None:
        self.rt = runtime
        self.p = pipeline
        self.ref = ref  # the pipeline as the user named it, for the resume hint
        self.task = task
        self.session = session_id
        self.emit = on_event
        self.clock = clock
        self.start = clock()
        self.done = done  # step key -> its saved result (a resumed run)
        self.notes: list[tuple[str, str]] = []
        self.told: set[str] = set()
        self.result = RunResult(session_id, "")

    # --- one agent turn ------------------------------------------------------------

    def _check_budget(self) -> None:
        b, r = self.p.budget, self.result
        spent = None
        if sum(r.steps.values()) >= b.steps:
            spent = f"step budget ({b.steps} agent turns)"
        elif r.tokens >= b.tokens:
            spent = f"token budget ({b.tokens})"
        elif self.clock() - self.start >= b.seconds:
            spent = f"time budget ({b.seconds:g} s)"
        if spent is not None:
            raise BudgetSpent(f"the pipeline stopped: its {spent} is spent; what was done is saved in session "
                              f"{self.session}: raise [budget] in the pipeline and resume with "
                              f"`llorch agents run {shlex.quote(self.ref)} --session {self.session}`")

    def _notes_text(self) -> str:
        if not self.notes:
            return ""
        return "Shared notes so far:\n" + "\n\n".join(f"[{who}] {text}" for who, text in self.notes) + "\n\n"

    def turn(self, agent: Agent, key: str, prompt: str, *, schema: str | None = None, note: bool = True,
             priority: Priority = "interactive", cancel: Any = None) -> str:
        """One agent's answer, saved under `key`. `cancel` (a runtime.Cancel) stops it from another thread."""
        if key in self.done:  # resumed: this step was answered before
            text = self.done[key]
            self.result.resumed += 1
            if note:
                self.notes.append((agent.name, text))
            return text
        if cancel is not None and cancel.cancelled:
            raise _Stopped(f"agent {agent.name} was stopped")
        self._check_budget()
        from llorch.chat.events import Notice, ToolEvent, TurnDone

        self.emit(AgentEvent(agent.name, "start", key))
        left = self.p.budget.tokens - self.result.tokens
        done = None
        for event in self.rt.ask(prompt, profile=agent.profile, role=agent.role, tools=agent.tools, tool_steps=agent.steps,
                                 sampling={"max_tokens": max(1, min(left, 1024))}, schema=schema, priority=priority,
                                 cancel=cancel):
            if isinstance(event, ToolEvent):
                self.emit(AgentEvent(agent.name, "tool", f"{event.name} -> {'ok' if event.ok else 'failed'}: "
                                                         f"{' '.join(event.text.split())[:120]}"))
            elif isinstance(event, Notice) and event.text not in self.told:
                self.told.add(event.text)  # once per run, not once per agent turn
                self.emit(AgentEvent(agent.name, "note", event.text))
            elif isinstance(event, TurnDone):
                done = event
        if done is not None and done.status == "cancelled":  # its part-answer is no step to resume from
            raise _Stopped(f"agent {agent.name} was stopped")
        if done is None or done.error:
            raise LlorchError(f"agent {agent.name} failed: {done.error if done else 'no answer'}")
        self.result.steps[agent.name] = self.result.steps.get(agent.name, 0) + 1
        if done.completion is not None:
            self.result.tokens += done.completion.usage.completion_tokens
        text = done.text.strip()
        self.rt.store.add_message(self.session, "assistant", text, model=done.source.model if done.source else "",
                                  profile=agent.profile, meta=json.dumps({"agent": agent.name, "step": key}))
        self.emit(AgentEvent(agent.name, "done", " ".join(text.split())[:160]))
        if note:
            self.notes.append((agent.name, text))
        return text

    def prompt(self, agent: Agent, task: str) -> str:
        return f"{self._notes_text()}{agent.goal.replace('{task}', task)}"

    # --- the flows -------------------------------------------------------------------

    def sequence(self) -> str:
        answers = [self.turn(agent, f"seq:{i}:{agent.name}", self.prompt(agent, self.task))
                   for i, agent in enumerate(self.p.agents)]
        if self.p.output == "all":
            return "\n\n".join(f"[{a.name}]\n{text}" for a, text in zip(self.p.agents, answers))
        return answers[-1]

    def fanout(self) -> str:
        from llorch.runtime import Cancel

        assert self.p.merge is not None
        workers = [a for a in self.p.agents if a.name != self.p.merge]
        stop = Cancel()
        # Agents on different models run at once (the pool batches those that share one), as bulk work:
        # an interactive request to the same model (a chat, the server) goes first.
        with ThreadPoolExecutor(max_workers=len(workers), thread_name_prefix="llorch-agent") as pool:
            try:
                futures = [pool.submit(self.turn, a, f"fan:{a.name}", a.goal.replace("{task}", self.task),
                                       note=False, priority="bulk", cancel=stop) for a in workers]
                results = [f.result() for f in futures]
            except LlorchError:
                raise  # one agent failed: the others finish, their answers saved for the resume
            except BaseException:
                # Ctrl-C: the pool's exit waits for the running turns, so their requests are stopped first
                # (nothing stopped them: the run went on for minutes, and only a third Ctrl-C ended it).
                stop.cancel()
                raise
        self.notes.extend((a.name, r) for a, r in zip(workers, results))
        merge = self.p.agent(self.p.merge)
        return self.turn(merge, f"merge:{merge.name}", self.prompt(merge, self.task))

    def planner(self) -> str:
        assert self.p.planner is not None
        lead = self.p.agent(self.p.planner)
        others = [a for a in self.p.agents if a.name != lead.name]
        roster = "\n".join(f"- {a.name}: {a.goal.replace('{task}', '...')}" for a in others)
        schema = json.dumps({"type": "object", "required": ["steps"], "properties": {"steps": {
            "type": "array", "minItems": 1, "maxItems": max(1, self.p.budget.steps - 2), "items": {
                "type": "object", "required": ["agent", "task"],
                "properties": {"agent": {"enum": [a.name for a in others]}, "task": {"type": "string"}}}}}})
        ask = (f"{lead.goal.replace('{task}', self.task)}\n\nSplit the task among these agents, in order:\n{roster}\n"
               'Reply with a JSON plan: {"steps": [{"agent": NAME, "task": WHAT}, ...]}.')
        plan_text = self.turn(lead, "plan", ask, schema=schema, note=False)
        try:
            steps = json.loads(plan_text)["steps"]
        except (ValueError, KeyError, TypeError):
            raise LlorchError(f"agent {lead.name} did not produce a plan: {plan_text[:120]!r}") from None
        if not isinstance(steps, list) or not all(isinstance(s, dict) and "agent" in s and "task" in s for s in steps):
            raise LlorchError(f"agent {lead.name} did not produce a plan: {plan_text[:120]!r}")
        names = [a.name for a in others]
        for i, step in enumerate(steps):
            if step["agent"] not in names:  # a plan saved by another version of the pipeline (resumed)
                raise ProfileError(f"the plan gives step {i + 1} to agent {step['agent']!r}, which pipeline "
                                   f"{self.p.name} does not have (its agents: {', '.join(names)}); start a new run")
            agent = self.p.agent(step["agent"])
            self.turn(agent, f"step:{i}:{agent.name}", self.prompt(agent, str(step["task"])))
        final = f"{self._notes_text()}Using the notes, give the final answer to: {self.task}"
        return self.turn(lead, "final", final)


def _meta(raw: str) -> dict[str, Any]:
    try:
        meta = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return meta if isinstance(meta, dict) else {}


def run_pipeline(runtime: Any, pipeline: Pipeline, task: str, *, session: int | None = None,
                 on_event: Callable[[AgentEvent], None] = lambda e: None,
                 clock: Callable[[], float] = time.monotonic, ref: str | None = None) -> RunResult:
    """Run (or, with `session`, resume) `pipeline` on `task`. Raises BudgetSpent when a budget runs out
    (the steps taken so far are saved: resume with the session), LlorchError when an agent fails or
    `session` is not a run of this pipeline. `ref`: the pipeline as the user named it (a file stem, a
    path) for the resume hint; default its name."""
    store = runtime.store
    done: dict[str, str] = {}
    if session is None:
        session = store.create_session(profile=f"agents:{pipeline.name}", title=f"{pipeline.name}: {task[:60]}",
                                       kind="agents")
        store.add_message(session, "user", task, profile=f"agents:{pipeline.name}",
                          meta=json.dumps({"pipeline": pipeline.name}))
    else:
        stored = store.get_session(session)
        messages = store.messages(session)
        # (a chat session, or another pipeline's run, was taken: its first message became the task and the
        # agents' answers were appended to it)
        ran = _meta(messages[0].meta).get("pipeline") if messages and messages[0].role == "user" else None
        if stored.kind != "agents" or ran != pipeline.name:
            what = f"a run of pipeline {ran}" if stored.kind == "agents" and isinstance(ran, str) else \
                f"a {stored.kind} session" if stored.kind != "agents" else "an empty run"
            raise LlorchError(f"session {session} is not a run of pipeline {pipeline.name} (it is {what})")
        task = messages[0].content
        for m in messages[1:]:
            meta = _meta(m.meta)
            if "step" in meta:
                done[str(meta["step"])] = m.content
    run = _Run(runtime, pipeline, task, session, on_event, clock, done, ref or pipeline.name)
    answer = {"sequence": run.sequence, "fanout": run.fanout, "planner": run.planner}[pipeline.flow]()
    run.result.answer = answer
    run.result.seconds = clock() - run.start
    return run.result
