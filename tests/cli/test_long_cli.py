"""`--long` and `--file` on `llorch run` (and chat's line mode), on the scripted engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import invoke_main, make_pdf

from llorch.cli import _common as run_module
from llorch.config import resolve_paths, write_toml_atomic
from llorch.engine.fake import FakeBackend
from llorch.engine.types import Request


class PartEcho(FakeBackend):
    """A part's answer names its part; a combination lists the parts it was given."""

    @staticmethod
    def _echo(request: Request) -> str:
        text = [m.content for m in request.messages if m.role == "user"][-1]
        part = re.search(r"\[Part (\d+) of \d+\]", text)
        if part:
            return f"A{part.group(1)}"
        labels = re.findall(r"\[Answer from parts? ([^\]]+?) of \d+\]", text)
        return "combined " + ",".join(labels) if labels else f"plain {len(text.split())} words"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> PartEcho:
    backend = PartEcho(n_ctx=500, name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda path, options, name: backend)
    return backend


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


def long_text(paragraphs: int = 20) -> str:
    return "\n\n".join(f"Paragraph {i}: " + " ".join(f"w{i}x{j}" for j in range(40)) + "." for i in range(paragraphs))


def users(fb: FakeBackend) -> list[str]:
    return [[m.content for m in r.messages if m.role == "user"][-1] for r in fb.history]


