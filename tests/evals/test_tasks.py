"""The task sets in the package, and users' own JSONL files: read once, every fault named with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from llorch.errors import InputError
from llorch.evals.checkers import CHECKERS
from llorch.evals.tasks import BUILTIN_SETS, UnknownSetError, load_set, parse_items, resolve_sets


@pytest.mark.parametrize("name, at_least", [("facts", 30), ("arithmetic", 30), ("tools", 30), ("json", 15),
                                            ("shell", 40), ("consensus", 40)])
def test_builtin_sets_load_with_unique_ids(name: str, at_least: int) -> None:
    task_set = load_set(name)
    assert len(task_set.items) >= at_least
    assert len({i.id for i in task_set.items}) == len(task_set.items)
    assert all(i.check in CHECKERS for i in task_set.items)


def test_the_consensus_set_is_the_benchs_arithmetic_asked_as_the_bench_asks_it() -> None:
    from llorch.bench.accuracy import PROMPT, load_problems

    task_set = load_set("consensus")
    problems = load_problems()
    assert task_set.consensus and len(task_set.items) == len(problems)
    assert [(i.prompt, i.expected) for i in task_set.items] == [
        (PROMPT.format(question=p["question"]), p["answer"]) for p in problems]


@pytest.mark.parametrize("item_id, answer, right", [
    ("tar-gz-folder", "Run:\n```sh\ntar -czvf archive.tar.gz my_folder/\n```", True),
    ("tar-gz-folder", "`tar czf backup.tar.gz dir`", True),
    ("tar-gz-folder", "`tar -cvf archive.tar my_folder/` makes the archive.", False),  # (not gzipped)
    ("git-unadd", "Use `git restore --staged notes.txt`.", True),
    ("git-unadd", "Use `git reset HEAD notes.txt`.", True),
    ("git-unadd", "Run `git reset HEAD notes.txt`, or `git reset --hard` to drop everything.", False),
    ("who", "Run `who` (or `w` for what each is doing).", True),
    ("who", "```\nw\n```", True),
    ("who", "To see who is logged in, look at the system logs.", False),  # (the question's own word)
    ("env-vars", "Type `printenv`.", True),
    ("env-vars", "Run `env` to list them.", True),
    ("env-vars", "Use `echo $PATH`.", False),
    ("journal-since", "journalctl -u nginx --since yesterday", True),
    ("journal-since", 'journalctl --since "yesterday" -u nginx.service', True),
    ("journal-since", "journalctl --since yesterday", False),  # (every service's)
    ("port-reachable", "ncat -w 5 -vz example.com 22", True),  # (nmap's ncat takes -z too)
    ("port-reachable", "nc -zv example.com 22", True),
    ("port-reachable", "ping example.com", False),
    ("open-ports", "sudo ss -tulpn", True),
    ("open-ports", "Check your router's settings page.", False),
])
def test_the_shell_sets_patterns_take_each_right_spelling_and_refuse_wrong_commands(item_id: str, answer: str,
                                                                                   right: bool) -> None:
    from llorch.evals.checkers import CheckContext, check

    item = next(i for i in load_set("shell").items if i.id == item_id)
    assert item.profile == "general"
    options = {"accept": list(item.accept), "reject": list(item.reject)}
    assert check(item.check, answer, item.expected, options, CheckContext()) is right


def test_the_tools_set_asks_for_calls_and_for_words_and_sets_unasked_write_traps() -> None:
    from llorch.tools.consent import asks_for_change

    items = load_set("tools").items
    assert all(i.check == "tool-call" and i.profile for i in items)
    words = [i for i in items if i.expected == {"tool": None}]
    assert 8 <= len(words) < len(items) - 15
    # Requests that do not ask for a change, under a profile whose calendar may write: a call to add is unasked.
    traps = [i for i in items if i.profile == "productivity" and not asks_for_change(i.prompt)]
    assert len(traps) >= 10
    tools = {o["tool"] for i in items for o in (i.expected if isinstance(i.expected, list) else [i.expected])}
    assert tools == {None, "calendar", "math", "documents", "code", "citations"}


def test_the_sets_are_not_the_issues_examples() -> None:
    text = " ".join(i.prompt.lower() for name in ("facts", "arithmetic") for i in load_set(name).items)
    assert "capital" not in text and "spider" not in text and "15 plus 27" not in text


def write(tmp_path: Path, *lines: str) -> str:
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_a_users_file_is_a_set_named_after_it(tmp_path: Path) -> None:
    path = write(tmp_path, json.dumps({"id": 1, "prompt": "2+2?", "expected": 4}), "",
                 json.dumps({"id": "b", "prompt": "Sky colour?", "expected": "blue", "accept": ["azure"]}))
    task_set = load_set(path)
    assert task_set.name == "mine" and task_set.source == path
    assert [(i.id, i.check) for i in task_set.items] == [("1", "number"), ("b", "contains-any")]
    assert task_set.items[1].accept == ("azure",)


@pytest.mark.parametrize("line, message", [
    ("{not json", "mine.jsonl line 1 is not JSON"),
    ("[1, 2]", "line 1 is not a JSON object"),
    (json.dumps({"prompt": "x", "expected": 1}), "line 1: 'id' must be a non-empty string"),
    (json.dumps({"id": "a", "expected": 1}), "line 1: 'prompt' must be non-empty text"),
    (json.dumps({"id": "a", "prompt": "x"}), "line 1: no 'expected' answer"),
    (json.dumps({"id": "a", "prompt": "x", "expected": 1, "chek": "number"}), "unknown key(s) chek"),
    (json.dumps({"id": "a", "prompt": "x", "expected": 1, "check": "fuzzy"}), "unknown check 'fuzzy'"),
    (json.dumps({"id": "a", "prompt": "x", "expected": "x", "check": "regex", "max_tokens": 0}), "'max_tokens'"),
])
def test_a_malformed_file_is_refused_naming_the_line(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        load_set(write(tmp_path, line))
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_duplicate_ids_empty_files_and_binary_files_are_refused(tmp_path: Path) -> None:
    item = json.dumps({"id": "a", "prompt": "x", "expected": 1})
    with pytest.raises(InputError, match="line 2: id 'a' is used twice"):
        parse_items(item + "\n" + item, "f.jsonl")
    with pytest.raises(InputError, match="holds no items"):
        load_set(write(tmp_path, "", "  "))
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(InputError, match="not UTF-8"):
        load_set(str(binary))
    with pytest.raises(InputError, match="is a folder"):
        load_set(str(tmp_path))


def test_unknown_names_and_missing_files_say_what_there_is(tmp_path: Path) -> None:
    with pytest.raises(UnknownSetError, match="unknown task set 'trivia'; the sets are facts, arithmetic"):
        load_set("trivia")
    with pytest.raises(InputError, match="no task file ./gone.jsonl") as caught:
        load_set("./gone.jsonl")
    assert not isinstance(caught.value, UnknownSetError)


def test_sets_given_twice_are_asked_once_and_limited() -> None:
    sets = resolve_sets(["facts", "facts", "json"])
    assert [s.name for s in sets] == ["facts", "json"]
    assert len(sets[0].limited(3).items) == 3 and sets[0].limited(None) is sets[0]
    assert set(BUILTIN_SETS) >= {s.name for s in sets}
