"""The recognisers for a list's duplicates: dropped from a list ("Remove the duplicates and keep the order: …",
"Give me this list without duplicates: …", "Sort these and remove duplicates: …"), or its distinct items shown or
counted ("What are the unique items in this list?", "How many different colours are in this list: …"). A list's
items are compared as written ("Apple" and "apple" are two, said beside the result with the number ignoring
case); distinct words are the count tool's (countquestions.py: "How many different words are in: …", in any
case, as a reader counts them).

The recogniser leaves to the model what the tool would count confidently and wrongly: prose or code for a list,
"the unique features of: …", items the asker may take as one ("apple" and "apples", "1" and "1.0", "Bob" and
"bob" counted, "2 cups flour"), a numbered or bulleted list, a note line, a column's name at its head.
"""

from __future__ import annotations

import re
from typing import Any

from llorch.tools.asking import LEAD, POLITE, WHAT, cut
from llorch.tools.countitems import plain_list
from llorch.tools.listitems import number, split_doubt, unquoted_items

__all__ = ["sort_dedupe", "unique_asked"]

_DUPS = (r"(?:the\s+|all\s+(?:the\s+)?|any\s+)?(?:duplicates?|dupes|doubles|repeats|repetitions|(?:duplicated?|"
         r"repeated)\s+\w+)")
_DROP = (r"(?:remove|delete|drop|strip(?:\s+out)?|take\s+out|get\s+rid\s+of|eliminate|filter\s+out|weed\s+out|"
         r"removing|deleting|dropping|stripping(?:\s+out)?|taking\s+out|getting\s+rid\s+of|eliminating|"
         r"filtering\s+out)")
_DEDUPE = r"(?:dedupe|dedup|de-?duplicate|uniq(?:ue)?|uniquify)"
# "…, keeping the order", "… and keep the original order", "… in the same order", "… but don't sort them"
_IN_ORDER = (r"(?:(?:\s*,)?(?:\s+(?:and|but|while|whilst))?\s+(?:(?:keep(?:ing)?|preserv(?:e|ing)|maintain(?:ing)?|"
             r"retain(?:ing)?)\s+(?:the\s+|their\s+|its\s+)?(?:(?:original|same|existing|current|initial|given)\s+)?"
             r"order(?:\s+(?:the\s+same|intact|unchanged))?|(?:keep(?:ing)?|retain(?:ing)?)\s+(?:only\s+)?"
             r"(?:the\s+)?first\s+(?:one|occurrence|appearance|instance|copy)s?(?:\s+of\s+each(?:\s+one)?)?|"
             r"(?:not|don['’]t|do\s+not|without)\s+(?:chang(?:e|ing)|sort(?:ing)?|reorder(?:ing)?)(?:\s+(?:the\s+"
             r"order|them|it|the\s+list))?)|(?:\s*,)?\s+in\s+(?:the\s+|their\s+)?(?:same|original|given|existing|"
             r"current)\s+order|(?:\s*,)?\s+in\s+order\s+of\s+(?:first\s+)?appearance)")
_UNIQUE = re.compile(
    r"(?P<main>" + LEAD + r"(?:" + _DROP + r"\s+" + _DUPS + r"(?:\s+(?:from|in|of)" + WHAT + r")?|" + _DEDUPE + WHAT
    # "Give me this list without duplicates", "List these without repeats", "… with the duplicates removed"
    + r"|(?:give|show|list|print|write(?:\s+out)?|return|output|rewrite|send|repeat|get|i\s+(?:want|need)|can\s+i\s+"
    r"(?:have|get))(?:\s+me)?(?:\s+(?:these|this|them|that|it|the|my|the\s+following))?(?:\s+(?:list|items|names|"
    r"words|values|entries|lines|elements|ones|numbers|things))?(?:\s+(?:again|back))?\s+(?:(?:without|with\s+no|"
    r"minus|free\s+of)\s+" + _DUPS + r"|with\s+" + _DUPS + r"\s+(?:removed|deleted|dropped|taken\s+out|stripped(?:\s+"
    r"out)?|eliminated|filtered\s+out|gone))))(?:" + _IN_ORDER + r")?(?:" + POLITE + r"){0,2}\s*$", re.I)
