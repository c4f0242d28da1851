"""llama.cpp's own quantizer, `llama_model_quantize`, as llama-cpp-python binds it (no second build).

The names are llama-quantize's (Q4_K_M, Q8_0, ...), each mapped to its `LLAMA_FTYPE_*`
constant. Types that llama.cpp refuses to make without an importance matrix are not
offered: llorch does not compute one. The call blocks until the whole file is written,
offers no progress callback and cannot be stopped midway; it releases the GIL, so the
caller runs it in a thread of its own and watches the output file grow.
"""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass
from pathlib import Path

from llorch.errors import QuantizeError

__all__ = ["NEEDS_IMATRIX", "QUANT_TYPES", "UNQUANTIZED", "QuantType", "parse_quant_type", "quantize_file"]

UNQUANTIZED = frozenset({"F32", "F16", "BF16"})  # tensor types that hold weights as they were trained


@dataclass(frozen=True)
class QuantType:
    """A llama-quantize file type: its name, llama_cpp's constant, and the ggml type most weights become."""

    name: str
    ftype: str  # the constant's name in llama_cpp (LLAMA_FTYPE_MOSTLY_Q4_K_M): looked up at call time
    tensor_type: str  # Q4_K for Q4_K_M: what the size estimate and the checks expect of the large weights
    note: str = ""


def _q(name: str, tensor_type: str, note: str, ftype: str | None = None) -> QuantType:
    return QuantType(name, ftype or f"LLAMA_FTYPE_MOSTLY_{name}", tensor_type, note)


# llama-quantize's table (tools/quantize/quantize.cpp), in its order, less the importance-matrix types.
_TYPES = (
    _q("Q4_0", "Q4_0", "4.5 bpw, legacy"),
    _q("Q4_1", "Q4_1", "5.0 bpw, legacy"),
    _q("Q5_0", "Q5_0", "5.5 bpw, legacy"),
    _q("Q5_1", "Q5_1", "6.0 bpw, legacy"),
    _q("Q2_K", "Q2_K", "k-quant mix, smallest"),
    _q("IQ3_S", "IQ3_S", "3.44 bpw"),
    _q("IQ3_M", "IQ3_S", "3.66 bpw mix"),
    _q("Q3_K_S", "Q3_K", "k-quant mix"),
    _q("Q3_K_M", "Q3_K", "k-quant mix"),
    _q("Q3_K_L", "Q3_K", "k-quant mix"),
    _q("IQ4_NL", "IQ4_NL", "4.5 bpw non-linear"),
    _q("IQ4_XS", "IQ4_XS", "4.25 bpw non-linear"),
    _q("Q4_K_S", "Q4_K", "k-quant mix"),
    _q("Q4_K_M", "Q4_K", "k-quant mix, the usual choice"),
    _q("Q5_K_S", "Q5_K", "k-quant mix"),
    _q("Q5_K_M", "Q5_K", "k-quant mix"),
    _q("Q6_K", "Q6_K", "6.56 bpw"),
    _q("Q8_0", "Q8_0", "8.5 bpw, near lossless"),
    _q("F16", "F16", "16 bpw"),
    _q("BF16", "BF16", "16 bpw, bfloat16"),
    _q("F32", "F32", "32 bpw, no loss", ftype="LLAMA_FTYPE_ALL_F32"),
)
QUANT_TYPES: dict[str, QuantType] = {t.name: t for t in _TYPES}
_ALIASES = {"Q3_K": "Q3_K_M", "Q4_K": "Q4_K_M", "Q5_K": "Q5_K_M"}  # llama-quantize's second names
# llama.cpp stops without an importance matrix for these ("the result will be garbage").
NEEDS_IMATRIX = ("IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ3_XXS", "IQ3_XS", "Q2_K_S")


def parse_quant_type(text: str) -> QuantType:
    """The type for a name as llama-quantize spells it (any case); ValueError says what is offered."""
    name = text.strip().upper()
    name = _ALIASES.get(name, name)
    if name in QUANT_TYPES:
        return QUANT_TYPES[name]
    offered = ", ".join(QUANT_TYPES)
    if name in NEEDS_IMATRIX:
        raise ValueError(f"{name} needs an importance matrix, which llorch does not make; give one of {offered}")
    raise ValueError(f"unknown quantization type {text!r}; give one of {offered}")


def quantize_file(source: Path, target: Path, qtype: QuantType, *, allow_requantize: bool = False,
                  threads: int = 0) -> None:
    """Write `source` quantized to `qtype` at `target`, blocking until llama.cpp is done.

    `threads` 0 lets llama.cpp use every hardware thread. Raises QuantizeError with llama.cpp's
    own reason (the last error it logged) when it fails; what it wrote by then is left to the caller."""
    from llorch.engine._native import log
    from llorch.engine._native.lib import llama_cpp

    llama = llama_cpp()
    params = llama.llama_model_quantize_default_params()
    params.ftype = getattr(llama, qtype.ftype)
    params.nthread = threads
    params.allow_requantize = allow_requantize
    with log.capture() as cap:
        rc = llama.llama_model_quantize(os.fsencode(source), os.fsencode(target), ctypes.byref(params))
    if rc != 0:
        said = [line.split("failed to quantize:", 1)[1].strip() for line in cap.errors if "failed to quantize:" in line]
        reason = said[-1] if said else (cap.errors[-1] if cap.errors else f"llama_model_quantize returned {rc}")
        raise QuantizeError(f"llama.cpp could not quantize {source.name} to {qtype.name}: {reason}")
