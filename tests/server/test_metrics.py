"""`GET /metrics`'s pool collector, read from a real Pool of fake-slot workers (no server process)."""

from __future__ import annotations

from serverproc import metric

from llorch.engine.types import Request, Sampling
from llorch.orchestra.fake import copying_model, fake_worker
from llorch.orchestra.pool import Pool
from llorch.server.metrics import Metrics


def test_drafted_and_accepted_tokens_are_counters_per_model() -> None:
    pool = Pool(lambda ref: fake_worker(name=ref, vocab=12, n_ctx=1024, model=copying_model(12), speculative="ngram"),
                budget_bytes=1 << 40)
    try:
        with pool.use("m") as group:
            done = group.submit(Request(prompt="w2 w3 w4 w5 w2 w3 w4 w5 w2 w3",
                                        sampling=Sampling(temperature=0.0, max_tokens=30))).result()
        text = Metrics(pool.snapshot, lambda models: {}).text().decode()
    finally:
        pool.close()
    t = done.timings
    assert t.draft_tokens >= t.draft_accepted > 0
    assert metric(text, "llorch_draft_tokens_total", model="m") == t.draft_tokens
    assert metric(text, "llorch_draft_accepted_tokens_total", model="m") == t.draft_accepted
    assert "# TYPE llorch_draft_tokens_total counter" in text


def test_the_queue_depth_is_split_by_priority() -> None:
    from support import gate_decode

    engines: list[object] = []

    def load(ref: str) -> object:
        worker = fake_worker(name=ref, n_seq=1, n_ctx=1024)
        engines.append(worker.engine)
        return worker

    pool = Pool(load, budget_bytes=1 << 40)
    try:
        group = pool.get("m")
        paused, release = gate_decode(engines[0], after=0)
        sampling = Sampling(temperature=0.0, max_tokens=4)
        handles = [group.submit(Request(prompt="running", sampling=sampling))]
        assert paused.wait(10)
        handles += [group.submit(Request(prompt=f"line {i}", sampling=sampling, priority="bulk")) for i in range(3)]
        handles.append(group.submit(Request(prompt="question", sampling=sampling)))
        text = Metrics(pool.snapshot, lambda models: {}).text().decode()
        release.set()
        assert all(h.result().finish_reason == "length" for h in handles)
    finally:
        pool.close()
    assert metric(text, "llorch_queue_depth", model="m", priority="bulk") == 3
    assert metric(text, "llorch_queue_depth", model="m", priority="interactive") == 1
    assert metric(text, "llorch_paused_requests_total", model="m") == 0
