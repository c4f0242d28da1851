"""`llorch agents`: multi-agent pipelines (llorch/agents/): list them, run one on a task, resume a run."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from llorch.cli import _common
from llorch.cli._common import (
    ROW_ID_MAX, LongOptions, UsageError, load_settings, setup_logging, stderr_console, write_out,
)

__all__ = ["app"]

app = typer.Typer(help="Multi-agent pipelines: several profiles working on one task.", no_args_is_help=True)


@app.command("list")
def list_cmd() -> None:
    """The pipelines: your own (config dir's pipelines/) and the built-in ones.

    \b
    Example: llorch agents list
    """
    from llorch.agents.pipeline import list_pipelines, load_pipeline
    from llorch.errors import LlorchError

    paths, _ = load_settings()
    for name, path in list_pipelines(paths):
        try:
            p = load_pipeline(str(path), paths)
            agents = ", ".join(f"{a.name} ({a.profile})" for a in p.agents)
            write_out(f"{name:<16} {p.flow:<9} {agents}  {p.description}\n")
        except LlorchError as exc:
            write_out(f"{name:<16} invalid: {exc}\n")


@app.command("run")
def run_cmd(
    pipeline: str = typer.Argument(..., metavar="PIPELINE", help="A pipeline's name (llorch agents list) or a .toml file."),
    task: Optional[list[str]] = typer.Argument(None, metavar="TASK...", help="What the agents should do."),
    session: Optional[int] = typer.Option(None, "--session", min=1, max=ROW_ID_MAX, metavar="ID", help="Resume this run: steps already answered are not run again."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Let the agents' tool calls make changes (calendar adds, ...); without it only what a profile \"allow\"s runs."),
    long: Optional[str] = LongOptions.long,
    files: Optional[list[Path]] = LongOptions.files,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log on stderr."),
) -> None:
    """Run a pipeline on a task: each agent's steps on stderr, the final answer on stdout, the run saved as a session.

    Examples:

    \b
      llorch agents run research-code "a function that deduplicates a list, with sources on the algorithm"
      llorch agents run productivity --yes "email Sam about Friday's review and put it in the calendar for 3pm"
      llorch agents run research-code --session 12      # resume a run that stopped
      llorch agents run research-code --long summarise --file spec.pdf "implement what section 3 asks"

    With --file or --long, piped stdin is read as a document too; documents longer than the context are
    handled by the overflow policy (summarise: read in parts and answered for the task once, and the agents
    work from that).
    """
    from llorch.agents.documents import task_with_documents
    from llorch.agents.pipeline import load_pipeline
    from llorch.agents.runner import AgentEvent, run_pipeline
    from llorch.cli.notes import Notes
    from llorch.cli.run import read_stdin
    from llorch.runtime import LONG_SLOTS
    from llorch.tools.consent import Consent

    setup_logging(verbose)
    text = " ".join(task or []).strip()
    with_documents = bool(files) or long is not None
    if with_documents and session is not None:
        raise UsageError("--file and --long go with a new task; a resumed run (--session) keeps its own")
    documents = LongOptions.documents(files, read_stdin()) if with_documents else []
    if not text and not documents and session is None:
        # A missing task is a usage error, exit 2, as a missing prompt is for `llorch run` (it exited 1).
        raise UsageError("give the task, e.g. llorch agents run research-code \"...\" (or --session ID to resume)")
    paths, config = load_settings()
    pipe = load_pipeline(pipeline, paths)
    err = stderr_console()
    notes = Notes.for_command(paths, config)  # (a standing note was said on every run, through ui.notes = false)

    def show(event: AgentEvent) -> None:
        if event.kind == "start":
            err.print(f"[{event.agent}] working ({event.text})…", style="dim", markup=False, highlight=False)
        elif event.kind == "tool":
            err.print(f"[{event.agent}] tool: {event.text}", style="dim", markup=False, highlight=False)
        elif event.kind == "note":
            if notes.show(event.text):
                err.print(f"[{event.agent}] note: {event.text}", markup=False, highlight=False)
        else:
            err.print(f"[{event.agent}] done: {event.text}", markup=False, highlight=False)

    try:
        # Agents run unattended: nobody is asked, so their changes need --yes or a profile that "allow"s them.
        slots = LONG_SLOTS if with_documents and LongOptions.policy(long) == "summarise" else 2
        with _common.open_runtime(slots=slots, consent=Consent(assume_yes=yes)) as rt:
            rt.start_housekeeping(command=f"llorch agents run {pipe.name}")
            if with_documents:
                first = pipe.agents[0].profile if pipe.agents else None
                text = _common.follow(task_with_documents(rt, text, documents, long=long, profile=first))
            result = run_pipeline(rt, pipe, text, session=session, on_event=show, ref=pipeline)
    except KeyboardInterrupt:
        _common.interrupted()
    write_out(result.answer.rstrip("\n") + "\n")
    turns = ", ".join(f"{name} {n}" for name, n in result.steps.items()) or "none"
    resumed = f", {result.resumed} resumed" if result.resumed else ""
    err.print(f"pipeline {pipe.name}: turns {turns}{resumed}; {result.tokens} tokens; {result.seconds:.1f} s; "
              f"session #{result.session_id}", style="dim", markup=False, highlight=False)
