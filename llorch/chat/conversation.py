"""A conversation: its history in the store, one model context for prefix reuse, a context policy.

Front ends (the TUI, line mode, `llorch run --continue`) drive a Conversation and render
the events it yields (chat/events.py); they never touch the store or the backend directly.
A turn's tool steps before its answer (the exact step, the model's decisions, consent) are
chat/toolsteps.py's functions of a conversation; the history as the model sees it, chat/turns.py's.
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
from datetime import datetime
from typing import Any

from llorch.chat.about import Facts, about_asked, about_told, tool_words, trained_until
from llorch.chat.answercheck import Expect, fault
from llorch.chat.events import ChatEvent, Decision, Notice, Step, SwitchReport, ToolEvent, TurnDone
from llorch.chat.live import gives_figure, live_asked, live_note, live_told
from llorch.chat.prompt import Turn, build_request, merge_sampling
from llorch.chat.recheck import answer_again, asked_again
from llorch.chat.toolsteps import (
    ClientCall, Declined, Unanswerable, after_tools, asked_changes, call_stands, calls_done, client_results, exact_call_for,
    exact_step, forced_call, ms_since, second_look, tool_decision, tool_steps,
)
from llorch.chat.turns import tool_read, turns_of
from llorch.engine.text import check_prompt_length
from llorch.engine.types import Completion, ModelInfo, Priority, PromptProgress, Request, Sampling, TokenEvent
from llorch.errors import ContextOverflowError, LlorchError, ToolError
from llorch.orchestra.pool import Pool
from llorch.profiles.schema import Profile
from llorch.profiles.select import Selection
from llorch.resilience.chain import Answered, FallbackChain, Loading, Skipped, Source
from llorch.store.db import Store, StoredMessage
from llorch.tools.base import ToolResult
from llorch.tools.calls import (
    CallableTool, ToolBox, looks_like_call, may_be_markup, read_call, today_line, tools_block, tools_clock, unwrap_words,
)
from llorch.tools.consent import WriteRequest, claimed_kind, claims_change, fits
from llorch.tools.cron import cron_check
from llorch.tools.exact import READ_WHOLE, read_whole

__all__ = ["Conversation"]

Worker = Any  # a ModelWorker (llorch.orchestra): Worker, SerialWorker or a wrapper
BackendLoader = Callable[[str], Any]
ProfileResolver = Callable[[str], tuple[Profile, Selection]]

# A message this long may not fit a context: it goes through the condenser (shorter ones cannot overflow
# any context llorch sets up, and skip measuring).
LONG_MIN_CHARS = 2048

log = logging.getLogger("llorch.chat")


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
        return turns_of(self.history())

    def _offline(self) -> bool:
        """Whether no tool at hand could bring live data: no caller's functions (an API client's own get_weather),
        no MCP server's tools (SERVER.tool) in the profile."""
        enabled = self.profile.tools.enabled if self.profile is not None else ()
        return not self.client_tools and not any("." in name for name in enabled)

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
        from llorch.chat.longinput import Stop, stoppable

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
        prompt, tools and grammar: `toolsteps.tool_decision`), without running the call: what `llorch eval` scores.
        No tool runs, so nothing is read or written; a malformed decision raises ToolError."""
        self.store.add_message(self.session_id, "user", text, model=self.model_ref, profile=self.profile_name)
        if not self._busy.acquire(blocking=False):
            raise LlorchError("an answer is already in progress")
        self.fallback.begin()
        try:
            with self.models.use(self.model_ref) as worker:
                tools = self._auto_tools(worker)
                sure = exact_call_for(self, worker)
                if sure is not None:  # what a turn does first with a question a tool answers exactly
                    return Decision(sure, None, tuple(t.name for t in tools) or (sure.name,))
                if not tools:
                    return Decision(None, None, ())
                call, completion = tool_decision(self, worker, tools, "auto")
                if call is not None and second_look(self, call, tools) is not None:
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

    def _build_request(self, worker: Worker, tools: Sequence[CallableTool] | None = None,
                       then: Sequence[Turn] = ()) -> tuple[Request, int]:
        """The request with as much history as fits, and how many messages were dropped (chat/prompt.py); `then`,
        turns said after the history that are not saved in it (what an answer asked for again must give)."""
        raw = self._raw(worker)
        self.last_mode = "raw" if raw else "chat"
        block, clock = self._tools_text(tools)
        turns = tool_read(self._turns()) + list(then)
        request, dropped = build_request(
            worker, self._told(worker, turns) if not raw and not then else turns, system=self.system or "",
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
        declined: Declined | None = None
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
                    exact = exact_step(self, worker, steps)
                    if exact is not None:
                        ran.append(exact[0])
                        yield exact[0]
                    elif tools:
                        for step in tool_steps(self, worker, tools, steps):
                            if isinstance(step, ClientCall):
                                yield self._end_with_call(step, steps, started)
                                return
                            if isinstance(step, Declined):
                                declined = step
                                continue
                            if isinstance(step, Unanswerable):
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
        # An answer that may be asked for again (chat/recheck.py) is held back until it is checked; any other answer
        # to an exact step streams, and its check's note follows it (a holiday list is not held for seconds)
        checked = exact is not None and asked_again(exact[1], exact[0].name)
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
            held: list[TokenEvent] | None = [] if offered or checked else None
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
                            if not checked and not may_be_markup("".join(e.text for e in held)):
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
            except (KeyboardInterrupt, GeneratorExit):  # (an answer held back was never shown: none is kept)
                self._store_answer("" if checked and held is not None else "".join(pieces), "cancelled", None)
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
                    and not call_stands(self, read_call("".join(pieces)), declined):
                steps.append(Step("answer", "a call in words: asked again without the tools", ms_since(answer_start),
                                  completion))
                tools = []
                continue
            break
        if dropped and dropped[-1] and not self._told_trim:
            self._told_trim = True
            kept = "" if self.store.in_memory else " (they stay saved)"  # (a one-shot run saves none)
            yield Notice(f"The conversation outgrew the context: the oldest {dropped[-1]} message(s) are left out of "
                         f"what the model sees{kept}.")
        if held and offered:
            said = "".join(pieces)
            call = read_call(said) if self.client_tools else None
            if call is not None and completion is not None and source is not None and source.kind == "model" \
                    and call_stands(self, call, declined):
                yield self._end_with_call(ClientCall(call, completion, source, route), steps, started)  # another shape
                return
            words = (after_tools(ran) if ran or not self.client_tools else client_results(self)) \
                if looks_like_call(said) else unwrap_words(said)
            if words != said:
                pieces, held = [words], [TokenEvent(words, -1)]
                if completion is not None:
                    completion = dataclasses.replace(completion, text=words)
        problem: str | None = None
        if exact is not None and exact[1] and completion is not None and source is not None \
                and source.kind == "model" and completion.finish_reason != "cancelled":
            problem = fault(completion.text, exact[1], exact[0].name, exact[0].text)
            if problem is not None and checked:  # once more, told what it must give
                first_ms, again_start = ms_since(answer_start), time.perf_counter()  # (chat/recheck.py)
                try:
                    second = yield from answer_again(self, fallback, exact[1], dropped[-1] if dropped else 0)
                except (KeyboardInterrupt, GeneratorExit):
                    self._store_answer("", "cancelled", None)  # (nothing of it was shown: it stays out of the history)
                    raise
                if second is not None and second.cancelled:  # stopped while asked again: nothing was shown
                    held, problem = None, None
                    completion = dataclasses.replace(completion, text="", finish_reason="cancelled")
                elif second is not None and fault(second.completion.text, exact[1], exact[0].name,
                                                  exact[0].text) is None:
                    steps.append(Step("answer", "missed the tool's result: asked again", first_ms, completion))
                    completion, source, route, problem = second.completion, second.source, second.route, None
                    held = [TokenEvent(completion.text, -1)]
                elif second is not None:  # the first answer stands, with the check's note
                    steps.append(Step("answer", "asked again: missed the tool's result too", ms_since(again_start),
                                      second.completion))
                else:  # (an error, or a request that would leave out more of the history: its time is said too)
                    steps.append(Step("answer", "asked again: no second answer", ms_since(again_start)))
        if held:
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
        if problem is not None and status == "complete":
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
        if claim and self.client_tools and not calls_done(self) and completion is not None and source is not None \
                and declined is None and asked_changes(self):
            # The words say a change was made, and no call made it: the model meant to call one of the
            # caller's functions (the 1.5B answered "Meeting booked successfully." without a call).
            # Only when a change was asked for: "Pride and Prejudice was written by Jane Austen" claims none.
            forced = forced_call(self, steps)
            if forced is not None:
                yield self._end_with_call(ClientCall(forced[0], forced[1], source, route), steps, started)
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
                       steps=tuple(steps), turn_ms=ms_since(started), exception=failure)

    def _end_with_call(self, step: ClientCall, steps: list[Step], started: float) -> TurnDone:
        """The turn ends with a call of the caller's own tool: stored as the model's answer, returned to run."""
        text = step.call.to_json()
        self.last_completion = step.completion
        message_id = self._store_answer(text, "complete", step.completion, step.source)
        return TurnDone(message_id, "complete", "", step.completion, None, step.source, self.last_mode, "", None,
                        step.route, steps=tuple(steps), turn_ms=ms_since(started), tool_calls=(step.call,))

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
