"""The circuit-breaker settings: the `[breaker]` table of config.toml or a profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from llorch.errors import ConfigError, FieldError
from llorch.fields import FieldSpec, check_each

__all__ = ["BREAKER_FIELDS", "BreakerConfig"]

BREAKER_FIELDS: Mapping[str, FieldSpec] = {
    "window": FieldSpec(str, choices=("count", "time")),
    "window_size": FieldSpec(int, minimum=1),
    "window_seconds": FieldSpec(float, minimum=0, above_minimum=True),
    "minimum_calls": FieldSpec(int, minimum=1),
    "failure_rate": FieldSpec(float, minimum=0, maximum=1, above_minimum=True),
    "consecutive_failures": FieldSpec(int, minimum=0, expected="an integer >= 0 (0 turns it off)"),
    "slow_call_seconds": FieldSpec(float, minimum=0, above_minimum=True),
    "slow_call_rate": FieldSpec(float, minimum=0, maximum=1, above_minimum=True),
    "wait_seconds": FieldSpec(float, minimum=0),
    "backoff_multiplier": FieldSpec(float, minimum=1),
    "max_wait_seconds": FieldSpec(float, minimum=0),
    "jitter": FieldSpec(float, minimum=0, maximum=1),
    "half_open_probes": FieldSpec(int, minimum=1),
    "probe_timeout_seconds": FieldSpec(float, minimum=0, above_minimum=True),
}


def _validated(values: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Every field checked and normalized (numeric strings accepted, as config.toml's keys are);
    ConfigError naming `where`, the key and what was expected."""
    try:
        out = check_each(BREAKER_FIELDS, values, source=where, text=True)
    except FieldError as exc:
        raise ConfigError(str(exc)) from None
    if out["max_wait_seconds"] < out["wait_seconds"]:
        raise ConfigError(
            f"{where}: 'max_wait_seconds' must be at least 'wait_seconds' ({out['wait_seconds']:g}), "
            f"got {out['max_wait_seconds']:g}"
        )
    if out["window"] == "count" and out["minimum_calls"] > out["window_size"]:
        raise ConfigError(
            f"{where}: 'minimum_calls' must be at most 'window_size' ({out['window_size']}) with a count "
            f"window, got {out['minimum_calls']}"
        )
    return out


@dataclass(frozen=True)
class BreakerConfig:
    """When a breaker trips and how long it waits; the `[breaker]` table of config.toml or a profile.

    Rates are fractions: trip when failure_rate (or slow_call_rate) of the calls in the
    window went wrong, once the window holds `minimum_calls`. The wait after the n-th
    trip in a row is `min(max_wait, wait * multiplier**(n-1))`, moved by up to
    ±`jitter` of itself and never above `max_wait_seconds`.
    """

    window: Literal["count", "time"] = "count"
    window_size: int = 20
    window_seconds: float = 60.0
    minimum_calls: int = 5
    failure_rate: float = 0.5
    consecutive_failures: int = 3
    slow_call_seconds: float = 30.0
    slow_call_rate: float = 1.0
    wait_seconds: float = 10.0
    backoff_multiplier: float = 2.0
    max_wait_seconds: float = 300.0
    jitter: float = 0.1
    half_open_probes: int = 1
    probe_timeout_seconds: float = 120.0

    def __post_init__(self) -> None:
        values = _validated({f.name: getattr(self, f.name) for f in fields(self)}, "breaker config")
        for key, value in values.items():
            object.__setattr__(self, key, value)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str) -> BreakerConfig:
        """Build from a TOML table; `where` names it in errors (e.g. "config.toml [breaker]")."""
        if not isinstance(data, Mapping):
            raise ConfigError(f"{where}: must be a table of breaker settings, got {data!r}")
        for key in data:
            if key not in BREAKER_FIELDS:
                raise ConfigError(f"{where}: unknown key '{key}'; known keys: {', '.join(BREAKER_FIELDS)}")
        defaults = {f.name: getattr(_DEFAULT_CONFIG, f.name) for f in fields(cls)}
        return cls(**_validated({**defaults, **data}, where))


_DEFAULT_CONFIG = BreakerConfig()
