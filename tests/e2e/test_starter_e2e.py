"""The installed `llorch` command on the real starter model, the way a shell script runs it."""

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

pytestmark = pytest.mark.starter

LLORCH = shutil.which("llorch")


def llorch(*args: str, stdin: bytes = b"", timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    assert LLORCH, "the llorch command is not installed (pip install -e .)"
    return subprocess.run([LLORCH, *args], input=stdin, capture_output=True, timeout=timeout, env=os.environ.copy())


def test_the_default_model_answers_the_readmes_first_command_with_clean_stderr(default_home: Path) -> None:
    r = llorch("run", "What is the capital of France?")  # as the README says: default model, default sampling
    assert r.returncode == 0, r.stderr
    assert "Paris" in r.stdout.decode()
    # The only stderr line is the note that the profile's models are not pulled: no llama.cpp log.
    assert r.stderr.decode().splitlines() == [
        "note: profile general: its chat models are not pulled (`llorch profiles show general`); qwen-1.5b answers",
    ]


def test_the_fast_model_answers_under_its_old_name_too(starter_home: Path) -> None:
    r = llorch("run", "-m", "starter", "--temperature", "0", "--max-tokens", "32", "What is the capital of France?")
    assert r.returncode == 0, r.stderr
    assert "Paris" in r.stdout.decode() and r.stderr.decode() == ""  # a named model: no note


def test_the_gemma_base_model_answers_with_plain_completion(starter_home: Path) -> None:
    r = llorch("run", "-m", "gemma-3-270m", "--seed", "7", "--max-tokens", "16", "The capital of France is")
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.decode().strip()) > 0
    lines = r.stderr.decode().splitlines()
    assert lines[0] == (
        "note: gemma-3-270m has no chat template; using plain completion (pass --chat to use a chat template anyway)")
    # A base model rarely stops by itself: 16 tokens cut it, and stderr says so (and nothing else).
    assert lines[1:] in ([], ["note: the answer was cut at 16 tokens (--max-tokens / sampling.max_tokens)"])


def test_same_seed_same_answer(starter_home: Path) -> None:
    a = llorch("run", "--raw", "--seed", "11", "-n", "12", "Once upon a time")
    b = llorch("run", "--raw", "--seed", "11", "-n", "12", "Once upon a time")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


def test_first_token_arrives_before_the_process_ends(starter_home: Path) -> None:
    assert LLORCH
    proc = subprocess.Popen(
        [LLORCH, "run", "--raw", "--seed", "1", "-n", "200", "--temperature", "1.0", "Here is a long story:"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 300)
        assert ready, "no output within 300 s"
        first = os.read(proc.stdout.fileno(), 64)
        assert first
        assert proc.poll() is None, "the process had already finished: output was not streamed"
        rest = proc.stdout.read()
        assert proc.wait(timeout=600) == 0
        assert len(first + rest) > len(first)
    finally:
        proc.kill()


def test_json_with_schema_is_valid_json_matching_the_schema(starter_home: Path, tmp_path: Path) -> None:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({
        "type": "object",
        "properties": {"city": {"type": "string", "maxLength": 20}, "sunny": {"type": "boolean"}},
        "required": ["city", "sunny"],
    }))
    r = llorch("run", "--json", "--seed", "3", "-n", "60", "--schema", str(schema), "Weather report as JSON:")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["finish_reason"] == "stop"
    answer = json.loads(out["text"])
    assert isinstance(answer["city"], str) and isinstance(answer["sunny"], bool)
    assert out["usage"]["completion_tokens"] > 0 and out["timings"]["tg_tokens_per_s"] > 0


def test_stats_and_verbose(starter_home: Path) -> None:
    r = llorch("run", "--raw", "--stats", "--verbose", "-n", "8", "Hello")
    err = r.stderr.decode()
    assert r.returncode == 0
    assert "prompt (pp):" in err and "generate (tg):" in err and "first token:" in err
    assert "llorch.llama_cpp: llama_model_loader" in err  # llama.cpp's log, shown only with --verbose


def test_prompt_longer_than_context(starter_home: Path) -> None:
    r = llorch("run", "-m", "starter", "--raw", "--ctx-size", "256", "word " * 600)
    assert r.returncode == 1
    err = r.stderr.decode()
    # Measured before any answer, with what to do: read it in parts, keep what fits, or a bigger context.
    assert err.startswith("Error: the input is 600 tokens, more than the 256-token context holds")
    assert "--long summarise" in err and "--long truncate" in err
    assert err.count("\n") == 1 and r.stdout == b""


def test_stdin_binary_and_empty(starter_home: Path) -> None:
    r = llorch("run", stdin=b"\x00\x01\x02binary")
    assert r.returncode == 1 and r.stderr.decode().startswith("Error: stdin looks like binary data")
    r = llorch("run", stdin=b"   \n")
    assert r.returncode == 1 and r.stderr.decode().startswith("Error: empty prompt")


