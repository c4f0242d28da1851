"""One llama.cpp sampler chain per request (penalties, grammar, top-k/p, min-p, temperature, seed)."""

from __future__ import annotations

from typing import Any

from llorch.engine._native import log
from llorch.engine._native.lib import llama_cpp
from llorch.engine.types import Sampling
from llorch.errors import InputError

__all__ = ["SamplerChain", "grammar_from_schema"]

PENALTY_LAST_N = 64  # llama-cpp-python's default window for the repeat penalty


_LITERAL_ESCAPES = {"\r": "\\r", "\n": "\\n", '"': '\\"', "\\": "\\\\"}


def grammar_from_schema(schema: str) -> str:
    """GBNF for a JSON schema (llama.cpp's converter); a schema it cannot convert is an InputError.

    As json_schema_to_gbnf does, with one mend: the package's converter leaves a backslash in a literal bare (an
    enum or const with a quote in it, `12" pizza`, made a grammar llama.cpp cannot parse, and the tools or schema
    were lost; `C:\\temp` was enforced as C:, a tab and emp). llama.cpp's own converter escapes it."""
    import contextlib
    import json
    import re

    llama_cpp()  # the converter lives in the package; import it with the log routed
    from llama_cpp.llama_grammar import SchemaConverter

    class Converter(SchemaConverter):
        def _format_literal(self, literal: str) -> str:
            return '"' + re.sub(r'[\r\n"\\]', lambda m: _LITERAL_ESCAPES[m.group(0)], literal) + '"'

    try:
        with contextlib.redirect_stdout(log.LogWriter()), contextlib.redirect_stderr(log.LogWriter()):
            converter = Converter(prop_order={}, allow_fetch=False, dotall=False, raw_pattern=False)
            converter.visit(converter.resolve_refs(json.loads(schema), "stdin"), "")
            return str(converter.format_grammar())
    except Exception as exc:  # the converter raises assorted errors on bad schemas
        raise InputError(f"the JSON schema cannot be turned into a grammar: {exc}") from None


class SamplerChain:
    """Built in any thread (so a bad grammar fails at submit); used only by the scheduler thread.

    The order is llama-cpp-python's: penalties, grammar, then greedy at temperature 0,
    else top-k, top-p, min-p, temperature and a seeded draw.
    """

    def __init__(self, vocab: Any, n_vocab: int, sampling: Sampling, seed: int, grammar: str | None) -> None:
        lib = llama_cpp()
        self._lib = lib
        self.greedy_fast = grammar is None and sampling.temperature <= 0 and sampling.repeat_penalty == 1.0
        self.n_vocab = n_vocab
        chain = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params())
        self._chain = chain
        try:
            if sampling.repeat_penalty != 1.0:
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_penalties(n_vocab, PENALTY_LAST_N, sampling.repeat_penalty, 0.0, 0.0))
            if grammar is not None:
                with log.capture() as cap:
                    g = lib.llama_sampler_init_grammar(vocab, grammar.encode("utf-8"), b"root")
                if not g:
                    why = cap.errors[-1] if cap.errors else "llama.cpp could not parse it"
                    raise InputError(f"the output grammar is invalid: {why}")
                lib.llama_sampler_chain_add(chain, g)
            if sampling.temperature <= 0:
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_greedy())
            else:
                if sampling.top_k > 0:
                    lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_k(sampling.top_k))
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_top_p(sampling.top_p, 1))
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_min_p(sampling.min_p, 1))
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_temp(sampling.temperature))
                lib.llama_sampler_chain_add(chain, lib.llama_sampler_init_dist(seed & 0xFFFFFFFF))
        except BaseException:
            self.close()
            raise

    def sample(self, ctx: Any, index: int) -> int:
        if self.greedy_fast:
            # Plain greedy: an argmax over the logits, without copying the whole vocabulary
            # into llama.cpp's candidate array (which costs as much as decoding on small models).
            import numpy as np

            logits = np.ctypeslib.as_array(self._lib.llama_get_logits_ith(ctx, index), shape=(self.n_vocab,))
            return int(logits.argmax())
        return int(self._lib.llama_sampler_sample(self._chain, ctx, index))

    def close(self) -> None:
        if self._chain is not None:
            chain, self._chain = self._chain, None
            self._lib.llama_sampler_free(chain)
