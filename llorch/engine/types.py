"""Frozen values that cross the engine seam: requests, sampling, events, results."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "BuildInfo",
    "Completion",
    "DeviceInfo",
    "EngineOptions",
    "Event",
    "FinishReason",
    "Message",
    "ModelInfo",
    "PRIORITIES",
    "Priority",
    "PromptProgress",
    "Request",
    "Sampling",
    "Timings",
    "TokenEvent",
    "TokenLogprob",
    "TopLogprob",
    "Usage",
    "KV_CACHE_TYPES",
    "MAX_TOP_LOGPROBS",
]

FinishReason = Literal["stop", "length", "cancelled", "context"]

# Who waits for an answer: someone now ("interactive"), or nobody in particular ("bulk": --each-line,
# agents' fan-out, consensus extras, prefix warming). Workers start interactive requests first
# (orchestra/priority.py).
Priority = Literal["interactive", "bulk"]
PRIORITIES: tuple[Priority, ...] = ("interactive", "bulk")

MAX_TOP_LOGPROBS = 20  # the most alternatives a request may ask for per token (OpenAI's limit)

# KV cache element types llorch accepts, by llama.cpp's names (`--cache-type-k`).
KV_CACHE_TYPES: tuple[str, ...] = ("f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "iq4_nl", "q5_0", "q5_1")


@dataclass(frozen=True)
class Sampling:
    """Sampling settings, in llama.cpp's terms. `seed=None` picks a random seed per request."""

    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int | None = None
    max_tokens: int = 512
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    """One chat message; role is system, user or assistant."""

    role: str
    content: str


@dataclass(frozen=True)
class Request:
    """A generation request: a raw `prompt` (plain completion), chat `messages`, or
    prompt `tokens` already tokenized (benchmarks, cache warming).

    `grammar_schema` is a JSON schema (as text) that constrains the output through a
    GBNF grammar; `logprobs` asks for the log-probability and entropy of each generated
    token, and `top_logprobs` (0..20, implies `logprobs`) for that many most likely
    tokens at each position; `ignore_eos` generates `max_tokens` whatever the model says
    (benchmarks); `speculative` ("auto", "ngram" or "off") overrides the worker's drafting for this
    request (None: the worker's setting; the answer is the same either way, only its speed differs).
    `shared_prefix` is the start of the rendered prompt that every request of its kind shares (a
    profile's system prompt and tool instructions, as the chat template renders them): the worker
    keeps that prefix's KV state on disk, so a later process restores it instead of evaluating it.
    `priority` is "interactive" (someone waits for it) or "bulk" (background work): a worker starts
    interactive requests first and gives them the larger share of each batch (orchestra/priority.py).
    `prefill` is the start of the answer, given: it follows the chat's rendered prompt, and the model
    goes on from it (an Anthropic request whose last message is the assistant's).
    """

    prompt: str | None = None
    messages: tuple[Message, ...] = ()
    sampling: Sampling = field(default_factory=Sampling)
    grammar_schema: str | None = None
    logprobs: bool = False
    tokens: tuple[int, ...] = ()
    ignore_eos: bool = False
    speculative: str | None = None
    top_logprobs: int = 0
    shared_prefix: str = ""
    priority: Priority = "interactive"
    prefill: str = ""

    def __post_init__(self) -> None:
        if self.priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {', '.join(PRIORITIES)}, got {self.priority!r}")
        if sum((self.prompt is not None, bool(self.messages), bool(self.tokens))) != 1:
            raise ValueError("a Request needs exactly one of prompt, messages or tokens")
        if not 0 <= self.top_logprobs <= MAX_TOP_LOGPROBS:
            raise ValueError(f"top_logprobs must be 0..{MAX_TOP_LOGPROBS}, got {self.top_logprobs}")
        if self.top_logprobs and not self.logprobs:
            object.__setattr__(self, "logprobs", True)

    @property
    def is_chat(self) -> bool:
        return bool(self.messages)


@dataclass(frozen=True)
class TopLogprob:
    """One of the most likely tokens at a position: its text (`bytes` decoded, or a control
    token's name), id, log-probability and raw bytes."""

    token: str
    token_id: int
    logprob: float
    bytes: bytes = b""


@dataclass(frozen=True)
class TokenLogprob:
    """A generated token: its text as it joins the answer (empty while a UTF-8 character is
    incomplete), id and log-probability; the entropy (nats) of the distribution it was drawn
    from; the `top` alternatives when asked; its raw bytes.

    The distribution is the model's raw softmax over the logits, before temperature, top-k,
    top-p, min-p, penalties or a grammar shaped the draw (as OpenAI and llama-server report)."""

    token: str
    token_id: int
    logprob: float
    entropy: float | None = None
    top: tuple[TopLogprob, ...] = ()
    bytes: bytes = b""


@dataclass(frozen=True)
class TokenEvent:
    """A piece of answer text as it is generated (may be empty while a stop string is pending).

    With logprobs asked, `logprob` is the token's and `token_logprob` says all about it."""

    text: str
    token_id: int
    logprob: float | None = None
    token_logprob: TokenLogprob | None = None


