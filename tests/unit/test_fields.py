"""The one field validator: types, ranges, nan/inf, bools that are not numbers, choices, and the message."""

from __future__ import annotations

import math

import pytest

from llorch.errors import FieldError, LlorchError
from llorch.fields import FieldSpec, check_each

STEPS = FieldSpec(int, minimum=1, maximum=16)
RATE = FieldSpec(float, minimum=0, maximum=1, above_minimum=True)


@pytest.mark.parametrize("value", [1, 8, 16])
def test_an_integer_in_range_comes_back_unchanged(value: int) -> None:
    assert STEPS.check(value, "steps") == value


@pytest.mark.parametrize("value", [0, 17, -1, 2**70])
def test_an_integer_out_of_range_is_refused(value: int) -> None:
    with pytest.raises(FieldError):
        STEPS.check(value, "steps")


@pytest.mark.parametrize("value", [True, False, 2.0, "3", None, [3]])
def test_an_integer_field_takes_only_integers(value: object) -> None:
    """True is an int to Python, never to a person; 2.0 and "3" are not integers either (without text=True)."""
    assert not STEPS.accepts(value)


def test_bounds_are_inclusive_unless_the_minimum_is_excluded() -> None:
    assert RATE.check(1, "rate") == 1.0 and isinstance(RATE.check(1, "rate"), float)
    assert RATE.accepts(1e-9)
    assert not RATE.accepts(0) and not RATE.accepts(0.0)
    assert not RATE.accepts(1.0000001)
    assert FieldSpec(float, minimum=0).accepts(0)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "nan", "inf", "-inf", 10**400])
def test_a_number_must_be_finite(value: object) -> None:
    unbounded = FieldSpec(float)
    assert not unbounded.accepts(value, text=True)
    assert not unbounded.accepts(value)


def test_text_mode_reads_numbers_and_words_as_a_person_types_them() -> None:
    assert STEPS.check(" 12 ", "steps", text=True) == 12
    assert not STEPS.accepts("1.5", text=True)
    assert not STEPS.accepts("twelve", text=True)
    assert FieldSpec(float).check("0.25", "x", text=True) == 0.25
    flag = FieldSpec(bool)
    assert [flag.check(w, "f", text=True) for w in ("true", " YES ", "on", "1", "false", "No", "off", "0")] == [True] * 4 + [False] * 4
    assert not flag.accepts("maybe", text=True)
    assert not flag.accepts("true")  # a JSON or TOML string is not a boolean unless typed as text
    assert not flag.accepts(1)


def test_choices_of_a_string_field() -> None:
    window = FieldSpec(str, choices=("count", "time"))
    assert window.check("time", "window") == "time"
    assert window.check(" TIME ", "window", text=True) == "time"  # typed text: no case, no spaces
    assert not window.accepts("TIME")  # exact when the value comes from a program
    assert not window.accepts("sliding", text=True)
    assert not window.accepts(1)
    assert window.describe() == '"count" or "time"'
    assert FieldSpec(str, choices=("a", "b", "c")).describe() == "one of a, b, c"


def test_words_a_number_field_takes_besides_a_number() -> None:
    layers = FieldSpec(int, minimum=0, choices=("auto", "all"))
    assert layers.check("Auto", "n_gpu_layers", text=True) == "auto"
    assert layers.check("7", "n_gpu_layers", text=True) == 7
    assert not layers.accepts("some", text=True)
    assert not layers.accepts(-1)
    assert layers.describe() == '"auto", "all" or an integer >= 0'


def test_string_length_bounds() -> None:
    name = FieldSpec(str, minimum=1, maximum=5)
    assert name.check(" abc ", "name", text=True) == "abc"
    assert not name.accepts("   ", text=True)
    assert not name.accepts("abcdef")
    assert name.describe() == "a string of 1 to 5 characters"
    assert FieldSpec(str, minimum=1).describe() == "a non-empty string"


def test_optional_fields_keep_none() -> None:
    seed = FieldSpec(int, optional=True)
    assert seed.check(None, "seed") is None
    assert not FieldSpec(int).accepts(None)


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        (STEPS, "an integer from 1 to 16"),
        (RATE, "a number in (0, 1]"),
        (FieldSpec(float, minimum=0, above_minimum=True), "a number > 0"),
        (FieldSpec(int, minimum=0), "an integer >= 0"),
        (FieldSpec(float, maximum=2.5), "a number <= 2.5"),
        (FieldSpec(int, minimum=-(2**63), maximum=2**63), f"an integer from {-(2**63)} to {2**63}"),
        (FieldSpec(bool), "true or false"),
        (FieldSpec(float, minimum=0, expected="a number of seconds >= 0"), "a number of seconds >= 0"),
    ],
)
def test_what_is_expected_in_words(spec: FieldSpec, words: str) -> None:
    assert spec.describe() == words


def test_the_error_names_the_source_the_key_what_was_expected_and_what_came() -> None:
    with pytest.raises(FieldError) as info:
        STEPS.check(99, "tools.max_steps", source="dev.toml")
    assert str(info.value) == "dev.toml: 'tools.max_steps' must be an integer from 1 to 16, got 99"
    assert (info.value.source, info.value.key, info.value.expected, info.value.value) == (
        "dev.toml", "tools.max_steps", "an integer from 1 to 16", 99)
    assert isinstance(info.value, LlorchError)  # one exception tree, even when a caller forgets to map it
    with pytest.raises(FieldError) as info:
        STEPS.check("x" * 500, "n")
    assert str(info.value).startswith("'n' must be an integer from 1 to 16, got 'xxx")  # no source: no prefix
    assert len(str(info.value)) < 150  # a huge value is cut short in the message


def test_check_each_names_the_first_bad_field_by_the_users_word() -> None:
    specs = {"error_rate": FieldSpec(float, minimum=0, maximum=1), "crash_after": FieldSpec(int, minimum=0)}
    assert check_each(specs, {"error_rate": "0.5", "crash_after": "2"}, text=True) == {"error_rate": 0.5, "crash_after": 2}
    with pytest.raises(FieldError, match=r"^LLORCH_FAULTS: 'error' must be a number from 0 to 1, got '2'$"):
        check_each(specs, {"error_rate": "2"}, source="LLORCH_FAULTS", text=True, names={"error_rate": "error"})
    with pytest.raises(KeyError):
        check_each(specs, {"nope": 1})


def test_a_spec_of_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(TypeError):
        FieldSpec(list)
