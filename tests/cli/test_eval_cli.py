"""`llorch eval` through the real entry point, with scripted models behind the engine seam."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import invoke_main

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Request


def quiz(tmp_path: Path) -> str:
    path = tmp_path / "quiz.jsonl"
    rows = [{"id": "two", "prompt": "What is 1+1?", "expected": 2},
            {"id": "sky", "prompt": "Colour of the sky?", "expected": "blue", "accept": ["azure"]},
            {"id": "six", "prompt": "What is 2*3?", "expected": 6}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_json_gives_every_item_and_the_set_figures(models: dict[str, FakeBackend], tmp_path: Path) -> None:
    models["a"].enqueue("It is 2.", "Azure, mostly", "5")
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
    assert [req.sampling.seed for req in models["a"].history] == [0, 1, 2]  # one seed per item, repeatable


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
    models["a"].enqueue(*[str(k) if k < 2 else "no" for k in range(10)])  # 2 of 10
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
    models["a"].enqueue("Au", "It has 6 sides.", "933", "144")
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
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    perplexity = pytest.importorskip("llorch.evals.perplexity")
    calls: list[dict[str, object]] = []

    class Result:
        def to_dict(self) -> dict[str, object]:
            return {"ppl": 12.5, "chunks": 3}

    def fake_run(model_path: Path, text: str, **kw: object) -> Result:
        calls.append({"model_path": model_path, "text": text} | kw)
        return Result()

    monkeypatch.setattr(perplexity, "run_perplexity", fake_run)
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
