"""`llorch chat` takes run's sampling options, and `/set` changes them mid-session (line mode, fake backend)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import invoke_main

from llorch.cli import _common
from llorch.engine.fake import FakeBackend


def test_flags_then_set_change_the_sampling_of_the_following_messages(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    fb = FakeBackend(["one", "two", "three"], name="m")
    monkeypatch.setattr(_common, "open_backend", lambda *a: fb)
    r = invoke_main(["chat", "--plain", "-m", str(model), "--temperature", "0.3", "--seed", "9", "-n", "50"],
                    input="first\n/set temperature 0\n/set top-k 5\nsecond\n/set temperature default\nthird\n/set top_p 3\n")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == ["one", "two", "three"]
    used = [(q.sampling.temperature, q.sampling.top_k, q.sampling.seed, q.sampling.max_tokens) for q in fb.history]
    default = used[2][0]
    assert used[0] == (0.3, used[0][1], 9, 50) and used[1] == (0.0, 5, 9, 50)
    assert used[2] == (default, 5, 9, 50) and default != 0.3  # `default` drops the change, the flag's too
    assert "sampling: temperature 0, top_k 5" in r.stderr
    assert "'sampling.top_p' must be a number from 0 to 1, got '3'" in r.stderr  # reported; the chat goes on


def test_bad_sampling_flags_are_usage_errors() -> None:
    r = invoke_main(["chat", "--plain", "--temperature", "-1"], input="")
    assert r.exit_code == 2 and "--temperature" in r.output
