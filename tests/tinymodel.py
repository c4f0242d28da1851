"""Write tiny random-weight llama-architecture GGUF files with llama.cpp's own `gguf` writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np

N_EMBD = 64
N_HEAD = 2
N_LAYER = 2
N_FF = 128
WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "and", "ran", "to", "hello", "world", "{", "}", '"', ":", ",", "true", "false"]


def _vocab(words: list[str] = WORDS) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [2, 3, 3]  # UNKNOWN, CONTROL, CONTROL
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [6] * 256  # BYTE
    for w in words:
        tokens += ["\u2581" + w, w]
        types += [1, 1]
    tokens += ["\u2581"]
    types += [1]
    scores = [0.0] * 3 + [-1000.0] * 256 + [-float(i) for i in range(len(tokens) - 259)]
    return tokens, scores, types


def write_tiny_gguf(path: Path, *, seed: int = 0, n_ctx_train: int = 4096, chat_template: str | None = None,
                    name: str = "tiny-test", words: list[str] = WORDS) -> Path:
    """`words`: the vocabulary's words (another order makes a model whose tokens mean other things)."""
    import gguf

    rng = np.random.default_rng(seed)
    tokens, scores, types = _vocab(words)
    n_vocab = len(tokens)
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name(name)
    w.add_context_length(n_ctx_train)
    w.add_embedding_length(N_EMBD)
    w.add_block_count(N_LAYER)
    w.add_feed_forward_length(N_FF)
    w.add_head_count(N_HEAD)
    w.add_head_count_kv(N_HEAD)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(N_EMBD // N_HEAD)
    w.add_file_type(0)  # ALL_F32
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_bos_token_id(1)
    w.add_eos_token_id(2)
    w.add_unk_token_id(0)
    w.add_add_bos_token(True)
    if chat_template is not None:
        w.add_chat_template(chat_template)

    def t(name: str, *shape: int, scale: float = 0.5) -> None:
        w.add_tensor(name, (rng.standard_normal(shape) * scale).astype(np.float32))

    t("token_embd.weight", n_vocab, N_EMBD)
    w.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    t("output.weight", n_vocab, N_EMBD)
    for i in range(N_LAYER):
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        for proj in ("q", "k", "v", "output"):
            t(f"blk.{i}.attn_{proj}.weight", N_EMBD, N_EMBD, scale=0.1)
        t(f"blk.{i}.ffn_gate.weight", N_FF, N_EMBD, scale=0.1)
        t(f"blk.{i}.ffn_up.weight", N_FF, N_EMBD, scale=0.1)
        t(f"blk.{i}.ffn_down.weight", N_EMBD, N_FF, scale=0.1)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
