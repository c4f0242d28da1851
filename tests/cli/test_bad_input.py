"""Bad input of every kind: a one-line error, exit 1 (2 for usage), no traceback, nothing on stdout."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import invoke_main

from llorch.cli import _common
from llorch.engine.fake import FakeBackend


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["run", "abc\udcff"], 1, "argument 2 is not valid UTF-8 (byte 0xff at offset 3)"),
        (["run", "-s", "\udcfe", "hi"], 1, "argument 3 is not valid UTF-8 (byte 0xfe at offset 0)"),
        (["sessions", "search", "x\udc80"], 1, "argument 3 is not valid UTF-8"),
        (["config", "set", "default_model", "\udcff"], 1, "argument 4 is not valid UTF-8"),
        (["run", "--seed", "4294967295", "hi"], 2, "'--seed'"),
        (["run", "--seed", "-1", "hi"], 2, "--seed"),
        (["sessions", "show", str(2**63)], 2, "'ID'"),
        (["chat", "--session", str(2**63)], 2, "'--session'"),
        (["bench", "show", str(2**64)], 2, "'ID'"),
        (["config", "set", "limits.ttft_s", "nan"], 1, "'limits.ttft_s' must be a number >= 0"),
        (["config", "set", "limits.total_s", "inf"], 1, "'limits.total_s' must be a number >= 0"),
        (["config", "set", "sampling.seed", "4294967295"], 1, "'sampling.seed' must be an integer from -1 to 4294967294"),
        (["config", "set", "engine.slots", "65"], 1, "'engine.slots' must be an integer from 0 to 64"),
        (["breakers", "open", ""], 2, "give a model reference"),
        (["breakers", "open", "   "], 2, "give a model reference"),
        (["breakers", "open", "qwen-05b"], 1, "model 'qwen-05b' not found: no such file, alias or pulled model; "
                                              "did you mean qwen-0.5b?"),
        (["breakers", "close", "/no/such.gguf"], 1, "model '/no/such.gguf' not found"),
        (["breakers", "reset", "qwen-1.5"], 1, "did you mean qwen-1.5b?"),
        (["models", "show", "/dev/null"], 1, "/dev/null is not a regular file"),
    ],
)
def test_bad_arguments_get_one_line_and_the_right_exit_code(args: list[str], code: int, needle: str) -> None:
    r = invoke_main(args)
    assert r.exit_code == code, r.output
    assert needle in r.stderr and "Traceback" not in r.stderr and r.stdout == ""
    if code == 1:
        assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1


def test_negative_values_are_values_for_config_set() -> None:
    r = invoke_main(["config", "set", "sampling.seed", "-1"])
    assert r.exit_code == 0 and r.stdout.strip() == "sampling.seed = -1"


def test_the_largest_repeatable_seed_is_accepted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fb = FakeBackend(["x"], name="fake")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    r = invoke_main(["run", "-m", str(model), "--seed", "4294967294", "--json", "hi"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["seed"] == 4294967294 == fb.history[-1].sampling.seed


def test_invalid_utf8_arguments_from_a_real_shell() -> None:
    llorch = shutil.which("llorch")
    assert llorch
    r = subprocess.run([llorch.encode(), b"run", b"abc\xff"], capture_output=True, timeout=60)
    assert r.returncode == 1 and r.stdout == b""
    assert r.stderr == b"Error: argument 2 is not valid UTF-8 (byte 0xff at offset 3); pass text in UTF-8, e.g. convert it with iconv -t utf-8\n"


def test_piped_input_over_the_limit_is_refused_without_reading_it_all() -> None:
    assert invoke_main(["config", "set", "limits.max_input_mb", "1"]).exit_code == 0
    r = invoke_main(["run", "Summarise:"], input=b"a" * (2 * 1024 * 1024))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error: stdin is more than 1 MiB, more than llorch reads as one prompt")


def test_a_prompt_far_larger_than_the_context_fails_before_tokenizing(tiny_model: Path) -> None:
    text = "the cat sat " * 400_000  # 4.8 MB against a 256-token context
    r = invoke_main(["run", "-m", str(tiny_model), "-c", "256", "--raw"], input=text.encode())
    # Counted in characters, not tokens: refused before a template or the tokenizer saw it.
    assert r.exit_code == 1 and "is 4,799,999 characters, far more than a 256-token context holds" in r.stderr  # stripped
    breakers = json.loads(invoke_main(["breakers", "list", "--json"]).stdout)
    assert all(b["consecutive_failures"] == 0 and b["state"] == "closed" for b in breakers)  # not the model's fault


def test_an_absurd_context_size_is_capped_or_refused_never_allocated(tiny_model: Path) -> None:
    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "-n", "2", "--ctx-size", "99999999999", "the"])
    assert r.exit_code == 0, r.output
    assert "context 99,999,999,999 capped at 4,096, the context it was trained on" in r.stderr
    assert invoke_main(["config", "set", "engine.ctx_over_train", "true"]).exit_code == 0
    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "-n", "2", "-ngl", "0", "--ctx-size", "500000000", "the"])
    assert r.exit_code == 1 and r.stdout == ""
    # Refused by the model memory budget, from the GGUF header, before llama.cpp allocates anything
    assert "needs about 238.42 GiB (weights 0.00 GiB + KV cache 238.42 GiB)" in r.stderr
    assert "more than the model memory budget" in r.stderr and "lower engine.n_ctx (--ctx-size)" in r.stderr
    # With a budget larger than the machine, the memory actually available still refuses it
    assert invoke_main(["config", "set", "models.memory_budget_mb", str(1 << 30)]).exit_code == 0
    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "-n", "2", "-ngl", "0", "--ctx-size", "500000000", "the"])
    assert r.exit_code == 1 and r.stdout == ""
    assert "needs 238.4 GiB of KV cache" in r.stderr and "of memory is available; lower engine.n_ctx" in r.stderr


def test_optional_writes_that_fail_never_fail_an_answer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The response cache and breaker outcomes are optional: a full disk must not turn an answer into an error."""
    from llorch.errors import StoreError
    from llorch.store.db import Store

    def full(*_a: object, **_k: object) -> None:
        raise StoreError("could not save to llorch.db: the disk is full; free some space and try again")

    monkeypatch.setattr(Store, "cache_answer", full)
    monkeypatch.setattr(Store, "save_breaker", full)
    monkeypatch.setattr(_common, "open_backend", lambda *a: FakeBackend(["the answer"], name="fake"))
    calls: list[str] = []
    monkeypatch.setattr(Store, "cache_answer", lambda *a, **k: (calls.append("cache"), full())[1])
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    assert invoke_main(["config", "set", "default_model", str(model)]).exit_code == 0
    r = invoke_main(["run", "hi"])  # through the profile's chain: the answer goes to the response cache
    assert r.exit_code == 0 and r.stdout == "the answer\n" and "Traceback" not in r.stderr
    assert calls == ["cache"]


