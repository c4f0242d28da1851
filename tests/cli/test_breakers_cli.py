"""The fallback chain through the CLI: injected faults, persisted breakers across runs, cache, degraded answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import invoke_main

from llorch.cli import _common
from llorch.cli.main import main
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend


def _main(*args: str):  # type: ignore[no-untyped-def]
    return invoke_main(list(args))


@pytest.fixture
def two_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A user profile `duo` whose chat chain is two model files, each answered by its own FakeBackend."""
    first, second = tmp_path / "first.gguf", tmp_path / "second.gguf"
    for f in (first, second):
        f.write_bytes(b"GGUF")
    answers = {str(first.resolve()): "from first", str(second.resolve()): "from second"}
    monkeypatch.setattr(_common, "open_backend", lambda path, opts, name: FakeBackend([answers[str(path)]] * 50, name=name))
    folder = resolve_paths().config_dir / "profiles"
    folder.mkdir(parents=True)
    (folder / "duo.toml").write_text(f'[models]\nchat = ["{first}", "{second}"]\n')
    return str(first), str(second)


def test_a_failing_first_model_is_skipped_labelled_and_remembered_across_runs(
    two_models: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_models
    monkeypatch.setenv("LLORCH_FAULTS", f"{first}:error=1")
    r = _main("run", "--profile", "duo", "hi")
    assert r.exit_code == 0 and r.stdout == "from second\n"
    assert f"note: {first} could not answer (injected fault" in r.stderr
    assert f"source: model {second} (fallback)" in r.stderr
    data = json.loads(_main("run", "--profile", "duo", "--json", "hi").stdout)
    assert data["source"] == {"kind": "model", "model": second, "fallback": True, "detail": ""}
    _main("run", "--profile", "duo", "hi")  # the third failure in a row trips the breaker (default: 3)
    listing = _main("breakers", "list").stdout
    assert f"{first}  open  3/3 recent calls failed, 3 in a row; next probe in " in listing
    # A new process skips the model without calling it: its breaker was read from the store.
    r = _main("run", "--profile", "duo", "hi")
    assert r.stdout == "from second\n" and f"note: {first} could not answer (breaker open, next try in" in r.stderr
    assert _main("breakers", "close", first).exit_code == 0
    assert f"{first}  closed" in _main("breakers", "list").stdout
    monkeypatch.delenv("LLORCH_FAULTS")
    r = _main("run", "--profile", "duo", "hi")
    assert r.stdout == "from first\n" and "source:" not in r.stderr
    assert _main("breakers", "open", second).exit_code == 0
    assert "forced_open" in _main("breakers", "list").stdout and "no probe until closed by hand (llorch breakers close MODEL)" in _main("breakers", "list").stdout
    assert _main("breakers", "reset").stdout == "reset 2 breaker(s)\n"
    assert _main("breakers", "list").stdout.startswith("No breakers yet")


def test_with_every_model_down_the_cache_answers_then_a_clear_error(
    two_models: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _main("run", "--profile", "duo", "What is  TCP?").stdout == "from first\n"
    monkeypatch.setenv("LLORCH_FAULTS", "error=1")
    r = _main("run", "--profile", "duo", "what is tcp?")
    assert r.exit_code == 0 and r.stdout == "from first\n"
    assert "source: cached answer (saved " in r.stderr and "from " in r.stderr
    r = _main("run", "--profile", "duo", "never asked before")
    assert r.exit_code == 1
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: No model could answer.") and "injected fault" in last
    # The cache is per profile: another profile has no saved answer for the question.
    r = _main("run", "--profile", "general", "-m", two_models[0], "what is tcp?")
    assert r.exit_code == 1


def test_breaker_settings_are_validated_where_they_are_written(tmp_path: Path) -> None:
    config = resolve_paths().config_file
    config.parent.mkdir(parents=True)
    config.write_text("[breaker]\nfailure_rate = 3\n")
    r = _main("breakers", "list")
    assert r.exit_code == 1 and "'breaker.failure_rate' must be a number in (0, 1], got 3" in r.stderr
    config.write_text("[breaker]\nwait_seconds = 60\nmax_wait_seconds = 5\n")
    r = _main("breakers", "list")
    assert r.exit_code == 1 and "'max_wait_seconds' must be at least 'wait_seconds'" in r.stderr
    config.write_text('faults = "error=lots"\n')
    assert "'faults' must be fault specs" in _main("run", "hi").stderr


def test_a_health_check_from_the_command_line(two_models: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    first, _ = two_models
    r = _main("breakers", "check", first)
    assert r.exit_code == 0 and r.stdout == f"{first}: answered; breaker closed\n"
    monkeypatch.setenv("LLORCH_FAULTS", f"{first}:error=1")
    r = _main("breakers", "check", first)
    assert r.exit_code == 1 and f"Error: {first} did not answer the health check; its breaker is closed" in r.stderr
    assert f"{first}  closed  1/2 recent calls failed, 1 in a row" in _main("breakers", "list").stdout


def test_a_session_whose_profile_was_deleted_resumes_under_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from llorch.store import db_path
    from llorch.store.db import Store

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    fb = FakeBackend(["carried on"], name="m")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    with Store.open(db_path(resolve_paths())) as s:
        sid = s.create_session(model=str(model), profile="gone")
        s.add_message(sid, "user", "earlier")
        s.add_message(sid, "assistant", "reply")
    r = _main("run", "--continue", "next")
    assert r.exit_code == 0 and r.stdout == "carried on\n"
    assert "this session's profile 'gone' no longer exists; carrying on with general" in r.stderr
    assert [m.content for m in fb.history[0].messages][-3:] == ["earlier", "reply", "next"]


def test_run_answers_when_the_store_cannot_be_opened(two_models: tuple[str, str], llorch_home: Path) -> None:
    llorch_home.mkdir(parents=True, exist_ok=True)
    (llorch_home / "data").write_text("a file where the data dir should be")  # every write there fails
    r = _main("run", "--profile", "duo", "hi")
    assert r.exit_code == 0 and r.stdout == "from first\n"


def test_a_breaker_of_a_model_file_since_removed_can_still_be_closed(tmp_path: Path) -> None:
    """An unknown name is refused (a typo made a breaker for no model), but one with a breaker is not."""
    model = tmp_path / "gone.gguf"
    model.write_bytes(b"GGUF")
    assert _main("breakers", "open", str(model)).exit_code == 0
    model.unlink()
    r = _main("breakers", "close", str(model))
    assert r.exit_code == 0 and r.stdout == f"{model}: closed\n"
    assert _main("breakers", "reset", str(model)).stdout == "reset 1 breaker(s)\n"
    r = _main("breakers", "open", str(model))
    assert r.exit_code == 1 and "not found" in r.stderr and _main("breakers", "list").stdout.startswith("No breakers")
