"""The runtime core: the one API every front end (CLI, TUI, server) calls.

    with Runtime.open() as rt:
        for event in rt.ask("The capital of France is"):
            ...
        conv = rt.conversation(continue_last=True)
        for event in conv.send("And of Italy?"):
            ...

A Runtime holds the settings, the sessions store, and the loaded models (one worker
each, which owns its llama.cpp context and batches every request it is given). It
decides the profile, the model chain, tools, breakers, time limits and fallback;
front ends only render the events it yields:

    Loading       a model is being loaded
    PromptProgress  a long prompt being read: tokens read of total (per chunk)
    Condensing    an input longer than the context being read in parts: parts answered of total, per level
    TokenEvent    a piece of the answer
    ToolEvent     a tool the model (or the user) called, and its result
    Notice        something to tell the user once (a base model, trimmed history, ...)
    Skipped       a model could not answer; the next source of the chain is tried
    TurnDone      the end: text, completion (usage, timings), source, mode, model file, KV stats
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from llorch import interrupts
from llorch.chat.conversation import Conversation
from llorch.chat.events import Decision, Loading, Notice, Skipped, ToolEvent, TurnDone
from llorch.chat.longinput import Condensing, Document, Fit
from llorch.chat.prompt import Turn
from llorch.config import Config, Paths, load_config, parse_value, resolve_paths
from llorch.engine.types import EngineOptions, Priority, Sampling, TokenEvent
from llorch.errors import (ConfigError, InputError, LlorchError, ModelFileError, ModelLoadError, ModelNotFoundError,
                           ProfileNotFoundError, StoreError)
from llorch.orchestra.pool import Pool
from llorch.orchestra.published import Publisher
from llorch.profiles.schema import Profile
from llorch.profiles.select import Selection
from llorch.store.db import Store
from llorch.tools.consent import Consent

__all__ = [
    "LONG_SLOTS",
    "Cancel",
    "Condensing",
    "Document",
    "Decision",
    "EngineOverrides",
    "Loading",
    "Notice",
    "Runtime",
    "Skipped",
    "Target",
    "TokenEvent",
    "ToolEvent",
    "Turn",
    "TurnDone",
    "open_worker",
]

log = logging.getLogger("llorch")

ModelOpener = Callable[[Path, EngineOptions, str], Any]

LONG_SLOTS = 4  # slots a command asks for when it may read a long input in parts (its parts are batched)


def open_worker(path: Path, options: EngineOptions, name: str, *, kv_dir: Path | None = None,
                cancel: Callable[[], bool] | None = None, resolve: Callable[[str], Path] | None = None) -> Any:
    """Load a GGUF model into a worker: one context with `options.slots` slots and its scheduler thread.

    With `kv_dir`, conversations' KV states and the prompt prefixes profiles share are saved there
    for later processes; `cancel()` turning true stops the load (the pool closing). A setting of
    speculative = "draft:MODEL" loads MODEL (found by `resolve`) beside it, with the same context
    and slots, once its vocabulary is checked to match."""
    from llorch.engine.llama import LlamaSlots
    from llorch.orchestra.kvdisk import SeqStateStore
    from llorch.orchestra.worker import Worker
    from llorch.settings.speculative import check_speculative, draft_model

    speculative = check_speculative(options.speculative, f"model {name}")  # before the load, not after
    drafter = draft_model(speculative)
    if drafter is not None and resolve is None:
        raise ConfigError(f"model {name}: speculative = {speculative!r} needs a model catalog to find {drafter}")
    try:
        draft_path = resolve(drafter) if drafter is not None and resolve is not None else None
    except (ModelNotFoundError, ModelFileError) as exc:
        raise _draft_error(speculative, name, exc) from None
    engine = LlamaSlots(path, options, name=name, cancel=cancel)
    try:
        draft = _open_draft(engine, draft_path, options, name, drafter, cancel) if draft_path is not None else None
    except (ModelNotFoundError, ModelFileError, ModelLoadError) as exc:
        engine.close()
        raise _draft_error(speculative, name, exc) from None
    except BaseException:
        engine.close()
        raise
    disk = SeqStateStore(kv_dir, engine.state_key()) if kv_dir is not None else None
    prefixes = SeqStateStore.prefixes(kv_dir, engine.state_key()) if kv_dir is not None else None
    return Worker(engine, name=name, disk=disk, prefixes=prefixes, speculative=speculative, draft=draft)


def _draft_error(speculative: str, name: str, exc: Exception) -> ConfigError:
    """A draft model that is missing or broken, as the setting's error: the model it drafts for is not at fault (its
    breaker opened, and fixing the setting left it refused), and the user is told which setting named it."""
    return ConfigError(f"model {name}: speculative = {speculative!r} (engine.speculative): {exc}; fix the setting, "
                       'or set speculative = "auto"')


def _open_draft(target: Any, path: Path, options: EngineOptions, name: str, drafter: str | None,
                cancel: Callable[[], bool] | None) -> Any:
    """The draft model for `target`: its context shaped like the target's (one sequence per slot)."""
    from llorch.engine.llama import LlamaSlots
    from llorch.orchestra.draftmodel import DraftModel, check_compatible

    label = f"{drafter} (draft for {name})"
    engine = LlamaSlots(path, dataclasses.replace(options, speculative="off"), name=label, cancel=cancel)
    try:
        check_compatible(target, engine, target_name=name, draft_name=str(drafter))
        if not (engine.layout.partial_rm and engine.layout.n_swa == 0):
            raise ConfigError(f"draft model {drafter} cannot drop rejected drafts from its memory (recurrent or "
                              'sliding-window); use another draft model, or speculative = "auto"')
    except BaseException:
        engine.close()
        raise
    return DraftModel(engine, str(drafter))


