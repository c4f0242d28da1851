"""Where llorch keeps things: config, data and cache directories.

They follow the platform (XDG on Linux) through platformdirs; `LLORCH_HOME` moves them
all under one folder (config/, data/, cache/). Below config and the store, which both
only need to know where their files are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["APP_NAME", "Paths", "resolve_paths"]

APP_NAME = "llorch"


@dataclass(frozen=True)
class Paths:
    """llorch's directories. Nothing is created until something is written."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"


def resolve_paths(env: Mapping[str, str] | None = None) -> Paths:
    """Paths from `LLORCH_HOME` when set, else the platform's user directories."""
    env = os.environ if env is None else env
    home = env.get("LLORCH_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "config", root / "data", root / "cache")
    import platformdirs

    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    )
