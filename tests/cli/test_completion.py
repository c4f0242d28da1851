"""Shell completion (bash, zsh, fish) of commands and of values: models, profiles, sessions, tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from support import invoke_main

LLORCH = shutil.which("llorch")


def complete(env: dict[str, str]) -> list[str]:
    assert LLORCH
    r = subprocess.run([LLORCH], env=os.environ | env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()


def test_bash_completes_profiles_and_model_references(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert invoke_main(["config", "set", "aliases.coder", str(tmp_path / "x.gguf")]).exit_code == 0
    assert complete({"_LLORCH_COMPLETE": "complete_bash", "COMP_WORDS": "llorch run --profile ", "COMP_CWORD": "3"}) == [
        "academic", "dev", "general", "productivity"]
    assert complete({"_LLORCH_COMPLETE": "complete_bash", "COMP_WORDS": "llorch run -m ", "COMP_CWORD": "3"}) == [
        "coder", "gemma-3-270m", "qwen-0.5b", "qwen-1.5b", "starter"]
    assert complete({"_LLORCH_COMPLETE": "complete_bash", "COMP_WORDS": "llorch ses", "COMP_CWORD": "1"}) == ["sessions"]


def test_zsh_completes_tool_names_and_fish_session_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    out = "\n".join(complete({"_LLORCH_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "llorch tool c"}))
    assert '"calendar"' in out and '"citations"' in out and '"code"' in out and '"math"' not in out
    from llorch.config import resolve_paths
    from llorch.store import open_store

    with open_store(resolve_paths()) as store:
        sid = store.create_session()
        store.add_message(sid, "user", "How tall is Everest?")
    lines = complete({"_LLORCH_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "llorch sessions show ",
                      "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert lines == [f"{sid}\tHow tall is Everest?"]


def test_completion_never_imports_the_engine() -> None:
    code = (
        "import sys; from llorch.cli import complete;"
        "complete.models(''); complete.profiles(''); complete.sessions(''); complete.tools('');"
        "print('llama_cpp' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip() == "False", r.stderr


def test_the_scripts_for_each_shell() -> None:
    assert LLORCH
    for shell, needle in (("bash", "complete -o default -F"), ("zsh", "#compdef llorch"), ("fish", "complete --command llorch")):
        r = subprocess.run([LLORCH, "completion", shell], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0 and needle in r.stdout, (shell, r.stdout[:200])
        assert r.stdout.endswith("\n") and not r.stdout.endswith("\n\n")  # (`>> ~/.bashrc`: the next line its own)


def test_an_unknown_shell_is_a_usage_error() -> None:
    r = invoke_main(["completion", "tcsh"])
    assert r.exit_code == 2 and "use bash, zsh or fish" in r.stderr
