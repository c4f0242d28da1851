"""`llorch profiles`, `llorch tool(s)` and profiles in `run` and `chat`, through the CLI on the fake backend."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import undated
import support
from typer.testing import CliRunner

from llorch.cli import _common
from llorch.cli.main import app
from llorch.config import resolve_paths
from llorch.engine.fake import FakeBackend
from llorch.profiles import load_profile, load_profile_file
from llorch.store import db_path
from llorch.store.db import Store

BUILTINS = ("academic", "dev", "general", "productivity")
NO_TOOL = '{"name": "none"}'  # a model's "no tool call" decision under the call grammar


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args), input=stdin)


def invoke_main(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return support.invoke_main(list(args), input=stdin)


def user_dir() -> Path:
    folder = resolve_paths().config_dir / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def list_rows(stdout: str) -> dict[str, str]:
    """`profiles list` lines by profile name."""
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^([* ]) (\S+)\s", line)
        assert m, line
        rows[m.group(2)] = line
    return rows


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    f = tmp_path / "m.gguf"
    f.write_bytes(b"GGUF")
    return f


@pytest.fixture
def dummy_default(tmp_path: Path) -> Path:
    """default_model points at a dummy .gguf, so a profile whose models are not pulled never loads the starter."""
    f = tmp_path / "default.gguf"
    f.write_bytes(b"GGUF")
    r = invoke("config", "set", "default_model", str(f))
    assert r.exit_code == 0, r.output
    return f


NO_TOOL = '{"name": "none"}'  # the model's tool decision: answer without a tool


@pytest.fixture
def opened() -> list[tuple[Path, FakeBackend]]:
    """Every model the CLI opens, as (path, the FakeBackend standing in for it)."""
    log: list[tuple[Path, FakeBackend]] = []
    return log


def use_fake(monkeypatch: pytest.MonkeyPatch, fb: FakeBackend, log: list | None = None) -> None:  # type: ignore[type-arg]
    def open_backend(path, options, name):  # type: ignore[no-untyped-def]
        if log is not None:
            log.append((Path(path), fb))
        return fb

    monkeypatch.setattr(_common, "open_backend", open_backend)


# --- profiles list / show ---------------------------------------------------------------


def test_list_shows_the_builtins_with_general_as_default() -> None:
    r = invoke("profiles", "list")
    assert r.exit_code == 0, r.output
    rows = list_rows(r.stdout)
    assert tuple(rows) == BUILTINS
    assert rows["general"].startswith("* general")
    assert all(rows[n].startswith("  ") for n in BUILTINS if n != "general")
    assert all("built-in" in row for row in rows.values())
    assert "Code analysis and review" in rows["dev"]

    data = json.loads(invoke("profiles", "list", "--json").stdout)
    assert [d["name"] for d in data] == list(BUILTINS)
    assert [d["name"] for d in data if d["default"]] == ["general"]
    assert all(d["origin"] == "built-in" and d["error"] is None for d in data)


def test_user_profiles_override_add_and_broken_ones_are_listed_invalid() -> None:
    folder = user_dir()
    (folder / "dev.toml").write_text('description = "my own dev"\n[models]\nchat = ["starter"]\n')
    (folder / "mine.toml").write_text('name = "mine"\ndescription = "a new one"\n[models]\nchat = ["starter"]\n')
    (folder / "broken.toml").write_text('[models]\nchat = "starter"\n')

    r = invoke("profiles", "list")
    assert r.exit_code == 0, r.output
    rows = list_rows(r.stdout)
    assert tuple(rows) == ("academic", "broken", "dev", "general", "mine", "productivity")
    assert "user, replaces built-in" in rows["dev"] and "my own dev" in rows["dev"]
    assert "Code analysis" not in rows["dev"]
    assert re.search(r"\buser\b", rows["mine"]) and "replaces" not in rows["mine"] and "a new one" in rows["mine"]
    assert "INVALID" in rows["broken"] and "'models.chat' must be a list" in rows["broken"]
    assert "INVALID" not in rows["mine"] and "INVALID" not in rows["dev"]

    data = {d["name"]: d for d in json.loads(invoke("profiles", "list", "--json").stdout)}
    assert data["dev"]["origin"] == "user, replaces built-in" and data["dev"]["path"] == str(folder / "dev.toml")
    assert data["mine"]["origin"] == "user" and data["mine"]["error"] is None
    assert data["broken"]["origin"] == "user" and "models.chat" in data["broken"]["error"]
    assert data["general"]["origin"] == "built-in"

    # The override is what every command gets under that name.
    assert load_profile("dev", resolve_paths()).description == "my own dev"
    show = invoke("profiles", "show", "dev")
    assert "my own dev" in show.stdout and str(folder / "dev.toml") in show.stdout


def test_show_dev_names_roles_models_tools_and_prompt() -> None:
    r = invoke("profiles", "show", "dev")
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert out.startswith("dev — Code analysis and review")
    assert "source:   built-in profile dev" in out
    for role in ("chat", "code", "review"):
        assert re.search(rf"^  {role}: now qwen-1.5b$", out, re.M), role
    assert "    - hf:Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M  (not pulled)" in out
    assert "    - hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M  (not pulled)" in out
    assert re.search(r"^tools:\s+code \(read\), math \(read\); model calls: auto, at most 4 per answer$", out, re.M)
    assert "temperature=0.2" in out
    assert "  You are llorch, a senior software engineer" in out

    data = json.loads(invoke("profiles", "show", "dev", "--json").stdout)
    assert data["name"] == "dev" and data["source"] == "built-in profile dev"
    assert set(data["models"]) == {"chat", "code", "review"}
    assert data["models"]["chat"][0] == "hf:Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M"
    assert data["serving"] == {"chat": "qwen-1.5b", "code": "qwen-1.5b", "review": "qwen-1.5b"}
    assert data["tools"]["enabled"] == ["code", "math"]
    assert data["sampling"]["temperature"] == 0.2
    assert data["system_prompt"].startswith("You are llorch, a senior software engineer")


def test_show_marks_a_present_model_and_serves_with_it(model_file: Path) -> None:
    (user_dir() / "local.toml").write_text(
        f'[models]\nchat = ["hf:nobody/none-GGUF:Q4_K_M", "{model_file}"]\n'
    )
    out = invoke("profiles", "show", "local").stdout
    assert f"  chat: now {model_file}" in out
    assert f"    - {model_file}  (present)" in out
    assert "    - hf:nobody/none-GGUF:Q4_K_M  (not pulled)" in out


def test_show_unknown_profile_is_an_error() -> None:
    r = invoke_main("profiles", "show", "nosuch")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no profile named 'nosuch'; profiles: academic, dev, general, productivity")


# --- profiles validate ------------------------------------------------------------------

GOOD = 'name = "{name}"\n[models]\nchat = ["starter"]\n'


def test_validate_a_good_file(tmp_path: Path) -> None:
    f = tmp_path / "fine.toml"
    f.write_text(GOOD.format(name="fine") + '[tools]\nenabled = ["calendar"]\n[tools.permissions]\ncalendar = "write"\n')
    r = invoke("profiles", "validate", str(f))
    assert r.exit_code == 0, r.output
    assert r.stdout == f"ok: {f} (profile fine)\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('colour = "red"\n[models]\nchat = ["starter"]\n', "unknown key 'colour' (known: name, description"),
        ('[models]\nchat = "starter"\n', "'models.chat' must be a list of non-empty strings, got 'starter'"),
        ('[models]\ncode = ["starter"]\n', "[models] needs a 'chat' role"),
        ('[models]\nchat = ["starter"]\n[sampling]\ntemperature = "hot"\n', "'sampling.temperature' must be a number >= 0, got 'hot'"),
        ('[models]\nchat = ["starter"]\n[tools]\nenabled = ["hammer"]\n', "'tools.enabled' names unknown tool 'hammer' (tools: calendar, citations, clock, code, codes, color, convert, count, cron, documents, encode, holidays, math, network, permissions, random, regex, table, text, timespan, tldr, units, validate, version, or an MCP server's SERVER.tool / SERVER.*)"),
        (
            '[models]\nchat = ["starter"]\n[tools]\nenabled = ["calendar"]\n[tools.permissions]\ncalendar = "admin"\n',
            "'tools.permissions.calendar' must be \"read\", \"write\" or \"allow\", got 'admin'",
        ),
        ('[models]\nchat = ["starter"]\n[tools]\nmax_steps = 0\n', "'tools.max_steps' must be an integer from 1 to 16, got 0"),
        ('name = "other"\n[models]\nchat = ["starter"]\n', "'name' is 'other' but the file is named bad.toml"),
        ('name = \n[models]\n', "is not valid TOML"),
    ],
    ids=["unknown-key", "chat-not-list", "no-chat-role", "temperature-hot", "unknown-tool", "admin", "max-steps-0",
         "name-mismatch", "invalid-toml"],
)
def test_validate_a_bad_file_names_file_key_and_expectation(tmp_path: Path, body: str, expected: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(body)
    r = invoke_main("profiles", "validate", str(f))
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.startswith(f"Error: {f}"), r.stderr
    assert expected in r.stderr
    assert r.stderr.count("\n") == 1


def test_validate_everything_fails_when_one_user_file_is_broken() -> None:
    r = invoke("profiles", "validate")
    assert r.exit_code == 0, r.output
    assert [line.split()[:2] for line in r.stdout.splitlines()] == [["ok", n] for n in BUILTINS]

    folder = user_dir()
    (folder / "mine.toml").write_text(GOOD.format(name="mine"))
    (folder / "broken.toml").write_text('[models]\nchat = ["starter"]\n[tools]\nmax_steps = 0\n')
    r = invoke_main("profiles", "validate")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert [line for line in lines if line.startswith("FAIL")] == [
        f"FAIL broken: {folder / 'broken.toml'}: 'tools.max_steps' must be an integer from 1 to 16, got 0"
    ]
    assert f"ok   mine (user: {folder / 'mine.toml'})" in lines
    assert sum(line.startswith("ok") for line in lines) == 5
    assert r.stderr.startswith("Error: 1 profile(s) do not validate")


# --- profiles new -----------------------------------------------------------------------


def test_new_from_dev_writes_a_valid_copy_and_refuses_to_overwrite() -> None:
    r = invoke("profiles", "new", "mine", "--from", "dev")
    assert r.exit_code == 0, r.output
    path = Path(r.stdout.strip())
    assert path == user_dir() / "mine.toml" and path.is_file()
    dev = load_profile("dev", resolve_paths())
    mine = load_profile_file(path)
    assert mine.name == "mine"
    assert dict(mine.models) == dict(dev.models)
    assert mine.system_prompt == dev.system_prompt
    assert dict(mine.sampling) == dict(dev.sampling) and mine.tools == dev.tools
    assert mine.description.startswith("My profile, started from dev")
    assert "hf:Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M" in path.read_text()
    assert invoke("profiles", "validate", str(path)).exit_code == 0
    assert "mine" in list_rows(invoke("profiles", "list").stdout)

    path.write_text(path.read_text().replace("temperature = 0.2", "temperature = 0.4"))
    edited = path.read_text()
    r = invoke_main("profiles", "new", "mine", "--from", "general")
    assert r.exit_code == 1
    assert "already exists" in r.stderr and "--force" in r.stderr
    assert path.read_text() == edited  # untouched

    r = invoke("profiles", "new", "mine", "--from", "general", "--force")
    assert r.exit_code == 0, r.output
    assert dict(load_profile_file(path).models) == dict(load_profile("general", resolve_paths()).models)


def test_new_with_a_bad_name_or_base_writes_nothing() -> None:
    r = invoke_main("profiles", "new", "Bad Name")
    assert r.exit_code == 1 and "must be lower-case" in r.stderr
    r = invoke_main("profiles", "new", "ok", "--from", "nosuch")
    assert r.exit_code == 1 and "no profile named 'nosuch'" in r.stderr
    assert not (resolve_paths().config_dir / "profiles" / "ok.toml").exists()


def test_default_profile_from_config_is_marked() -> None:
    assert invoke("config", "set", "default_profile", "dev").exit_code == 0
    rows = list_rows(invoke("profiles", "list").stdout)
    assert rows["dev"].startswith("* dev")
    assert rows["general"].startswith("  general")
    data = json.loads(invoke("profiles", "list", "--json").stdout)
    assert [d["name"] for d in data if d["default"]] == ["dev"]
    # and it is the profile commands use when none is named
    assert invoke("profiles", "show").stdout.startswith("dev — ")


# --- llorch tool / tools ----------------------------------------------------------------


def test_tool_math() -> None:
    r = invoke("tool", "math", "2/3 + 1/6")
    assert r.exit_code == 0, r.output
    assert re.search(r"= 5/6\b", r.stdout)
    r = invoke("tool", "math", "2", "+", "2")
    assert r.exit_code == 0, r.output
    assert r.stdout.strip().endswith("= 4")
    data = json.loads(invoke("tool", "math", "6*7", "--json").stdout)
    assert data["tool"] == "math" and data["arguments"] == {"expression": "6*7"} and "42" in data["text"]


@pytest.mark.parametrize(("args", "code", "said"), [
    (("validate", "json", '{"a": 1,}'), 1, "Not valid JSON"),
    (("validate", "json", '{"a": 1}'), 0, "Valid JSON"),
    (("regex", r"^\d{3}$", "1234"), 1, "No:"),
    (("regex", r"\d{3}", "ab123"), 0, "matches"),
    (("version", "satisfies", "2.0.0", "requirement=^1.4.0"), 1, "does not satisfy"),
    (("version", "satisfies", "2.3.1", "requirement=~=2.2"), 0, "satisfies"),
    (("network", "10.0.0.0/21", "10.0.9.1"), 1, "is not in"),
    (("network", "10.0.0.0/21", "10.0.5.17"), 0, "is in"),
    (("text", "palindrome", "Was it a car or a cat I saw"), 0, "palindrome"),
    (("text", "anagram", "listen", "other=enlist?"), 0, "anagram"),
    (("text", "anagram", "listen", "other=lists"), 1, "not"),
    (("math", "isprime(221)"), 1, "not a prime"),
    (("math", "isprime(223)"), 0, "is a prime"),
    (("network", "10.0.0.0/21"), 0, "usable hosts"),  # no check asked: no verdict
    (("version", "compare", "1.2.10", "1.2.9"), 0, "newer"),
    (("holidays", "check", "date=31 May 2027", "country=US"), 0, "is a public holiday in the United States"),
    (("holidays", "check", "date=1 June 2027", "country=US"), 1, "is not a public holiday"),
    (("holidays", "date", "thanksgiving", "year=2027"), 0, "Thursday 25 November 2027"),  # no check asked
])
def test_a_tool_check_that_says_no_exits_1_as_grep_does(args: tuple[str, ...], code: int, said: str) -> None:
    """`llorch tool validate json "$(cat x)" && deploy`: a no (not valid, no match, outside, not satisfied) is
    exit 1 with the tool's words on stdout, whether or not --json is given; a yes or a result that is no check, 0."""
    for extra in ((), ("--json",)):
        r = invoke("tool", *args, *extra)
        assert r.exit_code == code, (args, extra, r.output)
        assert said in (json.loads(r.stdout)["text"] if extra else r.stdout), r.output


