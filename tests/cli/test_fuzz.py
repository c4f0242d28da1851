"""Random argument vectors, config files and stdin blobs against the CLI (on the scripted model).

Whatever comes in: exit code 0, 1 or 2, never a traceback, and nothing on stdout when it fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import invoke_main

from llorch.cli import _common
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend

COMMANDS = [
    ["run"], ["run", "--json"], ["run", "--continue"], ["run", "--raw"], ["run", "--stats"], ["chat", "--plain"],
    ["sessions", "list"], ["sessions", "show"], ["sessions", "search"], ["sessions", "export"], ["sessions", "rm"],
    ["models", "list"], ["models", "show"], ["config", "get"], ["config", "set"], ["config", "unset"], ["config", "path"],
    ["profiles", "list"], ["profiles", "show"], ["profiles", "validate"], ["tools", "list"], ["tools", "show"],
    ["tool", "math"], ["tool", "documents"], ["tool", "code"], ["breakers", "list"], ["breakers", "open"],
    ["breakers", "close"], ["breakers", "reset"], ["bench", "history"], ["bench", "show"], ["info", "--json"],
]
OPTIONS = ["--json", "-m", "--model", "--seed", "-n", "--max-tokens", "--temperature", "--top-p", "--profile", "-p",
           "--role", "-s", "--system", "--stop", "--schema", "-c", "--ctx-size", "--threads", "--session", "--raw",
           "--chat", "--continue", "-v", "--logprobs", "--", "-", "MODEL", "general", "dev", "academic", "math"]
WORDS = st.one_of(
    st.sampled_from(OPTIONS),
    st.text(max_size=12),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["engine.n_ctx", "sampling.seed", "default_profile", "aliases.x", "limits.ttft_s", "1+1", "2^100",
                     "x\udcff", "", " ", "\x00", "../../etc/passwd", "hf:", "hf:a/b:Q4"]),
)


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    monkeypatch.setattr(_common, "open_backend", lambda *a: FakeBackend(name="fake"))
    model = tmp_path_factory.mktemp("m") / "m.gguf"
    model.write_bytes(b"GGUF")
    return model


def _check(args: list[str], stdin: bytes) -> None:
    r = invoke_main(args, input=stdin)
    assert r.exit_code in (0, 1, 2), (args, r.exit_code, r.output)
    assert "Traceback" not in r.stderr, (args, r.stderr)
    if r.exit_code != 0:
        assert r.stdout == "", (args, r.stdout)
    if r.exit_code != 0:
        assert r.stderr.strip(), (args, "a failure must say why")


@settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(COMMANDS), words=st.lists(WORDS, max_size=5), stdin=st.binary(max_size=64))
def test_random_argument_vectors(scripted: Path, command: list[str], words: list[str], stdin: bytes) -> None:
    args = [str(scripted) if w == "MODEL" else w for w in [*command, *words]]
    _check(args, stdin)


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(config=st.one_of(
    st.binary(max_size=80),
    st.dictionaries(st.sampled_from(["engine", "sampling", "limits", "breaker", "models", "aliases", "default_profile",
                                     "faults", "nope"]),
                    st.one_of(st.integers(), st.text(max_size=8), st.booleans(),
                              st.dictionaries(st.text(max_size=10), st.one_of(st.integers(), st.text(max_size=5),
                                                                              st.floats())), ), max_size=3)
    .map(lambda d: _toml(d).encode()),
))
def test_random_config_files(scripted: Path, config: bytes) -> None:
    path = resolve_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(config)
    for args in (["config", "get"], ["run", "-m", str(scripted), "hi"], ["tool", "math", "1+1"]):
        _check(args, b"")


def _toml(table: dict[str, object]) -> str:
    import tomli_w

    try:
        return tomli_w.dumps({k: v for k, v in table.items()})
    except (TypeError, ValueError):
        return "broken = [\n"