# ("Make these unique: id, id, name" may ask them renamed: no dedupe)
# ("Dedupe and sort": _SORT_UNIQUE's, each item once in order; "Remove duplicates and sort by date" is no plain one)
_SORTING = re.compile(r"\b(?:and|then|&)\s+(?:then\s+)?(?:sort|order|alphabeti[sz]e|arrange)\b|\b(?:sort|order|"
                      r"alphabeti[sz]e|arrange)\s+(?:\w+\s+)?(?:and|then|&)\b", re.I)
# A sort that drops the duplicates too: "Sort these and remove duplicates", "Sort and dedupe", "Sort these, removing
# the duplicates", "Sort these without duplicates", "Sort the unique values"; "Remove duplicates and sort: …". Each
# way starts after a word, not inside a run of spaces (tried from every space of a run, a search is quadratic).
_SORT_UNIQUE = re.compile(r"(?<!\s)(?:(?:\s*,)?\s+(?:(?:and|then|&)\s+(?:then\s+)?)?" + _DROP + r"\s+" + _DUPS
                          + r"(?:\s+from\s+(?:them|it))?|(?:\s*,)?\s+(?:and|then|&)\s+(?:then\s+)?" + _DEDUPE
                          + r"(?:\s+(?:them|it))?|\s+(?:without|with\s+no)\s+" + _DUPS
                          + r"|\s+(?:unique|distinct)(?=\s|$))", re.I)
_UNIQUE_SORT = re.compile(LEAD + r"(?:" + _DROP + r"\s+" + _DUPS + r"|" + _DEDUPE + r")(?:\s+(?:from\s+)?(?:these|"
                          r"them|this\s+list|the\s+list|this|the\s+following))?(?:\s*,)?\s+(?:and|then|&)(?:\s+then)?"
                          r"(?=\s+(?:sort|order|alphabeti[sz]e|arrange|put)\b)", re.I)
# A sort asked to keep its duplicates: "Sort these without removing duplicates", "… but don't delete the repeats",
# "…, keeping the duplicates" (a plain sort: every item kept), never one that drops them.
_KEPT_DUPS = re.compile(r"(?<!\s)(?:\s*,)?\s+(?:(?:and|but|while)\s+)?(?:(?:without|not|never|don['’]t|do\s+not|no)"
                        r"\s+(?:\w+\s+)?" + _DROP + r"\s+" + _DUPS + r"|(?:keep(?:ing)?|leav(?:e|ing)(?:\s+in)?|"
                        r"retain(?:ing)?|preserv(?:e|ing)|includ(?:e|ing))\s+" + _DUPS + r"(?:\s+(?:in|intact))?)"
                        r"(?:\s+(?:from\s+)?(?:them|it))?", re.I)
# Asked to compare items in any case ("Count the unique names, ignoring case"): the tool compares them as written.
_ANY_CASE = re.compile(r"\bignor(?:e|es|ed|ing)\s+(?:the\s+)?(?:letter\s+)?case\b|\bcase[\s-]*insensitive|"
                       r"\b(?:regardless|irrespective)\s+of\s+(?:the\s+)?(?:letter\s+)?case\b|\bnot\s+case[\s-]*"
                       r"sensitive", re.I)
_END = r"\s*[?.!:]*\s*$"
_HOW = r"(?P<how>unique|distinct|different)"
_NOUN = r"(?P<noun>(?:(?:kinds?|types?|sorts?)\s+of\s+)?[^\W\d_]+)"  # "items", "colours", "kinds of fruit"
_HOLDER = (r"(?:(?:this|that|the|these|those|my|the\s+following|it|them)(?:\s+(?:list|set|array|column|lot|group|"
           r"collection|ones))?)")
