"""`llorch bench --speculative`: plain decoding against n-gram drafts, on prompts of three kinds.

One worker, one slot; each prompt is answered greedily with drafting off ("plain"), with
n-gram drafts always ("ngram") and with the default's off-switches ("auto"), the modes
interleaved rep by rep so that a busy machine slows them alike. Per prompt and mode:
generation speed (tg, tokens/s of the decode steps), drafted and accepted tokens, the
ratio to plain, and whether the greedy text was the same as plain's (it must be).

The kinds are where drafting should pay and where it should not: a code edit that
repeats its input, a summary that quotes its input, and free prose (nothing to copy).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from llorch.bench.types import mean_stddev
from llorch.engine.types import Completion, Message, Request, Sampling

__all__ = ["MODES", "PROMPTS", "SpecPrompt", "SpecResult", "run_speculative"]

MODES = ("off", "ngram", "auto")  # "off" is the plain baseline


@dataclass(frozen=True)
class SpecPrompt:
    kind: str
    text: str


_CODE = '''def load_orders(path):
    orders = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\\n").split(",")
            if len(fields) != 3:
                continue
            customer, item, quantity = fields
            orders.append({"customer": customer, "item": item, "quantity": int(quantity)})
    return orders


def totals_by_customer(orders):
    totals = {}
    for order in orders:
        totals[order["customer"]] = totals.get(order["customer"], 0) + order["quantity"]
    return totals


def busiest_customer(orders):
    totals = totals_by_customer(orders)
    return max(totals, key=totals.get) if totals else None
'''

_PASSAGE = (
    "The town library opened in 1902 with four hundred books and a single reading room. For its first "
    "thirty years it was run by volunteers, who kept the doors open three evenings a week. In 1934 the "
    "council voted to pay a librarian, and Margaret Hale held the post for the next twenty-six years. "
    "She started the children's reading hour, which still runs every Saturday morning. The building was "
    "extended in 1968 to hold a record collection and a second reading room. A fire in 1991 destroyed "
    "most of the records but spared the books. Today the library lends more e-books than printed ones, "
    "yet the Saturday reading hour draws more children than ever."
)

PROMPTS: tuple[SpecPrompt, ...] = (
    SpecPrompt("code edit", "Rename the variable `orders` to `records` everywhere in this code. Reply with the "
                            f"whole code and nothing else.\n\n```python\n{_CODE}```"),
    SpecPrompt("quoting summary", "Summarise this passage in four sentences, quoting its most important sentences "
                                  f"word for word.\n\n{_PASSAGE}"),
    SpecPrompt("free prose", "Write a short story about a lighthouse keeper who finds a message in a bottle."),
)


@dataclass(frozen=True)
class SpecResult:
    model: str
    kind: str
    mode: str  # "off" (plain), "ngram", "auto" or "draft" (the worker's draft model)
    tg: float  # tokens/s of the decode steps, mean over reps
    tg_stddev: float
    tokens: int  # answer tokens (of the last rep)
    drafted: int  # over all reps
    accepted: int
    ratio: float  # tg over plain's tg
    identical: bool  # every rep's text equals plain's first

    @property
    def acceptance(self) -> float:
        return self.accepted / self.drafted if self.drafted else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"acceptance": round(self.acceptance, 4)}


def run_speculative(
    worker: Any,
    *,
    model: str,
    n_gen: int = 128,
    reps: int = 3,
    prompts: Sequence[SpecPrompt] = PROMPTS,
    modes: Sequence[str] = MODES,
    progress: Callable[[str], None] | None = None,
) -> list[SpecResult]:
    """Each prompt answered greedily in each mode, `reps` times, interleaved; rows in prompt, then mode order.

    `modes[0]` is the baseline the ratios and texts are measured against ("off")."""
    sampling = Sampling(temperature=0.0, repeat_penalty=1.0, max_tokens=n_gen, seed=0)

    def answer(prompt: SpecPrompt, mode: str, max_tokens: int | None = None) -> Completion:
        s = sampling if max_tokens is None else Sampling(temperature=0.0, max_tokens=max_tokens, seed=0)
        done: Completion = worker.submit(Request(messages=(Message("user", prompt.text),), sampling=s,
                                                 speculative=mode)).result()
        return done

    answer(prompts[0], "off", 4)  # warm-up: first-call costs, the threads
    results: list[SpecResult] = []
    for prompt in prompts:
        if progress:
            progress(f"{model} speculative: {prompt.kind}")
        runs: dict[str, list[Completion]] = {mode: [] for mode in modes}
        for _ in range(reps):
            for mode in modes:
                runs[mode].append(answer(prompt, mode))
        plain_text = runs[modes[0]][0].text
        plain_tg = mean_stddev([c.timings.tg_tokens_per_s for c in runs[modes[0]]])[0]
        for mode in modes:
            done = runs[mode]
            tg, sd = mean_stddev([c.timings.tg_tokens_per_s for c in done])
            results.append(SpecResult(
                model=model, kind=prompt.kind, mode=mode, tg=tg, tg_stddev=sd, tokens=done[-1].usage.completion_tokens,
                drafted=sum(c.timings.draft_tokens for c in done), accepted=sum(c.timings.draft_accepted for c in done),
                ratio=tg / plain_tg if plain_tg else 0.0, identical=all(c.text == plain_text for c in done),
            ))
        if progress:
            progress("")
    return results
