"""Streaming text helpers: hold back text that may be the start of a stop string."""

from __future__ import annotations

__all__ = ["StopMatcher"]


class StopMatcher:
    """Feeds generated text through, cutting at the first stop string.

    `feed` returns the text that is safe to show now; a suffix that could still
    become a stop string is held back until the next piece decides it.
    """

    def __init__(self, stops: tuple[str, ...] | list[str]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._pending = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        if self.stopped:
            return ""
        if not self._stops:
            return text
        buf = self._pending + text
        first = min((i for i in (buf.find(s) for s in self._stops) if i >= 0), default=-1)
        if first >= 0:
            self.stopped = True
            self._pending = ""
            return buf[:first]
        hold = self._longest_partial(buf)
        self._pending = buf[len(buf) - hold :] if hold else ""
        return buf[: len(buf) - hold]

    def flush(self) -> str:
        """Text still held back when generation ends without a stop string."""
        out, self._pending = self._pending, ""
        return "" if self.stopped else out

    def _longest_partial(self, buf: str) -> int:
        best = 0
        for stop in self._stops:
            for n in range(min(len(stop) - 1, len(buf)), best, -1):
                if buf.endswith(stop[:n]):
                    best = n
                    break
        return best