@dataclass(frozen=True)
class PromptProgress:
    """How far a worker has read a long prompt: `done` of `total` tokens (a reused cached prefix
    counts as read), and how fast it reads (tokens/s as measured; 0 before any measurement).

    Sent per prefill chunk, not per token: front ends show it, time limits count it as life.
    Not part of `Event`: a handle's `stream()` leaves it out, its `get()` returns it."""

    done: int
    total: int
    tokens_per_s: float = 0.0

    @property
    def left(self) -> int:
        return max(0, self.total - self.done)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Timings:
    """Where one request's time went, in milliseconds.

    With several requests batched together, prompt_eval_ms and eval_ms are the wall
    time of the scheduler steps this request took part in, so the rates are what this
    stream saw; ttft_ms and total_ms count from submission, queued_ms is the wait for a slot.
    draft_tokens were guessed ahead (speculative decoding) and draft_accepted of them kept;
    eval_tokens counts the tokens the decode steps gave, so tg includes what drafts saved.
    """

    load_ms: float
    prompt_eval_ms: float
    prompt_eval_tokens: int
    eval_ms: float
    eval_tokens: int
    ttft_ms: float
    total_ms: float
    queued_ms: float = 0.0
    draft_tokens: int = 0
    draft_accepted: int = 0

    @property
    def draft_acceptance(self) -> float:
        """Drafted tokens kept, over drafted (0 when nothing was drafted)."""
        return self.draft_accepted / self.draft_tokens if self.draft_tokens else 0.0

    @property
    def pp_tokens_per_s(self) -> float:
        return _rate(self.prompt_eval_tokens, self.prompt_eval_ms)

    @property
    def tg_tokens_per_s(self) -> float:
        return _rate(self.eval_tokens, self.eval_ms)


def _rate(tokens: int, ms: float) -> float:
    return tokens / (ms / 1000.0) if ms > 0 else 0.0


@dataclass(frozen=True)
class Completion:
    """The end of a generation: the whole text and how it went."""

    text: str
    finish_reason: FinishReason
    usage: Usage
    timings: Timings
    model: str
    seed: int
    logprobs: tuple[TokenLogprob, ...] | None = None
    stop: str | None = None  # the stop string that ended it (finish_reason "stop" at one; None at the model's end)

    @property
    def mean_logprob(self) -> float | None:
        """The answer's mean token log-probability (a confidence score); None without logprobs."""
        if not self.logprobs:
            return None
        return math.fsum(t.logprob for t in self.logprobs) / len(self.logprobs)

    @property
    def mean_entropy(self) -> float | None:
        """The mean entropy (nats) of the distributions the answer's tokens were drawn from: how unsure
        the model was; None without logprobs."""
        values = [t.entropy for t in self.logprobs or () if t.entropy is not None]
        return math.fsum(values) / len(values) if values else None


Event = TokenEvent | Completion


@dataclass(frozen=True)
class EngineOptions:
    """How to load a model: context, offload, threads, batch and KV cache settings.

    `n_gpu_layers`: "auto" (all layers when the build can offload, else none), "all",
    or a number. `threads=0` means one per physical core. `slots` sequences are
    answered at once, each with a context of `n_ctx` tokens; with `kv_unified` they
    share one cache of `n_ctx` cells instead (each may use all of it, and a shared
    prefix is stored once, but attention then spans every slot's cells).
    `speculative`: how the worker drafts tokens ahead ("auto", "ngram", "off"; see
    llorch.orchestra.speculative).
    """

    n_ctx: int = 4096
    n_gpu_layers: int | Literal["auto", "all"] = "auto"
    threads: int = 0
    threads_batch: int = 0
    n_batch: int = 512
    n_ubatch: int = 512
    flash_attn: bool = False
    cache_type_k: str = "f16"
    cache_type_v: str = "f16"
    use_mmap: bool = True
    slots: int = 1
    kv_unified: bool = False
    swa_full: bool = True
    ctx_over_train: bool = False
    speculative: str = "auto"
    repack: bool = True  # weights in llama.cpp's CPU extra buffer types (use_extra_bufts): repacked for wide kernels
    amx: bool = False  # and AMX among them (engine/_native/bufts.py)


@dataclass(frozen=True)
class ModelInfo:
    """What a loaded model is and how it was loaded."""

    path: str
    name: str
    architecture: str
    description: str
    n_params: int
    size_bytes: int
    n_ctx_train: int
    n_ctx: int
    n_vocab: int
    chat_template: str | None
    is_base_model: bool
    n_gpu_layers: int
    load_ms: float
    metadata: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    notes: tuple[str, ...] = ()  # what the user should know about how it was loaded (a capped context, ...)


@dataclass(frozen=True)
class DeviceInfo:
    """A compute device llama.cpp can use (memory in bytes; 0 when unknown)."""

    name: str
    description: str
    kind: str
    memory_total: int
    memory_free: int


@dataclass(frozen=True)
class BuildInfo:
    """What this install of llama.cpp can do."""

    llama_cpp_python: str
    backends: tuple[str, ...]
    devices: tuple[DeviceInfo, ...]
    gpu_offload: bool
    mmap: bool
    system_info: str
