"""The `text` tool: a list sorted or rid of its duplicates, a text reversed or written in another case
(snake_case, camelCase, …), whether a text is a palindrome or two are anagrams, and every email address, URL, IP
address or number in a text — done, not imagined.

A model reads text as tokens, not letters: the 1.5B sorted "Zoe, adam, Émile, bob, Carl" as "Adam, Carl, Émile,
Zoe, Bob", reversed "stressed desserts" (a palindrome) as "desserts stressed" and, asked for the email addresses
in a text with three, listed two. `text_asked` recognises a message that plainly asks for one of these, so that it
goes to the tool before the model answers (chat/conversation.py's exact step). A list is its lines, else its
comma- or semicolon-separated items, else its words; alphabetical order ignores case and accents and puts numbers
in a name in their order (natsort: file2 before file10). Asked to sort "Ada Lovelace, Alan Turing, Grace Hopper,
Edsger Dijkstra" by last name, the 1.5B put Lovelace first and Turing last: `by="last"` sorts on each item's last
word (Dijkstra, Hopper, Lovelace, Turing). "Reverse the order of these lines" of a piped list is its lines reversed.

Asked to "remove the duplicates and keep the order" of "pear, fig, pear, kiwi, fig, lime", the 1.5B answered "kiwi,
lime" (the items seen once): `unique` keeps each item's first appearance, in order; with `count` its result is how
many distinct items there are ("How many different colours are in this list?"), and a sort with `unique` drops them
too ("Sort these and remove duplicates"). A list's items are compared as written: "Apple" and "apple" are two (a
name, a file, a code may differ by case alone), and where that happens the number ignoring case is said beside it;
a list whose commas may part one item ("'New York, NY'", "(1, 2)", "1,000") is not compared but declined (give the
items one a line). How a question asking for them is recognised, and what is left to the model: dupequestions.py;
a list's items as the tool reads them: listitems.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from titlecase import titlecase

from llorch.errors import ToolError
from llorch.tools.asking import (LEAD, WHAT, asked_parts, clipped, cut, joined_items, quoted_texts, shown,
                                 shown_first, subject, unquoted)
from llorch.tools.base import ToolContext, ToolResult
from llorch.tools.dupequestions import sort_dedupe, unique_asked
from llorch.tools.extract import extract, extract_asked
from llorch.tools.lengthsort import length_asked, length_sorted
from llorch.tools.listitems import compared_items, fold, items, number, unquoted_items

__all__ = ["ACTIONS", "SORT_BY", "TextTool", "compare", "text_asked", "transform"]

_CASES = ("upper", "lower", "title", "snake", "camel", "pascal", "kebab", "constant")
ACTIONS = ("sort", "unique", "reverse", "reverse_words", "reverse_items", *_CASES, "palindrome", "anagram", "compare",
           "extract")
SORT_BY = ("item", "last", "length")  # on each whole item, on its last word (a surname), or on its length
_MAX_TEXT = 1_000_000
_MAX_ITEMS = 100_000


def transform(action: str, text: str, *, descending: bool = False, other: str = "", by: str = "item",
              unique: bool = False, count: bool = False) -> tuple[Any, str]:
    """`text` sorted (on each whole item, by="last" on its last word, by="length" on its number of characters,
    ties in the order given: lengthsort.py; with `unique`, each item once),
    deduplicated (with `count`, the result is how many distinct items it has), reversed, recased or checked by
    `action` (one of ACTIONS): the result, and it said in a sentence."""
    if len(text) > _MAX_TEXT:
        raise ToolError(f"text: the text is {len(text):,} characters; the limit is {_MAX_TEXT:,}")
    if not text.strip():
        raise ToolError("text: give a text or a list (items on lines, or separated by commas)")
    if action in ("sort", "unique", "reverse_items"):
        if by not in SORT_BY:
            raise ToolError(f"text: by must be one of {', '.join(SORT_BY)}, got {by!r}")
        return _listed(action, text, descending, by, unique=unique, count=count)
    if action == "reverse":
        out = text[::-1]
        same = " (the same: it reads the same both ways)" if out == text else ""
        return out, f"{shown_first(text, 200)} reversed, character by character, is {shown(out, 200)}{same}"
    if action == "reverse_words":
        out = " ".join(reversed(text.split()))
        return out, f"The words of {shown(text, 200)} in reverse order: {shown(out, 200)}"
    if action in _CASES:
        out = _recased(action, text)
        return out, f"{shown_first(text, 200)} in {_CASE_NAMES[action]} is {shown(out, 200)}"
    if action == "palindrome":
        letters = [c for c in fold(text) if c.isalnum()]
        if not letters:
            raise ToolError(f"text: {shown(text)} has no letters or digits to read both ways")
        ok = letters == letters[::-1]
        how = "" if text == text[::-1] else " (ignoring case, spaces and punctuation)"
        reads = "".join(letters)
        return ok, (f"Yes: {shown(text, 200)} is a palindrome{how}: it reads “{reads}” both ways" if ok else
                    f"No: {shown(text, 200)} is not a palindrome: backwards it reads “{''.join(letters[::-1])}”, "
                    f"not “{reads}”")
    if action == "anagram":
        if not other.strip():
            raise ToolError("text: anagram compares two texts: give the second as `other`")
        a, b = (sorted(c for c in fold(t) if c.isalnum()) for t in (text, other))
        ok = a == b and fold(text).strip() != fold(other).strip()
        if ok:
            return True, (f"Yes: {shown(text)} and {shown(other)} are anagrams: both are the letters "
                          f"{''.join(a)} (ignoring case, spaces and punctuation)")
        why = "they are the same text" if a == b else _letters_apart(a, b, text, other)
        return False, f"No: {shown(text)} and {shown(other)} are not anagrams: {why}"
    raise ToolError(f"text: unknown action {action!r}; actions: {', '.join(ACTIONS)}")


def compare(text: str, other: str) -> tuple[dict[str, Any], str]:
    """Whether two texts are the same and, where not, how they differ: for one word each (a hash, a key, a
    version string) where the characters first differ and how many differ; for sentences, the words replaced,
    added and removed, in order (the 1.5B, asked how 'the quick brown fox jumps' and 'the quick red fox jumped'
    differ, named brown and red and missed jumps and jumped)."""
    for t in (text, other):
        if len(t) > _MAX_TEXT:
            raise ToolError(f"text: the text is {len(t):,} characters; the limit is {_MAX_TEXT:,}")
    if not text.strip() or not other.strip():
        raise ToolError("text: compare takes two texts: give the second as `other`")
    a, b = shown(text, 200), shown(other, 200)
    if text == other:
        return {"same": True, "changes": []}, f"Yes: {a} and {b} are the same ({len(text):,} characters)"
    if text.strip() == other.strip() or " ".join(text.split()) == " ".join(other.split()):
        return {"same": False, "changes": [], "only": "spacing"}, (f"No: {a} and {b} differ only in spacing (the "
                                                                   "same words; spaces, tabs or line ends differ)")
    if fold(text) == fold(other):
        return {"same": False, "changes": [], "only": "case"}, f"No: {a} and {b} differ only in case or accents"
    if len(text.split()) == 1 and len(other.split()) == 1:
        x, y = text.strip(), other.strip()
        at = next((k for k, (c, d) in enumerate(zip(x, y)) if c != d), min(len(x), len(y)))
        where = (f"they first differ at character {at + 1} ({x[at]!r} and {y[at]!r})" if at < min(len(x), len(y))
                 else f"one is the other with {abs(len(x) - len(y))} more character(s) at the end")
        differ = sum(c != d for c, d in zip(x, y))
        count = (f"; {differ} of their {len(x)} characters differ{'s' if differ == 1 else ''}" if len(x) == len(y)
                 else f"; they are {len(x)} and {len(y)} characters long")
        return ({"same": False, "changes": [], "first_difference": at + 1},
                f"No: {a} and {b} are not the same: {where}{count}")
    from difflib import SequenceMatcher

    words, others = text.split(), other.split()
    changes: list[dict[str, str]] = []
    said: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(a=words, b=others, autojunk=False).get_opcodes():
        old, new = " ".join(words[i1:i2]), " ".join(others[j1:j2])
        if op == "replace":
            changes.append({"from": old, "to": new})
            said.append(f"“{old}” → “{new}”")
        elif op == "delete":
            changes.append({"from": old, "to": ""})
            said.append(f"“{old}” removed")
        elif op == "insert":
            changes.append({"from": "", "to": new})
            said.append(f"“{new}” added")
    shown_changes = "; ".join(said[:50]) + (f"; … ({len(said) - 50} more)" if len(said) > 50 else "")
    return ({"same": False, "changes": changes},
            f"No: {a} and {b} differ in {len(changes)} place{'' if len(changes) == 1 else 's'}, word by word: "
            f"{shown_changes}")


def _letters_apart(a: list[str], b: list[str], text: str, other: str) -> str:
    from collections import Counter

    more, fewer = Counter(a) - Counter(b), Counter(b) - Counter(a)
    said = [f"{shown(text)} has {_letters(more)} more" if more else "", f"{shown(other)} has {_letters(fewer)} more"
            if fewer else ""]
    return "; ".join(s for s in said if s)


def _letters(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{n} × {c}" if n > 1 else c for c, n in sorted(counts.items()))


def _listed(action: str, text: str, descending: bool, by: str, *, unique: bool = False, count: bool = False
            ) -> tuple[list[str] | int, str]:
    found, separator = items(text)
    if len(found) > _MAX_ITEMS:
        raise ToolError(f"text: {len(found):,} items; the limit is {_MAX_ITEMS:,}")
    if len(found) < 2 and action != "unique":
        raise ToolError("text: give two or more items: on lines, or separated by commas")
    joined = "\n" if separator == "\n" else ", " if separator.strip() else " "
    if action == "unique":
        found = compared_items(found, separator, text)
        out = list(dict.fromkeys(found))
        gone = len(found) - len(out)
        twin = _case_twin(out)
        case = (f"case counts: “{twin[0]}” and “{twin[1]}” are kept apart; {_anycase(out):,} ignoring case"
                if twin else "")
        if count:  # ("How many different colours are in this list?": the number, the items beside it)
            return len(out), (f"The list has {len(out):,} distinct item{'' if len(out) == 1 else 's'} (of "
                              f"{len(found):,} in all: {_dropped(gone) or 'none repeated'}{'; ' + case if case else ''}"
                              f"): {joined_items(out, joined)}")
        return out, (f"The list without its duplicates: {joined_items(out, joined)} ({len(out):,} of {len(found):,} "
                     f"items: {gone:,} removed, first appearances kept in order{'; ' + case if case else ''})")
    if action == "reverse_items":
        out = found[::-1]
        named = "lines" if separator == "\n" else "items"
        return out, f"The {len(found):,} {named} in reverse order: {joined_items(out, joined)}"
    many, dropped, ignored = f"{len(found):,}", "", "case and accents ignored"
    if unique:  # ("Sort these and remove duplicates": each item once, then in order)
        found = compared_items(found, separator, text)
        kept = list(dict.fromkeys(found))
        many, dropped = f"{len(kept):,} distinct", _dropped(len(found) - len(kept))
        if len(kept) == 1:
            return kept, f"The list has 1 distinct item ({dropped}): {kept[0]}"
        twin = _case_twin(kept)
        if twin:  # (sorted without case, but kept apart by it: both said, neither contradicting the other)
            ignored = (f"sorted ignoring case and accents; duplicates compared as written, “{twin[0]}” and "
                       f"“{twin[1]}” both kept")
        found = kept
    if by == "length":
        return length_sorted(found, descending, joined, [f"{many} items", dropped] if dropped else [])
    numbers = [number(i) for i in found]
    if all(n is not None for n in numbers) and by == "item":
        keyed = sorted(zip(numbers, found), key=lambda p: p[0] or 0.0, reverse=descending)
        out = [item for _, item in keyed]
        way = "largest to smallest" if descending else "smallest to largest"
        return out, f"The {many} numbers from {way}{f' ({dropped})' if dropped else ''}: {joined_items(out, joined)}"
    from natsort import natsort_keygen

    natural = natsort_keygen(key=fold)
    way = "Z to A" if descending else "A to Z"
    notes = "".join(f"; {note}" for note in ("numbers in order: 2 before 10" if any(c.isdigit() for c in text) else "",
                                             dropped) if note)
    if by == "last":  # (the same last word: in the order of the whole item)
        out = sorted(found, key=lambda item: (natural(item.split()[-1]), natural(item)), reverse=descending)
        return out, (f"The {many} items in alphabetical order of their last word, {way} ({ignored}{notes}): "
                     f"{joined_items(out, joined)}")
    out = sorted(found, key=natural, reverse=descending)
    return out, f"The {many} items in alphabetical order, {way} ({ignored}{notes}): {joined_items(out, joined)}"


def _dropped(gone: int) -> str:
    """The repeats left out, said: "2 repeats dropped" ("" for none)."""
    return f"{gone:,} repeat{'' if gone == 1 else 's'} dropped" if gone else ""


def _case_twin(kept: list[str]) -> tuple[str, str] | None:
    """The first two distinct items that differ only in case ("Apple", "apple"), clipped to be said; or None."""
    first: dict[str, str] = {}
    for item in kept:
        key = item.casefold()
        if key in first:
            return clipped(first[key], 40), clipped(item, 40)
        first[key] = item
    return None


def _anycase(kept: list[str]) -> int:
    """How many distinct items there are ignoring case."""
    return len({i.casefold() for i in kept})


_CASE_NAMES = {"upper": "upper case", "lower": "lower case", "title": "title case", "snake": "snake_case",
               "camel": "camelCase", "pascal": "PascalCase", "kebab": "kebab-case", "constant": "CONSTANT_CASE"}


def _words(text: str) -> list[str]:
    """An identifier's or phrase's words: "parseHTTPResponse2" is parse, HTTP, Response2; "user_id" user, id."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^0-9A-Za-zÀ-ÖØ-öø-ÿ]+", spaced) if w]


