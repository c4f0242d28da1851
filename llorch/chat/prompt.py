"""The one prompt builder and sampling merge: every front end's request is made here.

Chat, `llorch run`, consensus, agents and `llorch serve` all answer through a
Conversation, which turns its history into `Turn`s and asks `build_request` for the
request a model gets: the system prompt with the tools' instructions, the turns in the
model's chat template (tool calls in the one call format of tools/calls.py, tool results
in the template's own `tool` role when it has one), as much history as fits the context,
or plain text for base models. The sampling a request uses is `merge_sampling`'s: config.toml,
then the profile, then what this call sets.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from llorch.engine.text import MAX_BYTES_PER_TOKEN, check_prompt_length
from llorch.engine.types import Message, Request, Sampling
from llorch.errors import LlorchError
from llorch.profiles.schema import Profile
from llorch.tools.calls import ToolCall, has_tool_role

__all__ = ["AS_IS", "LISTED", "TOOL_RESULT", "Turn", "build_request", "merge_sampling", "render_turns"]

TOOL_RESULT = "[tool result]"


@dataclass(frozen=True)
class Turn:
    """One message of a conversation as the model should see it.

    role: "user", "assistant" or "tool". A tool turn is a call and its result: `name` and
    `arguments` say what was called (by the model when `by_model`, else by the user), `content`
    what came back; `exact`: llorch called it for the user's message before the model answered (an
    exact step: conversation.py's `_exact_step`); `says_no`: its result answers the user's yes/no question
    with a no; `plainly`: its tool is one the model is not offered (a profile's tools.exact), so the model is told to
    answer from its result (a code-review prompt otherwise had the 1.5B write code for "Spell 'keyboard' backwards");
    `figure`: an exact step's result where it is one large whole number, grouped ("43,750"), said again after it."""

    role: str
    content: str
    name: str = ""
    arguments: Mapping[str, Any] = field(default_factory=dict)
    by_model: bool = True
    exact: bool = False
    says_no: bool = False
    plainly: bool = False
    figure: str = ""


def merge_sampling(base: Sampling, profile: Profile | None, overrides: Mapping[str, Any] | None = None) -> Sampling:
    """config.toml's sampling, then the profile's, then this call's (flags, an API request, a /set)."""
    sampling = profile.apply_sampling(base) if profile is not None else base
    return dataclasses.replace(sampling, **dict(overrides or {}))


# Exact steps whose result is the answer itself (a conversion): the model is told to give it as it is. Told only
# the result, the 1.5B answered 2 of 4 conversions "The JSON has been successfully converted to YAML." and no more;
# and after a tool it is not offered (Turn.plainly), "in words: it needs no code" would be wrong for them.
AS_IS = frozenset({"convert"})
# Exact steps whose result may be a list of dated lines (a country's holidays): a model retelling it in its own
# words puts days on other weekdays, so it is told to give the list as it is.
LISTED = frozenset({"holidays", "calendar"})  # (and a day's events or free times: the 1.5B said nothing was on)


# A running total's expression: each part a sum of plain numbers ("5; 5 + 3; 5 + 3 + 8"), whose results say nothing
# else (a standard deviation's or a mode's notes have "; " in them: their figures are not read back from the text)
_SUMMED = r"-?\d+(?:\.\d+)?(?: [+-] \d+(?:\.\d+)?)*"
_RUNNING = re.compile(rf"{_SUMMED}(?:; {_SUMMED})+")


def _results(said: str) -> str:
    """Each result of the math tool's answer to a running total, as it gives it ("5 + 3 = 8; 12.50 + 3 = 31/2 (=
    15.5)": "8, 15.5"), its last figure after "=" or "≈"."""
    figures = [re.findall(r"[=≈]\s*([^=≈()]+?)\s*\)?\s*$", part.strip()) for part in said.split("; ")]
    return ", ".join(f[-1] for f in figures if f)


def render_turns(turns: Sequence[Turn], *, tool_role: bool) -> list[Message]:
    """Turns as chat messages: a tool turn becomes the model's call (when the model made it) and its
    result, in the template's `tool` role when it has one; consecutive messages of one role are joined
    (many chat templates insist that roles alternate)."""
    out: list[Message] = []
    for turn in turns:
        if turn.role == "tool":
            if turn.by_model:
                out.append(Message("assistant", ToolCall(turn.name, turn.arguments).to_json()))
            # An exact step's result follows the user's message with no call before it: said bare, the 1.5B
            # read "5 kg = 11.0231 lb" as the user's own claim ("Yes, that is correct.").
            said = f"The {turn.name} tool worked it out: {turn.content}" if turn.exact else ""
            if turn.exact and turn.content.startswith("error: "):
                said = f"The {turn.name} tool could not work it out: {turn.content.removeprefix('error: ')}"
            if said and turn.figure:  # told "3.5 / 100 * 1250000 = 43750", the 1.5B answered 437,500 (3 of 8 such
                # results put a digit out of place; with the figure said again grouped, none of them)
                said += f" (The result is {turn.figure}.)"
            if said and turn.name in AS_IS and not turn.content.startswith("error: "):
                said += " (Give the user this result as it is, in its code block.)"
            elif said and turn.name in LISTED and "\n- " in turn.content:  # (told Spain's 2027 holidays, the 1.5B
                # moved 4 of 9 to other days; said on the list's last line, it was copied there, 2 in 13 times)
                said += "\n\n(Give the user this list as it is, line for line.)"
            elif said and turn.name == "text" and turn.arguments.get("action") == "extract" \
                    and not turn.arguments.get("most") and not turn.content.startswith(("error: ", "No ", "1 ")):  # (told the 4 addresses a text
                # holds, the 1.5B answered "Yes, the text tool correctly identified and listed all 4 email addresses")
                said += "\n\n(Give the user every item of this list, as it is.)"  # (on the list's line, it was
                # copied into the answer: "http://example.org/py (Give the user every item …)")
            elif said and turn.name == "math" and _RUNNING.fullmatch(str(turn.arguments.get("expression", ""))) \
                    and "; " in str(turn.arguments["expression"]) and not turn.content.startswith("error: "):  # (told a running total's 4, 14 and 20, the 1.5B
                # answered "The running total … is 20" 4 times in 5; told to give each, by its figures, 2 in 5)
                said += f" (Give the user each of these results, in order: {_results(turn.content)}"
                said += "; in words: it needs no code.)" if turn.plainly else ".)"
            elif said and turn.plainly and not turn.content.startswith("error: "):
                said += " (Answer the user's question from this result, in words: it needs no code.)"
            if said and turn.says_no:  # without it the 1.5B began 7 of 9 such answers "Yes, 437 is not a prime"
                said += " (Begin your answer with “No,” and say why.)"
            if tool_role:
                out.append(Message("tool", said or turn.content))
            else:
                out.append(Message("user", f"{TOOL_RESULT} {said or (turn.name or 'tool') + ': ' + turn.content}"))
        else:
            out.append(Message(turn.role, turn.content))
    merged: list[Message] = []
    for msg in out:
        if merged and merged[-1].role == msg.role and msg.role != "tool":
            merged[-1] = Message(msg.role, merged[-1].content + "\n\n" + msg.content)
        else:
            merged.append(msg)
    return merged


def build_request(
    worker: Any,
    turns: Sequence[Turn],
    *,
    system: str,
    tools_text: str = "",
    clock: str = "",
    sampling: Sampling,
    schema: str | None = None,
    logprobs: bool = False,
    top_logprobs: int = 0,
    raw: bool = False,
    raw_system: str | None = None,
    share: bool = False,
) -> tuple[Request, int]:
    """The request for `worker`'s model, and how many messages were left out to fit its context.

    Chat: `system` (then `tools_text`, then its `clock` line) as the system message, then the turns,
    dropping the oldest whole turns (never the system prompt, never the last message) until the
    prompt and room for the answer fit. `share`: the system prompt is one many requests use (a
    profile's): the request names the start of its prompt that they all share (everything before the
    clock, which changes every minute, and the turns), for the worker to keep on disk. `raw`: plain
    completion of the turns' text, after `raw_system` (a system prompt the user gave; a profile's
    would merely be continued by a base model)."""
    if raw:
        texts = [t.content for t in turns if t.role != "tool"]
        text = texts[-1] if len(texts) == 1 else "\n\n".join(texts)
        if raw_system and raw_system.strip():
            text = f"{raw_system.strip()}\n\n{text}"
        return Request(prompt=text, sampling=sampling, grammar_schema=schema, logprobs=logprobs,
                       top_logprobs=top_logprobs), 0
    info = worker.info()
    stable = "\n\n".join(t for t in (system.strip(), tools_text) if t)
    system_text = f"{stable}\n{clock}" if stable and clock else stable or clock
    head = (Message("system", system_text),) if system_text else ()
    messages = render_turns(turns, tool_role=has_tool_role(info.chat_template))
    reserve = min(sampling.max_tokens, info.n_ctx // 4)
    # From lengths alone, before anything is rendered or tokenized: a last message (always kept) far
    # too long for the context is refused at once, and older turns that cannot fit are left out.
    kept = len(system_text) + (len(messages[-1].content) if messages else 0)
    check_prompt_length(kept, info.n_ctx, info.n_ctx_train)
    chars = len(system_text) + sum(len(m.content) for m in messages)
    dropped = 0
    while chars > MAX_BYTES_PER_TOKEN * info.n_ctx and len(messages) > 1:
        chars -= sum(len(m.content) for m in messages[: _oldest_turn(messages)])
        dropped += _drop_oldest_turn(messages)
    while True:
        request = Request(messages=head + tuple(messages), sampling=sampling, grammar_schema=schema, logprobs=logprobs,
                          top_logprobs=top_logprobs)
        rendered = worker.render_prompt(request)
        used = len(worker.tokenize(rendered, add_bos=False, special=True))
        if used + reserve <= info.n_ctx or len(messages) <= 1:
            if share and stable:
                request = dataclasses.replace(request, shared_prefix=_shared_start(worker, rendered, stable))
            return request, dropped
        dropped += _drop_oldest_turn(messages)


def _shared_start(worker: Any, rendered: str, stable: str) -> str:
    """The start of the prompt `rendered` that every prompt with the system text `stable` shares: its
    common start with the prompts of that system text and two different user turns (so: before the
    clock, and before the turns' own text). Empty when the template will not render those."""
    try:
        probes = [worker.render_prompt(Request(messages=(Message("system", stable), Message("user", text))))
                  for text in ("1", "2")]
    except LlorchError:
        return ""
    return rendered[: len(os.path.commonprefix([rendered, *probes]))]


def _oldest_turn(messages: list[Message]) -> int:
    """How many messages the oldest turn is: a user message and the answers after it (the last message
    is never part of it)."""
    n = 1
    while n < len(messages) - 1 and messages[n].role != "user":
        n += 1
    return n


def _drop_oldest_turn(messages: list[Message]) -> int:
    """Drop the oldest turn (never the system prompt, which is not in `messages`); returns how many went."""
    n = _oldest_turn(messages)
    del messages[:n]
    return n
