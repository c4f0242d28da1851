"""The `speculative` setting (config.toml's [engine] and [workers."MODEL"], a profile's [engine]).

"auto": n-gram drafts, paused for a sequence while they miss and for a worker while its
batch is busy; "ngram": n-gram drafts whenever one matches; "off": none. "draft:MODEL":
a smaller model of the same vocabulary drafts (llorch.orchestra.draftmodel), paused like
"auto"; on CPUs it mostly makes decoding slower, on a GPU it can pay.
"""

from __future__ import annotations

from llorch.errors import ConfigError

__all__ = ["DRAFT_PREFIX", "SPECULATIVE_EXPECTED", "SPECULATIVE_MODES", "check_speculative", "draft_model", "parse_speculative"]

SPECULATIVE_MODES = ("auto", "ngram", "off")
DRAFT_PREFIX = "draft:"
SPECULATIVE_EXPECTED = '"auto", "ngram", "off" or "draft:MODEL"'


def parse_speculative(value: object) -> str:
    """The setting in its canonical form; ValueError when it is none of SPECULATIVE_EXPECTED."""
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    if text.lower() in SPECULATIVE_MODES:
        return text.lower()
    if text.lower().startswith(DRAFT_PREFIX) and text[len(DRAFT_PREFIX) :].strip():
        return DRAFT_PREFIX + text[len(DRAFT_PREFIX) :].strip()
    raise ValueError(value)


def check_speculative(value: str, where: str) -> str:
    """`value` in its canonical form; ConfigError (naming `where`) when it is none of SPECULATIVE_EXPECTED."""
    try:
        return parse_speculative(value)
    except ValueError:
        raise ConfigError(f"{where}: speculative = {value!r} must be {SPECULATIVE_EXPECTED}") from None


def draft_model(mode: str) -> str | None:
    """The draft model a canonical setting names ("draft:MODEL" -> "MODEL"), else None."""
    return mode[len(DRAFT_PREFIX) :] if mode.startswith(DRAFT_PREFIX) else None
