"""`llorch run --each-line`: many prompts over the pool, in input order, failures per line (fake backend)."""

from __future__ import annotations

import json
import threading
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import invoke_main, Neighbour, undated

from llorch.bulk import Job, run_ordered
from llorch.cli import _common
from llorch.engine.fake import FakeBackend
from llorch.errors import GenerationError


class Flaky(FakeBackend):
    """Echoes each prompt; prompts that contain "FAIL" fail."""

    def generate(self, request):  # type: ignore[no-untyped-def]
        text = request.messages[-1].content if request.messages else request.prompt
        if "FAIL" in (text or ""):
            raise GenerationError(f"cannot answer {text!r}")
        return super().generate(request)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Flaky:
    backend = Flaky(name="fake")
    (tmp_path / "m.gguf").write_bytes(b"GGUF")
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backend)
    monkeypatch.chdir(tmp_path)
    return backend


def test_500_lines_keep_their_order_and_failing_lines_are_reported(fake: Flaky) -> None:
    lines = [f"FAIL {i}" if i in (17, 250, 251, 499) else f"q{i}" for i in range(1, 501)]
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--parallel", "8", "--temperature", "0"],
                    input="\n".join(lines) + "\n")
    assert r.exit_code == 1
    out = r.stdout.split("\n")[:-1]
    assert len(out) == 500
    for i, text in enumerate(out, start=1):
        assert text == ("" if i in (17, 250, 251, 499) else f"echo: q{i}")
    assert "line 17: Error: cannot answer 'FAIL 17'" in r.stderr
    assert "500 line(s) in" in r.stderr and "496 answered, 4 failed (lines 17, 250, 251, 499)" in r.stderr
    assert len(fake.history) == 496  # each line asked once (the failing ones fail before they are recorded)


def test_json_lines_carry_their_own_prompt_and_options_and_come_back_as_jsonl(fake: Flaky) -> None:
    stdin = "\n".join([
        json.dumps({"id": "a", "prompt": "first", "temperature": 0.2, "max_tokens": 5, "system": "be brief"}),
        "plain second",
        "",
        '{"prompt": 3}',
        '{"prompt": "x", "colour": "red"}',
        '{not json',
        '{"prompt": "x", "max_tokens": -5}',  # (was an empty answer counted as done)
        '{"prompt": "x", "seed": -7}',
        '{"prompt": "x", "top_p": 1.5}',
    ]) + "\n"
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--jsonl", "Prefix:"], input=stdin)
    assert r.exit_code == 1
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["line"] for rec in records] == [1, 2, 4, 5, 6, 7, 8, 9]  # a blank line has no record
    assert [rec["error"] for rec in records[5:]] == ["line 7: 'max_tokens' must be an integer >= 1, got -5",
                                                     "line 8: 'seed' must be an integer from -1 to 4294967294, got -7",
                                                     "line 9: 'top_p' must be a number from 0 to 1, got 1.5"]
    assert records[0]["id"] == "a" and records[0]["text"] == "echo: Prefix:\n\nfirst" and records[0]["worker"] == "fake"
    assert records[1]["text"] == "echo: Prefix:\n\nplain second" and "id" not in records[1]
    assert 'needs a non-empty "prompt" string' in records[2]["error"]
    assert "unknown key(s) colour" in records[3]["error"]
    assert "not valid JSON" in records[4]["error"]
    first = next(req for req in fake.history if "first" in req.messages[-1].content)
    assert (first.sampling.temperature, first.sampling.max_tokens) == (0.2, 5)
    assert undated(first.messages[0].content) == "be brief"


def test_each_line_needs_piped_input_and_its_own_flags(fake: Flaky) -> None:
    r = invoke_main(["run", "-m", "m.gguf", "--jsonl", "hi"])
    assert r.exit_code == 2 and "--jsonl and --parallel go with --each-line" in r.stderr
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--json"], input="a\n")
    assert r.exit_code == 2 and "use --jsonl" in r.stderr
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--continue"], input="a\n")
    assert r.exit_code == 2 and "in no session; --continue adds one turn" in r.stderr and "--jsonl" not in r.stderr


@dataclass(frozen=True)
class _Answer:
    text: str
    error: str | None = None


def test_a_100000_line_input_streams_in_bounded_memory() -> None:
    """Lines are read only as far ahead as the window, and what run_ordered keeps alive does not grow
    with the input: only allocations made by the lines' source, the answers and llorch/bulk.py are
    counted, so whatever else the process does meanwhile (other threads) cannot move the figure."""
    import llorch.bulk

    read = [0]
    in_flight = [0]
    most = [0]
    lock = threading.Lock()

    def lines():  # type: ignore[no-untyped-def]
        for i in range(100_000):
            read[0] += 1
            yield f"prompt number {i} " + "x" * 200

    def answer(job: Job) -> object:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        with lock:
            in_flight[0] -= 1
        return _Answer(job.prompt[-3:])

    ours = [tracemalloc.Filter(True, __file__), tracemalloc.Filter(True, llorch.bulk.__file__)]

    def held() -> int:
        """Bytes still allocated by the lines' source, the answers and run_ordered itself."""
        return sum(stat.size for stat in tracemalloc.take_snapshot().filter_traces(ours).statistics("filename"))

    tracemalloc.start()
    count = 0
    lag = 0
    try:
        with Neighbour():  # another thread of the process allocating meanwhile (up to ~4 MB)
            for result in run_ordered(lines(), answer, concurrency=4, window=16):
                count += 1
                assert result.line == count
                lag = max(lag, read[0] - count)
                if count == 1000:
                    base = held()
                elif count == 99_000:
                    late = held()
    finally:
        tracemalloc.stop()
    assert count == 100_000
    assert lag <= 16 and most[0] <= 4  # never more than the window read ahead, nor more than 4 at once
    # 98,000 more lines (~21 MB) went through between the two figures; a run that kept even one
    # in a hundred of them would hold 200 kB more.
    assert late - base < 98_000 * 217 // 100, (base, late)


