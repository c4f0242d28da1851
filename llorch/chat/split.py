"""Splitting a document too long for the context into chunks of at most N tokens.

Cuts fall on the largest boundary that makes pieces small enough: paragraphs (blank
lines), then lines, then sentences, then words, and only for a run of text without any
of those (a minified file, a base64 blob) at a character count found by bisection. Each
chunk after the first starts with the end of the one before (up to `overlap` tokens, from
a sentence boundary, else a word's), so a fact cut across a boundary is whole in one of them.

Tokens are counted with the model's own tokenizer (`count`), piece by piece: a chunk's
count is the sum of its pieces', which for the BPE tokenizers of llama.cpp's models is at
most a token or two per piece more than the joined text's (a cut falls after whitespace).
Chunks are slices of the text: together they cover every character, in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Chunk", "split_text"]

# Boundaries, largest first; each pattern matches the separator a piece keeps at its end.
_BOUNDARIES = (
    re.compile(r"\n[ \t]*\n\s*"),  # paragraphs: one or more blank lines
    re.compile(r"\n"),  # lines
    re.compile(r"(?<=[.!?;:])[\"')\]]*\s+"),  # sentences (and clauses after ; and :)
    re.compile(r"\s+"),  # words
)


@dataclass(frozen=True)
class Chunk:
    """A slice `text[start:end]` of the document and its token count (the sum of its pieces')."""

    start: int
    end: int
    tokens: int
    text: str


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    tokens: int


def split_text(text: str, budget: int, count: Callable[[str], int], *, overlap: int = 0) -> list[Chunk]:
    """`text` in chunks of at most `budget` tokens by `count` (the model's tokenizer, without BOS),
    each starting with up to `overlap` tokens of the one before. An empty text has no chunks.

    Raises ValueError for a budget under one token (the caller's arithmetic went wrong)."""
    if budget < 1:
        raise ValueError(f"a chunk must hold at least one token, not {budget}")
    if not text:
        return []
    overlap = max(0, min(overlap, budget // 2))  # at least half of every chunk is new text
    pieces = _pieces(text, 0, len(text), budget, count, 0)
    chunks: list[Chunk] = []
    i, carry_start, carry = 0, 0, 0
    while i < len(pieces):
        start, used, j = (carry_start, carry, i) if carry else (pieces[i].start, 0, i)
        while j < len(pieces) and used + pieces[j].tokens <= budget:
            used += pieces[j].tokens
            j += 1
        if j == i:  # the overlap and the next piece do not fit together: this chunk goes without it
            start, used, j = pieces[i].start, pieces[i].tokens, i + 1
        end = pieces[j - 1].end
        chunks.append(Chunk(start, end, used, text[start:end]))
        i = j
        if i < len(pieces):
            carry_start, carry = _tail(text, start, end, overlap, count)
    return chunks


def _tail(text: str, lo: int, end: int, overlap: int, count: Callable[[str], int]) -> tuple[int, int]:
    """The longest end of text[lo:end] of at most `overlap` tokens that starts on a sentence boundary (else
    a word boundary), and its count; (end, 0) when none is that short. Bisection over the boundaries (a
    shorter tail never has more tokens), so a few counts per chunk."""
    if overlap <= 0:
        return end, 0
    lo = max(lo, end - 16 * overlap)  # no tokenizer here makes a token of 16 characters on average
    for pattern in (_BOUNDARIES[2], _BOUNDARIES[3]):
        cuts = [m.end() for m in pattern.finditer(text, lo, end) if lo < m.end() < end]
        a, b = 0, len(cuts)  # the first cut whose tail fits
        while a < b:
            mid = (a + b) // 2
            if count(text[cuts[mid] : end]) <= overlap:
                b = mid
            else:
                a = mid + 1
        if a < len(cuts):
            return cuts[a], count(text[cuts[a] : end])
    return end, 0


def _pieces(text: str, start: int, end: int, budget: int, count: Callable[[str], int], level: int) -> list[_Piece]:
    """text[start:end] as consecutive pieces of at most `budget` tokens each, cut at the largest boundary
    (from `level` on) that gets them there."""
    n = count(text[start:end])
    if n <= budget:
        return [_Piece(start, end, n)]
    for depth in range(level, len(_BOUNDARIES)):
        cuts = [m.end() for m in _BOUNDARIES[depth].finditer(text, start, end) if start < m.end() < end]
        if not cuts:
            continue
        out: list[_Piece] = []
        for a, b in zip([start, *cuts], [*cuts, end]):
            out.extend(_pieces(text, a, b, budget, count, depth + 1))
        return _merged(out, budget)
    return _by_characters(text, start, end, budget, count)


def _merged(pieces: list[_Piece], budget: int) -> list[_Piece]:
    """Neighbouring small pieces (sentences, words) joined back while they fit: fewer, larger pieces
    keep the chunks' cuts on the larger boundaries. Their counts are added, not counted again (a text
    of one long run of words would otherwise be tokenized over and over)."""
    out: list[_Piece] = []
    for piece in pieces:
        if out and out[-1].tokens + piece.tokens <= budget // 4:
            last = out[-1]
            out[-1] = _Piece(last.start, piece.end, last.tokens + piece.tokens)
        else:
            out.append(piece)
    return out


def _by_characters(text: str, start: int, end: int, budget: int, count: Callable[[str], int]) -> list[_Piece]:
    """A run without any boundary, cut where the most characters still fit (bisection on the count)."""
    out: list[_Piece] = []
    while start < end:
        lo, hi = start + 1, end  # the longest text[start:cut] of at most `budget` tokens; one character at least
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(text[start:mid]) <= budget:
                lo = mid
            else:
                hi = mid - 1
        out.append(_Piece(start, lo, count(text[start:lo])))
        start = lo
    return out
