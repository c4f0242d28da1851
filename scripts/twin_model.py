#!/usr/bin/env python3
"""A speed twin of a GGUF model: the same file, byte for byte in its header (metadata, tokenizer,
tensor names, shapes and types), with random weights of the same quantized layout.

    python scripts/twin_model.py header MODEL.gguf DIR      # here: DIR/header.bin + DIR/tensors.json (~6 MB)
    python scripts/twin_model.py build DIR TWIN.gguf         # there: the twin, as large as MODEL.gguf

For measuring speed where the model's weights cannot go: a GPU machine that reaches no package
registry takes ~6 MB instead of 1.1 GB. llama.cpp's speed depends on the shapes and the
quantization types, which the twin keeps, and not on the weights' values; its tokenizer is the
model's own, so a document splits into the same parts. Its answers are noise and rarely end
before their token limit, so what it measures is the machinery, never answer quality.

Each quantized block's scale fields are set to small finite values (random bits could make NaN
or inf there), norm weights are 1 and biases 0. Only numpy is needed to build, not this project.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

# type name -> (block bytes, [(offset of an f16 scale field in the block, its value)])
# Values give weights of roughly 0.01-0.03 spread: Q4_K w = d*sc*q - dmin*m (sc, m, q random 6/6/4-bit),
# Q6_K w = d*scale*(q-32) (scale int8), Q5_0/Q8_0 w = d*(q - centre).
BLOCKS: dict[str, tuple[int, list[tuple[int, float]]]] = {
    "Q4_K": (144, [(0, 1e-4), (2, 7.5e-4)]),
    "Q5_K": (176, [(0, 5e-5), (2, 8e-4)]),
    "Q6_K": (210, [(208, 2e-5)]),
    "Q5_0": (22, [(0, 2e-3)]),
    "Q8_0": (34, [(0, 3e-4)]),
}


def header(model: Path, out: Path) -> None:
    import gguf  # here only: the project's dependency

    reader = gguf.GGUFReader(model)
    out.mkdir(parents=True, exist_ok=True)
    with open(model, "rb") as f:
        head = f.read(reader.data_offset)
    (out / "header.bin").write_bytes(head)
    tensors = [{"name": t.name, "type": t.tensor_type.name, "offset": int(t.data_offset), "bytes": int(t.n_bytes)}
               for t in reader.tensors]
    size = model.stat().st_size
    (out / "tensors.json").write_text(json.dumps({"source": model.name, "size": size,
                                                  "header_sha256": hashlib.sha256(head).hexdigest(),
                                                  "tensors": tensors}, indent=0))
    print(f"{model.name}: header {len(head):,} bytes, {len(tensors)} tensors, file {size:,} bytes -> {out}")


def _tensor(rng: np.random.Generator, name: str, kind: str, nbytes: int) -> bytes:
    if kind == "F32":
        return np.full(nbytes // 4, 1.0 if "norm" in name else 0.0, dtype="<f4").tobytes()
    if kind in ("F16", "BF16"):
        values = rng.standard_normal(nbytes // 2, dtype=np.float32) * 0.02
        if kind == "F16":
            return values.astype("<f2").tobytes()
        return (values.view(np.uint32) >> 16).astype("<u2").tobytes()
    if kind not in BLOCKS:
        sys.exit(f"twin_model: tensor {name} is {kind}, which this script cannot fill; add its block layout")
    size, scales = BLOCKS[kind]
    if nbytes % size:
        sys.exit(f"twin_model: tensor {name} ({kind}) has {nbytes} bytes, not whole {size}-byte blocks")
    blocks = np.frombuffer(rng.bytes(nbytes), dtype=np.uint8).reshape(-1, size).copy()
    for at, value in scales:
        blocks[:, at:at + 2] = np.frombuffer(np.float16(value).tobytes(), dtype=np.uint8)
    return blocks.tobytes()


def build(src: Path, twin: Path, seed: int = 7) -> None:
    recipe = json.loads((src / "tensors.json").read_text())
    head = (src / "header.bin").read_bytes()
    if hashlib.sha256(head).hexdigest() != recipe["header_sha256"]:
        sys.exit("twin_model: header.bin does not match tensors.json")
    rng = np.random.default_rng(seed)
    part = twin.with_name(twin.name + ".part")
    with open(part, "wb") as f:
        f.write(head)
        for t in sorted(recipe["tensors"], key=lambda t: t["offset"]):
            f.write(b"\0" * (t["offset"] - f.tell()))  # the alignment padding
            f.write(_tensor(rng, t["name"], t["type"], t["bytes"]))
        f.write(b"\0" * (recipe["size"] - f.tell()))
    if part.stat().st_size != recipe["size"]:
        sys.exit(f"twin_model: wrote {part.stat().st_size:,} bytes, expected {recipe['size']:,}")
    part.replace(twin)
    print(f"twin of {recipe['source']}: {twin} ({recipe['size']:,} bytes, random weights)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("header", help="take a model's header and tensor table")
    h.add_argument("model", type=Path)
    h.add_argument("out", type=Path)
    b = sub.add_parser("build", help="write the twin from a header and tensor table")
    b.add_argument("src", type=Path)
    b.add_argument("twin", type=Path)
    b.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.cmd == "header":
        header(args.model, args.out)
    else:
        build(args.src, args.twin, args.seed)


if __name__ == "__main__":
    main()
