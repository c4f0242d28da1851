"""llorch.interrupts: the CLI's SIGINT handler, run in child processes (it is the process's handler).

Each script sends itself SIGINT at a chosen point, so every case is deterministic."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PRELUDE = """
import ctypes, os, signal, sys
from llorch import interrupts
interrupts.install()
def ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)
"""


def _run(body: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = PRELUDE + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_a_ctrl_c_inside_a_native_callback_is_kept_and_raised_at_the_end_of_its_block() -> None:
    """Python's own handler raises inside the callback: ctypes prints "Exception ignored" and the
    interrupt is lost (a model load carried on to exit 0). Here it is recorded, then raised."""
    r = _run("""
        libc = ctypes.CDLL(None)
        CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        calls = []

        @CMP
        @interrupts.native_callback
        def compare(a, b):
            calls.append(1)
            if len(calls) == 1:
                ctrl_c()  # the handler runs here, inside C's qsort
            return ctypes.cast(a, ctypes.POINTER(ctypes.c_int))[0] - ctypes.cast(b, ctypes.POINTER(ctypes.c_int))[0]

        values = (ctypes.c_int * 64)(*range(64, 0, -1))
        try:
            with interrupts.deferred():  # e.g. a model load: raised when the block ends
                libc.qsort(values, 64, ctypes.sizeof(ctypes.c_int), compare)
                assert interrupts.pending() and interrupts.interrupted()
                print("the C call ran to its end:", list(values) == list(range(1, 65)))
        except KeyboardInterrupt:
            print("raised at the end of the block")
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["the C call ran to its end: True", "raised at the end of the block"]
    assert "Exception ignored" not in r.stderr and "Traceback" not in r.stderr