def _recased(action: str, text: str) -> str:
    if action == "upper":
        return text.upper()
    if action == "lower":
        return text.lower()
    if action == "title":  # small words low: "The Lord of the Rings" (it said "The Lord Of The Rings"); a word in
        return str(titlecase(text))  # capitals kept as an acronym ("NASA"), unless the whole text is in capitals
    words = _words(text)
    if not words:
        raise ToolError(f"text: {shown(text)} has no words to write in {_CASE_NAMES[action]}")
    lower = [w.lower() for w in words]
    if action == "snake":
        return "_".join(lower)
    if action == "kebab":
        return "-".join(lower)
    if action == "constant":
        return "_".join(w.upper() for w in words)
    capitalised = [w[:1].upper() + w[1:].lower() for w in words]
    return "".join(capitalised) if action == "pascal" else lower[0] + "".join(capitalised[1:])



class TextTool:
    """Sort a list, drop its duplicates, reverse or recase a text, check a palindrome or an anagram, compare two
    texts, or pull every email address, URL, IP address or number out of a text."""

    name = "text"
    description = ("Sort a list (alphabetically, by number, by each item's last word or by length; with unique, "
                   "each item once), remove its duplicates or count its distinct items (unique with count), reverse "
                   "a text, its words or a list, write a text in UPPER, lower, Title, snake_case, camelCase, "
                   "PascalCase, kebab-case or CONSTANT_CASE, say whether it is a palindrome or an anagram of another, "
                   "compare two texts (the same? where do they differ?), or extract every email address, URL, IP "
                   "address, number, @mention or hashtag from a text, in order")
    parameters: Mapping[str, Any] = {
        "type": "object",
        "properties": {
            "action": {"type": "string", "enum": list(ACTIONS), "description": "what to do with the text"},
            "text": {"type": "string", "maxLength": _MAX_TEXT,
                     "description": "the text, or a list: items on lines or separated by commas"},
            "descending": {"type": "boolean", "description": "sort: largest (or Z, or longest) first"},
            "by": {"type": "string", "enum": list(SORT_BY), "default": "item",
                   "description": "sort: on each whole item, on its last word (\"last\": people by last name), or "
                                  "on its number of characters (\"length\": shortest first)"},
            "unique": {"type": "boolean", "description": "sort: drop the duplicates too (each item once)"},
            "count": {"type": "boolean", "description": "unique: say how many distinct items the list has (the "
                                                        "result is that number)"},
            "other": {"type": "string", "maxLength": _MAX_TEXT, "description": "anagram, compare: the second text"},
            "what": {"type": "string", "description": "extract: what to pull out of the text: emails, urls, ips "
                                                      "(or ipv4, ipv6), numbers, mentions, hashtags or domains"},
            "most": {"type": "boolean", "description": "extract: which comes most often, and how many times"},
        },
        "required": ["action", "text"],
    }
    positional = ("action", "text", "other")
    write_actions: frozenset[str] = frozenset()
    examples: tuple[tuple[str, dict[str, Any]], ...] = (
        ("sort these alphabetically: pear, Apple, fig", {"action": "sort", "text": "pear, Apple, fig"}),
        ("extract the email addresses: ask ann@x.org or bo@y.com", {"action": "extract", "what": "emails",
                                                                    "text": "ask ann@x.org or bo@y.com"}),
    )

    def run(self, args: Mapping[str, Any], ctx: ToolContext) -> ToolResult:
        action = str(args.get("action", ""))
        if action == "extract":
            extracted, said = extract(str(args.get("what") or ""), str(args.get("text", "")), most=bool(args.get("most")))
            return ToolResult(said, {"action": action, **extracted})
        if action == "compare":
            found, said = compare(str(args.get("text", "")), str(args.get("other") or ""))
            return ToolResult(said, {"action": action, "result": found["same"], **found}, verdict=found["same"])
        result, said = transform(action, str(args.get("text", "")), descending=bool(args.get("descending")),
                                 other=str(args.get("other") or ""), by=str(args.get("by") or "item"),
                                 unique=bool(args.get("unique")), count=bool(args.get("count")))
        data: dict[str, Any] = {"action": action, "result": result}
        if action in ("sort", "unique", "reverse_items") and isinstance(result, list):
            data["first"], data["last"] = (result[0], result[-1]) if result else ("", "")
        elif action == "unique":  # how many distinct items (a number, as the count tool's), and how many ignoring
            # case where items differ by case alone: either reading is the asker's
            text = str(args.get("text", ""))
            anycase = _anycase(unquoted_items(items(text)[0]))
            data.update(distinct=result, **({"ignoring_case": anycase} if anycase != result else {}))
        return ToolResult(said, data, verdict=result if isinstance(result, bool) else None)  # (palindrome, anagram)


