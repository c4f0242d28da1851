"""Questions that plainly ask for a count, recognised in a message: the letters, words, characters or lines of a
word or quoted text in it ("How many letters are in 'encyclopedia'?", "How many r's are in the word strawberry?"), of
the text after its colon ("How many words are in this sentence: ...") or of the text piped after the question (`cat
notes.txt | llorch run "How many words is this?"`); the lines that contain a text, the average word length, the
longest or shortest word; how many different words or lines a text has ("How many different words are in: apple
banana apple …", the 1.5B: 6 of a text with 3; words in any case, "Apple" is "apple", as a reader counts them). How
many distinct items a list has ("How many different colours are in this list: red, blue, red") is the text tool's
(text.py): a list's items are not its words ("New York, Boston, New York" has two).

`count_asked` reads such a message, so that it goes to the count tool before the model answers, as arithmetic goes
to `math` (exact.py, chat/conversation.py's exact step); anything else is None and stays the model's. The count's
other questions are read by their own modules and asked from here (countwords.py, letterfreq.py, countlines.py,
countips.py, countitems.py, countspaces.py, accesslogs.py, testsummary.py, logtally.py). The counting is count.py's,
apart, as timespan.py's working is from timespanquestions.py: the tool counts what it is given, however it was
asked.
"""

from __future__ import annotations

import re

from llorch.tools.accesslogs import requests_asked
from llorch.tools.count import ALIASES, KINDS, MAX_TEXT, PER_WORD, word_stat
from llorch.tools.countips import ips_asked
from llorch.tools.countitems import items_asked
from llorch.tools.countlines import edge_lines_asked
from llorch.tools.countspaces import NO_SPACES, spaces_left_out
from llorch.tools.countwords import common_words_asked
from llorch.tools.letterfreq import letter_kind, letters_asked
from llorch.tools.logtally import log_messages_asked
from llorch.tools.testsummary import tests_asked

__all__ = ["count_asked"]

_THING = (r"(?P<what>(?:unique|distinct|different|duplicate|duplicated|repeated)\s+(?:lines|words)|words?|characters?|"
          r"chars|letters?|lines?|vowels?|consonants?|digits?|sentences?"
          r"|(?:the\s+)?letter\s+['\"“‘]?\w['\"”’]?|['\"“‘]?\w['\"”’]?(?:'s|’s|s)?)")
_WORD = r"(?P<named>(?:the\s+)?(?:word|name|string|text|phrase)\s+)?"
_LEAD = r"^\s*(?:(?:hey|so|ok|okay)(?:\s*,\s+|\s+))?(?:(?:can|could)\s+you\s+(?:tell\s+me\s+|count\s+)?)?"
# "How many different words are in: apple banana apple …", "How many words are there in:" (of the text after the
# colon, or piped after it; the 1.5B said 6 different words of "apple banana apple cherry banana apple": 3). After
# the colon, only a text of `_BARE_WORDS` words or more: "How many words are in: War and Peace?" names a book.
_BARE_IN = re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:(?:are|is)\s+)?(?:there\s+)?(?:in|inside)(?P<text>)"
                      r"\s*[?.!:]*\s*$", re.IGNORECASE)
