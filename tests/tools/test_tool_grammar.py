"""The tool-call grammar enforces what the tools' schemas say: a forbidden argument cannot be generated.

Each check runs llama.cpp's own grammar sampler (the one a worker samples with), built
from `call_schema` by llorch's converter, over the tiny test model's vocabulary: a text
is fed one byte token at a time, and the grammar must allow every byte and then the end.
"""

from __future__ import annotations

import ctypes
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tinymodel import _vocab

from llorch.engine._native.lib import llama_cpp
from llorch.engine._native.model import NativeModel
from llorch.engine.grammar import grammar_from_schema
from llorch.tools.calls import call_schema
from llorch.tools.registry import BUILTIN_TOOLS, ToolRegistry

_TOKENS = _vocab()[0]
BYTE_TOKEN = [_TOKENS.index(f"<0x{b:02X}>") for b in range(256)]
EOS = _TOKENS.index("</s>")


class Grammar:
    """One grammar on the tiny model's vocabulary; `accepts(text)` says whether it could be generated whole."""

    def __init__(self, model: NativeModel, gbnf: str) -> None:
        self.lib = llama_cpp()
        self.model = model
        self.gbnf = gbnf

    def _allowed(self, sampler: Any, token: int) -> bool:
        lib = self.lib
        data = (lib.llama_token_data * 1)(lib.llama_token_data(token, 0.0, 0.0))
        candidates = lib.llama_token_data_array(data, 1, -1, False)
        lib.llama_sampler_apply(sampler, ctypes.byref(candidates))
        return not math.isinf(data[0].logit)

    def accepts(self, text: str) -> bool:
        sampler = self.lib.llama_sampler_init_grammar(self.model.vocab, self.gbnf.encode(), b"root")
        assert sampler, "llama.cpp refused the grammar"
        try:
            for byte in text.encode("utf-8"):
                token = BYTE_TOKEN[byte]
                if not self._allowed(sampler, token):
                    return False
                self.lib.llama_sampler_accept(sampler, token)
            return self._allowed(sampler, EOS)  # the end only where the grammar is complete
        finally:
            self.lib.llama_sampler_free(sampler)


@pytest.fixture(scope="module")
def model(tiny_model: Path) -> Iterator[NativeModel]:
    m = NativeModel(tiny_model, n_gpu_layers=0)
    yield m
    m.close()


def grammar_for(model: NativeModel, *names: str) -> Grammar:
    registry = ToolRegistry()
    return Grammar(model, grammar_from_schema(json.dumps(call_schema([registry.get(n) for n in names]))))


def call(tool: str, **arguments: Any) -> str:
    return json.dumps({"name": tool, "arguments": arguments})


def test_the_checker_tells_a_call_from_a_broken_one(model: NativeModel) -> None:
    g = grammar_for(model, "math")
    assert g.accepts(call("math", expression="2+2"))
    assert g.accepts('{"name": "none"}')
    assert not g.accepts('{"name": "math", "arguments": {"expression": "2+2"}')  # not closed: no end yet
    assert not g.accepts(call("calendar", action="list"))  # not offered
    assert not g.accepts(call("math", expression="1", radix=2))  # no parameter the schema lacks


def test_every_builtin_tool_has_a_grammar_the_engine_takes(model: NativeModel) -> None:
    for name in BUILTIN_TOOLS:
        assert grammar_for(model, name).accepts('{"name": "none"}'), name
    assert grammar_for(model, *BUILTIN_TOOLS).accepts(call("documents", action="outline", title="Plan"))


@pytest.mark.parametrize("precision", [1, 15, 100])
def test_math_precision_inside_its_bounds_can_be_generated(model: NativeModel, precision: int) -> None:
    assert grammar_for(model, "math").accepts(call("math", expression="sqrt(2)", precision=precision))


def test_a_parameter_only_the_exact_step_sets_is_neither_shown_nor_generated(model: NativeModel) -> None:
    # (shown math's `money`, the 0.5B starter gave "12 * 34" a currency: a small model fills in what it sees)
    from llorch.tools.calls import tools_block

    math_tool = ToolRegistry().get("math")
    assert "money" in math_tool.parameters["properties"]  # the exact step's, and the CLI's
    assert not grammar_for(model, "math").accepts(call("math", expression="59.99 * 0.6", money="$"))
    assert grammar_for(model, "math").accepts(call("math", expression="59.99 * 0.6"))
    assert "money" not in tools_block([math_tool])
    from llorch.tools.base import shown_parameters  # (what an MCP client is offered, too)
    assert "money" not in shown_parameters(math_tool.parameters)["properties"]
    assert "expression" in shown_parameters(math_tool.parameters)["properties"]


