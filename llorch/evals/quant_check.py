"""What a quantization cost: the quantized model against its source on a short text, and their speeds.

Quality is llama-perplexity's KL divergence run (`--kl-divergence-base`) through
`run_perplexity`: the source's log-probabilities are saved to a temporary base file over a
few chunks, then the quantized model is read over the same tokens and compared with them.
Speed is llorch's bench runner (llama-bench's pp and tg, short runs) on each model.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llorch.engine.types import EngineOptions
from llorch.errors import GenerationError
from llorch.evals.perplexity import KLResult, run_perplexity

__all__ = ["QuantCheck", "Speed", "check_quantized"]

Progress = Callable[[str, int, int], None]  # what is being done, steps done, steps in all


@dataclass(frozen=True)
class Speed:
    """Tokens per second: prompt processing (pp) and text generation (tg), as llama-bench reports them."""

    pp: float
    tg: float


@dataclass(frozen=True)
class QuantCheck:
    """The quantized model (Q) against its source (base) over `chunks` chunks of `n_ctx` tokens of `text`."""

    text: str
    chunks: int
    n_ctx: int
    tokens: int  # positions scored
    ppl_source: float
    ppl_output: float
    kl: KLResult
    speed_source: Speed | None = None
    speed_output: Speed | None = None

    def to_dict(self) -> dict[str, Any]:
        kl = self.kl.to_dict()
        kl.pop("base", None)  # a temporary file, gone by now
        out: dict[str, Any] = {"text": self.text, "chunks": self.chunks, "n_ctx": self.n_ctx, "tokens": self.tokens,
                               "ppl_source": self.ppl_source, "ppl_output": self.ppl_output, "kl": kl, "speed": None}
        if self.speed_source is not None and self.speed_output is not None:
            src, dst = self.speed_source, self.speed_output
            out["speed"] = {"source": dataclasses.asdict(src), "output": dataclasses.asdict(dst),
                            "pp_ratio": dst.pp / src.pp if src.pp else None,
                            "tg_ratio": dst.tg / src.tg if src.tg else None}
        return out


def check_quantized(source: Path, output: Path, *, text: str, text_name: str, chunks: int = 3, n_ctx: int = 512,
                    options: EngineOptions | None = None, speed: bool = True, n_prompt: int = 128, n_gen: int = 32,
                    reps: int = 2, progress: Progress | None = None) -> QuantCheck:
    """Compare `output` (quantized) with `source` on `chunks` chunks of `text`, and time both unless `speed` is off.

    Raises InputError when the text is too short for two chunks of `n_ctx`, and the engine's errors
    for a model that does not load."""
    opts = options or EngineOptions()

    def step(what: str) -> Callable[[int, int], None] | None:
        return None if progress is None else lambda done, total: progress(what, done, total)

    with tempfile.TemporaryDirectory(prefix="llorch-kl-") as folder:
        base_file = Path(folder) / "source.kld"
        base = run_perplexity(source, text, n_ctx=n_ctx, chunks=chunks, save_base=base_file, options=opts,
                              progress=step("source"))
        result = run_perplexity(output, text, n_ctx=n_ctx, chunks=chunks, kl_base=base_file, options=opts,
                                progress=step("quantized"))
    if result.kl is None:  # a kl_base run always compares; this only narrows the type
        raise GenerationError(f"the KL divergence of {output.name} against {source.name} was not computed")
    speeds: tuple[Speed | None, Speed | None] = (None, None)
    if speed:
        speeds = _speeds(source, output, opts, n_prompt=n_prompt, n_gen=n_gen, reps=reps, progress=step("speed"))
    return QuantCheck(text=text_name, chunks=result.chunks, n_ctx=result.n_ctx, tokens=result.tokens,
                      ppl_source=base.ppl, ppl_output=result.ppl, kl=result.kl, speed_source=speeds[0],
                      speed_output=speeds[1])


def _speeds(source: Path, output: Path, options: EngineOptions, *, n_prompt: int, n_gen: int, reps: int,
            progress: Callable[[int, int], None] | None) -> tuple[Speed, Speed]:
    """pp and tg tokens/s of both models through the bench runner (a warm-up, then `reps` runs each)."""
    from llorch.bench.runner import run_bench
    from llorch.bench.types import BenchConfig, BenchTest

    def open_model(config: BenchConfig, n_ctx: int) -> Any:
        from llorch.engine.llama import LlamaSlots
        from llorch.orchestra.worker import Worker

        opts = dataclasses.replace(options, n_ctx=n_ctx, slots=1, kv_unified=False, speculative="off")
        engine = LlamaSlots(Path(config.path), opts)
        return Worker(engine, name=config.model)

    tests = (BenchTest(n_prompt=n_prompt), BenchTest(n_gen=n_gen))
    configs = [BenchConfig(model=name, path=str(path), threads=options.threads, n_gpu_layers=options.n_gpu_layers,
                           n_batch=options.n_batch, n_ubatch=options.n_ubatch, flash_attn=options.flash_attn,
                           cache_type_k=options.cache_type_k, cache_type_v=options.cache_type_v, repack=options.repack)
               for name, path in (("source", source), ("quantized", output))]
    done = [0]
    total = len(configs) * len(tests)

    def step(label: str) -> None:
        if progress is not None and not label:  # the runner says "" after each test
            done[0] += 1
            progress(done[0], total)

    results = run_bench(configs, tests, open_model=open_model, reps=reps, progress=step)
    by = {(r.config.model, r.test.name): r.mean for r in results}
    pp, tg = tests[0].name, tests[1].name
    return Speed(by[("source", pp)], by[("source", tg)]), Speed(by[("quantized", pp)], by[("quantized", tg)])
