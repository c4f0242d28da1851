"""`llorch chat` line mode and `run --continue` as shell scripts use them, on the starter model."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from llorch.config import resolve_paths
from llorch.store import db_path
from llorch.store.db import Store

pytestmark = pytest.mark.starter


@pytest.fixture(autouse=True)
def _fixed_seed(starter_home: Path) -> None:
    """Repeatable, short answers: the same seed in every run, and few tokens a turn."""
    from llorch.config import save_value

    save_value(resolve_paths(), "sampling.seed", "1234")
    save_value(resolve_paths(), "sampling.max_tokens", "40")


def long_answers() -> None:
    from llorch.config import save_value

    save_value(resolve_paths(), "sampling.max_tokens", "400")

LLORCH = shutil.which("llorch")
# An answer that runs to max_tokens (400): the instruct starter counts as asked. (Given "1, 2, 3, …, 20," to
# continue, it came to explain the sequence in a sentence once its system prompt gave the date.)
COUNTING = b"Count from 1 to 500, one number per line.\n"


def llorch(*args: str, stdin: bytes = b"", timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    assert LLORCH
    return subprocess.run([LLORCH, *args], input=stdin, capture_output=True, timeout=timeout, env=os.environ.copy())


def test_line_mode_answers_each_line_and_saves_the_session(starter_home: Path) -> None:
    r = llorch("chat", "--plain", stdin=b"The sky is\nThe sea is\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode().strip()
    with Store.open(db_path(resolve_paths())) as store:
        (session,) = store.list_sessions()
        msgs = store.messages(session.id)
    assert [m.role for m in msgs] == ["user", "assistant", "user", "assistant"]
    assert [m.content for m in msgs if m.role == "user"] == ["The sky is", "The sea is"]
    assert all(m.status == "complete" and m.completion_tokens > 0 for m in msgs if m.role == "assistant")
    # Piped (not a terminal): line mode without --plain, resuming the same session.
    r = llorch("chat", "--continue", stdin=b"And the land is\n")
    assert r.returncode == 0
    # A one-shot turn appended from a script.
    r = llorch("run", "--continue", "--json", "-n", "8", "Finally,")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["session"] == session.id
    with Store.open(db_path(resolve_paths())) as store:
        assert len(store.messages(session.id)) == 8
    out = llorch("sessions", "export", str(session.id), "--format", "json")
    assert [m["content"] for m in json.loads(out.stdout)["messages"] if m["role"] == "user"] == [
        "The sky is", "The sea is", "And the land is", "Finally,"
    ]


def test_sigkill_mid_answer_loses_only_that_answer(starter_home: Path) -> None:
    assert LLORCH
    long_answers()
    proc = subprocess.Popen(
        [LLORCH, "chat", "--plain"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(b"/system Continue the text.\nOne two three\n")
    proc.stdin.flush()
    path = db_path(resolve_paths())

    def wait_for_messages(n: int) -> None:
        deadline = time.time() + 600  # generous: a busy host can be many times slower
        while time.time() < deadline:
            time.sleep(0.2)
            if path.exists():
                with Store.open(path) as store:
                    s = store.last_session()
                    if s and s.message_count >= n:
                        return
        raise AssertionError(f"fewer than {n} messages saved in time")

    wait_for_messages(2)  # the first answer is saved
    proc.stdin.write(COUNTING)
    proc.stdin.flush()
    wait_for_messages(3)  # the second question is saved and its answer has begun
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store.open(path) as store:
        assert store.integrity_ok()
        s = store.last_session()
        assert s is not None
        msgs = store.messages(s.id)
    assert [m.role for m in msgs] == ["user", "assistant", "user"]
    assert msgs[1].status == "complete" and msgs[0].content == "One two three"


def test_ctrl_c_in_line_mode_saves_the_partial_answer(starter_home: Path) -> None:
    assert LLORCH
    proc = subprocess.Popen(
        [LLORCH, "chat", "--plain", "--session", "999"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = proc.communicate(b"hi\n", timeout=60)
    assert proc.returncode == 1 and err.decode().startswith("Error: no session 999")
    long_answers()
    proc = subprocess.Popen([LLORCH, "chat", "--plain"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin and proc.stdout
    proc.stdin.write(COUNTING)
    proc.stdin.flush()
    ready, _, _ = select.select([proc.stdout], [], [], 300)
    assert ready
    os.read(proc.stdout.fileno(), 32)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=300)
    assert proc.returncode == 130
    with Store.open(db_path(resolve_paths())) as store:
        s = store.last_session()
        assert s is not None
        last = store.messages(s.id)[-1]
    assert last.role == "assistant" and last.status == "cancelled" and last.content