# --- recognising a plain request ----------------------------------------------------------------

_DOWN = (r"(?:from\s+)?(?:largest|biggest|highest|greatest|z)\s+to\s+(?:smallest|lowest|least|a)|in\s+descending\s+"
         r"order|descending|in\s+reverse(?:\s+alphabetical)?\s+order|reverse\s+alphabetically|from\s+high\s+to\s+low")
_UP = (r"(?:from\s+)?(?:smallest|lowest|least|a)\s+to\s+(?:largest|biggest|highest|greatest|z)|in\s+ascending\s+order|"
       r"ascending|alphabetically|in\s+alphabetical\s+order|in\s+(?:numerical|numeric)\s+order|numerically|in\s+order|"
       r"from\s+low\s+to\s+high|a-z")
_SORT = re.compile(LEAD + r"(?:sort|order|arrange|alphabeti[sz]e|put)" + WHAT + r"(?:\s+(?P<down>" + _DOWN
                   + r")|\s+(?:" + _UP + r"))?\s*$", re.I)
# "Sort these people by last name", "alphabetically by surname", "in reverse order of last name": a sort on each item's
# last word (by="last"); the phrase is taken out and the rest read as any sort ("Sort by pay" of a CSV stays declined)
_BY_LAST = re.compile(r"(?<!\s)(?:\s*,)?(?:\s+(?:by|on|according\s+to)|(?<=order)\s+of)\s+(?:(?:their|the|"
                      r"each(?:\s+(?:one|person))?['’]s)\s+)?(?P<names>last\s+names?|surnames?|family\s+names?)?"
                      r"(?(names)|"
                      r"(?:the\s+)?last\s+words?(?:\s+(?:of|in|on)\s+each(?:\s+(?:item|line|entry|one))?)?)"
                      r"(?:\s*,)?(?=\s|$)", re.I)
