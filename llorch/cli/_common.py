"""Helpers shared by the command modules: settings, consoles, logging."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from llorch.config import Config, Paths, load_config, resolve_paths

if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from datetime import datetime

    from llorch.chat.events import TurnDone

    from rich.console import Console

    from llorch.cli.notes import Notes

    from llorch.engine.types import EngineOptions
    from llorch.runtime import Runtime
    from llorch.tools.consent import Answer, Consent, WriteRequest

__all__ = [
    "UsageError",
    "check_gpu_layers",
    "stdin_is_terminal",
    "TerminalConsent",
    "terminal_consent",
    "tool_line",
    "print_turn",
    "fancy_stderr",
    "load_settings",
    "open_backend",
    "open_runtime",
    "setup_logging",
    "stderr_console",
    "stdout_console",
    "terminal_width",
    "write_out",
    "interrupted",
    "EXIT_PIPE_CLOSED",
    "MAX_SEED",
    "ROW_ID_MAX",
    "SamplingOptions",
]


class UsageError(typer.BadParameter):
    """A usage error (exit 2) whose message is said as written: Typer's BadParameter would
    begin it with "Invalid value", which fits a bad value but not, e.g., a missing prompt."""

    def format_message(self) -> str:
        return self.message


def check_long(value: str | None) -> str | None:
    """--long: one of the overflow policies (summarize is taken too); anything else is a usage error."""
    from llorch.config import parse_value
    from llorch.errors import ConfigError

    if value is None:
        return None
    try:
        return str(parse_value("limits.long", value, source="--long"))
    except ConfigError:
        raise typer.BadParameter(f"give summarise, truncate or refuse, not {value!r}") from None


class LongOptions:
    """The long-input options `run`, `chat` and `agents run` share: the overflow policy and documents."""

    long: Any = typer.Option(
        None, "--long", metavar="summarise|truncate|refuse", callback=check_long,
        help="Input longer than the context: read it in parts and combine the answers (summarise), keep what "
             "fits (truncate) or stop with an error (refuse). Config: limits.long (default refuse).")
    files: Any = typer.Option(
        None, "--file", "-f", metavar="PATH",
        help="A document the prompt is about: Markdown, text or PDF, or a pipe: --file <(git diff) (repeatable); "
             "read with stdin.")

    @staticmethod
    def policy(given: str | None) -> str:
        """The policy for this command: the flag's, else config.toml's limits.long."""
        return given or str(load_settings()[1].get("limits.long"))

    @staticmethod
    def documents(paths: list[Path] | None, piped: str | None = None) -> list[Any]:
        """Piped text (when not blank) and each file's text, in that order, as chat.longinput.Documents.
        A missing, unreadable, binary or empty file is an InputError naming it."""
        from llorch.chat.longinput import Document
        from llorch.errors import InputError
        from llorch.userfiles import read_document

        docs = [Document(piped)] if piped is not None and piped.strip() else []
        for path in paths or []:
            if str(path) == "-":
                raise InputError("--file -: piped text needs no --file (`git diff | llorch run \"...\"`); "
                                 "or give --file <(command)")
            doc = read_document(path, pipes=True)  # `--file <(git diff)`: a pipe, read as cat reads it
            if not doc.text.strip():
                raise InputError(f"{path} is empty; give a file with text in it")
            docs.append(Document(doc.text, str(path)))
        return docs


def check_gpu_layers(value: str | None) -> str | None:
    """--gpu-layers: a bad value is a usage error, found before any model loads."""
    from llorch.config import parse_value
    from llorch.errors import ConfigError

    if value is not None:
        try:
            parse_value("engine.n_gpu_layers", value, source="--gpu-layers")
        except ConfigError:
            raise typer.BadParameter(f"give auto, all or a number of layers (0 or more), not {value!r}") from None
    return value


def stdin_is_terminal() -> bool:
    """Whether stdin is a terminal (or absent): nothing is piped in."""
    stream = sys.stdin
    if stream is None or stream.closed:
        return True
    try:
        return stream.isatty()
    except ValueError:
        return True


def load_settings() -> tuple[Paths, Config]:
    paths = resolve_paths()
    return paths, load_config(paths)


def _color_ok(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def fancy_stderr() -> bool:
    """Colour and spinners on stderr: only on a terminal, and never with NO_COLOR."""
    return _color_ok(sys.stderr)


def stderr_console() -> Console:
    from rich.console import Console

    # (markup off, here and on stdout: a title or a model's words holding "[/INST]" raised MarkupError; nothing here
    # styles by markup)
    return Console(stderr=True, color_system="auto" if fancy_stderr() else None, highlight=False, soft_wrap=True,
                   markup=False)


def stdout_console() -> Console:
    from rich.console import Console

    class Output(Console):
        def on_broken_pipe(self) -> None:  # rich's exits 1, an error to `set -o pipefail` (`llorch info | head -c 1`)
            self.quiet = True
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            raise SystemExit(EXIT_PIPE_CLOSED)

    isatty = getattr(sys.stdout, "isatty", None)
    piped = not (isatty and isatty())
    # Piped output is for grep and friends: never truncate it to a terminal width.
    return Output(color_system="auto" if _color_ok(sys.stdout) else None, highlight=False, soft_wrap=True,
                  width=4096 if piped else None, markup=False)


def terminal_width() -> int | None:
    """The width wide output (tables) should fit: $COLUMNS, else the terminal's; None when stdout
    is piped and COLUMNS is unset (a file or grep takes lines of any length)."""
    import shutil

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    isatty = getattr(sys.stdout, "isatty", None)
    if isatty and isatty():
        return shutil.get_terminal_size().columns
    return None


ROW_ID_MAX = 2**63 - 1  # SQLite's largest row id: a session or bench run id beyond it is a usage error
MAX_SEED = 2**32 - 2  # llama.cpp's seeds are 32-bit, and 2**32 - 1 means "random"


class SamplingOptions:
    """The sampling options `run` and `chat` share (one declaration each), and the overrides they make."""

    temperature: Any = typer.Option(None, "--temperature", min=0.0, help="Sampling temperature (0: greedy).")
    top_k: Any = typer.Option(None, "--top-k", min=0, help="Top-k sampling (0: off).")
    top_p: Any = typer.Option(None, "--top-p", min=0.0, max=1.0, help="Top-p (nucleus) sampling.")
    min_p: Any = typer.Option(None, "--min-p", min=0.0, max=1.0, help="Min-p sampling.")
    repeat_penalty: Any = typer.Option(None, "--repeat-penalty", min=0.0, help="Repetition penalty (1: off).")
    seed: Any = typer.Option(None, "--seed", min=0, max=MAX_SEED,
                             help="Sampling seed (0 to 4294967294), for repeatable answers.")
    max_tokens: Any = typer.Option(None, "--max-tokens", "-n", min=1, help="Most tokens to generate.")

    @staticmethod
    def overrides(**given: Any) -> dict[str, Any]:
        """The sampling fields given on the command line (the rest come from config and the profile), held to the
        bounds config.toml holds them to (`--temperature inf` was taken, and generated; config refuses 1e999)."""
        from llorch.config import check_sampling
        from llorch.errors import FieldError

        chosen = {k: v for k, v in given.items() if v is not None}
        try:
            check_sampling(chosen)
        except FieldError as exc:
            raise typer.BadParameter(f"must be {exc.expected}, not {exc.value}",
                                     param_hint=f"--{exc.key.replace('_', '-')}") from None
        return chosen

# Exit code when the reader of stdout went away (`llorch run … | head -c 20`): 128 + SIGPIPE,
# what a shell reports for other tools in that spot.
EXIT_PIPE_CLOSED = 141


def write_out(text: str) -> None:
    """Write answer text to stdout as UTF-8 whatever the locale, and flush it now.

    When the reader has gone away, stdout is pointed at /dev/null (so nothing fails again
    on exit) and the command ends quietly with exit code 141; whatever was answering is
    cancelled on the way out."""
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8", errors="replace"))
            buffer.flush()
        else:  # a test runner's text-only stream
            sys.stdout.write(text)
            sys.stdout.flush()
    except BrokenPipeError:
        import typer

        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        raise typer.Exit(EXIT_PIPE_CLOSED) from None


def interrupted() -> NoReturn:
    """Ctrl-C: say so on stderr and exit 130 (what was printed stays printed)."""
    import typer

    sys.stderr.write("\nInterrupted.\n")
    sys.stderr.flush()
    raise typer.Exit(130)


def setup_logging(verbose: bool) -> None:
    """Send llorch's log (llama.cpp's included) to stderr when verbose; keep it quiet otherwise."""
    root = logging.getLogger("llorch")
    for handler in list(root.handlers):
        if getattr(handler, "_llorch", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler._llorch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.ERROR + 10)
    root.propagate = False
    # Other libraries' log (bibtexparser's "Parsing of `@article` block … aborted", pypdf's "EOF marker not found")
    # reached stderr through logging's last-resort handler around llorch's one-line error: only with --verbose now.
    top = logging.getLogger()
    for handler in list(top.handlers):
        if getattr(handler, "_llorch", False):
            top.removeHandler(handler)
    other: logging.Handler = logging.StreamHandler(sys.stderr) if verbose else logging.NullHandler()
    other.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    other._llorch = True  # type: ignore[attr-defined]
    top.addHandler(other)


def open_backend(path: Path, options: EngineOptions, name: str) -> Any:
    """Load a model into a worker; the seam CLI tests replace to run commands on the fake backend."""
    from llorch.config import load_config, resolve_paths
    from llorch.models import resolve_model
    from llorch.runtime import open_worker

    paths = resolve_paths()

    def resolve(draft: str) -> Path:
        return resolve_model(draft, paths, load_config(paths)).path

    return open_worker(path, options, name, kv_dir=paths.cache_dir / "kv", resolve=resolve)


def open_runtime(
    *,
    ctx_size: int | None = None,
    gpu_layers: str | None = None,
    threads: int | None = None,
    flash_attn: bool | None = None,
    slots: int = 1,
    force_slots: bool = False,
    consent: Consent | None = None,
    now: Callable[[], datetime] | None = None,
) -> Runtime:
    """The runtime for one command, with its engine flags; models load through `open_backend`.

    `slots`: how many requests at once each model should take when config.toml leaves it automatic
    (with `force_slots`, whatever config.toml says: a command-line flag). `consent`: who agrees to the
    model's writes (default: nobody, so only what the profile "allow"s runs). `now`: the clock the tools and
    prompts read (default: the real one)."""
    from llorch.runtime import EngineOverrides, Runtime

    overrides = EngineOverrides(ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads, flash_attn=flash_attn,
                                slots=slots, force_slots=force_slots)
    return Runtime.open(engine=overrides, open_model=lambda path, options, name: open_backend(path, options, name),
                        consent=consent, now=now)


class TerminalConsent:
    """Asks on a terminal whether the model may make a change: the call on stderr, then y / n / always.

    `read_line` returns the user's line ("" at end of input, which is a no). `before` runs first (it
    stops a spinner that would draw over the question)."""

    def __init__(self, read_line: Callable[[], str], write: Callable[[str], None]) -> None:
        self._read_line = read_line
        self._write = write
        self.before: Callable[[], None] = lambda: None

    def __call__(self, request: WriteRequest) -> Answer:
        from llorch.tools.consent import Answer

        self.before()
        self._write(f"llorch wants to make a change: {request.describe()}\n")
        for _ in range(3):
            self._write(f"Allow it? [y]es, [n]o, [a]lways for {request.tool} in this session: ")
            line = self._read_line()
            if not line:
                self._write("\n")
                return Answer.NO
            word = line.strip().lower()
            if word in ("y", "yes"):
                return Answer.YES
            if word in ("a", "always"):
                return Answer.ALWAYS
            if word in ("", "n", "no"):
                return Answer.NO
        return Answer.NO


def terminal_consent() -> TerminalConsent | None:
    """A question on the terminal, when there is one: answers are read from stdin when it is the
    terminal, else from /dev/tty (stdin carries the prompt); None without a terminal (a script, a pipe)."""
    def write(text: str) -> None:
        sys.stderr.write(text)
        sys.stderr.flush()

    if not getattr(sys.stderr, "isatty", lambda: False)():
        return None
    stdin = sys.stdin
    if stdin is not None and not stdin.closed and stdin.isatty():
        return TerminalConsent(stdin.readline, write)
    try:
        os.close(os.open("/dev/tty", os.O_RDWR))
    except OSError:
        return None

    def read_tty() -> str:
        try:
            with open("/dev/tty", encoding="utf-8", errors="replace") as tty:
                return tty.readline()
        except OSError:
            return ""

    return TerminalConsent(read_tty, write)


def _short(value: Any) -> str:
    """An argument as the tool line shows it: a long text (the count tool's piped file) cut to its start."""
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:60]}…[{len(str(value)):,} chars]"


