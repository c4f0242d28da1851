"""FakeSlots: a SlotEngine that models a KV cache exactly, for testing the scheduler without llama.cpp.

Its "model" reads what its KV cache holds: the next token is a hash of the whole
sequence as stored in the cells (positions, shared prefixes and all). A scheduler
that reuses the wrong prefix, skips a position or mixes two sequences up therefore
gets different answers than one request alone would, and a decode at the wrong
position raises at once. Cells are finite: a full cache makes `decode` return 1,
as llama_decode does.

`model` replaces the hash with a distribution over the next token (weights by token,
given what the cache holds), for tests that need a model with structure: one that
copies, so drafts are accepted, and whose exact answer distribution a test can compute.
"""

from __future__ import annotations

import pickle
import random
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from llorch.engine.slots import Prepared, SlotLayout
from llorch.engine.types import ModelInfo, Request
from llorch.errors import ContextOverflowError, InputError

__all__ = ["FakeSlots", "copying_model", "fake_worker"]

BOS, EOS = 0, 1


def _hash(values: Sequence[int]) -> int:
    return zlib.crc32(bytes(str(tuple(values)), "ascii"))


class _Sampler:
    def __init__(self, temperature: float, seed: int) -> None:
        self.temperature = temperature
        self.rng = random.Random(seed)
        self.closed = False

    def sample(self, ctx: Any, index: int) -> int:  # the engine samples; see FakeSlots.sample
        raise NotImplementedError

    def close(self) -> None:
        self.closed = True


