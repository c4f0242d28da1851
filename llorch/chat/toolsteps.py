"""A turn's tool steps before its answer: the exact step, the model's decisions, and the calls they make.

A message that is plainly a question a tool answers exactly goes to that tool before the model answers
(`exact_step`: the "exact step" that tools/ modules' docstrings name); otherwise the model decides on a call under
the call grammar, one step at a time (`tool_steps`). A call passes a second look (its arguments are in the request;
a change was asked for) and, for a change, the user's consent (tools/consent.py) before it runs; a call of the
caller's own function ends the turn instead (`ClientCall`).

These are functions of a `Conversation`, called only by it (as chat/consensus.py's are): each reads and writes the
conversation's state (history, profile, toolbox, fallback chain, request builder, store) and keeps none of its own.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from llorch.chat.answercheck import Expect, expected, says_no
from llorch.chat.events import ChatEvent, Notice, Step, ToolEvent
from llorch.chat.prompt import AS_IS, Turn
from llorch.chat.turns import meta_of
from llorch.engine.types import Completion, Message
from llorch.errors import ContextOverflowError, InputError, LlorchError, ToolError
from llorch.resilience.chain import Source
from llorch.store.db import StoredMessage
from llorch.tools.calls import DECISION_HINT, CallableTool, ToolCall, call_schema, decision_hint, parse_call, without_hint
from llorch.tools.consent import WriteRequest, changes_asked, fits
from llorch.tools.exact import exact_call
from llorch.tools.followup import followed_call
from llorch.tools.grounding import grounded, weekday_dates, writes

if TYPE_CHECKING:
    from llorch.chat.conversation import Conversation, Worker

__all__ = [
    "ClientCall", "Declined", "Unanswerable", "after_tools", "asked_changes", "call_stands", "calls_done", "client_results",
    "exact_call_for", "exact_step", "forced_call", "ms_since", "second_look", "tool_decision", "tool_steps",
]

log = logging.getLogger("llorch.chat")


def forced_call(conv: Conversation, steps: list[Step]) -> tuple[ToolCall, Completion] | None:
    """One decision that must call one of the caller's functions (choice "required"), or None."""
    start = time.perf_counter()
    try:
        with conv.models.use(conv.model_ref) as worker:
            call, decision = tool_decision(conv, worker, list(conv.client_tools), "required")
    except LlorchError as exc:
        log.info("no call behind the claimed change: %s", exc)
        return None
    why = second_look(conv, call, conv.client_tools) if call is not None else None
    steps.append(Step("decision", "no tool" if call is None else f"no tool ({why})" if why else call.name,
                      ms_since(start), decision))
    return (call, decision) if call is not None and decision is not None and not why else None


def calls_done(conv: Conversation) -> set[str]:
    """The calls already made (and answered) since the user last spoke: never made again in this answer."""
    return {call.key() for call in _calls_made(conv)}


def client_results(conv: Conversation) -> str:
    """Words for an answer that stayed a call after the caller's functions answered: what they
    returned (the 0.5B, given calculate's result, wrote another call even without the tools'
    instructions; a result that came back is never followed by "please ask again")."""
    results = [f"{turn.name} returned: {turn.content.strip()}" for turn in reversed(_results(conv))]
    return "\n\n".join(results) if results else after_tools([])


def _calls_made(conv: Conversation) -> list[ToolCall]:
    """The model's calls already made (and answered) since the user last spoke, last first."""
    return [ToolCall(turn.name, turn.arguments) for turn in _results(conv)]


def _results(conv: Conversation) -> list[Turn]:
    """The results of the model's calls since the user last spoke, last first."""
    results: list[Turn] = []
    for turn in reversed(conv._turns()):
        if turn.role == "user":
            break
        if turn.role == "tool" and turn.by_model:
            results.append(turn)
    return results


def tool_decision(conv: Conversation, worker: Worker, tools: Sequence[CallableTool],
                  choice: str) -> tuple[ToolCall | None, Completion | None]:
    """One decision under the call grammar (a call of one of `tools`, or none with `choice` "auto"),
    through the model's breaker and time limits. (None, None): cancelled, or the breaker is open."""
    request, _dropped = conv._build_request(worker, tools)
    decide = dataclasses.replace(conv.sampling, temperature=0.0, max_tokens=384, stop=())
    messages, hint = request.messages, ""
    if choice == "auto" and messages and DECISION_HINT:
        # Only the decision reads the hint (the answer's prompt shares everything before it).
        last = messages[-1]
        hint = decision_hint(last.role)
        messages = messages[:-1] + (Message(last.role, f"{last.content}\n\n{hint}"),)
    request = dataclasses.replace(request, messages=messages, sampling=decide, logprobs=False,
                                  grammar_schema=json.dumps(call_schema(tools, choice)))
    decision = conv.fallback.call(conv.model_ref, request)
    if decision is None:
        return None, None
    call = parse_call(decision.text)
    return (without_hint(call, hint) if call is not None and hint else call), decision


