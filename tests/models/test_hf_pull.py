"""`hf:` pulls against a local stand-in hub (HF_ENDPOINT), through the installed command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fakehub import FakeHub  # type: ignore[import-not-found]

LLORCH = shutil.which("llorch")


@pytest.fixture
def hub(tiny_model: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with FakeHub() as h:
        h.state.repos["acme/tiny-GGUF"] = {
            "tiny-Q4_K_M.gguf": tiny_model.read_bytes(),
            "tiny-Q8_0.gguf": tiny_model.read_bytes(),
            "README.md": b"# tiny",
        }
        monkeypatch.setenv("HF_ENDPOINT", h.url)
        monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
        monkeypatch.setenv("HF_HOME", str(Path(os.environ["LLORCH_HOME"]) / "hf-home"))
        yield h


def llorch(*args: str) -> subprocess.CompletedProcess[str]:
    assert LLORCH
    return subprocess.run([LLORCH, *args], capture_output=True, text=True, timeout=600, env=os.environ.copy())


def pulled(home: Path, name: str) -> Path:
    return home / "cache" / "models" / "hf" / "acme" / "tiny-GGUF" / name


def test_pull_picks_q4_k_m_verifies_and_runs(hub: FakeHub, llorch_home: Path, tiny_model: Path) -> None:
    r = llorch("models", "pull", "hf:acme/tiny-GGUF")
    assert r.returncode == 0, r.stderr
    target = pulled(llorch_home, "tiny-Q4_K_M.gguf")
    assert r.stdout.strip() == str(target)
    assert target.read_bytes() == tiny_model.read_bytes()
    listed = llorch("models", "list").stdout
    assert "hf:acme/tiny-GGUF/tiny-Q4_K_M.gguf" in listed
    # A pulled model runs, and is not downloaded again.
    before = len(hub.state.requests)
    run = llorch("run", "-m", "hf:acme/tiny-GGUF", "-n", "4", "--seed", "1", "the cat")
    assert run.returncode == 0, run.stderr
    assert len(hub.state.requests) == before
    assert llorch("models", "rm", "hf:acme/tiny-GGUF").returncode == 0
    assert not target.exists()


def test_pull_by_quant_and_by_file(hub: FakeHub, llorch_home: Path) -> None:
    assert llorch("models", "pull", "hf:acme/tiny-GGUF:q8_0").returncode == 0
    assert pulled(llorch_home, "tiny-Q8_0.gguf").is_file()
    r = llorch("models", "pull", "hf:acme/tiny-GGUF/README.gguf")
    assert r.returncode == 1 and r.stderr.startswith("Error: hf:acme/tiny-GGUF/README.gguf not found")


def test_checksum_mismatch_removes_the_file(hub: FakeHub, llorch_home: Path) -> None:
    hub.state.wrong_sha = True
    r = llorch("models", "pull", "hf:acme/tiny-GGUF")
    assert r.returncode == 1
    assert r.stderr.startswith("Error: hf:acme/tiny-GGUF failed verification: sha256")
    assert r.stderr.count("\n") == 1
    assert not pulled(llorch_home, "tiny-Q4_K_M.gguf").exists()


def test_interrupted_download_fails_cleanly_then_succeeds(hub: FakeHub, llorch_home: Path, tiny_model: Path) -> None:
    hub.state.cut_after = 100_000  # the body stops short; the client's retry gets 503
    r = llorch("models", "pull", "hf:acme/tiny-GGUF")
    assert r.returncode == 1, r.stdout
    assert r.stderr.startswith("Error: pulling hf:acme/tiny-GGUF failed")
    assert r.stderr.endswith("run the same command again to retry\n") and r.stderr.count("\n") == 1
    repo = pulled(llorch_home, "x").parent
    assert not [p for p in repo.rglob("*") if p.is_file() and p.suffix in (".gguf", ".incomplete")]
    # The hub recovers and the same command completes with a verified file.
    hub.state.fail_after_cut = False
    hub.state.cuts = 0
    hub.state.cut_after = None
    r = llorch("models", "pull", "hf:acme/tiny-GGUF")
    assert r.returncode == 0, r.stderr
    assert pulled(llorch_home, "tiny-Q4_K_M.gguf").read_bytes() == tiny_model.read_bytes()


def test_unknown_repo(hub: FakeHub) -> None:
    r = llorch("run", "-m", "hf:acme/nothing-here", "hi")
    assert r.returncode == 1
    assert r.stderr.startswith("Error: hf:acme/nothing-here not found on the hub")


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once it is closed


@pytest.mark.parametrize(
    ("endpoint", "host", "why"),
    [
        ("http://127.0.0.1:{port}", "127.0.0.1:{port}", "the connection was refused (nothing listens there)"),
        ("http://nonexistent.invalid", "nonexistent.invalid", "its name does not resolve (no network?)"),
    ],
)
def test_unreachable_hub_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch, llorch_home: Path, endpoint: str,
                                             host: str, why: str) -> None:
    port = _closed_port()
    monkeypatch.setenv("HF_ENDPOINT", endpoint.format(port=port))
    for args in (["models", "pull", "hf:acme/tiny-GGUF"], ["run", "-m", "hf:acme/tiny-GGUF:Q8_0", "hi"]):
        r = llorch(*args)
        ref = args[-1] if args[0] == "models" else args[2]
        assert r.returncode == 1 and r.stdout == ""
        assert r.stderr == (f"Error: cannot reach {host.format(port=port)} to pull {ref}: {why}; check the connection "
                            "(or HF_ENDPOINT) and run the same command again\n")
    assert not (llorch_home / "cache" / "models" / "hf" / "acme").exists() or not any(
        p.is_file() for p in (llorch_home / "cache" / "models" / "hf" / "acme").rglob("*"))
