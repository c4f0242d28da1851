"""The validate tool: JSON, YAML, TOML, XML and Python parsed, and the plain questions that go to it."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from llorch.errors import ToolError
from llorch.tools.base import ToolContext
from llorch.tools.registry import ToolRegistry
from llorch.tools.validate import validate_asked


def run(form: str, text: str) -> tuple[str, Any]:
    result = ToolRegistry().call("validate", {"format": form, "text": text}, ToolContext(data_dir=Path("/nonexistent")))
    return result.text, result.data


@pytest.mark.parametrize(("form", "text", "said"), [
    # what the 1.5B got wrong: it called this valid
    ("json", '{"a": 1, "b": [1, 2,]}', "Not valid JSON: line 1, column 21: a comma before ‘]’ (JSON allows no "
                                       "trailing comma)."),
    ("json", "{'a': 1}", "Not valid JSON: line 1, column 2: a single quote (JSON strings and keys take double "
                         "quotes)."),
    ("json", "{a: 1}", "Not valid JSON: line 1, column 2: a key without quotes (JSON keys take double quotes)."),
    ("json", '{"a": 1}\n{"b": 2}', "Not valid JSON: line 2, column 1: more text after the JSON value ends (two "
                                   "values, or a bracket too many?)."),
    ("json", '{"a": 1\n "b": 2}', "Not valid JSON: line 2, column 2: a missing comma (or an unclosed bracket or "
                                  "string) before this point."),
    ("json", '// note\n{"a": 1}', "Not valid JSON: line 1, column 1: a comment (JSON has none)."),
    ("json", '{"next": null, "ok": True}', "Not valid JSON: line 1, column 22: Python's True (JSON writes true)."),
    ("json", '{"name": "web", "ports": [80, 443]}', "Valid JSON: an object with 2 keys (name, ports)."),
    ("json", "[1, 2, 3]", "Valid JSON: an array of 3 items."),
    ("yaml", "a: 1\nb: [1, 2\n", "Not valid YAML: line 3, column 1: while parsing a flow sequence expected ',' or "
                                 "']', but got '<stream end>'."),
    ("yaml", "a: 1\nb:\n  - x\n", "Valid YAML: a mapping with 2 keys (a, b)."),
    ("yaml", "a: 1\n---\nb: 2\n", "Valid YAML: 2 documents."),
    ("toml", "a = 1\n[t]\nb = \n", "Not valid TOML: line 3, column 5: invalid value."),
    ("toml", 'a = 1\n[t]\nb = "x"\n', "Valid TOML: 1 top-level key and 1 table."),
    ("xml", "<a><b></a>", "Not valid XML: line 1, column 9: mismatched tag."),
    ("xml", "<a><b/><c/></a>", "Valid XML: a <a> element with 2 child elements."),
    ("python", "def f(:\n    pass\n", "Not valid Python: line 1, column 7: invalid syntax (it does not parse, so it "
                                     "cannot run)."),
    ("python", "def f():\n    return '\\d'\n", "Valid Python: it parses (1 function, 0 classes); whether it runs as "
                                              "meant is another matter."),
])
def test_texts_are_parsed(form: str, text: str, said: str) -> None:
    assert run(form, text)[0] == said


def test_the_data_says_where() -> None:
    assert run("json", '{"a": [1,]}')[1] == {"format": "json", "valid": False, "line": 1, "column": 10,
                                            "error": "a comma before ‘]’ (JSON allows no trailing comma)"}


@pytest.mark.parametrize("form", ["json", "yaml", "toml"])
def test_a_text_nested_past_the_recursion_limit_is_a_one_line_error(form: str) -> None:
    with pytest.raises(ToolError, match="nests deeper than llorch can read"):
        run(form, ("a = " if form == "toml" else "") + "[" * 100_000)


@pytest.mark.parametrize("text", ["-" * 10_000 + "1", "not " * 10_000 + "x"])
def test_python_nested_past_the_parsers_stack_is_invalid_not_a_traceback(text: str) -> None:
    """(ast.parse raised MemoryError on "-" * 10000 + "1")"""
    said, data = run("python", text)
    assert said == ("Not valid Python: it nests too deeply for Python's parser (thousands of unary operators or "
                    "brackets, one inside another), so it cannot run.")
    assert data["valid"] is False


def test_an_unknown_format_is_a_one_line_error() -> None:
    with pytest.raises(ToolError, match="must be one of json, yaml, toml, xml, python"):
        run("csv", "a,b")


@pytest.mark.parametrize(("message", "asked"), [
    ('Is this valid JSON: {"a": 1, "b": [1, 2,]}', {"format": "json", "text": '{"a": 1, "b": [1, 2,]}'}),
    ('Is {"a": 1,} valid JSON?', {"format": "json", "text": '{"a": 1,}'}),  # a colon inside: read whole first
    ('Is this valid JSON?\n\n{"a": 1}', {"format": "json", "text": '{"a": 1}'}),  # piped
    ("Validate this YAML:\na: 1\nb: [", {"format": "yaml", "text": "a: 1\nb: ["}),
    ("What's wrong with this JSON?\n\n{'a': 1}", {"format": "json", "text": "{'a': 1}"}),
    ("Is this a valid YAML file?\n\nx: 1", {"format": "yaml", "text": "x: 1"}),
    ("Does this Python code have a syntax error?\n\ndef f(:\n pass", {"format": "python", "text": "def f(:\n pass"}),
    ("Check this TOML for errors:\n\na = ", {"format": "toml", "text": "a ="}),
    ('What\'s wrong with this JSON? {"a": 1 "b": 2}', {"format": "json", "text": '{"a": 1 "b": 2}'}),  # after its "?"
    ("Check if this is valid JSON: [1, 2, 3,]", {"format": "json", "text": "[1, 2, 3,]"}),
    ("Is this well-formed XML: <a></b>", {"format": "xml", "text": "<a></b>"}),
])
def test_a_plain_question_is_read_without_a_model(message: str, asked: dict[str, str]) -> None:
    assert validate_asked(message) == asked


@pytest.mark.parametrize("message", [
    "Is JSON valid in YAML?",
    "Why is my JSON invalid?",  # no text given
    "Is Python valid?",
    "Is this valid JSON?",
    "Is this Python correct? I'm not sure about the loop",  # words after its "?", not code
])
def test_other_questions_are_not(message: str) -> None:
    assert validate_asked(message) is None


# --- how many keys a JSON object or YAML mapping has ---------------------------------------------------------

_PACKAGE = '{"name": "llorch", "version": "1.0", "tags": ["ai", "cli"], "license": "MIT"}'
_NESTED = '{"name": "llorch", "deps": {"typer": "0.12", "pyyaml": "6.0"}}'


@pytest.mark.parametrize(("message", "form", "text", "said"), [
    # the 1.5B said 3 (it is 4): the validate tool's answer says an object's keys
    ("How many top-level keys does this JSON object have?\n\n" + _PACKAGE, "json", _PACKAGE,
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    ("How many keys does this JSON have?\n\n" + _PACKAGE, "json", _PACKAGE,
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    ("How many top-level keys are in this JSON object?\n\n" + _PACKAGE, "json", _PACKAGE,
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    ("How many fields does this JSON object have?\n\n" + _PACKAGE, "json", _PACKAGE,
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    ("How many keys are there in the following JSON?\n\n" + _PACKAGE, "json", _PACKAGE,
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    ("How many keys does this JSON have: " + _PACKAGE, "json", _PACKAGE,  # after a colon
     "Valid JSON: an object with 4 keys (name, version, tags, license)."),
    # an object inside: its top level asked for, said or not
    ("How many top-level keys does this JSON have?\n\n" + _NESTED, "json", _NESTED,
     "Valid JSON: an object with 2 keys (name, deps)."),
    ("How many keys does this JSON object have at the top level?\n\n" + _NESTED, "json", _NESTED,
     "Valid JSON: an object with 2 keys (name, deps)."),
    ("How many keys does this YAML have?\n\nname: llorch\nlicense: MIT", "yaml", "name: llorch\nlicense: MIT",
     "Valid YAML: a mapping with 2 keys (name, license)."),  # (a mapping's answer says its keys too)
    ("How many keys does this JSON have?\n\n{}", "json", "{}", "Valid JSON: an object with 0 keys."),
])
def test_how_many_keys_a_json_object_has_is_the_validate_tools(message: str, form: str, text: str,
                                                                said: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole

    now = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)
    assert exact_call(message, EXACT_TOOLS, now) == ("validate", {"format": form, "text": text})
    assert run(form, text)[0] == said
    question, _, body = message.partition("\n\n")
    if body:  # piped: read whole, as "Is this valid JSON?" is
        assert read_whole(question, [body], EXACT_TOOLS, now) == message


@pytest.mark.parametrize("message", [
    "How many keys does this JSON have?\n\n" + _NESTED,  # an object inside: "typer" and "pyyaml" may count
    "How many keys does this JSON have in total?\n\n" + _NESTED,
    "How many keys does this JSON have in total?\n\n" + _PACKAGE,
    "How many keys does this JSON have, including nested ones?\n\n" + _NESTED,
    "How many nested keys does this JSON have?\n\n" + _NESTED,
    "How many keys does this JSON have?\n\n[1, 2, 3]",  # an array has no keys
    'How many keys does this JSON have?\n\n[{"a": 1}, {"b": 2}]',
    'How many keys does this JSON have?\n\n{"a": 1,}',  # not valid: is the question the count?
    'How many keys does this JSON have?\n\n{"a": 1, "a": 2}',  # a key twice: the parser keeps one
    "How many keys does this YAML have?\n\na: 1\na: 2",
    "How many keys does this YAML have?\n\n- a\n- b",  # a list
    "How many keys does this YAML have?\n\na: 1\n---\nb: 2",  # two documents
    "How many keys does this TOML have?\n\na = 1\n[t]\nb = 2",  # (its answer parts keys from tables)
    "How many keys are there?\n\n" + _PACKAGE,  # no format named
    "How many keys does this object have?\n\n" + _PACKAGE,
    "How many keys does this JSON have?",  # nothing given
    "How many keys does a JSON object have?",
])
def test_other_questions_about_keys_are_not(message: str) -> None:
    from datetime import datetime, timezone

    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert validate_asked(message) is None
    found = exact_call(message, EXACT_TOOLS, datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc))
    assert found is None or found[0] != "validate"


@pytest.mark.parametrize("body", [
    "a: &x\n  - *x\nb: 2",  # a list that holds itself
    "a: &a [1, 2]\nb0: &b0 [*a, *a]\n" + "".join(f"b{i}: &b{i} [*b{i - 1}, *b{i - 1}]\n" for i in range(1, 40)),
])
def test_a_yaml_alias_is_walked_once_for_its_keys(body: str) -> None:
    """A review's: walking every list for a mapping inside, a list holding itself ran forever and one held twice at
    each of 40 levels would have taken years. A hang guard, not a timing (milliseconds)."""
    import time
    from datetime import datetime

    from llorch.tools.exact import EXACT_TOOLS, exact_call
    start = time.perf_counter()
    assert exact_call("How many keys does this YAML have?\n\n" + body, EXACT_TOOLS, datetime(2026, 6, 17, 10, 0)) \
        == ("validate", {"format": "yaml", "text": body.strip()})
    assert time.perf_counter() - start < 5


# --- UUIDs ------------------------------------------------------------------------------------------------------

_UUID = "123e4567-e89b-12d3-a456-426614174000"  # (version 1, RFC 9562 variant)
_V1 = "version 1 (time-based: a timestamp and a node ID, often a MAC address), RFC 9562 variant"


@pytest.mark.parametrize(("text", "said"), [
    # what the 1.5B got wrong: it called this valid
    ("123e4567-e89b-12d3-a456-42661417400", "Not a valid UUID: the fifth group has 11 hex digits; a UUID's groups "
                                            "have 8-4-4-4-12."),
    (_UUID, f"Valid UUID: {_V1}."),
    (_UUID.upper(), f"Valid UUID: {_V1}."),  # any case
    ("123E4567-e89b-12D3-a456-426614174000", f"Valid UUID: {_V1}."),
    (f"  {_UUID}\n", f"Valid UUID: {_V1}."),
    (f"{{{_UUID}}}", f"Valid UUID (in braces, as Microsoft writes GUIDs): {_V1}."),
    (f"urn:uuid:{_UUID}", f"Valid UUID (as a URN): {_V1}."),
    (f"URN:UUID:{_UUID}", f"Valid UUID (as a URN): {_V1}."),
    ("00000000-0000-0000-0000-000000000000", "Valid UUID: the nil UUID (all 128 bits zero; RFC 9562 names it and "
                                             "gives it no version)."),
    ("ffffffff-ffff-ffff-ffff-ffffffffffff", "Valid UUID: the max UUID (all 128 bits one; RFC 9562 names it and gives "
                                             "it no version)."),
    ("9b2d4b53-1c6e-4f0e-9c55-2f8e0c8e6a11", "Valid UUID: version 4 (random), RFC 9562 variant."),
    ("01890a5d-ac96-774b-bcce-b302099a8057", "Valid UUID: version 7 (Unix-time-based: milliseconds, then random "
                                             "bits; sorts by time), RFC 9562 variant."),
    ("2ed6657d-e927-568b-95e1-2665a8aea6a2", "Valid UUID: version 5 (name-based, hashed with SHA-1), RFC 9562 "
                                             "variant."),
    ("12345678-1234-0234-8234-123456789012", "Valid UUID: RFC 9562 variant, but its version digit, 0, is not a "
                                             "standard version (1-8)."),
    ("12345678-1234-f234-a234-123456789012", "Valid UUID: RFC 9562 variant, but its version digit, f, is not a "
                                             "standard version (1-8)."),
    ("12345678-1234-1234-1234-123456789012", "Valid UUID: the NCS variant (reserved, for backward compatibility), "
                                             "which has no versions (RFC 9562's variant begins the fourth group with "
                                             "8, 9, a or b)."),  # (typed by hand)
    ("c0ffee00-0000-4000-c000-000000000000", "Valid UUID: Microsoft's variant (reserved, for old COM GUIDs), which "
                                             "has no versions (RFC 9562's variant begins the fourth group with 8, 9, "
                                             "a or b)."),
    # which rule it breaks
    ("123e4567-e89b-12d3-a456-42661417400g", "Not a valid UUID: ‘g’ (character 36) is not a hex digit; a UUID has "
                                             "only 0-9 and a-f."),
    ("123e4567 e89b-12d3-a456-426614174000", "Not a valid UUID: a space (character 9) is not a hex digit; a UUID has "
                                             "only 0-9 and a-f."),
    ("{123e4567-e89b-12d3-a456-42661417400z}", "Not a valid UUID: ‘z’ (character 37) is not a hex digit; a UUID has "
                                               "only 0-9 and a-f."),  # (counted in the text as given)
    ("123e4567-e89-12d3-a456-4266141740001", "Not a valid UUID: the second group has 3 hex digits and the fifth group "
                                             "has 13 hex digits; a UUID's groups have 8-4-4-4-12."),
    ("123e4567-e89b--a456-426614174000", "Not a valid UUID: the third group is empty; a UUID's groups have "
                                         "8-4-4-4-12."),
    ("123e4567-e89b-12d3-a456", "Not a valid UUID: 4 groups of hex digits (8-4-4-4); a UUID has 5, of 8-4-4-4-12."),
    ("123e4567e89b-12d3-a456-426614174000", "Not a valid UUID: 4 groups of hex digits (12-4-4-12); a UUID has 5, of "
                                            "8-4-4-4-12."),  # (Python's uuid.UUID takes it: it drops the hyphens)
    ("123e4567e89b12d3a456426614174000", "Not a valid UUID: 32 hex digits without hyphens is a UUID written without "
                                         "them; its standard form is 123e4567-e89b-12d3-a456-426614174000 (Python's "
                                         "uuid module reads both, strict validators only that one)."),
    ("123e4567e89b12d3a45642661417400", "Not a valid UUID: 31 hex digits and no hyphens; a UUID has 32, in groups of "
                                        "8-4-4-4-12."),
    (f"{{{_UUID}", "Not a valid UUID: an opening brace with no closing one."),
    (f"{_UUID}}}", "Not a valid UUID: a closing brace with no opening one."),
    (f"{{{{{_UUID}}}}}", "Not a valid UUID: ‘{’ (character 2) is not a hex digit; a UUID has only 0-9 and a-f."),
    ("", "Not a valid UUID: the text is empty."),
])
def test_a_uuid_is_checked_by_its_form_and_read_by_pythons_uuid(text: str, said: str) -> None:
    assert run("uuid", text)[0] == said


def test_a_uuids_data_gives_its_version_and_variant() -> None:
    assert run("uuid", f"{{{_UUID.upper()}}}")[1] == {
        "format": "uuid", "valid": True, "uuid": _UUID, "written": "braces", "version": 1, "variant": "RFC 9562",
        "what": _V1}
    nil = run("uuid", "00000000-0000-0000-0000-000000000000")[1]
    assert (nil["valid"], nil["special"], nil["version"]) == (True, "nil", None)
    assert run("uuid", "12345678-1234-1234-1234-123456789012")[1]["version"] is None  # (NCS: no versions)
    assert run("uuid", "12345678-1234-0234-8234-123456789012")[1]["version"] == 0
    hyphenless = run("uuid", _UUID.replace("-", ""))[1]
    assert (hyphenless["valid"], hyphenless["uuid"]) == (False, _UUID)  # (its hyphenated form)
    assert run("uuid", "123e4567-e89b-12d3-a456-42661417400")[1] == {
        "format": "uuid", "valid": False,
        "error": "the fifth group has 11 hex digits; a UUID's groups have 8-4-4-4-12"}


_NOW = datetime(2026, 6, 17, 10, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("message", "text"), [
    ("Is this a valid UUID: 123e4567-e89b-12d3-a456-42661417400?", "123e4567-e89b-12d3-a456-42661417400"),  # the 1.5B
    (f"Is {_UUID} a valid UUID?", _UUID),
    (f"Is {{{_UUID}}} a valid GUID?", f"{{{_UUID}}}"),
    (f"Is urn:uuid:{_UUID} a valid UUID?", f"urn:uuid:{_UUID}"),  # (a colon inside: read whole too)
    (f"Validate this UUID: {_UUID}", _UUID),
    (f"Validate the UUID {_UUID}", _UUID),
    (f"Check if {_UUID} is a valid uuid", _UUID),
    (f"Can you check whether this UUID is valid: {_UUID}, please", _UUID),
    (f"What version is this UUID: {_UUID}?", _UUID),
    (f"What UUID version is {_UUID}?", _UUID),
    (f"What's the version of this GUID: {_UUID}", _UUID),
    (f"Is this UUID valid: {_UUID}", _UUID),
    (f"Is the UUID {_UUID} valid?", _UUID),
    (f"Is '{_UUID}' a valid UUID?", _UUID),  # quoted
    (f"Is this a valid UUID?\n\n{_UUID}", _UUID),  # piped
    ("Is 123e4567-e89b-12d3-a456-42661417400g a valid UUID?", "123e4567-e89b-12d3-a456-42661417400g"),  # a typo
    ("Is this a valid uuid: 00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000"),
])
def test_a_plain_question_about_a_uuid_goes_to_the_validate_tool(message: str, text: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call, read_whole

    assert exact_call(message, EXACT_TOOLS, _NOW) == ("validate", {"format": "uuid", "text": text})
    question, _, body = message.partition("\n\n")
    if body:  # piped: read whole, as "Is this valid JSON?" is
        assert read_whole(question, [body], EXACT_TOOLS, _NOW) == message


@pytest.mark.parametrize("message", [
    "How do I generate a UUID?",
    "Is a UUID unique?",
    "What is a UUID?",
    "Is this a valid UUID?",  # nothing given
    "Is my-user-id a valid UUID?",  # nothing like one
    "Is hello a valid UUID?",
    "Is 1234 a valid UUID?",
    f"Is {_UUID} or {_UUID[::-1]} a valid UUID?",  # two
    f"Are these valid UUIDs: {_UUID}, {_UUID}",
    f"Is this a valid UUID v4: {_UUID}",  # a version asked for: not what validity says
    f"Is {_UUID} a valid UUID?\n\n{_UUID}",  # one named, another given
    f"What version is {_UUID}?",  # no UUID said
    f"Is this a valid UUID: {_UUID}? I got it from the API",
    # 32 hex digits without hyphens: .NET's Guid.Parse and Python read them, RFC 9562's string form does not
    f"is this in valid UUID format: {_UUID.replace('-', '')}",
    f"Is {_UUID.replace('-', '')} a valid GUID?",
])
def test_other_questions_about_uuids_are_not(message: str) -> None:
    from llorch.tools.exact import EXACT_TOOLS, exact_call

    assert validate_asked(message) is None
    found = exact_call(message, EXACT_TOOLS, _NOW)
    assert found is None or found[0] != "validate"


@pytest.mark.parametrize("body", ["a" * 1_000_000, "0-" * 500_000 + "0", "1" * 999_999 + "g"],
                         ids=["hex", "hyphens", "a-g-last"])
def test_a_megabyte_asked_as_a_uuid_is_answered_at_once(body: str) -> None:
    """A hang guard, not a timing (milliseconds): the form is read in one pass."""
    import time

    from llorch.tools.exact import EXACT_TOOLS, exact_call
    start = time.perf_counter()
    assert exact_call("Is this a valid UUID?\n\n" + body, EXACT_TOOLS, _NOW) == \
        ("validate", {"format": "uuid", "text": body})
    said, data = run("uuid", body)
    assert data["valid"] is False and said.startswith("Not a valid UUID: ") and len(said) < 200
    assert time.perf_counter() - start < 5
