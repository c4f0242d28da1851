"""A conversation: its history in the store, one model context for prefix reuse, a context policy.

Front ends (the TUI, line mode, `llorch run --continue`) drive a Conversation and render
the events it yields; they never touch the store or the backend directly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from llorch.chat.about import Facts, about_asked, about_told, tool_words, trained_until
from llorch.chat.live import gives_figure, live_asked, live_note, live_told
from llorch.chat.prompt import AS_IS, Turn, build_request, merge_sampling
from llorch.engine.text import check_prompt_length
from llorch.engine.types import Completion, Message, ModelInfo, Priority, PromptProgress, Request, Sampling, TokenEvent
from llorch.errors import ContextOverflowError, InputError, LlorchError, ToolError
from llorch.orchestra.pool import Pool
from llorch.profiles.schema import Profile
from llorch.profiles.select import Selection
from llorch.resilience.chain import Answered, FallbackChain, Loading, Skipped, Source
from llorch.store.db import Store, StoredMessage
from llorch.tools.base import ToolResult
from llorch.tools.calls import (
    DECISION_HINT, CallableTool, ToolBox, ToolCall, call_schema, decision_hint, looks_like_call, may_be_markup, parse_call,
    read_call, today_line, tools_block, tools_clock, unwrap_words, without_hint,
)
from llorch.tools.consent import WriteRequest, changes_asked, claimed_kind, claims_change, fits
from llorch.tools.cron import cron_check
from llorch.tools.datequestions import WORKDAYS_ASKED
from llorch.tools.dates import ordinal
from llorch.tools.exact import READ_WHOLE, exact_call, read_whole
from llorch.tools.followup import followed_call
from llorch.tools.grounding import gives_number, grounded, weekday_dates, writes
from llorch.tools.units import duration_words

__all__ = ["Conversation", "Decision", "Loading", "Notice", "Skipped", "Step", "SwitchReport", "ToolEvent", "TurnDone"]

Worker = Any  # a ModelWorker (llorch.orchestra): Worker, SerialWorker or a wrapper
BackendLoader = Callable[[str], Any]
ProfileResolver = Callable[[str], tuple[Profile, Selection]]

# A message this long may not fit a context: it goes through the condenser (shorter ones cannot overflow
# any context llorch sets up, and skip measuring).
LONG_MIN_CHARS = 2048

log = logging.getLogger("llorch.chat")


@dataclass(frozen=True)
class Notice:
    """Something the user should be told once, e.g. that old turns were dropped."""

    text: str


@dataclass(frozen=True)
class Step:
    """A step of a turn before its answer, for `--stats`: the model deciding on a tool call ("decision":
    `completion` holds its tokens and timings), a tool running ("tool"), or the user being asked ("consent")."""

    kind: str
    what: str  # the decision's outcome ("calendar add", "no tool", "failed"), or the tool's name
    ms: float
    completion: Completion | None = None


@dataclass(frozen=True)
class TurnDone:
    """The end of a turn: the stored answer's id and status, and the completion if any."""

    message_id: int
    status: str
    text: str
    completion: Completion | None = None
    error: str | None = None
    source: Source | None = None
    mode: str = "chat"  # "chat" (the model's template) or "raw" (plain completion)
    model_path: str = ""  # the file of the model that answered
    worker: Any = None  # that model's WorkerStats after the answer (KV use and hit rate)
    route: Any = None  # which instance of the pool answered and why (llorch.orchestra.group.Route)
    consensus: Any = None  # how the vote went, when the turn was answered by consensus (chat/consensus.Outcome)
    steps: tuple[Step, ...] = ()  # the tool steps before the answer (decisions, tools), in order
    turn_ms: float = 0.0  # the whole turn, tool steps and answer
    tool_calls: tuple[ToolCall, ...] = ()  # calls of the caller's own tools (the server's clients run them)
    exception: LlorchError | None = dataclasses.field(default=None, repr=False, compare=False)  # why it failed

    @property
    def mean_logprob(self) -> float | None:
        """The answer's mean token log-probability when logprobs were asked (a confidence score), else None."""
        return self.completion.mean_logprob if self.completion is not None else None

    @property
    def mean_entropy(self) -> float | None:
        """The answer's mean token entropy in nats when logprobs were asked (how unsure the model was), else None."""
        return self.completion.mean_entropy if self.completion is not None else None


@dataclass(frozen=True)
class ToolEvent:
    """A tool ran (called by the model, or by the user with /tool): what, with what, and what came back."""

    name: str
    arguments: Mapping[str, Any]
    text: str
    ok: bool = True
    by_model: bool = True
    refused: str = ""  # a change the model wanted that was not made: why ("unasked", "declined", "no-terminal")


@dataclass(frozen=True)
class Decision:
    """A turn's first tool decision, made and not run (`Conversation.decide`): the call, or None for
    "no tool"; the decision's completion (None when no tools were on offer); the tools offered."""

    call: ToolCall | None
    completion: Completion | None
    offered: tuple[str, ...] = ()


@dataclass(frozen=True)
class SwitchReport:
    """What a profile switch did: the model now answering, how long the switch took, and notes."""

    profile: str
    model: str
    ms: float
    was_loaded: bool
    note: str | None = None


ChatEvent = TokenEvent | PromptProgress | Notice | ToolEvent | Skipped | Loading | TurnDone