# ("of" is no list's: "the unique features of: Rust, Go, Zig" asks what each is like, "the distinct advantages of")
_AMONG = (r"(?:\s+(?P<among>in|on|from|among|within)(?:\s+" + _HOLDER + r")?)?(?:\s+(?:here|below|above))?")
# The distinct items themselves: "Show only the unique values", "What are the unique items in this list?" (of items,
# values, names… or of a list the question calls one: "What are the different fruits in this list?"). ("Keep only
# the unique items" may mean the items seen once: no such list.)
_DISTINCT_LISTED = [
    re.compile(LEAD + r"(?:show|list|give|print|return|get|extract|find|output|write|pull\s+out|tell)(?:\s+me)?\s+"
               r"(?:only\s+|just\s+)?(?:the\s+|all\s+(?:the\s+)?)?" + _HOW + r"\s+" + _NOUN + r"(?:\s+only)?" + _AMONG
               + _END, re.I),
    re.compile(LEAD + r"(?:tell\s+me\s+)?(?:what|which)(?:\s+(?:are|were)|['’]re)\s+(?:the\s+|all\s+(?:the\s+)?)?"
               + _HOW + r"\s+" + _NOUN + _AMONG + _END, re.I),
]
# How many there are: "How many different colours are in this list?", "Count the distinct items", "What's the number
# of unique values in this list?", "How many items are left after removing duplicates?" (a noun of items, values,
# names…, or any noun "in", "from" or "among" the list)
_DISTINCT_COUNTED = [
    re.compile(LEAD + r"(?:tell\s+me\s+)?how\s+many\s+" + _HOW + r"\s+" + _NOUN + r"(?:(?:\s+(?:are|is|were)(?:\s+"
               r"there)?|\s+there\s+are)?" + _AMONG + r"|\s+(?:does|do)\s+" + _HOLDER + r"\s+(?:have|contain|hold|"
               r"include|list))" + _END, re.I),
    re.compile(LEAD + r"count\s+(?:up\s+)?(?:the\s+)?(?:number\s+of\s+)?" + _HOW + r"\s+" + _NOUN + _AMONG + _END,
               re.I),
    re.compile(LEAD + r"(?:(?:what(?:['’]s|\s+is)|tell\s+me|give\s+me|find)\s+)?the\s+(?:number|count)\s+of\s+" + _HOW
               + r"\s+" + _NOUN + _AMONG + _END, re.I),
    re.compile(LEAD + r"how\s+many\s+" + _NOUN + r"\s+(?:are\s+)?(?:left|remain|remaining|are\s+there)\s+(?:after|"
               r"once|when|if)\s+(?:i\s+|you\s+|we\s+)?(?P<dropped>" + _DROP + r"\s+" + _DUPS + r"|dedup(?:e|ing)|"
               r"de-?duplicat(?:e|ing))" + _END, re.I),
]
_INSIDE_LIST = frozenset({"in", "within", "from", "among"})  # (a list's own items, of any noun: "… in this list")
# Items a list holds are no words, lines, letters or IP addresses (the count tool's), nor ways or arrangements.
_NOT_ITEMS = frozenset({"word", "words", "line", "lines", "letter", "letters", "character", "characters", "chars",
                        "digits", "vowels", "consonants", "sentences", "ip", "ips", "ipv4", "ipv6", "ways",
                        "combinations", "permutations", "arrangements", "possibilities", "outcomes", "orders"})
# What a list is a list of, whatever it holds: the distinct ones may be asked of any list (of other nouns, only of
# one the question calls a list, or "these"; and a list of words written with spaces alone only of these)
_GENERIC = frozenset({"items", "values", "elements", "entries", "things", "tokens", "names", "numbers", "strings",
                      "ids", "ones", "terms", "tags", "codes", "keys", "labels"})
