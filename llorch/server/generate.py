"""One API request's generation: its N choices through the runtime's fallback chain, as async events.

Each choice runs the chain (breakers, time limits, fallback, the pool's routing) in a
thread of its own that waits on its worker's handle; its events cross into the event
loop through an asyncio queue. `cancel()` (a client that went away, a shutdown) cancels
every choice's handle, so the workers free their slots at once. A streamed choice whose model
fails after some of its text went out ends with that failure: a stream cannot take text back,
and the next model's answer would read as the same answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from llorch.chat.events import TurnDone
from llorch.chat.prompt import Turn
from llorch.engine.types import Completion, TokenEvent, TokenLogprob
from llorch.errors import GenerationError, LlorchError
from llorch.resilience.chain import Skipped
from llorch.server.protocol import BadRequest, Call, as_bad_request

__all__ = ["ChoiceEvent", "Generation", "ToolCallOut"]


@dataclass(frozen=True)
class ToolCallOut:
    id: str
    name: str
    arguments: str  # JSON text


@dataclass(frozen=True)
class ChoiceEvent:
    """kind: "token" (text, logprob), "skipped" (a model of the chain could not answer: text says why),
    "done" (completion, source, route; content / tool_calls when the call offered tools), "error"."""

    index: int
    kind: str
    text: str = ""
    logprob: float | None = None
    token_logprob: TokenLogprob | None = None  # the token's log-probability, entropy and alternatives, when asked
    completion: Completion | None = None
    source: Any = None
    route: Any = None
    error: BaseException | None = None
    content: str | None = None
    tool_calls: tuple[ToolCallOut, ...] = ()

    def failure(self) -> BadRequest | None:
        """Why this choice has no answer, as the APIs report it: its error, or no model of the chain could answer."""
        if self.kind == "error":
            return as_bad_request(self.error if isinstance(self.error, Exception) else RuntimeError("no answer"))
        if self.kind == "done" and self.source is not None and self.source.kind == "degraded":
            why = self.completion.text if self.completion is not None else "no model could answer"
            return BadRequest(why, status=503, kind="server_error", code="no_model")
        return None


class Generation:
    """One API request's N choices, each a `Runtime.ask` on a thread of its own: the same request
    path as `llorch run` and chat (prompt builder, sampling merge, tool-call format, breakers)."""

    def __init__(self, runtime: Any, call: Call, target: Any) -> None:
        from llorch.runtime import Cancel

        self.runtime = runtime
        self.call = call
        self.target = target
        self.tooled = bool(call.tools) and call.tool_choice != "none"
        self._cancel = Cancel()
        self._queue: asyncio.Queue[ChoiceEvent] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        base = call.sampling.get("seed")
        self._seeds = [(base + i) % (2**32 - 1) if base is not None else random.randrange(2**31)
                       for i in range(call.n)]

    # --- threads -> the event loop ------------------------------------------------------

    def _put(self, event: ChoiceEvent) -> None:
        assert self._loop is not None and self._queue is not None
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)
        except RuntimeError:  # the loop has closed (shutdown): nobody is listening
            pass

    def _ask(self, index: int) -> Any:
        call, target = self.call, self.target
        if call.prompt is not None:  # /v1/completions: plain completion of the prompt, as given
            history: tuple[Turn, ...] = (Turn("user", call.prompt),)
            mode, system = "raw", call.system
        else:
            history, mode = call.turns, "chat"
            # The client's system prompt; else the profile's, unless the client named one model.
            system = call.system if call.system is not None else ("" if target.explicit else None)
        where = {"model": target.chain[0]} if target.explicit else {"profile": target.profile.name, "role": target.role}
        return self.runtime.ask(
            "", **where, system=system, sampling=dict(call.sampling) | {"seed": self._seeds[index]}, mode=mode,
            schema=call.schema, logprobs=call.logprobs, top_logprobs=call.top_logprobs, history=history,
            tools=(),  # the server never runs llorch's own tools: a client gets calls of the functions it sent
            client_tools=call.tools if self.tooled else (), tool_choice=call.tool_choice if self.tooled else "none",
            cache=False, cancel=self._cancel, priority=call.priority, prefill=call.prefill,
        )

    def _run(self, index: int) -> None:
        streamed = False  # text of this choice went out to a streaming client
        try:
            with contextlib.closing(self._ask(index)) as events:
                for event in events:
                    if isinstance(event, TokenEvent):
                        streamed = streamed or (self.call.stream and bool(event.text))
                        self._put(ChoiceEvent(index, "token", event.text, event.logprob, event.token_logprob))
                    elif isinstance(event, Skipped) and event.partial and streamed:
                        # A stream cannot take back what it carried: the next model's answer would be glued
                        # to the failed one's start (observed: 'Hello from theHello! How can I…'). The choice
                        # ends with the failure, as a one-model stream does; the chain stops here.
                        self._put(ChoiceEvent(index, "error", error=GenerationError(
                            f"{event.model} failed after part of its answer was streamed ({event.reason})")))
                        return
                    elif isinstance(event, Skipped):
                        self._put(ChoiceEvent(index, "skipped", f"{event.model}: {event.reason}"))
                    elif isinstance(event, TurnDone):
                        self._put(self._done(index, event))
        except LlorchError as exc:
            self._put(ChoiceEvent(index, "error", error=exc))
        except BaseException as exc:  # a bug must still end the client's request
            self._put(ChoiceEvent(index, "error", error=exc))
            raise

    @staticmethod
    def _done(index: int, done: TurnDone) -> ChoiceEvent:
        if done.status == "error" and (done.source is None or done.source.kind != "degraded"):
            return ChoiceEvent(index, "error", error=done.exception or LlorchError(done.error or "the answer failed"))
        calls = tuple(ToolCallOut(f"call_{random.getrandbits(48):012x}{index}{k}", c.name,
                                  json.dumps(dict(c.arguments), ensure_ascii=False))
                      for k, c in enumerate(done.tool_calls))
        return ChoiceEvent(index, "done", completion=done.completion, source=done.source, route=done.route,
                           content=None if calls else done.text, tool_calls=calls)

    async def events(self) -> AsyncIterator[ChoiceEvent]:
        """Every choice's events as they come; ends once each choice is done or failed."""
        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        for i in range(self.call.n):
            threading.Thread(target=self._run, args=(i,), name=f"llorch-serve-{i}", daemon=True).start()
        left = self.call.n
        while left:
            event = await self._queue.get()
            if event.kind in ("done", "error"):
                left -= 1
            yield event

    def cancel(self) -> None:
        """Stop every choice (from the event loop, or any thread)."""
        self._cancel.cancel()