class Conversation:
    """One chat session. Not thread-safe: one thread sends at a time; `cancel` is safe from any thread."""

    def __init__(
        self,
        store: Store,
        models: Pool | BackendLoader,
        *,
        model_ref: str,
        session_id: int | None = None,
        system: str | None = None,
        sampling: Sampling | None = None,
        profile: Profile | None = None,
        chain: tuple[str, ...] = (),
        toolbox: ToolBox | None = None,
        resolve_profile: ProfileResolver | None = None,
        base_sampling: Sampling | Callable[[str], Sampling] | None = None,
        sampling_overrides: Mapping[str, Any] | None = None,
        fallback: FallbackChain | None = None,
        mode: str = "chat",
        schema: str | None = None,
        logprobs: bool = False,
        top_logprobs: int = 0,
        save_kv: bool = False,
    ) -> None:
        """`mode`: "chat" renders the model's chat template, "raw" sends plain text, "auto"
        picks raw for base models (saying so once). `schema` constrains answers to a JSON
        schema; `save_kv` writes the model's KV state after each turn, for a later process.
        `base_sampling` may be a function of the model's reference (config.toml's sampling over
        the model's own defaults): the profile's sampling and the overrides go over it."""
        self.store = store
        self._owns_models = not isinstance(models, Pool)  # a runtime's cache outlives its conversations
        self.models = models if isinstance(models, Pool) else Pool(models, budget_bytes=0)
        self.fallback = fallback if fallback is not None else FallbackChain(self.models, None, None)
        self.mode = mode
        self.schema = schema
        self.logprobs = logprobs
        self.top_logprobs = top_logprobs  # the most likely alternatives to report per token (implies logprobs)
        self.save_kv = save_kv
        self.last_mode = "chat"
        self._told_mode = False
        self._told_notes: set[str] = set()
        self.use_cache = True  # off when the user named the model: its own error beats another's old answer
        # The most context tokens a model of a chain will have, known before it loads (None: not known).
        self.context_bound: Callable[[tuple[str, ...]], int | None] | None = None
        # Input longer than the context: the runtime's condense(text, documents, policy) makes one prompt
        # that fits (None: sent as it is); `long` the overflow policy (None: config's limits.long).
        self.condenser: Callable[[str, tuple[Any, ...], str | None], Generator[Any, None, str]] | None = None
        self.long: str | None = None
        self.attached: tuple[Any, ...] = ()  # documents for the next message (attach)
        self._reading: Any = None  # the longinput.Stop of the long message being read in parts, for cancel()
        self.start_note: str | None = None
        self.model_ref = model_ref
        self.chain = chain or (model_ref,)
        self.profile = profile
        self.toolbox = toolbox
        self._resolve_profile = resolve_profile
        self._base_sampling = base_sampling or Sampling()
        self._sampling_overrides = dict(sampling_overrides or {})
        self.sampling = sampling or self._profile_sampling(profile)
        self._told_trim = False
        self._busy = threading.Lock()
        self._made: set[int] = set()  # sessions this conversation began: removed at close if nothing was said
        self.last_switch_ms: float | None = None
        default_system = profile.system_prompt if profile is not None else ""
        self.explicit_system = system
        if session_id is None:
            self.system = system if system is not None else default_system
            self.session_id = store.create_session(model=model_ref, profile=self.profile_name, system_prompt=self.system)
            self._made.add(self.session_id)
        else:
            session = store.get_session(session_id)
            self.session_id = session.id
            self.system = system if system is not None else session.system_prompt
            if system is not None:
                store.update_session(session.id, system_prompt=system)
        self.last_completion: Completion | None = None
        self.consensus: Any = None  # a ConsensusSpec: answer each turn N times and vote (chat/consensus.py)
        # Tools of the caller's own (an API client's functions): the model may call them, and a call
        # ends the turn with TurnDone.tool_calls instead of running anything here.
        self.client_tools: tuple[CallableTool, ...] = ()
        self.prefill = ""  # the answer's start, given (an API request's): the answer goes on from it
        self.tool_choice = "auto"  # "auto", "required" or one client tool's name
        self.stop_token: Any = None  # a runtime.Cancel that may have fired before this turn began
        self.auto_tools = True  # False: the model calls no tools (`llorch run --no-tools`)
        # "bulk": nobody waits for these answers now (--each-line, agents' fan-out, prefix warming): the
        # worker starts interactive requests first (orchestra/priority.py).
        self.priority: Priority = "interactive"
        # Whether an answer to a long input's last combination is followed by what its notes said with
        # numbers and it left out (chat/longinput.postscript); off for the combinations before it, which
        # longinput checks and carries itself.
        self.postscript = True
        # Whether the system prompt ends with today's date when no tools bring their clock: asked "What is
        # today's date?", the 1.5B answered "2023-10-05"; with the line, the date, the weekday and the year.
        # Off for an API request (llorch serve): a client's prompt is sent as the client wrote it.
        self.dated = True

    @property
    def profile_name(self) -> str:
        return self.profile.name if self.profile is not None else ""

    def _profile_sampling(self, profile: Profile | None) -> Sampling:
        base = self._base_sampling(self.model_ref) if callable(self._base_sampling) else self._base_sampling
        return merge_sampling(base, profile, self._sampling_overrides)

    @classmethod
    def open(
        cls,
        store: Store,
        models: Pool | BackendLoader,
        *,
        session_id: int | None,
        model: str | None,
        default_model: str,
        system: str | None = None,
        sampling: Sampling | None = None,
        **options: Any,
    ) -> Conversation:
        """Resume `session_id` (or start a session): an explicit model wins, then the session's, then the default."""
        stored = store.get_session(session_id) if session_id is not None else None
        ref = model or (stored.model if stored and stored.model else default_model)
        conv = cls(store, models, model_ref=ref, session_id=session_id, system=system, sampling=sampling, **options)
        if stored and ref != stored.model:
            store.update_session(conv.session_id, model=ref)
        return conv

    # --- model ----------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self.models.is_loaded(self.model_ref)

    def worker(self) -> Worker:
        """The model's worker, loaded on first use (and kept in the model cache)."""
        return self.models.get(self.model_ref)

    def info(self) -> ModelInfo:
        return self.worker().info()

    def switch_model(self, ref: str) -> ModelInfo:
        """Load another model; the conversation carries on in its chat template."""
        info = self.models.get(ref).info()
        self.model_ref = ref
        self.chain = (ref,)
        self.store.update_session(self.session_id, model=ref)
        return info

    def switch_profile(self, name: str) -> SwitchReport:
        """Switch to profile `name`: its model, system prompt, sampling and tools; the messages stay."""
        if self._resolve_profile is None:
            raise LlorchError("profiles are not available in this conversation")
        start = time.perf_counter()
        profile, selection = self._resolve_profile(name)
        was_loaded = self.models.is_loaded(selection.model)
        self.models.get(selection.model)  # immediate when the model is still in the cache
        self.profile = profile
        self.model_ref = selection.model
        self.chain = selection.chain
        self.sampling = self._profile_sampling(profile)
        self.system = profile.system_prompt
        self.fallback.profile = profile.name  # the response cache is per profile
        self.store.update_session(self.session_id, profile=profile.name, model=selection.model, system_prompt=self.system)
        self.last_switch_ms = (time.perf_counter() - start) * 1000
        return SwitchReport(profile.name, selection.model, self.last_switch_ms, was_loaded, selection.note)

    def preload(self) -> threading.Thread:
        """Load the active profile's models in the background."""
        return self.models.preload(self.chain[:1])

    def warm(self) -> Any:
        """Evaluate the system prompt (with the tools' instructions) into the model's KV cache now,
        so the first answer of each conversation evaluates only what follows it; a profile's is
        restored from disk when an earlier process saved it, else saved. Returns the warming's
        handle (None: nothing to warm)."""
        worker = self.worker()
        if self._raw(worker) or not self.system:
            return None
        tools = self._auto_tools(worker)
        block, clock = self._tools_text(tools)
        try:
            request, _ = build_request(worker, [Turn("user", "")], system=self.system, tools_text=block, clock=clock,
                                       sampling=Sampling(max_tokens=1), share=self._shares_prefix())
            return worker.warm(dataclasses.replace(request, priority=self.priority))
        except LlorchError as exc:  # a template that refuses an empty turn: nothing to warm
            log.debug("not warming %s: %s", self.model_ref, exc)
            return None

    def set_consensus(self, arg: str) -> str:
        """`/consensus N [MODEL,…]` or `/consensus off`: how the following messages are answered. Returns a status line."""
        from llorch.chat.consensus import parse_consensus

        if arg.strip():
            self.consensus = parse_consensus(arg)
        spec = self.consensus
        if spec is None:
            return "consensus: off (one answer per message); /consensus N turns it on"
        who = ", ".join(spec.models) if spec.models else self.model_ref
        return f"consensus: {spec.n} answers per message from {who}, {spec.method} vote"

    SAMPLING_NAMES = ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "max_tokens", "seed")

    def set_sampling(self, arg: str) -> str:
        """`/set NAME VALUE` (as ollama's `/set parameter`): sampling for the following messages, checked
        as config.toml's sampling keys are; `/set NAME default` drops the change; `/set` alone shows them.
        The change outlives a profile switch (it sits over every profile's sampling). Returns a status line."""
        from llorch.config import parse_value
        from llorch.errors import InputError

        words = arg.split()
        if words and words[0].lower() == "long":
            if len(words) != 2:
                raise InputError("use /set long summarise|truncate|refuse (default: config's limits.long)")
            self.long = None if words[1].lower() == "default" else parse_value("limits.long", words[1], source="/set")
            return (f"long input: {self.long or 'as config.toml says (limits.long)'} (summarise reads it in parts, "
                    "truncate keeps what fits, refuse says it is too long)")
        if words:
            name = words[0].lower().replace("-", "_")
            if name not in self.SAMPLING_NAMES or len(words) != 2:
                raise InputError(f"use /set NAME VALUE with NAME one of {', '.join(self.SAMPLING_NAMES)} "
                                 "(VALUE `default` drops a change)")
            if words[1].lower() == "default":
                self._sampling_overrides.pop(name, None)
            else:
                value = parse_value(f"sampling.{name}", words[1], source="/set")
                self._sampling_overrides[name] = None if name == "seed" and value < 0 else value
            self.sampling = self._profile_sampling(self.profile)
        s = self.sampling
        shown = (f"temperature {s.temperature:g}, top_k {s.top_k}, top_p {s.top_p:g}, min_p {s.min_p:g}, "
                 f"repeat_penalty {s.repeat_penalty:g}, max_tokens {s.max_tokens}, seed {'random' if s.seed is None else s.seed}")
        changed = ", ".join(sorted(self._sampling_overrides)) or "none"
        return f"sampling: {shown} (set here or by flags: {changed})"

    def set_system(self, text: str) -> None:
        self.system = self.explicit_system = text
        self.store.update_session(self.session_id, system_prompt=text)

    def new_session(self) -> int:
        self.session_id = self.store.create_session(model=self.model_ref, profile=self.profile_name, system_prompt=self.system)
        self._made.add(self.session_id)
        self._told_trim = False
        return self.session_id

    def resume(self, session_id: int) -> None:
        session = self.store.get_session(session_id)
        self.session_id = session.id
        self.system = session.system_prompt
        self._told_trim = False

    def close(self) -> None:
        """Stop any answer in progress (another thread may be generating), then free the models it loaded itself."""
        self.cancel()
        if self._busy.acquire(timeout=30):
            self._busy.release()
        for session_id in sorted(self._made):  # (a chat that said nothing leaves no empty session to list or resume)
            with contextlib.suppress(LlorchError, sqlite3.Error, OSError):  # (a read-only or full disk: left)
                if not self.store.messages(session_id):
                    self.store.delete_session(session_id)
        if self._owns_models:
            self.models.close()

    # --- history --------------------------------------------------------------

    def history(self) -> list[StoredMessage]:
        return self.store.messages(self.session_id)

    def _turns(self) -> list[Turn]:
        """What the model sees of the history, as turns for the prompt builder (chat/prompt.py)."""
        out: list[Turn] = []
        history = self.history()
        for i, m in enumerate(history):
            if m.status == "error" or not m.content:
                continue
            meta = _meta(m)
            if m.role == "user" and not meta.get("given") and self._unanswered(history, i):
                continue  # e.g. a message too long for the context: it failed, so it stays out for good
            if m.role == "tool":
                if meta.get("refused") == "unasked":
                    continue  # a call nobody asked for: the instruct starter copied it, or its refusal, as its answer
                # A refused call is shown only as why (by_model False: no call JSON for a small model to copy).
                by_model = bool(meta.get("by_model", True)) and not meta.get("refused")
                out.append(Turn("tool", m.content, str(meta.get("name", "")), meta.get("arguments") or {}, by_model,
                                bool(meta.get("exact")), bool(meta.get("no")), bool(meta.get("plainly"))))
            elif m.role in ("user", "assistant"):
                out.append(Turn(m.role, m.content))
        return out

    def _offline(self) -> bool:
        """Whether no tool at hand could bring live data: no caller's functions (an API client's own get_weather),
        no MCP server's tools (SERVER.tool) in the profile."""
        enabled = self.profile.tools.enabled if self.profile is not None else ()
        return not self.client_tools and not any("." in name for name in enabled)

    @staticmethod
    def _unanswered(history: list[StoredMessage], i: int) -> bool:
        """Whether the user message at `i` never got an answer (its answer failed, was cancelled before its first
        word, or another question followed it). The last message, the one being answered, is never left out.
        (A question cancelled unanswered stayed in: asked "Say hi" next, the 0.5B answered the old question.)"""
        for later in history[i + 1 :]:
            if later.role == "tool":
                continue
            return later.role == "user" or (later.role == "assistant" and (
                later.status == "error" or (later.status == "cancelled" and not later.content.strip())))
        return False

    @property
    def context_used(self) -> int:
        """Tokens the last turn's prompt and answer occupy in the context."""
        c = self.last_completion
        return c.usage.total_tokens if c else 0

    # --- turns ----------------------------------------------------------------

    def cancel(self) -> None:
        """Stop the turn in progress, from any thread: its answer, or the parts of a long message being read."""
        reading = self._reading
        if reading is not None:  # (the fallback's cancel alone left the parts running: Escape did nothing for 82 s)
            reading.cancel()
        self.fallback.cancel()

    def send(self, text: str, documents: Sequence[Any] = ()) -> Generator[ChatEvent, None, None]:
        """Store the user's message, then stream and store the answer. A message far too long for
        every model of the chain is refused first: nothing is stored, no model loaded.

        `documents` (chat.longinput.Document: files, piped text) are what the message asks about. With
        them, or a message long enough that it may not fit, the `condenser` (the runtime's) first makes
        one prompt that fits under the overflow policy `long` (/set long): the message stored and
        answered is that prompt (for a long input read in parts, the request and the parts' answers)."""
        documents, self.attached = (*self.attached, *documents), ()
        whole = self._read_whole(text, documents)
        if whole is not None:  # a tool reads it, however long: the model needs only the question and the result
            return self._send(whole, measure=False)
        if self.condenser is not None and (documents or len(text) >= LONG_MIN_CHARS):
            return self._kept(documents, self._send_long(text, documents))
        if documents:  # no runtime to measure them: sent as they are
            from llorch.chat.longinput import compose

            try:
                return self._send(compose(text, documents))
            except ContextOverflowError:
                self.attached = (*documents, *self.attached)
                raise
        return self._send(text)

    def _kept(self, documents: tuple[Any, ...], answer: Generator[ChatEvent, None, None]) -> Generator[ChatEvent, None, None]:
        """`answer`; refused as too long before the message is stored, its documents stay attached for the next
        message (after the refusal's "/set long summarise" the question was sent again without them, and the
        model answered 5 chairs where the file said 11)."""
        try:
            yield from answer
        except ContextOverflowError:
            self.attached = (*documents, *self.attached)
            raise

    def attach(self, documents: Sequence[Any]) -> None:
        """Documents (`chat --file`) the next message is about: sent with it, whatever the front end."""
        self.attached = (*self.attached, *documents)

    def _send_long(self, text: str, documents: tuple[Any, ...]) -> Generator[ChatEvent, None, None]:
        from llorch.chat.longinput import Stop, stoppable  # (it imports this module)

        assert self.condenser is not None
        stop = self._reading = Stop()
        try:
            try:
                prompt = yield from stoppable(stop, self.condenser(text, documents, self.long))
            except LlorchError:
                if not stop.cancelled:
                    raise
            if stop.cancelled:  # stopped before its prompt was made: nothing to answer
                yield self._stopped_reading(text)
                return
            yield from self._send(prompt)
        finally:
            self._reading = None

    def _stopped_reading(self, text: str) -> TurnDone:
        """A long message whose reading in parts was cancelled: the message as written (not its documents, read
        in part) and an empty answer marked cancelled are stored, as for an answer cancelled before its first
        token."""
        self.store.add_message(self.session_id, "user", text, model=self.model_ref, profile=self.profile_name)
        message_id = self._store_answer("", "cancelled", None)
        return TurnDone(message_id, "cancelled", "", None, None, None, self.last_mode)

    def _read_whole(self, text: str, documents: Sequence[Any] = ()) -> str | None:
        """The message and its documents as one text, when it plainly asks a tool that reads them whole about them
        (tools/exact.read_whole: "How many words is this?", "Is this valid JSON?" and a piped file) and the profile
        enables that tool; else None."""
        if not self.auto_tools or self.client_tools or self.profile is None \
                or not READ_WHOLE & set(self.profile.tools.exact_tools):
            return None
        return read_whole(text, [str(d.text) for d in documents], self.profile.tools.exact_tools, self.toolbox.now()
                          if self.toolbox is not None else datetime.now().astimezone())

    def _send(self, text: str, *, measure: bool = True) -> Generator[ChatEvent, None, None]:
        bound = self.context_bound(self.chain) if self.context_bound is not None and measure else None
        if bound:
            check_prompt_length(len(text), bound)
        self.store.add_message(self.session_id, "user", text, model=self.model_ref, profile=self.profile_name)
        return self._answer()

    def decide(self, text: str) -> Decision:
        """Store the user's message and make the tool decision a turn on it would make first (the same
        prompt, tools and grammar: `_decide`), without running the call: what `llorch eval` scores.
        No tool runs, so nothing is read or written; a malformed decision raises ToolError."""
        self.store.add_message(self.session_id, "user", text, model=self.model_ref, profile=self.profile_name)
        if not self._busy.acquire(blocking=False):
            raise LlorchError("an answer is already in progress")
        self.fallback.begin()
        try:
            with self.models.use(self.model_ref) as worker:
                tools = self._auto_tools(worker)
                sure = self._exact_call(worker)
                if sure is not None:  # what a turn does first with a question a tool answers exactly
                    return Decision(sure, None, tuple(t.name for t in tools) or (sure.name,))
                if not tools:
                    return Decision(None, None, ())
                call, completion = self._decide(worker, tools, "auto")
                if call is not None and self._second_look(call, tools) is not None:
                    call = None  # what a turn would do: answer in words
                return Decision(call, completion, tuple(t.name for t in tools))
        finally:
            self._busy.release()

    def load_history(self, turns: Sequence[Turn]) -> None:
        """Put a conversation someone else kept (an API request's messages) into this session, as given."""
        for turn in turns:
            meta: dict[str, Any] = {"given": True}
            if turn.role == "tool":
                meta |= {"name": turn.name, "arguments": dict(turn.arguments), "ok": True, "by_model": turn.by_model}
            self.store.add_message(self.session_id, turn.role, turn.content, model=self.model_ref,
                                   profile=self.profile_name, meta=json.dumps(meta, ensure_ascii=False, default=str))

    def reply(self) -> Generator[ChatEvent, None, None]:
        """Answer what the history holds now (after load_history): the next assistant message."""
        return self._answer()

    def retry(self) -> Generator[ChatEvent, None, None]:
        """Answer the last user message again, replacing the answer (or the error) after it.

        The tool calls made for it stay: what they did is done (a calendar entry exists), and the
        model should know it rather than do it again."""
        history = self.history()
        last_user = next((i for i in range(len(history) - 1, -1, -1) if history[i].role == "user"), None)
        if last_user is None:
            raise LlorchError("nothing to retry: send a message first")
        for message in history[last_user + 1 :]:
            if message.role == "assistant":
                self.store.delete_message(message.id)
        return self._answer()

    def run_tool(self, name: str, args: Mapping[str, Any]) -> ToolResult:
        """Run a tool for the user (`/tool`): checked against the profile, recorded in the session."""
        if self.toolbox is None or self.profile is None:
            raise ToolError("tools need a profile; start the chat with --profile NAME")
        result = self.toolbox.call(self.profile.tools, name, args, profile=self.profile.name)
        self._record_tool(ToolEvent(name, dict(args), result.text, True, by_model=False), result.data)
        return result

    def run_tool_words(self, name: str, words: list[str]) -> ToolResult:
        """`/tool NAME words…`: command-line words turned into the tool's arguments, then `run_tool`."""
        from llorch.tools.base import parse_words

        if self.toolbox is None:
            raise ToolError("tools need a profile; start the chat with --profile NAME")
        return self.run_tool(name, parse_words(self.toolbox.registry.get(name), words))

    def tool_names(self) -> list[str]:
        return list(self.profile.tools.enabled) if self.profile is not None else []

    def _record_tool(self, event: ToolEvent, data: Any = None, *, exact: bool = False, says_no: bool = False,
                     plainly: bool = False) -> None:
        meta = {"name": event.name, "arguments": dict(event.arguments), "ok": event.ok, "by_model": event.by_model}
        if exact:
            meta["exact"] = True
        if says_no:
            meta["no"] = True
        if plainly:
            meta["plainly"] = True
        if event.refused:
            meta["refused"] = event.refused
        if data is not None:
            meta["data"] = data
        self.store.add_message(
            self.session_id, "tool", event.text, model=self.model_ref, profile=self.profile_name,
            meta=json.dumps(meta, ensure_ascii=False, default=str),
        )

    def _auto_tools(self, worker: Worker) -> list[Any]:
        """The tools the model may call by itself: the caller's own, else the profile's, if any."""
        if self.client_tools:
            return [] if self._raw(worker) else list(self.client_tools)
        if not self.auto_tools or self.toolbox is None or self.profile is None or not self.profile.tools.enabled:
            return []
        auto = self.profile.tools.auto
        if auto == "off" or (auto == "auto" and worker.info().is_base_model) or self._raw(worker):
            return []
        return self.toolbox.enabled(self.profile.tools)

    def _tools_text(self, tools: Sequence[CallableTool] | None) -> tuple[str, str]:
        """The tools' instructions for the system prompt, and their clock line (tools/calls.py); with no tools,
        today's date alone (it changes once a day, so a chat's earlier turns stay in the KV cache)."""
        now = self.toolbox.now() if self.toolbox is not None else None
        if not tools:  # (a conversation with no system prompt gets none)
            return "", today_line(now) if self.dated and self.system.strip() else ""
        return tools_block(tools), tools_clock(now)

    def _told(self, worker: Worker, turns: list[Turn]) -> list[Turn]:
        """`turns`, with the question being answered followed by what the model cannot know and llorch does: that no
        live data is at hand (chat/live.py), or the facts a question about llorch or about the time after the model's
        training needs (chat/about.py; only under the profile's own system prompt, which says it is llorch)."""
        if not turns or turns[-1].role != "user":
            return turns
        asked = turns[-1].content
        what = live_asked(asked) if self._offline() else None
        if what is not None:
            told = live_told(what)
        elif self.explicit_system is None and not self.client_tools:
            facts = self._facts(worker)
            kind = about_asked(asked, facts)
            if kind is None:
                return turns
            told = about_told(kind, facts, asked)
        else:
            return turns
        return [*turns[:-1], dataclasses.replace(turns[-1], content=f"{asked}\n\n{told}")]

    def _facts(self, worker: Worker) -> Facts:
        """What is true of this conversation, for a question about llorch (chat/about.py)."""
        info = worker.info()
        name = str(info.metadata.get("general.name") or info.name).removesuffix(" GGUF")
        now = self.toolbox.now() if self.toolbox is not None else datetime.now().astimezone()
        tools = self.profile.tools.exact_tools if self.profile is not None else ()
        return Facts(name, trained_until(name), now.date(), not self.store.in_memory, self._offline(),
                     tool_words(tools), remote=info.path if info.architecture == "remote" else "",
                     calendar_writes=self.profile is not None and "calendar" in self.profile.tools.enabled
                     and self.profile.tools.can_write("calendar") and bool(self._auto_tools(worker)))

    def _shares_prefix(self) -> bool:
        """Whether the system prompt is one every request of the profile shares (not one the user or a
        client gave, nor a client's functions): its evaluated prefix is then kept on disk."""
        return self.explicit_system is None and not self.client_tools

    def _raw(self, worker: Worker) -> bool:
        """Whether this model gets plain completion rather than its chat template."""
        return self.mode == "raw" or (self.mode == "auto" and worker.info().is_base_model)

    def mode_note(self, worker: Worker) -> str | None:
        """Why an "auto" conversation uses plain completion for this model, if it does."""
        info = worker.info()
        if self.mode != "auto" or not info.is_base_model:
            return None
        why = "has no chat template" if not info.chat_template else "is a base model (not instruction-tuned)"
        return f"{info.name} {why}; using plain completion (pass --chat to use a chat template anyway)"

    def _build_request(self, worker: Worker, tools: Sequence[CallableTool] | None = None) -> tuple[Request, int]:
        """The request with as much history as fits, and how many messages were dropped (chat/prompt.py)."""
        raw = self._raw(worker)
        self.last_mode = "raw" if raw else "chat"
        block, clock = self._tools_text(tools)
        turns = _tool_read(self._turns())
        request, dropped = build_request(
            worker, self._told(worker, turns) if not raw else turns, system=self.system or "",
            tools_text=block, clock=clock,
            sampling=self.sampling, schema=self.schema, logprobs=self.logprobs, top_logprobs=self.top_logprobs, raw=raw,
            raw_system=self.explicit_system, share=self._shares_prefix(),
        )
        if request.priority != self.priority:
            request = dataclasses.replace(request, priority=self.priority)
        if self.prefill and not tools and request.is_chat:  # (not a tool decision's: it is no answer)
            request = dataclasses.replace(request, prefill=self.prefill)
        return request, dropped

    def _answer(self) -> Generator[ChatEvent, None, None]:
        if not self._busy.acquire(blocking=False):
            raise LlorchError("an answer is already in progress")
        self.fallback.begin()
        if self.stop_token is not None and self.stop_token.cancelled:
            self.fallback.cancel()
        if self._reading is not None and self._reading.cancelled:  # cancelled as the reading ended: begin() forgot it
            self.fallback.cancel()
        try:
            if self.consensus is not None:
                yield from self._answer_by_consensus(self.consensus)
            else:
                yield from self._answer_via_chain(self.fallback)
        except LlorchError as exc:  # anything the paths below did not turn into a stored answer
            message_id = self._store_answer("", "error", None, error=str(exc))
            yield TurnDone(message_id, "error", "", None, str(exc), None, self.last_mode, exception=exc)
        finally:
            self._busy.release()

    def _answer_by_consensus(self, spec: Any) -> Iterator[ChatEvent]:
        """N answers, a vote, one stored answer that records how the vote went (chat/consensus.py)."""
        from llorch.chat.consensus import answer_by_consensus

        try:
            outcome, completion, source = yield from answer_by_consensus(self, spec)
        except LlorchError as exc:
            message_id = self._store_answer("", "error", None, error=str(exc))
            yield TurnDone(message_id, "error", "", None, str(exc), None, self.last_mode, exception=exc)
            return
        except (KeyboardInterrupt, GeneratorExit):
            self._store_answer("", "cancelled", None)
            raise
        self.last_completion = completion
        message_id = self._store_answer(completion.text, "complete", completion, source,
                                        extra={"consensus": outcome.to_dict()})
        path, stats = "", None
        if self.models.is_loaded(source.model):
            answered = self.models.get(source.model)
            path, stats = answered.info().path, answered.stats()
        route = outcome.routes[outcome.chosen] if outcome.routes else None
        yield TurnDone(message_id, "complete", completion.text, completion, None, source, self.last_mode, path, stats,
                       route, outcome)

    def _answer_via_chain(self, fallback: FallbackChain) -> Iterator[ChatEvent]:
        """Answer from the first source of the chain that can: models, then the cache, then a degraded answer."""
        from llorch.chat.longinput import Unlabelled, is_combination, postscript, unlabelled  # (it imports this module)

        started = time.perf_counter()
        tools: list[Any] = []
        ran: list[ToolEvent] = []
        steps: list[Step] = []
        declined: _Declined | None = None
        unanswerable: LlorchError | None = None
        exact: tuple[ToolEvent, Expect] | None = None  # this turn's exact step, and what an answer must give of it
        if fallback.healthy(self.model_ref):
            if not self.models.is_loaded(self.model_ref):
                yield Loading(self.model_ref)
            try:
                with self.models.use(self.model_ref) as worker:
                    note = self.mode_note(worker)
                    if note and not self._told_mode:
                        self._told_mode = True
                        yield Notice(note)
                    for note in worker.info().notes:
                        if note not in self._told_notes:
                            self._told_notes.add(note)
                            yield Notice(note)
                    tools = self._auto_tools(worker)
                    exact = self._exact_step(worker, steps)
                    if exact is not None:
                        ran.append(exact[0])
                        yield exact[0]
                    elif tools:
                        for step in self._tool_steps(worker, tools, steps):
                            if isinstance(step, _ClientCall):
                                yield self._end_with_call(step, steps, started)
                                return
                            if isinstance(step, _Declined):
                                declined = step
                                continue
                            if isinstance(step, _Unanswerable):
                                unanswerable = step.error
                                break
                            if isinstance(step, ToolEvent):
                                ran.append(step)
                            yield step
            except LlorchError:
                tools = []  # the model cannot even load: the chain below says so and falls back
        if unanswerable is not None:
            raise unanswerable
        offered = bool(tools)
        turns = self._turns()
        if (ran and ran[-1].refused) or (declined is not None and turns and turns[-1].role == "user") or \
                (not ran and steps and steps[-1].kind == "decision" and turns and turns[-1].role == "user"):
            # The answer comes in words (no tool, or none that may run): without the tools' instructions.
            # With them the 1.5B wrote "To find the capital of Australia, I'll use the get_weather
            # tool" and a call. (After a tool's result they stay: without them it thanked the user
            # for "providing the result".) The decision's prompt is not lost: a chat's second slot
            # keeps it, and a profile's shared prefix is saved before another prompt cuts it.
            tools = []
        if tools and exact is not None and exact[0].name not in {t.name for t in tools}:
            # The answer to an exact step of a tool not on offer (tools.exact) comes in words, told to (Turn.plainly).
            # On 22 fresh questions in dev, told the result with code and math (and the tool) on offer, the 1.5B got 7
            # wrong, repeating the question, calling a tool or writing code; with no tools and no word, its "prefer
            # small, safe changes" prompt had it write code for 14; with no tools and the word, 21 were right.
            tools = []
        dropped: list[int] = []

        def build(worker: Worker) -> Request:
            request, n = self._build_request(worker, tools)
            dropped.append(n)
            return request

        prompt = turns[-1].content if turns and turns[-1].role == "user" else ""
        combined = is_combination(prompt)  # a long input's last combination: labels to leave out, a postscript
        # An answer read with the tools' instructions (after a tool's result) that turns out to be a
        # call in words that may not stand (the one just answered, again) is asked again once
        # without them, before anything of it was shown.
        for again in (False, True):
            answer_start = time.perf_counter()
            pieces: list[str] = []
            completion: Completion | None = None
            source: Source | None = None
            route: Any = None
            status, error, failure = "complete", None, None
            # With tools on offer, a small model sometimes answers with a tool call (or its words wrapped
            # in JSON) anyway: an answer that starts like markup is held back until it is known not to be.
            held: list[TokenEvent] | None = [] if offered else None
            # A long input's last answer: without the prompt's labels it copies (longinput.Unlabelled).
            labels = Unlabelled() if combined else None
            try:
                for event in fallback.run(self.chain, build, prompt, save_state=self.save_kv, cache=self.use_cache):
                    if isinstance(event, TokenEvent) and labels is not None:
                        event = dataclasses.replace(event, text=labels.feed(event.text))
                    if isinstance(event, TokenEvent):
                        pieces.append(event.text)
                        if held is not None:
                            held.append(event)
                            if not may_be_markup("".join(e.text for e in held)):
                                yield from held
                                held = None
                            continue
                        yield event
                    elif isinstance(event, Skipped):
                        if event.partial:
                            pieces.clear()
                            held = [] if held is not None else None
                            labels = Unlabelled() if labels is not None else None
                        yield event
                    elif isinstance(event, Answered):
                        source, route = event.source, event.route
                    elif isinstance(event, (Loading, PromptProgress)):
                        yield event
                    else:
                        completion = event
            except LlorchError as exc:  # a prompt too long for every model, a bad request
                status, error, failure = "error", str(exc), exc
            except (KeyboardInterrupt, GeneratorExit):
                self._store_answer("".join(pieces), "cancelled", None)
                raise
            if labels is not None:
                end = TokenEvent(labels.close(), -1)
                if end.text:
                    pieces.append(end.text)
                    if held is not None:
                        held.append(end)
                    else:
                        yield end
                if completion is not None:
                    completion = dataclasses.replace(completion, text=unlabelled(completion.text))
            if not again and held and tools and not ran and completion is not None and source is not None \
                    and source.kind == "model" and looks_like_call("".join(pieces)) \
                    and not self._call_stands(read_call("".join(pieces)), declined):
                steps.append(Step("answer", "a call in words: asked again without the tools", _ms_since(answer_start),
                                  completion))
                tools = []
                continue
            break
        if dropped and dropped[-1] and not self._told_trim:
            self._told_trim = True
            kept = "" if self.store.in_memory else " (they stay saved)"  # (a one-shot run saves none)
            yield Notice(f"The conversation outgrew the context: the oldest {dropped[-1]} message(s) are left out of "
                         f"what the model sees{kept}.")
        if held:
            said = "".join(pieces)
            call = read_call(said) if self.client_tools else None
            if call is not None and completion is not None and source is not None and source.kind == "model" \
                    and self._call_stands(call, declined):
                yield self._end_with_call(_ClientCall(call, completion, source, route), steps, started)  # another shape
                return
            words = (_after_tools(ran) if ran or not self.client_tools else self._client_results()) \
                if looks_like_call(said) else unwrap_words(said)
            if words != said:
                pieces, held = [words], [TokenEvent(words, -1)]
                if completion is not None:
                    completion = dataclasses.replace(completion, text=words)
            yield from held
        if completion is not None and source is not None and source.kind == "model":
            self.last_completion = completion
            if completion.finish_reason == "cancelled":
                status = "cancelled"
        if source is not None and source.kind == "degraded":
            status, error = "error", completion.text if completion is not None else "no model could answer"
        if combined and self.postscript and status == "complete" and completion is not None and source is not None \
                and source.kind != "degraded":
            extra = postscript(prompt, completion.text)  # a long input's notes' numbers the answer left out
            if extra:
                yield TokenEvent(extra, -1)
                completion = dataclasses.replace(completion, text=completion.text + extra)
        text = completion.text if completion is not None else "".join(pieces)
        if exact is not None and exact[1] and status == "complete" and source is not None and source.kind == "model":
            want = exact[1]
            if want.kind == "same_data":  # a conversion: the answer's block must hold the tool's data
                if not _gave_data(text, str(want.values[0]), str(want.values[1])):
                    yield Notice(f"the answer does not give the data as the {exact[0].name} tool wrote it: "
                                 f"{exact[0].text}")
            elif want.kind == "yes":
                if _NO_START.match(text):  # (the 1.5B: "No, the pip specifier ~=2.2 does not allow 2.3.1.")
                    yield Notice(f"the answer begins with a no, and the {exact[0].name} tool's answer is yes: "
                                 f"{exact[0].text}")
            elif not (_in_order(text, want.values) if want.kind == "in_order" else
                      any(_gives(text, value) for value in want.values)):
                # (with tools on offer the 1.5B showed its own working after "98.6 °F = 37 °C", and ended at 37.18)
                yield Notice(f"the answer does not give what the {exact[0].name} tool worked out exactly: "
                             f"{exact[0].text}")
            elif want.kind == "no" and _YES.match(text):  # told "No: ... does not match", the 1.5B began "Yes, ..."
                yield Notice(f"the answer begins with a yes, and the {exact[0].name} tool's answer is no: "
                             f"{exact[0].text}")
        asked = [t.content for t in turns if t.role == "user"][-1:]  # (read once above)
        what = live_asked(asked[0]) if asked and status == "complete" and self._offline() else None
        if what is not None and source is not None and source.kind == "model" and gives_figure(text):
            yield Notice(live_note(what))  # (told it has no live data, the 1.5B still gave 2 of 12 such figures)
        if exact is None and asked and status == "complete" and source is not None and source.kind == "model" \
                and self.profile is not None and "cron" in self.profile.tools.exact_tools:
            schedule = cron_check(asked[0], text, self.toolbox.now() if self.toolbox is not None
                                  else datetime.now().astimezone())
            if schedule is not None:
                yield Notice(schedule)  # ("every weekday at 9:30am?": the 1.5B answered `0 9 * * 1-5`, at 09:00)
        if completion is None and status == "complete":
            status = "cancelled"
        if status == "error" and not error:
            error = "the answer failed"
        claim = claims_change(text) if offered and status == "complete" and source is not None \
            and source.kind == "model" else None
        if claim and self.client_tools and not self._done_calls() and completion is not None and source is not None \
                and declined is None and self._changes_asked():
            # The words say a change was made, and no call made it: the model meant to call one of the
            # caller's functions (the 1.5B answered "Meeting booked successfully." without a call).
            # Only when a change was asked for: "Pride and Prejudice was written by Jane Austen" claims none.
            forced = self._forced_call(steps)
            if forced is not None:
                yield self._end_with_call(_ClientCall(forced[0], forced[1], source, route), steps, started)
                return
        elif claim and not self.client_tools:
            wrote = [WriteRequest(e.name, e.arguments).what() for e in ran if e.ok and not e.refused
                     and self.toolbox is not None and self.toolbox.writes(e.name, e.arguments)]
            if not wrote:
                yield Notice(f"no change was made: the answer says {claim!r}, but no tool that changes things ran; "
                             "ask again, or make the change yourself (/tool NAME ...)")
            elif not any(fits(what, frozenset({claimed_kind(claim)})) for what in wrote):
                # (a small model that removed an event when asked to add one answered "I've added it")
                yield Notice(f"the answer says {claim!r}, but the change that ran was {', '.join(wrote)}: check it "
                             "(/tool NAME ...)")
        message_id = self._store_answer(text, status, completion if source and source.kind == "model" else None, source,
                                        error=error if status == "error" else None)
        path, stats = "", None
        if source is not None and source.kind == "model" and self.models.is_loaded(source.model):
            answered = self.models.get(source.model)
            path, stats = answered.info().path, answered.stats()
        yield TurnDone(message_id, status, text, completion, error, source, self.last_mode, path, stats, route,
                       steps=tuple(steps), turn_ms=_ms_since(started), exception=failure)

    def _end_with_call(self, step: _ClientCall, steps: list[Step], started: float) -> TurnDone:
        """The turn ends with a call of the caller's own tool: stored as the model's answer, returned to run."""
        text = step.call.to_json()
        self.last_completion = step.completion
        message_id = self._store_answer(text, "complete", step.completion, step.source)
        return TurnDone(message_id, "complete", "", step.completion, None, step.source, self.last_mode, "", None,
                        step.route, steps=tuple(steps), turn_ms=_ms_since(started), tool_calls=(step.call,))

    def _forced_call(self, steps: list[Step]) -> tuple[ToolCall, Completion] | None:
        """One decision that must call one of the caller's functions (choice "required"), or None."""
        start = time.perf_counter()
        try:
            with self.models.use(self.model_ref) as worker:
                call, decision = self._decide(worker, list(self.client_tools), "required")
        except LlorchError as exc:
            log.info("no call behind the claimed change: %s", exc)
            return None
        why = self._second_look(call, self.client_tools) if call is not None else None
        steps.append(Step("decision", "no tool" if call is None else f"no tool ({why})" if why else call.name,
                          _ms_since(start), decision))
        return (call, decision) if call is not None and decision is not None and not why else None

    def _done_calls(self) -> set[str]:
        """The calls already made (and answered) since the user last spoke: never made again in this answer."""
        return {call.key() for call in self._calls_made()}

    def _client_results(self) -> str:
        """Words for an answer that stayed a call after the caller's functions answered: what they
        returned (the 0.5B, given calculate's result, wrote another call even without the tools'
        instructions; a result that came back is never followed by "please ask again")."""
        results = [f"{turn.name} returned: {turn.content.strip()}" for turn in reversed(self._results())]
        return "\n\n".join(results) if results else _after_tools([])

    def _calls_made(self) -> list[ToolCall]:
        """The model's calls already made (and answered) since the user last spoke, last first."""
        return [ToolCall(turn.name, turn.arguments) for turn in self._results()]

    def _results(self) -> list[Turn]:
        """The results of the model's calls since the user last spoke, last first."""
        results: list[Turn] = []
        for turn in reversed(self._turns()):
            if turn.role == "user":
                break
            if turn.role == "tool" and turn.by_model:
                results.append(turn)
        return results

    def _decide(self, worker: Worker, tools: Sequence[CallableTool], choice: str) -> tuple[ToolCall | None, Completion | None]:
        """One decision under the call grammar (a call of one of `tools`, or none with `choice` "auto"),
        through the model's breaker and time limits. (None, None): cancelled, or the breaker is open."""
        request, _dropped = self._build_request(worker, tools)
        decide = dataclasses.replace(self.sampling, temperature=0.0, max_tokens=384, stop=())
        messages, hint = request.messages, ""
        if choice == "auto" and messages and DECISION_HINT:
            # Only the decision reads the hint (the answer's prompt shares everything before it).
            last = messages[-1]
            hint = decision_hint(last.role)
            messages = messages[:-1] + (Message(last.role, f"{last.content}\n\n{hint}"),)
        request = dataclasses.replace(request, messages=messages, sampling=decide, logprobs=False,
                                      grammar_schema=json.dumps(call_schema(tools, choice)))
        decision = self.fallback.call(self.model_ref, request)
        if decision is None:
            return None, None
        call = parse_call(decision.text)
        return (without_hint(call, hint) if call is not None and hint else call), decision

    def _tool_steps(self, worker: Worker, tools: list[Any],
                    steps: list[Step]) -> Iterator[ChatEvent | _ClientCall | _Declined | _Unanswerable]:
        """Let the model call tools, one decision per step under the call grammar, up to the step limit.

        Each decision is a request like any answer: through the model's breaker and time limits. A call
        of the caller's own tools (`client_tools`) is not run here: it ends the turn (_ClientCall). A
        call that would change the user's data runs only when the user's message asked for a change
        and the user agreed (tools/consent.py); otherwise it is not run, the user sees the call and
        why, and the model answers in words (reading why when the user said no, so that it does not
        claim the change). `steps` receives each decision's and each tool's figures."""
        done_calls = self._done_calls()
        if self.client_tools:
            # The client runs its tools: a "required" or named choice must call one, unless one was just answered.
            choice = self.tool_choice if not done_calls else "auto"
            start = time.perf_counter()
            try:
                call, decision = self._decide(worker, tools, choice)
            except LlorchError as exc:
                steps.append(Step("decision", "failed", _ms_since(start)))
                # Tools that do not fit the context, or whose schema makes no grammar, or a call the client
                # required: the request cannot be answered as asked (a text answer made up the weather instead)
                if choice != "auto" or isinstance(exc, (ContextOverflowError, InputError)):
                    yield _Unanswerable(exc)
                    return
                yield Notice(f"no tool call: {exc}")
                return
            repeat = call is not None and call.key() in done_calls  # answered in words below, with the result
            why = self._second_look(call, tools) if call is not None and choice == "auto" and not repeat else None
            outcome = "no tool" if call is None else f"no tool ({why})" if why else call.name
            steps.append(Step("decision", outcome, _ms_since(start), decision))
            if call is not None and why:
                yield _Declined(call, why)
            elif call is not None and decision is not None and call.key() not in done_calls:
                call = self._dated(call)
                source = Source("model", self.model_ref)
                yield _ClientCall(call, decision, source, getattr(self.fallback.last_handle, "route", None))
            return
        assert self.profile is not None and self.toolbox is not None
        asked = self._changes_asked()
        for attempt in range(self.profile.tools.max_steps):
            start = time.perf_counter()
            try:
                call, decision = self._decide(worker, tools, "auto")
            except LlorchError as exc:  # a malformed call, or the decision itself failed
                steps.append(Step("decision", "failed", _ms_since(start)))
                yield Notice(f"no tool call: {exc}")
                return
            if decision is None:
                return  # cancelled, or the model's breaker is open: answer without tools
            why = self._second_look(call, tools) if call is not None and attempt == 0 and not done_calls else None
            what = "no tool" if call is None else f"no tool ({why})" if why else WriteRequest(call.name, call.arguments).what()
            steps.append(Step("decision", what, _ms_since(start), decision))
            if call is None:
                return
            if why:
                yield _Declined(call, why)
                return
            call = self._dated(call)
            if call.key() in done_calls:
                # The same call again (small models loop on a call that worked): never run it
                # twice in one answer — a write would be done twice. Answer with what there is.
                log.info("the model repeated %s; answering instead", call.to_json())
                return
            done_calls.add(call.key())
            start = time.perf_counter()
            verdict = self.toolbox.permit(self.profile.tools, call.name, call.arguments, asked=asked,
                                          profile=self.profile.name)
            if verdict is not None and verdict.asked:
                steps.append(Step("consent", what, _ms_since(start)))
            if verdict is not None and not verdict.run:
                refused = ToolEvent(call.name, dict(call.arguments), verdict.text, False, refused=verdict.why)
                self._record_tool(refused)
                yield refused
                if verdict.note:
                    yield Notice(verdict.note)
                return  # no more calls: the answer comes in words
            start = time.perf_counter()
            try:
                result = self.toolbox.call(self.profile.tools, call.name, call.arguments, profile=self.profile.name)
                done = ToolEvent(call.name, dict(call.arguments), _fitted(result.text, worker), True)
                data = result.data
            except ToolError as exc:
                done, data = ToolEvent(call.name, dict(call.arguments), f"error: {exc}", False), None
            steps.append(Step("tool", call.name, _ms_since(start)))
            self._record_tool(done, data)
            yield done
            if done.ok and verdict is not None:
                return  # one change per answer: a small model tends to make it again, differently
        yield Notice(f"stopped after {self.profile.tools.max_steps} tool calls (the profile's tools.max_steps)")

    def _exact_call(self, worker: Worker) -> ToolCall | None:
        """The call for a message that is plainly a question a tool answers exactly (tools/exact.py: arithmetic,
        days between dates, a day's weekday, a conversion, the time, a count, an encoding or hash, a network, a
        file mode, a regex's match, a text's syntax), when the profile enables that tool; or a short follow-up to
        such a call just before ("And in London?": tools/followup.py)."""
        if self.client_tools or not self.auto_tools or self.profile is None or self.toolbox is None \
                or self._raw(worker):
            return None
        turns = self._turns()
        if not turns or turns[-1].role != "user":
            return None
        enabled = self.profile.tools.exact_tools
        found = exact_call(turns[-1].content, enabled, self.toolbox.now())
        if found is not None:
            return ToolCall(*found)
        before = _exact_before(turns)
        if before is None or before.name not in enabled:
            return None
        varied = followed_call(turns[-1].content, before.name, before.arguments, self.toolbox.now())
        return ToolCall(before.name, varied) if varied is not None else None

    def _exact_step(self, worker: Worker, steps: list[Step]) -> tuple[ToolEvent, Expect] | None:
        """A message that is plainly a question a tool answers exactly (_exact_call) goes to that tool before the
        model answers (whether or not the model may call tools by itself): a small model computes in its head and
        is often wrong, and this costs no decision step. Returns the tool's event and what an answer must give of
        its result (_exact_values)."""
        call = self._exact_call(worker)
        if call is None or self.profile is None or self.toolbox is None:
            return None
        asked = self._turns()[-1].content  # (the user's: _exact_call found it last)
        start = time.perf_counter()
        try:
            result = self.toolbox.call(self.profile.tools, call.name, dict(call.arguments), profile=self.profile.name)
        except ToolError as exc:  # the tool read the question and cannot answer it ("… is not a JWT: …"): the
            # model is told so and the user sees why (without it the 1.5B made a token's claims up)
            steps.append(Step("tool", call.name, _ms_since(start)))
            failed = ToolEvent(call.name, dict(call.arguments), f"error: {exc}", False, by_model=False)
            self._record_tool(failed, exact=True)
            return failed, Expect("any")
        except LlorchError as exc:  # (not permitted, say): the model answers as it would have
            log.info("%s did not take %s: %s", call.name, dict(call.arguments), exc)
            return None
        steps.append(Step("tool", call.name, _ms_since(start)))
        if call.name in AS_IS and len(result.text) > _AS_IS_LIMIT:  # (no model retypes a 50 KB file, and its
            # context may not even hold it): said, with the command that prints it whole
            failed = ToolEvent(call.name, dict(call.arguments), f"error: the result is {len(result.text):,} "
                               f"characters, more than an answer can give; `llorch tool {call.name} …` prints it whole",
                               False, by_model=False)
            self._record_tool(failed, exact=True)
            return failed, Expect("any")
        event = ToolEvent(call.name, dict(call.arguments), _fitted(result.text, worker), True, by_model=False)
        want = _expect(_exact_values(call.name, result.data, asked))
        if want.kind == "yes" and _YES_NO.match(asked) is None:
            want = Expect("any")
        says_no = want.kind == "no" and _YES_NO.match(asked) is not None
        self._record_tool(event, result.data, exact=True, says_no=says_no,
                          plainly=call.name not in self.profile.tools.enabled)  # (tools.exact: see _send)
        return event, want

    def _second_look(self, call: ToolCall, tools: Sequence[CallableTool]) -> str | None:
        """Why a call should not stand, or None (tools/grounding.py): its arguments are nowhere in the
        conversation (the user's words, or what was said and found before), or it calls a client's
        write function and the message asks for no change (llorch's own writes go through consent
        instead: the user sees them refused). A further call after a result must take something of
        the user's words that the calls before it did not: the result is not a request."""
        made = self._calls_made()
        tool = next((t for t in tools if t.name == call.name), None)
        parameters = tool.parameters if tool is not None else None
        if made:
            said = "\n".join(m.content for m in self.history() if m.role == "user")
            if not grounded(call.arguments, said, parameters, besides=[c.arguments for c in made]):
                log.info("declined %s: nothing of the request that the calls before did not take", call.to_json())
                return "the request asks nothing more of it"
        elif not grounded(call.arguments, "\n".join(m.content for m in self.history()), parameters):
            # (the whole conversation: a "yes please" counts what came before)
            log.info("declined %s: its arguments are not in the request", call.to_json())
            return "its arguments are not in the request"
        if any(t.name == call.name for t in self.client_tools) and writes(call.name) \
                and not fits(call.name, self._changes_asked()):
            log.info("declined %s: it changes something and the request asks for no change", call.to_json())
            return "a change nobody asked for"
        return None

    def _dated(self, call: ToolCall) -> ToolCall:
        """`call` with its ISO dates on the weekday the user's message names (tools/grounding.py)."""
        said = [m.content for m in self.history() if m.role == "user"]
        if not said:
            return call
        today = (self.toolbox.now() if self.toolbox is not None else datetime.now().astimezone()).date()
        fixed = weekday_dates(call.arguments, said[-1], today)
        if fixed != dict(call.arguments):
            log.info("dates moved to the weekday asked for: %s -> %s", dict(call.arguments), fixed)
        return ToolCall(call.name, fixed) if fixed != dict(call.arguments) else call

    def _call_stands(self, call: ToolCall | None, declined: _Declined | None) -> bool:
        """Whether a call the model wrote as its answer (not under the decision grammar) ends the turn as
        a call of the caller's own function: not one made already since the user spoke, and one that
        passes the second look."""
        if call is None or declined is not None or not any(t.name == call.name for t in self.client_tools):
            return False
        return call.key() not in self._done_calls() and self._second_look(call, self.client_tools) is None

    def _changes_asked(self) -> frozenset[str]:
        """The kinds of change the message being answered asks for (tools/consent.py). A short "yes please" takes
        those of the message before, while that change is still to be made: after it ran, "ok thanks" let a second
        write (a removal, the same event again) run as agreed."""
        history = self.history()
        users = [i for i, m in enumerate(history) if m.role == "user"]
        if not users:
            return frozenset()
        previous = ""
        if len(users) > 1 and not any(self._wrote(m) for m in history[users[-2] : users[-1]]):
            previous = history[users[-2]].content
        return changes_asked(history[users[-1]].content, previous)

    def _wrote(self, message: StoredMessage) -> bool:
        """Whether `message` is the result of a write that ran."""
        meta = _meta(message) if message.role == "tool" else {}
        return bool(meta.get("ok")) and not meta.get("refused") and self.toolbox is not None \
            and self.toolbox.writes(str(meta.get("name", "")), meta.get("arguments") or {})

    def _store_answer(self, text: str, status: str, completion: Completion | None, source: Source | None = None,
                      extra: Mapping[str, Any] | None = None, error: str | None = None) -> int:
        """Save the answer; a failed one is saved too, with status "error" and its reason in meta["error"]."""
        model = source.model if source is not None and source.model else self.model_ref
        fields: dict[str, object] = {"model": model, "profile": self.profile_name, "status": status}
        extra = dict(extra or {}) | ({"error": error} if error else {})
        if completion is not None and completion.mean_logprob is not None:
            extra["confidence"] = {"mean_logprob": completion.mean_logprob, "mean_entropy": completion.mean_entropy}
        if source is not None or extra:
            meta = {"source": source.to_dict()} if source is not None else {}
            fields["meta"] = json.dumps(meta | extra, ensure_ascii=False)
        if completion is not None:
            t = completion.timings
            fields |= {
                "prompt_tokens": completion.usage.prompt_tokens,
                "completion_tokens": completion.usage.completion_tokens,
                "ttft_ms": t.ttft_ms,
                "tg_tokens_per_s": t.tg_tokens_per_s,
                "total_ms": t.total_ms,
            }
        return self.store.add_message(self.session_id, "assistant", text, **fields)


