"""The ASGI app of `llorch serve`: OpenAI and Anthropic endpoints over one Runtime.

    GET  /v1/models                 all a request's `model` may name (catalog.py): bundled, pulled and
                                    aliased models, `serve --model` references, profiles (`profile:NAME[/ROLE]`)
    POST /v1/chat/completions       OpenAI chat (stream, n, seed, stop, logprobs, json schema, tools)
    POST /v1/completions            OpenAI plain completion
    POST /v1/messages               Anthropic Messages (stream, system, stop sequences, tools)
    GET  /health                    ready / loading / degraded, with reasons
    GET  /metrics                   Prometheus text

Every answer says which source gave it (`x-llorch-source`, and a `llorch` field), as
`--json` does. Bad requests get 4xx in the API's own error shape and the server goes on:
a name the catalog does not offer is 404 before anything resolves or loads; a body is read
once by `protocol.read_json` (depth, lone surrogates, NaN: 400 naming the field). More
requests than `queue_limit` at once get 503 with Retry-After. Reading a request has
deadlines (deadlines.py): a connection that stalls before its request is whole is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable
import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from llorch.engine.types import PRIORITIES
from llorch.errors import LlorchError
from llorch.server import anthropic_api, openai_api
from llorch.server.catalog import Catalog
from llorch.server.generate import ChoiceEvent, Generation
from llorch.server.metrics import Metrics
from llorch.server.protocol import PRIORITY_HEADER, BadRequest, Call, as_bad_request, read_json, read_priority
from llorch.server.render import Render

__all__ = ["ServerOptions", "create_app"]

log = logging.getLogger("llorch.server")
T = TypeVar("T")


@dataclass(frozen=True)
class ServerOptions:
    api_key: str | None = None
    max_body_bytes: int = 16 * 2**20
    queue_limit: int = 64  # generation requests at once; more get 503
    profile: str | None = None  # the default target (no `model`, or "default")
    models: tuple[str, ...] = ()  # references offered besides profiles, bundled, pulled and aliased models


def _shape(api: str) -> Callable[[BadRequest], dict[str, Any]]:
    return anthropic_api.error_body if api == "anthropic" else openai_api.error_body


def _error(api: str, exc: BadRequest, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(_shape(api)(exc), status_code=exc.status, headers=headers)


def _unauthorised(api: str) -> JSONResponse:
    kind = "authentication_error" if api == "anthropic" else "invalid_api_key"
    return _error(api, BadRequest("a valid API key is required (Authorization: Bearer KEY, or x-api-key)", status=401,
                                  kind=kind))


class _App:
    def __init__(self, runtime: Any, options: ServerOptions) -> None:
        self.rt = runtime
        self.options = options
        self.in_flight = 0
        self.started = time.time()
        self.metrics = Metrics(runtime.models.snapshot, self._breaker_states)
        self.catalog = Catalog(runtime.paths, runtime.config, options.models, options.profile)

    # --- plumbing -----------------------------------------------------------------

    def _breaker_states(self, models: list[str]) -> dict[str, str]:
        return self.rt.book.states(models, every=True)  # the book every request of this server shares

    def _authorised(self, request: Request) -> bool:
        key = self.options.api_key
        if not key:
            return True
        given = request.headers.get("x-api-key") or ""
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = given or auth[7:].strip()
        return secrets.compare_digest(given.encode(), key.encode())

    async def _body(self, request: Request) -> Any:
        length = request.headers.get("content-length")
        limit = self.options.max_body_bytes
        if length is not None and length.isdigit() and int(length) > limit:
            raise BadRequest(f"the request body is {int(length):,} bytes, more than the {limit:,} allowed", status=413)
        data = bytearray()
        async for piece in request.stream():
            data += piece
            if len(data) > limit:
                raise BadRequest(f"the request body is more than the {limit:,} bytes allowed", status=413)
        return await asyncio.to_thread(read_json, bytes(data))  # a big body takes a while: not on the event loop

    def _resolve(self, model: str) -> Any:
        """The target of a request's `model`: only what the catalog offers reaches the runtime."""
        return self.rt.target(self.catalog.admit(model))

    async def _target(self, model: str) -> Any:
        return await asyncio.to_thread(self._resolve, model)

    # --- endpoints -------------------------------------------------------------------

    async def models(self, request: Request) -> Response:
        if not self._authorised(request):
            return _unauthorised("openai")
        created = int(self.started)
        ids = await asyncio.to_thread(self.catalog.ids)
        data = [{"id": ref, "object": "model", "created": created, "owned_by": "llorch"} for ref in ids]
        return JSONResponse({"object": "list", "data": data})

    async def health(self, request: Request) -> Response:
        pool = self.rt.models
        loading = pool.loading()
        reasons = [f"{m}: breaker {s}" for m, s in self._breaker_states(pool.loaded()).items()
                   if s not in ("closed", "disabled")]
        reasons += [f"{m}: {e}" for m, e in pool.load_errors.items()]
        status = "loading" if loading else "degraded" if reasons else "ready"
        body = {"status": status, "loaded": pool.loaded(), "loading": loading, "reasons": reasons,
                "in_flight": self.in_flight}
        return JSONResponse(body, status_code=503 if status == "loading" else 200)

    async def metrics_text(self, request: Request) -> Response:
        if not self._authorised(request):
            return _unauthorised("openai")
        return Response(self.metrics.text(), media_type="text/plain; version=0.0.4; charset=utf-8")

    async def chat(self, request: Request) -> Response:
        return await self._generate(request, "chat", openai_api.chat_call)

    async def completions(self, request: Request) -> Response:
        return await self._generate(request, "text", openai_api.completion_call)

    async def messages(self, request: Request) -> Response:
        return await self._generate(request, "anthropic", anthropic_api.messages_call)

    async def _generate(self, request: Request, kind: str, parse: Callable[[Any], Call]) -> Response:
        api = "anthropic" if kind == "anthropic" else "openai"
        endpoint = request.url.path
        given = request.headers.get(PRIORITY_HEADER)
        label = (given or "interactive").strip().lower()  # the requests counter's priority label
        if label not in PRIORITIES:
            label = "invalid"
        if not self._authorised(request):
            self.metrics.requests.labels(endpoint, label, "401").inc()
            return _unauthorised(api)
        if self.in_flight >= self.options.queue_limit:
            self.metrics.requests.labels(endpoint, label, "503").inc()
            return _error(api, BadRequest(f"the server is answering {self.in_flight} requests, its limit; retry shortly",
                                          status=503, kind="server_error", code="overloaded"), {"Retry-After": "1"})
        # Counted before the first await: a burst that arrives together is held to the limit (it was counted only
        # once its body was read, and 12 at once got 5 in under a limit of 2). A stream releases it when it ends.
        self._admit()
        streaming = False
        try:
            try:
                priority = read_priority(given)
                call = dataclasses.replace(parse(await self._body(request)), priority=priority)
                target = await self._target(call.model)
            except BadRequest as exc:
                self.metrics.requests.labels(endpoint, label, str(exc.status)).inc()
                return _error(api, exc)
            except LlorchError as exc:
                bad = as_bad_request(exc)
                self.metrics.requests.labels(endpoint, label, str(bad.status)).inc()
                return _error(api, bad)
            except ClientDisconnect:
                return Response(status_code=499)
            generation = Generation(self.rt, call, target)
            try:
                events = generation.events()
                first = await events.__anext__()
                failed = first.failure()
                if call.n == 1 and failed is not None:  # nothing streamed yet: a proper status
                    self.metrics.requests.labels(endpoint, label, str(failed.status)).inc()
                    return _error(api, failed)
                render = Render(kind, call, target.name, self.metrics)
                if call.stream:
                    self.metrics.requests.labels(endpoint, label, "200").inc()
                    streaming = True
                    return StreamingResponse(self._stream(generation, render, first, events),
                                             media_type="text/event-stream",
                                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
                done = await self._unless_gone(request, render.collect(first, events))
            finally:
                if not streaming:
                    generation.cancel()
            if done is None:  # the client went away before its answer: it was stopped, its slot freed
                self.metrics.requests.labels(endpoint, label, "499").inc()
                return Response(status_code=499)
            if isinstance(done, BadRequest):
                self.metrics.requests.labels(endpoint, label, str(done.status)).inc()
                return _error(api, done)
            self.metrics.requests.labels(endpoint, label, "200").inc()
            return JSONResponse(done, headers={"x-llorch-source": render.source_label()})
        finally:
            if not streaming:
                self._release()

    async def _unless_gone(self, request: Request, answer: Awaitable[T]) -> T | None:
        """`answer`, or None once the client has gone away (then it is cancelled): a request that is not streamed
        went on to its max_tokens after its client had left, and an SDK's timeout retries piled up three of them."""
        answering = asyncio.ensure_future(answer)
        gone = asyncio.ensure_future(_disconnected(request))
        try:
            await asyncio.wait({answering, gone}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
        if answering.done():
            return answering.result()
        answering.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await answering
        self.metrics.cancelled.inc()
        log.info("client went away; cancelling its generation")
        return None

    async def _stream(self, generation: Generation, render: Render, first: ChoiceEvent,
                      events: AsyncIterator[ChoiceEvent]) -> AsyncIterator[str]:
        finished = False
        try:
            for piece in render.start():
                yield piece
            for piece in render.feed(first):
                yield piece
            async for event in events:
                for piece in render.feed(event):
                    yield piece
            for piece in render.end():
                yield piece
            finished = True
        finally:
            if not finished:  # the client went away (or the server is stopping): free the slots now
                self.metrics.cancelled.inc()
                log.info("client went away; cancelling its generation")
            self._end(generation)

    def _end(self, generation: Generation) -> None:
        generation.cancel()
        self._release()

    def _admit(self) -> None:
        self.in_flight += 1
        self.metrics.in_flight.inc()

    def _release(self) -> None:
        self.in_flight -= 1
        self.metrics.in_flight.dec()


async def _disconnected(request: Request) -> None:
    """Returns when the client has gone away (its body read, the next message is its disconnect)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def create_app(runtime: Any, options: ServerOptions | None = None) -> Starlette:
    """The app over `runtime`, which the caller opens and closes."""
    app = _App(runtime, options or ServerOptions())
    routes = [
        Route("/v1/models", app.models, methods=["GET"]),
        Route("/v1/chat/completions", app.chat, methods=["POST"]),
        Route("/v1/completions", app.completions, methods=["POST"]),
        Route("/v1/messages", app.messages, methods=["POST"]),
        Route("/health", app.health, methods=["GET"]),
        Route("/metrics", app.metrics_text, methods=["GET"]),
    ]
    starlette = Starlette(routes=routes, exception_handlers={404: _not_here, 405: _not_here})
    starlette.state.llorch = app
    return starlette


async def _not_here(request: Request, exc: Exception) -> Response:
    """An unknown path or method, in the API's own error shape (it was plain text an SDK shows as a bare status)."""
    status = getattr(exc, "status_code", 404)
    path = request.url.path[:200]
    allowed = (getattr(exc, "headers", None) or {}).get("Allow", "another method")
    said = (f"{request.method} is not served on {path}; it takes {allowed}" if status == 405 else f"no endpoint {path}; the endpoints are /v1/chat/completions, /v1/completions, "
            "/v1/messages, /v1/models, /health and /metrics")
    api = "anthropic" if path.startswith("/v1/messages") else "openai"
    return _error(api, BadRequest(said, status=status), getattr(exc, "headers", None))