_BARE_WORDS = 8
_ASKED = [
    # "How many r's are in the word strawberry?", "how many letters in 'encyclopedia'"
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:are\s+(?:there\s+)?|is\s+(?:there\s+)?|does\s+)?"
               r"(?:in|inside)\s+" + _WORD + r"(?P<text>.+?)\s*(?:have)?\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many unique lines are there?", "How many duplicate lines are in this file?", "How many lines are there?"
    # (of the text piped after it)
    re.compile(_LEAD + r"how\s+many\s+(?P<what>(?:(?:unique|distinct|different|duplicate|duplicated|repeated)\s+)?"
               r"(?:lines|words))\s+(?:are\s+there|(?:are\s+)?(?:there\s+)?(?:in|does|do)\s+(?P<text>this|that|it|these|the\s+"
               r"following|this\s+(?:text|file|list|log|output))(?:\s+have|\s+contain)?)\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many words is this?", "How many lines does this have?" (of the text piped after it)
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:is|are|does|do)\s+(?:there\s+in\s+|in\s+)?"
               r"(?P<text>this(?:\s+(?:line|word|sentence|string|name|title|password))?|that|it|these|the\s+following)"
               r"(?:\s+(?:have|has|contain))?\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many characters does 'hello big world' have?", "How many letters does the word rhythm contain?" (the
    # 1.5B, asked it without the spaces: 12; 13)
    re.compile(_LEAD + r"how\s+many\s+" + _THING + r"\s+(?:does|do)\s+" + _WORD + r"(?P<text>.+?)\s+(?:have|has|"
               r"contain)\s*[?.!]*\s*$", re.IGNORECASE),
    # "How many times does the letter e appear in 'excellence'?"
    re.compile(_LEAD + r"how\s+many\s+times\s+does\s+(?:the\s+(?:letter|word)\s+)?"
               r"(?P<what>['\"“‘]?[\w']+['\"”’]?)\s+(?:appear|occur|show\s+up|come\s+up)\s+in\s+" + _WORD
               + r"(?P<text>.+?)\s*[?.!]*\s*$", re.IGNORECASE),
    # "Count the letters in 'mississippi'"
    re.compile(_LEAD + r"count\s+(?:the\s+(?:number\s+of\s+)?)?" + _THING + r"\s+in\s+" + _WORD
               + r"(?P<text>.+?)\s*[.!]*\s*$", re.IGNORECASE),
    _BARE_IN,
    # "Count the distinct words: …", "Count the unique lines", "Count the words in this:" (of the text after it)
    re.compile(_LEAD + r"count\s+(?:up\s+)?(?:the\s+)?(?:number\s+of\s+)?(?P<what>(?:(?:unique|distinct|different|"
               r"duplicate|duplicated|repeated)\s+)?(?:lines|words)|characters|letters|vowels|consonants|digits|"
               r"sentences)(?:\s+(?:in|of)\s+(?P<text>this|that|it|these|the\s+following|this\s+(?:text|file|list|"
               r"log|output|sentence)))?\s*[.!]*\s*$", re.IGNORECASE),
]
# The text after a colon ("How many words are in this sentence: the quick brown fox ...") or piped after the question.
_NOUNS = (r"sentence|text|file|message|paragraph|document|list|string|passage|essay|note|email|line|word|name|title|"
          r"headline|tweet|url|password|command|subject\s+line")
_THIS = re.compile(r"^(?:this|these|that|the\s+following|the\s+text(?:\s+below)?|my\s+text|the\s+sentence|this\s+"
                   r"(?:" + _NOUNS + r")|it)"
                   r"(?:\s+below)?(?:\s+(?:have|has|contain|contains))?$", re.IGNORECASE)
_QUOTED = re.compile(r"^(?:[\"“](?P<double>[^\"“”]+)[\"”]|['‘](?P<single>[^'‘’]+)['’])$")


# "How many lines contain ERROR?", "How many lines have 'disk full' in them?", "Count the lines with TODO",
# "How many ERROR lines are there?", "In how many lines does 'timeout' appear?" (of the text after the question)
_TARGET = r"(?P<target>[\"“][^\"“”]+[\"”]|['‘][^'‘’]+['’]|`[^`]+`|[^\s\"'“‘`][^\s]*?)"
_OF_IT = (r"(?:\s+(?:in\s+(?:them|it)|on\s+them))?(?:\s+(?:in|of)\s+(?:this|that|it|the\s+(?:following|text|file|log|"
          r"output|list)|this\s+(?:text|file|log|output|list))(?:\s+below)?|\s+below|\s+here)?")
_IN_THIS = (r"(?:in|of)\s+(?:(?:this|that|the|my)\s+(?:log\s+)?(?:text|file|log|output|list|input|document)|this|"
            r"that|it)")
