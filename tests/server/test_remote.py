"""Remote workers: one `llorch serve` listed as a model of another's profile (`openai:URL#MODEL`).

Answers flow through and are labelled with the remote; when the remote is killed mid-answer
its breaker opens and the local fallback answers, labelled; when it comes back on its
port, the breaker closes after its wait. Two real server processes on 127.0.0.1: the
remote serves the starter (slow enough to be killed mid-answer), the local one a tiny model.
A streamed answer whose model fails after some of its text went out ends with that failure,
for a remote (a small OpenAI-compatible endpoint that drops the connection) as for a local model.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serverproc import ServerProcess
from support import openai_handler, serving

openai = pytest.importorskip("openai")
pytestmark = pytest.mark.starter

WAIT = 30.0


def _home(root: Path, config: dict[str, Any], profile: str | None = None) -> Path:
    from llorch.config import write_toml_atomic

    write_toml_atomic(root / "config" / "config.toml", config)
    if profile is not None:
        (root / "config" / "profiles").mkdir(parents=True)
        (root / "config" / "profiles" / "edge.toml").write_text(profile)
    return root


def _health(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "/health", timeout=WAIT) as r:
        return dict(json.loads(r.read()))


def test_a_remote_answers_fails_over_to_the_local_model_and_comes_back(tmp_path: Path, tiny_chat_model: Path,
                                                                       starter_cache: Any) -> None:
    import os

    from llorch.models.starter import FAST_REF

    remote_home = _home(tmp_path / "remote", {"engine": {"n_ctx": 2048}})
    models = remote_home / "cache" / "models" / FAST_REF
    models.mkdir(parents=True)
    for f in (starter_cache.models_dir / FAST_REF).iterdir():
        os.link(f, models / f.name)
    with ServerProcess(remote_home) as remote:
        ref = f"openai:{remote.url}/v1#starter"
        profile = (f'name = "edge"\n[models]\nchat = ["{ref}", "{tiny_chat_model}"]\n'
                   "[breaker]\nconsecutive_failures = 1\nminimum_calls = 1\nwait_seconds = 2\njitter = 0\n")
        local_home = _home(tmp_path / "local", {"default_model": str(tiny_chat_model), "engine": {"n_ctx": 2048}},
                           profile)
        with ServerProcess(local_home, "--profile", "edge") as local:
            c = openai.OpenAI(base_url=local.url + "/v1", api_key="x", max_retries=0)
            raw = c.chat.completions.with_raw_response.create(
                model="default", max_tokens=8, seed=3, temperature=0, messages=[{"role": "user", "content": "hi"}])
            assert raw.headers["x-llorch-source"] == f"model {ref}"  # through the remote
            direct = openai.OpenAI(base_url=remote.url + "/v1", api_key="x", max_retries=0).chat.completions.create(
                model="starter", max_tokens=8, seed=3, temperature=0, messages=[{"role": "user", "content": "hi"}])
            assert raw.parse().choices[0].message.content == direct.choices[0].message.content

            # The remote dies in the middle of a streamed answer: what it streamed cannot be taken back,
            # so the stream ends with the failure (the local model's words are not glued on), and the
            # next request is the local model's.
            stream = c.chat.completions.create(model="default", max_tokens=1000, stream=True, seed=1,
                                               messages=[{"role": "user", "content": "Write a long story about a ship."}])
            chunks = iter(stream)
            next(chunks)
            next(chunks)
            port = remote.port
            remote.proc.send_signal(signal.SIGKILL)
            remote.proc.wait(WAIT)
            with pytest.raises(openai.APIError, match="failed after part of its answer was streamed"):
                for _ in chunks:
                    pass
            assert _health(local.url)["status"] == "degraded"  # the remote's breaker is open
            raw = c.chat.completions.with_raw_response.create(
                model="default", max_tokens=4, messages=[{"role": "user", "content": "still there?"}])
            assert raw.headers["x-llorch-source"] == f"model {tiny_chat_model} (fallback)"

            # Back on its port: after the breaker's wait, the next request probes it and closes the breaker.
            with ServerProcess(remote_home, "--port", str(port)):
                deadline = time.monotonic() + WAIT
                source = ""
                while time.monotonic() < deadline and source != f"model {ref}":
                    time.sleep(0.5)
                    source = c.chat.completions.with_raw_response.create(
                        model="default", max_tokens=4, messages=[{"role": "user", "content": "back?"}]).headers["x-llorch-source"]
                assert source == f"model {ref}"
                assert _health(local.url)["status"] == "ready"


class _DyingRemote(openai_handler()):  # type: ignore[misc]
    """An OpenAI-compatible endpoint that streams "Hello from the" and drops the connection (`server.mode`
    "die"), or refuses every answer with HTTP 500 before any text ("refuse")."""

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.reply(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.server.mode == "refuse":
            self.reply(500, {"error": {"message": "out of order"}})
            return
        self.stream()
        for word in ("Hello", " from", " the"):
            self.chunk(json.dumps({"choices": [{"index": 0, "delta": {"content": word}}]}))
        self.connection.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def dying_remote() -> Iterator[Any]:
    with serving(_DyingRemote, wait=WAIT, mode="die") as server:
        yield server


def _post(url: str, body: dict[str, Any]) -> tuple[Any, bytes]:
    request = urllib.request.Request(url + "/v1/chat/completions", data=json.dumps(body).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as r:
        return r.headers, r.read()


def _streamed(url: str, model: str) -> tuple[str, list[dict[str, Any]]]:
    """A streamed chat answer over plain HTTP: the text its deltas add up to, and its error events."""
    _, raw = _post(url, {"model": model, "max_tokens": 8, "stream": True, "temperature": 0,
                         "messages": [{"role": "user", "content": "Say hi"}]})
    datas = [line[6:] for line in raw.decode().splitlines() if line.startswith("data: ") and line != "data: [DONE]"]
    chunks = [json.loads(d) for d in datas]
    text = "".join(ch["choices"][0]["delta"].get("content") or "" for ch in chunks if ch.get("choices"))
    return text, [ch["error"] for ch in chunks if "error" in ch]


def test_a_stream_whose_model_fails_part_way_ends_with_the_failure_not_the_next_models_words(
        tmp_path: Path, tiny_chat_model: Path, dying_remote: Any) -> None:
    """The remote streams "Hello from the" and goes away: that stream ends with the failure (it came out as
    'Hello from theHello! How can I…'); an answer not streamed, or a stream the remote fails before any
    text, is the local model's. A local model that crashes part-way through a stream does the same."""
    remote = f"openai:http://127.0.0.1:{dying_remote.server_address[1]}/v1#fake-model"
    crashing = tmp_path / "crashing.gguf"
    os.link(tiny_chat_model, crashing)
    home = _home(tmp_path / "home", {"default_model": str(tiny_chat_model), "engine": {"n_ctx": 2048}})
    profiles = home / "config" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "team.toml").write_text(f'name = "team"\n[models]\nchat = ["{remote}", "{tiny_chat_model}"]\n')
    (profiles / "loc.toml").write_text(f'name = "loc"\n[models]\nchat = ["{crashing}", "{tiny_chat_model}"]\n')
    with ServerProcess(home, "--profile", "team", env={"LLORCH_FAULTS": f"{crashing}:crash=1,crash_after=2"}) as srv:
        text, errors = _streamed(srv.url, "profile:team")
        assert text == "Hello from the"  # the remote's words, and no other model's after them
        assert len(errors) == 1 and remote in errors[0]["message"], errors
        assert "failed after part of its answer was streamed" in errors[0]["message"]

        headers, raw = _post(srv.url, {"model": "profile:team", "max_tokens": 8,
                                       "messages": [{"role": "user", "content": "Say hi"}]})
        assert headers["x-llorch-source"] == f"model {tiny_chat_model} (fallback)"
        assert not json.loads(raw)["choices"][0]["message"]["content"].startswith("Hello from the")

        dying_remote.mode = "refuse"  # nothing of the remote's went out: the stream is the local model's, whole
        text, errors = _streamed(srv.url, "profile:team")
        assert errors == [] and not text.startswith("Hello from the")

        text, errors = _streamed(srv.url, "profile:loc")
        assert len(errors) == 1 and "injected fault" in errors[0]["message"], errors
        assert "failed after part of its answer was streamed" in errors[0]["message"]