def tool_line(event: Any) -> str:
    """One line for a tool call: `math(expression='2+2') -> 4`."""
    args = ", ".join(f"{k}={_short(v)}" for k, v in event.arguments.items())
    result = " ".join(event.text.split())
    return f"{event.name}({args}) -> {result[:200]}{'…' if len(result) > 200 else ''}"


def follow(steps: Generator[Any, None, Any], *, notes: Notes | None = None) -> Any:
    """Run `steps` (Runtime.condense and the like) to its end, showing what it yields as print_turn does
    (a spinner while a model loads, the progress bar of a long input, notes), and return its value."""
    from llorch.chat.events import Loading, Notice
    from llorch.chat.longinput import Condensing
    from llorch.chat.notes import condensing_line, reading_line
    from llorch.engine.types import PromptProgress

    err = stderr_console()
    fancy = fancy_stderr()
    spinner: Any = None
    try:
        while True:
            try:
                event = next(steps)
            except StopIteration as stop:
                return stop.value
            if isinstance(event, Notice):
                if notes is None or notes.show(event.text):
                    err.print(f"note: {event.text}", style="dim", markup=False)
                continue
            line = (condensing_line(event) if isinstance(event, Condensing) else reading_line(event)
                    if isinstance(event, PromptProgress) else f"Loading {event.model}…" if isinstance(event, Loading)
                    else None)
            if line is None or not fancy:
                continue
            if spinner is None:
                spinner = err.status(line, spinner="dots")
                spinner.start()
            else:
                spinner.update(line)
    finally:
        if spinner is not None:
            spinner.stop()
        steps.close()


