"""One field validator: a FieldSpec says what a value may be; `check` returns it in its type or raises.

config.toml, profiles, the breaker and fault settings and the server's request bodies
check their values here, so "an integer from 1 to 16", nan, inf and `true` (which is
not 1) mean the same everywhere. The error is a FieldError naming the source, the key
and what was expected; each caller turns it into its own error (ConfigError,
ProfileError, a 400).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from llorch.errors import FieldError

__all__ = ["FieldError", "FieldSpec", "check_each"]

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


@dataclass(frozen=True)
class FieldSpec:
    """What one field may hold.

    kind: int, float, bool or str. A float field takes integers too and returns a float;
    an int or float field never takes a bool, nan or inf. For a str field `minimum` and
    `maximum` bound its length. `choices` are the strings a str field allows, or the words
    a number field takes besides a number (`"auto"`). `expected` words the message when
    the derived one ("an integer from 1 to 16") is not enough.
    """

    kind: type = str
    minimum: float | None = None
    maximum: float | None = None
    above_minimum: bool = False  # `minimum` itself is out: "> 0" rather than ">= 0"
    choices: tuple[str, ...] = ()
    expected: str = ""
    optional: bool = False  # None is allowed (and stays None)

    def __post_init__(self) -> None:
        if self.kind not in (int, float, bool, str):
            raise TypeError(f"FieldSpec kind must be int, float, bool or str, not {self.kind!r}")

    def describe(self) -> str:
        """What the field expects, in the words of an error message."""
        if self.expected:
            return self.expected
        if self.kind is bool:
            return "true or false"
        if self.kind is str:
            if self.choices:
                return _alternatives(self.choices)
            return _length_words(self.minimum, self.maximum)
        noun = "an integer" if self.kind is int else "a number"
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            words = f"{noun} in ({_num(lo)}, {_num(hi)}]" if self.above_minimum else f"{noun} from {_num(lo)} to {_num(hi)}"
        elif lo is not None:
            words = f"{noun} {'>' if self.above_minimum else '>='} {_num(lo)}"
        elif hi is not None:
            words = f"{noun} <= {_num(hi)}"
        else:
            words = noun
        if self.choices:
            return ", ".join(f'"{c}"' for c in self.choices) + f" or {words}"
        return words

    def check(self, value: Any, key: str, *, source: str = "", text: bool = False) -> Any:
        """`value` in the field's type, or FieldError naming `source`, `key` and what was expected.

        `text=True` is for values typed by a person (TOML strings, the command line, an
        environment variable): numbers and true/false may come as words, and strings are
        stripped and compared without case.
        """
        if value is None and self.optional:
            return None
        try:
            return self._convert(value, text)
        except (ValueError, TypeError, OverflowError):
            raise FieldError(source=source, key=key, expected=self.describe(), value=value) from None

    def accepts(self, value: Any, *, text: bool = False) -> bool:
        """Whether `check` would take `value`."""
        try:
            self.check(value, "", text=text)
        except FieldError:
            return False
        return True

    def _convert(self, value: Any, text: bool) -> Any:
        if self.kind is bool:
            if isinstance(value, bool):
                return value
            word = value.strip().lower() if text and isinstance(value, str) else None
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
            raise ValueError
        if isinstance(value, bool):
            raise ValueError  # True is an int to Python, never to a person
        if isinstance(value, str):
            if text:
                value = value.strip()
            if self.choices:
                word = value.lower() if text else value
                if word in self.choices:
                    return word
                if self.kind is str:
                    raise ValueError
            if self.kind is str:
                self._bounds(len(value))
                return value
            if not text:
                raise ValueError
            value = int(value) if self.kind is int else float(value)
        if self.kind is int:
            if not isinstance(value, int):
                raise ValueError
        elif isinstance(value, (int, float)) and self.kind is float:
            value = float(value)
            if not math.isfinite(value):
                raise ValueError
        else:
            raise ValueError
        self._bounds(value)
        return value

    def _bounds(self, value: float) -> None:
        lo, hi = self.minimum, self.maximum
        if lo is not None and (value <= lo if self.above_minimum else value < lo):
            raise ValueError
        if hi is not None and value > hi:
            raise ValueError


def check_each(
    specs: Mapping[str, FieldSpec],
    values: Mapping[str, Any],
    *,
    source: str = "",
    text: bool = False,
    names: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Every value checked by its spec; the first that does not fit raises FieldError.

    `names` maps a field to the word the user wrote for it, for the message (a fault's
    `error` for `error_rate`). A key without a spec is a KeyError: the caller lists them.
    """
    names = names or {}
    return {key: specs[key].check(value, names.get(key, key), source=source, text=text) for key, value in values.items()}


def _num(bound: float) -> str:
    if isinstance(bound, int):
        return str(bound)
    return str(int(bound)) if bound.is_integer() and abs(bound) < 1e16 else f"{bound:g}"


def _alternatives(choices: tuple[str, ...]) -> str:
    if len(choices) == 2:
        return f'"{choices[0]}" or "{choices[1]}"'
    return "one of " + ", ".join(choices)


def _length_words(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"a string of {_num(lo)} to {_num(hi)} characters"
    if lo is not None:
        return "a non-empty string" if lo == 1 else f"a string of at least {_num(lo)} characters"
    if hi is not None:
        return f"a string of at most {_num(hi)} characters"
    return "a string"
