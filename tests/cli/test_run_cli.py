"""`llorch run` through Typer's CliRunner, with the fake backend behind the engine seam."""

from __future__ import annotations

import re

import json
from pathlib import Path

import pytest
from support import invoke_main
from typer.testing import CliRunner

from llorch.cli import _common as run_module
from llorch.cli.main import app
from llorch.engine.fake import FakeBackend
from llorch.errors import InputError


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeBackend:
    backend = FakeBackend(["Paris is the capital."], name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda path, options, name: backend)
    return backend


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


def invoke(args: list[str], stdin: bytes | str | None = None) -> object:
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


def test_prompt_argument_streams_answer(fake: FakeBackend, model_file: Path) -> None:
    result = invoke(["run", "-m", str(model_file), "What", "is", "the", "capital?"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Paris is the capital.\n"
    (req,) = fake.history
    assert req.messages[-1].content == "What is the capital?"


def test_stdin_is_joined_after_the_argument(fake: FakeBackend, model_file: Path) -> None:
    result = invoke(["run", "-m", str(model_file), "Summarise:"], stdin="line one\nline two\n")
    assert result.exit_code == 0
    assert fake.history[0].messages[-1].content == "Summarise:\n\nline one\nline two"


def test_a_count_of_piped_text_is_the_count_tools_and_its_line_shows_the_texts_start(
        fake: FakeBackend, model_file: Path) -> None:
    """`cat notes.txt | llorch run "How many words is this?"`: the general profile's count tool counts them."""
    text = "word " * 3000
    result = invoke(["run", "-m", str(model_file), "How many words is this?"], stdin=text)
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("tool: ")]
    assert line.startswith("tool: count(text='word word word") and "…[14,999 chars], what='words')" in line
    assert line.endswith("-> The text has 3,000 words.") and len(line) < 200
    asked = fake.history[0].messages[-1].content  # the model reads the question and the count, not the text
    assert asked.startswith("How many words is this?\n\n[the text: 14,999 characters, left out here; the count tool "
                            "read it]") and asked.endswith("The count tool worked it out: The text has 3,000 words.")


def test_a_syntax_check_of_a_piped_file_is_the_validate_tools_however_long(
        fake: FakeBackend, model_file: Path) -> None:
    """`cat big.json | llorch run "Is this valid JSON?"`: the file is parsed whole, not condensed to fit a context."""
    items = ", ".join(f'{{"id": {i}, "tags": ["a", "b"]}}' for i in range(2000))
    text = f"[{items},]"  # a trailing comma at its very end
    result = invoke(["run", "-m", str(model_file), "-c", "2048", "Is this valid JSON?"], stdin=text + "\n")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("tool: ")]
    assert line.startswith("tool: validate(format='json', text='[{\"id\": 0")
    assert line.endswith(f"-> Not valid JSON: line 1, column {len(text)}: a comma before ‘]’ (JSON allows no trailing "
                         "comma).")
    asked = fake.history[0].messages[-1].content
    assert asked.startswith(f"Is this valid JSON?\n\n[the text: {len(text):,} characters, left out here; the validate "
                            "tool read it]")


def test_options_reach_the_request(fake: FakeBackend, model_file: Path) -> None:
    result = invoke(
        ["run", "-m", str(model_file), "--system", "be terse", "--temperature", "0", "--top-k", "5", "--seed", "9",
         "--max-tokens", "3", "--stop", "END", "--raw", "hi"]
    )
    assert result.exit_code == 0
    req = fake.history[0]
    assert req.prompt == "be terse\n\nhi"
    s = req.sampling
    assert (s.temperature, s.top_k, s.seed, s.max_tokens, s.stop) == (0.0, 5, 9, 3, ("END",))
    assert result.stdout == "Paris is the\n"


def test_json_output(fake: FakeBackend, model_file: Path) -> None:
    result = invoke(["run", "-m", str(model_file), "--json", "hi"])
    data = json.loads(result.stdout)
    assert data["text"] == "Paris is the capital."
    assert data["model"] == str(model_file) and data["mode"] == "chat"
    assert data["usage"]["completion_tokens"] == 4
    assert {"prompt_eval_ms", "eval_ms", "ttft_ms", "load_ms", "tg_tokens_per_s"} <= set(data["timings"])


def test_stats_go_to_stderr(fake: FakeBackend, model_file: Path) -> None:
    result = invoke(["run", "-m", str(model_file), "--stats", "hi"])
    assert result.stdout == "Paris is the capital.\n"
    assert "generate (tg):" in result.stderr and "first token:" in result.stderr
    assert "worker:         fake (the only instance); waited " in result.stderr  # which worker, and why