def math_as_text(config: Config | None = None) -> bool:
    """Whether an answer printed to stdout shows its LaTeX math as text (chat.mathtext): on a terminal, unless
    `config` (default: the user's, read now) says ui.math = "latex"; a pipe gets what the model wrote."""
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty()) and (config or load_settings()[1]).get("ui.math") == "text"


def print_turn(
    events: Generator[Any, None, None], *, echo: bool = True, max_tokens_hint: str = "sampling.max_tokens",
    notes: Notes | None = None, consent: TerminalConsent | None = None, math: bool | None = None,
) -> TurnDone | None:
    """Stream a turn's events: answer text to stdout (unless `echo` is off), notes to stderr (those
    `notes` lets through), on a terminal a spinner while a model loads and then how much of a long
    prompt is read; at the end a note if the answer was cut short (`max_tokens_hint`: what raises the limit).
    `consent`: the question the turn may ask, which stops the spinner first. `math`: LaTeX math shown as
    text (None: math_as_text()).

    Returns the turn's end. The generator is closed on the way out, so a Ctrl-C while
    printing still reaches the conversation, which saves the partial answer as cancelled.
    """
    import contextlib

    from llorch.chat.events import Loading, Notice, Skipped, ToolEvent, TurnDone
    from llorch.chat.longinput import Condensing
    from llorch.chat.mathtext import MathText
    from llorch.chat.notes import condensing_line, cut_note, reading_line
    from llorch.engine.types import PromptProgress

    err = stderr_console()
    fancy = fancy_stderr()
    done: TurnDone | None = None
    last = ""
    spinner: Any = None
    shown = MathText() if echo and (math_as_text() if math is None else math) else None

    def flush() -> None:  # what the math filter holds (a span not ended), as it stands
        nonlocal last
        rest = shown.close() if shown is not None else ""
        if rest:
            write_out(rest)
            last = rest

    def stop_spinner() -> None:
        nonlocal spinner
        if spinner is not None:
            spinner.stop()
            spinner = None

    def show(line: str) -> None:
        """The spinner (started if none runs) says `line`."""
        nonlocal spinner
        if spinner is None:
            spinner = err.status(line, spinner="dots")
            spinner.start()
        else:
            spinner.update(line)

    if consent is not None:
        consent.before = stop_spinner
    with contextlib.closing(events):
        try:
            for event in events:
                if isinstance(event, Condensing):  # a long input read in parts: a bar on a terminal, else nothing
                    if fancy:
                        show(condensing_line(event))
                    continue
                if isinstance(event, PromptProgress):
                    if fancy:  # the loading spinner, if any, now says how far the prompt is read
                        show(reading_line(event))
                    continue
                if spinner is not None:
                    spinner.stop()
                    spinner = None
                if isinstance(event, Loading):
                    if fancy:
                        spinner = err.status(f"Loading {event.model}…", spinner="dots")
                        spinner.start()
                elif isinstance(event, Notice):
                    if notes is None or notes.show(event.text):
                        err.print(f"note: {event.text}", style="dim", markup=False)
                elif isinstance(event, ToolEvent):
                    err.print(f"tool: {tool_line(event)}", style="dim", markup=False)
                    if fancy:  # (an answer to a tool's result may be checked before it is shown: chat/recheck.py)
                        show("Answering…")
                elif isinstance(event, Skipped):
                    if event.partial and echo:
                        flush()
                        write_out("\n")
                    if notes is None or notes.enabled:
                        err.print(f"note: {event.model} could not answer ({event.reason}); trying the next source",
                                  markup=False)
                elif isinstance(event, TurnDone):
                    done = event
                    flush()
                    if last and not last.endswith("\n"):
                        write_out("\n")  # the answer's line ends before what is said about it on stderr
                        last = "\n"
                    if event.source is not None and event.source.fallback and event.source.kind != "degraded":
                        err.print(f"source: {event.source.label()}", markup=False)
                    if event.consensus is not None:
                        err.print(event.consensus.summary(), markup=False, highlight=False)
                elif event.text and echo:
                    text = shown.feed(event.text) if shown is not None else event.text
                    if text:
                        write_out(text)
                        last = text
            flush()
        finally:
            if spinner is not None:  # Ctrl-C during a load: the spinner's thread must not outlive it
                spinner.stop()
    if last and not last.endswith("\n"):
        write_out("\n")
    if done is not None and done.source is not None and done.source.kind == "model":
        note = cut_note(done.completion, max_tokens_hint=max_tokens_hint)
        if note and (notes is None or notes.enabled):
            err.print(f"note: {note}", markup=False, highlight=False)
    return done