def test_corrupt_and_truncated_model_files(starter_home: Path, starter_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    with open(starter_model, "rb") as src:
        cut.write_bytes(src.read(50_000_000))
    r = llorch("run", "-m", str(cut), "hi")
    assert r.returncode == 1
    assert r.stderr.decode().startswith(f"Error: {cut} is truncated: 50,000,000 bytes of an expected 491,400,064")
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"<html>404 not found</html>")
    r = llorch("run", "-m", str(junk), "hi")
    assert r.returncode == 1 and "is not a GGUF model file" in r.stderr.decode()


def test_ctrl_c_mid_answer_exits_130(starter_home: Path) -> None:
    assert LLORCH
    proc = subprocess.Popen(
        [LLORCH, "run", "--raw", "-n", "2000", "--temperature", "1.0", "Chapter one:"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 300)
        assert ready
        partial = os.read(proc.stdout.fileno(), 64)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 130
        assert partial and b"Traceback" not in err
        assert err.decode().strip().endswith("Interrupted.")
    finally:
        proc.kill()


def test_python_dash_m_and_version() -> None:
    import sys

    r = subprocess.run([sys.executable, "-m", "llorch", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("llorch ")


def test_run_continue_in_a_new_process_restores_the_conversations_kv_state(starter_home: Path) -> None:
    """Each `run --continue` is a new process; the KV state saved after a turn spares the next
    one from evaluating the whole history again."""
    turns = ["Tell me about the river Thames.", "And about the river Seine?", "Which one is longer?"]
    outs = []
    for text in turns:
        r = llorch("run", "--continue", "--json", "--seed", "1", "-n", "24", "--temperature", "0", text)
        assert r.returncode == 0, r.stderr
        outs.append(json.loads(r.stdout))
    assert outs[0]["usage"]["cached_tokens"] == 0
    for out in outs[1:]:
        usage, timings = out["usage"], out["timings"]
        assert usage["cached_tokens"] > 0 and out["kv"]["reused_tokens"] == usage["cached_tokens"]
        assert timings["prompt_eval_tokens"] == usage["prompt_tokens"] - usage["cached_tokens"]
        assert timings["prompt_eval_tokens"] < usage["prompt_tokens"] // 2
    kv_files = list((starter_home / "cache" / "kv").glob("*/*.seq"))
    assert kv_files and all(f.stat().st_mode & 0o077 == 0 for f in kv_files)


PINNED_CLOCK = '''# This test's runs only: the tools' clock line, the one part of the prompt that changes from minute to minute.
import llorch.tools.calls as _calls
_calls.tools_clock = lambda now=None: "It is now Monday 01 December 2025, 09:00 (UTC+01:00, CET)."
'''


def test_a_fresh_run_restores_the_profiles_prompt_prefix_from_disk(starter_home: Path, starter_model: Path,
                                                                   tmp_path: Path) -> None:
    """`llorch run -p dev` evaluated the profile's system prompt and tool instructions in every new process."""
    from llorch.engine.llama import LlamaSlots
    from llorch.engine.types import EngineOptions
    from llorch.tools.calls import tools_block
    from llorch.tools.registry import ToolRegistry

    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(PINNED_CLOCK)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(shim), os.environ.get("PYTHONPATH")) if p)}

    def run() -> tuple[dict[str, object], str]:
        r = subprocess.run([LLORCH or "llorch", "run", "-p", "dev", "--temperature", "0", "--max-tokens", "24",
                            "--stats", "--json", "hi"], capture_output=True, timeout=600, env=env, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout), r.stderr.decode()

    first, _ = run()
    assert first["kv"]["restored_tokens"] == 0  # type: ignore[index]
    # The profile's system prompt and tools; and its system prompt alone when an answer was asked
    # again without the tools' instructions (the 0.5B answers "hi" with a call in words).
    assert len(list((starter_home / "cache" / "kv" / "prefixes").glob("*/*.seq"))) in (1, 2)
    second, stats = run()
    restored = second["kv"]["restored_prefix_tokens"]  # type: ignore[index]
    engine = LlamaSlots(starter_model, EngineOptions(n_ctx=256, threads=1))
    try:
        tools = engine.tokenize(tools_block([ToolRegistry().get(n) for n in ("code", "math")]), add_bos=False)
    finally:
        engine.close()
    assert restored == second["kv"]["restored_tokens"] >= len(tools) > 100  # type: ignore[index]
    assert f", {restored:,} of them restored from disk (a saved prompt prefix)" in stats
    shutil.rmtree(starter_home / "cache" / "kv")
    cold, _ = run()
    assert cold["kv"]["restored_tokens"] == 0  # type: ignore[index]
    def decided(out: dict[str, object]) -> list[tuple[str, str]]:
        return [(s["kind"], s["what"]) for s in out["steps"]]  # type: ignore[attr-defined, index]

    assert second["text"] == cold["text"] and decided(second) == decided(cold)