def test_base_model_note_once_on_stderr(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    backend = FakeBackend(["once upon"], chat_template=None, is_base_model=True)
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke(["run", "-m", str(model_file), "Tell me"])
    assert result.stderr.count("using plain completion") == 1
    assert backend.history[0].prompt == "Tell me"


def test_schema_is_passed_as_grammar(fake: FakeBackend, model_file: Path, tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"type": "object", "properties": {"ok": {"type": "boolean"}}}')
    assert invoke(["run", "-m", str(model_file), "--schema", str(schema), "hi"]).exit_code == 0
    assert json.loads(fake.history[0].grammar_schema or "")["properties"]["ok"]["type"] == "boolean"


@pytest.mark.parametrize("schema", ['{"type": "string", "minLength": 1000000000}',
                                    '{"type": "array", "items": {"type": "integer"}, "minItems": 100000}',
                                    '{"type": "string", "pattern": "^a{6000}b{6000}$"}'])
def test_a_schema_asking_for_more_repeats_than_a_grammar_holds_is_refused(fake: FakeBackend, model_file: Path,
                                                                         tmp_path: Path, schema: str) -> None:
    """(minLength 1,000,000,000 grew the grammar by 300 MB/s until the process was killed.)"""
    path = tmp_path / "s.json"
    path.write_text(schema)
    r = invoke_main(["run", "-m", str(model_file), "--schema", str(path), "hi"])
    assert r.exit_code == 1 and f"{path} asks for more than 10,000 repeats" in r.stderr and not fake.history


def test_a_grammar_is_never_made_for_a_schema_asking_for_more_repeats_than_it_holds() -> None:
    from llorch.engine.grammar import grammar_from_schema

    with pytest.raises(InputError, match="more than 10,000 repeats"):
        grammar_from_schema('{"type": "string", "maxLength": 10001}')
    assert "root ::=" in grammar_from_schema('{"type": "string", "maxLength": 20}')


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], "  \n", "Error: empty prompt"),  # something was piped, and it was blank: the input's fault
        (["hi"], b"\x89PNG\r\n\x1a\n\x00\x00", "Error: stdin looks like binary data"),
        (["hi"], b"caf\xe9", "Error: stdin is not valid UTF-8 (byte 0xe9 at offset 3)"),
        (["-m", "/no/such/model.gguf", "hi"], "", "Error: model '/no/such/model.gguf' not found"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(fake: FakeBackend, args: list[str], stdin: bytes | str, message: str) -> None:
    from llorch.cli.main import main

    result = invoke_main(["run", *args], input=stdin)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""
    assert fake.history == []


def test_context_overflow_is_reported(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    from llorch.cli.main import main

    monkeypatch.setattr(run_module, "open_backend", lambda *a: FakeBackend(n_ctx=3))
    result = invoke_main(["run", "-m", str(model_file), "one two three four"])
    assert result.exit_code == 1
    assert re.search(r"^Error: the prompt is \d+ (tokens but the context holds 3|characters, far more than a "
                     r"3-token context holds)", result.stderr)


def test_raw_and_chat_together_is_a_usage_error(fake: FakeBackend, model_file: Path) -> None:
    from llorch.cli.main import main

    result = invoke_main(["run", "--raw", "--chat", "-m", str(model_file), "x"])
    assert result.exit_code == 2


def _usage_error(stderr: str) -> str:
    """The one `Error: ...` line of a usage error (Typer puts the usage and a hint to -h above it)."""
    errors = [line for line in stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in stderr, stderr
    assert stderr.startswith("Usage: llorch run") and stderr.endswith(errors[0] + "\n"), stderr
    return errors[0]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], "", 'Error: no prompt: give it as an argument (llorch run "...") or pipe text on stdin'),
        (["  "], "", "Error: no prompt: give it as an argument"),
        (["--gpu-layers", "lots", "x"], "", "Error: Invalid value for '--gpu-layers' / '-ngl': give auto, all or a number"),
        (["--logprobs", "x"], "", "Error: --logprobs and --top-logprobs go with --json"),
        (["--top-logprobs", "2", "x"], "", "Error: --logprobs and --top-logprobs go with --json"),
        (["--continue", "--raw", "x"], "", "Error: --continue adds a chat turn to the last session"),
        (["--continue", "--role", "code", "x"], "", "Error: --continue adds a chat turn"),
        (["--each-line", "--stats"], "a\n", "Error: --stats times one answer"),
        (["--seed", "-1", "x"], "", "Error: Invalid value for '--seed'"),
        (["--consensus", "1", "x"], "", "Error: Invalid value for '--consensus'"),
        (["--vote", "loudest", "--consensus", "3", "x"], "", "Error: Invalid value"),
        (["--no-such-option", "x"], "", "Error: No such option: --no-such-option"),
    ],
)
def test_usage_errors_exit_2_with_one_error_line(fake: FakeBackend, model_file: Path, args: list[str], stdin: str,
                                                 message: str) -> None:
    result = invoke_main(["run", "-m", str(model_file), *args], input=stdin)
    assert result.exit_code == 2, result.output
    assert _usage_error(result.stderr).startswith(message)
    assert result.stdout == "" and fake.history == []


