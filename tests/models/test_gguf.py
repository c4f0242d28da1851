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


def test_bundled_models_metadata(starter_model: Path, gemma_model: Path) -> None:
    g = read_gguf(gemma_model)
    assert (g.architecture, g.quantization, g.context_length) == ("gemma3", "Q4_K_M", 32768)
    assert 250_000_000 < g.n_params < 300_000_000
    q = read_gguf(starter_model)
    assert (q.architecture, q.context_length) == ("qwen2", 32768) and q.chat_template and "tool" in q.chat_template
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
