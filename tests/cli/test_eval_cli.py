"""`llorch eval` through the real entry point, with scripted models behind the engine seam."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support import invoke_main
from typer.testing import Result

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Request
from llorch.evals import answer


def quiz(tmp_path: Path) -> str:
    path = tmp_path / "quiz.jsonl"
    rows = [{"id": "two", "prompt": "What is 1+1?", "expected": 2},
            {"id": "sky", "prompt": "Colour of the sky?", "expected": "blue", "accept": ["azure"]},
            {"id": "six", "prompt": "What is 2*3?", "expected": 6}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_json_gives_every_item_and_the_set_figures(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    models["a"].enqueue("It is 2.", "Azure, mostly", "5", "5")  # (a wrong answer to a tool's result is asked again)
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--json", "--temperature", "0"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["model"] == "a.gguf" and data["sampling"] == {"temperature": 0.0} and data["id"] == 1
    (quiz_set,) = data["sets"]
    assert (quiz_set["name"], quiz_set["correct"], quiz_set["total"]) == ("quiz", 2, 3)
    assert quiz_set["accuracy"] == 0.6667 and 0 < quiz_set["ci95"][0] < 0.6667 < quiz_set["ci95"][1] < 1
    assert [(i["id"], i["answer"], i["correct"]) for i in quiz_set["items"]] == [
        ("two", "It is 2.", True), ("sky", "Azure, mostly", True), ("six", "5", False)]
    item = quiz_set["items"][0]
    assert set(item) >= {"id", "prompt", "expected", "answer", "correct", "seconds", "tokens", "mean_logprob"}
    assert item["prompt"] == "What is 1+1?" and item["expected"] == 2 and item["tokens"] == 3
    assert [req.sampling.seed for req in models["a"].history] == [0, 1, 2, 2]  # one seed per item, repeatable


def test_the_table_shows_accuracy_interval_and_speed(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    models["a"].enqueue("2", "blue", "6")
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--label", "first try"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "a.gguf · “first try” (run #1)"
    row = next(line.split() for line in lines if line.strip().startswith("quiz"))
    assert row[:5] == ["quiz", "3/3", "100.0%", "43.9%–100.0%", row[4]] and float(row[4]) > 0


def test_runs_are_listed_and_compared_with_the_mcnemar_p_value(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    path = tmp_path / "ten.jsonl"
    path.write_text("".join(json.dumps({"id": f"q{k}", "prompt": f"{k}+0?", "expected": k}) + "\n" for k in range(10)))
    models["a"].enqueue(*[a for k in range(10) for a in ([str(k)] if k < 2 else ["no", "no"])])  # 2 of 10 (each
    # wrong answer said again when asked again: chat/recheck.py)
    models["b"].enqueue(*[str(k) for k in range(10)])  # 10 of 10
    assert invoke_main(["eval", str(path), "-m", "a.gguf", "--label", "small"]).exit_code == 0
    assert invoke_main(["eval", str(path), "-m", "b.gguf"]).exit_code == 0
    listed = invoke_main(["eval", "--list"])
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("#2 ") and lines[1].startswith("#1 ")
    assert "b.gguf  ten 10/10 (100%)" in lines[0] and "a.gguf · “small”  ten 2/10 (20%)" in lines[1]

    r = invoke_main(["eval", "--compare", "1", "2"])
    assert r.exit_code == 0, r.output
    assert "A: #1 a.gguf · “small”" in r.stdout and "B: #2 b.gguf" in r.stdout
    row = next(line for line in r.stdout.splitlines() if line.strip().startswith("ten"))
    # 8 items right only in B, none only in A: p = 2 / 2^8 = 0.0078125
    assert row.split() == ["ten", "10", "20.0%", "100.0%", "+80.0", "pts", "0", "/", "8", "0.00781", "yes"]
    data = json.loads(invoke_main(["eval", "--compare", "1", "2", "--json"]).stdout)
    assert data["sets"][0]["p_value"] == 0.0078125 and data["sets"][0]["significant"] is True
    assert data["a"]["label"] == "small" and data["b"]["model"] == "b.gguf"


def test_no_save_keeps_nothing(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    models["a"].enqueue("2", "blue", "6")
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--no-save", "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] is None
    listed = invoke_main(["eval", "--list"])
    assert listed.stdout == "" and "no saved eval runs yet" in listed.stderr


def test_limit_asks_only_the_first_items_of_each_builtin_set(models: dict[str, FakeBackend]) -> None:
    models["a"].enqueue("Au", "It has 6 sides.", "933", "933", "144")  # (the wrong one said again when asked again)
    r = invoke_main(["eval", "facts", "arithmetic", "--limit", "2", "-m", "a.gguf", "--json"])
    assert r.exit_code == 0, r.output
    sets = json.loads(r.stdout)["sets"]
    assert [(s["name"], s["total"], s["correct"]) for s in sets] == [("facts", 2, 2), ("arithmetic", 2, 1)]
    assert all(req.sampling.max_tokens == 256 for req in models["a"].history)  # the built-in sets' default


def test_tool_items_report_unasked_writes(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    add = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Dentist", "start": "next tuesday 9am"}})
    # Right for "Add a dentist appointment…"; "Can you check my calendar for tomorrow?" asked for no change (a call
    # whose words are not in the request would not even stand: tools/grounding.py).
    check = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Calendar check", "start": "tomorrow"}})
    models["a"].enqueue(add, check)
    items = tmp_path / "tools.jsonl"
    items.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "add", "prompt": "Add a dentist appointment next Tuesday at 9am to my calendar.", "check": "tool-call",
         "expected": {"tool": "calendar", "arguments": {"action": "add"}}, "profile": "productivity"},
        {"id": "ask", "prompt": "Can you check my calendar for tomorrow?", "check": "tool-call",
         "expected": {"tool": "calendar", "arguments": {"action": "list"}}, "profile": "productivity"}]))
    r = invoke_main(["eval", str(items), "-m", "a.gguf"])
    assert r.exit_code == 0, r.output
    assert "tools: 1 call(s) of a write tool the request did not ask for" in r.stdout
    assert "1/2" in r.stdout


@pytest.mark.parametrize("args, code, message", [
    (["eval", "trivia", "-m", "a.gguf"], 2, "unknown task set 'trivia'; the sets are facts, arithmetic, tools, json, shell, consensus"),
    (["eval", "facts", "--limit", "0", "-m", "a.gguf"], 2, "--limit"),
    (["eval", "facts", "--limit", "99999999999", "-m", "a.gguf"], 2, "--limit"),
    (["eval", "facts", "--limit", "-3", "-m", "a.gguf"], 2, "--limit"),
    (["eval", "./missing.jsonl", "-m", "a.gguf"], 1, "no task file ./missing.jsonl"),
    (["eval", "facts", "--list"], 2, "one at a time"),
    (["eval", "--compare", "1"], 2, "--compare"),
    (["eval", "--compare", "1", "2"], 1, "no eval run 1; `llorch eval --list` lists them"),
    (["eval", "--save-base", "x.bin"], 2, "go with --perplexity"),
    (["eval", "--perplexity", "--force", "-m", "a.gguf"], 2, "--force goes with --save-base"),
    (["eval", "facts", "-m", "nowhere.gguf"], 1, "nowhere.gguf"),
    (["eval", "facts", "-m", "a.gguf", "-p", "nope"], 1, "nope"),
    (["eval", "facts", "--votes", "1", "-m", "a.gguf"], 2, "--votes"),
])
def test_bad_input_is_one_line_and_the_right_exit_code(models: dict[str, FakeBackend], args: list[str], code: int,
                                                        message: str) -> None:
    r = invoke_main(args)
    assert r.exit_code == code, r.output
    assert message in r.stderr and "Traceback" not in r.stderr
    assert r.stdout == ""
    if code == 1:
        assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1
    assert models["a"].history == []  # nothing was asked


def test_a_malformed_file_names_its_line(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "a", "prompt": "x", "expected": 1}) + "\n{oops\n")
    r = invoke_main(["eval", str(bad), "-m", "a.gguf"])
    assert r.exit_code == 1
    assert r.stderr == f"Error: {bad} line 2 is not JSON (Expecting property name enclosed in double quotes); each line must be one JSON object\n"


def test_perplexity_is_wired_to_the_perplexity_module(models: dict[str, FakeBackend], tmp_path: Path,
                                                     fake_ppl: list[dict[str, object]]) -> None:
    calls = fake_ppl
    text = tmp_path / "wiki.txt"
    text.write_text("Some public text.")
    base = tmp_path / "base.logits"
    r = invoke_main(["eval", "--perplexity", str(text), "-m", "a.gguf", "--save-base", str(base), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["ppl"] == 12.5 and data["run"] == 1 and data["model"] == "a.gguf"
    assert calls[0]["text"] == "Some public text." and calls[0]["save_base"] == base and calls[0]["kl_base"] is None
    assert Path(str(calls[0]["model_path"])).name == "a.gguf"
    base.write_bytes(b"x")
    r = invoke_main(["eval", "--perplexity", str(text), "-m", "a.gguf", "--kl-divergence-base", str(base)])
    assert r.exit_code == 0 and "ppl: 12.5" in r.stdout and calls[1]["kl_base"] == base
    assert "perplexity ppl 12.5, chunks 3" in invoke_main(["eval", "--list"]).stdout
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--no-save"])  # the bundled text
    assert r.exit_code == 0, r.output
    assert len(str(calls[2]["text"])) > 1000


def _system(req: Request) -> str:
    return "\n".join(m.content for m in req.messages)


def test_a_run_is_asked_at_a_fixed_clock_so_that_runs_at_any_hour_compare(models: dict[str, FakeBackend]) -> None:
    """The tools' clock line is in every tool decision's prompt: with the real one the same model and seed decided
    some items differently a minute later. By default every item sees Wednesday 17 June 2026, 10:00; --clock
    names another moment or `now`, and the run records which."""
    models["a"].enqueue("{}", "{}", "{}")
    r = invoke_main(["eval", "tools", "--limit", "1", "-m", "a.gguf", "--json"])
    assert r.exit_code == 0, r.output
    assert "It is now Wednesday 17 June 2026, 10:00" in _system(models["a"].history[-1])
    assert json.loads(r.stdout)["extra"]["clock"].startswith("2026-06-17T10:00:00")

    r = invoke_main(["eval", "tools", "--limit", "1", "-m", "a.gguf", "--json", "--clock", "2027-01-04 08:30"])
    assert r.exit_code == 0, r.output
    assert "It is now Monday 04 January 2027, 08:30" in _system(models["a"].history[-1])

    r = invoke_main(["eval", "tools", "--limit", "1", "-m", "a.gguf", "--json", "--clock", "now"])
    assert r.exit_code == 0, r.output
    assert "2026-06-17" not in _system(models["a"].history[-1]) and json.loads(r.stdout)["extra"]["clock"] == "now"

    listed = invoke_main(["eval", "--compare", "1", "3"])
    assert listed.exit_code == 0, listed.output
    assert "note: A was asked at 2026-06-17T10:00:00" in listed.stdout and ", B at the real clock:" in listed.stdout
    same = invoke_main(["eval", "--compare", "3", "3"]).stdout
    assert "note: A was asked at the real clock, B at the real clock" in same
    assert "note:" not in invoke_main(["eval", "--compare", "1", "1"]).stdout


def test_a_clock_that_is_no_time_is_a_usage_error(models: dict[str, FakeBackend]) -> None:
    r = invoke_main(["eval", "tools", "-m", "a.gguf", "--clock", "teatime"])
    assert r.exit_code == 2 and "--clock: 'teatime' is not a time; give an ISO time such as 2026-06-17T10:00, or now" \
        in r.stderr, r.output
    assert models["a"].history == []


@pytest.fixture
def fake_ppl(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """run_perplexity replaced by a recorder: a call in the list is a model that would have loaded."""
    perplexity = pytest.importorskip("llorch.evals.perplexity")
    calls: list[dict[str, object]] = []

    class Result:
        def to_dict(self) -> dict[str, object]:
            return {"ppl": 12.5, "chunks": 3}

    def fake_run(model_path: Path, text: str, **kw: object) -> Result:
        calls.append({"model_path": model_path, "text": text} | kw)
        return Result()

    monkeypatch.setattr(perplexity, "run_perplexity", fake_run)
    return calls


def _one_error_line(r: Result, message: str) -> None:
    assert r.exit_code == 1, r.output
    assert r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
    assert message in r.stderr and r.stdout == ""


def test_save_base_replaces_an_existing_file_only_with_force(models: dict[str, FakeBackend], tmp_path: Path,
                                                             fake_ppl: list[dict[str, object]]) -> None:
    """A typo or a swapped argument replaced the user's file with megabytes of logits; now an existing
    --save-base needs --force (as `models quantize` does), and is refused before the model loads."""
    text = tmp_path / "wiki.txt"
    text.write_text("Some public text.")
    old = tmp_path / "old.logits"
    old.write_bytes(b"keep me")
    r = invoke_main(["eval", "--perplexity", str(text), "-m", "a.gguf", "--save-base", str(old)])
    _one_error_line(r, f"{old} exists already; pass --force to replace it, or give another --save-base")
    assert old.read_bytes() == b"keep me" and fake_ppl == []
    r = invoke_main(["eval", "--perplexity", str(text), "-m", "a.gguf", "--save-base", str(old), "--force"])
    assert r.exit_code == 0, r.output
    assert fake_ppl[0]["save_base"] == old
    r = invoke_main(["eval", "--perplexity", str(text), "-m", "a.gguf", "--save-base", str(tmp_path / "new.logits")])
    assert r.exit_code == 0, r.output  # a new file needs no --force


@pytest.mark.parametrize("target, what", [
    ("wiki.txt", "is the text being scored (wiki.txt)"),
    ("{tmp}/wiki.txt", "is the text being scored (wiki.txt)"),  # another spelling of it
    ("text-link.txt", "is the text being scored (wiki.txt)"),  # a symlink to it
    ("a.gguf", "is the model being measured (a.gguf)"),
    ("model-link.gguf", "is the model being measured (a.gguf)"),  # a hard link to it
])
def test_save_base_never_replaces_the_text_or_the_model(models: dict[str, FakeBackend], tmp_path: Path,
                                                        fake_ppl: list[dict[str, object]], target: str,
                                                        what: str) -> None:
    text = tmp_path / "wiki.txt"
    text.write_text("Some public text.")
    (tmp_path / "text-link.txt").symlink_to(text)
    (tmp_path / "model-link.gguf").hardlink_to(tmp_path / "a.gguf")
    target = target.format(tmp=tmp_path)
    r = invoke_main(["eval", "--perplexity", "wiki.txt", "-m", "a.gguf", "--save-base", target, "--force"])
    _one_error_line(r, f"--save-base {target} {what}; give another file for the base logits")
    assert fake_ppl == [] and text.read_text() == "Some public text." and (tmp_path / "a.gguf").read_bytes() == b"GGUF"


def test_save_base_never_replaces_the_bundled_text(models: dict[str, FakeBackend],
                                                   fake_ppl: list[dict[str, object]]) -> None:
    from llorch.evals.perplexity import default_text_path

    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--save-base", str(default_text_path()), "--force"])
    _one_error_line(r, "is the text being scored (python-reference.txt (bundled))")
    assert fake_ppl == []


def test_save_base_that_cannot_be_written_is_refused_before_the_model_loads(
        models: dict[str, FakeBackend], tmp_path: Path, fake_ppl: list[dict[str, object]]) -> None:
    """A folder gave a traceback at the final rename, after every chunk was computed."""
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--save-base", str(tmp_path)])
    _one_error_line(r, f"--save-base {tmp_path} is a folder; give a file path")
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--save-base", str(tmp_path), "--force"])
    _one_error_line(r, f"--save-base {tmp_path} is a folder; give a file path")
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--save-base", "/dev/null", "--force"])
    _one_error_line(r, "--save-base /dev/null is not a regular file (a device, pipe or socket); give a file path")
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--save-base", str(tmp_path / "nowhere" / "x.logits")])
    _one_error_line(r, f"cannot save the base logits to {tmp_path / 'nowhere' / 'x.logits'}: "
                       f"{tmp_path / 'nowhere'} is not a folder")
    assert fake_ppl == []


def test_force_goes_with_save_base(models: dict[str, FakeBackend], fake_ppl: list[dict[str, object]]) -> None:
    r = invoke_main(["eval", "--perplexity", "-m", "a.gguf", "--force"])
    assert r.exit_code == 2 and "--force goes with --save-base" in r.stderr, r.output
    assert fake_ppl == []


def test_perplexity_text_must_be_a_regular_file_of_bounded_size(models: dict[str, FakeBackend], tmp_path: Path,
                                                                fake_ppl: list[dict[str, object]]) -> None:
    """The text was read whole with no limit: /dev/zero ran the machine out of memory, a FIFO waits forever,
    and a 300 MB file aborted llama.cpp. Checked by fstat before a byte is read."""
    from llorch.evals.perplexity import MAX_TEXT_BYTES

    r = invoke_main(["eval", "--perplexity", "/dev/zero", "-m", "a.gguf"])
    _one_error_line(r, "/dev/zero is not a regular file (a pipe, device or socket); give a UTF-8 text file "
                       "for --perplexity")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = invoke_main(["eval", "--perplexity", str(fifo), "-m", "a.gguf"])
    _one_error_line(r, f"{fifo} is not a regular file")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_TEXT_BYTES + 2**20)  # sparse: no disk used
    r = invoke_main(["eval", "--perplexity", str(big), "-m", "a.gguf"])
    _one_error_line(r, f"{big} is 17.0 MiB, more than the 16 MiB of text --perplexity scores; give a part of it")
    assert fake_ppl == []
    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"word\r\n" * (MAX_TEXT_BYTES // 6))  # at the cap is fine; CRLF read as before, as LF
    r = invoke_main(["eval", "--perplexity", str(exact), "-m", "a.gguf", "--no-save"])
    assert r.exit_code == 0, r.output
    assert fake_ppl[0]["text"] == "word\n" * (MAX_TEXT_BYTES // 6)


@pytest.mark.parametrize("label", ["two\nlines", "\x1b[31mred", "tab\there", "nul\x00", "csi\x9b31m", "ls\u2028x"])
def test_a_label_with_control_characters_is_a_usage_error(models: dict[str, FakeBackend], tmp_path: Path,
                                                          label: str) -> None:
    """A newline split a run over two lines in --list, and ESC sequences reached the terminal as they are."""
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--label", label])
    assert r.exit_code == 2, r.output
    assert "--label" in r.stderr and "control character" in r.stderr and "\x1b" not in r.stderr
    assert models["a"].history == []
    assert invoke_main(["eval", "--list"]).stdout == ""


def test_a_label_of_printable_unicode_is_kept(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    models["a"].enqueue("2", "blue", "6")
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--label", "Qwen · “défaut” 👩‍💻"])
    assert r.exit_code == 0, r.output
    assert "“Qwen · “défaut” 👩‍💻”" in invoke_main(["eval", "--list"]).stdout


_REAL_ANSWERER = answer.RuntimeAnswerer


def _stop_at(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """The real answerer, with Ctrl-C landing while item number `n` (0-based, over all sets) is asked."""
    asked = [0]

    class Stopping(_REAL_ANSWERER):  # type: ignore[misc, valid-type]
        def __call__(self, task_set, item, index):  # type: ignore[no-untyped-def]
            asked[0] += 1
            if asked[0] > n:
                raise KeyboardInterrupt
            return super().__call__(task_set, item, index)

    monkeypatch.setattr(answer, "RuntimeAnswerer", Stopping)


def test_ctrl_c_prints_and_saves_the_items_answered(models: dict[str, FakeBackend], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C threw every finished item away; now they are printed and saved as a run marked interrupted,
    as `bench --tune` keeps what it measured, and the command still exits 130."""
    models["a"].enqueue("2", "blue")
    _stop_at(monkeypatch, 2)
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--label", "long"])
    assert r.exit_code == 130, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "a.gguf · “long” (run #1)"
    assert next(line.split() for line in lines if line.strip().startswith("quiz"))[:3] == ["quiz", "2/2", "100.0%"]
    assert lines[-1] == ("interrupted: these are the figures of the 2 of 3 items answered until then; "
                         "saved as run #1, marked interrupted")
    assert r.stderr == "\nInterrupted.\n"
    listed = invoke_main(["eval", "--list"]).stdout
    assert listed.startswith("#1 ") and listed.endswith("a.gguf · “long”  quiz 2/2 (100%)  (interrupted)\n")

    models["a"].enqueue("2", "blue", "6")
    monkeypatch.setattr(answer, "RuntimeAnswerer", _REAL_ANSWERER)
    assert invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf"]).exit_code == 0
    compared = invoke_main(["eval", "--compare", "1", "2"])
    assert compared.exit_code == 0, compared.output
    assert "A: #1 a.gguf · “long”  (interrupted)\n" in compared.stdout
    assert "quiz: 0 item(s) only in A and 1 only in B are left out" in compared.stdout


