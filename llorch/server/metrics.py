"""`GET /metrics`: Prometheus text (prometheus_client), one registry per server.

Counters are kept as requests end; the pool's state (slots, queue, KV, speed) and the
breakers are read when Prometheus scrapes, so they are never stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["Metrics"]

_BREAKER_STATES = ("closed", "open", "half_open", "forced_open", "disabled")


class _PoolCollector(Collector):
    def __init__(self, snapshot: Callable[[], list[Any]], breakers: Callable[[list[str]], dict[str, str]]) -> None:
        self._snapshot = snapshot
        self._breakers = breakers

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
        rows = self._snapshot()
        families = {
            "slots_busy": GaugeMetricFamily("llorch_slots_busy", "Sequence slots answering now", labels=["model"]),
            "slots_total": GaugeMetricFamily("llorch_slots_total", "Sequence slots loaded", labels=["model"]),
            "kv_hit_rate": GaugeMetricFamily("llorch_kv_hit_rate", "Prompt tokens served from the KV cache, over prompted",
                                             labels=["model"]),
            "kv_used": GaugeMetricFamily("llorch_kv_cells_used", "KV cache cells in use", labels=["model"]),
            "tokens_per_s": GaugeMetricFamily("llorch_tokens_per_second", "Tokens generated per second, last 30 s",
                                              labels=["model"]),
            "instances": GaugeMetricFamily("llorch_instances", "Loaded instances", labels=["model"]),
        }
        for row in rows:
            values = {"slots_busy": row.slots_busy, "slots_total": row.slots_total, "kv_hit_rate": row.kv_hit_rate, "kv_used": row.kv_used, "tokens_per_s": row.tokens_per_s,
                      "instances": len(row.instances)}
            for key, family in families.items():
                family.add_metric([row.model], float(values[key]))
        yield from families.values()
        queued = GaugeMetricFamily("llorch_queue_depth", "Requests waiting for a slot, by priority (bulk: background "
                                   "work that lets interactive requests go first)", labels=["model", "priority"])
        paused = CounterMetricFamily("llorch_paused_requests", "Bulk requests that gave their slot to an interactive "
                                     "one (and continued later) since the model loaded", labels=["model"])
        for row in rows:
            queued.add_metric([row.model, "interactive"], float(row.queued - row.queued_bulk))
            queued.add_metric([row.model, "bulk"], float(row.queued_bulk))
            paused.add_metric([row.model], float(row.paused))
        yield queued
        yield paused
        drafted = CounterMetricFamily("llorch_draft_tokens", "Tokens drafted ahead (speculative decoding) since the model "
                                      "loaded", labels=["model"])
        accepted = CounterMetricFamily("llorch_draft_accepted_tokens", "Drafted tokens the model's sampler kept",
                                       labels=["model"])
        for row in rows:
            drafted.add_metric([row.model], float(row.drafted))
            accepted.add_metric([row.model], float(row.accepted))
        yield drafted
        yield accepted
        breaker = GaugeMetricFamily("llorch_breaker_state", "1 for each model's current breaker state",
                                    labels=["model", "state"])
        for model, state in self._breakers([r.model for r in rows]).items():
            for s in _BREAKER_STATES:
                breaker.add_metric([model, s], 1.0 if s == state else 0.0)
        yield breaker


class Metrics:
    def __init__(self, snapshot: Callable[[], list[Any]], breakers: Callable[[list[str]], dict[str, str]]) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("llorch_requests", "API requests by endpoint, priority (the X-Llorch-Priority header) "
                                "and status", ["endpoint", "priority", "status"], registry=self.registry)
        self.tokens_in = Counter("llorch_prompt_tokens", "Prompt tokens", ["model"], registry=self.registry)
        self.tokens_out = Counter("llorch_completion_tokens", "Generated tokens", ["model"], registry=self.registry)
        self.answers = Counter("llorch_answers", "Answers by the source that gave them (fallback: not the first choice)",
                               ["model", "fallback"], registry=self.registry)
        self.cancelled = Counter("llorch_cancelled", "Generations cancelled because the client went away",
                                 registry=self.registry)
        self.in_flight = Gauge("llorch_requests_in_flight", "Generation requests being answered", registry=self.registry)
        self.registry.register(_PoolCollector(snapshot, breakers))

    def text(self) -> bytes:
        return generate_latest(self.registry)