def test_no_prompt_at_a_terminal_is_a_usage_error() -> None:
    """`llorch run` typed at a shell prompt: stdin is the terminal and no prompt is given."""
    import os
    import pty
    import shutil
    import subprocess

    llorch = shutil.which("llorch")
    assert llorch
    controller, terminal = pty.openpty()
    try:
        r = subprocess.run([llorch, "run"], stdin=terminal, capture_output=True, text=True, timeout=120,
                           env=os.environ.copy())
    finally:
        os.close(controller)
        os.close(terminal)
    assert r.returncode == 2, r.stderr
    assert _usage_error(r.stderr) == 'Error: no prompt: give it as an argument (llorch run "...") or pipe text on stdin'
    assert r.stdout == ""
    r = subprocess.run([llorch, "run"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
                       env=os.environ.copy())
    assert r.returncode == 2 and _usage_error(r.stderr).startswith("Error: no prompt")


def test_unknown_config_key_stops_run(fake: FakeBackend, model_file: Path, llorch_home: Path) -> None:
    from llorch.cli.main import main

    (llorch_home / "config").mkdir(parents=True)
    (llorch_home / "config" / "config.toml").write_text("colour = 'red'\n")
    result = invoke_main(["run", "-m", str(model_file), "x"])
    assert result.exit_code == 1
    assert "unknown config key 'colour'" in result.stderr


def test_ctrl_c_mid_answer_exits_130_keeping_partial_output(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    from llorch.cli.main import main

    class Interrupting(FakeBackend):
        def _stream(self, request, reply, n_prompt):  # type: ignore[no-untyped-def]
            for i, ev in enumerate(super()._stream(request, reply, n_prompt)):
                if i == 2:
                    raise KeyboardInterrupt
                yield ev

    backend = Interrupting(["alpha beta gamma delta"])
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke_main(["run", "-m", str(model_file), "x"])
    assert result.exit_code == 130
    assert result.stdout.startswith("alpha beta")
    assert "Interrupted." in result.stderr
    assert backend.closed


def test_debug_env_shows_traceback(fake: FakeBackend, monkeypatch: pytest.MonkeyPatch) -> None:
    from llorch.cli.main import main

    monkeypatch.setenv("LLORCH_DEBUG", "1")
    result = invoke_main(["run", "-m", "/nope.gguf", "x"])
    assert result.exit_code == 1 and "Traceback" in result.stderr


def test_a_draft_model_of_another_vocabulary_is_refused_in_one_line(tiny_model: Path, llorch_home: Path,
                                                                   tmp_path: Path) -> None:
    from tinymodel import WORDS, write_tiny_gguf

    other = write_tiny_gguf(tmp_path / "other-words.gguf", words=list(reversed(WORDS)))
    (llorch_home / "config").mkdir(parents=True)
    (llorch_home / "config" / "config.toml").write_text(f'[engine]\nspeculative = "draft:{other}"\n')
    r = invoke_main(["run", "-m", str(tiny_model), "hi"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith(f"Error: draft model {other} cannot draft for {tiny_model}: token 259 is ")
    assert r.stderr.endswith("use a draft model of " + str(tiny_model) + "'s family (the same tokenizer), "
                             'or speculative = "auto"\n') and r.stderr.count("\n") == 1


def test_absurd_thread_counts_are_refused_before_llama_cpp_sees_them(tiny_model: Path) -> None:
    from support import invoke_main

    r = invoke_main(["run", "-m", str(tiny_model), "--threads", "100000", "hi"])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error: engine.threads (--threads) = 100,000 is more threads than this machine can use")
    assert r.stderr.count("\n") == 1
    r = invoke_main(["breakers", "list", "--json"])
    assert r.exit_code == 0
    assert all(b["failures"] == 0 for b in json.loads(r.stdout) if "tiny" in str(b))  # a bad setting is not the model's failure


def test_json_carries_each_tokens_confidence_and_the_answers_means(tiny_model: Path) -> None:
    import math

    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "--json", "--top-logprobs", "3", "--temperature", "0",
                     "--max-tokens", "5", "--threads", "1", "the cat sat"])
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    tokens = data["logprobs"]
    assert len(tokens) == data["usage"]["completion_tokens"] >= 1
    assert data["mean_logprob"] == pytest.approx(math.fsum(t["logprob"] for t in tokens) / len(tokens))
    assert data["mean_entropy"] == pytest.approx(math.fsum(t["entropy"] for t in tokens) / len(tokens))
    for t in tokens:
        top = t["top_logprobs"]
        assert len(top) == 3 and [a["logprob"] for a in top] == sorted((a["logprob"] for a in top), reverse=True)
        assert top[0]["id"] == t["id"] and top[0]["logprob"] == pytest.approx(t["logprob"])  # greedy: the top one
        assert t["entropy"] >= 0
    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "--json", "--logprobs", "--max-tokens", "2", "--threads",
                     "1", "the cat"])
    data = json.loads(r.stdout)
    assert all("top_logprobs" not in t and t["entropy"] >= 0 for t in data["logprobs"]) and data["mean_entropy"] >= 0
    r = invoke_main(["run", "-m", str(tiny_model), "--raw", "--json", "--max-tokens", "2", "--threads", "1", "the cat"])
    assert "mean_logprob" not in json.loads(r.stdout)


