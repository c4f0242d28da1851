"""Grammars for constrained output: a JSON schema turned into GBNF by llama.cpp's own converter.

The public face of `_native.sampler.grammar_from_schema`, so that the layers above (the
server checking a client's schema, the tool-call grammar) never reach into `_native/`.
llama_cpp is imported on first use only.

The converter (llama_cpp.llama_grammar.json_schema_to_gbnf in llama-cpp-python 0.3.36)
honours type, properties, required, additionalProperties, enum, const, anyOf/oneOf,
$ref, items with minItems/maxItems, string minLength/maxLength, pattern (anchored with
^...$) and the date/time/uuid formats. It ignores minimum, maximum and the exclusive
bounds: a bounded integer must be spelt as an enum to be enforced.
"""

from __future__ import annotations

import json
import re
from typing import Any

from llorch.errors import InputError

__all__ = ["MAX_REPEATS", "check_repeats", "grammar_from_schema", "schema_repeats"]

# Lengths, item counts and pattern repeats one schema may ask for, in all: the converter spells out every
# repetition in the grammar (`llorch run --schema` with minLength 1,000,000,000 grew by 300 MB/s until killed).
MAX_REPEATS = 10_000
_QUANTIFIER = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_REPEAT_KEYS = ("minLength", "maxLength", "minItems", "maxItems")


def schema_repeats(schema: Any) -> float:
    """What a schema asks to repeat, summed."""
    total = 0.0
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in _REPEAT_KEYS and isinstance(value, (int, float)) and not isinstance(value, bool):
                    total += abs(value)
                elif key == "pattern" and isinstance(value, str):
                    total += sum(int(low) + int(high or 0) for low, high in _QUANTIFIER.findall(value))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return total


def check_repeats(schema: Any, what: str = "the JSON schema") -> None:
    """An InputError naming `what` when the schema asks for more than MAX_REPEATS repeats."""
    if schema_repeats(schema) > MAX_REPEATS:
        raise InputError(f"{what} asks for more than {MAX_REPEATS:,} repeats in all (minLength, maxLength, minItems, "
                         "maxItems and {n} in patterns); the grammar enforcing it would be too large")


def grammar_from_schema(schema: str) -> str:
    """GBNF for a JSON schema (text); a schema the converter cannot turn into one, or one asking for more than
    MAX_REPEATS repeats, is an InputError."""
    from llorch.engine._native.sampler import grammar_from_schema as convert

    try:
        parsed = json.loads(schema)
    except ValueError:
        parsed = None  # (the converter says what is wrong with it)
    check_repeats(parsed)
    return convert(schema)