def test_summarise_reads_a_file_in_parts(fake: PartEcho, model_file: Path, tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text(long_text())
    result = invoke_main(["run", "-m", str(model_file), "--long", "summarise", "--file", str(doc), "List them"])
    assert result.exit_code == 0, result.stderr
    parts = [t for t in users(fake) if "[Part " in t]
    assert len(parts) >= 3 and all(t.startswith("List them\n\n") for t in parts)
    (first,) = [t for t in parts if "[Part 1 of" in t]
    assert f"--- {doc} ---" in first  # a file is shown under its name
    assert result.stdout == "combined " + ",".join(str(i) for i in range(1, len(parts) + 1)) + "\n"
    assert "Reading the input" not in result.stderr  # no bar when stderr is not a terminal


def test_summarize_spelling_and_the_plan_in_verbose(fake: PartEcho, model_file: Path) -> None:
    result = invoke_main(["run", "-m", str(model_file), "--long", "summarize", "--verbose", "Which?"],
                         input=long_text())
    assert result.exit_code == 0, result.stderr
    assert re.search(r"long input: [\d,]+ tokens in \d+ parts of [\d,]+ to [\d,]+ tokens", result.stderr)


def test_the_default_refuses_and_says_what_to_do(fake: PartEcho, model_file: Path) -> None:
    result = invoke_main(["run", "-m", str(model_file), "Summarise"], input=long_text())
    assert result.exit_code == 1
    assert re.match(r"Error: the input is [\d,]+ tokens, more than the 500-token context holds", result.stderr)
    assert "--long summarise" in result.stderr and result.stderr.count("\n") == 1
    assert fake.history == []


def test_config_limits_long_sets_the_default(fake: PartEcho, model_file: Path) -> None:
    write_toml_atomic(resolve_paths().config_file, {"limits": {"long": "truncate"}})
    result = invoke_main(["run", "-m", str(model_file), "Summarise"], input=long_text())
    assert result.exit_code == 0, result.stderr
    assert re.search(r"note: the input is [\d,]+ tokens, more than the 500-token context holds: kept the first", result.stderr)
    (sent,) = users(fake)
    assert sent.startswith("Summarise\n\nParagraph 0:") and "Paragraph 19" not in sent
    # The flag wins over config.
    result = invoke_main(["run", "-m", str(model_file), "--long", "refuse", "Summarise"], input=long_text())
    assert result.exit_code == 1 and "--long summarise" in result.stderr


def test_stdin_and_files_are_all_read(fake: PartEcho, model_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.pdf"
    a.write_text("alpha file text")
    b.write_bytes(make_pdf(["beta pdf text"]))
    result = invoke_main(["run", "-m", str(model_file), "--file", str(a), "-f", str(b), "Compare"], input="piped text")
    assert result.exit_code == 0, result.stderr
    (sent,) = users(fake)
    assert sent.startswith("Compare\n\npiped text\n\n")
    assert sent.index("alpha file text") < sent.index("beta pdf text")


def test_a_file_alone_is_enough(fake: PartEcho, model_file: Path, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("just this")
    result = invoke_main(["run", "-m", str(model_file), "--file", str(a)])
    assert result.exit_code == 0, result.stderr
    assert users(fake) == [f"--- {a} ---\njust this"]


def test_a_pipe_named_by_file_is_read_like_cat_reads_it(fake: PartEcho, model_file: Path, tmp_path: Path) -> None:
    """`--file <(git diff)` (and a named pipe whose writer comes later): read to its end, not refused;
    `--file -` says that piped text needs no --file."""
    import os
    import threading

    fifo = tmp_path / "diff"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "w") as fh:  # blocks until llorch opens it for reading
            fh.write("piped through a fifo\n" * 3)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = invoke_main(["run", "-m", str(model_file), "--file", str(fifo), "Review"])
    writer.join(20)
    assert result.exit_code == 0, result.stderr
    assert users(fake) == [f"Review\n\n--- {fifo} ---\n" + "piped through a fifo\n" * 2 + "piped through a fifo"]
    result = invoke_main(["run", "-m", str(model_file), "--file", "-", "Review"], input="text")
    assert result.exit_code == 1 and result.stderr.startswith("Error: --file -: piped text needs no --file")
    assert len(fake.history) == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, r"Error: \S*missing.txt: no such file; give a .txt, .md or .pdf file"),
        ("blob.bin", b"\x7fELF\x00\x00\x01", r"Error: blob.bin: looks like a binary file; give a .txt, .md or .pdf file"),
        ("scan.pdf", make_pdf([]), r"Error: scan.pdf: the PDF has no text layer"),
        ("empty.md", b"  \n", r"Error: \S*empty.md is empty; give a file with text in it"),
        ("dir", "dir", r"Error: \S*dir is a directory"),
    ],
)
def test_bad_files_are_one_line_errors(fake: PartEcho, model_file: Path, tmp_path: Path, name: str,
                                       content: bytes | str | None, message: str) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    result = invoke_main(["run", "-m", str(model_file), "--file", str(path), "Summarise"])
    assert result.exit_code == 1
    assert re.match(message, result.stderr), result.stderr
    assert result.stderr.count("\n") == 1 and fake.history == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--long", "shorten", "x"], "give summarise, truncate or refuse, not 'shorten'"),
        (["--each-line", "--long", "truncate"], "--file and --long are for one answer"),
    ],
)
def test_bad_long_usage_is_exit_2(fake: PartEcho, model_file: Path, args: list[str], message: str) -> None:
    result = invoke_main(["run", "-m", str(model_file), *args], input="a line\n")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_config_value_names_the_key(fake: PartEcho, model_file: Path) -> None:
    write_toml_atomic(resolve_paths().config_file, {"limits": {"long": "cut"}})
    result = invoke_main(["run", "-m", str(model_file), "hi"])
    assert result.exit_code == 1
    assert "limits.long" in result.stderr and "summarise, truncate or refuse" in result.stderr


def test_chat_set_long_summarises_a_long_message(fake: PartEcho, model_file: Path) -> None:
    message = "Which paragraphs are there?\n\n" + long_text()
    lines = "/set long summarise\n" + message.replace("\n\n", " ") + "\n"  # line mode: one line a message
    result = invoke_main(["chat", "--plain", "-m", str(model_file)], input=lines)
    assert result.exit_code == 0, result.stderr
    assert "long input: summarise" in result.stderr
    assert len([t for t in users(fake) if "[Part " in t]) >= 3
    assert result.stdout.strip().startswith("combined 1,2,")


