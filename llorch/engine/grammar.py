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

__all__ = ["grammar_from_schema"]


def grammar_from_schema(schema: str) -> str:
    """GBNF for a JSON schema (text); a schema the converter cannot turn into one is an InputError."""
    from llorch.engine._native.sampler import grammar_from_schema as convert

    return convert(schema)
