"""Remote workers: one `llorch serve` listed as a model of another's profile (`openai:URL#MODEL`).

Answers flow through and are labelled with the remote; when the remote is killed mid-answer
its breaker opens and the local fallback answers, labelled; when it comes back on its
port, the breaker closes after its wait. Two real server processes on 127.0.0.1: the
remote serves the starter (slow enough to be killed mid-answer), the local one a tiny model.
"""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from serverproc import ServerProcess

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

            # The remote dies in the middle of a streamed answer: the local model finishes the job.
            stream = c.chat.completions.create(model="default", max_tokens=1000, stream=True, seed=1,
                                               messages=[{"role": "user", "content": "Write a long story about a ship."}])
            chunks = iter(stream)
            next(chunks)
            next(chunks)
            port = remote.port
            remote.proc.send_signal(signal.SIGKILL)
            remote.proc.wait(WAIT)
            last = [ch for ch in chunks if ch.choices][-1]
            assert last.choices[0].finish_reason in ("stop", "length")
            assert last.model_extra["llorch"]["source"] == {"kind": "model", "model": str(tiny_chat_model),
                                                             "fallback": True, "detail": ""}
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