_LINES_ASKED = [
    # "How many lines in this file mention ERROR?", "Count the lines that contain 'disk full'"
    re.compile(_LEAD + r"(?:how\s+many|count\s+(?:the\s+)?(?:number\s+of\s+)?|(?:what(?:'s|’s|\s+is)\s+)?the\s+"
               r"number\s+of\s+)\s*(?:log\s+)?lines\s+(?:" + _IN_THIS + r"\s+)?(?:are\s+there\s+)?"
               r"(?:that\s+|which\s+)?(?P<verb>contains?|containing|have|has|having|includes?|including|mentions?|"
               r"mentioning|match|matches|matching|with)\s+(?P<word>the\s+(?:word|string|text|phrase)\s+)?"
               + _TARGET + _OF_IT + r"(?:\s+are\s+there)?\s*[?.!]*\s*$", re.IGNORECASE),
    re.compile(_LEAD + r"(?:in\s+)?how\s+many\s+lines\s+(?:does|do)\s+(?P<word>the\s+(?:word|string|text|phrase)\s+)?"
               + _TARGET + r"\s+(?P<verb>appear|occur|show\s+up)(?:\s+(?:in|on))?" + _OF_IT + r"\s*[?.!]*\s*$",
               re.IGNORECASE),
    re.compile(_LEAD + r"how\s+many\s+" + _TARGET.replace("target>", "upper>") + r"\s+lines\s+(?:are\s+there|"
               r"(?:are\s+)?in\s+(?:this|that|it|the\s+(?:text|file|log|output))|does\s+(?:this|it)\s+have|"
               r"(?:are\s+)?(?:here|below))?\s*[?.!]*\s*$", re.IGNORECASE),
]
_QUOTES = "\"“”'‘’`"


def _lines_asked(question: str, body: str) -> dict[str, str] | None:
    """count's arguments for a plain question about the lines of `body` that contain a text, or None. A bare
    word is taken when it reads as a string to look for: quoted, or with a capital, digit or sign in it
    ("ERROR", "404", "/api"), or a lower-case word the question says lines contain or mention ("timeout"); "How
    many lines have semicolons?" or "… with comments?" ask about kinds of line, which stay the model's."""
    if not body:
        return None
    for pattern in _LINES_ASKED:
        match = pattern.match(question)
        if match is None:
            continue
        groups = match.groupdict()
        raw = groups.get("target") or groups.get("upper") or ""
        quoted = raw[:1] in _QUOTES
        target = raw.strip(_QUOTES) if quoted else raw.rstrip("?.!,;")
        plain = re.fullmatch(r"[a-z]+", target) is not None
        if groups.get("upper") is not None and not quoted and (plain or target.lower() in ("the", "these", "those")):
            return None  # "How many blank lines are there?": a kind of line
        verb = (groups.get("verb") or "").lower()
        if plain and not quoted and not groups.get("word") and (
                not verb.startswith(("contain", "mention", "includ", "appear", "occur", "show"))
                or (target.endswith("s") and len(target) > 3) or target in ("a", "an", "the", "any", "more", "no")):
            return None
        return {"text": body, "what": "lines", "containing": target} if target.strip() else None
    return None


# "What's the average word length in this sentence?", "the mean word length of 'to be or not to be'", "What is the
# average number of letters per word?" (of the text after it), "What's the longest word in this?"
_STATS_ASKED = re.compile(
    _LEAD + r"(?:(?:what(?:'s|’s|\s+is|\s+are)|which\s+(?:is|are)|calculate|compute|find|give\s+me|tell\s+me|"
    r"get)\s+)?(?:the\s+)?(?P<what>(?:average|mean)\s+" + PER_WORD + r"|(?:longest|shortest)\s+words?)"
    r"(?:\s+(?:in|of|for)\s+" + _WORD + r"(?P<text>.+?))?(?:\s+(?:here|below))?\s*[?.!]*\s*$", re.IGNORECASE)


