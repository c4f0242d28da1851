"""A pipeline: agents (a profile's role with a goal, its tools and a step budget) and how work flows.

    name = "research-code"
    flow = "sequence"            # "sequence", "fanout" (then `merge` combines), or "planner"
    merge = "writer"             # fanout: the agent that receives every result and answers
    planner = "lead"             # planner: the agent that splits the task among the others
    [budget]
    steps = 8                    # agent turns in all
    tokens = 6000                # generated tokens in all
    seconds = 900                # wall time
    output = "last"              # what goes to stdout: the last agent's answer, or "all" of them

    [[agents]]
    name = "researcher"
    profile = "academic"
    role = "chat"
    goal = "Gather what is known about: {task}. Cite sources."
    tools = ["citations"]        # of the profile's tools, the ones this agent may use
    steps = 3                    # tool calls in one turn

Parsed and checked once (ConfigError-like ProfileError naming the file, the key and what
was expected), each agent's profile, role and tools included, before any agent runs;
built-in pipelines ship beside this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.config import Paths, read_toml
from llorch.errors import ProfileError, ProfileNotFoundError

__all__ = ["Agent", "Budget", "FLOWS", "Pipeline", "check_agents", "list_pipelines", "load_pipeline", "parse_pipeline"]

FLOWS = ("sequence", "fanout", "planner")
_NAME = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_TOP = {"name", "description", "flow", "merge", "planner", "budget", "agents", "output"}
_AGENT = {"name", "profile", "role", "goal", "tools", "steps"}


@dataclass(frozen=True)
class Agent:
    name: str
    profile: str
    goal: str  # "{task}" is replaced by the task (or the planner's subtask)
    role: str = "chat"
    tools: tuple[str, ...] | None = None  # None: the profile's own
    steps: int = 3


@dataclass(frozen=True)
class Budget:
    steps: int = 12
    tokens: int = 20_000
    seconds: float = 1800.0


@dataclass(frozen=True)
class Pipeline:
    name: str
    agents: tuple[Agent, ...]
    flow: str = "sequence"
    merge: str | None = None
    planner: str | None = None
    budget: Budget = Budget()
    description: str = ""
    source: str = ""
    output: str = "last"  # "last": the final agent's answer; "all": every agent's, in order

    def agent(self, name: str) -> Agent:
        """The agent called `name`; ProfileError when there is none (a saved plan of another version of
        the pipeline names one: it was a raw StopIteration)."""
        found = next((a for a in self.agents if a.name == name), None)
        if found is None:
            raise ProfileError(f"pipeline {self.name} has no agent {name!r} (its agents: "
                               f"{', '.join(a.name for a in self.agents)})")
        return found


def _fail(source: str, key: str, expected: str, got: Any) -> ProfileError:
    return ProfileError(f"{source}: '{key}' must be {expected}, got {got!r}")


def _int(raw: Any, key: str, source: str, low: int, high: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise _fail(source, key, f"an integer from {low} to {high}", raw)
    return raw


def parse_pipeline(table: dict[str, Any], source: str, name: str) -> Pipeline:
    unknown = set(table) - _TOP
    if unknown:
        raise ProfileError(f"{source}: unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(_TOP))})")
    pipeline_name = table.get("name", name)
    if not isinstance(pipeline_name, str) or not pipeline_name.strip():  # (`name = 5` ran as "pipeline 5")
        raise _fail(source, "name", "the pipeline's name, a string", pipeline_name)
    flow = table.get("flow", "sequence")
    if flow not in FLOWS:
        raise _fail(source, "flow", " or ".join(f'"{f}"' for f in FLOWS), flow)
    raw_agents = table.get("agents")
    if not isinstance(raw_agents, list) or not raw_agents:
        raise _fail(source, "agents", "one or more [[agents]] tables", raw_agents)
    agents: list[Agent] = []
    for i, raw in enumerate(raw_agents):
        where = f"agents[{i}]"
        if not isinstance(raw, dict):
            raise _fail(source, where, "a table", raw)
        bad = set(raw) - _AGENT
        if bad:
            raise ProfileError(f"{source}: '{where}' has unknown key(s) {', '.join(sorted(bad))} (known: {', '.join(sorted(_AGENT))})")
        agent_name = raw.get("name")
        if not isinstance(agent_name, str) or not _NAME.fullmatch(agent_name):
            raise _fail(source, f"{where}.name", "a short lowercase name", agent_name)
        if any(a.name == agent_name for a in agents):
            raise ProfileError(f"{source}: '{where}.name' {agent_name!r} is used twice")
        profile = raw.get("profile", "general")
        goal = raw.get("goal")
        if not isinstance(profile, str) or not profile:
            raise _fail(source, f"{where}.profile", "a profile name", profile)
        if not isinstance(goal, str) or not goal.strip():
            raise _fail(source, f"{where}.goal", "a prompt (\"{task}\" is replaced by the task)", goal)
        role = raw.get("role", "chat")
        if not isinstance(role, str) or not role:
            raise _fail(source, f"{where}.role", "a role of the profile", role)
        tools = raw.get("tools")
        if tools is not None and (not isinstance(tools, list) or not all(isinstance(t, str) for t in tools)):
            raise _fail(source, f"{where}.tools", "a list of tool names", tools)
        steps = _int(raw.get("steps", 3), f"{where}.steps", source, 1, 16)
        agents.append(Agent(agent_name, profile, goal.strip(), role, tuple(tools) if tools is not None else None, steps))
    names = [a.name for a in agents]
    merge, planner = table.get("merge"), table.get("planner")
    if flow == "fanout" and merge not in names:
        raise _fail(source, "merge", f"the agent that merges the fan-out's results (one of {', '.join(names)})", merge)
    if flow == "planner" and planner not in names:
        raise _fail(source, "planner", f"the agent that plans (one of {', '.join(names)})", planner)
    if flow in ("fanout", "planner") and len(agents) < 2:
        raise _fail(source, "agents", f"at least two agents for a {flow} flow", len(agents))
    raw_budget = table.get("budget", {})
    if not isinstance(raw_budget, dict) or set(raw_budget) - {"steps", "tokens", "seconds"}:
        raise _fail(source, "budget", "a table of steps, tokens and seconds", raw_budget)
    seconds = raw_budget.get("seconds", 1800)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 86_400:
        raise _fail(source, "budget.seconds", "a number of seconds from 0 to 86400", seconds)
    budget = Budget(_int(raw_budget.get("steps", 12), "budget.steps", source, 1, 200),
                    _int(raw_budget.get("tokens", 20_000), "budget.tokens", source, 1, 10_000_000), float(seconds))
    description = table.get("description", "")
    if not isinstance(description, str):
        raise _fail(source, "description", "a string", description)
    output = table.get("output", "last")
    if output not in ("last", "all"):
        raise _fail(source, "output", '"last" or "all"', output)
    return Pipeline(pipeline_name.strip(), tuple(agents), flow, merge, planner, budget, description, source, output)


_BUILTIN = Path(__file__).parent


def _dirs(paths: Paths) -> list[Path]:
    return [paths.config_dir / "pipelines", _BUILTIN]


def list_pipelines(paths: Paths) -> list[tuple[str, Path]]:
    """(name, file) of every pipeline: the user's first, then the built-in ones not shadowed."""
    seen: dict[str, Path] = {}
    for folder in _dirs(paths):
        if folder.is_dir():
            for f in sorted(folder.glob("*.toml")):
                seen.setdefault(f.stem, f)
    return sorted(seen.items())


