"""chat/split.py: a long text in chunks of at most N tokens, cut on the largest boundary, with overlap."""

from __future__ import annotations

import re

import pytest

from llorch.chat.split import Chunk, split_text

_TOKEN = re.compile(r"\s*\S+|\s+")  # FakeBackend's tokenizer: a word with the space before it


def count(text: str) -> int:
    return len(_TOKEN.findall(text))


def covered(text: str, chunks: list[Chunk]) -> bool:
    """Every character of `text` in some chunk, chunks in order, each its own slice."""
    reach = 0
    for c in chunks:
        assert c.text == text[c.start : c.end]
        if c.start > reach:
            return False
        reach = max(reach, c.end)
    return reach == len(text)


def paragraphs(n: int, words: int) -> str:
    return "\n\n".join(" ".join(f"p{i}w{j}" for j in range(words)) + "." for i in range(n))


def test_a_text_that_fits_is_one_chunk() -> None:
    text = paragraphs(3, 5)
    (chunk,) = split_text(text, 100, count)
    assert chunk.text == text and chunk.tokens == count(text)


def test_cuts_fall_on_paragraph_boundaries_when_paragraphs_fit() -> None:
    text = paragraphs(12, 10)  # 12 paragraphs of about 11 tokens
    chunks = split_text(text, 40, count)
    assert len(chunks) > 3 and covered(text, chunks)
    for c in chunks[:-1]:
        assert text[c.end - 2 : c.end] == "\n\n"  # every cut right after a blank line
    assert all(count(c.text) <= 40 for c in chunks)


def test_a_paragraph_too_long_is_cut_on_lines_then_sentences_then_words() -> None:
    lines = "\n".join(f"line {i} has words." for i in range(30))
    chunks = split_text(lines, 20, count)
    assert covered(lines, chunks) and all(c.text.endswith("\n") for c in chunks[:-1])
    sentences = " ".join(f"Sentence {i} is here." for i in range(30))
    chunks = split_text(sentences, 13, count)
    assert covered(sentences, chunks) and all(c.text.endswith(". ") for c in chunks[:-1])
    words = " ".join(f"w{i}" for i in range(100))
    chunks = split_text(words, 7, count)
    assert covered(words, chunks) and all(count(c.text) <= 7 for c in chunks)


def test_a_run_without_boundaries_is_cut_by_characters() -> None:
    blob = "x" * 1000
    chunks = split_text(blob, 3, lambda t: (len(t) + 99) // 100)  # 100 characters a token
    assert [len(c.text) for c in chunks] == [300, 300, 300, 100] and covered(blob, chunks)


def test_each_chunk_starts_with_the_end_of_the_one_before() -> None:
    text = " ".join(f"Fact {i} holds." for i in range(200))
    chunks = split_text(text, 60, count, overlap=8)
    assert covered(text, chunks) and len(chunks) > 5
    for before, after in zip(chunks, chunks[1:]):
        shared = text[after.start : before.end]
        assert after.start < before.end and 0 < count(shared) <= 8  # the overlap, from a sentence start
        assert shared.startswith("Fact ")
        assert count(after.text) <= 60


def test_every_token_is_in_some_chunk_and_in_order() -> None:
    text = paragraphs(40, 17) + "\n" + " ".join(f"tail{i}" for i in range(300))
    words = text.split()
    for budget, overlap in [(5, 2), (23, 4), (64, 16), (1000, 100)]:
        chunks = split_text(text, budget, count, overlap=overlap)
        assert covered(text, chunks)
        seen = [w for c in chunks for w in c.text.split()]
        assert set(seen) == set(words)
        assert all(c.tokens <= budget for c in chunks)
        starts = [c.start for c in chunks]
        assert starts == sorted(set(starts))  # always forward


@pytest.mark.parametrize("budget", [0, -5])
def test_a_budget_under_one_token_is_a_programming_error(budget: int) -> None:
    with pytest.raises(ValueError, match="at least one token"):
        split_text("some text", budget, count)


def test_absurd_sizes() -> None:
    assert split_text("", 10, count) == []
    text = paragraphs(5, 5)
    assert len(split_text(text, 10**9, count, overlap=10**9)) == 1  # huge budget and overlap
    chunks = split_text(text, 1, count, overlap=50)  # one token a chunk; the overlap shrinks to nothing
    assert covered(text, chunks) and all(c.tokens <= 1 for c in chunks)
    assert count(text) <= len(chunks) < len(text)  # a word and the space after it are two tokens here
