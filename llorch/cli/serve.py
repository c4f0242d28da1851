"""`llorch serve`: the OpenAI- and Anthropic-compatible server (llorch/server/)."""

from __future__ import annotations

import contextlib
import ipaddress
import signal
import socket
import threading
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, Optional

import typer

from llorch import interrupts
from llorch.cli import _common, complete
from llorch.cli._common import setup_logging, stderr_console

if TYPE_CHECKING:
    from llorch.runtime import Runtime

__all__ = ["register"]

SERVE_SLOTS = 4  # requests each model answers at once when engine.slots is automatic (0)
_BACKSTOP_S = 10  # after --drain, how long uvicorn waits for requests the closed models have ended


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a busy port is one clear error (and --port 0 picks a free one)."""
    from llorch.errors import LlorchError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise LlorchError(f"cannot listen on {host}: {exc.strerror}; give an address of this machine with --host") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise LlorchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}; pick another --port") from None
    sock.set_inheritable(True)
    return sock


def _offered(rt: Runtime, refs: list[str]) -> tuple[str, ...]:
    """The --model references, each checked now: a client should never be the first to learn one is missing."""
    from llorch.errors import ModelNotFoundError
    from llorch.models.registry import missing_reason

    for ref in refs:
        reason = missing_reason(ref, rt.paths, rt.config)
        if reason is not None:
            raise ModelNotFoundError(f"--model {ref}: not available here ({reason}); give a GGUF file, an alias, "
                                     "a bundled or pulled model, or an openai: reference")
    return tuple(ref.strip() for ref in refs)


def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8080, "--port", min=0, max=65535, help="Port (0: any free port, printed on stderr)."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", metavar="NAME", autocompletion=complete.profiles, help="Profile answering requests that name no model (default: config's default_profile)."),
    models: Optional[list[str]] = typer.Option(None, "--model", "-m", metavar="REF", autocompletion=complete.models,
                                               help="Also offer this model (a path, hf: or openai: reference) to clients; repeatable. "
                                                    "Profiles, bundled, pulled and aliased models are always offered; nothing else."),
    api_key: Optional[str] = typer.Option(None, "--api-key", metavar="KEY", envvar="LLORCH_API_KEY", help="Require this key (Authorization: Bearer KEY, or x-api-key); also LLORCH_API_KEY."),
    ctx_size: Optional[int] = typer.Option(None, "--ctx-size", "-c", min=0, help="Context size in tokens per slot (0: the model's own)."),
    gpu_layers: Optional[str] = typer.Option(None, "--gpu-layers", "-ngl", metavar="N|auto|all", callback=_common.check_gpu_layers, help="GPU layers: auto, all or a number."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="CPU threads."),
    slots: Optional[int] = typer.Option(None, "--slots", "-np", min=1, max=64, help=f"Requests each model answers at once, batched (default: engine.slots, or {SERVE_SLOTS})."),
    drain: float = typer.Option(10.0, "--drain", min=0.0, metavar="SECONDS", help="On Ctrl-C / SIGTERM, how long running answers may finish."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log every request, and llorch's and llama.cpp's log, on stderr."),
) -> None:
    """Serve the OpenAI and Anthropic APIs on this machine's models.

    Examples:

    \b
      llorch serve
      llorch serve --port 8000 --profile dev
      llorch serve -m ~/models/mistral-7b-q4_k_m.gguf -m openai:http://gpu-box:8080/v1
      LLORCH_API_KEY=secret llorch serve --host 0.0.0.0
      curl http://127.0.0.1:8080/v1/chat/completions \\
        -H 'Content-Type: application/json' \\
        -d '{"model": "qwen-1.5b", "messages": [{"role": "user", "content": "Hi"}]}'
    """
    import uvicorn

    from llorch.server.app import ServerOptions, create_app
    from llorch.server.deadlines import deadline_protocol

    setup_logging(verbose)
    err = stderr_console()
    if not api_key and not _loopback(host):
        err.print(f"warning: listening on {host} without an API key: anyone who can reach this machine can use its "
                  "models; set --api-key or LLORCH_API_KEY", markup=False)
    sock = _listen(host, port)
    stopping = contextlib.ExitStack()  # unwound after the runtime: see below
    with stopping, _common.open_runtime(ctx_size=ctx_size, gpu_layers=gpu_layers, threads=threads,
                                        slots=slots or SERVE_SLOTS, force_slots=slots is not None) as rt:
        offered = _offered(rt, models or [])
        options = ServerOptions(api_key=api_key or None, profile=profile, models=offered,
                                queue_limit=int(rt.config.get("server.queue_limit")),
                                max_body_bytes=int(rt.config.get("server.max_body_mb")) * 2**20)
        app = create_app(rt, options)
        rt.start_housekeeping(command="llorch serve")
        target = rt.target(f"profile:{profile}" if profile else None)
        rt.models.preload(target.chain[:1])  # the first answer should not wait for a load
        # Nor for its profile's system prompt: each profile's prompt prefix on that model, restored from
        # disk or evaluated (and saved), in the background; requests meanwhile queue beside it.
        threading.Thread(target=rt.warm_prefixes, args=(target.chain[0],), name="llorch-warm", daemon=True).start()
        # uvicorn cancels what still runs after its graceful timeout (a traceback per request): the
        # answers are ended first, when --drain is over (below); its timeout is only a backstop.
        protocol = deadline_protocol(float(rt.config.get("server.header_timeout_s")),
                                     float(rt.config.get("server.body_timeout_s")))
        config = uvicorn.Config(app, http=protocol, log_level="info" if verbose else "warning", access_log=verbose,
                                timeout_graceful_shutdown=int(drain) + _BACKSTOP_S, lifespan="off")
        server = _server(config)
        draining = _Drain(server, drain, rt.models.close)
        threading.Thread(target=draining.run, name="llorch-serve-drain", daemon=True).start()

        # From here (before "listening" is said) Ctrl-C / SIGTERM mean "stop serving", also before
        # uvicorn has started; while the models close and the process exits they change nothing
        # (SIGTERM's own handler is back once the runtime is closed: the stack unwinds after it).
        # Nothing is raised, the exit code stays 0, and a third Ctrl-C ends the process at once.
        stopping.enter_context(interrupts.stop_quietly(draining.stop))
        stopping.enter_context(_on_signal(signal.SIGTERM, draining.stop))
        if not interrupts.installed():  # called in-process: Python's own handler would raise
            stopping.enter_context(_on_signal(signal.SIGINT, draining.stop))
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        err.print(f"llorch serve: listening on http://{shown}:{bound_port} (OpenAI: /v1, Anthropic: /v1/messages; "
                  f"profile {target.profile.name}, model {target.chain[0]}); Ctrl-C stops", markup=False, highlight=False)
        try:
            server.run(sockets=[sock])
        finally:
            draining.finished.set()
            # It may be closing the models: the runtime closes, and the process exits, after it (an exit
            # while it was inside llama_free aborted the process). Ctrl-C raises nothing here (above).
            draining.drained.wait()
    err.print("llorch serve: stopped", markup=False, highlight=False)


class _Drain:
    """Ctrl-C / SIGTERM mean: stop accepting, give running answers `seconds`, then end them (`close`).

    `stop` runs in signal handlers, and Python runs a handler wherever the main thread is, a first
    handler included: a second Ctrl-C that lands while the first one's handler runs. So it takes no lock
    (an Event's set() does: a handler that ran inside another's set() waited on the lock its own thread
    held, and the server hung for good, 1 in 60 stress tries). It sets two plain flags; the drain
    thread looks at them."""

    _LOOK_S = 0.1  # how often the drain thread looks for a stop

    def __init__(self, server: Any, seconds: float, close: Callable[[], None]) -> None:
        self.server = server
        self.seconds = seconds
        self.close = close
        self.stopped = False  # a plain attribute: written by signal handlers, read by the drain thread
        self.finished = threading.Event()  # the server loop has ended (set by the main thread, never a handler)
        self.drained = threading.Event()  # the drain thread is done: the runtime may close

    def stop(self) -> None:
        """A signal handler: lock-free, and harmless when called again, or inside itself."""
        self.server.should_exit = True
        self.stopped = True

    def run(self) -> None:
        """The drain thread: once stopped, wait `seconds` for the server loop to end, then close the models
        (every answer still running ends: its handle fails, so uvicorn cancels none)."""
        try:
            while not self.stopped:
                if self.finished.wait(self._LOOK_S):
                    return  # the server ended of itself
            if not self.finished.wait(self.seconds):
                self.close()
        finally:
            self.drained.set()


def _server(config: Any) -> Any:
    """A uvicorn server that leaves signals to llorch: its own handler forces an exit on a second Ctrl-C
    by cancelling running requests, each of which then logs a traceback."""
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Generator[None, None, None]:
            yield

    return Server(config)


@contextlib.contextmanager
def _on_signal(sig: int, action: Callable[[], None]) -> Iterator[None]:
    previous = signal.signal(sig, lambda *_: action())
    try:
        yield
    finally:
        signal.signal(sig, previous)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