def tool_steps(conv: Conversation, worker: Worker, tools: list[Any],
                steps: list[Step]) -> Iterator[ChatEvent | ClientCall | Declined | Unanswerable]:
    """Let the model call tools, one decision per step under the call grammar, up to the step limit.

    Each decision is a request like any answer: through the model's breaker and time limits. A call
    of the caller's own tools (`client_tools`) is not run here: it ends the turn (ClientCall). A
    call that would change the user's data runs only when the user's message asked for a change
    and the user agreed (tools/consent.py); otherwise it is not run, the user sees the call and
    why, and the model answers in words (reading why when the user said no, so that it does not
    claim the change). `steps` receives each decision's and each tool's figures."""
    done_calls = calls_done(conv)
    if conv.client_tools:
        # The client runs its tools: a "required" or named choice must call one, unless one was just answered.
        choice = conv.tool_choice if not done_calls else "auto"
        start = time.perf_counter()
        try:
            call, decision = tool_decision(conv, worker, tools, choice)
        except LlorchError as exc:
            steps.append(Step("decision", "failed", ms_since(start)))
            # Tools that do not fit the context, or whose schema makes no grammar, or a call the client
            # required: the request cannot be answered as asked (a text answer made up the weather instead)
            if choice != "auto" or isinstance(exc, (ContextOverflowError, InputError)):
                yield Unanswerable(exc)
                return
            yield Notice(f"no tool call: {exc}")
            return
        repeat = call is not None and call.key() in done_calls  # answered in words below, with the result
        why = second_look(conv, call, tools) if call is not None and choice == "auto" and not repeat else None
        outcome = "no tool" if call is None else f"no tool ({why})" if why else call.name
        steps.append(Step("decision", outcome, ms_since(start), decision))
        if call is not None and why:
            yield Declined(call, why)
        elif call is not None and decision is not None and call.key() not in done_calls:
            call = _dated(conv, call)
            source = Source("model", conv.model_ref)
            yield ClientCall(call, decision, source, getattr(conv.fallback.last_handle, "route", None))
        return
    assert conv.profile is not None and conv.toolbox is not None
    asked = asked_changes(conv)
    for attempt in range(conv.profile.tools.max_steps):
        start = time.perf_counter()
        try:
            call, decision = tool_decision(conv, worker, tools, "auto")
        except LlorchError as exc:  # a malformed call, or the decision itself failed
            steps.append(Step("decision", "failed", ms_since(start)))
            yield Notice(f"no tool call: {exc}")
            return
        if decision is None:
            return  # cancelled, or the model's breaker is open: answer without tools
        why = second_look(conv, call, tools) if call is not None and attempt == 0 and not done_calls else None
        what = "no tool" if call is None else f"no tool ({why})" if why else WriteRequest(call.name, call.arguments).what()
        steps.append(Step("decision", what, ms_since(start), decision))
        if call is None:
            return
        if why:
            yield Declined(call, why)
            return
        call = _dated(conv, call)
        if call.key() in done_calls:
            # The same call again (small models loop on a call that worked): never run it
            # twice in one answer — a write would be done twice. Answer with what there is.
            log.info("the model repeated %s; answering instead", call.to_json())
            return
        done_calls.add(call.key())
        start = time.perf_counter()
        verdict = conv.toolbox.permit(conv.profile.tools, call.name, call.arguments, asked=asked,
                                      profile=conv.profile.name)
        if verdict is not None and verdict.asked:
            steps.append(Step("consent", what, ms_since(start)))
        if verdict is not None and not verdict.run:
            refused = ToolEvent(call.name, dict(call.arguments), verdict.text, False, refused=verdict.why)
            conv._record_tool(refused)
            yield refused
            if verdict.note:
                yield Notice(verdict.note)
            return  # no more calls: the answer comes in words
        start = time.perf_counter()
        try:
            result = conv.toolbox.call(conv.profile.tools, call.name, call.arguments, profile=conv.profile.name)
            done = ToolEvent(call.name, dict(call.arguments), _fitted(result.text, worker), True)
            data = result.data
        except ToolError as exc:
            done, data = ToolEvent(call.name, dict(call.arguments), f"error: {exc}", False), None
        steps.append(Step("tool", call.name, ms_since(start)))
        conv._record_tool(done, data)
        yield done
        if done.ok and verdict is not None:
            return  # one change per answer: a small model tends to make it again, differently
    yield Notice(f"stopped after {conv.profile.tools.max_steps} tool calls (the profile's tools.max_steps)")


