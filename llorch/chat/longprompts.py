"""The prompts a long input is read by (chat/longinput.py): a part's, a combination's, and a part's prompt that
asks one of the request's later clauses alone; the request split into the things it asks (`further`,
`rest_of_request`); and the labels the prompts put around parts and answers, as patterns that know them again
(`SCAFFOLD`, `COMBINED`, `ANSWER_LABEL`: what longanswers.py reads a combination and its answers back by).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from llorch.tools.grounding import unrepeated

__all__ = ["ANSWER_LABEL", "COMBINED", "NUMERIC", "REQUEST_AGAIN", "SCAFFOLD", "asking", "combine_prompt", "further",
           "part_prompt", "rest_of_request", "section_label"]

# The labels the prompts put around a part and its answers (whole or cut off), and the line that asks the
# request again: a combination that copies one ("[Answer from parts 5 to 8 of 76]", seen in the final answer
# of a 100k-token report) passes it on as if it were the text's.
_ASKED = "\n\nThe request: "  # after a part's text or the answers combined: the request again
SCAFFOLD = re.compile(r"^\s*(?:\[(?:Answer from (?:parts? \d|every part)|Part \d+ of \d|End of part \d)|"
                      + re.escape(_ASKED.lstrip("\n")) + ")", re.IGNORECASE)


def part_prompt(request: str, index: int, total: int, text: str) -> str:
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


def further(request: str) -> list[str]:
    """The things `request` asks for after its first, each as a request of its own (of three words or more,
    a question or a verb that asks for facts): "Summarise this report, then list every access code it
    gives." gives ["List every access code it gives."]; a request that asks one thing, or then asks for a
    manner ("Be brief and use bullet points."), none."""
    return [alone for _, alone in _clauses(request)[1:] if len(alone.split()) >= 3 and _ASKS_FOR.match(alone)]


def rest_of_request(request: str, taken: Sequence[str]) -> str:
    """`request` without the later things in `taken` (as further gives them): what the notes and the last
    prompt answer when the sections answer those. "Summarise the minutes, then list every code. Keep it
    short." without "List every code." is "Summarise the minutes. Keep it short."."""
    kept = [written if i == 0 else alone for i, (written, alone) in enumerate(_clauses(request))
            if i == 0 or alone not in taken]
    return " ".join(k if k.endswith((".", "?", "!")) else f"{k}." for k in kept if k)


# A later thing that asks for numbers (codes, dates, amounts, ...): its answers are lines with numbers, read
# beside the notes in the last prompt (clause_sections).
NUMERIC = re.compile(r"\b(?:codes?|numbers?|figures?|dates?|years?|amounts?|totals?|sums?|prices?|costs?|budgets?|"
                     r"percent(?:ages?)?|rates?|scores?|ids?|phone|counts?|how many|how much|quantit(?:y|ies)|"
                     r"deadlines?|versions?|statistics|measurements?)\b", re.IGNORECASE)


def asking(prompt: str, clause: str) -> str:
    """A part's prompt that asks `clause` at its end instead of the whole request: the same up to there, so
    the worker evaluates only the new end (the slot still holds the rest, kvcache.py)."""
    return prompt[: prompt.rindex(_ASKED) + len(_ASKED)] + clause


# What combine_prompt asks, and how `postscript` knows such a prompt and reads its answers back.
# The label of a section (clause_sections): "[Answer from every part, asked alone: …]".
_ALONE = "every part, asked alone: "


def section_label(clause: str) -> str:
    """The label of `clause`'s section, on one line."""
    return _ALONE + " ".join(clause.split())


_COMBINING = ("The text was too long to read at once, so it was read in {total} parts and the request answered from "
              "each. Combine these answers, in order, into one answer to the request. Keep every name, number, code "
              "and date they give, exactly as written; leave out only what they repeat.")
COMBINED = re.compile(r"^.*?\n\n" + re.escape(_COMBINING).replace(re.escape("{total}"), r"\d+")
                      + r"\n\n(?=\[Answer from )", re.DOTALL)
# An answer's label; for the answers every part gave a later clause asked alone (clause_sections), the clause.
ANSWER_LABEL = re.compile(r"^\[Answer from (?:parts? \d+(?: to \d+)? of \d+|" + _ALONE + r"([^\n]*))\]\n",
                          re.MULTILINE)
REQUEST_AGAIN = re.compile(re.escape(_ASKED) + r"[^\n]*\s*\Z")


def combine_prompt(request: str, answers: Sequence[tuple[str, str]], total: int, ask: str = "") -> str:
    # Without what they say again (tools/grounding.unrepeated): the model copies the answers it is given.
    # `ask`: what is asked again at the end, where it is answered; the request by default.
    texts = unrepeated([text for _, text in answers])
    body = "\n\n".join(f"[Answer from {label}]\n{text}" for (label, _), text in zip(answers, texts))
    return f"{request}\n\n{_COMBINING.format(total=total)}\n\n{body}{_ASKED}{ask or request}"
