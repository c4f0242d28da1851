"""A conversation: its history in the store, one model context for prefix reuse, a context policy.

Front ends (the TUI, line mode, `llorch run --continue`) drive a Conversation and render
the events it yields; they never touch the store or the backend directly.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from llorch.chat.about import Facts, about_asked, about_told, tool_words, trained_until
from llorch.chat.answercheck import Expect, expected, fault, says_no
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
from llorch.tools.exact import READ_WHOLE, exact_call, read_whole
from llorch.tools.followup import followed_call
from llorch.tools.grounding import grounded, weekday_dates, writes

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
        # numbers and it left out (chat/longanswers.postscript); off for the combinations before it, which
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
                                bool(meta.get("exact")), bool(meta.get("no")), bool(meta.get("plainly")),
                                _figure(meta) if meta.get("exact") else ""))
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
        from llorch.chat.longanswers import Unlabelled, is_combination, postscript, unlabelled

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
            # A long input's last answer: without the prompt's labels it copies (longanswers.Unlabelled).
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
            problem = fault(text, exact[1], exact[0].name, exact[0].text)
            if problem is not None:
                yield Notice(problem)
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
        want = expected(call.name, result.data, asked)
        self._record_tool(event, result.data, exact=True, says_no=says_no(want, asked),
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


def _figure(meta: Mapping[str, Any]) -> str:
    """An exact math step's result grouped in thousands ("43,750") where it is one whole number of five digits or
    more, shown as the tool said it (not a hex or Roman form, not a factorisation); else ""."""
    data = meta.get("data")
    if meta.get("name") != "math" or not isinstance(data, Mapping):
        return ""
    value = data.get("value")
    if not isinstance(value, int) or isinstance(value, bool) or not 10_000 <= abs(value) < 10**30 \
            or data.get("result") != str(value) or "factors" in data or "base" in data:
        return ""
    return f"{value:,}"


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
