"""Which `note:` lines reach stderr: none with --quiet or `ui.notes = false`, and a standing
note (a profile's models are not pulled) once, not on every run.

What was told is remembered in a small file in the cache dir, so a later process does not
say it again; a note whose text changes (another profile, another missing model) is new.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

from llorch.config import Config, Paths
from llorch.profiles.select import StandingNote

__all__ = ["TOLD_FILE", "Notes"]

log = logging.getLogger(__name__)

TOLD_FILE = "told-notes.json"
_KEEP = 200  # notes remembered; the oldest are forgotten first (and would be told once more)


class Notes:
    """Decides, for one command, whether a note is shown. Thread-safe: the lines of a bulk run and the agents of a
    pipeline's fan-out report at once, and a standing note is said by one of them."""

    def __init__(self, cache_dir: Path, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self._file = cache_dir / TOLD_FILE
        self._told: list[str] | None = None
        self._lock = threading.Lock()

    @classmethod
    def for_command(cls, paths: Paths, config: Config, *, quiet: bool = False) -> Notes:
        return cls(paths.cache_dir, enabled=not quiet and bool(config.get("ui.notes")))

    def show(self, text: str | None) -> bool:
        """Whether to print `text` now; a standing note counts as told once this returns True."""
        if not text or not self.enabled:
            return False
        if not isinstance(text, StandingNote):
            return True
        with self._lock:
            told = self._load()
            if str(text) in told:
                return False
            told.append(str(text))
            self._save(told[-_KEEP:])
            return True

    def _load(self) -> list[str]:
        if self._told is None:
            try:
                data = json.loads(self._file.read_text(encoding="utf-8"))
                self._told = [t for t in data if isinstance(t, str)] if isinstance(data, list) else []
            except (OSError, ValueError):  # none yet, or unreadable: tell again rather than fail
                self._told = []
        return self._told

    def _save(self, told: list[str]) -> None:
        """Write atomically; a cache dir that cannot be written only means the note is told again."""
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".told-", dir=self._file.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(told, fh, ensure_ascii=False, indent=0)
                os.replace(tmp, self._file)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            log.debug("cannot remember told notes in %s: %s", self._file, exc)