# A body that reads as code, not a list: a call or definition before a colon ("def f(a, b, a): pass"), an
# assignment or comparison, braces, statements ending in semicolons
_CODE = re.compile(r"\)\s*:|=|[{}]|;[ \t]*$", re.M)
# An item that is a quantity of something ("2 bananas", "1 cup flour"): the things may be the same
# What is no item of the list itself: a number or bullet before it, a note after a colon, an "etc.", a signature
_NOT_AN_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*+•])\s|:(?:\s|$)|^\s*(?:\.\.\.|…|etc\.?|--.*)\s*$", re.I)
_NUMBERED = re.compile(r"^\s*\d+[.)]\s")
# A sentence's small words: a run of words with two of them is prose, not a list of things
_PROSE_WORDS = frozenset({"the", "a", "an", "is", "are", "was", "were", "and", "or", "of", "on", "in", "to", "that",
                          "this", "it", "i", "we", "you", "for", "with", "be", "at", "by"})


def _headed(found: list[str], noun: str, question: str) -> bool:
    """Whether a list may open with its column's name ("status", then ok, failed, ok): the question asks of a
    column, the first item names the others ("values", the question's noun), or it alone is in lower case."""
    first = found[0].strip().casefold()
    return (re.search(r"\bcolumn\b", question, re.I) is not None
            or first in {noun, noun.removesuffix("s"), "name", "names", "item", "items", "value", "values", "status",
                         "list"}
            or found[0][:1].islower() and all(item[:1].isupper() for item in found[1:]))


_QUANTITY = re.compile(r"[-+]?\d[\d.,/]*\s+[^\W\d_]")


def sort_dedupe(q: str, body: str, listed: tuple[list[str], str]) -> tuple[str, bool] | None:
    """A sort question's words about duplicates, for the sort of the list `body` (its items and separator `listed`):
    the question without them ("Sort these and remove duplicates" is "Sort these"; "… without removing duplicates"
    a plain sort) and whether to drop the duplicates; or None to decline the sort (both asked, duplicates in any
    case, a numbered list, a dedupe of items that may not be what the list's commas part)."""
    kept = _KEPT_DUPS.search(q)
    if kept is not None:
        q = cut(q, kept)
    dedupe = _UNIQUE_SORT.match(q) or _SORT_UNIQUE.search(q)
    if dedupe is not None:
        if kept is not None or _ANY_CASE.search(q):
            return None  # (both asked; duplicates in any case: the tool compares them as written)
        q = cut(q, dedupe)
    found, separator = listed
    if any(_NUMBERED.match(item) for item in found) or dedupe and any(_NOT_AN_ITEM.search(i) for i in found):
        return None  # ("1. pears / 2. apples": sorted by their numbers; a dedupe would compare the marks, notes)
    if dedupe and (split_doubt(unquoted_items(found), separator, body) or _CODE.search(body)):
        return None  # (its items may not be what its commas part: which are the same?)
    return q, dedupe is not None


def unique_asked(q: str, body: str, listed: tuple[list[str], str]) -> dict[str, Any] | None:
    """The unique action a question asks of the list `body` (its items and separator `listed`): its duplicates
    dropped, its distinct items shown ("What are the unique items?") or counted ("How many different colours are in
    this list?"); or None. Those shown or counted are declined where the asker may count two as one that the tool
    keeps apart (`_loose_twins`: "Bob" and "bob", "apple" and "apples", "1" and "1.0", "2 cups flour")."""
    if _ANY_CASE.search(q):
        return None  # (the tool compares items as written)
    drop = _UNIQUE.match(q.rstrip("?.! "))
    if drop is not None:
        if _SORTING.search(drop.group("main")) or not _listed_plainly(listed, body, "items", q):
            return None  # ("Dedupe and sort by date": not a plain dedupe; prose, code: no list)
        return {"action": "unique", "text": body}
    for patterns, count in ((_DISTINCT_LISTED, False), (_DISTINCT_COUNTED, True)):
        match = next((m for p in patterns if (m := p.match(q)) is not None), None)
        if match is None:
            continue
        noun = match.group("noun").split()[-1].lower()
        asked = match.groupdict()
        if noun in _NOT_ITEMS:
            return None
        if noun not in _GENERIC and not asked.get("dropped") and (
                (asked.get("among") or "").lower() not in _INSIDE_LIST if count
                else re.search(r"\b(?:list|these)\b", q, re.I) is None):
            return None  # ("the unique features of: Rust, Go", "the distinct advantages of …": what each is like)
        if not _listed_plainly(listed, body, noun, q):
            return None
        found = unquoted_items(listed[0])
        kept = list(dict.fromkeys(found))
        if not count and match.group("how").lower() == "different" and len(kept) == len(found):
            return None  # ("What are the different options here?" of a list with no repeats: what they are)
        if _loose_twins(kept):
            return None
        return {"action": "unique", "text": body, **({"count": True} if count else {})}
    return None