ADD_LUNCH = json.dumps({"name": "calendar", "arguments": {"action": "add", "title": "Lunch", "start": "2030-01-04 12:00"}})


def _calendar_events() -> int:
    from llorch.config import resolve_paths

    cal = resolve_paths().data_dir / "calendar.ics"
    return cal.read_text().count("BEGIN:VEVENT") if cal.exists() else 0


def test_without_a_terminal_a_change_needs_yes(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    backend = FakeBackend([ADD_LUNCH, "I could not add it."], name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "Add lunch on 4 Jan 2030 at noon"])
    assert result.exit_code == 0 and result.stdout == "I could not add it.\n"
    assert _calendar_events() == 0
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert notes == ["note: calendar add: title='Lunch', start='2030-01-04 12:00' was not run: changes need your "
                     'go-ahead and there is no terminal to ask on; pass --yes, or set tools.permissions.calendar = '
                     '"allow" in the profile']


def test_yes_lets_the_change_asked_for_run(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    backend = FakeBackend([ADD_LUNCH, "Added lunch."], name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "--yes", "Add lunch on 4 Jan 2030 at noon"])
    assert result.exit_code == 0 and result.stdout == "Added lunch.\n"
    assert _calendar_events() == 1 and "tool: calendar(action='add'" in result.stderr
    # --yes is no licence for changes nobody asked for.
    backend.enqueue(ADD_LUNCH, "Hello!")
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "-y", "Say hello"])
    assert result.stdout == "Hello!\n" and _calendar_events() == 1


def test_no_tools_turns_tools_off_for_one_call(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    backend = FakeBackend(["Lunch sounds nice.", ADD_LUNCH, "Added."], name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "--yes", "--no-tools", "Add lunch on friday"])
    assert result.exit_code == 0 and result.stdout == "Lunch sounds nice.\n"
    (request,) = backend.history
    assert request.grammar_schema is None and "You can call tools" not in request.messages[0].content
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "--yes", "Add lunch on friday"])
    assert len(backend.history) == 3 and _calendar_events() == 1  # the next call has its tools again


def test_stats_report_every_step_of_the_turn(monkeypatch: pytest.MonkeyPatch, model_file: Path) -> None:
    """--stats showed only the last model call: 2.1 s of a 22.5 s turn with tools."""
    math = json.dumps({"name": "math", "arguments": {"expression": "6*7"}})
    backend = FakeBackend([math, '{"name": "none"}', "It is 42."], name="fake")
    monkeypatch.setattr(run_module, "open_backend", lambda *a: backend)
    result = invoke(["run", "-p", "productivity", "-m", str(model_file), "--stats", "what is 6*7 in total?"])
    assert result.stdout == "It is 42.\n"
    rows = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in result.stderr.splitlines() if ":" in line}
    assert re.fullmatch(r"math: prompt [\d,]+ tokens \(\d+ cached\), generated 5 tokens, [\d,.]+ ms", rows["decision 1"])
    assert re.fullmatch(r"math: [\d,.]+ ms", rows["tool 1"])
    assert rows["decision 2"].startswith("no tool: prompt ") and "generated 2 tokens" in rows["decision 2"]
    assert re.fullmatch(r"prompt [\d,]+ tokens \(\d+ cached\), generated 3 tokens, [\d,.]+ ms; in detail:", rows["answer"])
    assert "generate (tg)" in rows and "first token" in rows  # the answer's own figures, as before
    prompts = [int(re.search(r"prompt ([\d,]+) tokens", rows[k]).group(1).replace(",", ""))  # type: ignore[union-attr]
               for k in ("decision 1", "decision 2", "answer")]
    turn = rows["turn"]
    assert turn.startswith(f"3 model calls: prompt {sum(prompts):,} tokens, generated 10 tokens; ")
    assert re.search(r"[\d,.]+ ms in all \(tools [\d,.]+ ms\)$", turn)
    backend.enqueue(math, '{"name": "none"}', "It is 42.")
    data = json.loads(invoke(["run", "-p", "productivity", "-m", str(model_file), "--json", "what is 6*7 in total?"]).stdout)
    assert [(s["kind"], s["what"]) for s in data["steps"]] == [("decision", "math"), ("tool", "math"),
                                                                ("decision", "no tool")]
    assert data["steps"][0]["completion_tokens"] == 5 and data["turn_ms"] >= sum(s["ms"] for s in data["steps"])