def test_tool_code_under_dev_reads_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text('def greet(name):\n    """Say hi."""\n    return "hi " + name\n')
    monkeypatch.chdir(project)
    r = invoke("tool", "code", "app.py", "--profile", "dev")
    assert r.exit_code == 0, r.output
    assert "app.py [python]" in r.stdout and "1 function" in r.stdout
    data = json.loads(invoke("tool", "code", "app.py", "--profile", "dev", "--json").stdout)
    (file,) = data["data"]["files"]
    assert [f["name"] for f in file["functions"]] == ["greet"]

    r = invoke_main("tool", "code", "/etc", "--profile", "dev")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: /etc is outside the directories tools may read")
    assert str(project) in r.stderr


def test_tool_not_enabled_in_the_default_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.py").write_text("x = 1\n")
    r = invoke_main("tool", "code", "x.py")
    assert r.exit_code == 1
    assert "tool 'code' is not enabled in profile 'general'" in r.stderr
    assert r.stdout == ""


def test_tool_calendar_write_needs_permission() -> None:
    cal = resolve_paths().data_dir / "calendar.ics"
    r = invoke_main("tool", "calendar", "add", "title=Dentist", "start=2026-12-01 15:00", "--profile", "general")
    assert r.exit_code == 1
    assert "read-only" in r.stderr and 'tools.permissions.calendar = "write"' in r.stderr
    assert not cal.exists()

    r = invoke("tool", "calendar", "add", "title=Dentist", "start=2026-12-01 15:00", "--profile", "productivity")
    assert r.exit_code == 0, r.output
    assert "Dentist" in r.stdout and cal.is_file()

    r = invoke("tool", "calendar", "list", "from=2026-12-01", "to=2026-12-02", "--profile", "productivity", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["arguments"]["action"] == "list"
    (event,) = data["data"]
    assert event["title"] == "Dentist" and event["start"].startswith("2026-12-01T15:00")
    # reading is allowed where the calendar is read-only
    r = invoke("tool", "calendar", "list", "from=2026-12-01", "to=2026-12-02", "--profile", "general")
    assert r.exit_code == 0 and "Dentist" in r.stdout
    # and a day without it lists nothing
    r = invoke("tool", "calendar", "list", "from=2026-12-05", "to=2026-12-06", "--profile", "productivity", "--json")
    assert json.loads(r.stdout)["data"] == []


def test_tool_tldr_shows_a_page_or_the_examples_for_a_question_and_says_when_it_has_neither() -> None:
    r = invoke_main("tool", "tldr", "git", "stash")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("git stash — ") and "\n    git stash list\n" in r.stdout and "More: https://" in r.stdout
    r = invoke_main("tool", "tldr", "which process opened a local port")
    assert r.exit_code == 0 and "lsof -i :port" in r.stdout, r.output
    r = invoke_main("tool", "tldr", "bake a sourdough loaf")
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.startswith("Error: tldr: no example in the tldr pages does that") and r.stderr.count("\n") == 1


def test_tool_holidays_without_a_country_or_with_an_unknown_one_is_a_one_line_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    for args, said in [(("check", "date=1 June 2027"), "Error: holidays: which country?"),
                       (("check", "country=Atlantis"), "Error: holidays: 'Atlantis' is no country"),
                       (("list", "country=US", "month=smarch"), "Error: holidays: 'smarch' is no month")]:
        r = invoke_main("tool", "holidays", *args)
        assert r.exit_code == 1 and r.stderr.startswith(said) and r.stderr.count("\n") == 1, r.output
        assert "Traceback" not in r.stderr


def test_unknown_tool_and_bad_arguments() -> None:
    r = invoke_main("tool", "nosuch")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no tool named 'nosuch'; tools: calendar, citations, clock, code, codes, color, convert, count, cron, documents, encode")
    r = invoke_main("tool", "calendar", "dance", "--profile", "productivity")
    assert r.exit_code == 1 and "must be one of add, list, free, remove" in r.stderr
    r = invoke_main("tool", "math", "2+2", "--profile", "nosuch")
    assert r.exit_code == 1 and "no profile named 'nosuch'" in r.stderr


def test_tools_list_and_show() -> None:
    r = invoke("tools", "list")
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    marks = {line[3:].split()[0]: line[:2] for line in lines[:-1]}
    assert marks == {"calendar": "* ", "citations": "  ", "clock": "* ", "code": "  ", "count": "* ", "cron": "* ",
                     "documents": "* ",
                     "encode": "* ", "math": "* ", "network": "* ", "permissions": "* ", "regex": "* ",
                     "text": "* ", "timespan": "* ", "units": "* ", "validate": "* ", "version": "* ", "color": "* ", "random": "* ",
                     "codes": "* ", "convert": "* ", "tldr": "* ", "holidays": "* ", "table": "* "}
    assert lines[-1] == "(* enabled in profile general)"
    assert len({len(line) - len(line[3:].split(maxsplit=1)[1]) for line in lines[:-1]}) == 1  # one column, however
    # long a name ("permissions")
    marks = {line[3:].split()[0]: line[:2] for line in invoke("tools", "list", "-p", "productivity").stdout.splitlines()[:-1]}
    assert marks["calendar"] == "*w" and marks["code"] == "  "
    listed = invoke("tools", "list", "-p", "dev").stdout.splitlines()
    marks = {line[3:].split()[0]: line[:2] for line in listed[:-1]}
    assert (marks["code"], marks["encode"], marks["calendar"]) == ("* ", "e ", "  ")  # e: exact steps only
    assert listed[-1].startswith("(* enabled in profile dev; e for exact steps only")

    r = invoke("tools", "show", "calendar")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("calendar — ")
    assert "usage: llorch tool calendar ACTION [name=value ...]" in r.stdout
    assert re.search(r"^  action: add\|list\|free\|remove\|days\|date \(required\)", r.stdout, re.M)
    assert re.search(r"^  start: string", r.stdout, re.M)
    r = invoke_main("tools", "show", "nosuch")
    assert r.exit_code == 1 and "no tool named 'nosuch'" in r.stderr


# --- run with a profile -----------------------------------------------------------------


def test_run_with_profile_sends_its_system_prompt_and_sampling(
    monkeypatch: pytest.MonkeyPatch, dummy_default: Path, opened: list
) -> None:  # type: ignore[type-arg]
    fb = FakeBackend([NO_TOOL, "an answer"], name="fake")
    use_fake(monkeypatch, fb, opened)
    dev = load_profile("dev", resolve_paths())
    r = invoke("run", "--profile", "dev", "why?")
    assert r.exit_code == 0, r.output
    assert r.stdout == "an answer\n"
    decision, req = fb.history  # run goes through the profile's tool loop, as chat does
    assert decision.grammar_schema is not None and req.grammar_schema is None
    assert req.messages[0].role == "system" and req.messages[0].content.startswith(dev.system_prompt)
    assert req.messages[-1].content == "why?"
    assert (req.sampling.temperature, req.sampling.max_tokens) == (0.2, 1024)
    # The profile's models are not pulled: the default model answers, and stderr says so.
    assert [p for p, _ in opened] == [dummy_default.resolve()]
    assert f"note: profile dev: its chat models are not pulled (`llorch profiles show dev`); {dummy_default} answers" in r.stderr


def test_run_option_overrides_the_profile_sampling(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    fb = FakeBackend([NO_TOOL, "x"], name="fake")
    use_fake(monkeypatch, fb)
    r = invoke("run", "--profile", "dev", "--temperature", "0.5", "why?")
    assert r.exit_code == 0, r.output
    assert fb.history[-1].sampling.temperature == 0.5
    assert fb.history[-1].sampling.max_tokens == 1024  # the rest of the profile still applies


def test_run_general_default_uses_general_prompt(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    fb = FakeBackend(["x"], name="fake")
    use_fake(monkeypatch, fb)
    assert invoke("run", "hi").exit_code == 0
    general = load_profile("general", resolve_paths())
    assert undated(fb.history[0].messages[0].content) == general.system_prompt
    assert fb.history[0].sampling.temperature == 0.7


def test_run_with_a_model_file_skips_the_profile_models_and_the_note(
    monkeypatch: pytest.MonkeyPatch, model_file: Path, opened: list
) -> None:  # type: ignore[type-arg]
    fb = FakeBackend([NO_TOOL, "x"], name="fake")
    use_fake(monkeypatch, fb, opened)
    r = invoke("run", "--profile", "dev", "-m", str(model_file), "hi")
    assert r.exit_code == 0, r.output
    assert [p for p, _ in opened] == [model_file.resolve()]
    assert "note:" not in r.stderr
    assert fb.history[-1].sampling.temperature == 0.2  # the profile's sampling still applies


def test_run_with_an_unknown_profile(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    fb = FakeBackend(["x"], name="fake")
    use_fake(monkeypatch, fb)
    r = invoke_main("run", "--profile", "nosuch", "hi")
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: no profile named 'nosuch'; profiles: academic, dev, general, productivity")
    assert fb.history == []


def test_run_with_a_role_the_profile_lacks(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    fb = FakeBackend(["x"], name="fake")
    use_fake(monkeypatch, fb)
    r = invoke_main("run", "--profile", "general", "--role", "code", "hi")
    assert r.exit_code == 1 and "profile general has no 'code' role (roles: chat, summarize)" in r.stderr
    assert fb.history == []


# --- run --continue with a profile ------------------------------------------------------


def _seed(profile: str, model: Path) -> int:
    with Store.open(db_path(resolve_paths())) as s:
        sid = s.create_session(model=str(model), profile=profile)
        s.add_message(sid, "user", "what is a quantized kv cache")
        s.add_message(sid, "assistant", "It stores keys and values in fewer bits.")
        return sid


def _check_continue_switched_to_academic(fb: FakeBackend, sid: int, r) -> None:  # type: ignore[no-untyped-def]
    assert r.exit_code == 0, r.output
    assert r.stdout == "more\n"
    academic = load_profile("academic", resolve_paths())
    decision, req = fb.history
    # academic's own prompt, then the block describing its tools (academic lets chat models call them);
    # the answer after "no tool" reads the prompt alone
    assert decision.messages[0].content.startswith(academic.system_prompt + "\n\nYou can call tools.")
    assert req.grammar_schema is None  # the answer, not a tool decision
    system, *turns = req.messages
    assert system.role == "system" and undated(system.content) == academic.system_prompt
    assert [(m.role, m.content) for m in turns] == [
        ("user", "what is a quantized kv cache"),
        ("assistant", "It stores keys and values in fewer bits."),
        ("user", "and then?"),
    ]
    assert req.sampling.temperature == 0.3
    with Store.open(db_path(resolve_paths())) as s:
        session = s.get_session(sid)
        assert session.profile == "academic"
        assert session.system_prompt == academic.system_prompt
        assert [m.content for m in s.messages(sid)][-2:] == ["and then?", "more"]


def test_run_continue_switches_a_general_session_to_academic(
    monkeypatch: pytest.MonkeyPatch, model_file: Path, dummy_default: Path
) -> None:
    sid = _seed("general", model_file)
    fb = FakeBackend([NO_TOOL, "more"], name="fake")  # academic lets chat models call tools: a decision first
    use_fake(monkeypatch, fb)
    r = invoke("run", "--continue", "--profile", "academic", "and then?")
    _check_continue_switched_to_academic(fb, sid, r)
    assert fb.history[0].grammar_schema is not None  # the tool decision ran under the call grammar


def test_run_continue_switches_a_session_without_a_profile_to_academic(
    monkeypatch: pytest.MonkeyPatch, model_file: Path, dummy_default: Path
) -> None:
    """A session saved before profiles existed (profile '') — like test_sessions_cli's `seeded` fixture."""
    sid = _seed("", model_file)
    fb = FakeBackend([NO_TOOL, "more"], name="fake")
    use_fake(monkeypatch, fb)
    r = invoke("run", "--continue", "--profile", "academic", "and then?")
    _check_continue_switched_to_academic(fb, sid, r)


# --- chat line mode ---------------------------------------------------------------------


def test_chat_line_mode_profile_switch_and_tool(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    # general: no tool decisions; dev: one decision ({"name": "none"}) before each answer
    fb = FakeBackend(["first answer", NO_TOOL, "second answer"], name="fake")
    opened: list = []  # type: ignore[type-arg]
    use_fake(monkeypatch, fb, opened)
    r = invoke("chat", stdin="hello\n/profile dev\nwhat now?\n/tool math 1+1\n/profile nosuch\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == "first answer\nsecond answer\n1+1 = 2\n"
    assert re.search(r"^profile: dev \(model .*default\.gguf, switched in \d+ ms\)$", r.stderr, re.M), r.stderr
    assert "Error: no profile named 'nosuch'" in r.stderr
    assert len(opened) == 1  # general and dev both fall back to the default model: loaded once

    general = load_profile("general", resolve_paths())
    dev = load_profile("dev", resolve_paths())
    first, decision, second = fb.history
    assert [(m.role, undated(m.content)) for m in first.messages] == [("system", general.system_prompt), ("user", "hello")]
    assert decision.grammar_schema is not None
    tools = decision.messages[0].content  # dev's prompt and its tools for the decision; the answer, the prompt alone
    assert tools.startswith(dev.system_prompt + "\n\nYou can call tools.")
    assert "\n- code: " in tools and "\n    path: string — " in tools
    assert "\n- math: " in tools and "\n    expression: string — " in tools
    system, *turns = second.messages
    assert system.role == "system" and undated(system.content) == dev.system_prompt
    assert [(m.role, m.content) for m in turns] == [
        ("user", "hello"),
        ("assistant", "first answer"),
        ("user", "what now?"),
    ]
    assert second.sampling.temperature == 0.2

    with Store.open(db_path(resolve_paths())) as s:
        session = s.last_session()
        assert session is not None and session.profile == "dev"
        msgs = s.messages(session.id)
        assert [m.role for m in msgs] == ["user", "assistant", "user", "assistant", "tool"]
        tool = msgs[-1]
        assert tool.content == "1+1 = 2"
        meta = json.loads(tool.meta)
        assert meta["name"] == "math" and meta["arguments"] == {"expression": "1+1"} and meta["by_model"] is False
        assert [m.profile for m in msgs] == ["general", "general", "dev", "dev", "dev"]


def test_chat_line_mode_tool_not_in_profile(monkeypatch: pytest.MonkeyPatch, dummy_default: Path) -> None:
    fb = FakeBackend([], name="fake")
    use_fake(monkeypatch, fb)
    r = invoke("chat", stdin="/tool code .\n/tool\n")
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert "Error: tool 'code' is not enabled in profile 'general'" in r.stderr
    assert "tools: math, calendar, documents" in r.stderr
    with Store.open(db_path(resolve_paths())) as s:
        assert s.list_sessions() == []  # (nothing was said: no session is left behind)
