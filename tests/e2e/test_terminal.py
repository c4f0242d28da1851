"""`llorch run` on a real pseudo-terminal: colour and spinner only where they belong."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
from pathlib import Path

LLORCH = shutil.which("llorch")


def run_on_pty(args: list[str], env_extra: dict[str, str]) -> tuple[int, bytes]:
    """Run with stdout and stderr on a pty (stdin empty), returning what the terminal showed."""
    assert LLORCH
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env_extra
    proc = subprocess.Popen([LLORCH, *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks)


def test_terminal_gets_colour_and_no_color_turns_it_off(tiny_model: Path) -> None:
    args = ["run", "-m", str(tiny_model), "-n", "4", "--seed", "1", "the cat"]
    code, screen = run_on_pty(args, {"TERM": "xterm-256color"})
    assert code == 0
    assert b"\x1b[" in screen  # the dim note and the spinner
    assert b"using plain completion" in screen
    code, screen = run_on_pty(args, {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert code == 0
    assert b"\x1b[" not in screen
    assert b"using plain completion" in screen
