"""FakeBackend: scripted replies, latency and faults, for testing the layers above the engine."""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from llorch.engine.text import StopMatcher
from llorch.engine.types import Completion, Event, ModelInfo, Request, Timings, TokenEvent, Usage
from llorch.errors import ContextOverflowError, GenerationError, InputError

__all__ = ["FakeBackend"]

_TOKEN = re.compile(r"\s*\S+|\s+")


class FakeBackend:
    """A Backend that answers from a queue of scripted replies.

    Each reply is a string (streamed word by word) or an exception (raised when the
    request starts). With an empty queue it echoes the last user message.
    `token_delay` sleeps between tokens through the injected `sleep`; `fail_after`
    raises GenerationError after that many tokens. `history` records every request.
    """

    def __init__(
        self,
        replies: Iterable[str | BaseException] = (),
        *,
        name: str = "fake",
        n_ctx: int = 2048,
        token_delay: float = 0.0,
        fail_after: int | None = None,
        chat_template: str | None = "{{ messages }}",
        is_base_model: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._replies: deque[str | BaseException] = deque(replies)
        self.name = name
        self.n_ctx = n_ctx
        self.token_delay = token_delay
        self.fail_after = fail_after
        self._template = chat_template
        self._is_base = is_base_model
        self._sleep = sleep
        self._cancel = threading.Event()
        self.history: list[Request] = []
        self.closed = False
        self.bench_timings: deque[tuple[float, float]] = deque()
        self.bench_calls: list[tuple[int, int, int]] = []

    def enqueue(self, *replies: str | BaseException) -> None:
        self._replies.extend(replies)

    def info(self) -> ModelInfo:
        return ModelInfo(
            path=f"<fake:{self.name}>",
            name=self.name,
            architecture="fake",
            description="scripted test backend",
            n_params=0,
            size_bytes=0,
            n_ctx_train=self.n_ctx,
            n_ctx=self.n_ctx,
            n_vocab=0,
            chat_template=self._template,
            is_base_model=self._is_base,
            n_gpu_layers=0,
            load_ms=0.0,
        )

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        ids = [hash(piece) & 0xFFFF for piece in _TOKEN.findall(text)]
        return ([1] if add_bos else []) + ids

    def render_prompt(self, request: Request) -> str:
        if not request.is_chat:
            return request.prompt or ""
        return "".join(f"<{m.role}>{m.content}\n" for m in request.messages) + "<assistant>" + request.prefill

    def cancel(self) -> None:
        self._cancel.set()

    def generate(self, request: Request) -> Iterator[Event]:
        self.history.append(request)
        prompt = self.render_prompt(request)
        n_prompt = len(self.tokenize(prompt))
        if not prompt.strip():
            raise InputError("the prompt is empty; give some text to answer")
        if n_prompt >= self.n_ctx:
            raise ContextOverflowError(
                f"the prompt is {n_prompt:,} tokens but the context holds {self.n_ctx:,}",
                prompt_tokens=n_prompt,
                n_ctx=self.n_ctx,
            )
        reply = self._replies.popleft() if self._replies else self._echo(request)
        if isinstance(reply, BaseException):
            raise reply
        self._cancel.clear()
        return self._stream(request, reply, n_prompt)

    @staticmethod
    def _echo(request: Request) -> str:
        users = [m.content for m in request.messages if m.role == "user"]
        return f"echo: {users[-1] if users else request.prompt}"

    def _stream(self, request: Request, reply: str, n_prompt: int) -> Iterator[Event]:
        matcher = StopMatcher(request.sampling.stop)
        pieces: list[str] = []
        finish = "stop"
        n = 0
        for n, piece in enumerate(_TOKEN.findall(reply), start=1):
            if self.fail_after is not None and n > self.fail_after:
                raise GenerationError(f"fake failure after {self.fail_after} tokens")
            if self.token_delay:
                self._sleep(self.token_delay)
            text = matcher.feed(piece)
            pieces.append(text)
            yield TokenEvent(text=text, token_id=n)
            if matcher.stopped:
                break
            if self._cancel.is_set():
                finish = "cancelled"
                break
            if n >= request.sampling.max_tokens:
                finish = "length"
                break
        tail = matcher.flush()
        if tail:
            pieces.append(tail)
            yield TokenEvent(text=tail, token_id=-1)
        yield Completion(
            text="".join(pieces),
            finish_reason=finish,  # type: ignore[arg-type]
            usage=Usage(prompt_tokens=n_prompt, completion_tokens=n),
            timings=Timings(0.0, 1.0, n_prompt, float(n), max(n - 1, 0), 1.0, 1.0 + n),
            model=self.name,
            seed=request.sampling.seed if request.sampling.seed is not None else 0,
            stop=matcher.stopped_by,
        )

    def bench(self, n_prompt: int, n_gen: int, depth: int = 0, seed: int = 0) -> tuple[float, float, float]:
        """Scripted timings: `bench_timings` pops (prompt ms, generation ms) per call."""
        self.bench_calls.append((n_prompt, n_gen, depth))
        prompt_ms, gen_ms = self.bench_timings.popleft() if self.bench_timings else (1.0, 1.0)
        return prompt_ms, gen_ms, gen_ms / n_gen if n_gen else 0.0

    def close(self) -> None:
        self.closed = True
