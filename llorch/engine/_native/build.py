"""What the installed llama.cpp build can do: backends, devices and memory, GPU offload."""

from __future__ import annotations

import ctypes
import logging
import os
from pathlib import Path

from llorch.engine._native.lib import llama_cpp as _llama_cpp
from llorch.engine.types import BuildInfo, DeviceInfo

__all__ = ["build_info", "logical_cores", "physical_cores", "supports_gpu_offload"]

log = logging.getLogger("llorch.engine")


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


def logical_cores() -> int:
    """Logical CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def supports_gpu_offload() -> bool:
    """Whether this llama.cpp build can put layers on a GPU (cheaper than a whole `build_info()`)."""
    return bool(_llama_cpp().llama_supports_gpu_offload())


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
