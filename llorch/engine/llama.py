"""LlamaBackend: llama.cpp in-process through llama-cpp-python.

This is the only module that imports `llama_cpp`, and it does so lazily so that
`llorch --help` and the commands that never load a model stay fast.

Threading rule: one LlamaBackend (one llama.cpp context) is used by one thread at a
time. ctypes releases the GIL during llama.cpp calls, so other threads keep running.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import io
import logging
import math
import os
import random
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from llorch.engine.text import StopMatcher
from llorch.engine.types import (
    BuildInfo,
    Completion,
    DeviceInfo,
    EngineOptions,
    Event,
    Message,
    ModelInfo,
    Request,
    Timings,
    TokenEvent,
    TokenLogprob,
    Usage,
)
from llorch.errors import (
    ConfigError,
    ContextOverflowError,
    GenerationError,
    InputError,
    ModelFileError,
    ModelLoadError,
    ModelNotFoundError,
)

__all__ = ["LlamaBackend", "build_info", "physical_cores"]

log = logging.getLogger("llorch.engine")
native_log = logging.getLogger("llorch.llama_cpp")

# ggml_log_level (NONE, DEBUG, INFO, WARN, ERROR) -> logging level; CONT=5 continues a line.
_LEVELS = {0: logging.DEBUG, 1: logging.DEBUG, 2: logging.INFO, 3: logging.WARNING, 4: logging.ERROR}

# The C callback must stay referenced for as long as llama.cpp may call it, and the
# recent error lines explain a failed load; both live for the process.
_log_state: dict[str, Any] = {"callback": None, "level": logging.INFO, "line": ""}
_recent_errors: deque[str] = deque(maxlen=8)
_import_lock = threading.Lock()


def _llama_cpp() -> Any:
    """Import llama_cpp on first use and route its log output to llorch's logger."""
    with _import_lock:
        import llama_cpp

        if _log_state["callback"] is None:
            _install_log_callback(llama_cpp)
        return llama_cpp


def _install_log_callback(llama_cpp: Any) -> None:
    @llama_cpp.llama_log_callback
    def _callback(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
        try:
            if level != 5:
                _log_state["level"] = _LEVELS.get(level, logging.INFO)
            chunk = _log_state["line"] + text.decode("utf-8", errors="replace")
            *lines, _log_state["line"] = chunk.split("\n")
            for line in lines:
                if line.strip():
                    lvl = _log_state["level"]
                    if lvl >= logging.WARNING:
                        _recent_errors.append(line.strip())
                    native_log.log(lvl, "%s", line)
        except Exception:  # noqa: BLE001 - an exception must never cross into C
            pass

    llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))
    _log_state["callback"] = _callback


class _LogWriter(io.TextIOBase):
    """A text stream that turns llama-cpp-python's own prints into debug log lines."""

    def write(self, text: str) -> int:
        for line in text.splitlines():
            if line.strip():
                native_log.debug("%s", line)
        return len(text)