@dataclass(frozen=True)
class _Declined:
    """The model's call did not stand (Conversation._second_look): the answer comes in words."""

    call: ToolCall
    why: str


@dataclass(frozen=True)
class _Unanswerable:
    """The caller's tools cannot be offered (they overflow the context, or make no grammar), or the call it required
    failed: the request fails with `error`, rather than a text answer that never saw them."""

    error: LlorchError


@dataclass(frozen=True)
class _ClientCall:
    """The model called one of the caller's own tools: the turn ends with it."""

    call: ToolCall
    completion: Completion
    source: Source
    route: Any = None


def _ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _after_tools(ran: list[ToolEvent]) -> str:
    """Words for the user when the model answered with a tool call instead of words."""
    worked = [e for e in ran if e.ok]
    refused = [e for e in ran if e.refused]
    if not worked and refused:
        what = WriteRequest(refused[-1].name, refused[-1].arguments).what()
        return f"(The model answered with a tool call instead of words. It wanted {what}, which was not run: nothing was changed.)"
    if not worked:
        return "(The model answered with a tool call instead of words, and no tool call worked; please ask again.)"
    return "\n\n".join(e.text.strip() or f"{e.name}: done" for e in worked)  # what the tools said, in their words


def _meta(message: StoredMessage) -> dict[str, Any]:
    try:
        data = json.loads(message.meta) if message.meta else {}
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