def exact_call_for(conv: Conversation, worker: Worker) -> ToolCall | None:
    """The call for a message that is plainly a question a tool answers exactly (tools/exact.py: arithmetic,
    days between dates, a day's weekday, a conversion, the time, a count, an encoding or hash, a network, a
    file mode, a regex's match, a text's syntax), when the profile enables that tool; or a short follow-up to
    such a call just before ("And in London?": tools/followup.py)."""
    if conv.client_tools or not conv.auto_tools or conv.profile is None or conv.toolbox is None \
            or conv._raw(worker):
        return None
    turns = conv._turns()
    if not turns or turns[-1].role != "user":
        return None
    enabled = conv.profile.tools.exact_tools
    found = exact_call(turns[-1].content, enabled, conv.toolbox.now())
    if found is not None:
        return ToolCall(*found)
    before = _exact_before(turns)
    if before is None or before.name not in enabled:
        return None
    varied = followed_call(turns[-1].content, before.name, before.arguments, conv.toolbox.now())
    return ToolCall(before.name, varied) if varied is not None else None


def exact_step(conv: Conversation, worker: Worker, steps: list[Step]) -> tuple[ToolEvent, Expect] | None:
    """A message that is plainly a question a tool answers exactly (exact_call_for) goes to that tool before the
    model answers (whether or not the model may call tools by itself): a small model computes in its head and
    is often wrong, and this costs no decision step. Returns the tool's event and what an answer must give of
    its result (answercheck.expected)."""
    call = exact_call_for(conv, worker)
    if call is None or conv.profile is None or conv.toolbox is None:
        return None
    asked = conv._turns()[-1].content  # (the user's: exact_call_for found it last)
    start = time.perf_counter()
    try:
        result = conv.toolbox.call(conv.profile.tools, call.name, dict(call.arguments), profile=conv.profile.name)
    except ToolError as exc:  # the tool read the question and cannot answer it ("… is not a JWT: …"): the
        # model is told so and the user sees why (without it the 1.5B made a token's claims up)
        steps.append(Step("tool", call.name, ms_since(start)))
        failed = ToolEvent(call.name, dict(call.arguments), f"error: {exc}", False, by_model=False)
        conv._record_tool(failed, exact=True)
        return failed, Expect("any")
    except LlorchError as exc:  # (not permitted, say): the model answers as it would have
        log.info("%s did not take %s: %s", call.name, dict(call.arguments), exc)
        return None
    steps.append(Step("tool", call.name, ms_since(start)))
    if call.name in AS_IS and len(result.text) > _AS_IS_LIMIT:  # (no model retypes a 50 KB file, and its
        # context may not even hold it): said, with the command that prints it whole
        failed = ToolEvent(call.name, dict(call.arguments), f"error: the result is {len(result.text):,} "
                           f"characters, more than an answer can give; `llorch tool {call.name} …` prints it whole",
                           False, by_model=False)
        conv._record_tool(failed, exact=True)
        return failed, Expect("any")
    event = ToolEvent(call.name, dict(call.arguments), _fitted(result.text, worker), True, by_model=False)
    want = expected(call.name, result.data, asked)
    conv._record_tool(event, result.data, exact=True, says_no=says_no(want, asked),
                      plainly=call.name not in conv.profile.tools.enabled)  # (tools.exact: see _send)
    return event, want


def second_look(conv: Conversation, call: ToolCall, tools: Sequence[CallableTool]) -> str | None:
    """Why a call should not stand, or None (tools/grounding.py): its arguments are nowhere in the
    conversation (the user's words, or what was said and found before), or it calls a client's
    write function and the message asks for no change (llorch's own writes go through consent
    instead: the user sees them refused). A further call after a result must take something of
    the user's words that the calls before it did not: the result is not a request."""
    made = _calls_made(conv)
    tool = next((t for t in tools if t.name == call.name), None)
    parameters = tool.parameters if tool is not None else None
    if made:
        said = "\n".join(m.content for m in conv.history() if m.role == "user")
        if not grounded(call.arguments, said, parameters, besides=[c.arguments for c in made]):
            log.info("declined %s: nothing of the request that the calls before did not take", call.to_json())
            return "the request asks nothing more of it"
    elif not grounded(call.arguments, "\n".join(m.content for m in conv.history()), parameters):
        # (the whole conversation: a "yes please" counts what came before)
        log.info("declined %s: its arguments are not in the request", call.to_json())
        return "its arguments are not in the request"
    if any(t.name == call.name for t in conv.client_tools) and writes(call.name) \
            and not fits(call.name, asked_changes(conv)):
        log.info("declined %s: it changes something and the request asks for no change", call.to_json())
        return "a change nobody asked for"
    return None


