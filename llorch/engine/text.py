"""Text helpers: hold back text that may be the start of a stop string; refuse a prompt too long
to fit from its length alone."""

from __future__ import annotations

from llorch.errors import ContextOverflowError

__all__ = ["MAX_BYTES_PER_TOKEN", "StopMatcher", "check_prompt_length"]

# No tokenizer llorch knows packs more text than this into one token on average, and a character
# is at least one byte: a prompt of more characters than this per token of context cannot fit.
MAX_BYTES_PER_TOKEN = 64


def check_prompt_length(chars: int, n_ctx: int, n_ctx_train: int | None = None) -> None:
    """Refuse a prompt of `chars` characters that no `n_ctx`-token context can hold, before any template
    is rendered or token made (`len()` of the text: nothing is copied; a 50 MB prompt took 30 s and
    3.7 GB to render and tokenize before it was refused)."""
    if chars > MAX_BYTES_PER_TOKEN * n_ctx:
        trained = f" (this model was trained on {n_ctx_train:,})" if n_ctx_train else ""
        raise ContextOverflowError(
            f"the prompt is {chars:,} characters, far more than a {n_ctx:,}-token context holds; shorten it "
            f"or raise engine.n_ctx{trained}",
            prompt_tokens=chars // MAX_BYTES_PER_TOKEN, n_ctx=n_ctx,
        )


class StopMatcher:
    """Feeds generated text through, cutting at the first stop string.

    `feed` returns the text that is safe to show now; a suffix that could still
    become a stop string is held back until the next piece decides it.
    """

    def __init__(self, stops: tuple[str, ...] | list[str]) -> None:
        self._stops = tuple(s for s in stops if s)
        self._pending = ""
        self.stopped = False
        self.stopped_by: str | None = None  # the stop string that cut the text

    def feed(self, text: str) -> str:
        if self.stopped:
            return ""
        if not self._stops:
            return text
        buf = self._pending + text
        found = [(at, n, stop) for n, stop in enumerate(self._stops) if (at := buf.find(stop)) >= 0]
        if found:  # (the one that comes first in the text; of two there, the first given)
            first, _, self.stopped_by = min(found)
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