_READ_SHOWN = 2000  # characters of a text a tool read whole that the model is shown in full


def _tool_read(turns: list[Turn]) -> list[Turn]:
    """`turns`, with a long text a tool has just read whole (count, validate, ...: tools/exact.READ_WHOLE) left out
    of the message being answered: the tool's result answers it, and a file piped for its word count need not fit
    the context (later turns see the message whole, as it was sent)."""
    if len(turns) < 2 or turns[-2].role != "user" or not (turns[-1].exact and turns[-1].name in READ_WHOLE):
        return turns
    body = str(turns[-1].arguments.get("text", ""))
    if len(body) <= _READ_SHOWN or body not in turns[-2].content:
        return turns
    shown = turns[-2].content.replace(body, f"[the text: {len(body):,} characters, left out here; the "
                                            f"{turns[-1].name} tool read it]", 1)
    return [*turns[:-2], dataclasses.replace(turns[-2], content=shown), turns[-1]]


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


_WEEKDAY_ASKED = re.compile(r"\b(?:weekday|day\s+of\s+the\s+week|(?:what|which)\s+day\b(?!\s+is\s+it\b))",
                            re.IGNORECASE)


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _gives(text: str, value: float | str | tuple[str, ...]) -> bool:
    """Whether an answer gives an exact step's number (as written or rounded; a small whole one may be spelt out:
    "three r's") or names its word (one of its forms, given a tuple)."""
    if isinstance(value, tuple):
        return any(_gives(text, form) for form in value)
    if isinstance(value, str):
        return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) is not None
    if value == int(value) and 0 <= value < len(_SMALL) and _gives(text, _SMALL[int(value)]):
        return True
    return gives_number(text, value)


