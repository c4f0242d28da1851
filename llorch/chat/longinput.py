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
  again of each part, each later thing alone (_further); what those answers give (lines with numbers)
  is read beside the notes in the last prompt, a section for each thing that asks for numbers
  (_sections), and the notes and their combinations answer the rest of the request (_rest: "Summarise
  it"). Then the partial answers, in document order, combined. While they do not fit one prompt
  together, or are more than COMBINE_AT_ONCE (less the sections), groups of them are combined first (a
  level more each time).
  A partial answer cut off by its token limit ends at its last whole sentence or line (`ended`, the runtime);
  it loses the prompts' labels, the lines it repeats, and the sentences whose numbers its
  prompt does not give, gives of something else, or that count (tools/grounding.stated_numbers): passed
  on, they would read as facts at every level. A line with numbers that a combination left out is put
  back after it while there is room (_carried).
  The prompt returned is the last combination's: the caller streams its answer as any other, less the
  lines that copy a label (Unlabelled), then adds `postscript(prompt, answer)`: the sections' lines under
  their things, and the sentences of the answers combined whose numbers it left out.

The model is asked through `answer(prompt, cancel, most)` (the runtime's one-shot path), so breakers,
time limits and fallback apply to every part. Closing the generator (Ctrl-C) cancels every part
still being answered; so does a `Stop` cancelled from another thread (a chat's Escape) while the
generator is driven by `stoppable`.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from llorch.chat.conversation import Notice
from llorch.chat.split import split_text
from llorch.engine.text import MAX_BYTES_PER_TOKEN
from llorch.errors import ContextOverflowError, LlorchError
from llorch.tools.grounding import numbers, of_series, sentences, stated_numbers, unmarked, unrepeated

__all__ = ["DEFAULT_REQUEST", "MAX_LEVELS", "PARTIAL_TOKENS", "POSTSCRIPT_CHARS", "POSTSCRIPT_HEAD", "Condensing",
           "Document", "Fit", "Stop", "Unlabelled", "compose", "condense", "ended", "is_combination", "postscript",
           "split_request", "stoppable", "unlabelled"]

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
# thing alone, of every part (_further): at most this many more asks a part, each answered in at most half a
# part's tokens.
MORE_ASKS = 2
# After the final answer, the sentences with numbers its notes gave and it left out (`postscript`): this
# heading, then at most this many characters of them (about as many tokens as two notes).
POSTSCRIPT_HEAD = "Also in the parts' answers, and left out above:"
POSTSCRIPT_CHARS = 2000
_LABEL_TOKENS = 16  # an answer's label in a combining prompt ("[Answer from parts 17 to 32 of 76]") and its gap
_MARGIN = 32  # tokens kept free beyond the counts: pieces are counted one by one, templates add a few
_REQUEST_CHARS = 1000  # a first paragraph this short before a long text is taken as the request about it
# The labels the prompts put around a part and its answers (whole or cut off), and the line that asks the
# request again: a combination that copies one ("[Answer from parts 5 to 8 of 76]", seen in the final answer
# of a 100k-token report) passes it on as if it were the text's.
_ASKED = "\n\nThe request: "  # after a part's text or the answers combined: the request again
_SCAFFOLD = re.compile(r"^\s*(?:\[(?:Answer from (?:parts? \d|every part)|Part \d+ of \d|End of part \d)|"
                       + re.escape(_ASKED.lstrip("\n")) + ")", re.IGNORECASE)


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


def _part_prompt(request: str, index: int, total: int, text: str) -> str:
    # The request first and the part's number after the shared text: every part's prompt starts
    # the same, so the worker evaluates that start once and copies it (kvcache.py).
    # The request again after the text: a small model answers what it read last (the prefix is kept).
    return (f"{request}\n\nThe text is too long to read at once, so it is read in parts; this is one part. Answer "
            "the request from this part alone, keeping names, numbers, dates and facts exactly; if the part has "
            f"nothing for it, say so in one line.\n\n[Part {index} of {total}]\n{text.strip()}\n[End of part {index}]"
            f"{_ASKED}{request}")


# Where a request goes on to ask another thing: after a sentence ("…. Then list…", "…? And…"), at ", then" or
# "and then"; and the words that lead the next thing in, dropped when it is asked alone.
_CLAUSE_BREAK = re.compile(r"(?<=[.?!;])(?<![a-z]\.[a-z]\.)(?<!etc\.)\s+(?=\S)"  # not after "e.g." or "etc."
                           r"|,\s*(?=(?:and\s+)?then\b)|\s+and\s+then\s+", re.IGNORECASE)
_CLAUSE_LEAD = re.compile(r"^(?:and\s+|but\s+)?(?:then|also|next|finally)\b[,:]?\s*|^and\s+", re.IGNORECASE)
# A clause that asks for something (a question, or a verb that asks for facts), not for a manner ("Be brief.").
_ASKS_FOR = re.compile(r"^(?:list|give|name|include|find|extract|show|tell|quote|state|identify|mention|count|"
                       r"what|which|who|whom|whose|when|where|why|how|is|are|was|were|does|do|did)\b", re.IGNORECASE)


def _clauses(request: str) -> list[tuple[str, str]]:
    """The things `request` asks, in order: each as written, and as a request of its own (without the word
    that leads it in, capitalised)."""
    out = []
    for piece in _CLAUSE_BREAK.split(request.strip()):
        alone = _CLAUSE_LEAD.sub("", piece.strip())
        out.append((piece.strip(), alone[:1].upper() + alone[1:]))
    return out


def _further(request: str) -> list[str]:
    """The things `request` asks for after its first, each as a request of its own (of three words or more,
    a question or a verb that asks for facts): "Summarise this report, then list every access code it
    gives." gives ["List every access code it gives."]; a request that asks one thing, or then asks for a
    manner ("Be brief and use bullet points."), none."""
    return [alone for _, alone in _clauses(request)[1:] if len(alone.split()) >= 3 and _ASKS_FOR.match(alone)]


def _rest(request: str, taken: Sequence[str]) -> str:
    """`request` without the later things in `taken` (as _further gives them): what the notes and the last
    prompt answer when the sections answer those. "Summarise the minutes, then list every code. Keep it
    short." without "List every code." is "Summarise the minutes. Keep it short."."""
    kept = [written if i == 0 else alone for i, (written, alone) in enumerate(_clauses(request))
            if i == 0 or alone not in taken]
    return " ".join(k if k.endswith((".", "?", "!")) else f"{k}." for k in kept if k)


# A later thing that asks for numbers (codes, dates, amounts, ...): its answers are lines with numbers, read
# beside the notes in the last prompt (_sections).
_NUMERIC = re.compile(r"\b(?:codes?|numbers?|figures?|dates?|years?|amounts?|totals?|sums?|prices?|costs?|budgets?|"
                      r"percent(?:ages?)?|rates?|scores?|ids?|phone|counts?|how many|how much|quantit(?:y|ies)|"
                      r"deadlines?|versions?|statistics|measurements?)\b", re.IGNORECASE)


def _asking(prompt: str, clause: str) -> str:
    """A part's prompt that asks `clause` at its end instead of the whole request: the same up to there, so
    the worker evaluates only the new end (the slot still holds the rest, kvcache.py)."""
    return prompt[: prompt.rindex(_ASKED) + len(_ASKED)] + clause


# What _combine_prompt asks, and how `postscript` knows such a prompt and reads its answers back.
_ALONE = "every part, asked alone: "  # the label of a section (_sections): "[Answer from every part, asked alone: …]"


def _alone(clause: str) -> str:
    """The label of `clause`'s section, on one line."""
    return _ALONE + " ".join(clause.split())


_COMBINING = ("The text was too long to read at once, so it was read in {total} parts and the request answered from "
              "each. Combine these answers, in order, into one answer to the request. Keep every name, number, code "
              "and date they give, exactly as written; leave out only what they repeat.")
_COMBINED = re.compile(r"^.*?\n\n" + re.escape(_COMBINING).replace(re.escape("{total}"), r"\d+")
                       + r"\n\n(?=\[Answer from )", re.DOTALL)
# An answer's label; for the answers every part gave a later clause asked alone (_sections), the clause.
_ANSWER_LABEL = re.compile(r"^\[Answer from (?:parts? \d+(?: to \d+)? of \d+|" + _ALONE + r"([^\n]*))\]\n",
                           re.MULTILINE)
_REQUEST_AGAIN = re.compile(re.escape(_ASKED) + r"[^\n]*\s*\Z")


def _combine_prompt(request: str, answers: Sequence[tuple[str, str]], total: int, ask: str = "") -> str:
    # Without what they say again (tools/grounding.unrepeated): the model copies the answers it is given.
    # `ask`: what is asked again at the end, where it is answered; the request by default.
    texts = unrepeated([text for _, text in answers])
    body = "\n\n".join(f"[Answer from {label}]\n{text}" for (label, _), text in zip(answers, texts))
    return f"{request}\n\n{_COMBINING.format(total=total)}\n\n{body}{_ASKED}{ask or request}"


def postscript(prompt: str, answer: str) -> str:
    """What follows the answer to `prompt` when it is a long input's last combination (what `condense`
    returns for one read in parts); "" when there is nothing, or `prompt` is no combination. Read from the
    prompt, so a retried or resumed turn gets it too.

    - The answers to each of the request's later clauses, when the parts were asked them alone (_sections):
      those lines of them whose numbers the answer does not give, under the clause. The last prompt asks the
      rest of the request (_rest), so that these lists come whole and as the parts gave them: asked the whole
      request of a 100k-token report, the 1.5B copied two notes of summary and stopped, with none of the 12
      codes that the answers to the clause alone gave beside them; asked the first thing, it wrote a paragraph.
    - The sentences of the answers it combines that give numbers (two digits or more) of which neither the
      answer nor the lists above give any, under POSTSCRIPT_HEAD, within POSTSCRIPT_CHARS (_shortest). The
      answer is the model's, streamed as it comes, so it cannot be checked as the others are (_carried):
      writing the last answer of a 100k-token report from notes that held 10 of its access codes, the 1.5B
      copied some notes, skipped lines of others, and gave 7."""
    head = _COMBINED.match(prompt)
    if head is None:
        return ""
    pieces = _ANSWER_LABEL.split(_REQUEST_AGAIN.sub("", prompt[head.end():]))  # text, (clause or None, text)...
    notes = [pieces[0], *(pieces[i + 1] for i in range(1, len(pieces), 2) if pieces[i] is None)]
    said, out = answer, ""
    for i in range(1, len(pieces), 2):
        if pieces[i] is not None:
            items = _unsaid((unmarked(line) for line in pieces[i + 1].split("\n")), said)
            if items:
                clause = pieces[i].strip().rstrip(".")
                title = clause if clause.endswith(("?", "!")) else f"{clause}:"
                out += f"\n\n{title}\n" + "\n".join(f"- {item}" for item in items)
                said += "\n" + "\n".join(items)
    lines = [f"- {s}" for s in _unsaid((s for note in notes for s in sentences(note) if not _SCAFFOLD.match(s)),
                                       said)]
    kept = _shortest(lines, POSTSCRIPT_CHARS, lambda line: len(line) + 1)
    if len(kept) < len(lines):
        log.info("long input: %d sentence(s) with numbers the answer left out are not listed after it: no room",
                 len(lines) - len(kept))
    return out + (f"\n\n{POSTSCRIPT_HEAD}\n" + "\n".join(kept) if kept else "")


# A line of the last answer that is one of the prompts' labels, copied: the 1.5B, writing the last answer about a
# 17k-token page from four notes, copied the first, then "[Answer from parts 5 to 8 of 13]" and the second.
_LABEL_LINE = re.compile(r"[ \t]*\[(?:Answer from |Part \d+ of \d+|End of part \d+)[^\]\n]*\][ \t]*", re.IGNORECASE)
_LABEL_HEADS = ("[answer from ", "[part ", "[end of part ")
_LINE_END = re.compile(r"(?<=\n)")
# Between two sentences: grounding's rule (after ".", "!" or "?", before a capital, a quote or "("), and before
# code or bold too, which an answer about a technical page often starts a sentence with.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(`*])")


def is_combination(prompt: str) -> bool:
    """Whether `prompt` is a long input's combination (what `condense` returns for one read in parts)."""
    return _COMBINED.match(prompt) is not None


class Unlabelled:
    """A long input's last answer as it streams, without the lines that are a prompt's label copied ("[Answer
    from parts 5 to 8 of 13]": `postscript` and the notes leave them out too). A line that may still become
    one is held until it ends or no longer can (a few characters, at the start of a line); what `feed`
    returns over a stream, then `close`, is the same however the text was cut into pieces."""

    def __init__(self) -> None:
        self._held = ""  # the line so far, while it may be a label
        self._free = False  # the line so far is known not to be one

    def feed(self, text: str) -> str:
        out: list[str] = []
        for piece in _LINE_END.split(text):
            if self._free:
                out.append(piece)
            else:
                self._held += piece
                body = self._held.rstrip("\r\n")
                if self._held.endswith("\n"):  # the line ended: a label goes, with its line break
                    if not _LABEL_LINE.fullmatch(body):
                        out.append(self._held)
                    self._held = ""
                elif not _may_be_label(body):
                    out.append(self._held)
                    self._held, self._free = "", True
            if piece.endswith("\n"):
                self._free = False
        return "".join(out)

    def close(self) -> str:
        """What is held at the end of the stream, unless it is a label."""
        held, self._held = self._held, ""
        return "" if _LABEL_LINE.fullmatch(held) else held


def _may_be_label(line: str) -> bool:
    """Whether `line` (without its end) is, or may yet become, a label line."""
    start = line.lstrip(" \t").casefold()
    if "]" in start:
        return _LABEL_LINE.fullmatch(line) is not None
    return any(head.startswith(start) or start.startswith(head) for head in _LABEL_HEADS)


def unlabelled(text: str) -> str:
    """`text` without the lines that are a prompt's label copied (Unlabelled, at once)."""
    lines = Unlabelled()
    return lines.feed(text) + lines.close()


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
    scaffold = fit.count(_part_prompt(request, 999, 999, ""))
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
    prompts = [_part_prompt(request, i + 1, n, c.text) for i, c in enumerate(chunks)]
    more = _further(request)[:MORE_ASKS]
    if more:
        log.info("long input: each part is also asked, alone: %s", " | ".join(more))

    def read(prompt: str, cancel: Any) -> list[str]:  # in one thread, so one slot keeps the part for every ask
        return [answer(prompt, cancel, fit.partial)] + [answer(_asking(prompt, c), cancel, max(16, fit.partial // 2))
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
    around = fit.count(_combine_prompt(request, [], n))
    carry = max(2 * fit.partial, (fit.room(fit.partial) - around) // COMBINE_AT_ONCE - _LABEL_TOKENS)
    # The sections go in the last prompt beside the notes: in at most one combined answer's room, and in what
    # that prompt leaves beside one.
    room = min(carry, final_room - carry - around - 2 * _LABEL_TOKENS)
    sections = _sections(more, raw, prompts, room, fit.count)
    whole = request
    if sections:  # the notes answer what the request asks first; the sections, the rest (`postscript`)
        covered = numbers("\n".join(text for _, text in sections))
        answers = [(_label(i + 1, i + 1, n), _without(_stated(r[0], prompts[i], i + 1), covered))
                   for i, r in enumerate(raw)]
        labels = {label for label, _ in sections}
        request = _rest(whole, [c for c in more if _alone(c) in labels])
    else:
        answers = [(_label(i + 1, i + 1, n), _note(r, prompts[i], i + 1)) for i, r in enumerate(raw)]
    at_once = COMBINE_AT_ONCE - len(sections)
    level = 0
    while len(answers) > at_once or \
            fit.count(_combine_prompt(whole, [*answers, *sections], n, request)) > final_room:
        level += 1
        if level > MAX_LEVELS:
            raise LlorchError(f"the answers of {n} parts did not combine into one prompt in {MAX_LEVELS} levels; "
                              "give a shorter text or raise engine.n_ctx")
        groups = _groups(request, answers, n, fit)
        if len(groups) == len(answers):  # no two answers fit together: nothing could ever shrink
            raise LlorchError("the parts' answers are too long to combine; lower max_tokens or raise engine.n_ctx")
        log.info("long input: combining %d answers in %d groups (level %d)", len(answers), len(groups), level)
        todo = [g for g in groups if len(g) > 1]
        prompts = [_combine_prompt(request, [answers[i] for i in g], n) for g in todo]
        merged: dict[int, str] = {}
        done = 0
        for got in _answer_all(prompts, lambda p, c: answer(p, c, fit.partial), new_cancel, width):
            if got is not None:
                done += 1
                first = todo[got[0]][0]
                given = [answers[i][1] for i in todo[got[0]]]
                merged[first] = _carried(given, _stated(got[1], prompts[got[0]], spans[first][0], level),
                                         carry, fit.count)
            yield Condensing(done, len(todo), level)
        new_answers, new_spans = [], []
        for g in groups:
            first, last = spans[g[0]][0], spans[g[-1]][1]
            new_spans.append((first, last))
            new_answers.append((_label(first, last, n), merged[g[0]] if len(g) > 1 else answers[g[0]][1]))
        answers, spans = new_answers, new_spans
    return _combine_prompt(whole, [*answers, *sections], n, request)


def _sections(clauses: Sequence[str], raw: Sequence[Sequence[str]], prompts: Sequence[str], most: int,
              count: Callable[[str], int]) -> list[tuple[str, str]]:
    """For each of the request's later `clauses` that asks for numbers (_NUMERIC), what the parts' answers to it
    alone (each part's `raw` answers after its first) give with numbers, checked as a note is (_stated), in the
    text's order, a number once (_unsaid), without those that give only numbers of another series the text
    names (grounding.of_series: "Week 101: Sales" for an access code): (label, lines), for the last
    combination to read beside the notes. None if they would take more than `most` tokens (one combined
    answer's room: a clause that asks for most of the text, "list every date"), so the notes carry them
    (_note). Asked a summary and every access code of a 100k-token report, the
    1.5B's combinations mixed summaries, lists and team names under "Project access codes:", and its answer
    copied two notes whole; the parts' answers to the clause alone gave the 12 codes and nothing else."""
    out: list[tuple[str, str]] = []
    said = ""
    for k, clause in enumerate(clauses, start=1):
        if not _NUMERIC.search(clause):  # "Who owns each one?": lines with numbers would be the least of it
            continue
        given: list[str] = []
        other: list[str] = []
        for i, answers in enumerate(raw):
            for line in _stated(answers[k], prompts[i], i + 1).split("\n") if len(answers) > k else ():
                (other if of_series(line, prompts[i], clause) else given).append(line)
        if other:
            log.info("long input: left out %d line(s) that give only numbers of a series the text names and %r does "
                     "not ask for: %s", len(other), clause, "; ".join(line.strip() for line in other))
        lines = _unsaid(given, said)
        if lines:
            text = "\n".join(lines)
            out.append((_alone(clause), text))
            said += "\n" + text
    size = sum(count(f"[Answer from {label}]\n{text}\n\n") for label, text in out)
    if out and size > most:
        log.info("long input: the answers to the request's later clauses take %s tokens, more than %s: they join "
                 "the notes", f"{size:,}", f"{most:,}")
        return []
    if out:
        log.info("long input: %d line(s) with numbers from asking the request's later clauses alone, read beside the "
                 "notes", sum(text.count("\n") + 1 for _, text in out))
    return out


def _without(note: str, given: set[str]) -> str:
    """`note` without the lines whose numbers (two digits or more) are all in `given`: what a section gives."""
    return "\n".join(line for line in note.split("\n") if not (numbers(line) and numbers(line) <= given))


def ended(text: str) -> str:
    """An answer cut off by its token limit, up to the end of its last whole sentence or line: what follows is
    a sentence, a list item or a number begun and not ended ("... emit events when a connection is made,
    closed," ended the note that the last answer about a 17k-token page copied first). Unchanged when it
    ends a sentence, or has no end before its last."""
    body = text.rstrip()
    if body.endswith((".", "!", "?")):
        return body
    ends = [m.start() for m in _SENTENCE_BREAK.finditer(body)]
    at = max(body.rfind("\n"), ends[-1] if ends else -1)
    return body[:at].rstrip() if at > 0 and body[:at].strip() else body


def _stated(answer: str, prompt: str, part: int, level: int = 0) -> str:
    """A part's (or, at a level, a group's, from its first part on) answer without the prompts' labels, without
    a line it repeated (a small model loops: "- Safety audit conducted." again and again), and without the
    sentences whose numbers its prompt does not hold, holds of something else, or that count
    (tools/grounding.stated_numbers): they would pass as facts through every level. The final answer streams
    to the user as it comes."""
    lines, seen = [], set()
    for line in answer.split("\n"):
        key = " ".join(line.split()).casefold()
        if key and (key in seen or _SCAFFOLD.match(line)):
            continue
        seen.add(key)
        lines.append(line)
    kept, dropped = stated_numbers("\n".join(lines), prompt)
    if dropped:
        log.info("long input: %s %d's answer: left out %d sentence(s) or list item(s) with numbers its text does not "
                 "give, gives of something else, or that count: %s",
                 "part" if level == 0 else f"level {level}, group from part", part, len(dropped),
                 "; ".join(dropped))
    return kept


def _note(answers: Sequence[str], prompt: str, part: int) -> str:
    """A part's note when the sections would not fit the last prompt (_sections): its answer to the whole
    request (_stated), then the lines of its answers to the request's later clauses alone that give numbers
    (two digits or more) it gives none of. Asked a summary and then
    every access code, the 1.5B summarised 3 of the 13 parts of a 100k-token report that held a code and wrote
    "Project access codes are listed as 'project: code'." in place of the list; asked for the codes alone, it
    gave all three (on another report: 8 of 12 codes in the first answers, all 12 in the second)."""
    first = _stated(answers[0], prompt, part)
    found = _unsaid((line for text in answers[1:] for line in _stated(text, prompt, part).split("\n")), first)
    if found:
        log.info("long input: part %d: %d line(s) with numbers from asking the request's later clauses alone",
                 part, len(found))
    return "\n".join([first.rstrip(), *found]) if found else first


def _carried(given: Sequence[str], combined: str, most: int, count: Callable[[str], int]) -> str:
    """`combined` with the lines of the answers it was `given` that state numbers (two digits or more) none
    of which it gives, after it, in order, within `most` tokens (_shortest). Combining four answers, the
    1.5B dropped some of their access codes at every level: on a 100k-token report, none of 12 were left."""
    lines = _unsaid((line for text in given for line in text.split("\n")), combined)
    if not lines:
        return combined
    out = combined.rstrip()
    kept = _shortest(lines, most - count(out), lambda line: count(f"\n{line}"))
    if len(kept) < len(lines):
        log.info("long input: %d line(s) with numbers that a combination left out were not carried past it: "
                 "no room", len(lines) - len(kept))
    return "\n".join([out, *kept])


def _shortest(lines: Sequence[str], room: int, size: Callable[[str], int]) -> list[str]:
    """Those of `lines` that fit in `room` (as `size` measures), shortest first, in their order. A line
    "Juniper: 3917" holds its number in a few tokens, a sentence on the weeks the teams met in thirty: with
    room for one, the short one goes (a 100k-token report's code was left behind for such sentences)."""
    sizes = [size(line) for line in lines]
    chosen: set[int] = set()
    for i in sorted(range(len(lines)), key=sizes.__getitem__):
        if sizes[i] > room:
            break
        chosen.add(i)
        room -= sizes[i]
    return [line for i, line in enumerate(lines) if i in chosen]


def _unsaid(pieces: Iterable[str], said: str) -> list[str]:
    """The pieces (lines, sentences) that give numbers (two digits or more, or keys: grounding.numbers) of
    which neither `said` nor a piece before them gives any, stripped. A constant's name counts as given
    wherever `said` writes it ("The codes: dns.NODATA (no data)."), not only as a list item's key."""
    have = numbers(said)
    out: list[str] = []
    for piece in pieces:
        stated = numbers(piece)
        if stated and not stated & have and not any(not n[0].isdigit() and n in said for n in stated):
            out.append(piece.strip())
            have |= stated
    return out


def _groups(request: str, answers: Sequence[tuple[str, str]], total: int, fit: Fit) -> list[list[int]]:
    """Consecutive answers in groups of at most COMBINE_AT_ONCE whose combining prompt fits with room for a
    partial answer."""
    room = fit.room(fit.partial) - fit.count(_combine_prompt(request, [], total))
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
