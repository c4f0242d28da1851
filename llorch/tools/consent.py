"""Changes need the user's say: a model's tool call that writes runs only when asked for, and agreed to.

Two gates stand before a write the model makes (a calendar add or remove, an MCP tool its
server does not mark read-only):

1. Intent, `asks_for_change`: the user's own message asks for a change, a verb of change
   (add, book, cancel, move, save, ...) opening one of its clauses ("please add ...",
   "can you book ...", "..., then delete it"). "Say hello", "what's on friday" and "show
   my calendar" never pass, so a small model that adds "Hello" to the calendar is stopped.
2. Consent, `Consent.decide`: the profile allows the tool's writes without asking
   (permission "allow"), the user said yes for this run (`--yes`), or said "always" for the
   tool earlier in this process; otherwise the front end's `ask` callback puts the call to
   the user (y / n / always). With no callback (no terminal, an agent pipeline) the write is
   refused with a note that says how to allow it.

The core only calls `ask`; front ends (cli/, tui/) provide it.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Answer", "Ask", "Consent", "Verdict", "WriteRequest", "asks_for_change", "changes_asked", "claimed_kind",
           "claims_change", "fits", "is_change_verb", "not_asked", "permission_key"]


# --- intent -------------------------------------------------------------------------------

# Verbs that ask for a change when they open a clause (an imperative, or after "can you", "please", ...).
_CHANGE_VERBS = frozenset({
    "add", "append", "arrange", "block", "book", "cancel", "change", "clear", "create", "delete", "drop", "edit",
    "email", "enter", "erase", "insert", "invite", "jot", "log", "mark", "modify", "move", "note", "post",
    "postpone", "publish", "push", "put", "record", "remind", "remove", "rename", "replace", "reschedule",
    "reserve", "save", "schedule", "send", "set", "shift", "store", "submit", "update", "upload", "wipe", "write",
})
# "make" asks for a change only with what it makes: "make an appointment", not "make me a poem".
_MAKE = re.compile(r"^mak(?:e|es|ing)\s+(?:(?:a|an|the|me|us|my|one|new)\s+)*"
                   r"(?:appointment|booking|reservation|event|entry|note|reminder|meeting|file|folder|copy|change)")
# "write" asks for a change only with what is written somewhere: "write an email to Ana", "write it down",
# "write this into notes.txt", not "write a haiku about autumn" (the 1.5B added that to the calendar).
_WRITE = re.compile(r"^writ(?:e|es|ing)\s+(?:\S+\s+){0,3}?(?:e-?mails?|mails?|messages?|notes?|files?|entry|entries"
                    r"|reminders?|down|into)\b")
# Words and phrases that may come before the verb of a request; stripped from a clause's start, repeatedly.
_LEAD_IN = re.compile(
    r"^(?:please|pls|plz|kindly|now|also|then|and|just|so|ok|okay|alright|hey|hi|hello|llorch|quickly|first|next"
    r"|finally|go ahead and|would you mind|would you be able to|(?:can|could|would|will) (?:you|u)(?: please)?"
    r"|are you able to|(?:can|could|may) (?:i|we)|shall we|i want to|i wanna|i want you to|i'?d like(?: you)? to"
    r"|i would like(?: you)? to|i need(?: you)? to|i have to|we need to|help me|let'?s|let us|let me|try to"
    r"|remember to|(?:don'?t|do not) forget to)\b[\s,]*"
)
_NEGATION = re.compile(r"^(?:don'?t|do not|never|no need to|without|not)\b")
_CLAUSES = re.compile(r"[.!?;:,\n]+|\s(?:and|then|but|also)\s|\s[-\u2013\u2014]+\s")
_WORD = re.compile(r"[a-z']+")
# A short follow-up that only agrees ("yes please", "go ahead"): the change is the one asked for before.
_AGREE = frozenset({"yes", "yep", "yeah", "yup", "sure", "ok", "okay", "alright", "go", "do", "confirm", "confirmed", "y"})
_AGREE_FILLERS = _AGREE | frozenset({"please", "it", "ahead", "for", "sounds", "good", "that", "that's", "right",
                                     "correct", "fine", "great", "perfect", "thanks", "thank", "you", "now", "so"})


def is_change_verb(word: str) -> bool:
    """Whether `word` is a verb of change, as written or with -ing ("adding", "scheduling", "putting")."""
    if word in _CHANGE_VERBS:
        return True
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        return any(w in _CHANGE_VERBS for w in (stem, stem + "e", stem[:-1]))
    return False


# The kinds of change, by the verb that asks for one: a removal, a change to what is there (which may take a removal
# and an addition), and everything else, which adds. A write runs only when the kind asked for fits it (`fits`):
# asked "Add a Dentist follow-up on friday", a small model's `calendar remove` of the Dentist is not what was asked.
_REMOVE_VERBS = frozenset({"cancel", "clear", "delete", "drop", "erase", "remove", "wipe"})
_MOVE_VERBS = frozenset({"change", "edit", "modify", "move", "postpone", "push", "rename", "replace", "reschedule",
                         "shift", "update"})


def _kind(verb: str) -> str:
    """"remove", "move" or "add": the kind of change `verb` (a verb of change, perhaps with -ing) asks for."""
    for kind, verbs in (("remove", _REMOVE_VERBS), ("move", _MOVE_VERBS)):
        if verb in verbs or (verb.endswith("ing") and any(w in verbs for w in (verb[:-3], verb[:-3] + "e",
                                                                                verb[:-4]))):
            return kind
    return "add"


def _clause_kind(clause: str) -> str | None:
    """The kind of change a clause asks for, when it opens with a verb of change (after any lead-in)."""
    text = clause.strip()
    while True:  # "ok so could you please ..." -> "..."
        stripped = _LEAD_IN.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    if not text or _NEGATION.match(text):
        return None
    if _MAKE.match(text) or _WRITE.match(text):
        return "add"
    first = _WORD.match(text)
    if first is None or first.group().startswith("writ") or not is_change_verb(first.group()):
        return None
    return _kind(first.group())


# Words that end a request rather than agree to one: "ok thanks" after a change was made asks for no other.
_THANKS = frozenset({"thanks", "thank"})
_PLAIN_YES = _AGREE - {"ok", "okay", "alright"}


def _agrees(text: str) -> bool:
    words = _WORD.findall(text)
    if not (0 < len(words) <= 6 and all(w in _AGREE_FILLERS for w in words) and any(w in _AGREE for w in words)):
        return False
    return not (_THANKS & set(words)) or bool(_PLAIN_YES & set(words))  # "yes thanks" agrees; "ok thanks" ends


def changes_asked(text: str, previous: str = "") -> frozenset[str]:
    """The kinds of change ("add", "remove", "move") a user's message asks for; empty when it asks for none.

    Cheap and conservative: a clause must open with a verb of change, after any polite lead-in
    ("please", "can you", "I'd like to"); a negated clause ("don't add anything") does not count.
    A short "yes please" / "go ahead" asks what `previous` (the user's message before it) asked; the caller
    passes it only while that change is still to be made."""
    lowered = text.lower().replace("\u2019", "'")
    kinds = frozenset(k for k in map(_clause_kind, _CLAUSES.split(lowered)) if k is not None)
    if kinds or not previous or not _agrees(lowered):
        return kinds
    return changes_asked(previous)


def asks_for_change(text: str, previous: str = "") -> bool:
    """Whether a user's message asks for a change to their data (an event added, a file saved, ...): changes_asked."""
    return bool(changes_asked(text, previous))


# What a write does, read from its name and action ("calendar remove", "notes.delete_note", "files.create_file"):
# a removal, an addition, or (neither word) a change of any kind.
_REMOVES = re.compile(r"(?:^|[\W_])(?:remove|delete|del|cancel|clear|drop|erase|wipe|destroy|purge|rm|unlink|trash)"
                      r"(?=$|[\W_])", re.IGNORECASE)
_ADDS = re.compile(r"(?:^|[\W_])(?:add|create|insert|new|append|book|schedule|make)(?=$|[\W_])", re.IGNORECASE)


def fits(what: str, kinds: frozenset[str]) -> bool:
    """Whether a write named `what` (WriteRequest.what(): "calendar remove") is of a kind the user asked for
    (`kinds`: changes_asked). A removal needs a removal or a change asked for, an addition an addition or a
    change; a write that says neither (an update, a save) takes any kind."""
    if _REMOVES.search(what):
        return bool(kinds & {"remove", "move"})
    if _ADDS.search(what):
        return bool(kinds & {"add", "move"})
    return bool(kinds)


# Past forms of the verbs of change, as an answer claims a change done ("I've booked", "has been added").
_DONE_FORMS = (
    "added", "appended", "arranged", "blocked", "booked", "cancelled", "canceled", "changed", "cleared", "created",
    "deleted", "dropped", "edited", "emailed", "entered", "erased", "inserted", "invited", "logged", "marked",
    "modified", "moved", "noted", "posted", "postponed", "published", "pushed", "recorded", "reminded", "removed",
    "renamed", "replaced", "rescheduled", "reserved", "saved", "scheduled", "sent", "shifted", "stored", "submitted",
    "updated", "uploaded", "wiped", "written", "put",
)
_CLAIM = re.compile(
    r"\b(?:(?:i|we)(?:'ve| have)?|(?:it|this|that|they|the \w+|your \w+)(?:'s| has| have| is| was| were| are)"
    r"(?: been)?|has been|have been|was|were|is now|are now|successfully|already)\s+(?:now\s+|successfully\s+|also\s+)?"
    rf"({'|'.join(_DONE_FORMS)})\b"
)
_CLAIM_NEGATED = re.compile(r"\b(?:not|n't|never|cannot|can't|couldn't|unable|would|will|shall|can|could|should)\s+"
                            r"(?:\w+\s+){0,2}$")


_REMOVED = frozenset({"cancelled", "canceled", "cleared", "deleted", "dropped", "erased", "removed", "wiped"})
_MOVED = frozenset({"changed", "edited", "modified", "moved", "postponed", "pushed", "renamed", "replaced",
                    "rescheduled", "shifted", "updated"})


def claimed_kind(word: str) -> str:
    """The kind of change ("add", "remove", "move") a claimed word ("removed", "booked": claims_change) says was made."""
    return "remove" if word in _REMOVED else "move" if word in _MOVED else "add"


def claims_change(answer: str) -> str | None:
    """The word by which an answer claims a change was made ("booked" in "Meeting booked successfully",
    "I've added it"), or None. Conditional and negated forms ("I can't have added", "would be saved")
    are not claims."""
    lowered = answer.lower().replace("\u2019", "'")
    for match in _CLAIM.finditer(lowered):
        if not _CLAIM_NEGATED.search(lowered[max(0, match.start() - 40) : match.start()]):
            return match.group(1)
    bare = re.search(rf"\b(\w+\s+)?({'|'.join(_DONE_FORMS)})\s+successfully\b", lowered)  # "Meeting booked successfully"
    return bare.group(2) if bare else None


# --- consent -------------------------------------------------------------------------------


class Answer(enum.Enum):
    """What the user said to a write: once, not at all, or for the rest of this process (for that tool)."""

    YES = "yes"
    NO = "no"
    ALWAYS = "always"


@dataclass(frozen=True)
class WriteRequest:
    """A write the model wants to make, as the user is asked about it."""

    tool: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    profile: str = ""

    @property
    def action(self) -> str:
        action = self.arguments.get("action")
        return action if isinstance(action, str) else ""

    def what(self) -> str:
        """`calendar add`, or the tool's name when it has no action."""
        return f"{self.tool} {self.action}" if self.action else self.tool

    def describe(self) -> str:
        """One readable line: `calendar add: title='Hello', start='tomorrow 12:00'`."""
        args = ", ".join(f"{k}={_short(v)}" for k, v in self.arguments.items() if k != "action")
        return f"{self.what()}: {args}" if args else self.what()


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


Ask = Callable[[WriteRequest], Answer]


def permission_key(tool: str) -> str:
    """The profile key that sets `tool`'s permission, quoted where TOML needs it (`"notes.write_note"`)."""
    return f'tools.permissions."{tool}"' if "." in tool else f"tools.permissions.{tool}"


@dataclass(frozen=True)
class Verdict:
    """Whether a write runs, and why. When it does not, `text` is its tool result (the model reads it
    and answers in words) and `note`, if any, tells the user how to allow such writes."""

    run: bool
    why: str  # "allow" (the profile), "yes" (--yes), "always", "agreed", "declined", "unasked", "no-terminal"
    text: str = ""
    note: str | None = None
    asked: bool = False  # the user was asked just now (the time it took is theirs, not the tool's)


def not_asked(request: WriteRequest) -> Verdict:
    """The verdict on a write the user's message did not ask for."""
    return Verdict(False, "unasked", f"not run: the user's message does not ask for {request.what()}")


class Consent:
    """How writes get the user's go-ahead: one per process, shared by every conversation's toolbox,
    so that "always" holds for the rest of the process. Thread-safe; one question at a time.

    `ask` is the front end's question (None: nobody to ask, so writes not allowed beforehand are
    refused); `assume_yes` is `--yes`."""

    def __init__(self, ask: Ask | None = None, *, assume_yes: bool = False) -> None:
        self.ask = ask
        self.assume_yes = assume_yes
        self._always: set[str] = set()
        self._lock = threading.Lock()

    def decide(self, request: WriteRequest, *, preapproved: bool = False) -> Verdict:
        """Whether `request` may run now; asks the user when that is the only way to know.
        `preapproved`: the profile's permission for the tool is "allow"."""
        if preapproved:
            return Verdict(True, "allow")
        if self.assume_yes:
            return Verdict(True, "yes")
        with self._lock:
            if request.tool in self._always:
                return Verdict(True, "always")
            ask = self.ask
            if ask is None:
                return Verdict(
                    False, "no-terminal",
                    f"not run: {request.what()} needs the user's go-ahead, and there was no one to ask. "
                    "Answer the user in words, without calling tools.",
                    f"{request.describe()} was not run: changes need your go-ahead and there is no terminal to ask on; "
                    f"pass --yes, or set {permission_key(request.tool)} = \"allow\" in the profile",
                )
            answer = ask(request)
            if answer is Answer.ALWAYS:
                self._always.add(request.tool)
                return Verdict(True, "always", asked=True)
        if answer is Answer.YES:
            return Verdict(True, "agreed", asked=True)
        return Verdict(False, "declined", f"not run: the user declined {request.what()}. Answer the user in words, "
                                          "without calling tools.", asked=True)
