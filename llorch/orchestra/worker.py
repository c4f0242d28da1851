"""A worker: one loaded model, one context with N slots, and the one thread that drives it.

Callers `submit` requests and get handles back. The scheduler thread is the only
thread that ever calls into the context; each step it

1. drops cancelled requests (their slot and KV are free for the next one),
2. admits waiting requests into free slots (reusing cached prefixes, see kvcache.py)
   while the KV cache has room for them,
3. builds one batch: the next token of every request that is generating, then
   prompt chunks of requests still reading their prompt, up to n_batch tokens, so a
   long prompt never stalls the streams already running,
4. calls llama_decode once, and samples each request whose logits came out.

Speculative decoding (speculative.py): a generating request may put guessed tokens after
its last one in the same batch, with logits on each. Its sampler then samples each
position in turn and the guesses are kept up to the first it did not pick; the rest
leave its KV (`seq_rm`). Every token is still its sampler's own pick, so answers are
unchanged; models whose memory cannot drop a sequence's end (recurrent, sliding window)
never draft.

A prompt longer than one batch is read in chunks over several steps: its handle gets a
PromptProgress when it is admitted and after each chunk (never per token), with the
prompt speed this worker measured, so front ends can show it and time limits can tell
a long prompt from a hang. An admitted prompt that waits while others are read (prompts are
read one after another) gets one after each of those steps too: the worker is not hung.

A request may name the start of its prompt that every request of its kind shares (a
profile's system prompt and tools, `Request.shared_prefix`): the KV cache restores it from
disk when an earlier process saved it, and otherwise saves it once, off the answer's path
(kvcache.py: after a warming request, or when the worker closes).

Priorities (priority.py): waiting requests are a Backlog of two queues, interactive ones started
first (bulk ones are still started after a few interactive starts or a few seconds, so they never
starve). In each batch, interactive prompts are read before bulk ones, and while interactive work is
present a bulk prompt reads at most a quarter of n_batch per step; the step that reads an interactive
prompt leaves bulk work out (never two steps running). When every slot is busy and an
interactive request waits, one bulk request is paused: it gives up its slot (its KV stays cached
there until the slot is needed) and goes back to the front of the bulk queue with its tokens so far
and its sampler, to continue later where it stopped, so its answer is the one it would have given.

A full KV cache queues new work rather than failing it; if the running requests
outgrow it, the newest is set back to the queue (its KV dropped and recomputed later,
its tokens and sampler kept). Closing a worker stops the thread before the context
is freed.
"""

from __future__ import annotations

import atexit
import codecs
import logging
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llorch.engine.slots import Prepared, SlotEngine
from llorch.engine.text import StopMatcher
from llorch.engine.types import Completion, Request, Timings, TokenEvent, TokenLogprob, TopLogprob, Usage
from llorch.errors import GenerationError, InputError, LlorchError
from llorch.orchestra.base import WorkerBase
from llorch.orchestra.draftmodel import DraftModel
from llorch.orchestra.handle import Call, Handle
from llorch.orchestra.kvcache import MIN_COPY, KVCache, KVStats, Slot, common_prefix
from llorch.orchestra.priority import BULK, INTERACTIVE, Backlog, PriorityPolicy
from llorch.orchestra.speculative import BUSY, DraftControl, NgramDraft
from llorch.settings.speculative import SPECULATIVE_MODES, check_speculative, draft_model

__all__ = ["Worker", "WorkerStats", "close_live_workers"]

log = logging.getLogger("llorch.orchestra")

_live: weakref.WeakSet[Worker] = weakref.WeakSet()


@atexit.register
def close_live_workers() -> None:
    """Nothing native is freed by the interpreter's exit: stop every scheduler first (also called
    by the CLI as a command ends, for workers a Ctrl-C left unclosed)."""
    for worker in list(_live):
        worker.close()


@dataclass(frozen=True)
class WorkerStats:
    """A worker at a glance (for `llorch ps`, --stats and the TUI)."""

    model: str
    slots_busy: int
    slots_total: int
    queued: int
    kv: KVStats
    requests: int
    tokens_in: int
    tokens_out: int
    preemptions: int
    drafted: int = 0  # tokens guessed ahead (speculative decoding)
    accepted: int = 0  # of those, kept
    queued_bulk: int = 0  # of the queued, bulk requests (priority.py)
    paused: int = 0  # bulk requests that gave their slot to an interactive one (and continued later)

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0


