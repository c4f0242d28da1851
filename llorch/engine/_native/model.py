"""A loaded GGUF model: weights, vocabulary, metadata. Freed by `close()`, never by the GC.

The vocabulary calls (tokenize, token pieces) read only the model, so any thread may
make them; contexts (see context.py) are owned by one thread each.
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from llorch import interrupts
from llorch.engine._native import log
from llorch.engine._native.bufts import use_cpu_extra_buffers
from llorch.engine._native.lib import llama_cpp
from llorch.errors import ModelFileError, ModelLoadError, ModelNotFoundError

__all__ = ["NativeModel", "load_error"]

_log = logging.getLogger("llorch.engine")

# llama_token_attr bits (llama.h)
_ATTR_CONTROL = 1 << 3
_ATTR_USER_DEFINED = 1 << 4
_MARKUP = re.compile(r"^<[^<>\s]{1,64}>$")


def load_error(path: Path, exc: BaseException | str, errors: Any) -> Exception:
    """The clearest error for a failed load: the file's own problem first, then llama.cpp's words."""
    from llorch.engine.gguf import read_gguf

    try:
        read_gguf(path)  # a truncated or corrupt file explains itself
    except (ModelFileError, ModelNotFoundError) as file_error:
        return file_error
    reason = str(exc)
    lines = list(errors)
    for line in lines:  # llama.cpp's own words, e.g. "unknown model architecture"
        if "error loading model:" in line:
            reason = line.split("error loading model:", 1)[1].strip()
            break
    else:
        if lines:
            reason = lines[-1]
    return ModelLoadError(f"llama.cpp could not load {path}: {reason}; run with --verbose for its log")


class NativeModel:
    """`llama_model_load_from_file` and the vocabulary helpers around it."""

    def __init__(self, path: Path, *, n_gpu_layers: int, use_mmap: bool = True, repack: bool = True, amx: bool = False,
                 cancel: Callable[[], bool] | None = None) -> None:
        """Load `path`. A Ctrl-C (or `cancel()` turning true, e.g. the pool closing) aborts the
        load from its progress callback; the model is then freed and KeyboardInterrupt (or a
        ModelLoadError) raised once llama.cpp has returned."""
        self.path = path
        if not path.is_file():
            raise ModelNotFoundError(f"model file not found: {path}")
        from llorch.engine.gguf import check_before_load, has_gguf_magic, read_gguf

        if not has_gguf_magic(path):
            read_gguf(path)  # raises a ModelFileError that says what the file is
        check_before_load(path)
        lib = llama_cpp()
        self._lib = lib
        use_cpu_extra_buffers(amx=amx)  # AMX crashes on some machines (bufts.py)
        params = lib.llama_model_default_params()
        params.n_gpu_layers = n_gpu_layers
        params.use_mmap = use_mmap
        params.use_extra_bufts = repack
        with log.capture() as cap:

            @lib.llama_progress_callback
            @interrupts.native_callback
            def progress(_fraction: float, _user: ctypes.c_void_p) -> bool:
                # Runs in this thread while llama.cpp loads; returning False makes it abort the load.
                try:
                    return not (cap.interrupted or interrupts.pending() or (cancel is not None and cancel()))
                except KeyboardInterrupt:  # Python's own handler (llorch used as a library)
                    cap.interrupted = True
                    return False

            params.progress_callback = progress
            try:
                model = lib.llama_model_load_from_file(str(path).encode("utf-8"), params)
            except KeyboardInterrupt:
                cap.interrupted = True
                model = None
            interrupted = cap.interrupted or interrupts.pending()
            cancelled = not interrupted and cancel is not None and cancel()
            if interrupted or cancelled:
                if model:
                    lib.llama_model_free(model)
                if interrupted:
                    interrupts.take_pending()
                    raise KeyboardInterrupt
                raise ModelLoadError(f"the load of {path} was stopped: llorch is closing")
            if not model:
                raise load_error(path, "the load failed", cap.errors)
        self._model = model
        self.vocab = lib.llama_model_get_vocab(model)
        self.n_vocab = int(lib.llama_vocab_n_tokens(self.vocab))
        self.n_ctx_train = int(lib.llama_model_n_ctx_train(model))
        self.n_swa = int(lib.llama_model_n_swa(model))
        self.recurrent = bool(lib.llama_model_is_recurrent(model) or lib.llama_model_is_hybrid(model))
        self.metadata = self._metadata()
        self._hidden: dict[int, bool] = {}

    @property
    def ptr(self) -> Any:
        if self._model is None:
            raise ModelLoadError(f"{self.path} was closed; load it again")
        return self._model

    # --- facts ----------------------------------------------------------------

    def description(self) -> str:
        buf = ctypes.create_string_buffer(256)
        self._lib.llama_model_desc(self.ptr, buf, 256)
        return buf.value.decode("utf-8", errors="replace")

    def size_bytes(self) -> int:
        return int(self._lib.llama_model_size(self.ptr))

    def n_params(self) -> int:
        return int(self._lib.llama_model_n_params(self.ptr))

    def _metadata(self) -> dict[str, str]:
        lib, model = self._lib, self._model
        out: dict[str, str] = {}
        size = 1024
        buf = ctypes.create_string_buffer(size)
        for i in range(lib.llama_model_meta_count(model)):
            values = []
            for getter in (lib.llama_model_meta_key_by_index, lib.llama_model_meta_val_str_by_index):
                n = getter(model, i, buf, size)
                if n >= size:
                    size = n + 1
                    buf = ctypes.create_string_buffer(size)
                    getter(model, i, buf, size)
                values.append(buf.value.decode("utf-8", errors="replace"))
            out[values[0]] = values[1]
        return out

    # --- vocabulary (any thread) -----------------------------------------------

    def tokenize(self, text: bytes, *, add_bos: bool, special: bool) -> list[int]:
        lib = self._lib
        capacity = len(text) + 8
        tokens = (lib.llama_token * capacity)()
        n = lib.llama_tokenize(self.vocab, text, len(text), tokens, capacity, add_bos, special)
        if n < 0:
            capacity = -n
            tokens = (lib.llama_token * capacity)()
            n = lib.llama_tokenize(self.vocab, text, len(text), tokens, capacity, add_bos, special)
            if n < 0:
                raise ModelLoadError(f"llama.cpp could not tokenize the text ({n})")
        return list(tokens[:n])

    def piece(self, token: int) -> bytes:
        """The bytes a generated token stands for; control and markup tokens give nothing."""
        if self._hidden_token(token):
            return b""
        buf = ctypes.create_string_buffer(64)
        n = self._lib.llama_token_to_piece(self.vocab, token, buf, 64, 0, False)
        if n > 64:
            buf = ctypes.create_string_buffer(n)
            n = self._lib.llama_token_to_piece(self.vocab, token, buf, n, 0, False)
        return buf.raw[: max(n, 0)]

    def _hidden_token(self, token: int) -> bool:
        """Control tokens, and special markers such as Gemma's <start_of_image>, never reach the text."""
        hidden = self._hidden.get(token)
        if hidden is None:
            attr = int(self._lib.llama_vocab_get_attr(self.vocab, token))
            hidden = bool(attr & _ATTR_CONTROL)
            if not hidden and attr & _ATTR_USER_DEFINED:
                text = self._lib.llama_vocab_get_text(self.vocab, token) or b""
                hidden = bool(_MARKUP.match(text.decode("utf-8", errors="replace")))
            self._hidden[token] = hidden
        return hidden

    def token_text(self, token: int) -> str:
        text = self._lib.llama_vocab_get_text(self.vocab, token) or b""
        return str(text.decode("utf-8", errors="replace"))

    def is_eog(self, token: int) -> bool:
        return bool(self._lib.llama_vocab_is_eog(self.vocab, token))

    def bos(self) -> int:
        return int(self._lib.llama_vocab_bos(self.vocab))

    def eos(self) -> int:
        return int(self._lib.llama_vocab_eos(self.vocab))

    def adds_bos(self) -> bool:
        """Whether tokenizing a text puts BOS before it (the vocabulary's add_bos flag)."""
        return bool(self._lib.llama_vocab_get_add_bos(self.vocab))

    def vocab_facts(self) -> dict[str, int | bool]:
        """The vocabulary's type, BOS/EOS tokens and flags, and size (llama.cpp's speculative compatibility check)."""
        lib, vocab = self._lib, self.vocab
        return {"type": int(lib.llama_vocab_type(vocab)), "add_bos": bool(lib.llama_vocab_get_add_bos(vocab)),
                "add_eos": bool(lib.llama_vocab_get_add_eos(vocab)), "bos": self.bos(), "eos": self.eos(),
                "n_vocab": self.n_vocab}

    def close(self) -> None:
        if self._model is not None:
            model, self._model = self._model, None
            self._lib.llama_model_free(model)
