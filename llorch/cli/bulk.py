"""`llorch run --each-line`: render a bulk run (llorch/bulk.py): answers in input order, a progress
line on stderr, failures per line, a summary, exit 1 when any line failed."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from llorch.cli._common import fancy_stderr, stderr_console, write_out

if TYPE_CHECKING:
    from llorch.cli.notes import Notes

__all__ = ["GIVE_UP", "each_line"]

GIVE_UP = 8  # this many prompts failed before any answer: every line would fail (a missing model, its breaker open)


def _stdin_lines() -> Iterator[str | Exception]:
    """stdin line by line, never whole (a large input streams); a line that is not text is that line's error."""
    from llorch.errors import InputError
    from llorch.oneshot import decode_input

    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    if stream is None:
        return
    for raw in stream:
        try:
            yield decode_input(raw, source="the line").rstrip("\r\n")
        except InputError as exc:
            yield exc


def each_line(rt: Any, *, prefix: str, parallel: int, jsonl: bool, ask: Mapping[str, Any],
              shown: Notes | None = None) -> int:
    """Answer every stdin line; returns the exit code (1 when any line failed). `shown`: the command's notes
    (--quiet, ui.notes, a standing note said once, as for one answer); None: every note, on every line."""
    from llorch.bulk import run_ordered
    from llorch.chat.events import Notice, TurnDone
    from llorch.errors import InputError, LlorchError
    from llorch.profiles.select import StandingNote

    if sys.stdin.isatty():
        raise InputError("--each-line reads prompts from stdin, one per line; pipe them in")
    sampling = dict(ask.get("sampling") or {})

    notes: dict[int, list[str]] = {}  # each line's notes (a change refused for want of consent: it was said nowhere)

    def kept(text: str) -> bool:
        """Whether a line keeps a note: a standing one ("its chat models are not pulled") only where it is said
        (it was said on every line of every run, through --quiet and ui.notes = false)."""
        return shown is None or not isinstance(text, StandingNote) or shown.show(text)

    def answer(job: Any) -> TurnDone | None:
        done = None
        # Bulk work: an interactive request to the same model (a chat, the server) goes first.
        options = dict(ask) | {"sampling": sampling | dict(job.sampling), "priority": "bulk"}
        if job.model:
            options["model"] = job.model
        if job.system:
            options["system"] = job.system
        for event in rt.ask(job.prompt, **options):
            if isinstance(event, TurnDone):
                done = event
            elif isinstance(event, Notice) and kept(event.text):
                notes.setdefault(job.line, []).append(event.text)
        return done

    rt.start_housekeeping()
    err = stderr_console()
    failed: list[int] = []
    reasons: list[str] = []  # why each prompt failed, while none has been answered
    answered = 0
    start = time.perf_counter()
    progress = _Progress(err) if fancy_stderr() else None
    try:
        for result in run_ordered(_stdin_lines(), answer, concurrency=parallel, prefix=prefix):
            if result.job is None and result.error is None:
                write_out("\n" if not jsonl else "")  # a blank line keeps its place in plain output
                continue
            said = notes.pop(result.line, [])
            for note in said if shown is None or shown.enabled else ():  # (--jsonl records keep them)
                err.print(f"line {result.line}: note: {note}", markup=False, highlight=False)
            if result.error is not None or result.done is None:
                failed.append(result.line)
                why = result.error or "no answer"
                err.print(f"line {result.line}: Error: {why.removeprefix(f'line {result.line}: ')}", markup=False,
                          highlight=False)
                write_out(_record(result, why, said) if jsonl else "\n")
                if result.job is not None and not answered:  # (a line that is not a prompt says nothing of the
                    # lines after it: eight bad JSON lines stopped the run before the good ones)
                    reasons.append(why.removeprefix(f"line {result.line}: "))
                if not answered and len(reasons) >= GIVE_UP:
                    # the cause, not the breaker it opened (lines run at once: line 1's may already be "breaker open")
                    cause = next((r for r in reasons if "breaker open" not in r), reasons[0])
                    raise LlorchError(f"the first {len(reasons)} prompts all failed, so llorch stopped: {cause}")
            else:
                answered += 1
                if result.done.consensus is not None:  # (how the vote went was said for no line)
                    err.print(f"line {result.line}: {result.done.consensus.summary()}", markup=False, highlight=False)
                # one answer per input line: an answer's own line breaks become spaces (a list of three shifted every
                # answer after it by two lines); --jsonl keeps them
                write_out(_record(result, None, said) if jsonl else " ".join(result.done.text.split()) + "\n")
            if progress is not None:
                progress.update(answered, len(failed))
    finally:
        if progress is not None:
            progress.stop()
    total = answered + len(failed)
    elapsed = time.perf_counter() - start
    if failed:
        listed = ", ".join(map(str, failed[:10])) + (", ..." if len(failed) > 10 else "")
        err.print(f"{total} line(s) in {elapsed:.1f} s: {answered} answered, {len(failed)} failed (lines {listed})",
                  markup=False, highlight=False)
        return 1
    if progress is not None or total > 1:
        err.print(f"{total} line(s) answered in {elapsed:.1f} s", markup=False, highlight=False, style="dim")
    return 0


def _record(result: Any, error: str | None, notes: list[str]) -> str:
    data: dict[str, Any] = {"line": result.line}
    if result.job is not None and result.job.id is not None:
        data["id"] = result.job.id
    elif result.id is not None:  # a JSON line that parses but is not a prompt: its id, for a join by id
        data["id"] = result.id
    if notes:
        data["notes"] = notes
    if error is not None:
        data["error"] = error
    else:
        done = result.done
        c = done.completion
        data |= {"text": done.text, "model": done.source.model if done.source else None,
                 "worker": done.route.worker if done.route is not None else None}
        if done.consensus is not None:
            data["consensus"] = done.consensus.to_dict()
        if c is not None:
            data |= {"finish_reason": c.finish_reason, "usage": {"prompt_tokens": c.usage.prompt_tokens,
                     "completion_tokens": c.usage.completion_tokens}, "total_ms": round(c.timings.total_ms, 1)}
    return json.dumps(data, ensure_ascii=False) + "\n"


class _Progress:
    """A one-line progress display on a terminal's stderr: lines done, failed, lines per second."""

    def __init__(self, console: Any) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                  console=console, transient=True)
        self._task = self._progress.add_task("starting…", total=None)
        self._start = time.perf_counter()
        self._progress.start()

    def update(self, done: int, failed: int) -> None:
        rate = (done + failed) / max(time.perf_counter() - self._start, 1e-9)
        text = f"{done} answered" + (f", {failed} failed" if failed else "") + f" · {rate:.1f} lines/s"
        self._progress.update(self._task, description=text)

    def stop(self) -> None:
        self._progress.stop()
