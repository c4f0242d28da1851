"""LlamaSlots: a GGUF model and one llama.cpp context with N sequence slots.

The SlotEngine that a worker's scheduler drives (see llorch.orchestra.worker). The
only module above `_native/` that touches llama.cpp, and it does so lazily so that
`llorch --help` and the commands that never load a model stay fast.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from llorch import interrupts
from llorch.engine._native.bufts import amx_present, use_cpu_extra_buffers
from llorch.engine._native.build import build_info, logical_cores, physical_cores, supports_gpu_offload
from llorch.engine.slots import Prepared, Sampler, SlotLayout
from llorch.engine.text import MAX_BYTES_PER_TOKEN, check_prompt_length
from llorch.engine.types import EngineOptions, Message, ModelInfo, Request
from llorch.errors import ConfigError, ContextOverflowError, InputError, ModelFileError

__all__ = ["LlamaSlots", "amx_present", "build_info", "looks_like_base_model", "physical_cores", "plain_chat",
           "supports_gpu_offload", "use_cpu_extra_buffers", "MAX_BYTES_PER_TOKEN", "MAX_THREADS_PER_CPU"]

log = logging.getLogger("llorch.engine")

MAX_THREADS_PER_CPU = 4  # more threads than this per logical CPU only slows llama.cpp down (or aborts it)

_CHAT_MARKERS = ("instruct", "chat", "-it", "_it", " it", "sft", "dpo", "rlhf", "assistant")


def looks_like_base_model(metadata: dict[str, Any], chat_template: str | None) -> bool:
    """True when a model has no chat template or its metadata says it is a base model.

    GGUF files record fine-tuning in `general.finetune` / `general.name`; a model named
    without an instruct/chat marker whose metadata says "base" (or that has no template)
    is treated as a base model, which answers best to plain completion.
    """
    if not chat_template:
        return True
    finetune = str(metadata.get("general.finetune", "")).lower()
    if finetune:
        return finetune in ("base", "pt", "pretrained", "pretrain")
    name = " " + str(metadata.get("general.name", "")).lower()
    if any(marker in name for marker in _CHAT_MARKERS):
        return False
    return str(metadata.get("general.type", "")).lower() == "base" or name.rstrip().endswith(("base", "-pt"))


def plain_chat(messages: tuple[Message, ...]) -> str:
    """A neutral transcript for models without a chat template."""
    names = {"system": "System", "user": "User", "assistant": "Assistant"}
    lines = [f"{names.get(m.role, m.role.title())}: {m.content}" for m in messages]
    return "\n".join(lines) + "\nAssistant:"


def check_threads(value: int, key: str) -> int:
    """A thread count llama.cpp can use; absurd counts are refused rather than aborting it."""
    cap = MAX_THREADS_PER_CPU * logical_cores()
    if value > cap:
        raise ConfigError(
            f"{key} = {value:,} is more threads than this machine can use (at most {cap}: "
            f"{MAX_THREADS_PER_CPU} per logical CPU); leave it at 0 for one per physical core"
        )
    return value or physical_cores()


class LlamaSlots:
    """Loads in the constructor; `close()` frees the context, then the model.

    Threading: see llorch.engine.slots — the context-level methods belong to the
    worker's scheduler thread alone.
    """

    def __init__(self, path: str | Path, options: EngineOptions | None = None, *, name: str | None = None,
                 cancel: Callable[[], bool] | None = None) -> None:
        """`cancel` (checked while the weights load) stops a load nobody waits for any more."""
        from llorch.engine._native.context import Batch, ContextParams, NativeContext
        from llorch.engine._native.lib import llama_cpp
        from llorch.engine._native.model import NativeModel

        self._path = Path(path)
        self._options = opts = options or EngineOptions()
        self._name = name or self._path.name
        threads = check_threads(opts.threads, "engine.threads (--threads)")
        threads_batch = check_threads(opts.threads_batch, "engine.threads_batch") if opts.threads_batch else threads
        if opts.cache_type_v not in ("f16", "f32", "bf16") and not opts.flash_attn:
            raise ConfigError(
                f"a quantized V cache (engine.cache_type_v = {opts.cache_type_v!r}) needs flash attention; "
                'set engine.flash_attn = true or use cache_type_v = "f16"'
            )
        lib = llama_cpp()
        self._lib = lib
        self._n_gpu_layers = self._resolve_gpu_layers(lib, opts.n_gpu_layers)
        start = time.perf_counter()
        self.notes: list[str] = []  # what the user should be told about how the model was loaded
        # What is made here is owned or freed before a Ctrl-C is raised: the CLI's handler records
        # it meanwhile, the load aborts on it, and it is raised here once nothing is half made.
        with interrupts.deferred():
            self._model = NativeModel(self._path, n_gpu_layers=self._n_gpu_layers, use_mmap=opts.use_mmap,
                                      repack=opts.repack, amx=opts.amx, cancel=cancel)
            try:
                n_ctx = self._context_size(opts)
                slots = max(1, opts.slots)
                if not opts.kv_unified:
                    n_ctx *= slots  # each slot gets the context asked for
                self._check_memory(n_ctx, slots, opts)
                self._ctx = NativeContext(
                    self._model,
                    ContextParams(
                        n_ctx=n_ctx, n_seq=slots, n_batch=opts.n_batch, n_ubatch=opts.n_ubatch, threads=threads,
                        threads_batch=threads_batch, flash_attn=opts.flash_attn, cache_type_k=opts.cache_type_k,
                        cache_type_v=opts.cache_type_v, kv_unified=opts.kv_unified, swa_full=opts.swa_full,
                    ),
                )
                try:
                    self._batch = Batch(self._ctx.n_batch)
                    if interrupts.take_pending():
                        raise KeyboardInterrupt
                except BaseException:
                    self._ctx.close()
                    raise
            except BaseException:
                self._model.close()
                raise
        self._load_ms = (time.perf_counter() - start) * 1000.0
        ctx, model = self._ctx, self._model
        self.layout = SlotLayout(
            n_ctx=ctx.n_ctx, n_ctx_seq=ctx.n_ctx_seq, n_seq=ctx.n_seq, n_batch=ctx.n_batch, unified=opts.kv_unified,
            n_swa=model.n_swa, partial_rm=not model.recurrent,
        )
        metadata = model.metadata
        template = metadata.get("tokenizer.chat_template") or None
        self._chat_template: str | None = template
        self._formatter: Any = None
        self._grammars: dict[str, str] = {}
        self._info = ModelInfo(
            path=str(self._path),
            name=self._name,
            architecture=str(metadata.get("general.architecture", "unknown")),
            description=model.description(),
            n_params=model.n_params(),
            size_bytes=model.size_bytes(),
            n_ctx_train=model.n_ctx_train,
            n_ctx=ctx.n_ctx_seq,
            n_vocab=model.n_vocab,
            chat_template=template,
            is_base_model=looks_like_base_model(metadata, template),
            n_gpu_layers=self._n_gpu_layers,
            load_ms=self._load_ms,
            metadata=metadata,
            notes=tuple(self.notes),
        )
        log.debug(
            "loaded %s in %.0f ms (n_ctx=%d in %d slot(s), per slot %d, unified=%s, n_batch=%d, gpu layers=%d, swa=%d)",
            self._path, self._load_ms, ctx.n_ctx, ctx.n_seq, ctx.n_ctx_seq, opts.kv_unified, ctx.n_batch,
            self._n_gpu_layers, model.n_swa,
        )

    def _context_size(self, opts: EngineOptions) -> int:
        """The context per slot: the one asked for, capped at the model's training context unless
        engine.ctx_over_train says otherwise (past it, most models answer badly, and memory runs out)."""
        train = self._model.n_ctx_train
        asked = opts.n_ctx or train
        if train and asked > train and not opts.ctx_over_train:
            self.notes.append(f"{self._name}: context {asked:,} capped at {train:,}, the context it was trained on "
                              "(set engine.ctx_over_train = true to go past it)")
            return train
        return asked

    def _check_memory(self, cells: int, slots: int, opts: EngineOptions) -> None:
        """Refuse a KV cache that cannot fit in memory, with the figures, before llama.cpp tries."""
        from llorch.engine.memory import available_memory, estimate_kv

        if cells >= 2**31:
            raise ConfigError(f"a context of {cells:,} tokens is more than llama.cpp can address; lower engine.n_ctx")
        if self._n_gpu_layers != 0:
            return  # the cache goes to the GPU: llama.cpp checks device memory itself
        need = estimate_kv(self._model.metadata, cells, opts.cache_type_k, opts.cache_type_v)
        free = available_memory()
        if need is None or free is None:
            return
        if need.bytes > free:
            raise ConfigError(
                f"{self._name}: a {cells:,}-token context ({slots} slot(s)) needs {need.describe()}, but "
                f"{free / 2**30:,.1f} GiB of memory is available; lower engine.n_ctx (--ctx-size) or engine.slots, "
                "or use a quantized KV cache (engine.cache_type_k/v = \"q8_0\" with flash_attn)"
            )

    @staticmethod
    def _resolve_gpu_layers(lib: Any, value: int | str) -> int:
        """Layers to offload: none where the build cannot offload (llama.cpp would ignore the number, and
        the model's info, bench's backend column and `ps` would say GPU on a CPU-only build)."""
        if not lib.llama_supports_gpu_offload():
            return 0
        return -1 if value in ("all", "auto") else int(value)

    # --- model level (any thread) ------------------------------------------------

    def info(self) -> ModelInfo:
        return self._info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return self._model.tokenize(text.encode("utf-8"), add_bos=add_bos, special=special)

    def piece(self, token: int) -> bytes:
        return self._model.piece(token)

    def token_text(self, token: int) -> str:
        return self._model.token_text(token)

    def is_eog(self, token: int) -> bool:
        return self._model.is_eog(token)

    def vocab_facts(self) -> dict[str, int | bool]:
        """What must match for another model's tokens to mean the same (see draftmodel.check_compatible)."""
        return self._model.vocab_facts()

    def bos(self) -> int | None:
        """The BOS token tokenizing puts before a text, or None when this model's vocabulary adds none."""
        return self._model.bos() if self._model.adds_bos() else None

    def render_prompt(self, request: Request) -> str:
        return self._prompt(request)[0]

    def _prompt(self, request: Request) -> tuple[str, bool, tuple[str, ...]]:
        """The prompt text, whether to add BOS, and the template's stop strings."""
        if not request.is_chat:
            return request.prompt or "", True, ()
        if self._chat_template is None:
            return plain_chat(request.messages) + request.prefill, True, ("\nUser:",)
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            model = self._model
            eos, bos = model.eos(), model.bos()
            try:
                self._formatter = Jinja2ChatFormatter(
                    template=self._chat_template,
                    eos_token=model.token_text(eos) if eos != -1 else "",
                    bos_token=model.token_text(bos) if bos != -1 else "",
                    stop_token_ids=[eos],
                )
            except Exception as exc:  # jinja2's TemplateSyntaxError and kin: the model's fault, so a chain goes on
                raise ModelFileError(f"{self.info().name}'s chat template does not compile ({exc}); run it with --raw "
                                     "(plain completion), or use another build of the model") from None
        try:
            result = self._formatter(messages=[{"role": m.role, "content": m.content} for m in request.messages])
        except Exception as exc:  # jinja2 errors, raise_exception() in templates
            raise InputError(f"the model's chat template rejected the conversation: {exc}") from None
        stops = result.stop if isinstance(result.stop, list) else [result.stop] if result.stop else []
        return result.prompt + request.prefill, not result.added_special, tuple(s for s in stops if s)

    def prepare(self, request: Request) -> Prepared:
        """Tokens, stop strings and a sampler for `request`; bad input fails here, in the caller's thread."""
        from llorch.engine._native.sampler import SamplerChain, grammar_from_schema

        n_ctx = self.layout.n_ctx_seq
        if request.tokens:
            tokens, stops = list(request.tokens), tuple[str, ...]()
        else:
            # Far more text than the context holds is refused before the template is rendered.
            chars = sum(len(m.content) for m in request.messages) if request.is_chat else len(request.prompt or "")
            check_prompt_length(chars, n_ctx, self._info.n_ctx_train)
            prompt, add_bos, stops = self._prompt(request)
            tokens = self.tokenize(prompt, add_bos=add_bos, special=request.is_chat)
        if not tokens:
            raise InputError("the prompt is empty; give some text to answer")
        if len(tokens) >= n_ctx:
            raise ContextOverflowError(
                f"the prompt is {len(tokens):,} tokens but the context holds {n_ctx:,}; shorten it "
                f"or raise engine.n_ctx (this model was trained on {self._info.n_ctx_train:,})",
                prompt_tokens=len(tokens),
                n_ctx=n_ctx,
            )
        grammar = None
        if request.grammar_schema is not None:
            grammar = self._grammars.get(request.grammar_schema)
            if grammar is None:
                grammar = self._grammars[request.grammar_schema] = grammar_from_schema(request.grammar_schema)
        sampling = request.sampling
        seed = sampling.seed if sampling.seed is not None else random.randrange(0, 2**31)
        sampler = SamplerChain(self._model.vocab, self._model.n_vocab, sampling, seed, grammar)
        return Prepared(
            tokens=tuple(tokens), stops=tuple(sampling.stop) + tuple(stops), sampler=sampler, seed=seed,
            max_new=max(0, min(sampling.max_tokens, n_ctx - len(tokens))), ignore_eos=request.ignore_eos,
        )

    def state_key(self) -> str:
        """Saved sequence states load only into the same file with the same KV settings, and the same
        number of KV streams (one per slot unless unified: llama.cpp refuses a state of another)."""
        st = self._path.stat()
        o = self._options
        streams = 1 if o.kv_unified else self.layout.n_seq
        text = f"{self._path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{o.cache_type_k}|{o.cache_type_v}|{o.flash_attn}|{o.swa_full}"
        if streams > 1:
            text += f"|streams={streams}"  # one stream keeps the key it always had: saved prefixes stay valid
        return hashlib.sha256(text.encode()).hexdigest()[:20]

    # --- context level (the scheduler thread only) -----------------------------------

    def decode(self, entries: Sequence[tuple[int, int, int, bool]]) -> int:
        batch = self._batch
        batch.clear()
        for token, pos, seq, logits in entries:
            batch.add(token, pos, seq, logits)
        return self._ctx.decode(batch)

    def sample(self, sampler: Sampler, index: int) -> int:
        return sampler.sample(self._ctx.ptr, index)

    def token_logprobs(self, index: int, token: int, top: int = 0) -> tuple[float, float, tuple[tuple[int, float], ...]]:
        return self._ctx.token_logprobs(index, token, top)

    def greedy(self, index: int) -> tuple[int, float]:
        """The most likely token at batch index `index` and its probability under the raw softmax (a draft
        model's pick, see llorch.orchestra.draftmodel)."""
        import numpy as np

        row = self._ctx.logits_rows(index)[0]
        token = int(np.argmax(row))
        weights = np.exp(row.astype(np.float64) - float(row[token]))
        return token, float(1.0 / weights.sum())

    def logits(self, index: int, rows: int = 1) -> Any:
        """float32 (rows, n_vocab) logits from batch index `index` on; a view, valid until the next decode."""
        return self._ctx.logits_rows(index, rows)

    def clear(self) -> None:
        """Forget every sequence's KV cells (llama_memory_clear), as a raw evaluation starts."""
        self._ctx.clear()

    def seq_rm(self, seq: int, p0: int, p1: int = -1) -> bool:
        return self._ctx.seq_rm(seq, p0, p1)

    def seq_cp(self, src: int, dst: int, p0: int, p1: int) -> None:
        self._ctx.seq_cp(src, dst, p0, p1)

    def seq_pos_min(self, seq: int) -> int:
        return self._ctx.seq_pos_min(seq)

    def save_seq(self, seq: int, path: Path, tokens: list[int]) -> int:
        return self._ctx.save_seq(seq, path, tokens)

    def load_seq(self, seq: int, path: Path, capacity: int) -> list[int] | None:
        return self._ctx.load_seq(seq, path, capacity)

    def bench(self, n_prompt: int, n_gen: int, depth: int = 0, seed: int = 0) -> tuple[float, float, float]:
        """Time raw decoding like llama-bench: random tokens on sequence 0, no sampling, cache cleared first.

        Returns (prompt ms, generation ms, first generated token ms)."""
        rng = random.Random(seed)
        n_vocab = self._model.n_vocab
        ctx, n_batch = self._ctx, self._ctx.n_batch
        pos = 0
        need = depth + n_prompt + n_gen
        if need > ctx.n_ctx_seq:  # say so now, not after filling the context with a long prompt
            capped = (f"; {self._name} is capped at the {ctx.n_ctx_seq:,} tokens it was trained on "
                      "(set engine.ctx_over_train = true to go past it)"
                      if ctx.n_ctx_seq == self._model.n_ctx_train else "")
            raise ContextOverflowError(
                f"the benchmark needs {need:,} tokens of context (depth + -p + -n) but the context holds "
                f"{ctx.n_ctx_seq:,}{capped}; lower -p, -n or -d",
                prompt_tokens=need, n_ctx=ctx.n_ctx_seq,
            )

        def feed(n: int) -> None:
            nonlocal pos
            for start in range(0, n, n_batch):
                size = min(n_batch, n - start)
                # Logits for the last token of each chunk, as llama-bench's llama_batch_get_one asks.
                chunk = [(rng.randrange(n_vocab), pos + i, 0, i == size - 1) for i in range(size)]
                pos += len(chunk)
                if self.decode(chunk) != 0:
                    raise ContextOverflowError(
                        f"the benchmark needs {depth + n_prompt + n_gen:,} tokens but the context holds {ctx.n_ctx_seq:,}",
                        prompt_tokens=depth + n_prompt + n_gen, n_ctx=ctx.n_ctx_seq,
                    )
            ctx.synchronize()

        ctx.clear()
        try:
            feed(depth)
            start = time.perf_counter()
            if n_prompt:
                feed(n_prompt)
            prompt_done = first = time.perf_counter()
            for i in range(n_gen):
                feed(1)
                if i == 0:
                    first = time.perf_counter()
            end = time.perf_counter()
        finally:
            ctx.clear()
        return (prompt_done - start) * 1000.0, (end - prompt_done) * 1000.0, (first - prompt_done) * 1000.0

    def close(self) -> None:
        """Free the context, then the model. Call only after the scheduler thread has stopped."""
        if getattr(self, "_ctx", None) is not None:
            self._batch.close()
            self._ctx.close()
            self._model.close()
            self._ctx = None  # type: ignore[assignment]
