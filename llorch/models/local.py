"""Models made on this machine (`llorch models quantize`), kept by name in llorch's models folder.

A local model NAME is the file `<models dir>/local/NAME.gguf`; `-m NAME` finds it, `models list`
shows it and `models rm NAME` removes it. A name is letters, digits and `._+-`, and never ends
in `.gguf` (that is a path), so a name and a path cannot be taken for each other.
"""

from __future__ import annotations

import re
from pathlib import Path

from llorch.config import Config, Paths
from llorch.errors import InputError

__all__ = ["check_new_name", "is_local_name", "list_local", "local_dir", "local_path"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$")
SUFFIX = ".gguf"


def local_dir(paths: Paths) -> Path:
    return paths.models_dir / "local"


def is_local_name(text: str) -> bool:
    """Whether `text` has the shape of a local model's name (not whether one exists)."""
    return bool(_NAME.match(text)) and not text.lower().endswith(SUFFIX)


def local_path(paths: Paths, name: str) -> Path:
    """Where the local model `name` lives (it may not exist yet)."""
    if not is_local_name(name):
        raise InputError(f"'{name}' is not a model name; use letters, digits and . _ + - (up to 100), "
                         "or give a path ending in .gguf")
    return local_dir(paths) / f"{name}{SUFFIX}"


def list_local(paths: Paths) -> list[tuple[str, Path]]:
    """Every local model, by name."""
    folder = local_dir(paths)
    if not folder.is_dir():
        return []
    return [(p.name[: -len(SUFFIX)], p) for p in sorted(folder.glob(f"*{SUFFIX}"))
            if p.is_file() and is_local_name(p.name[: -len(SUFFIX)])]


def check_new_name(name: str, config: Config) -> None:
    """A name a new local model may take: not one that a bundled model or an alias answers to first."""
    from llorch.models.hf import is_hf_ref
    from llorch.models.starter import canonical_ref

    if is_hf_ref(name) or not is_local_name(name):
        raise InputError(f"'{name}' is not a model name; use letters, digits and . _ + - (up to 100), "
                         "or give a path ending in .gguf")
    if canonical_ref(name) is not None:
        raise InputError(f"'{name}' is a bundled model's name; pick another name for the new model")
    if name in config.aliases:
        raise InputError(f"'{name}' is an alias in config.toml; pick another name for the new model")