@dataclass(frozen=True)
class EngineOverrides:
    """Engine settings given for this run (command-line flags), over config.toml's and the profile's."""

    ctx_size: int | None = None
    gpu_layers: str | None = None
    threads: int | None = None
    flash_attn: bool | None = None
    slots: int = 1  # what this command needs when config.toml's engine.slots is 0 (automatic)
    force_slots: bool = False  # `slots` was given on the command line: it wins over config.toml

    def apply(self, options: EngineOptions, profile_ctx: int | None = None,
              profile_engine: Mapping[str, Any] | None = None) -> EngineOptions:
        """config.toml's settings, then the profile's [engine] table and context size, then these flags."""
        options = dataclasses.replace(options, **dict(profile_engine or {}))
        changes: dict[str, Any] = {}
        if options.slots == 0 or self.force_slots:
            changes["slots"] = self.slots
        if self.ctx_size is not None:
            changes["n_ctx"] = self.ctx_size
        elif profile_ctx is not None:
            changes["n_ctx"] = profile_ctx
        if self.gpu_layers is not None:
            changes["n_gpu_layers"] = parse_value("engine.n_gpu_layers", self.gpu_layers, source="--gpu-layers")
        if self.threads is not None:
            changes["threads"] = self.threads
        if self.flash_attn is not None:
            changes["flash_attn"] = self.flash_attn
        return dataclasses.replace(options, **changes)


@dataclass(frozen=True)
class Target:
    """What a request names as its model (the server's `model` field): a profile's role, or one model."""

    name: str
    profile: Profile
    chain: tuple[str, ...]  # the models to try, in order
    role: str = "chat"
    explicit: bool = False  # one model named directly: it answers alone


def _narrowed(profile: Profile, tools: Sequence[str] | None, steps: int | None) -> Profile:
    """`profile` allowing only `tools` (each must be one it allows) and `steps` tool calls per answer."""
    settings = profile.tools
    if tools is not None:
        refused = [t for t in tools if not settings.allows(t)]
        if refused:
            raise InputError(f"profile {profile.name} does not enable {', '.join(refused)} "
                             f"(it enables: {', '.join(settings.enabled) or 'no tools'})")
        settings = dataclasses.replace(settings, enabled=tuple(t for t in tools if t not in settings.exact or t in
                                                               settings.enabled),
                                       exact=tuple(t for t in settings.exact if t in tools))
    if steps is not None:
        settings = dataclasses.replace(settings, max_steps=steps)
    return dataclasses.replace(profile, tools=settings)


