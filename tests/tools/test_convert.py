"""The convert tool: data rewritten between JSON, YAML, TOML and CSV by their parsers and writers, its one-line
errors, which messages plainly ask for it, and how an answer's block is read back."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from llorch.errors import ToolError
from llorch.tools import convert as convert_module
from llorch.tools.convert import convert, convert_asked, detect, same_data


def result(text: str, to: str, source: str = "auto") -> str:
    return str(convert(text, to, source)[0]["result"])


def test_yaml_to_json_keeps_each_key_where_it_was() -> None:
    """(the 1.5B moved `tags` into `server`)"""
    out = result("server:\n  host: example.org\n  port: 8443\ntags: [a, b]\n", "json")
    assert json.loads(out) == {"server": {"host": "example.org", "port": 8443}, "tags": ["a", "b"]}
    assert out.startswith('{\n  "server": {\n    "host": "example.org",')


def test_each_pair_of_formats() -> None:
    assert result('{"name": "llorch", "ports": [8080, 8443], "debug": false}', "yaml") == \
        "name: llorch\nports:\n- 8080\n- 8443\ndebug: false"
    assert result('{"a": 1, "t": {"x": "é"}}', "toml") == 'a = 1\n\n[t]\nx = "é"'
    assert result("a = 1\n[t]\nx = 2\n", "yaml") == "a: 1\nt:\n  x: 2"
    assert result("name,age,admin\nAda,36,true\nLinus,054,false\n", "json", "csv") == json.dumps(
        [{"name": "Ada", "age": 36, "admin": True}, {"name": "Linus", "age": "054", "admin": False}], indent=2)
    assert result('[{"a": 1, "b": "x, y"}, {"a": 2, "c": null}]', "csv") == 'a,b,c\n1,"x, y",\n2,,'
    assert result('{\n  "a": [1, 2]\n}', "minified") == '{"a":[1,2]}'
    assert result('{"a":[1,2]}', "json") == '{\n  "a": [\n    1,\n    2\n  ]\n}'
    assert result('{"keep": 1, "gone": null}', "toml") == "keep = 1"  # TOML has no null


def test_the_result_is_said_in_a_block_of_its_format() -> None:
    data, said = convert("a: 1", "json", "yaml")
    assert said == 'The YAML as JSON:\n```json\n{\n  "a": 1\n}\n```' and data == {"from": "yaml", "to": "json",
                                                                                  "result": '{\n  "a": 1\n}'}


@pytest.mark.parametrize(("text", "form"), [
    ('{"a": 1}', "json"), ("[1, 2]", "json"), ("a,b\n1,2", "csv"), ("name;age\nAda;36", "yaml"),
    ("[server]\nport = 1", "toml"), ("x = 1", "toml"), ("a: 1\nb: [1, 2]", "yaml"), ("- a\n- b", "yaml"),
])
def test_the_format_a_text_is_in_is_read_from_it(text: str, form: str) -> None:
    assert detect(text) == form


_KEYS = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8)
_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
                       max_leaves=12)


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
@example({"0": "\x85"})  # (a NEL: PyYAML wrote it bare in quotes, where it reads back as a space)
def test_json_through_yaml_and_back_is_the_same_data(value: dict[str, Any]) -> None:
    text = json.dumps(value)
    assert json.loads(result(result(text, "yaml", "json"), "json", "yaml")) == value
    assert yaml.safe_load(result(text, "yaml", "json")) == value


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(_KEYS, st.recursive(st.booleans() | st.integers(-10**12, 10**12) | st.text(max_size=20),
                                           lambda inner: st.dictionaries(_KEYS, inner, max_size=3), max_leaves=8),
                       max_size=5))
def test_json_through_toml_is_the_same_data(value: dict[str, Any]) -> None:
    assert tomllib.loads(result(json.dumps(value), "toml", "json")) == value


@pytest.mark.parametrize(("text", "to", "source", "error"), [
    ('{"a": 1,}', "yaml", "json", "the text is not valid JSON: line 1, column 9: a comma before ‘}’"),
    ("[1, 2]", "toml", "json", "TOML holds a table (keys and values) at the top"),
    ('{"a": [1, null]}', "toml", "json", "TOML has no null, and a list here holds one"),
    ('{"a": {"b": 1}}', "csv", "json", "nests objects or lists"),
    ("[1, 2]", "csv", "json", "a CSV is a list of objects"),
    ("a,b\n1,2,3", "json", "csv", "line 2 of the CSV has 3 fields; its header has 2"),
    ("a,a\n1,2", "json", "csv", "the CSV's header must name every column once"),
    ("a,b", "json", "csv", "a CSV needs a header line and at least one row"),
    ("a,b\n1,x\ry\n", "json", "csv", "this CSV cannot be read (new-line character seen in unquoted field"),
    ("a: 1", "xml", "yaml", "unknown format 'xml'; formats: json, yaml, toml, csv, minified"),
    ("   ", "json", "auto", "give the text to convert"),
    ("a: 1\n---\nb: 2\n", "json", "yaml", "the text holds 2 documents; convert them one at a time"),
])
def test_what_cannot_be_converted_is_a_one_line_error(text: str, to: str, source: str, error: str) -> None:
    with pytest.raises(ToolError, match=re.escape(error)):
        convert(text, to, source)


def _alias_bomb(levels: int) -> str:
    """Nine lists of nine aliases, each to the list before: 9**levels values written out."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{k}: &l{k} [{', '.join([f'*l{k - 1}'] * 9)}]" for k in range(1, levels)]
    return "\n".join(lines)


