"""`llorch serve` on the real instruct starter, through the official openai and anthropic clients."""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

import pytest
from serverproc import ServerProcess

from llorch.config import Paths

pytestmark = pytest.mark.starter
anthropic = pytest.importorskip("anthropic")
openai = pytest.importorskip("openai")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, starter_cache: Paths) -> Any:
    from llorch.models.starter import FAST_REF

    home = tmp_path_factory.mktemp("serve-starter")
    src, dst = starter_cache.models_dir / FAST_REF, home / "cache" / "models" / FAST_REF
    dst.mkdir(parents=True)
    for f in src.iterdir():
        try:
            os.link(f, dst / f.name)
        except OSError:
            shutil.copy2(f, dst / f.name)
    with ServerProcess(home) as srv:
        yield srv


def test_the_starter_answers_a_question(server: Any) -> None:
    c = openai.OpenAI(base_url=server.url + "/v1", api_key="x", max_retries=0)
    r = c.chat.completions.create(model="starter", temperature=0, max_tokens=24,
                                  messages=[{"role": "user", "content": "What is the capital of France? One word."}])
    assert "Paris" in r.choices[0].message.content
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_json_schema_and_a_tool_call_on_the_starter(server: Any) -> None:
    c = openai.OpenAI(base_url=server.url + "/v1", api_key="x", max_retries=0)
    schema = {"type": "object", "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
              "required": ["city", "country"]}
    r = c.chat.completions.create(model="starter", temperature=0, max_tokens=60,
                                  messages=[{"role": "user", "content": "The capital of Japan, as JSON."}],
                                  response_format={"type": "json_schema", "json_schema": {"name": "place", "schema": schema}})
    data = json.loads(r.choices[0].message.content)
    assert set(data) >= {"city", "country"} and "Tokyo" in data["city"]
    tools = [{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city",
                                               "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                                              "required": ["city"]}}}]
    r = c.chat.completions.create(model="starter", temperature=0, max_tokens=60, tools=tools,
                                  messages=[{"role": "user", "content": "What's the weather in Rome right now?"}])
    (call,) = r.choices[0].message.tool_calls
    assert call.function.name == "get_weather" and "Rome" in json.loads(call.function.arguments)["city"]


def test_anthropic_client_on_the_starter(server: Any) -> None:
    a = anthropic.Anthropic(base_url=server.url, api_key="x", max_retries=0)
    with a.messages.stream(model="starter", max_tokens=24, extra_body={"temperature": 0}, system="Answer in one word.",
                           messages=[{"role": "user", "content": "What is the capital of Italy?"}]) as stream:
        text = "".join(stream.text_stream)
    assert "Rome" in text