# "Reverse the order of these lines", "Put these lines in reverse order", "List these in reverse order": the items'
# order reversed, not their letters ("Reverse the string 'abc'") and not a sort ("Sort these in reverse order")
_REVERSE_ITEMS = re.compile(LEAD + r"(?:(?:reverse|flip|invert)\s+(?P<order>the\s+order\s+of\s+)?(?:(?:these|the|all\s+"
                            r"the|the\s+following|my)\s+)?(?P<what>lines|items|entries|rows|names|words)(?:\s+(?:below|"
                            r"here))?|(?:put|list|write|give|show|print|return)(?:\s+me)?\s+(?:these|them|the\s+"
                            r"following|th(?:is|e)\s+list|the\s+(?:lines|items|entries|names))(?:\s+(?P<what2>lines|"
                            r"items|entries|names))?\s+(?:in\s+(?:the\s+)?(?:reverse|reversed|opposite)\s+order|"
                            r"last\s+to\s+first))\s*[?.!:]*\s*$", re.I)


_REVERSE = re.compile(LEAD + r"(?:reverse|flip)(?:\s+(?:this|the|the\s+following|my))?(?:\s+(?P<what>string|text|"
                      r"(?:word|item)\s+order|word|"
                      r"sentence|phrase|letters|characters|name|line|list|order\s+of\s+(?:the\s+)?(?:words|items)|"
                      r"words|items))?(?:\s+(?:in|of))?(?P<rest>\s+.+)?$", re.I)