def _stats_asked(asked: str, body: str, more: bool) -> dict[str, str] | None:
    """count's arguments for the average word length, or the longest or shortest word, of a quoted text in `asked`
    or of `body` (the text after it; `more`: a colon's text and more after it), or None. "The longest word in
    English" is not a text: the model's."""
    match = _STATS_ASKED.match(asked)
    if match is None:
        return _which_word_asked(asked, body, more)
    stat = word_stat(match.group("what"))
    what = "average word length" if stat == "average" else f"{stat} word"
    subject = (match.group("text") or "this").strip()
    if _THIS.match(subject) or re.fullmatch(_IN_THIS, f"in {subject}", re.IGNORECASE):
        return {"text": body, "what": what} if body and not more else None
    quoted = _QUOTED.match(subject)
    if quoted is None or body:
        return None
    return {"text": quoted.group("double") or quoted.group("single"), "what": what}


# "Which of these words is the longest?", "Which word is the shortest?", "Which of these is the longest word?" (of
# the words after it): "word" said, as "Which one is longest?" of cat, elephant and python asks of the animals
_WHICH_WORD = re.compile(
    _LEAD + r"(?:which|what)(?:\s+one)?(?:\s+of\s+(?:these|those|the\s+following|the|them)(?:\s+words)?|\s+word)?"
    r"(?:\s+(?:in|on|of|from)\s+(?:this|the|my)\s+(?:list|text))?(?:\s+(?:here|below))?\s+is\s+(?:the\s+)?"
    r"(?P<stat>longest|shortest)(?:\s+(?:word|one))?(?:\s+(?:here|below|in\s+(?:this|the)\s+(?:list|text)))?"
    r"\s*[?.!]*\s*$", re.IGNORECASE)
_ONE_WORD = re.compile(r"(?:[-*•]\s+|\d{1,3}[.)]\s+)?[\"“'‘]?[^\W_]+(?:['’-][^\W_]+)*[\"”'’]?[,;.?!]?")


def _which_word_asked(asked: str, body: str, more: bool) -> dict[str, str] | None:
    """count's arguments for which word of `body` (the text after the question) is the longest or shortest, asked
    with "which", or None. A list's items are each one word ("ice cream" of a list is one item, which the count
    would split): one a line, or parted by commas on one line; a line without commas is a sentence's words."""
    match = _WHICH_WORD.match(asked)
    if match is None or not body or more or not re.search(r"\bwords?\b", match.group(0), re.IGNORECASE):
        return None
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    items = lines if len(lines) > 1 else lines[0].split(",") if "," in body else []
    if not all(_ONE_WORD.fullmatch(item.strip()) for item in items) or not any(c.isalpha() for c in body):
        return None
    text = body if len(lines) > 1 else body.rstrip("?!")  # (one line: without the question's own end)
    return {"text": text, "what": f"{match.group('stat').lower()} word"}


def count_asked(text: str) -> dict[str, str] | None:
    """The count tool's arguments for a message that plainly asks for a count, or None: of a word or quoted text
    in the question, of the text after its colon, or of the text after a blank line (as `llorch run` joins a
    question and piped input). Characters "not counting spaces" are counted without them (countspaces.py); letters
    never count spaces, and other counts do not leave them out."""
    if len(text) > MAX_TEXT:
        return None
    question, blank, rest = text.strip().partition("\n\n")
    if "\n" in question or len(question) > 300:  # (no plain question: and spaces_left_out's search of a long
        return None  # run of spaces is quadratic)
    asked, no_spaces = spaces_left_out(question)
    if not no_spaces:  # (without "including spaces and punctuation", which a character count keeps)
        return _count_asked(text if asked == question else asked + blank + rest)
    found = _count_asked(asked + blank + rest)
    if found is None or found.get("containing") or found.get("items"):
        return None
    if letter_kind(found["what"]) is not None:  # (the most common character: spaces are never counted)
        return found
    what = {"characters": NO_SPACES, "letters": "letters"}.get(found["what"])  # (no other count has spaces in it)
    return {**found, "what": what} if what is not None else None


