"""What a long-running process publishes for `llorch ps` / `llorch top` (rates, recent requests, memory),
and the requests another process leaves for it (unload a model), carried out at its next step."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Message, Request, Sampling
from llorch.errors import GenerationError, InputError
from llorch.orchestra.group import Group
from llorch.orchestra.pool import Pool
from llorch.orchestra.published import Publisher, read_all, send, take
from llorch.orchestra.serial import SerialWorker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def chat(text: str) -> Request:
    return Request(messages=(Message("user", text),), sampling=Sampling(max_tokens=8, temperature=0.0))


@pytest.fixture
def pool() -> Pool:
    backends: dict[str, FakeBackend] = {}

    def load(ref: str) -> FakeBackend:
        backends[ref] = FakeBackend(["one two three"] * 20, name=ref)
        return backends[ref]

    p = Pool(load, budget_bytes=1 << 30)
    yield p  # type: ignore[misc]
    p.close()


def test_a_group_keeps_the_last_requests_figures_newest_first() -> None:
    g = Group("m", [SerialWorker(FakeBackend(["a b c", "d", GenerationError("boom")] + ["x"] * 10, name="m"))])
    try:
        g.submit(chat("first")).result()
        g.submit(chat("second")).result()
        newest, older = g.recent()
        assert (older.output_tokens, newest.output_tokens) == (3, 1) and older.at <= newest.at
        assert newest.finish == "stop" and newest.instance == 1 and newest.prompt_tokens > 0
        assert older.ttft_ms == 1.0 and older.tokens_per_s == 666.67  # the fake's timings: 2 tokens in 3 ms
        with pytest.raises(GenerationError):
            g.submit(chat("third")).result()
        assert g.recent()[0].finish == "error"
        for _ in range(10):
            g.submit(chat("more")).result()
        assert len(g.recent()) == 8  # a short ring: publishing it each second stays cheap
    finally:
        g.close()


def test_each_step_publishes_tokens_per_second_recent_requests_and_memory(pool: Pool, tmp_path: Path) -> None:
    clock = Clock()
    pub = Publisher(tmp_path, pool, command="llorch chat", clock=clock)
    pool.get("m").submit(chat("hi")).result()
    pub.step()
    (proc,) = read_all(tmp_path)
    (row,) = proc.models
    assert proc.pid == os.getpid() and proc.command == "llorch chat"
    assert row["rate_history"] == [] and row["tokens_out"] == 3  # one sample needs two steps
    (recent,) = row["recent"]
    assert recent["output_tokens"] == 3 and recent["finish"] == "stop" and recent["ttft_ms"] == 1.0
    if sys.platform.startswith("linux"):
        assert proc.rss_bytes is not None and proc.rss_bytes > 10 << 20
    for _ in range(2):
        pool.get("m").submit(chat("hi")).result()
    clock.now += 2.0
    pub.step()
    clock.now += 1.0
    pub.step()
    (row,) = read_all(tmp_path)[0].models
    assert row["rate_history"] == [3.0, 0.0]  # six tokens over two seconds, then none
    assert row["tokens_per_s"] == 2.0  # six over the three seconds published (the pool's: 9 tokens / 30 s)
    assert [r["output_tokens"] for r in row["recent"]] == [3, 3, 3]
    pub.close()
    assert read_all(tmp_path) == []
    pub.step()  # after close: nothing comes back
    assert read_all(tmp_path) == []


def test_an_unload_request_is_carried_out_at_the_owners_next_step(pool: Pool, tmp_path: Path) -> None:
    pub = Publisher(tmp_path, pool)
    pool.get("idle")
    pub.step()
    asked = send(tmp_path, os.getpid(), "unload", "idle")
    assert pool.loaded() == ["idle"]  # nothing happens until the owner's step
    pub.step()
    assert pool.loaded() == []
    (answer,) = read_all(tmp_path)[0].answers
    assert answer["id"] == asked and answer["ok"] and answer["message"] == "idle unloaded"
    assert list((tmp_path / "ps" / f"{os.getpid()}.requests").iterdir()) == []  # taken
    with pool.use("busy"):
        in_use = send(tmp_path, os.getpid(), "unload", "busy")
        absent = send(tmp_path, os.getpid(), "unload", "nothing")
        pub.step()
    assert pool.loaded() == ["busy"]
    answers = {a["id"]: a for a in read_all(tmp_path)[0].answers}
    assert answers[in_use]["message"] == "busy was not unloaded: answering requests" and not answers[in_use]["ok"]
    assert answers[absent]["message"] == "nothing was not unloaded: not loaded"
    pub.close()
    assert not (tmp_path / "ps" / f"{os.getpid()}.requests").exists()


def test_requests_that_are_not_understood_are_dropped_and_bad_ones_refused(pool: Pool, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no llorch process 999999999 is running"):
        send(tmp_path, 999999999, "unload", "m")
    pub = Publisher(tmp_path, pool)
    pub.step()
    with pytest.raises(InputError, match="unknown request 'delete'"):
        send(tmp_path, os.getpid(), "delete", "m")
    folder = tmp_path / "ps" / f"{os.getpid()}.requests"
    folder.mkdir()
    (folder / "1-garbage.json").write_text("{not json")
    (folder / "2-big.json").write_text(json.dumps({"id": "2", "action": "unload", "model": "m" * 5000}))
    (folder / "3-other.json").write_text(json.dumps({"id": "3", "action": "delete", "model": "m"}))
    (folder / "4-missing.json").write_text(json.dumps({"id": "4"}))
    assert take(tmp_path) == [] and list(folder.iterdir()) == []
    pub.close()


def test_a_dead_process_leaves_neither_its_state_nor_its_requests(tmp_path: Path) -> None:
    folder = tmp_path / "ps"
    (folder / "999999999.requests").mkdir(parents=True)
    (folder / "999999999.requests" / "1-x.json").write_text("{}")
    (folder / "999999999.json").write_text(json.dumps({"pid": 999999999, "models": []}))
    assert read_all(tmp_path) == []
    assert list(folder.iterdir()) == []



def queue_behind_one_request(pool: Pool, engines: list[object], bulk: int, interactive: int) -> list[object]:
    """One interactive request holds the only slot (its decode waits at a gate); then `bulk` bulk and
    `interactive` interactive requests queue. Returns the gate's release and the handles."""
    from support import gate_decode

    group = pool.get("m")
    paused, release = gate_decode(engines[0], after=0)
    handles = [group.submit(chat("running"))]
    assert paused.wait(10)
    handles += [group.submit(dataclasses.replace(chat(f"line {i}"), priority="bulk")) for i in range(bulk)]
    handles += [group.submit(chat(f"question {i}")) for i in range(interactive)]
    return [release, *handles]


