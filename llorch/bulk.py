"""Bulk runs (`llorch run --each-line`): one prompt per input line, answered concurrently, output in input order.

Each line is a prompt (after an optional prefix), or a JSON object with its own `prompt`
and options. Lines are read as they are needed and at most `window` are in flight or
waiting to be written, so memory does not grow with the input. A line that fails is
reported on its own; the others go on.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from llorch.errors import InputError, LlorchError

__all__ = ["Job", "Result", "parse_job", "run_ordered", "SAMPLING_KEYS"]

# What a JSON line may set besides its prompt, with the type each must have.
SAMPLING_KEYS: dict[str, type | tuple[type, ...]] = {
    "temperature": (int, float), "top_p": (int, float), "top_k": int, "min_p": (int, float),
    "repeat_penalty": (int, float), "max_tokens": int, "seed": int,
}
_OTHER_KEYS: dict[str, type | tuple[type, ...]] = {"system": str, "model": str, "stop": list}


@dataclass(frozen=True)
class Job:
    """One input line to answer."""

    line: int  # 1-based line number in the input
    prompt: str
    id: Any = None  # a JSON line's "id", echoed in its output
    model: str | None = None
    system: str | None = None
    sampling: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """A line's answer (the turn's TurnDone), or why it has none; `job` is None for a blank line."""

    line: int
    job: Job | None
    done: Any = None
    error: str | None = None
    id: Any = None  # a JSON line's id where the line is no job (it failed its checks)


def parse_job(line: int, text: str, prefix: str = "") -> Job | None:
    """A line as a job; None for a blank line. Raises InputError naming what is wrong with it."""
    body = text.strip()
    if not body:
        return None
    if body.startswith("{"):
        return _json_job(line, body, prefix)
    return Job(line, f"{prefix}\n\n{body}" if prefix else body)


def _json_job(line: int, body: str, prefix: str) -> Job:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {line} starts with '{{' but is not valid JSON ({exc.msg}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(f"line {line}: the JSON nests too deeply to be a prompt and its options") from None
    try:
        return _checked_job(line, data, prefix)
    except InputError as exc:
        exc.job_id = data.get("id") if isinstance(data, dict) else None  # type: ignore[attr-defined]
        raise


def _checked_job(line: int, data: Any, prefix: str) -> Job:
    if not isinstance(data, dict) or not isinstance(data.get("prompt"), str) or not data["prompt"].strip():
        raise InputError(f'line {line}: a JSON line needs a non-empty "prompt" string')
    unknown = set(data) - {"prompt", "id"} - set(SAMPLING_KEYS) - set(_OTHER_KEYS)
    if unknown:
        known = ", ".join(["prompt", "id", *_OTHER_KEYS, *SAMPLING_KEYS])
        raise InputError(f"line {line}: unknown key(s) {', '.join(sorted(unknown))}; a JSON line may have {known}")
    for key, kind in (SAMPLING_KEYS | _OTHER_KEYS).items():
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            raise InputError(f"line {line}: {key!r} has the wrong type ({type(value).__name__})")
    sampling = {k: data[k] for k in SAMPLING_KEYS if data.get(k) is not None}
    from llorch.config import check_sampling
    from llorch.errors import FieldError

    try:
        check_sampling(sampling)
    except FieldError as exc:
        raise InputError(f"line {line}: {exc}") from None
    if "stop" in data:
        if not all(isinstance(s, str) for s in data["stop"]):
            raise InputError(f"line {line}: 'stop' must be a list of strings")
        sampling["stop"] = tuple(data["stop"])
    prompt = data["prompt"].strip()
    return Job(line, f"{prefix}\n\n{prompt}" if prefix else prompt, data.get("id"), data.get("model"), data.get("system"),
               sampling)


def run_ordered(
    lines: Iterable[str | Exception],
    answer: Callable[[Job], Any],
    *,
    concurrency: int,
    prefix: str = "",
    window: int | None = None,
    stop: threading.Event | None = None,
) -> Iterator[Result]:
    """Answer every line with `answer(job)` (its TurnDone) in `concurrency` threads; results come out
    in input order. At most `window` lines (default 2 x concurrency) are read ahead of the output.
    An exception in place of a line (e.g. one that could not be decoded) is that line's error."""
    window = window or 2 * concurrency
    stop = stop or threading.Event()
    pending: deque[tuple[int, Job | None, Future[Any] | None, str | None, Any]] = deque()  # (…, error, a JSON line's id)
    numbered = enumerate(lines, start=1)

    def call(job: Job) -> Any:
        if stop.is_set():
            raise InputError("stopped before this line was answered")
        return answer(job)

    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="llorch-bulk")
    finished = False
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                item = next(numbered, None)
                if item is None:
                    exhausted = True
                    break
                n, text = item
                try:
                    if isinstance(text, Exception):
                        raise InputError(str(text))
                    job = parse_job(n, text, prefix)
                except InputError as exc:
                    pending.append((n, None, None, str(exc), getattr(exc, "job_id", None)))
                    continue
                pending.append((n, job, pool.submit(call, job) if job is not None else None, None, None))
            if not pending:
                finished = True
                return
            n, job, future, error, line_id = pending.popleft()
            yield _result(n, job, future, error) if line_id is None else Result(n, None, error=error, id=line_id)
    finally:
        # Leaving early (Ctrl-C, a closed pipe): lines not started never start, and nobody waits
        # for the running ones (closing the runtime's models cancels them).
        stop.set()
        pool.shutdown(wait=finished, cancel_futures=True)


def _result(n: int, job: Job | None, future: Future[Any] | None, error: str | None) -> Result:
    if future is None:
        return Result(n, job, error=error)
    try:
        done = future.result()
    except LlorchError as exc:
        return Result(n, job, error=str(exc))
    if getattr(done, "error", None):
        return Result(n, job, done, error=str(done.error))
    return Result(n, job, done)