def test_stats_and_json_count_drafted_tokens(monkeypatch: pytest.MonkeyPatch, model_file: Path, llorch_home: Path) -> None:
    """speculative = "ngram" over a model that repeats its prompt: --json and --stats say how many tokens were
    drafted and how many kept; without drafts --stats says nothing of them."""
    from llorch.orchestra.fake import copying_model, fake_worker

    monkeypatch.setattr(run_module, "open_backend", lambda path, options, name: fake_worker(
        vocab=12, n_ctx=2048, model=copying_model(12), speculative=options.speculative))
    (llorch_home / "config").mkdir(parents=True)
    (llorch_home / "config" / "config.toml").write_text('[engine]\nspeculative = "ngram"\n')
    args = ["run", "-m", str(model_file), "--temperature", "0", "--max-tokens", "30", "w2 w3 w4 w5 w2 w3 w4 w5 w2 w3"]
    data = json.loads(invoke(args[:1] + ["--json"] + args[1:]).stdout)  # type: ignore[attr-defined]
    t = data["timings"]
    assert t["draft_tokens"] >= t["draft_accepted"] > 0
    assert t["draft_acceptance"] == round(t["draft_accepted"] / t["draft_tokens"], 4)
    err = invoke(args[:1] + ["--stats"] + args[1:]).stderr  # type: ignore[attr-defined]
    assert (f"drafts:         {t['draft_accepted']} of {t['draft_tokens']} drafted tokens accepted "
            f"({t['draft_accepted'] / t['draft_tokens']:.0%})") in err
    (llorch_home / "config" / "config.toml").write_text('[engine]\nspeculative = "off"\n')
    assert "drafts:" not in invoke(args[:1] + ["--stats"] + args[1:]).stderr  # type: ignore[attr-defined]


def test_a_second_run_restores_the_profiles_prompt_prefix_and_says_so(monkeypatch: pytest.MonkeyPatch,
                                                                       model_file: Path) -> None:
    """Each `llorch run` is a new process: the prefix of the profile's system prompt and tools comes from disk."""
    from llorch.config import resolve_paths
    from llorch.orchestra.fake import FakeSlots
    from llorch.orchestra.kvdisk import SeqStateStore
    from llorch.orchestra.worker import Worker

    def open_backend(path: Path, options: object, name: str) -> Worker:
        engine, kv = FakeSlots(n_ctx=4096, n_seq=1, name="m"), resolve_paths().cache_dir / "kv"
        return Worker(engine, disk=SeqStateStore(kv, engine.state_key()),
                      prefixes=SeqStateStore.prefixes(kv, engine.state_key()))

    monkeypatch.setattr(run_module, "open_backend", open_backend)
    args = ["run", "-p", "dev", "-m", str(model_file), "--temperature", "0", "--max-tokens", "5", "hi"]
    first = json.loads(invoke(args[:1] + ["--json"] + args[1:]).stdout)  # type: ignore[attr-defined]
    assert first["kv"]["restored_tokens"] == first["kv"]["restored_prefix_tokens"] == 0
    second = json.loads(invoke(args[:1] + ["--json"] + args[1:]).stdout)  # type: ignore[attr-defined]
    restored = second["kv"]["restored_prefix_tokens"]
    assert restored == second["kv"]["restored_tokens"] > 100  # the tools' instructions too
    assert second["text"] == first["text"]
    err = invoke(args[:1] + ["--stats"] + args[1:]).stderr  # type: ignore[attr-defined]
    assert f", {restored:,} of them restored from disk (a saved prompt prefix)" in err
