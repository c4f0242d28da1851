"""A document longer than the context, read in parts by the real 0.5B instruct model: the answer keeps a
fact planted in one part."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytestmark = [pytest.mark.starter, pytest.mark.slow]

FACT = "The launch code of Project Heron is 4417."


def report(paragraphs: int, planted_at: int, seed: int = 7) -> str:
    """Plain report prose, about 75 tokens a paragraph, with FACT inside paragraph `planted_at`."""
    rng = random.Random(seed)
    teams = ["logistics", "finance", "design", "support", "research", "sales"]
    topics = ["the supplier contracts", "the travel budget", "the new office layout", "customer wait times",
              "the hiring plan", "the quarterly forecast", "the backup schedule"]
    findings = ["costs rose slightly", "the numbers were on track", "two steps could be merged",
                "the old process still worked", "more training was needed", "nothing urgent stood out"]
    out = []
    for i in range(paragraphs):
        sentences = [f"In week {i + 1}, the {rng.choice(teams)} team reviewed {rng.choice(topics)}.",
                     f"They found that {rng.choice(findings)}, and agreed to look again next month.",
                     f"A short note on {rng.choice(topics)} was sent to the {rng.choice(teams)} team.",
                     "The meeting ended on time and the minutes were filed."]
        if i == planted_at:
            sentences.insert(2, FACT)
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def test_a_planted_fact_survives_summarising_a_document_four_times_the_context(starter_home: Path) -> None:
    from llorch.chat.longinput import Condensing, Document
    from llorch.runtime import EngineOverrides, Runtime, TurnDone

    text = report(36, planted_at=23)  # about 2,700 tokens against a 1,024-token context
    with Runtime.open(engine=EngineOverrides(ctx_size=1024, slots=4)) as rt:
        events = list(rt.ask("Summarise this report in a few sentences. Include the launch code of Project Heron.",
                             documents=[Document(text)], long="summarise",
                             sampling={"temperature": 0.0, "seed": 1, "max_tokens": 160}))
    parts = {e.total for e in events if isinstance(e, Condensing) and e.level == 0}
    assert parts and min(parts) >= 3  # read in parts, not at once
    done = events[-1]
    assert isinstance(done, TurnDone) and done.error is None, done
    assert "4417" in done.text.replace(",", ""), done.text
