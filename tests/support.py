"""Helpers the test modules share (importable as `support`: tests/conftest.py puts this folder on sys.path)."""

from __future__ import annotations

import contextlib
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import typer
from typer.testing import CliRunner, Result


def invoke_main(args: list[str], input: bytes | str | None = None) -> Result:
    """Call llorch's `main()` (errors become `Error: ...` and exit 1) under CliRunner's stream isolation."""
    from llorch.cli.main import main

    wrapper = typer.Typer(add_completion=False)

    @wrapper.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
    def cmd(ctx: typer.Context) -> None:
        main(list(ctx.args))

    return CliRunner().invoke(wrapper, args, input=input)


async def wait_until(pilot: Any, cond: Callable[[], bool], timeout: float = 60.0) -> None:
    """Let the app run until `cond()` holds; fail after `timeout` seconds (a hang guard, not a timing)."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def llama_worker(path: Any, options: Any, name: str | None = None) -> Any:
    """A real llama.cpp worker (LlamaSlots behind a Worker) for engine tests; use it with `with`."""
    from llorch.engine.llama import LlamaSlots
    from llorch.orchestra.worker import Worker

    return Worker(LlamaSlots(path, options, name=name))


def gate_decode(engine: Any, after: int) -> tuple[Any, Any]:
    """Make `engine.decode` stop before its call number `after` + 1 until the returned event is set.

    Returns (paused, release): `paused` is set when the scheduler waits at the gate. The
    wait is bounded (30 s), so a test that forgets to release cannot hang the suite."""
    import threading

    paused, release = threading.Event(), threading.Event()
    inner = engine.decode
    calls = [0]

    def decode(entries: Any) -> int:
        calls[0] += 1
        if calls[0] > after and not release.is_set():
            paused.set()
            release.wait(30)
        return int(inner(entries))

    engine.decode = decode
    return paused, release


class Neighbour:
    """A thread that keeps allocating and freeing memory (up to about `keep` x 4 KiB held) while a test
    runs, as other threads of a busy test process do; a memory figure must not move with it.

    Use with `with`; its allocations are made here, in support.py, not in the test's file."""

    def __init__(self, keep: int = 1000) -> None:
        import threading

        self._keep = keep
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="neighbour")
        self.held: list[bytes] = []

    def _run(self) -> None:
        while not self._stop.wait(0.001):
            self.held.append(bytes(4096))
            del self.held[:-self._keep]

    def __enter__(self) -> "Neighbour":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()



class Script:
    """A front end's consent question, scripted: answers in order, and records what it was asked."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.asked: list[Any] = []

    def __call__(self, request: Any) -> Any:
        self.asked.append(request)
        return self.answers.pop(0)


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def make_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A one-page PDF showing `lines` in Helvetica, with a hand-computed xref table."""
    ops = ["BT", "/F1 11 Tf", "14 TL", "72 760 Td"] + [f"{_pdf_string(line)} Tj T*" for line in lines] + ["ET"]
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    if title is not None:
        objects.append(b"<< /Title " + _pdf_string(title).encode("latin-1") + b" >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = b" /Info %d 0 R" % len(objects) if title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, info, xref)
    return bytes(out)


_TODAY = re.compile(r"\nToday is \w+ \d{1,2} \w+ \d{4}\.$")


def undated(text: str) -> str:
    """A system prompt without the date line llorch ends it with (tools/calls.today_line)."""
    return _TODAY.sub("", text)


def slow_parts(**kwargs: Any) -> Any:
    """A fake model that answers each part of a long input slowly (0.2 s a token; each part's answer is cut at its
    token limit, a 16th of the context, long before its 400 words end) and anything else at once. `started` is set
    once a part is being answered; `part_tokens` counts the parts' tokens streamed and `part_budget` what they were
    allowed: a cancel that stopped nothing leaves them equal."""
    import threading

    from llorch.engine.fake import FakeBackend

    class SlowParts(FakeBackend):
        def __init__(self) -> None:
            super().__init__(**kwargs)
            self.started = threading.Event()
            self.part_tokens = 0
            self.part_budget = 0

        def _stream(self, request: Any, reply: str, n_prompt: int):  # type: ignore[no-untyped-def]
            part = "[Part " in [m.content for m in request.messages if m.role == "user"][-1]
            if part:
                self.part_budget += request.sampling.max_tokens
            for event in super()._stream(request, reply, n_prompt):
                if part:
                    self.started.set()
                    self.part_tokens += 1
                    time.sleep(0.2)  # a slow model: what a cancel must not wait for
                yield event

        @staticmethod
        def _echo(request: Any) -> str:
            text = [m.content for m in request.messages if m.role == "user"][-1]
            return " ".join(f"fact{i}" for i in range(400)) if re.search(r"\[Part \d+ of \d+\]", text) else "combined"

    return SlowParts()


def openai_handler() -> type:
    """The base of a fake OpenAI-compatible endpoint for `http.server`: `reply(status, data)` answers with JSON,
    `stream()` begins a chunked event stream and `chunk(data)` sends one `data:` line of it; nothing is logged."""
    import http.server
    import json

    class OpenAIHandler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server: Any

        def reply(self, status: int, data: object) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def stream(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()

        def chunk(self, data: str) -> None:
            line = f"data: {data}\n\n".encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(line), line))
            self.wfile.flush()

        def log_message(self, *args: object) -> None:
            pass

    return OpenAIHandler


