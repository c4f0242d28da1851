"""The second names a bundled model answers to, beside its own reference.

Here, below config, because config.toml's `[workers."NAME"]` tables apply under any of a
model's names; the models package builds its bundled models' aliases from this table."""

from __future__ import annotations

__all__ = ["BUNDLED_ALIASES", "model_names"]

BUNDLED_ALIASES: dict[str, str] = {"starter": "qwen-0.5b"}  # the 0.5B's name before the 1.5B became the default


def model_names(ref: str) -> tuple[str, ...]:
    """Every name `ref`'s model answers to, its own reference last; `(ref,)` when it has no second name."""
    canonical = BUNDLED_ALIASES.get(ref, ref)
    return tuple(alias for alias, target in BUNDLED_ALIASES.items() if target == canonical) + (canonical,)