def test_a_line_that_is_not_text_is_that_lines_error_and_the_rest_go_on(fake: Flaky) -> None:
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--jsonl"], input=b"first\n\xff\xfe bad\nnul\x00here\nlast\n")
    assert r.exit_code == 1
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec.get("text") for rec in records] == ["echo: first", None, None, "echo: last"]
    assert records[1]["error"] == "the line is not valid UTF-8 (byte 0xff at offset 0); convert it first, e.g. with iconv -t utf-8"
    assert records[2]["error"].startswith("the line looks like binary data (it contains NUL bytes)")
    assert "line 2: Error: the line is not valid UTF-8" in r.stderr and "Traceback" not in r.stderr


def test_each_line_asks_as_bulk_work_and_a_plain_run_as_interactive(fake: Flaky) -> None:
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--parallel", "2"], input="q1\nq2\nq3\n")
    assert r.exit_code == 0, r.stderr
    assert [req.priority for req in fake.history] == ["bulk"] * 3
    fake.history.clear()
    assert invoke_main(["run", "-m", "m.gguf", "hello"]).exit_code == 0
    assert [req.priority for req in fake.history] == ["interactive"]


def test_bad_input_lines_do_not_stop_the_run_and_keep_their_id(fake: Flaky) -> None:
    """(Eight lines that were no prompt stopped the run as if every model had failed: line 8 got no record and the
    good lines after it no answer; a JSON line that failed its checks lost its id.)"""
    bad = [json.dumps({"id": f"order-{i}", "prompt": "hi", "max_tokens": 0}) for i in range(1, 9)]
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "--jsonl"], input="\n".join([*bad, "Say ok", "Say yes"]) + "\n")
    assert r.exit_code == 1, r.output
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["line"] for rec in records] == list(range(1, 11))
    assert [rec.get("id") for rec in records[:8]] == [f"order-{i}" for i in range(1, 9)]
    assert [rec.get("text") for rec in records[8:]] == ["echo: Say ok", "echo: Say yes"]


def test_prompts_that_all_fail_alike_stop_the_run_after_eight_with_every_record(fake: Flaky) -> None:
    r = invoke_main(["run", "-m", "gone.gguf", "--each-line", "--jsonl"], input="".join(f"q{i}\n" for i in range(20)))
    assert r.exit_code == 1
    assert "the first 8 prompts all failed, so llorch stopped: model 'gone.gguf' not found" in r.stderr
    assert [json.loads(line)["line"] for line in r.stdout.splitlines()] == list(range(1, 9))


def test_plain_output_is_one_line_per_answer(fake: Flaky) -> None:
    """(An answer of three lines shifted every answer after it: the output no longer lined up with the input.)"""
    r = invoke_main(["run", "-m", "m.gguf", "--each-line", "Answer\n\nbriefly:"], input="q1\n\nq3\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == "echo: Answer briefly: q1\n\necho: Answer briefly: q3\n"


def test_a_change_refused_for_want_of_consent_is_said_for_its_line(monkeypatch: pytest.MonkeyPatch,
                                                                    tmp_path: Path) -> None:
    """(The README's "refused with a note that says so": the note was dropped, and a bulk user never learnt that
    their "add" lines did nothing.)"""
    from llorch.config import resolve_paths

    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Dentist", "start": "2030-01-02 9am"}})
    backend = FakeBackend([add, "Booked."], name="fake")
    (tmp_path / "m.gguf").write_bytes(b"GGUF")
    monkeypatch.setattr(_common, "open_backend", lambda path, options, name: backend)
    monkeypatch.chdir(tmp_path)
    folder = resolve_paths().config_dir / "profiles"
    folder.mkdir(parents=True)
    (folder / "cal.toml").write_text('[models]\nchat = ["m.gguf"]\n[tools]\nenabled = ["calendar"]\nauto = "auto"\n'
                                     '[tools.permissions]\ncalendar = "write"\n')
    r = invoke_main(["run", "-p", "cal", "--each-line", "--jsonl"], input="Add the dentist on 2 Jan 2030 at 9am\n")
    (record,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert any("was not run" in note and "go-ahead" in note for note in record["notes"]), record
    assert "line 1: note: calendar add: title='Dentist'" in r.stderr and not (resolve_paths().data_dir / "calendar.ics").exists()