# ("What is the word 'stressed' spelled backwards?": the 1.5B was told "'stressed' spelled" reversed)
_BACKWARDS = re.compile(LEAD + r"(?:(?:what\s+is|what's|spell|write)\s+)(?P<rest>.+?)(?:\s+(?:spelled|spelt|written))?"
                        r"\s+(?:backwards?|in\s+reverse)\s*[?.!]*$", re.I)
_CASE_WORDS = {"upper": r"upper\s*case|uppercase|all\s+caps|caps|capitals|capital\s+letters",
               "lower": r"lower\s*case|lowercase|small\s+letters", "title": r"title[\s-]*case|titlecase",
               "snake": r"snake[\s_-]*case", "camel": r"(?:lower\s+)?camel[\s_-]*case",
               "pascal": r"pascal[\s_-]*case|upper\s+camel[\s_-]*case", "kebab": r"kebab[\s_-]*case|dash[\s_-]*case",
               "constant": r"constant[\s_-]*case|screaming[\s_-]*snake[\s_-]*case"}
_CASE = "|".join(f"(?P<{k}>{v})" for k, v in _CASE_WORDS.items())
_RECASE = [
    # "Convert to title case: the quick brown fox" (the text after the colon)
    re.compile(LEAD + r"(?:convert|change|turn|put|rewrite|format|transform)(?P<rest>)\s+(?:it\s+)?(?:to|into|in)\s+"
               r"(?:" + _CASE + r")\s*[?.!]*$", re.I),
    # "Convert 'helloWorld' to snake_case", "What is 'user id' in camelCase?", "make this uppercase: ..."
    re.compile(LEAD + r"(?:convert|change|turn|make|write|put|rewrite|format|transform)\s+(?P<rest>.+?)\s+(?:to|into|"
               r"in|as)\s+(?:" + _CASE + r")\s*[?.!]*$", re.I),
    re.compile(LEAD + r"(?:what\s+is|what's|what\s+would\s+be)\s+(?P<rest>.+?)\s+(?:in|as)\s+(?:" + _CASE
               + r")\s*[?.!]*$", re.I),
    re.compile(LEAD + r"(?:make|convert|change|turn)\s+(?P<rest>(?!(?:to|into|in|as)\s).+?)\s+(?:" + _CASE
               + r")\s*[?.!]*$", re.I),  # (not "Convert to uppercase": "to" is no text)
    # "uppercase this: …", "snake_case 'My Var'" (bare words after it are no text: "Uppercase or lowercase for SQL?")
    re.compile(LEAD + r"(?:" + _CASE + r")(?:\s+this)?(?P<rest>\s+[\"'“‘`].+)?$", re.I),
]
# A further request after the text to change: "…, then reverse it", "… . Also count the words."
_THEN = re.compile(r"(?:^|[.?!;,]\s+|\s)(?:and\s+then|then|also|after\s+that|next|and)\s+(?:translate|reverse|count|"
                   r"sort|convert|make|change|turn|tell|give|explain|summari[sz]e|write|add|remove|replace|put|show|"
                   r"list|check)\b", re.IGNORECASE)