@dataclass(frozen=True)
class Expect:
    """What an answer must give of an exact step's result (checked in _send): "any" of `values` (a number, as
    written or rounded, or a word); "no", one of the words that say no, and no leading yes; "yes", no leading no
    (an answer may word a yes any way); "in_order", every value, each after the one before (any case);
    "same_data", a block of the format `values[0]` that reads as the data the tool wrote (`values[1]`)."""

    kind: Literal["any", "no", "yes", "in_order", "same_data"]
    values: tuple[float | str | tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return self.kind != "any" or bool(self.values)


Checked = tuple[float | str, ...] | Expect  # (a plain tuple: any of its values)


def _expect(values: Checked) -> Expect:
    return values if isinstance(values, Expect) else Expect("any", values)


# Words that say no, one of which an answer must give where a tool's verdict is no; and an answer's leading yes.
_NO = Expect("no", ("not", "no", "isn't", "doesn't", "won't", "invalid", "fails", "outside", "composite"))
_YES_NO = re.compile(r"\W*(?:is|are|does|do|did|will|would|can|could|has|have|was|were)\b", re.IGNORECASE)
_YES = re.compile(r"\W*(?:yes|yeah|yep|correct|true|indeed)\b", re.IGNORECASE)
# A tool's yes to a yes/no question (a version satisfies a requirement, a regex matches, a text is valid, an
# address is in a network): an answer may word it any way, but not begin with "No," ("No issues: …" is no no).
_YES_VERDICT = Expect("yes")
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
_NO_START = re.compile(r"\W*no\s*[,.:;!—-]", re.IGNORECASE)
# What a question of a network asks for, first match first ("the wildcard mask" is no netmask, "the last usable
# host" no count of hosts).
_NETWORK_ASKED = ((re.compile(r"wildcard"), "wildcard"), (re.compile(r"\bfirst\b"), "first_host"),
                  (re.compile(r"\blast\b"), "last_host"), (re.compile(r"broadcast"), "broadcast"),
                  (re.compile(r"mask"), "netmask"), (re.compile(r"network\s+address"), "first"),
                  (re.compile(r"usable|hosts"), "hosts"), (re.compile(r"addresses|how\s+many\s+ips?\b"), "addresses"))


def _color_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of the color tool's result: the contrast ratio; the form the question asks for —
    the hex code, the RGB or HSL numbers in order (the 1.5B gave #336699 as 240°, 100%, 50%) — or the name."""
    if data.get("action") == "contrast":
        return (float(data["ratio"]),) if isinstance(data.get("ratio"), (int, float)) else ()
    lowered = asked.lower()
    hsl = re.findall(r"\d+", str(data.get("hsl", "")))
    rgb = tuple(str(data.get(k)) for k in ("red", "green", "blue"))
    forms: list[tuple[str, Checked]] = [
        (r"\bhsla?\b", Expect("in_order", tuple(hsl))), (r"\brgba?\b", Expect("in_order", rgb)),
        (r"\bhex", (str(data.get("hex")), str(data.get("hex", "")).lstrip("#")))]
    # The form named last is the one asked for: "rgb(255, 99, 71) in hex" names both.
    named = [(m.start(), values) for pattern, values in forms for m in re.finditer(pattern, lowered)]
    if named:
        return max(named, key=lambda found: found[0])[1]
    return (str(data["name"]),) if data.get("name") else ()


def _gave_data(answer: str, to: str, result: str) -> bool:
    """Whether an answer gives a conversion's data: in a block of its format that reads as the same data (the 1.5B,
    converting YAML to JSON, moved a key into the object above it), or as the tool wrote it, spacing aside."""
    from llorch.tools.convert import same_data

    same = same_data(answer, result, to)
    if same is not None:
        return same
    return " ".join(result.split()) in " ".join(answer.split())


def _drawn(data: Mapping[str, Any]) -> Checked:
    """What an answer must give of the random tool's draw, as drawn: the password, UUID or token character for
    character (a model retyping 20 random characters drops some), the number, the dice's total, the coin's side,
    the pick, or every item of a shuffle in its new order."""
    if data.get("action") == "dice":
        return (float(data.get("total", 0)),)
    result = data.get("result")
    if isinstance(result, list):
        return Expect("in_order", tuple(map(str, result)))
    if isinstance(result, int):
        return (float(result),)
    return (str(result),) if result else ()


def _code_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of what a code means: the signal that ended a process (exit 137: the 1.5B said "an
    unhandled exception"), "not found" for 127, the errno's name or message (errno 111: it said "host not
    reachable"); or the number, where the question gave the name (which HTTP status is "Gone")."""
    kind, by_name = data.get("kind"), re.search(r"\d", asked) is None
    number_asked = by_name and re.search(r"\bnumber\b|\bwhich\s+(?:code|status|signal|errno)\b", asked, re.I)
    if kind == "exit":
        if data.get("signal"):
            return (str(data["signal"]), f"signal {data.get('signal_number')}",
                    str(data.get("description", "")) or str(data["signal"]))  # ("a segmentation fault" says it)
        return {0: ("success", "successful", "succeeded"), 126: ("executable", "permission"),
                127: ("not found",)}.get(int(data.get("seen", data.get("status", -1))), ())
    if kind == "signal" and by_name:
        return (float(data["number"]),) if number_asked else ()  # ("What is SIGTERM?": its words vary)
    if kind == "signal":
        return str(data["name"]), str(data["name"])[3:]
    if kind == "errno" and by_name:  # ("ECONNRESET meaning?": "reset by the peer" says it as well as the message)
        return (float(data["number"]),) if number_asked else ()
    if kind == "errno":
        return str(data["name"]), str(data["message"])
    if kind == "http" and data.get("phrase") and by_name:  # ("Which status means Gone?"; a status's meaning is
        return (float(data["status"]),)  # worded many ways: "permanently moved" is Moved Permanently)
    return ()


def _version_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of the version tool's result: a word that says no where a version does not satisfy
    a requirement or is not newer (older) as asked — the 1.5B said pip's ~=2.2 does not allow 2.3.1 —, the newer
    one where the question asks which, the newest (oldest) of a list where it asks for that."""
    action, lowered = data.get("action"), asked.lower()
    older = re.search(r"\b(?:older|earlier|lower|smaller|less|oldest|lowest)\b", lowered) is not None
    if action == "satisfies":
        return _YES_VERDICT if data.get("satisfies") else _NO
    if action == "compare" and _YES_NO.match(asked):
        order = int(data.get("order", 0))
        return _YES_VERDICT if (order < 0 if older else order > 0) else _NO
    if action == "compare" and data.get("newer"):
        return () if older else (str(data["newer"]),)
    ordered = [str(v) for v in data.get("sorted") or []]
    if action == "sort" and 2 <= len(ordered) <= 50 and re.match(r"\W*(?:please\s+)?(?:sort|order|arrange|rank|put)\b",
                                                                lowered):
        # every version, in the order asked ("The newest version is 10.0.0, and the oldest is 2.1.11." sorted none)
        down = re.search(r"\b(?:newest|latest|highest)\s+(?:first|to\s+(?:oldest|lowest))|\bdescending\b", lowered)
        return Expect("in_order", tuple(reversed(ordered) if down else ordered))
    if action == "sort" and ordered and re.search(r"\b(?:latest|newest|highest|oldest|lowest)\b", lowered):
        return (ordered[0] if older else ordered[-1],)
    return ()


def _unicode_values(data: Mapping[str, Any], asked: str) -> tuple[float | str, ...]:
    """What an answer must give of a character's facts: the UTF-8 size or bytes, the decimal (ASCII) value or the
    code point, whichever the question asks (nothing for a code point asked about: names vary)."""
    lowered, chars = asked.lower(), data.get("chars") or []
    if "bytes" in lowered and "how many" in lowered:
        return (float(data.get("bytes", 0)),)
    if len(chars) != 1:
        return ()
    char = chars[0]
    hexed = str(char["utf8"])
    if "utf" in lowered or "hex" in lowered:
        return (hexed, hexed.replace(" ", ""), "\\x" + hexed.replace(" ", "\\x"), "0x" + hexed.replace(" ", " 0x"),
                f"{char['decimal']:x}")
    if "ascii" in lowered or "decimal" in lowered:
        return (float(char["decimal"]), str(char["code_point"]))
    if re.search(r"(?:U\+|\\u)[0-9a-f]{4}", asked, re.IGNORECASE):
        return ()  # a character may be named many ways ("a smiling face emoji" for GRINNING FACE)
    return (str(char["code_point"]), float(char["decimal"]))


def _agenda_values(found: list[Any], asked: str) -> Checked:
    """What an answer must give of the calendar's events or free times (tools/agenda.py): every event's title in
    order (the next one's, asked for the next), every free time's start (told three, the 1.5B said free from 9 to
    5), or a no when there are none (it answered "Yes, you have nothing on Thursday")."""
    if not found:
        return Expect("no", ("no", "not", "nothing", "none", "free", "clear", "nowhere"))
    if not all(isinstance(f, Mapping) for f in found) or len(found) > 12:
        return ()
    if all(isinstance(f.get("title"), str) for f in found):
        titles = tuple(str(f["title"]) for f in found)
        if re.search(r"\bnext\b", asked, re.IGNORECASE):  # the next one's title or time
            first = str(found[0].get("start", ""))[11:16]
            return (titles[0], *(_times(first) if re.fullmatch(r"\d\d:\d\d", first) else ()))
        return Expect("in_order", titles)
    starts = [str(f.get("start", ""))[11:16] for f in found]
    if not all(re.fullmatch(r"\d\d:\d\d", t) for t in starts):
        return ()
    return Expect("in_order", tuple(_times(t) for t in starts))


def _times(hhmm: str) -> tuple[str, ...]:
    """A time as an answer may write it: 20:00, 8:00 pm, 8:00pm, 8 pm, 8pm (the last two on the hour)."""
    hour, minute = (int(x) for x in hhmm.split(":"))
    half, twelve = ("am" if hour < 12 else "pm"), hour % 12 or 12
    written = (hhmm, f"{hour}:{minute:02d}", f"{twelve}:{minute:02d} {half}", f"{twelve}:{minute:02d}{half}",
               f"{twelve}:{minute:02d} {half[0]}.m.", f"{twelve}:{minute:02d}")
    return written + ((f"{twelve} {half}", f"{twelve}{half}", f"{twelve} {half[0]}.m.") if minute == 0 else ())


def _day_forms(day: date) -> tuple[str, ...]:
    """A day as an answer may write it: 14 November, November 14(th), 14 Nov, Nov 14, 2023-11-14, 14/11/2023,
    11/14/2023."""
    month, short, n = day.strftime("%B"), day.strftime("%b"), day.day
    th = ordinal(n)
    return (f"{n} {month}", f"{n}{th} {month}", f"{n}{th} of {month}", f"{month} {n}", f"{month} {n}{th}",
            f"{n} {short}", f"{short} {n}", f"{short}. {n}", day.isoformat(), f"{n:02d}/{day.month:02d}/{day.year}",
            f"{day.month:02d}/{n:02d}/{day.year}", f"{n}/{day.month}/{day.year}", f"{day.month}/{n}/{day.year}")


def _lengths(minutes: int) -> tuple[float | str, ...]:
    """A span as an answer may give it: its minutes, or its hours and minutes written out ("6 hours 45 minutes",
    "6h 45m", "6.75 hours"); not its hours rounded ("7 hours" for 6 h 45 min is wrong)."""
    hours, rest = divmod(minutes, 60)
    h, m = f"{hours} hour{'' if hours == 1 else 's'}", f"{rest} minute{'' if rest == 1 else 's'}"
    if not rest:
        return float(minutes), h, f"{hours}h"
    decimal = f"{minutes / 60:.2f}".rstrip("0")
    return (float(minutes), *_spelt(f"{h} {m}"), f"{hours}:{rest:02d}", f"{hours} hrs {rest} min", f"{decimal} hours")


def _second_lengths(seconds: int) -> tuple[float | str, ...]:
    """A span given to the second as an answer may give it: its seconds, or its parts written out ("31 minutes 35
    seconds", "31m 35s"; past an hour all three, "1 hour 31 minutes 35 seconds", "1:31:35"), or its minutes as a
    decimal; on the whole minute, as `_lengths` has it."""
    if seconds < 60:
        return (float(seconds),)
    hours, rest = divmod(seconds, 3600)
    minutes, left = divmod(rest, 60)
    if not left:
        return (float(seconds), *_lengths(seconds // 60))

    def unit(n: int, name: str) -> str:
        return f"{n} {name}{'' if n == 1 else 's'}"

    if not hours:
        return (float(seconds), *_spelt(f"{unit(minutes, 'minute')} {unit(left, 'second')}"),
                f"{seconds / 60:.2f} minutes")
    three = (unit(hours, "hour"), unit(minutes, "minute"), unit(left, "second"))
    return (float(seconds), " ".join(three), f"{three[0]}, {three[1]} and {three[2]}", f"{three[0]} {three[1]} and "
            f"{three[2]}", f"{hours}h {minutes}m {left}s", f"{hours}:{minutes:02d}:{left:02d}")


_BRIEF = {"day": ("d", "days"), "hour": ("h", "hr"), "minute": ("m", "min"), "second": ("s", "sec")}


def _spelt(said: str) -> list[str]:
    """A length said in two units ("6 hours 45 minutes") as an answer may write it: so, with "and" or a comma
    between them, "6h 45m", "6h45m", "6 hr 45 min"."""
    words = said.split()
    if len(words) != 4:
        return [said]
    a, big, b, small = words
    (x, xx), (y, yy) = _BRIEF[big.rstrip("s")], _BRIEF[small.rstrip("s")]
    return [said, f"{a} {big} and {b} {small}", f"{a} {big}, {b} {small}", f"{a}{x} {b}{y}", f"{a}{x}{b}{y}",
            f"{a} {xx} {b} {yy}"]


def _in_order(text: str, listed: Sequence[float | str | tuple[str, ...]]) -> bool:
    """Whether `text` names every item of `listed`, each after the one before (in any case: "Berlin" for "berlin");
    an item that is a tuple is named in any of its forms (a time: 14:00, 2 pm)."""
    at = 0
    for item in listed:
        forms = item if isinstance(item, tuple) else (str(item),)
        found = [m for m in (re.compile(rf"(?<!\w){re.escape(f)}(?!\w)", re.IGNORECASE).search(text, at) for f in forms)
                 if m is not None]
        if not found:
            return False
        at = min(m.end() for m in found)
    return True


def _durations(seconds: float) -> tuple[float | str, ...]:
    """A length of time as an answer may give it: in seconds, minutes or hours (as written or rounded: "12.5
    minutes" for 752 s), or in words as the units tool says it ("12 minutes 32 seconds", "12 minutes and 32
    seconds", "12m 32s", "12 min 32 sec")."""
    forms: list[float | str] = [seconds, *_spelt(duration_words(seconds))]
    forms += [seconds / size for size in (60, 3600) if seconds >= size]  # (not "0 hours" for 752 s)
    return tuple(forms)


def _table_values(data: Mapping[str, Any]) -> Checked:
    """What an answer must give of the table tool's result: the total, average or number of rows; the largest or
    smallest value or the row's name (piped `ps aux`, the 1.5B named python train.py at 4.2 %MEM, not slack at 18.7);
    the most common value."""
    result = data.get("result")
    if data.get("also_forms"):  # asked for by name ("… and on which date?"): the 1.5B gave today's date instead
        return tuple(str(v) for v in data["also_forms"])
    if data.get("action") in ("max", "min"):
        labels = tuple(str(label) for label in data.get("labels") or ())
        return (*((float(result),) if isinstance(result, (int, float)) else ()), *labels[:1])
    if isinstance(result, (int, float)) and not isinstance(result, bool):
        return (float(result),)
    return (result,) if isinstance(result, str) and result else ()


def _checked_values(tool: str, data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer must give of a developer tool's result: the encoding or digest itself, a word that says no
    where the tool says a regex does not match, a text is not valid or an address is outside a network (the 1.5B
    said yes to all three), the octal of a symbolic mode, the netmask, broadcast or host count asked for, or the
    day a schedule next runs (told "Saturday 5 December; ...; Saturday 19 December", the 1.5B answered the 19th)."""
    if tool == "encode" and data.get("action") == "unicode":
        return _unicode_values(data, asked)
    if tool == "version":
        return _version_values(data, asked)
    if tool == "color":
        return _color_values(data, asked)
    if tool == "text" and data.get("action") == "compare":
        changed = [c.get("to") or c.get("from") for c in data.get("changes") or []]
        if changed and len(changed) <= 20:  # each change, in order (the 1.5B gave brown → red, not jumps → jumped)
            return Expect("in_order", tuple(map(str, changed)))
        if _YES_NO.match(asked):
            return _YES_VERDICT if data.get("result") else _NO
        return ()
    if tool == "text":
        result = data.get("result")
        if isinstance(result, bool):
            return _YES_VERDICT if result else _NO
        if isinstance(result, list):  # every item, in the tool's order ("Adam, Carl, Émile, Zoe, Bob": out of order)
            return Expect("in_order", tuple(map(str, result))) if 2 <= len(result) <= 50 else ()
        return (str(result),) if result else ()
    if tool == "encode" and data.get("action") == "jwt":  # "Is this JWT expired?" of one that is not
        return _NO if data.get("expired") is False and re.search(r"\bexpired\b", asked, re.I) else ()
    if tool == "encode":
        return tuple(str(data[k]) for k in ("result", "without_newline") if data.get(k))
    if tool == "regex":
        return _YES_VERDICT if data.get("matches") else _NO
    if tool == "validate":
        return _YES_VERDICT if data.get("valid") else _NO
    if tool == "permissions":
        return (str(data["octal"]),) if str(data.get("symbolic", "")) in asked else ()
    if tool == "cron" and data.get("schedule"):  # written from the words: the answer must give the expression
        return (str(data.get("expression", "")),)
    if tool == "cron":  # the first run's day, when the question asks when it runs
        runs = data.get("next") or []
        if not runs or not re.search(r"\b(?:when|next)\b", asked, re.IGNORECASE):
            return ()
        day = datetime.fromisoformat(str(runs[0]))
        nth = f"{day.day}{ordinal(day.day)}"
        return tuple(f"{a} {b}" for a, b in ((day.day, f"{day:%B}"), (f"{day:%B}", day.day), (nth, f"{day:%B}"),
                                               (f"{day:%B}", nth), (nth, f"of {day:%B}"))) + (day.date().isoformat(),)
    if "inside" in data or "valid" in data:  # (an address in a network; an address valid: the 1.5B said
        return _YES_VERDICT if data.get("inside", data.get("valid")) else _NO  # 192.168.1.300 is one)
    lowered = asked.lower()
    for words, key in _NETWORK_ASKED:
        if words.search(lowered) and key in data:
            value = data[key]
            return (float(value),) if isinstance(value, int) else (str(value),)
    return ()


def _year_values(data: Mapping[str, Any], asked: str) -> Checked:
    """What an answer about a year must give: its yes or no to "Is 2100 a leap year?" (the 1.5B: yes), the next
    leap year, or its days (February's when asked)."""
    if re.search(r"\b(?:next|last|previous|coming)\s+leap", asked, re.IGNORECASE):
        before = re.search(r"\b(?:last|previous)\s+leap", asked, re.IGNORECASE) is not None
        year = data.get("previous_leap" if before else "next_leap")
        return (float(year),) if isinstance(year, int) else ()
    if re.search(r"\bhow\s+many\s+days\b", asked, re.IGNORECASE):
        days = data.get("february_days" if re.search(r"\bfeb", asked, re.IGNORECASE) else "days_in_year")
        return (float(days),) if isinstance(days, int) else ()
    return _YES_VERDICT if data["leap"] else _NO


def _exact_values(tool: str, data: Any, asked: str = "") -> Checked:
    """What an answer may give for an exact step's result (a number, or a word it must name): math's value, the
    units' result, the calendar's days (or its whole weeks: "10 weeks and 1 day" gives 71 days), or the weekday
    of calendar's `date` when the message asked for one (the 1.5B, told 14 February 2027 is a Sunday, answered
    "Valentine's Day will be on February 14, 2027"), or a word that says a number is not prime."""
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("weekday"), str):
        if re.search(r"\b(?:\d{1,4}(?:st|nd|rd|th)\s+day|day\s+\d{1,4})\s+(?:of|in)\b|day\s+the\s+\d{1,2}(?:st|nd|"
                     r"rd|th)\b", asked, re.IGNORECASE) and not _WEEKDAY_ASKED.search(asked) \
                and isinstance(data.get("date"), str):
            return _day_forms(date.fromisoformat(data["date"]))  # the date of "the 100th day of 2027" (the 1.5B: 31
            # December; 10 April), of "the next Friday the 13th"
        if isinstance(data.get("day_of_year"), int) and re.search(r"\bday\s+(?:number\s+)?of\s+the\s+year\b", asked,
                                                                  re.IGNORECASE):
            return (float(data["day_of_year"]),)  # (1 March 2027: the 1.5B said the 45th; it is the 60th)
        if re.search(r"\bweek\s+(?:number|no\b|of\s+the\s+year)|\biso\s+week|\bwhich\s+week\b|\bwhat\s+week\b", asked,
                     re.IGNORECASE):
            return (float(data.get("iso_week", 0)),)
        return (data["weekday"],) if _WEEKDAY_ASKED.search(asked) else ()
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("day_of_week"), str) \
            and isinstance(data.get("count"), int):  # how many Mondays a month has (the 1.5B: 4 in March 2027; 5)
        if isinstance(data.get("day_of_month"), int):  # Friday the 13ths (the 1.5B: none in 2027; one): "Is there …?"
            return (_YES_VERDICT if data["count"] else _NO) if _YES_NO.match(asked) else \
                (float(data["count"]),) if data["count"] else (0.0, "none", "no")
        return (float(data["count"]),)
    if tool == "calendar" and isinstance(data, Mapping) and data.get("unit") in ("months", "years"):
        whole = int(data.get(str(data["unit"])) or 0)  # whole months (March 2025 to November 2026: the 1.5B said 8; 20)
        # or an age's years (29 February 2000: the 1.5B said 25; 26); a span with days over may be said rounded up
        over = not data.get("age") and (data.get("days_over") or data.get("months_over"))
        return (float(whole), float(whole + 1)) if over else (float(whole),)
    if tool == "math" and isinstance(data, Mapping) and data.get("base") == "roman":  # MCMXCIV, or 1994 for it
        return (str(data.get("result", "")),)  # (the 1.5B read MCMXCIV as 1944)
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("base"), str):  # "0b11111111"
        written = str(data.get("result", ""))
        return (written, written.lstrip("-")[2:]) if written else ()
    if tool == "math" and isinstance(data, Mapping) and re.fullmatch(r"-?\d*\.\d+", str(data.get("expression", ""))) \
            and "/" in str(data.get("result", "")):  # a decimal asked as a fraction: the fraction (the 1.5B, told 0.625
        return (str(data["result"]).split(" (", 1)[0],)  # is 5/8, could echo 0.625 beside "1/4")
    places = re.fullmatch(r"round\(.+, (\d+)\)", str(data.get("expression", ""))) if isinstance(data, Mapping) else None
    if tool == "math" and places is not None and isinstance(data.get("value"), (int, float)):
        # every place asked for (…623 is not …624), as the tool wrote them: a float's go wrong after ~16 digits
        return (str(data.get("rounded") or f"{float(data['value']):.{int(places.group(1))}f}"),)
    if tool == "math" and isinstance(data, Mapping) and isinstance(data.get("primes"), list):  # factor(360): each
        # distinct prime in order, alone or with its power ("2, 3 and 5", "2³ × 3² × 5"; "2, 3 and 7" misses one)
        split, raised = data.get("factors") or [], str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
        return Expect("in_order", tuple((str(p), f"{p}{str(split.count(p)).translate(raised)}")
                                        for p in data["primes"])) if data["primes"] else ()
    if tool == "math" and isinstance(data, Mapping) and "prime" in data:  # (its value is 1 or 0: said in words)
        return () if data["prime"] else _NO  # the 1.5B: "Yes, 391 is a prime number."
    if tool == "calendar" and isinstance(data, list):
        return _agenda_values(data, asked)
    if tool == "calendar" and isinstance(data, Mapping) and isinstance(data.get("leap"), bool):
        return _year_values(data, asked)
    if not isinstance(data, Mapping):
        return ()
    if tool in ("encode", "network", "permissions", "regex", "validate", "cron", "version", "text", "color"):
        return _checked_values(tool, data, asked)
    if tool == "random":
        return _drawn(data)
    if tool == "table":
        return _table_values(data)
    if tool == "convert" and data.get("result"):
        return Expect("same_data", (str(data["to"]), str(data["result"])))
    if tool == "codes":
        return _code_values(data, asked)
    if tool == "holidays":  # (the 1.5B: Labor Day 2027 on 3 September, no to Memorial Day as a holiday)
        if isinstance(data.get("holiday"), bool):
            return _YES_VERDICT if data["holiday"] else _NO
        if isinstance(data.get("workdays"), int):
            return (float(data["workdays"]),)
        if isinstance(data.get("weekday"), str) and _WEEKDAY_ASKED.search(asked):
            return (data["weekday"],)
        if isinstance(data.get("holidays"), list) and len(data["holidays"]) >= 2:  # each day, in order (told England's
            # 2027 list, the 1.5B dropped the dates of six and put Christmas on a Monday)
            return Expect("in_order", tuple(str(int(h["date"][8:])) for h in data["holidays"]))
        return (float(data["day"]),) if isinstance(data.get("day"), int) else ()
    if tool == "clock" and data.get("hours_ahead") and re.search(r"\b(?:difference|ahead|behind)\b", asked, re.I):
        return (abs(float(data["hours_ahead"])),)  # (London and Tokyo: the 1.5B said 10 hours)
    if tool == "clock" and isinstance(data.get("timestamp"), int) and isinstance(data.get("utc"), str):
        return _day_forms(date.fromisoformat(data["utc"][:10]))  # (unix time 1700000000: the 1.5B said 6 December
        # 2026, the day it was asked)
    if tool == "clock" and data.get("wanted") in ("12", "24") and isinstance(data.get("time"), str):
        forms = _times(str(data["time"]))  # on the other clock only: "12:45" for 12:45 in 12-hour format says
        return forms[:1] if data["wanted"] == "24" else forms[2:5] + forms[6:]  # nothing (the 1.5B's)
    if tool in ("clock", "timespan") and (data.get("at") or "days" in data) and isinstance(data.get("time"), str):
        return _times(str(data["time"]))  # (3pm EST in London: the 1.5B said "12:00 AM BST")
    if tool == "timespan" and data.get("in") and isinstance(data.get("value"), (int, float)):
        return (float(data["value"]),)  # (a duration in one unit: 2 h 15 min is 8,100 seconds)
    if tool == "timespan" and isinstance(data.get("seconds"), int) and not data.get("in"):
        return _second_lengths(int(data["seconds"]))  # (10:15:30 to 10:47:05: the 1.5B said 60 seconds)
    if tool == "timespan" and isinstance(data.get("minutes"), int):
        return _lengths(int(data["minutes"]))  # (11:30pm to 6:15am: the 1.5B said 7 hours)
    if tool == "units" and "than" in data:  # a comparison: its yes or no, or the one asked for named first and called
        # so (the 1.5B: "1 pound is heavier than 500 grams." names both, the larger last); equal: worded any way
        if isinstance(data.get("holds"), bool):
            return _YES_VERDICT if data["holds"] else _NO
        named, words = data.get("named") or (), data.get("comparatives") or ()
        return Expect("in_order", (tuple(map(str, named)), tuple(map(str, words)))) if named and words else ()
    if tool == "units" and isinstance(data.get("seconds"), (int, float)):
        return _durations(float(data["seconds"]))  # (4.7 GB at 50 Mbps: the 1.5B said an hour and a half)
    key = {"math": "value", "units": "result", "calendar": "days", "count": "count"}.get(tool)
    value = data.get(key) if key is not None and isinstance(data, Mapping) else None
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ()
    if tool == "count" and isinstance(data.get("ignoring_case"), int):  # "lines that mention ERROR": either reading
        return (float(value), float(data["ignoring_case"]))
    if tool == "calendar" and isinstance(data.get("weekdays"), int) and WORKDAYS_ASKED.search(asked):
        return (float(data["weekdays"]),)  # (December 2026's working days: the 1.5B said 26, not 23)
    if tool == "calendar":
        days = abs(int(value))
        return (float(days), float(days // 7)) if days >= 7 else (float(days),)
    if isinstance(value, int) and abs(value) > 2**53:  # past a float's exact integers: every digit, as written
        return str(value), f"{value:,}"  # (2 to the 64th: the 1.5B ended …551,615, the same float as …551,616)
    return (float(value),)
