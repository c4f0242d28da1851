"""Fault specs: which faults to inject into which model, from text such as "MODEL:error=1;hang=0.5".

The worker that injects them is `llorch.resilience.faults.FaultyWorker`; the specs live
here so that config.toml's `faults` key is checked, once, when the config loads.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from llorch.errors import ConfigError, FieldError
from llorch.fields import FieldSpec, check_each

__all__ = ["ALL_MODELS", "FAULT_FIELDS", "FaultSpec", "faults_for", "parse_faults"]

ALL_MODELS = "*"

_RATE = FieldSpec(float, minimum=0, maximum=1)
FAULT_FIELDS: Mapping[str, FieldSpec] = {
    "error_rate": _RATE,
    "latency_s": FieldSpec(float, minimum=0, expected="a number of seconds >= 0"),
    "hang_rate": _RATE,
    "hang_s": FieldSpec(float, minimum=0, above_minimum=True, expected="a number of seconds > 0"),
    "crash_rate": _RATE,
    "crash_after": FieldSpec(int, minimum=0),
    "load_error": FieldSpec(bool),
    "seed": FieldSpec(int, optional=True),
}


def _validated(values: Mapping[str, Any], where: str, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    try:
        return check_each(FAULT_FIELDS, values, source=where, text=True, names=names)
    except FieldError as exc:
        raise ConfigError(str(exc)) from None


@dataclass(frozen=True)
class FaultSpec:
    """Which faults to inject into one model's calls; rates are chances per call (0 to 1).

    error_rate: fail when the request starts. latency_s: wait before the first token.
    hang_rate: block before the first token until `cancel()` or `hang_s`, then fail.
    crash_rate: fail mid-stream after `crash_after` tokens. load_error: every use
    raises ModelLoadError, as a model that never loaded. seed: makes the dice repeatable.
    """

    error_rate: float = 0.0
    latency_s: float = 0.0
    hang_rate: float = 0.0
    hang_s: float = 3600.0
    crash_rate: float = 0.0
    crash_after: int = 3
    load_error: bool = False
    seed: int | None = None

    def __post_init__(self) -> None:
        for key, value in _validated({f.name: getattr(self, f.name) for f in fields(self)}, "fault spec").items():
            object.__setattr__(self, key, value)

    @property
    def is_noop(self) -> bool:
        return self == FaultSpec(seed=self.seed)


# Names accepted in fault text -> FaultSpec field.
_KEYS: dict[str, str] = {
    "error": "error_rate",
    "latency": "latency_s",
    "hang": "hang_rate",
    "hang_s": "hang_s",
    "crash": "crash_rate",
    "crash_after": "crash_after",
    "load": "load_error",
    "seed": "seed",
    **{name: name for name in FAULT_FIELDS},
}

_FORM = (
    "expected KEY=VALUE pieces joined by ',' (keys: error, latency, hang, hang_s, crash, crash_after, "
    "load, seed), optionally per model as 'MODEL:error=1;OTHER:hang=1'"
)


def parse_faults(text: str, where: str) -> dict[str, FaultSpec]:
    """Fault specs by model reference ("*" for every model) from text like "MODEL:error=1;hang=0.5".

    Raises:
        ConfigError: naming `where`, the bad piece and the expected form.
    """
    specs: dict[str, FaultSpec] = {}
    for piece in text.split(";"):
        piece = piece.strip()
        if not piece:
            continue
        model, params = ALL_MODELS, piece
        if ":" in piece:
            model, params = (part.strip() for part in piece.rsplit(":", 1))
            if not model:
                raise ConfigError(f"{where}: no model name before ':' in '{piece}'; {_FORM}")
        if model in specs:
            raise ConfigError(f"{where}: faults for '{model}' are given twice; give each model once")
        values: dict[str, Any] = {}
        given: dict[str, str] = {}
        for item in params.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, value = (part.strip() for part in item.partition("="))
            if not sep and key.lower() in ("load", "load_error"):
                value = "true"  # a bare "load" turns the load error on
            elif not sep or not key or not value:
                raise ConfigError(f"{where}: bad fault '{item}' in '{piece}'; {_FORM}")
            field_name = _KEYS.get(key.lower())
            if field_name is None:
                raise ConfigError(f"{where}: unknown fault '{key}' in '{piece}'; {_FORM}")
            if field_name in values:
                raise ConfigError(f"{where}: '{key}' is given twice in '{piece}'")
            values[field_name] = value
            given[field_name] = key
        if not values:
            raise ConfigError(f"{where}: no faults in '{piece}'; {_FORM}")
        specs[model] = FaultSpec(**_validated(values, f"{where} ({piece})", given))
    return specs


def faults_for(specs: Mapping[str, FaultSpec], model_ref: str) -> FaultSpec | None:
    """The spec for `model_ref`: an exact match first, then the first matching pattern ("*")."""
    if model_ref in specs:
        return specs[model_ref]
    for pattern, spec in specs.items():
        if fnmatch.fnmatchcase(model_ref, pattern):
            return spec
    return None