def fake_pool(engines: list[object]) -> Pool:
    from llorch.orchestra.fake import fake_worker

    def load(ref: str) -> object:
        worker = fake_worker(name=ref, n_seq=1, n_ctx=1024)
        engines.append(worker.engine)
        return worker

    return Pool(load, budget_bytes=1 << 40)


def test_ps_shows_how_much_of_the_queue_is_bulk_work() -> None:
    from support import invoke_main

    from llorch.config import resolve_paths

    engines: list[object] = []
    pool = fake_pool(engines)
    cache = resolve_paths().cache_dir
    pub = Publisher(cache, pool, command="llorch serve")
    try:
        release, *handles = queue_behind_one_request(pool, engines, bulk=10, interactive=2)
        pub.step()
        (row,) = read_all(cache)[0].models
        assert row["queued"] == 12 and row["queued_bulk"] == 10
        assert "12 (10 bulk)" in invoke_main(["ps"]).stdout
        release.set()  # type: ignore[attr-defined]
        assert all(h.result().finish_reason in ("stop", "length") for h in handles)  # type: ignore[attr-defined]
        pub.step()
        assert "12 (10 bulk)" not in invoke_main(["ps"]).stdout
    finally:
        pub.close()
        pool.close()


@pytest.mark.parametrize("models", [
    [{"model": "x"}],  # (`llorch ps` raised KeyError: 'slots_busy')
    [{"model": "x", "instances": 3, "slots_busy": "two", "kv_total": None, "rate_history": "fast", "recent": 7}],
    [{"model": 5, "tokens_per_s": float("nan")}, "not a row", None],
    "not a list",
])
def test_a_status_file_another_version_wrote_is_read_as_far_as_it_goes(models: object) -> None:
    from support import invoke_main

    from llorch.config import resolve_paths

    folder = resolve_paths().cache_dir / "ps"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{os.getpid()}.json").write_text(json.dumps({"pid": os.getpid(), "command": "llorch chat",
                                                            "models": models}))
    for args in (["ps"], ["ps", "--json"], ["top", "--once"]):
        r = invoke_main(args)
        assert r.exit_code == 0 and "Traceback" not in r.output, (args, r.output)
    rows = read_all(resolve_paths().cache_dir)[0].models
    assert all(isinstance(row["slots_busy"], int) and isinstance(row["instances"], list) for row in rows)


def test_tokens_per_second_counts_an_answer_still_being_made(tmp_path: Path) -> None:
    """(`llorch ps` said 0.0 all through a long answer: the rate counted a request's tokens when it ended.)"""
    from support import gate_decode

    engines: list[object] = []
    pool = fake_pool(engines)
    clock = Clock()
    pub = Publisher(tmp_path, pool, command="llorch serve", clock=clock)
    try:
        group = pool.get("m")
        paused, release = gate_decode(engines[0], after=0)
        handle = group.submit(dataclasses.replace(chat("a long story"), sampling=Sampling(max_tokens=50)))
        assert paused.wait(10)
        pub.step()
        made = group.stats().tokens_out
        release.set()
        paused.clear()
        clock.now += 2.0
        assert handle.result().finish_reason in ("stop", "length")
        pub.step()
        (row,) = read_all(tmp_path)[0].models
        done = group.stats().tokens_out
        assert done > made and row["tokens_per_s"] == round((done - made) / 2.0, 2)
    finally:
        pub.close()
        pool.close()