def test_ctrl_c_with_json_or_no_save(models: dict[str, FakeBackend], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    models["a"].enqueue("It is 2.", "Au")
    _stop_at(monkeypatch, 2)
    r = invoke_main(["eval", quiz(tmp_path), "facts", "-m", "a.gguf", "--json"])
    assert r.exit_code == 130, r.output
    data = json.loads(r.stdout)
    assert data["id"] == 1 and data["extra"]["interrupted"] is True and data["extra"]["items_planned"] > 3
    assert [(s["name"], s["total"]) for s in data["sets"]] == [("quiz", 2)]  # facts was never begun

    models["a"].enqueue("2")
    _stop_at(monkeypatch, 1)
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf", "--no-save"])
    assert r.exit_code == 130, r.output
    assert r.stdout.splitlines()[-1].endswith("the 1 of 3 items answered until then; not saved (--no-save)")


def test_ctrl_c_before_any_answer_says_nothing_was_saved(models: dict[str, FakeBackend], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _stop_at(monkeypatch, 0)
    r = invoke_main(["eval", quiz(tmp_path), "-m", "a.gguf"])
    assert r.exit_code == 130, r.output
    assert r.stdout == "" and r.stderr == "\nInterrupted before any item was answered: nothing was saved.\n"
    assert invoke_main(["eval", "--list"]).stdout == ""