_PALINDROME = re.compile(LEAD + r"is\s+(?P<rest>.+?)\s+a\s+palindrome\s*[?.!]*$", re.I)
_ANAGRAM = [
    re.compile(LEAD + r"(?:are|is)\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s+anagrams(?:\s+of\s+each\s+other)?\s*[?.!]*$",
               re.I),
    re.compile(LEAD + r"is\s+(?P<a>.+?)\s+an\s+anagram\s+of\s+(?P<b>.+?)\s*[?.!]*$", re.I),
]


# Two texts compared as text, not as ideas: "What's the difference between 'let' and 'const'?" asks what they mean,
# so a comparison is recognised only where the question calls them lines, strings, hashes (…) or they look like
# hashes or keys.
_COMPARE = re.compile(LEAD + r"(?:what(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?differen(?:ce|ces|t)\s+(?:between|in)|"
                      r"what\s+(?:changed|is\s+different|differs)\s+(?:between|in)|how\s+(?:do|does)"
                      r"\b.+\bdiffer|(?:are|is)\b.+\b(?:the\s+same|identical|equal|different)|do(?:es)?\b.+\bmatch|"
                      r"(?:compare|diff|check)\b)", re.I)
_AS_TEXT = re.compile(r"\b(?:lines?|strings?|texts?|sentences?|hash(?:es)?|checksums?|digests?|sums?|keys?|tokens?|"
                      r"outputs?|values?|ids?|uuids?|passwords?)\b", re.I)