def _listed_plainly(listed: tuple[list[str], str], body: str, noun: str, question: str) -> bool:
    """Whether `body` (its items and separator `listed`) reads as a plain list whose duplicates or distinct `noun`
    a question may ask for. It does when it has two or more items and
    - is no code ("def f(a, b): …", "x = 1", braces, a semicolon at a line's end);
    - holds no item that may be more than one or part of one: a quote, bracket or parenthesis inside an item, a
      thousands comma ("'New York, NY'", "(1, 2)", "1,000": `split_doubt`; quotes around every item are fine);
    - has one item a line, as a plain list (countitems.py's `plain_list`) of six words a line at most; or items
      between commas or semicolons of three words each at most, none a sentence ("I ate an apple, then a pear" is
      no list of fruit); or words between spaces alone, no sentence, of a list the question calls one or of items,
      values or names (`_GENERIC`), none of them a sentence's small words ("the", "is", "on");
    - holds no item a list's own is not: numbered or bulleted ("1. pears", "- apples": the marks would be compared),
      a note ("Note: eggs twice", "Total: 4"), "etc." or "...", a signature's "--"; and does not open with its
      column's name ("status", then the values; a question about a column)."""
    found, separator = listed
    if len(found) < 2 or _CODE.search(body) or split_doubt(unquoted_items(found), separator, body):
        return False
    if any(_NOT_AN_ITEM.search(item) for item in found) or _headed(found, noun, question):
        return False  # ("1. pears", "- apples", "Note: …", "etc.", "-- sent from my phone"; a column's name first)
    if separator == "\n":
        return plain_list(body) and all(len(item.split()) <= 6 for item in found)
    if separator == " ":
        return ((noun in _GENERIC or re.search(r"\blist\b", question, re.I) is not None)
                and not re.search(r"[!?;:\"“”()]|\.(?:\s|$)", body)
                and len({word.casefold() for word in found} & _PROSE_WORDS) < 2)  # ("the meeting is on monday")
    return all(len(item.split()) <= 3 and not re.search(r"[.!?](?:\s|$)", item) for item in found)


def _loose_twins(kept: list[str]) -> bool:
    """Whether two distinct items (as written) may be one thing to the asker: the same in any case ("Bob", "bob"),
    but for a plural's "s" or "es" ("apple", "apples"), the same number ("2", "2.0"; True is 1), or an item is a
    quantity of something ("2 bananas", "1 cup flour": the things may repeat)."""
    seen: dict[Any, str] = {}
    for item in kept:
        if _QUANTITY.match(item):
            return True
        folded = item.casefold()
        value = number(item) if folded not in ("true", "false") else float(folded == "true")
        keys: set[Any] = {folded, folded.removesuffix("s"), *([folded[:-2]] if folded.endswith("es") else [])}
        keys = {k for k in keys if k} | ({("number", value)} if value is not None else set())
        if any(seen.get(k, item) != item for k in keys):
            return True
        seen.update((k, item) for k in keys)
    return False
