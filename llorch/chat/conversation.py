"""A conversation: its history in the store, one model context for prefix reuse, a context policy.

Front ends (the TUI, line mode, `llorch run --continue`) drive a Conversation and render
the events it yields; they never touch the store or the backend directly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

from llorch.engine.backend import Backend
from llorch.engine.types import Completion, Message, ModelInfo, Request, Sampling, TokenEvent
from llorch.errors import LlorchError
from llorch.store.db import Store, StoredMessage

__all__ = ["Conversation", "Notice", "TurnDone"]

BackendLoader = Callable[[str], Backend]


@dataclass(frozen=True)
class Notice:
    """Something the user should be told once, e.g. that old turns were dropped."""

    text: str


@dataclass(frozen=True)
class TurnDone:
    """The end of a turn: the stored answer's id and status, and the completion if any."""

    message_id: int
    status: str
    text: str
    completion: Completion | None = None
    error: str | None = None


ChatEvent = TokenEvent | Notice | TurnDone


class Conversation:
    """One chat session. Not thread-safe: one thread sends at a time; `cancel` is safe from any thread."""

    def __init__(
        self,
        store: Store,
        loader: BackendLoader,
        *,
        model_ref: str,
        session_id: int | None = None,
        system: str | None = None,
        sampling: Sampling | None = None,
        profile: str = "",
    ) -> None:
        self.store = store
        self._loader = loader
        self.model_ref = model_ref
        self.profile = profile
        self.sampling = sampling or Sampling()
        self._backend: Backend | None = None
        self._told_trim = False
        self._busy = threading.Lock()
        self._load_lock = threading.Lock()  # the UI preloads while a first message may already want the model
        self._dropped = 0
        if session_id is None:
            self.session_id = store.create_session(model=model_ref, profile=profile, system_prompt=system or "")
            self.system = system or ""
        else:
            session = store.get_session(session_id)
            self.session_id = session.id
            self.system = system if system is not None else session.system_prompt
            if system is not None:
                store.update_session(session.id, system_prompt=system)
        self.last_completion: Completion | None = None

    @classmethod
    def open(
        cls,
        store: Store,
        loader: BackendLoader,
        *,
        session_id: int | None,
        model: str | None,
        default_model: str,
        system: str | None = None,
        sampling: Sampling | None = None,
    ) -> Conversation:
        """Resume `session_id` (or start a session): an explicit model wins, then the session's, then the default."""
        stored = store.get_session(session_id) if session_id is not None else None
        ref = model or (stored.model if stored and stored.model else default_model)
        conv = cls(store, loader, model_ref=ref, session_id=session_id, system=system, sampling=sampling)
        if stored and ref != stored.model:
            store.update_session(conv.session_id, model=ref)
        return conv

    # --- model ----------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        return self._backend is not None

    def backend(self) -> Backend:
        """The model, loaded on first use."""
        with self._load_lock:
            if self._backend is None:
                self._backend = self._loader(self.model_ref)
            return self._backend

    def info(self) -> ModelInfo:
        return self.backend().info()

    def switch_model(self, ref: str) -> ModelInfo:
        """Load another model; the conversation carries on in its chat template."""
        new = self._loader(ref)
        with self._load_lock:
            old, self._backend = self._backend, new
        if old is not None:
            old.close()
        self.model_ref = ref
        self.store.update_session(self.session_id, model=ref)
        return new.info()

    def set_system(self, text: str) -> None:
        self.system = text
        self.store.update_session(self.session_id, system_prompt=text)

    def new_session(self) -> int:
        self.session_id = self.store.create_session(model=self.model_ref, profile=self.profile, system_prompt=self.system)
        self._told_trim = False
        return self.session_id

    def resume(self, session_id: int) -> None:
        session = self.store.get_session(session_id)
        self.session_id = session.id
        self.system = session.system_prompt
        self._told_trim = False

    def close(self) -> None:
        """Stop any answer in progress (another thread may be generating), then free the model."""
        self.cancel()
        if self._busy.acquire(timeout=30):
            self._busy.release()
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    # --- history --------------------------------------------------------------

    def history(self) -> list[StoredMessage]:
        return self.store.messages(self.session_id)

    def _context_messages(self) -> list[Message]:
        return [
            Message(m.role, m.content)
            for m in self.history()
            if m.role in ("user", "assistant") and m.status != "error" and m.content
        ]

    @property
    def context_used(self) -> int:
        """Tokens the last turn's prompt and answer occupy in the context."""
        c = self.last_completion
        return c.usage.total_tokens if c else 0

    # --- turns ----------------------------------------------------------------

    def cancel(self) -> None:
        if self._backend is not None:
            cancel = getattr(self._backend, "cancel", None)
            if cancel is not None:
                cancel()

    def send(self, text: str) -> Generator[ChatEvent, None, None]:
        """Store the user's message, then stream and store the answer."""
        self.store.add_message(self.session_id, "user", text, model=self.model_ref, profile=self.profile)
        return self._answer()

    def retry(self) -> Generator[ChatEvent, None, None]:
        """Answer the last user message again, replacing the answer after it."""
        history = self.history()
        while history and history[-1].role == "assistant":
            self.store.delete_message(history.pop().id)
        if not history or history[-1].role != "user":
            raise LlorchError("nothing to retry: send a message first")
        return self._answer()

    def _build_request(self, backend: Backend) -> tuple[Request, int]:
        """The request with as much history as fits, and how many messages were dropped."""
        system = (Message("system", self.system),) if self.system else ()
        turns = self._context_messages()
        n_ctx = backend.info().n_ctx
        reserve = min(self.sampling.max_tokens, n_ctx // 4)
        dropped = 0
        while True:
            request = Request(messages=system + tuple(turns), sampling=self.sampling)
            used = len(backend.tokenize(backend.render_prompt(request), add_bos=False, special=True))
            if used + reserve <= n_ctx or len(turns) <= 1:
                return request, dropped
            # Drop the oldest turn (a user message and the answers after it); never the system prompt.
            turns.pop(0)
            dropped += 1
            while turns and turns[0].role != "user":
                turns.pop(0)
                dropped += 1

    def _answer(self) -> Generator[ChatEvent, None, None]:
        if not self._busy.acquire(blocking=False):
            raise LlorchError("an answer is already in progress")
        try:
            yield from self._answer_locked()
        finally:
            self._busy.release()

    def _answer_locked(self) -> Iterator[ChatEvent]:
        backend = self.backend()
        request, dropped = self._build_request(backend)
        if dropped and not self._told_trim:
            self._told_trim = True
            yield Notice(
                f"The conversation outgrew the {backend.info().n_ctx:,}-token context: the oldest {dropped} "
                "message(s) are left out of what the model sees (they stay saved)."
            )
        pieces: list[str] = []
        completion: Completion | None = None
        status, error = "complete", None
        try:
            for event in backend.generate(request):
                if isinstance(event, Completion):
                    completion = event
                else:
                    pieces.append(event.text)
                    yield event
        except LlorchError as exc:  # a prompt over the context, a failed generation, ...
            status, error = "error", str(exc)
        except (KeyboardInterrupt, GeneratorExit):
            # Ctrl-C or the reader went away: keep what was generated, marked cancelled.
            self._store_answer("".join(pieces), "cancelled", None)
            raise
        if completion is not None:
            self.last_completion = completion
            if completion.finish_reason == "cancelled":
                status = "cancelled"
        text = completion.text if completion is not None else "".join(pieces)
        message_id = self._store_answer(text, status, completion)
        yield TurnDone(message_id, status, text, completion, error)

    def _store_answer(self, text: str, status: str, completion: Completion | None) -> int:
        fields: dict[str, object] = {"model": self.model_ref, "profile": self.profile, "status": status}
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
