"""Files a user names: FIFOs and devices refused without blocking, deep nesting refused with one line."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from llorch.errors import ConfigError, InputError, ProfileError
from llorch.userfiles import MAX_NESTING, check_nesting, parse_json, parse_toml, read_regular

DEEP = 5000


def _deep_toml(n: int = DEEP) -> str:
    return "a = " + "[" * n + "]" * n + "\n"


def _deep_json(n: int = DEEP) -> str:
    return "[" * n + "]" * n


def _bounded(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call fn in a thread and fail (rather than hang the suite) if it has not returned in 20 s."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), f"{fn.__name__} blocked on its input"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out.get("value")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match=r"pipe\.toml is not a regular file .* give a TOML file"):
        _bounded(read_regular, fifo, what="TOML file", error=ConfigError)


def test_a_pipe_is_read_to_its_end_only_when_asked_and_within_the_limit(tmp_path: Path) -> None:
    """`pipes=True` (a document named on the command line): a named pipe is read once its writer comes, and one
    that runs past the limit is refused; without it the same pipe is refused at once."""
    from llorch.userfiles import read_document

    fifo = tmp_path / "doc.md"
    os.mkfifo(fifo)

    def feed(data: bytes) -> threading.Thread:
        def write() -> None:
            try:
                with open(fifo, "wb") as fh:
                    fh.write(data)
            except BrokenPipeError:  # the reader stopped at its limit
                pass
        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        return thread

    writer = feed(b"# Notes\nline two\n")
    assert _bounded(read_document, fifo, pipes=True).text == "# Notes\nline two\n"
    writer.join(20)
    writer = feed(b"x" * 5000)
    with pytest.raises(InputError, match=r"doc\.md gives more than the 0 MiB llorch reads"):
        _bounded(read_regular, fifo, limit=1000, pipes=True)
    writer.join(20)
    with pytest.raises(InputError, match="not a regular file"):
        _bounded(read_document, fifo)


def test_a_directory_a_device_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_regular(tmp_path)
    with pytest.raises(InputError, match="not a regular file"):
        _bounded(read_regular, Path("/dev/zero"))  # a device that never ends
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "nope.toml")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(5 * 2**20)  # sparse
    with pytest.raises(InputError, match=r"big\.json is 5\.0 MiB, more than the 1 MiB llorch reads from a schema"):
        read_regular(big, what="schema", limit=2**20)
    assert read_regular(big, limit=8 * 2**20) == b"\0" * (5 * 2**20)


def test_deep_toml_and_json_are_refused_with_one_line() -> None:
    for parse, text in ((parse_toml, _deep_toml()), (parse_json, _deep_json())):
        with pytest.raises(ProfileError, match=f"^x.toml nests lists or tables more than {MAX_NESTING} levels deep"):
            parse(text, "x.toml", ProfileError)
    # deep enough to hurt what walks it later, but not the parser: refused all the same
    with pytest.raises(InputError, match="more than 64 levels"):
        parse_json(_deep_json(300), "s.json")
    table = "\n".join(f"[{'.'.join(['t'] * n)}]" for n in (1, 200))  # dotted headers nest without recursion
    with pytest.raises(InputError, match="more than 64 levels"):
        parse_toml(table, "dotted.toml")


def test_nesting_up_to_the_limit_is_accepted() -> None:
    value = parse_json(_deep_json(MAX_NESTING), "ok.json")
    check_nesting(value, "ok.json")
    assert parse_toml(_deep_toml(MAX_NESTING - 1), "ok.toml")["a"]
    with pytest.raises(InputError):
        check_nesting(json.loads(_deep_json(MAX_NESTING + 1)), "x")


def _cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from support import invoke_main

    monkeypatch.chdir(cwd)
    return _bounded(invoke_main, args)


@pytest.mark.parametrize(
    ("args", "name", "content"),
    [
        (["agents", "run", "./p.toml", "hi"], "p.toml", _deep_toml()),
        (["profiles", "validate", "p.toml"], "p.toml", _deep_toml()),
        (["mcp", "import", "m.json"], "m.json", '{"mcpServers": ' + _deep_json() + "}"),
        (["run", "--schema", "s.json", "hi"], "s.json", _deep_json()),
    ],
    ids=["agents-run", "profiles-validate", "mcp-import", "run-schema"],
)
def test_every_loader_of_user_files_refuses_fifos_and_deep_nesting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], name: str, content: str
) -> None:
    os.mkfifo(tmp_path / name)
    r = _cli(args, tmp_path, monkeypatch)
    assert r.exit_code == 1, r.output
    assert f"{name} is not a regular file" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    (tmp_path / name).unlink()
    (tmp_path / name).write_text(content)
    r = _cli(args, tmp_path, monkeypatch)
    assert r.exit_code == 1, r.output
    assert "more than 64 levels deep" in r.stderr and "Traceback" not in r.output + r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_a_config_toml_that_is_a_fifo_is_refused(llorch_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = llorch_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(config)
    r = _cli(["config", "get", "default_model"], llorch_home, monkeypatch)
    assert r.exit_code == 1 and "config.toml is not a regular file" in r.stderr, r.stderr
