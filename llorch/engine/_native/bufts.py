"""Which of llama.cpp's CPU weight layouts ("extra buffer types") a model may load into.

llama.cpp puts a weight matrix in the first extra buffer type that can compute with it: AMX
(Intel Xeon from Sapphire Rapids on, when the build has it: `-march=native` on such a CPU),
then CPU_REPACK (rows interleaved for AVX2/AVX-512 or NEON), then the plain CPU buffer. The
AMX kernels crash with a segmentation fault on the first decode on some machines that have
AMX (every model, on the VMs this project's CI runs on; also llama.cpp #20824 and others'
CI), so llorch leaves AMX out unless `engine.amx` is set: weights then take CPU_REPACK, as on
any other x86 machine. The choice is process-wide (llama.cpp keeps one list), made before each
model load; a model already loaded keeps the layout it was loaded with.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from typing import Any

from llorch.engine._native.lib import llama_cpp

__all__ = ["AMX", "amx_present", "cpu_extra_buffers", "use_cpu_extra_buffers"]

log = logging.getLogger("llorch.engine")

AMX = "AMX"
_CPU = 0  # GGML_BACKEND_DEVICE_TYPE_CPU

_lock = threading.Lock()
_state: dict[str, Any] = {}  # "array": llama.cpp's null-terminated list; "original": its entries as built


def _list() -> Any | None:
    """llama.cpp's own null-terminated array of the CPU's extra buffer types (what model loads read), or
    None where this build does not say (no such entry point)."""
    if "array" in _state:
        return _state["array"]
    llama_cpp()  # llama.cpp's log routed before ggml is touched
    try:
        from llama_cpp._ggml import libggml as g

        g.ggml_backend_dev_by_type.argtypes = [ctypes.c_int]
        g.ggml_backend_dev_by_type.restype = ctypes.c_void_p
        g.ggml_backend_dev_backend_reg.argtypes = [ctypes.c_void_p]
        g.ggml_backend_dev_backend_reg.restype = ctypes.c_void_p
        g.ggml_backend_reg_get_proc_address.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        g.ggml_backend_reg_get_proc_address.restype = ctypes.c_void_p
        g.ggml_backend_buft_name.argtypes = [ctypes.c_void_p]
        g.ggml_backend_buft_name.restype = ctypes.c_char_p
        dev = g.ggml_backend_dev_by_type(_CPU)
        address = g.ggml_backend_reg_get_proc_address(g.ggml_backend_dev_backend_reg(dev), b"ggml_backend_dev_get_extra_bufts") \
            if dev else None
    except (AttributeError, OSError) as exc:  # an older or unusual build
        log.debug("the CPU's extra buffer types are not available: %s", exc)
        address = None
    if not address:
        _state["array"] = None
        return None
    array = ctypes.CFUNCTYPE(ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p)(address)(dev)
    original: list[tuple[int, str]] = []
    while array[len(original)]:
        original.append((array[len(original)], g.ggml_backend_buft_name(array[len(original)]).decode()))
    _state.update(array=array, original=tuple(original))
    return array


def cpu_extra_buffers() -> tuple[str, ...]:
    """The names of the CPU extra buffer types a model load now tries, in order ("CPU_REPACK", ...)."""
    with _lock:
        array = _list()
        if array is None:
            return ()
        names = {address: name for address, name in _state["original"]}
        out, i = [], 0
        while array[i]:
            out.append(names.get(array[i], "?"))
            i += 1
        return tuple(out)


def use_cpu_extra_buffers(*, amx: bool) -> tuple[str, ...]:
    """Let model loads use AMX or not (the others as llama.cpp built them); returns the names then in use.
    Entries are only moved within llama.cpp's array (its length never grows), so it stays null-terminated."""
    with _lock:
        array = _list()
        if array is None:
            return ()
        original: tuple[tuple[int, str], ...] = _state["original"]
        kept = [entry for entry in original if amx or entry[1] != AMX]
        for i in range(len(original)):
            array[i] = kept[i][0] if i < len(kept) else None
        return tuple(name for _, name in kept)


def amx_present() -> bool:
    """Whether this build and CPU offer AMX kernels (whether or not llorch lets models use them)."""
    with _lock:
        _list()
        return any(name == AMX for _, name in _state.get("original") or ())