@dataclass(eq=False)
class _Job:
    handle: Handle
    request: Request
    prepared: Prepared
    tokens: list[int]
    whole: bool = False  # cache warming: evaluate every token, sample none
    progress: bool = False  # a long prompt: report each chunk read on the handle
    save_state: bool = False
    shared: int = 0  # prompt tokens every request of its kind shares (Request.shared_prefix)
    slot: Slot | None = None
    n_past: int = 0
    reused: int = 0
    n_generated: int = 0
    prefill_tokens: int = 0
    prefill_ms: float = 0.0
    decode_tokens: int = 0
    decode_ms: float = 0.0
    admitted: float | None = None
    first_token: float | None = None
    pieces: list[str] = field(default_factory=list)
    logprobs: list[TokenLogprob] = field(default_factory=list)
    decoder: Any = None
    matcher: StopMatcher | None = None
    drafting: DraftControl | None = None  # None: this request never drafts
    paused_at: int = -1  # len(tokens) when it was last paused: not paused again before it makes progress
    due: bool = False  # bulk, started on its turn while interactive work waited: never paused

    @property
    def remaining(self) -> int:
        return len(self.tokens) - self.n_past

    def slot_seq(self) -> int | None:
        """The sequence of the slot it holds now (None while it waits)."""
        return self.slot.seq if self.slot is not None else None

    @property
    def bulk(self) -> bool:
        return self.request.priority == BULK