class Cancel:
    """Stops an answer from another thread (a client that went away, a shutdown), even one not begun yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._targets: list[Any] = []
        self.cancelled = False

    def bind(self, target: Any) -> None:
        """`target` (anything with cancel(): a Conversation) is stopped by this token."""
        with self._lock:
            self._targets.append(target)
            fire = self.cancelled
        if fire:
            target.cancel()

    def cancel(self) -> None:
        with self._lock:
            self.cancelled = True
            targets = list(self._targets)
        for target in targets:
            target.cancel()


class Runtime:
    """Settings, store and loaded models; answers and conversations. Close it (or use `with`)."""

    def __init__(
        self,
        paths: Paths,
        config: Config,
        *,
        engine: EngineOverrides | None = None,
        open_model: ModelOpener | None = None,
        store: Store | None = None,
        consent: Consent | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        """`now`: the clock the tools and the prompt's date line read (default: the real one); `llorch eval` fixes
        it, so that a run asks the same at any hour."""
        self.paths = paths
        self.config = config
        self.engine = engine or EngineOverrides()
        self._open_model = open_model
        self._store = store
        self._own_store = store is None
        self._store_error: StoreError | None = None
        self._lock = threading.Lock()
        self._profile_ctx: int | None = None
        self._profile_engine: Mapping[str, Any] = {}
        self._publisher: Publisher | None = None
        self._mcp: Any = None
        self._book: Any = None
        # Who agrees to the model's writes (tools/consent.py): one per process, so "always" holds throughout.
        # Without a front end's question, writes the profile does not "allow" are refused.
        self.consent = consent if consent is not None else Consent()
        self._now = now
        self.models = Pool(
            self._load, budget_bytes=config.memory_budget_bytes(), footprint=self._footprint,
            instances=config.instances, keep_alive_s=config.keep_alive_s(),
        )

    @classmethod
    def open(cls, *, engine: EngineOverrides | None = None, open_model: ModelOpener | None = None,
             consent: Consent | None = None, now: Callable[[], datetime] | None = None) -> Runtime:
        """A runtime from the user's settings (LLORCH_HOME, config.toml)."""
        paths = resolve_paths()
        return cls(paths, load_config(paths), engine=engine, open_model=open_model, consent=consent, now=now)

    # --- parts ------------------------------------------------------------------

    def engine_options(self) -> EngineOptions:
        """How models load now: config.toml, the active profile's [engine] and context size, this run's flags."""
        return self.engine.apply(self.config.engine_options(), self._profile_ctx, self._profile_engine)

    def model_options(self, ref: str) -> EngineOptions:
        """How `ref` loads: config.toml's engine, its [workers] table, the profile's [engine], this run's flags."""
        profile_engine = {**self.config.worker_engine(ref), **self._profile_engine}
        return self.engine.apply(self.config.engine_options(), self._profile_ctx, profile_engine)

    def context_bound(self, chain: Sequence[str]) -> int | None:
        """The most context tokens any model of `chain` will give one prompt, known before loading it
        (its n_ctx setting; llama.cpp may round it up a little, far less than the bound on prompt
        length allows for); None when one of them takes its own size (n_ctx 0) or is remote."""
        from llorch.orchestra.remote import is_remote

        most = 0
        for ref in chain:
            n_ctx = 0 if is_remote(ref) else self.model_options(ref).n_ctx
            if n_ctx <= 0:
                return None
            most = max(most, n_ctx)
        return most or None

    def _footprint(self, ref: str) -> Any:
        """What loading `ref` will take in memory (None when unknown, or when its layers go to a GPU,
        whose memory llama.cpp checks itself)."""
        from llorch.engine.memory import estimate_footprint
        from llorch.models import resolve_model

        from llorch.orchestra.remote import is_remote

        if is_remote(ref):
            return None  # its memory is the other machine's
        options = self.model_options(ref)
        if self._open_model is None and options.n_gpu_layers != 0:
            from llorch.engine.llama import supports_gpu_offload

            if supports_gpu_offload():
                return None
        resolved = resolve_model(ref, self.paths, self.config)
        return estimate_footprint(resolved.path, options, self.config.instances(ref))

    def _load(self, ref: str) -> Any:
        from llorch.models import resolve_model
        from llorch.orchestra.remote import RemoteWorker, is_remote

        if is_remote(ref):
            return RemoteWorker(ref)
        resolved = resolve_model(ref, self.paths, self.config)
        options = self.model_options(ref)
        if self._open_model is not None:
            return self._open_model(resolved.path, options, ref)
        return open_worker(resolved.path, options, ref, kv_dir=self.paths.cache_dir / "kv", cancel=self.models.closing,
                           resolve=lambda draft: resolve_model(draft, self.paths, self.config).path)

    @property
    def store(self) -> Store:
        """The sessions database, opened on first use (never again once the runtime is closed)."""
        with self._lock:
            if self._store is None:
                if self.models.closing():
                    raise StoreError("llorch is closing: the session database is not opened again")
                from llorch.store import open_store

                self._store = open_store(self.paths)
            return self._store

    def optional_store(self) -> Store | None:
        """The store when it can be opened; answers never fail for want of breaker state or the response cache."""
        if self._store_error is not None:
            return None
        try:
            return self.store
        except StoreError as exc:
            self._store_error = exc
            log.warning("running without breaker state and response cache: %s", exc)
            return None

    def resolver(self, role: str = "chat") -> Callable[[str], tuple[Profile, Selection]]:
        from llorch.profiles.select import profile_resolver

        return profile_resolver(self.paths, self.config, role=role)

    def target(self, name: str | None) -> Target:
        """`profile:NAME[/ROLE]`, a model reference (path, alias, starter, hf:, a remote), or nothing (the
        default profile's chat models). Raises ProfileNotFoundError / ModelNotFoundError naming it."""
        from llorch.errors import ModelNotFoundError
        from llorch.models.registry import missing_reason

        name = (name or "").strip()
        if not name or name in ("default", "llorch"):
            name = f"profile:{self.config.default_profile}"
        if name.startswith("profile:"):
            profile_name, _, role = name[len("profile:") :].partition("/")
            prof, selection = self.resolver(role or "chat")(profile_name)
            if role and role not in prof.roles and role != "chat":
                raise InputError(f"profile {prof.name} has no {role!r} role (roles: {', '.join(prof.roles)})")
            return Target(name, prof, selection.chain, role or "chat")
        reason = missing_reason(name, self.paths, self.config)
        if reason is not None:
            raise ModelNotFoundError(f"model {name!r} is not available here ({reason}); GET /v1/models lists them")
        from llorch.models.starter import canonical_ref

        name = canonical_ref(name) or name  # ("starter" is qwen-0.5b: one copy in memory, one breaker, not two)
        prof, _selection = self.resolver()(self.config.default_profile)
        return Target(name, prof, (name,), explicit=True)

    @property
    def book(self) -> Any:
        """This process's one BreakerBook: every chain and request shares it; it writes through to the store."""
        from llorch.resilience.book import BreakerBook

        with self._lock:
            if self._book is not None:
                return self._book
        book = BreakerBook(self.optional_store(), self.config.breaker())
        with self._lock:
            if self._book is None:
                self._book = book
            return self._book

    def model_sampling(self, ref: str) -> Sampling:
        """The sampling a request to model `ref` starts from: config.toml's over the model's own
        defaults (the bundled models carry their publishers'); a profile and flags go over it."""
        from llorch.models.starter import bundled_sampling

        return self.config.sampling(bundled_sampling(self.config.aliases.get(ref, ref)))

    def fallback(self, profile: Profile) -> Any:
        """Breakers (the process's one book), time limits and injected faults around the models."""
        from llorch.resilience.chain import FallbackChain

        return FallbackChain(self.models, self.book, self.optional_store(), limits=self.config.call_limits(),
                             faults=self.config.faults(), profile=profile.name,
                             breaker=self.config.breaker(profile.breaker, where=f"profile {profile.name} [breaker]"))

    # --- answers ----------------------------------------------------------------

    def ask(
        self,
        prompt: str,
        *,
        model: str | None = None,
        profile: str | None = None,
        role: str = "chat",
        system: str | None = None,
        sampling: Mapping[str, Any] | None = None,
        mode: str = "auto",
        schema: str | None = None,
        logprobs: bool = False,
        top_logprobs: int = 0,
        consensus: Any = None,
        tools: Sequence[str] | None = None,
        tool_steps: int | None = None,
        history: Sequence[Turn] | None = None,
        client_tools: Sequence[Any] = (),
        tool_choice: str = "auto",
        cache: bool | None = None,
        cancel: Cancel | None = None,
        priority: Priority = "interactive",
        postscript: bool = True,
        documents: Sequence[Document] = (),
        long: str | None = None,
        prefill: str = "",
    ) -> Generator[Any, None, None]:
        """Answer one prompt; nothing is saved to the sessions. Yields the events listed above.

        The same path as a conversation turn: the profile's tools, breakers, time limits
        and fallback chain; a model named by `model` answers alone (no other model's
        cached answer stands in for it). With `consensus` (a chat.consensus.ConsensusSpec)
        the prompt is answered N times and the answers voted on; TurnDone.consensus says how.
        `tools` narrows the profile's tools to those named (an agent of a pipeline), `tool_steps`
        sets how many tool calls one answer may make.

        An API request (llorch serve) gives the whole conversation as `history` (then `prompt` is
        ignored) and its own functions as `client_tools`: a call of one ends the turn with
        TurnDone.tool_calls, for the client to run. `cache`: whether the response cache may stand in
        (default: unless a model is named); `cancel` stops the answer from another thread. `priority`
        "bulk" marks background work (--each-line, agents' fan-out): workers start interactive requests
        first (orchestra/priority.py). `postscript=False`: no list of what a long input's notes said and the
        answer left out after it (a combination of condense's own, checked there). `prefill`: the answer's start,
        given; the model goes on from it, and the answer is what it adds (an Anthropic request's last message).

        `documents` (piped text, files) are what the prompt asks about; with them or with `long` (the
        overflow policy: summarise, truncate, refuse; default config's limits.long) an input longer than
        the context is handled by `condense` first, and its prompt answered."""
        whole = self._read_whole(prompt, documents, profile, role, tools) if documents or long is not None else None
        if whole is not None and history is None:
            prompt, documents, long = whole, (), None  # a tool reads it whole, however long
        if documents or long is not None:
            measured = model or (consensus.models[0] if consensus is not None and consensus.models else None)
            prompt = yield from self.condense(prompt, documents, long=long, model=measured, profile=profile,
                                              role=role, system=system, sampling=sampling, cancel=cancel)
        prof, selection = self.resolver(role)(profile or self.config.default_profile)
        if role not in prof.roles and role != "chat":
            raise InputError(f"profile {prof.name} has no {role!r} role (roles: {', '.join(prof.roles)})")
        prof = _narrowed(prof, tools, tool_steps)
        chain = (model,) if model else selection.chain
        scratch = Store.memory()
        try:
            conv = self._one_shot(scratch, prof, chain, role, system=system, sampling=sampling, mode=mode,
                                  schema=schema, logprobs=logprobs, top_logprobs=top_logprobs)
            conv.use_cache = model is None if cache is None else cache
            conv.context_bound = self.context_bound
            conv.consensus = consensus
            conv.client_tools = tuple(client_tools) if tool_choice != "none" else ()
            conv.tool_choice = tool_choice
            conv.priority = priority
            conv.postscript = postscript
            conv.prefill = prefill
            if cancel is not None:
                conv.stop_token = cancel
                cancel.bind(conv)
            if selection.note and not model:
                yield Notice(selection.note)
            if history is None:
                yield from conv.send(prompt)
            else:  # an API request: its conversation, as the client sent it
                conv.dated = False
                conv.load_history(history)
                yield from conv.reply()
        finally:
            scratch.close()

    def _read_whole(self, prompt: str, documents: Sequence[Document], profile: str | None, role: str,
                    tools: Sequence[str] | None) -> str | None:
        """`prompt` and `documents` as one message, when they plainly ask one of the profile's tools that read a
        text whole about them (tools/exact.read_whole: a count, a syntax check, ...); else None."""
        from llorch.tools.exact import read_whole

        prof = _narrowed(self.resolver(role)(profile or self.config.default_profile)[0], tools, None)
        return read_whole(prompt, [d.text for d in documents], prof.tools.exact_tools,
                          self._now() if self._now is not None else datetime.now().astimezone())

    def condense(
        self,
        request: str,
        documents: Sequence[Document] = (),
        *,
        long: str | None = None,
        model: str | None = None,
        profile: str | None = None,
        role: str = "chat",
        system: str | None = None,
        sampling: Mapping[str, Any] | None = None,
        cancel: Cancel | None = None,
    ) -> Generator[Any, None, str]:
        """One prompt for `request` about `documents` that fits the answering model's context, under the
        overflow policy `long` (default: config's limits.long): chat/longinput.py says how. Yields
        Loading, Notice and Condensing events; returns the prompt (for `ask`, a conversation's turn, a
        pipeline's task). The parts of a long input are answered through `ask` (tools off, no response
        cache), as many at once as the model has slots; `cancel` stops them too."""
        from llorch.chat.longanswers import ended
        from llorch.chat.longinput import compose, condense
        from llorch.engine.text import check_prompt_length
        from llorch.errors import ContextOverflowError
        from llorch.tools.grounding import counted_from, counting

        policy = long or str(self.config.get("limits.long"))
        prof, selection = self.resolver(role)(profile or self.config.default_profile)
        chain = (model,) if model else selection.chain
        ref = chain[0]
        self._use_profile(prof)
        bound = self.context_bound(chain)
        if policy == "refuse" and bound:  # far too long by its length alone: refused before any model loads
            try:
                check_prompt_length(len(compose(request, documents)), bound)
            except ContextOverflowError as exc:
                raise ContextOverflowError(f"{exc} (or read it in parts: --long summarise)",
                                           prompt_tokens=exc.prompt_tokens, n_ctx=exc.n_ctx) from None
        if not self.models.is_loaded(ref):
            yield Loading(ref)
        with contextlib.ExitStack() as pinned:
            try:
                worker = pinned.enter_context(self.models.use(ref))  # loaded, and kept, while it is read
            except LlorchError as exc:  # not loadable: the answer's own path says why (or falls back)
                log.info("could not measure the input against %s's context: %s", ref, exc)
                return compose(request, documents)
            fit = self._fit(worker, ref, prof, system, sampling)
            parts = dict(sampling or {})

            def answer(prompt: str, token: Cancel, most: int) -> str:
                done: TurnDone | None = None
                own = Cancel()  # stops this answer alone once it counts (grounding.counting); `token` stops it too
                token.bind(own)
                said, counted = "", False
                for event in self.ask(prompt, model=model, profile=profile, role=role, system=system,
                                      sampling={**parts, "max_tokens": most},
                                      tools=(), cache=False, cancel=own, postscript=False):
                    if isinstance(event, TokenEvent) and not counted:
                        said += event.text
                        if any(c.isdigit() for c in event.text) and counting(said, prompt):
                            counted = True
                            own.cancel()
                    elif isinstance(event, TurnDone):
                        done = event
                if done is None or done.error:
                    raise LlorchError(done.error if done is not None and done.error else "a part got no answer")
                if done.status == "cancelled" and (token.cancelled or not counted):  # a client gone, the user
                    raise LlorchError("the answer was stopped before every part of the long input was read")
                if counted:  # kept up to where the count began: its first numbers are no more facts than the rest
                    at = counted_from(done.text, prompt)
                    log.info("long input: an answer that began to count was stopped after %d characters and kept to "
                             "where it began (%d)", len(said), len(done.text) if at is None else at)
                    return done.text if at is None else done.text[:at].rstrip()
                if done.completion is not None and done.completion.finish_reason == "length":
                    return ended(done.text)  # a note, not a sentence or a number cut off
                return done.text

            def new_cancel() -> Cancel:
                token = Cancel()
                if cancel is not None:
                    cancel.bind(token)
                return token

            return (yield from condense(request, documents, policy=policy, fit=fit, answer=answer,
                                        new_cancel=new_cancel, width=self._width(ref)))

    def _fit(self, worker: Any, ref: str, prof: Profile, system: str | None,
             sampling: Mapping[str, Any] | None) -> Fit:
        """What `ref`'s context (one sequence's) leaves for a user message under `prof`: its system prompt
        and template measured with the model's own tokenizer; room for the answer as build_request keeps it."""
        from llorch.chat.longinput import PARTIAL_TOKENS
        from llorch.chat.prompt import build_request, merge_sampling

        info = worker.info()
        merged = merge_sampling(self.model_sampling(ref), prof, sampling)
        system_text = system if system is not None else prof.system_prompt
        try:
            probe, _ = build_request(worker, [Turn("user", "x")], system=system_text,
                                     sampling=dataclasses.replace(merged, max_tokens=1))
            overhead = len(worker.tokenize(worker.render_prompt(probe), add_bos=False, special=True))
        except LlorchError:  # a template that will not render the probe: the system prompt and a little
            overhead = len(worker.tokenize(system_text, add_bos=False)) + 16

        def count(text: str) -> int:
            return len(worker.tokenize(text, add_bos=False))

        answer = min(merged.max_tokens, info.n_ctx // 4)
        partial = max(16, min(merged.max_tokens, info.n_ctx // 16, PARTIAL_TOKENS))  # a note, not the answer
        return Fit(count, info.n_ctx, overhead, answer, partial)

    def _width(self, ref: str) -> int:
        """How many requests `ref` answers at once: its slots on each of its instances."""
        from llorch.orchestra.remote import is_remote

        if is_remote(ref):
            return LONG_SLOTS
        return max(1, self.model_options(ref).slots) * self.config.instances(ref)

    def decide(self, prompt: str, *, model: str | None = None, profile: str | None = None,
               sampling: Mapping[str, Any] | None = None) -> Decision:
        """The tool decision `ask` would make first on `prompt` (the profile's tools, the model's call
        grammar), returned as a chat.conversation.Decision and not run: nothing is read or written.
        For scoring tool calls (`llorch eval tools`)."""
        prof, selection = self.resolver()(profile or self.config.default_profile)
        chain = (model,) if model else selection.chain
        scratch = Store.memory()
        try:
            conv = self._one_shot(scratch, prof, chain, "chat", sampling=sampling)
            conv.use_cache = False
            return conv.decide(prompt)
        finally:
            scratch.close()

    def warm_prefixes(self, ref: str) -> list[str]:
        """Put into model `ref`'s KV cache the prompt prefix of each profile it answers for, as `llorch
        serve` builds their requests (the profile's system prompt: the server runs none of llorch's own
        tools): restored from disk when an earlier process saved it, else evaluated and saved. The first
        request of each profile then does not pay for it. Waits for it; returns the profiles warmed.
        Failures only cost speed: they are logged, never raised."""
        from llorch.errors import LlorchError
        from llorch.profiles.loader import profile_names

        resolve = self.resolver()
        warmed: list[str] = []
        for name in profile_names(self.paths):
            scratch = Store.memory()
            try:
                prof, selection = resolve(name)
                if selection.chain[:1] != (ref,):
                    continue
                conv = self._one_shot(scratch, _narrowed(prof, (), None), (ref,), "chat", sampling=None, apply=False)
                conv.priority = "bulk"  # background work: a request that arrives meanwhile goes first
                conv.dated = False  # as the server's requests are built
                handle = conv.warm()
                if handle is not None:
                    handle.result()
                    warmed.append(prof.name)
            except LlorchError as exc:
                log.info("could not warm profile %s's prompt prefix on %s: %s", name, ref, exc)
            finally:
                scratch.close()
        return warmed

    def _one_shot(self, scratch: Store, prof: Profile, chain: tuple[str, ...], role: str, *,
                  sampling: Mapping[str, Any] | None, system: str | None = None, mode: str = "auto",
                  schema: str | None = None, logprobs: bool = False, top_logprobs: int = 0,
                  apply: bool = True) -> Conversation:
        """A conversation in a throwaway store, under `prof`, answered by `chain`: what `ask` and `decide` use.
        `apply`: models loaded from now on take the profile's engine settings (not for a loaded model's warming)."""
        if apply:
            self._use_profile(prof)
        return Conversation(
            scratch, self.models, model_ref=chain[0], system=system, profile=prof, chain=chain,
            toolbox=self._toolbox(), resolve_profile=self.resolver(role), base_sampling=self.model_sampling,
            sampling_overrides=sampling or {}, fallback=self.fallback(prof), mode=mode, schema=schema,
            logprobs=logprobs, top_logprobs=top_logprobs,
        )

    def conversation(
        self,
        *,
        session: int | None = None,
        continue_last: bool = False,
        model: str | None = None,
        profile: str | None = None,
        system: str | None = None,
        sampling: Mapping[str, Any] | None = None,
        save_kv: bool = False,
    ) -> Conversation:
        """A saved conversation: session `session`, the last one (`continue_last`), or a new one.

        Under the profile asked for, else the resumed session's, else the default; a
        resumed session asked to run under another profile switches to it, keeping its
        messages. `conv.start_note` says what the user should know (e.g. that the
        profile's models are not pulled). `save_kv` keeps the KV state on disk after each
        turn, so that the next process (`run --continue`) does not evaluate the history again."""
        store = self.store
        if continue_last and session is None:
            last = store.last_session()
            session = last.id if last else None
        stored = store.get_session(session) if session is not None else None
        resolve = self.resolver()
        start_name = (stored.profile or self.config.default_profile) if stored else (profile or self.config.default_profile)
        lost = None
        try:
            prof, selection = resolve(start_name)
        except ProfileNotFoundError:
            if stored is None or start_name == self.config.default_profile:
                raise
            lost = f"this session's profile {start_name!r} no longer exists; carrying on with {self.config.default_profile}"
            prof, selection = resolve(self.config.default_profile)
        self._use_profile(prof)
        ref = model or (stored.model if stored and stored.model else selection.model)
        conv = Conversation.open(
            store, self.models, session_id=session, model=ref, default_model=self.config.default_model, system=system,
            profile=prof, chain=(model,) if model else selection.chain, toolbox=self._toolbox(), resolve_profile=resolve,
            base_sampling=self.model_sampling, sampling_overrides=sampling or {}, fallback=self.fallback(prof),
            save_kv=save_kv,
        )
        conv.context_bound = self.context_bound
        conv.condenser = lambda text, documents, policy: self.condense(
            text, documents, long=policy, model=conv.model_ref, profile=conv.profile_name, system=conv.system)
        note = lost or (selection.note if not model and not stored else None)
        if profile and profile != prof.name:
            report = conv.switch_profile(profile)  # messages stay; the new profile's model answers next
            if conv.profile is not None:
                self._use_profile(conv.profile)
            note = report.note
            if model:
                conv.switch_model(model)
        conv.start_note = note
        return conv

    def start_housekeeping(self, command: str | None = None) -> None:
        """For a long-running process (chat, bulk runs, the server): every second until close, unload
        idle models after pool.keep_alive, then `housekeep()`."""
        with self._lock:
            if self._publisher is not None:
                return
            self._publisher = Publisher(self.paths.cache_dir, self.models, command=command)
        self.housekeep()
        self.models.start_housekeeping(1.0, tick=self.housekeep)

    def housekeep(self) -> None:
        """One housekeeping step (its thread's, after the keep-alive): carry out what `llorch top` asked
        of this process (unload a model), then publish what is loaded for `llorch ps` and `llorch top`."""
        publisher = self._publisher
        if publisher is not None:
            publisher.step()

    def preload(self, profile: Profile) -> None:
        """Load the first model of each of the profile's roles in the background (pool.preload)."""
        refs = [chain[0] for chain in profile.models.values() if chain]
        self.models.preload(refs)

    def _use_profile(self, profile: Profile) -> None:
        """Models loaded from now on use this profile's context size and [engine] settings."""
        self._profile_ctx = profile.context_size
        self._profile_engine = dict(profile.engine)

    def _toolbox(self) -> Any:
        from llorch.tools.calls import ToolBox
        from llorch.tools.registry import ToolRegistry

        return ToolBox(self.paths, ToolRegistry(mcp=self.mcp), now=self._now, consent=self.consent)

    @property
    def mcp(self) -> Any:
        """The MCP servers of config.toml (started on first use, stopped on close); None when there are none."""
        with self._lock:
            if self._mcp is None and self.config.mcp_servers:
                from llorch.mcp.client import MCPManager

                self._mcp = MCPManager(self.config.mcp_servers)
            return self._mcp

    def close(self) -> None:
        """Stop every model's worker (its thread first, then its context), then close the store."""
        with interrupts.deferred():  # a Ctrl-C meanwhile is raised once all of it is closed
            self._close()

    def _close(self) -> None:
        self.models.close()
        if self._mcp is not None:
            self._mcp.close()
        with self._lock:
            publisher, self._publisher = self._publisher, None
        if publisher is not None:
            publisher.close()
        with self._lock:
            store, self._store = self._store, None
        if store is not None and self._own_store:
            store.close()

    def __enter__(self) -> Runtime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
