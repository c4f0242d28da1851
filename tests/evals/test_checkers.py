"""The checkers: strict (a hedge, a wrong field, an unasked call is wrong) but fair (case, punctuation,
number formats, the many spellings of one expression or one moment are right)."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from llorch.evals.checkers import CHECKERS, CheckContext, check, matches, normalise_text, validate_expected

NOW = CheckContext(datetime(2026, 12, 3, 16, 40, tzinfo=timezone.utc))  # a Thursday


def test_the_registry_has_the_six_checkers() -> None:
    assert set(CHECKERS) == {"exact", "contains-any", "number", "regex", "json-fields", "tool-call"}


def test_normalised_text_ignores_case_quotes_spacing_and_end_punctuation() -> None:
    assert normalise_text("  “The  ROME.”  ") == "the rome"
    assert normalise_text("Ｒｏｍｅ!") == "rome"  # NFKC folds full-width letters


@pytest.mark.parametrize("answer, right", [
    ("Au", True), ("au.", True), ("The symbol is **Au**.", True), ("Gold is Au (from aurum)", True),
    ("August", False), ("Aurum", False), ("Au or Ag", False), ("Ag", False), ("", False),
])
def test_contains_any_matches_whole_words_and_refuses_hedges(answer: str, right: bool) -> None:
    assert check("contains-any", answer, "Au", {"reject": ["Ag"]}) is right


def test_contains_any_takes_accepted_variants() -> None:
    assert check("contains-any", "It has six sides.", "6", {"accept": ["six"]})
    assert check("contains-any", "A hexagon has 6 sides", "6", {"accept": ["six"]})
    assert not check("contains-any", "It has 16 sides", "6", {"accept": ["six"]})


@pytest.mark.parametrize("answer, right", [("Mercury", True), ("mercury.", True), ("The Mercury", True),
                                           ("Mercury is closest", False), ("Venus", False)])
def test_exact_is_the_whole_answer(answer: str, right: bool) -> None:
    assert check("exact", answer, "Mercury") is right


@pytest.mark.parametrize("answer, expected, right", [
    ("933", 933, True), ("347 + 586 = 933", 933, True), ("The answer is 933.", 933, True),
    ("8,544", 8544, True), ("−215", -215, True), ("-215", 215, False), ("10.50", 10.5, True),
    ("2283.5", 2283.5, True), ("The answer is 933, not 932", 933, True), ("932", 933, False),
    ("no idea", 933, False), ("121,932,631,112,635,269", 121932631112635269, True),
    ("121932631112635270", 121932631112635269, False),  # big integers compare exactly
    ("3/4", 0.75, True), ("0.75", "3/4", True),
])
def test_number_compares_the_final_number_numerically(answer: str, expected: object, right: bool) -> None:
    assert check("number", answer, expected) is right


def test_regex_searches_case_insensitively() -> None:
    assert check("regex", "It was in 1969.", r"\b1969\b")
    assert not check("regex", "It was in 19690.", r"\b1969\b")


@pytest.mark.parametrize("answer, right", [
    ("sudo lsof -i :5432", True), ("sudo ss -ltnp | grep 5432", True), ("ss -tlpn", True),
    ("sudo ss -tuln | grep 5432 shows the PID", False),  # (no -p: the pattern is not there)
    ("lsof -i :5432, or ss -tuln, which shows the PID", False),  # right, and a wrong claim beside it
])
def test_regex_takes_accepted_patterns_and_refuses_rejected_ones(answer: str, right: bool) -> None:
    options = {"accept": [r"\bss\s+-\w*p"], "reject": [r"ss\s+-tuln\b.{0,40}\bpid"]}
    assert check("regex", answer, r"\blsof\s+-i\s*:", options) is right


SCHEMA = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
          "required": ["name", "age"]}


@pytest.mark.parametrize("answer, right", [
    ('{"name": "John Smith", "age": 42}', True),
    ('{"name": "john smith ", "age": 42.0}', True),  # JSON Schema counts 42.0 as an integer; text is normalised
    ('{"name": "John Smith", "age": "42"}', False),  # a string where the schema wants an integer
    ('{"age": 42, "name": "John  Smith", "extra": 1}', True),  # more fields are fine
    ('Here: {"name": "John Smith", "age": 42}', True),
    ('{"name": "John Smith", "age": 41}', False),
    ('{"name": "John Smith"}', False),  # not valid under the schema
    ("John Smith, 42", False),
])
def test_json_fields_validates_then_compares(answer: str, right: bool) -> None:
    assert check("json-fields", answer, {"name": "John Smith", "age": 42}, {"schema": SCHEMA}) is right


def test_matchers_inside_expected_values() -> None:
    assert matches({"any": ["EUR", "euros"]}, "Euros", NOW)
    assert matches({"contains-all": ["red", "green", "blue"]}, ["Blue", "Red", "Green"], NOW)
    assert not matches({"contains-all": ["red", "green", "blue"]}, ["red", "green"], NOW)
    assert matches({"contains": ["dentist"]}, "Dentist appointment", NOW)
    assert matches({"number": 2500}, "2,500", NOW)
    assert matches([1, "a"], [1.0, "A"], NOW) and not matches([1, "a"], ["a", 1], NOW)
    assert matches(False, False, NOW) and not matches(False, 0, NOW)


@pytest.mark.parametrize("expression, right", [
    ("2^40", True), ("2**40", True), ("2^20 * 2^20", True), ("1099511627776", True), ("2^41", False),
    ("2 ^", False), ("pow(2, 40)", False),  # the math tool has no pow(): that call would fail when run
])
def test_evaluates_to_reads_any_spelling_of_the_expression(expression: str, right: bool) -> None:
    assert matches({"evaluates-to": 1099511627776}, expression, NOW) is right


@pytest.mark.parametrize("said, right", [
    ("next tuesday 9am", True), ("Tuesday at 9:00", True), ("2026-12-08 09:00", True), ("2026-12-08T09:00:00", True),
    ("tuesday 10am", False), ("next tuesday", False), ("someday", False),
])
def test_when_compares_moments_not_words(said: str, right: bool) -> None:
    assert matches({"when": "next tuesday 9am"}, said, NOW) is right


def call(name: str, **arguments: object) -> str:
    return json.dumps({"name": name, "arguments": arguments})


ADD = {"tool": "calendar", "arguments": {"action": "add", "title": {"contains": ["dentist"]},
                                         "start": {"when": "next tuesday 9am"}}}


@pytest.mark.parametrize("answer, expected, right", [
    (call("calendar", action="add", title="Dentist", start="tuesday 9am", duration=30), ADD, True),
    (call("calendar", action="add", title="Dentist", start="tuesday 3pm"), ADD, False),
    (call("calendar", action="list"), ADD, False),
    ('{"name": "none"}', ADD, False),
    ('{"name": "none"}', {"tool": None}, True),
    (call("math", expression="1+1"), {"tool": None}, False),  # a call where words were wanted
    ("```json\n" + call("math", expression="0.15 * 2340") + "\n```", {"tool": "math", "arguments":
                                                                      {"expression": {"evaluates-to": 351}}}, True),
    (call("calendar", action="free"), [{"tool": "calendar", "arguments": {"action": "free"}},
                                       {"tool": "calendar", "arguments": {"action": "list"}}], True),
])
def test_tool_call_checks_the_tool_and_its_arguments(answer: str, expected: object, right: bool) -> None:
    assert check("tool-call", answer, expected, ctx=NOW) is right


@pytest.mark.parametrize("name, expected, options, why", [
    ("nope", "x", {}, "unknown check 'nope'"),
    ("number", "many", {}, "number expects a number"),
    ("regex", "(", {}, "does not compile"),
    ("regex", "x", {"reject": ["[a-"]}, "does not compile"),
    ("contains-any", "", {}, "non-empty answer"),
    ("contains-any", "x", {"accept": "y"}, "'accept' must be a list of strings"),
    ("json-fields", {}, {}, "object of the fields"),
    ("json-fields", {"a": 1}, {"schema": {"type": "nonsense"}}, "not a valid JSON schema"),
    ("tool-call", {"name": "math"}, {}, '{"tool": NAME or null'),
    ("tool-call", {"tool": "math", "arguments": {"expression": {"evaluates-to": "lots"}}}, {}, "needs a number"),
    ("tool-call", {"tool": "math", "arguments": {"e": {"any": []}}}, {}, "needs a non-empty list"),
])
def test_validate_expected_names_the_fault(name: str, expected: object, options: dict[str, object], why: str) -> None:
    found = validate_expected(name, expected, options)
    assert found is not None and why in found