def test_a_ctrl_c_in_a_callback_outside_any_block_is_raised_once_the_c_call_has_returned() -> None:
    r = _run("""
        import time
        libc = ctypes.CDLL(None)
        CMP = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        calls = []

        @CMP
        @interrupts.native_callback
        def compare(a, b):
            calls.append(1)
            if len(calls) == 1:
                ctrl_c()
                time.sleep(0.1)  # still inside C's qsort when the handler looks again
            return ctypes.cast(a, ctypes.POINTER(ctypes.c_int))[0] - ctypes.cast(b, ctypes.POINTER(ctypes.c_int))[0]

        values = (ctypes.c_int * 64)(*range(64, 0, -1))
        seen = []
        try:
            libc.qsort(values, 64, ctypes.sizeof(ctypes.c_int), compare)
            seen.append("returned")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                time.sleep(0.001)
            seen.append("never interrupted")
        except KeyboardInterrupt:
            seen.append("interrupted")
        print(list(values) == list(range(1, 65)), seen[-1], interrupts.pending())
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "True interrupted False"
    assert "Exception ignored" not in r.stderr and "Traceback" not in r.stderr


def test_a_ctrl_c_in_a_deferred_block_is_raised_when_it_ends_and_more_are_harmless() -> None:
    r = _run("""
        steps = []
        try:
            with interrupts.deferred():
                ctrl_c()
                steps.append("the block went on")
        except KeyboardInterrupt:
            steps.append("raised at its end")
        print(steps)
        ctrl_c()  # the first is being handled: a second one raises nothing
        print("still running")
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["['the block went on', 'raised at its end']", "still running"]


def test_the_third_ctrl_c_ends_the_process_at_once_with_130() -> None:
    r = _run("""
        import threading, time
        stuck = threading.Event()
        with interrupts.deferred():  # a shutdown that does not end
            ctrl_c(); ctrl_c()
            print("two", flush=True)
            ctrl_c()
            print("never printed", flush=True)
            stuck.wait()
    """)
    assert r.returncode == 130
    assert r.stdout.splitlines() == ["two"]
    assert r.stderr.strip() == "Interrupted."


def test_stopping_quietly_calls_the_stop_and_keeps_exit_code_zero() -> None:
    r = _run("""
        stops = []
        with interrupts.stop_quietly(lambda: stops.append(1)):
            ctrl_c()
        ctrl_c()  # while the stopped server closes its models: nothing raised, nothing more to stop
        print(len(stops), interrupts.interrupted())
        interrupts.finish()
        ctrl_c()  # after it drained and closed: ignored
        print("exit")
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["1 False", "exit"]


def test_after_the_command_a_ctrl_c_ends_the_process_by_the_signal_never_with_0() -> None:
    r = _run("""
        interrupts.finish()
        print("finished", flush=True)
        ctrl_c()
        import time; time.sleep(5)
        print("not reached", flush=True)
    """)
    assert r.returncode == -2 and r.stdout.splitlines() == ["finished"] and r.stderr == ""


@pytest.mark.parametrize("when", ["the first log line", "the progress callback"])
def test_a_ctrl_c_while_llama_cpp_loads_aborts_the_load(tiny_model: Path, when: str) -> None:
    """A Ctrl-C landing in llama.cpp's log or progress callback stops the load: KeyboardInterrupt once
    llama.cpp has returned, the model freed, nothing printed."""
    r = _run("""
        import logging
        from llorch.engine import llama
        from llorch.engine.types import EngineOptions

        when, path = sys.argv[1], sys.argv[2]
        if when == "the first log line":
            class Once(logging.Handler):
                def emit(self, record):
                    if not getattr(self, "done", False):
                        self.done = True
                        ctrl_c()
            logging.getLogger("llorch.llama_cpp").addHandler(Once())
            logging.getLogger("llorch.llama_cpp").setLevel(logging.DEBUG)
        else:
            real = interrupts.pending
            def pending():  # the progress callback asks this: the signal lands right there
                if not getattr(pending, "sent", False):
                    pending.sent = True
                    ctrl_c()
                return real()
            interrupts.pending = pending
        try:
            llama.LlamaSlots(path, EngineOptions(n_ctx=256))
        except KeyboardInterrupt:
            print("interrupted", interrupts.pending())
        else:
            print("loaded")
    """, when, str(tiny_model))
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "interrupted False"
    assert "Exception ignored" not in r.stderr and "Traceback" not in r.stderr


def test_once_the_command_is_ending_a_ctrl_c_is_recorded_and_never_raised() -> None:
    """A Ctrl-C that landed as main() entered its closing code printed a traceback (the signal
    stress test, 'chat --plain' interrupted at its close)."""
    r = _run("""
        def closing():
            ctrl_c()  # outside any try: recorded, not raised
            print("closing went on", interrupts.interrupted(), flush=True)
        interrupts.ending()
        closing()
        ctrl_c()
        print("still no exception", flush=True)
        interrupts.finish()
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["closing went on True", "still no exception"] and "Traceback" not in r.stderr


def test_a_ctrl_c_that_lands_as_the_command_closes_makes_the_exit_code_130() -> None:
    """A Ctrl-C that reached the process just before the SIGINT handler was changed at the very end
    is run by Python inside that change; asked before it, the exit code stayed 0 (the signal stress
    test: 'chat --plain' at its close, one SIGINT, exit 0)."""
    r = _run("""
        from llorch.cli import main
        real = signal.signal
        def changing(signum, handler):
            if signum == signal.SIGINT:
                ctrl_c()  # it lands now, as the handler is about to change
            return real(signum, handler)
        signal.signal = changing
        interrupts.ending()
        print(main._finish(0), flush=True)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["130"] and "Traceback" not in r.stderr


def test_a_ctrl_c_whose_handler_runs_inside_the_first_ones_is_counted() -> None:
    """Python runs a second SIGINT's handler wherever the main thread is, inside the first one's too: a count
    read, then written after the second had counted, lost it (the third Ctrl-C then did not end the process)."""
    r = _run("""
        sys.path.insert(0, sys.argv[1])
        from support import reentered_at_every_line
        from llorch.interrupts import _state, _on_sigint

        lost, forced, calls = [], [], []
        interrupts._force_exit = lambda: forced.append(1)  # (the third's exit, recorded)

        def ctrl_c():
            calls.append(1)
            _on_sigint(signal.SIGINT, None)

        def check():
            # the handler, and the one run inside it (none in the last run): the third SIGINT ends the process
            seen = len(calls)
            _on_sigint(signal.SIGINT, None)
            if forced != ([1] if seen == 2 else []):
                lost.append(seen)
            forced.clear()
            calls.clear()
            fresh = type(_state)()
            for name in ("seen", "sigints"):
                if hasattr(fresh, name):
                    setattr(_state, name, getattr(fresh, name))

        with interrupts.stop_quietly(lambda: None):
            places = reentered_at_every_line(ctrl_c, event="opcode", after=check)
        print(places > 5, lost)
    """, str(Path(__file__).parents[1]))
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["True", "[]"]
