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
