"""Draft tokens for speculative decoding, which the worker verifies inside its one batch.

A draft source guesses the next few tokens of a sequence; the worker puts the sequence's
last token and the guesses into the batch with logits on each, samples every position in
turn with the sequence's own sampler, and keeps the guesses up to the first one the
sampler did not pick (see Worker._verify). Each token is therefore drawn from the model's
own distribution, and the sampler (grammar, repetition penalty, seed) advances exactly as
without drafting: the answer is what it would have been, only sooner when guesses hold.

On CPUs a draft model costs more than it saves (llama-speculative-simple, 1.5B target and
0.5B draft on two cores: 0.4x), so the source here is prompt lookup: the last n tokens of
the sequence (prompt and answer so far, n from N_MAX down to N_MIN) looked up in the
sequence itself, and the tokens that followed their latest earlier occurrence proposed.
Code edits, rewrites, quoting summaries and JSON that repeats keys copy long runs; prose
rarely matches, and then nothing is drafted and nothing is paid. The index stays with the
slot after a request, so the conversation's next turn goes on with it (NgramDraft.continued).

`DraftControl` sizes each sequence's draft from its recent acceptance (longer after full
accepts, shorter after rejections, a pause after repeated misses in "auto" mode).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["BUSY", "DraftControl", "DraftSource", "NgramDraft"]

N_MIN = 2  # one matching token says little: prose would draft (and miss) on every common word
N_MAX = 4
K_START = 4  # up to a few rows cost a CPU decode step little more than one (it is memory-bound)
K_MIN = 2
K_MAX = 16
MISSES_BEFORE_PAUSE = 2  # "auto": drafts in a row with nothing accepted before drafting pauses
PAUSE_MAX = 64  # steps; each pause doubles while drafts keep missing
BUSY = 2  # "auto": no drafts while more sequences than this generate (the batch pays for its rows)


class DraftSource(Protocol):
    """Guesses how a sequence goes on: at most `k` tokens after `history` (the prompt and the answer so far).

    `history` only grows between calls for one sequence; a source may index it incrementally."""

    def propose(self, history: Sequence[int], k: int) -> list[int]: ...


class NgramDraft:
    """Prompt lookup: the tokens that followed the latest earlier occurrence of the sequence's last n tokens.

    Kept per sequence: an index of every n-gram (N_MIN <= n <= N_MAX) to where it last ended,
    extended by the tokens added since the previous call, so a step costs a few dictionary
    look-ups however long the prompt is.

    Shared across a conversation (see `continued`): the next request in the same slot goes on
    with this index when its tokens start with everything indexed here (a chat's next turn),
    and otherwise looks up in it (`memory`) whatever its own history does not hold (an answer
    that a later prompt left out or rendered otherwise)."""

    def __init__(self, n_min: int = N_MIN, n_max: int = N_MAX, *, memory: NgramDraft | None = None) -> None:
        if not 1 <= n_min <= n_max:
            raise ValueError("need 1 <= n_min <= n_max")
        self.n_min, self.n_max = n_min, n_max
        self.memory = memory
        self._index: dict[tuple[int, ...], int] = {}  # n-gram -> the position right after its latest occurrence
        self._done = 0  # positions (ends of n-grams) indexed so far
        self._seen = 0  # the history's length at the previous call
        self._history: Sequence[int] = ()  # the history of the previous call (what the index points into)

    @property
    def indexed(self) -> int:
        """Positions indexed so far (tokens of history looked at)."""
        return self._done

    def _extend(self, history: Sequence[int]) -> None:
        end = len(history)
        if end < self._seen:  # a history that shrank is another sequence: start again
            self._index.clear()
            self._done = 0
        # An n-gram ending at position e is useful only with a token after it (e < end);
        # the one ending at `end` is the key looked up now, indexed on the next call.
        for e in range(max(self._done, self.n_min), end):
            for n in range(self.n_min, min(self.n_max, e) + 1):
                self._index[tuple(history[e - n : e])] = e
        self._done = max(self._done, end)
        self._seen = end
        self._history = history

    def _follow(self, history: Sequence[int], k: int) -> list[int]:
        """What followed the longest suffix of `history` in this index's own history.

        When that runs into the end of `history` itself (a run repeating with period end - at),
        the draft goes on repeating it: what followed the match is what follows now."""
        end = len(history)
        for n in range(min(self.n_max, end), self.n_min - 1, -1):
            at = self._index.get(tuple(history[end - n : end]))
            if at is None:
                continue
            draft = list(self._history[at : min(at + k, len(self._history))])
            if self._history is history:
                period = end - at
                while len(draft) < k:
                    draft.append(draft[len(draft) - period])
            return draft
        return []

    def propose(self, history: Sequence[int], k: int) -> list[int]:
        self._extend(history)
        if k <= 0:
            return []
        draft = self._follow(history, k)
        if not draft and self.memory is not None:
            draft = self.memory._follow(history, k)
        return draft

    def continued(self, history: Sequence[int]) -> NgramDraft:
        """The source for the next request of this conversation, whose tokens are `history`: this index,
        when `history` starts with everything it indexed, else a new one that remembers this one."""
        seen = self._seen
        if len(history) >= seen and list(history[:seen]) == list(self._history[:seen]):
            self._history = history
            return self
        self.memory = None  # one conversation back is memory enough
        return NgramDraft(self.n_min, self.n_max, memory=self)


@dataclass
class DraftControl:
    """One sequence's drafting: its source, how long its next draft may be, its counts.

    `paused_steps` counts down; in "auto" mode repeated misses start a pause that doubles
    while misses go on (floor 0: off for a while), and an accepted token ends the doubling."""

    source: DraftSource
    mode: str = "auto"
    k: int = K_START
    misses: int = 0
    pause: int = 0
    paused_steps: int = 0
    drafted: int = 0
    accepted: int = 0

    def propose(self, history: Sequence[int], room: int) -> list[int]:
        """A draft of at most `room` tokens (none while paused). The source sees every step, paused or
        not, so its index keeps up."""
        limit = min(self.k, room)
        if self.paused_steps > 0:
            self.paused_steps -= 1
            limit = 0
        return self.source.propose(history, limit)

    def update(self, drafted: int, accepted: int) -> None:
        """What became of a draft of `drafted` tokens: the first `accepted` of them were kept."""
        if drafted <= 0:
            return
        self.drafted += drafted
        self.accepted += accepted
        if accepted >= drafted:
            self.k = min(K_MAX, max(self.k, drafted) * 2)
        elif accepted * 2 < drafted:
            self.k = max(K_MIN, min(self.k, max(accepted + 1, self.k // 2)))
        if accepted:
            self.misses = 0
            self.pause = 0
            return
        self.misses += 1
        if self.mode == "auto" and self.misses >= MISSES_BEFORE_PAUSE:
            self.pause = min(PAUSE_MAX, max(2, self.pause * 2))
            self.paused_steps = self.pause
            self.misses = 0
