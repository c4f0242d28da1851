"""What is kept of a long input's answers (chat/longinput.py reads it in parts): a part's answer ended at its last
whole sentence, without the prompts' labels, the lines it repeats and the numbers its text does not give
(`stated_answer`, `part_note`); the answers to the request's later clauses gathered into sections
(`clause_sections`); the lines with numbers a combination left out, carried past it (`carried`); and for the final
answer, what follows it (`postscript`) and its stream without the labels it copies (`Unlabelled`). The prompts
and their labels are longprompts.py's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence

from llorch.chat.longprompts import ANSWER_LABEL, COMBINED, NUMERIC, REQUEST_AGAIN, SCAFFOLD, section_label
from llorch.tools.grounding import numbers, of_series, sentences, stated_numbers, unmarked

__all__ = ["POSTSCRIPT_CHARS", "POSTSCRIPT_HEAD", "Unlabelled", "carried", "clause_sections", "ended",
           "is_combination", "part_note", "postscript", "stated_answer", "unlabelled", "without"]

log = logging.getLogger("llorch")

# After the final answer, the sentences with numbers its notes gave and it left out (`postscript`): this
# heading, then at most this many characters of them (about as many tokens as two notes).
POSTSCRIPT_HEAD = "Also in the parts' answers, and left out above:"
POSTSCRIPT_CHARS = 2000

# Between two sentences: grounding's rule (after ".", "!" or "?", before a capital, a quote or "("), and before
# code or bold too, which an answer about a technical page often starts a sentence with.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(`*])")


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


def stated_answer(answer: str, prompt: str, part: int, level: int = 0) -> str:
    """A part's (or, at a level, a group's, from its first part on) answer without the prompts' labels, without
    a line it repeated (a small model loops: "- Safety audit conducted." again and again), and without the
    sentences whose numbers its prompt does not hold, holds of something else, or that count
    (tools/grounding.stated_numbers): they would pass as facts through every level. The final answer streams
    to the user as it comes."""
    lines, seen = [], set()
    for line in answer.split("\n"):
        key = " ".join(line.split()).casefold()
        if key and (key in seen or SCAFFOLD.match(line)):
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


def part_note(answers: Sequence[str], prompt: str, part: int) -> str:
    """A part's note when the sections would not fit the last prompt (clause_sections): its answer to the whole
    request (stated_answer), then the lines of its answers to the request's later clauses alone that give numbers
    (two digits or more) it gives none of. Asked a summary and then
    every access code, the 1.5B summarised 3 of the 13 parts of a 100k-token report that held a code and wrote
    "Project access codes are listed as 'project: code'." in place of the list; asked for the codes alone, it
    gave all three (on another report: 8 of 12 codes in the first answers, all 12 in the second)."""
    first = stated_answer(answers[0], prompt, part)
    found = _unsaid((line for text in answers[1:] for line in stated_answer(text, prompt, part).split("\n")), first)
    if found:
        log.info("long input: part %d: %d line(s) with numbers from asking the request's later clauses alone",
                 part, len(found))
    return "\n".join([first.rstrip(), *found]) if found else first


def clause_sections(clauses: Sequence[str], raw: Sequence[Sequence[str]], prompts: Sequence[str], most: int,
                    count: Callable[[str], int]) -> list[tuple[str, str]]:
    """For each of the request's later `clauses` that asks for numbers (NUMERIC), what the parts' answers to it
    alone (each part's `raw` answers after its first) give with numbers, checked as a note is (stated_answer), in the
    text's order, a number once (_unsaid), without those that give only numbers of another series the text
    names (grounding.of_series: "Week 101: Sales" for an access code): (label, lines), for the last
    combination to read beside the notes. None if they would take more than `most` tokens (one combined
    answer's room: a clause that asks for most of the text, "list every date"), so the notes carry them
    (part_note). Asked a summary and every access code of a 100k-token report, the
    1.5B's combinations mixed summaries, lists and team names under "Project access codes:", and its answer
    copied two notes whole; the parts' answers to the clause alone gave the 12 codes and nothing else."""
    out: list[tuple[str, str]] = []
    said = ""
    for k, clause in enumerate(clauses, start=1):
        if not NUMERIC.search(clause):  # "Who owns each one?": lines with numbers would be the least of it
            continue
        given: list[str] = []
        other: list[str] = []
        for i, answers in enumerate(raw):
            for line in stated_answer(answers[k], prompts[i], i + 1).split("\n") if len(answers) > k else ():
                (other if of_series(line, prompts[i], clause) else given).append(line)
        if other:
            log.info("long input: left out %d line(s) that give only numbers of a series the text names and %r does "
                     "not ask for: %s", len(other), clause, "; ".join(line.strip() for line in other))
        lines = _unsaid(given, said)
        if lines:
            text = "\n".join(lines)
            out.append((section_label(clause), text))
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


def without(note: str, given: set[str]) -> str:
    """`note` without the lines whose numbers (two digits or more) are all in `given`: what a section gives."""
    return "\n".join(line for line in note.split("\n") if not (numbers(line) and numbers(line) <= given))


def carried(given: Sequence[str], combined: str, most: int, count: Callable[[str], int]) -> str:
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


def postscript(prompt: str, answer: str) -> str:
    """What follows the answer to `prompt` when it is a long input's last combination (what `condense`
    returns for one read in parts); "" when there is nothing, or `prompt` is no combination. Read from the
    prompt, so a retried or resumed turn gets it too.

    - The answers to each of the request's later clauses, when the parts were asked them alone (clause_sections):
      those lines of them whose numbers the answer does not give, under the clause. The last prompt asks the
      rest of the request (rest_of_request), so that these lists come whole and as the parts gave them: asked the whole
      request of a 100k-token report, the 1.5B copied two notes of summary and stopped, with none of the 12
      codes that the answers to the clause alone gave beside them; asked the first thing, it wrote a paragraph.
    - The sentences of the answers it combines that give numbers (two digits or more) of which neither the
      answer nor the lists above give any, under POSTSCRIPT_HEAD, within POSTSCRIPT_CHARS (_shortest). The
      answer is the model's, streamed as it comes, so it cannot be checked as the others are (carried):
      writing the last answer of a 100k-token report from notes that held 10 of its access codes, the 1.5B
      copied some notes, skipped lines of others, and gave 7."""
    head = COMBINED.match(prompt)
    if head is None:
        return ""
    pieces = ANSWER_LABEL.split(REQUEST_AGAIN.sub("", prompt[head.end():]))  # text, (clause or None, text)...
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
    lines = [f"- {s}" for s in _unsaid((s for note in notes for s in sentences(note) if not SCAFFOLD.match(s)),
                                       said)]
    kept = _shortest(lines, POSTSCRIPT_CHARS, lambda line: len(line) + 1)
    if len(kept) < len(lines):
        log.info("long input: %d sentence(s) with numbers the answer left out are not listed after it: no room",
                 len(lines) - len(kept))
    return out + (f"\n\n{POSTSCRIPT_HEAD}\n" + "\n".join(kept) if kept else "")


def is_combination(prompt: str) -> bool:
    """Whether `prompt` is a long input's combination (what `condense` returns for one read in parts)."""
    return COMBINED.match(prompt) is not None


# A line of the last answer that is one of the prompts' labels, copied: the 1.5B, writing the last answer about a
# 17k-token page from four notes, copied the first, then "[Answer from parts 5 to 8 of 13]" and the second.
_LABEL_LINE = re.compile(r"[ \t]*\[(?:Answer from |Part \d+ of \d+|End of part \d+)[^\]\n]*\][ \t]*", re.IGNORECASE)
_LABEL_HEADS = ("[answer from ", "[part ", "[end of part ")
_LINE_END = re.compile(r"(?<=\n)")


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
