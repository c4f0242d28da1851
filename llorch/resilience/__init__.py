"""Resilience: a circuit breaker per model, time limits around a call, and fault injection.

Pure building blocks; the worker pool and fallback chain wire them together.
"""

from __future__ import annotations

from llorch.resilience.breaker import (
    FAILURE_KINDS,
    LEGAL_TRANSITIONS,
    BreakerConfig,
    BreakerSnapshot,
    BreakerState,
    CircuitBreaker,
    Clock,
    FakeClock,
    IllegalTransitionError,
    Permit,
    TransitionCallback,
)
from llorch.resilience.faults import ALL_MODELS, FaultSpec, FaultyWorker, faults_for, parse_faults
from llorch.resilience.guard import CallLimits, guarded

__all__ = [
    "ALL_MODELS",
    "FAILURE_KINDS",
    "LEGAL_TRANSITIONS",
    "BreakerConfig",
    "BreakerSnapshot",
    "BreakerState",
    "CallLimits",
    "CircuitBreaker",
    "Clock",
    "FakeClock",
    "FaultSpec",
    "FaultyWorker",
    "IllegalTransitionError",
    "Permit",
    "TransitionCallback",
    "faults_for",
    "guarded",
    "parse_faults",
]
