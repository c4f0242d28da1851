"""SQLite persistence: sessions and messages (WAL, migrations, FTS5 search)."""

from __future__ import annotations

from pathlib import Path

from llorch.paths import Paths
from llorch.store.db import SCHEMA_VERSION, Store, StoredMessage, StoredSession

__all__ = ["SCHEMA_VERSION", "Store", "StoredMessage", "StoredSession", "db_path", "open_store"]


def db_path(paths: Paths) -> Path:
    return paths.data_dir / "llorch.db"


def open_store(paths: Paths) -> Store:
    return Store.open(db_path(paths))
