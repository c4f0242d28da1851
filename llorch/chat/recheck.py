"""An answer that misses its exact step's result, asked for once more before it is shown.

A tool worked the answer out exactly (tools/exact.py) and the model answers from its result, yet a small model
sometimes misreads it all the same: told Blue and Green tie at 47 points, the 1.5B named Blue alone; told that 90
days before 1 March 2027 is 1 December 2026, it said December 15. Where what the answer must give is the whole
answer in a few words (`asked_again`), the answer is held back until it is checked (answercheck.fault); one that
misses is asked for again, once, with a word after the tool's result saying what it must give (not saved in the
history), and the second answer is given in its place when it passes the check. When it does not, the first answer
stands, followed by the check's note (as any other answer to an exact step is, streamed as it came).

These are functions of a `Conversation`, called only by it (as chat/toolsteps.py's are).
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from llorch.chat.answertimes import ClockTime
from llorch.chat.events import ChatEvent
from llorch.chat.expect import Expect
from llorch.chat.prompt import Turn
from llorch.engine.types import Completion, PromptProgress, Request, TokenEvent
from llorch.errors import LlorchError
from llorch.resilience.chain import Answered, FallbackChain, Loading, Skipped, Source
from llorch.tools.tablenumbers import said_number

if TYPE_CHECKING:
    from llorch.chat.conversation import Conversation

__all__ = ["Again", "answer_again", "asked_again", "must_give", "told_again"]


@dataclass(frozen=True)
class Again:
    """The second answer: its completion (text, usage, timings), who gave it, and the route it took; `cancelled`, the
    user stopped the turn while it was asked for (nothing of the turn was shown: none of it is kept)."""

    completion: Completion
    source: Source
    route: Any = None
    cancelled: bool = False


def _value(value: float | str | tuple[str, ...]) -> str:
    """A value as the hint says it: a word's first form; a number grouped, to 4 places at most (4 figures where it
    is smaller than 0.01: 0.000002, not 0.0), without a needless ".0"."""
    if isinstance(value, tuple):
        return value[0] if value else ""
    if isinstance(value, float):  # (told "give 176.66666666666674", a model copies it)
        return said_number(value, 4) if abs(value) >= 0.01 or value == 0 else format(Decimal(f"{value:.4g}"), "f")
    return value


_NUMBER = re.compile(r"[-+]?[$€£¥]?\d[\d,]*(?:\.\d+)?%?")


def asked_again(want: Expect, tool: str) -> bool:
    """Whether an answer that misses `want` is asked for again: only where what it must give is the whole answer, said
    in a few words — a tie's rows, a tally, values in order, a time on its day, one number (in any of its forms), a
    date the calendar worked out. Not where the check takes any of several things (a score or the row that has it:
    "give Ben" for "What is the highest score?"; 69 days for "how many weeks"), nor a yes or no, a conversion's data,
    a time called the earlier or a pace: a hint there could make a right answer worse."""
    if isinstance(want, ClockTime):
        return bool(want.values or want.time)
    if want.kind in ("all", "in_order"):
        return bool(want.values)
    if want.kind != "any" or not want.values:
        return False
    if all(isinstance(v, float) or isinstance(v, str) and _NUMBER.fullmatch(v) for v in want.values):
        return True  # (386.656…, "386.66": one number)
    return tool == "calendar" and all(isinstance(v, str) for v in want.values)  # (a date's forms)


def must_give(want: Expect) -> str:
    """What an answer must do to pass `want`'s check, in words for the model ("name Blue and Green", "give each of
    these, in order: 12, 19, 49, 54"), for the kinds asked_again asks again."""
    if isinstance(want, ClockTime):
        day = date.fromisoformat(want.day) if want.day else None
        when = f" on {day:%A} {day.day} {day:%B %Y}" if day is not None else ""
        return f"give the time {_value(want.values[0]) if want.values else want.time}{when}"
    values = [_value(v) for v in want.values]
    if want.kind == "all" and want.labels:
        return "name each of these, with its figure: " + ", ".join(
            f"{_value(label)}: {value}" for label, value in zip(want.labels, values))
    if want.kind == "all":  # (a tie: the rows, words or lines it is between)
        return "name " + (", ".join(values[:-1]) + " and " + values[-1] if len(values) > 1 else "".join(values))
    if want.kind == "in_order" and want.labels:
        return "give each of these: " + ", ".join(f"{_value(label)} {value}" for label, value in zip(want.labels, values))
    if want.kind == "in_order":
        return "give each of these, in order: " + ", ".join(values)
    # one number, the form the tool said it in where there is one ("386.66", to the cent), or one date
    return f"give {next((v for v in want.values if isinstance(v, str)), values[0] if values else '')}"


def told_again(want: Expect) -> tuple[Turn, ...]:
    """The turn said after the history for the second answer: what it must give (must_give). Not the first answer:
    after it, told what it missed, the 1.5B said it again (4 of 4 dev questions, in three wordings); told only what
    to give, 4 of 4 were right ("Ben, Dev"; asked for "a sentence that must ...", 3 of 4, in nicer words). A tie is
    said to be one: told "name every one of: Pen, Ink", the 1.5B named Pen alone again; told "There is a tie", it
    named both, 3 of 3, in a sentence."""
    tie = "There is a tie: y" if want.kind == "all" and not want.labels and len(want.values) > 1 else "Y"
    return (Turn("user", f"({tie}our answer must {must_give(want)}.)"),)


def answer_again(conv: Conversation, fallback: FallbackChain, want: Expect,
                 dropped: int) -> Generator[ChatEvent, None, Again | None]:
    """Ask the chain once more, told what the answer must give (told_again), with no tools on offer (an answer in
    words is what is asked for: a call, or words wrapped in JSON, would not pass the check); yields what a front end
    shows while it waits (a model loading, a long prompt read) and returns the second answer, or None where no model
    gave one (an error) or where its request left out more of the history than the first's did
    (`dropped` messages: in a full context the question itself could go, and the hint be answered alone). Nothing of
    the answer itself is yielded: the caller checks it first."""
    then = told_again(want)
    completion: Completion | None = None
    source: Source | None = None
    route: Any = None
    left_out: list[int] = []

    def build(worker: Any) -> Request:
        request, n = conv._build_request(worker, (), then)
        left_out.append(n)
        return request

    try:
        for event in fallback.run(conv.chain, build, "", save_state=conv.save_kv, cache=False):
            if isinstance(event, (Loading, PromptProgress)):
                yield event
            elif isinstance(event, Answered):
                source, route = event.source, event.route
            elif isinstance(event, (TokenEvent, Skipped)):
                continue
            else:
                completion = event
    except LlorchError:
        return None
    if completion is not None and source is not None and completion.finish_reason == "cancelled":
        return Again(completion, source, route, cancelled=True)
    if completion is None or source is None or source.kind != "model" or (left_out and left_out[-1] > dropped):
        return None
    return Again(completion, source, route)
