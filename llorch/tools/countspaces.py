"""Characters counted without spaces: "How many characters are in 'internationalization', not counting spaces?"

Asked that, the 1.5B said 14 (it is 20); the question reached no tool, as "not counting spaces" was no part of a count
question countquestions.py read. `spaces_left_out` takes the words that leave spaces out off a question ("not counting
spaces", "excluding spaces", "without spaces", "ignoring spaces", "non-space characters"), after the thing counted or
at the end, never inside a quoted text, so countquestions.py reads the rest as it reads any count; characters are then
counted without spaces (`what="characters without spaces"`: its count is the data's `count`, the number the answer
must give), and letters as they always are (a space is no letter). Spaces are what `str.isspace` says: tabs and line
breaks too.
"""

from __future__ import annotations

import re

__all__ = ["NO_SPACES", "no_spaces_kind", "spaces_left_out", "without_spaces"]

NO_SPACES = "characters without spaces"  # the `what` count.py counts them by
_LEAVE_OUT = (r"(?:not\s+counting|not\s+including|excluding|without(?:\s+counting)?|ignoring|leaving\s+out|"
              r"except(?:\s+for)?|apart\s+from|minus)\s+(?:the\s+|any\s+)?(?:spaces|white\s*space|blanks)"
              r"|(?:with\s+)?(?:the\s+)?spaces\s+(?:excluded|not\s+counted|left\s+out|removed|ignored)")
_NON_SPACE = r"non[-\s]?(?:space|white\s*space|blank)"
# After the thing counted: "How many characters, not counting spaces, are in …", "How many characters (excluding
# spaces) are in …", "How many non-space characters …".
_AFTER_KIND = re.compile(rf"\b(?P<kind>characters?|chars|letters?)\s*(?:,\s*|\(\s*|\s)(?:{_LEAVE_OUT})\s*\)?\s*,?"
                         rf"(?=\s)|\b{_NON_SPACE}\s+(?P<non>characters?|chars)\b", re.IGNORECASE)
# At the end, or before the colon a text follows: "… in 'internationalization', not counting spaces?", "How many
# characters are in this sentence, excluding spaces: …". (Inside a quote, a closing quote would follow it.)
_AT_END = re.compile(rf"\s*(?:,\s*|\(\s*|\s)(?:{_LEAVE_OUT})\s*\)?(?P<end>\s*[?.!]*\s*)$", re.IGNORECASE)
# Spaces or punctuation kept, as a character count keeps them: "… 'hello, world!' including spaces and punctuation?"
_KEPT = (r"(?:including|counting|with|incl\.?)\s+(?:the\s+|all\s+)?(?:spaces|white\s*space|punctuation|"
         r"symbols)(?:\s*(?:,|and|&)\s*(?:the\s+)?(?:spaces|white\s*space|punctuation|symbols))?")
_KEPT_AT_END = re.compile(rf"\s*(?:,\s*|\(\s*|\s)(?:{_KEPT})\s*\)?(?P<end>\s*[?.!]*\s*)$", re.IGNORECASE)
_OPENING_QUOTE = re.compile(r"(?:^|(?<=\s))[\"'“‘`]")
_KINDS = re.compile(rf"(?:{_NON_SPACE}\s+(?:characters?|chars)|(?:characters?|chars)\s*,?\s*\(?\s*(?:{_LEAVE_OUT})"
                    rf"\s*\)?|characters\s+without\s+spaces)", re.IGNORECASE)


def spaces_left_out(question: str) -> tuple[str, bool]:
    """The question without the words that leave spaces out of its count, and whether it had them ("How many
    characters are in 'a b', not counting spaces?" -> ("How many characters are in 'a b'?", True)). Only after the
    thing counted, before any quote, or at the end of the question (before a colon's text, as count.py reads one):
    "How many words are in 'without spaces'?" and "How many characters are in this: a b without spaces" keep their
    texts."""
    head, colon, tail = question.partition(":")
    asked, text = (head, colon + tail) if colon and tail.strip() else (question, "")
    quote = _OPENING_QUOTE.search(asked)
    after = _AFTER_KIND.search(asked[:quote.start() if quote is not None else len(asked)])
    if after is not None:
        kind = after.group("kind") or after.group("non")
        return asked[:after.start()] + kind + asked[after.end():] + text, True
    end = _AT_END.search(asked)
    if end is not None and end.start() > 0:
        return asked[:end.start()] + end.group("end") + text, True
    kept = _KEPT_AT_END.search(asked)
    counted = asked[:quote.start() if quote is not None else len(asked)]  # (the words before any quoted text)
    if kept is not None and kept.start() > 0 and re.search(r"\bchar(?:acter)?s?\b", counted, re.IGNORECASE):
        return asked[:kept.start()] + kept.group("end") + text, False  # (a character count keeps them)
    return question, False


def no_spaces_kind(what: str) -> bool:
    """Whether a count's `what` asks for characters without spaces ("non-space characters", "chars excluding
    spaces"): the model may say it so, as the question did."""
    return _KINDS.fullmatch(" ".join(what.split())) is not None


def without_spaces(text: str, subject: str) -> tuple[int, str]:
    """How many characters `text` has that are not spaces (nor tabs or line breaks), said with the count with them:
    an answer may give either, and the check reads the first (the data's `count`)."""
    n, spaces = len(text), sum(c.isspace() for c in text)
    kept = n - spaces
    noun = "character" if kept == 1 else "characters"
    if not spaces:
        return kept, f"{subject} has {kept:,} {noun} (no spaces in it)."
    breaks = " or line breaks" if "\n" in text else ""
    return kept, f"{subject} has {kept:,} {noun} not counting spaces{breaks} ({n:,} with them)."
