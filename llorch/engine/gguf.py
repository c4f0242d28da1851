"""A small GGUF reader: metadata, tensor layout and integrity, without loading weights.

Used by `llorch models show` and to explain why llama.cpp refused a file (not GGUF,
truncated, corrupt). It reads only the header, so it is fast on multi-GB files.
"""

from __future__ import annotations

import mmap
import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llorch.errors import ModelFileError, ModelNotFoundError

__all__ = ["GGUF_MAGIC", "ArrayValue", "GGUFSummary", "GGUFTensor", "has_gguf_magic", "read_gguf"]

GGUF_MAGIC = b"GGUF"
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?", 10: "<Q", 11: "<q", 12: "<d"}
_STRING, _ARRAY = 8, 9
_SMALL_ARRAY = 64  # arrays longer than this are summarised, not kept (vocabularies)


@dataclass(frozen=True)
class ArrayValue:
    """A long metadata array, summarised: element type and length."""

    element_type: str
    length: int

    def __str__(self) -> str:
        return f"[{self.element_type} x {self.length}]"


@dataclass(frozen=True)
class GGUFTensor:
    """One tensor's entry in the header: its name, shape (llama.cpp's order, ne[0] first), type and size."""

    name: str
    shape: tuple[int, ...]
    type: str  # ggml's type name: F32, F16, Q4_K, ...
    nbytes: int

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n


@dataclass(frozen=True)
class GGUFSummary:
    path: Path
    version: int
    file_size: int
    expected_size: int
    tensor_count: int
    n_params: int
    metadata: dict[str, Any] = field(repr=False)
    tensor_types: dict[str, int] = field(default_factory=dict)
    tensors: tuple[GGUFTensor, ...] = field(default=(), repr=False)

    @property
    def architecture(self) -> str:
        return str(self.metadata.get("general.architecture", "unknown"))

    @property
    def name(self) -> str:
        return str(self.metadata.get("general.name") or self.path.stem)

    @property
    def context_length(self) -> int | None:
        value = self.metadata.get(f"{self.architecture}.context_length")
        return int(value) if isinstance(value, int) else None

    @property
    def chat_template(self) -> str | None:
        value = self.metadata.get("tokenizer.chat_template")
        return value if isinstance(value, str) and value.strip() else None

    @property
    def file_type(self) -> str | None:
        """The file type llama.cpp's quantizer recorded (general.file_type): what it was asked to make."""
        ftype = self.metadata.get("general.file_type")
        if isinstance(ftype, int) and not isinstance(ftype, bool):
            from gguf.constants import LlamaFileType

            try:
                return LlamaFileType(ftype).name.removeprefix("MOSTLY_")
            except ValueError:
                return None
        return None

    def type_shares(self) -> list[tuple[str, float]]:
        """Each tensor type's share of the tensor data (bytes), largest first."""
        total = sum(self.tensor_types.values())
        if not total:
            return []
        return sorted(((t, n / total) for t, n in self.tensor_types.items()), key=lambda kv: -kv[1])

    @property
    def quantization(self) -> str:
        """What the weights really are: the recorded file type when its own tensor type holds the largest
        share of the data, else the tensor type that does. A K-quant file type records what was asked
        for even where llama.cpp fell back to another type (rows that do not fill its 256-wide blocks:
        Qwen2.5-0.5B's "Q4_K_M" is mostly Q5_0)."""
        recorded = self.file_type
        shares = self.type_shares()
        largest = shares[0][0] if shares else None
        if recorded is not None and (largest is None or _tensor_type_of(recorded) in (largest, None)):
            return recorded
        return largest or recorded or "unknown"


def _tensor_type_of(file_type: str) -> str | None:
    """The tensor type a file type is made of (Q4_K_M -> Q4_K, ALL_F32 -> F32); None when it is a mix
    this cannot tell (IQ3_M, ...)."""
    from gguf.constants import GGMLQuantizationType

    name = file_type.removeprefix("ALL_")
    for candidate in (name, name.rsplit("_", 1)[0]):
        if candidate in GGMLQuantizationType.__members__:
            return candidate
    return None