def physical_cores() -> int:
    """Physical cores available to this process (llama.cpp's default thread count)."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
    cores: set[str] = set()
    for cpu in cpus:
        try:
            siblings = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology/thread_siblings_list").read_text()
        except OSError:
            return max(1, len(cpus))
        cores.add(siblings.strip())
    return max(1, len(cores))


def _gguf_kv_type(llama_cpp: Any, name: str, key: str) -> int:
    value = getattr(llama_cpp, f"GGML_TYPE_{name.upper()}", None)
    if value is None:
        raise ConfigError(f"'{key}' = {name!r} is not a KV cache type this llama.cpp build knows")
    return int(value)


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


class LlamaBackend:
    """A GGUF model loaded into one llama.cpp context.

    Loads in the constructor; use as a context manager or call `close()`.
    """

    def __init__(self, path: str | Path, options: EngineOptions | None = None, *, name: str | None = None) -> None:
        self._path = Path(path)
        self._options = options or EngineOptions()
        self._name = name or self._path.name
        self._cancel = threading.Event()
        self._closed = False
        if not self._path.is_file():
            raise ModelNotFoundError(f"model file not found: {self._path}")
        from llorch.engine.gguf import has_gguf_magic

        if not has_gguf_magic(self._path):
            from llorch.engine.gguf import read_gguf

            read_gguf(self._path)  # raises a ModelFileError that says what the file is
        llama_cpp = _llama_cpp()
        self._llama_cpp = llama_cpp
        opts = self._options
        if opts.cache_type_v not in ("f16", "f32", "bf16") and not opts.flash_attn:
            raise ConfigError(
                f"a quantized V cache (engine.cache_type_v = {opts.cache_type_v!r}) needs flash attention; "
                "set engine.flash_attn = true or use cache_type_v = \"f16\""
            )
        self._n_gpu_layers = self._resolve_gpu_layers(opts.n_gpu_layers)
        threads = opts.threads or physical_cores()
        kwargs: dict[str, Any] = dict(
            model_path=str(self._path),
            n_ctx=opts.n_ctx,
            n_batch=opts.n_batch,
            n_ubatch=opts.n_ubatch,
            n_threads=threads,
            n_threads_batch=opts.threads_batch or threads,
            n_gpu_layers=self._n_gpu_layers,
            flash_attn=opts.flash_attn,
            use_mmap=opts.use_mmap,
            type_k=_gguf_kv_type(llama_cpp, opts.cache_type_k, "engine.cache_type_k"),
            type_v=_gguf_kv_type(llama_cpp, opts.cache_type_v, "engine.cache_type_v"),
            # verbose=False would dup2 the process's stdout/stderr away during load; keep
            # it True, catch the Python prints here and llama.cpp's via the log callback.
            verbose=True,
        )
        _recent_errors.clear()
        start = time.perf_counter()
        try:
            with contextlib.redirect_stdout(_LogWriter()), contextlib.redirect_stderr(_LogWriter()):
                self._llm = llama_cpp.Llama(**kwargs)
        except (ValueError, RuntimeError, OSError) as exc:
            raise self._load_error(exc) from None
        self._load_ms = (time.perf_counter() - start) * 1000.0
        self._llm.verbose = False  # silence per-call prints such as prefix-match notices
        self._vocab = self._llm._model.vocab
        self._n_vocab = self._llm.n_vocab()
        metadata = dict(self._llm.metadata)
        template = metadata.get("tokenizer.chat_template") or None
        self._chat_template: str | None = template
        self._formatter: Any = None
        self._info = ModelInfo(
            path=str(self._path),
            name=self._name,
            architecture=str(metadata.get("general.architecture", "unknown")),
            description=self._llm._model.desc(),
            n_params=int(self._llm._model.n_params()),
            size_bytes=int(self._llm._model.size()),
            n_ctx_train=int(self._llm._model.n_ctx_train()),
            n_ctx=int(self._llm.n_ctx()),
            n_vocab=self._n_vocab,
            chat_template=template,
            is_base_model=looks_like_base_model(metadata, template),
            n_gpu_layers=self._n_gpu_layers,
            load_ms=self._load_ms,
            metadata=metadata,
        )
        log.debug("loaded %s in %.0f ms (n_ctx=%d, gpu layers=%d)", self._path, self._load_ms, self._info.n_ctx, self._n_gpu_layers)

    # --- loading ---------------------------------------------------------

    def _resolve_gpu_layers(self, value: int | str) -> int:
        if value == "all":
            return -1
        if value == "auto":
            return -1 if self._llama_cpp.llama_supports_gpu_offload() else 0
        return int(value)

    def _load_error(self, exc: BaseException) -> Exception:
        from llorch.engine.gguf import read_gguf

        try:
            read_gguf(self._path)  # a truncated or corrupt file explains itself
        except (ModelFileError, ModelNotFoundError) as file_error:
            return file_error
        reason = str(exc)
        for line in _recent_errors:  # llama.cpp's own words, e.g. "unknown model architecture"
            if "error loading model:" in line:
                reason = line.split("error loading model:", 1)[1].strip()
                break
        else:
            if _recent_errors:
                reason = _recent_errors[-1]
        return ModelLoadError(f"llama.cpp could not load {self._path}: {reason}; run with --verbose for its log")

    # --- Backend protocol --------------------------------------------------

    def info(self) -> ModelInfo:
        return self._info

    def tokenize(self, text: str, *, add_bos: bool = True, special: bool = False) -> list[int]:
        return list(self._llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=special))

    def detokenize(self, tokens: list[int]) -> str:
        return bytes(self._llm.detokenize(tokens)).decode("utf-8", errors="replace")

    def cancel(self) -> None:
        """Ask the generation in progress (from any thread) to stop after its current token."""
        self._cancel.set()

    def render_prompt(self, request: Request) -> str:
        return self._prompt(request)[0]

    def _prompt(self, request: Request) -> tuple[str, bool, tuple[str, ...]]:
        """The prompt text, whether to add BOS, and the template's stop strings."""
        if not request.is_chat:
            return request.prompt or "", True, ()
        if self._chat_template is None:
            return _plain_chat(request.messages), True, ("\nUser:",)
        if self._formatter is None:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            model = self._llm._model
            eos, bos = self._llm.token_eos(), self._llm.token_bos()
            self._formatter = Jinja2ChatFormatter(
                template=self._chat_template,
                eos_token=model.token_get_text(eos) if eos != -1 else "",
                bos_token=model.token_get_text(bos) if bos != -1 else "",
                stop_token_ids=[eos],
            )
        try:
            result = self._formatter(messages=[{"role": m.role, "content": m.content} for m in request.messages])
        except Exception as exc:  # jinja2 errors, raise_exception() in templates
            raise InputError(f"the model's chat template rejected the conversation: {exc}") from None
        stops = result.stop if isinstance(result.stop, list) else [result.stop] if result.stop else []
        return result.prompt, not result.added_special, tuple(s for s in stops if s)

    def generate(self, request: Request) -> Iterator[Event]:
        if self._closed:
            raise GenerationError("the model was closed; load it again")
        llm, llama_cpp = self._llm, self._llama_cpp
        sampling = request.sampling
        prompt, add_bos, template_stops = self._prompt(request)
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=add_bos, special=request.is_chat)
        n_ctx = llm.n_ctx()
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
            grammar = self._grammar(request.grammar_schema)
        seed = sampling.seed if sampling.seed is not None else random.randrange(0, 2**31)
        llm.set_seed(seed)
        max_new = min(sampling.max_tokens, n_ctx - len(tokens))
        cached = _common_prefix(llm._input_ids, tokens)
        self._cancel.clear()
        return self._run(request, tokens, grammar, seed, max_new, cached, template_stops, llama_cpp)

    def _grammar(self, schema: str) -> Any:
        from llama_cpp.llama_grammar import LlamaGrammar

        try:
            with contextlib.redirect_stdout(_LogWriter()), contextlib.redirect_stderr(_LogWriter()):
                return LlamaGrammar.from_json_schema(schema, verbose=False)
        except Exception as exc:  # the converter raises assorted errors on bad schemas
            raise InputError(f"the JSON schema cannot be turned into a grammar: {exc}") from None

    def _run(
        self,
        request: Request,
        tokens: list[int],
        grammar: Any,
        seed: int,
        max_new: int,
        cached: int,
        template_stops: tuple[str, ...],
        llama_cpp: Any,
    ) -> Iterator[Event]:
        llm = self._llm
        sampling = request.sampling
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        matcher = StopMatcher(sampling.stop + template_stops)
        pieces: list[str] = []
        logprobs: list[TokenLogprob] = []
        n_generated = 0
        finish = "length"
        ttft_ms = 0.0
        llama_cpp.llama_perf_context_reset(llm.ctx)
        start = time.perf_counter()
        gen = llm.generate(
            tokens,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            grammar=grammar,
        )
        try:
            for token in gen:
                if n_generated == 0:
                    ttft_ms = (time.perf_counter() - start) * 1000.0
                if llama_cpp.llama_vocab_is_eog(self._vocab, token):
                    finish = "stop"
                    break
                logprob = self._logprob(token) if request.logprobs else None
                piece = decoder.decode(llm.detokenize([token]))
                text = matcher.feed(piece)
                n_generated += 1
                if text:
                    pieces.append(text)
                if logprob is not None:
                    logprobs.append(TokenLogprob(piece, token, logprob))
                yield TokenEvent(text=text, token_id=token, logprob=logprob)
                if matcher.stopped:
                    finish = "stop"
                    break
                if self._cancel.is_set():
                    finish = "cancelled"
                    break
                if n_generated >= max_new:
                    finish = "length" if n_generated >= sampling.max_tokens else "context"
                    break
        except RuntimeError as exc:
            llm.reset()
            raise GenerationError(f"llama.cpp failed while answering: {exc}") from None
        except GeneratorExit:
            raise  # the caller stopped reading at a token boundary: the cache is consistent
        except BaseException:
            # Interrupted (Ctrl-C) inside llama.cpp: the cached token state may be
            # half-updated, so drop it rather than reuse a wrong prefix next time.
            llm.reset()
            raise
        finally:
            gen.close()
        tail = "" if matcher.stopped else matcher.feed(decoder.decode(b"", final=True)) + matcher.flush()
        if tail:
            pieces.append(tail)
            yield TokenEvent(text=tail, token_id=-1)
        total_ms = (time.perf_counter() - start) * 1000.0
        perf = llama_cpp.llama_perf_context(llm.ctx)
        timings = Timings(
            load_ms=self._load_ms,
            prompt_eval_ms=float(perf.t_p_eval_ms),
            prompt_eval_tokens=int(perf.n_p_eval),
            eval_ms=float(perf.t_eval_ms),
            eval_tokens=int(perf.n_eval),
            ttft_ms=ttft_ms,
            total_ms=total_ms,
        )
        yield Completion(
            text="".join(pieces),
            finish_reason=finish,  # type: ignore[arg-type]
            usage=Usage(prompt_tokens=len(tokens), completion_tokens=n_generated, cached_tokens=cached),
            timings=timings,
            model=self._name,
            seed=seed,
            logprobs=tuple(logprobs) if request.logprobs else None,
        )

    def _logprob(self, token: int) -> float:
        """Log-probability of `token` under the model's raw distribution at this step."""
        import numpy as np

        ptr = self._llama_cpp.llama_get_logits_ith(self._llm.ctx, -1)
        logits = np.ctypeslib.as_array(ptr, shape=(self._n_vocab,)).astype(np.float64)
        top = float(logits.max())
        return float(logits[token] - top - math.log(float(np.exp(logits - top).sum())))

    def bench(self, n_prompt: int, n_gen: int, depth: int = 0, seed: int = 0) -> tuple[float, float, float]:
        """Time raw decoding like llama-bench: random tokens, no sampling, cache cleared first."""
        llm, llama_cpp = self._llm, self._llama_cpp
        rng = random.Random(seed)
        n_vocab = self._n_vocab

        def tokens(n: int) -> list[int]:
            return [rng.randrange(n_vocab) for _ in range(n)]

        llm.reset()
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(llm.ctx), True)
        if depth:
            llm.eval(tokens(depth))
        ctx = llm.ctx
        start = time.perf_counter()
        if n_prompt:
            llm.eval(tokens(n_prompt))
            llama_cpp.llama_synchronize(ctx)
        prompt_done = time.perf_counter()
        first = prompt_done
        for i in range(n_gen):
            llm.eval(tokens(1))
            llama_cpp.llama_synchronize(ctx)
            if i == 0:
                first = time.perf_counter()
        end = time.perf_counter()
        llm.reset()
        return (prompt_done - start) * 1000.0, (end - prompt_done) * 1000.0, (first - prompt_done) * 1000.0

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._llm.close()

    def __enter__(self) -> LlamaBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _common_prefix(a: Any, b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _plain_chat(messages: tuple[Message, ...]) -> str:
    """A neutral transcript for models without a chat template."""
    names = {"system": "System", "user": "User", "assistant": "Assistant"}
    lines = [f"{names.get(m.role, m.role.title())}: {m.content}" for m in messages]
    return "\n".join(lines) + "\nAssistant:"


# --- what the build can do ----------------------------------------------------

_DEVICE_KINDS = {0: "cpu", 1: "gpu", 2: "igpu", 3: "accel"}


def build_info() -> BuildInfo:
    """Compiled backends, devices and their memory, GPU offload support, system info."""
    llama_cpp = _llama_cpp()
    backends: list[str] = []
    devices: list[DeviceInfo] = []
    try:
        from llama_cpp._ggml import libggml

        lib = libggml
        lib.ggml_backend_reg_count.restype = ctypes.c_size_t
        lib.ggml_backend_reg_get.argtypes = [ctypes.c_size_t]
        lib.ggml_backend_reg_get.restype = ctypes.c_void_p
        lib.ggml_backend_reg_name.argtypes = [ctypes.c_void_p]
        lib.ggml_backend_reg_name.restype = ctypes.c_char_p
        lib.ggml_backend_dev_count.restype = ctypes.c_size_t
        lib.ggml_backend_dev_get.argtypes = [ctypes.c_size_t]
        lib.ggml_backend_dev_get.restype = ctypes.c_void_p
        for fn in ("ggml_backend_dev_name", "ggml_backend_dev_description"):
            getattr(lib, fn).argtypes = [ctypes.c_void_p]
            getattr(lib, fn).restype = ctypes.c_char_p
        lib.ggml_backend_dev_type.argtypes = [ctypes.c_void_p]
        lib.ggml_backend_dev_type.restype = ctypes.c_int
        lib.ggml_backend_dev_memory.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_size_t)]
        lib.ggml_backend_dev_memory.restype = None
        for i in range(lib.ggml_backend_reg_count()):
            backends.append(lib.ggml_backend_reg_name(lib.ggml_backend_reg_get(i)).decode())
        for i in range(lib.ggml_backend_dev_count()):
            dev = lib.ggml_backend_dev_get(i)
            free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
            lib.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
            devices.append(
                DeviceInfo(
                    name=lib.ggml_backend_dev_name(dev).decode(),
                    description=lib.ggml_backend_dev_description(dev).decode(errors="replace"),
                    kind=_DEVICE_KINDS.get(lib.ggml_backend_dev_type(dev), "other"),
                    memory_total=int(total.value),
                    memory_free=int(free.value),
                )
            )
    except (AttributeError, OSError) as exc:  # an older or unusual build: report what we can
        log.debug("device enumeration unavailable: %s", exc)
    return BuildInfo(
        llama_cpp_python=str(getattr(llama_cpp, "__version__", "unknown")),
        backends=tuple(backends),
        devices=tuple(devices),
        gpu_offload=bool(llama_cpp.llama_supports_gpu_offload()),
        mmap=bool(llama_cpp.llama_supports_mmap()),
        system_info=llama_cpp.llama_print_system_info().decode("utf-8", errors="replace").strip(),
    )