class FakeSlots:
    """A fake model with `vocab` word tokens and an exact KV cache of `n_ctx` cells.

    `eos_after`: the greedy answer ends (EOS) once the hash says so, but never before
    this many tokens. `on_decode` runs inside every decode (a test's barrier or clock).
    `model(seen)`: the next token's weights (token -> weight > 0) after `seen`, instead of the
    hash; greedy takes the heaviest (the lowest id of equals), sampling draws one with the
    request's seeded random stream (one draw per token, as llama.cpp's dist sampler).
    """

    def __init__(
        self,
        *,
        n_ctx: int = 256,
        n_seq: int = 4,
        n_batch: int = 64,
        unified: bool = True,
        vocab: int = 50,
        n_swa: int = 0,
        partial_rm: bool = True,
        eos_after: int = 10**9,
        name: str = "fake-slots",
        on_decode: Callable[[Sequence[tuple[int, int, int, bool]]], None] | None = None,
        model: Callable[[tuple[int, ...]], Mapping[int, float]] | None = None,
    ) -> None:
        self.layout = SlotLayout(n_ctx=n_ctx, n_ctx_seq=n_ctx if unified else n_ctx // n_seq, n_seq=n_seq,
                                 n_batch=n_batch, unified=unified, n_swa=n_swa, partial_rm=partial_rm)
        self.vocab = vocab
        self.eos_after = eos_after
        self.name = name
        self.on_decode = on_decode
        self.model = model
        self._cells: dict[int, tuple[int, int, set[int]]] = {}  # cell -> (pos, token, seqs)
        self._outputs: dict[int, tuple[int, tuple[int, ...]]] = {}  # batch index -> (seq, tokens it sees)
        self.decode_threads: set[int] = set()
        self.decode_calls = 0
        self.tokens_decoded = 0
        self.closed = False
        self.fail_next: int | None = None  # make the next decode return this code

    # --- model level ----------------------------------------------------------------

    def info(self) -> ModelInfo:
        return ModelInfo(path=f"<fake:{self.name}>", name=self.name, architecture="fake", description="fake slots",
                         n_params=0, size_bytes=1, n_ctx_train=self.layout.n_ctx_seq, n_ctx=self.layout.n_ctx_seq,
                         n_vocab=self.vocab, chat_template="{{ messages }}", is_base_model=False, n_gpu_layers=0, load_ms=0.0)

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        """A token per word; a generated token's text ("w17") tokenizes back to it, as a real tokenizer mostly does."""
        words = [self._word(w) for w in text.split()]
        return ([BOS] if add_bos else []) + words

    def _word(self, word: str) -> int:
        if word[:1] == "w" and word[1:].isdigit() and 2 <= int(word[1:]) < self.vocab:
            return int(word[1:])
        return 2 + zlib.crc32(word.encode()) % (self.vocab - 2)

    def render_prompt(self, request: Request) -> str:
        if not request.is_chat:
            return request.prompt or ""
        return " ".join(f"<{m.role}> {m.content}" for m in request.messages) + " <assistant>"

    def piece(self, token: int) -> bytes:
        return f" w{token}".encode()

    def token_text(self, token: int) -> str:
        return f"w{token}"

    def is_eog(self, token: int) -> bool:
        return token == EOS

    def prepare(self, request: Request) -> Prepared:
        tokens = list(request.tokens) if request.tokens else self.tokenize(self.render_prompt(request))
        if len(tokens) <= 1 and not request.tokens:
            raise InputError("the prompt is empty; give some text to answer")
        n_ctx = self.layout.n_ctx_seq
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(f"the prompt is {len(tokens):,} tokens but the context holds {n_ctx:,}",
                                       prompt_tokens=len(tokens), n_ctx=n_ctx)
        s = request.sampling
        seed = s.seed if s.seed is not None else random.randrange(2**31)
        return Prepared(tuple(tokens), tuple(s.stop), _Sampler(s.temperature, seed), seed,
                        max(0, min(s.max_tokens, n_ctx - len(tokens))), request.ignore_eos)

    def state_key(self) -> str:
        return f"fake-{self.name}"

    # --- context level --------------------------------------------------------------

    def _seq(self, seq: int) -> list[tuple[int, int]]:
        return sorted((pos, token) for pos, token, seqs in self._cells.values() if seq in seqs)

    def decode(self, entries: Sequence[tuple[int, int, int, bool]]) -> int:
        if self.closed:
            raise RuntimeError("decode on a closed context")
        self.decode_threads.add(threading.get_ident())
        self.decode_calls += 1
        if self.on_decode is not None:
            self.on_decode(entries)
        if self.fail_next is not None:
            code, self.fail_next = self.fail_next, None
            return code
        if len(entries) > self.layout.n_batch:
            return -1
        added: list[int] = []
        heads: dict[int, int] = {}
        for token, pos, seq, _ in entries:
            expected = heads.get(seq, self._next_pos(seq))
            if pos != expected:
                raise AssertionError(f"sequence {seq}: decode at position {pos}, but it holds {expected} tokens")
            heads[seq] = pos + 1
            if not self._has_room(seq):
                for cell in added:
                    del self._cells[cell]
                return 1
            cell = next(i for i in range(self.layout.n_ctx * 2) if i not in self._cells)
            self._cells[cell] = (pos, token, {seq})
            added.append(cell)
        self._outputs.clear()
        for index, (_token, pos, seq, logits) in enumerate(entries):
            if logits:
                self._outputs[index] = (seq, tuple(t for p, t in self._seq(seq) if p <= pos))
        self.tokens_decoded += len(entries)
        return 0

    def _next_pos(self, seq: int) -> int:
        cells = self._seq(seq)
        return cells[-1][0] + 1 if cells else 0

    def _has_room(self, seq: int) -> bool:
        if self.layout.unified:
            return len(self._cells) < self.layout.n_ctx
        return len(self._seq(seq)) < self.layout.n_ctx_seq

    def sample(self, sampler: Any, index: int) -> int:
        _seq, seen = self._outputs[index]
        if self.model is not None:
            return self._draw(self.model(seen), sampler)
        h = _hash(seen)  # the whole sequence as the cache holds it: a wrong prefix changes the answer
        if len(seen) >= self.eos_after and h % 3 == 0:
            return EOS
        if sampler.temperature <= 0:
            return 2 + h % (self.vocab - 2)
        return 2 + (h + sampler.rng.randrange(1 << 20)) % (self.vocab - 2)

    def greedy(self, index: int) -> tuple[int, float]:
        """The greedy pick at `index` and its share of the weights (1.0 for the hash model, which knows no other)."""
        _seq, seen = self._outputs[index]
        if self.model is None:
            return self.sample(_Sampler(0.0, 0), index), 1.0
        weights = self.model(seen)
        token = self._draw(weights, _Sampler(0.0, 0))
        return token, weights[token] / sum(weights.values())

    def vocab_facts(self) -> dict[str, int | bool]:
        return {"type": 0, "add_bos": True, "add_eos": False, "bos": BOS, "eos": EOS, "n_vocab": self.vocab}

    @staticmethod
    def _draw(weights: Mapping[int, float], sampler: Any) -> int:
        ranked = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if sampler.temperature <= 0:
            return ranked[0][0]
        point = sampler.rng.random() * sum(w for _, w in ranked)
        for token, weight in ranked:
            point -= weight
            if point < 0:
                return token
        return ranked[-1][0]

    def logprob(self, index: int, token: int) -> float:
        return -float(token % 7) / 7.0

    def token_logprobs(self, index: int, token: int, top: int = 0) -> tuple[float, float, tuple[tuple[int, float], ...]]:
        """Made-up but consistent figures: the sampled token is the most likely, each next id less so."""
        logprob = -float(token % 7) / 7.0
        best = tuple((2 + (token - 2 + i) % (self.vocab - 2), logprob - i) for i in range(min(top, self.vocab - 2)))
        return logprob, 0.25 + (token % 5) / 5.0, best

    def seq_rm(self, seq: int, p0: int, p1: int = -1) -> bool:
        if not self.layout.partial_rm and (p0 > 0 or p1 >= 0):
            return False
        end = p1 if p1 >= 0 else 1 << 60
        for cell, (pos, _token, seqs) in list(self._cells.items()):
            if seq in seqs and p0 <= pos < end:
                seqs.discard(seq)
                if not seqs:
                    del self._cells[cell]
        return True

    def seq_cp(self, src: int, dst: int, p0: int, p1: int) -> None:
        if not self.layout.unified:
            # llama.cpp copies whole sequences between separate buffers only (and asserts it).
            if p0 > 0 or p1 >= 0:
                raise AssertionError("seq_cp() is only supported for full KV buffers")
            self.seq_rm(dst, 0, -1)
            for pos, token, seqs in list(self._cells.values()):
                if src in seqs:
                    cell = next(i for i in range(self.layout.n_ctx * 2) if i not in self._cells)
                    self._cells[cell] = (pos, token, {dst})
            return
        end = p1 if p1 >= 0 else 1 << 60
        for pos, _token, seqs in self._cells.values():
            if src in seqs and p0 <= pos < end:
                seqs.add(dst)

    def seq_pos_min(self, seq: int) -> int:
        cells = self._seq(seq)
        return cells[0][0] if cells else -1

    def drop_below(self, seq: int, pos: int) -> None:
        """Forget a sequence's positions below `pos`, as a sliding-window cache does."""
        for cell, (p, _token, seqs) in list(self._cells.items()):
            if seq in seqs and p < pos:
                seqs.discard(seq)
                if not seqs:
                    del self._cells[cell]

    def save_seq(self, seq: int, path: Path, tokens: list[int]) -> int:
        data = pickle.dumps((self.state_key(), tokens))
        path.write_bytes(data)
        return len(data)

    def load_seq(self, seq: int, path: Path, capacity: int) -> list[int] | None:
        try:
            key, tokens = pickle.loads(path.read_bytes())
        except Exception:  # as llama.cpp does: a file it cannot read is no state (only speed is lost)
            return None
        if key != self.state_key() or len(tokens) > capacity:
            return None
        if self.layout.unified and len(self._cells) + len(tokens) > self.layout.n_ctx:
            return None
        for pos, token in enumerate(tokens):
            cell = next(i for i in range(self.layout.n_ctx * 2) if i not in self._cells)
            self._cells[cell] = (pos, token, {seq})
        return list(tokens)

    def cells_used(self) -> int:
        return len(self._cells)

    def close(self) -> None:
        self.closed = True


