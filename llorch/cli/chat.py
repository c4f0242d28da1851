"""`llorch chat`: the TUI on a terminal, a plain line mode otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch.cli import _common, complete
from llorch.cli._common import ROW_ID_MAX, LongOptions, SamplingOptions, print_turn, setup_logging, stderr_console, write_out

if TYPE_CHECKING:
    from llorch.chat.conversation import Conversation
    from llorch.cli.notes import Notes
    from llorch.cli._common import TerminalConsent

__all__ = ["register"]


def chat_command(
    model: Optional[str] = typer.Option(None, "--model", "-m", metavar="REF", autocompletion=complete.models, help="Model: a path, an alias, a bundled model (qwen-1.5b, qwen-0.5b, gemma-3-270m) or hf:owner/repo[:QUANT]."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Profile: models, tools, system prompt and sampling (a resumed session keeps its own unless given)."),
    system: Optional[str] = typer.Option(None, "--system", "-s", metavar="TEXT", help="System prompt for this session (default: the profile's)."),
    continue_: bool = typer.Option(False, "--continue", help="Resume the last session."),
    session: Optional[int] = typer.Option(None, "--session", metavar="ID", autocompletion=complete.sessions, min=1, max=ROW_ID_MAX, help="Resume this session."),
    plain: bool = typer.Option(False, "--plain", help="Line mode even on a terminal: read a line, print the answer."),
    ctx_size: Optional[int] = typer.Option(None, "--ctx-size", "-c", min=0, help="Context size in tokens (0: the model's own)."),
    gpu_layers: Optional[str] = typer.Option(None, "--gpu-layers", "-ngl", metavar="N|auto|all", callback=_common.check_gpu_layers, help="GPU layers: auto, all or a number."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads."),
    temperature: Optional[float] = SamplingOptions.temperature,
    top_k: Optional[int] = SamplingOptions.top_k,
    top_p: Optional[float] = SamplingOptions.top_p,
    min_p: Optional[float] = SamplingOptions.min_p,
    repeat_penalty: Optional[float] = SamplingOptions.repeat_penalty,
    seed: Optional[int] = SamplingOptions.seed,
    max_tokens: Optional[int] = SamplingOptions.max_tokens,
    yes: bool = typer.Option(False, "--yes", "-y", help="Let the model's tool calls make the changes you ask for without asking."),
    long: Optional[str] = LongOptions.long,
    files: Optional[list[Path]] = LongOptions.files,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show llorch's and llama.cpp's log on stderr (line mode)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No `note:` lines (line mode) and no start-up note (TUI); errors still show. Config: ui.notes."),
) -> None:
    """Talk to a model; every message is saved and the session can be resumed.

    Examples:

    \b
      llorch chat
      llorch chat --continue
      llorch chat --profile dev
      llorch chat --temperature 0.2 --max-tokens 256
      printf 'Hello\\nAnd again\\n' | llorch chat -m hf:owner/repo
      llorch chat --long summarise --file report.pdf      # the first message is about the file

    --file documents go with the first message; /set long summarise|truncate|refuse changes the policy.
    """
    from llorch.cli.notes import Notes
    from llorch.tools.consent import Consent

    setup_logging(verbose and (plain or not _is_terminal()))
    consent = Consent(assume_yes=yes)  # the question itself comes from the TUI, or the terminal in line mode
    from llorch.runtime import LONG_SLOTS

    documents = LongOptions.documents(files)  # read (and refused) before any model loads
    try:
        # Two slots: the answer, and the TUI's background health probes and cache warming; more for reading
        # a long input in parts.
        slots = LONG_SLOTS if LongOptions.policy(long) == "summarise" else 2
        with _common.open_runtime(ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads, slots=slots,
                                  consent=consent) as rt:
            sampling = SamplingOptions.overrides(temperature=temperature, top_k=top_k, top_p=top_p, min_p=min_p,
                                                 repeat_penalty=repeat_penalty, seed=seed, max_tokens=max_tokens)
            run = rt.store.get_session(session) if session is not None else None
            run = run if run is not None and run.kind == "agents" else None  # an `llorch agents run`'s session
            conv = rt.conversation(session=session, continue_last=continue_, model=model, profile=profile, system=system,
                                   sampling=sampling)
            if run is not None and profile is None:  # (it said the profile 'agents:NAME' "no longer exists")
                conv.start_note = (f"session {run.id} is a run of pipeline {run.profile.removeprefix('agents:')}; "
                                   f"chatting in it with profile {conv.profile_name}")
            conv.long = long
            conv.attach(documents)
            rt.start_housekeeping()
            if rt.config.get("pool.preload") and conv.profile is not None:
                rt.preload(conv.profile)
            notes = Notes.for_command(rt.paths, rt.config, quiet=quiet)
            note = conv.start_note if notes.show(conv.start_note) else None
            try:
                if plain or not _is_terminal():
                    if note:
                        stderr_console().print(f"note: {note}", style="dim", markup=False)
                    asker = None if yes else _common.terminal_consent()
                    consent.ask = asker
                    _line_mode(conv, notes, asker, math=_common.math_as_text(rt.config))
                else:
                    from llorch.tui.app import ChatApp

                    app = ChatApp(conv, note=note, math=rt.config.get("ui.math") == "text")
                    app.run()
                    if app.return_code:  # a crash: Textual showed its traceback and returned (`chat` exited 0)
                        raise typer.Exit(app.return_code)
            finally:
                conv.close()
                if run is not None:
                    _put_back(rt.store, run)
    except KeyboardInterrupt:
        _common.interrupted()


def _put_back(store: Any, run: Any) -> None:
    """A pipeline run opened in chat, and nothing said: its model, profile and time as they were (opening it set
    the chat's model and moved it to the top of `sessions list`)."""
    from llorch.errors import LlorchError

    try:
        if store.get_session(run.id).message_count != run.message_count:
            return
        store.update_session(run.id, model=run.model, profile=run.profile, system_prompt=run.system_prompt,
                             updated_at=run.updated_at)
    except LlorchError:  # removed meanwhile (/sessions rm elsewhere): nothing to put back
        pass


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _line_mode(conv: Conversation, notes: Notes, asker: TerminalConsent | None = None, *, math: bool = False) -> None:
    """Read a line, print the answer, until EOF. Slash commands work here too. `asker` puts the
    model's changes to the user (it stops print_turn's spinner first); `math`: LaTeX math shown as text."""
    from llorch.chat.commands import parse_command
    from llorch.errors import LlorchError
    from llorch.oneshot import decode_input

    err = stderr_console()
    stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            sys.stderr.write(">>> ")
            sys.stderr.flush()
        raw = stream.readline() if stream is not None else sys.stdin.readline().encode()
        if not raw:
            break
        try:
            text = decode_input(raw, source="this line").rstrip("\r\n")
        except LlorchError as exc:  # one bad line is skipped, not the rest of the input
            err.print(f"Error: {exc}", markup=False)
            continue
        if not text.strip():
            continue
        command = parse_command(text)
        if command is not None:
            try:
                _slash_command(conv, command.name, command.arg, err, notes, asker, math=math)
            except LlorchError as exc:  # every command's error is shown; the chat goes on
                err.print(f"Error: {exc}", markup=False)
            except OSError as exc:
                where = f"{exc.filename}: " if exc.filename else ""
                err.print(f"Error: {where}{exc.strerror or exc}", markup=False)
            continue
        try:
            _report(print_turn(conv.send(text), notes=notes, consent=asker, math=math), err)
        except LlorchError as exc:
            err.print(f"Error: {exc}", markup=False)


def _slash_command(conv: Conversation, name: str, arg: str, err: Any, notes: Notes,
                   asker: TerminalConsent | None = None, *, math: bool = False) -> None:
    """A slash command in line mode (the TUI has its own)."""
    from llorch.chat.commands import help_text
    from llorch.chat.export import export_args, export_session

    if name == "help":
        err.print(help_text(), markup=False)
    elif name == "model" and arg:
        info = conv.switch_model(arg)
        err.print(f"model: {arg} ({info.architecture})", markup=False)
    elif name == "model":  # (it said "unknown or unavailable command /model")
        err.print(f"model: {conv.model_ref}; /model REF switches (path, alias, qwen-1.5b, qwen-0.5b, "
                  "hf:owner/repo)", markup=False)
    elif name == "system":
        conv.set_system(arg)
    elif name == "clear":
        err.print(f"new session #{conv.new_session()}", markup=False)
    elif name == "sessions":
        for s in conv.store.list_sessions(20):
            err.print(f"#{s.id} {s.message_count} msgs {s.title}", markup=False)
    elif name == "export":
        fmt, path = export_args(arg)
        text = export_session(conv.store, conv.session_id, fmt)
        if path:
            Path(path).expanduser().write_text(text, encoding="utf-8")  # (an OSError is said by the caller)
            err.print(f"saved to {path}", markup=False)
        else:
            write_out(text)
    elif name == "retry":
        _report(print_turn(conv.retry(), notes=notes, consent=asker, math=math), err)
    elif name in ("profile", "tool"):
        _profile_or_tool(conv, name, arg, err, notes)
    elif name == "consensus":
        err.print(conv.set_consensus(arg), markup=False)
    elif name == "set":
        err.print(conv.set_sampling(arg), markup=False, highlight=False)
    else:
        err.print(f"unknown or unavailable command /{name}; /help lists them", markup=False)


def _profile_or_tool(conv: Conversation, name: str, arg: str, err: Any, notes: Notes) -> None:
    from llorch.chat.commands import split_tool_args

    if name == "profile":
        if not arg:
            err.print(f"profile: {conv.profile_name} (model {conv.model_ref}); /profile NAME switches", markup=False)
            return
        report = conv.switch_profile(arg)
        if notes.show(report.note):
            err.print(f"note: {report.note}", markup=False)
        err.print(f"profile: {report.profile} (model {report.model}, switched in {report.ms:.0f} ms)", markup=False)
        return
    if not arg:
        err.print("tools: " + (", ".join(conv.tool_names()) or "none in this profile"), markup=False)
        return
    tool, words = split_tool_args(arg)
    write_out(conv.run_tool_words(tool, words).text.rstrip("\n") + "\n")


def _report(done: Any, err: Any) -> None:
    if done is not None and done.error:
        err.print(f"Error: {done.error}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("chat")(chat_command)
