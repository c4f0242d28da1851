"""A worker that is an OpenAI-compatible endpoint on another machine: `openai:URL[#MODEL][@KEY_VAR]`.

    openai:http://gpu-box:8080/v1                 the endpoint's first model
    openai:http://gpu-box:8080/v1#starter         a model by name
    openai:https://host/v1#qwen@GPU_BOX_KEY       the API key from the environment variable GPU_BOX_KEY

Another `llorch serve`, llama-server, vLLM or ollama. It is used wherever a model
reference is (profiles' chains, -m, the pool): loading it checks the endpoint
(`GET /models`), each request streams `POST /chat/completions` token by token on a
thread of its own, and the caller holds an ordinary Handle, so breakers, time limits,
cancels and fallback apply exactly as to a local model. stdlib http.client only.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from llorch.engine.types import Completion, ModelInfo, Request, Timings, TokenEvent, Usage
from llorch.errors import (
    ContextOverflowError, GenerationError, InputError, LlorchError, ModelLoadError, ModelNotFoundError,
)
from llorch.orchestra.handle import Handle
from llorch.orchestra.kvcache import KVStats
from llorch.orchestra.worker import WorkerStats

__all__ = ["PREFIX", "RemoteRef", "RemoteWorker", "is_remote", "parse_remote"]

PREFIX = "openai:"
CONNECT_S = 5.0
SLOTS = 8  # requests a remote takes at once before the pool queues more for it


def is_remote(ref: str) -> bool:
    return ref.strip().startswith(PREFIX)


@dataclass(frozen=True)
class RemoteRef:
    ref: str
    scheme: str
    host: str
    port: int
    base: str  # the path before /chat/completions, e.g. /v1
    model: str | None
    key_var: str | None

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{self.base}"


def parse_remote(ref: str) -> RemoteRef:
    """`openai:URL[#MODEL][@KEY_VAR]`, checked; InputError names what is wrong."""
    text = ref.strip()[len(PREFIX) :]
    url, hashed, fragment = text.partition("#")
    model, _, key_var = fragment.partition("@")
    if not hashed and "@" in url and "/" not in url.rpartition("@")[2]:
        url, _, key_var = url.rpartition("@")  # openai:URL@KEY_VAR, with no model named
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{ref!r}: a remote model is openai:http(s)://HOST[:PORT]/v1[#MODEL][@KEY_VAR]")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise InputError(f"{ref!r}: the port is not a number from 1 to 65535") from None
    if key_var and not key_var.replace("_", "").isalnum():
        raise InputError(f"{ref!r}: {key_var!r} is not an environment variable name")
    return RemoteRef(ref.strip(), parts.scheme, parts.hostname, port, parts.path.rstrip("/"), model or None,
                     key_var or None)


class RemoteWorker:
    """The ModelWorker interface over HTTP."""

    def __init__(self, ref: str, *, timeout_s: float = CONNECT_S) -> None:
        self.remote = parse_remote(ref)
        self.name = ref.strip()
        self._timeout = timeout_s
        self._lock = threading.Lock()
        self._running: set[Handle] = set()
        self.requests = 0
        self.tokens_out = 0
        self._closed = False
        listed = self._list_models()  # the load's health check, with a model named or not
        self.model = self.remote.model or self._first_of(listed)
        self._info = ModelInfo(path=self.remote.url, name=self.model, architecture="remote",
                               description=f"{self.model} at {self.remote.url}", n_params=0, size_bytes=0,
                               n_ctx_train=0, n_ctx=1 << 20, n_vocab=0, chat_template="(the remote's own)",
                               is_base_model=False, n_gpu_layers=0, load_ms=0.0)

    # --- HTTP -------------------------------------------------------------------

    def _connection(self, timeout: float | None) -> http.client.HTTPConnection:
        kind = http.client.HTTPSConnection if self.remote.scheme == "https" else http.client.HTTPConnection
        return kind(self.remote.host, self.remote.port, timeout=timeout)

    def _headers(self, priority: str = "interactive") -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
        if priority == "bulk":  # another llorch serve lets its interactive requests go first; others ignore it
            headers["X-Llorch-Priority"] = priority
        if self.remote.key_var:
            key = os.environ.get(self.remote.key_var)
            if not key:
                raise ModelLoadError(f"{self.name}: the environment variable {self.remote.key_var} (its API key) is not set")
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _list_models(self) -> list[str] | None:
        """`GET /models`: the health check of loading. Returns the listed model ids, or None when the
        endpoint answered but gave no readable list (enough when the reference names its model: a
        server may take names it does not list, such as llorch's `default`)."""
        conn = self._connection(self._timeout)
        try:
            conn.request("GET", f"{self.remote.base}/models", headers=self._headers())
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise ModelLoadError(f"{self.name} is unreachable ({exc}); is the server running?") from None
        finally:
            conn.close()
        if response.status in (401, 403):
            raise ModelLoadError(f"{self.name} refused the API key (HTTP {response.status}); set it with @KEY_VAR")
        if response.status != 200:
            if self.remote.model is not None:
                return None
            raise ModelLoadError(f"{self.name} answered HTTP {response.status} to GET {self.remote.base}/models")
        try:
            return [str(m["id"]) for m in json.loads(body)["data"]]
        except (ValueError, KeyError, TypeError):
            if self.remote.model is not None:
                return None
            raise ModelLoadError(f"{self.name}: {self.remote.base}/models did not list models") from None

    def _first_of(self, models: list[str] | None) -> str:
        """The endpoint's first model, for a reference that names none."""
        if not models:
            raise ModelNotFoundError(f"{self.name} serves no model")
        return models[0]

    # --- the worker interface -------------------------------------------------------

    def info(self) -> ModelInfo:
        return self._info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return [0] * (len(text.encode("utf-8")) // 4 + 1)  # an estimate: the remote keeps its tokenizer

    def render_prompt(self, request: Request) -> str:
        if request.prompt is not None:
            return request.prompt
        return "\n".join(f"{m.role}: {m.content}" for m in request.messages)

    def warm(self, request: Request) -> Handle:
        handle = Handle()
        handle.finish()
        return handle

    def call(self, fn: Any) -> Any:
        raise GenerationError(f"{self.name} is a remote model: it cannot run a local benchmark")

    def generate(self, request: Request) -> Any:
        return self.submit(request).stream()

    def stats(self) -> WorkerStats:
        with self._lock:
            busy = len(self._running)
        return WorkerStats(self.name, busy, SLOTS, 0, KVStats(0, 0, 0, 0, 0, 0, 0, 0), self.requests, 0,
                           self.tokens_out, 0)

    def submit(self, request: Request, *, save_state: bool = False, stamps: bool = False) -> Handle:
        if self._closed:
            raise GenerationError(f"{self.name} was closed; load it again")
        if request.tokens:
            raise InputError(f"{self.name} is a remote model: it takes text, not token ids")
        body = self._body(request)
        handle = Handle(on_cancel=lambda h: None)
        handle.worker = self.name
        with self._lock:
            self._running.add(handle)
            self.requests += 1
        threading.Thread(target=self._run, args=(handle, body, request.priority), name=f"llorch-remote-{self.remote.host}",
                         daemon=True).start()
        return handle

    def _body(self, request: Request) -> dict[str, Any]:
        s = request.sampling
        body: dict[str, Any] = {"model": self.model, "stream": True, "stream_options": {"include_usage": True},
                                "max_tokens": s.max_tokens, "temperature": s.temperature, "top_p": s.top_p}
        # A seed is always sent, a random one where none was given, as the local engine picks one: the answer's
        # seed (--json, --stats) then repeats it (it said 0, a seed never sent).
        body["seed"] = s.seed if s.seed is not None else random.randrange(0, 2**31)
        if s.stop:
            body["stop"] = list(s.stop)
        if request.logprobs:
            body["logprobs"] = True
        if request.grammar_schema:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": "answer", "schema": json.loads(request.grammar_schema)}}
        if request.prompt is not None:
            body["messages"] = [{"role": "user", "content": request.prompt}]
        else:
            body["messages"] = [{"role": m.role, "content": m.content} for m in request.messages]
        return body

    def _run(self, handle: Handle, body: dict[str, Any], priority: str = "interactive") -> None:
        start = time.monotonic()
        conn = self._connection(self._timeout)
        closer = threading.Thread(target=self._close_on_cancel, args=(handle, conn), daemon=True)
        closer.start()
        try:
            completion = self._stream(handle, conn, body, start, priority)
        except LlorchError as exc:  # a refused request, a prompt too long, an error chunk, a missing key
            handle.fail(exc)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if handle.cancelled:
                handle.put(Completion("", "cancelled", Usage(0, 0), Timings(0, 0, 0, 0, 0, 0, 0), self.name, 0))
                handle.finish()
            else:
                handle.fail(GenerationError(f"{self.name} failed mid-answer ({exc or type(exc).__name__})"))
        except Exception as exc:  # noqa: BLE001 - the handle must end whatever went wrong
            # (An AttributeError here left the handle open: the request hung until limits.inter_token_s.)
            handle.fail(GenerationError(f"{self.name} failed: {type(exc).__name__}: {_one_line(str(exc))}"))
        else:
            handle.put(completion)
            handle.finish()
        finally:
            conn.close()
            with self._lock:
                self._running.discard(handle)

    @staticmethod
    def _close_on_cancel(handle: Handle, conn: http.client.HTTPConnection) -> None:
        """A cancel must not wait for the remote's next token: closing the socket ends the read at once."""
        while not handle.done:
            if handle.cancelled:
                sock = conn.sock
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                return
            handle.wait(0.05)

    def _stream(self, handle: Handle, conn: http.client.HTTPConnection, body: dict[str, Any], start: float,
                priority: str = "interactive") -> Completion:
        headers = self._headers(priority)
        try:
            conn.connect()
        except OSError as exc:
            if handle.cancelled:
                raise
            # Nothing was asked yet: not a failure "mid-answer" (which a refused connection was said to be).
            raise GenerationError(f"{self.name} is unreachable ({exc}); is the server running?") from None
        conn.request("POST", f"{self.remote.base}/chat/completions", body=json.dumps(body).encode(), headers=headers)
        if conn.sock is not None:
            conn.sock.settimeout(None)  # once connected, the guard's time limits apply, not a socket's
        response = conn.getresponse()
        if response.status != 200:
            raise self._http_error(response.status, response.read())
        pieces: list[str] = []
        first: float | None = None
        finish = ""
        usage: dict[str, Any] = {}
        n = 0
        ended = False
        for raw in response:
            line = raw.decode("utf-8", "replace").strip()
            if handle.cancelled:
                finish, ended = "cancelled", True
                break
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                ended = True
                break
            chunk = self._chunk(data)
            got = chunk.get("usage")
            if isinstance(got, dict) and got:
                usage = got
            for text, finished in self._deltas(chunk, data):
                if text:
                    first = first or time.monotonic()
                    n += 1
                    pieces.append(text)
                    handle.put(TokenEvent(text, -1))
                finish = finished or finish
        if not ended and not finish:  # the stream stopped without its end: the remote went away mid-answer
            raise GenerationError(f"{self.name} closed the connection mid-answer after {n} token(s)")
        now = time.monotonic()
        out = _count(usage, "completion_tokens", n)
        prompt_tokens = _count(usage, "prompt_tokens", 0)
        self.tokens_out += out
        ttft = ((first or now) - start) * 1000.0
        timings = Timings(0.0, ttft, prompt_tokens, (now - (first or now)) * 1000.0, max(out - 1, 0),
                          ttft, (now - start) * 1000.0)
        reason = {"length": "length", "cancelled": "cancelled"}.get(finish, "stop")
        details = usage.get("prompt_tokens_details")
        cached = _count(details, "cached_tokens", 0) if isinstance(details, dict) else 0
        return Completion("".join(pieces), reason, Usage(prompt_tokens, out, cached),  # type: ignore[arg-type]
                          timings, self.name, int(body["seed"]))

    def _chunk(self, data: str) -> dict[str, Any]:
        """One `data:` line as a chunk object; an error chunk (its message an object's or a bare string) raises."""
        try:
            chunk = json.loads(data)
        except ValueError:
            raise self._malformed(data) from None
        if not isinstance(chunk, dict):
            raise self._malformed(data)
        error = chunk.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else None
            raise GenerationError(f"{self.name} sent an error: {_one_line(str(message or error))}")
        return chunk

    def _deltas(self, chunk: dict[str, Any], data: str) -> list[tuple[str, str]]:
        """Each choice's (text, finish reason) of a chunk; a shape other than OpenAI's raises."""
        choices = chunk.get("choices") or []
        if not isinstance(choices, list):
            raise self._malformed(data)
        out = []
        for choice in choices:
            delta = choice.get("delta") or {} if isinstance(choice, dict) else None
            if not isinstance(choice, dict) or not isinstance(delta, dict):
                raise self._malformed(data)
            text, finish = delta.get("content"), choice.get("finish_reason")
            if not isinstance(text, str | None) or not isinstance(finish, str | None):
                raise self._malformed(data)
            out.append((text or "", finish or ""))
        return out

    def _malformed(self, data: str) -> GenerationError:
        return GenerationError(f"{self.name} sent a malformed chunk: {_one_line(data, 80)}")

    def _http_error(self, status: int, raw: bytes) -> Exception:
        try:
            error = json.loads(raw).get("error") or {}
            message = error.get("message") or raw[:200].decode("utf-8", "replace")
            code = error.get("code")
        except (ValueError, AttributeError):
            message, code = raw[:200].decode("utf-8", "replace"), None
        if code == "context_length_exceeded":
            return ContextOverflowError(f"{self.name}: {message}", prompt_tokens=0, n_ctx=0)
        if status == 400:
            return InputError(f"{self.name} refused the request: {message}")
        return GenerationError(f"{self.name} answered HTTP {status}: {message}")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            running = list(self._running)
        for handle in running:
            handle.cancel()


def _one_line(text: str, limit: int = 200) -> str:
    """A remote's words for a reason on one line: its newlines and runs of spaces collapsed, cut at `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _count(usage: dict[str, Any], key: str, default: int) -> int:
    """A usage figure when the remote gave one as a whole number, else `default` (usage is only reported)."""
    value = usage.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
