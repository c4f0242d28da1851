"""Input longer than the context: refuse it, keep what fits, or read it in parts (map, then combine).

`condense` turns a request and its documents into one prompt that fits the model's context:

- it fits already: the request and the documents, joined as `llorch run` always joined them;
- refuse: a ContextOverflowError that says how long it is and what to do (`--long summarise`);
- truncate: the request and the start of the documents that fits, and a Notice of how much was cut;
- summarise: the documents split on paragraph boundaries (chat/split.py) into chunks that fit
  beside the request and room for an answer, and of at most PART_TOKENS; the request answered
  on every chunk at once (the worker batches them; the request comes FIRST in each prompt, so
  the chunks share it as a prefix in the KV cache, and again after the chunk, where a small
  model reads it last). A request that asks more than one thing ("…, then list every code") is asked
  again of each part, each later thing alone (longprompts.further); what those answers give (lines with numbers)
  is read beside the notes in the last prompt, a section for each thing that asks for numbers
  (longanswers.clause_sections), and the notes and their combinations answer the rest of the request
  (longprompts.rest_of_request: "Summarise it"). Then the partial answers, in document order, combined. While they
  do not fit one prompt together, or are more than COMBINE_AT_ONCE (less the sections), groups of them are combined
  first (a level more each time).
  A partial answer cut off by its token limit ends at its last whole sentence or line (`longanswers.ended`, the
  runtime); it loses the prompts' labels, the lines it repeats, and the sentences whose numbers its
  prompt does not give, gives of something else, or that count (tools/grounding.stated_numbers): passed
  on, they would read as facts at every level. A line with numbers that a combination left out is put
  back after it while there is room (longanswers.carried).
  The prompt returned is the last combination's: the caller streams its answer as any other, less the
  lines that copy a label (longanswers.Unlabelled), then adds `longanswers.postscript(prompt, answer)`: the
  sections' lines under their things, and the sentences of the answers combined whose numbers it left out.

The model is asked through `answer(prompt, cancel, most)` (the runtime's one-shot path), so breakers,
time limits and fallback apply to every part. Closing the generator (Ctrl-C) cancels every part
still being answered; so does a `Stop` cancelled from another thread (a chat's Escape) while the
generator is driven by `stoppable`.

This module holds the policies, the budgets, the levels of combining and the answering of the parts at once; the
prompts' words are longprompts.py's, and what is kept of the answers is longanswers.py's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from llorch.chat.events import Notice
from llorch.chat.longanswers import carried, clause_sections, part_note, stated_answer, without
from llorch.chat.longprompts import asking, combine_prompt, further, part_prompt, rest_of_request, section_label
from llorch.chat.split import split_text
from llorch.engine.text import MAX_BYTES_PER_TOKEN
from llorch.errors import ContextOverflowError, LlorchError
from llorch.tools.grounding import numbers

__all__ = ["COMBINE_AT_ONCE", "DEFAULT_REQUEST", "MAX_LEVELS", "MORE_ASKS", "PART_TOKENS", "PARTIAL_TOKENS",
           "Condensing", "Document", "Fit", "Stop", "compose", "condense", "split_request", "stoppable"]

log = logging.getLogger("llorch")
T = TypeVar("T")
R = TypeVar("R")

DEFAULT_REQUEST = "Summarise this text."  # what a long input without a request of its own is asked
MAX_LEVELS = 8  # combination levels; each at least halves the answers, so 8 is 256 times the first level's
# The most tokens of text in one part, whatever the context: on a 3,300-token part the 1.5B missed
# both planted access codes that it found in each half (scripts/bench_long.py's report).
PART_TOKENS = 1536
# The most answers one combination takes: given ten, the 1.5B copied the first and stopped.
COMBINE_AT_ONCE = 4
# The most tokens of a part's (or a combination's before the last) answer, whatever max_tokens allows (and at
# most a 16th of the context): a note for the combination, not the answer. The 1.5B combines by copying its
# first answers until its tokens run out, so the longer they are, the fewer answers' facts reach the end.
PARTIAL_TOKENS = 256
# A request that asks more than one thing ("Summarise it, then list every code") is asked again, each later
# thing alone, of every part (further): at most this many more asks a part, each answered in at most half a
# part's tokens.
MORE_ASKS = 2
_LABEL_TOKENS = 16  # an answer's label in a combining prompt ("[Answer from parts 17 to 32 of 76]") and its gap
_MARGIN = 32  # tokens kept free beyond the counts: pieces are counted one by one, templates add a few
_REQUEST_CHARS = 1000  # a first paragraph this short before a long text is taken as the request about it


@dataclass(frozen=True)
class Document:
    """Text the request is about: piped stdin (no name shown) or a file (`--file`, its name shown)."""

    text: str
    name: str = ""


@dataclass(frozen=True)
class Condensing:
    """Progress of reading a long input in parts: `done` of `total` answered at `level` (0: the
    document's chunks, 1 and up: combining the answers of the level before)."""

    done: int
    total: int
    level: int = 0

    @property
    def text(self) -> str:
        return ""  # renders as nothing where a front end prints events' text


@dataclass(frozen=True)
class Fit:
    """What the model's context leaves for a prompt, in tokens of its tokenizer (`count`, no BOS).

    `n_ctx`: one sequence's context; `overhead`: the system prompt and chat template around a
    user message; `answer`: room kept for the final answer; `partial`: the most tokens of each
    part's answer (also what a combination's own answer may take)."""

    count: Callable[[str], int]
    n_ctx: int
    overhead: int
    answer: int
    partial: int

    def fits(self, size: int) -> bool:
        """Whether a user message of `size` tokens is answered as it is: what the engine takes (a prompt
        shorter than the context) with a few dozen tokens left for an answer, as before policies existed."""
        return self.overhead + size + min(self.answer, 64) < self.n_ctx

    def room(self, answer: int) -> int:
        """Tokens a user message may take with `answer` tokens kept for the answer."""
        return self.n_ctx - self.overhead - answer - _MARGIN


def compose(request: str, documents: Sequence[Document]) -> str:
    """The request, then each document (a file under its name), as one prompt: `llorch run`'s way,
    the prompt argument before piped stdin, a blank line between."""
    parts = [request.strip()]
    for doc in documents:
        body = doc.text.strip()
        parts.append(f"--- {doc.name} ---\n{body}" if doc.name else body)
    return "\n\n".join(p for p in parts if p)


def split_request(text: str) -> tuple[str, str]:
    """A message without separate documents as (request, document): a short first paragraph that ends
    as a request does (with ':' or '?') before a long text is the request about it ("Summarise the risks
    in this:\n\n<report>"); otherwise the whole message is the document and the request is
    DEFAULT_REQUEST ("" here)."""
    head, sep, rest = text.strip().partition("\n\n")
    asks = head.rstrip().endswith((":", "?"))
    if sep and asks and rest.strip() and len(head) <= _REQUEST_CHARS and len(rest) > 2 * len(head):
        return head.strip(), rest.strip()
    return "", text.strip()


def _label(first: int, last: int, total: int) -> str:
    return f"part {first} of {total}" if first == last else f"parts {first} to {last} of {total}"


def condense(
    request: str,
    documents: Sequence[Document],
    *,
    policy: str,
    fit: Fit,
    answer: Callable[[str, Any, int], str],
    new_cancel: Callable[[], Any],
    width: int,
) -> Generator[Notice | Condensing, None, str]:
    """The prompt for `request` about `documents` under `policy` (summarise, truncate, refuse): see the
    module's docstring. Yields Notice and Condensing events; returns the prompt.

    `answer(prompt, cancel, most)` answers one part (with at most `most` tokens) and returns the text;
    `new_cancel()` makes the token it is given (anything with cancel()); `width`: parts answered at once."""
    whole = compose(request, documents)
    size = fit.count(whole)
    if fit.fits(size):
        return whole
    text = compose("", documents)
    if not documents:
        request, text = split_request(request)
    request = request.strip() or DEFAULT_REQUEST
    context = f"{fit.n_ctx:,}-token context"
    if policy == "refuse":
        raise ContextOverflowError(
            f"the input is {size:,} tokens, more than the {context} holds with room for the answer; read it in "
            "parts with --long summarise (in chat: /set long summarise), keep what fits with --long truncate, "
            "or raise engine.n_ctx",
            prompt_tokens=size, n_ctx=fit.n_ctx,
        )
    if policy == "truncate":
        head = fit.count(request) + 2
        budget = fit.room(fit.answer) - head
        if budget < 1:
            raise ContextOverflowError(f"the request alone fills the {context}; shorten it or raise engine.n_ctx",
                                       prompt_tokens=head, n_ctx=fit.n_ctx)
        total = fit.count(text)
        # No text of more than MAX_BYTES_PER_TOKEN characters a token fits: only that much is split.
        kept = split_text(text[: budget * MAX_BYTES_PER_TOKEN], budget, fit.count)[0]
        yield Notice(f"the input is {total:,} tokens, more than the {context} holds: kept the first "
                     f"{kept.tokens:,} ({kept.tokens / max(total, 1):.0%}) and cut {max(total - kept.tokens, 0):,} "
                     "(--long summarise reads all of it)")
        return f"{request}\n\n{kept.text.strip()}"
    return (yield from _summarise(request, text, fit=fit, answer=answer, new_cancel=new_cancel, width=width))


def _summarise(request: str, text: str, *, fit: Fit, answer: Callable[[str, Any, int], str],
               new_cancel: Callable[[], Any], width: int) -> Generator[Notice | Condensing, None, str]:
    scaffold = fit.count(part_prompt(request, 999, 999, ""))
    budget = fit.room(fit.partial) - scaffold
    if budget < max(64, 4 * fit.partial):
        raise ContextOverflowError(
            f"the {fit.n_ctx:,}-token context leaves {max(budget, 0):,} tokens for each part of the text beside the "
            "request and its answer, too few to read it in parts; shorten the request or raise engine.n_ctx",
            prompt_tokens=scaffold, n_ctx=fit.n_ctx)
    budget = min(budget, PART_TOKENS)
    overlap = min(128, budget // 16)
    chunks = split_text(text, budget, fit.count, overlap=overlap)
    n = len(chunks)
    sizes = [c.tokens for c in chunks]
    log.info("long input: %s tokens in %d parts of %s to %s tokens (at most %s, overlap %s); each part's answer at "
             "most %s tokens; %d answered at once", f"{sum(sizes):,}", n, f"{min(sizes):,}", f"{max(sizes):,}",
             f"{budget:,}", overlap, fit.partial, width)
    started = time.perf_counter()
    prompts = [part_prompt(request, i + 1, n, c.text) for i, c in enumerate(chunks)]
    more = further(request)[:MORE_ASKS]
    if more:
        log.info("long input: each part is also asked, alone: %s", " | ".join(more))

    def read(prompt: str, cancel: Any) -> list[str]:  # in one thread, so one slot keeps the part for every ask
        return [answer(prompt, cancel, fit.partial)] + [answer(asking(prompt, c), cancel, max(16, fit.partial // 2))
                                                        for c in more]

    raw: list[list[str]] = [[] for _ in range(n)]
    done = 0
    for item in _answer_all(prompts, read, new_cancel, width):
        if item is not None:
            done += 1
            raw[item[0]] = item[1]
        yield Condensing(done, n, 0)
    log.info("long input: %d parts answered in %.1f s", n, time.perf_counter() - started)
    spans = [(i + 1, i + 1) for i in range(n)]
    final_room = fit.room(fit.answer)
    # A combination's answer with the lines carried past it takes at most a COMBINE_AT_ONCE'th of what a
    # combining prompt holds for answers (a fifth of the context, about), so that that many still combine at
    # once; and no less than two notes. Two notes alone (512 tokens) left 8 lines with codes and week
    # numbers behind in one combination of a 100k-token report, and 4 of its 9 codes found never reached
    # the end.
    around = fit.count(combine_prompt(request, [], n))
    carry = max(2 * fit.partial, (fit.room(fit.partial) - around) // COMBINE_AT_ONCE - _LABEL_TOKENS)
    # The sections go in the last prompt beside the notes: in at most one combined answer's room, and in what
    # that prompt leaves beside one.
    room = min(carry, final_room - carry - around - 2 * _LABEL_TOKENS)
    sections = clause_sections(more, raw, prompts, room, fit.count)
    whole = request
    if sections:  # the notes answer what the request asks first; the sections, the rest (`postscript`)
        covered = numbers("\n".join(text for _, text in sections))
        answers = [(_label(i + 1, i + 1, n), without(stated_answer(r[0], prompts[i], i + 1), covered))
                   for i, r in enumerate(raw)]
        labels = {label for label, _ in sections}
        request = rest_of_request(whole, [c for c in more if section_label(c) in labels])
    else:
        answers = [(_label(i + 1, i + 1, n), part_note(r, prompts[i], i + 1)) for i, r in enumerate(raw)]
    at_once = COMBINE_AT_ONCE - len(sections)
    level = 0
    while len(answers) > at_once or \
            fit.count(combine_prompt(whole, [*answers, *sections], n, request)) > final_room:
        level += 1
        if level > MAX_LEVELS:
            raise LlorchError(f"the answers of {n} parts did not combine into one prompt in {MAX_LEVELS} levels; "
                              "give a shorter text or raise engine.n_ctx")
        groups = _groups(request, answers, n, fit)
        if len(groups) == len(answers):  # no two answers fit together: nothing could ever shrink
            raise LlorchError("the parts' answers are too long to combine; lower max_tokens or raise engine.n_ctx")
        log.info("long input: combining %d answers in %d groups (level %d)", len(answers), len(groups), level)
        todo = [g for g in groups if len(g) > 1]
        prompts = [combine_prompt(request, [answers[i] for i in g], n) for g in todo]
        merged: dict[int, str] = {}
        done = 0
        for got in _answer_all(prompts, lambda p, c: answer(p, c, fit.partial), new_cancel, width):
            if got is not None:
                done += 1
                first = todo[got[0]][0]
                given = [answers[i][1] for i in todo[got[0]]]
                merged[first] = carried(given, stated_answer(got[1], prompts[got[0]], spans[first][0], level),
                                        carry, fit.count)
            yield Condensing(done, len(todo), level)
        new_answers, new_spans = [], []
        for g in groups:
            first, last = spans[g[0]][0], spans[g[-1]][1]
            new_spans.append((first, last))
            new_answers.append((_label(first, last, n), merged[g[0]] if len(g) > 1 else answers[g[0]][1]))
        answers, spans = new_answers, new_spans
    return combine_prompt(whole, [*answers, *sections], n, request)


def _groups(request: str, answers: Sequence[tuple[str, str]], total: int, fit: Fit) -> list[list[int]]:
    """Consecutive answers in groups of at most COMBINE_AT_ONCE whose combining prompt fits with room for a
    partial answer."""
    room = fit.room(fit.partial) - fit.count(combine_prompt(request, [], total))
    groups: list[list[int]] = []
    used = 0
    for i, (label, text) in enumerate(answers):
        size = fit.count(f"[Answer from {label}]\n{text.strip()}\n\n")
        if groups and used + size <= room and len(groups[-1]) < COMBINE_AT_ONCE:
            groups[-1].append(i)
            used += size
        else:
            groups.append([i])
            used = size
    return groups


class Stop:
    """Stops the reading of a long input from another thread (a chat's Escape): the parts being answered are
    cancelled, and those not begun yet are cancelled as they begin. Give it to `stoppable`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancels: list[Any] = []
        self.cancelled = False

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            cancels, self._cancels = self._cancels, []
        for cancel in cancels:
            cancel.cancel()

    def watch(self, cancels: Sequence[Any]) -> None:
        """`cancels` (the parts' tokens, anything with cancel()) are cancelled with this, or now if it was."""
        with self._lock:
            fire = self.cancelled
            if not fire:
                self._cancels.extend(cancels)
        if fire:
            for cancel in cancels:
                cancel.cancel()


# The Stop of the reading being driven by `stoppable` in this context: the runtime's condenser, between a
# conversation and `_answer_all`, takes no token of its own for it.
_STOP: ContextVar[Stop | None] = ContextVar("llorch_long_stop", default=None)


def stoppable(stop: Stop, reading: Generator[T, None, R]) -> Generator[T, None, R]:
    """`reading` (a condenser's events, ending with its prompt), each step of it under `stop`: cancelling `stop`
    from any thread cancels the parts it is answering, and the step waiting on them ends with the error of the
    parts stopped. (Closing `reading` could not do it: another thread cannot close a generator that runs.)"""
    try:
        while True:
            entered = _STOP.set(stop)  # set and reset within one step: the same context, whoever drives this
            try:
                event = next(reading)
            except StopIteration as done:
                return done.value
            finally:
                _STOP.reset(entered)
            yield event
    finally:
        reading.close()


def _answer_all(prompts: Sequence[str], answer: Callable[[str, Any], T], new_cancel: Callable[[], Any],
                width: int) -> Iterator[tuple[int, T] | None]:
    """Each prompt's answer, `width` at a time, as they finish: (index, text), after a None once all are
    submitted. Leaving early (Ctrl-C, an error) cancels the answers still running and starts no more; so does
    the `stoppable` Stop this runs under, when it is cancelled (the parts stopped raise LlorchError)."""
    cancels = [new_cancel() for _ in prompts]
    stop = _STOP.get()
    if stop is not None:
        stop.watch(cancels)
        if stop.cancelled:
            raise LlorchError("the reading of the long input was stopped")
    pool = ThreadPoolExecutor(max_workers=max(1, min(width, len(prompts))), thread_name_prefix="llorch-long")
    futures: dict[Future[T], int] = {pool.submit(answer, p, c): i for i, (p, c) in enumerate(zip(prompts, cancels))}
    finished = False
    try:
        yield None
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=futures.__getitem__):
                yield futures[future], future.result()
        finished = True
    finally:
        if not finished:
            for cancel in cancels:
                cancel.cancel()
        pool.shutdown(wait=finished, cancel_futures=True)
