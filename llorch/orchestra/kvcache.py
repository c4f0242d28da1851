"""The KV cache manager of one worker: which slot a prompt goes to, and what it can reuse.

Each slot is one llama.cpp sequence. A finished request leaves its tokens in its slot,
so a later prompt that starts the same way (the same system prompt, the same
conversation) evaluates only what is new. The manager:

- picks the slot whose cached tokens share the longest prefix with the prompt, or
  copies a longer prefix from another slot (`llama_memory_seq_cp`: with a unified KV
  cache the cells are shared, not duplicated; otherwise the sequence's buffer is
  copied and cut) — a system prompt is evaluated once;
- restores a sequence saved to disk by an earlier process (see kvdisk.py): a conversation,
  or the prefix every request of a profile shares (its system prompt and tool
  instructions), which it saves once — when a warming request has evaluated exactly
  that prefix, else when the worker closes (the sequence is cut back to the prefix
  then, when nothing needs the rest any more), so no answer waits for the write;
- keeps an exact count of the cells in use (shared cells once) so that work is
  queued, never failed, when the cache is full, and evicts idle sequences, least
  recently used first, when cells are needed;
- falls back to evaluating the whole prompt when llama.cpp cannot keep part of a
  sequence (recurrent memory) or has dropped old positions (sliding-window layers).

Called only from the worker's scheduler thread.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from llorch.engine.slots import SlotEngine

if TYPE_CHECKING:
    from llorch.orchestra.kvdisk import SeqStateStore

__all__ = ["KVCache", "KVStats", "Placement", "Slot", "common_prefix"]

log = logging.getLogger("llorch.orchestra")

MIN_COPY = 16  # a copied prefix must save at least this many tokens over the slot's own


def common_prefix(a: list[int] | tuple[int, ...], b: list[int] | tuple[int, ...]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


@dataclass(eq=False)
class Slot:
    """One sequence of the context: the tokens its KV holds (positions 0..n-1)."""

    seq: int
    tokens: list[int] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # our mirror of its KV cells (shared ones by id)
    busy: bool = False
    last_used: float = 0.0
    unsaved: tuple[int, ...] = ()  # a shared prefix its KV holds that is not on disk yet (saved at close)


@dataclass(frozen=True)
class Placement:
    slot: Slot
    reused: int  # prompt tokens already in the slot's KV
    how: str  # "cold", "own", "copy" or "disk"
    source: int | None = None


@dataclass(frozen=True)
class KVStats:
    cells_used: int
    cells_total: int
    prompted: int
    reused: int
    evictions: int
    copies: int
    disk_hits: int
    full_reevals: int
    restored: int = 0  # prompt tokens restored from states saved on disk
    restored_prefix: int = 0  # of those, from saved shared prefixes (a profile's system prompt and tools)

    @property
    def hit_rate(self) -> float:
        """Prompt tokens served from the cache, over prompt tokens asked for."""
        return self.reused / self.prompted if self.prompted else 0.0


class KVCache:
    def __init__(
        self,
        engine: SlotEngine,
        *,
        clock: Callable[[], float],
        disk: object | None = None,
        prefixes: object | None = None,
    ) -> None:
        from llorch.orchestra.kvdisk import SeqStateStore

        self.engine = engine
        self.layout = engine.layout
        self.slots = [Slot(i) for i in range(self.layout.n_seq)]
        self._clock = clock
        self._disk: SeqStateStore | None = disk if isinstance(disk, SeqStateStore) else None
        self._prefixes: SeqStateStore | None = prefixes if isinstance(prefixes, SeqStateStore) else None
        self._on_disk: set[tuple[int, ...]] = set()  # shared prefixes known to be saved
        self._refs: dict[int, int] = {}
        self._ids = itertools.count()
        self.prompted = self.reused = self.evictions = self.copies = self.disk_hits = self.full_reevals = 0
        self.restored = self.restored_prefix = 0

    # --- accounting -------------------------------------------------------------

    def used(self) -> int:
        if self.layout.unified:
            return len(self._refs)
        return sum(len(s.tokens) for s in self.slots)

    def free(self) -> int:
        """Cells free for new tokens (unified: shared by all slots)."""
        return self.layout.n_ctx - self.used()

    def stats(self) -> KVStats:
        return KVStats(self.used(), self.layout.n_ctx, self.prompted, self.reused, self.evictions, self.copies,
                       self.disk_hits, self.full_reevals, self.restored, self.restored_prefix)

    def _extend(self, slot: Slot, tokens: Iterable[int]) -> None:
        for token in tokens:
            cell = next(self._ids)
            self._refs[cell] = 1
            slot.cells.append(cell)
            slot.tokens.append(token)

    def _cut(self, slot: Slot, n: int) -> None:
        for cell in slot.cells[n:]:
            left = self._refs[cell] - 1
            if left:
                self._refs[cell] = left
            else:
                del self._refs[cell]
        del slot.cells[n:]
        del slot.tokens[n:]

    def _share(self, src: Slot, dst: Slot, n: int) -> None:
        for cell in src.cells[:n]:
            self._refs[cell] += 1
        dst.cells = src.cells[:n]
        dst.tokens = src.tokens[:n]

    # --- the scheduler's calls ------------------------------------------------------

    def appended(self, slot: Slot, tokens: Iterable[int]) -> None:
        """Tokens a decode just put into `slot`'s sequence."""
        self._extend(slot, tokens)

    def release(self, slot: Slot) -> None:
        """The request in `slot` is done; its tokens stay cached for the next prompt."""
        slot.busy = False
        slot.last_used = self._clock()

    def drop(self, slot: Slot) -> None:
        """Forget everything `slot` holds."""
        if slot.tokens or slot.cells:
            self._rescue(slot, 0)
            self.engine.seq_rm(slot.seq, 0, -1)
            self._cut(slot, 0)

    def make_room(self, cells: int, keep: Iterable[Slot] = ()) -> bool:
        """Evict idle cached sequences, least recently used first, until `cells` are free."""
        if not self.layout.unified:
            return True
        kept = {s.seq for s in keep}
        for slot in sorted((s for s in self.slots if not s.busy and s.tokens and s.seq not in kept), key=lambda s: s.last_used):
            if self.free() >= cells:
                break
            log.debug("evicting the idle sequence %d (%d tokens) to free KV cells", slot.seq, len(slot.tokens))
            self.drop(slot)
            self.evictions += 1
        return self.free() >= cells

    def place(self, tokens: list[int], *, whole: bool = False) -> Placement | None:
        """Pick a free slot for `tokens` and make its sequence hold the longest usable prefix.

        At least one token is always left to evaluate (its logits start the answer),
        unless `whole` (cache warming), which may reuse all of them. None: every slot is busy.
        """
        idle = [s for s in self.slots if not s.busy]
        if not idle:
            return None
        limit = len(tokens) if whole else len(tokens) - 1
        own = {s.seq: min(common_prefix(s.tokens, tokens), limit) for s in self.slots}
        best = max(idle, key=lambda s: (own[s.seq], -len(s.tokens)))
        empty = [s for s in idle if not s.tokens]
        # The lowest free sequence id, so running sequences stay numbered 0, 1, 2, ...
        # (llama.cpp batches separate per-slot buffers together only in that order).
        spare = empty[0] if empty else min(idle, key=lambda s: (s.last_used, s.seq))
        placement: Placement | None = None
        if self.layout.partial_rm:
            source = max(self.slots, key=lambda s: own[s.seq])
            gain = own[source.seq]
            # Copy a longer prefix from any slot (busy ones too); or, rather than cut an
            # idle slot's longer cache down to the shared part, copy that part into an empty slot.
            if gain >= own[best.seq] + MIN_COPY or (empty and own[best.seq] >= MIN_COPY and own[best.seq] < len(best.tokens)):
                if gain < own[best.seq] + MIN_COPY:
                    source, gain = best, own[best.seq]
                target = spare if spare is not source else next((s for s in idle if s is not source), None)
                if target is not None:
                    placement = self._copy(source, target, gain)
        if placement is None:
            # A short shared start (a BOS token, a word) is not worth another cache: take a spare slot.
            target = best if own[best.seq] >= min(MIN_COPY, limit) and own[best.seq] > 0 else spare
            placement = self._keep(target, own[target.seq])
        placement = self._from_disk(placement, tokens, limit)
        placement.slot.busy = True
        self.prompted += len(tokens)
        self.reused += placement.reused
        return placement

    def _keep(self, slot: Slot, n: int) -> Placement:
        if n == 0:
            self.drop(slot)
            return Placement(slot, 0, "cold")
        if n < len(slot.tokens):
            self._rescue(slot, n)
        if n < len(slot.tokens):
            if not self.engine.seq_rm(slot.seq, n, -1):
                return self._reevaluate(slot, "its memory cannot drop part of a sequence (recurrent model)")
            self._cut(slot, n)
        if not self._usable(slot, n):
            return self._reevaluate(slot, "the sliding-window layers no longer hold the positions it needs")
        return Placement(slot, n, "own")

    def _copy(self, source: Slot, target: Slot, n: int) -> Placement:
        self.drop(target)
        if self.layout.unified:
            self.engine.seq_cp(source.seq, target.seq, 0, n)  # the cells are shared, not copied
            self._share(source, target, n)
        else:
            # Each slot has its own buffer: llama.cpp copies only whole sequences across
            # them (a memory copy, far cheaper than evaluating the prefix), then the copy is cut.
            self.engine.seq_cp(source.seq, target.seq, -1, -1)
            if not self.engine.seq_rm(target.seq, n, -1):
                return self._reevaluate(target, "its memory cannot drop part of a sequence")
            self._extend(target, source.tokens[:n])
        if not self._usable(target, n):
            return self._reevaluate(target, "the sliding-window layers of the copied sequence no longer hold its start")
        self.copies += 1
        log.debug("sequence %d: copied a %d-token prefix from sequence %d", target.seq, n, source.seq)
        return Placement(target, n, "copy", source.seq)

    def _reevaluate(self, slot: Slot, why: str) -> Placement:
        log.debug("sequence %d: cannot reuse its cached prefix (%s); evaluating the whole prompt again", slot.seq, why)
        self.full_reevals += 1
        self.drop(slot)
        return Placement(slot, 0, "cold")

    def _usable(self, slot: Slot, n: int) -> bool:
        """Whether the sequence can continue at position n: sliding-window layers must still hold
        the window before it, and nothing before position 0 may be missing."""
        if n == 0:
            return True
        low = self.engine.seq_pos_min(slot.seq)
        if low < 0:
            return False
        n_swa = self.layout.n_swa
        return low <= max(0, n - n_swa) if n_swa > 0 else low == 0

    def _from_disk(self, placement: Placement, tokens: list[int], limit: int) -> Placement:
        """Restore a saved sequence (a conversation, or a shared prefix) when it holds more of the
        prompt than the slot does."""
        stores = [s for s in (self._prefixes, self._disk) if s is not None]
        if not stores or limit - placement.reused < min(s.min_tokens for s in stores):
            return placement
        found: tuple[SeqStateStore, Path, int] | None = None
        for store in stores:
            hit = store.lookup(tokens)
            if hit is not None and (found is None or hit[1] > found[2]):
                found = (store, *hit)
        if found is None or found[2] < placement.reused + MIN_COPY:
            return placement
        store, path, shared = found
        slot = placement.slot
        self.drop(slot)
        if not self.make_room(shared, keep=[slot]):
            return Placement(slot, 0, "cold")
        try:
            loaded = self.engine.load_seq(slot.seq, path, self.layout.n_ctx_seq)
        except OSError as exc:  # removed meanwhile (another process pruned it): only speed is lost
            log.debug("could not read the saved state %s: %s", path.name, exc)
            loaded = None
        if loaded is None or common_prefix(loaded, tokens) < shared:
            log.info("the saved state %s could not be restored; evaluating the prompt", path.name)
            self.engine.seq_rm(slot.seq, 0, -1)
            if loaded is None and store is self._prefixes:  # it fits any context its prompts fit: it is damaged
                store.forget(path)
            return Placement(slot, 0, "cold")
        self._extend(slot, loaded)
        restored = self._keep(slot, min(common_prefix(loaded, tokens), limit))
        if restored.reused:
            self.disk_hits += 1
            self.restored += restored.reused
            if store is self._prefixes:
                self.restored_prefix += restored.reused
                self._on_disk.add(tuple(loaded))
            log.info("sequence %d: restored %d prompt tokens from %s %s", slot.seq, restored.reused,
                     "the saved prefix" if store is self._prefixes else "the saved conversation", path.name)
            return Placement(slot, restored.reused, "disk")
        return restored

    def save(self, slot: Slot, prompt_len: int = 0) -> None:
        """Write `slot`'s sequence to disk for a later process (when a disk store is set)."""
        if self._disk is not None and len(slot.tokens) >= self._disk.min_tokens:
            self._disk.save(self.engine, slot.seq, list(slot.tokens), marks_at=(prompt_len,))

    # --- shared prefixes ------------------------------------------------------------

    def note_prefix(self, slot: Slot, prefix: list[int]) -> None:
        """`slot`'s request starts with `prefix`, which every request of its kind shares: unless it is
        on disk already (or another slot will save it), the slot saves it later (`save_prefix`)."""
        store = self._prefixes
        key = tuple(prefix)
        if store is None or len(key) < store.min_tokens:
            return
        n = len(key)
        if any(k[:n] == key for k in self._on_disk) or any(s.unsaved[:n] == key for s in self.slots):
            return  # on disk, or to be, within a longer prefix (a tool profile's, holding its system prompt)
        if store.has(prefix):
            self._on_disk.add(key)
            return
        slot.unsaved = key

    def save_prefix(self, slot: Slot, *, cut: bool = False) -> None:
        """Write the shared prefix `slot` holds and has not saved. Only when the sequence is exactly
        that prefix, unless `cut` (the worker is closing: its later tokens are no longer needed)."""
        store, key = self._prefixes, slot.unsaved
        if store is None or not key:
            return
        n = len(key)
        if tuple(slot.tokens[:n]) != key:  # the slot went on to other work: a later request saves it
            slot.unsaved = ()
            return
        if len(slot.tokens) > n:
            if not cut:
                return
            if not self.engine.seq_rm(slot.seq, n, -1):
                slot.unsaved = ()
                return
            self._cut(slot, n)
        slot.unsaved = ()
        if not self._usable(slot, n):
            return
        saved = store.saved
        store.save(self.engine, slot.seq, list(key))
        if store.saved > saved:
            self._on_disk.add(key)
            log.info("saved the %d-token shared prompt prefix for later processes", n)

    def _rescue(self, slot: Slot, n: int) -> None:
        """`slot` is about to keep only its first `n` tokens: a shared prefix it holds, has not saved,
        and that the cut reaches into is written first. Otherwise the next request of another kind
        takes it before the worker closes (a tool profile's answer read without the tools'
        instructions left only the system prompt to save, and every process read the tools again)."""
        if slot.unsaved and n < len(slot.unsaved):
            self.save_prefix(slot, cut=True)

    def save_prefixes(self) -> None:
        """The worker is closing: write each shared prefix still unsaved (cutting what follows it)."""
        for slot in self.slots:
            if slot.unsaved:
                self.save_prefix(slot, cut=True)

    def reset(self) -> None:
        """Forget every slot's tokens (after something cleared the whole context)."""
        for slot in self.slots:
            self._cut(slot, 0)
            slot.unsaved = ()