_HASHLIKE = re.compile(r"^[A-Za-z0-9+/=_-]{16,}$")


def _compared(question: str, body: str) -> dict[str, Any] | None:
    """The two texts a question plainly asks to compare as texts, or None."""
    if not _COMPARE.match(question):
        return None
    quoted = quoted_texts(question)
    pair: list[str] = quoted if len(quoted) == 2 else []
    if not pair and body:
        found, _ = items(body)
        pair = found if len(found) == 2 else []
    if not pair:
        tokens = [t.strip(".,;:?!") for t in question.split()]
        pair = [t for t in tokens if _HASHLIKE.match(t) and any(c.isdigit() for c in t)]
        pair = pair if len(pair) == 2 else []
    if len(pair) != 2:
        return None
    if not (_AS_TEXT.search(question) or all(_HASHLIKE.match(t.strip()) for t in pair)):
        return None
    return {"action": "compare", "text": pair[0], "other": pair[1]}


def text_asked(message: str) -> dict[str, Any] | None:
    """The text tool's arguments for a message that plainly asks to sort a list or drop its duplicates, for a list's
    distinct items or how many there are ("How many different colours are in this list: …"), to reverse or recase a
    text, whether a text is a palindrome or two are anagrams, or for the email addresses (URLs, IP addresses,
    numbers) in a text; or None. The text is quoted, after a colon, or piped after the question (prose after a
    question mark is the user's own words, no list)."""
    if len(message) > _MAX_TEXT:
        return None
    for question, body in asked_parts(message):
        found = _compared(question.strip(), body) or _asked(question, body)
        if found is not None:
            return found
    return None




def _sort_asked(q: str, body: str, listed: tuple[list[str], str]) -> dict[str, Any] | None:
    """The sort a question asks of the list `body` (its items and separator `listed`), on each whole item or ("by
    last name") on its last word, and each item once where it asks the duplicates dropped too ("Sort these and
    remove duplicates"; not "… without removing duplicates", a plain sort)."""
    deduped = sort_dedupe(q, body, listed)
    if deduped is None:
        return None
    q, dedupe = deduped
    by_length = length_asked(q, body)  # ("Sort these words by length", "… from shortest to longest")
    if by_length is not None:
        return {**by_length, **({"unique": True} if dedupe else {})}
    by_last = _BY_LAST.search(q)
    if by_last is not None:
        q = cut(q, by_last)
    sort = _SORT.match(q.rstrip("?.! "))
    found, separator = listed
    if sort is None or len(found) < 2 or re.match(r".*\b(?:versions?|by)\b", q, re.I):
        return None  # ("Sort by pay" of a CSV the table tool could not place: a key, not a list's order; it sorted
        # the lines)
    if by_last and (separator == " " or by_last.group("names") and not all(
            re.search(r"[^\W\d_]", i.split()[-1]) and not re.search(r"[,;\t|]", i)
            and not re.fullmatch(r"(?:jr|sr|ii|iii|iv|phd|md|esq)\.?", i.split()[-1], re.I) for i in found)):
        return None  # a list of words (each its own last word); names written last name first ("Lovelace, Ada"),
        # a table's rows, one ending in no word or in a suffix ("Martin Luther King Jr.": not under J)
    return {"action": "sort", "text": body, **({"descending": True} if sort.group("down") else {}),
            **({"by": "last"} if by_last else {}), **({"unique": True} if dedupe else {})}