@contextlib.contextmanager
def serving(handler: type, *, wait: float = 10.0, **attributes: Any) -> Iterator[Any]:
    """An HTTP server on a free local port, answering with `handler` in a thread of its own, with `attributes` set
    on it (what a fake endpoint's handler reads as self.server.NAME); shut down and joined (within `wait`) after."""
    import http.server
    import threading

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    for name, value in attributes.items():
        setattr(server, name, value)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(wait)


def reentered_at_every_line(handler: Callable[[], Any], *, wait: float = 10.0, event: str = "line",
                            after: Callable[[], Any] | None = None) -> int:
    """Runs `handler` once per line it executes (its callees' lines included), each time calling it again at
    that line, as Python runs a second signal's handler wherever the main thread is, inside the first handler
    too. Fails when a run does not end within `wait` seconds: the nested call waited on a lock its own thread
    held. `event="opcode"`: at every bytecode instead (between a read and its write); `after()` runs after each
    run, to check it (and set up the next). Returns how many places were tried."""
    line = 0
    while True:
        line += 1
        seen = 0

        def local(frame: Any, kind: str, arg: Any) -> Any:
            nonlocal seen
            frame.f_trace_opcodes = event == "opcode"
            if kind == event:
                seen += 1
                if seen == line:
                    handler()  # (not traced: the tracer is off while it runs)
            return local

        def traced() -> None:
            sys.settrace(lambda frame, kind, arg: local)
            try:
                handler()
            finally:
                sys.settrace(None)

        runner = threading.Thread(target=traced, daemon=True)
        runner.start()
        runner.join(wait)
        assert not runner.is_alive(), f"called again at its {event} {line}, the handler never returned (a lock it held?)"
        if after is not None:
            after()
        if seen < line:
            return line - 1


def math_fault(question: str, answer: str, tmp_path: Any) -> str | None:
    """The answer check's line for `answer` to `question`, which the exact step sends to the math tool (run here on
    `tmp_path`); None where the answer gives the tool's result."""
    from llorch.chat.answercheck import expected, fault
    from llorch.tools.arithmetic import math_asked
    from llorch.tools.base import ToolContext
    from llorch.tools.registry import ToolRegistry

    args = math_asked(question)
    assert args is not None, question
    done = ToolRegistry().call("math", args, ToolContext(roots=(tmp_path,), data_dir=tmp_path))
    return fault(answer, expected("math", done.data, question), "math", done.text)


def table_routed(question: str, text: str) -> dict[str, Any] | None:
    """The exact step's table call for a question with a piped table (on Sunday 6 December 2026, every tool on),
    without its text; None where it is not the table tool's."""
    from datetime import datetime, timezone

    from llorch.tools.exact import exact_call
    from llorch.tools.registry import BUILTIN_TOOLS

    found = exact_call(f"{question}\n\n{text}", tuple(BUILTIN_TOOLS), datetime(2026, 12, 6, 10, 0, tzinfo=timezone.utc))
    if found is None or found[0] != "table":
        return None
    assert found[1]["text"] == text.strip()
    return {k: v for k, v in found[1].items() if k != "text"}