@pytest.mark.parametrize("precision", [0, 101, -1, 1000, "15", 2.5])
def test_math_precision_outside_its_bounds_cannot_be_generated(model: NativeModel, precision: object) -> None:
    assert not grammar_for(model, "math").accepts(call("math", expression="sqrt(2)", precision=precision))


def test_math_expression_length_bounds(model: NativeModel) -> None:
    g = grammar_for(model, "math")
    assert not g.accepts(call("math", expression=""))
    assert g.accepts(call("math", expression="1" * 1000))
    assert not g.accepts(call("math", expression="1" * 1001))  # the tool refuses past 1000 characters


@pytest.mark.parametrize(
    ("tool", "good", "bad"),
    [
        ("calendar", {"action": "free", "duration": 30}, {"action": "move"}),
        ("calendar", {"action": "list"}, {"from": "today"}),  # action is required
        ("citations", {"action": "doi", "input": "10.1/x"}, {"action": "doi"}),  # every action needs input
        ("citations", {"action": "doi", "input": "10.1/x"}, {"action": "doi", "input": ""}),
        ("code", {"path": "src", "max_files": 5}, {"max_files": 5}),  # path is required
        ("code", {"path": "src"}, {"path": "src", "max_files": "all"}),
        ("documents", {"action": "email", "tone": "brief"}, {"action": "email", "tone": "angry"}),
        ("documents", {"action": "outline", "kind": "memo"}, {"action": "outline", "kind": "novel"}),
    ],
)
def test_enums_required_fields_and_types_of_each_tool(model: NativeModel, tool: str, good: dict[str, Any],
                                                      bad: dict[str, Any]) -> None:
    g = grammar_for(model, tool)
    assert g.accepts(call(tool, **good))
    assert not g.accepts(call(tool, **bad))


def test_each_bound_in_a_schema_is_one_the_tool_itself_enforces(tmp_path: Path) -> None:
    """The schemas state what the tools refuse, nothing they would accept: one past each bound fails the call."""
    from llorch.errors import ToolError
    from llorch.tools.base import ToolContext

    registry = ToolRegistry()
    ctx = ToolContext(roots=(tmp_path,), data_dir=tmp_path, can_write=True, calendar_file=tmp_path / "c.ics")
    base = {"math": {"expression": "1/3"}, "calendar": {"action": "free"}, "code": {"path": str(tmp_path)},
            "citations": {"action": "doi", "input": "10.1000/x"}, "documents": {"action": "outline", "title": "T"},
            "cron": {"expression": "@daily"}, "random": {"action": "token"},
            "encode": {"action": "caesar", "text": "abc"}}
    seen = 0
    for name in BUILTIN_TOOLS:
        tool = registry.get(name)
        for key, spec in tool.parameters["properties"].items():
            for bound, step in (("minimum", -1), ("maximum", 1)):
                if bound in spec:
                    seen += 1
                    registry.call(name, base[name] | {key: spec[bound]}, ctx)  # the bound itself is fine
                    with pytest.raises(ToolError, match=key):
                        tool.run(base[name] | {key: spec[bound] + step}, ctx)
    assert seen >= 5  # math precision (2), calendar duration, code max_files and complexity_threshold


@pytest.mark.parametrize("value", ['12" pizza', "C:\\temp", "a\\nb", 'say "\\u00e9"', "two\nlines", "\\"])
def test_a_quote_or_backslash_in_an_enum_is_the_value_json_spells(model: NativeModel, value: str) -> None:
    """llama-cpp-python 0.3.36's converter left a backslash bare: a quote gave a grammar llama.cpp could not parse
    (a client's tools were lost), and `C:\\temp` was enforced as C:, a tab and emp."""
    g = Grammar(model, grammar_from_schema(json.dumps({"type": "object", "properties": {
        "v": {"enum": [value, "plain"]}, "c": {"const": value}}, "required": ["v", "c"]})))
    assert g.accepts(json.dumps({"v": value, "c": value}))
    assert g.accepts(json.dumps({"v": "plain", "c": value}))
    spelt = json.dumps({"v": value, "c": value})
    bare = spelt.replace("\\\\", "\\")  # (JSON's escaped backslash written as one: what 0.3.36 enforced)
    assert bare == spelt or not g.accepts(bare)