def _asked(question: str, body: str) -> dict[str, Any] | None:
    q = question.strip()
    extracted = extract_asked(q, body)
    if extracted is not None:
        return extracted
    listed = items(body) if body else ([], " ")  # (read once: the sort, the dedupe and the reversal share it)
    reversed_items = _REVERSE_ITEMS.match(q) if body else None
    what = ((reversed_items.group("what") or reversed_items.group("what2") or "").lower() if reversed_items else "")
    if reversed_items is not None and (reversed_items.group("order") or what not in ("names", "words")):
        # ("Reverse these names" may be their letters; "the words" is _REVERSE's)
        lines = what != "lines" or "\n" in body.strip()  # ("these lines" of one line: which are its lines?)
        action = "reverse_words" if what == "words" else "reverse_items"
        return {"action": action, "text": body} if lines and len(listed[0]) >= 2 else None
    sort = _sort_asked(q, body, listed) if body else None
    if sort is not None:
        return sort
    unique = unique_asked(q, body, listed) if body else None
    if unique is not None:
        return unique
    reverse = _REVERSE.match(q)
    if reverse is not None:
        what = (reverse.group("what") or "").lower()
        rest = (reverse.group("rest") or "").strip()
        if not what and rest and unquoted(rest.rstrip("?!.")) is None:
            return None  # bare words only after "the string", "the word": "Reverse engineer this binary" is no text
        if what.endswith("order") and rest and unquoted(re.sub(r"^(?:of|in)\s+", "", rest).rstrip("?!.")) is None:
            return None  # ("the word order of each sentence: …", "… so it sounds like Yoda: …": a text after a
            # colon or quoted, and nothing else)
        text = _named(rest, body)
        if text is None or what.endswith("order") and re.search(r"[.?!]\s+\S", text):
            return None  # ("… : red green blue. Why does English use SVO?": a second sentence)
        action = ("reverse_words" if "word" in what and what != "word" else "reverse_items" if what in ("list", "items")
                  or "item" in what else "reverse")
        if action == "reverse_items" and len(items(text)[0]) < 2:
            return None
        return {"action": action, "text": text}
    backwards = _BACKWARDS.match(q)
    if backwards is not None:
        text = _named(backwards.group("rest"), body)
        return {"action": "reverse", "text": text} if text is not None else None
    for pattern in _RECASE:
        match = pattern.match(q)
        if match is None:
            continue
        case = next(k for k in _CASE_WORDS if match.group(k))
        text = _named(match.group("rest"), body)
        if text is not None and _THEN.search(text):
            return None  # ("…: hello world. Then translate it to French.": a second request in the text)
        return {"action": case, "text": text} if text is not None else None
    palindrome = _PALINDROME.match(q)
    if palindrome is not None:
        text = _named(palindrome.group("rest"), body, words=12)
        return {"action": "palindrome", "text": text} if text is not None else None
    for pattern in _ANAGRAM:
        match = pattern.match(q)
        if match is not None:
            a, b = (_named(match.group(k), "", words=4) for k in ("a", "b"))
            return {"action": "anagram", "text": a, "other": b} if a and b else None
    return None


def _named(rest: str | None, body: str, *, words: int = 8) -> str | None:
    """The text a question names: quoted, "this"/"the following" with the text after it, or a few bare words."""
    said = (rest or "").strip().rstrip("?!.").strip()
    if said.startswith(":"):
        said = said[1:].strip()
    if not said:
        return body or None
    inner = unquoted(said)
    if inner is not None and not body:
        return inner or None
    return subject(said, body, words=words)