class Worker(WorkerBase):
    """Submit requests from any thread; one scheduler thread answers them, batched."""

    def __init__(
        self,
        engine: SlotEngine,
        *,
        name: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        disk: object | None = None,
        prefixes: object | None = None,
        speculative: str = "auto",
        draft: DraftModel | None = None,
        priority: PriorityPolicy | None = None,
    ) -> None:
        super().__init__(engine, name, "llorch-worker")
        self.engine = engine
        self.layout = engine.layout
        mode = check_speculative(speculative, f"model {self.name}")
        if (draft_model(mode) is None) != (draft is None):
            raise ValueError(f"speculative = {mode!r} with draft model {draft.name if draft else None}")
        self.speculative = "draft" if draft is not None else mode  # the worker's default for its requests
        self.draft = draft  # owned: its context is the scheduler thread's too, freed with this one's
        # Drafts are cut back out of the KV; memory that cannot drop a sequence's end (recurrent)
        # or may have let old positions go while the drafts moved the window (sliding) cannot draft.
        self.can_draft = self.layout.partial_rm and self.layout.n_swa == 0 and (draft is None or draft.can_draft)
        self.drafted = self.accepted = 0
        self._ngrams: dict[int, NgramDraft] = {}  # by slot: the n-gram index of its last request (scheduler thread)
        self._clock = clock
        self.kv = KVCache(engine, clock=clock, disk=disk, prefixes=prefixes)
        self._incoming: deque[_Job] = deque()
        self._calls: list[Call] = []
        self._waiting: Backlog[_Job] = Backlog(priority or PriorityPolicy(clock=clock))
        self._running: list[_Job] = []
        self.tokens_in = self.tokens_out = self.preemptions = self.paused = 0
        self._held = False  # the last batch left bulk work out (scheduler thread)
        self.pp_tokens_per_s = 0.0  # prompt speed as measured here (smoothed over steps); 0 until measured
        _live.add(self)  # before its thread starts: whatever happens next, it is closed at exit
        self._start()

    # --- any thread -----------------------------------------------------------

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False) -> Handle:
        """Queue `request`; its events arrive on the returned handle.

        `save_state` writes the sequence to disk when it ends (see kvdisk.py); `stamps`
        records when each token was made in `handle.token_times` (benchmarks).

        Raises (here, in the caller's thread): InputError for a bad request,
        ContextOverflowError for a prompt longer than a slot's context,
        GenerationError when the worker is closed.
        """
        if request.speculative is not None and request.speculative not in (*SPECULATIVE_MODES, "draft"):
            raise InputError(f"speculative = {request.speculative!r} must be one of {', '.join(SPECULATIVE_MODES)} "
                             "or draft")
        if request.speculative == "draft" and self.draft is None:
            raise InputError(f"{self.name} has no draft model; set speculative = \"draft:MODEL\" for it")
        with self._using():  # the model is not freed while this thread tokenizes and builds a sampler
            prepared = self.engine.prepare(request)
            shared = self._shared(request, prepared)
            handle = Handle(on_cancel=self._wake, clock=self._clock)
            if stamps:
                handle.token_times = []
            return self._enqueue(_Job(handle, request, prepared, list(prepared.tokens), save_state=save_state,
                                      shared=shared))

    def warm(self, request: Request) -> Handle:
        """Evaluate `request`'s prompt into a slot and keep it cached (e.g. a profile's system prompt):
        only its shared prefix when it names one, restored from disk when saved, else saved once read."""
        with self._using():
            prepared = self.engine.prepare(request)
            shared = self._shared(request, prepared)
            tokens = list(prepared.tokens[:shared] if shared else prepared.tokens)
            return self._enqueue(_Job(Handle(on_cancel=self._wake, clock=self._clock), request, prepared,
                                      tokens, whole=True, shared=shared))

    def _shared(self, request: Request, prepared: Prepared) -> int:
        """How many of the prompt's tokens lie within `request.shared_prefix` (0: none named).

        The prefix's own tokens are matched against the prompt's (a BOS the engine put first is
        allowed for), less the last one: text that follows it may merge with it differently."""
        if not request.shared_prefix or not request.is_chat:
            return 0
        head = self.engine.tokenize(request.shared_prefix, add_bos=False, special=True)
        tokens = prepared.tokens
        skip = 1 if head and len(tokens) > 1 and tokens[0] != head[0] and tokens[1] == head[0] else 0
        shared = common_prefix(head, tokens[skip:])
        if shared == len(head):
            shared -= 1
        return shared + skip if shared > 0 else 0

    def _enqueue(self, job: _Job) -> Handle:
        job.handle.worker = self.name
        self._post(self._incoming, job, refused=job.prepared.sampler.close)
        return job.handle

    def call(self, fn: Callable[[SlotEngine], Any]) -> Any:
        """Run `fn(engine)` on the scheduler thread once no request is running (e.g. a raw benchmark).

        The context is assumed cleared afterwards: every cached sequence is forgotten."""
        call = Call(fn)
        self._post(self._calls, call)
        return call.result()

    def stats(self) -> WorkerStats:
        with self._cond:
            queued = len(self._incoming) + len(self._waiting)
            bulk = sum(j.bulk for j in self._incoming) + self._waiting.count(BULK)
            busy = len(self._running)
        return WorkerStats(self.name, busy, self.layout.n_seq, queued, self.kv.stats(), self.requests,
                           self.tokens_in, self.tokens_out, self.preemptions, self.drafted, self.accepted,
                           bulk, self.paused)

    def _wake(self, _handle: Handle | None = None) -> None:
        with self._cond:
            self._cond.notify()

    def _free(self) -> None:
        try:
            self.engine.close()
        finally:
            if self.draft is not None:
                self.draft.close()
            _live.discard(self)

    # --- the scheduler thread ---------------------------------------------------

    def _loop(self) -> None:
        try:
            while True:
                with self._cond:
                    while not (self._closing or self._incoming or self._waiting or self._running or self._calls):
                        self._cond.wait()
                    if self._closing:
                        break
                    for job in self._incoming:
                        self._waiting.push(job, job.request.priority)
                    self._incoming.clear()
                    calls = self._calls if not self._running else []
                    if calls:
                        self._calls = []
                for call in calls:
                    try:
                        call.run(self.engine)
                    finally:
                        self.kv.reset()  # whatever it did, the cached sequences are not to be trusted
                if not self._step():
                    with self._cond:  # nothing could run: wait for a change (a finish, a cancel, new work)
                        if not (self._closing or self._incoming or self._calls or self._any_cancelled()):
                            self._cond.wait(0.05)
            self._save_prefixes()
        except BaseException as exc:  # a bug here must not leave callers waiting forever
            log.exception("the scheduler of %s stopped", self.name)
            self._fail_all(GenerationError(f"{self.name} stopped: {exc}"))
        finally:
            self._fail_all(GenerationError(f"{self.name} was closed while answering"))

    def _save_prefixes(self) -> None:
        """Closing: write the shared prefixes not saved yet, for the next process (only speed is at stake)."""
        try:
            self.kv.save_prefixes()
        except Exception:
            log.warning("%s: could not save the shared prompt prefixes", self.name, exc_info=True)

    def _any_cancelled(self) -> bool:
        return any(j.handle.cancelled for j in self._running) or any(j.handle.cancelled for j in self._waiting)

    def _fail_all(self, error: LlorchError) -> None:
        with self._cond:
            jobs = list(self._incoming) + list(self._waiting) + list(self._running)
            self._incoming.clear()
            calls, self._calls = self._calls, []
        self._waiting.clear()
        self._running.clear()
        for job in jobs:
            if not job.handle.done:
                job.prepared.sampler.close()
                job.handle.fail(error)
        for call in calls:
            call.fail(error)

    def _step(self) -> bool:
        """One scheduling step. Returns False when there was nothing it could decode."""
        for job in [j for j in self._running if j.handle.cancelled]:
            self._finish(job, "cancelled")
        for job in [j for j in self._waiting if j.handle.cancelled]:
            with self._cond:  # stats() reads the backlog from other threads
                self._waiting.remove(job)
            self._finish(job, "cancelled")
        self._admit()
        entries, plan = self._batch()
        if not entries:
            return False
        start = self._clock()
        rc = self.engine.decode(entries)
        if rc == 1:
            return self._no_room(plan)
        if rc != 0:
            self._decode_failed(plan, rc)
            return True
        elapsed = (self._clock() - start) * 1000.0
        self._measure(sum(n for job, n, _, _ in plan if job.first_token is None), elapsed)
        for job, n, index, draft in plan:
            assert job.slot is not None
            if draft:
                assert index is not None
                self._verify(job, index, draft, elapsed)
                continue
            self.kv.appended(job.slot, job.tokens[job.n_past : job.n_past + n])
            prefill = job.first_token is None
            job.n_past += n
            self.tokens_in += n if prefill else 0
            if prefill:
                job.prefill_tokens += n
                job.prefill_ms += elapsed
                if job.progress:
                    self._report(job)  # before the first token, which this chunk's logits may give
            else:
                job.decode_tokens += n
                job.decode_ms += elapsed
            if job.whole and job.remaining == 0:
                self._finish(job, "stop")
            elif index is not None:
                if job.prepared.max_new <= 0:
                    self._finish(job, "length")
                else:
                    self._take(job, self.engine.sample(job.prepared.sampler, index), index)
        # A prompt this step did not read waits behind others' (read one after another): the step is
        # its life too, or its first-token limit would count the others' reading against it (four parts
        # of a long document on the 1.5B: the fourth timed out at 123 of 2,927 tokens).
        fed = {id(entry[0]) for entry in plan}
        for job in self._running:
            if job.first_token is None and not job.whole and id(job) not in fed:
                job.progress = True
                self._report(job)
        return True

    def _admit(self) -> None:
        held: list[_Job] = []
        try:
            self._admit_waiting(held)
        finally:
            for job in reversed(held):  # they keep their place in the queue
                self._waiting.push(job, job.request.priority, front=True)

    def _admit_waiting(self, held: list[_Job]) -> None:
        while self._waiting:
            found = self._waiting.next()
            assert found is not None
            job, priority = found
            if all(slot.busy for slot in self.kv.slots):
                # Every slot is busy: no prompt comparisons on each step while a queue waits, unless an
                # interactive request is next and a bulk one can give it its slot.
                if priority != INTERACTIVE or self._prefix_pending(job) or not self._pause_one():
                    return
            if self._prefix_pending(job):
                self._waiting.take(job, started=False)
                held.append(job)
                continue
            placement = self.kv.place(job.tokens, whole=job.whole)
            if placement is None:
                return  # every slot is busy
            need = len(job.tokens) - placement.reused + len(self._running) + 1
            if self.layout.unified and self.kv.free() < need:
                if not self.kv.make_room(need, keep=[placement.slot] + [j.slot for j in self._running if j.slot]):
                    self.kv.release(placement.slot)  # the cache is full: wait for a running request to end
                    return
            job.due = priority == BULK and self._waiting.count(INTERACTIVE) > 0
            self._waiting.take(job)
            first = job.decoder is None  # else it was paused or set back, and continues here
            job.slot = placement.slot
            job.n_past = placement.reused
            if first:
                job.reused = placement.reused
            if job.shared:
                self.kv.note_prefix(placement.slot, job.tokens[: job.shared])
            job.admitted = self._clock()
            job.handle.slot = placement.slot.seq
            if first:
                job.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
                job.matcher = StopMatcher(job.prepared.stops)
                mode = job.request.speculative or self.speculative
                if mode == "draft" and self.draft is not None and self.can_draft and not job.whole:
                    # Paused like "auto" where drafts miss; the slot it drafts on is the job's at the time.
                    job.drafting = DraftControl(self.draft.source(job.slot_seq))
                elif mode in ("auto", "ngram") and self.can_draft and not job.whole:
                    # The slot's last n-grams: most often the same conversation's (it holds its KV).
                    last = self._ngrams.pop(placement.slot.seq, None)
                    job.drafting = DraftControl(last.continued(job.tokens) if last else NgramDraft(), mode)
            self._running.append(job)
            self.requests += first
            if job.whole and job.remaining == 0:
                self._finish(job, "stop")
            elif not job.whole and job.first_token is None and job.remaining > self.layout.n_batch:
                job.progress = True  # read over several steps: say so now, and after each chunk
                self._report(job)

    def _pause_one(self) -> bool:
        """Every slot is busy and an interactive request is next: pause the bulk request that started
        last. Not while waiting bulk work is due its turn, nor one that started on its turn, nor one
        that made no progress since it was last paused: aging keeps its promise. Returns whether a
        slot was freed."""
        if self._waiting.count(BULK) and self._waiting.policy.bulk_due():
            return False
        bulk = [j for j in self._running if j.bulk and not j.whole and not j.due and j.paused_at != len(j.tokens)]
        if not bulk:
            return False
        job = max(bulk, key=lambda j: j.admitted or 0.0)
        log.debug("%s: request %d (bulk) gives its slot to an interactive request and continues later",
                  self.name, job.handle.id)
        job.paused_at = len(job.tokens)
        self._set_back(job)
        self.paused += 1
        return True

    def _set_back(self, job: _Job, *, drop: bool = False) -> None:
        """Take `job` off its slot and put it first in its queue, its tokens and sampler kept: it goes
        on from its last token when it is admitted again. Its KV stays cached in the slot (reused
        then, unless another request took the slot meanwhile), unless `drop` (the cache is full)."""
        assert job.slot is not None
        if drop:
            self.kv.drop(job.slot)
        self.kv.release(job.slot)
        job.slot = None
        job.n_past = 0
        self._running.remove(job)
        self._waiting.push(job, job.request.priority, front=True)

    def _measure(self, tokens: int, ms: float) -> None:
        """Fold one step's prompt speed into `pp_tokens_per_s` (batches of a few tokens say little)."""
        if tokens < 16 or ms <= 0:
            return
        rate = tokens / (ms / 1000.0)
        self.pp_tokens_per_s = rate if not self.pp_tokens_per_s else 0.7 * self.pp_tokens_per_s + 0.3 * rate

    def _report(self, job: _Job) -> None:
        """The job's prompt progress on its handle, at the speed this request saw (else the worker's)."""
        total = len(job.prepared.tokens)
        seen = job.prefill_tokens / (job.prefill_ms / 1000.0) if job.prefill_ms > 0 else 0.0
        job.handle.progress(min(job.n_past, total), total, seen or self.pp_tokens_per_s)

    def _prefix_pending(self, job: _Job) -> bool:
        """Whether a running request is still reading a prompt that starts like `job`'s: `job` then
        waits until it can copy that prefix (N answers to one prompt, or a system prompt being
        warmed, evaluate it once). An interactive request does not wait for a bulk one (whose prompt
        reads slowly beside it): it copies what is read and reads the rest itself."""
        if job.whole or not self.layout.partial_rm:
            return False
        for other in self._running:
            if other.bulk and not job.bulk:
                continue
            prompt = len(other.prepared.tokens)
            if other.first_token is not None or other.n_past >= prompt - 1:
                continue
            shared = min(common_prefix(job.tokens, other.tokens[:prompt]), len(job.tokens) - 1)
            if shared >= MIN_COPY and other.n_past < shared:
                return True
        return False

    def _batch(self) -> tuple[list[tuple[int, int, int, bool]], list[tuple[_Job, int, int | None, list[int]]]]:
        """This step's tokens: the next token of every generating request (with its draft, if it
        has one), then prompt chunks, up to n_batch; ordered by sequence id (see below). Returns
        the entries and, per request, how many tokens it feeds, the batch index of its logits
        (if it samples) and its draft (logits follow at the next indices)."""
        budget = self.layout.n_batch
        plan: list[tuple[_Job, int]] = []
        generating = [j for j in self._running if j.remaining == 1 and not j.whole]
        # Interactive prompts are read first; while interactive work is present, a bulk prompt reads
        # at most a quarter of the batch per step (all of them together), so an interactive answer is
        # not held up behind them.
        reading = sorted((j for j in self._running if j.remaining > 1 or (j.whole and j.remaining > 0)),
                         key=lambda j: j.bulk)
        interactive = any(not j.bulk for j in self._running) or self._waiting.count(INTERACTIVE) > 0
        bulk_share = max(1, budget // 4) if interactive else budget
        # The step that reads an interactive prompt leaves bulk work out altogether, so the first token
        # comes as fast as on an idle worker (on a CPU, a few more rows cost a step a good share more);
        # never two steps running, so bulk work goes on under a stream of interactive prompts.
        hold = not self._held and any(not j.bulk and not j.whole and j.first_token is None for j in reading)
        if hold:
            generating = [j for j in generating if not j.bulk]
            reading = [j for j in reading if not j.bulk]
        drafts = self._drafts(generating)
        used = 0
        for job in generating + reading:
            if used >= budget:
                break
            n = min(job.remaining, budget - used)
            if job.bulk and job.remaining > 1:
                n = min(n, bulk_share)
                if n <= 0:
                    continue
                bulk_share -= n
            plan.append((job, n))
            used += n
            if job in drafts:
                drafts[job] = drafts[job][: budget - used]
                used += len(drafts[job])
        extra = sum(len(d) for d in drafts.values())
        if extra and self.layout.unified and self.kv.free() < used:
            drafts.clear()  # drafts never evict a cached prefix or hold a prompt back
            used -= extra
        # Room in the KV cache for this batch: evict idle sequences, then read less
        # prompt, then set the newest request back to the queue.
        while self.layout.unified and self.kv.free() < used and not self.kv.make_room(
            used, keep=[j.slot for j in self._running if j.slot]
        ):
            job, n = plan[-1]
            over = used - self.kv.free()
            if job.first_token is None and n > over:
                plan[-1] = (job, n - over)
                used -= over
            elif len(self._running) > 1:
                self._preempt(self._newest())
                return self._batch()
            else:
                break  # one request alone: it fits by construction (prompt + answer <= a slot's context)
        self._held = hold
        # With a buffer per slot, llama.cpp puts into one micro-batch only sequences whose
        # ids follow each other in the batch (0, 1, 2, ...): in any other order each
        # sequence is computed on its own, several times slower for a step of decodes.
        plan.sort(key=lambda p: p[0].slot.seq)  # type: ignore[union-attr]
        entries: list[tuple[int, int, int, bool]] = []
        out: list[tuple[_Job, int, int | None, list[int]]] = []
        for job, n in plan:
            seq = job.slot.seq  # type: ignore[union-attr]
            for i in range(n):
                entries.append((job.tokens[job.n_past + i], job.n_past + i, seq, False))
            index = None
            if job.remaining == n and not job.whole:
                index = len(entries) - 1
                token, p, seq, _logits = entries[index]
                entries[index] = (token, p, seq, True)
            draft = drafts.get(job, [])
            for i, token in enumerate(draft):
                entries.append((token, job.n_past + n + i, seq, True))
            out.append((job, n, index, draft))
        return entries, out

    def _drafts(self, generating: list[_Job]) -> dict[_Job, list[int]]:
        """Each generating request's guess at its next tokens (speculative.py), where it drafts.

        In "auto" mode nobody drafts while more than BUSY requests generate: the batch is then
        busy enough that extra rows cost more than they save (llama.cpp measured prompt lookup
        at 1.10x with one slot and 0.77x with eight)."""
        busy = len(generating) > BUSY
        out: dict[_Job, list[int]] = {}
        for job in generating:
            control = job.drafting
            if control is None or job.first_token is None:  # the prompt's last token: no answer to go on yet
                continue
            # Room: the tokens the answer may still take after this step's sure one, and the slot's cells.
            room = min(job.prepared.max_new - job.n_generated - 1, self.layout.n_ctx_seq - job.n_past - 1)
            if busy and control.mode == "auto":
                room = 0
            start = self._clock()
            draft = control.propose(job.tokens, room)
            job.decode_ms += (self._clock() - start) * 1000.0  # a draft model's time is the answer's decode time
            if draft:
                out[job] = draft
        return out

    def _preempt(self, job: _Job) -> None:
        """Set `job` back to the front of the queue: its KV is dropped, its tokens and sampler kept."""
        log.debug("%s: the KV cache is full; request %d waits for room (its %d tokens will be evaluated again)",
                  self.name, job.handle.id, len(job.tokens))
        self._set_back(job, drop=True)
        self.preemptions += 1

    def _newest(self) -> _Job:
        """The request to set back when the cache is full: the newest bulk one, else the newest."""
        return max(self._running, key=lambda j: (j.bulk, j.admitted or 0.0))

    def _no_room(self, plan: list[tuple[_Job, int, int | None, list[int]]]) -> bool:
        """llama_decode found no KV slot although our count said there was room: free what we can."""
        log.debug("%s: llama_decode found no room for %d tokens", self.name, sum(n + len(d) for _, n, _, d in plan))
        idle = [s for s in self.kv.slots if not s.busy and s.tokens]
        for slot in idle:
            self.kv.drop(slot)
        if idle:
            return True
        if len(self._running) > 1:
            self._preempt(self._newest())
            return True
        job = plan[0][0]
        self._finish(job, "context")
        return True

    def _decode_failed(self, plan: list[tuple[_Job, int, int | None, list[int]]], rc: int) -> None:
        error = GenerationError(f"llama.cpp failed while answering (llama_decode returned {rc})")
        for job, _, _, _ in plan:
            if job.slot is not None:
                self.kv.drop(job.slot)
            self._finish(job, "error", error)

    def _verify(self, job: _Job, index: int, draft: list[int], elapsed: float) -> None:
        """Sample the positions of `job`'s last token and its draft in turn, keep the draft up to the
        first token its sampler did not pick, and cut the rest out of its KV.

        Each sample is what the sampler would have drawn without a draft: the logits at a draft
        position saw exactly the tokens sampled before it, and the sampler is called once per
        answer token, in order, so its grammar, penalties and random stream advance as they
        would have. Every token sampled is the answer's."""
        assert job.slot is not None and job.drafting is not None
        sampler, seq = job.prepared.sampler, job.slot.seq
        tokens: list[int] = []
        for i in range(len(draft) + 1):
            token = self.engine.sample(sampler, index + i)
            tokens.append(token)
            if i == len(draft) or token != draft[i] or (not job.prepared.ignore_eos and self.engine.is_eog(token)):
                break
        kept = next((i for i, (a, b) in enumerate(zip(tokens, draft)) if a != b), min(len(tokens), len(draft)))
        start = job.n_past + 1
        if kept < len(draft) and not self.engine.seq_rm(seq, start + kept, -1):
            # Cannot happen where can_draft holds; should it, the sequence is recomputed from its tokens.
            log.warning("%s: sequence %d could not drop its rejected draft; its KV is evaluated again", self.name, seq)
            self.kv.drop(job.slot)
            job.n_past = 0
            kept = -1
        else:
            self.kv.appended(job.slot, [job.tokens[job.n_past], *draft[:kept]])
            job.n_past = start + kept
        self.drafted += len(draft)
        self.accepted += max(kept, 0)
        job.drafting.update(len(draft), max(kept, 0))
        job.decode_tokens += len(tokens)
        job.decode_ms += elapsed
        for i, token in enumerate(tokens):
            if not self._take(job, token, index + i):
                return
        if kept < 0:
            return
        assert job.remaining == 1, "the last sampled token is the only one the KV lacks"

    def _take(self, job: _Job, token: int, index: int) -> bool:
        """`token`, sampled for `job` at batch index `index`: stream it or finish. False once finished."""
        now = self._clock()
        if job.first_token is None:
            job.first_token = now
        if not job.prepared.ignore_eos and self.engine.is_eog(token):
            self._finish(job, "stop")
            return False
        assert job.matcher is not None
        raw = self.engine.piece(token)
        piece = job.decoder.decode(raw)
        text = job.matcher.feed(piece)
        job.n_generated += 1
        self.tokens_out += 1
        if text:
            job.pieces.append(text)
        scored = self._scored(job, index, token, piece, raw) if job.request.logprobs else None
        if scored is not None:
            job.logprobs.append(scored)
        if job.handle.token_times is not None:
            job.handle.token_times.append(now)
        job.handle.put(TokenEvent(text=text, token_id=token, logprob=scored.logprob if scored else None,
                                  token_logprob=scored))
        sampling = job.request.sampling
        if job.matcher.stopped:
            self._finish(job, "stop")
        elif job.n_generated >= job.prepared.max_new:
            self._finish(job, "length" if job.n_generated >= sampling.max_tokens else "context")
        elif job.handle.cancelled:
            self._finish(job, "cancelled")
        else:
            job.tokens.append(token)
            return True
        return False

    def _scored(self, job: _Job, index: int, token: int, piece: str, raw: bytes) -> TokenLogprob:
        """The token's log-probability and entropy, and the top alternatives asked for (numpy over one
        row of logits, only for requests that ask)."""
        logprob, entropy, best = self.engine.token_logprobs(index, token, job.request.top_logprobs)
        top = tuple(self._alternative(alt, lp) for alt, lp in best)
        return TokenLogprob(piece, token, logprob, entropy, top, raw)

    def _alternative(self, token: int, logprob: float) -> TopLogprob:
        """A likely token at a position, named by its bytes (or, for a control token, its name)."""
        raw = self.engine.piece(token) or self.engine.token_text(token).encode("utf-8")
        return TopLogprob(raw.decode("utf-8", errors="replace"), token, logprob, raw)

    def _finish(self, job: _Job, reason: str, error: LlorchError | None = None) -> None:
        now = self._clock()
        if job in self._running:
            self._running.remove(job)
        if job.slot is not None:
            self.kv.release(job.slot)
            if job.save_state and reason in ("stop", "length"):
                self.kv.save(job.slot, len(job.prepared.tokens))
            if job.whole and reason == "stop":
                self.kv.save_prefix(job.slot)  # a warmed prefix, read and not yet on disk: no answer waits
        job.prepared.sampler.close()
        if job.slot is not None and job.drafting is not None and isinstance(job.drafting.source, NgramDraft):
            self._ngrams[job.slot.seq] = job.drafting.source
        if error is not None:
            job.handle.fail(error)
            return
        if job.matcher is not None and not job.matcher.stopped and job.decoder is not None:
            tail = job.matcher.feed(job.decoder.decode(b"", final=True)) + job.matcher.flush()
            if tail:
                job.pieces.append(tail)
                job.handle.put(TokenEvent(text=tail, token_id=-1))
        submitted = job.handle.submitted
        admitted = job.admitted if job.admitted is not None else now
        timings = Timings(
            load_ms=self.info().load_ms,
            prompt_eval_ms=job.prefill_ms,
            prompt_eval_tokens=job.prefill_tokens,
            eval_ms=job.decode_ms,
            eval_tokens=job.decode_tokens,
            ttft_ms=((job.first_token or now) - submitted) * 1000.0,
            total_ms=(now - submitted) * 1000.0,
            queued_ms=(admitted - submitted) * 1000.0,
            draft_tokens=job.drafting.drafted if job.drafting else 0,
            draft_accepted=job.drafting.accepted if job.drafting else 0,
        )
        job.handle.put(
            Completion(
                text="".join(job.pieces),
                finish_reason=reason,  # type: ignore[arg-type]
                usage=Usage(prompt_tokens=len(job.prepared.tokens), completion_tokens=job.n_generated, cached_tokens=job.reused),
                timings=timings,
                model=self.name,
                seed=job.prepared.seed,
                logprobs=tuple(job.logprobs) if job.request.logprobs else None,
                stop=job.matcher.stopped_by if job.matcher is not None else None,
            )
        )
        job.handle.finish()