def test_a_missing_default_profile_is_refused_when_set_and_never_blocks_tools() -> None:
    from llorch.config import write_toml_atomic

    r = invoke_main(["config", "set", "default_profile", "nosuch"])
    assert r.exit_code == 1 and "no profile named 'nosuch'; profiles: academic, dev, general, productivity" in r.stderr
    write_toml_atomic(_common.resolve_paths().config_file, {"default_profile": "nosuch"})  # set by hand, say
    r = invoke_main(["tool", "math", "1+1"])
    assert r.exit_code == 0 and r.stdout.strip() == "1+1 = 2" and "using general" in r.stderr


def test_a_prompt_far_larger_than_every_context_is_refused_before_it_is_stored_or_a_model_loads(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-c` says how large the context can be: a prompt that cannot fit in it is refused from its length,
    with nothing rendered, tokenized, stored (run --continue would keep it in the session) or loaded."""
    import llorch.runtime

    def no_load(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a model was loaded for a prompt that cannot fit")

    monkeypatch.setattr(llorch.runtime, "open_worker", no_load)
    text = ("the cat sat " * 420_000).encode()  # 5 MB against a 256-token context
    for args in (["run"], ["run", "--raw"], ["run", "--continue"], ["chat", "--plain"]):
        r = invoke_main([*args, "-m", str(tiny_model), "-c", "256"] + ([] if "chat" in args else ["Summarise:"]),
                        input=text + (b"\n" if "chat" in args else b""))
        assert "far more than a 256-token context holds; shorten it or raise engine.n_ctx" in r.stderr, (args, r.output)
        assert r.exit_code == (0 if "chat" in args else 1) and "Traceback" not in r.output, (args, r.output)
    sessions = json.loads(invoke_main(["sessions", "list", "--json"]).stdout)
    assert all(s["messages"] == 0 for s in sessions), sessions


def test_a_context_size_that_cannot_work_is_an_error_never_a_cached_answer(tiny_model: Path) -> None:
    """With engine.ctx_over_train, --ctx-size 99999999999 was answered from the response cache (exit 0):
    a setting that cannot work is refused with the memory figures, whatever else could answer."""
    assert invoke_main(["config", "set", "default_model", str(tiny_model)]).exit_code == 0
    first = invoke_main(["run", "--raw", "-n", "3", "--seed", "1", "the"])
    assert first.exit_code == 0, first.output  # answered by the model, and kept in the response cache
    assert invoke_main(["config", "set", "engine.ctx_over_train", "true"]).exit_code == 0
    r = invoke_main(["run", "--raw", "-n", "3", "--seed", "1", "-ngl", "0", "--ctx-size", "99999999999", "the"])
    assert r.exit_code == 1 and r.stdout == "", r.output
    assert "needs about" in r.stderr and "KV cache" in r.stderr and "lower engine.n_ctx (--ctx-size)" in r.stderr
    assert "cached" not in r.stderr and "No model could answer" not in r.output


@pytest.mark.parametrize("command", [["info"], ["config", "get"], ["tools", "list"]])
def test_a_reader_gone_before_a_listing_is_written_ends_it_with_141(command: list[str]) -> None:
    """rich's console exited 1 on a closed stdout (`llorch info | head -c 1`): a failure to `set -o pipefail`."""
    import os

    llorch = shutil.which("llorch")
    assert llorch
    read, write = os.pipe()
    os.close(read)  # (the reader is gone before the first byte: every write fails)
    try:
        r = subprocess.run([llorch, *command], stdout=write, stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write)
    assert r.returncode == 141 and r.stderr == b"", (r.returncode, r.stderr[-500:])


def test_other_librarys_log_stays_off_stderr_unless_verbose(tmp_path: Path) -> None:
    """bibtexparser's warning reached stderr, around the one-line error, through logging's last resort."""
    llorch = shutil.which("llorch")
    assert llorch
    (tmp_path / "bad.bib").write_text("@article{x, title={T\n")
    r = subprocess.run([llorch, "tool", "citations", "format", "bad.bib", "-p", "academic"], capture_output=True,
                       text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 1 and r.stderr == "Error: bad.bib: invalid BibTeX at line 1: Unexpectedly reached end of " \
                                             "file.\n", r.stderr


@pytest.mark.parametrize(("flags", "said"), [
    (["--temperature", "inf"], "--temperature: must be a number >= 0, not inf"),
    (["--repeat-penalty", "1e999"], "--repeat-penalty: must be a number >= 0, not inf"),
])
def test_a_sampling_flag_past_configs_bounds_is_a_usage_error(flags: list[str], said: str) -> None:
    """(`--temperature inf` was taken, and generated with; config.toml refuses temperature = 1e999.)"""
    r = invoke_main(["run", *flags, "hi"])
    assert r.exit_code == 2 and said.split(": ", 1)[1] in r.stderr and said.split(":")[0] in r.stderr, r.stderr
