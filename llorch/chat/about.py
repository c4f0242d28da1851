"""Questions a model cannot answer from its weights: about itself and llorch, and about what happened after its
training.

Asked "Can you look things up on the internet?" the 1.5B said "Yes, I can"; "Did you save our last conversation?"
in a one-shot run, "Yes, I did"; "Who won the 2026 FIFA World Cup?" (its training ends in 2024), "France";
"What model are you running on?", "a local machine"; "Remember that …", "I can't assist with that." What is true
is known here: llorch works offline, which model answers, whether the conversation is kept, what the profile's
tools do, how a file is given, and today's date. `about_asked` recognises such a question and `about_told` is what
the model reads after it (that turn only, as chat/live.py does for today's prices).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from llorch.chat.live import asks_for_code
from llorch.tools.daymath import long_date

__all__ = ["Facts", "about_asked", "about_told", "tool_words", "trained_until"]


@dataclass(frozen=True)
class Facts:
    """What is true of the conversation a question about llorch is asked in."""

    model: str  # the answering model's name ("Qwen2.5 Coder 1.5B Instruct")
    trained_until: int | None  # the year its training data ends in, when known (trained_until())
    today: date
    saved: bool  # the conversation is kept as a session (a chat, `run --continue`), not a one-shot answer
    offline: bool  # no tool at hand brings anything from outside this computer
    tools: tuple[str, ...] = ()  # what the profile's tools answer exactly, in a few words each
    remote: str = ""  # the URL of the server a remote model answers on; "": llama.cpp on this computer
    calendar_writes: bool = False  # the model may add to the user's calendar here (productivity's calendar = "write")


# Where a model's training data ends: the families llorch bundles, and their relatives a user pulls (a model card's
# "knowledge cutoff"); a model not listed gets the wording without a year.
_TRAINED: tuple[tuple[re.Pattern[str], int], ...] = tuple((re.compile(p, re.IGNORECASE), y) for p, y in (
    (r"\bqwen\s*2\.5", 2024), (r"\bqwen\s*3", 2024), (r"\bgemma[\s-]*3", 2024), (r"\bllama[\s-]*3\.[123]", 2023),
))


# A few words for what each of llorch's tools answers exactly (the tools' own descriptions are written for a model
# choosing a call, and too long for a reply to "What can you do?").
_TOOL_WORDS = {
    "math": "sums and statistics", "clock": "the time anywhere", "calendar": "your calendar", "holidays": "public holidays",
    "timespan": "times and durations", "units": "unit conversions", "count": "counting words, letters and lines",
    "table": "sums and maxima over tables and command output",
    "encode": "encodings and hashes", "network": "IP networks", "permissions": "file modes", "regex": "regexes",
    "validate": "JSON, YAML, TOML and Python syntax", "cron": "cron schedules", "version": "version numbers",
    "text": "sorting, rewriting and extracting from text", "color": "CSS colours", "random": "random numbers and passwords",
    "codes": "exit codes, signals and HTTP statuses", "convert": "JSON, YAML, TOML and CSV conversions",
    "tldr": "shell command examples", "documents": "email and report drafts", "citations": "citations",
    "code": "source code analysis",
}


def tool_words(names: Iterable[str]) -> tuple[str, ...]:
    """What the tools `names` answer, in a few words each (tools llorch does not know by name are left out)."""
    return tuple(_TOOL_WORDS[n] for n in names if n in _TOOL_WORDS)


def trained_until(name: str) -> int | None:
    """The year the training data of the model named `name` (its GGUF general.name) ends in, when known."""
    return next((year for pattern, year in _TRAINED if pattern.search(name)), None)


_YOU = r"(?:you|llorch)"
_INTERNET = re.compile(
    r"\b(?:internet|the\s+web|web\s+(?:access|search|searches|browsing|pages?)|online|google|bing|duckduckgo|"
    r"browse|browsing|websites?|(?:open|visit|follow|fetch|read)\s+(?:this|the|that|a|my)\s+(?:link|url))\b",
    re.IGNORECASE)
_ABLE = re.compile(r"^\s*(?:please\s+)?(?:can|could|do|are|have|will|would|is|does)\b|\bfor\s+me\b", re.IGNORECASE)
# What asks for access ("Can you explain how the internet works?" asks for none)
_REACH = re.compile(r"\b(?:access|browse|browsing|search|look\s+(?:\S+\s+){0,2}?up|connected|connect|online|open|visit|"
                    r"check|google|fetch|reach|use|surf|have|get\s+on|go\s+on)\b", re.IGNORECASE)
_LOOK_UP = re.compile(r"^\s*(?:please\s+)?(?:search|google|look\s+up|browse|check\s+online|find\s+online)\b",
                      re.IGNORECASE)
_IDENTITY = re.compile(
    r"\b(?:what|which)\s+(?:kind\s+of\s+|sort\s+of\s+)?(?:ai\s+|language\s+|llm\s+|large\s+language\s+)?model\s+"
    r"(?:are\s+you|is\s+(?:this|that|answering|running)|do\s+you\s+(?:use|run)|am\s+i\s+(?:talking|speaking|chatting))"
    r"|\b(?:what|which)\s+(?:llm|ai|language\s+model|large\s+language\s+model)\s+(?:are\s+you|is\s+this|is\s+that)"
    r"|\bare\s+you\s+(?:chat\s?gpt|gpt[\w.-]*|claude|gemini|bard|openai|copilot|llama|qwen|mistral|a\s+(?:real\s+)?"
    r"(?:person|human|bot|robot))\b"
    r"|\bwho\s+(?:made|built|created|trained|developed|wrote)\s+you\b"
    r"|\bwhat\s+are\s+you\s+(?:running\s+on|based\s+on|built\s+on)\b"
    r"|^\s*(?:who|what)\s+are\s+you\s*\??\s*$|^\s*what(?:'s|\s+is)\s+your\s+name\s*\??\s*$",
    re.IGNORECASE)
_CUTOFF = re.compile(
    r"\b(?:knowledge|training|data)\s*(?:cut-?\s?off|cutoff|date)\b|\bwhen\s+(?:does|did|do)\s+your\s+(?:knowledge|"
    r"training(?:\s+data)?|data)\s+(?:end|stop)|\bhow\s+(?:recent|up[\s-]to[\s-]date|current|old)\s+is\s+your\s+"
    r"(?:knowledge|information|data|training)\b|\bwhat\s+year\s+(?:does|do)\s+your\s+(?:knowledge|training|data)\b",
    re.IGNORECASE)
_MEMORY = re.compile(
    r"^\s*(?:please\s+)?(?:remember|note|keep\s+in\s+mind|don'?t\s+forget|do\s+not\s+forget)\s+(?:that\b|this\b|my\b|"
    r"i\b|i'm\b|we\b|the\b)"
    # (what is kept: "Can you remember the formula for a circle's area?" asks for the formula)
    r"|\b(?:will|can|would|could)\s+" + _YOU + r"\s+(?:remember|recall|store|save|forget)\s+(?:this|that|it|me|"
    r"my|our|what\s+(?:i|we)|everything|anything|(?:\S+\s+){0,3}?(?:for\s+later|next\s+time|tomorrow|later))\b"
    r"|\bdo\s+you\s+(?:remember|recall)\s+(?:me|our\s+(?:last\s+)?(?:conversation|chat)|anything\s+about\s+me|"
    r"last\s+time)\b"
    r"|\b(?:did|do|does|will|is)\s+(?:you|llorch|it|this)\s+(?:save|store|keep|log|record)\w*\b.*"
    r"\b(?:conversations?|chats?|this|messages?|history|sessions?|questions?|what\s+i)\b"
    r"|\b(?:is|are)\s+(?:this|our|the|my)\s+(?:chats?|conversations?|sessions?|messages?|questions?)\s+(?:being\s+)?"
    r"(?:saved|stored|recorded|logged|kept|private)\b"
    r"|\bdo\s+you\s+have\s+(?:a\s+)?memory\b",
    re.IGNORECASE)
_ABILITIES = re.compile(
    r"^\s*(?:so\s+|and\s+|ok(?:ay)?,?\s+)?what\s+(?:else\s+)?(?:can|could|do)\s+you\s+do\b"
    r"|\bwhat\s+are\s+you\s+(?:capable\s+of|able\s+to\s+do|good\s+at|for)\b"
    r"|\bwhat\s+(?:are\s+)?your\s+(?:capabilities|abilities|features|skills|limits|limitations)\b"
    r"|^\s*how\s+can\s+you\s+help(?:\s+me)?\s*\??\s*$|\bwhat\s+tools\s+(?:do\s+you\s+have|can\s+you\s+use)\b",
    re.IGNORECASE)
_FILE = re.compile(
    r"^\s*(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:open|read|look\s+at|check|summari[sz]e|show\s+me|go\s+through)"
    r"\s+(?:the\s+|my\s+|this\s+)?(?:file\s+)?(?:[~/.]|\w:)?[\w~./\\-]*\.[a-z]{1,5}\b"
    r"|\bcan\s+you\s+(?:read|open|see|access|look\s+at|view)\s+(?:a\s+|an\s+|my\s+|the\s+|local\s+)?(?:files?|pdfs?|"
    r"documents?|images?|photos?|pictures?|screenshots?|attachments?|spreadsheets?)\b",
    re.IGNORECASE)
_ACT = re.compile(  # (each verb with what makes it an act: "Can you send me the code again?" is a request here)
    r"^\s*(?:please\s+)?(?:can|could|will|would)\s+you\s+(?:please\s+)?(?:"
    r"(?:send|write\s+and\s+send)\s+(?:(?:an?|my|the|this|that)\s+)?(?:e-?mails?|texts?|messages?|sms|letters?|mail|"
    r"invit\w*|whatsapp)\b|send\s+(?:it|this|that)\s+to\b|e-?mail\s+(?:it|this|that|him|her|them|my|\w+\s+at)\b|"
    r"(?:text|message|call|phone|ring|dial)\s+(?:me|my|him|her|them|someone|somebody|mom|mum|dad|a\s+taxi|an?\s+uber|"
    r"the\s+(?:police|doctor|restaurant|office|shop|store|hotel|bank))\b|"
    r"order\s+(?:me\s+)?(?:an?\s+|some\s+)?(?:food|pizza|takeout|takeaway|dinner|lunch|groceries|a\s+taxi|an?\s+uber)\b|"
    r"(?:buy|purchase|reserve|tweet)\b|book\s+(?:me\s+|us\s+)?(?:a|an|the|my|our|some|tickets?|flights?|tables?|rooms?|"
    r"hotels?|appointments?)\b|pay\s+(?:my|the|a|an|for|bills?|rent|invoices?)\b|set\s+(?:an?\s+|my\s+)?(?:alarm|timer|reminder)s?\b|"
    r"remind\s+me\s+(?:to|at|in|on|tomorrow|tonight|later|about\s+(?:my|the)\s+(?:meeting|appointment))\b|wake\s+me\b)",
    re.IGNORECASE)
_CALENDAR_ACT = re.compile(r"\b(?:remind|reminders?|alarms?|book|reserve|appointments?|meetings?|schedule)\b",
                           re.IGNORECASE)
_OFFICE = (r"(?:president|prime\s+minister|pm|chancellor|ceo|chief\s+executive|pope|king|queen|monarch|"
           r"secretary[\s-]general|governor|mayor|leader)")
_CURRENT = re.compile(
    r"\b(?:current|present|sitting|incumbent|reigning|new|latest|newest|most\s+recent)\s+(?:\S+\s+){0,2}?"
    r"(?:" + _OFFICE + r"|champions?|winners?|world\s+champion)\b"
    r"|\bwho\s+(?:is|'s)\s+(?:the\s+)?(?:\S+\s+){0,2}?(?:president|prime\s+minister|pm|chancellor|ceo|"
    r"chief\s+executive|pope|secretary[\s-]general|governor|mayor)\b(?!\s+(?:in|during|from|of\s+\w+\s+in)\s+1?\d)"
    r"|\bwho\s+(?:is|'s)\s+(?:the\s+)?(?:\S+\s+){0,3}?(?:champion|title\s+holder)\b"
    r"|\bwho\s+(?:runs|leads|owns|heads)\s+\S+.*\b(?:now|today|currently)\b"
    # the latest of a product or a release ("What's the most recent version of the iPhone?": "iOS 16")
    r"|\b(?:what|which)(?:\s+is|'s)?\s+(?:the\s+)?(?:latest|newest|most\s+recent|current)\s+(?:stable\s+)?(?:\S+\s+){0,2}?"
    r"(?:versions?|releases?|models?|generations?|iphones?|phones?|pixels?|consoles?|macs?|macos|ios|android|windows|"
    r"gpus?|cpus?|chips?)\b",
    re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in\s+|of\s+|for\s+|since\s+)?((?:19|20)\d\d)\b")
_EVENT = re.compile(r"\b(?:won|win|wins|winners?|champions?|championship|elected|elections?|happened|happen|news|results?|"
                    r"released|launched|died|passed\s+away|announced|scores?|finals?|medals?|prizes?|awards?|hosted|"
                    r"best[\s-]selling|top|record|cup|olympics|world\s+series|super\s+bowl|oscars?|grammys?|"
                    r"nobel)\b", re.IGNORECASE)
_ASKS = re.compile(r"^\s*(?:who|what|which|when|where|how|did|was|were|is|are|has|have|tell|list|name|give|"
                   r"summari[sz]e|describe)\b|\?\s*$", re.IGNORECASE)


_KINDS = (("cutoff", _CUTOFF), ("identity", _IDENTITY), ("memory", _MEMORY), ("abilities", _ABILITIES),
          ("file", _FILE), ("act", _ACT))  # (in this order: the first that matches)


def about_asked(text: str, facts: Facts) -> str | None:
    """What a short message plainly asks that only llorch knows, or that comes after the model's training: "internet",
    "identity", "cutoff" (where its training ends), "memory", "abilities", "file", "act" (something done outside the conversation: an email, a call, an
    alarm), "after" (what happened in a year after its training), "current" (who holds an office now), or None. No
    request for code or instructions ("How do I search the web in Python?")."""
    if len(text) > 300 or "\n" in text.strip() or asks_for_code(text):
        return None
    if _INTERNET.search(text) and ((_ABLE.search(text) and _REACH.search(text)) or _LOOK_UP.search(text)):
        return "internet"
    kind = next((kind for kind, pattern in _KINDS if pattern.search(text)), None)
    if kind == "act" and facts.calendar_writes and _CALENDAR_ACT.search(text):
        return None  # ("Can you set a reminder for 9?" where the model may add it to the calendar: its call)
    if kind is not None:
        return kind
    if _ASKS.search(text):
        years = [int(y) for y in _YEAR.findall(text)]
        after = facts.trained_until if facts.trained_until is not None else facts.today.year - 1
        if _EVENT.search(text) and any(after < y <= facts.today.year for y in years):
            return "after"
        if _CURRENT.search(text) and not years:
            return "current"
    return None


_YES_NO = re.compile(r"\W*(?:please\s+)?(?:is|are|does|do|did|will|would|can|could|has|have|was|were|am)\b",
                     re.IGNORECASE)
_PATH = re.compile(r"(?<![\w/])((?:~|\.{1,2})?/?[\w.~-]*/?[\w.-]*\.[a-z]{1,5})\b", re.IGNORECASE)
_IMAGES = re.compile(r"\b(?:images?|photos?|pictures?|screenshots?)\b", re.IGNORECASE)
_NAMED = re.compile(r"\bare\s+you\s+(?:an?\s+)?(?:real\s+)?([\w.-]+(?:\s?gpt)?)", re.IGNORECASE)


def _identity_answer(asked: str, model: str) -> str:
    """Whether "Are you X?" is yes or no for the model named `model`."""
    named = _NAMED.search(asked)
    word = named.group(1).lower() if named else ""
    if word in {"bot", "robot", "ai", "llm", "local", "offline"} or (word and word in model.lower()):
        return "yes"
    return "no"


_TOOLS_SAID = 8  # tools named in what the model can do (the general profile has 21)


def about_told(kind: str, facts: Facts, asked: str = "") -> str:
    """What the model reads after `asked`, a question `about_asked` recognised as `kind`. A yes/no question is told
    its answer first: told only the facts, the 1.5B still said "Yes, I can" to "Can you send an email for me?"."""
    yes_no = _YES_NO.match(asked) is not None
    ends = (f"Your training data ends in {facts.trained_until}" if facts.trained_until is not None
            else "Your training data ends some time before today")
    if kind == "internet":
        if facts.offline:
            lead = "Answer no" if yes_no else "You cannot do this"
            return (f"({lead}: llorch works offline, on this computer, so you cannot search the web, open links or "
                    "reach any site. You may offer what you know from your training.)")
        return "(llorch works on this computer; only the tools you are given reach beyond it.)"
    if kind == "identity":
        lead = f"Answer {_identity_answer(asked, facts.model)}: " if yes_no else ""
        if facts.remote:
            return (f"({lead}you are llorch's assistant, and the model answering is {facts.model}, on the server at "
                    f"{facts.remote}, which llorch sends this conversation to.)")
        return (f"({lead}you are llorch's assistant, and the model answering is {facts.model}, which llorch runs "
                "locally on this computer through llama.cpp: no cloud service, nothing is sent anywhere.)")
    if kind == "cutoff":
        return (f"({ends}, and today is {long_date(facts.today)}: say so, and that what happened since is unknown to "
                "you.)")
    if kind == "memory":
        if facts.saved:
            lead = "Answer yes: " if yes_no else "Say you will keep it in mind: "
            return (f"({lead}llorch saves this conversation as a session on this computer, and `llorch chat --continue` "
                    "resumes it; a new session starts without it.)")
        lead = "Answer \"No: " if yes_no else "Answer \"I can't keep that after this answer: "
        return (f"({lead}llorch keeps nothing of this conversation once it ends. `llorch chat` keeps conversations as "
                "sessions that can be resumed.\")")
    if kind == "abilities":
        more = ", and more (`llorch tools list`)" if len(facts.tools) > _TOOLS_SAID else ""
        exact = f"; exact answers from llorch's tools: {', '.join(facts.tools[:_TOOLS_SAID])}{more}" if facts.tools else ""
        web = "; no internet (llorch works offline)" if facts.offline else ""
        return ("(Say in the first person (\"I can ...\") what you can do here: answer questions, explain and write "
                "code, draft, rewrite and summarise text, and read files the user gives (`--file PATH`: text, Markdown, "
                f"PDF){exact}{web}.)")
    if kind == "file":
        if _IMAGES.search(asked):
            lead = "No, I can't: " if yes_no else "I can't: "
            return f"(Answer \"{lead}llorch gives me text only (text, Markdown, a PDF's text), no images.\")"
        named = _PATH.search(asked)  # ("Could you read the file notes.md?" is a request: "Yes." said nothing)
        path = named.group(1) if named else "report.pdf"
        how = (f"give it to me with `llorch run --file {path} \"your question\"` (text, Markdown or a PDF's text), or "
               f"`llorch chat --file {path}`")
        if yes_no and not named:  # (told the facts, the 1.5B answered "Yes, I can read the file notes.md")
            return f"(Answer \"Yes, if you {how}.\")"
        return f"(Answer \"I can't open files myself: {how}.\")"
    if kind == "act":
        calendar = (" (llorch's calendar tool can add an event to the calendar on this computer, when asked in those "
                    "words.)" if "your calendar" in facts.tools else "")
        lead = "Answer \"No, I can't do that" if yes_no else "Answer \"I can't do that"
        return (f"({lead}: I work only inside this conversation, with no emails, messages, calls, purchases, bookings, "
                f"alarms or phone reminders.\"{calendar} Then offer to draft the text instead.)")
    if kind == "after":
        known = f"my training data ends in {facts.trained_until}" if facts.trained_until is not None else \
            "that is after my training data ends"
        return (f"({ends}, and today is {long_date(facts.today)}: what happened after that is unknown to you. Answer only "
                f"\"I don't know: {known}, and llorch has no internet to look it up.\")")
    if kind == "current":
        known = f"my training data ends in {facts.trained_until}" if facts.trained_until is not None else \
            "my training data ends before today"
        return (f"({ends}, so this may have changed since. Answer \"This may be out of date ({known}): the latest I "
                "know of is ...\" and complete it.)")
    raise ValueError(f"unknown kind {kind!r}")
