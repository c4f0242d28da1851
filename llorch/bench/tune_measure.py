"""The two workloads `llorch bench --tune` ranks settings by, as measure functions for llorch.bench.tune.

- single stream: llama-bench's raw decode of one sequence, `pp N` then `tg M` from an empty
  cache; ranked by the tokens/s of the whole (N + M tokens over both phases' time), the speed
  one request of that shape sees; pp and tg are reported apart too.
- batched: `requests` requests submitted at once to one worker with the setting's slots
  (more requests than slots wait their turn), each a short prompt and M generated tokens, as
  `llorch bench --parallel` submits them; ranked by the generated tokens of all of them over
  the wall time (prompts included): what a bulk run or a busy server gets through.

Each loads the model once per call, warms it up (untimed, as llama-bench), then times a run
per `next()`; closing the generator closes the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from llorch.bench.parallel import submit_streams
from llorch.bench.runner import timed_decode
from llorch.bench.tune import Sample, Setting
from llorch.orchestra.pool import as_worker

__all__ = ["OpenSetting", "batched", "single_stream"]

OpenSetting = Callable[[Setting, int], Any]  # a setting and the context per slot -> a loaded model
_ROOM = 16  # context cells beyond the test's tokens


def single_stream(open_model: OpenSetting, *, n_prompt: int, n_gen: int, seed: int = 0) -> Callable[[Setting], Iterator[Sample]]:
    """pp `n_prompt` + tg `n_gen` of one sequence, on one slot."""

    def measure(setting: Setting) -> Iterator[Sample]:
        worker = as_worker(open_model(replace(setting, slots=1), n_prompt + n_gen + _ROOM))
        try:
            timed_decode(worker, min(n_prompt, 16), 1, 0, seed)  # warm-up: threads, caches, first-call costs
            k = 0
            while True:
                k += 1
                prompt_ms, gen_ms, _first = timed_decode(worker, n_prompt, n_gen, 0, seed + k)
                total_s = (prompt_ms + gen_ms) / 1000.0
                yield Sample(
                    score=(n_prompt + n_gen) / total_s if total_s > 0 else 0.0,
                    tg=n_gen / (gen_ms / 1000.0) if gen_ms > 0 else 0.0,
                    pp=n_prompt / (prompt_ms / 1000.0) if prompt_ms > 0 else 0.0,
                )
        finally:
            worker.close()

    return measure


def batched(open_model: OpenSetting, *, requests: int, n_prompt: int, n_gen: int, unified: bool = False,
            seed: int = 0) -> Callable[[Setting], Iterator[Sample]]:
    """`requests` requests at once on the setting's slots: generated tokens of all over the wall time."""

    def measure(setting: Setting) -> Iterator[Sample]:
        per_slot = n_prompt + n_gen + _ROOM
        # With a unified KV cache the context is shared by every slot; otherwise it is per slot.
        worker = as_worker(open_model(setting, per_slot * setting.slots if unified else per_slot))
        try:
            n_vocab = worker.info().n_vocab or 32000
            submit_streams(worker, 1, min(n_prompt, 16), 2, n_vocab, seed)  # warm-up
            k = 0
            while True:
                k += 1
                _t_pp, _t_tg, wall, _in_tg, done = submit_streams(worker, requests, n_prompt, n_gen, n_vocab, seed + k)
                tokens = sum(c.usage.completion_tokens for c in done)
                rate = tokens / wall if wall > 0 else 0.0
                yield Sample(score=rate, tg=rate)
        finally:
            worker.close()

    return measure
