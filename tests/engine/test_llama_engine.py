"""The real llama.cpp engine (LlamaSlots behind a Worker) on tiny random-weight GGUF files written by the tests."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path
from typing import Any

import pytest

from support import gate_decode, llama_worker
from tinymodel import write_tiny_gguf

from llorch.engine import Completion, EngineOptions, Message, Request, Sampling, TokenEvent
from llorch.engine.llama import build_info
from llorch.errors import ConfigError, ContextOverflowError, ModelFileError, ModelLoadError
from llorch.orchestra import ModelWorker, Worker

# scripts/run_backend_tests.py sets these to run the engine tests on each backend.
GPU_BACKEND = os.environ.get("LLORCH_TEST_BACKEND", "cpu") in ("cuda", "metal")
THREADS = int(os.environ.get("LLORCH_TEST_THREADS", "0") or 0) or 1
EXTRA_MODELS = [m for m in os.environ.get("LLORCH_TEST_MODELS", "").split(os.pathsep) if m]
OPTS = EngineOptions(n_ctx=256, threads=THREADS, n_gpu_layers="all" if GPU_BACKEND else 0)  # llama.cpp pads n_ctx to 256


def run(backend: Worker, request: Request) -> tuple[list[TokenEvent], Completion]:
    events = list(backend.generate(request))
    done = events[-1]
    assert isinstance(done, Completion)
    return [e for e in events[:-1] if isinstance(e, TokenEvent)], done


@pytest.fixture(scope="module")
def tiny(tiny_model: Path):
    with llama_worker(tiny_model, OPTS, name="tiny") as b:
        yield b


def test_info_describes_the_model(tiny: Worker) -> None:
    assert isinstance(tiny, ModelWorker)
    info = tiny.info()
    assert info.architecture == "llama" and info.n_ctx == 256 and info.n_ctx_train == 4096
    assert info.chat_template is None and info.is_base_model
    assert info.n_gpu_layers == (-1 if GPU_BACKEND else 0)
    assert info.load_ms > 0


@pytest.mark.skipif(GPU_BACKEND, reason="a CPU-only build's answer")
def test_layers_asked_of_a_cpu_only_build_are_none(tiny_model: Path) -> None:
    """llama.cpp ignores n_gpu_layers where it cannot offload; the model's info says what happened (bench's
    backend column said GPU for -ngl all on a CPU build)."""
    for layers in ("all", 12):
        with llama_worker(tiny_model, EngineOptions(n_ctx=256, threads=THREADS, n_gpu_layers=layers)) as b:
            assert b.info().n_gpu_layers == 0


def test_same_seed_same_answer_and_usage_counts(tiny: Worker) -> None:
    req = Request(prompt="the cat sat on", sampling=Sampling(seed=42, max_tokens=12, temperature=1.0))
    events, first = run(tiny, req)
    _, second = run(tiny, req)
    assert first.text == second.text and first.seed == 42
    assert first.finish_reason == "length"
    assert first.usage.completion_tokens == 12 == len(events)
    assert first.usage.prompt_tokens == len(tiny.tokenize("the cat sat on"))
    assert "".join(e.text for e in events) == first.text


def test_timings_come_from_llama_cpp(tiny: Worker) -> None:
    _, done = run(tiny, Request(prompt="hello world the dog", sampling=Sampling(seed=1, max_tokens=8)))
    t = done.timings
    assert t.prompt_eval_tokens >= 1 and t.eval_tokens == 7  # the last sampled token is never decoded
    assert t.prompt_eval_ms > 0 and t.eval_ms > 0 and t.ttft_ms > 0
    assert t.total_ms >= t.ttft_ms
    assert t.tg_tokens_per_s > 0


def test_second_call_reuses_the_prompt_prefix(tiny: Worker) -> None:
    prompt = "the cat sat on the mat and the dog ran to the"
    run(tiny, Request(prompt=prompt, sampling=Sampling(seed=1, max_tokens=2)))
    _, done = run(tiny, Request(prompt=prompt + " cat", sampling=Sampling(seed=1, max_tokens=2)))
    assert done.usage.cached_tokens >= len(tiny.tokenize(prompt)) - 1
    assert done.timings.prompt_eval_tokens < done.usage.prompt_tokens


def test_logprobs_are_log_probabilities(tiny: Worker) -> None:
    events, done = run(tiny, Request(prompt="hello", sampling=Sampling(seed=3, max_tokens=5), logprobs=True))
    assert done.logprobs is not None and len(done.logprobs) == done.usage.completion_tokens >= 1
    assert all(lp.logprob <= 0.0 for lp in done.logprobs)
    assert [e.logprob for e in events] == [lp.logprob for lp in done.logprobs]


def test_greedy_logprob_is_the_most_likely_token(tiny: Worker) -> None:
    import math

    _, done = run(tiny, Request(prompt="the dog", sampling=Sampling(temperature=0.0, max_tokens=1, repeat_penalty=1.0), logprobs=True))
    assert done.logprobs is not None
    # With greedy sampling the chosen token has the highest probability: at least 1/n_vocab.
    assert math.exp(done.logprobs[0].logprob) >= 1.0 / tiny.info().n_vocab


def test_entropy_and_top_logprobs_are_those_of_the_logits(tiny: Worker) -> None:
    import numpy as np

    prompt = "the dog sat on"
    tokens = tiny.tokenize(prompt)

    def last_logits(engine: Any) -> Any:  # the reference: the prompt's last row of logits, read directly
        engine.clear()
        try:
            assert engine.decode([(t, i, 0, i == len(tokens) - 1) for i, t in enumerate(tokens)]) == 0
            return np.array(engine.logits(len(tokens) - 1)[0], dtype=np.float64)
        finally:
            engine.clear()  # Worker.call's rule: leave the context empty

    row = tiny.call(last_logits)
    logp = row - row.max() - np.log(np.exp(row - row.max()).sum())
    greedy = Sampling(temperature=0.0, max_tokens=1, repeat_penalty=1.0)
    events, done = run(tiny, Request(prompt=prompt, sampling=greedy, top_logprobs=5))
    assert done.logprobs is not None and len(done.logprobs) == 1
    first = done.logprobs[0]
    assert events[0].token_logprob == first and events[0].logprob == first.logprob
    assert first.token_id == int(row.argmax()) and first.logprob == pytest.approx(logp.max(), abs=1e-9)
    assert first.entropy == pytest.approx(-(np.exp(logp) * logp).sum(), rel=1e-9)
    expected = np.argsort(-row, kind="stable")[:5]
    assert [t.token_id for t in first.top] == list(expected)
    assert [t.logprob for t in first.top] == pytest.approx(list(logp[expected]), abs=1e-9)
    assert all(t.token == t.bytes.decode("utf-8", errors="replace") and t.bytes for t in first.top)
    assert done.mean_logprob == first.logprob and done.mean_entropy == first.entropy
    _, plain = run(tiny, Request(prompt=prompt, sampling=greedy, logprobs=True))
    assert plain.logprobs is not None and plain.logprobs[0].top == ()
    assert plain.logprobs[0].entropy == pytest.approx(first.entropy, rel=1e-4)  # a cached prefix: other sums
    _, none = run(tiny, Request(prompt=prompt, sampling=greedy))
    assert none.logprobs is None and none.mean_logprob is None and none.mean_entropy is None


def test_stop_string_cuts_the_answer(tiny: Worker) -> None:
    req = Request(prompt="the cat", sampling=Sampling(seed=5, max_tokens=30))
    _, full = run(tiny, req)
    cut_at = full.text[3:6]
    assert cut_at, "the model produced too little text to test stops"
    _, stopped = run(tiny, Request(prompt="the cat", sampling=Sampling(seed=5, max_tokens=30, stop=(cut_at,))))
    assert stopped.finish_reason == "stop"
    assert stopped.text == full.text[: full.text.index(cut_at)]


def test_context_overflow_says_the_counts(tiny: Worker) -> None:
    with pytest.raises(ContextOverflowError, match=r"the prompt is [\d,]+ tokens but the context holds 256") as exc:
        tiny.generate(Request(prompt="the cat " * 200))
    assert exc.value.prompt_tokens > 256


def test_answer_is_capped_by_the_context(tiny: Worker) -> None:
    prompt = "the cat " * 25
    n = len(tiny.tokenize(prompt))
    _, done = run(tiny, Request(prompt=prompt, sampling=Sampling(seed=1, max_tokens=500)))
    assert done.usage.completion_tokens == 256 - n and done.finish_reason == "context"


def test_chat_template_is_applied(tiny_chat_model: Path) -> None:
    with llama_worker(tiny_chat_model, OPTS) as b:
        assert not b.info().is_base_model
        req = Request(messages=(Message("system", "S"), Message("user", "hello")), sampling=Sampling(seed=1, max_tokens=3))
        assert b.render_prompt(req) == "<|system|>S\n<|user|>hello\n<|assistant|>"
        started = dataclasses.replace(req, prefill="Well,")  # (the answer's start, given: it goes on from it)
        assert b.render_prompt(started) == "<|system|>S\n<|user|>hello\n<|assistant|>Well,"
        _, done = run(b, req)
        assert done.usage.prompt_tokens == len(b.tokenize(b.render_prompt(req), special=True, add_bos=False))


def test_cancel_from_another_thread_keeps_partial_text(tiny_model: Path) -> None:
    with llama_worker(tiny_model, OPTS) as worker:
        paused, release = gate_decode(worker.engine, after=2)  # the prompt, then one token; the third decode waits
        handle = worker.submit(Request(prompt="the", sampling=Sampling(seed=1, max_tokens=50)))
        first = handle.get(timeout=30)
        assert paused.wait(30)
        handle.cancel()
        release.set()
        rest = list(handle.stream())
        done = rest[-1]
        assert isinstance(first, TokenEvent) and isinstance(done, Completion)
        # The decode in flight when the cancel came finishes (its token is kept); nothing after it runs.
        assert done.finish_reason == "cancelled" and done.usage.completion_tokens == 3
        assert done.text == first.text + "".join(e.text for e in rest[:-1] if isinstance(e, TokenEvent))
        assert worker.stats().slots_busy == 0


def test_quantized_v_cache_needs_flash_attention(tiny_model: Path) -> None:
    with pytest.raises(ConfigError, match="needs flash attention"):
        llama_worker(tiny_model, EngineOptions(n_ctx=128, cache_type_v="q8_0"))


def test_quantized_kv_cache_with_flash_attention_loads(tiny_model: Path) -> None:
    with llama_worker(tiny_model, EngineOptions(n_ctx=128, flash_attn=True, cache_type_k="q8_0", cache_type_v="q8_0")) as b:
        _, done = run(b, Request(prompt="the cat", sampling=Sampling(seed=1, max_tokens=4)))
        assert done.usage.completion_tokens == 4


def test_truncated_model_is_explained(tiny_model: Path, tmp_path: Path) -> None:
    data = tiny_model.read_bytes()
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(data[: len(data) - 1000])
    with pytest.raises(ModelFileError, match="truncated"):
        llama_worker(cut, OPTS)


def test_a_layer_count_llama_cpp_would_abort_on_is_explained(tiny_model: Path, tmp_path: Path) -> None:
    """llama.cpp asserts on it and aborts the process (exit 134): no error, and no next model of a chain."""
    import struct

    data = bytearray(tiny_model.read_bytes())
    at = data.find(b"llama.block_count") + len(b"llama.block_count") + 4  # (after the value's type)
    odd = tmp_path / "odd-layers.gguf"
    for layers in (1000, 0):
        data[at:at + 4] = struct.pack("<I", layers)
        odd.write_bytes(bytes(data))
        with pytest.raises(ModelFileError, match=f"is corrupt .*block_count {layers} is outside 1 to 512"):
            llama_worker(odd, OPTS)


def test_a_chat_template_that_does_not_compile_is_the_models_fault(tmp_path: Path) -> None:
    """(jinja2's TemplateSyntaxError came out as a traceback.)"""
    bad = write_tiny_gguf(tmp_path / "bad-template.gguf", chat_template="{%- iX messages %}{{ m }}{% endif %}")
    with llama_worker(bad, OPTS) as b:
        req = Request(messages=(Message("user", "hello"),), sampling=Sampling(seed=1, max_tokens=3))
        with pytest.raises(ModelFileError, match="chat template does not compile .*unknown tag 'iX'.*--raw"):
            b.render_prompt(req)


def test_not_gguf_is_explained(tmp_path: Path) -> None:
    f = tmp_path / "weights.gguf"
    f.write_text("definitely not a model\n" * 10)
    with pytest.raises(ModelFileError, match="not a GGUF model file"):
        llama_worker(f, OPTS)


def test_unloadable_valid_gguf_gives_llama_cpp_reason(tmp_path: Path) -> None:
    import gguf
    import numpy as np

    f = tmp_path / "odd.gguf"
    w = gguf.GGUFWriter(str(f), "no-such-arch")
    w.add_tensor("x", np.zeros(4, dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    with pytest.raises(ModelLoadError, match="llama.cpp could not load .*no-such-arch"):
        llama_worker(f, OPTS)


def test_llama_cpp_log_goes_to_logger_not_the_terminal(tiny_model: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("llorch")
    logger.propagate = True
    with caplog.at_level(logging.DEBUG, logger="llorch"):
        with llama_worker(tiny_model, OPTS) as b:
            list(b.generate(Request(prompt="the", sampling=Sampling(seed=1, max_tokens=2))))
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    native = [r.getMessage() for r in caplog.records if r.name == "llorch.llama_cpp"]
    assert any("llama_model_loader" in m or "print_info" in m for m in native)


def test_build_info_reports_the_cpu_backend() -> None:
    info = build_info()
    assert "CPU" in info.backends
    assert any(d.kind == "cpu" for d in info.devices)
    assert info.system_info and info.llama_cpp_python


@pytest.mark.parametrize("model_path", EXTRA_MODELS)
def test_configured_model_loads_and_answers(model_path: str) -> None:
    """Models named in .llorch-test.toml, on the backend under test."""
    with llama_worker(model_path, EngineOptions(n_ctx=512, threads=THREADS, n_gpu_layers="all" if GPU_BACKEND else 0)) as b:
        _, done = run(b, Request(prompt="The capital of France is", sampling=Sampling(seed=1, max_tokens=4)))
        assert done.usage.completion_tokens >= 1


def test_ctrl_c_during_a_load_stops_it(tiny_model: Path) -> None:
    """Ctrl-C lands while llama.cpp holds the thread, in one of its callbacks; it used to be
    swallowed there ("Exception ignored") and the run went on. The load must stop instead."""
    import signal

    class SendSigint(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "llama_model_loader" in record.getMessage() and not fired:
                fired.append(True)
                os.kill(os.getpid(), signal.SIGINT)  # while the model loads, as a user's Ctrl-C would

    fired: list[bool] = []
    logger = logging.getLogger("llorch.llama_cpp")
    handler = SendSigint(level=logging.DEBUG)
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        with pytest.raises(KeyboardInterrupt):
            llama_worker(tiny_model, OPTS)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    assert fired
    with llama_worker(tiny_model, OPTS) as b:  # nothing half-loaded is left in the way
        assert run(b, Request(prompt="the", sampling=Sampling(seed=1, max_tokens=2)))[1].usage.completion_tokens == 2


def test_the_kv_estimate_comes_from_the_gguf_header(tiny_model: Path) -> None:
    from llorch.engine.memory import estimate_kv

    with llama_worker(tiny_model, OPTS) as b:
        est = estimate_kv(b.info().metadata, 1000)
    # 2 layers x 2 KV heads x (32 K + 32 V dims) x 2 bytes (f16) per cell
    assert est is not None and (est.n_layer, est.n_head_kv, est.k_dim, est.v_dim) == (2, 2, 32, 32)
    assert est.bytes == 1000 * 2 * 2 * (32 + 32) * 2
    assert estimate_kv({"general.architecture": "x"}, 10) is None  # a header without the sizes: no guess


def test_a_context_past_the_training_one_is_capped_with_a_note(tiny_model: Path) -> None:
    with llama_worker(tiny_model, EngineOptions(n_ctx=99_999_999_999, threads=1)) as b:
        info = b.info()
        assert info.n_ctx == info.n_ctx_train == 4096
        assert info.notes == ("tiny.gguf: context 99,999,999,999 capped at 4,096, the context it was trained on "
                              "(set engine.ctx_over_train = true to go past it)",)


def test_a_context_that_cannot_fit_in_memory_is_refused_with_the_figures(tiny_model: Path) -> None:
    with pytest.raises(ConfigError, match=r"a 500,000,000-token context \(1 slot\(s\)\) needs 238\.4 GiB of KV cache "
                                          r"\(500,000,000 cells x 2 layers x 2 KV heads\), but [\d.,]+ GiB of memory is available"):
        llama_worker(tiny_model, EngineOptions(n_ctx=500_000_000, threads=1, ctx_over_train=True, n_gpu_layers=0))
    with pytest.raises(ConfigError, match="more than llama.cpp can address"):
        llama_worker(tiny_model, EngineOptions(n_ctx=2**31, threads=1, ctx_over_train=True))


def test_a_chat_prompt_far_too_long_is_refused_before_its_template_is_rendered(
    tiny_chat_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from llorch.engine.llama import LlamaSlots

    with llama_worker(tiny_chat_model, OPTS) as b:
        engine = b.engine

        def no_render(request: Request) -> None:
            raise AssertionError("the template was rendered")

        monkeypatch.setattr(engine, "_prompt", no_render)
        huge = Request(messages=(Message("system", "s"), Message("user", "word " * 400_000)))
        with pytest.raises(ContextOverflowError, match=r"the prompt is 2,000,001 characters, far more than a 256-token"):
            b.submit(huge)
        assert isinstance(engine, LlamaSlots)


def test_amx_is_left_out_of_the_weight_layouts_unless_asked() -> None:
    """llama.cpp's AMX kernels crash on some machines that have them (every model, on this project's CI
    VMs): a model load tries the CPU's other layouts only, unless engine.amx asks for AMX."""
    from llorch.engine.llama import amx_present, use_cpu_extra_buffers
    from llorch.engine._native.bufts import cpu_extra_buffers

    try:
        built = use_cpu_extra_buffers(amx=True)
        assert cpu_extra_buffers() == built and ("AMX" in built) == amx_present()
        without = use_cpu_extra_buffers(amx=False)
        assert cpu_extra_buffers() == without == tuple(name for name in built if name != "AMX")
        assert use_cpu_extra_buffers(amx=True) == built  # taken back exactly, in llama.cpp's order
    finally:
        use_cpu_extra_buffers(amx=False)


@pytest.mark.skipif(GPU_BACKEND, reason="the CPU's weight layouts")
def test_weights_of_the_types_amx_takes_are_read_and_answered_with(tiny_model: Path, tmp_path: Path) -> None:
    """Q8_0 and Q4_K matrices are what AMX would take on a CPU that has it (where it crashed the process on
    the first decode): a model of each loads and answers, in a child process so a crash is a failure here."""
    import subprocess
    import sys

    from llorch.engine.quantize import QUANT_TYPES, quantize_file

    script = (
        "import sys; from pathlib import Path\n"
        "from llorch.engine import Completion, EngineOptions, Request, Sampling\n"
        "from llorch.engine.llama import LlamaSlots\n"
        "from llorch.orchestra.worker import Worker\n"
        "with Worker(LlamaSlots(Path(sys.argv[1]), EngineOptions(n_ctx=256, threads=1, n_gpu_layers=0))) as w:\n"
        "    done = list(w.generate(Request(prompt='the cat sat on the mat and', sampling=Sampling(max_tokens=8))))[-1]\n"
        "print(done.usage.completion_tokens)\n"
    )
    for name in ("Q8_0", "Q4_K_M"):
        out = tmp_path / f"tiny-{name}.gguf"
        quantize_file(tiny_model, out, QUANT_TYPES[name], threads=1)
        r = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, f"{name}: exit {r.returncode}: {r.stderr[-2000:]}"
        assert int(r.stdout.split()[-1]) > 0


@pytest.mark.skipif(GPU_BACKEND or "REPACK = 1" not in build_info().system_info, reason="the CPU's weight layouts")
def test_engine_repack_false_loads_the_weights_as_stored(tiny_model: Path, tmp_path: Path,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """engine.repack is llama.cpp's use_extra_bufts: on, llama.cpp tries the CPU_REPACK layout for each of a Q8_0
    model's matrices (the tiny model's are too small for it, and it says so); off, it never does. The greedy
    answer is the same."""
    from llorch.engine.quantize import QUANT_TYPES, quantize_file

    q8 = tmp_path / "tiny-q8_0.gguf"
    quantize_file(tiny_model, q8, QUANT_TYPES["Q8_0"], threads=1)
    logging.getLogger("llorch").propagate = True
    texts = []
    for repack in (True, False):
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="llorch"):
            with llama_worker(q8, EngineOptions(n_ctx=256, threads=THREADS, n_gpu_layers=0, repack=repack)) as b:
                texts.append(run(b, Request(prompt="the cat sat on", sampling=Sampling(temperature=0.0, max_tokens=8)))[1])
        said = [r.getMessage() for r in caplog.records if r.name == "llorch.llama_cpp"]
        assert any("model buffer size" in m for m in said) and any("CPU_REPACK" in m for m in said) == repack
    assert texts[0].text == texts[1].text
