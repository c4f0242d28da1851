"""A draft model: a second, smaller model of the same vocabulary guesses the next tokens.

The worker that owns the target model also owns the draft model's context and calls it only
from its scheduler thread. Each target slot drafts on the draft context's sequence of the same
number. Before drafting, that sequence is brought up to the target's history by its common
prefix (what a rejected draft or another request left beyond it is cut with seq_rm, the rest
evaluated), so a request's tokens are read by the draft model once, and a conversation's next
turn in the same slot reuses what it read. Then the draft model picks greedily, one token per
decode, and stops early where it is unsure (its top token's probability below P_MIN: llama.cpp's
--spec-draft-p-min, which llama.cpp now leaves at 0 and llorch sets to 0.75, its old default,
since every rejected guess costs a draft-model step on a CPU) or at an end-of-generation token.

Drafting is worth it only where the draft model is much cheaper per token than the target
and its guesses hold: on a GPU. On two CPU cores the 0.5B drafting for the 1.5B made decoding
slower in llama.cpp's own llama-speculative-simple (0.4x) — the worker's DraftControl then
pauses drafting for a sequence whose drafts keep missing, and "auto" never drafts while the
batch is busy.

`check_compatible` is llama.cpp's common_speculative_are_compatible: the same vocabulary type,
BOS/EOS tokens and flags, vocabulary sizes within 128 of each other, and the same text for
every token from id 5 on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from llorch.errors import ConfigError

__all__ = ["DraftModel", "ModelDraft", "P_MIN", "check_compatible"]

log = logging.getLogger("llorch.orchestra")

P_MIN = 0.75  # llama.cpp's --spec-draft-p-min: a draft stops at a token the draft model is less sure of
VOCAB_MAX_SIZE_DIFFERENCE = 128  # llama.cpp's SPEC_VOCAB_MAX_SIZE_DIFFERENCE
VOCAB_CHECK_START = 5  # llama.cpp's SPEC_VOCAB_CHECK_START_TOKEN_ID


def check_compatible(target: Any, draft: Any, *, target_name: str, draft_name: str) -> None:
    """ConfigError unless `draft` can draft for `target` (their tokens must mean the same)."""
    t, d = target.vocab_facts(), draft.vocab_facts()
    hint = f"use a draft model of {target_name}'s family (the same tokenizer), or speculative = \"auto\""
    for key, what in (("type", "vocabulary type"), ("add_bos", "BOS flag"), ("add_eos", "EOS flag"),
                      ("bos", "BOS token"), ("eos", "EOS token")):
        if t[key] != d[key]:
            raise ConfigError(f"draft model {draft_name} cannot draft for {target_name}: its {what} differs "
                              f"({d[key]!r}, not {t[key]!r}); {hint}")
    n_t, n_d = t["n_vocab"], d["n_vocab"]
    if abs(n_t - n_d) > VOCAB_MAX_SIZE_DIFFERENCE:
        raise ConfigError(f"draft model {draft_name} cannot draft for {target_name}: its vocabulary has {n_d:,} "
                          f"tokens, not {n_t:,}; {hint}")
    for token in range(VOCAB_CHECK_START, min(n_t, n_d)):
        if target.token_text(token) != draft.token_text(token):
            raise ConfigError(f"draft model {draft_name} cannot draft for {target_name}: token {token} is "
                              f"{draft.token_text(token)!r} there, {target.token_text(token)!r} here; {hint}")


class DraftModel:
    """The draft model's context, one sequence per target slot (scheduler thread only)."""

    def __init__(self, engine: Any, name: str, *, p_min: float = P_MIN) -> None:
        self.engine = engine
        self.name = name
        self.p_min = p_min
        self._cached: dict[int, list[int]] = {}  # sequence -> the tokens its KV holds, in order
        self.evaluated = 0  # tokens the draft model read to catch up with the target
        self.generated = 0  # tokens it decoded while drafting
        self._last_index = 0  # the batch index of the logits after the history's last token

    @property
    def can_draft(self) -> bool:
        """Whether its memory can drop a sequence's end, as rejected drafts need."""
        layout = self.engine.layout
        return bool(layout.partial_rm and layout.n_swa == 0)

    def source(self, seq: Callable[[], int | None]) -> ModelDraft:
        """A DraftSource for one request: it drafts on the sequence `seq()` names (its slot's, now)."""
        return ModelDraft(self, seq)

    def propose(self, seq: int, history: Sequence[int], k: int) -> list[int]:
        """Up to `k` tokens the draft model expects after `history` on sequence `seq`."""
        if k <= 0:
            return []  # paused: catch up later, when a draft is wanted (the common prefix finds where)
        layout = self.engine.layout
        if len(history) + k >= layout.n_ctx_seq:
            return []
        if not self._catch_up(seq, history):
            return []
        draft: list[int] = []
        index = self._last_index
        while True:
            token, p = self.engine.greedy(index)
            if draft and p < self.p_min:
                break
            draft.append(token)
            if len(draft) >= k or self.engine.is_eog(token):
                break
            pos = len(self._cached[seq])
            if self.engine.decode([(token, pos, seq, True)]) != 0:
                break  # no room in the draft's cache: draft what we have
            self._cached[seq].append(token)
            self.generated += 1
            index = 0
        return draft

    def _catch_up(self, seq: int, history: Sequence[int]) -> bool:
        """Make sequence `seq` hold exactly `history`, with the last token's logits at `_last_index`."""
        cached = self._cached.get(seq, [])
        same = 0
        limit = min(len(cached), len(history) - 1)  # the last token is always decoded: its logits are needed
        while same < limit and cached[same] == history[same]:
            same += 1
        if same < len(cached):
            if not self.engine.seq_rm(seq, same, -1):
                self.engine.seq_rm(seq, 0, -1)
                same = 0
            del cached[same:]
        self._cached[seq] = cached
        n_batch = self.engine.layout.n_batch
        while same < len(history):
            chunk = history[same : same + n_batch]
            end = same + len(chunk)
            entries = [(token, same + i, seq, same + i == len(history) - 1) for i, token in enumerate(chunk)]
            rc = self.engine.decode(entries)
            if rc == 1 and self._drop_others(seq):
                rc = self.engine.decode(entries)
            if rc != 0:
                log.debug("draft model %s: no room for sequence %d (llama_decode returned %d)", self.name, seq, rc)
                self.engine.seq_rm(seq, 0, -1)
                self._cached[seq] = []
                return False
            cached.extend(chunk)
            self.evaluated += len(chunk)
            self._last_index = len(chunk) - 1
            same = end
        return True

    def _drop_others(self, seq: int) -> bool:
        """A full (unified) draft cache: forget the other sequences (they catch up again when they draft)."""
        others = [s for s, tokens in self._cached.items() if s != seq and tokens]
        for other in others:
            self.engine.seq_rm(other, 0, -1)
            self._cached[other] = []
        return bool(others)

    def close(self) -> None:
        self.engine.close()


class ModelDraft:
    """One request's draft source over the worker's DraftModel (see speculative.DraftSource)."""

    def __init__(self, model: DraftModel, seq: Callable[[], int | None]) -> None:
        self.model = model
        self._seq = seq

    def propose(self, history: Sequence[int], k: int) -> list[int]:
        seq = self._seq()
        if seq is None:
            return []
        return self.model.propose(seq, history, k)