def has_gguf_magic(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == GGUF_MAGIC


class _Cursor:
    def __init__(self, buf: mmap.mmap | bytes) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> Any:
        value = struct.unpack_from(fmt, self.buf, self.pos)[0]
        self.pos += struct.calcsize(fmt)
        return value

    def string(self) -> str:
        n = self.unpack("<Q")
        if n > len(self.buf) - self.pos:
            raise struct.error("string runs past the end of the file")
        raw = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n
        return raw.decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        n = self.unpack("<Q")
        if n > len(self.buf) - self.pos:
            raise struct.error("string runs past the end of the file")
        self.pos += n

    def value(self, vtype: int) -> Any:
        if vtype in _SCALARS:
            return self.unpack(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY:
            etype = self.unpack("<I")
            count = self.unpack("<Q")
            if count > len(self.buf):
                raise struct.error("array longer than the file")
            if count <= _SMALL_ARRAY:
                return [self.value(etype) for _ in range(count)]
            if etype == _STRING:
                for _ in range(count):
                    self.skip_string()
                return ArrayValue("string", count)
            if etype not in _SCALARS:
                raise struct.error(f"unsupported array element type {etype}")
            self.pos += struct.calcsize(_SCALARS[etype]) * count
            return ArrayValue(_SCALARS[etype][1:], count)
        raise struct.error(f"unknown metadata value type {vtype}")


def read_gguf(path: str | Path) -> GGUFSummary:
    """Read a GGUF file's header; raise ModelFileError if it is not a whole GGUF file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ModelNotFoundError(f"model file not found: {path}") from None
    if not path.is_file():
        raise ModelFileError(f"{path} is not a file; give the path of a .gguf model file")
    if size < 24:
        raise ModelFileError(f"{path} is not a GGUF model file ({size} bytes); download or convert a .gguf model")
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        if buf[:4] != GGUF_MAGIC:
            raise ModelFileError(
                f"{path} is not a GGUF model file (it starts with {bytes(buf[:4])!r}); "
                "llorch runs .gguf files: download or convert a GGUF build of the model"
            )
        try:
            return _parse(path, buf, size)
        except (struct.error, IndexError, ValueError, OverflowError) as exc:
            raise ModelFileError(
                f"{path} is corrupt or truncated (its GGUF header cannot be read: {exc}); download it again"
            ) from None


_MAX_LAYERS = 512  # llama.cpp's LLAMA_MAX_LAYERS


def _check_layers(layers: Any) -> None:
    # (llama.cpp asserts on a count outside its range and aborts the whole process: no error to catch, no next model)
    if layers is not None and (not isinstance(layers, int) or not 1 <= layers <= _MAX_LAYERS):
        raise struct.error(f"block_count {layers!r} is outside 1 to {_MAX_LAYERS}")


def check_before_load(path: Path) -> None:
    """A ModelFileError for a header value llama.cpp would abort the process on rather than refuse (its layer
    count). Reads the header's keys only until that one (they come before the tokenizer's arrays): next to nothing
    next to a load; the whole header is read only when a load fails (engine/_native/model.py)."""
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        cur = _Cursor(buf)
        try:
            cur.pos = 8
            cur.unpack("<Q")
            for _ in range(min(cur.unpack("<Q"), 10_000)):
                key = cur.string()
                if key.startswith("tokenizer."):
                    return
                value = cur.value(cur.unpack("<I"))
                if key.endswith(".block_count"):
                    _check_layers(value)
                    return
        except struct.error as exc:
            if "block_count" in str(exc):
                raise ModelFileError(f"{path} is corrupt (its GGUF header says {exc}); download it again") from None
            return  # (anything else: llama.cpp's own load says it, and read_gguf after it)


def _parse(path: Path, buf: mmap.mmap, size: int) -> GGUFSummary:
    from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

    cur = _Cursor(buf)
    cur.pos = 4
    version = cur.unpack("<I")
    if version not in (2, 3):
        raise ModelFileError(f"{path} is GGUF version {version}, which this llama.cpp build cannot read")
    n_tensors = cur.unpack("<Q")
    n_kv = cur.unpack("<Q")
    if n_tensors > size or n_kv > size:
        raise struct.error("implausible tensor or key count")
    metadata: dict[str, Any] = {}
    for _ in range(n_kv):
        key = cur.string()
        metadata[key] = cur.value(cur.unpack("<I"))
    _check_layers(metadata.get(f"{metadata.get('general.architecture')}.block_count"))
    alignment = metadata.get("general.alignment", 32)
    if not isinstance(alignment, int) or alignment <= 0:
        alignment = 32
    data_end = 0
    n_params = 0
    types: Counter[str] = Counter()
    tensors: list[GGUFTensor] = []
    for _ in range(n_tensors):
        name = cur.string()
        n_dims = cur.unpack("<I")
        if n_dims > 8:
            raise struct.error(f"tensor with {n_dims} dimensions")
        shape = tuple(cur.unpack("<Q") for _ in range(n_dims))
        n_elems = 1
        for d in shape:
            n_elems *= d
        ttype = cur.unpack("<I")
        offset = cur.unpack("<Q")
        try:
            qtype = GGMLQuantizationType(ttype)
            block, type_size = GGML_QUANT_SIZES[qtype]
        except (ValueError, KeyError):
            raise struct.error(f"unknown tensor type {ttype}") from None
        nbytes = n_elems // block * type_size
        data_end = max(data_end, offset + nbytes)
        n_params += n_elems
        types[qtype.name] += nbytes
        tensors.append(GGUFTensor(name, shape, qtype.name, nbytes))
    data_start = -(-cur.pos // alignment) * alignment
    expected = data_start + data_end
    if expected > size:
        raise ModelFileError(
            f"{path} is truncated: {size:,} bytes of an expected {expected:,}; "
            "the download or copy was cut short, get the file again"
        )
    return GGUFSummary(
        path=path,
        version=version,
        file_size=size,
        expected_size=expected,
        tensor_count=n_tensors,
        n_params=n_params,
        metadata=metadata,
        tensor_types=dict(types),
        tensors=tuple(tensors),
    )