def _count_asked(text: str) -> dict[str, str] | None:
    """`count_asked` of a question on one line of at most 300 characters (count_asked has checked it)."""
    question, _, rest = text.strip().partition("\n\n")
    head, colon, tail = question.partition(":")
    body = tail.strip() if colon and tail.strip() else rest.strip()
    asked = head.strip() if colon and tail.strip() else question
    # The whole first line over the text after it ("… contain 10:00?"), else the words before a colon over its text.
    found = edge_lines_asked(question, rest.strip()) or _lines_asked(question, rest.strip()) or (
        _lines_asked(head.strip(), tail.strip()) if colon and not rest.strip() else None)  # (starts: countlines.py)
    if found is not None:
        return found
    plain = not (colon and rest.strip())  # (a colon's text and more after it: not plain)
    ips = ips_asked(asked, body) if plain else None
    if ips is not None:  # "How many unique IPs are there?" of a log (countips.py)
        return ips
    # "Which word appears most often?" (countwords.py), "Which letter appears most often in 'mississippi'?"
    # (letterfreq.py), "How many requests returned 404?" of an access log (accesslogs.py), "What percentage of the
    # tests passed?" of a test run's summary (testsummary.py)
    read = (common_words_asked(asked, body) or letters_asked(asked, body) or requests_asked(asked, body)
            or tests_asked(asked, body) or log_messages_asked(asked, body)) if plain else None
    if read is not None:
        return read
    stats = _stats_asked(asked, body, bool(colon and tail.strip() and rest.strip()))
    if stats is not None or _STATS_ASKED.match(asked):
        return stats
    if not colon:  # "How many commits are there?" of `git log --oneline`: its lines, one commit each
        listed = items_asked(question, rest)
        if listed is not None:
            return listed
    for pattern in _ASKED:
        match = pattern.match(asked)
        if match is None:
            continue
        what = _what(match.group("what"))
        subject = (match.group("text") or "this").strip()  # ("How many unique lines are there?": the text after it)
        if _THIS.match(subject):
            if not body or (colon and tail.strip() and rest.strip()):
                return None  # nothing after it, or a colon's text and more: not plain ("… in:" and a piped one is)
            if pattern is _BARE_IN and colon and tail.strip() and len(body.split()) < _BARE_WORDS \
                    and not (what.startswith(_DISTINCT) and _repeats(body)):
                return None  # (a few words after "in:" may name a thing: "the English language", a book; not a
                # few that repeat, asked for the different ones: "apple banana apple cherry")
            return {"text": body, "what": what}
        if rest.strip() or (colon and tail.strip()):
            return None
        quoted = _QUOTED.match(subject)
        if quoted is not None:
            return {"text": quoted.group("double") or quoted.group("single"), "what": what}
        if re.fullmatch(r"[\w'’-]+", subject) and subject.lower() not in ("it", "this", "that", "them") \
                and (what in _IN_A_WORD or len(what) == 1):  # "How many words does Hamlet have?" is no count of 1
            return {"text": subject, "what": what}  # one bare word: "in strawberry", "in the word strawberry"
        return None
    return None


_DISTINCT = ("unique", "distinct", "different")


def _repeats(text: str) -> bool:
    """Whether a word of `text` comes twice as written ("The Lord of the Rings" is a title: its "The" and "the")."""
    words = re.findall(r"[\w'’-]+", text)
    return len(set(words)) < len(words)


_IN_A_WORD = frozenset({"letters", "characters", "vowels", "consonants", NO_SPACES})  # what one bare word is counted for


def _what(words: str) -> str:
    """"r's" -> "r", "the letter 'e'" -> "e", "letters" -> "letters"."""
    w = re.sub(r"^(?:the\s+)?letter\s+", "", words.strip(), flags=re.IGNORECASE).strip("'\"“”‘’")
    lowered = w.lower()
    if lowered in KINDS or lowered in ALIASES:
        return ALIASES.get(lowered, lowered)
    if re.fullmatch(r"\w(?:'s|’s|s)", w):
        return w[0]
    return w
