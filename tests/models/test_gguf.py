from __future__ import annotations

from pathlib import Path

import pytest

from llorch.engine.gguf import ArrayValue, read_gguf
from llorch.errors import ModelFileError, ModelNotFoundError


def test_reads_metadata_of_a_tiny_model(tiny_model: Path) -> None:
    g = read_gguf(tiny_model)
    assert g.architecture == "llama"
    assert g.name == "tiny-test"
    assert g.context_length == 4096
    assert g.chat_template is None
    assert g.quantization == "ALL_F32"
    assert g.tensor_count == 21
    assert g.expected_size == g.file_size
    assert isinstance(g.metadata["tokenizer.ggml.tokens"], ArrayValue)
    assert g.metadata["tokenizer.ggml.tokens"].length > 256


def test_chat_template_is_seen(tiny_chat_model: Path) -> None:
    assert read_gguf(tiny_chat_model).chat_template is not None


def _quantized_file(path: Path, file_type: int | None, tensors: dict[str, tuple[str, int]]) -> Path:
    """A header-true GGUF whose tensors have the given types and element counts (zeros: only the header is read)."""
    import gguf
    import numpy as np
    from gguf.constants import GGML_QUANT_SIZES, GGMLQuantizationType

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("mixed")
    if file_type is not None:
        w.add_file_type(file_type)
    for name, (type_name, n) in tensors.items():
        qtype = GGMLQuantizationType[type_name]
        block, size = GGML_QUANT_SIZES[qtype]
        rows = n // 256  # rows of 256 weights, stored as bytes
        w.add_tensor(name, np.zeros((rows, 256 // block * size), dtype=np.uint8), raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path


def test_quantization_is_what_the_tensors_hold_when_the_header_says_otherwise(tmp_path: Path) -> None:
    # llama.cpp asked for Q4_K_M falls back to Q5_0 where rows do not fill Q4_K's 256-wide blocks, and still
    # records Q4_K_M (general.file_type 15), as the starter's file does.
    fell_back = _quantized_file(tmp_path / "a.gguf", 15, {"blk.0.ffn_up.weight": ("Q5_0", 256 * 4096),
                                                          "output.weight": ("Q8_0", 256 * 1024),
                                                          "blk.0.ffn_down.weight": ("Q4_K", 256 * 256)})
    g = read_gguf(fell_back)
    assert (g.quantization, g.file_type) == ("Q5_0", "Q4_K_M")
    assert [t for t, _ in g.type_shares()] == ["Q5_0", "Q8_0", "Q4_K"] and abs(sum(s for _, s in g.type_shares()) - 1) < 1e-9
    genuine = _quantized_file(tmp_path / "b.gguf", 15, {"blk.0.ffn_up.weight": ("Q4_K", 256 * 4096),
                                                        "blk.0.ffn_down.weight": ("Q6_K", 256 * 1024)})
    assert read_gguf(genuine).quantization == "Q4_K_M"  # the header's type is the bulk of the data: its name is kept
    unrecorded = _quantized_file(tmp_path / "c.gguf", None, {"a.weight": ("F16", 256 * 64), "b.weight": ("Q8_0", 256 * 8)})
    assert (read_gguf(unrecorded).quantization, read_gguf(unrecorded).file_type) == ("F16", None)


def test_models_show_says_the_real_quantization_and_what_the_header_claims(tmp_path: Path) -> None:
    import json

    from support import invoke_main

    path = _quantized_file(tmp_path / "m.gguf", 15, {"blk.0.ffn_up.weight": ("Q5_0", 256 * 3000),
                                                     "output.weight": ("Q8_0", 256 * 1000)})
    r = invoke_main(["models", "show", str(path)])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.stdout.splitlines() if x.startswith("quantization:"))
    assert line == "quantization:   Q5_0 (66% of the tensor data, then Q8_0 34%; the header's file type says Q4_K_M)"
    data = json.loads(invoke_main(["models", "show", "--json", str(path)]).stdout)
    assert (data["quantization"], data["file_type"]) == ("Q5_0", "Q4_K_M") and list(data["tensor_types"]) == ["Q5_0", "Q8_0"]


def test_bundled_models_metadata(starter_model: Path, gemma_model: Path) -> None:
    g = read_gguf(gemma_model)
    assert (g.architecture, g.context_length) == ("gemma3", 32768)
    # Its header says Q4_K_M; its data is mostly the Q8_0 embedding (262,144 tokens x 640), then Q5_0 blocks.
    assert (g.quantization, g.file_type) == ("Q8_0", "Q4_K_M")
    assert 250_000_000 < g.n_params < 300_000_000
    q = read_gguf(starter_model)
    assert (q.architecture, q.context_length) == ("qwen2", 32768) and q.chat_template and "tool" in q.chat_template
    assert (q.quantization, q.file_type) == ("Q5_0", "Q4_K_M")  # what `llorch models show starter` reports
    assert q.type_shares()[0][1] > 0.5
    assert 480_000_000 < q.n_params < 700_000_000  # 0.5B plus its tied embedding counted twice by the header


def test_not_gguf(tmp_path: Path) -> None:
    f = tmp_path / "model.gguf"
    f.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ModelFileError, match="is not a GGUF model file"):
        read_gguf(f)


def test_truncated_data_says_sizes(tiny_model: Path, tmp_path: Path) -> None:
    data = tiny_model.read_bytes()
    f = tmp_path / "cut.gguf"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelFileError, match=rf"truncated: {len(data) // 2:,} bytes of an expected {len(data):,}"):
        read_gguf(f)


def test_truncated_header(tiny_model: Path, tmp_path: Path) -> None:
    f = tmp_path / "cut.gguf"
    f.write_bytes(tiny_model.read_bytes()[:200])
    with pytest.raises(ModelFileError, match="corrupt or truncated"):
        read_gguf(f)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError):
        read_gguf(tmp_path / "nope.gguf")