@pytest.mark.parametrize("to", ["json", "yaml", "toml", "minified"])
def test_a_yaml_alias_bomb_is_refused_before_it_is_written_out(to: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """(324 bytes, 9**9 values: a MemoryError or the kernel's OOM kill once written out)"""
    def never(value: Any, form: str) -> str:  # (writing it out for real could take all the memory there is)
        raise AssertionError("written")
    monkeypatch.setattr(convert_module, "_write", never)
    with pytest.raises(ToolError, match=re.escape("the YAML's aliases (*name) repeat its values past 1,000,000 when "
                                                  "written out (an alias bomb?)")):
        convert(_alias_bomb(9), to, "yaml")
    with pytest.raises(ToolError, match="a list or mapping inside itself"):
        convert("a: &a [1, *a]", to, "yaml")


def test_aliases_that_copy_a_little_are_written_out(monkeypatch: pytest.MonkeyPatch) -> None:
    assert json.loads(result("a: &x {k: 1}\nb: *x\nc: [*x, *x]", "json")) == {"a": {"k": 1}, "b": {"k": 1},
                                                                            "c": [{"k": 1}, {"k": 1}]}
    monkeypatch.setattr(convert_module, "_MAX_VALUES", 200)
    assert len(json.loads(result(_alias_bomb(2), "json"))["l1"]) == 9  # 1 + 10 + 91 values
    with pytest.raises(ToolError, match="repeat its values past 200 when written out"):
        convert(_alias_bomb(3), "json")  # 1 + 10 + 91 + 820


def test_an_answers_block_is_read_back_as_data() -> None:
    wrote = result("server:\n  port: 1\ntags: [a]", "json")
    assert same_data('Sure:\n```json\n{"tags": ["a"], "server": {"port": 1}}\n```', wrote, "json") is True
    assert same_data('```json\n{"server": {"port": 1, "tags": ["a"]}}\n```', wrote, "json") is False  # moved
    assert same_data("It has a server with port 1.", wrote, "json") is None  # no block to read
    assert same_data("```yaml\nport: 1\n```\n```json\n{\"server\": {\"port\": 1}, \"tags\": [\"a\"]}\n```", wrote,
                     "json") is True  # any block of the answer


@pytest.mark.parametrize(("message", "args"), [
    ("convert this YAML to JSON:\n\na: 1", {"to": "json", "text": "a: 1", "source": "yaml"}),
    ("Turn the following CSV into YAML: x,y\n1,2", {"to": "yaml", "text": "x,y\n1,2", "source": "csv"}),
    ("json to toml please\n\n{\"a\": 1}", {"to": "toml", "text": '{"a": 1}', "source": "json"}),
    ("Could you rewrite it as YAML?\n\n{\"a\": 1}", {"to": "yaml", "text": '{"a": 1}'}),
    ("minify this: {\n \"a\": 1\n}", {"to": "minified", "text": '{\n "a": 1\n}', "source": "json"}),
    ("Pretty-print this JSON: {\"a\":1}", {"to": "json", "text": '{"a":1}', "source": "json"}),
])
def test_a_plain_request_to_convert_a_text_is_recognised(message: str, args: dict[str, Any]) -> None:
    assert convert_asked(message) == args


@pytest.mark.parametrize("message", [
    "How do I convert YAML to JSON in Python?",
    "Convert this JSON to YAML",  # no text given
    "Is JSON or YAML better for config files?",
    "convert 3 cups to ml",
    "format this: hello world",  # not JSON
    "Convert this JSON to JSON: {\"a\": 1}",
    "Write this in YAML:\n\nA server called web on port 80, with two replicas",  # prose: the model structures it
])
def test_other_requests_are_not_conversions(message: str) -> None:
    assert convert_asked(message) is None
