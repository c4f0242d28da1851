"""A slow call is judged by the model's pace, not by how long its answer is; slowness alone
never leaves the user without an answer."""

from __future__ import annotations

import pytest

from llorch.engine.fake import FakeBackend
from llorch.engine.types import Completion, Message, Request, Sampling, Timings, Usage
from llorch.orchestra.pool import Pool
from llorch.resilience import BreakerConfig, BreakerState, FakeClock
from llorch.resilience.book import BreakerBook
from llorch.resilience.chain import Answered, FallbackChain, pace_seconds

SLOW = BreakerConfig(slow_call_seconds=30, slow_call_rate=0.5, minimum_calls=2, consecutive_failures=0, jitter=0.0,
                     wait_seconds=60)
REQUEST = Request(messages=(Message("user", "write a long essay"),), sampling=Sampling(max_tokens=20))


def completion(ttft_s: float, tokens: int, tokens_per_s: float) -> Completion:
    eval_ms = (tokens - 1) / tokens_per_s * 1000
    return Completion("x", "length", Usage(10, tokens), Timings(0, 50, 10, eval_ms, tokens - 1, ttft_s * 1000,
                                                                ttft_s * 1000 + eval_ms), "m", 0)


@pytest.mark.parametrize(
    ("ttft_s", "tokens", "tps", "slow"),
    [
        (0.5, 512, 12.0, False),   # a long answer at a good pace: 43 s in all, not slow
        (0.4, 4000, 30.0, False),  # longer still
        (40.0, 10, 20.0, True),    # the first token took 40 s
        (0.5, 200, 0.4, True),     # crawling: 16 tokens would take 40 s
    ],
)
def test_pace_is_the_first_token_or_sixteen_tokens_at_the_models_speed(ttft_s: float, tokens: int, tps: float,
                                                                       slow: bool) -> None:
    assert (pace_seconds(completion(ttft_s, tokens, tps)) > SLOW.slow_call_seconds) is slow


def test_a_long_prompt_read_at_a_normal_pace_is_not_slow() -> None:
    """12,900 prompt tokens at 100 tokens/s: 129 s to the first token, but 512 of them take 5 s."""
    read = Completion("x", "stop", Usage(12_900, 10), Timings(0, 129_000, 12_900, 900, 9, 129_500, 130_400), "m", 0)
    assert pace_seconds(read) == pytest.approx(0.5 + 5.12)
    crawl = Completion("x", "stop", Usage(12_900, 10), Timings(0, 1_290_000, 12_900, 900, 9, 1_290_500, 1_291_400), "m", 0)
    assert pace_seconds(crawl) > SLOW.slow_call_seconds  # 10 tokens/s: 512 of them take 51 s


def _chain(clock: FakeClock, *, tick_s: float) -> tuple[FallbackChain, BreakerBook]:
    """One model whose every token takes `tick_s` seconds on the breaker's clock."""
    backend = FakeBackend([" ".join(["w"] * 20)] * 20, name="m", token_delay=tick_s, sleep=clock.advance)
    cache = Pool(lambda ref: backend, budget_bytes=1 << 30)
    book = BreakerBook(None, SLOW, clock=clock)
    return FallbackChain(cache, book, None), book


def test_long_answers_at_a_normal_pace_never_trip_the_breaker() -> None:
    clock = FakeClock(1000.0)
    chain, book = _chain(clock, tick_s=3.0)  # 20 tokens: 60 s of answer each
    for _ in range(6):
        events = list(chain.run(("m",), lambda w: REQUEST, "q"))
        assert any(isinstance(e, Answered) and e.source.kind == "model" for e in events)
    assert book.get("m").state == BreakerState.CLOSED  # measured by its total time, each was "slow"


def test_the_last_model_answers_even_when_its_breaker_is_open_for_slowness() -> None:
    clock = FakeClock(1000.0)
    chain, book = _chain(clock, tick_s=0.0)
    breaker = book.get("m")
    for _ in range(2):
        breaker.acquire().success(45.0)  # two genuinely slow calls: open for slowness
    assert breaker.state == BreakerState.OPEN
    events = list(chain.run(("m",), lambda w: REQUEST, "q"))
    assert any(isinstance(e, Answered) and e.source.kind == "model" for e in events)


def test_a_breaker_open_for_failures_still_refuses() -> None:
    clock = FakeClock(1000.0)
    chain, book = _chain(clock, tick_s=0.0)
    breaker = book.get("m")
    for _ in range(2):
        breaker.acquire().failure("error")
    assert breaker.state == BreakerState.OPEN
    events = list(chain.run(("m",), lambda w: REQUEST, "q"))
    assert any(isinstance(e, Answered) and e.source.kind == "degraded" for e in events)