def test_chat_file_goes_with_the_first_message(fake: PartEcho, model_file: Path, tmp_path: Path) -> None:
    doc = tmp_path / "report.md"
    doc.write_text(long_text())
    result = invoke_main(["chat", "--plain", "-m", str(model_file), "--long", "summarise", "--file", str(doc)],
                         input="Which paragraphs?\nAnd then?\n")
    assert result.exit_code == 0, result.stderr
    texts = users(fake)
    n = len([t for t in texts if "[Part " in t])
    assert n >= 3 and all(t.startswith("Which paragraphs?\n\n") for t in texts[:n])
    assert texts[-1] == "And then?"  # the second message goes alone
    assert result.stdout.startswith("combined 1,2,")


def test_agents_work_from_a_digest_of_long_documents(monkeypatch: pytest.MonkeyPatch, model_file: Path,
                                                      tmp_path: Path) -> None:
    write_toml_atomic(resolve_paths().config_file, {"default_model": str(model_file)})
    backend = PartEcho(n_ctx=700, name="m")
    monkeypatch.setattr(run_module, "open_backend", lambda path, options, name: backend)
    doc = tmp_path / "spec.txt"
    doc.write_text(long_text(30))
    result = invoke_main(["agents", "run", "research-code", "--long", "summarise", "--file", str(doc), "Build it"])
    assert result.exit_code == 0, result.stderr
    texts = users(backend)
    n = len([t for t in texts if "[Part " in t])
    assert n >= 3
    digest = "combined " + ",".join(str(i) for i in range(1, n + 1))
    agents = texts[n + 1 :]  # after the parts and the digest itself
    assert agents and all("What the documents say for this task (read in parts):\n" + digest in t for t in agents)
    assert "pipeline research-code: turns researcher 1, developer 1" in result.stderr


def test_ctrl_c_while_parts_are_read_exits_130_and_stops_them(fake: PartEcho, model_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C lands in the main thread while it waits for the parts: the parts not yet answered never
    start, nothing is combined, and the command exits 130 like any other interrupted answer."""
    import llorch.chat.longinput as longinput

    real_wait = longinput.wait
    calls = 0

    def interrupted_wait(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 2:  # after the first part came back
            raise KeyboardInterrupt
        return real_wait(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(longinput, "wait", interrupted_wait)
    result = invoke_main(["run", "-m", str(model_file), "--long", "summarise", "List"], input=long_text(120))
    assert result.exit_code == 130
    assert "Interrupted." in result.stderr and "Traceback" not in result.stderr
    parts = [t for t in users(fake) if "[Part " in t]
    n = int(re.search(r"\[Part \d+ of (\d+)\]", parts[0]).group(1))
    assert n > 10 and len(parts) < n  # the rest were cancelled before they started
    assert not any("Combine these answers" in t for t in users(fake))


@pytest.mark.parametrize(("body", "asked", "result"), [
    ('{"a": 1}\n', "Is this valid JSON?", "Valid JSON"),
    ("one two three\n", "How many words is this?", "“one two three” has 3 words."),
    ("item,amount\ntea,3.50\ncake,4.25\n", "What is the total of the amount column?",
     "The total of amount over 2 rows is 7.75."),
])
def test_a_short_file_is_read_by_the_tool_without_its_name_line(fake: PartEcho, model_file: Path, tmp_path: Path,
                                                                body: str, asked: str, result: str) -> None:
    """Joined to the question, the file's "--- NAME ---" line went to the tool too: --file config.json was "Not valid
    JSON: line 1, column 1" and three words were six."""
    doc = tmp_path / "doc.txt"
    doc.write_text(body)
    r = invoke_main(["run", "-m", str(model_file), "--file", str(doc), asked])
    assert r.exit_code == 0, r.stderr
    assert f"-> {result}" in r.stderr
    assert result in users(fake)[0] and str(doc) not in users(fake)[0]  # the model is told the result
