"""One API request's generation: its N choices through the runtime's fallback chain, as async events.

Each choice runs the chain (breakers, time limits, fallback, the pool's routing) in a
thread of its own that waits on its worker's handle; its events cross into the event
loop through an asyncio queue. `cancel()` (a client that went away, a shutdown) cancels
every choice's handle, so the workers free their slots at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import random
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from llorch.engine.types import Completion, Message, Request, TokenEvent
from llorch.errors import LlorchError
from llorch.resilience.chain import Answered, Skipped
from llorch.server.protocol import BadRequest, Call, as_bad_request, tool_call_schema, tools_system_text

__all__ = ["ChoiceEvent", "Generation", "ToolCallOut", "parse_tool_output"]


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


def parse_tool_output(text: str, index: int) -> tuple[str | None, tuple[ToolCallOut, ...]]:
    """The grammar-constrained answer of a call with tools: words ({"content": ...}) or one call."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return text, ()  # cut short (max_tokens): what there is, as words
    if isinstance(data, dict) and isinstance(data.get("name"), str):
        args = json.dumps(data.get("arguments", {}), ensure_ascii=False)
        return None, (ToolCallOut(f"call_{random.getrandbits(48):012x}{index}", data["name"], args),)
    if isinstance(data, dict) and isinstance(data.get("content"), str):
        return data["content"], ()
    return text, ()


class Generation:
    def __init__(self, runtime: Any, call: Call, target: Any) -> None:
        self.runtime = runtime
        self.call = call
        self.target = target
        self.tooled = bool(call.tools) and call.tool_choice != "none"
        self._chains: list[Any] = []
        self._lock = threading.Lock()
        self._cancelled = False
        self._queue: asyncio.Queue[ChoiceEvent] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        base = call.sampling.get("seed")
        self._seeds = [(base + i) % (2**32 - 1) if base is not None else random.randrange(2**31)
                       for i in range(call.n)]

    # --- the request ------------------------------------------------------------------

    def _request(self, worker: Any, index: int) -> Request:
        rt, call, target = self.runtime, self.call, self.target
        sampling = target.profile.apply_sampling(rt.config.sampling())
        sampling = dataclasses.replace(sampling, **(dict(call.sampling) | {"seed": self._seeds[index]}))
        if call.prompt is not None:
            return Request(prompt=call.prompt, sampling=sampling, logprobs=call.logprobs)
        from llorch.tools.calls import has_tool_role

        tool_role = has_tool_role(worker.info().chat_template)
        system: list[str] = []
        if not call.has_system and not target.explicit and target.profile.system_prompt:
            system.append(target.profile.system_prompt.strip())
        if self.tooled:
            system.append(tools_system_text(call.tools, call.tool_choice))
        messages: list[Message] = []
        given = [text for role, text in call.messages if role == "system"]
        system = given + system  # the client's system prompt first, then what llorch adds
        for role, text in call.messages:
            if role == "system":
                continue
            if role == "tool" and not tool_role:
                role, text = "user", f"[tool result] {text}"
            if messages and messages[-1].role == role and role != "tool":
                messages[-1] = Message(role, messages[-1].content + "\n\n" + text)
            else:
                messages.append(Message(role, text))
        head = (Message("system", "\n\n".join(system)),) if system else ()
        schema = tool_call_schema(call.tools, call.tool_choice) if self.tooled else call.schema
        return Request(messages=head + tuple(messages), sampling=sampling, grammar_schema=schema, logprobs=call.logprobs)

    # --- threads -> the event loop ------------------------------------------------------

    def _put(self, event: ChoiceEvent) -> None:
        assert self._loop is not None and self._queue is not None
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)
        except RuntimeError:  # the loop has closed (shutdown): nobody is listening
            pass

    def _run(self, index: int) -> None:
        chain = self.runtime.fallback(self.target.profile)
        with self._lock:
            self._chains.append(chain)
            if self._cancelled:
                chain.cancel()
        pieces: list[str] = []
        source = route = completion = None
        try:
            for event in chain.run(self.target.chain, lambda worker: self._request(worker, index), "", cache=False):
                if isinstance(event, TokenEvent):
                    pieces.append(event.text)
                    if not self.tooled:
                        self._put(ChoiceEvent(index, "token", event.text, event.logprob))
                elif isinstance(event, Skipped):
                    pieces.clear()
                    self._put(ChoiceEvent(index, "skipped", f"{event.model}: {event.reason}"))
                elif isinstance(event, Answered):
                    source, route = event.source, event.route
                elif isinstance(event, Completion):
                    completion = event
        except LlorchError as exc:
            self._put(ChoiceEvent(index, "error", error=exc))
            return
        except BaseException as exc:  # a bug must still end the client's request
            self._put(ChoiceEvent(index, "error", error=exc))
            raise
        content, calls = (parse_tool_output("".join(pieces), index) if self.tooled and completion is not None
                          else (completion.text if completion is not None else "", ()))
        self._put(ChoiceEvent(index, "done", completion=completion, source=source, route=route, content=content,
                              tool_calls=calls))

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
        with self._lock:
            self._cancelled = True
            chains = list(self._chains)
        for chain in chains:
            chain.cancel()