def _dated(conv: Conversation, call: ToolCall) -> ToolCall:
    """`call` with its ISO dates on the weekday the user's message names (tools/grounding.py)."""
    said = [m.content for m in conv.history() if m.role == "user"]
    if not said:
        return call
    today = (conv.toolbox.now() if conv.toolbox is not None else datetime.now().astimezone()).date()
    fixed = weekday_dates(call.arguments, said[-1], today)
    if fixed != dict(call.arguments):
        log.info("dates moved to the weekday asked for: %s -> %s", dict(call.arguments), fixed)
    return ToolCall(call.name, fixed) if fixed != dict(call.arguments) else call


def call_stands(conv: Conversation, call: ToolCall | None, declined: Declined | None) -> bool:
    """Whether a call the model wrote as its answer (not under the decision grammar) ends the turn as
    a call of the caller's own function: not one made already since the user spoke, and one that
    passes the second look."""
    if call is None or declined is not None or not any(t.name == call.name for t in conv.client_tools):
        return False
    return call.key() not in calls_done(conv) and second_look(conv, call, conv.client_tools) is None


def asked_changes(conv: Conversation) -> frozenset[str]:
    """The kinds of change the message being answered asks for (tools/consent.py). A short "yes please" takes
    those of the message before, while that change is still to be made: after it ran, "ok thanks" let a second
    write (a removal, the same event again) run as agreed."""
    history = conv.history()
    users = [i for i, m in enumerate(history) if m.role == "user"]
    if not users:
        return frozenset()
    previous = ""
    if len(users) > 1 and not any(_wrote(conv, m) for m in history[users[-2] : users[-1]]):
        previous = history[users[-2]].content
    return changes_asked(history[users[-1]].content, previous)


def _wrote(conv: Conversation, message: StoredMessage) -> bool:
    """Whether `message` is the result of a write that ran."""
    meta = meta_of(message) if message.role == "tool" else {}
    return bool(meta.get("ok")) and not meta.get("refused") and conv.toolbox is not None \
        and conv.toolbox.writes(str(meta.get("name", "")), meta.get("arguments") or {})


@dataclass(frozen=True)
class Declined:
    """The model's call did not stand (second_look): the answer comes in words."""

    call: ToolCall
    why: str


@dataclass(frozen=True)
class Unanswerable:
    """The caller's tools cannot be offered (they overflow the context, or make no grammar), or the call it required
    failed: the request fails with `error`, rather than a text answer that never saw them."""

    error: LlorchError


@dataclass(frozen=True)
class ClientCall:
    """The model called one of the caller's own tools: the turn ends with it."""

    call: ToolCall
    completion: Completion
    source: Source
    route: Any = None


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def after_tools(ran: list[ToolEvent]) -> str:
    """Words for the user when the model answered with a tool call instead of words."""
    worked = [e for e in ran if e.ok]
    refused = [e for e in ran if e.refused]
    if not worked and refused:
        what = WriteRequest(refused[-1].name, refused[-1].arguments).what()
        return f"(The model answered with a tool call instead of words. It wanted {what}, which was not run: nothing was changed.)"
    if not worked:
        return "(The model answered with a tool call instead of words, and no tool call worked; please ask again.)"
    return "\n\n".join(e.text.strip() or f"{e.name}: done" for e in worked)  # what the tools said, in their words


def _exact_before(turns: Sequence[Turn]) -> Turn | None:
    """The call the previous exchange's exact step (or the user's /tool) made, for a follow-up to vary (which tools'
    calls may be varied is tools/followup.py's to say). None when the model's own call or none came between the two
    messages."""
    for turn in reversed(turns[:-1]):
        if turn.role == "user":
            return None
        if turn.role == "tool":
            return None if turn.by_model else turn
    return None


_AS_IS_LIMIT = 4_000  # characters of a result that is the answer itself (a conversion) that a model is asked to give
_RESULT_CHARS = 200_000  # the most of a tool's result the model is shown, whatever its context (a remote's is unknown)


def _fitted(text: str, worker: Worker) -> str:
    """A tool's result as the model is shown it: its start, half the context's worth at most (at two characters
    a token, a cautious count for data), and a line saying how much was left out. (A tool that returned 40,000
    characters overflowed the next prompt, and the error blamed the user's 8-word question; a remote was sent
    3 MB.)"""
    room = min(_RESULT_CHARS, max(1_000, worker.info().n_ctx))
    if len(text) <= room:
        return text
    return (text[:room].rstrip() + f"\n[… the result goes on: {len(text):,} characters in all, of which the first "
            f"{room:,} are shown here, as much as the context holds]")
