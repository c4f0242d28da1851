"""Turning a generation's events into one API's answer: a JSON body, or its SSE stream."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any

from llorch.engine.types import Completion, TokenLogprob
from llorch.server import anthropic_api, openai_api
from llorch.server.generate import ChoiceEvent
from llorch.server.protocol import BadRequest, Call

__all__ = ["Render"]

_ARGUMENT_PIECE = 8  # characters of a call's arguments per streamed delta (a few tokens, as OpenAI sends them)

_FINISH = {"stop": "stop", "length": "length", "context": "length", "cancelled": "stop"}


@dataclass
class _Choice:
    pieces: list[str] = field(default_factory=list)
    pending: list[TokenLogprob] = field(default_factory=list)  # scored tokens not yet streamed (their text held back)
    offset: int = 0  # where the next streamed token starts in the answer's text (legacy completions)
    done: ChoiceEvent | None = None
    failure: BadRequest | None = None  # why it has no answer (an error, or no model could answer)


class Render:
    def __init__(self, kind: str, call: Call, model: str, metrics: Any) -> None:
        self.kind = kind  # "chat", "text" or "anthropic"
        self.call = call
        self.model = model
        self.metrics = metrics
        prefix = {"chat": "chatcmpl-", "text": "cmpl-", "anthropic": "msg_"}[kind]
        self.id = prefix + secrets.token_hex(12)
        self.created = int(time.time())
        self.choices = [_Choice() for _ in range(call.n)]
        self._block_open = False
        self._failed = False  # a streamed error ended the answer: Anthropic's stream ends there

    # --- bookkeeping ----------------------------------------------------------------

    def _record(self, event: ChoiceEvent) -> None:
        choice = self.choices[event.index]
        if event.kind == "token":
            choice.pieces.append(event.text)
            if event.token_logprob is not None:
                choice.pending.append(event.token_logprob)
        elif event.kind == "done":
            choice.done = event
            choice.failure = event.failure()
            c, source = event.completion, event.source
            if c is not None and source is not None:
                self.metrics.tokens_in.labels(source.model or source.kind).inc(c.usage.prompt_tokens)
                self.metrics.tokens_out.labels(source.model or source.kind).inc(c.usage.completion_tokens)
                self.metrics.answers.labels(source.model or source.kind, str(source.fallback).lower()).inc()
        elif event.kind == "error":
            choice.failure = event.failure()

    def source_label(self) -> str:
        done = self.choices[0].done
        return done.source.label() if done is not None and done.source is not None else ""

    def _llorch(self, index: int = 0) -> dict[str, Any]:
        done = self.choices[index].done
        if done is None or done.source is None:
            return {}
        route = done.route
        queued = done.completion.timings.queued_ms if done.completion is not None else 0.0
        return {"llorch": {"source": done.source.to_dict(), "worker": route.worker if route is not None else None,
                           "queued_ms": round(queued, 1)}}

    def _usage(self) -> tuple[int, int, int]:
        done = [c.done.completion for c in self.choices if c.done is not None and c.done.completion is not None]
        prompt = done[0].usage.prompt_tokens if done else 0
        return prompt, sum(c.usage.completion_tokens for c in done), done[0].usage.cached_tokens if done else 0


    # --- one JSON body ------------------------------------------------------------------

    async def collect(self, first: ChoiceEvent, events: AsyncIterator[ChoiceEvent]) -> dict[str, Any] | BadRequest:
        self._record(first)
        async for event in events:
            self._record(event)
        if all(c.done is None for c in self.choices):  # every choice failed: the first one says why
            return self.choices[0].failure or BadRequest("no answer", status=500, kind="server_error")
        for c in self.choices:
            if c.done is not None and c.failure is not None:  # no model could answer
                return c.failure
        return {"chat": self._chat_body, "text": self._text_body, "anthropic": self._anthropic_body}[self.kind]()

    @staticmethod
    def _scored(choice: _Choice) -> tuple[TokenLogprob, ...]:
        """Every generated token of the answer with its log-probability (a body is built from the completion,
        which has them all, even those whose text a stop string held back)."""
        c = choice.done.completion if choice.done is not None else None
        return c.logprobs or () if c is not None else ()

    def _finish(self, choice: _Choice) -> str:
        assert choice.done is not None
        if choice.done.tool_calls:
            return "tool_calls"
        c = choice.done.completion
        return _FINISH.get(c.finish_reason, "stop") if c is not None else "stop"

    def _chat_body(self) -> dict[str, Any]:
        choices = []
        for i, choice in enumerate(self.choices):
            if choice.done is None:
                continue
            message: dict[str, Any] = {"role": "assistant", "content": choice.done.content}
            if choice.done.tool_calls:
                message["tool_calls"] = [{"id": t.id, "type": "function",
                                          "function": {"name": t.name, "arguments": t.arguments}}
                                         for t in choice.done.tool_calls]
            entry: dict[str, Any] = {"index": i, "message": message, "finish_reason": self._finish(choice),
                                     "logprobs": openai_api.logprobs_json(self._scored(choice)) if self.call.logprobs
                                     else None}
            choices.append(entry)
        return {"id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
                "choices": choices, "usage": openai_api.usage_json(*self._usage())} | self._llorch()

    def _text_body(self) -> dict[str, Any]:
        top = self.call.top_logprobs > 0
        choices = [{"index": i, "text": c.done.content or "", "finish_reason": self._finish(c), "logprobs":
                    openai_api.text_logprobs_json(self._scored(c), top) if self.call.logprobs else None}
                   for i, c in enumerate(self.choices) if c.done is not None]
        return {"id": self.id, "object": "text_completion", "created": self.created, "model": self.model,
                "choices": choices, "usage": openai_api.usage_json(*self._usage())} | self._llorch()

    def _anthropic_body(self) -> dict[str, Any]:
        choice = self.choices[0]
        assert choice.done is not None
        content = self._anthropic_content(choice.done)
        c = choice.done.completion
        prompt, out, _cached = self._usage()
        stopped_by = self._stopped_by(c)
        return {"id": self.id, "type": "message", "role": "assistant", "model": self.model, "content": content,
                "stop_reason": anthropic_api.stop_reason(c.finish_reason if c else "stop", stopped_by,
                                                         bool(choice.done.tool_calls)),
                "stop_sequence": stopped_by, "usage": {"input_tokens": prompt, "output_tokens": out}} | self._llorch()

    def _stopped_by(self, completion: Completion | None) -> str | None:
        """The client's stop sequence that ended the answer (not a stop of the chat template's)."""
        stop = completion.stop if completion is not None and completion.finish_reason == "stop" else None
        return stop if stop is not None and stop in (self.call.sampling.get("stop") or ()) else None

    @staticmethod
    def _anthropic_content(done: ChoiceEvent) -> list[dict[str, Any]]:
        if done.tool_calls:
            return [{"type": "tool_use", "id": "toolu_" + t.id.removeprefix("call_"), "name": t.name,
                     "input": json.loads(t.arguments)} for t in done.tool_calls]
        return [{"type": "text", "text": done.content or ""}]

    # --- a stream ---------------------------------------------------------------------

    def start(self) -> Iterator[str]:
        if self.kind == "chat":
            for i in range(self.call.n):
                yield self._chunk([{"index": i, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
        elif self.kind == "anthropic":
            yield anthropic_api.event("message_start", {"message": {
                "id": self.id, "type": "message", "role": "assistant", "model": self.model, "content": [],
                "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 0, "output_tokens": 0}}})

    def _chunk(self, choices: list[dict[str, Any]], extra: dict[str, Any] | None = None) -> str:
        return openai_api.chunk(self.kind, self.id, self.model, self.created, choices, extra)

    def feed(self, event: ChoiceEvent) -> Iterator[str]:
        self._record(event)
        i = event.index
        if event.kind == "token":
            if not event.text:
                return  # its logprobs go out with the next text
            choice = self.choices[i]
            scored, choice.pending = choice.pending, []
            if self.kind == "chat":
                entry: dict[str, Any] = {"index": i, "delta": {"content": event.text}, "finish_reason": None}
                if self.call.logprobs:
                    entry["logprobs"] = openai_api.logprobs_json(scored)
                yield self._chunk([entry])
            elif self.kind == "text":
                entry = {"index": i, "text": event.text, "finish_reason": None}
                if self.call.logprobs:
                    entry["logprobs"] = openai_api.text_logprobs_json(scored, self.call.top_logprobs > 0, choice.offset)
                    choice.offset += sum(len(lp.token) for lp in scored)
                yield self._chunk([entry])
            else:
                yield from self._open_text_block()
                yield anthropic_api.event("content_block_delta", {"index": 0, "delta": {"type": "text_delta",
                                                                                         "text": event.text}})
        elif event.kind in ("done", "error"):
            bad = event.failure()
            yield from (self._stream_error(bad) if bad is not None else self._stream_done(event))

    def _stream_error(self, bad: BadRequest) -> Iterator[str]:
        """An answer that failed after the stream began: an error event in the API's shape."""
        self._failed = True
        if self.kind == "anthropic":
            yield anthropic_api.event("error", anthropic_api.error_body(bad))
        else:
            yield f"data: {json.dumps(openai_api.error_body(bad))}\n\n"

    def _open_text_block(self) -> Iterator[str]:
        if not self._block_open:
            self._block_open = True
            yield anthropic_api.event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})

    def _stream_done(self, event: ChoiceEvent) -> Iterator[str]:
        choice = self.choices[event.index]
        if self.kind == "anthropic":
            if event.tool_calls:
                for k, block in enumerate(self._anthropic_content(event)):
                    args = json.dumps(block["input"])
                    yield anthropic_api.event("content_block_start", {"index": k, "content_block": block | {"input": {}}})
                    yield anthropic_api.event("content_block_delta", {"index": k, "delta": {
                        "type": "input_json_delta", "partial_json": args}})
                    yield anthropic_api.event("content_block_stop", {"index": k})
            else:
                yield from self._open_text_block()  # the words streamed as they came
                yield anthropic_api.event("content_block_stop", {"index": 0})
            return
        if self.kind == "chat":
            yield from self._stream_calls(event)
        key = "delta" if self.kind == "chat" else "text"
        value: Any = {} if self.kind == "chat" else ""
        yield self._chunk([{"index": event.index, key: value, "finish_reason": self._finish(choice)}],
                          self._llorch(event.index))

    def _stream_calls(self, event: ChoiceEvent) -> Iterator[str]:
        """Tool calls as OpenAI streams them: the call's id and name, then its arguments in pieces."""
        for k, t in enumerate(event.tool_calls):
            head = {"index": k, "id": t.id, "type": "function", "function": {"name": t.name, "arguments": ""}}
            yield self._chunk([{"index": event.index, "delta": {"tool_calls": [head]}, "finish_reason": None}])
            for at in range(0, len(t.arguments), _ARGUMENT_PIECE):
                piece = {"index": k, "function": {"arguments": t.arguments[at : at + _ARGUMENT_PIECE]}}
                yield self._chunk([{"index": event.index, "delta": {"tool_calls": [piece]}, "finish_reason": None}])

    def end(self) -> Iterator[str]:
        prompt, out, cached = self._usage()
        if self.kind == "anthropic":
            if self._failed:  # an `error` event is the stream's last (the SDK raises it; nothing is to stop)
                return
            done = self.choices[0].done
            c = done.completion if done is not None else None
            stopped_by = self._stopped_by(c)
            reason = anthropic_api.stop_reason(c.finish_reason if c else "stop", stopped_by,
                                               bool(done and done.tool_calls))
            yield anthropic_api.event("message_delta", {"delta": {"stop_reason": reason, "stop_sequence": stopped_by},
                                                        "usage": {"output_tokens": out, "input_tokens": prompt}})
            yield anthropic_api.event("message_stop", {})
            return
        if self.call.include_usage:
            yield self._chunk([], {"usage": openai_api.usage_json(prompt, out, cached)})
        yield "data: [DONE]\n\n"
