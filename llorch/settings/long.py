"""What llorch does with input longer than the model's context: the overflow policies.

Here, below config, because config.toml's `limits.long`, the `--long` flag and chat's `/set long`
all check their value against the one list (config's parse_value words the error)."""

from __future__ import annotations

__all__ = ["LONG_EXPECTED", "LONG_POLICIES", "parse_long"]

# summarise: read it in parts and combine the answers; truncate: keep what fits; refuse: an error.
LONG_POLICIES = ("summarise", "truncate", "refuse")
LONG_EXPECTED = "one of summarise, truncate or refuse"
_SPELLINGS = {"summarize": "summarise"}


def parse_long(value: object) -> str:
    """One of LONG_POLICIES ("summarize" is taken for "summarise"); ValueError for anything else."""
    if not isinstance(value, str):
        raise ValueError(value)
    word = value.strip().lower()
    word = _SPELLINGS.get(word, word)
    if word not in LONG_POLICIES:
        raise ValueError(value)
    return word