def load_pipeline(ref: str, paths: Paths) -> Pipeline:
    """A pipeline by name (user's, then built-in) or by the path of its TOML file."""
    path = Path(ref).expanduser()
    if not (ref.endswith(".toml") or "/" in ref):
        found = dict(list_pipelines(paths)).get(ref)
        if found is None:
            names = ", ".join(n for n, _ in list_pipelines(paths))
            raise ProfileNotFoundError(f"no pipeline named {ref!r} (pipelines: {names}); or give a .toml file")
        path = found
    try:
        table = read_toml(path, ProfileError)
    except FileNotFoundError:
        raise ProfileNotFoundError(f"pipeline file not found: {path}") from None
    pipeline = parse_pipeline(table, str(path), path.stem)
    check_agents(pipeline, paths)
    return pipeline


def check_agents(pipeline: Pipeline, paths: Paths) -> None:
    """Each agent's profile exists and has its role and tools: ProfileError naming the file and the agent's
    key otherwise (they were found only at that agent's turn, after the agents before it had run)."""
    from llorch.profiles.loader import load_profile

    for i, agent in enumerate(pipeline.agents):
        where = f"{pipeline.source}: 'agents[{i}]' ({agent.name})"
        try:
            profile = load_profile(agent.profile, paths)
        except ProfileError as exc:  # a missing profile, or one whose file does not validate
            raise ProfileError(f"{where}: {exc}") from None
        if agent.role != "chat" and agent.role not in profile.roles:  # as Runtime.ask decides it
            raise ProfileError(f"{where}: profile {profile.name} has no {agent.role!r} role "
                               f"(roles: {', '.join(profile.roles) or 'chat'})")
        refused = [t for t in agent.tools or () if not profile.tools.allows(t)]
        if refused:
            raise ProfileError(f"{where}: profile {profile.name} does not enable {', '.join(refused)} "
                               f"(it enables: {', '.join(profile.tools.enabled) or 'no tools'})")