def copying_model(vocab: int) -> Callable[[tuple[int, ...]], dict[int, float]]:
    """A FakeSlots `model` that copies: the token that followed the last token's previous occurrence
    is the likeliest next one (0.6), two others share the rest; never EOS. Drafts from the
    prompt then hold often, not always."""

    def weights(seen: tuple[int, ...]) -> dict[int, float]:
        last = seen[-1]
        follow = next((seen[i + 1] for i in range(len(seen) - 2, -1, -1) if seen[i] == last), None)
        h = zlib.crc32(bytes(t % 256 for t in seen[-3:])) % (vocab - 2) + 2
        other = (last + 1) % (vocab - 2) + 2
        out: dict[int, float] = {}
        for token, weight in ((follow, 0.6), (h, 0.25), (other, 0.15)):
            if token is not None and token > EOS:
                out[token] = out.get(token, 0.0) + weight
        return out

    return weights


def fake_worker(**options: Any) -> Any:
    """A Worker over FakeSlots (keyword arguments go to FakeSlots; `clock`, `disk`, `speculative`, `draft`
    (a DraftModel) and `priority` to the Worker)."""
    from llorch.orchestra.worker import Worker

    more = {k: options.pop(k) for k in ("clock", "disk", "speculative", "draft", "priority") if k in options}
    return Worker(FakeSlots(**options), **{k: v for k, v in more.items() if v is not None})
