"""An answer that misses its exact step's result, asked for once more before it is shown.

A tool worked the answer out exactly (tools/exact.py) and the model answers from its result, yet a small model
sometimes misreads it all the same: told Blue and Green tie at 47 points, the 1.5B named Blue alone; told that 90
days before 1 March 2027 is 1 December 2026, it said December 15. Such an answer is held back until it is checked
(answercheck.fault). One that misses is asked for again, once, with a word after the tool's result saying what the
answer must give (not saved in the history); the second answer is given in its place when it passes the check. When
it does not, the first answer stands, followed by the check's note.

These are functions of a `Conversation`, called only by it (as chat/toolsteps.py's are).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from llorch.chat.answercheck import ClockTime
from llorch.chat.events import ChatEvent
from llorch.chat.expect import Expect
from llorch.chat.prompt import Turn
from llorch.engine.types import Completion, PromptProgress, TokenEvent
from llorch.errors import LlorchError
from llorch.resilience.chain import Answered, FallbackChain, Loading, Skipped, Source

if TYPE_CHECKING:
    from llorch.chat.conversation import Conversation
    from llorch.tools.calls import CallableTool

__all__ = ["Again", "answer_again", "must_give", "told_again"]


@dataclass(frozen=True)
class Again:
    """The second answer: its completion (text, usage, timings), who gave it, and the route it took."""

    completion: Completion
    source: Source
    route: Any = None


def _value(value: float | str | tuple[str, ...]) -> str:
    """A value as the hint says it: a word's first form, a number grouped, to 4 places at most, without a needless
    ".0"."""
    if isinstance(value, tuple):
        return value[0] if value else ""
    if isinstance(value, float):  # (to 4 places at most: told "give 176.66666666666674", a model copies it)
        return f"{int(value):,}" if value.is_integer() else f"{round(value, 4):,}"
    return value


def must_give(want: Expect) -> str:
    """What an answer must do to pass `want`'s check, in words for the model ("name Blue and Green", "give each of
    these, in order: 12, 19, 49, 54")."""
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
    if want.kind == "any" and values:  # the first form in words where there is one ("386.66" to the cent, "6 hours
        # 25 minutes" where 385.0 is in minutes), else the number
        return f"give {next((v for v in want.values if isinstance(v, str)), values[0])}"
    if want.kind == "no":
        return "begin with “No,” and say why"
    if want.kind == "yes":
        return "say yes"
    return "give the tool's result as it gives it"


def told_again(want: Expect) -> tuple[Turn, ...]:
    """The turn said after the history for the second answer: what it must give (must_give). Not the first answer:
    after it, told what it missed, the 1.5B said it again (4 of 4 dev questions, in three wordings); told only what
    to give, 4 of 4 were right ("Ben, Dev"; asked for "a sentence that must ...", 3 of 4, in nicer words). A tie is
    said to be one: told "name every one of: Pen, Ink", the 1.5B named Pen alone again; told "There is a tie", it
    named both, 3 of 3, in a sentence."""
    tie = "There is a tie: y" if want.kind == "all" and not want.labels and len(want.values) > 1 else "Y"
    return (Turn("user", f"({tie}our answer must {must_give(want)}.)"),)


def answer_again(conv: Conversation, fallback: FallbackChain, tools: Sequence[CallableTool], prompt: str,
                 want: Expect) -> Generator[ChatEvent, None, Again | None]:
    """Ask the chain once more, told what the answer must give (told_again); yields what a front end shows while
    it waits (a model loading, a long prompt read) and returns the second answer, or None where no model gave one
    (an error, the response cache's answer, a cancelled answer). Nothing of the answer itself is yielded: the caller
    checks it first. (The second answer takes the first's place in the response cache.)"""
    then = told_again(want)
    completion: Completion | None = None
    source: Source | None = None
    route: Any = None
    try:
        for event in fallback.run(conv.chain, lambda worker: conv._build_request(worker, tools, then)[0], prompt,
                                  save_state=conv.save_kv, cache=conv.use_cache):
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
    if completion is None or source is None or source.kind != "model" or completion.finish_reason == "cancelled":
        return None
    return Again(completion, source, route)
