"""Time limits for one call: the `[limits]` keys of config.toml, enforced by `llorch.resilience.guard`."""

from __future__ import annotations

from dataclasses import dataclass

from llorch.errors import ConfigError, FieldError
from llorch.fields import FieldSpec

__all__ = ["CallLimits"]

_SECONDS = FieldSpec(float, minimum=0, above_minimum=True, optional=True, expected="a number > 0 or None")


@dataclass(frozen=True)
class CallLimits:
    """Seconds allowed for the first token, between two tokens, and for the whole answer.

    None means no limit. Timing starts when the caller first iterates. `ttft_s` is what
    is allowed beyond reading the prompt (see llorch.resilience.guard).
    """

    ttft_s: float | None = None
    inter_token_s: float | None = None
    total_s: float | None = None

    def __post_init__(self) -> None:
        for key in ("ttft_s", "inter_token_s", "total_s"):
            try:
                object.__setattr__(self, key, _SECONDS.check(getattr(self, key), key, source="call limits"))
            except FieldError as exc:
                raise ConfigError(str(exc)) from None
