"""One exception tree for llorch; the CLI maps it to `Error: ...` and exit 1.

    LlorchError
    ├── ConfigError            config.toml unreadable, an unknown key, a bad value
    ├── FieldError             a value that does not fit its field (llorch.fields); every edge
    │                          re-raises it as its own error (ConfigError, ProfileError, a 400)
    ├── InputError             empty prompt, binary or invalid UTF-8 input, bad schema file
    ├── ModelError
    │   ├── ModelNotFoundError     a reference that names no file, alias or repo
    │   ├── ModelFileError         a file that is not GGUF, or is truncated / corrupt
    │   ├── ModelLoadError         llama.cpp refused to load the model
    │   ├── MemoryBudgetError      loading it would not fit in the model memory budget
    │   ├── ModelPullError         an `hf:` pull that failed or did not verify
    │   └── QuantizeError          llama.cpp's quantizer failed (disk full, a type it cannot make)
    ├── ContextOverflowError   a prompt longer than the model's context
    ├── GenerationError        llama.cpp failed while answering
    │   └── GenerationTimeoutError  no first token, a stalled stream or a total time over its limit
    ├── BreakerOpenError       a model's circuit breaker refuses calls for now
    ├── ProfileError           a profile file that does not validate
    │   └── ProfileNotFoundError    no built-in or user profile by that name
    ├── ToolError              a tool that failed or was given bad arguments
    │   ├── ToolNotFoundError       no tool by that name
    │   └── ToolPermissionError     the profile does not allow it, or a path outside the allowed roots
    └── StoreError             the session database cannot be opened or written
        └── SessionNotFoundError   no session with that id

Callers catch types, never match message strings. Each message is one line that
says what was wrong and what to do.
"""

from __future__ import annotations

__all__ = [
    "BreakerOpenError",
    "ConfigError",
    "ContextOverflowError",
    "FieldError",
    "GenerationError",
    "GenerationTimeoutError",
    "InputError",
    "LlorchError",
    "ModelError",
    "ModelFileError",
    "MemoryBudgetError",
    "ModelLoadError",
    "ModelNotFoundError",
    "ModelPullError",
    "ProfileError",
    "ProfileNotFoundError",
    "QuantizeError",
    "SessionNotFoundError",
    "StoreError",
    "ToolError",
    "ToolNotFoundError",
    "ToolPermissionError",
]


class LlorchError(Exception):
    """Base of every error llorch reports to the user."""


class ConfigError(LlorchError):
    """Configuration that cannot be read or does not validate."""


class FieldError(LlorchError):
    """One value that does not fit its field: where it came from, the key, what was expected, what came.

    Raised by `llorch.fields`; the caller that knows the context turns it into ConfigError,
    ProfileError or the server's 400, so it rarely reaches a user as itself.
    """

    def __init__(self, *, source: str, key: str, expected: str, value: object) -> None:
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{source + ': ' if source else ''}'{key}' must be {expected}, got {shown}")
        self.source = source
        self.key = key
        self.expected = expected
        self.value = value


class InputError(LlorchError):
    """User input that cannot be used as a prompt or an option value."""


class ModelError(LlorchError):
    """Anything that stops a model from being found or loaded."""


class ModelNotFoundError(ModelError):
    """A model reference that resolves to nothing."""


class ModelFileError(ModelError):
    """A file that is not a usable GGUF model (wrong format, truncated, corrupt)."""


class ModelLoadError(ModelError):
    """llama.cpp could not load a model file that looked valid."""


class MemoryBudgetError(ModelError):
    """A model that would not fit in the memory budget beside the models in use (refused before loading).

    `permanent`: it would not fit even alone (its settings, e.g. the context size, cannot work here),
    as opposed to waiting for the models that answer now."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class ModelPullError(ModelError):
    """A download that failed, was interrupted or did not verify."""


class QuantizeError(ModelError):
    """`llorch models quantize` could not write the quantized model."""


class ContextOverflowError(LlorchError):
    """A prompt that does not fit in the model's context window."""

    def __init__(self, message: str, *, prompt_tokens: int, n_ctx: int) -> None:
        super().__init__(message)
        self.prompt_tokens = prompt_tokens
        self.n_ctx = n_ctx


class GenerationError(LlorchError):
    """llama.cpp failed in the middle of producing an answer."""


class GenerationTimeoutError(GenerationError):
    """A call that ran past one of its time limits (first token, between tokens, total)."""


class BreakerOpenError(LlorchError):
    """A model whose circuit breaker is open: calls fail fast until `retry_in` seconds pass."""

    def __init__(self, message: str, *, model: str, retry_in: float, slow_only: bool = False) -> None:
        super().__init__(message)
        self.model = model
        self.retry_in = retry_in
        self.slow_only = slow_only  # open because the model was slow, not because it failed


class ProfileError(LlorchError):
    """A profile that cannot be read or does not validate."""


class ProfileNotFoundError(ProfileError):
    """No built-in or user profile has the name that was asked for."""


class ToolError(LlorchError):
    """A tool that was given bad arguments or could not do its job."""


class ToolNotFoundError(ToolError):
    """No tool has the name that was asked for."""


class ToolPermissionError(ToolError):
    """The active profile does not allow the call, or a path lies outside the allowed roots."""


class StoreError(LlorchError):
    """The session database is corrupt, from a newer llorch, or refused a write."""


class SessionNotFoundError(StoreError):
    """No session has the id that was asked for."""
